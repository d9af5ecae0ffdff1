"""What Adam computes, why beta_1 is momentum and not learning-rate decay, and how to decay
the learning rate in Keras 3.

Taught in ``02_adam_beta1_and_learning_rate_decay.ipynb``.

* :func:`adam_step` is Adam's update in a few lines of NumPy; :func:`adam_path` and
  :func:`keras_optimizer_path` run it and ``keras.optimizers.Adam`` on the same problem.
* :func:`ema_of_noisy_gradient` shows what beta_1 does: it averages the gradient over about
  1 / (1 - beta_1) steps. :func:`adam_constant_gradient` shows what it does not do: with a
  constant gradient every step equals the learning rate, and the learning rate never changes.
* :func:`ravine_paths` and :func:`beta_1_sweep` sweep beta_1 on a 2-D ravine and on digits.
* :func:`legacy_decay_schedule`, :func:`epochs_to_steps`, :func:`decay_runs` and
  :func:`migration_table` cover decaying the learning rate the Keras 3 way.
"""

from __future__ import annotations

import contextlib
import io
import math
import numbers
from collections.abc import Callable

import numpy as np
import pandas as pd

from ._validate import fraction, number_list, positive_int, positive_number
from .training import epochs_to_steps, steps_per_epoch  # noqa: F401 - re-exported for notebook 02

# --------------------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------------------


def _beta(value, name: str) -> float:
    if isinstance(value, np.generic):
        value = value.item()
    return fraction(value, name)


def _betas(values, name: str = "beta_1s") -> list[float]:
    return number_list(values, name, _beta, what="numbers in [0, 1)", example="(0.5, 0.9, 0.99)")


def _lr(value, name: str = "learning_rate") -> float:
    if isinstance(value, np.generic):
        value = value.item()
    return positive_number(value, name)


def _vector(value, name: str) -> np.ndarray:
    try:
        array = np.array(value, dtype=float, ndmin=1)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if array.ndim != 1 or array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be a finite number or a 1-D array of finite numbers, got {value!r}")
    return array


def _grad_fn(grad_fn) -> Callable:
    if not callable(grad_fn):
        raise ValueError(f"grad_fn must be a function w -> gradient (a NumPy array), got {grad_fn!r}")
    return grad_fn


# --------------------------------------------------------------------------------------
# 1. what Adam computes
# --------------------------------------------------------------------------------------

def adam_step(w, grad, m, v, t: int, *, learning_rate: float = 0.001, beta_1: float = 0.9,
              beta_2: float = 0.999, epsilon: float = 1e-7):
    """One Adam update (Kingma & Ba 2015, Algorithm 1) exactly as ``keras.optimizers.Adam`` does it.

    ``t`` counts steps from 1; ``m`` and ``v`` (the first and second moments) start at
    zeros. Returns ``(w, m, v)`` after the step. Keras adds ``epsilon`` to sqrt(v) before the
    bias correction, which equals the paper's formula with epsilon / sqrt(1 - beta_2^t) in
    place of epsilon. Taught in notebook 02.
    """
    t = positive_int(t, "t")
    learning_rate = _lr(learning_rate)
    beta_1 = _beta(beta_1, "beta_1")
    beta_2 = _beta(beta_2, "beta_2")
    epsilon = positive_number(epsilon, "epsilon", allow_zero=True)
    w, grad, m, v = (np.asarray(a, dtype=float) for a in (w, grad, m, v))
    if not (w.shape == grad.shape == m.shape == v.shape):
        raise ValueError(f"w, grad, m and v must have the same shape, got {w.shape}, {grad.shape}, {m.shape}, {v.shape}")

    m = beta_1 * m + (1 - beta_1) * grad            # first moment: moving average of gradients (momentum)
    v = beta_2 * v + (1 - beta_2) * grad**2         # second moment: moving average of squared gradients
    m_hat = m / (1 - beta_1**t)                     # bias correction: m and v start at zero
    v_hat = v / (1 - beta_2**t)
    eps_hat = epsilon / np.sqrt(1 - beta_2**t)      # where Keras puts epsilon
    w = w - learning_rate * m_hat / (np.sqrt(v_hat) + eps_hat)
    return w, m, v


