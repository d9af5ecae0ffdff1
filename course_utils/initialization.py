"""Weight initialization: formulas, per-layer activations and gradients, and experiments at depth.

Taught in ``04_xavier_vs_he_activation_distributions.ipynb`` (initializer formulas,
per-layer activation and gradient distributions, the variance argument, the source notes'
wrong formulas) and ``05_initialization_at_depth.ipynb`` (a 30-layer ReLU network that
stalls with Glorot and trains with He; the notes' initializer list as a grid experiment).

Three kinds of helpers:

* formulas: :func:`target_std`, :func:`initializer_table`, :func:`check_initializers`,
  :func:`make_initializer` (Keras names plus the course's named rules such as ``"xavier"``,
  ``"he"`` and the notes' ``"notes_xavier"``, ``"notes_he"``);
* measurements on any plain MLP (a chain of Dense layers, Sequential or functional):
  :func:`capture_activations`, :func:`capture_gradients`, :func:`numpy_forward`,
  :func:`layer_stats`, and the experiments :func:`activation_experiment`,
  :func:`gradient_experiment`, :func:`depth_experiment`, :func:`initializer_grid`;
* plots: :func:`plot_layer_histograms`, :func:`plot_layer_stats`, :func:`plot_loss_curves`,
  :func:`plot_heatmap`.

Results are tidy pandas DataFrames: one row per value (``setting, activation, layer, value``),
per layer (statistics) or per run and epoch (training).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ._validate import optional_seed, positive_int, positive_number

# The initializer names listed in the source notes, in their order.
NOTES_INITIALIZERS = ("uniform", "lecun_uniform", "normal", "zero", "glorot_normal", "glorot_uniform",
                      "he_normal", "he_uniform")

# Standard deviation of a standard normal truncated to [-2, 2]: Keras's VarianceScaling
# divides by it so that the truncated draws have the intended std.
TRUNCATION_CONSTANT = 0.87962566103423978

# Named rules for the weight std of a layer with n = fan_in inputs (and fan_out outputs).
# name -> (distribution, formula as taught)
RULES = {
    "xavier": ("normal", "std = 1/sqrt(n)"),
    "he": ("normal", "std = sqrt(2/n)"),
    "notes_xavier": ("normal", "std = 1/n^-2 (= n^2, the notes' typo)"),
    "notes_he": ("normal", "std = 2/n^2 (the notes' formula)"),
    "glorot_baseline": ("uniform", "U[-1/sqrt(n), 1/sqrt(n)], std = 1/sqrt(3n)"),
    "glorot_normalized": ("uniform", "U[-sqrt(6/(n_in+n_out)), +sqrt(6/(n_in+n_out))], std = sqrt(2/(n_in+n_out))"),
}

# Activations whose outputs live in a bounded range (used for "saturated" and plot ranges).
BOUNDED = {"sigmoid": (0.0, 1.0), "hard_sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}
RELU_LIKE = ("relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu", "softplus")

_NUMPY_ACTIVATIONS = {
    "linear": lambda z: z,
    "relu": lambda z: np.maximum(z, 0.0),
    "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),  # overflow-free logistic
    "tanh": np.tanh,
    "softmax": lambda z: _softmax(z),
}


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------------------------------
# formulas
# --------------------------------------------------------------------------------------------

def _shape(shape, name: str = "shape") -> tuple[int, int]:
    if (not isinstance(shape, Sequence) or isinstance(shape, str) or len(shape) != 2):
        raise ValueError(f"{name} must be a 2-D kernel shape (fan_in, fan_out), e.g. (784, 256); got {shape!r}")
    return positive_int(shape[0], f"{name}[0]"), positive_int(shape[1], f"{name}[1]")


def _fan(mode: str, fan_in: int, fan_out: int) -> float:
    return {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]


def _rule_spec(rule: str, fan_in: int, fan_out: int) -> dict:
    distribution, formula = RULES[rule]
    n = fan_in
    if rule == "xavier":
        std = 1 / math.sqrt(n)
    elif rule == "he":
        std = math.sqrt(2 / n)
    elif rule == "notes_xavier":
        std = 1 / n ** -2
    elif rule == "notes_he":
        std = 2 / n ** 2
    elif rule == "glorot_baseline":
        std = 1 / math.sqrt(3 * n)
    else:  # glorot_normalized
        std = math.sqrt(2 / (fan_in + fan_out))
    limit = std * math.sqrt(3) if distribution == "uniform" else np.nan
    return {"name": rule, "keras_class": "(course rule)", "distribution": distribution, "scale": np.nan,
            "mode": "fan_in" if rule != "glorot_normalized" else "fan_avg", "n": float(n),
            "formula": formula, "target_std": std, "limit": limit}


def _keras_spec(obj, label: str, fan_in: int, fan_out: int) -> dict:
    """Formula behind a Keras initializer object on a (fan_in, fan_out) kernel."""
    import keras

    cls = type(obj).__name__
    row = {"name": label, "keras_class": cls, "distribution": "", "scale": np.nan, "mode": "",
           "n": np.nan, "formula": "", "target_std": np.nan, "limit": np.nan}
    inits = keras.initializers
    if isinstance(obj, inits.VarianceScaling):
        n = _fan(obj.mode, fan_in, fan_out)
        base = math.sqrt(obj.scale / max(1.0, n))
        row.update(scale=float(obj.scale), mode=obj.mode, n=float(n), target_std=base)
        if obj.distribution == "uniform":
            row.update(distribution="uniform", limit=math.sqrt(3 * obj.scale / max(1.0, n)),
                       formula=f"U[-limit, limit], limit = sqrt(3*{obj.scale:g}/n), std = sqrt({obj.scale:g}/n)")
        elif obj.distribution == "truncated_normal":
            row.update(distribution="truncated_normal", limit=2 * base / TRUNCATION_CONSTANT,
                       formula=f"truncated normal, std = sqrt({obj.scale:g}/n)/0.8796 before truncation at 2 std, "
                               f"sqrt({obj.scale:g}/n) after")
        else:
            row.update(distribution="normal", formula=f"normal, std = sqrt({obj.scale:g}/n)")
    elif isinstance(obj, inits.RandomUniform):
        lo, hi = float(obj.minval), float(obj.maxval)
        row.update(distribution="uniform", target_std=(hi - lo) / math.sqrt(12), limit=max(abs(lo), abs(hi)),
                   formula=f"U[{lo:g}, {hi:g}], std = (max - min)/sqrt(12)")
    elif isinstance(obj, inits.TruncatedNormal):
        std = float(obj.stddev)
        row.update(distribution="truncated_normal", target_std=std * TRUNCATION_CONSTANT, limit=2 * std,
                   formula=f"truncated normal, stddev={std:g} before truncation, x 0.8796 after (no correction)")
    elif isinstance(obj, inits.RandomNormal):
        row.update(distribution="normal", target_std=float(obj.stddev), formula=f"normal, std = {float(obj.stddev):g}")
    elif isinstance(obj, (inits.Zeros, inits.Ones, inits.Constant)):
        value = 0.0 if isinstance(obj, inits.Zeros) else 1.0 if isinstance(obj, inits.Ones) else float(obj.value)
        row.update(distribution="constant", target_std=0.0, limit=abs(value), formula=f"every weight = {value:g}")
    elif isinstance(obj, inits.Orthogonal):
        gain = float(obj.gain)
        row.update(distribution="orthogonal", target_std=gain / math.sqrt(max(fan_in, fan_out)),
                   formula="orthogonal matrix x gain, std = gain/sqrt(max(n_in, n_out))")
    elif isinstance(obj, _formula_class()):
        return _rule_spec(obj.rule, fan_in, fan_out)
    else:
        raise ValueError(f"initializer: no formula known for {cls}; use a Keras initializer name such as "
                         f"'glorot_uniform' or one of the course rules {', '.join(RULES)}")
    return row


def _check_rule_or_name(initializer, name: str):
    if isinstance(initializer, bool):
        raise ValueError(f"{name} must be a weight std (a number), a course rule ({', '.join(RULES)}) or a Keras "
                         f"initializer name; got {initializer!r}")


def initializer_spec(initializer, shape=(784, 256)) -> dict:
    """The formula behind one initializer on a ``(fan_in, fan_out)`` kernel, as a dict.

    ``initializer`` is a Keras name (``'he_normal'``, ``'uniform'``, ...), a Keras initializer
    object, a course rule (``'xavier'``, ``'he'``, ``'notes_xavier'``, ``'notes_he'``,
    ``'glorot_baseline'``, ``'glorot_normalized'``) or a number (a normal std). Keys: name,
    keras_class, distribution, scale, mode, n, formula, target_std (the std the weights should
    have) and limit (the largest possible |w|; NaN for an untruncated normal). Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    fan_in, fan_out = _shape(shape)
    _check_rule_or_name(initializer, "initializer")
    if isinstance(initializer, numbers.Real):
        std = positive_number(initializer, "initializer", allow_zero=True)
        return {"name": f"std={std:g}", "keras_class": "RandomNormal", "distribution": "normal", "scale": np.nan,
                "mode": "", "n": np.nan, "formula": f"normal, std = {std:g}", "target_std": std, "limit": np.nan}
    if isinstance(initializer, str) and initializer in RULES:
        return _rule_spec(initializer, fan_in, fan_out)
    from .models import resolve_initializer

    obj = resolve_initializer(initializer, name="initializer")
    label = initializer if isinstance(initializer, str) else type(obj).__name__
    return _keras_spec(obj, label, fan_in, fan_out)


