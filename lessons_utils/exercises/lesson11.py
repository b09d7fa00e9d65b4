"""Lesson 11's exercises: early stopping with patience, and reading learning curves."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ._compare import compare
from ._core import Exercise, Incorrect, call

# --- 11.1 ----------------------------------------------------------------------------------------
# The rules of lessons_utils.EarlyStopping (min_delta 0): epoch 0 is a candidate; only a strictly lower
# loss is a new best; it stops at the first epoch e with e - best_epoch >= patience; then it looks no further.


def _stopping(losses: Sequence[float], patience: int, *, tie_is_best: bool = False, offset: int = 0,
              skip_start: bool = False, from_last_fall: bool = False) -> tuple[int, int | None]:
    """(best_epoch, stopped_epoch) by the lesson's rules, or by one of the named wrong variants."""
    best, best_epoch, waited = float("inf"), -1, 0
    for epoch, loss in enumerate(losses):
        if skip_start and epoch == 0:
            continue
        if loss < best or (tie_is_best and loss == best):
            best, best_epoch, waited = loss, epoch, 0
            continue
        waited = 0 if from_last_fall and loss < losses[epoch - 1] else waited + 1
        if waited >= patience + offset:
            return best_epoch, epoch
    return best_epoch, None


def _wrong_stoppings(losses: Sequence[float], patience: int) -> dict[str, tuple[int, int | None]]:
    """The answers of common wrong stoppers, by a description of the mistake (checked in this order)."""
    right = _stopping(losses, patience)
    last_run = len(losses) - 1 if right[1] is None else right[1]
    return {
        "a stop at the first epoch without a new best: patience is ignored": _stopping(losses, 1),
        "a tie with the best counted as a new best; only a strictly lower loss is one":
            _stopping(losses, patience, tie_is_best=True),
        "a stop one epoch late: stop as soon as epoch - best_epoch reaches patience":
            _stopping(losses, patience, offset=1),
        "a stop one epoch early: the epochs without a new best are patience at the stop, not patience - 1":
            _stopping(losses, patience, offset=-1) if patience > 1 else right,
        "epoch 0 (the starting weights) left out; it is a candidate too": _stopping(losses, patience,
                                                                                   skip_start=True),
        "patience counted from the last fall of the loss, not from the best epoch":
            _stopping(losses, patience, from_last_fall=True),
        "the best epoch looked for over the whole list, also after the stop":
            (int(np.argmin(losses)), right[1]),
        "the last epoch run reported as the best one, not the epoch of the lowest loss": (last_run, right[1]),
        "epochs counted from 1, not from 0": (right[0] + 1, None if right[1] is None else right[1] + 1),
    }


def _as_epoch(value: object, case: str, what: str, *, none_ok: bool) -> int | None:
    if value is None and none_ok:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        kind = "an int or None" if none_ok else "an int"
        raise Incorrect(f"on {case}, {what} should be {kind}, got {type(value).__name__}")
    return int(value)


