"""course_utils.adam: Adam in NumPy, beta_1 as momentum, decaying the learning rate in Keras 3 (notebook 02)."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import adam

# --------------------------------------------------------------------------------------
# NumPy Adam == Keras Adam
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("learning_rate, beta_1, beta_2, epsilon", [
    (0.001, 0.9, 0.999, 1e-7),     # Keras's defaults
    (0.05, 0.5, 0.999, 1e-7),
    (0.05, 0.99, 0.99, 1e-7),
    (0.01, 0.0, 0.9, 1e-3),        # a large epsilon makes its placement matter
])
def test_numpy_adam_matches_keras_adam(learning_rate, beta_1, beta_2, epsilon):
    import keras

    H = adam.ravine_hessian((1.0, 25.0), 30)
    kwargs = {"learning_rate": learning_rate, "beta_1": beta_1, "beta_2": beta_2, "epsilon": epsilon}
    ours = adam.adam_path(lambda w: H @ w, (-2.4, -0.9), steps=100, **kwargs)
    theirs = adam.keras_optimizer_path(keras.optimizers.Adam(**kwargs), lambda w: H @ w, (-2.4, -0.9), steps=100)
    assert ours["step"].tolist() == theirs["step"].tolist() == list(range(101))
    assert np.abs(ours[["w1", "w2"]].to_numpy() - theirs[["w1", "w2"]].to_numpy()).max() < 1e-4
    assert np.allclose(ours["update"].iloc[1:], theirs["update"].iloc[1:], rtol=1e-3, atol=1e-6)
    assert np.allclose(theirs["learning_rate"], learning_rate, rtol=1e-6)


def test_numpy_adam_matches_keras_on_many_weights_with_uneven_gradients():
    import keras

    rng = np.random.default_rng(0)
    curvatures = np.geomspace(0.01, 100, 6)
    start = rng.normal(size=6)
    ours = adam.adam_path(lambda w: curvatures * w, start, steps=60, learning_rate=0.02)
    theirs = adam.keras_optimizer_path(keras.optimizers.Adam(0.02), lambda w: curvatures * w, start, steps=60)
    columns = [f"w{i}" for i in range(1, 7)]
    assert list(ours.columns) == ["step", *columns, "update"]
    assert np.abs(ours[columns].to_numpy() - theirs[columns].to_numpy()).max() < 1e-4


def test_first_adam_step_by_hand():
    g = np.array([2.0, -0.5])
    w, m, v = adam.adam_step(np.zeros(2), g, np.zeros(2), np.zeros(2), 1, learning_rate=0.1, beta_1=0.9,
                             beta_2=0.999, epsilon=0.0)
    assert np.allclose(m, 0.1 * g) and np.allclose(v, 0.001 * g**2)
    assert np.allclose(w, -0.1 * np.sign(g)), "the first step is lr * sign(g): bias correction makes m_hat = g"


def test_keras_optimizer_path_reads_a_schedule_at_every_step():
    import keras

    schedule = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=4, decay_rate=0.5)
    path = adam.keras_optimizer_path(keras.optimizers.Adam(learning_rate=schedule), np.zeros_like, [0.0], steps=8)
    assert np.allclose(path["learning_rate"], 0.01 * 0.5 ** (np.arange(9) / 4), rtol=1e-5)
    assert np.allclose(path["w"], 0.0), "a zero gradient moves nothing"


# --------------------------------------------------------------------------------------
# beta_1 is momentum, not decay
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("beta_1", [0.5, 0.9, 0.99])
def test_constant_gradient_step_equals_the_learning_rate(beta_1):
    import keras

    path = adam.keras_optimizer_path(keras.optimizers.Adam(learning_rate=0.001, beta_1=beta_1),
                                     lambda w: np.full_like(w, 3.0), [0.0], steps=20)
    assert np.allclose(path["update"].iloc[1:], 0.001, rtol=1e-4), "Keras's Adam: every step has length lr"
    assert np.allclose(path["learning_rate"], 0.001, rtol=1e-6), "and optimizer.learning_rate never changes"
    for g in (0.5, -3.0, 100.0):  # whatever the gradient's size or sign (NumPy version)
        w, m, v = np.zeros(1), np.zeros(1), np.zeros(1)
        for t in range(1, 21):
            new, m, v = adam.adam_step(w, np.full(1, g), m, v, t, learning_rate=0.001, beta_1=beta_1)
            assert abs(abs(new - w)[0] - 0.001) < 1e-7
            w = new


def test_ema_memory_noise_and_lag():
    assert adam.memory_steps(0.9) == pytest.approx(10.0) and adam.memory_steps(0.0) == 1.0
    flat = adam.ema_of_noisy_gradient((0.0, 0.5, 0.9), steps=4000, flip_at=None, seed=1)
    assert list(flat.columns) == ["step", "true_gradient", "observed", "beta_1", "average"]
    assert (flat["true_gradient"] == 1.0).all()
    first = flat[flat["beta_1"] == 0.0]
    assert np.array_equal(first["average"], first["observed"]), "beta_1 = 0 remembers nothing"
    for b in (0.5, 0.9):
        part = flat[(flat["beta_1"] == b) & (flat["step"] > 100)]
        assert part["average"].std() == pytest.approx(math.sqrt((1 - b) / (1 + b)), rel=0.1)
        assert flat[flat["beta_1"] == b]["average"].iloc[0] == flat[flat["beta_1"] == b]["observed"].iloc[0]
    # after a sign flip, a longer memory follows later: from a steady +1, the average 2 beta^k - 1 turns
    # negative once beta^k < 1/2 (noise-free, so exact)
    flip = adam.ema_of_noisy_gradient((0.5, 0.9, 0.99), steps=2300, noise=0.0, flip_at=2000)
    crossing = {b: int(part.loc[part["average"] < 0, "step"].min()) - 2000 for b, part in flip.groupby("beta_1")}
    assert crossing == {b: math.floor(math.log(0.5) / math.log(b)) + 1 for b in (0.5, 0.9, 0.99)} == {
        0.5: 2, 0.9: 7, 0.99: 69}
    # flipped after only 150 steps, the bias-corrected average of 0.99 has less to forget
    early = adam.ema_of_noisy_gradient((0.99,), steps=300, noise=0.0, flip_at=150)
    assert int(early.loc[early["average"] < 0, "step"].min()) - 150 == 58


def test_ravine_paths_show_momentum_not_step_size():
    H = adam.ravine_hessian((1.0, 25.0), 30)
    assert np.allclose(np.linalg.eigvalsh(H), [1.0, 25.0])
    flat_axis = np.linalg.eigh(H)[1][:, 0]
    assert abs(abs(flat_axis @ [math.cos(math.radians(30)), math.sin(math.radians(30))]) - 1) < 1e-12
    paths = adam.ravine_paths((0.0, 0.5, 0.9, 0.99), learning_rate=0.1, steps=120)
    assert list(paths.columns) == ["beta_1", "step", "w1", "w2", "update", "loss", "along"]
    assert np.allclose(paths[paths["step"] == 0][["w1", "w2"]], [-2.4, -0.9])
    by = paths.groupby("beta_1")
    assert (by["update"].max() < 0.1 * math.sqrt(2)).all(), "no step is longer than lr per weight"
    assert by["update"].sum()[0.99] > 1.3 * by["update"].sum()[0.0]
    assert by["loss"].last()[0.99] > 10 * by["loss"].last()[0.5]
    # along: the position on the floor's axis, negative at the start, 0 at the minimum; with the distance
    # across the floor it gives back the loss
    w = paths[["w1", "w2"]].to_numpy()
    across = np.sqrt(np.maximum(np.sum(w**2, axis=1) - paths["along"].to_numpy() ** 2, 0))
    assert np.allclose(paths["loss"], 0.5 * (1.0 * paths["along"] ** 2 + 25.0 * across**2))
    assert (paths[paths["step"] == 0]["along"] < 0).all()
    assert (by["along"].max()[[0.0, 0.5]] < 0).all() and by["along"].max()[0.99] > 0.5, "only momentum passes it"
    flipped = adam.ravine_paths((0.0,), steps=5, start=(2.4, 0.9))
    assert flipped["along"].iloc[0] < 0, "oriented by the start, whichever side it is on"


# --------------------------------------------------------------------------------------
# decaying the learning rate in Keras 3
# --------------------------------------------------------------------------------------

def test_inverse_time_decay_is_keras2_decay():
    import keras

    schedule = keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-3)
    steps = [0, 1, 7, 100, 1000, 12345]
    assert np.allclose([float(schedule(t)) for t in steps], adam.legacy_decay(0.01, 1e-3, steps), rtol=1e-6)
    assert np.allclose(adam.legacy_decay(0.01, 1e-3, [0, 1000]), [0.01, 0.005])


def _reference_fit(keras, data, seed, epochs, callbacks):
    """model.fit, one epoch at a time, on the batches decay_runs draws (fast_fit's order for the seed)."""
    import tensorflow as tf

    from course_utils import build_mlp

    model = build_mlp(data.n_features, (32,), n_classes=data.n_classes, seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    from course_utils.training import batch_orders

    logs = []
    for epoch, order in enumerate(batch_orders(len(data.x_train), epochs, seed=seed)):
        batches = tf.data.Dataset.from_tensor_slices((data.x_train[order], data.y_train[order])).batch(64)
        history = model.fit(batches, epochs=epoch + 1, initial_epoch=epoch, callbacks=callbacks, verbose=0,
                            validation_data=(data.x_val, data.y_val), shuffle=False)
        logs.append({k: v[0] for k, v in history.history.items()})
    return pd.DataFrame(logs)


def test_decay_runs_is_model_fit_with_its_callbacks(fresh_keras, digits):
    keras = fresh_keras

    def scheduler():
        return keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.01 / (epoch + 1))

    runs = adam.decay_runs(digits, {"scheduler": {"optimizer": keras.optimizers.Adam(learning_rate=0.01),
                                                  "callbacks": [scheduler()]}}, epochs=3, seeds=(1,))
    assert list(runs.columns) == ["method", "seed", "epoch", "learning_rate", "loss", "accuracy", "val_loss",
                                  "val_accuracy"]
    reference = _reference_fit(keras, digits, seed=1, epochs=3, callbacks=[scheduler()])
    for column in ("learning_rate", "loss", "accuracy", "val_loss", "val_accuracy"):
        assert np.allclose(runs[column], reference[column], rtol=1e-5, atol=1e-6), column


def test_decay_runs_share_weights_batches_and_compiled_models(digits):
    import keras

    schedule = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=digits.steps_for(64), decay_rate=0.5)
    methods = {
        "a": {"optimizer": keras.optimizers.Adam(learning_rate=0.01)},
        "b": {"optimizer": keras.optimizers.Adam(learning_rate=0.01)},
        "schedule": {"optimizer": keras.optimizers.Adam(learning_rate=schedule)},
        # val_loss never improves by 100: the rate halves after every epoch but the first
        "plateau": {"optimizer": keras.optimizers.Adam(learning_rate=0.01), "callbacks": [
            keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, min_delta=100)]},
    }
    runs = adam.decay_runs(digits, methods, epochs=4, seeds=(0, 3))
    assert len(runs) == 4 * 4 * 2 and sorted(runs["seed"].unique()) == [0, 3]
    a, b = (runs[runs["method"] == m].drop(columns="method").to_numpy() for m in "ab")
    assert np.array_equal(a, b), "same weights and batches for every method of a seed"
    assert not np.allclose(runs.query("method == 'a' and seed == 0")["loss"], runs.query("method == 'a' and seed == 3")[
        "loss"]), "another seed, other weights"
    for _, part in runs[runs["method"] == "schedule"].groupby("seed"):
        assert np.allclose(part["learning_rate"], 0.01 * 0.5 ** np.arange(4), rtol=1e-5), "rate at each epoch's start"
    for _, part in runs[runs["method"] == "plateau"].groupby("seed"):
        assert np.allclose(part["learning_rate"], [0.01, 0.01, 0.005, 0.0025], rtol=1e-5), "reset for every seed"
    assert (runs.groupby(["method", "seed"])["loss"].last() < runs.groupby(["method", "seed"])["loss"].first()).all()


