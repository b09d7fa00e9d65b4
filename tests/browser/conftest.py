"""Shared set-up for the tests that drive a real browser.

They use Debian's Chromium through the Python ``playwright`` package (see
tools/headless_chromium.py). On a machine without Chromium these tests are
skipped with a message saying how to enable them; CI sets
``COURSE_REQUIRE_BROWSER=1`` so that a missing browser fails instead of
silently skipping.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The browser tests import the course's file list from tests/ and their
# drivers from tools/; pytest only puts tests/browser itself on sys.path.
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tools")]

from headless_chromium import CHROMIUM, HOW_TO_ENABLE, launch  # noqa: E402

# Screenshots and other evidence a reviewer can open after a run.
BROWSER_BUILD_DIR = ROOT / "build" / "browser"


def _require_or_skip(reason: str) -> None:
    if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"COURSE_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium per test session (per xdist worker)."""
    if not CHROMIUM.exists():
        _require_or_skip(HOW_TO_ENABLE)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require_or_skip("the playwright package is missing: run `make test` or "
                         "`pip install -r requirements-dev.txt`")
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    BROWSER_BUILD_DIR.mkdir(parents=True, exist_ok=True)
    return BROWSER_BUILD_DIR