def _grade_stopping(answer: Callable) -> None:
    cases = [
        ("a curve that falls, wobbles and falls again, patience 3",
         [1.0, 0.8, 0.85, 0.7, 0.72, 0.75, 0.74, 0.73, 0.76, 0.6], 3),
        ("a curve that ties its best, patience 3", [2.0, 1.5, 1.5, 1.6, 1.5, 1.7, 1.8], 3),
        ("a curve that keeps falling, patience 2", [3.0, 2.0, 1.5, 1.2, 1.1], 2),
        ("a curve whose patience runs out on its last epoch, patience 2", [1.0, 0.5, 0.6, 0.7], 2),
        ("a curve whose best epoch is the start, patience 2", [1.0, 1.2, 1.1, 1.3, 0.9], 2),
        ("patience 1 (stop at the first epoch without a new best)", [1.0, 0.9, 0.95, 0.8], 1),
        ("a single epoch (only the start)", [0.5], 1),
        ("a NumPy array of 12 epochs, patience 4",
         np.array([4.0, 3.0, 2.5, 2.6, 2.4, 2.45, 2.5, 2.42, 2.41, 2.6, 2.2, 2.1]), 4),
    ]
    for case, losses, patience in cases:
        given = np.array(losses, dtype=np.float64)
        got = call(answer, case, losses, patience)
        if not np.array_equal(np.asarray(losses, dtype=np.float64), given):
            raise Incorrect(f"on {case}, the function changed the losses it was given: work on a copy")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Incorrect(f"on {case}, return two things: (best_epoch, stopped_epoch)")
        got = (_as_epoch(got[0], case, "best_epoch", none_ok=False),
               _as_epoch(got[1], case, "stopped_epoch", none_ok=True))
        want = _stopping(list(given), patience)
        if got == want:
            continue
        for mistake, value in _wrong_stoppings(list(given), patience).items():
            if value != want and got == value:
                raise Incorrect(f"on {case}, (best_epoch, stopped_epoch) is not right: it looks like "
                                f"{mistake}")
        if got[0] != want[0]:
            raise Incorrect(f"on {case}, best_epoch is not right: it is the first epoch with the lowest loss "
                            "among the epochs run")
        raise Incorrect(f"on {case}, stopped_epoch is not right (None means that patience never ran out)")


STOPPING = Exercise(
    number="11.1",
    title="Early stopping by hand",
    prompt=(
        "Replay early stopping on a finished run. Write `stopping_epochs(val_losses, patience)`: given\n"
        "the validation loss of every epoch (`val_losses[0]` is epoch 0, the starting weights) it returns\n"
        "`(best_epoch, stopped_epoch)` as `lessons_utils.EarlyStopping` would report them, without using\n"
        "it: an epoch is a new best only if its loss is *strictly* lower than the best so far; the stopper\n"
        "stops at the first epoch that is `patience` epochs after the best with no new best in between,\n"
        "and looks at nothing after that; `stopped_epoch` is `None` if patience never runs out. The check\n"
        "tries curves that wobble, tie their best, keep falling, run out of patience on their last\n"
        "epoch, are best at the start, have a single epoch, and a NumPy array as well as lists."
    ),
    name="stopping_epochs",
    stub=(
        "def stopping_epochs(val_losses, patience):\n"
        '    """(best_epoch, stopped_epoch or None) of early stopping; val_losses (E + 1,)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "def stopping_epochs(val_losses, patience):\n"
        '    """(best_epoch, stopped_epoch or None) of early stopping; val_losses (E + 1,)."""\n'
        '    best_loss, best_epoch = float("inf"), -1\n'
        "    for epoch, loss in enumerate(val_losses):\n"
        "        if loss < best_loss:  # strictly lower: a tie is no improvement\n"
        "            best_loss, best_epoch = loss, epoch\n"
        "        elif epoch - best_epoch >= patience:  # patience epochs since the best, none better\n"
        "            return best_epoch, epoch  # stop here: later epochs are never seen\n"
        "    return best_epoch, None  # patience never ran out\n"
    ),
    hints=(
        "Walk through the epochs in order, keeping two things: the best loss so far and its epoch. "
        "`enumerate(val_losses)` gives each epoch with its loss.",
        "At each epoch, either the loss beats the best (`<`, not `<=`), and it becomes the new best, or it "
        "does not, and you ask how many epochs have passed since the best: `epoch - best_epoch`.",
        "Start with `best_loss = inf`; if `loss < best_loss` record it, `elif epoch - best_epoch >= "
        "patience: return best_epoch, epoch`; after the loop `return best_epoch, None`.",
    ),
    grade=_grade_stopping,
    mistakes=(
        ("def stopping_epochs(val_losses, patience):\n"
         "    best_epoch = 0\n"
         "    for epoch in range(1, len(val_losses)):\n"
         "        if val_losses[epoch] >= val_losses[best_epoch]:\n"
         "            return best_epoch, epoch\n"
         "        best_epoch = epoch\n"
         "    return best_epoch, None\n", "patience is ignored"),
        ('def stopping_epochs(val_losses, patience):\n    best_loss, best_epoch = float("inf"), -1\n'
         "    for epoch, loss in enumerate(val_losses):\n"
         "        if loss < best_loss:\n            best_loss, best_epoch = loss, epoch\n"
         "        elif epoch - best_epoch > patience:\n            return best_epoch, epoch\n"
         "    return best_epoch, None\n", "one epoch late"),
        ('def stopping_epochs(val_losses, patience):\n    best_loss, best_epoch = float("inf"), -1\n'
         "    for epoch, loss in enumerate(val_losses):\n"
         "        if loss <= best_loss:\n            best_loss, best_epoch = loss, epoch\n"
         "        elif epoch - best_epoch >= patience:\n            return best_epoch, epoch\n"
         "    return best_epoch, None\n", "tie with the best"),
        ('def stopping_epochs(val_losses, patience):\n    best_loss, best_epoch = float("inf"), -1\n'
         "    for epoch, loss in enumerate(val_losses):\n"
         "        if loss < best_loss:\n            best_loss, best_epoch = loss, epoch\n"
         "        elif epoch - best_epoch >= patience:\n            return epoch, epoch\n"
         "    return len(val_losses) - 1, None\n", "last epoch run"),
        ("import numpy as np\n\ndef stopping_epochs(val_losses, patience):\n"
         "    waited = 0\n"
         "    for epoch in range(1, len(val_losses)):\n"
         "        waited = 0 if val_losses[epoch] < min(val_losses[:epoch]) else waited + 1\n"
         "        if waited == patience:\n"
         "            return int(np.argmin(val_losses)), epoch\n"
         "    return int(np.argmin(val_losses)), None\n", "after the stop"),
        ("def stopping_epochs(val_losses, patience):\n"
         "    best_epoch, waited = 0, 0\n"
         "    for epoch in range(1, len(val_losses)):\n"
         "        if val_losses[epoch] < val_losses[best_epoch]:\n"
         "            best_epoch, waited = epoch, 0\n"
         "        elif val_losses[epoch] < val_losses[epoch - 1]:\n"
         "            waited = 0\n"
         "        else:\n"
         "            waited += 1\n"
         "        if waited >= patience:\n"
         "            return best_epoch, epoch\n"
         "    return best_epoch, None\n", "last fall"),
    ),
)

