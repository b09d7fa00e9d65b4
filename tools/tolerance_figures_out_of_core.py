"""The measured worst cases quoted by lesson 14 (out of core and Dask), for tools/tolerance_figures.py.

tools/tolerance_figures.py runs these figures with the others (``--figure small_lesson14``, ...).
Each redoes what notebooks/14_out_of_core_and_dask.ipynb computes, with the course's functions
(``synthetic_chunk``, ``gram_sums``, ``merge_gram_sums``, ``merge_tree``, ``Adam``, ...), for seeds
0, 1, 2, ... at the ends of the knobs' verified ranges and their defaults, and prints the worst case
of every quantity a check relies on, with the (setting, seed) where it happened and the margin to
the notebook's tolerance. NUM_WORKERS and WORKER_MEMORY_MB change no number; Dask runs on its
synchronous scheduler, in this process.

- ``small_lesson14`` (section 2, the small data set): NUM_SAMPLES 50, 1_000 and 100_000 (200, 50 and
  20 seeds) at NUM_FEATURES 5, 10 and 15. The notebook writes the rows to a .npy file and copies
  each 16-row block out of a memory map of it with ``np.array``; ``np.save`` and ``np.load`` keep
  float64 bit for bit, so here the same blocks are copied out of the same rows held in memory.
- ``large_lesson14`` and ``sgd_lesson14`` (sections 2 to 4, the large data set) read one sweep: a
  pass over N_ROWS 10_000_000, 20_000_000 and 30_000_000 (above the knob's range) x NUM_FEATURES 5,
  10, 15 x CHUNK_ROWS 32_768, 131_072, 262_144, 2 seeds each, that makes every chunk once and feeds
  it to the raw sums, the centred sums and six runs of Adam (SGD_LEARNING_RATE 0.001, 0.003, 0.01 x
  BATCH_ROWS 1_000, 10_000). Section 3's merges are ``merge_tree`` over the chunks' sums: with
  ``split_every=2`` it merges in the order of the notebook's hand-built graph (two at a time, level by
  level, the odd one carried up); only the order differs from the NumPy loop's.
- ``tsqr_lesson14`` (section 3, the ill-conditioned design): 30 seeds at each of NUM_FEATURES 5, 10,
  15 x NEAR_COPY_SCALE 1e-6, 1e-5, 1e-4. Its tolerances are counts of digits, so its margins are
  ratios of digits: a gap of 2.9 digits against the 2 asserted reads 1.45x (THIN), though it is
  0.9 digits, a factor of 8 in the errors.

At ``--seeds-scale 1`` on one core: small_lesson14 about half a minute, tsqr_lesson14 about 1, and
the large sweep about 7 (once for large_lesson14 and sgd_lesson14 run together, or for either alone).
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable

import dask
import dask.array as da
import numpy as np

from lessons_utils import Adam, Standardizer, fit_linear_closed_form, mse_gradients, unstandardize_weights
from lessons_utils.chunked_data import chunk_sizes, synthetic_chunk, true_weights
from lessons_utils.dask_regression import merge_tree, synthetic_dask_arrays, synthetic_gram_sums_graph
from lessons_utils.fitting import LinearFit
from lessons_utils.streaming import (
    GramSums,
    fit_linear_streaming,
    gram_sums,
    merge_gram_sums,
    solve_gram_sums,
)

FEATURES = (5, 10, 15)  # NUM_FEATURES: both ends and the default
SMALL_PLAN = ((50, 200), (1_000, 50), (100_000, 20))  # (NUM_SAMPLES, seeds) at each NUM_FEATURES
DISK_CHUNK_ROWS = 16
LARGE_ROWS = (10_000_000, 20_000_000, 30_000_000)  # N_ROWS: the range's ends, and 30M beyond it
CHUNK_ROWS = (32_768, 131_072, 262_144)
LARGE_SEEDS = 2
RATES = (0.001, 0.003, 0.01)  # SGD_LEARNING_RATE
BATCHES = (1_000, 10_000)  # BATCH_ROWS
TSQR_ROWS, TSQR_CHUNK_ROWS, TSQR_SEEDS = 200_000, 25_000, 30
NEAR_COPY_SCALES = (1e-6, 1e-5, 1e-4)


def report(label: str, values: np.ndarray, where: np.ndarray, *, bound: float | None = None,
           upper: bool = True) -> None:
    """tools/tolerance_figures.py's ``report``, with (setting, seed) in ``where``: "at N = <setting>".

    Imported when first called: tolerance_figures imports this module to list its figures.

    Parameters
    ----------
    label : str
        What the values are.
    values : numpy.ndarray of shape (runs,)
        One value per run.
    where : numpy.ndarray of shape (runs, 2)
        (setting, seed) of each run, the setting starting with its number of rows.
    bound : float, optional
        The notebook's tolerance, as ``tolerance_figures.report`` takes it.
    upper : bool, default True
        Whether the worst case is the largest value (else the smallest).
    """
    from tolerance_figures import report as figures_report

    figures_report(label, values, where, bound=bound, upper=upper)


def header(name: str, backs: str, measured: str, swept: str) -> None:
    """Print a figure's name, what it backs, what is measured, and over which settings and seeds."""
    print(f"\n{name}: {backs}")
    print(f"  measured: {measured}")
    print(f"  {swept}")


