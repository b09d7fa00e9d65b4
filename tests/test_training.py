"""Gradient descent (NumPy) and Adam (PyTorch) against exact references."""

from __future__ import annotations

import numpy as np
import pytest

import lessons_utils as lu


def standardized_course_data(seed: int = 1234, num_samples: int = 200):
    train = lu.load_course_splits(seed, num_samples).train
    X = lu.Standardizer().fit_transform(train.X)
    y = lu.Standardizer().fit_transform(train.y)
    return X, y


def least_squares(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    A = np.hstack([X, np.ones((len(X), 1))])  # (N, D + 1): the last column fits b
    solution = np.linalg.lstsq(A, y, rcond=None)[0]
    return solution[:-1], float(solution[-1, 0])


def test_gd_reaches_least_squares_and_never_increases_the_loss():
    X, y = standardized_course_data()
    fit = lu.fit_linear_gd(X, y, learning_rate=0.1, num_epochs=200, rng=np.random.default_rng(0))
    W_ls, b_ls = least_squares(X, y)
    np.testing.assert_allclose(fit.W, W_ls, atol=1e-12)
    assert abs(fit.b.item() - b_ls) < 1e-12
    # Once converged, the loss only wobbles in its last bits (about 1e-19 here).
    assert np.all(np.diff(fit.loss_history) <= 1e-12 * fit.loss_history[0])
    assert fit.loss_history[-1] < 0.01 * fit.loss_history[0]


def test_gd_on_several_features_matches_least_squares():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((300, 4))
    y = X @ np.array([[1.0], [-2.0], [0.5], [0.0]]) + 0.3 + 0.1 * rng.standard_normal((300, 1))
    fit = lu.fit_linear_gd(X, y, learning_rate=0.1, num_epochs=2000, initial_W=np.zeros((4, 1)))
    W_ls, b_ls = least_squares(X, y)
    np.testing.assert_allclose(fit.W, W_ls, atol=1e-9)
    assert abs(fit.b.item() - b_ls) < 1e-9


def test_ridge_gd_matches_its_closed_form():
    # With standardized X (variance 1) the ridge weight is W_ls / (1 + lambda).
    X, y = standardized_course_data()
    W_ls, _ = least_squares(X, y)
    for l2_penalty in (0.0, 0.1, 1.0, 3.0):
        fit = lu.fit_linear_gd(X, y, learning_rate=0.1, num_epochs=500, l2_penalty=l2_penalty,
                               initial_W=[[0.0]])
        assert abs(fit.W.item() - W_ls.item() / (1 + l2_penalty)) < 1e-10


def test_gradients_match_central_finite_differences():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((20, 3)), rng.standard_normal((20, 1))
    W, b, l2_penalty = rng.standard_normal((3, 1)), np.array([0.4]), 0.3

    def loss(W, b):
        return lu.mse(y, lu.predict_linear(X, W, b)) + l2_penalty * np.sum(W**2)

    dW, db = lu.mse_gradients(X, y, W, b, l2_penalty)
    eps = 1e-6
    for i in range(3):
        step = np.zeros_like(W)
        step[i] = eps
        numeric = (loss(W + step, b) - loss(W - step, b)) / (2 * eps)
        assert abs(numeric - dW[i, 0]) < 1e-7
    numeric_b = (loss(W, b + eps) - loss(W, b - eps)) / (2 * eps)
    assert abs(numeric_b - db[0]) < 1e-7


@pytest.mark.parametrize("learning_rate", [1.5, 10.0, 1e6])
def test_divergence_is_reported_in_words(learning_rate):
    X, y = standardized_course_data()
    with pytest.raises(lu.TrainingDivergedError, match="diverged at epoch .* too large"):
        lu.fit_linear_gd(X, y, learning_rate=learning_rate, num_epochs=5000, initial_W=[[0.0]])


def test_raw_unstandardized_inputs_diverge_at_the_lesson_learning_rate():
    # X runs to N - 1, so the curvature is huge: 0.1 is far too large a step.
    split = lu.load_course_splits(1234, 50).train
    with pytest.raises(lu.TrainingDivergedError, match="standardize X"):
        lu.fit_linear_gd(split.X, split.y, learning_rate=0.1, num_epochs=100, initial_W=[[0.0]])


def test_torch_adam_approaches_least_squares_and_is_reproducible():
    from lessons_utils.linear_torch import fit_linear_torch

    X, y = standardized_course_data()
    first = fit_linear_torch(X, y, seed=7, num_epochs=300)
    second = fit_linear_torch(X, y, seed=7, num_epochs=300)
    np.testing.assert_array_equal(first.W, second.W)
    np.testing.assert_array_equal(first.loss_history, second.loss_history)
    W_ls, b_ls = least_squares(X, y)
    assert abs(first.W.item() - W_ls.item()) < 1e-2
    assert abs(first.b.item() - b_ls) < 1e-2
    assert first.loss_history[-1] < first.loss_history[0]


def test_torch_adam_weight_decay_differs_from_adamw():
    from lessons_utils.linear_torch import fit_linear_torch

    X, y = standardized_course_data()
    adam = fit_linear_torch(X, y, seed=0, weight_decay=0.5, optimizer="adam")
    adamw = fit_linear_torch(X, y, seed=0, weight_decay=0.5, optimizer="adamw")
    plain = fit_linear_torch(X, y, seed=0)
    assert abs(adam.W.item()) < abs(plain.W.item())
    assert abs(adam.W.item() - adamw.W.item()) > 1e-3


def test_torch_rejects_unknown_optimizer():
    from lessons_utils.linear_torch import fit_linear_torch

    with pytest.raises(ValueError, match="optimizer must be one of"):
        fit_linear_torch([[0.0], [1.0]], [[0.0], [1.0]], seed=0, optimizer="sgd")
