"""Figures: never fail on a run that recorded nothing, mark the chosen setting, one colour per run."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from summarizer.analysis import figures

EMPTY = pd.DataFrame()


@pytest.mark.parametrize("make", [
    lambda: figures.ranking_figure(pd.DataFrame(columns=["run", "m", "ci_low", "ci_high"]), "m"),
    lambda: figures.sweep_figure(EMPTY, ["rougeL_kiwi"]),
    lambda: figures.curves_figure(pd.DataFrame(columns=["run", "source", "step", "epoch", "metric", "value"])),
    lambda: figures.length_bucket_figure(EMPTY, "m"),
    lambda: figures.lengths_figure(EMPTY),
    lambda: figures.repetition_figure(EMPTY),
    lambda: figures.data_lengths_figure(EMPTY),
    lambda: figures.compression_figure(EMPTY),
    lambda: figures.filter_figure(EMPTY),
    lambda: figures.truncation_figure(EMPTY, {}),
], ids=["ranking", "sweep", "curves", "buckets", "lengths", "repetition", "data", "compression", "filter", "truncation"])
def test_empty_input_gives_a_figure_that_says_what_is_missing(make):
    figure = make()
    notes = [text.get_text() for axis in figure.axes for text in axis.texts]
    assert notes and all(note for note in notes)


SWEEP = pd.DataFrame({
    "run": ["b-run"] * 3 + ["a-run"] * 3,
    "length_penalty": [0.8, 1.0, 1.2] * 2,
    "rougeL_kiwi": [10.0, 12.0, 11.0, 20.0, 19.0, 18.0],
    "mean_length_tokens": [8, 9, 10, 8, 9, 10],
    "is_best": [False, True, False, True, False, False],
})


def test_the_sweep_has_a_line_per_run_and_stars_the_chosen_penalty():
    figure = figures.sweep_figure(SWEEP, ["rougeL_kiwi"])
    axis = figure.axes[0]
    lines = {line.get_label(): list(line.get_xdata()) for line in axis.get_lines()}
    assert lines == {"b-run": [0.8, 1.0, 1.2], "a-run": [0.8, 1.0, 1.2]}
    stars = sorted(tuple(point) for collection in axis.collections for point in collection.get_offsets())
    assert stars == [(0.8, 20.0), (1.0, 12.0)]


def test_a_run_keeps_its_colour_from_figure_to_figure():
    buckets = pd.DataFrame({"run": ["a-run", "b-run"], "bucket": ["0-10", "0-10"], "examples": [4, 4], "m": [1.0, 2.0]})
    sweep_colours = {line.get_label(): to_hex(line.get_color()) for line in figures.sweep_figure(SWEEP, ["rougeL_kiwi"]).axes[0].get_lines()}
    bars = figures.length_bucket_figure(buckets, "m").axes[0].containers
    bucket_colours = {container.get_label(): to_hex(container.patches[0].get_facecolor()) for container in bars}
    assert sweep_colours == bucket_colours


def test_a_split_shows_only_the_steps_applied_to_it():
    counts = pd.DataFrame([
        {"split": "train", "step": "loaded", "examples": 100, "dropped": 0},
        {"split": "train", "step": "long_document", "examples": 90, "dropped": 10},
        {"split": "train", "step": "kept", "examples": 90, "dropped": 0},
        {"split": "test", "step": "loaded", "examples": 20, "dropped": 0},
        {"split": "test", "step": "kept", "examples": 20, "dropped": 0},
    ])
    train, test = figures.filter_figure(counts).axes
    assert [t.get_text() for t in train.get_xticklabels()] == ["loaded", "long_document", "kept"]
    assert [t.get_text() for t in test.get_xticklabels()] == ["loaded", "kept"]  # no empty gap that reads "0 left"
    assert [t.get_text() for t in test.texts] == ["20", "20"] and [t.get_text() for t in train.texts] == ["100", "-10", "90"]


def test_every_curve_panel_names_its_y_axis():
    curves = pd.DataFrame([
        {"run": "a", "source": "train", "step": 1, "epoch": 0.1, "metric": "loss", "value": 3.0},
        {"run": "a", "source": "eval", "step": 1, "epoch": 0.1, "metric": "loss", "value": 3.5},
        {"run": "a", "source": "eval", "step": 1, "epoch": 0.1, "metric": "rougeL_kiwi", "value": 10.0},
    ])
    axes = figures.curves_figure(curves, ["rougeL_kiwi"]).axes
    assert [axis.get_ylabel() for axis in axes] == ["손실 (loss)", "손실 (loss)", "rougeL_kiwi"]


def test_length_axes_say_whether_spaces_count():
    predictions = pd.DataFrame({"run": ["a"], "id": ["1"], "pred_len_chars": [10], "ref_len_chars": [12]})
    hist, scatter = figures.lengths_figure(predictions).axes
    assert "non-space" in hist.get_xlabel() and "non-space" in scatter.get_xlabel()
    examples = pd.DataFrame({"split": ["train"], "document_chars": [100], "summary_chars": [20]})
    assert all("incl. spaces" in axis.get_xlabel() for axis in figures.data_lengths_figure(examples).axes)
    ratios = examples.assign(compression_ratio=[5.0])
    assert "incl. spaces" in figures.compression_figure(ratios).axes[0].get_xlabel()
    buckets = pd.DataFrame({"run": ["a"], "bucket": ["0-10"], "examples": [1], "m": [1.0]})
    assert "non-space" in figures.length_bucket_figure(buckets, "m").axes[0].get_xlabel()
