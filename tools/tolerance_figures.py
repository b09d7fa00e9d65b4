"""Reproduce the measured worst cases that the notebooks quote next to their tolerances.

Most checks in the notebooks rest on a derivation. A few rest on a measurement instead: "the
largest gaps were about ...", "worst share seen ...". Each such figure has one function here,
named in the notebook's comment, that redoes exactly what the notebook computes (the same data
from ``load_course_splits``, standardized with the training statistics, the same start, learning
rate and epochs) for many seeds and sizes, and prints what was measured, over which seeds and
sizes, the worst case found with the (N, seed) where it happened, and the tolerance it backs
with the margin left. A margin below 2x is flagged ``THIN``; a worst case beyond its tolerance,
``EXCEEDS``.

The seeds are 0, 1, 2, ... at every size, so a rerun prints the same numbers (PyTorch and the
BLAS are held to one thread). Each worst case is also printed as the two-digit figure to quote,
rounded away from the tolerance ("quote 0.0084" for a worst case of 0.00832 that must stay
below 0.05). ``near_copies_lesson8`` measures float64 rounding errors, whose digits depend on
the CPU and the BLAS library, like the notebook's own table.

The real-data lessons' figures (``*_lesson12``, ``*_lesson13``) live in
tools/tolerance_figures_real_data.py and run from here like the others.
Lesson 14's (``*_lesson14``, out of core and Dask) live in tools/tolerance_figures_out_of_core.py,
run from here too, and take about 9 minutes.

Everything runs in one process: on a shared two-core machine a second worker would only take
the core that other jobs need. The synthetic lessons' figures take about an hour (half of it the
three lesson-10 optimizer figures, which share one sweep when run together), lesson 12's about 15
minutes more and lesson 13's about 40; ``--seeds-scale 0.05`` takes a
quick look with a share of the seeds, whose numbers are then not the quoted ones.

Usage: python tools/tolerance_figures.py [--list] [--figure NAME [--figure NAME ...]] [--seeds-scale SHARE]
"""

from __future__ import annotations

import argparse
import functools
import math
import sys
import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import torch
from threadpoolctl import threadpool_limits
from torch import nn

from lessons_utils import (
    DataSplits,
    Standardizer,
    TrainingDivergedError,
    design_matrix,
    fit_linear_closed_form,
    fit_linear_minibatch,
    fresh_sample,
    generate_linear_data,
    load_course_splits,
    mse,
    noise_mean,
    noise_std,
)
from lessons_utils.torch_training import fit_linear_torch
from tolerance_figures_out_of_core import OUT_OF_CORE_FIGURES
from tolerance_figures_real_data import REAL_DATA_FIGURES

FRACTIONS = (0.70, 0.15, 0.15)  # every lesson's TRAIN_FRACTION, VAL_FRACTION, TEST_FRACTION
# The seeds and sizes of the Adam figures of lessons 6 to 8 (lesson 5 has a plan of its own).
ADAM_PLAN = ((20, 1000), (37, 1000), (50, 1000), (300, 1000), (10000, 1000), (100000, 200))

Plan = tuple[tuple[int, int], ...]  # (N, number of seeds 0, 1, ...) pairs


# ---------------------------------------------------------------------------------------------
# Plumbing shared by the figures
# ---------------------------------------------------------------------------------------------


class Course(NamedTuple):
    """The course data of lessons 5 to 9 for one (seed, N), standardized with training statistics."""

    splits: DataSplits  # original units
    X: np.ndarray  # (n_train, 1) standardized training inputs
    y: np.ndarray  # (n_train, 1)
    X_val: np.ndarray  # (n_val, 1), scaled with the training statistics
    y_val: np.ndarray


def course_data(seed: int, num_samples: int) -> Course:
    """Load and standardize the course data exactly as lessons 5 to 9 do.

    Lesson 5 standardizes with scikit-learn's ``StandardScaler``; it gives bit-for-bit the same
    numbers as ``Standardizer`` (lesson 5's checks compare them), which is used here.

    Parameters
    ----------
    seed : int
        The notebook's ``SEED``.
    num_samples : int
        The notebook's ``NUM_SAMPLES``.

    Returns
    -------
    Course
    """
    splits = load_course_splits(seed, num_samples, FRACTIONS)
    x_scaler, y_scaler = Standardizer().fit(splits.train.X), Standardizer().fit(splits.train.y)
    return Course(splits, x_scaler.transform(splits.train.X), y_scaler.transform(splits.train.y),
                  x_scaler.transform(splits.val.X), y_scaler.transform(splits.val.y))


