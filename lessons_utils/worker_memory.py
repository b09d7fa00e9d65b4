"""Each Dask worker's peak memory next to its limit: what shows that a pass ran in bounded memory.

Why a module of its own: a memory limit proves "bounded memory" only if every worker stayed under
it *without being restarted*. distributed's nanny restarts a worker that passes 95% of its limit,
and the fresh worker's peak would then hide what happened. So each worker reports its own peak
resident set size, the operating system's high-water mark (not a sample that can miss a spike),
with its limit and its process id: a restarted worker is a new process, with a new id, so comparing
the ids read before and after a pass shows whether any worker was restarted during it.

Nothing here imports ``distributed``: the functions take a running ``distributed.Client``.
"""

from __future__ import annotations

import os
import sys
from typing import NamedTuple


class WorkerMemory(NamedTuple):
    """One worker's process id, peak resident memory and memory limit, in bytes (limit 0: none set)."""

    pid: int
    peak_bytes: int
    limit_bytes: int


def peak_resident_bytes() -> int:
    """The peak resident set size of this process so far, in bytes.

    On Linux this is ``VmHWM`` from ``/proc/self/status``, the high-water mark of this process's
    own memory. Not ``getrusage``'s ``ru_maxrss``: Linux carries that one across ``exec``, so a
    worker started from a large process (a notebook kernel, a test runner) would report its
    parent's peak as its own.

    Examples
    --------
    >>> import numpy as np
    >>> block = np.ones(2**24)  # 128 MiB, every page touched: resident now
    >>> peak_resident_bytes() >= block.nbytes
    True
    """
    if sys.platform.startswith("linux"):
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024  # "VmHWM:   123456 kB"
    try:
        import resource
    except ImportError:  # Windows has no getrusage; psutil (a distributed dependency) reads its peak
        import psutil

        return int(psutil.Process().memory_info().peak_wset)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)  # macOS counts bytes, the others KiB


def _this_worker_memory(dask_worker) -> WorkerMemory:
    # Runs inside a worker process: client.run passes the Worker object to a `dask_worker` argument.
    limit = dask_worker.memory_manager.memory_limit  # what the worker enforces; None when unlimited
    return WorkerMemory(os.getpid(), peak_resident_bytes(), int(limit or 0))


def worker_memory(client) -> dict[str, WorkerMemory]:
    """Every worker's peak resident memory and memory limit, by worker address.

    Parameters
    ----------
    client : distributed.Client
        A client connected to a running cluster.

    Returns
    -------
    dict of str to WorkerMemory
        One entry per worker: ``pid`` (its process), ``peak_bytes`` (the process's high-water mark
        since it started) and ``limit_bytes`` (0 when the worker has no limit).
    """
    if not callable(getattr(client, "run", None)):
        raise TypeError(f"client must be a distributed.Client, got {type(client).__name__}")
    return {address: WorkerMemory(*memory) for address, memory in client.run(_this_worker_memory).items()}

