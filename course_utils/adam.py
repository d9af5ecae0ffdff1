"""What Adam computes, why beta_1 is momentum and not learning-rate decay, and decaying the learning
rate in Keras 3: NumPy Adam next to Keras's, moving averages, ravine paths, Keras 2's ``decay=`` and
:func:`decay_runs` (schedules and callbacks over several seeds, on the fast trainer).
Taught in ``02_adam_beta1_and_learning_rate_decay.ipynb``.
"""

from __future__ import annotations

import copy
import math
import numbers

import numpy as np
import pandas as pd

from ._validate import _plain, boolean, fraction, number_list, positive_int, positive_number, seed_list, steps_list


def _beta(value, name: str) -> float:
    return fraction(value, name)


def _betas(values, name: str = "beta_1s") -> list[float]:
    return number_list(values, name, _beta, what="numbers in [0, 1)", example="(0.5, 0.9, 0.99)")


def _vector(value, name: str) -> np.ndarray:
    try:
        array = np.array(value, dtype=float, ndmin=1)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if array.ndim != 1 or array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be a finite number or a 1-D array of finite numbers, got {value!r}")
    return array


def _array(value, name: str) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers, got {value!r}")
    return array


def _gradient(grad_fn, w: np.ndarray) -> np.ndarray:
    g = grad_fn(w)
    try:
        g = np.asarray(g, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"grad_fn must return the gradient as numbers (one per weight), returned {g!r}") from None
    if g.size != w.size:
        raise ValueError(f"grad_fn must return one gradient per weight ({w.size}), returned shape {g.shape}")
    return g.reshape(w.shape)


_ADAM_OPTIONS = ("learning_rate", "beta_1", "beta_2", "epsilon")


