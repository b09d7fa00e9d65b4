"""Lesson 5's exercises: the same model in PyTorch.

NumPy only at import: the graders that need torch (or scikit-learn) import it inside themselves.
"""

from __future__ import annotations

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call, variant

# PyTorch computes in float32 (about 7 significant digits), so a right answer matches a float64
# reference only to about 1e-6; the mistakes these graders name differ by far more than 1e-4.
RTOL32 = 1e-4


def _as_numpy(got: object, case: str, what: str) -> object:
    """A torch tensor as a NumPy array; a tensor that still tracks gradients gets its own verdict."""
    if type(got).__module__.startswith("torch"):
        if getattr(got, "requires_grad", False):
            raise Incorrect(f"on {case}, {what} is a tensor that still tracks gradients: take it out with "
                            "`.detach()` (or compute it inside `with torch.no_grad():`), then `.numpy()`")
        return got.numpy()
    return got


def _compare32(got: object, want: object, case: str, *, what: str, known: dict | None = None,
               atol: float = 1e-6) -> None:
    """:func:`compare` for results computed in float32: within RTOL32 (or ``atol``) counts as equal.

    A result that close to a known mistake, or to the negated answer, is snapped onto it first so
    that ``compare`` names it. (A tolerance argument to ``compare`` would make this unnecessary.)
    """
    want = np.asarray(want, dtype=np.float64)
    result = as_result(got, case, what)
    if result.shape == want.shape:
        if np.allclose(result, want, rtol=RTOL32, atol=atol):
            return
        for value in [*(known or {}).values(), -want]:
            value = np.asarray(value, dtype=np.float64)
            if value.shape == want.shape and np.allclose(result, value, rtol=RTOL32, atol=atol):
                result = value
                break
    compare(result, want, case, what=what, known=known)


# --- 5.1 -----------------------------------------------------------------------------------------


def _standardized_data(seed: int, num_rows: int, num_features: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(num_rows, num_features))  # (N, D)
    y = X @ rng.uniform(-2, 2, size=(num_features, 1)) + rng.normal(size=(num_rows, 1))  # (N, 1)
    return (X - X.mean(axis=0)) / X.std(axis=0), (y - y.mean()) / y.std()


def _gd(X, y, learning_rate, num_epochs, *, accumulate=False, adam=False):
    """Full-batch SGD (or Adam) on the MSE from W = 0, b = 0, in float64: torch.optim's update rules."""
    theta = np.zeros(X.shape[1] + 1)  # [W..., b]
    design = np.hstack([X, np.ones((len(X), 1))])  # (N, D + 1)
    stored = np.zeros_like(theta)  # the .grad that torch keeps between epochs
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    for t in range(1, num_epochs + 1):
        gradient = 2 * design.T @ (design @ theta - y[:, 0]) / len(X)  # (D + 1,)
        stored = stored + gradient if accumulate else gradient
        if adam:
            m, v = 0.9 * m + 0.1 * stored, 0.999 * v + 0.001 * stored**2
            theta = theta - learning_rate * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        else:
            theta = theta - learning_rate * stored
    return theta[:-1].reshape(-1, 1), theta[-1:]


