"""Run every course notebook in one lane: a virtual environment with other library versions.

The Makefile's ``test-colab`` and ``test-newest`` targets create a lane's venv
and run this script with that venv's python::

    .venv-colab/bin/python tools/run_lane.py --lane colab --constraints lanes/colab-constraints.txt

(every lesson, unless notebooks are named after the options).

It then

1. builds a fresh wheel of lessons_utils from the checkout, into
   ``build/lanes/<lane>/`` (a copy of the package files is built, so stale
   setuptools output in the checkout cannot leak into the wheel);
2. installs that wheel as a notebook's install cell would (``pip install``),
   but with ``--no-index``, the lane's constraints and the ``torch`` extra:
   pip may not fetch or change anything, so the lane's versions must satisfy
   every range that pyproject.toml declares, or the install fails;
3. prints the versions the lane actually has;
4. runs each notebook top to bottom with papermill at its default parameters,
   each in a fresh kernel of this venv and a fresh temporary working directory
   outside the checkout (so ``import lessons_utils`` finds the installed wheel,
   never the source folder), with ``LESSONS_UTILS_SOURCE`` set to the wheel;
   the executed copies are kept in ``build/lanes/<lane>/executed/``;
5. prints each notebook's wall time, the total, and every failure with its
   notebook, cell and error.

The exit status is 0 when every notebook passed and 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import papermill
from jupyter_client.kernelspec import KernelSpecManager

from course import ROOT, lessons

# What building the wheel reads: pyproject.toml names README.md and LICENSE.
PACKAGE_FILES = ("pyproject.toml", "README.md", "LICENSE", "lessons_utils")
REPORTED_PACKAGES = ("numpy", "scipy", "scikit-learn", "matplotlib", "torch", "ipywidgets", "dask",
                     "distributed", "ipykernel", "papermill", "lessons_utils")
KERNEL_NAME = "python3"


def pip(*args: str) -> None:
    """Run pip of this interpreter (the lane's venv); stop the lane, showing pip's output, if it fails.

    Parameters
    ----------
    *args : str
        Arguments after ``python -m pip``.
    """
    result = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        sys.exit(f"lane setup failed: pip {' '.join(args)} exited with {result.returncode}")


def build_wheel(wheel_dir: Path) -> Path:
    """Build a wheel of lessons_utils from the files in the checkout.

    Parameters
    ----------
    wheel_dir : Path
        Folder for the wheel; emptied first, so it ends up holding only this one.

    Returns
    -------
    Path
        The built wheel.
    """
    shutil.rmtree(wheel_dir, ignore_errors=True)
    wheel_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="lessons_utils-src-") as source:
        for name in PACKAGE_FILES:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, Path(source) / name,
                                ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(ROOT / name, Path(source) / name)
        pip("wheel", "--no-deps", "--quiet", "--wheel-dir", str(wheel_dir), source)
    (wheel,) = wheel_dir.glob("lessons_utils-*.whl")
    return wheel


def install_wheel(wheel: Path, constraints: Path | None) -> None:
    """Install the wheel into this venv without fetching or changing anything else.

    Parameters
    ----------
    wheel : Path
        The lessons_utils wheel.
    constraints : Path or None
        The lane's constraints file, passed to pip as ``-c``.
    """
    # An earlier run's wheel has the same version number, so pip would keep it.
    if importlib.util.find_spec("lessons_utils") is not None:
        pip("uninstall", "--yes", "--quiet", "lessons_utils")
    # The torch extra too, so that pip checks the declared torch range as well.
    limits = ["-c", str(constraints)] if constraints else []
    pip("install", "--no-index", "--quiet", *limits, f"{wheel}[torch]")
    importlib.invalidate_caches()


def version_of(package: str) -> str:
    """The installed version of ``package``, or ``"not installed"``."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def print_versions(lane: str) -> None:
    """Print the interpreter and the versions this lane runs the notebooks with."""
    print(f"== lane {lane}: versions installed in {sys.prefix}")
    print(f"  {'python':<14} {platform.python_version()}")
    for package in REPORTED_PACKAGES:
        print(f"  {package:<14} {version_of(package)}")
    print(f"  lessons_utils imported from {Path(importlib.util.find_spec('lessons_utils').origin).parent}")


def prepare_kernel_environment(wheel: Path) -> None:
    """Set the environment every notebook kernel inherits, and check the kernel is this venv's.

    Parameters
    ----------
    wheel : Path
        Where the install cell would install lessons_utils from (``LESSONS_UTILS_SOURCE``).
    """
    for key in [key for key in os.environ if key.startswith(("PYTHON", "VIRTUAL_ENV"))]:
        del os.environ[key]  # nothing from the calling shell may change what the kernel imports
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ["LESSONS_UTILS_SOURCE"] = str(wheel)
    os.environ["PIP_NO_INDEX"] = "1"  # an install cell may use the wheel only, never an index
    command = KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0]
    kernel_python = Path(shutil.which(command) or command)
    if kernel_python.absolute() != Path(sys.executable).absolute():
        sys.exit(f"the {KERNEL_NAME!r} kernel runs {kernel_python}, not this lane's {sys.executable}")


