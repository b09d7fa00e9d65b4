"""Early stopping: stop when validation loss has not improved for a while, keep the best weights.

Training loss keeps falling as long as the optimiser can fit the training rows
better, noise included; validation loss stops falling once the extra fit is
noise. Watching the latter, with some patience for its own noise, tells when
more epochs stop paying, and the weights from the best epoch are the ones to keep.
"""

from __future__ import annotations

import copy
import numbers
from typing import Any

import numpy as np

from ._validation import check_int, check_real


class EarlyStopping:
    """Track validation loss per epoch; say when to stop; remember the best parameters.

    Built by hand in lesson 11, section 3. One object watches one run: call
    :meth:`reset` (or make a new one) before the next.

    Parameters
    ----------
    patience : int
        Epochs without improvement to tolerate, >= 1.
    min_delta : float, default 0.0
        A loss must beat the best by more than this to count as improvement.

    Attributes
    ----------
    best_loss : float
        Lowest validation loss seen (inf before the first update).
    best_epoch : int
        Epoch at which it was seen (-1 before the first update).
    best_params : object
        A deep copy of the parameters passed at that epoch.
    stopped_epoch : int or None
        Epoch at which :meth:`update` first returned True.

    Examples
    --------
    >>> stopper = EarlyStopping(patience=2)
    >>> [stopper.update(epoch, loss, params=epoch) for epoch, loss in enumerate([3.0, 2.0, 2.5, 2.1, 1.0])]
    [False, False, False, True, True]
    >>> stopper.best_epoch, stopper.best_loss, stopper.best_params, stopper.stopped_epoch
    (1, 2.0, 1, 3)
    """

    def __init__(self, patience: int, min_delta: float = 0.0) -> None:
        self.patience = check_int(patience, "patience", minimum=1)
        self.min_delta = check_real(min_delta, "min_delta", minimum=0.0)
        self.reset()

    def reset(self) -> EarlyStopping:
        """Forget every epoch seen, so the stopper can watch a new run; return it.

        >>> stopper = EarlyStopping(patience=1)
        >>> stopper.update(0, 1.0, params=None), stopper.reset().best_epoch
        (False, -1)
        """
        self.best_loss = float("inf")
        self.best_epoch = -1
        self.best_params: Any = None
        self.stopped_epoch: int | None = None
        self._last_epoch = -1
        return self

    def update(self, epoch: int, val_loss: float, params: Any) -> bool:
        """Record one epoch's validation loss; return True once patience has run out.

        Parameters
        ----------
        epoch : int
            The epoch, >= 0, larger than at the previous call.
        val_loss : float
            Its validation loss, finite.
        params : object
            The parameters after that epoch (for example ``(W, b)``); deep-copied
            when they are the best so far, so later in-place updates to the live
            parameters cannot change the saved ones.

        Returns
        -------
        bool
            True once ``patience`` epochs have passed without improvement; from
            then on it keeps returning True and the record no longer changes.

        Examples
        --------
        >>> EarlyStopping(patience=1).update(0, 0.5, params=None)
        False
        """
        if self.stopped_epoch is not None:
            return True
        epoch = check_int(epoch, "epoch", minimum=0)
        if epoch <= self._last_epoch:  # a second run fed to the same stopper, or epochs out of order
            raise ValueError(f"epoch must increase from one update to the next: got {epoch} after "
                             f"{self._last_epoch}. To watch a new run, call reset() or use a new "
                             "EarlyStopping")
        if isinstance(val_loss, (bool, np.bool_)) or not isinstance(val_loss, numbers.Real):
            raise TypeError(f"val_loss must be a real number, got {type(val_loss).__name__}")
        val_loss = float(val_loss)
        if not np.isfinite(val_loss):
            raise ValueError(f"val_loss must be a finite number, got {val_loss} at epoch {epoch}")
        self._last_epoch = epoch
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, epoch
            self.best_params = copy.deepcopy(params)
        elif epoch - self.best_epoch >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False
