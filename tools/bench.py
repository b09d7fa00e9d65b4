"""Print how long each notebook takes next to its floor, in the browser, and how long the tests take.

The floor of a notebook is a fresh kernel that runs only that notebook's import
statements: the part of the wall time no lesson can avoid. The target is
every notebook within 1.5x its floor.

Then, unless --skip-large, on N = 2,000,000 x D = 20 float64 data: the
package's closed-form solver against scikit-learn's LinearRegression (target:
at least 10x faster, largest coefficient difference at most 1e-8), and one
full-batch gradient-descent epoch of fit_linear_gd against reading X once with
X.sum() (target: at most 2.5x, i.e. close to the memory-bandwidth floor). Both
are measured twice: on an idle machine, and next to one busy competing process
that this script starts and stops itself, because a learner's laptop is
rarely idle and a solver that needs every core falls apart when one is taken.
--only-large runs just this part.

Then, unless --skip-browser: each notebook run through JupyterLab's
Run > Run All Cells in headless Chromium (the time from the click until the
kernel is idle, and the whole visit including opening the page and starting
the kernel), and the static site build (make site). Last, the wall time of the
whole test command (make test).

These are figures to read, not assertions: timings on shared machines are noisy,
so each run is repeated and the fastest is kept.

Usage: python tools/bench.py [--repeat N] [--only-large | --skip-large] [--skip-browser] [--skip-tests]
                             [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat

from course import ROOT, execute, lessons

NOTEBOOK_TARGET = 1.5
LARGE_SHAPE = (2_000_000, 20)
CLOSED_FORM_SPEEDUP_TARGET = 10.0
CLOSED_FORM_DIFF_TARGET = 1e-8
GD_EPOCH_TARGET = 2.5
GD_TIMED_EPOCHS = 5
# A process that keeps one core busy for as long as it runs.
BUSY_LOOP = [sys.executable, "-c", "while True: pass"]


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
    start = time.perf_counter()
    execute(nb)
    return time.perf_counter() - start


def fastest(nb: nbformat.NotebookNode, repeat: int) -> float:
    return min(run_seconds(nb) for _ in range(repeat))


def fastest_call(function, repeat: int) -> tuple[float, object]:
    """The fastest wall time of ``repeat`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


@contextmanager
def competing_process(busy: bool) -> Iterator[None]:
    """Run the block next to one process spinning on a core (``busy``), or alone."""
    if not busy:
        yield
        return
    spinner = subprocess.Popen(BUSY_LOOP)
    try:
        time.sleep(0.5)  # let it start and take its core
        yield
    finally:
        spinner.kill()
        spinner.wait()


def bench_large_data(repeat: int) -> None:
    """Closed form vs scikit-learn, and one GD epoch vs reading X once, on 2,000,000 x 20: idle and busy."""
    import numpy as np
    from sklearn.linear_model import LinearRegression

    import lessons_utils as lu

    rng = np.random.default_rng(0)
    X = rng.standard_normal(LARGE_SHAPE)  # (N, D) float64, 320 MB
    y = X @ rng.standard_normal((LARGE_SHAPE[1], 1)) + 1.5 + rng.standard_normal((LARGE_SHAPE[0], 1))
    W0 = np.zeros((LARGE_SHAPE[1], 1))
    # "idle" means no competing process of ours; the load average says what else was running.
    print(f"\nN = {LARGE_SHAPE[0]:,} x D = {LARGE_SHAPE[1]} float64 (fastest of {repeat}; "
          f"{os.cpu_count()} cores, 1-minute load average {os.getloadavg()[0]:.1f})")

    for condition in ("idle", "1 busy process"):
        with competing_process(busy=condition != "idle"):
            ours_s, fit = fastest_call(lambda: lu.fit_linear_closed_form(X, y), repeat)
            sklearn_s, model = fastest_call(lambda: LinearRegression().fit(X, y), repeat)
            # One epoch of fit_linear_gd's own loop: the time of 1 + k epochs minus
            # that of 1 epoch, over k, so the one-off input validation is not counted.
            one_s, _ = fastest_call(lambda: lu.fit_linear_gd(X, y, initial_W=W0, num_epochs=1), repeat)
            many_s, _ = fastest_call(
                lambda: lu.fit_linear_gd(X, y, initial_W=W0, num_epochs=1 + GD_TIMED_EPOCHS), repeat)
            read_s, _ = fastest_call(X.sum, repeat)

        diff = max(np.abs(fit.W.ravel() - model.coef_.ravel()).max(),
                   abs(fit.b.item() - model.intercept_.item()))
        speedup = sklearn_s / ours_s
        on_target = speedup >= CLOSED_FORM_SPEEDUP_TARGET and diff <= CLOSED_FORM_DIFF_TARGET
        verdict = "ok" if on_target else "OVER"
        print(f"[{condition:>14s}] closed form {ours_s:.3f} s, sklearn LinearRegression {sklearn_s:.3f} s: "
              f"{speedup:.1f}x faster (target >= {CLOSED_FORM_SPEEDUP_TARGET:.0f}x); largest coefficient "
              f"difference {diff:.1e} (target <= {CLOSED_FORM_DIFF_TARGET:.0e})  {verdict}")
        epoch_s = (many_s - one_s) / GD_TIMED_EPOCHS
        ratio = epoch_s / read_s
        verdict = "ok" if ratio <= GD_EPOCH_TARGET else "OVER"
        print(f"[{condition:>14s}] GD epoch {epoch_s * 1e3:.1f} ms, X.sum() {read_s * 1e3:.1f} ms: "
              f"{ratio:.2f}x (target <= {GD_EPOCH_TARGET}x)  {verdict}", flush=True)


def bench_browser(paths: list[Path], repeat: int) -> None:
    """Per notebook: Run All Cells in JupyterLab, and the whole visit; then the site build."""
    from playwright.sync_api import sync_playwright

    from build_site import build_site
    from lab_runner import chromium_launch_args, run_notebook
    from lab_server import delete_sessions, jupyterlab_server

    header = f"{'JupyterLab in headless Chromium':40s} {'run all s':>9s} {'visit s':>8s}"
    print(f"\n{header}  (fastest of {repeat})")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_args())
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
    large = parser.add_mutually_exclusive_group()
    large.add_argument("--only-large", action="store_true",
                       help="time only the closed form and GD epoch on 2,000,000 x 20 data")
    large.add_argument("--skip-large", action="store_true",
                       help="do not time the closed form and GD epoch on 2,000,000 x 20 data")
    parser.add_argument("--skip-browser", action="store_true",
                        help="do not time the JupyterLab browser runs and the site build")
    parser.add_argument("--skip-tests", action="store_true", help="do not time `make test`")
    args = parser.parse_args()
    if args.only_large:
        bench_large_data(args.repeat)
        return 0
    paths = args.notebooks or lessons()

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

    if not args.skip_large:
        bench_large_data(args.repeat)
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
