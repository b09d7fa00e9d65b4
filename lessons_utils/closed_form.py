"""Linear regression solved exactly, through the normal equations.

Setting the gradient of the MSE to zero gives, for the design matrix
A = [X, 1] of shape (N, D + 1) that carries the intercept as a last column,

    (A^T A) theta = A^T y,        theta = [W; b]            (D + 1, 1)

:func:`normal_equations` builds exactly that system, for teaching.
:func:`fit_linear_closed_form` solves the same problem the numerically careful
way: it centres X and y first (which takes the intercept out of the system and
makes A^T A far better conditioned when X has a large mean), accumulates the
D x D Gram matrix in row blocks so no centred copy of X is ever held, and
solves it by Cholesky (NumPy only, so the package needs no SciPy). It reads X
once (twice when X's mean dwarfs its spread): on tall data that is much
cheaper than a QR/SVD least-squares solver.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_regression_data, check_real

# Rows per block: 16384 x 20 float64 is 2.5 MiB, a cache-sized slice of X.
BLOCK_ROWS = 16384
# Centring raw sums after the fact loses about log10(this) digits; past it,
# the solver re-reads X and centres each block first.
CANCELLATION_LIMIT = 1e4


class ClosedFormFit(NamedTuple):
    """W : (D, 1) weights; b : (1,) bias."""

    W: np.ndarray
    b: np.ndarray


def _centred_sums(X: np.ndarray, y: np.ndarray, x_shift: np.ndarray):
    """One pass over X: centred X^T X (D, D), X^T y (D, 1), the means, and diag of the shifted sums.

    Each block is shifted by ``x_shift`` (1, D) before its products are taken;
    a zero shift skips that copy. The sums are centred exactly at the end.
    """
    num_samples, num_features = X.shape
    y_shift = y[:BLOCK_ROWS].mean(axis=0, keepdims=True)  # (1, 1); y is one column, cheap either way
    shifted = bool(np.any(x_shift))
    gram = np.zeros((num_features, num_features))  # (D, D)  sum of (x - shift)(x - shift)^T
    Xty = np.zeros((num_features, 1))  # (D, 1)  sum of (x - shift)(y - y_shift)
    x_sum, y_sum = np.zeros((1, num_features)), np.zeros((1, 1))
    block = np.empty((min(num_samples, BLOCK_ROWS), num_features))  # (B, D), reused: stays in cache
    ones = np.ones((1, len(block)))  # (1, B)
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, num_samples, BLOCK_ROWS):
            rows = slice(start, start + BLOCK_ROWS)
            size = min(BLOCK_ROWS, num_samples - start)
            X_block = np.subtract(X[rows], x_shift, out=block[:size]) if shifted else X[rows]  # (B, D)
            y_block = y[rows] - y_shift  # (B, 1)
            gram += X_block.T @ X_block  # (D, B) @ (B, D)
            Xty += X_block.T @ y_block  # (D, B) @ (B, 1)
            x_sum += ones[:, :size] @ X_block  # (1, B) @ (B, D)
            y_sum += y_block.sum(axis=0, keepdims=True)
        raw_diagonal = gram.diagonal().copy()
        x_offset, y_offset = x_sum / num_samples, y_sum / num_samples  # (1, D), (1, 1): mean - shift
        gram -= num_samples * x_offset.T @ x_offset  # now sum of (x - mean)(x - mean)^T
        Xty -= num_samples * x_offset.T @ y_offset
    if not (np.all(np.isfinite(gram)) and np.all(np.isfinite(Xty))):
        raise ValueError("X must not contain NaN or inf")
    return gram, Xty, x_shift + x_offset, y_shift + y_offset, raw_diagonal


def design_matrix(X: np.ndarray) -> np.ndarray:
    """[X, 1]: X (N, D) with a column of ones appended, shape (N, D + 1).

    >>> design_matrix([[2.0], [3.0]]).tolist()
    [[2.0, 1.0], [3.0, 1.0]]
    """
    X, _ = as_regression_data(X, np.zeros(len(np.atleast_1d(X))))
    return np.hstack([X, np.ones((X.shape[0], 1))])  # (N, D + 1)


def normal_equations(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The normal equations of least squares with an intercept: (A^T A, A^T y).

    Returns the (D + 1, D + 1) matrix and the (D + 1, 1) right-hand side for
    A = [X, 1]; their solution is [W; b].

    >>> lhs, rhs = normal_equations([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
    >>> np.round(np.linalg.solve(lhs, rhs), 10).ravel().tolist()
    [2.0, 1.0]
    """
    X, y = as_regression_data(X, y)
    A = design_matrix(X)  # (N, D + 1)
    return A.T @ A, A.T @ y  # (D + 1, D + 1), (D + 1, 1)


def fit_linear_closed_form(X: np.ndarray, y: np.ndarray, *, l2_penalty: float = 0.0) -> ClosedFormFit:
    """Least-squares (or ridge) weights and bias, exactly, without iterating.

    Minimises mean((X W + b - y) ** 2) + l2_penalty * sum(W ** 2), the same
    objective as :func:`lessons_utils.fit_linear_gd`, so gradient descent that
    has converged lands on this answer.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
    y : array-like of shape (N, 1) or (N,)
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0. The bias is not penalised.

    Returns
    -------
    ClosedFormFit
        ``W`` of shape (D, 1) and ``b`` of shape (1,).

    Raises
    ------
    ValueError
        If X^T X is singular (a constant or duplicated column, or fewer rows
        than features) and ``l2_penalty`` is 0: least squares then has no
        unique answer. A small ridge penalty makes it unique.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> fit = fit_linear_closed_form(X, 3.5 * X + 5)
    >>> round(fit.W.item(), 10), round(fit.b.item(), 10)
    (3.5, 5.0)
    """
    X, y = as_regression_data(X, y, check_finite=False)  # NaN/inf are caught in the sums below
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    num_samples, num_features = X.shape

    # Fast path: the sums of raw products, centred afterwards. That subtracts
    # N mean^2 from sum x^2, which cancels digits when X's mean is large next
    # to its spread; then a second pass centres every block before its products.
    gram, Xty, x_mean, y_mean, raw_diagonal = _centred_sums(X, y, np.zeros((1, num_features)))
    if np.any(raw_diagonal > CANCELLATION_LIMIT * gram.diagonal()):
        gram, Xty, x_mean, y_mean, _ = _centred_sums(X, y, x_mean)

    # The MSE's 1/N scales the data term, so lambda is scaled by N to match fit_linear_gd.
    gram[np.diag_indices(num_features)] += num_samples * l2_penalty

    try:
        # Cholesky both solves and tests: it fails exactly when the matrix is
        # not positive definite, i.e. when least squares has no unique answer.
        lower = np.linalg.cholesky(gram)  # (D, D), gram = L L^T
    except np.linalg.LinAlgError:
        raise ValueError(
            "X^T X is singular: some column of X is constant or a combination of the others "
            f"(or there are fewer rows, {num_samples}, than features, {num_features}), so least "
            "squares has no unique answer. Drop the redundant column or pass l2_penalty > 0."
        ) from None
    W = np.linalg.solve(lower.T, np.linalg.solve(lower, Xty))  # (D, 1); D is small, so plain solves
    if not np.all(np.isfinite(W)):
        raise ValueError("X^T X is too ill-conditioned to solve; pass l2_penalty > 0")
    b = (y_mean - x_mean @ W).reshape(1)  # (1,)
    return ClosedFormFit(W, b)
