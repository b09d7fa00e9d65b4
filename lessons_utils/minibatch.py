"""Mini-batches: one epoch of shuffled row indices, drawn from a seeded generator.

Shuffling every epoch matters: with a fixed order, the same rows always share
a batch and the noise in each step repeats. The generator is passed in, so a
run is repeatable from its seed and independent of any global random state.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ._validation import check_generator, check_int

MAX_ROWS = 10**9  # its permutation alone takes 8 GB: beyond that, a typo rather than a data set


def minibatch_indices(num_samples: int, batch_size: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """The row indices of each mini-batch of one epoch, checked before the first is drawn.

    Built by hand in lesson 10, section 5.

    Parameters
    ----------
    num_samples : int
        N, the number of rows, in [1, 10**9].
    batch_size : int
        Rows per batch, >= 1. The last batch holds the remainder and may be
        smaller; ``batch_size >= num_samples`` gives one batch of every row.
    rng : numpy.random.Generator
        Draws the epoch's permutation.

    Returns
    -------
    iterator of numpy.ndarray of shape (batch,)
        Integer indices; over the epoch every row appears exactly once.

    Examples
    --------
    >>> batches = list(minibatch_indices(5, 2, np.random.default_rng(0)))
    >>> [len(batch) for batch in batches]
    [2, 2, 1]
    >>> sorted(np.concatenate(batches).tolist())
    [0, 1, 2, 3, 4]
    """
    # Not a generator function: its checks would then wait until the first batch is asked for.
    num_samples = check_int(num_samples, "num_samples", minimum=1, maximum=MAX_ROWS)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    order = check_generator(rng).permutation(num_samples)  # (N,)
    return (order[start:start + batch_size] for start in range(0, num_samples, batch_size))
