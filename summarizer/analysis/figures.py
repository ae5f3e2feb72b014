"""matplotlib figures of runs, sweeps, predictions and data, from the tables of `runs`, `compare` and `data`.

Built without pyplot (`matplotlib.figure.Figure`): no window and no global figure inside a training run. Empty input
gives a figure with a note saying what is missing, so a notebook cell never fails on what a run did not record.
Korean labels need `notebook.setup()` or `fonts.korean_font_context()` first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure


def _figure(panels: int = 1, width: float = 5.0, height: float = 3.6, columns: int | None = None):
    columns = columns or panels
    rows = int(np.ceil(panels / columns))
    figure = Figure(figsize=(width * columns, height * rows), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for extra in axes[panels:]:
        extra.set_visible(False)
    return figure, list(axes[:panels])


def _note(axis, text: str) -> None:
    axis.text(0.5, 0.5, text, ha="center", va="center", wrap=True, transform=axis.transAxes, color="0.35")
    axis.set(xticks=[], yticks=[])


def empty_figure(title: str, note: str) -> Figure:
    figure, (axis,) = _figure()
    axis.set_title(title)
    _note(axis, note)
    return figure


def _colors(labels: Iterable[str]) -> dict[str, tuple]:
    """A colour per label, assigned in sorted order: a run has the same colour in every figure."""
    from matplotlib import colormaps

    unique = sorted(set(labels), key=str)
    palette = colormaps["tab10" if len(unique) <= 10 else "tab20"]
    return {label: palette(index % palette.N) for index, label in enumerate(unique)}


def _grouped_bars(axis, table: pd.DataFrame, colors: dict[str, tuple]) -> None:
    """A group of bars per column of `table`, one bar per row (a run) in its colour."""
    width = 0.8 / len(table)
    for index, (run, row) in enumerate(table.iterrows()):
        positions = np.arange(len(table.columns)) + index * width - 0.4 + width / 2
        axis.bar(positions, row.to_numpy(dtype=float), width=width, color=colors[run], label=str(run))


def _legend(figure: Figure, axis) -> None:
    """One legend for the figure, below the panels: run labels can be long (every varying override)."""
    handles, labels = axis.get_legend_handles_labels()
    if handles:
        figure.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 2), fontsize="small", frameon=False)


# ---------------------------------------------------------------------------------------------------- runs
def ranking_figure(ranked: pd.DataFrame, metric: str) -> Figure:
    """Horizontal bars of `metric` per run, best on top, with the 95% bootstrap interval as error bars."""
    if ranked.empty:
        return empty_figure(f"{metric}: 실행 순위 (ranking)", "no runs")
    figure, (axis,) = _figure(width=7.0, height=0.5 * len(ranked) + 1.5)
    order = ranked.iloc[::-1]
    values = order[metric].to_numpy(dtype=float)
    low = values - order["ci_low"].to_numpy(dtype=float)
    high = order["ci_high"].to_numpy(dtype=float) - values
    errors = np.nan_to_num(np.vstack([low, high]), nan=0.0).clip(min=0)
    axis.barh(order["run"].astype(str), values, xerr=errors, capsize=3, color="#4c72b0")
    axis.set(xlabel=f"{metric} (95% 부트스트랩 구간, bootstrap CI)", title=f"{metric}: 실행 순위 (ranking)")
    return figure


def sweep_metrics(sweep: pd.DataFrame, metric: str) -> list[str]:
    """The sweep figure's panels, in a notebook and a run: ROUGE-1/2, the objective and BLEU (those the sweep has)."""
    return [m for m in dict.fromkeys(["rouge1_kiwi", "rouge2_kiwi", metric, "bleu_char"]) if m in sweep]


