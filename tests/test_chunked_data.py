"""lessons_utils.chunked_data: reproducible chunks, the model they follow, refusals that name the argument."""

from __future__ import annotations

import numpy as np
import pytest

from lessons_utils import fit_linear_closed_form
from lessons_utils.chunked_data import array_bytes, chunk_sizes, synthetic_chunk, true_weights
from lessons_utils.streaming import fit_linear_streaming


def test_a_chunk_depends_only_on_its_seed_and_index():
    first = synthetic_chunk(5, 2, 100, 3)
    again = synthetic_chunk(5, 2, 100, 3)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], synthetic_chunk(5, 3, 100, 3)[0]), "chunks must differ"
    assert not np.array_equal(first[0], synthetic_chunk(6, 2, 100, 3)[0]), "data sets must differ"


def test_the_chunks_follow_the_model_and_the_fit_recovers_it():
    sizes = chunk_sizes(400_000, 65_536)
    chunks = [synthetic_chunk(1, i, n, 4) for i, n in enumerate(sizes)]
    X = np.vstack([c[0] for c in chunks])
    assert X.min() >= 0 and X.max() < 1
    fit = fit_linear_streaming(chunks)
    # Standard error of each weight: noise std 8.66 / sqrt(N var(x)) = 8.66 / sqrt(4e5 / 12), about 0.047.
    assert np.allclose(fit.W, true_weights(4), atol=0.25) and abs(fit.b.item() - 5.0) < 0.25
    reference = fit_linear_closed_form(X, np.vstack([c[1] for c in chunks]))
    assert np.allclose(fit.W, reference.W, rtol=1e-10, atol=1e-12)


def test_near_copies_make_the_design_ill_conditioned():
    X, _ = synthetic_chunk(0, 0, 50_000, 3, near_copy_scale=1e-3)
    assert np.allclose(X[:, 1:], X[:, :1], atol=1e-3) and not np.allclose(X[:, 1:], X[:, :1], atol=1e-4)
    kappa = np.linalg.cond(np.cov(X.T))
    assert 1e5 < kappa < 1e8, kappa  # about 1 / eps^2 = 1e6


def test_sizes_weights_and_bytes():
    assert chunk_sizes(10, 5) == (5, 5) and chunk_sizes(3, 10) == (3,)
    assert sum(chunk_sizes(10**8, 2**18)) == 10**8
    assert true_weights(1).tolist() == [[3.5]] and true_weights(10).shape == (10, 1)
    assert array_bytes(10**8, 10) == 8 * 10**9 and array_bytes(10, 10, itemsize=4) == 400


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: synthetic_chunk(-1, 0, 10, 2), ValueError, "seed"),
    (lambda: synthetic_chunk(0, 1.5, 10, 2), TypeError, "chunk_index"),
    (lambda: synthetic_chunk(0, 0, 0, 2), ValueError, "num_rows"),
    (lambda: synthetic_chunk(0, 0, 10, 0), ValueError, "num_features"),
    (lambda: synthetic_chunk(0, 0, 10, 2, near_copy_scale=2.0), ValueError, "near_copy_scale"),
    (lambda: synthetic_chunk(0, 0, 10, 2, near_copy_scale=float("nan")), ValueError, "near_copy_scale"),
    (lambda: chunk_sizes(10, 0), ValueError, "chunk_rows"),
    (lambda: chunk_sizes("10", 2), TypeError, "num_rows"),
    (lambda: array_bytes(10, -1), ValueError, "num_features"),
])
def test_bad_arguments_are_refused_naming_them(call, error, words):
    with pytest.raises(error, match=words):
        call()
