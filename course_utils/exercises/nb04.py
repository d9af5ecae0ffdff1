"""Answer key for ``04_xavier_vs_he_activation_distributions.ipynb``: He in Keras, Glorot's sigmoid rule, three numbers."""

from __future__ import annotations

import math

import numpy as np

from . import compare_number, exercise

SHAPE = (784, 256)  # the kernel exercise 2 draws from the learner's initializer
TRUNCATED_STD = 0.87962566103423978  # std of N(0, 1) cut at +-2: keras.initializers.TruncatedNormal's sample std


def _near(answer, value) -> bool:
    return isinstance(answer, (int, float)) and not isinstance(answer, bool) and math.isclose(answer, value, rel_tol=2e-3)


def _init_name(init) -> str:
    keys = [k for k in ("scale", "mode", "distribution", "stddev", "minval", "maxval") if hasattr(init, k)]
    return type(init).__name__ + (f"({', '.join(f'{k}={getattr(init, k)!r}' for k in keys)})" if keys else "")


def _dense_and_activations(model):
    """The Dense layers and what follows each: its own activation, or a ReLU / Softmax / Activation layer after it."""
    import keras

    dense, acts = [], []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            dense.append(layer)
            acts.append(layer.activation.__name__)
        elif dense and acts[-1] == "linear":
            if isinstance(layer, keras.layers.ReLU):
                acts[-1] = "relu"
            elif isinstance(layer, keras.layers.Softmax):
                acts[-1] = "softmax"
            elif isinstance(layer, keras.layers.Activation):
                acts[-1] = getattr(layer.activation, "__name__", "?")
    return dense, acts


def _he_problem(i, layer) -> str | None:
    """None if the layer's initializer is He's rule (by its config, not by one sample's std)."""
    import keras

    fan_in, init = layer.kernel.shape[0], layer.kernel_initializer
    target = math.sqrt(2 / fan_in)
    if isinstance(init, keras.initializers.VarianceScaling):
        if init.scale == 2.0 and init.mode == "fan_in":
            return None
        n = {"fan_in": "fan_in", "fan_out": "fan_out", "fan_avg": "((fan_in + fan_out)/2)"}[init.mode]
        return (f"hidden layer {i} uses {_init_name(init)}: weights with std sqrt({init.scale:g}/{n}), but He needs "
                f"sqrt(2/fan_in) = sqrt(2/{fan_in}) = {target:.4f}. Set kernel_initializer to He's rule "
                "(the Dense default is Glorot's)")
    std = {keras.initializers.TruncatedNormal: lambda: init.stddev * TRUNCATED_STD,
           keras.initializers.RandomNormal: lambda: init.stddev,
           keras.initializers.RandomUniform: lambda: (init.maxval - init.minval) / math.sqrt(12)}.get(type(init))
    if std is not None and math.isclose(std(), target, rel_tol=2e-3):
        return None  # He's std written out by hand for this layer's fan-in
    if std is not None:
        return (f"hidden layer {i} uses {_init_name(init)}: a fixed std of {std():.4f} whatever the layer's size. "
                f"He's rule scales with the layer: sqrt(2/fan_in) = sqrt(2/{fan_in}) = {target:.4f} here "
                "(a fixed std can be close for one layer and wrong for the next). Set kernel_initializer to He's rule")
    return f"hidden layer {i} uses {_init_name(init)}, not He's rule sqrt(2/fan_in)"


@exercise("1", reveals=("he_normal", "he_uniform", "HeNormal", "HeUniform", "scale=2"),
          success="Every hidden layer is initialized with He's rule, std sqrt(2/fan_in).")
def check_1(model):
    """A Sequential 784 -> 256 -> 128 -> 10 with He-initialized ReLU hidden layers and a softmax output."""
    import keras

    if not isinstance(model, keras.Model):
        return [f"model should be a Keras model, keras.Sequential([...]); you gave a {type(model).__name__}"]
    dense, acts = _dense_and_activations(model)
    try:
        built = bool(model.inputs) and all(layer.built for layer in dense)
    except (AttributeError, ValueError):  # a Sequential without keras.Input has no inputs yet
        built = False
    if not built:
        return ["the model has no weights yet: start the layer list with keras.Input(shape=(784,))"]
    widths = [layer.units for layer in dense]
    problems = []
    if model.inputs[0].shape[-1] != 784 or widths != [256, 128, 10]:
        problems.append(f"expected 784 inputs and Dense layers of 256, 128 and 10 units; yours has "
                        f"{model.inputs[0].shape[-1]} inputs and Dense layers of {widths}")
    if dense and acts[-1] != "softmax":
        problems.append("the output layer should use activation='softmax' (class probabilities)")
    for i, (layer, act) in enumerate(zip(dense[:-1], acts[:-1]), start=1):
        if act != "relu":
            problems.append(f"hidden layer {i} uses activation={act!r}; this model is for ReLU")
        problem = _he_problem(i, layer)
        if problem:
            problems.append(problem)
    return problems


