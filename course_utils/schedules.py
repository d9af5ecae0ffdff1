"""Learning-rate schedules: a NumPy reference for SGDR (cosine decay with warm restarts), restart
steps, sampling any schedule into a DataFrame, a fair comparison of schedules on one model, and plots.

Taught in ``03_cosine_decay_with_restarts.ipynb``.

The SGDR formula (Loshchilov & Hutter, ICLR 2017), in Keras's parametrization
(``keras.optimizers.schedules.CosineDecayRestarts``)::

    period i lasts T_i = first_decay_steps * t_mul**i steps; T_cur counts the steps since it began
    lr_min   = alpha * initial_learning_rate                   (the floor is NOT shrunk by m_mul)
    lr_max_i = lr_min + m_mul**i * (initial_learning_rate - lr_min)
    lr       = lr_min + (lr_max_i - lr_min) * (1 + cos(pi * T_cur / T_i)) / 2
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._validate import (
    _keras_kind,
    _plain,
    _required_args,
    boolean,
    fraction,
    positive_int,
    positive_number,
    seed_list,
    steps_list,
)
from .plotting import PALETTE, _get_ax

__all__ = ["sgdr_learning_rate", "restart_steps", "sample_schedule", "sample_schedules", "ScheduleComparison",
           "compare_schedules", "mark_restarts", "plot_schedule", "plot_schedule_gallery", "plot_comparison"]


def _sgdr_args(initial_learning_rate, first_decay_steps, t_mul, m_mul, alpha):
    lr0 = positive_number(initial_learning_rate, "initial_learning_rate")
    first = positive_int(first_decay_steps, "first_decay_steps")
    t_mul = _plain(t_mul)
    if isinstance(t_mul, bool) or not isinstance(t_mul, numbers.Real) or not math.isfinite(t_mul) or t_mul < 1:
        raise ValueError(f"t_mul must be a number >= 1, got {t_mul!r}: with t_mul < 1 the periods shrink and Keras's "
                         "CosineDecayRestarts returns NaN after first_decay_steps / (1 - t_mul) steps")
    return lr0, first, float(t_mul), positive_number(m_mul, "m_mul", allow_zero=True), fraction(
        alpha, "alpha", include_high=True)


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
    """An int count n -> 0..n-1; a non-empty list of whole numbers >= 0 -> that array."""
    return steps_list(steps, name)


def _period_starts(first: int, t_mul: float, until: float) -> np.ndarray:
    """Start of every period (0, T_0, T_0 + T_1, ...) up to and including the first one > until."""
    starts, length = [0.0], float(first)
    while starts[-1] <= until:
        starts.append(starts[-1] + length)
        length *= t_mul
    return np.asarray(starts)


def sgdr_learning_rate(step, initial_learning_rate: float, first_decay_steps: int, t_mul: float = 2.0,
                       m_mul: float = 1.0, alpha: float = 0.0):
    """SGDR's learning rate at optimizer step ``step`` (a number or an array), in NumPy.

    Loshchilov & Hutter's cosine annealing with warm restarts, with the arguments of
    ``keras.optimizers.schedules.CosineDecayRestarts`` (the formula is in the module's docstring).
    Periods are found by adding up their lengths (the paper's T_cur and T_i), not with Keras's
    closed-form logarithm, so the two are independent implementations. Taught in
    ``03_cosine_decay_with_restarts.ipynb``.
    """
    lr0, first, t_mul, m_mul, alpha = _sgdr_args(initial_learning_rate, first_decay_steps, t_mul, m_mul, alpha)
    s = _steps_array(step)
    starts = _period_starts(first, t_mul, float(s.max()) if s.size else 0.0)
    i = np.searchsorted(starts, s, side="right") - 1
    t_cur, t_i = s - starts[i], first * t_mul ** i
    lr_min = alpha * lr0
    lr_max = lr_min + m_mul ** i * (lr0 - lr_min)
    lr = lr_min + (lr_max - lr_min) * (1.0 + np.cos(np.pi * t_cur / t_i)) / 2.0
    return float(lr) if lr.ndim == 0 else lr


def restart_steps(total_steps: int, first_decay_steps: int, t_mul: float = 2.0) -> np.ndarray:
    """The optimizer steps, in 1..total_steps-1, at which SGDR restarts (the rate jumps back up).

    Period i starts at ``first_decay_steps * (1 + t_mul + ... + t_mul**(i-1))``, or at the next
    whole step when that is not whole. The last period ends with training when
    ``total_steps in restart_steps(total_steps + 1, ...)``. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    total = positive_int(total_steps, "total_steps")
    _, first, t_mul, _, _ = _sgdr_args(1.0, first_decay_steps, t_mul, 1.0, 0.0)
    steps = np.ceil(_period_starts(first, t_mul, float(total))[1:] - 1e-9).astype(np.int64)  # rounding in sums
    return steps[steps < total]


def _evaluate(schedule, steps: np.ndarray, name: str) -> np.ndarray:
    schedule = _plain(schedule)
    if isinstance(schedule, numbers.Real) and not isinstance(schedule, bool):
        return np.full(steps.shape, positive_number(schedule, name))
    if isinstance(schedule, type):
        example = f"{schedule.__name__}(0.01, 1000)" if _keras_kind(schedule, "LearningRateSchedule") else "an instance"
        raise ValueError(f"{name} is the class {schedule.__name__}, not a schedule: pass an instance, e.g. {example}")
    if callable(schedule) and not _keras_kind(schedule, "LearningRateSchedule") and _required_args(schedule) == 2:
        raise ValueError(f"{name} is a function of two arguments, like lambda epoch, lr: ...: that is a "
                         "LearningRateScheduler function (per epoch, from the current rate); give a function of the "
                         "optimizer step instead, e.g. lambda step: 0.1 * 0.5 ** (step // 100)")
    if not callable(schedule):
        raise ValueError(f"{name} must be a Keras LearningRateSchedule, a function of the step, or a "
                         f"positive number; got {type(schedule).__name__}")
    # a whole array of steps at once (most schedules), else let Keras vectorize a schedule that takes one
    # step only (e.g. CosineDecay with warm-up branches on the step with ops.cond)
    problem = "it returned the wrong shape"
    for attempt in (schedule, lambda s: __import__("keras").ops.vectorized_map(schedule, s)):
        try:
            values = np.asarray(attempt(steps), dtype=float)
            if values.shape == steps.shape:
                return values
        except Exception as exc:
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            problem = lines[-1] if lines else type(exc).__name__  # TF wraps the error: its last line says it
    raise ValueError(f"{name} could not be evaluated at steps {steps[0]}..{steps[-1]}: {problem}")


def sample_schedule(schedule, steps) -> pd.DataFrame:
    """Evaluate a learning-rate schedule at each step: a DataFrame with columns step, learning_rate.

    ``schedule`` is a ``keras.optimizers.schedules.LearningRateSchedule``, any function of the
    step (e.g. ``functools.partial(sgdr_learning_rate, ...)``) or a constant number; ``steps``
    is a count n (steps 0..n-1) or a list of steps. Step s is the optimizer's ``iterations``
    counter: the rate used for the (s+1)-th batch. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    s = _int_steps(steps)
    return pd.DataFrame({"step": s, "learning_rate": _evaluate(schedule, s, "schedule")})


def sample_schedules(schedules: Mapping, steps) -> pd.DataFrame:
    """Sample several schedules: a tidy DataFrame with columns schedule, step, learning_rate.

    ``schedules`` maps a display name to anything :func:`sample_schedule` accepts. Taught in
    ``03_cosine_decay_with_restarts.ipynb``.
    """
    if not isinstance(schedules, Mapping) or not schedules:
        raise ValueError(f"schedules must be a non-empty dict {{name: schedule}}, got {type(schedules).__name__}")
    s = _int_steps(steps)
    return pd.concat([pd.DataFrame({"schedule": str(name), "step": s,
                                    "learning_rate": _evaluate(schedule, s, f"schedules[{name!r}]")})
                      for name, schedule in schedules.items()], ignore_index=True)


class ScheduleComparison(NamedTuple):
    """:func:`compare_schedules`'s result (notebook 03). ``epochs``: schedule, seed and ``fast_fit``'s columns,
    one row per epoch; ``steps``: schedule, seed, step (the k-th batch, from 1), epoch, learning_rate (that batch's)."""

    epochs: pd.DataFrame
    steps: pd.DataFrame


def _plan(name, value, total: int):
    """(the learning rate at steps 0..total, callbacks) for one entry of compare_schedules."""
    import keras

    from .training import _epoch_callbacks, _fit_logs

    where = f"schedules[{name!r}]"
    value, callbacks = value if isinstance(value, tuple) and len(value) == 2 else (value, None)
    callbacks = _epoch_callbacks(callbacks, f"{where}[1]", logs=_fit_logs())
    value = _plain(value)
    number = isinstance(value, numbers.Real) and not isinstance(value, bool) and value > 0
    if not (number or isinstance(value, keras.optimizers.schedules.LearningRateSchedule) and not callbacks):
        if isinstance(value, type) and _keras_kind(value, "LearningRateSchedule"):
            raise ValueError(f"{where} is the schedule class {value.__name__}, not a schedule: pass an instance, "
                             f"e.g. {value.__name__}(0.01, 1000)")
        raise ValueError(f"{where} must be a positive learning rate, a Keras schedule or a pair (learning "
                         f"rate, Keras callback), e.g. (0.3, keras.callbacks.ReduceLROnPlateau()); got {value!r}")
    return _evaluate(value, np.arange(total + 1), where).astype(np.float32), callbacks


def compare_schedules(schedules: Mapping, data, *, seeds: Iterable[int] = (0, 1, 2), epochs: int = 7,
                      batch_size: int = 64, hidden=(32,), optimizer: str = "momentum") -> ScheduleComparison:
    """Train the same MLP once per (schedule, seed) with ``fast_fit``; return per-epoch and per-step frames.

    ``schedules`` maps a name to a constant learning rate, a Keras schedule, or a pair
    ``(learning rate, callbacks)`` such as ``(0.3, keras.callbacks.ReduceLROnPlateau(...))``.
    Per seed, every schedule gets the same initial weights (``build_mlp(seed=seed)``), batch
    order, optimizer (``training.make_optimizer(optimizer, ...)``) and number of steps: one
    ``model.compile(...)`` + ``model.fit(...)`` per run. One compiled model serves every run
    without callbacks (one trace): its optimizer reads the rate from a table of the schedule's
    float32 values at steps 0, 1, ... A run with callbacks trains a model compiled with a
    constant rate, and ``fast_fit`` runs a fresh copy of each callback between epochs, as
    ``model.fit`` would. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    import keras

    from .data import _split_arg
    from .models import _hidden_widths, build_mlp
    from .training import _optimizer_name, fast_fit, make_optimizer, reset_optimizer, steps_per_epoch

    if not isinstance(schedules, Mapping) or not schedules:
        raise ValueError(f"schedules must be a non-empty dict {{name: learning rate or schedule}}, "
                         f"got {type(schedules).__name__}")
    data = _split_arg(data, need_val=True)
    optimizer = _optimizer_name(optimizer, "optimizer")
    hidden = tuple(_hidden_widths(hidden, None, None))
    seeds, epochs = seed_list(seeds), positive_int(epochs, "epochs")
    per_epoch = steps_per_epoch(len(data.x_train), positive_int(batch_size, "batch_size"))
    total = epochs * per_epoch
    plans = {str(name): _plan(name, value, total) for name, value in schedules.items()}

    table = keras.Variable(np.zeros(total + 1, np.float32), trainable=False, name="rate_table")

    class TableSchedule(keras.optimizers.schedules.LearningRateSchedule):
        def __call__(self, step):
            return keras.ops.take(table, keras.ops.minimum(keras.ops.cast(step, "int32"), total))

    build = dict(n_inputs=data.n_features, hidden=hidden, n_classes=data.n_classes)
    models = {}

    def model_for(constant: bool):  # compiled once each: a table-driven rate, or a constant one callbacks may set
        if constant not in models:
            models[constant] = build_mlp(**build, seed=seeds[0])
            rate = 0.1 if constant else TableSchedule()
            models[constant].compile(optimizer=make_optimizer(optimizer, rate), loss="sparse_categorical_crossentropy",
                                     metrics=["accuracy"])
        return models[constant]

    start = {seed: build_mlp(**build, seed=seed).get_weights() for seed in seeds}
    epoch_parts, step_parts = [], []
    for name, (values, callbacks) in plans.items():
        for seed in seeds:
            model = model_for(bool(callbacks))
            model.set_weights(start[seed])
            if callbacks:
                reset_optimizer(model.optimizer, float(values[0]))
            else:
                reset_optimizer(model.optimizer)
                table.assign(values)
            history = fast_fit(model, data.x_train, data.y_train, epochs=epochs, batch_size=batch_size, seed=seed,
                               validation_data=(data.x_val, data.y_val), callbacks=copy.deepcopy(callbacks))
            epoch_parts.append(history.assign(schedule=name, seed=seed))
            n = len(history) * per_epoch
            rates = np.repeat(history["learning_rate"].to_numpy(), per_epoch) if callbacks else values[:n]
            step_parts.append(pd.DataFrame({"schedule": name, "seed": seed, "step": np.arange(1, n + 1),
                                            "epoch": np.arange(n) // per_epoch + 1, "learning_rate": rates}))
    frame = pd.concat(epoch_parts, ignore_index=True)
    frame = frame[["schedule", "seed"] + [c for c in frame.columns if c not in ("schedule", "seed")]]
    return ScheduleComparison(frame, pd.concat(step_parts, ignore_index=True))


def _check_frame(frame, needed):
    if not isinstance(frame, pd.DataFrame) or not set(needed) <= set(frame.columns):
        raise ValueError(f"frame must be a DataFrame from sample_schedule(s) with columns {needed}")


def mark_restarts(positions, *, ax=None, label: str | None = "restart", **kwargs):
    """Draw a dotted vertical line at each restart (positions in the x units of ``ax``); returns the Axes.

    Use it with :func:`restart_steps` (steps) or restart steps divided by steps per epoch
    (epochs). Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    ax, style = _get_ax(ax), {"color": "0.35", "linestyle": ":", "linewidth": 1.2, **kwargs}
    for k, x in enumerate(_steps_array(positions, "positions").ravel()):
        ax.axvline(x, label=label if k == 0 else None, **style)
    return ax


def plot_schedule(frame: pd.DataFrame, *, hue: str | None = None, ax=None, restarts=None, title: str | None = None,
                  legend_loc="best", **kwargs):
    """Plot learning_rate against step from :func:`sample_schedule` / :func:`sample_schedules`; returns the Axes.

    ``hue`` names a column (e.g. 'schedule') to draw one line per value; ``restarts`` lists steps to
    mark (:func:`restart_steps`); ``legend_loc`` goes to ``Axes.legend`` (None: no legend); other
    keyword arguments to ``Axes.plot``. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    _check_frame(frame, ["step", "learning_rate"])
    if hue is not None and hue not in frame.columns:
        raise ValueError(f"hue must be a column of frame, got {hue!r}; available: {list(frame.columns)}")
    ax = _get_ax(ax)
    single_label = kwargs.pop("label", None)
    for key, part in [(None, frame)] if hue is None else frame.groupby(hue, sort=False):
        label = single_label if hue is None else (f"{hue}={key:g}" if isinstance(key, float) else str(key))
        ax.plot(part["step"], part["learning_rate"], label=label, **kwargs)
    if restarts is not None:
        mark_restarts(restarts, ax=ax)
    ax.set(xlabel="optimizer step", ylabel="learning rate", title=title or ax.get_title())
    if legend_loc is not None and ax.get_legend_handles_labels()[1]:
        ax.legend(loc=legend_loc)
    return ax


def _grid(n: int, ncols, axes, size):
    import matplotlib.pyplot as plt

    ncols = positive_int(ncols, "ncols")
    if axes is None:
        nrows = -(-n // ncols)
        _, axes = plt.subplots(nrows, ncols, figsize=(size[0] * ncols, size[1] * nrows), sharex=True, sharey=True,
                               squeeze=False)
    flat = np.asarray(axes, dtype=object).ravel()
    if len(flat) < n:
        raise ValueError(f"axes must hold at least {n} Axes (one per schedule), got {len(flat)}")
    for ax in flat[n:]:
        ax.set_visible(False)
    return np.asarray(axes), flat, min(ncols, n)


def plot_schedule_gallery(frame: pd.DataFrame, *, ncols: int = 4, axes=None):
    """One small panel per schedule of a :func:`sample_schedules` frame; returns the array of Axes.

    ``axes`` (optional) holds at least one Axes per schedule; otherwise a new figure is made with
    ``ncols`` columns. Taught in ``03_cosine_decay_with_restarts.ipynb``.
    """
    _check_frame(frame, ["schedule", "step", "learning_rate"])
    names = list(dict.fromkeys(frame["schedule"]))
    axes, flat, ncols = _grid(len(names), ncols, axes, (2.6, 2.2))
    for k, (ax, name) in enumerate(zip(flat, names)):
        part = frame[frame["schedule"] == name]
        ax.plot(part["step"], part["learning_rate"], color=PALETTE[0])  # one dark colour: every panel reads alike
        ax.set_title(name, fontsize=10)
        ax.set(ylabel="learning rate" if k % ncols == 0 else "", xlabel="optimizer step" if k >= len(names) - ncols else "")
        ax.tick_params(labelbottom=k >= len(names) - ncols)  # also above an empty slot
    return axes


def plot_comparison(result: ScheduleComparison, *, y: str = "val_loss", ylabel: str | None = None, ncols: int = 3,
                    axes=None, period_ends: Mapping | None = None, logy: bool = False, legend_loc="lower left"):
    """One panel per schedule of a comparison: ``y`` by epoch (mean over seeds, band = lowest to highest
    seed) and, in grey on a right axis, the learning rate of every step; returns the array of Axes.

    ``ylabel`` names ``y`` in words (default: the column name). ``period_ends`` optionally maps a
    schedule name to the epochs at which its periods end (the snapshots of a restart schedule):
    drawn as open circles on the mean curve. The legend goes in the first panel at
    ``legend_loc``. The panels share their axes so they compare at a glance. Taught in
    ``03_cosine_decay_with_restarts.ipynb``.
    """
    if not isinstance(result, ScheduleComparison):
        raise ValueError(f"result must be what compare_schedules returns, got {type(result).__name__}")
    if not isinstance(y, str) or y not in result.epochs.columns:
        raise ValueError(f"y must be a column of result.epochs, got {y!r}; available: {list(result.epochs.columns)}")
    logy = boolean(logy, "logy")
    if period_ends is not None and not isinstance(period_ends, Mapping):
        raise ValueError(f"period_ends must be None or a dict {{schedule name: [epochs]}}, got {type(period_ends).__name__}")
    names, ylabel = list(dict.fromkeys(result.epochs["schedule"])), ylabel or y
    axes, flat, ncols = _grid(len(names), ncols, axes, (3.6, 2.8))
    top = 1.05 * result.steps["learning_rate"].max()
    for k, (ax, name) in enumerate(zip(flat, names)):
        stats = result.epochs[result.epochs["schedule"] == name].groupby("epoch")[y].agg(["mean", "min", "max"])
        ax.plot(stats.index, stats["mean"], "--", color=PALETTE[0], label=f"{ylabel} (mean over seeds)")
        ends = stats.loc[[e for e in (period_ends or {}).get(name, ()) if e in stats.index], "mean"]
        marker = ax.plot(ends.index, ends, "o", color=PALETTE[3], markerfacecolor="white", markersize=7,
                         markeredgewidth=1.8, label="end of a period", zorder=5) if len(ends) else None
        ax.fill_between(stats.index, stats["min"], stats["max"], color=PALETTE[0], alpha=0.2, linewidth=0)
        lr_ax = ax.twinx()
        for j, (_, run) in enumerate(result.steps[result.steps["schedule"] == name].groupby("seed")):
            lr_ax.plot(run["step"] * run["epoch"].max() / len(run), run["learning_rate"], color="0.45", linewidth=1.0,
                       alpha=0.8, label="learning rate (right)" if j == 0 else None)  # x: steps in epochs
        right = k % ncols == ncols - 1 or k == len(names) - 1
        lr_ax.set(ylim=(0, top), ylabel="learning rate" if right else "")
        lr_ax.tick_params(labelright=right)
        lr_ax.grid(False)
        lr_ax.spines["right"].set_visible(True)
        ax.set_zorder(lr_ax.get_zorder() + 1)  # the curves over the grey rate, not under it
        ax.patch.set_visible(False)
        if logy:  # plain numbers at 1, 2, 3, 5 x 10^k instead of 10^k labels
            from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter

            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 3.0, 5.0)))
            ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
            ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set(title=name, ylabel=ylabel if k % ncols == 0 else "", xlabel="epoch" if k >= len(names) - ncols else "")
        ax.tick_params(labelbottom=k >= len(names) - ncols)
        if k == 0:
            handles, labels = ax.get_legend_handles_labels()
            h2, l2 = lr_ax.get_legend_handles_labels()
            ax.legend(handles + h2, labels + l2, loc=legend_loc)
        elif marker:
            ax.legend(handles=marker, loc="upper right")
    return axes
