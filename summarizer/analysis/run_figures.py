"""The figures every run leaves behind: PNGs in `<run dir>/figures/` and in W&B, from the run directory's files alone
(`python -m summarizer.analysis.run_figures <run dir>`, or `--compare <multirun dir> --out <dir>`). A figure whose
data the run did not write is skipped, never an error: a run must not fail over a missing plot.
"""

from __future__ import annotations

import argparse
import logging
import warnings
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FIGURES_DIR = "figures"
DPI = 110
RUN_FIGURES = ("length_penalty_sweep", "curves", "lengths", "repetition", "score_by_document_length", "data_steps")
COMPARISON_FIGURES = ("ranking", "length_penalty_sweep", "curves", "score_by_document_length")


def save_run_figures(run_dir: str | Path) -> list[Path]:
    """Write `RUN_FIGURES` whose data exists to <run dir>/figures/; return their paths. Logs and skips what
    it cannot read; without a Hangul font it warns once and draws with matplotlib's default font."""
    return _save_figures([run_dir], Path(run_dir) / FIGURES_DIR, RUN_FIGURES, "run")


def save_comparison_figures(paths: Sequence[str | Path], out_dir: str | Path) -> list[Path]:
    """The comparison notebook's figures of several runs in `out_dir`; skips, like `save_run_figures`."""
    return _save_figures(paths, Path(out_dir), COMPARISON_FIGURES, "comparison")


def _save_figures(paths: Sequence[str | Path], out: Path, names: Sequence[str], kind: str) -> list[Path]:
    from summarizer.analysis import figures
    from summarizer.analysis.compare import default_metric, ranking, scores_by_length
    from summarizer.analysis.data import filter_counts, read_data_report
    from summarizer.analysis.runs import load_runs

    try:
        tables = load_runs(*paths)
    except Exception as error:  # a figure is never worth failing a run or a sweep
        log.warning("No %s figures for %s: %s", kind, ", ".join(map(str, paths)), error)
        return []
    runs, sweep, predictions = tables.runs, tables.sweep, tables.predictions
    metric = default_metric(runs)
    first_run = Path(runs["path"].iloc[0])
    plans: dict[str, tuple[bool, Callable[[], Any]]] = {  # name: (has data, draw)
        "ranking": (f"test/{metric}" in runs, lambda: figures.ranking_figure(ranking(runs, predictions, metric), metric)),
        "length_penalty_sweep": (not sweep.empty, lambda: figures.sweep_figure(sweep, figures.sweep_metrics(sweep, metric))),
        "curves": (not tables.curves.empty, lambda: figures.curves_figure(tables.curves, [metric])),
        "lengths": (not predictions.empty, lambda: figures.lengths_figure(predictions)),
        "repetition": ("rep_3gram_rate" in predictions, lambda: figures.repetition_figure(predictions)),
        "score_by_document_length": (
            metric in predictions and "document_chars" in predictions,
            lambda: figures.length_bucket_figure(scores_by_length(predictions, metric), metric),
        ),
        "data_steps": (
            (first_run / "data_report.json").is_file(),
            lambda: figures.filter_figure(filter_counts(read_data_report(first_run))),
        ),
    }
    return _save({name: plans[name] for name in names}, out)


_font_warned = False


def _save(plans: dict[str, tuple[bool, Callable[[], Any]]], out: Path) -> list[Path]:
    from summarizer.analysis.fonts import korean_font_context

    global _font_warned
    written = []
    with ExitStack() as stack:
        try:
            stack.enter_context(korean_font_context())
        except Exception as error:  # no Hangul font (KoreanFontMissing): Korean labels become boxes, figures still saved
            if not _font_warned:
                _font_warned = True
                log.warning("Figures use matplotlib's default font, so Korean labels show as boxes: %s", error)
            stack.enter_context(warnings.catch_warnings())
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from", category=UserWarning)
        for name, (has_data, make) in plans.items():
            if not has_data:
                log.info("Figure %s skipped: nothing recorded for it.", name)
                continue
            try:
                figure = make()
                out.mkdir(parents=True, exist_ok=True)
                figure.savefig(out / f"{name}.png", dpi=DPI)
                written.append(out / f"{name}.png")
            except Exception as error:
                log.warning("Figure %s for %s failed: %s", name, out, error)
    return written


def log_figures_to_wandb(run: Any, paths: Sequence[Path], prefix: str = "figures") -> None:
    """Log each PNG as a W&B image under `<prefix>/<file stem>` (nothing when the run is None)."""
    if run is None or not paths:
        return
    import wandb

    run.log({f"{prefix}/{Path(path).stem}": wandb.Image(str(path)) for path in paths})


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Write a finished run's figures to <run dir>/figures/, or with --compare the comparison "
                    "figures of several runs (e.g. a multirun directory) to --out.")
    parser.add_argument("paths", nargs="+", type=Path, help="run directories (or, with --compare, multirun directories)")
    parser.add_argument("--compare", action="store_true", help="one set of figures comparing every run under the paths")
    parser.add_argument("--out", type=Path, help="with --compare: where the PNGs go (default: the first path)")
    args = parser.parse_args(argv)
    if args.compare:
        written = save_comparison_figures(args.paths, args.out or args.paths[0])
    else:
        written = [path for run_dir in args.paths for path in save_run_figures(run_dir)]
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
