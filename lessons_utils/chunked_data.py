"""The course's data made one chunk at a time, from a seed and the chunk's number.

Why per-chunk seeds: a data set larger than memory is never built whole, so
each chunk must be reproducible on its own, on whichever process or machine
makes it, in any order. Chunk i draws from ``default_rng([seed, i])``, a
stream of its own: the same (seed, i) always gives the same rows, and no chunk
waits for the one before it.

The model generalises lesson 1's y = 3.5 x + uniform noise to D features:
y = X W + noise, X uniform on [0, 1) (the cheapest draw, which matters when
there are 10^8 rows), W from :func:`true_weights` (3.5 first), and the noise
uniform on [-10, 20), whose mean 5 is the intercept of the best fit.

Examples
--------
>>> X, y = synthetic_chunk(seed=0, chunk_index=3, num_rows=4, num_features=2)
>>> X.shape, y.shape
((4, 2), (4, 1))
>>> bool(np.array_equal(X, synthetic_chunk(0, 3, 4, 2)[0]))  # the same chunk, made again
True
"""

from __future__ import annotations

import numpy as np

from ._validation import check_int, check_real
from .data import NOISE_HIGH, NOISE_LOW, TRUE_SLOPE

MAX_CHUNK_ROWS = 50_000_000  # one chunk of 10 features is then 4 GB: beyond that, a typo


def true_weights(num_features: int) -> np.ndarray:
    """The weights W (D, 1) of the chunked data: evenly spaced from 3.5 (lesson 1's slope) down to -3.5.

    For the out-of-core lesson that follows lesson 13.

    Examples
    --------
    >>> true_weights(3).ravel().tolist()
    [3.5, 0.0, -3.5]
    """
    num_features = check_int(num_features, "num_features", minimum=1, maximum=10_000)
    return np.linspace(TRUE_SLOPE, -TRUE_SLOPE, num_features).reshape(-1, 1)  # (D, 1); D = 1 gives [3.5]


def chunk_sizes(num_rows: int, chunk_rows: int) -> tuple[int, ...]:
    """Row counts of the chunks that cut ``num_rows`` rows into pieces of ``chunk_rows``, the last shorter.

    The same tuple is the ``chunks`` of a dask.array's rows.

    Examples
    --------
    >>> chunk_sizes(10, 4)
    (4, 4, 2)
    """
    num_rows = check_int(num_rows, "num_rows", minimum=1, maximum=10**12)
    chunk_rows = check_int(chunk_rows, "chunk_rows", minimum=1, maximum=MAX_CHUNK_ROWS)
    full, rest = divmod(num_rows, chunk_rows)
    return (chunk_rows,) * full + ((rest,) if rest else ())


def synthetic_chunk(seed: int, chunk_index: int, num_rows: int, num_features: int, *,
                    near_copy_scale: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Rows of chunk ``chunk_index`` of the data set ``seed``: X (n, D) and y (n, 1).

    Parameters
    ----------
    seed : int
        Names the data set, in [0, 2**63).
    chunk_index : int
        Which chunk, >= 0; chunk i of a seed is always the same rows.
    num_rows : int
        n, rows in this chunk, in [1, 50_000_000].
    num_features : int
        D, in [1, 10_000].
    near_copy_scale : float, default 0.0
        0 gives independent columns. A value eps in (0, 1] makes every column
        after the first a near copy of it, x_j = x_0 + eps * u_j, as in lesson
        8: the condition number of X^T X then grows like 1 / eps^2.

    Returns
    -------
    X : numpy.ndarray of shape (n, D)
    y : numpy.ndarray of shape (n, 1)
        X @ true_weights(D) + noise, the noise uniform on [-10, 20).
    """
    seed = check_int(seed, "seed", minimum=0, maximum=2**63 - 1)
    chunk_index = check_int(chunk_index, "chunk_index", minimum=0, maximum=2**63 - 1)
    num_rows = check_int(num_rows, "num_rows", minimum=1, maximum=MAX_CHUNK_ROWS)
    W = true_weights(num_features)  # (D, 1), checks num_features
    near_copy_scale = check_real(near_copy_scale, "near_copy_scale", minimum=0.0)
    if near_copy_scale > 1:
        raise ValueError(f"near_copy_scale must be in [0, 1] (0: independent columns), got {near_copy_scale}")
    rng = np.random.default_rng([seed, chunk_index])  # this chunk's own stream
    X = rng.random((num_rows, len(W)))  # (n, D), uniform on [0, 1)
    if near_copy_scale > 0:
        X[:, 1:] *= near_copy_scale  # (n, D - 1): eps * u_j ...
        X[:, 1:] += X[:, :1]  # ... + x_0, by broadcasting the first column
    y = X @ W  # (n, 1)
    y += NOISE_LOW + (NOISE_HIGH - NOISE_LOW) * rng.random((num_rows, 1))  # uniform noise on [-10, 20)
    return X, y


def array_bytes(num_rows: int, num_features: int, *, itemsize: int = 8) -> int:
    """Bytes that X takes in memory: N * D * itemsize (8 for float64).

    Examples
    --------
    >>> array_bytes(10**8, 10) / 1e9  # GB
    8.0
    """
    num_rows = check_int(num_rows, "num_rows", minimum=0, maximum=10**15)
    num_features = check_int(num_features, "num_features", minimum=0, maximum=10**6)
    itemsize = check_int(itemsize, "itemsize", minimum=1, maximum=16)
    return num_rows * num_features * itemsize
