"""Learning-rate schedules: a NumPy reference for SGDR (cosine decay with warm restarts),
restart steps, epochs-to-steps, sampling any schedule into a DataFrame, a fair comparison of
schedules on the same model, and plots (schedule gallery, curves with the learning rate on a
second axis, restart markers).

Taught in ``03_cosine_decay_with_restarts.ipynb``.

The SGDR formula (Loshchilov & Hutter, ICLR 2017), in Keras's parametrization
(``keras.optimizers.schedules.CosineDecayRestarts``)::

    period i lasts T_i = first_decay_steps * t_mul**i steps; T_cur counts the steps since it began
    lr_min   = alpha * initial_learning_rate                   (the floor is NOT shrunk by m_mul)
    lr_max_i = lr_min + m_mul**i * (initial_learning_rate - lr_min)
    lr       = lr_min + (lr_max_i - lr_min) * (1 + cos(pi * T_cur / T_i)) / 2
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._validate import fraction, one_of, positive_int, positive_number, seed_list
from .plotting import _get_ax
from .training import epochs_to_steps, steps_per_epoch  # noqa: F401 - re-exported for notebook 03

__all__ = [
    "sgdr_learning_rate", "restart_steps", "steps_per_epoch", "epochs_to_steps",
    "sample_schedule", "sample_schedules", "ScheduleSpec", "reduce_on_plateau",
    "ScheduleComparison", "compare_schedules", "summarize_comparison",
    "plot_schedule", "plot_schedule_gallery", "mark_restarts", "plot_with_learning_rate",
    "plot_comparison",
]


# ---------------------------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------------------------

def _sgdr_args(initial_learning_rate, first_decay_steps, t_mul, m_mul, alpha):
    lr0 = positive_number(initial_learning_rate, "initial_learning_rate")
    first = positive_int(first_decay_steps, "first_decay_steps")
    if isinstance(t_mul, bool) or not isinstance(t_mul, numbers.Real) or not math.isfinite(t_mul) or t_mul < 1:
        raise ValueError(
            f"t_mul must be a number >= 1 (each period as long as or longer than the one before), got {t_mul!r}. "
            "With t_mul < 1 the periods shrink, their total length is finite, and Keras's "
            "CosineDecayRestarts returns NaN after first_decay_steps / (1 - t_mul) steps.")
    m_mul = positive_number(m_mul, "m_mul", allow_zero=True)
    alpha = fraction(alpha, "alpha", include_high=True)
    return lr0, first, float(t_mul), m_mul, alpha


def _steps_array(steps, name: str = "step") -> np.ndarray:
    try:
        is_bool = np.asarray(steps).dtype == bool
        arr = np.asarray(steps, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers >= 0, got {steps!r}") from None
    if is_bool or not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0 and finite (optimizer steps count from 0), got {steps!r}")
    return arr


def _int_steps(steps, name: str = "steps") -> np.ndarray:
    """An int count n -> 0..n-1; an iterable of non-negative integers -> that array."""
    if isinstance(steps, numbers.Integral) and not isinstance(steps, bool):
        return np.arange(positive_int(steps, name))
    if isinstance(steps, (str, bytes)) or not isinstance(steps, (Iterable, np.ndarray)):
        raise ValueError(f"{name} must be a number of steps (int >= 1) or a list of steps >= 0, got {steps!r}")
    arr = np.asarray(list(steps))
    if arr.ndim != 1 or arr.size == 0 or not np.issubdtype(arr.dtype, np.integer) or np.any(arr < 0):
        raise ValueError(f"{name} must be a non-empty list of integer steps >= 0, got {steps!r}")
    return arr.astype(np.int64)


# ---------------------------------------------------------------------------------------------
# the SGDR formula, restarts, epochs and steps
# ---------------------------------------------------------------------------------------------

def _period_starts(first: int, t_mul: float, until: float) -> np.ndarray:
    """Start of every period (0, T_0, T_0 + T_1, ...) up to and including the first one > until."""
    starts = [0.0]
    length = float(first)
    while starts[-1] <= until:
        starts.append(starts[-1] + length)
        length *= t_mul
    return np.asarray(starts)


def sgdr_learning_rate(step, initial_learning_rate: float, first_decay_steps: int, t_mul: float = 2.0,
                       m_mul: float = 1.0, alpha: float = 0.0):
    """SGDR's learning rate at optimizer step ``step`` (a number or an array), in NumPy.

    Loshchilov & Hutter's cosine annealing with warm restarts, with the arguments of
    ``keras.optimizers.schedules.CosineDecayRestarts``: period i lasts
    ``first_decay_steps * t_mul**i`` steps; inside it the rate falls along half a cosine
    from ``lr_max_i = lr_min + m_mul**i * (initial_learning_rate - lr_min)`` towards
    ``lr_min = alpha * initial_learning_rate`` (m_mul shrinks each restart's peak, never the
    floor), then jumps back up. Periods are found by adding up their lengths (the paper's
    T_cur and T_i), not with Keras's closed-form logarithm, so the two are independent
    implementations. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    lr0, first, t_mul, m_mul, alpha = _sgdr_args(initial_learning_rate, first_decay_steps, t_mul, m_mul, alpha)
    s = _steps_array(step)
    if t_mul == 1.0:
        i = np.floor(s / first)
        t_cur = s - i * first
        t_i = np.full_like(s, float(first))
    else:
        starts = _period_starts(first, t_mul, float(s.max()) if s.size else 0.0)
        i = (np.searchsorted(starts, s, side="right") - 1).astype(float)
        t_cur = s - starts[i.astype(int)]
        t_i = first * t_mul ** i
    lr_min = alpha * lr0
    lr_max = lr_min + m_mul ** i * (lr0 - lr_min)
    lr = lr_min + (lr_max - lr_min) * (1.0 + np.cos(np.pi * t_cur / t_i)) / 2.0
    return float(lr) if lr.ndim == 0 else lr


