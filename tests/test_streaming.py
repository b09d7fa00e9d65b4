"""lessons_utils.streaming: chunked sums give the in-memory closed form, in any grouping, from any source."""

from __future__ import annotations

import numpy as np
import pytest

from lessons_utils import fit_linear_closed_form
from lessons_utils.streaming import (
    GramSums,
    fit_linear_streaming,
    gram_sums,
    merge_gram_sums,
    solve_gram_sums,
)


def _data(seed: int, num_rows: int = 2_000, num_features: int = 4, x_offset: float = 0.0):
    rng = np.random.default_rng(seed)
    X = x_offset + rng.standard_normal((num_rows, num_features)) * rng.uniform(0.1, 10, num_features)
    W = rng.standard_normal((num_features, 1))
    y = X @ W + 3.0 + rng.uniform(-10, 20, (num_rows, 1))  # the course's uniform noise
    return X, y


def _chunks(X, y, edges):
    return [(X[a:b], y[a:b]) for a, b in zip(edges[:-1], edges[1:], strict=True)]


def _assert_same_fit(fit, reference, rtol=1e-10):
    scale = np.abs(reference.W).max()
    assert np.allclose(fit.W, reference.W, rtol=0, atol=rtol * scale), (fit.W, reference.W)
    assert np.allclose(fit.b, reference.b, rtol=rtol, atol=rtol * scale)
    assert np.allclose(fit.loss_history, reference.loss_history, rtol=1e-8)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("l2_penalty", [0.0, 0.3])
def test_streaming_equals_the_closed_form_for_uneven_chunks(seed, l2_penalty):
    X, y = _data(seed)
    rng = np.random.default_rng(100 + seed)
    edges = np.unique(np.concatenate([[0, len(X)], rng.integers(1, len(X), 7)]))  # chunks of 1 row and up
    fit = fit_linear_streaming(_chunks(X, y, edges), l2_penalty=l2_penalty)
    _assert_same_fit(fit, fit_linear_closed_form(X, y, l2_penalty=l2_penalty))


def test_a_tree_of_merges_equals_a_sequential_loop():
    X, y = _data(7, num_rows=1_024)
    parts = [gram_sums(X[i:i + 64], y[i:i + 64]) for i in range(0, 1_024, 64)]  # 16 chunks
    sequential = parts[0]
    for part in parts[1:]:
        sequential = merge_gram_sums(sequential, part)
    level = parts
    while len(level) > 1:  # pairwise, as a Dask tree reduction combines
        level = [merge_gram_sums(a, b) for a, b in zip(level[::2], level[1::2], strict=True)]
    whole = gram_sums(X, y)
    for merged in (sequential, level[0]):
        assert merged.count == whole.count == 1_024
        for field in ("x_mean", "y_mean", "gram", "Xty"):
            assert np.allclose(getattr(merged, field), getattr(whole, field), rtol=1e-12, atol=1e-9), field
        assert np.isclose(merged.y_sum_sq, whole.y_sum_sq, rtol=1e-12)


def test_a_large_mean_keeps_its_digits():
    # Features centred near 1e6 with spread ~1: raw sums of x^2 would cancel about 12 digits.
    X, y = _data(3, num_rows=4_000, num_features=2, x_offset=1e6)
    fit = fit_linear_streaming(_chunks(X, y, np.arange(0, 4_001, 500)))
    Xc = X - X.mean(axis=0)
    W_exact = np.linalg.lstsq(Xc, y - y.mean(), rcond=None)[0]  # (2, 1), centred: well conditioned
    assert np.allclose(fit.W, W_exact, rtol=1e-8, atol=0)


def test_chunks_read_from_a_memory_mapped_file(tmp_path):
    X, y = _data(11, num_rows=3_000, num_features=3)
    np.save(tmp_path / "data.npy", np.hstack([X, y]))  # (3000, 4): features, then the target
    on_disk = np.load(tmp_path / "data.npy", mmap_mode="r")  # nothing read until sliced

    def chunks(block_rows=700):
        for start in range(0, len(on_disk), block_rows):
            block = np.asarray(on_disk[start:start + block_rows])  # (<= 700, 4): one chunk in memory
            yield block[:, :-1], block[:, -1:]

    _assert_same_fit(fit_linear_streaming(chunks()), fit_linear_closed_form(X, y))


def test_one_feature_1d_chunks_are_columns():
    x = np.arange(10.0)
    fit = fit_linear_streaming([(x[:4], 3.5 * x[:4] + 5), (x[4:], 3.5 * x[4:] + 5)])
    assert fit.W.shape == (1, 1) and np.isclose(fit.W.item(), 3.5) and np.isclose(fit.b.item(), 5.0)


def test_solve_refuses_what_the_closed_form_refuses():
    X = np.ones((5, 1))  # a constant column: no unique answer
    with pytest.raises(ValueError, match="singular"):
        fit_linear_streaming([(X, np.arange(5.0))])
    assert np.isfinite(fit_linear_streaming([(X, np.arange(5.0))], l2_penalty=0.1).W).all()
    with pytest.raises(ValueError, match="more rows than features"):
        solve_gram_sums(gram_sums(np.eye(3), np.ones(3)))


@pytest.mark.parametrize(("chunks", "error", "words"), [
    ("not chunks", TypeError, "chunks must be an iterable"),
    (np.ones((3, 2)), TypeError, "chunks must be an iterable"),
    (42, TypeError, "chunks must be an iterable"),
    ([], ValueError, "at least one"),
    ([np.ones((3, 2))], TypeError, "chunk 0 is ndarray"),
    ([(np.ones((3, 2)), np.ones(3)), (np.ones((3, 3)), np.ones(3))], ValueError, "chunk 1 has 3"),
    ([(np.array([[1.0], [np.nan]]), np.ones(2))], ValueError, "chunk 0: X must not contain NaN"),
    ([(np.ones((3, 1)), np.ones(4))], ValueError, "chunk 0: "),
    ([("a", np.ones(3))], TypeError, "chunk 0: X must be an array"),
])
def test_bad_chunks_are_refused_naming_what_is_wrong(chunks, error, words):
    with pytest.raises(error, match=words):
        fit_linear_streaming(chunks)


def test_bad_arguments_are_refused():
    sums = gram_sums(np.ones((3, 1)) * [[1], [2], [3]], np.ones(3))
    with pytest.raises(TypeError, match="second must be GramSums"):
        merge_gram_sums(sums, (3, 1))
    with pytest.raises(ValueError, match="same number of features"):
        merge_gram_sums(sums, gram_sums(np.ones((3, 2)), np.ones(3)))
    with pytest.raises(TypeError, match="sums must be GramSums"):
        solve_gram_sums({"count": 3})
    with pytest.raises(ValueError, match="l2_penalty"):
        fit_linear_streaming([(np.ones((3, 1)), np.ones(3))], l2_penalty=-1.0)
    assert isinstance(merge_gram_sums(sums, sums), GramSums)
