"""course_utils.initialization: formulas, per-layer capture, the classic claims, depth, runners, plots.

The claims the notebooks 04 and 05 make are checked here over several seeds.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import build_mlp
from course_utils import initialization as ini

LN10 = math.log(10)
FAN_IN, FAN_OUT = 784, 256
TRUNC = 0.87962566103423978

# target std and largest |w| written out from the formulas (not taken from the module)
FORMULAS = {
    "uniform": (0.1 / math.sqrt(12), 0.05),
    "normal": (0.05, None),
    "zero": (0.0, 0.0),
    "lecun_uniform": (math.sqrt(1 / FAN_IN), math.sqrt(3 / FAN_IN)),
    "lecun_normal": (math.sqrt(1 / FAN_IN), 2 * math.sqrt(1 / FAN_IN) / TRUNC),
    "glorot_uniform": (math.sqrt(2 / (FAN_IN + FAN_OUT)), math.sqrt(6 / (FAN_IN + FAN_OUT))),
    "glorot_normal": (math.sqrt(2 / (FAN_IN + FAN_OUT)), 2 * math.sqrt(2 / (FAN_IN + FAN_OUT)) / TRUNC),
    "he_uniform": (math.sqrt(2 / FAN_IN), math.sqrt(6 / FAN_IN)),
    "he_normal": (math.sqrt(2 / FAN_IN), 2 * math.sqrt(2 / FAN_IN) / TRUNC),
}
RULE_FORMULAS = {
    "xavier": (1 / math.sqrt(FAN_IN), None),
    "he": (math.sqrt(2 / FAN_IN), None),
    "notes_xavier": (FAN_IN ** 2, None),
    "notes_he": (2 / FAN_IN ** 2, None),
    "glorot_baseline": (1 / math.sqrt(3 * FAN_IN), 1 / math.sqrt(FAN_IN)),
    "glorot_normalized": (math.sqrt(2 / (FAN_IN + FAN_OUT)), math.sqrt(6 / (FAN_IN + FAN_OUT))),
}


# ---------------------------------------------------------------- formulas

def test_notes_list_is_the_eight_names():
    assert set(ini.NOTES_INITIALIZERS) == {"uniform", "lecun_uniform", "normal", "zero", "glorot_normal",
                                           "glorot_uniform", "he_normal", "he_uniform"}


@pytest.mark.parametrize("name", list(FORMULAS))
def test_keras_initializer_std_within_2_percent_of_formula(name):
    import keras

    std, limit = FORMULAS[name]
    assert ini.target_std(name, (FAN_IN, FAN_OUT)) == pytest.approx(std, rel=1e-9)
    # draw with Keras itself, not through the module
    w = np.asarray(keras.initializers.get(name)((FAN_IN, FAN_OUT)), dtype=np.float64)
    if std == 0:
        assert np.all(w == 0)
    else:
        assert abs(w.std() - std) / std < 0.02
    if limit is not None:
        assert np.abs(w).max() <= limit * (1 + 1e-6)
    if "uniform" in name:  # a uniform draw fills its range
        assert np.abs(w).max() > 0.99 * limit


@pytest.mark.parametrize("rule", list(RULE_FORMULAS))
def test_course_rules_std_and_limits(rule):
    std, limit = RULE_FORMULAS[rule]
    assert ini.target_std(rule, (FAN_IN, FAN_OUT)) == pytest.approx(std, rel=1e-9)
    w = ini.sample_weights(rule, (FAN_IN, FAN_OUT), seed=1).astype(np.float64)
    assert abs(w.std() - std) / std < 0.02
    if limit is not None:
        assert np.abs(w).max() <= limit * (1 + 1e-6)


def test_check_initializers_table():
    table = ini.check_initializers(shape=(FAN_IN, FAN_OUT), seed=0)
    assert list(table["name"]) == list(ini.NOTES_INITIALIZERS)
    assert (table["rel_error"] < 0.02).all() and table["within_limit"].all()
    classes = dict(zip(table["name"], table["keras_class"]))
    assert classes["uniform"] == "RandomUniform" and classes["normal"] == "RandomNormal"
    assert classes["zero"] == "Zeros" and classes["he_uniform"] == "HeUniform"
    truncated = table[table["distribution"] == "truncated_normal"]["name"].tolist()
    assert truncated == ["glorot_normal", "he_normal"]


def test_same_seed_normal_settings_share_their_random_numbers():
    a = ini.sample_weights(1.0, (50, 40), seed=3)
    b = ini.sample_weights(0.01, (50, 40), seed=3)
    c = ini.sample_weights("xavier", (50, 40), seed=3)
    np.testing.assert_allclose(b, 0.01 * a, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(c, a / math.sqrt(50), rtol=1e-5, atol=1e-7)


# ---------------------------------------------------------------- forward pass: Keras = NumPy

@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_numpy_and_keras_forward_agree(activation):
    model = build_mlp(20, (16, 12, 8), activation=activation, kernel_initializer="he_normal", n_classes=5, seed=1)
    rng = np.random.default_rng(0)
    for layer in ini.dense_layers(model):  # non-zero biases, so they are tested too
        layer.bias.assign(rng.normal(0, 0.3, size=layer.bias.shape).astype("float32"))
    x = rng.normal(size=(64, 20)).astype("float32")
    captured = ini.capture_activations(model, x, setting="s", skip_output=False)
    kernels, biases, acts = ini.mlp_weights(model)
    assert acts == [activation] * 3 + ["softmax"]
    reference = ini.numpy_forward(x, kernels, acts, biases)
    assert sorted(captured["layer"].unique()) == [1, 2, 3, 4]
    for i, ref in enumerate(reference, start=1):
        got = captured.loc[captured["layer"] == i, "value"].to_numpy().reshape(ref.shape)
        np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-5)


def test_capture_works_on_an_unbuilt_sequential_and_skips_dropout():
    import keras

    model = keras.Sequential([keras.layers.Dense(8, activation="tanh"), keras.layers.Dropout(0.5),
                              keras.layers.Dense(6, activation="relu", use_bias=False),
                              keras.layers.Dense(3, activation="softmax")])
    x = np.random.default_rng(1).normal(size=(10, 5)).astype("float32")
    frame = ini.capture_activations(model, x, include_input=True)
    assert sorted(frame["layer"].unique()) == [0, 1, 2]  # softmax output left out
    kernels, biases, acts = ini.mlp_weights(model)
    assert biases[1] is None
    ref = ini.numpy_forward(x, kernels, acts, biases)
    got = frame.loc[frame["layer"] == 2, "value"].to_numpy().reshape(ref[1].shape)
    np.testing.assert_allclose(got, ref[1], rtol=1e-4, atol=1e-5)


def test_a_model_with_a_branch_is_refused():
    import keras

    inputs = keras.Input((4,))
    h = keras.layers.Dense(4, activation="relu")(inputs)
    outputs = keras.layers.Dense(4, activation="relu")(keras.layers.Add()([h, inputs]))
    model = keras.Model(inputs, outputs)
    with pytest.raises(ValueError, match="chain"):
        ini.capture_activations(model, np.ones((3, 4), "float32"))


# ---------------------------------------------------------------- the classic claims, 5 seeds

CLASSIC = {"sigmoid, std 1": ("sigmoid", 1.0), "sigmoid, std 0.01": ("sigmoid", 0.01),
           "ReLU, He": ("relu", "he"), "ReLU, Xavier": ("relu", "xavier")}


@pytest.fixture(scope="module")
def classic_stats():
    frames = []
    for seed in range(5):
        values = ini.activation_experiment(CLASSIC, seed=seed)
        frames.append(ini.layer_stats(values).assign(seed=seed))
    return pd.concat(frames, ignore_index=True)


def _stat(stats, setting, layer, column):
    part = stats[(stats["setting"] == setting) & (stats["layer"] == layer)]
    assert len(part) == 5
    return part.sort_values("seed")[column].to_numpy()


def test_sigmoid_std_1_saturates_most_units(classic_stats):
    assert (_stat(classic_stats, "sigmoid, std 1", 5, "saturated") > 0.6).all()


def test_sigmoid_std_001_collapses_to_one_half(classic_stats):
    assert (_stat(classic_stats, "sigmoid, std 0.01", 5, "std") < 0.02).all()
    assert np.allclose(_stat(classic_stats, "sigmoid, std 0.01", 5, "mean"), 0.5, atol=0.02)


def test_relu_he_keeps_the_spread_and_xavier_shrinks_it(classic_stats):
    he1, he5 = (_stat(classic_stats, "ReLU, He", k, "std") for k in (1, 5))
    xa1, xa5 = (_stat(classic_stats, "ReLU, Xavier", k, "std") for k in (1, 5))
    assert ((he5 / he1 > 0.5) & (he5 / he1 < 2)).all()
    assert (xa5 < 0.5 * xa1).all()
    # E[x^2] ratio per layer: about 1 for He, about 1/2 for Xavier (geometric mean over layers 2-5;
    # single layers of 100 units scatter by about 20%)
    for setting, low, high in (("ReLU, He", 0.85, 1.18), ("ReLU, Xavier", 0.42, 0.59)):
        part = classic_stats[(classic_stats["setting"] == setting) & (classic_stats["layer"] > 1)]
        per_seed = part.groupby("seed")["ms_ratio"].apply(lambda r: float(np.exp(np.log(r).mean())))
        assert per_seed.between(low, high).all(), (setting, per_seed.tolist())


def test_layer_stats_ratio_uses_the_input_when_captured():
    values = ini.activation_experiment({"ReLU, He": ("relu", "he")}, include_input=True, seed=0)
    stats = ini.layer_stats(values)
    assert stats["layer"].tolist() == [0, 1, 2, 3, 4, 5]
    assert 0.8 < stats.loc[stats["layer"] == 1, "ms_ratio"].item() < 1.25
    assert stats["dead"].iloc[1:].between(0.4, 0.6).all()


def test_notes_formulas_explode_and_vanish():
    values = ini.activation_experiment({"xa": ("relu", "notes_xavier"), "he": ("relu", "notes_he")}, seed=0)
    stats = ini.layer_stats(values).set_index(["setting", "layer"])
    assert stats.loc[("xa", 5), "std"] > 1e15
    assert stats.loc[("he", 5), "std"] < 1e-10


def test_glorot_fig7_gradients_shrink_toward_the_input_with_the_baseline():
    settings = {"baseline": ("tanh", "glorot_baseline"), "normalized": ("tanh", "glorot_normalized")}
    for seed in range(3):
        stats = ini.layer_stats(ini.gradient_experiment(settings, seed=seed)).set_index(["setting", "layer"])["std"]
        growth = {s: stats[(s, 5)] / stats[(s, 1)] for s in settings}
        assert growth["baseline"] > 5 and growth["normalized"] < 4


def test_kernel_gradients_match_a_plain_tape():
    import keras
    import tensorflow as tf

    model = build_mlp(6, (5, 4), activation="tanh", n_classes=3, seed=2)
    x = np.random.default_rng(0).normal(size=(8, 6)).astype("float32")
    y = np.array([0, 1, 2, 0, 1, 2, 0, 1])
    frame = ini.capture_gradients(model, x, y, wrt="kernel", skip_output=False)
    with tf.GradientTape() as tape:
        loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(y, model(x)))
    grads = tape.gradient(loss, [layer.kernel for layer in ini.dense_layers(model)])
    for i, g in enumerate(grads, start=1):
        np.testing.assert_allclose(frame.loc[frame["layer"] == i, "value"].to_numpy(), np.asarray(g).ravel(),
                                   rtol=1e-4, atol=1e-7)


# ---------------------------------------------------------------- plots

def test_histogram_grid_has_one_row_per_setting():
    values = ini.activation_experiment({"a": ("sigmoid", 1.0), "b": ("relu", "he")}, n_samples=50, seed=0)
    axes = ini.plot_layer_histograms(values, bins=10)
    assert axes.shape == (2, 5)
    assert axes[0, 0].get_title() == "layer 1" and axes[1, 0].get_ylabel().startswith("b")
    assert axes[0, 0].get_xlim() == (0.0, 1.0)
    assert axes[1, 0].get_xlim()[0] == 0.0  # ReLU rows start at 0


def test_stats_lines_draw_on_the_given_axes():
    stats = pd.DataFrame({"setting": ["a"] * 3 + ["b"] * 3, "layer": [1, 2, 3] * 2, "std": [1, 2, 3, 3, 2, 1]})
    fig, ax = plt.subplots()
    assert ini.plot_layer_stats(stats, ax=ax, logy=True) is ax
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"


# ---------------------------------------------------------------- bad input names the argument

def test_unknown_initializer_names_the_argument():
    with pytest.raises(ValueError, match="kernel_initializer"):
        ini.make_initializer("xavier_uniform")
    with pytest.raises(ValueError, match="initializer"):
        ini.target_std("kaiming")
    with pytest.raises(ValueError, match="shape"):
        ini.target_std("he", (784,))
    with pytest.raises(ValueError, match="initializer"):
        ini.initializer_spec("glorot")
    with pytest.raises(ValueError, match="initializer"):
        ini.activation_experiment({"s": ("relu", "Xavier")})


def test_unknown_activation_names_the_argument():
    with pytest.raises(ValueError, match="activation"):
        ini.activation_experiment({"s": ("relux", "he")})
    with pytest.raises(ValueError, match="activation"):
        ini.numpy_forward(np.ones((2, 3)), [np.ones((3, 2))], activation="swish")


def test_zero_layers_names_the_argument():
    with pytest.raises(ValueError, match="depth"):
        ini.activation_experiment({"s": ("relu", "he")}, depth=0)
    with pytest.raises(ValueError, match="weights"):
        ini.numpy_forward(np.ones((2, 3)), [])


@pytest.mark.parametrize("x", [np.ones(5), np.ones((2, 3, 4)), np.ones((0, 4)), "abc"])
def test_non_2d_input_names_the_argument(x):
    model = build_mlp(4, (3,))
    with pytest.raises(ValueError, match="x"):
        ini.capture_activations(model, x)
    with pytest.raises(ValueError, match="x"):
        ini.numpy_forward(x, [np.ones((4, 2))])
    with pytest.raises(ValueError, match="x"):
        ini.activation_experiment({"s": ("relu", "he")}, x=x)


def test_other_bad_inputs():
    model = build_mlp(4, (3,))
    x = np.ones((2, 4), "float32")
    with pytest.raises(ValueError, match="features"):
        ini.capture_activations(model, np.ones((2, 5)))
    with pytest.raises(ValueError, match="model"):
        ini.capture_activations("not a model", x)
    with pytest.raises(ValueError, match="y"):
        ini.capture_gradients(model, x, [0, 1, 2])
    with pytest.raises(ValueError, match="wrt"):
        ini.capture_gradients(model, x, [0, 1], wrt="bias")
    with pytest.raises(ValueError, match="settings"):
        ini.activation_experiment({})
    with pytest.raises(ValueError, match="shape"):
        ini.initializer_table(shape=(0, 3))
    with pytest.raises(ValueError, match="values"):
        ini.layer_stats({"setting": [1]})


def test_plot_bad_inputs():
    stats = pd.DataFrame({"setting": ["a"], "layer": [1], "std": [1.0]})
    with pytest.raises(ValueError, match="y"):
        ini.plot_layer_stats(stats, y="spread")
    with pytest.raises(ValueError, match="stats"):
        ini.plot_layer_stats([1, 2])
    with pytest.raises(ValueError, match="values"):
        ini.plot_layer_histograms({"setting": ["a"]})
    with pytest.raises(ValueError, match="value_range"):
        ini.plot_layer_histograms(pd.DataFrame({"setting": ["a"], "layer": [1], "value": [0.5]}),
                                  value_range=(1, 0))