def restart_steps(total_steps: int, first_decay_steps: int, t_mul: float = 2.0) -> np.ndarray:
    """The optimizer steps, in 1..total_steps-1, at which SGDR restarts (the rate jumps back up).

    Period i starts at ``first_decay_steps * (1 + t_mul + ... + t_mul**(i-1))``; when that is
    not a whole number, the restart shows at the next whole step. Step 0 (the start) is not
    counted. The last period ends exactly at the end of training when ``total_steps`` itself
    is a period start: ``total_steps in restart_steps(total_steps + 1, ...)``.
    Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    total = positive_int(total_steps, "total_steps")
    _, first, t_mul, _, _ = _sgdr_args(1.0, first_decay_steps, t_mul, 1.0, 0.0)
    if t_mul == 1.0:
        return np.arange(first, total, first, dtype=np.int64)
    starts = _period_starts(first, t_mul, float(total))[1:]
    steps = np.ceil(starts - 1e-9).astype(np.int64)  # tolerate rounding in the sums of t_mul**i
    return steps[steps < total]


# ---------------------------------------------------------------------------------------------
# sampling schedules
# ---------------------------------------------------------------------------------------------

def _evaluate(schedule, steps: np.ndarray, name: str) -> np.ndarray:
    if isinstance(schedule, numbers.Real) and not isinstance(schedule, bool):
        value = positive_number(schedule, name)
        return np.full(steps.shape, value)
    if not callable(schedule):
        raise ValueError(f"{name} must be a Keras LearningRateSchedule, a function of the step, or a "
                         f"positive number; got {type(schedule).__name__}")
    try:  # most Keras schedules and NumPy functions accept a whole array of steps at once
        values = np.asarray(schedule(steps), dtype=float)
        if values.shape == steps.shape:
            return values
    except Exception:  # e.g. CosineDecay with warmup branches on a scalar step (ops.cond)
        pass
    try:  # let the backend vectorize the scalar function (fast); one step at a time is the last resort
        import keras

        values = np.asarray(keras.ops.vectorized_map(schedule, steps), dtype=float)
        if values.shape == steps.shape:
            return values
    except Exception:
        pass
    try:
        return np.array([float(np.asarray(schedule(int(s)))) for s in steps], dtype=float)
    except Exception as exc:
        raise ValueError(f"{name} could not be evaluated at step {int(steps[0])}: "
                         f"{type(exc).__name__}: {exc}") from None


def sample_schedule(schedule, steps) -> pd.DataFrame:
    """Evaluate a learning-rate schedule at each step: a DataFrame with columns step, learning_rate.

    ``schedule`` is a ``keras.optimizers.schedules.LearningRateSchedule``, any function of the
    step (e.g. ``functools.partial(sgdr_learning_rate, ...)``) or a constant number; ``steps``
    is a count n (steps 0..n-1) or a list of steps. Step s is the optimizer's ``iterations``
    counter: the rate used for the (s+1)-th batch. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    s = _int_steps(steps)
    values = _evaluate(schedule, s, "schedule")
    return pd.DataFrame({"step": s, "learning_rate": values})


