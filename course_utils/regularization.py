"""Regularization (정규화(규제)): L2 and L1 penalties, decoupled weight decay, dropout and early
stopping compared on noisy 2-D moons, with the best possible (Bayes) boundary to measure against.

Taught in ``06_regularization.ipynb``. The notebook writes each method in plain Keras first;
:func:`compare_regularization` then trains the same network for many settings and seeds in one
call, with :func:`course_utils.training.fast_fit` (``model.fit``'s arithmetic, compiled once).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._validate import boolean, features, fraction, labels, positive_int, positive_number, seed_list
from ._validate import learning_rate as _rate

#: What a setting can switch on; 0 (None for patience and seeds) means "off" ("the call's seeds").
OFF = {"l2": 0.0, "l1": 0.0, "weight_decay": 0.0, "dropout": 0.0, "patience": None, "seeds": None}


def resolve_settings(settings) -> dict[str, dict]:
    """``{label: full parameter dict}`` from ``{label: {"l2": ..., "dropout": ..., ...}}`` (``06_regularization.ipynb``).

    Left out means off (:data:`OFF`): ``l2``, ``l1``, ``weight_decay`` >= 0; ``dropout`` in [0, 1);
    ``patience`` (early stopping, epochs) >= 1; ``seeds``, a list, runs the setting with its own seeds.
    """
    if not isinstance(settings, Mapping) or not settings:
        raise ValueError(f"settings must be a non-empty dict {{label: {{'l2': 1e-3, ...}}}}, got {settings!r}")
    resolved = {}
    for label, spec in settings.items():
        if not isinstance(label, str) or not label or not isinstance(spec, Mapping):
            raise ValueError(f"settings must map non-empty string labels to dicts such as {{'l2': 1e-3}}; "
                             f"got {label!r}: {spec!r}")
        if set(spec) - set(OFF):
            raise ValueError(f"settings[{label!r}]: unknown parameter(s) {sorted(set(spec) - set(OFF))}; "
                             f"allowed: {', '.join(OFF)}")
        params = {**OFF, **spec}

        def where(key, label=label):
            return f"settings[{label!r}][{key!r}]"

        for key in ("l2", "l1", "weight_decay"):
            params[key] = positive_number(params[key], where(key), allow_zero=True)
        params["dropout"] = fraction(params["dropout"], where("dropout"))
        if params["patience"] is not None:
            params["patience"] = positive_int(params["patience"], where("patience"))
        if params["seeds"] is not None:
            params["seeds"] = seed_list(params["seeds"], where("seeds"))
        resolved[label] = params
    return resolved


def moons_bayes_probability(points, *, noise: float = 0.3, n_grid: int = 201) -> np.ndarray:
    """P(class 1 | x) for scikit-learn's ``make_moons(noise=noise)``, from how the points are drawn (NumPy).

    Each class lies evenly along a half circle (class 0: ``(cos t, sin t)``, class 1: ``(1 - cos t,
    0.5 - sin t)``, t in [0, pi]) plus Gaussian noise of std ``noise``; the classes are equally likely.
    Each density is averaged over ``n_grid`` curve points (201: within 0.02 of exact). Class 1 where
    this exceeds 0.5 is the Bayes classifier, the lowest possible expected error (about 8.6% at
    ``noise=0.3``). Taught in ``06_regularization.ipynb``.
    """
    points = features(points, "points", n_features=2, expected="make_moons' points have {n} (shape (n, 2))"
                      ).astype(np.float64)
    noise = positive_number(noise, "noise")
    t = np.linspace(0.0, np.pi, positive_int(n_grid, "n_grid", minimum=10))
    curves = (np.column_stack([np.cos(t), np.sin(t)]), np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)]))
    out = np.empty(len(points))
    for start in range(0, len(points), 2000):  # 2000 points x n_grid distances at a time
        chunk, log_density = points[start:start + 2000], []
        for curve in curves:
            d2 = ((chunk[:, None, :] - curve[None]) ** 2).sum(-1) / (2 * noise ** 2)
            low = d2.min(axis=1)
            log_density.append(-low + np.log(np.exp(-(d2 - low[:, None])).mean(axis=1)))
        out[start:start + 2000] = 1.0 / (1.0 + np.exp(log_density[0] - log_density[1]))
    return out


def _as_points(X, y, xname: str, yname: str):
    """2-D points (n, 2) and their class labels 0 or 1 (the plot draws two classes)."""
    X = features(X, xname, n_features=2, expected="this plot draws 2-D points: {n} features, shape (n, 2)")
    if y is None:
        return X, None
    return X, labels(y, yname, n=len(X), n_classes=2, name_x=xname, classes_of="this plot draws two classes")


def _limits(value, name: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high) of numbers, got {value!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be a pair (low, high) with low < high, got {value!r}")
    return lo, hi


def boundary_limits(*arrays, margin: float = 0.5) -> tuple[tuple[float, float], tuple[float, float]]:
    """Axis limits ``(xlim, ylim)`` around the points of (n, 2) arrays plus a margin: the same for every panel
    of a figure of :func:`plot_decision_boundary` (``06_regularization.ipynb``)."""
    if not arrays:
        raise ValueError("arrays: give at least one array of points")
    pts = np.concatenate([_as_points(a, None, f"arrays[{i}]", "")[0] for i, a in enumerate(arrays)])
    lo = pts.min(axis=0) - positive_number(margin, "margin", allow_zero=True)
    hi = pts.max(axis=0) + margin
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def _class1_probability(model, points: np.ndarray) -> np.ndarray:
    import keras

    out = np.asarray(model(points, training=False) if isinstance(model, keras.Model) else model(points), dtype=float)
    out = out[:, -1] if out.ndim == 2 and out.shape[1] in (1, 2) else out
    if out.ndim == 1:
        return out
    raise ValueError(f"model must output P(class 1) or two class probabilities per point, got shape {out.shape}")


def plot_decision_boundary(model, X, y, *, ax=None, X_val=None, y_val=None, xlim=None, ylim=None,
                           resolution: int = 100, title: str | None = None, legend=True, reference=None,
                           **kwargs):
    """Draw a 2-D classifier's decision boundary (P(class 1) = 0.5, black) over its probability bands; returns the Axes.

    Bands: P(class 1) below 0.25, 0.25 to 0.75 (pale: uncertain), above 0.75. Training points are filled
    circles, held-out ``X_val, y_val`` small crosses, both in their class's colour. ``model`` is a Keras
    model (called with ``training=False``) or a callable mapping (n, 2) points to probabilities;
    ``reference`` (e.g. :func:`moons_bayes_probability`) adds its boundary, dashed. ``legend=True`` puts
    the legend outside the Axes, on the right; an Axes (an empty panel of the figure) receives it instead.
    Extra keyword arguments go to the training points' ``Axes.scatter``. Taught in ``06_regularization.ipynb``.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .plotting import PALETTE

    for value, name in ((model, "model"), (reference, "reference")):
        if not callable(value) and (name == "model" or value is not None):
            raise ValueError(f"{name} must be a Keras model or a callable returning probabilities, "
                             f"got {type(value).__name__}")
    X, y = _as_points(X, y, "X", "y")
    if legend is not None and not isinstance(legend, (bool, np.bool_)) and not hasattr(legend, "legend"):
        raise ValueError(f"legend must be True, False or a matplotlib Axes to hold it, got {legend!r}")
    legend = bool(legend) if isinstance(legend, np.bool_) else legend
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither")
    X_val, y_val = (None, None) if X_val is None else _as_points(X_val, y_val, "X_val", "y_val")
    resolution = positive_int(resolution, "resolution", minimum=10)
    auto_x, auto_y = boundary_limits(X, *(() if X_val is None else (X_val,)))
    xlim = auto_x if xlim is None else _limits(xlim, "xlim")
    ylim = auto_y if ylim is None else _limits(ylim, "ylim")

    ax = plt.gca() if ax is None else ax
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()]).astype(np.float32)
    proba = _class1_probability(model, grid).reshape(gx.shape)
    colours = (PALETTE[0], PALETTE[1])
    cmap = LinearSegmentedColormap.from_list("class01", [colours[0], "#ffffff", colours[1]])
    ax.contourf(gx, gy, proba, levels=np.linspace(0, 1, 5), cmap=cmap, alpha=0.45, antialiased=True)
    if proba.min() < 0.5 < proba.max():
        ax.contour(gx, gy, proba, levels=[0.5], colors="black", linewidths=1.5)
    if reference is not None:
        key = (reference, xlim, ylim, resolution)  # the same grid in every panel: compute the reference once
        if key not in _REFERENCE_GRIDS:
            _REFERENCE_GRIDS.clear()
            _REFERENCE_GRIDS[key] = _class1_probability(reference, grid).reshape(gx.shape)
        ax.contour(gx, gy, _REFERENCE_GRIDS[key], levels=[0.5], colors="black", linewidths=1.2, linestyles="dashed")
    ax.scatter(X[:, 0], X[:, 1], c=np.where(y == 1, colours[1], colours[0]),
               **{"s": 28, "edgecolors": "white", "linewidths": 0.7, "zorder": 3, **kwargs})
    if X_val is not None:
        ax.scatter(X_val[:, 0], X_val[:, 1], c=np.where(y_val == 1, colours[1], colours[0]), marker="x", s=10,
                   linewidths=0.8, alpha=0.4, zorder=2)
    ax.set(xlim=xlim, ylim=ylim, xlabel="feature 1", ylabel="feature 2", title=title or "")
    ax.grid(False)
    if legend is not False and legend is not None:
        target = legend if hasattr(legend, "legend") else ax
        dots = [Line2D([], [], marker="o", ls="", color=c, markeredgecolor="white") for c in colours]
        crosses = [Line2D([], [], marker="x", ls="", color=c, alpha=0.6) for c in colours]
        band = [Patch(color=cmap(v), alpha=0.45) for v in (0.1, 0.4, 0.6, 0.9)]
        handles = [tuple(dots), *([tuple(crosses)] if X_val is not None else []), Line2D([], [], color="black"),
                   *([Line2D([], [], color="black", ls="--")] if reference is not None else []),
                   band[0], (band[1], band[2]), band[3]]
        labels = ["training points (class 0, 1)", *(["held-out points"] if X_val is not None else []),
                  "boundary (P = 0.5)", *(["best possible (Bayes)"] if reference is not None else []),
                  "P(class 1) < 0.25", "0.25 to 0.75: uncertain", "P(class 1) > 0.75"]
        if target is not ax:
            target.axis("off")
        target.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=None)}, fontsize=8, frameon=False,
                      **({"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "borderaxespad": 0.0}
                         if target is ax else {"loc": "center left"}))
    return ax


