"""course_utils.depth (notebook 05): fresh weights in a compiled model, seed runs and the notes' grid, plots."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import build_mlp, load_digits_split
from course_utils import depth as dep
from course_utils.training import _compiled_runs, fast_fit

LN10 = math.log(10)


@pytest.fixture(scope="module")
def digits_split():
    return load_digits_split(seed=0)


def _compiled(keras, depth=3, width=16, optimizer=None, **build):
    model = build_mlp(64, depth=depth, width=width, seed=0, **build)
    model.compile(optimizer=optimizer or keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_reinitialize_gives_build_mlp_weights_and_resets_the_optimizer(fresh_keras, digits_split):
    keras = fresh_keras
    model = _compiled(keras, depth=2, width=8, optimizer=keras.optimizers.Adam(learning_rate=1e-3))
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


def test_each_run_is_a_fresh_model_trained_with_fast_fit(fresh_keras, digits_split):
    """One compiled model, re-drawn per run, gives what a new model with that initializer and seed gives."""
    keras = fresh_keras
    model = _compiled(keras)
    runs = dep.depth_experiment(model, initializers=("glorot_uniform", "he_normal"), seeds=(0, 4), epochs=2,
                                data=digits_split)
    assert list(runs.columns) == ["depth", "optimizer", "learning_rate", "batch_size", "initializer", "seed", "epoch",
                                  "loss", "accuracy"]
    assert len(runs) == 2 * 2 * 2 and set(runs["depth"]) == {3} and set(runs["optimizer"]) == {"SGD"}
    assert set(runs["batch_size"]) == {64}
    assert runs.attrs["chance_loss"] == pytest.approx(LN10)
    assert runs.attrs["optimizer_config"]["momentum"] == pytest.approx(0.9)
    assert len(_compiled_runs()[model]) == 1  # traced once for all four runs
    fresh = _compiled(keras, kernel_initializer="he_normal")
    dep.reinitialize(fresh, "he_normal", seed=4)
    expected = fast_fit(fresh, digits_split.x_train, digits_split.y_train, epochs=2, batch_size=64, seed=4)
    got = runs[(runs["initializer"] == "he_normal") & (runs["seed"] == 4)]
    np.testing.assert_allclose(got["loss"], expected["loss"], rtol=1e-5)


def test_learning_rate_applies_to_the_runs_only(fresh_keras, digits_split):
    keras = fresh_keras
    model = _compiled(keras)
    fast = dep.depth_experiment(model, initializers="he_uniform", seeds=0, epochs=3, learning_rate=0.5,
                                data=digits_split)
    slow = dep.depth_experiment(model, initializers="he_uniform", seeds=0, epochs=3, data=digits_split)
    assert set(fast["learning_rate"]) == {0.5} and set(slow["learning_rate"]) == {0.01}
    assert float(model.optimizer.learning_rate) == pytest.approx(0.01)  # restored
    assert not np.allclose(fast["loss"], slow["loss"])


def test_30_relu_layers_with_sgd_glorot_stalls_and_he_trains(fresh_keras, digits_split):
    keras = fresh_keras
    model = _compiled(keras, depth=30, width=64, use_bias=False,
                      optimizer=keras.optimizers.SGD(learning_rate=0.003, momentum=0.9))
    runs = dep.depth_experiment(model, seeds=(0,), epochs=10, data=digits_split)
    final = runs.groupby("initializer")["loss"].last()
    assert abs(final["glorot_uniform"] - LN10) < 0.05
    assert final["he_uniform"] < final["glorot_uniform"] - 0.5


def test_initializer_grid_with_adam_zero_is_chance_and_he_learns(fresh_keras, digits_split):
    adam = fresh_keras.optimizers.Adam(learning_rate=0.01)
    grid = dep.initializer_grid(adam, ("zero", "he_uniform"), ("relu", "sigmoid"), depth=2, width=32, epochs=5,
                                data=digits_split)
    assert int(adam.iterations) == 0, "the optimizer passed in is copied, not used"
    assert list(grid.columns) == ["activation", "initializer", "seed", "loss", "accuracy", "val_loss",
                                  "val_accuracy", "diverged"]
    acc = grid.set_index(["activation", "initializer"])["val_accuracy"]
    assert acc[("relu", "zero")] < 0.15  # relu(0) = 0: no kernel moves
    assert acc[("sigmoid", "zero")] < 0.4  # only one distinct unit per layer
    assert acc[("relu", "he_uniform")] > 0.8 and acc[("sigmoid", "he_uniform")] > 0.6
    assert not grid["diverged"].any()


def test_zero_kernels_stay_zero_with_relu_and_symmetric_with_sigmoid(fresh_keras, digits_split):
    keras = fresh_keras
    for activation in ("relu", "sigmoid"):
        model = _compiled(keras, depth=2, activation=activation, optimizer=keras.optimizers.Adam(learning_rate=0.01))
        dep.reinitialize(model, "zero", seed=0)
        fast_fit(model, digits_split.x_train, digits_split.y_train, epochs=3, batch_size=64)
        kernels = [layer.kernel.numpy() for layer in model.layers if isinstance(layer, keras.layers.Dense)]
        if activation == "relu":
            assert all(np.all(k == 0) for k in kernels)
        else:
            assert all(np.abs(k).max() > 0 for k in kernels[:-1])
            assert all(np.all(k == k[:, :1]) for k in kernels[:-1])


def test_curves_and_heatmap_draw_on_the_given_axes():
    runs = pd.DataFrame({"initializer": ["g"] * 4 + ["h"] * 4, "seed": [0, 0, 1, 1] * 2, "epoch": [1, 2] * 4,
                         "loss": [2.3, 2.3, 2.3, 2.3, 2.0, 1.0, 2.1, 1.2]})
    runs.attrs["chance_loss"] = LN10
    fig, ax = plt.subplots()
    assert dep.plot_loss_curves(runs, ax=ax) is ax
    assert len(ax.lines) == 5  # 4 runs + the chance line
    assert ax.get_legend_handles_labels()[1] == ["g", "h", "chance loss 2.303"]
    grid = pd.DataFrame({"initializer": ["zero", "zero", "he"], "activation": ["relu", "relu", "relu"],
                         "val_accuracy": [0.1, 0.2, 0.9]})
    fig, ax = plt.subplots()
    assert dep.plot_heatmap(grid, ax=ax) is ax
    assert [t.get_text() for t in ax.texts] == ["0.15", "0.90"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["zero", "he"]
    assert fig.axes[-1].get_ylabel() == "validation accuracy"
    fig, ax = plt.subplots()
    dep.plot_heatmap(grid.assign(seed=[0, 1, 0]), ax=ax)
    assert fig.axes[-1].get_ylabel() == "validation accuracy (mean of 2 seeds)"


def test_bad_inputs_name_the_argument(fresh_keras, digits_split):
    keras = fresh_keras
    model = _compiled(keras, depth=1, width=4)
    with pytest.raises(ValueError, match="model"):
        dep.depth_experiment(build_mlp(64, (3,)), epochs=1)  # not compiled
    with pytest.raises(ValueError, match="initializers"):
        dep.depth_experiment(model, initializers=("xavier_normal",), epochs=1)
    with pytest.raises(ValueError, match="seeds"):
        dep.depth_experiment(model, seeds=(), epochs=1)
    with pytest.raises(ValueError, match="learning_rate"):
        dep.depth_experiment(model, learning_rate=-1.0, epochs=1)
    with pytest.raises(ValueError, match="data"):
        dep.depth_experiment(model, data=(np.ones((2, 64)), [0, 1]), epochs=1)
    sgd = keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)
    with pytest.raises(ValueError, match="initializers"):
        dep.initializer_grid(sgd, initializers=("he_normal", "kaiming"), epochs=1)
    with pytest.raises(ValueError, match="activations"):
        dep.initializer_grid(sgd, activations=("relu", "swishy"), epochs=1)
    with pytest.raises(ValueError, match="depth"):
        dep.initializer_grid(sgd, depth=0, epochs=1)
    with pytest.raises(ValueError, match="optimizer"):
        dep.initializer_grid("momentum", epochs=1)
    with pytest.raises(ValueError, match="kernel_initializer"):
        dep.reinitialize(model, "kaiming", seed=0)
    with pytest.raises(ValueError, match="hue"):
        dep.plot_loss_curves(pd.DataFrame({"epoch": [1], "loss": [2.0]}), hue="initializer")
    with pytest.raises(ValueError, match="value"):
        dep.plot_heatmap(pd.DataFrame({"initializer": ["a"], "activation": ["relu"]}))


def test_exercise_2_accepts_every_signal_keeping_variance_scaling(fresh_keras):
    """Exercise 2 judges what the learner built: any VarianceScaling that keeps E[x^2] passes, as does a ReLU layer."""
    import contextlib
    import io

    from course_utils.exercises import nb05

    keras = fresh_keras

    def make(mode, distribution="truncated_normal", separate_relu=False):
        def build(depth):
            layers = []
            for _ in range(depth):
                init = keras.initializers.VarianceScaling(2.0, mode, distribution)
                layers += ([keras.layers.Dense(64, kernel_initializer=init), keras.layers.ReLU()] if separate_relu
                           else [keras.layers.Dense(64, activation="relu", kernel_initializer=init)])
            return keras.Sequential([keras.Input((64,)), *layers, keras.layers.Dense(10, activation="softmax")])
        return build

    for builder in (make("fan_in"), make("fan_avg", "uniform"), make("fan_in", separate_relu=True)):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            nb05.check_2(builder)
        assert "correct." in out.getvalue(), out.getvalue()
