"""Notebook 05 (initialization at depth): the Keras it shows, the claims it makes, its exercises.

The experiments are the notebook's own (the same Keras network, optimizer, batch size and epochs),
run once for the seeds 0, 1, 2 and shared by the claims through the cached functions below.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from specs import Case, Claim, ExerciseCases

NOTEBOOK = "05_initialization_at_depth.ipynb"
SEEDS = (0, 1, 2)
LN10 = math.log(10)
INITS = ("glorot_uniform", "he_uniform")

KERAS_LINES = [
    "keras.Sequential([",
    "keras.Input((64,))",
    'keras.layers.Dense(64, activation="relu", use_bias=False, kernel_initializer=kernel_initializer)',
    'keras.layers.Dense(10, activation="softmax")',
    "model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.003, momentum=0.9),",
    "history = model.fit(data.x_train, data.y_train, epochs=5, batch_size=64, verbose=0)",
    "adam_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),",
    'kernel_initializer="zeros"',
    "with tf.GradientTape() as tape:",
    "optimizer.apply(",
]

# the notebook's code, by experiment
DEEP = ('keras.layers.Dense(64, activation="relu", use_bias=False, kernel_initializer=kernel_initializer)',
        'keras.layers.Dense(10, activation="softmax"),')
FIT5 = DEEP + ("model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.003, momentum=0.9),",
               "history = model.fit(data.x_train, data.y_train, epochs=5, batch_size=64, verbose=0)")
SIGNAL = DEEP + ("keras.utils.set_random_seed(0)", "ini.capture_activations(net, x500, setting=init, include_input=True)",
                 "ini.capture_gradients(net, x500, y500, setting=init)")
RUNS30 = DEEP + ('sgd_model = models["he_uniform"]', "SEEDS = (0, 1, 2)",
                 'runs30 = dep.depth_experiment(sgd_model, initializers=("glorot_uniform", "he_uniform"), seeds=SEEDS, '
                 "epochs=10,")
STEPS = SIGNAL + ("optimizer.apply([g1], [w])", 'keras.optimizers.Adam(learning_rate=0.001))):',
                  "g1 = tape.gradient(loss, net.layers[0].kernel).numpy()")
ADAM = DEEP + ("adam_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),",
               'runs_adam = dep.depth_experiment(adam_model, initializers=("glorot_uniform", "he_uniform"), '
               "seeds=SEEDS, epochs=10,")
GRID = ('grid = dep.initializer_grid(ini.NOTES_INITIALIZERS, ("relu", "sigmoid"), depth=3, optimizer="momentum",',
        "learning_rate=0.05, seeds=(0,), epochs=10, data=data)")
ZERO = ('keras.layers.Dense(16, activation=activation, kernel_initializer="zeros"),',
        "optimizer = keras.optimizers.SGD(learning_rate=0.5)", "for _ in range(10):")
FAST = RUNS30 + ('runs_fast = dep.depth_experiment(sgd_model, initializers=("glorot_uniform", "he_uniform"), '
                 "learning_rate=0.01,",)


# ------------------------------------------------------------------------------------ experiments

@functools.cache
def _data():
    from course_utils import load_digits_split

    return load_digits_split(seed=0)


def _deep_relu(kernel_initializer, depth=30):
    import keras

    return keras.Sequential([
        keras.Input((64,)),
        *[keras.layers.Dense(64, activation="relu", use_bias=False, kernel_initializer=kernel_initializer)
          for _ in range(depth)],
        keras.layers.Dense(10, activation="softmax"),
    ])


def _compiled(adam=False):
    import keras

    model = _deep_relu("he_uniform")
    optimizer = (keras.optimizers.Adam(learning_rate=0.001) if adam
                 else keras.optimizers.SGD(learning_rate=0.003, momentum=0.9))
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@functools.cache
def _sgd_model():
    return _compiled()


@functools.cache
def _runs(kind: str, seeds: tuple):
    from course_utils import depth as dep

    if kind == "grid":
        return dep.initializer_grid(seeds=seeds, data=_data())
    model = _compiled(adam=True) if kind == "adam" else _sgd_model()
    return dep.depth_experiment(model, initializers=INITS, seeds=seeds, epochs=10, data=_data(),
                                learning_rate=0.01 if kind == "fast" else None)


def _curves(kind: str, seed: int):
    """Per initializer, the seed's training loss by epoch (a DataFrame: rows initializers, columns epochs)."""
    runs = _runs(kind, SEEDS if seed in SEEDS else (seed,))
    part = runs[runs["seed"] == seed]
    assert len(part), f"no runs for seed {seed}"
    return part.pivot_table(index="initializer", columns="epoch", values="loss")


