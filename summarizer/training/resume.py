"""Resuming a killed run from its last complete checkpoint.

The Trainer writes a checkpoint file by file (weights, optimizer, scheduler, RNG states, trainer state),
so a kill during a save leaves a directory that looks like a checkpoint but is not one. Each finished
checkpoint gets a `COMPLETE` marker (written after the Trainer's `on_save`, i.e. after the last file); on
resume, checkpoints without it are moved aside with a warning and never loaded.

`resume=<run dir>` continues that run in its own directory (`summarizer.config.resume_run_dir` picks it). The
marker callback is in callbacks.py.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from summarizer.errors import ConfigError

log = logging.getLogger(__name__)

COMPLETE_MARKER = "COMPLETE"
_CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")


def checkpoint_step(checkpoint: Path) -> int:
    return int(_CHECKPOINT.match(checkpoint.name).group(1))


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


def checkpoint_to_resume(resume, run_dir: Path) -> Path | None:
    """The checkpoint a `resume=...` run continues from (None: start from scratch), or a clear error."""
    if resume is None or resume is False:
        return None
    checkpoints = run_dir / "checkpoints"
    if resume is not True and not checkpoints.is_dir():
        raise ConfigError(f"resume={resume}: {run_dir} has no checkpoints/ directory, so there is nothing to resume.")
    checkpoint = last_complete_checkpoint(checkpoints)
    if checkpoint is None:
        log.warning("resume=%s: no complete checkpoint in %s; training starts from scratch.", resume, checkpoints)
    return checkpoint
