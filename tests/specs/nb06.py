"""What 06_regularization.ipynb must show and may claim.

The experiments below are the notebook's, re-run with another seed: ``check(seed)`` uses model
seed ``seed`` for a single run (seed 0 is the notebook's run), and seeds ``3*seed .. 3*seed+2`` where
the notebook averages over seeds 0, 1 and 2. Results are cached per seed, so claims share runs.
"""

from __future__ import annotations

import functools

import numpy as np

from specs import Case, Claim, ExerciseCases

NOTEBOOK = "06_regularization.ipynb"

KERAS_LINES = [
    "keras.Sequential([",
    "keras.regularizers.L2(1e-3)",
    'keras.layers.Dense(128, activation="relu", kernel_regularizer=l2)',
    "keras.layers.Dropout(0.2)",
    "keras.optimizers.AdamW(learning_rate=0.02, weight_decay=0.1)",
    'optimizer.exclude_from_weight_decay(var_names=["bias"])',
    'keras.callbacks.EarlyStopping(monitor="val_loss", patience=10,',
    "restore_best_weights=True)",
    "tf.data.Dataset.from_tensor_slices((data.x_train, data.y_train)).batch(80)",
    "history = model.fit(train_ds, validation_data=val_ds, epochs=100, shuffle=False,",
    "reg_model.fit(train_ds, validation_data=val_ds, epochs=100, shuffle=False,",
    "callbacks=[stopper], verbose=0)",
    "reg_model.evaluate(val_ds, verbose=0, return_dict=True)",
    "float(sum(reg_model.losses))",
    "keras.regularizers.L2(0.01)(ones)",
    "keras.optimizers.SGD(learning_rate=0.1, weight_decay=0.5)",
    "sgd.apply_gradients([(np.zeros(1, dtype=\"float32\"), w)])",
    "adam.apply_gradients([(2 * 0.05 * w.numpy(), w)])",
    "keras.layers.Dropout(0.5, seed=0)",
    "dropout(ten_ones, training=True)",
    "model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02),",
    'loss="sparse_categorical_crossentropy", metrics=["accuracy"])',
    "keras.utils.set_random_seed(0)",
]

# the notebook's code that sets up each experiment (must stay in its code cells)
DATA = 'data = cu.make_toy_data("moons", n_train=80, n_val=300, n_test=300, noise=0.3, seed=0)'
SECTION_1 = (DATA, 'keras.layers.Dense(128, activation="relu"),',
             "model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02)",
             "history = model.fit(train_ds, validation_data=val_ds, epochs=100, shuffle=False,")
SECTION_2 = (DATA, "keras.layers.Dropout(0.2)", "keras.optimizers.AdamW(learning_rate=0.02, weight_decay=0.1)",
             'keras.callbacks.EarlyStopping(monitor="val_loss", patience=10,',
             "reg_model.fit(train_ds, validation_data=val_ds, epochs=100, shuffle=False,")
RUNNER = (DATA, '"L2 0.001": {"l2": 1e-3, "seeds": [0]},', '"L2 0.003": {"l2": 3e-3},',
          '"L2 0.01": {"l2": 1e-2, "seeds": [0]},', '"L1 0.001": {"l1": 1e-3, "seeds": [0]},',
          '"AdamW 0.006": {"weight_decay": 0.006, "seeds": [0]},', '"AdamW 5": {"weight_decay": 5.0},',
          '"dropout 0.5": {"dropout": 0.5},', '"early stopping": {"patience": 30},',
          '"combined": {"l2": 1e-3, "dropout": 0.3, "patience": 50},',
          "runs, models = reg.compare_regularization(settings, data, seeds=[0, 1, 2], epochs=100, return_models=True)")
SGD = (DATA, 'seeds=[0], epochs=200, optimizer="sgd", learning_rate=0.5,')
BAYES = (DATA, "x_new, y_new = make_moons(10_000, noise=0.3, random_state=1)")
FAIR = ["none", "L2 0.003", "AdamW 5", "dropout 0.5", "early stopping", "combined"]
REGULARIZED = ["L2 0.003", "AdamW 5", "dropout 0.5", "combined"]


@functools.cache
def _data(seed: int = 0):
    from course_utils import make_toy_data

    return make_toy_data("moons", n_train=80, n_val=300, n_test=300, noise=0.3, seed=seed)


def _network(seed):
    """Section 1's build_network() after keras.utils.set_random_seed(seed), compiled as the notebook does."""
    import keras

    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(128, activation="relu"), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


@functools.cache
def _section_1(seed):
    """Section 1: the plain Keras network, Adam 0.02, 100 full-batch epochs; model.fit's history (fast_fit is
    tested against model.fit): loss and accuracy are the training set's before each epoch's step."""
    from course_utils.training import fast_fit

    data = _data()
    return fast_fit(_network(seed), data.x_train, data.y_train, batch_size=len(data.x_train), epochs=100,
                    shuffle=False, validation_data=(data.x_val, data.y_val), seed=seed)


