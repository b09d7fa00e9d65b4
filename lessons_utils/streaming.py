"""Least squares over data that is never all in memory: sums per chunk, merged, solved once.

Shared code of the out-of-core lesson that follows lesson 13; like
:mod:`lessons_utils.estimators` it is imported by name
(``from lessons_utils.streaming import fit_linear_streaming``).

Why it works: the closed form (lesson 8) needs X only through sums over rows,
the D x D Gram matrix and X^T y. A chunk of rows gives its own sums; sums of
chunks add up. So rows can arrive chunk by chunk (generated, read from disk,
computed on other machines) and only the D x D sums stay in memory.

Why centred sums and a merge rule: raw sums of x^2 lose digits when the mean of
X is large next to its spread (lesson 8), so each chunk keeps *centred* sums
around its own means, and two chunks merge by the exact pairwise update of
Chan, Golub and LeVeque (1979). The merge is associative, so a sequential
loop, a tree of merges and a Dask reduction give the same answer up to rounding.

Examples
--------
>>> rng = np.random.default_rng(0)
>>> X = rng.standard_normal((1000, 3))  # (1000, 3)
>>> y = X @ [[1.0], [-2.0], [0.5]] + 4.0  # (1000, 1), no noise
>>> fit = fit_linear_streaming((X[i:i + 300], y[i:i + 300]) for i in range(0, 1000, 300))
>>> np.round(fit.W.ravel(), 10).tolist(), round(fit.b.item(), 10)
([1.0, -2.0, 0.5], 4.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

from ._validation import as_regression_data, check_real
from .closed_form import centred_statistics, solve_centred
from .fitting import LinearFit


class GramSums(NamedTuple):
    """What a chunk of rows contributes to the normal equations, centred on its own means.

    Attributes
    ----------
    count : int
        N, the rows summed.
    x_mean : numpy.ndarray of shape (1, D)
    y_mean : numpy.ndarray of shape (1, 1)
    gram : numpy.ndarray of shape (D, D)
        sum over rows of (x - x_mean)^T (x - x_mean).
    Xty : numpy.ndarray of shape (D, 1)
        sum over rows of (x - x_mean)^T (y - y_mean).
    y_sum_sq : float
        sum over rows of (y - y_mean)^2; gives the loss at the answer without another pass.
    """

    count: int
    x_mean: np.ndarray
    y_mean: np.ndarray
    gram: np.ndarray
    Xty: np.ndarray
    y_sum_sq: float


def gram_sums(X, y) -> GramSums:
    """The centred sums of one chunk of rows.

    Parameters
    ----------
    X : array-like of shape (n, D) or (n,)
        One chunk of inputs; a 1-D X is one feature.
    y : array-like of shape (n, 1) or (n,)
        Its targets.

    Returns
    -------
    GramSums

    Examples
    --------
    >>> sums = gram_sums([[0.0], [2.0]], [1.0, 5.0])
    >>> sums.count, sums.x_mean.item(), sums.gram.item(), sums.Xty.item()
    (2, 1.0, 2.0, 4.0)
    """
    X, y = as_regression_data(X, y, check_finite=False)  # NaN/inf are caught in the sums
    gram, Xty, x_mean, y_mean = centred_statistics(X, y)
    with np.errstate(over="ignore", invalid="ignore"):
        y_sum_sq = float(np.sum((y - y_mean) ** 2))
    return GramSums(len(X), x_mean, y_mean, gram, Xty, y_sum_sq)


def merge_gram_sums(first: GramSums, second: GramSums) -> GramSums:
    """The sums of two chunks together, as if their rows had been summed at once.

    Moving a centred sum to the combined mean adds n_a n_b / n times the outer
    product of the difference of the means (Chan, Golub and LeVeque's update).

    Examples
    --------
    >>> whole = gram_sums([[0.0], [2.0], [7.0]], [1.0, 5.0, 2.0])
    >>> merged = merge_gram_sums(gram_sums([[0.0], [2.0]], [1.0, 5.0]), gram_sums([[7.0]], [2.0]))
    >>> bool(np.isclose(merged.gram, whole.gram).all() and np.isclose(merged.Xty, whole.Xty).all())
    True
    """
    for name, sums in (("first", first), ("second", second)):
        if not isinstance(sums, GramSums):
            raise TypeError(f"{name} must be GramSums (from gram_sums or merge_gram_sums), "
                            f"got {type(sums).__name__}")
    if first.gram.shape != second.gram.shape:
        raise ValueError(f"first and second must have the same number of features, got "
                         f"{first.gram.shape[0]} and {second.gram.shape[0]}")
    count = first.count + second.count
    share = second.count / count  # the second chunk's share of the rows
    weight = first.count * share  # n_a n_b / n, without forming n_a n_b (no int overflow)
    dx = second.x_mean - first.x_mean  # (1, D)
    dy = second.y_mean - first.y_mean  # (1, 1)
    return GramSums(
        count,
        first.x_mean + share * dx,  # (1, D)
        first.y_mean + share * dy,  # (1, 1)
        first.gram + second.gram + weight * dx.T @ dx,  # (D, D)
        first.Xty + second.Xty + weight * dx.T @ dy,  # (D, 1)
        first.y_sum_sq + second.y_sum_sq + weight * dy.item() ** 2,
    )


def solve_gram_sums(sums: GramSums, *, l2_penalty: float = 0.0) -> LinearFit:
    """Weights and bias from merged sums: the answer of :func:`lessons_utils.fit_linear_closed_form`.

    Parameters
    ----------
    sums : GramSums
        The sums of every row.
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0, as in ``fit_linear_closed_form``.

    Returns
    -------
    LinearFit
        ``W`` (D, 1), ``b`` (1,), ``loss_history`` (1,): the objective at the answer.
    """
    if not isinstance(sums, GramSums):
        raise TypeError(f"sums must be GramSums (from gram_sums or merge_gram_sums), "
                        f"got {type(sums).__name__}")
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    return solve_centred(sums.gram, sums.Xty, sums.x_mean, sums.y_mean, sums.y_sum_sq, sums.count,
                         l2_penalty)


def fit_linear_streaming(chunks: Iterable, *, l2_penalty: float = 0.0) -> LinearFit:
    """Least squares (or ridge) over ``(X, y)`` chunks, holding one chunk at a time.

    Parameters
    ----------
    chunks : iterable of (X, y) pairs
        X of shape (n_i, D), y of shape (n_i, 1) or (n_i,); a generator works,
        so chunks can be made or read from disk one at a time.
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0.

    Returns
    -------
    LinearFit
        The same answer as ``fit_linear_closed_form`` on all rows stacked, up to rounding.
    """
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    if isinstance(chunks, (str, bytes, np.ndarray)) or not isinstance(chunks, Iterable):
        raise TypeError(f"chunks must be an iterable of (X, y) pairs, got {type(chunks).__name__}")
    total = None
    for index, chunk in enumerate(chunks):
        if not (isinstance(chunk, tuple) and len(chunk) == 2):
            raise TypeError(f"chunks must yield (X, y) pairs; chunk {index} is {type(chunk).__name__}")
        try:
            sums = gram_sums(*chunk)
        except (TypeError, ValueError) as error:  # say which chunk, keep the argument's name
            raise type(error)(f"chunk {index}: {error}") from None
        if total is not None and sums.gram.shape != total.gram.shape:
            raise ValueError(f"every chunk must have the same number of features: chunk {index} has "
                             f"{sums.gram.shape[0]}, the ones before it {total.gram.shape[0]}")
        total = sums if total is None else merge_gram_sums(total, sums)
    if total is None:
        raise ValueError("chunks must yield at least one (X, y) pair, got none")
    return solve_gram_sums(total, l2_penalty=l2_penalty)
