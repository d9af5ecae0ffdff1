"""Weight initialization: what each layer of a network does to a signal at the start of training.

Taught in ``04_xavier_vs_he_activation_distributions.ipynb`` (05 uses the capture and statistics helpers
at depth). The notebook writes the Keras lines once (``Dense(..., kernel_initializer=...)``, initializer
objects, a probe model whose outputs are every layer's output); these helpers repeat them for many
settings: formulas checked against samples, per-layer activations and gradients as tidy DataFrames,
per-layer statistics, the NumPy reference forward pass, and plots.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ._validate import boolean, check_xy, features, labels, model_io, optional_seed, positive_int
from .models import INITIALIZER_RULES as RULES  # noqa: F401  (the book's rules, re-exported)

# The initializer names listed in the source notes, in their order.
NOTES_INITIALIZERS = ("uniform", "lecun_uniform", "normal", "zero", "glorot_normal", "glorot_uniform",
                      "he_normal", "he_uniform")
# The std of a standard normal cut at +-2: Keras's VarianceScaling divides by it (truncated_normal).
TRUNCATION_CONSTANT = 0.87962566103423978
# Activations whose outputs live in a bounded range (for "saturated" and the plot ranges).
BOUNDED = {"sigmoid": (0.0, 1.0), "hard_sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}
RELU_LIKE = ("relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu", "softplus")

_NUMPY_ACTIVATIONS = {
    "linear": lambda z: z,
    "relu": lambda z: np.maximum(z, 0.0),
    "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),  # overflow-free logistic
    "tanh": np.tanh,
    "softmax": lambda z: (lambda e: e / e.sum(axis=1, keepdims=True))(np.exp(z - z.max(axis=1, keepdims=True))),
}


def make_initializer(initializer, *, seed: int | None = None, name: str = "kernel_initializer"):
    """A Keras initializer, re-seeded with ``seed``: a number ``s`` gives ``RandomNormal(stddev=s)``;
    ``'xavier'`` / ``'he'`` give ``VarianceScaling(1.0 or 2.0, "fan_in", "untruncated_normal")`` (the
    book's std 1/sqrt(n) and sqrt(2/n), n = fan-in); anything else goes to ``keras.initializers.get``
    (``'he_normal'``, ``'zero'``, an object, a class); names in any case, the same policy as
    :func:`course_utils.build_mlp` (:func:`course_utils.models.resolve_initializer`). Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    from .models import resolve_initializer

    return resolve_initializer(initializer, seed=seed, name=name)


def setting_label(initializer) -> str:
    """A label for an initializer in tables: 'std=0.01', 'he_normal', 'HeNormal' (notebooks 04, 05)."""
    if isinstance(initializer, numbers.Real) and not isinstance(initializer, (bool, np.bool_)):
        return f"std={float(initializer):g}"
    if initializer is None or isinstance(initializer, (bool, np.bool_, list, tuple, dict, set)):
        raise ValueError(f"initializer must be a name, a number (a std) or an initializer object, got {initializer!r}")
    if isinstance(initializer, type):
        return initializer.__name__
    return initializer if isinstance(initializer, str) else type(initializer).__name__


def _name_list(values, name: str) -> list:
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    if not values:
        raise ValueError(f"{name} must list at least one initializer")
    return values


def _shape(shape, name: str = "shape") -> tuple[int, int]:
    if not isinstance(shape, Sequence) or isinstance(shape, str) or len(shape) != 2:
        raise ValueError(f"{name} must be a 2-D kernel shape (fan_in, fan_out), e.g. (784, 256); got {shape!r}")
    return positive_int(shape[0], f"{name}[0]"), positive_int(shape[1], f"{name}[1]")


def _spec(initializer, shape, name: str = "initializer") -> dict:
    """The formula behind one initializer on a ``(fan_in, fan_out)`` kernel (a row of check_initializers)."""
    import keras

    fan_in, fan_out = _shape(shape)
    obj, inits = make_initializer(initializer, name=name), keras.initializers
    row = {"name": setting_label(initializer), "keras_class": type(obj).__name__, "distribution": "",
           "scale": np.nan, "mode": "", "n": np.nan, "target_std": np.nan, "limit": np.nan}
    if isinstance(obj, inits.VarianceScaling):
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[obj.mode]
        std = math.sqrt(obj.scale / n)
        limit = {"uniform": math.sqrt(3) * std, "truncated_normal": 2 * std / TRUNCATION_CONSTANT}
        row.update(distribution=obj.distribution, scale=float(obj.scale), mode=obj.mode, n=float(n), target_std=std,
                   limit=limit.get(obj.distribution, np.nan))
    elif isinstance(obj, inits.RandomUniform):
        lo, hi = float(obj.minval), float(obj.maxval)
        row.update(distribution="uniform", target_std=(hi - lo) / math.sqrt(12), limit=max(abs(lo), abs(hi)))
    elif isinstance(obj, inits.RandomNormal):
        row.update(distribution="normal", target_std=float(obj.stddev))
    elif isinstance(obj, inits.Zeros):
        row.update(distribution="constant", target_std=0.0, limit=0.0)
    else:
        raise ValueError(f"{name}: no formula known for {type(obj).__name__}; use a VarianceScaling kind "
                         "('glorot_uniform', 'he_normal', ...), 'uniform', 'normal' or 'zeros'")
    return row


def check_initializers(initializers=NOTES_INITIALIZERS, shape=(784, 256), *, seed: int | None = 0) -> pd.DataFrame:
    """Draw one ``shape`` kernel per initializer and compare its sample std with its formula.

    ``initializers``: names or objects as in :func:`make_initializer`. One row each: name,
    keras_class, distribution, scale, mode, n (fan_in, fan_out or their mean), target_std (the
    formula), limit (the largest possible |w|; NaN for an untruncated normal), sample_std,
    rel_error (|sample - target| / target), max_abs and within_limit. What the notebook writes
    once (``w = keras.initializers.get(name)((784, 256)); w.std()``), for a whole list. Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    names, seed, rows = _name_list(initializers, "initializers"), optional_seed(seed), []
    lone = not isinstance(initializers, (list, tuple))
    for i, name in enumerate(names):
        spec = _spec(name, shape, "initializers" if lone else f"initializers[{i}]")
        w = np.asarray(make_initializer(name, seed=seed)(_shape(shape), dtype="float32"), dtype=np.float64)
        sample, target, limit, max_abs = float(w.std()), spec["target_std"], spec["limit"], float(np.abs(w).max())
        rows.append({**spec, "sample_std": sample, "max_abs": max_abs,
                     "rel_error": abs(sample - target) / target if target else (0.0 if sample == 0 else np.inf),
                     "within_limit": bool(not np.isfinite(limit) or max_abs <= limit * (1 + 1e-6))})
    return pd.DataFrame(rows)


def _activation_name(fn) -> str:
    return str(getattr(fn, "__name__", None) or type(fn).__name__).lower()


def _chain(model) -> list:
    """The layers of a plain MLP (InputLayer left out); ValueError unless it has a Dense layer."""
    import keras
    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a keras.Model (Sequential or functional MLP), got {type(model).__name__}")
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if not any(isinstance(layer, keras.layers.Dense) for layer in layers):
        raise ValueError("model must contain at least one Dense layer (an MLP); it has none")
    return layers


def dense_layers(model) -> list:
    """The Dense layers of ``model`` in order, output layer last (notebooks 04, 05)."""
    import keras
    return [layer for layer in _chain(model) if isinstance(layer, keras.layers.Dense)]


def _check_x(x, model=None, name: str = "x") -> np.ndarray:
    return features(x, name, n_features=model_io(model)[0] if model is not None else None)


def _forward(model, x) -> list:
    """Run the chain layer by layer: [(number, activation name, layer, z, h)] for the Dense layers."""
    import keras
    layers = _chain(model)
    not_a_chain = ValueError("model must be a plain chain of layers (an MLP without branches): running its "
                             "layers one after another does not give the model's output")
    reference = model(x, training=False)  # builds an unbuilt Sequential
    h, out = x, []
    try:
        for layer in layers:
            if isinstance(layer, keras.layers.Dense):
                z = keras.ops.matmul(h, layer.kernel) + (layer.bias if layer.use_bias else 0.0)
                h = layer.activation(z)
                out.append((len(out) + 1, _activation_name(layer.activation), layer, z, h))
            else:
                h = layer(h, training=False)
    except Exception:  # a merge layer fed one tensor, a shape mismatch, ...
        raise not_a_chain from None
    a, b = np.asarray(h, dtype=np.float64), np.asarray(reference, dtype=np.float64)
    if a.shape != b.shape or not np.allclose(a, b, rtol=1e-3, atol=1e-5, equal_nan=True):
        raise not_a_chain
    return out


def _tidy(blocks: list) -> pd.DataFrame:
    """Dicts of labels plus a 'value' array -> one long frame; the labels become categoricals (fast)."""
    if not blocks:
        return pd.DataFrame({"setting": [], "activation": [], "layer": [], "value": []})
    sizes, columns = [len(b["value"]) for b in blocks], {}
    for col in ("setting", "activation"):
        labels = [b[col] for b in blocks]
        categories = list(dict.fromkeys(labels))
        columns[col] = pd.Categorical.from_codes(np.repeat([categories.index(v) for v in labels], sizes), categories)
    columns["layer"] = np.repeat(np.asarray([b["layer"] for b in blocks], dtype=np.int64), sizes)
    columns["value"] = np.concatenate([b["value"] for b in blocks])
    return pd.DataFrame(columns)


def _keep(entries, skip_output: bool) -> list:
    """Leave out a final softmax layer: its outputs are class probabilities, not a hidden signal."""
    return entries[:-1] if skip_output and len(entries) > 1 and entries[-1][1] == "softmax" else entries


def _activation_blocks(model, x, setting, include_input=False, skip_output=True) -> list:
    x = _check_x(x, model)
    blocks = [{"setting": setting, "activation": "input", "layer": 0, "value": x.ravel()}] if include_input else []
    return blocks + [{"setting": setting, "activation": act, "layer": number, "value": np.asarray(h, np.float32).ravel()}
                     for number, act, _, _, h in _keep(_forward(model, x), skip_output)]


def capture_activations(model, x, *, setting: str = "", include_input: bool = False,
                        skip_output: bool = True) -> pd.DataFrame:
    """Every value of every Dense layer's output for inputs ``x``, as a tidy DataFrame.

    The values a probe model ``keras.Model(inputs=model.inputs[0], outputs=[layer.output for layer
    in model.layers])`` returns, computed layer by layer (``keras.ops.matmul``, then the activation;
    checked against ``model(x)``): columns setting, activation, layer (1, 2, ...; 0 is the input
    when ``include_input``), value (each layer's ``(inputs, units)`` array, row by row). A final
    softmax layer is left out (``skip_output``). Works for any Sequential or functional chain of
    layers, built or not. Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    include_input, skip_output = boolean(include_input, "include_input"), boolean(skip_output, "skip_output")
    return _tidy(_activation_blocks(model, x, setting, include_input, skip_output))


def _gradient_blocks(model, x, y, setting, skip_output=True) -> list:
    import keras
    import tensorflow as tf

    last = dense_layers(model)[-1]
    if _activation_name(last.activation) != "softmax":
        raise ValueError("model must end in a softmax layer (e.g. course_utils.build_mlp), got "
                         f"{_activation_name(last.activation)!r}")
    x, y = check_xy(x, y, n_features=model_io(model)[0], n_classes=last.units)
    with tf.GradientTape() as tape:
        entries = _forward(model, tf.convert_to_tensor(x))
        loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(y, entries[-1][4]))
    grads = dict(zip([e[0] for e in entries], tape.gradient(loss, [e[3] for e in entries])))
    return [{"setting": setting, "activation": act, "layer": number,
             "value": np.asarray(grads[number], dtype=np.float32).ravel()}
            for number, act, *_ in _keep(entries, skip_output)]


def capture_gradients(model, x, y, *, setting: str = "", skip_output: bool = True) -> pd.DataFrame:
    """dL/dz per layer (z = the layer's weighted sums) for every unit and sample, at the current weights.

    The back-propagated gradients of Glorot & Bengio's Fig. 7, of the mean cross-entropy loss
    for integer labels ``y``; the model must end in a softmax. Columns: setting, activation,
    layer, value. Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    return _tidy(_gradient_blocks(model, x, y, setting, boolean(skip_output, "skip_output")))


def numpy_forward(x, weights, activation="relu", biases=None) -> list:
    """The same forward pass in plain NumPy: a list with each layer's output f(x W + b).

    ``weights``: 2-D kernels (fan_in x fan_out); ``activation``: one name or one per layer
    ('relu', 'sigmoid', 'tanh', 'linear', 'softmax'); ``biases``: None or a list (entries may be
    None). In float64: the reference a Keras run is checked against. Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    h = _check_x(x).astype(np.float64)
    if isinstance(weights, np.ndarray) and weights.ndim == 2:
        raise ValueError(f"weights must be a list of 2-D kernels, one per layer; got one array of shape "
                         f"{weights.shape}: for one layer pass [w]")
    if isinstance(weights, (np.ndarray, str)) or not isinstance(weights, Sequence) or len(weights) == 0:
        raise ValueError("weights must be a non-empty list of 2-D kernels (at least one layer)")
    if not isinstance(activation, str) and not isinstance(activation, Sequence):
        raise ValueError(f"activation must be a name such as 'relu' or a list of names (one per layer); "
                         f"got {type(activation).__name__}")
    if biases is not None and (isinstance(biases, (str, np.ndarray)) or not isinstance(biases, Sequence)):
        raise ValueError(f"biases must be None or a list (one bias vector or None per layer); got {type(biases).__name__}")
    acts = [activation] * len(weights) if isinstance(activation, str) else list(activation)
    biases = [None] * len(weights) if biases is None else list(biases)
    if len(acts) != len(weights) or len(biases) != len(weights):
        raise ValueError(f"activation and biases must be one per layer ({len(weights)}), "
                         f"got {len(acts)} activations and {len(biases)} biases")
    bad = [a for a in acts if a not in _NUMPY_ACTIVATIONS]
    if bad:
        raise ValueError(f"activation must be one of {', '.join(_NUMPY_ACTIVATIONS)} (or one per layer); got {bad[0]!r}")
    outputs = []
    for i, (w, b, a) in enumerate(zip(weights, biases, acts)):
        w = features(w, f"weights[{i}]")  # 2-D, finite
        if w.shape[0] != h.shape[1]:
            raise ValueError(f"weights[{i}] must be a 2-D kernel with {h.shape[1]} rows (the layer's input size), "
                             f"got shape {w.shape}")
        b = None if b is None else _bias(b, f"biases[{i}]", w.shape[1])
        with np.errstate(over="ignore", invalid="ignore"):
            h = _NUMPY_ACTIVATIONS[a](h @ w.astype(np.float64) + (0.0 if b is None else b))
        outputs.append(h)
    return outputs


def _bias(b, name: str, units: int) -> np.ndarray:
    try:
        arr = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be None or {units} numbers, got {type(b).__name__}") from None
    if arr.shape not in ((units,), ()) or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be None or {units} finite numbers (one per unit), got shape {arr.shape}")
    return arr


def _check_values(values, name: str = "values") -> pd.DataFrame:
    if not isinstance(values, pd.DataFrame) or not {"setting", "layer", "value"} <= set(values.columns):
        has = f" with columns {list(values.columns)}" if isinstance(values, pd.DataFrame) else ""
        raise ValueError(f"{name} must be a DataFrame with columns setting, layer, value (from capture_activations "
                         f"or activation_experiment), got {type(values).__name__}{has}")
    return values


def layer_stats(values) -> pd.DataFrame:
    """Per setting and layer: mean, std, mean_sq (E[x^2]), ms_ratio, saturated, zero, near_zero.

    ``ms_ratio``: E[x^2] over the previous layer's (layer 0 = the input, with ``include_input=True``).
    ``saturated``: the fraction within 0.1 of a bounded activation's ends (sigmoid below 0.1 or
    above 0.9, tanh |a| > 0.9); ``zero``: the fraction exactly 0 (ReLU-like: a unit switched off for
    that input); ``near_zero``: the fraction with |a| < 0.05; NaN where a column does not apply.
    Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    values = _check_values(values)
    rows = []
    for setting, part in values.groupby("setting", sort=False, observed=True):
        prev_ms = np.nan
        for layer, group in part.groupby("layer", sort=True):
            v = group["value"].to_numpy(dtype=np.float64)
            act = str(group["activation"].iloc[0]) if "activation" in group.columns else ""
            with np.errstate(over="ignore", invalid="ignore"):
                ms, mean, std = float(np.mean(v ** 2)), float(v.mean()), float(v.std())
                ratio = ms / prev_ms if prev_ms and np.isfinite(prev_ms) else np.nan
            lo, hi = BOUNDED.get(act, (np.nan, np.nan))
            rows.append({"setting": setting, "activation": act, "layer": int(layer), "mean": mean, "std": std,
                         "mean_sq": ms, "ms_ratio": ratio,
                         "saturated": float(np.mean((v < lo + 0.1) | (v > hi - 0.1))) if act in BOUNDED else np.nan,
                         "zero": float(np.mean(v == 0)) if act in RELU_LIKE else np.nan,
                         "near_zero": float(np.mean(np.abs(v) < 0.05))})
            prev_ms = ms
    return pd.DataFrame(rows)


def _experiment(settings, what, *, n_samples, n_inputs, depth, width, use_bias, seed, x, y, include_input=False):
    """Build one ``build_mlp`` network per setting (layer i seeded seed + i) and capture it."""
    from .models import _fixed_seed, build_mlp, resolve_activation

    if isinstance(settings, Mapping):
        settings = [(label, *spec) if isinstance(spec, (tuple, list)) else (label, spec) for label, spec in settings.items()]
    if not isinstance(settings, (list, tuple)) or not settings or not all(
            isinstance(item, (tuple, list)) and len(item) == 3 and isinstance(item[0], str) for item in settings):
        raise ValueError("settings must be a dict {label: (activation, initializer)} or a list of "
                         f"(label, activation, initializer); got {settings!r}")
    for label, activation, initializer in settings:  # all checked before any network is built
        resolve_activation(activation, f"activation (setting {label!r})")
        make_initializer(initializer, name=f"initializer (setting {label!r})")
    depth, width, seed = positive_int(depth, "depth"), positive_int(width, "width"), optional_seed(seed)
    for label, _, initializer in settings:
        if seed is None and _fixed_seed(initializer) is not None:
            raise ValueError(f"initializer (setting {label!r}) has a fixed seed and seed=None: every layer of the "
                             "same shape would get identical weights; pass seed=0 or a name such as 'he_normal'")
    use_bias, include_input = boolean(use_bias, "use_bias"), boolean(include_input, "include_input")
    rng = np.random.default_rng(seed)
    if x is None:
        x = rng.standard_normal((positive_int(n_samples, "n_samples"), positive_int(n_inputs, "n_inputs")))
    x = _check_x(x)
    y = rng.integers(0, 10, size=len(x)) if y is None else labels(y, n=len(x), n_classes=10)
    blocks = []
    for label, activation, initializer in settings:
        model = build_mlp(x.shape[1], depth=depth, width=width, activation=activation, use_bias=use_bias,
                          kernel_initializer=make_initializer(initializer), n_classes=10, seed=seed)
        blocks += (_activation_blocks(model, x, label, include_input) if what == "activation"
                   else _gradient_blocks(model, x, y, label))
    return _tidy(blocks)


def activation_experiment(settings, *, n_samples: int = 1000, n_inputs: int = 100, depth: int = 5,
                          width: int = 100, use_bias: bool = False, seed: int = 0, include_input: bool = False,
                          x=None) -> pd.DataFrame:
    """The classic experiment: random inputs through ``depth`` Dense layers, every activation kept.

    ``settings`` maps a label to ``(activation, initializer)``, initializers as in
    :func:`make_initializer`, e.g. ``{"ReLU, He": ("relu", keras.initializers.HeNormal())}``.
    Defaults follow *Deep Learning from Scratch* ch. 6: 1000 standard-normal inputs of 100
    features (``np.random.default_rng(seed)``), 5 layers of 100 units, no bias. Each setting
    is a ``course_utils.build_mlp`` network whose layer ``i`` is seeded ``seed + i`` (normal
    settings then share their random numbers), captured with :func:`capture_activations`.
    Columns: setting, activation, layer, value. Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    return _experiment(settings, "activation", n_samples=n_samples, n_inputs=n_inputs, depth=depth, width=width,
                       use_bias=use_bias, seed=seed, include_input=include_input, x=x, y=None)


def gradient_experiment(settings, *, n_samples: int = 1000, n_inputs: int = 100, depth: int = 5, width: int = 100,
                        use_bias: bool = False, seed: int = 0, x=None, y=None) -> pd.DataFrame:
    """dL/dz per layer at initialization (:func:`capture_gradients`) for the networks of
    :func:`activation_experiment`, which end in a 10-way softmax; the labels are random (drawn
    after the inputs from ``seed``) unless ``y`` is given. Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    return _experiment(settings, "gradient", n_samples=n_samples, n_inputs=n_inputs, depth=depth, width=width,
                       use_bias=use_bias, seed=seed, x=x, y=y)


def _value_range(v: np.ndarray, act: str):
    if act in BOUNDED:
        return BOUNDED[act]
    v = v[np.isfinite(v) & ((v != 0) if act in RELU_LIKE else True)]
    lo, hi = (float(q) for q in np.quantile(v, [0.005, 0.995])) if v.size else (0.0, 1.0)
    if act in ("relu", "relu6"):
        lo = 0.0
    elif not act and lo < 0 < hi:  # e.g. gradients: symmetric around 0
        lo, hi = -max(-lo, hi), max(-lo, hi)
    return (lo, hi) if hi > lo else (lo, lo + (abs(lo) or 1.0))


def plot_layer_histograms(values, *, bins: int = 30, share_x: bool = False, activations: bool = True,
                          xlabel: str | None = None, title: str | None = None):
    """Per-layer histograms: one row of panels per setting, one column per layer.

    x is the activation's range (sigmoid [0, 1], tanh [-1, 1]) or else the row's 0.5-99.5%
    quantiles (with ``share_x=True`` one range for the whole figure, covering every panel's
    0.5-99.5% quantiles, for comparing widths across rows);
    y is the fraction of the layer's values per bin; above each panel its std. With
    ``activations=True`` the exact zeros of ReLU-like rows (switched-off units) are left out
    of the bars and counted above the panel; pass ``activations=False`` for gradients.
    Returns the 2-D array of Axes. Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from .plotting import PALETTE

    values, bins = _check_values(values), positive_int(bins, "bins")
    share_x, activations = boolean(share_x, "share_x"), boolean(activations, "activations")
    settings, layers = list(pd.unique(values["setting"])), sorted(values["layer"].unique())
    if not settings:
        raise ValueError("values must hold at least one setting and one layer")
    panels = values.groupby(["setting", "layer"], observed=True)["value"]  # share_x: cover every panel's range
    ranges = [_value_range(g.to_numpy(np.float64), "") for _, g in panels] if share_x else None
    shared = (min(r[0] for r in ranges), max(r[1] for r in ranges)) if share_x else None
    width, height = 2.0 * len(layers) + 1.0, 1.5 * len(settings) + 1.0
    fig, axes = plt.subplots(len(settings), len(layers), squeeze=False, sharey="row", layout="none",
                             figsize=(width, height))  # fixed margins: tight layout is slow on many panels
    fig.subplots_adjust(left=0.95 / width, right=1 - 0.15 / width, bottom=0.55 / height, top=1 - 0.9 / height,
                        wspace=0.25, hspace=0.75)
    for r, setting in enumerate(settings):
        part = values[values["setting"] == setting]
        act = str(part["activation"].iloc[-1]) if activations and "activation" in part.columns else ""
        lo, hi = shared or _value_range(part["value"].to_numpy(np.float64), act)
        by_layer = {k: g.to_numpy(np.float64) for k, g in part.groupby("layer", sort=False)["value"]}
        for c, layer in enumerate(layers):
            ax, v = axes[r, c], by_layer.get(layer, np.zeros(0))
            finite = v[np.isfinite(v)]
            note = [f"std {finite.std():.2g}"] if finite.size else []
            if act in RELU_LIKE:
                note.append(f"{np.mean(v == 0) if len(v) else 0:.0%} zero")
                finite = finite[finite != 0]
            counts, edges = np.histogram(finite, bins=bins, range=(lo, hi))
            ax.stairs(counts / max(len(v), 1), edges, fill=True, color=PALETTE[r % len(PALETTE)])
            ax.set_xlim(lo, hi)
            ax.text(1.0, 1.03, ", ".join(note), transform=ax.transAxes, ha="right", va="bottom", fontsize=8)
            if r == 0:
                ax.set_title(f"layer {layer}", fontsize=10, pad=14)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=3, steps=[1, 2, 5, 10]))
            ax.ticklabel_format(axis="x", useOffset=False)
            ax.tick_params(labelsize=8)
            if c == 0:
                ax.set_ylabel(f"{setting}\nfraction", fontsize=9)
            if r == len(settings) - 1:
                ax.set_xlabel(xlabel or ("activation value" if activations else "value"), fontsize=9)
    if title:
        fig.suptitle(title, fontsize=12, fontweight="bold", y=1 - 0.12 / height, va="top")
    return axes


def plot_layer_stats(stats, *, y: str = "std", ax=None, logy: bool = False, title: str | None = None, **kwargs):
    """One line per setting: a per-layer statistic (from :func:`layer_stats`) against layer.

    ``y`` is a column such as 'std', 'mean_sq', 'ms_ratio', 'saturated', 'zero'. Returns the
    Axes. Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    from .plotting import PALETTE, _get_ax

    if not isinstance(stats, pd.DataFrame) or not {"setting", "layer"} <= set(stats.columns):
        raise ValueError("stats must be a DataFrame from layer_stats (columns setting, layer, ...)")
    if not isinstance(y, str) or y not in stats.columns:
        raise ValueError(f"y must be a column of stats, got {y!r}; available: {list(stats.columns)}")
    logy = boolean(logy, "logy")
    ax = _get_ax(ax)
    for i, (setting, part) in enumerate(stats.groupby("setting", sort=False, observed=True)):
        part = part.sort_values("layer")
        ax.plot(part["layer"], part[y], marker="o", color=PALETTE[i % len(PALETTE)], label=str(setting), **kwargs)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel="layer", ylabel=y, xticks=sorted(stats["layer"].unique()))
    if title:
        ax.set_title(title)
    ax.legend()
    return ax
