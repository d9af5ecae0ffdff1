"""Notebook 02: Adam's beta_1 and learning-rate decay. What it must show, what it may claim, its exercises."""

from __future__ import annotations

import functools
import math
import warnings

import numpy as np

from . import Case, Claim, ExerciseCases

NOTEBOOK = "02_adam_beta1_and_learning_rate_decay.ipynb"

KERAS_LINES = [
    "keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9)",
    "keras.Sequential([",
    "keras.Input(shape=(64,))",
    'keras.layers.Dense(32, activation="relu")',
    "keras.optimizers.schedules.ExponentialDecay(\n    0.01, decay_steps=2 * steps_per_epoch, decay_rate=0.5)",
    "staircase=True",
    "keras.optimizers.schedules.InverseTimeDecay(\n    0.001, decay_steps=1, decay_rate=1e-4)",
    "model.compile(optimizer=keras.optimizers.Adam(learning_rate=halving),",
    'loss="sparse_categorical_crossentropy", metrics=["accuracy"])',
    "history = model.fit(data.x_train, data.y_train, epochs=8, batch_size=64, verbose=0)",
    "keras.callbacks.LearningRateScheduler(halve_every_2_epochs)",
    "callbacks=[scheduler])",
    'keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1,',
    "optimizer.apply_gradients([(keras.ops.convert_to_tensor([3.0]), w)])",
    "w = keras.Variable([0.0])",
    "validation_data=(data.x_val, data.y_val)",
    'history_scheduler.history["learning_rate"]',
    "model.optimizer.learning_rate",
    "from tensorflow.keras import backend as K",
    "K.set_value(optimizer.learning_rate, 0.01)",
]

# the notebook's experiments, as code snippets that must stay in its cells
DECAY_RUNS = 'runs = adam.decay_runs(data, methods, epochs=8, batch_size=64, seeds=(0, 1, 2))'
PLATEAU = ('"callbacks": [keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1,\n'
           '                                                                          min_delta=0.01)]')
SCHEDULER = '"callbacks": [keras.callbacks.LearningRateScheduler(halve_every_2_epochs)]'
HALVE = "return 0.01 * 0.5 ** (epoch // 2)"
EMA = "ema = adam.ema_of_noisy_gradient(betas, steps=300, gradient=1.0, noise=1.0, flip_at=150, seed=0)"
RAVINE = "paths = adam.ravine_paths(ravine_betas, learning_rate=0.1, steps=120, start=start, hessian=H)"
CONSTANT = "adam.keras_optimizer_path(optimizer, lambda w: np.full_like(w, 3.0), [0.0], steps=5)"
LOOP = "optimizer.apply_gradients([(keras.ops.convert_to_tensor([3.0]), w)])"
LIMITS = ('tiny = adam.adam_path(lambda w: 1e-7, [0.0], steps=5, learning_rate=0.001)["update"].iloc[1:] / 0.001',
          "gradients = iter([0.001] * 499 + [1.0])")
RAVINE_SHAPE = "H = adam.ravine_hessian(curvatures=(1.0, 25.0), angle_degrees=30)"


def _once(check):
    """A check with nothing random in it (a formula, a Keras default, a fixed experiment): run it once per session."""
    passed = []

    @functools.wraps(check)
    def run(seed):
        if not passed:
            check(seed)
            passed.append(True)
    return run


def _keras():
    import keras

    return keras


def _halve_every_2_epochs(epoch, lr):
    return 0.01 * 0.5 ** (epoch // 2)


@functools.lru_cache(maxsize=1)
def _data():
    from course_utils import load_digits_split

    return load_digits_split(seed=0)


@functools.lru_cache(maxsize=1)
def _decay_runs():
    """The notebook's comparison over seeds 0-2, plus a copy of the constant method (same weights and batches?)."""
    from course_utils import adam

    keras = _keras()
    methods = {
        "constant 0.01": {"optimizer": keras.optimizers.Adam(learning_rate=0.01)},
        "constant again": {"optimizer": keras.optimizers.Adam(learning_rate=0.01)},
        "LearningRateScheduler": {"optimizer": keras.optimizers.Adam(learning_rate=0.01),
                                  "callbacks": [keras.callbacks.LearningRateScheduler(_halve_every_2_epochs)]},
        "ReduceLROnPlateau": {"optimizer": keras.optimizers.Adam(learning_rate=0.01), "callbacks": [
            keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, min_delta=0.01)]},
    }
    return adam.decay_runs(_data(), methods, epochs=8, batch_size=64, seeds=(0, 1, 2))


def _final(seed):
    runs = _decay_runs()
    runs = runs[runs["seed"] == seed]
    return runs[runs["epoch"] == 8].set_index("method"), runs


def check_constant_beats_callbacks(seed):
    final, _ = _final(seed)
    assert final.loc["constant 0.01", "loss"] < min(final.loc["LearningRateScheduler", "loss"],
                                                    final.loc["ReduceLROnPlateau", "loss"])


def check_halving_ends_highest(seed):
    final, _ = _final(seed)
    final = final.drop(index="constant again")
    assert final["loss"].idxmax() == "LearningRateScheduler" and final["val_loss"].idxmax() == "LearningRateScheduler"


def check_plateau_waits(seed):
    final, runs = _final(seed)
    rates = runs[runs["method"] == "ReduceLROnPlateau"].set_index("epoch")["learning_rate"]
    assert np.allclose(rates.loc[1:5], 0.01) and rates.loc[8] < 0.01
    assert abs(final.loc["ReduceLROnPlateau", "val_loss"] / final.loc["constant 0.01", "val_loss"] - 1) < 0.05


def check_same_weights_and_batches(seed):
    _, runs = _final(seed)
    a = runs[runs["method"] == "constant 0.01"].drop(columns="method").to_numpy()
    b = runs[runs["method"] == "constant again"].drop(columns="method").to_numpy()
    assert np.array_equal(a, b)
    schedule = runs[runs["method"] == "LearningRateScheduler"]
    assert np.allclose(schedule["learning_rate"], [_halve_every_2_epochs(e - 1, None) for e in schedule["epoch"]])


