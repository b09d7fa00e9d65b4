"""Every committed notebook looks like one clean, fresh, top-to-bottom run."""

from __future__ import annotations

import json
import re

import pytest

from course import lessons
from notebook_hygiene import (
    absolute_paths_problem,
    code_cells,
    error_outputs_problem,
    execution_counts_problem,
    load,
    output_texts,
    parameters_cell_problem,
)

NOTEBOOKS = lessons()
MAX_BYTES = 1_000_000
DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d+(?!\.?\d)")

by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
# A row of the README's lesson table: | 3 | [`03_standardization`](notebooks/03_standardization.ipynb) |
README_LESSON_ROW = re.compile(r"^\| *(\d+) *\| *\[`([\w-]+)`\]\(notebooks/([\w-]+)\.ipynb\)", re.M)


def source(cell: dict) -> str:
    return "".join(cell["source"])


@by_name
def test_executed_top_to_bottom_in_a_fresh_kernel(path):
    assert execution_counts_problem(load(path)) is None, execution_counts_problem(load(path))


@by_name
def test_no_error_outputs(path):
    assert error_outputs_problem(load(path)) is None, error_outputs_problem(load(path))


@by_name
def test_exactly_one_parameters_cell(path):
    assert parameters_cell_problem(load(path)) is None, parameters_cell_problem(load(path))
    (tagged,) = [cell for cell in load(path)["cells"] if "parameters" in cell["metadata"].get("tags", [])]
    assert re.search(r"^SEED = 1234\b", source(tagged), re.M)
    # The synthetic lessons draw 50 points by default; the real data (lessons 12 and 13) have a fixed size.
    code = [source(cell) for cell in load(path)["cells"] if cell["cell_type"] == "code"]
    real_data = any("load_diabetes" in text for text in code)
    has_num_samples = re.search(r"^NUM_SAMPLES = 50\b", source(tagged), re.M)
    assert (not has_num_samples) if real_data else has_num_samples, "NUM_SAMPLES = 50, on synthetic data only"


@by_name
def test_kernelspec_is_python3(path):
    assert load(path)["metadata"]["kernelspec"]["name"] == "python3"


@by_name
def test_outputs_hold_no_absolute_paths(path):
    assert absolute_paths_problem(load(path)) is None, absolute_paths_problem(load(path))


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


def test_the_hygiene_checks_name_what_is_wrong(tmp_path):
    """tools/notebook_hygiene.py (the pre-commit hook) refuses a notebook saved from a messy session."""
    import notebook_hygiene

    def cell(count, outputs=(), tags=()):
        return {"cell_type": "code", "execution_count": count, "metadata": {"tags": list(tags)},
                "outputs": list(outputs), "source": "x = 1"}

    error = {"output_type": "error", "ename": "ValueError", "evalue": "", "traceback": []}
    messy = {"cells": [cell(2, tags=["parameters"]), cell(1, tags=["parameters"]), cell(3, [error]),
                       cell(4, [{"output_type": "stream", "name": "stdout", "text": "saved /home/ann/x\n"}])],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "messy.ipynb"
    path.write_text(json.dumps(messy), encoding="utf-8")
    found = notebook_hygiene.problems(path)
    assert len(found) == 4, found
    assert "execution counts are [2, 1, 3, 4]" in found[0]
    assert "['ValueError']" in found[1] and "2 cells tagged 'parameters'" in found[2] and "/home/" in found[3]
    assert notebook_hygiene.main([str(path)]) == 1
    assert notebook_hygiene.main([str(p) for p in NOTEBOOKS]) == 0
