"""Regularization helpers (notebook 06): penalties, weight decay, dropout, early stopping, the runner."""

import numpy as np
import pandas as pd
import pytest

from course_utils import build_mlp, compile_classifier, fit_history
from course_utils import regularization as reg


@pytest.fixture(scope="module")
def moons():
    return reg.make_toy_data("moons", seed=0)


@pytest.fixture(scope="module")
def tiny_model():
    return build_mlp(2, (4,), n_classes=2, seed=0)


# --- data -----------------------------------------------------------------------------

def test_toy_data_shapes_seeding_and_split():
    a = reg.make_toy_data("moons", n_train=50, n_val=40, n_test=30, noise=0.3, seed=3)
    b = reg.make_toy_data("moons", n_train=50, n_val=40, n_test=30, noise=0.3, seed=3)
    c = reg.make_toy_data("moons", n_train=50, n_val=40, n_test=30, noise=0.3, seed=4)
    assert a.sizes() == {"train": 50, "val": 40, "test": 30}
    assert a.n_features == 2 and a.n_classes == 2 and a.name == "moons"
    assert a.x_train.dtype == np.float32 and set(np.unique(a.y_train)) == {0, 1}
    assert np.array_equal(a.x_train, b.x_train) and not np.array_equal(a.x_train, c.x_train)
    circles = reg.make_toy_data("circles", n_train=200, noise=0.0, seed=0)
    radius = np.linalg.norm(circles.x_train, axis=1)
    assert np.allclose(radius[circles.y_train == 0], 1.0, atol=1e-5)  # outer ring is class 0
    assert np.allclose(radius[circles.y_train == 1], 0.5, atol=1e-5)


# --- the facts the notebook teaches -----------------------------------------------------

def test_l2_penalty_is_l2_times_sum_of_squares(fresh_keras):
    keras = fresh_keras
    assert np.isclose(float(keras.regularizers.L2(0.01)(np.ones((3, 3), np.float32))), 0.09)  # no factor 1/2
    model = build_mlp(3, (4,), n_classes=2, kernel_regularizer=keras.regularizers.L2(0.01), seed=0)
    rng = np.random.default_rng(0)
    k1, k2 = rng.normal(size=(3, 4)).astype(np.float32), rng.normal(size=(4, 2)).astype(np.float32)
    model.get_layer("hidden_1").kernel.assign(k1)
    model.get_layer("output").kernel.assign(k2)
    expected = 0.01 * (np.sum(k1.astype(float) ** 2) + np.sum(k2.astype(float) ** 2))
    assert np.isclose(reg.penalty_value(model), expected, rtol=1e-5)
    assert np.isclose(reg.weight_norms(model).set_index("layer").loc["all", "l2_norm"] ** 2 * 0.01, expected,
                      rtol=1e-5)


def test_runner_loss_is_data_loss_plus_the_l2_penalty(moons):
    frame, models = reg.compare_regularization({"l2": {"l2": 1e-2}}, moons, seeds=[0], epochs=15,
                                               return_models=True)
    last = frame.iloc[-1]
    w = reg.kernel_values(models[("l2", 0)]).astype(float)
    assert np.isclose(last["loss"] - last["data_loss"], 1e-2 * np.sum(w ** 2), rtol=1e-4)
    assert np.isclose(last["val_loss"] - last["val_data_loss"], 1e-2 * np.sum(w ** 2), rtol=1e-4)
    assert np.isclose(reg.penalty_value(models[("l2", 0)]), 1e-2 * np.sum(w ** 2), rtol=1e-4)
    assert np.isclose(last["weight_norm"], np.sqrt(np.sum(w ** 2)), rtol=1e-4)
    # no penalty: the two losses agree
    plain = reg.compare_regularization("none", moons, seeds=[0], epochs=3)
    assert np.allclose(plain["loss"], plain["data_loss"]) and np.allclose(plain["val_loss"], plain["val_data_loss"])


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam", "adamw", "rmsprop"])
def test_decoupled_weight_decay_moves_by_lr_times_wd_times_w(fresh_keras, name):
    from course_utils import make_optimizer

    w0 = np.array([1.0, -2.0, 0.5, 10.0])
    lr, wd = 0.1, 0.5
    after = reg.one_step(make_optimizer(name, lr, weight_decay=wd), w0)  # zero gradient
    assert np.allclose(w0 - after, lr * wd * w0, rtol=1e-6)
    assert np.isclose(reg.one_step(make_optimizer("sgd", 0.1, weight_decay=0.5), [1.0])[0], 0.95)


