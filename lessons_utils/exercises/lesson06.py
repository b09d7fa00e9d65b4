"""Lesson 6's exercises: reading the weights in original units, and how far they can be off."""

from __future__ import annotations

import functools

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call, variant

# --- 6.1 -----------------------------------------------------------------------------------------


def _grade_weights(answer) -> None:
    for case, W_s, b_s, x_mean, x_std, y_mean, y_std in [
        ("one feature", [[0.98]], [0.03], [24.5], [14.4], 90.0, 50.3),
        ("two features with different spreads", [[0.6], [-0.3]], [-0.02], [10.0, -4.0], [2.0, 25.0],
         7.0, 3.0),
        ("three features", [[0.2], [0.5], [-0.7]], [0.05], [1.0, 300.0, -2.5], [0.5, 40.0, 3.0], -12.0, 8.0),
    ]:
        W_s, b_s = np.array(W_s), np.array(b_s)  # (D, 1), (1,)
        x_mean, x_std = np.array(x_mean), np.array(x_std)  # (D,) each
        d = len(x_mean)
        result = call(answer, case, W_s.copy(), b_s.copy(), x_mean.copy(), x_std.copy(), y_mean, y_std)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Incorrect(f"on {case}, the function should return two arrays, W and b")
        W_got, b_got = as_result(result[0], case, "W"), as_result(result[1], case, "b")
        if d > 1 and W_got.shape == (d, d):
            raise Incorrect(f"on {case}, W has shape {W_got.shape}, expected {(d, 1)}: a column (D, 1) "
                            "times a row (D,) broadcasts into a table; make x_std a column first")
        W = W_s * y_std / x_std.reshape(-1, 1)  # (D, 1)
        compare(W_got, W, case, what="W", known={
            "W_s multiplied by sigma_x / sigma_y: the factor is sigma_y / sigma_x": W_s * x_std.reshape(-1, 1)
            / y_std,
            "W_s divided by both standard deviations: sigma_y multiplies":
                W_s / (y_std * x_std.reshape(-1, 1)),
            "one standard deviation (the first feature's) for every feature": W_s * y_std / x_std[0],
            "the standardized weights, not converted": W_s})
        shift = x_mean @ W  # (1,): sum over the features of W_j mu_j
        compare(b_got, y_mean + y_std * b_s - shift, case, what="b", known={
            "the intercept without the shift - sum_j W_j mu_j": y_mean + y_std * b_s,
            "a shift computed with the standardized weights W_s, not the converted W":
                y_mean + y_std * b_s - x_mean @ W_s,
            "b_s not multiplied by sigma_y": y_mean + b_s - shift,
            "W * x_mean broadcast into a (D, D) table before the sum: multiply matching entries, "
            "W[:, 0] * x_mean": y_mean + y_std * b_s - np.sum(W * x_mean)})