def seeds_for(count: int, scale: float) -> int:
    """``count`` seeds scaled by ``scale``, at least one."""
    return max(1, round(count * scale))


def listed(values: tuple) -> str:
    """Knob values as the notebook writes them: "32_768, 131_072", "0.001, 0.01"."""
    return ", ".join(f"{v:_}" if isinstance(v, int) else f"{v:g}" for v in values)


# ---------------------------------------------------------------------------------------------
# The notebook's own helpers (cells of sections 2 and 3)
# ---------------------------------------------------------------------------------------------


def add_chunk_sums(AtA: np.ndarray, Aty: np.ndarray, X: np.ndarray, y: np.ndarray) -> None:
    """Section 2's ``add_chunk_sums``: add one chunk to the raw sums A^T A and A^T y, in place."""
    A = np.hstack([X, np.ones((len(X), 1))])  # (n, D + 1)
    AtA += A.T @ A  # (D + 1, D + 1)
    Aty += A.T @ y  # (D + 1, 1)


def theta(fit: LinearFit) -> np.ndarray:
    """[W; b] of a fit, (D + 1, 1)."""
    return np.vstack([fit.W, fit.b])


def relative_gap(theta_a: np.ndarray, reference: LinearFit) -> float:
    """The notebook's ``relative_gap``: max |[W; b] - reference| over the reference's largest entry."""
    theta_ref = theta(reference)  # (D + 1, 1)
    return float(np.max(np.abs(theta_a - theta_ref)) / np.max(np.abs(theta_ref)))


# ---------------------------------------------------------------------------------------------
# Section 2: the small data set
# ---------------------------------------------------------------------------------------------