@functools.cache
def _section_2(seed):
    """Section 2: L2 + Dropout + AdamW, model.fit with EarlyStopping(patience=10, restore_best_weights=True)."""
    import keras
    import tensorflow as tf

    data = _data()
    keras.utils.set_random_seed(seed)
    l2 = keras.regularizers.L2(1e-3)
    model = keras.Sequential([keras.Input(shape=(2,)),
                              keras.layers.Dense(128, activation="relu", kernel_regularizer=l2), keras.layers.Dropout(0.2),
                              keras.layers.Dense(128, activation="relu", kernel_regularizer=l2), keras.layers.Dropout(0.2),
                              keras.layers.Dense(2, activation="softmax", kernel_regularizer=l2)])
    optimizer = keras.optimizers.AdamW(learning_rate=0.02, weight_decay=0.1)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    train = tf.data.Dataset.from_tensor_slices((data.x_train, data.y_train)).batch(len(data.x_train))
    val = tf.data.Dataset.from_tensor_slices((data.x_val, data.y_val)).batch(len(data.x_val))
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)
    history = model.fit(train, validation_data=val, epochs=100, shuffle=False, callbacks=[stopper], verbose=0)
    now = model.evaluate(val, verbose=0, return_dict=True)["loss"]
    probs = model.predict(data.x_val, verbose=0)
    data_loss = float(np.mean(-np.log(np.clip(probs[np.arange(len(probs)), data.y_val], 1e-7, 1))))
    return {"val_loss": np.array(history.history["val_loss"]), "best": stopper.best_epoch + 1, "now": now,
            "data_loss": data_loss, "penalty": float(sum(model.losses))}


@functools.cache
def _runner(seed):
    """Sections 3-7: the runner with the notebook's settings; seeds 3*seed..3*seed+2 (3*seed alone for four)."""
    from course_utils import regularization as reg

    one, seeds = [3 * seed], [3 * seed, 3 * seed + 1, 3 * seed + 2]
    settings = {"none": {}, "L2 0.001": {"l2": 1e-3, "seeds": one}, "L2 0.003": {"l2": 3e-3},
                "L2 0.01": {"l2": 1e-2, "seeds": one}, "L1 0.001": {"l1": 1e-3, "seeds": one},
                "AdamW 0.006": {"weight_decay": 0.006, "seeds": one}, "AdamW 5": {"weight_decay": 5.0},
                "dropout 0.5": {"dropout": 0.5}, "early stopping": {"patience": 30},
                "combined": {"l2": 1e-3, "dropout": 0.3, "patience": 50}}
    runs, models = reg.compare_regularization(settings, _data(), seeds=seeds, epochs=100, return_models=True)
    final = reg.final_results(runs)
    first = final[final["seed"] == 3 * seed].set_index("setting")
    stats = {tol: reg.weight_stats({label: models[(label, 3 * seed)] for label in settings}, zero_tol=tol)
             for tol in (1e-4, 1e-3, 1e-2)}
    first["weight_norm"] = stats[1e-3]["l2_norm"]
    summary = reg.summarize_runs(runs[runs["setting"].isin(FAIR)]).set_index("setting")
    x = _data().x_val
    first["uncertain"] = [np.mean(np.abs(np.asarray(models[(label, 3 * seed)](x, training=False))[:, 1] - 0.5) < 0.25)
                          for label in first.index]  # share of validation points with 0.25 < P(class 1) < 0.75
    norms = reg.weight_stats({(name, s): models[(name, s)] for name in ("early stopping", "none") for s in seeds})
    return runs, final.set_index(["setting", "seed"]), first, stats, summary, norms["l2_norm"]


@functools.cache
def _sgd(seed):
    from course_utils import regularization as reg

    runs, models = reg.compare_regularization({"L2 0.001": {"l2": 1e-3}, "L1 0.001": {"l1": 1e-3}}, _data(),
                                              seeds=[seed], epochs=200, optimizer="sgd", learning_rate=0.5,
                                              return_models=True)
    return reg.weight_stats({label: models[(label, seed)] for label in ("L2 0.001", "L1 0.001")}, zero_tol=1e-3)


def _bayes(seed):
    from sklearn.datasets import make_moons

    from course_utils.regularization import moons_bayes_probability

    data = _data(seed)
    x_new, y_new = make_moons(10_000, noise=0.3, random_state=seed + 1)
    right = {part: np.mean((moons_bayes_probability(getattr(data, f"x_{part}")) > 0.5) == getattr(data, f"y_{part}"))
             for part in ("train", "val", "test")}
    return {**right, "error": np.mean((moons_bayes_probability(x_new) > 0.5) != y_new)}


# ---- checks -----------------------------------------------------------------------------

def check_bayes_numbers(seed):
    b = _bayes(seed)
    assert 0.08 < b["error"] < 0.095, b
    assert abs(b["val"] - 0.90) <= 0.015, b


def check_bayes_misses_training_points(seed):
    assert _bayes(seed)["train"] < 1.0


def check_network_beats_bayes_on_training_points(seed):
    assert round(_bayes(0)["train"], 3) == 0.925  # the notebook's data (seed 0)
    assert _section_1(seed)["accuracy"].iloc[-1] > _bayes(0)["train"]


def check_parameters_per_point(_):
    assert (2 * 128 + 128 + 128 * 128 + 128 + 128 * 2 + 2) / 80 > 200


