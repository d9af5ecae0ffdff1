"""Answer key for ``05_initialization_at_depth.ipynb``: the chance loss, a deep He-initialized ReLU
stack in Keras, and section 3's experiment at a larger learning rate."""

from __future__ import annotations

import math

import numpy as np

from . import Unanswered, compare_number, exercise, is_unanswered


@exercise("1", reveals=("2.30", "LN10", "log(", "attrs"))
def check_1(loss):
    """The loss of a 10-class softmax that gives every class 1/10: ln 10."""
    if isinstance(loss, (int, float)) and not isinstance(loss, bool):
        if math.isclose(loss, 0.1, rel_tol=1e-3):
            return ["0.1 is the probability of the right class; the cross-entropy is -ln of that probability"]
        if math.isclose(loss, 1.0, rel_tol=1e-3) or math.isclose(loss, math.log2(10), rel_tol=1e-3):
            return [f"{loss:.4g} uses another base: Keras's cross-entropy uses the natural log, -ln(p)"]
    return compare_number(loss, math.log(10), "the loss", rel=1e-3,
                          hint="The loss for one image is -ln(probability given to the right class).")


def _hidden_and_output(model):
    import keras

    if is_unanswered(model):
        raise Unanswered
    if not isinstance(model, keras.Model):
        raise ValueError(f"make_deep_relu(30) returned {type(model).__name__}, not a Keras model")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    return dense[:-1], dense[-1] if dense else None


@exercise("2", reveals=("he_normal", "he_uniform", "HeNormal", "HeUniform", "scale=2"))
def check_2(make_model):
    """A function depth -> Keras model: He-initialized ReLU layers of 64 units and a 10-way softmax."""
    import keras

    from ..data import load_digits_split

    if not callable(make_model):
        return ["make_deep_relu must be a function of depth that returns a Keras model"]
    model = make_model(30)
    hidden, output = _hidden_and_output(model)
    problems = []
    if len(hidden) != 30:
        problems.append(f"make_deep_relu(30) has {len(hidden)} hidden Dense layers, expected 30: "
                        "build `depth` of them, e.g. with a list comprehension over range(depth)")
    elif len(_hidden_and_output(make_model(4))[0]) != 4:
        problems.append("make_deep_relu(4) does not have 4 hidden Dense layers: use the depth argument")
    if output is None or output.units != 10 or output.activation.__name__ != "softmax":
        problems.append("the last layer must be Dense(10, activation='softmax'): one probability per digit")
    odd = [i for i, layer in enumerate(hidden, 1) if layer.units != 64 or layer.activation.__name__ != "relu"]
    if odd:
        problems.append(f"hidden layer {odd[0]} is not Dense(64, activation='relu')")
    for i, layer in enumerate(hidden, 1):
        init = layer.kernel_initializer
        if not (getattr(init, "mode", None) == "fan_in" and math.isclose(getattr(init, "scale", 0), 2.0)):
            problems.append(f"hidden layer {i} uses {type(init).__name__}: for ReLU the weights need "
                            "Var[w] = 2 / fan_in (He et al. 2015), because ReLU zeroes half of its inputs")
            break
    if hidden and not problems:
        x = load_digits_split(seed=0).x_train[:256]
        h = x
        for layer in model.layers[:-1]:
            h = h if isinstance(layer, keras.layers.InputLayer) else layer(h)
        ratio = float(np.mean(np.square(h)) / np.mean(np.square(x)))
        if not 0.01 < ratio < 100:
            problems.append(f"after 30 layers E[x^2] is {ratio:.1e} times the input's: the signal should keep its size")
    return problems


@exercise("3", reveals=("0.01", "1e-2"),
          success="Plot it with dep.plot_loss_curves and compare with section 3; the solution says what to look for.")
def check_3(runs):
    """Section 3's 30-layer experiment (SGD with momentum, both initializers, 3 seeds, 10 epochs) at lr 0.01."""
    import pandas as pd

    columns = ["depth", "optimizer", "learning_rate", "initializer", "seed", "epoch", "loss"]
    if not isinstance(runs, pd.DataFrame) or not set(columns) <= set(runs.columns):
        return ["runs_fast should be the DataFrame that dep.depth_experiment returns"]
    problems = []
    if set(runs["depth"]) != {30}:
        problems.append(f"the network has {sorted(set(runs['depth']))} hidden layers, expected 30: use sgd_model")
    if set(runs["optimizer"]) != {"SGD"}:
        problems.append(f"the optimizer is {sorted(set(runs['optimizer']))}, expected SGD with momentum: use sgd_model")
    rates = [float(f"{r:.6g}") for r in sorted(set(runs["learning_rate"]))]
    if not np.allclose(rates, 0.01):
        problems.append(f"the learning rate is {rates}, expected 0.01 (section 3 used 0.003): "
                        "pass learning_rate= to dep.depth_experiment")
    inits = set(runs["initializer"])
    if not {"glorot_uniform", "he_uniform"} <= inits:
        problems.append(f"the initializers are {sorted(inits)}: compare 'glorot_uniform' with 'he_uniform'")
    if runs.groupby("initializer")["seed"].nunique().min() < 3:
        problems.append("run at least 3 seeds per initializer (seeds=SEEDS): one run could be luck")
    if runs["epoch"].max() != 10:
        problems.append(f"the runs last {runs['epoch'].max()} epochs, expected 10 as in section 3")
    return problems
