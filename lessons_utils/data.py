"""The course's synthetic data set: a line with slope 3.5 plus uniform noise.

Every lesson regenerates the data from a seed instead of reading a file, so a
notebook runs on its own, in any order, and an instructor can change the seed
or the size in one place.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_generator, check_int, check_real
from .seeding import set_seed
from .splitting import DataSplits, split_train_val_test

TRUE_SLOPE = 3.5
MAX_SAMPLES = 100_000_000  # X and y then take 800 MB each: beyond that, a typo, not a lesson
NOISE_LOW = -10.0
NOISE_HIGH = 20.0
FRESH_ROWS = 100_000  # a fresh sample's MSE then misses the true error by well under 1 %


def _noise_bounds(low: object, high: object, low_name: str, high_name: str) -> tuple[float, float]:
    """Finite real bounds with low < high, checked once for every function that takes them."""
    low = check_real(low, low_name)
    high = check_real(high, high_name)
    if not high > low:
        raise ValueError(f"{high_name} must be greater than {low_name}, got {low_name}={low:g} and "
                         f"{high_name}={high:g}")
    return low, high


def noise_mean(low: float = NOISE_LOW, high: float = NOISE_HIGH) -> float:
    """Mean of the uniform noise on [low, high): the intercept of the best line.

    Built by hand in lesson 1 ("Where is the centre of the noise?").

    Parameters
    ----------
    low, high : float, default -10 and 20
        The noise interval, low < high.

    Returns
    -------
    float
        (low + high) / 2.

    Examples
    --------
    >>> noise_mean()
    5.0
    """
    low, high = _noise_bounds(low, high, "low", "high")
    return (low + high) / 2


def noise_std(low: float = NOISE_LOW, high: float = NOISE_HIGH) -> float:
    """Standard deviation of the uniform noise on [low, high).

    Built by hand in lesson 1 ("Where is the centre of the noise?").

    Parameters
    ----------
    low, high : float, default -10 and 20
        The noise interval, low < high.

    Returns
    -------
    float
        (high - low) / sqrt(12), always positive.

    Examples
    --------
    >>> round(noise_std(), 4)
    8.6603
    """
    low, high = _noise_bounds(low, high, "low", "high")
    return float((high - low) / np.sqrt(12))


def generate_linear_data(
    num_samples: int,
    *,
    rng: np.random.Generator,
    slope: float = TRUE_SLOPE,
    noise_low: float = NOISE_LOW,
    noise_high: float = NOISE_HIGH,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``y = slope * X + noise`` for ``X = 0, 1, ..., num_samples - 1``.

    Built by hand in lesson 1 ("Why make up data?").

    Parameters
    ----------
    num_samples : int
        Number of points N, in [2, 100_000_000].
    rng : numpy.random.Generator
        Source of the noise; see :func:`lessons_utils.set_seed`.
    slope : float, default 3.5
        The true weight the models should recover.
    noise_low, noise_high : float, default -10 and 20
        The noise is uniform on [noise_low, noise_high). Its mean,
        (noise_low + noise_high) / 2, becomes the intercept of the best line.

    Returns
    -------
    X : ndarray of shape (N, 1)
        The inputs, as floats.
    y : ndarray of shape (N, 1)
        The noisy targets.

    Examples
    --------
    >>> X, y = generate_linear_data(4, rng=np.random.default_rng(0))
    >>> X.ravel().tolist()
    [0.0, 1.0, 2.0, 3.0]
    >>> y.shape
    (4, 1)
    """
    num_samples = check_int(num_samples, "num_samples", minimum=2, maximum=MAX_SAMPLES)
    rng = check_generator(rng)
    slope = check_real(slope, "slope")
    noise_low, noise_high = _noise_bounds(noise_low, noise_high, "noise_low", "noise_high")
    X = np.arange(num_samples, dtype=np.float64).reshape(-1, 1)  # (N, 1)
    noise = rng.uniform(noise_low, noise_high, size=(num_samples, 1))  # (N, 1)
    y = slope * X + noise  # (N, 1)
    return X, y


