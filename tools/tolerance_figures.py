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

Everything runs in one process: on a shared two-core machine a second worker would only take
the core that other jobs need. The full run takes about an hour (half of it the three lesson-9
optimizer figures, which share one sweep when run together); ``--seeds-scale 0.05`` takes a
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
    load_course_splits,
    mse,
)
from lessons_utils.torch_training import fit_linear_torch

FRACTIONS = (0.70, 0.15, 0.15)  # every lesson's TRAIN_FRACTION, VAL_FRACTION, TEST_FRACTION
# The seeds and sizes of every Adam figure (lessons 5 to 8).
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
# Lessons 5 to 7: Adam after lr 0.1 and 100 epochs
# ---------------------------------------------------------------------------------------------


def adam_lesson5(scale: float) -> None:
    """Lesson 5's Adam gaps: notebook 05, the comment on ``ADAM_TOLERANCE`` (0.05) in the parameters cell.

    The notebook's loop: ``set_seed(SEED, torch=True)``, then ``nn.Linear(1, 1)`` with its own
    random start, ``torch.optim.Adam`` at ``LEARNING_RATE`` 0.1 for ``NUM_EPOCHS`` 100; its checks
    compare W and b with gradient descent, i.e. with least squares.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(ADAM_PLAN, scale)
    header("adam_lesson5", "notebook 05, ADAM_TOLERANCE = 0.05",
           "|W - W*| and |b - b*| (standardized) after Adam, lr 0.1, 100 epochs, from nn.Linear's own "
           "start after torch.manual_seed(seed)", plan)

    def measure(seed: int, size: int) -> tuple[float, float]:
        data = course_data(seed, size)
        W, b = adam_from_nn_linear(seed, data.X, data.y, learning_rate=0.1, num_epochs=100)
        W_star, b_star = least_squares(data.X, data.y)
        return abs(W - W_star), abs(b - b_star)

    where, gaps = sweep(plan, measure)
    report("W gap", gaps[:, 0], where, bound=0.05)
    report("b gap", gaps[:, 1], where, bound=0.05)


def adam_lesson6(scale: float) -> None:
    """Lesson 6's Adam gaps: notebook 06, the comment on ``ADAM_TOLERANCE`` (0.05) in the parameters cell.

    The notebook calls ``fit_linear_torch(..., rng=np.random.default_rng(SEED))``: Adam at lr 0.1
    for 100 epochs from lesson 4's start ``W = 0.01 * standard_normal``, ``b = 0``; its checks
    compare W with the least-squares slope and b with 0 (the least-squares bias).

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(ADAM_PLAN, scale)
    header("adam_lesson6", "notebook 06, ADAM_TOLERANCE = 0.05",
           "|W - W*| and |b - b*| (standardized) after fit_linear_torch (Adam, lr 0.1, 100 epochs) "
           "from rng = default_rng(seed): W = 0.01 randn, b = 0", plan)

    def measure(seed: int, size: int) -> tuple[float, float]:
        data = course_data(seed, size)
        fit = fit_linear_torch(data.X, data.y, rng=np.random.default_rng(seed), learning_rate=0.1,
                               num_epochs=100)
        W_star, b_star = least_squares(data.X, data.y)
        return abs(fit.W.item() - W_star), abs(fit.b.item() - b_star)

    where, gaps = sweep(plan, measure)
    report("W gap", gaps[:, 0], where, bound=0.05)
    report("b gap", gaps[:, 1], where, bound=0.05)


