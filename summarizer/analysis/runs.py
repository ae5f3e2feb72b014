"""Run directories into pandas tables: one run, a Hydra multirun, or any list of them. A run directory is any
directory holding `metrics.json`, never found by how Hydra names it; every table's `run` column is a short label
made of the overrides that differ between the runs loaded together.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from summarizer.metrics.faithfulness import describe as describe_unsupported
from summarizer.metrics.names import is_number
from summarizer.metrics.text import non_space_length
from summarizer.tracking.run_directory import flatten

METRICS_FILE = "metrics.json"
PREDICTIONS_FILE = "predictions.jsonl"
SPLITS = ("test", "validation")
# Runs in one directory tree are never nested, but the files a run keeps may hold their own metrics.json.
_NOT_RUNS = {"model", "checkpoints", "wandb", "figures", "tokenizer", ".hydra"}


@dataclass
class RunTables:
    runs: pd.DataFrame  # one row per run: `run_row`
    metrics: pd.DataFrame  # long: run, stage, split, metric, value
    sweep: pd.DataFrame  # sweep.csv, one row per run and setting
    curves: pd.DataFrame  # long: run, source (train | eval), step, epoch, metric, value
    predictions: pd.DataFrame  # one row per run and test example, per-example scores as columns
    configs: pd.DataFrame  # config.yaml of each run, flattened to dotted columns

    @property
    def paths(self) -> dict[str, Path]:
        """Run label -> run directory."""
        return {row.run: Path(row.path) for row in self.runs.itertuples()}


# ---------------------------------------------------------------------------------------------- finding runs
def find_run_dirs(*paths: str | Path) -> list[Path]:
    """Every run directory at or under the given paths, in natural order (job 2 before job 10)."""
    found: list[Path] = []
    for root in map(Path, paths):
        if not root.exists():
            raise FileNotFoundError(f"{root}: no such run or multirun directory")
        if (root / METRICS_FILE).is_file():
            found.append(root)
            continue
        for metrics in root.rglob(METRICS_FILE):
            run_dir = metrics.parent
            if not _NOT_RUNS.intersection(run_dir.relative_to(root).parts):
                found.append(run_dir)
    unique = list(dict.fromkeys(path.resolve() for path in found))
    return sorted(unique, key=natural_key)


def natural_key(path: Path) -> list:
    """Sorts paths with their numbers as numbers: job 2 before job 10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


# ------------------------------------------------------------------------------------------ reading one run
def read_json(path: Path) -> Any:
    """JSON as written by the run (NaN allowed), or None when the file is absent."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def read_jsonl(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return [json.loads(line) for line in lines if line.strip()]


def read_config(run_dir: str | Path) -> dict[str, Any]:
    """config.yaml, else Hydra's copy (a job that failed before the pipeline wrote its own), else {}."""
    for file in (Path(run_dir) / "config.yaml", Path(run_dir) / ".hydra" / "config.yaml"):
        if file.is_file():
            return yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    return {}


def read_override_list(run_dir: str | Path) -> list[str]:
    """The command-line overrides of a run (`.hydra/overrides.yaml`) as typed, or [] when absent."""
    file = Path(run_dir) / ".hydra" / "overrides.yaml"
    items = yaml.safe_load(file.read_text(encoding="utf-8")) if file.is_file() else []
    return [str(item) for item in items or []]


def read_overrides(run_dir: str | Path, parse: bool = True) -> dict[str, Any]:
    """The command-line overrides of a run as {key: value} (`parse_overrides`)."""
    return parse_overrides(read_override_list(run_dir), parse)


def parse_overrides(items: list[str], parse: bool = True) -> dict[str, Any]:
    """Overrides as typed -> {key: value}, values parsed by Hydra as the run read them (`parse=False`: as typed).
    `+key` / `++key` keep their key, `group@package` is a package override's key, and `~key` (a deletion) maps
    to None. What Hydra cannot parse, or a sweep (`lr=1e-4,3e-4`, never in a job's own overrides), stays as typed.
    """
    from hydra.errors import HydraException

    overrides: dict[str, Any] = {}
    for item in items:
        try:
            override = _overrides_parser().parse_overrides([item])[0]
        except HydraException:  # not Hydra's grammar: split it as typed
            key, _, text = item.partition("=")
            deleted, key = key.startswith("~"), key.lstrip("~+")
            overrides[key] = None if deleted else text
            continue
        key = override.key_or_group if override.package is None else f"{override.key_or_group}@{override.package}"
        if override.is_delete():
            overrides[key] = None
        elif not parse or override.is_sweep_override():
            overrides[key] = item.partition("=")[2]
        else:
            overrides[key] = override.value()
    return overrides