# --- 11.2 ----------------------------------------------------------------------------------------


def _grade_reading(answer: Callable) -> None:
    sizes = np.array([3, 5, 8, 12, 19, 30])
    noise = 75.0
    cases = [
        ("averaged learning curves at 6 sizes, noise variance 75", noise * (sizes - 2) / sizes,
         noise * (1 + 2.3 / sizes) + np.array([4.0, -1.5, 0.7, -0.3, 0.2, -0.1]), noise),
        ("a single training-set size, noise variance 0.25", np.array([0.2]), np.array([0.31]), 0.25),
        ("curves that have nearly met, noise variance 2", np.array([1.2, 1.8, 1.95, 1.99]),
         np.array([6.0, 2.5, 2.1, 2.02]), 2.0),
    ]
    for case, train, new_rows, variance in cases:
        got = call(answer, case, train.copy(), new_rows.copy(), variance)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Incorrect(f"on {case}, return two arrays: (gap, irreducible_share)")
        gap, share = got
        compare(gap, new_rows - train, case, what="the gap", known={
            "the gap between the new-row error and the noise variance, not between the two curves":
                new_rows - variance,
            "the gap between the noise variance and the training error, not between the two curves":
                variance - train})
        compare(share, variance / new_rows, case, what="the irreducible share", known={
            "the share of the new-row error that more data or a better line could remove; the irreducible "
            "share is the other part": 1 - variance / new_rows,
            "the noise variance divided by the training error, not by the error on new rows":
                variance / train,
            "the noise variance divided by the gap, not by the error on new rows":
                variance / (new_rows - train),
            "a percentage; give the share as a fraction from 0 to 1": 100 * variance / new_rows})


