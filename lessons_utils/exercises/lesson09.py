"""Lesson 9's exercises: gradient checks, and the condition number as a speed limit."""

from __future__ import annotations

import math

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call

# --- 9.1 -----------------------------------------------------------------------------------------


def _cubic(theta):  # curved in theta_0: a forward difference is visibly off
    return theta[0] ** 3 + theta[0] * theta[1] + 2 * theta[1] ** 2


def _exponential(theta):
    return float(np.sum(np.exp(theta))) + theta[0] * theta[2]


def _mixed(theta):
    return theta[0] ** 2 * theta[1] + theta[2] ** 3


def _difference(f, theta, h, *, kind: str) -> np.ndarray:
    """Central differences, or one of the wrong methods the 9.1 grader names."""
    theta = np.asarray(theta, dtype=np.float64)
    grad = np.empty_like(theta)
    for i in range(theta.size):
        nudge = np.zeros_like(theta)
        nudge[i] = h
        if kind == "backward":
            grad[i] = (f(theta) - f(theta - nudge)) / h
        elif kind == "forward":
            grad[i] = (f(theta + nudge) - f(theta)) / h
        elif kind == "over h":
            grad[i] = (f(theta + nudge) - f(theta - nudge)) / h
        else:
            grad[i] = (f(theta + nudge) - f(theta - nudge)) / (2 * h)
    if kind == "all at once":
        grad[:] = (f(theta + h) - f(theta - h)) / (2 * h)
    return grad


def _grade_central(answer) -> None:
    cases = [("f(θ) = θ₀³ + θ₀ θ₁ + 2 θ₁² at θ = (1.5, -0.5), h = 1e-3", _cubic, [1.5, -0.5], 1e-3),
             ("f(θ) = exp(θ₀) + exp(θ₁) + exp(θ₂) + θ₀ θ₂ at θ = (0.3, -1.2, 2.0), h = 0.1", _exponential,
              [0.3, -1.2, 2.0], 0.1),
             ("f(θ) = θ₀² θ₁ + θ₂³ at θ = (1, -2, 3) given as integers, h = 1e-4", _mixed, [1, -2, 3], 1e-4)]
    for case, f, start, h in cases:
        theta = np.array(start)  # the last case keeps NumPy's integer dtype on purpose
        kept = theta.copy()
        got = call(answer, case, f, theta, h)
        if not np.array_equal(theta, kept) or theta.dtype != kept.dtype:
            raise Incorrect(f"on {case}, your function changed the caller's θ: nudge a copy, not θ itself")
        want = _difference(f, start, h, kind="central")
        known = {"a backward difference (f(θ) - f(θ - h e_i)) / h: on a curved function it is off by "
                 "about h/2 times the curvature; nudge both ways": _difference(f, start, h, kind="backward"),
                 "a forward difference (f(θ + h e_i) - f(θ)) / h: on a curved function it is off by about "
                 "h/2 times the curvature; nudge both ways": _difference(f, start, h, kind="forward"),
                 "you divided by h, but the two nudges are 2h apart": _difference(f, start, h, kind="over h"),
                 "all coordinates were nudged at once (θ ± h in every component): nudge one coordinate "
                 "at a time, θ ± h e_i": _difference(f, start, h, kind="all at once")}
        if theta.dtype.kind == "i":
            known["the nudges or the result were stored in an integer array, which rounds them away: work "
                  "on a float copy, np.asarray(theta, dtype=float)"] = np.zeros(theta.shape)
            known["the result was stored in an integer array (np.empty_like of integer θ), which cuts off "
                  "its decimals: work on a float copy, np.asarray(theta, dtype=float)"] = np.trunc(want)
        compare(got, want, case, what="the gradient", known=known)


