"""The measured worst cases quoted by the real-data lessons (12 and 13), for tools/tolerance_figures.py.

tools/tolerance_figures.py runs these figures with the others (``--figure data_lesson12``, ...);
this module only keeps the long real-data sweeps apart from the synthetic ones.

Each lesson-12 figure redoes what notebooks/12_real_data_many_features.ipynb computes (the diabetes
splits of ``load_diabetes_splits``, standardized with the training statistics, the same start, rates,
resamples and penalties) for split seeds 0, 1, 2, ... at every setting of ``LESSON12_SETTINGS`` (the
ends of the verified ranges, the defaults, and mixed corners), and prints the worst case of every
quantity a check relies on, with the (setting, seed) where it happened and the margin to the
notebook's tolerance.

Gradient descent is not rerun: full-batch GD on a quadratic is the linear recursion
theta_k - theta* = (I - alpha H)^k (theta_0 - theta*), which the figure evaluates exactly in H's
eigenvector coordinates (the notebook's check holds its measured run to this formula within 1e-9).

At ``--seeds-scale 1`` (200 split seeds per setting) the lesson-12 figures take about 15 minutes on
one core, most of it bootstrap_lesson12 and tail_lesson12.

Each lesson-13 figure redoes what notebooks/13_polynomial_features_and_model_selection.ipynb computes
(the splits of ``load_diabetes_splits``, the 20-row bmi sweep, the three child streams of
``SeedSequence(SEED)`` for the folds, the learning-curve subsets and the halvings, the lambda grids,
the hand-written and scikit-learn cross-validation, GridSearchCV with the course's estimators) for
split seeds 0, 1, 2, ... at the defaults and at each end of the verified ranges: the fractions
(TRAIN_FRACTION 0.5 and 0.7, which take VAL_FRACTION and TEST_FRACTION to 0.25 and 0.15), MAX_DEGREE
8 to 10, NUM_FOLDS 3, 5 and 10, every corner of LAMBDA_MIN, LAMBDA_MAX and NUM_LAMBDAS, and
NUM_HALVINGS 100, 200 and 400. The seeds per setting, at ``--seeds-scale 1``: sweep_lesson13 500,
degrees_lesson13 and curves_lesson13 300, cv_lesson13, leak_lesson13 and final_lesson13 200,
estimators_lesson13 20 (NUM_FOLDS 3 and 10 only). Each lambda is fitted once per fold and read by
every grid that holds it, as the notebook would fit it. final_lesson13 takes GridSearchCV's choice from
the hand-written table (estimators_lesson13 checks that the two agree) and refits it as GridSearchCV
does. At ``--seeds-scale 1`` the lesson-13 figures take about 40 minutes on one core: cv_lesson13
about 16, estimators_lesson13 about 13, final_lesson13 about 5, the other four 4 together.
"""

from __future__ import annotations

import itertools
import math
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Ridge, lasso_path
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from lessons_utils import (
    DataSplits,
    Standardizer,
    design_matrix,
    fit_linear_closed_form,
    load_diabetes_data,
    load_diabetes_splits,
    mse,
    split_train_val_test,
    unstandardize_weights,
)
from lessons_utils.estimators import ClosedFormRegressor, GDRegressor

DEFAULT_GRID = (0.001, 0.01, 0.1, 1.0)
# (label, fractions, GD_RATE_FRACTION, GD_EPOCHS, NUM_BOOTSTRAPS, L2_PENALTY, RIDGE_PENALTIES)
LESSON12_SETTINGS = (
    ("defaults", (0.6, 0.2, 0.2), 0.9, 15_000, 200, 0.1, DEFAULT_GRID),
    ("all low", (0.4, 0.3, 0.3), 0.5, 15_000, 100, 0.01, (0.0001, *DEFAULT_GRID)),
    ("all high", (0.6, 0.2, 0.2), 0.95, 30_000, 500, 1.0, (*DEFAULT_GRID, 10.0)),
    ("train 0.6, few resamples, small lambda", (0.6, 0.2, 0.2), 0.5, 15_000, 100, 0.01, DEFAULT_GRID),
    ("train 0.4, few resamples, large lambda", (0.4, 0.3, 0.3), 0.5, 15_000, 100, 1.0, DEFAULT_GRID),
    ("val 0.2, test 0.3", (0.5, 0.2, 0.3), 0.5, 15_000, 100, 0.01, DEFAULT_GRID),
    ("val 0.3, test 0.2", (0.5, 0.3, 0.2), 0.5, 15_000, 100, 0.01, DEFAULT_GRID),
)
SEEDS_PER_SETTING = 200  # split seeds 0, 1, ... at each setting, at --seeds-scale 1
SERUM = slice(4, 10)  # s1..s6
S1, S2, S3, S4, S5 = 4, 5, 6, 7, 8


def r_squared(y: np.ndarray, prediction: np.ndarray) -> float:
    """The notebook's R^2: 1 - MSE / MSE of predicting the mean of these same rows."""
    return 1 - mse(y, prediction) / mse(y, np.full_like(y, y.mean()))


