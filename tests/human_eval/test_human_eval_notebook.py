"""notebooks/human_eval.ipynb: stored clean, and every cell runs headless on a report written here."""

from __future__ import annotations

import nbformat
import pytest

from summarizer.analysis.notebook import repo_root
from summarizer.human_eval.report import build_report, read_report, write_report
from summarizer.human_eval.store import Store
from tests.human_eval.conftest import add_study
from tools.execute_notebooks import PARAMETERS_TAG, execute_notebook

NOTEBOOK = repo_root() / "notebooks" / "human_eval.ipynb"


def test_the_notebook_is_stored_without_outputs_and_with_one_parameters_cell():
    book = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(book)
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code), "run nbstripout on it"
    (parameters,) = [cell for cell in code if PARAMETERS_TAG in cell.metadata.get("tags", [])]
    values = {}
    exec(parameters.source, {}, values)
    assert values == {"report_path": None}


def test_read_report_without_a_report_says_how_to_make_one(tmp_path, monkeypatch):
    (tmp_path / "run.py").write_text("")
    (tmp_path / "conf").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="python -m summarizer.human_eval report --name"):
        read_report()


@pytest.mark.slow  # starts a kernel (~10 s)
def test_every_cell_runs_on_a_written_report(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'he.db'}")
    add_study(store, "nb", count=4)
    for annotator, side in (("kim", "left"), ("lee", "right")):
        store.join("nb", annotator)
        for item in store.items("nb", annotator):
            store.submit("nb", annotator, item.example_id, side if item.position else "tie", ["factual_error"])
    paths = write_report(build_report(store, "nb", samples=500), tmp_path)
    executed = execute_notebook(NOTEBOOK, {"report_path": str(paths["json"])}, output=tmp_path / "executed.ipynb", timeout=300)
    outputs = [out for cell in executed.cells for out in cell.get("outputs", [])]
    text = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    assert "study 'nb': A = run-a, B = run-b" in text and "missing from font" not in text
    assert sum("image/png" in out.get("data", {}) for out in outputs) == 1
    html = "".join(out.get("data", {}).get("text/html", "") for out in outputs)
    assert "kim" in html and "rougeL_kiwi" in html and "사실 오류" in html