def test_plot_helpers_draw_on_the_given_axes():
    fig, (a, b) = plt.subplots(1, 2)
    ema = adam.ema_of_noisy_gradient((0.5, 0.9), steps=50, flip_at=25)
    assert adam.plot_ema(ema, ax=a) is a
    assert len(a.get_legend().get_texts()) == 4
    frame = pd.DataFrame({"method": ["x"] * 4 + ["y"] * 4, "seed": [0, 0, 1, 1] * 2, "epoch": [1, 2] * 4,
                          "loss": [2.0, 1.0, 3.0, 0.5, 1.0, 1.0, 1.0, 1.0]})
    assert adam.plot_decay_runs(frame, "loss", ax=b) is b
    assert len(b.lines) == 2 and b.get_yscale() == "log"
    assert np.allclose(b.lines[0].get_ydata(), [2.5, 0.75]), "the mean over seeds"
    assert b.lines[0].get_linestyle() != b.lines[1].get_linestyle() and b.lines[0].get_marker() != b.lines[1].get_marker()
    assert b.lines[1].get_zorder() > b.lines[0].get_zorder(), "a later method on top, with a smaller marker"
    assert b.lines[1].get_markersize() < b.lines[0].get_markersize()
    fig, c = plt.subplots()
    adam.plot_decay_runs(frame, "loss", ax=c, each_seed=True, logy=False)
    assert len(c.lines) == 4 and c.get_yscale() == "linear", "one line per method and seed"
    assert all(line.get_drawstyle() == "steps-post" for line in c.lines)
    assert np.allclose(c.lines[1].get_ydata(), [3.0, 0.5]), "seed 1's own run, not a mean"
    assert [t.get_text() for t in c.get_legend().get_texts()] == ["x", "y"]


