"""A study's report: every statistic of `stats.py` in one JSON, a Markdown table a paper can quote, a figure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from summarizer.human_eval import stats
from summarizer.human_eval.errors import HumanEvalError
from summarizer.human_eval.schema import FLAGS
from summarizer.human_eval.store import Store
from summarizer.metrics.names import is_score


def build_report(store: Store, name: str, samples: int = stats.SAMPLES, seed: int = 0) -> dict[str, Any]:
    if samples < 100:
        raise HumanEvalError(f"--samples {samples}: a bootstrap interval needs at least 100 resamples (default {stats.SAMPLES})")
    study = store.study(name)
    ratings = pd.DataFrame(store.ratings(name))
    if ratings.empty:
        raise HumanEvalError(f"study {name!r} has no ratings yet: serve the rating page "
                             "(`python -m summarizer.human_eval serve`) and rate some examples first")
    examples = store.examples(name)
    metrics = sorted({m for e in examples for m in e["scores_a"] if is_score(m) and m in e["scores_b"]})
    return {
        "study": study,
        "counts": stats.preference_counts(ratings),
        "by_annotator": {annotator: stats.preference_counts(group) for annotator, group in ratings.groupby("annotator")},
        "win_rate": stats.win_rate(ratings, samples, seed),
        "sign_test": stats.sign_test(ratings),
        "flags": stats.flag_rates(ratings, FLAGS),
        "agreement": stats.agreement(ratings),
        "metric_agreement": stats.metric_agreement(ratings, examples, metrics),
        "method": stats.__doc__.strip(),
    }


def write_report(report: dict[str, Any], out_dir: str | Path) -> dict[str, Path]:
    """human_eval_<name>.json / .md / .png in out_dir."""
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"human_eval_{report['study']['name']}"
    paths = {"json": out_dir / f"{stem}.json", "md": out_dir / f"{stem}.md", "png": out_dir / f"{stem}.png"}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths["md"].write_text(markdown(report), encoding="utf-8")
    figure = draw_figure(report)
    figure.savefig(paths["png"], dpi=120)
    plt.close(figure)
    return paths


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def preference_table(report: dict[str, Any]) -> str:
    """The headline table: counts, win rate with its interval, sign test, agreement."""
    study, counts, win, sign, agree = (report[k] for k in ("study", "counts", "win_rate", "sign_test", "agreement"))
    level = round(100 * win["confidence"])
    interval = f"[{_pct(win['ci_low'])}, {_pct(win['ci_high'])}]" if win["ci_low"] is not None else "n/a"
    kappa = _num(agree["cohen_kappa"]) if len(agree["annotators"]) == 2 else "n/a (not two annotators)"
    return "\n".join([
        "| A | B | B preferred | A preferred | tie | win rate of B (ties excluded) | " f"{level}% CI | sign test p | Cohen's κ | Krippendorff's α |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
        f"| {study['system_a']} | {study['system_b']} | {counts['B']} | {counts['A']} | {counts['tie']} | {_pct(win['win_rate'])} | "
        f"{interval} | {_num(sign['p_value'])} | {kappa} | {_num(agree['krippendorff_alpha'])} |",
    ])


def markdown(report: dict[str, Any]) -> str:
    study, counts, sign, agree = (report[k] for k in ("study", "counts", "sign_test", "agreement"))
    lines = [
        f"# Human evaluation: {study['name']}", "",
        f"A = `{study['system_a']}` ({study['path_a']}), B = `{study['system_b']}` ({study['path_b']}); "
        f"{study['examples']} examples chosen by `{study['sampling']}` sampling (seed {study['seed']}); "
        f"{counts['ratings']} ratings of {counts['examples']} examples by {counts['annotators']} annotators.", "",
        preference_table(report), "",
        f"Sign test over examples: B won {sign['b_examples']}, A won {sign['a_examples']}, "
        f"{sign['tied_examples']} tied (left out).",
        f"Agreement on {agree['examples']} examples rated by several annotators ({', '.join(agree['annotators']) or 'none'}): "
        f"observed {_pct(agree['observed_agreement'])}." + "".join(f" {note}." for note in agree["notes"]), "",
        "## Flags per system (share of ratings, Wilson interval)", "",
        "| flag | A | B |", "| --- | --- | --- |",
    ]
    by_flag: dict[str, dict[str, dict]] = {}
    for row in report["flags"]:
        by_flag.setdefault(row["flag"], {})[row["system"]] = row
    for flag, rows in by_flag.items():
        cells = [f"{_pct(r['rate'])} [{_pct(r['ci_low'])}, {_pct(r['ci_high'])}] ({r['count']}/{r['ratings']})" for r in (rows["A"], rows["B"])]
        lines.append(f"| {rows['A']['label']} ({flag}) | {cells[0]} | {cells[1]} |")
    lines += ["", "## Human preference vs automatic metrics (per-example B - A)", "",
              "| metric | examples | decisive pairs | agreeing | agreement | Kendall's τ-b | p |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in report["metric_agreement"]:
        lines.append(f"| {row['metric']} | {row['examples']} | {row['decisive_pairs']} | {row['agreeing']} | "
                     f"{_pct(row['agreement'])} | {_num(row['kendall_tau'])} | {_num(row['kendall_p'])} |")
    lines += ["", "## Method", "", report["method"], ""]
    return "\n".join(lines)


def draw_figure(report: dict[str, Any]):
    """Preference counts, and flag rates per system with their intervals (a matplotlib Figure)."""
    import matplotlib.pyplot as plt

    from summarizer.analysis.fonts import korean_font_context

    study, counts = report["study"], report["counts"]
    with korean_font_context():
        figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [1, 2]})
        names = [f"B: {study['system_b']}", "tie (비슷함)", f"A: {study['system_a']}"]
        left.barh(names, [counts["B"], counts["tie"], counts["A"]], color=["#3b7dd8", "#b0b0b0", "#d8743b"])
        left.set_xlabel("ratings")
        left.set_title("preference")
        flags = list(FLAGS)
        for offset, system, color in ((-0.2, "A", "#d8743b"), (0.2, "B", "#3b7dd8")):
            rows = {r["flag"]: r for r in report["flags"] if r["system"] == system}
            rates = [rows[f]["rate"] or 0.0 for f in flags]
            # Wilson bounds at a rate of 0 or 1 can sit a rounding error past it: clip to non-negative lengths.
            errors = [[max(0.0, r - (rows[f]["ci_low"] or r)) for r, f in zip(rates, flags)],
                      [max(0.0, (rows[f]["ci_high"] or r) - r) for r, f in zip(rates, flags)]]
            right.bar([i + offset for i in range(len(flags))], rates, width=0.4, yerr=errors, capsize=3, color=color, label=system)
        right.set_xticks(range(len(flags)), [FLAGS[f] for f in flags])
        right.set_ylabel("share of ratings")
        right.set_ylim(0, 1)
        right.set_title(f"flags per system ({round(100 * report['win_rate']['confidence'])}% Wilson interval)")
        right.legend()
        figure.suptitle(f"{study['name']}: {counts['ratings']} ratings, {counts['annotators']} annotators")
        figure.tight_layout()
    return figure


REPORTS = Path("outputs") / "human_eval"


def read_report(path: str | Path | None = None) -> dict[str, Any]:
    """A written report (human_eval_<name>.json); None: the most recent one under the repository's
    outputs/human_eval/, where `report` writes by default."""
    from summarizer.analysis.notebook import repo_root

    if path is None:
        found = sorted((repo_root() / REPORTS).glob("human_eval_*.json"), key=lambda file: file.stat().st_mtime)
        if not found:
            raise FileNotFoundError(f"no human_eval_*.json under {repo_root() / REPORTS}: run "
                                    "`python -m summarizer.human_eval report --name <study>` first, or set report_path")
        path = found[-1]
    return json.loads(Path(path).read_text(encoding="utf-8"))