def check_training_accuracy(seed):
    last = _section_1(seed).iloc[-1]
    assert last["accuracy"] >= 0.97 and last["accuracy"] - last["val_accuracy"] > 0.07
    assert last["loss"] < _section_1(seed)["loss"].iloc[0] / 10


def check_validation_loss_turns_up(seed):
    f = _section_1(seed)
    lowest = f.loc[f["val_loss"].idxmin()]
    assert lowest["epoch"] <= 20 and f["val_loss"].iloc[-1] > 4 * lowest["val_loss"]
    assert f["val_accuracy"].max() - f["val_accuracy"].iloc[-1] < 0.04
    assert f["val_accuracy"].iloc[-1] > lowest["val_accuracy"] - 0.04  # not many more points wrong


def check_overfitting_key_point(seed):
    check_network_beats_bayes_on_training_points(seed)  # its boundary bends around points on the wrong side
    f = _section_1(seed)
    lowest = f["val_loss"].idxmin()
    assert f["loss"].iloc[-1] < f["loss"].iloc[lowest] / 3  # still falling, long after
    # the loss has doubled from its lowest value while the accuracy is still within 0.04 of its best
    doubled = f.index[(f.index > lowest) & (f["val_loss"] > 2 * f["val_loss"].min())][0]
    assert f["val_accuracy"].max() - f["val_accuracy"].iloc[doubled] < 0.04 and doubled < len(f) - 30
    check_l2_smooths(seed)


def check_runner_starts_elsewhere(seed):
    from course_utils import build_mlp

    plain = _network(seed).get_weights()[0]
    assert not np.allclose(build_mlp(2, (128, 128), n_classes=2, seed=seed).get_weights()[0], plain)


def check_dropout_fraction(seed):
    import keras

    out = np.asarray(keras.layers.Dropout(0.2, seed=seed)(np.ones((1, 100_000), "float32"), training=True))
    assert abs(np.mean(out == 0) - 0.2) < 0.01


def check_early_stopping_restores(seed):
    r = _section_2(seed)
    assert len(r["val_loss"]) < 100 and len(r["val_loss"]) == r["best"] + 10
    assert np.isclose(r["now"], r["val_loss"].min(), rtol=1e-4) and r["val_loss"][-1] > r["val_loss"].min()


def check_reported_loss_includes_penalty(seed):
    r = _section_2(seed)
    assert r["penalty"] > 0 and np.isclose(r["now"], r["data_loss"] + r["penalty"], rtol=1e-4)


def check_stopping_on_penalized_loss(seed):
    check_reported_loss_includes_penalty(seed)  # the val_loss fit records is data loss + penalty
    check_early_stopping_restores(seed)  # and EarlyStopping keeps its lowest value


def check_l2_formula(_):
    import keras

    assert np.isclose(float(keras.regularizers.L2(0.01)(np.ones((3, 3), "float32"))), 0.09)
    assert np.isclose(float(keras.regularizers.L1(0.01)(2 * np.ones((3, 3), "float32"))), 0.18)


def check_l2_key_point(seed):
    check_l2_formula(seed)
    check_reported_loss_includes_penalty(seed)


def check_l2_smooths(seed):
    first = _runner(seed)[2]
    labels = ["none", "L2 0.001", "L2 0.003", "L2 0.01"]
    assert first.loc[labels, "weight_norm"].is_monotonic_decreasing  # smaller weights, smoother function
    assert first.loc[labels, "uncertain"].is_monotonic_increasing  # a wider band of uncertain probabilities
    assert first.loc["L2 0.01", "gap"] < min(first.loc[labels[:3], "gap"])
    assert first.loc["L2 0.01", "train_accuracy"] < min(first.loc[labels[:3], "train_accuracy"])  # underfits


def check_penalty_makes_loss_larger(seed):
    first = _runner(seed)[2]
    assert first.loc["L2 0.01", "train_loss"] > first.loc["none", "train_loss"]
    assert first.loc["L2 0.01", "val_data_loss"] < first.loc["none", "val_data_loss"]


def check_kernel_count(_):
    assert 2 * 128 + 128 * 128 + 128 * 2 == 16_896


def _shares(seed):
    stats = _runner(seed)[3]
    return {tol: stats[tol]["share_near_zero"] for tol in stats}


def check_adam_sparsity(seed):
    s = _shares(seed)
    assert s[1e-3]["L2 0.001"] > s[1e-3]["L1 0.001"] + 0.1
    assert s[1e-2]["L1 0.001"] > 0.9 > s[1e-2]["L2 0.001"]
    assert s[1e-3]["L1 0.001"] < 1 / 3 and s[1e-3]["none"] < 0.02


def check_adam_mechanism(seed):
    s = _shares(seed)
    assert s[1e-2]["L1 0.001"] - s[1e-3]["L1 0.001"] > 0.5  # most L1 weights between 0.001 and 0.01
    assert s[1e-3]["L2 0.001"] > s[1e-3]["L1 0.001"] and s[1e-4]["L2 0.001"] > s[1e-4]["L1 0.001"]


def check_adam_tables(seed):
    check_adam_sparsity(seed)
    check_adam_mechanism(seed)


