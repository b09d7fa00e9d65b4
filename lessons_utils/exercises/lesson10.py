"""Lesson 10's exercises: learning rates, mini-batches and optimizers."""

from __future__ import annotations

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call

# --- 10.1 ----------------------------------------------------------------------------------------


def _cosine(epochs, num_epochs, initial, final, *, kind: str = "right") -> np.ndarray:
    """The cosine schedule at each epoch, or one of the wrong ones the 10.1 grader names."""
    t = np.asarray(epochs, dtype=np.float64)
    if kind == "ahead":
        t = t + 1
    span = {"T - 1": num_epochs - 1, "T + 1": num_epochs + 1}.get(kind, num_epochs)
    if kind != "no hold":
        t = np.minimum(t, span)
    with np.errstate(all="ignore"):  # span is 0 for "T - 1" at T = 1: that mistake gives NaN there
        wave = (1 + np.cos(np.pi * t / span)) / 2  # 1 at the start, 0 at the end
    if kind == "rising":
        return final + (initial - final) * (1 - wave)
    if kind == "to zero":
        return initial * wave
    if kind == "linear":
        with np.errstate(all="ignore"):
            return initial + (final - initial) * np.minimum(t, span) / span
    return final + (initial - final) * wave


def _grade_cosine(answer) -> None:
    cases = [("num_epochs = 10, from 0.5 down to 0.01", 10, 0.5, 0.01),
             ("num_epochs = 4, from 0.05 down to 0.005", 4, 0.05, 0.005),
             ("num_epochs = 1, from 0.1 down to 0.02", 1, 0.1, 0.02),
             ("num_epochs = 6, from 0.2 down to 0", 6, 0.2, 0.0)]
    for case, num_epochs, initial, final in cases:
        epochs = list(range(num_epochs + 1))
        got = [call(answer, case, t, num_epochs, initial, final) for t in epochs]
        what = f"the schedule at epochs 0 to {num_epochs}"
        known = {"a schedule that rises from the final rate to the initial one: at epoch 0 the rate "
                 "should be initial_rate": _cosine(epochs, num_epochs, initial, final, kind="rising"),
                 "a schedule that decays towards 0, never reaching final_rate: the wave runs between "
                 "final_rate and initial_rate": _cosine(epochs, num_epochs, initial, final, kind="to zero"),
                 "a schedule one epoch ahead: epoch 0 is the first epoch, trained at initial_rate":
                 _cosine(epochs, num_epochs, initial, final, kind="ahead"),
                 "a schedule that reaches final_rate one epoch early (num_epochs - 1 in the cosine)":
                 _cosine(epochs, num_epochs, initial, final, kind="T - 1"),
                 "a schedule that never reaches final_rate (num_epochs + 1 in the cosine): it should "
                 "get there at epoch num_epochs": _cosine(epochs, num_epochs, initial, final, kind="T + 1"),
                 "a straight line from initial_rate to final_rate: the cosine schedule starts and ends "
                 "gently": _cosine(epochs, num_epochs, initial, final, kind="linear")}
        if num_epochs == 1 or final == 0:  # where a wrong method gives the right numbers, it names nothing
            known = {}
        compare(got, _cosine(epochs, num_epochs, initial, final), case, what=what, known=known)
        late = [num_epochs + 1, num_epochs + 3, 2 * num_epochs]
        got = [call(answer, case, t, num_epochs, initial, final) for t in late]
        compare(got, [final] * len(late), f"{case}, epochs after num_epochs", what="the schedule", known={
            "a cosine that rises again after num_epochs: past the end, hold the rate at final_rate":
            _cosine(late, num_epochs, initial, final, kind="no hold")})


