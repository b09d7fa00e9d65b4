"""Lesson 13's exercises: polynomial features, K-fold cross-validation, and scikit-learn's alpha."""

from __future__ import annotations

from collections.abc import Callable
from math import comb

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call, variant

# --- 13.1 ----------------------------------------------------------------------------------------


def _powers(x, degree: int, *, first: int = 1, kind: str = "power") -> np.ndarray:
    """[x^first, ..., x^(first + degree - 1)] of a column (n, 1), or a wrong variant the grader names."""
    x = np.asarray(x, dtype=np.float64)
    exponents = np.arange(first, first + degree)
    if kind == "times":
        return x * exponents
    return x**exponents


def _grade_powers(answer: Callable) -> None:
    cases = [("a column of five values, degree 3", np.array([[-2.0], [-0.5], [0.0], [1.5], [3.0]]), 3),
             ("a column of four values, degree 1", np.array([[1.0], [-1.0], [2.0], [0.5]]), 1),
             ("a single row, degree 4", np.array([[-1.5]]), 4),
             ("a column of six values, degree 6", np.linspace(-2.0, 2.5, 6).reshape(-1, 1), 6)]
    for case, x, degree in cases:
        given = x.copy()
        got = call(answer, case, x, degree)
        if not np.array_equal(x, given):
            raise Incorrect(f"on {case}, the function changed its input x: build new columns instead")
        want = _powers(x, degree)
        result = as_result(got, case, "the columns")
        if result.shape == (len(x), degree + 1):
            if np.allclose(result[:, 1:], want) or np.allclose(result[:, :-1], want):
                raise Incorrect(f"on {case}, there is one column too many: the constant column x^0 (all "
                                "ones) is the bias's job, as with include_bias=False")
        compare(got, want, case, what="the array of columns", known={
            "powers 0 to degree - 1: the first column should be x itself, the last x**degree":
            _powers(x, degree, first=0),
            "the columns in reverse order: x first, x**degree last": want[:, ::-1],
            "multiples of x (x * k) instead of powers (x ** k)": _powers(x, degree, kind="times"),
        } if degree > 1 else {"powers 0 to degree - 1: the first column should be x itself":
                              _powers(x, degree, first=0)})


_SOLUTION_131 = (
    "import numpy as np\n\n\n"
    "def power_columns(x, degree):\n"
    '    """The columns x, x**2, ..., x**degree of one column x (n, 1): shape (n, degree)."""\n'
    "    exponents = np.arange(1, degree + 1)  # (degree,): 1, 2, ..., degree\n"
    "    # Broadcasting (n, 1) against (degree,) gives (n, degree): row i holds x_i to every power.\n"
    "    return x ** exponents\n"
)