def check_sgd_sparsity(seed):
    shares = _sgd(seed)["share_near_zero"]
    assert shares["L2 0.001"] < 0.05 and shares["L1 0.001"] > 0.5


def check_sparsity_key_point(seed):
    check_sgd_sparsity(seed)
    check_adam_sparsity(seed)


def _decay_table(**kwargs):
    from course_utils.regularization import decay_vs_l2

    table = decay_vs_l2(**kwargs)
    return [part.reset_index(drop=True) for _, part in table.groupby("method", sort=False)]


def check_adamw_defaults(_):
    import keras

    assert keras.optimizers.AdamW().weight_decay == 0.004 and keras.optimizers.Adam().weight_decay is None
    w = keras.Variable([1.0])
    keras.optimizers.SGD(learning_rate=0.1, weight_decay=0.5).apply_gradients([(np.zeros(1, "float32"), w)])
    assert np.isclose(w.numpy()[0], 0.95)


def check_sgd_l2_equals_decay(_):
    sgd_l2, sgd_wd, _, _ = _decay_table(w0=[0.1, 1.0, 10.0], learning_rate=0.1, l2=0.05)
    assert np.allclose(sgd_l2["w_after"], sgd_wd["w_after"])


def check_adam_l2_one_step(_):
    import keras

    _, _, adam_l2, adamw = _decay_table(w0=[0.1, 1.0, 10.0], learning_rate=0.1, l2=0.05)
    assert abs(adam_l2["w_after"][0]) < 1e-3 and np.isclose(adam_l2["relative_change"][2], 0.01, rtol=1e-2)
    assert np.allclose(adamw["relative_change"], 0.01, rtol=1e-5)
    w = keras.Variable([0.1, 1.0, 10.0])  # the notebook's plain Keras step: the same as decay_vs_l2's
    keras.optimizers.Adam(learning_rate=0.1).apply_gradients([(2 * 0.05 * w.numpy(), w)])
    assert np.allclose(w.numpy(), adam_l2["w_after"], atol=1e-6)


def check_momentum_parts(_):
    one = _decay_table(w0=[1.0], learning_rate=0.1, l2=0.05, steps=1, momentum=0.9)
    five = _decay_table(w0=[1.0], learning_rate=0.1, l2=0.05, steps=5, momentum=0.9)
    plain = _decay_table(w0=[1.0], learning_rate=0.1, l2=0.05, steps=1)
    assert np.isclose(one[0]["w_after"][0], one[1]["w_after"][0]) and np.isclose(one[0]["w_after"][0],
                                                                                 plain[0]["w_after"][0])
    assert five[0]["w_after"][0] < five[1]["w_after"][0] - 0.05


def check_decay_key_point(_):
    check_sgd_l2_equals_decay(_)
    check_adam_l2_one_step(_)
    check_momentum_parts(_)
    check_decay_follows_learning_rate(_)


def check_decay_strengths_do_not_transfer(seed):
    first = _runner(seed)[2]
    assert abs(first.loc["AdamW 0.006", "weight_norm"] / first.loc["none", "weight_norm"] - 1) < 0.1
    assert first.loc["AdamW 0.006", "gap"] > first.loc["none", "gap"] - 0.03
    assert first.loc["AdamW 5", "gap"] < first.loc["none", "gap"] - 0.03
    assert abs(first.loc["AdamW 5", "gap"] - first.loc["L2 0.003", "gap"]) < 0.02
    assert first.loc["L2 0.003", "weight_norm"] < first.loc["AdamW 5", "weight_norm"]  # larger weights


def check_decay_follows_learning_rate(_):
    import keras

    for lr, wd in ((0.02, 5.0), (0.01, 5.0), (0.002, 5.0), (0.001, 0.1 / 0.001)):
        w = keras.Variable([1.0])
        keras.optimizers.AdamW(learning_rate=lr, weight_decay=wd).apply_gradients([(np.zeros(1, "float32"), w)])
        assert np.isclose(1 - w.numpy()[0], lr * wd, rtol=1e-4)  # the paper's lambda = lr * wd


def check_inverted_dropout(seed):
    import keras

    layer = keras.layers.Dropout(0.5, seed=seed)
    out = np.asarray(layer(np.ones((1, 100_000), "float32"), training=True))
    assert set(np.round(np.unique(out), 6)) <= {0.0, 2.0} and abs(out.mean() - 1) < 0.02
    assert (np.asarray(layer(np.ones((1, 10), "float32"), training=False)) == 1).all()


def check_dropout_smooths(seed):
    ends = _runner(seed)[1]
    assert (ends.loc["dropout 0.5", "gap"] < ends.loc["none", "gap"] - 0.02).all()


def check_dropout_reported_accuracy(seed):
    runs = _runner(seed)[0]
    tail = runs[(runs["setting"] == "dropout 0.5") & (runs["epoch"] > 50)].groupby("seed")[
        ["accuracy", "train_accuracy", "loss", "train_loss"]].mean()
    assert (tail["accuracy"] < tail["train_accuracy"]).all() and (tail["loss"] > tail["train_loss"]).all()


def check_early_stopping_default(_):
    import keras

    assert keras.callbacks.EarlyStopping().restore_best_weights is False