def _grid_acc(seed: int):
    grid = _runs("grid", SEEDS if seed in SEEDS else (seed,))
    return grid[grid["seed"] == seed].set_index(["activation", "initializer"])["val_accuracy"]


@functools.cache
def _section1(seed: int) -> dict:
    """Section 1: each network drawn after keras.utils.set_random_seed(seed), 5 epochs, batch 64."""
    import keras

    from course_utils.training import fast_fit, reset_optimizer

    model, data, out = _sgd_model(), _data(), {}
    for init in INITS:
        keras.utils.set_random_seed(seed)
        model.set_weights(_deep_relu(init).get_weights())
        reset_optimizer(model.optimizer, 0.003)
        out[init] = fast_fit(model, data.x_train, data.y_train, epochs=5, batch_size=64, seed=seed)["loss"].to_numpy()
    return out


@functools.cache
def _signal(seed: int) -> dict:
    """Sections 2 and 4: the untrained networks (seeded like the notebook), forward, backward, one step."""
    import keras
    import pandas as pd
    import tensorflow as tf

    from course_utils import initialization as ini

    data = _data()
    x, y = data.x_train[:500], data.y_train[:500]
    nets, frames, grads, out = {}, [], [], {"steps": {}, "grad_size": {}}
    for init in INITS:
        keras.utils.set_random_seed(seed)
        nets[init] = net = _deep_relu(init)
        frames.append(ini.capture_activations(net, x, setting=init, include_input=True))
        grads.append(ini.capture_gradients(net, x, y, setting=init))
        with tf.GradientTape() as tape:
            loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(y, net(x)))
        g1 = tape.gradient(loss, net.layers[0].kernel).numpy()
        out["grad_size"][init] = float(np.abs(g1).mean())
        for name, optimizer in (("SGD", keras.optimizers.SGD(learning_rate=0.003, momentum=0.9)),
                                ("Adam", keras.optimizers.Adam(learning_rate=0.001))):
            w = keras.Variable(np.zeros_like(g1))
            optimizer.apply([g1], [w])
            out["steps"][(name, init)] = float(np.abs(np.asarray(w)).mean())
    out["probs"] = np.asarray(nets["glorot_uniform"](x))
    out["kernels"] = [(np.asarray(a.kernel), np.asarray(b.kernel))
                      for a, b in zip(nets["glorot_uniform"].layers[:-1], nets["he_uniform"].layers[:-1])]
    out["ms"] = ini.layer_stats(pd.concat(frames, ignore_index=True)).set_index(["setting", "layer"])
    out["g"] = ini.layer_stats(pd.concat(grads, ignore_index=True)).set_index(["setting", "layer"])["std"]
    return out


@functools.cache
def _zero() -> dict:
    """The zero-kernel networks after 10 steps of full-batch gradient descent (no randomness involved)."""
    import keras
    import tensorflow as tf

    data, out = _data(), {}
    for activation in ("relu", "sigmoid"):
        net = keras.Sequential([
            keras.Input((64,)),
            keras.layers.Dense(16, activation=activation, kernel_initializer="zeros"),
            keras.layers.Dense(16, activation=activation, kernel_initializer="zeros"),
            keras.layers.Dense(10, activation="softmax", kernel_initializer="zeros"),
        ])
        optimizer = keras.optimizers.SGD(learning_rate=0.5)
        for _ in range(10):
            with tf.GradientTape() as tape:
                loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(data.y_train, net(data.x_train)))
            optimizer.apply(tape.gradient(loss, net.trainable_variables), net.trainable_variables)
        out[activation] = [(layer.kernel.numpy(), layer.bias.numpy()) for layer in net.layers]
    return out


# ------------------------------------------------------------------------------------ checks