def sweep_figure(sweep: pd.DataFrame, metrics: Sequence[str], length_column: str = "mean_length_tokens") -> Figure:
    """One panel per metric and one for the mean prediction length, against the length penalty: one line
    per run (and per beams / no-repeat setting when a run swept several); the chosen setting starred."""
    panels = [m for m in metrics if m in sweep] + ([length_column] if length_column in sweep else [])
    if sweep.empty or not panels:
        return empty_figure("길이 패널티 스윕 (length-penalty sweep)", "no sweep.csv: the run did not sweep (sweep=none)")
    figure, axes = _figure(len(panels), width=4.2, columns=min(len(panels), 3))
    colors = _colors(sweep["run"])
    extra = [key for key in ("num_beams", "no_repeat_ngram_size") if key in sweep and sweep.groupby("run")[key].nunique().max() > 1]
    styles = ["-", "--", ":", "-."]
    for axis, metric in zip(axes, panels):
        for run, run_rows in sweep.groupby("run", sort=False):
            settings = run_rows.groupby(extra, sort=True) if extra else [((), run_rows)]
            for index, (values, group) in enumerate(settings):  # values: a tuple (pandas >= 2, a list of keys)
                label = str(run) + "".join(f", {k}={v}" for k, v in zip(extra, values))
                group = group.sort_values("length_penalty")
                axis.plot(group["length_penalty"], group[metric], marker="o", color=colors[run], label=label,
                          linestyle=styles[index % len(styles)])
                if "is_best" in group:
                    best = group[group["is_best"].astype(bool)]
                    axis.scatter(best["length_penalty"], best[metric], marker="*", s=160, color=colors[run], zorder=3)
        axis.set(xlabel="길이 패널티 (length penalty)", title="평균 길이 (mean length, tokens)" if metric == length_column else metric)
        axis.grid(alpha=0.3)
    _legend(figure, axes[0])
    figure.suptitle("길이 패널티 스윕, 검증 세트 (length-penalty sweep, validation; ★ chosen)")
    return figure


def curves_figure(curves: pd.DataFrame, eval_metrics: Sequence[str] = ()) -> Figure:
    """Training loss, evaluation loss and evaluation metrics against the step, one line per run."""
    panels = []
    if not curves.empty:
        train = curves[(curves["source"] == "train") & (curves["metric"] == "loss")]
        evaluations = curves[curves["source"] == "eval"]
        if not train.empty:
            panels.append(("학습 손실 (training loss)", "손실 (loss)", train))
        for metric in ("loss", *eval_metrics):
            chosen = evaluations[evaluations["metric"] == metric]
            if not chosen.empty:
                panels.append((f"검증 {metric} (evaluation)", "손실 (loss)" if metric == "loss" else metric, chosen))
    if not panels:
        return empty_figure(
            "학습 곡선 (training curves)",
            "no curves recorded: training_log.jsonl and evaluations during training are missing "
            "(debug runs use eval_strategy=no)",
        )
    figure, axes = _figure(len(panels), width=4.2, columns=min(len(panels), 3))
    colors = _colors(curves["run"])
    for axis, (title, ylabel, table) in zip(axes, panels):
        for run, group in table.groupby("run", sort=False):
            group = group.sort_values("step")
            axis.plot(group["step"], group["value"], marker="o" if len(group) < 20 else None, markersize=3,
                      color=colors[run], label=str(run))
        axis.set(title=title, xlabel="스텝 (step)", ylabel=ylabel)
        axis.grid(alpha=0.3)
    _legend(figure, axes[0])
    return figure


def length_bucket_figure(table: pd.DataFrame, metric: str) -> Figure:
    """Grouped bars: mean `metric` per document-length bucket, one bar per run."""
    if table.empty:
        return empty_figure("문서 길이별 점수 (score by document length)", "no predictions")
    buckets = list(dict.fromkeys(table["bucket"]))
    runs = list(dict.fromkeys(table["run"]))
    colors = _colors(runs)
    figure, (axis,) = _figure(width=max(6.0, 1.2 * len(buckets) * max(1, len(runs)) ** 0.5))
    _grouped_bars(axis, table.pivot(index="run", columns="bucket", values=metric).reindex(index=runs, columns=buckets), colors)
    counts = table.groupby("bucket", sort=False)["examples"].max().reindex(buckets)
    axis.set_xticks(np.arange(len(buckets)), [f"{b}\n(n={int(n)})" for b, n in zip(buckets, counts)])
    axis.set(xlabel="문서 길이 구간, 공백 제외 글자 (document length bucket, non-space characters)", ylabel=metric,
             title=f"문서 길이별 {metric} (by document length)")
    _legend(figure, axis)
    return figure


