"""Standardization, and the algebra that undoes it for a linear model.

The statistics come from the training split only; ``fit`` on train, then
``transform`` every split. Fitting on all rows would let the val and test
values leak into what the model sees while it trains.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_bias, as_float_matrix, as_weights


class Standardizer:
    """Shift each column to mean 0 and scale it to standard deviation 1.

    Built by hand in lesson 3 (steps 1 and 2, then "The shared `Standardizer`"). Uses the population standard
    deviation (``ddof=0``), as scikit-learn's
    ``StandardScaler`` does, so the two agree exactly.

    Attributes
    ----------
    mean_ : ndarray of shape (1, D)
    std_ : ndarray of shape (1, D)

    Examples
    --------
    >>> scaler = Standardizer().fit([[1.0], [2.0], [3.0]])
    >>> scaler.transform([[2.0], [4.0]]).ravel().round(4).tolist()
    [0.0, 2.4495]
    >>> scaler.inverse_transform(scaler.transform([[7.0]])).item()
    7.0
    """

    mean_: np.ndarray
    std_: np.ndarray

    def fit(self, X: np.ndarray) -> Standardizer:
        """Learn the column means and standard deviations of ``X``.

        Parameters
        ----------
        X : array-like of shape (n, D) or (n,)
            The training rows only (lesson 3).

        Returns
        -------
        Standardizer
            This object, fitted, so that ``Standardizer().fit(X_train)`` reads well.

        Examples
        --------
        >>> Standardizer().fit([[1.0], [3.0]]).std_.item()
        1.0
        """
        X = as_float_matrix(X, "X")
        with np.errstate(over="ignore", invalid="ignore"):
            std = X.std(axis=0, keepdims=True)  # (1, D)
        if not np.all(np.isfinite(std)):
            raise ValueError("X has values too large for float64 to square (beyond about 1e154): "
                             "its standard deviation overflows; rescale it first")
        # A constant column cannot be rescaled to std 1; dividing would give inf/NaN.
        scale = np.maximum(np.abs(X).max(axis=0, keepdims=True), 1.0)
        constant = np.flatnonzero(std <= 1e-12 * scale)
        if constant.size:
            raise ValueError(
                f"X has zero variance in column(s) {constant.tolist()}: "
                "a constant feature cannot be standardized"
            )
        self.mean_ = X.mean(axis=0, keepdims=True)  # (1, D)
        self.std_ = std
        return self

    def _check_fitted(self, X: np.ndarray, name: str) -> np.ndarray:
        if not hasattr(self, "mean_"):
            raise ValueError("this Standardizer is not fitted yet: call fit(X_train) first")
        X = as_float_matrix(X, name)
        if X.shape[1] != self.mean_.shape[1]:
            raise ValueError(
                f"{name} has {X.shape[1]} column(s) but the Standardizer was fitted on {self.mean_.shape[1]}"
            )
        return X

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Standardize ``X`` with the fitted statistics.

        Parameters
        ----------
        X : array-like of shape (n, D) or (n,)
            Any split: train, val, test or new inputs.

        Returns
        -------
        numpy.ndarray of shape (n, D)
            (X - mean_) / std_.

        Examples
        --------
        >>> Standardizer().fit([[0.0], [2.0]]).transform([[1.0]]).item()
        0.0
        """
        X = self._check_fitted(X, "X")
        return (X - self.mean_) / self.std_  # (n, D)

    def inverse_transform(self, Z: np.ndarray) -> np.ndarray:
        """Undo :meth:`transform`: back to the original units.

        Parameters
        ----------
        Z : array-like of shape (n, D) or (n,)
            Standardized values, for example a model's standardized predictions.

        Returns
        -------
        numpy.ndarray of shape (n, D)
            Z * std_ + mean_.

        Examples
        --------
        >>> Standardizer().fit([[0.0], [2.0]]).inverse_transform([[1.0]]).item()
        2.0
        """
        Z = self._check_fitted(Z, "Z")
        return Z * self.std_ + self.mean_  # (n, D)

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        """Fit on ``X`` and return it standardized.

        Parameters
        ----------
        X : array-like of shape (n, D) or (n,)
            The training rows.

        Returns
        -------
        numpy.ndarray of shape (n, D)

        Examples
        --------
        >>> Standardizer().fit_transform([1.0, 3.0]).ravel().tolist()
        [-1.0, 1.0]
        """
        return self.fit(X).transform(X)


def unstandardize_weights(
    W_std: np.ndarray,
    b_std: np.ndarray | float,
    x_scaler: Standardizer,
    y_scaler: Standardizer,
) -> tuple[np.ndarray, np.ndarray]:
    """Turn weights learned on standardized data back into original units.

    Built by hand in lesson 6, section 2 (one feature); any number of features here.

    With z = (x - mu_x) / s_x and the model (y - mu_y) / s_y = z W_std + b_std,

        W = W_std * s_y / s_x
        b = mu_y + s_y * b_std - mu_x @ W

    Parameters
    ----------
    W_std : array-like of shape (D, 1) or (D,)
        Weights learned on standardized X and y.
    b_std : float or array-like of shape (1,)
        Bias learned there.
    x_scaler, y_scaler : Standardizer
        The fitted scalers of the inputs (D columns) and the target (1 column).

    Returns
    -------
    W : ndarray of shape (D, 1)
    b : ndarray of shape (1,)

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = 3 * X + 1
    >>> xs, ys = Standardizer().fit(X), Standardizer().fit(y)
    >>> W, b = unstandardize_weights([[1.0]], 0.0, xs, ys)
    >>> round(W.item(), 12), round(b.item(), 12)
    (3.0, 1.0)
    """
    for name, scaler in (("x_scaler", x_scaler), ("y_scaler", y_scaler)):
        if not isinstance(scaler, Standardizer) or not hasattr(scaler, "mean_"):
            raise TypeError(f"{name} must be a fitted Standardizer")
    if y_scaler.mean_.shape[1] != 1:
        raise ValueError(f"y_scaler must be fitted on one column, got {y_scaler.mean_.shape[1]}")
    W_std = as_weights(W_std, x_scaler.mean_.shape[1], "W_std")  # (D, 1)
    b_std = as_bias(b_std, "b_std")
    W = W_std * y_scaler.std_ / x_scaler.std_.T  # (D, 1) = (D, 1) * (1, 1) / (D, 1)
    b = y_scaler.mean_ + y_scaler.std_ * b_std.reshape(1, 1) - x_scaler.mean_ @ W  # (1, 1)
    return W, b.reshape(1)
