"""The linear model's predictions, and its (ridge-penalised) MSE with the gradients.

Lesson 4 derives these by hand and lesson 7 adds the penalty. For X of shape (N, D):

    y_hat = X W + b                                          (N, 1)
    J     = mean((y_hat - y) ** 2) + l2_penalty * sum(W ** 2)
    dJ/dW = (2 / N) X^T (y_hat - y) + 2 * l2_penalty * W      (D, 1)
    dJ/db = (2 / N) sum(y_hat - y)                            (1,)

The bias is never penalised: shrinking it would only pull predictions toward zero.
"""

from __future__ import annotations

import numpy as np

from ._blocks import BLOCK_ROWS, blas_limited_for
from ._validation import as_bias, as_float_matrix, as_regression_data, as_weights, check_real


def predict_linear(X: np.ndarray, W: np.ndarray, b: np.ndarray | float) -> np.ndarray:
    """Predictions X W + b of the linear model.

    Built by hand in lesson 4, section 2.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs; a 1-D X is one feature.
    W : array-like of shape (D, 1) or (D,)
        Weights.
    b : float or array-like of shape (1,)
        Bias.

    Returns
    -------
    numpy.ndarray of shape (N, 1)

    Examples
    --------
    >>> predict_linear([[1.0], [2.0]], [[3.0]], 0.5).ravel().tolist()
    [3.5, 6.5]
    """
    X = as_float_matrix(X, "X")
    W = as_weights(W, X.shape[1])
    b = as_bias(b)
    return X @ W + b  # (N, D) @ (D, 1) + (1,) -> (N, 1)


def _validated(X, y, W, b, l2_penalty):
    X, y = as_regression_data(X, y)
    return X, y, as_weights(W, X.shape[1]), as_bias(b), check_real(l2_penalty, "l2_penalty", minimum=0.0)


def mse_gradients(
    X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray | float, l2_penalty: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of the (optionally ridge-penalised) MSE with respect to W and b.

    Built by hand in lesson 4, section 3; the penalty term in lesson 7, section 2.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs, one row per example; a 1-D X is one feature.
    y : array-like of shape (N, 1) or (N,)
        Targets, one per row of X.
    W : array-like of shape (D, 1) or (D,)
        Weights.
    b : float or array-like of shape (1,)
        Bias.
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0 in ``J = MSE + lambda * sum(W ** 2)``.

    Returns
    -------
    dW : numpy.ndarray of shape (D, 1)
    db : numpy.ndarray of shape (1,)

    Examples
    --------
    >>> dW, db = mse_gradients([[1.0], [2.0]], [[2.0], [4.0]], [[0.0]], [0.0])
    >>> dW.item(), db.item()
    (-10.0, -6.0)
    """
    _, dW, db = loss_and_gradients(X, y, W, b, l2_penalty)
    return dW, db


def loss_and_gradients(
    X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray | float, l2_penalty: float = 0.0
) -> tuple[float, np.ndarray, np.ndarray]:
    """The ridge-penalised MSE and its gradients, in one pass over X.

    Built by hand in lesson 9, section 3 (the gradient-descent runs on raw and
    standardized X). Like every public function it checks its input, and it
    refuses a loss that overflows float64.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs, one row per example; a 1-D X is one feature.
    y : array-like of shape (N, 1) or (N,)
        Targets, one per row of X.
    W : array-like of shape (D, 1) or (D,)
        Weights.
    b : float or array-like of shape (1,)
        Bias.
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0 in ``J = MSE + lambda * sum(W ** 2)``.

    Returns
    -------
    loss : float
    dW : numpy.ndarray of shape (D, 1)
    db : numpy.ndarray of shape (1,)

    Examples
    --------
    >>> loss, dW, db = loss_and_gradients([[1.0], [2.0]], [2.0, 4.0], [[0.0]], 0.0)
    >>> loss, dW.item(), db.item()
    (10.0, -10.0, -6.0)
    """
    loss, dW, db = unchecked_loss_and_gradients(*_validated(X, y, W, b, l2_penalty))
    if not (np.isfinite(loss) and np.all(np.isfinite(dW)) and np.all(np.isfinite(db))):
        raise ValueError("the loss or its gradients overflow float64: X, y, W or b hold values too large "
                         "to square; standardize X and y first (lesson 3)")
    return loss, dW, db


def unchecked_loss_and_gradients(
    X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray, l2_penalty: float = 0.0
) -> tuple[float, np.ndarray, np.ndarray]:
    """:func:`loss_and_gradients` without input checks: the inner step of the training loops.

    **Unchecked**: X (N, D), y (N, 1), W (D, 1) and b (1,) must already be
    validated float64 arrays; anything else gives wrong numbers or a raw
    NumPy error. The loops validate once, then call this every epoch.

    It walks X in blocks of rows so that each block, once read from memory
    for the residual, is still in cache for the gradient: an epoch reads X once.

    >>> loss, dW, db = unchecked_loss_and_gradients(np.array([[1.0], [2.0]]), np.array([[2.0], [4.0]]),
    ...                                             np.zeros((1, 1)), np.zeros(1))
    >>> loss, dW.item(), db.item()
    (10.0, -10.0, -6.0)
    """
    num_samples = X.shape[0]
    sum_sq, XtR, r_sum = 0.0, np.zeros_like(W), np.zeros(1)
    with np.errstate(over="ignore", invalid="ignore"), blas_limited_for(num_samples):
        for start in range(0, num_samples, BLOCK_ROWS):
            X_block = X[start:start + BLOCK_ROWS]  # (B, D), a view
            residual = X_block @ W  # (B, 1)
            residual += b
            residual -= y[start:start + BLOCK_ROWS]
            sum_sq += (residual.T @ residual).item()  # (1, B) @ (B, 1)
            XtR += X_block.T @ residual  # (D, B) @ (B, 1) -> (D, 1)
            r_sum += residual.sum(axis=0)
        loss = sum_sq / num_samples + l2_penalty * float(np.sum(W**2))
        dW = (2 / num_samples) * XtR + 2 * l2_penalty * W  # (D, 1)
        db = (2 / num_samples) * r_sum  # (1,)
    return loss, dW, db
