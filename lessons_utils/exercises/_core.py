"""What an exercise is, and how a learner's answer gets its verdict.

Why it works this way: an exercise has exactly one source, its :class:`Exercise`
object, from which the notebook cells, the README's list and the tests are made
(tools/sync_exercises.py). The learner writes one function; ``check`` runs it
on a few named cases and prints one verdict. A check never raises (a wrong
answer must not stop "Run All") and never prints an expected value: it says
*what kind* of mistake it sees, the way a teacher would.
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

CORRECT, INCORRECT, NOT_ATTEMPTED = "correct", "incorrect", "not attempted"


class Incorrect(Exception):
    """Raised by a grader: the message says what is wrong, never what is expected."""


class NotAttempted(Exception):
    """The learner's function is still the stub (it raised ``NotImplementedError``)."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: ``status`` is "correct", "incorrect" or "not attempted"."""

    number: str
    status: str
    message: str

    def __bool__(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        # Wrapped, so that a notebook's output area never breaks a word in two.
        return textwrap.fill(f"Exercise {self.number}: {self.message}", width=96, break_on_hyphens=False)


@dataclass(frozen=True)
class Exercise:
    """One exercise: its text, the stub the learner starts from, hints, a solution, a grader.

    Parameters
    ----------
    number : str
        "lesson.exercise", e.g. "3.2".
    title, prompt : str
        A short title, and the task in markdown.
    name : str
        The function the learner writes (the stub and the solution both define it).
    stub, solution : str
        Python source: the stub's body raises ``NotImplementedError``.
    hints : tuple of str
        At least two, from a nudge to nearly the answer (markdown).
    grade : callable
        ``grade(answer)`` returns if the answer is right and raises :class:`Incorrect`
        (or :class:`NotAttempted`) otherwise.
    mistakes : tuple of (str, str)
        Realistic wrong answers (source defining ``name``) and a phrase their verdict
        must contain: the tests hold every grader to them.
    """

    number: str
    title: str
    prompt: str
    name: str
    stub: str
    solution: str
    hints: tuple[str, ...]
    grade: Callable[[Callable], None] = field(repr=False)
    mistakes: tuple[tuple[str, str], ...] = ()

    def check(self, answer: object) -> None:
        """Grade ``answer`` and print the verdict; never raises."""
        print(self.verdict(answer))

    def verdict(self, answer: object) -> Verdict:
        """Grade ``answer`` without printing; never raises."""
        try:
            if not callable(answer):
                raise Incorrect(f"expected the function `{self.name}`, got {type(answer).__name__}")
            self.grade(answer)
        except NotAttempted:
            verdict = Verdict(self.number, NOT_ATTEMPTED, "not attempted yet: replace the "
                              "`raise NotImplementedError` line with your code, then run the cell again.")
        except Incorrect as mistake:
            words = str(mistake)
            ending = "" if words.endswith(("?", ".")) else "."
            verdict = Verdict(self.number, INCORRECT, f"not yet. {words[:1].upper()}{words[1:]}{ending}")
        else:
            verdict = Verdict(self.number, CORRECT, "correct. Well done!")
        return verdict

    def hint(self, step: int = 1) -> None:
        """Print hint ``step`` (1 is a nudge, the last is nearly the answer)."""
        if not 1 <= step <= len(self.hints):
            print(f"Exercise {self.number} has hints 1 to {len(self.hints)}.")
            return
        print(f"Exercise {self.number}, hint {step} of {len(self.hints)}: {self.hints[step - 1]}")

    def show_solution(self) -> None:
        """Print the reference solution."""
        print(f"Exercise {self.number}, a reference solution:\n\n{self.solution}")


def variant(source: str, old: str, new: str) -> str:
    """``source`` with its one ``old`` replaced by ``new``: a listed mistake, as a slip of the solution.

    >>> variant("return (a + b) / 2", "/ 2", "* 2")
    'return (a + b) * 2'
    """
    if source.count(old) != 1:
        raise ValueError(f"old must occur once in source, found it {source.count(old)} times: {old!r}")
    return source.replace(old, new)


def call(answer: Callable, case: str, *args: object) -> object:
    """Run the learner's function on one case; turn its exceptions into verdicts.

    NumPy's warnings (0 / 0, the square root of a negative) are kept off the
    learner's screen: the verdict on the result says what went wrong.
    """
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return answer(*args)
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as error:  # noqa: BLE001 -- any error of the learner's code is a verdict
        raise Incorrect(f"on {case}, your function raised {type(error).__name__}: {error}") from None
