"""Every notebook runs cleanly in the real JupyterLab UI, driven through its menus.

One ``jupyter lab`` serves temporary copies of the notebooks for the whole
module (tools/lab_server.py, driven by tools/lab_runner.py; the fixtures are in
conftest.py). The last lessons are run by test_jupyterlab_later_lessons.py. Each notebook gets
a fresh browser context (pytest-playwright's ``context``): its stored outputs
are cleared from the Edit menu, then Run > Run All Cells, and the page must end
with every code cell executed, no error output, and as many figures drawn and
decoded as the committed notebook stores.

When a test fails, the notebook is scrolled to its first failed cell and
pytest-playwright saves a screenshot under build/browser/failures/; the server
log is build/browser/jupyterlab/server-test_jupyterlab.log.

``test_checks_catch_a_broken_notebook`` runs a small notebook that is broken on
purpose, to show that these checks do fail when something is wrong.

``test_an_exercise_gives_feedback_in_jupyterlab`` answers an exercise as a
learner does, wrong and then right, and opens its hint and solution; its
screenshots are build/browser/jupyterlab/exercise-*.png.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import nbformat
import psutil
import pytest
from playwright.sync_api import expect

from course import KERNELSPEC, lessons
from lab_runner import (
    CODE_CELL,
    NOTEBOOK,
    check_notebook_in_jupyterlab,
    draws_figures,
    notebook_problems,
    reveal_first_problem,
    run_notebook,
)
from lab_server import LabServer, jupyterlab_server
from lessons_utils.exercises import EXERCISES

from .test_jupyterlab_later_lessons import LATER_LESSONS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The lessons that test_jupyterlab_later_lessons.py does not run.
NOTEBOOKS = [path for path in lessons() if path not in LATER_LESSONS]


@pytest.mark.notebooks
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_in_jupyterlab(notebook: Path, page, lab_server: LabServer, lab_dir: Path):
    check_notebook_in_jupyterlab(notebook, page, lab_server, lab_dir)


def _broken_notebook() -> nbformat.NotebookNode:
    """A notebook that warns on stderr, draws one figure where two are stored, then raises."""
    stored_png = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": ""})
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.cells = [
        nbformat.v4.new_code_cell("import sys\nimport matplotlib.pyplot as plt\n"
                                  "print('only a warning', file=sys.stderr)"),
        nbformat.v4.new_code_cell("plt.plot([0, 1], [0, 1])\nplt.show()",
                                  outputs=[stored_png, stored_png]),
        nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"),
        nbformat.v4.new_code_cell("print('never runs: Run All stops at the error')"),
    ]
    return nb


def test_checks_catch_a_broken_notebook(page, lab_server: LabServer):
    name = "broken_on_purpose.ipynb"
    notebook = lab_server.root_dir / name  # the server's temporary folder, not the repository
    nbformat.write(_broken_notebook(), notebook)
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
    # And a failure screenshot would show the failed cell: the reveal finds it.
    assert reveal_first_problem(page)


def test_an_exercise_gives_feedback_in_jupyterlab(page, lab_server: LabServer, lab_dir: Path):
    """Type a wrong answer, run it, read the verdict; then the right one; open a hint, the solution."""
    ex = EXERCISES["1.1"]
    wrong_code, wrong_phrase = ex.mistakes[0]
    run = run_notebook(page, lab_server, NOTEBOOKS[0].name)  # Run All, as a learner would: check is imported
    assert not run.errors, run.errors
    check_line = f'check("{ex.number}", {ex.name})'
    cell = page.locator(CODE_CELL, has_text=check_line)
    expect(cell.locator(".jp-OutputArea-output")).to_contain_text("not attempted yet")

    def answer(source: str, verdict: str, shot: str) -> None:
        cell.locator(".cm-content").click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.insert_text(f"{source.rstrip()}\n\n\n{check_line}")
        page.keyboard.press("Shift+Enter")
        expect(cell.locator(".jp-OutputArea-output")).to_contain_text(verdict, timeout=60_000)
        cell.scroll_into_view_if_needed()
        page.screenshot(path=lab_dir / f"exercise-{ex.number}-{shot}.png")

    answer(wrong_code, wrong_phrase, "wrong")
    answer(ex.solution, "correct. Well done!", "right")

    # The hints and the solution are folded in the markdown cell above, and open on a click.
    text = page.locator(f"{NOTEBOOK} .jp-MarkdownCell", has_text=f"Exercise {ex.number}: {ex.title}")
    folds = text.locator("details")
    expect(folds).to_have_count(len(ex.hints) + 1)
    first_hint = folds.first
    expect(first_hint).not_to_have_attribute("open", re.compile(".*"))
    first_hint.locator("summary").click()
    expect(first_hint).to_have_attribute("open", re.compile(".*"))
    folds.last.locator("summary").click()
    expect(folds.last.locator("code").first).to_be_visible()
    expect(folds.last).to_contain_text(f"def {ex.name}(")
    text.scroll_into_view_if_needed()
    page.screenshot(path=lab_dir / f"exercise-{ex.number}-hint-and-solution.png")


def port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_stop_server_ends_server_and_kernels(tmp_path: Path):
    with jupyterlab_server([], tmp_path / "server.log") as server:
        server.api("POST", "kernels")  # a kernel, so that stopping must reach it too
        server_process = psutil.Process(server.pid)
        processes = [server_process, *server_process.children(recursive=True)]
        port = server.port
        assert port_is_open(port)
        assert len(processes) >= 2, f"expected the server and a kernel, found {processes}"
    # Gone, or a zombie left for its new parent to reap: wait_procs counts both as ended.
    _, alive = psutil.wait_procs(processes, timeout=0)
    assert alive == [], "processes survived stop_server"
    assert not port_is_open(port), f"port {port} still accepts connections"