COSINE = Exercise(
    number="10.1",
    title="A learning rate that comes down: the cosine schedule",
    prompt=(
        "Section 6 ended on a noise floor: with a fixed learning rate, mini-batch steps jitter around the\n"
        "minimum instead of settling, and a *schedule* that lowers the rate over time pushes that floor\n"
        "down. A popular one is the **cosine schedule**: the rate at epoch $t$ (counting from 0) is\n"
        "$$\\alpha_t = \\alpha_\\text{final} + (\\alpha_\\text{initial} - \\alpha_\\text{final})\\,\n"
        "\\frac{1 + \\cos(\\pi t / T)}{2}$$\n"
        "for $0 \\le t \\le T$ with $T$ = `num_epochs`, and $\\alpha_\\text{final}$ for every later epoch.\n"
        "Write `cosine_rate(epoch, num_epochs, initial_rate, final_rate)` returning $\\alpha_t$ for one\n"
        "epoch. The check asks for every epoch of several schedules and for epochs past the end. Where is\n"
        "the rate halfway between the two, and why does the schedule change slowly at both ends?"
    ),
    name="cosine_rate",
    stub=(
        "def cosine_rate(epoch, num_epochs, initial_rate, final_rate):\n"
        '    """The learning rate at epoch (0, 1, ...): cosine from initial_rate down to final_rate."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def cosine_rate(epoch, num_epochs, initial_rate, final_rate):\n"
        '    """The learning rate at epoch (0, 1, ...): cosine from initial_rate down to final_rate."""\n'
        "    t = min(epoch, num_epochs)  # after the last epoch of the schedule the rate stays final\n"
        "    wave = (1 + np.cos(np.pi * t / num_epochs)) / 2  # 1 at t = 0, 1/2 halfway, 0 at t = T\n"
        "    # The cosine is flat at 0 and at pi: the rate leaves initial_rate and nears final_rate gently.\n"
        "    return final_rate + (initial_rate - final_rate) * wave\n"
    ),
    hints=(
        "At $t = 0$ the cosine is 1, so the fraction is 1 and the rate is the initial one; at $t = T$ "
        "the cosine is $-1$ and the rate is the final one.",
        "For epochs after $T$, use $t = \\min(t, T)$: without it the cosine turns round and the rate "
        "rises again.",
        "`t = min(epoch, num_epochs)`; `wave = (1 + np.cos(np.pi * t / num_epochs)) / 2`; return "
        "`final_rate + (initial_rate - final_rate) * wave`.",
    ),
    grade=_grade_cosine,
    mistakes=(
        ("def cosine_rate(epoch, num_epochs, initial_rate, final_rate):\n"
         "    t = min(epoch, num_epochs)\n"
         "    return final_rate + (initial_rate - final_rate) * (1 - np.cos(np.pi * t / num_epochs)) / 2\n",
         "rises from the final rate"),
        ("def cosine_rate(epoch, num_epochs, initial_rate, final_rate):\n"
         "    t = min(epoch, num_epochs)\n"
         "    return initial_rate * (1 + np.cos(np.pi * t / num_epochs)) / 2\n", "decays towards 0"),
        ("def cosine_rate(epoch, num_epochs, initial_rate, final_rate):\n"
         "    t = min(epoch + 1, num_epochs)\n"
         "    return final_rate + (initial_rate - final_rate) * (1 + np.cos(np.pi * t / num_epochs)) / 2\n",
         "one epoch ahead"),
        ("def cosine_rate(epoch, num_epochs, initial_rate, final_rate):\n"
         "    t = min(epoch, num_epochs + 1)\n"
         "    wave = (1 + np.cos(np.pi * t / (num_epochs + 1))) / 2\n"
         "    return final_rate + (initial_rate - final_rate) * wave\n",
         "never reaches final_rate"),
        ("def cosine_rate(epoch, num_epochs, initial_rate, final_rate):\n"
         "    wave = (1 + np.cos(np.pi * epoch / num_epochs)) / 2\n"
         "    return final_rate + (initial_rate - final_rate) * wave\n",
         "rises again after num_epochs"),
    ),
)

# --- 10.2 ----------------------------------------------------------------------------------------


def _adam(theta, grad, m, v, t, rate, beta1, beta2, eps, *, kind: str = "right"):
    """One Adam update, or one of the wrong ones the 10.2 grader names: (theta, m, v)."""
    theta, grad, m, v = (np.asarray(a, dtype=np.float64) for a in (theta, grad, m, v))
    m_new = beta1 * m + (grad if kind == "momentum" else (1 - beta1) * grad)
    v_new = beta2 * v + (1 - beta2) * (grad if kind == "g not g2" else grad ** 2)
    step_t = t + 1 if kind == "t + 1" else t
    m_hat, v_hat = m_new / (1 - beta1 ** step_t), v_new / (1 - beta2 ** step_t)
    if kind == "no correction":
        m_hat, v_hat = m_new, v_new
    with np.errstate(all="ignore"):
        if kind == "eps inside":
            step = m_hat / np.sqrt(v_hat + eps)
        else:
            step = m_hat / (np.sqrt(v_hat) + eps)
    if kind == "corrected state":
        m_new, v_new = m_hat, v_hat
    return theta + rate * step if kind == "uphill" else theta - rate * step, m_new, v_new


