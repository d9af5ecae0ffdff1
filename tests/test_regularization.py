"""Regularization helpers (notebook 06): the Bayes classifier of the moons, the runner, weights, decay vs L2."""

import numpy as np
import pandas as pd
import pytest

from course_utils import build_mlp, make_toy_data
from course_utils import regularization as reg
from course_utils.training import fast_fit


@pytest.fixture(scope="module")
def moons():
    return make_toy_data("moons", seed=0)


# --- the Bayes classifier --------------------------------------------------------------------

def test_bayes_probability_is_the_true_posterior():
    from sklearn.datasets import make_moons

    x, y = make_moons(20_000, noise=0.3, random_state=5)
    p = reg.moons_bayes_probability(x)
    assert np.all((p >= 0) & (p <= 1))
    error = np.mean((p > 0.5) != y)
    assert abs(error - 0.086) < 0.006  # the Bayes error of make_moons(noise=0.3)
    assert abs(np.mean(np.minimum(p, 1 - p)) - error) < 0.006  # calibrated: E[min(p, 1-p)] is the error
    middle = (p > 0.25) & (p < 0.75)
    assert abs(np.mean(y[middle]) - np.mean(p[middle])) < 0.03  # points given ~p are class 1 a share ~p of the time
    refined = reg.moons_bayes_probability(x[:2000], n_grid=2001)
    assert np.max(np.abs(p[:2000] - refined)) < 0.02  # 201 curve points are enough


def test_bayes_probability_far_from_the_other_moon_and_with_little_noise():
    on_class_0 = np.array([[-1.0, 0.0], [0.0, 1.0]])  # ends and top of the upper half circle
    on_class_1 = np.array([[2.0, 0.5], [1.0, -0.5]])
    assert np.all(reg.moons_bayes_probability(on_class_0, noise=0.1) < 0.01)
    assert np.all(reg.moons_bayes_probability(on_class_1, noise=0.1) > 0.99)
    # the two moons mirror each other through (0.5, 0.25): P(class 1 | x) = 1 - P(class 1 | mirror of x)
    x = np.random.default_rng(0).normal(0.5, 1.0, size=(200, 2))
    mirror = np.array([1.0, 0.5]) - x
    assert np.allclose(reg.moons_bayes_probability(x), 1 - reg.moons_bayes_probability(mirror), atol=1e-6)


# --- the runner ------------------------------------------------------------------------------

