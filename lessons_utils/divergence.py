"""Noticing that training has blown up, and saying so in plain words.

Too large a learning rate makes every gradient-descent step overshoot further
than the last: the loss grows geometrically until it overflows to inf and then
NaN. Adam fails differently: its steps are about ``learning_rate`` long
whatever the gradient, so a huge rate makes the weights jump around and the
loss ends *higher* than it started, without ever overflowing. Printing those
numbers teaches nothing, so every training loop in ``lessons_utils`` calls

* :func:`check_not_diverged` once per epoch (inf, NaN, or a millionfold growth), and
* :func:`check_ended_lower` once at the end (worse than where it started),

and stops with a :class:`TrainingDivergedError` that says what happened and what to try.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validation import as_float_matrix, check_int, check_real

# Loss growth past this factor means the steps overshoot more each epoch.
DIVERGENCE_FACTOR = 1e6


class TrainingDivergedError(RuntimeError):
    """Raised when training blows up instead of converging (lesson 4, section 8; lesson 10, section 3).

    Attributes
    ----------
    epoch : int
        The epoch at which the blow-up was noticed.
    loss_history : numpy.ndarray of shape (epoch,)
        The finite losses seen before that epoch, for plotting what led up to it.
    """

    def __init__(self, message: str, *, epoch: int = -1, loss_history: np.ndarray | None = None):
        super().__init__(message)
        self.epoch = epoch
        self.loss_history = np.array([] if loss_history is None else loss_history, dtype=np.float64)


def _as_loss(value: object, name: str) -> float:
    """A loss may be inf or NaN (that is what is being checked), but it must be a number."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    return float(value)


def divergence_advice(learning_rate: float, l2_penalty: float = 0.0) -> str:
    """What to try when training blew up, in one or two sentences."""
    advice = (f"learning_rate={learning_rate:g} is too large for this data; try a smaller one, "
              "or standardize X first (lesson 3).")
    if l2_penalty > 0:  # the penalty adds 2 lambda to the curvature of every weight direction
        advice += (f" With l2_penalty={l2_penalty:g} every weight's curvature grows by 2 * l2_penalty, so "
                   "gradient descent needs learning_rate below 1 / (c + l2_penalty), where 2c is the data's "
                   "largest curvature (c = 1 for one standardized feature: lesson 7).")
    return advice


def check_not_diverged(
    loss: float, initial_loss: float, *, epoch: int, learning_rate: float,
    loss_history: np.ndarray | None = None, l2_penalty: float = 0.0,
) -> None:
    """Raise :class:`TrainingDivergedError` if ``loss`` is inf/NaN or grew a millionfold.

    Built by hand in lesson 4, section 4 (the loop's millionfold test); lesson 5's loop calls it.

    Parameters
    ----------
    loss : float
        The loss at ``epoch``; inf and NaN are what this looks for.
    initial_loss : float
        The finite loss before training, the yardstick for "grew".
    epoch : int
        Reported in the message.
    learning_rate : float
        Reported in the message: it is the usual culprit.
    loss_history : array-like, optional
        Losses so far, kept on the error for plotting (non-finite ones dropped).
    l2_penalty : float, default 0.0
        The ridge penalty of the loss, if any: the message then says how it limits the learning rate.

    Raises
    ------
    TrainingDivergedError
        If the loss is not finite or exceeds ``DIVERGENCE_FACTOR * initial_loss``.
    ValueError
        If ``initial_loss`` is itself inf or NaN: then the data, not the
        learning rate, overflow float64.

    Examples
    --------
    >>> check_not_diverged(0.5, 1.0, epoch=3, learning_rate=0.1)  # falling: fine
    >>> check_not_diverged(float("inf"), 1.0, epoch=9, learning_rate=3.0)
    Traceback (most recent call last):
    ...
    lessons_utils.divergence.TrainingDivergedError: gradient descent diverged at epoch 9: the loss grew from 1 to inf. learning_rate=3 is too large for this data; try a smaller one, or standardize X first (lesson 3).
    """  # noqa: E501
    loss = _as_loss(loss, "loss")
    initial_loss = _as_loss(initial_loss, "initial_loss")
    epoch = check_int(epoch, "epoch", minimum=0)
    learning_rate = check_real(learning_rate, "learning_rate", exclusive_minimum=0.0)
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    if not np.isfinite(initial_loss):
        raise ValueError(
            f"initial_loss is {initial_loss}: the loss overflows float64 before any step, so the "
            "learning rate is not to blame. X or y hold values too large to square; standardize them first."
        )
    if np.isfinite(loss) and loss <= DIVERGENCE_FACTOR * max(initial_loss, 1e-12):
        return
    history = np.asarray([] if loss_history is None else loss_history, dtype=np.float64)
    raise TrainingDivergedError(
        f"gradient descent diverged at epoch {epoch}: the loss grew from "
        f"{initial_loss:.4g} to {loss:.4g}. {divergence_advice(learning_rate, l2_penalty)}",
        epoch=epoch,
        loss_history=history[np.isfinite(history)],
    )


def check_ended_lower(loss_history: np.ndarray, baseline: float, *, learning_rate: float,
                      l2_penalty: float = 0.0) -> None:
    """Raise :class:`TrainingDivergedError` if training ended above where it started.

    Parameters
    ----------
    loss_history : array-like of shape (E + 1,)
        The loss before training, then after each epoch.
    baseline : float
        A loss any sensible fit beats: the variance of y, the MSE of predicting
        its mean. The yardstick is the larger of this and the starting loss,
        so a start that was already near the optimum may drift a little.
    learning_rate : float
        Reported in the message.
    l2_penalty : float, default 0.0
        The ridge penalty of the loss, if any, also reported.

    Examples
    --------
    >>> check_ended_lower([4.2, 1.0, 0.5], baseline=1.0, learning_rate=0.1)
    >>> check_ended_lower([4.2, 30.0, 46.7], baseline=1.0, learning_rate=1e3)
    Traceback (most recent call last):
    ...
    lessons_utils.divergence.TrainingDivergedError: training ended with a higher loss (46.7) than it started with (4.2) after 2 epochs. learning_rate=1000 is too large for this data; try a smaller one, or standardize X first (lesson 3).
    """  # noqa: E501
    history = as_float_matrix(loss_history, "loss_history")  # (E + 1, 1): finite, non-empty numbers
    if history.shape[1] != 1:
        raise ValueError(f"loss_history must be 1-D (E + 1,), got shape {history.shape}")
    history = history[:, 0]  # (E + 1,)
    baseline = check_real(baseline, "baseline", minimum=0.0)
    learning_rate = check_real(learning_rate, "learning_rate", exclusive_minimum=0.0)
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    if history[-1] > max(history[0], baseline):
        raise TrainingDivergedError(
            f"training ended with a higher loss ({history[-1]:.4g}) than it started with "
            f"({history[0]:.4g}) after {history.size - 1} epochs. "
            f"{divergence_advice(learning_rate, l2_penalty)}",
            epoch=history.size - 1, loss_history=history,
        )
