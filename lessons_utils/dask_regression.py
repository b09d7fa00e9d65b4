"""Least squares on Dask: each chunk reduced to D x D sums where it lives, a tree of merges, one solve.

Why this shape: a task that makes (or reads) a chunk and returns only its
:class:`~lessons_utils.streaming.GramSums` sends a few hundred bytes back, not
the chunk, so a worker never holds more than the chunks it is working on, and
nothing the size of X ever crosses the network. The merges form a tree,
``split_every`` at a time, so no single task waits on thousands of inputs.

Shared code of the out-of-core lesson that follows lesson 13. It imports dask,
so ``import lessons_utils`` does not load it: import it by name. The graphs run
on whatever scheduler is active: a ``distributed.Client`` (a ``LocalCluster``
or ``dask scheduler`` / ``dask worker`` programs on other machines), or dask's
threads when there is none.

Examples
--------
>>> graph = synthetic_gram_sums_graph(seed=0, num_rows=10_000, num_features=3, chunk_rows=2_500)
>>> fit = solve_gram_sums(graph.compute(scheduler="sync"))  # sync: one thread, for the example
>>> fit.W.shape, bool(np.allclose(fit.W, true_weights(3), atol=0.5))
((3, 1), True)
"""

from __future__ import annotations

import dask
import dask.array as da
import numpy as np
from dask.delayed import Delayed

from ._validation import check_int, check_real
from .chunked_data import chunk_sizes, synthetic_chunk, true_weights  # noqa: F401 (true_weights: the example)
from .streaming import GramSums, gram_sums, merge_gram_sums, solve_gram_sums  # noqa: F401 (solve_gram_sums: the example)


def synthetic_chunk_sums(seed: int, chunk_index: int, num_rows: int, num_features: int,
                         near_copy_scale: float = 0.0) -> GramSums:
    """One task's work: make chunk ``chunk_index`` on the worker and keep only its sums.

    Examples
    --------
    >>> synthetic_chunk_sums(0, 0, 100, 2).gram.shape
    (2, 2)
    """
    return gram_sums(*synthetic_chunk(seed, chunk_index, num_rows, num_features,
                                      near_copy_scale=near_copy_scale))


def _merge_all(parts: list[GramSums]) -> GramSums:
    total = parts[0]
    for part in parts[1:]:
        total = merge_gram_sums(total, part)
    return total


def merge_tree(parts: list, split_every: int = 8) -> Delayed:
    """Delayed GramSums of all ``parts``, merged ``split_every`` at a time, level by level.

    Examples
    --------
    >>> parts = [dask.delayed(synthetic_chunk_sums)(0, i, 50, 2) for i in range(20)]
    >>> merge_tree(parts, split_every=4).compute(scheduler="sync").count
    1000
    """
    split_every = check_int(split_every, "split_every", minimum=2, maximum=1_000)
    if not isinstance(parts, list) or not parts:
        raise ValueError(f"parts must be a non-empty list of delayed GramSums, got {parts!r:.60}")
    level = parts
    while len(level) > 1 or not isinstance(level[0], Delayed):
        level = [dask.delayed(_merge_all, pure=True)(level[i:i + split_every])
                 for i in range(0, len(level), split_every)]
    return level[0]


def synthetic_gram_sums_graph(seed: int, num_rows: int, num_features: int, chunk_rows: int, *,
                              near_copy_scale: float = 0.0, split_every: int = 8) -> Delayed:
    """The whole pass as one lazy graph: one task per chunk, then the merge tree.

    Parameters
    ----------
    seed : int
        The data set (:func:`lessons_utils.chunked_data.synthetic_chunk`).
    num_rows : int
        N, rows in all; nothing of size N is ever allocated.
    num_features : int
        D.
    chunk_rows : int
        Rows per chunk (the last one shorter): 2**18 rows of 10 features is 21 MB.
    near_copy_scale : float, default 0.0
        As in ``synthetic_chunk``: > 0 makes the design ill-conditioned.
    split_every : int, default 8
        How many partial sums one merge task combines.

    Returns
    -------
    dask.delayed.Delayed
        Computes to the :class:`GramSums` of all N rows; pass it to :func:`solve_gram_sums`.
    """
    near_copy_scale = check_real(near_copy_scale, "near_copy_scale", minimum=0.0)
    parts = [dask.delayed(synthetic_chunk_sums, pure=True)(seed, index, size, num_features, near_copy_scale)
             for index, size in enumerate(chunk_sizes(num_rows, chunk_rows))]
    synthetic_chunk(seed, 0, 1, num_features, near_copy_scale=near_copy_scale)  # bad arguments fail here
    return merge_tree(parts, split_every)


def synthetic_dask_arrays(seed: int, num_rows: int, num_features: int, chunk_rows: int, *,
                          near_copy_scale: float = 0.0) -> tuple[da.Array, da.Array]:
    """The same data as lazy dask arrays X (N, D) and y (N, 1), chunked by rows, for dask's linear algebra.

    Each chunk is made once, on a worker, when something computes it.

    Examples
    --------
    >>> X, y = synthetic_dask_arrays(0, 10, 2, 4)
    >>> X.shape, X.chunks[0], y.shape
    ((10, 2), (4, 4, 2), (10, 1))
    """
    sizes = chunk_sizes(num_rows, chunk_rows)
    synthetic_chunk(seed, 0, 1, num_features, near_copy_scale=near_copy_scale)  # bad arguments fail here
    chunks = [dask.delayed(synthetic_chunk, pure=True, nout=2)(seed, index, size, num_features,
                                                              near_copy_scale=near_copy_scale)
              for index, size in enumerate(sizes)]
    X = da.concatenate([da.from_delayed(c[0], shape=(n, num_features), dtype=np.float64)
                        for c, n in zip(chunks, sizes, strict=True)])  # (N, D)
    y = da.concatenate([da.from_delayed(c[1], shape=(n, 1), dtype=np.float64)
                        for c, n in zip(chunks, sizes, strict=True)])  # (N, 1)
    return X, y


def dask_array_gram_sums(X: da.Array, y: da.Array, *, split_every: int = 8) -> Delayed:
    """Delayed GramSums of dask arrays X (N, D) and y (N, 1) whose row chunks match, one task per chunk.

    For data that is already a dask array: read from ``.npy`` files, zarr, or
    :func:`synthetic_dask_arrays`.

    Examples
    --------
    >>> X, y = synthetic_dask_arrays(0, 1_000, 2, 300)
    >>> dask_array_gram_sums(X, y).compute(scheduler="sync").count
    1000
    """
    for name, array in (("X", X), ("y", y)):
        if not isinstance(array, da.Array):
            raise TypeError(f"{name} must be a 2-D dask array, got {type(array).__name__}")
        if array.ndim != 2:
            raise ValueError(f"{name} must be a 2-D dask array, got {array.ndim}-D shape {array.shape}")
    if y.shape[1] != 1 or X.chunks[0] != y.chunks[0]:
        raise ValueError(f"y must be one column chunked by rows as X is: X rows {X.chunks[0][:3]}..., "
                         f"y shape {y.shape} rows {y.chunks[0][:3]}...")
    X = X.rechunk({1: -1})  # every feature of a row in the same chunk
    parts = [dask.delayed(gram_sums, pure=True)(x_block, y_block)
             for x_block, y_block in zip(X.to_delayed().ravel(), y.to_delayed().ravel(), strict=True)]
    return merge_tree(parts, split_every)