def lesson12(seed: int, setting: tuple, *, bootstrap: bool = True) -> dict[str, float]:
    """Every quantity that notebook 12's checks test, for one split seed and one setting."""
    _, fractions, rate_fraction, epochs, num_boot, l2, grid = setting
    splits = load_diabetes_splits(seed, fractions)
    X_train, y_train = splits.train
    n = len(X_train)
    x_scaler, y_scaler = Standardizer().fit(X_train), Standardizer().fit(y_train)
    Z, t = x_scaler.transform(X_train), y_scaler.transform(y_train)
    Z_val, Z_test = x_scaler.transform(splits.val.X), x_scaler.transform(splits.test.X)
    out: dict[str, float] = {}

    # Section 1.
    stds = X_train.std(axis=0)
    out["std_ratio"] = stds.max() / stds.min()
    corr = np.corrcoef(X_train, rowvar=False)
    upper = np.triu_indices(10, 1)
    top = int(np.argmax(np.abs(corr[upper])))
    out["top_pair_is_s1_s2"] = float((upper[0][top], upper[1][top]) == (S1, S2))
    out["abs_r_s1_s2"] = abs(corr[S1, S2])
    out["r_s3_s4"] = corr[S3, S4]
    friedewald = X_train[:, S1] - X_train[:, S3] - np.exp(X_train[:, S5]) / 5
    out["friedewald_gap"] = np.abs(X_train[:, S2] - friedewald).max()

    # Section 2: closed form, and GD by its exact recursion.
    exact = fit_linear_closed_form(Z, t)
    A = design_matrix(Z)
    curvatures, directions = np.linalg.eigh((2 / n) * A.T @ A)
    rate = rate_fraction * 2 / curvatures[-1]
    W_init = 0.01 * np.random.default_rng(seed).standard_normal((10, 1))
    theta_exact = np.vstack([exact.W, exact.b.reshape(1, 1)])
    c = directions.T @ (np.vstack([W_init, [[0.0]]]) - theta_exact)  # (11, 1)

    def gaps(k: int) -> tuple[float, float, float]:
        shrunk = (1 - rate * curvatures[:, None]) ** k * c  # (11, 1)
        return (
            np.abs(directions @ shrunk).max(),
            float(np.linalg.norm(shrunk)),
            float(np.sum(curvatures[:, None] / 2 * shrunk**2)),
        )

    out["gd_gap"] = gaps(epochs)[0]
    _, d0, l0 = gaps(0)
    _, d1000, l1000 = gaps(1000)
    out["loss_share_over_distance_share_1000"] = (l1000 / l0) / (d1000 / d0)
    model_val = y_scaler.inverse_transform(Z_val @ exact.W + exact.b)
    baseline = np.full_like(splits.val.y, y_train.mean())
    out["val_mse_over_baseline"] = mse(splits.val.y, model_val) / mse(splits.val.y, baseline)
    out["val_r2"] = r_squared(splits.val.y, model_val)

    # Section 3.
    W_raw, b_raw = unstandardize_weights(exact.W, exact.b, x_scaler, y_scaler)
    direct = fit_linear_closed_form(X_train, y_train)
    out["raw_weights_gap"] = np.abs(W_raw - direct.W).max() / np.abs(direct.W).max()
    out["raw_bias_gap"] = abs(b_raw.item() - direct.b.item()) / max(abs(direct.b.item()), 1)
    out["orders_equal"] = float(
        np.array_equal(np.argsort(-np.abs(exact.W.ravel())), np.argsort(-np.abs(W_raw.ravel())))
    )

    # Section 4.
    eigenvalues, eigenvectors = np.linalg.eigh(Z.T @ Z / n)
    out["kappa"] = eigenvalues[-1] / eigenvalues[0]
    centred = X_train - X_train.mean(axis=0)
    raw = np.linalg.eigvalsh(centred.T @ centred / n)
    out["raw_kappa_over_kappa"] = raw[-1] / raw[0] / out["kappa"]
    flat = eigenvectors[:, 0] * np.sign(eigenvectors[S1, 0])
    out["serum_share"] = np.sum(flat[SERUM] ** 2)
    out["s1_not_largest"] = float(np.argmax(np.abs(flat)) != S1)
    out["largest_of_s2_s3_s5_loading"] = max(flat[S2], flat[S3], flat[S5])  # all should be < 0
    if bootstrap:
        rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
        W_ols, W_ridge = np.empty((num_boot, 10)), np.empty((num_boot, 10))
        P_ols = np.empty((num_boot, len(Z_val)))
        for k in range(num_boot):
            rows = rng.integers(0, n, size=n)
            for W_store, penalty in ((W_ols, 0.0), (W_ridge, l2)):
                fit = fit_linear_closed_form(Z[rows], t[rows], l2_penalty=penalty)
                W_store[k] = fit.W.ravel()
                if penalty == 0:
                    P_ols[k] = (Z_val @ fit.W + fit.b).ravel()
        s_ols, s_ridge = W_ols.std(axis=0), W_ridge.std(axis=0)
        out["s1_swing_over_nonserum"] = s_ols[S1] / s_ols[:S1].max()
        out["s2_swing_over_nonserum"] = s_ols[S2] / s_ols[:S1].max()
        out["trade_off"] = np.corrcoef(W_ols[:, S1], W_ols[:, S2])[0, 1]
        out["sum_swing_over_smaller"] = np.std(W_ols[:, S1] + W_ols[:, S2]) / min(s_ols[S1], s_ols[S2])
        out["prediction_swing_over_s1"] = P_ols.std(axis=0).mean() / s_ols[S1]
        out["ridge_over_ols_s1_s2"] = max(s_ridge[S1] / s_ols[S1], s_ridge[S2] / s_ols[S2])

    # Section 5.
    candidates = [0.0, *grid]
    fits = [fit_linear_closed_form(Z, t, l2_penalty=penalty) for penalty in candidates]
    scores = [mse(splits.val.y, y_scaler.inverse_transform(Z_val @ f.W + f.b)) for f in fits]
    chosen = fits[int(np.argmin(scores))]
    out["chosen_penalty"] = candidates[int(np.argmin(scores))]
    out["test_r2"] = r_squared(splits.test.y, y_scaler.inverse_transform(Z_test @ chosen.W + chosen.b))
    return out


def sweep(num_seeds: int, *, bootstrap: bool) -> tuple[list[tuple[str, int]], dict[str, np.ndarray]]:
    """lesson12(seed, setting) for seeds 0..num_seeds-1 at every setting; the values by name."""
    where, rows = [], []
    for setting in LESSON12_SETTINGS:
        start = time.perf_counter()
        for seed in range(num_seeds):
            where.append((setting[0], seed))
            rows.append(lesson12(seed, setting, bootstrap=bootstrap))
        print(
            f"    [{setting[0]}: {num_seeds} seeds in {time.perf_counter() - start:.0f} s]",
            file=sys.stderr,
            flush=True,
        )
    return where, {key: np.array([row[key] for row in rows], dtype=float) for key in rows[0]}


def report(
    label: str, values: np.ndarray, where: list, *, bound: float | None = None, upper: bool = True
) -> None:
    """The worst value, where it happened, and the margin to the notebook's tolerance."""
    i = int(np.argmax(values) if upper else np.argmin(values))
    extreme = "largest" if upper else "smallest"
    line = f"  {label}: {extreme} {values[i]:.4g} at {where[i][0]!r}, seed {where[i][1]}"
    if bound is not None:
        ok = values[i] < bound if upper else values[i] > bound
        line += f"; check {'<' if upper else '>'} {bound:g}"
        if ok and bound != 0 and values[i] != 0:
            margin = bound / values[i] if upper else values[i] / bound
            if bound < 0:  # both negative: the value is further from zero than the bound
                margin = 1 / margin
            if margin > 0:
                line += f", margin {margin:.3g}x" + ("  <-- THIN (within 2x)" if margin < 2 else "")
        line += "" if ok else "  <-- EXCEEDS"
    print(line)


def header(name: str, backs: str, num_seeds: int, settings: tuple[int, str] | None = None) -> None:
    """The figure's name, what it backs, and its settings: (how many, described); lesson 12's by default."""
    if settings is None:
        settings = (len(LESSON12_SETTINGS), "; ".join(s[0] for s in LESSON12_SETTINGS))
    print(f"\n{name}: {backs}")
    print(f"  split seeds 0 .. {num_seeds - 1} at each of {settings[0]} settings: {settings[1]}")


def data_lesson12(scale: float) -> None:
    """Notebook 12, sections 1, 3 and 4 (no resampling): scales, correlations, kappa, the flat direction."""
    num_seeds = max(1, round(SEEDS_PER_SETTING * scale))
    header("data_lesson12", "notebook 12, checks of sections 1, 3 and 4 (all but the bootstrap)", num_seeds)
    where, v = sweep(num_seeds, bootstrap=False)
    report("largest std / smallest std", v["std_ratio"], where, bound=10, upper=False)
    report(
        "(s1, s2) is the most correlated pair (1 = yes)",
        v["top_pair_is_s1_s2"],
        where,
        bound=0.5,
        upper=False,
    )
    report("|r(s1, s2)|", v["abs_r_s1_s2"], where, bound=0.8, upper=False)
    report("r(s3, s4)", v["r_s3_s4"], where, bound=-0.6)
    report("largest |s2 - (s1 - s3 - exp(s5) / 5)|, mg/dL", v["friedewald_gap"], where, bound=1)
    report("un-standardized vs raw fit, relative weight gap", v["raw_weights_gap"], where, bound=1e-9)
    report("un-standardized vs raw fit, bias gap (relative)", v["raw_bias_gap"], where, bound=1e-9)
    report("the two weight orderings are equal (1 = yes)", v["orders_equal"], where, bound=0.5)
    report("kappa of G, smallest", v["kappa"], where, bound=100, upper=False)
    report("kappa of G, largest", v["kappa"], where, bound=2000)
    report("raw centred kappa / kappa", v["raw_kappa_over_kappa"], where, bound=50, upper=False)
    report("serum share of the flat direction", v["serum_share"], where, bound=0.99, upper=False)
    report("s1 is not the largest loading (1 = not)", v["s1_not_largest"], where, bound=0.5)
    report("largest of the s2, s3, s5 loadings (s1 > 0)", v["largest_of_s2_s3_s5_loading"], where, bound=0)


