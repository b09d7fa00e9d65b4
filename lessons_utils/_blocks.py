"""Walking a tall X in blocks of rows, with BLAS kept to one thread.

Why blocks: a block of rows read from memory for one product is still in
cache for the next, so an epoch (or a Gram matrix) reads X from memory once.

Why one thread: each block is a small BLAS call. OpenBLAS's default of one
thread per core wakes its helper thread for every call; when another process
keeps a core busy, the two threads wait on each other and the same loop runs
10-50 times slower (measured: `make bench`, busy columns). One thread per call
costs nothing measurable when the machine is idle, because the loop is bound
by memory bandwidth, not arithmetic.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

# Rows per block: 16384 rows x 20 features x 8 bytes is 2.5 MiB, a cache-sized
# slice of X (measured on 2,000,000 x 20: 4096-row blocks were slower, from per-call overhead).
BLOCK_ROWS = 16384


def blas_limited_for(num_rows: int) -> AbstractContextManager:
    """A context that runs BLAS single-threaded while a loop walks ``num_rows`` rows in blocks.

    Data that fits in one block takes one BLAS call and is left alone: asking
    threadpoolctl costs about a millisecond, more than a small fit itself.
    """
    if num_rows <= BLOCK_ROWS:
        return nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # an optional speed-up: without it, results are the same
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
