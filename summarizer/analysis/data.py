"""The data a run saw, as tables: what each step dropped, lengths, compression, truncation.

`data_report.json` holds counts and truncation percentiles only; distributions need the examples. They are
rebuilt from the run's own config (the same source, caps and normalisation as the run) and measured with
the run's saved tokenizer, so the token lengths are the ones the run truncated. When the source cannot be
rebuilt (a local file moved), the documents and references in the run's prediction files are used instead.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from summarizer.analysis.runs import read_config, read_json, read_jsonl

log = logging.getLogger(__name__)

SPLITS = ("train", "validation", "test")
PREDICTION_FILES = {"test": "predictions.jsonl", "validation": "predictions_validation_final.jsonl"}


def read_data_report(run_dir: str | Path) -> dict[str, Any]:
    return read_json(Path(run_dir) / "data_report.json") or {}


def filter_counts(report: dict[str, Any]) -> pd.DataFrame:
    """Examples per split after each step, in the order the report lists them (loaded, capped, ..., kept),
    and the examples each step removed (`dropped_<step>` counts stay as they are)."""
    rows = []
    for split, counts in (report.get("counts") or {}).items():
        for step, value in counts.items():
            rows.append({"split": split, "step": step, "examples": value})
    return pd.DataFrame(rows, columns=["split", "step", "examples"])


def truncation_summary(report: dict[str, Any]) -> pd.DataFrame:
    """The truncation statistics of data_report.json, one row per split."""
    table = pd.DataFrame.from_dict(report.get("truncation") or {}, orient="index")
    table.index.name = "split"
    return table


def configured_lengths(run_dir: str | Path) -> dict[str, int | None]:
    """model.max_source_length / max_target_length the run truncated at."""
    model = read_config(run_dir).get("model") or {}
    return {"max_source_length": model.get("max_source_length"), "max_target_length": model.get("max_target_length")}


def load_examples(run_dir: str | Path, tokenize: bool = True) -> pd.DataFrame:
    """One row per example the run used: split, id, document, summary, their lengths in characters
    (spaces excluded), compression ratio (summary / document characters), and, when the run saved a
    tokenizer, `source_tokens` / `target_tokens` exactly as the run counted them. `attrs["source"]` says
    where the examples came from."""
    run_dir = Path(run_dir)
    try:
        frame = _rebuild_from_config(run_dir)
        frame.attrs["source"] = "the run's data config"
    except Exception as error:  # any failure to rebuild falls back to what the run wrote
        log.warning("Could not rebuild the run's data (%s); using its prediction files.", error)
        frame = _from_predictions(run_dir)
        frame.attrs["source"] = f"prediction files ({error.__class__.__name__}: {error})"
    frame["document_chars"] = frame["document"].map(_chars)
    frame["summary_chars"] = frame["summary"].map(_chars)
    frame["compression_ratio"] = frame["summary_chars"] / frame["document_chars"].where(frame["document_chars"] > 0)
    if tokenize:
        _add_token_lengths(frame, run_dir)
    return frame


def _rebuild_from_config(run_dir: Path) -> pd.DataFrame:
    from hydra.utils import instantiate
    from omegaconf import OmegaConf

    from summarizer.data.preparation import has_text, normalise_batch

    data = read_config(run_dir).get("data")
    if not data or "source" not in data:
        raise ValueError("config.yaml has no data.source")
    raw = instantiate(OmegaConf.create(data["source"]))
    caps = {"train": data.get("max_train_samples"), "validation": data.get("max_eval_samples"), "test": data.get("max_test_samples")}
    frames = []
    for split, dataset in raw.items():
        cap = caps.get(split)
        if cap is not None and cap < len(dataset):
            dataset = dataset.select(range(cap))
        columns = dataset.to_dict()
        columns.update(normalise_batch(columns))
        frame = pd.DataFrame(columns)
        frame = frame[[has_text(row) for row in frame.to_dict("records")]]
        frame.insert(0, "split", split)
        frames.append(frame[["split", "id", "document", "summary"]])
    return pd.concat(frames, ignore_index=True)


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

    tokenizer = _saved_tokenizer(run_dir)
    if tokenizer is None:
        return
    model = read_config(run_dir).get("model") or {}
    lengths = tokenize_batch(
        {"document": frame["document"].tolist(), "summary": frame["summary"].map(_first).tolist()},
        tokenizer,
        model.get("source_prefix") or "",
        max_source_length=10**9,
        max_target_length=10**9,
    )
    frame["source_tokens"] = lengths["source_length"]
    frame["target_tokens"] = lengths["target_length"]


def _saved_tokenizer(run_dir: Path):
    model_dir = run_dir / "model"
    if not (model_dir / "tokenizer_config.json").is_file():
        return None
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    except Exception as error:  # a tokenizer that needs a missing package: lengths in characters still work
        log.warning("Could not load the run's tokenizer (%s): token lengths left out.", error)
        return None
    tokenizer.model_max_length = 10**9  # lengths are measured, not fed to the model: no "too long" warning
    return tokenizer


def truncated_share(examples: pd.DataFrame, lengths: dict[str, int | None]) -> pd.DataFrame:
    """Per split: share of documents longer than max_source_length and of summaries longer than
    max_target_length (in tokens; the run's own report counts the same way)."""
    if "source_tokens" not in examples:
        return pd.DataFrame(columns=["split", "documents_cut", "summaries_cut"])
    rows = []
    for split, group in examples.groupby("split", sort=False):
        rows.append({
            "split": split,
            "documents_cut": float((group["source_tokens"] > lengths["max_source_length"]).mean()),
            "summaries_cut": float((group["target_tokens"] > lengths["max_target_length"]).mean()),
        })
    return pd.DataFrame(rows)


def _first(value) -> str:
    return str(value[0]) if isinstance(value, list) and value else str(value or "")


def _chars(text) -> int:
    return sum(not char.isspace() for char in _first(text))
