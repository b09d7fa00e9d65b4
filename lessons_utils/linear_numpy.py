"""Linear regression trained by full-batch gradient descent, in plain NumPy.

This is the reusable twin of the loop lesson 4 writes by hand; lesson 4's
check cell proves the two give the same weights. An L2 (ridge) penalty is
built in because lesson 7 adds it to the very same loop.

Model and loss, for X of shape (N, D):
    y_hat = X W + b                                   (N, 1)
    J     = mean((y_hat - y) ** 2) + l2_penalty * sum(W ** 2)
    dJ/dW = (2 / N) X^T (y_hat - y) + 2 * l2_penalty * W   (D, 1)
    dJ/db = (2 / N) sum(y_hat - y)                          (1,)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import (
    as_float_matrix,
    as_regression_data,
    check_generator,
    check_int,
    check_real,
    check_same_length,
)
from .divergence import DIVERGENCE_FACTOR, TrainingDivergedError, check_not_diverged

__all__ = ["DIVERGENCE_FACTOR", "GDResult", "TrainingDivergedError", "fit_linear_gd", "loss_and_gradients",
           "mse_gradients", "predict_linear"]

# Rows per block in loss_and_gradients: 16384 rows x 20 features x 8 bytes is
# 2.5 MiB, small enough to stay in cache between the two products that use it
# (measured on 2,000,000 x 20: 4096-row blocks were slower, from per-call overhead).
BLOCK_ROWS = 16384


class GDResult(NamedTuple):
    """Outcome of :func:`fit_linear_gd`.

    W : (D, 1) weights; b : (1,) bias; loss_history : (num_epochs,) the loss
    computed at the start of each epoch, before that epoch's update.
    """

    W: np.ndarray
    b: np.ndarray
    loss_history: np.ndarray


def predict_linear(X: np.ndarray, W: np.ndarray, b: np.ndarray | float) -> np.ndarray:
    """Return X W + b, shape (N, 1).

    >>> predict_linear([[1.0], [2.0]], [[3.0]], 0.5).ravel().tolist()
    [3.5, 6.5]
    """
    X = as_float_matrix(X, "X")
    W = as_float_matrix(W, "W")
    if W.shape != (X.shape[1], 1):
        raise ValueError(f"W must have shape ({X.shape[1]}, 1) to match X, got {W.shape}")
    b = np.asarray(b, dtype=np.float64).reshape(-1)
    if b.size != 1 or not np.isfinite(b).all():
        raise ValueError(f"b must be one finite number, got {b.tolist()}")
    return X @ W + b  # (N, D) @ (D, 1) + (1,) -> (N, 1)


def mse_gradients(
    X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray, l2_penalty: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of the (optionally ridge-penalised) MSE with respect to W and b.

    Returns dW of shape (D, 1) and db of shape (1,). The bias is never
    penalised: shrinking it would only pull predictions toward zero.

    >>> dW, db = mse_gradients([[1.0], [2.0]], [[2.0], [4.0]], [[0.0]], [0.0])
    >>> dW.item(), db.item()
    (-10.0, -6.0)
    """
    X = as_float_matrix(X, "X")
    y = as_float_matrix(y, "y")
    num_samples = check_same_length(X=X, y=y)
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    residual = predict_linear(X, W, b) - y  # (N, 1)
    dW = (2 / num_samples) * X.T @ residual + 2 * l2_penalty * np.asarray(W)  # (D, 1)
    db = (2 / num_samples) * residual.sum(axis=0)  # (1,)
    return dW, db


def loss_and_gradients(
    X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray, l2_penalty: float = 0.0
) -> tuple[float, np.ndarray, np.ndarray]:
    """Loss, dW (D, 1) and db (1,) of the ridge-penalised MSE in one pass over X.

    The unchecked inner step of :func:`fit_linear_gd`: X (N, D) and y (N, 1)
    must already be validated float64 arrays. It walks X in blocks of rows so
    that each block, once read from memory for the residual, is still in cache
    for the gradient: one epoch then reads X from memory once, not twice.

    >>> loss, dW, db = loss_and_gradients(np.array([[1.0], [2.0]]), np.array([[2.0], [4.0]]),
    ...                                   np.zeros((1, 1)), np.zeros(1))
    >>> loss, dW.item(), db.item()
    (10.0, -10.0, -6.0)
    """
    num_samples = X.shape[0]
    sum_sq, XtR, r_sum = 0.0, np.zeros_like(W), np.zeros(1)
    with np.errstate(over="ignore", invalid="ignore"):
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


def fit_linear_gd(
    X: np.ndarray,
    y: np.ndarray,
    *,
    learning_rate: float = 0.1,
    num_epochs: int = 100,
    l2_penalty: float = 0.0,
    rng: np.random.Generator | None = None,
    initial_W: np.ndarray | None = None,
) -> GDResult:
    """Fit y ~ X W + b by full-batch gradient descent on the MSE.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs, ideally standardized (see lesson 3 and lesson 4).
    y : array-like of shape (N, 1) or (N,)
    learning_rate : float, default 0.1
        Step size alpha, > 0.
    num_epochs : int, default 100
        Number of full passes (updates), >= 1.
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0; 0 gives ordinary least squares.
    rng : numpy.random.Generator, optional
        Draws the starting weights W = 0.01 * randn(D, 1), as lesson 4 does.
    initial_W : array-like of shape (D, 1), optional
        Starting weights instead of a random draw. Exactly one of ``rng`` and
        ``initial_W`` must be given. The bias always starts at 0.

    Returns
    -------
    GDResult
        Final ``W`` (D, 1), ``b`` (1,) and the per-epoch ``loss_history``.

    Raises
    ------
    TrainingDivergedError
        If the loss becomes inf/NaN or grows a millionfold: the learning rate
        is too large for this data.

    Examples
    --------
    >>> X = np.array([[-1.0], [0.0], [1.0]])
    >>> fit = fit_linear_gd(X, 2 * X + 1, initial_W=[[0.0]], num_epochs=200)
    >>> round(fit.W.item(), 6), round(fit.b.item(), 6)
    (2.0, 1.0)
    """
    X, y = as_regression_data(X, y)
    learning_rate = check_real(learning_rate, "learning_rate", exclusive_minimum=0.0)
    num_epochs = check_int(num_epochs, "num_epochs", minimum=1)
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    if (rng is None) == (initial_W is None):
        raise ValueError("give exactly one of rng (random start) or initial_W (fixed start)")
    if initial_W is None:
        W = 0.01 * check_generator(rng).standard_normal((X.shape[1], 1))  # (D, 1)
    else:
        W = as_float_matrix(initial_W, "initial_W").copy()
        if W.shape != (X.shape[1], 1):
            raise ValueError(f"initial_W must have shape ({X.shape[1]}, 1), got {W.shape}")
    b = np.zeros(1)  # (1,)

    losses = np.empty(num_epochs)
    for epoch in range(num_epochs):
        losses[epoch], dW, db = loss_and_gradients(X, y, W, b, l2_penalty)
        check_not_diverged(losses[epoch], losses[0], epoch=epoch, learning_rate=learning_rate,
                           loss_history=losses[:epoch])
        W = W - learning_rate * dW
        b = b - learning_rate * db
    return GDResult(W, b, losses)