_REFERENCE_GRIDS: dict = {}


def _kernel_values(model) -> np.ndarray:
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"models must hold keras.Model objects, got {type(model).__name__}")
    return np.concatenate([np.asarray(layer.kernel, dtype=np.float64).ravel()
                           for layer in model.layers if isinstance(layer, keras.layers.Dense)])


def weight_stats(models, *, zero_tol: float = 1e-3) -> pd.DataFrame:
    """Per model of ``{key: keras.Model}``: its Dense kernels' size, L2 and L1 norms, largest |w| and share of
    |w| below ``zero_tol`` (biases left out, as ``kernel_regularizer`` leaves them). Tuple keys become a
    two-level index. Taught in ``06_regularization.ipynb`` (how many weights a penalty pushes to 0).
    """
    zero_tol = positive_number(zero_tol, "zero_tol")
    if not isinstance(models, Mapping) or not models:
        raise ValueError("models must be a non-empty dict {key: keras.Model}")
    rows = [{"n_weights": w.size, "l2_norm": np.sqrt(np.sum(w ** 2)), "l1_norm": np.sum(np.abs(w)),
             "max_abs": np.max(np.abs(w)), "share_near_zero": np.mean(np.abs(w) < zero_tol)}
            for w in map(_kernel_values, models.values())]
    keys = list(models)
    return pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(keys) if all(isinstance(k, tuple) for k in keys) else keys)


