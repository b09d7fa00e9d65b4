"""Exercises with instant, specific feedback: ``check``, ``hint`` and ``solution``.

Every lesson ends with exercises numbered "lesson.exercise" (3.2 is lesson 3,
exercise 2). In a notebook::

    from lessons_utils.exercises import check, hint, solution

    def best_intercept(noise_low, noise_high):
        raise NotImplementedError  # your code here

    check("1.1", best_intercept)   # Exercise 1.1: not attempted yet: ...
    hint("1.1")                    # the first hint; hint("1.1", 2) the next
    solution("1.1")                # a reference solution

Each lesson's exercises live in ``lessonNN.py``, one :class:`Exercise` each:
the single source of the notebook's exercise cells, the README's list and the
tests. NumPy only, so they work wherever the course runs.

Examples
--------
>>> check("1.1", lambda low, high: (low + high) / 2)
Exercise 1.1: correct. Well done!
>>> exercise("1.1").verdict(lambda low, high: high - low).status
'incorrect'
"""

from __future__ import annotations

import importlib
import pkgutil

from ._core import CORRECT, INCORRECT, NOT_ATTEMPTED, Exercise, Incorrect, NotAttempted, Verdict

__all__ = ["CORRECT", "EXERCISES", "INCORRECT", "NOT_ATTEMPTED", "Exercise", "Incorrect", "NotAttempted",
           "Verdict", "check", "exercise", "hint", "solution"]

# Every exercise of the course, by number, in course order: a new lessonNN.py is found without an edit here.
_MODULES = sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name.startswith("lesson"))
EXERCISES: dict[str, Exercise] = {
    ex.number: ex for name in _MODULES for ex in importlib.import_module(f"{__name__}.{name}").EXERCISES
}


def exercise(number: str) -> Exercise:
    """The exercise numbered ``number`` ("3.2"), or a ValueError listing the numbers there are."""
    if not isinstance(number, str):
        raise TypeError(f"number must be a string like '3.2', got {type(number).__name__}")
    if number not in EXERCISES:
        raise ValueError(f"number must be one of {', '.join(EXERCISES)}, got {number!r}")
    return EXERCISES[number]


def check(number: str, answer: object) -> None:
    """Grade ``answer`` (the learner's function) for exercise ``number`` and print the verdict."""
    exercise(number).check(answer)


def hint(number: str, step: int = 1) -> None:
    """Print hint ``step`` of exercise ``number``: 1 is a nudge, the last nearly the answer."""
    exercise(number).hint(step)


def solution(number: str) -> None:
    """Print a reference solution of exercise ``number``."""
    exercise(number).show_solution()
