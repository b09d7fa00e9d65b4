"""Shuffle, then cut the data into train, validation and test splits.

The fractions are checked up front because a silent rounding slip here (an
empty test split, a point in two splits) would poison every later lesson.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from ._validation import as_float_matrix, check_generator, check_int, check_real, check_same_length

DEFAULT_FRACTIONS = (0.70, 0.15, 0.15)


class Split(NamedTuple):
    """One split (lesson 2): inputs ``X`` of shape (n, D) and targets ``y`` of shape (n, 1)."""

    X: np.ndarray
    y: np.ndarray


class DataSplits(NamedTuple):
    """The three splits of lesson 2, in the order they are used: ``train``, ``val``, ``test``."""

    train: Split
    val: Split
    test: Split


def split_sizes(num_samples: int, fractions: tuple[float, float, float]) -> tuple[int, int, int]:
    """Number of rows in train, val and test: train and val round down, test takes the rest.

    Built by hand in lesson 2 ("How many rows go where?").

    Parameters
    ----------
    num_samples : int
        N, the number of rows, >= 3.
    fractions : (float, float, float)
        Train, val and test fractions, each in (0, 1), summing to 1.

    Returns
    -------
    (int, int, int)
        The three sizes, each >= 1, summing to N.

    Examples
    --------
    >>> split_sizes(50, (0.7, 0.15, 0.15))
    (35, 7, 8)
    """
    num_samples = check_int(num_samples, "num_samples", minimum=3)
    if isinstance(fractions, (str, bytes)) or not isinstance(fractions, Sequence | np.ndarray):
        raise TypeError(f"fractions must be a sequence of 3 numbers (train, val, test), got "
                        f"{type(fractions).__name__}")
    if len(fractions) != 3:
        raise ValueError(f"fractions must have 3 entries (train, val, test), got {len(fractions)}")
    names = ("fractions[0] (train)", "fractions[1] (val)", "fractions[2] (test)")
    values = [
        check_real(f, name, exclusive_minimum=0.0, exclusive_maximum=1.0)
        for f, name in zip(fractions, names, strict=True)
    ]
    if not np.isclose(sum(values), 1.0, rtol=0, atol=1e-9):
        raise ValueError(f"fractions must sum to 1, got {values} (sum {sum(values):.6g})")
    # The tiny epsilon stops 0.7 * 90 = 62.99999999999999 from rounding down to 62.
    num_train = int(np.floor(values[0] * num_samples + 1e-9))
    num_val = int(np.floor(values[1] * num_samples + 1e-9))
    num_test = num_samples - num_train - num_val
    for name, size in zip(("train", "val", "test"), (num_train, num_val, num_test), strict=True):
        if size < 1:
            raise ValueError(
                f"num_samples={num_samples} leaves the {name} split empty with fractions "
                f"{tuple(values)}; use more samples or a larger {name} fraction"
            )
    return num_train, num_val, num_test


def split_train_val_test(
    X: np.ndarray,
    y: np.ndarray,
    *,
    rng: np.random.Generator,
    fractions: tuple[float, float, float] = DEFAULT_FRACTIONS,
) -> DataSplits:
    """Shuffle the rows of (X, y) and cut them into train, val and test.

    Built by hand in lesson 2 ("Shuffle, then cut").

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs, one row per example; a 1-D X is one feature.
    y : array-like of shape (N, 1) or (N,)
        Targets, one per row of X.
    rng : numpy.random.Generator
        Draws the shuffling permutation.
    fractions : (float, float, float), default (0.70, 0.15, 0.15)
        Train, val and test fractions, each in (0, 1), summing to 1.

    Returns
    -------
    DataSplits
        ``train``, ``val`` and ``test``, each a :class:`Split` (X, y).

    Examples
    --------
    >>> X = np.arange(20.0)
    >>> s = split_train_val_test(X, 2 * X, rng=np.random.default_rng(0))
    >>> [len(part.X) for part in s]
    [14, 3, 3]
    >>> bool(np.all(s.train.y == 2 * s.train.X))
    True
    """
    X = as_float_matrix(X, "X")
    y = as_float_matrix(y, "y")
    rng = check_generator(rng)
    num_samples = check_same_length(X=X, y=y)
    num_train, num_val, _ = split_sizes(num_samples, fractions)
    order = rng.permutation(num_samples)  # (N,) shuffled row indices
    parts = np.split(order, [num_train, num_train + num_val])
    return DataSplits(*(Split(X[rows], y[rows]) for rows in parts))