def _grade_adam(answer) -> None:
    # The later update comes first: on a first update from m = 0 the corrected m̂ equals momentum's β1 m + g,
    # so only a later one tells those two mistakes apart.
    cases = [("the third update, t = 3, on columns (2, 1): θ = (0.3, 0.7), g = (-1, 2), m = (-0.2, 0.3), "
              "v = (0.002, 0.004), learning rate 0.01", [[0.3], [0.7]], [[-1.0], [2.0]], [[-0.2], [0.3]],
              [[0.002], [0.004]], 3, 0.01),
             ("the first update, t = 1, from m = v = 0, θ = (1, -2), g = (0.5, -4), learning rate 0.1",
              [1.0, -2.0], [0.5, -4.0], [0.0, 0.0], [0.0, 0.0], 1, 0.1),
             ("a tiny gradient near a minimum, t = 5: θ = (2, -1), g = (1.5e-7, -1e-7), m = (1e-7, -2e-7), "
              "v = (1e-14, 3e-14), learning rate 0.05", [2.0, -1.0], [1.5e-7, -1e-7], [1e-7, -2e-7],
              [1e-14, 3e-14], 5, 0.05)]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for case, *inputs, t, rate in cases:
        theta, grad, m, v = (np.array(a) for a in inputs)
        kept = [a.copy() for a in (theta, grad, m, v)]
        result = call(answer, case, theta, grad, m, v, t, rate, beta1, beta2, eps)
        for name, array, before in zip(("θ", "g", "m", "v"), (theta, grad, m, v), kept, strict=True):
            if not np.array_equal(array, before):
                raise Incorrect(f"on {case}, your function changed the caller's {name} in place: return new "
                                "arrays and leave the inputs as they were")
        if not isinstance(result, tuple | list) or len(result) != 3:
            raise Incorrect(f"on {case}, return three arrays: (theta_new, m_new, v_new)")

        def wrong(kind: str, part: int, inputs=inputs, t=t, rate=rate):
            return _adam(*inputs, t, rate, beta1, beta2, eps, kind=kind)[part]

        want = _adam(*inputs, t, rate, beta1, beta2, eps)
        compare(result[1], want[1], case, what="m_new", known={
            "momentum's velocity β1 m + g: Adam's running mean weighs the new gradient by (1 - β1)":
            wrong("momentum", 1),
            "the bias-corrected m̂: store the raw running mean, and correct only the step":
            wrong("corrected state", 1)})
        v_wrong = {"the bias-corrected v̂: store the raw running mean, and correct only the step":
                   wrong("corrected state", 2)}
        with np.errstate(all="ignore"):
            if np.all(np.isfinite(wrong("g not g2", 2))):
                v_wrong["a running mean of g: v averages the squared gradient, g²"] = wrong("g not g2", 2)
        compare(result[2], want[2], case, what="v_new", known=v_wrong)
        known = {"the bias correction was left out: divide m by 1 - β1^t and v by 1 - β2^t before the step":
                 wrong("no correction", 0),
                 "ε inside the square root: the step divides by √v̂ + ε": wrong("eps inside", 0),
                 "the bias correction used t + 1: t is already the number of this update":
                 wrong("t + 1", 0),
                 "a step uphill: subtract the learning rate times m̂ / (√v̂ + ε)": wrong("uphill", 0)}
        compare(result[0], want[0], case, what="theta_new", known=known)


