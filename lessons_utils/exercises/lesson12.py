"""Lesson 12's exercises: correlations by hand, weights in original units, the flattest direction."""

from __future__ import annotations

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call, variant

# --- 12.1 ----------------------------------------------------------------------------------------


def _correlation_cases() -> list[tuple[str, np.ndarray]]:
    rng = np.random.default_rng(1201)
    base = rng.normal(0.0, 1.0, (40, 1))
    three = np.hstack([50 + 10 * base + rng.normal(0.0, 4.0, (40, 1)),  # far from 0, tied to the third
                       rng.normal(1.5, 0.5, (40, 1)),
                       200 - 30 * base + rng.normal(0.0, 20.0, (40, 1))])
    line = np.arange(8, dtype=np.float64).reshape(-1, 1)
    return [("three features of very different scales, 40 rows", three),
            ("two columns on one falling line, 8 rows", np.hstack([line + 100, 3 - 2 * line])),
            ("a single feature, 6 rows", rng.normal(20.0, 5.0, (6, 1))),
            ("two features and only 3 rows", np.array([[1.0, 10.0], [2.0, 30.0], [4.0, 20.0]]))]


def _grade_correlation(answer) -> None:
    for case, X in _correlation_cases():
        n, d = X.shape
        got = as_result(call(answer, case, X.copy()), case, "the correlation matrix")
        if got.shape == () and d == 1:
            raise Incorrect(f"on {case}, the result is a bare number: return a (1, 1) matrix for one feature "
                            "(np.corrcoef gives a bare number there, one reason to write it by hand)")
        if got.shape == (n, n) and n != d:
            raise Incorrect(f"on {case}, the result is {n} x {n}, one entry per pair of rows: correlate the "
                            "columns (the features), not the rows")
        centred = X - X.mean(axis=0)
        std = X.std(axis=0)
        covariance = centred.T @ centred / n  # (d, d)
        want = covariance / np.outer(std, std)
        np.fill_diagonal(want, 1.0)  # exactly 1, as it is in exact arithmetic
        known = {"the covariance matrix: divide each entry by the two columns' standard deviations":
                 covariance,
                 "X^T X / n divided by the standard deviations, without first subtracting the column means":
                 X.T @ X / n / np.outer(std, std),
                 "statistics of the whole array: take the mean and standard deviation of each column "
                 "(axis=0)": ((X - X.mean()) / X.std()).T @ ((X - X.mean()) / X.std()) / n}
        if n > 1:
            known["a covariance with n - 1 (np.cov's default) divided by standard deviations with n "
                  "(np.std's default): use the same divisor in both"] = want * n / (n - 1)
        compare(got, want, case, what="the correlation matrix", known=known)


_SOLUTION_121 = (
    "import numpy as np\n\n\n"
    "def correlation_by_hand(X):\n"
    '    """The (D, D) correlation matrix of the columns of X (n, D)."""\n'
    "    Z = (X - X.mean(axis=0)) / X.std(axis=0)  # (n, D): each column with its own statistics\n"
    "    return Z.T @ Z / len(X)  # (D, n) @ (n, D): the average product of two standardized columns\n"
)