WEIGHTS = Exercise(
    number="6.1",
    title="Un-standardize a model with several features",
    prompt=(
        "Section 2 converted one standardized weight. Do it for any number $D$ of features: write\n"
        "`weights_in_original_units(W_std, b_std, x_mean, x_std, y_mean, y_std)` where `W_std` is\n"
        "(D, 1), `b_std` is (1,), `x_mean` and `x_std` are the (D,) training means and standard\n"
        "deviations of the features, and `y_mean`, `y_std` are numbers. Return `W` (D, 1) and `b` (1,)\n"
        "of the same line in original units. Redo section 2's algebra with a sum over the features\n"
        "first. The cases have one, two and three features."
    ),
    name="weights_in_original_units",
    stub=(
        "def weights_in_original_units(W_std, b_std, x_mean, x_std, y_mean, y_std):\n"
        '    """W (D, 1), b (1,) in original units; W_std (D, 1), b_std (1,), x_mean and x_std (D,)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def weights_in_original_units(W_std, b_std, x_mean, x_std, y_mean, y_std):\n"
        '    """W (D, 1), b (1,) in original units; W_std (D, 1), b_std (1,), x_mean and x_std (D,)."""\n'
        "    x_std_col = np.asarray(x_std, dtype=float).reshape(-1, 1)  # (D, 1), one std per feature\n"
        "    W = W_std * y_std / x_std_col  # (D, 1): sigma_y / sigma_x_j, feature by feature\n"
        "    b = y_mean + y_std * b_std - np.asarray(x_mean) @ W  # (1,): the shift sums over features\n"
        "    return W, b\n"
    ),
    hints=(
        "Write $\\hat y = \\mu_y + \\sigma_y\\,(b_s + \\sum_j W_{s,j}\\,(x_j - \\mu_j)/\\sigma_j)$ and "
        "collect what multiplies each $x_j$ and what does not, as in section 2.",
        "Each feature gets its own factor: $W_j = W_{s,j}\\,\\sigma_y/\\sigma_j$. The intercept is "
        "$b = \\mu_y + \\sigma_y b_s - \\sum_j W_j\\,\\mu_j$.",
        "`W = W_std * y_std / x_std.reshape(-1, 1)` keeps the column shape; "
        "`b = y_mean + y_std * b_std - x_mean @ W` gives shape (1,).",
    ),
    grade=_grade_weights,
    mistakes=(
        ("def weights_in_original_units(W_std, b_std, x_mean, x_std, y_mean, y_std):\n"
         "    W = W_std * x_std.reshape(-1, 1) / y_std\n"
         "    return W, y_mean + y_std * b_std - x_mean @ W\n", "sigma_y / sigma_x"),
        ("def weights_in_original_units(W_std, b_std, x_mean, x_std, y_mean, y_std):\n"
         "    W = W_std * y_std / x_std.reshape(-1, 1)\n"
         "    return W, y_mean + y_std * b_std\n", "without the shift"),
        ("def weights_in_original_units(W_std, b_std, x_mean, x_std, y_mean, y_std):\n"
         "    W = W_std * y_std / x_std[0]\n"
         "    return W, y_mean + y_std * b_std - x_mean @ W\n", "first feature"),
        ("def weights_in_original_units(W_std, b_std, x_mean, x_std, y_mean, y_std):\n"
         "    W = W_std * y_std / x_std\n"
         "    return W, y_mean + y_std * b_std - x_mean @ W\n", "broadcasts into a table"),
        ("def weights_in_original_units(W_std, b_std, x_mean, x_std, y_mean, y_std):\n"
         "    W = W_std * y_std / x_std.reshape(-1, 1)\n"
         "    return W, y_mean + y_std * b_std - np.sum(W * x_mean)\n", "matching entries"),
    ),
)

# --- 6.2 -----------------------------------------------------------------------------------------

Z_95 = 1.96


def _interval(slope: float, se: float, z: float = Z_95) -> np.ndarray:
    return np.array([slope - z * se, slope + z * se])


def _grade_interval(answer) -> None:
    for case, x, noise, sigma in [
        ("x = 0, 1, ..., 9", np.arange(10.0), [3, -5, 1, 8, -2, 0, -7, 4, 6, -1], 5.0),
        ("x = 100, 101, ..., 119, far from 0", np.arange(100.0, 120.0), np.tile([2, -3, 1, -1, 4], 4), 2.0),
        ("unevenly spaced x and a falling line", np.array([-3.0, 0.5, 1.0, 7.0, 8.5, 20.0]),
         [1, -2, 0.5, 3, -1, -1.5], 1.5),
    ]:
        slope = -0.8 if "falling" in case else 3.5
        y = slope * x + 5.0 + np.asarray(noise, dtype=float)  # (n,)
        got = as_result(call(answer, case, x.copy(), y.copy(), sigma), case, "the interval (low, high)")
        if got.shape == (2,) and got[0] > got[1]:
            raise Incorrect(f"on {case}, the interval's low end lies above its high end: return (low, high)")
        centred = x - x.mean()
        sxx = np.sum(centred**2)
        w_hat = np.sum(centred * (y - y.mean())) / sxx
        want = _interval(w_hat, sigma / np.sqrt(sxx))
        known = {"S_xx without centring: the sum of x**2, not of (x - x_bar)**2":
                 _interval(w_hat, sigma / np.sqrt(np.sum(x**2))),
                 "sigma / sqrt(n), the standard error of a mean, not of a slope":
                 _interval(w_hat, sigma / np.sqrt(len(x))),
                 "sigma / S_xx: the square root of S_xx is missing": _interval(w_hat, sigma / sxx),
                 "the intercept's standard error, not the slope's":
                 _interval(w_hat, sigma * np.sqrt(1 / len(x) + x.mean() ** 2 / sxx)),
                 "2 standard errors each way; 95% of a normal curve lies within 1.96":
                 _interval(w_hat, sigma / np.sqrt(sxx), 2.0)}
        if got.shape == (2,) and not np.allclose(got, want) and not any(
                np.allclose(got, value) for value in known.values()):
            centre_ok = np.isclose(got.mean(), w_hat, rtol=1e-9, atol=1e-12)
            width_ok = np.isclose(got[1] - got[0], want[1] - want[0], rtol=1e-9)
            if centre_ok and not width_ok:
                raise Incorrect(f"on {case}, the interval is centred on the right slope but its width is not "
                                "right: check the standard error")
            if width_ok and not centre_ok:
                raise Incorrect(f"on {case}, the interval has the right width but is centred on the wrong "
                                "slope: check the least-squares slope (both sums centred)")
        compare(got, want, case, what="the interval (low, high)", known=known)


