"""Regularization (정규화): overfitting you can see on 2-D toy data, L2 and L1 penalties,
decoupled weight decay, dropout, early stopping, and a fair runner that compares them.

Taught in ``06_regularization.ipynb``. The models come from :func:`course_utils.build_mlp`
(``kernel_regularizer``, ``kernel_constraint``, ``dropout``); the optimizers from
:func:`course_utils.make_optimizer`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ._validate import fraction, one_of, optional_seed, positive_int, positive_number, seed_list
from .data import make_toy_data  # noqa: F401 - notebook 06 calls reg.make_toy_data

# --------------------------------------------------------------------------------------
# Settings by name
# --------------------------------------------------------------------------------------

#: What a setting can switch on. 0 (or None for patience / max_norm) means "off".
SETTING_PARAMETERS = ("l2", "l1", "weight_decay", "dropout", "patience", "max_norm")

_OFF = {"l2": 0.0, "l1": 0.0, "weight_decay": 0.0, "dropout": 0.0, "patience": None, "max_norm": None}

#: The named settings of notebook 06 and their default strengths: each the best of a small sweep
#: (validation accuracy, 3 seeds) on another draw of the noisy moons (``make_toy_data(seed=1)``)
#: with :func:`compare_regularization`'s defaults: 2 x 128 ReLU units, Adam at 0.02, 200
#: full-batch epochs.
SETTINGS = {
    "none": {},
    "l2": {"l2": 3e-3},
    "l1": {"l1": 1e-3},
    "weight_decay": {"weight_decay": 5.0},
    "dropout": {"dropout": 0.5},
    "early_stopping": {"patience": 30},
    "max_norm": {"max_norm": 0.5},
    "combined": {"l2": 1e-3, "dropout": 0.3, "patience": 50},
}


def setting_names() -> tuple[str, ...]:
    """The names :func:`make_setting` and :func:`compare_regularization` accept (``06_regularization.ipynb``)."""
    return tuple(SETTINGS)


def make_setting(name: str = "none", **overrides) -> dict:
    """The full parameter dict of a named regularization setting, with strengths overridden.

    ``make_setting("l2")`` is ``{"l2": 0.003, "l1": 0.0, "weight_decay": 0.0, "dropout": 0.0,
    "patience": None, "max_norm": None}``; ``make_setting("l2", l2=1e-2)`` changes the
    strength; ``make_setting(l2=1e-3, dropout=0.2)`` builds a setting from scratch. Strengths
    must be >= 0, ``dropout`` in [0, 1), ``patience`` (early stopping, in epochs) an integer
    >= 1 or None, ``max_norm`` (a ``MaxNorm`` kernel constraint) > 0 or None. Taught in
    ``06_regularization.ipynb``.
    """
    name = one_of(name, "name", SETTINGS)
    unknown = sorted(set(overrides) - set(SETTING_PARAMETERS))
    if unknown:
        raise ValueError(f"unknown setting parameter(s) {unknown}; allowed: {', '.join(SETTING_PARAMETERS)}")
    params = {**_OFF, **SETTINGS[name], **overrides}
    return _check_params(params)


def _check_params(params: Mapping) -> dict:
    out = dict(_OFF)
    for key, value in params.items():
        if key not in SETTING_PARAMETERS:
            raise ValueError(f"unknown setting parameter {key!r}; allowed: {', '.join(SETTING_PARAMETERS)}")
        out[key] = value
    for key in ("l2", "l1", "weight_decay"):
        out[key] = positive_number(out[key], key, allow_zero=True)
    out["dropout"] = fraction(out["dropout"], "dropout")
    if out["patience"] is not None:
        out["patience"] = positive_int(out["patience"], "patience")
    if out["max_norm"] is not None:
        out["max_norm"] = positive_number(out["max_norm"], "max_norm")
    return out


def resolve_settings(settings) -> dict[str, dict]:
    """Turn ``settings`` into ``{label: full parameter dict}``.

    ``settings`` is a name (``"l2"``), a list of names (``["none", "l2", "dropout"]``), or a
    dict from a label of your choice to a name or to a dict of parameters
    (``{"L2 1e-4": {"l2": 1e-4}, "dropout 0.2": {"dropout": 0.2}}``; a dict may also give
    ``"setting": "combined"`` to start from a named setting). Used by
    :func:`compare_regularization` in ``06_regularization.ipynb``.
    """
    if isinstance(settings, str):
        settings = [settings]
    if isinstance(settings, Mapping):
        items = list(settings.items())
    elif isinstance(settings, Sequence) and settings:
        items = [(s, s) for s in settings]
    else:
        raise ValueError(f"settings must be a setting name, a non-empty list of names or a dict "
                         f"label -> name or parameters; got {settings!r}")
    if not items:
        raise ValueError("settings must not be empty")
    resolved = {}
    for label, spec in items:
        if not isinstance(label, str) or not label:
            raise ValueError(f"settings labels must be non-empty strings, got {label!r}")
        if isinstance(spec, str):
            if spec not in SETTINGS:
                raise ValueError(f"settings: unknown setting name {spec!r}; choose from "
                                 f"{', '.join(map(repr, SETTINGS))} or give a dict of parameters")
            resolved[label] = make_setting(spec)
        elif isinstance(spec, Mapping):
            spec = dict(spec)
            base = spec.pop("setting", "none")
            if base not in SETTINGS:
                raise ValueError(f"settings: unknown setting name {base!r}; choose from "
                                 f"{', '.join(map(repr, SETTINGS))}")
            resolved[label] = make_setting(base, **spec)
        else:
            raise ValueError(f"settings[{label!r}] must be a setting name or a dict of parameters, got {spec!r}")
    return resolved


def describe_setting(params: Mapping) -> str:
    """A short description of a parameter dict, e.g. ``'L2 0.001 + dropout 0.3'`` (``06_regularization.ipynb``)."""
    params = _check_params(params)
    parts = []
    if params["l2"]:
        parts.append(f"L2 {params['l2']:g}")
    if params["l1"]:
        parts.append(f"L1 {params['l1']:g}")
    if params["weight_decay"]:
        parts.append(f"weight decay {params['weight_decay']:g}")
    if params["dropout"]:
        parts.append(f"dropout {params['dropout']:g}")
    if params["max_norm"]:
        parts.append(f"max-norm {params['max_norm']:g}")
    if params["patience"]:
        parts.append(f"early stopping (patience {params['patience']})")
    return " + ".join(parts) or "no regularization"


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------
# Decision boundaries
# --------------------------------------------------------------------------------------

def _as_points(X, y, xname: str, yname: str):
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"{xname} must be an array of 2-D points with shape (n, 2), got shape {X.shape}")
    y = np.asarray(y).reshape(-1)
    if len(y) != len(X):
        raise ValueError(f"{yname} must have one label per point of {xname}: {len(y)} labels for {len(X)} points")
    return X, y


def _class1_probability(model, points: np.ndarray) -> np.ndarray:
    """P(class 1) for each point, for a Keras model or any callable returning probabilities."""
    out = model(points, training=False) if _is_keras_model(model) else model(points)
    out = np.asarray(out, dtype=float)
    if out.ndim == 2 and out.shape[1] == 2:
        return out[:, 1]
    if out.ndim == 2 and out.shape[1] == 1:
        return out[:, 0]
    if out.ndim == 1:
        return out
    raise ValueError(f"model must output P(class 1) or two class probabilities per point, got shape {out.shape}")


def _is_keras_model(model) -> bool:
    import keras

    return isinstance(model, keras.Model)


def boundary_limits(*arrays, margin: float = 0.5) -> tuple[tuple[float, float], tuple[float, float]]:
    """Axis limits ``(xlim, ylim)`` that contain all points of the given (n, 2) arrays plus a margin.

    Pass the same limits to every :func:`plot_decision_boundary` of a figure so the panels
    can be compared (as ``06_regularization.ipynb`` does).
    """
    if not arrays:
        raise ValueError("boundary_limits needs at least one array of points")
    pts = np.concatenate([_as_points(a, np.zeros(len(a)), "arrays", "arrays")[0] for a in arrays])
    margin = positive_number(margin, "margin", allow_zero=True)
    lo, hi = pts.min(axis=0) - margin, pts.max(axis=0) + margin
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def plot_decision_boundary(model, X, y, *, ax=None, X_val=None, y_val=None, xlim=None, ylim=None,
                           resolution: int = 150, title: str | None = None, show_proba: bool = True,
                           legend: bool = True, **kwargs):
    """Draw a 2-D classifier's decision boundary with the points; returns the Axes.

    The background shows the predicted probability of class 1 in bands of 0.25 (blue = class 0,
    orange = class 1, pale near 0.5) and the black line is where it equals 0.5: the decision
    boundary. Training points ``X, y`` are filled circles coloured by class; optional
    held-out points ``X_val, y_val`` are small crosses in the same colours. Give the same
    ``xlim``/``ylim`` (e.g. from :func:`boundary_limits`) to every panel of a small-multiples
    figure. ``model`` is a Keras model (called in inference mode) or any callable that maps
    an (n, 2) array to class probabilities. Extra keyword arguments go to the training
    points' ``Axes.scatter``. Taught in ``06_regularization.ipynb``.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.lines import Line2D

    from .plotting import PALETTE

    if not callable(model):
        raise ValueError(f"model must be a Keras model or a callable returning probabilities, got {type(model).__name__}")
    X, y = _as_points(X, y, "X", "y")
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither")
    if X_val is not None:
        X_val, y_val = _as_points(X_val, y_val, "X_val", "y_val")
    resolution = positive_int(resolution, "resolution", minimum=10)
    if resolution > 1000:
        raise ValueError(f"resolution must be at most 1000 grid points per axis, got {resolution}")
    auto_x, auto_y = boundary_limits(X, *(() if X_val is None else (X_val,)))
    xlim = auto_x if xlim is None else _limits(xlim, "xlim")
    ylim = auto_y if ylim is None else _limits(ylim, "ylim")

    ax = plt.gca() if ax is None else ax
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()]).astype(np.float32)
    proba = _class1_probability(model, grid).reshape(gx.shape)
    colours = (PALETTE[0], PALETTE[1])
    if show_proba:
        cmap = LinearSegmentedColormap.from_list("class01", [colours[0], "#ffffff", colours[1]])
        ax.contourf(gx, gy, proba, levels=np.linspace(0, 1, 5), cmap=cmap, alpha=0.45, antialiased=True)
    if proba.min() < 0.5 < proba.max():
        ax.contour(gx, gy, proba, levels=[0.5], colors="black", linewidths=1.5)
    point_colours = np.where(y == 1, colours[1], colours[0])
    scatter_kw = {"s": 28, "edgecolors": "white", "linewidths": 0.7, "zorder": 3, **kwargs}
    ax.scatter(X[:, 0], X[:, 1], c=point_colours, **scatter_kw)
    if X_val is not None:
        held_colours = np.where(y_val == 1, colours[1], colours[0])
        ax.scatter(X_val[:, 0], X_val[:, 1], c=held_colours, marker="x", s=10, linewidths=0.8, alpha=0.4, zorder=2)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.grid(False)
    if title:
        ax.set_title(title)
    if legend:
        handles = [Line2D([], [], marker="o", ls="", color=colours[c], markeredgecolor="white", label=f"class {c} (train)")
                   for c in (0, 1)]
        if X_val is not None:
            handles.append(Line2D([], [], marker="x", ls="", color="grey", label="held out"))
        handles.append(Line2D([], [], color="black", label="boundary (P = 0.5)"))
        ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.8, frameon=True)
    return ax


