"""Weights & Biases for one run: offline unless the user is logged in, always finished.

The transformers `WandbCallback` (report_to=["wandb"]) logs the training and evaluation curves into
the run opened here; this module adds the config, final figures and the predictions table.
"""

from __future__ import annotations

import logging
import netrc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from summarizer.metrics import faithfulness

log = logging.getLogger(__name__)

DEFAULT_HOST = "https://api.wandb.ai"


def resolve_mode(requested: str | None) -> str:
    """online / offline / disabled: the config's choice, else WANDB_MODE, else online only when logged in."""
    return requested or os.environ.get("WANDB_MODE") or ("online" if logged_in() else "offline")


def logged_in() -> bool:
    """An API key in WANDB_API_KEY or in ~/.netrc for the W&B host (what `wandb login` writes)."""
    if os.environ.get("WANDB_API_KEY"):
        return True
    host = urlparse(os.environ.get("WANDB_BASE_URL", DEFAULT_HOST)).hostname
    try:
        return netrc.netrc().authenticators(host) is not None
    except (FileNotFoundError, netrc.NetrcParseError):
        return False


@contextmanager
def wandb_run(*, enabled: bool, mode: str | None, continue_id: str | None = None, **settings: Any) -> Iterator[Any]:
    """Yield an open wandb run (or None when disabled); finish it on the way out, with exit code 1 on error.
    `settings` go to `wandb.init` (project, entity, group, name, tags, config, dir).

    `continue_id` continues that W&B run (a resumed training run): offline, its files go to a new directory
    with the same id, which `wandb sync` uploads as one run, in order."""
    if not enabled:
        yield None
        return
    import wandb

    resolved = resolve_mode(mode)
    os.environ["WANDB_MODE"] = resolved  # the Trainer's callback must see the same mode
    os.environ.setdefault("WANDB_SILENT", "true")
    settings["mode"] = resolved
    try:
        run = wandb.init(**settings, id=continue_id, resume="allow" if continue_id else None)
    except Exception as error:
        if continue_id is None:
            raise
        # e.g. "run ID ... is in use": a W&B service shared with the killed process still holds it. The training
        # run matters more than one continuous W&B run.
        log.warning("Cannot continue W&B run %s (%s); logging to a new W&B run.", continue_id, error)
        run = wandb.init(**settings)
    log.info("W&B run %s (%s mode) in %s", run.id, resolved, run.dir)
    try:
        yield run
    except BaseException:
        run.finish(exit_code=1)
        raise
    run.finish()


def previous_run_id(run_dir: Path) -> str | None:
    """The id of the last W&B run logged from `run_dir` (`wandb/[offline-]run-<time>-<id>`), or None."""
    runs = sorted((run_dir / "wandb").glob("*run-*-*"), key=lambda path: path.name.rsplit("-", 2)[-2])
    return runs[-1].name.rsplit("-", 1)[-1] if runs else None


def log_predictions_table(run: Any, key: str, records: list[dict], rows: int) -> None:
    """A W&B table of the first `rows` predictions with their per-example scores."""
    if run is None or rows <= 0 or not records:
        return
    import wandb

    score_names = list(records[0]["scores"])
    unsupported = ["unsupported"] if "unsupported" in records[0] else []  # numbers and names the document lacks
    table = wandb.Table(columns=["id", "document", "reference", "prediction", *unsupported, *score_names])
    for record in records[:rows]:
        table.add_data(record["id"], record["document"], record["reference"], record["prediction"],
                       *(faithfulness.describe(record["unsupported"]) for _ in unsupported),
                       *(record["scores"][name] for name in score_names))
    run.log({key: table})


def log_sweep(run: Any, key: str, table_rows: list[dict], metrics: list[str]) -> None:
    """The sweep as a table (one row per setting) and one line chart per metric against the penalty,
    one line per (num_beams, no_repeat_ngram_size) combination."""
    if run is None or not table_rows:
        return
    import wandb

    columns = list(table_rows[0])
    run.log({f"{key}/table": wandb.Table(columns=columns, data=[[row[c] for c in columns] for row in table_rows])})
    series: dict[str, list[dict]] = {}
    for row in table_rows:
        series.setdefault(f"beams={row['num_beams']},no_repeat={row['no_repeat_ngram_size']}", []).append(row)
    lines = {name: sorted(rows, key=lambda r: r["length_penalty"]) for name, rows in series.items()}
    charts = {}
    for metric in metrics:
        charts[f"{key}/{metric}"] = wandb.plot.line_series(
            xs=[[r["length_penalty"] for r in rows] for rows in lines.values()],
            ys=[[r[metric] for r in rows] for rows in lines.values()],
            keys=list(lines), title=f"{metric} vs length penalty", xname="length_penalty",
        )
    run.log(charts)