def least_squares(X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The exact (W*, b*) of one standardized feature: lesson 8's normal equations, by hand.

    Lesson 5 compares Adam with gradient descent and lesson 6 with the slope formula; on
    standardized data both sit within 1e-8 of this, far below every printed digit.

    Parameters
    ----------
    X, y : numpy.ndarray of shape (n, 1)
        Standardized inputs and targets.

    Returns
    -------
    (float, float)
    """
    A = design_matrix(X)  # (n, 2)
    theta = np.linalg.solve(A.T @ A, A.T @ y)  # (2, 1)
    return theta[0, 0], theta[1, 0]


def adam_from_nn_linear(seed: int, X: np.ndarray, y: np.ndarray, *, learning_rate: float,
                        num_epochs: int, weight_decay: float = 0.0) -> tuple[float, float]:
    """Lesson 5's hand-written loop (and lesson 7's ``train_with``): Adam from ``nn.Linear``'s own start.

    Parameters
    ----------
    seed : int
        Seeds PyTorch right before ``nn.Linear(1, 1)`` draws its weight and bias, as
        ``set_seed(SEED, torch=True)`` (lesson 5) and ``torch.manual_seed(SEED)`` (lesson 7) do.
    X, y : numpy.ndarray of shape (n, 1)
        Standardized training rows; the loop runs in float32.
    learning_rate : float
        Adam's ``lr``.
    num_epochs : int
        Full-batch updates.
    weight_decay : float, default 0.0
        ``torch.optim.Adam``'s ``weight_decay``.

    Returns
    -------
    (float, float)
        The final weight and bias, standardized units.
    """
    torch.manual_seed(seed)
    model = nn.Linear(1, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate, weight_decay=weight_decay)
    inputs, targets = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
    loss_fn = nn.MSELoss()
    for _ in range(num_epochs):
        loss = loss_fn(model(inputs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model.weight.item(), model.bias.item()


def scaled_plan(plan: Plan, scale: float) -> Plan:
    """The plan with every seed count multiplied by ``scale`` (at least one seed per size).

    Parameters
    ----------
    plan : tuple of (int, int)
        (N, number of seeds) pairs.
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.

    Returns
    -------
    tuple of (int, int)
    """
    return tuple((size, max(1, round(seeds * scale))) for size, seeds in plan)


def describe(plan: Plan) -> str:
    """Say which seeds and sizes a plan covers, e.g. "1000 seeds at N = 20, 50; 200 seeds at N = 100000".

    Parameters
    ----------
    plan : tuple of (int, int)
        (N, number of seeds) pairs, already scaled.

    Returns
    -------
    str
    """
    groups: dict[int, list[int]] = {}
    for size, seeds in plan:
        groups.setdefault(seeds, []).append(size)
    parts = []
    for seeds, sizes in groups.items():
        consecutive = len(sizes) > 4 and sizes == list(range(sizes[0], sizes[-1] + 1))
        sizes_text = f"{sizes[0]} .. {sizes[-1]}" if consecutive else ", ".join(map(str, sizes))
        parts.append(f"{seeds} seed{'s' if seeds > 1 else ''} at N = {sizes_text}")
    return f"seeds 0, 1, ...: {'; '.join(parts)} ({sum(seeds for _, seeds in plan)} runs)"


def sweep(plan: Plan, measure: Callable[[int, int], tuple[float, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """Call ``measure(seed, N)`` for every seed and size of the plan.

    Parameters
    ----------
    plan : tuple of (int, int)
        (N, number of seeds) pairs.
    measure : callable
        Returns a tuple of floats for one (seed, N).

    Returns
    -------
    where : numpy.ndarray of shape (runs, 2)
        (N, seed) of each run.
    values : numpy.ndarray of shape (runs, k)
        What ``measure`` returned.
    """
    where, values = [], []
    for size, seeds in plan:
        start = time.perf_counter()
        for seed in range(seeds):
            where.append((size, seed))
            values.append(measure(seed, size))
        seconds = time.perf_counter() - start
        if seconds >= 5:  # progress of the long sweeps, on stderr
            print(f"    [N = {size}: {seeds} seeds in {seconds:.0f} s]", file=sys.stderr, flush=True)
    return np.array(where), np.array(values, dtype=float)


def quote(value: float, *, upper: bool) -> str:
    """Two significant digits, rounded away from the tolerance: up for a maximum, down for a minimum.

    Parameters
    ----------
    value : float
        The worst case.
    upper : bool
        True if the check wants ``value`` below its tolerance (so the quote rounds up).

    Returns
    -------
    str
        For example "0.0084", "0.50" or "6.1e-7".
    """
    if not np.isfinite(value) or value == int(value):  # counts of epochs are quoted as they are
        return f"{value:g}"
    unit = 10.0 ** (math.floor(math.log10(abs(value))) - 1)
    digits = value / unit
    digits = math.ceil(digits - 1e-9) if upper else math.floor(digits + 1e-9)
    rounded = digits * unit
    if 100 <= abs(rounded) < 1e5:
        return f"{rounded:.0f}"
    return f"{rounded:#.2g}".rstrip(".").replace("e-0", "e-").replace("e+0", "e+")


def report(label: str, values: np.ndarray, where: np.ndarray, *, bound: float | None = None,
           upper: bool = True) -> None:
    """Print the worst of ``values``, where it happened, and the margin to the tolerance it backs.

    Parameters
    ----------
    label : str
        What the values are.
    values : numpy.ndarray of shape (runs,)
        One value per run; NaN marks a run where the quantity does not exist (it fails the check).
    where : numpy.ndarray of shape (runs, 2)
        (N, seed) of each run.
    bound : float, optional
        The notebook's tolerance: its check is ``value < bound`` when ``upper``, else
        ``value > bound``. None: just print the extreme.
    upper : bool, default True
        Whether the worst case is the largest value (else the smallest).
    """
    undefined = np.isnan(values)
    if undefined.any():
        i = int(np.flatnonzero(undefined)[0])
    else:
        i = int(np.argmax(values) if upper else np.argmin(values))
    worst = values[i]
    line = (f"  {label}: {'largest' if upper else 'smallest'} {worst:.4g} at N = {where[i, 0]}, seed "
            f"{where[i, 1]}; quote {quote(worst, upper=upper)}")
    if undefined.any():
        line += f" (undefined in {int(undefined.sum())} runs)"
    if bound is not None:
        ok = bool(worst < bound if upper else worst > bound)
        line += f"; check {'<' if upper else '>'} {bound:g}"
        if ok and bound != 0:
            margin = (bound / worst if worst else math.inf) if upper else worst / bound
            line += f", margin {margin:.3g}x" + ("  <-- THIN (within 2x)" if margin < 2 else "")
        line += "" if ok else "  <-- EXCEEDS"
    print(line)


def header(name: str, backs: str, measured: str, plan: Plan) -> None:
    """Print the first lines of a figure: its name, what it backs, what is measured, over what.

    Parameters
    ----------
    name : str
        The figure's name (``--figure NAME``).
    backs : str
        The notebook and the constant or comment it backs.
    measured : str
        What is measured, with its settings.
    plan : tuple of (int, int)
        (N, number of seeds) pairs, already scaled.
    """
    print(f"\n{name}: {backs}")
    print(f"  measured: {measured}")
    print(f"  {describe(plan)}")


# ---------------------------------------------------------------------------------------------
# Lesson 3: the leakage experiment (the same line four ways; ridge's line moves with the scaler)
# ---------------------------------------------------------------------------------------------


# Lesson 3's verified ranges: the two ends of the split fractions (plus the defaults), and of
# TEST_SHIFT_IN_STDS.
LESSON3_FRACTIONS = ((0.5, 0.25, 0.25), (0.7, 0.15, 0.15), (0.9, 0.05, 0.05))
LESSON3_SHIFTS = (10.0, 100.0)


def lesson3_line(splits: DataSplits, y_test_now: np.ndarray, fit_on: str,
                 l2_penalty: float = 0.0) -> tuple[float, float]:
    """Lesson 3's ``fitted_line``: scalers on "train" or "all" rows, least squares, read back as (slope, b).

    Parameters
    ----------
    splits : DataSplits
        The lesson's splits, original units.
    y_test_now : numpy.ndarray of shape (n_test, 1)
        The test targets of the world at hand (as is, or shifted).
    fit_on : {"train", "all"}
        Which rows the two scalers are fitted on.
    l2_penalty : float, default 0
        Ridge's lambda on the standardized rows (0: plain least squares).

    Returns
    -------
    (float, float)
        Slope and intercept in original units.
    """
    (X_train, y_train), (X_val, y_val), (X_test, _) = splits
    X_rows = {"train": X_train, "all": np.vstack([X_train, X_val, X_test])}[fit_on]
    y_rows = {"train": y_train, "all": np.vstack([y_train, y_val, y_test_now])}[fit_on]
    x_scaler, y_scaler = Standardizer().fit(X_rows), Standardizer().fit(y_rows)
    fit = fit_linear_closed_form(x_scaler.transform(X_train), y_scaler.transform(y_train),
                                 l2_penalty=l2_penalty)
    ends_z = x_scaler.transform(np.array([[0.0], [1.0]]))
    ends = y_scaler.inverse_transform(ends_z @ fit.W + fit.b)  # (2, 1)
    return ends[1, 0] - ends[0, 0], ends[0, 0]


def rounding_lesson3(scale: float) -> None:
    """Leakage rounding: notebook 03, the comments on ``LINE_TOLERANCE`` (1e-8) in its checks.

    The four least-squares lines' differences in slope (relative) and intercept (over
    std(y_train)) are exactly 0 in exact arithmetic; what is left is float64 rounding, at both ends
    of TEST_SHIFT_IN_STDS and of the split fractions. Also the smallest relative change of ridge's
    slope (lambda = 1, the notebook's RIDGE_PENALTY) between a train-only and an all-rows scaler,
    which the notebook asserts is above the same allowance.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    for shift in LESSON3_SHIFTS:
        for fractions in LESSON3_FRACTIONS:
            plan = scaled_plan(((20, 200), (50, 100), (1000, 30), (100000, 5)), scale)
            header("rounding_lesson3", "notebook 03, LINE_TOLERANCE 1e-8 (same lines; ridge moves)",
                   f"rounding of the leakage checks, shift {shift:g} stds, fractions {fractions}", plan)

            def measure(seed: int, size: int, fractions: tuple = fractions, shift: float = shift) -> tuple:
                splits = load_course_splits(seed, size, fractions)
                y_std = splits.train.y.std()
                worlds = {"as is": splits.test.y, "changed": splits.test.y + shift * y_std}
                lines = [lesson3_line(splits, y_test_now, fit_on)
                         for fit_on in ("train", "all") for y_test_now in worlds.values()]
                slope, intercept = lines[0]
                slope_error = max(abs(s - slope) for s, _ in lines) / abs(slope)
                intercept_error = max(abs(b - intercept) for _, b in lines) / y_std
                ridge = [lesson3_line(splits, splits.test.y, fit_on, l2_penalty=1.0)[0]
                         for fit_on in ("train", "all")]
                return slope_error, intercept_error, abs(ridge[1] - ridge[0]) / abs(ridge[0])

            where, errors = sweep(plan, measure)
            report("slope differences / slope", errors[:, 0], where, bound=1e-8)
            report("intercept differences / std(y_train)", errors[:, 1], where, bound=1e-8)
            report("ridge slope change / slope (a minimum)", errors[:, 2], where, bound=1e-8, upper=False)


def flattery_lesson3(scale: float) -> None:
    """Choosing on the test rows: notebook 03, ``HONEST_SPREAD`` (4) and the flattery's sign.

    Redoes the notebook's redraw experiment: polynomials of degree 0 to 5 in the standardized x,
    the honest degree chosen on validation, then ``num_redraws`` new test sets drawn from the fresh
    sample, each scored by every degree. Prints, in sampling errors of the average, how far the
    honest score's average miss lies from zero (the check wants at most 4), and how far the
    flattery (leaked miss minus honest miss) lies below zero (the check wants it below zero; the
    distance says how safely).

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    for fractions in LESSON3_FRACTIONS:
        plan = scaled_plan(((20, 40), (50, 40), (100, 40), (1000, 10), (100000, 3)), scale)
        header("flattery_lesson3", "notebook 03, HONEST_SPREAD 4 and the flattery below zero",
               f"the redraws of the test rows, fractions {fractions}", plan)

        def measure(seed: int, size: int, fractions: tuple = fractions) -> tuple:
            (X_train, y_train), (X_val, y_val), (X_test, _) = load_course_splits(seed, size, fractions)
            x_scaler = Standardizer().fit(X_train)
            powers = np.arange(6)  # degrees 0 .. 5, the notebook's MAX_DEGREE
            coefficients = [np.linalg.lstsq(x_scaler.transform(X_train) ** powers[:d + 1], y_train,
                                            rcond=None)[0] for d in powers]

            def squared_errors(X: np.ndarray, y: np.ndarray) -> np.ndarray:  # (n, 6)
                z = x_scaler.transform(X)
                columns = [(z ** powers[:d + 1] @ c - y) ** 2
                           for d, c in zip(powers, coefficients, strict=True)]
                return np.hstack(columns)

            honest = int(squared_errors(X_val, y_val).mean(axis=0).argmin())
            fresh_seed, redraw_seed = np.random.SeedSequence(seed).spawn(2)
            X_fresh, y_fresh = fresh_sample(size, rng=np.random.default_rng(fresh_seed))
            fresh_squared = squared_errors(X_fresh, y_fresh)
            fresh_mse = fresh_squared.mean(axis=0)
            num_redraws = min(20_000, 4_000_000 // len(X_test))
            redraw_rng = np.random.default_rng(redraw_seed)
            rows = redraw_rng.integers(0, len(X_fresh), size=(num_redraws, len(X_test)))
            scores = fresh_squared[rows].mean(axis=1)  # (num_redraws, 6)
            leaked_miss = scores.min(axis=1) - fresh_mse[scores.argmin(axis=1)]
            honest_miss = scores[:, honest] - fresh_mse[honest]
            flattery = leaked_miss - honest_miss
            honest_z = abs(honest_miss.mean()) / (honest_miss.std() / np.sqrt(num_redraws))
            return honest_z, -flattery.mean() / (flattery.std() / np.sqrt(num_redraws))

        where, values = sweep(plan, measure)
        report("|honest average miss| in sampling errors", values[:, 0], where, bound=4)
        report("flattery below zero in sampling errors (a minimum)", values[:, 1], where, bound=0,
               upper=False)


# ---------------------------------------------------------------------------------------------
# Lessons 5 to 7: Adam after lr 0.1 and 100 epochs
# ---------------------------------------------------------------------------------------------


# Lesson 5's verified ranges: the ends of LEARNING_RATE, and the epochs NUM_EPOCHS may take.
LESSON5_LEARNING_RATES = (0.05, 0.2)
LESSON5_EPOCHS = (100, 500)


def adam_offsets_1d(offsets: np.ndarray, *, learning_rate: float, num_epochs: int) -> np.ndarray:
    """|d| after each epoch of torch's Adam (default betas and eps) on f(d) = d^2, from each offset.

    On standardized data lesson 5's loss is J* + (W - W*)^2 + (b - b*)^2 exactly, and Adam acts on
    each parameter separately, so W and b each follow this one-dimensional run from their starting
    offsets W0 - W* and b0 - b*. ``nn.Linear(1, 1)`` starts both in [-1, 1], W* is the correlation
    (between 0 and 1) and b* = 0: every offset any seed can give has |d| <= 2.

    Parameters
    ----------
    offsets : numpy.ndarray of shape (k,)
        Starting offsets d0.
    learning_rate : float
        Adam's ``lr``.
    num_epochs : int
        Full-batch updates.

    Returns
    -------
    numpy.ndarray of shape (num_epochs + 1, k)
        |d| before training and after every epoch, in float64.
    """
    beta1, beta2, eps = 0.9, 0.999, 1e-8  # torch.optim.Adam's defaults
    d = np.array(offsets, dtype=np.float64)
    m, v = np.zeros_like(d), np.zeros_like(d)
    gaps = np.empty((num_epochs + 1, d.size))
    gaps[0] = np.abs(d)
    for t in range(1, num_epochs + 1):
        g = 2 * d  # the gradient of d^2
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        d = d - learning_rate * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
        gaps[t] = np.abs(d)
    return gaps


def adam_lesson5(scale: float) -> None:
    """Lesson 5's Adam gaps: notebook 05, the comment on ``ADAM_TOLERANCE`` (0.05) in its check cell.

    The notebook's loop: ``set_seed(SEED, torch=True)``, then ``nn.Linear(1, 1)`` with its own
    random start, ``torch.optim.Adam`` at ``LEARNING_RATE`` for ``NUM_EPOCHS``; its checks compare
    W and b with gradient descent, i.e. with least squares. The tolerance must hold over the whole
    verified range: LEARNING_RATE 0.05 to 0.2 and NUM_EPOCHS 100 to 500. Measured twice:

    1. the one-dimensional model of :func:`adam_offsets_1d` over a fine grid of every offset a seed
       can give (|d| <= 2), every learning rate on a grid across the range, every epoch count in it;
    2. torch itself, the notebook's loop in float32, at both ends of the learning-rate range for
       the seeds of the plan, recording the gap after every epoch count in the range.

    Parameters
    ----------
    scale : float
        Share of the seeds (and of the offset grid) to run; 1 reproduces the quoted figures.
    """
    low, high = LESSON5_EPOCHS
    rates = np.linspace(*LESSON5_LEARNING_RATES, 16)
    offsets = np.linspace(0, 2, max(11, round(4001 * scale)))  # Adam is odd-symmetric: |d| suffices
    print(f"\nadam_lesson5: notebook 05, ADAM_TOLERANCE = 0.05 (LEARNING_RATE {LESSON5_LEARNING_RATES[0]:g} "
          f"to {LESSON5_LEARNING_RATES[1]:g}, NUM_EPOCHS {low} to {high})")
    print(f"  measured (1): |d| after E epochs of Adam on d^2, every E in [{low}, {high}], {offsets.size} "
          f"starting offsets in [0, 2], {rates.size} learning rates across the range")
    worst = [(adam_offsets_1d(offsets, learning_rate=lr, num_epochs=high)[low:].max(), lr) for lr in rates]
    gap, lr = max(worst)
    line = f"  every start: largest {gap:.4g} at lr {lr:g}; quote {quote(gap, upper=True)}"
    line += f"; check < 0.05, margin {0.05 / gap:.3g}x"
    print(line + ("  <-- THIN (within 2x)" if 0.05 / gap < 2 else ""))

    plan = scaled_plan(((20, 40), (50, 40), (1000, 40), (100000, 40)), scale)
    for lr in LESSON5_LEARNING_RATES:
        header(f"adam_lesson5, torch at lr {lr:g}", "notebook 05, ADAM_TOLERANCE = 0.05",
               f"largest |W - W*| and |b - b*| (standardized) after E epochs of Adam, every E in [{low}, "
               f"{high}], from nn.Linear's own start after torch.manual_seed(seed)", plan)

        def measure(seed: int, size: int, lr: float = lr) -> tuple[float, float]:
            data = course_data(seed, size)
            torch.manual_seed(seed)
            model = nn.Linear(1, 1)
            optimizer = torch.optim.Adam(model.parameters(), lr=lr)
            inputs = torch.tensor(data.X, dtype=torch.float32)
            targets = torch.tensor(data.y, dtype=torch.float32)
            W_star, b_star = least_squares(data.X, data.y)
            W_gap = b_gap = 0.0
            for epoch in range(1, high + 1):
                loss = nn.functional.mse_loss(model(inputs), targets)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                if epoch >= low:
                    W_gap = max(W_gap, abs(model.weight.item() - W_star))
                    b_gap = max(b_gap, abs(model.bias.item() - b_star))
            return W_gap, b_gap

        where, gaps = sweep(plan, measure)
        report("W gap", gaps[:, 0], where, bound=0.05)
        report("b gap", gaps[:, 1], where, bound=0.05)


def adam_lesson6(scale: float) -> None:
    """Lesson 6's Adam gaps: notebook 06, the comment on ``ADAM_TOLERANCE`` (0.05) in its first check cell.

    The notebook calls ``fit_linear_torch(..., rng=np.random.default_rng(SEED))``: Adam from
    lesson 4's start ``W = 0.01 * standard_normal``, ``b = 0``; its checks compare W with the
    least-squares slope and b with 0 (the least-squares bias). Measured at the corners of the
    verified ranges: ``LEARNING_RATE`` 0.1 and 0.9 with ``NUM_EPOCHS`` 100 and 300, and 0.5 at 100.
    (Beyond about 300 epochs Adam's bias starts to wander again: 0.07 was seen at lr 0.9 after 1000.)

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(ADAM_PLAN, scale)
    for learning_rate, num_epochs in ((0.1, 100), (0.5, 100), (0.9, 100), (0.1, 300), (0.9, 300)):
        header("adam_lesson6", "notebook 06, ADAM_TOLERANCE = 0.05",
               f"|W - W*| and |b - b*| (standardized) after fit_linear_torch (Adam, lr {learning_rate}, "
               f"{num_epochs} epochs) from rng = default_rng(seed): W = 0.01 randn, b = 0", plan)

        def measure(seed: int, size: int, learning_rate: float = learning_rate,
                    num_epochs: int = num_epochs) -> tuple[float, float]:
            data = course_data(seed, size)
            fit = fit_linear_torch(data.X, data.y, rng=np.random.default_rng(seed),
                                   learning_rate=learning_rate, num_epochs=num_epochs)
            W_star, b_star = least_squares(data.X, data.y)
            return abs(fit.W.item() - W_star), abs(fit.b.item() - b_star)

        where, gaps = sweep(plan, measure)
        report("W gap", gaps[:, 0], where, bound=0.05)
        report("b gap", gaps[:, 1], where, bound=0.05)


def adam_weight_decay_lesson7(scale: float) -> None:
    """Lesson 7's Adam with weight decay: notebook 07, the comment on ``ADAM_TOLERANCE`` (0.05).

    The tolerance is used in section 6's checks only: ``torch.optim.Adam(lr=LEARNING_RATE,
    weight_decay=WEIGHT_DECAY)`` for ``NUM_EPOCHS`` from ``nn.Linear``'s own start after
    ``torch.manual_seed(SEED)`` must end near the minimum of MSE + (wd / 2)(w^2 + b^2), that is
    W = W_ls / (1 + wd / 2) and b = 0. Measured at the corners of the verified ranges:
    ``LEARNING_RATE`` 0.05 and 0.2, ``NUM_EPOCHS`` 100 and 300, ``WEIGHT_DECAY`` 0.1 and 1.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(ADAM_PLAN, scale)
    for learning_rate in (0.05, 0.2):
        for num_epochs in (100, 300):
            for weight_decay in (0.1, 1.0):
                header("adam_weight_decay_lesson7", "notebook 07, ADAM_TOLERANCE = 0.05",
                       f"|W - W_ls / (1 + wd/2)| and |b| (standardized) after Adam(lr {learning_rate}, "
                       f"weight_decay {weight_decay}), {num_epochs} epochs, from nn.Linear's own start "
                       "after torch.manual_seed(seed)", plan)

                def measure(seed: int, size: int, learning_rate: float = learning_rate,
                            num_epochs: int = num_epochs, weight_decay: float = weight_decay,
                            ) -> tuple[float, float]:
                    data = course_data(seed, size)
                    W, b = adam_from_nn_linear(seed, data.X, data.y, learning_rate=learning_rate,
                                               num_epochs=num_epochs, weight_decay=weight_decay)
                    penalized_optimum = np.mean(data.X * data.y) / (1 + weight_decay / 2)
                    return abs(W - penalized_optimum), abs(b)

                where, gaps = sweep(plan, measure)
                report("W gap", gaps[:, 0], where, bound=0.05)
                report("b gap", gaps[:, 1], where, bound=0.05)


# ---------------------------------------------------------------------------------------------
# Lessons 8 and 9: Adam over its verified ranges, conditioning, gradient checks
# ---------------------------------------------------------------------------------------------


# Lessons 8 and 9 use the fractions as knobs: their figures cover both ends of TRAIN_FRACTION.
LESSON8_FRACTIONS = ((0.5, 0.25, 0.25), FRACTIONS, (0.9, 0.05, 0.05))
# Adam at the corners of lesson 8's verified ranges (ADAM_LEARNING_RATE 0.02 .. 0.2, ADAM_NUM_EPOCHS
# 300 .. 500): fewer seeds than ADAM_PLAN, since each corner is a full sweep of its own.
ADAM8_CORNERS = ((0.02, 300), (0.02, 500), (0.2, 300), (0.2, 500))
ADAM8_CORNER_PLAN = ((20, 40), (50, 40), (300, 20), (10000, 10), (100000, 2))


def adam_lesson8(scale: float) -> None:
    """Lesson 8's Adam gap: notebook 08, the comment on ``ADAM_TOLERANCE`` (1e-5) in the checks.

    The notebook's method (f): ``fit_linear_torch(..., rng=np.random.default_rng(SEED))``; its check
    takes the larger of the W and b gaps to the normal equations. Measured at the defaults (lr 0.05,
    300 epochs) over ``ADAM_PLAN``, then at each corner of the verified ranges over
    ``ADAM8_CORNER_PLAN``; and once at 1000 epochs, outside the range, to show why it stops at 500.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    def gap_at(learning_rate: float, num_epochs: int) -> Callable[[int, int], tuple[float]]:
        def measure(seed: int, size: int) -> tuple[float]:
            data = course_data(seed, size)
            fit = fit_linear_torch(data.X, data.y, rng=np.random.default_rng(seed),
                                   learning_rate=learning_rate, num_epochs=num_epochs)
            W_star, b_star = least_squares(data.X, data.y)
            return (max(abs(fit.W.item() - W_star), abs(fit.b.item() - b_star)),)
        return measure

    settings = [(0.05, 300, ADAM_PLAN), *((lr, epochs, ADAM8_CORNER_PLAN) for lr, epochs in ADAM8_CORNERS)]
    for learning_rate, num_epochs, full_plan in settings:
        plan = scaled_plan(full_plan, scale)
        header("adam_lesson8", "notebook 08, ADAM_TOLERANCE = 1e-5",
               f"max(|W - W*|, |b - b*|) (standardized) after fit_linear_torch (Adam, lr {learning_rate}, "
               f"{num_epochs} epochs) from rng = default_rng(seed)", plan)
        where, gaps = sweep(plan, gap_at(learning_rate, num_epochs))
        report("gap", gaps[:, 0], where, bound=1e-5)
    plan = scaled_plan(((20, 12), (50, 12), (300, 12), (10000, 12)), scale)
    header("adam_lesson8", "notebook 08, the comment on ADAM_TOLERANCE (outside the range)",
           "the same gap after 1000 epochs at lr 0.2", plan)
    where, gaps = sweep(plan, gap_at(0.2, 1000))
    report("gap", gaps[:, 0], where)


def raw_condition_lesson8(scale: float) -> None:
    """Raw conditioning: notebooks 08 (section 4) and 09 (section 3): the bounds on cond(A^T A), raw steps.

    ``A = design_matrix(X_train)`` on the raw inputs. The bounds are proved in section 4 of the
    notebook ((n - 1)^2 below; the top-n mean square over the variance of n consecutive numbers
    above), so no margin is needed; this shows how close real draws come to them (ratios near 1 are
    tight bounds, never a risk) at the small N where the extremes happen, at both ends of
    TRAIN_FRACTION's range. Also lesson 9, section 3's count of gradient-descent steps on raw inputs, which
    must exceed the recorded PATH_STEPS (at most 500).

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    for fractions in LESSON8_FRACTIONS:
        plan = scaled_plan(tuple((size, 500) for size in range(20, 101, 10)), scale)
        header("raw_condition_lesson8", "notebooks 08 and 09, cond_lower <= cond_raw <= cond_upper",
               f"cond(A^T A) / bound for A = [raw X_train, 1], fractions {fractions}", plan)

        def measure(seed: int, size: int, fractions: tuple = fractions) -> tuple[float, float, float]:
            splits = load_course_splits(seed, size, fractions)
            X, y = splits.train.X, Standardizer().fit_transform(splits.train.y)  # raw X, (n_train, 1)
            A = design_matrix(X)
            n = len(X)
            top = np.arange(size - n, size, dtype=float)
            upper = (np.mean(top**2) + 1) ** 2 / ((n**2 - 1) / 12)
            cond = np.linalg.cond(A.T @ A)
            # Section 6's step count for gradient descent with step 1/L from w = b = 0, tolerance 1e-6.
            eigenvalues, eigenvectors = np.linalg.eigh((2 / n) * A.T @ A)
            fit = fit_linear_closed_form(X, y)
            coords = eigenvectors.T @ -np.array([fit.W.item(), fit.b.item()])
            flat = 1 - eigenvalues / eigenvalues.max()
            excess_0, excess_1 = np.sum(eigenvalues * coords**2), np.sum(eigenvalues * coords**2 * flat**2)
            steps = 1 + math.ceil(math.log(1e-6 * excess_0 / excess_1) / (2 * math.log(flat[0])))
            return cond / (n - 1) ** 2, cond / upper, steps

        where, ratios = sweep(plan, measure)
        report("cond / lower bound", ratios[:, 0], where, bound=1, upper=False)
        report("cond / upper bound", ratios[:, 1], where, bound=1)
        report("raw steps to STEP_TOLERANCE (lesson 9, section 3; PATH_STEPS <= 500)", ratios[:, 2], where,
               bound=500, upper=False)


NEAR_COPY_PLANS = {20: ((20, 100), (30, 100), (50, 100), (1000, 50), (100000, 5)),
                   100: ((20, 40), (50, 40), (1000, 10), (100000, 2))}  # per NUM_TRUE_LINES


def near_copies_lesson8(scale: float) -> None:
    """Near copies: notebook 08, checks of section 4, the comment "Section 4, near copies".

    Section 4's experiment: features x and x + delta u for delta in 1e-2, 1e-4, 1e-6 (the verified
    range of NEAR_COPY_SCALES is 1e-6 to 0.01: at 1e-7, with ten training rows, cond(A^T A) nears
    1 / eps and cannot even be computed), made-up exact lines (20 and 100, the ends of
    NUM_TRUE_LINES), at TRAIN_FRACTION 0.5, 0.7 and 0.9, and the median relative error of the normal
    equations, of ``fit_linear_closed_form`` and of ``lstsq``. The checks want cond(A^T A) within 5%
    of cond(A)^2, the first two errors within (10^-2.5, 100) x eps cond(A)^2, lstsq below
    1000 x eps cond(A), and both normal-equation errors above cond(A) / 3000 times lstsq's. These
    are rounding errors: the digits depend on the CPU and BLAS.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    eps64 = np.finfo(np.float64).eps
    for num_lines, full_plan in NEAR_COPY_PLANS.items():
        plan = scaled_plan(full_plan, scale)
        header("near_copies_lesson8", "notebook 08, the bounds of the near-copy checks",
               f"median relative errors over {num_lines} exact lines, delta = 1e-2, 1e-4, 1e-6, as multiples "
               "of eps cond(A)^2 (normal equations, closed form) and of eps cond(A) (lstsq), at "
               "TRAIN_FRACTION 0.5, 0.7, 0.9", plan)

        def measure(seed: int, size: int, num_lines: int = num_lines) -> tuple[float, ...]:
            worst = [np.inf, 0.0, 0.0, np.inf, 0.0]  # min, max, max, min, max
            for fractions in LESSON8_FRACTIONS:
                splits = load_course_splits(seed, size, fractions)
                X = Standardizer().fit_transform(splits.train.X)  # (n_train, 1)
                near_copy_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[0])
                u = Standardizer().fit_transform(near_copy_rng.standard_normal((len(X), 1)))
                theta_true = near_copy_rng.standard_normal((3, num_lines))  # column k: [W1, W2, b] of line k
                norms = np.linalg.norm(theta_true, axis=0)
                for delta in (1e-2, 1e-4, 1e-6):
                    features = np.hstack([X, X + delta * u])
                    A = design_matrix(features)  # (n, 3)
                    Y = A @ theta_true  # (n, num_lines)
                    normal = np.linalg.solve(A.T @ A, A.T @ Y)
                    lstsq = np.linalg.lstsq(A, Y, rcond=None)[0]
                    fits = [fit_linear_closed_form(features, Y[:, [k]]) for k in range(num_lines)]
                    centred = np.hstack([np.vstack([fit.W, fit.b.reshape(1, 1)]) for fit in fits])
                    errors = [np.median(np.linalg.norm(theta - theta_true, axis=0) / norms)
                              for theta in (normal, centred, lstsq)]
                    cond = np.linalg.cond(A)
                    scaled = (errors[0] / (eps64 * cond**2), errors[1] / (eps64 * cond**2))
                    worst[0] = min(worst[0], *scaled)
                    worst[1] = max(worst[1], *scaled)
                    worst[2] = max(worst[2], errors[2] / (eps64 * cond))
                    worst[3] = min(worst[3], errors[0] / errors[2] / cond, errors[1] / errors[2] / cond)
                    worst[4] = max(worst[4], abs(np.linalg.cond(A.T @ A) / cond**2 - 1))
            return tuple(worst)

        where, values = sweep(plan, measure)
        report("normal eq. and closed form, smallest error / (eps cond(A)^2)", values[:, 0], where,
               bound=10**-2.5, upper=False)
        report("normal eq. and closed form, largest error / (eps cond(A)^2)", values[:, 1], where, bound=100)
        report("lstsq, largest error / (eps cond(A))", values[:, 2], where, bound=1000)
        report("smallest (normal eq. or closed form) / lstsq / cond(A)", values[:, 3], where, bound=1 / 3000,
               upper=False)
        report("largest |cond(A^T A) / cond(A)^2 - 1|", values[:, 4], where, bound=0.05)


