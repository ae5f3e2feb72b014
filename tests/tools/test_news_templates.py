"""The generator's data files (tools/news_templates/): all used, found beside the module, readable Korean."""

from pathlib import Path

from tools import synthetic_news as sn


def test_templates_dir_is_found_beside_the_module_not_the_cwd():
    assert sn.TEMPLATES_DIR.is_absolute()
    assert sn.TEMPLATES_DIR == Path(sn.__file__).resolve().parent / "news_templates"


def test_every_data_file_is_used_and_every_frame_has_one():
    files = {path.stem for path in sn.TEMPLATES_DIR.glob("*.yaml")}
    keys = [key for key, _ in sn._FRAME_SAMPLERS]
    assert len(set(keys)) == len(keys) == len(sn.FRAMES)
    assert files == {"pools", *keys}


def test_data_files_keep_hangul_literal():
    for path in sn.TEMPLATES_DIR.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "\\u" not in text, path.name
        assert "\t" not in text, path.name