def _small_model():
    keras = _keras()
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


@functools.lru_cache(maxsize=1)
def _fits():
    """Two short model.fit runs on 100 images, batches of 32 (4 steps per epoch, the last of 4 images)."""
    keras = _keras()
    data = _data()
    x, y = data.x_train[:100], data.y_train[:100]
    schedule = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=4, decay_rate=0.5)
    scheduled = _small_model()
    scheduled.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule), loss="sparse_categorical_crossentropy")
    history = scheduled.fit(x, y, epochs=3, batch_size=32, verbose=0)

    rates = []

    class PerStep(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            rates.append(float(self.model.optimizer.learning_rate))

    called = _small_model()
    called.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05, beta_1=0.99),  # fn overrides 0.05
                   loss="sparse_categorical_crossentropy")
    history_called = called.fit(x, y, epochs=3, batch_size=32, verbose=0,
                                callbacks=[keras.callbacks.LearningRateScheduler(_halve_every_2_epochs), PerStep()])
    plain = _small_model()  # no callback: Adam never changes its learning rate, whatever beta_1
    plain.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01, beta_1=0.89), loss="sparse_categorical_crossentropy")
    plain.fit(x, y, epochs=2, batch_size=32, verbose=0)
    assert math.isclose(float(plain.optimizer.learning_rate), 0.01, rel_tol=1e-6) and int(plain.optimizer.iterations) == 8
    return scheduled, history.history, schedule, rates, history_called.history


@_once
def check_history_and_steps(seed):
    scheduled, history, schedule, rates, history_called = _fits()
    assert int(scheduled.optimizer.iterations) == 3 * math.ceil(100 / 32) == 12, "the last, smaller batch is a step"
    assert "learning_rate" not in history and "lr" not in history
    assert math.isclose(float(scheduled.optimizer.learning_rate), float(schedule(12)), rel_tol=1e-6)
    assert "lr" not in history_called
    assert np.allclose(history_called["learning_rate"], [0.01, 0.01, 0.005])
    assert np.allclose(rates, np.repeat([0.01, 0.01, 0.005], 4)), "one rate per epoch, set at its start"
    keras = _keras()
    plateau = keras.callbacks.ReduceLROnPlateau()
    plateau.set_model(scheduled)
    logs = {"val_loss": 1.0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plateau.on_train_begin()
        plateau.on_epoch_end(0, logs)
    assert "learning_rate" in logs, "ReduceLROnPlateau writes the rate into the logs too"


@_once
def check_schedule_rate_not_settable(seed):
    keras = _keras()
    optimizer = keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.ExponentialDecay(0.01, 34, 0.5))
    try:
        optimizer.learning_rate = 0.001
    except TypeError:
        pass
    else:
        raise AssertionError("setting the learning rate of a schedule-built optimizer should raise TypeError")
    model = _small_model()
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    callback = keras.callbacks.LearningRateScheduler(_halve_every_2_epochs)
    callback.set_model(model)
    try:
        callback.on_epoch_begin(0)
    except TypeError:
        pass
    else:
        raise AssertionError("a LearningRateScheduler on a schedule-built optimizer should fail")


@_once
def check_keras_defaults(seed):
    keras = _keras()
    config = keras.optimizers.Adam().get_config()
    assert [config[k] for k in ("beta_1", "beta_2", "epsilon")] == [0.9, 0.999, 1e-7]
    assert math.isclose(config["learning_rate"], 0.001, rel_tol=1e-6)
    plateau = keras.callbacks.ReduceLROnPlateau()
    assert (plateau.monitor, plateau.factor, plateau.patience, plateau.min_delta) == ("val_loss", 0.1, 10, 1e-4)


@_once
def check_numpy_adam_is_keras_adam(seed):
    from course_utils import adam

    keras = _keras()
    H = adam.ravine_hessian((1.0, 25.0), 30)
    for kwargs in ({"learning_rate": 0.05}, {"learning_rate": 0.01, "beta_1": 0.0, "beta_2": 0.9, "epsilon": 1e-3}):
        ours = adam.adam_path(lambda w: H @ w, (-2.4, -0.9), steps=100, **kwargs)
        theirs = adam.keras_optimizer_path(keras.optimizers.Adam(**kwargs), lambda w: H @ w, (-2.4, -0.9), steps=100)
        assert np.abs(ours[["w1", "w2"]].to_numpy() - theirs[["w1", "w2"]].to_numpy()).max() < 1e-4


def check_step_is_about_lr_whatever_the_scale(seed):
    from course_utils import adam

    rng = np.random.default_rng(seed)
    for scale in (1e-3, 1.0, 1e3):  # gradients well above epsilon (1e-7)
        gradients = iter(scale * rng.normal(1.0, 0.5, size=(50, 3)))
        path = adam.adam_path(lambda w, it=gradients: next(it), np.zeros(3), steps=50, learning_rate=0.01)
        steps = np.abs(np.diff(path[["w1", "w2", "w3"]].to_numpy(), axis=0))
        assert steps.max() < 0.01 * 1.5 and steps.mean() > 0.01 * 0.5, scale


@_once
def check_constant_gradient_steps_are_lr(seed):
    from course_utils import adam

    keras = _keras()
    for g in (1e-3, 1.0, 1e3):  # whatever the size of g, well above epsilon (NumPy Adam = Keras's arithmetic)
        for beta in (0.0, 0.89, 0.99):
            path = adam.adam_path(lambda w, g=g: np.full_like(w, g), [0.0], steps=20, learning_rate=0.001, beta_1=beta)
            assert np.allclose(path["update"].iloc[1:], 0.001, rtol=1e-2)  # epsilon takes off 0.3% at g = 1e-3
    for beta in (0.5, 0.89, 0.9, 0.99):
        for g in (3.0, -0.5, 100.0):
            path = adam.keras_optimizer_path(keras.optimizers.Adam(learning_rate=0.001, beta_1=beta),
                                             lambda w, g=g: np.full_like(w, g), [0.0], steps=5)
            assert np.allclose(path["update"].iloc[1:], 0.001, rtol=1e-4)
            assert np.allclose(path["learning_rate"], 0.001, rtol=1e-6)


