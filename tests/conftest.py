"""Data factories shared by the unit tests.

Each is a fixture that returns a function, so a test asks for the factory and
calls it with the seed and shape it needs.
"""

from __future__ import annotations

import numpy as np
import pytest

import lessons_utils as lu


def _course_data(seed: int = 1234, num_samples: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """The course's training rows, X and y both standardized: (n_train, 1) each."""
    train = lu.load_course_splits(seed, num_samples).train
    return lu.Standardizer().fit_transform(train.X), lu.Standardizer().fit_transform(train.y)


def _random_problem(seed: int = 0, num_samples: int = 200, num_features: int = 3, *,
                    scales: bool = False, offset: float = 0.0, noise: float = 0.5):
    """X (N, D) standard normal (each column rescaled by a factor in [0.1, 10] with ``scales``, then
    shifted by ``offset``) and y = X W + 2.5 + noise * standard normal, for a random W."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((num_samples, num_features))  # (N, D)
    if scales:
        X = X * rng.uniform(0.1, 10, num_features)
    X = X + offset
    W = rng.standard_normal((num_features, 1))  # (D, 1)
    y = X @ W + 2.5 + noise * rng.standard_normal((num_samples, 1))  # (N, 1)
    return X, y


@pytest.fixture
def course_data():
    return _course_data


@pytest.fixture
def random_problem():
    return _random_problem


def least_squares(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Reference answer by NumPy's QR/SVD solver: W (D, 1), b (1,)."""
    A = np.hstack([X, np.ones((len(X), 1))])  # (N, D + 1): the last column fits b
    solution = np.linalg.lstsq(A, y, rcond=None)[0]
    return solution[:-1], solution[-1]


@pytest.fixture
def lstsq_reference():
    return least_squares
