"""Comparing runs on the same test examples: ranking with bootstrap intervals, paired significance, scores by
document length, all from predictions.jsonl's per-example scores (no re-scoring, no Kiwi). BLEU and chrF are corpus
statistics that per-example scores cannot rebuild: `rescored_paired_test` scores both runs again for those.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from summarizer.metrics.bootstrap import CONFIDENCE, confidence_intervals
from summarizer.metrics.bootstrap import paired_test as bootstrap_paired_test
from summarizer.metrics.corpus_score import CorpusScore
from summarizer.metrics.names import is_headline, is_score

DEFAULT_SAMPLES = 1000


def default_metric(runs: pd.DataFrame, fallback: str = "rougeL_kiwi") -> str:
    """The runs' objective (config `objective`) when they share one, else `fallback`."""
    objectives = runs["objective"].dropna().unique() if "objective" in runs else []
    return str(objectives[0]) if len(objectives) == 1 else fallback


def headline_table(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per run: its settings and headline scores (`summarizer.metrics.names.is_score`), without
    precision, recall, intervals, diagnostics or timings."""
    figures = [c for c in runs.columns if "/" in c and is_score(c.split("/", 1)[1])]
    settings = [c for c in runs.columns if "/" not in c and c not in ("run", "path", "objective")]
    return runs.set_index("run")[settings + figures]


def ranking(
    runs: pd.DataFrame,
    predictions: pd.DataFrame,
    metric: str,
    split: str = "test",
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Runs sorted by `<split>/<metric>` (best first) with a 95% bootstrap interval: metrics.json's when the
    run computed one (`metrics.bootstrap_samples` > 0), else from the test split's per-example scores."""
    column = f"{split}/{metric}"
    if column not in runs:
        available = sorted(c.split("/", 1)[1] for c in runs.columns if c.startswith(f"{split}/"))
        raise KeyError(f"no {metric!r} on the {split} split; available: {available}")
    table = runs[["run", column]].rename(columns={column: metric}).copy()
    for bound in ("ci_low", "ci_high"):
        table[bound] = runs.get(f"{column}_{bound}", np.nan)
    if split == "test" and metric in predictions:
        computed = bootstrap_intervals(predictions, metric, samples, seed).set_index("run")
        for bound in ("ci_low", "ci_high"):  # the scorer writes both bounds or neither
            table[bound] = table[bound].fillna(table["run"].map(computed[bound]))
        table["examples"] = table["run"].map(computed["examples"])
    table = table.sort_values(metric, ascending=False, kind="stable", na_position="last").reset_index(drop=True)
    table.index = pd.RangeIndex(1, len(table) + 1, name="rank")
    return table


def bootstrap_intervals(predictions: pd.DataFrame, metric: str, samples: int = DEFAULT_SAMPLES, seed: int = 0) -> pd.DataFrame:
    """Per run: the mean of a per-example score and its percentile 95% bootstrap interval."""
    rows = []
    for run, group in predictions.groupby("run", sort=False):
        values = group[metric].to_numpy(dtype=np.float64)
        score = CorpusScore("mean", values)
        (low, high) = confidence_intervals({metric: score}, samples, seed)[metric]
        rows.append({"run": run, metric: score.value(), "ci_low": low, "ci_high": high, "examples": len(values)})
    return pd.DataFrame(rows, columns=["run", metric, "ci_low", "ci_high", "examples"])


def comparable_metrics(predictions: pd.DataFrame) -> list[str]:
    """Per-example scores worth testing: ROUGE F1 of every tokenizer (precision/recall left out)."""
    return [column for column in predictions.columns if column.startswith("rouge") and is_headline(column)]


def paired_test(
    predictions: pd.DataFrame,
    run_a: str,
    run_b: str,
    metrics: list[str] | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """The scorer's paired bootstrap (Koehn 2004) of run B against run A on the examples both scored: per
    metric A, B, delta = B - A, its 95% interval and the p-value of |delta|."""
    metrics = metrics or comparable_metrics(predictions)
    a, b = (predictions[predictions["run"] == run].drop_duplicates("id").set_index("id") for run in (run_a, run_b))
    shared = a.index.intersection(b.index, sort=False)
    if len(shared) == 0:
        raise ValueError(f"runs {run_a!r} and {run_b!r} share no example ids: were they scored on the same split?")

    def means(run: pd.DataFrame) -> dict[str, CorpusScore]:
        return {m: CorpusScore("mean", run.loc[shared, m].to_numpy(np.float64), comparable=True) for m in metrics}

    return _paired_frame(bootstrap_paired_test(means(a), means(b), samples, seed), len(shared))


def _paired_frame(results: dict[str, dict[str, float]], examples: int) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(results, orient="index")
    frame.index.name = "metric"
    frame["examples"] = examples
    frame["significant"] = frame["p_value"] < 1 - CONFIDENCE
    return frame


def two_best(ranked: pd.DataFrame) -> tuple[str, str] | None:
    """(runner-up, best) from a `ranking` table, the order `paired_test` reads as (A, B); None for one run."""
    if len(ranked) < 2:
        return None
    return str(ranked["run"].iloc[1]), str(ranked["run"].iloc[0])


def rescored_paired_test(run_dir_a: str | Path, run_dir_b: str | Path, samples: int = DEFAULT_SAMPLES) -> pd.DataFrame:
    """Score both runs' test predictions again with the scorer their config describes (Kiwi loads: seconds)
    and run `SummaryScorer.paired_test`: BLEU and chrF included, which per-example scores cannot give."""
    from summarizer.analysis.runs import PREDICTIONS_FILE, read_config, read_jsonl
    from summarizer.metrics.scorer import SummaryScorer

    # Only the settings today's scorer takes: runs recorded before a setting was removed still compare.
    accepted = inspect.signature(SummaryScorer).parameters
    settings: dict[str, Any] = {k: v for k, v in (read_config(run_dir_a).get("metrics") or {}).items() if k in accepted}
    scorer = SummaryScorer(**settings)
    records_a, records_b = ({r["id"]: r for r in read_jsonl(Path(run) / PREDICTIONS_FILE)} for run in (run_dir_a, run_dir_b))
    shared = [example_id for example_id in records_a if example_id in records_b]
    if not shared:
        raise ValueError(f"{run_dir_a} and {run_dir_b} share no test example ids")

    def score(records):
        rows = [records[example_id] for example_id in shared]
        return scorer.score([r["prediction"] for r in rows], [r["reference"] for r in rows], [r["document"] for r in rows])

    return _paired_frame(scorer.paired_test(score(records_a), score(records_b), samples=samples), len(shared))


def scores_by_length(predictions: pd.DataFrame, metric: str, buckets: int = 4) -> pd.DataFrame:
    """Mean `metric` per run in document-length buckets (quantiles of the examples' lengths, the same edges
    for every run): does a run lose on long documents? Columns: run, bucket, examples, metric."""
    lengths = predictions.drop_duplicates("id")["document_chars"]
    edges = np.unique(np.quantile(lengths, np.linspace(0, 1, buckets + 1)))
    if len(edges) < 2:  # every document has the same length: one bucket
        edges = np.array([lengths.min() - 0.5, lengths.max() + 0.5])
    labelled = predictions.assign(bucket=pd.cut(predictions["document_chars"], edges, include_lowest=True))
    table = (
        labelled.groupby(["run", "bucket"], observed=True, sort=True)[metric]
        .agg(examples="size", mean="mean")
        .reset_index()
        .rename(columns={"mean": metric})
    )
    table["bucket"] = table["bucket"].map(lambda interval: f"{interval.left:.0f}-{interval.right:.0f}")
    return table