def target_std(initializer, shape=(784, 256)) -> float:
    """The standard deviation an initializer's weights should have on a ``(fan_in, fan_out)`` kernel.

    E.g. ``target_std('he_normal', (784, 256)) == sqrt(2/784)``; ``target_std('glorot_uniform',
    (784, 256)) == sqrt(2/(784+256))``. Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    return float(initializer_spec(initializer, shape)["target_std"])


def initializer_table(initializers=NOTES_INITIALIZERS, shape=(784, 256)) -> pd.DataFrame:
    """One row per initializer: what Keras builds for the name and the formula of its std.

    Columns as in :func:`initializer_spec`. The default list is the source notes' eight
    names. Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    names = _name_list(initializers, "initializers")
    return pd.DataFrame([initializer_spec(name, shape) for name in names])


def sample_weights(initializer, shape=(784, 256), *, seed: int | None = 0) -> np.ndarray:
    """Draw one kernel of ``shape`` from ``initializer`` (same inputs as :func:`initializer_spec`).

    Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    fan_in, fan_out = _shape(shape)
    init = make_initializer(initializer, seed=seed)
    return np.asarray(init((fan_in, fan_out), dtype="float32"))


def check_initializers(initializers=NOTES_INITIALIZERS, shape=(784, 256), *, seed: int | None = 0) -> pd.DataFrame:
    """Compare each initializer's sample std with its formula, on one ``shape`` kernel.

    Returns :func:`initializer_table` plus sample_std, rel_error (|sample - target| / target;
    0 when both are 0), max_abs (the largest |w| drawn) and within_limit (max_abs <= limit, or
    True where there is no limit). Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    names = _name_list(initializers, "initializers")
    seed = optional_seed(seed)
    rows = []
    for name in names:
        spec = initializer_spec(name, shape)
        w = sample_weights(name, shape, seed=seed).astype(np.float64)
        sample = float(w.std())
        target = spec["target_std"]
        if target == 0:
            rel = 0.0 if sample == 0 else np.inf
        else:
            rel = abs(sample - target) / target
        max_abs = float(np.abs(w).max())
        limit = spec["limit"]
        within = True if not np.isfinite(limit) else bool(max_abs <= limit * (1 + 1e-6))
        rows.append({**spec, "sample_std": sample, "rel_error": rel, "max_abs": max_abs, "within_limit": within})
    return pd.DataFrame(rows)


