"""Korean-correct summarization metrics: ROUGE under explicit tokenizers, BLEU/chrF, RDASS, diagnostics, bootstrap
intervals and baselines. The entry point is `summarizer.metrics.scorer.SummaryScorer`; Kiwi and MeCab load on its
first `score` call."""
