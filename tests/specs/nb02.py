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
    "keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=2 * steps_per_epoch, decay_rate=0.5)",
    "staircase=True",
    "keras.optimizers.schedules.InverseTimeDecay(0.001, decay_steps=1, decay_rate=1e-4)",
    "model.compile(optimizer=keras.optimizers.Adam(learning_rate=halving),",
    'loss="sparse_categorical_crossentropy", metrics=["accuracy"])',
    "history = model.fit(data.x_train, data.y_train, epochs=8, batch_size=64, verbose=0)",
    "keras.callbacks.LearningRateScheduler(halve_every_2_epochs)",
    "callbacks=[scheduler])",
    'keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, min_delta=0.01)',
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
RAVINE = "paths = adam.ravine_paths(ravine_betas, learning_rate=0.1, steps=80, start=start, hessian=H)"
CONSTANT = "adam.keras_optimizer_path(optimizer, lambda w: np.full_like(w, 3.0), [0.0], steps=5)"


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
    called.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
    history_called = called.fit(x, y, epochs=3, batch_size=32, verbose=0,
                                callbacks=[keras.callbacks.LearningRateScheduler(_halve_every_2_epochs), PerStep()])
    return scheduled, history.history, schedule, rates, history_called.history


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


def check_keras_defaults(seed):
    keras = _keras()
    config = keras.optimizers.Adam().get_config()
    assert [config[k] for k in ("beta_1", "beta_2", "epsilon")] == [0.9, 0.999, 1e-7]
    assert math.isclose(config["learning_rate"], 0.001, rel_tol=1e-6)
    plateau = keras.callbacks.ReduceLROnPlateau()
    assert (plateau.monitor, plateau.factor, plateau.patience, plateau.min_delta) == ("val_loss", 0.1, 10, 1e-4)


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
    for scale in (1e-3, 1.0, 1e3):
        gradients = iter(scale * rng.normal(1.0, 0.5, size=(50, 3)))
        path = adam.adam_path(lambda w, it=gradients: next(it), np.zeros(3), steps=50, learning_rate=0.01)
        steps = np.abs(np.diff(path[["w1", "w2", "w3"]].to_numpy(), axis=0))
        assert steps.max() < 0.01 * 1.5 and steps.mean() > 0.01 * 0.5, scale


def check_constant_gradient_steps_are_lr(seed):
    from course_utils import adam

    keras = _keras()
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


def check_weight_shares(seed):
    from course_utils import adam

    shares = [1 - b ** adam.memory_steps(b) for b in (0.5, 0.9, 0.99, 0.999)]
    assert all(0.63 <= s <= 0.75 for s in shares), shares


def _lags(frame, flip_at=150):
    below = frame[(frame["step"] > flip_at) & (frame["average"] < 0)]
    return (below.groupby("beta_1")["step"].min() - flip_at).to_dict()


def check_steady_state_lag(seed):
    from course_utils import adam

    long = adam.ema_of_noisy_gradient((0.5, 0.9, 0.99), steps=3000, noise=0.0, flip_at=2700)
    assert _lags(long, 2700) == {b: math.floor(math.log(0.5) / math.log(b)) + 1 for b in (0.5, 0.9, 0.99)} == {
        0.5: 2, 0.9: 7, 0.99: 69}


def check_plotted_run_lag(seed):
    from course_utils import adam

    noise_free = _lags(adam.ema_of_noisy_gradient((0.99,), steps=300, noise=0.0, flip_at=150))
    noisy = _lags(adam.ema_of_noisy_gradient((0.99,), steps=300, noise=1.0, flip_at=150, seed=seed))
    assert noise_free[0.99] == 58 and abs(noisy[0.99] - 58) <= 15, "the noise moves the crossing by several steps"
    if seed == 0:
        assert noisy[0.99] == 53


def check_plotted_run_follows_sooner(seed):
    from course_utils import adam

    noise_free = _lags(adam.ema_of_noisy_gradient((0.5, 0.9, 0.99), steps=300, noise=0.0, flip_at=150))
    plotted = _lags(adam.ema_of_noisy_gradient((0.5, 0.9, 0.99), steps=300, noise=1.0, flip_at=150, seed=0))
    assert noise_free[0.99] < 69 and plotted[0.99] < 69