CENTRAL = Exercise(
    number="9.1",
    title="Central differences for any function",
    prompt=(
        "Write `fd_gradient(f, theta, h)` that returns the central-difference estimate of the gradient\n"
        "of the scalar function `f` at the flat parameter vector `theta` (shape `(P,)`), nudging each\n"
        "component by $\\pm h$ as in section 2. The check tries curved functions (where a sloppy formula\n"
        "shows), a large $h$ (where the estimate is not the exact gradient: return the estimate), and a\n"
        "`theta` made of integers. It also checks that the caller's `theta` is left as it was."
    ),
    name="fd_gradient",
    stub=(
        "def fd_gradient(f, theta, h):\n"
        '    """Central differences of f at theta (P,): (P,), component i from f(theta +- h e_i)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def fd_gradient(f, theta, h):\n"
        '    """Central differences of f at theta (P,): (P,), component i from f(theta +- h e_i)."""\n'
        "    theta = np.asarray(theta, dtype=float)  # a float copy: integers would round the nudge away\n"
        "    grad = np.empty_like(theta)  # (P,)\n"
        "    for i in range(theta.size):\n"
        "        nudge = np.zeros_like(theta)\n"
        "        nudge[i] = h  # move only component i\n"
        "        grad[i] = (f(theta + nudge) - f(theta - nudge)) / (2 * h)  # the nudges are 2h apart\n"
        "    return grad\n"
    ),
    hints=(
        "Component $i$ needs two calls of `f`: one at $\\theta + h\\,e_i$ and one at $\\theta - h\\,e_i$, "
        "where $e_i$ is zero except for a 1 in place $i$.",
        "Build the nudge as a fresh zero vector with `h` in place `i` and add it to, or subtract it from, "
        "`theta`: that leaves the caller's array alone. If `theta` holds integers, `np.zeros_like(theta)` "
        "holds integers too, and `h` becomes 0: convert first with `np.asarray(theta, dtype=float)`.",
        "`grad[i] = (f(theta + nudge) - f(theta - nudge)) / (2 * h)` inside a loop over "
        "`range(theta.size)`, with `grad = np.empty_like(theta)` made after converting `theta` to float.",
    ),
    grade=_grade_central,
    mistakes=(
        ("def fd_gradient(f, theta, h):\n"
         "    theta = np.asarray(theta, dtype=float)\n"
         "    grad = np.empty_like(theta)\n"
         "    for i in range(theta.size):\n"
         "        nudge = np.zeros_like(theta)\n"
         "        nudge[i] = h\n"
         "        grad[i] = (f(theta + nudge) - f(theta)) / h\n"
         "    return grad\n", "forward difference"),
        ("def fd_gradient(f, theta, h):\n"
         "    theta = np.asarray(theta, dtype=float)\n"
         "    grad = np.empty_like(theta)\n"
         "    for i in range(theta.size):\n"
         "        nudge = np.zeros_like(theta)\n"
         "        nudge[i] = h\n"
         "        grad[i] = (f(theta + nudge) - f(theta - nudge)) / h\n"
         "    return grad\n", "2h apart"),
        ("def fd_gradient(f, theta, h):\n"
         "    theta = np.asarray(theta, dtype=float)\n"
         "    return np.full(theta.shape, (f(theta + h) - f(theta - h)) / (2 * h))\n", "nudged at once"),
        ("def fd_gradient(f, theta, h):\n"
         "    grad = np.empty_like(theta)\n"
         "    for i in range(theta.size):\n"
         "        nudge = np.zeros_like(theta)\n"
         "        nudge[i] = h\n"
         "        grad[i] = (f(theta + nudge) - f(theta - nudge)) / (2 * h)\n"
         "    return grad\n", "integer array"),
        ("def fd_gradient(f, theta, h):\n"
         "    grad = np.zeros(len(theta))\n"
         "    for i in range(len(theta)):\n"
         "        theta[i] = theta[i] + h\n"
         "        plus = f(theta)\n"
         "        theta[i] = theta[i] - 2 * h\n"
         "        minus = f(theta)\n"
         "        grad[i] = (plus - minus) / (2 * h)\n"
         "    return grad\n", "changed the caller"),
    ),
)

# --- 9.2 -----------------------------------------------------------------------------------------


def _norm(g) -> float:
    return float(np.sqrt(np.sum(np.asarray(g, dtype=np.float64) ** 2)))