def sample_schedules(schedules: Mapping, steps) -> pd.DataFrame:
    """Sample several schedules: a tidy DataFrame with columns schedule, step, learning_rate.

    ``schedules`` maps a display name to anything :func:`sample_schedule` accepts. Taught in
    ``03_cosine_decay_with_restarts.ipynb``.
    """
    if not isinstance(schedules, Mapping) or not schedules:
        raise ValueError("schedules must be a non-empty dict {name: schedule}, got "
                         f"{type(schedules).__name__}")
    s = _int_steps(steps)
    parts = []
    for name, schedule in schedules.items():
        values = _evaluate(schedule, s, f"schedules[{name!r}]")
        parts.append(pd.DataFrame({"schedule": str(name), "step": s, "learning_rate": values}))
    return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------------------------------------
# a fair comparison of schedules
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScheduleSpec:
    """A learning rate (number or Keras schedule) plus callbacks built fresh for every run.

    Most schedules are just the optimizer's ``learning_rate``; a few rules, such as
    ``ReduceLROnPlateau``, are callbacks that lower a constant rate while training. A callback
    keeps state, so ``callbacks`` is a function returning new ones for each run.
    """

    learning_rate: object
    callbacks: Callable[[], list] | None = field(default=None)


def reduce_on_plateau(learning_rate: float, *, factor: float = 0.5, patience: int = 1,
                      monitor: str = "val_loss", min_lr: float = 0.0) -> ScheduleSpec:
    """A constant ``learning_rate`` lowered by ``keras.callbacks.ReduceLROnPlateau``.

    When ``monitor`` has not improved for ``patience`` epochs the rate is multiplied by
    ``factor``. Keras's defaults (factor 0.1, patience 10) never fire in a short run, hence
    the smaller defaults here. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    learning_rate = positive_number(learning_rate, "learning_rate")
    factor = fraction(factor, "factor", include_low=False)
    patience = positive_int(patience, "patience", minimum=0)
    min_lr = positive_number(min_lr, "min_lr", allow_zero=True)
    if not isinstance(monitor, str) or not monitor:
        raise ValueError(f"monitor must be a metric name such as 'val_loss', got {monitor!r}")

    def make():
        import keras

        return [keras.callbacks.ReduceLROnPlateau(monitor=monitor, factor=factor, patience=patience,
                                                  min_lr=min_lr, verbose=0)]

    return ScheduleSpec(learning_rate, make)


class ScheduleComparison(NamedTuple):
    """What :func:`compare_schedules` returns: two tidy DataFrames.

    ``epochs``: schedule, seed, epoch, loss, val_loss, accuracy, val_accuracy, learning_rate
    (one row per epoch; learning_rate is the rate in force at the end of the epoch).
    ``steps``: schedule, seed, step (the k-th batch, from 1), epoch, learning_rate (the rate
    that batch was trained with); one row per optimizer step.
    """

    epochs: pd.DataFrame
    steps: pd.DataFrame


def _as_spec(name, value) -> ScheduleSpec:
    from .training import check_learning_rate

    if isinstance(value, ScheduleSpec):
        spec = value
    else:
        spec = ScheduleSpec(value)
    try:
        check_learning_rate(spec.learning_rate, f"schedules[{name!r}]")
    except ValueError:
        raise ValueError(f"schedules[{name!r}] must be a positive learning rate, a Keras schedule or a "
                         f"ScheduleSpec; got {spec.learning_rate!r}") from None
    if spec.callbacks is not None and not callable(spec.callbacks):
        raise ValueError(f"schedules[{name!r}].callbacks must be a function returning a list of callbacks")
    return spec


def compare_schedules(schedules: Mapping, data, *, seeds: Iterable[int] = (0, 1), epochs: int = 7,
                      batch_size: int = 64, hidden=(32,), optimizer: str = "momentum",
                      step_log: str = "auto") -> ScheduleComparison:
    """Train the same MLP once per (schedule, seed) and return tidy per-epoch and per-step frames.

    ``schedules`` maps a name to a learning rate: a number (constant), a Keras schedule
    (passed as the optimizer's ``learning_rate``) or a :class:`ScheduleSpec` (e.g.
    :func:`reduce_on_plateau`). For a fair comparison every schedule gets, for each seed, the
    same initial weights (``cu.build_mlp(seed=seed)``), the same batch order
    (``cu.fit_history(seed=seed)``), the same optimizer and the same number of steps; give
    them the same peak learning rate. The per-step learning rate is recorded by
    ``cu.LearningRateLogger``; with ``step_log="auto"`` a plain Keras schedule is instead
    sampled after training (the same numbers: step k ran at ``schedule(k - 1)``), because
    evaluating a schedule eagerly at every batch costs more than the training step itself.
    ``step_log="logger"`` logs every run. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    import keras

    from .models import build_mlp
    from .training import LearningRateLogger, compile_classifier, fit_history

    if not isinstance(schedules, Mapping) or not schedules:
        raise ValueError("schedules must be a non-empty dict {name: learning rate or schedule}, got "
                         f"{type(schedules).__name__}")
    specs = {str(name): _as_spec(name, value) for name, value in schedules.items()}
    seeds = seed_list(seeds)
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    step_log = one_of(step_log, "step_log", ("auto", "logger"))
    n_features = getattr(data, "n_features", None)
    if n_features is None:
        raise ValueError("data must be a DataSplit from cu.load_digits_split(), got "
                         f"{type(data).__name__}")
    per_epoch = steps_per_epoch(len(data.x_train), batch_size)

    epoch_parts, step_parts = [], []
    keras.backend.clear_session()  # once: per run it costs about 0.2 s of garbage collection, for no gain here
    for name, spec in specs.items():
        sampled = (step_log == "auto" and spec.callbacks is None
                   and isinstance(spec.learning_rate, keras.optimizers.schedules.LearningRateSchedule))
        for seed in seeds:
            model = build_mlp(n_features, hidden, n_classes=data.n_classes, seed=seed)
            compile_classifier(model, optimizer, spec.learning_rate)
            callbacks = list(spec.callbacks()) if spec.callbacks is not None else []
            logger = None if sampled else LearningRateLogger()
            # stop_on_nan=False: TerminateOnNaN inspects every batch, which costs time; a run that
            # diverges just shows NaN (and frame.attrs["diverged"])
            history = fit_history(model, data, epochs=epochs, batch_size=batch_size, seed=seed,
                                  callbacks=callbacks + ([logger] if logger else []), stop_on_nan=False)
            epoch_parts.append(history.assign(schedule=name, seed=seed))
            if logger is not None:
                steps = logger.frame()[["step", "epoch", "learning_rate"]]
            else:
                n_steps = int(model.optimizer.iterations.numpy())
                steps = sample_schedule(spec.learning_rate, n_steps) if n_steps else pd.DataFrame(
                    {"step": [], "learning_rate": []})
                steps = pd.DataFrame({"step": steps["step"] + 1, "epoch": steps["step"] // per_epoch + 1,
                                      "learning_rate": steps["learning_rate"]})
            step_parts.append(steps.assign(schedule=name, seed=seed))
    first = ["schedule", "seed"]
    frame = pd.concat(epoch_parts, ignore_index=True)
    frame = frame[first + [c for c in frame.columns if c not in first]]
    steps = pd.concat(step_parts, ignore_index=True)
    steps = steps[first + [c for c in steps.columns if c not in first]]
    return ScheduleComparison(frame, steps)


