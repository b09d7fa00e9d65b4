"""ClosedFormRegressor and GDRegressor as scikit-learn estimators (lesson 13).

scikit-learn's own estimator checks come first; then agreement with
LinearRegression and Ridge, reproducibility, early stopping, use inside
Pipeline and GridSearchCV, and the errors a learner meets.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import DataConversionWarning, NotFittedError
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from lessons_utils import TrainingDivergedError
from lessons_utils.estimators import ClosedFormRegressor, GDRegressor

# check_estimator feeds unscaled data (values up to 20, or around 100) that plain gradient descent at
# learning_rate=0.1 rightly refuses with TrainingDivergedError (lesson 9: scale first). Adam's steps are
# about learning_rate long whatever the scale, so the checked GDRegressor uses it; 300 epochs are enough
# for check_regressors_train's R^2 > 0.5 and keep the suite at a few seconds.
CHECKED = [ClosedFormRegressor(), GDRegressor(optimizer="adam", num_epochs=300)]
# Every check applies and passes, with scikit-learn 1.6.1 and 1.9.1: none is expected to fail.
EXPECTED_FAILED_CHECKS: dict[str, str] = {}


@parametrize_with_checks(CHECKED, expected_failed_checks=lambda estimator: EXPECTED_FAILED_CHECKS)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def _problem(seed=0, num_samples=80, num_features=5, noise=0.5):
    """X (N, D) with columns on scales 0.1 to 10 and offsets, y (N,) linear in X plus noise."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((num_samples, num_features)) * rng.uniform(0.1, 10, num_features) + 3.0
    y = X @ rng.standard_normal(num_features) + 2.5 + noise * rng.standard_normal(num_samples)
    return X, y


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_closed_form_matches_linear_regression_and_ridge(seed):
    X, y = _problem(seed)
    # Tolerance: both solve the same well-conditioned (N=80, D=5) problem in float64; the largest
    # relative difference over these seeds and penalties was 8e-13, so 1e-9 leaves a wide margin.
    ours, theirs = ClosedFormRegressor().fit(X, y), LinearRegression().fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-9)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-9)
    for lam in (0.01, 1.0):  # the course's lambda is per row: Ridge's sum of squares needs alpha = N lambda
        ours, theirs = ClosedFormRegressor(l2_penalty=lam).fit(X, y), Ridge(alpha=len(X) * lam).fit(X, y)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-9)
        np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-9)
        expected_loss = np.mean((ours.predict(X) - y) ** 2) + lam * np.sum(ours.coef_**2)
        np.testing.assert_allclose(ours.loss_, expected_loss, rtol=1e-9)
    assert ours.coef_.shape == (5,) and isinstance(ours.intercept_, float) and ours.n_features_in_ == 5


@pytest.mark.parametrize("l2_penalty", [0.0, 0.1])
def test_gradient_descent_converges_to_the_closed_form_on_standardized_data(l2_penalty):
    X, y = _problem(3)
    gd = make_pipeline(StandardScaler(), GDRegressor(num_epochs=600, l2_penalty=l2_penalty, random_state=0))
    exact = make_pipeline(StandardScaler(), ClosedFormRegressor(l2_penalty=l2_penalty))
    gd.fit(X, y), exact.fit(X, y)
    # Tolerance: on these standardized columns the loss's curvatures lie in [1.4, 2.6], so full-batch
    # steps of 0.1 shrink the error by at least 14% an epoch (0.86 ** 600 ~ 1e-39): 600 epochs reach
    # rounding, and 1e-8 is generous.
    np.testing.assert_allclose(gd[-1].coef_, exact[-1].coef_, atol=1e-8)
    np.testing.assert_allclose(gd[-1].intercept_, exact[-1].intercept_, atol=1e-8)
    np.testing.assert_allclose(gd[-1].loss_history_[-1], exact[-1].loss_, rtol=1e-10)
    assert gd[-1].n_iter_ == 600 and gd[-1].loss_history_.shape == (601,)
    assert gd[-1].best_epoch_ is None and gd[-1].val_loss_history_ is None