def gd_lesson12(scale: float) -> None:
    """Notebook 12, section 2: GD's gap after GD_EPOCHS; the loss falls faster than the distance."""
    num_seeds = max(1, round(SEEDS_PER_SETTING * scale))
    header("gd_lesson12", "notebook 12, gd_gap < 1e-3 and the loss-versus-distance check", num_seeds)
    where, v = sweep(num_seeds, bootstrap=False)
    report("largest |theta_GD - theta*| after GD_EPOCHS", v["gd_gap"], where, bound=1e-3)
    # The tail: kappa's largest values come with the fewest training rows; the slowest GD with the lowest
    # rate and fewest epochs. 25 times the seeds there.
    tail = LESSON12_SETTINGS[1]
    tail_where = [(tail[0], seed) for seed in range(25 * num_seeds)]
    tail_values = [lesson12(seed, tail, bootstrap=False) for _, seed in tail_where]
    print(f"  tail: split seeds 0 .. {25 * num_seeds - 1} at {tail[0]!r}")
    report(
        "  largest |theta_GD - theta*| after GD_EPOCHS",
        np.array([t["gd_gap"] for t in tail_values]),
        tail_where,
        bound=1e-3,
    )
    report("  largest kappa", np.array([t["kappa"] for t in tail_values]), tail_where)
    report(
        "(loss gap share) / (distance share) at epoch 1000",
        v["loss_share_over_distance_share_1000"],
        where,
        bound=0.1,
    )


def validation_lesson12(scale: float) -> None:
    """Notebook 12, sections 2 and 5: the model against the baseline on validation; the test score."""
    num_seeds = max(1, round(SEEDS_PER_SETTING * scale))
    header("validation_lesson12", "notebook 12, model_mse < baseline_mse, val R^2, test_r2 > 0", num_seeds)
    where, v = sweep(num_seeds, bootstrap=False)
    report("validation MSE, model / baseline", v["val_mse_over_baseline"], where, bound=1)
    report("validation R^2 of the model, largest", v["val_r2"], where, bound=0.8)
    report("test R^2 of the chosen model", v["test_r2"], where, bound=0, upper=False)
    values, counts = np.unique(v["chosen_penalty"], return_counts=True)
    chosen = ", ".join(f"{a:g}: {b}" for a, b in zip(values, counts, strict=True))
    print(f"  chosen lambda (0 = least squares): {chosen}")


def bootstrap_lesson12(scale: float) -> None:
    """Notebook 12, section 4: the bootstrap swings of the weights, under least squares and ridge."""
    num_seeds = max(1, round(SEEDS_PER_SETTING * scale))
    header("bootstrap_lesson12", "notebook 12, the bootstrap checks of section 4", num_seeds)
    where, v = sweep(num_seeds, bootstrap=True)
    report(
        "swing of s1 / largest swing of age, sex, bmi, bp",
        v["s1_swing_over_nonserum"],
        where,
        bound=1.5,
        upper=False,
    )
    report(
        "swing of s2 / largest swing of age, sex, bmi, bp",
        v["s2_swing_over_nonserum"],
        where,
        bound=1.5,
        upper=False,
    )
    report("correlation of the s1 and s2 weights", v["trade_off"], where, bound=-0.8)
    report("swing of s1 + s2 / the smaller of their swings", v["sum_swing_over_smaller"], where, bound=1)
    report("mean prediction swing / swing of s1", v["prediction_swing_over_s1"], where, bound=1)
    report("ridge swing / least-squares swing, worse of s1 and s2", v["ridge_over_ols_s1_s2"], where, bound=1)


def tail_lesson12(scale: float) -> None:
    """Notebook 12, the tails: 15 x the seeds at each corner of the split fractions, no resampling."""
    num_seeds = max(1, round(SEEDS_PER_SETTING * scale))
    header(
        "tail_lesson12", "notebook 12, every check but the bootstrap's, at the fraction corners", num_seeds
    )
    corners = ((0.6, 0.2, 0.2), (0.5, 0.3, 0.2), (0.4, 0.3, 0.3), (0.5, 0.2, 0.3))
    grid = (0.0001, *DEFAULT_GRID, 10.0)
    where, rows = [], []
    for fractions in corners:
        setting = (
            f"fractions {fractions}, GD 0.5 x 2 / L, 15_000 epochs",
            fractions,
            0.5,
            15_000,
            100,
            0.01,
            grid,
        )
        for seed in range(15 * num_seeds):
            where.append((setting[0], seed))
            rows.append(lesson12(seed, setting, bootstrap=False))
    print(f"  split seeds 0 .. {15 * num_seeds - 1} at each of {len(corners)} corners ({len(rows)} runs)")
    v = {key: np.array([row[key] for row in rows], dtype=float) for key in rows[0]}
    report("validation MSE, model / baseline", v["val_mse_over_baseline"], where, bound=1)
    report("validation R^2 of the model, largest", v["val_r2"], where, bound=0.8)
    report("test R^2 of the chosen model", v["test_r2"], where, bound=0, upper=False)
    report("largest |theta_GD - theta*|", v["gd_gap"], where, bound=1e-3)
    report("kappa, smallest", v["kappa"], where, bound=100, upper=False)
    report(
        "(loss gap share) / (distance share) at epoch 1000",
        v["loss_share_over_distance_share_1000"],
        where,
        bound=0.1,
    )
    report("serum share of the flat direction", v["serum_share"], where, bound=0.99, upper=False)
    report("|r(s1, s2)|", v["abs_r_s1_s2"], where, bound=0.8, upper=False)
    report("r(s3, s4)", v["r_s3_s4"], where, bound=-0.6)
    report("raw centred kappa / kappa", v["raw_kappa_over_kappa"], where, bound=50, upper=False)
    report("s1 is not the largest loading (1 = not)", v["s1_not_largest"], where, bound=0.5)
    report("largest of the s2, s3, s5 loadings (s1 > 0)", v["largest_of_s2_s3_s5_loading"], where, bound=0)
    report(
        "(s1, s2) is the most correlated pair (1 = yes)",
        v["top_pair_is_s1_s2"],
        where,
        bound=0.5,
        upper=False,
    )
    report("the two weight orderings are equal (1 = yes)", v["orders_equal"], where, bound=0.5)


# ---------------------------------------------------------------------------------------------
# Lesson 13: polynomial features, cross-validation, the leak, the estimators, the final score
# ---------------------------------------------------------------------------------------------