def summarize_comparison(frame: pd.DataFrame, metrics=("val_loss", "val_accuracy"), *,
                         epoch: int | None = None) -> pd.DataFrame:
    """Mean, standard deviation, min and max over seeds of each metric at one epoch (default: the last).

    Returns one row per schedule (in the order they were run) and columns like
    ``val_loss_mean``, ``val_loss_std``, ``val_loss_min``, ``val_loss_max``. Taught in
    ``03_cosine_decay_with_restarts.ipynb``.
    """
    if not isinstance(frame, pd.DataFrame) or not {"schedule", "seed", "epoch"} <= set(frame.columns):
        raise ValueError("frame must be compare_schedules(...).epochs (columns schedule, seed, epoch, ...)")
    metrics = [metrics] if isinstance(metrics, str) else list(metrics)
    missing = [m for m in metrics if m not in frame.columns]
    if not metrics or missing:
        raise ValueError(f"metrics must name columns of frame; missing {missing}, available {list(frame.columns)}")
    if epoch is None:
        epoch = int(frame["epoch"].max())
    epoch = positive_int(epoch, "epoch")
    at = frame[frame["epoch"] == epoch]
    if at.empty:
        raise ValueError(f"epoch must be one of the frame's epochs (1..{int(frame['epoch'].max())}), got {epoch}")
    order = list(dict.fromkeys(frame["schedule"]))
    table = at.groupby("schedule", sort=False)[metrics].agg(["mean", "std", "min", "max"])
    table.columns = [f"{m}_{stat}" for m, stat in table.columns]
    return table.reindex(order)


