"""ruff over every .py file and notebook (configuration in pyproject.toml), and the commit hooks.

`make lint` runs `pre-commit run --all-files` (.pre-commit-config.yaml): every hook is a local one
that runs a tool from requirements-dev.txt, so the hooks must pass on the repository and must not
fetch anything (pre-commit would clone a hook repository into PRE_COMMIT_HOME if one were remote).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from course import ROOT

BIN = Path(sys.executable).parent
HOOKS = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]


def test_ruff_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_hook_is_local_and_runs_a_tool_the_repository_installs():
    assert [repo["repo"] for repo in HOOKS] == ["local"]
    (local,) = HOOKS
    assert {hook["language"] for hook in local["hooks"]} == {"unsupported"}  # pre-commit 4's name for system
    tools = {hook["entry"].split()[0] for hook in local["hooks"]}
    assert tools == {"ruff", "python", "codespell", "actionlint", "zizmor"}
    assert all((BIN / tool).exists() for tool in tools), "every hook's program is in the venv"
    ids = {hook["id"] for hook in local["hooks"]}
    assert {"ruff", "notebook-hygiene", "launch-links", "codespell", "actionlint", "zizmor"} <= ids


def test_the_hooks_pass_on_every_tracked_file_without_fetching(tmp_path):
    if not (ROOT / ".git").exists():  # pre-commit works on git's list of files
        raise AssertionError("the checkout has no .git: run the tests from a git clone")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    result = subprocess.run([str(BIN / "pre-commit"), "run", "--all-files", "--color", "never"], cwd=ROOT,
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (local,) = HOOKS
    assert result.stdout.count("Passed") == len(local["hooks"]), result.stdout
    home = tmp_path / "pre-commit-home"
    assert not any(path.is_dir() for path in home.glob("repo*")), "a hook repository was fetched"