def test_weight_decay_vs_l2_in_one_step(fresh_keras):
    table = reg.decay_vs_l2_one_step([0.1, 1.0, 10.0], learning_rate=0.1, l2=0.05)
    by = {m: part.reset_index(drop=True) for m, part in table.groupby("method", sort=False)}
    sgd_l2, sgd_wd, adam_l2, adamw = by.values()
    assert np.allclose(sgd_l2["w_after"], sgd_wd["w_after"], rtol=1e-6)  # SGD: L2(l) == weight_decay 2l
    assert np.allclose(adamw["relative_change"], 0.1 * 0.1, rtol=1e-5)  # every weight shrinks by lr * wd
    assert np.allclose(adam_l2["change"], 0.1, rtol=1e-3)  # Adam: every weight moves by ~lr, whatever its size
    assert not np.allclose(adam_l2["w_after"], adamw["w_after"], rtol=1e-2)


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_dropout_is_identity_at_inference_and_keeps_the_mean_in_training(fresh_keras, rate):
    demo = reg.dropout_demo(rate, n=20000, seed=1)
    assert list(demo.columns) == ["unit", "input", "training", "inference"]
    assert np.array_equal(demo["inference"], demo["input"])  # identity at inference
    kept = demo["training"] != 0
    assert np.allclose(demo.loc[kept, "training"], 1 / (1 - rate), rtol=1e-6)  # inverted dropout scaling
    assert abs((~kept).mean() - rate) < 0.02
    assert abs(demo["training"].mean() - 1.0) < 0.03  # mean preserved
    small = reg.dropout_demo(0.5, n=10, seed=0)
    assert len(small) == 10 and set(np.round(small["training"], 6)) <= {0.0, 2.0}


def test_early_stopping_restores_the_best_validation_epoch(fresh_keras, moons):
    keras = fresh_keras
    patience = 10

    class LastWeights(keras.callbacks.Callback):
        def on_train_end(self, logs=None):  # runs before EarlyStopping restores (listed first)
            self.weights = self.model.get_weights()

    model = compile_classifier(build_mlp(2, (128, 128), n_classes=2, seed=1), "adam", 0.02)
    last = LastWeights()
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    history = fit_history(model, moons, epochs=150, batch_size=len(moons.x_train), shuffle=False,
                          callbacks=[last, stop], seed=0)
    best = int(history["val_loss"].idxmin())
    assert len(history) < 150 and len(history) == best + 1 + patience  # it stopped, patience epochs after the best
    restored_val = model.evaluate(moons.x_val, moons.y_val, verbose=0)[0]
    assert np.isclose(restored_val, history["val_loss"].min(), rtol=1e-5)
    model.set_weights(last.weights)
    assert np.isclose(model.evaluate(moons.x_val, moons.y_val, verbose=0)[0], history["val_loss"].iloc[-1], rtol=1e-5)
    assert history["val_loss"].iloc[-1] > history["val_loss"].min()

    # the runner's early stopping follows the same rule and returns the same epoch's weights
    frame, models = reg.compare_regularization({"es": {"patience": patience}}, moons, seeds=[1], epochs=150,
                                               return_models=True)
    assert len(frame) == len(history)
    final = frame[frame["final"]].iloc[0]
    assert final["epoch"] == best + 1 and np.isclose(final["val_loss"], frame["val_loss"].min())
    # same curve (float round-off grows a little over the epochs: the two loops order operations differently)
    assert np.allclose(frame["val_loss"][:best + 1], history["val_loss"][:best + 1], rtol=1e-3)
    assert np.allclose(frame["val_loss"], history["val_loss"], rtol=5e-2)
    runner_model = compile_classifier(models[("es", 1)], "adam", 0.02)
    assert np.isclose(runner_model.evaluate(moons.x_val, moons.y_val, verbose=0)[0], final["val_loss"], rtol=1e-5)
    out = reg.final_results(frame)
    assert out["epochs_trained"].iloc[0] == len(frame) and out["epoch"].iloc[0] == best + 1


