"""Korean-correct summarization metrics (README.md); the entry point is `scorer.SummaryScorer`, whose Kiwi and MeCab
load on its first `score` call."""