def gradient_check_lesson9(scale: float) -> None:
    """Gradient checks: notebook 09, checks of section 2, FD_ROUNDING_FACTOR and AUTOGRAD_TOLERANCE.

    Section 5's set-up: the course's X plus NUM_EXTRA_FEATURES seeded noise columns, standardized;
    theta_0 two units from the minimum in a random direction; central differences with FD_STEP, and
    float64 autograd. Measured: the central differences' relative error over the notebook's rounding
    estimate sqrt(D + 1) eps J / (2 FD_STEP |g|), and autograd's relative error, at both ends of
    FD_STEP (1e-6, 0.1) and of NUM_EXTRA_FEATURES (0, 10) and at 2 and 5, at both ends of
    TRAIN_FRACTION.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    from lessons_utils import check_gradient, mse_gradients, relative_error

    eps64 = np.finfo(np.float64).eps
    plan = scaled_plan(((20, 300), (50, 300), (1000, 300), (100000, 20)), scale)
    header("gradient_check_lesson9", "notebook 09, FD_ROUNDING_FACTOR = 30 and AUTOGRAD_TOLERANCE = 1e-12",
           "central differences' relative error / rounding estimate, and autograd's relative error, for "
           "FD_STEP 1e-6 and 0.1, NUM_EXTRA_FEATURES 0, 2, 5, 10, TRAIN_FRACTION 0.5, 0.7, 0.9", plan)

    def measure(seed: int, size: int) -> tuple[float, float]:
        worst_fd, worst_autograd = 0.0, 0.0
        for fractions in LESSON8_FRACTIONS:
            splits = load_course_splits(seed, size, fractions)
            X_train, y = splits.train.X, Standardizer().fit_transform(splits.train.y)
            n = len(X_train)
            for extra in (0, 2, 5, 10):
                extra_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[1])
                Z = Standardizer().fit_transform(np.hstack([X_train, extra_rng.standard_normal((n, extra))]))
                theta_star, *_ = np.linalg.lstsq(design_matrix(Z), y[:, 0], rcond=None)
                direction = extra_rng.standard_normal(Z.shape[1] + 1)
                theta_0 = theta_star + 2 * direction / np.linalg.norm(direction)

                def loss(theta: np.ndarray, Z: np.ndarray = Z, y: np.ndarray = y) -> float:
                    return mse(y, Z @ theta[:-1].reshape(-1, 1) + theta[-1:])

                def gradient(theta: np.ndarray, Z: np.ndarray = Z, y: np.ndarray = y) -> np.ndarray:
                    grad_W, grad_b = mse_gradients(Z, y, theta[:-1].reshape(-1, 1), theta[-1:])
                    return np.concatenate([grad_W[:, 0], grad_b])

                g = gradient(theta_0)
                for step in (1e-6, 0.1):
                    estimate = (np.sqrt(Z.shape[1] + 1) * eps64 * loss(theta_0) / step
                                / (2 * np.linalg.norm(g)))
                    result = check_gradient(loss, gradient, theta_0, eps=step, tolerance=1e-6)
                    worst_fd = max(worst_fd, result.relative_error / estimate)
                W_t = torch.tensor(theta_0[:-1].reshape(-1, 1), requires_grad=True)
                b_t = torch.tensor(theta_0[-1:], requires_grad=True)
                torch.mean((torch.tensor(Z) @ W_t + b_t - torch.tensor(y)) ** 2).backward()
                autograd = np.concatenate([W_t.grad.numpy()[:, 0], b_t.grad.numpy()])
                worst_autograd = max(worst_autograd, relative_error(g, autograd))
        return worst_fd, worst_autograd

    where, values = sweep(plan, measure)
    report("central differences: relative error / rounding estimate", values[:, 0], where, bound=30)
    report("autograd: relative error", values[:, 1], where, bound=1e-12)


# ---------------------------------------------------------------------------------------------
# Lessons 10 and 11: optimizers, validation curves, the noise-feature demo, learning curves
# ---------------------------------------------------------------------------------------------

OPTIMIZER_PLAN = ((20, 2000), (36, 1000), (50, 1000), (1000, 300), (100000, 10))
SGD_RATES = (0.01, 0.02, 0.05)  # lesson 10's SGD_LEARNING_RATE: both ends of its range and the default
BATCH_COUNTS = (4, 16)  # lesson 10's NUM_BATCHES: both ends of its range
OPTIMIZER_RUNS = ("SGD, 4 batches", "SGD, 16 batches", "momentum, 4 batches", "momentum, 16 batches",
                  "Adam, 4 batches", "Adam, 16 batches")


def gd_theory_epochs(rate: float) -> int:
    """Lesson 10, section 6: the epochs full-batch GD needs to reach 0.1 of its excess loss (L = 2)."""
    return math.ceil(math.log(0.1) / (2 * math.log(1 - rate * 2)))


def lesson10_fresh_sample(seed: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Lessons 10 and 11, section 1: ``fresh_sample`` from the sixth child stream of the seed."""
    return fresh_sample(size, rng=np.random.default_rng(np.random.SeedSequence(seed).spawn(6)[5]))


