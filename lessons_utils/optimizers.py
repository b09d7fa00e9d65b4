"""Three update rules for a list of NumPy parameters: plain SGD, momentum, and Adam.

Each ``step(params, grads)`` changes the parameters in place, as
``torch.optim`` does, so the caller's arrays are the model. With gradients
g_t and learning rate alpha:

    SGD       p <- p - alpha * g
    Momentum  v <- beta * v + g;              p <- p - alpha * v
    Adam      m <- b1 * m + (1 - b1) * g;     s <- b2 * s + (1 - b2) * g ** 2
              p <- p - alpha * m_hat / (sqrt(s_hat) + eps)
              (m_hat, s_hat: m and s divided by 1 - b1 ** t and 1 - b2 ** t)

Momentum lets steps build up along directions where gradients agree; Adam
also rescales every coordinate by its own recent gradient size, which is why
it copes with badly scaled inputs and why lesson 5 could use it unchanged.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_real


class SGD:
    """Plain (stochastic) gradient descent.

    >>> p = [np.array([1.0])]
    >>> SGD(0.1).step(p, [np.array([2.0])])
    >>> p[0].tolist()
    [0.8]
    """

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = check_real(learning_rate, "learning_rate", exclusive_minimum=0.0)

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        for param, grad in zip(params, grads, strict=True):
            param -= self.learning_rate * grad


class Momentum(SGD):
    """SGD with heavy-ball momentum ``beta`` (0.9 by default)."""

    def __init__(self, learning_rate: float, beta: float = 0.9) -> None:
        super().__init__(learning_rate)
        self.beta = check_real(beta, "beta", minimum=0.0, exclusive_maximum=1.0)
        self.velocity: list[np.ndarray] | None = None

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        if self.velocity is None:
            self.velocity = [np.zeros_like(param) for param in params]
        for param, grad, velocity in zip(params, grads, self.velocity, strict=True):
            velocity *= self.beta
            velocity += grad
            param -= self.learning_rate * velocity


class Adam(SGD):
    """Adam with the usual defaults (beta1 0.9, beta2 0.999, eps 1e-8), like ``torch.optim.Adam``."""

    def __init__(self, learning_rate: float, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8) -> None:
        super().__init__(learning_rate)
        self.beta1 = check_real(beta1, "beta1", minimum=0.0, exclusive_maximum=1.0)
        self.beta2 = check_real(beta2, "beta2", minimum=0.0, exclusive_maximum=1.0)
        self.eps = check_real(eps, "eps", exclusive_minimum=0.0)
        self.t = 0
        self.moments: list[tuple[np.ndarray, np.ndarray]] | None = None

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        if self.moments is None:
            self.moments = [(np.zeros_like(param), np.zeros_like(param)) for param in params]
        self.t += 1
        correction1 = 1 - self.beta1**self.t  # the moments start at 0: undo that bias
        correction2 = 1 - self.beta2**self.t
        for param, grad, (mean, square) in zip(params, grads, self.moments, strict=True):
            mean += (1 - self.beta1) * (grad - mean)
            square += (1 - self.beta2) * (grad**2 - square)
            param -= self.learning_rate * (mean / correction1) / (np.sqrt(square / correction2) + self.eps)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def make_optimizer(name: str, learning_rate: float) -> SGD:
    """The optimizer called ``name`` ("sgd", "momentum" or "adam") with default settings.

    >>> type(make_optimizer("adam", 0.01)).__name__
    'Adam'
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}, got {name!r}")
    return OPTIMIZERS[name](learning_rate)