def _path_frame(path: np.ndarray, extra: dict) -> pd.DataFrame:
    names = ["w"] if path.shape[1] == 1 else [f"w{i + 1}" for i in range(path.shape[1])]
    frame = pd.DataFrame(path, columns=names)
    frame.insert(0, "step", np.arange(len(path)))
    for key, values in extra.items():
        frame[key] = values
    return frame


def adam_path(grad_fn, start, steps: int = 50, *, learning_rate: float = 0.001, beta_1: float = 0.9,
              beta_2: float = 0.999, epsilon: float = 1e-7) -> pd.DataFrame:
    """Run :func:`adam_step` from ``start`` for ``steps`` steps; return the path as a DataFrame.

    ``grad_fn(w)`` returns the gradient at ``w`` (a NumPy array). Columns: step (0 = start),
    the coordinates (``w`` in 1-D, ``w1, w2, ...`` otherwise) and update (the length of
    that step's move). Taught in notebook 02.
    """
    grad_fn = _grad_fn(grad_fn)
    w = _vector(start, "start")
    steps = positive_int(steps, "steps")
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    path, updates = [w.copy()], [0.0]
    for t in range(1, steps + 1):
        g = np.asarray(grad_fn(w), dtype=float).reshape(w.shape)
        new, m, v = adam_step(w, g, m, v, t, learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2,
                              epsilon=epsilon)
        updates.append(float(np.linalg.norm(new - w)))
        w = new
        path.append(w.copy())
    return _path_frame(np.array(path), {"update": updates})


def keras_optimizer_path(optimizer, grad_fn, start, steps: int = 50) -> pd.DataFrame:
    """Run a Keras optimizer on a NumPy gradient function, step by step; return the path.

    Each step computes ``grad_fn(w)`` at the current weights and calls
    ``optimizer.apply_gradients``. Columns as :func:`adam_path`, plus learning_rate: the
    optimizer's learning rate after the step (a schedule is evaluated). Use a fresh
    optimizer. Taught in notebook 02.
    """
    import keras

    from .training import current_learning_rate

    if not isinstance(optimizer, keras.optimizers.Optimizer):
        raise ValueError(f"optimizer must be a Keras optimizer, e.g. keras.optimizers.Adam(0.01); got {optimizer!r}")
    grad_fn = _grad_fn(grad_fn)
    w0 = _vector(start, "start")
    steps = positive_int(steps, "steps")
    variable = keras.Variable(w0.astype("float32"), name="w")
    path, updates, rates = [w0.astype("float32").astype(float)], [0.0], [current_learning_rate(optimizer)]
    for _ in range(steps):
        before = keras.ops.convert_to_tensor(variable).numpy().astype(float)
        g = np.asarray(grad_fn(before), dtype="float32").reshape(w0.shape)
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g), variable)])
        after = keras.ops.convert_to_tensor(variable).numpy().astype(float)
        path.append(after)
        updates.append(float(np.linalg.norm(after - before)))
        rates.append(current_learning_rate(optimizer))
    return _path_frame(np.array(path), {"update": updates, "learning_rate": rates})


def quadratic_gradient(hessian) -> Callable:
    """The gradient function ``w -> H w`` of ``E(w) = w^T H w / 2`` (H: curvatures or a matrix).

    Taught in notebook 02 (the toy problem on which NumPy Adam and Keras Adam are compared).
    """
    if isinstance(hessian, np.ndarray) and hessian.ndim == 2:
        H = np.asarray(hessian, dtype=float)
        if H.shape[0] != H.shape[1] or not np.allclose(H, H.T):
            raise ValueError(f"hessian must be a symmetric square matrix, got shape {H.shape}")
    else:
        h = _vector(hessian, "hessian")
        if np.any(h <= 0):
            raise ValueError(f"hessian curvatures must be positive, got {hessian!r}")
        H = np.diag(h)

    def grad(w):
        return H @ np.asarray(w, dtype=float)

    return grad


# --------------------------------------------------------------------------------------
# 2. beta_1 is momentum, not decay
# --------------------------------------------------------------------------------------

