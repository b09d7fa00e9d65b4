"""Naming the mistake: compare a learner's result with the expected one, and say how it differs.

The message describes the *difference* (shape, sign, a constant factor or
shift, a known wrong method), never the expected numbers, so a learner can act
on it without being handed the answer.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ._core import Incorrect

RTOL, ATOL = 1e-7, 1e-9  # answers computed another valid way differ only by rounding


def _simple(ratio: float) -> bool:
    """Whether ``ratio`` is k, 1/k, sqrt(k) or 1/sqrt(k) for a whole k from 2 to 12: a likely slip."""
    candidates = [k for k in range(2, 13)] + [np.sqrt(k) for k in range(2, 13)]
    return any(np.isclose(abs(ratio), c, rtol=1e-6) or np.isclose(abs(ratio), 1 / c, rtol=1e-6)
               for c in candidates)


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def as_result(got: object, case: str, what: str) -> np.ndarray:
    """The learner's result as a float array, or a verdict saying why it is not one."""
    if got is None:
        raise Incorrect(f"on {case}, {what} is None: did the function forget to `return` it?")
    try:
        result = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise Incorrect(f"on {case}, {what} should be numbers, got {type(got).__name__}") from None
    if not np.all(np.isfinite(result)):
        raise Incorrect(f"on {case}, {what} contains NaN or inf")
    return result


def compare(got: object, want: object, case: str, *, what: str = "the result",
            known: Mapping[str, object] | None = None) -> None:
    """Return if ``got`` equals ``want`` (to rounding); else raise :class:`Incorrect` naming the difference.

    Parameters
    ----------
    got, want : array-like or number
        The learner's result and the reference result.
    case : str
        The case, in words ("two features", "a single row"), for the message.
    what : str
        What the result is ("the intercept", "X_std").
    known : mapping of str to array-like, optional
        Results of known wrong methods, by a description of the mistake
        ("statistics of the rows being transformed"): a match names it.
    """
    want = np.asarray(want, dtype=np.float64)
    result = as_result(got, case, what)
    if want.shape == () and result.size == 1:  # one number, whatever the learner's shape for it
        result = result.reshape(())
    if result.shape != want.shape:
        extra = " (a column needs .reshape(-1, 1))" if result.shape == want.shape[:1] else ""
        raise Incorrect(f"on {case}, {what} has shape {result.shape}, expected {want.shape}{extra}")
    if _close(result, want):
        return
    for mistake, value in (known or {}).items():
        if _close(result, np.asarray(value, dtype=np.float64)):
            raise Incorrect(f"on {case}, {what} is not right: it looks like {mistake}")
    if np.any(want != 0) and _close(result, -want):
        raise Incorrect(f"on {case}, {what} has the wrong sign")
    nonzero = np.abs(want) > ATOL
    if nonzero.any():
        ratios = result[nonzero] / want[nonzero]
        # One number off by some factor says little; many off by the same one, or a simple one, says a lot.
        if np.allclose(ratios, ratios[0], rtol=1e-6) and _close(result, ratios[0] * want) and (
                ratios.size > 1 or _simple(ratios[0])):
            # For one number the factor would give the answer away; for many it shows the pattern.
            factor = f": {ratios[0]:.4g} times what it should be" if want.size > 1 else ""
            raise Incorrect(f"on {case}, {what} is off by a constant factor{factor} (a missing or extra "
                            "factor?)")
    if want.size > 1:
        shift = (result - want).ravel()
        if np.allclose(shift, shift[0], rtol=1e-6, atol=ATOL):
            raise Incorrect(f"on {case}, {what} is off by the same amount everywhere "
                            f"(a missing or extra constant term?)")
    raise Incorrect(f"on {case}, {what} is not right")
