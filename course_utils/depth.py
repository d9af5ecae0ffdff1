"""Initialization at depth: a 30-layer ReLU network that stalls with Glorot and trains with He,
and the source notes' initializer list as a grid experiment.

Taught in ``05_initialization_at_depth.ipynb``. Models come from :func:`course_utils.build_mlp`;
initializers from :func:`course_utils.initialization.make_initializer`.
"""

from __future__ import annotations

import contextlib
import logging
import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ._validate import optional_seed, positive_int, positive_number, seed_list
from .initialization import (
    NOTES_INITIALIZERS,
    _activation_name,
    _check_x,
    _name_list,
    dense_layers,
    make_initializer,
    setting_label,
)


def reinitialize(model, kernel_initializer, *, seed: int | None = 0) -> None:
    """Draw fresh weights into a model in place, and reset its optimizer's state.

    Dense layer ``i`` (1, 2, ..., output last) gets a kernel from ``kernel_initializer``
    seeded ``seed + i`` and zero biases: exactly the weights
    ``course_utils.build_mlp(..., kernel_initializer=..., seed=seed)`` would build. The
    optimizer's step count and moment estimates go back to zero. Re-using one compiled model
    this way saves TensorFlow from tracing a new training step for every run. Taught in
    ``05_initialization_at_depth.ipynb``.
    """
    seed = optional_seed(seed)
    make_initializer(kernel_initializer)  # validate before touching the model
    for i, layer in enumerate(dense_layers(model), start=1):
        init = make_initializer(kernel_initializer, seed=None if seed is None else seed + i)
        layer.kernel.assign(init(tuple(layer.kernel.shape), dtype=layer.kernel.dtype))
        if layer.use_bias:
            layer.bias.assign(np.zeros(tuple(layer.bias.shape), dtype=layer.bias.dtype))
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(optimizer, "built", False):
        lr_var = getattr(optimizer, "_learning_rate", None)
        for var in optimizer.variables:
            if var is lr_var or var.path.endswith("learning_rate"):
                continue
            var.assign(np.zeros(tuple(var.shape), dtype=var.dtype))


DEFAULT_LEARNING_RATES = {"sgd": 0.01, "momentum": 0.003, "nesterov": 0.003, "adam": 1e-3, "adamw": 1e-3,
                          "rmsprop": 1e-3, "adagrad": 1e-2, "nadam": 1e-3}
ENGINES = ("lean", "fit")


@contextlib.contextmanager
def _quiet_tf_logger():
    """Silence TensorFlow's Python logger inside the block (restored afterwards).

    Every lean trainer compiles its own epoch function; TensorFlow counts those compilations
    together and logs a "retracing" warning into the notebook's stderr after five.
    """
    tf_logger = logging.getLogger("tensorflow")
    level = tf_logger.level
    tf_logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        tf_logger.setLevel(level)


