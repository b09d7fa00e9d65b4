"""Colab, Binder and README launch links all follow the one launch configuration.

The repository and ref live in ``[tool.course.launch]`` of ``pyproject.toml``;
``tools/sync_launch.py`` writes every badge and install cell from them. These
tests fail when a notebook or the README drifts from that configuration, when
the ref is a moving branch, and when the conda/Binder environment pins other
versions than ``requirements.txt``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace

import nbformat
import pytest
import yaml

import sync_launch
from course import ROOT, lessons, normalize_name, read_pins
from launch_config import LaunchConfig, load_launch_config

CONFIG = load_launch_config()
NOTEBOOKS = lessons()
by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)


def test_no_file_drifts_from_the_launch_config():
    drifted = [str(path.relative_to(ROOT)) for path in sync_launch.drifted_files(CONFIG)]
    assert not drifted, f"run `make sync-launch`: {drifted}"


def test_a_changed_ref_is_reported_as_drift():
    other = replace(CONFIG, ref="v99.0.0")
    assert set(sync_launch.drifted_files(other)) == {*NOTEBOOKS, sync_launch.README}


@by_name
def test_notebook_opens_with_its_own_badges_and_install_cell(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    notebook = path.relative_to(ROOT).as_posix()
    assert cells[1]["id"] == sync_launch.BADGE_CELL_ID
    badges = "".join(cells[1]["source"])
    assert f"]({CONFIG.colab_url(notebook)})" in badges
    assert f"]({CONFIG.binder_url(notebook)})" in badges
    first_code = next(cell for cell in cells if cell["cell_type"] == "code")
    assert first_code["id"] == sync_launch.INSTALL_CELL_ID
    assert 'if importlib.util.find_spec("lessons_utils") is None:' in "".join(first_code["source"])


@pytest.mark.parametrize(("source", "imports"), [
    ("from distributed import Client, LocalCluster", True),
    ("import distributed.deploy", True),
    ("try:\n    import distributed as dd\nexcept ImportError:\n    dd = None", True),
    ("import dask\nimport dask.array as da", False),
    ("from dask.distributed import Client", True),  # dask's alias, which imports distributed
    ("from .distributed import x", False),  # relative: not the package
    ("%pip install distributed", False),  # a magic, not an import
])
def test_a_notebook_that_imports_distributed_is_recognized(source, imports):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    assert sync_launch.imports_distributed(nb) is imports


@by_name
def test_the_install_cell_adds_distributed_exactly_where_a_lesson_imports_it(path):
    nb = nbformat.read(path, as_version=4)
    (install,) = [cell for cell in nb.cells if cell.get("id") == sync_launch.INSTALL_CELL_ID]
    wanted = sync_launch.imports_distributed(nb)
    assert ('find_spec("distributed")' in install.source) is wanted
    if path.stem.startswith("14_"):  # the Dask lesson: the one that runs distributed's scheduler
        assert wanted


def test_a_fork_moves_every_repository_link_of_the_readme():
    fork = replace(CONFIG, repository="someone/course-fork", ref="v9.9.9")
    text = sync_launch.synced_readme(sync_launch.README.read_text(encoding="utf-8"), fork)
    assert f"]({fork.workflow_url('tests.yml')})" in text
    assert f"({fork.workflow_url('lanes.yml')}/badge.svg)" in text
    assert "<https://someone.github.io/course-fork/>" in text
    assert "git+https://github.com/someone/course-fork.git@v9.9.9" in text
    assert CONFIG.repository not in text and CONFIG.pages_url not in text


def test_ref_is_pinned_to_this_release():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert CONFIG.ref == f"v{version}" or len(CONFIG.ref) == 40, (
        f"ref {CONFIG.ref!r} should be the release tag v{version} (or a full commit)")


@pytest.mark.parametrize("ref", ["main", "master", "dev", "v1", "HEAD", "abc123"])
def test_moving_or_vague_refs_are_rejected(ref):
    with pytest.raises(ValueError, match="ref must be a release tag"):
        LaunchConfig(repository=CONFIG.repository, ref=ref)


def test_readme_has_binder_badge_on_first_notebook_and_a_colab_badge_per_notebook():
    readme = sync_launch.README.read_text(encoding="utf-8")
    assert f"]({CONFIG.binder_url(NOTEBOOKS[0].relative_to(ROOT).as_posix())})" in readme
    for path in NOTEBOOKS:
        assert f"]({CONFIG.colab_url(path.relative_to(ROOT).as_posix())})" in readme, path.name


def test_sync_is_idempotent_on_a_fresh_notebook():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
                                         nbformat.v4.new_code_cell("x = 1")])
    once = sync_launch.synced_notebook(nb, CONFIG, "notebooks/99_new.ipynb")
    twice = sync_launch.synced_notebook(once, CONFIG, "notebooks/99_new.ipynb")
    assert [cell.id for cell in once.cells][1:3] == [sync_launch.BADGE_CELL_ID, sync_launch.INSTALL_CELL_ID]
    assert nbformat.writes(once) == nbformat.writes(twice)


# --- Binder / conda ---------------------------------------------------------

def environment_pins() -> tuple[list[str], dict[str, str]]:
    """The conda specs of environment.yml, and the pip pins it resolves to."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [dep for dep in env["dependencies"] if isinstance(dep, str)]
    (pip_section,) = [dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict)]
    pins: dict[str, str] = {}
    for line in pip_section:
        if line.startswith("-r "):
            pins |= read_pins(ROOT / line[3:].strip())
        elif "==" in line:
            name, version = line.split("==", 1)
            pins[normalize_name(name)] = version.strip()
    return conda, pins


def test_environment_yml_pins_exactly_the_requirements():
    conda, pins = environment_pins()
    assert pins == read_pins(ROOT / "requirements.txt")
    # Only Python and pip come from conda; anything else would escape the pins.
    assert sorted(conda) == ["pip", "python=3.11"]


@pytest.mark.skipif(shutil.which("repo2docker", path=os.path.dirname(sys.executable)) is None,
                    reason="repo2docker is not installed: pip install -r requirements-dev.txt")
def test_repo2docker_build_plan_uses_environment_yml_after_copying_the_repo(tmp_path):
    """Render Binder's Dockerfile without Docker (--no-build) and read it."""
    repo2docker = shutil.which("repo2docker", path=os.path.dirname(sys.executable))
    env = os.environ | {"DOCKER_HOST": f"unix://{tmp_path}/no-docker.sock"}  # prove no daemon is needed
    result = subprocess.run(
        [repo2docker, "--no-build", "--debug", "--no-run", "--user-id", "1000", "--user-name", "jovyan",
         ROOT],
        capture_output=True, text=True, check=False, cwd=tmp_path, env=env, timeout=300,
    )
    plan = result.stdout + result.stderr
    assert result.returncode == 0, plan[-3000:]
    assert "Building conda environment for python=3.11" in plan
    copy_repo = plan.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    install_env = plan.index('env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"')
    # -r requirements.txt and -e . are relative paths: they only resolve once
    # the repository has been copied into the image.
    assert copy_repo < install_env
    assert not (ROOT / "postBuild").exists() and not (ROOT / "binder").exists(), "nothing else to set up"