# The split fractions at each end of their verified ranges, and the defaults: TRAIN_FRACTION 0.5 leaves
# 0.25 to VAL_FRACTION and TEST_FRACTION (the tops of their ranges), 0.7 leaves 0.15 to each (the bottoms).
LESSON13_FRACTIONS = (
    ("TRAIN_FRACTION 0.6 (defaults)", (0.6, 0.2, 0.2)),
    ("TRAIN_FRACTION 0.5", (0.5, 0.25, 0.25)),
    ("TRAIN_FRACTION 0.7", (0.7, 0.15, 0.15)),
)
LESSON13_MAX_DEGREES = (8, 9, 10)  # MAX_DEGREE
LESSON13_FOLDS = (3, 5, 10)  # NUM_FOLDS
# (LAMBDA_MIN, LAMBDA_MAX, NUM_LAMBDAS): the defaults, then every corner of the three knobs' ranges.
LESSON13_GRIDS = ((0.001, 1000.0, 13), *itertools.product((0.0001, 0.001), (100.0, 10_000.0), (13, 25)))
LESSON13_HALVINGS = (100, 200, 400)  # NUM_HALVINGS
# Split seeds 0, 1, ... at each setting, at --seeds-scale 1.
SWEEP_SEEDS, DEGREES_SEEDS, CURVES_SEEDS, CV_SEEDS = 500, 300, 300, 200
LEAK_SEEDS, ESTIMATORS_SEEDS, FINAL_SEEDS = 200, 20, 200
# The notebook's fixed constants.
BMI = 2  # names.index("bmi")
SWEEP_ROWS = 20
NUM_SPREAD_SEEDS = 100
TINY_PENALTY = 1e-8
LC_REPEATS = 10
LASSO_SETTINGS = {"tol": 1e-4, "max_iter": 100_000}
GD_EPOCHS = 500


def grid_label(grid: tuple[float, float, int]) -> str:
    return f"lambdas {grid[0]:g} to {grid[1]:g} x {grid[2]}"


def settings13(*knobs: tuple[str, Sequence]) -> tuple[int, str]:
    """For header: the number of lesson-13 settings (every combination) and their description."""
    knobs = (("fractions", [fractions for _, fractions in LESSON13_FRACTIONS]), *knobs)
    count = math.prod(len(values) for _, values in knobs)
    return count, "; ".join(f"{name} {', '.join(map(str, values))}" for name, values in knobs)


def sweep13(
    num_seeds: int, runs: Callable[[int, str, tuple], list[tuple[str, dict[str, float]]]]
) -> tuple[list[tuple[str, int]], dict[str, np.ndarray]]:
    """runs(seed, fractions label, fractions) for seeds 0..num_seeds-1 at every split; the values by name.

    Each call returns one (setting label, values) pair per setting of the other knobs.
    """
    where, rows = [], []
    for label, fractions in LESSON13_FRACTIONS:
        start = time.perf_counter()
        for seed in range(num_seeds):
            for setting, row in runs(seed, label, fractions):
                where.append((setting, seed))
                rows.append(row)
        print(
            f"    [{label}: {num_seeds} seeds in {time.perf_counter() - start:.0f} s]",
            file=sys.stderr,
            flush=True,
        )
    return where, {key: np.array([row[key] for row in rows], dtype=float) for key in rows[0]}


def streams13(seed: int) -> list[np.random.SeedSequence]:
    """fold_seed, curve_seed, halving_seed: the notebook's child streams of SEED."""
    return np.random.SeedSequence(seed).spawn(3)


def bmi_degree_sweep(
    x_fit: np.ndarray, y_fit: np.ndarray, x_score: np.ndarray, y_score: np.ndarray, max_degree: int
) -> tuple[np.ndarray, np.ndarray]:
    """Notebook 13, section 1: polynomials of degree 1..max_degree in one feature; (fit MSE, score MSE)."""
    scaler = Standardizer().fit(x_fit)
    powers = np.arange(1, max_degree + 1)
    powers_fit = scaler.transform(x_fit) ** powers  # (n_fit, max_degree)
    powers_score = scaler.transform(x_score) ** powers
    power_scaler = Standardizer().fit(powers_fit)
    P_fit, P_score = power_scaler.transform(powers_fit), power_scaler.transform(powers_score)
    fit_errors, score_errors = np.empty(max_degree), np.empty(max_degree)
    for i, degree in enumerate(powers):
        fit = fit_linear_closed_form(P_fit[:, :degree], y_fit)
        fit_errors[i] = mse(y_fit, P_fit[:, :degree] @ fit.W + fit.b)
        score_errors[i] = mse(y_score, P_score[:, :degree] @ fit.W + fit.b)
    return fit_errors, score_errors


def degree_spread(fractions: tuple, max_degree: int) -> np.ndarray:
    """Notebook 13, section 1: spread[d], how many of the splits of seeds 0..99 chose degree d."""
    data = load_diabetes_data()
    spread = np.zeros(max_degree + 1, dtype=int)
    for other_seed in range(NUM_SPREAD_SEEDS):
        other = split_train_val_test(
            data.X, data.y, rng=np.random.default_rng(other_seed), fractions=fractions
        )
        _, other_val = bmi_degree_sweep(
            other.train.X[:SWEEP_ROWS, [BMI]],
            other.train.y[:SWEEP_ROWS],
            other.val.X[:, [BMI]],
            other.val.y,
            max_degree,
        )
        spread[1 + np.argmin(other_val)] += 1
    return spread


