"""Error measures, in one place so every lesson reports the same numbers."""

from __future__ import annotations

import numpy as np

from ._validation import as_float_matrix, check_same_length


def mse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean squared error, mean((y_true - y_pred) ** 2).

    Built by hand in lesson 4, section 3.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (N, 1) or (N,)
        The same shape.

    Returns
    -------
    float
        Finite and >= 0.

    Raises
    ------
    ValueError
        If the squared errors overflow float64 (values beyond about 1e154).

    Examples
    --------
    >>> mse([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    1.3333333333333333
    """
    y_true = as_float_matrix(y_true, "y_true")
    y_pred = as_float_matrix(y_pred, "y_pred")
    check_same_length(y_true=y_true, y_pred=y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    with np.errstate(over="ignore"):
        value = float(np.mean((y_true - y_pred) ** 2))
    if not np.isfinite(value):
        raise ValueError("y_true and y_pred differ by more than float64 can square: rescale them")
    return value
