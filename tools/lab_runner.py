"""Run a notebook through the real JupyterLab page, from its menus, and report what it shows.

Notebooks are run as a learner would (Edit > Clear Outputs of All Cells, then
Run > Run All Cells), never through the REST API or keyboard shortcuts, so a
broken menu entry would be caught as well. The server comes from
lab_server.py; the page is a playwright ``Page`` in Debian's headless Chromium,
launched with :func:`chromium_launch_args` (by tests/browser through
pytest-playwright, and by tools/bench.py).
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lab_server import LabServer

RUN_TIMEOUT_S = 180.0

# The system browser, so that playwright never downloads one.
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_MISSING = (
    f"no Chromium at {CHROMIUM}. To run the browser tests, install it "
    "(Debian/Ubuntu: `sudo apt-get install chromium`) or point COURSE_CHROMIUM at a "
    "Chromium/Chrome binary."
)
CHROMIUM_ARGS = [
    "--no-sandbox",  # Chromium's sandbox refuses to start as root (containers, CI)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps trying to reach Google's hosts, which on an
    # offline machine means a stream of refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_launch_args() -> dict[str, Any]:
    """Keyword arguments for ``playwright.chromium.launch``: Debian's Chromium, quiet offline.

    Headless is playwright's default, so pytest-playwright's ``--headed`` still works.
    """
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


# Selectors. Only one notebook is open at a time, in a reset workspace.
NOTEBOOK = ".jp-NotebookPanel .jp-Notebook"
CODE_CELL = f"{NOTEBOOK} .jp-CodeCell"
PROMPT = f"{CODE_CELL} .jp-InputPrompt"
OUTPUT = f"{NOTEBOOK} .jp-OutputArea-output"
IMAGE = f"{OUTPUT} img"
# The status bar's kernel item, e.g. "Python 3 (ipykernel) | Idle". The toolbar's
# execution indicator is not used to wait for the kernel: it says "idle" from
# the start, before any kernel exists.
KERNEL_STATUS = '.jp-StatusBar-TextItem[title^="Change kernel for"]'

_EXECUTED_PROMPT = re.compile(r"^\[\d+\]:$")

# Kernel idle, and at least one cell not "[ ]" (the run has started: Run All
# marks every cell "[*]" at once), and no cell "[*]" (queued or running). After
# an error the kernel aborts the queued cells and they go back to "[ ]", so this
# also ends a run that failed half-way.
_RUN_FINISHED_JS = """
([statusSel, promptSel]) => {
    const status = document.querySelector(statusSel);
    if (!status || !/ \\| Idle$/.test(status.textContent.trim())) return false;
    const prompts = [...document.querySelectorAll(promptSel)].map(p => p.textContent.trim());
    const started = prompts.length === 0 || prompts.some(p => p !== '[ ]:');
    return started && !prompts.includes('[*]:');
}
"""
_KERNEL_READY_JS = """
statusSel => {
    const status = document.querySelector(statusSel);
    const text = status ? status.textContent.trim() : '';
    return !text.startsWith('No Kernel') && / \\| Idle$/.test(text);
}
"""
# JupyterLab renders an error output with the same renderer, mime type and CSS
# classes as text written to stderr: nothing in the DOM tells a traceback from
# a warning. The notebook model knows each output's type, so it is read through
# the app object (exposed by --LabApp.expose_app_in_browser), and the text is
# taken from the output's rendered node, i.e. what the learner sees.
_FIND_PANEL_JS = """
    let panel = null;
    for (const widget of window.jupyterapp.shell.widgets('main')) {
        if (widget.context && widget.context.path === name) panel = widget;
    }
    if (panel === null) throw new Error('no open notebook panel for ' + name);
"""
_OUTPUTS_BY_KIND_JS = """
name => {""" + _FIND_PANEL_JS + """
    const found = {codeCells: 0, errors: [], stderr: []};
    for (const cell of panel.content.widgets) {
        if (cell.model.type !== 'code') continue;
        found.codeCells += 1;
        const outputs = cell.model.outputs;
        for (let i = 0; i < outputs.length; i++) {
            const output = outputs.get(i).toJSON();
            const child = cell.outputArea.widgets[i];
            const shown = child ? child.node.innerText : '(not rendered)';
            if (output.output_type === 'error') found.errors.push(shown);
            else if (output.output_type === 'stream' && output.name === 'stderr') found.stderr.push(shown);
        }
    }
    return found;
}
"""
# Scroll the first code cell with an error output, or else the first one that
# did not run, to the top of the open notebook: what a failure screenshot should show.
_REVEAL_PROBLEM_JS = """
() => {
    const panel = window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.content.widgets) return false;
    for (const cell of panel.content.widgets) {
        if (cell.model.type !== 'code') continue;
        const outputs = cell.model.outputs;
        let failed = !cell.model.executionCount;
        for (let i = 0; i < outputs.length; i++) failed ||= outputs.get(i).type === 'error';
        if (failed) {
            cell.node.scrollIntoView({block: 'start'});
            return true;
        }
    }
    return false;
}
"""


@dataclass
class NotebookRun:
    """What one Run > Run All Cells through the UI produced."""

    name: str
    seconds: float  # from the click on Run All Cells until the kernel is idle and no cell is queued
    code_cells: int  # in the notebook model
    executed_cells: int  # code cells whose prompt shows an execution count, e.g. "[3]:"
    errors: list[str] = field(default_factory=list)  # text of each error output shown
    stderr: list[str] = field(default_factory=list)  # text of each stderr stream output (warnings)
    images_expected: int = 0  # image/png outputs stored in the notebook file
    images_rendered: int = 0  # <img> elements in the output areas
    images_loaded: int = 0  # of those, decoded with a non-zero natural width

    @property
    def error_count(self) -> int:
        return len(self.errors)

    def summary(self) -> str:
        return (f"{self.name}: {self.seconds:.1f} s, {self.executed_cells}/{self.code_cells} cells ran, "
                f"{self.error_count} errors, images {self.images_loaded} loaded / "
                f"{self.images_rendered} rendered / {self.images_expected} expected")


def expected_images(notebook: Path) -> int:
    """How many image/png outputs the stored notebook holds: the figures a run must draw."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum("image/png" in output.get("data", {})
               for cell in cells if cell["cell_type"] == "code"
               for output in cell.get("outputs", []))


