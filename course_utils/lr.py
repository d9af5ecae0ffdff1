"""The learning rate (``01_learning_rate_too_small_too_large.ipynb``): gradient descent on quadratics, sweeps on
``training.fast_fit``, the LR range test. Notebook 02 reuses :func:`plot_contour_paths` and :func:`smooth`."""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from ._validate import (
    _dataset_message,
    _is_dataset,
    check_xy,
    fraction,
    number_list,
    positive_int,
    positive_number,
)
from ._validate import learning_rate as _rate
from .plotting import PALETTE, _get_ax

VERDICTS = ("too small", "good", "too large", "diverged")
RISE_TOLERANCE = 0.01
GOOD_FRACTION = 0.125
VERDICT_RULE = (
    "Each run is judged on its training loss per epoch, epoch 0 being the untrained model:\n"
    "  diverged   a loss is NaN or infinite, or the last loss is above the epoch-0 loss;\n"
    "  too large  otherwise, if the loss rose by more than 1% from one epoch to the next;\n"
    "  good       otherwise, if the last loss is at most 1/8 of the epoch-0 loss;\n"
    "  too small  otherwise (the loss fell at every epoch, but not far enough)."
)
LOSS = "sparse_categorical_crossentropy"


def _learning_rate(value, name: str = "learning_rate") -> float:
    return _rate(value, name, schedules=False)


def _number(value, name: str, finite: bool = True) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.generic)) or (
            finite and not math.isfinite(value)):
        raise ValueError(f"{name} must be a {'finite ' if finite else ''}number, got {value!r}")
    return float(value)


def _numbers(values, name: str, check=_learning_rate, example="(1.0, 10.0)") -> np.ndarray:
    if isinstance(values, (numbers.Real, np.generic)) and not isinstance(values, bool):
        values = [values]
    return np.array(number_list(values, name, check, what="numbers", example=example))


def _hessian(hessian, name: str = "hessian") -> np.ndarray:
    """Two curvatures or a 2 x 2 matrix (a NumPy array or nested lists such as [[1, 0], [0, 10]])."""
    try:
        as_array = np.asarray(hessian)
    except (TypeError, ValueError):
        as_array = None
    if as_array is not None and as_array.ndim == 2:
        if as_array.dtype.kind not in "iuf" or as_array.shape != (2, 2):
            raise ValueError(f"{name} must be a symmetric positive-definite 2 x 2 matrix or two curvatures; got "
                             f"shape {as_array.shape}")
        H = as_array.astype(float)
        if not np.all(np.isfinite(H)) or not np.allclose(H, H.T) or np.any(np.linalg.eigvalsh(H) <= 0):
            raise ValueError(f"{name} must be a symmetric positive-definite 2 x 2 matrix or two curvatures; got "
                             f"{H.tolist()}")
        return H
    if len(h := _numbers(hessian, name)) != 2:
        raise ValueError(f"{name} must give two curvatures (a 2-D bowl) or a 2 x 2 matrix, got {len(h)} values")
    return np.diag(h)


def _optimizer_name(name, arg: str = "optimizer") -> str:
    from .training import _optimizer_name as checked

    return checked(name, arg)


def _frame(frame, columns, name: str = "frame") -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing or frame.empty:
        raise ValueError(f"{name} must be a non-empty DataFrame with the columns {list(columns)}; missing {missing}"
                         f"{'' if missing else ' (it has no rows)'}; available: {list(frame.columns)}")
    return frame