def _finite(value, name: str) -> float:
    value = _plain(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


# --- 1. what Adam computes ---

def adam_step(w, grad, m, v, t: int, *, learning_rate: float = 0.001, beta_1: float = 0.9,
              beta_2: float = 0.999, epsilon: float = 1e-7):
    """One Adam update (Kingma & Ba 2015, Algorithm 1) exactly as ``keras.optimizers.Adam`` does it.

    ``t`` counts steps from 1; ``m`` and ``v`` (the first and second moments) start at
    zeros. Returns ``(w, m, v)`` after the step. Keras adds ``epsilon`` to sqrt(v) before the
    bias correction, which equals the paper's formula with epsilon / sqrt(1 - beta_2^t) in
    place of epsilon. Taught in notebook 02.
    """
    t = positive_int(t, "t")
    learning_rate = positive_number(learning_rate, "learning_rate")
    beta_1, beta_2 = _beta(beta_1, "beta_1"), _beta(beta_2, "beta_2")
    epsilon = positive_number(epsilon, "epsilon", allow_zero=True)
    w, grad, m, v = (_array(a, n) for a, n in ((w, "w"), (grad, "grad"), (m, "m"), (v, "v")))
    if not (w.shape == grad.shape == m.shape == v.shape):
        raise ValueError(f"w, grad, m and v must have the same shape, got {w.shape}, {grad.shape}, {m.shape}, {v.shape}")

    m = beta_1 * m + (1 - beta_1) * grad            # first moment: moving average of gradients (momentum)
    v = beta_2 * v + (1 - beta_2) * grad**2         # second moment: moving average of squared gradients
    m_hat = m / (1 - beta_1**t)                     # bias correction: m and v start at zero
    v_hat = v / (1 - beta_2**t)
    eps_hat = epsilon / np.sqrt(1 - beta_2**t)      # where Keras puts epsilon
    w = w - learning_rate * m_hat / (np.sqrt(v_hat) + eps_hat)
    return w, m, v


def _path_frame(path, extra: dict) -> pd.DataFrame:
    path = np.array(path)
    names = ["w"] if path.shape[1] == 1 else [f"w{i + 1}" for i in range(path.shape[1])]
    return pd.DataFrame(path, columns=names).assign(**extra).rename_axis("step").reset_index()


def adam_path(grad_fn, start, steps: int = 50, **adam_kwargs) -> pd.DataFrame:
    """Run :func:`adam_step` from ``start`` for ``steps`` steps; return the path as a DataFrame.

    ``grad_fn(w)`` returns the gradient at ``w``; ``adam_kwargs`` go to :func:`adam_step`
    (learning_rate, beta_1, ...). Columns: step (0 = start), the coordinates (``w`` in 1-D,
    ``w1, w2, ...`` otherwise) and update (the length of that step's move). Taught in notebook 02.
    """
    if not callable(grad_fn):
        raise ValueError(f"grad_fn must be a function w -> gradient (a NumPy array), got {grad_fn!r}")
    unknown = sorted(set(adam_kwargs) - set(_ADAM_OPTIONS))
    if unknown:
        raise ValueError(f"adam_path: unknown keyword argument(s) {unknown}; Adam's are {', '.join(_ADAM_OPTIONS)}")
    w = _vector(start, "start")
    steps = positive_int(steps, "steps")
    adam_step(w, np.zeros_like(w), np.zeros_like(w), np.zeros_like(w), 1, **adam_kwargs)  # check the options first
    m, v = np.zeros_like(w), np.zeros_like(w)
    path, updates = [w], [0.0]
    for t in range(1, steps + 1):
        new, m, v = adam_step(w, _gradient(grad_fn, w), m, v, t, **adam_kwargs)
        updates.append(float(np.linalg.norm(new - w)))
        w = new
        path.append(w)
    return _path_frame(path, {"update": updates})


def keras_optimizer_path(optimizer, grad_fn, start, steps: int = 50) -> pd.DataFrame:
    """Run a Keras optimizer on a NumPy gradient function, step by step; return the path.

    Each step calls ``optimizer.apply_gradients`` with ``grad_fn(w)`` at the current weights.
    Columns as :func:`adam_path`, plus learning_rate: ``optimizer.learning_rate`` after the
    step (a schedule is evaluated at the new step). Use a fresh optimizer. Taught in notebook 02.
    """
    import keras

    if not isinstance(optimizer, keras.optimizers.Optimizer):
        what = f"the class {optimizer.__name__}: add ()" if isinstance(optimizer, type) else repr(optimizer)
        raise ValueError(f"optimizer must be a Keras optimizer object, e.g. keras.optimizers.Adam(0.01); got {what}")
    if optimizer.built:
        raise ValueError("optimizer has been used already (it holds state for other weights): pass a fresh one, "
                         f"e.g. keras.optimizers.{type(optimizer).__name__}.from_config(optimizer.get_config())")
    if not callable(grad_fn):
        raise ValueError(f"grad_fn must be a function w -> gradient (a NumPy array), got {grad_fn!r}")
    w0 = _vector(start, "start").astype("float32")
    steps = positive_int(steps, "steps")
    variable = keras.Variable(w0, name="w")
    path, updates, rates = [w0.astype(float)], [0.0], [float(optimizer.learning_rate)]
    for _ in range(steps):
        g = _gradient(grad_fn, path[-1]).astype("float32")
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g), variable)])
        path.append(variable.numpy().astype(float))
        updates.append(float(np.linalg.norm(path[-1] - path[-2])))
        rates.append(float(optimizer.learning_rate))  # a schedule: evaluated at the new step
    return _path_frame(path, {"update": updates, "learning_rate": rates})


def ravine_hessian(curvatures=(1.0, 25.0), angle_degrees: float = 30.0) -> np.ndarray:
    """The 2 x 2 Hessian of a tilted ravine ``E(w) = w^T H w / 2``: curvatures (flat, steep), axes rotated.

    Tilted, so no single weight points along the ravine and Adam's per-weight scaling cannot
    undo the elongation. Taught in notebook 02.
    """
    h = _vector(curvatures, "curvatures")
    if h.size != 2 or np.any(h <= 0):
        raise ValueError(f"curvatures must be two positive numbers, got {curvatures!r}")
    a = math.radians(_finite(angle_degrees, "angle_degrees"))
    R = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return R @ np.diag(h) @ R.T


