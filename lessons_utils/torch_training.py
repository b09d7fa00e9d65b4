"""The same linear model in PyTorch: ``nn.Linear``, the MSE, and a ``torch.optim`` optimizer.

The reusable twin of the loop lesson 5 writes by hand; lesson 5's check cell
proves they produce the same weights. It keeps the contract of every fit
function (:mod:`lessons_utils.fitting`): the same start from the same ``rng``
as :func:`~lessons_utils.fit_linear_gd`, the same ``l2_penalty`` (the bias
is not penalised), the same optimizer names as the NumPy harness, the same
divergence checks. It draws nothing from PyTorch's global random generator,
so calling it never changes what the caller's own torch code draws next.

Importing this module imports torch, so lessons that do not need it never pay for loading it.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ._validation import as_regression_data, check_num_epochs, check_real
from .divergence import check_ended_lower, check_not_diverged
from .fitting import LinearFit, check_starting_loss, starting_parameters
from .optimizers import MOMENTUM_BETA, check_optimizer_name

FLOAT32_DIGITS_KEPT = 1e-3  # refuse data whose spread is below 1000 float32 rounding steps

# Defaults match the NumPy optimizers: torch's SGD momentum is the same heavy ball
# v <- beta v + g, p <- p - lr v, and torch's Adam defaults equal ours.
TORCH_OPTIMIZERS = {
    "sgd": lambda params, lr: torch.optim.SGD(params, lr=lr),
    "momentum": lambda params, lr: torch.optim.SGD(params, lr=lr, momentum=MOMENTUM_BETA),
    "adam": lambda params, lr: torch.optim.Adam(params, lr=lr),
}


FLOAT32_MAX = float(np.finfo(np.float32).max)


def _check_float32_range(value: float | np.ndarray, name: str) -> None:
    """torch computes in float32: a number beyond its range (about 3.4e38) cannot even be stored."""
    if np.any(np.abs(value) >= FLOAT32_MAX):
        raise ValueError(f"{name} must stay below {FLOAT32_MAX:.3g} in size: PyTorch computes in float32, "
                         "which cannot hold larger numbers")


def _check_float32_keeps(array: np.ndarray, name: str) -> None:
    """Refuse columns whose variation float32 (about 7 digits) would round away, e.g. X = 1e8 + i."""
    spread = array.std(axis=0)  # (D,)
    magnitude = np.abs(array).max(axis=0)
    lost = (spread > 0) & (magnitude * np.finfo(np.float32).eps > FLOAT32_DIGITS_KEPT * spread)
    if np.any(lost):
        column = int(np.flatnonzero(lost)[0])
        raise ValueError(
            f"{name} column {column} has values near {array[:, column].mean():.6g} that vary by only "
            f"{spread[column]:.3g}: PyTorch computes in float32 (about 7 significant digits), which "
            f"would round that variation away. Standardize {name} first (lesson 3)."
        )


def fit_linear_torch(
    X: np.ndarray,
    y: np.ndarray,
    *,
    learning_rate: float = 0.1,
    num_epochs: int = 100,
    l2_penalty: float = 0.0,
    rng: np.random.Generator | None = None,
    initial_W: np.ndarray | None = None,
    initial_b: np.ndarray | float | None = None,
    optimizer: str = "adam",
) -> LinearFit:
    """Fit y ~ X W + b with ``nn.Linear`` and a full-batch ``torch.optim`` optimizer, in float32.

    Built by hand in lesson 5, sections 3 to 5.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs; standardize them first (float32 keeps about 7 digits).
    y : array-like of shape (N, 1) or (N,)
        Targets, one per row of X.
    learning_rate : float, default 0.1
        The optimizer's ``lr`` > 0.
    num_epochs : int, default 100
        Full-batch updates, in [1, 1_000_000].
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0, added to the loss as ``lambda * sum(W ** 2)``
        (bias excluded), exactly as in :func:`lessons_utils.fit_linear_gd`. This
        is *not* torch's ``weight_decay``: ``Adam(weight_decay=wd)`` adds
        ``wd * p`` to every gradient, bias included, i.e. the penalty
        ``(wd / 2) * (sum(W ** 2) + b ** 2)``; ``AdamW`` decays the weights
        outside Adam's rescaling (lesson 7, section 5).
    rng : numpy.random.Generator, optional
        Draws the starting weights ``0.01 * standard_normal((D, 1))``, as every fit does.
    initial_W : array-like of shape (D, 1), optional
        Starting weights instead of a random draw (for example your own ``nn.Linear``'s, transposed).
    initial_b : float or array-like of shape (1,), optional
        Starting bias; 0 by default.
    optimizer : {"sgd", "momentum", "adam"}, default "adam"
        ``torch.optim.SGD``, ``SGD(momentum=0.9)`` or ``torch.optim.Adam``, default settings.

    Returns
    -------
    LinearFit
        ``W`` (D, 1) and ``b`` (1,) as float64, ``loss_history`` (num_epochs + 1,),
        and ``model``, the trained ``nn.Linear``.

    Raises
    ------
    TrainingDivergedError
        If the loss becomes inf/NaN, grows a millionfold or ends above its start.

    Examples
    --------
    >>> X = np.array([[-1.0], [0.0], [1.0]])
    >>> fit = fit_linear_torch(X, 2 * X, rng=np.random.default_rng(0), num_epochs=300)
    >>> round(fit.W.item(), 2), round(abs(fit.b.item()), 2), fit.loss_history.shape
    (2.0, 0.0, (301,))
    """
    X, y = as_regression_data(X, y)
    learning_rate = check_real(learning_rate, "learning_rate", exclusive_minimum=0.0)
    num_epochs = check_num_epochs(num_epochs)
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    optimizer = check_optimizer_name(optimizer)
    W, b = starting_parameters(X.shape[1], rng, initial_W, initial_b)  # (D, 1), (1,)
    for name, value in (("X", X), ("y", y), ("learning_rate", learning_rate), ("l2_penalty", l2_penalty),
                        ("initial_W", W), ("initial_b", b)):
        _check_float32_range(value, name)
    _check_float32_keeps(X, "X")
    _check_float32_keeps(y, "y")

    # skip_init: nn.Linear's own random init would draw from torch's global generator.
    model = nn.utils.skip_init(nn.Linear, X.shape[1], 1)  # weight (1, D), bias (1,), set just below
    with torch.no_grad():
        model.weight.copy_(torch.from_numpy(W.T))  # (D, 1) -> (1, D)
        model.bias.copy_(torch.from_numpy(b))
    opt = TORCH_OPTIMIZERS[optimizer](model.parameters(), learning_rate)
    inputs = torch.tensor(X, dtype=torch.float32)  # (N, D)
    targets = torch.tensor(y, dtype=torch.float32)  # (N, 1)

    losses = np.empty(num_epochs + 1)
    for epoch in range(num_epochs + 1):
        loss = nn.functional.mse_loss(model(inputs), targets)
        if l2_penalty:
            loss = loss + l2_penalty * model.weight.pow(2).sum()
        losses[epoch] = loss.item()
        if epoch == 0:
            check_starting_loss(losses[0])
        check_not_diverged(losses[epoch], losses[0], epoch=epoch, learning_rate=learning_rate,
                           loss_history=losses[:epoch], l2_penalty=l2_penalty)
        if epoch < num_epochs:  # the last pass only measures the loss after the final update
            opt.zero_grad()
            loss.backward()
            opt.step()
    check_ended_lower(losses, float(np.var(y)), learning_rate=learning_rate, l2_penalty=l2_penalty)

    W = model.weight.detach().numpy().astype(np.float64).T  # (1, D) -> (D, 1)
    b = model.bias.detach().numpy().astype(np.float64)  # (1,)
    return LinearFit(W, b, losses, model=model)