def _train_data(data, name: str = "data"):
    """(x, y) to train on: a DataSplit's training set, or a tuple (x_train, y_train[, x_val, y_val])."""
    from .data import DataSplit, _split_arg

    if isinstance(data, DataSplit):
        _split_arg(data, name)
        x, y = data.x_train, data.y_train
    elif isinstance(data, (tuple, list)) and len(data) in (2, 4):
        x, y = check_xy(data[0], data[1], name_x=f"{name}[0]", name_y=f"{name}[1]")
    elif _is_dataset(data):
        raise ValueError(_dataset_message(name))
    else:
        raise ValueError(f"{name} must be a DataSplit (from load_digits_split) or a tuple (x_train, y_train) of a 2-D "
                         f"array and one integer label per row; got {type(data).__name__}")
    if len(np.unique(y)) < 2:
        raise ValueError(f"{name} holds one class only (label {int(y[0])}): a classifier needs at least two")
    return np.asarray(x, dtype=np.float32), np.asarray(y, dtype=np.int32)


def max_stable_learning_rate(curvatures) -> float:
    """``2 / max(h)``: gradient descent on ``sum h_i w_i^2 / 2`` converges exactly below it (notebook 01)."""
    return float(2.0 / _numbers(curvatures, "curvatures").max())


def quadratic_regime(curvature, learning_rate) -> str:
    """What gradient descent does on ``E(w) = h w^2 / 2`` (notebook 01): 'creeps in' (lr < 1/h), 'one step',
    'overshoots, converges' (1/h < lr < 2/h), 'oscillates forever' (lr = 2/h) or 'diverges'."""
    q = 1.0 - _learning_rate(learning_rate) * _learning_rate(curvature, "curvature")
    return ("creeps in" if q > 0 else "one step" if q == 0 else "overshoots, converges" if q > -1
            else "oscillates forever" if q == -1 else "diverges")


def gradient_descent(curvatures, learning_rate, *, start=1.0, steps: int = 20) -> pd.DataFrame:
    """Gradient descent on ``E(w) = sum_i h_i w_i^2 / 2``: one row per step, columns step, w (or w1, w2, ...), loss.

    ``start``: a number or one per curvature. ``frame.attrs``: max_stable_learning_rate,
    converges. A diverging path overflows to inf. Taught in notebook 01.
    """
    h, lr, steps = _numbers(curvatures, "curvatures"), _learning_rate(learning_rate), positive_int(steps, "steps")
    w0 = _numbers(start, "start", _number, "(-2.0, 1.0)")
    w0 = np.repeat(w0, len(h)) if np.ndim(start) == 0 else w0
    if len(w0) != len(h):
        raise ValueError(f"start must be a number or {len(h)} numbers (one per curvature), got {len(w0)}")
    with np.errstate(over="ignore", invalid="ignore"):
        path = w0 * (1.0 - lr * h) ** np.arange(steps + 1)[:, None]
        loss = 0.5 * (h * path**2).sum(axis=1)
    frame = pd.DataFrame(path, columns=["w"] if len(h) == 1 else [f"w{i + 1}" for i in range(len(h))])
    frame.insert(0, "step", np.arange(steps + 1))
    frame["loss"] = loss
    frame.attrs.update(max_stable_learning_rate=float(2.0 / h.max()), converges=bool(lr < 2.0 / h.max()))
    return frame


def judge_run(losses, *, rise_tolerance: float = RISE_TOLERANCE, good_fraction: float = GOOD_FRACTION) -> str:
    """The verdict on one run by :data:`VERDICT_RULE`: 'too small', 'good', 'too large' or 'diverged' (notebook 01).

    ``losses``: training loss per epoch, the untrained model's first; the thresholds are parameters.
    """
    values = np.array(number_list(losses, "losses", lambda v, n: _number(v, n, False), what="numbers", example="[2.3]"))
    if len(values) < 2:
        raise ValueError(f"losses must hold at least two losses (epoch 0 and one trained epoch), got {len(values)}")
    rise_tolerance = positive_number(rise_tolerance, "rise_tolerance", allow_zero=True)
    good_fraction = fraction(good_fraction, "good_fraction", include_low=False)
    if not np.all(np.isfinite(values)) or values[-1] > values[0]:
        return "diverged"
    if np.any(values[1:] > values[:-1] * (1 + rise_tolerance)):
        return "too large"
    return "good" if values[-1] <= good_fraction * values[0] else "too small"


