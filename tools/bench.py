"""Print how long each notebook takes next to its floor, and how long the tests take.

The floor of a notebook is a fresh kernel that runs only that notebook's import
statements: the part of the wall time no lesson can avoid. The target is
every notebook within 1.5x its floor, and the whole test command (make test)
within 3 minutes on a 2-core machine once set-up is done.

These are figures to read, not assertions: timings on shared machines are noisy,
so each run is repeated and the fastest is kept.

Usage: python tools/bench.py [--repeat N] [--skip-tests] [NOTEBOOK ...]
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

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_TARGET = 1.5
TEST_TARGET_S = 180.0


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest is kept")
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

    if not args.skip_tests:
        print("timing the test command (make test) ...", flush=True)
        start = time.perf_counter()
        result = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        status = "passed" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        verdict = "ok" if elapsed <= TEST_TARGET_S else "OVER"
        print(f"make test: {elapsed:.1f} s, {status}  target <= {TEST_TARGET_S:.0f} s: {verdict}")
        if result.returncode != 0:
            print(result.stdout[-3000:] + result.stderr[-2000:])
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