def fresh_sample(
    num_samples: int,
    *,
    rng: np.random.Generator,
    min_rows: int = FRESH_ROWS,
) -> tuple[np.ndarray, np.ndarray]:
    """New data from the course's generator: copies of ``X = 0..N-1`` with new noise.

    Built by hand in lesson 3 ("How good was each score?"). The data are
    synthetic, so the error a model would make on new data need not be guessed
    from a few held-out rows: score it on a large fresh sample instead. Each
    copy repeats the inputs the model was trained on, so the sample measures
    error on the same inputs with noise the model has never seen. Pass a child
    generator of its own (``set_seed(seed).spawn(1)``), so drawing it does not
    change any other random number in the lesson.

    Parameters
    ----------
    num_samples : int
        N, the size of one copy, in [2, 100_000_000].
    rng : numpy.random.Generator
        Source of the new noise.
    min_rows : int, default 100_000
        At least this many rows in all, in [1, 100_000_000]; the copies are
        whole, so there are ``ceil(min_rows / N) * N`` rows.

    Returns
    -------
    X : ndarray of shape (n_fresh, 1)
        ``0, 1, ..., N - 1`` repeated, copy after copy.
    y : ndarray of shape (n_fresh, 1)
        ``3.5 * X`` plus new uniform noise on [-10, 20).

    Examples
    --------
    >>> X, y = fresh_sample(3, rng=np.random.default_rng(0), min_rows=7)
    >>> X.ravel().tolist()
    [0.0, 1.0, 2.0, 0.0, 1.0, 2.0, 0.0, 1.0, 2.0]
    >>> y.shape
    (9, 1)
    """
    num_samples = check_int(num_samples, "num_samples", minimum=2, maximum=MAX_SAMPLES)
    rng = check_generator(rng)
    min_rows = check_int(min_rows, "min_rows", minimum=1, maximum=MAX_SAMPLES)
    num_copies = -(-min_rows // num_samples)  # ceil: whole copies, at least min_rows rows
    # One draw for all copies gives the same numbers as generate_linear_data once per copy.
    X = np.tile(np.arange(num_samples, dtype=np.float64), num_copies).reshape(-1, 1)  # (n_fresh, 1)
    noise = rng.uniform(NOISE_LOW, NOISE_HIGH, size=X.shape)  # (n_fresh, 1)
    y = TRUE_SLOPE * X + noise  # (n_fresh, 1)
    return X, y


def load_course_splits(
    seed: int,
    num_samples: int,
    fractions: tuple[float, float, float] = (0.70, 0.15, 0.15),
) -> DataSplits:
    """The course data set, shuffled and split, exactly as lessons 1 and 2 build it.

    Built by hand in lesson 2 ("Shuffle, then cut"). Seeds everything with
    :func:`set_seed`, draws the data, then splits it, all from one generator,
    so every lesson given the same seed sees the same rows in the same splits.

    Parameters
    ----------
    seed : int
        In [0, 2**32 - 1].
    num_samples : int
        N, the number of points before splitting, at least 2 (and enough for
        every split to get a row).
    fractions : (float, float, float), default (0.70, 0.15, 0.15)
        Train, val and test fractions, each in (0, 1), summing to 1.

    Returns
    -------
    DataSplits
        ``train``, ``val`` and ``test``, each a ``Split(X (n, 1), y (n, 1))``.

    Examples
    --------
    >>> a = load_course_splits(seed=1234, num_samples=50)
    >>> b = load_course_splits(seed=1234, num_samples=50)
    >>> [len(part.X) for part in a]
    [35, 7, 8]
    >>> bool((a.test.y == b.test.y).all())
    True
    """
    rng = set_seed(seed)
    X, y = generate_linear_data(num_samples, rng=rng)
    return split_train_val_test(X, y, rng=rng, fractions=fractions)
