"""Shared code for the linear-regression course notebooks.

Each module holds one idea; a lesson builds the idea by hand first, then its
check cell proves that its version matches the one here (each docstring names
the lesson and section). PyTorch lives only in :mod:`lessons_utils.torch_training`
and scikit-learn's estimator machinery only in :mod:`lessons_utils.estimators`,
so ``import lessons_utils`` stays fast.

Conventions, everywhere in the package:

* **float64 NumPy arrays.** Inputs ``X`` have shape (N, D), one row per
  example; a 1-D ``X`` is one feature, (N, 1). Targets and predictions are one
  column, (N, 1). Weights ``W`` are (D, 1), the bias ``b`` is (1,).
* **Randomness** comes only from a ``numpy.random.Generator`` passed as
  ``rng`` (:func:`set_seed` returns one): the same seed gives the same numbers,
  whatever ran before. Nothing draws from a global generator.
* **Fit functions** share one contract and one result, :class:`LinearFit`
  (see :mod:`lessons_utils.fitting`): ``l2_penalty`` is lambda in
  ``MSE + lambda * sum(W ** 2)`` everywhere, and ``loss_history`` holds the loss
  before training and after each epoch.
* **Errors** are plain sentences that name the argument: ``TypeError`` for the
  wrong kind of thing, ``ValueError`` for a bad value, and
  :class:`TrainingDivergedError` when training blows up.
"""

from .closed_form import design_matrix, fit_linear_closed_form, normal_equations
from .data import TRUE_SLOPE, fresh_sample, generate_linear_data, load_course_splits, noise_mean, noise_std
from .divergence import TrainingDivergedError, check_ended_lower, check_not_diverged
from .early_stopping import EarlyStopping
from .fitting import LinearFit
from .gradient_check import GradientCheck, check_gradient, numerical_gradient, relative_error
from .gradient_descent import fit_linear_gd
from .losses import loss_and_gradients, mse_gradients, predict_linear
from .metrics import mse
from .minibatch import minibatch_indices
from .optimizers import SGD, Adam, Momentum, make_optimizer
from .real_data import RealData, load_diabetes_data, load_diabetes_splits
from .scaling import Standardizer, unstandardize_weights
from .seeding import set_seed
from .splitting import DataSplits, Split, split_sizes, split_train_val_test
from .training_harness import fit_linear_minibatch

__version__ = "0.5.0"

# Grouped by the lesson that builds each name by hand. Lesson 5's
# fit_linear_torch is imported from lessons_utils.torch_training (it loads torch),
# lesson 13's estimators from lessons_utils.estimators (it loads scikit-learn).
__all__ = [  # noqa: RUF022 -- grouped by lesson, not sorted
    # lesson 1: synthetic data
    "TRUE_SLOPE", "generate_linear_data", "noise_mean", "noise_std", "set_seed",
    # lesson 2: train / validation / test splits
    "DataSplits", "Split", "load_course_splits", "split_sizes", "split_train_val_test",
    # lesson 3: standardization, and a fresh sample to score on
    "Standardizer", "fresh_sample",
    # lesson 4: gradient descent by hand
    "LinearFit", "TrainingDivergedError", "check_not_diverged", "fit_linear_gd", "mse", "mse_gradients",
    "predict_linear",
    # lesson 6: weights in original units
    "unstandardize_weights",
    # lesson 8: closed form and conditioning
    "design_matrix", "fit_linear_closed_form", "normal_equations", "relative_error",
    # lesson 9: gradient checks, and why standardizing speeds up gradient descent
    "GradientCheck", "check_gradient", "loss_and_gradients", "numerical_gradient",
    # lesson 10: learning rates and optimizers
    "SGD", "Adam", "Momentum", "check_ended_lower", "fit_linear_minibatch", "make_optimizer",
    "minibatch_indices",
    # lesson 11: early stopping and learning curves
    "EarlyStopping",
    # lessons 12 and 13: real data with many features
    "RealData", "load_diabetes_data", "load_diabetes_splits",
]
