"""The install cell every notebook opens with works where lessons_utils is missing.

This is what a learner on Colab gets: a kernel with NumPy and Matplotlib but
without the course package. The test builds a wheel of lessons_utils, makes a
fresh virtual environment that lacks it, and runs notebook 1 there with
papermill, pointing the install cell at the local wheel through the
LESSONS_UTILS_SOURCE variable instead of the pinned GitHub release. The
notebook must install the package and pass its own checks. pip runs with
--no-index inside the notebook, so nothing is fetched at notebook run time.

Lesson 14's install cell also adds ``distributed`` where only ``dask`` is
installed (as on Colab): the second test runs that cell with no way to get it
(it must say the lesson falls back to threads, and not fail), then with the
matching release in a local folder of wheels (still no index), then once more
when there is nothing left to install.

Building the wheel and setting up the venv install a few pinned packages from
the package index (or pip's cache), so this test takes about a minute, and is
skipped, saying why, when the index cannot be reached; with
COURSE_REQUIRE_NETWORK=1 (CI) that is a failure instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import venv
from pathlib import Path

import nbformat
import pytest

from course import ROOT, lessons, read_pins

pytestmark = [pytest.mark.network, pytest.mark.notebooks, pytest.mark.slow]

NOTEBOOK = lessons()[0]
(DASK_LESSON,) = [path for path in lessons() if path.stem.startswith("14_")]
PYPI = "https://pypi.org/simple/"
# lessons_utils's dependencies and the kernel: they stand in for what Colab
# ships, so the install cell (with no index) adds only the wheel. The versions
# are the course's own pins.
KERNEL_PACKAGES = ["numpy", "matplotlib", "scikit-learn", "scipy", "ipykernel", "papermill"]
PACKAGE_FILES = ["pyproject.toml", "README.md", "LICENSE", "lessons_utils"]


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def package_index() -> str:
    """The index pip installs from: PIP_INDEX_URL, else an index-url in pip's configuration, else PyPI."""
    if os.environ.get("PIP_INDEX_URL"):
        return os.environ["PIP_INDEX_URL"].split()[0]
    listing = subprocess.run([sys.executable, "-m", "pip", "config", "list"],
                             capture_output=True, text=True, check=False).stdout
    configured = re.findall(r"^\S*\.index-url='(\S+)'$", listing, re.M)  # not extra-index-url
    return configured[-1] if configured else PYPI


@pytest.fixture(scope="module", autouse=True)
def reachable_package_index() -> None:
    """Skip (or, with COURSE_REQUIRE_NETWORK=1, fail) when pip could not reach its index."""
    index = package_index()
    try:
        urllib.request.urlopen(index, timeout=15).close()
        return
    except urllib.error.HTTPError:
        return  # the index answered, if not with this page
    except OSError as error:  # URLError, a timeout, a refused connection
        reason = (f"the package index {index} cannot be reached ({error}); this test installs "
                  f"{', '.join(KERNEL_PACKAGES)} and setuptools from it")
    if os.environ.get("COURSE_REQUIRE_NETWORK") == "1":
        pytest.fail(f"COURSE_REQUIRE_NETWORK=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel of lessons_utils, built from a copy so the checkout stays clean."""
    src = tmp_path_factory.mktemp("src")
    for name in PACKAGE_FILES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, src])
    (built,) = dist.glob("lessons_utils-*.whl")
    return built


