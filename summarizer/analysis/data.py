"""The data a run saw, as tables: what each step dropped, lengths, compression, truncation. Distributions need the
examples, which `data_report.json` lacks: they are rebuilt from the run's own config (`load_data`) and measured with
its saved tokenizer, else read from its prediction files. Characters count as the data report does: `len(text)`.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from summarizer.analysis.highlight import first_text
from summarizer.analysis.runs import read_config, read_json, read_jsonl

log = logging.getLogger(__name__)

PREDICTION_FILES = {"test": "predictions.jsonl", "validation": "predictions_validation_final.jsonl"}


def read_data_report(run_dir: str | Path) -> dict[str, Any]:
    return read_json(Path(run_dir) / "data_report.json") or {}


def filter_counts(report: dict[str, Any]) -> pd.DataFrame:
    """Per split and step, in order: examples left after the step and examples it removed."""
    rows = []
    for split, figures in (report.get("splits") or {}).items():
        for step in figures.get("steps") or []:
            rows.append({"split": split, "step": step["step"], "examples": step["after"], "dropped": step["dropped"]})
        if figures.get("steps"):
            rows.append({"split": split, "step": "kept", "examples": figures.get("kept"), "dropped": 0})
    return pd.DataFrame(rows, columns=["split", "step", "examples", "dropped"])


def truncation_summary(report: dict[str, Any]) -> pd.DataFrame:
    """Per split, as the run measured it: share of documents / summaries cut, and token-length percentiles."""
    rows = {}
    for split, figures in (report.get("splits") or {}).items():
        tokens = figures.get("tokens") or {}
        if tokens:
            rows[split] = {"documents_cut": tokens.get("document_truncated"), "summaries_cut": tokens.get("summary_truncated"),
                           **{f"document_tokens_{k}": v for k, v in (tokens.get("document") or {}).items() if k in ("p50", "p95", "max")},
                           **{f"summary_tokens_{k}": v for k, v in (tokens.get("summary") or {}).items() if k in ("p50", "p95", "max")}}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "split"
    return table


def configured_lengths(run_dir: str | Path) -> dict[str, int | None]:
    """model.max_source_length / max_target_length the run truncated at."""
    model = read_config(run_dir).get("model") or {}
    return {"max_source_length": model.get("max_source_length"), "max_target_length": model.get("max_target_length")}


def load_examples(run_dir: str | Path, tokenize: bool = True) -> pd.DataFrame:
    """One row per example the run used, with character lengths, compression ratio and (when the run saved a
    tokenizer) token lengths as the run counted them; `attrs["source"]` says where the examples came from."""
    run_dir = Path(run_dir)
    try:
        frame = _rebuild_from_config(run_dir)
        frame.attrs["source"] = "the run's data config"
    except Exception as error:  # any failure to rebuild falls back to what the run wrote
        log.warning("Could not rebuild the run's data (%s); using its prediction files.", error)
        frame = _from_predictions(run_dir)
        frame.attrs["source"] = f"prediction files (rebuilding failed: {error.__class__.__name__}: {error})"
    frame["document_chars"] = frame["document"].map(lambda text: len(first_text(text)))
    frame["summary_chars"] = frame["summary"].map(lambda text: len(first_text(text)))
    frame["compression_ratio"] = frame["document_chars"] / frame["summary_chars"].where(frame["summary_chars"] > 0)
    if tokenize:
        _add_token_lengths(frame, run_dir)
    return frame


def _rebuild_from_config(run_dir: Path) -> pd.DataFrame:
    from omegaconf import OmegaConf

    data = read_config(run_dir).get("data")
    if not data or "source" not in data:
        raise ValueError("config.yaml has no data.source")
    from summarizer.data.loading import load_data

    with _quiet_datasets():  # no Lead-k baseline: it is in the run's report already
        splits, _ = load_data(OmegaConf.create(data), lead_baseline=False)
    frames = []
    for split, dataset in splits.items():
        frame = dataset.select_columns(["id", "document", "summary"]).to_pandas()
        frame.insert(0, "split", split)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


@contextmanager
def _quiet_datasets():
    """No `datasets` progress bars in a notebook's output while the data is rebuilt."""
    from datasets.utils import logging as datasets_logging

    enabled = datasets_logging.is_progress_bar_enabled()
    datasets_logging.disable_progress_bar()
    try:
        yield
    finally:
        if enabled:
            datasets_logging.enable_progress_bar()


def _from_predictions(run_dir: Path) -> pd.DataFrame:
    frames = []
    for split, file in PREDICTION_FILES.items():
        records = read_jsonl(run_dir / file)
        if records:
            frame = pd.DataFrame(records)[["id", "document", "reference"]].rename(columns={"reference": "summary"})
            frame.insert(0, "split", split)
            frames.append(frame)
    if not frames:
        raise FileNotFoundError(f"{run_dir}: neither the data source nor prediction files could be read")
    return pd.concat(frames, ignore_index=True)


def _add_token_lengths(frame: pd.DataFrame, run_dir: Path) -> None:
    """source_tokens / target_tokens as summarizer.data.features.tokenize_batch counts them (before cuts)."""
    from summarizer.data.features import tokenize_batch

    tokenizer = saved_tokenizer(run_dir)
    if tokenizer is None:
        return
    model = read_config(run_dir).get("model") or {}
    lengths = tokenize_batch(
        {"document": frame["document"].tolist(), "summary": frame["summary"].map(first_text).tolist()},
        tokenizer,
        model.get("source_prefix") or "",
        max_source_length=10**9,
        max_target_length=10**9,
    )
    frame["source_tokens"] = lengths["source_length"]
    frame["target_tokens"] = lengths["target_length"]


def saved_tokenizer(run_dir: str | Path):
    """The tokenizer the run saved (model/, else tokenizer/), or None."""
    for name in ("model", "tokenizer"):
        directory = Path(run_dir) / name
        if not (directory / "tokenizer_config.json").is_file():
            continue
        from transformers import AutoTokenizer

        try:
            tokenizer = AutoTokenizer.from_pretrained(str(directory))
        except Exception as error:  # a tokenizer that needs a missing package: character lengths still work
            log.warning("Could not load the tokenizer in %s (%s).", directory, error)
            continue
        tokenizer.model_max_length = 10**9  # lengths are measured, not fed to a model: no "too long" warning
        return tokenizer
    return None


def truncated_share(examples: pd.DataFrame, lengths: dict[str, int | None]) -> pd.DataFrame:
    """`truncation_summary`'s shares recomputed from the examples' token lengths."""
    if "source_tokens" not in examples:
        return pd.DataFrame(columns=["documents_cut", "summaries_cut"])
    return examples.groupby("split", sort=False).agg(
        documents_cut=("source_tokens", lambda tokens: float((tokens > lengths["max_source_length"]).mean())),
        summaries_cut=("target_tokens", lambda tokens: float((tokens > lengths["max_target_length"]).mean())),
    )
