"""Linear regression trained epoch by epoch with any optimizer, batch size and early stopping.

Where :func:`lessons_utils.fit_linear_gd` is lesson 4's loop, this is the
experiment harness of lessons 10 and 11: it records, after every epoch, the training
and validation loss over *all* rows and the wall time spent updating, so that
optimizers and batch sizes can be compared per epoch and per second. With
``optimizer="sgd"`` and full batches it walks exactly the path of
``fit_linear_gd``.
"""

from __future__ import annotations

import time

import numpy as np

from ._validation import as_regression_data, check_int, check_num_epochs, check_real
from .divergence import TrainingDivergedError, check_ended_lower, check_not_diverged, divergence_advice
from .early_stopping import EarlyStopping
from .fitting import LinearFit, check_starting_loss, starting_parameters
from .losses import unchecked_loss_and_gradients
from .minibatch import minibatch_indices
from .optimizers import check_optimizer_name, make_optimizer


def _validation_data(X_val, y_val, num_features: int, early_stopping):
    """Checked (X_val, y_val), or (None, None); refuse a used or unusable EarlyStopping."""
    if (X_val is None) != (y_val is None):
        raise ValueError("pass both X_val and y_val, or neither")
    if early_stopping is not None:
        if not isinstance(early_stopping, EarlyStopping):
            raise TypeError(f"early_stopping must be an EarlyStopping, got {type(early_stopping).__name__}")
        if X_val is None:
            raise ValueError("early_stopping watches validation loss: pass X_val and y_val too")
        if early_stopping.best_epoch >= 0:  # reusing it would mix two runs' records
            raise ValueError("early_stopping has already watched a run: pass a new EarlyStopping, "
                             "or call its reset() first")
    if X_val is None:
        return None, None
    X_val, y_val = as_regression_data(X_val, y_val, x_name="X_val", y_name="y_val")
    if X_val.shape[1] != num_features:
        raise ValueError(f"X_val must have {num_features} columns like X, got {X_val.shape[1]}")
    return X_val, y_val


