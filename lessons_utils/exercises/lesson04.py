"""Lesson 4's exercises: gradients, the gradient-descent loop and the largest safe learning rate."""

from __future__ import annotations

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call

# --- 4.1 -----------------------------------------------------------------------------------------


def _mae(X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.abs(X @ W + b - y)))


def _central_differences(X, y, W, b, h: float = 1e-4) -> tuple[np.ndarray, np.ndarray]:
    """dJ/dW (D, 1) and dJ/db (1,) of the MAE by central differences: exact while no residual changes sign."""
    grad_W = np.zeros_like(W)
    for j in range(W.shape[0]):
        step = np.zeros_like(W)
        step[j, 0] = h
        grad_W[j, 0] = (_mae(X, y, W + step, b) - _mae(X, y, W - step, b)) / (2 * h)
    grad_b = np.array([(_mae(X, y, W, b + h) - _mae(X, y, W, b - h)) / (2 * h)])
    return grad_W, grad_b


def _mae_cases() -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(404)  # fixed: the same cases, and verdicts, on every run
    cases = []
    for case, n, d in [("one feature, N = 6", 6, 1), ("three features, N = 8", 8, 3),
                       ("a single row (N = 1) with two features", 1, 2)]:
        X = rng.normal(size=(n, d))
        W, b = rng.normal(size=(d, 1)), rng.normal(size=1)
        y = X @ W + b + rng.choice([-1.0, 1.0], size=(n, 1)) * rng.uniform(0.3, 2.0, size=(n, 1))
        cases.append((case, X, y, W, b))
    return cases


def _grade_mae(answer) -> None:
    for case, X, y, W, b in _mae_cases():
        got = call(answer, case, X.copy(), y.copy(), W.copy(), b.copy())
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Incorrect(f"on {case}, return two arrays: (grad_W, grad_b)")
        want_W, want_b = _central_differences(X, y, W, b)
        n = len(X)
        residual = X @ W + b - y  # (n, 1)
        signs = np.sign(residual)
        compare(got[0], want_W, case, what="grad_W", known={
            "a sum over the rows, not a mean (a missing 1/N)": X.T @ signs,
            "the MSE's factor 2 carried over: the derivative of |r| is sign(r), without a 2":
                2 / n * X.T @ signs,
            "the MSE's gradient, 2/N X^T r: for |r| the residuals become their signs":
                2 / n * X.T @ residual})
        grad_b = as_result(got[1], case, "grad_b")
        if n > 1 and grad_b.shape in ((n, 1), (n,)):
            raise Incorrect(f"on {case}, grad_b has one entry per row: the bias is one number shared by "
                            "all rows, so add up (average) the rows' contributions")
        compare(grad_b, want_b, case, what="grad_b", known={
            "a sum over the rows, not a mean (a missing 1/N)": signs.sum(axis=0),
            "the MSE's factor 2 carried over: the derivative of |r| is sign(r), without a 2":
                2 / n * signs.sum(axis=0),
            "the MSE's gradient, 2/N sum(r): for |r| the residuals become their signs":
                2 / n * residual.sum(axis=0)})