READING = Exercise(
    number="11.2",
    title="What would more data buy?",
    prompt=(
        "Section 4 read its learning curves by eye. Put numbers on that reading: write\n"
        "`read_learning_curve(train_curve, new_row_curve, noise_variance)`, where the two curves are\n"
        "the averaged training MSE and MSE on new rows at each training-set size, shape `(k,)` each, and\n"
        "`noise_variance` is $\\sigma^2$. Return `(gap, irreducible_share)`, both of shape `(k,)`: the gap\n"
        "between the two curves at each size (new rows minus training), and the\n"
        "share of the error on new rows that no line can remove, a fraction from 0 to 1. The check tries a\n"
        "curve like the lesson's, a single size, and curves that have nearly met.\n\n"
        "Then read your numbers: where the share is close to 1 and the gap small, would more rows help?"
    ),
    name="read_learning_curve",
    stub=(
        "def read_learning_curve(train_curve, new_row_curve, noise_variance):\n"
        '    """(gap, irreducible_share), (k,) each, from the (k,) curves and sigma^2."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def read_learning_curve(train_curve, new_row_curve, noise_variance):\n"
        '    """(gap, irreducible_share), (k,) each, from the (k,) curves and sigma^2."""\n'
        "    train_curve, new_row_curve = np.asarray(train_curve), np.asarray(new_row_curve)  # (k,) each\n"
        "    gap = new_row_curve - train_curve  # how much the fit flatters itself on its own rows\n"
        "    # sigma^2 is the part of the new-row error no line can predict; the rest is the line's miss.\n"
        "    # Where the share is near 1 and the gap small, more rows cannot help this model much.\n"
        "    return gap, noise_variance / new_row_curve\n"
    ),
    hints=(
        "Both answers are element-wise arithmetic on the two arrays: no loop needed.",
        "Section 4 splits the error of a line on new rows into $\\sigma^2$, which no line can predict, and "
        "the line's own miss of the mean line. Which of the two is the irreducible part?",
        "`gap = new_row_curve - train_curve` and `irreducible_share = noise_variance / new_row_curve`.",
    ),
    grade=_grade_reading,
    mistakes=(
        ("def read_learning_curve(train_curve, new_row_curve, noise_variance):\n"
         "    return train_curve - new_row_curve, noise_variance / new_row_curve\n", "wrong sign"),
        ("def read_learning_curve(train_curve, new_row_curve, noise_variance):\n"
         "    return new_row_curve - train_curve, 1 - noise_variance / new_row_curve\n", "other part"),
        ("def read_learning_curve(train_curve, new_row_curve, noise_variance):\n"
         "    return new_row_curve - train_curve, noise_variance / train_curve\n", "training error"),
        ("def read_learning_curve(train_curve, new_row_curve, noise_variance):\n"
         "    return new_row_curve - noise_variance, noise_variance / new_row_curve\n", "noise variance"),
        ("def read_learning_curve(train_curve, new_row_curve, noise_variance):\n"
         "    return new_row_curve[-1] - train_curve[-1], noise_variance / new_row_curve[-1]\n", "shape"),
    ),
)

# --- 11.3 ----------------------------------------------------------------------------------------


def _chosen_epochs(val_curves: np.ndarray, patience: int) -> np.ndarray:
    return np.array([_stopping(list(curve), patience)[0] for curve in val_curves])


def _stop_epochs(val_curves: np.ndarray, patience: int) -> np.ndarray:
    stops = [_stopping(list(curve), patience)[1] for curve in val_curves]
    return np.array([val_curves.shape[1] - 1 if stop is None else stop for stop in stops])


