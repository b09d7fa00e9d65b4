"""Lesson 14's exercises: memory arithmetic, normal equations streamed by hand, and merging two chunks."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._compare import as_result, compare
from ._core import Exercise, Incorrect, call, variant

# --- 14.1 ----------------------------------------------------------------------------------------


def _grade_chunk_rows(answer: Callable) -> None:
    cases = [("a budget of 256 MB and 10 features", 256 * 10**6, 10),
             ("a budget of 64 MB and 20 features", 64 * 10**6, 20),
             ("a budget of 1000 bytes and one feature", 1_000, 1),
             ("a budget of 100 bytes and 5 features", 100, 5),
             ("a budget of 7_000_001 bytes and 3 features", 7_000_001, 3)]
    for case, budget, d in cases:
        got = call(answer, case, budget, d)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            raise Incorrect(f"on {case}, return a whole number of rows (an int), got {type(got).__name__}: "
                            "// divides and rounds down")
        want = budget // (8 * (d + 1))
        if int(got) == want:
            continue
        known = {budget // (8 * d): "only X counted: each row also has its y, one more float64",
                 budget // (d + 1): "each number counted as one byte: a float64 takes 8",
                 -(-budget // (8 * (d + 1))): "the division rounded up: that many rows no longer fit"}
        for value, mistake in known.items():
            if value != want and int(got) == value:
                raise Incorrect(f"on {case}, the number of rows is not right: it looks like {mistake}")
        raise Incorrect(f"on {case}, the number of rows is not right")


_SOLUTION_141 = (
    "def chunk_rows_for_budget(budget_bytes, num_features):\n"
    '    """Most rows whose X (num_features columns) and y, in float64, fit in budget_bytes."""\n'
    "    bytes_per_row = 8 * (num_features + 1)  # D features and the target, 8 bytes each\n"
    "    return budget_bytes // bytes_per_row  # rounded down: one more row would not fit\n"
)

CHUNK_ROWS = Exercise(
    number="14.1",
    title="How many rows fit in a budget?",
    prompt=(
        "Section 1 measured a chunk in bytes. Turn it round: write\n"
        "`chunk_rows_for_budget(budget_bytes, num_features)` that returns the largest number of rows\n"
        "whose inputs (`num_features` float64 columns) and target (one float64 column) together take at\n"
        "most `budget_bytes` bytes. Return an int. The check tries the lesson's budgets, one feature, and\n"
        "budgets that do not divide evenly. Why does a real chunk size need to be smaller still?"
    ),
    name="chunk_rows_for_budget",
    stub=(
        "def chunk_rows_for_budget(budget_bytes, num_features):\n"
        '    """Most rows whose X (num_features columns) and y, in float64, fit in budget_bytes."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_141,
    hints=(
        "How many bytes does one row take? Count its numbers, then the bytes of each.",
        "A row holds `num_features` inputs and one target: `num_features + 1` numbers of 8 bytes each.",
        "`budget_bytes // (8 * (num_features + 1))`. (A real chunk needs room for temporaries too: the "
        "centred copy, the product with the weights, so a chunk of a third or less of the budget is safer.)",
    ),
    grade=_grade_chunk_rows,
    mistakes=(
        (variant(_SOLUTION_141, "8 * (num_features + 1)", "8 * num_features"), "only X counted"),
        (variant(_SOLUTION_141, "8 * (num_features + 1)", "(num_features + 1)"), "one byte"),
        (variant(_SOLUTION_141, "return budget_bytes // bytes_per_row",
                 "return -(-budget_bytes // bytes_per_row)"), "rounded up"),
        (variant(_SOLUTION_141, "return budget_bytes // bytes_per_row",
                 "return budget_bytes / bytes_per_row"), "an int"),
    ),
)

# --- 14.2 ----------------------------------------------------------------------------------------


