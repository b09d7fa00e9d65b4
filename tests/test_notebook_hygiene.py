"""Every committed notebook looks like one clean, fresh, top-to-bottom run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course import NOTEBOOK_DIR, ROOT, lessons

NOTEBOOKS = lessons()
MAX_BYTES = 1_000_000
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/(root|home|tmp|work|usr|opt|var|private|Users)/|[A-Za-z]:\\\\)")
DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d+(?!\.?\d)")

by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
# A row of the README's lesson table: | 3 | [`03_standardization`](notebooks/03_standardization.ipynb) |
README_LESSON_ROW = re.compile(r"^\| *(\d+) *\| *\[`([\w-]+)`\]\(notebooks/([\w-]+)\.ipynb\)", re.M)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


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


def test_notebook_names_are_numbered_in_order():
    numbers = [int(path.name[:2]) for path in NOTEBOOKS]
    assert numbers == list(range(1, len(NOTEBOOKS) + 1))
    assert {p.name for p in NOTEBOOK_DIR.glob("*.ipynb")} == {p.name for p in NOTEBOOKS}


def test_readme_table_lists_exactly_the_lessons_in_order():
    """The lesson list every test and tool uses is the course the README promises, no more, no less."""
    rows = README_LESSON_ROW.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert rows, "no lesson table found in README.md"
    for number, shown, linked in rows:
        assert shown == linked and int(number) == int(linked[:2]), f"README row {number} names {shown}"
    assert [linked for _, _, linked in rows] == [path.stem for path in NOTEBOOKS]


def _title(path: Path) -> str:
    """The lesson's title: the first line of its first cell, without the leading '# '."""
    first = source(load(path)["cells"][0]).splitlines()[0]
    assert first.startswith("# "), f"{path.name} must open with a '# Title' line"
    return first[2:].strip()


@pytest.mark.parametrize("page", ["README.md", "site/index.md"])
def test_the_course_overview_names_every_lesson_in_order(page):
    """The README's opening and the site's front page describe the whole course, not its first lessons."""
    text = (ROOT / page).read_text(encoding="utf-8")
    overview = text[:text.index("\n## ")]  # the opening, before the first section
    titles = [_title(path) for path in NOTEBOOKS]
    missing = [title for title in titles if f"**{title}**" not in overview]
    assert not missing, f"{page}'s opening does not describe these lessons: {missing}"
    positions = [overview.index(f"**{title}**") for title in titles]
    assert positions == sorted(positions), f"{page} lists the lessons out of order"


@by_name
def test_executed_top_to_bottom_in_a_fresh_kernel(path):
    counts = [cell["execution_count"] for cell in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), "run `make regenerate` to store a fresh run"


@by_name
def test_no_error_outputs(path):
    errors = [
        output.get("ename")
        for cell in code_cells(load(path))
        for output in cell.get("outputs", [])
        if output["output_type"] == "error"
    ]
    assert not errors


@by_name
def test_exactly_one_parameters_cell(path):
    tagged = [cell for cell in load(path)["cells"] if "parameters" in cell["metadata"].get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0]["cell_type"] == "code"
    assert re.search(r"^SEED = 1234\b", source(tagged[0]), re.M)
    # The synthetic lessons draw 50 points by default; the real data (lessons 12 and 13) have a fixed size.
    code = [source(cell) for cell in load(path)["cells"] if cell["cell_type"] == "code"]
    real_data = any("load_diabetes" in text for text in code)
    has_num_samples = re.search(r"^NUM_SAMPLES = 50\b", source(tagged[0]), re.M)
    assert (not has_num_samples) if real_data else has_num_samples, "NUM_SAMPLES = 50, on synthetic data only"


@by_name
def test_kernelspec_is_python3(path):
    assert load(path)["metadata"]["kernelspec"]["name"] == "python3"


@by_name
def test_outputs_hold_no_absolute_paths(path):
    found = [m.group(0) for text in output_texts(load(path)) for m in ABSOLUTE_PATH.finditer(text)]
    assert not found


@by_name
def test_under_one_megabyte(path):
    assert path.stat().st_size < MAX_BYTES


@by_name
def test_no_computed_decimal_is_typed_into_markdown(path):
    """A decimal the code printed must come from code, not be typed into the prose.

    Literals that also appear in a code cell (the true slope 3.5, a learning
    rate 0.1) are inputs, not results, so they may be quoted. The exercise cells
    are written by tools/sync_exercises.py from lessons_utils/exercises (their
    numbers, such as 10.2, and their solutions' code), so they are not prose.
    """
    nb = load(path)
    printed = {m.group(0).lstrip("-") for text in output_texts(nb) for m in DECIMAL.finditer(text)}
    in_code = {m.group(0).lstrip("-") for cell in code_cells(nb) for m in DECIMAL.finditer(source(cell))}
    prose = [cell for cell in nb["cells"]
             if cell["cell_type"] == "markdown" and not str(cell.get("id", "")).startswith("exercise")]
    markdown = "".join(source(cell) for cell in prose)
    typed = {m.group(0).lstrip("-") for m in DECIMAL.finditer(markdown)}
    assert not (typed & printed) - in_code


@by_name
def test_notebook_has_the_course_rhythm(path):
    nb = load(path)
    markdown = [source(cell) for cell in nb["cells"] if cell["cell_type"] == "markdown"]
    assert markdown and markdown[0].startswith("# "), "starts with a title"
    assert "what you will learn" in markdown[0].lower()
    headings = [line.strip().lower() for text in markdown for line in text.splitlines()]
    assert "## summary" in headings
    assert "## checks" in headings
    last_heading = max(i for i, cell in enumerate(nb["cells"])
                       if cell["cell_type"] == "markdown" and "## checks" in source(cell).lower())
    checks = [source(cell) for cell in nb["cells"][last_heading:] if cell["cell_type"] == "code"]
    assert any("assert " in text for text in checks), "the checks section asserts something"