@lru_cache(maxsize=1)
def _overrides_parser() -> Any:
    from hydra.core.override_parser.overrides_parser import OverridesParser

    return OverridesParser.create()


def run_labels(run_dirs: list[Path]) -> dict[Path, str]:
    """A short, unique label per run: the overrides whose values differ between the runs, as typed (a lone
    run: all its overrides; a run without any, or runs with identical ones: the directory name)."""
    overrides = {path: read_overrides(path, parse=False) for path in run_dirs}
    keys = list(dict.fromkeys(key for values in overrides.values() for key in values))
    varying = [key for key in keys if len(run_dirs) == 1 or len({values.get(key) for values in overrides.values()}) > 1]
    labels = {}
    for path in run_dirs:
        parts = [f"{key}={overrides[path].get(key)}" for key in varying if key in overrides[path]]
        labels[path] = ",".join(parts) if parts else path.name
    labels = _disambiguate(labels, lambda path, label: f"{path.parent.name}/{label}")
    return _disambiguate(labels, lambda path, label: f"{label}#{list(labels).index(path) + 1}")


def _disambiguate(labels: dict[Path, str], rename) -> dict[Path, str]:
    """Rename the runs whose label another run shares."""
    counts = Counter(labels.values())
    return {path: rename(path, label) if counts[label] > 1 else label for path, label in labels.items()}


# -------------------------------------------------------------------------------------------------- tables
# What a run's training cost, beside its scores (summarizer.training.throughput.training_cost).
TRAINING_COST = ("parameters", "trainable_parameters", "real_tokens_per_second", "peak_memory_gb")


def run_row(path: Path, label: str) -> dict[str, Any]:
    """A run as one row: label, path, overrides, model, objective, final `<split>/<metric>` figures, the length
    penalty its sweep chose and what its training cost; the multirun summary reads its jobs with it too."""
    metrics = read_json(path / METRICS_FILE) or {}
    config = read_config(path)
    row: dict[str, Any] = {"run": label, "path": str(path)}
    row.update(read_overrides(path))
    row["model"] = (config.get("model") or {}).get("name")
    row["objective"] = config.get("objective")
    for split in SPLITS:
        figures = (metrics.get("final") or {}).get(split) or {}
        row.update({f"{split}/{name}": value for name, value in figures.items() if is_number(value)})
    row["best_length_penalty"] = sweep_best(metrics).get("length_penalty")
    cost = (metrics.get("training") or {}).get("train") or {}  # written by training runs (training_cost)
    row.update({name: cost[name] for name in TRAINING_COST if is_number(cost.get(name))})
    return row


def sweep_best(metrics: dict[str, Any]) -> dict[str, Any]:
    """The setting the run's length-penalty sweep chose, with its validation figures ({} without a sweep)."""
    return ((metrics.get("sweep") or {}).get("validation") or {}).get("best") or {}


def objective_value(metrics: dict[str, Any], objective: str) -> Any:
    """`objective` on validation as the run returned it to Hydra's sweeper: at the sweep's best setting
    when the run swept, else the final validation figure (None when the run has neither)."""
    figures = sweep_best(metrics) or (metrics.get("final") or {}).get("validation") or {}
    return figures.get(objective)


def metrics_table(run_dirs: list[Path], labels: dict[Path, str]) -> pd.DataFrame:
    """Every number in metrics.json but evaluations during training (`curves_table`) and the sweep."""
    rows = []
    for path in run_dirs:
        metrics = read_json(path / METRICS_FILE) or {}
        for stage, splits in metrics.items():
            if stage in ("during_training", "learning_check", "sweep") or not isinstance(splits, dict):
                continue
            for split, figures in splits.items():
                for name, value in (figures or {}).items():
                    if is_number(value):
                        rows.append({"run": labels[path], "stage": stage, "split": split, "metric": name, "value": float(value)})
    return pd.DataFrame(rows, columns=["run", "stage", "split", "metric", "value"])