def _widths(hidden) -> list[int]:
    hidden = [hidden] if isinstance(hidden, (int, np.integer)) and not isinstance(hidden, bool) else hidden
    return number_list(hidden, "hidden", positive_int, what="layer widths", example="(32,)")


def _build_model(n_inputs: int, hidden, n_classes: int, seed: int):
    """The notebook's ``keras.Sequential`` MLP, weights drawn after ``keras.utils.set_random_seed(seed)``."""
    import keras

    widths = _widths(hidden)
    keras.utils.set_random_seed(positive_int(seed, "seed", minimum=0))
    return keras.Sequential([keras.Input(shape=(n_inputs,)), *[keras.layers.Dense(w, activation="relu") for w in widths],
                             keras.layers.Dense(n_classes, activation="softmax")])


def sweep_runs(data, runs, *, epochs: int = 8, batch_size: int = 64, hidden=(32,), seed: int = 0) -> pd.DataFrame:
    """Train the notebook's Keras MLP once per run with ``training.fast_fit``; tidy rows (notebooks 01, 02).

    ``runs``: dicts with ``optimizer`` (a ``training.make_optimizer`` name), ``learning_rate`` and
    optional optimizer keywords (``beta_1``). All runs start from the weights of ``seed`` and see the
    same batches; one compiled model per optimizer setting is re-used (fresh weights + ``reset_optimizer``).
    Columns: the run's keys, epoch (0 = untrained), loss, accuracy, verdict (:func:`judge_run`).
    """
    import keras

    from .training import OPTIMIZERS, _optimizer_options, fast_fit, make_optimizer, reset_optimizer

    x, y = _train_data(data)
    epochs, batch_size = positive_int(epochs, "epochs"), positive_int(batch_size, "batch_size")
    hidden, seed = _widths(hidden), positive_int(seed, "seed", minimum=0)
    if isinstance(runs, (dict, str)) or not isinstance(runs, (list, tuple)) or not runs:
        raise ValueError(f"runs must be a non-empty list of dicts with 'optimizer' and 'learning_rate', got {runs!r}")
    checked = []
    for i, run in enumerate(runs):
        if not isinstance(run, dict) or "optimizer" not in run or "learning_rate" not in run:
            raise ValueError(f"runs[{i}] must be a dict with 'optimizer' and 'learning_rate', got {run!r}")
        name = _optimizer_name(run["optimizer"], f"runs[{i}]['optimizer']")
        options = {k: v for k, v in run.items() if k not in ("optimizer", "learning_rate")}
        options = _optimizer_options(getattr(keras.optimizers, OPTIMIZERS[name][0]), options,
                                     lambda key, i=i: f"runs[{i}][{key!r}]")
        checked.append((name, _learning_rate(run["learning_rate"], f"runs[{i}]['learning_rate']"), options))
    shape = (x.shape[1], hidden, int(np.max(y)) + 1, seed)
    start = _build_model(*shape)
    probs = np.asarray(start(x, training=False))
    epoch_0 = pd.DataFrame({"epoch": [0], "loss": [float(-np.mean(np.log(probs[np.arange(len(y)), y])))],
                            "accuracy": [float(np.mean(probs.argmax(axis=1) == y))]})
    compiled, frames = {}, []
    for name, learning_rate, options in checked:
        key = (name, repr(sorted(options.items())))
        if key not in compiled:
            compiled[key] = _build_model(*shape)
            compiled[key].compile(optimizer=make_optimizer(name, learning_rate, **options), loss=LOSS,
                                  metrics=["accuracy"])
        model = compiled[key]
        model.set_weights(start.get_weights())
        reset_optimizer(model.optimizer, learning_rate)
        history = fast_fit(model, x, y, epochs=epochs, batch_size=batch_size, seed=seed)
        frame = pd.concat([epoch_0, history[["epoch", "loss", "accuracy"]]], ignore_index=True)
        frame["verdict"] = "diverged" if history.attrs["diverged"] else judge_run(frame["loss"])
        for column, value in reversed([("optimizer", name), ("learning_rate", learning_rate), *options.items()]):
            frame.insert(0, column, value)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def lr_sweep(data, learning_rates, *, optimizers=("sgd", "adam"), epochs: int = 8, batch_size: int = 64,
             hidden=(32,), seed: int = 0) -> pd.DataFrame:
    """The notebook's Keras run for every optimizer and learning rate, in one call (:func:`sweep_runs`; notebook 01)."""
    rates = number_list(learning_rates, "learning_rates", _learning_rate, what="positive numbers",
                        example="[1e-3, 1e-2]", unique=True)
    names = number_list([optimizers] if isinstance(optimizers, str) else optimizers, "optimizers", _optimizer_name,
                        what="optimizer names", example="['sgd', 'adam']")
    return sweep_runs(data, [{"optimizer": n, "learning_rate": lr} for n in names for lr in rates], epochs=epochs,
                      batch_size=batch_size, hidden=hidden, seed=seed)