def check_learning_rate_never_changes(seed):
    from course_utils import adam

    keras = _keras()
    rng = np.random.default_rng(seed)
    for beta in (0.0, 0.89, 0.99):
        path = adam.keras_optimizer_path(keras.optimizers.Adam(learning_rate=0.01, beta_1=beta),
                                         lambda w: rng.normal(size=w.shape), np.zeros(4), steps=20)
        assert np.allclose(path["learning_rate"], 0.01, rtol=1e-6)


@_once
def check_weight_shares(seed):
    from course_utils import adam

    shares = [1 - b ** adam.memory_steps(b) for b in (0.5, 0.9, 0.99, 0.999)]
    assert all(0.63 <= s <= 0.75 for s in shares), shares
    assert abs(shares[-1] - (1 - 1 / math.e)) < 1e-3, "about 1 - 1/e for beta_1 near 1"
    # the weight of a gradient k steps old is (1 - beta_1) beta_1^k: feed one gradient of 1, then zeros
    for beta in (0.5, 0.9, 0.99):
        m = 0.0
        for g in [1.0] + [0.0] * 30:
            m = beta * m + (1 - beta) * g
        assert math.isclose(m, (1 - beta) * beta**30, rel_tol=1e-9)


def _lags(frame, flip_at=150):
    below = frame[(frame["step"] > flip_at) & (frame["average"] < 0)]
    return (below.groupby("beta_1")["step"].min() - flip_at).to_dict()


@_once
def check_steady_state_lag(seed):
    from course_utils import adam

    long = adam.ema_of_noisy_gradient((0.5, 0.9, 0.99), steps=3000, noise=0.0, flip_at=2700)
    assert _lags(long, 2700) == {b: math.floor(math.log(0.5) / math.log(b)) + 1 for b in (0.5, 0.9, 0.99)} == {
        0.5: 2, 0.9: 7, 0.99: 69}
    # k steps after the flip, from a steady +1: 2 beta^k - 1, negative once beta^k < 1/2
    for beta in (0.5, 0.9, 0.99):
        m = 1.0
        for k in range(1, 80):
            m = beta * m - (1 - beta)
            assert math.isclose(m, 2 * beta**k - 1, abs_tol=1e-12) and (m < 0) == (beta**k < 0.5)


def check_plotted_run_follows_sooner(seed):
    """The run as plotted, with this seed's noise: 0.99 turns sooner than the steady state's 69 steps."""
    from course_utils import adam

    noise_free = _lags(adam.ema_of_noisy_gradient((0.5, 0.9, 0.99), steps=300, noise=0.0, flip_at=150))
    noisy = _lags(adam.ema_of_noisy_gradient((0.5, 0.9, 0.99), steps=300, noise=1.0, flip_at=150, seed=seed))
    assert noise_free[0.99] == 58 < 69 and noisy[0.99] < 69
    assert noisy[0.5] < noisy[0.9] < noisy[0.99]


def check_larger_beta_smooths_and_lags(seed):
    from course_utils import adam

    ema = adam.ema_of_noisy_gradient((0.5, 0.9, 0.99), steps=300, noise=1.0, flip_at=150, seed=seed)
    steady = ema[ema["step"].between(100, 150)].groupby("beta_1")["average"].std()
    assert steady[0.5] > steady[0.9] > steady[0.99]
    lags = _lags(ema)
    assert lags[0.5] < lags[0.9] < lags[0.99]


@_once
def check_ravine(seed):
    from course_utils import adam

    H = adam.ravine_hessian((1.0, 25.0), 30)
    paths = adam.ravine_paths((0.0, 0.5, 0.9, 0.99), learning_rate=0.1, steps=120, start=(-2.4, -0.9), hessian=H)
    steep = np.linalg.eigh(H)[1][:, 1]
    by = {b: part.set_index("step") for b, part in paths.groupby("beta_1")}
    across = {b: np.abs(p[["w1", "w2"]].to_numpy()[5:] @ steep).max() for b, p in by.items()}
    for b in (0.0, 0.5):  # a short hook, then straight down the floor: the loss never rises, the minimum is not passed
        assert (np.diff(by[b]["loss"]) <= 0).all() and (by[b]["along"] < 0).all() and by[b]["loss"].iloc[-1] < 1e-4
        assert np.abs(by[b][["w1", "w2"]].to_numpy()[:6] @ steep).max() > 5 * across[b], "the hook: first sideways"
    assert across[0.9] > 4 * across[0.5], "0.9 carries sideways motion along"
    nine = by[0.9]["along"]
    assert 0 < nine.max() < 0.05 * abs(nine.iloc[0]) and by[0.9]["loss"].iloc[-1] < 1e-3, "past a little, and back"
    heavy = by[0.99]["along"]
    passed, farthest = heavy[heavy > 0].index.min(), heavy.idxmax()
    assert 40 <= farthest - passed <= 60 and farthest < 120 and heavy.iloc[-1] < heavy.max(), "turns back late"
    assert by[0.99]["loss"].iloc[-1] > 0.1 > 100 * max(by[b]["loss"].iloc[-1] for b in (0.0, 0.5, 0.9))
    assert paths["update"].max() < 0.1 * math.sqrt(2), "no step is longer than about lr per weight"
    assert math.isclose(adam.memory_steps(0.99), 100)


@_once
def check_tilt_matters(seed):
    """The tilt: Adam's per-weight scaling handles an axis-aligned ravine better than the tilted one."""
    from course_utils import adam

    H = adam.ravine_hessian((1.0, 25.0), 30)
    assert np.allclose(np.linalg.eigvalsh(H), [1.0, 25.0])
    flat = np.linalg.eigh(H)[1][:, 0]
    assert math.isclose(abs(flat @ [math.cos(math.radians(30)), math.sin(math.radians(30))]), 1.0, rel_tol=1e-12)
    for b in (0.0, 0.5, 0.9):
        settle = {}
        for angle in (0, 30):
            path = adam.ravine_paths((b,), learning_rate=0.1, steps=120, start=(-2.4, -0.9),
                                     hessian=adam.ravine_hessian((1.0, 25.0), angle))
            settle[angle] = int(np.argmax(path["loss"].to_numpy() < 0.01))
        assert settle[30] > settle[0] > 0, settle