def _name_list(values, name: str) -> list:
    if not isinstance(values, (list, tuple)):
        values = [values]
    values = list(values)
    if not values:
        raise ValueError(f"{name} must list at least one initializer")
    return values


_FORMULA_CLASS = None


def _formula_class():
    """The Keras initializer class for the course rules (built on first use: no Keras at import)."""
    global _FORMULA_CLASS
    if _FORMULA_CLASS is not None:
        return _FORMULA_CLASS
    import keras

    class FormulaInitializer(keras.initializers.Initializer):
        """Weights drawn by one of the course's named rules (see ``RULES``), fan-in from the shape."""

        def __init__(self, rule="xavier", seed=None):
            if rule not in RULES:
                raise ValueError(f"rule must be one of {', '.join(RULES)}; got {rule!r}")
            self.rule = rule
            self.seed = seed

        def __call__(self, shape, dtype=None):
            shape = tuple(int(s) for s in shape)
            fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else shape[0]
            fan_out = shape[-1]
            spec = _rule_spec(self.rule, max(fan_in, 1), max(fan_out, 1))
            if spec["distribution"] == "uniform":
                lim = spec["limit"]
                return keras.random.uniform(shape, minval=-lim, maxval=lim, dtype=dtype, seed=self.seed)
            return keras.random.normal(shape, mean=0.0, stddev=spec["target_std"], dtype=dtype, seed=self.seed)

        def get_config(self):
            return {"rule": self.rule, "seed": self.seed}

    FormulaInitializer.__module__ = __name__
    _FORMULA_CLASS = FormulaInitializer
    return FormulaInitializer


