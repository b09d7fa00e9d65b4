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

from ._validation import check_choice, check_real

MOMENTUM_BETA = 0.9  # the usual heavy-ball default; torch.optim.SGD(momentum=0.9) is the same rule


def _check_finite_after_step(params: list[np.ndarray], learning_rate: float) -> None:
    """A step that overflowed would leave inf/NaN weights behind: say so instead."""
    for i, param in enumerate(params):
        if not np.all(np.isfinite(param)):
            raise ValueError(f"params[{i}] overflowed to inf/NaN in this step: grads[{i}] or "
                             f"learning_rate={learning_rate:g} is far too large")


def _check_step_arguments(params: object, grads: object) -> None:
    """Updates happen in place, so each parameter must be a float ndarray; grads must match it."""
    if not isinstance(params, (list, tuple)) or not isinstance(grads, (list, tuple)):
        raise TypeError(f"params and grads must be lists of NumPy arrays, got {type(params).__name__} "
                        f"and {type(grads).__name__}")
    if len(params) != len(grads):
        raise ValueError(f"params and grads must have the same length, got {len(params)} and {len(grads)}")
    for i, (param, grad) in enumerate(zip(params, grads, strict=True)):
        if not isinstance(param, np.ndarray) or not np.issubdtype(param.dtype, np.floating):
            raise TypeError(f"params[{i}] must be a float NumPy array, updated in place; got "
                            f"{type(param).__name__} (a Python number cannot be changed in place)")
        if np.shape(grad) != param.shape:
            raise ValueError(f"grads[{i}] must have the shape of params[{i}], {param.shape}, "
                             f"got {np.shape(grad)}")


class SGD:
    """Plain (stochastic) gradient descent: p <- p - learning_rate * g.

    Built by hand in lesson 4 (full batch) and lesson 10, section 5 (mini-batches).

    Parameters
    ----------
    learning_rate : float
        Step size alpha > 0.

    Examples
    --------
    >>> p = [np.array([1.0])]
    >>> SGD(0.1).step(p, [np.array([2.0])])
    >>> p[0].tolist()
    [0.8]
    """

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = check_real(learning_rate, "learning_rate", exclusive_minimum=0.0)

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every array in ``params`` in place, one gradient each.

        Parameters
        ----------
        params : list of numpy.ndarray
            The parameters, float arrays changed in place (for example ``[W, b]``).
        grads : list of numpy.ndarray
            Their gradients, the same shapes, in the same order.

        Examples
        --------
        >>> W, b = np.zeros((1, 1)), np.zeros(1)
        >>> SGD(0.1).step([W, b], [np.ones((1, 1)), np.ones(1)])
        >>> W.item() < 0 and b.item() < 0
        True
        """
        _check_step_arguments(params, grads)
        with np.errstate(over="ignore", invalid="ignore"):
            for param, grad in zip(params, grads, strict=True):
                param -= self.learning_rate * grad
        _check_finite_after_step(params, self.learning_rate)


class Momentum(SGD):
    """SGD with heavy-ball momentum: v <- beta * v + g; p <- p - learning_rate * v.

    Built by hand in lesson 10, section 6; ``torch.optim.SGD(momentum=beta)`` is the same rule.

    Parameters
    ----------
    learning_rate : float
        Step size alpha > 0.
    beta : float, default 0.9
        How much of the last step carries over, in [0, 1).

    Examples
    --------
    >>> p = [np.array([1.0])]
    >>> rule = Momentum(0.1)
    >>> rule.step(p, [np.array([1.0])]); rule.step(p, [np.array([1.0])])
    >>> round(p[0].item(), 6)  # 1 - 0.1 * 1 - 0.1 * (0.9 + 1)
    0.71
    """

    def __init__(self, learning_rate: float, beta: float = MOMENTUM_BETA) -> None:
        super().__init__(learning_rate)
        self.beta = check_real(beta, "beta", minimum=0.0, exclusive_maximum=1.0)
        self.velocity: list[np.ndarray] | None = None

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        _check_step_arguments(params, grads)
        if self.velocity is None:
            self.velocity = [np.zeros_like(param) for param in params]
        with np.errstate(over="ignore", invalid="ignore"):
            for param, grad, velocity in zip(params, grads, self.velocity, strict=True):
                velocity *= self.beta
                velocity += grad
                param -= self.learning_rate * velocity
        _check_finite_after_step(params, self.learning_rate)


class Adam(SGD):
    """Adam: every coordinate steps by its mean gradient over its root-mean-square gradient.

    Built by hand in lesson 10, section 6; the defaults are ``torch.optim.Adam``'s.

    Parameters
    ----------
    learning_rate : float
        Step size alpha > 0: roughly how far each parameter moves per step.
    beta1 : float, default 0.9
        Decay of the running mean of the gradients, in [0, 1).
    beta2 : float, default 0.999
        Decay of the running mean of the squared gradients, in [0, 1).
    eps : float, default 1e-8
        Added to the denominator, > 0, so that a zero gradient gives a zero step.

    Examples
    --------
    >>> p = [np.array([1.0, 1.0])]
    >>> Adam(0.1).step(p, [np.array([5.0, -0.01])])  # the first step is about lr, whatever |g|
    >>> np.round(p[0], 6).tolist()
    [0.9, 1.1]
    """

    def __init__(self, learning_rate: float, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8) -> None:
        super().__init__(learning_rate)
        self.beta1 = check_real(beta1, "beta1", minimum=0.0, exclusive_maximum=1.0)
        self.beta2 = check_real(beta2, "beta2", minimum=0.0, exclusive_maximum=1.0)
        self.eps = check_real(eps, "eps", exclusive_minimum=0.0)
        self.t = 0
        self.moments: list[tuple[np.ndarray, np.ndarray]] | None = None

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        _check_step_arguments(params, grads)
        if self.moments is None:
            self.moments = [(np.zeros_like(param), np.zeros_like(param)) for param in params]
        self.t += 1
        correction1 = 1 - self.beta1**self.t  # the moments start at 0: undo that bias
        correction2 = 1 - self.beta2**self.t
        with np.errstate(over="ignore", invalid="ignore"):
            for param, grad, (mean, square) in zip(params, grads, self.moments, strict=True):
                mean += (1 - self.beta1) * (grad - mean)
                square += (1 - self.beta2) * (grad**2 - square)
                step = (mean / correction1) / (np.sqrt(square / correction2) + self.eps)
                param -= self.learning_rate * step
        _check_finite_after_step(params, self.learning_rate)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}
OPTIMIZER_NAMES = tuple(OPTIMIZERS)  # the names every fit function accepts, NumPy and torch alike


def check_optimizer_name(name: object, argument: str = "optimizer") -> str:
    """Return ``name`` if it names one of the course's optimizers."""
    return check_choice(name, argument, OPTIMIZER_NAMES)


def make_optimizer(name: str, learning_rate: float) -> SGD:
    """The optimizer called ``name`` with its default settings.

    Built by hand in lesson 10, section 6.

    Parameters
    ----------
    name : {"sgd", "momentum", "adam"}
        The update rule; :func:`lessons_utils.fit_linear_torch` accepts the same names.
    learning_rate : float
        Step size alpha > 0.

    Returns
    -------
    SGD
        An :class:`SGD`, :class:`Momentum` or :class:`Adam`.

    Examples
    --------
    >>> type(make_optimizer("adam", 0.01)).__name__
    'Adam'
    """
    return OPTIMIZERS[check_optimizer_name(name, "name")](learning_rate)
