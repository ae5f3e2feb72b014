"""Choosing which predictions to read, and their length, repetition and faithfulness diagnostics in one table."""

from __future__ import annotations

import pandas as pd

from summarizer.analysis.highlight import overlap_ratio, text_or_empty

DIAGNOSTICS = ("pred_len_chars", "ref_len_chars", "pred_len_morphs", "ref_len_morphs", "empty_pred",
               "rep_3gram_rate", "distinct_1", "distinct_2", "novel_1gram_ratio", "novel_2gram_ratio",
               "copied_word_share", "unsupported_numbers", "unsupported_names")


def pick_examples(predictions: pd.DataFrame, metric: str, count: int = 5, seed: int = 0) -> dict[str, pd.DataFrame]:
    """The `count` best and worst examples by `metric` (ties broken by id, so the choice is stable) and a
    seeded random sample: {"best": ..., "worst": ..., "random": ...}."""
    order = {"by": [metric, "id"], "kind": "stable", "na_position": "last"}
    return {
        "best": predictions.sort_values(ascending=[False, True], **order).head(count),
        "worst": predictions.sort_values(ascending=[True, True], **order).head(count),
        "random": predictions.sample(min(count, len(predictions)), random_state=seed),
    }


def with_copy_share(predictions: pd.DataFrame, n: int = 2) -> pd.DataFrame:
    """Adds `copied_word_share`: share of each prediction's words inside an n-gram of its document
    (1.0 = pure extraction, 0 = nothing copied verbatim)."""
    shares = [overlap_ratio(text_or_empty(p), text_or_empty(d), n) for p, d in zip(predictions["prediction"], predictions["document"])]
    return predictions.assign(copied_word_share=shares)


def diagnostics_summary(predictions: pd.DataFrame) -> pd.DataFrame:
    """Mean of each length / repetition / novelty diagnostic the scores have, per run."""
    columns = [c for c in DIAGNOSTICS if c in predictions]
    return predictions.groupby("run", sort=False)[columns].mean()