def decay_vs_l2(w0=(0.1, 1.0, 10.0), *, learning_rate: float = 0.1, l2: float = 0.05, steps: int = 1,
                momentum: float = 0.0) -> pd.DataFrame:
    """``steps`` optimizer steps on weights ``w0``, zero data gradient: L2 in the loss vs decoupled weight decay.

    SGD (with ``momentum``) + ``L2(l2)``, SGD with ``weight_decay=2 * l2``, Adam + ``L2(l2)``, AdamW with
    ``weight_decay=2 * l2``. Plain SGD's two agree (L2's gradient is ``2 * l2 * w``); momentum parts them;
    Adam's first step moves every weight by about ``learning_rate``. One row per (method, weight): w_before,
    w_after, change, relative_change. Taught in ``06_regularization.ipynb``.
    """
    import keras
    import tensorflow as tf

    learning_rate = positive_number(learning_rate, "learning_rate")
    l2 = positive_number(l2, "l2")
    steps = positive_int(steps, "steps")
    momentum = fraction(momentum, "momentum")
    try:
        w0 = np.atleast_1d(np.asarray(w0, dtype=np.float64))
    except (TypeError, ValueError):
        raise ValueError(f"w0 must be a list of finite, non-zero weights, got {w0!r}") from None
    if w0.ndim != 1 or not np.all(np.isfinite(w0)) or np.any(w0 == 0):
        raise ValueError(f"w0 must be a list of finite, non-zero weights, got {w0!r}")
    sgd = "SGD" if momentum == 0 else f"SGD(momentum={momentum:g})"
    runs = {f"{sgd} + L2({l2:g}) in the loss": (keras.optimizers.SGD(learning_rate, momentum=momentum), l2),
            f"{sgd}, weight_decay={2 * l2:g}": (
                keras.optimizers.SGD(learning_rate, momentum=momentum, weight_decay=2 * l2), 0.0),
            f"Adam + L2({l2:g}) in the loss": (keras.optimizers.Adam(learning_rate), l2),
            f"AdamW, weight_decay={2 * l2:g}": (keras.optimizers.AdamW(learning_rate, weight_decay=2 * l2), 0.0)}
    rows = []
    for method, (optimizer, penalty) in runs.items():
        w = keras.Variable(w0.astype(np.float32))
        for _ in range(steps):
            with tf.GradientTape() as tape:
                loss = penalty * tf.reduce_sum(tf.square(w.value))
            optimizer.apply_gradients([(tape.gradient(loss, w.value), w)])
        rows.append(pd.DataFrame({"method": method, "w_before": w0, "w_after": np.asarray(w.numpy(), np.float64)}))
    frame = pd.concat(rows, ignore_index=True)
    frame["change"] = frame["w_before"] - frame["w_after"]
    return frame.assign(relative_change=frame["change"] / frame["w_before"])