def make_initializer(initializer, *, seed: int | None = None, name: str = "kernel_initializer"):
    """A Keras initializer for a Keras name, a course rule or a weight std.

    * a number ``s``: ``keras.initializers.RandomNormal(0, s)`` (the classic "std 1", "std 0.01");
    * a course rule: ``'xavier'`` (normal, std 1/sqrt(n), as in *Deep Learning from Scratch*),
      ``'he'`` (normal, std sqrt(2/n)), ``'notes_xavier'`` (std 1/n^-2 = n^2) and ``'notes_he'``
      (std 2/n^2), the source notes' formulas as written, ``'glorot_baseline'`` (Glorot &
      Bengio's U[-1/sqrt(n), 1/sqrt(n)]) and ``'glorot_normalized'`` (their normalized init,
      the same as ``'glorot_uniform'``); n is the layer's fan-in;
    * anything ``keras.initializers.get`` accepts (``'he_normal'``, ``'zero'``, an object).

    Normal rules with the same seed draw the same standard-normal numbers, only scaled, so
    settings differ by their std alone. Unknown names raise ValueError. Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    import keras

    from .models import resolve_initializer

    seed = optional_seed(seed)
    _check_rule_or_name(initializer, name)
    if isinstance(initializer, numbers.Real):
        std = positive_number(initializer, name, allow_zero=True)
        return keras.initializers.RandomNormal(mean=0.0, stddev=std, seed=seed)
    if isinstance(initializer, str) and initializer in RULES:
        return _formula_class()(initializer, seed=seed)
    try:
        return resolve_initializer(initializer, seed=seed, name=name)
    except ValueError:
        raise ValueError(f"{name} must be a number (a weight std), a course rule "
                         f"({', '.join(RULES)}) or a Keras initializer name such as 'glorot_uniform', "
                         f"'he_normal', 'lecun_uniform', 'uniform', 'normal', 'zero'; got {initializer!r}") from None


def setting_label(initializer) -> str:
    """A short label for an initializer in tables and legends: 'std=0.01', 'he', 'glorot_uniform'."""
    if isinstance(initializer, numbers.Real) and not isinstance(initializer, bool):
        return f"std={float(initializer):g}"
    if isinstance(initializer, str):
        return initializer
    return type(initializer).__name__


# --------------------------------------------------------------------------------------------
# capturing activations and gradients
# --------------------------------------------------------------------------------------------

def _activation_name(fn) -> str:
    name = getattr(fn, "__name__", None) or type(fn).__name__
    return str(name).lower()


def _chain(model):
    """The layers of a plain MLP (a chain), as (layer, is_dense) pairs; ValueError otherwise."""
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a keras.Model (Sequential or functional MLP), got {type(model).__name__}")
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    dense = [layer for layer in layers if isinstance(layer, keras.layers.Dense)]
    if not dense:
        raise ValueError("model must contain at least one Dense layer (an MLP); it has none")
    return layers


def dense_layers(model) -> list:
    """The Dense layers of ``model`` in order (hidden layers first, the output layer last)."""
    import keras

    return [layer for layer in _chain(model) if isinstance(layer, keras.layers.Dense)]


def _check_x(x, model=None, name: str = "x") -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=np.float32)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a 2-D array of numbers (samples x features), got {type(x).__name__}") from None
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (samples x features), got shape {arr.shape}")
    if arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} must have at least one sample and one feature, got shape {arr.shape}")
    if model is not None:
        expected = None
        try:
            expected = model.inputs[0].shape[-1]
        except (AttributeError, IndexError, ValueError, TypeError):
            expected = None
        if expected is not None and int(expected) != arr.shape[1]:
            raise ValueError(f"{name} has {arr.shape[1]} features but the model expects {int(expected)}")
    return arr


def _forward_tensors(model, x):
    """Run the chain layer by layer; return [(layer_number, activation_name, z, h)] for Dense layers."""
    import keras

    layers = _chain(model)
    not_a_chain = ValueError("model must be a plain chain of layers (an MLP without branches): running its "
                             "layers one after another does not give the model's output")
    ref = model(x, training=False)  # builds an unbuilt Sequential, and is the reference output
    h = x
    out = []
    number = 0
    try:
        for layer in layers:
            if isinstance(layer, keras.layers.Dense):
                number += 1
                z = keras.ops.matmul(h, layer.kernel)
                if layer.use_bias:
                    z = z + layer.bias
                h = layer.activation(z)
                out.append((number, _activation_name(layer.activation), layer, z, h))
            else:
                h = layer(h, training=False)
    except Exception:  # a merge layer fed one tensor, a shape mismatch, ...
        raise not_a_chain from None
    a, b = np.asarray(h, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    if a.shape != b.shape or not np.allclose(a, b, rtol=1e-3, atol=1e-5, equal_nan=True):
        raise not_a_chain
    return out


def _is_output(entry, n_dense, skip_output) -> bool:
    number, act, _, _, _ = entry
    return skip_output and n_dense > 1 and number == n_dense and act == "softmax"


def _frame(parts: list, setting: str, columns=("setting", "activation", "layer", "value")) -> pd.DataFrame:
    if not parts:
        return pd.DataFrame({c: [] for c in columns})
    frame = pd.concat(parts, ignore_index=True)
    frame.insert(0, "setting", setting)
    return frame


def capture_activations(model, x, *, setting: str = "", include_input: bool = False,
                        pre_activation: bool = False, skip_output: bool = True) -> pd.DataFrame:
    """Every value of every Dense layer's output for inputs ``x``, as a tidy DataFrame.

    Columns: setting, activation (the layer's activation name), layer (1, 2, ...; 0 is the
    input when ``include_input``), value. ``pre_activation=True`` records z = xW + b instead of
    f(z). A final softmax layer is left out (``skip_output``): its outputs are class
    probabilities. Works for any Sequential or functional model that is a chain of layers
    (Dropout and friends run in inference mode). Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    x = _check_x(x, model)
    if not isinstance(setting, str):
        raise ValueError(f"setting must be a string label, got {setting!r}")
    entries = _forward_tensors(model, x)
    n_dense = len(entries)
    parts = []
    if include_input:
        parts.append(pd.DataFrame({"activation": "input", "layer": 0, "value": x.ravel()}))
    for entry in entries:
        if _is_output(entry, n_dense, skip_output):
            continue
        number, act, _, z, h = entry
        values = np.asarray(z if pre_activation else h, dtype=np.float32).ravel()
        parts.append(pd.DataFrame({"activation": act, "layer": number, "value": values}))
    return _frame(parts, setting)


