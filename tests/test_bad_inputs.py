"""Every public function, probed with bad and extreme values of every argument.

The table below lists each public callable with one valid call: its arguments
by name, each with a good value and a kind. For every argument, every bad value
of its kind replaces the good one, and the call must raise ``ValueError`` or
``TypeError`` (``TrainingDivergedError`` for a learning rate that blows up)
whose message names that argument. "huge" values may instead be accepted, as
long as nothing non-finite comes back. A test also checks that the table
covers every name in ``lessons_utils.__all__``, so a new function cannot skip
validation.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
import torch

import lessons_utils as lu
from lessons_utils.estimators import ClosedFormRegressor, GDRegressor
from lessons_utils.torch_training import fit_linear_torch

NAN, INF = float("nan"), float("inf")
X10 = np.arange(10.0).reshape(-1, 1) / 10  # (10, 1), small values so a few epochs stay stable
Y10 = 2 * X10 + 1


def _fitted(values: np.ndarray) -> lu.Standardizer:
    return lu.Standardizer().fit(values)


def _array_bads(good: np.ndarray, *, rows: bool) -> dict[str, Any]:
    bads = {
        "nan": np.where(np.arange(good.size).reshape(good.shape) == 0, NAN, good),
        "inf": np.where(np.arange(good.size).reshape(good.shape) == 0, INF, good),
        "empty": good[:0],
        "ragged": [[1.0], [1.0, 2.0]],
        "3-D": good[..., None, None] if good.ndim == 1 else good[..., None],
        "bool": good > good.mean(),
        "string": "1, 2, 3",
        "strings": np.array(["a"] * good.size).reshape(good.shape),
        "object": np.array([object()] * good.size).reshape(good.shape),
        "none": None,
        "masked": np.ma.masked_array(good, mask=np.ones(good.shape, dtype=bool)),
        "grad tensor": torch.tensor(good, requires_grad=True),
        "huge": good * 1e300 + 1e300,
    }
    if rows:
        bads["wrong length"] = good[:-1]
    return bads


REAL_BADS = {"nan": NAN, "inf": INF, "bool": True, "string": "0.1", "object": object(), "none": None,
             "array": np.array([0.1, 0.2]), "huge": 1e300}
INT_BADS = {"nan": NAN, "inf": INF, "bool": True, "string": "3", "object": object(), "none": None,
            "float": 2.5, "negative": -1, "huge": 10**15}
RNG_BADS = {"int": 42, "string": "42", "legacy": np.random.RandomState(0), "object": object()}
FRACTION_BADS = {"none": None, "string": "0.7,0.15,0.15", "two": (0.5, 0.5), "nan": (NAN, 0.5, 0.5),
                 "sum": (0.5, 0.5, 0.5), "bool": (True, False, False), "strings": ("a", "b", "c")}
CHOICE_BADS = {"unknown": "rmsprop", "list": ["sgd"], "none": None, "int": 3}
CALLABLE_BADS = {"none": None, "int": 3, "string": "f"}
SCALER_BADS = {"none": None, "unfitted": lu.Standardizer(), "string": "scaler", "array": np.ones((2, 1))}


@dataclass
class Arg:
    good: Any
    bads: dict[str, Any]
    optional: bool = False  # None is a valid value: not probed with "none"

    def probes(self) -> dict[str, Any]:
        return {k: v for k, v in self.bads.items() if not (self.optional and k == "none")}


def array(good, rows: bool = False, optional: bool = False) -> Arg:
    return Arg(np.asarray(good, dtype=float), _array_bads(np.asarray(good, dtype=float), rows=rows), optional)


def real(good: float) -> Arg:
    return Arg(good, REAL_BADS)


def integer(good: int) -> Arg:
    return Arg(good, INT_BADS)


def rng(optional: bool = False) -> Arg:
    return Arg(None if optional else "fresh", RNG_BADS, optional)


@dataclass
class Case:
    function: Any
    args: dict[str, Arg] = field(default_factory=dict)



def _fit_args(**extra: Arg) -> dict[str, Arg]:
    return {"X": array(X10, rows=True), "y": array(Y10, rows=True), "learning_rate": real(0.1),
            "num_epochs": integer(3), "l2_penalty": real(0.1), "rng": rng(),
            "initial_W": array([[0.0]], optional=True), "initial_b": array([0.0], optional=True), **extra}


def _standardizer_method(method: str, argument: str):
    def call(**kwargs):
        return getattr(_fitted(X10), method)(kwargs[argument])
    return call


CASES: dict[str, Case] = {
    "generate_linear_data": Case(lu.generate_linear_data, {
        "num_samples": integer(10), "rng": rng(), "slope": real(3.5), "noise_low": real(-10.0),
        "noise_high": real(20.0)}),
    "fresh_sample": Case(lu.fresh_sample, {
        "num_samples": integer(10), "rng": rng(), "min_rows": integer(25)}),
    "noise_mean": Case(lu.noise_mean, {"low": real(-10.0), "high": real(20.0)}),
    "noise_std": Case(lu.noise_std, {"low": real(-10.0), "high": real(20.0)}),
    "set_seed": Case(lu.set_seed, {"seed": integer(1234)}),
    "load_course_splits": Case(lu.load_course_splits, {
        "seed": integer(1), "num_samples": integer(20), "fractions": Arg((0.7, 0.15, 0.15), FRACTION_BADS)}),
    "load_diabetes_splits": Case(lu.load_diabetes_splits, {
        "seed": integer(1), "fractions": Arg((0.6, 0.2, 0.2), FRACTION_BADS)}),
    "load_diabetes_data": Case(lu.load_diabetes_data, {}),
    "split_sizes": Case(lu.split_sizes, {
        "num_samples": integer(20), "fractions": Arg((0.7, 0.15, 0.15), FRACTION_BADS)}),
    "split_train_val_test": Case(lu.split_train_val_test, {
        "X": array(X10, rows=True), "y": array(Y10, rows=True), "rng": rng(),
        "fractions": Arg((0.6, 0.2, 0.2), FRACTION_BADS)}),
    "Standardizer.fit": Case(_standardizer_method("fit", "X"), {"X": array(X10)}),
    "Standardizer.fit_transform": Case(_standardizer_method("fit_transform", "X"), {"X": array(X10)}),
    "Standardizer.transform": Case(_standardizer_method("transform", "X"), {"X": array(X10)}),
    "Standardizer.inverse_transform": Case(_standardizer_method("inverse_transform", "Z"), {"Z": array(X10)}),
    "unstandardize_weights": Case(lu.unstandardize_weights, {
        "W_std": array([[1.0]]), "b_std": array([0.0]), "x_scaler": Arg(_fitted(X10), SCALER_BADS),
        "y_scaler": Arg(_fitted(Y10), SCALER_BADS)}),
    "fit_linear_gd": Case(lu.fit_linear_gd, _fit_args()),
    "fit_linear_minibatch": Case(lu.fit_linear_minibatch, _fit_args(
        optimizer=Arg("adam", CHOICE_BADS), batch_size=Arg(4, {k: v for k, v in INT_BADS.items()
                                                               if k != "huge"}, optional=True),
        X_val=array(X10, optional=True), y_val=array(Y10, optional=True),
        early_stopping=Arg(None, {"int": 5, "string": "yes"}, optional=True))),
    "fit_linear_torch": Case(fit_linear_torch, _fit_args(optimizer=Arg("adam", CHOICE_BADS))),
    "fit_linear_closed_form": Case(lu.fit_linear_closed_form, {
        "X": array(X10, rows=True), "y": array(Y10, rows=True), "l2_penalty": real(0.0)}),
    "mse": Case(lu.mse, {"y_true": array(Y10, rows=True), "y_pred": array(Y10 + 1, rows=True)}),
    "predict_linear": Case(lu.predict_linear, {"X": array(X10), "W": array([[2.0]]), "b": array([1.0])}),
    "mse_gradients": Case(lu.mse_gradients, {
        "X": array(X10, rows=True), "y": array(Y10, rows=True), "W": array([[2.0]]), "b": array([1.0]),
        "l2_penalty": real(0.1)}),
    "loss_and_gradients": Case(lu.loss_and_gradients, {
        "X": array(X10, rows=True), "y": array(Y10, rows=True), "W": array([[2.0]]), "b": array([1.0]),
        "l2_penalty": real(0.1)}),
    "design_matrix": Case(lu.design_matrix, {"X": array(X10)}),
    "normal_equations": Case(lu.normal_equations, {"X": array(X10, rows=True), "y": array(Y10, rows=True)}),
    "relative_error": Case(lu.relative_error, {"a": array([1.0, 2.0]), "b": array([1.0, 2.5])}),
    "numerical_gradient": Case(lu.numerical_gradient, {
        "f": Arg(lambda t: float(np.sum(t**2)), CALLABLE_BADS), "theta": array([1.0, 2.0]),
        "eps": real(1e-6)}),
    "check_gradient": Case(lu.check_gradient, {
        "f": Arg(lambda t: float(np.sum(t**2)), CALLABLE_BADS), "grad": Arg(lambda t: 2 * t, CALLABLE_BADS),
        "theta": array([1.0, 2.0]), "eps": real(1e-6), "tolerance": real(1e-6)}),
    "check_not_diverged": Case(lu.check_not_diverged, {
        "loss": real(0.5), "initial_loss": real(1.0), "epoch": integer(3), "learning_rate": real(0.1)}),
    "check_ended_lower": Case(lu.check_ended_lower, {
        "loss_history": array([2.0, 1.0]), "baseline": real(1.0), "learning_rate": real(0.1)}),
    "EarlyStopping": Case(lu.EarlyStopping, {"patience": integer(3), "min_delta": real(0.0)}),
    "EarlyStopping.update": Case(lambda epoch, val_loss: lu.EarlyStopping(2).update(epoch, val_loss, None),
                                 {"epoch": integer(0), "val_loss": real(1.0)}),
    "SGD": Case(lu.SGD, {"learning_rate": real(0.1)}),
    "Momentum": Case(lu.Momentum, {"learning_rate": real(0.1), "beta": real(0.9)}),
    "Adam": Case(lu.Adam, {"learning_rate": real(0.1), "beta1": real(0.9), "beta2": real(0.999),
                           "eps": real(1e-8)}),
    "make_optimizer": Case(lu.make_optimizer, {"name": Arg("sgd", CHOICE_BADS), "learning_rate": real(0.1)}),
    "minibatch_indices": Case(lambda **kw: list(lu.minibatch_indices(**kw)), {
        "num_samples": integer(10), "batch_size": Arg(3, {k: v for k, v in INT_BADS.items() if k != "huge"}),
        "rng": rng()}),
}
for _name, _optimizer in (("SGD.step", lu.SGD), ("Momentum.step", lu.Momentum), ("Adam.step", lu.Adam)):
    CASES[_name] = Case(lambda params, grads, _opt=_optimizer: _opt(0.1).step(params, grads), {
        "params": Arg("fresh params", {"float": [1.0], "int array": [np.array([1])], "none": None}),
        "grads": Arg("fresh grads", {"wrong shape": [np.ones(3)], "none": None, "huge": [np.array([1e308])]}),
    })

# The estimators (imported on their own) are probed through fit. Their data checks are scikit-learn's
# own, whose messages check_estimator pins, so X and y are probed only with the kinds those messages
# name them for (empty, ragged or wrong-length data get scikit-learn's wording).
ESTIMATOR_DATA_BADS = ("nan", "inf", "string", "none", "masked", "grad tensor", "huge")


def _estimator_data(good: np.ndarray) -> Arg:
    bads = _array_bads(good, rows=True)
    return Arg(good, {kind: bads[kind] for kind in ESTIMATOR_DATA_BADS})


CASES["ClosedFormRegressor.fit"] = Case(lambda X, y, **kw: ClosedFormRegressor(**kw).fit(X, y).coef_, {
    "X": _estimator_data(X10), "y": _estimator_data(Y10.ravel()), "l2_penalty": real(0.1)})
CASES["GDRegressor.fit"] = Case(lambda X, y, **kw: GDRegressor(**kw).fit(X, y).coef_, {
    "X": _estimator_data(X10), "y": _estimator_data(Y10.ravel()), "learning_rate": real(0.1),
    "num_epochs": integer(3), "l2_penalty": real(0.1), "optimizer": Arg("adam", CHOICE_BADS),
    "batch_size": Arg(4, {k: v for k, v in INT_BADS.items() if k != "huge"}, optional=True),
    "early_stopping": Arg(True, {"int": 5, "string": "yes", "none": None}),
    "validation_fraction": Arg(0.2, {**REAL_BADS, "zero": 0.0, "one": 1.0}), "patience": integer(3),
    "random_state": Arg(0, {"string": "42", "float": 2.5, "object": object()}, optional=True)})

# Names in __all__ that are data, result types or exceptions, not functions taking input.
NOT_PROBED = {"TRUE_SLOPE", "DataSplits", "Split", "LinearFit", "GradientCheck", "TrainingDivergedError",
              "Standardizer", "RealData"}  # Standardizer is probed through its methods above


# Good values that must be made afresh for every call (a generator is consumed, params are updated).
FRESH = {"fresh": lambda: np.random.default_rng(0), "fresh params": lambda: [np.array([1.0, 2.0])],
         "fresh grads": lambda: [np.array([0.1, 0.2])]}


def _call(case: Case, **overrides):
    kwargs = {name: arg.good for name, arg in case.args.items()}
    kwargs = {k: FRESH[v]() if isinstance(v, str) and v in FRESH else v for k, v in kwargs.items()}
    kwargs.update(overrides)
    return case.function(**kwargs)


def _all_finite(result: Any) -> bool:
    """Whether every number in a result (arrays, tuples, NamedTuples, floats) is finite."""
    if isinstance(result, np.ndarray) and np.issubdtype(result.dtype, np.number):
        return bool(np.all(np.isfinite(result)))
    if isinstance(result, numbers.Real):
        return bool(np.isfinite(result))
    if isinstance(result, (tuple, list)):
        return all(_all_finite(item) for item in result)
    return True  # models, generators, None, optimizers


PROBES = [(name, argument, bad) for name, case in CASES.items() for argument, arg in case.args.items()
          for bad in arg.probes()]


def test_the_table_covers_every_public_function():
    public = {name for name in lu.__all__ if callable(getattr(lu, name))} - NOT_PROBED
    missing = public - set(CASES)
    assert not missing, f"add these to CASES in {__file__}: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_valid_call_works(name):
    assert _all_finite(_call(CASES[name]))


@pytest.mark.parametrize(("name", "argument", "bad"), PROBES, ids=[f"{n}-{a}-{b}" for n, a, b in PROBES])
def test_bad_input_is_refused_naming_the_argument(name, argument, bad):
    case = CASES[name]
    try:
        result = _call(case, **{argument: case.args[argument].bads[bad]})
    except (ValueError, TypeError, lu.TrainingDivergedError) as error:
        assert argument in str(error), f"{name}({argument}=<{bad}>) raised without naming it: {error!r}"
        return
    # Only an extreme but legal value may pass, and then nothing non-finite may come back.
    assert bad == "huge", f"{name}({argument}=<{bad}>) was accepted"
    assert _all_finite(result), f"{name}({argument}=<huge>) returned non-finite numbers"