MAE_GRADIENTS = Exercise(
    number="4.1",
    title="The gradient of another loss",
    prompt=(
        "The **mean absolute error** $J = \\frac{1}{n}\\sum_i |\\hat{y}_i - y_i|$ punishes a large miss\n"
        "less than the MSE does. Redo section 3's chain rule for it: write\n"
        "`mae_gradients(X, y, W, b)` that returns `(grad_W, grad_b)` for $\\hat{y} = XW + b$, with `X`\n"
        "`(n, D)`, `y` `(n, 1)`, `W` `(D, 1)` and `b` `(1,)`; each gradient has the shape of its\n"
        "parameter. (At a residual of exactly 0, $|r|$ has no slope; use $\\operatorname{sign}(0) = 0$.\n"
        "The cases avoid it.) The check compares your gradients with central differences of $J$, as\n"
        "section 3 did, on one feature, three features, and a single row."
    ),
    name="mae_gradients",
    stub=(
        "def mae_gradients(X, y, W, b):\n"
        '    """(dJ/dW (D, 1), dJ/db (1,)) of J = mean(|X @ W + b - y|); X (n, D), y (n, 1)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def mae_gradients(X, y, W, b):\n"
        '    """(dJ/dW (D, 1), dJ/db (1,)) of J = mean(|X @ W + b - y|); X (n, D), y (n, 1)."""\n'
        "    n = len(X)\n"
        "    signs = np.sign(X @ W + b - y)  # (n, 1): dJ/dyhat_i = sign(r_i) / n, the outer derivative\n"
        "    grad_W = X.T @ signs / n  # (D, n) @ (n, 1) -> (D, 1)\n"
        "    grad_b = signs.sum(axis=0) / n  # (1,): every row's yhat moves one-for-one with b\n"
        "    return grad_W, grad_b\n"
    ),
    hints=(
        "Only step 1 of section 3 changes: the derivative of the loss with respect to one prediction. "
        "What is the derivative of $|r|$ with respect to $r$, for $r > 0$ and for $r < 0$?",
        "$\\partial J/\\partial \\hat{y}_i = \\operatorname{sign}(\\hat{y}_i - y_i)/n$, with no factor 2. "
        "Steps 2 to 4 are as before: multiply by $x_i$ (or by 1 for $b$) and add over the rows.",
        "`signs = np.sign(X @ W + b - y)`, then `grad_W = X.T @ signs / n` and "
        "`grad_b = signs.sum(axis=0) / n`.",
    ),
    grade=_grade_mae,
    mistakes=(
        ("def mae_gradients(X, y, W, b):\n"
         "    signs = np.sign(X @ W + b - y)\n"
         "    return X.T @ signs, signs.sum(axis=0)\n", "missing 1/N"),
        ("def mae_gradients(X, y, W, b):\n"
         "    signs = np.sign(y - X @ W - b)\n"
         "    return X.T @ signs / len(X), signs.sum(axis=0) / len(X)\n", "wrong sign"),
        ("def mae_gradients(X, y, W, b):\n"
         "    signs = np.sign(X @ W + b - y)\n"
         "    return X.T @ signs / len(X), signs / len(X)\n", "one entry per row"),
        ("def mae_gradients(X, y, W, b):\n"
         "    signs = np.sign(X @ W + b - y)\n"
         "    return (X.T @ signs / len(X)).ravel(), signs.sum(axis=0) / len(X)\n", "reshape(-1, 1)"),
        ("def mae_gradients(X, y, W, b):\n"
         "    signs = np.sign(X @ W + b - y)\n"
         "    return 2 * X.T @ signs / len(X), 2 * signs.sum(axis=0) / len(X)\n", "factor 2 carried over"),
        ("def mae_gradients(X, y, W, b):\n"
         "    r = X @ W + b - y\n"
         "    return 2 * X.T @ r / len(X), 2 * r.sum(axis=0) / len(X)\n", "the MSE's gradient"),
    ),
)

# --- 4.2 -----------------------------------------------------------------------------------------


def _train(X, y, alpha, epochs, *, scale: float = 2.0, update_b: bool = True, sequential: bool = False):
    """The lesson's loop from W = 0, b = 0; the keywords make the known mistakes."""
    n = len(X)
    W, b = np.zeros((X.shape[1], 1)), np.zeros(1)
    losses = []
    for _ in range(epochs):
        residual = X @ W + b - y  # (n, 1)
        losses.append(np.mean(residual**2))
        W = W - alpha * scale / n * X.T @ residual
        if sequential:  # b's gradient from the predictions of the already-updated W
            residual = X @ W + b - y
        if update_b:
            b = b - alpha * scale / n * residual.sum(axis=0)
    losses.append(np.mean((X @ W + b - y) ** 2))
    return W, b, np.array(losses)


def _loop_cases():
    rng = np.random.default_rng(4242)  # fixed: the same cases, and verdicts, on every run
    X_two = rng.normal(loc=[2.0, -1.0], scale=[1.0, 0.5], size=(30, 2))  # means far from 0
    y_two = X_two @ np.array([[1.5], [-2.0]]) + 4.0 + rng.normal(scale=0.3, size=(30, 1))
    X_one = rng.normal(size=(10, 1))
    y_one = 0.8 * X_one - 3.0 + rng.normal(scale=0.5, size=(10, 1))
    return [("two features whose means are not 0, 40 epochs at alpha = 0.05", X_two, y_two, 0.05, 40),
            ("one feature, a single epoch at alpha = 0.3", X_one, y_one, 0.3, 1),
            ("one feature, 60 epochs at alpha = 0.1", X_one, y_one, 0.1, 60)]


