"""Lesson 7's exercises: the lasso's soft-threshold, ridge in closed form, choosing lambda."""

from __future__ import annotations

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call

# --- 7.1 -----------------------------------------------------------------------------------------


def _soft_threshold(z: np.ndarray, t: float) -> np.ndarray:
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def _grade_soft_threshold(answer) -> None:
    cases = [
        ("a 1-D array with values on both sides of the threshold t = 0.8 (two of them exactly at it)",
         np.array([-3.0, -0.5, 0.0, 0.2, 0.8, 2.5, -0.8, -1.1]), 0.8),
        ("a column of weights, shape (5, 1), with t = 0.25",
         np.array([[0.9], [-0.1], [0.3], [-2.0], [0.24]]), 0.25),
        ("t = 0, where nothing should change", np.array([-1.5, 0.0, 0.25, 4.0]), 0.0),
        ("a threshold larger than every |z|", np.array([[-0.3, 0.6], [0.1, -0.05]]), 1.0),
    ]
    for case, z, t in cases:
        original = z.copy()
        got = call(answer, case, z, t)
        if not np.array_equal(z, original):
            raise Incorrect(f"on {case}, your function changed the input array in place: compute a new "
                            "array and leave `z` as it was (ISTA still needs it)")
        result = as_result(got, case, "the thresholded array")
        want = _soft_threshold(z, t)
        if result.shape == want.shape and np.any(result * z < 0):
            raise Incorrect(f"on {case}, some outputs have the opposite sign of their input: a value "
                            "smaller than the threshold was pushed past 0. Clip at 0 instead")
        beyond = (z < -t) & (t > 0)  # negative entries outside the band (at t = 0 nothing moves)
        if result.shape == want.shape and beyond.any() and np.allclose(result[beyond], (z - t)[beyond]):
            raise Incorrect(f"on {case}, negative values moved away from 0 by t: subtracting t works only "
                            "for positive values; a negative one must move up, towards 0")
        known = {"hard thresholding: values above the threshold are kept whole, but soft-thresholding "
                 "also shrinks them by t": np.where(np.abs(z) > t, z, 0.0),
                 "soft-thresholding by t / 2: lesson 7's lambda / 2 is already the threshold here; "
                 "use t as given": _soft_threshold(z, t / 2),
                 "the one-sided rule max(z - t, 0), which zeroes every negative input: shrink |z|, "
                 "then put the sign back": np.maximum(z - t, 0.0)}
        compare(result, want, case, what="the thresholded array", known=known)


SOFT_THRESHOLD = Exercise(
    number="7.1",
    title="The soft-threshold, coordinate by coordinate",
    prompt=(
        "Step 2 of section 7's ISTA solver soft-thresholds every coordinate: it moves each value\n"
        "$t$ closer to 0 and sets it to exactly 0 if it would cross. Write `soft_threshold(z, t)`\n"
        "that returns $\\operatorname{sign}(z)\\max(|z| - t, 0)$ for every entry of the array `z`\n"
        "(any shape; the result has the same shape) and a threshold $t \\ge 0$, without changing\n"
        "`z` itself. The check tries a 1-D array with values at, below and above the threshold, a\n"
        "column of weights, $t = 0$, and a threshold larger than every entry."
    ),
    name="soft_threshold",
    stub=(
        "def soft_threshold(z, t):\n"
        '    """sign(z) * max(|z| - t, 0), entry by entry; the same shape as z."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def soft_threshold(z, t):\n"
        '    """sign(z) * max(|z| - t, 0), entry by entry; the same shape as z."""\n'
        "    # Shrink the size |z| by t, stop at 0, then give each entry its sign back.\n"
        "    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)\n"
    ),
    hints=(
        "Work with the size $|z|$ and the sign separately: the threshold only ever makes a value "
        "*smaller in size*, never changes its sign.",
        "`np.abs(z) - t` is the shrunken size; where it is negative the entry was inside the band "
        "$[-t, t]$ and must become 0. Python's `max` cannot do that entry by entry; `np.maximum` can.",
        "`np.sign(z) * np.maximum(np.abs(z) - t, 0.0)`.",
    ),
    grade=_grade_soft_threshold,
    mistakes=(
        ("def soft_threshold(z, t):\n    return np.where(np.abs(z) > t, z, 0.0)\n", "hard thresholding"),
        ("def soft_threshold(z, t):\n    return z - np.sign(z) * t\n", "opposite sign"),
        ("def soft_threshold(z, t):\n    return np.sign(z) * np.maximum(np.abs(z) - t / 2, 0.0)\n",
         "t / 2"),
        ("def soft_threshold(z, t):\n    return np.maximum(z - t, 0.0)\n", "zeroes every negative input"),
        ("def soft_threshold(z, t):\n    z[np.abs(z) <= t] = 0.0\n    z -= np.sign(z) * t\n    return z\n",
         "in place"),
    ),
)

