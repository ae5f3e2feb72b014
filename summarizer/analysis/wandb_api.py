"""The same tables from W&B's public API, for runs logged online (it needs a login and the network). Sweep tables
and predictions are W&B table artifacts, not fetched here: the run directories hold them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from summarizer.analysis.runs import CURVE_COLUMNS, flatten
from summarizer.metrics.names import is_number

STAGE_PREFIX = "final/"


class WandbUnavailable(RuntimeError):
    """The W&B public API cannot be used here (not installed, not logged in, or no network)."""


def wandb_api() -> Any:
    """A `wandb.Api()`, or WandbUnavailable saying why and what to use instead."""
    from summarizer.tracking.wandb_run import logged_in

    try:
        import wandb
    except ImportError as error:
        raise WandbUnavailable("wandb is not installed: `pip install wandb`, or read run directories with "
                               "summarizer.analysis.runs.load_runs.") from error
    if not logged_in():
        raise WandbUnavailable(
            "Not logged in to W&B (no WANDB_API_KEY, no `wandb login`): the public API needs an account and the "
            "network. Offline runs are in their run directories: use summarizer.analysis.runs.load_runs(<run dir>)."
        )
    try:
        return wandb.Api(timeout=30)
    except Exception as error:  # wandb raises several kinds when it cannot reach the server
        raise WandbUnavailable(f"W&B's API is unreachable ({error}); use run directories with load_runs instead.") from error


def load_wandb_runs(project: str, filters: dict[str, Any] | None = None, api: Any = None) -> dict[str, pd.DataFrame]:
    """`project` ("entity/project") as `runs`, `configs` and `curves` tables shaped like `runs.load_runs`';
    `filters` is W&B's MongoDB-style query, e.g. {"group": "lr-sweep"}."""
    api = api if api is not None else wandb_api()
    try:
        fetched = list(api.runs(project, filters=filters or {}))
    except Exception as error:
        raise WandbUnavailable(f"Could not list the runs of {project!r}: {error}") from error
    rows, configs, curve_rows = [], [], []
    for run in fetched:
        config = {k: v for k, v in dict(run.config).items() if not k.startswith("_")}
        row = {"run": run.name, "id": run.id, "state": getattr(run, "state", None), "url": getattr(run, "url", None),
               "model": (config.get("model") or {}).get("name") if isinstance(config.get("model"), dict) else None,
               "objective": config.get("objective")}
        row.update({key.removeprefix(STAGE_PREFIX): value for key, value in dict(run.summary).items()
                    if key.startswith(STAGE_PREFIX) and is_number(value)})
        rows.append(row)
        configs.append({"run": run.name, **flatten(config)})
        curve_rows.extend(_curves(run))
    return {
        "runs": pd.DataFrame(rows),
        "configs": pd.DataFrame(configs),
        "curves": pd.DataFrame(curve_rows, columns=CURVE_COLUMNS),
    }


def _curves(run: Any) -> list[tuple]:
    """train/* and eval/* history rows as (run, source, step, epoch, metric, value)."""
    rows = []
    for entry in run.scan_history():
        step, epoch = entry.get("train/global_step"), entry.get("train/epoch")
        for key, value in entry.items():
            source, _, metric = key.partition("/")
            if source not in ("train", "eval") or metric in ("global_step", "epoch") or metric.startswith("final_"):
                continue  # train/final_* are the Trainer's copies of the final scores, not a curve
            if is_number(value):
                rows.append((run.name, source, step, epoch, metric, float(value)))
    return rows