def forward_ratio(seed):
    s = _signal(seed)["ms"]["mean_sq"]
    return s[("glorot_uniform", 30)] / s[("he_uniform", 30)]


def backward_ratio(seed):
    g = _signal(seed)["g"]
    return g[("glorot_uniform", 1)] / g[("he_uniform", 1)]


def check_fit5(seed):
    losses = _section1(seed)
    assert np.all(np.abs(losses["glorot_uniform"] - LN10) < 0.01), losses["glorot_uniform"]
    assert losses["he_uniform"][-1] < 2.2, losses["he_uniform"]
    assert round(LN10, 3) == 2.303


def check_uniform_loss(_):
    import keras

    probs = np.full((4, 10), 0.1, dtype="float32")
    loss = keras.losses.sparse_categorical_crossentropy(np.arange(4), probs)
    assert np.allclose(np.asarray(loss), LN10, rtol=1e-5) and math.isclose(-math.log(1 / 10), LN10)


def check_glorot_default(_):
    import keras

    layer = keras.layers.Dense(4)
    assert type(layer.kernel_initializer).__name__ == "GlorotUniform"


def check_same_numbers(seed):
    for glorot, he in _signal(seed)["kernels"]:
        assert np.allclose(glorot, he / math.sqrt(2), rtol=1e-5, atol=1e-7)


def check_halving(seed):
    s = _signal(seed)["ms"]["mean_sq"]
    for layer in range(1, 31):
        assert math.isclose(s[("glorot_uniform", layer)] / s[("he_uniform", layer)], 0.5**layer, rel_tol=1e-3)


def check_forward(seed):
    s = _signal(seed)["ms"]["mean_sq"]
    assert math.isclose(forward_ratio(seed), 0.5**30, rel_tol=1e-3) and f"{0.5**30:.1e}" == "9.3e-10"
    assert 0.1 < s[("he_uniform", 30)] / s[("he_uniform", 0)] < 10


def check_backward(seed):
    assert 2.5e-5 < backward_ratio(seed) < 4.5e-5


def check_sqrt2_power(_):
    assert f"{(1 / math.sqrt(2))**29:.0e}" == "4e-05"


def check_backward_squared(seed):
    assert 3e-10 < backward_ratio(seed) ** 2 < 3e-9


def check_uniform_softmax(seed):
    assert np.abs(_signal(seed)["probs"] - 0.1).max() < 0.01


def check_relu_halves(seed):
    ratio = _signal(seed)["ms"]["ms_ratio"]
    assert 0.4 < ratio.loc["glorot_uniform"].loc[2:].median() < 0.6
    assert 0.85 < ratio.loc["he_uniform"].loc[2:].median() < 1.15


def check_depth30(seed):
    c = _curves("sgd", seed)
    assert np.all(np.abs(c.loc["glorot_uniform"] - LN10) < 0.05)
    assert 0.9 < c.loc["he_uniform", 10] < 1.4


def check_title(seed):
    check_depth30(seed)
    check_fit5(seed)


def check_thousandth(_):
    assert 0.5e-3 < 0.5**10 < 2e-3


def check_sgd_step_follows_gradient(seed):
    s = _signal(seed)
    sgd = s["steps"][("SGD", "glorot_uniform")] / s["steps"][("SGD", "he_uniform")]
    grad = s["grad_size"]["glorot_uniform"] / s["grad_size"]["he_uniform"]
    assert math.isclose(sgd, grad, rel_tol=1e-3) and 1e-5 < grad < 1e-4


def check_adam_step_is_lr(seed):
    assert 0.7e-3 < _signal(seed)["steps"][("Adam", "he_uniform")] < 1e-3


def step_ratios(seed):
    s = _signal(seed)["steps"]
    return (s[("SGD", "glorot_uniform")] / s[("SGD", "he_uniform")],
            s[("Adam", "glorot_uniform")] / s[("Adam", "he_uniform")])


def check_first_steps(seed):
    sgd, adam = step_ratios(seed)
    assert sgd < 1e-4 and 0.02 < adam < 0.2


def check_epsilon(_):
    assert f"{1e-7 / math.sqrt(1 - 0.999):.0e}" == "3e-06"


