"""What every fit function shares: its result type, its starting point, and its checks.

The four fit functions (:func:`~lessons_utils.fit_linear_closed_form`,
:func:`~lessons_utils.fit_linear_gd`, :func:`~lessons_utils.fit_linear_minibatch`
and :func:`~lessons_utils.fit_linear_torch`) keep one contract:

* ``X`` (N, D) and ``y`` (N, 1) first, everything else by keyword;
* ``l2_penalty`` is lambda in ``J = MSE + lambda * sum(W ** 2)``: the bias is
  never penalised, and 0 means ordinary least squares;
* iterative fits start from ``initial_W`` (D, 1) and ``initial_b`` (1,) when
  given, else from ``W = 0.01 * rng.standard_normal((D, 1))`` and ``b = 0``
  (lesson 4's start): the same ``rng`` seed gives the same start everywhere;
* randomness comes only from ``rng``, a ``numpy.random.Generator``;
* each returns a :class:`LinearFit` whose ``loss_history`` has E + 1 entries:
  the objective J before training, then after each of the E epochs.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ._validation import as_bias, as_weights, check_optional_generator

INITIAL_SCALE = 0.01  # lesson 4's start: small random weights, so no feature is favoured


class LinearFit(NamedTuple):
    """The result of every fit function: weights, bias and what happened on the way.

    Lesson 4 records its first loss history by hand; from there on every lesson's fits return this.

    Examples
    --------
    >>> fit = LinearFit(W=np.ones((1, 1)), b=np.zeros(1), loss_history=np.array([2.0, 1.0]))
    >>> fit.W.shape, fit.b.shape, len(fit.loss_history) - 1  # D = 1 feature, E = 1 epoch
    ((1, 1), (1,), 1)

    Attributes
    ----------
    W : numpy.ndarray of shape (D, 1)
        Weights (the best epoch's, when early stopping was used).
    b : numpy.ndarray of shape (1,)
        Bias.
    loss_history : numpy.ndarray of shape (E + 1,)
        Training objective (MSE plus the penalty) before training, then after
        each of the E epochs. The closed form has no epochs: shape (1,), the
        objective at its answer.
    val_loss_history : numpy.ndarray of shape (E + 1,) or None
        Validation MSE at the same moments, when validation data were given.
    seconds : numpy.ndarray of shape (E + 1,) or None
        Cumulative wall time of the updates, 0 first (the training harness only).
    best_epoch, stopped_epoch : int or None
        From early stopping: the epoch whose weights are returned, and the one
        at which patience ran out (None if it never did).
    model : torch.nn.Linear or None
        The trained PyTorch layer (:func:`~lessons_utils.fit_linear_torch` only).
    """

    W: np.ndarray
    b: np.ndarray
    loss_history: np.ndarray
    val_loss_history: np.ndarray | None = None
    seconds: np.ndarray | None = None
    best_epoch: int | None = None
    stopped_epoch: int | None = None
    model: Any = None


def starting_parameters(
    num_features: int,
    rng: np.random.Generator | None,
    initial_W: object = None,
    initial_b: object = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The start of an iterative fit: fresh (D, 1) weights and (1,) bias the caller may update in place.

    Examples
    --------
    >>> W, b = starting_parameters(2, None, initial_W=[[1.0], [2.0]])
    >>> W.ravel().tolist(), b.tolist()
    ([1.0, 2.0], [0.0])
    >>> starting_parameters(2, None)
    Traceback (most recent call last):
    ...
    TypeError: rng must be a numpy.random.Generator (for example np.random.default_rng(1234)) to draw the starting weights, or pass initial_W; got NoneType
    """  # noqa: E501
    check_optional_generator(rng)  # a wrong rng is refused even when initial_W makes it unused
    if initial_W is None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError("rng must be a numpy.random.Generator (for example np.random.default_rng(1234)) "
                            f"to draw the starting weights, or pass initial_W; got {type(rng).__name__}")
        W = INITIAL_SCALE * rng.standard_normal((num_features, 1))  # (D, 1)
    else:
        W = as_weights(initial_W, num_features, "initial_W").copy()  # (D, 1), never the caller's array
    b = np.zeros(1) if initial_b is None else as_bias(initial_b, "initial_b").copy()  # (1,)
    return W, b


def check_starting_loss(loss: float) -> None:
    """Refuse a start whose loss already overflows: then the data, not the learning rate, are to blame."""
    if not np.isfinite(loss):
        raise ValueError(
            f"the loss at the starting weights is {loss}: it overflows float64 before any step. X, y, "
            "initial_W, initial_b or l2_penalty hold values too large to square; standardize X and y "
            "first (lesson 3)."
        )
