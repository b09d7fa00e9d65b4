"""Bad input to lessons_utils gets a ValueError/TypeError that names the argument."""

from __future__ import annotations

import numpy as np
import pytest

import lessons_utils as lu

GOOD_X = np.arange(10.0).reshape(-1, 1)
GOOD_Y = 2 * GOOD_X + 1


@pytest.mark.parametrize(
    ("bad", "error", "words"),
    [
        (np.array([[1.0], [np.nan]]), ValueError, "X must not contain NaN or inf"),
        (np.array([[1.0], [np.inf]]), ValueError, "X must not contain NaN or inf"),
        (np.empty((0, 1)), ValueError, "X must not be empty"),
        (np.zeros((2, 2, 2)), ValueError, "X must be 1-D or 2-D"),
        (np.array(5.0), ValueError, "X must be 1-D or 2-D"),
        (np.array(["a", "b"]), TypeError, "X must hold real numbers"),
        (np.array([object(), object()]), TypeError, "X must hold real numbers"),
        ("1, 2, 3", TypeError, "X must be an array of numbers"),
        (None, TypeError, "X must be an array of numbers"),
        (np.array([1 + 2j, 3j]), TypeError, "X must hold real numbers"),
    ],
)
def test_bad_arrays_are_named_in_the_error(bad, error, words):
    with pytest.raises(error, match=words):
        lu.Standardizer().fit(bad)
    with pytest.raises(error, match=words):
        lu.predict_linear(bad, [[1.0]], 0.0)


def test_mismatched_lengths_name_both_arguments():
    with pytest.raises(ValueError, match="X has 10, y has 9"):
        lu.fit_linear_gd(GOOD_X, GOOD_Y[:9], initial_W=[[0.0]])
    with pytest.raises(ValueError, match="X has 10, y has 3"):
        lu.split_train_val_test(GOOD_X, GOOD_Y[:3], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="y_true has 10, y_pred has 2"):
        lu.mse(GOOD_Y, GOOD_Y[:2])


@pytest.mark.parametrize(
    ("fractions", "words"),
    [
        ((0.7, 0.2, 0.2), "must sum to 1"),
        ((0.5, 0.25, 0.2), "must sum to 1"),
        ((1.0, 0.0, 0.0), "fractions\\[0\\] \\(train\\) must be < 1"),
        ((0.7, 0.3, 0.0), "fractions\\[2\\] \\(test\\) must be > 0"),
        ((1.2, -0.1, -0.1), "fractions\\[0\\] \\(train\\) must be < 1"),
        ((0.7, 0.3), "must have 3 entries"),
        ((0.7, "0.15", 0.15), "fractions\\[1\\] \\(val\\) must be a real number"),
        ((0.7, float("nan"), 0.15), "fractions\\[1\\] \\(val\\) must be finite"),
    ],
)
def test_bad_split_fractions(fractions, words):
    with pytest.raises((ValueError, TypeError), match=words):
        lu.split_train_val_test(GOOD_X, GOOD_Y, rng=np.random.default_rng(0), fractions=fractions)


def test_split_that_would_leave_a_split_empty():
    with pytest.raises(ValueError, match="leaves the val split empty"):
        lu.split_sizes(5, (0.7, 0.15, 0.15))


def test_zero_variance_feature_is_refused():
    X = np.column_stack([np.arange(5.0), np.full(5, 3.0)])
    with pytest.raises(ValueError, match=r"zero variance in column\(s\) \[1\]"):
        lu.Standardizer().fit(X)


def test_unfitted_or_wrong_width_standardizer():
    with pytest.raises(ValueError, match="not fitted yet"):
        lu.Standardizer().transform(GOOD_X)
    scaler = lu.Standardizer().fit(GOOD_X)
    with pytest.raises(ValueError, match="X has 2 column"):
        scaler.transform(np.ones((3, 2)))


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be > 0"),
        ({"learning_rate": -1}, ValueError, "learning_rate must be > 0"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate must be a real number"),
        ({"num_epochs": 0}, ValueError, "num_epochs must be at least 1"),
        ({"num_epochs": 2.5}, TypeError, "num_epochs must be an integer"),
        ({"l2_penalty": -0.1}, ValueError, "l2_penalty must be >= 0"),
        ({"initial_W": [[0.0], [0.0]]}, ValueError, r"initial_W must have shape \(1, 1\)"),
    ],
)
def test_bad_training_settings(kwargs, error, words):
    kwargs.setdefault("initial_W", [[0.0]])
    with pytest.raises(error, match=words):
        lu.fit_linear_gd(GOOD_X, GOOD_Y, **kwargs)


def test_gd_needs_a_starting_point():
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator .* or pass initial_W"):
        lu.fit_linear_gd(GOOD_X, GOOD_Y)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        lu.fit_linear_gd(GOOD_X, GOOD_Y, rng=1234)
    # Both given: initial_W is the start, exactly as in every other fit function.
    given = lu.fit_linear_gd(GOOD_X, GOOD_Y, rng=np.random.default_rng(0), initial_W=[[0.5]], num_epochs=1,
                             learning_rate=0.001)
    alone = lu.fit_linear_gd(GOOD_X, GOOD_Y, initial_W=[[0.5]], num_epochs=1, learning_rate=0.001)
    np.testing.assert_array_equal(given.W, alone.W)


@pytest.mark.parametrize(
    ("seed", "error", "words"),
    [(-1, ValueError, "seed must be at least 0"), (2**32, ValueError, "at most"),
     (True, TypeError, "seed must be an integer"), (1.5, TypeError, "seed must be an integer")],
)
def test_bad_seeds(seed, error, words):
    with pytest.raises(error, match=words):
        lu.set_seed(seed)


def test_bad_data_settings():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="num_samples must be at least 2"):
        lu.generate_linear_data(1, rng=rng)
    with pytest.raises(ValueError, match="noise_high must be greater than noise_low"):
        lu.generate_linear_data(10, rng=rng, noise_high=-20)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        lu.generate_linear_data(10, rng=None)


def test_unstandardize_rejects_mismatched_shapes():
    xs, ys = lu.Standardizer().fit(GOOD_X), lu.Standardizer().fit(GOOD_Y)
    with pytest.raises(ValueError, match=r"W_std must have shape \(1, 1\)"):
        lu.unstandardize_weights([[1.0], [2.0]], 0.0, xs, ys)
    with pytest.raises(TypeError, match="x_scaler must be a fitted Standardizer"):
        lu.unstandardize_weights([[1.0]], 0.0, lu.Standardizer(), ys)


def test_plot_rejects_bad_panels():
    from lessons_utils.plotting import plot_fit_panels

    with pytest.raises(TypeError, match="panels must be a non-empty dict"):
        plot_fit_panels({}, title="t")


def test_label_log_axis_plainly_wants_an_axis_not_axes():
    import matplotlib.pyplot as plt

    from lessons_utils.plotting import label_log_axis_plainly

    fig, ax = plt.subplots()
    try:
        with pytest.raises(TypeError, match="axis must be a matplotlib Axis such as ax.yaxis, got Axes"):
            label_log_axis_plainly(ax)
    finally:
        plt.close(fig)