def _limits(value, name: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high) of numbers, got {value!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be a pair (low, high) with low < high, got {value!r}")
    return lo, hi


# --------------------------------------------------------------------------------------
# Weights
# --------------------------------------------------------------------------------------

def _dense_kernels(model):
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a keras.Model, got {type(model).__name__}")
    return [(layer.name, layer.kernel) for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def kernel_values(model) -> np.ndarray:
    """Every Dense kernel weight of ``model`` (no biases), flattened into one array.

    For weight histograms: L2 shrinks this distribution towards 0, L1 piles many weights
    up at (almost exactly) 0. Taught in ``06_regularization.ipynb``.
    """
    kernels = _dense_kernels(model)
    if not kernels:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate([np.asarray(k).ravel() for _, k in kernels])


def weight_norms(model, *, zero_tol: float = 1e-3) -> pd.DataFrame:
    """One row per Dense layer: weights, L2 norm, L1 norm, largest |w| and the share of |w| < zero_tol.

    A last row ``all`` covers every kernel together. Biases are left out, as
    ``kernel_regularizer`` leaves them alone. Taught in ``06_regularization.ipynb``.
    """
    zero_tol = positive_number(zero_tol, "zero_tol")
    rows = []
    kernels = [(name, np.asarray(k, dtype=np.float64).ravel()) for name, k in _dense_kernels(model)]
    if kernels:
        kernels.append(("all", np.concatenate([w for _, w in kernels])))
    for name, w in kernels:
        rows.append({"layer": name, "n_weights": int(w.size), "l2_norm": float(np.sqrt(np.sum(w ** 2))),
                     "l1_norm": float(np.sum(np.abs(w))), "max_abs": float(np.max(np.abs(w))),
                     "share_near_zero": float(np.mean(np.abs(w) < zero_tol))})
    return pd.DataFrame(rows, columns=["layer", "n_weights", "l2_norm", "l1_norm", "max_abs", "share_near_zero"])


def penalty_value(model) -> float:
    """The regularization penalty Keras adds to the loss right now: ``sum(model.losses)``.

    For ``kernel_regularizer=keras.regularizers.L2(l2)`` that is ``l2 * sum(w**2)`` over the
    kernels (no factor 1/2). Taught in ``06_regularization.ipynb``.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a keras.Model, got {type(model).__name__}")
    return float(sum(float(np.asarray(loss)) for loss in model.losses))


def plot_weight_histograms(models, *, ax=None, bins: int = 80, value_range=None, logy: bool = True, **kwargs):
    """Overlaid step histograms of the kernel weights of several models; returns the Axes.

    ``models`` is a dict ``{label: keras.Model}`` (e.g. the models from
    :func:`compare_regularization` with ``return_models=True``). The y axis is logarithmic
    by default, so the tails where L2 and L1 act are visible. Extra keyword arguments go to
    ``Axes.hist``. Taught in ``06_regularization.ipynb``.
    """
    import matplotlib.pyplot as plt

    from .plotting import PALETTE

    if not isinstance(models, Mapping) or not models:
        raise ValueError("models must be a non-empty dict {label: keras.Model}")
    bins = positive_int(bins, "bins", minimum=2)
    values = {label: kernel_values(m) for label, m in models.items()}
    if value_range is None:
        top = max(float(np.max(np.abs(v))) for v in values.values() if v.size) or 1.0
        value_range = (-top, top)
    value_range = _limits(value_range, "value_range")
    ax = plt.gca() if ax is None else ax
    for i, (label, v) in enumerate(values.items()):
        ax.hist(v, bins=bins, range=value_range, histtype="step", linewidth=1.6,
                color=PALETTE[i % len(PALETTE)], label=f"{label} (L2 norm {np.sqrt(np.sum(v.astype(float) ** 2)):.1f})",
                **kwargs)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("kernel weight value")
    ax.set_ylabel("number of weights" + (" (log scale)" if logy else ""))
    ax.legend()
    return ax


# --------------------------------------------------------------------------------------
# Dropout and weight decay, one step at a time
# --------------------------------------------------------------------------------------

def dropout_demo(rate: float = 0.5, *, n: int = 10, seed: int = 0) -> pd.DataFrame:
    """A ``keras.layers.Dropout(rate)`` applied to a vector of ``n`` ones, in both modes.

    Columns: unit, input (all 1), training (each unit is 0 with probability ``rate``, else
    1/(1 - rate): inverted dropout), inference (the identity). With many units the mean of
    the training column stays close to 1: the expected activation is preserved, so nothing
    needs rescaling at inference. Taught in ``06_regularization.ipynb``.
    """
    import keras

    rate = fraction(rate, "rate")
    n = positive_int(n, "n")
    seed = optional_seed(seed)
    layer = keras.layers.Dropout(rate, seed=seed)
    ones = np.ones((1, n), dtype=np.float32)
    training = np.asarray(layer(ones, training=True)).ravel()
    inference = np.asarray(layer(ones, training=False)).ravel()
    return pd.DataFrame({"unit": np.arange(1, n + 1), "input": ones.ravel(), "training": training,
                         "inference": inference})


def one_step(optimizer, w0, *, l2: float = 0.0, grad=0.0) -> np.ndarray:
    """Apply one optimizer step to a variable that starts at ``w0``; return its new values.

    The loss is ``sum(grad * w) + l2 * sum(w**2)``: a constant data gradient ``grad``
    (default 0, so only regularization moves the weights) plus an L2 penalty in the loss.
    ``optimizer`` is a fresh Keras optimizer or a short name for
    :func:`course_utils.make_optimizer` (then at its default learning rate). Decoupled
    weight decay (the optimizer's ``weight_decay``) is applied by the optimizer itself:
    ``w <- w - learning_rate * weight_decay * w``, apart from the gradient. Taught in
    ``06_regularization.ipynb``.
    """
    import keras
    import tensorflow as tf

    from .training import make_optimizer

    if isinstance(optimizer, str):
        optimizer = make_optimizer(optimizer)
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        raise ValueError(f"optimizer must be a Keras optimizer or a name such as 'adam', got {optimizer!r}")
    if int(optimizer.iterations.numpy()) != 0:
        raise ValueError("optimizer must be fresh (no steps taken yet): build a new one for each call")
    l2 = positive_number(l2, "l2", allow_zero=True)
    w0 = np.atleast_1d(np.asarray(w0, dtype=np.float32))
    if not np.all(np.isfinite(w0)):
        raise ValueError(f"w0 must be finite numbers, got {w0!r}")
    try:
        g = np.broadcast_to(np.asarray(grad, dtype=np.float32), w0.shape)
    except ValueError:
        raise ValueError(f"grad must be a number or an array shaped like w0 {w0.shape}, got {grad!r}") from None
    w = keras.Variable(w0, name="w")
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(g * w.value) + l2 * tf.reduce_sum(tf.square(w.value))
    optimizer.apply_gradients([(tape.gradient(loss, w.value), w)])
    return np.asarray(w.numpy(), dtype=np.float64)


def decay_vs_l2_one_step(w0=(0.1, 1.0, 10.0), *, learning_rate: float = 0.1, l2: float = 0.05) -> pd.DataFrame:
    """One step of four optimizers on weights ``w0`` with a zero data gradient.

    Compares an L2 penalty in the loss with decoupled weight decay, for SGD and for Adam:
    ``L2(l2)`` adds ``2 * l2 * w`` to the gradient, so for plain SGD it is the same as
    ``weight_decay = 2 * l2``; for Adam it is not, because Adam divides the gradient by its
    own running size (the first step moves every weight by about ``learning_rate``,
    whatever its size), while AdamW shrinks every weight by the same fraction
    ``learning_rate * weight_decay``. One row per (method, weight): method, w_before,
    w_after, change (w_before - w_after) and relative_change (change / w_before). Taught in
    ``06_regularization.ipynb``.
    """
    from .training import make_optimizer

    learning_rate = positive_number(learning_rate, "learning_rate")
    l2 = positive_number(l2, "l2")
    w0 = np.atleast_1d(np.asarray(w0, dtype=np.float64))
    if w0.ndim != 1 or not np.all(np.isfinite(w0)) or np.any(w0 == 0):
        raise ValueError(f"w0 must be a list of finite, non-zero weights, got {w0!r}")
    wd = 2 * l2
    runs = {
        f"SGD + L2({l2:g}) in the loss": (make_optimizer("sgd", learning_rate), l2),
        f"SGD, weight_decay={wd:g}": (make_optimizer("sgd", learning_rate, weight_decay=wd), 0.0),
        f"Adam + L2({l2:g}) in the loss": (make_optimizer("adam", learning_rate), l2),
        f"AdamW, weight_decay={wd:g}": (make_optimizer("adamw", learning_rate, weight_decay=wd), 0.0),
    }
    rows = []
    for method, (opt, penalty) in runs.items():
        after = one_step(opt, w0, l2=penalty)
        for before, a in zip(w0, after):
            rows.append({"method": method, "w_before": float(before), "w_after": float(a),
                         "change": float(before - a), "relative_change": float((before - a) / before)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# The runner: several settings, several seeds, one tidy frame
# --------------------------------------------------------------------------------------

_COLUMNS = ["setting", "seed", "epoch", "loss", "val_loss", "accuracy", "val_accuracy", "data_loss",
            "val_data_loss", "gap", "weight_norm", "final"]


def _penalty_regularizer_class():
    import keras
    import tensorflow as tf

    class AdjustablePenalty(keras.regularizers.Regularizer):
        """``l1 * sum(|w|) + l2 * sum(w**2)``, exactly like ``keras.regularizers.L1L2``, with
        strengths held in variables so one compiled training loop serves every strength."""

        def __init__(self):
            self.l1 = tf.Variable(0.0, trainable=False, dtype=tf.float32)
            self.l2 = tf.Variable(0.0, trainable=False, dtype=tf.float32)

        def __call__(self, x):
            return (tf.cast(self.l1, x.dtype) * tf.reduce_sum(tf.abs(x))
                    + tf.cast(self.l2, x.dtype) * tf.reduce_sum(tf.square(x)))

        def get_config(self):
            return {"l1": float(self.l1.numpy()), "l2": float(self.l2.numpy())}

    return AdjustablePenalty


def keras_regularizer(l1: float = 0.0, l2: float = 0.0):
    """The Keras regularizer for given L1 and L2 strengths: ``L2``, ``L1``, ``L1L2`` or None when both are 0.

    The models :func:`compare_regularization` returns carry it (``06_regularization.ipynb``).
    """
    import keras

    l1 = positive_number(l1, "l1", allow_zero=True)
    l2 = positive_number(l2, "l2", allow_zero=True)
    if l1 and l2:
        return keras.regularizers.L1L2(l1=l1, l2=l2)
    if l2:
        return keras.regularizers.L2(l2)
    if l1:
        return keras.regularizers.L1(l1)
    return None


class _Trainer:
    """One model + optimizer + a compiled full-batch training loop, reused across seeds and
    across L1/L2 strengths and patience values (those are inputs, not part of the graph)."""

    def __init__(self, key):
        import keras
        import tensorflow as tf

        from .models import build_mlp
        from .training import make_optimizer

        n_features, n_classes, hidden, activation, dropout, max_norm, optimizer = key
        self.penalty = _penalty_regularizer_class()()
        constraint = keras.constraints.MaxNorm(max_norm) if max_norm else None
        self.build_kwargs = dict(n_inputs=n_features, hidden=hidden, activation=activation, n_classes=n_classes,
                                 kernel_constraint=constraint, dropout=dropout)
        self.model = build_mlp(**self.build_kwargs, kernel_regularizer=self.penalty, seed=0)
        self.optimizer = make_optimizer(optimizer, 0.01, weight_decay=0.0)
        # like kernel_regularizer, decay the kernels only (by default Keras decays biases too)
        self.optimizer.exclude_from_weight_decay(var_names=["bias"])
        self.optimizer.build(self.model.trainable_variables)
        # Keras multiplies by optimizer.weight_decay at each step: a variable lets one compiled
        # loop serve every strength (0 = off: w - lr * 0 * w leaves w unchanged)
        self.optimizer.weight_decay = tf.Variable(0.0, trainable=False, dtype=tf.float32)
        self._opt_init = [np.array(v.numpy()) for v in self.optimizer.variables]
        self._best = [tf.Variable(v.value, trainable=False) for v in self.model.variables]
        self._kernels = [v for v in self.model.trainable_variables if v.path.endswith("kernel")]
        self._loss_fn = keras.losses.SparseCategoricalCrossentropy()
        # any number of points, so a new data set of the same width reuses the compiled loop
        signature = [tf.TensorSpec([None, n_features], tf.float32), tf.TensorSpec([None], tf.int32),
                     tf.TensorSpec([None, n_features], tf.float32), tf.TensorSpec([None], tf.int32),
                     tf.TensorSpec([], tf.int32), tf.TensorSpec([], tf.int32)]
        self._train = tf.function(self._loop, input_signature=signature)

    def reset(self, seed, params, learning_rate):
        from .models import build_mlp

        fresh = build_mlp(**self.build_kwargs, seed=seed)
        if len(fresh.variables) != len(self.model.variables):
            raise RuntimeError("internal error: model variables do not match")
        for v, f in zip(self.model.variables, fresh.variables):
            v.assign(f.value)
        for v, init in zip(self.optimizer.variables, self._opt_init):
            v.assign(init)
        self.optimizer.learning_rate = learning_rate
        self.optimizer.weight_decay.assign(params["weight_decay"])
        self.penalty.l1.assign(params["l1"])
        self.penalty.l2.assign(params["l2"])

    def _loop(self, x, y, xv, yv, epochs, patience):
        import tensorflow as tf

        model, opt, loss_fn = self.model, self.optimizer, self._loss_fn
        rows = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        best_val = tf.constant(np.inf, tf.float32)
        best_epoch = tf.constant(0, tf.int32)
        wait = tf.constant(0, tf.int32)
        n_done = tf.constant(0, tf.int32)
        n_train = tf.shape(x)[0]
        x_all = tf.concat([x, xv], axis=0)

        def accuracy(labels, proba):
            return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(proba, axis=1, output_type=tf.int32),
                                                   tf.cast(labels, tf.int32)), tf.float32))

        for epoch in tf.range(epochs):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True)) + tf.add_n(model.losses)
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables))
            # measured after the update, dropout off, on both sets: a like-for-like gap
            proba = model(x_all, training=False)
            p_train, p_val = proba[:n_train], proba[n_train:]
            penalty = tf.add_n(model.losses)
            data_loss = loss_fn(y, p_train)
            val_data_loss = loss_fn(yv, p_val)
            norm = tf.sqrt(tf.add_n([tf.reduce_sum(tf.square(k.value)) for k in self._kernels]))
            rows = rows.write(epoch, tf.stack([data_loss + penalty, val_data_loss + penalty, accuracy(y, p_train),
                                               accuracy(yv, p_val), data_loss, val_data_loss, norm]))
            n_done = epoch + 1
            if patience > 0:
                # keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=0, patience=patience)
                val_loss = val_data_loss + penalty
                wait += 1
                if val_loss < best_val:
                    best_val = val_loss
                    best_epoch = epoch
                    wait = 0
                    for b, v in zip(self._best, model.variables):
                        b.assign(v.value)
                if wait >= patience:
                    break
        return rows.stack(), n_done, best_epoch

    def run(self, data, params, seed, epochs, learning_rate):
        import tensorflow as tf

        self.reset(seed, params, learning_rate)
        patience = params["patience"] or 0
        args = [tf.constant(data.x_train, tf.float32), tf.constant(data.y_train, tf.int32),
                tf.constant(data.x_val, tf.float32), tf.constant(data.y_val, tf.int32)]
        rows, n_done, best_epoch = self._train(*args, tf.constant(epochs, tf.int32), tf.constant(patience, tf.int32))
        rows = rows.numpy()[: int(n_done)]
        final = len(rows) - 1
        if patience:
            final = int(best_epoch)
            for v, b in zip(self.model.variables, self._best):  # restore_best_weights=True
                v.assign(b)
        return rows, final

    def weights(self):
        return [np.array(w) for w in self.model.get_weights()]


def _model_from(key, params, weights):
    """A stand-alone trained model: the run's weights in a fresh MLP with a plain Keras regularizer."""
    import keras

    from .models import build_mlp

    n_features, n_classes, hidden, activation, dropout, max_norm, _ = key
    model = build_mlp(n_features, hidden, activation=activation, n_classes=n_classes, dropout=dropout,
                      kernel_regularizer=keras_regularizer(params["l1"], params["l2"]),
                      kernel_constraint=keras.constraints.MaxNorm(max_norm) if max_norm else None, seed=0)
    model.set_weights(weights)
    return model


# Compiled training loops are kept (a few at most) so that calling compare_regularization again
# with the same network does not pay for compiling it again.
_TRAINERS: dict = {}
_MAX_TRAINERS = 12


# Finished runs are remembered too (results are deterministic on one machine): re-running a cell,
# or asking again for a run an earlier cell already did, costs nothing.
_RUNS: dict = {}
_MAX_RUNS = 300


def _fingerprint(data) -> str:
    import hashlib

    digest = hashlib.sha1()
    for array in (data.x_train, data.y_train, data.x_val, data.y_val):
        digest.update(np.ascontiguousarray(array).tobytes())
        digest.update(str(array.shape).encode())
    return digest.hexdigest()


def _run_once(key, params, data, fingerprint, seed, epochs, learning_rate):
    run_key = (key, tuple(sorted(params.items())), fingerprint, seed, epochs, learning_rate)
    result = _RUNS.get(run_key)
    if result is None:
        trainer = _trainer_for(key)
        rows, final = trainer.run(data, params, seed, epochs, learning_rate)
        result = (rows, final, trainer.weights())
        _RUNS[run_key] = result
        while len(_RUNS) > _MAX_RUNS:
            _RUNS.pop(next(iter(_RUNS)))
    return result


def clear_cache() -> None:
    """Forget the runs and compiled training loops :func:`compare_regularization` keeps (``06_regularization.ipynb``)."""
    _RUNS.clear()
    _TRAINERS.clear()


def _trainer_for(key) -> _Trainer:
    trainer = _TRAINERS.pop(key, None)
    if trainer is None:
        trainer = _Trainer(key)
    _TRAINERS[key] = trainer  # most recently used last
    while len(_TRAINERS) > _MAX_TRAINERS:
        _TRAINERS.pop(next(iter(_TRAINERS)))
    return trainer


def compare_regularization(settings, data, *, seeds=(0, 1, 2), epochs: int = 200, hidden=(128, 128),
                           activation="relu", optimizer: str = "adam", learning_rate: float = 0.02,
                           return_models: bool = False):
    """Train the same network under several regularization settings and seeds; tidy results.

    ``settings`` is a name, a list of names (``"none"``, ``"l2"``, ``"l1"``,
    ``"weight_decay"``, ``"dropout"``, ``"early_stopping"``, ``"max_norm"``, ``"combined"``;
    see :data:`SETTINGS`) or a dict ``{label: name or parameters}`` (see
    :func:`resolve_settings`). ``data`` is a :class:`course_utils.DataSplit` (e.g. from
    :func:`make_toy_data`). Every run uses the same MLP (:func:`course_utils.build_mlp` with
    ``hidden``, seeded with ``seed``), the same optimizer and learning rate and the same
    budget of ``epochs`` full-batch steps (one step per epoch on the whole training set, as
    ``model.fit(batch_size=len(x_train), shuffle=False)`` would do); early stopping
    (``patience``) ends a run early and restores the best validation epoch's weights, as
    ``keras.callbacks.EarlyStopping(restore_best_weights=True)`` does.

    Returns one row per (setting, seed, epoch) with columns setting, seed, epoch, loss,
    val_loss (both include the penalty, as Keras reports them), accuracy, val_accuracy,
    data_loss, val_data_loss (cross-entropy without the penalty), gap (accuracy -
    val_accuracy), weight_norm (L2 norm of all kernels) and final (True on the row whose
    weights the run ends with). Unlike ``model.fit``'s running averages, training loss and
    accuracy are measured after each epoch's update in inference mode (dropout off), like
    the validation numbers, so the gap compares like with like. With ``return_models=True``
    returns ``(frame, models)``, ``models[(setting, seed)]`` being the trained model.
    The training loop is compiled once per network shape, dropout rate and constraint
    (``tf.function``; penalty and decay strengths, learning rate and patience are inputs to
    it), which makes 200 epochs on a few hundred points take a fraction of a second; finished
    runs are remembered for the session (:func:`clear_cache` forgets them), so asking again
    for the same run is free. Taught in ``06_regularization.ipynb``.
    """
    from .data import DataSplit

    resolved = resolve_settings(settings)
    if not isinstance(data, DataSplit):
        raise ValueError(f"data must be a DataSplit (from make_toy_data or load_digits_split), got {type(data).__name__}")
    seeds = seed_list(seeds)
    epochs = positive_int(epochs, "epochs")
    learning_rate = positive_number(learning_rate, "learning_rate")
    if not isinstance(return_models, bool):
        raise ValueError(f"return_models must be True or False, got {return_models!r}")

    hidden = tuple(_hidden_widths(hidden))
    activation = _activation_name(activation)
    optimizer = _optimizer_name(optimizer)
    fingerprint = _fingerprint(data)
    frames, models = [], {}
    for label, params in resolved.items():
        key = (data.n_features, data.n_classes, hidden, activation, params["dropout"], params["max_norm"], optimizer)
        for seed in seeds:
            rows, final, weights = _run_once(key, params, data, fingerprint, seed, epochs, learning_rate)
            part = pd.DataFrame(rows.copy(), columns=["loss", "val_loss", "accuracy", "val_accuracy", "data_loss",
                                               "val_data_loss", "weight_norm"]).astype(float)
            part.insert(0, "epoch", np.arange(1, len(part) + 1))
            part.insert(0, "seed", seed)
            part.insert(0, "setting", label)
            part["gap"] = part["accuracy"] - part["val_accuracy"]
            part["final"] = part["epoch"] == final + 1
            frames.append(part[_COLUMNS])
            if return_models:
                models[(label, seed)] = _model_from(key, params, weights)
    frame = pd.concat(frames, ignore_index=True)
    frame["setting"] = pd.Categorical(frame["setting"], categories=list(resolved), ordered=True)
    return (frame, models) if return_models else frame


def _hidden_widths(hidden):
    from .models import _hidden_widths as widths

    return widths(hidden, None, None)


def _activation_name(activation) -> str:
    from .models import resolve_activation

    if not isinstance(activation, str):
        raise ValueError(f"activation must be a Keras activation name such as 'relu', got {activation!r}")
    resolve_activation(activation)
    return activation


def _optimizer_name(optimizer) -> str:
    from .training import OPTIMIZERS

    if not isinstance(optimizer, str) or optimizer.lower() not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {', '.join(map(repr, OPTIMIZERS))}; got {optimizer!r}")
    return optimizer.lower()


def final_results(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`compare_regularization`'s frame whose weights each run ends with.

    For early stopping that is the restored best epoch, not the last epoch trained; the
    column ``epochs_trained`` says how long the run actually went on. Taught in
    ``06_regularization.ipynb``.
    """
    _check_frame(frame)
    trained = frame.groupby(["setting", "seed"], observed=True)["epoch"].max().rename("epochs_trained")
    final = frame[frame["final"]].set_index(["setting", "seed"]).join(trained).reset_index()
    return final


def summarize_runs(frame: pd.DataFrame) -> pd.DataFrame:
    """Mean and spread over seeds, per setting, of the final train-validation gap and accuracies.

    One row per setting (in the order they were run): seeds, train_accuracy, val_accuracy
    (mean), val_accuracy_sd, gap (mean of accuracy - val_accuracy), gap_sd, val_data_loss
    (mean) and epochs (mean epochs trained). ``_sd`` columns are standard deviations over
    seeds (0 with a single seed). Taught in ``06_regularization.ipynb``.
    """
    final = final_results(frame)
    grouped = final.groupby("setting", observed=True, sort=True)
    out = pd.DataFrame({
        "seeds": grouped["seed"].nunique(),
        "train_accuracy": grouped["accuracy"].mean(),
        "val_accuracy": grouped["val_accuracy"].mean(),
        "val_accuracy_sd": grouped["val_accuracy"].std(ddof=0),
        "gap": grouped["gap"].mean(),
        "gap_sd": grouped["gap"].std(ddof=0),
        "val_data_loss": grouped["val_data_loss"].mean(),
        "epochs": grouped["epochs_trained"].mean(),
    })
    return out.reset_index()


def _check_frame(frame) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be the DataFrame from compare_regularization, got {type(frame).__name__}")
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"frame must come from compare_regularization; missing columns {missing}")


def plot_runs(frame: pd.DataFrame, *, y: str = "gap", ax=None, band: bool = True, **kwargs):
    """Mean over seeds of column ``y`` against epoch, one line per setting; returns the Axes.

    With ``band=True`` (and several seeds) a shaded band shows the range over seeds (min to
    max). Runs that stop early (early stopping) count only while they run. Extra keyword
    arguments go to ``Axes.plot``. Taught in ``06_regularization.ipynb``.
    """
    import matplotlib.pyplot as plt

    from .plotting import PALETTE

    _check_frame(frame)
    if y not in frame.columns or y in ("setting", "seed", "final"):
        raise ValueError(f"y must be a numeric column of the frame, e.g. 'gap', 'val_loss'; got {y!r}")
    ax = plt.gca() if ax is None else ax
    for i, (label, part) in enumerate(frame.groupby("setting", observed=True, sort=True)):
        stats = part.groupby("epoch")[y].agg(["mean", "min", "max"])
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(stats.index, stats["mean"], color=colour, label=str(label), **kwargs)
        if band and part["seed"].nunique() > 1:
            ax.fill_between(stats.index, stats["min"], stats["max"], color=colour, alpha=0.15, linewidth=0)
    ax.set_xlabel("epoch (full-batch steps)")
    ax.set_ylabel(y)
    ax.legend()
    return ax
