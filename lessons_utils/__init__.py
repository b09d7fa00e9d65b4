"""Shared code for the linear-regression course notebooks.

Each module holds one idea; the notebooks build each idea by hand first and
then check that their version matches the one here. PyTorch lives only in
:mod:`lessons_utils.linear_torch`, so ``import lessons_utils`` stays fast.
"""

from .data import TRUE_SLOPE, generate_linear_data, load_course_splits, noise_mean, noise_std
from .linear_numpy import (
    GDResult,
    TrainingDivergedError,
    fit_linear_gd,
    mse_gradients,
    predict_linear,
)
from .metrics import mse
from .scaling import Standardizer, unstandardize_weights
from .seeding import set_seed
from .splitting import DataSplits, Split, split_sizes, split_train_val_test

__all__ = [
    "TRUE_SLOPE",
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
