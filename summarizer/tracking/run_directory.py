"""The run directory: the record of a run, complete without W&B, which mirrors it when a run is open (`wandb`).

Every file is written by the main process only, as soon as its content exists, so a crash later in the run loses
nothing already computed. The files are listed in README.md, "The run directory".
"""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from summarizer.metrics.names import is_number


class RunDirectory:
    def __init__(self, path: str | Path, is_main_process: bool = True):
        self.path = Path(path)
        self.is_main_process = is_main_process
        self.wandb = None  # the open W&B run, if this run logs to W&B (main process only)
        if is_main_process:
            self.path.mkdir(parents=True, exist_ok=True)

    def log(self, prefix: str, values: dict[str, Any]) -> None:
        """The numbers among `values` to W&B as `prefix/<name>` (nothing without a W&B run)."""
        if self.wandb is not None:
            self.wandb.log({f"{prefix}/{name}": value for name, value in values.items() if is_number(value)})

    def summarize(self, prefix: str, values: dict[str, Any]) -> None:
        """The numbers among `values` into the W&B run's summary as `prefix/<name>`."""
        if self.wandb is not None:
            self.wandb.summary.update({f"{prefix}/{name}": value for name, value in values.items() if is_number(value)})

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def checkpoints_dir(self) -> Path:
        return self.path / "checkpoints"

    def write_config(self, cfg: DictConfig) -> None:
        self.write_text("config.yaml", OmegaConf.to_yaml(cfg, resolve=True))

    def write_json(self, name: str, content: Any) -> None:
        if self.is_main_process:
            _atomic_write(self.path / name, json.dumps(content, ensure_ascii=False, indent=2) + "\n")

    def write_text(self, name: str, content: str) -> None:
        if self.is_main_process:
            _atomic_write(self.path / name, content if content.endswith("\n") else content + "\n")

    def write_jsonl(self, name: str, records: list[dict]) -> None:
        if self.is_main_process:
            lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
            _atomic_write(self.path / name, lines)

    def write_csv(self, name: str, rows: list[dict]) -> None:
        """Every key of any row is a column (in first-seen order; a row without it leaves the cell empty).
        UTF-8 without a byte-order mark, like every file here."""
        if self.is_main_process and rows:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(dict.fromkeys(key for row in rows for key in row)))
            writer.writeheader()
            writer.writerows(rows)
            _atomic_write(self.path / name, buffer.getvalue())

    def append_jsonl(self, name: str, record: dict) -> None:
        """One more line; a line is written whole, so a crash leaves the earlier ones readable."""
        if self.is_main_process:
            with (self.path / name).open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def forget_after_step(self, step: int) -> None:
        """Before resuming from the checkpoint at `step`: drop what the killed run recorded after it
        (evaluations, training log lines) and its final figures, which the resumed run recomputes."""
        if not self.is_main_process:
            return
        metrics = self.read_metrics()
        metrics["during_training"] = [entry for entry in metrics.get("during_training", []) if entry["step"] <= step]
        for stage in ("final", "sweep", "learning_check"):
            metrics.pop(stage, None)
        self.write_json("metrics.json", metrics)
        log_file = self.path / "training_log.jsonl"
        if log_file.exists():
            kept = [line for line in log_file.read_text(encoding="utf-8").splitlines() if json.loads(line)["step"] <= step]
            _atomic_write(log_file, "".join(line + "\n" for line in kept))

    def read_metrics(self) -> dict[str, Any]:
        file = self.path / "metrics.json"
        return json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}

    def record_metrics(self, stage: str, split: str, figures: dict[str, Any]) -> None:
        """Set metrics.json[stage][split] (e.g. "final", "test"), keeping everything written before."""
        if self.is_main_process:
            metrics = self.read_metrics()
            metrics.setdefault(stage, {})[split] = figures
            self.write_json("metrics.json", metrics)

    def append_evaluation(self, figures: dict[str, Any]) -> None:
        """Add one evaluation during training to metrics.json["during_training"]."""
        if self.is_main_process:
            metrics = self.read_metrics()
            metrics.setdefault("during_training", []).append(figures)
            self.write_json("metrics.json", metrics)


def flatten(nested: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"a": {"b": 1}} -> {"a.b": 1}, e.g. a config.yaml for comparing keys; lists and empty dicts stay values
    (`pandas.json_normalize` would drop a key holding an empty dict, such as `additional_parameters: {}`)."""
    flat: dict[str, Any] = {}
    for key, value in nested.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _atomic_write(file: Path, text: str) -> None:
    """Write then rename, so a reader (or a crash) never sees half a file. The partial file's name is this
    writer's own (process and a random part), so writers racing on one file (the jobs of a multirun
    rewriting its summary) never rename each other's half-written text: the last rename wins, whole."""
    partial = file.with_name(f".{file.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, file)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
