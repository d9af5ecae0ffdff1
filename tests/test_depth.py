"""course_utils.depth (notebook 05): training deep MLPs with each initializer, the notes' grid, plots."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import build_mlp, compile_classifier, load_digits_split
from course_utils import depth as dep
from course_utils import initialization as ini

LN10 = math.log(10)


# ---------------------------------------------------------------- training at depth

@pytest.fixture(scope="module")
def digits_split():
    return load_digits_split(seed=0)


def test_30_layer_relu_sgd_glorot_stalls_and_he_trains(digits_split):
    runs = dep.depth_experiment(depths=(30,), initializers=("glorot_uniform", "he_uniform"), seeds=(0, 1, 2),
                                epochs=10, data=digits_split)
    assert runs.attrs["chance_loss"] == pytest.approx(LN10)
    final = runs.groupby(["initializer", "seed"])["loss"].last().unstack("initializer")
    assert len(final) == 3
    assert ((final["glorot_uniform"] - LN10).abs() < 0.05).all()
    assert (final["he_uniform"] <= final["glorot_uniform"] - 0.5).all()


def test_reinitialize_gives_build_mlp_weights_and_resets_the_optimizer(digits_split):
    model = build_mlp(64, depth=2, width=8, kernel_initializer="glorot_uniform", seed=0)
    compile_classifier(model, "adam", 1e-3)
    model.fit(digits_split.x_train[:64], digits_split.y_train[:64], verbose=0)
    assert int(model.optimizer.iterations) > 0
    dep.reinitialize(model, "he_normal", seed=3)
    fresh = build_mlp(64, depth=2, width=8, kernel_initializer="he_normal", seed=3)
    for a, b in zip(model.get_weights(), fresh.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert int(model.optimizer.iterations) == 0
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-3)
    assert all(float(np.abs(np.asarray(v)).max()) == 0 for v in model.optimizer.variables
               if not v.path.endswith("learning_rate"))


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_lean_trainer_is_the_same_maths_as_fit(digits_split, optimizer):
    x, y = digits_split.x_train[:300], digits_split.y_train[:300]
    a = build_mlp(64, depth=3, width=16, seed=5)
    b = build_mlp(64, depth=3, width=16, seed=5)
    compile_classifier(a, optimizer, 0.01)
    compile_classifier(b, optimizer, 0.01)
    lean = dep.lean_trainer(a, batch_size=64)(x, y, epochs=2, seed=None)  # seed=None: no shuffling
    history = b.fit(x, y, epochs=2, batch_size=64, shuffle=False, verbose=0).history
    np.testing.assert_allclose(lean["loss"], history["loss"], rtol=1e-4)
    np.testing.assert_allclose(lean["accuracy"], history["accuracy"], atol=1e-6)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-4, atol=1e-6)


def test_fit_engine_gives_the_same_frame_shape(digits_split):
    kwargs = dict(depths=(2,), initializers=("he_uniform",), seeds=(0,), epochs=2, width=8, data=digits_split,
                  train_size=200)
    lean = dep.depth_experiment(**kwargs)
    fit = dep.depth_experiment(engine="fit", **kwargs)
    assert list(lean.columns) == list(fit.columns)
    assert list(lean.columns) == ["depth", "optimizer", "learning_rate", "initializer", "seed", "epoch", "loss",
                                  "accuracy"]
    assert len(lean) == len(fit) == 2


def test_initializer_grid_with_adam_zero_is_chance_and_he_learns(digits_split):
    grid = dep.initializer_grid(("zero", "he_uniform"), ("relu", "sigmoid"), depth=2, width=32, epochs=5,
                                optimizer="adam", learning_rate=0.01, data=digits_split)
    assert list(grid.columns) == ["activation", "initializer", "seed", "loss", "accuracy", "val_loss",
                                  "val_accuracy", "diverged"]
    acc = grid.set_index(["activation", "initializer"])["val_accuracy"]
    assert acc[("relu", "zero")] < 0.15  # ReLU'(0) = 0: nothing moves at all
    assert acc[("sigmoid", "zero")] < 0.4  # only one distinct unit per layer (see below)
    assert acc[("relu", "he_uniform")] > 0.8 and acc[("sigmoid", "he_uniform")] > 0.6


def test_notes_grid_claims_hold_for_other_seeds(digits_split):
    """The full 8 x 2 grid of notebook 05 (which runs seed 0; FULL_RUN adds seeds), seeds 1 and 2."""
    grid = dep.initializer_grid(seeds=(1, 2), data=digits_split)
    assert len(grid) == 8 * 2 * 2
    scaled = ["lecun_uniform", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform"]
    for seed, part in grid.groupby("seed"):
        acc = part.set_index(["activation", "initializer"])["val_accuracy"]
        assert acc[("relu", "zero")] < 0.15 and acc[("sigmoid", "zero")] < 0.15, seed
        assert all(acc[("relu", k)] > 0.85 for k in scaled), seed
        assert (min(acc[("sigmoid", k)] for k in scaled)
                > max(acc[("sigmoid", k)] for k in ("uniform", "normal", "zero")) + 0.1), seed
        he = np.mean([acc[("sigmoid", k)] for k in ("he_normal", "he_uniform")])
        glorot = np.mean([acc[("sigmoid", k)] for k in ("glorot_normal", "glorot_uniform")])
        assert he > glorot - 0.05, seed


def test_zero_init_units_stay_identical(digits_split):
    model = build_mlp(64, depth=2, width=16, activation="sigmoid", kernel_initializer="zero", seed=0)
    compile_classifier(model, "adam", 0.01)
    dep.lean_trainer(model)(digits_split.x_train, digits_split.y_train, epochs=3, seed=0)
    for layer in ini.dense_layers(model)[:-1]:
        kernel = np.asarray(layer.kernel)
        assert np.abs(kernel).max() > 0  # the weights did move ...
        np.testing.assert_allclose(kernel, kernel[:, :1].repeat(kernel.shape[1], axis=1), atol=1e-6)  # ... in step


def test_curves_and_heatmap_draw_on_the_given_axes():
    runs = pd.DataFrame({"initializer": ["g"] * 4 + ["h"] * 4, "seed": [0, 0, 1, 1] * 2, "epoch": [1, 2] * 4,
                         "loss": [2.3, 2.3, 2.3, 2.3, 2.0, 1.0, 2.1, 1.2]})
    runs.attrs["chance_loss"] = LN10
    fig, ax = plt.subplots()
    assert dep.plot_loss_curves(runs, ax=ax) is ax
    assert len(ax.lines) == 5  # 4 runs + the chance line
    grid = pd.DataFrame({"initializer": ["zero", "zero", "he"], "activation": ["relu", "relu", "relu"],
                         "val_accuracy": [0.1, 0.2, 0.9]})
    fig, ax = plt.subplots()
    assert dep.plot_heatmap(grid, ax=ax) is ax
    assert [t.get_text() for t in ax.texts] == ["0.15", "0.90"]


def test_reinitialize_accepts_course_rules():
    model = build_mlp(4, (3,))
    dep.reinitialize(model, "he", seed=0)
    with pytest.raises(ValueError, match="kernel_initializer"):
        dep.reinitialize(model, "kaiming", seed=0)


def test_bad_inputs_name_the_argument():
    x = np.ones((2, 4), "float32")
    with pytest.raises(ValueError, match="initializers"):
        dep.initializer_grid(initializers=("he_normal", "kaiming"), epochs=1)
    with pytest.raises(ValueError, match="initializers"):
        dep.depth_experiment(initializers=("xavier_normal",), epochs=1)
    with pytest.raises(ValueError, match="activations"):
        dep.initializer_grid(activations=("relu", "swishy"), epochs=1)
    with pytest.raises(ValueError, match="activation"):
        dep.depth_experiment(activation="Relu", epochs=1)
    with pytest.raises(ValueError, match="depths"):
        dep.depth_experiment(depths=(0, 30), epochs=1)
    with pytest.raises(ValueError, match="depth"):
        dep.initializer_grid(depth=0, epochs=1)
    with pytest.raises(ValueError, match="seeds"):
        dep.depth_experiment(seeds=(), epochs=1)
    with pytest.raises(ValueError, match="engine"):
        dep.depth_experiment(engine="turbo", epochs=1)
    with pytest.raises(ValueError, match="optimizers"):
        dep.depth_experiment(optimizers=("sgdm",), epochs=1)
    with pytest.raises(ValueError, match="data"):
        dep.depth_experiment(data=(x, [0, 1]), epochs=1)
    with pytest.raises(ValueError, match="model"):
        dep.lean_trainer(build_mlp(4, (3,)))  # not compiled
    with pytest.raises(ValueError, match="hue"):
        dep.plot_loss_curves(pd.DataFrame({"epoch": [1], "loss": [2.0]}), hue="initializer")
    with pytest.raises(ValueError, match="value"):
        dep.plot_heatmap(pd.DataFrame({"initializer": ["a"], "activation": ["relu"]}))
