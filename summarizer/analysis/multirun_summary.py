"""One table for a Hydra multirun (a Hydra callback, conf/hydra/default.yaml): a row per job with its overrides,
status, final figures, best length penalty and run directory, rewritten after every job (so a killed sweep keeps
one) as summary.csv / summary.md in the sweep directory, and logged to W&B in the sweep's group at the end.

A failing job leaves `error.txt` in its run directory (run.py returns NaN so Hydra's sweepers, which stop at the
first raised error, go on); its row says why, and the sweep exits with status 1 at the end (`FailedJobs`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from hydra.core.utils import JobReturn, JobStatus
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from summarizer.analysis.runs import METRICS_FILE, natural_key, objective_value, read_json, read_override_list, run_row
from summarizer.tracking.run_directory import RunDirectory

log = logging.getLogger(__name__)

ERROR_FILE = "error.txt"
DEFAULT_OBJECTIVE = "rougeL_kiwi"  # conf/config.yaml's, for a job that failed before its config was written
# The figures a row carries (when the job computed them), besides the objective.
ROW_FIGURES = ("rouge1_kiwi", "rouge2_kiwi", "rougeL_kiwi", "rougeLsum_kiwi", "bleu_char", "chrf")


class FailedJobs(SystemExit):
    """Ends a multirun with exit status 1 after its summary is written. A SystemExit, because Hydra turns any
    Exception a callback raises into a warning; `on_multirun_end` is the last thing a multirun does."""

    def __init__(self, jobs: list[str]):
        super().__init__(1)
        self.jobs = jobs


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
        _optional("writing the multirun summary", write_summary, sweep_dir, rows)
        log.info("Multirun summary of %d jobs: %s", len(rows), sweep_dir / "summary.md")
        _optional("drawing the comparison figures", _comparison_figures, sweep_dir)
        if config.logger.backend == "wandb":
            _optional("logging the summary to W&B", log_summary_to_wandb, config, sweep_dir, rows)
        failed = [row["job"] for row in rows if row["status"] == "failed"]
        if failed:
            log.error("%d of %d jobs failed (%s); see %s.", len(failed), len(rows), ", ".join(failed), sweep_dir / "summary.md")
            raise FailedJobs(failed)


def _optional(what: str, step, *args: Any) -> None:
    """A step of the summary whose failure is logged, not raised (nor turned into a warning by Hydra)."""
    try:
        step(*args)
    except Exception:
        log.exception("Multirun summary: %s failed; the jobs' results are unaffected.", what)


def _comparison_figures(sweep_dir: Path) -> None:
    from summarizer.analysis.run_figures import save_comparison_figures  # matplotlib: only when needed

    save_comparison_figures([sweep_dir], sweep_dir / "figures")


def record_job_failure(run_dir: str | Path, error: BaseException) -> None:
    """error.txt in the job's run directory: what the summary row shows."""
    RunDirectory(run_dir).write_text(ERROR_FILE, f"{type(error).__name__}: {error}")


def collect_jobs(sweep_dir: str | Path) -> list[dict[str, Any]]:
    """A row per job directory (one holding `.hydra/`), in job order; a job whose files cannot be read is a
    failed row, so the sweep exits non-zero rather than pass over a job it cannot account for."""
    rows = []
    for job in sorted((path.parent.parent for path in Path(sweep_dir).glob("*/.hydra/overrides.yaml")), key=natural_key):
        try:
            rows.append(job_row(job))
        except Exception as error:
            log.exception("Multirun summary: cannot read job %s.", job)
            rows.append({"job": job.name, "overrides": "", "status": "failed",
                         "error": f"unreadable job files ({job}): {type(error).__name__}: {error}"})
    return rows


def job_row(run_dir: Path) -> dict[str, Any]:
    """The job's overrides as typed, its status, and its figures as `runs.run_row` reads them, the objective
    on validation as the job returned it to the sweeper."""
    run = run_row(run_dir, run_dir.name)
    metrics = read_json(run_dir / METRICS_FILE) or {}
    error_file = run_dir / ERROR_FILE
    row: dict[str, Any] = {"job": run_dir.name, "overrides": " ".join(read_override_list(run_dir))}
    if error_file.exists():
        row.update(status="failed", error=error_file.read_text(encoding="utf-8").strip())
    elif "test" in (metrics.get("final") or {}):
        row.update(status="completed", error="")
    else:
        row.update(status="incomplete", error="")
    objective = run["objective"] or DEFAULT_OBJECTIVE
    row[f"validation_{objective}"] = objective_value(metrics, objective)
    row["best_length_penalty"] = run["best_length_penalty"]
    row.update({f"test_{name}": run.get(f"test/{name}") for name in ROW_FIGURES})
    row["run_dir"] = str(run_dir)
    return row


def write_summary(sweep_dir: Path, rows: list[dict[str, Any]]) -> None:
    """summary.csv and summary.md, each replaced whole (jobs finishing together may both rewrite them)."""
    if not rows:
        return
    directory = RunDirectory(sweep_dir)
    directory.write_csv("summary.csv", rows)
    columns = _columns(rows)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(row.get(column)) for column in columns) + " |" for row in rows]
    directory.write_text("summary.md", "\n".join(lines) + "\n")


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
