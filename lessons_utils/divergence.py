"""Noticing that training has blown up, and saying so in plain words.

Too large a learning rate makes every step overshoot further than the last:
the loss grows geometrically until it overflows to inf and then NaN. Printing
those numbers teaches nothing, so every training loop in ``lessons_utils``
calls :func:`check_not_diverged` once per epoch and stops with a
:class:`TrainingDivergedError` that says what happened and what to try.
"""

from __future__ import annotations

import numpy as np

# Loss growth past this factor means the steps overshoot more each epoch.
DIVERGENCE_FACTOR = 1e6


class TrainingDivergedError(RuntimeError):
    """Raised when training blows up instead of converging.

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


def check_not_diverged(
    loss: float, initial_loss: float, *, epoch: int, learning_rate: float,
    loss_history: np.ndarray | None = None,
) -> None:
    """Raise :class:`TrainingDivergedError` if ``loss`` is inf/NaN or grew a millionfold.

    Parameters
    ----------
    loss : float
        The loss at ``epoch``.
    initial_loss : float
        The loss before training, the yardstick for "grew".
    epoch : int
        Reported in the message.
    learning_rate : float
        Reported in the message: it is the usual culprit.
    loss_history : array-like, optional
        Losses so far, kept on the error for plotting (non-finite ones dropped).

    Examples
    --------
    >>> check_not_diverged(0.5, 1.0, epoch=3, learning_rate=0.1)  # falling: fine
    >>> check_not_diverged(float("inf"), 1.0, epoch=9, learning_rate=3.0)
    Traceback (most recent call last):
    ...
    lessons_utils.divergence.TrainingDivergedError: gradient descent diverged at epoch 9: the loss grew from 1 to inf. learning_rate=3 is too large for this data; try a smaller one, or standardize X first.
    """  # noqa: E501
    if np.isfinite(loss) and loss <= DIVERGENCE_FACTOR * max(initial_loss, 1e-12):
        return
    history = np.asarray([] if loss_history is None else loss_history, dtype=np.float64)
    raise TrainingDivergedError(
        f"gradient descent diverged at epoch {epoch}: the loss grew from "
        f"{initial_loss:.4g} to {loss:.4g}. learning_rate={learning_rate:g} is too "
        "large for this data; try a smaller one, or standardize X first.",
        epoch=epoch,
        loss_history=history[np.isfinite(history)],
    )
