"""Run every notebook with other parameters (papermill); its own checks must pass.

The stored outputs only prove the defaults. Instructors change the seed and the
sample size in class, so each notebook's assert cells run again here with other
seeds, the smallest size the course supports and a large one. Which notebooks
are lessons is checked against the README in test_notebook_hygiene.py.
"""

from __future__ import annotations

import papermill as pm
import pytest

from course import KERNELSPEC, lessons

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

PARAMETER_SETS = {
    "seed0": {"SEED": 0},
    "seed2024": {"SEED": 2024},
    "n20": {"SEED": 7, "NUM_SAMPLES": 20},
    "n10000": {"SEED": 99, "NUM_SAMPLES": 10_000},
}


@pytest.mark.parametrize("parameters", PARAMETER_SETS.values(), ids=PARAMETER_SETS.keys())
@pytest.mark.parametrize("notebook", lessons(), ids=lambda path: path.stem)
def test_notebook_checks_pass_with_other_parameters(notebook, parameters, tmp_path):
    # tmp_path as the working directory: a notebook must not depend on where it runs.
    pm.execute_notebook(
        str(notebook),
        str(tmp_path / notebook.name),
        parameters=parameters,
        kernel_name=KERNELSPEC["name"],
        cwd=str(tmp_path),
        progress_bar=False,
    )