def degree_errors(splits: DataSplits) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Notebook 13, section 1: all ten features at degrees 1, 2, 3; columns, training and validation MSE."""
    X_train, y_train = splits.train
    x_scaler = Standardizer().fit(X_train)
    Z_train, Z_val = x_scaler.transform(X_train), x_scaler.transform(splits.val.X)
    num_columns, poly_train, poly_val = [], [], []
    for degree in (1, 2, 3):
        expander = PolynomialFeatures(degree, include_bias=False).fit(Z_train)
        P_train, P_val = expander.transform(Z_train), expander.transform(Z_val)
        fit = fit_linear_closed_form(P_train, y_train, l2_penalty=TINY_PENALTY)
        num_columns.append(P_train.shape[1])
        poly_train.append(mse(y_train, P_train @ fit.W + fit.b))
        poly_val.append(mse(splits.val.y, P_val @ fit.W + fit.b))
    return num_columns, np.array(poly_train), np.array(poly_val)


def learning_curve_gaps(splits: DataSplits, curve_seed: np.random.SeedSequence) -> np.ndarray:
    """Notebook 13, section 2: curve_gaps (2, sizes), validation minus training MSE of degrees 1 and 2."""
    (X_train, y_train), (X_val, y_val) = splits.train, splits.val
    n_train = len(X_train)
    sizes = np.unique(np.geomspace(80, n_train, 6).round().astype(int))
    curve_rng = np.random.default_rng(curve_seed)
    curves = np.zeros((2, 2, len(sizes)))
    for i, size in enumerate(sizes):
        for _ in range(LC_REPEATS):
            rows = curve_rng.choice(n_train, size=size, replace=False)
            scaler = Standardizer().fit(X_train[rows])
            for d, degree in enumerate((1, 2)):
                expander = PolynomialFeatures(degree, include_bias=False)
                P_fit = expander.fit_transform(scaler.transform(X_train[rows]))
                P_score = expander.transform(scaler.transform(X_val))
                fit = fit_linear_closed_form(P_fit, y_train[rows], l2_penalty=TINY_PENALTY)
                curves[d, 0, i] += mse(y_train[rows], P_fit @ fit.W + fit.b) / LC_REPEATS
                curves[d, 1, i] += mse(y_val, P_score @ fit.W + fit.b) / LC_REPEATS
    return curves[:, 1] - curves[:, 0]


class DevelopmentRows(NamedTuple):
    """Notebook 13, section 3: the training and validation rows together, shuffled once and cut in folds."""

    X: np.ndarray  # (n_dev, 10), original units
    y: np.ndarray  # (n_dev, 1)
    order: np.ndarray  # (n_dev,): the shuffle
    folds: list[np.ndarray]  # NUM_FOLDS arrays of row numbers

    @property
    def shuffled(self) -> tuple[np.ndarray, np.ndarray]:
        """X_shuffled (n_dev, 10) and y_shuffled (n_dev,), as scikit-learn gets them."""
        return self.X[self.order], self.y[self.order, 0]


def development_rows(
    splits: DataSplits, fold_seed: np.random.SeedSequence, num_folds: int
) -> DevelopmentRows:
    X_dev, y_dev = np.vstack([splits.train.X, splits.val.X]), np.vstack([splits.train.y, splits.val.y])
    order = np.random.default_rng(fold_seed).permutation(len(X_dev))
    return DevelopmentRows(X_dev, y_dev, order, np.array_split(order, num_folds))


def fold_matrices(dev: DevelopmentRows, k: int, degree: int) -> tuple[np.ndarray, ...]:
    """Fold k held out: standardized and expanded with the statistics of the other folds only."""
    fit_rows = np.concatenate([fold for j, fold in enumerate(dev.folds) if j != k])
    scaler = Standardizer().fit(dev.X[fit_rows])
    expander = PolynomialFeatures(degree, include_bias=False)
    P_fit = expander.fit_transform(scaler.transform(dev.X[fit_rows]))
    P_held = expander.transform(scaler.transform(dev.X[dev.folds[k]]))
    return P_fit, dev.y[fit_rows], P_held, dev.y[dev.folds[k]]


def grid_union(grids: Sequence[tuple[float, float, int]]) -> np.ndarray:
    """Every lambda of these grids, once, increasing: each is fitted once and read by every grid it is in."""
    return np.unique(np.concatenate([np.geomspace(*grid) for grid in grids]))


def grid_index(union: np.ndarray, grid: tuple[float, float, int]) -> np.ndarray:
    """Where the lambdas of ``grid`` lie in ``union`` (the same floats)."""
    lambdas = np.geomspace(*grid)
    index = np.searchsorted(union, lambdas)
    assert np.array_equal(union[index], lambdas)
    return index


def ridge_fold_mse(dev: DevelopmentRows, lambdas: np.ndarray) -> np.ndarray:
    """Notebook 13, section 3: fold_mse (2, K, lambdas), ridge of degree 1 and 2 by hand."""
    fold_mse = np.zeros((2, len(dev.folds), len(lambdas)))
    for d, degree in enumerate((1, 2)):
        for k in range(len(dev.folds)):
            P_fit, y_fit, P_held, y_held = fold_matrices(dev, k, degree)
            for i, lam in enumerate(lambdas):
                fit = fit_linear_closed_form(P_fit, y_fit, l2_penalty=lam)
                fold_mse[d, k, i] = mse(y_held, P_held @ fit.W + fit.b)
    return fold_mse


def ridge_cv_tables(dev: DevelopmentRows, grids: Sequence[tuple]) -> dict[tuple, np.ndarray]:
    """cv_ridge (2, NUM_LAMBDAS) for each grid: the notebook's table, each lambda fitted once."""
    union = grid_union(grids)
    fold_mse = ridge_fold_mse(dev, union)
    return {grid: fold_mse[:, :, grid_index(union, grid)].mean(axis=1) for grid in grids}


def sklearn_fold_mse(dev: DevelopmentRows, lambdas: np.ndarray) -> tuple[np.ndarray, bool]:
    """Notebook 13, section 3: sk_fold_mse (K, lambdas) by KFold, a Pipeline and Ridge; and same_folds."""
    X_shuffled, y_shuffled = dev.shuffled
    kfold = KFold(n_splits=len(dev.folds))
    sk_fold_mse = np.zeros((len(dev.folds), len(lambdas)))
    for k, (fit_rows, held_rows) in enumerate(kfold.split(X_shuffled)):
        prepare = make_pipeline(StandardScaler(), PolynomialFeatures(2, include_bias=False))
        P_fit = prepare.fit_transform(X_shuffled[fit_rows])
        P_held = prepare.transform(X_shuffled[held_rows])
        for i, lam in enumerate(lambdas):
            ridge = Ridge(alpha=len(fit_rows) * lam).fit(P_fit, y_shuffled[fit_rows])
            sk_fold_mse[k, i] = np.mean((ridge.predict(P_held) - y_shuffled[held_rows]) ** 2)
    same_folds = all(
        np.array_equal(dev.order[held], fold)
        for (_, held), fold in zip(kfold.split(X_shuffled), dev.folds, strict=True)
    )
    return sk_fold_mse, same_folds


def lasso_weights(P: np.ndarray, y: np.ndarray, penalties: np.ndarray) -> np.ndarray:
    """Notebook 13, section 3: lasso weights (p, penalties) of MSE + lambda sum |W| with a free bias."""
    _, coefs, _ = lasso_path(
        P - P.mean(axis=0), y[:, 0] - y.mean(), alphas=penalties[::-1] / 2, **LASSO_SETTINGS
    )
    return coefs[:, ::-1]


def lasso_cv(dev: DevelopmentRows, lasso_lambdas: np.ndarray) -> np.ndarray:
    """Notebook 13, section 3: cv_lasso (lambdas,), the lasso of degree 2 cross-validated on the folds."""
    lasso_fold_mse = np.zeros((len(dev.folds), len(lasso_lambdas)))
    for k in range(len(dev.folds)):
        P_fit, y_fit, P_held, y_held = fold_matrices(dev, k, 2)
        W_path = lasso_weights(P_fit, y_fit, lasso_lambdas)
        predictions = (P_held - P_fit.mean(axis=0)) @ W_path + y_fit.mean()
        lasso_fold_mse[k] = np.mean((predictions - y_held) ** 2, axis=0)
    return lasso_fold_mse.mean(axis=0)


def lasso_dev_path(dev: DevelopmentRows, lasso_lambdas: np.ndarray) -> np.ndarray:
    """Notebook 13, section 3: the lasso path (65, lambdas) on every development row."""
    P_dev = PolynomialFeatures(2, include_bias=False).fit_transform(
        Standardizer().fit(dev.X).transform(dev.X)
    )
    return lasso_weights(P_dev, dev.y, lasso_lambdas)


def runner_up_gap(table: np.ndarray) -> float:
    """(second-lowest - lowest) / lowest of a CV table: how far the choice is from a tie."""
    lowest, second = np.sort(table, axis=None)[:2]
    return (second - lowest) / lowest


def leak_squared_errors(splits: DataSplits, lambdas: np.ndarray) -> np.ndarray:
    """Notebook 13, section 4: squared errors (2, lambdas, n_val) of each candidate on the validation rows."""
    X_train, y_train = splits.train
    x_scaler = Standardizer().fit(X_train)
    Z_train, Z_val = x_scaler.transform(X_train), x_scaler.transform(splits.val.X)
    errors = np.empty((2, len(lambdas), len(Z_val)))
    for d, degree in enumerate((1, 2)):
        expander = PolynomialFeatures(degree, include_bias=False)
        P_fit, P_score = expander.fit_transform(Z_train), expander.transform(Z_val)
        for i, lam in enumerate(lambdas):
            fit = fit_linear_closed_form(P_fit, y_train, l2_penalty=lam)
            errors[d, i] = ((P_score @ fit.W + fit.b) - splits.val.y)[:, 0] ** 2
    return errors


