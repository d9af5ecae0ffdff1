"""The course plot style and plotting helpers (seaborn shape: data in, ``ax`` out).

Taught in ``00_start_here.ipynb``.
"""

from __future__ import annotations

import contextlib

from ._validate import boolean

COURSE_RC = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 80,              # small stored PNGs keep notebooks well under 1 MB
    "savefig.dpi": 80,
    "figure.autolayout": True,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "lines.linewidth": 1.8,
    "image.cmap": "viridis",
    "axes.prop_cycle": None,       # filled in from the colour-blind-safe palette below
}

# Okabe & Ito's colour-blind-safe palette
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


def _rc() -> dict:
    from cycler import cycler

    rc = dict(COURSE_RC)
    rc["axes.prop_cycle"] = cycler(color=list(PALETTE))
    return rc


def apply_course_style() -> None:
    """Set the course's matplotlib style for the rest of the session (notebooks call this once).

    Taught in ``00_start_here.ipynb``.
    """
    import matplotlib as mpl

    mpl.rcParams.update(_rc())


@contextlib.contextmanager
def course_style():
    """Use the course style inside a ``with`` block only; rcParams are restored afterwards.

    Taught in ``00_start_here.ipynb``.
    """
    import matplotlib as mpl

    with mpl.rc_context(_rc()):
        yield


def _get_ax(ax):
    import matplotlib.pyplot as plt

    return plt.gca() if ax is None else ax


def plot_history(frame, *, y=None, ax=None, hue=None, logy: bool = False, title: str | None = None, **kwargs):
    """Plot training curves: a ``model.fit`` History, ``pd.DataFrame(history.history)`` or a frame; returns the Axes.

    Epochs count from 1 (an 'epoch' column is used when the frame has one, as
    :func:`course_utils.training.fast_fit`'s does). ``y`` is a column name or list of names
    (default: loss and, if present, val_loss); validation columns are dashed, in the colour
    of their training column. ``hue`` names a column (e.g. 'learning_rate' in a sweep) to
    draw one line per value. Extra keyword arguments go to ``Axes.plot``.

    Taught in ``00_start_here.ipynb``.
    """
    import numpy as np
    import pandas as pd

    if isinstance(getattr(frame, "history", None), dict):  # a keras History
        frame = pd.DataFrame(frame.history)
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a keras History or a pandas DataFrame, got {type(frame).__name__}")
    if frame.empty:
        raise ValueError("frame is empty: nothing to plot")
    if "epoch" not in frame.columns:
        frame = frame.assign(epoch=np.arange(1, len(frame) + 1))
    available = [c for c in frame.columns if c != "epoch"]
    if y is None:
        y = [c for c in ("loss", "val_loss") if c in frame.columns]
        if not y:
            raise ValueError(f"frame has no 'loss' or 'val_loss' column to plot by default: name the columns with "
                             f"y=..., e.g. y={available[:1]!r}; available: {available}")
    elif isinstance(y, str):
        y = [y]
    if isinstance(y, (list, tuple)) and not y:
        raise ValueError(f"y must name at least one column, got an empty list; available: {available}")
    if not isinstance(y, (list, tuple)) or not all(isinstance(c, str) for c in y):
        raise ValueError(f"y must be a column name or a list of them, got {y!r}; available: {available}")
    missing = [c for c in y if c not in frame.columns]
    if missing:
        raise ValueError(f"y names columns not in frame: {missing}; available: {available}")
    if hue is not None and (not isinstance(hue, str) or hue not in frame.columns):
        raise ValueError(f"hue must be a column of frame, got {hue!r}; available: {available}")
    logy = boolean(logy, "logy")
    ax = _get_ax(ax)
    groups = [(None, frame)] if hue is None else list(frame.groupby(hue, sort=True))
    bases = list(dict.fromkeys(c.removeprefix("val_") for c in y))  # loss, accuracy, ...
    for gi, (key, part) in enumerate(groups):
        for col in y:
            index = gi if hue is not None else bases.index(col.removeprefix("val_"))
            style = "--" if col.startswith("val_") else "-"
            if hue is None:
                label = col
            else:
                label = f"{hue}={key:g} {col}" if isinstance(key, float) else f"{hue}={key} {col}"
            ax.plot(part["epoch"], part[col], style, color=PALETTE[index % len(PALETTE)], label=label, **kwargs)
    if logy:
        ax.set_yscale("log")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    ax.set_xlabel("epoch")
    ax.set_ylabel(y[0] if len({c.replace("val_", "") for c in y}) == 1 else "value")
    if title:
        ax.set_title(title)
    ax.legend()
    return ax