def check_larger_beta_smooths_and_lags(seed):
    from course_utils import adam

    ema = adam.ema_of_noisy_gradient((0.5, 0.9, 0.99), steps=300, noise=1.0, flip_at=150, seed=seed)
    steady = ema[ema["step"].between(100, 150)].groupby("beta_1")["average"].std()
    assert steady[0.5] > steady[0.9] > steady[0.99]
    lags = _lags(ema)
    assert lags[0.5] < lags[0.9] < lags[0.99]


def check_ravine(seed):
    from course_utils import adam

    H = adam.ravine_hessian((1.0, 25.0), 30)
    paths = adam.ravine_paths((0.0, 0.5, 0.9, 0.99), learning_rate=0.1, steps=80, start=(-2.4, -0.9), hessian=H)
    flat, steep = np.linalg.eigh(H)[1].T
    flat = -flat * np.sign(flat @ (-2.4, -0.9))  # oriented so that the start lies on the negative side
    by = {b: part for b, part in paths.groupby("beta_1")}
    across = {b: np.abs(p[["w1", "w2"]].to_numpy()[5:] @ steep).max() for b, p in by.items()}
    for b in (0.0, 0.5):  # straight down the floor: the loss never rises, the minimum is never passed
        assert (np.diff(by[b]["loss"]) <= 0).all() and (np.sign(by[b][["w1", "w2"]].to_numpy() @ flat) < 0).all()
    assert across[0.9] > 4 * across[0.5], "0.9 carries sideways motion along"
    along = by[0.99][["w1", "w2"]].to_numpy() @ flat
    assert along.max() > 0 and (np.diff(by[0.99]["loss"]) > 0).any(), "0.99 shoots past the minimum and swings back"
    assert by[0.99]["loss"].iloc[-1] > 10 * by[0.5]["loss"].iloc[-1]
    assert paths["update"].max() < 0.1 * math.sqrt(2), "no step is longer than about lr per weight"


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
    path = adam.keras_optimizer_path(keras.optimizers.Adam(learning_rate=smooth), np.zeros_like, [0.0], steps=40)
    assert np.allclose(path["learning_rate"], smooth_values[:41], rtol=1e-5), "the optimizer uses schedule(step)"


def check_same_start(seed):
    a, b = _small_model().get_weights(), _small_model().get_weights()
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


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


def check_k_set_value(seed):
    import tensorflow as tf
    from tensorflow.keras import backend as K

    keras = _keras()
    assert tf.__version__.startswith("2.21") and hasattr(K, "set_value") and not hasattr(keras.backend, "set_value")
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
    "adam": "Adam keeps a moving average of the gradients (`m`, controlled by `beta_1`) and of their squares "
            "(`v`, `beta_2`), corrects both for starting at zero, and steps by `lr * m_hat / (sqrt(v_hat) + eps)`: "
            "about `lr` per weight, whatever the gradient's scale. Six lines of NumPy reproduce Keras's Adam.",
    "beta": "`beta_1` is momentum: the decay rate of the average of past gradients, with a memory of about "
            "`1/(1 - beta_1)` steps. It never changes the learning rate; with a constant gradient every step "
            "equals the learning rate for any `beta_1`.",
    "larger": "A larger `beta_1` smooths noise and follows changes later; in a ravine it overshoots and swings.",
    "decay": "To decay the learning rate in Keras 3, pass a schedule as the optimizer's `learning_rate` "
             "(`ExponentialDecay`, smooth unless `staircase=True`; `InverseTimeDecay`; `CosineDecayRestarts`, ...) "
             "or give `model.fit` a callback (`LearningRateScheduler`, `ReduceLROnPlateau`), which also writes the "
             "History's `learning_rate` column. Schedules count optimizer steps: multiply epochs by "
             "`math.ceil(n_train / batch_size)`.",
    "keras2": "Keras 2's `decay=d` is `InverseTimeDecay(lr, decay_steps=1, decay_rate=d)`. In Keras 3 `decay=` only "
              "warns and is ignored; `lr=` raises; `tf.keras.experimental` is gone; both spellings of `set_value` "
              "fail; the learning rate must be a Python float or a schedule.",
    "short": "In these 8-epoch runs no decay helped: the constant rate ended with a lower training loss than both "
             "callbacks in every seed.",
}

