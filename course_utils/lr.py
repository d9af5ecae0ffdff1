"""The learning rate: gradient descent on quadratics, learning-rate sweeps, the LR range test.

Taught in ``01_learning_rate_too_small_too_large.ipynb``. Notebook 02 reuses
:func:`plot_contour_paths` for Adam's paths in a ravine.

* On ``E(w) = h w^2 / 2`` one gradient-descent step multiplies ``w`` by ``1 - lr h``: the
  iterates creep in for ``lr < 1/h``, land in one step at ``lr = 1/h``, overshoot but converge
  for ``1/h < lr < 2/h`` and diverge for ``lr > 2/h`` (:func:`gradient_descent`,
  :func:`quadratic_regime`, :func:`max_stable_learning_rate`).
* :func:`lr_sweep` trains a small MLP once per learning rate and judges every run with one
  stated rule (:data:`VERDICT_RULE`, :func:`judge_run`).
* :func:`lr_range_test` raises the learning rate exponentially over one short run, records
  each batch's own loss and suggests a learning rate (Smith 2017).
"""

from __future__ import annotations

import contextlib
import io
import math
import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._validate import number_list, one_of, positive_int, positive_number
from .plotting import _get_ax

VERDICTS = ("too small", "good", "too large", "diverged")

# The defaults of judge_run; the notebook prints this text next to the verdict table.
RISE_TOLERANCE = 0.01
GOOD_FRACTION = 0.125
VERDICT_RULE = (
    "Each run is judged on its training loss per epoch, epoch 0 being the untrained model:\n"
    "  diverged   a loss is NaN or infinite, or the last loss is above the epoch-0 loss;\n"
    "  too large  otherwise, if the loss rose by more than 1% from one epoch to the next;\n"
    "  good       otherwise, if the last loss is at most 1/8 of the epoch-0 loss;\n"
    "  too small  otherwise (the loss fell at every epoch, but not far enough)."
)


# --------------------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------------------

def _is_number(value) -> bool:
    return isinstance(value, (numbers.Real, np.floating, np.integer)) and not isinstance(value, (bool, np.bool_))


def _number(value, name: str) -> float:
    if not _is_number(value) or not math.isfinite(float(value)):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _learning_rate(value, name: str = "learning_rate") -> float:
    if isinstance(value, np.generic):
        value = value.item()
    return positive_number(value, name)


def _learning_rates(values, name: str = "learning_rates") -> list[float]:
    return number_list(values, name, _learning_rate, what="positive numbers", example="[1e-3, 1e-2]", unique=True)


def _curvatures(curvatures, name: str = "curvatures") -> np.ndarray:
    if _is_number(curvatures):
        curvatures = [curvatures]
    if isinstance(curvatures, str) or not isinstance(curvatures, (Sequence, np.ndarray)):
        raise ValueError(f"{name} must be a positive number or a list of positive numbers, got {curvatures!r}")
    if len(curvatures) == 0:
        raise ValueError(f"{name} must not be empty")
    return np.array([positive_number(float(h) if _is_number(h) else h, f"{name}[{i}]")
                     for i, h in enumerate(curvatures)])


def _hessian(hessian, name: str = "hessian") -> np.ndarray:
    """A 2 x 2 symmetric positive-definite matrix, or curvatures for a diagonal one."""
    if isinstance(hessian, np.ndarray) and hessian.ndim == 2:
        matrix = np.asarray(hessian, dtype=float)
        if matrix.shape != (2, 2) or not np.allclose(matrix, matrix.T) or np.any(np.linalg.eigvalsh(matrix) <= 0):
            raise ValueError(f"{name} must be a symmetric positive-definite 2 x 2 matrix or two curvatures, "
                             f"got {hessian!r}")
        return matrix
    h = _curvatures(hessian, name)
    if len(h) != 2:
        raise ValueError(f"{name} must give two curvatures (a 2-D bowl) or a 2 x 2 matrix, got {len(h)} values")
    return np.diag(h)


def _optimizer_name(name, arg: str = "optimizer") -> str:
    from .training import OPTIMIZERS

    if isinstance(name, str):
        name = name.lower()
    return one_of(name, arg, OPTIMIZERS)


def _optimizer_names(names, arg: str = "optimizers") -> list[str]:
    if isinstance(names, str):
        names = [names]
    try:
        names = list(names)
    except TypeError:
        raise ValueError(f"{arg} must be a non-empty list of optimizer names such as ['sgd', 'adam'], "
                         f"got {names!r}") from None
    if not names:
        raise ValueError(f"{arg} must be a non-empty list of optimizer names such as ['sgd', 'adam']")
    return [_optimizer_name(n, f"{arg}[{i}]") for i, n in enumerate(names)]


def _frame(frame, columns, name: str = "frame") -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} must have the columns {list(columns)}; missing {missing}")
    if frame.empty:
        raise ValueError(f"{name} must not be empty")
    return frame


