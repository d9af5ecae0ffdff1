"""Initialization at depth: a 30-layer ReLU network that stalls with Glorot and trains with He,
and the source notes' initializer list as a grid experiment.

Taught in ``05_initialization_at_depth.ipynb``. Every run draws fresh weights into a compiled model
(:func:`reinitialize`) and trains it with :func:`course_utils.training.fast_fit`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import initialization as ini
from ._validate import _keras_kind, boolean, optional_seed, positive_int, positive_number, seed_list
from ._validate import learning_rate as _rate


def reinitialize(model, kernel_initializer, *, seed: int | None = 0) -> None:
    """Draw fresh weights into a model in place, and put its optimizer back to step 0.

    Every Dense layer ``i`` (1, 2, ..., the output layer last, with the same initializer) gets a
    kernel from ``kernel_initializer`` seeded ``seed + i`` and zero biases, like
    ``model.set_weights(fresh.get_weights())`` from ``course_utils.build_mlp(...,
    kernel_initializer=..., seed=seed)``. The optimizer's step count and moment estimates go back
    to zero (:func:`course_utils.reset_optimizer`). Re-using one compiled model this way saves
    tracing a new training step for every run. Taught in ``05_initialization_at_depth.ipynb``.
    """
    from .models import _fixed_seed
    from .training import reset_optimizer

    seed = optional_seed(seed)
    ini.make_initializer(kernel_initializer)  # validate before touching the model
    if seed is None and _fixed_seed(kernel_initializer) is not None:
        raise ValueError(f"kernel_initializer is a {type(kernel_initializer).__name__} object with a fixed seed and "
                         "seed=None: every layer of the same shape would get identical weights; pass seed=0 (layer i "
                         "is then seeded seed + i) or a name such as 'he_normal'")
    layers = ini.dense_layers(model)
    for i, layer in enumerate(layers, start=1):
        init = ini.make_initializer(kernel_initializer, seed=None if seed is None else seed + i)
        layer.kernel.assign(init(tuple(layer.kernel.shape), dtype=layer.kernel.dtype))
        if layer.use_bias:
            layer.bias.assign(np.zeros(tuple(layer.bias.shape), dtype=layer.bias.dtype))
    if getattr(model, "optimizer", None) is not None:
        reset_optimizer(model.optimizer)


def _inits_and_data(initializers, data, model=None, need_val=False):
    from .data import _split_arg, load_digits_split

    inits = list(initializers) if isinstance(initializers, (list, tuple)) else [initializers]
    if not inits:
        raise ValueError("initializers must list at least one initializer, e.g. ('glorot_uniform', 'he_uniform')")
    for i, init in enumerate(inits):
        ini.make_initializer(init, name=f"initializers[{i}]" if isinstance(initializers, (list, tuple)) else
                             "initializers")
    data = _split_arg(load_digits_split(seed=0) if data is None else data, model=model, need_val=need_val)
    return inits, data


def depth_experiment(model, *, initializers=("glorot_uniform", "he_uniform"), seeds=(0, 1, 2), epochs: int = 10,
                     batch_size: int = 64, learning_rate: float | None = None, data=None) -> pd.DataFrame:
    """Train one compiled Keras model from fresh weights for every initializer and seed; tidy curves.

    ``model`` is yours, built and compiled in Keras (e.g. 30 ``Dense(64, activation="relu")``
    layers and ``model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.003, momentum=0.9),
    loss="sparse_categorical_crossentropy")``). Each run does what a fresh
    ``Dense(..., kernel_initializer=name)`` model and ``model.fit(x, y, epochs=epochs,
    batch_size=batch_size)`` would: :func:`reinitialize` draws the weights (layer ``i`` seeded
    ``seed + i``, the output layer included) and resets the optimizer,
    :func:`course_utils.training.fast_fit` trains on the digits' training set. The model is
    traced once, however many runs. ``learning_rate`` replaces the optimizer's constant rate for
    these runs (restored afterwards). Returns one row per epoch: depth (hidden Dense layers),
    optimizer, learning_rate, batch_size, initializer, seed, epoch, loss, accuracy (training set,
    averaged over the epoch as Keras reports it); ``frame.attrs``: chance_loss (ln of the number
    of classes) and optimizer_config (``model.optimizer.get_config()``, momentum included).
    Taught in ``05_initialization_at_depth.ipynb``.
    """
    from .training import _check_compiled_classifier, current_learning_rate, fast_fit, reset_optimizer

    _check_compiled_classifier(model)
    outputs = ini.dense_layers(model)[-1].units
    inits, data = _inits_and_data(initializers, data, model=model)
    if data.n_classes > outputs:
        raise ValueError(f"data has {data.n_classes} classes but model has {outputs} outputs: give the output layer "
                         f"{data.n_classes} units")
    seeds, epochs, batch_size = seed_list(seeds), positive_int(epochs, "epochs"), positive_int(batch_size, "batch_size")
    optimizer = model.optimizer
    if learning_rate is not None and _keras_kind(getattr(optimizer, "_learning_rate", None), "LearningRateSchedule"):
        raise ValueError("learning_rate must be None when the model's optimizer has a schedule (the schedule sets "
                         "the rate); compile the model with a constant rate to override it here")
    original = float(f"{current_learning_rate(optimizer):.6g}")  # the float32 variable, as it was written
    rate = original if learning_rate is None else _rate(learning_rate, schedules=False)
    frames = []
    try:
        for init in inits:
            for seed in seeds:
                reinitialize(model, init, seed=seed)
                if learning_rate is not None:
                    reset_optimizer(optimizer, rate)
                hist = fast_fit(model, data.x_train, data.y_train, epochs=epochs, batch_size=batch_size, seed=seed)
                frames.append(hist[["epoch", "loss", "accuracy"]].assign(initializer=ini.setting_label(init), seed=seed))
    finally:
        if learning_rate is not None:
            reset_optimizer(optimizer, original)
    out = pd.concat(frames, ignore_index=True).assign(depth=len(ini.dense_layers(model)) - 1,
                                                      optimizer=type(optimizer).__name__, learning_rate=rate,
                                                      batch_size=batch_size)
    out = out[["depth", "optimizer", "learning_rate", "batch_size", "initializer", "seed", "epoch", "loss", "accuracy"]]
    out.attrs.update(chance_loss=math.log(data.n_classes), optimizer_config=optimizer.get_config())
    return out


def initializer_grid(optimizer, initializers=ini.NOTES_INITIALIZERS, activations=("relu", "sigmoid"), *, seeds=(0,),
                     depth: int = 3, width: int = 64, epochs: int = 10, batch_size: int = 64, use_bias: bool = True,
                     data=None) -> pd.DataFrame:
    """Train the same MLP with every initializer and activation; one row per run, final numbers.

    The source notes' experiment: each name in ``initializers`` (default the notes' eight)
    for each activation, on digits; by default 3 hidden layers of 64 units, batch 64, 10 epochs.
    ``optimizer`` is a Keras optimizer, e.g. ``keras.optimizers.SGD(learning_rate=0.05,
    momentum=0.9)``: each activation's model is compiled once with a fresh copy of it
    (``from_config(get_config())``), re-drawn per run with :func:`reinitialize` and trained with
    ``fast_fit``. Columns: activation, initializer, seed, loss, accuracy (last training epoch),
    val_loss, val_accuracy (validation set after training), diverged. Taught in
    ``05_initialization_at_depth.ipynb``.
    """
    import keras

    from .models import build_mlp, resolve_activation
    from .training import fast_fit

    if not isinstance(optimizer, keras.optimizers.Optimizer):
        what = f"the class {optimizer.__name__}: add ()" if isinstance(optimizer, type) else repr(optimizer)
        raise ValueError("optimizer must be a Keras optimizer object, e.g. keras.optimizers.SGD(learning_rate=0.05, "
                         f"momentum=0.9); got {what}")
    inits, data = _inits_and_data(initializers, data, need_val=True)
    activations = [activations] if isinstance(activations, str) or callable(activations) else list(activations)
    if not activations:
        raise ValueError("activations must list at least one activation, e.g. ('relu', 'sigmoid')")
    for i, act in enumerate(activations):
        resolve_activation(act, f"activations[{i}]")
    seeds, epochs, depth = seed_list(seeds), positive_int(epochs, "epochs"), positive_int(depth, "depth")
    use_bias = boolean(use_bias, "use_bias")
    width, batch_size = positive_int(width, "width"), positive_int(batch_size, "batch_size")
    rows = []
    for act in activations:
        model = build_mlp(data.n_features, depth=depth, width=width, activation=act, n_classes=data.n_classes,
                          use_bias=use_bias, seed=0)
        model.compile(optimizer=type(optimizer).from_config(optimizer.get_config()),
                      loss="sparse_categorical_crossentropy")
        for init in inits:
            for seed in seeds:
                reinitialize(model, init, seed=seed)
                hist = fast_fit(model, data.x_train, data.y_train, epochs=epochs, batch_size=batch_size, seed=seed,
                                validation_data=(data.x_val, data.y_val))
                last = hist.iloc[-1][["loss", "accuracy", "val_loss", "val_accuracy"]].astype(float).to_dict()
                name = act if isinstance(act, str) else getattr(act, "__name__", type(act).__name__)
                rows.append({"activation": name, "initializer": ini.setting_label(init), "seed": seed, **last,
                             "diverged": hist.attrs["diverged"]})
    out = pd.DataFrame(rows)
    out.attrs["chance_loss"] = math.log(data.n_classes)
    return out


def _require(frame, columns, what):
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{what} must be a DataFrame, got {type(frame).__name__}")
    if frame.empty:
        raise ValueError(f"{what} is empty: nothing to plot")
    for col, name in columns:
        if not isinstance(col, str) or col not in frame.columns:
            raise ValueError(f"{name} must be a column of {what}, got {col!r}; available: {list(frame.columns)}")


def plot_loss_curves(runs, *, y: str = "loss", hue: str = "initializer", ax=None, chance_loss: float | None = None,
                     title: str | None = None, **kwargs):
    """Training curves from :func:`depth_experiment`: one thin line per run, coloured by ``hue``.

    A dotted line marks ``chance_loss`` (default ``runs.attrs['chance_loss']``, ln of the number of
    classes): where a network that has learned nothing sits. Returns the Axes. Taught in
    ``05_initialization_at_depth.ipynb``.
    """
    from .plotting import PALETTE, _get_ax

    _require(runs, ((y, "y"), (hue, "hue"), ("epoch", "epoch")), "runs")
    ax = _get_ax(ax)
    unit_cols = [c for c in ("depth", "optimizer", "learning_rate", "batch_size", "seed") if c in runs.columns and c != hue]
    for i, (key, part) in enumerate(runs.groupby(hue, sort=False)):
        groups = part.groupby(unit_cols, sort=True) if unit_cols else [(None, part)]
        for j, (_, run) in enumerate(groups):
            ax.plot(run["epoch"], run[y], color=PALETTE[i % len(PALETTE)], alpha=0.8, linewidth=1.3,
                    label=str(key) if j == 0 else None, **kwargs)
    chance = runs.attrs.get("chance_loss") if chance_loss is None else positive_number(chance_loss, "chance_loss")
    if chance is not None and y == "loss":
        ax.axhline(chance, color="grey", linestyle=":", linewidth=1.2, label=f"chance loss {chance:.3f}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"training {y}")
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def plot_heatmap(grid, *, value: str = "val_accuracy", index: str = "initializer", columns: str = "activation",
                 ax=None, fmt: str = ".2f", title: str | None = None, **kwargs):
    """A heatmap of ``value`` (mean over seeds) for each ``index`` x ``columns`` pair of
    :func:`initializer_grid`'s frame, rows in order of appearance, every cell labelled; keyword
    arguments go to ``Axes.imshow``. Returns the Axes. Taught in ``05_initialization_at_depth.ipynb``.
    """
    from .plotting import _get_ax

    _require(grid, ((value, "value"), (index, "index"), (columns, "columns")), "grid")
    if not pd.api.types.is_numeric_dtype(grid[value]):
        raise ValueError(f"value must name a column of numbers, got {value!r} ({grid[value].dtype})")
    try:
        format(0.5, fmt)
    except (TypeError, ValueError):
        raise ValueError(f"fmt must be a number format such as '.2f' or '.0%', got {fmt!r}") from None
    table = grid.pivot_table(index=index, columns=columns, values=value, aggfunc="mean", sort=False)
    values = table.to_numpy(dtype=float)
    ax = _get_ax(ax)
    options = {"cmap": "viridis", "vmin": 0.0, "vmax": 1.0 if "acc" in value else float(np.nanmax(values)),
               "aspect": "auto", **kwargs}
    image = ax.imshow(values, **options)
    middle = (options["vmin"] + options["vmax"]) / 2
    for (row, col), v in np.ndenumerate(values):
        ax.text(col, row, format(v, fmt), ha="center", va="center", color="black" if v > middle else "white")
    ax.set_xticks(range(len(table.columns)), [str(c) for c in table.columns])
    ax.set_yticks(range(len(table.index)), [str(i) for i in table.index])
    n_seeds = grid["seed"].nunique() if "seed" in grid.columns else 1
    label = value.replace("val_", "validation ").replace("_", " ")
    ax.figure.colorbar(image, ax=ax, label=f"{label} (mean of {n_seeds} seeds)" if n_seeds > 1 else label)
    ax.grid(False)
    ax.set_xlabel(columns)
    ax.set_ylabel(index)
    if title:
        ax.set_title(title)
    return ax