def capture_gradients(model, x, y, *, setting: str = "", wrt: str = "preactivation",
                      skip_output: bool = True) -> pd.DataFrame:
    """Per-layer gradients of the mean cross-entropy loss at the current weights, tidy.

    ``wrt='preactivation'`` (default) records dL/dz for every unit and sample: the
    back-propagated gradients of Glorot & Bengio's Fig. 7; ``wrt='activation'`` records
    dL/dh; ``wrt='kernel'`` records every dL/dW entry (what an SGD step uses). ``y`` holds
    integer class labels and the model must end in a softmax (as :func:`course_utils.build_mlp`
    models do). Columns: setting, activation, layer, value. Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    import keras
    import tensorflow as tf

    from ._validate import one_of

    wrt = one_of(wrt, "wrt", ("preactivation", "activation", "kernel"))
    x = _check_x(x, model)
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(x) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be a 1-D array of integer class labels, one per row of x; got shape {y.shape}")
    dense = dense_layers(model)
    if _activation_name(dense[-1].activation) != "softmax":
        raise ValueError("model must end in a softmax layer (e.g. course_utils.build_mlp) to compute the loss")
    if y.min() < 0 or y.max() >= dense[-1].units:
        raise ValueError(f"y must hold class labels 0..{dense[-1].units - 1}")
    x_t = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        entries = _forward_tensors(model, x_t)
        probs = entries[-1][4]
        loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(y, probs))
    targets = {"preactivation": [e[3] for e in entries], "activation": [e[4] for e in entries],
               "kernel": [e[2].kernel for e in entries]}[wrt]
    grads = tape.gradient(loss, targets)
    n_dense = len(entries)
    parts = []
    for entry, grad in zip(entries, grads):
        if _is_output(entry, n_dense, skip_output):
            continue
        values = np.zeros(1, np.float32) if grad is None else np.asarray(grad, dtype=np.float32).ravel()
        parts.append(pd.DataFrame({"activation": entry[1], "layer": entry[0], "value": values}))
    return _frame(parts, setting)


def mlp_weights(model) -> tuple[list, list, list]:
    """(kernels, biases, activation names) of a plain MLP's Dense layers, as NumPy arrays.

    A layer without bias has ``None``. Feed them to :func:`numpy_forward`. Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    layers = dense_layers(model)
    if not all(layer.built for layer in layers):
        raise ValueError("model must be built (call it once, or give it an Input) before reading its weights")
    kernels = [np.asarray(layer.kernel) for layer in layers]
    biases = [np.asarray(layer.bias) if layer.use_bias else None for layer in layers]
    acts = [_activation_name(layer.activation) for layer in layers]
    return kernels, biases, acts