def small_lesson14(scale: float) -> None:
    """Notebook 14, section 2's small data set: streamed by hand and by the course vs in memory (1e-9).

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    plan = tuple((size, seeds_for(seeds, scale)) for size, seeds in SMALL_PLAN)
    header("small_lesson14", "notebook 14, small_gap < 1e-9 and course_small_gap < 1e-9",
           f"relative gap to fit_linear_closed_form of the rows streamed {DISK_CHUNK_ROWS} at a time",
           f"seeds 0, 1, ...: {'; '.join(f'{s} at NUM_SAMPLES {n:_}' for n, s in plan)}; "
           f"each at NUM_FEATURES {listed(FEATURES)}")
    where, gaps = [], []
    for num_samples, num_seeds in plan:
        for num_features in FEATURES:
            for seed in range(num_seeds):
                X, y = synthetic_chunk(seed, 0, num_samples, num_features)  # (n, D), (n, 1)
                on_disk = np.hstack([X, y])  # (n, D + 1): the file's rows, y last
                starts = range(0, num_samples, DISK_CHUNK_ROWS)
                AtA, Aty = np.zeros((num_features + 1,) * 2), np.zeros((num_features + 1, 1))
                for start in starts:
                    block = np.array(on_disk[start:start + DISK_CHUNK_ROWS])  # (<= 16, D + 1)
                    add_chunk_sums(AtA, Aty, block[:, :-1], block[:, -1:])
                course = fit_linear_streaming((np.array(on_disk[s:s + DISK_CHUNK_ROWS, :-1]),
                                               np.array(on_disk[s:s + DISK_CHUNK_ROWS, -1:])) for s in starts)
                in_memory = fit_linear_closed_form(X, y)
                where.append((f"{num_samples:_}, D {num_features}", seed))
                gaps.append((relative_gap(np.linalg.solve(AtA, Aty), in_memory),  # [W; b], as solve_sums
                             relative_gap(theta(course), in_memory)))
    where, gaps = np.array(where), np.array(gaps)
    report("by hand (raw sums) vs in memory, relative", gaps[:, 0], where, bound=1e-9)
    report("fit_linear_streaming vs in memory, relative", gaps[:, 1], where, bound=1e-9)


# ---------------------------------------------------------------------------------------------
# Sections 2 to 4: one pass over the large data set serves the large and SGD figures
# ---------------------------------------------------------------------------------------------


def excess_mse(W: np.ndarray, b: np.ndarray, sums: GramSums, fit: LinearFit) -> float:
    """Section 4's formula: the training MSE of (W, b) above the closed form's, from the centred sums."""
    dW, db = W - fit.W, (b - fit.b).item()  # (D, 1), a number
    covariance = sums.gram / sums.count  # (D, D)
    return (dW.T @ covariance @ dW).item() + (db + (sums.x_mean @ dW).item()) ** 2


def large_pass(seed: int, num_rows: int, num_features: int, chunk_rows: int) -> tuple[dict, list[dict]]:
    """One pass of sections 2 to 4 over the data set ``seed``: every chunk made once, used by all.

    Parameters
    ----------
    seed, num_rows, num_features, chunk_rows : int
        The notebook's SEED, N_ROWS, NUM_FEATURES and CHUNK_ROWS.

    Returns
    -------
    large : dict
        Sections 2 and 3's gaps and distances from the truth.
    sgd : list of dict
        Section 4's excess MSE (as a share of the closed form's) and largest weight distance, one
        dict for each (SGD_LEARNING_RATE, BATCH_ROWS) in ``RATES`` x ``BATCHES``.
    """
    sizes = chunk_sizes(num_rows, chunk_rows)
    AtA, Aty = np.zeros((num_features + 1,) * 2), np.zeros((num_features + 1, 1))
    parts = []  # each chunk's centred sums, for the merges in other orders
    runs = {}  # (rate, batch) -> [W_std (D, 1), b_std (1,), its Adam]
    for index, size in enumerate(sizes):
        X, y = synthetic_chunk(seed, index, size, num_features)  # (size, D), (size, 1)
        add_chunk_sums(AtA, Aty, X, y)
        parts.append(gram_sums(X, y))
        if index == 0:  # section 4 standardizes with the first chunk's statistics
            x_scaler, y_scaler = Standardizer().fit(X), Standardizer().fit(y)
            runs = {(rate, batch): [np.zeros((num_features, 1)), np.zeros(1), Adam(rate)]
                    for rate in RATES for batch in BATCHES}
        Z, t = x_scaler.transform(X), y_scaler.transform(y)  # (size, D), (size, 1)
        for (_, batch), (W_std, b_std, optimizer) in runs.items():
            for start in range(0, size, batch):
                grad_W, grad_b = mse_gradients(Z[start:start + batch], t[start:start + batch], W_std, b_std)
                optimizer.step([W_std, b_std], [grad_W, grad_b])
    numpy_sums = functools.reduce(merge_gram_sums, parts)  # the notebook's loop: the total, then each chunk
    numpy_fit = solve_gram_sums(numpy_sums)
    delayed = [dask.delayed(part, pure=True) for part in parts]
    with dask.config.set(scheduler="synchronous"):
        pair_sums, tree16, pair16 = dask.compute(merge_tree(delayed, 2), merge_tree(delayed[:16], 8),
                                                 merge_tree(delayed[:16], 2))
    pair_fit = solve_gram_sums(pair_sums)
    large = {
        "big_gap": relative_gap(np.linalg.solve(AtA, Aty), numpy_fit),  # [W; b], as solve_sums
        "dask_gap": relative_gap(theta(pair_fit), numpy_fit),
        "tree16_gap": relative_gap(theta(solve_gram_sums(tree16)), solve_gram_sums(pair16)),
        "weight_error": np.max(np.abs(numpy_fit.W - true_weights(num_features))),
        "bias_error": abs(numpy_fit.b.item() - 5),
    }
    exact_mse = numpy_fit.loss_history[-1]
    sgd = []
    for W_std, b_std, _ in runs.values():
        W_sgd, b_sgd = unstandardize_weights(W_std, b_std, x_scaler, y_scaler)  # (D, 1), (1,)
        sgd.append({"excess_share": excess_mse(W_sgd, b_sgd, numpy_sums, numpy_fit) / exact_mse,
                    "weight_distance": np.max(np.abs(W_sgd - numpy_fit.W))})
    return large, sgd


@functools.cache
def large_sweep(scale: float) -> tuple[np.ndarray, dict, np.ndarray, dict]:
    """``large_pass`` at every setting and seed: computed once for the two figures that read it.

    Parameters
    ----------
    scale : float
        Share of the seeds to run.

    Returns
    -------
    where_large : numpy.ndarray of shape (passes, 2)
        (setting, seed) of each pass.
    large : dict of numpy.ndarray of shape (passes,)
    where_sgd : numpy.ndarray of shape (passes * 6, 2)
        (setting with the rate and batch, seed) of each Adam run.
    sgd : dict of numpy.ndarray of shape (passes * 6,)
    """
    where_large, large, where_sgd, sgd = [], [], [], []
    for num_rows in LARGE_ROWS:
        for num_features in FEATURES:
            for chunk_rows in CHUNK_ROWS:
                start = time.perf_counter()
                setting = f"{num_rows:_}, D {num_features}, CHUNK_ROWS {chunk_rows:_}"
                for seed in range(seeds_for(LARGE_SEEDS, scale)):
                    one, runs = large_pass(seed, num_rows, num_features, chunk_rows)
                    where_large.append((setting, seed))
                    large.append(one)
                    where_sgd += [(f"{setting}, rate {rate:g}, BATCH_ROWS {batch:_}", seed)
                                  for rate in RATES for batch in BATCHES]
                    sgd += runs
                print(f"    [{setting}: {time.perf_counter() - start:.0f} s]", file=sys.stderr, flush=True)

    def columns(rows: list[dict]) -> dict[str, np.ndarray]:
        return {key: np.array([row[key] for row in rows]) for key in rows[0]}

    return np.array(where_large), columns(large), np.array(where_sgd), columns(sgd)


def describe_large(scale: float) -> str:
    """The large sweep's settings and seeds, in words."""
    return (f"seeds 0 .. {seeds_for(LARGE_SEEDS, scale) - 1} at N_ROWS {listed(LARGE_ROWS)} x NUM_FEATURES "
            f"{listed(FEATURES)} x CHUNK_ROWS {listed(CHUNK_ROWS)}")