ADAM = Exercise(
    number="10.2",
    title="One Adam step by hand",
    prompt=(
        "Section 6 compared Adam with plain SGD and momentum. Write one Adam update,\n"
        "`adam_update(theta, grad, m, v, t, learning_rate, beta1, beta2, eps)`, returning\n"
        "`(theta_new, m_new, v_new)`. With the gradient $g$ and $t$ the number of this update (1 for the\n"
        "first):\n"
        "$$m \\leftarrow \\beta_1 m + (1 - \\beta_1)\\,g, \\qquad\n"
        "v \\leftarrow \\beta_2 v + (1 - \\beta_2)\\,g^2,$$\n"
        "$$\\hat m = \\frac{m}{1 - \\beta_1^t}, \\quad \\hat v = \\frac{v}{1 - \\beta_2^t}, \\qquad\n"
        "\\theta \\leftarrow \\theta - \\alpha\\,\\frac{\\hat m}{\\sqrt{\\hat v} + \\varepsilon},$$\n"
        "all elementwise (`lessons_utils.optimizers.Adam` is the package's version). Return new arrays of\n"
        "the inputs' shape, leaving the inputs unchanged. The check tries a first update, a later one on\n"
        "columns, and a tiny gradient. After your first update, compare how far each coordinate of\n"
        "$\\theta$ moved with its gradient: what does that say about Adam?"
    ),
    name="adam_update",
    stub=(
        "def adam_update(theta, grad, m, v, t, learning_rate, beta1, beta2, eps):\n"
        '    """One Adam update (t counts from 1); all arrays of one shape. Returns (theta, m, v), new."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def adam_update(theta, grad, m, v, t, learning_rate, beta1, beta2, eps):\n"
        '    """One Adam update (t counts from 1); all arrays of one shape. Returns (theta, m, v), new."""\n'
        "    m = beta1 * m + (1 - beta1) * grad  # running mean of the gradients (new array)\n"
        "    v = beta2 * v + (1 - beta2) * grad ** 2  # running mean of their squares\n"
        "    m_hat = m / (1 - beta1 ** t)  # m and v start at 0: undo that pull towards 0\n"
        "    v_hat = v / (1 - beta2 ** t)\n"
        "    # On the first update m_hat / sqrt(v_hat) is g / |g|: each coordinate moves by about the\n"
        "    # learning rate, whatever the size of its gradient.\n"
        "    return theta - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v\n"
    ),
    hints=(
        "Update `m` and `v` first, then correct them for their start at zero, then step. Write "
        "`m = beta1 * m + ...` rather than `m *= beta1`: the first makes a new array, the second changes "
        "the caller's.",
        "The corrections divide by $1 - \\beta^t$, with the update's own $t$ (1 on the first update). Only "
        "the step uses $\\hat m$ and $\\hat v$; return the uncorrected `m` and `v` as the new state.",
        "`m = beta1 * m + (1 - beta1) * grad`, `v = beta2 * v + (1 - beta2) * grad ** 2`, "
        "`m_hat = m / (1 - beta1 ** t)`, `v_hat = v / (1 - beta2 ** t)`, and "
        "`theta - learning_rate * m_hat / (np.sqrt(v_hat) + eps)`.",
    ),
    grade=_grade_adam,
    mistakes=(
        ("def adam_update(theta, grad, m, v, t, learning_rate, beta1, beta2, eps):\n"
         "    m = beta1 * m + (1 - beta1) * grad\n"
         "    v = beta2 * v + (1 - beta2) * grad ** 2\n"
         "    return theta - learning_rate * m / (np.sqrt(v) + eps), m, v\n", "bias correction was left out"),
        ("def adam_update(theta, grad, m, v, t, learning_rate, beta1, beta2, eps):\n"
         "    m = beta1 * m + (1 - beta1) * grad\n"
         "    v = beta2 * v + (1 - beta2) * grad\n"
         "    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)\n"
         "    return theta - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v\n", "squared gradient"),
        ("def adam_update(theta, grad, m, v, t, learning_rate, beta1, beta2, eps):\n"
         "    m = beta1 * m + (1 - beta1) * grad\n"
         "    v = beta2 * v + (1 - beta2) * grad ** 2\n"
         "    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)\n"
         "    return theta - learning_rate * m_hat / np.sqrt(v_hat + eps), m, v\n", "inside the square root"),
        ("def adam_update(theta, grad, m, v, t, learning_rate, beta1, beta2, eps):\n"
         "    m = beta1 * m + (1 - beta1) * grad\n"
         "    v = beta2 * v + (1 - beta2) * grad ** 2\n"
         "    m, v = m / (1 - beta1 ** t), v / (1 - beta2 ** t)\n"
         "    return theta - learning_rate * m / (np.sqrt(v) + eps), m, v\n", "bias-corrected m̂"),
        ("def adam_update(theta, grad, m, v, t, learning_rate, beta1, beta2, eps):\n"
         "    m *= beta1\n"
         "    m += (1 - beta1) * grad\n"
         "    v *= beta2\n"
         "    v += (1 - beta2) * grad ** 2\n"
         "    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)\n"
         "    return theta - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v\n", "in place"),
    ),
)

