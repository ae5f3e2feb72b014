"""Plain-text tables of score results (one column per system) and of a paired comparison."""

from __future__ import annotations

import math
from collections.abc import Mapping

from summarizer.metrics.names import CI_SUFFIXES, is_headline
from summarizer.metrics.scorer import ScoreResult


def _cell(corpus: Mapping[str, float], name: str) -> str:
    value = corpus.get(name)
    if value is None:
        return "-"
    if math.isnan(value):
        return "n/a"
    text = f"{value:.0f}" if name.endswith("_count") else f"{value:.2f}" if abs(value) >= 2 else f"{value:.4f}"
    low, high = corpus.get(name + CI_SUFFIXES[0]), corpus.get(name + CI_SUFFIXES[1])
    if low is not None and high is not None and not math.isnan(low):
        text += f" [{low:.2f}, {high:.2f}]" if abs(value) >= 2 else f" [{low:.4f}, {high:.4f}]"
    return text


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Header, rule and rows; the first column left-aligned, the numbers right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))

    return [line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]


def format_results(results: Mapping[str, ScoreResult]) -> str:
    """Every headline figure (F1s, BLEU, chrF, RDASS, diagnostics) per system, then how it was measured."""
    systems = list(results)
    info = results[systems[0]].info
    names = [n for n in results[systems[0]].corpus if is_headline(n)]
    out = _table(["metric", *systems], [[n, *(_cell(results[s].corpus, n) for s in systems)] for n in names])
    out.append("")
    out.append(
        f"examples: {info['num_examples']}; ROUGE x100 = mean of per-example F1 "
        f"({info['rouge']['multi_reference']} over references); precision/recall in --json"
    )
    if info.get("bootstrap", {}).get("samples"):
        b = info["bootstrap"]
        out.append(
            f"[low, high] = {b['confidence']:.0%} bootstrap interval, {b['samples']} resamples, seed {b['seed']}"
        )
    for name, description in info.get("tokenizers", {}).items():
        versions = ", ".join(
            f"{k} {v}" for k, v in description.items() if k not in ("tokenizer", "what", "options", "source")
        )
        out.append(f"tokenizer {name}: {description['what']}" + (f" ({versions})" if versions else ""))
    for name, signature in info.get("sacrebleu_signatures", {}).items():
        out.append(f"{name}: {signature}")
    if "rdass" in info:
        out.append(f"rdass: encoder {info['rdass']['encoder']}, {info['rdass']['pooling']} pooling, cosine scale")
    return "\n".join(out)


def format_comparison(comparison: Mapping[str, Mapping[str, float]], name_a: str, name_b: str) -> str:
    """Paired bootstrap: A, B, B - A with its interval, and the p-value."""
    header = ["metric", name_a, name_b, "delta (B-A)", "95% CI of delta", "p"]
    cells = ("{a:.2f}", "{b:.2f}", "{delta:+.2f}", "[{delta_ci_low:+.2f}, {delta_ci_high:+.2f}]", "{p_value:.4f}")
    rows = [[metric, *(cell.format(**r) for cell in cells)] for metric, r in comparison.items()]
    return "\n".join(_table(header, rows))