def _grade_relative(answer) -> None:
    ordinary = [("g1 = (3, 4) and g2 = (3.3, 3.6)", [3.0, 4.0], [3.3, 3.6]),
                ("two columns of shape (3, 1), g1 = (1, -2, 2) and g2 = (1.5, -2, 1)",
                 [[1.0], [-2.0], [2.0]], [[1.5], [-2.0], [1.0]]),
                ("g1 = (2, -1, 0.5) and g2 = (-2, 1, -0.5), opposite directions", [2.0, -1.0, 0.5],
                 [-2.0, 1.0, -0.5]),
                ("g1 = (0, 0) and g2 = (1, -3): one gradient zero, the other not", [0.0, 0.0], [1.0, -3.0])]
    for case, g1, g2 in ordinary:
        a, b = np.asarray(g1), np.asarray(g2)
        d = _norm(a - b)
        known = {"the norm of the difference alone: without a denominator it depends on the gradients' "
                 "scale": d,
                 "a division by the larger norm, max(‖g1‖, ‖g2‖), where the lesson adds the two norms":
                 d / max(_norm(a), _norm(b)),
                 "a division by the norm of one gradient only: the lesson's measure treats g1 and g2 alike, "
                 "dividing by ‖g1‖ + ‖g2‖": d / (_norm(a) or _norm(b)),
                 "squared norms (a sum of squares without the square root)":
                 np.sum((a - b) ** 2) / (np.sum(a ** 2) + np.sum(b ** 2))}
        if _norm(a) == 0:
            known = {"0 as soon as one gradient is zero: only two zero gradients agree; a zero gradient "
                     "against a nonzero one is as far off as can be": 0.0}
        compare(call(answer, case, np.array(g1), np.array(g2)), d / (_norm(a) + _norm(b)), case,
                what="the relative error", known=known)
    case = "tiny gradients near a minimum, g1 = (2, -1) x 1e-7 and g2 = (2.2, -0.9) x 1e-7"
    a, b = 1e-7 * np.array([2.0, -1.0]), 1e-7 * np.array([2.2, -0.9])
    got = as_result(call(answer, case, a, b), case, "the relative error")
    want = _norm(a - b) / (_norm(a) + _norm(b))
    if got.shape == () and 0 < got < want * (1 - 1e-6):
        raise Incorrect(f"on {case}, the relative error comes out too small, though it was right for "
                        "gradients of ordinary size: did you add a small constant to the denominator to "
                        "avoid dividing by zero? Next to norms this small it is not small. Treat the case of "
                        "two zero gradients on its own instead")
    compare(got, want, case, what="the relative error")
    case = "g1 = g2 = (0, 0, 0): both gradients zero"
    try:
        got = call(answer, case, np.zeros(3), np.zeros(3))
    except Incorrect as error:
        raise Incorrect(f"{error}. Two zero gradients agree perfectly: return 0 for them instead of "
                        "dividing 0 by 0") from None
    result = np.asarray(got, dtype=np.float64) if got is not None else None
    if result is not None and not np.all(np.isfinite(result)):
        raise Incorrect(f"on {case}, the result is not a number (0 / 0): two zero gradients agree perfectly, "
                        "so return 0 for them")
    compare(got, 0.0, case, what="the relative error")


