"""Linear regression trained epoch by epoch with any optimizer, batch size and early stopping.

Where :func:`lessons_utils.fit_linear_gd` is lesson 4's loop, this is the
experiment harness of lesson 9: it records, after every epoch, the training
and validation MSE over *all* rows and the wall time spent updating, so that
optimizers and batch sizes can be compared per epoch and per second. With
``optimizer="sgd"`` and full batches it walks exactly the path of
``fit_linear_gd``.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from ._validation import as_float_matrix, as_regression_data, check_generator, check_int
from .divergence import check_not_diverged
from .early_stopping import EarlyStopping
from .linear_numpy import loss_and_gradients
from .minibatch import minibatch_indices
from .optimizers import make_optimizer


class TrainingRun(NamedTuple):
    """Outcome of :func:`fit_linear_minibatch`; E is the number of epochs run.

    W : (D, 1) and b : (1,), the final weights, or the best ones when early
    stopping was used. train_loss, val_loss, seconds : (E + 1,), index 0 being
    before training; val_loss is None without validation data; seconds is the
    cumulative wall time of the updates only (the per-epoch evaluations are
    not counted). best_epoch and stopped_epoch come from early stopping (None
    without it; stopped_epoch is also None if patience never ran out).
    """

    W: np.ndarray
    b: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray | None
    seconds: np.ndarray
    best_epoch: int | None
    stopped_epoch: int | None


def fit_linear_minibatch(
    X: np.ndarray,
    y: np.ndarray,
    *,
    rng: np.random.Generator,
    optimizer: str = "sgd",
    learning_rate: float = 0.1,
    batch_size: int | None = None,
    num_epochs: int = 100,
    X_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    early_stopping: EarlyStopping | None = None,
    initial_W: np.ndarray | None = None,
) -> TrainingRun:
    """Fit y ~ X W + b on the MSE with mini-batches, recording losses and time per epoch.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
    y : array-like of shape (N, 1) or (N,)
    rng : numpy.random.Generator
        Shuffles the rows every epoch and, without ``initial_W``, draws the
        starting weights W = 0.01 * randn(D, 1).
    optimizer : {"sgd", "momentum", "adam"}, default "sgd"
    learning_rate : float, default 0.1
    batch_size : int, optional
        Rows per update; None (the default) means full batch, one update per epoch.
    num_epochs : int, default 100
    X_val, y_val : array-like, optional
        Validation rows, evaluated after every epoch. Required by ``early_stopping``.
    early_stopping : EarlyStopping, optional
        Stops once validation loss has not improved for its patience, and
        returns the weights of the best epoch.
    initial_W : array-like of shape (D, 1), optional
        Starting weights instead of a random draw; the bias starts at 0.

    Returns
    -------
    TrainingRun

    Raises
    ------
    TrainingDivergedError
        If the training loss becomes inf/NaN or grows a millionfold.

    Examples
    --------
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1)
    >>> run = fit_linear_minibatch(X, 2 * X + 1, rng=np.random.default_rng(0), optimizer="momentum",
    ...                            batch_size=8, learning_rate=0.05, num_epochs=60)
    >>> round(run.W.item(), 4), round(run.b.item(), 4), run.train_loss.shape
    (2.0, 1.0, (61,))
    """
    X, y = as_regression_data(X, y)
    num_samples, num_features = X.shape
    rng = check_generator(rng)
    step = make_optimizer(optimizer, learning_rate)
    num_epochs = check_int(num_epochs, "num_epochs", minimum=1)
    batch_size = num_samples if batch_size is None else check_int(batch_size, "batch_size", minimum=1)
    has_val = X_val is not None or y_val is not None
    if has_val:
        X_val, y_val = as_regression_data(X_val, y_val)
        if X_val.shape[1] != num_features:
            raise ValueError(f"X_val must have {num_features} columns like X, got {X_val.shape[1]}")
    if early_stopping is not None and not has_val:
        raise ValueError("early_stopping watches validation loss: pass X_val and y_val too")
    if initial_W is None:
        W = 0.01 * rng.standard_normal((num_features, 1))  # (D, 1)
    else:
        W = as_float_matrix(initial_W, "initial_W").copy()
        if W.shape != (num_features, 1):
            raise ValueError(f"initial_W must have shape ({num_features}, 1), got {W.shape}")
    b = np.zeros(1)  # (1,)

    def evaluate() -> tuple[float, float]:
        train = loss_and_gradients(X, y, W, b)[0]
        val = loss_and_gradients(X_val, y_val, W, b)[0] if has_val else np.nan
        return train, val

    train_loss, val_loss, seconds = [], [], [0.0]
    first = evaluate()
    train_loss.append(first[0])
    val_loss.append(first[1])
    stopped_epoch = None
    if early_stopping is not None:
        early_stopping.update(0, first[1], (W, b))  # the start is a candidate "best" too
    for epoch in range(1, num_epochs + 1):
        start = time.perf_counter()
        if batch_size >= num_samples:  # full batch: no shuffle, no copy of X
            _, dW, db = loss_and_gradients(X, y, W, b)
            step.step([W, b], [dW, db])
        else:
            for rows in minibatch_indices(num_samples, batch_size, rng):
                _, dW, db = loss_and_gradients(X[rows], y[rows], W, b)  # (B, D), (B, 1)
                step.step([W, b], [dW, db])
        seconds.append(seconds[-1] + time.perf_counter() - start)
        train, val = evaluate()
        train_loss.append(train)
        val_loss.append(val)
        check_not_diverged(train, train_loss[0], epoch=epoch, learning_rate=learning_rate,
                           loss_history=np.array(train_loss[:-1]))
        if early_stopping is not None and early_stopping.update(epoch, val, (W, b)):
            stopped_epoch = epoch
            break

    best_epoch = None
    if early_stopping is not None:
        best_epoch = early_stopping.best_epoch
        W, b = (np.array(p) for p in early_stopping.best_params)
    return TrainingRun(W, b, np.array(train_loss), np.array(val_loss) if has_val else None,
                       np.array(seconds), best_epoch, stopped_epoch)
