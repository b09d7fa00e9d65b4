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

from ._validation import as_float_matrix, check_real

DEFAULT_EPS = 1e-6
DEFAULT_TOLERANCE = 1e-6


class GradientCheck(NamedTuple):
    """Outcome of :func:`check_gradient`: both gradients, their relative error, and the verdict."""

    analytic: np.ndarray
    numerical: np.ndarray
    relative_error: float
    passed: bool


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / max(||a|| + ||b||, tiny): scale-free, and 0 only when a == b.

    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    >>> round(relative_error(np.array([1.0]), np.array([-1.0])), 3)
    1.0
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"gradients must have the same shape, got {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / max(scale, np.finfo(np.float64).tiny))


def numerical_gradient(f: Callable[[np.ndarray], float], theta: np.ndarray, *,
                       eps: float = DEFAULT_EPS) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``theta``.

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
    shape = np.shape(theta)
    # A float64 copy of theta (checked for NaN, inf, non-numbers) that this function may perturb.
    theta = as_float_matrix(np.ravel(theta), "theta").reshape(shape).copy()
    eps = check_real(eps, "eps", exclusive_minimum=0.0)
    grad = np.empty_like(theta)
    flat_theta, flat_grad = theta.reshape(-1), grad.reshape(-1)  # views: writes land in theta / grad
    for i in range(flat_theta.size):
        original = flat_theta[i]
        flat_theta[i] = original + eps
        f_plus = float(f(theta))
        flat_theta[i] = original - eps
        f_minus = float(f(theta))
        flat_theta[i] = original
        flat_grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def check_gradient(f: Callable[[np.ndarray], float], grad: Callable[[np.ndarray], np.ndarray],
                   theta: np.ndarray, *, eps: float = DEFAULT_EPS,
                   tolerance: float = DEFAULT_TOLERANCE) -> GradientCheck:
    """Compare ``grad(theta)`` with the central-difference gradient of ``f``.

    Returns a :class:`GradientCheck` whose ``passed`` is ``relative_error < tolerance``.

    Examples
    --------
    >>> f = lambda t: float(np.sum(t ** 3))
    >>> check_gradient(f, lambda t: 3 * t ** 2, np.array([1.0, 2.0])).passed
    True
    >>> check_gradient(f, lambda t: 2 * t, np.array([1.0, 2.0])).passed  # a wrong derivative
    False
    """
    tolerance = check_real(tolerance, "tolerance", exclusive_minimum=0.0)
    numerical = numerical_gradient(f, theta, eps=eps)
    analytic = np.asarray(grad(np.array(theta, dtype=np.float64)), dtype=np.float64)
    if analytic.shape != numerical.shape:
        raise ValueError(f"grad(theta) must have theta's shape {numerical.shape}, got {analytic.shape}")
    error = relative_error(analytic, numerical)
    return GradientCheck(analytic, numerical, error, error < tolerance)