def large_lesson14(scale: float) -> None:
    """Notebook 14, sections 2 and 3 on the large data: raw vs centred sums, merge orders, the truth.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    header("large_lesson14", "notebook 14, big_gap, dask_gap, merge_tree's gap < 1e-10; W, b within 0.1",
           "one pass: raw sums by hand, the centred sums merged in turn, pairwise (the Dask graph) and "
           "merge_tree(split_every=8)", describe_large(scale))
    where, values, _, _ = large_sweep(scale)
    report("by hand (raw sums) vs the sequential centred sums, relative", values["big_gap"], where,
           bound=1e-10)
    report("pairwise tree vs sequential, relative", values["dask_gap"], where, bound=1e-10)
    report("merge_tree split_every 8 vs 2, first 16 chunks, relative", values["tree16_gap"], where,
           bound=1e-10)
    report("largest |W - true_weights|", values["weight_error"], where, bound=0.1)
    report("|b - 5|", values["bias_error"], where, bound=0.1)


def sgd_lesson14(scale: float) -> None:
    """Notebook 14, section 4: one pass of Adam ends within 2% of the closed form's training MSE.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    header("sgd_lesson14", "notebook 14, 0 <= excess_mse < 0.02 exact_mse",
           "(Adam's training MSE - the closed form's) / the closed form's, after one pass",
           f"{describe_large(scale)}; each with SGD_LEARNING_RATE {listed(RATES)} x BATCH_ROWS "
           f"{listed(BATCHES)}")
    _, _, where, values = large_sweep(scale)
    share = values["excess_share"]
    report("excess MSE / closed form's MSE", share, where, bound=0.02)
    beyond = np.char.startswith(where[:, 0], f"{LARGE_ROWS[-1]:_},")  # N_ROWS above the knob's range
    report(f"  the same at N_ROWS {LARGE_ROWS[-1]:_} only", share[beyond], where[beyond], bound=0.02)
    report("excess MSE / closed form's MSE (a minimum)", share, where, bound=0, upper=False)
    report("largest |W_sgd - W_closed|", values["weight_distance"], where)


# ---------------------------------------------------------------------------------------------
# Section 3: the ill-conditioned design, TSQR against the normal equations
# ---------------------------------------------------------------------------------------------