CLAIMS = [
    # the title and what you will learn
    Claim("Both parts are wrong today: `lr=` is an error in Keras 3, and `beta_1` never changes the learning rate.",
          check_all(check_legacy_lines, check_learning_rate_never_changes)),
    Claim("in six lines of NumPy that agree with `keras.optimizers.Adam`", check_numpy_adam_is_keras_adam, seeds=None),
    Claim("With a constant gradient every Adam step equals the learning rate, whatever `beta_1` is, and "
          "`optimizer.learning_rate` never changes.", check_constant_gradient_steps_are_lr, seeds=None,
          code=(CONSTANT,)),
    # 1. what Adam computes
    Claim("Here are Keras's defaults, spelled out", check_keras_defaults, seeds=None),
    Claim("The course's NumPy version is exactly these lines (Keras adds `epsilon` before the bias correction of `v`, "
          "which moves it by a factor `1/sqrt(1 - beta_2**t)`; the function does the same)",
          check_numpy_adam_is_keras_adam, seeds=None),
    # 2. beta_1 is momentum
    Claim("the last `1/(1 - beta_1)` gradients carry two thirds to three quarters of the weight.",
          check_weight_shares, seeds=None),
    Claim("The last column assumes the average had settled at `+1` long before the flip (its steady state, "
          "`2 beta_1^k - 1`, turns negative once `beta_1^k < 1/2`).", check_steady_state_lag, seeds=None),
    Claim("Not as late as the steady-state column says for `beta_1 = 0.99`", check_plotted_run_follows_sooner,
          seeds=None, code=(EMA,)),
    Claim("So for `beta_1 = 0.99` the 69 steps of the table are the steady-state value; in the plotted run the "
          "noise-free average turns after 58 steps, and this run's noisy one after 53: the noise moves the crossing by "
          "several steps either way.", check_all(check_steady_state_lag, check_plotted_run_lag), code=(EMA,)),
    Claim("A larger `beta_1` averages out more noise but follows a change of direction later.",
          check_larger_beta_smooths_and_lags, code=(EMA,)),
    Claim("so every step is `lr * g/|g| = lr`, whatever `beta_1` is (and whatever the size of `g`)",
          check_constant_gradient_steps_are_lr, seeds=None, code=(CONSTANT,)),
    Claim("Every step has length `0.001` and the learning rate stays `0.001`: `beta_1 = 0.89` in the notes decays "
          "nothing.", check_constant_gradient_steps_are_lr, seeds=None, code=(CONSTANT,)),
    Claim("With `beta_1 = 0` (no momentum) and `0.5` the path heads straight down the ravine's floor. With `0.9` it "
          "carries some sideways motion along and curves; with `0.99` it remembers 100 steps of gradients, shoots past "
          "the minimum and swings back like a heavy ball. No step is longer than about the learning rate per weight",
          check_ravine, seeds=None, code=(RAVINE,)),
    Claim("Adam's update reads the learning rate and never changes it, so in any network `optimizer.learning_rate` "
          "stays where you set it, whatever `beta_1` is.", check_learning_rate_never_changes),
    # 3. decaying the learning rate
    Claim("`ExponentialDecay(lr0, decay_steps, decay_rate)` gives `lr0 * decay_rate ** (step / decay_steps)`; "
          "`InverseTimeDecay(lr0, decay_steps, decay_rate)` gives `lr0 / (1 + decay_rate * step / decay_steps)`.",
          check_schedule_formulas, seeds=None),
    Claim("One epoch is `math.ceil(n_train / batch_size)` steps (Keras keeps the last, smaller batch)",
          check_history_and_steps, seeds=None),
    Claim("With the default `staircase=False` that `ExponentialDecay` is smooth: it lowers the rate a little at every "
          "step and reaches half after 2 epochs. With `staircase=True` the rate stays flat and halves in one jump "
          "every `decay_steps` steps", check_schedule_formulas, seeds=None),
    Claim("`cu.epochs_to_steps(epochs, n_train, batch_size)` computes `epochs * math.ceil(n_train / batch_size)`",
          check_schedule_formulas, seeds=None),
    Claim("In Keras 3 that is an `InverseTimeDecay` with `decay_steps=1`", check_schedule_formulas, seeds=None),
    Claim("A schedule is a function of the step: call it on every step of 8 epochs to see the rate the optimizer will "
          "use. A `LearningRateScheduler(fn)` instead calls `fn(epoch, lr)` once at the start of each epoch and keeps "
          "that rate for the whole epoch", check_all(check_schedule_formulas, check_history_and_steps), seeds=None,
          code=(HALVE,)),
    Claim("gives every run below the same starting weights", check_same_start, seeds=None),
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
    Claim("Keras's defaults are `factor=0.1`, `patience=10` and `min_delta=1e-4`", check_keras_defaults, seeds=None),
    Claim("For a seed, every method starts from the same weights and sees the same batches",
          check_same_weights_and_batches, code=(DECAY_RUNS,)),
    Claim("The constant rate ends with a lower training loss than both callbacks in every seed.",
          check_constant_beats_callbacks, code=(DECAY_RUNS, SCHEDULER, PLATEAU)),
    Claim("Halving every 2 epochs ends with the highest training and validation loss",
          check_halving_ends_highest, code=(DECAY_RUNS, SCHEDULER, HALVE)),
    Claim("the smooth `ExponentialDecay` of the first run is below it at almost every step", check_schedule_formulas,
          seeds=None),
    Claim("it keeps `0.01` for the first 5 epochs in every seed, lowers it only once the validation loss flattens, and "
          "ends within 5% of the constant run's validation loss.", check_plateau_waits, code=(DECAY_RUNS, PLATEAU)),
    # 4. legacy lines
    Claim("The last column says what it does on Keras 3", check_legacy_lines, seeds=None),
    Claim("**`decay=`** is worse: it is accepted, warns, and then does nothing: the optimizer does not even keep it in "
          "its config.", check_legacy_lines, seeds=None),
    Claim("in TensorFlow 2.21 that module is a compatibility copy of the old backend and still has `set_value`, but the "
          "function cannot handle a Keras 3 variable (it reads `x.dtype.name`, and a Keras 3 variable's dtype is a "
          "plain string). Both spellings fail, differently", check_k_set_value, seeds=None),
    Claim("An `int` is refused, and so is a `np.float32` (what you get from a float32 NumPy array); a `np.float64` "
          "passes, because it is a subclass of Python's `float`.", check_legacy_lines, seeds=None),
    # key points
    Claim(KP["adam"], check_all(check_numpy_adam_is_keras_adam, check_step_is_about_lr_whatever_the_scale)),
    Claim(KP["beta"], check_all(check_constant_gradient_steps_are_lr, check_learning_rate_never_changes,
                                check_weight_shares)),
    Claim(KP["larger"], check_all(check_larger_beta_smooths_and_lags, check_ravine), code=(EMA, RAVINE)),
    Claim(KP["decay"], check_all(check_schedule_formulas, check_history_and_steps), seeds=None),
    Claim(KP["keras2"], check_all(check_schedule_formulas, check_legacy_lines, check_k_set_value), seeds=None),
    Claim(KP["short"], check_constant_beats_callbacks, code=(DECAY_RUNS, SCHEDULER, PLATEAU)),
    # solutions
    Claim("a memory of about `1/(1 - 0.89)`, some 9 steps", check_split_and_exercise_numbers, seeds=None),
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


EXERCISES = {
    "1": ExerciseCases(
        solution=Case(lambda: (_adam(learning_rate=0.001, beta_1=0.89),)),
        wrong=[
            Case(lambda: (_adam(learning_rate=0.001),), "beta_1 is 0.9: you kept the default"),
            Case(lambda: (_adam(learning_rate=0.01, beta_1=0.89),), "learning_rate is 0.01"),
            Case(lambda: (_keras().optimizers.SGD(learning_rate=0.001),), "the line to migrate uses Adam"),
            Case(lambda: (_keras().optimizers.Adam,), "create an optimizer by calling it"),
            Case(lambda: ("adam",), "should be a Keras optimizer"),
        ]),
    "2": ExerciseCases(
        solution=Case(lambda: (_adam(learning_rate=_schedule("InverseTimeDecay", 0.01, decay_steps=1,
                                                             decay_rate=1e-3)),)),
        wrong=[
            Case(lambda: (_legacy_adam(),), "Keras 3 ignores decay="),
            Case(lambda: (_adam(learning_rate=_schedule("InverseTimeDecay", 0.01, decay_steps=34, decay_rate=1e-3)),),
                 "decay_steps is 34"),
            Case(lambda: (_adam(learning_rate=_schedule("ExponentialDecay", 0.01, decay_steps=1, decay_rate=0.999)),),
                 "ExponentialDecay is not what decay= did"),
            Case(lambda: (_adam(learning_rate=_schedule("InverseTimeDecay", 0.001, decay_steps=1, decay_rate=1e-3)),),
                 "the schedule starts at 0.001"),
            Case(lambda: (_adam(learning_rate=_schedule("InverseTimeDecay", 0.01, decay_steps=1, decay_rate=1e-2)),),
                 "decay_rate is 0.01"),
        ]),
    "3": ExerciseCases(
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
                 "expected one half"),
            Case(lambda: (_adam(learning_rate=0.01),), "you gave an object of type Adam"),
        ]),
}