def run_notebook(notebook: Path, executed_dir: Path) -> str | None:
    """Run one notebook top to bottom in a fresh kernel and a fresh working directory.

    Parameters
    ----------
    notebook : Path
        The notebook, run at its default parameters.
    executed_dir : Path
        Where the executed copy is written (also when a cell fails).

    Returns
    -------
    str or None
        None if every cell ran, otherwise what went wrong: the failing cell and its error.
    """
    with tempfile.TemporaryDirectory(prefix=f"lane-{notebook.stem}-") as workdir:
        try:
            papermill.execute_notebook(
                str(notebook), str(executed_dir / notebook.name),
                kernel_name=KERNEL_NAME, cwd=workdir, progress_bar=False,
            )
        except papermill.PapermillExecutionError as error:
            # str(error) is the cell's traceback, without terminal colours.
            where = f"cell {error.cell_index} (In [{error.exec_count}])"
            return f"{where} raised {error.ename}: {error.evalue}{error}"
        except Exception as error:  # a kernel that dies or never starts is a failure too
            return f"{type(error).__name__}: {error}"
    return None


def main() -> int:
    """Set up the lane, run the notebooks, report; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lane", required=True, help="names the lane in output and in build/lanes/")
    parser.add_argument("--constraints", type=Path, help="pip constraints the wheel install must respect")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="the notebooks to run, in order (default: every lesson)")
    args = parser.parse_args()

    notebooks = [path.resolve() for path in args.notebooks] or lessons()
    lane_dir = ROOT / "build" / "lanes" / args.lane
    wheel = build_wheel(lane_dir / "wheel")
    install_wheel(wheel, args.constraints)
    print_versions(args.lane)
    prepare_kernel_environment(wheel)
    executed_dir = lane_dir / "executed"
    shutil.rmtree(executed_dir, ignore_errors=True)
    executed_dir.mkdir(parents=True)

    times, failures = {}, {}
    for notebook in notebooks:
        print(f"-- {notebook.name}", flush=True)
        start = time.perf_counter()
        failure = run_notebook(notebook, executed_dir)
        times[notebook.name] = time.perf_counter() - start
        if failure:
            failures[notebook.name] = failure
            print(f"FAILED {notebook.name}: {failure}", flush=True)

    print(f"== lane {args.lane}: wall times")
    for name, seconds in times.items():
        print(f"  {seconds:7.1f} s  {'FAILED' if name in failures else 'ok    '}  {name}")
    print(f"  {sum(times.values()):7.1f} s  total for {len(times)} notebooks")
    if failures:
        print(f"== lane {args.lane}: {len(failures)} of {len(times)} notebooks FAILED "
              f"(executed copies in {executed_dir.relative_to(ROOT)})")
        for name, failure in failures.items():
            print(f"\n{name}: {failure.splitlines()[0]}")
        return 1
    print(f"== lane {args.lane}: all {len(times)} notebooks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
