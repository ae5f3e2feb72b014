"""Korean renders: the font matplotlib resolves for our labels has Hangul, and drawing leaves no tofu."""

from __future__ import annotations

import io
import warnings

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.figure import Figure

from summarizer.analysis.fonts import korean_font, korean_font_context, korean_rc

KOREAN = "한국어 요약 성능 (가나다)"


def missing_glyph_warnings(figure: Figure) -> list[str]:
    """Draw to PNG and collect matplotlib's "Glyph ... missing from font(s)" warnings (tofu boxes)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def korean_figure() -> Figure:
    figure = Figure()
    axis = figure.subplots()
    axis.plot([-1, 0, 1], [1, -1, 0], label="학습 손실")
    axis.set_title(KOREAN)
    axis.set_xlabel("길이 패널티")
    axis.set_ylabel("점수 −1")
    axis.legend()
    return figure


def test_the_font_matplotlib_resolves_for_korean_labels_has_hangul_glyphs():
    with korean_font_context():
        resolved = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"]),
                                         fallback_to_default=False)
    cmap = TTFont(resolved, fontNumber=0).getBestCmap()  # fontTools: read independently of the code under test
    assert all(ord(char) in cmap for char in "가한국어요약성능")
    assert resolved == korean_font()[1]


def test_a_figure_with_korean_labels_draws_without_missing_glyphs():
    with korean_font_context():
        figure = korean_figure()
        assert missing_glyph_warnings(figure) == []


def test_without_the_korean_font_the_same_figure_would_show_tofu():
    """The control: the check above can fail (DejaVu Sans, matplotlib's default, has no Hangul)."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        figure = korean_figure()
        assert any("HANGUL" in message for message in missing_glyph_warnings(figure))


def test_the_context_leaves_the_global_settings_as_they_were():
    before = list(matplotlib.rcParams["font.family"]), matplotlib.rcParams["axes.unicode_minus"]
    with korean_font_context() as family:
        assert matplotlib.rcParams["font.family"][0] == family
        assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert (list(matplotlib.rcParams["font.family"]), matplotlib.rcParams["axes.unicode_minus"]) == before


@pytest.mark.parametrize("figure_name", ["sweep", "curves", "lengths", "data"])
def test_the_projects_figures_draw_korean_without_missing_glyphs(figure_name):
    import pandas as pd

    from summarizer.analysis import figures

    sweep = pd.DataFrame({"run": ["한국어 실행"] * 2, "length_penalty": [0.8, 1.2], "rougeL_kiwi": [1.0, 2.0],
                          "mean_length_tokens": [10, 12], "is_best": [False, True]})
    curves = pd.DataFrame({"run": ["실행"] * 2, "source": ["train"] * 2, "step": [1, 2], "epoch": [0.5, 1.0],
                           "metric": ["loss"] * 2, "value": [3.0, 2.0]})
    predictions = pd.DataFrame({"run": ["실행"] * 2, "id": ["a", "b"], "pred_len_chars": [5, 7], "ref_len_chars": [6, 6]})
    examples = pd.DataFrame({"split": ["train", "test"], "document_chars": [100, 80], "summary_chars": [20, 10]})
    make = {"sweep": lambda: figures.sweep_figure(sweep, ["rougeL_kiwi"]),
            "curves": lambda: figures.curves_figure(curves),
            "lengths": lambda: figures.lengths_figure(predictions),
            "data": lambda: figures.data_lengths_figure(examples)}[figure_name]
    with korean_font_context():
        assert missing_glyph_warnings(make()) == []


def test_rc_puts_the_korean_font_first_and_an_ascii_minus():
    rc = korean_rc()
    assert rc["font.family"][0] == korean_font()[0] and rc["axes.unicode_minus"] is False
