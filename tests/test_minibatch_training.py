"""Mini-batches, optimizers, divergence detection and early stopping, against references.

References: torch.optim (SGD, SGD with momentum, Adam) step for step,
fit_linear_gd for full-batch training, and the closed-form optimum.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import lessons_utils as lu
from lessons_utils._blocks import BLOCK_ROWS

# --- mini-batch indices -----------------------------------------------------

@pytest.mark.parametrize("num_samples, batch_size", [(10, 3), (10, 10), (10, 64), (1, 1), (97, 8)])
def test_each_epoch_covers_every_row_once(num_samples, batch_size):
    batches = list(lu.minibatch_indices(num_samples, batch_size, np.random.default_rng(1)))
    assert all(len(batch) == min(batch_size, num_samples) for batch in batches[:-1])
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(num_samples))


def test_shuffling_follows_the_seed_and_changes_between_epochs():
    def epoch(rng):
        return np.concatenate(list(lu.minibatch_indices(50, 7, rng)))
    a, b = np.random.default_rng(5), np.random.default_rng(5)
    first_a, first_b = epoch(a), epoch(b)
    np.testing.assert_array_equal(first_a, first_b)
    assert not np.array_equal(first_a, epoch(a)), "the next epoch must be shuffled anew"


@pytest.mark.parametrize("args, error, words", [
    ((0, 2, np.random.default_rng()), ValueError, "num_samples"),
    ((5, 0, np.random.default_rng()), ValueError, "batch_size"),
    ((5, 2.5, np.random.default_rng()), TypeError, "batch_size"),
    ((5, 2, 42), TypeError, "rng"),
])
def test_bad_minibatch_arguments(args, error, words):
    with pytest.raises(error, match=words):
        list(lu.minibatch_indices(*args))


# --- optimizers against torch.optim -----------------------------------------

@pytest.mark.parametrize("name, torch_optimizer", [
    ("sgd", lambda p: torch.optim.SGD(p, lr=0.05)),
    ("momentum", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    ("adam", lambda p: torch.optim.Adam(p, lr=0.05)),
])
def test_update_rules_match_torch_step_for_step(random_problem, name, torch_optimizer):
    X, y = random_problem(2)
    W, b = np.zeros((3, 1)), np.zeros(1)
    W_t = torch.zeros((3, 1), dtype=torch.float64, requires_grad=True)
    b_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    ours, theirs = lu.make_optimizer(name, 0.05), torch_optimizer([W_t, b_t])
    X_t, y_t = torch.tensor(X), torch.tensor(y)
    for _ in range(25):
        _, dW, db = lu.loss_and_gradients(X, y, W, b)
        ours.step([W, b], [dW, db])
        theirs.zero_grad()
        ((X_t @ W_t + b_t - y_t) ** 2).mean().backward()
        theirs.step()
    np.testing.assert_allclose(W, W_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(b, b_t.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_unknown_optimizer_and_bad_settings_are_named():
    with pytest.raises(ValueError, match="name must be one of"):
        lu.make_optimizer("rmsprop", 0.1)
    with pytest.raises(TypeError, match=r"name must be one of .*\(a string\), got list"):
        lu.make_optimizer(["sgd"], 0.1)
    with pytest.raises(ValueError, match="optimizer must be one of"):
        lu.fit_linear_minibatch([0.0, 1.0], [0.0, 1.0], initial_W=[[0.0]], optimizer="rmsprop")
    with pytest.raises(ValueError, match="learning_rate"):
        lu.SGD(0.0)
    with pytest.raises(ValueError, match="beta"):
        lu.Momentum(0.1, beta=1.0)


# --- the blocked loss and gradient ------------------------------------------

def test_blocked_loss_and_gradients_match_the_plain_formulas(random_problem):
    X, y = random_problem(3, num_samples=2 * BLOCK_ROWS + 17)
    W, b = np.random.default_rng(3).standard_normal((3, 1)), np.array([0.7])
    loss, dW, db = lu.loss_and_gradients(X, y, W, b, l2_penalty=0.1)
    residual = X @ W + b - y
    assert loss == pytest.approx(np.mean(residual**2) + 0.1 * np.sum(W**2), rel=1e-12)
    plain_dW, plain_db = lu.mse_gradients(X, y, W, b, l2_penalty=0.1)
    np.testing.assert_allclose(dW, plain_dW, rtol=1e-11)
    np.testing.assert_allclose(db, plain_db, rtol=1e-11)


# --- the training harness ---------------------------------------------------

def test_full_batch_sgd_walks_exactly_the_path_of_fit_linear_gd(random_problem):
    X, y = random_problem(4)
    start = np.full((3, 1), 0.2)
    gd = lu.fit_linear_gd(X, y, learning_rate=0.1, num_epochs=40, initial_W=start)
    run = lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(0), learning_rate=0.1, num_epochs=40,
                                  initial_W=start)
    np.testing.assert_allclose(run.loss_history, gd.loss_history, rtol=1e-12)
    np.testing.assert_allclose(run.W, gd.W, rtol=1e-12)
    np.testing.assert_allclose(run.b, gd.b, rtol=1e-12, atol=1e-15)
    assert run.val_loss_history is None and run.best_epoch is None and run.stopped_epoch is None
    assert run.seconds.shape == (41,) and run.seconds[0] == 0 and np.all(np.diff(run.seconds) >= 0)


@pytest.mark.parametrize("optimizer, learning_rate", [("sgd", 0.02), ("momentum", 0.01), ("adam", 0.01)])
def test_every_optimizer_with_minibatches_gets_near_the_optimum(random_problem, optimizer, learning_rate):
    X, y = random_problem(5, num_samples=400)
    exact = lu.fit_linear_closed_form(X, y)
    best = lu.mse(y, X @ exact.W + exact.b)
    run = lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(5), optimizer=optimizer,
                                  learning_rate=learning_rate, batch_size=16, num_epochs=60)
    assert run.loss_history[-1] < 1.02 * best
    assert run.loss_history[-1] < 0.2 * run.loss_history[0]


def test_same_seed_same_run(random_problem):
    X, y = random_problem(6)
    runs = [lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(11), optimizer="adam", batch_size=10,
                                    learning_rate=0.01, num_epochs=5) for _ in range(2)]
    np.testing.assert_array_equal(runs[0].W, runs[1].W)
    np.testing.assert_array_equal(runs[0].loss_history, runs[1].loss_history)


def test_divergence_is_reported_in_words_with_the_finite_history(random_problem):
    X, y = random_problem(7)
    diverged = "diverged at epoch .* learning_rate=5 is too large"
    with pytest.raises(lu.TrainingDivergedError, match=diverged) as info:
        lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(0), learning_rate=5.0, num_epochs=500)
    assert info.value.epoch > 0
    assert len(info.value.loss_history) > 0 and np.all(np.isfinite(info.value.loss_history))
    with pytest.raises(lu.TrainingDivergedError) as info:
        lu.fit_linear_gd(X, y, learning_rate=5.0, num_epochs=500, initial_W=np.zeros((3, 1)))
    assert np.all(np.isfinite(info.value.loss_history)) and len(info.value.loss_history) == info.value.epoch


# --- early stopping ---------------------------------------------------------

def overfitting_problem():
    """Few training rows and many useless features: validation loss turns up."""
    rng = np.random.default_rng(12)
    X = rng.standard_normal((60, 30))
    y = X[:, :1] + 0.5 * rng.standard_normal((60, 1))
    return X[:20], y[:20], X[20:], y[20:]


def test_early_stopping_stops_and_restores_the_best_weights():
    X, y, X_val, y_val = overfitting_problem()
    common = dict(rng=np.random.default_rng(0), learning_rate=0.02, initial_W=np.zeros((30, 1)),
                  X_val=X_val, y_val=y_val)
    stopper = lu.EarlyStopping(patience=5)
    run = lu.fit_linear_minibatch(X, y, num_epochs=2000, early_stopping=stopper, **common)
    assert run.stopped_epoch is not None and run.stopped_epoch == run.best_epoch + 5
    assert run.best_epoch == int(np.argmin(run.val_loss_history))
    assert len(run.val_loss_history) == run.stopped_epoch + 1
    # The returned weights are those of best_epoch: rerun exactly that many epochs.
    replay = lu.fit_linear_minibatch(X, y, num_epochs=run.best_epoch,
                                     **{**common, "rng": np.random.default_rng(0)})
    np.testing.assert_allclose(run.W, replay.W, rtol=1e-12)
    np.testing.assert_allclose(run.b, replay.b, rtol=1e-12, atol=1e-15)


def test_early_stopping_bookkeeping():
    stopper = lu.EarlyStopping(patience=2, min_delta=0.1)
    params = np.array([1.0])
    assert not stopper.update(0, 1.0, params)
    params += 1  # an in-place change to the live parameters must not reach the saved copy
    assert not stopper.update(1, 0.95, params)  # better, but not by more than min_delta
    assert stopper.best_params.tolist() == [1.0]
    assert stopper.update(2, 0.92, params)  # two epochs without improvement: stop
    assert stopper.update(3, 0.1, params)  # keeps saying stop; the record is frozen
    assert (stopper.best_epoch, stopper.best_loss, stopper.stopped_epoch) == (0, 1.0, 2)


def test_bad_early_stopping_and_harness_input(random_problem):
    with pytest.raises(ValueError, match="val_loss must be a finite number"):
        lu.EarlyStopping(1).update(0, float("nan"), None)
    with pytest.raises(ValueError, match="patience"):
        lu.EarlyStopping(0)
    X, y = random_problem(8)
    with pytest.raises(ValueError, match="pass X_val and y_val"):
        lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(0), early_stopping=lu.EarlyStopping(3))
    with pytest.raises(ValueError, match="X_val must have 3 columns"):
        lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(0), X_val=X[:, :2], y_val=y)
    with pytest.raises(TypeError, match="rng"):
        lu.fit_linear_minibatch(X, y, rng=0)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator to shuffle"):
        lu.fit_linear_minibatch(X, y, initial_W=np.zeros((3, 1)), batch_size=10)
    with pytest.raises(ValueError, match="pass both X_val and y_val"):
        lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(0), X_val=X)
    with pytest.raises(ValueError, match="y_val must have one column"):
        lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(0), X_val=X, y_val=np.hstack([y, y]))
    with pytest.raises(TypeError, match="early_stopping must be an EarlyStopping"):
        lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(0), X_val=X, y_val=y, early_stopping=5)


def test_a_used_early_stopping_is_refused_and_reset_makes_it_new(random_problem):
    # Regression: a stopper reused in a second run used to stop at epoch 1 and silently
    # return the first run's best weights.
    X, y = random_problem(9)
    X_val, y_val = random_problem(10)
    stopper = lu.EarlyStopping(patience=3)
    common = dict(learning_rate=0.05, num_epochs=30, X_val=X_val, y_val=y_val, early_stopping=stopper)
    first = lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(0), **common)
    with pytest.raises(ValueError, match="early_stopping has already watched a run"):
        lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(1), **common)
    stopper.reset()
    second = lu.fit_linear_minibatch(X, y, rng=np.random.default_rng(0), **common)
    np.testing.assert_array_equal(second.W, first.W)
    assert second.best_epoch == first.best_epoch


def test_early_stopping_refuses_epochs_that_go_back():
    stopper = lu.EarlyStopping(patience=2)
    stopper.update(0, 1.0, None)
    stopper.update(1, 0.5, None)
    with pytest.raises(ValueError, match="epoch must increase"):
        stopper.update(0, 0.4, None)
    with pytest.raises(TypeError, match="val_loss must be a real number"):
        stopper.update(2, "0.3", None)
    with pytest.raises(TypeError, match="epoch must be an integer"):
        stopper.update(2.0, 0.3, None)