def _optimism_cases() -> list[tuple[str, np.ndarray, np.ndarray, int]]:
    epochs = np.arange(31)
    new_rows = 1.0 + (epochs - 12.0) ** 2 / 150 + 0.6 * np.exp(-epochs / 3)  # (31,): a U-shaped curve
    noisy = new_rows + 0.08 * np.random.default_rng(20261202).standard_normal((200, 31))  # (200, 31)
    hand = np.array([[1.0, 0.7, 0.75, 0.8, 0.5, 0.9],
                     [1.0, 0.8, 0.6, 0.6, 0.65, 0.7]])  # (2, 6): the first stops before its lowest loss
    return [
        ("200 redrawn validation sets, 31 epochs, patience 5", noisy, new_rows, 5),
        ("2 hand-made curves, one of which stops before its lowest loss, patience 2", hand,
         np.array([0.9, 0.75, 0.7, 0.72, 0.74, 0.8]), 2),
        ("one validation set and a single epoch (only the start)", np.array([[0.4]]), np.array([0.5]), 1),
    ]


def _grade_optimism(answer: Callable) -> None:
    for case, val_curves, new_rows, patience in _optimism_cases():
        got = call(answer, case, val_curves.copy(), new_rows.copy(), patience)
        rows = np.arange(len(val_curves))
        chosen = _chosen_epochs(val_curves, patience)  # (R,)
        everywhere = val_curves.argmin(axis=1)  # (R,)
        stops = _stop_epochs(val_curves, patience)
        tie_best = np.array([_stopping(list(curve), patience, tie_is_best=True)[0] for curve in val_curves])
        mean_curve = val_curves.mean(axis=0)  # (E + 1,)
        common = _stopping(list(mean_curve), patience)[0]
        known = {
            "the chosen scores compared with the lowest new-row error of all epochs, not with the new-row "
            "error at each chosen epoch": np.mean(val_curves[rows, chosen]) - new_rows.min(),
            "one epoch chosen for all redraws, from the average validation curve; each redraw makes its own "
            "choice": mean_curve[common] - new_rows[common],
            "patience ignored: each redraw's lowest loss over every epoch, also after its stop":
                np.mean(val_curves[rows, everywhere] - new_rows[everywhere]),
            "a tie with the best counted as a new best (the rules of exercise 11.1 keep the first)":
                np.mean(val_curves[rows, tie_best] - new_rows[tie_best]),
            "the last epoch each stopper ran, not its best epoch": np.mean(val_curves[rows, stops]
                                                                        - new_rows[stops]),
            "the average of the minima minus the minimum of the average validation curve, which compares "
            "validation scores with validation scores": np.mean(val_curves.min(axis=1)) - mean_curve.min(),
        }
        want = np.mean(val_curves[rows, chosen] - new_rows[chosen])
        known = {mistake: value for mistake, value in known.items()
                 if not np.isclose(value, want, rtol=1e-7, atol=1e-9)}  # only mistakes that change the answer
        compare(got, want, case, what="the optimism", known=known)


