"""The course's figure style, and the data-plus-fitted-line figure.

Every lesson calls :func:`use_course_style` in its setup cell. Lesson 4 draws
its fitted line on each split with :func:`plot_fit_panels`; later lessons refer
back to that figure instead of drawing it again.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator

from ._validation import as_float_matrix, check_same_length

FIGURE_DPI = 80  # small PNGs keep notebooks light and diffs quiet


def use_course_style() -> None:
    """Apply the course's figure defaults: modest dpi, readable fonts, a grid.

    Every lesson, from lesson 1, calls it in its setup cell.

    Examples
    --------
    >>> use_course_style()
    >>> plt.rcParams["figure.dpi"] == FIGURE_DPI
    True
    """
    plt.rcParams.update(
        {
            "figure.dpi": FIGURE_DPI,
            "savefig.dpi": FIGURE_DPI,
            "figure.figsize": (7.0, 4.0),
            "font.size": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
        }
    )


def label_log_axis_plainly(axis: Axis) -> None:
    """Label a log-scale axis 0.001, 0.1, 10, ... and drop its minor ticks.

    Lessons 10 and 11's figures span many powers of ten. Matplotlib's default labels
    are written ``$\\mathdefault{10^{-3}}$`` and typeset by its TeX-like
    parser, which makes every figure noticeably slower to draw; plain numbers
    read just as well and cost nothing.

    Parameters
    ----------
    axis : matplotlib.axis.Axis
        For example ``ax.yaxis`` of an axes with ``ax.set_yscale("log")``.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax.set_yscale("log")
    >>> label_log_axis_plainly(ax.yaxis)
    >>> ax.yaxis.get_major_formatter()(0.001, 0)
    '0.001'
    >>> plt.close(fig)
    """
    if not isinstance(axis, Axis):
        raise TypeError(f"axis must be a matplotlib Axis such as ax.yaxis, got {type(axis).__name__}")
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axis.set_minor_locator(NullLocator())


def plot_fit_panels(
    panels: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
    *,
    title: str,
    xlabel: str = "X",
    ylabel: str = "y",
) -> Figure:
    """Side-by-side scatter plots of data with the model's line, one per split.

    Drawn in lesson 4, section 5.

    Parameters
    ----------
    panels : dict of name -> (X, y, y_pred)
        For example ``{"Train": (X_train, y_train, pred_train), "Validation": ...}``;
        each array has shape (n, 1) or (n,) and X has a single feature.
    title : str
        The figure's overall title.
    xlabel, ylabel : str
        Axis labels, e.g. with the units ("standardized X").

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> x = np.arange(3.0)
    >>> fig = plot_fit_panels({"Train": (x, x, x)}, title="demo")
    >>> [ax.get_title() for ax in fig.axes]
    ['Train']
    >>> plt.close(fig)
    """
    if not isinstance(panels, dict) or not panels:
        raise TypeError("panels must be a non-empty dict of name -> (X, y, y_pred)")
    fig, axes = plt.subplots(1, len(panels), figsize=(4.5 * len(panels), 3.8), squeeze=False)
    for ax, (name, arrays) in zip(axes[0], panels.items(), strict=True):
        if not isinstance(arrays, tuple) or len(arrays) != 3:
            raise TypeError(f"panels[{name!r}] must be a tuple (X, y, y_pred)")
        X, y, y_pred = (as_float_matrix(a, f"panels[{name!r}][{i}]") for i, a in enumerate(arrays))
        check_same_length(X=X, y=y, y_pred=y_pred)
        if X.shape[1] != 1:
            raise ValueError(f"panels[{name!r}] X must have one feature to plot, got {X.shape[1]}")
        order = np.argsort(X[:, 0])  # draw the line left to right
        ax.scatter(X[:, 0], y[:, 0], s=14, alpha=0.7, label="data")
        ax.plot(X[order, 0], y_pred[order, 0], color="tab:red", linewidth=1.5, label="model")
        ax.set_title(name)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend(loc="lower right")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