def _grade_loop(answer) -> None:
    for case, X, y, alpha, epochs in _loop_cases():
        got = call(answer, case, X.copy(), y.copy(), alpha, epochs)
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise Incorrect(f"on {case}, return three things: (W, b, losses)")
        want_W, want_b, want_losses = _train(X, y, alpha, epochs)
        mistakes = {"the bias was never updated (b stays at 0, so W makes up for it)":
                        _train(X, y, alpha, epochs, update_b=False),
                    "gradients without the MSE's factor 2 (each step half as long)":
                        _train(X, y, alpha, epochs, scale=1.0),
                    "b's gradient computed after W had moved: both gradients must come from the same "
                    "predictions": _train(X, y, alpha, epochs, sequential=True)}
        b = as_result(got[1], case, "b")
        if b.size == 1 and b.ravel()[0] == 0 and np.any(want_b != 0):
            raise Incorrect(f"on {case}, b is still 0: the bias was never updated")
        compare(got[0], want_W, case, what="W", known={k: v[0] for k, v in mistakes.items()})
        compare(b, want_b, case, what="b", known={k: v[1] for k, v in mistakes.items()})
        losses = as_result(got[2], case, "the losses")
        if losses.shape == (epochs,):
            raise Incorrect(f"on {case}, the losses hold one number per epoch: also record the loss "
                            "after the last step (num_epochs + 1 in all, as fit_linear_gd does)")
        compare(losses, want_losses, case, what="the losses", known={
            "each loss measured after its step, not before: the first should be the starting loss":
                np.append(want_losses[1:], want_losses[-1])})


