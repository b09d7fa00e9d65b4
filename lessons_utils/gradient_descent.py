"""Linear regression trained by full-batch gradient descent, in plain NumPy.

This is the reusable twin of the loop lesson 4 writes by hand; lesson 4's
check cell proves the two give the same weights. An L2 (ridge) penalty is
built in because lesson 7 adds it to the very same loop. The model, loss and
gradients are those of :mod:`lessons_utils.losses`; the contract every fit
function keeps (arguments, start, result) is in :mod:`lessons_utils.fitting`.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_regression_data, check_num_epochs, check_real
from .divergence import check_ended_lower, check_not_diverged
from .fitting import LinearFit, check_starting_loss, starting_parameters
from .losses import unchecked_loss_and_gradients


def fit_linear_gd(
    X: np.ndarray,
    y: np.ndarray,
    *,
    learning_rate: float = 0.1,
    num_epochs: int = 100,
    l2_penalty: float = 0.0,
    rng: np.random.Generator | None = None,
    initial_W: np.ndarray | None = None,
    initial_b: np.ndarray | float | None = None,
) -> LinearFit:
    """Fit y ~ X W + b by full-batch gradient descent on the (ridge-penalised) MSE.

    Built by hand in lesson 4, sections 4 to 8; the penalty in lesson 7, section 2.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs, ideally standardized (lesson 3; lesson 9 shows why).
    y : array-like of shape (N, 1) or (N,)
        Targets, one per row of X.
    learning_rate : float, default 0.1
        Step size alpha > 0. On standardized X, below 2 / L converges (lesson 10).
    num_epochs : int, default 100
        Number of full passes, each one update, in [1, 1_000_000].
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0 in ``MSE + lambda * sum(W ** 2)``; the bias is
        not penalised. scikit-learn's ``Ridge(alpha=N * lambda)`` minimises the same
        thing (its loss is a sum, not a mean).
    rng : numpy.random.Generator, optional
        Draws the starting weights ``0.01 * standard_normal((D, 1))`` unless
        ``initial_W`` is given.
    initial_W : array-like of shape (D, 1), optional
        Starting weights instead of a random draw.
    initial_b : float or array-like of shape (1,), optional
        Starting bias; 0 by default.

    Returns
    -------
    LinearFit
        Final ``W`` (D, 1), ``b`` (1,) and ``loss_history`` (num_epochs + 1,).

    Raises
    ------
    TrainingDivergedError
        If the loss becomes inf/NaN, grows a millionfold, or ends above where it
        started: the learning rate is too large for this data.

    Examples
    --------
    >>> X = np.array([[-1.0], [0.0], [1.0]])
    >>> fit = fit_linear_gd(X, 2 * X + 1, initial_W=[[0.0]], num_epochs=200)
    >>> round(fit.W.item(), 6), round(fit.b.item(), 6), fit.loss_history.shape
    (2.0, 1.0, (201,))
    """
    X, y = as_regression_data(X, y)
    learning_rate = check_real(learning_rate, "learning_rate", exclusive_minimum=0.0)
    num_epochs = check_num_epochs(num_epochs)
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    W, b = starting_parameters(X.shape[1], rng, initial_W, initial_b)  # (D, 1), (1,)

    losses = np.empty(num_epochs + 1)
    for epoch in range(num_epochs + 1):
        losses[epoch], dW, db = unchecked_loss_and_gradients(X, y, W, b, l2_penalty)
        if epoch == 0:
            check_starting_loss(losses[0])
        check_not_diverged(losses[epoch], losses[0], epoch=epoch, learning_rate=learning_rate,
                           loss_history=losses[:epoch], l2_penalty=l2_penalty)
        if epoch < num_epochs:  # the last pass only measures the loss after the final update
            W = W - learning_rate * dW
            b = b - learning_rate * db
    check_ended_lower(losses, float(np.var(y)), learning_rate=learning_rate, l2_penalty=l2_penalty)
    return LinearFit(W, b, losses)
