"""Lesson 1's exercises: the synthetic data set."""

from __future__ import annotations

import math

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call

# --- 1.1 -----------------------------------------------------------------------------------------


def _grade_intercept(answer) -> None:
    cases = [("the course's interval [-10, 20)", -10.0, 20.0), ("the interval [-8, -2)", -8.0, -2.0),
             ("the interval [0.5, 0.75)", 0.5, 0.75), ("the interval [-3, 3)", -3.0, 3.0)]
    for case, low, high in cases:
        known = {"half the width of the interval, not its centre": (high - low) / 2,
                 "the intercept of the noise-free line y = w x, not of the mean line": 0.0}
        compare(call(answer, case, low, high), (low + high) / 2, case, what="the intercept", known=known)


INTERCEPT = Exercise(
    number="1.1",
    title="Where the mean line crosses the y-axis",
    prompt=(
        "Predict, without generating any data, the intercept of the mean line when the noise is\n"
        "uniform on `[noise_low, noise_high)`: the height at $x = 0$ around which the points scatter.\n"
        "Write `mean_line_intercept(noise_low, noise_high)` to return it. The check tries several\n"
        "intervals, including ones that do not contain 0."
    ),
    name="mean_line_intercept",
    stub=(
        "def mean_line_intercept(noise_low, noise_high):\n"
        '    """The intercept of the mean line when the noise is uniform on [noise_low, noise_high)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "def mean_line_intercept(noise_low, noise_high):\n"
        '    """The intercept of the mean line when the noise is uniform on [noise_low, noise_high)."""\n'
        "    return (noise_low + noise_high) / 2  # the centre of the interval: the noise's mean\n"
    ),
    hints=(
        "At $x = 0$ the noise-free part $w\\,x$ is 0, so $y$ is just the noise there. Where is the "
        "noise on average?",
        "A uniform distribution on $[a, b)$ is symmetric about the middle of the interval.",
        "Return the midpoint of the interval, $(a + b)/2$.",
    ),
    grade=_grade_intercept,
    mistakes=(
        ("def mean_line_intercept(noise_low, noise_high):\n    return (noise_high - noise_low) / 2\n",
         "half the width"),
        ("def mean_line_intercept(noise_low, noise_high):\n    return noise_low + noise_high\n",
         "constant factor"),
        ("def mean_line_intercept(noise_low, noise_high):\n    return 0.0\n", "noise-free line"),
    ),
)

# --- 1.2 -----------------------------------------------------------------------------------------


def _grade_data(answer) -> None:
    for case, n, slope, low, high in [("N = 5, slope 3.5, noise on [-10, 20)", 5, 3.5, -10.0, 20.0),
                                      ("N = 2, slope -1, noise on [0, 1)", 2, -1.0, 0.0, 1.0),
                                      ("N = 20_000, slope 0.5, noise on [-3, 1)", 20_000, 0.5, -3.0, 1.0)]:
        result = call(answer, case, n, slope, low, high, np.random.default_rng(7))
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Incorrect(f"on {case}, the function should return two arrays, X and y")
        X, y = result
        inputs = np.arange(n, dtype=np.float64).reshape(-1, 1)
        compare(X, inputs, case, what="X", known={"the inputs 1 to N, not 0 to N - 1": inputs + 1})
        y = as_result(y, case, "y")
        if y.shape != (n, 1):
            raise Incorrect(f"on {case}, y has shape {y.shape}, expected {(n, 1)}")
        noise = y - slope * inputs  # (n, 1)
        rounding = 1e-6 * (np.abs(y).max() + 1)  # float32 answers round y by this much; noise is far larger
        if noise.min() < low - rounding or noise.max() >= high + rounding:
            raise Incorrect(f"on {case}, some of y - slope * X lies outside [noise_low, noise_high): "
                            "is the noise drawn uniformly from that interval?")
        _, again = call(answer, case, n, slope, low, high, np.random.default_rng(7))
        if not np.array_equal(np.asarray(again, dtype=np.float64), y):
            raise Incorrect(f"on {case}, two generators with the same seed gave different y: draw the "
                            "noise from `rng`, not from np.random")
        if n >= 1000:  # enough points to see the shape of the noise
            _, other = call(answer, case, n, slope, low, high, np.random.default_rng(8))
            if np.array_equal(np.asarray(other, dtype=np.float64), y):
                raise Incorrect(f"on {case}, generators with different seeds gave the same y: the noise "
                                "should come from `rng`")
            width = high - low
            # 6 standard errors: a correct generator fails this about once in 500 million runs.
            if abs(noise.mean() - (low + high) / 2) > 6 * width / math.sqrt(12 * n) or \
                    abs(noise.std() - width / math.sqrt(12)) > 0.03 * width / math.sqrt(12):
                raise Incorrect(f"on {case}, the noise does not look uniform on the whole interval")