# --- 2. beta_1 is momentum, not decay ---

def memory_steps(beta_1) -> float:
    """How many recent steps an exponential moving average mostly remembers: 1 / (1 - beta_1) (notebook 02).

    The last 1/(1 - beta) values carry 63% to 75% of the weight, 1 - beta^(1/(1-beta)) (about 1 - 1/e
    for beta near 1).
    """
    return 1.0 / (1.0 - _beta(beta_1, "beta_1"))


def ema_of_noisy_gradient(beta_1s=(0.5, 0.9, 0.99), *, steps: int = 300, gradient: float = 1.0, noise: float = 1.0,
                          flip_at: int | None = 150, seed: int = 0) -> pd.DataFrame:
    """Moving averages of a noisy gradient, one per beta_1 (Adam's bias-corrected first moment).

    The true gradient is ``gradient`` and turns to ``-gradient`` after step ``flip_at`` (None:
    never); each observation adds Gaussian noise of std ``noise`` (NumPy, from ``seed``). Tidy
    columns: step (from 1), true_gradient, observed, beta_1, average. Taught in notebook 02.
    """
    from .lr import smooth

    betas = _betas(beta_1s)
    steps = positive_int(steps, "steps", minimum=2)
    gradient, noise = _finite(gradient, "gradient"), positive_number(noise, "noise", allow_zero=True)
    if flip_at is not None and positive_int(flip_at, "flip_at") >= steps:
        raise ValueError(f"flip_at must be below steps ({steps}) or None, got {flip_at}")
    rng = np.random.default_rng(positive_int(seed, "seed", minimum=0))
    step = np.arange(1, steps + 1)
    true = np.where(step > (flip_at or steps), -gradient, gradient)
    observed = true + noise * rng.standard_normal(steps)
    return pd.concat([pd.DataFrame({"step": step, "true_gradient": true, "observed": observed, "beta_1": b,
                                    "average": smooth(observed, b) if b > 0 else observed}) for b in betas],
                     ignore_index=True)


def plot_ema(frame, *, ax=None, **kwargs):
    """Draw :func:`ema_of_noisy_gradient`'s frame (observed, true gradient, one average per beta_1); notebook 02."""
    from .lr import _frame
    from .plotting import PALETTE, _get_ax

    frame = _frame(frame, ["step", "true_gradient", "observed", "beta_1", "average"])
    ax = _get_ax(ax)
    first = frame[frame["beta_1"] == frame["beta_1"].iloc[0]]
    ax.plot(first["step"], first["observed"], ".", color="0.75", ms=3, label="observed gradient")
    ax.plot(first["step"], first["true_gradient"], color="black", lw=1, ls="--", label="true gradient")
    for i, (beta, part) in enumerate(frame.groupby("beta_1", sort=False)):
        ax.plot(part["step"], part["average"], color=PALETTE[(i + 1) % len(PALETTE)], lw=1.8,
                label=f"beta_1={beta:g} (memory ~{memory_steps(beta):.0f} steps)", **kwargs)
    ax.set_xlabel("step")
    ax.set_ylabel("gradient")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))  # outside: the dots fill the box
    return ax


