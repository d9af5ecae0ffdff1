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
    "keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)",
    "keras.Input((64,))",
    'keras.layers.Dense(64, activation="relu", use_bias=False,',
    "kernel_initializer=kernel_initializer)",
    'keras.layers.Dense(10, activation="softmax")',
    "model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.003, momentum=0.9),",
    "history = model.fit(data.x_train, data.y_train, epochs=5, batch_size=64, verbose=0)",
    "adam_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),",
    'kernel_initializer="zeros"',
    "with tf.GradientTape() as tape:",
    "optimizer.apply(",
]

# the notebook's code, by experiment
DEEP = ('keras.layers.Dense(64, activation="relu", use_bias=False,', "kernel_initializer=kernel_initializer)",
        'keras.layers.Dense(10, activation="softmax"),')
FIT5 = DEEP + ("model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.003, momentum=0.9),",
               "history = model.fit(data.x_train, data.y_train, epochs=5, batch_size=64, verbose=0)")
SIGNAL = DEEP + ("keras.utils.set_random_seed(0)", "ini.capture_activations(net, x500, setting=init, include_input=True)",
                 "ini.capture_gradients(net, x500, y500, setting=init)")
SGD_MODELS = ("for depth in (30, 10):", 'sgd_models[depth] = deep_relu("glorot_uniform", depth)',
              "sgd_models[depth].compile(optimizer=keras.optimizers.SGD(learning_rate=0.003, momentum=0.9),",
              "sgd_model = sgd_models[30]", "SEEDS = (0, 1, 2)")
RUNS30 = DEEP + SGD_MODELS + ('runs30 = dep.depth_experiment(sgd_model, initializers=("glorot_uniform", "he_uniform"), '
                              "seeds=SEEDS, epochs=10,",)
RUNS10 = DEEP + SGD_MODELS + ('runs10 = dep.depth_experiment(sgd_models[10], initializers=("glorot_uniform", '
                              '"he_uniform"), seeds=SEEDS,',)
KGRADS = SIGNAL + ("kernel_grads[init] = tape.gradient(loss, [layer.kernel for layer in net.layers])",)
STEPS = KGRADS + ("optimizer.apply([g1], [w])", 'keras.optimizers.Adam(learning_rate=0.001))):',
                  "g1 = kernel_grads[init][0].numpy()")
ADAM = DEEP + ("adam_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),",
               'runs_adam = dep.depth_experiment(adam_model, initializers=("glorot_uniform", "he_uniform"),',
               "seeds=SEEDS, epochs=10, data=data)")
GRID = ("grid = dep.initializer_grid(keras.optimizers.SGD(learning_rate=0.05, momentum=0.9), ini.NOTES_INITIALIZERS,",
        '("relu", "sigmoid"), depth=3, seeds=SEEDS, epochs=10, data=data)', "SEEDS = (0, 1, 2)")
