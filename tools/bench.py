"""Print how long each notebook takes next to its floor, in the browser, and how long the tests take.

The floor of a notebook is a fresh kernel that runs only that notebook's import
statements: the part of the wall time no lesson can avoid. The target is
every notebook within 1.5x its floor.

Then, unless --skip-browser: each notebook run through JupyterLab's
Run > Run All Cells in headless Chromium (the time from the click until the
kernel is idle, and the whole visit including opening the page and starting
the kernel), and the static site build (make site). Last, the wall time of the
whole test command (make test).

These are figures to read, not assertions: timings on shared machines are noisy,
so each run is repeated and the fastest is kept.

Usage: python tools/bench.py [--repeat N] [--skip-browser] [--skip-tests] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import ast
import copy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_TARGET = 1.5


def import_only(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A notebook holding only the top-level import statements of ``nb``."""
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        # IPython magics are not Python; drop them before parsing.
        lines_of_python = [ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        code = "\n".join(lines_of_python)
        for node in ast.parse(code).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                lines.append(ast.unparse(node))
    floor = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
    floor.cells = [nbformat.v4.new_code_cell("\n".join(lines))]
    return floor


def run_seconds(nb: nbformat.NotebookNode) -> float:
    """Wall time of one fresh-kernel execution, kernel start-up included."""
    nb = copy.deepcopy(nb)
    with tempfile.TemporaryDirectory() as workdir:
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": workdir}}).execute()
        return time.perf_counter() - start


def fastest(nb: nbformat.NotebookNode, repeat: int) -> float:
    return min(run_seconds(nb) for _ in range(repeat))


def bench_browser(paths: list[Path], repeat: int) -> None:
    """Per notebook: Run All Cells in JupyterLab, and the whole visit; then the site build."""
    from playwright.sync_api import sync_playwright

    from build_site import build_site
    from headless_chromium import launch
    from lab_runner import run_notebook
    from lab_server import delete_sessions, jupyterlab_server

    header = f"{'JupyterLab in headless Chromium':40s} {'run all s':>9s} {'visit s':>8s}"
    print(f"\n{header}  (fastest of {repeat})")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            with jupyterlab_server(paths, Path(tmp) / "server.log") as server:
                for path in paths:
                    run_all, visit = [], []
                    for _ in range(repeat):
                        delete_sessions(server)
                        context = browser.new_context()
                        start = time.perf_counter()
                        result = run_notebook(context.new_page(), server, path.name)
                        visit.append(time.perf_counter() - start)
                        context.close()
                        run_all.append(result.seconds)
                        if result.errors or result.executed_cells != result.code_cells:
                            print(f"  warning: {result.summary()}")
                    print(f"{path.name:40s} {min(run_all):9.2f} {min(visit):8.2f}", flush=True)
                delete_sessions(server)
        finally:
            browser.close()

    with tempfile.TemporaryDirectory() as tmp:
        builds = []
        for _ in range(repeat):
            start = time.perf_counter()
            build_site(Path(tmp))
            builds.append(time.perf_counter() - start)
    print(f"{'static site build (make site)':40s} {min(builds):9.2f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest is kept")
    parser.add_argument("--skip-browser", action="store_true",
                        help="do not time the JupyterLab browser runs and the site build")
    parser.add_argument("--skip-tests", action="store_true", help="do not time `make test`")
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

    print(f"{'notebook':40s} {'floor s':>8s} {'wall s':>8s} {'ratio':>6s}  target <= {NOTEBOOK_TARGET}x")
    worst = 0.0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        floor = fastest(import_only(nb), args.repeat)
        wall = fastest(nb, args.repeat)
        worst = max(worst, wall / floor)
        verdict = "ok" if wall / floor <= NOTEBOOK_TARGET else "OVER"
        print(f"{path.name:40s} {floor:8.2f} {wall:8.2f} {wall / floor:6.2f}  {verdict}", flush=True)
    print(f"worst ratio: {worst:.2f}")

    if not args.skip_browser:
        bench_browser(paths, args.repeat)

    if not args.skip_tests:
        print("timing the test command (make test) ...", flush=True)
        start = time.perf_counter()
        result = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        status = "passed" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        print(f"\nmake test: {elapsed:.1f} s, {status}")
        if result.returncode != 0:
            print(result.stdout[-3000:] + result.stderr[-2000:])
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