# ---------------------------------------------------------------------------------------------
# plots
# ---------------------------------------------------------------------------------------------

def _check_frame(frame, needed, what):
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame ({what}), got {type(frame).__name__}")
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"frame must have columns {needed} ({what}); missing {missing}")


def mark_restarts(positions, *, ax=None, label: str | None = "restart", **kwargs):
    """Draw a dotted vertical line at each restart (positions in the x units of ``ax``); returns the Axes.

    Use it with :func:`restart_steps` (steps) or restart steps divided by steps per epoch
    (epochs). Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    pos = _steps_array(positions, "positions").ravel()
    ax = _get_ax(ax)
    style = {"color": "0.35", "linestyle": ":", "linewidth": 1.2, **kwargs}
    for k, x in enumerate(pos):
        ax.axvline(x, label=label if k == 0 else None, **style)
    return ax


def plot_schedule(frame: pd.DataFrame, *, hue: str | None = None, ax=None, logy: bool = False,
                  restarts=None, title: str | None = None, **kwargs):
    """Plot learning_rate against step from :func:`sample_schedule` / :func:`sample_schedules`; returns the Axes.

    ``hue`` names a column (e.g. 'schedule') to draw one line per value; ``restarts`` is a
    list of steps to mark (:func:`restart_steps`). Extra keyword arguments go to
    ``Axes.plot``. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    _check_frame(frame, ["step", "learning_rate"], "from sample_schedule")
    if hue is not None and hue not in frame.columns:
        raise ValueError(f"hue must be a column of frame, got {hue!r}; available: {list(frame.columns)}")
    ax = _get_ax(ax)
    kwargs = dict(kwargs)
    single_label = kwargs.pop("label", None)
    groups = [(None, frame)] if hue is None else list(frame.groupby(hue, sort=False))
    for key, part in groups:
        label = single_label if hue is None else (f"{hue}={key:g}" if isinstance(key, float) else str(key))
        ax.plot(part["step"], part["learning_rate"], label=label, **kwargs)
    if restarts is not None:
        mark_restarts(restarts, ax=ax)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("learning rate")
    if title:
        ax.set_title(title)
    if ax.get_legend_handles_labels()[1]:
        ax.legend()
    return ax


