"""Input checks shared by every public function in ``lessons_utils``.

Why a module of its own: a learner who passes the wrong thing should read one
plain sentence that names the argument, not a NumPy traceback ten frames deep
or, worse, a silent NaN three cells later.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_float_matrix(value: object, name: str, *, column_if_1d: bool = True,
                    check_finite: bool = True) -> np.ndarray:
    """Return ``value`` as a finite, non-empty float64 array of shape (N, D).

    A 1-D input of length N becomes a column (N, 1) when ``column_if_1d`` is
    true, because a single feature is the common case in this course.
    ``check_finite=False`` skips the NaN/inf scan, a full extra read of a large
    array, for callers that check their own results instead (NaN and inf
    always propagate into sums of products).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}")
    array = np.asarray(value)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must hold numbers, got an array of dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got complex dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if array.ndim == 1 and column_if_1d:
        array = array.reshape(-1, 1)  # (N,) -> (N, 1)
    if array.ndim != 2:
        raise ValueError(f"{name} must be 1-D or 2-D (N, D), got {array.ndim}-D shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if check_finite and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must not contain NaN or inf")
    return array


def check_same_length(**arrays: np.ndarray) -> int:
    """Return the shared number of rows, or raise naming the arguments that disagree."""
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"arguments must have the same number of rows: {described}")
    return next(iter(lengths.values()))


def as_regression_data(X: object, y: object, *, check_finite: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Validate a training set: X of shape (N, D) and a single target column y of shape (N, 1).

    ``check_finite=False`` skips the NaN/inf scan of X only (see as_float_matrix).
    """
    X = as_float_matrix(X, "X", check_finite=check_finite)
    y = as_float_matrix(y, "y")
    check_same_length(X=X, y=y)
    if y.shape[1] != 1:
        raise ValueError(f"y must have one column, got shape {y.shape}")
    return X, y


def check_int(value: object, name: str, *, minimum: int, maximum: int | None = None) -> int:
    """Return ``value`` as an int in [minimum, maximum]; bools are rejected."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    value = int(value)
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise ValueError(f"{name} must be at least {minimum}{upper}, got {value}")
    return value


def check_real(
    value: object,
    name: str,
    *,
    minimum: float | None = None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
) -> float:
    """Return ``value`` as a finite float inside the given bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if exclusive_minimum is not None and value <= exclusive_minimum:
        raise ValueError(f"{name} must be > {exclusive_minimum}, got {value}")
    if exclusive_maximum is not None and value >= exclusive_maximum:
        raise ValueError(f"{name} must be < {exclusive_maximum}, got {value}")
    return value


def check_generator(rng: object, name: str = "rng") -> np.random.Generator:
    """Insist on a ``numpy.random.Generator`` so every random draw is seeded explicitly."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator (for example lessons_utils.set_seed(1234)), "
            f"got {type(rng).__name__}"
        )
    return rng
