"""One test per bug found by probing lessons_utils (issue 8); each failed before its fix.

The broad probe over every argument is tests/test_bad_inputs.py; these pin the
specific wrong results and misleading errors that were reported.
"""

from __future__ import annotations

import numpy as np
import pytest

import lessons_utils as lu
from lessons_utils.torch_training import fit_linear_torch

X = np.linspace(-1, 1, 20).reshape(-1, 1)  # (20, 1)
Y = 2 * X + 1


def test_mse_gradients_refuses_a_1d_W_that_does_not_match_X():
    # Was: dW of shape (2, 2) from broadcasting (1, 1) against (2,).
    with pytest.raises(ValueError, match=r"W must have shape \(1, 1\)"):
        lu.mse_gradients(X, Y, [1.0, 2.0], [0.0], l2_penalty=0.1)
    # A 1-D W of the right length is read as the column it stands for, as predict_linear reads it.
    X2 = np.hstack([X, X**2])
    dW, _ = lu.mse_gradients(X2, Y, [1.0, 2.0], 0.0, l2_penalty=0.1)
    assert dW.shape == (2, 1)


def test_mse_gradients_refuses_two_target_columns():
    # Was: dW of shape (1, 2), silently.
    with pytest.raises(ValueError, match="y must have one column"):
        lu.mse_gradients(X, np.hstack([Y, Y]), [[1.0]], 0.0)


@pytest.mark.parametrize(("low", "high"), [(20, -10), (5, 5), (float("nan"), 1.0), ("0", 1.0), (None, 1.0)])
def test_noise_bounds_are_checked(low, high):
    # Was: noise_std(20, -10) = -8.66, NaN bounds gave NaN, strings a raw operator error.
    for function in (lu.noise_std, lu.noise_mean):
        with pytest.raises((ValueError, TypeError), match="low|high"):
            function(low, high)


def test_a_huge_learning_rate_for_adam_is_reported():
    # Was: loss 4.2 -> 46.7 with no error, while NumPy GD raised.
    with pytest.raises(lu.TrainingDivergedError, match="learning_rate=1000"):
        fit_linear_torch(X, Y, rng=np.random.default_rng(0), learning_rate=1e3)
    with pytest.raises(lu.TrainingDivergedError, match="learning_rate=1000"):
        lu.fit_linear_minibatch(X, Y, rng=np.random.default_rng(0), optimizer="adam", learning_rate=1e3)


def test_torch_refuses_inputs_float32_would_flatten():
    # Was: W ~ 0 for X = 1e8 + i, where least squares gives 2.
    X_big = 1e8 + np.arange(10.0)
    with pytest.raises(ValueError, match="float32"):
        fit_linear_torch(X_big, 2 * np.arange(10.0), rng=np.random.default_rng(0))
    assert lu.fit_linear_closed_form(X_big, 2 * np.arange(10.0)).W.item() == pytest.approx(2.0)


def test_standardizer_refuses_values_whose_variance_overflows():
    # Was: std_ = inf and transform returned zeros.
    with pytest.raises(ValueError, match="too large"):
        lu.Standardizer().fit(np.array([[1e200], [-1e200], [3e200]]))


def test_split_sizes_refuses_a_fractional_size():
    # Was: a fractional train size for num_samples=10.5.
    with pytest.raises(TypeError, match="num_samples must be an integer"):
        lu.split_sizes(10.5, (0.7, 0.15, 0.15))
    with pytest.raises(TypeError, match="fractions must be a sequence"):
        lu.split_sizes(10, None)


def test_masked_arrays_are_refused_not_unmasked():
    masked = np.ma.masked_array(X, mask=X > 0.5)
    with pytest.raises(TypeError, match="X is a masked array"):
        lu.Standardizer().fit(masked)


def test_optimizer_step_on_a_python_number_is_refused():
    # Was: nothing happened, silently (a float cannot be updated in place).
    with pytest.raises(TypeError, match=r"params\[0\] must be a float NumPy array"):
        lu.SGD(0.1).step([1.0], [np.array(0.5)])


def test_minibatch_indices_checks_before_the_first_batch():
    # Was: the error came only when the generator was first iterated.
    with pytest.raises(ValueError, match="num_samples"):
        lu.minibatch_indices(-1, 2, np.random.default_rng(0))


def test_ragged_lists_and_grad_tensors_get_plain_messages():
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError, match="X must be a rectangular array"):
        lu.predict_linear([[1.0], [1.0, 2.0]], [[1.0]], 0.0)
    with pytest.raises(TypeError, match=r"y_true is a tensor that requires grad: pass y_true.detach\(\)"):
        lu.mse(torch.ones(3, requires_grad=True), np.ones(3))


@pytest.mark.parametrize(("call", "words"), [
    (lambda: lu.split_sizes(10, None), "fractions"),
    (lambda: lu.loss_and_gradients([[1.0], [2.0]], [[1.0, 2.0], [3.0, 4.0]], [[1.0]], 0.0),
     "y must have one column"),
    (lambda: lu.check_not_diverged("big", 1.0, epoch=1, learning_rate=0.1), "loss must be a real number"),
    (lambda: lu.EarlyStopping(2).update(0, "0.5", None), "val_loss must be a real number"),
    (lambda: lu.make_optimizer(["sgd"], 0.1), "name must be one of"),
    (lambda: lu.fit_linear_minibatch(X, Y, rng=np.random.default_rng(0), X_val=X, y_val=Y, early_stopping=5),
     "early_stopping must be an EarlyStopping"),
    (lambda: lu.Standardizer().fit(X).inverse_transform(None), "Z must be an array"),
    (lambda: lu.predict_linear(X, [[1.0]], "1.5"), "b must be an array of numbers, got str"),
    (lambda: lu.Standardizer().fit(np.array([True, False, True])), "X must hold real numbers, got booleans"),
    (lambda: lu.fit_linear_minibatch(X, Y, rng=np.random.default_rng(0), X_val=X[:5], y_val=Y),
     "X_val has 5"),
])
def test_what_used_to_be_deep_or_misleading_errors_now_name_the_argument(call, words):
    with pytest.raises((ValueError, TypeError), match=words):
        call()


def test_finite_overflow_is_not_blamed_on_the_learning_rate():
    # Was: "the loss grew from 5 to nan. learning_rate=0.1 is too large".
    with pytest.raises(ValueError, match="overflows float64 before any step") as info:
        lu.fit_linear_gd(X * 1e200, Y, rng=np.random.default_rng(0))
    assert "learning_rate=" not in str(info.value)
    with pytest.raises(ValueError, match="overflow float64: their values are too large") as info:
        lu.fit_linear_closed_form(np.array([[1e200], [2e200], [4e200]]), [1.0, 2.0, 3.0])
    assert "NaN or inf" not in str(info.value)


def test_one_row_is_explained_as_too_few_rows():
    # Was: "fewer rows, 1, than features, 1".
    with pytest.raises(ValueError, match="1 row.* and 1 feature.*more rows than features"):
        lu.fit_linear_closed_form([[1.0]], [2.0])


@pytest.mark.parametrize("fit", [lu.fit_linear_gd, lu.fit_linear_minibatch, fit_linear_torch])
def test_absurd_epoch_counts_are_refused_before_anything_is_allocated(fit):
    # Was: MemoryError from allocating the history of 3e9 epochs (and no bound at all for minibatch).
    with pytest.raises(ValueError, match="num_epochs must be at least 1 and at most 1000000"):
        fit(X, Y, rng=np.random.default_rng(0), num_epochs=3 * 10**9)