# --- 7.2 -----------------------------------------------------------------------------------------


def _ridge(X: np.ndarray, y: np.ndarray, lam: float, *, penalty_scale: float | None = None,
           penalise_bias: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Ridge by the augmented normal equations; penalty_scale replaces N (a wrong-method helper)."""
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])  # (n, d + 1)
    scale = n if penalty_scale is None else penalty_scale
    penalty = np.eye(d + 1) * scale * lam
    if not penalise_bias:
        penalty[d, d] = 0.0
    theta = np.linalg.solve(A.T @ A + penalty, A.T @ y)  # (d + 1, 1)
    return theta[:d], theta[d]


def _ridge_cases() -> list[tuple[str, np.ndarray, np.ndarray, float]]:
    rng = np.random.default_rng(70)
    x = rng.normal(3.0, 2.0, (15, 1))
    x_std = (x - x.mean()) / x.std()  # (15, 1), mean 0, std 1
    y1 = 2.0 * x_std + rng.normal(0.0, 1.0, (15, 1))
    y1 = (y1 - y1.mean()) / y1.std()
    base = rng.normal(0.0, 1.0, (20, 1))
    two = np.hstack([base, base + 0.3 * rng.normal(0.0, 1.0, (20, 1))])
    two = (two - two.mean(axis=0)) / two.std(axis=0)  # (20, 2), standardized but correlated
    y2 = two @ np.array([[1.5], [-0.5]]) + 20.0 + rng.normal(0.0, 0.5, (20, 1))
    raw = rng.uniform(0.0, 10.0, (25, 3)) + np.array([5.0, -2.0, 40.0])  # (25, 3), far from centred
    y3 = raw @ np.array([[0.7], [-1.2], [0.3]]) - 4.0 + rng.normal(0.0, 1.0, (25, 1))
    wide = rng.normal(1.0, 1.0, (3, 5))  # (3, 5): more features than rows
    y4 = rng.normal(2.0, 1.0, (3, 1))
    return [("one standardized feature and standardized y, lambda = 0.5", x_std, y1, 0.5),
            ("two correlated standardized features, y far from 0, lambda = 0.3", two, y2, 0.3),
            ("three raw features far from centred, lambda = 0.1", raw, y3, 0.1),
            ("three raw features, lambda = 0 (plain least squares)", raw, y3, 0.0),
            ("N = 3 rows and D = 5 features, lambda = 0.2", wide, y4, 0.2)]


def _grade_ridge(answer) -> None:
    for case, X, y, lam in _ridge_cases():
        result = call(answer, case, X.copy(), y.copy(), lam)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Incorrect(f"on {case}, return two arrays, W of shape (D, 1) and b of shape (1,)")
        W, b = result
        W_want, b_want = _ridge(X, y, lam)
        n = len(X)
        wrong = {"the bias penalised too: lambda multiplies only the weights, b stays free":
                 _ridge(X, y, lam, penalise_bias=True),
                 "lambda added where the normal equations need N lambda (the MSE's 1/N; scikit-learn's "
                 "Ridge(alpha) has alpha = N lambda)": _ridge(X, y, lam, penalty_scale=1.0),
                 "2 N lambda added: dividing the gradient 2/N X^T r + 2 lambda W by 2/N gives N lambda":
                 _ridge(X, y, lam, penalty_scale=2.0 * n)}
        ones_first = np.hstack([np.ones((n, 1)), X])  # (n, d + 1): the bias column first
        free_first = n * lam * np.eye(X.shape[1] + 1)
        free_first[0, 0] = 0.0
        theta_first = np.linalg.solve(ones_first.T @ ones_first + free_first, ones_first.T @ y)
        wrong["theta read the wrong way round: with the ones column first, b is theta[0] and W the "
              "rest"] = (theta_first[:-1], theta_first[-1])
        if lam > 0 and n > X.shape[1]:  # a line through the origin: only defined when X^T X is invertible
            gram = X.T @ X + n * lam * np.eye(X.shape[1])
            wrong["W solved without the ones column (a line through the origin): solve for b together "
                  "with W, or centre X and y first"] = (
                np.linalg.solve(gram, X.T @ y), np.zeros(1))
        compare(W, W_want, case, what="W", known={k: v[0] for k, v in wrong.items()})
        compare(b, b_want, case, what="b", known={k: v[1] for k, v in wrong.items()})


RIDGE = Exercise(
    number="7.2",
    title="Ridge in closed form, with a free bias",
    prompt=(
        "Section 3 solved ridge for one standardized feature. Now solve it for any `X` (N, D) and\n"
        "`y` (N, 1): write `ridge_with_free_bias(X, y, lam)` that returns `W` (D, 1) and `b` (1,)\n"
        "minimising the course's ridge loss $\\frac1N\\lVert XW + b - y\\rVert^2 + \\lambda\\lVert W\n"
        "\\rVert^2$, where the bias is not penalised (section 2). Solve the linear system yourself\n"
        "with `np.linalg.solve` (`fit_linear_closed_form` would do it for you). The check tries\n"
        "section 3's one standardized feature, data whose $y$ or $X$ are far from centred,\n"
        "$\\lambda = 0$, and more features than rows."
    ),
    name="ridge_with_free_bias",
    stub=(
        "def ridge_with_free_bias(X, y, lam):\n"
        '    """W (D, 1) and b (1,) minimising mean((X W + b - y)**2) + lam * sum(W**2); b free."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def ridge_with_free_bias(X, y, lam):\n"
        '    """W (D, 1) and b (1,) minimising mean((X W + b - y)**2) + lam * sum(W**2); b free."""\n'
        "    n, d = X.shape\n"
        "    A = np.hstack([X, np.ones((n, 1))])  # (n, d + 1): b is the weight of the ones column\n"
        "    # (2/n) A^T (A theta - y) + 2 lam [W; 0] = 0, times n/2: the penalty enters as n * lam.\n"
        "    penalty = n * lam * np.eye(d + 1)\n"
        "    penalty[d, d] = 0.0  # the bias is free\n"
        "    theta = np.linalg.solve(A.T @ A + penalty, A.T @ y)  # (d + 1, 1)\n"
        "    return theta[:d], theta[d]  # W (d, 1), b (1,)\n"
    ),
    hints=(
        "Fold the bias into the weights: append a column of ones to `X` (as exercise 4.3 did), so that "
        "$\\theta = [W; b]$. Then set the gradient of the loss to zero.",
        "The gradient is $\\frac2N A^\\top(A\\theta - y) + 2\\lambda\\,[W; 0]$. Multiplying by $N/2$ "
        "gives $(A^\\top A + N\\lambda P)\\,\\theta = A^\\top y$, where $P$ is the identity with a 0 in "
        "the bias's corner. Mind the $N$.",
        "`A = np.hstack([X, np.ones((n, 1))])`; `P = np.eye(d + 1)`; `P[d, d] = 0`; "
        "`theta = np.linalg.solve(A.T @ A + n * lam * P, A.T @ y)`; return `theta[:d], theta[d]`.",
    ),
    grade=_grade_ridge,
    mistakes=(
        ("def ridge_with_free_bias(X, y, lam):\n"
         "    n, d = X.shape\n    A = np.hstack([X, np.ones((n, 1))])\n"
         "    theta = np.linalg.solve(A.T @ A + n * lam * np.eye(d + 1), A.T @ y)\n"
         "    return theta[:d], theta[d]\n", "the bias penalised"),
        ("def ridge_with_free_bias(X, y, lam):\n"
         "    n, d = X.shape\n    A = np.hstack([X, np.ones((n, 1))])\n"
         "    P = np.eye(d + 1)\n    P[d, d] = 0\n"
         "    theta = np.linalg.solve(A.T @ A + lam * P, A.T @ y)\n"
         "    return theta[:d], theta[d]\n", "need N lambda"),
        ("def ridge_with_free_bias(X, y, lam):\n"
         "    n, d = X.shape\n"
         "    return np.linalg.solve(X.T @ X + n * lam * np.eye(d), X.T @ y), np.zeros(1)\n", "ones column"),
        ("def ridge_with_free_bias(X, y, lam):\n"
         "    n, d = X.shape\n    A = np.hstack([X, np.ones((n, 1))])\n"
         "    P = np.eye(d + 1)\n    P[d, d] = 0\n"
         "    theta = np.linalg.solve(A.T @ A + n * lam * P, A.T @ y)\n"
         "    return theta[:d], theta[d].item()\n", "has shape ()"),
    ),
)