@functools.cache
def optimizer_sweep(scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Lesson 10, section 6, for many seeds and sizes: computed once for the figures that read it.

    The notebook's mini-batch runs of ``fit_linear_minibatch``: 50 epochs from ``W_init``, shuffled
    by ``default_rng(shuffle_seed)``, for every ``SGD_LEARNING_RATE`` in ``SGD_RATES`` and batch
    count in ``BATCH_COUNTS`` (``ceil(n / count)`` rows per batch): SGD at the rate, momentum at a
    tenth of it, Adam at 0.02. Full-batch GD is left out: its share is exactly (1 - 2 alpha)^(2k).
    The validation rows, which only ride along, are left out too: they do not change the path.

    Parameters
    ----------
    scale : float
        Share of the seeds to run.

    Returns
    -------
    where : numpy.ndarray of shape (runs, 2)
        (N, seed).
    values : numpy.ndarray of shape (runs, 2 * 6 * len(SGD_RATES))
        For each rate in turn: the share of the starting excess loss left at the end for each of
        ``OPTIMIZER_RUNS`` (inf if it diverged), then the epochs each needed to reach 0.1 of it
        (NaN if never).
    """
    plan = scaled_plan(OPTIMIZER_PLAN, scale)

    def measure(seed: int, size: int) -> tuple[float, ...]:
        data = course_data(seed, size)
        n_train = len(data.X)
        W_init = 0.01 * np.random.default_rng(seed).standard_normal((1, 1))
        shuffle_seed = np.random.SeedSequence(seed).spawn(6)[1]
        optimum = fit_linear_closed_form(data.X, data.y)
        best_loss = mse(data.y, data.X @ optimum.W + optimum.b)
        values = []
        for rate in SGD_RATES:
            shares, epochs = [], []
            for optimizer, run_rate in (("sgd", rate), ("momentum", rate / 10), ("adam", 0.02)):
                for count in BATCH_COUNTS:
                    try:
                        run = fit_linear_minibatch(data.X, data.y, rng=np.random.default_rng(shuffle_seed),
                                                   optimizer=optimizer, learning_rate=run_rate,
                                                   batch_size=-(-n_train // count), num_epochs=50,
                                                   initial_W=W_init)
                    except TrainingDivergedError:
                        shares.append(math.inf)
                        epochs.append(math.nan)
                        continue
                    share = (run.loss_history - best_loss) / (run.loss_history[0] - best_loss)
                    shares.append(share[-1])
                    reached = np.flatnonzero(share <= 0.1)
                    epochs.append(reached[0] if reached.size else math.nan)
            values += shares + epochs
        return tuple(values)

    return sweep(plan, measure)


def optimizer_end_share_lesson10(scale: float) -> None:
    """Optimizers' end: notebook 10, checks of section 6, every mini-batch run ends within TARGET_SHARE (0.1).

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    header("optimizer_end_share_lesson10", "notebook 10, share_left(run)[-1] <= TARGET_SHARE = 0.1",
           "(J_end - J*) / (J_0 - J*) after 50 epochs, for each mini-batch run of section 6",
           scaled_plan(OPTIMIZER_PLAN, scale))
    where, values = optimizer_sweep(scale)
    for block, rate in enumerate(SGD_RATES):
        for column, name in enumerate(OPTIMIZER_RUNS):
            report(f"lr {rate:g}: {name}", values[:, 12 * block + column], where, bound=0.1)


def sgd_epochs_lesson10(scale: float) -> None:
    """SGD against GD per epoch: notebook 10, checks of section 6, SGD reaches the target before GD's theory.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    header("sgd_epochs_lesson10", "notebook 10, epochs_to_target(SGD run) < gd_theory_epochs",
           "epochs for mini-batch SGD to reach 0.1 of the starting excess loss",
           scaled_plan(OPTIMIZER_PLAN, scale))
    where, values = optimizer_sweep(scale)
    for block, rate in enumerate(SGD_RATES):
        for column, count in enumerate(BATCH_COUNTS):
            report(f"lr {rate:g}: SGD, {count} batches, epochs", values[:, 12 * block + 6 + column], where,
                   bound=gd_theory_epochs(rate))


def momentum_epochs_lesson10(scale: float) -> None:
    """Momentum against GD per epoch: notebook 10, checks of section 6, momentum at a tenth of the rate.

    The check: momentum (a tenth of ``SGD_LEARNING_RATE``, ``NUM_BATCHES[0]`` batches) reaches the
    target in fewer epochs than full-batch GD's theory count at the full rate.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    header("momentum_epochs_lesson10", "notebook 10, epochs_to_target(momentum run) < gd_theory_epochs",
           "epochs for momentum (a tenth of the SGD rate) to reach 0.1 of the starting excess loss",
           scaled_plan(OPTIMIZER_PLAN, scale))
    where, values = optimizer_sweep(scale)
    for block, rate in enumerate(SGD_RATES):
        for column, count in enumerate(BATCH_COUNTS):
            report(f"lr {rate:g}: momentum, {count} batches, epochs", values[:, 12 * block + 8 + column],
                   where, bound=gd_theory_epochs(rate))