OPTIMISM = Exercise(
    number="11.3",
    title="How much does the chosen score flatter?",
    prompt=(
        "Section 3 says that the early-stopped model's validation score is no honest estimate of its error\n"
        "on new rows. Measure by how much. Imagine the same training run scored on `R` redrawn validation\n"
        "sets: `val_curves` has shape `(R, E + 1)`, one validation curve per row (epoch 0 first), and\n"
        "`new_row_curve`, shape `(E + 1,)`, is the same run's error on new rows. For each validation set,\n"
        "early stopping with `patience` (the rules of exercise 11.1) chooses its best epoch; its\n"
        "**optimism** is the chosen validation score minus the new-row error at that same epoch. Write\n"
        "`selection_optimism(val_curves, new_row_curve, patience)` that returns the average optimism over\n"
        "the `R` validation sets, one number. The check tries 200 noisy curves around a U-shaped one,\n"
        "two hand-made curves of which one stops before its lowest loss, and a single set with a single\n"
        "epoch.\n\n"
        "On the 200 noisy curves the answer is negative although the noise has mean zero at every epoch:\n"
        "why?"
    ),
    name="selection_optimism",
    stub=(
        "def selection_optimism(val_curves, new_row_curve, patience):\n"
        '    """Average of chosen validation score minus new-row error there; val_curves (R, E + 1)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n"
        "from lessons_utils import EarlyStopping\n\n\n"
        "def selection_optimism(val_curves, new_row_curve, patience):\n"
        '    """Average of chosen validation score minus new-row error there; val_curves (R, E + 1)."""\n'
        "    optimism = []\n"
        "    for curve in val_curves:  # (E + 1,): one validation set's curve\n"
        "        watcher = EarlyStopping(patience=patience)\n"
        "        for epoch, loss in enumerate(curve):\n"
        "            if watcher.update(epoch, loss, params=None):\n"
        "                break\n"
        "        chosen = watcher.best_epoch\n"
        "        optimism.append(curve[chosen] - new_row_curve[chosen])\n"
        "    # Negative on average: each set's epoch is chosen *because* its noise there is low, so the\n"
        "    # noise at the chosen epoch is no longer a fair draw with mean zero.\n"
        "    return float(np.mean(optimism))\n"
    ),
    hints=(
        "One validation set at a time: find its chosen epoch (your `stopping_epochs` from 11.1, or "
        "`lessons_utils.EarlyStopping`), then compare two numbers at that epoch.",
        "Both numbers are read at the *same* epoch, the one this validation set chose: `curve[chosen]` and "
        "`new_row_curve[chosen]`. Do not take the new-row curve's own minimum, and do not choose one epoch "
        "for all sets.",
        "Loop over the rows of `val_curves`; for each, `chosen = stopping_epochs(curve, patience)[0]` and "
        "collect `curve[chosen] - new_row_curve[chosen]`; return the mean of what you collected.",
    ),
    grade=_grade_optimism,
    mistakes=(
        ("import numpy as np\n\ndef selection_optimism(val_curves, new_row_curve, patience):\n"
         "    chosen = val_curves.argmin(axis=1)\n"
         "    return np.mean(val_curves[np.arange(len(val_curves)), chosen] - new_row_curve[chosen])\n",
         "patience ignored"),
        ("import numpy as np\n\ndef selection_optimism(val_curves, new_row_curve, patience):\n"
         "    return np.mean(val_curves.min(axis=1)) - val_curves.mean(axis=0).min()\n",
         "average of the minima"),
        ("import numpy as np\nfrom lessons_utils import EarlyStopping\n\n"
         "def selection_optimism(val_curves, new_row_curve, patience):\n"
         "    scores = []\n"
         "    for curve in val_curves:\n"
         "        watcher = EarlyStopping(patience=patience)\n"
         "        for epoch, loss in enumerate(curve):\n"
         "            if watcher.update(epoch, loss, params=None):\n"
         "                break\n"
         "        scores.append(watcher.best_loss)\n"
         "    return np.mean(scores) - new_row_curve.min()\n", "lowest new-row error of all epochs"),
        ("import numpy as np\n\ndef selection_optimism(val_curves, new_row_curve, patience):\n"
         "    chosen = int(np.argmin(val_curves.mean(axis=0)))\n"
         "    return np.mean(val_curves[:, chosen]) - new_row_curve[chosen]\n", "one epoch chosen"),
    ),
)

# --- 11.4 ----------------------------------------------------------------------------------------