# --------------------------------------------------------------------------------------
# 1. gradient descent on a quadratic
# --------------------------------------------------------------------------------------

def max_stable_learning_rate(curvatures) -> float:
    """The largest learning rate for which gradient descent converges on ``sum h_i w_i^2 / 2``: 2 / max(h).

    One step multiplies each coordinate by ``1 - lr h_i``; every factor lies in (-1, 1) exactly
    when ``0 < lr < 2 / h_i``, so the steepest direction (largest h) caps the learning rate.
    Taught in notebook 01.
    """
    return float(2.0 / _curvatures(curvatures).max())


def optimal_learning_rate(curvatures) -> float:
    """The fixed learning rate that converges fastest on ``sum h_i w_i^2 / 2``: 2 / (min h + max h).

    For one curvature that is 1/h, which lands on the minimum in a single step. With several,
    it balances the slowest direction (1 - lr h_min) against the steepest (lr h_max - 1).
    Taught in notebook 01.
    """
    h = _curvatures(curvatures)
    return float(2.0 / (h.min() + h.max()))


def quadratic_regime(curvature, learning_rate) -> str:
    """Name what gradient descent does on ``E(w) = h w^2 / 2`` with this learning rate.

    The factor per step is ``q = 1 - lr h``: 'creeps in' (0 < q < 1, lr < 1/h), 'one step'
    (q = 0), 'overshoots, converges' (-1 < q < 0), 'oscillates forever' (q = -1, lr = 2/h)
    or 'diverges' (q < -1, lr > 2/h). Taught in notebook 01.
    """
    h = positive_number(curvature.item() if isinstance(curvature, np.generic) else curvature, "curvature")
    lr = _learning_rate(learning_rate)
    product = lr * h
    if product < 1:
        return "creeps in"
    if product == 1:
        return "one step"
    if product < 2:
        return "overshoots, converges"
    if product == 2:
        return "oscillates forever"
    return "diverges"


def gradient_descent(curvatures, learning_rate, *, start=1.0, steps: int = 20) -> pd.DataFrame:
    """Run plain gradient descent on ``E(w) = sum_i h_i w_i^2 / 2`` and return the path.

    ``curvatures`` is one number (1-D) or a list (one curvature per coordinate); ``start`` is
    a number or a list of the same length. Returns one row per step 0..steps with the
    coordinates (``w`` in 1-D, ``w1, w2, ...`` otherwise) and the loss E, and
    ``frame.attrs`` holds the rule: ``max_stable_learning_rate`` (2 / max h) and ``converges``
    (lr below it). A diverging path grows geometrically; values beyond float range become
    inf. Taught in notebook 01.
    """
    h = _curvatures(curvatures)
    lr = _learning_rate(learning_rate)
    steps = positive_int(steps, "steps")
    if _is_number(start):
        w0 = np.full(len(h), _number(start, "start"))
    else:
        if isinstance(start, str) or not isinstance(start, (Sequence, np.ndarray)) or len(start) != len(h):
            raise ValueError(f"start must be a number or a list of {len(h)} numbers (one per curvature), "
                             f"got {start!r}")
        w0 = np.array([_number(s, f"start[{i}]") for i, s in enumerate(start)])
    factors = 1.0 - lr * h
    with np.errstate(over="ignore", invalid="ignore"):
        path = w0[None, :] * factors[None, :] ** np.arange(steps + 1)[:, None]
        loss = 0.5 * (h[None, :] * path**2).sum(axis=1)
    names = ["w"] if len(h) == 1 else [f"w{i + 1}" for i in range(len(h))]
    frame = pd.DataFrame(path, columns=names)
    frame.insert(0, "step", np.arange(steps + 1))
    frame["loss"] = loss
    frame.attrs["max_stable_learning_rate"] = float(2.0 / h.max())
    frame.attrs["converges"] = bool(lr < 2.0 / h.max())
    return frame


