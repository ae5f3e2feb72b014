"""A study's examples from two runs' test predictions, sampled with a seed: `random`, or `stratified` by document
length (quantile buckets of the shared examples, each contributing in proportion to its size) so that a small study
still covers short and long documents. Which one was used is stored with the study and printed in the report."""

from __future__ import annotations

import json
import numbers
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from summarizer.analysis.runs import PREDICTIONS_FILE, predictions_table, run_labels
from summarizer.human_eval.errors import HumanEvalError

SAMPLINGS = ("stratified", "random")
STRATA = 4
STRATIFY_BY = "document_chars"


def read_predictions(run_dir: str | Path) -> pd.DataFrame:
    """A run's test predictions, one row per example, or a HumanEvalError saying what is missing."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise HumanEvalError(f"{run_dir}: no such run directory")
    file = run_dir / PREDICTIONS_FILE
    if not file.is_file():
        raise HumanEvalError(f"{run_dir} has no {PREDICTIONS_FILE} (test predictions): was the run evaluated on the "
                             "test split? Pass a run directory written by `python run.py`")
    _check_json_lines(file)
    table = predictions_table([run_dir], {run_dir: run_dir.name})
    missing = {"id", "document", "reference", "prediction"} - set(table.columns)
    if table.empty or missing:
        raise HumanEvalError(f"{file} has no usable predictions" + (f" (missing fields {sorted(missing)})" if missing else ""))
    return table.drop_duplicates("id").set_index("id", drop=False)


def _check_json_lines(file: Path) -> None:
    """Name the file and line of a record that does not parse (the analysis' reader would raise json's error,
    whose line number counts within the record)."""
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                json.loads(line)
            except ValueError as error:
                raise HumanEvalError(f"{file}, line {number}: not valid JSON ({error.msg}): was the run killed while "
                                     "writing it? Evaluate the run again or remove the line") from None


def paired_examples(run_a: str | Path, run_b: str | Path) -> tuple[list[tuple[str, str]], pd.DataFrame]:
    """([(label, dir) of A and B], one row per example in both runs: id, document, reference, summary_a/b,
    scores_a/b (the per-example numeric scores), document_chars)."""
    paths = [Path(run_a).resolve(), Path(run_b).resolve()]
    if paths[0] == paths[1]:
        raise HumanEvalError(f"both systems are the same run ({paths[0]}): pass two different run directories")
    a, b = (read_predictions(path) for path in paths)
    shared = [example_id for example_id in a.index if example_id in b.index]
    if not shared:
        raise HumanEvalError(f"{paths[0]} and {paths[1]} have no test example id in common ({len(a)} and {len(b)} "
                             "examples): were they evaluated on the same test split?")
    labels = run_labels(paths)
    meta = {"id", "run", "document", "reference", "prediction"}
    rows = []
    for example_id in shared:
        row_a, row_b = a.loc[example_id], b.loc[example_id]
        rows.append({
            "id": str(example_id), "document": _text(row_a["document"]), "reference": _text(row_a["reference"]),
            "summary_a": _text(row_a["prediction"]), "summary_b": _text(row_b["prediction"]),
            "scores_a": _scores(row_a, meta), "scores_b": _scores(row_b, meta),
            STRATIFY_BY: row_a[STRATIFY_BY],
        })
    return [(labels[path], str(path)) for path in paths], pd.DataFrame(rows)


def sample(examples: pd.DataFrame, n: int | None, seed: int, sampling: str) -> tuple[pd.DataFrame, str]:
    """`n` examples (all when None or more than there are), and the sampling as stored with the study."""
    if n is not None and n < 1:
        raise HumanEvalError(f"--n must be at least 1, got {n}")
    if n is None or n >= len(examples):
        return examples, "all"
    if sampling == "random":
        return examples.sample(n, random_state=seed), "random"
    strata = pd.qcut(examples[STRATIFY_BY].rank(method="first"), min(STRATA, n), labels=False)
    # Largest-remainder allocation: each stratum gets its share of n, rounded so the total is exactly n.
    sizes = strata.value_counts().sort_index()
    quotas = sizes / sizes.sum() * n
    counts = np.floor(quotas).astype(int)
    counts[(quotas - counts).sort_values(ascending=False).index[: n - counts.sum()]] += 1
    picked = [examples[strata == stratum].sample(count, random_state=seed + int(stratum))
              for stratum, count in counts.items() if count]
    return pd.concat(picked).sort_index(), f"stratified:{STRATIFY_BY}"


def shuffled(examples: pd.DataFrame, seed: int) -> list[dict[str, Any]]:
    """The examples in the order annotators see them (seeded, so not grouped by length stratum)."""
    return examples.sample(frac=1.0, random_state=seed).to_dict("records")


def _scores(row: pd.Series, meta: set[str]) -> dict[str, float]:
    return {key: float(value) for key, value in row.items()
            if key not in meta and isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)) and not pd.isna(value)}


def _text(value: Any) -> str:
    """A text field; several references are joined one per line."""
    if isinstance(value, list):
        return "\n".join(map(str, value))
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