def click_menu(page: Any, menu: str, item: str) -> None:
    """Open ``menu`` in the menu bar and click its entry ``item``, as a user would."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu)}$")).click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel",
                 has_text=re.compile(f"^{re.escape(item)}$")).click()


def _page_state(page: Any) -> str:
    """Kernel status and cell prompts as shown, for error messages."""
    status = page.locator(KERNEL_STATUS)
    kernel = status.first.text_content() if status.count() else "(no kernel status in the status bar)"
    prompts = " ".join(p.strip() for p in page.locator(PROMPT).all_text_contents())
    return f"kernel status: {kernel!r}; code cell prompts: {prompts or '(none shown)'}"


def _wait_for(page: Any, what: str, script: str, arg: Any, timeout: float) -> None:
    """Wait until ``script(arg)`` is true in the page; on timeout say what was awaited and what shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(script, arg=arg, timeout=timeout * 1000, polling=100)
    except PlaywrightTimeoutError:
        raise TimeoutError(f"JupyterLab: {what} did not happen within {timeout:.0f} s; "
                           f"{_page_state(page)}") from None


def run_notebook(page: Any, server: LabServer, name: str, timeout: float = RUN_TIMEOUT_S) -> NotebookRun:
    """Open ``name`` on ``page``, run all its cells from the menus and report what is shown.

    The stored outputs are cleared first (Edit menu), so everything counted
    afterwards was produced by this run rather than loaded from the file.
    Raises TimeoutError if the notebook, its kernel or the run does not get
    there within ``timeout`` seconds (each).
    """
    expected = expected_images(server.root_dir / name)
    page.goto(server.lab_url(name))
    page.locator(CODE_CELL).first.wait_for(timeout=timeout * 1000)
    _wait_for(page, "the kernel becoming idle", _KERNEL_READY_JS, KERNEL_STATUS, timeout)

    click_menu(page, "Edit", "Clear Outputs of All Cells")
    _wait_for(page, "clearing every output and prompt",
              "([outputSel, promptSel]) => document.querySelectorAll(outputSel).length === 0"
              " && [...document.querySelectorAll(promptSel)].every(p => p.textContent.trim() === '[ ]:')",
              [OUTPUT, PROMPT], timeout)

    start = time.perf_counter()
    click_menu(page, "Run", "Run All Cells")
    _wait_for(page, "Run All Cells finishing", _RUN_FINISHED_JS, [KERNEL_STATUS, PROMPT], timeout)
    seconds = time.perf_counter() - start

    # PNG outputs are data URLs, which the browser decodes asynchronously.
    _wait_for(page, "decoding the output images",
              "sel => [...document.querySelectorAll(sel)].every(img => img.complete)", IMAGE, timeout)
    loaded = page.evaluate(
        "sel => [...document.querySelectorAll(sel)].filter(i => i.complete && i.naturalWidth > 0).length",
        IMAGE)
    prompts = page.locator(PROMPT).all_text_contents()
    outputs = page.evaluate(_OUTPUTS_BY_KIND_JS, name)
    return NotebookRun(
        name=name,
        seconds=seconds,
        code_cells=outputs["codeCells"],
        executed_cells=sum(bool(_EXECUTED_PROMPT.match(p.strip())) for p in prompts),
        errors=outputs["errors"],
        stderr=outputs["stderr"],
        images_expected=expected,
        images_rendered=page.locator(IMAGE).count(),
        images_loaded=loaded,
    )


def reveal_first_problem(page: Any) -> bool:
    """Scroll the open notebook to its first failed or unexecuted code cell; False if there is none."""
    return bool(page.evaluate(_REVEAL_PROBLEM_JS))


def draws_figures(notebook: Path) -> bool:
    """Whether some code cell calls plt.show(), read from the source, not the stored outputs."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return any("plt.show(" in "".join(cell["source"]) for cell in nb["cells"] if cell["cell_type"] == "code")


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


def check_notebook_in_jupyterlab(notebook: Path, page: Any, server: LabServer, evidence: Path) -> None:
    """Run All on ``notebook`` in JupyterLab and fail, listing every problem, unless it ran cleanly.

    The run's figures (how long Run All took, what it showed) are kept for reviewers and
    benchmarks as ``<evidence>/<stem>-run.json``.
    """
    run = run_notebook(page, server, notebook.name)
    (evidence / f"{notebook.stem}-run.json").write_text(json.dumps(asdict(run), indent=2))
    problems = notebook_problems(run, draws_figures(notebook))
    detail = "\n".join(f"- {p}" for p in problems)
    assert not problems, f"{run.summary()}\n{detail}\nserver log: {server.log_path}"
