"""Where the course's files are, shared by the tests: imported as `course_files`."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def read_pins(path: Path) -> dict[str, str]:
    """``{name: version}`` for every ``name==version`` line of a requirements file.

    Names are normalized as pip does (lower case, ``_`` and ``.`` read as ``-``).
    """
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = (part.strip() for part in line.split("==", 1))
            pins[normalize_name(name)] = version
    return pins


def normalize_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
