"""The course as the maintainer scripts and the tests see it: where it lives, its lessons, how one runs.

One module, so that the repository root, the rule for what counts as a lesson
and the way a notebook is executed are written down once. Scripts run as
``python tools/x.py`` import it by name because Python puts the script's own
folder on ``sys.path``; the tests do, because ``pythonpath`` in pyproject.toml's
pytest settings adds ``tools/``.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
# A lesson is notebooks/NN_topic.ipynb; its two-digit number orders the course.
LESSON_GLOB = "[0-9][0-9]_*.ipynb"

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
EXECUTION_TIMEOUT_S = 600  # per cell


def lessons() -> list[Path]:
    """The lesson notebooks, in course order."""
    return sorted(NOTEBOOK_DIR.glob(LESSON_GLOB))


def execute(nb: nbformat.NotebookNode) -> None:
    """Run ``nb`` top to bottom, in place, in a fresh ``python3`` kernel.

    The kernel starts in an empty temporary directory, so a notebook that
    depends on where it is run fails here. Raises nbclient's
    ``CellExecutionError`` (cell source and traceback) at the first failing cell.
    """
    from nbclient import NotebookClient  # here, so importing this module needs only the standard library

    with tempfile.TemporaryDirectory() as workdir:
        NotebookClient(nb, timeout=EXECUTION_TIMEOUT_S, kernel_name=KERNELSPEC["name"], record_timing=False,
                       resources={"metadata": {"path": workdir}}).execute()


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