def test_runner_trains_like_model_fit(fresh_keras, moons):
    """Same network, optimizer, L2 and weight decay: the runner's loop and Keras's fit agree."""
    keras = fresh_keras
    from course_utils import make_optimizer

    params = {"l2": 1e-3, "weight_decay": 0.5}
    frame, models = reg.compare_regularization({"s": params}, moons, seeds=[2], epochs=5, return_models=True)
    model = build_mlp(2, (128, 128), n_classes=2, kernel_regularizer=keras.regularizers.L2(1e-3), seed=2)
    opt = make_optimizer("adam", 0.02, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_names=["bias"])
    compile_classifier(model, opt)
    fit_history(model, (moons.x_train, moons.y_train), epochs=5, batch_size=len(moons.x_train), shuffle=False)
    for a, b in zip(model.get_weights(), models[("s", 2)].get_weights()):
        assert np.allclose(a, b, atol=1e-5)
    assert np.isclose(model.evaluate(moons.x_val, moons.y_val, verbose=0)[0], frame["val_loss"].iloc[-1], rtol=1e-4)


def test_seeds_are_independent_of_what_ran_before(moons):
    setting = {"d": {"dropout": 0.3, "l2": 1e-3, "weight_decay": 0.1}}
    both = reg.compare_regularization(setting, moons, seeds=[0, 1], epochs=8)  # one compiled loop, reset per seed
    reg.clear_cache()
    alone = reg.compare_regularization(setting, moons, seeds=[1], epochs=8)  # a fresh one
    cols = ["loss", "val_loss", "accuracy", "val_accuracy", "weight_norm"]
    assert np.allclose(both[both["seed"] == 1][cols].to_numpy(), alone[cols].to_numpy(), rtol=1e-6)
    assert not np.allclose(both[both["seed"] == 0][cols].to_numpy(), alone[cols].to_numpy())


def test_remembered_runs_are_identical_and_not_shared(moons):
    first = reg.compare_regularization("l2", moons, seeds=[3], epochs=6)
    first_copy = first.copy()
    first.loc[:, "loss"] = -1.0  # changing a result must not change what is remembered
    again = reg.compare_regularization("l2", moons, seeds=[3], epochs=6)
    pd.testing.assert_frame_equal(again, first_copy)
    other = reg.make_toy_data("moons", seed=5)  # other data: not confused with the remembered run
    assert not np.allclose(reg.compare_regularization("l2", other, seeds=[3], epochs=6)["loss"], again["loss"])


# --- the claim of section 6, over 5 seeds -------------------------------------------------

def test_unregularized_wide_network_overfits_more_than_l2_and_dropout(moons):
    frame = reg.compare_regularization(["none", "l2", "dropout"], moons, seeds=range(5))
    assert sorted(frame.columns) == sorted(["setting", "seed", "epoch", "loss", "val_loss", "accuracy", "val_accuracy",
                                            "data_loss", "val_data_loss", "gap", "weight_norm", "final"])
    assert len(frame) == 3 * 5 * 200
    summary = reg.summarize_runs(frame).set_index("setting")
    assert summary.loc["none", "train_accuracy"] >= 0.97  # it (nearly) memorizes the noisy training set
    assert summary.loc["none", "gap"] > summary.loc["l2", "gap"] + 0.03
    assert summary.loc["none", "gap"] > summary.loc["dropout", "gap"] + 0.03
    assert summary.loc["none", "val_data_loss"] > 2 * summary.loc["l2", "val_data_loss"]  # over-confident
    assert list(summary.index) == ["none", "l2", "dropout"] and (summary["seeds"] == 5).all()


# --- weights, plots -----------------------------------------------------------------------

