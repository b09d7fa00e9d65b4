"""lessons_utils.dask_regression: the Dask graphs give the streaming answer, on threads or a cluster."""

from __future__ import annotations

import dask.array as da
import numpy as np
import pytest

from lessons_utils.chunked_data import chunk_sizes
from lessons_utils.dask_regression import (
    dask_array_gram_sums,
    merge_tree,
    synthetic_chunk_sums,
    synthetic_dask_arrays,
    synthetic_gram_sums_graph,
)
from lessons_utils.streaming import merge_gram_sums, solve_gram_sums


def _numpy_loop(seed, num_rows, num_features, chunk_rows, near_copy_scale=0.0):
    total = None
    for index, size in enumerate(chunk_sizes(num_rows, chunk_rows)):
        sums = synthetic_chunk_sums(seed, index, size, num_features, near_copy_scale)
        total = sums if total is None else merge_gram_sums(total, sums)
    return total


def _assert_same_sums(a, b, rtol=1e-12):
    assert a.count == b.count
    for field in ("x_mean", "y_mean", "gram", "Xty"):
        assert np.allclose(getattr(a, field), getattr(b, field), rtol=rtol, atol=1e-9), field


@pytest.mark.parametrize(("num_rows", "chunk_rows", "split_every"), [(10_007, 1_000, 2), (10_007, 1_000, 8),
                                                                     (999, 1_000, 8), (5_000, 1, 1_000)])
def test_the_graph_equals_the_numpy_loop(num_rows, chunk_rows, split_every):
    graph = synthetic_gram_sums_graph(3, num_rows, 4, chunk_rows, split_every=split_every)
    _assert_same_sums(graph.compute(scheduler="threads"), _numpy_loop(3, num_rows, 4, chunk_rows))


def test_dask_arrays_carry_the_same_data_and_sums():
    X, y = synthetic_dask_arrays(5, 3_000, 3, 700, near_copy_scale=0.01)
    sums = dask_array_gram_sums(X, y, split_every=3).compute(scheduler="sync")
    _assert_same_sums(sums, _numpy_loop(5, 3_000, 3, 700, near_copy_scale=0.01))
    # Rechunked columns are put back together before the sums.
    split_columns = dask_array_gram_sums(X.rechunk((700, 1)), y).compute(scheduler="sync")
    _assert_same_sums(split_columns, sums)


def test_tsqr_on_the_dask_arrays_matches_the_streamed_normal_equations():
    X, y = synthetic_dask_arrays(0, 20_000, 3, 5_000)
    A = da.hstack([X, da.ones((X.shape[0], 1), chunks=(X.chunks[0], 1))]).rechunk({1: -1})  # (N, D + 1)
    theta, *_ = da.linalg.lstsq(A, y)
    fit = solve_gram_sums(synthetic_gram_sums_graph(0, 20_000, 3, 5_000).compute(scheduler="sync"))
    expected = np.vstack([fit.W, fit.b])  # (D + 1, 1)
    assert np.allclose(theta.compute(scheduler="sync"), expected, rtol=1e-10, atol=1e-10)


def test_a_local_cluster_of_processes_gives_the_same_answer():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, memory_limit="500MiB", processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster, \
            distributed.Client(cluster) as client:
        sums = client.compute(synthetic_gram_sums_graph(1, 200_000, 5, 2**15)).result()
    _assert_same_sums(sums, _numpy_loop(1, 200_000, 5, 2**15))


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: merge_tree([]), ValueError, "parts must be a non-empty list"),
    (lambda: merge_tree([1, 2], split_every=1), ValueError, "split_every"),
    (lambda: synthetic_gram_sums_graph(0, 0, 2, 10), ValueError, "num_rows"),
    (lambda: synthetic_gram_sums_graph(0, 10, 2, 10, near_copy_scale=-1.0), ValueError, "near_copy_scale"),
    (lambda: synthetic_gram_sums_graph(0, 10, 0, 10), ValueError, "num_features"),
    (lambda: synthetic_dask_arrays(0, 10, 2, 0), ValueError, "chunk_rows"),
    (lambda: dask_array_gram_sums(np.ones((4, 2)), da.ones((4, 1))), TypeError, "X must be a 2-D dask array"),
    (lambda: dask_array_gram_sums(da.ones(4), da.ones((4, 1))), ValueError, "X must be a 2-D dask array"),
    (lambda: dask_array_gram_sums(da.ones((4, 2), chunks=2), da.ones((4, 1), chunks=4)), ValueError,
     "chunked by rows"),
    (lambda: dask_array_gram_sums(da.ones((4, 2)), da.ones((4, 2))), ValueError, "one column"),
])
def test_bad_arguments_are_refused_naming_them(call, error, words):
    with pytest.raises(error, match=words):
        call()
