"""The course's two ways of fitting a line, as scikit-learn estimators (lesson 13).

Why these exist: lessons 8 to 11 fit with functions, ``fit_linear_closed_form(X, y)``
and ``fit_linear_minibatch(X, y, ...)``. scikit-learn's tools (``Pipeline``,
``cross_val_score``, ``GridSearchCV``) want an *estimator* instead: an object
whose constructor only stores its settings, whose ``fit`` learns attributes
ending in ``_``, and whose ``get_params``/``set_params`` let a tool copy it with
other settings. :class:`ClosedFormRegressor` and :class:`GDRegressor` put the
course's own fit functions in that shape, so a learner can drop them into those
tools and line them up against ``LinearRegression`` and ``Ridge``.

This module imports scikit-learn, which takes a second or two, so
``import lessons_utils`` does not load it: import the estimators by name, as
lesson 5 imports ``lessons_utils.torch_training`` (which loads PyTorch)::

    from lessons_utils.estimators import ClosedFormRegressor, GDRegressor

Examples
--------
>>> from sklearn.model_selection import cross_val_score
>>> X = np.random.default_rng(0).standard_normal((40, 2))  # (40, 2)
>>> y = X @ [2.0, -1.0] + 0.5  # (40,), no noise
>>> cross_val_score(ClosedFormRegressor(), X, y, cv=4).round(6).tolist()  # R^2 on each held-out fold
[1.0, 1.0, 1.0, 1.0]
"""

from __future__ import annotations

import math

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import check_int, check_real, refuse_non_arrays
from .closed_form import fit_linear_closed_form
from .early_stopping import EarlyStopping
from .losses import predict_linear
from .training_harness import fit_linear_minibatch


