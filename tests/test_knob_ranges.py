"""Every lesson's knobs: declared, stated, named when out of range, and run at both ends of their ranges.

A learner *will* change the settings. Each lesson's parameters cell states the
range of every knob, and the cell after it (tagged ``check-settings``) declares
the same ranges as :class:`lessons_utils.knobs.Knob` objects. These tests hold
the two together, check that a knob set just outside its range is named (by a
refusal or by the note the lesson prints), and re-run each lesson with papermill
with every knob at the low end of its range, then at the high end, then in the
combination that is hardest for the lesson's claims, with the exercises'
reference solutions typed in: every check must pass, and every exercise too.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import math
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from course import KERNELSPEC, lessons
from lessons_utils.knobs import Knob, Settings, TextKnob
from sync_exercises import with_solutions

SETTINGS_TAG = "check-settings"

# Per lesson, the knob values that are hardest for its claims together (beyond all-low and all-high).
HARDEST: dict[str, dict[str, object]] = {
    # Huge targets next to tiny noise: the rounding tolerance of the residual checks.
    "01_synthetic_data": {"NUM_SAMPLES": 100_000, "TRUE_SLOPE": -100.0,
                          "NOISE_LOW": -1e-6, "NOISE_HIGH": 1e-6},
    # The fewest rows a split can have: one validation and one test row.
    "02_train_val_test_splits": {"NUM_SAMPLES": 20, "TRAIN_FRACTION": 0.9, "VAL_FRACTION": 0.05,
                                 "TEST_FRACTION": 0.05},
    # The smallest ridge change between the two scalers, and the largest-N rounding of the line.
    "03_standardization": {"SEED": 1, "NUM_SAMPLES": 100_000, "TRAIN_FRACTION": 0.9, "VAL_FRACTION": 0.05,
                           "TEST_FRACTION": 0.05, "TEST_SHIFT_IN_STDS": 100.0},
    # alpha = 1/2 lands at step 1, then 999 epochs of rounding noise squeeze the rounding allowances.
    "04_numpy_gradient_descent": {"NUM_SAMPLES": 100_000, "TRAIN_FRACTION": 0.5, "VAL_FRACTION": 0.25,
                                  "TEST_FRACTION": 0.25, "LEARNING_RATE": 0.5, "NUM_EPOCHS": 1_000},
    # Adam's largest measured gap (0.0102): slowest rate, fewest epochs, the worst seed seen.
    "05_pytorch_linear_regression": {"NUM_SAMPLES": 100_000, "SEED": 39, "LEARNING_RATE": 0.05,
                                     "NUM_EPOCHS": 100},
    # The most training rows with the slowest rate and fewest epochs, and the smallest figure.
    "06_interpretability": {"NUM_SAMPLES": 100_000, "TRAIN_FRACTION": 0.9, "VAL_FRACTION": 0.05,
                            "TEST_FRACTION": 0.05, "LEARNING_RATE": 0.1, "NUM_EPOCHS": 100,
                            "FIGURE_SAMPLE_SIZES": [20, 40, 80], "FIGURE_NUM_SEEDS": 20},
    # Ten training rows, the fastest rate with the strongest penalty, and a lasso barely holding.
    "07_regularization": {"NUM_SAMPLES": 20, "TRAIN_FRACTION": 0.5, "VAL_FRACTION": 0.25,
                          "TEST_FRACTION": 0.25, "LEARNING_RATE": 0.2, "NUM_EPOCHS": 100, "L2_PENALTY": 3.0,
                          "WEIGHT_DECAY": 1.0, "NUM_NOISE_FEATURES": 5, "LASSO_PENALTY": 0.1,
                          "L1_RATIO": 0.1},
    # Ten training rows, the slowest rates and fewest epochs of GD and Adam.
    "08_closed_form_and_conditioning": {
        "NUM_SAMPLES": 20, "TRAIN_FRACTION": 0.5, "VAL_FRACTION": 0.25, "TEST_FRACTION": 0.25,
        "GD_LEARNING_RATE": 0.05, "GD_NUM_EPOCHS": 100, "ADAM_LEARNING_RATE": 0.02, "ADAM_NUM_EPOCHS": 300},
    # Ten training rows with ten extra columns, the finest finite-difference step, the longest contour paths.
    "09_gradient_checks_and_standardizing": {
        "NUM_SAMPLES": 20, "TRAIN_FRACTION": 0.5, "VAL_FRACTION": 0.25, "TEST_FRACTION": 0.25,
        "NUM_EXTRA_FEATURES": 10, "FD_STEP": 1e-6, "PATH_STEPS": 500},
    # One validation and one test row, and learning rates right at 2/L.
    "10_learning_rates_and_optimizers": {
        "NUM_SAMPLES": 20, "TRAIN_FRACTION": 0.9, "VAL_FRACTION": 0.05, "TEST_FRACTION": 0.05,
        "SGD_LEARNING_RATE": 0.05, "NUM_BATCHES": [4, 16],
        "LEARNING_RATES": [1e-8, 0.5, 0.9999999, 1.0, 1.00001, 1.0001, 1.1, 4.0]},
    # One validation and one test row, the fastest demo rate with the least patience, the fewest repeats.
    "11_early_stopping_and_learning_curves": {
        "NUM_SAMPLES": 20, "TRAIN_FRACTION": 0.9, "VAL_FRACTION": 0.05, "TEST_FRACTION": 0.05,
        "ES_LEARNING_RATE": 0.05, "PATIENCE": 1, "LC_REPEATS": 100},
    # The largest condition number seen (5,000 seeds at TRAIN_FRACTION 0.4) with the slowest gradient
    # descent, the noisiest bootstrap, and the widest ridge grid.
    "12_real_data_many_features": {
        "SEED": 4171, "TRAIN_FRACTION": 0.4, "VAL_FRACTION": 0.3, "TEST_FRACTION": 0.3,
        "GD_RATE_FRACTION": 0.5, "GD_EPOCHS": 15_000, "NUM_BOOTSTRAPS": 100, "L2_PENALTY": 0.01,
        "RIDGE_PENALTIES": [0.0001, 0.001, 0.01, 0.1, 10.0]},
    # The thinnest leak case (fewest validation rows to halve), the most training rows, the fewest folds,
    # the shallowest sweep, and the tightest lambda grid around the chosen penalties.
    "13_polynomial_features_and_model_selection": {
        "SEED": 135, "TRAIN_FRACTION": 0.7, "VAL_FRACTION": 0.15, "TEST_FRACTION": 0.15, "MAX_DEGREE": 8,
        "NUM_FOLDS": 3, "LAMBDA_MIN": 0.001, "LAMBDA_MAX": 100.0, "NUM_LAMBDAS": 25, "NUM_HALVINGS": 100},
    # The fewest rows and features next to the largest budget, the widest near copies (the thinnest TSQR
    # gap), the largest chunks, the most workers at the lowest memory limit each, and the fastest Adam with
    # the smallest batches.
    "14_out_of_core_and_dask": {
        "SEED": 1, "N_ROWS": 10_000_000, "NUM_FEATURES": 5, "MEMORY_BUDGET_MB": 256, "CHUNK_ROWS": 262_144,
        "NUM_WORKERS": 4, "WORKER_MEMORY_MB": 500, "NEAR_COPY_SCALE": 1e-4, "SGD_LEARNING_RATE": 0.01,
        "BATCH_ROWS": 1_000},
}


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _tagged(cells: list[dict], tag: str) -> list[int]:
    return [i for i, cell in enumerate(cells) if tag in cell.get("metadata", {}).get("tags", [])]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _parameters_and_settings_sources(path: Path) -> tuple[str, str]:
    cells = _cells(path)
    (parameters,) = _tagged(cells, "parameters")
    (settings,) = _tagged(cells, SETTINGS_TAG)
    return _source(cells[parameters]), _source(cells[settings])


def declared_settings(path: Path, overrides: dict[str, object] | None = None) -> Settings:
    """Run the lesson's parameters cell, then ``overrides``, then its check-settings cell."""
    parameters, settings_cell = _parameters_and_settings_sources(path)
    namespace: dict[str, object] = {}
    exec(parameters, namespace)  # noqa: S102 -- the course's own notebook cells
    namespace.update(overrides or {})
    with contextlib.redirect_stdout(io.StringIO()):
        exec(settings_cell, namespace)  # noqa: S102
    return namespace["settings"]


