"""Where learners launch the course from: the one place the repository and ref live.

The GitHub repository and the pinned ref are read from ``[tool.course.launch]``
in ``pyproject.toml``. Every Colab badge, Binder link, notebook install cell,
the static site's launch buttons, the Actions badge and the Pages address are
derived from these two values by the
functions below, so changing the ref (for a release) or the repository (for a
fork) is a one-line edit followed by ``make sync-launch``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from course import ROOT

PYPROJECT = ROOT / "pyproject.toml"
# Environment variable that replaces the install source in every notebook's
# install cell, e.g. with a locally built wheel (see tests/test_colab_install.py).
SOURCE_ENV_VAR = "LESSONS_UTILS_SOURCE"

_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$")
# A release tag such as v1.2.0, or a full 40-character commit: never a branch,
# whose contents move under the learner's feet.
_PINNED_REF = re.compile(r"^(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


@dataclass(frozen=True)
class LaunchConfig:
    """The GitHub ``owner/name`` and the pinned ref that every launch link uses."""

    repository: str
    ref: str

    def __post_init__(self) -> None:
        if not _REPOSITORY.match(self.repository):
            raise ValueError(f"repository must look like 'owner/name', got {self.repository!r}")
        if not _PINNED_REF.match(self.ref):
            raise ValueError(f"ref must be a release tag like 'v1.2.0' or a 40-hex commit, "
                             f"not a moving branch; got {self.ref!r}")

    @property
    def github_url(self) -> str:
        return f"https://github.com/{self.repository}"

    @property
    def install_source(self) -> str:
        """The pip requirement an install cell uses when ``lessons_utils`` is missing."""
        return f"lessons_utils @ git+{self.github_url}.git@{self.ref}"

    @property
    def pages_url(self) -> str:
        """Where GitHub Pages publishes the static site (.github/workflows/site.yml deploys it)."""
        owner, name = self.repository.split("/")
        return f"https://{owner.lower()}.github.io/{name}/"

    def workflow_url(self, workflow: str) -> str:
        """The Actions page of a workflow file such as ``tests.yml`` (its badge: this + ``/badge.svg``)."""
        return f"{self.github_url}/actions/workflows/{workflow}"

    def colab_url(self, notebook: str) -> str:
        """Colab link for a repository-relative notebook path like ``notebooks/01_x.ipynb``."""
        return f"https://colab.research.google.com/github/{self.repository}/blob/{self.ref}/{notebook}"

    def binder_url(self, notebook: str) -> str:
        """mybinder.org link that opens JupyterLab on ``notebook``."""
        return f"https://mybinder.org/v2/gh/{self.repository}/{self.ref}?urlpath=lab/tree/{notebook}"


def load_launch_config(pyproject: Path = PYPROJECT) -> LaunchConfig:
    """Read ``[tool.course.launch]`` from ``pyproject.toml``."""
    table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    launch = table.get("tool", {}).get("course", {}).get("launch")
    if launch is None:
        raise ValueError(f"{pyproject} has no [tool.course.launch] table")
    return LaunchConfig(repository=launch["repository"], ref=launch["ref"])