def ravine_paths(beta_1s=(0.0, 0.5, 0.9, 0.99), *, learning_rate: float = 0.1, steps: int = 60,
                 start=(-2.4, -0.9), hessian=None) -> pd.DataFrame:
    """NumPy Adam paths in a tilted ravine, one per beta_1; tidy columns beta_1, step, w1, w2, update, loss, along.

    ``hessian`` defaults to :func:`ravine_hessian`. Only beta_1 differs between the runs, so
    the paths show what it changes: how much the steps remember earlier gradients, not their
    size. ``along``: the position along the ravine's floor (its flat axis), 0 at the minimum,
    negative on the start's side, so ``along > 0`` means past the minimum. Draw the paths with
    ``lr.plot_contour_paths(frame, hessian)``. Taught in notebook 02.
    """
    from .lr import _hessian

    betas = _betas(beta_1s)
    H = ravine_hessian() if hessian is None else _hessian(hessian)
    if _vector(start, "start").size != 2:
        raise ValueError(f"start must be two numbers (w1, w2), got {start!r}")
    learning_rate, steps = positive_number(learning_rate, "learning_rate"), positive_int(steps, "steps")
    flat = np.linalg.eigh(H)[1][:, 0]  # the axis of the smallest curvature: the ravine's floor
    flat = -flat if flat @ _vector(start, "start") > 0 else flat
    frames = []
    for beta in betas:
        path = adam_path(lambda w: H @ w, start, steps, learning_rate=learning_rate, beta_1=beta)
        w = path[["w1", "w2"]].to_numpy()
        frames.append(path.assign(loss=0.5 * np.einsum("ti,ij,tj->t", w, H, w), along=w @ flat, beta_1=beta))
    return pd.concat(frames, ignore_index=True)[["beta_1", "step", "w1", "w2", "update", "loss", "along"]]


# --- 3. decaying the learning rate in Keras 3 ---

def legacy_decay(learning_rate: float, decay: float, steps) -> np.ndarray:
    """What Keras 2's ``decay=`` argument did: ``lr / (1 + decay * t)`` at each optimizer step t in ``steps``.

    ``steps``: a list of steps (``[0, 10, 100]``), or a count n for steps 0..n-1 (as
    :func:`course_utils.schedules.sample_schedule`); a lone float such as 100.0 is refused (100
    steps, or the step 100?). In Keras 3 the same is
    ``keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)``. Taught in notebook 02.
    """
    learning_rate = positive_number(learning_rate, "learning_rate")
    decay = positive_number(decay, "decay", allow_zero=True)
    t = steps_list(steps, "steps")
    return learning_rate / (1.0 + decay * t)