CORRELATION = Exercise(
    number="12.1",
    title="The correlation matrix by hand",
    prompt=(
        "Section 1 drew the correlation matrix of the training rows with `np.corrcoef`. Compute it\n"
        "yourself: write `correlation_by_hand(X)` that returns the $(D, D)$ matrix whose entry $(j, k)$\n"
        "is the correlation of columns $j$ and $k$ of `X`, shape $(n, D)$: the average product of the two\n"
        "columns after standardizing each with its own mean and standard deviation. (In the lesson `X`\n"
        "would be the training rows only.) The check tries features of very different scales, two columns\n"
        "on one line, a single feature and a case with only three rows. What is on the diagonal, and why?"
    ),
    name="correlation_by_hand",
    stub=(
        "def correlation_by_hand(X):\n"
        '    """The (D, D) correlation matrix of the columns of X (n, D)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_121,
    hints=(
        "Standardize first: subtract each column's mean and divide by its standard deviation "
        "(`axis=0` keeps one number per column). The diagonal is then the mean of $z^2$, which is 1.",
        "With the standardized matrix $Z$, shape $(n, D)$, all the average products at once are one "
        "matrix product: $Z^\\top Z / n$.",
        "`Z = (X - X.mean(axis=0)) / X.std(axis=0)`, then `return Z.T @ Z / len(X)`.",
    ),
    grade=_grade_correlation,
    mistakes=(
        (variant(_SOLUTION_121, "/ X.std(axis=0)  #", "#"), "covariance matrix"),
        ("def correlation_by_hand(X):\n"
         "    s = X.std(axis=0)\n"
         "    return X.T @ X / len(X) / np.outer(s, s)\n", "without first subtracting the column means"),
        ("def correlation_by_hand(X):\n"
         "    s = X.std(axis=0)\n"
         "    return np.cov(X, rowvar=False) / np.outer(s, s)\n", "n - 1"),
        ("def correlation_by_hand(X):\n"
         "    Z = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)\n"
         "    return Z @ Z.T / X.shape[1]\n", "not the rows"),
    ),
)

# --- 12.2 ----------------------------------------------------------------------------------------


def _difference_cases() -> list[tuple[str, np.ndarray, np.ndarray, float, np.ndarray, np.ndarray]]:
    return [
        ("three features, two patients who differ in all three",
         np.array([[0.3], [-0.5], [0.2]]), np.array([12.0, 4.5, 30.0]), 75.0,
         np.array([60.0, 31.0, 210.0]), np.array([45.0, 25.0, 180.0])),
        ("one feature, a patient 10 units above another", np.array([[0.4]]), np.array([5.0]), 80.0,
         np.array([35.0]), np.array([25.0])),
        ("four features, patients equal in all but the second",
         np.array([[0.1], [-0.25], [0.6], [0.05]]), np.array([2.0, 0.5, 40.0, 8.0]), 30.0,
         np.array([1.0, 2.0, 150.0, 90.0]), np.array([1.0, 1.0, 150.0, 90.0])),
    ]


def _grade_difference(answer) -> None:
    for case, W_std, x_std, y_std, x_a, x_b in _difference_cases():
        got = call(answer, case, W_std.copy(), x_std.copy(), y_std, x_a.copy(), x_b.copy())
        shape = as_result(got, case, "the predicted difference").shape
        if len(W_std) > 1 and shape not in ((), (1,), (1, 1)):
            raise Incorrect(f"on {case}, the predicted difference has shape {shape}: it should be one "
                            "number. Sum the features' contributions, and flatten W_std (D, 1) before "
                            "combining it with the (D,) arrays")
        change = x_a - x_b  # (D,)
        w = W_std.ravel()
        known = {"the standardized weights applied to changes in original units: convert the weights first, "
                 "W_j = W_s,j sigma_y / sigma_x_j": w @ change,
                 "weights multiplied by sigma_x and divided by sigma_y: the conversion is upside down, "
                 "W_j = W_s,j sigma_y / sigma_x_j": (w * x_std / y_std) @ change,
                 "a difference in standard deviations of y: multiply by sigma_y to get units of y":
                 (w / x_std) @ change,
                 "weights multiplied by sigma_x: divide by it, a weight per unit of x":
                 (w * x_std * y_std) @ change}
        compare(got, (w * y_std / x_std) @ change, case, what="the predicted difference", known=known)


_SOLUTION_122 = (
    "import numpy as np\n\n\n"
    "def prediction_difference(W_std, x_std, y_std, x_a, x_b):\n"
    '    """Prediction for a minus for b, units of y; W_std (D, 1); x_std, x_a, x_b (D,)."""\n'
    "    W = W_std.ravel() * y_std / x_std  # (D,): weights in units of y per unit of each feature\n"
    "    # The intercept and the training means are the same for both patients: they cancel.\n"
    "    return float(W @ (np.asarray(x_a) - np.asarray(x_b)))\n"
)

DIFFERENCE = Exercise(
    number="12.2",
    title="How far apart are two patients' predictions?",
    prompt=(
        "Section 3 read each weight in original units: points of the score per unit of the feature, the\n"
        "others held fixed. Use that reading: write `prediction_difference(W_std, x_std, y_std, x_a, x_b)`\n"
        "that returns how much higher the model's prediction is for patient a than for patient b, in units\n"
        "of $y$ (one number). `W_std` (shape $(D, 1)$) are weights learned on standardized data, `x_std`\n"
        "(shape $(D,)$) and `y_std` the training standard deviations of the features and of $y$, and\n"
        "`x_a`, `x_b` (shape $(D,)$ each) the two patients' features in original units. You are not given\n"
        "the bias or any mean: why are they not needed? The check tries one, three and four features, and\n"
        "two patients who differ in one feature only."
    ),
    name="prediction_difference",
    stub=(
        "def prediction_difference(W_std, x_std, y_std, x_a, x_b):\n"
        '    """Prediction for a minus for b, units of y; W_std (D, 1); x_std, x_a, x_b (D,)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_122,
    hints=(
        "First turn each standardized weight into a weight in original units, as lesson 6 did: "
        "$W_j = W_{s,j}\\,\\sigma_y / \\sigma_{x_j}$.",
        "The prediction is $\\sum_j W_j x_j + b$. Subtract it for the two patients: $b$ cancels, and "
        "so does every $W_j \\mu_{x_j}$ hidden in it, leaving $\\sum_j W_j (x_{a,j} - x_{b,j})$.",
        "`W = W_std.ravel() * y_std / x_std`, then `return float(W @ (x_a - x_b))`.",
    ),
    grade=_grade_difference,
    mistakes=(
        (variant(_SOLUTION_122, "W_std.ravel() * y_std / x_std", "W_std.ravel()"),
         "convert the weights first"),
        (variant(_SOLUTION_122, "W_std.ravel() * y_std / x_std", "W_std.ravel() * x_std / y_std"),
         "upside down"),
        (variant(_SOLUTION_122, "W_std.ravel() * y_std / x_std", "W_std.ravel() / x_std"),
         "multiply by sigma_y"),
        (variant(_SOLUTION_122, "(np.asarray(x_a) - np.asarray(x_b))", "(np.asarray(x_b) - np.asarray(x_a))"),
         "wrong sign"),
    ),
)

# --- 12.3 ----------------------------------------------------------------------------------------


def _flat_cases() -> list[tuple[str, np.ndarray]]:
    rng = np.random.default_rng(1203)
    a, b, c = (rng.normal(0.0, 1.0, 60) for _ in range(3))
    near = np.column_stack([a, b, a + 0.3 * b + 0.1 * c])  # the third column almost a + 0.3 b
    scales = np.column_stack([1000 * a, 0.01 * (a + 0.5 * c), 5 + b])  # the first two correlated
    pair = np.column_stack([a, 0.8 * a + 0.6 * c])  # two features with correlation about 0.8
    return [("three features, the third nearly the first plus a little of the second", near),
            ("three features on scales from 0.01 to 1000, the first two correlated", scales + 50),
            ("two correlated features", pair)]


def _grade_flat(answer) -> None:
    for case, X in _flat_cases():
        got = call(answer, case, X.copy())
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Incorrect(f"on {case}, return two things, (kappa, v), got {type(got).__name__}")
        Z = (X - X.mean(axis=0)) / X.std(axis=0)
        n = len(X)
        eigenvalues, eigenvectors = np.linalg.eigh(Z.T @ Z / n)
        kappa = eigenvalues[-1] / eigenvalues[0]
        centred = X - X.mean(axis=0)
        raw = np.linalg.eigvalsh(centred.T @ centred / n)
        uncentred = np.linalg.eigvalsh(X.T @ X / n)
        compare(got[0], kappa, case, what="kappa", known={
            "the condition number of the unstandardized columns: standardize X first, with its own "
            "statistics": raw[-1] / raw[0],
            "the condition number of X^T X on the raw columns: standardize X first":
            uncentred[-1] / uncentred[0],
            "the smallest eigenvalue over the largest: kappa is the largest over the smallest": 1 / kappa,
            "the condition number of Z itself (its singular values), which is the square root of the Gram "
            "matrix's": np.sqrt(kappa)})
        v = as_result(got[1], case, "v").ravel()
        want = eigenvectors[:, 0]
        if v.shape == want.shape and np.allclose(v, -want, rtol=1e-7, atol=1e-9):
            continue  # an eigenvector's sign is arbitrary: either one is right
        compare(v, want, case, what="v", known={
            "the eigenvector of the largest eigenvalue: the flattest direction belongs to the smallest":
            eigenvectors[:, -1], "the same, with its sign flipped": -eigenvectors[:, -1],
            "a row of the eigenvector matrix: np.linalg.eigh returns the eigenvectors as its columns":
            eigenvectors[0], "a row of the eigenvector matrix, with its sign flipped: the eigenvectors are "
            "its columns": -eigenvectors[0]})


_SOLUTION_123 = (
    "import numpy as np\n\n\n"
    "def flattest_direction(X):\n"
    '    """(kappa, v (D,)): condition number and flattest unit direction, standardized X (n, D)."""\n'
    "    Z = (X - X.mean(axis=0)) / X.std(axis=0)  # (n, D)\n"
    "    gram = Z.T @ Z / len(X)  # (D, D): the correlation matrix\n"
    "    eigenvalues, eigenvectors = np.linalg.eigh(gram)  # ascending; eigenvectors are the columns\n"
    "    # v @ z varies with variance eigenvalues[0] only: the features nearly cancel along v.\n"
    "    return eigenvalues[-1] / eigenvalues[0], eigenvectors[:, 0]\n"
)

FLAT = Exercise(
    number="12.3",
    title="The condition number and the flattest direction",
    prompt=(
        "Section 4 found the condition number of the standardized training rows' Gram matrix and the\n"
        "combination of features that nearly cancels. Write `flattest_direction(X)` for any `X` of shape\n"
        "$(n, D)$: standardize its columns with their own means and standard deviations, form the Gram\n"
        "matrix $G = Z^\\top Z / n$, and return `(kappa, v)`: the condition number of $G$ (its largest over\n"
        "its smallest eigenvalue) and the unit eigenvector of its smallest eigenvalue, shape $(D,)$ (either\n"
        "sign). The check tries a column that is nearly a mix of two others, features on very different\n"
        "scales, and two correlated features. In the first case, which entries of `v` are large, and why?"
    ),
    name="flattest_direction",
    stub=(
        "def flattest_direction(X):\n"
        '    """(kappa, v (D,)): condition number and flattest unit direction, standardized X (n, D)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_123,
    hints=(
        "Standardize as in exercise 12.1; the Gram matrix of standardized columns is their correlation "
        "matrix.",
        "`np.linalg.eigh` returns the eigenvalues of a symmetric matrix in ascending order and the "
        "eigenvectors as the *columns* of its second result.",
        "`eigenvalues, eigenvectors = np.linalg.eigh(Z.T @ Z / len(X))`; return "
        "`eigenvalues[-1] / eigenvalues[0], eigenvectors[:, 0]`.",
    ),
    grade=_grade_flat,
    mistakes=(
        ("def flattest_direction(X):\n"
         "    Xc = X - X.mean(axis=0)\n"
         "    eigenvalues, eigenvectors = np.linalg.eigh(Xc.T @ Xc / len(X))\n"
         "    return eigenvalues[-1] / eigenvalues[0], eigenvectors[:, 0]\n", "standardize X first"),
        ("def flattest_direction(X):\n"
         "    Z = (X - X.mean(axis=0)) / X.std(axis=0)\n"
         "    s = np.linalg.svd(Z, compute_uv=False)\n"
         "    eigenvalues, eigenvectors = np.linalg.eigh(Z.T @ Z / len(X))\n"
         "    return s[0] / s[-1], eigenvectors[:, 0]\n", "square root"),
        (variant(_SOLUTION_123, "eigenvectors[:, 0]\n", "eigenvectors[:, -1]\n"), "largest eigenvalue"),
        (variant(_SOLUTION_123, "eigenvectors[:, 0]\n", "eigenvectors[0]\n"), "as its columns"),
    ),
)

EXERCISES = (CORRELATION, DIFFERENCE, FLAT)
