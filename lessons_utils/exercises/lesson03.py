"""Lesson 3's exercises: standardization with the training rows' statistics."""

from __future__ import annotations

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call

# --- 3.1 -----------------------------------------------------------------------------------------

_ONE_TRAIN = np.array([[0.0], [2.0], [3.0], [7.0], [8.0], [10.0]])  # (6, 1)
_ONE_OTHER = np.array([[1.0], [4.0], [12.0], [-2.0]])  # (4, 1): another split, other statistics
# Two features on very different scales: a size in square metres and a rate between 0 and 1.
_TWO_TRAIN = np.array([[1200.0, 0.10], [800.0, 0.35], [2500.0, 0.20], [1500.0, 0.90], [950.0, 0.55]])
_TWO_OTHER = np.array([[1100.0, 0.30], [3000.0, 0.05], [700.0, 0.60]])  # (3, 2)
_ONE_ROW = np.array([[1800.0, 0.40]])  # (1, 2): a single new row to transform


def _grade_standardize(answer) -> None:
    for case, train, other in [("one feature", _ONE_TRAIN, _ONE_OTHER),
                               ("two features on different scales", _TWO_TRAIN, _TWO_OTHER),
                               ("a single row to transform", _TWO_TRAIN, _ONE_ROW)]:
        train_copy, other_copy = train.copy(), other.copy()
        got = call(answer, case, train_copy, other_copy)
        if not (np.array_equal(train_copy, train) and np.array_equal(other_copy, other)):
            raise Incorrect(f"on {case}, your function changed the arrays it was given (an in-place "
                            "`-=` or `/=`?): return a new array and leave the splits as they were")
        if got is not None and len(other) == 1:
            values = np.asarray(got, dtype=np.float64)
            if values.size and not np.all(np.isfinite(values)):
                raise Incorrect(f"on {case}, the result contains NaN or inf: a single row has no spread "
                                "of its own, so its statistics cannot standardize it; use the training "
                                "rows' mean and std")
        mean, std = train.mean(axis=0), train.std(axis=0)  # (D,) each, population std
        with np.errstate(divide="ignore", invalid="ignore"):
            own = (other - other.mean(axis=0)) / other.std(axis=0)
        known = {"statistics of the rows being transformed, not of the training rows": own,
                 "the sample std (ddof=1); the course uses the population std, ddof=0":
                     (other - mean) / train.std(axis=0, ddof=1),
                 "one mean and one std for all columns together (use axis=0: one per column)":
                     (other - train.mean()) / train.std(),
                 "the rows were centred but not divided by the std": other - mean,
                 "the rows were divided by the std but not centred": other / std}
        compare(got, (other - mean) / std, case, what="the standardized rows", known=known)


STANDARDIZE = Exercise(
    number="3.1",
    title="Standardize another split",
    prompt=(
        "Write `standardize_with_train_stats(X_train, X_other)` that returns `X_other` (shape `(n, D)`)\n"
        "standardized the way this lesson standardizes the validation and test rows: every column shifted\n"
        "by its mean and divided by its standard deviation, both learned from `X_train` (shape\n"
        "`(n_train, D)`). The check tries one feature, two features on very different scales, and a\n"
        "single new row; it also makes sure the arrays you are given come back unchanged."
    ),
    name="standardize_with_train_stats",
    stub=(
        "def standardize_with_train_stats(X_train, X_other):\n"
        '    """X_other (n, D) standardized with the mean and std (1, D) of X_train (n_train, D)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def standardize_with_train_stats(X_train, X_other):\n"
        '    """X_other (n, D) standardized with the mean and std (1, D) of X_train (n_train, D)."""\n'
        "    mean = np.mean(X_train, axis=0, keepdims=True)  # (1, D): one mean per column\n"
        "    std = np.std(X_train, axis=0, keepdims=True)  # (1, D): population std, ddof=0\n"
        "    return (X_other - mean) / std  # (n, D): a new array; the inputs stay as they were\n"
    ),
    hints=(
        "Two steps, as in sections \"Step 1\" and \"Step 2\" of the lesson: learn $\\mu$ and $\\sigma$ from "
        "one split, apply them to another. Which split do they come from?",
        "`axis=0` takes the mean down each column, giving one number per feature; `keepdims=True` keeps "
        "the result a row of shape `(1, D)`, which broadcasts over the rows of `X_other`. NumPy's "
        "`std` divides by $n$ by default (`ddof=0`), as the course does.",
        "`mean = X_train.mean(axis=0, keepdims=True)`, `std = X_train.std(axis=0, keepdims=True)`, then "
        "return `(X_other - mean) / std`. Writing `X_other -= mean` would change the caller's array.",
    ),
    grade=_grade_standardize,
    mistakes=(
        ("def standardize_with_train_stats(X_train, X_other):\n"
         "    return (X_other - X_other.mean(axis=0)) / X_other.std(axis=0)\n", "rows being transformed"),
        ("def standardize_with_train_stats(X_train, X_other):\n"
         "    return (X_other - X_train.mean(axis=0)) / X_train.std(axis=0, ddof=1)\n", "ddof=1"),
        ("def standardize_with_train_stats(X_train, X_other):\n"
         "    return (X_other - X_train.mean()) / X_train.std()\n", "for all columns together"),
        ("def standardize_with_train_stats(X_train, X_other):\n"
         "    return X_other - X_train.mean(axis=0)\n", "centred but not divided"),
        ("def standardize_with_train_stats(X_train, X_other):\n"
         "    X_other -= X_train.mean(axis=0)\n"
         "    X_other /= X_train.std(axis=0)\n"
         "    return X_other\n", "changed the arrays"),
    ),
)