def quadratic_path_2d(hessian, learning_rate, *, start=(1.0, 1.0), steps: int = 30) -> pd.DataFrame:
    """Gradient descent on ``E(w) = w^T H w / 2`` for a 2 x 2 ``hessian`` (or two curvatures).

    Like :func:`gradient_descent`, for a bowl whose axes need not be the coordinate axes
    (notebook 02 uses a tilted ravine). Columns step, w1, w2, loss. Taught in notebook 01.
    """
    H = _hessian(hessian)
    lr = _learning_rate(learning_rate)
    steps = positive_int(steps, "steps")
    w = _start_2d(start)
    rows = [w.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            w = w - lr * (H @ w)
            rows.append(w.copy())
        path = np.array(rows)
        loss = 0.5 * np.einsum("ti,ij,tj->t", path, H, path)
    return pd.DataFrame({"step": np.arange(steps + 1), "w1": path[:, 0], "w2": path[:, 1], "loss": loss})


def _start_2d(start) -> np.ndarray:
    if isinstance(start, str) or not isinstance(start, (Sequence, np.ndarray)) or len(start) != 2:
        raise ValueError(f"start must be two numbers (w1, w2), got {start!r}")
    return np.array([_number(s, f"start[{i}]") for i, s in enumerate(start)])


# --------------------------------------------------------------------------------------
# 2. learning-rate sweeps on a real network
# --------------------------------------------------------------------------------------

def judge_run(losses, *, rise_tolerance: float = RISE_TOLERANCE, good_fraction: float = GOOD_FRACTION) -> str:
    """The verdict on one training run: 'too small', 'good', 'too large' or 'diverged'.

    ``losses`` are the training losses per epoch, the untrained model's loss first (epoch 0).
    The rule, checked in this order (:data:`VERDICT_RULE`): *diverged* if a loss is NaN or
    infinite or the last loss is above the first; *too large* if the loss rose by more than
    ``rise_tolerance`` (1%) from one epoch to the next; *good* if the last loss is at most
    ``good_fraction`` (1/8) of the first; *too small* otherwise. Taught in notebook 01.
    """
    if _is_number(losses) or isinstance(losses, str):
        raise ValueError(f"losses must be a list of at least two losses (epoch 0 first), got {losses!r}")
    try:
        values = np.asarray(list(losses), dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"losses must be a list of numbers (epoch 0 first), got {losses!r}") from None
    if values.ndim != 1 or len(values) < 2:
        raise ValueError(f"losses must hold at least two losses (epoch 0 and one trained epoch), got {len(values)}")
    rise_tolerance = positive_number(rise_tolerance, "rise_tolerance", allow_zero=True)
    good_fraction = positive_number(good_fraction, "good_fraction")
    if good_fraction >= 1:
        raise ValueError(f"good_fraction must be below 1 (a fraction of the starting loss), got {good_fraction}")
    if not np.all(np.isfinite(values)) or values[-1] > values[0]:
        return "diverged"
    if np.any(values[1:] > values[:-1] * (1 + rise_tolerance)):
        return "too large"
    if values[-1] <= good_fraction * values[0]:
        return "good"
    return "too small"


def _initial_loss_and_accuracy(model, x, y) -> tuple[float, float]:
    """Loss and accuracy of a model before training (eager, no tf.function to trace)."""
    import keras

    probs = model(x, training=False)
    loss = float(keras.ops.mean(keras.losses.sparse_categorical_crossentropy(y, probs)))
    accuracy = float(np.mean(np.argmax(keras.ops.convert_to_numpy(probs), axis=1) == y))
    return loss, accuracy


def _reset_optimizer(optimizer, learning_rate: float) -> None:
    """Zero an optimizer's state (step count, moments) and set a new constant learning rate."""
    for variable in optimizer.variables:
        variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
    optimizer.learning_rate = learning_rate


# Compiled models, reused from run to run: (optimizer, options, layer widths) -> model. Every
# compiled model traces its own training function (about a second), and TensorFlow frees
# traced functions slowly; a sweep would otherwise pay both once per run.
_COMPILED: dict = {}


def _fresh_model(x, y, optimizer: str, options: dict, hidden, seed: int, learning_rate: float):
    """A compiled MLP with freshly initialized weights (``seed``) and a zeroed optimizer.

    The first call for an (optimizer, options, architecture) compiles a model; later calls
    reuse it, loading the weights a newly built model has for ``seed`` and resetting the
    optimizer, which gives the same run as a new model (tested).
    """
    from .models import build_mlp
    from .training import compile_classifier

    fresh = build_mlp(x.shape[1], hidden, n_classes=int(np.max(y)) + 1, seed=seed)
    widths = tuple(layer.units for layer in fresh.layers if hasattr(layer, "units"))
    key = (optimizer, tuple(sorted(options.items())), x.shape[1], widths)
    try:
        model = _COMPILED.get(key)
    except TypeError:  # an unhashable option value: compile a model just for this run
        key, model = None, None
    if model is None:
        model = compile_classifier(fresh, optimizer, learning_rate, **options)
        model.optimizer.build(model.trainable_variables)
        if key is not None:
            _COMPILED[key] = model
    else:
        model.set_weights(fresh.get_weights())
    _reset_optimizer(model.optimizer, learning_rate)
    return model


def _batches(x, y, batch_size: int, seed: int):
    """A tf.data pipeline of shuffled batches (a new order every epoch, repeatable with ``seed``).

    ``cu.fit_history`` passes it straight to ``model.fit``. Keras rebuilds its own pipeline
    from NumPy arrays at every epoch (about 0.1 s each), which would dominate these short
    runs; a ready-made dataset avoids that and makes a sweep about twice as fast.
    """
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)  # the shuffle depends on the global seed too: fix both
    dataset = tf.data.Dataset.from_tensor_slices((x, y))
    return dataset.shuffle(len(x), seed=seed, reshuffle_each_iteration=True).batch(batch_size)


