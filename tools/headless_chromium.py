"""Launch Debian's Chromium headless through playwright, as the tests and bench do.

``executable_path`` points at the system browser (``/usr/bin/chromium``, or
``COURSE_CHROMIUM``), so playwright never downloads one. The flags keep
Chromium quiet on machines with no route to the internet and let it run as
root in containers and CI.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))

CHROMIUM_ARGS = [
    "--no-sandbox",  # Chromium's sandbox refuses to start as root (containers, CI)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps trying to reach Google's hosts, which on an
    # offline machine means a stream of refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOW_TO_ENABLE = (
    f"no Chromium at {CHROMIUM}. To run the browser tests, install it "
    "(Debian/Ubuntu: `sudo apt-get install chromium`) or point COURSE_CHROMIUM at a "
    "Chromium/Chrome binary."
)


def launch(playwright: Any) -> Any:
    """A headless Chromium ``Browser`` from a started ``sync_playwright()``."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(HOW_TO_ENABLE)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