RELATIVE = Exercise(
    number="9.2",
    title="How far apart are two gradients?",
    prompt=(
        "Write `gradient_disagreement(g1, g2)` that returns the relative error of section 2,\n"
        "$\\lVert g_1 - g_2\\rVert / (\\lVert g_1\\rVert + \\lVert g_2\\rVert)$, for two arrays of the same\n"
        "shape (flat `(P,)` or columns `(P, 1)`), without using `lessons_utils.relative_error`. Two zero\n"
        "gradients agree perfectly, so their relative error is 0. The check also tries gradients in\n"
        "opposite directions, one zero gradient against a nonzero one, and tiny gradients such as a\n"
        "check near a minimum would compare: what must each give?"
    ),
    name="gradient_disagreement",
    stub=(
        "def gradient_disagreement(g1, g2):\n"
        '    """||g1 - g2|| / (||g1|| + ||g2||) for arrays of the same shape; 0 when both are zero."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def gradient_disagreement(g1, g2):\n"
        '    """||g1 - g2|| / (||g1|| + ||g2||) for arrays of the same shape; 0 when both are zero."""\n'
        "    # Opposite directions give 1, one zero gradient against a nonzero one gives 1 too.\n"
        "    total = np.linalg.norm(g1) + np.linalg.norm(g2)  # norm of all entries, whatever the shape\n"
        "    if total == 0:\n"
        "        return 0.0  # both zero: a perfect match (a constant added to `total` would spoil tiny g)\n"
        "    return np.linalg.norm(g1 - g2) / total\n"
    ),
    hints=(
        "`np.linalg.norm(g)` is $\\lVert g\\rVert$, the square root of the sum of squares of all entries, "
        "for a flat array and for a column alike.",
        "The denominator is the *sum* of the two norms, so the result is scale-free and at most 1. It is "
        "0 only when both gradients are zero: test for that case and return 0 before dividing.",
        "`total = np.linalg.norm(g1) + np.linalg.norm(g2)`; `if total == 0: return 0.0`; "
        "`return np.linalg.norm(g1 - g2) / total`. A guard such as `total + 1e-8` looks harmless but "
        "changes the answer for gradients near $10^{-7}$.",
    ),
    grade=_grade_relative,
    mistakes=(
        ("def gradient_disagreement(g1, g2):\n    return np.linalg.norm(g1 - g2)\n", "without a denominator"),
        ("def gradient_disagreement(g1, g2):\n"
         "    return np.linalg.norm(g1 - g2) / max(np.linalg.norm(g1), np.linalg.norm(g2))\n", "larger norm"),
        ("def gradient_disagreement(g1, g2):\n"
         "    return np.linalg.norm(g1 - g2) / (np.linalg.norm(g1) + np.linalg.norm(g2))\n", "0 / 0"),
        ("def gradient_disagreement(g1, g2):\n"
         "    return np.linalg.norm(g1 - g2) / (np.linalg.norm(g1) + np.linalg.norm(g2) + 1e-8)\n",
         "small constant to the denominator"),
        ("def gradient_disagreement(g1, g2):\n"
         "    if np.linalg.norm(g1) == 0 or np.linalg.norm(g2) == 0:\n"
         "        return 0.0\n"
         "    return np.linalg.norm(g1 - g2) / (np.linalg.norm(g1) + np.linalg.norm(g2))\n",
         "as soon as one gradient is zero"),
    ),
)

# --- 9.3 -----------------------------------------------------------------------------------------


def _excess(k, eigenvalues: np.ndarray, coords: np.ndarray, *, power: int = 2,
            weighted: bool = True) -> np.ndarray:
    """Section 3's excess loss after k steps of size 1/L, for an array of k (power 1 or unweighted: the
    9.3 mistakes)."""
    k = np.asarray(k)[..., None]  # (K, 1): one row per step count
    factors = np.abs(1 - eigenvalues / eigenvalues.max()) ** (power * k)  # (K, D)
    weights = eigenvalues if weighted else 1.0
    return 0.5 * np.sum(weights * coords ** 2 * factors, axis=-1)  # (K,)


def _count(eigenvalues, coords, tolerance, *, absolute: bool = False, **kwargs) -> int:
    """The smallest k >= 0 with excess(k) <= tolerance * excess(0) (or <= tolerance, if ``absolute``)."""
    eigenvalues, coords = np.asarray(eigenvalues, dtype=float), np.asarray(coords, dtype=float)
    excess = _excess(np.arange(10_000), eigenvalues, coords, **kwargs)  # every case ends well before
    target = tolerance if absolute else tolerance * excess[0]
    return int(np.flatnonzero(excess <= target)[0])