# --- 10.3 ----------------------------------------------------------------------------------------


def _batches(got, case: str) -> list[np.ndarray]:
    """The learner's batches as a list of 1-D integer arrays, or a verdict saying why they are not."""
    if got is None:
        raise Incorrect(f"on {case}, the batches are None: did the function forget to `return` them?")
    if isinstance(got, np.ndarray) and got.ndim == 1:
        raise Incorrect(f"on {case}, return a list of batches (one array of row indices each), not one "
                        "flat array")
    try:
        batches = [np.asarray(batch) for batch in got]
    except TypeError:
        raise Incorrect(f"on {case}, return a list of batches, got {type(got).__name__}") from None
    for batch in batches:
        values = as_result(batch, case, "a batch")
        if values.ndim != 1:
            raise Incorrect(f"on {case}, each batch should be a flat array of row indices, got shape "
                            f"{values.shape}")
        if values.size and (batch.dtype.kind not in "iu"):
            raise Incorrect(f"on {case}, row indices should be integers (rng.permutation gives them), got "
                            f"{batch.dtype}")
    return batches


def _grade_batches(answer) -> None:
    cases = [("N = 10 rows in batches of 4", 10, 4), ("N = 12 rows in batches of 4, which divides N", 12, 4),
             ("N = 5 rows in batches of 8, more than N", 5, 8), ("N = 1 row in batches of 1", 1, 1)]
    for case, n, size in cases:
        batches = _batches(call(answer, case, n, size, np.random.default_rng(7)), case)
        rows = np.concatenate(batches) if batches else np.array([], dtype=int)
        sizes = [len(batch) for batch in batches]
        if len(np.unique(rows)) < len(rows):
            raise Incorrect(f"on {case}, some row appears twice in one epoch: draw a permutation of the "
                            "rows, not random row numbers")
        if rows.size and (rows.min() < 0 or rows.max() >= n):
            raise Incorrect(f"on {case}, some index is not a row number from 0 to N - 1")
        if 0 in sizes:
            raise Incorrect(f"on {case}, there is an empty batch: when the batch size divides N, the last "
                            "batch is a full one, and nothing comes after it")
        if len(rows) < n:
            if all(s == size for s in sizes) and n % size:
                raise Incorrect(f"on {case}, the last, smaller batch is missing: its rows would never be "
                                "trained on; keep the remainder as a final batch")
            raise Incorrect(f"on {case}, some rows are in no batch: an epoch uses every row exactly once")
        if n >= 10 and np.array_equal(rows, np.arange(n)):  # fewer rows: the original order is a fair draw
            raise Incorrect(f"on {case}, the rows come out in their original order: shuffle them with `rng`")
        if n >= 10 and all(np.array_equal(np.sort(batch), np.arange(batch.min(), batch.max() + 1))
                           for batch in batches):
            raise Incorrect(f"on {case}, every batch holds neighbouring rows: the rows were cut in order and "
                            "only the batches shuffled, so the same rows always share a batch. Shuffle the "
                            "rows, then cut")
        if any(s != min(size, n) for s in sizes[:-1]) or sizes[-1] > size:
            raise Incorrect(f"on {case}, every batch but the last should hold batch_size rows (the last "
                            "holds what is left)")
        if n < 10:
            continue  # few rows: any one order, the original included, is a fair draw
        again = _batches(call(answer, case, n, size, np.random.default_rng(7)), case)
        if len(again) != len(batches) or not all(np.array_equal(a, b) for a, b in zip(again, batches,
                                                                                      strict=True)):
            raise Incorrect(f"on {case}, the same seed gave different batches: shuffle with the `rng` given, "
                            "not np.random")
        rng = np.random.default_rng(7)
        first = np.concatenate(_batches(call(answer, case, n, size, rng), case))
        second = np.concatenate(_batches(call(answer, case, n, size, rng), case))
        if np.array_equal(first, second):
            raise Incorrect(f"on {case}, two epochs with the same generator gave the same order: draw from "
                            "`rng` itself, so each epoch gets a fresh shuffle")


