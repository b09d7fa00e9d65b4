"""Contour grids for the loss of a linear model with two parameters (w, b).

Lesson 9, section 3 draws the excess loss ``J - J*`` over the plane of the weight
``w`` and the bias ``b``, with the path of gradient descent on top. The MSE of a
linear model is an exact quadratic bowl, so everywhere, with its minimum at ``theta*``,

    J(theta) - J* = 1/2 (theta - theta*)^T H (theta - theta*),

with the constant Hessian ``H = (2 / N) A^T A``. The only fiddly part of the
figure is choosing the window: this module does that once, with the reasoning
written down, so the lesson's cell can stay about the picture.

Imported on its own (``from lessons_utils.contours import excess_loss_grid``):
it is a plotting helper of one lesson, not part of the package's main contract.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_matrix, check_int, check_real

__all__ = ["excess_loss_grid"]


def excess_loss_grid(hessian: object, minimum: object, level: float,
                     num_points: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A num_points x num_points grid of (w, b) over a rectangular window around the minimum, with J - J*.

    The window is the smallest axis-aligned box that holds the whole contour
    ``J - J* = level``. Why that size: pass the starting point's excess loss (a
    little more, say 1.2 times it) and the box holds the start, the minimum and
    every point gradient descent visits, since with a safe step the loss never
    rises. On the contour ``1/2 e^T H e = level`` (``e = theta - theta*``) the
    largest ``|e_i|`` is ``sqrt(2 * level * (H^-1)_ii)``: maximise ``e_i``
    subject to the quadratic constraint with a Lagrange multiplier, or see it
    as the projection of an ellipse onto an axis. Those are the half-widths.

    Used by lesson 9, section 3 (contours of raw versus standardized inputs).

    Parameters
    ----------
    hessian : array_like of shape (2, 2)
        The constant Hessian of the loss with respect to (w, b): symmetric and
        positive definite (for the MSE, ``(2 / N) A^T A`` with ``A = [x, 1]``).
    minimum : array_like of shape (2,)
        ``theta* = (w*, b*)``, where the loss is lowest.
    level : float
        The excess loss ``J - J*`` of the contour the window must hold; > 0.
    num_points : int
        Grid points along each axis, from 2 to 10_000.

    Returns
    -------
    grid_w, grid_b : numpy.ndarray of shape (num_points, num_points)
        The weight and bias at each grid point (``numpy.meshgrid`` order: rows
        vary ``b``, columns vary ``w``), ready for ``ax.contour``.
    excess : numpy.ndarray of shape (num_points, num_points)
        ``J - J*`` at each grid point, from the quadratic formula above.

    Raises
    ------
    ValueError
        If ``hessian`` is not a symmetric positive definite (2, 2) matrix,
        ``minimum`` does not hold two finite numbers, ``level`` is not positive
        or ``num_points`` is outside 2 to 10_000.
    TypeError
        If an argument is not numeric, or ``num_points`` is not an integer.

    Examples
    --------
    >>> grid_w, grid_b, excess = excess_loss_grid(np.diag([2.0, 2.0]), [0.0, 0.0], level=1.0, num_points=3)
    >>> grid_w[0]  # half-width sqrt(2 * 1 * 1/2) = 1 around w* = 0
    array([-1.,  0.,  1.])
    >>> excess[1, 1], excess[1, 2]  # 0 at the minimum; 1/2 * 2 * 1**2 = 1 at (w, b) = (1, 0)
    (np.float64(0.0), np.float64(1.0))
    """
    H = as_float_matrix(hessian, "hessian", column_if_1d=False)
    if H.shape != (2, 2):
        raise ValueError(f"hessian must have shape (2, 2), one row per parameter (w, b), got {H.shape}")
    # A.T @ A may come back symmetric only up to rounding (its two off-diagonal sums can be added in
    # different orders), so "symmetric" means: to within 1e-8 of the matrix's largest entry.
    if np.max(np.abs(H - H.T)) > 1e-8 * np.max(np.abs(H)):
        raise ValueError("hessian must be symmetric")
    H = (H + H.T) / 2
    if not (H[0, 0] > 0 and np.linalg.det(H) > 0):  # Sylvester's criterion for a 2 x 2 matrix
        raise ValueError("hessian must be positive definite (a bowl with a single lowest point)")
    center = as_float_matrix(minimum, "minimum")  # a 1-D (2,) becomes a column (2, 1)
    if center.shape != (2, 1):
        raise ValueError(f"minimum must hold two numbers (w*, b*), shape (2,), got shape {np.shape(minimum)}")
    center = center[:, 0]
    level = check_real(level, "level", exclusive_minimum=0)
    # A ceiling: 10_000 points a side is already 100 million grid values (800 MB per array).
    num_points = check_int(num_points, "num_points", minimum=2, maximum=10_000)

    half_width = np.sqrt(2 * level * np.diag(np.linalg.inv(H)))  # (2,): largest |e_w|, |e_b| on the contour
    e_w, e_b = np.meshgrid(np.linspace(-half_width[0], half_width[0], num_points),
                           np.linspace(-half_width[1], half_width[1], num_points))  # theta - theta*
    excess = 0.5 * (H[0, 0] * e_w**2 + 2 * H[0, 1] * e_w * e_b + H[1, 1] * e_b**2)
    return e_w + center[0], e_b + center[1], excess
