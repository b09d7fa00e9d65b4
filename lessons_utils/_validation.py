"""Input checks shared by every public function in ``lessons_utils``.

Why a module of its own: a learner who passes the wrong thing should read one
plain sentence that names the argument, not a NumPy traceback ten frames deep
or, worse, a silent NaN three cells later. Every check raises ``TypeError``
for the wrong kind of thing and ``ValueError`` for the right kind with a bad
value, and every message starts with the argument's name.
"""

from __future__ import annotations

import numbers

import numpy as np

# A ceiling on epochs: far beyond any lesson, and low enough that a typo
# (3e9 instead of 3e3) is refused at once instead of running for days.
MAX_EPOCHS = 1_000_000


def refuse_non_arrays(value: object, name: str) -> None:
    """Refuse inputs that np.asarray would turn into something misleading."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}")
    if isinstance(value, np.ma.MaskedArray):  # np.asarray would silently drop the mask
        raise TypeError(f"{name} is a masked array: drop or fill the masked entries first "
                        f"(for example {name}.filled(value) or {name}[~{name}.mask])")
    if getattr(value, "requires_grad", False):  # a torch tensor that autograd is tracking
        raise TypeError(f"{name} is a tensor that requires grad: pass {name}.detach().numpy()")


def as_float_matrix(value: object, name: str, *, column_if_1d: bool = True,
                    check_finite: bool = True) -> np.ndarray:
    """Return ``value`` as a finite, non-empty float64 array of shape (N, D).

    A 1-D input of length N becomes a column (N, 1) when ``column_if_1d`` is
    true, because a single feature is the common case in this course.
    ``check_finite=False`` skips the NaN/inf scan, a full extra read of a large
    array, for callers that check their own results instead (NaN and inf
    always propagate into sums of products).
    """
    refuse_non_arrays(value, name)
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists: NumPy's "inhomogeneous shape"
        raise ValueError(f"{name} must be a rectangular array: its rows have different lengths "
                         f"({error})") from None
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        kind = "booleans" if array.dtype == np.bool_ else f"an array of dtype {array.dtype}"
        raise TypeError(f"{name} must hold real numbers, got {kind}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got complex dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if array.ndim == 1 and column_if_1d:
        array = array.reshape(-1, 1)  # (N,) -> (N, 1)
    if array.ndim != 2:
        wanted = "1-D or 2-D (N, D)" if column_if_1d else "2-D"
        raise ValueError(f"{name} must be {wanted}, got {array.ndim}-D shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if check_finite and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must not contain NaN or inf")
    return array


def check_same_length(**arrays: np.ndarray) -> int:
    """Return the shared number of rows, or raise naming the arguments that disagree."""
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"arguments must have the same number of rows: {described}")
    return next(iter(lengths.values()))


def as_regression_data(X: object, y: object, *, check_finite: bool = True, x_name: str = "X",
                       y_name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """Validate a data set: X of shape (N, D) and a single target column y of shape (N, 1).

    ``check_finite=False`` skips the NaN/inf scan of X only (see as_float_matrix).
    ``x_name`` and ``y_name`` are the names used in messages (``X_val``, ``y_val``).
    """
    X = as_float_matrix(X, x_name, check_finite=check_finite)
    y = as_float_matrix(y, y_name)
    check_same_length(**{x_name: X, y_name: y})
    if y.shape[1] != 1:
        raise ValueError(f"{y_name} must have one column (N, 1) or be 1-D (N,), got shape {y.shape}")
    return X, y


def as_weights(W: object, num_features: int, name: str = "W") -> np.ndarray:
    """Validate weights against D features: a float64 (D, 1) array (a 1-D input of length D becomes one)."""
    W = as_float_matrix(W, name)
    if W.shape != (num_features, 1):
        raise ValueError(f"{name} must have shape ({num_features}, 1) to match {num_features} feature(s), "
                         f"got {W.shape}")
    return W


def as_bias(b: object, name: str = "b") -> np.ndarray:
    """Validate a bias: one finite real number, returned as a float64 array of shape (1,)."""
    refuse_non_arrays(b, name)
    if isinstance(b, (bool, np.bool_)):
        raise TypeError(f"{name} must be a real number, got bool")
    try:
        array = np.asarray(b)
    except ValueError:  # ragged nested lists
        raise ValueError(f"{name} must be one number, got a ragged list") from None
    if array.dtype == object or not np.issubdtype(array.dtype, np.number) or np.iscomplexobj(array):
        raise TypeError(f"{name} must be one real number, got {type(b).__name__} of dtype {array.dtype}")
    if array.ndim > 2 or array.size != 1:
        raise ValueError(f"{name} must be one number (a scalar, shape (1,) or (1, 1)), "
                         f"got shape {array.shape}")
    array = array.astype(np.float64).reshape(1)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be one finite number, got {array.item()}")
    return array


def check_int(value: object, name: str, *, minimum: int, maximum: int | None = None) -> int:
    """Return ``value`` as an int in [minimum, maximum]; bools are rejected."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    value = int(value)
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise ValueError(f"{name} must be at least {minimum}{upper}, got {value}")
    return value


def check_num_epochs(value: object, name: str = "num_epochs") -> int:
    """Epochs of training: an int in [1, MAX_EPOCHS]."""
    return check_int(value, name, minimum=1, maximum=MAX_EPOCHS)


def check_real(
    value: object,
    name: str,
    *,
    minimum: float | None = None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
) -> float:
    """Return ``value`` as a finite float inside the given bounds."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if exclusive_minimum is not None and value <= exclusive_minimum:
        raise ValueError(f"{name} must be > {exclusive_minimum}, got {value}")
    if exclusive_maximum is not None and value >= exclusive_maximum:
        raise ValueError(f"{name} must be < {exclusive_maximum}, got {value}")
    return value


def check_optional_generator(rng: object, name: str = "rng") -> np.random.Generator | None:
    """None, or a checked Generator: a wrong ``rng`` is refused even when nothing needs to draw."""
    return None if rng is None else check_generator(rng, name)


def check_generator(rng: object, name: str = "rng") -> np.random.Generator:
    """Insist on a ``numpy.random.Generator`` so every random draw is seeded explicitly."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator (for example np.random.default_rng(1234) "
            f"or lessons_utils.set_seed(1234)), got {type(rng).__name__}"
        )
    return rng


def check_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of the strings ``choices``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {list(choices)} (a string), got {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value