def numpy_forward(x, weights, activation="relu", biases=None) -> list:
    """The same forward pass in plain NumPy: a list with each layer's output f(x W + b).

    ``weights`` is a list of 2-D kernels (fan_in x fan_out); ``activation`` a name or one
    name per layer ('relu', 'sigmoid', 'tanh', 'linear', 'softmax'); ``biases`` None or a list
    (entries may be None). Computed in float64: the reference a Keras run is checked against.
    Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    h = _check_x(x).astype(np.float64)
    if isinstance(weights, np.ndarray) or not isinstance(weights, Sequence) or len(weights) == 0:
        raise ValueError("weights must be a non-empty list of 2-D kernels (at least one layer)")
    acts = [activation] * len(weights) if isinstance(activation, str) else list(activation)
    if len(acts) != len(weights):
        raise ValueError(f"activation must be one name or one per layer ({len(weights)}), got {len(acts)}")
    for i, a in enumerate(acts):
        if a not in _NUMPY_ACTIVATIONS:
            raise ValueError(f"activation[{i}] must be one of {', '.join(_NUMPY_ACTIVATIONS)}; got {a!r}")
    if biases is None:
        biases = [None] * len(weights)
    if len(biases) != len(weights):
        raise ValueError(f"biases must have one entry per layer ({len(weights)}), got {len(biases)}")
    outputs = []
    for i, (w, b, a) in enumerate(zip(weights, biases, acts)):
        w = np.asarray(w, dtype=np.float64)
        if w.ndim != 2:
            raise ValueError(f"weights[{i}] must be a 2-D kernel, got shape {w.shape}")
        if w.shape[0] != h.shape[1]:
            raise ValueError(f"weights[{i}] has {w.shape[0]} rows but its input has {h.shape[1]} features")
        z = h @ w
        if b is not None:
            z = z + np.asarray(b, dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            h = _NUMPY_ACTIVATIONS[a](z)
        outputs.append(h)
    return outputs


# --------------------------------------------------------------------------------------------
# statistics
# --------------------------------------------------------------------------------------------

def _check_values(values, name: str = "values") -> pd.DataFrame:
    if not isinstance(values, pd.DataFrame):
        raise ValueError(f"{name} must be a DataFrame from capture_activations / activation_experiment, "
                         f"got {type(values).__name__}")
    missing = [c for c in ("setting", "layer", "value") if c not in values.columns]
    if missing:
        raise ValueError(f"{name} must have columns setting, layer, value; missing {missing}")
    return values


def layer_stats(values) -> pd.DataFrame:
    """Per setting and layer: mean, std, mean_sq (E[x^2]), ms_ratio, saturated, dead, near_zero.

    ``ms_ratio`` is E[x^2] of this layer over E[x^2] of the layer before (layer 0 = the input
    when captured with ``include_input=True``; otherwise NaN for the first layer): about 1 for
    He with ReLU, about 0.5 for Xavier. ``saturated`` is the fraction of values within 0.1 of a
    bounded activation's ends (sigmoid below 0.1 or above 0.9, tanh |a| > 0.9; NaN for
    unbounded ones); ``dead`` the fraction exactly 0 (switched-off units; NaN unless ReLU-like); ``near_zero``
    the fraction with |a| < 0.05 (tanh piling up at 0). Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    values = _check_values(values)
    rows = []
    for setting, part in values.groupby("setting", sort=False):
        prev_ms = np.nan
        for layer, group in part.groupby("layer", sort=True):
            v = group["value"].to_numpy(dtype=np.float64)
            act = str(group["activation"].iloc[0]) if "activation" in group.columns else ""
            with np.errstate(over="ignore", invalid="ignore"):
                ms = float(np.mean(v ** 2))
                mean = float(v.mean())
                std = float(v.std())
            if act in BOUNDED:
                lo, hi = BOUNDED[act]
                saturated = float(np.mean((v < lo + 0.1) | (v > hi - 0.1)))
            else:
                saturated = np.nan
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = ms / prev_ms if prev_ms and np.isfinite(prev_ms) else np.nan
            rows.append({"setting": setting, "activation": act, "layer": int(layer), "mean": mean, "std": std,
                         "mean_sq": ms, "ms_ratio": ratio, "saturated": saturated,
                         "dead": float(np.mean(v == 0)) if act in RELU_LIKE else np.nan,
                         "near_zero": float(np.mean(np.abs(v) < 0.05))})
            prev_ms = ms
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# experiments
# --------------------------------------------------------------------------------------------

def _settings(settings) -> list[tuple[str, str, object]]:
    """Normalize settings: {label: (activation, initializer)} or [(label, activation, initializer)]."""
    from .models import resolve_activation

    if isinstance(settings, Mapping):
        items = [(label, *spec) if isinstance(spec, (tuple, list)) else (label, spec)
                 for label, spec in settings.items()]
    elif isinstance(settings, Sequence) and not isinstance(settings, str):
        items = [tuple(item) if isinstance(item, (tuple, list)) else (item,) for item in settings]
    else:
        raise ValueError("settings must be a dict {label: (activation, initializer)} or a list of "
                         f"(label, activation, initializer); got {type(settings).__name__}")
    if not items:
        raise ValueError("settings must name at least one setting")
    out = []
    for item in items:
        if len(item) != 3:
            raise ValueError(f"settings: each entry needs a label, an activation and an initializer; got {item!r}")
        label, activation, initializer = item
        if not isinstance(label, str) or not label:
            raise ValueError(f"settings: labels must be non-empty strings, got {label!r}")
        resolve_activation(activation, f"activation (setting {label!r})")
        make_initializer(initializer, name=f"initializer (setting {label!r})")
        out.append((label, activation, initializer))
    return out


