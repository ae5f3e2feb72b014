"""One table for a Hydra multirun: a row per job (overrides, status, final figures, best length penalty,
run directory), written when the sweep ends as summary.csv / summary.md in the sweep directory, and to
W&B as a table in the sweep's group.

A Hydra callback (registered in conf/hydra/default.yaml). A failing job leaves an `error.txt` in its run
directory (run.py writes it and returns NaN, so Hydra's sweepers, which stop at the first raised error,
go on with the other jobs); its row says why. The summary is rewritten after every job, so even a killed
sweep keeps one, and the sweep exits non-zero at the end when any job failed.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path
from typing import Any

import yaml
from hydra.core.utils import JobReturn, JobStatus
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

log = logging.getLogger(__name__)

ERROR_FILE = "error.txt"
FAILED_JOBS: list[str] = []  # filled when a multirun ends with failed jobs
# The figures a row carries (when the job computed them), besides the objective.
ROW_FIGURES = ("rouge1_kiwi", "rouge2_kiwi", "rougeL_kiwi", "rougeLsum_kiwi", "bleu_char", "chrf")


class MultirunSummary(Callback):
    def on_job_end(self, config: DictConfig, job_return: JobReturn, **kwargs: Any) -> None:
        if job_return.status == JobStatus.FAILED:  # raised past run.py (e.g. while composing)
            record_job_failure(config.hydra.runtime.output_dir, job_return._return_value)
        sweep_dir = Path(config.hydra.sweep.dir)
        write_summary(sweep_dir, collect_jobs(sweep_dir))

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        rows = collect_jobs(sweep_dir)
        if not rows:
            return
        write_summary(sweep_dir, rows)
        log.info("Multirun summary of %d jobs: %s", len(rows), sweep_dir / "summary.md")
        from summarizer.analysis.run_figures import save_comparison_figures  # matplotlib: only when needed

        save_comparison_figures([sweep_dir], sweep_dir / "figures")  # never raises
        if config.logger.backend == "wandb":
            log_summary_to_wandb(config, sweep_dir, rows)
        failed = [row["job"] for row in rows if row["status"] == "failed"]
        if failed:
            # Hydra turns a callback's exception into a warning, so run.py reads this and exits non-zero.
            FAILED_JOBS.extend(failed)
            log.error("%d of %d jobs failed (%s); see %s.", len(failed), len(rows), ", ".join(failed), sweep_dir / "summary.md")


def record_job_failure(run_dir: str | Path, error: BaseException) -> None:
    """error.txt in the job's run directory: what the summary row shows."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / ERROR_FILE).write_text(f"{type(error).__name__}: {error}\n", encoding="utf-8")


def collect_jobs(sweep_dir: str | Path) -> list[dict[str, Any]]:
    """A row per job directory (one holding `.hydra/`), in job order."""
    jobs = [path.parent.parent for path in Path(sweep_dir).glob("*/.hydra/overrides.yaml")]
    return [job_row(job) for job in sorted(jobs, key=_job_order)]


def job_row(run_dir: Path) -> dict[str, Any]:
    overrides = yaml.safe_load((run_dir / ".hydra" / "overrides.yaml").read_text(encoding="utf-8")) or []
    config = yaml.safe_load((run_dir / ".hydra" / "config.yaml").read_text(encoding="utf-8")) or {}
    row: dict[str, Any] = {"job": run_dir.name, "overrides": " ".join(overrides)}
    metrics_file, error_file = run_dir / "metrics.json", run_dir / ERROR_FILE
    metrics = json.loads(metrics_file.read_text(encoding="utf-8")) if metrics_file.exists() else {}
    if error_file.exists():
        row.update(status="failed", error=error_file.read_text(encoding="utf-8").strip())
    elif "test" in metrics.get("final", {}):
        row.update(status="completed", error="")
    else:
        row.update(status="incomplete", error="")
    objective = config.get("objective", "rougeL_kiwi")
    best = metrics.get("sweep", {}).get("validation", {}).get("best", {})
    validation = best or metrics.get("final", {}).get("validation", {})
    row[f"validation_{objective}"] = validation.get(objective)
    row["best_length_penalty"] = best.get("length_penalty")
    test = metrics.get("final", {}).get("test", {})
    row.update({f"test_{name}": test.get(name) for name in ROW_FIGURES})
    row["run_dir"] = str(run_dir)
    return row


def write_summary(sweep_dir: Path, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = _columns(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    (sweep_dir / "summary.csv").write_text(buffer.getvalue(), encoding="utf-8")
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(row.get(column)) for column in columns) + " |" for row in rows]
    (sweep_dir / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def log_summary_to_wandb(config: DictConfig, sweep_dir: Path, rows: list[dict[str, Any]]) -> None:
    """The table as its own run in the sweep's W&B group (the jobs log there too)."""
    import wandb

    from summarizer.tracking.wandb_run import resolve_mode

    columns = _columns(rows)
    run = wandb.init(
        project=config.logger.project, entity=config.logger.entity, group=sweep_group(sweep_dir, config.logger.group),
        name=f"{sweep_dir.name}-summary", job_type="sweep-summary", dir=str(sweep_dir), mode=resolve_mode(config.logger.mode),
    )
    try:
        run.log({"summary": wandb.Table(columns=columns, data=[[row.get(c) for c in columns] for row in rows])})
    finally:
        run.finish()


def sweep_group(sweep_dir: Path, configured: str | None) -> str:
    """The W&B group of a multirun: the configured one, else the sweep directory (multirun/<date>/<time>)."""
    return configured or "multirun-" + "-".join(sweep_dir.parts[-2:])


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(key for row in rows for key in row))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _job_order(run_dir: Path) -> tuple[int, str]:
    return (int(run_dir.name), "") if run_dir.name.isdigit() else (10**9, run_dir.name)