def memory_steps(beta_1) -> float:
    """How many recent steps an exponential moving average with this beta mostly remembers: 1 / (1 - beta).

    The last 1/(1 - beta) values carry about two thirds of the average's weight
    (1 - beta^(1/(1-beta)), close to 1 - 1/e). Taught in notebook 02.
    """
    return 1.0 / (1.0 - _beta(beta_1, "beta_1"))


def ema_of_noisy_gradient(beta_1s=(0.5, 0.9, 0.99), *, steps: int = 300, gradient: float = 1.0, noise: float = 1.0,
                          flip_at: int | None = 150, seed: int = 0) -> pd.DataFrame:
    """Exponential moving averages of a noisy gradient, one per beta_1 (Adam's bias-corrected first moment).

    The true gradient is ``gradient`` and turns to ``-gradient`` at step ``flip_at`` (None:
    never); each observation adds Gaussian noise of std ``noise``. Tidy columns: step
    (from 1), true_gradient, observed, beta_1, average. A larger beta_1 averages out more
    noise and follows the flip later, by about 1 / (1 - beta_1) steps. Taught in notebook 02.
    """
    from .lr import smooth

    betas = _betas(beta_1s)
    steps = positive_int(steps, "steps", minimum=2)
    if isinstance(gradient, bool) or not isinstance(gradient, numbers.Real) or not math.isfinite(gradient):
        raise ValueError(f"gradient must be a finite number, got {gradient!r}")
    noise = positive_number(noise, "noise", allow_zero=True)
    if flip_at is not None:
        flip_at = positive_int(flip_at, "flip_at")
        if flip_at >= steps:
            raise ValueError(f"flip_at must be below steps ({steps}) or None, got {flip_at}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    rng = np.random.default_rng(seed)
    step = np.arange(1, steps + 1)
    true = np.where(step > flip_at, -gradient, gradient) if flip_at is not None else np.full(steps, float(gradient))
    observed = true + noise * rng.standard_normal(steps)
    frames = [pd.DataFrame({"step": step, "true_gradient": true, "observed": observed, "beta_1": b,
                            "average": smooth(observed, b) if b > 0 else observed}) for b in betas]
    return pd.concat(frames, ignore_index=True)


def plot_ema(frame, *, ax=None, **kwargs):
    """Draw :func:`ema_of_noisy_gradient`'s frame: observed gradients (grey), the true gradient, one average per beta_1.

    Returns the Axes. Taught in notebook 02.
    """
    from .lr import _frame, _get_ax
    from .plotting import PALETTE

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
    ax.legend(fontsize=8, loc="lower left")
    return ax


def adam_constant_gradient(beta_1s=(0.5, 0.9, 0.99), *, learning_rate: float = 0.001, gradient: float = 3.0,
                           steps: int = 5) -> pd.DataFrame:
    """Keras Adam on one weight with a constant gradient: every step equals the learning rate.

    For each beta_1 a fresh ``keras.optimizers.Adam(learning_rate, beta_1=...)`` takes
    ``steps`` steps. Columns: beta_1, step, update (how far the weight moved),
    update_over_lr, learning_rate (``optimizer.learning_rate`` after the step). With a
    constant gradient the bias-corrected moments are exactly g and g^2, so each step is
    lr * g / |g| = lr, whatever beta_1 and g are. Taught in notebook 02.
    """
    import keras

    betas = _betas(beta_1s)
    learning_rate = _lr(learning_rate)
    if isinstance(gradient, bool) or not isinstance(gradient, numbers.Real) or gradient == 0 \
            or not math.isfinite(gradient):
        raise ValueError(f"gradient must be a non-zero number, got {gradient!r}")
    steps = positive_int(steps, "steps")
    frames = []
    for beta in betas:
        optimizer = keras.optimizers.Adam(learning_rate=learning_rate, beta_1=beta)
        path = keras_optimizer_path(optimizer, lambda w: np.full_like(w, float(gradient)), [0.0], steps)
        path = path[path["step"] > 0]
        frames.append(pd.DataFrame({"beta_1": beta, "step": path["step"], "update": path["update"],
                                    "update_over_lr": path["update"] / learning_rate,
                                    "learning_rate": path["learning_rate"]}))
    return pd.concat(frames, ignore_index=True)


def ravine_hessian(curvatures=(1.0, 25.0), angle_degrees: float = 30.0) -> np.ndarray:
    """The 2 x 2 Hessian of a tilted ravine: curvatures (flat, steep) along axes rotated by ``angle_degrees``.

    Tilted, so no single weight points along the ravine and Adam's per-weight scaling cannot
    undo the elongation. Taught in notebook 02.
    """
    h = _vector(curvatures, "curvatures")
    if h.size != 2 or np.any(h <= 0):
        raise ValueError(f"curvatures must be two positive numbers, got {curvatures!r}")
    if isinstance(angle_degrees, bool) or not isinstance(angle_degrees, numbers.Real):
        raise ValueError(f"angle_degrees must be a number, got {angle_degrees!r}")
    a = math.radians(angle_degrees)
    R = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return R @ np.diag(h) @ R.T


def ravine_paths(beta_1s=(0.0, 0.5, 0.9, 0.99), *, learning_rate: float = 0.1, steps: int = 60,
                 start=(-2.4, -0.9), hessian=None) -> pd.DataFrame:
    """NumPy Adam paths in a tilted ravine, one per beta_1; tidy columns beta_1, step, w1, w2, update, loss.

    ``hessian`` defaults to :func:`ravine_hessian`. Everything but beta_1 is the same in
    every run, so the paths show what beta_1 changes: how much the steps remember earlier
    gradients (smooth, momentum-like paths and overshoot), not their size. Draw them with
    ``lr.plot_contour_paths(frame, hessian, hue="beta_1")``. Taught in notebook 02.
    """
    betas = _betas(beta_1s)
    H = ravine_hessian() if hessian is None else np.asarray(hessian, dtype=float)
    if H.shape != (2, 2) or not np.allclose(H, H.T) or np.any(np.linalg.eigvalsh(H) <= 0):
        raise ValueError(f"hessian must be a symmetric positive-definite 2 x 2 matrix, got {hessian!r}")
    start = _vector(start, "start")
    if start.size != 2:
        raise ValueError(f"start must be two numbers (w1, w2), got {start!r}")
    grad = quadratic_gradient(H)
    frames = []
    for beta in betas:
        path = adam_path(grad, start, steps, learning_rate=learning_rate, beta_1=beta)
        path["loss"] = 0.5 * np.einsum("ti,ij,tj->t", path[["w1", "w2"]].to_numpy(), H, path[["w1", "w2"]].to_numpy())
        path.insert(0, "beta_1", beta)
        frames.append(path)
    return pd.concat(frames, ignore_index=True)


def beta_1_sweep(data, beta_1s=(0.5, 0.9, 0.99), *, learning_rate: float = 0.01, epochs: int = 8,
                 batch_size: int = 64, hidden=(32,), seed: int = 0) -> pd.DataFrame:
    """Train the same MLP with Adam once per beta_1 (same learning rate, weights and batches).

    Tidy columns: optimizer, learning_rate, beta_1, epoch (0 = untrained), loss, accuracy,
    verdict (``lr.judge_run``). Taught in notebook 02.
    """
    from .lr import sweep_runs

    betas = _betas(beta_1s)
    learning_rate = _lr(learning_rate)
    runs = [{"optimizer": "adam", "learning_rate": learning_rate, "beta_1": b} for b in betas]
    return sweep_runs(data, runs, epochs=epochs, batch_size=batch_size, hidden=hidden, seed=seed)


# --------------------------------------------------------------------------------------
# 3. decaying the learning rate in Keras 3
# --------------------------------------------------------------------------------------

def legacy_decay(learning_rate: float, decay: float, steps) -> np.ndarray:
    """What Keras 2's ``decay=`` argument did: ``lr / (1 + decay * t)`` at optimizer step t (0, 1, ...).

    ``steps`` is a step count n (steps 0..n-1) or a list of steps. Taught in notebook 02.
    """
    learning_rate = _lr(learning_rate)
    decay = positive_number(decay, "decay", allow_zero=True)
    if isinstance(steps, numbers.Integral) and not isinstance(steps, bool):
        t = np.arange(positive_int(steps, "steps"))
    else:
        t = _vector(steps, "steps")
        if np.any(t < 0):
            raise ValueError(f"steps must be non-negative, got {steps!r}")
    return learning_rate / (1.0 + decay * t)


def legacy_decay_schedule(learning_rate: float, decay: float):
    """The Keras 3 replacement for Keras 2's ``decay=``: ``InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)``.

    Pass it as ``learning_rate=``: ``keras.optimizers.Adam(learning_rate=legacy_decay_schedule(1e-3, 1e-4))``.
    Taught in notebook 02.
    """
    import keras

    learning_rate = _lr(learning_rate)
    decay = positive_number(decay, "decay")
    return keras.optimizers.schedules.InverseTimeDecay(learning_rate, decay_steps=1, decay_rate=decay)


def learning_rate_after(optimizer, steps: int = 100) -> float:
    """The learning rate an optimizer uses after ``steps`` updates of a dummy weight (zero gradient).

    Proves whether something decays the learning rate: a plain number never changes, a
    schedule does. The optimizer's step counter advances; use a fresh optimizer. Taught in
    notebook 02.
    """
    import keras

    from .training import current_learning_rate

    if not isinstance(optimizer, keras.optimizers.Optimizer):
        raise ValueError(f"optimizer must be a Keras optimizer, got {optimizer!r}")
    steps = positive_int(steps, "steps", minimum=0)
    variable = keras.Variable(np.zeros(1, dtype="float32"), name="dummy")
    zero = keras.ops.zeros((1,))
    for _ in range(steps):
        optimizer.apply_gradients([(zero, variable)])
    return current_learning_rate(optimizer)


def decay_runs(data, methods: dict, *, optimizer: str = "adam", epochs: int = 8, batch_size: int = 64,
               hidden=(32,), seed: int = 0) -> pd.DataFrame:
    """Train the same MLP once per way of setting the learning rate; record lr and loss at every step.

    ``methods`` maps a name to a dict with ``learning_rate`` (a number, a Keras schedule or
    a callable) and optional ``callbacks`` (e.g. ``LearningRateScheduler``,
    ``ReduceLROnPlateau(monitor="loss")``; give each method its own callback objects). Each
    run starts from the same weights and batch order and is recorded by
    :class:`cu.LearningRateLogger`. Training data only (no validation set). Tidy columns:
    method, step, epoch, learning_rate, loss (that batch's own loss). Taught in notebook 02.
    """
    import keras

    from .lr import _batches, _optimizer_name, _train_data
    from .models import build_mlp
    from .training import LearningRateLogger, check_learning_rate, compile_classifier, fit_history

    x, y = _train_data(data)
    if not isinstance(methods, dict) or not methods:
        raise ValueError("methods must be a non-empty dict: name -> {'learning_rate': ..., 'callbacks': [...]}")
    optimizer = _optimizer_name(optimizer)
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    checked = {}
    for name, spec in methods.items():
        if not isinstance(name, str) or not isinstance(spec, dict) or "learning_rate" not in spec:
            raise ValueError(f"methods[{name!r}] must be a dict with a 'learning_rate' (and optional 'callbacks')")
        unknown = set(spec) - {"learning_rate", "callbacks"}
        if unknown:
            raise ValueError(f"methods[{name!r}] has unknown keys {sorted(unknown)}; allowed: learning_rate, callbacks")
        callbacks = list(spec.get("callbacks", ()))
        if not all(isinstance(c, keras.callbacks.Callback) for c in callbacks):
            raise ValueError(f"methods[{name!r}]['callbacks'] must be a list of Keras callbacks")
        checked[name] = (check_learning_rate(spec["learning_rate"], f"methods[{name!r}]['learning_rate']"), callbacks)

    frames = []
    for name, (learning_rate, callbacks) in checked.items():
        model = build_mlp(x.shape[1], hidden, n_classes=int(np.max(y)) + 1, seed=seed)
        compile_classifier(model, optimizer, learning_rate)
        logger = LearningRateLogger()
        with contextlib.redirect_stdout(io.StringIO()):
            fit_history(model, (_batches(x, y, batch_size, seed), None), epochs=epochs, batch_size=batch_size,
                        callbacks=[logger, *callbacks], seed=seed, shuffle=False)
        frame = logger.frame()
        frame.insert(0, "method", name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def plot_steps(frame, y: str = "learning_rate", *, hue: str = "method", ax=None, logy: bool = False,
               smooth_beta: float | None = None, **kwargs):
    """Plot a per-step column (learning_rate or loss) of :func:`decay_runs` against the step; returns the Axes.

    One line per ``hue`` value; ``smooth_beta`` (e.g. 0.9) smooths noisy per-batch losses
    with ``lr.smooth``. Taught in notebook 02.
    """
    from .lr import _frame, _get_ax, smooth
    from .plotting import PALETTE

    frame = _frame(frame, ["step", y])
    if hue not in frame.columns:
        raise ValueError(f"hue must be a column of frame, got {hue!r}; available: {list(frame.columns)}")
    if smooth_beta is not None:
        smooth_beta = _beta(smooth_beta, "smooth_beta")
    ax = _get_ax(ax)
    for i, (key, part) in enumerate(frame.groupby(hue, sort=False)):
        values = part[y].to_numpy(dtype=float)
        if smooth_beta:
            values = smooth(values, smooth_beta)
        ax.plot(part["step"], values, color=PALETTE[i % len(PALETTE)], label=str(key), **kwargs)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("optimizer step (batch)")
    ax.set_ylabel({"learning_rate": "learning rate", "loss": "training loss per batch"}.get(y, y)
                  + (" (smoothed)" if smooth_beta else "") + (" (log scale)" if logy else ""))
    ax.legend(fontsize=8)
    return ax


# --------------------------------------------------------------------------------------
# 4. legacy lines and their Keras 3 replacements
# --------------------------------------------------------------------------------------

# (legacy line, Keras 3 line, what the legacy line does today, exception or warning class name)
MIGRATIONS = (
    ("tf.keras.optimizers.Adam(lr=0.001, beta_1=0.89)",
     "keras.optimizers.Adam(learning_rate=0.001, beta_1=0.89)",
     "ValueError: lr is not recognized", "ValueError"),
    ("keras.optimizers.Adam(learning_rate=0.001, decay=1e-4)",
     "keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.InverseTimeDecay("
     "0.001, decay_steps=1, decay_rate=1e-4))",
     "UserWarning, then decay is silently ignored", "UserWarning"),
    ("tf.keras.experimental.CosineDecayRestarts(0.01, 1000)",
     "keras.optimizers.schedules.CosineDecayRestarts(0.01, 1000)",
     "AttributeError: there is no experimental module", "AttributeError"),
    ("tf.keras.optimizers.legacy.Adam(lr=0.001)",
     "keras.optimizers.Adam(learning_rate=0.001)",
     "ImportError: legacy optimizers are not in Keras 3", "ImportError"),
    ("optimizer.lr",
     "optimizer.learning_rate",
     "AttributeError: no attribute lr", "AttributeError"),
    ("keras.backend.set_value(optimizer.learning_rate, 0.01)",
     "optimizer.learning_rate = 0.01",
     "AttributeError: keras.backend has no set_value", "AttributeError"),
    ("keras.optimizers.Adam(learning_rate=1)",
     "keras.optimizers.Adam(learning_rate=1.0)",
     "ValueError: an int is not a learning rate", "ValueError"),
)


def migration_table() -> pd.DataFrame:
    """Legacy learning-rate code (Keras 2, the source notes) next to its Keras 3 replacement.

    Columns: legacy, keras_3, today (what the legacy line does on Keras 3), raises (the
    exception or warning class). Every legacy line is run in notebook 02 inside
    ``cu.expect_error``, and the tests run them all. Taught in notebook 02.
    """
    return pd.DataFrame(MIGRATIONS, columns=["legacy", "keras_3", "today", "raises"])
