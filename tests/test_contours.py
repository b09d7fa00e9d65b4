"""lessons_utils.contours: the contour window of lesson 9, section 3."""

from __future__ import annotations

import numpy as np
import pytest

from lessons_utils import design_matrix
from lessons_utils.contours import excess_loss_grid


def _mse_hessian(x: np.ndarray) -> np.ndarray:
    A = design_matrix(x)  # (n, 2)
    return (2 / len(x)) * A.T @ A


def test_shapes_and_the_minimum_sits_at_the_centre():
    H = _mse_hessian(np.arange(10.0))
    grid_w, grid_b, excess = excess_loss_grid(H, np.array([3.0, -1.0]), level=2.0, num_points=5)
    assert grid_w.shape == grid_b.shape == excess.shape == (5, 5)
    assert (grid_w[2, 2], grid_b[2, 2], excess[2, 2]) == (3.0, -1.0, 0.0)
    assert np.all(excess >= 0)


def test_excess_is_the_quadratic_form():
    H = np.array([[3.0, 1.0], [1.0, 2.0]])
    grid_w, grid_b, excess = excess_loss_grid(H, [0.5, 0.25], level=1.0, num_points=7)
    e = np.stack([grid_w - 0.5, grid_b - 0.25], axis=-1)  # (7, 7, 2)
    assert np.allclose(excess, 0.5 * np.einsum("...i,ij,...j->...", e, H, e), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("H", [np.diag([2.0, 2.0]), np.array([[3.0, 1.0], [1.0, 2.0]]),
                               _mse_hessian(np.arange(50.0))])
def test_the_box_just_holds_the_contour(H):
    # On each edge the lowest excess is the contour's level: the contour touches every edge, never crosses.
    level = 0.7
    _, _, excess = excess_loss_grid(H, [0.0, 0.0], level=level, num_points=2001)
    for edge in (excess[0], excess[-1], excess[:, 0], excess[:, -1]):
        assert edge.min() >= level * (1 - 1e-9)
        assert edge.min() <= level * (1 + 1e-5)


def test_accepts_a_column_minimum_and_lists():
    by_row = excess_loss_grid([[2.0, 0.0], [0.0, 2.0]], [1.0, 2.0], 1.0, 3)
    by_column = excess_loss_grid(np.diag([2.0, 2.0]), np.array([[1.0], [2.0]]), 1.0, 3)
    for a, b in zip(by_row, by_column, strict=True):
        assert np.array_equal(a, b)


@pytest.mark.parametrize(("kwargs", "error", "named"), [
    ({"hessian": np.eye(3)}, ValueError, "hessian"),
    ({"hessian": np.array([[1.0, 0.5], [0.0, 1.0]])}, ValueError, "hessian"),
    ({"hessian": np.array([[1.0, 2.0], [2.0, 1.0]])}, ValueError, "hessian"),
    ({"hessian": -np.eye(2)}, ValueError, "hessian"),
    ({"hessian": "H"}, TypeError, "hessian"),
    ({"hessian": np.array([[1.0, np.nan], [np.nan, 1.0]])}, ValueError, "hessian"),
    ({"minimum": [1.0, 2.0, 3.0]}, ValueError, "minimum"),
    ({"minimum": [np.inf, 0.0]}, ValueError, "minimum"),
    ({"minimum": None}, TypeError, "minimum"),
    ({"level": 0.0}, ValueError, "level"),
    ({"level": -1.0}, ValueError, "level"),
    ({"level": "1"}, TypeError, "level"),
    ({"num_points": 1}, ValueError, "num_points"),
    ({"num_points": 10_001}, ValueError, "num_points"),
    ({"num_points": 10.0}, TypeError, "num_points"),
    ({"num_points": True}, TypeError, "num_points"),
])
def test_bad_inputs_are_refused_by_name(kwargs, error, named):
    arguments = {"hessian": np.eye(2), "minimum": [0.0, 0.0], "level": 1.0, "num_points": 5} | kwargs
    with pytest.raises(error, match=named):
        excess_loss_grid(**arguments)


def test_a_hessian_symmetric_only_up_to_rounding_is_accepted():
    H = np.array([[2.0, 1e-17], [-3e-17, 2.0]])  # what A.T @ A can give for standardized x
    _, _, excess = excess_loss_grid(H, [0.0, 0.0], level=1.0, num_points=3)
    assert np.array_equal(excess, excess_loss_grid(np.diag([2.0, 2.0]), [0.0, 0.0], 1.0, 3)[2])