@_once
def check_sgd_momentum_lengthens_adam_does_not(seed):
    from course_utils import adam

    keras = _keras()
    sgd = adam.keras_optimizer_path(keras.optimizers.SGD(learning_rate=0.01, momentum=0.9), np.ones_like, [0.0],
                                    steps=100)
    assert math.isclose(sgd["update"].iloc[-1], 0.01 / (1 - 0.9), rel_tol=1e-3), "SGD: 1/(1 - momentum) times longer"
    assert (sgd["update"].iloc[1:] <= 0.1 * (1 + 1e-5)).all()
    for beta in (0.9, 0.99):
        steps = adam.keras_optimizer_path(keras.optimizers.Adam(learning_rate=0.01, beta_1=beta), np.ones_like, [0.0],
                                          steps=100)["update"].iloc[1:]
        assert np.allclose(steps, 0.01, rtol=1e-3), "Adam's m is an average: the step stays lr"


@_once
def check_bias_correction(seed):
    from course_utils import adam

    g = np.array([2.0, -0.5])
    _, m, v = adam.adam_step(np.zeros(2), g, np.zeros(2), np.zeros(2), 1, beta_1=0.9, beta_2=0.999)
    assert np.allclose(m, 0.1 * g), "uncorrected, the first average is pulled toward zero"
    assert np.allclose(m / (1 - 0.9), g) and np.allclose(v / (1 - 0.999), g**2), "corrected, it is the gradient"


def check_step_limits(seed):
    """lr is the typical step, not a cap: shorter near epsilon, longer after small gradients, within K&B's bound."""
    from course_utils import adam

    tiny = adam.adam_path(lambda w: 1e-7, [0.0], steps=5, learning_rate=0.001)["update"].iloc[1:] / 0.001
    feed = iter([0.001] * 499 + [1.0])
    sudden = adam.adam_path(lambda w: next(feed), [0.0], steps=500, learning_rate=0.001)["update"].iloc[-1] / 0.001
    assert tiny.max() < 0.1 and 1.9 < sudden < 2.1
    bound = (1 - 0.9) / math.sqrt(1 - 0.999)
    rng = np.random.default_rng(seed)
    gradients = iter(rng.standard_cauchy(size=(3000, 4)) * 10.0 ** rng.integers(-3, 3, size=(3000, 4)))
    steps = np.abs(np.diff(adam.adam_path(lambda w: next(gradients), np.zeros(4), steps=3000, learning_rate=0.001)[
        ["w1", "w2", "w3", "w4"]].to_numpy(), axis=0)) / 0.001
    assert steps.max() <= bound * (1 + 1e-6) and steps.max() > 1.0, steps.max()


@_once
def check_flip_steps(seed):
    """After a sign flip Adam's steps shrink while m turns around, for longer with a larger beta_1."""
    from course_utils.exercises.nb02 import _flip, _numpy_steps

    short = {b: int((_numpy_steps(b, _flip(50))[50:] < 0.0005).sum()) for b in (0.5, 0.89, 0.99)}
    assert 0 < short[0.5] < short[0.89] < short[0.99], short
    assert all(np.allclose(_numpy_steps(b, [3.0] * 10), 0.001, rtol=1e-3) for b in (0.5, 0.89, 0.99))


@_once
def check_plateau_rule(seed):
    """ReduceLROnPlateau compares with the best value so far (less min_delta), not with the last epoch."""
    keras = _keras()
    model = _small_model()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
    plateau = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, min_delta=0.01)
    plateau.set_model(model)
    plateau.on_train_begin()
    rates = []
    for epoch, value in enumerate([1.0, 0.5, 0.7, 0.495, 0.3]):  # 0.495 beats 0.7 but not 0.5 - 0.01
        plateau.on_epoch_end(epoch, {"val_loss": value})
        rates.append(float(model.optimizer.learning_rate))
    assert np.allclose(rates, [0.01, 0.01, 0.005, 0.0025, 0.0025]), rates


@_once
def check_inverse_time_shape(seed):
    keras = _keras()
    values = keras.ops.convert_to_numpy(keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1,
                                                                                     decay_rate=0.01)(np.arange(136)))
    drops = -np.diff(values.astype(float))
    assert (drops > 0).all() and (np.diff(drops) < 0).all(), "steepest first, then flatter"
    assert np.allclose(values, 0.01 / (1 + 0.01 * np.arange(136)), rtol=1e-5), "Keras 2's decay=0.01 on 0.01"