def halvings(
    squared_errors: np.ndarray, halving_seed: np.random.SeedSequence, num_halvings: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Notebook 13, section 4: reported and honest (2 num_halvings,), and whether the halves chose apart."""
    n_val = squared_errors.shape[1]
    halving_rng = np.random.default_rng(halving_seed)
    half = n_val // 2
    reported, honest, differ = [], [], []
    for _ in range(num_halvings):
        shuffled = halving_rng.permutation(n_val)
        first, second = shuffled[:half], shuffled[half : 2 * half]
        picks = []
        for choose_on, score_on in [(first, second), (second, first)]:
            pick = int(np.argmin(squared_errors[:, choose_on].mean(axis=1)))
            reported.append(squared_errors[pick, choose_on].mean())
            honest.append(squared_errors[pick, score_on].mean())
            picks.append(pick)
        differ.append(picks[0] != picks[1])
    return np.array(reported), np.array(honest), np.array(differ)


def final_scores(dev: DevelopmentRows, splits: DataSplits, best_degree: int, best_lambda: float) -> dict:
    """Notebook 13, sections 5, 6: test MSE / baseline MSE; the refit's gaps to the hand and Ridge fits."""
    X_shuffled, y_shuffled = dev.shuffled
    X_test, y_test = splits.test
    final_model = make_pipeline(
        StandardScaler(),
        PolynomialFeatures(best_degree, include_bias=False),
        ClosedFormRegressor(l2_penalty=best_lambda),
    ).fit(X_shuffled, y_shuffled)  # what GridSearchCV's refit does with its best parameters
    final_ridge = make_pipeline(
        StandardScaler(),
        PolynomialFeatures(best_degree, include_bias=False),
        Ridge(alpha=len(dev.X) * best_lambda),
    ).fit(X_shuffled, y_shuffled)
    # Section 5's hand-written refit: Standardizer, the expansion, the closed form, on the development rows.
    scaler = Standardizer().fit(dev.X)
    P_hand = PolynomialFeatures(best_degree, include_bias=False).fit_transform(scaler.transform(dev.X))
    hand_fit = fit_linear_closed_form(P_hand, dev.y, l2_penalty=best_lambda)
    pipeline_predictions = final_model.predict(dev.X)  # the notebook compares on the development rows
    final_test = mse(y_test, final_model.predict(X_test).reshape(-1, 1))
    baseline_test = mse(y_test, np.full_like(y_test, dev.y.mean()))
    return {
        "final_over_baseline": final_test / baseline_test,
        "hand_gap": np.max(np.abs(pipeline_predictions - (P_hand @ hand_fit.W + hand_fit.b)[:, 0])),
        "prediction_gap": np.max(np.abs(pipeline_predictions - final_ridge.predict(dev.X))),
    }


def sweep_lesson13(scale: float) -> None:
    """Notebook 13, section 1: the one-feature sweep's training MSE never rises; the largest degree loses."""
    num_seeds = max(1, round(SWEEP_SEEDS * scale))
    header(
        "sweep_lesson13",
        "notebook 13, the checks of the bmi sweep (nested training MSE, the chosen degree, the spread)",
        num_seeds,
        settings13(("MAX_DEGREE", LESSON13_MAX_DEGREES)),
    )

    def runs(seed: int, label: str, fractions: tuple) -> list[tuple[str, dict[str, float]]]:
        splits = load_diabetes_splits(seed, fractions)
        X_train, y_train = splits.train
        out = []
        for max_degree in LESSON13_MAX_DEGREES:
            sweep_train, sweep_val = bmi_degree_sweep(
                X_train[:SWEEP_ROWS, [BMI]],
                y_train[:SWEEP_ROWS],
                splits.val.X[:, [BMI]],
                splits.val.y,
                max_degree,
            )
            chosen_degree = 1 + int(np.argmin(sweep_val))
            row = {
                "relative_fall": np.min(-np.diff(sweep_train) / sweep_train[1:]),
                "chosen_degree": chosen_degree,
                "max_minus_chosen": max_degree - chosen_degree,
                "last_over_chosen": sweep_val[-1] / sweep_val.min(),
            }
            out.append((f"{label}, MAX_DEGREE {max_degree}", row))
        return out

    where, v = sweep13(num_seeds, runs)
    report(
        "smallest fall of the training MSE per degree, relative",
        v["relative_fall"],
        where,
        bound=-1e-9,
        upper=False,
    )
    report("chosen degree", v["chosen_degree"], where)
    report("MAX_DEGREE - chosen degree", v["max_minus_chosen"], where, bound=0, upper=False)
    for max_degree in LESSON13_MAX_DEGREES:
        mine = [i for i, (setting, _) in enumerate(where) if setting.endswith(f"MAX_DEGREE {max_degree}")]
        report(
            f"val(MAX_DEGREE) / val(chosen), MAX_DEGREE {max_degree}",
            v["last_over_chosen"][mine],
            [where[i] for i in mine],
            bound=1,
            upper=False,
        )
    # The spread does not depend on SEED: the splits of seeds 0..99, once per fractions and MAX_DEGREE.
    for label, fractions in LESSON13_FRACTIONS:
        for max_degree in LESSON13_MAX_DEGREES:
            spread = degree_spread(fractions, max_degree)
            ok = spread.sum() == NUM_SPREAD_SEEDS and spread[0] == 0
            chosen = ", ".join(f"{d}: {spread[d]}" for d in np.flatnonzero(spread))
            verdict = "ok" if ok else "FAILS"
            print(f"  spread at {label}, MAX_DEGREE {max_degree} (degree: splits): {chosen}; check {verdict}")


def degrees_lesson13(scale: float) -> None:
    """Notebook 13, section 1: all ten features at degrees 1 to 3: training falls, degree 3 overfits."""
    num_seeds = max(1, round(DEGREES_SEEDS * scale))
    header(
        "degrees_lesson13",
        "notebook 13, the checks of degrees 1, 2, 3 on all ten features",
        num_seeds,
        settings13(),
    )

    def runs(seed: int, label: str, fractions: tuple) -> list[tuple[str, dict[str, float]]]:
        num_columns, poly_train, poly_val = degree_errors(load_diabetes_splits(seed, fractions))
        poly_gap = poly_val - poly_train
        row = {
            "columns_right": float(num_columns == [10, 65, 285]),
            "train_fall": np.min(-np.diff(poly_train) / poly_train[:-1]),
            "val3_over_val1": poly_val[2] / poly_val[0],
            "gap3_margin": poly_gap[2] - max(poly_gap[0], poly_gap[1]),
            "gap3_minus_gap2": poly_gap[2] - poly_gap[1],
            "gap2_minus_gap1": poly_gap[1] - poly_gap[0],
        }
        return [(label, row)]

    where, v = sweep13(num_seeds, runs)
    report("column counts are 10, 65, 285 (1 = yes)", v["columns_right"], where, bound=0.5, upper=False)
    report(
        "training MSE fall per degree, relative to the lower degree's",
        v["train_fall"],
        where,
        bound=0,
        upper=False,
    )
    report("validation MSE, degree 3 / degree 1", v["val3_over_val1"], where, bound=3, upper=False)
    report("gap 3 - the larger of gaps 1 and 2", v["gap3_margin"], where, bound=0, upper=False)
    report("gap 3 - gap 2", v["gap3_minus_gap2"], where, upper=False)
    report("gap 2 - gap 1", v["gap2_minus_gap1"], where, upper=False)


def curves_lesson13(scale: float) -> None:
    """Notebook 13, section 2: the learning curves of degrees 1 and 2 (LC_REPEATS subsets per size)."""
    num_seeds = max(1, round(CURVES_SEEDS * scale))
    header("curves_lesson13", "notebook 13, the two learning-curve checks", num_seeds, settings13())

    def runs(seed: int, label: str, fractions: tuple) -> list[tuple[str, dict[str, float]]]:
        _, curve_seed, _ = streams13(seed)
        gaps = learning_curve_gaps(load_diabetes_splits(seed, fractions), curve_seed)
        row = {"first_margin": gaps[1, 0] - gaps[0, 0], "closing": gaps[1, -1] / gaps[1, 0]}
        return [(label, row)]

    where, v = sweep13(num_seeds, runs)
    report(
        "at the smallest size, gap of degree 2 - gap of degree 1",
        v["first_margin"],
        where,
        bound=0,
        upper=False,
    )
    report("degree 2's gap, at the largest size / at the smallest", v["closing"], where, bound=1)


def cv_lesson13(scale: float) -> None:
    """Notebook 13, section 3: K-fold CV of ridge (by hand and by scikit-learn) and the lasso."""
    num_seeds = max(1, round(CV_SEEDS * scale))
    header(
        "cv_lesson13",
        "notebook 13, the checks of section 3, and section 5's margin between the best two CV scores",
        num_seeds,
        settings13(("K", LESSON13_FOLDS), ("grids", [grid_label(g) for g in LESSON13_GRIDS])),
    )
    union = grid_union(LESSON13_GRIDS)
    lasso_sizes = sorted({grid[2] for grid in LESSON13_GRIDS})
    unconverged = 0

    def runs(seed: int, label: str, fractions: tuple) -> list[tuple[str, dict[str, float]]]:
        nonlocal unconverged
        splits = load_diabetes_splits(seed, fractions)
        fold_seed, _, _ = streams13(seed)
        out = []
        dev_paths = {}  # the lasso path on every development row: the same for every K
        for num_folds in LESSON13_FOLDS:
            dev = development_rows(splits, fold_seed, num_folds)
            fold_mse = ridge_fold_mse(dev, union)
            sk_fold_mse, same_folds = sklearn_fold_mse(dev, union)
            partition = np.array_equal(np.sort(np.concatenate(dev.folds)), np.arange(len(dev.X)))
            sizes = list(map(len, dev.folds))
            folds_ok = partition and max(sizes) - min(sizes) <= 1 and same_folds
            best_lasso, kept = {}, {}
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ConvergenceWarning)
                for num_lambdas in lasso_sizes:
                    lasso_lambdas = np.geomspace(0.1, 100.0, num_lambdas)
                    best_lasso[num_lambdas] = int(np.argmin(lasso_cv(dev, lasso_lambdas)))
                    if num_lambdas not in dev_paths:
                        dev_paths[num_lambdas] = lasso_dev_path(dev, lasso_lambdas)
                    kept[num_lambdas] = np.count_nonzero(dev_paths[num_lambdas][:, best_lasso[num_lambdas]])
            unconverged += sum(issubclass(w.category, ConvergenceWarning) for w in caught)
            for grid in LESSON13_GRIDS:
                index = grid_index(union, grid)
                cv_ridge = fold_mse[:, :, index].mean(axis=1)  # (2, NUM_LAMBDAS)
                sk_cv_ridge = sk_fold_mse[:, index].mean(axis=0)
                best_ridge = int(np.argmin(cv_ridge[1]))
                num_lambdas = grid[2]
                row = {
                    "folds_ok": float(folds_ok),
                    "sklearn_gap": np.max(np.abs(sk_cv_ridge - cv_ridge[1]) / np.abs(cv_ridge[1])),
                    "ridge_edge": min(best_ridge, num_lambdas - 1 - best_ridge),
                    "lasso_edge": min(best_lasso[num_lambdas], num_lambdas - 1 - best_lasso[num_lambdas]),
                    "kept": kept[num_lambdas],
                    "runner_up_gap": runner_up_gap(cv_ridge),
                }
                out.append((f"{label}, K {num_folds}, {grid_label(grid)}", row))
        return out

    where, v = sweep13(num_seeds, runs)
    report(
        "folds partition the rows, sizes within 1, KFold's (1 = yes)",
        v["folds_ok"],
        where,
        bound=0.5,
        upper=False,
    )
    report("hand vs scikit-learn CV curve, relative difference", v["sklearn_gap"], where, bound=1e-9)
    report("ridge's choice, grid points from the nearer edge", v["ridge_edge"], where, bound=0, upper=False)
    report("lasso's choice, grid points from the nearer edge", v["lasso_edge"], where, bound=0, upper=False)
    report("columns the lasso keeps, fewest", v["kept"], where, bound=0, upper=False)
    report("columns the lasso keeps, most", v["kept"], where, bound=65)
    report(
        "best two CV scores of the (degree, lambda) table, relative gap",
        v["runner_up_gap"],
        where,
        upper=False,
    )
    print(f"  lasso_path convergence warnings: {unconverged}")


