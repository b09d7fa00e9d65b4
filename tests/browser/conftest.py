"""Browser settings for the tests in this folder; the fixtures themselves are pytest-playwright's.

pytest-playwright provides ``browser`` (one per session, i.e. per xdist
worker), ``context`` and ``page`` (fresh for each test), and, through the
options in pyproject.toml's ``addopts``, a screenshot of every page of a failed
test in build/browser/failures/. Here it is pointed at Debian's Chromium
(tools/lab_runner.py), so nothing is downloaded. Without that Chromium the
browser tests are skipped with a message saying how to install it; CI sets
``COURSE_REQUIRE_BROWSER=1`` so that a missing browser fails instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course import ROOT
from lab_runner import CHROMIUM, CHROMIUM_MISSING, chromium_launch_args

# Tall enough that a failure screenshot shows a traceback and the cells around it.
VIEWPORT = {"width": 1280, "height": 1000}


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