def fit_linear_minibatch(
    X: np.ndarray,
    y: np.ndarray,
    *,
    learning_rate: float = 0.1,
    num_epochs: int = 100,
    l2_penalty: float = 0.0,
    rng: np.random.Generator | None = None,
    initial_W: np.ndarray | None = None,
    initial_b: np.ndarray | float | None = None,
    optimizer: str = "sgd",
    batch_size: int | None = None,
    X_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    early_stopping: EarlyStopping | None = None,
) -> LinearFit:
    """Fit y ~ X W + b with mini-batches, recording losses and time per epoch.

    Built by hand in lesson 10, sections 5 and 6, and lesson 11, sections 2 and 3.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs, one row per example; a 1-D X is one feature.
    y : array-like of shape (N, 1) or (N,)
        Targets, one per row of X.
    learning_rate : float, default 0.1
        Step size alpha > 0 of the optimizer.
    num_epochs : int, default 100
        Passes over the rows, in [1, 1_000_000].
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0, as in :func:`lessons_utils.fit_linear_gd`.
    rng : numpy.random.Generator, optional
        Shuffles the rows every epoch (needed when ``batch_size`` < N) and,
        without ``initial_W``, draws the starting weights.
    initial_W : array-like of shape (D, 1), optional
        Starting weights instead of a random draw.
    initial_b : float or array-like of shape (1,), optional
        Starting bias; 0 by default.
    optimizer : {"sgd", "momentum", "adam"}, default "sgd"
        The update rule, from :mod:`lessons_utils.optimizers` with its defaults.
    batch_size : int, optional
        Rows per update, >= 1; None (the default) means full batch, one update per epoch.
    X_val : array-like of shape (M, D), optional
        Validation inputs, evaluated (unpenalised MSE) after every epoch. Required by ``early_stopping``.
    y_val : array-like of shape (M, 1), optional
        Validation targets, given together with ``X_val``.
    early_stopping : EarlyStopping, optional
        A fresh stopper: training stops once validation loss has not improved
        for its patience, and the best epoch's weights are returned.

    Returns
    -------
    LinearFit
        With ``val_loss_history`` (when validation data were given), ``seconds``,
        and ``best_epoch`` / ``stopped_epoch`` (with early stopping). The
        histories are as long as the epochs actually run, plus one.

    Raises
    ------
    TrainingDivergedError
        If the training loss becomes inf/NaN, grows a millionfold or ends above its start.

    Examples
    --------
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1)
    >>> run = fit_linear_minibatch(X, 2 * X + 1, rng=np.random.default_rng(0), optimizer="momentum",
    ...                            batch_size=8, learning_rate=0.05, num_epochs=60)
    >>> round(run.W.item(), 4), round(run.b.item(), 4), run.loss_history.shape
    (2.0, 1.0, (61,))
    """
    X, y = as_regression_data(X, y)
    num_samples, num_features = X.shape
    step = make_optimizer(check_optimizer_name(optimizer), learning_rate)
    learning_rate = step.learning_rate
    num_epochs = check_num_epochs(num_epochs)
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    batch_size = num_samples if batch_size is None else check_int(batch_size, "batch_size", minimum=1)
    full_batch = batch_size >= num_samples
    if not full_batch and rng is None:
        raise TypeError("rng must be a numpy.random.Generator to shuffle the mini-batches, got NoneType")
    X_val, y_val = _validation_data(X_val, y_val, num_features, early_stopping)
    W, b = starting_parameters(num_features, rng, initial_W, initial_b)  # (D, 1), (1,)

    def evaluate() -> None:
        train_loss.append(unchecked_loss_and_gradients(X, y, W, b, l2_penalty)[0])
        if X_val is not None:
            val_loss.append(unchecked_loss_and_gradients(X_val, y_val, W, b)[0])
            if not np.isfinite(val_loss[-1]) and np.isfinite(train_loss[-1]):
                raise ValueError("the validation loss overflows float64 while the training loss does not: "
                                 "X_val or y_val hold values far larger than X and y; scale them alike")

    train_loss: list[float] = []
    val_loss: list[float] = []
    seconds = [0.0]
    evaluate()
    check_starting_loss(train_loss[0])
    if early_stopping is not None:
        early_stopping.update(0, val_loss[0], (W, b))  # the start is a candidate "best" too
    for epoch in range(1, num_epochs + 1):
        start = time.perf_counter()
        batches = [slice(None)] if full_batch else minibatch_indices(num_samples, batch_size, rng)
        for rows in batches:  # full batch: a slice, so no shuffle and no copy of X
            _, dW, db = unchecked_loss_and_gradients(X[rows], y[rows], W, b, l2_penalty)  # (B, D), (B, 1)
            try:
                step.step([W, b], [dW, db])
            except ValueError as error:  # the step overflowed: the weights are gone, training diverged
                raise TrainingDivergedError(f"training diverged at epoch {epoch}: {error}. "
                                            f"{divergence_advice(learning_rate, l2_penalty)}", epoch=epoch,
                                            loss_history=np.array(train_loss)) from None
        seconds.append(seconds[-1] + time.perf_counter() - start)
        evaluate()
        check_not_diverged(train_loss[-1], train_loss[0], epoch=epoch, learning_rate=learning_rate,
                           loss_history=train_loss[:-1], l2_penalty=l2_penalty)
        if early_stopping is not None and early_stopping.update(epoch, val_loss[-1], (W, b)):
            break
    check_ended_lower(train_loss, float(np.var(y)), learning_rate=learning_rate, l2_penalty=l2_penalty)

    best_epoch = stopped_epoch = None
    if early_stopping is not None:
        best_epoch, stopped_epoch = early_stopping.best_epoch, early_stopping.stopped_epoch
        W, b = (np.array(p) for p in early_stopping.best_params)
    return LinearFit(W, b, np.array(train_loss), np.array(val_loss) if X_val is not None else None,
                     np.array(seconds), best_epoch, stopped_epoch)