def _grade_training(answer) -> None:
    for case, seed, n, d, lr, epochs in [("one feature, N = 6, lr 0.1, 25 epochs", 11, 6, 1, 0.1, 25),
                                         ("two features, N = 10, lr 0.05, 40 epochs", 12, 10, 2, 0.05, 40),
                                         ("one feature, N = 5, lr 0.2, a single epoch", 13, 5, 1, 0.2, 1)]:
        X, y = _standardized_data(seed, n, d)
        result = call(answer, case, X.copy(), y.copy(), lr, epochs)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Incorrect(f"on {case}, the function should return two arrays, W and b")
        W, b = (_as_numpy(part, case, name) for part, name in zip(result, ("W", "b"), strict=True))
        W = as_result(W, case, "W")
        if d > 1 and W.shape == (1, d):
            raise Incorrect(f"on {case}, W has shape {W.shape}, expected {(d, 1)}: nn.Linear stores its "
                            "weight as (outputs, inputs), the transpose of our W")
        again = call(answer, case, X.copy(), y.copy(), lr, epochs)
        if isinstance(again, (tuple, list)) and len(again) == 2 and not np.array_equal(
                np.asarray(_as_numpy(again[0], case, "W"), dtype=np.float64), W):
            raise Incorrect(f"on {case}, two runs on the same data gave different weights: start from "
                            "W = 0 and b = 0, not from nn.Linear's random start")
        W_want, b_want = _gd(X, y, lr, epochs)
        known_W, known_b = {}, {}
        for mistake, (W_bad, b_bad) in {
            "the gradients of all epochs added up: call optimizer.zero_grad() before backward()":
                _gd(X, y, lr, epochs, accumulate=True),
            "the loss summed over the rows, not averaged (MSELoss(reduction='sum'))":
                _gd(X, y, lr * n, epochs),
            "a target of shape (N,): predictions (N, 1) minus targets (N,) broadcast into an (N, N) table":
                _gd(X, np.zeros_like(y), lr, epochs),
            "Adam's update, not SGD's": _gd(X, y, lr, epochs, adam=True),
        }.items():
            known_W[mistake], known_b[mistake] = W_bad, b_bad
        _compare32(W, W_want, case, what="W", known=known_W)
        _compare32(b, b_want, case, what="b", known=known_b)


_SOLUTION_51 = (
    "import numpy as np\n"
    "import torch\n"
    "from torch import nn\n\n\n"
    "def train_sgd(X, y, learning_rate, num_epochs):\n"
    '    """W (D, 1) and b (1,) after SGD on the MSE from W = 0, b = 0; X (N, D), y (N, 1)."""\n'
    "    X_t = torch.tensor(X, dtype=torch.float32)  # (N, D)\n"
    "    y_t = torch.tensor(y, dtype=torch.float32)  # (N, 1): 2-D, like the predictions\n"
    "    layer = nn.Linear(X.shape[1], 1)\n"
    "    with torch.no_grad():  # a fixed start instead of the random one\n"
    "        layer.weight.zero_()\n"
    "        layer.bias.zero_()\n"
    "    loss_fn = nn.MSELoss()  # the mean, not the sum, of the squared errors\n"
    "    sgd = torch.optim.SGD(layer.parameters(), lr=learning_rate)\n"
    "    for _ in range(num_epochs):\n"
    "        loss = loss_fn(layer(X_t), y_t)\n"
    "        sgd.zero_grad()  # otherwise backward() adds to the previous epoch's gradients\n"
    "        loss.backward()\n"
    "        sgd.step()\n"
    "    W = layer.weight.detach().numpy().T.astype(np.float64)  # (D, 1): torch stores (1, D)\n"
    "    b = layer.bias.detach().numpy().astype(np.float64)  # (1,)\n"
    "    return W, b\n"
)

