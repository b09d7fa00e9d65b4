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

# Loss growth past this factor means the steps overshoot more each epoch.
DIVERGENCE_FACTOR = 1e6


class TrainingDivergedError(RuntimeError):
    """Raised when gradient descent blows up instead of converging."""


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
        with np.errstate(over="ignore", invalid="ignore"):
            residual = X @ W + b - y  # (N, 1)
            losses[epoch] = np.mean(residual**2) + l2_penalty * np.sum(W**2)
        if not np.isfinite(losses[epoch]) or losses[epoch] > DIVERGENCE_FACTOR * max(losses[0], 1e-12):
            raise TrainingDivergedError(
                f"gradient descent diverged at epoch {epoch}: the loss grew from "
                f"{losses[0]:.4g} to {losses[epoch]:.4g}. learning_rate={learning_rate:g} is too "
                "large for this data; try a smaller one, or standardize X first."
            )
        dW, db = mse_gradients(X, y, W, b, l2_penalty)
        W = W - learning_rate * dW
        b = b - learning_rate * db
    return GDResult(W, b, losses)