def _fraction_names(path: Path) -> tuple[str, ...]:
    """The names passed as ``fractions=`` in the check-settings cell (they must add up to 1)."""
    _, settings_cell = _parameters_and_settings_sources(path)
    for node in ast.walk(ast.parse(settings_cell)):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "fractions":
                    return tuple(ast.literal_eval(keyword.value))
    return ()


LESSONS = lessons()
by_lesson = pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)


def _knob_cases() -> list[tuple[Path, Knob]]:
    cases = []
    for path in LESSONS:
        with contextlib.suppress(ValueError, KeyError):  # a lesson without the cell fails the tests below
            cases += [(path, knob) for knob in declared_settings(path).knobs]
    return cases


@by_lesson
def test_the_settings_cell_comes_right_after_the_parameters_cell(path):
    cells = _cells(path)
    assert _tagged(cells, SETTINGS_TAG) == [index + 1 for index in _tagged(cells, "parameters")], (
        f"{path.name}: the cell after the parameters cell must be the one tagged {SETTINGS_TAG!r}")


@by_lesson
def test_every_knob_is_declared_once_and_its_comment_states_its_range(path):
    parameters, _ = _parameters_and_settings_sources(path)
    lines = parameters.splitlines()
    assigned = {}
    for node in ast.parse(parameters).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, (
            f"{path.name}: the parameters cell holds only plain assignments, found {ast.dump(node)[:60]}")
        assigned[node.targets[0].id] = lines[node.end_lineno - 1]
    knobs = declared_settings(path).knobs
    names = [knob.name for knob in knobs]
    assert len(names) == len(set(names)), f"{path.name}: a knob is declared twice: {names}"
    assert set(names) == set(assigned), (
        f"{path.name}: parameters without a Knob: {sorted(set(assigned) - set(names))}; "
        f"Knobs without a parameter: {sorted(set(names) - set(assigned))}")
    for knob in knobs:
        comment = assigned[knob.name].partition("#")[2]
        assert f"range {knob.range_text()}" in comment, (
            f"{path.name}: the comment of {knob.name} must state 'range {knob.range_text()}', "
            f"got {comment!r}")