def leak_lesson13(scale: float) -> None:
    """Notebook 13, section 4: choosing and scoring on the same half of the validation rows."""
    num_seeds = max(1, round(LEAK_SEEDS * scale))
    header(
        "leak_lesson13",
        "notebook 13, the checks of section 4 (the optimism of the leaked score)",
        num_seeds,
        settings13(("grids", [grid_label(g) for g in LESSON13_GRIDS]), ("NUM_HALVINGS", LESSON13_HALVINGS)),
    )
    union = grid_union(LESSON13_GRIDS)

    def runs(seed: int, label: str, fractions: tuple) -> list[tuple[str, dict[str, float]]]:
        splits = load_diabetes_splits(seed, fractions)
        _, _, halving_seed = streams13(seed)
        errors = leak_squared_errors(splits, union)  # (2, lambdas, n_val)
        out = []
        for grid in LESSON13_GRIDS:
            squared_errors = errors[:, grid_index(union, grid)].reshape(
                2 * grid[2], -1
            )  # (candidates, n_val)
            val_scores = squared_errors.mean(axis=1)
            leaked = int(np.argmin(val_scores))
            # NUM_HALVINGS = H draws the first H permutations of one stream: the longest run serves all.
            reported, honest, differ = halvings(squared_errors, halving_seed, max(LESSON13_HALVINGS))
            for num_halvings in LESSON13_HALVINGS:
                optimism = honest[: 2 * num_halvings].mean() - reported[: 2 * num_halvings].mean()
                row = {
                    "relative_optimism": optimism / honest[: 2 * num_halvings].mean(),
                    "halves_differ": differ[:num_halvings].sum(),
                    "leaked_is_min": float(val_scores[leaked] == val_scores.min()),
                }
                out.append((f"{label}, {grid_label(grid)}, {num_halvings} halvings", row))
        return out

    where, v = sweep13(num_seeds, runs)
    report(
        "optimism / honest score (must exceed -1e-9 and 0)",
        v["relative_optimism"],
        where,
        bound=0,
        upper=False,
    )
    report("halvings whose halves chose differently", v["halves_differ"], where, bound=0, upper=False)
    report(
        "the leaked choice is the best validation score (1 = yes)",
        v["leaked_is_min"],
        where,
        bound=0.5,
        upper=False,
    )
    settings = list(dict.fromkeys(setting for setting, _ in where))
    labels = np.array([setting for setting, _ in where])
    averages = np.array([v["relative_optimism"][labels == setting].mean() for setting in settings])
    report(
        "average optimism / honest score per setting, smallest",
        averages,
        [(s, "all") for s in settings],
        upper=False,
    )
    report("average optimism / honest score per setting, largest", averages, [(s, "all") for s in settings])