def plot_schedule_gallery(frame: pd.DataFrame, *, ncols: int = 4, axes=None, logy: bool = False,
                          sharey: bool = True):
    """One small panel per schedule of a :func:`sample_schedules` frame; returns the array of Axes.

    ``axes`` (optional) is an array of at least as many Axes as schedules; otherwise a new
    figure is made with ``ncols`` columns. Panels left over are hidden. Taught in
    ``03_cosine_decay_with_restarts.ipynb``.
    """
    import matplotlib.pyplot as plt

    _check_frame(frame, ["schedule", "step", "learning_rate"], "from sample_schedules")
    names = list(dict.fromkeys(frame["schedule"]))
    ncols = positive_int(ncols, "ncols")
    if axes is None:
        nrows = -(-len(names) // ncols)
        _, axes = plt.subplots(nrows, ncols, figsize=(2.6 * ncols, 2.2 * nrows), sharex=True,
                               sharey=sharey, squeeze=False)
    flat = np.asarray(axes, dtype=object).ravel()
    if len(flat) < len(names):
        raise ValueError(f"axes must hold at least {len(names)} Axes (one per schedule), got {len(flat)}")
    from .plotting import PALETTE

    for k, (ax, name) in enumerate(zip(flat, names)):
        part = frame[frame["schedule"] == name]
        ax.plot(part["step"], part["learning_rate"], color=PALETTE[k % len(PALETTE)])
        ax.set_title(name, fontsize=10)
        if logy:
            ax.set_yscale("log")
    for ax in flat[len(names):]:
        ax.set_visible(False)
    ncols_used = min(ncols, len(names))
    for k, ax in enumerate(flat[:len(names)]):
        if k % ncols_used == 0:
            ax.set_ylabel("learning rate")
        if k >= len(names) - ncols_used:
            ax.set_xlabel("optimizer step")
    return np.asarray(axes)


def plot_with_learning_rate(frame: pd.DataFrame, steps: pd.DataFrame | None = None, *, y="val_loss",
                            ax=None, restarts=None, logy: bool = False, title: str | None = None):
    """Curves of one schedule (mean over seeds, band = min to max) with its learning rate on a twin axis.

    ``frame`` is ``compare_schedules(...).epochs`` for ONE schedule; ``steps`` the matching
    ``.steps`` rows (the per-step learning rate, drawn at x = step / steps per epoch, thin
    grey, right axis). Curves are drawn by ``course_utils.plot_history``. ``restarts`` are
    restart positions in epochs to mark. Returns ``(ax, lr_ax)``. Taught in
    ``03_cosine_decay_with_restarts.ipynb``.
    """
    from .plotting import plot_history

    _check_frame(frame, ["schedule", "seed", "epoch"], "compare_schedules(...).epochs")
    if frame["schedule"].nunique() != 1:
        raise ValueError("frame must hold one schedule; filter it first, e.g. "
                         "result.epochs[result.epochs.schedule == 'cosine']")
    ys = [y] if isinstance(y, str) else list(y)
    missing = [c for c in ys if c not in frame.columns]
    if not ys or missing:
        raise ValueError(f"y must name columns of frame; missing {missing}, available {list(frame.columns)}")
    if steps is not None:
        _check_frame(steps, ["seed", "step", "epoch", "learning_rate"], "compare_schedules(...).steps")
    ax = _get_ax(ax)
    grouped = frame.groupby("epoch")[ys]
    mean = grouped.mean().reset_index()
    plot_history(mean, y=ys, ax=ax, logy=logy, title=title or str(frame["schedule"].iloc[0]))
    low, high = grouped.min(), grouped.max()
    for line, col in zip(ax.lines[-len(ys):], ys):
        ax.fill_between(low.index, low[col], high[col], color=line.get_color(), alpha=0.2, linewidth=0)
    if logy:  # plain numbers at 1, 2, 3, 5 x 10^k instead of 10^k labels
        from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter

        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 3.0, 5.0)))
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    lr_ax = ax.twinx()
    if steps is not None and len(steps):
        for k, (_, run) in enumerate(steps.groupby("seed", sort=True)):
            per_epoch = run.groupby("epoch")["step"].count().max()
            lr_ax.plot(run["step"] / per_epoch, run["learning_rate"], color="0.45", linewidth=1.0, alpha=0.8,
                       label="learning rate (right)" if k == 0 else None)
        lr_ax.set_ylim(bottom=0)
    lr_ax.set_ylabel("learning rate")
    lr_ax.grid(False)
    lr_ax.spines["right"].set_visible(True)
    if restarts is not None:
        mark_restarts(restarts, ax=ax)
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = lr_ax.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, loc="upper right")
    return ax, lr_ax


