"""Small Keras models for the course: a multilayer perceptron (MLP) builder.

Taught in ``00_start_here.ipynb``; used by every later notebook.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

from ._validate import _keras_kind, _plain, boolean, fraction, optional_seed, positive_int, positive_number

# Names a learner is likely to type; any other name Keras accepts works too.
COMMON_ACTIVATIONS = ("relu", "sigmoid", "tanh", "elu", "selu", "gelu", "silu", "leaky_relu",
                      "softplus", "linear")
COMMON_INITIALIZERS = ("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
                       "lecun_normal", "uniform", "normal", "truncated_normal", "orthogonal", "zeros",
                       "zero", "ones", "xavier", "he")
# The book's rules (Deep Learning from Scratch): normal weights, std sqrt(scale / fan_in); "xavier" = lecun_normal
# untruncated. Accepted by every helper that takes an initializer (Keras itself does not know these two names).
INITIALIZER_RULES = {"xavier": 1.0, "he": 2.0}
# The one spelling policy for names (initializers, activations): as Keras spells them ('he_normal', 'HeNormal'),
# in any case ('HE_NORMAL', 'Relu'), plus 'xavier' and 'he' above.


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

    if isinstance(activation, type) and _keras_kind(activation, "Layer"):
        raise ValueError(f"{name} is the layer class {activation.__name__}; pass an activation name such as 'relu' "
                         "or a function such as keras.activations.relu")
    if callable(activation) and not isinstance(activation, str):
        return activation
    if isinstance(activation, str):
        for spelling in dict.fromkeys((activation, activation.lower())):
            try:
                return keras.activations.get(spelling)
            except (ValueError, TypeError):
                pass
    raise ValueError(f"{name} must be a Keras activation name (any case) or a callable; got {activation!r}. "
                     f"Valid names include: {', '.join(COMMON_ACTIVATIONS)}")


def resolve_initializer(initializer, *, seed: int | None = None, name: str = "kernel_initializer"):
    """Return a fresh Keras initializer object for a name, number, config, class or object, seeded with ``seed``.

    One spelling policy in every helper: names as Keras spells them ('he_normal', 'HeNormal', also
    'zero', 'uniform', 'normal' from old Keras code), in any case, plus the book's 'xavier' and 'he'
    (``VarianceScaling(1.0 or 2.0, "fan_in", "untruncated_normal")``: std 1/sqrt(n) and sqrt(2/n));
    a number ``s`` gives ``RandomNormal(stddev=s)``; an initializer class is instantiated. An object
    is copied (``from_config``): Keras initializers give the same values at every call, so one object
    shared by several layers would give same-shape layers identical kernels. Unknown names raise
    ValueError listing valid ones.

    Used by :func:`build_mlp` (``00_start_here.ipynb``) and notebook 04.
    """
    import keras

    seed = optional_seed(seed)
    message = (f"{name} must be a Keras initializer name (any case), 'xavier', 'he', a number (a weight std) or an "
               f"initializer object; got {initializer!r}. Valid names include: {', '.join(COMMON_INITIALIZERS)}")
    initializer = _plain(initializer)
    if isinstance(initializer, bool):
        raise ValueError(message)
    if isinstance(initializer, (int, float)):
        std = positive_number(initializer, name, allow_zero=True)
        return keras.initializers.RandomNormal(mean=0.0, stddev=std, seed=seed)
    if isinstance(initializer, str) and initializer.lower() in INITIALIZER_RULES:
        return keras.initializers.VarianceScaling(INITIALIZER_RULES[initializer.lower()], "fan_in",
                                                  "untruncated_normal", seed=seed)
    if isinstance(initializer, type) and issubclass(initializer, keras.initializers.Initializer):
        initializer = initializer()
    if isinstance(initializer, keras.initializers.Initializer):
        obj = initializer
    elif isinstance(initializer, (str, dict)):
        obj = None
        spellings = [initializer] if isinstance(initializer, dict) else dict.fromkeys((initializer, initializer.lower()))
        for spelling in spellings:
            try:
                obj = keras.initializers.get(spelling)
                break
            except (ValueError, TypeError):
                pass
        if obj is None:
            raise ValueError(message)
    elif callable(initializer):
        return initializer
    else:
        raise ValueError(message)
    config = obj.get_config()
    if seed is not None and "seed" in config:
        config["seed"] = seed
    return obj.__class__.from_config(config)


def _fixed_seed(initializer):
    """The seed of an initializer object that has one (else None)."""
    get_config = getattr(initializer, "get_config", None)
    return get_config().get("seed") if callable(get_config) and not isinstance(initializer, type) else None


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
    hidden layer uses ``activation`` and ``kernel_initializer`` (any Keras name in any case,
    'xavier', 'he', a std, a config or an object: :func:`resolve_initializer`); layer ``i`` is
    seeded with ``seed + i``, so the same seed gives the same weights and different layers get
    different draws (with ``seed=None``, an initializer object with a fixed seed is refused: it
    would give same-shape layers identical kernels). ``n_classes=1`` with softmax is refused
    (a softmax over one class is always 1). ``kernel_regularizer`` and
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
    use_bias = boolean(use_bias, "use_bias")
    act = resolve_activation(activation)
    out_act = resolve_activation(output_activation, "output_activation")
    if n_classes == 1 and getattr(out_act, "__name__", "") == "softmax":
        raise ValueError("n_classes=1 with output_activation='softmax' gives a constant output of 1 (a softmax over "
                         "one class), so the loss is 0 and nothing is learned: use n_classes=2 for two classes "
                         "(labels 0 and 1), or output_activation='sigmoid' with a binary_crossentropy loss")
    if seed is None and _fixed_seed(kernel_initializer) is not None:
        raise ValueError(f"kernel_initializer is a {type(kernel_initializer).__name__} object with a fixed seed "
                         f"({_fixed_seed(kernel_initializer)}) and seed=None: Keras would give every layer of the same "
                         "shape identical weights. Pass seed=0 (layer i is then seeded seed + i), a name such as "
                         "'he_normal', or the class (keras.initializers.HeNormal)")
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