def _train_data(data):
    from .data import DataSplit

    if isinstance(data, DataSplit):
        return data.x_train, data.y_train
    if isinstance(data, (tuple, list)) and len(data) in (2, 4):
        x, y = np.asarray(data[0], dtype=np.float32), np.asarray(data[1])
        if x.ndim != 2 or len(x) != len(y) or len(x) == 0:
            raise ValueError("data must hold a 2-D array of inputs and one label per input")
        return x, y
    raise ValueError("data must be a DataSplit (from cu.load_digits_split) or a tuple (x_train, y_train); "
                     f"got {type(data).__name__}")


def sweep_runs(data, runs, *, epochs: int = 8, batch_size: int = 64, hidden=(32,), seed: int = 0,
               rise_tolerance: float = RISE_TOLERANCE, good_fraction: float = GOOD_FRACTION) -> pd.DataFrame:
    """Train one small MLP per run and return every run's epochs as one tidy DataFrame.

    ``runs`` is a list of dicts, each with ``optimizer`` (a name for :func:`cu.make_optimizer`),
    ``learning_rate`` and optional optimizer keyword arguments (e.g. ``beta_1``). Every run
    starts from the same weights (``seed``) and sees the batches in the same order. Columns:
    the run's keys, epoch (0 = untrained), loss, accuracy, verdict (:func:`judge_run`). A
    NaN loss ends that run cleanly. Used by :func:`lr_sweep` and by ``adam.beta_1_sweep``.
    """
    from .training import fit_history

    x, y = _train_data(data)
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    if isinstance(runs, dict) or isinstance(runs, str):
        raise ValueError(f"runs must be a non-empty list of dicts with 'optimizer' and 'learning_rate', got {runs!r}")
    runs = list(runs)
    if not runs:
        raise ValueError("runs must be a non-empty list of dicts with 'optimizer' and 'learning_rate'")
    checked = []
    for i, run in enumerate(runs):
        if not isinstance(run, dict) or "optimizer" not in run or "learning_rate" not in run:
            raise ValueError(f"runs[{i}] must be a dict with 'optimizer' and 'learning_rate', got {run!r}")
        options = {k: v for k, v in run.items() if k not in ("optimizer", "learning_rate")}
        checked.append((_optimizer_name(run["optimizer"], f"runs[{i}]['optimizer']"),
                        _learning_rate(run["learning_rate"], f"runs[{i}]['learning_rate']"), options))
    judge_run([1.0, 0.5], rise_tolerance=rise_tolerance, good_fraction=good_fraction)  # validate the rule

    frames = []
    for optimizer, learning_rate, options in checked:
        model = _fresh_model(x, y, optimizer, options, hidden, seed, learning_rate)
        loss0, acc0 = _initial_loss_and_accuracy(model, x, y)
        with contextlib.redirect_stdout(io.StringIO()):  # TerminateOnNaN prints "Batch k: Invalid loss"
            history = fit_history(model, (_batches(x, y, batch_size, seed), None), epochs=epochs,
                                  batch_size=batch_size, seed=seed, shuffle=False)
        frame = pd.concat([pd.DataFrame({"epoch": [0], "loss": [loss0], "accuracy": [acc0]}),
                           history[["epoch", "loss", "accuracy"]]], ignore_index=True)
        frame["loss"] = frame["loss"].astype(float)
        verdict = judge_run(frame["loss"], rise_tolerance=rise_tolerance, good_fraction=good_fraction)
        if history.attrs.get("diverged"):
            verdict = "diverged"
        frame.insert(0, "learning_rate", learning_rate)
        frame.insert(0, "optimizer", optimizer)
        for i, (name, value) in enumerate(options.items()):
            frame.insert(2 + i, name, value)
        frame["verdict"] = verdict
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def lr_sweep(data, learning_rates, *, optimizers=("sgd", "adam"), epochs: int = 8, batch_size: int = 64,
             hidden=(32,), seed: int = 0, rise_tolerance: float = RISE_TOLERANCE,
             good_fraction: float = GOOD_FRACTION) -> pd.DataFrame:
    """Train a small MLP once per optimizer and learning rate; return a tidy DataFrame with verdicts.

    One row per optimizer, learning rate and epoch (epoch 0 is the untrained model): columns
    optimizer, learning_rate, epoch, loss, accuracy (training set), verdict. Each run is
    judged by :func:`judge_run` (the rule in :data:`VERDICT_RULE`). Runs of one optimizer
    start from the same weights and batch order, so only the learning rate differs; a NaN
    loss ends a run cleanly. Taught in notebook 01.
    """
    rates = _learning_rates(learning_rates)
    names = _optimizer_names(optimizers)
    runs = [{"optimizer": name, "learning_rate": lr} for name in names for lr in rates]
    return sweep_runs(data, runs, epochs=epochs, batch_size=batch_size, hidden=hidden, seed=seed,
                      rise_tolerance=rise_tolerance, good_fraction=good_fraction)