TRAINING = Exercise(
    number="5.1",
    title="The training loop, with SGD",
    prompt=(
        "Write `train_sgd(X, y, learning_rate, num_epochs)` that trains an `nn.Linear` on the\n"
        "standardized NumPy arrays `X` (N, D) and `y` (N, 1) with `torch.optim.SGD` (plain gradient\n"
        "descent, lesson 4's update) and `nn.MSELoss`, full batch, for `num_epochs` epochs. Start from\n"
        "$W = 0$, $b = 0$ instead of `nn.Linear`'s random start, so that every run gives the same\n"
        "weights. Return `W` (D, 1) and `b` (1,) as NumPy arrays. The check compares them, to float32\n"
        "precision, with lesson 4's gradient descent from the same start, on cases with one and two\n"
        "features and one with a single epoch."
    ),
    name="train_sgd",
    stub=(
        "def train_sgd(X, y, learning_rate, num_epochs):\n"
        '    """W (D, 1) and b (1,) after SGD on the MSE from W = 0, b = 0; X (N, D), y (N, 1)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_51,
    hints=(
        "Section 5's loop works unchanged; what differs is the optimizer (`torch.optim.SGD(params, "
        "lr=...)`), the number of inputs of `nn.Linear`, and the start.",
        "To set the start, change the parameters in place where autograd does not watch: "
        "`with torch.no_grad(): layer.weight.zero_(); layer.bias.zero_()`. Convert `y` with its shape "
        "(N, 1) kept.",
        "After the loop, `layer.weight` has shape (1, D): return "
        "`layer.weight.detach().numpy().T` and `layer.bias.detach().numpy()`, both as float64.",
    ),
    grade=_grade_training,
    mistakes=(
        (variant(_SOLUTION_51, "sgd.zero_grad()  # otherwise", "pass  # otherwise"), "zero_grad"),
        (variant(_SOLUTION_51, "loss_fn(layer(X_t), y_t)", "((layer(X_t) - y_t) ** 2).sum()"), "summed"),
        (variant(_SOLUTION_51, "torch.tensor(y, dtype=torch.float32)",
                 "torch.tensor(y[:, 0], dtype=torch.float32)"), "(N, N) table"),
        (variant(_SOLUTION_51, "layer.weight.detach().numpy().T", "layer.weight.detach().numpy()"),
         "(outputs, inputs)"),
        (variant(_SOLUTION_51, "        layer.weight.zero_()\n        layer.bias.zero_()\n",
                 "        pass\n"),
         "random start"),
    ),
)

# --- 5.2 -----------------------------------------------------------------------------------------


def _grade_inference(answer) -> None:
    import torch
    from sklearn.preprocessing import StandardScaler
    from torch import nn

    X_train = np.arange(0.0, 70.0, 2.0).reshape(-1, 1)  # (35, 1): inputs 0, 2, ..., 68
    y_train = 3.5 * X_train + 5 + np.tile([-9.0, 4.0, 11.0, -6.0, 0.0], 7).reshape(-1, 1)  # (35, 1)
    x_scaler, y_scaler = StandardScaler().fit(X_train), StandardScaler().fit(y_train)
    W_s, b_s = 0.97, -0.02  # a trained model's weights, in standardized units
    layer = nn.Linear(1, 1)
    with torch.no_grad():
        layer.weight.fill_(W_s)
        layer.bias.fill_(b_s)
    mx, sx = x_scaler.mean_[0], x_scaler.scale_[0]
    my, sy = y_scaler.mean_[0], y_scaler.scale_[0]
    for case, new in [("the lesson's new inputs [10, 15, 25]", [10, 15, 25]),
                      ("a single new input [3]", [3]),
                      ("new inputs beyond the training range [-40, 80, 250]", [-40, 80, 250])]:
        X_new = np.array(new, dtype=np.float64).reshape(-1, 1)  # (k, 1)
        got = _as_numpy(call(answer, case, layer, x_scaler, y_scaler, list(new)), case, "the prediction")
        z = (X_new - mx) / sx
        refit = StandardScaler().fit(X_new).transform(X_new)
        known = {"the new inputs were not standardized with x_scaler before the model":
                 (W_s * X_new + b_s) * sy + my,
                 "the model's output was not turned back into units of y (y_scaler.inverse_transform)":
                 W_s * z + b_s,
                 "a scaler fitted on the new inputs: standardize them with the training statistics "
                 "(x_scaler.transform), never refit": (W_s * refit + b_s) * sy + my,
                 "y_scaler.transform, which standardizes; the way back is inverse_transform":
                 (W_s * z + b_s - my) / sy}
        scale = sy * (abs(W_s) * np.abs(z) + abs(b_s)) + abs(my)  # float32 rounds relative to this
        _compare32(got, (W_s * z + b_s) * sy + my, case, what="the prediction", known=known,
                   atol=float(1e-5 * scale.max()))


INFERENCE = Exercise(
    number="5.2",
    title="Predictions in the units of y",
    prompt=(
        "Write `predict_in_original_units(model, x_scaler, y_scaler, new_inputs)`: `model` is an\n"
        "`nn.Linear(1, 1)` trained on standardized data, `x_scaler` and `y_scaler` are the fitted\n"
        "`StandardScaler`s of section 1, and `new_inputs` is a plain list of $x$ values in original units,\n"
        "like `INFERENCE_X`. Return the predictions in the units of $y$ as a NumPy array of shape\n"
        "(k, 1). The cases include a single new input and inputs far outside the training range."
    ),
    name="predict_in_original_units",
    stub=(
        "def predict_in_original_units(model, x_scaler, y_scaler, new_inputs):\n"
        '    """Predictions (k, 1), in units of y, for a list of k inputs in original units."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n"
        "import torch\n\n\n"
        "def predict_in_original_units(model, x_scaler, y_scaler, new_inputs):\n"
        '    """Predictions (k, 1), in units of y, for a list of k inputs in original units."""\n'
        "    X_new = np.asarray(new_inputs, dtype=np.float64).reshape(-1, 1)  # (k, 1)\n"
        "    X_new_std = x_scaler.transform(X_new)  # the training statistics, never refitted\n"
        "    with torch.no_grad():  # predicting only: no gradients to track\n"
        "        pred_std = model(torch.tensor(X_new_std, dtype=torch.float32)).numpy()  # (k, 1)\n"
        "    return y_scaler.inverse_transform(pred_std.astype(np.float64))  # back to units of y\n"
    ),
    hints=(
        "Section 7 lists three steps: standardize the inputs, run the model, undo the standardization "
        "of the output. Each scaler is used once.",
        "The scalers and the model both expect a column: reshape the list to (k, 1). The model wants "
        "a `float32` tensor, and `.numpy()` needs the tensor out of autograd's sight "
        "(`with torch.no_grad():`).",
        "`y_scaler.inverse_transform(model(torch.tensor(x_scaler.transform(X_new), "
        "dtype=torch.float32)).numpy())`, inside `with torch.no_grad():`.",
    ),
    grade=_grade_inference,
    mistakes=(
        ("import torch\n\ndef predict_in_original_units(model, x_scaler, y_scaler, new_inputs):\n"
         "    X_new = np.asarray(new_inputs, dtype=float).reshape(-1, 1)\n"
         "    with torch.no_grad():\n"
         "        pred = model(torch.tensor(X_new, dtype=torch.float32)).numpy()\n"
         "    return y_scaler.inverse_transform(pred)\n", "not standardized"),
        ("import torch\n\ndef predict_in_original_units(model, x_scaler, y_scaler, new_inputs):\n"
         "    X_new = np.asarray(new_inputs, dtype=float).reshape(-1, 1)\n"
         "    with torch.no_grad():\n"
         "        return model(torch.tensor(x_scaler.transform(X_new), dtype=torch.float32)).numpy()\n",
         "not turned back"),
        ("import torch\nfrom sklearn.preprocessing import StandardScaler\n\n"
         "def predict_in_original_units(model, x_scaler, y_scaler, new_inputs):\n"
         "    X_new = np.asarray(new_inputs, dtype=float).reshape(-1, 1)\n"
         "    X_new_std = StandardScaler().fit_transform(X_new)\n"
         "    with torch.no_grad():\n"
         "        pred = model(torch.tensor(X_new_std, dtype=torch.float32)).numpy()\n"
         "    return y_scaler.inverse_transform(pred)\n", "never refit"),
        ("import torch\n\ndef predict_in_original_units(model, x_scaler, y_scaler, new_inputs):\n"
         "    X_new = np.asarray(new_inputs, dtype=float).reshape(-1, 1)\n"
         "    with torch.no_grad():\n"
         "        pred = model(torch.tensor(x_scaler.transform(X_new), dtype=torch.float32)).numpy()\n"
         "    return y_scaler.inverse_transform(pred)[:, 0]\n", "reshape(-1, 1)"),
        ("import torch\n\ndef predict_in_original_units(model, x_scaler, y_scaler, new_inputs):\n"
         "    X_new = np.asarray(new_inputs, dtype=float).reshape(-1, 1)\n"
         "    pred = model(torch.tensor(x_scaler.transform(X_new), dtype=torch.float32))\n"
         "    return pred * y_scaler.scale_[0] + y_scaler.mean_[0]\n", "tracks gradients"),
    ),
)

# --- 5.3 -----------------------------------------------------------------------------------------


def _adam(gradients, lr, betas, *, correct=True, eps_inside=False):
    """The changes of one parameter under torch.optim.Adam's update, in float64."""
    beta1, beta2 = betas
    m = v = 0.0
    steps = []
    for t, g in enumerate(gradients, 1):
        m, v = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g**2
        m_hat, v_hat = (m / (1 - beta1**t), v / (1 - beta2**t)) if correct else (m, v)
        denominator = np.sqrt(v_hat + 1e-8) if eps_inside else np.sqrt(v_hat) + 1e-8
        steps.append(-lr * m_hat / denominator)
    return np.array(steps)


def _grade_adam(answer) -> None:
    for case, gradients, lr, betas in [
        ("a constant gradient of 4 for 5 steps, lr 0.1", [4.0] * 5, 0.1, (0.9, 0.999)),
        ("gradients 2, -1, 3, 0.5, -2 with betas (0.5, 0.9), lr 0.05", [2.0, -1.0, 3.0, 0.5, -2.0], 0.05,
         (0.5, 0.9)),
        ("tiny gradients 3e-4, 1e-4, 2e-4, 1e-4, 3e-4, lr 0.01", [3e-4, 1e-4, 2e-4, 1e-4, 3e-4], 0.01,
         (0.9, 0.999)),
        ("a first gradient of exactly 0, then 1, 1, 1, lr 0.1", [0.0, 1.0, 1.0, 1.0], 0.1, (0.9, 0.999)),
    ]:
        with np.errstate(divide="ignore", invalid="ignore"):  # 0 / 0 gets this verdict, not a warning
            got = _as_numpy(call(answer, case, list(gradients), lr, betas), case, "the steps")
        if got is not None and not np.all(np.isfinite(np.asarray(got, dtype=np.float64))):
            raise Incorrect(f"on {case}, the steps contain NaN or inf: when the gradients so far are all "
                            "0, the denominator is 0 too; where does eps go?")
        known = {"Adam without the bias correction (dividing m and v by 1 - beta ** t)":
                 _adam(gradients, lr, betas, correct=False),
                 "eps inside the square root; torch adds it after the square root":
                 _adam(gradients, lr, betas, eps_inside=True),
                 "the two betas swapped: beta1 averages the gradients, beta2 their squares":
                 _adam(gradients, lr, betas[::-1])}
        _compare32(got, _adam(gradients, lr, betas), case, what="the steps", known=known,
                   atol=1e-7 * lr)


ADAM = Exercise(
    number="5.3",
    title="Adam's steps by hand",
    prompt=(
        "Section 4 described Adam in words. Put it into NumPy: write `adam_steps(gradients,\n"
        "learning_rate, betas)` that returns, as an array of shape (T,), how much one parameter\n"
        "*changes* at each of T steps (new value minus old) when its gradients at those steps are\n"
        "`gradients` (a list of T numbers) and `betas = (beta1, beta2)`; use `eps = 1e-8` as\n"
        "`torch.optim.Adam` does. The cases include a constant gradient, gradients that change sign,\n"
        "tiny gradients and a first gradient of exactly 0. Before you run the check: with a constant\n"
        "gradient, how large should every step be?"
    ),
    name="adam_steps",
    stub=(
        "def adam_steps(gradients, learning_rate, betas):\n"
        '    """The change (T,) of one parameter at each step of Adam, given its T gradients."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def adam_steps(gradients, learning_rate, betas):\n"
        '    """The change (T,) of one parameter at each step of Adam, given its T gradients."""\n'
        "    beta1, beta2 = betas\n"
        "    m = v = 0.0  # running averages of the gradients and of their squares, started at 0\n"
        "    steps = []\n"
        "    for t, g in enumerate(gradients, start=1):\n"
        "        m = beta1 * m + (1 - beta1) * g\n"
        "        v = beta2 * v + (1 - beta2) * g**2\n"
        "        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)  # undo the start at 0\n"
        "        steps.append(-learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8))\n"
        "    # A constant gradient g gives m_hat = g and v_hat = g**2 at every step: each step is -lr\n"
        "    # (up to eps), whatever the size of g.\n"
        "    return np.array(steps)\n"
    ),
    hints=(
        "Keep two numbers between steps, $m$ and $v$, both starting at 0. At each step update them "
        "as exponential moving averages of $g$ and of $g^2$, with factors $\\beta_1$ and $\\beta_2$.",
        "Then correct the start at zero: $\\hat m = m/(1-\\beta_1^t)$ and $\\hat v = v/(1-\\beta_2^t)$ "
        "with $t = 1, 2, \\dots$ counting steps. The step goes *against* the gradient.",
        "The change at step $t$ is $-\\,\\text{lr}\\cdot\\hat m/(\\sqrt{\\hat v} + 10^{-8})$: "
        "`eps` is added after the square root.",
    ),
    grade=_grade_adam,
    mistakes=(
        ("def adam_steps(gradients, learning_rate, betas):\n"
         "    m = v = 0.0\n    steps = []\n"
         "    for g in gradients:\n"
         "        m = betas[0] * m + (1 - betas[0]) * g\n"
         "        v = betas[1] * v + (1 - betas[1]) * g**2\n"
         "        steps.append(-learning_rate * m / (np.sqrt(v) + 1e-8))\n"
         "    return np.array(steps)\n", "bias correction"),
        ("def adam_steps(gradients, learning_rate, betas):\n"
         "    m = v = 0.0\n    steps = []\n"
         "    for t, g in enumerate(gradients, 1):\n"
         "        m = betas[0] * m + (1 - betas[0]) * g\n"
         "        v = betas[1] * v + (1 - betas[1]) * g**2\n"
         "        m_hat, v_hat = m / (1 - betas[0]**t), v / (1 - betas[1]**t)\n"
         "        steps.append(-learning_rate * m_hat / np.sqrt(v_hat + 1e-8))\n"
         "    return np.array(steps)\n", "inside the square root"),
        ("def adam_steps(gradients, learning_rate, betas):\n"
         "    m = v = 0.0\n    steps = []\n"
         "    for t, g in enumerate(gradients, 1):\n"
         "        m = betas[1] * m + (1 - betas[1]) * g\n"
         "        v = betas[0] * v + (1 - betas[0]) * g**2\n"
         "        m_hat, v_hat = m / (1 - betas[1]**t), v / (1 - betas[0]**t)\n"
         "        steps.append(-learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8))\n"
         "    return np.array(steps)\n", "swapped"),
        ("def adam_steps(gradients, learning_rate, betas):\n"
         "    m = v = 0.0\n    steps = []\n"
         "    for t, g in enumerate(gradients, 1):\n"
         "        m = betas[0] * m + (1 - betas[0]) * g\n"
         "        v = betas[1] * v + (1 - betas[1]) * g**2\n"
         "        m_hat, v_hat = m / (1 - betas[0]**t), v / (1 - betas[1]**t)\n"
         "        steps.append(learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8))\n"
         "    return np.array(steps)\n", "wrong sign"),
        ("def adam_steps(gradients, learning_rate, betas):\n"
         "    m = v = 0.0\n    steps = []\n"
         "    for t, g in enumerate(gradients, 1):\n"
         "        m = betas[0] * m + (1 - betas[0]) * g\n"
         "        v = betas[1] * v + (1 - betas[1]) * g**2\n"
         "        m_hat, v_hat = m / (1 - betas[0]**t), v / (1 - betas[1]**t)\n"
         "        steps.append(-learning_rate * m_hat / np.sqrt(v_hat))\n"
         "    return np.array(steps)\n", "where does eps go"),
    ),
)

EXERCISES = (TRAINING, INFERENCE, ADAM)
