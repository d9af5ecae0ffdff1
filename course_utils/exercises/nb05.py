"""Answer key for ``05_initialization_at_depth.ipynb``: chance loss, He's VarianceScaling, SGD at lr 0.01."""

import math

import numpy as np

from . import Unanswered, close, compare_number, exercise, is_unanswered


@exercise("1", reveals=("3.258", "3.26", "log(", "log2", "log10"))
def check_1(loss):
    """The loss of a 26-class softmax that gives every class 1/26: ln 26."""
    expected, base = math.log(26), "that uses another base: Keras's cross-entropy uses the natural log, -ln(p)"
    wrong = {1 / 26: "1/26 is the probability of the right class; the cross-entropy is -ln of that probability",
             math.log2(26): base, math.log10(26): base, math.log(10): "ln 10 is the loss for 10 classes; here 26"}
    if isinstance(loss, (int, float, np.floating)) and not isinstance(loss, bool):
        problems = [hint for value, hint in wrong.items() if math.isclose(loss, value, rel_tol=1e-2)]
        if not problems and abs(loss - expected) < 0.05 and not math.isclose(loss, expected, rel_tol=1e-3):
            problems = [f"{loss} is close: give at least 3 decimals"]
        if problems:
            return problems
    return compare_number(loss, expected, "the loss", rel=1e-3,
                          hint="The loss for one image is -ln(probability given to the right class).")


def _hidden(model, depth):
    """The layers, the hidden Dense ones, whether each is followed by a ReLU (its own or a ReLU layer), the output."""
    if not hasattr(model, "layers"):
        raise ValueError(f"make_deep_relu({depth}) returned {type(model).__name__}, not a Keras model")
    layers = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
    dense = [(i, layer) for i, layer in enumerate(layers) if type(layer).__name__ == "Dense"]
    relu = [d.activation.__name__ == "relu" or type((layers + [None])[i + 1]).__name__ == "ReLU" for i, d in dense[:-1]]
    return layers, [d for _, d in dense[:-1]], relu, dense[-1][1] if dense else None


@exercise("2", reveals=("scale=2", "2.0", "fan_in"))
def check_2(make_model):
    """A function depth -> Keras model: ReLU layers of 64 units with He's VarianceScaling, a 10-way softmax."""
    from ..data import load_digits_split
    if not callable(make_model) or hasattr(make_model, "layers"):
        return ["pass the function make_deep_relu itself: a function of depth that returns a Keras model"]
    if is_unanswered(model := make_model(30)):
        raise Unanswered
    (layers, hidden, relu, output), n4 = _hidden(model, 30), len(_hidden(make_model(4), 4)[1])
    if (len(hidden), n4) != (30, 4):
        return [f"make_deep_relu(30) has {len(hidden)} hidden Dense layers and make_deep_relu(4) {n4}: build `depth` "
                "of them, e.g. with a list comprehension over range(depth)"]
    odd = [i for i, (layer, r) in enumerate(zip(hidden, relu), 1) if layer.units != 64 or not r] + [0]
    kinds = {type(layer.kernel_initializer).__name__ for layer in hidden}
    problems = [msg for bad, msg in (
        (output.units != 10 or output.activation.__name__ != "softmax",
         "the last layer must be Dense(10, activation='softmax'): one probability per digit"),
        (odd[0] > 0, f"hidden layer {odd[0]} is not Dense(64, activation='relu')"),
        (kinds != {"VarianceScaling"}, f"the hidden layers use {', '.join(sorted(kinds))}: write the initializer "
         "yourself as keras.initializers.VarianceScaling(scale=..., mode=...) (notebook 04's table)"),
        (np.array_equal(hidden[0].kernel, hidden[1].kernel), "hidden layers 1 and 2 have the same weights: one "
         "initializer object draws the same values each time; create a new one for each layer")) if bad]
    if problems:
        return problems
    x = h = load_digits_split(seed=0).x_train[:256]
    for layer in layers[:layers.index(output)]:
        h = layer(h)
    ratio = float(np.mean(np.square(h)) / np.mean(np.square(x)))
    if not 1e-3 < ratio < 1e3:
        return [f"after 30 layers E[x^2] is {ratio:.1e} times the input's; it should keep its size. Each ReLU layer "
                f"multiplies it by about n * Var[w] / 2, here scale / 2 = {hidden[0].kernel_initializer.scale / 2:g}"
                " (64 inputs, 64 units)"]
    return []


@exercise("3", reveals=("0.01", "1e-2", ".min()", ".diff("),
          success="Compare with section 3: the solution says what to look for.")
def check_3(runs, glorot_lowest, he_rises):
    """Section 3's runs at lr 0.01, Glorot's lowest loss, the number of epochs in which a He run's loss went up."""
    columns = {"depth", "optimizer", "learning_rate", "batch_size", "initializer", "seed", "epoch", "loss"}
    if not columns <= set(getattr(runs, "columns", ())):
        return ["runs_fast should be the DataFrame that dep.depth_experiment returns"]
    momentum, got = runs.attrs.get("optimizer_config", {}).get("momentum"), lambda c: sorted(set(runs[c]))
    rates = [float(f"{r:.6g}") for r in got("learning_rate")]
    problems = [f"the network has {got('depth')} hidden layers, expected 30: use sgd_model"] * (got("depth") != [30])
    problems += [f"the optimizer is {got('optimizer')} with momentum {momentum}, expected SGD with momentum 0.9: "
                 "use sgd_model, compiled in section 3"] * (got("optimizer") != ["SGD"] or not close(momentum, 0.9))
    problems += [f"the learning rate is {rates}, expected 0.01 (section 3 used 0.003): pass learning_rate= to "
                 "dep.depth_experiment"] * (not close(rates, [0.01]))
    problems += [f"the batch size is {got('batch_size')}, expected 64 as in section 3"] * (got("batch_size") != [64])
    if not {"glorot_uniform", "he_uniform"} <= set(runs["initializer"]):
        problems.append(f"the initializers are {got('initializer')}: compare 'glorot_uniform' with 'he_uniform'")
    elif runs.groupby("initializer")["seed"].nunique().min() < 3 or runs["epoch"].max() != 10:
        problems.append("run the three seeds (seeds=SEEDS) for 10 epochs, as in section 3")
    if problems:
        return problems
    glorot, he = (runs[runs["initializer"] == name] for name in ("glorot_uniform", "he_uniform"))
    problems += compare_number(glorot_lowest, glorot["loss"].min(), "glorot_lowest", rel=1e-3,
                               hint="Take the smallest 'loss' among Glorot's rows (every seed and epoch).")
    rises, unsplit = int((he.groupby("seed")["loss"].diff() > 0).sum()), int((he["loss"].diff() > 0).sum())
    if he_rises != rises:
        problems.append(f"he_rises: {he_rises!r} is not right. " + (
            "Group by 'seed' before diff(): the step from one seed's last epoch to the next seed's first is not a "
            "rise" if he_rises == unsplit else "Count the epochs of He's rows whose loss is above the seed's epoch before."))
    return problems