@_once
def check_schedule_formulas(seed):
    from course_utils import adam, epochs_to_steps

    keras = _keras()
    steps = np.arange(0, 200)
    smooth = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=34, decay_rate=0.5)
    stairs = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=34, decay_rate=0.5, staircase=True)
    inverse = keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=7, decay_rate=0.3)
    smooth_values = keras.ops.convert_to_numpy(smooth(steps))
    assert np.allclose(smooth_values, 0.01 * 0.5 ** (steps / 34), rtol=1e-5) and (np.diff(smooth_values) < 0).all()
    assert np.allclose(keras.ops.convert_to_numpy(stairs(steps)), 0.01 * 0.5 ** (steps // 34), rtol=1e-5)
    assert np.allclose(keras.ops.convert_to_numpy(inverse(steps)), 0.01 / (1 + 0.3 * steps / 7), rtol=1e-5)
    lrs = np.array([_halve_every_2_epochs(s // 17, None) for s in steps])
    assert (smooth_values <= lrs * (1 + 1e-6)).all() and np.mean(smooth_values < lrs * (1 - 1e-6)) > 0.9
    assert epochs_to_steps(2, 1077, 64) == 2 * math.ceil(1077 / 64) == 34
    keras2 = keras.optimizers.schedules.InverseTimeDecay(0.001, decay_steps=1, decay_rate=1e-4)
    legacy = [0, 1, 10, 100, 1000, 10000]
    assert np.allclose([float(keras2(t)) for t in legacy], adam.legacy_decay(0.001, 1e-4, legacy), rtol=1e-6)
    assert np.allclose(keras.ops.convert_to_numpy(stairs(steps)), lrs, rtol=1e-6), "staircase=True == the callback"
    path = adam.keras_optimizer_path(keras.optimizers.Adam(learning_rate=smooth), np.zeros_like, [0.0], steps=40)
    assert np.allclose(path["learning_rate"], smooth_values[:41], rtol=1e-5), "the optimizer uses schedule(step)"


@_once
def check_same_start(seed):
    a, b = _small_model().get_weights(), _small_model().get_weights()
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def check_seeds_differ(seed):
    runs = _decay_runs()
    first = runs[(runs["method"] == "constant 0.01") & (runs["epoch"] == 1)].set_index("seed")["loss"]
    assert first.nunique() == len(first), "each seed draws its own starting weights"


@_once
def check_split_and_exercise_numbers(seed):
    assert len(_data().x_train) == 1077 and 5 * math.ceil(1077 / 32) == 170
    assert round(1 / (1 - 0.89)) == 9
    assert math.isclose(0.01 / (1 + 1e-3 * 1000), 0.005)


def _raises(code, kind, namespace):
    try:
        exec(code, namespace)  # noqa: S102 - the notebook's own legacy lines
    except kind:
        return
    raise AssertionError(f"{code!r} should raise {kind.__name__}")


@_once
def check_legacy_lines(seed):
    import tensorflow as tf

    keras = _keras()
    ns = {"keras": keras, "tf": tf, "np": np, "optimizer": keras.optimizers.Adam(learning_rate=0.001),
          "history": keras.callbacks.History()}
    ns["history"].history = {"learning_rate": [0.01]}
    _raises("tf.keras.optimizers.Adam(lr=0.001)", ValueError, ns)
    _raises("tf.keras.experimental.CosineDecayRestarts(0.01, 1000)", AttributeError, ns)
    _raises("tf.keras.optimizers.legacy.Adam(learning_rate=0.001)", ImportError, ns)
    _raises("optimizer.lr", AttributeError, ns)
    _raises("keras.backend.set_value(optimizer.learning_rate, 0.01)", AttributeError, ns)
    _raises("keras.optimizers.Adam(learning_rate=1)", ValueError, ns)
    _raises("keras.optimizers.Adam(learning_rate=np.float32(0.001))", ValueError, ns)
    _raises('history.history["lr"]', KeyError, ns)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        legacy = keras.optimizers.Adam(learning_rate=0.001, decay=0.01)
    assert any(issubclass(w.category, UserWarning) and "decay" in str(w.message) for w in caught)
    assert "decay" not in legacy.get_config()
    legacy.iterations.assign(100)
    assert math.isclose(float(legacy.learning_rate), 0.001, rel_tol=1e-6), "decay= is ignored"
    keras.optimizers.Adam(learning_rate=np.float64(0.001))
    keras.optimizers.Adam(learning_rate=float(np.float32(0.001)))
    assert isinstance(np.float64(1.0), float) and not isinstance(np.float32(1.0), float)
    assert math.isclose(float(keras.optimizers.Adam(learning_rate=lambda: 0.01).learning_rate), 0.01, rel_tol=1e-6)


@_once
def check_k_set_value(seed):
    import tensorflow as tf
    from tensorflow.keras import backend as K

    keras = _keras()
    from course_utils.environment import TESTED_VERSIONS, outside_tested_range

    assert TESTED_VERSIONS["TensorFlow"] == ("2.18", "2.21") and not outside_tested_range({"TensorFlow": tf.__version__})
    assert hasattr(K, "set_value") and not hasattr(keras.backend, "set_value")
    assert K.set_value.__module__ == "keras.src.legacy.backend"
    optimizer = keras.optimizers.Adam(learning_rate=0.001)
    assert optimizer.learning_rate.dtype == "float32" and isinstance(optimizer.learning_rate.dtype, str)
    try:
        K.set_value(optimizer.learning_rate, 0.01)
    except AttributeError as exc:
        assert "name" in str(exc), exc
    else:
        raise AssertionError("K.set_value on a Keras 3 variable should fail")


def check_all(*checks):
    def run(seed):
        for check in checks:
            check(seed)
    return run


KP = {  # the key points, word for word
    "adam": "Adam steps by `lr * m_hat / (sqrt(v_hat) + eps)`: `m` averages the gradients (`beta_1`), `v` their "
            "squares (`beta_2`), both corrected for starting at zero. For gradients well above `eps` a step is "
            "typically about `lr` per weight, but `lr` is not a hard cap.",
    "beta": "`beta_1` is momentum, not decay: it sets how fast old gradients fade from `m`, a memory of about "
            "`1/(1 - beta_1)` steps. It never changes the learning rate.",
    "larger": "A larger `beta_1` smooths noise and follows changes later; in a ravine it shoots past the minimum and "
              "turns back late.",
    "decay": "To decay the learning rate: a schedule as the optimizer's `learning_rate` (`ExponentialDecay`, "
             "`InverseTimeDecay`, ...) or a callback in `model.fit` (`LearningRateScheduler`, `ReduceLROnPlateau`). "
             "Schedules count optimizer steps: epochs times `math.ceil(n_train / batch_size)`.",
    "keras2": "Keras 2's `decay=d` is `InverseTimeDecay(lr, decay_steps=1, decay_rate=d)`. In Keras 3 `decay=` is "
              "ignored, `lr=` raises, and the learning rate must be a Python float, a schedule or a callable.",
    "short": "In these 8 epochs neither callback beat the constant rate: it ended with the lowest training loss in "
             "every seed, and `ReduceLROnPlateau`'s validation loss was within 5% of it.",
}

CLAIMS = [
    # the title and what you will learn
    Claim("Both parts are wrong today: `lr=` is an error in Keras 3, and `beta_1` never changes the learning rate.",
          check_all(check_legacy_lines, check_learning_rate_never_changes)),
    Claim("six lines of NumPy that agree with `keras.optimizers.Adam`", check_numpy_adam_is_keras_adam, seeds=None),
    Claim("it sets how fast old gradients fade from an **exponential moving average (지수 이동 평균)**, a memory of "
          "about `1/(1 - beta_1)` steps. It never changes the learning rate.",
          check_all(check_weight_shares, check_learning_rate_never_changes)),
    # 1. what Adam computes
    Claim("Here are Keras's defaults, spelled out", check_keras_defaults, seeds=None),
    Claim("The **bias correction (편향 보정)** divides out the weight that the zero start still holds, so the first "
          "averages are not pulled toward zero.", check_bias_correction, seeds=None),
    Claim("The course's NumPy version, `adam.adam_step`, is these lines with one change Keras makes: it adds `epsilon` "
          "to `sqrt(v)` before the bias correction, which equals the paper's formula with `epsilon` scaled by "
          "`1/sqrt(1 - beta_2**t)`", check_numpy_adam_is_keras_adam, seeds=None),
    Claim("Each step moves `w` by the learning rate, `0.001`, and the learning rate stays `0.001`",
          check_constant_gradient_steps_are_lr, seeds=None, code=(LOOP,)),
    Claim("a bowl with curvature `1` along its floor and `25` across it, turned by 30 degrees, so that no single weight "
          "points along the floor and Adam's per-weight scaling cannot undo the elongation", check_tilt_matters,
          seeds=None, code=(RAVINE_SHAPE,)),
    # 2. beta_1 is momentum
    Claim("What decays is the **weight of old gradients** in the average `m`, not the learning rate: a gradient from "
          "`k` steps ago counts with weight `(1 - beta_1) beta_1^k`.",
          check_all(check_weight_shares, check_constant_gradient_steps_are_lr), seeds=None),
    Claim("the last `1/(1 - beta_1)` gradients carry 63% to 75% of the weight (about `1 - 1/e` for `beta_1` near 1)",
          check_weight_shares, seeds=None),
    Claim("Unlike SGD's `momentum=`, which adds past gradients up and so makes a steady step up to `1/(1 - momentum)` "
          "times longer, Adam's `m` is an average (its weights add up to 1): it does not lengthen the steps.",
          check_sgd_momentum_lengthens_adam_does_not, seeds=None),
    Claim("`k` steps after the flip the average is `2 beta_1^k - 1`, negative once `beta_1^k < 1/2`",
          check_steady_state_lag, seeds=None),
    Claim("A larger `beta_1` averages out more noise but follows a change of direction later.",
          check_larger_beta_smooths_and_lags, code=(EMA,)),
    Claim("In the plotted run `beta_1 = 0.99` turns sooner than the table's 69 steps: at the flip its bias-corrected "
          "average has only 150 gradients behind it (the zero start carries no weight), so it has less to forget.",
          check_all(check_steady_state_lag, check_plotted_run_follows_sooner), code=(EMA,)),
    Claim("so every step is `lr * g/|g| = lr`, whatever `beta_1` is, and whatever the size of `g`, as long as `|g|` is "
          "well above `epsilon`", check_constant_gradient_steps_are_lr, seeds=None, code=(CONSTANT,)),
    Claim("Every step has length `0.001` and the learning rate stays `0.001`: the notes' `beta_1 = 0.89` decays "
          "nothing.", check_constant_gradient_steps_are_lr, seeds=None, code=(CONSTANT,)),
    Claim("So `lr` is the typical size of a step, not a hard cap: a step is shorter when the gradient is close to "
          "`epsilon`, and longer when a large gradient follows small ones (Kingma & Ba bound it by "
          "`lr * (1 - beta_1) / sqrt(1 - beta_2)` in that case).", check_step_limits, code=LIMITS),
    Claim("With `beta_1 = 0` (no momentum) and `0.5` the path makes a short hook, then heads straight down the ravine's "
          "floor to the minimum. With `0.9` it carries some sideways motion along, passes the minimum a little and "
          "comes back. With `0.99` it remembers about 100 steps of gradients: it shoots past the minimum, keeps going "
          "for about 50 more steps before it turns back, and after 120 steps it is the only run far from the minimum. "
          "No step is longer than about the learning rate per weight", check_ravine, seeds=None, code=(RAVINE,)),
    Claim("Adam's update reads the learning rate and never changes it, so in any network `optimizer.learning_rate` "
          "stays where you set it, whatever `beta_1` is.",
          check_all(check_learning_rate_never_changes, check_history_and_steps)),
    # 3. decaying the learning rate
    Claim("`ExponentialDecay(lr0, decay_steps, decay_rate)` gives `lr0 * decay_rate ** (step / decay_steps)`; "
          "`InverseTimeDecay(lr0, decay_steps, decay_rate)` gives `lr0 / (1 + decay_rate * step / decay_steps)`.",
          check_schedule_formulas, seeds=None),
    Claim("Schedules count **optimizer steps** (batches), not epochs.",
          check_all(check_schedule_formulas, check_history_and_steps), seeds=None),
    Claim("One epoch is `math.ceil(n_train / batch_size)` steps (Keras keeps the last, smaller batch)",
          check_history_and_steps, seeds=None),
    Claim("With the default `staircase=False` that `ExponentialDecay` is smooth: it lowers the rate a little at every "
          "step and reaches half after 2 epochs. With `staircase=True` the rate stays flat and halves in one jump "
          "every `decay_steps` steps", check_schedule_formulas, seeds=None),
    Claim("`cu.epochs_to_steps(epochs, n_train, batch_size)` computes `epochs * math.ceil(n_train / batch_size)`",
          check_schedule_formulas, seeds=None),
    Claim("In Keras 3 that is an `InverseTimeDecay` with `decay_steps=1`", check_schedule_formulas, seeds=None),
    Claim("A `LearningRateScheduler(fn)` instead calls `fn(epoch, lr)` once at the start of each epoch and keeps that "
          "rate for the whole epoch.", check_history_and_steps, seeds=None),
    Claim("it ignores `lr` (the rate in force) and returns its own value, so it overrides the rate the optimizer was "
          "compiled with", check_history_and_steps, seeds=None, code=(HALVE,)),
    Claim("Here `staircase=True` and the `LearningRateScheduler` (the dots, each held for a whole epoch) give the same "
          "rate at every step (the cell asserts it)", check_schedule_formulas, seeds=None, code=(HALVE,)),
    Claim("The `InverseTimeDecay` curve is Keras 2's `decay=0.01` applied to a rate of `0.01`: it falls most steeply "
          "in the first steps, then flattens.", check_inverse_time_shape, seeds=None),
    Claim("`keras.utils.set_random_seed(0)` before building it gives the three `model.fit` runs of this section the "
          "same starting weights.", check_same_start, seeds=None),
    Claim("The History has no `learning_rate` column: the schedule is evaluated inside the optimizer at every step, "
          "and only the learning-rate callbacks write the rate into the logs.", check_history_and_steps, seeds=None),
    Claim("`model.optimizer.learning_rate` evaluates the schedule at the current step", check_history_and_steps,
          seeds=None),
    Claim("an optimizer built with a schedule has no learning rate you can set", check_schedule_rate_not_settable,
          seeds=None),
    Claim("They need an optimizer built with a plain float learning rate, which they overwrite between epochs, and "
          "both write each epoch's rate into the History under `learning_rate`. Keras 2 used the key `lr`: code that "
          "reads `history.history[\"lr\"]` now fails.",
          check_all(check_schedule_rate_not_settable, check_history_and_steps), seeds=None),
    Claim("`ReduceLROnPlateau` watches a logged value, by default `val_loss`", check_keras_defaults, seeds=None),
    Claim("multiplies the rate by `factor` once the value has gone `patience` epochs in a row without falling at least "
          "`min_delta` below its best so far", check_plateau_rule, seeds=None),
    Claim("Keras's defaults are `factor=0.1`, `patience=10` and `min_delta=1e-4`", check_keras_defaults, seeds=None),
    Claim("halve the rate after one epoch in which the validation loss did not fall at least `0.01` below its best so "
          "far.", check_plateau_rule, seeds=None, code=(PLATEAU,)),
    Claim("For a seed, every method starts from the same weights and sees the same batches; each seed draws its own "
          "starting weights.", check_all(check_same_weights_and_batches, check_seeds_differ), code=(DECAY_RUNS,)),
    Claim("In these 8 epochs neither callback beat the constant rate: the constant rate ends with the lowest training "
          "loss in every seed, and `ReduceLROnPlateau`'s validation loss is within 5% of it (a tie).",
          check_all(check_constant_beats_callbacks, check_plateau_waits), code=(DECAY_RUNS, SCHEDULER, PLATEAU)),
    Claim("Halving every 2 epochs ends with the highest training and validation loss.",
          check_halving_ends_highest, code=(DECAY_RUNS, SCHEDULER, HALVE)),
    Claim("it keeps `0.01` for the first 5 epochs in every seed and lowers it only once the validation loss flattens",
          check_plateau_waits, code=(DECAY_RUNS, PLATEAU)),
    # 4. legacy lines
    Claim("After each line, the table says what it does on Keras 3.", check_legacy_lines, seeds=None),
    Claim("**`decay=`** is worse: it is accepted, warns, and then does nothing: the optimizer does not even keep it in "
          "its config.", check_legacy_lines, seeds=None),
    Claim("in the TensorFlow versions the course is tested on (2.18 to 2.21) that gives Keras 3's own legacy backend (`keras.src.legacy.backend`, kept for `tf.keras` "
          "code), which still has `set_value`, but the function cannot handle a Keras 3 variable (it reads "
          "`x.dtype.name`, and a Keras 3 variable's dtype is a plain string). Both spellings fail, differently",
          check_k_set_value, seeds=None),
    Claim("it must be a Python `float`, a schedule or a callable", check_legacy_lines, seeds=None),
    Claim("An `int` is refused, and so is a `np.float32` (what you get from a float32 NumPy array); a `np.float64` "
          "passes, because it is a subclass of Python's `float`.", check_legacy_lines, seeds=None),
    # key points
    Claim(KP["adam"], check_all(check_numpy_adam_is_keras_adam, check_step_is_about_lr_whatever_the_scale,
                                check_step_limits)),
    Claim(KP["beta"], check_all(check_constant_gradient_steps_are_lr, check_learning_rate_never_changes,
                                check_weight_shares)),
    Claim(KP["larger"], check_all(check_larger_beta_smooths_and_lags, check_ravine), code=(EMA, RAVINE)),
    Claim(KP["decay"], check_all(check_schedule_formulas, check_history_and_steps), seeds=None),
    Claim(KP["keras2"], check_all(check_schedule_formulas, check_legacy_lines), seeds=None),
    Claim(KP["short"], check_all(check_constant_beats_callbacks, check_plateau_waits),
          code=(DECAY_RUNS, SCHEDULER, PLATEAU)),
    # solutions
    Claim("a memory of about `1/(1 - 0.89)`, some 9 steps", check_split_and_exercise_numbers, seeds=None),
    Claim("Every step is `0.001` with a constant gradient, whatever `beta_1` is: Adam's step is about the learning "
          "rate, and `beta_1` decays nothing. After the flip the steps shrink while the average `m` turns around, the "
          "longer the larger `beta_1`.", check_flip_steps, seeds=None),
    Claim("Keras 2 used `0.01 / (1 + 1e-3 * t)` at step `t` (`0.005` after 1000 steps)",
          check_split_and_exercise_numbers, seeds=None),
    Claim("One epoch of 1077 images in batches of 32 is `math.ceil(1077 / 32) = 34` steps, so 5 epochs are 170 steps",
          check_split_and_exercise_numbers, seeds=None),
]


def _adam(**kwargs):
    return _keras().optimizers.Adam(**kwargs)


def _schedule(name, *args, **kwargs):
    return getattr(_keras().optimizers.schedules, name)(*args, **kwargs)


def _legacy_adam():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _adam(learning_rate=0.01, decay=1e-3)


def _steps_fn(beta_override=None, learning_rate=0.001, measure="length"):
    """An adam_steps as a learner might write it; measure: length (right), signed, position or learning_rate."""
    def adam_steps(beta_1, gradients):
        keras = _keras()
        w = keras.Variable([0.0])
        optimizer = keras.optimizers.Adam(learning_rate=learning_rate,
                                          beta_1=beta_1 if beta_override is None else beta_override)
        out = []
        for g in gradients:
            before = float(w[0])
            optimizer.apply_gradients([(keras.ops.convert_to_tensor([g]), w)])
            out.append({"length": abs(float(w[0]) - before), "signed": float(w[0]) - before, "position": float(w[0]),
                        "learning_rate": float(optimizer.learning_rate)}[measure])
        return out
    return adam_steps


EXERCISES = {
    "1": ExerciseCases(
        solution=Case(lambda: (_adam(learning_rate=0.001, beta_1=0.89),)),
        wrong=[
            Case(lambda: (_adam(learning_rate=0.001),), "beta_1 is 0.9: you kept the default"),
            Case(lambda: (_adam(learning_rate=0.01, beta_1=0.89),), "learning_rate is 0.01"),
            Case(lambda: (_adam(learning_rate=0.001, beta_1=0.89, beta_2=0.5),), "beta_2 is 0.5"),
            Case(lambda: (_adam(learning_rate=0.001, beta_1=0.89, weight_decay=0.01),), "weight_decay is 0.01"),
            Case(lambda: (_keras().optimizers.SGD(learning_rate=0.001),), "the line to migrate uses Adam"),
            Case(lambda: (_keras().optimizers.Adam,), "create an optimizer by calling it"),
            Case(lambda: ("adam",), "should be a Keras optimizer"),
        ]),
    "2": ExerciseCases(
        solution=Case(lambda: (_steps_fn(),)),
        wrong=[
            Case(lambda: (_steps_fn(measure="learning_rate"),), "not optimizer.learning_rate"),
            Case(lambda: (_steps_fn(beta_override=0.9),), "those of beta_1 = 0.9, Keras's default"),
            Case(lambda: (_steps_fn(measure="position"),), "they look like the positions of w"),
            Case(lambda: (_steps_fn(measure="signed"),), "some step lengths are negative"),
            Case(lambda: (_steps_fn(learning_rate=0.01),), "moves w by 0.001 at every step"),
            Case(lambda: (lambda beta_1, gradients: [0.001],), "returned 1 value for 5 gradients"),
            Case(lambda: ("adam_steps",), "should be a function"),
        ]),
    "3": ExerciseCases(
        solution=Case(lambda: (_adam(learning_rate=_schedule("InverseTimeDecay", 0.01, decay_steps=1,
                                                             decay_rate=1e-3)),)),
        wrong=[
            Case(lambda: (_legacy_adam(),), "decay= does nothing in Keras 3"),
            Case(lambda: (_adam(learning_rate=lambda: 0.01),), "a plain Python function"),
            Case(lambda: (_adam(learning_rate=_schedule("InverseTimeDecay", 0.01, decay_steps=34, decay_rate=1e-3)),),
                 "decay_steps is 34"),
            Case(lambda: (_adam(learning_rate=_schedule("ExponentialDecay", 0.01, decay_steps=1, decay_rate=0.999)),),
                 "ExponentialDecay is not what decay= did"),
            Case(lambda: (_adam(learning_rate=_schedule("InverseTimeDecay", 0.001, decay_steps=1, decay_rate=1e-3)),),
                 "the schedule starts at 0.001"),
            Case(lambda: (_adam(learning_rate=_schedule("InverseTimeDecay", 0.01, decay_steps=1, decay_rate=1e-2)),),
                 "decay_rate is 0.01"),
        ]),
    "4": ExerciseCases(
        solution=Case(lambda: (_schedule("ExponentialDecay", 0.01, decay_steps=5 * math.ceil(1077 / 32),
                                         decay_rate=0.5, staircase=True),)),
        wrong=[
            Case(lambda: (_schedule("ExponentialDecay", 0.01, decay_steps=5, decay_rate=0.5, staircase=True),),
                 "the rate halves at step 5, expected after 5 epochs"),
            Case(lambda: (_schedule("ExponentialDecay", 0.01, decay_steps=170, decay_rate=0.5),),
                 "the rate already falls at step 1"),
            Case(lambda: (_schedule("ExponentialDecay", 0.01, decay_steps=5 * 1077 // 32, decay_rate=0.5,
                                    staircase=True),), "the rate halves at step 168"),
            Case(lambda: (_schedule("ExponentialDecay", 0.01, decay_steps=5 * math.ceil(1077 / 64), decay_rate=0.5,
                                    staircase=True),), "the rate halves at step 85"),
            Case(lambda: (_schedule("ExponentialDecay", 0.01, decay_steps=170, decay_rate=0.1, staircase=True),),
                 "the rate is 0.1 times the start, expected 0.5 times"),
            Case(lambda: (_schedule("PiecewiseConstantDecay", [170, 340, 510], [0.01, 0.005, 0.0025, 0.00125]),),
                 "PiecewiseConstantDecay keeps values[i] while step <= boundaries[i]"),
            Case(lambda: (_schedule("InverseTimeDecay", 0.01, 170, 1.0, staircase=True),),
                 "at step 340 (after 10 epochs) the rate is 0.3333 times the start, expected 0.25 times"),
            Case(lambda: (_schedule("PiecewiseConstantDecay", [169, 339], [0.01, 0.005, 0.0025]),),
                 "at step 510 (after 15 epochs) the rate is 0.25 times the start, expected 0.125 times"),
            Case(lambda: (_adam(learning_rate=0.01),), "you gave an object of type Adam"),
        ]),
}