def test_weight_norms_and_kernel_values(fresh_keras):
    model = build_mlp(2, (3,), n_classes=2, seed=0)
    model.get_layer("hidden_1").kernel.assign(np.full((2, 3), 2.0, np.float32))
    model.get_layer("output").kernel.assign(np.zeros((3, 2), np.float32))
    norms = reg.weight_norms(model).set_index("layer")
    assert list(norms.index) == ["hidden_1", "output", "all"]
    assert np.isclose(norms.loc["hidden_1", "l2_norm"], np.sqrt(6 * 4.0))
    assert np.isclose(norms.loc["hidden_1", "l1_norm"], 12.0) and norms.loc["output", "share_near_zero"] == 1.0
    assert norms.loc["all", "n_weights"] == 12 and reg.kernel_values(model).shape == (12,)


def test_plot_decision_boundary_draws_on_the_given_axes(fresh_keras, moons):
    import matplotlib.pyplot as plt

    model = build_mlp(2, (8,), n_classes=2, seed=0)
    fig, (ax1, ax2) = plt.subplots(1, 2)
    out = reg.plot_decision_boundary(model, moons.x_train, moons.y_train, ax=ax1, X_val=moons.x_val,
                                     y_val=moons.y_val, xlim=(-3, 3), ylim=(-2, 2), resolution=40, title="t")
    assert out is ax1 and ax1.get_xlim() == (-3.0, 3.0) and ax1.get_title() == "t"
    assert len(ax1.collections) >= 3  # filled contours, training points, held-out points
    assert len(ax2.collections) == 0

    def always_class_1(points):
        return np.tile([0.1, 0.9], (len(points), 1))

    plt.sca(ax2)
    assert reg.plot_decision_boundary(always_class_1, moons.x_train, moons.y_train, resolution=20) is ax2
    xlim, ylim = reg.boundary_limits(moons.x_train, moons.x_val)
    assert xlim[0] < moons.x_train[:, 0].min() and ylim[1] > moons.x_val[:, 1].max()


def test_plot_helpers_return_axes(fresh_keras, moons):
    import matplotlib.pyplot as plt

    frame = reg.compare_regularization(["none", "l2"], moons, seeds=[0, 1], epochs=4)
    fig, (ax1, ax2) = plt.subplots(1, 2)
    assert reg.plot_runs(frame, y="val_loss", ax=ax1) is ax1 and len(ax1.get_lines()) == 2
    models = {"a": build_mlp(2, (8,), n_classes=2, seed=0), "b": build_mlp(2, (8,), n_classes=2, seed=1)}
    assert reg.plot_weight_histograms(models, ax=ax2) is ax2 and ax2.get_yscale() == "log"


def test_settings_by_name_and_by_dict():
    assert set(reg.setting_names()) >= {"none", "l2", "l1", "weight_decay", "dropout", "early_stopping", "combined"}
    assert reg.make_setting("none") == {"l2": 0.0, "l1": 0.0, "weight_decay": 0.0, "dropout": 0.0,
                                        "patience": None, "max_norm": None}
    assert reg.make_setting("l2", l2=0.1)["l2"] == 0.1
    resolved = reg.resolve_settings({"mine": {"setting": "combined", "dropout": 0.1}, "plain": "none"})
    assert resolved["mine"]["dropout"] == 0.1 and resolved["mine"]["patience"] == reg.SETTINGS["combined"]["patience"]
    assert list(reg.resolve_settings(["dropout", "l1"])) == ["dropout", "l1"]
    assert reg.describe_setting(reg.make_setting("combined")).count("+") == 2
    assert reg.describe_setting(reg.make_setting("none")) == "no regularization"


# --- bad input -> ValueError naming the argument --------------------------------------------

