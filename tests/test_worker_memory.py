"""lessons_utils.worker_memory: each worker's real peak and limit, and a restart that cannot hide."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from lessons_utils.worker_memory import WorkerMemory, peak_resident_bytes, worker_memory

distributed = pytest.importorskip("distributed")
MiB = 2**20


def touch_megabytes(megabytes: int) -> int:
    # A task that holds `megabytes` of touched memory for a moment: it raises its worker's peak.
    block = np.ones(megabytes * MiB // 8)  # (megabytes * 2**17,) float64, every page written
    return int(block.size)


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, memory_limit="600MiB", processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster, \
            distributed.Client(cluster) as client:
        yield client


def test_every_worker_reports_its_own_process_peak_and_limit(client):
    memory = worker_memory(client)
    assert set(memory) == set(client.scheduler_info()["workers"])
    assert all(isinstance(m, WorkerMemory) for m in memory.values())
    pids = {m.pid for m in memory.values()}
    assert len(pids) == 2 and os.getpid() not in pids, "each worker is its own process"
    for m in memory.values():
        assert m.limit_bytes == 600 * MiB
        assert 30 * MiB < m.peak_bytes < m.limit_bytes  # a Python process with numpy, under its limit


def test_a_large_task_raises_the_peak_of_the_worker_that_ran_it(client):
    before = worker_memory(client)
    worker = next(iter(before))
    assert client.submit(touch_megabytes, 250, workers=[worker], pure=False).result() == 250 * MiB // 8
    after = worker_memory(client)
    assert after[worker].pid == before[worker].pid, "the worker was not restarted"
    assert after[worker].peak_bytes - before[worker].peak_bytes > 200 * MiB
    assert after[worker].peak_bytes < after[worker].limit_bytes


def test_a_restarted_worker_has_a_new_process_id(client):
    before = worker_memory(client)
    client.restart()
    after = worker_memory(client)
    assert {m.pid for m in before.values()}.isdisjoint(m.pid for m in after.values())


def test_this_process_peak_is_in_bytes():
    peak = peak_resident_bytes()
    assert 10 * MiB < peak < 64 * 2**30  # a Python process with numpy, in bytes rather than KiB or pages


def test_a_client_is_required():
    with pytest.raises(TypeError, match="client must be a distributed.Client, got str"):
        worker_memory("tcp://127.0.0.1:8786")


def test_a_process_started_from_a_large_one_reports_its_own_peak(tmp_path):
    # Linux keeps getrusage's ru_maxrss across exec: a worker started from a large process would seem large.
    held = np.ones(300 * MiB // 8)  # (300 MiB / 8,) float64, touched: this process is large now
    probe = "from lessons_utils.worker_memory import peak_resident_bytes; print(peak_resident_bytes())"
    child = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert int(child.stdout) < 250 * MiB < peak_resident_bytes(), (int(child.stdout), held.size)