INTERVAL = Exercise(
    number="6.2",
    title="A 95% interval for the slope",
    prompt=(
        "Write `slope_interval(x, y, sigma)` that fits the least-squares line to the 1-D arrays `x`\n"
        "and `y` (n,) by section 5's formula and returns its slope's 95% interval `(low, high)`, the\n"
        "slope plus and minus 1.96 standard errors, with the noise's standard deviation `sigma`\n"
        "known (as in the lesson). The cases include inputs far from 0 and unevenly spaced ones."
    ),
    name="slope_interval",
    stub=(
        "def slope_interval(x, y, sigma):\n"
        '    """(low, high): the least-squares slope of y (n,) on x (n,) +- 1.96 standard errors."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def slope_interval(x, y, sigma):\n"
        '    """(low, high): the least-squares slope of y (n,) on x (n,) +- 1.96 standard errors."""\n'
        "    centred = x - x.mean()\n"
        "    s_xx = np.sum(centred**2)  # centred: the spread of x around its mean\n"
        "    slope = np.sum(centred * (y - y.mean())) / s_xx\n"
        "    half_width = 1.96 * sigma / np.sqrt(s_xx)  # 1.96 standard errors\n"
        "    return slope - half_width, slope + half_width\n"
    ),
    hints=(
        "Two numbers are needed: the least-squares slope $\\hat W$ and its standard error; the "
        "interval is $\\hat W \\pm 1.96\\,\\mathrm{SE}(\\hat W)$.",
        "Section 5: $\\mathrm{SE}(\\hat W) = \\sigma/\\sqrt{S_{xx}}$ with "
        "$S_{xx} = \\sum_i (x_i - \\bar x)^2$, the sum of squares *around the mean*.",
        "`c = x - x.mean()`, `s_xx = np.sum(c**2)`, `slope = np.sum(c * (y - y.mean())) / s_xx`, then "
        "`slope -+ 1.96 * sigma / np.sqrt(s_xx)`.",
    ),
    grade=_grade_interval,
    mistakes=(
        ("def slope_interval(x, y, sigma):\n"
         "    c = x - x.mean()\n"
         "    slope = np.sum(c * (y - y.mean())) / np.sum(c**2)\n"
         "    se = sigma / np.sqrt(np.sum(x**2))\n"
         "    return slope - 1.96 * se, slope + 1.96 * se\n", "without centring"),
        ("def slope_interval(x, y, sigma):\n"
         "    c = x - x.mean()\n"
         "    slope = np.sum(c * (y - y.mean())) / np.sum(c**2)\n"
         "    se = sigma / np.sqrt(len(x))\n"
         "    return slope - 1.96 * se, slope + 1.96 * se\n", "standard error of a mean"),
        ("def slope_interval(x, y, sigma):\n"
         "    c = x - x.mean()\n"
         "    slope = np.sum(c * (y - y.mean())) / np.sum(c**2)\n"
         "    se = sigma / np.sum(c**2)\n"
         "    return slope - 1.96 * se, slope + 1.96 * se\n", "square root"),
        ("def slope_interval(x, y, sigma):\n"
         "    c = x - x.mean()\n"
         "    slope = np.sum(c * (y - y.mean())) / np.sum(c**2)\n"
         "    se = sigma / np.sqrt(np.sum(c**2))\n"
         "    return slope - 2 * se, slope + 2 * se\n", "1.96"),
        ("def slope_interval(x, y, sigma):\n"
         "    slope = np.sum(x * y) / np.sum(x**2)\n"
         "    se = sigma / np.sqrt(np.sum((x - x.mean())**2))\n"
         "    return slope - 1.96 * se, slope + 1.96 * se\n", "centred on the wrong slope"),
    ),
)