def check_early_stopping_key_point(seed):
    check_early_stopping_default(seed)
    check_early_stopping_restores(seed)


def _stops(seed):
    """Every seed: early stopping restores the lowest validation loss of the unregularized run's 100 epochs (the
    same curve until it stops: same starting weights, no penalty, no dropout) and stops 30 epochs later."""
    runs, ends = _runner(seed)[:2]
    for s, part in runs[runs["setting"] == "none"].groupby("seed"):
        lowest = part.loc[part["val_loss"].idxmin(), "epoch"]
        assert ends.loc[("early stopping", s), "epoch"] == lowest
        assert ends.loc[("early stopping", s), "epochs_trained"] == min(lowest + 30, 100)
    return ends


def check_early_stopping_seed_0(seed):
    ends = _stops(seed)
    if seed == 0:  # the sentence is about the notebook's seed 0
        es0 = ends.loc[("early stopping", 0)]
        assert es0["epoch"] == 2 and es0["epochs_trained"] == 32 and es0["train_accuracy"] < 0.9
        assert es0["val_accuracy"] < ends.loc["none", "val_accuracy"].mean() - 0.03


def check_early_stopping_limits_weights(seed):
    ends = _stops(seed)
    assert (ends.loc["early stopping", "epochs_trained"] < 100).all()
    norms = _runner(seed)[5]
    assert (norms.loc["early stopping"] < norms.loc["none"] / 1.5).all()


def check_patience_would_not_help(seed):
    _stops(seed)  # the restored epoch is the lowest validation loss of all 100 epochs, in every seed


def check_start_from_epoch(seed):
    runs, ends = _runner(seed)[:2]
    for _, part in runs[runs["setting"] == "none"].groupby("seed"):
        part = part.set_index("epoch")
        after_5 = part.loc[6:, "val_loss"].idxmin()  # what start_from_epoch=5 (and patience 30) would restore
        if part["val_loss"].idxmin() <= 5:  # the early dip: seed 0 of the notebook
            assert part.loc[after_5, "val_accuracy"] >= ends.loc["none", "val_accuracy"].mean() - 0.01
    if seed == 0:
        none_0 = runs[(runs["setting"] == "none") & (runs["seed"] == 0)].set_index("epoch")
        assert none_0["val_loss"].idxmin() <= 5 and none_0.loc[6:, "val_loss"].idxmin() > 5


def check_combined_escapes(seed):
    ends = _stops(seed)
    assert (ends.loc["combined", "epoch"] > 5).all()
    if seed == 0:
        assert ends.loc[("combined", 0), "epoch"] > ends.loc[("early stopping", 0), "epoch"] + 10


def check_early_stopping_mean(seed):
    summary = _runner(seed)[4]
    _stops(seed)
    if seed == 0:
        for column in ("val_accuracy", "test_accuracy"):
            assert summary.loc["early stopping", column] < summary.loc["none", column]


def check_fair_gap_and_loss(seed):
    s = _runner(seed)[4]
    assert 0.08 < s.loc["none", "gap"] < 0.14
    for name in FAIR[1:]:
        assert s.loc[name, "gap"] < 0.65 * s.loc["none", "gap"], name
        assert s.loc[name, "val_data_loss"] < s.loc["none", "val_data_loss"] / 2, name


def check_gap_floor(seed):
    b = _bayes(0)  # the notebook's data
    assert (round(b["train"], 3), round(b["val"], 3)) == (0.925, 0.897) and abs(b["train"] - b["val"] - 0.03) < 0.005
    assert _runner(seed)[4].loc["early stopping", "gap"] - (b["train"] - b["val"]) < 0.015


def check_fair_accuracy(seed):
    s = _runner(seed)[4]
    assert (abs(s.loc[REGULARIZED, "val_accuracy"] - s.loc["none", "val_accuracy"]) <= 0.015).all()
    assert (_bayes(0)["val"] - s.loc[["none", *REGULARIZED], "val_accuracy"] <= 0.025).all()
    assert abs(_bayes(0)["val"] - 0.90) < 0.005


def check_test_accuracy(seed):
    s, b = _runner(seed)[4], _bayes(0)
    assert (s.loc[REGULARIZED, "test_accuracy"] >= s.loc["none", "test_accuracy"] - 0.005).all()
    assert round(b["test"], 2) == 0.93 and (s.loc[FAIR, "test_accuracy"] < b["test"]).all()


def check_fair_close(seed):
    regularized = _runner(seed)[4].loc[REGULARIZED, "val_accuracy"]
    assert regularized.max() - regularized.min() < 0.015


def check_fair_key_point(seed):
    check_fair_gap_and_loss(seed)
    check_fair_accuracy(seed)
    check_early_stopping_mean(seed)  # early stopping can cost more (seed 0)


