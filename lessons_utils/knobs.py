"""A lesson's knobs: each setting of its parameters cell, checked once, by name.

Why a module of its own: learners *will* change the settings. A value that
cannot work (``NUM_SAMPLES = 0``, a negative learning rate) should be refused
at once, in a sentence that names the UPPERCASE knob, not fail ten cells later
inside NumPy. A value that works but lies outside the range the lesson's
checks were verified for should still run the lesson; if a check then fails,
the learner should read *which setting* took it outside that range, not a
bare ``AssertionError``.

Each lesson calls :func:`check_settings` in the cell after its parameters cell,
and wraps its checks in ``with settings.checking():``.
"""

from __future__ import annotations

import contextlib
import math
import numbers
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .divergence import TrainingDivergedError
from .splitting import split_sizes

__all__ = ["Knob", "OutsideVerifiedRangeError", "Settings", "TextKnob", "check_settings"]

ORDERS = (None, "any", "increasing", "decreasing")


class OutsideVerifiedRangeError(AssertionError):
    """A check failed, and at least one knob lies outside the range it was verified for."""


def _text(number: float) -> str:
    """20 -> '20', 100000 -> '100_000', 1e-08 -> '1e-8': the way one types it in Python."""
    if isinstance(number, numbers.Integral):
        return f"{number:_}"
    return f"{number:g}".replace("e-0", "e-").replace("e+0", "e+").replace("e+", "e")


@dataclass(frozen=True)
class Knob:
    """One setting: its name, its value, and the ranges it may take.

    Parameters
    ----------
    name : str
        The variable's name in the parameters cell, e.g. ``"NUM_SAMPLES"``.
    value : object
        Its current value: a number, or a list of numbers when ``order`` is set.
    verified : (low, high)
        Inclusive range over which every check of the lesson was verified.
    limits : (low or None, high or None), optional
        Inclusive range outside which the value is refused (None: unbounded on
        that side). Defaults to ``verified``: nothing outside it is allowed.
    integer : bool
        Whether the value (or each element) must be an integer.
    exclusive_low : bool
        Whether the lower limit itself is refused (a learning rate must be > 0).
    order : {None, "any", "increasing", "decreasing"}
        None for a single number; otherwise the value is a non-empty list whose
        elements each obey the ranges, in this order (strictly).

    Examples
    --------
    >>> Knob("NUM_SAMPLES", 50, verified=(20, 100_000), integer=True).range_text()
    '20 to 100_000'
    """

    name: str
    value: object
    verified: tuple[float, float]
    limits: tuple[float | None, float | None] | None = None
    integer: bool = False
    exclusive_low: bool = False
    order: str | None = None

    def range_text(self) -> str:
        """The verified range as the parameters cell's comment states it."""
        return f"{_text(self.verified[0])} to {_text(self.verified[1])}"

    def elements(self) -> list:
        """The value's numbers (one, or each element of a list), checked for type and limits."""
        if self.order is None:
            return [self._checked_number(self.value, self.name)]
        if isinstance(self.value, (str, bytes)) or not isinstance(self.value, Sequence) or not self.value:
            raise TypeError(f"{self.name} must be a non-empty list of numbers, got {self.value!r}")
        values = [self._checked_number(v, f"each value in {self.name}") for v in self.value]
        steps = [b - a for a, b in zip(values, values[1:], strict=False)]
        if self.order == "increasing" and any(step <= 0 for step in steps):
            raise ValueError(f"{self.name} must be strictly increasing, got {list(self.value)}")
        if self.order == "decreasing" and any(step >= 0 for step in steps):
            raise ValueError(f"{self.name} must be strictly decreasing, got {list(self.value)}")
        return values

    def _checked_number(self, value: object, what: str) -> float:
        kind = numbers.Integral if self.integer else numbers.Real
        if isinstance(value, bool) or not isinstance(value, kind):
            wanted = "an integer" if self.integer else "a number"
            raise TypeError(f"{what} must be {wanted}, got {value!r} ({type(value).__name__})")
        # Integers are exact however large (math.isfinite overflows on 10**400); only floats are inf/NaN.
        if not isinstance(value, numbers.Integral) and not math.isfinite(value):
            raise ValueError(f"{what} must be finite, got {value}")
        low, high = self.limits if self.limits is not None else self.verified
        too_low = low is not None and (value <= low if self.exclusive_low else value < low)
        if too_low or (high is not None and value > high):
            lowest = "above" if self.exclusive_low else "at least"
            bounds = [f"{lowest} {_text(low)}" if low is not None else "",
                      f"at most {_text(high)}" if high is not None else ""]
            raise ValueError(f"{what} must be {' and '.join(b for b in bounds if b)} "
                             f"(this lesson was verified for {self.range_text()}), got {value}")
        return value

    def is_verified(self) -> bool:
        """Whether every number of the value lies inside ``verified``."""
        return all(self.verified[0] <= v <= self.verified[1] for v in self.elements())