class _LinearRegressor:
    """What both estimators share: checking the data, predicting, and declaring one target.

    A mixin: each estimator lists it between RegressorMixin (score, the regressor tags) and
    BaseEstimator (get_params, set_params, the repr), the order scikit-learn requires.
    """

    def _validated_training_data(self, X, y) -> tuple[np.ndarray, np.ndarray]:
        """X as float64 (n_samples, n_features) and y as (n_samples,); records n_features_in_."""
        refuse_non_arrays(X, "X")  # a plain string would otherwise be read as a 0-d array
        if y is not None:  # a missing y gets scikit-learn's own message, which its checks expect
            refuse_non_arrays(y, "y")
        shape = getattr(y, "shape", ())  # arrays and DataFrames; validate_data reads lists and the rest
        if len(shape) == 2 and shape[1] != 1:
            raise ValueError(f"y must be one target of shape (n_samples,), got shape {shape}: "
                             f"{type(self).__name__} fits a single output, so fit one model per column")
        # A column y (n, 1) is accepted with scikit-learn's DataConversionWarning, as its single-output
        # models do. Two rows at least: one row fixes no slope (and early stopping needs one to hold out).
        return validate_data(self, X, y, dtype=np.float64, y_numeric=True, ensure_min_samples=2)

    def predict(self, X):
        """Predict y for each row of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Same features, in the same order (and names, for a DataFrame), as in ``fit``.

        Returns
        -------
        numpy.ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        refuse_non_arrays(X, "X")
        X = validate_data(self, X, reset=False, dtype=np.float64)  # (n_samples, n_features_in_)
        return predict_linear(X, self.coef_.reshape(-1, 1), self.intercept_).ravel()  # (n_samples,)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.single_output = True
        tags.target_tags.multi_output = False  # so check_estimator does not feed it (n, k) targets
        return tags


class ClosedFormRegressor(RegressorMixin, _LinearRegressor, BaseEstimator):
    """Least squares or ridge, solved exactly by :func:`lessons_utils.fit_linear_closed_form` (lesson 13).

    Minimises mean((X w + b - y) ** 2) + l2_penalty * sum(w ** 2): the penalty is
    per row, so scikit-learn's ``Ridge(alpha=n_samples * l2_penalty)`` gives the
    same answer, and ``LinearRegression`` does at ``l2_penalty=0``.

    Parameters
    ----------
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0; the intercept is not penalised.

    Attributes
    ----------
    coef_ : numpy.ndarray of shape (n_features,)
        The weights w.
    intercept_ : float
        The bias b.
    loss_ : float
        The objective above at the answer.
    n_features_in_ : int
        Number of features seen by ``fit``.
    feature_names_in_ : numpy.ndarray of shape (n_features_in_,)
        Column names, when ``fit`` was given a DataFrame with string column names.

    Examples
    --------
    >>> from sklearn.linear_model import Ridge
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((50, 3))  # (50, 3)
    >>> y = X @ [1.0, -2.0, 0.5] + 3 + rng.standard_normal(50)  # (50,)
    >>> ours = ClosedFormRegressor(l2_penalty=0.1).fit(X, y)
    >>> theirs = Ridge(alpha=len(X) * 0.1).fit(X, y)  # sklearn's loss is a sum, not a mean
    >>> bool(np.allclose(ours.coef_, theirs.coef_) and np.isclose(ours.intercept_, theirs.intercept_))
    True
    """

    def __init__(self, l2_penalty=0.0):
        self.l2_penalty = l2_penalty  # stored as given: scikit-learn checks settings in fit, not here

    def fit(self, X, y):
        """Solve for coef_ and intercept_.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs, one row per example.
        y : array-like of shape (n_samples,)
            Targets.

        Returns
        -------
        self
        """
        X, y = self._validated_training_data(X, y)
        fit = fit_linear_closed_form(X, y, l2_penalty=self.l2_penalty)
        self.coef_ = fit.W.ravel()  # (n_features,)
        self.intercept_ = float(fit.b[0])
        self.loss_ = float(fit.loss_history[0])
        return self


class GDRegressor(RegressorMixin, _LinearRegressor, BaseEstimator):
    """Linear regression by gradient descent, run by :func:`lessons_utils.fit_linear_minibatch` (lesson 13).

    Minimises the same objective as :class:`ClosedFormRegressor`, step by step
    (lessons 4, 10 and 11). It does **not** standardize X itself: put a
    ``StandardScaler`` in front of it in a ``Pipeline``. Lesson 9 showed why the
    scaling matters: a plain gradient step is stable only below a rate set by
    the steepest direction of the loss, and crawls along the flattest one, and
    features on different scales make those two far apart. In a Pipeline the
    scaler is refitted on every training fold, so no held-out row leaks into it.

    Parameters
    ----------
    learning_rate : float, default 0.1
        Step size > 0.
    num_epochs : int, default 1000
        Passes over the training rows, in [1, 1_000_000].
    l2_penalty : float, default 0.0
        Ridge strength lambda >= 0, as in :class:`ClosedFormRegressor`.
    optimizer : {"sgd", "momentum", "adam"}, default "sgd"
        The update rule (lesson 10).
    batch_size : int or None, default None
        Rows per step, >= 1; None takes every row at each step (full batch).
    early_stopping : bool, default False
        Hold out ``validation_fraction`` of the rows, stop once their MSE has
        not improved for ``patience`` epochs, and keep the best epoch's weights (lesson 11).
    validation_fraction : float, default 0.1
        Share of the rows held out, in (0, 1), rounded up to whole rows.
    patience : int, default 10
        Epochs without improvement to wait, >= 1.
    random_state : None, int, numpy.random.RandomState or numpy.random.Generator, default None
        Seeds the starting weights, the shuffles and the held-out rows. An int
        gives the same fit every time; None gives a fresh one.

    Attributes
    ----------
    coef_ : numpy.ndarray of shape (n_features,)
        The weights w (the best epoch's, with early stopping).
    intercept_ : float
        The bias b.
    loss_history_ : numpy.ndarray of shape (n_iter_ + 1,)
        Training objective before training, then after each epoch.
    val_loss_history_ : numpy.ndarray of shape (n_iter_ + 1,) or None
        Held-out MSE at the same moments, with early stopping.
    n_iter_ : int
        Epochs run.
    best_epoch_ : int or None
        The epoch whose weights were kept, with early stopping.
    n_features_in_ : int
        Number of features seen by ``fit``.
    feature_names_in_ : numpy.ndarray of shape (n_features_in_,)
        Column names, when ``fit`` was given a DataFrame with string column names.

    Raises
    ------
    TrainingDivergedError
        From ``fit``, when the learning rate is too large for the data.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal([0, 50], [1, 20], size=(60, 2))  # (60, 2): two very different scales
    >>> y = X @ [2.0, 0.1] + rng.standard_normal(60)  # (60,)
    >>> gd = make_pipeline(StandardScaler(), GDRegressor(num_epochs=300, random_state=0)).fit(X, y)
    >>> exact = make_pipeline(StandardScaler(), ClosedFormRegressor()).fit(X, y)
    >>> bool(np.allclose(gd.predict(X), exact.predict(X), atol=1e-6))
    True
    """

    def __init__(self, learning_rate=0.1, num_epochs=1000, l2_penalty=0.0, optimizer="sgd", batch_size=None,
                 early_stopping=False, validation_fraction=0.1, patience=10, random_state=None):
        # Stored as given: scikit-learn checks settings in fit, so set_params and clone see them unchanged.
        self.learning_rate = learning_rate
        self.num_epochs = num_epochs
        self.l2_penalty = l2_penalty
        self.optimizer = optimizer
        self.batch_size = batch_size
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.random_state = random_state

    def fit(self, X, y):
        """Train coef_ and intercept_ by gradient descent.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs, one row per example; standardize them first (see above).
        y : array-like of shape (n_samples,)
            Targets.

        Returns
        -------
        self
        """
        # The settings fit_linear_minibatch does not see are checked here; it checks the rest.
        if not isinstance(self.early_stopping, (bool, np.bool_)):
            raise TypeError(f"early_stopping must be True or False, got {type(self.early_stopping).__name__}")
        fraction = check_real(self.validation_fraction, "validation_fraction", exclusive_minimum=0.0,
                              exclusive_maximum=1.0)
        patience = check_int(self.patience, "patience", minimum=1)
        rng = _generator(self.random_state)
        X, y = self._validated_training_data(X, y)  # (n, d), (n,)
        extra = {}
        if self.early_stopping:
            num_val = math.ceil(fraction * len(X))
            if num_val >= len(X):
                raise ValueError(f"validation_fraction={fraction:g} of {len(X)} rows leaves none to train on")
            order = rng.permutation(len(X))  # (n,): which rows are held out is seeded like the rest
            val_rows, train_rows = order[:num_val], order[num_val:]
            extra = {"X_val": X[val_rows], "y_val": y[val_rows], "early_stopping": EarlyStopping(patience)}
            X, y = X[train_rows], y[train_rows]
        fit = fit_linear_minibatch(X, y, learning_rate=self.learning_rate, num_epochs=self.num_epochs,
                                   l2_penalty=self.l2_penalty, optimizer=self.optimizer,
                                   batch_size=self.batch_size, rng=rng, **extra)
        self.coef_ = fit.W.ravel()  # (n_features,)
        self.intercept_ = float(fit.b[0])
        self.loss_history_ = fit.loss_history  # (n_iter_ + 1,)
        self.val_loss_history_ = fit.val_loss_history
        self.n_iter_ = len(fit.loss_history) - 1
        self.best_epoch_ = fit.best_epoch
        return self


def _generator(random_state) -> np.random.Generator:
    """A fresh Generator from scikit-learn's kind of random_state (None, int, RandomState, or a Generator).

    check_random_state gives scikit-learn's meaning: an int seeds the same stream
    every fit, None and a RandomState draw new numbers each time. One draw from it
    seeds the course's Generator, so the same int always gives the same fit.
    """
    if isinstance(random_state, np.random.Generator):
        return np.random.default_rng(random_state.integers(np.iinfo(np.int32).max))
    try:
        seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
    except ValueError:
        raise ValueError("random_state must be None, an int, a numpy.random.RandomState or a "
                         f"numpy.random.Generator, got {random_state!r}") from None
    return np.random.default_rng(seed)
