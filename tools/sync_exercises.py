"""Write every lesson's Exercises section, and the README's list, from the exercises' one source.

Each exercise is one ``Exercise`` object in ``lessons_utils/exercises/lessonNN.py``
(its prompt, stub, hints, solution and grader). From them this script writes:

* into each lesson with exercises, right before the ``## Checks`` heading, an
  ``## Exercises`` section: an introduction, a plumbing cell importing ``check``,
  then per exercise a markdown cell (the task, each hint and the solution folded
  in ``<details>``, so JupyterLab, Colab and the static site all show them
  collapsed until asked for) and a code cell tagged ``exercise`` (the stub and
  its ``check`` call);
* into ``README.md``, between its exercise markers, the list of exercises.

Cells are found by their fixed ids, so a rerun replaces them in place; a code
cell whose source is unchanged keeps its outputs. ``--check`` writes nothing
and exits 1 if any file differs (``tests/test_exercises.py``).

Usage: python tools/sync_exercises.py [--check] [--lesson N]
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

from course import ROOT, lessons
from lessons_utils.exercises import EXERCISES, Exercise

README = ROOT / "README.md"
README_START, README_END = "<!-- exercises:start -->", "<!-- exercises:end -->"
CHECKS_HEADING = "## Checks"
EXERCISE_TAG = "exercise"
INTRO = """## Exercises

Practise what this lesson did. Write each answer in the code cell under its exercise, in place of
the `raise NotImplementedError` line, and run that cell: `check` says whether the answer is right
and, if not, what kind of mistake it sees, without giving the answer away. The hints open one at a
time, from a nudge to nearly the answer; the solution is the last resort. With an exercise left
as it is, the cell only prints "not attempted yet", so the notebook still runs top to bottom."""
SETUP = """# Plumbing: the exercise checker; hint("N.M", step) and solution("N.M") print what the folds hold.
from lessons_utils.exercises import check, hint, solution  # noqa: F401"""


def lesson_number(path: Path) -> int:
    return int(path.name[:2])


def cell_id(number: str, part: str) -> str:
    return f"exercise-{number.replace('.', '-')}-{part}"


def _fold(summary: str, body: str) -> str:
    return f"<details>\n<summary>{summary}</summary>\n\n{body}\n\n</details>"


def text_cell_source(ex: Exercise) -> str:
    hints = [_fold(f"Hint {i} of {len(ex.hints)}", hint) for i, hint in enumerate(ex.hints, 1)]
    solution = _fold("Solution", f"```python\n{ex.solution.rstrip()}\n```")
    return "\n\n".join([f"### Exercise {ex.number}: {ex.title}", ex.prompt, *hints, solution])


def code_cell_source(ex: Exercise) -> str:
    return f'{ex.stub.rstrip()}\n\n\ncheck("{ex.number}", {ex.name})'


def with_solutions(nb: nbformat.NotebookNode) -> list:
    """Type every exercise's reference solution into its cell of ``nb`` (in place); return those cells.

    The tests run notebooks this way, so each solution is shown to pass where a
    learner types it, next to the lesson's own code.
    """
    cells = [cell for cell in nb.cells if EXERCISE_TAG in cell.metadata.get("tags", [])]
    for cell in cells:
        number = cell.source.rsplit('check("', 1)[1].split('"', 1)[0]
        ex = EXERCISES[number]
        cell.source = f'{ex.solution.rstrip()}\n\n\ncheck("{ex.number}", {ex.name})'
    return cells


def _cell(kind: str, cell_id_: str, source: str, existing: dict, tags: list[str] | None = None):
    """The cell with ``cell_id_``: the existing one (outputs kept) if its source is unchanged."""
    old = existing.get(cell_id_)
    if old is not None and old.cell_type == kind and old.source == source:
        cell = old
    else:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(id=cell_id_, source=source)
    if tags:
        cell.metadata["tags"] = tags
    return cell


def synced_notebook(nb: nbformat.NotebookNode, lesson: int) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose Exercises section matches lesson ``lesson``'s exercises."""
    nb = copy.deepcopy(nb)
    existing = {cell.get("id"): cell for cell in nb.cells if str(cell.get("id", "")).startswith("exercise")}
    nb.cells = [cell for cell in nb.cells if cell.get("id") not in existing]
    exercises = [ex for ex in EXERCISES.values() if ex.number.split(".")[0] == str(lesson)]
    if not exercises:
        return nb
    at = next(i for i, cell in enumerate(nb.cells)
              if cell.cell_type == "markdown" and re.search(rf"^{CHECKS_HEADING}\b", cell.source, re.M))
    head, _, tail = nb.cells[at].source.partition(CHECKS_HEADING)
    if head.strip():  # the Checks heading shares a cell with the summary: give it a cell of its own
        nb.cells[at].source = head.rstrip()
        at += 1
        nb.cells.insert(at, nbformat.v4.new_markdown_cell(id="checks-heading", source=CHECKS_HEADING + tail))
    section = [_cell("markdown", "exercises-intro", INTRO, existing),
               _cell("code", "exercises-setup", SETUP, existing)]
    for ex in exercises:
        section.append(_cell("markdown", cell_id(ex.number, "text"), text_cell_source(ex), existing))
        section.append(_cell("code", cell_id(ex.number, "answer"), code_cell_source(ex), existing,
                             tags=[EXERCISE_TAG]))
    nb.cells[at:at] = section
    return nb


def readme_list() -> str:
    lines = [README_START, "", "| # | Exercise |", "|---|----------|"]
    lines += [f"| {ex.number} | {ex.title} |" for ex in EXERCISES.values()]
    return "\n".join([*lines, "", README_END])


def synced_readme(text: str) -> str:
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    return text[:start] + readme_list() + text[end:]


def expected_files(only_lesson: int | None = None) -> dict[Path, str]:
    """What every generated-into file should contain, keyed by path (one lesson's notebook only, if given)."""
    files = {}
    for path in lessons():
        if only_lesson is not None and lesson_number(path) != only_lesson:
            continue
        nb = nbformat.read(path, as_version=4)
        text = nbformat.writes(synced_notebook(nb, lesson_number(path)))
        files[path] = text if text.endswith("\n") else text + "\n"
    if only_lesson is None:
        files[README] = synced_readme(README.read_text(encoding="utf-8"))
    return files


def drifted_files() -> list[Path]:
    """Files whose exercise cells or list differ from the exercises' source."""
    return [path for path, text in expected_files().items() if path.read_text(encoding="utf-8") != text]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file drifts")
    parser.add_argument("--lesson", type=int, help="only this lesson's notebook (not the README)")
    args = parser.parse_args(argv)
    expected = expected_files(args.lesson)
    drifted = [path for path, text in expected.items() if path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in drifted:
            print(f"{path.relative_to(ROOT)} drifts from lessons_utils/exercises; run `make sync-exercises`")
        return 1 if drifted else 0
    for path in drifted:
        path.write_text(expected[path], encoding="utf-8")
        print(f"updated {path.relative_to(ROOT)}")
    print(f"{len(EXERCISES)} exercises in sync")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