def lean_trainer(model, *, batch_size: int = 64):
    """A compiled training loop for ``model`` (already compiled): ``train(x, y, epochs, seed)``.

    The same maths as ``model.fit``: mini-batches of ``batch_size`` in a fresh shuffled order
    each epoch, the model's Keras optimizer, sparse categorical cross-entropy (plus any
    regularization losses), and per epoch the sample-weighted mean loss and accuracy. One
    epoch runs as a single TensorFlow graph call, which makes a run about five times faster
    than ``model.fit`` on these tiny networks, where fit's per-step bookkeeping costs more than
    the maths. The returned function gives a DataFrame with columns epoch, loss, accuracy;
    ``frame.attrs['diverged']`` is True if the loss became NaN or infinite (training stops
    there), as in :func:`course_utils.fit_history`. ``seed=None`` keeps the data order
    (like ``shuffle=False``). Taught in ``05_initialization_at_depth.ipynb``.
    """
    import keras
    import tensorflow as tf

    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a keras.Model, got {type(model).__name__}")
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not getattr(model, "compiled", False):
        raise ValueError("model must be compiled first, e.g. course_utils.compile_classifier(model, 'momentum', 0.005)")
    batch_size = positive_int(batch_size, "batch_size")
    variables = model.trainable_variables
    optimizer.build(variables)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()

    def step(xb, yb):
        with tf.GradientTape() as tape:
            probs = model(xb, training=True)
            loss = loss_fn(yb, probs)
            if model.losses:
                loss = loss + tf.add_n(model.losses)
        grads = tape.gradient(loss, variables)
        optimizer.apply(grads, variables)
        correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(probs, axis=1, output_type=yb.dtype), yb), tf.float32))
        return loss, correct

    # autograph would rewrite all of Keras's Python code inside the loop (slow to trace)
    plain_step = tf.autograph.experimental.do_not_convert(step)

    @tf.function
    def epoch_fn(x, y, order):
        n = tf.shape(order)[0]
        total_loss = tf.constant(0.0)
        total_correct = tf.constant(0.0)
        for i in tf.range((n + batch_size - 1) // batch_size):
            idx = order[i * batch_size:(i + 1) * batch_size]
            loss, correct = plain_step(tf.gather(x, idx), tf.gather(y, idx))
            total_loss += loss * tf.cast(tf.shape(idx)[0], tf.float32)
            total_correct += correct
        n_float = tf.cast(n, tf.float32)
        return total_loss / n_float, total_correct / n_float

    def train(x, y, *, epochs: int = 10, seed: int | None = 0) -> pd.DataFrame:
        x_arr = _check_x(x, model)
        y_arr = np.asarray(y)
        if y_arr.ndim != 1 or len(y_arr) != len(x_arr) or not np.issubdtype(y_arr.dtype, np.integer):
            raise ValueError(f"y must be a 1-D array of integer class labels, one per row of x; got shape {y_arr.shape}")
        epochs_ = positive_int(epochs, "epochs")
        seed_ = optional_seed(seed)
        x_t = tf.constant(x_arr)
        y_t = tf.constant(y_arr.astype(np.int64))
        rng = None if seed_ is None else np.random.default_rng(seed_)
        if seed_ is not None:
            keras.utils.set_random_seed(seed_)  # dropout and other random layers
        rows = []
        diverged = False
        for epoch in range(1, epochs_ + 1):
            order = np.arange(len(x_arr)) if rng is None else rng.permutation(len(x_arr))
            with _quiet_tf_logger():  # each trainer traces once; TF would warn about "retracing"
                loss, acc = epoch_fn(x_t, y_t, tf.constant(order))
            rows.append({"epoch": epoch, "loss": float(loss), "accuracy": float(acc)})
            if not np.isfinite(rows[-1]["loss"]):
                diverged = True
                break
        frame = pd.DataFrame(rows, columns=["epoch", "loss", "accuracy"])
        frame.attrs["diverged"] = diverged
        return frame

    return train


def _data_arrays(data, train_size):
    from .data import DataSplit, load_digits_split

    if data is None:
        data = load_digits_split(seed=0)
    if not isinstance(data, DataSplit):
        raise ValueError(f"data must be a DataSplit from course_utils.load_digits_split, got {type(data).__name__}")
    x, y = data.x_train, data.y_train
    if train_size is not None:
        train_size = positive_int(train_size, "train_size", minimum=10)
        x, y = x[:train_size], y[:train_size]
    return data, x, y


def _seeds(seeds) -> list[int]:
    return seed_list(seeds)


def _optimizer_lrs(optimizers, learning_rates):
    from ._validate import one_of
    from .training import OPTIMIZERS

    if isinstance(optimizers, str):
        optimizers = [optimizers]
    optimizers = [one_of(o, "optimizers", OPTIMIZERS) for o in optimizers]
    if not optimizers:
        raise ValueError("optimizers must name at least one optimizer, e.g. ('momentum', 'adam')")
    if learning_rates is None:
        learning_rates = {}
    elif isinstance(learning_rates, numbers.Real):
        learning_rates = {o: learning_rates for o in optimizers}
    if not isinstance(learning_rates, Mapping):
        raise ValueError("learning_rates must be None, a number or a dict {optimizer: rate}")
    return [(o, positive_number(learning_rates.get(o, DEFAULT_LEARNING_RATES[o]), "learning_rates"))
            for o in optimizers]


class _Runner:
    """One compiled model, re-drawn and trained once per (initializer, seed)."""

    def __init__(self, *, n_inputs, n_classes, depth, width, activation, optimizer, learning_rate, use_bias,
                 batch_size, engine):
        from .models import build_mlp
        from .training import compile_classifier

        self.model = build_mlp(n_inputs, depth=depth, width=width, activation=activation, n_classes=n_classes,
                               use_bias=use_bias, seed=0, name="mlp")
        compile_classifier(self.model, optimizer, learning_rate)
        self.batch_size = batch_size
        self.engine = engine
        self._train = lean_trainer(self.model, batch_size=batch_size) if engine == "lean" else None

    def run(self, initializer, seed, x, y, epochs) -> pd.DataFrame:
        from .training import fit_history

        reinitialize(self.model, initializer, seed=seed)
        if self.engine == "lean":
            return self._train(x, y, epochs=epochs, seed=seed)
        hist = fit_history(self.model, (x, y), epochs=epochs, batch_size=self.batch_size, seed=seed)
        diverged = hist.attrs.get("diverged", False)
        hist = hist[["epoch", "loss", "accuracy"]].copy()
        hist.attrs["diverged"] = diverged
        return hist


def _common_checks(initializers, activations, seeds, epochs, width, batch_size, engine, activation_name):
    from ._validate import one_of
    from .models import resolve_activation

    inits = _name_list(initializers, "initializers")
    for init in inits:
        make_initializer(init, name="initializers")
    if isinstance(activations, str) or callable(activations):
        activations = [activations]
    activations = list(activations)
    if not activations:
        raise ValueError("activations must list at least one activation, e.g. ('relu', 'sigmoid')")
    for act in activations:
        resolve_activation(act, activation_name)
    return (inits, activations, _seeds(seeds), positive_int(epochs, "epochs"), positive_int(width, "width"),
            positive_int(batch_size, "batch_size"), one_of(engine, "engine", ENGINES))


def depth_experiment(*, depths=(10, 30), initializers=("glorot_uniform", "he_uniform"), optimizers=("momentum",),
                     learning_rates=None, seeds=(0, 1, 2), epochs: int = 10, width: int = 64,
                     batch_size: int = 64, activation="relu", use_bias: bool = False, data=None,
                     train_size: int | None = None, engine: str = "lean") -> pd.DataFrame:
    """Train deep MLPs on digits with each initializer, depth, optimizer and seed; tidy curves.

    One model is built and compiled per (depth, optimizer) and re-drawn with
    :func:`reinitialize` for every (initializer, seed), so each run starts from exactly the
    weights ``build_mlp(..., seed=seed)`` gives. Learning rates default to
    ``DEFAULT_LEARNING_RATES`` (momentum: SGD(0.003, momentum=0.9); Adam: 0.001).
    ``engine='lean'`` trains with :func:`lean_trainer` (fast); ``engine='fit'`` with
    :func:`course_utils.fit_history` (the same maths, slower). ``train_size`` keeps the
    first training images only. Returns one row per epoch: depth, optimizer, learning_rate,
    initializer, seed, epoch, loss, accuracy (training set, averaged over the epoch as Keras
    reports it); ``frame.attrs['chance_loss']`` is ln(n_classes). Taught in
    ``05_initialization_at_depth.ipynb``.
    """
    if isinstance(depths, numbers.Integral) and not isinstance(depths, bool):
        depths = [depths]
    if not isinstance(depths, Sequence) or not depths:
        raise ValueError(f"depths must list at least one depth (number of hidden layers), e.g. (10, 30); got {depths!r}")
    depths = [positive_int(d, "depths") for d in depths]
    inits, (act,), seeds, epochs, width, batch_size, engine = _common_checks(
        initializers, [activation], seeds, epochs, width, batch_size, engine, "activation")
    opt_lrs = _optimizer_lrs(optimizers, learning_rates)
    data, x, y = _data_arrays(data, train_size)
    frames = []
    for depth in depths:
        for opt, lr in opt_lrs:
            runner = _Runner(n_inputs=x.shape[1], n_classes=data.n_classes, depth=depth, width=width, activation=act,
                             optimizer=opt, learning_rate=lr, use_bias=use_bias, batch_size=batch_size, engine=engine)
            for init in inits:
                for seed in seeds:
                    hist = runner.run(init, seed, x, y, epochs)
                    for col, val in (("seed", seed), ("initializer", setting_label(init)),
                                     ("learning_rate", lr), ("optimizer", opt), ("depth", depth)):
                        hist.insert(0, col, val)
                    frames.append(hist)
    out = pd.concat(frames, ignore_index=True)
    out.attrs["chance_loss"] = math.log(data.n_classes)
    return out


def initializer_grid(initializers=NOTES_INITIALIZERS, activations=("relu", "sigmoid"), *, seeds=(0,),
                     depth: int = 3, width: int = 64, epochs: int = 10, optimizer: str = "momentum",
                     learning_rate: float | None = 0.05, batch_size: int = 64, use_bias: bool = True, data=None,
                     train_size: int | None = None, engine: str = "lean") -> pd.DataFrame:
    """Train the same MLP with every initializer and activation; one row per run, final numbers.

    The source notes' experiment: each name in ``initializers`` (default the notes' eight)
    for each activation, on digits; by default 3 hidden layers of 64 units trained with
    SGD(0.05, momentum=0.9) for 10 epochs (``learning_rate=None`` takes the optimizer's
    entry in ``DEFAULT_LEARNING_RATES``). One model is compiled per activation and re-drawn
    per run (see :func:`reinitialize`); ``engine`` as in :func:`depth_experiment`. Columns:
    activation, initializer, seed, loss, accuracy (last training epoch), val_loss,
    val_accuracy (validation set after training), diverged. Taught in
    ``05_initialization_at_depth.ipynb``.
    """
    inits, activations, seeds, epochs, width, batch_size, engine = _common_checks(
        initializers, activations, seeds, epochs, width, batch_size, engine, "activations")
    [(optimizer, lr)] = _optimizer_lrs([optimizer], None if learning_rate is None else {optimizer: learning_rate})
    depth = positive_int(depth, "depth")
    data, x, y = _data_arrays(data, train_size)
    rows = []
    for act in activations:
        runner = _Runner(n_inputs=x.shape[1], n_classes=data.n_classes, depth=depth, width=width, activation=act,
                         optimizer=optimizer, learning_rate=lr, use_bias=use_bias, batch_size=batch_size,
                         engine=engine)
        for init in inits:
            for seed in seeds:
                hist = runner.run(init, seed, x, y, epochs)
                probs = np.asarray(runner.model(data.x_val, training=False), dtype=np.float64)
                picked = np.clip(probs[np.arange(len(data.y_val)), data.y_val], 1e-7, 1.0)
                last = hist.iloc[-1]
                rows.append({"activation": act if isinstance(act, str) else _activation_name(act),
                             "initializer": setting_label(init), "seed": seed, "loss": float(last["loss"]),
                             "accuracy": float(last["accuracy"]), "val_loss": float(-np.mean(np.log(picked))),
                             "val_accuracy": float(np.mean(probs.argmax(axis=1) == data.y_val)),
                             "diverged": bool(hist.attrs.get("diverged", False))})
    out = pd.DataFrame(rows)
    out.attrs["chance_loss"] = math.log(data.n_classes)
    return out


# --------------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------------

def plot_loss_curves(runs, *, y: str = "loss", hue: str = "initializer", ax=None, chance_loss: float | None = None,
                     title: str | None = None, **kwargs):
    """Training curves from :func:`depth_experiment`: one thin line per seed, coloured by ``hue``.

    A dotted line marks ``chance_loss`` (default ``runs.attrs['chance_loss']``, ln 10 on
    digits): a network that has learned nothing sits there. Returns the Axes. Taught in
    ``05_initialization_at_depth.ipynb``.
    """
    from .plotting import PALETTE, _get_ax

    if not isinstance(runs, pd.DataFrame):
        raise ValueError(f"runs must be a DataFrame from depth_experiment, got {type(runs).__name__}")
    for col, name in ((y, "y"), (hue, "hue"), ("epoch", "epoch")):
        if col not in runs.columns:
            raise ValueError(f"{name} must be a column of runs, got {col!r}; available: {list(runs.columns)}")
    ax = _get_ax(ax)
    unit_cols = [c for c in ("depth", "optimizer", "seed") if c in runs.columns and c != hue]
    for i, (key, part) in enumerate(runs.groupby(hue, sort=False)):
        color = PALETTE[i % len(PALETTE)]
        groups = part.groupby(unit_cols, sort=True) if unit_cols else [(None, part)]
        for j, (_, run) in enumerate(groups):
            ax.plot(run["epoch"], run[y], color=color, alpha=0.8, linewidth=1.3,
                    label=str(key) if j == 0 else None, **kwargs)
    chance = runs.attrs.get("chance_loss") if chance_loss is None else chance_loss
    if chance is not None and y == "loss":
        ax.axhline(chance, color="grey", linestyle=":", linewidth=1.2, label=f"chance: ln 10 = {chance:.3f}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"training {y}")
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def plot_heatmap(grid, *, value: str = "val_accuracy", index: str = "initializer", columns: str = "activation",
                 ax=None, fmt: str = ".2f", title: str | None = None, **kwargs):
    """A seaborn heatmap of ``value`` (mean over seeds) for each ``index`` x ``columns`` pair.

    Made for :func:`initializer_grid`'s frame; rows keep the order in which they appear.
    Extra keyword arguments go to ``seaborn.heatmap``. Returns the Axes. Taught in
    ``05_initialization_at_depth.ipynb``.
    """
    import seaborn as sns

    from .plotting import _get_ax

    if not isinstance(grid, pd.DataFrame):
        raise ValueError(f"grid must be a DataFrame from initializer_grid, got {type(grid).__name__}")
    for col, name in ((value, "value"), (index, "index"), (columns, "columns")):
        if col not in grid.columns:
            raise ValueError(f"{name} must be a column of grid, got {col!r}; available: {list(grid.columns)}")
    table = grid.pivot_table(index=index, columns=columns, values=value, aggfunc="mean", sort=False)
    ax = _get_ax(ax)
    options = {"annot": True, "fmt": fmt, "cmap": "viridis", "vmin": 0.0, "vmax": 1.0 if "acc" in value else None,
               "cbar_kws": {"label": f"{value} (mean over seeds)"}, "linewidths": 0.5}
    options.update(kwargs)
    sns.heatmap(table, ax=ax, **options)
    ax.grid(False)
    ax.set_xlabel(columns)
    ax.set_ylabel(index)
    if title:
        ax.set_title(title)
    return ax