# --- 3.2 -----------------------------------------------------------------------------------------


def _start_gradient(x: np.ndarray, y: np.ndarray) -> float:
    z, t = (x - x.mean()) / x.std(), (y - y.mean()) / y.std()
    return float(-2 * np.mean(z * t))


def _gradient_cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(2024)  # fixed: the same cases, and verdicts, on every run
    x = np.arange(12, dtype=np.float64).reshape(-1, 1)  # (12, 1)
    course = 3.5 * x + rng.uniform(-10, 20, size=(12, 1))  # lesson 1's kind of data
    x_large = 1000.0 * np.arange(1, 9, dtype=np.float64).reshape(-1, 1)  # (8, 1): large units
    falling = 5000.0 - 0.8 * x_large + rng.uniform(-900, 900, size=(8, 1))
    exact = 2.0 * x + 1.0  # every point on the line: the correlation is exactly 1
    return [("x = 0..11 with y = 3.5 x + uniform noise", x, course),
            ("a falling line in large units (x in thousands)", x_large, falling),
            ("points exactly on the line y = 2 x + 1", x, exact)]


def _grade_gradient(answer) -> None:
    for case, x, y in _gradient_cases():
        got = as_result(call(answer, case, x.copy(), y.copy()), case, "dJ/dW")
        if got.size != 1:
            raise Incorrect(f"on {case}, dJ/dW should be one number (W is 1 x 1), got shape {got.shape}")
        z, t = (x - x.mean()) / x.std(), (y - y.mean()) / y.std()
        n = len(x)
        known = {"the gradient on the raw rows: standardize x and y first": -2 * np.mean(x * y),
                 "x standardized but y left in its original units": -2 * np.mean(z * y),
                 "a sum over the rows, not a mean (a missing 1/n)": -2 * np.sum(z * t),
                 "standard deviations with ddof=1; the course uses ddof=0": -2 * np.mean(z * t) * (n - 1) / n}
        compare(got.reshape(()), _start_gradient(x, y), case, what="dJ/dW", known=known)


START_GRADIENT = Exercise(
    number="3.2",
    title="The first step of gradient descent, on standardized rows",
    prompt=(
        "Training starts at $W = 0$, $b = 0$. Write `first_slope_gradient(X_train, y_train)` that\n"
        "standardizes both `X_train` and `y_train` (each of shape `(n, 1)`) with their own statistics,\n"
        "as this lesson does for the training split, and returns the slope's gradient\n"
        "$\\partial J/\\partial W$ there, as one number. The cases include a falling line in large units\n"
        "and points lying exactly on a line: what should the answer be for those, before you run it?"
    ),
    name="first_slope_gradient",
    stub=(
        "def first_slope_gradient(X_train, y_train):\n"
        '    """dJ/dW at W = 0, b = 0 on the standardized training rows X_train (n, 1), y_train (n, 1)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def first_slope_gradient(X_train, y_train):\n"
        '    """dJ/dW at W = 0, b = 0 on the standardized training rows X_train (n, 1), y_train (n, 1)."""\n'
        "    z = (X_train - X_train.mean()) / X_train.std()  # (n, 1), ddof=0\n"
        "    t = (y_train - y_train.mean()) / y_train.std()  # (n, 1)\n"
        "    # At W = 0, b = 0 every prediction is 0, so the residual is -t: dJ/dW = 2/n sum(-t z).\n"
        "    # That is -2 x the correlation: -2 for points exactly on a rising line, above 0 if it falls.\n"
        "    return float(-2 * np.mean(t * z))\n"
    ),
    hints=(
        "Start from the lesson's gradient $\\frac{2}{n}\\sum_i(\\hat{y}_i - y_i)\\,x_i$, on standardized "
        "$x$ and $y$. What is every prediction $\\hat{y}_i$ when $W = 0$ and $b = 0$?",
        "With every prediction 0 the residual is $-y_i$, so the gradient is $-\\frac{2}{n}\\sum_i y_i x_i$ "
        "on the standardized rows: a *mean* of products, times $-2$.",
        "`z = (X_train - X_train.mean()) / X_train.std()`, the same for `y_train`, then return "
        "`float(-2 * np.mean(z * t))`, where `t` is the standardized `y_train`.",
    ),
    grade=_grade_gradient,
    mistakes=(
        ("def first_slope_gradient(X_train, y_train):\n"
         "    return -2 * np.mean(X_train * y_train)\n", "raw rows"),
        ("def first_slope_gradient(X_train, y_train):\n"
         "    z = (X_train - X_train.mean()) / X_train.std()\n"
         "    t = (y_train - y_train.mean()) / y_train.std()\n"
         "    return -np.mean(z * t)\n", "constant factor"),
        ("def first_slope_gradient(X_train, y_train):\n"
         "    z = (X_train - X_train.mean()) / X_train.std()\n"
         "    t = (y_train - y_train.mean()) / y_train.std()\n"
         "    return 2 * np.mean(z * t)\n", "wrong sign"),
        ("def first_slope_gradient(X_train, y_train):\n"
         "    z = (X_train - X_train.mean()) / X_train.std()\n"
         "    return -2 * np.mean(z * y_train)\n", "y left in its original units"),
    ),
)

