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

import numpy as np

from ._blocks import BLOCK_ROWS, blas_limited_for
from ._validation import as_float_matrix, as_regression_data, check_real
from .fitting import LinearFit

# Centring raw sums after the fact loses about log10(this) digits; past it,
# the solver re-reads X and centres each block first.
CANCELLATION_LIMIT = 1e4


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
    with np.errstate(over="ignore", invalid="ignore"), blas_limited_for(num_samples):
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
        for name, array in (("X", X), ("y", y)):
            if not np.all(np.isfinite(array)):
                raise ValueError(f"{name} must not contain NaN or inf")
        raise ValueError("the sums of squares of X and y overflow float64: their values are too large "
                         "to square; rescale them (for example standardize them, lesson 3)")
    return gram, Xty, x_shift + x_offset, y_shift + y_offset, raw_diagonal


def design_matrix(X: np.ndarray) -> np.ndarray:
    """[X, 1]: X with a column of ones appended, so the bias becomes one more weight.

    Built by hand in lesson 8, section 1.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs, one row per example; a 1-D X is one feature.

    Returns
    -------
    numpy.ndarray of shape (N, D + 1)

    Examples
    --------
    >>> design_matrix([[2.0], [3.0]]).tolist()
    [[2.0, 1.0], [3.0, 1.0]]
    """
    X = as_float_matrix(X, "X")
    return np.hstack([X, np.ones((X.shape[0], 1))])  # (N, D + 1)


