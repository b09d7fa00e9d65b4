"""Lesson 10's exercises: learning rates, mini-batches and optimizers."""

from __future__ import annotations

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call, variant

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
        "\n"
        "$$\\alpha_t = \\alpha_\\text{final} + (\\alpha_\\text{initial} - \\alpha_\\text{final})\\,\n"
        "\\frac{1 + \\cos(\\pi t / T)}{2}$$\n"
        "\n"
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


def _momentum(gradients, rate: float, beta: float, *, kind: str = "right") -> np.ndarray:
    """The changes of one parameter under momentum, or under one of the wrong rules the grader names."""
    velocity, steps = 0.0, []
    for g in np.asarray(gradients, dtype=np.float64):
        previous = velocity
        if kind == "average":
            velocity = beta * velocity + (1 - beta) * g
        elif kind == "beta on g":
            velocity = velocity + beta * g
        else:
            velocity = beta * velocity + g
        along = {"plain": g, "stale": previous}.get(kind, velocity)
        steps.append(rate * along if kind == "uphill" else -rate * along)
    return np.array(steps)


def _grade_momentum(answer) -> None:
    cases = [("a constant gradient 1 for 6 steps, learning rate 0.1, beta 0.9", [1.0] * 6, 0.1, 0.9),
             ("gradients that flip sign, (2, -2, 2, -2, 2), learning rate 0.05, beta 0.8",
              [2.0, -2.0, 2.0, -2.0, 2.0], 0.05, 0.8),
             ("uneven gradients (0.5, 0, -1.5, 3), learning rate 0.2, beta 0.5",
              [0.5, 0.0, -1.5, 3.0], 0.2, 0.5),
             ("beta = 0, which is plain SGD: gradients (1, -3, 2), learning rate 0.1",
              [1.0, -3.0, 2.0], 0.1, 0.0)]
    for case, gradients, rate, beta in cases:
        got = call(answer, case, list(gradients), rate, beta)
        known = {"an exponential average, v <- beta v + (1 - beta) g: lesson 10's momentum adds the whole "
                 "gradient, v <- beta v + g": _momentum(gradients, rate, beta, kind="average"),
                 "plain SGD steps along g: momentum steps along the velocity v":
                 _momentum(gradients, rate, beta, kind="plain"),
                 "each step used the velocity before this step's gradient was added: update v first, then "
                 "step along it": _momentum(gradients, rate, beta, kind="stale"),
                 "beta multiplying the new gradient; it multiplies the old velocity":
                 _momentum(gradients, rate, beta, kind="beta on g"),
                 "steps uphill: the change is minus the learning rate times v":
                 _momentum(gradients, rate, beta, kind="uphill")}
        compare(got, _momentum(gradients, rate, beta), case, what="the array of changes", known=known)


_SOLUTION_102 = (
    "import numpy as np\n\n\n"
    "def momentum_steps(gradients, learning_rate, beta):\n"
    '    """The change (T,) of one parameter at each of T momentum steps, from velocity 0."""\n'
    "    velocity, changes = 0.0, []\n"
    "    for g in gradients:\n"
    "        velocity = beta * velocity + g  # the old velocity, shrunk, plus the new gradient\n"
    "        changes.append(-learning_rate * velocity)  # then one step along it\n"
    "    # With a constant gradient g the velocity tends to g / (1 - beta): the steps grow towards\n"
    "    # learning_rate * g / (1 - beta), ten times plain SGD's for beta = 0.9. That is why lesson 10\n"
    "    # gives momentum a tenth of SGD's learning rate.\n"
    "    return np.array(changes)\n"
)

MOMENTUM = Exercise(
    number="10.2",
    title="Momentum's steps by hand",
    prompt=(
        "Section 6 describes momentum: a velocity $v \\leftarrow \\beta v + g$, and a step\n"
        "$\\theta \\leftarrow \\theta - \\alpha v$ along it, with $v = 0$ at the start. Write\n"
        "`momentum_steps(gradients, learning_rate, beta)` that returns, as an array of shape (T,), how much\n"
        "one parameter *changes* at each of T steps (new value minus old) when its gradients at those\n"
        "steps are `gradients`. The cases include a constant gradient, gradients that flip sign and\n"
        "$\\beta = 0$. Before you run the check: with a constant gradient, what step size do the steps\n"
        "approach, and why does lesson 10 give momentum a tenth of SGD's learning rate?"
    ),
    name="momentum_steps",
    stub=(
        "def momentum_steps(gradients, learning_rate, beta):\n"
        '    """The change (T,) of one parameter at each of T momentum steps, from velocity 0."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_102,
    hints=(
        "Keep one number, the velocity, across the steps; it starts at 0.",
        "At each step first update the velocity with the new gradient, then record the change "
        "$-\\alpha v$.",
        "`velocity = beta * velocity + g`, then append `-learning_rate * velocity`. With a constant "
        "gradient the velocity approaches $g / (1 - \\beta)$.",
    ),
    grade=_grade_momentum,
    mistakes=(
        (variant(_SOLUTION_102, "beta * velocity + g ", "beta * velocity + (1 - beta) * g "),
         "exponential average"),
        (variant(_SOLUTION_102, "-learning_rate * velocity)", "-learning_rate * g)"), "plain SGD"),
        (variant(_SOLUTION_102, "-learning_rate * velocity)", "learning_rate * velocity)"), "uphill"),
        (variant(_SOLUTION_102, "beta * velocity + g ", "velocity + beta * g "), "old velocity"),
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

EXERCISES = (COSINE, MOMENTUM, BATCHES)