def adam_weight_decay_lesson7(scale: float) -> None:
    """Lesson 7's Adam with weight decay: notebook 07, the comment on ``ADAM_TOLERANCE`` (0.05).

    The tolerance is used in section 5's checks only: ``torch.optim.Adam(lr=0.1,
    weight_decay=WEIGHT_DECAY)`` (0.5), 100 epochs from ``nn.Linear``'s own start after
    ``torch.manual_seed(SEED)``, must end near the minimum of MSE + (wd / 2)(w^2 + b^2), that is
    W = W_ls / (1 + wd / 2) and b = 0.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    weight_decay = 0.5
    plan = scaled_plan(ADAM_PLAN, scale)
    header("adam_weight_decay_lesson7", "notebook 07, ADAM_TOLERANCE = 0.05",
           "|W - W_ls / (1 + wd/2)| and |b| (standardized) after Adam(lr 0.1, weight_decay 0.5), 100 "
           "epochs, from nn.Linear's own start after torch.manual_seed(seed)", plan)

    def measure(seed: int, size: int) -> tuple[float, float]:
        data = course_data(seed, size)
        W, b = adam_from_nn_linear(seed, data.X, data.y, learning_rate=0.1, num_epochs=100,
                                   weight_decay=weight_decay)
        penalized_optimum = np.mean(data.X * data.y) / (1 + weight_decay / 2)
        return abs(W - penalized_optimum), abs(b)

    where, gaps = sweep(plan, measure)
    report("W gap", gaps[:, 0], where, bound=0.05)
    report("b gap", gaps[:, 1], where, bound=0.05)


# ---------------------------------------------------------------------------------------------
# Lesson 8: Adam at lr 0.05 and 300 epochs, conditioning
# ---------------------------------------------------------------------------------------------


def adam_lesson8(scale: float) -> None:
    """Lesson 8's Adam gap: notebook 08, the comment on ``ADAM_TOLERANCE`` (1e-5) in the parameters cell.

    The notebook's method (f): ``fit_linear_torch(..., rng=np.random.default_rng(SEED))`` at
    ``ADAM_LEARNING_RATE`` 0.05 for ``ADAM_NUM_EPOCHS`` 300; its check takes the larger of the W
    and b gaps to the normal equations.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(ADAM_PLAN, scale)
    header("adam_lesson8", "notebook 08, ADAM_TOLERANCE = 1e-5",
           "max(|W - W*|, |b - b*|) (standardized) after fit_linear_torch (Adam, lr 0.05, 300 epochs) "
           "from rng = default_rng(seed)", plan)

    def measure(seed: int, size: int) -> tuple[float]:
        data = course_data(seed, size)
        fit = fit_linear_torch(data.X, data.y, rng=np.random.default_rng(seed), learning_rate=0.05,
                               num_epochs=300)
        W_star, b_star = least_squares(data.X, data.y)
        return (max(abs(fit.W.item() - W_star), abs(fit.b.item() - b_star)),)

    where, gaps = sweep(plan, measure)
    report("gap", gaps[:, 0], where, bound=1e-5)


