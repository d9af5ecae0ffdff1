"""Answer key for ``04_xavier_vs_he_activation_distributions.ipynb``: He in Keras, the book's Xavier, three numbers."""

from __future__ import annotations

import math

import numpy as np

from . import compare_number, exercise

SHAPE = (784, 256)  # the kernel exercise 2 draws from the learner's initializer


def _near(answer, value) -> bool:
    return isinstance(answer, (int, float)) and not isinstance(answer, bool) and math.isclose(answer, value, rel_tol=2e-3)


def _init_name(init) -> str:
    keys = [k for k in ("scale", "mode", "distribution") if hasattr(init, k)]
    return type(init).__name__ + (f"({', '.join(f'{k}={getattr(init, k)!r}' for k in keys)})" if keys else "")


@exercise("1", reveals=("he_normal", "he_uniform", "HeNormal", "HeUniform", "scale=2"),
          success="Every hidden kernel has std sqrt(2/fan_in).")
def check_1(model):
    """A Sequential 784 -> 256 -> 128 -> 10 with He-initialized ReLU hidden layers and a softmax output."""
    import keras

    if not isinstance(model, keras.Model):
        return [f"model should be a Keras model, keras.Sequential([...]); you gave a {type(model).__name__}"]
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
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
    if dense and dense[-1].activation.__name__ != "softmax":
        problems.append("the output layer should use activation='softmax' (class probabilities)")
    for i, layer in enumerate(dense[:-1], start=1):
        fan_in, init = layer.kernel.shape[0], layer.kernel_initializer
        if layer.activation.__name__ != "relu":
            problems.append(f"hidden layer {i} uses activation={layer.activation.__name__!r}; this model is for ReLU")
        target, sample = math.sqrt(2 / fan_in), float(np.std(np.asarray(layer.kernel)))
        if abs(sample / target - 1) > 0.05:
            problems.append(f"hidden layer {i} uses {_init_name(init)}: its weights have std {sample:.4f}, but He "
                            f"needs sqrt(2/fan_in) = sqrt(2/{fan_in}) = {target:.4f}. Set kernel_initializer "
                            "to He's rule (the Dense default is Glorot's)")
    return problems


@exercise("2", reveals=("fan_in", "untruncated_normal", "scale=1", "LecunNormal", "lecun_normal"),
          success="That is LeCun's 1/sqrt(n), the book's 'Xavier'.")
def check_2(initializer):
    """The book's Xavier, normal with std 1/sqrt(fan_in) and no truncation, as a VarianceScaling."""
    import keras

    if not isinstance(initializer, keras.initializers.VarianceScaling):
        return [f"write it as keras.initializers.VarianceScaling(scale=..., mode=..., distribution=...); "
                f"you gave {type(initializer).__name__}"]
    config, problems = {k: getattr(initializer, k) for k in ("scale", "mode", "distribution")}, []
    w = np.asarray(initializer(SHAPE), dtype=np.float64)
    target = 1 / math.sqrt(SHAPE[0])
    if config["mode"] != "fan_in":
        problems.append(f"mode={config['mode']!r}: on a {SHAPE[0]} x {SHAPE[1]} kernel that gives std "
                        f"{w.std():.4f}, not 1/sqrt({SHAPE[0]}) = {target:.4f}. The book divides by the number "
                        "of inputs only ('fan_avg' is Glorot's compromise; the two agree only on square kernels)")
    if config["scale"] != 1.0:
        problems.append(f"scale={config['scale']:g} makes the variance {config['scale']:g}/n; Xavier's is 1/n"
                        + (" (2/n is He's rule for ReLU)" if config["scale"] == 2.0 else ""))
    if config["distribution"] != "untruncated_normal":
        problems.append(f"distribution={config['distribution']!r}: the book draws from a plain normal "
                        "distribution, without cutting the tails at 2 std as Keras's own *_normal initializers do")
    if not problems and abs(w.std() / target - 1) > 0.03:
        problems.append(f"your weights have std {w.std():.4f}; expected 1/sqrt({SHAPE[0]}) = {target:.4f}")
    return problems


@exercise("3", reveals=("0.088", "0.125", "0.005", "sqrt(2 / 256", "sqrt(2/256", "384", "sqrt(6", "0.5 * 100",
                        "0.01**2", "0.01 ** 2", "check_initializers"))
def check_3(he_std, glorot_limit, relu_factor):
    """A 256 x 128 layer: He's std, glorot_uniform's largest weight; the E[x^2] factor of ReLU with std 0.01."""
    problems = compare_number(he_std, math.sqrt(2 / 256), "he_std", rel=2e-3, hint=(
        "That is the variance 2/n; the std is its square root." if _near(he_std, 2 / 256)
        else "That is Xavier's 1/sqrt(n); He doubles the variance." if _near(he_std, 1 / 16)
        else "He's rule: std = sqrt(2 / fan_in)."))
    problems += compare_number(glorot_limit, math.sqrt(6 / (256 + 128)), "glorot_limit", rel=2e-3, hint=(
        "That is the std; a uniform U[-a, a] has std a/sqrt(3), so the limit is sqrt(3) times larger."
        if _near(glorot_limit, math.sqrt(2 / 384)) else "That is he_uniform's limit: Glorot uses fan_in and fan_out."
        if _near(glorot_limit, math.sqrt(6 / 256)) else "glorot_uniform's limit is sqrt(6 / (fan_in + fan_out))."))
    problems += compare_number(relu_factor, 0.5 * 100 * 0.01 ** 2, "relu_factor", rel=2e-3, hint=(
        "Var[w] is the square of the std: 0.01 squared." if _near(relu_factor, 0.5)
        else "Per ReLU layer E[x^2] is multiplied by (1/2) n Var[w]."))
    return problems