def _sums(chunks, *, bias: str = "last", only_last: bool = False, mean: bool = False):
    """(A^T A, A^T y) over the chunks, A = [X, 1], or one of the wrong ways the grader names."""
    d = chunks[0][0].shape[1]
    size = d + (0 if bias == "none" else 1)
    AtA, Aty = np.zeros((size, size)), np.zeros((size, 1))
    for X, y in chunks:
        ones = np.ones((len(X), 1))
        A = {"last": np.hstack([X, ones]), "first": np.hstack([ones, X]), "none": X}[bias]
        if only_last:
            AtA, Aty = np.zeros((size, size)), np.zeros((size, 1))
        AtA = AtA + (A.T @ A / (len(X) if mean else 1))
        Aty = Aty + (A.T @ y / (len(X) if mean else 1))
    return AtA, Aty


def _chunks(seed: int, sizes: list[int], d: int):
    rng = np.random.default_rng(seed)
    out = []
    for n in sizes:
        X = rng.uniform(0.0, 1.0, size=(n, d))  # (n, d)
        out.append((X, X @ np.linspace(3.5, -3.5, d).reshape(-1, 1) + rng.uniform(-10, 20, size=(n, 1))))
    return out


def _grade_sums(answer: Callable) -> None:
    cases = [("three chunks of 4, 4 and 2 rows, 2 features", (0, [4, 4, 2], 2)),
             ("one chunk of 6 rows, 3 features", (1, [6], 3)),
             ("chunks of 5, 1 and 7 rows, one feature", (2, [5, 1, 7], 1)),
             ("four chunks of 3 rows, 4 features", (3, [3, 3, 3, 3], 4))]
    for case, setup in cases:
        chunks = _chunks(*setup)
        given = [(X.copy(), y.copy()) for X, y in chunks]
        got = call(answer, case, iter(chunks))
        if not all(np.array_equal(X, X0) and np.array_equal(y, y0)
                   for (X, y), (X0, y0) in zip(chunks, given, strict=True)):
            raise Incorrect(f"on {case}, the function changed a chunk: build A from it instead")
        if not (isinstance(got, tuple) and len(got) == 2):
            raise Incorrect(f"on {case}, return a pair (AtA, Aty), got {type(got).__name__}")
        AtA_want, Aty_want = _sums(chunks)
        AtA = as_result(got[0], case, "AtA")
        if AtA.shape == AtA_want[:-1, :-1].shape:
            raise Incorrect(f"on {case}, AtA has shape {AtA.shape}: the bias's column of ones is missing")
        compare(got[0], AtA_want, case, what="AtA", known={
            "the column of ones came first: the lesson puts the bias last, [X, 1]":
            _sums(chunks, bias="first")[0],
            "only the last chunk was kept: add every chunk's sums to the running ones":
            _sums(chunks, only_last=True)[0] if len(chunks) > 1 else np.nan,
            "each chunk's sums were divided by its rows: the normal equations need plain sums":
            _sums(chunks, mean=True)[0] if any(len(X) > 1 for X, _ in chunks) else np.nan,
        })
        compare(got[1], Aty_want, case, what="Aty", known={
            "only the last chunk was kept: add every chunk's sums to the running ones":
            _sums(chunks, only_last=True)[1] if len(chunks) > 1 else np.nan,
        })


_SOLUTION_142 = (
    "import numpy as np\n\n\n"
    "def normal_equation_sums(chunks):\n"
    '    """A^T A (D + 1, D + 1) and A^T y (D + 1, 1) over (X, y) chunks, with A = [X, 1]."""\n'
    "    AtA = Aty = 0.0\n"
    "    for X, y in chunks:\n"
    "        A = np.hstack([X, np.ones((len(X), 1))])  # (n, D + 1): the bias's column last\n"
    "        AtA = AtA + A.T @ A  # (D + 1, D + 1)\n"
    "        Aty = Aty + A.T @ y  # (D + 1, 1)\n"
    "    return AtA, Aty\n"
)