LOOP = Exercise(
    number="4.2",
    title="A training loop for several features",
    prompt=(
        "Write section 4's loop for any number of features: `train_by_gradient_descent(X, y,\n"
        "learning_rate, num_epochs)` with `X` `(n, D)` and `y` `(n, 1)`, starting from $W = 0$ (shape\n"
        "`(D, 1)`) and $b = 0$ (shape `(1,)`), and taking `num_epochs` full-batch steps on the MSE.\n"
        "Return `(W, b, losses)`, where `losses` holds the training MSE before each step and once more\n"
        "after the last: `num_epochs + 1` numbers, as `lessons_utils.fit_linear_gd` records them. The\n"
        "cases include features whose means are far from 0, where the bias has real work to do."
    ),
    name="train_by_gradient_descent",
    stub=(
        "def train_by_gradient_descent(X, y, learning_rate, num_epochs):\n"
        '    """(W (D, 1), b (1,), losses (num_epochs + 1,)): MSE gradient descent from 0; X (n, D)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def train_by_gradient_descent(X, y, learning_rate, num_epochs):\n"
        '    """(W (D, 1), b (1,), losses (num_epochs + 1,)): MSE gradient descent from 0; X (n, D)."""\n'
        "    n = len(X)\n"
        "    W, b = np.zeros((X.shape[1], 1)), np.zeros(1)  # (D, 1) and (1,)\n"
        "    losses = []\n"
        "    for _ in range(num_epochs):\n"
        "        residual = X @ W + b - y  # (n, 1): one set of predictions for both gradients\n"
        "        losses.append(np.mean(residual**2))  # the loss before this step\n"
        "        grad_W = 2 / n * X.T @ residual  # (D, n) @ (n, 1) -> (D, 1)\n"
        "        grad_b = 2 / n * residual.sum(axis=0)  # (1,)\n"
        "        W, b = W - learning_rate * grad_W, b - learning_rate * grad_b\n"
        "    losses.append(np.mean((X @ W + b - y) ** 2))  # after the last step\n"
        "    return W, b, np.array(losses)\n"
    ),
    hints=(
        "Section 4's loop already works for any $D$: `X.T @ residual` has one row per feature. What "
        "must change is only the starting shapes, and the loss after the last step.",
        "Inside the loop: predict, record the loss, compute *both* gradients from the same residual, "
        "then step. Computing `grad_b` after `W` has moved mixes two different points.",
        "Start with `W = np.zeros((X.shape[1], 1))` and `b = np.zeros(1)`; per epoch `residual = X @ W "
        "+ b - y`, `losses.append(np.mean(residual**2))`, `grad_W = 2 / n * X.T @ residual`, "
        "`grad_b = 2 / n * residual.sum(axis=0)`, both updates; after the loop append the final loss.",
    ),
    grade=_grade_loop,
    mistakes=(
        ("def train_by_gradient_descent(X, y, learning_rate, num_epochs):\n"
         "    W, b, losses = np.zeros((X.shape[1], 1)), np.zeros(1), []\n"
         "    for _ in range(num_epochs):\n"
         "        r = X @ W + b - y\n"
         "        losses.append(np.mean(r**2))\n"
         "        W = W - learning_rate * 2 / len(X) * X.T @ r\n"
         "    losses.append(np.mean((X @ W + b - y) ** 2))\n"
         "    return W, b, np.array(losses)\n", "never updated"),
        ("def train_by_gradient_descent(X, y, learning_rate, num_epochs):\n"
         "    W, b, losses = np.zeros((X.shape[1], 1)), np.zeros(1), []\n"
         "    for _ in range(num_epochs):\n"
         "        r = X @ W + b - y\n"
         "        losses.append(np.mean(r**2))\n"
         "        W = W - learning_rate * 2 / len(X) * X.T @ r\n"
         "        r = X @ W + b - y\n"
         "        b = b - learning_rate * 2 / len(X) * r.sum(axis=0)\n"
         "    losses.append(np.mean((X @ W + b - y) ** 2))\n"
         "    return W, b, np.array(losses)\n", "same predictions"),
        ("def train_by_gradient_descent(X, y, learning_rate, num_epochs):\n"
         "    W, b, losses = np.zeros((X.shape[1], 1)), np.zeros(1), []\n"
         "    for _ in range(num_epochs):\n"
         "        r = X @ W + b - y\n"
         "        losses.append(np.mean(r**2))\n"
         "        W = W - learning_rate / len(X) * X.T @ r\n"
         "        b = b - learning_rate / len(X) * r.sum(axis=0)\n"
         "    losses.append(np.mean((X @ W + b - y) ** 2))\n"
         "    return W, b, np.array(losses)\n", "factor 2"),
        ("def train_by_gradient_descent(X, y, learning_rate, num_epochs):\n"
         "    W, b, losses = np.zeros((X.shape[1], 1)), np.zeros(1), []\n"
         "    for _ in range(num_epochs):\n"
         "        r = X @ W + b - y\n"
         "        W = W - learning_rate * 2 / len(X) * X.T @ r\n"
         "        b = b - learning_rate * 2 / len(X) * r.sum(axis=0)\n"
         "        losses.append(np.mean((X @ W + b - y) ** 2))\n"
         "    return W, b, np.array(losses)\n", "one number per epoch"),
    ),
)

# --- 4.3 -----------------------------------------------------------------------------------------


def _design(X: np.ndarray) -> np.ndarray:
    return np.hstack([X, np.ones((len(X), 1))])  # (n, D + 1): the bias as a weight on a column of ones


def _rate_cases():
    rng = np.random.default_rng(4343)  # fixed: the same cases, and verdicts, on every run
    one = rng.normal(size=(40, 1))
    one = (one - one.mean()) / one.std()  # exactly standardized
    base = rng.normal(size=(60, 1))
    two = np.hstack([base, 0.8 * base + 0.6 * rng.normal(size=(60, 1))])  # correlated columns
    two = (two - two.mean(axis=0)) / two.std(axis=0)
    raw = np.arange(20, dtype=np.float64).reshape(-1, 1)  # lesson 1's inputs, not standardized
    return [("one standardized feature", one), ("two correlated standardized features", two),
            ("raw x = 0..19, not standardized", raw)]


