"""Real data with many features: scikit-learn's diabetes study, in its original units.

Lessons 12 and 13 take the course's tools to real data. The data ship inside
scikit-learn (no download): 442 patients, ten measurements each, and a score
of how far their disease had progressed a year later. We load the *raw*
values (``scaled=False``), because standardizing with the training rows'
statistics is the learner's job (lesson 3), and because reading a weight in
mg/dL or in years (lesson 6) needs the original units.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import check_int
from .seeding import set_seed
from .splitting import DataSplits, split_train_val_test

# (name, what it measures, unit), in the column order of load_diabetes. The
# units are those of the study's published table (Efron et al., 2004).
DIABETES_FEATURES: tuple[tuple[str, str, str], ...] = (
    ("age", "age", "years"),
    ("sex", "sex, coded 1 or 2", "code"),
    ("bmi", "body mass index", "kg/m^2"),
    ("bp", "average blood pressure", "mm Hg"),
    ("s1", "total serum cholesterol (tc)", "mg/dL"),
    ("s2", "low-density lipoproteins (ldl)", "mg/dL"),
    ("s3", "high-density lipoproteins (hdl)", "mg/dL"),
    ("s4", "total cholesterol / hdl (tch)", "ratio"),
    ("s5", "log of serum triglycerides (ltg)", "log units"),
    ("s6", "blood sugar (glu)", "mg/dL"),
)
DIABETES_TARGET = "disease progression one year after the baseline measurements (a score)"


class RealData(NamedTuple):
    """A real data set: inputs, target, and what each column means (lessons 12 and 13).

    Attributes
    ----------
    X : numpy.ndarray of shape (N, D)
        Inputs in their original units, one row per example.
    y : numpy.ndarray of shape (N, 1)
        Targets.
    feature_names : tuple of str, length D
    descriptions : tuple of str, length D
        What each feature measures.
    units : tuple of str, length D
    target : str
        What y measures.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    descriptions: tuple[str, ...]
    units: tuple[str, ...]
    target: str


def load_diabetes_data() -> RealData:
    """The diabetes study's 442 patients x 10 features, unscaled, from inside scikit-learn.

    Lesson 12, section 1 looks at it before anything is fitted.

    Returns
    -------
    RealData
        ``X`` (442, 10) in original units, ``y`` (442, 1), and the names,
        descriptions and units of the ten columns.

    Examples
    --------
    >>> data = load_diabetes_data()
    >>> data.X.shape, data.y.shape, data.feature_names[:3]
    ((442, 10), (442, 1), ('age', 'sex', 'bmi'))
    """
    from sklearn.datasets import load_diabetes  # imported here: the synthetic lessons never pay for it

    bunch = load_diabetes(scaled=False)  # read from a file inside the installed package
    names = tuple(str(name) for name in bunch.feature_names)
    expected = tuple(name for name, _, _ in DIABETES_FEATURES)
    if names != expected:  # a future scikit-learn that reorders the columns must not mislabel them
        raise RuntimeError(f"scikit-learn's diabetes columns are {names}, expected {expected}")
    X = np.asarray(bunch.data, dtype=np.float64)  # (442, 10)
    y = np.asarray(bunch.target, dtype=np.float64).reshape(-1, 1)  # (442, 1)
    _, descriptions, units = zip(*DIABETES_FEATURES, strict=True)
    return RealData(X, y, names, tuple(descriptions), tuple(units), DIABETES_TARGET)


def load_diabetes_splits(
    seed: int,
    fractions: tuple[float, float, float] = (0.60, 0.20, 0.20),
) -> DataSplits:
    """The diabetes data shuffled by ``seed`` and cut into train, val and test.

    Lesson 12, section 2 splits it this way. The same seed gives the same rows
    in the same splits in lessons 12 and 13, as
    :func:`lessons_utils.load_course_splits` does for the synthetic data.

    Parameters
    ----------
    seed : int
        In [0, 2**32 - 1]; seeds the shuffle.
    fractions : (float, float, float), default (0.60, 0.20, 0.20)
        Train, val and test fractions, each in (0, 1), summing to 1. Real
        data are scarce: 20% of 442 rows is 88 rows for each score.

    Returns
    -------
    DataSplits
        ``train``, ``val`` and ``test``, each a ``Split(X (n, 10), y (n, 1))``.

    Examples
    --------
    >>> splits = load_diabetes_splits(seed=1234)
    >>> [part.X.shape for part in splits]
    [(265, 10), (88, 10), (89, 10)]
    """
    check_int(seed, "seed", minimum=0, maximum=2**32 - 1)
    data = load_diabetes_data()
    return split_train_val_test(data.X, data.y, rng=set_seed(seed), fractions=fractions)
