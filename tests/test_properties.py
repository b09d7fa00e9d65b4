"""Property tests: invariants that must hold for any data, not just the course's."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import lessons_utils as lu

finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)


def matrices(min_rows: int = 2, max_rows: int = 30, max_cols: int = 4):
    shapes = st.tuples(st.integers(min_rows, max_rows), st.integers(1, max_cols))
    return shapes.flatmap(lambda shape: arrays(np.float64, shape, elements=finite))


def has_spread(X: np.ndarray) -> bool:
    """Columns clearly non-constant, so standardizing is well defined."""
    return bool(np.all(X.std(axis=0) > 1e-3 * np.maximum(np.abs(X).max(axis=0), 1.0)))


@settings(max_examples=60, deadline=None)
@given(matrices())
def test_standardize_then_unstandardize_round_trips(X):
    assume(has_spread(X))
    scaler = lu.Standardizer().fit(X)
    Z = scaler.transform(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-9)
    np.testing.assert_allclose(Z.std(axis=0), 1.0, rtol=1e-9)
    np.testing.assert_allclose(scaler.inverse_transform(Z), X, rtol=1e-9, atol=1e-9 * np.abs(X).max())


@settings(max_examples=60, deadline=None)
@given(matrices(), st.data())
def test_unstandardized_weights_predict_like_the_standardized_model(X, data):
    assume(has_spread(X))
    num_features = X.shape[1]
    y = data.draw(arrays(np.float64, (len(X), 1), elements=finite))
    assume(has_spread(y))
    W_std = data.draw(arrays(np.float64, (num_features, 1), elements=st.floats(-5, 5)))
    b_std = data.draw(st.floats(-5, 5))
    xs, ys = lu.Standardizer().fit(X), lu.Standardizer().fit(y)

    via_standardized = ys.inverse_transform(lu.predict_linear(xs.transform(X), W_std, b_std))
    W, b = lu.unstandardize_weights(W_std, b_std, xs, ys)
    direct = lu.predict_linear(X, W, b)
    scale = np.abs(via_standardized).max() + np.abs(y).max() + 1.0
    np.testing.assert_allclose(direct, via_standardized, atol=1e-8 * scale)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 500),
    st.floats(0.05, 0.9),
    st.floats(0.05, 0.9),
    st.integers(0, 2**32 - 1),
)
def test_splits_partition_the_rows(num_samples, train_fraction, val_share, seed):
    val_fraction = (1 - train_fraction) * val_share
    fractions = (train_fraction, val_fraction, 1 - train_fraction - val_fraction)
    # split_sizes' own rule: train and val round down, test takes the rest.
    num_train, num_val = (int(np.floor(f * num_samples + 1e-9)) for f in fractions[:2])
    expected = (num_train, num_val, num_samples - num_train - num_val)
    if min(expected) < 1:  # a split would be empty: refused in words, never silently
        with pytest.raises(ValueError, match="empty"):
            lu.split_sizes(num_samples, fractions)
    assume(min(expected) >= 1)
    assert lu.split_sizes(num_samples, fractions) == expected
    X = np.arange(num_samples, dtype=float)
    splits = lu.split_train_val_test(X, -X, rng=np.random.default_rng(seed), fractions=fractions)
    rows = np.concatenate([part.X.ravel() for part in splits])
    np.testing.assert_array_equal(np.sort(rows), X)  # every row exactly once
    assert tuple(len(part.X) for part in splits) == expected
    for part, fraction in zip(splits, fractions, strict=True):
        assert abs(len(part.X) - fraction * num_samples) < 2  # within rounding
        np.testing.assert_array_equal(part.y, -part.X)  # X and y stay paired


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 300))
def test_generated_noise_stays_in_its_interval(seed, num_samples):
    X, y = lu.generate_linear_data(num_samples, rng=np.random.default_rng(seed))
    noise = y - lu.TRUE_SLOPE * X
    assert np.all((noise >= -10) & (noise < 20))
    np.testing.assert_array_equal(X.ravel(), np.arange(num_samples))


@settings(max_examples=40, deadline=None)
@given(matrices(min_rows=5, max_cols=3), st.data())
def test_gd_on_standardized_data_matches_least_squares(X, data):
    assume(has_spread(X))
    Z = lu.Standardizer().fit_transform(X)
    # Strongly correlated columns make the problem ill-conditioned and slow for GD.
    assume(np.linalg.cond(Z.T @ Z / len(Z)) < 10)
    y = Z @ data.draw(arrays(np.float64, (X.shape[1], 1), elements=st.floats(-3, 3))) + 1.0
    fit = lu.fit_linear_gd(Z, y, learning_rate=0.1, num_epochs=3000, initial_W=np.zeros((X.shape[1], 1)))
    A = np.hstack([Z, np.ones((len(Z), 1))])
    solution = np.linalg.lstsq(A, y, rcond=None)[0]
    np.testing.assert_allclose(fit.W, solution[:-1], atol=1e-6)
    np.testing.assert_allclose(fit.b, solution[-1], atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), num_samples=st.integers(2, 60), min_rows=st.integers(1, 500))
def test_fresh_sample_is_whole_copies_drawn_as_lesson_3_draws_them(seed, num_samples, min_rows):
    X, y = lu.fresh_sample(num_samples, rng=np.random.default_rng(seed), min_rows=min_rows)
    num_copies = len(X) // num_samples
    # Whole copies, no more than needed: the last copy is the one that reaches min_rows.
    assert len(X) == num_copies * num_samples and len(X) >= min_rows > len(X) - num_samples
    # Lesson 3's hand-made version: one generate_linear_data call per copy, from the same stream.
    by_hand_rng = np.random.default_rng(seed)
    copies = [lu.generate_linear_data(num_samples, rng=by_hand_rng) for _ in range(num_copies)]
    np.testing.assert_array_equal(X, np.vstack([X_copy for X_copy, _ in copies]))
    np.testing.assert_array_equal(y, np.vstack([y_copy for _, y_copy in copies]))
