"""Closed-form solver and gradient checker against independent references.

References: NumPy's lstsq (QR/SVD), scikit-learn's LinearRegression and
Ridge, converged gradient descent, and torch.autograd in float64.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.linear_model import LinearRegression, Ridge

import lessons_utils as lu
from lessons_utils import closed_form

# The problems these tests were written for: columns on scales from 0.1 to 10, little noise.
SCALED = dict(scales=True, noise=0.1)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_closed_form_matches_lstsq_and_sklearn(random_problem, seed):
    X, y = random_problem(seed, num_samples=500, num_features=5, **SCALED)
    fit = lu.fit_linear_closed_form(X, y)
    A = np.hstack([X, np.ones((len(X), 1))])
    theta = np.linalg.lstsq(A, y, rcond=None)[0]  # (D + 1, 1)
    np.testing.assert_allclose(fit.W, theta[:-1], rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(fit.b, theta[-1], rtol=1e-9, atol=1e-11)
    model = LinearRegression().fit(X, y)
    np.testing.assert_allclose(fit.W.ravel(), model.coef_.ravel(), rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(fit.b, model.intercept_, rtol=1e-9, atol=1e-11)
    assert fit.W.shape == (5, 1) and fit.b.shape == (1,)


def test_closed_form_spans_several_row_blocks(random_problem):
    X, y = random_problem(4, num_samples=3 * 16384 + 123, num_features=3, **SCALED)
    model = LinearRegression().fit(X, y)
    fit = lu.fit_linear_closed_form(X, y)
    np.testing.assert_allclose(fit.W.ravel(), model.coef_.ravel(), rtol=1e-10)


def test_ridge_matches_sklearn_with_alpha_scaled_by_n(random_problem):
    X, y = random_problem(5, num_samples=500, num_features=5, **SCALED)
    lam = 0.3
    fit = lu.fit_linear_closed_form(X, y, l2_penalty=lam)
    # sklearn minimises ||y - Xw||^2 + alpha ||w||^2; the course's loss is that divided by N.
    model = Ridge(alpha=len(X) * lam).fit(X, y)
    np.testing.assert_allclose(fit.W.ravel(), model.coef_.ravel(), rtol=1e-9)
    np.testing.assert_allclose(fit.b, model.intercept_, rtol=1e-9)


def test_closed_form_is_where_gradient_descent_converges(random_problem):
    X, y = random_problem(6, num_features=3, **SCALED)
    X = lu.Standardizer().fit_transform(X)
    for lam in (0.0, 0.05):
        gd = lu.fit_linear_gd(X, y, learning_rate=0.2, num_epochs=3000, l2_penalty=lam,
                              initial_W=np.zeros((3, 1)))
        exact = lu.fit_linear_closed_form(X, y, l2_penalty=lam)
        np.testing.assert_allclose(gd.W, exact.W, atol=1e-9)
        np.testing.assert_allclose(gd.b, exact.b, atol=1e-9)


def test_normal_equations_solve_to_the_same_answer(random_problem):
    X, y = random_problem(7, num_features=2, **SCALED)
    lhs, rhs = lu.normal_equations(X, y)
    assert lhs.shape == (3, 3) and rhs.shape == (3, 1)
    theta = np.linalg.solve(lhs, rhs)
    fit = lu.fit_linear_closed_form(X, y)
    np.testing.assert_allclose(theta[:-1], fit.W, rtol=1e-8)
    np.testing.assert_allclose(theta[-1], fit.b, rtol=1e-8)
    np.testing.assert_array_equal(lu.design_matrix(X)[:, -1], np.ones(len(X)))


def test_centring_keeps_a_large_offset_accurate(random_problem):
    """Raw normal equations on X + 1e6 lose most digits; the centred solver does not."""
    X, y = random_problem(8, num_features=2, offset=1e6, **SCALED)
    reference = LinearRegression().fit(X, y)
    fit = lu.fit_linear_closed_form(X, y)
    np.testing.assert_allclose(fit.W.ravel(), reference.coef_.ravel(), rtol=1e-7)


def test_the_second_pass_is_what_saves_those_digits(random_problem, monkeypatch):
    X, y = random_problem(8, num_features=2, offset=1e6, **SCALED)
    reference = LinearRegression().fit(X, y).coef_.ravel()
    careful = lu.fit_linear_closed_form(X, y).W.ravel()
    monkeypatch.setattr(closed_form, "CANCELLATION_LIMIT", np.inf)  # never re-read X
    hasty = lu.fit_linear_closed_form(X, y).W.ravel()
    assert np.abs(hasty - reference).max() > 100 * np.abs(careful - reference).max()


@pytest.mark.parametrize("X", [np.ones((10, 1)) * 3.0, np.hstack([np.arange(10.0)[:, None]] * 2),
                               np.arange(6.0).reshape(2, 3)])
def test_singular_problems_are_refused_in_words(X):
    with pytest.raises(ValueError, match="(singular|more rows than features).*l2_penalty > 0"):
        lu.fit_linear_closed_form(X, np.arange(len(X), dtype=float))


def test_ridge_makes_a_singular_problem_solvable():
    X = np.hstack([np.arange(10.0)[:, None]] * 2)
    fit = lu.fit_linear_closed_form(X, np.arange(10.0), l2_penalty=0.1)
    assert np.all(np.isfinite(fit.W)) and fit.W[0, 0] == pytest.approx(fit.W[1, 0])


@pytest.mark.parametrize("kwargs, error, words", [
    ({"X": [[1.0], [np.nan]], "y": [1.0, 2.0]}, ValueError, "X must not contain NaN"),
    ({"X": [[1.0], [2.0]], "y": [1.0]}, ValueError, "same number of rows"),
    ({"X": "abc", "y": [1.0]}, TypeError, "X must be an array"),
    ({"X": [[1.0], [2.0]], "y": [1.0, 2.0], "l2_penalty": -1.0}, ValueError, "l2_penalty"),
])
def test_bad_closed_form_input(kwargs, error, words):
    with pytest.raises(error, match=words):
        lu.fit_linear_closed_form(**kwargs)


# --- gradient checks --------------------------------------------------------

def mse_of_theta(X, y):
    """The course MSE as a function of theta = [W; b], shape (D + 1,)."""
    def loss(theta):
        residual = X @ theta[:-1, None] + theta[-1] - y  # (N, 1)
        return float(np.mean(residual**2))
    return loss


def mse_gradient_of_theta(X, y):
    def grad(theta):
        dW, db = lu.mse_gradients(X, y, theta[:-1, None], theta[-1:])
        return np.concatenate([dW.ravel(), db])
    return grad


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_hand_gradients_pass_against_finite_differences(random_problem, seed):
    X, y = random_problem(seed, num_samples=80, num_features=3, **SCALED)
    theta = np.random.default_rng(seed).standard_normal(4)
    check = lu.check_gradient(mse_of_theta(X, y), mse_gradient_of_theta(X, y), theta)
    assert check.passed and check.relative_error < 1e-6, check.relative_error


def test_hand_gradients_match_torch_autograd_in_float64(random_problem):
    X, y = random_problem(9, num_samples=60, num_features=3, **SCALED)
    theta = np.random.default_rng(9).standard_normal(4)
    t = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    residual = torch.tensor(X) @ t[:-1, None] + t[-1] - torch.tensor(y)
    (residual**2).mean().backward()
    autograd = t.grad.numpy()
    assert lu.relative_error(mse_gradient_of_theta(X, y)(theta), autograd) < 1e-12


@pytest.mark.parametrize("wrong", [
    lambda g: g / 2,  # forgot the 2 of the square's derivative
    lambda g: -g,  # sign error
    lambda g: g * np.array([1.0, 1.0, 1.0, 0.0]),  # dropped the bias gradient
])
def test_a_wrong_gradient_fails_the_check(random_problem, wrong):
    X, y = random_problem(10, num_samples=80, num_features=3, **SCALED)
    right = mse_gradient_of_theta(X, y)
    check = lu.check_gradient(mse_of_theta(X, y), lambda t: wrong(right(t)),
                              np.random.default_rng(10).standard_normal(4))
    assert not check.passed and check.relative_error > 1e-3


def test_numerical_gradient_keeps_the_shape_and_does_not_change_theta():
    theta = np.array([[1.0], [2.0]])
    before = theta.copy()
    grad = lu.numerical_gradient(lambda t: float(np.sum(t**2)), theta)
    assert grad.shape == (2, 1)
    np.testing.assert_allclose(grad, 2 * before, rtol=1e-8)
    np.testing.assert_array_equal(theta, before)


def test_bad_gradient_check_input():
    with pytest.raises(TypeError, match="f must be a function"):
        lu.numerical_gradient("not a function", np.zeros(2))
    with pytest.raises(ValueError, match="theta must not contain NaN"):
        lu.numerical_gradient(np.sum, np.array([np.nan]))
    with pytest.raises(ValueError, match="eps"):
        lu.numerical_gradient(np.sum, np.zeros(2), eps=0.0)
    with pytest.raises(ValueError, match="same shape"):
        lu.relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="grad\\(theta\\) must have theta's shape"):
        lu.check_gradient(np.sum, lambda t: np.zeros(5), np.zeros(2))