def _plain(keras, data, seed, *, l2=0.0, l1=0.0, dropout=0.0, weight_decay=0.0, optimizer="adam", lr=0.02):
    penalty = keras.regularizers.L1L2(l1=l1, l2=l2) if l1 or l2 else None
    model = build_mlp(2, (16, 16), n_classes=2, seed=seed, dropout=dropout, kernel_regularizer=penalty)
    opt = (keras.optimizers.Adam if optimizer == "adam" else keras.optimizers.SGD)(learning_rate=lr,
                                                                                   weight_decay=weight_decay)
    opt.exclude_from_weight_decay(var_names=["bias"])
    model.compile(optimizer=opt, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.mark.parametrize("optimizer, lr", [("adam", 0.02), ("sgd", 0.5)])
def test_runner_trains_exactly_like_the_plain_keras_model(fresh_keras, moons, optimizer, lr):
    """One compiled model for every setting, yet each run is fast_fit (tested against model.fit) on the plain model."""
    keras = fresh_keras
    settings = {"mix": {"l2": 1e-3, "dropout": 0.3, "weight_decay": 0.5}, "l1": {"l1": 1e-3}, "none": {}}
    frame, models = reg.compare_regularization(settings, moons, seeds=[2], epochs=6, hidden=(16, 16),
                                               optimizer=optimizer, learning_rate=lr, return_models=True)
    for label, kwargs in [("mix", dict(l2=1e-3, dropout=0.3, weight_decay=0.5)), ("l1", dict(l1=1e-3)), ("none", {})]:
        model = _plain(keras, moons, 2, optimizer=optimizer, lr=lr, **kwargs)
        expected = fast_fit(model, moons.x_train, moons.y_train, epochs=6, batch_size=len(moons.x_train), seed=2,
                            validation_data=(moons.x_val, moons.y_val), evaluate_train=True)
        got = frame[frame["setting"] == label].reset_index(drop=True)
        for column in ("loss", "accuracy", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "penalty"):
            assert np.allclose(got[column], expected[column], rtol=1e-5, atol=1e-6), (label, column)
        for a, b in zip(models[(label, 2)].get_weights(), model.get_weights()):
            assert np.allclose(a, b, atol=1e-5)


def test_runner_columns_losses_and_returned_models(fresh_keras, moons):
    keras = fresh_keras
    frame, models = reg.compare_regularization({"l2": {"l2": 1e-2}, "drop": {"dropout": 0.5}}, moons, seeds=[0, 1],
                                               epochs=8, hidden=(16,), return_models=True)
    assert list(frame.columns) == reg._COLUMNS and len(frame) == 2 * 2 * 8
    assert list(frame["setting"].cat.categories) == ["l2", "drop"]
    assert np.allclose(frame["val_data_loss"], frame["val_loss"] - frame["penalty"])
    assert np.allclose(frame["gap"], frame["train_accuracy"] - frame["val_accuracy"])
    assert frame.groupby(["setting", "seed"], observed=True)["final"].sum().eq(1).all()
    assert sorted(models) == [("drop", 0), ("drop", 1), ("l2", 0), ("l2", 1)] and len(models) == 4
    l2_model, drop_model = models[("l2", 1)], models[("drop", 0)]
    assert isinstance(l2_model.layers[0].kernel_regularizer, keras.regularizers.L1L2)
    assert [type(layer).__name__ for layer in drop_model.layers] == ["Dense", "Dropout", "Dense"]
    last = frame[(frame["setting"] == "l2") & (frame["seed"] == 1)].iloc[-1]
    kernels = [layer.kernel.numpy().astype(float) for layer in l2_model.layers]
    assert np.isclose(last["penalty"], 1e-2 * sum(np.sum(k ** 2) for k in kernels), rtol=1e-4)
    assert np.isclose(last["penalty"], float(sum(l2_model.losses)), rtol=1e-4)
    l2_model.compile(loss="sparse_categorical_crossentropy")
    val_loss = l2_model.evaluate(moons.x_val, moons.y_val, verbose=0)
    assert np.isclose(val_loss, last["val_loss"], rtol=1e-4)  # the returned model is the run's final model
    test_accuracy = np.mean(np.argmax(l2_model(moons.x_test, training=False), axis=1) == moons.y_test)
    assert np.isclose(last["test_accuracy"], test_accuracy) and frame[~frame["final"]]["test_accuracy"].isna().all()


def test_seeds_do_not_depend_on_what_ran_before_and_settings_can_bring_their_own(moons):
    setting = {"d": {"dropout": 0.3, "l2": 1e-3, "weight_decay": 0.1}}
    both = reg.compare_regularization({"x": {"l1": 1e-3}, **setting}, moons, seeds=[0, 1], epochs=5, hidden=(8,))
    alone = reg.compare_regularization({**setting, "own": {"seeds": [4]}}, moons, seeds=[1], epochs=5, hidden=(8,))
    cols = ["loss", "val_loss", "accuracy", "train_accuracy", "penalty"]
    first = both[(both["setting"] == "d") & (both["seed"] == 1)][cols].to_numpy()
    assert np.allclose(first, alone[alone["setting"] == "d"][cols].to_numpy(), rtol=1e-6)
    assert not np.allclose(first, both[(both["setting"] == "d") & (both["seed"] == 0)][cols].to_numpy())
    assert alone[alone["setting"] == "own"]["seed"].unique().tolist() == [4]


def test_early_stopping_setting_restores_its_best_epoch(fresh_keras, moons):
    frame, models = reg.compare_regularization({"es": {"patience": 5}}, moons, seeds=[0], epochs=100, hidden=(64, 64),
                                               return_models=True)
    final = reg.final_results(frame).iloc[0]
    best = frame.loc[frame["val_loss"].idxmin()]
    assert final["epoch"] == best["epoch"] and final["epochs_trained"] == best["epoch"] + 5 < 100
    model = models[("es", 0)]
    model.compile(loss="sparse_categorical_crossentropy")
    assert np.isclose(model.evaluate(moons.x_val, moons.y_val, verbose=0), best["val_loss"], rtol=1e-4)
    summary = reg.summarize_runs(frame)
    assert summary.loc[0, "epochs"] == final["epochs_trained"] and summary.loc[0, "seeds"] == 1


def test_summarize_runs_means_and_spreads(moons):
    frame = reg.compare_regularization({"a": {}, "b": {"l2": 1e-2}}, moons, seeds=[0, 1, 2], epochs=3, hidden=(8,))
    summary = reg.summarize_runs(frame).set_index("setting")
    final = reg.final_results(frame)
    b = final[final["setting"] == "b"]
    assert list(summary.index) == ["a", "b"] and (summary["seeds"] == 3).all()
    assert np.isclose(summary.loc["b", "gap"], b["gap"].mean()) and np.isclose(summary.loc["b", "gap_sd"], b["gap"].std(ddof=0))
    assert np.isclose(summary.loc["b", "val_data_loss"], b["val_data_loss"].mean())
    assert np.isclose(summary.loc["b", "test_accuracy"], b["test_accuracy"].mean()) and b["test_accuracy"].notna().all()


# --- weights and the decay-vs-L2 steps ----------------------------------------------------------

def test_weight_stats_counts_kernels_only(fresh_keras):
    model = build_mlp(2, (3,), n_classes=2, seed=0)
    model.get_layer("hidden_1").kernel.assign(np.full((2, 3), 2.0, np.float32))
    model.get_layer("output").kernel.assign(np.zeros((3, 2), np.float32))
    stats = reg.weight_stats({"m": model, "n": model}, zero_tol=1e-3)
    assert list(stats.index) == ["m", "n"]
    row = stats.loc["m"]
    assert row["n_weights"] == 12 and np.isclose(row["l2_norm"], np.sqrt(6 * 4.0)) and np.isclose(row["l1_norm"], 12)
    assert row["share_near_zero"] == 0.5 and row["max_abs"] == 2.0
    assert isinstance(reg.weight_stats({("a", 0): model}).index, pd.MultiIndex)


def test_decay_vs_l2_sgd_equal_adam_not_momentum_parts(fresh_keras):
    table = reg.decay_vs_l2([0.1, 1.0, 10.0], learning_rate=0.1, l2=0.05)
    sgd_l2, sgd_wd, adam_l2, adamw = (p.reset_index(drop=True) for _, p in table.groupby("method", sort=False))
    assert np.allclose(sgd_l2["w_after"], [0.099, 0.99, 9.9], rtol=1e-5)  # w - lr * 2 * l2 * w
    assert np.allclose(sgd_l2["w_after"], sgd_wd["w_after"], rtol=1e-6)
    assert np.allclose(adam_l2["change"], 0.1, rtol=1e-3)  # Adam: about lr, whatever the size
    assert np.allclose(adamw["relative_change"], 0.01, rtol=1e-5)
    one = reg.decay_vs_l2([1.0], learning_rate=0.1, l2=0.05, momentum=0.9)["w_after"]
    five = reg.decay_vs_l2([1.0], learning_rate=0.1, l2=0.05, momentum=0.9, steps=5)["w_after"]
    assert np.isclose(one[0], one[1]) and five[0] < five[1] - 0.05
    # with momentum and L2 the velocity builds up: v_k = 0.9 v_(k-1) - lr * 0.1 * w_(k-1)
    w, v = 1.0, 0.0
    for _ in range(5):
        v = 0.9 * v - 0.1 * 0.1 * w
        w += v
    assert np.isclose(five[0], w, rtol=1e-5) and np.isclose(five[1], 0.99 ** 5, rtol=1e-5)


# --- plots -------------------------------------------------------------------------------------

def test_plot_decision_boundary_draws_on_the_given_axes(fresh_keras, moons):
    import matplotlib.pyplot as plt

    model = build_mlp(2, (8,), n_classes=2, seed=0)
    fig, (ax1, ax2) = plt.subplots(1, 2)
    out = reg.plot_decision_boundary(model, moons.x_train, moons.y_train, ax=ax1, X_val=moons.x_val,
                                     y_val=moons.y_val, xlim=(-3, 3), ylim=(-2, 2), resolution=40, title="t",
                                     reference=reg.moons_bayes_probability)
    assert out is ax1 and ax1.get_xlim() == (-3.0, 3.0) and ax1.get_title() == "t"
    assert len(ax1.collections) >= 4  # bands, 2 boundaries, points
    labels = [t.get_text() for t in ax1.get_legend().get_texts()]
    assert labels == ["training points (class 0, 1)", "held-out points", "boundary (P = 0.5)", "best possible (Bayes)",
                      "P(class 1) < 0.25", "0.25 to 0.75: uncertain", "P(class 1) > 0.75"]
    plt.sca(ax2)
    assert reg.plot_decision_boundary(lambda p: np.tile([0.1, 0.9], (len(p), 1)), moons.x_train, moons.y_train,
                                      resolution=20, legend=False) is ax2
    xlim, ylim = reg.boundary_limits(moons.x_train, moons.x_val)
    assert xlim[0] < moons.x_train[:, 0].min() and ylim[1] > moons.x_val[:, 1].max()


# --- bad input -> ValueError naming the argument --------------------------------------------------

@pytest.mark.parametrize("call, arg", [
    (lambda: reg.resolve_settings({"x": {"l2": -1e-3}}), "l2"),
    (lambda: reg.resolve_settings({"x": {"l1": -1.0}}), "l1"),
    (lambda: reg.resolve_settings({"x": {"weight_decay": -0.1}}), "weight_decay"),
    (lambda: reg.resolve_settings({"x": {"dropout": 1.0}}), "dropout"),
    (lambda: reg.resolve_settings({"x": {"patience": 0}}), "patience"),
    (lambda: reg.resolve_settings({"x": {"seeds": []}}), "seeds"),
    (lambda: reg.resolve_settings({"x": {"l3": 0.1}}), "l3"),
    (lambda: reg.resolve_settings(["none"]), "settings"),
    (lambda: reg.resolve_settings({}), "settings"),
    (lambda: reg.resolve_settings({"x": 3}), "settings"),
    (lambda: reg.moons_bayes_probability(np.zeros((3, 3))), "points"),
    (lambda: reg.moons_bayes_probability(np.zeros((3, 2)), noise=0), "noise"),
    (lambda: reg.decay_vs_l2(l2=-0.1), "l2"),
    (lambda: reg.decay_vs_l2(learning_rate=0), "learning_rate"),
    (lambda: reg.decay_vs_l2(w0=[0.0, 1.0]), "w0"),
    (lambda: reg.decay_vs_l2(momentum=1.0), "momentum"),
    (lambda: reg.decay_vs_l2(steps=0), "steps"),
    (lambda: reg.weight_stats({}), "models"),
    (lambda: reg.weight_stats({"a": "model"}), "models"),
    (lambda: reg.summarize_runs(pd.DataFrame({"a": [1]})), "frame"),
    (lambda: reg.final_results([1, 2]), "frame"),
    (lambda: reg.boundary_limits(np.zeros((3, 3))), "arrays"),
    (lambda: reg.boundary_limits(), "arrays"),
])
def test_bad_input_names_the_argument(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


@pytest.mark.parametrize("kwargs, arg", [
    ({"settings": {"x": {"l2": -1.0}}}, "l2"),
    ({"data": (np.zeros((4, 2)), np.zeros(4))}, "data"),
    ({"seeds": []}, "seeds"),
    ({"seeds": [-1]}, "seeds"),
    ({"epochs": 0}, "epochs"),
    ({"learning_rate": -0.1}, "learning_rate"),
    ({"hidden": (0,)}, "hidden"),
    ({"optimizer": "adamm"}, "optimizer"),
    ({"batch_size": 0}, "batch_size"),
    ({"return_models": "yes"}, "return_models"),
])
def test_runner_bad_input_names_the_argument(moons, kwargs, arg):
    call = {"settings": {"none": {}}, "data": moons, **kwargs}
    with pytest.raises(ValueError, match=arg):
        reg.compare_regularization(call.pop("settings"), call.pop("data"), **call)


@pytest.mark.parametrize("kwargs, arg", [
    ({"X": np.zeros((5, 3))}, "X"),
    ({"y": np.zeros(4)}, "y"),
    ({"X_val": np.zeros((2, 2))}, "X_val"),
    ({"xlim": (1, 0)}, "xlim"),
    ({"resolution": 5}, "resolution"),
    ({"model": "not a model"}, "model"),
    ({"reference": 3}, "reference"),
])
def test_plot_decision_boundary_bad_input(fresh_keras, kwargs, arg):
    call = {"model": build_mlp(2, (4,), n_classes=2, seed=0), "X": np.zeros((5, 2)), "y": np.zeros(5), **kwargs}
    with pytest.raises(ValueError, match=arg):
        reg.plot_decision_boundary(call.pop("model"), call.pop("X"), call.pop("y"), **call)