# --- 7.3 -----------------------------------------------------------------------------------------


def _choice_data(seed: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    # Five features and few rows, so that a penalty matters; the seeds are chosen so that the lambda
    # best on validation, the one best on test and the smallest one (best on training) all differ.
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 0.5, (5, 1))
    parts = []
    for rows in (12, 10, 10):
        X = rng.normal(2.0, 1.0, (rows, 5))
        parts.append((X, X @ w + 3.0 + rng.normal(0.0, 1.5, (rows, 1))))
    return tuple(parts)


def _grade_choice(answer) -> None:
    grid = [0.0, 0.03, 0.1, 0.3, 1.2, 4.5]
    cases = [("a grid from 0 to 4.5 (5 features, 12 training rows)", 15, grid),
             ("another data set on the same grid", 43, grid),
             ("a grid given from largest to smallest", 18, grid[::-1])]
    for case, seed, lambdas in cases:
        train, val, test = _choice_data(seed)
        fitted_on: list[tuple[np.ndarray, np.ndarray]] = []

        def fit_ridge(X, y, lam, _seen=fitted_on):
            _seen.append((np.array(X, dtype=float), np.array(y, dtype=float)))
            return _ridge(np.asarray(X, dtype=float), np.asarray(y, dtype=float), lam)

        copies = [tuple(a.copy() for a in part) for part in (train, val, test)]
        result = call(answer, case, fit_ridge, *copies, list(lambdas))
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Incorrect(f"on {case}, return two numbers: the chosen lambda and its test MSE")
        if not fitted_on:
            raise Incorrect(f"on {case}, `fit_ridge` was never called: fit each lambda's model with it")
        for X_fit, y_fit in fitted_on:
            if X_fit.shape != train[0].shape or not (np.array_equal(X_fit, train[0])
                                                     and np.array_equal(y_fit, train[1])):
                raise Incorrect(f"on {case}, `fit_ridge` was called on rows other than the training rows "
                                "(lesson 7 fits every model, the chosen one too, on the training rows only)")

        def score(part, lam, _train=train):
            W, b = _ridge(*_train, lam)
            return float(np.mean((part[0] @ W + b - part[1]) ** 2))

        by = {name: min(lambdas, key=lambda lam, p=part: score(p, lam))
              for name, part in (("train", train), ("val", val), ("test", test))}
        chosen = by["val"]
        worst = max(lambdas, key=lambda lam: score(val, lam))
        compare(result[0], chosen, case, what="the chosen lambda", known={
            "the lambda with the smallest test MSE: choosing on the test rows makes the test score "
            "flatter the model; choose on validation": by["test"],
            "the lambda with the smallest training MSE, which is always the weakest penalty: choose on "
            "validation rows the model did not train on": by["train"],
            "the lambda with the largest validation MSE (argmax where argmin was meant)": worst,
            "the position of the chosen lambda in the grid, not the lambda itself":
                float(list(lambdas).index(chosen))})
        compare(result[1], score(test, chosen), case, what="the test MSE", known={
            "the chosen lambda's validation MSE, not its test MSE": score(val, chosen),
            "the chosen lambda's training MSE, not its test MSE": score(train, chosen),
            "a sum of squared errors, not their mean": score(test, chosen) * len(test[0])})