SEEDS = (0, 1, 2)
CLAIMS = [
    # 1. See overfitting
    Claim("some training points on the other class's side, where even the best possible boundary gets them wrong",
          check_bayes_misses_training_points, SEEDS, BAYES),
    Claim("So about 9 in 100 new points lie on the wrong side of even the best possible boundary, and on our "
          "validation points the Bayes classifier scores about 0.90.", check_bayes_numbers, SEEDS, BAYES),
    Claim("A network that gets more training points right than the Bayes classifier does (0.925 here) has learned "
          "some of the noise.", check_network_beats_bayes_on_training_points, SEEDS, SECTION_1 + BAYES),
    Claim("over 200 parameters per training point", check_parameters_per_point, None, SECTION_1),
    Claim("The training loss falls towards 0 and the training accuracy reaches about 1", check_training_accuracy,
          SEEDS, SECTION_1),
    Claim("The boundary (black line) bends around single training points where the moons overlap",
          check_network_beats_bayes_on_training_points, SEEDS, SECTION_1 + BAYES),
    Claim("The validation loss reaches its lowest value within the first 20 epochs and then climbs to several times "
          "that value, while the validation accuracy hardly moves. The network does not get many more held-out "
          "points wrong", check_validation_loss_turns_up, SEEDS, SECTION_1),
    Claim("The dashed line is the Bayes boundary: smooth, and necessarily wrong about the training points that lie "
          "on the other class's side.", check_bayes_misses_training_points, SEEDS, BAYES),
    # 2. Four regularizers in one Keras model
    Claim("it switches off each unit of that layer with probability `0.2`, independently, so a fifth of them on "
          "average", check_dropout_fraction, SEEDS, SECTION_2),
    Claim("`EarlyStopping` watched the validation loss and stopped `patience` epochs after its lowest value; thanks to "
          "`restore_best_weights=True` the model now holds the weights of that best epoch, not those of the last "
          "epoch trained.", check_early_stopping_restores, SEEDS, SECTION_2),
    Claim("the `loss` and `val_loss` Keras reports for a regularized model include the penalty, `sum(model.losses)`",
          check_reported_loss_includes_penalty, SEEDS, SECTION_2),
    Claim("so with a penalty it picks the epoch where data loss plus penalty is lowest",
          check_stopping_on_penalized_loss, SEEDS, SECTION_2),
    Claim("the runner's seed 0 does not start from section 1's weights, so its `\"none\"` run is a different run from "
          "section 1's", check_runner_starts_elsewhere, SEEDS, SECTION_1 + RUNNER),
    # 3. L2 and L1 penalties
    Claim("`keras.regularizers.L2(l2)` adds `l2 * sum(w**2)`, **without** the factor 1/2 some textbooks put in front",
          check_l2_formula, None),
    Claim("The stronger the L2 penalty, the smaller the weights and the smoother the boundary, with a wider band of "
          "uncertain probabilities around it. At `0.01` the training accuracy drops below that of the weaker "
          "penalties: too much penalty **underfits** (과소적합).", check_l2_smooths, SEEDS, RUNNER),
    Claim("the reported `loss` of a regularized model includes its penalty, so a larger number may just mean a larger "
          "penalty, not a worse fit.", check_penalty_makes_loss_larger, SEEDS, RUNNER),
    Claim("the 16,896 kernel weights", check_kernel_count, None, RUNNER),
    Claim("Under Adam the textbook picture is upside down at the `0.001` threshold: L2 leaves more weights below it "
          "than L1 does. L1 does shrink almost every weight below `0.01`, but less than a third of them go further "
          "(most L1 weights end between `0.001` and `0.01` from 0). More L2 weights than L1 weights end below "
          "`0.001`, and below `0.0001`.", check_adam_tables, SEEDS, RUNNER),
    Claim("so a weight's step has about the same size however large its gradient is", check_adam_l2_one_step, None),
    Claim("the textbook picture appears", check_sgd_sparsity, SEEDS, SGD),
    Claim("Under Adam, L1 leaves the weights small but not zero, and L2 pushes more weights below the threshold than "
          "L1 does.", check_adam_sparsity, SEEDS, RUNNER),
    # 4. Weight decay
    Claim("`keras.optimizers.AdamW` is Adam with `weight_decay=0.004` by default; plain `Adam` has "
          "`weight_decay=None`.", check_adamw_defaults, None),
    Claim("For plain SGD an L2 penalty does the same thing", check_sgd_l2_equals_decay, None),
    Claim("the penalty's gradient is rescaled together with the data gradient, and the step no longer follows the "
          "size of the weight", check_adam_l2_one_step, None),
    Claim("With Adam + L2 the weight of 0.1 is wiped out in one step while the weight of 10 loses 1%",
          check_adam_l2_one_step, None),
    Claim("AdamW keeps decay proportional to the weight, whatever the gradients do.", check_adam_l2_one_step, None),
    Claim("With momentum, the penalty's gradient piles up in the velocity over the steps, while the decoupled decay "
          "does not. (The first step is the same as plain SGD's, since the velocity starts at 0, so the two agree "
          "after one step.)", check_momentum_parts, None),
    Claim("leaves the weights within 10% of the unregularized run and the gap as wide",
          check_decay_strengths_do_not_transfer, SEEDS, RUNNER),
    Claim("`weight_decay=5` narrows the gap about as much as `L2(0.003)` does under Adam, though it leaves larger "
          "weights.", check_decay_strengths_do_not_transfer, SEEDS, RUNNER),
    Claim("a tenth of every weight per step. Halve the learning rate and you halve the decay",
          check_decay_follows_learning_rate, None),
    Claim("So a `lambda` from the paper is `weight_decay = lambda / learning_rate` in Keras",
          check_decay_follows_learning_rate, None),
    # 5. Dropout
    Claim("the units it keeps are multiplied by `1 / (1 - rate)` during training, so the expected value of each unit "
          "stays the same", check_inverted_dropout, SEEDS),
    Claim("Dropout smooths the boundary too", check_dropout_smooths, SEEDS, RUNNER),
    Claim("over the last 50 epochs it lies below, on average, the same model's accuracy on the training set with "
          "dropout off", check_dropout_reported_accuracy, SEEDS, RUNNER),
    # 6. Early stopping
    Claim("`EarlyStopping`'s default is `restore_best_weights=False`", check_early_stopping_default, None),
    Claim("Early stopping regularizes by limiting how far the weights travel from their small initial values: in every "
          "seed the restored weights have a smaller norm than no regularization's after 100 epochs. It costs little "
          "(one pass over the validation data per epoch, and it saves epochs)", check_early_stopping_limits_weights,
          SEEDS, RUNNER),
    Claim("With seed 0 the validation loss is lowest at epoch 2 and the next 30 epochs never beat it, so the run stops "
          "after 32 epochs and restores epoch 2's weights, which underfit.", check_early_stopping_seed_0,
          SEEDS, RUNNER),
    Claim("A larger `patience` would not help: the unregularized runs start from the same weights and train all 100 "
          "epochs (the figure), and in every seed no later epoch has a lower validation loss than the one early "
          "stopping restored.", check_patience_would_not_help, SEEDS, RUNNER),
    Claim("Ignoring the first 5 epochs, seed 0's lowest validation loss comes later, with a validation accuracy about "
          "as good as no regularization's.", check_start_from_epoch, SEEDS, RUNNER),
    Claim("The combined setting of section 7 escapes the early dip another way: its L2 penalty and dropout change the "
          "curve.", check_combined_escapes, SEEDS, RUNNER),
    # 7. All together
    Claim("from about 0.1 without regularization to about half that or less, and cuts the validation data loss "
          "(the confident mistakes) at least in half.", check_fair_gap_and_loss, SEEDS, RUNNER),
    Claim("The Bayes classifier is right on 0.925 of the training points and 0.897 of the validation points: even the "
          "best possible boundary has a gap of about 0.03 on these points.", check_gap_floor, SEEDS, RUNNER + BAYES),
    Claim("Early stopping's gap is close to that floor.", check_gap_floor, SEEDS, RUNNER + BAYES),
    Claim("every setting but early stopping ends within about a point of no regularization, and within about two "
          "points of the Bayes classifier's 0.90 on these points.", check_fair_accuracy, SEEDS, RUNNER + BAYES),
    Claim("less overconfident predictions (a lower validation data loss)", check_fair_gap_and_loss, SEEDS, RUNNER),
    Claim("L2, weight decay, dropout and the combination each score about as well as no regularization or better, and "
          "no setting reaches the Bayes classifier's 0.93 there.", check_test_accuracy, SEEDS, RUNNER + BAYES),
    Claim("seed 0's early stop (section 6) pulls its mean validation and test accuracy below no regularization's.",
          check_early_stopping_mean, SEEDS, RUNNER),
    Claim("The other methods end within about a point of each other", check_fair_close, SEEDS, RUNNER),
    # Key points
    Claim("Overfitting shows as a training loss that keeps falling while the validation loss turns up, and as a "
          "boundary that bends around single training points. The validation **loss** shows it; the validation "
          "accuracy may hardly move.", check_overfitting_key_point, SEEDS, SECTION_1),
    Claim("`kernel_regularizer=keras.regularizers.L2(l2)` adds `l2 * sum(w**2)` (no 1/2) to the loss, and the "
          "reported `loss` includes it", check_l2_key_point, SEEDS, SECTION_2),
    Claim("Whether L1 makes a network sparse depends on the optimizer: with plain SGD, L1 puts more than half of the "
          "weights below `0.001` and L2 almost none; under Adam, L2 puts more weights below `0.001` than L1 does.",
          check_sparsity_key_point, SEEDS, RUNNER + SGD),
    Claim("`weight_decay=` on a Keras 3 optimizer (AdamW) is decoupled: `w <- w - lr * wd * w` per step, so it "
          "follows the learning rate and its schedule. It equals L2 with `wd = 2 * l2` only for plain SGD, not with "
          "momentum and not with Adam.", check_decay_key_point, None),
    Claim("`Dropout(rate)` zeroes units with probability `rate` and scales the rest by `1/(1-rate)` in training; at "
          "inference it is the identity.", check_inverted_dropout, SEEDS),
    Claim("`EarlyStopping` keeps the **last** weights unless `restore_best_weights=True`.",
          check_early_stopping_key_point, SEEDS, SECTION_2),
    Claim("Compared fairly, every method cuts the train-validation gap on the noisy moons to about half or less and "
          "the validation data loss at least in half, while L2, weight decay, dropout and their combination move "
          "validation accuracy by about a point at most and stay close to the best possible; early stopping can cost "
          "more (section 6).", check_fair_key_point, SEEDS, RUNNER + BAYES),
]