@dataclass(frozen=True)
class TextKnob:
    """A setting that is text, such as a scheduler's address: refused unless it has the expected form.

    Text has no range to be verified over, only a form: a value of that form is
    as verified as the default, one of any other form is refused, naming the knob.

    Parameters
    ----------
    name : str
        The variable's name in the parameters cell, e.g. ``"SCHEDULER_ADDRESS"``.
    value : object
        Its current value; it must be a ``str``.
    pattern : str
        Regular expression the whole value must match (``re.fullmatch``).
    described : str
        The allowed form in words, as the parameters cell's comment states it after "range".

    Examples
    --------
    >>> form = {"pattern": r"|tcp://\\S+:[0-9]+", "described": "'' or 'tcp://host:port'"}
    >>> knob = TextKnob("ADDRESS", "tcp://10.0.0.5:8786", **form)
    >>> knob.range_text(), knob.is_verified()
    ("'' or 'tcp://host:port'", True)
    >>> TextKnob("ADDRESS", "10.0.0.5", **form).elements()
    Traceback (most recent call last):
    ...
    ValueError: ADDRESS must be '' or 'tcp://host:port', got '10.0.0.5'
    """

    name: str
    value: object
    pattern: str
    described: str

    def range_text(self) -> str:
        """The allowed form, as the parameters cell's comment states it."""
        return self.described

    def elements(self) -> list[str]:
        """The value, checked for type and form."""
        if not isinstance(self.value, str):
            raise TypeError(f"{self.name} must be a string, {self.described}, got {self.value!r} "
                            f"({type(self.value).__name__})")
        if re.fullmatch(self.pattern, self.value) is None:
            raise ValueError(f"{self.name} must be {self.described}, got {self.value!r}")
        return [self.value]

    def is_verified(self) -> bool:
        """Whether the value has the expected form (it raises if not)."""
        return bool(self.elements())


class Settings:
    """The checked knobs of one lesson; ``checking()`` guards its check cells."""

    def __init__(self, knobs: Sequence[Knob | TextKnob]) -> None:
        self.knobs = tuple(knobs)
        self.outside = tuple(k for k in self.knobs if not k.is_verified())

    def summary(self) -> str:
        """One sentence per knob outside its verified range, or one saying all are inside."""
        if not self.outside:
            return f"All {len(self.knobs)} settings are inside the ranges this lesson was verified for."
        lines = [f"Note: {k.name} = {k.value!r} is outside {k.range_text()}, the range this lesson's "
                 f"checks were verified for." for k in self.outside]
        which = "this setting" if len(self.outside) == 1 else "these settings"
        return "\n".join([*lines, f"The lesson still runs; a check that fails will name {which}."])

    @contextlib.contextmanager
    def checking(self) -> Iterator[None]:
        """Run checks; a failed claim outside the verified ranges is reported by knob name.

        Inside every verified range a failing check is a bug in the lesson, so
        its error passes through unchanged. Only failed claims are translated
        (``AssertionError``, and ``TrainingDivergedError`` from a check such as
        ``check_ended_lower``): any other error, a ``NameError`` say, is a bug
        in the check cell whatever the settings, and passes through too.
        """
        try:
            yield
        except (AssertionError, TrainingDivergedError) as error:
            if not self.outside:
                raise
            blamed = ", ".join(f"{k.name} = {k.value!r} (verified for {k.range_text()})"
                               for k in self.outside)
            raise OutsideVerifiedRangeError(
                f"A check failed with a setting outside the range it was verified for: {blamed}. "
                f"The check said: {str(error) or type(error).__name__}") from error