def raw_condition_lesson8(scale: float) -> None:
    """Raw conditioning: notebook 08, checks of section 4, the bounds 0.25 < cond(A^T A) / N^2 < 12.

    ``A = design_matrix(X_train)`` on the raw inputs; the ratio depends only on which 70% of
    0..N-1 the split puts in the training rows, so small N give the extremes.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(tuple((size, 3000) for size in range(20, 101)), scale)
    header("raw_condition_lesson8", "notebook 08, 0.25 < cond_raw / NUM_SAMPLES**2 < 12",
           "cond(A^T A) / N^2 for A = [raw X_train, 1]", plan)

    def measure(seed: int, size: int) -> tuple[float]:
        A = design_matrix(load_course_splits(seed, size, FRACTIONS).train.X)  # (n_train, 2), raw
        return (np.linalg.cond(A.T @ A) / size**2,)

    where, ratios = sweep(plan, measure)
    report("smallest cond / N^2", ratios[:, 0], where, bound=0.25, upper=False)
    report("largest cond / N^2", ratios[:, 0], where, bound=12)


def near_copies_lesson8(scale: float) -> None:
    """Near copies: notebook 08, checks of section 4, the comment "Section 4, near copies".

    Section 4's experiment: features x and x + delta u for delta in 1e-2, 1e-4, 1e-6, twenty
    made-up exact lines, and the median relative error of the normal equations, of
    ``fit_linear_closed_form`` and of ``lstsq``. The checks want the first two within
    (10^-2.5, 100) x eps cond(A)^2, lstsq below 1000 x eps cond(A), and at the smallest delta
    both over 1000x lstsq's error. These are rounding errors: the digits depend on the CPU and BLAS.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(((20, 500), (50, 500), (100, 500), (1000, 500), (10000, 500), (100000, 300)), scale)
    header("near_copies_lesson8", "notebook 08, the bounds of the near-copy checks",
           "median relative errors over 20 exact lines, delta = 1e-2, 1e-4, 1e-6, as multiples of "
           "eps cond(A)^2 (normal equations, closed form) and of eps cond(A) (lstsq)", plan)
    eps64 = np.finfo(np.float64).eps

    def measure(seed: int, size: int) -> tuple[float, ...]:
        X = course_data(seed, size).X
        near_copy_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[0])
        u = Standardizer().fit_transform(near_copy_rng.standard_normal((len(X), 1)))
        theta_true = near_copy_rng.standard_normal((3, 20))  # column k: [W1, W2, b] of true line k
        norms = np.linalg.norm(theta_true, axis=0)
        scaled = []  # per delta: normal / (eps k^2), closed form / (eps k^2), lstsq / (eps k)
        for delta in (1e-2, 1e-4, 1e-6):
            features = np.hstack([X, X + delta * u])
            A = design_matrix(features)  # (n, 3)
            Y = A @ theta_true  # (n, 20)
            normal = np.linalg.solve(A.T @ A, A.T @ Y)
            lstsq = np.linalg.lstsq(A, Y, rcond=None)[0]
            fits = [fit_linear_closed_form(features, Y[:, [k]]) for k in range(20)]
            centred = np.hstack([np.vstack([fit.W, fit.b.reshape(1, 1)]) for fit in fits])
            errors = [np.median(np.linalg.norm(theta - theta_true, axis=0) / norms)
                      for theta in (normal, centred, lstsq)]
            cond = np.linalg.cond(A)
            scaled.append((errors[0] / (eps64 * cond**2), errors[1] / (eps64 * cond**2),
                           errors[2] / (eps64 * cond), errors[0] / errors[2], errors[1] / errors[2]))
        scaled = np.array(scaled)  # (3 deltas, 5)
        return (scaled[:, :2].min(), scaled[:, :2].max(), scaled[:, 2].max(), scaled[-1, 3:].min())

    where, values = sweep(plan, measure)
    report("normal eq. and closed form, smallest error / (eps cond(A)^2)", values[:, 0], where,
           bound=10**-2.5, upper=False)
    report("normal eq. and closed form, largest error / (eps cond(A)^2)", values[:, 1], where, bound=100)
    report("lstsq, largest error / (eps cond(A))", values[:, 2], where, bound=1000)
    report("at delta 1e-6, smallest (normal eq. or closed form) / lstsq", values[:, 3], where, bound=1000,
           upper=False)


# ---------------------------------------------------------------------------------------------
# Lesson 9: optimizers, validation curves, the noise-feature demo, learning curves
# ---------------------------------------------------------------------------------------------

OPTIMIZER_PLAN = ((20, 20000), (50, 2000), (134, 1000), (1000, 1000), (10000, 300), (100000, 30))
OPTIMIZER_RUNS = ("GD, full batch", "SGD, 4 batches", "SGD, 16 batches", "momentum, 4 batches",
                  "Adam, 4 batches")
GD_THEORY_EPOCHS = math.ceil(math.log(0.1) / (2 * math.log(1 - 0.02 * 2)))  # lesson 9: 29


