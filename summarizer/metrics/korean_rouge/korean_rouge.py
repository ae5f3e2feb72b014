"""Korean ROUGE as a local `evaluate` module: `evaluate.load("summarizer/metrics/korean_rouge")`.

`evaluate.load("rouge")` needs the Hub and, through rouge_score's default tokenizer, gives 0 to
any pair of Hangul texts. This module scores with `summarizer.metrics.SummaryScorer` instead.
Result names carry the tokenizer (rouge1_kiwi, ...), on purpose not evaluate-rouge's bare
"rouge1": a number without its tokenizer cannot be compared. Values are x100 F1, like every
other figure of this project (do not multiply by 100 again).

    rouge = evaluate.load("summarizer/metrics/korean_rouge")
    rouge.compute(predictions=preds, references=refs, tokenizer="kiwi")
"""

from __future__ import annotations

import datasets
import evaluate

_CITATION = """\
@inproceedings{lin-2004-rouge,
    title = "{ROUGE}: A Package for Automatic Evaluation of Summaries",
    author = "Lin, Chin-Yew",
    booktitle = "Text Summarization Branches Out",
    year = "2004",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/W04-1013",
}
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions: list of predicted summaries (str).
    references: list of references, one str or a list of str per prediction.
    tokenizer: "kiwi" (default), "mecab", "char", "whitespace", "char_punct" or "dacon"; or a list of them.
    rouge_types: default ["rouge1", "rouge2", "rougeL", "rougeLsum"].
    multi_reference: "max" (default) or "mean" over several references.
    use_aggregator: True (default) returns corpus means; False returns per-example lists.
Returns:
    {"rouge1_kiwi": 45.1, ...}: F1 x100; names carry the tokenizer.
"""

_SCORERS: dict = {}


@evaluate.utils.file_utils.add_start_docstrings(__doc__, _KWARGS_DESCRIPTION)
class KoreanRouge(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=__doc__,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            features=[
                datasets.Features(
                    {"predictions": datasets.Value("string"), "references": datasets.Sequence(datasets.Value("string"))}
                ),
                datasets.Features({"predictions": datasets.Value("string"), "references": datasets.Value("string")}),
            ],
            reference_urls=["https://aclanthology.org/W04-1013"],
        )

    def _compute(
        self,
        predictions,
        references,
        tokenizer="kiwi",
        rouge_types=("rouge1", "rouge2", "rougeL", "rougeLsum"),
        multi_reference="max",
        use_aggregator=True,
    ):
        from summarizer.metrics.scorer import SummaryScorer

        tokenizers = (tokenizer,) if isinstance(tokenizer, str) else tuple(tokenizer)
        key = (tokenizers, tuple(rouge_types), multi_reference)
        if key not in _SCORERS:  # one scorer (one Kiwi) per configuration, reused across compute() calls
            _SCORERS[key] = SummaryScorer(
                rouge_tokenizers=tokenizers,
                rouge_types=tuple(rouge_types),
                bleu_tokenize=None,
                chrf=False,
                diagnostics=False,
                multi_reference=multi_reference,
            )
        result = _SCORERS[key].score(list(predictions), [r if isinstance(r, str) else list(r) for r in references])
        names = [f"{t}_{tok}" for tok in tokenizers for t in rouge_types if not (tok == "dacon" and t == "rougeLsum")]
        if use_aggregator:
            return {name: result.corpus[name] for name in names}
        return {name: [row[name] for row in result.per_example] for name in names}