def _grade_nesting(answer: Callable) -> None:
    # (case, sizes, training MSE, whether it breaks the rule) -- exact binary fractions: no rounding decides.
    cases = [
        ("a training MSE that falls while the total squared error rises", [3, 4, 8], [2.0, 1.75, 1.0], False),
        ("a training MSE that rises at every size", [3, 6, 12], [0.5, 1.0, 1.5], False),
        ("a total squared error that falls from 4 rows to 8", [3, 4, 8], [1.0, 2.0, 0.875], True),
        ("a total squared error that stays the same from 4 rows to 8", [4, 8, 16], [2.0, 1.0, 1.0], False),
        ("a single training-set size", [5], [3.0], False),
        ("a total squared error that falls only at the last of many sizes", [3, 4, 5, 6, 8],
         [1.0, 1.0, 1.0, 1.0, 0.5], True),
    ]
    for case, sizes, train, breaks in cases:
        got = call(answer, case, np.array(sizes), np.array(train))
        if not isinstance(got, (bool, np.bool_)):
            raise Incorrect(f"on {case}, return True or False, got {type(got).__name__}")
        if bool(got) == breaks:
            continue
        sse = np.array(sizes) * np.array(train)
        # The cases run in order, so a learner who reaches the level total already passed the falling mean.
        if not breaks and np.any(np.diff(sse) == 0):
            raise Incorrect(f"on {case}, you flag a total that stays the same; it must never fall, and "
                            "staying the same is not falling")
        if not breaks and np.any(np.diff(train) < 0):
            raise Incorrect(f"on {case}, you flag a fall of the training MSE; adding a row may lower the "
                            "*mean*, and the rule is about the *total* squared error")
        # A probe whose total falls from the first size to the last: an ends-only comparison flags it.
        if breaks and not call(answer, case, np.array([3, 4, 8]), np.array([2.0, 1.0, 0.5])):
            raise Incorrect(f"on {case}, you miss a fall of the total squared error: multiply each MSE by "
                            "its number of rows and look for a total below the one before it")
        if breaks and sse[-1] >= sse[0]:
            raise Incorrect(f"on {case}, the fall comes between two neighbouring sizes: compare each size "
                            "with the next, not only the first with the last")
        raise Incorrect(f"on {case}, the answer is not right: multiply each MSE by its number of rows")


NESTING = Exercise(
    number="11.4",
    title="A rule a learning curve must obey",
    prompt=(
        "Section 4 showed that along nested training sets (each containing the smaller ones), the\n"
        "least-squares line's *total* squared training error never goes down when rows are added. That\n"
        "makes a quick sanity test for a learning curve computed on nested sets. Write\n"
        "`breaks_nesting_rule(sizes, train_mse)` that returns `True` if the training MSEs at the\n"
        "increasing sizes `sizes` (both of shape `(k,)`) break that rule somewhere, and `False` if not.\n"
        "The numbers in the check are exact, so compare without any tolerance. The check tries an MSE that\n"
        "falls while the total rises, totals that fall or stay level, a single size, and a break hidden\n"
        "at the last of many sizes."
    ),
    name="breaks_nesting_rule",
    stub=(
        "def breaks_nesting_rule(sizes, train_mse):\n"
        '    """True if the total squared error falls somewhere along sizes (k,); train_mse (k,)."""\n'
        "    raise NotImplementedError  # replace this line with your code\n"
    ),
    solution=(
        "import numpy as np\n\n\n"
        "def breaks_nesting_rule(sizes, train_mse):\n"
        '    """True if the total squared error falls somewhere along sizes (k,); train_mse (k,)."""\n'
        "    total = np.asarray(sizes) * np.asarray(train_mse)  # (k,): MSE times rows, the sum of squares\n"
        "    # The mean may fall (a new row near the line dilutes it); the total may not.\n"
        "    return bool(np.any(np.diff(total) < 0))\n"
    ),
    hints=(
        "The curve gives a *mean* squared error; the rule is about the *sum*. How do you get one from the "
        "other?",
        "Multiply each MSE by its number of rows, then look at the change from each size to the next: "
        "`np.diff` gives those changes.",
        "`total = sizes * train_mse`; return `bool(np.any(np.diff(total) < 0))`.",
    ),
    grade=_grade_nesting,
    mistakes=(
        ("import numpy as np\n\ndef breaks_nesting_rule(sizes, train_mse):\n"
         "    return bool(np.any(np.diff(train_mse) < 0))\n", "the *total* squared error"),
        ("import numpy as np\n\ndef breaks_nesting_rule(sizes, train_mse):\n"
         "    return bool(np.any(np.diff(sizes * train_mse) <= 0))\n", "staying the same"),
        ("def breaks_nesting_rule(sizes, train_mse):\n"
         "    return bool(sizes[-1] * train_mse[-1] < sizes[0] * train_mse[0])\n", "neighbouring sizes"),
    ),
)

EXERCISES = (STOPPING, READING, OPTIMISM, NESTING)