def _lesson_formula(eigenvalues, coords, tolerance) -> int:
    """Section 3's steps_needed: exact with two directions, an upper bound with more."""
    eigenvalues, coords = np.asarray(eigenvalues, dtype=float), np.asarray(coords, dtype=float)
    target = tolerance * _excess(0, eigenvalues, coords).item()
    after_one = _excess(1, eigenvalues, coords).item()
    if after_one <= target:
        return 1
    cond = eigenvalues.max() / eigenvalues.min()
    return 1 + math.ceil(math.log(target / after_one) / (2 * math.log1p(-1 / cond)))


def _grade_steps(answer) -> None:
    # Counted step by step; in every case the excess loss passes the target at least 0.5% away from it,
    # so rounding cannot move the count.
    cases = [("two directions, eigenvalues (0.02, 2), start coordinates (3, -2), tolerance 1e-6",
              (0.02, 2.0), (3.0, -2.0), 1e-6),
             ("a round bowl, eigenvalues (2, 2, 2), start coordinates (1, -2, 0.5), tolerance 1e-6",
              (2.0, 2.0, 2.0), (1.0, -2.0, 0.5), 1e-6),
             ("three directions, eigenvalues (0.05, 0.1, 4), start coordinates (0.02, 1, -3), tolerance 1e-3",
              (0.05, 0.1, 4.0), (0.02, 1.0, -3.0), 1e-3),
             ("three directions, eigenvalues (0.01, 0.5, 1), start coordinates (1, 1, 1), tolerance 1e-6",
              (0.01, 0.5, 1.0), (1.0, 1.0, 1.0), 1e-6)]
    for case, eigenvalues, coords, tolerance in cases:
        got = as_result(call(answer, case, np.array(eigenvalues), np.array(coords), tolerance), case,
                        "the number of steps")
        if got.shape != ():
            raise Incorrect(f"on {case}, return one number of steps, got shape {got.shape}")
        if got != np.round(got):
            raise Incorrect(f"on {case}, a number of steps is a whole number: take the smallest whole k "
                            "that reaches the tolerance (round up, not to the nearest)")
        want = _count(eigenvalues, coords, tolerance)
        cond = max(eigenvalues) / min(eigenvalues)
        known = {"one step too many: k counts the steps taken, and k = 0 is the start": want + 1,
                 "one step too few: the excess loss must be *at most* the tolerance times the start's":
                 want - 1,
                 "the excess loss was compared with τ itself: the tolerance is a share of the starting "
                 "excess loss, τ times its value at k = 0":
                 _count(eigenvalues, coords, tolerance, absolute=True),
                 "the bound (κ/2) ln(1/τ), rounded up: section 3's upper bound, not the exact count":
                 math.ceil(cond / 2 * math.log(1 / tolerance)),
                 "the distance to the minimum was tracked, not the excess loss: in the loss each "
                 "direction's factor (1 - λ_i/L) is squared": _count(eigenvalues, coords, tolerance, power=1),
                 "each direction was weighted by c_i² alone: the excess loss weighs it by λ_i c_i² / 2":
                 _count(eigenvalues, coords, tolerance, weighted=False),
                 "section 3's formula for two directions, which assumes that only the flattest direction is "
                 "left after the first step: with three directions, count the steps exactly":
                 _lesson_formula(eigenvalues, coords, tolerance)}
        known = {mistake: value for mistake, value in known.items() if value != want}
        compare(got, want, case, what="the number of steps", known=known)