@by_lesson
def test_the_defaults_are_inside_their_verified_ranges(path):
    settings = declared_settings(path)
    assert not settings.outside, f"{path.name}: defaults outside their range: {settings.summary()}"


def _just_outside(knob: Knob | TextKnob) -> list[object]:
    """Values a step beyond each end of the verified range, in the knob's own form."""
    if isinstance(knob, TextKnob):  # no range, only a form: a number, and text of another form
        return [8786, f" {knob.value}x"]
    low, high = knob.verified
    if knob.integer:
        ends = [low - 1, high + 1]
    else:
        span = high - low
        ends = [low / 1.1 if low > 0 else low - 0.1 * span, high * 1.1 if high > 0 else high + 0.1 * span]
    if knob.order is None:
        return ends
    default = list(knob.value)
    if knob.order == "decreasing":
        return [[*default, ends[0]], [ends[1], *default]]
    return [[ends[0], *default], [*default, ends[1]]]


def _with_balanced_fractions(path: Path, name: str, value: object) -> dict[str, object]:
    """``{name: value}``, plus the largest other split fraction adjusted so the three still add up to 1."""
    fractions = _fraction_names(path)
    if name not in fractions:
        return {name: value}
    defaults = {knob.name: knob.value for knob in declared_settings(path).knobs if knob.name in fractions}
    largest = max((other for other in fractions if other != name), key=defaults.__getitem__)
    return {name: value, largest: defaults[largest] + defaults[name] - value}