def validation_falls_lesson11(scale: float) -> None:
    """New-row loss falls: notebook 11, checks of section 2, the course data's loss on the fresh sample.

    Section 2's full-batch GD run (50 epochs from ``W_init``, at 0.02) with the fresh sample of
    section 1 as validation rows; the check wants its loss there to end below where it started.
    Measured at 0.01 and 0.05, on both sides of the notebook's rate.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(((20, 1000), (50, 1000), (1000, 300), (100000, 10)), scale)
    header("validation_falls_lesson11", "notebook 11, gd_run.val_loss_history[-1] < [0] (fresh rows)",
           "loss on the fresh rows after / before full-batch GD (lr 0.01 and 0.05, 50 epochs)", plan)

    def measure(seed: int, size: int) -> tuple[float, float]:
        splits = load_course_splits(seed, size, FRACTIONS)
        x_scaler, y_scaler = Standardizer().fit(splits.train.X), Standardizer().fit(splits.train.y)
        X, y = x_scaler.transform(splits.train.X), y_scaler.transform(splits.train.y)
        X_fresh, y_fresh = lesson10_fresh_sample(seed, size)
        X_fresh, y_fresh = x_scaler.transform(X_fresh), y_scaler.transform(y_fresh)
        W_init = 0.01 * np.random.default_rng(seed).standard_normal((1, 1))
        ratios = []
        for rate in (0.01, 0.05):
            run = fit_linear_minibatch(X, y, rng=np.random.default_rng(0), learning_rate=rate, num_epochs=50,
                                       X_val=X_fresh, y_val=y_fresh, initial_W=W_init)  # full batch
            ratios.append(run.val_loss_history[-1] / run.val_loss_history[0])
        return tuple(ratios)

    where, ratios = sweep(plan, measure)
    report("end / start, lr 0.01", ratios[:, 0], where, bound=1)
    report("end / start, lr 0.05", ratios[:, 1], where, bound=1)


def noise_demo_lesson11(scale: float) -> None:
    """The noise demo's curvature: notebook 11, checks of section 2, the smallest eigenvalue below L / 5.

    Section 7's demo: the first ``min(25, n_train)`` training rows, 15 noise columns from
    ``default_rng(noise_seed)``, all standardized; the eigenvalues of (2 / rows) A^T A with
    A = [Z, 1]. (Its other check, ``ES_LEARNING_RATE`` <= 0.05 < 2 / L, can never fail: the trace
    is 2 x 17, so L <= 34.) Below N = 36 the demo has fewer rows than weights and a zero eigenvalue.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(((36, 10000), (50, 10000), (134, 10000), (1000, 10000), (100000, 1000)), scale)
    header("noise_demo_lesson11", "notebook 11, min eigenvalue < L_es / 5",
           "(smallest eigenvalue) / (L / 5) of the demo's Hessian", plan)

    def measure(seed: int, size: int) -> tuple[float]:
        X_train = load_course_splits(seed, size, FRACTIONS).train.X
        es_rows = min(25, len(X_train))
        noise_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(6)[2])
        features = np.hstack([X_train[:es_rows], noise_rng.standard_normal((es_rows, 15))])
        Z = Standardizer().fit(features).transform(features)
        eigenvalues = np.linalg.eigvalsh((2 / es_rows) * design_matrix(Z).T @ design_matrix(Z))
        return (eigenvalues.min() / (eigenvalues.max() / 5),)

    where, values = sweep(plan, measure)
    report("smallest eigenvalue / (L / 5)", values[:, 0], where, bound=1)