@pytest.mark.parametrize("call, arg", [
    (lambda: reg.make_setting("l2", l2=-1e-3), "l2"),
    (lambda: reg.make_setting(l1=-1.0), "l1"),
    (lambda: reg.make_setting(weight_decay=-0.1), "weight_decay"),
    (lambda: reg.make_setting(dropout=1.0), "dropout"),
    (lambda: reg.make_setting(dropout=-0.1), "dropout"),
    (lambda: reg.make_setting(patience=0), "patience"),
    (lambda: reg.make_setting(max_norm=0), "max_norm"),
    (lambda: reg.make_setting(l3=0.1), "l3"),
    (lambda: reg.make_setting("ridge"), "name"),
    (lambda: reg.resolve_settings(["none", "ridge"]), "settings"),
    (lambda: reg.resolve_settings([]), "settings"),
    (lambda: reg.resolve_settings({"x": {"dropout": 1.5}}), "dropout"),
    (lambda: reg.resolve_settings({"x": 3}), "settings"),
    (lambda: reg.make_toy_data("spiral"), "kind"),
    (lambda: reg.make_toy_data(noise=-0.1), "noise"),
    (lambda: reg.make_toy_data(n_train=0), "n_train"),
    (lambda: reg.make_toy_data(seed=-1), "seed"),
    (lambda: reg.dropout_demo(1.0), "rate"),
    (lambda: reg.dropout_demo(-0.5), "rate"),
    (lambda: reg.dropout_demo(0.5, n=0), "n"),
    (lambda: reg.one_step("adam", [1.0], l2=-1.0), "l2"),
    (lambda: reg.one_step("adamm", [1.0]), "name"),
    (lambda: reg.one_step(object(), [1.0]), "optimizer"),
    (lambda: reg.one_step("sgd", [1.0, 2.0], grad=[1.0, 2.0, 3.0]), "grad"),
    (lambda: reg.decay_vs_l2_one_step(l2=-0.1), "l2"),
    (lambda: reg.decay_vs_l2_one_step(learning_rate=0), "learning_rate"),
    (lambda: reg.decay_vs_l2_one_step(w0=[0.0, 1.0]), "w0"),
    (lambda: reg.weight_norms("model"), "model"),
    (lambda: reg.kernel_values(None), "model"),
    (lambda: reg.penalty_value(3), "model"),
    (lambda: reg.plot_weight_histograms({}), "models"),
    (lambda: reg.summarize_runs(pd.DataFrame({"a": [1]})), "frame"),
    (lambda: reg.final_results([1, 2]), "frame"),
    (lambda: reg.boundary_limits(np.zeros((3, 3))), "arrays"),
])
def test_bad_input_names_the_argument(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


@pytest.mark.parametrize("kwargs, arg", [
    ({"settings": ["none", "lasso"]}, "settings"),
    ({"settings": {"x": {"l2": -1.0}}}, "l2"),
    ({"settings": {"x": {"weight_decay": -1.0}}}, "weight_decay"),
    ({"settings": {"x": {"dropout": 1.0}}}, "dropout"),
    ({"data": (np.zeros((4, 2)), np.zeros(4))}, "data"),
    ({"seeds": []}, "seeds"),
    ({"seeds": [-1]}, "seeds"),
    ({"epochs": 0}, "epochs"),
    ({"learning_rate": -0.1}, "learning_rate"),
    ({"hidden": (0,)}, "hidden"),
    ({"activation": "relux"}, "activation"),
    ({"optimizer": "adamm"}, "optimizer"),
    ({"return_models": "yes"}, "return_models"),
])
def test_runner_bad_input_names_the_argument(moons, kwargs, arg):
    call = {"settings": ["none"], "data": moons, **kwargs}
    with pytest.raises(ValueError, match=arg):
        reg.compare_regularization(call.pop("settings"), call.pop("data"), **call)


@pytest.mark.parametrize("kwargs, arg", [
    ({"X": np.zeros((5, 3))}, "X"),
    ({"y": np.zeros(4)}, "y"),
    ({"X_val": np.zeros((2, 2))}, "X_val"),
    ({"xlim": (1, 0)}, "xlim"),
    ({"resolution": 5}, "resolution"),
    ({"model": "not a model"}, "model"),
])
def test_plot_decision_boundary_bad_input(tiny_model, kwargs, arg):
    call = {"model": tiny_model, "X": np.zeros((5, 2)), "y": np.zeros(5), **kwargs}
    with pytest.raises(ValueError, match=arg):
        reg.plot_decision_boundary(call.pop("model"), call.pop("X"), call.pop("y"), **call)


def test_plot_runs_bad_column(moons):
    frame = reg.compare_regularization(["none"], moons, seeds=[0], epochs=2)
    with pytest.raises(ValueError, match="y"):
        reg.plot_runs(frame, y="setting")