def _grade_rate(answer) -> None:
    for case, X in _rate_cases():
        A = _design(X)
        n = len(X)
        eigenvalues = np.linalg.eigvalsh(2 / n * A.T @ A)  # ascending
        L = eigenvalues[-1]
        got = as_result(call(answer, case, X.copy()), case, "the learning rate")
        if got.size != 1:
            raise Incorrect(f"on {case}, the learning rate should be one number, got shape {got.shape}")
        known = {"one over L; gradient descent stays stable up to two over L": 1 / L,
                 "the largest eigenvalue of A^T A, without the 2 / N of the MSE's Hessian":
                     2 / np.linalg.eigvalsh(A.T @ A)[-1],
                 "two over the smallest eigenvalue: the steepest direction (the largest one) sets the limit":
                     2 / eigenvalues[0],
                 "the Hessian of W alone: b is a parameter too (append a column of ones to X)":
                     2 / np.linalg.eigvalsh(2 / n * X.T @ X)[-1]}
        compare(got.reshape(()), 2 / L, case, what="the learning rate", known=known)


RATE = Exercise(
    number="4.3",
    title="The largest learning rate that still converges",
    prompt=(
        "Section 6 found that gradient descent on the MSE lowers the loss at every step exactly when\n"
        "$0 < \\alpha < 2/L$, where $L$ is the largest eigenvalue of the Hessian, and that $L = 2$ on\n"
        "one standardized feature. Write `largest_stable_learning_rate(X)` that returns that limit\n"
        "$2/L$ for any inputs `X` of shape `(n, D)` (the model has a bias too). The cases: one\n"
        "standardized feature, two correlated standardized features, and lesson 1's raw inputs. Which\n"
        "of the three forces the smallest learning rate, and why does the correlation lower the limit?"
    ),
    name="largest_stable_learning_rate",
    stub=(
        "def largest_stable_learning_rate(X):\n"
        '    """2 / L, L the largest eigenvalue of the MSE\'s Hessian for yhat = X @ W + b; X (n, D)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def largest_stable_learning_rate(X):\n"
        '    """2 / L, L the largest eigenvalue of the MSE\'s Hessian for yhat = X @ W + b; X (n, D)."""\n'
        "    A = np.hstack([X, np.ones((len(X), 1))])  # (n, D + 1): b is the weight of a column of ones\n"
        "    hessian = 2 / len(X) * A.T @ A  # (D + 1, D + 1): the same everywhere, J is quadratic\n"
        "    L = np.linalg.eigvalsh(hessian).max()  # the steepest curvature sets the limit\n"
        "    # Correlated columns add up along their shared direction: L = 2 (1 + correlation) there.\n"
        "    # Raw x = 0..19 has mean(x^2) over 100, so its limit is tiny.\n"
        "    return float(2 / L)\n"
    ),
    hints=(
        "Put all parameters in one vector $\\theta = (W, b)$ by appending a column of ones to $X$: "
        "$\\hat{y} = A\\theta$ with $A = [X, \\mathbf{1}]$. Section 6 wrote the Hessian for one feature; "
        "what is it in terms of $A$?",
        "Differentiating $\\frac{2}{n}A^\\top(A\\theta - y)$ once more gives $H = \\frac{2}{n}A^\\top A$. "
        "`np.linalg.eigvalsh` returns the eigenvalues of a symmetric matrix in ascending order.",
        "`A = np.hstack([X, np.ones((len(X), 1))])`, `L = np.linalg.eigvalsh(2 / len(X) * A.T @ A).max()`, "
        "return `2 / L`.",
    ),
    grade=_grade_rate,
    mistakes=(
        ("def largest_stable_learning_rate(X):\n"
         "    A = np.hstack([X, np.ones((len(X), 1))])\n"
         "    return 1 / np.linalg.eigvalsh(2 / len(X) * A.T @ A).max()\n", "one over L"),
        ("def largest_stable_learning_rate(X):\n"
         "    A = np.hstack([X, np.ones((len(X), 1))])\n"
         "    return 2 / np.linalg.eigvalsh(A.T @ A).max()\n", "without the 2 / N"),
        ("def largest_stable_learning_rate(X):\n"
         "    A = np.hstack([X, np.ones((len(X), 1))])\n"
         "    return 2 / np.linalg.eigvalsh(2 / len(X) * A.T @ A).min()\n", "smallest eigenvalue"),
        ("def largest_stable_learning_rate(X):\n"
         "    return 2 / np.linalg.eigvalsh(2 / len(X) * X.T @ X).max()\n", "b is a parameter too"),
    ),
)

EXERCISES = (MAE_GRADIENTS, LOOP, RATE)