def estimators_lesson13(scale: float) -> None:
    """Notebook 13, section 5: GridSearchCV, and CV of the closed form, GD and Ridge at the chosen model."""
    num_seeds = max(1, round(ESTIMATORS_SEEDS * scale))
    folds = (LESSON13_FOLDS[0], LESSON13_FOLDS[-1])
    header(
        "estimators_lesson13",
        "notebook 13, the checks of section 5 (GridSearchCV's table, the estimators' CV estimates)",
        num_seeds,
        settings13(("K", folds), ("grids", [grid_label(g) for g in LESSON13_GRIDS])),
    )

    def runs(seed: int, label: str, fractions: tuple) -> list[tuple[str, dict[str, float]]]:
        splits = load_diabetes_splits(seed, fractions)
        fold_seed, _, _ = streams13(seed)
        out = []
        for num_folds in folds:
            dev = development_rows(splits, fold_seed, num_folds)
            X_shuffled, y_shuffled = dev.shuffled
            kfold = KFold(n_splits=num_folds)
            n_dev = len(dev.X)
            fit_sizes = sorted({n_dev - len(fold) for fold in dev.folds})
            for grid in LESSON13_GRIDS:
                lambdas = np.geomspace(*grid)
                # Section 3's table to the last bit (ridge_cv_tables may differ in rounding).
                cv_ridge = ridge_fold_mse(dev, lambdas).mean(axis=1)
                param_grid = {
                    "polynomialfeatures__degree": [1, 2],
                    "closedformregressor__l2_penalty": list(lambdas),
                }
                ours = make_pipeline(
                    StandardScaler(), PolynomialFeatures(include_bias=False), ClosedFormRegressor()
                )
                search = GridSearchCV(ours, param_grid, cv=kfold, scoring="neg_mean_squared_error", n_jobs=1)
                search.fit(X_shuffled, y_shuffled)
                best_degree = search.best_params_["polynomialfeatures__degree"]
                best_lambda = search.best_params_["closedformregressor__l2_penalty"]
                results = search.cv_results_
                grid_cv = np.zeros((2, len(lambdas)))
                for score, degree, lam in zip(
                    results["mean_test_score"],
                    results["param_polynomialfeatures__degree"],
                    results["param_closedformregressor__l2_penalty"],
                    strict=True,
                ):
                    grid_cv[degree - 1, np.flatnonzero(lambdas == lam)[0]] = -score
                hand_degree, hand_index = np.unravel_index(np.argmin(cv_ridge), cv_ridge.shape)
                final_model = search.best_estimator_
                chosen_steps = [StandardScaler(), PolynomialFeatures(best_degree, include_bias=False)]
                A_chosen = design_matrix(final_model[:-1].transform(X_shuffled))
                curvature = 2 * np.linalg.eigvalsh(A_chosen.T @ A_chosen / n_dev)[-1] + 2 * best_lambda
                models = {
                    "closed": ClosedFormRegressor(l2_penalty=best_lambda),
                    "gd": GDRegressor(
                        learning_rate=0.8 * 2 / curvature,
                        num_epochs=GD_EPOCHS,
                        l2_penalty=best_lambda,
                        random_state=0,
                    ),
                    "ridge": Ridge(alpha=fit_sizes[-1] * best_lambda),
                }
                cv_by_model = {
                    name: -cross_val_score(
                        make_pipeline(*chosen_steps, model),
                        X_shuffled,
                        y_shuffled,
                        cv=kfold,
                        scoring="neg_mean_squared_error",
                        n_jobs=1,
                    ).mean()
                    for name, model in models.items()
                }
                closed = cv_by_model["closed"]
                row = {
                    "table_gap": np.max(np.abs(grid_cv - cv_ridge) / np.abs(cv_ridge)),
                    "same_choice": float(
                        (best_degree, best_lambda) == (hand_degree + 1, lambdas[hand_index])
                    ),
                    "closed_gap": abs(closed - cv_ridge[hand_degree, hand_index])
                    / abs(cv_ridge[hand_degree, hand_index]),
                    "gd_gap": abs(cv_by_model["gd"] - closed) / abs(closed),
                    "ridge_gap": abs(cv_by_model["ridge"] - closed) / abs(closed),
                }
                out.append((f"{label}, K {num_folds}, {grid_label(grid)}", row))
        return out

    where, v = sweep13(num_seeds, runs)
    report("GridSearchCV's table vs section 3's, relative difference", v["table_gap"], where, bound=1e-9)
    report("GridSearchCV chose as the hand table (1 = yes)", v["same_choice"], where, bound=0.5, upper=False)
    report("closed form's CV vs the table, relative difference", v["closed_gap"], where, bound=1e-9)
    report("GDRegressor's CV vs the closed form's, relative difference", v["gd_gap"], where, bound=1e-2)
    report(
        "Ridge's CV (one alpha) vs the closed form's, relative difference", v["ridge_gap"], where, bound=1e-3
    )


def final_lesson13(scale: float) -> None:
    """Notebook 13, sections 5 and 6: test MSE against the mean's; the hand fit and Ridge predict as ours."""
    num_seeds = max(1, round(FINAL_SEEDS * scale))
    header(
        "final_lesson13",
        "notebook 13, final_test < 0.9 baseline_test and the refit's prediction gaps (hand, Ridge)",
        num_seeds,
        settings13(("K", LESSON13_FOLDS), ("grids", [grid_label(g) for g in LESSON13_GRIDS])),
    )

    def runs(seed: int, label: str, fractions: tuple) -> list[tuple[str, dict[str, float]]]:
        splits = load_diabetes_splits(seed, fractions)
        fold_seed, _, _ = streams13(seed)
        out = []
        for num_folds in LESSON13_FOLDS:
            dev = development_rows(splits, fold_seed, num_folds)
            # GridSearchCV chooses as the hand table (estimators_lesson13 checks it) and refits so.
            for grid, cv_ridge in ridge_cv_tables(dev, LESSON13_GRIDS).items():
                hand_degree, hand_index = np.unravel_index(np.argmin(cv_ridge), cv_ridge.shape)
                row = final_scores(dev, splits, int(hand_degree) + 1, np.geomspace(*grid)[hand_index])
                out.append((f"{label}, K {num_folds}, {grid_label(grid)}", row))
        return out

    where, v = sweep13(num_seeds, runs)
    report("test MSE, chosen model / predicting the mean", v["final_over_baseline"], where, bound=0.9)
    report(
        "largest |pipeline - hand-written Standardizer + closed form| on the development rows",
        v["hand_gap"],
        where,
        bound=1e-6,
    )
    report(
        "largest |ClosedFormRegressor - Ridge(alpha = N lambda)| on the development rows",
        v["prediction_gap"],
        where,
        bound=1e-6,
    )


REAL_DATA_FIGURES: dict[str, Callable[[float], None]] = {
    f.__name__: f
    for f in (
        data_lesson12,
        gd_lesson12,
        validation_lesson12,
        bootstrap_lesson12,
        tail_lesson12,
        sweep_lesson13,
        degrees_lesson13,
        curves_lesson13,
        cv_lesson13,
        leak_lesson13,
        estimators_lesson13,
        final_lesson13,
    )
}