@functools.cache
def optimizer_sweep(scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Lesson 9, section 6, for many seeds and sizes: computed once for the figures that read it.

    The notebook's five runs of ``fit_linear_minibatch``: 50 epochs from ``W_init``, shuffled by
    ``default_rng(shuffle_seed)``; GD and SGD at lr 0.02 (full batch, ``ceil(n / 4)`` and
    ``ceil(n / 16)`` rows per batch), momentum at 0.01 and Adam at 0.02 (``ceil(n / 4)``). The
    validation rows, which only ride along, are left out: they do not change the path.

    Parameters
    ----------
    scale : float
        Share of the seeds to run.

    Returns
    -------
    where : numpy.ndarray of shape (runs, 2)
        (N, seed).
    values : numpy.ndarray of shape (runs, 8)
        The share of the starting excess loss left at the end for each of ``OPTIMIZER_RUNS``
        (inf if it diverged), then the epochs to reach 0.1 of it for the two SGD runs and
        momentum (NaN if never).
    """
    plan = scaled_plan(OPTIMIZER_PLAN, scale)

    def measure(seed: int, size: int) -> tuple[float, ...]:
        data = course_data(seed, size)
        n_train = len(data.X)
        W_init = 0.01 * np.random.default_rng(seed).standard_normal((1, 1))
        shuffle_seed = np.random.SeedSequence(seed).spawn(5)[1]
        optimum = fit_linear_closed_form(data.X, data.y)
        best_loss = mse(data.y, data.X @ optimum.W + optimum.b)
        settings = [("sgd", 0.02, None), ("sgd", 0.02, -(-n_train // 4)), ("sgd", 0.02, -(-n_train // 16)),
                    ("momentum", 0.01, -(-n_train // 4)), ("adam", 0.02, -(-n_train // 4))]
        shares, epochs = [], []
        for optimizer, rate, batch_size in settings:
            try:
                run = fit_linear_minibatch(data.X, data.y, rng=np.random.default_rng(shuffle_seed),
                                           optimizer=optimizer, learning_rate=rate, batch_size=batch_size,
                                           num_epochs=50, initial_W=W_init)
            except TrainingDivergedError:
                shares.append(math.inf)
                epochs.append(math.nan)
                continue
            share = (run.loss_history - best_loss) / (run.loss_history[0] - best_loss)
            shares.append(share[-1])
            reached = np.flatnonzero(share <= 0.1)
            epochs.append(reached[0] if reached.size else math.nan)
        return (*shares, *epochs[1:4])

    return sweep(plan, measure)


def optimizer_end_share_lesson9(scale: float) -> None:
    """Optimizers' end: notebook 09, the comment on ``END_TOLERANCE`` (0.1) in the checks of section 6.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    header("optimizer_end_share_lesson9", "notebook 09, END_TOLERANCE = 0.1",
           "(J_end - J*) / (J_0 - J*) after 50 epochs, for each of section 6's five runs",
           scaled_plan(OPTIMIZER_PLAN, scale))
    where, values = optimizer_sweep(scale)
    for column, name in enumerate(OPTIMIZER_RUNS):
        report(name, values[:, column], where, bound=0.1)
    print(f"  (full-batch GD leaves exactly 0.96^100 = {0.96**100:.4g} for every seed: (1 - alpha L)^(2 E))")


def sgd_epochs_lesson9(scale: float) -> None:
    """SGD against GD per epoch: notebook 09, checks of section 6, the comment on SGD's epochs to target.

    The check: every mini-batch SGD run reaches 0.1 of its starting excess loss in fewer epochs
    than full-batch GD's theory count, ``gd_theory_epochs`` (29 at lr 0.02).

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    header("sgd_epochs_lesson9", f"notebook 09, sgd_epochs < gd_theory_epochs = {GD_THEORY_EPOCHS}",
           "epochs for mini-batch SGD (lr 0.02, 4 and 16 batches) to reach 0.1 of the starting excess loss",
           scaled_plan(OPTIMIZER_PLAN, scale))
    where, values = optimizer_sweep(scale)
    report("SGD, 4 batches, epochs", values[:, 5], where, bound=GD_THEORY_EPOCHS)
    report("SGD, 16 batches, epochs", values[:, 6], where, bound=GD_THEORY_EPOCHS)


def momentum_epochs_lesson9(scale: float) -> None:
    """Momentum against SGD per epoch: notebook 09, checks of section 6, the comment on momentum's epochs.

    The checks: momentum (lr 0.01, 4 batches) reaches the target in fewer epochs than GD's theory
    count, and than plain SGD with the same batches at its larger lr 0.02.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    header("momentum_epochs_lesson9", "notebook 09, momentum_epochs < epochs of SGD with the same batches",
           "epochs to reach 0.1 of the starting excess loss: momentum (lr 0.01) and SGD (lr 0.02), "
           "4 batches each", scaled_plan(OPTIMIZER_PLAN, scale))
    where, values = optimizer_sweep(scale)
    report("momentum, epochs", values[:, 7], where, bound=GD_THEORY_EPOCHS)
    report("SGD with the same batches, epochs", values[:, 5], where, upper=False)
    report("per run, SGD's epochs minus momentum's", values[:, 5] - values[:, 7], where, bound=0, upper=False)