# ----------------------------------------------------------------------------------------------- predictions
def lengths_figure(predictions: pd.DataFrame) -> Figure:
    """Prediction vs reference length in non-space characters (the diagnostics' count): histograms, and per example."""
    needed = {"pred_len_chars", "ref_len_chars"}
    if predictions.empty or not needed <= set(predictions.columns):
        return empty_figure("요약 길이 (summary length)", "no predictions.jsonl")
    figure, (hist, scatter) = _figure(2, width=5.0)
    colors = _colors(predictions["run"])
    references = predictions.drop_duplicates("id")["ref_len_chars"]
    top = max(int(predictions[list(needed)].max().max()), 1)
    bins = np.linspace(0, top, 25)
    hist.hist(references, bins=bins, color="0.6", alpha=0.6, label="정답 (reference)")
    for run, group in predictions.groupby("run", sort=False):
        hist.hist(group["pred_len_chars"], bins=bins, histtype="step", linewidth=2, color=colors[run], label=f"예측 {run}")
        scatter.scatter(group["ref_len_chars"], group["pred_len_chars"], s=14, alpha=0.7, color=colors[run], label=str(run))
    scatter.plot([0, top], [0, top], color="0.5", linestyle="--", linewidth=1)
    hist.set(xlabel="길이, 공백 제외 글자 (length, non-space characters)", ylabel="예제 수 (examples)", title="길이 분포 (length distribution)")
    scatter.set(xlabel="정답 길이, 공백 제외 글자 (reference, non-space chars)", ylabel="예측 길이 (prediction, non-space chars)",
                title="예제별 길이 (per example; dashed: equal)")
    _legend(figure, hist)
    return figure


def repetition_figure(predictions: pd.DataFrame) -> Figure:
    """Degenerate repetition (repeated 3-grams) and novelty (n-grams absent from the document) per run."""
    if predictions.empty or "rep_3gram_rate" not in predictions:
        return empty_figure("반복과 새 n-gram (repetition and novelty)", "no per-example diagnostics in predictions.jsonl")
    figure, (rep, novel) = _figure(2, width=5.0)
    colors = _colors(predictions["run"])
    bins = np.linspace(0, 1, 21)
    for run, group in predictions.groupby("run", sort=False):
        rep.hist(group["rep_3gram_rate"].dropna(), bins=bins, histtype="step", linewidth=2, color=colors[run], label=str(run))
    rep.set(xlabel="반복 3-gram 비율 (repeated 3-gram rate)", ylabel="예제 수 (examples)", title="반복 (repetition)")
    columns = [c for c in ("novel_1gram_ratio", "novel_2gram_ratio", "novel_3gram_ratio") if c in predictions]
    means = predictions.groupby("run", sort=False)[columns].mean() if columns else pd.DataFrame()
    if not means.empty and means.notna().any().any():
        _grouped_bars(novel, means, colors)
        novel.set_xticks(np.arange(len(columns)), [c.split("_")[1] for c in columns])
        novel.set(ylim=(0, 1), ylabel="문서에 없는 비율 (share not in the document)", title="새 n-gram (novel n-grams)")
    else:
        _note(novel, "no novelty scores: documents not given to the scorer, or every prediction empty")
    _legend(figure, rep)
    return figure


# ------------------------------------------------------------------------------------------------------ data
def data_lengths_figure(examples: pd.DataFrame) -> Figure:
    """Document and summary lengths in characters with spaces (as the data report counts), one line per split."""
    if examples.empty:
        return empty_figure("데이터 길이 (data lengths)", "no examples")
    figure, axes = _figure(2, width=5.0)
    colors = _colors(examples["split"])
    for axis, column, title in zip(axes, ("document_chars", "summary_chars"), ("문서 (documents)", "요약 (summaries)")):
        bins = np.linspace(0, max(int(examples[column].max()), 1), 30)
        for split, group in examples.groupby("split", sort=False):
            axis.hist(group[column], bins=bins, histtype="step", linewidth=2, density=True, color=colors[split], label=split)
        axis.set(title=f"{title} 길이 분포", xlabel="길이, 공백 포함 글자 (length, characters incl. spaces)", ylabel="밀도 (density)")
    axes[0].legend(fontsize="small")
    return figure


