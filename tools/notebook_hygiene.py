"""The checks every stored notebook must pass to look like one clean, fresh, top-to-bottom run.

One home for them: tests/test_notebook_hygiene.py asserts them for every lesson, and the
pre-commit hook (.pre-commit-config.yaml) runs this file on the notebooks a commit touches, so
a notebook saved from a half-run kernel is refused before it is committed, not only in CI.

Each check takes a notebook as loaded from JSON and returns what is wrong with it, or None.

Usage: python tools/notebook_hygiene.py NOTEBOOK.ipynb [...]   (exit 1 and one line per problem)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

# A path of this machine or of a learner's in an output: it would leak into the site and the diffs.
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/(root|home|tmp|work|usr|opt|var|private|Users)/|[A-Za-z]:\\\\)")


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def output_texts(nb: dict) -> list[str]:
    """All text a reader sees in the outputs: streams, text reprs, HTML, tracebacks."""
    texts = []
    for cell in code_cells(nb):
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/"):
                    texts.append("".join(value))
            texts.extend(output.get("traceback", []))
    return texts


def execution_counts_problem(nb: dict) -> str | None:
    counts = [cell["execution_count"] for cell in code_cells(nb)]
    if counts != list(range(1, len(counts) + 1)):
        return f"execution counts are {counts}, not 1 to {len(counts)}: run `make regenerate` for a fresh run"
    return None


def error_outputs_problem(nb: dict) -> str | None:
    errors = [output.get("ename") for cell in code_cells(nb) for output in cell.get("outputs", [])
              if output["output_type"] == "error"]
    return f"stored error outputs: {errors}" if errors else None


def parameters_cell_problem(nb: dict) -> str | None:
    tagged = [cell for cell in nb["cells"] if "parameters" in cell.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1 or tagged[0]["cell_type"] != "code":
        return f"{len(tagged)} cells tagged 'parameters': papermill needs exactly one, a code cell"
    return None


def absolute_paths_problem(nb: dict) -> str | None:
    found = sorted({m.group(0) for text in output_texts(nb) for m in ABSOLUTE_PATH.finditer(text)})
    return f"outputs show absolute paths: {found}" if found else None


CHECKS: tuple[Callable[[dict], str | None], ...] = (
    execution_counts_problem, error_outputs_problem, parameters_cell_problem, absolute_paths_problem)


def problems(path: Path) -> list[str]:
    """Every hygiene problem of the notebook at ``path``, one sentence each."""
    nb = load(path)
    return [problem for check in CHECKS if (problem := check(nb)) is not None]


def main(argv: list[str]) -> int:
    found = [f"{path}: {problem}" for path in argv for problem in problems(Path(path))]
    print("\n".join(found) if found else f"{len(argv)} notebook(s) clean")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
