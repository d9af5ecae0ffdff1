"""course_utils.adam: Adam in NumPy, beta_1 as momentum, decaying the learning rate in Keras 3 (notebook 02)."""

import math
import warnings

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
    grad = adam.quadratic_gradient(H)
    kwargs = {"learning_rate": learning_rate, "beta_1": beta_1, "beta_2": beta_2, "epsilon": epsilon}
    ours = adam.adam_path(grad, (-2.4, -0.9), steps=100, **kwargs)
    theirs = adam.keras_optimizer_path(keras.optimizers.Adam(**kwargs), grad, (-2.4, -0.9), steps=100)
    assert ours["step"].tolist() == theirs["step"].tolist() == list(range(101))
    assert np.abs(ours[["w1", "w2"]].to_numpy() - theirs[["w1", "w2"]].to_numpy()).max() < 1e-4
    assert np.allclose(ours["update"].iloc[1:], theirs["update"].iloc[1:], rtol=1e-3, atol=1e-6)
    assert np.allclose(theirs["learning_rate"], learning_rate, rtol=1e-6)


def test_numpy_adam_matches_keras_on_many_weights_with_uneven_gradients():
    import keras

    rng = np.random.default_rng(0)
    curvatures = np.geomspace(0.01, 100, 6)
    start = rng.normal(size=6)
    grad = adam.quadratic_gradient(curvatures)
    ours = adam.adam_path(grad, start, steps=60, learning_rate=0.02)
    theirs = adam.keras_optimizer_path(keras.optimizers.Adam(0.02), grad, start, steps=60)
    columns = [f"w{i}" for i in range(1, 7)]
    assert np.abs(ours[columns].to_numpy() - theirs[columns].to_numpy()).max() < 1e-4


def test_first_adam_step_by_hand():
    g = np.array([2.0, -0.5])
    w, m, v = adam.adam_step(np.zeros(2), g, np.zeros(2), np.zeros(2), 1, learning_rate=0.1, beta_1=0.9,
                             beta_2=0.999, epsilon=0.0)
    assert np.allclose(m, 0.1 * g) and np.allclose(v, 0.001 * g**2)
    assert np.allclose(w, -0.1 * np.sign(g)), "the first step is lr * sign(g): bias correction makes m_hat = g"


# --------------------------------------------------------------------------------------
# beta_1 is momentum, not decay
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("beta_1", [0.5, 0.9, 0.99])
def test_constant_gradient_step_equals_the_learning_rate(beta_1):
    frame = adam.adam_constant_gradient((beta_1,), learning_rate=0.001, gradient=3.0, steps=20)
    assert len(frame) == 20 and (frame["beta_1"] == beta_1).all()
    assert np.allclose(frame["update"], 0.001, rtol=1e-4), "Keras's Adam: every step has length lr"
    assert np.allclose(frame["learning_rate"], 0.001, rtol=1e-6), "and optimizer.learning_rate never changes"
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
    first = flat[flat["beta_1"] == 0.0]
    assert np.array_equal(first["average"], first["observed"]), "beta_1 = 0 remembers nothing"
    for b in (0.5, 0.9):
        part = flat[(flat["beta_1"] == b) & (flat["step"] > 100)]
        assert part["average"].iloc[0] != part["observed"].iloc[0]
        assert part["average"].std() == pytest.approx(math.sqrt((1 - b) / (1 + b)), rel=0.1)
        assert flat[flat["beta_1"] == b]["average"].iloc[0] == flat[flat["beta_1"] == b]["observed"].iloc[0]
    # after a sign flip, a longer memory follows later: from a steady +1, the average 2 beta^k - 1 turns
    # negative once beta^k < 1/2 (noise-free, so exact)
    flip = adam.ema_of_noisy_gradient((0.5, 0.9, 0.99), steps=2300, noise=0.0, flip_at=2000)
    crossing = {b: int(part.loc[part["average"] < 0, "step"].min()) - 2000 for b, part in flip.groupby("beta_1")}
    assert crossing == {b: math.floor(math.log(0.5) / math.log(b)) + 1 for b in (0.5, 0.9, 0.99)} == {
        0.5: 2, 0.9: 7, 0.99: 69}


def test_ravine_paths_show_momentum_not_step_size():
    H = adam.ravine_hessian((1.0, 25.0), 30)
    assert np.allclose(np.linalg.eigvalsh(H), [1.0, 25.0])
    flat_axis = np.linalg.eigh(H)[1][:, 0]
    assert abs(abs(flat_axis @ [math.cos(math.radians(30)), math.sin(math.radians(30))]) - 1) < 1e-12
    paths = adam.ravine_paths((0.0, 0.5, 0.9, 0.99), learning_rate=0.1, steps=80)
    assert list(paths.columns) == ["beta_1", "step", "w1", "w2", "update", "loss"]
    starts = paths[paths["step"] == 0]
    assert np.allclose(starts[["w1", "w2"]], [-2.4, -0.9])
    by = paths.groupby("beta_1")
    assert (by["update"].max() < 0.1 * math.sqrt(2) * 1.01).all(), "no step is longer than about lr per weight"
    assert by["update"].sum()[0.99] > 1.3 * by["update"].sum()[0.0]
    assert by["loss"].last()[0.99] > 10 * by["loss"].last()[0.5]


