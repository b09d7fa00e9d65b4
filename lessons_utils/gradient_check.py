"""Checking a hand-derived gradient against central finite differences.

For a scalar function f of a parameter vector theta, each component of the
gradient is approximated by

    (f(theta + eps * e_i) - f(theta - eps * e_i)) / (2 * eps)

whose error shrinks like eps ** 2. In float64 with eps around 1e-6 the two
agree to about 1e-9 relative error when the derivation is right, and differ at
order 1 when it is wrong, so a threshold of 1e-6 separates the two cases.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._validation import as_float_matrix, check_real, refuse_non_arrays

DEFAULT_EPS = 1e-6
DEFAULT_TOLERANCE = 1e-6


def _as_float_array(value: object, name: str) -> np.ndarray:
    """A finite float64 copy of ``value``, keeping its shape: a scalar, (P,) or (P, 1)."""
    refuse_non_arrays(value, name)
    try:
        shape = np.shape(value)
    except ValueError:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array: its rows have different lengths") from None
    if len(shape) > 2:
        raise ValueError(f"{name} must be a scalar, (P,) or (P, 1), got {len(shape)}-D shape {shape}")
    flat = as_float_matrix(np.ravel(value), name)  # (P, 1): checks dtype, emptiness and finiteness
    return flat.reshape(shape).copy()


def _scalar(value: object, name: str) -> float:
    """The value of the function being differentiated: one finite real number."""
    array = _as_float_array(value, name)
    if array.size != 1:
        raise ValueError(f"{name} must return one number, got shape {array.shape}")
    return float(array.item())


class GradientCheck(NamedTuple):
    """Outcome of :func:`check_gradient` (lesson 9, section 2).

    Attributes: both gradients (``analytic``, ``numerical``), their ``relative_error``, and ``passed``.
    """

    analytic: np.ndarray
    numerical: np.ndarray
    relative_error: float
    passed: bool


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / max(||a|| + ||b||, tiny): scale-free, and 0 only when a == b.

    Defined in lesson 8, section 2 (how far apart two solutions are); lesson 9,
    section 2 compares gradients with it.

    Parameters
    ----------
    a, b : array-like of the same shape
        For example an analytic and a numerical gradient.

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    >>> round(relative_error(np.array([1.0]), np.array([-1.0])), 3)
    1.0
    """
    a = _as_float_array(a, "a")
    b = _as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    largest = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0))
    if largest == 0:
        return 0.0
    a, b = a / largest, b / largest  # the ratio is scale-free; this keeps 1e300 entries from overflowing
    with np.errstate(over="ignore"):
        difference = np.linalg.norm(a - b)  # a - b can reach 2, never more
    return float(difference / (np.linalg.norm(a) + np.linalg.norm(b)))


def numerical_gradient(f: Callable[[np.ndarray], float], theta: np.ndarray, *,
                       eps: float = DEFAULT_EPS) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``theta``.

    Built by hand in lesson 9, section 2.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``theta`` and returns a float.
    theta : array-like of shape (P,) or (P, 1)
        Where to differentiate; float64 is used throughout.
    eps : float, default 1e-6
        Half the step of each difference.

    Returns
    -------
    numpy.ndarray, same shape as ``theta``

    Examples
    --------
    >>> g = numerical_gradient(lambda t: float(np.sum(t ** 2)), np.array([1.0, -2.0]))
    >>> np.round(g, 6).tolist()
    [2.0, -4.0]
    """
    if not callable(f):
        raise TypeError(f"f must be a function of theta, got {type(f).__name__}")
    theta = _as_float_array(theta, "theta")  # a checked float64 copy this function may perturb
    eps = check_real(eps, "eps", exclusive_minimum=0.0)
    grad = np.empty_like(theta)
    flat_theta, flat_grad = theta.reshape(-1), grad.reshape(-1)  # views: writes land in theta / grad
    for i in range(flat_theta.size):
        original = flat_theta[i]
        flat_theta[i] = original + eps
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below, in words
            f_plus = _scalar(f(theta), "f(theta + eps)")
            flat_theta[i] = original - eps
            f_minus = _scalar(f(theta), "f(theta - eps)")
        flat_theta[i] = original
        flat_grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def check_gradient(f: Callable[[np.ndarray], float], grad: Callable[[np.ndarray], np.ndarray],
                   theta: np.ndarray, *, eps: float = DEFAULT_EPS,
                   tolerance: float = DEFAULT_TOLERANCE) -> GradientCheck:
    """Compare ``grad(theta)`` with the central-difference gradient of ``f``.

    Built by hand in lesson 9, section 2.

    Parameters
    ----------
    f : callable
        The scalar function, ``f(theta) -> float``.
    grad : callable
        Its claimed gradient, ``grad(theta) -> array shaped like theta``.
    theta : array-like of shape (P,) or (P, 1)
        Where to compare.
    eps : float, default 1e-6
        Half the step of each central difference.
    tolerance : float, default 1e-6
        The check passes when the relative error is below this.

    Returns
    -------
    GradientCheck
        Both gradients, their relative error, and ``passed``.

    Examples
    --------
    >>> f = lambda t: float(np.sum(t ** 3))
    >>> check_gradient(f, lambda t: 3 * t ** 2, np.array([1.0, 2.0])).passed
    True
    >>> check_gradient(f, lambda t: 2 * t, np.array([1.0, 2.0])).passed  # a wrong derivative
    False
    """
    tolerance = check_real(tolerance, "tolerance", exclusive_minimum=0.0)
    if not callable(grad):
        raise TypeError(f"grad must be a function of theta, got {type(grad).__name__}")
    numerical = numerical_gradient(f, theta, eps=eps)
    analytic = _as_float_array(grad(_as_float_array(theta, "theta")), "grad(theta)")
    if analytic.shape != numerical.shape:
        raise ValueError(f"grad(theta) must have theta's shape {numerical.shape}, got {analytic.shape}")
    error = relative_error(analytic, numerical)
    return GradientCheck(analytic, numerical, error, error < tolerance)
