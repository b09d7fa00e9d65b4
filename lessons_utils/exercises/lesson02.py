"""Lesson 2's exercises: train, validation and test splits."""

from __future__ import annotations

import math

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call

# --- 2.1 -----------------------------------------------------------------------------------------


def _counts(num_samples: int, fractions: tuple, *, guard: float = 1e-9) -> tuple[int, int, int]:
    train = math.floor(fractions[0] * num_samples + guard)
    val = math.floor(fractions[1] * num_samples + guard)
    return train, val, num_samples - train - val


def _grade_counts(answer) -> None:
    for case, n, fractions in [("N = 50 with fractions (0.7, 0.15, 0.15)", 50, (0.7, 0.15, 0.15)),
                               ("N = 101 with fractions (0.6, 0.2, 0.2)", 101, (0.6, 0.2, 0.2)),
                               ("N = 90 with fractions (0.7, 0.15, 0.15), where 0.7 * 90 is a hair "
                                "below 63 in floating point", 90, (0.7, 0.15, 0.15))]:
        got = as_result(call(answer, case, n, fractions), case, "the triple (n_train, n_val, n_test)")
        if got.shape != (3,):
            raise Incorrect(f"on {case}, return three counts (train, val, test), got shape {got.shape}")
        if got.sum() != n:
            raise Incorrect(f"on {case}, the three counts add up to {got.sum():g}, not N = {n}: let the test "
                            "split take whatever rows are left")
        known = {"rounding to the nearest row; lesson 2 rounds train and val down":
                 (round(fractions[0] * n), round(fractions[1] * n), n - round(fractions[0] * n)
                  - round(fractions[1] * n)),
                 "fraction * N rounded down without a guard against floating-point error (add a tiny "
                 "1e-9 before rounding down)": _counts(n, fractions, guard=0.0)}
        compare(got, _counts(n, fractions), case, what="the triple (n_train, n_val, n_test)", known=known)


COUNTS = Exercise(
    number="2.1",
    title="How many rows go where?",
    prompt=(
        "Write `split_counts(num_samples, fractions)` that returns the sizes `(n_train, n_val, n_test)`\n"
        "the way lesson 2 computes them: train and validation get their fraction of $N$ rounded down,\n"
        "and the test split takes the rest. One of the checked cases hides a floating-point trap."
    ),
    name="split_counts",
    stub=(
        "def split_counts(num_samples, fractions):\n"
        '    """(n_train, n_val, n_test): train and val rounded down, test takes the rest."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import math\n\n\n"
        "def split_counts(num_samples, fractions):\n"
        '    """(n_train, n_val, n_test): train and val rounded down, test takes the rest."""\n'
        "    # 0.7 * 90 is 62.99999999999999 in floating point: the tiny guard keeps it at 63.\n"
        "    n_train = math.floor(fractions[0] * num_samples + 1e-9)\n"
        "    n_val = math.floor(fractions[1] * num_samples + 1e-9)\n"
        "    return n_train, n_val, num_samples - n_train - n_val\n"
    ),
    hints=(
        "`math.floor` rounds down. The test count is not a fraction of $N$ at all: it is what is left.",
        "Print `0.7 * 90` in a cell. Floating-point arithmetic can land a hair below a whole number; "
        "adding a tiny amount such as `1e-9` before rounding down keeps such cases whole.",
        "`n_train = math.floor(fractions[0] * num_samples + 1e-9)`, the same for `n_val`, and "
        "`n_test = num_samples - n_train - n_val`.",
    ),
    grade=_grade_counts,
    mistakes=(
        ("def split_counts(num_samples, fractions):\n"
         "    n_train, n_val = round(fractions[0] * num_samples), round(fractions[1] * num_samples)\n"
         "    return n_train, n_val, num_samples - n_train - n_val\n", "nearest row"),
        ("import math\n\ndef split_counts(num_samples, fractions):\n"
         "    return tuple(math.floor(f * num_samples + 1e-9) for f in fractions)\n", "add up to"),
        ("import math\n\ndef split_counts(num_samples, fractions):\n"
         "    n_train = math.floor(fractions[0] * num_samples)\n"
         "    n_val = math.floor(fractions[1] * num_samples)\n"
         "    return n_train, n_val, num_samples - n_train - n_val\n", "floating-point"),
    ),
)

# --- 2.2 -----------------------------------------------------------------------------------------