def near_copy_digits(seed: int, num_features: int, eps: float) -> tuple[float, float, float]:
    """Section 3's digits kept, against ``np.linalg.lstsq`` in memory: raw sums, centred sums, TSQR.

    Parameters
    ----------
    seed : int
        SEED.
    num_features : int
        NUM_FEATURES.
    eps : float
        NEAR_COPY_SCALE.

    Returns
    -------
    (float, float, float)
        Digits kept by the raw normal equations, the centred streamed ones and TSQR (NaN where the
        centred sums' Cholesky solve gives up).
    """
    X_lazy, y_lazy = synthetic_dask_arrays(seed, TSQR_ROWS, num_features, TSQR_CHUNK_ROWS,
                                           near_copy_scale=eps)  # (N, D), (N, 1)
    ones = da.ones((TSQR_ROWS, 1), chunks=(X_lazy.chunks[0], 1))  # (N, 1)
    A_lazy = da.hstack([X_lazy, ones]).rechunk({1: -1})  # (N, D + 1): whole rows per chunk
    theta_lazy = da.linalg.lstsq(A_lazy, y_lazy)[0]  # (D + 1, 1)
    near_graph = synthetic_gram_sums_graph(seed, TSQR_ROWS, num_features, TSQR_CHUNK_ROWS,
                                           near_copy_scale=eps)
    with dask.config.set(scheduler="synchronous"):
        theta_tsqr, near_sums = dask.compute(theta_lazy, near_graph)
    chunks = [synthetic_chunk(seed, i, size, num_features, near_copy_scale=eps)
              for i, size in enumerate(chunk_sizes(TSQR_ROWS, TSQR_CHUNK_ROWS))]
    X = np.vstack([c[0] for c in chunks])  # (N, D)
    y = np.vstack([c[1] for c in chunks])  # (N, 1)
    theta_ref = np.linalg.lstsq(np.hstack([X, np.ones((TSQR_ROWS, 1))]), y, rcond=None)[0]  # (D + 1, 1)
    AtA, Aty = np.zeros((num_features + 1,) * 2), np.zeros((num_features + 1, 1))
    add_chunk_sums(AtA, Aty, X, y)  # all rows at once, as the notebook does
    try:
        theta_centred = theta(solve_gram_sums(near_sums))
    except ValueError:  # "too ill-conditioned": the notebook would stop here
        theta_centred = np.full_like(theta_ref, np.nan)

    def digits_kept(theta_a: np.ndarray) -> float:
        return float(-np.log10(np.linalg.norm(theta_a - theta_ref) / np.linalg.norm(theta_ref)))

    return digits_kept(np.linalg.solve(AtA, Aty)), digits_kept(theta_centred), digits_kept(theta_tsqr)


def tsqr_lesson14(scale: float) -> None:
    """Notebook 14, section 3: TSQR keeps 7 digits, 2 more than the normal equations, raw or centred.

    Parameters
    ----------
    scale : float
        Share of the seeds to run; 1 reproduces the quoted figures.
    """
    num_seeds = seeds_for(TSQR_SEEDS, scale)
    header("tsqr_lesson14", "notebook 14, tsqr_gap >= 2, TSQR digits >= 7, TSQR - raw digits >= 2",
           f"digits kept against np.linalg.lstsq, {TSQR_ROWS:_} rows in chunks of {TSQR_CHUNK_ROWS:_}",
           f"seeds 0 .. {num_seeds - 1} at NUM_FEATURES {listed(FEATURES)} x NEAR_COPY_SCALE "
           f"{listed(NEAR_COPY_SCALES)}")
    where, digits = [], []
    for eps in NEAR_COPY_SCALES:
        for num_features in FEATURES:
            for seed in range(num_seeds):
                where.append((f"{TSQR_ROWS:_}, D {num_features}, eps {eps:g}", seed))
                digits.append(near_copy_digits(seed, num_features, eps))
    where, digits = np.array(where), np.array(digits)  # digits: (runs, 3), raw, centred, TSQR
    eps_of_run = np.repeat(NEAR_COPY_SCALES, len(FEATURES) * num_seeds)
    for eps in (*NEAR_COPY_SCALES, None):
        rows = eps_of_run == eps if eps is not None else slice(None)
        print(f"  {'every eps' if eps is None else f'eps {eps:g}'}:")
        report("  TSQR - centred normal equations, digits", digits[rows, 2] - digits[rows, 1], where[rows],
               bound=2, upper=False)
        report("  TSQR, digits", digits[rows, 2], where[rows], bound=7, upper=False)
        report("  TSQR - raw normal equations, digits", digits[rows, 2] - digits[rows, 0], where[rows],
               bound=2, upper=False)


OUT_OF_CORE_FIGURES: dict[str, Callable[[float], None]] = {
    f.__name__: f for f in (small_lesson14, large_lesson14, tsqr_lesson14, sgd_lesson14)
}
