"""course_utils.initialization: initializer formulas, per-layer capture (against Keras and NumPy), plots, bad input.

The notebook's claims (saturation, collapse, the variance argument, gradients) are checked over
several seeds in the claims register, tests/specs/nb04.py; these tests check the helpers themselves.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import build_mlp
from course_utils import initialization as ini

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


# ---------------------------------------------------------------- initializers and formulas

def test_notes_list_is_the_eight_names():
    assert set(ini.NOTES_INITIALIZERS) == {"uniform", "lecun_uniform", "normal", "zero", "glorot_normal",
                                           "glorot_uniform", "he_normal", "he_uniform"}


def test_check_initializers_matches_the_formulas_and_keras_own_draws():
    import keras

    table = ini.check_initializers(list(FORMULAS), shape=(FAN_IN, FAN_OUT), seed=0).set_index("name")
    for name, (std, limit) in FORMULAS.items():
        assert table.loc[name, "target_std"] == pytest.approx(std, rel=1e-9), name
        if limit is not None:
            assert table.loc[name, "limit"] == pytest.approx(limit, rel=1e-9), name
        # the same draw as Keras itself makes with seed 0, not one of the module's own
        config = keras.initializers.get(name).get_config()
        init = keras.initializers.get(name).__class__.from_config({**config, "seed": 0} if "seed" in config else config)
        w = np.asarray(init((FAN_IN, FAN_OUT)), dtype=np.float64)
        assert table.loc[name, "sample_std"] == pytest.approx(w.std(), rel=1e-6, abs=1e-12)
    assert (table["rel_error"] < 0.02).all() and table["within_limit"].all()
    assert table.loc["he_uniform", "max_abs"] > 0.99 * table.loc["he_uniform", "limit"]  # a uniform fills its range
    assert table.loc["he_normal", "keras_class"] == "HeNormal" and table.loc["he_normal", "mode"] == "fan_in"
    assert table.loc["glorot_normal", "n"] == (FAN_IN + FAN_OUT) / 2


def test_make_initializer_numbers_and_the_books_rules():
    import keras

    normal = ini.make_initializer(0.01, seed=3)
    assert isinstance(normal, keras.initializers.RandomNormal) and normal.stddev == 0.01
    for rule, scale in (("xavier", 1.0), ("he", 2.0)):
        init = ini.make_initializer(rule, seed=1)
        assert isinstance(init, keras.initializers.VarianceScaling)
        assert (init.scale, init.mode, init.distribution) == (scale, "fan_in", "untruncated_normal")
        w = np.asarray(init((FAN_IN, FAN_OUT)), dtype=np.float64)
        assert abs(w.std() / math.sqrt(scale / FAN_IN) - 1) < 0.02
        assert np.abs(w).max() > 2.5 * w.std()  # untruncated: tails beyond 2 std are kept


def test_same_seed_normal_settings_share_their_random_numbers():
    a, b, c = (np.asarray(ini.make_initializer(s, seed=3)((50, 40))) for s in (1.0, 0.01, "xavier"))
    np.testing.assert_allclose(b, 0.01 * a, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(c, a / math.sqrt(50), rtol=1e-5, atol=1e-7)


def test_make_initializer_reseeds_a_keras_object():
    import keras

    obj = keras.initializers.HeNormal()
    a, b = (np.asarray(ini.make_initializer(obj, seed=5)((20, 10))) for _ in range(2))
    assert np.array_equal(a, b) and ini.make_initializer(obj, seed=5) is not obj


def test_setting_label():
    import keras

    assert ini.setting_label(0.01) == "std=0.01"
    assert ini.setting_label("he_normal") == "he_normal"
    assert ini.setting_label(keras.initializers.GlorotUniform()) == "GlorotUniform"


# ---------------------------------------------------------------- capture: Keras probe = module = NumPy

def test_capture_equals_a_keras_probe_model():
    import keras

    model = keras.Sequential([keras.Input(shape=(12,)), keras.layers.Dense(8, activation="tanh"),
                              keras.layers.Dense(6, activation="relu"), keras.layers.Dense(3, activation="softmax")])
    x = np.random.default_rng(0).normal(size=(20, 12)).astype("float32")
    probe = keras.Model(inputs=model.inputs, outputs=[layer.output for layer in model.layers])
    outputs = probe.predict(x, verbose=0)
    frame = ini.capture_activations(model, x, setting="s", skip_output=False)
    assert list(frame.columns) == ["setting", "activation", "layer", "value"]
    assert list(frame.groupby("layer", observed=True)["activation"].first()) == ["tanh", "relu", "softmax"]
    for k, a in enumerate(outputs, start=1):
        np.testing.assert_allclose(frame.loc[frame["layer"] == k, "value"].to_numpy(), a.ravel(), rtol=1e-5, atol=1e-6)
    assert sorted(ini.capture_activations(model, x)["layer"].unique()) == [1, 2]  # softmax output left out


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_numpy_and_keras_forward_agree(activation):
    model = build_mlp(20, (16, 12, 8), activation=activation, kernel_initializer="he_normal", n_classes=5, seed=1)
    rng = np.random.default_rng(0)
    for layer in ini.dense_layers(model):  # non-zero biases, so they are tested too
        layer.bias.assign(rng.normal(0, 0.3, size=layer.bias.shape).astype("float32"))
    x = rng.normal(size=(64, 20)).astype("float32")
    captured = ini.capture_activations(model, x, setting="s", skip_output=False)
    weights = [layer.get_weights() for layer in ini.dense_layers(model)]
    reference = ini.numpy_forward(x, [w for w, _ in weights], [activation] * 3 + ["softmax"], [b for _, b in weights])
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
    kernel_1, bias_1 = model.layers[0].get_weights()
    ref = ini.numpy_forward(x, [kernel_1, model.layers[2].get_weights()[0]], ["tanh", "relu"], [bias_1, None])
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


def test_gradients_are_dl_dz_by_the_chain_rule():
    model = build_mlp(6, (5, 4), activation="tanh", n_classes=3, seed=2)
    x = np.random.default_rng(0).normal(size=(8, 6)).astype("float32")
    y = np.array([0, 1, 2, 0, 1, 2, 0, 1])
    frame = ini.capture_gradients(model, x, y, skip_output=False)
    kernels = [layer.get_weights()[0].astype(np.float64) for layer in ini.dense_layers(model)]
    h1, h2, p = ini.numpy_forward(x, kernels, ["tanh", "tanh", "softmax"])
    dz3 = (p - np.eye(3)[y]) / len(x)  # mean cross-entropy after a softmax
    dz2 = dz3 @ kernels[2].T * (1 - h2 ** 2)
    dz1 = dz2 @ kernels[1].T * (1 - h1 ** 2)
    for k, expected in enumerate((dz1, dz2, dz3), start=1):
        np.testing.assert_allclose(frame.loc[frame["layer"] == k, "value"].to_numpy(), expected.ravel(),
                                   rtol=1e-4, atol=1e-7)


# ---------------------------------------------------------------- experiments and statistics

def test_activation_experiment_is_build_mlp_captured():
    values = ini.activation_experiment({"a": ("tanh", "glorot_uniform"), "b": ("relu", 0.5)}, n_samples=30,
                                       n_inputs=7, depth=3, width=6, seed=4, include_input=True)
    assert list(values["setting"].cat.categories) == ["a", "b"]
    assert len(values) == 2 * (30 * 7 + 3 * 30 * 6)
    x = np.random.default_rng(4).standard_normal((30, 7)).astype("float32")
    model = build_mlp(7, depth=3, width=6, activation="relu", kernel_initializer=ini.make_initializer(0.5),
                      use_bias=False, seed=4)
    expected = ini.capture_activations(model, x, setting="b", include_input=True)
    got = values[values["setting"] == "b"]
    np.testing.assert_array_equal(got["layer"].to_numpy(), expected["layer"].to_numpy())
    np.testing.assert_allclose(got["value"].to_numpy(), expected["value"].to_numpy())


def test_linear_layers_scale_by_the_weight_std_per_layer():
    values = ini.activation_experiment({"big": ("linear", 1.0), "small": ("linear", 0.01)}, n_samples=50, seed=0)
    big, small = (values[values["setting"] == s].groupby("layer")["value"].apply(np.asarray) for s in ("big", "small"))
    for k in (1, 2, 3):
        np.testing.assert_allclose(small[k], big[k] * 0.01 ** k, rtol=1e-3, atol=1e-12)


def test_layer_stats_columns_and_ratio():
    values = pd.DataFrame({"setting": ["s"] * 8, "activation": ["input"] * 4 + ["sigmoid"] * 4,
                           "layer": [0] * 4 + [1] * 4, "value": [1.0, -1.0, 1.0, -1.0, 0.05, 0.95, 0.5, 0.5]})
    stats = ini.layer_stats(values).set_index("layer")
    assert stats.loc[1, "saturated"] == 0.5 and np.isnan(stats.loc[1, "zero"])
    assert stats.loc[1, "ms_ratio"] == pytest.approx((0.05**2 + 0.95**2 + 0.5) / 4)
    assert stats.loc[1, "mean"] == pytest.approx(0.5) and np.isnan(stats.loc[0, "ms_ratio"])
    relu = ini.layer_stats(ini.activation_experiment({"r": ("relu", "he")}, n_samples=200, seed=0))
    assert relu["zero"].between(0.4, 0.6).all() and relu["saturated"].isna().all()


def test_gradient_experiment_random_labels_are_seeded():
    a, b = (ini.gradient_experiment({"t": ("tanh", "glorot_uniform")}, n_samples=40, depth=2, width=8, seed=1)
            for _ in range(2))
    np.testing.assert_array_equal(a["value"].to_numpy(), b["value"].to_numpy())
    assert sorted(a["layer"].unique()) == [1, 2]


# ---------------------------------------------------------------- plots

def test_histogram_grid_has_one_row_per_setting_and_notes_above_the_panels():
    values = ini.activation_experiment({"a": ("sigmoid", 1.0), "b": ("relu", "he")}, n_samples=50, seed=0)
    axes = ini.plot_layer_histograms(values, bins=10)
    assert axes.shape == (2, 5)
    assert axes[0, 0].get_title() == "layer 1" and axes[1, 0].get_ylabel().startswith("b")
    assert axes[0, 0].get_xlim() == (0.0, 1.0)
    assert axes[1, 0].get_xlim()[0] == 0.0  # ReLU rows start at 0
    note = axes[1, 0].texts[0]
    assert note.get_text().startswith("std ") and "zero" in note.get_text()
    assert note.get_position()[1] > 1  # above the axes, never on a bar


def test_histograms_share_x_on_request():
    values = pd.DataFrame({"setting": ["narrow"] * 20 + ["wide"] * 20, "layer": [1, 2] * 20,
                           "value": np.r_[np.linspace(-1, 1, 20), np.linspace(-9, 9, 20)]})
    own = ini.plot_layer_histograms(values, activations=False)
    assert own[0, 0].get_xlim() != own[1, 0].get_xlim()
    shared = ini.plot_layer_histograms(values, activations=False, share_x=True)
    assert len({ax.get_xlim() for ax in shared.ravel()}) == 1


def test_a_shared_x_range_cuts_no_panel_by_more_than_one_percent():
    rng = np.random.default_rng(0)  # one narrow row, one wide row whose last layer is widest
    values = pd.DataFrame({"setting": np.repeat(["narrow", "wide"], 3000), "layer": np.tile(np.repeat([1, 2, 3], 1000), 2),
                           "value": np.r_[rng.normal(0, 0.1, 3000), rng.normal(0, 1, 2000), rng.normal(0, 3, 1000)]})
    lo, hi = ini.plot_layer_histograms(values, activations=False, share_x=True)[0, 0].get_xlim()
    inside = values.groupby(["setting", "layer"])["value"].apply(lambda v: v.between(lo, hi).mean())
    assert (inside >= 0.99).all() and lo == -hi  # symmetric around 0, like gradients


def test_stats_lines_draw_on_the_given_axes():
    stats = pd.DataFrame({"setting": ["a"] * 3 + ["b"] * 3, "layer": [1, 2, 3] * 2, "std": [1, 2, 3, 3, 2, 1]})
    fig, ax = plt.subplots()
    assert ini.plot_layer_stats(stats, ax=ax, logy=True, title="t") is ax
    assert len(ax.lines) == 2 and ax.get_yscale() == "log" and ax.get_title() == "t"


# ---------------------------------------------------------------- the notebook's exercise 1 reads the model, not one sample

def test_exercise_1_accepts_activation_layers_and_rejects_a_fixed_std(capsys):
    import keras

    from course_utils.exercises import nb04

    dense = keras.layers.Dense
    separate = keras.Sequential([keras.Input(shape=(784,)), dense(256, kernel_initializer="he_normal"), keras.layers.ReLU(),
                                 dense(128, kernel_initializer="he_uniform"), keras.layers.Activation("relu"),
                                 dense(10), keras.layers.Softmax()])
    assert nb04.check_1.problems(separate) == []
    by_hand = keras.Sequential([keras.Input(shape=(784,))] + [
        dense(w, activation="relu", kernel_initializer=keras.initializers.RandomNormal(stddev=math.sqrt(2 / n)))
        for w, n in ((256, 784), (128, 256))] + [dense(10, activation="softmax")])
    assert nb04.check_1.problems(by_hand) == []
    fixed = keras.Sequential([keras.Input(shape=(784,)), dense(256, activation="relu", kernel_initializer="normal"),
                              dense(128, activation="relu", kernel_initializer="he_normal"), dense(10, activation="softmax")])
    (problem,) = nb04.check_1.problems(fixed)  # std 0.05 is within 1% of sqrt(2/784): the config tells them apart
    assert problem.startswith("hidden layer 1 uses RandomNormal") and "fixed std" in problem


# ---------------------------------------------------------------- bad input names the argument

def test_unknown_initializer_names_the_argument():
    with pytest.raises(ValueError, match="kernel_initializer"):
        ini.make_initializer("xavier_uniform")
    with pytest.raises(ValueError, match="kernel_initializer"):
        ini.make_initializer(True)
    with pytest.raises(ValueError, match="initializer"):
        ini.check_initializers("kaiming")
    with pytest.raises(ValueError, match="shape"):
        ini.check_initializers("he_normal", (784,))
    with pytest.raises(ValueError, match="initializers"):
        ini.check_initializers([])
    with pytest.raises(ValueError, match="initializers"):
        ini.check_initializers("orthogonal")
    with pytest.raises(ValueError, match="initializer"):
        ini.activation_experiment({"s": ("relu", "Xavier_Glorot")})


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
    with pytest.raises(ValueError, match="weights"):
        ini.numpy_forward(np.ones((2, 3)), [np.ones((4, 2))])


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
    with pytest.raises(ValueError, match="y"):
        ini.capture_gradients(model, x, [0, 10])
    with pytest.raises(ValueError, match="settings"):
        ini.activation_experiment({})
    with pytest.raises(ValueError, match="settings"):
        ini.activation_experiment([("only a label",)])
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
    with pytest.raises(ValueError, match="bins"):
        ini.plot_layer_histograms(pd.DataFrame({"setting": ["a"], "layer": [1], "value": [0.5]}), bins=0)
