"""Gradient descent (NumPy) and Adam (PyTorch) against exact references."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
import torch

import lessons_utils as lu
from lessons_utils.torch_training import fit_linear_torch


def test_gd_reaches_least_squares_and_never_increases_the_loss(course_data, lstsq_reference):
    X, y = course_data()
    fit = lu.fit_linear_gd(X, y, learning_rate=0.1, num_epochs=200, rng=np.random.default_rng(0))
    W_ls, b_ls = lstsq_reference(X, y)
    np.testing.assert_allclose(fit.W, W_ls, atol=1e-12)
    assert abs(fit.b.item() - b_ls.item()) < 1e-12
    assert fit.loss_history.shape == (201,)  # before training, then after each of the 200 epochs
    # Once converged, the loss only wobbles in its last bits (about 1e-19 here).
    assert np.all(np.diff(fit.loss_history) <= 1e-12 * fit.loss_history[0])
    assert fit.loss_history[-1] < 0.01 * fit.loss_history[0]


def test_gd_on_several_features_matches_least_squares(lstsq_reference):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((300, 4))
    y = X @ np.array([[1.0], [-2.0], [0.5], [0.0]]) + 0.3 + 0.1 * rng.standard_normal((300, 1))
    fit = lu.fit_linear_gd(X, y, learning_rate=0.1, num_epochs=2000, initial_W=np.zeros((4, 1)))
    W_ls, b_ls = lstsq_reference(X, y)
    np.testing.assert_allclose(fit.W, W_ls, atol=1e-9)
    assert abs(fit.b.item() - b_ls.item()) < 1e-9


def test_ridge_gd_matches_its_closed_form(course_data, lstsq_reference):
    # With standardized X (variance 1) the ridge weight is W_ls / (1 + lambda).
    X, y = course_data()
    W_ls, _ = lstsq_reference(X, y)
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
def test_divergence_is_reported_in_words(course_data, learning_rate):
    X, y = course_data()
    with pytest.raises(lu.TrainingDivergedError, match="diverged at epoch .* too large"):
        lu.fit_linear_gd(X, y, learning_rate=learning_rate, num_epochs=5000, initial_W=[[0.0]])


def test_raw_unstandardized_inputs_diverge_at_the_lesson_learning_rate():
    # X runs to N - 1, so the curvature is huge: 0.1 is far too large a step.
    split = lu.load_course_splits(1234, 50).train
    with pytest.raises(lu.TrainingDivergedError, match="standardize X"):
        lu.fit_linear_gd(split.X, split.y, learning_rate=0.1, num_epochs=100, initial_W=[[0.0]])


def test_overflowing_data_is_not_blamed_on_the_learning_rate():
    X = np.array([[1e160], [2e160], [3e160]])
    with pytest.raises(ValueError, match="overflows float64 before any step") as info:
        lu.fit_linear_gd(X, [1.0, 2.0, 3.0], initial_W=[[1.0]])
    assert "learning_rate=" not in str(info.value)


# --- the same contract in PyTorch ----------------------------------------------

def test_torch_adam_approaches_least_squares_and_is_reproducible(course_data, lstsq_reference):
    X, y = course_data()
    first = fit_linear_torch(X, y, rng=np.random.default_rng(7), num_epochs=300)
    second = fit_linear_torch(X, y, rng=np.random.default_rng(7), num_epochs=300)
    np.testing.assert_array_equal(first.W, second.W)
    np.testing.assert_array_equal(first.loss_history, second.loss_history)
    W_ls, b_ls = lstsq_reference(X, y)
    assert abs(first.W.item() - W_ls.item()) < 1e-2
    assert abs(first.b.item() - b_ls.item()) < 1e-2
    assert first.loss_history.shape == (301,) and first.loss_history[-1] < first.loss_history[0]


def test_torch_and_numpy_fits_share_the_start_and_the_path(random_problem):
    # Same rng seed, same start; plain SGD in float32 then follows NumPy's float64 path closely.
    X, y = random_problem(20, num_samples=100)
    numpy_fit = lu.fit_linear_gd(X, y, rng=np.random.default_rng(3), learning_rate=0.1, num_epochs=50)
    torch_fit = fit_linear_torch(X, y, rng=np.random.default_rng(3), learning_rate=0.1, num_epochs=50,
                                 optimizer="sgd")
    np.testing.assert_allclose(torch_fit.loss_history, numpy_fit.loss_history, rtol=1e-5)
    np.testing.assert_allclose(torch_fit.W, numpy_fit.W, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_torch_optimizers_match_the_numpy_harness(random_problem, optimizer):
    X, y = random_problem(21, num_samples=80)
    common = dict(learning_rate=0.01, num_epochs=30, optimizer=optimizer, l2_penalty=0.05)
    ours = lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(4), **common)
    theirs = fit_linear_torch(X, y, rng=np.random.default_rng(4), **common)
    np.testing.assert_allclose(theirs.loss_history, ours.loss_history, rtol=1e-5)
    np.testing.assert_allclose(theirs.W, ours.W, rtol=1e-4, atol=1e-5)


def test_torch_l2_penalty_is_the_ridge_of_the_closed_form(random_problem):
    X, y = random_problem(22, num_samples=300)
    exact = lu.fit_linear_closed_form(X, y, l2_penalty=0.3)
    fit = fit_linear_torch(X, y, rng=np.random.default_rng(0), l2_penalty=0.3, num_epochs=2000,
                           learning_rate=0.05)
    np.testing.assert_allclose(fit.W, exact.W, atol=1e-3)
    np.testing.assert_allclose(fit.b, exact.b, atol=1e-3)


def test_torch_fit_leaves_the_global_torch_generator_alone(course_data):
    X, y = course_data()
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    fit_linear_torch(X, y, rng=np.random.default_rng(1), num_epochs=5)
    np.testing.assert_array_equal(torch.rand(3).numpy(), expected.numpy())


def test_torch_refuses_data_that_float32_cannot_resolve():
    X = 1e8 + np.arange(10.0)  # float32 keeps ~7 digits: every row would round to the same value
    with pytest.raises(ValueError, match="X column 0 .* Standardize X first"):
        fit_linear_torch(X, 2 * np.arange(10.0), rng=np.random.default_rng(0))


@pytest.mark.parametrize("fit", ["torch", "minibatch"])
def test_adam_with_a_huge_learning_rate_is_reported(course_data, fit):
    X, y = course_data()
    train = fit_linear_torch if fit == "torch" else partial(lu.fit_linear_minibatch, optimizer="adam")
    with pytest.raises(lu.TrainingDivergedError, match="learning_rate=1000 is too large"):
        train(X, y, rng=np.random.default_rng(0), learning_rate=1e3, num_epochs=100)


def test_torch_rejects_unknown_optimizer():
    with pytest.raises(ValueError, match="optimizer must be one of"):
        fit_linear_torch([[0.0], [1.0]], [[0.0], [1.0]], rng=np.random.default_rng(0), optimizer="adamw")
