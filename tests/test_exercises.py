"""The exercises: every solution passes, every listed mistake gets its verdict, no verdict leaks an answer.

Each exercise is one ``Exercise`` in ``lessons_utils/exercises/lessonNN.py``; its
``mistakes`` are realistic wrong answers with a phrase their verdict must
contain. These tests hold every grader to them, check that untouched stubs are
"not attempted" (never correct), that verdicts are the same on every run and
never print the expected values, that the notebooks and README match the one
source. That the solutions pass where learners type them, inside the notebooks, is
tested by tests/test_knob_ranges.py: its range runs type every solution in.
"""

from __future__ import annotations

import contextlib
import io
import math
import re

import nbformat
import numpy as np
import pytest

import sync_exercises
from course import lessons
from lessons_utils import exercises as ex_pkg
from lessons_utils.exercises import (
    CORRECT,
    EXERCISES,
    INCORRECT,
    NOT_ATTEMPTED,
    check,
    exercise,
    hint,
    solution,
)

ALL = list(EXERCISES.values())
by_exercise = pytest.mark.parametrize("ex", ALL, ids=lambda ex: ex.number)
MISTAKES = [pytest.param(ex, code, phrase, id=f"{ex.number}-{i}")
            for ex in ALL for i, (code, phrase) in enumerate(ex.mistakes, 1)]


def _define(ex, source: str):
    """Run ``source`` as a notebook cell would (numpy and math at hand) and return the function it defines."""
    namespace = {"np": np, "math": math}
    exec(source, namespace)  # noqa: S102 -- the course's own exercise sources
    return namespace[ex.name]


def test_there_are_exercises_numbered_by_lesson():
    lessons_with_exercises = sorted({int(ex.number.split(".")[0]) for ex in ALL})
    assert lessons_with_exercises == [int(path.name[:2]) for path in lessons()], "every lesson has exercises"
    for lesson in lessons_with_exercises:
        numbers = [ex.number for ex in ALL if ex.number.startswith(f"{lesson}.")]
        expected = [f"{lesson}.{i}" for i in range(1, len(numbers) + 1)]
        assert numbers == expected, "number the exercises 1, 2, ... within each lesson"
        assert len(numbers) >= 3, f"lesson {lesson} needs at least 3 exercises"


@by_exercise
def test_every_exercise_has_its_parts(ex):
    assert re.fullmatch(r"\d+\.\d+", ex.number)
    assert ex.title and ex.prompt and len(ex.hints) >= 2, "a title, a prompt and at least two hints"
    assert "raise NotImplementedError" in ex.stub and f"def {ex.name}(" in ex.stub
    assert f"def {ex.name}(" in ex.solution
    assert len(ex.mistakes) >= 2, "every check must be held to at least two realistic mistakes"


@by_exercise
def test_the_solution_is_correct(ex):
    assert ex.verdict(_define(ex, ex.solution)).status == CORRECT


@by_exercise
def test_an_untouched_stub_is_not_attempted_never_correct(ex):
    assert ex.verdict(_define(ex, ex.stub)).status == NOT_ATTEMPTED


@pytest.mark.parametrize(("ex", "code", "phrase"), MISTAKES)
def test_each_listed_mistake_gets_its_own_verdict(ex, code, phrase):
    first = ex.verdict(_define(ex, code))
    assert first.status == INCORRECT, f"{ex.number} accepted a wrong answer:\n{code}"
    assert phrase in first.message, f"{ex.number}: expected {phrase!r} in {first.message!r}"
    assert ex.verdict(_define(ex, code)) == first, "the same answer must get the same verdict every time"


@pytest.mark.parametrize(("ex", "code", "phrase"), MISTAKES)
def test_no_verdict_prints_an_expected_value(ex, code, phrase, monkeypatch):
    seen: list[tuple[str, np.ndarray]] = []  # (case, expected value) of every comparison made
    module = __import__(f"lessons_utils.exercises.lesson{int(ex.number.split('.')[0]):02d}", fromlist=["x"])
    real = module.compare

    def recording(got, want, case, **kwargs):
        seen.append((case, np.atleast_1d(np.asarray(want, dtype=float))))
        return real(got, want, case, **kwargs)

    monkeypatch.setattr(module, "compare", recording)
    message = ex.verdict(_define(ex, code)).message
    text = message
    for case, _ in seen:
        text = text.replace(case, " ")  # a case's description names its inputs, which are no secret
    for _, want in seen:
        for value in want.ravel():
            forms = {f"{value:g}", f"{value:.4g}", repr(float(value))}
            if value == int(value):
                forms.add(str(int(value)))
            for form in forms:
                if value not in (0, 1):  # a lone 0 or 1 says nothing about the answer
                    pattern = rf"(?<![\d.]){re.escape(form)}(?![\d.])"
                    assert not re.search(pattern, text), f"{ex.number} printed the expected {form}: {message}"


def test_learner_errors_become_verdicts_not_tracebacks():
    number = ALL[0].number
    assert "ZeroDivisionError" in exercise(number).verdict(lambda *args: 1 / 0).message
    assert "forget to `return`" in exercise(number).verdict(lambda *args: None).message
    assert exercise(number).verdict(3.0).status == INCORRECT  # a value where a function was asked for
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        check(number, lambda *args: 1 / 0)  # prints, never raises
    assert printed.getvalue().startswith(f"Exercise {number}: not yet.")


def test_bad_exercise_numbers_are_named():
    with pytest.raises(ValueError, match="number must be one of 1.1"):
        check("99.1", print)
    with pytest.raises(TypeError, match="number must be a string like '3.2'"):
        hint(1.1)
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        hint(ALL[0].number, 99)
        solution(ALL[0].number)
    assert f"has hints 1 to {len(ALL[0].hints)}" in printed.getvalue()
    assert ALL[0].solution.strip() in printed.getvalue()


def test_notebooks_and_readme_match_the_exercises_source():
    assert not sync_exercises.drifted_files(), "run `make sync-exercises`"


def _exercise_cells(nb) -> list:
    return [cell for cell in nb.cells if sync_exercises.EXERCISE_TAG in cell.metadata.get("tags", [])]


@pytest.mark.parametrize("path", lessons(), ids=lambda path: path.stem)
def test_stored_runs_show_every_exercise_not_attempted(path):
    nb = nbformat.read(path, as_version=4)
    for cell in _exercise_cells(nb):
        printed = "".join(output.get("text", "") for output in cell.outputs)
        assert "not attempted yet" in printed, f"{path.name}: {cell.id} should print 'not attempted yet'"


def test_the_package_lists_every_lesson_module():
    modules = sorted(name for name in dir(ex_pkg) if re.fullmatch(r"lesson\d\d", name))
    assert {ex.number.split(".")[0] for ex in ALL} == {str(int(name[6:])) for name in modules}
