"""The notebooks: stored clean, parameterised papermill-style, and every cell runs on a real tiny run and
a real tiny multirun (slow: the runs and six kernel executions take about a minute on 2 cores)."""

from __future__ import annotations

import os
import time

import nbformat
import pytest

from summarizer.analysis import notebook as nb
from tests.analysis.fake_runs import write_run
from tools.execute_notebooks import (
    INJECTED_TAG,
    PARAMETERS_TAG,
    execute_notebook,
    inject_parameters,
    make_tiny_runs,
    notebook_paths,
)

NOTEBOOKS = ["01_compare_runs.ipynb", "02_predictions.ipynb", "03_data.ipynb"]


def test_all_three_notebooks_exist():
    assert [path.name for path in notebook_paths()] == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_notebooks_have_no_outputs_and_one_parameters_cell(name):
    book = nbformat.read(nb.repo_root() / "notebooks" / name, as_version=4)
    nbformat.validate(book)
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code), "run `make format` (nbstripout)"
    tagged = [cell for cell in code if PARAMETERS_TAG in cell.metadata.get("tags", [])]
    assert len(tagged) == 1
    defaults = {}
    exec(tagged[0].source, {}, defaults)  # the parameters cell is plain assignments
    assert defaults["run_dir"] is None and defaults["multirun_dir"] is None


def test_parameters_are_injected_after_the_parameters_cell_replacing_earlier_ones():
    book = nbformat.read(nb.repo_root() / "notebooks" / NOTEBOOKS[0], as_version=4)
    position = next(i for i, cell in enumerate(book.cells) if PARAMETERS_TAG in cell.metadata.get("tags", []))
    inject_parameters(book, {"multirun_dir": "/x"})
    inject_parameters(book, {"multirun_dir": "/y", "metric": "rouge1_kiwi"})
    injected = [i for i, cell in enumerate(book.cells) if INJECTED_TAG in cell.metadata.get("tags", [])]
    assert injected == [position + 1]
    namespace = {}
    exec(book.cells[position].source + "\n" + book.cells[position + 1].source, {}, namespace)
    assert (namespace["multirun_dir"], namespace["metric"], namespace["run_dir"]) == ("/y", "rouge1_kiwi", None)


def _touch(run_dir, seconds_ago):
    stamp = time.time() - seconds_ago
    os.utime(run_dir / "metrics.json", (stamp, stamp))


def test_defaults_resolve_to_the_most_recent_run_and_multirun_under_the_repo(tmp_path):
    root = tmp_path / "repo"
    (root / "conf").mkdir(parents=True)
    (root / "run.py").write_text("")
    with pytest.raises(FileNotFoundError, match="python run.py debug=default"):
        nb.resolve_runs(root=root)
    old = write_run(root / "outputs" / "zzz-old", [], [1.0])
    new = write_run(root / "outputs" / "aaa-new", [], [1.0])
    _touch(old, 300)
    _touch(new, 200)
    assert nb.latest_run_dir(root) == new.resolve()  # by when it was written, not by its name
    assert nb.resolve_runs(root=root) == [new.resolve()]
    sweep = root / "multirun" / "2026-11-22" / "10-00-00"
    jobs = [write_run(sweep / str(job), [f"optimizer={name}"], [float(job)]) for job, name in enumerate(["adamw", "sgd"])]
    (sweep / "multirun.yaml").write_text("{}")
    for job in jobs:
        _touch(job, 100)
    assert nb.latest_multirun_dir(root) == sweep.resolve()
    assert nb.resolve_runs(root=root) == [sweep.resolve()]  # the multirun is newer than the single run
    _touch(new, 10)
    assert nb.resolve_runs(root=root) == [new.resolve()]
    assert nb.resolve_runs(multirun_dir=sweep, root=root) == [sweep]


def test_a_multirun_given_to_a_single_run_notebook_means_its_best_job(tmp_path):
    jobs = [write_run(tmp_path / "m" / str(job), [f"optimizer={name}"], [score])
            for job, (name, score) in enumerate([("adamw", 10.0), ("sgd", 30.0), ("adam", 20.0)])]
    assert nb.resolve_run(multirun_dir=tmp_path / "m") == jobs[1].resolve()  # highest validation objective
    assert nb.resolve_run(run_dir=jobs[0], multirun_dir=tmp_path / "m") == jobs[0]


@pytest.fixture(scope="module")
def tiny_runs(tmp_path_factory):
    """A real run and a real 2-job multirun, made by run.py exactly as `make notebooks` makes them."""
    return make_tiny_runs(tmp_path_factory.mktemp("notebook_runs"))


def _stream_text(book) -> str:
    return "".join(out.get("text", "") for cell in book.cells for out in cell.get("outputs", []) if out.output_type == "stream")


def _images(book) -> int:
    return sum("image/png" in out.get("data", {}) for cell in book.cells for out in cell.get("outputs", []))


@pytest.mark.slow
@pytest.mark.parametrize("target", ["run", "multirun"])
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_runs_headless_against_a_tiny_run_and_multirun(name, target, tiny_runs, tmp_path):
    run_dir, multirun_dir = tiny_runs
    parameters = {"run_dir": str(run_dir)} if target == "run" else {"multirun_dir": str(multirun_dir)}
    executed = execute_notebook(nb.repo_root() / "notebooks" / name, parameters, output=tmp_path / name, timeout=300)
    # execute_notebook raises on any cell error; beyond that, every figure drew Korean without tofu
    assert "missing from font" not in _stream_text(executed)
    assert _images(executed) >= 2
    assert "NanumGothic" in _stream_text(executed) or "Korean font:" in _stream_text(executed)


@pytest.mark.slow  # starts a kernel (~3 s)
def test_a_failing_cell_fails_the_execution_and_parameters_reach_the_kernel(tmp_path):
    from nbclient.exceptions import CellExecutionError

    book = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = None", metadata={"tags": [PARAMETERS_TAG]}),
        nbformat.v4.new_code_cell("raise ValueError(f'broken with x={x}')"),
    ])
    path = tmp_path / "broken.ipynb"
    nbformat.write(book, path)
    with pytest.raises(CellExecutionError, match="broken with x=7"):
        execute_notebook(path, {"x": 7}, output=tmp_path / "executed.ipynb")
    assert (tmp_path / "executed.ipynb").is_file()  # kept to see where it stopped