def compression_figure(examples: pd.DataFrame) -> Figure:
    """Document length / summary length per example, per split (as the data report defines it)."""
    ratios = examples["compression_ratio"].dropna() if "compression_ratio" in examples else pd.Series(dtype=float)
    if ratios.empty:
        return empty_figure("압축률 (compression ratio)", "no examples")
    figure, (axis,) = _figure(width=6.0)
    colors = _colors(examples["split"])
    bins = np.linspace(0, max(float(ratios.max()), 0.01), 30)
    for split, group in examples.groupby("split", sort=False):
        values = group["compression_ratio"].dropna()
        axis.hist(values, bins=bins, histtype="step", linewidth=2, density=True, color=colors[split],
                  label=f"{split} (median {values.median():.2f})")
    axis.set(xlabel="문서 / 요약 길이, 공백 포함 (document / summary characters incl. spaces)", ylabel="밀도 (density)", title="압축률 (compression ratio)")
    axis.legend(fontsize="small")
    return figure


def filter_figure(counts: pd.DataFrame) -> Figure:
    """Examples per split after each preparation step, with the number each step removed in red."""
    if counts.empty:
        return empty_figure("데이터 필터 (what each step dropped)", "no data_report.json")
    splits = list(dict.fromkeys(counts["split"]))
    width = max(4.2, 0.55 * counts.groupby("split")["step"].nunique().max() + 1.5)
    figure, axes = _figure(len(splits), width=width)
    for axis, split in zip(axes, splits):
        rows = counts[counts["split"] == split].set_index("step")  # only the steps applied to this split
        steps = list(rows.index)
        dropped = rows["dropped"].fillna(0).to_numpy(dtype=float)
        bars = axis.bar(range(len(steps)), rows["examples"].to_numpy(dtype=float),
                        color=["#c44e52" if d > 0 else "#4c72b0" for d in dropped])
        labels = [f"-{int(d):,}" if d > 0 else (f"{int(v):,}" if pd.notna(v) else "")
                  for d, v in zip(dropped, rows["examples"])]
        axis.bar_label(bars, labels=labels, fontsize="small")
        axis.set_xticks(range(len(steps)), steps, rotation=35, ha="right")
        axis.set_title(f"{split}: 단계별 예제 수")
    axes[0].set_ylabel("남은 예제 수 (examples left)")
    figure.suptitle("데이터 준비 단계 (examples after each step; red: the step removed some, label = how many)")
    return figure


def truncation_figure(examples: pd.DataFrame, lengths: dict[str, int | None]) -> Figure:
    """Token lengths of documents and summaries with the configured cut-offs and the share cut per split."""
    if "source_tokens" not in examples or examples.empty:
        return empty_figure("잘림 (truncation)", "no saved tokenizer in the run: token lengths unknown")
    figure, axes = _figure(2, width=5.0)
    colors = _colors(examples["split"])
    panels = (("source_tokens", "max_source_length", "문서 토큰 (document tokens)"),
              ("target_tokens", "max_target_length", "요약 토큰 (summary tokens)"))
    for axis, (column, limit_key, title) in zip(axes, panels):
        limit = lengths.get(limit_key)
        top = max(int(examples[column].max()), int(limit or 0), 1)
        bins = np.linspace(0, top * 1.02, 30)
        for split, group in examples.groupby("split", sort=False):
            cut = f", {(group[column] > limit).mean():.0%} cut" if limit else ""
            axis.hist(group[column], bins=bins, histtype="step", linewidth=2, density=True, color=colors[split], label=f"{split}{cut}")
        if limit:
            axis.axvline(limit, color="black", linestyle="--", linewidth=1, label=f"{limit_key}={limit}")
        axis.set(title=title, xlabel="토큰 수 (tokens)")
        axis.legend(fontsize="small")
    figure.suptitle("설정된 길이에서의 잘림 (truncation at the configured lengths)")
    return figure
