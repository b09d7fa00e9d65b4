"""Lesson 14 on three schedulers: its LocalCluster, a cluster of `dask` programs, and no distributed at all.

The lesson's SCHEDULER_ADDRESS parameter is how a learner points it at a real
cluster. Here papermill sets it to the address of a cluster started with the
`dask scheduler` and `dask worker` programs on 127.0.0.1 (two workers with a
memory limit each, tools/dask_cli_cluster.py), and the fitted coefficients must
match the run on the lesson's own LocalCluster; no worker may report memory
trouble in its log. A third run hides `distributed` from the kernel, as on a
Colab runtime where it cannot be installed: the lesson must say it falls back to
Dask's threaded scheduler and still give the same coefficients. Every run also
passes the lesson's own checks (papermill fails the test on any error). An
address where no scheduler answers must be refused in words that name the knob.
"""

from __future__ import annotations

import json
import socket

import nbformat
import numpy as np
import papermill as pm
import pytest

from course import KERNELSPEC, lessons
from dask_cli_cluster import cli_cluster

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

(LESSON,) = [path for path in lessons() if path.stem.startswith("14_")]
# The low end of the lesson's ranges keeps each run short; the cluster's part is the same at any size.
PARAMETERS = {"N_ROWS": 10_000_000, "NUM_FEATURES": 5}
REPORT = "LESSON14-REPORT "
# Appended to a copy of the lesson: what it computed on the workers, and where.
REPORT_CELL = f"""\
import json
print({REPORT!r} + json.dumps({{"where": where,
    "theta": np.vstack([dask_fit.W, dask_fit.b]).ravel().tolist(),
    "numpy_theta": np.vstack([numpy_fit.W, numpy_fit.b]).ravel().tolist()}}))
"""


def run_lesson(tmp_path, name: str, address: str) -> dict:
    """Run lesson 14 with papermill at SCHEDULER_ADDRESS = address; return its report and its printed text."""
    nb = nbformat.read(LESSON, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(REPORT_CELL))
    source = tmp_path / f"{name}-in.ipynb"
    nbformat.write(nb, source)
    ran = pm.execute_notebook(str(source), str(tmp_path / f"{name}-out.ipynb"),
                              parameters={**PARAMETERS, "SCHEDULER_ADDRESS": address},
                              kernel_name=KERNELSPEC["name"], cwd=str(tmp_path), progress_bar=False)
    printed = "".join(output.get("text", "") for cell in ran.cells if cell.cell_type == "code"
                      for output in cell.get("outputs", []))
    (line,) = [line for line in printed.splitlines() if line.startswith(REPORT)]
    return {**json.loads(line[len(REPORT):]), "printed": printed}


@pytest.fixture(scope="module")
def local_run(tmp_path_factory) -> dict:
    return run_lesson(tmp_path_factory.mktemp("local"), "local", "")


def assert_same_coefficients(run: dict, reference: dict) -> None:
    theta, expected = np.array(run["theta"]), np.array(reference["theta"])
    # The same chunk tasks and the same merge tree: only the processes differ, so rounding alone may.
    assert np.allclose(theta, expected, rtol=1e-12, atol=0), f"{theta} != {expected}"
    assert np.allclose(run["numpy_theta"], reference["numpy_theta"], rtol=1e-12, atol=0)


def test_the_lesson_on_its_local_cluster(local_run):
    assert local_run["where"].startswith("a LocalCluster of 2 worker process(es)")
    assert "every worker ran the whole pass without a restart: True" in local_run["printed"]


def test_the_lesson_on_a_cluster_of_dask_programs_gives_the_local_answer(tmp_path, local_run):
    with cli_cluster(tmp_path / "logs", num_workers=2, memory_limit="500MiB") as cluster:
        remote = run_lesson(tmp_path, "cli", cluster.address)
        trouble = cluster.memory_events()
    assert remote["where"] == f"the cluster at {cluster.address}"
    assert "every worker ran the whole pass without a restart: True" in remote["printed"]
    assert "each stayed under its memory limit: True" in remote["printed"]
    assert not trouble, f"a worker reported memory trouble: {trouble}"
    assert_same_coefficients(remote, local_run)


def test_without_distributed_the_lesson_says_so_and_uses_threads(tmp_path, monkeypatch, local_run):
    # A `distributed` that cannot be imported, ahead of the real one on the kernel's path. Being found,
    # it also keeps the install cell from trying to install the real one (no index at test time).
    shim = tmp_path / "shim" / "distributed"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text('raise ImportError("hidden by the test")\n', encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(shim.parent))
    threaded = run_lesson(tmp_path, "threads", "")
    assert threaded["where"] == "Dask's threaded scheduler in this process (distributed is not installed)"
    assert "no worker processes: the threaded scheduler ran the tasks in this process" in threaded["printed"]
    assert_same_coefficients(threaded, local_run)


def test_an_address_where_no_scheduler_answers_is_refused_by_name(tmp_path):
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    with pytest.raises(pm.PapermillExecutionError) as refused:
        run_lesson(tmp_path, "nobody", address)
    assert refused.value.ename == "ConnectionError"
    assert f"SCHEDULER_ADDRESS = {address!r}: no Dask scheduler answered there" in refused.value.evalue