SUMS = Exercise(
    number="14.2",
    title="The normal equations' sums, chunk by chunk",
    prompt=(
        "Section 2 added each chunk's rows to $A^\\top A$ and $A^\\top y$. Write\n"
        "`normal_equation_sums(chunks)`: `chunks` yields `(X, y)` pairs, `X` of shape `(n, D)` and `y`\n"
        "`(n, 1)`, with `n` different from chunk to chunk; it may be a generator, so go through it once.\n"
        "Return the pair `(AtA, Aty)` of shapes `(D + 1, D + 1)` and `(D + 1, 1)` for $A = [X, 1]$, all\n"
        "chunks' rows together, the bias's column of ones last. The check uses chunks of unequal sizes, a\n"
        "chunk of one row, and a single chunk. `np.linalg.solve(AtA, Aty)` then gives $[W; b]$: why is\n"
        "that answer the same however the rows are cut into chunks?"
    ),
    name="normal_equation_sums",
    stub=(
        "def normal_equation_sums(chunks):\n"
        '    """A^T A (D + 1, D + 1) and A^T y (D + 1, 1) over (X, y) chunks, with A = [X, 1]."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_142,
    hints=(
        "Keep two running sums, and for each chunk build its own `A` and add its products to them.",
        "`A = np.hstack([X, np.ones((len(X), 1))])` appends the column of ones; the chunk adds `A.T @ A` "
        "and `A.T @ y`.",
        "Start both sums at 0 (or at zeros of the right shape, once you know D), add `A.T @ A` and "
        "`A.T @ y` for every chunk, and return them after the loop. Sums over rows do not care how the "
        "rows are grouped.",
    ),
    grade=_grade_sums,
    mistakes=(
        (variant(_SOLUTION_142, "np.hstack([X, np.ones((len(X), 1))])",
                 "np.hstack([np.ones((len(X), 1)), X])"), "came first"),
        (variant(_SOLUTION_142, "np.hstack([X, np.ones((len(X), 1))])", "X"), "column of ones is missing"),
        (variant(_SOLUTION_142, "AtA = AtA + A.T @ A", "AtA = A.T @ A"), "only the last chunk"),
        (variant(_SOLUTION_142, "AtA = AtA + A.T @ A", "AtA = AtA + A.T @ A / len(X)"),
         "divided by its rows"),
    ),
)

# --- 14.3 ----------------------------------------------------------------------------------------


def _merge(n_a, mean_a, ss_a, n_b, mean_b, ss_b, *, kind: str = "right"):
    n = n_a + n_b
    if kind == "unweighted":
        mean = (mean_a + mean_b) / 2
    else:
        mean = mean_a + (n_b / n) * (mean_b - mean_a)
    correction = {"right": n_a * n_b / n, "product": n_a * n_b, "none": 0.0,
                  "unweighted": n_a * n_b / n}[kind]
    return n, mean, ss_a + ss_b + correction * (mean_b - mean_a) ** 2


def _summary(values):
    values = np.asarray(values, dtype=np.float64)
    return len(values), float(values.mean()), float(np.sum((values - values.mean()) ** 2))


def _grade_merge(answer: Callable) -> None:
    cases = [("chunks [1, 2, 3] and [10, 20]", [1.0, 2.0, 3.0], [10.0, 20.0]),
             ("two chunks with the same mean, [0, 2] and [-1, 1, 3]", [0.0, 2.0], [-1.0, 1.0, 3.0]),
             ("a chunk of one value, [7], and [1, 2, 3, 4]", [7.0], [1.0, 2.0, 3.0, 4.0]),
             ("chunks [100.5, 101.5, 99] and [-3, -4, -5, -6, -7]", [100.5, 101.5, 99.0],
              [-3.0, -4.0, -5.0, -6.0, -7.0])]
    for case, a, b in cases:
        args = (*_summary(a), *_summary(b))
        got = call(answer, case, *args)
        if not (isinstance(got, tuple) and len(got) == 3):
            raise Incorrect(f"on {case}, return three things (count, mean, sum_sq), got {type(got).__name__}")
        count, mean, ss = got
        want = _merge(*args)
        compare(count, want[0], case, what="the count")
        compare(mean, want[1], case, what="the mean", known={
            "the two means were averaged as equals: weight each by its count":
            _merge(*args, kind="unweighted")[1] if len(a) != len(b) else np.nan})
        compare(ss, want[2], case, what="the centred sum of squares", known={
            "the two sums were added with no correction: each is centred on its own chunk's mean, not the "
            "merged one": _merge(*args, kind="none")[2] if np.mean(a) != np.mean(b) else np.nan,
            "the correction used n_a n_b where n_a n_b / n is needed":
            _merge(*args, kind="product")[2] if np.mean(a) != np.mean(b) else np.nan,
        })


_SOLUTION_143 = (
    "def merge_sums(n_a, mean_a, ss_a, n_b, mean_b, ss_b):\n"
    '    """Count, mean and centred sum of squares of two chunks together, from each chunk\'s own."""\n'
    "    n = n_a + n_b\n"
    "    delta = mean_b - mean_a\n"
    "    mean = mean_a + delta * n_b / n  # the counts weigh the two means\n"
    "    # Each ss is centred on its own chunk's mean; moving both to the merged\n"
    "    # mean adds n_a n_b / n times delta squared.\n"
    "    ss = ss_a + ss_b + delta**2 * n_a * n_b / n\n"
    "    return n, mean, ss\n"
)

MERGE = Exercise(
    number="14.3",
    title="Merging two chunks' centred sums",
    prompt=(
        "`lessons_utils.streaming` keeps, for each chunk, its sums **centred** on the chunk's own means,\n"
        "and `merge_gram_sums` merges two chunks exactly. Write its one-column version,\n"
        "`merge_sums(n_a, mean_a, ss_a, n_b, mean_b, ss_b)`: each chunk gives its number of values\n"
        "`n`, their `mean`, and `ss`, the sum of squared differences from that mean. Return the triple\n"
        "`(n, mean, ss)` of the two chunks' values together, without the values themselves. The check\n"
        "tries chunks with equal means, a chunk of one value, and means far apart. Why would adding raw\n"
        "sums of squares and subtracting $n\\bar{x}^2$ at the end lose digits when the mean is large?"
    ),
    name="merge_sums",
    stub=(
        "def merge_sums(n_a, mean_a, ss_a, n_b, mean_b, ss_b):\n"
        '    """Count, mean and centred sum of squares of two chunks together, from each chunk\'s own."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=_SOLUTION_143,
    hints=(
        "The count is easy, and the mean is a weighted average of the two means: weighted by what?",
        "A sum of squares about a point $c$ equals the sum about the mean plus $n(\\bar{x} - c)^2$. Move "
        "each chunk's `ss` to the merged mean that way and add them.",
        "With $\\delta = \\bar{x}_b - \\bar{x}_a$: mean $= \\bar{x}_a + \\delta\\, n_b / n$ and "
        "`ss = ss_a + ss_b + delta**2 * n_a * n_b / n` (the two moves of hint 2, added up). Raw sums of "
        "squares are large and nearly equal to $n\\bar{x}^2$, so their difference loses digits (lesson 8).",
    ),
    grade=_grade_merge,
    mistakes=(
        (variant(_SOLUTION_143, "ss = ss_a + ss_b + delta**2 * n_a * n_b / n", "ss = ss_a + ss_b"),
         "no correction"),
        (variant(_SOLUTION_143, "ss = ss_a + ss_b + delta**2 * n_a * n_b / n",
                 "ss = ss_a + ss_b + delta**2 * n_a * n_b"), "n_a n_b where"),
        (variant(_SOLUTION_143, "mean = mean_a + delta * n_b / n", "mean = (mean_a + mean_b) / 2"),
         "averaged as equals"),
    ),
)

EXERCISES = (CHUNK_ROWS, SUMS, MERGE)