def plot_comparison(result: ScheduleComparison, *, y="val_loss", ncols: int = 3, axes=None,
                    restarts: Mapping | None = None, logy: bool = False):
    """One :func:`plot_with_learning_rate` panel per schedule of a comparison; returns the array of Axes.

    ``restarts`` optionally maps a schedule name to restart positions in epochs. The y axes
    are shared so the panels compare at a glance. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    import matplotlib.pyplot as plt

    if not isinstance(result, ScheduleComparison):
        raise ValueError(f"result must be what compare_schedules returns, got {type(result).__name__}")
    names = list(dict.fromkeys(result.epochs["schedule"]))
    ncols = positive_int(ncols, "ncols")
    if axes is None:
        nrows = -(-len(names) // ncols)
        _, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 2.8 * nrows), sharex=True, sharey=True,
                               squeeze=False)
    flat = np.asarray(axes, dtype=object).ravel()
    if len(flat) < len(names):
        raise ValueError(f"axes must hold at least {len(names)} Axes (one per schedule), got {len(flat)}")
    restarts = dict(restarts or {})
    lr_axes = []
    for ax, name in zip(flat, names):
        _, lr_ax = plot_with_learning_rate(
            result.epochs[result.epochs["schedule"] == name], result.steps[result.steps["schedule"] == name],
            y=y, ax=ax, restarts=restarts.get(name), logy=logy, title=name)
        lr_axes.append(lr_ax)
    top = max(a.get_ylim()[1] for a in lr_axes)
    ncols_used = min(ncols, len(names))
    for k, (ax, lr_ax) in enumerate(zip(flat, lr_axes)):
        lr_ax.set_ylim(0, top)
        if k % ncols_used:                      # inner columns: the left label is the first column's
            ax.set_ylabel("")
        if k % ncols_used != ncols_used - 1 and k != len(names) - 1:
            lr_ax.set_ylabel("")
            lr_ax.tick_params(labelright=False)
        if k < len(names) - ncols_used:         # the x label only under the bottom panels
            ax.set_xlabel("")
        else:                                   # a bottom panel (maybe above an empty slot): show its ticks
            ax.tick_params(labelbottom=True)
        if k and ax.get_legend() is not None:   # one legend, in the first panel
            ax.get_legend().remove()
    for ax in flat[len(names):]:
        ax.set_visible(False)
    return np.asarray(axes)