def test_beta_1_sweep_on_digits_keeps_the_learning_rate(digits):
    frame = adam.beta_1_sweep(digits, (0.5, 0.99), learning_rate=0.01, epochs=2, seed=0)
    assert list(frame.columns) == ["optimizer", "learning_rate", "beta_1", "epoch", "loss", "accuracy", "verdict"]
    assert sorted(frame["beta_1"].unique()) == [0.5, 0.99] and (frame["learning_rate"] == 0.01).all()
    for _, run in frame.groupby("beta_1"):
        assert run["loss"].iloc[-1] < run["loss"].iloc[0] / 2


# --------------------------------------------------------------------------------------
# decaying the learning rate in Keras 3
# --------------------------------------------------------------------------------------

def test_inverse_time_decay_is_keras2_decay():
    import keras

    schedule = adam.legacy_decay_schedule(0.01, 1e-3)
    assert isinstance(schedule, keras.optimizers.schedules.InverseTimeDecay)
    assert schedule.get_config()["decay_steps"] == 1
    steps = [0, 1, 7, 100, 1000, 12345]
    assert np.allclose([float(schedule(t)) for t in steps], 0.01 / (1 + 1e-3 * np.array(steps)), rtol=1e-6)
    assert np.allclose(adam.legacy_decay(0.01, 1e-3, 4), 0.01 / (1 + 1e-3 * np.arange(4)))


def test_decay_argument_warns_and_is_ignored_but_a_schedule_decays():
    import keras

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        legacy = keras.optimizers.Adam(learning_rate=0.001, decay=0.01)
    assert any(issubclass(w.category, UserWarning) and "decay" in str(w.message) for w in caught)
    assert adam.learning_rate_after(legacy, 100) == pytest.approx(0.001)
    replacement = keras.optimizers.Adam(learning_rate=adam.legacy_decay_schedule(0.001, 0.01))
    assert adam.learning_rate_after(replacement, 100) == pytest.approx(0.0005, rel=1e-5)
    assert adam.learning_rate_after(keras.optimizers.SGD(0.1), 0) == pytest.approx(0.1)


def test_steps_and_epochs(digits):
    assert adam.steps_per_epoch(1077, 64) == 17 == digits.steps_for(64)
    assert adam.steps_per_epoch(1024, 64) == 16
    assert adam.epochs_to_steps(5, 1077, 32) == 170
    assert adam.epochs_to_steps(0.5, 1024, 64) == 8


def test_decay_runs_record_the_learning_rate_at_every_step(digits):
    import keras

    per_epoch = digits.steps_for(128)
    schedule = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=per_epoch, decay_rate=0.5)
    methods = {"exponential": {"learning_rate": schedule},
               "scheduler": {"learning_rate": 0.01, "callbacks": [
                   keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.01 / (epoch + 1))]}}
    runs = adam.decay_runs(digits, methods, epochs=2, batch_size=128, seed=0)
    assert list(runs.columns) == ["method", "step", "epoch", "learning_rate", "loss"]
    exp = runs[runs["method"] == "exponential"]
    assert len(exp) == 2 * per_epoch
    assert np.allclose(exp["learning_rate"], 0.01 * 0.5 ** ((exp["step"] - 1) / per_epoch), rtol=1e-5)
    sched = runs[runs["method"] == "scheduler"]
    assert np.allclose(sched.groupby("epoch")["learning_rate"].agg(["min", "max"]).to_numpy(),
                       [[0.01, 0.01], [0.005, 0.005]])
    assert np.isfinite(runs["loss"]).all()


def test_every_legacy_line_fails_as_the_table_says_and_every_replacement_works():
    import keras
    import tensorflow as tf

    table = adam.migration_table()
    assert list(table.columns) == ["legacy", "keras_3", "today", "raises"] and len(table) >= 4
    for key in ("lr=", "decay=", "tf.keras.experimental"):
        assert table["legacy"].str.contains(key, regex=False).any(), key
    for row in table.itertuples():
        namespace = {"keras": keras, "tf": tf, "optimizer": keras.optimizers.Adam(0.001)}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                exec(row.legacy, namespace)  # noqa: S102 - the table's own code lines
            except Exception as exc:  # noqa: BLE001
                assert type(exc).__name__ == row.raises, (row.legacy, exc)
            else:
                assert row.raises in {w.category.__name__ for w in caught}, row.legacy
        assert row.raises in row.today
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            exec(row.keras_3, {"keras": keras, "tf": tf, "optimizer": keras.optimizers.Adam(0.001)})  # noqa: S102


