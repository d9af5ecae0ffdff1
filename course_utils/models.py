"""Small Keras models for the course: a multilayer perceptron (MLP) builder.

Taught in ``00_start_here.ipynb``; used by every later notebook.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

from ._validate import fraction, optional_seed, positive_int

# Names a learner is likely to type; any other name Keras accepts works too.
COMMON_ACTIVATIONS = ("relu", "sigmoid", "tanh", "elu", "selu", "gelu", "silu", "leaky_relu",
                      "softplus", "linear")
COMMON_INITIALIZERS = ("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
                       "lecun_normal", "uniform", "normal", "truncated_normal", "orthogonal", "zeros",
                       "zero", "ones")


def valid_activations() -> tuple[str, ...]:
    """Activation names the course uses (Keras accepts a few more).

    Used by ``00_start_here.ipynb``'s helpers.
    """
    return COMMON_ACTIVATIONS


def valid_initializers() -> tuple[str, ...]:
    """Initializer names the course uses (Keras accepts a few more, e.g. CamelCase class names).

    Used with ``04_xavier_vs_he_activation_distributions.ipynb``.
    """
    return COMMON_INITIALIZERS


def resolve_activation(activation, name: str = "activation"):
    """Return a Keras activation for a name or callable, or ValueError listing valid names.

    Used by :func:`build_mlp` (``00_start_here.ipynb``).
    """
    import keras

    if callable(activation) and not isinstance(activation, str):
        return activation
    if isinstance(activation, str):
        try:
            return keras.activations.get(activation)
        except (ValueError, TypeError):
            pass
    raise ValueError(f"{name} must be a Keras activation name or a callable; got {activation!r}. "
                     f"Valid names include: {', '.join(COMMON_ACTIVATIONS)}")


def resolve_initializer(initializer, *, seed: int | None = None, name: str = "kernel_initializer"):
    """Return a Keras initializer object for a name, config or object, seeded with ``seed``.

    Strings are resolved by ``keras.initializers.get`` (so 'zero', 'uniform', 'normal' from old
    Keras code still work); unknown names raise ValueError listing valid ones.

    Used by :func:`build_mlp` (``00_start_here.ipynb``) and notebook 04.
    """
    import keras

    if isinstance(initializer, keras.initializers.Initializer):
        obj = initializer
    elif isinstance(initializer, (str, dict)):
        try:
            obj = keras.initializers.get(initializer)
        except (ValueError, TypeError):
            obj = None
        if obj is None:
            raise ValueError(f"{name} must be a Keras initializer name or object; got {initializer!r}. "
                             f"Valid names include: {', '.join(COMMON_INITIALIZERS)}")
    elif callable(initializer):
        return initializer
    else:
        raise ValueError(f"{name} must be a Keras initializer name or object; got {initializer!r}. "
                         f"Valid names include: {', '.join(COMMON_INITIALIZERS)}")
    config = obj.get_config()
    if seed is not None and "seed" in config:
        config["seed"] = seed
        obj = obj.__class__.from_config(config)
    return obj


def _hidden_widths(hidden, depth, width) -> list[int]:
    if depth is not None or width is not None:
        if hidden is not None:
            raise ValueError("give either hidden=(widths...) or depth= and width=, not both")
        depth = positive_int(depth, "depth", minimum=1) if depth is not None else 1
        width = positive_int(width, "width") if width is not None else 64
        return [width] * depth
    if hidden is None:
        return [64]
    if isinstance(hidden, numbers.Integral) and not isinstance(hidden, bool):
        hidden = [hidden]
    if not isinstance(hidden, Sequence) or isinstance(hidden, str):
        raise ValueError(f"hidden must be a list of layer widths, e.g. (64, 64); got {hidden!r}")
    return [positive_int(w, f"hidden[{i}]") for i, w in enumerate(hidden)]


def build_mlp(n_inputs: int = 64, hidden: Sequence[int] | int | None = None, *, depth: int | None = None,
              width: int | None = None, activation="relu", kernel_initializer="glorot_uniform",
              n_classes: int = 10, output_activation="softmax", use_bias: bool = True,
              kernel_regularizer=None, kernel_constraint=None, dropout: float = 0.0,
              seed: int | None = 0, name: str = "mlp"):
    """Build an (uncompiled) Keras MLP classifier.

    Hidden layers are given as ``hidden=(64, 64)`` or as ``depth=30, width=64``. Every
    hidden layer uses ``activation`` and ``kernel_initializer`` (any Keras name, config or
    object); layer ``i`` is seeded with ``seed + i``, so the same seed gives the same
    weights and different layers get different draws. ``kernel_regularizer`` and
    ``kernel_constraint`` apply to every Dense layer; ``dropout`` > 0 adds a Dropout layer
    after each hidden layer. Layers are named ``hidden_1``, ..., ``output``.

    Taught in ``00_start_here.ipynb`` (the same model as the Keras ``Sequential`` written out
    there); the runners of notebooks 02-06 build their models with it.
    """
    import keras

    n_inputs = positive_int(n_inputs, "n_inputs")
    n_classes = positive_int(n_classes, "n_classes", minimum=1)
    widths = _hidden_widths(hidden, depth, width)
    seed = optional_seed(seed)
    dropout = fraction(dropout, "dropout")
    act = resolve_activation(activation)
    out_act = resolve_activation(output_activation, "output_activation")
    if kernel_regularizer is not None:
        try:
            kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        except (ValueError, TypeError):
            raise ValueError(f"kernel_regularizer must be a Keras regularizer (e.g. keras.regularizers.L2(1e-3)) "
                             f"or None; got {kernel_regularizer!r}") from None
    if kernel_constraint is not None:
        try:
            kernel_constraint = keras.constraints.get(kernel_constraint)
        except (ValueError, TypeError):
            raise ValueError(f"kernel_constraint must be a Keras constraint (e.g. keras.constraints.MaxNorm(3)) "
                             f"or None; got {kernel_constraint!r}") from None
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string, got {name!r}")
    resolve_initializer(kernel_initializer)  # validate once, before building anything

    def layer_seed(i):
        return None if seed is None else seed + i

    inputs = keras.Input(shape=(n_inputs,), name="inputs")
    x = inputs
    for i, w in enumerate(widths, start=1):
        x = keras.layers.Dense(
            w, activation=act, use_bias=use_bias,
            kernel_initializer=resolve_initializer(kernel_initializer, seed=layer_seed(i)),
            kernel_regularizer=kernel_regularizer, kernel_constraint=kernel_constraint,
            name=f"hidden_{i}")(x)
        if dropout > 0:
            x = keras.layers.Dropout(dropout, seed=layer_seed(1000 + i), name=f"dropout_{i}")(x)
    outputs = keras.layers.Dense(
        n_classes, activation=out_act, use_bias=use_bias,
        kernel_initializer=resolve_initializer(kernel_initializer, seed=layer_seed(len(widths) + 1)),
        kernel_regularizer=kernel_regularizer, kernel_constraint=kernel_constraint, name="output")(x)
    return keras.Model(inputs, outputs, name=name)