# --- 3.3 -----------------------------------------------------------------------------------------


def _ridge_slope(x: np.ndarray, y: np.ndarray, m: float, s: float, lam: float, *, centre: bool = True,
                 penalty_on_sum: bool = False, back: float | None = None) -> float:
    """Ridge on z = (x - m) / s with an unpenalised intercept; the slope read back as W / s."""
    z = (x - m) / s
    zc, yc = (z - z.mean(), y - y.mean()) if centre else (z, y)
    if penalty_on_sum:  # the penalty next to a sum of squares, n times the mean: lambda acts n times weaker
        W = np.sum(zc * yc) / (np.sum(zc**2) + lam)
    else:
        W = np.mean(zc * yc) / (np.mean(zc**2) + lam)
    return float(W / s if back is None else W * back)


def _ridge_both_penalised(x: np.ndarray, y: np.ndarray, m: float, s: float, lam: float) -> float:
    z = (x - m) / s
    A = np.hstack([z, np.ones_like(z)])  # (n, 2)
    theta = np.linalg.solve(A.T @ A / len(z) + lam * np.eye(2), A.T @ y / len(z))  # (2, 1)
    return float(theta[0, 0] / s)


def _ridge_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(31)  # fixed: the same data, and verdicts, on every run
    x = np.arange(10, dtype=np.float64).reshape(-1, 1)  # (10, 1)
    return x, 3.5 * x + rng.uniform(-10, 20, size=(10, 1))


def _grade_ridge(answer) -> None:
    x, y = _ridge_data()
    mean, std = float(x.mean()), float(x.std())
    # The first cases use statistics other than the training rows' (a scaler fitted on other rows, as
    # in the lesson's leakage experiment): there z is not centred, so a fit without an intercept shows.
    cases = [("lambda = 0 with m = 2, s = 5", 2.0, 5.0, 0.0),
             ("lambda = 0 with m = -30, s = 0.25", -30.0, 0.25, 0.0),
             ("lambda = 0 with the training rows' own mean and std", mean, std, 0.0),
             ("lambda = 1 with the training rows' own mean and std", mean, std, 1.0),
             ("lambda = 1 with m = 2 and the training rows' std", 2.0, std, 1.0),
             ("lambda = 0.3 with m = 2, s = 5", 2.0, 5.0, 0.3)]
    for case, m, s, lam in cases:
        known = {"the slope in standardized units: divide by s to return to units of x":
                     _ridge_slope(x, y, m, s, lam, back=1.0),
                 "W multiplied by s; z = (x - m) / s, so the slope per unit of x is W / s":
                     _ridge_slope(x, y, m, s, lam, back=s),
                 "a fit without an intercept (z and y not centred): the bias must stay free and "
                 "unpenalised": _ridge_slope(x, y, m, s, lam, centre=False),
                 "the penalty added to the sum of squared errors, not to their mean (the course's "
                 "ridge penalises the mean)": _ridge_slope(x, y, m, s, lam, penalty_on_sum=True),
                 "ridge fitted on the raw x, not on z = (x - m) / s": _ridge_slope(x, y, 0.0, 1.0, lam),
                 "the bias penalised too: only W carries the penalty": _ridge_both_penalised(x, y, m, s, lam)}
        got = as_result(call(answer, case, x.copy(), y.copy(), m, s, lam), case, "the slope")
        if got.size != 1:
            raise Incorrect(f"on {case}, the slope should be one number, got shape {got.shape}")
        compare(got.reshape(()), _ridge_slope(x, y, m, s, lam), case, what="the slope", known=known)