BATCHES = Exercise(
    number="10.3",
    title="One epoch of mini-batches",
    prompt=(
        "Section 5 used the package's `minibatch_indices` for the shuffle-and-cut step of mini-batch SGD.\n"
        "Write your own, `epoch_batches(num_rows, batch_size, rng)`: shuffle the row numbers\n"
        "$0, \\dots, N-1$ with the generator `rng`, cut them into batches of `batch_size`, and return the\n"
        "list of batches (1-D integer arrays), the last one holding whatever is left. The check looks at\n"
        "which rows each epoch uses, at the sizes of its batches (also when `batch_size` divides $N$\n"
        "and when it exceeds $N$), and at the shuffle: the same seed must give the same batches, and two\n"
        "calls with one generator, two epochs, must give different ones."
    ),
    name="epoch_batches",
    stub=(
        "def epoch_batches(num_rows, batch_size, rng):\n"
        '    """List of 1-D int arrays: a shuffle of 0..num_rows-1 cut into batches, the last smaller."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "def epoch_batches(num_rows, batch_size, rng):\n"
        '    """List of 1-D int arrays: a shuffle of 0..num_rows-1 cut into batches, the last smaller."""\n'
        "    order = rng.permutation(num_rows)  # (N,): every row once, a fresh order at every call\n"
        "    # Slicing past the end just stops there: the last batch holds the remainder, never 0 rows.\n"
        "    return [order[start:start + batch_size] for start in range(0, num_rows, batch_size)]\n"
    ),
    hints=(
        "`rng.permutation(N)` gives each row number once, in a random order that the generator decides.",
        "Cut the permutation with slices that start at 0, `batch_size`, `2 * batch_size`, ...: "
        "`range(0, num_rows, batch_size)` gives exactly those starts, and a slice that runs past the end "
        "stops at the end.",
        "`order = rng.permutation(num_rows)`; return "
        "`[order[start:start + batch_size] for start in range(0, num_rows, batch_size)]`.",
    ),
    grade=_grade_batches,
    mistakes=(
        ("def epoch_batches(num_rows, batch_size, rng):\n"
         "    order = rng.integers(0, num_rows, size=num_rows)\n"
         "    return [order[s:s + batch_size] for s in range(0, num_rows, batch_size)]\n", "appears twice"),
        ("def epoch_batches(num_rows, batch_size, rng):\n"
         "    order = rng.permutation(num_rows)\n"
         "    return [order[i * batch_size:(i + 1) * batch_size] for i in range(num_rows // batch_size)]\n",
         "smaller batch is missing"),
        ("def epoch_batches(num_rows, batch_size, rng):\n"
         "    order = np.arange(num_rows)\n"
         "    return [order[s:s + batch_size] for s in range(0, num_rows, batch_size)]\n", "original order"),
        ("def epoch_batches(num_rows, batch_size, rng):\n"
         "    order = np.random.default_rng(0).permutation(num_rows)\n"
         "    return [order[s:s + batch_size] for s in range(0, num_rows, batch_size)]\n", "two epochs"),
        ("def epoch_batches(num_rows, batch_size, rng):\n"
         "    order = rng.permutation(num_rows)\n"
         "    return [order[s:s + batch_size] for s in range(0, num_rows + 1, batch_size)]\n", "empty batch"),
        ("def epoch_batches(num_rows, batch_size, rng):\n"
         "    starts = range(0, num_rows, batch_size)\n"
         "    batches = [np.arange(s, min(s + batch_size, num_rows)) for s in starts]\n"
         "    return [batches[i] for i in rng.permutation(len(batches))]\n", "neighbouring rows"),
    ),
)

EXERCISES = (COSINE, ADAM, BATCHES)