def learning_curve_margins(seed: int, size: int, *, repeats: int = 100) -> tuple[float, float, float, float]:
    """Lesson 11, section 4, for one (seed, N): what its learning-curve checks rely on.

    The notebook's curves: ``repeats`` new data sets from ``default_rng(curve_seed)``, nested subsets
    of 3 to n_train rows; least squares by the centred one-feature formula (equal to the notebook's
    ``fit_linear_closed_form`` up to rounding), the new-row MSE by the notebook's formula.

    Parameters
    ----------
    seed : int
        The notebook's ``SEED``.
    size : int
        ``NUM_SAMPLES``.
    repeats : int, default 100
        ``LC_REPEATS`` (100 is the low end of its range, where the averages are roughest).

    Returns
    -------
    (float, float, float, float)
        The largest |training average - sigma^2 (m - 2) / m| in standard errors, the ratio of the
        gap at full size to the gap at 3 rows, new-row MSE at full size / at 3 rows, and the smallest
        new-row MSE of any fit minus sigma^2.
    """
    n_train = len(load_course_splits(seed, size, FRACTIONS).train.X)
    sigma2 = noise_std() ** 2
    grid = np.arange(size, dtype=np.float64)
    mean_line = 3.5 * grid + noise_mean()
    sizes = np.unique(np.round(np.geomspace(3, n_train, 10)).astype(int))
    curve_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(6)[4])
    train, new_rows = np.empty((repeats, len(sizes))), np.empty((repeats, len(sizes)))
    for repeat in range(repeats):
        X_set, y_set = generate_linear_data(size, rng=curve_rng)
        order = curve_rng.permutation(size)
        for i, m in enumerate(sizes):
            x, y = X_set[order[:m], 0], y_set[order[:m], 0]
            centred = x - x.mean()
            W = centred @ (y - y.mean()) / (centred @ centred)
            b = y.mean() - W * x.mean()
            train[repeat, i] = np.mean((x * W + b - y) ** 2)
            new_rows[repeat, i] = sigma2 + np.mean((W * grid + b - mean_line) ** 2)
    train_curve, new_curve = train.mean(axis=0), new_rows.mean(axis=0)
    standard_error = sigma2 * np.sqrt(2 * (sizes - 2)) / sizes / np.sqrt(repeats)  # the notebook's bound
    z = np.abs(train_curve - sigma2 * (sizes - 2) / sizes) / standard_error
    gaps = new_curve - train_curve
    return z.max(), gaps[-1] / gaps[0], new_curve[-1] / new_curve[0], new_rows.min() - sigma2


