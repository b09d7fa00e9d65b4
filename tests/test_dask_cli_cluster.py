"""A cluster of `dask scheduler` and `dask worker` programs: the answer, memory limits, clean stops."""

from __future__ import annotations

import numpy as np
import psutil
import pytest

from dask_cli_cluster import cli_cluster
from lessons_utils.chunked_data import chunk_sizes
from lessons_utils.dask_regression import synthetic_chunk_sums, synthetic_gram_sums_graph
from lessons_utils.streaming import merge_gram_sums, solve_gram_sums

distributed = pytest.importorskip("distributed")


def _all_stopped(cluster) -> bool:
    return all(not psutil.pid_exists(p.pid) or psutil.Process(p.pid).status() == psutil.STATUS_ZOMBIE
               for p in cluster.processes)


def test_the_cli_cluster_gives_the_numpy_answer_within_its_memory_limits(tmp_path):
    num_rows, chunk_rows = 8_000_000, 2**18  # X would take 640 MB: more than both workers may hold together
    with cli_cluster(tmp_path, num_workers=2, memory_limit="250MiB") as cluster:
        with distributed.Client(cluster.address) as client:
            assert len(client.scheduler_info()["workers"]) == 2
            sums = client.compute(synthetic_gram_sums_graph(2, num_rows, 10, chunk_rows)).result()
            # Both workers did some of the chunk tasks: the work was spread over the processes.
            executed = client.run(lambda dask_worker: dask_worker.state.executed_count)  # {address: tasks}
            assert len(executed) == 2 and all(count > 0 for count in executed.values()), executed
        events = cluster.memory_events()
    assert _all_stopped(cluster), "a scheduler or worker process outlived the block"
    assert not events, f"a worker came near or over its memory limit: {events}"
    total = None
    for index, size in enumerate(chunk_sizes(num_rows, chunk_rows)):
        part = synthetic_chunk_sums(2, index, size, 10)
        total = part if total is None else merge_gram_sums(total, part)
    expected, got = solve_gram_sums(total), solve_gram_sums(sums)
    assert np.allclose(got.W, expected.W, rtol=1e-12, atol=1e-12)
    assert np.allclose(got.b, expected.b, rtol=1e-12)


def test_a_worker_over_its_memory_limit_is_a_failure_the_test_sees(tmp_path):
    def hold_too_much(num_bytes: int) -> int:  # nested, so pickled by value: workers cannot import tests/
        import time

        import numpy

        block = numpy.ones(num_bytes // 8)  # really written, so it is resident
        time.sleep(3)  # long enough for the nanny's memory monitor to notice
        return int(block[-1])

    # No retries: the first death of the worker fails the task with KilledWorker.
    settings = {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    with cli_cluster(tmp_path, num_workers=1, memory_limit="200MiB", env=settings) as cluster:
        with distributed.Client(cluster.address) as client:
            with pytest.raises(distributed.KilledWorker):
                client.submit(hold_too_much, 400 * 2**20, pure=False).result(timeout=60)
        events = cluster.memory_events()
    assert _all_stopped(cluster)
    assert events, "the worker died over its memory limit, but no log line says so"


def test_the_processes_are_stopped_when_the_block_fails(tmp_path):
    with pytest.raises(ZeroDivisionError):
        with cli_cluster(tmp_path, num_workers=1, memory_limit="200MiB") as cluster:
            raise ZeroDivisionError("the test's own failure")
    assert _all_stopped(cluster)
