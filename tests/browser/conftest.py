"""Browser settings and fixtures for the tests in this folder.

pytest-playwright provides ``browser`` (one per session, i.e. per xdist
worker), ``context`` and ``page`` (fresh for each test), and, through the
options in pyproject.toml's ``addopts``, a screenshot of every page of a failed
test in build/browser/failures/. Here it is pointed at Debian's Chromium
(tools/lab_runner.py), so nothing is downloaded. Without that Chromium the
browser tests are skipped with a message saying how to install it; CI sets
``COURSE_REQUIRE_BROWSER=1`` so that a missing browser fails instead.

The JupyterLab tests share ``lab_server`` (one server per test module, serving
copies of every lesson; its log is build/browser/jupyterlab/server-<module>.log)
and ``page``, a fresh page that can reach only that server.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from course import ROOT, lessons
from lab_runner import CHROMIUM, CHROMIUM_MISSING, chromium_launch_args, reveal_first_problem
from lab_server import LabServer, delete_sessions, jupyterlab_server

# Tall enough that a failure screenshot shows a traceback and the cells around it.
VIEWPORT = {"width": 1280, "height": 1000}
EXTERNAL_URL = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"COURSE_REQUIRE_BROWSER=1 but {CHROMIUM_MISSING}", pytrace=False)
        pytest.skip(CHROMIUM_MISSING)
    return {**browser_type_launch_args, **chromium_launch_args()}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture(scope="session")
def evidence_dir() -> Path:
    """build/browser/: what a reviewer can open after a run (server log, run figures, page screenshots)."""
    folder = ROOT / "build" / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def lab_dir(evidence_dir: Path) -> Path:
    folder = evidence_dir / "jupyterlab"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def lab_server(lab_dir: Path, request: pytest.FixtureRequest) -> Iterator[LabServer]:
    log = lab_dir / f"server-{request.module.__name__.rpartition('.')[2]}.log"  # one per test module
    with jupyterlab_server(lessons(), log) as server:
        yield server


@pytest.fixture
def page(context, lab_server: LabServer, request: pytest.FixtureRequest) -> Iterator[object]:
    """A page in a fresh browser context, with no kernel left over from an earlier test."""
    delete_sessions(lab_server)
    # Only the local server may be reached, so a run is the same on- and offline
    # (the notebooks' Colab and Binder badges are external images).
    context.route(EXTERNAL_URL, lambda route: route.abort())
    page = context.new_page()
    yield page
    # pytest-playwright records each phase's report on the test item (rep_call)
    # and screenshots a failed test's pages as their context closes: show the
    # failed cell in it. A page that crashed cannot scroll; its screenshot still helps.
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        with suppress(PlaywrightError):
            reveal_first_problem(page)
    context.close()
    # Shut this test's kernel down now, after the screenshot: on two cores, idle kernels still cost.
    delete_sessions(lab_server)
