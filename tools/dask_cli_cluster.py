"""A real Dask cluster on 127.0.0.1, started by the `dask scheduler` and `dask worker` programs, for tests.

The out-of-core lesson takes a scheduler address so that it can run on machines
other than the learner's. The tests prove that path with the same programs a
learner would start by hand on other machines: one scheduler process and one
`dask worker` per worker (each a nanny process watching a worker process with
a memory limit), talking over TCP. Everything started here is stopped by PID
when the block ends, failures included, children and all.

A worker that outgrows its memory limit is killed and restarted by its nanny;
that is a failure a test must see, so each program's log goes to a file and
:meth:`CliCluster.memory_events` returns the lines that report it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10
# What distributed's nannies and scheduler log when a worker outgrows its memory limit or dies of it.
MEMORY_EVENT = re.compile(r"exceeded \d+% memory budget|Restarting worker|KilledWorker|Worker process died|"
                          r"memory limit|Unmanaged memory use is high|Pausing worker", re.IGNORECASE)


@dataclass
class CliCluster:
    address: str  # tcp://127.0.0.1:PORT, what a notebook's SCHEDULER_ADDRESS would hold
    processes: list[subprocess.Popen]  # the scheduler first, then one `dask worker` per worker
    logs: list[Path]

    def memory_events(self) -> list[str]:
        """Every log line that reports a worker near, over or killed for its memory limit."""
        return [f"{log.name}: {line.strip()}" for log in self.logs
                for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
                if MEMORY_EVENT.search(line)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the process and everything under it, then SIGKILL whatever is left after STOP_TIMEOUT_S."""
    try:
        family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        family = []
    for member in family:
        try:
            member.send_signal(signal.SIGTERM)
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(family, timeout=STOP_TIMEOUT_S)
    for member in alive:
        try:
            member.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=STOP_TIMEOUT_S)
    if process.poll() is None:
        process.wait(timeout=STOP_TIMEOUT_S)


@contextmanager
def cli_cluster(log_dir: Path, *, num_workers: int = 2, memory_limit: str = "500MiB",
                env: dict[str, str] | None = None) -> Iterator[CliCluster]:
    """Start `dask scheduler` and ``num_workers`` `dask worker` programs on 127.0.0.1; stop them all after.

    ``env`` adds environment variables for the programs (for example a
    ``DASK_DISTRIBUTED__...`` setting). Raises RuntimeError, with the logs'
    tails, if the workers have not joined within START_TIMEOUT_S.
    """
    from distributed import Client  # here: importing this module should not need distributed

    dask_program = str(Path(sys.executable).with_name("dask"))
    address = f"tcp://127.0.0.1:{_free_port()}"
    program_env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", **(env or {})}
    commands = [[dask_program, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                 "--no-dashboard"]]
    commands += [[dask_program, "worker", address, "--name", f"cli-worker-{i}", "--nworkers", "1",
                  "--nthreads", "1", "--memory-limit", memory_limit, "--host", "127.0.0.1", "--no-dashboard"]
                 for i in range(num_workers)]
    log_dir.mkdir(parents=True, exist_ok=True)
    cluster = CliCluster(address, [], [])
    with ExitStack() as stack:
        try:
            try:
                for i, command in enumerate(commands):
                    log = log_dir / ("scheduler.log" if i == 0 else f"worker-{i - 1}.log")
                    handle = stack.enter_context(log.open("w", encoding="utf-8"))
                    cluster.logs.append(log)
                    program = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                               env=program_env, start_new_session=True)  # no terminal signals
                    cluster.processes.append(program)
                with Client(address, timeout=START_TIMEOUT_S) as client:
                    client.wait_for_workers(num_workers, timeout=START_TIMEOUT_S)
            except (OSError, TimeoutError) as error:
                raise RuntimeError(f"the CLI cluster at {address} did not start: {error}\n"
                                   f"{_tails(cluster.logs)}") from error
            yield cluster
        finally:
            for process in reversed(cluster.processes):  # workers first, so they need not reconnect
                _stop(process)


def _tails(logs: list[Path], lines: int = 15) -> str:
    return "\n".join(f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
                     for log in logs if log.exists())