STEPS = Exercise(
    number="9.3",
    title="How many steps does a bowl need?",
    prompt=(
        "Section 3 counted the steps gradient descent with the step $1/L$ needs on a quadratic loss.\n"
        "Write `steps_to_tolerance(eigenvalues, coords, tolerance)`: given the eigenvalues $\\lambda_i$ of\n"
        "the Hessian (shape `(D,)`, all positive), the starting error's coordinates $c_i$ along its\n"
        "eigenvectors (shape `(D,)`) and a tolerance $\\tau$, return the smallest whole $k \\ge 0$ for\n"
        "which the excess loss $J(\\theta_k) - J^*$ of section 3's formula is at most $\\tau$ times its\n"
        "value at $k = 0$. Section 3's `steps_needed` only had two directions; some cases here have\n"
        "three. Before you run the check, guess: which case needs the most steps, and why?"
    ),
    name="steps_to_tolerance",
    stub=(
        "def steps_to_tolerance(eigenvalues, coords, tolerance):\n"
        '    """Smallest k >= 0 with excess(k) <= tolerance * excess(0), steps of 1/L; inputs (D,)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "def steps_to_tolerance(eigenvalues, coords, tolerance):\n"
        '    """Smallest k >= 0 with excess(k) <= tolerance * excess(0), steps of 1/L; inputs (D,)."""\n'
        "    factors = (1 - eigenvalues / eigenvalues.max()) ** 2  # (D,): per step, in the loss\n"
        "    terms = 0.5 * eigenvalues * coords ** 2  # (D,): each direction's share of the excess at k = 0\n"
        "    target = tolerance * terms.sum()\n"
        "    k = 0\n"
        "    while terms.sum() > target:  # with two directions this is section 3's formula, step by step\n"
        "        terms = terms * factors\n"
        "        k += 1\n"
        "    # The two cases with kappa = 100 need by far the most steps; between them, the one whose flat\n"
        "    # direction holds the larger share of the starting excess loss needs more.\n"
        "    return k\n"
    ),
    hints=(
        "Section 3 wrote the excess loss after $k$ steps as "
        "$\\tfrac12 \\sum_i \\lambda_i c_i^2 (1 - \\lambda_i/L)^{2k}$ with $L = \\max_i \\lambda_i$. "
        "Compute it for $k = 0, 1, 2, \\dots$ and stop at the first $k$ that reaches the target.",
        "The shortcut of section 3 (one step, then only the flattest direction) is exact for two "
        "directions but only a bound for three: with a middle direction still shrinking after the "
        "first step, counting step by step is the safe way.",
        "Keep an array `terms = 0.5 * eigenvalues * coords ** 2`; while `terms.sum() > tolerance * "
        "start`, multiply `terms` by `(1 - eigenvalues / eigenvalues.max()) ** 2` and add 1 to `k`.",
    ),
    grade=_grade_steps,
    mistakes=(
        ("import math\n\ndef steps_to_tolerance(eigenvalues, coords, tolerance):\n"
         "    kappa = eigenvalues.max() / eigenvalues.min()\n"
         "    return math.ceil(kappa / 2 * math.log(1 / tolerance))\n", "upper bound"),
        ("def steps_to_tolerance(eigenvalues, coords, tolerance):\n"
         "    factors = 1 - eigenvalues / eigenvalues.max()\n"
         "    terms = 0.5 * eigenvalues * coords ** 2\n"
         "    target, k = tolerance * terms.sum(), 0\n"
         "    while terms.sum() > target:\n"
         "        terms = terms * np.abs(factors)\n"
         "        k += 1\n"
         "    return k\n", "squared"),
        ("def steps_to_tolerance(eigenvalues, coords, tolerance):\n"
         "    factors = (1 - eigenvalues / eigenvalues.max()) ** 2\n"
         "    terms = 0.5 * eigenvalues * coords ** 2\n"
         "    target, k = tolerance * terms.sum(), 0\n"
         "    while True:\n"
         "        terms = terms * factors\n"
         "        k += 1\n"
         "        if terms.sum() <= target:\n"
         "            return k + 1\n", "one step too many"),
        ("import math\n\ndef steps_to_tolerance(eigenvalues, coords, tolerance):\n"
         "    L = eigenvalues.max()\n"
         "    excess = lambda k: 0.5 * np.sum(eigenvalues * coords ** 2 * (1 - eigenvalues / L) ** (2 * k))\n"
         "    target, after_one = tolerance * excess(0), excess(1)\n"
         "    if after_one <= target:\n"
         "        return 1\n"
         "    kappa = L / eigenvalues.min()\n"
         "    return 1 + math.ceil(math.log(target / after_one) / (2 * math.log1p(-1 / kappa)))\n",
         "formula for two directions"),
    ),
)

EXERCISES = (CENTRAL, RELATIVE, STEPS)
