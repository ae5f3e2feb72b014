"""The PNGs a finished run leaves in figures/, and the same images in W&B."""

from __future__ import annotations

import logging
import os

import pytest
from PIL import Image

from summarizer.analysis.run_figures import log_figures_to_wandb, save_run_figures
from tests.analysis.fake_runs import sweep_rows, write_run


def test_every_figure_whose_data_exists_is_written_as_a_png(tmp_path):
    run = write_run(tmp_path / "run", [], [10.0, 20.0, 30.0, 40.0], sweep=sweep_rows({0.8: 1.0, 1.2: 2.0}),
                    training_log=[{"step": 1, "loss": 3.0}, {"step": 2, "loss": 2.0}])
    written = save_run_figures(run)
    assert [path.name for path in written] == ["length_penalty_sweep.png", "curves.png", "lengths.png", "repetition.png",
                                               "score_by_document_length.png", "data_steps.png"]
    for path in written:
        assert path.parent == run / "figures"
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width > 300 and image.height > 200


def test_a_run_without_sweep_or_curves_skips_those_figures_without_failing(tmp_path):
    run = write_run(tmp_path / "run", [], [10.0, 20.0])
    names = [path.name for path in save_run_figures(run)]
    assert "length_penalty_sweep.png" not in names and "curves.png" not in names
    assert "lengths.png" in names


def test_missing_or_broken_files_never_raise(tmp_path):
    assert save_run_figures(tmp_path / "absent") == []
    run = write_run(tmp_path / "run", [], [10.0, 20.0], sweep=sweep_rows({0.8: 1.0}))
    (run / "sweep.csv").write_text("length_penalty\nnot-a-number\n")
    (run / "predictions.jsonl").write_text('{"id": "x"}\n')  # no scores, no text
    (run / "data_report.json").write_text("{}")
    written = save_run_figures(run)  # whatever can be drawn is; nothing raises
    # no curves, no repetition scores, no per-example scores to bucket; the others say what is missing
    assert [path.name for path in written] == ["length_penalty_sweep.png", "lengths.png", "data_steps.png"]
    for path in written:
        with Image.open(path) as image:
            assert image.format == "PNG"


def test_without_a_hangul_font_figures_are_still_saved_with_one_warning(tmp_path, monkeypatch, caplog, recwarn):
    from summarizer.analysis import fonts, run_figures

    def no_font():
        raise fonts.KoreanFontMissing("no font with Hangul glyphs (simulated)")

    monkeypatch.setattr(fonts, "korean_font", no_font)  # what korean_rc / korean_font_context resolve the font with
    monkeypatch.setattr(run_figures, "_font_warned", False)
    run = write_run(tmp_path / "run", [], [10.0, 20.0, 30.0, 40.0], sweep=sweep_rows({0.8: 1.0, 1.2: 2.0}),
                    training_log=[{"step": 1, "loss": 3.0}, {"step": 2, "loss": 2.0}])
    with caplog.at_level(logging.WARNING, logger=run_figures.__name__):
        written = save_run_figures(run)
        again = run_figures.save_comparison_figures([run], tmp_path / "compare")
    assert [path.name for path in written] == ["length_penalty_sweep.png", "curves.png", "lengths.png", "repetition.png",
                                               "score_by_document_length.png", "data_steps.png"]
    assert [path.name for path in again] == ["ranking.png", "length_penalty_sweep.png", "curves.png", "score_by_document_length.png"]
    for path in written + again:
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width > 300
    font_warnings = [r for r in caplog.records if "default font" in r.getMessage()]
    assert len(font_warnings) == 1 and "simulated" in font_warnings[0].getMessage()  # once, not per figure or call
    assert not [w for w in recwarn if "missing from font" in str(w.message)]  # the boxes are said once, above


def test_nothing_is_logged_without_a_wandb_run(tmp_path):
    log_figures_to_wandb(None, [tmp_path / "x.png"])  # no error, no import of wandb needed


@pytest.mark.slow  # starts a W&B offline run (~5 s)
def test_figures_are_logged_to_an_offline_wandb_run_as_images(tmp_path, monkeypatch):
    import wandb

    from tests.wandb_records import find_offline_runs, read_offline_run

    run_dir = write_run(tmp_path / "run", [], [10.0, 20.0], training_log=[{"step": 1, "loss": 3.0}])
    paths = save_run_figures(run_dir)
    monkeypatch.setenv("WANDB_MODE", "offline")
    monkeypatch.setenv("WANDB_SILENT", "true")
    run = wandb.init(project="analysis-test", dir=str(tmp_path), mode="offline")
    log_figures_to_wandb(run, paths)
    run.finish()
    (offline,) = find_offline_runs(tmp_path / "wandb")
    history = read_offline_run(offline).history
    logged = {key.removesuffix("/_type"): row[key] for row in history for key in row if key.endswith("/_type")}
    assert {f"figures/{path.stem}" for path in paths} <= set(logged)
    assert set(logged.values()) == {"image-file"}
    images = list((offline / "files" / "media" / "images").rglob("*.png"))
    assert len(images) >= len(paths) and all(os.path.getsize(image) > 0 for image in images)


def test_comparison_figures_of_a_multirun_and_the_command_line(tmp_path, capsys):
    from summarizer.analysis.run_figures import main, save_comparison_figures

    for job, (name, scores) in enumerate([("adamw", [10.0, 20.0]), ("sgd", [30.0, 35.0])]):
        write_run(tmp_path / "multirun" / str(job), [f"optimizer={name}"], scores, sweep=sweep_rows({0.8: 1.0, 1.2: 2.0}))
    written = save_comparison_figures([tmp_path / "multirun"], tmp_path / "docs")
    assert [path.name for path in written] == ["ranking.png", "length_penalty_sweep.png", "score_by_document_length.png"]
    main(["--compare", str(tmp_path / "multirun"), "--out", str(tmp_path / "cli")])
    printed = capsys.readouterr().out.split()
    assert sorted(printed) == sorted(str(tmp_path / "cli" / path.name) for path in written)
    assert save_comparison_figures([tmp_path / "nothing here"], tmp_path / "x") == []