def normal_equations(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The normal equations of least squares with an intercept: (A^T A, A^T y) for A = [X, 1].

    Built by hand in lesson 8, section 1. Their solution is [W; b].

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs, one row per example; a 1-D X is one feature.
    y : array-like of shape (N, 1) or (N,)
        Targets, one per row of X.

    Returns
    -------
    lhs : numpy.ndarray of shape (D + 1, D + 1)
    rhs : numpy.ndarray of shape (D + 1, 1)

    Examples
    --------
    >>> lhs, rhs = normal_equations([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
    >>> np.round(np.linalg.solve(lhs, rhs), 10).ravel().tolist()
    [2.0, 1.0]
    """
    X, y = as_regression_data(X, y)
    A = design_matrix(X)  # (N, D + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        lhs, rhs = A.T @ A, A.T @ y  # (D + 1, D + 1), (D + 1, 1)
    if not (np.all(np.isfinite(lhs)) and np.all(np.isfinite(rhs))):
        raise ValueError("the sums of squares of X and y overflow float64: their values are too large "
                         "to square; rescale them (for example standardize them, lesson 3)")
    return lhs, rhs


def fit_linear_closed_form(X: np.ndarray, y: np.ndarray, *, l2_penalty: float = 0.0) -> LinearFit:
    """Least-squares (or ridge) weights and bias, exactly, without iterating.

    Built by hand in lesson 8, sections 1 and 2. Minimises
    mean((X W + b - y) ** 2) + l2_penalty * sum(W ** 2), the same objective as
    :func:`lessons_utils.fit_linear_gd`, so gradient descent that has converged
    lands on this answer.

    Parameters
    ----------
    X : array-like of shape (N, D) or (N,)
        Inputs, one row per example; a 1-D X is one feature.
    y : array-like of shape (N, 1) or (N,)
        Targets, one per row of X.
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0; the bias is not penalised. scikit-learn's
        ``Ridge(alpha=N * lambda)`` gives the same answer (its loss is a sum,
        not a mean); torch's ``weight_decay`` is a different knob (see
        :func:`lessons_utils.fit_linear_torch`).

    Returns
    -------
    LinearFit
        ``W`` (D, 1), ``b`` (1,), and ``loss_history`` (1,): the objective at
        the answer, from the same sums (exact up to rounding relative to the
        variance of y).

    Raises
    ------
    ValueError
        If X^T X is singular (a constant or duplicated column, or no more rows
        than features) and ``l2_penalty`` is 0: least squares then has no
        unique answer. A small ridge penalty makes it unique. Also if the sums
        of squares overflow float64.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> fit = fit_linear_closed_form(X, 3.5 * X + 5)
    >>> round(fit.W.item(), 10), round(fit.b.item(), 10)
    (3.5, 5.0)
    """
    X, y = as_regression_data(X, y, check_finite=False)  # NaN/inf are caught in the sums below
    l2_penalty = check_real(l2_penalty, "l2_penalty", minimum=0.0)
    _check_enough_rows(*X.shape, l2_penalty)
    gram, Xty, x_mean, y_mean = centred_statistics(X, y)
    with np.errstate(over="ignore", invalid="ignore"):
        y_sum_sq = float(np.sum((y - y_mean) ** 2))
    return solve_centred(gram, Xty, x_mean, y_mean, y_sum_sq, len(X), l2_penalty)


def _check_enough_rows(num_samples: int, num_features: int, l2_penalty: float) -> None:
    if num_samples <= num_features and l2_penalty == 0:
        raise ValueError(
            f"X has {num_samples} row(s) and {num_features} feature(s): with an intercept, least squares "
            "needs more rows than features to have a unique answer. Add rows or pass l2_penalty > 0."
        )


def centred_statistics(X: np.ndarray, y: np.ndarray):
    """Centred X^T X (D, D) and X^T y (D, 1), and the means x_mean (1, D), y_mean (1, 1), of validated X, y.

    Fast path: the sums of raw products, centred afterwards. That subtracts
    N mean^2 from sum x^2, which cancels digits when X's mean is large next
    to its spread; then a second pass centres every block before its products.
    """
    gram, Xty, x_mean, y_mean, raw_diagonal = _centred_sums(X, y, np.zeros((1, X.shape[1])))
    if np.any(raw_diagonal > CANCELLATION_LIMIT * gram.diagonal()):
        gram, Xty, x_mean, y_mean, _ = _centred_sums(X, y, x_mean)
    return gram, Xty, x_mean, y_mean


def solve_centred(gram: np.ndarray, Xty: np.ndarray, x_mean: np.ndarray, y_mean: np.ndarray,
                  y_sum_sq: float, num_samples: int, l2_penalty: float) -> LinearFit:
    """The (ridge) least-squares answer from centred sums of N rows; they are not modified.

    Shared by :func:`fit_linear_closed_form` and the streaming fits of
    :mod:`lessons_utils.streaming`, which build the same sums chunk by chunk.
    """
    num_features = gram.shape[0]
    _check_enough_rows(num_samples, num_features, l2_penalty)
    # The MSE's 1/N scales the data term, so lambda is scaled by N to match fit_linear_gd.
    penalized = gram + num_samples * l2_penalty * np.eye(num_features)  # (D, D)
    try:
        # Cholesky both solves and tests: it fails exactly when the matrix is
        # not positive definite, i.e. when least squares has no unique answer.
        lower = np.linalg.cholesky(penalized)  # (D, D), penalized = L L^T
    except np.linalg.LinAlgError:
        raise ValueError(
            "X^T X is singular: some column of X is constant or a combination of the others, so "
            "least squares has no unique answer. Drop the redundant column or pass l2_penalty > 0."
        ) from None
    W = np.linalg.solve(lower.T, np.linalg.solve(lower, Xty))  # (D, 1); D is small, so plain solves
    if not np.all(np.isfinite(W)):
        raise ValueError("X^T X is too ill-conditioned to solve; pass l2_penalty > 0")
    b = (y_mean - x_mean @ W).reshape(1)  # (1,)
    # The objective at the answer, from the centred sums: no extra pass over X.
    # SSE = sum (y - y_mean)^2 - 2 W^T X^T y + W^T G W, with G, X^T y centred.
    with np.errstate(over="ignore", invalid="ignore"):
        sse = y_sum_sq - 2 * (W.T @ Xty).item() + (W.T @ gram @ W).item()
        objective = max(sse, 0.0) / num_samples + l2_penalty * float(np.sum(W**2))
    if not np.isfinite(objective):
        raise ValueError("the sum of squares of y overflows float64: its values are too large to square; "
                         "rescale y (for example standardize it, lesson 3)")
    return LinearFit(W, b, np.array([objective]))
