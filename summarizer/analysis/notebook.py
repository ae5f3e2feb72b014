"""What the notebooks share: finding the runs they analyse, and setting up fonts and display. A notebook's
`parameters` cell (papermill-style) left at `run_dir = None` / `multirun_dir = None` resolves here to the most
recent run or multirun under outputs/ and multirun/ (by the latest-written metrics.json, not directory names).
"""

from __future__ import annotations

from pathlib import Path

from summarizer.analysis.runs import METRICS_FILE, find_run_dirs, read_overrides

OUTPUTS = "outputs"
MULTIRUN = "multirun"
MULTIRUN_MARKER = "multirun.yaml"  # Hydra writes it in a sweep directory


def repo_root(start: str | Path | None = None) -> Path:
    """The repository: the first of `start` (default: the working directory) and its parents holding
    run.py and conf/, else the directory above the installed package."""
    here = Path(start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "run.py").is_file() and (candidate / "conf").is_dir():
            return candidate
    return Path(__file__).resolve().parents[2]


def _runs_under(directory: Path) -> list[Path]:
    return find_run_dirs(directory) if directory.is_dir() else []


def _written(run_dir: Path) -> float:
    return (run_dir / METRICS_FILE).stat().st_mtime


def latest_run_dir(root: str | Path | None = None) -> Path | None:
    """The run (a multirun's jobs included) whose metrics.json was written last, under outputs/ and multirun/."""
    root = repo_root(root)
    runs = _runs_under(root / OUTPUTS) + _runs_under(root / MULTIRUN)
    return max(runs, key=_written) if runs else None


def latest_multirun_dir(root: str | Path | None = None) -> Path | None:
    """The multirun under multirun/ with the latest-written job: the directory holding multirun.yaml, else
    the jobs' common parent."""
    jobs = _runs_under(repo_root(root) / MULTIRUN)
    if not jobs:
        return None
    newest = max(jobs, key=_written)
    return next((parent for parent in newest.parents if (parent / MULTIRUN_MARKER).is_file()), newest.parent)


def resolve_runs(run_dir: str | Path | None = None, multirun_dir: str | Path | None = None,
                 root: str | Path | None = None) -> list[Path]:
    """What the comparison notebook loads: the directories given, else whichever of the latest multirun
    and the latest single run was written more recently."""
    given = [Path(p) for p in (multirun_dir, run_dir) if p]
    if given:
        return given
    run, multirun = latest_run_dir(root), latest_multirun_dir(root)
    if multirun is not None and (run is None or run.is_relative_to(multirun) or
                                 max(map(_written, find_run_dirs(multirun))) >= _written(run)):
        return [multirun]
    if run is not None:
        return [run]
    raise FileNotFoundError(_nothing_found(root))


def resolve_run(run_dir: str | Path | None = None, multirun_dir: str | Path | None = None,
                metric: str | None = None, root: str | Path | None = None) -> Path:
    """One run for the single-run notebooks: `run_dir`; else the best job of `multirun_dir` by validation
    `metric` (default: the runs' objective); else the latest run."""
    if run_dir:
        return Path(run_dir)
    if multirun_dir:
        return best_run(multirun_dir, metric)
    latest = latest_run_dir(root)
    if latest is None:
        raise FileNotFoundError(_nothing_found(root))
    return latest


def best_run(multirun_dir: str | Path, metric: str | None = None) -> Path:
    """The job with the highest validation `metric` (test when no validation figure), ties to the first."""
    from summarizer.analysis.compare import default_metric
    from summarizer.analysis.runs import load_runs

    runs = load_runs(multirun_dir).runs
    metric = metric or default_metric(runs)
    for split in ("validation", "test"):
        column = f"{split}/{metric}"
        if column in runs and runs[column].notna().any():
            return Path(runs.loc[runs[column].idxmax(), "path"])
    return Path(runs["path"].iloc[0])


def _nothing_found(root) -> str:
    return (f"No run under {repo_root(root) / OUTPUTS} or {repo_root(root) / MULTIRUN}: make one "
            "(`python run.py debug=default logger=none`) or set run_dir / multirun_dir in the parameters cell.")


def describe(paths: list[Path]) -> str:
    """One line per run directory with its overrides, for the top of a notebook."""
    lines = []
    for path in find_run_dirs(*paths):
        overrides = " ".join(f"{k}={v}" for k, v in read_overrides(path).items()) or "(no overrides)"
        lines.append(f"{path}  {overrides}")
    return "\n".join(lines)


def setup() -> str:
    """Korean font for every figure, wide pandas tables; returns the font family in use."""
    import warnings

    import matplotlib
    import pandas as pd

    from summarizer.analysis.fonts import korean_font, korean_rc

    warnings.filterwarnings("ignore", message="IProgress not found")  # tqdm in a kernel without ipywidgets
    pd.set_option("display.max_columns", 60, "display.width", 200, "display.max_colwidth", 80)
    matplotlib.rcParams.update(korean_rc())  # for every later figure of the kernel
    return korean_font()[0]