def check_settings(*knobs: Knob | TextKnob, fractions: Sequence[str] = (), num_samples: str | None = None,
                   min_train_rows: int = 1) -> Settings:
    """Refuse impossible settings by name; return them, noting any outside the verified ranges.

    Parameters
    ----------
    *knobs : Knob or TextKnob
        Every knob of the lesson's parameters cell.
    fractions : sequence of str
        Names of knobs that must add up to 1 (the split fractions).
    num_samples : str, optional
        Name of the knob holding N. With ``fractions``, N must leave every
        split at least one row (lessons_utils.split_sizes decides).
    min_train_rows : int, default 1
        With ``fractions`` and ``num_samples``: the fewest training rows the
        lesson can use (2 where it standardizes: one row has no spread).

    Returns
    -------
    Settings
        ``summary()`` says which knobs, if any, are outside their verified range.

    Raises
    ------
    TypeError
        If a knob's value is of the wrong kind, naming the knob; or an argument
        is not a ``Knob`` or ``TextKnob``.
    ValueError
        If a knob's value is outside its limits, split fractions do not add up
        to 1, or ``NUM_SAMPLES`` leaves a split empty or fewer than
        ``min_train_rows`` training rows (each naming the knobs);
        or ``fractions``/``num_samples`` name knobs that were not given.

    Examples
    --------
    >>> settings = check_settings(Knob("NUM_SAMPLES", 10, verified=(20, 100), limits=(3, 100), integer=True))
    >>> print(settings.summary().splitlines()[0])
    Note: NUM_SAMPLES = 10 is outside 20 to 100, the range this lesson's checks were verified for.
    >>> check_settings(Knob("LEARNING_RATE", 0.0, verified=(0.01, 1.0), limits=(0, None), exclusive_low=True))
    Traceback (most recent call last):
    ...
    ValueError: LEARNING_RATE must be above 0 (this lesson was verified for 0.01 to 1), got 0.0
    """
    for knob in knobs:
        if not isinstance(knob, (Knob, TextKnob)):
            raise TypeError(f"check_settings takes Knob or TextKnob objects, got {type(knob).__name__}")
        if isinstance(knob, Knob) and knob.order not in ORDERS:
            raise ValueError(f"order of {knob.name} must be one of {list(ORDERS)}, got {knob.order!r}")
        knob.elements()  # raises, naming the knob, if the value is impossible
    by_name = {k.name: k for k in knobs}
    if fractions:
        missing = [name for name in fractions if name not in by_name]
        if missing:
            raise ValueError(f"fractions names knobs that were not given: {missing}")
        total = sum(by_name[name].value for name in fractions)
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            parts = " + ".join(f"{name} ({by_name[name].value})" for name in fractions)
            raise ValueError(f"{parts} must add up to 1, got {total:.6g}")
    if num_samples is not None and num_samples not in by_name:
        raise ValueError(f"num_samples names a knob that was not given: {num_samples!r}")
    if num_samples is not None and fractions:
        rows = by_name[num_samples].value
        named = ", ".join(f"{name} = {by_name[name].value}" for name in fractions)
        try:
            num_train, _, _ = split_sizes(rows, tuple(by_name[name].value for name in fractions))
        except ValueError as error:
            raise ValueError(f"{num_samples} = {rows} is too few rows for {named}: {error}") from None
        if num_train < min_train_rows:
            raise ValueError(f"{num_samples} = {rows} is too few rows for {named}: it leaves {num_train} "
                             f"training row(s), and this lesson needs at least {min_train_rows}")
    return Settings(knobs)