@pytest.fixture(scope="module")
def bare_venv(tmp_path_factory) -> Path:
    """A new venv with the kernel packages but without lessons_utils."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    pins = read_pins(ROOT / "requirements.txt") | read_pins(ROOT / "requirements-dev.txt")
    run([python, "-m", "pip", "install", "--quiet", *(f"{name}=={pins[name]}" for name in KERNEL_PACKAGES)])
    return python


def notebook_env(python: Path, source: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    env["LESSONS_UTILS_SOURCE"] = source
    env["PIP_NO_INDEX"] = "1"  # the notebook may install only the wheel it is given
    return env


def run_notebook(python: Path, source: str, workdir: Path) -> subprocess.CompletedProcess:
    # A working directory outside the checkout, so `import lessons_utils`
    # cannot pick up the source folder by accident.
    return subprocess.run(
        [str(python), "-m", "papermill", str(NOTEBOOK), str(workdir / "out.ipynb"),
         "--kernel", "python3", "--cwd", str(workdir), "--log-level", "ERROR"],
        capture_output=True, text=True, check=False, env=notebook_env(python, source), cwd=workdir,
    )


def imports_lessons_utils(python: Path, workdir: Path) -> bool:
    probe = [str(python), "-c", "import lessons_utils"]
    return subprocess.run(probe, capture_output=True, check=False, cwd=workdir).returncode == 0


def test_install_cell_installs_the_package_when_missing_and_only_then(wheel, bare_venv, tmp_path):
    assert not imports_lessons_utils(bare_venv, tmp_path), "the fresh venv must start without lessons_utils"

    first = run_notebook(bare_venv, str(wheel), tmp_path)
    assert first.returncode == 0, f"notebook failed in the fresh venv:\n{first.stderr[-4000:]}"
    assert imports_lessons_utils(bare_venv, tmp_path), "the install cell did not install lessons_utils"

    # Now that it is importable, the cell must not call pip at all: a source
    # that does not exist would make pip fail if it were used.
    second = run_notebook(bare_venv, str(tmp_path / "no-such-lessons_utils.whl"), tmp_path)
    assert second.returncode == 0, f"the cell reinstalled an importable package:\n{second.stderr[-4000:]}"


def installed_version(python: Path, package: str, workdir: Path) -> str | None:
    probe = [str(python), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"]
    found = subprocess.run(probe, capture_output=True, text=True, check=False, cwd=workdir)
    return found.stdout.strip() if found.returncode == 0 else None


def test_the_dask_lesson_adds_distributed_where_only_dask_is_installed(wheel, bare_venv, tmp_path):
    pins = read_pins(ROOT / "requirements.txt")
    run([bare_venv, "-m", "pip", "install", "--quiet", f"dask=={pins['dask']}"])
    if installed_version(bare_venv, "distributed", tmp_path):  # from an earlier run of this test
        run([bare_venv, "-m", "pip", "uninstall", "--yes", "--quiet", "distributed"])
    nb = nbformat.read(DASK_LESSON, as_version=4)
    (cell,) = [cell for cell in nb.cells if cell.get("id") == "install-lessons-utils"]
    script = tmp_path / "install_cell.py"
    script.write_text(cell.source, encoding="utf-8")
    env = notebook_env(bare_venv, str(wheel))  # no index: only the wheel, or the folder given below

    def run_cell(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
        return subprocess.run([str(bare_venv), str(script)], capture_output=True, text=True, check=False,
                              env={**env, **extra_env}, cwd=tmp_path)

    wanted = f"distributed=={pins['dask']}"  # the release that matches the dask installed
    unreachable = run_cell({})
    assert unreachable.returncode == 0, f"the cell failed, not fell back:\n{unreachable.stderr[-3000:]}"
    assert (f"Could not install {wanted}: this lesson will use Dask's threaded scheduler instead."
            in unreachable.stdout), unreachable.stdout
    assert installed_version(bare_venv, "distributed", tmp_path) is None

    wheelhouse = tmp_path / "wheelhouse"
    run([sys.executable, "-m", "pip", "download", "--quiet", "--dest", wheelhouse, wanted])
    added = run_cell({"PIP_FIND_LINKS": str(wheelhouse)})
    assert added.returncode == 0 and "Could not install" not in added.stdout, added.stderr[-3000:]
    assert installed_version(bare_venv, "distributed", tmp_path) == pins["dask"]
    assert installed_version(bare_venv, "dask", tmp_path) == pins["dask"], "installing distributed moved dask"

    again = run_cell({})  # nothing to install: no pip call, so no index is needed
    assert again.returncode == 0 and again.stdout == "", again.stdout + again.stderr[-3000:]