def sweep_summary(frame) -> pd.DataFrame:
    """One row per run of a sweep (notebook 01): start_loss, final_loss (the last epoch run: NaN for a run stopped by
    NaN), loss_ratio (final / start), largest_rise (largest finite loss[t] / loss[t-1]), final_accuracy, epochs_run, verdict."""
    frame = _frame(frame, ["optimizer", "learning_rate", "epoch", "loss", "accuracy", "verdict"])
    keys = [c for c in frame.columns if c not in ("epoch", "loss", "accuracy", "verdict")]
    runs = frame.sort_values("epoch", kind="stable").groupby(keys, sort=False)
    head, tail = runs.head(1).set_index(keys), runs.tail(1).set_index(keys)
    tail = tail.reindex(head.index)  # a run stopped early ends first: keep the runs' order
    rise = [np.max(f[1:] / f[:-1]) if len(f := s[np.isfinite(s)].to_numpy()) > 1 else np.nan for _, s in runs["loss"]]
    return pd.DataFrame({"start_loss": head["loss"], "final_loss": tail["loss"], "loss_ratio": tail["loss"] / head["loss"],
                         "largest_rise": rise, "final_accuracy": tail["accuracy"], "epochs_run": tail["epoch"],
                         "verdict": head["verdict"]}).reset_index()


def smooth(values, beta: float = 0.9) -> np.ndarray:
    """Moving average ``s_t = beta s_(t-1) + (1 - beta) x_t`` / ``(1 - beta^t)`` (bias-corrected; NaN passes through).

    Taught in notebooks 01 (range test) and 02 (the same average is Adam's first moment).
    """
    beta = fraction(beta, "beta")
    values = np.array(number_list(values, "values", lambda v, n: _number(v, n, False), what="numbers",
                                  example="frame['loss']"), dtype=float)
    out, average = np.empty(len(values)), 0.0
    for t, value in enumerate(values, start=1):
        average = beta * average + (1 - beta) * value
        out[t - 1] = average / (1 - beta**t)
    return out


def suggest_learning_rate(frame, *, divisor: float = 10.0) -> float:
    """fastai's ``lr_min`` rule: the learning_rate at the lowest smoothed_loss of ``frame``, / ``divisor`` (notebook 01)."""
    frame = _frame(frame, ["learning_rate", "smoothed_loss"])
    divisor = positive_number(divisor, "divisor")
    finite = frame[np.isfinite(frame["smoothed_loss"])]
    if finite.empty:
        raise ValueError("frame has no finite smoothed_loss to take a minimum of")
    return float(finite.loc[finite["smoothed_loss"].idxmin(), "learning_rate"] / divisor)