# ---- exercises ------------------------------------------------------------------------------

@functools.cache
def _fit(patience=5, monitor="val_loss", restore=True, validation=True, epochs=100, mode="auto"):
    """Section 1's network (seed 0) trained with an EarlyStopping as a learner might write it."""
    import keras
    import tensorflow as tf

    data = _data()
    model = _network(0)
    train = tf.data.Dataset.from_tensor_slices((data.x_train, data.y_train)).batch(len(data.x_train))
    val = tf.data.Dataset.from_tensor_slices((data.x_val, data.y_val)).batch(len(data.x_val))
    stopper = keras.callbacks.EarlyStopping(monitor=monitor, patience=patience, restore_best_weights=restore, mode=mode)
    history = model.fit(train, validation_data=val if validation else None, epochs=epochs, shuffle=False,
                        callbacks=[stopper], verbose=0)
    return model, stopper, history


def _unused_stopper():
    import keras

    model, _, history = _fit()
    return model, keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True), history


def _other_model():
    model, stopper, history = _fit()
    return _network(1), stopper, history


def _model_2(*, units=64, l2=1e-3, regularizer=None, rate=0.3, where="middle", activity=False, hidden="relu",
             output="softmax", drops=1):
    import keras

    penalty = regularizer if regularizer is not None else keras.regularizers.L2(l2)
    dense = (keras.layers.Dense(units, activation=hidden, activity_regularizer=penalty) if activity
             else keras.layers.Dense(units, activation=hidden, kernel_regularizer=penalty))
    layers = [dense, keras.layers.Dense(2, activation=output)]
    if rate is not None:
        for _ in range(drops):
            layers.insert({"before": 0, "middle": 1, "after": len(layers)}[where], keras.layers.Dropout(rate))
    return (keras.Sequential([keras.Input(shape=(2,)), *layers]),)