DATA = Exercise(
    number="1.2",
    title="Generate the course's data yourself",
    prompt=(
        "Write `make_data(num_samples, slope, noise_low, noise_high, rng)` that returns `X` and `y`,\n"
        "both of shape `(num_samples, 1)`: the inputs $0, 1, \\dots, N-1$ and the targets\n"
        "$y = w\\,x + \\varepsilon$ with noise uniform on `[noise_low, noise_high)`, drawn from the\n"
        "generator `rng` (so that the same seed gives the same data)."
    ),
    name="make_data",
    stub=(
        "def make_data(num_samples, slope, noise_low, noise_high, rng):\n"
        '    """X (N, 1) = 0, 1, ..., N - 1 and y (N, 1) = slope * X + uniform noise drawn from rng."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def make_data(num_samples, slope, noise_low, noise_high, rng):\n"
        '    """X (N, 1) = 0, 1, ..., N - 1 and y (N, 1) = slope * X + uniform noise drawn from rng."""\n'
        "    X = np.arange(num_samples, dtype=np.float64).reshape(-1, 1)  # (N, 1)\n"
        "    noise = rng.uniform(noise_low, noise_high, size=(num_samples, 1))  # (N, 1)\n"
        "    return X, slope * X + noise\n"
    ),
    hints=(
        "Two arrays, each one column: `np.arange` gives the inputs; `.reshape(-1, 1)` makes a column.",
        "The generator has a method for uniform noise: `rng.uniform(low, high, size=...)`. Ask for the "
        "shape `(num_samples, 1)` so that it adds to `slope * X` row by row.",
        "`X = np.arange(num_samples, dtype=float).reshape(-1, 1)`, then "
        "`y = slope * X + rng.uniform(noise_low, noise_high, size=(num_samples, 1))`.",
    ),
    grade=_grade_data,
    mistakes=(
        ("def make_data(num_samples, slope, noise_low, noise_high, rng):\n"
         "    X = np.arange(num_samples, dtype=float)\n"
         "    return X, slope * X + rng.uniform(noise_low, noise_high, size=num_samples)\n",
         "reshape(-1, 1)"),
        ("def make_data(num_samples, slope, noise_low, noise_high, rng):\n"
         "    X = np.arange(num_samples, dtype=float).reshape(-1, 1)\n"
         "    return X, slope * X + rng.standard_normal((num_samples, 1))\n", "outside"),
        ("def make_data(num_samples, slope, noise_low, noise_high, rng):\n"
         "    X = np.arange(num_samples, dtype=float).reshape(-1, 1)\n"
         "    return X, slope * X + np.random.uniform(noise_low, noise_high, size=(num_samples, 1))\n",
         "same seed"),
        ("def make_data(num_samples, slope, noise_low, noise_high, rng):\n"
         "    X = np.arange(1, num_samples + 1, dtype=float).reshape(-1, 1)\n"
         "    return X, slope * X + rng.uniform(noise_low, noise_high, size=(num_samples, 1))\n", "1 to N"),
    ),
)

# --- 1.3 -----------------------------------------------------------------------------------------


def _points_needed(low: float, high: float, standard_error: float) -> int:
    return math.ceil(((high - low) / math.sqrt(12) / standard_error) ** 2)


def _grade_points(answer) -> None:
    # Targets chosen so that (std / standard_error)^2 is not a whole number: rounding decides nothing.
    for case, low, high, target in [("noise on [-10, 20), standard error 0.7", -10.0, 20.0, 0.7),
                                    ("noise on [0, 1), standard error 0.01", 0.0, 1.0, 0.01),
                                    ("noise on [-3, 3), standard error 0.3", -3.0, 3.0, 0.3)]:
        got = as_result(call(answer, case, low, high, target), case, "N")
        if got.shape != () or got != np.round(got):
            raise Incorrect(f"on {case}, N should be one whole number of points (round up: math.ceil)")
        ratio = (high - low) / math.sqrt(12) / target
        known = {"std / standard_error, not squared: the standard error shrinks like 1 / sqrt(N)":
                 math.ceil(ratio),
                 "the square rounded down: that N misses the target": math.floor(ratio**2)}
        compare(got, _points_needed(low, high, target), case, what="N", known=known)


POINTS = Exercise(
    number="1.3",
    title="How many points for a given precision?",
    prompt=(
        "The average of the residuals estimates the noise's mean with a standard error of\n"
        "$\\operatorname{std}(\\varepsilon)/\\sqrt{N}$. Write `points_needed(noise_low, noise_high,\n"
        "standard_error)` that returns the smallest $N$ whose standard error is at most\n"
        "`standard_error`, for noise uniform on `[noise_low, noise_high)`."
    ),
    name="points_needed",
    stub=(
        "def points_needed(noise_low, noise_high, standard_error):\n"
        '    """The smallest N with std(noise) / sqrt(N) <= standard_error."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import math\n\n\n"
        "def points_needed(noise_low, noise_high, standard_error):\n"
        '    """The smallest N with std(noise) / sqrt(N) <= standard_error."""\n'
        "    noise_sd = (noise_high - noise_low) / math.sqrt(12)  # the uniform distribution's std\n"
        "    return math.ceil((noise_sd / standard_error) ** 2)  # sqrt(N) >= std / standard_error\n"
    ),
    hints=(
        "Lesson 1 gives the standard deviation of uniform noise on $[a, b)$: $(b - a)/\\sqrt{12}$.",
        "Solve $\\operatorname{std}/\\sqrt{N} \\le s$ for $N$: square both sides. $N$ must be a whole "
        "number, and rounding down would miss the target.",
        "`math.ceil((std / standard_error) ** 2)` with `std = (noise_high - noise_low) / math.sqrt(12)`.",
    ),
    grade=_grade_points,
    mistakes=(
        ("import math\n\ndef points_needed(noise_low, noise_high, standard_error):\n"
         "    return math.ceil((noise_high - noise_low) / math.sqrt(12) / standard_error)\n", "not squared"),
        ("import math\n\ndef points_needed(noise_low, noise_high, standard_error):\n"
         "    return math.floor(((noise_high - noise_low) / math.sqrt(12) / standard_error) ** 2)\n",
         "rounded down"),
        ("import math\n\ndef points_needed(noise_low, noise_high, standard_error):\n"
         "    return ((noise_high - noise_low) / math.sqrt(12) / standard_error) ** 2\n", "whole number"),
    ),
)

EXERCISES = (INTERCEPT, DATA, POINTS)
