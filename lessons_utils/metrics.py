"""Error measures, in one place so every lesson reports the same numbers."""

from __future__ import annotations

import numpy as np

from ._validation import as_float_matrix, check_same_length


def mse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean squared error, mean((y_true - y_pred) ** 2).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (N, 1) or (N,)

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
    return float(np.mean((y_true - y_pred) ** 2))