def _case_id(value: object) -> str:
    return value.stem if isinstance(value, Path) else value.name


@pytest.mark.parametrize(("path", "knob"), _knob_cases(), ids=_case_id)
def test_a_knob_set_just_outside_its_range_is_named(path, knob):
    for value in _just_outside(knob):
        overrides = _with_balanced_fractions(path, knob.name, value)
        try:
            settings = declared_settings(path, overrides)
        except (ValueError, TypeError) as error:
            assert knob.name in str(error), f"{knob.name} = {value!r} was refused without naming it: {error}"
        else:
            assert knob.name in settings.summary(), (
                f"{knob.name} = {value!r} is outside {knob.range_text()}, "
                "but the lesson's note does not say so")


def _end_values(path: Path, end: int) -> dict[str, object]:
    """Every knob at its low (end=0) or high (end=1) verified end; split fractions kept adding up to 1."""
    knobs = declared_settings(path).knobs
    values: dict[str, object] = {}
    for knob in knobs:
        if isinstance(knob, TextKnob):  # text has no ends: it keeps its default
            continue
        bound = knob.verified[end]
        if knob.order is None:
            values[knob.name] = bound
        else:  # a list: its own values, plus the end
            merged = sorted({*knob.value, bound}, reverse=knob.order == "decreasing")
            values[knob.name] = merged if knob.order != "any" else [*knob.value, bound]
    fractions = _fraction_names(path)
    if fractions:
        first, rest = fractions[0], fractions[1:]
        defaults = {knob.name: knob.value for knob in knobs}
        share = 1 - values[first]
        for name in rest:
            # Rounded: 1 - 0.9 is 0.09999999999999998, which would put 0.05 a hair outside its range.
            values[name] = round(share * defaults[name] / sum(defaults[other] for other in rest), 12)
    assert math.isclose(sum(values[name] for name in fractions) if fractions else 1.0, 1.0)
    return values


def _run_cases() -> list:
    cases = []
    for path in LESSONS:
        cases.append(pytest.param(path, "low", id=f"{path.stem}-low"))
        cases.append(pytest.param(path, "high", id=f"{path.stem}-high"))
        if path.stem in HARDEST:
            cases.append(pytest.param(path, "hardest", id=f"{path.stem}-hardest"))
    return cases


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize(("path", "where"), _run_cases())
def test_every_check_passes_at_the_ends_of_the_ranges(path, where, tmp_path):
    if where == "hardest":
        parameters = HARDEST[path.stem]
    else:
        parameters = _end_values(path, 0 if where == "low" else 1)
    settings = declared_settings(path, parameters)
    assert not settings.outside, f"the {where} run left its ranges: {settings.summary()}"
    # The exercises' reference solutions typed in: they must pass at every setting too.
    nb = nbformat.read(path, as_version=4)
    exercise_cells = [cell.id for cell in with_solutions(nb)]
    source = tmp_path / f"with-solutions-{path.name}"
    nbformat.write(nb, source)
    # tmp_path as the working directory: a notebook must not depend on where it runs.
    ran = pm.execute_notebook(str(source), str(tmp_path / path.name), parameters=parameters,
                              kernel_name=KERNELSPEC["name"], cwd=str(tmp_path), progress_bar=False)
    checked = [cell for cell in ran.cells if cell.get("id") in exercise_cells]
    assert len(checked) == len(exercise_cells), "papermill lost the exercise cells' ids"
    for cell in checked:
        printed = "".join(output.get("text", "") for output in cell.get("outputs", []))
        assert "correct. Well done!" in printed, f"{path.name}, {where} run, {cell.id}: {printed!r}"