def _grade_split(answer) -> None:
    n, fractions = 1_000, (0.6, 0.2, 0.2)
    case = "N = 1_000 rows with fractions (0.6, 0.2, 0.2)"
    X = np.arange(n, dtype=np.float64).reshape(-1, 1)  # row i holds i ...
    y = 10 * X + 1  # ... and its target 10 i + 1, so pairs can be checked
    parts = call(answer, case, X, y, fractions, np.random.default_rng(3))
    if not isinstance(parts, (tuple, list)) or len(parts) != 3 or any(
            not isinstance(part, (tuple, list)) or len(part) != 2 for part in parts):
        raise Incorrect(f"on {case}, return three (X, y) pairs: (X_train, y_train), (X_val, y_val), "
                        "(X_test, y_test)")
    sizes = []
    for name, (X_part, y_part) in zip(("train", "val", "test"), parts, strict=True):
        X_part, y_part = as_result(X_part, case, f"X_{name}"), as_result(y_part, case, f"y_{name}")
        if X_part.ndim != 2 or X_part.shape[1] != 1 or y_part.shape != X_part.shape:
            raise Incorrect(f"on {case}, X_{name} and y_{name} should both be columns of the same length")
        if not np.array_equal(y_part, 10 * X_part + 1):
            raise Incorrect(f"on {case}, in the {name} split some y no longer belongs to its X: shuffle "
                            "the rows of X and y with one permutation")
        sizes.append(len(X_part))
    rows = np.concatenate([part[0] for part in parts]).ravel()
    if sorted(rows.tolist()) != list(range(n)):
        raise Incorrect(f"on {case}, the splits should use every row exactly once (some row is missing "
                        "or appears twice)")
    compare(sizes, _counts(n, fractions), case, what="the triple of split sizes")
    if np.array_equal(rows, np.arange(n)):
        raise Incorrect(f"on {case}, the rows come out in their original order: shuffle before cutting")
    n_train, n_val, _ = _counts(n, fractions)
    if sorted(rows[n_train + n_val:].tolist()) == list(range(n_train + n_val, n)):
        raise Incorrect(f"on {case}, the test split holds exactly the last rows, as if the data were cut "
                        "in order and shuffled afterwards: shuffle all the rows first, then cut")
    repeat = call(answer, case, X, y, fractions, np.random.default_rng(3))
    if not np.array_equal(np.concatenate([part[0] for part in repeat]).ravel(), rows):
        raise Incorrect(f"on {case}, the same seed gave a different split: shuffle with `rng`")


SPLIT = Exercise(
    number="2.2",
    title="Shuffle, then cut",
    prompt=(
        "Write `shuffled_split(X, y, fractions, rng)` that shuffles the rows of `X` (N, 1) and `y`\n"
        "(N, 1) together with the generator `rng`, cuts them into train, validation and test with\n"
        "lesson 2's sizes, and returns `((X_train, y_train), (X_val, y_val), (X_test, y_test))`.\n"
        "You may use your `split_counts` from exercise 2.1, or `lessons_utils.split_sizes`."
    ),
    name="shuffled_split",
    stub=(
        "def shuffled_split(X, y, fractions, rng):\n"
        '    """((X_train, y_train), (X_val, y_val), (X_test, y_test)), shuffled with rng, then cut."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "from lessons_utils import split_sizes\n\n\n"
        "def shuffled_split(X, y, fractions, rng):\n"
        '    """((X_train, y_train), (X_val, y_val), (X_test, y_test)), shuffled with rng, then cut."""\n'
        "    n_train, n_val, _ = split_sizes(len(X), fractions)\n"
        "    order = rng.permutation(len(X))  # one permutation for X and y: pairs stay together\n"
        "    X, y = X[order], y[order]\n"
        "    cut = n_train + n_val\n"
        "    return (X[:n_train], y[:n_train]), (X[n_train:cut], y[n_train:cut]), (X[cut:], y[cut:])\n"
    ),
    hints=(
        "Shuffle *row numbers*, not the arrays one by one: `rng.permutation(N)` is a shuffled "
        "`0, ..., N - 1`.",
        "Index both arrays with the same permutation, `X[order]` and `y[order]`, then slice: the first "
        "`n_train` rows, the next `n_val`, the rest.",
        "`order = rng.permutation(len(X))`; `X, y = X[order], y[order]`; then "
        "`X[:n_train]`, `X[n_train:n_train + n_val]`, `X[n_train + n_val:]`, and the same for `y`.",
    ),
    grade=_grade_split,
    mistakes=(
        ("from lessons_utils import split_sizes\n\ndef shuffled_split(X, y, fractions, rng):\n"
         "    a, b, _ = split_sizes(len(X), fractions)\n"
         "    return (X[:a], y[:a]), (X[a:a + b], y[a:a + b]), (X[a + b:], y[a + b:])\n", "original order"),
        ("from lessons_utils import split_sizes\n\ndef shuffled_split(X, y, fractions, rng):\n"
         "    a, b, _ = split_sizes(len(X), fractions)\n"
         "    parts = []\n"
         "    for lo, hi in [(0, a), (a, a + b), (a + b, len(X))]:\n"
         "        order = rng.permutation(hi - lo)  # shuffled inside each split: too late\n"
         "        parts.append((X[lo:hi][order], y[lo:hi][order]))\n"
         "    return tuple(parts)\n", "shuffled afterwards"),
        ("from lessons_utils import split_sizes\n\ndef shuffled_split(X, y, fractions, rng):\n"
         "    a, b, _ = split_sizes(len(X), fractions)\n"
         "    X, y = rng.permutation(X), rng.permutation(y)\n"
         "    return (X[:a], y[:a]), (X[a:a + b], y[a:a + b]), (X[a + b:], y[a + b:])\n",
         "no longer belongs"),
        ("from lessons_utils import split_sizes\n\ndef shuffled_split(X, y, fractions, rng):\n"
         "    a, b, _ = split_sizes(len(X), fractions)\n"
         "    order = rng.integers(0, len(X), size=len(X))\n"
         "    X, y = X[order], y[order]\n"
         "    return (X[:a], y[:a]), (X[a:a + b], y[a:a + b]), (X[a + b:], y[a + b:])\n", "exactly once"),
    ),
)

