"""Resuming a killed run from its last complete checkpoint, in its own directory, and only that run.

The Trainer writes a checkpoint file by file, so a kill during a save leaves a directory that looks like a checkpoint
but is not one: each finished checkpoint gets a `COMPLETE` marker (after the Trainer's `on_save`, i.e. after the last
file), and on resume those without it are moved aside with a warning, never loaded. Which run `resume=true` continues:
`find_resumable_run`; which runs cannot be continued with this config: `check_resumable`.
"""

from __future__ import annotations

import json
import logging
import re
import shlex
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError, ResumeRefused
from summarizer.tracking.run_directory import flatten

log = logging.getLogger(__name__)

COMPLETE_MARKER = "COMPLETE"
_CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")
# Keys a resumed run may change: where and how it is recorded, and what runs after training. Every other key
# (data, model, optimizer, trainer, seed, ...) must match the run's own config.yaml.
_UNTOUCHED = "That run's files were left as they were (Hydra only appended this attempt to its run.log)."
RESUME_SAFE = ("resume", "logger", "paths", "tags", "sweep", "evaluate_untrained", "data.num_proc",
               "trainer.per_device_eval_batch_size", "trainer.dataloader_num_workers")


def resume_requested(resume: Any) -> bool:
    """`resume` is true or a run directory (null and false mean a fresh run)."""
    return resume is not None and resume is not False


def checkpoint_step(checkpoint: Path) -> int:
    return int(_CHECKPOINT.match(checkpoint.name).group(1))


def complete_checkpoints(checkpoints_dir: Path) -> list[Path]:
    """Checkpoints with a COMPLETE marker, oldest first."""
    if not checkpoints_dir.is_dir():
        return []
    found = [p for p in checkpoints_dir.iterdir() if _CHECKPOINT.match(p.name) and (p / COMPLETE_MARKER).is_file()]
    return sorted(found, key=checkpoint_step)


def last_complete_checkpoint(checkpoints_dir: Path) -> Path | None:
    """The newest checkpoint with a COMPLETE marker; newer incomplete ones are set aside (renamed)."""
    if not checkpoints_dir.is_dir():
        return None
    found = sorted((p for p in checkpoints_dir.iterdir() if p.is_dir() and _CHECKPOINT.match(p.name)),
                   key=checkpoint_step, reverse=True)
    for checkpoint in found:
        if (checkpoint / COMPLETE_MARKER).is_file():
            return checkpoint
        aside = checkpoint.with_name(f"incomplete-{checkpoint.name}")
        log.warning("%s was left half-written (no %s marker): moved to %s, not loaded.", checkpoint, COMPLETE_MARKER, aside.name)
        checkpoint.rename(aside)
    return None


def why_not_resumable(run_dir: Path) -> str | None:
    """None when `run_dir` is a training run to continue: a complete checkpoint and no final test score yet."""
    if not (run_dir / "config.yaml").is_file():
        return "not a run directory (no config.yaml)"
    if not complete_checkpoints(run_dir / "checkpoints"):
        return "no complete checkpoint"
    metrics = run_dir / "metrics.json"
    if metrics.is_file() and "test" in json.loads(metrics.read_text(encoding="utf-8")).get("final", {}):
        return "finished (it has a final test score)"
    return None


def runs_named(run_name: str, outputs: Path = Path("outputs")) -> list[Path]:
    """Run directories `outputs/<date>/<HH-MM-SS>-<run_name>`, oldest first (by their start stamp)."""
    runs = [p for p in outputs.glob("*/*") if p.is_dir() and p.name.split("-", 3)[-1] == run_name]
    return sorted(runs, key=lambda p: (p.parent.name, p.name))


def find_resumable_run(run_name: str, outputs: Path = Path("outputs")) -> Path | None:
    """The latest run of `run_name` that `why_not_resumable` accepts, or None."""
    resumable = [run for run in runs_named(run_name, outputs) if why_not_resumable(run) is None]
    return resumable[-1] if resumable else None


def check_resumable(resume: Any, run_dir: Path, run_name: str, config: dict[str, Any], saved: dict[str, Any] | None) -> None:
    """A ConfigError that says why `resume=...` cannot continue the run in `run_dir`, made before anything is written.

    `config` is this run's resolved config, `saved` the run directory's own config.yaml (None when absent)."""
    if resume is True and saved is None:  # resume_run_dir found nothing, so Hydra made a fresh directory
        seen = [f"{run}: {why_not_resumable(run)}" for run in runs_named(run_name)]
        raise ConfigError(
            f"resume=true: no run named {run_name!r} under outputs/ can be continued"
            + (" (" + "; ".join(seen) + ")" if seen else "")
            + ". Start it anew without resume, or give the run directory: resume=outputs/<date>/<time>-<run_name>."
        )
    reason = why_not_resumable(run_dir)
    if reason is not None:
        raise ResumeRefused(f"resume={resume}: {run_dir} cannot be continued: {reason}. {_UNTOUCHED}")
    changed = config_changes(saved, config)
    if changed:
        raise ResumeRefused(
            f"resume={resume}: this run's config differs from the one {run_dir} was trained with, in "
            + "; ".join(changed)
            + ". Resume with the same settings (only " + ", ".join(RESUME_SAFE) + " may change), or start a new run. "
            + _UNTOUCHED
        )


def config_changes(saved: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """`key: saved -> current` for every leaf that differs outside RESUME_SAFE."""
    before, after = flatten(saved), flatten(current)
    changed = []
    for key in sorted(before.keys() | after.keys()):
        if any(key == safe or key.startswith(f"{safe}.") for safe in RESUME_SAFE):
            continue
        if before.get(key, "<unset>") != after.get(key, "<unset>"):
            changed.append(f"{key}: {before.get(key, '<unset>')!r} -> {after.get(key, '<unset>')!r}")
    return changed


def interrupted_message(run_dir: Path, overrides: list[str]) -> str:
    """One line for Ctrl-C: where the run stopped, what it keeps, and the command that continues it."""
    checkpoints = complete_checkpoints(run_dir / "checkpoints")
    kept = [name for name in ("metrics.json", "training_log.jsonl") if (run_dir / name).is_file()]
    if not checkpoints:
        return (f"Interrupted before any checkpoint was saved; {run_dir} keeps {', '.join(kept) or 'its config'}. "
                "Nothing to resume: run it again.")
    command = ["python", "run.py", *(o for o in overrides if not o.startswith("resume=")), f"resume={run_dir}"]
    return (f"Interrupted; {run_dir} keeps {checkpoints[-1].name} (step {checkpoint_step(checkpoints[-1])})"
            + (f", {', '.join(kept)}" if kept else "") + f". Continue with: {shlex.join(command)}")