# --------------------------------------------------------------------------------------
# bad input -> ValueError naming the argument
# --------------------------------------------------------------------------------------

def _grad(w):
    return w


@pytest.mark.parametrize("call, arg", [
    (lambda: adam.adam_step([0.0], [1.0], [0.0], [0.0], 0), "t"),
    (lambda: adam.adam_step([0.0], [1.0], [0.0], [0.0], 1, learning_rate=0), "learning_rate"),
    (lambda: adam.adam_step([0.0], [1.0], [0.0], [0.0], 1, learning_rate="fast"), "learning_rate"),
    (lambda: adam.adam_step([0.0], [1.0], [0.0], [0.0], 1, beta_1=1.0), "beta_1"),
    (lambda: adam.adam_step([0.0], [1.0], [0.0], [0.0], 1, beta_2=-0.1), "beta_2"),
    (lambda: adam.adam_step([0.0], [1.0], [0.0], [0.0], 1, epsilon=-1e-7), "epsilon"),
    (lambda: adam.adam_step([0.0, 1.0], [1.0], [0.0], [0.0], 1), "shape"),
    (lambda: adam.adam_path("gradient", [1.0]), "grad_fn"),
    (lambda: adam.adam_path(_grad, [1.0], steps=0), "steps"),
    (lambda: adam.adam_path(_grad, [], steps=5), "start"),
    (lambda: adam.adam_path(_grad, [1.0], learning_rate=-1.0), "learning_rate"),
    (lambda: adam.keras_optimizer_path("adam", _grad, [1.0]), "optimizer"),
    (lambda: adam.memory_steps(1.0), "beta_1"),
    (lambda: adam.ema_of_noisy_gradient([]), "beta_1s"),
    (lambda: adam.ema_of_noisy_gradient(0.9), "beta_1s"),
    (lambda: adam.ema_of_noisy_gradient((0.9, 1.5)), r"beta_1s\[1\]"),
    (lambda: adam.ema_of_noisy_gradient(steps=100, flip_at=100), "flip_at"),
    (lambda: adam.ema_of_noisy_gradient(noise=-1.0), "noise"),
    (lambda: adam.ema_of_noisy_gradient(gradient="up"), "gradient"),
    (lambda: adam.ema_of_noisy_gradient(seed=-1), "seed"),
    (lambda: adam.ravine_hessian((1.0,)), "curvatures"),
    (lambda: adam.ravine_hessian((1.0, 2.0), angle_degrees="steep"), "angle_degrees"),
    (lambda: adam.ravine_paths(hessian=np.eye(3)), "hessian"),
    (lambda: adam.ravine_paths(hessian=-np.eye(2)), "hessian"),
    (lambda: adam.ravine_paths(start=(1.0, 2.0, 3.0)), "start"),
    (lambda: adam.ravine_paths(beta_1s=()), "beta_1s"),
    (lambda: adam.legacy_decay(0.01, -1e-3, [10]), "decay"),
    (lambda: adam.legacy_decay(0.01, 1e-3, [-1, 2]), "steps"),
    (lambda: adam.legacy_decay(0, 1e-3, [10]), "learning_rate"),
    (lambda: adam.plot_ema(pd.DataFrame({"step": [1]})), "frame"),
    (lambda: adam.plot_decay_runs(pd.DataFrame({"method": ["a"], "seed": [0], "epoch": [1]}), "loss"), "frame"),
])
def test_bad_arguments(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


def _adam():
    import keras

    return keras.optimizers.Adam(learning_rate=0.01)


@pytest.mark.parametrize("call, arg", [
    (lambda d: adam.decay_runs(d, {}), "methods"),
    (lambda d: adam.decay_runs(d, {"a": {"learning_rate": 0.01}}), r"methods\['a'\]"),
    (lambda d: adam.decay_runs(d, {"a": {"optimizer": "adam"}}), r"methods\['a'\]"),
    (lambda d: adam.decay_runs(d, {"a": {"optimizer": _adam(), "decay": 0.1}}), r"methods\['a'\]"),
    (lambda d: adam.decay_runs(d, {"a": {"optimizer": _adam(), "callbacks": ["ReduceLROnPlateau"]}}),
     r"methods\['a'\]"),
    (lambda d: adam.decay_runs(d, {"a": {"optimizer": _adam()}}, epochs=0), "epochs"),
    (lambda d: adam.decay_runs(d, {"a": {"optimizer": _adam()}}, batch_size=0), "batch_size"),
    (lambda d: adam.decay_runs(d, {"a": {"optimizer": _adam()}}, seeds=[]), "seeds"),
    (lambda d: adam.decay_runs("digits", {"a": {"optimizer": _adam()}}), "data"),
])
def test_bad_arguments_of_decay_runs(call, arg, digits):
    with pytest.raises(ValueError, match=arg):
        call(digits)