def test_plot_helpers_draw_on_the_given_axes(digits):
    fig, (a, b) = plt.subplots(1, 2)
    ema = adam.ema_of_noisy_gradient((0.5, 0.9), steps=50, flip_at=25)
    assert adam.plot_ema(ema, ax=a) is a
    assert len(a.get_legend().get_texts()) == 4
    frame = pd.DataFrame({"method": ["x"] * 3 + ["y"] * 3, "step": [1, 2, 3] * 2,
                          "learning_rate": [0.1, 0.05, 0.01, 0.1, 0.1, 0.1], "loss": [2.0, 1.0, 0.5] * 2})
    assert adam.plot_steps(frame, "loss", ax=b, logy=True, smooth_beta=0.9) is b
    assert len(b.lines) == 2 and b.get_yscale() == "log"


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
    (lambda: adam.quadratic_gradient([1.0, -1.0]), "hessian"),
    (lambda: adam.quadratic_gradient(np.array([[1.0, 2.0], [0.0, 1.0]])), "hessian"),
    (lambda: adam.memory_steps(1.0), "beta_1"),
    (lambda: adam.ema_of_noisy_gradient([]), "beta_1s"),
    (lambda: adam.ema_of_noisy_gradient(0.9), "beta_1s"),
    (lambda: adam.ema_of_noisy_gradient((0.9, 1.5)), r"beta_1s\[1\]"),
    (lambda: adam.ema_of_noisy_gradient(steps=100, flip_at=100), "flip_at"),
    (lambda: adam.ema_of_noisy_gradient(noise=-1.0), "noise"),
    (lambda: adam.ema_of_noisy_gradient(gradient="up"), "gradient"),
    (lambda: adam.ema_of_noisy_gradient(seed=-1), "seed"),
    (lambda: adam.adam_constant_gradient(gradient=0.0), "gradient"),
    (lambda: adam.adam_constant_gradient(learning_rate=0), "learning_rate"),
    (lambda: adam.adam_constant_gradient(steps=0), "steps"),
    (lambda: adam.ravine_hessian((1.0,)), "curvatures"),
    (lambda: adam.ravine_hessian((1.0, 2.0), angle_degrees="steep"), "angle_degrees"),
    (lambda: adam.ravine_paths(hessian=np.eye(3)), "hessian"),
    (lambda: adam.ravine_paths(start=(1.0, 2.0, 3.0)), "start"),
    (lambda: adam.ravine_paths(beta_1s=()), "beta_1s"),
    (lambda: adam.legacy_decay(0.01, -1e-3, 10), "decay"),
    (lambda: adam.legacy_decay(0.01, 1e-3, [-1, 2]), "steps"),
    (lambda: adam.legacy_decay(0, 1e-3, 10), "learning_rate"),
    (lambda: adam.legacy_decay_schedule(0.01, 0), "decay"),
    (lambda: adam.legacy_decay_schedule(None, 1e-3), "learning_rate"),
    (lambda: adam.steps_per_epoch(0, 32), "n_samples"),
    (lambda: adam.steps_per_epoch(100, 0), "batch_size"),
    (lambda: adam.epochs_to_steps(0, 100, 32), "epochs"),
    (lambda: adam.learning_rate_after("adam"), "optimizer"),
    (lambda: adam.plot_ema(pd.DataFrame({"step": [1]})), "frame"),
    (lambda: adam.plot_steps(pd.DataFrame({"step": [1], "loss": [1.0]}), "loss"), "hue"),
    (lambda: adam.plot_steps(pd.DataFrame({"step": [1], "method": ["a"]}), "loss"), "frame"),
])
def test_bad_arguments(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


@pytest.mark.parametrize("call, arg", [
    (lambda d: adam.beta_1_sweep(d, ()), "beta_1s"),
    (lambda d: adam.beta_1_sweep(d, (0.9,), learning_rate=0), "learning_rate"),
    (lambda d: adam.beta_1_sweep(d, (0.9,), epochs=0), "epochs"),
    (lambda d: adam.decay_runs(d, {}), "methods"),
    (lambda d: adam.decay_runs(d, {"a": {"lr": 0.01}}), "methods"),
    (lambda d: adam.decay_runs(d, {"a": {"learning_rate": 0.01, "decay": 0.1}}), "unknown keys"),
    (lambda d: adam.decay_runs(d, {"a": {"learning_rate": -0.01}}), "learning_rate"),
    (lambda d: adam.decay_runs(d, {"a": {"learning_rate": 0.01, "callbacks": ["ReduceLROnPlateau"]}}), "callbacks"),
    (lambda d: adam.decay_runs(d, {"a": {"learning_rate": 0.01}}, optimizer="adamm"), "optimizer"),
    (lambda d: adam.decay_runs("digits", {"a": {"learning_rate": 0.01}}), "data"),
])
def test_bad_arguments_of_the_training_helpers(call, arg, digits):
    with pytest.raises(ValueError, match=arg):
        call(digits)
