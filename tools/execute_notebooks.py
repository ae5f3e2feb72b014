"""Execute the analysis notebooks headless with parameters, failing on the first cell error.

Parameters go in papermill's way: a cell tagged `injected-parameters` is inserted after the cell tagged
`parameters`, so `papermill notebooks/01_compare_runs.ipynb out.ipynb -p multirun_dir ...` works the same.

    python -m tools.execute_notebooks --fresh-runs outputs/notebook_runs --out outputs/notebooks
        makes a tiny run and a tiny 2-job multirun (seconds), then executes every notebook against both
    python -m tools.execute_notebooks --run-dir outputs/... --multirun-dir multirun/...
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.analysis.notebook import repo_root

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
KERNEL = "python3"
# Two steps on a few examples with one evaluation during training: every table and figure exists, in
# seconds (short generations, no untrained pass).
TINY_RUN = ["debug=default", "logger=none", "evaluate_untrained=false", "data.max_train_samples=16",
            "data.max_eval_samples=8", "data.max_test_samples=8", "generation.max_new_tokens=16", "trainer.max_steps=2",
            "trainer.eval_strategy=steps", "trainer.eval_steps=2"]
TINY_MULTIRUN = [*TINY_RUN, "optimizer=adamw,adafactor"]


def notebooks_dir() -> Path:
    return repo_root() / "notebooks"


def notebook_paths() -> list[Path]:
    return sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def inject_parameters(notebook: Any, parameters: dict[str, Any]) -> Any:
    """Insert `name = repr(value)` assignments after the `parameters` cell (at the top if there is none)."""
    import nbformat

    source = "# Parameters\n" + "".join(f"{name} = {value!r}\n" for name, value in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [INJECTED_TAG]})
    cells = [c for c in notebook.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    tagged = [i for i, c in enumerate(cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    cells.insert(tagged[0] + 1 if tagged else 0, cell)
    notebook.cells = cells
    return notebook


def execute_notebook(path: str | Path, parameters: dict[str, Any] | None = None, output: str | Path | None = None,
                     timeout: int = 600, kernel_name: str = KERNEL) -> Any:
    """Run every cell in a fresh kernel started in the notebook's directory; raise nbclient's
    CellExecutionError (naming the cell and the traceback) on the first error. The executed notebook is
    written to `output` when given (also on error, to see where it stopped)."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    notebook = inject_parameters(nbformat.read(path, as_version=4), {k: v for k, v in (parameters or {}).items()})
    client = NotebookClient(notebook, timeout=timeout, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute(env=_kernel_env())
    finally:
        if output is not None:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, output)
    return notebook


def _kernel_env() -> dict[str, str]:
    """This environment, with the repository importable (also when it is not pip-installed) and plots
    drawn without a display."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(repo_root()), env.get("PYTHONPATH", "")) if p)
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    env.setdefault("WANDB_MODE", "offline")
    return env


def make_tiny_runs(directory: str | Path) -> tuple[Path, Path]:
    """A tiny run and a tiny 2-job multirun (adamw, adafactor) made by run.py itself in `directory`
    (its `run/` and `multirun/` are replaced)."""
    directory = Path(directory).resolve()
    run_dir, multirun_dir = directory / "run", directory / "multirun"
    for previous in (run_dir, multirun_dir):  # fresh: no file of an earlier call may linger
        shutil.rmtree(previous, ignore_errors=True)
    python, script = sys.executable, str(repo_root() / "run.py")
    env = {**os.environ, "WANDB_MODE": "offline"}
    subprocess.run([python, script, *TINY_RUN, f"hydra.run.dir={run_dir}"], check=True, env=env, cwd=repo_root())
    subprocess.run([python, script, "-m", *TINY_MULTIRUN, f"hydra.sweep.dir={multirun_dir}"], check=True, env=env,
                   cwd=repo_root())
    return run_dir, multirun_dir


def execute_all(run_dir: Path | None, multirun_dir: Path | None, out: Path | None, notebooks: Sequence[Path] = ()) -> list[Path]:
    """Every notebook against the run and against the multirun given; returns the executed copies."""
    written = []
    targets = [(name, params) for name, params in (("run", {"run_dir": str(run_dir) if run_dir else None}),
                                                   ("multirun", {"multirun_dir": str(multirun_dir) if multirun_dir else None}))
               if any(params.values())] or [("latest", {})]
    for notebook in notebooks or notebook_paths():
        for name, parameters in targets:
            output = out / f"{notebook.stem}.{name}.ipynb" if out else None
            print(f"executing {notebook.name} with {parameters or 'the latest run'}", flush=True)
            execute_notebook(notebook, parameters, output)
            if output:
                written.append(output)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/NN_*.ipynb")
    parser.add_argument("--run-dir", type=Path)
    parser.add_argument("--multirun-dir", type=Path)
    parser.add_argument("--fresh-runs", type=Path, metavar="DIR", help="make a tiny run and multirun in DIR first")
    parser.add_argument("--out", type=Path, metavar="DIR", help="write the executed notebooks here")
    args = parser.parse_args(argv)
    run_dir, multirun_dir = args.run_dir, args.multirun_dir
    if args.fresh_runs:
        run_dir, multirun_dir = make_tiny_runs(args.fresh_runs)
    for path in execute_all(run_dir, multirun_dir, args.out, args.notebooks):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