ZERO = ('for activation in ("tanh", "relu", "sigmoid"):',
        'keras.layers.Dense(16, activation=activation, kernel_initializer="zeros"),',
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


def _compiled(adam=False, depth=30):
    import keras

    model = _deep_relu("glorot_uniform", depth)
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
        import keras

        return dep.initializer_grid(keras.optimizers.SGD(learning_rate=0.05, momentum=0.9), seeds=seeds, data=_data())
    model = _compiled(adam=True) if kind == "adam" else _compiled(depth=10) if kind == "sgd10" else _sgd_model()
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
        kernel_grads = [g.numpy() for g in tape.gradient(loss, [layer.kernel for layer in net.layers])]
        out.setdefault("kernel_grads", {})[init] = np.array([np.abs(g).mean() for g in kernel_grads])
        g1 = kernel_grads[0]
        out["grad_size"][init] = float(np.abs(g1).mean())
        for name, optimizer in (("SGD", keras.optimizers.SGD(learning_rate=0.003, momentum=0.9)),
                                ("Adam", keras.optimizers.Adam(learning_rate=0.001))):
            w = keras.Variable(np.zeros_like(g1))
            optimizer.apply([g1], [w])
            out["steps"][(name, init)] = float(np.abs(w.numpy()).mean())
            out.setdefault("largest", {})[(name, init)] = float(np.abs(w.numpy()).max())
    out["probs"] = np.asarray(nets["glorot_uniform"](x))
    out["probs_he"] = np.asarray(nets["he_uniform"](x))
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
    for activation in ("tanh", "relu", "sigmoid"):
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
    assert 6e-10 < backward_ratio(seed) ** 2 < 2e-9
    assert 0.1 < backward_ratio(seed) ** 2 / forward_ratio(seed) < 10  # the same order


def check_not_exactly(seed):
    s = _signal(seed)
    assert abs(backward_ratio(seed) / (1 / math.sqrt(2)) ** 29 - 1) > 0.01
    assert np.abs(s["probs"] - s["probs_he"]).mean() > 0.01  # the softmax outputs, hence p - y, differ


def check_kernel_grads(seed):
    g = _signal(seed)["kernel_grads"]
    ratio = g["glorot_uniform"] / g["he_uniform"]
    assert len(ratio) == 31 and 1e-6 < ratio.min() and ratio.max() < 1e-4


def check_kernel_grads_key_point(seed):
    check_kernel_grads(seed)
    check_depth30(seed)


def check_uniform_softmax(seed):
    assert np.abs(_signal(seed)["probs"] - 0.1).max() < 0.01


def check_relu_halves(seed):
    zero = _signal(seed)["ms"]["zero"].loc["he_uniform"].loc[1:]
    assert 0.4 < zero.median() < 0.6  # ReLU outputs exactly 0 for about half of the inputs
    ratio = _signal(seed)["ms"]["ms_ratio"]
    assert 0.4 < ratio.loc["glorot_uniform"].loc[2:].median() < 0.6
    assert 0.85 < ratio.loc["he_uniform"].loc[2:].median() < 1.15


def check_depth30(seed):
    c = _curves("sgd", seed)
    assert np.all(np.abs(c.loc["glorot_uniform"] - LN10) < 0.05)
    assert c.loc["he_uniform", 10] < 2.0


def check_title(seed):
    check_depth30(seed)
    check_fit5(seed)


def check_thousandth(seed):
    assert 0.5e-3 < 0.5**10 < 2e-3
    s = _signal(seed)["ms"]["mean_sq"]
    assert math.isclose(s[("glorot_uniform", 10)] / s[("he_uniform", 10)], 0.5**10, rel_tol=1e-3)


def check_depth10(seed):
    c = _curves("sgd10", seed)
    assert c.loc["glorot_uniform", 10] > 2.2 and c.loc["he_uniform", 10] < 0.5


def check_whether_and_how_fast(seed):
    check_depth30(seed)
    check_adam(seed)


def check_sgd_step_follows_gradient(seed):
    s = _signal(seed)
    sgd = s["steps"][("SGD", "glorot_uniform")] / s["steps"][("SGD", "he_uniform")]
    grad = s["grad_size"]["glorot_uniform"] / s["grad_size"]["he_uniform"]
    assert math.isclose(sgd, grad, rel_tol=1e-3) and 1e-5 < grad < 1e-4


def check_adam_step_is_lr(seed):
    s = _signal(seed)
    assert 0.7e-3 < s["steps"][("Adam", "he_uniform")] < 1e-3
    assert max(s["largest"][("Adam", init)] for init in INITS) <= 1e-3 * (1 + 1e-5)


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


def check_relu_factor(_):
    import keras

    std_uniform, std_normal = keras.initializers.get("uniform").maxval / math.sqrt(3), 0.05
    assert round(64 * std_uniform**2 / 2, 2) == 0.03 and round(64 * std_normal**2 / 2, 2) == 0.08
    assert 64 * (2 / 64) / 2 == 1


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
    for activation in ("relu", "tanh"):
        layers = _zero()[activation]
        assert all(np.all(kernel == 0) for kernel, _ in layers)
        assert all(np.all(bias == 0) for _, bias in layers[:-1]) and np.abs(layers[-1][1]).max() > 1e-3


def check_zero_sigmoid(_):
    hidden = [kernel for kernel, _ in _zero()["sigmoid"][:-1]]
    assert all(np.abs(k).max() > 0 for k in hidden)
    assert all(np.all(k == k[:, :1]) for k in hidden)  # exactly, not within a tolerance


def check_zero_sigmoid_order(_):
    largest = [np.abs(kernel).max() for kernel, _ in _zero()["sigmoid"]]
    assert largest[2] > 1e-3 and 0 < largest[1] < 1e-5 and 0 < largest[0] < 1e-8


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
    check_halving(seed)
    assert math.isclose(forward_ratio(seed), 0.5**30, rel_tol=1e-3)


def check_fast(seed):
    fast, slow = _curves("fast", seed), _curves("sgd", seed)
    assert np.all(np.abs(fast.loc["glorot_uniform"] - LN10) < 0.05)
    he, he_slow = fast.loc["he_uniform"], slow.loc["he_uniform"]
    assert he[3] < he_slow[3]


def check_tanh_slowly(seed):
    """Notebook 04's contrast: 5 tanh layers of 100 units, Glorot's std shrinks slowly, the 2010 baseline collapses."""
    import keras

    x = np.random.default_rng(seed).standard_normal((1000, 100)).astype("float32")
    shrink = {}
    for name, init in (("glorot", "glorot_uniform"), ("baseline", keras.initializers.RandomUniform(-0.1, 0.1))):
        keras.utils.set_random_seed(seed)
        stds, h = [], x
        for _ in range(5):
            h = keras.layers.Dense(100, activation="tanh", use_bias=False, kernel_initializer=init)(h)
            stds.append(float(np.std(h)))
        shrink[name] = stds[-1] / stds[0]
    assert shrink["glorot"] > 0.35 and shrink["baseline"] < 0.2, shrink


def check_he_normal_written_out(_):
    import keras

    he = keras.initializers.HeNormal()
    assert isinstance(he, keras.initializers.VarianceScaling)
    assert (he.scale, he.mode, he.distribution) == (2.0, "fan_in", "truncated_normal")
    a = keras.initializers.VarianceScaling(2.0, "fan_in")((64, 64))
    b = keras.initializers.VarianceScaling(2.0, "fan_avg")((64, 64))
    assert np.isclose(np.std(a), np.std(b), rtol=0.2)  # the same rule on a 64 x 64 kernel


def check_one_object_per_layer(_):
    import keras

    shared = keras.initializers.VarianceScaling(scale=2.0, mode="fan_in")
    assert np.array_equal(shared((64, 64)), shared((64, 64)))


def check_letters(_):
    assert f"{-math.log(1 / 26):.3f}" == "3.258" and math.isclose(-math.log(1 / 26), math.log(26))


CLAIMS = [
    Claim("A 30-layer ReLU network on the digits, trained with SGD, stays at chance with Glorot, or Xavier, "
          "initialization (Xavier 초기화) and learns with He initialization (He 초기화)", check_title, code=FIT5 + RUNS30),
    Claim('`"glorot_uniform"` is Keras\'s default, so a `Dense` layer written without the argument is a Glorot layer',
          check_glorot_default, seeds=None),
    Claim("After 5 epochs the Glorot network's loss is still within 0.01 of ln 10 = 2.303, while the He network's is "
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
    Claim("(not exactly `(1/sqrt(2))**29`: the error at the output, the softmax's output minus the target, differs "
          "between the two networks)", check_not_exactly, code=SIGNAL),
    Claim("Squared, that is between 6e-10 and 2e-9, the same order as the forward ratio", check_backward_squared,
          code=SIGNAL),
    Claim("every layer's kernel gradient under Glorot is between 1e-6 and 1e-4 of He's, the first layer's as well as "
          "the output layer's", check_kernel_grads, code=KGRADS),
    Claim("the softmax gives every class about `1/10` for every image", check_uniform_softmax, code=SIGNAL),
    Claim("At 30 layers, in every seed Glorot's loss stays within 0.05 of ln 10 for all 10 epochs, and He's ends "
          "below 2.0", check_depth30, code=RUNS30),
    Claim("at 10 layers Glorot's factor `1/2` per layer leaves `0.5**10`, about a thousandth, of He's E[x^2] instead "
          "of `0.5**30`", check_thousandth, code=SIGNAL),
    Claim("Even so, after 10 epochs at 10 layers Glorot's loss is still above 2.2 in every seed, while He's is below "
          "0.5.", check_depth10, code=RUNS10),
    Claim("SGD's step is the learning rate times the gradient: a gradient `4e-5` the size gives a step `4e-5` the "
          "size.", check_sgd_step_follows_gradient, code=STEPS),
    Claim("so its step is at most about the learning rate whatever the gradient's scale, and about the learning rate "
          "as long as the gradient is well above ε", check_adam_step_is_lr, code=STEPS),
    Claim("With SGD, Glorot's first step in layer 1 is below 1e-4 of He's; with Adam it is between 0.02 and 0.2 of "
          "He's.", check_first_steps, code=STEPS),
    Claim("the term added to `|g|` is about `3e-6`", check_epsilon, seeds=None),
    Claim("He's gradients are far larger than that, so its steps are about the learning rate; Glorot's first-layer "
          "gradients are far smaller, so ε still shrinks its steps.", check_gradient_vs_epsilon, code=STEPS),
    Claim("With Adam, Glorot's network leaves ln 10 in every seed (it ends at least 0.2 below), but He's ends at "
          "least 0.5 lower than Glorot's in every seed.", check_adam, code=ADAM),
    Claim("At these learning rates and in 10 epochs, initialization decides *whether* SGD learns at depth, and *how "
          "fast* Adam does.", check_whether_and_how_fast, code=RUNS30 + ADAM),
    Claim("(std about `0.03` and `0.05` whatever the fan-in): with 64 inputs per unit, `n * Var[w]` is about `0.05` "
          "and `0.16`", check_fixed_std, seeds=None),
    Claim("After a ReLU, E[x^2] is multiplied by `n * Var[w] / 2` in every layer (notebook 04), about `0.03` and `0.08` "
          "here, where He's `Var[w] = 2/n` gives 1.", check_relu_factor, seeds=None),
    Claim("with ReLU and with sigmoid the network stays at chance", check_zero_grid, code=GRID),
    Claim("With ReLU, 'normal' still gets above 0.9 in 3 layers, while 'uniform' ends at least 0.1 below the "
          "fan-scaled initializers.", check_fixed_relu, code=GRID),
    Claim("With sigmoid, 'uniform' and 'normal' stay at chance in every seed.", check_fixed_sigmoid, code=GRID),
    Claim("(the lecun, glorot and he families) all get the ReLU network above 0.9 in every seed", check_scaled_relu,
          code=GRID),
    Claim("after 10 epochs every sigmoid network is behind every fan-scaled ReLU one, in every seed",
          check_sigmoid_slower, code=GRID),
    Claim("And with sigmoid, both He initializers beat both Glorot ones by at least 0.1 in every seed.",
          check_sigmoid_he, code=GRID),
    Claim("The sigmoid's slope at 0 is `1/4`", check_sigmoid_slope, seeds=None),
    Claim("With ReLU and zero kernels every hidden output is `relu(0) = 0`. The output kernel's gradient, hidden "
          "output times error, is therefore 0, so that kernel stays 0 and passes no error back: no kernel moves. Tanh, "
          "with `tanh(0) = 0`, behaves the same.", check_zero_relu, seeds=None, code=ZERO),
    Claim("Only the output layer's bias moves", check_zero_relu, seeds=None, code=ZERO),
    Claim("so its output kernel moves first and then, through it, the hidden ones", check_zero_sigmoid_order,
          seeds=None, code=ZERO),
    Claim("after 10 steps the output kernel's largest weight is above 1e-3, layer 2's below 1e-5 and layer 1's below "
          "1e-8.", check_zero_sigmoid_order, seeds=None, code=ZERO),
    Claim("And every unit of a layer gets exactly the same update, so the units stay identical",
          check_zero_sigmoid, seeds=None, code=ZERO),
    Claim("ReLU zeroes its negative inputs, about half of them, and halves E[x^2]; He's factor 2 puts it back",
          check_relu_halves, code=SIGNAL),
    Claim("the signal shrinks only slowly (tanh is contractive) instead of collapsing (notebook 04)",
          check_tanh_slowly),
    Claim("in the grid above He's larger weights trained it better than Glorot's", check_rule, code=GRID),
    Claim("Avoid `'uniform'` and `'normal'`: their fixed scale ignores the layer size; even at 3 layers they left the "
          "sigmoid network at chance.", check_fixed_sigmoid, code=GRID),
    # key points
    Claim("In a deep ReLU network Glorot initialization halves E[x^2] in every layer: after 30 layers E[x^2] under "
          "Glorot is 0.5^30, about 1e-9 of He's, and the gradient reaching layer 1 is, in standard deviation, between "
          "2.5e-5 and 4.5e-5 of He's.", check_signal_key_point, code=SIGNAL),
    Claim("Every layer's kernel gradient is below 1e-4 of He's, so SGD leaves the network at the chance loss ln 10 = "
          "2.303; with He initialization it learns.", check_kernel_grads_key_point, code=KGRADS + RUNS30),
    Claim("Adam's step depends far less on the gradient's scale than SGD's, so Adam escapes the stall; He's network "
          "still ends lower. Initialization matters with Adam too.", check_adam_key_point, code=ADAM + STEPS),
    Claim("`'zero'` cannot break symmetry: with ReLU no kernel moves, with sigmoid all units of a layer stay "
          "identical.", check_zero_key_point, seeds=None, code=ZERO),
    Claim("The rule: ReLU family -> He, tanh -> Glorot, and no sigmoid in hidden layers (if one is used, Glorot's "
          "weights are too small for it).", check_rule, code=GRID),
    # solutions
    Claim("`-ln(1/26) = ln 26 ≈ 3.258`", check_letters, seeds=None),
    Claim("It is `keras.initializers.HeNormal()` written out (both draw from a truncated normal). Here every layer has "
          "64 inputs and 64 units, so `mode=\"fan_avg\"` gives the same", check_he_normal_written_out, seeds=None),
    Claim("With `scale=1.0` each layer halves E[x^2]: Keras's default, Glorot, would leave about `0.5**30` of what He "
          "keeps", check_ex2_glorot, code=SIGNAL),
    Claim("a single initializer object used for every layer draws the same weights each time",
          check_one_object_per_layer, seeds=None),
    Claim("Glorot's network still stalls at ln 10 in every seed: a larger step times a gradient of about zero is "
          "still about zero. He's runs start faster: after 3 epochs their loss is lower than at the smaller rate in "
          "every seed.", check_fast, code=FAST),
    Claim("That early lead is what this comparison shows in every seed", check_fast, code=FAST),
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


def _fast_answers(runs=None):
    runs = _fast_runs() if runs is None else runs
    he = runs[runs["initializer"] == "he_uniform"]
    return (runs, runs.loc[runs["initializer"] == "glorot_uniform", "loss"].min(),
            int((he.groupby("seed")["loss"].diff() > 0).sum()))


def _with_config(**change):
    runs = _fast_runs().copy()
    runs.attrs = {**runs.attrs, "optimizer_config": {**runs.attrs["optimizer_config"], **change}}
    return runs


def _vs(**kwargs):
    import keras

    return lambda: keras.initializers.VarianceScaling(**kwargs)


def _builder(init=None, activation="relu", separate_relu=False, fixed_depth=None):
    def make(depth):
        import keras

        layers = []
        for _ in range(fixed_depth or depth):
            kwargs = {} if init is None else {"kernel_initializer": init()}
            layers.append(keras.layers.Dense(64, activation=None if separate_relu else activation, **kwargs))
            layers += [keras.layers.ReLU()] if separate_relu else []
        return keras.Sequential([keras.Input((64,)), *layers, keras.layers.Dense(10, activation="softmax")])
    return make


def _shared_initializer():
    import keras

    shared = keras.initializers.VarianceScaling(scale=2.0, mode="fan_in")
    return _builder(lambda: shared)


EXERCISES = {
    "1": ExerciseCases(
        solution=Case(lambda: (-math.log(1 / 26),)),
        wrong=[Case(lambda: (1 / 26,), "probability"), Case(lambda: (math.log2(26),), "natural log"),
               Case(lambda: (math.log10(26),), "natural log"), Case(lambda: (LN10,), "10 classes"),
               Case(lambda: (3.3,), "3 decimals"), Case(lambda: (26.0,), "not right")]),
    "2": ExerciseCases(
        solution=Case(lambda: (_builder(_vs(scale=2.0, mode="fan_in")),)),
        wrong=[Case(lambda: (_builder(),), "GlorotUniform"),
               Case(lambda: (_builder(lambda: "he_uniform"),), "VarianceScaling(scale=..., mode=...)"),
               Case(lambda: (_builder(_vs(scale=1.0, mode="fan_in")),), "times the input's"),
               Case(lambda: (_builder(_vs(scale=4.0, mode="fan_in")),), "times the input's"),
               Case(lambda: (_shared_initializer(),), "same weights"),
               Case(lambda: (_builder(_vs(scale=2.0), fixed_depth=30),), "make_deep_relu(4) 30"),
               Case(lambda: (_builder(_vs(scale=2.0), activation="sigmoid"),), "activation='relu'"),
               Case(lambda: (_builder(_vs(scale=2.0))(30),), "the function make_deep_relu itself")]),
    "3": ExerciseCases(
        solution=Case(lambda: _fast_answers()),
        wrong=[Case(lambda: _fast_answers(_runs("sgd", SEEDS)), "expected 0.01"),
               Case(lambda: _fast_answers(_with_config(momentum=0.0)), "momentum 0.9"),
               Case(lambda: _fast_answers(_fast_runs().assign(batch_size=1077)), "batch size"),
               Case(lambda: _fast_answers(_fast_runs().query("seed == 0")), "three seeds"),
               Case(lambda: _fast_answers(_fast_runs().assign(depth=10)), "expected 30"),
               Case(lambda: (_fast_runs(), 1.0, _fast_answers()[2]), "glorot_lowest"),
               Case(lambda: (*_fast_answers()[:2], _fast_answers()[2] + 2), "he_rises"),
               Case(lambda: (*_fast_answers()[:2], int((_fast_runs()["loss"].diff() > 0).sum())), "he_rises")]),
}