def decay_runs(data, methods: dict, *, epochs: int = 8, batch_size: int = 64, hidden=(32,),
               seeds=(0,)) -> pd.DataFrame:
    """``model.compile`` + ``model.fit`` once per method and seed, in one call; every epoch as a tidy DataFrame.

    ``methods``: name -> ``{"optimizer": ..., "callbacks": [...]}``, the optimizer you would pass
    to ``model.compile`` (a copy is used) and the callbacks you would pass to ``model.fit`` (a fresh
    copy for every run, as a new ``model.fit`` call would get new callbacks). Each
    run is :func:`course_utils.training.fast_fit` with those callbacks (their epoch hooks run as
    in ``model.fit``) on ``data``'s training set, with its validation set. For a seed, every
    method starts from the same weights and sees the same batches. Columns: method, seed, epoch
    (from 1), learning_rate (at the epoch's first step), loss, accuracy, val_loss, val_accuracy.
    Taught in notebook 02.
    """
    import keras

    from .data import _split_arg
    from .models import _hidden_widths, build_mlp
    from .training import _epoch_callbacks, _fit_logs, fast_fit, reset_optimizer

    data = _split_arg(data, need_val=True)
    if not isinstance(methods, dict) or not methods:
        raise ValueError("methods must be a non-empty dict: name -> {'optimizer': ..., 'callbacks': [...]}")
    callbacks_of = {}
    for name, spec in methods.items():
        where = f"methods[{name!r}]"
        if not isinstance(spec, dict) or "optimizer" not in spec or set(spec) - {"optimizer", "callbacks"}:
            raise ValueError(f"{where} must be a dict with an 'optimizer' (a Keras optimizer such as "
                             "keras.optimizers.Adam(learning_rate=0.01)) and optionally 'callbacks' (a list of "
                             f"Keras callbacks), nothing else; got {spec!r}")
        if not isinstance(spec["optimizer"], keras.optimizers.Optimizer):
            what = f"the class {spec['optimizer'].__name__}: add ()" if isinstance(
                spec["optimizer"], type) else repr(spec["optimizer"])
            raise ValueError(f"{where}['optimizer'] must be a Keras optimizer object, e.g. "
                             f"keras.optimizers.Adam(learning_rate=0.01); got {what}")
        callbacks_of[name] = _epoch_callbacks(spec.get("callbacks"), f"{where}['callbacks']", logs=_fit_logs())
    seeds = seed_list(seeds)
    epochs, batch_size = positive_int(epochs, "epochs"), positive_int(batch_size, "batch_size")
    hidden = tuple(_hidden_widths(hidden, None, None))
    models, plan = {}, []
    for name, spec in methods.items():  # one compiled model per optimizer configuration
        optimizer = spec["optimizer"]
        config = {k: v for k, v in optimizer.get_config().items() if k != "name"}
        key = (type(optimizer).__name__, repr(sorted(config.items())))
        if key not in models:
            models[key] = build_mlp(data.n_features, hidden, n_classes=data.n_classes, seed=0)
            models[key].compile(optimizer=type(optimizer).from_config(optimizer.get_config()),
                                loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        start_lr = config["learning_rate"] if isinstance(config["learning_rate"], float) else None
        plan.append((name, models[key], start_lr, callbacks_of[name]))
    parts = []
    for seed in seeds:
        weights = build_mlp(data.n_features, hidden, n_classes=data.n_classes, seed=seed).get_weights()
        for name, model, start_lr, callbacks in plan:
            model.set_weights(weights)
            reset_optimizer(model.optimizer, start_lr)  # step 0, zero moments, the starting learning rate
            frame = fast_fit(model, data.x_train, data.y_train, epochs=epochs, batch_size=batch_size, seed=seed,
                             validation_data=(data.x_val, data.y_val),
                             callbacks=copy.deepcopy(callbacks))  # fresh state per run, as a new callback has
            parts.append(frame.assign(method=name, seed=seed))
    columns = ["method", "seed", "epoch", "learning_rate", "loss", "accuracy", "val_loss", "val_accuracy"]
    return pd.concat(parts, ignore_index=True)[columns]


def plot_decay_runs(frame, y: str = "loss", *, ax=None, logy: bool = True, each_seed: bool = False, **kwargs):
    """Plot :func:`decay_runs`: per method, ``y``'s mean over seeds per epoch and a min-max band; notebook 02.

    ``each_seed=True`` draws every seed's run as a thin step line instead (for the learning
    rate, which is set per epoch: a mean would show rates no run used). Each method has its
    own color, line style and marker, each later one smaller and on top, so equal runs stay visible.
    """
    from .lr import _frame
    from .plotting import PALETTE, _get_ax

    if not isinstance(y, str):
        raise ValueError(f"y must name one column such as 'loss', got {y!r}")
    frame = _frame(frame, ["method", "seed", "epoch", y])
    logy, each_seed = boolean(logy, "logy"), boolean(each_seed, "each_seed")
    ax = _get_ax(ax)
    for i, (name, part) in enumerate(frame.groupby("method", sort=False)):
        style = {"color": PALETTE[i % len(PALETTE)], "ls": ("-", "--", ":", "-.")[i % 4], "zorder": 2 + i,
                 "marker": "osD^v"[i % 5], "ms": 7 - 1.5 * (i % 4), "lw": 2.2 - 0.4 * (i % 4), **kwargs}
        if each_seed:
            for j, (_, run) in enumerate(part.groupby("seed")):
                ax.plot(run["epoch"], run[y], drawstyle="steps-post", label=str(name) if j == 0 else None,
                        **{**style, "lw": 1})
            continue
        stats = part.groupby("epoch")[y].agg(["mean", "min", "max"])
        ax.plot(stats.index, stats["mean"], label=str(name), **style)
        ax.fill_between(stats.index, stats["min"], stats["max"], color=style["color"], alpha=0.15, lw=0)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(y + (" (log scale)" if logy else ""))
    ax.legend(fontsize=8)
    return ax
