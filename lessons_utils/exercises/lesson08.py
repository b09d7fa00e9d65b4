"""Lesson 8's exercises: the normal equations, the condition number, least squares by QR."""

from __future__ import annotations

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call


def _design(X: np.ndarray) -> np.ndarray:
    return np.hstack([X, np.ones((len(X), 1))])  # (N, D + 1): lesson 8's A = [X 1]


def _near_copies(delta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X (30, 2) = [x, x + delta u] (standardized x, u), theta_true (3, 1) and noiseless y = A theta_true."""
    rng = np.random.default_rng(80)
    x, u = rng.normal(0.0, 1.0, (30, 1)), rng.normal(0.0, 1.0, (30, 1))
    x, u = (x - x.mean()) / x.std(), (u - u.mean()) / u.std()
    X = np.hstack([x, x + delta * u])  # (30, 2): two nearly parallel columns
    theta_true = np.array([[1.5], [-0.5], [2.0]])  # (3, 1): W1, W2, b
    return X, theta_true, _design(X) @ theta_true


def _fit_cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(81)
    x = np.arange(20, dtype=np.float64).reshape(-1, 1)  # the course's raw inputs
    two = rng.normal(3.0, 2.0, (25, 2))
    square = rng.normal(0.0, 1.0, (4, 3))
    return [("the course's raw inputs x = 0, ..., 19", x, 3.5 * x + 5.0 + rng.uniform(-10.0, 20.0, (20, 1))),
            ("two features with means far from 0", two, two @ np.array([[1.0], [-2.0]]) + 7.0
             + rng.normal(0.0, 1.0, (25, 1))),
            ("N = 4 rows and D = 3 features: as many rows as unknowns", square,
             rng.normal(0.0, 1.0, (4, 1)))]


def _check_theta(got: object, X: np.ndarray, y: np.ndarray, case: str) -> np.ndarray:
    """The learner's theta as an array, with a named verdict for a theta that has no row for b."""
    theta = as_result(got, case, "theta")
    num_features = X.shape[1]
    if theta.shape in ((num_features, 1), (num_features,)):
        raise Incorrect(f"on {case}, theta has one entry per feature and none for the bias b: append a "
                        "column of ones to X, so that theta = [W; b] has D + 1 entries")
    return theta


def _wrong_fits(X: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    A_first = np.hstack([np.ones((len(X), 1)), X])  # (N, D + 1), the ones column first
    theta_first = np.linalg.lstsq(A_first, y, rcond=None)[0]
    return {"the ones column placed first: lesson 8's A = [X 1] puts it last, so b is theta's last entry":
            theta_first,
            "a fit without an intercept (X^T X W = X^T y) with b set to 0: the ones column must be part of "
            "the system": np.vstack([np.linalg.lstsq(X, y, rcond=None)[0], np.zeros((1, 1))])}


# --- 8.1 -----------------------------------------------------------------------------------------


def _grade_normal_equations(answer) -> None:
    for case, X, y in _fit_cases():
        theta = _check_theta(call(answer, case, X.copy(), y.copy()), X, y, case)
        want = np.linalg.lstsq(_design(X), y, rcond=None)[0]  # (D + 1, 1), by the SVD
        compare(theta, want, case, what="theta", known=_wrong_fits(X, y))


NORMAL_EQUATIONS = Exercise(
    number="8.1",
    title="The normal equations, with the bias inside",
    prompt=(
        "Write `normal_equations_fit(X, y)` that returns $\\theta = [W; b]$ of shape `(D + 1, 1)` for\n"
        "`X` (N, D) and `y` (N, 1), by building section 1's $A = [X\\;\\mathbf 1]$ (the ones column\n"
        "last) and solving $(A^\\top A)\\,\\theta = A^\\top y$ with `np.linalg.solve`, without forming\n"
        "an inverse. The check tries the course's raw inputs $x = 0, \\dots, 19$, two features whose\n"
        "means are far from 0, and a case with exactly as many rows as unknowns."
    ),
    name="normal_equations_fit",
    stub=(
        "def normal_equations_fit(X, y):\n"
        '    """theta (D + 1, 1) = [W; b] solving (A^T A) theta = A^T y, with A = [X, ones] (N, D + 1)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def normal_equations_fit(X, y):\n"
        '    """theta (D + 1, 1) = [W; b] solving (A^T A) theta = A^T y, with A = [X, ones] (N, D + 1)."""\n'
        "    A = np.hstack([X, np.ones((len(X), 1))])  # (N, D + 1): the ones column last, for b\n"
        "    return np.linalg.solve(A.T @ A, A.T @ y)  # (D + 1, D + 1) system; no inverse formed\n"
    ),
    hints=(
        "The bias is the weight of a feature that is always 1: give `X` one more column, of ones, at "
        "the end.",
        "`np.ones((len(X), 1))` is that column and `np.hstack` glues it on. Then $A^\\top A$ is "
        "`(D + 1, D + 1)` and $A^\\top y$ is `(D + 1, 1)`.",
        "`A = np.hstack([X, np.ones((len(X), 1))])`; `return np.linalg.solve(A.T @ A, A.T @ y)`.",
    ),
    grade=_grade_normal_equations,
    mistakes=(
        ("def normal_equations_fit(X, y):\n    return np.linalg.solve(X.T @ X, X.T @ y)\n",
         "none for the bias"),
        ("def normal_equations_fit(X, y):\n"
         "    A = np.hstack([np.ones((len(X), 1)), X])\n    return np.linalg.solve(A.T @ A, A.T @ y)\n",
         "placed first"),
        ("def normal_equations_fit(X, y):\n"
         "    W = np.linalg.solve(X.T @ X, X.T @ y)\n    return np.vstack([W, [[0.0]]])\n",
         "without an intercept"),
        ("def normal_equations_fit(X, y):\n"
         "    A = np.hstack([X, np.ones((len(X), 1))])\n"
         "    return np.linalg.solve(A.T @ A, A.T @ y).ravel()\n",
         "has shape"),
    ),
)

# --- 8.2 -----------------------------------------------------------------------------------------


def _digits(A: np.ndarray) -> float:
    singular = np.linalg.svd(A, compute_uv=False)
    return float(2 * np.log10(singular[0] / singular[-1]))


def _grade_digits(answer) -> None:
    x = np.arange(20, dtype=np.float64).reshape(-1, 1)
    cases = [("the square, non-symmetric A = [[1, 1000], [0, 1]]", np.array([[1.0, 1000.0], [0.0, 1.0]])),
             ("the course's raw design A = [x 1] with x = 0, ..., 19", _design(x)),
             ("a design whose two features are near copies (delta = 1e-7)", _design(_near_copies(1e-7)[0])),
             ("a standardized feature and the ones column, which are orthogonal",
              _design((x - x.mean()) / x.std()))]
    for case, A in cases:
        got = as_result(call(answer, case, A.copy()), case, "the digits lost")
        want = _digits(A)
        if got.shape == () and want > 1 and abs(got - want) > 1e-7 * want and abs(got - want) < 0.1 * want \
                and not np.isclose(got, want / 2, rtol=1e-7):
            raise Incorrect(f"on {case}, close, but not to the last digits: did you form A^T A? Its "
                            "rounding already spoils the small singular values; take those of A itself")
        singular = np.linalg.svd(A, compute_uv=False)
        known = {"log10 cond(A), not squared: forming A^T A squares the condition number, so the normal "
                 "equations can lose twice as many digits": want / 2,
                 "the natural log where log10 counts decimal digits": 2 * np.log(singular[0] / singular[-1]),
                 "the condition number of A^T A itself, not the digits (its log10)":
                 (singular[0] / singular[-1]) ** 2}
        if A.shape[0] == A.shape[1]:
            eigen = np.abs(np.linalg.eigvals(A))
            known["a ratio of eigenvalues of A: for a matrix that is not symmetric they can differ wildly "
                  "from its singular values, which the condition number uses"] = (
                2 * np.log10(eigen.max() / eigen.min()))
        compare(got, want, case, what="the digits lost", known=known)


DIGITS = Exercise(
    number="8.2",
    title="How many digits can the normal equations lose?",
    prompt=(
        "Section 4's rule of thumb: solving a system with matrix $M$ can lose about\n"
        "$\\log_{10}\\kappa(M)$ of float64's 16 digits. Write `normal_equations_digits_lost(A)` that\n"
        "returns $\\log_{10}\\kappa(A^\\top A)$ for a design matrix `A` (N, D + 1), computed from the\n"
        "**singular values of `A`** (without forming $A^\\top A$, whose own rounding would spoil the\n"
        "answer for badly conditioned designs). The check tries a small square matrix that is not\n"
        "symmetric, the course's raw design, two near-copy features and a perfectly conditioned design."
    ),
    name="normal_equations_digits_lost",
    stub=(
        "def normal_equations_digits_lost(A):\n"
        '    """log10 cond(A^T A), from the singular values of A (N, D + 1): a float."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def normal_equations_digits_lost(A):\n"
        '    """log10 cond(A^T A), from the singular values of A (N, D + 1): a float."""\n'
        "    singular = np.linalg.svd(A, compute_uv=False)  # largest first\n"
        "    # A^T A = V S^2 V^T: its condition number is the square of A's, (s_max / s_min)^2.\n"
        "    return float(2 * np.log10(singular[0] / singular[-1]))\n"
    ),
    hints=(
        "$\\kappa(A) = \\sigma_{\\max}/\\sigma_{\\min}$, the ratio of the largest and smallest singular "
        "values. How are the singular values of $A^\\top A$ related to those of $A$ (section 4)?",
        "`np.linalg.svd(A, compute_uv=False)` returns the singular values, largest first. "
        "$\\kappa(A^\\top A) = \\kappa(A)^2$, and the log of a square is twice the log.",
        "`s = np.linalg.svd(A, compute_uv=False)`; `return 2 * np.log10(s[0] / s[-1])`.",
    ),
    grade=_grade_digits,
    mistakes=(
        ("def normal_equations_digits_lost(A):\n"
         "    s = np.linalg.svd(A, compute_uv=False)\n    return np.log10(s[0] / s[-1])\n", "not squared"),
        ("def normal_equations_digits_lost(A):\n"
         "    e = np.abs(np.linalg.eigvals(A))\n    return 2 * np.log10(e.max() / e.min())\n", "eigenvalues"),
        ("def normal_equations_digits_lost(A):\n"
         "    s = np.linalg.svd(A, compute_uv=False)\n    return 2 * np.log(s[0] / s[-1])\n", "natural log"),
        ("def normal_equations_digits_lost(A):\n"
         "    s = np.linalg.svd(A, compute_uv=False)\n    return (s[0] / s[-1]) ** 2\n", "not the digits"),
    ),
)

# --- 8.3 -----------------------------------------------------------------------------------------

# On the near-copy design (cond(A) about 2e6) with noiseless targets, a QR or SVD solver's relative
# error was about 4e-11 and the normal equations' about 1.5e-4 (section 4's eps cond(A) against
# eps cond(A)^2); 1e-7 sits more than a factor 1000 from both.
QR_ACCURACY = 1e-7


def _grade_qr(answer) -> None:
    X, theta_true, y = _near_copies(1e-6)
    for case, X_case, y_case in [*_fit_cases(), ("two near-copy features (delta = 1e-6), noiseless y", X, y)]:
        theta = _check_theta(call(answer, case, X_case.copy(), y_case.copy()), X_case, y_case, case)
        if case.startswith("two near-copy"):
            if theta.shape != theta_true.shape:
                compare(theta, theta_true, case, what="theta")  # names the shape
            error = np.linalg.norm(theta - theta_true) / np.linalg.norm(theta_true)
            if error > QR_ACCURACY:
                raise Incorrect(f"on {case}, theta has lost about as many digits as the normal equations "
                                "do: forming A^T A squares the condition number, and a Q built by hand "
                                "(Gram-Schmidt) loses its orthogonality. Factor A itself with np.linalg.qr, "
                                "and solve R theta = Q^T y")
            continue
        want = np.linalg.lstsq(_design(X_case), y_case, rcond=None)[0]
        compare(theta, want, case, what="theta", known=_wrong_fits(X_case, y_case))


QR = Exercise(
    number="8.3",
    title="Least squares by QR",
    prompt=(
        "Section 3 described a QR solver: write $A = QR$, with $Q$ (N, D + 1) having orthonormal columns\n"
        "and $R$ (D + 1, D + 1) upper triangular; least squares becomes $R\\,\\theta = Q^\\top y$. Write\n"
        "`qr_least_squares(X, y)` that returns $\\theta = [W; b]$ (D + 1, 1) this way, with\n"
        "`np.linalg.qr` (its default, reduced mode, gives those shapes). Besides the cases of exercise\n"
        "8.1, the check fits two near-copy features with noiseless targets, where it knows the exact\n"
        "answer: why would your 8.1 function fail there, and how many digits does each lose? (Exercise\n"
        "8.2 can tell you.)"
    ),
    name="qr_least_squares",
    stub=(
        "def qr_least_squares(X, y):\n"
        '    """theta (D + 1, 1) = [W; b] minimising |A theta - y|^2, A = [X, ones], through A = QR."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def qr_least_squares(X, y):\n"
        '    """theta (D + 1, 1) = [W; b] minimising |A theta - y|^2, A = [X, ones], through A = QR."""\n'
        "    A = np.hstack([X, np.ones((len(X), 1))])  # (N, D + 1)\n"
        "    Q, R = np.linalg.qr(A)  # Q (N, D + 1) orthonormal columns, R (D + 1, D + 1) upper triangular\n"
        "    # A^T A = R^T R turns the normal equations into R theta = Q^T y; cond(R) = cond(A).\n"
        "    # (The normal equations lose about 2 log10 cond(A) digits here, QR about log10 cond(A).)\n"
        "    return np.linalg.solve(R, Q.T @ y)  # (D + 1, 1)\n"
    ),
    hints=(
        "Build `A` exactly as in exercise 8.1, but never compute `A.T @ A`: factor `A` itself.",
        "Put $A = QR$ into the normal equations: $A^\\top A = R^\\top Q^\\top Q R = R^\\top R$ because "
        "$Q^\\top Q = I$. Cancel one $R^\\top$ from both sides of $R^\\top R\\,\\theta = R^\\top Q^\\top y$.",
        "`Q, R = np.linalg.qr(A)`; `return np.linalg.solve(R, Q.T @ y)`. The normal equations' error "
        "grows like $\\varepsilon\\,\\kappa(A)^2$, QR's like $\\varepsilon\\,\\kappa(A)$.",
    ),
    grade=_grade_qr,
    mistakes=(
        ("def qr_least_squares(X, y):\n"
         "    A = np.hstack([X, np.ones((len(X), 1))])\n    return np.linalg.solve(A.T @ A, A.T @ y)\n",
         "as many digits as the normal equations"),
        ("def qr_least_squares(X, y):\n"
         "    A = np.hstack([np.ones((len(X), 1)), X])\n    Q, R = np.linalg.qr(A)\n"
         "    return np.linalg.solve(R, Q.T @ y)\n", "placed first"),
        ("def qr_least_squares(X, y):\n"
         "    Q, R = np.linalg.qr(X)\n    return np.linalg.solve(R, Q.T @ y)\n", "none for the bias"),
    ),
)

EXERCISES = (NORMAL_EQUATIONS, DIGITS, QR)