def sweep_table(run_dirs: list[Path], labels: dict[Path, str]) -> pd.DataFrame:
    """sweep.csv of every run that swept, with `run` and `is_best` (the setting the run chose) columns."""
    frames = []
    for path in run_dirs:
        file = path / "sweep.csv"
        if not file.is_file():
            continue
        frame = pd.read_csv(file)
        best = (read_json(path / "sweep.json") or {}).get("best") or {}
        setting = {key: best[key] for key in ("length_penalty", "num_beams", "no_repeat_ngram_size") if key in best}
        frame["is_best"] = bool(setting)
        for key, value in setting.items():
            if key in frame:
                frame["is_best"] &= frame[key] == value
        frame.insert(0, "run", labels[path])
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["run", "length_penalty"])


CURVE_COLUMNS = ["run", "source", "step", "epoch", "metric", "value"]


def curves_table(run_dirs: list[Path], labels: dict[Path, str]) -> pd.DataFrame:
    """Training entries from training_log.jsonl, else the last checkpoint's trainer_state.json; evaluations
    during training from metrics.json (`eval_` dropped)."""
    rows = []
    for path in run_dirs:
        evaluations = (read_json(path / METRICS_FILE) or {}).get("during_training", [])
        for source, entries, prefix in (("train", _training_log(path), ""), ("eval", evaluations, "eval_")):
            for entry in entries:
                for name, value in entry.items():
                    if name.startswith(prefix) and name not in ("step", "epoch") and is_number(value):
                        metric = name.removeprefix(prefix)
                        rows.append((labels[path], source, entry.get("step"), entry.get("epoch"), metric, float(value)))
    return pd.DataFrame(rows, columns=CURVE_COLUMNS)


def _training_log(run_dir: Path) -> list[dict]:
    entries = read_jsonl(run_dir / "training_log.jsonl")
    if entries:
        return entries
    states = sorted((run_dir / "checkpoints").glob("checkpoint-*/trainer_state.json"), key=natural_key)
    if states:
        history = read_json(states[-1]).get("log_history", [])
        return [entry for entry in history if "loss" in entry]
    return []


def predictions_table(run_dirs: list[Path], labels: dict[Path, str]) -> pd.DataFrame:
    """One row per run and test example, per-example scores as columns, and lengths as the scorer counts them
    (measured here when the run scored without diagnostics)."""
    frames = []
    for path in run_dirs:
        records = read_jsonl(path / PREDICTIONS_FILE)
        if not records:
            continue
        frame = pd.DataFrame([{k: v for k, v in record.items() if k != "scores"} for record in records])
        if "unsupported" in frame:  # what the prediction states and its document lacks, as one readable cell
            frame["unsupported"] = frame["unsupported"].map(describe_unsupported)
        frame = pd.concat([frame, pd.DataFrame([record.get("scores") or {} for record in records])], axis=1)
        for column, length in (("document", "document_chars"), ("prediction", "pred_len_chars"), ("reference", "ref_len_chars")):
            if column in frame:
                measured = frame[column].map(_chars)
                frame[length] = frame[length].fillna(measured) if length in frame else measured
        frame.insert(0, "run", labels[path])
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["run", "id", "document", "reference", "prediction"])
    return pd.concat(frames, ignore_index=True)


def _chars(text: Any) -> float | int:
    """Characters without spaces, as the scorer's diagnostics count (several references: their mean; none: 0)."""
    lengths = [non_space_length(value) for value in (text if isinstance(text, list) else [text]) if isinstance(value, str)]
    if len(lengths) == 1:
        return lengths[0]
    return sum(lengths) / len(lengths) if lengths else 0


def load_runs(*paths: str | Path) -> RunTables:
    """Every table for the runs at or under `paths` (run directories, multirun directories, or a mix)."""
    run_dirs = find_run_dirs(*paths)
    if not run_dirs:
        raise FileNotFoundError(f"no run directory (a directory with {METRICS_FILE}) under {[str(p) for p in paths]}")
    labels = run_labels(run_dirs)
    return RunTables(
        runs=pd.DataFrame([run_row(path, labels[path]) for path in run_dirs]),
        metrics=metrics_table(run_dirs, labels),
        sweep=sweep_table(run_dirs, labels),
        curves=curves_table(run_dirs, labels),
        predictions=predictions_table(run_dirs, labels),
        configs=pd.DataFrame([{"run": labels[path], **flatten(read_config(path))} for path in run_dirs]),
    )
