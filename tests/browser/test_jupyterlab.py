"""Every notebook runs cleanly in the real JupyterLab UI, driven through its menus.

One ``jupyter lab`` serves temporary copies of the notebooks for the whole
module (tools/lab_server.py, driven by tools/lab_runner.py). Each notebook gets a fresh browser context:
its stored outputs are cleared from the Edit menu, then Run > Run All Cells, and
the page must end with every code cell executed, no error output, and as many
figures drawn and decoded as the committed notebook stores.

When a notebook test fails, a screenshot of the page, scrolled to the first
failed cell, is saved to build/browser/jupyterlab/<name>-failure.png and named
in the failure message; the server log is build/browser/jupyterlab/server.log.

``test_checks_catch_a_broken_notebook`` runs a small notebook that is broken on
purpose, to show that these checks do fail when something is wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import nbformat
import pytest

from course_files import NOTEBOOKS
from lab_runner import NotebookRun, reveal_first_problem, run_notebook, save_screenshot
from lab_server import (
    LabServer,
    delete_sessions,
    descendant_pids,
    jupyterlab_server,
    pid_exists,
    port_is_open,
)

# Tall enough that a failure screenshot shows a traceback and the cells around it.
VIEWPORT = {"width": 1280, "height": 1000}
EXTERNAL_URL = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")


@pytest.fixture(scope="module")
def evidence_dir(screenshot_dir: Path) -> Path:
    folder = screenshot_dir / "jupyterlab"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def lab_server(evidence_dir: Path) -> Iterator[LabServer]:
    with jupyterlab_server(NOTEBOOKS, evidence_dir / "server.log") as server:
        yield server


@pytest.fixture
def page(browser, lab_server: LabServer) -> Iterator[object]:
    """A page in a fresh browser context, with no kernel left over from an earlier test."""
    delete_sessions(lab_server)
    context = browser.new_context(viewport=VIEWPORT)
    # Only the local server may be reached, so a run is the same on- and offline
    # (the notebooks' Colab and Binder badges are external images).
    context.route(EXTERNAL_URL, lambda route: route.abort())
    try:
        yield context.new_page()
    finally:
        context.close()
        # Shut this test's kernel down now: on two cores, idle kernels still cost.
        delete_sessions(lab_server)


@contextmanager
def screenshot_on_failure(page, notebook: str, path: Path, server: LabServer) -> Iterator[None]:
    """Save a screenshot of ``page`` if the block raises, and name it in the error."""
    path.unlink(missing_ok=True)  # a screenshot from an earlier failed run would mislead
    try:
        yield
    except Exception as error:
        try:
            reveal_first_problem(page, notebook)
        except Exception:
            pass  # a page that never finished loading is still worth a screenshot
        try:
            evidence = f"screenshot of the page: {save_screenshot(page, path)}"
        except Exception as screenshot_error:  # the page may have crashed; keep the real failure
            evidence = f"no screenshot could be taken: {screenshot_error}"
        raise AssertionError(f"{error}\n{evidence}\nserver log: {server.log_path}") from error


def draws_figures(notebook: Path) -> bool:
    """Whether some code cell calls plt.show(), read from the source, not the stored outputs."""
    nb = nbformat.read(notebook, as_version=4)
    return any("plt.show(" in cell.source for cell in nb.cells if cell.cell_type == "code")


def notebook_problems(run: NotebookRun, figures: bool) -> list[str]:
    """Everything wrong with a run, one line each; empty when the notebook ran cleanly."""
    problems = [f"cell raised an error:\n{text.strip()[-1500:]}" for text in run.errors]
    if run.executed_cells != run.code_cells:
        problems.append(f"only {run.executed_cells} of {run.code_cells} code cells show an execution count")
    if run.images_rendered != run.images_expected:
        problems.append(f"{run.images_rendered} images rendered, but the committed notebook stores "
                        f"{run.images_expected} image/png outputs")
    if run.images_loaded != run.images_rendered:
        problems.append(f"only {run.images_loaded} of {run.images_rendered} rendered images decoded")
    if figures and run.images_rendered == 0:
        problems.append("the notebook calls plt.show() but no figure was drawn")
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab(notebook: Path, page, lab_server: LabServer, evidence_dir: Path):
    shot = evidence_dir / f"{notebook.stem}-failure.png"
    with screenshot_on_failure(page, notebook.name, shot, lab_server):
        run = run_notebook(page, lab_server, notebook.name)
        # Kept for reviewers and benchmarks: how long Run All Cells took, and what it showed.
        (evidence_dir / f"{notebook.stem}-run.json").write_text(json.dumps(asdict(run), indent=2))
        problems = notebook_problems(run, draws_figures(notebook))
        detail = "\n".join(f"- {p}" for p in problems)
        assert not problems, f"{run.summary()}\n{detail}"


def _broken_notebook() -> nbformat.NotebookNode:
    """A notebook that warns on stderr, draws one figure where two are stored, then raises."""
    stored_png = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": ""})
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("import sys\nimport matplotlib.pyplot as plt\n"
                                  "print('only a warning', file=sys.stderr)"),
        nbformat.v4.new_code_cell("plt.plot([0, 1], [0, 1])\nplt.show()",
                                  outputs=[stored_png, stored_png]),
        nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"),
        nbformat.v4.new_code_cell("print('never runs: Run All stops at the error')"),
    ]
    return nb


def test_checks_catch_a_broken_notebook(page, lab_server: LabServer, evidence_dir: Path):
    name = "broken_on_purpose.ipynb"
    notebook = lab_server.root_dir / name  # the server's temporary folder, not the repository
    nbformat.write(_broken_notebook(), notebook)
    with screenshot_on_failure(page, name, evidence_dir / "broken_on_purpose-failure.png", lab_server):
        run = run_notebook(page, lab_server, name)

    assert len(run.errors) == 1 and "ValueError: broken on purpose" in run.errors[0], run.errors
    # stderr output looks like an error on the page but must not be counted as one.
    assert len(run.stderr) == 1 and "only a warning" in run.stderr[0], run.stderr
    assert (run.code_cells, run.executed_cells) == (4, 3)
    assert (run.images_expected, run.images_rendered, run.images_loaded) == (2, 1, 1)
    # The very check the course notebooks go through reports all three faults.
    problems = "\n".join(notebook_problems(run, draws_figures(notebook)))
    for fault in ("ValueError: broken on purpose", "only 3 of 4 code cells",
                  "1 images rendered, but the committed notebook stores 2"):
        assert fault in problems, problems


def test_stop_server_ends_server_and_kernels(tmp_path: Path):
    with jupyterlab_server([], tmp_path / "server.log") as server:
        server.api("POST", "kernels")  # a kernel, so that stopping must reach it too
        processes = [server.pid, *descendant_pids(server.pid)]
        port = server.port
        assert port_is_open(port)
        assert len(processes) >= 2, f"expected the server and a kernel, found PIDs {processes}"
    assert [pid for pid in processes if pid_exists(pid)] == [], "processes survived stop_server"
    assert not port_is_open(port), f"port {port} still accepts connections"
