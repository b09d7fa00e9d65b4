"""Print what the out-of-core normal equations cost on a Dask LocalCluster, next to a one-process NumPy loop.

The data: N rows x D = 10 features of lessons_utils.chunked_data, made chunk by
chunk from a seed on the workers (2**18 rows, 21 MB, per chunk), never whole.
At N = 10**8, X alone would take 8 GB, four times the 2 GB ceiling the course
sets itself. For each N this prints, idle and next to one busy competing
process (tools/bench.py's), the rows per second of

* the NumPy loop: one process makes each chunk, reduces it to its D x D sums
  (lessons_utils.streaming) and merges them, one chunk at a time;
* the Dask pass: the same chunks and sums as one graph
  (lessons_utils.dask_regression), on a LocalCluster of 2 worker processes of
  1 thread each, with a memory limit per worker;

their ratio (target: Dask within 1.5x of NumPy, i.e. a ratio of at least
0.67), how cost grows with N (time per row at each N against the largest),
the peak resident memory of every process of the cluster and this client
together, sampled every 0.1 s (target: under 2 GB), and at the smallest N the
largest relative difference between the coefficients and the in-memory closed
form (target: 1e-10). Cluster start-up is printed on its own.

These are figures to read, not assertions: each size runs --repeat times,
alternating the two, and the fastest of each is kept.

Usage: python tools/bench_dask.py [--sizes 1e6 1e7 1e8] [--repeat 3] [--chunk-rows 262144] [--skip-busy]
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

import dask
import numpy as np
import psutil
from distributed import Client, LocalCluster

from bench import competing_process
from lessons_utils import fit_linear_closed_form
from lessons_utils.chunked_data import array_bytes, chunk_sizes, synthetic_chunk
from lessons_utils.dask_regression import synthetic_chunk_sums, synthetic_gram_sums_graph
from lessons_utils.streaming import merge_gram_sums, solve_gram_sums

NUM_FEATURES = 10
SEED = 0
MEMORY_CEILING = 2 * 2**30  # bytes: every process together
WORKERS, THREADS_PER_WORKER, WORKER_MEMORY = 2, 1, "700MiB"
RATIO_TARGET = 1 / 1.5
AGREEMENT_TARGET = 1e-10


class PeakMemory:
    """The largest RSS, summed over this process and all its descendants, since the last reset."""

    def __init__(self, every_s: float = 0.1) -> None:
        self.root, self.peak, self._stop = psutil.Process(), 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(every_s,), daemon=True)
        self._thread.start()

    def sample(self) -> int:
        total = 0
        for process in [self.root, *self.root.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.Error:  # a process that ended between listing and reading
                pass
        return total

    def _watch(self, every_s: float) -> None:
        while not self._stop.wait(every_s):
            self.peak = max(self.peak, self.sample())

    def reset(self) -> None:
        self.peak = self.sample()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def numpy_loop(num_rows: int, chunk_rows: int):
    total = None
    for index, size in enumerate(chunk_sizes(num_rows, chunk_rows)):
        sums = synthetic_chunk_sums(SEED, index, size, NUM_FEATURES)  # (D, D) sums; the chunk is dropped
        total = sums if total is None else merge_gram_sums(total, sums)
    return total


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def bench(sizes: list[int], repeat: int, chunk_rows: int, busy: bool, memory: PeakMemory) -> dict:
    rows = {}
    with competing_process(busy):
        for num_rows in sizes:
            best_numpy = best_dask = float("inf")
            peak_numpy = peak_dask = 0
            for _ in range(repeat):
                memory.reset()
                seconds, numpy_sums = timed(lambda n=num_rows: numpy_loop(n, chunk_rows))
                best_numpy, peak_numpy = min(best_numpy, seconds), max(peak_numpy, memory.peak)
                graph = synthetic_gram_sums_graph(SEED, num_rows, NUM_FEATURES, chunk_rows)
                memory.reset()
                seconds, dask_sums = timed(graph.compute)
                best_dask, peak_dask = min(best_dask, seconds), max(peak_dask, memory.peak)
            rows[num_rows] = (best_numpy, best_dask, peak_numpy, peak_dask, numpy_sums, dask_sums)
            print(f"  N = {num_rows:.0e}: NumPy {num_rows / best_numpy / 1e6:6.1f} M rows/s, "
                  f"Dask {num_rows / best_dask / 1e6:6.1f} M rows/s, Dask / NumPy speed "
                  f"{best_numpy / best_dask:.2f} (target >= {RATIO_TARGET:.2f}); peak memory, all processes: "
                  f"NumPy {peak_numpy / 2**20:.0f} MiB, Dask {peak_dask / 2**20:.0f} MiB "
                  f"(ceiling {MEMORY_CEILING / 2**20:.0f} MiB)", flush=True)
    largest = max(sizes)
    for num_rows in sizes:
        per_row = rows[num_rows][1] / num_rows / (rows[largest][1] / largest)
        print(f"  Dask time per row at N = {num_rows:.0e}: {per_row:.2f} x that at N = {largest:.0e} "
              f"(1.00 = exactly linear)")
    return rows


def agreement(num_rows: int, chunk_rows: int, dask_sums) -> float:
    """Largest relative difference of [W; b] between the Dask pass and the in-memory closed form."""
    sizes = chunk_sizes(num_rows, chunk_rows)
    chunks = [synthetic_chunk(SEED, index, size, NUM_FEATURES) for index, size in enumerate(sizes)]
    exact = fit_linear_closed_form(np.vstack([c[0] for c in chunks]), np.vstack([c[1] for c in chunks]))
    streamed = solve_gram_sums(dask_sums)
    theta, theta_exact = np.vstack([streamed.W, streamed.b]), np.vstack([exact.W, exact.b])
    return float(np.max(np.abs(theta - theta_exact)) / np.max(np.abs(theta_exact)))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e6, 1e7, 1e8], metavar="N")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunk-rows", type=int, default=2**18)
    parser.add_argument("--skip-busy", action="store_true", help="measure on the idle machine only")
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes)
    # One BLAS thread per process, inherited by the workers (why: lessons_utils/_blocks.py).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

    largest = max(sizes)
    print(f"X of N = {largest:.0e} rows x {NUM_FEATURES} features takes "
          f"{array_bytes(largest, NUM_FEATURES) / 1e9:.1f} GB; the ceiling is "
          f"{MEMORY_CEILING / 2**30:.0f} GiB for every process together; chunks of {args.chunk_rows} rows "
          f"({array_bytes(args.chunk_rows, NUM_FEATURES) / 1e6:.0f} MB)")
    memory = PeakMemory()
    # Every task returns a few hundred bytes, so the scheduler may hand workers all the chunk tasks at once
    # instead of holding them back to bound memory (its default, which leaves workers idle between tasks).
    dask.config.set({"distributed.scheduler.worker-saturation": float("inf")})
    seconds, cluster = timed(lambda: LocalCluster(n_workers=WORKERS, threads_per_worker=THREADS_PER_WORKER,
                                                  memory_limit=WORKER_MEMORY, dashboard_address=None,
                                                  host="127.0.0.1"))
    client = Client(cluster)
    print(f"LocalCluster of {WORKERS} workers x {THREADS_PER_WORKER} thread, {WORKER_MEMORY} each: "
          f"started in {seconds:.2f} s; idle, all processes take {memory.sample() / 2**20:.0f} MiB")
    try:
        for busy in ([False] if args.skip_busy else [False, True]):
            print("idle machine:" if not busy else "next to one busy process:")
            rows = bench(sizes, args.repeat, args.chunk_rows, busy, memory)
        smallest = min(sizes)
        print(f"coefficients at N = {smallest:.0e}, Dask vs the in-memory closed form: largest relative "
              f"difference {agreement(smallest, args.chunk_rows, rows[smallest][5]):.1e} "
              f"(target {AGREEMENT_TARGET:.0e})")
    finally:
        client.close()
        cluster.close()
        memory.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