def validation_falls_lesson9(scale: float) -> None:
    """Validation loss falls: notebook 09, checks of section 7, the comment on the end/start ratio.

    Section 6's full-batch GD run (lr 0.02, 50 epochs from ``W_init``) with the validation rows;
    the check wants its validation MSE to end below where it started, when there are at least
    ``MIN_VAL_ROWS`` (20) validation rows, i.e. N >= 134.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(((134, 10000), (140, 10000), (170, 10000), (250, 10000), (1000, 1000), (10000, 300),
                        (100000, 30)), scale)
    header("validation_falls_lesson9", "notebook 09, gd_run.val_loss_history[-1] < [0] (n_val >= 20)",
           "validation MSE after / before full-batch GD (lr 0.02, 50 epochs)", plan)

    def measure(seed: int, size: int) -> tuple[float]:
        data = course_data(seed, size)
        W_init = 0.01 * np.random.default_rng(seed).standard_normal((1, 1))
        shuffle_seed = np.random.SeedSequence(seed).spawn(5)[1]  # a full batch never shuffles
        run = fit_linear_minibatch(data.X, data.y, rng=np.random.default_rng(shuffle_seed),
                                   learning_rate=0.02, num_epochs=50, X_val=data.X_val, y_val=data.y_val,
                                   initial_W=W_init)
        return (run.val_loss_history[-1] / run.val_loss_history[0],)

    where, ratios = sweep(plan, measure)
    report("end / start", ratios[:, 0], where, bound=1)


def noise_demo_lesson9(scale: float) -> None:
    """The noise demo's curvature: notebook 09, checks of section 7, the comment on alpha L and L / 10.

    Section 7's demo: the first ``min(25, n_train)`` training rows, 15 noise columns from
    ``default_rng(noise_seed)``, all standardized; the eigenvalues of (2 / rows) A^T A with
    A = [Z, 1]. The checks: ``ES_LEARNING_RATE`` (0.05) < 2 / L, and the smallest eigenvalue < L / 10.
    (The first can never fail: the trace is 2 x 17, so L <= 34 and alpha L / 2 <= 0.85.)

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(((20, 10000), (50, 10000), (134, 10000), (1000, 10000), (100000, 1000)), scale)
    header("noise_demo_lesson9", "notebook 09, ES_LEARNING_RATE < 2 / L_es and min eigenvalue < L_es / 10",
           "alpha L / 2 and (smallest eigenvalue) / (L / 10) of the demo's Hessian", plan)

    def measure(seed: int, size: int) -> tuple[float, float]:
        X_train = load_course_splits(seed, size, FRACTIONS).train.X
        es_rows = min(25, len(X_train))
        noise_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(5)[2])
        features = np.hstack([X_train[:es_rows], noise_rng.standard_normal((es_rows, 15))])
        Z = Standardizer().fit(features).transform(features)
        eigenvalues = np.linalg.eigvalsh((2 / es_rows) * design_matrix(Z).T @ design_matrix(Z))
        L = eigenvalues.max()
        return 0.05 * L / 2, eigenvalues.min() / (L / 10)

    where, values = sweep(plan, measure)
    report("alpha L / 2", values[:, 0], where, bound=1)
    report("smallest eigenvalue / (L / 10)", values[:, 1], where, bound=1)


