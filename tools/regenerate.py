"""Re-execute notebooks in place, each top to bottom in a fresh kernel.

This is the only way stored outputs are produced (``make regenerate``). Each
notebook runs as ``course.execute`` runs it (a fresh kernel in an empty
temporary directory, no per-cell timing metadata), and consecutive stream
chunks are joined, so that a rerun with the same results leaves the files
unchanged.

Usage: python tools/regenerate.py [NOTEBOOK ...]   (default: every lesson)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat

from course import KERNELSPEC, execute, lessons


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) chunks into one output.

    The kernel may flush one print in several pieces depending on timing; joining
    them makes the stored notebook the same on every run.
    """
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def regenerate(path: Path) -> float:
    """Execute one notebook in place; return its wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = KERNELSPEC
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    start = time.perf_counter()
    execute(nb)
    elapsed = time.perf_counter() - start
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or lessons()
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    for path in paths:
        print(f"{path.name}: ", end="", flush=True)
        print(f"regenerated in {regenerate(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
