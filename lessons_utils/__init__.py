"""Shared code for the linear-regression course notebooks.

Each module holds one idea; the notebooks build each idea by hand first and
then check that their version matches the one here. PyTorch lives only in
:mod:`lessons_utils.linear_torch`, so ``import lessons_utils`` stays fast.
"""

from .closed_form import ClosedFormFit, design_matrix, fit_linear_closed_form, normal_equations
from .data import TRUE_SLOPE, generate_linear_data, load_course_splits, noise_mean, noise_std
from .divergence import TrainingDivergedError, check_not_diverged
from .early_stopping import EarlyStopping
from .gradient_check import GradientCheck, check_gradient, numerical_gradient, relative_error
from .linear_minibatch import TrainingRun, fit_linear_minibatch
from .linear_numpy import GDResult, fit_linear_gd, loss_and_gradients, mse_gradients, predict_linear
from .metrics import mse
from .minibatch import minibatch_indices
from .optimizers import SGD, Adam, Momentum, make_optimizer
from .scaling import Standardizer, unstandardize_weights
from .seeding import set_seed
from .splitting import DataSplits, Split, split_sizes, split_train_val_test

__all__ = [
    "SGD",
    "TRUE_SLOPE",
    "Adam",
    "ClosedFormFit",
    "EarlyStopping",
    "GradientCheck",
    "Momentum",
    "TrainingRun",
    "check_gradient",
    "check_not_diverged",
    "design_matrix",
    "fit_linear_closed_form",
    "fit_linear_minibatch",
    "loss_and_gradients",
    "make_optimizer",
    "minibatch_indices",
    "normal_equations",
    "numerical_gradient",
    "relative_error",
    "DataSplits",
    "GDResult",
    "Split",
    "Standardizer",
    "TrainingDivergedError",
    "fit_linear_gd",
    "generate_linear_data",
    "load_course_splits",
    "mse",
    "mse_gradients",
    "noise_mean",
    "noise_std",
    "predict_linear",
    "set_seed",
    "split_sizes",
    "split_train_val_test",
    "unstandardize_weights",
]
