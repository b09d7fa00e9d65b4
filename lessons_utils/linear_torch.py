"""The same linear model in PyTorch: ``nn.Linear``, ``MSELoss`` and Adam.

The reusable twin of the loop lesson 5 writes by hand; lesson 5's check cell
proves they produce the same weights. Importing this module imports torch, so
lessons that do not need it never pay for loading it.

``torch._dynamo`` is imported up front on purpose: ``torch.optim`` loads it the
first time an optimizer is built, which costs about a second. Paying that once
here, at import, keeps the first training loop's time about training.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
import torch._dynamo  # noqa: F401
from torch import nn

from ._validation import as_regression_data, check_int, check_real
from .linear_numpy import TrainingDivergedError
from .seeding import MAX_SEED

OPTIMIZERS = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW}


class TorchFit(NamedTuple):
    """Outcome of :func:`fit_linear_torch`.

    model : the trained ``nn.Linear``; W : (D, 1) and b : (1,) its weights as
    float64 NumPy arrays; loss_history : (num_epochs,) the loss before each step.
    """

    model: nn.Linear
    W: np.ndarray
    b: np.ndarray
    loss_history: np.ndarray


def fit_linear_torch(
    X: np.ndarray,
    y: np.ndarray,
    *,
    seed: int,
    learning_rate: float = 0.1,
    num_epochs: int = 100,
    weight_decay: float = 0.0,
    optimizer: str = "adam",
) -> TorchFit:
    """Fit y ~ X W + b with ``nn.Linear``, ``nn.MSELoss`` and full-batch Adam.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
    y : array-like of shape (N, 1) or (N,)
    seed : int
        Seeds torch right before ``nn.Linear`` draws its starting weights.
    learning_rate : float, default 0.1
    num_epochs : int, default 100
    weight_decay : float, default 0.0
        Passed to the optimizer. With ``"adam"`` it adds ``weight_decay * w``
        to every gradient (the bias too), i.e. an L2 penalty inside Adam's
        rescaling; with ``"adamw"`` it shrinks the weights directly (decoupled).
    optimizer : {"adam", "adamw"}, default "adam"

    Returns
    -------
    TorchFit

    Examples
    --------
    >>> X = np.array([[-1.0], [0.0], [1.0]])
    >>> fit = fit_linear_torch(X, 2 * X, seed=0, num_epochs=300)
    >>> round(fit.W.item(), 2), round(abs(fit.b.item()), 2)
    (2.0, 0.0)
    """
    X, y = as_regression_data(X, y)
    seed = check_int(seed, "seed", minimum=0, maximum=MAX_SEED)
    learning_rate = check_real(learning_rate, "learning_rate", exclusive_minimum=0.0)
    num_epochs = check_int(num_epochs, "num_epochs", minimum=1)
    weight_decay = check_real(weight_decay, "weight_decay", minimum=0.0)
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}, got {optimizer!r}")

    torch.manual_seed(seed)
    model = nn.Linear(X.shape[1], 1)  # weight (1, D), bias (1,)
    loss_fn = nn.MSELoss()
    opt = OPTIMIZERS[optimizer](model.parameters(), lr=learning_rate, weight_decay=weight_decay)
    inputs = torch.tensor(X, dtype=torch.float32)  # (N, D)
    targets = torch.tensor(y, dtype=torch.float32)  # (N, 1)

    losses = np.empty(num_epochs)
    for epoch in range(num_epochs):
        loss = loss_fn(model(inputs), targets)
        losses[epoch] = loss.item()
        if not np.isfinite(losses[epoch]):
            raise TrainingDivergedError(
                f"training diverged at epoch {epoch}: the loss is {losses[epoch]}; "
                f"learning_rate={learning_rate:g} is too large"
            )
        opt.zero_grad()
        loss.backward()
        opt.step()

    W = model.weight.detach().numpy().astype(np.float64).T  # (1, D) -> (D, 1)
    b = model.bias.detach().numpy().astype(np.float64)  # (1,)
    return TorchFit(model, W, b, losses)