# --- 6.3 -----------------------------------------------------------------------------------------

TRUE_SLOPE_63, INTERCEPT_63, NOISE_SD_63 = 3.5, 5.0, 10.0


@functools.cache  # the same cases every time: compute their reference shares once
def _coverages(num_seeds: int, num_points: int) -> dict[str, float]:
    """The recipe's coverage, done right and the ways the known mistakes do it."""
    from scipy import stats

    n = num_points
    x = np.arange(n, dtype=np.float64)
    centred = x - x.mean()
    sxx = np.sum(centred**2)
    errors, rss = np.empty(num_seeds), np.empty(num_seeds)
    for seed in range(num_seeds):
        y = TRUE_SLOPE_63 * x + INTERCEPT_63 + np.random.default_rng(seed).normal(0.0, NOISE_SD_63, size=n)
        slope = np.sum(centred * (y - y.mean())) / sxx
        errors[seed] = abs(slope - TRUE_SLOPE_63)
        rss[seed] = np.sum((y - y.mean() - slope * centred) ** 2)
    t = stats.t.ppf(0.975, n - 2)
    return {
        "right": np.mean(errors <= t * np.sqrt(rss / (n - 2) / sxx)),
        "1.96 from the normal curve with sigma estimated from the residuals; at small N the estimate "
        "adds uncertainty: use Student's t with N - 2 degrees of freedom":
            np.mean(errors <= 1.96 * np.sqrt(rss / (n - 2) / sxx)),
        "Student's t with N - 1 degrees of freedom; the line fits two numbers, so N - 2":
            np.mean(errors <= stats.t.ppf(0.975, n - 1) * np.sqrt(rss / (n - 2) / sxx)),
        "the residuals' sum of squares divided by N; divide by N - 2, the degrees of freedom":
            np.mean(errors <= t * np.sqrt(rss / n / sxx)),
        "the true sigma with t's quantile: t is for an estimated sigma (with the true one, 1.96)":
            np.mean(errors <= t * NOISE_SD_63 / np.sqrt(sxx)),
        "a 90 % interval, t.ppf(0.95, ...): a 95 % interval leaves 2.5 % in each tail, t.ppf(0.975, ...)":
            np.mean(errors <= stats.t.ppf(0.95, n - 2) * np.sqrt(rss / (n - 2) / sxx)),
        "the residuals' sum of squares divided by N - 1; the line fits two numbers, so divide by N - 2":
            np.mean(errors <= t * np.sqrt(rss / (n - 1) / sxx)),
    }


def _grade_coverage(answer) -> None:
    for case, num_seeds, n in [("500 seeds with N = 4", 500, 4), ("500 seeds with N = 7", 500, 7),
                               ("150 seeds with N = 40", 150, 40)]:
        got = as_result(call(answer, case, num_seeds, n), case, "the coverage")
        if got.shape != ():
            raise Incorrect(f"on {case}, return one number, the share of intervals that contain the slope")
        if got > 1:
            raise Incorrect(f"on {case}, the coverage is above 1: return the share of seeds, not their count")
        shares = dict(_coverages(num_seeds, n))
        want = shares.pop("right")
        slack = 1.5 / num_seeds  # one seed's interval may flip on rounding at its very edge
        if abs(got - want) <= slack:
            continue
        for mistake, value in shares.items():
            if abs(got - value) <= slack and abs(value - want) > slack:
                compare(value, want, case, what="the coverage", known={mistake: value})
        # Within 3 standard errors of 95% over num_seeds seeds, the method is probably right and the
        # recipe differs; further out, the interval itself is more likely wrong.
        if abs(got - 0.95) <= 3 * np.sqrt(0.95 * 0.05 / num_seeds):
            raise Incorrect(f"on {case}, the coverage is near 95% but not the share these seeds give: "
                            "follow the recipe (np.random.default_rng(seed) for seed 0, 1, ..., x = 0 to "
                            "N - 1, noise rng.normal(0, 10, size=N))")
        raise Incorrect(f"on {case}, the coverage is far from 95%: check the standard error and the "
                        "quantile it is multiplied by")