RIDGE = Exercise(
    number="3.3",
    title="Which statistics does ridge care about?",
    prompt=(
        "The lesson found that least squares draws the same line whichever scaler was used, and ridge\n"
        "does not. Find out why. Write `ridge_slope_original_units(X, y, x_mean, x_std, l2_penalty)`:\n"
        "standardize `X` (shape `(n, 1)`) with the given numbers, $z = (x - m)/s$; fit ridge on\n"
        "$z$ and `y` (shape `(n, 1)`, left as it is), minimizing\n"
        "$\\frac{1}{n}\\sum_i (W z_i + b - y_i)^2 + \\lambda W^2$ with the bias $b$ not penalised;\n"
        "and return the slope in the original units of $x$, as one number. The check tries\n"
        "$\\lambda = 0$ with several $(m, s)$, some of them not the training rows' own statistics,\n"
        "and $\\lambda > 0$. Before you run it: which of $m$ and $s$ can change the answer when\n"
        "$\\lambda = 0$, and which when $\\lambda > 0$?"
    ),
    name="ridge_slope_original_units",
    stub=(
        "def ridge_slope_original_units(X, y, x_mean, x_std, l2_penalty):\n"
        '    """Ridge slope per unit of x, fitted on z = (X - x_mean) / x_std; X, y (n, 1)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def ridge_slope_original_units(X, y, x_mean, x_std, l2_penalty):\n"
        '    """Ridge slope per unit of x, fitted on z = (X - x_mean) / x_std; X, y (n, 1)."""\n'
        "    z = (X - x_mean) / x_std  # (n, 1): standardized with the given statistics\n"
        "    # The free bias absorbs any shift: centring z and y removes it, whatever x_mean was.\n"
        "    z_c, y_c = z - z.mean(), y - y.mean()  # (n, 1) each\n"
        "    # Setting the derivative of mean((W z_c - y_c)^2) + lambda W^2 to zero:\n"
        "    W = np.mean(z_c * y_c) / (np.mean(z_c**2) + l2_penalty)\n"
        "    # z grows by 1 / x_std per unit of x. The result is cov(x, y) / (var(x) + lambda x_std^2):\n"
        "    # with lambda = 0 neither x_mean nor x_std matters; with lambda > 0 only x_std does.\n"
        "    return float(W / x_std)\n"
    ),
    hints=(
        "Three steps, as in the lesson's `fitted_line`: standardize $x$, fit, read the slope back in "
        "the units of $x$. One unit of $x$ is $1/s$ units of $z$, so a slope $W$ per unit of $z$ is "
        "$W/s$ per unit of $x$.",
        "Only $W$ is penalised, so for any $W$ the best bias is $b = \\bar{y} - W\\bar{z}$. Substituting "
        "it centres both: the fit becomes $\\frac{1}{n}\\sum_i (W(z_i - \\bar{z}) - (y_i - \\bar{y}))^2 + "
        "\\lambda W^2$, with no bias left.",
        "Setting the derivative of that to zero gives $W = \\overline{z_c y_c}\\,/\\,(\\overline{z_c^2} + "
        "\\lambda)$, where $z_c = z - \\bar{z}$ and $y_c = y - \\bar{y}$; return `W / x_std`. Write it "
        "in terms of $x$: $m$ cancels, and $s$ survives only next to $\\lambda$.",
    ),
    grade=_grade_ridge,
    mistakes=(
        ("def ridge_slope_original_units(X, y, x_mean, x_std, l2_penalty):\n"
         "    z = (X - x_mean) / x_std\n"
         "    z_c, y_c = z - z.mean(), y - y.mean()\n"
         "    return float(np.mean(z_c * y_c) / (np.mean(z_c**2) + l2_penalty))\n", "standardized units"),
        ("def ridge_slope_original_units(X, y, x_mean, x_std, l2_penalty):\n"
         "    z = (X - x_mean) / x_std\n"
         "    return float(np.mean(z * y) / (np.mean(z**2) + l2_penalty) / x_std)\n", "without an intercept"),
        ("def ridge_slope_original_units(X, y, x_mean, x_std, l2_penalty):\n"
         "    z = (X - x_mean) / x_std\n"
         "    z_c, y_c = z - z.mean(), y - y.mean()\n"
         "    return float(np.sum(z_c * y_c) / (np.sum(z_c**2) + l2_penalty) / x_std)\n", "sum of squared"),
        ("def ridge_slope_original_units(X, y, x_mean, x_std, l2_penalty):\n"
         "    z = (X - x_mean) / x_std\n"
         "    z_c, y_c = z - z.mean(), y - y.mean()\n"
         "    return float(np.mean(z_c * y_c) / (np.mean(z_c**2) + l2_penalty) * x_std)\n",
         "multiplied by s"),
    ),
)

EXERCISES = (STANDARDIZE, START_GRADIENT, RIDGE)