def lr_range_test(data, *, optimizer: str = "adam", min_lr: float = 1e-5, max_lr: float = 10.0, steps: int = 120,
                  batch_size: int = 64, hidden=(32,), seed: int = 0, beta: float = 0.9) -> tuple[pd.DataFrame, float]:
    """The notebook's range test in one call (notebook 01): its Keras MLP, ``model.fit`` with a callback, the suggestion.

    Before batch k (from 0) the learning rate is ``min_lr * growth**k`` (``max_lr`` at step ``steps``). Each batch's
    own loss is recovered from Keras's running mean (``training.LearningRateLogger``). Stops after ``steps`` batches,
    or, as fastai's ``lr_find``, once the smoothed loss (:func:`smooth`) is NaN or above 4 x its minimum. Returns
    (frame: step, epoch, learning_rate, loss, batch_size, running_mean, smoothed_loss; :func:`suggest_learning_rate`).
    """
    from .training import LearningRateLogger, make_optimizer, steps_per_epoch

    (x, y), optimizer = _train_data(data), _optimizer_name(optimizer)
    hidden, seed = _widths(hidden), positive_int(seed, "seed", minimum=0)
    min_lr, max_lr = _learning_rate(min_lr, "min_lr"), _learning_rate(max_lr, "max_lr")
    if max_lr <= min_lr:
        raise ValueError(f"max_lr must be larger than min_lr, got min_lr={min_lr:g}, max_lr={max_lr:g}")
    steps, batch_size = positive_int(steps, "steps", minimum=10), positive_int(batch_size, "batch_size")
    beta, growth = fraction(beta, "beta"), (max_lr / min_lr) ** (1.0 / (steps - 1))

    class RangeTest(LearningRateLogger):
        def on_train_batch_begin(self, batch, logs=None):
            self.model.optimizer.learning_rate = min_lr * growth ** len(self.rows)
            super().on_train_batch_begin(batch, logs)

        def on_train_batch_end(self, batch, logs=None):
            super().on_train_batch_end(batch, logs)
            self.means = [*getattr(self, "means", []), float(logs["loss"])]
            smoothed = smooth([row["loss"] for row in self.rows], beta)
            if len(self.rows) >= steps or not smoothed[-1] <= 4 * smoothed.min():
                self.model.stop_training = True

    model = _build_model(x.shape[1], hidden, int(np.max(y)) + 1, seed)
    model.compile(optimizer=make_optimizer(optimizer, min_lr), loss=LOSS, metrics=["accuracy"])
    callback = RangeTest(batch_size, len(x))
    model.fit(x, y, epochs=-(-steps // steps_per_epoch(len(x), batch_size)), batch_size=batch_size,
              callbacks=[callback], verbose=0)
    frame = callback.frame()
    frame["batch_size"] = np.minimum(batch_size, len(x) - batch_size * frame.groupby("epoch").cumcount())
    frame["running_mean"] = callback.means  # what Keras reported: the epoch's running mean
    frame["smoothed_loss"] = smooth(frame["loss"], beta)
    return frame, suggest_learning_rate(frame)


def plot_contour_paths(frame, hessian, *, hue=None, ax=None, levels: int = 12, extent=None, **kwargs):
    """Paths (columns w1, w2) over the contour lines of ``E(w) = w^T H w / 2``; returns the Axes.

    ``hessian``: two curvatures or a 2 x 2 matrix; ``hue``: a column, one path per value.
    The view is a box of half-width ``extent`` (default 1.3 x the farthest start), so a
    diverging path leaves the frame. Taught in notebooks 01 and 02.
    """
    frame = _frame(frame, ["w1", "w2"])
    H = _hessian(hessian)
    if hue is not None and hue not in frame.columns:
        raise ValueError(f"hue must be a column of frame, got {hue!r}; available: {list(frame.columns)}")
    levels = positive_int(levels, "levels", minimum=2)
    groups = [(None, frame)] if hue is None else list(frame.groupby(hue, sort=False))
    starts = np.array([[g["w1"].iloc[0], g["w2"].iloc[0]] for _, g in groups])
    extent = 1.3 * max(float(np.abs(starts).max()), 1e-12) if extent is None else positive_number(extent, "extent")
    ax = _get_ax(ax)
    W1, W2 = np.meshgrid(*[np.linspace(-extent, extent, 161)] * 2)
    E = 0.5 * (H[0, 0] * W1**2 + 2 * H[0, 1] * W1 * W2 + H[1, 1] * W2**2)
    top = float(max(0.5 * s @ H @ s for s in starts))
    ax.contour(W1, W2, E, levels=top * np.geomspace(1e-3, 1.0, levels), colors="0.75", linewidths=0.8)
    for i, (key, part) in enumerate(groups):
        label = None if hue is None else (f"{hue}={key:g}" if isinstance(key, float) else f"{hue}={key}")
        style = {"color": PALETTE[i % len(PALETTE)], "lw": 1.3, "ms": 3, **kwargs}
        ax.plot(part["w1"], part["w2"], "o-", label=label, **style)
    ax.plot([0], [0], "*", color="black", ms=10, label="minimum")
    ax.set(xlim=(-extent, extent), ylim=(-extent, extent), xlabel="w1", ylabel="w2")
    ax.set_aspect("equal", adjustable="box")
    ax.legend(loc="upper right")
    return ax


def plot_sweep(frame, *, optimizer=None, ax=None, **kwargs):
    """One optimizer's runs of :func:`lr_sweep`: loss per epoch, one line per learning rate, styled by verdict (notebook 01).

    Log axis. A run stopped by NaN ends with an x; losses beyond 2000 x the start are drawn on a marked cap line.
    """
    from matplotlib.lines import Line2D

    frame = _frame(frame, ["optimizer", "learning_rate", "epoch", "loss", "verdict"])
    names = list(dict.fromkeys(frame["optimizer"]))
    optimizer = names[0] if optimizer is None and len(names) == 1 else optimizer
    if not isinstance(optimizer, str) or optimizer.lower() not in names:
        raise ValueError(f"optimizer must name one of the sweep's optimizers {names}, got {optimizer!r}")
    runs = frame[frame["optimizer"] == optimizer.lower()]
    ax, colors = _get_ax(ax), [c for c in PALETTE if c != "#F0E442"]
    cap = 2000.0 * float(runs.loc[runs["epoch"] == 0, "loss"].max())
    capped = stopped = False
    for i, lr in enumerate(sorted(runs["learning_rate"].unique())):
        run = runs[runs["learning_rate"] == lr].sort_values("epoch")
        finite, verdict = run[np.isfinite(run["loss"])], run["verdict"].iloc[0]
        shown, color = np.minimum(finite["loss"], cap), colors[i % len(colors)]
        style = {"too small": ":", "too large": "--", "diverged": "-."}.get(verdict, "-")
        ax.plot(finite["epoch"], shown, marker="o", ls=style, ms=3, color=color, label=f"lr={lr:g}: {verdict}", **kwargs)
        capped |= bool((finite["loss"] > cap).any())
        if len(finite) < len(run) and len(finite):
            stopped = ax.plot(finite["epoch"].iloc[-1:], shown.iloc[-1:], "x", ms=10, mew=2, color=color)
    extra = [Line2D([], [], color="0.5", lw=0.8, label="cap: 2000 x start (higher losses drawn on it)")] if capped else []
    extra += [Line2D([], [], ls="", marker="x", mew=2, color="0.3", label="x: next epoch's loss NaN or inf")] if stopped else []
    if capped:
        ax.axhline(cap, color="0.5", lw=0.8)
    ax.set(yscale="log", xlabel="epoch (0: model.evaluate, untrained; then the epoch's mean batch loss)",
           ylabel="training loss (log scale)")
    ax.legend(handles=ax.get_legend_handles_labels()[0] + extra, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return ax


def plot_range_test(frame, *, suggestion=None, ax=None, **kwargs):
    """A range test's batch and smoothed loss against the learning rate, minimum and suggestion marked (notebook 01).

    The loss axis stops at 1.5 x the first half's highest smoothed loss (so the blow-up does not flatten the curve), said
    in a note.
    """
    frame = _frame(frame, ["learning_rate", "loss", "smoothed_loss"])
    ax = _get_ax(ax)
    ax.plot(frame["learning_rate"], frame["loss"], color="0.7", lw=1, label="batch loss", **kwargs)
    ax.plot(frame["learning_rate"], frame["smoothed_loss"], color=PALETTE[0], lw=2, label="smoothed loss")
    finite = frame[np.isfinite(frame["smoothed_loss"])]
    if not finite.empty:
        best = finite.loc[finite["smoothed_loss"].idxmin()]
        ax.plot([best["learning_rate"]], [best["smoothed_loss"]], "o", color=PALETTE[3], ms=7,
                label=f"lowest smoothed loss (lr={best['learning_rate']:.2g})")
        top = 1.5 * float(finite["smoothed_loss"].iloc[: max(len(finite) // 2, 1)].max())
        ax.set_ylim(0, top)
        if len(above := frame[frame["loss"] > top]):  # say what the cut axis hides, in the legend
            ax.plot([], [], " ", label=f"off the chart from lr={above['learning_rate'].min():.2g}: loss up to "
                    f"{frame['loss'].max():,.0f}")
    if suggestion is not None:
        suggestion = _learning_rate(suggestion, "suggestion")
        ax.axvline(suggestion, color=PALETTE[2], ls="--", label=f"suggestion (lr={suggestion:.2g})")
    ax.set(xscale="log", xlabel="learning rate (log scale)", ylabel="training loss")
    ax.legend(fontsize=8)
    return ax


def learning_rate_slider(curvatures=(1.0, 10.0), *, start=(-1.0, 1.0), steps: int = 25, value: float = 0.1,
                         min_lr: float = 1e-3, max_lr: float = 1.0):
    """A slider redrawing gradient descent on a 2-D bowl; ``None`` without ipywidgets (notebook 01)."""
    H = _hessian(curvatures, "curvatures")
    if H[0, 1] != 0:
        raise ValueError("curvatures must be two curvatures (an axis-aligned bowl) here, got a tilted 2 x 2 matrix")
    h = H.diagonal()
    gradient_descent(h, 0.1, start=start, steps=positive_int(steps, "steps"))  # validates start
    low, high, value = _learning_rate(min_lr, "min_lr"), _learning_rate(max_lr, "max_lr"), _learning_rate(value, "value")
    if not low <= value <= high or low == high:
        raise ValueError(f"value must lie in [min_lr, max_lr] (min_lr < max_lr), got {value:g} and [{low:g}, {high:g}]")
    try:
        import ipywidgets as widgets
    except ImportError:
        return None
    import matplotlib.pyplot as plt

    def draw(learning_rate):
        path = gradient_descent(h, learning_rate, start=start, steps=steps)
        fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
        plot_contour_paths(path, h, ax=left)
        left.set_title(f"lr = {learning_rate:.3g}   (2 / max h = {(limit := max_stable_learning_rate(h)):.3g})")
        right.semilogy(path["step"], path["loss"].clip(lower=1e-12), "o-", ms=3)
        right.set(xlabel="step", ylabel="loss E(w) (log scale)",
                  title="converges" if learning_rate < limit else "does not converge")
        plt.show()

    slider = widgets.FloatLogSlider(value=value, base=10, min=math.log10(low), max=math.log10(high), step=0.02,
                                    description="learning rate", readout_format=".3g", continuous_update=False,
                                    style={"description_width": "initial"}, layout=widgets.Layout(width="36em"))
    return widgets.interactive(draw, learning_rate=slider)