@exercise("2", reveals=("scale=16", "16.0", "16,", "fan_avg"),
          success="Weights 4 times glorot_uniform's: uniform on +-4 sqrt(6/(fan_in + fan_out)).")
def check_2(initializer):
    """Glorot's rule for sigmoid layers: uniform on +-4 sqrt(6/(fan_in + fan_out)), as a VarianceScaling."""
    import keras

    if not isinstance(initializer, keras.initializers.VarianceScaling):
        return [f"write it as keras.initializers.VarianceScaling(scale=..., mode=..., distribution=...); "
                f"you gave {type(initializer).__name__}"]
    scale, mode, distribution = initializer.scale, initializer.mode, initializer.distribution
    fan_in, fan_out = SHAPE
    limit = 4 * math.sqrt(6 / (fan_in + fan_out))
    problems = []
    if scale == 1.0:
        problems.append("scale=1 is glorot_uniform itself; the rule wants weights 4 times larger")
    elif scale == 4.0:
        problems.append("scale=4 makes the weights only 2 times larger: scale multiplies the variance, and the "
                        "variance grows with the square of the weights")
    elif scale != 16.0:
        problems.append(f"scale={scale:g} makes the weights {math.sqrt(scale):.3g} times glorot_uniform's, "
                        "not 4 times: scale multiplies the variance, the square of the weights' size")
    if mode != "fan_avg":
        problems.append(f"mode={mode!r}: Glorot's rule divides by the average of fan_in and fan_out, "
                        "as in sqrt(6/(fan_in + fan_out)); on a 784 x 256 kernel the two differ")
    if distribution != "uniform":
        problems.append(f"distribution={distribution!r}: the rule draws from a uniform distribution U[-limit, limit]"
                        + (" (Keras reads 'normal' as 'truncated_normal'; a plain normal is 'untruncated_normal')"
                           if distribution == "truncated_normal" else ""))
    if not problems:
        w = np.asarray(initializer(SHAPE), dtype=np.float64)
        if not 0.99 * limit < np.abs(w).max() <= limit * (1 + 1e-6):
            problems.append(f"your weights reach {np.abs(w).max():.4f}; expected the limit "
                            f"4 sqrt(6/({fan_in} + {fan_out})) = {limit:.4f}")
    return problems


@exercise("3", reveals=("0.088", "0.125", "0.32", "sqrt(2 / 256", "sqrt(2/256", "384", "sqrt(6", "0.5 * 256",
                        "0.05**2", "0.05 ** 2", "0.0025", "check_initializers"))
def check_3(he_std, glorot_limit, relu_factor):
    """A 256 x 128 layer: He's std, glorot_uniform's largest weight; the E[x^2] multiplier of ReLU with 'normal'."""
    problems = compare_number(he_std, math.sqrt(2 / 256), "he_std", rel=2e-3, hint=(
        "That is the variance 2/n; the std is its square root." if _near(he_std, 2 / 256)
        else "That is Xavier's 1/sqrt(n); He doubles the variance." if _near(he_std, 1 / 16)
        else "He's rule: std = sqrt(2 / fan_in)."))
    problems += compare_number(glorot_limit, math.sqrt(6 / (256 + 128)), "glorot_limit", rel=2e-3, hint=(
        "That is the std; a uniform U[-a, a] has std a/sqrt(3), so the limit is sqrt(3) times larger."
        if _near(glorot_limit, math.sqrt(2 / 384)) else "That is he_uniform's limit: Glorot uses fan_in and fan_out."
        if _near(glorot_limit, math.sqrt(6 / 256)) else "glorot_uniform's limit is sqrt(6 / (fan_in + fan_out))."))
    expected = 0.5 * 256 * 0.05 ** 2
    problems += compare_number(relu_factor, expected, "relu_factor", rel=2e-3, hint=(
        "That is how many times smaller E[x^2] gets; the question asks for the number it is multiplied by."
        if _near(relu_factor, 1 / expected)
        else "Var[w] is the square of the std." if _near(relu_factor, 0.5 * 256 * 0.05)
        else "The ReLU sets about half of the sums to 0: the factor has a 1/2 in it." if _near(relu_factor, 2 * expected)
        else "Per ReLU layer E[x^2] is multiplied by (1/2) n Var[w], with n the layer's number of inputs."))
    return problems