def learning_curves_lesson11(scale: float) -> None:
    """Learning curves: notebook 11, checks of section 4, six standard errors and the falling curves.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(((20, 1000), (36, 1000), (50, 1000), (1000, 100), (100000, 3)), scale)
    header("learning_curves_lesson11", "notebook 11, the learning-curve checks at LC_REPEATS = 100",
           "averages over 100 new data sets of nested subsets", plan)
    where, margins = sweep(plan, learning_curve_margins)
    report("largest |train - sigma^2 (m - 2) / m| in standard errors", margins[:, 0], where, bound=6)
    report("gap at full size / gap at 3 rows", margins[:, 1], where, bound=1)
    report("new-row MSE at full size / at 3 rows", margins[:, 2], where, bound=1)
    report("smallest new-row MSE - sigma^2", margins[:, 3], where, bound=0, upper=False)


FIGURES: dict[str, Callable[[float], None]] = {
    figure.__name__: figure
    for figure in (rounding_lesson3, flattery_lesson3,
                   adam_lesson5, adam_lesson6, adam_weight_decay_lesson7, adam_lesson8,
                   raw_condition_lesson8, near_copies_lesson8, gradient_check_lesson9,
                   optimizer_end_share_lesson10,
                   sgd_epochs_lesson10, momentum_epochs_lesson10, validation_falls_lesson11,
                   noise_demo_lesson11, learning_curves_lesson11)
} | REAL_DATA_FIGURES | OUT_OF_CORE_FIGURES  # lessons 12 and 13; lesson 14 (tools/tolerance_figures_*.py)


def main(argv: list[str]) -> int:
    """Run the figures named on the command line, or all of them.

    Parameters
    ----------
    argv : list of str
        Command-line arguments, without the program name.

    Returns
    -------
    int
        The exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the figures and what each backs")
    parser.add_argument("--figure", action="append", choices=sorted(FIGURES), metavar="NAME",
                        help="run this figure (repeatable; default: all of them)")
    parser.add_argument("--seeds-scale", type=float, default=1.0, metavar="SHARE",
                        help="run this share of every seed count, e.g. 0.05 for a quick look (default 1)")
    args = parser.parse_args(argv)
    if args.list:
        for name, figure in FIGURES.items():
            print(f"{name:28} {figure.__doc__.splitlines()[0]}")
        return 0
    if not args.seeds_scale > 0:
        parser.error("--seeds-scale must be positive")
    if args.seeds_scale != 1:
        print(f"seeds scale {args.seeds_scale:g}: a quick look, not the quoted figures")
    torch.set_num_threads(1)  # deterministic, and polite on a shared machine
    with threadpool_limits(limits=1):
        for name in args.figure or FIGURES:
            start = time.perf_counter()
            FIGURES[name](args.seeds_scale)
            print(f"  ({name}: {time.perf_counter() - start:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