def sweep_summary(frame) -> pd.DataFrame:
    """One row per run of a sweep: start and final loss, final accuracy, epochs run, verdict.

    ``frame`` comes from :func:`lr_sweep` (or :func:`sweep_runs`). Taught in notebook 01.
    """
    frame = _frame(frame, ["optimizer", "learning_rate", "epoch", "loss", "accuracy", "verdict"])
    keys = [c for c in frame.columns if c not in ("epoch", "loss", "accuracy", "verdict")]
    rows = []
    for key, run in frame.groupby(keys, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        run = run.sort_values("epoch")
        rows.append({**dict(zip(keys, key)), "start_loss": run["loss"].iloc[0], "final_loss": run["loss"].iloc[-1],
                     "final_accuracy": run["accuracy"].iloc[-1], "epochs_run": int(run["epoch"].iloc[-1]),
                     "verdict": run["verdict"].iloc[0]})
    return pd.DataFrame(rows)


def verdict_table(frame) -> pd.DataFrame:
    """The verdicts of a sweep as a table: one row per learning rate, one column per optimizer.

    Learning rates are shown as short strings (``1e-05``, ``0.1``) so the table prints the
    same everywhere. Taught in notebook 01.
    """
    summary = sweep_summary(frame)
    table = summary.pivot(index="learning_rate", columns="optimizer", values="verdict")
    table = table[list(dict.fromkeys(summary["optimizer"]))]
    table.index = [f"{lr:g}" for lr in table.index]
    table.index.name = "learning rate"
    table.columns.name = None
    return table


def good_band(frame, optimizer: str) -> tuple[float, float]:
    """The learning rates between which a sweep found 'good' runs, as an open interval (low, high).

    ``low`` is the largest learning rate judged 'too small' below the good runs and ``high``
    the smallest judged 'too large' or 'diverged' above them (``0`` / ``inf`` if there is
    none). A suggestion that falls strictly inside lies in the good band. ValueError if the
    sweep found no good run for ``optimizer``. Taught in notebook 01.
    """
    summary = sweep_summary(frame)
    if not isinstance(optimizer, str) or optimizer.lower() not in set(summary["optimizer"]):
        raise ValueError(f"optimizer must be one of the sweep's optimizers {sorted(set(summary['optimizer']))}, "
                         f"got {optimizer!r}")
    runs = summary[summary["optimizer"] == optimizer.lower()].sort_values("learning_rate")
    good = runs.loc[runs["verdict"] == "good", "learning_rate"]
    if good.empty:
        raise ValueError(f"the sweep found no 'good' learning rate for optimizer {optimizer!r}")
    below = runs[(runs["learning_rate"] < good.min()) & (runs["verdict"] == "too small")]["learning_rate"]
    above = runs[(runs["learning_rate"] > good.max()) & runs["verdict"].isin(["too large", "diverged"])]
    low = float(below.max()) if not below.empty else 0.0
    high = float(above["learning_rate"].min()) if not above.empty else math.inf
    return low, high


# --------------------------------------------------------------------------------------
# 3. the LR range test
# --------------------------------------------------------------------------------------

def smooth(values, beta: float = 0.9) -> np.ndarray:
    """Exponential moving average with bias correction (the first values are not pulled to 0).

    ``s_t = beta s_(t-1) + (1 - beta) x_t``, reported as ``s_t / (1 - beta^t)``. NaN and inf
    pass through from where they first appear. Taught in notebook 01 (range test) and 02
    (the same average is Adam's first moment).
    """
    from ._validate import fraction

    beta = fraction(beta, "beta")
    values = np.asarray(values, dtype=float)
    out = np.empty_like(values)
    average = 0.0
    for t, value in enumerate(values, start=1):
        average = beta * average + (1 - beta) * value
        out[t - 1] = average / (1 - beta**t)
    return out


def suggest_learning_rate(frame, *, divisor: float = 10.0) -> float:
    """The range test's suggestion: the learning rate where the smoothed loss is lowest, / ``divisor``.

    At the minimum the learning rate is already about as large as training tolerates; a
    tenth of it is safely on the stable side (Smith 2017; fastai's ``lr_min``). ``frame`` is
    :func:`lr_range_test`'s DataFrame. Taught in notebook 01.
    """
    frame = _frame(frame, ["learning_rate", "smoothed_loss"])
    divisor = positive_number(divisor, "divisor")
    finite = frame[np.isfinite(frame["smoothed_loss"])]
    if finite.empty:
        raise ValueError("frame has no finite smoothed loss to take a minimum of")
    return float(finite.loc[finite["smoothed_loss"].idxmin(), "learning_rate"] / divisor)


def _build_range_callbacks(logger, min_lr: float, growth: float, steps: int, beta: float, stop_factor: float):
    import keras

    class _RaiseLearningRate(keras.callbacks.Callback):
        """Before batch k (from 0), set the learning rate to min_lr * growth**k."""

        def __init__(self):
            super().__init__()
            self.step = 0

        def on_train_batch_begin(self, batch, logs=None):
            self.model.optimizer.learning_rate = min_lr * growth**self.step
            self.step += 1

    class _RangeTestStop(keras.callbacks.Callback):
        """Stop after ``steps`` batches, or once the smoothed batch loss exceeds stop_factor x its minimum."""

        def __init__(self):
            super().__init__()
            self.average = 0.0
            self.best = math.inf

        def on_train_batch_end(self, batch, logs=None):
            row = logger.rows[-1]  # the logger runs first and has turned the running mean into this batch's loss
            t = len(logger.rows)
            loss = row["loss"]
            if not math.isfinite(loss):
                self.model.stop_training = True
                return
            self.average = beta * self.average + (1 - beta) * loss
            smoothed = self.average / (1 - beta**t)
            self.best = min(self.best, smoothed)
            if t >= steps or smoothed > stop_factor * self.best:
                self.model.stop_training = True

    return _RaiseLearningRate(), _RangeTestStop()


def lr_range_test(data, *, optimizer: str = "adam", min_lr: float = 1e-5, max_lr: float = 10.0, steps: int = 120,
                  batch_size: int = 32, hidden=(32,), seed: int = 0, beta: float = 0.9, stop_factor: float = 4.0,
                  divisor: float = 10.0) -> tuple[pd.DataFrame, float]:
    """The LR range test (Smith 2017): one short run with an exponentially rising learning rate.

    Before each batch the learning rate is set to ``min_lr * growth**k`` (k = 0, 1, ...), so it
    reaches ``max_lr`` after ``steps`` optimizer steps. :class:`cu.LearningRateLogger` records
    every step's learning rate and that batch's own loss (not Keras's running mean); the run
    stops early once the smoothed loss (see :func:`smooth`) exceeds ``stop_factor`` times its
    minimum, or on NaN. Returns ``(frame, suggestion)``: frame has step, epoch, learning_rate,
    loss, smoothed_loss; the suggestion is :func:`suggest_learning_rate`. Taught in notebook 01.
    """
    from ._validate import fraction
    from .training import LearningRateLogger, fit_history

    x, y = _train_data(data)
    optimizer = _optimizer_name(optimizer)
    min_lr = _learning_rate(min_lr, "min_lr")
    max_lr = _learning_rate(max_lr, "max_lr")
    if max_lr <= min_lr:
        raise ValueError(f"max_lr must be larger than min_lr, got min_lr={min_lr:g}, max_lr={max_lr:g}")
    steps = positive_int(steps, "steps", minimum=10)
    batch_size = positive_int(batch_size, "batch_size")
    beta = fraction(beta, "beta")
    stop_factor = positive_number(stop_factor, "stop_factor")
    if stop_factor <= 1:
        raise ValueError(f"stop_factor must be above 1, got {stop_factor}")
    positive_number(divisor, "divisor")

    growth = (max_lr / min_lr) ** (1.0 / (steps - 1))
    model = _fresh_model(x, y, optimizer, {}, hidden, seed, min_lr)
    logger = LearningRateLogger()
    raise_lr, stopper = _build_range_callbacks(logger, min_lr, growth, steps, beta, stop_factor)
    epochs = -(-steps // -(-len(x) // batch_size))
    with contextlib.redirect_stdout(io.StringIO()):
        fit_history(model, (_batches(x, y, batch_size, seed), None), epochs=epochs, batch_size=batch_size,
                    callbacks=[raise_lr, logger, stopper], seed=seed, shuffle=False)
    frame = logger.frame()[["step", "epoch", "learning_rate", "loss"]].head(steps).reset_index(drop=True)
    frame["smoothed_loss"] = smooth(frame["loss"], beta)
    return frame, suggest_learning_rate(frame, divisor=divisor)


# --------------------------------------------------------------------------------------
# plotting
# --------------------------------------------------------------------------------------

def plot_quadratic_1d(path, curvature, *, ax=None, color=None, **kwargs):
    """Draw ``E(w) = h w^2 / 2`` and a gradient-descent path on it (numbered iterates); returns the Axes.

    ``path`` is :func:`gradient_descent`'s 1-D DataFrame. The horizontal range covers the
    start on both sides; iterates beyond it are clipped to the frame. Taught in notebook 01.
    """
    path = _frame(path, ["step", "w", "loss"], "path")
    h = positive_number(curvature, "curvature")
    ax = _get_ax(ax)
    reach = 1.25 * max(abs(float(path["w"].iloc[0])), 1e-12)
    grid = np.linspace(-reach, reach, 201)
    ax.plot(grid, 0.5 * h * grid**2, color="0.6", lw=1.2, label="E(w) = h w²/2")
    shown = path[np.abs(path["w"]) <= reach]
    line = ax.plot(shown["w"], shown["loss"], "o-", ms=4, lw=1.0, color=color, **kwargs)[0]
    ax.plot(shown["w"].iloc[:1], shown["loss"].iloc[:1], "s", ms=7, color=line.get_color(), label="start")
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-0.05 * h * reach**2, 0.55 * h * reach**2)
    ax.set_xlabel("weight w")
    ax.set_ylabel("loss E(w)")
    return ax


def plot_contour_paths(frame, hessian, *, hue=None, ax=None, levels: int = 12, extent=None, **kwargs):
    """Draw paths over the contour lines of ``E(w) = w^T H w / 2``; returns the Axes.

    ``frame`` has columns w1, w2 (e.g. :func:`quadratic_path_2d` or ``adam.ravine_paths``);
    ``hessian`` is two curvatures or a 2 x 2 matrix; ``hue`` names a column to draw one path
    per value (legend ``name=value``). The view is a box around the starting points
    (``extent`` = half-width, default 1.3 x the farthest start), so a diverging path leaves
    the frame instead of squashing the plot. Taught in notebooks 01 and 02.
    """
    frame = _frame(frame, ["w1", "w2"])
    H = _hessian(hessian)
    if hue is not None and hue not in frame.columns:
        raise ValueError(f"hue must be a column of frame, got {hue!r}; available: {list(frame.columns)}")
    levels = positive_int(levels, "levels", minimum=2)
    groups = [(None, frame)] if hue is None else list(frame.groupby(hue, sort=False))
    starts = np.array([[g["w1"].iloc[0], g["w2"].iloc[0]] for _, g in groups])
    if extent is None:
        extent = 1.3 * max(float(np.abs(starts).max()), 1e-12)
    else:
        extent = positive_number(extent, "extent")
    ax = _get_ax(ax)
    grid = np.linspace(-extent, extent, 161)
    W1, W2 = np.meshgrid(grid, grid)
    E = 0.5 * (H[0, 0] * W1**2 + 2 * H[0, 1] * W1 * W2 + H[1, 1] * W2**2)
    top = float(max(0.5 * s @ H @ s for s in starts))
    contour_levels = top * np.geomspace(1e-3, 1.0, levels)
    ax.contour(W1, W2, E, levels=contour_levels, colors="0.75", linewidths=0.8)
    from .plotting import PALETTE

    for i, (key, part) in enumerate(groups):
        label = None if hue is None else (f"{hue}={key:g}" if isinstance(key, float) else f"{hue}={key}")
        style = {"color": PALETTE[i % len(PALETTE)], "lw": 1.3, "ms": 3, **kwargs}
        ax.plot(part["w1"], part["w2"], "o-", label=label, **style)
    ax.plot([0], [0], "*", color="black", ms=10, label="minimum")
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("w1")
    ax.set_ylabel("w2")
    ax.legend(loc="upper right")
    return ax


def plot_sweep(frame, *, optimizer=None, ax=None, **kwargs):
    """Training loss per epoch, one line per learning rate, labelled with its verdict; returns the Axes.

    ``frame`` is :func:`lr_sweep`'s DataFrame; ``optimizer`` picks one optimizer's runs (needed
    when the sweep has several). Colours run from dark (small) to light (large learning
    rates); a run that hit NaN ends with an x, and losses beyond 2000 x the starting loss are
    drawn at that level. Log-scale loss axis. Taught in notebook 01.
    """
    import matplotlib as mpl

    frame = _frame(frame, ["optimizer", "learning_rate", "epoch", "loss", "verdict"])
    names = list(dict.fromkeys(frame["optimizer"]))
    if optimizer is None:
        if len(names) > 1:
            raise ValueError(f"optimizer must name one of the sweep's optimizers {names} when there are several")
        optimizer = names[0]
    if not isinstance(optimizer, str) or optimizer.lower() not in names:
        raise ValueError(f"optimizer must be one of the sweep's optimizers {names}, got {optimizer!r}")
    runs = frame[frame["optimizer"] == optimizer.lower()]
    ax = _get_ax(ax)
    rates = sorted(runs["learning_rate"].unique())
    cmap = mpl.colormaps["viridis"]
    starts = runs.loc[runs["epoch"] == runs["epoch"].min(), "loss"]
    cap = 2000.0 * float(starts[np.isfinite(starts)].max()) if np.isfinite(starts).any() else np.inf
    for i, lr in enumerate(rates):
        run = runs[runs["learning_rate"] == lr].sort_values("epoch")
        color = cmap(0.9 * i / max(len(rates) - 1, 1))
        finite = run[np.isfinite(run["loss"])]
        shown = np.minimum(finite["loss"], cap)  # an overflowing loss is drawn at the top edge
        ax.plot(finite["epoch"], shown, "o-", ms=3, color=color,
                label=f"lr={lr:g}: {run['verdict'].iloc[0]}", **kwargs)
        if len(finite) < len(run) and len(finite):
            ax.plot(finite["epoch"].iloc[-1:], shown.iloc[-1:], "x", ms=10, mew=2, color=color)
    ax.set_yscale("log")
    ax.set_xlabel("epoch (0 = untrained)")
    ax.set_ylabel("training loss (cross-entropy, log scale)")
    ax.legend(fontsize=8)
    return ax


def plot_range_test(frame, *, suggestion=None, ax=None, **kwargs):
    """Per-batch loss and its smoothed curve against the learning rate (log axis); returns the Axes.

    ``frame`` is :func:`lr_range_test`'s DataFrame. The smoothed minimum is marked, and
    ``suggestion`` (a learning rate) is drawn as a vertical line. The loss axis is cut at
    4 x the starting loss so an explosion at the end does not flatten the curve. Taught in
    notebook 01.
    """
    frame = _frame(frame, ["learning_rate", "loss", "smoothed_loss"])
    ax = _get_ax(ax)
    ax.plot(frame["learning_rate"], frame["loss"], color="0.7", lw=1, label="batch loss", **kwargs)
    ax.plot(frame["learning_rate"], frame["smoothed_loss"], color="#0072B2", lw=2, label="smoothed loss")
    finite = frame[np.isfinite(frame["smoothed_loss"])]
    if not finite.empty:
        best = finite.loc[finite["smoothed_loss"].idxmin()]
        ax.plot([best["learning_rate"]], [best["smoothed_loss"]], "o", color="#D55E00", ms=7,
                label=f"lowest smoothed loss (lr={best['learning_rate']:.2g})")
        start = float(finite["smoothed_loss"].iloc[0])
        ax.set_ylim(0, 1.5 * max(start, float(finite["smoothed_loss"].iloc[: max(len(finite) // 2, 1)].max())))
    if suggestion is not None:
        suggestion = _learning_rate(suggestion, "suggestion")
        ax.axvline(suggestion, color="#009E73", ls="--", label=f"suggestion (lr={suggestion:.2g})")
    ax.set_xscale("log")
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("training loss (cross-entropy)")
    ax.legend(fontsize=8)
    return ax


# --------------------------------------------------------------------------------------
# an interactive slider (live notebooks only)
# --------------------------------------------------------------------------------------

def learning_rate_slider(curvatures=(1.0, 10.0), *, start=(-1.0, 1.0), steps: int = 25, value: float = 0.1,
                         min_lr: float = 1e-3, max_lr: float = 1.0):
    """An ipywidgets slider that redraws gradient descent on a 2-D bowl for the chosen learning rate.

    Returns the widget (display it, or leave it as a cell's last value), or ``None`` when
    ipywidgets is not installed, so a notebook never breaks without it. The figure shows the
    path on the contour lines and the loss per step, with 2 / max(h) in the title. Taught in
    notebook 01.
    """
    h = _curvatures(curvatures)
    if len(h) != 2:
        raise ValueError(f"curvatures must give two curvatures (a 2-D bowl), got {len(h)}")
    _start_2d(start)
    steps = positive_int(steps, "steps")
    min_lr = _learning_rate(min_lr, "min_lr")
    max_lr = _learning_rate(max_lr, "max_lr")
    value = _learning_rate(value, "value")
    if not min_lr < max_lr:
        raise ValueError(f"max_lr must be larger than min_lr, got min_lr={min_lr:g}, max_lr={max_lr:g}")
    if not min_lr <= value <= max_lr:
        raise ValueError(f"value must lie between min_lr and max_lr, got {value:g}")
    try:
        import ipywidgets as widgets
    except ImportError:
        return None
    import matplotlib.pyplot as plt

    limit = max_stable_learning_rate(h)

    def draw(learning_rate):
        path = quadratic_path_2d(h, learning_rate, start=start, steps=steps)
        fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
        plot_contour_paths(path, h, ax=left)
        left.set_title(f"lr = {learning_rate:.3g}   (2 / max h = {limit:.3g})")
        right.semilogy(path["step"], path["loss"].clip(lower=1e-12), "o-", ms=3)
        right.set_xlabel("step")
        right.set_ylabel("loss E(w) (log scale)")
        right.set_title("converges" if learning_rate < limit else "does not converge")
        plt.show()

    slider = widgets.FloatLogSlider(value=value, base=10, min=math.log10(min_lr), max=math.log10(max_lr),
                                    step=0.02, description="learning rate", readout_format=".3g",
                                    continuous_update=False)
    return widgets.interactive(draw, learning_rate=slider)