POWERS = Exercise(
    number="13.1",
    title="Polynomial features of one column, by hand",
    prompt=(
        "Section 1 raised the standardized `bmi` to every power from 1 to `MAX_DEGREE`. Write\n"
        "`power_columns(x, degree)` that does it for any column `x` of shape `(n, 1)`: return the\n"
        "`(n, degree)` array whose columns are $x, x^2, \\dots, x^{\\text{degree}}$, in that order, and no\n"
        "constant column (the model's bias does that job). It is what `PolynomialFeatures(degree,\n"
        "include_bias=False)` gives for a single feature. The check tries degrees 1 to 6, negative values\n"
        "and a single row. Why would a polynomial of degree 10 in a standardized value need its columns\n"
        "rescaled before the normal equations are solved?"
    ),
    name="power_columns",
    stub=(
        "def power_columns(x, degree):\n"
        '    """The columns x, x**2, ..., x**degree of one column x (n, 1): shape (n, degree)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_131,
    hints=(
        "Each column is `x` raised to one power; the powers run from 1 to `degree`, not from 0.",
        "`np.hstack([x ** k for k in range(1, degree + 1)])` works; broadcasting does it in one step: an "
        "`(n, 1)` column raised to a `(degree,)` row of exponents gives `(n, degree)`.",
        "`return x ** np.arange(1, degree + 1)`. (The tenth power of 3 is 59049: columns that far apart "
        "in scale make $X^\\top X$ badly conditioned, lesson 8.)",
    ),
    grade=_grade_powers,
    mistakes=(
        (variant(_SOLUTION_131, "np.arange(1, degree + 1)", "np.arange(0, degree + 1)"),
         "one column too many"),
        (variant(_SOLUTION_131, "np.arange(1, degree + 1)", "np.arange(0, degree)"),
         "powers 0 to degree - 1"),
        (variant(_SOLUTION_131, "return x ** exponents", "return x * exponents"), "multiples of x"),
        (variant(_SOLUTION_131, "np.arange(1, degree + 1)", "np.arange(degree, 0, -1)"), "reverse order"),
    ),
)

# --- 13.2 ----------------------------------------------------------------------------------------


def _grade_count(answer: Callable) -> None:
    cases = [("10 features, degree 2 (section 1)", 10, 2), ("10 features, degree 3", 10, 3),
             ("one feature, degree 5", 1, 5), ("3 features, degree 1", 3, 1), ("4 features, degree 4", 4, 4),
             ("20 features, degree 3", 20, 3)]
    for case, n, d in cases:
        got = call(answer, case, n, d)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            raise Incorrect(f"on {case}, return a whole number (an int), got {type(got).__name__}: "
                            "math.comb gives one")
        want = comb(n + d, d) - 1
        if int(got) == want:
            continue
        known = {comb(n + d, d): "the constant column (degree 0) counted: the bias is not a column here",
                 n * d: "only the powers of each feature counted, without products of different features",
                 n**d: "only products of exactly `degree` factors counted, and in every order",
                 sum(n**k for k in range(1, d + 1)): "products counted in every order: x1 x2 and x2 x1 are "
                 "one column",
                 comb(n + d - 1, d): "only the products of exactly `degree` factors counted, not the lower "
                 "degrees"}
        for value, mistake in known.items():
            if value != want and int(got) == value:
                raise Incorrect(f"on {case}, the count is not right: it looks like {mistake}")
        raise Incorrect(f"on {case}, the count is not right")


COUNT = Exercise(
    number="13.2",
    title="How many polynomial columns?",
    prompt=(
        "Section 1 printed 10, 65 and 285 columns for degrees 1, 2 and 3 of the ten features. Write\n"
        "`count_polynomial_columns(num_features, degree)` that returns how many columns\n"
        "`PolynomialFeatures(degree, include_bias=False)` makes from `num_features` features: every\n"
        "product of 1 to `degree` of them, repeats allowed (squares, cubes), order ignored. Return an\n"
        "int, without building the columns. The check tries one feature, degree 1, and sizes where the\n"
        "count runs into the thousands. With 20 features, at which degree would the columns outnumber\n"
        "the diabetes study's 442 patients?"
    ),
    name="count_polynomial_columns",
    stub=(
        "def count_polynomial_columns(num_features, degree):\n"
        '    """How many columns PolynomialFeatures(degree, include_bias=False) makes from num_features."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "from math import comb\n\n\n"
        "def count_polynomial_columns(num_features, degree):\n"
        '    """How many columns PolynomialFeatures(degree, include_bias=False) makes from num_features."""\n'
        "    # Add a constant feature 1: every product of at most `degree` features is a product of exactly\n"
        "    # `degree` factors from the n + 1 (padded with ones), a multiset: comb(n + d, d) of them. The\n"
        "    # product of ones alone is the constant column, which include_bias=False leaves out.\n"
        "    # With 20 features: 230 columns at degree 2, 1770 at degree 3, more than 442 rows.\n"
        "    return comb(num_features + degree, degree) - 1\n"
    ),
    hints=(
        "Count small cases by hand first: 2 features $a, b$ at degree 2 give $a, b, a^2, ab, b^2$: 5 "
        "columns. Products are unordered and may repeat a feature.",
        "A trick: add a constant feature 1 to the $n$ features. A product of *at most* $d$ of the $n$ "
        "features is then a product of *exactly* $d$ factors from $n + 1$, chosen with repetition, order "
        "ignored. How many such multisets are there?",
        "$\\binom{n + d}{d}$ multisets, one of which is the constant $1 \\cdot 1 \\cdots 1$: return "
        "`math.comb(num_features + degree, degree) - 1`.",
    ),
    grade=_grade_count,
    mistakes=(
        ("from math import comb\n\n\ndef count_polynomial_columns(num_features, degree):\n"
         "    return comb(num_features + degree, degree)\n", "constant column"),
        ("def count_polynomial_columns(num_features, degree):\n    return num_features * degree\n",
         "only the powers"),
        ("def count_polynomial_columns(num_features, degree):\n"
         "    return sum(num_features ** k for k in range(1, degree + 1))\n", "in every order"),
        ("def count_polynomial_columns(num_features, degree):\n"
         "    return float(num_features + num_features * (num_features + 1) // 2)\n", "an int"),
    ),
)

# --- 13.3 ----------------------------------------------------------------------------------------


def _ridge(X: np.ndarray, y: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """W (D, 1), b (1,) of mean((X W + b - y)^2) + lam |W|^2, bias free."""
    x_mean, y_mean = X.mean(axis=0), y.mean(axis=0)
    Xc, yc = X - x_mean, y - y_mean
    W = np.linalg.solve(Xc.T @ Xc + len(X) * lam * np.eye(X.shape[1]), Xc.T @ yc)
    return W, y_mean - x_mean @ W


def _cv(X, y, folds, lam, *, scale_on: str = "fit", pooled: bool = False, fit_on: str = "fit",
        score_on: str = "held") -> float:
    """The lesson's K-fold CV MSE, or one of the wrong ways the grader names."""
    everything = np.arange(len(X))
    scores, sizes = [], []
    for k, held in enumerate(folds):
        fit_rows = np.concatenate([fold for j, fold in enumerate(folds) if j != k])
        scale_rows = {"fit": fit_rows, "all": everything, "none": None}[scale_on]
        if scale_rows is None:
            mean, std = np.zeros(X.shape[1]), np.ones(X.shape[1])
        else:
            mean, std = X[scale_rows].mean(axis=0), X[scale_rows].std(axis=0)
        Z = (X - mean) / std
        train = fit_rows if fit_on == "fit" else everything
        W, b = _ridge(Z[train], y[train], lam)
        scored = held if score_on == "held" else fit_rows
        scores.append(np.mean((Z[scored] @ W + b - y[scored]) ** 2))
        sizes.append(len(scored))
    if pooled:
        return float(np.average(scores, weights=sizes))
    return float(np.mean(scores))


def _cv_case(seed: int, n: int, d: int, sizes: list[int]):
    rng = np.random.default_rng(seed)
    scales = np.geomspace(0.01, 100.0, d)  # columns on very different scales
    X = rng.normal(5.0, 1.0, size=(n, d)) * scales  # (n, d)
    y = (X / scales) @ rng.normal(size=(d, 1)) + rng.normal(size=(n, 1))  # (n, 1)
    order = rng.permutation(n)
    folds = np.split(order, np.cumsum(sizes)[:-1])
    return X, y, folds


def _grade_cv(answer: Callable) -> None:
    cases = [("30 rows, 3 features, folds of 10, 10 and 10, lambda 0.5", (0, 30, 3, [10, 10, 10]), 0.5),
             ("23 rows, 2 features, folds of 5, 6, 12, lambda 1", (1, 23, 2, [5, 6, 12]), 1.0),
             ("40 rows, 4 features, two folds of 13 and 27, lambda 0.1", (2, 40, 4, [13, 27]), 0.1),
             ("12 rows, 1 feature, 4 folds of 3, lambda 2", (3, 12, 1, [3, 3, 3, 3]), 2.0)]
    for case, setup, lam in cases:
        X, y, folds = _cv_case(*setup)
        X_given, y_given = X.copy(), y.copy()
        got = call(answer, case, X, y, folds, lam)
        if not (np.array_equal(X, X_given) and np.array_equal(y, y_given)):
            raise Incorrect(f"on {case}, the function changed X or y: standardize copies, not the inputs")
        compare(got, _cv(X, y, folds, lam), case, what="the CV MSE", known={
            "the standardizer was fitted on all the rows, held-out fold included: fit it on the other "
            "folds only": _cv(X, y, folds, lam, scale_on="all"),
            "the columns were not standardized (the ridge penalty then depends on their units)":
            _cv(X, y, folds, lam, scale_on="none"),
            "the fold MSEs were weighted by fold size (the MSE of all held-out rows at once): average the "
            "K fold MSEs": _cv(X, y, folds, lam, pooled=True) if len(set(map(len, folds))) > 1 else np.nan,
            "each model was fitted on every row, the held-out fold included":
            _cv(X, y, folds, lam, fit_on="all"),
            "each model was scored on its own fitting rows (training error), not on the held-out fold":
            _cv(X, y, folds, lam, score_on="fit"),
        })


_SOLUTION_133 = (
    "import numpy as np\n"
    "from lessons_utils import Standardizer, fit_linear_closed_form\n\n\n"
    "def cross_validated_mse(X, y, folds, l2_penalty):\n"
    '    """Mean of the K held-out ridge MSEs; X (N, D), y (N, 1), folds: K arrays of rows."""\n'
    "    fold_mses = []\n"
    "    for k, held in enumerate(folds):\n"
    "        fit_rows = np.concatenate([fold for j, fold in enumerate(folds) if j != k])\n"
    "        scaler = Standardizer().fit(X[fit_rows])  # the fitting folds' statistics only\n"
    "        Z_fit = scaler.transform(X[fit_rows])  # (n_fit, D)\n"
    "        fit = fit_linear_closed_form(Z_fit, y[fit_rows], l2_penalty=l2_penalty)\n"
    "        predictions = scaler.transform(X[held]) @ fit.W + fit.b  # (fold size, 1)\n"
    "        fold_mses.append(np.mean((predictions - y[held]) ** 2))\n"
    "    return float(np.mean(fold_mses))  # every fold counts once, whatever its size\n"
)

CROSS_VALIDATION = Exercise(
    number="13.3",
    title="K-fold cross-validation of ridge, by hand",
    prompt=(
        "Section 3 cross-validated ridge fold by fold. Write\n"
        "`cross_validated_mse(X, y, folds, l2_penalty)`: `X` has shape `(N, D)` in original units,\n"
        "`y` `(N, 1)`, and `folds` is a list of K arrays of row\n"
        "numbers that together hold every row once. For each fold, standardize with the statistics of\n"
        "the *other* folds' rows, fit ridge on those rows (`fit_linear_closed_form` with `l2_penalty`,\n"
        "bias free), and compute the MSE on the held-out fold. Return the average of the K fold MSEs, as\n"
        "section 3 and scikit-learn's `cross_val_score` do. The check uses columns on very different\n"
        "scales, folds of unequal sizes, two folds, and a single feature. Why would fitting the\n"
        "standardizer on all N rows change the answer for ridge, but not for plain least squares?"
    ),
    name="cross_validated_mse",
    stub=(
        "def cross_validated_mse(X, y, folds, l2_penalty):\n"
        '    """Mean of the K held-out ridge MSEs; X (N, D), y (N, 1), folds: K arrays of rows."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_133,
    hints=(
        "Loop over the folds. For fold $k$, the fitting rows are all the other folds together: "
        "`np.concatenate` them.",
        "Fit a `Standardizer` on the fitting rows only and use it to transform both the fitting rows and "
        "the held-out rows. Fit with `fit_linear_closed_form(Z_fit, y_fit, l2_penalty=l2_penalty)`, predict "
        "the held-out rows with `Z_held @ fit.W + fit.b`.",
        "Collect one MSE per fold and return `np.mean` of the K numbers (not the MSE of all held-out rows "
        "pooled, which weights large folds more). The penalty acts on the standardized weights, so "
        "different scaling statistics give a different ridge fit; least squares adapts exactly to any "
        "rescaling.",
    ),
    grade=_grade_cv,
    mistakes=(
        (variant(_SOLUTION_133, "Standardizer().fit(X[fit_rows])", "Standardizer().fit(X)"),
         "fitted on all the rows"),
        (variant(_SOLUTION_133, "return float(np.mean(fold_mses))",
                 "return float(np.average(fold_mses, weights=[len(f) for f in folds]))"),
         "weighted by fold size"),
        (variant(_SOLUTION_133, "scaler.transform(X[held]) @ fit.W + fit.b  # (fold size, 1)\n"
                 "        fold_mses.append(np.mean((predictions - y[held]) ** 2))",
                 "scaler.transform(X[fit_rows]) @ fit.W + fit.b\n"
                 "        fold_mses.append(np.mean((predictions - y[fit_rows]) ** 2))"), "training error"),
        (variant(_SOLUTION_133, "fit_linear_closed_form(Z_fit, y[fit_rows],",
                 "fit_linear_closed_form(scaler.transform(X), y,"), "fitted on every row"),
    ),
)

# --- 13.4 ----------------------------------------------------------------------------------------


def _grade_alphas(answer: Callable) -> None:
    cases = [("lambda 0.1, five folds of 71, 71, 71, 70, 70 rows", 0.1, [71, 71, 71, 70, 70]),
             ("lambda 2, two folds of 10 rows", 2.0, [10, 10]),
             ("lambda 0.003, three folds of 40, 35, 30 rows", 0.003, [40, 35, 30]),
             ("lambda 1, ten folds of 9 or 8 rows", 1.0, [9, 9, 9, 8, 8, 8, 8, 8, 8, 8])]
    for case, lam, sizes in cases:
        got = call(answer, case, lam, list(sizes))
        sizes_a = np.array(sizes, dtype=np.float64)
        total = sizes_a.sum()
        want = (total - sizes_a) * lam
        known = {"alpha from the held-out fold's size: a fit sees the *other* folds": sizes_a * lam,
                 "alpha from all N rows: each fit sees only the rows outside its held-out fold":
                 np.full_like(sizes_a, total * lam),
                 "alpha = lambda: scikit-learn's ridge loss is a sum over rows, the course's a mean":
                 np.full_like(sizes_a, lam),
                 "half of the right alpha: lambda / 2 is the lasso's conversion (lesson 7), not ridge's":
                 want / 2}
        compare(got, want, case, what="the array of alphas", known=known)


ALPHAS = Exercise(
    number="13.4",
    title="From the course's lambda to scikit-learn's alpha, fold by fold",
    prompt=(
        "Section 5 showed that `Ridge(alpha)` solves the course's ridge problem with penalty $\\lambda$\n"
        "when $\\alpha = N_\\text{fit}\\lambda$, where $N_\\text{fit}$ is the number of rows the fit sees.\n"
        "Write `ridge_alphas(l2_penalty, fold_sizes)`: given $\\lambda$ and the sizes of the K folds of a\n"
        "cross-validation (a list of K ints, together all the rows), return the array of shape `(K,)`\n"
        "whose entry `k` is the `alpha` that `Ridge` needs, in the fit that holds fold `k` out, to solve\n"
        "the course's problem with that $\\lambda$. The check tries equal and unequal folds, two folds,\n"
        "and ten. What `alpha` would the final refit on all the rows need?"
    ),
    name="ridge_alphas",
    stub=(
        "def ridge_alphas(l2_penalty, fold_sizes):\n"
        '    """(K,): Ridge\'s alpha in each fit of a K-fold CV, for lambda = l2_penalty."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def ridge_alphas(l2_penalty, fold_sizes):\n"
        '    """(K,): Ridge\'s alpha in each fit of a K-fold CV, for lambda = l2_penalty."""\n'
        "    sizes = np.asarray(fold_sizes)  # (K,)\n"
        "    rows_seen = sizes.sum() - sizes  # (K,): the fit for fold k sees every row but fold k's\n"
        "    # The final refit sees all N rows: alpha = N * lambda there.\n"
        "    return rows_seen * l2_penalty\n"
    ),
    hints=(
        "Which rows does the fit for fold $k$ see? All of them except fold $k$'s.",
        "$N_\\text{fit}$ for fold $k$ is the total number of rows minus the size of fold $k$; "
        "`np.asarray(fold_sizes)` lets you do it for every fold at once.",
        "`sizes = np.asarray(fold_sizes)`; return `(sizes.sum() - sizes) * l2_penalty`.",
    ),
    grade=_grade_alphas,
    mistakes=(
        ("import numpy as np\n\n\ndef ridge_alphas(l2_penalty, fold_sizes):\n"
         "    return np.asarray(fold_sizes) * l2_penalty\n", "held-out fold's size"),
        ("import numpy as np\n\n\ndef ridge_alphas(l2_penalty, fold_sizes):\n"
         "    return np.full(len(fold_sizes), sum(fold_sizes) * l2_penalty)\n", "all N rows"),
        ("import numpy as np\n\n\ndef ridge_alphas(l2_penalty, fold_sizes):\n"
         "    return np.full(len(fold_sizes), l2_penalty)\n", "a sum over rows"),
        ("import numpy as np\n\n\ndef ridge_alphas(l2_penalty, fold_sizes):\n"
         "    sizes = np.asarray(fold_sizes)\n    return (sizes.sum() - sizes) * l2_penalty / 2\n",
         "lasso's"),
    ),
)

EXERCISES = (POWERS, COUNT, CROSS_VALIDATION, ALPHAS)
