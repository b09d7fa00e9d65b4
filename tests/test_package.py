"""lessons_utils as a learner discovers it: version, exported names, docs, README."""

from __future__ import annotations

import importlib
import inspect
import re
import tomllib

import lessons_utils as lu
from course import ROOT
from lessons_utils import plotting, torch_training

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_version_is_the_one_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert lu.__version__ == project["version"]


def test_every_exported_name_exists_once():
    assert len(lu.__all__) == len(set(lu.__all__)), "a name is listed twice in __all__"
    missing = [name for name in lu.__all__ if not hasattr(lu, name)]
    assert not missing, missing


def _public_callables():
    found = {name: getattr(lu, name) for name in lu.__all__ if callable(getattr(lu, name))}
    found["fit_linear_torch"] = torch_training.fit_linear_torch
    found.update(use_course_style=plotting.use_course_style, plot_fit_panels=plotting.plot_fit_panels)
    return found


def test_every_public_callable_names_the_lesson_that_builds_it():
    undocumented = [name for name, obj in _public_callables().items()
                    if not re.search(r"\blessons? \d", inspect.getdoc(obj) or "", flags=re.IGNORECASE)]
    assert not undocumented, f"say which lesson builds these: {undocumented}"


def test_every_public_function_has_a_doctest():
    # Result types and the exception are data; every function and class that does something has one.
    data_types = {"DataSplits", "Split", "LinearFit", "GradientCheck", "TrainingDivergedError", "RealData"}
    missing = [name for name, obj in _public_callables().items()
               if name not in data_types and ">>>" not in (inspect.getdoc(obj) or "")]
    assert not missing, missing


def test_readme_lesson_table_lists_every_exported_name():
    table = README[README.index("| Lesson | Names it introduces |"):]
    table = table[:table.index("\n\n")]
    listed = set(re.findall(r"`(?:lessons_utils\.\w+\.)?(\w+)`", table))
    missing = set(lu.__all__) - listed
    assert not missing, f"add to the README's lesson table: {sorted(missing)}"
    # Names of a submodule are written with it: `lessons_utils.knobs.Knob`.
    in_submodules = {name for module, name in re.findall(r"`lessons_utils\.(\w+)\.(\w+)`", table)
                     if hasattr(importlib.import_module(f"lessons_utils.{module}"), name)}
    unknown = {name for name in listed if not hasattr(lu, name)} - in_submodules - {
        "use_course_style", "plot_fit_panels", "l2_penalty"}
    assert not unknown, f"the README's lesson table names what the package lacks: {sorted(unknown)}"


def _manual_setup_commands() -> list[str]:
    section = README[README.index("## Manual set-up, without make"):]
    section = section[:section.index("\n## ", 1)]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    return [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]


def test_readme_manual_setup_works_without_a_gpu_and_as_root():
    environment = (ROOT / "environment.yml").read_text(encoding="utf-8")
    cpu_index = re.search(r"--extra-index-url (\S+)", environment).group(1)
    commands = _manual_setup_commands()
    installs = [c for c in commands if c.startswith("pip install") and "requirements.txt" in c]
    assert installs and all(f"--extra-index-url {cpu_index}" in c for c in installs), \
        "the pip line must take PyTorch from the CPU index, as environment.yml does"
    labs = [c for c in commands if c.startswith("jupyter lab")]
    assert labs and all("--allow-root" in c for c in labs), "jupyter lab refuses root without --allow-root"