# --- 2.3 -----------------------------------------------------------------------------------------


def _grade_ordered(answer) -> None:
    for case, n, fractions in [("N = 50 with fractions (0.7, 0.15, 0.15)", 50, (0.7, 0.15, 0.15)),
                               ("N = 1_000 with fractions (0.8, 0.1, 0.1)", 1_000, (0.8, 0.1, 0.1)),
                               ("N = 21 with fractions (0.5, 0.25, 0.25)", 21, (0.5, 0.25, 0.25))]:
        n_train, n_val, _ = _counts(n, fractions)
        want = (n_train + n_val + n - 1) / 2  # the mean of the last n_test inputs
        known = {"the mean of all N inputs, which a shuffled split gives on average; without a "
                 "shuffle the test split holds only the last rows": (n - 1) / 2,
                 "the mean of the training inputs, not the test ones": (n_train - 1) / 2}
        compare(call(answer, case, n, fractions), want, case, what="the mean x of the test split",
                known=known)


ORDERED = Exercise(
    number="2.3",
    title="What goes wrong without a shuffle",
    prompt=(
        "The course's inputs are $x = 0, 1, \\dots, N-1$ in order. Suppose we forgot to shuffle and cut\n"
        "the rows as they come. Write `ordered_test_mean(num_samples, fractions)` that returns the mean\n"
        "$x$ of the test split then (lesson 2's sizes). Compare it with the mean of all $x$: what would a\n"
        "model trained on the first rows and tested on these be asked to do?"
    ),
    name="ordered_test_mean",
    stub=(
        "def ordered_test_mean(num_samples, fractions):\n"
        '    """Mean x of the test split when the rows 0..N-1 are cut in order, without a shuffle."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "from lessons_utils import split_sizes\n\n\n"
        "def ordered_test_mean(num_samples, fractions):\n"
        '    """Mean x of the test split when the rows 0..N-1 are cut in order, without a shuffle."""\n'
        "    n_train, n_val, _ = split_sizes(num_samples, fractions)\n"
        "    first = n_train + n_val  # the test split is x = first, ..., N - 1\n"
        "    return (first + num_samples - 1) / 2\n"
    ),
    hints=(
        "Without a shuffle the test split is the *last* `n_test` rows: which $x$ values are those?",
        "The test split holds $x = n_\\text{train} + n_\\text{val}, \\dots, N - 1$: consecutive whole "
        "numbers, whose mean is halfway between the first and the last.",
        "`first = n_train + n_val`; return `(first + num_samples - 1) / 2`. Every test $x$ lies beyond "
        "all training $x$: the model would be asked to extrapolate.",
    ),
    grade=_grade_ordered,
    mistakes=(
        ("def ordered_test_mean(num_samples, fractions):\n    return (num_samples - 1) / 2\n",
         "shuffled split gives"),
        ("from lessons_utils import split_sizes\n\ndef ordered_test_mean(num_samples, fractions):\n"
         "    n_train, n_val, _ = split_sizes(num_samples, fractions)\n"
         "    return (n_train - 1) / 2\n", "training inputs"),
        ("from lessons_utils import split_sizes\n\ndef ordered_test_mean(num_samples, fractions):\n"
         "    n_train, n_val, _ = split_sizes(num_samples, fractions)\n"
         "    return (n_train + n_val + num_samples) / 2\n", "is not right"),
    ),
)

EXERCISES = (COUNTS, SPLIT, ORDERED)