_SOLUTION_63 = (
    "import numpy as np\n"
    "from scipy import stats\n\n\n"
    "def interval_coverage(num_seeds, num_points):\n"
    '    """Share of seeds whose 95% t interval for the slope (sigma estimated) contains 3.5."""\n'
    "    x = np.arange(num_points, dtype=float)  # (N,)\n"
    "    centred = x - x.mean()\n"
    "    s_xx = np.sum(centred**2)\n"
    "    t_95 = stats.t.ppf(0.975, num_points - 2)  # N residuals, two fitted numbers\n"
    "    covered = 0\n"
    "    for seed in range(num_seeds):\n"
    "        rng = np.random.default_rng(seed)\n"
    "        y = 3.5 * x + 5 + rng.normal(0, 10, size=num_points)\n"
    "        slope = np.sum(centred * (y - y.mean())) / s_xx\n"
    "        residuals = y - y.mean() - slope * centred  # y minus the fitted line\n"
    "        s = np.sqrt(np.sum(residuals**2) / (num_points - 2))  # the estimated sigma\n"
    "        covered += abs(slope - 3.5) <= t_95 * s / np.sqrt(s_xx)\n"
    "    # With 1.96 instead of t the share drops far below 95% at N = 4 (t's tails are heavy there);\n"
    "    # at N = 40 the two quantiles are close and so are the shares.\n"
    "    return covered / num_seeds\n"
)

COVERAGE = Exercise(
    number="6.3",
    title="Do 95% intervals cover the truth 95% of the time?",
    prompt=(
        "With real data $\\sigma$ is unknown. Section 5 says how to cope: estimate it from the\n"
        "residuals, $s^2 = \\sum_i r_i^2/(N-2)$, and use Student's t with $N - 2$ degrees of freedom\n"
        "instead of 1.96. Put that to the test. Write `interval_coverage(num_seeds, num_points)`: for\n"
        "each `seed` in `range(num_seeds)`, draw `rng = np.random.default_rng(seed)`, make\n"
        "$x = 0, 1, \\dots, N-1$ and $y = 3.5\\,x + 5 + $ `rng.normal(0, 10, size=N)` (normal noise,\n"
        "for which the t result is exact), fit least squares, build the 95% interval for the slope\n"
        "with $s$ in place of $\\sigma$, and count whether it contains 3.5. Return the share of seeds\n"
        "whose interval does. The cases use $N$ = 4, 7 and 40: what would 1.96 give at $N = 4$?\n"
        "(`scipy.stats.t.ppf(0.975, df)` is t's 97.5% point.)"
    ),
    name="interval_coverage",
    stub=(
        "def interval_coverage(num_seeds, num_points):\n"
        '    """Share of seeds whose 95% t interval for the slope (sigma estimated) contains 3.5."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_63,
    hints=(
        "Per seed: the slope by section 5's formula, the residuals $r_i = y_i - (\\hat W x_i + \\hat b)$, "
        "$s$ from them, and $\\mathrm{SE} = s/\\sqrt{S_{xx}}$.",
        "The interval is $\\hat W \\pm t\\,\\mathrm{SE}$ with $t$ = `scipy.stats.t.ppf(0.975, N - 2)`: "
        "2.5% in each tail of Student's t with $N - 2$ degrees of freedom.",
        "Count the seeds with `abs(slope - 3.5) <= t * s / np.sqrt(s_xx)` and divide by `num_seeds`; "
        "$s^2$ divides the residuals' sum of squares by `N - 2`.",
    ),
    grade=_grade_coverage,
    mistakes=(
        (variant(_SOLUTION_63, "t_95 * s / np.sqrt(s_xx)", "1.96 * s / np.sqrt(s_xx)"),
         "Student's t with N - 2"),
        (variant(_SOLUTION_63, "/ (num_points - 2))  # the estimated sigma", "/ num_points)"),
         "divided by N"),
        (variant(_SOLUTION_63, "stats.t.ppf(0.975, num_points - 2)", "stats.t.ppf(0.975, num_points - 1)"),
         "N - 1 degrees"),
        (variant(_SOLUTION_63, "return covered / num_seeds", "return covered"), "not their count"),
        (variant(_SOLUTION_63, "t_95 * s / np.sqrt(s_xx)", "1.96 * s / np.sqrt(num_points)"), "far from 95%"),
    ),
)

EXERCISES = (WEIGHTS, INTERVAL, COVERAGE)