def check_gradient_vs_epsilon(seed):
    size = _signal(seed)["grad_size"]
    eps = 1e-7 / math.sqrt(1 - 0.999)
    assert size["he_uniform"] > 100 * eps and size["glorot_uniform"] < eps / 10


def check_adam(seed):
    c = _curves("adam", seed)
    assert c.loc["glorot_uniform", 10] < LN10 - 0.2
    assert c.loc["he_uniform", 10] < c.loc["glorot_uniform", 10] - 0.5


def check_adam_key_point(seed):
    check_adam(seed)
    sgd, adam = step_ratios(seed)
    assert adam > 100 * sgd


def check_fixed_std(_):
    import keras

    uniform, normal = keras.initializers.get("uniform"), keras.initializers.get("normal")
    std_uniform = uniform.maxval / math.sqrt(3)  # U(-a, a) has std a / sqrt(3)
    assert uniform.minval == -uniform.maxval and round(std_uniform, 2) == 0.03 and normal.stddev == 0.05
    assert round(64 * std_uniform**2, 2) == 0.05 and round(64 * normal.stddev**2, 2) == 0.16


SCALED = ("lecun_uniform", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform")


def check_zero_grid(seed):
    acc = _grid_acc(seed)
    assert acc[("relu", "zero")] < 0.15 and acc[("sigmoid", "zero")] < 0.15


def check_fixed_relu(seed):
    acc = _grid_acc(seed)
    assert acc[("relu", "normal")] > 0.9
    assert acc[("relu", "uniform")] < min(acc[("relu", k)] for k in SCALED) - 0.1


def check_fixed_sigmoid(seed):
    acc = _grid_acc(seed)
    assert acc[("sigmoid", "uniform")] < 0.15 and acc[("sigmoid", "normal")] < 0.15


def check_scaled_relu(seed):
    acc = _grid_acc(seed)
    assert all(acc[("relu", k)] > 0.9 for k in SCALED)


def check_sigmoid_slower(seed):
    acc = _grid_acc(seed)
    assert max(acc["sigmoid"]) < min(acc[("relu", k)] for k in SCALED)


def check_sigmoid_he(seed):
    acc = _grid_acc(seed)
    he = min(acc[("sigmoid", "he_normal")], acc[("sigmoid", "he_uniform")])
    assert he > max(acc[("sigmoid", "glorot_normal")], acc[("sigmoid", "glorot_uniform")]) + 0.1


def check_sigmoid_slope(_):
    import keras

    x = np.array([-1e-3, 1e-3], dtype="float32")
    y = np.asarray(keras.activations.sigmoid(x))
    assert math.isclose((y[1] - y[0]) / 2e-3, 0.25, rel_tol=1e-3)


def check_zero_relu(_):
    layers = _zero()["relu"]
    assert all(np.all(kernel == 0) for kernel, _ in layers)
    assert all(np.all(bias == 0) for _, bias in layers[:-1]) and np.abs(layers[-1][1]).max() > 1e-3


def check_zero_sigmoid(_):
    hidden = [kernel for kernel, _ in _zero()["sigmoid"][:-1]]
    assert all(np.abs(k).max() > 0 for k in hidden)
    assert all(np.allclose(k, k[:, :1], atol=1e-6) for k in hidden)


def check_zero_key_point(_):
    check_zero_relu(None)
    check_zero_sigmoid(None)


def check_signal_key_point(seed):
    check_halving(seed)
    check_forward(seed)
    check_backward(seed)


def check_rule(seed):
    check_sigmoid_he(seed)


def check_ex2_glorot(seed):
    assert math.isclose(forward_ratio(seed), 0.5**30, rel_tol=1e-3)


def check_fast(seed):
    fast, slow = _curves("fast", seed), _curves("sgd", seed)
    assert np.all(np.abs(fast.loc["glorot_uniform"] - LN10) < 0.05)
    he, he_slow = fast.loc["he_uniform"], slow.loc["he_uniform"]
    assert he[3] < he_slow[3]
    assert (he - he.cummin()).max() > 0.15
    assert he[10] > he_slow[10]


def check_slow_steady(seed):
    he = _curves("sgd", seed).loc["he_uniform"]
    assert (he - he.cummin()).max() < 0.15


CLAIMS = [
    Claim("a 30-layer ReLU network on the digits stays at chance with Glorot (Xavier) initialization and learns with "
          "He initialization", check_title, code=FIT5 + RUNS30),
    Claim('`"glorot_uniform"` is Keras\'s default, so a `Dense` layer written without the argument is a Glorot layer',
          check_glorot_default, seeds=None),
    Claim("After 5 epochs the Glorot network's loss has not moved from ln 10 = 2.303, while the He network's is "
          "below 2.2.", check_fit5, code=FIT5),
    Claim("ln 10 is the loss of a network that gives every class the probability `1/10` whatever the image",
          check_uniform_loss, seeds=None),
    Claim("With the same seed the two networks hold the same random numbers, Glorot's scaled by `1/sqrt(2)`",
          check_same_numbers, code=SIGNAL),
    Claim("So every layer multiplies Glorot's mean square by `1/2` relative to He's", check_halving, code=SIGNAL),
    Claim("after 30 layers E[x^2] under Glorot is exactly 0.5^30 = 9.3e-10 of He's, while He's stays within a "
          "factor 10 of the input's", check_forward, code=SIGNAL),
    Claim("so it shrinks like a magnitude: `(1/sqrt(2))**29` is about `4e-5`", check_sqrt2_power, seeds=None),
    Claim("The std of dL/dz at layer 1 under Glorot is between 2.5e-5 and 4.5e-5 of He's", check_backward, code=SIGNAL),
    Claim("Squared, that is again about `1e-9`", check_backward_squared, code=SIGNAL),
    Claim("the softmax gives every class about `1/10` for every image", check_uniform_softmax, code=SIGNAL),
    Claim("In every seed Glorot's loss stays within 0.05 of ln 10 for all 10 epochs, and He's ends between 0.9 and "
          "1.4.", check_depth30, code=RUNS30),
    Claim("Glorot's factor `1/2` per layer leaves much more of the signal (`0.5**10`, about a thousandth, after 10 "
          "layers)", check_thousandth, seeds=None),
    Claim("SGD's step is the learning rate times the gradient: a gradient `4e-5` the size gives a step `4e-5` the "
          "size.", check_sgd_step_follows_gradient, code=STEPS),
    Claim("so its step is about the learning rate whatever the gradient's scale, as long as the gradient is well "
          "above ε", check_adam_step_is_lr, code=STEPS),
    Claim("With SGD, Glorot's first step in layer 1 is below 1e-4 of He's; with Adam it is between 0.02 and 0.2 of "
          "He's.", check_first_steps, code=STEPS),
    Claim("the term added to `|g|` is about `3e-6`", check_epsilon, seeds=None),
    Claim("He's gradients are far larger than that, so its steps are about the learning rate; Glorot's first-layer "
          "gradients are far smaller, so ε still shrinks its steps.", check_gradient_vs_epsilon, code=STEPS),
    Claim("With Adam, Glorot's network leaves ln 10 in every seed (it ends at least 0.2 below), but He's ends at "
          "least 0.5 lower than Glorot's in every seed.", check_adam, code=ADAM),
    Claim("(std about `0.03` and `0.05` whatever the fan-in): with 64 inputs per unit, `n * Var[w]` is about `0.05` "
          "and `0.16`", check_fixed_std, seeds=None),
    Claim("with ReLU and with sigmoid the network stays at chance", check_zero_grid, code=GRID),
    Claim("With ReLU, 'normal' still gets above 0.9 in 3 layers, while 'uniform' ends at least 0.1 below the "
          "fan-scaled initializers.", check_fixed_relu, code=GRID),
    Claim("With sigmoid, 'uniform' and 'normal' stay at chance.", check_fixed_sigmoid, code=GRID),
    Claim("(the lecun, glorot and he families) all get the ReLU network above 0.9", check_scaled_relu, code=GRID),
    Claim("every sigmoid network ends below every fan-scaled ReLU one", check_sigmoid_slower, code=GRID),
    Claim("And with sigmoid, both He initializers beat both Glorot ones by at least 0.1.",
          check_sigmoid_he, code=GRID),
    Claim("The sigmoid's slope at 0 is `1/4`", check_sigmoid_slope, seeds=None),
    Claim("With ReLU and zero kernels no kernel moves", check_zero_relu, seeds=None, code=ZERO),
    Claim("Only the output layer's bias moves", check_zero_relu, seeds=None, code=ZERO),
    Claim("With sigmoid the kernels do move, but every unit of a layer gets exactly the same update",
          check_zero_sigmoid, seeds=None, code=ZERO),
    Claim("ReLU zeroes half of its inputs and halves E[x^2]; He's factor 2 puts it back", check_relu_halves,
          code=SIGNAL),
    Claim("in the grid above He's larger weights trained it better than Glorot's", check_rule, code=GRID),
    # key points
    Claim("In a deep ReLU network Glorot initialization halves E[x^2] in every layer: after 30 layers E[x^2] under "
          "Glorot is 0.5^30, about 1e-9 of He's, and the gradient reaching layer 1 is, in standard deviation, between "
          "2.5e-5 and 4.5e-5 of He's.", check_signal_key_point, code=SIGNAL),
    Claim("With SGD the network stays at the chance loss ln 10 = 2.303; with He initialization it learns.",
          check_depth30, code=RUNS30),
    Claim("Adam's step depends far less on the gradient's scale than SGD's, so Adam escapes the stall; He's network "
          "still ends lower.", check_adam_key_point, code=ADAM + STEPS),
    Claim("`'zero'` cannot break symmetry: with ReLU no kernel moves, with sigmoid all units of a layer stay "
          "identical.", check_zero_key_point, seeds=None, code=ZERO),
    Claim("The rule: ReLU family -> He, tanh -> Glorot, and no sigmoid in hidden layers (if one is used, Glorot's "
          "weights are too small for it).", check_rule, code=GRID),
    # solutions
    Claim("`-ln(1/10) = ln 10 ≈ 2.3026`", check_uniform_loss, seeds=None),
    Claim("Keras's default, Glorot, would leave about `0.5**30` of what He keeps", check_ex2_glorot, code=SIGNAL),
    Claim("Glorot's network still stalls at ln 10 in every seed: a larger step times a gradient of about zero is "
          "still about zero. He's runs start faster: after 3 epochs their loss is lower than at the smaller rate in "
          "every seed. Then they bounce: in every seed the loss climbs back more than 0.15 above the lowest value it "
          "had reached. They end higher than at the smaller rate in every seed.",
          check_fast, code=FAST),
    Claim("At the smaller rate the loss never climbs back more than 0.15.", check_slow_steady, code=RUNS30),
]


# ------------------------------------------------------------------------------------ exercises

def _builder(**dense):
    def make(depth):
        import keras

        return keras.Sequential([keras.Input((64,)), *[keras.layers.Dense(64, **dense) for _ in range(depth)],
                                 keras.layers.Dense(10, activation="softmax")])
    return make


def _fast_runs():
    return _runs("fast", SEEDS)


EXERCISES = {
    "1": ExerciseCases(
        solution=Case(lambda: (-math.log(1 / 10),)),
        wrong=[Case(lambda: (0.1,), "probability"), Case(lambda: (1.0,), "natural log"),
               Case(lambda: (math.log2(10),), "natural log"), Case(lambda: (2.0,), "not right")]),
    "2": ExerciseCases(
        solution=Case(lambda: (_builder(activation="relu", kernel_initializer="he_normal"),)),
        wrong=[Case(lambda: (_builder(activation="relu"),), "GlorotUniform"),
               Case(lambda: (_builder(activation="relu", kernel_initializer="lecun_normal"),), "LecunNormal"),
               Case(lambda: (lambda depth: _builder(activation="relu", kernel_initializer="he_uniform")(10),),
                    "hidden Dense layers"),
               Case(lambda: (_builder(kernel_initializer="he_uniform"),), "activation='relu'")]),
    "3": ExerciseCases(
        solution=Case(lambda: (_fast_runs(),)),
        wrong=[Case(lambda: (_runs("sgd", SEEDS),), "expected 0.01"),
               Case(lambda: (_fast_runs().query("initializer == 'he_uniform'"),), "glorot_uniform"),
               Case(lambda: (_fast_runs().query("seed == 0"),), "3 seeds"),
               Case(lambda: (_fast_runs().assign(depth=10),), "expected 30")]),
}