def _random_problem(n_samples, n_inputs, n_classes, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_samples, n_inputs)).astype(np.float32)
    y = rng.integers(0, n_classes, size=n_samples)
    return x, y


def _experiment(settings, *, what, n_samples, n_inputs, depth, width, use_bias, seed, include_input, x, y):
    from .models import build_mlp

    items = _settings(settings)
    depth = positive_int(depth, "depth")
    width = positive_int(width, "width")
    seed = optional_seed(seed)
    if x is None:
        n_samples = positive_int(n_samples, "n_samples")
        n_inputs = positive_int(n_inputs, "n_inputs")
        x, y_random = _random_problem(n_samples, n_inputs, 10, seed)
        y = y_random if y is None else y
    else:
        x = _check_x(x)
        n_inputs = x.shape[1]
    frames = []
    for label, activation, initializer in items:
        model = build_mlp(n_inputs, depth=depth, width=width, activation=activation,
                          kernel_initializer=make_initializer(initializer), use_bias=use_bias, n_classes=10,
                          seed=seed, name="mlp")
        if what == "activation":
            frame = capture_activations(model, x, setting=label, include_input=include_input)
        else:
            frame = capture_gradients(model, x, y, setting=label, wrt=what)
        frame.insert(2, "initializer", setting_label(initializer))
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["setting"] = pd.Categorical(out["setting"], categories=[i[0] for i in items])
    for col in ("activation", "initializer"):
        out[col] = out[col].astype("category")
    return out


def activation_experiment(settings, *, n_samples: int = 1000, n_inputs: int = 100, depth: int = 5,
                          width: int = 100, use_bias: bool = False, seed: int = 0, include_input: bool = False,
                          x=None) -> pd.DataFrame:
    """The classic experiment: random inputs through ``depth`` Dense layers, every activation kept.

    ``settings`` maps a label to ``(activation, initializer)``, e.g. ``{"sigmoid, std 1":
    ("sigmoid", 1.0), "ReLU, He": ("relu", "he")}``; initializers as in
    :func:`make_initializer`. Defaults follow *Deep Learning from Scratch* ch. 6: 1000
    standard-normal inputs of 100 features, 5 layers of 100 units, no bias. Every setting
    uses the same inputs and the same seed (normal rules then share their random numbers).
    Returns columns setting (ordered as given), activation, initializer, layer, value. Taught
    in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    return _experiment(settings, what="activation", n_samples=n_samples, n_inputs=n_inputs, depth=depth,
                       width=width, use_bias=use_bias, seed=seed, include_input=include_input, x=x, y=None)


def gradient_experiment(settings, *, n_samples: int = 1000, n_inputs: int = 100, depth: int = 5, width: int = 100,
                        use_bias: bool = False, seed: int = 0, wrt: str = "preactivation", x=None,
                        y=None) -> pd.DataFrame:
    """Per-layer gradients at initialization for the same networks as :func:`activation_experiment`.

    The networks end in a 10-way softmax; labels are random (seeded) unless ``y`` is given.
    ``wrt`` as in :func:`capture_gradients`. Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    from ._validate import one_of

    wrt = one_of(wrt, "wrt", ("preactivation", "activation", "kernel"))
    return _experiment(settings, what=wrt, n_samples=n_samples, n_inputs=n_inputs, depth=depth, width=width,
                       use_bias=use_bias, seed=seed, include_input=False, x=x, y=y)


def _row_range(part: pd.DataFrame, act: str):
    if act in BOUNDED:
        return BOUNDED[act]
    v = part["value"].to_numpy(dtype=np.float64)
    v = v[np.isfinite(v)]
    if act in RELU_LIKE:
        v = v[v != 0]
    if v.size == 0:
        return (0.0, 1.0)
    lo, hi = np.quantile(v, [0.005, 0.995])
    if act in ("relu", "relu6"):
        lo = 0.0
    elif not act:  # e.g. gradients: symmetric around 0 when the values straddle it
        if lo < 0 < hi:
            lo, hi = -max(-lo, hi), max(-lo, hi)
    if hi <= lo:
        hi = lo + (abs(lo) if lo else 1.0)
    return float(lo), float(hi)