def test_the_same_random_state_gives_the_same_fit():
    X, y = _problem(4)
    Z = StandardScaler().fit_transform(X)  # (80, 5)
    settings = dict(num_epochs=30, batch_size=8, optimizer="momentum", learning_rate=0.02,
                    early_stopping=True)
    first, again = (GDRegressor(**settings, random_state=7).fit(Z, y) for _ in range(2))
    np.testing.assert_array_equal(first.coef_, again.coef_)
    np.testing.assert_array_equal(first.val_loss_history_, again.val_loss_history_)
    other = GDRegressor(**settings, random_state=8).fit(Z, y)
    assert not np.array_equal(first.coef_, other.coef_)
    # scikit-learn's other kinds of random_state are accepted too: a RandomState and a Generator.
    for state in (np.random.RandomState(0), np.random.default_rng(0)):
        assert GDRegressor(**settings, random_state=state).fit(Z, y).coef_.shape == (5,)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_early_stopping_keeps_the_best_epochs_weights(seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((40, 15))  # (40, 15): few rows, many noise columns, so validation loss turns up
    y = X[:, 0] + rng.standard_normal(40)  # (40,)
    settings = dict(learning_rate=0.05, early_stopping=True, validation_fraction=0.25, patience=5,
                    random_state=seed)
    model = GDRegressor(num_epochs=300, **settings).fit(X, y)
    assert model.n_iter_ < 300, "patience should have run out on this data"
    assert model.best_epoch_ == int(np.argmin(model.val_loss_history_))
    assert model.n_iter_ == model.best_epoch_ + 5 and model.val_loss_history_.shape == (model.n_iter_ + 1,)
    # The same seed holds out the same rows and walks the same path: stopped at the best epoch, that
    # run ends on the weights the early-stopped model kept.
    if model.best_epoch_ > 0:
        shorter = GDRegressor(num_epochs=model.best_epoch_, **settings).fit(X, y)
        np.testing.assert_array_equal(model.coef_, shorter.coef_)
        assert model.intercept_ == shorter.intercept_


def test_gd_in_a_polynomial_pipeline_and_clone():
    rng = np.random.default_rng(5)
    x = rng.uniform(-3, 3, (60, 1))  # (60, 1)
    y = 0.5 * x[:, 0] ** 2 - x[:, 0] + 1 + 0.1 * rng.standard_normal(60)  # (60,)
    gd = GDRegressor(num_epochs=500, random_state=0)
    model = make_pipeline(StandardScaler(), PolynomialFeatures(2), gd)
    # Tolerance: the noise (0.1) is small next to y's spread, so the best quadratic has R^2 > 0.99.
    assert model.fit(x, y).score(x, y) > 0.99
    assert model.predict([[0.0], [1.0]]).shape == (2,)
    copy = clone(model)
    assert copy.get_params()["gdregressor__random_state"] == 0
    with pytest.raises(NotFittedError):
        copy[-1].predict(x)
    estimator = clone(GDRegressor(learning_rate=0.05, patience=3))
    assert estimator.get_params()["learning_rate"] == 0.05 and estimator.set_params(patience=4).patience == 4


def test_grid_search_over_l2_penalty():
    X, y = _problem(6, num_samples=45, num_features=8, noise=2.0)
    grid = {"l2_penalty": [0.0, 0.1, 1.0]}
    search = GridSearchCV(ClosedFormRegressor(), grid, cv=3).fit(X, y)
    assert search.best_params_["l2_penalty"] in grid["l2_penalty"]
    # Each candidate is a clone with its l2_penalty set: its scores are those of that model alone.
    for lam, score in zip(grid["l2_penalty"], search.cv_results_["mean_test_score"], strict=True):
        alone = cross_val_score(ClosedFormRegressor(l2_penalty=lam), X, y, cv=3)
        np.testing.assert_allclose(score, alone.mean())
    pipeline = make_pipeline(StandardScaler(), GDRegressor(num_epochs=100, random_state=0))
    search = GridSearchCV(pipeline, {"gdregressor__l2_penalty": grid["l2_penalty"]}, cv=3).fit(X, y)
    assert len(set(search.cv_results_["mean_test_score"])) == 3  # the penalty reached the estimator
    assert search.best_estimator_.predict(X).shape == (45,)


BAD_SETTINGS = [
    (ClosedFormRegressor(l2_penalty=-1.0), ValueError, "l2_penalty"),
    (ClosedFormRegressor(l2_penalty="big"), TypeError, "l2_penalty"),
    (GDRegressor(l2_penalty=-1.0), ValueError, "l2_penalty"),
    (GDRegressor(optimizer="adamw"), ValueError, "optimizer"),
    (GDRegressor(learning_rate=0), ValueError, "learning_rate"),
    (GDRegressor(num_epochs=0), ValueError, "num_epochs"),
    (GDRegressor(batch_size=0), ValueError, "batch_size"),
    (GDRegressor(early_stopping="yes"), TypeError, "early_stopping"),
    (GDRegressor(early_stopping=True, validation_fraction=1.5), ValueError, "validation_fraction"),
    (GDRegressor(early_stopping=True, patience=0), ValueError, "patience"),
    (GDRegressor(random_state="seed"), ValueError, "random_state"),
]


@pytest.mark.parametrize(("estimator", "error", "name"), BAD_SETTINGS, ids=[repr(e[0]) for e in BAD_SETTINGS])
def test_bad_settings_are_refused_in_fit_naming_them(estimator, error, name):
    X, y = _problem(7, num_samples=20, num_features=2)
    with pytest.raises(error, match=name):
        estimator.fit(X, y)


@pytest.mark.parametrize("estimator", [ClosedFormRegressor(), GDRegressor(num_epochs=5, random_state=0)])
def test_bad_data_and_misuse_are_refused(estimator):
    X, y = _problem(8, num_samples=20, num_features=3)
    with pytest.raises(NotFittedError):
        clone(estimator).predict(X)
    with pytest.raises(TypeError, match="X"):
        estimator.fit("X", y)
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        estimator.fit(X_nan, y)
    with pytest.raises(ValueError, match="one target"):
        estimator.fit(X, np.column_stack([y, y]))
    Z = StandardScaler().fit_transform(X)  # (20, 3)
    with pytest.warns(DataConversionWarning):  # a column y is used as 1-D, as scikit-learn's models do
        column_fit = clone(estimator).fit(Z, y.reshape(-1, 1))
    flat_fit = clone(column_fit).fit(Z.tolist(), y.tolist())  # plain lists work too
    np.testing.assert_array_equal(column_fit.coef_, flat_fit.coef_)
    assert flat_fit.predict(Z.tolist()).shape == (20,)
    with pytest.raises(ValueError, match="X has 2 features, but .* is expecting 3 features"):
        flat_fit.predict(Z[:, :2])


def test_a_diverging_learning_rate_raises_the_course_error():
    X, y = _problem(9, num_samples=30, num_features=2)
    with pytest.raises(TrainingDivergedError, match="learning_rate=10 is too large"):
        GDRegressor(learning_rate=10.0, num_epochs=50, random_state=0).fit(X, y)


def test_dataframes_keep_their_column_names():
    pd = pytest.importorskip("pandas")
    X, y = _problem(10, num_samples=30, num_features=2)
    frame = pd.DataFrame(X, columns=["age", "bmi"])
    model = ClosedFormRegressor().fit(frame, y)
    assert model.feature_names_in_.tolist() == ["age", "bmi"]
    np.testing.assert_allclose(model.predict(frame), X @ model.coef_ + model.intercept_)


def test_pickle_round_trip_and_lazy_import():
    X, y = _problem(11, num_samples=30, num_features=2)
    model = GDRegressor(num_epochs=20, random_state=0).fit(StandardScaler().fit_transform(X), y)
    copy = pickle.loads(pickle.dumps(model))
    assert type(copy) is GDRegressor and np.array_equal(copy.coef_, model.coef_)
    # scikit-learn takes seconds to import; the lessons that never use it must not pay for it.
    probe = ("import sys, lessons_utils; assert 'sklearn' not in sys.modules; "
             "from lessons_utils.estimators import GDRegressor; assert 'sklearn' in sys.modules")
    subprocess.run([sys.executable, "-c", probe], check=True)