CHOICE = Exercise(
    number="7.3",
    title="Choose lambda on validation, then score on test once",
    prompt=(
        "Write `choose_lambda_then_test(fit_ridge, train, val, test, lambdas)`. Each split is a pair\n"
        "`(X, y)`, with `X` (n, D) and `y` (n, 1); `fit_ridge(X, y, lam)` returns `W` (D, 1) and `b`\n"
        "(1,) (the check hands you one). Fit one model per $\\lambda$ on the training rows, choose the\n"
        "$\\lambda$ with the smallest validation MSE, and return `(chosen_lambda, test_mse)`: the\n"
        "chosen model's MSE on the test rows, its one final score (section 5 chose with\n"
        "cross-validation; here a single validation split plays that part). The chosen model is\n"
        "the one fitted on the training rows. The check follows which rows `fit_ridge` sees, and\n"
        "one of its grids runs from largest to smallest."
    ),
    name="choose_lambda_then_test",
    stub=(
        "def choose_lambda_then_test(fit_ridge, train, val, test, lambdas):\n"
        '    """(chosen lambda, its test MSE): fit on train, choose on val, score on test once."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def choose_lambda_then_test(fit_ridge, train, val, test, lambdas):\n"
        '    """(chosen lambda, its test MSE): fit on train, choose on val, score on test once."""\n'
        "    (X_tr, y_tr), (X_va, y_va), (X_te, y_te) = train, val, test\n"
        "    models = [fit_ridge(X_tr, y_tr, lam) for lam in lambdas]  # training rows only\n"
        "    val_mse = [np.mean((X_va @ W + b - y_va) ** 2) for W, b in models]\n"
        "    best = int(np.argmin(val_mse))  # the choice looks at validation rows only\n"
        "    W, b = models[best]\n"
        "    return lambdas[best], float(np.mean((X_te @ W + b - y_te) ** 2))  # the test rows, used once\n"
    ),
    hints=(
        "Three roles, three splits: the training rows fit, the validation rows choose, the test rows "
        "only report. No decision may look at a test MSE.",
        "Fit a model for every $\\lambda$ on `train`, compute each one's validation MSE, and take the "
        "position of the smallest with `np.argmin`. Return `lambdas[position]`, not the position, and "
        "do not assume the grid is sorted.",
        "`models = [fit_ridge(X_tr, y_tr, lam) for lam in lambdas]`; "
        "`best = int(np.argmin([np.mean((X_va @ W + b - y_va) ** 2) for W, b in models]))`; then the "
        "test MSE of `models[best]`.",
    ),
    grade=_grade_choice,
    mistakes=(
        ("def choose_lambda_then_test(fit_ridge, train, val, test, lambdas):\n"
         "    models = [fit_ridge(*train, lam) for lam in lambdas]\n"
         "    test_mse = [np.mean((test[0] @ W + b - test[1]) ** 2) for W, b in models]\n"
         "    best = int(np.argmin(test_mse))\n"
         "    return lambdas[best], test_mse[best]\n", "choosing on the test rows"),
        ("def choose_lambda_then_test(fit_ridge, train, val, test, lambdas):\n"
         "    models = [fit_ridge(*train, lam) for lam in lambdas]\n"
         "    train_mse = [np.mean((train[0] @ W + b - train[1]) ** 2) for W, b in models]\n"
         "    best = int(np.argmin(train_mse))\n"
         "    W, b = models[best]\n"
         "    return lambdas[best], np.mean((test[0] @ W + b - test[1]) ** 2)\n", "smallest training MSE"),
        ("def choose_lambda_then_test(fit_ridge, train, val, test, lambdas):\n"
         "    models = [fit_ridge(*train, lam) for lam in lambdas]\n"
         "    val_mse = [np.mean((val[0] @ W + b - val[1]) ** 2) for W, b in models]\n"
         "    best = int(np.argmin(val_mse))\n"
         "    X_all, y_all = np.vstack([train[0], val[0]]), np.vstack([train[1], val[1]])\n"
         "    W, b = fit_ridge(X_all, y_all, lambdas[best])\n"
         "    return lambdas[best], np.mean((test[0] @ W + b - test[1]) ** 2)\n",
         "other than the training rows"),
        ("def choose_lambda_then_test(fit_ridge, train, val, test, lambdas):\n"
         "    models = [fit_ridge(*train, lam) for lam in lambdas]\n"
         "    val_mse = [np.mean((val[0] @ W + b - val[1]) ** 2) for W, b in models]\n"
         "    best = int(np.argmin(val_mse))\n"
         "    return lambdas[best], val_mse[best]\n", "validation MSE, not its test MSE"),
        ("def choose_lambda_then_test(fit_ridge, train, val, test, lambdas):\n"
         "    models = [fit_ridge(*train, lam) for lam in lambdas]\n"
         "    val_mse = [np.mean((val[0] @ W + b - val[1]) ** 2) for W, b in models]\n"
         "    best = int(np.argmin(val_mse))\n"
         "    W, b = models[best]\n"
         "    return best, np.mean((test[0] @ W + b - test[1]) ** 2)\n", "position of the chosen lambda"),
    ),
)

EXERCISES = (SOFT_THRESHOLD, RIDGE, CHOICE)
