"""The last lessons in the real JupyterLab UI: test_jupyterlab.py's test, for the lessons it leaves out.

make test-browser runs ``--dist loadfile``: pytest-xdist gives each test file to
one worker. The static site's tests fill one worker, the JupyterLab runs the
other; the last lessons take longest to run, so they sit in this file, with a
JupyterLab server of its own, and run on the site's worker once it is done.
Both workers then finish at about the same time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course import lessons
from lab_runner import check_notebook_in_jupyterlab
from lab_server import LabServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# About a third of the lessons, the last ones.
LATER_LESSONS = lessons()[-(len(lessons()) // 3):]


@pytest.mark.notebooks
@pytest.mark.parametrize("notebook", LATER_LESSONS, ids=lambda path: path.stem)
def test_later_notebook_runs_in_jupyterlab(notebook: Path, page, lab_server: LabServer, lab_dir: Path):
    check_notebook_in_jupyterlab(notebook, page, lab_server, lab_dir)