_COLUMNS = ["setting", "seed", "epoch", "loss", "accuracy", "train_loss", "train_accuracy", "val_loss",
            "val_accuracy", "penalty", "train_data_loss", "val_data_loss", "gap", "final", "test_accuracy"]


def _adjustable_model(n_features, n_classes, hidden, optimizer, learning_rate):
    """The runner's network, compiled once, with penalty, dropout and decay strengths in variables: one traced
    training loop (fast_fit) serves every setting. Returns (model, strengths)."""
    import keras
    import tensorflow as tf

    from .training import make_optimizer

    strengths = {k: tf.Variable(0.0, trainable=False, name=k) for k in ("l1", "l2", "dropout", "weight_decay")}

    class Penalty(keras.regularizers.Regularizer):  # keras.regularizers.L1L2, with strengths in variables
        def __call__(self, x):
            return strengths["l1"] * tf.reduce_sum(tf.abs(x)) + strengths["l2"] * tf.reduce_sum(tf.square(x))

    class Dropout(keras.layers.Dropout):  # keras.layers.Dropout's own draw, with the rate in a variable
        def call(self, inputs, training=False):
            def drop():
                seed = tf.cast(tf.math.floormod(self.seed_generator.next(), tf.int32.max - 1), tf.int32)
                return tf.nn.experimental.stateless_dropout(inputs, rate=strengths["dropout"], seed=seed)

            return tf.cond(strengths["dropout"] > 0, drop, lambda: inputs) if training else inputs

    layers = [keras.Input(shape=(n_features,))]
    for i, width in enumerate(hidden, start=1):
        layers += [keras.layers.Dense(width, activation="relu", kernel_regularizer=Penalty()), Dropout(0.5, seed=i)]
    layers.append(keras.layers.Dense(n_classes, activation="softmax", kernel_regularizer=Penalty()))
    model = keras.Sequential(layers)
    opt = make_optimizer(optimizer, learning_rate, weight_decay=0.0)
    opt.exclude_from_weight_decay(var_names=["bias"])  # like kernel_regularizer: kernels only
    model.compile(optimizer=opt, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    opt.build(model.trainable_variables)
    opt.weight_decay = strengths["weight_decay"]  # Keras applies w -= lr * weight_decay * w at every step
    return model, strengths


def _plain_model(hidden, n_features, n_classes, params, weights):
    """A stand-alone Keras model (plain L2/L1 regularizer and Dropout layers) holding a run's weights."""
    import keras

    penalty = keras.regularizers.L1L2(l1=params["l1"], l2=params["l2"]) if params["l1"] or params["l2"] else None
    layers = [keras.Input(shape=(n_features,))]
    for width in hidden:
        layers.append(keras.layers.Dense(width, activation="relu", kernel_regularizer=penalty))
        layers += [keras.layers.Dropout(params["dropout"])] if params["dropout"] else []
    model = keras.Sequential([*layers, keras.layers.Dense(n_classes, activation="softmax", kernel_regularizer=penalty)])
    model.set_weights(weights)
    return model


class TrainedModels(Mapping):
    """``{(setting, seed): keras.Model}`` from :func:`compare_regularization`: plain Keras models holding each
    run's final weights, each built when first looked up (``06_regularization.ipynb``)."""

    def __init__(self):
        self.recipes, self._built = {}, {}

    def __getitem__(self, key):
        if key not in self.recipes:
            raise KeyError(f"key {key!r} is not a run: keys are (setting, seed) pairs such as "
                           f"{next(iter(self.recipes), ('none', 0))!r}")
        if key not in self._built:
            self._built[key] = _plain_model(*self.recipes[key])
        return self._built[key]

    def __iter__(self):
        return iter(self.recipes)

    def __len__(self):
        return len(self.recipes)


def compare_regularization(settings, data, *, seeds=(0, 1, 2), epochs: int = 200, hidden=(128, 128),
                           optimizer: str = "adam", learning_rate: float = 0.02, batch_size: int | None = None,
                           return_models: bool = False):
    """Train the same network under several regularization settings and seeds; one tidy frame.

    For each setting and seed: ``keras.Sequential`` of ``Dense(128, "relu", kernel_regularizer=L2(l2) or
    L1(l1))`` and ``Dropout(dropout)`` layers (``hidden``), ``optimizer`` at ``learning_rate`` with
    ``weight_decay`` (biases excluded), ``fit`` with ``EarlyStopping(monitor="val_loss", patience=patience,
    restore_best_weights=True)`` (:func:`resolve_settings`); ``batch_size`` None is full batch. Seed ``s``
    starts from ``build_mlp(..., seed=s)``'s weights and fixes the dropout masks. All runs share one compiled
    model, trained by :func:`course_utils.fast_fit` (tested against ``model.fit``).

    One row per (setting, seed, epoch): loss and accuracy as ``fit`` reports them (running means,
    dropout on); train_loss / train_accuracy (training set evaluated after the epoch, dropout off);
    val_loss / val_accuracy; penalty; train_data_loss, val_data_loss (without it); gap (train_accuracy -
    val_accuracy); final (the row whose weights the run ends with); test_accuracy (on that row only: the
    final model on ``data.x_test``, which nothing in the run looked at). ``return_models=True`` also returns
    :class:`TrainedModels`. Taught in ``06_regularization.ipynb``.
    """
    from .data import _split_arg
    from .models import _hidden_widths, build_mlp
    from .training import _optimizer_name, fast_fit, reset_optimizer

    resolved = resolve_settings(settings)
    data = _split_arg(data, need_val=True)
    seeds = seed_list(seeds)
    epochs = positive_int(epochs, "epochs")
    hidden = tuple(_hidden_widths(hidden, None, None))
    optimizer = _optimizer_name(optimizer, "optimizer")
    learning_rate = _rate(learning_rate, schedules=False)
    batch_size = len(data.x_train) if batch_size is None else positive_int(batch_size, "batch_size")
    return_models = boolean(return_models, "return_models")

    model, strengths = _adjustable_model(data.n_features, data.n_classes, hidden, optimizer, learning_rate)
    dropouts = [layer for layer in model.layers if hasattr(layer, "seed_generator")]
    fresh, frames, models = {}, [], TrainedModels()
    for label, params in resolved.items():
        for seed in params["seeds"] or seeds:
            if seed not in fresh:
                fresh[seed] = build_mlp(data.n_features, hidden, n_classes=data.n_classes, seed=seed).get_weights()
            model.set_weights(fresh[seed])
            reset_optimizer(model.optimizer, learning_rate)
            for i, layer in enumerate(dropouts, start=1):  # build_mlp(dropout=...)'s masks: seed + 1000 + i
                state = layer.seed_generator.state
                state.assign(np.array([seed + 1000 + i, 0], dtype=state.dtype))
            for key in ("l1", "l2", "dropout", "weight_decay"):
                strengths[key].assign(params[key])
            part = fast_fit(model, data.x_train, data.y_train, epochs=epochs, batch_size=batch_size, seed=seed,
                            validation_data=(data.x_val, data.y_val), patience=params["patience"],
                            evaluate_train=True)
            final = part.attrs["best_epoch"] or len(part)
            scores = np.asarray(model(data.x_test, training=False)) if len(data.x_test) else np.zeros((0, 1))
            test = float(np.mean(scores.argmax(axis=1) == data.y_test)) if len(scores) else np.nan
            part = part.assign(setting=label, seed=seed, train_data_loss=part["train_loss"] - part["penalty"],
                               val_data_loss=part["val_loss"] - part["penalty"],
                               gap=part["train_accuracy"] - part["val_accuracy"], final=part["epoch"] == final,
                               test_accuracy=np.where(part["epoch"] == final, test, np.nan))
            frames.append(part[_COLUMNS])
            if return_models:
                models.recipes[(label, seed)] = (hidden, data.n_features, data.n_classes, params, model.get_weights())
    frame = pd.concat(frames, ignore_index=True)
    frame["setting"] = pd.Categorical(frame["setting"], categories=list(resolved), ordered=True)
    return (frame, models) if return_models else frame


def final_results(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`compare_regularization`'s frame whose weights each run ends with (the restored best
    epoch, under early stopping), with ``epochs_trained``, how long it ran. Taught in ``06_regularization.ipynb``."""
    if not isinstance(frame, pd.DataFrame) or any(c not in frame.columns for c in _COLUMNS):
        missing = [c for c in _COLUMNS if c not in frame.columns] if isinstance(frame, pd.DataFrame) else _COLUMNS
        raise ValueError(f"frame must be the DataFrame from compare_regularization; got {type(frame).__name__} "
                         f"missing the columns {missing}")
    trained = frame.groupby(["setting", "seed"], observed=True)["epoch"].max().rename("epochs_trained")
    return frame[frame["final"]].set_index(["setting", "seed"]).join(trained).reset_index()


def summarize_runs(frame: pd.DataFrame) -> pd.DataFrame:
    """Per setting, over seeds: mean final train_accuracy, val_accuracy, gap, val_data_loss, the last three's
    standard deviations (``_sd``), mean test_accuracy and mean epochs trained. Taught in ``06_regularization.ipynb``."""
    grouped = final_results(frame).groupby("setting", observed=True, sort=True)
    out = pd.DataFrame({"seeds": grouped["seed"].nunique(), "train_accuracy": grouped["train_accuracy"].mean()})
    for column in ("val_accuracy", "gap", "val_data_loss"):
        out[column] = grouped[column].mean()
        out[f"{column}_sd"] = grouped[column].std(ddof=0)
    out["test_accuracy"] = grouped["test_accuracy"].mean()
    out["epochs"] = grouped["epochs_trained"].mean()
    return out.reset_index()