def plot_layer_histograms(values, *, bins: int = 30, value_range=None, activations: bool = True,
                          xlabel: str | None = None, panel_size=(2.0, 1.55), title: str | None = None):
    """Per-layer histograms: one row of panels per setting, one column per layer.

    The panels of a row share their axes: x is the activation's range (sigmoid [0, 1], tanh
    [-1, 1]) or else the row's 0.5-99.5% quantiles (or ``value_range``), y the fraction of
    the layer's values per bin. Each panel notes its std. With ``activations=True`` the exact
    zeros of ReLU-like rows (switched-off units) are left out of the bars and counted in the
    note instead; pass ``activations=False`` for other values, e.g. gradients. Returns the
    2-D array of Axes (the figure is ``axes[0, 0].figure``). Taught in
    ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    import matplotlib.pyplot as plt

    from .plotting import PALETTE

    values = _check_values(values)
    bins = positive_int(bins, "bins")
    if value_range is not None:
        if (not isinstance(value_range, Sequence) or len(value_range) != 2
                or not all(isinstance(v, numbers.Real) for v in value_range) or value_range[0] >= value_range[1]):
            raise ValueError(f"value_range must be None or (low, high) with low < high, got {value_range!r}")
    present = list(pd.unique(values["setting"]))  # in order of appearance
    if isinstance(values["setting"].dtype, pd.CategoricalDtype):  # keep the categories' order
        present = [s for s in values["setting"].cat.categories if s in set(present)]
    settings = present
    layers = sorted(values["layer"].unique())
    if not settings or not layers:
        raise ValueError("values must hold at least one setting and one layer")
    if xlabel is None:
        xlabel = "activation value" if activations else "value"
    fig, axes = plt.subplots(len(settings), len(layers), squeeze=False, sharey="row",
                             figsize=(panel_size[0] * len(layers) + 0.8, panel_size[1] * len(settings) + 0.6))
    by_setting = dict(list(values.groupby("setting", sort=False, observed=True)))
    for r, setting in enumerate(settings):
        part = by_setting[setting]
        act = str(part["activation"].iloc[-1]) if "activation" in part.columns and activations else ""
        lo, hi = value_range if value_range is not None else _row_range(part, act)
        color = PALETTE[r % len(PALETTE)]
        by_layer = {k: g.to_numpy(dtype=np.float64) for k, g in part.groupby("layer", sort=False)["value"]}
        for c, layer in enumerate(layers):
            ax = axes[r, c]
            v = by_layer.get(layer, np.zeros(0))
            total = max(len(v), 1)
            note = []
            finite = v[np.isfinite(v)]
            if finite.size:
                note.append(f"std {finite.std():.2g}")
            if act in RELU_LIKE:
                zero_frac = float(np.mean(v == 0)) if len(v) else 0.0
                v = v[v != 0]
                note.append(f"{zero_frac:.0%} zero")
            v = v[np.isfinite(v)]
            ax.hist(v, bins=bins, range=(lo, hi), weights=np.full(len(v), 1.0 / total), color=color,
                    edgecolor="white", linewidth=0.3)
            ax.set_xlim(lo, hi)
            ax.text(0.97, 0.95, "\n".join(note), transform=ax.transAxes, ha="right", va="top", fontsize=8)
            ax.tick_params(labelsize=8)
            if r == 0:
                ax.set_title(f"layer {layer}", fontsize=10)
            if c == 0:
                ax.set_ylabel(f"{setting}\nfraction", fontsize=9)
            if r == len(settings) - 1:
                ax.set_xlabel(xlabel, fontsize=9)
    if title:
        fig.suptitle(title, fontsize=12, fontweight="bold")
    return axes


def plot_layer_stats(stats, *, y: str = "std", ax=None, logy: bool = False, title: str | None = None, **kwargs):
    """One line per setting: a per-layer statistic (from :func:`layer_stats`) against layer.

    ``y`` is a column such as 'std', 'mean_sq', 'ms_ratio', 'saturated', 'dead'. Returns the
    Axes. Taught in ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    from .plotting import PALETTE, _get_ax

    if not isinstance(stats, pd.DataFrame) or not {"setting", "layer"} <= set(stats.columns):
        raise ValueError("stats must be a DataFrame from layer_stats (columns setting, layer, ...)")
    if y not in stats.columns:
        raise ValueError(f"y must be a column of stats, got {y!r}; available: {list(stats.columns)}")
    ax = _get_ax(ax)
    for i, (setting, part) in enumerate(stats.groupby("setting", sort=False, observed=True)):
        part = part.sort_values("layer")
        ax.plot(part["layer"], part[y], marker="o", color=PALETTE[i % len(PALETTE)], label=str(setting), **kwargs)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("layer")
    ax.set_xticks(sorted(stats["layer"].unique()))
    ax.set_ylabel(y)
    if title:
        ax.set_title(title)
    ax.legend()
    return ax