def _l1():
    import keras

    return _model_2(regularizer=keras.regularizers.L1(1e-3))


EXERCISES = {
    "1": ExerciseCases(
        solution=Case(lambda: _fit()),
        wrong=[
            Case(lambda: _fit(restore=False), "restore_best_weights is False: the model keeps the last epoch's weights"),
            Case(lambda: _fit(monitor="loss"), "the training loss: it keeps falling"),
            Case(lambda: _fit(monitor="val_accuracy"), "the exercise asks to watch the validation loss"),
            Case(lambda: _fit(mode="max"), "mode='max'"),
            Case(lambda: _fit(patience=10), "the exercise asks to wait 5 epochs"),
            Case(lambda: _fit(validation=False), "validation_data=val_ds"),
            Case(_unused_stopper, "the callback did not take part in this fit"),
            Case(_other_model, "comes from another model's fit"),
            Case(lambda: _fit(epochs=3), "without stopping"),
        ]),
    "2": ExerciseCases(
        solution=Case(lambda: _model_2()),
        wrong=[
            Case(lambda: _model_2(rate=None), "there is no Dropout layer"),
            Case(lambda: _model_2(rate=0.7), "rate is the share of units dropped, not kept"),
            Case(lambda: _model_2(where="after"), "must sit between the hidden layer and the output"),
            Case(lambda: _model_2(l2=1e-2), "the exercise asks for L2 of strength 0.001"),
            Case(_l1, "the exercise asks for L2"),
            Case(lambda: _model_2(activity=True), "activity_regularizer penalizes the layer's outputs"),
            Case(lambda: _model_2(units=32), "64 hidden units"),
            Case(lambda: _model_2(hidden=None), "the exercise asks for ReLU units"),
            Case(lambda: _model_2(output="sigmoid"), "need a softmax"),
            Case(lambda: _model_2(output=None), "need a softmax"),
            Case(lambda: _model_2(drops=2), "there are 2 Dropout layers"),
        ]),
    "3": ExerciseCases(
        solution=Case(lambda: (0.005 * (1 + 4 + 0 + 9),)),
        wrong=[
            Case(lambda: (0.035,), "has a factor 1/2"),
            Case(lambda: (0.03,), "that is L1"),
            Case(lambda: (14.0,), "the penalty: 14 is not right"),
            Case(lambda: ("0.07",), "should be a number"),
        ]),
    "4": ExerciseCases(
        solution=Case(lambda: (2.0 - 0.05, 2.0 - 0.05 * 0.2 * 2.0)),
        wrong=[
            Case(lambda: (2.0 - 0.05 * 2 * 0.2 * 2.0, 2.0 - 0.05 * 0.2 * 2.0), "what plain SGD would do"),
            Case(lambda: (2.0 - 0.05 * 0.2 * 2.0, 2.0 - 0.05 * 0.2 * 2.0), "with L2 in the loss the penalty's gradient"),
            Case(lambda: (2.0 - 0.05, 2.0 - 0.05), "AdamW's decay bypasses Adam's normalization"),
            Case(lambda: (2.0 - 0.05, 1.6), "that leaves out the learning rate"),
            Case(lambda: (2.0 - 0.05, 0.02), "that is how much the weight shrinks"),
            Case(lambda: (2.0, 2.0), "not zero even when the data gradient is"),
        ]),
}