def learning_curve_margins(seed: int, size: int, *, exact: bool = False) -> tuple[float, float, float]:
    """Lesson 9, section 9, for one (seed, N): the three relative margins its checks rely on.

    Parameters
    ----------
    seed : int
        The notebook's ``SEED``; the subsets come from ``default_rng(curve_seed)``.
    size : int
        ``NUM_SAMPLES``.
    exact : bool, default False
        Fit with ``fit_linear_closed_form``, as the notebook does. By default the same least-squares
        line comes from the centred one-feature formula, about 100x faster and equal to ~1e-12.

    Returns
    -------
    (float, float, float)
        (val - train) / val at the smallest size, (gap_small - gap_full) / gap_small, and
        (val_small - val_full) / val_small, from the curves averaged over the 20 repeats.
    """
    splits = load_course_splits(seed, size, FRACTIONS)
    (X_train, y_train), (X_val, y_val) = splits.train, splits.val
    n_train = len(X_train)
    sizes = np.unique(np.round(np.geomspace(3, n_train, 10)).astype(int))
    curve_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(5)[4])
    train_curves, val_curves = np.empty((20, len(sizes))), np.empty((20, len(sizes)))
    for repeat in range(20):
        order = curve_rng.permutation(n_train)  # nested subsets: the first m rows of one shuffle
        for i, m in enumerate(sizes):
            x, y = X_train[order[:m], 0], y_train[order[:m], 0]
            if exact:
                fit = fit_linear_closed_form(x, y)
                W, b = fit.W.item(), fit.b.item()
            else:
                centred = x - x.mean()
                W = centred @ (y - y.mean()) / (centred @ centred)
                b = y.mean() - W * x.mean()
            train_curves[repeat, i] = np.mean((x * W + b - y) ** 2)
            val_curves[repeat, i] = np.mean((X_val[:, 0] * W + b - y_val[:, 0]) ** 2)
    train, val = train_curves.mean(axis=0), val_curves.mean(axis=0)
    gap_small, gap_full = val[0] - train[0], val[-1] - train[-1]
    return gap_small / val[0], (gap_small - gap_full) / gap_small, (val[0] - val[-1]) / val[0]


def learning_curves_lesson9(scale: float) -> None:
    """Learning curves: notebook 09, checks of section 9, the comment on the worst margins.

    The checks (run with ``n_val >= MIN_VAL_ROWS``, 20): at the smallest size validation MSE
    exceeds training MSE, the gap shrinks by the full size, and validation MSE falls. Also
    measured: how often a seed breaks one of them with 3 to 7 validation rows (N <= 50), where
    they are not checked.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = scaled_plan(((134, 10000), (140, 10000), (170, 10000), (250, 10000)), scale)
    header("learning_curves_lesson9", "notebook 09, the three learning-curve checks (n_val >= 20)",
           "relative margins of the averaged curves (20 nested repeats)", plan)
    for size, _ in plan:  # the fast formula against the notebook's fit_linear_closed_form
        assert np.allclose(learning_curve_margins(0, size), learning_curve_margins(0, size, exact=True),
                           rtol=1e-9, atol=0), f"the formula and fit_linear_closed_form differ at N = {size}"
    where, margins = sweep(plan, learning_curve_margins)
    report("(val - train) / val, smallest size", margins[:, 0], where, bound=0, upper=False)
    report("(gap_small - gap_full) / gap_small", margins[:, 1], where, bound=0, upper=False)
    report("(val_small - val_full) / val_small", margins[:, 2], where, bound=0, upper=False)

    few_rows = scaled_plan(((20, 5000), (30, 5000), (40, 5000), (50, 5000)), scale)
    print(f"  with 3 to 7 validation rows (not checked there): {describe(few_rows)}")
    where, margins = sweep(few_rows, learning_curve_margins)
    broken = np.any(margins <= 0, axis=1)
    by_size = ", ".join(f"{int(broken[where[:, 0] == size].sum())} at N = {size}" for size, _ in few_rows)
    print(f"  seeds that break at least one check: {int(broken.sum())} of {len(broken)}"
          + (f" (1 in {len(broken) / broken.sum():.0f})" if broken.any() else "") + f": {by_size}")


FIGURES: dict[str, Callable[[float], None]] = {
    figure.__name__: figure
    for figure in (adam_lesson5, adam_lesson6, adam_weight_decay_lesson7, adam_lesson8,
                   raw_condition_lesson8, near_copies_lesson8, optimizer_end_share_lesson9,
                   sgd_epochs_lesson9, momentum_epochs_lesson9, validation_falls_lesson9,
                   noise_demo_lesson9, learning_curves_lesson9)
}


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
