"""What 03_cosine_decay_with_restarts.ipynb must show and may claim, and its exercises' test cases."""

from __future__ import annotations

import functools
import math
import types

import numpy as np

from specs import Case, Claim, ExerciseCases

NOTEBOOK = "03_cosine_decay_with_restarts.ipynb"

KERAS_LINES = [
    "lr_decayed_fn = keras.optimizers.schedules.CosineDecayRestarts(\n    initial_learning_rate, first_decay_steps)",
    "keras.Input(shape=(64,))",
    'keras.layers.Dense(32, activation="relu")',
    "model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr_decayed_fn)",
    'loss="sparse_categorical_crossentropy", metrics=["accuracy"]',
    "history = model.fit(x_train, y_train, validation_data=(data.x_val, data.y_val)",
    "verbose=0",
    "class RateLog(keras.callbacks.Callback)",
    "def on_train_begin(self, logs=None):",
    "self.rates.append(float(self.model.optimizer.learning_rate))",
    "model.optimizer.learning_rate = 0.001",
    "model.compile(optimizer=keras.optimizers.SGD(learning_rate=PEAK, momentum=0.9)",
    "plateau = keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)",
    "callbacks=[plateau], verbose=0",
    'history.history["learning_rate"]',
    "keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)",
]


# --- the notebook's experiments, cached so that several claims share one run ------------------

def _keras():
    import keras

    return keras


@functools.cache
def _digits():
    from course_utils import load_digits_split

    return load_digits_split(seed=0)


@functools.cache
def _section1():
    """Section 1: Adam with CosineDecayRestarts(0.01, 17), model.fit for 3 epochs, the rate of every batch."""
    keras = _keras()
    data = _digits()
    steps_per_epoch = math.ceil(len(data.x_train) / 64)
    lr_decayed_fn = keras.optimizers.schedules.CosineDecayRestarts(0.01, steps_per_epoch)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr_decayed_fn),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    class RateLog(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.rates = []

        def on_train_batch_begin(self, batch, logs=None):
            self.rates.append(float(self.model.optimizer.learning_rate))

    rate_log = RateLog()
    history = model.fit(data.x_train, data.y_train, validation_data=(data.x_val, data.y_val), epochs=3,
                        batch_size=64, callbacks=[rate_log], verbose=0)
    return types.SimpleNamespace(model=model, rates=rate_log.rates, history=history.history, schedule=lr_decayed_fn,
                                 steps_per_epoch=steps_per_epoch)


@functools.cache
def _comparison(seed):
    """Section 5 over three seeds: seed 0 is the notebook's run (seeds 0-2), seed 1 seeds 3-5, seed 2 seeds 6-8."""
    from course_utils import schedules as sch

    keras = _keras()
    S = keras.optimizers.schedules
    peak, epochs, steps_per_epoch = 0.3, 7, 17
    total_steps = epochs * steps_per_epoch
    schedules = {
        "constant 0.3": peak,
        "step decay": S.PiecewiseConstantDecay([total_steps // 2, 3 * total_steps // 4], [peak, peak / 10, peak / 100]),
        "cosine": S.CosineDecay(peak, decay_steps=total_steps),
        "cosine restarts": S.CosineDecayRestarts(peak, first_decay_steps=steps_per_epoch, t_mul=2.0),
        "plateau": (peak, keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)),
        "constant 0.1": 0.1,
    }
    result = sch.compare_schedules(schedules, _digits(), seeds=range(3 * seed, 3 * seed + 3), epochs=epochs,
                                   batch_size=64, hidden=(32,), optimizer="momentum")
    last = result.epochs[result.epochs["epoch"] == epochs]
    return types.SimpleNamespace(
        result=result, epochs=epochs, peak=peak, last=last, total_steps=total_steps,
        final=last.groupby("schedule")[["loss", "val_loss", "val_accuracy"]].mean(),
        spread=last.groupby("schedule")["val_loss"].agg(lambda v: v.max() - v.min()),
        val_loss=result.epochs.pivot_table(index=["schedule", "seed"], columns="epoch", values="val_loss"))


DECAYS = ["step decay", "cosine", "cosine restarts", "plateau"]
COMPARISON_CODE = ("PEAK, EPOCHS = 0.3, 7", "SEEDS = (0, 1, 2)", '"constant 0.1": 0.1,', '"constant 0.3": PEAK,',
                   '"plateau": (PEAK, keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1))',
                   '"cosine restarts": S.CosineDecayRestarts(PEAK, first_decay_steps=steps_per_epoch,',
                   'hidden=(32,), optimizer="momentum"')


# --- checks ------------------------------------------------------------------------------------

def _sgdr_matches_keras(_):
    from course_utils.schedules import sgdr_learning_rate

    keras = _keras()
    for first, t_mul, m_mul, alpha in [(100, 2.0, 1.0, 0.1), (17, 1.0, 0.5, 0.0), (30, 1.5, 0.7, 0.2)]:
        steps = np.arange(1500)
        ours = sgdr_learning_rate(steps, 0.1, first, t_mul, m_mul, alpha)
        theirs = np.asarray(keras.optimizers.schedules.CosineDecayRestarts(0.1, first, t_mul, m_mul, alpha)(steps))
        assert np.max(np.abs(ours - theirs)) < 1e-6


def _periods_1500(_):
    from course_utils.schedules import restart_steps

    keras = _keras()
    assert 100 + 200 + 400 + 800 == 1500 and restart_steps(1500, 100, 2.0).tolist() == [100, 300, 700]
    schedule = keras.optimizers.schedules.CosineDecayRestarts(0.1, 100, t_mul=2.0, alpha=0.1)
    assert abs(float(schedule(1499)) - 0.01) < 1e-5


def _knobs(_):
    from course_utils.schedules import restart_steps, sgdr_learning_rate

    half, base = restart_steps(3000, 50), restart_steps(3000, 100)
    assert np.all(half[:len(base)] * 2 == base)  # the restarts scale with first_decay_steps
    assert np.all(np.diff(restart_steps(1500, 100, 1.0)) == 100)
    assert np.diff(restart_steps(1500, 100, 2.0)).tolist() == [200, 400]
    peaks = sgdr_learning_rate([0, 100, 300], 0.1, 100, 2.0, 0.7, 0.0)
    assert np.allclose(peaks, 0.1 * 0.7 ** np.arange(3))
    assert np.isclose(sgdr_learning_rate(1499, 0.1, 100, 2.0, 1.0, 0.2), 0.02, atol=1e-5)


def _m_mul_and_alpha(_):
    keras = _keras()
    schedule = keras.optimizers.schedules.CosineDecayRestarts(0.1, 100, t_mul=2.0, m_mul=0.5, alpha=0.2)
    lr = np.asarray(schedule(np.arange(1500)))
    peaks = lr[[0, 100, 300, 700]]
    assert np.allclose(peaks, 0.1 * (0.2 + 0.8 * 0.5 ** np.arange(4)), rtol=1e-5)
    assert np.all(np.diff(peaks) < 0) and lr.min() >= 0.02 - 1e-7


def _keras_counts_steps(_):
    run = _section1()
    assert run.steps_per_epoch == 17 and int(run.model.optimizer.iterations) == len(run.rates) == 51


def _section1_restart(_):
    run = _section1()
    jumps = [k for k in range(1, len(run.rates)) if run.rates[k] > run.rates[k - 1]]
    assert jumps == [17]  # the second period: 34 steps, ending at step 51 = the end of 3 epochs
    assert "learning_rate" not in run.history and len(run.history["loss"]) == 3
    assert run.history["val_accuracy"][-1] > 0.9


def _rate_is_the_schedule_at_iterations(_):
    run = _section1()
    assert np.allclose(np.asarray(run.schedule(np.arange(51))), run.rates)


def _schedule_rate_not_settable(_):
    keras = _keras()
    optimizer = keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.CosineDecayRestarts(0.01, 17))
    try:
        optimizer.learning_rate = 0.001
    except TypeError:
        pass
    else:
        raise AssertionError("assigning the rate: no TypeError")
    # the notebook's call: ReduceLROnPlateau asks for a lower rate after epoch 2, on a model built with a schedule
    data = _digits()
    model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss", min_delta=10.0, patience=0)
    try:
        model.fit(data.x_train[:128], data.y_train[:128], epochs=2, batch_size=64, callbacks=[plateau], verbose=0)
    except TypeError:
        return
    raise AssertionError("ReduceLROnPlateau on a schedule: no TypeError")


def _history_learning_rate_key(_):
    keras = _keras()
    data = _digits()
    model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.3, momentum=0.9), loss="sparse_categorical_crossentropy")
    history = model.fit(data.x_train[:128], data.y_train[:128], validation_data=(data.x_val, data.y_val), epochs=1,
                        batch_size=64, callbacks=[keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)], verbose=0)
    assert "learning_rate" in history.history and "lr" not in history.history


def _drift(_):
    from course_utils.schedules import restart_steps

    ceil_ = restart_steps(30 * 17 + 1, 3 * 17, t_mul=1.0)
    floor_ = restart_steps(30 * 17 + 1, 3 * (1077 // 64), t_mul=1.0)[:10]
    assert (ceil_ == np.arange(1, 11) * 51).all()
    early = ceil_ - floor_
    assert early.tolist() == list(range(3, 31, 3)) and 17 < early[-1] < 2 * 17


def _steps_key_point(_):
    _keras_counts_steps(None)
    _drift(None)
    assert 3 * math.ceil(1077 / 64) == 51


def _family(_):
    keras = _keras()
    S = keras.optimizers.schedules
    warmup = S.CosineDecay(0.0, decay_steps=1350, warmup_target=0.1, warmup_steps=150)
    lr = np.array([float(warmup(s)) for s in (0, 75, 150, 1499)])
    assert lr[0] == 0 and 0 < lr[1] < lr[2] and np.isclose(lr[2], 0.1) and lr[3] < 1e-6
    assert float(warmup(3000)) == float(warmup(1500)) == 0.0  # reaches its end and stays
    exponential, inverse = S.ExponentialDecay(0.1, 150, 0.7), S.InverseTimeDecay(0.1, 100, 1.0)
    for schedule in (exponential, inverse):
        assert float(schedule(3000)) < float(schedule(1500)) < float(schedule(1499))
    piecewise = S.PiecewiseConstantDecay([750, 1125], [0.1, 0.01, 0.001])
    assert float(piecewise(3000)) == float(piecewise(1499))
    restarts = S.CosineDecayRestarts(0.1, first_decay_steps=100, t_mul=2.0)
    assert float(restarts(1499)) < 1e-5 and np.isclose(float(restarts(1500)), 0.1)  # 1500 starts a new period
    assert float(restarts(1200)) > 0.01  # mid-period: not at the floor


def _piecewise(_):
    keras = _keras()
    schedule = keras.optimizers.schedules.PiecewiseConstantDecay([750, 1125], [0.1, 0.01, 0.001])
    lr = {t: float(schedule(t)) for t in (0, 750, 751, 1125, 1126, 5000)}
    assert np.allclose([lr[0], lr[750], lr[751], lr[1125], lr[1126], lr[5000]], [0.1, 0.1, 0.01, 0.01, 0.001, 0.001])


def _inverse_time_keras2(_):
    keras = _keras()
    t = np.arange(0, 1000, 7)
    schedule = keras.optimizers.schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.01)
    assert np.allclose(np.asarray(schedule(t)), 0.1 / (1 + 0.01 * t), rtol=1e-5)  # Keras 2: lr / (1 + decay * t)


def _cosine_warmup(_):
    keras = _keras()
    schedule = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=1350, alpha=0.1, warmup_target=0.1,
                                                      warmup_steps=150)
    assert np.isclose(float(schedule(150)), 0.1) and float(schedule(1499)) > 0.01
    assert np.isclose(float(schedule(1500)), 0.01) and np.isclose(float(schedule(4000)), 0.01)


def _all_but_polynomial(_):
    keras = _keras()
    S = keras.optimizers.schedules
    builtin = {name for name in dir(S) if isinstance(getattr(S, name), type)
               and issubclass(getattr(S, name), S.LearningRateSchedule) and name != "LearningRateSchedule"}
    shown = {"ExponentialDecay", "PiecewiseConstantDecay", "InverseTimeDecay", "CosineDecay", "CosineDecayRestarts"}
    assert builtin - shown == {"PolynomialDecay"} and shown <= builtin


def _plateau_defaults(_):
    keras = _keras()
    callback = keras.callbacks.ReduceLROnPlateau()
    assert callback.factor == 0.1 and callback.patience == 10 and callback.monitor == "val_loss"
    stand_in = types.SimpleNamespace(optimizer=types.SimpleNamespace(learning_rate=1.0))
    callback.set_model(stand_in)
    callback.on_train_begin()
    for epoch in range(20):  # the worst case for waiting: no improvement after the first epoch
        callback.on_epoch_end(epoch, {"val_loss": 1.0})
        if stand_in.optimizer.learning_rate < 1.0:
            break
    assert epoch + 1 == 11  # the end of epoch 11 (epochs counted from 1) at the earliest


def _steps_in_comparison(_):
    assert math.ceil(1077 / 64) == 17 and len(_digits().x_train) == 1077


def _plateau_acted(seed):
    run = _comparison(seed)
    lowest = run.result.steps.query("schedule == 'plateau'").groupby("seed")["learning_rate"].min()
    assert len(lowest) == 3 and (lowest < run.peak).all()


def _high_constant_unsettled(seed):
    run = _comparison(seed)
    assert run.final["loss"].idxmax() == "constant 0.3"
    assert run.last.groupby("schedule")["loss"].agg(lambda v: v.max() - v.min()).idxmax() == "constant 0.3"  # vary
    constant = run.val_loss.loc["constant 0.3"]
    assert (constant[run.epochs] > 1.05 * constant.min(axis=1)).all()


def _every_decay_beats_constant(seed):
    final = _comparison(seed).final
    assert (final.loc[DECAYS, "val_loss"] < final.loc["constant 0.3", "val_loss"]).all()
    assert (final.loc[DECAYS, "val_accuracy"] > final.loc["constant 0.3", "val_accuracy"]).all()


def _decays_close(seed):
    final = _comparison(seed).final
    decays, high = final.loc[DECAYS], final.loc["constant 0.3"]
    assert np.ptp(decays["val_loss"]) < (high["val_loss"] - decays["val_loss"].max()) / 2
    assert np.ptp(decays["val_accuracy"]) < decays["val_accuracy"].min() - high["val_accuracy"]


def _best_decay_per_seed(seed):
    last = _comparison(seed).last
    best = last[last["schedule"].isin(DECAYS)].set_index("schedule").groupby("seed")["val_loss"].idxmin()
    assert set(best) == {"cosine", "cosine restarts"}, best.to_dict()


def _low_constant_best(seed):
    final = _comparison(seed).final
    assert final["val_loss"].idxmin() == "constant 0.1"
    assert final.loc["constant 0.1", "val_accuracy"] >= final["val_accuracy"].max() - 0.01


def _high_peak_fits_closer(seed):
    final = _comparison(seed).final
    near, low = final.loc[["cosine", "plateau"]], final.loc["constant 0.1"]
    assert (near["loss"] < low["loss"]).all() and (near["val_loss"] > low["val_loss"]).all()
    assert (near["val_accuracy"] - low["val_accuracy"]).abs().max() < 0.0125  # "within about a point"


def _step_decay_bump(seed):
    run = _comparison(seed)
    assert run.total_steps // 2 == 59 and 3 * 17 <= 59 < 4 * 17  # the first cut: step 59, in epoch 4
    step, const = run.val_loss.loc["step decay"].mean(), run.val_loss.loc["constant 0.3"].mean()
    assert step[4] > const[4] and (step.loc[5:] < const.loc[5:]).all()
    assert step[4] > step[3] and step[4] > step[5]  # a bump, not a trend


def _restarts_vs_cosine(seed):
    run = _comparison(seed)
    gap = abs(run.final.loc["cosine restarts", "val_loss"] - run.final.loc["cosine", "val_loss"])
    assert gap < run.spread[["cosine", "cosine restarts"]].min()


def _key_point_peak(seed):
    _every_decay_beats_constant(seed)
    _low_constant_best(seed)


def _restart_floors(_):
    from course_utils.schedules import restart_steps

    keras = _keras()
    assert restart_steps(7 * 17 + 1, 17, 2.0).tolist() == [17, 51, 119]  # epochs 1, 3 and 7
    schedule = keras.optimizers.schedules.CosineDecayRestarts(0.3, 17, t_mul=2.0)
    assert all(float(schedule(s)) < 0.01 * 0.3 for s in (16, 50, 118))


def _snapshots(seed):
    _restart_floors(seed)
    _restarts_vs_cosine(seed)


def _period_ends(_):
    from course_utils.schedules import restart_steps

    for first, m in [(17, 2.0), (10, 3.0), (5, 1.5)]:
        ends = [first * sum(m ** j for j in range(k + 1)) for k in range(4)]
        assert restart_steps(math.ceil(ends[-1]) + 1, first, m).tolist() == [math.ceil(e - 1e-9) for e in ends]


def _notes_errors(_):
    import tensorflow as tf

    keras = _keras()
    for snippet, error in [("x={\n f(a,\n b)\n )\n", SyntaxError)]:
        try:
            compile(snippet, "notes", "exec")
        except error:
            pass
        else:
            raise AssertionError("the mismatched brackets compiled")
    assert not hasattr(tf.keras, "experimental")
    assert tf.keras.optimizers.Adam is keras.optimizers.Adam  # tf.keras is Keras 3
    assert keras.__version__.startswith("3.")
    try:
        eval("first_dexay_steps", {})
    except NameError:
        pass
    else:
        raise AssertionError("the typo is defined")
    lr_set = {keras.optimizers.schedules.CosineDecayRestarts(0.01, 1000)}
    assert not isinstance(lr_set, keras.optimizers.schedules.LearningRateSchedule)
    try:
        keras.optimizers.Adam(learning_rate=lr_set)
    except ValueError:
        return
    raise AssertionError("Keras accepted a set as the learning rate")


def _notes_1000_steps(_):
    assert round(1000 / math.ceil(1077 / 64)) == 59


def _digits_shape(_):
    data = _digits()
    assert data.x_train.shape[1] == 64 and data.n_classes == 10


def _exercise_2_solution(_):
    from course_utils.schedules import restart_steps

    assert restart_steps(801, 20, 3.0).tolist() == [20, 80, 260, 800] and 20 * (1 + 3 + 9 + 27) == 800
    assert [20, 60, 180, 540] == [20 * 3 ** i for i in range(4)]


CLAIMS = [
    Claim("trained on the digits data set (8-by-8 images of handwritten digits, 10 classes)", _digits_shape, None),
    Claim("a code snippet that does not run (three of its four errors never could; the fourth is new with Keras 3)",
          _notes_errors, None),
    Claim("that line fails in four ways", _notes_errors, None),
    Claim("Four things are wrong with it: three of them in every version of Python and Keras, one new with Keras 3",
          _notes_errors, None),
    Claim("Since TensorFlow `2.16`, `tf.keras` is Keras 3", _notes_errors, None),
    Claim("`ceil(n_train / batch_size)`, because `model.fit` trains on the last, smaller batch too",
          _keras_counts_steps, None, code=("steps_per_epoch = math.ceil(len(x_train) / batch_size)",)),
    Claim("with the default `t_mul=2.0` the second lasts two, so three epochs end exactly with the second period",
          _section1_restart, None, code=("epochs=3, batch_size=batch_size, callbacks=[rate_log], verbose=0",)),
    Claim("The History that `model.fit` returns holds one row per epoch and no learning rate", _section1_restart,
          None),
    Claim("for an optimizer built with a schedule is the schedule evaluated at the optimizer's step counter",
          _rate_is_the_schedule_at_iterations, None),
    Claim("assigning `optimizer.learning_rate = x` raises `TypeError`. Code that lowers the rate that way, such as "
          "the `ReduceLROnPlateau` callback of section 5, needs an optimizer built with a plain number: on this model "
          "the callback fails the same way, as soon as it acts", _schedule_rate_not_settable, None,
          code=('plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss", min_delta=10.0, patience=0)',)),
    Claim("The largest difference is below `1e-6`", _sgdr_matches_keras, None),
    Claim("fill exactly 1500 steps, so the last period ends with the rate at its floor, `alpha * lr0 = 0.01`, right "
          "at the end. Restarts come at 100, 100 + 200 = 300 and 300 + 400 = 700", _periods_1500, None),
    Claim("shorter means every restart comes earlier", _knobs, None),
    Claim("`t_mul=1` restarts at a fixed rhythm, `t_mul=2` doubles each period", _knobs, None),
    Claim("period *i* starts at `m_mul**i` of the first peak's height above the floor", _knobs, None),
    Claim("each restart's height above the floor is `m_mul` times the previous one's", _m_mul_and_alpha, None),
    Claim("With `m_mul=0.5, alpha=0.2` the peaks approach the floor but never go below it", _m_mul_and_alpha, None),
    Claim("3 epochs made `3 * 17 = 51` optimizer steps, the last batch of each epoch included", _keras_counts_steps,
          None),
    Claim("every period is 3 steps short of 3 epochs, so each restart comes 3 steps earlier than the one before, "
          "relative to the epoch boundaries. After ten periods the \"every 3 epochs\" schedule is 30 steps, almost "
          "two epochs, ahead", _drift, None),
    Claim("Keras's built-in schedules (all but `PolynomialDecay`)", _all_but_polynomial, None),
    Claim("`values[0]` for `t <= boundaries[0]`, `values[k]` for `boundaries[k-1] < t <= boundaries[k]`, "
          "`values[-1]` after the last boundary", _piecewise, None),
    Claim("with `decay_steps=1` it is Keras 2's `decay=` argument", _inverse_time_keras2, None),
    Claim("then half a cosine down to `alpha * warmup_target` over `decay_steps` (`warmup_steps + decay_steps` steps "
          "in all)", _cosine_warmup, None),
    Claim("The warm-up starts at 0 and climbs for 150 steps", _family, None),
    Claim("`CosineDecay` and `PiecewiseConstantDecay` reach a final rate you choose and stay there. "
          "`CosineDecayRestarts` is at its floor only at the end of a period, so pick the total steps to match. "
          "Exponential and inverse-time decay keep falling for as long as you train", _family, None),
    Claim("the **same number of steps** (7 epochs of 17 steps)", _steps_in_comparison, None),
    Claim("its defaults, `factor=0.1` and `patience=10`, could not act within 7 epochs", _plateau_defaults, None),
    Claim("History gains a `learning_rate` key (Keras 2 code called it `\"lr\"`)", _history_learning_rate_key, None),
    Claim("The plateau callback did act: in every seed it lowered the rate at least once", _plateau_acted,
          code=COMPARISON_CODE),
    Claim("Lowering the rate matters when the peak is high", _every_decay_beats_constant, code=COMPARISON_CODE),
    Claim("At a peak of `0.3` the constant rate never settles: on average over the seeds its final training loss is "
          "the highest of the six (single seeds vary), and in every seed its validation loss ends above its own best "
          "epoch", _high_constant_unsettled, code=COMPARISON_CODE),
    Claim("Every way of lowering the rate from the same peak (step decay, cosine, restarts, the plateau callback) "
          "ends with a lower mean validation loss and a higher mean validation accuracy than the constant `0.3`",
          _every_decay_beats_constant, code=COMPARISON_CODE),
    Claim("Which decay you pick matters less than whether you decay", _decays_close, code=COMPARISON_CODE),
    Claim("The spread among the four decays' mean validation losses is less than half of their gap to the constant "
          "`0.3`'s, and the spread among their mean validation accuracies is smaller than their gap to its",
          _decays_close, code=COMPARISON_CODE),
    Claim("In every seed the lowest validation loss of the four belongs to one of the two cosine schedules, but which "
          "of the two changes from seed to seed: three seeds do not rank them", _best_decay_per_seed,
          code=COMPARISON_CODE),
    Claim("A lower peak did as well as any decay", _low_constant_best, code=COMPARISON_CODE),
    Claim("A constant rate of `0.1` ends with the lowest mean validation loss of all six, lower than every way of "
          "decaying from `0.3`, and with a mean validation accuracy within one point of the best", _low_constant_best,
          code=COMPARISON_CODE),
    Claim("Yet cosine and the plateau callback from `0.3` end with a lower mean training loss than the constant `0.1` "
          "and still have a higher mean validation loss (their mean validation accuracies are within about a point "
          "of its)", _high_peak_fits_closer, code=COMPARISON_CODE),
    Claim("Final numbers can hide a bump on the way", _step_decay_bump, code=COMPARISON_CODE),
    Claim("At epoch 4, the epoch in which step decay first cuts the rate (at step 59), its mean validation loss jumps "
          "above even the constant `0.3`'s; from epoch 5 on it stays below it", _step_decay_bump,
          code=COMPARISON_CODE),
    Claim("Restarts give settled snapshots; here they end level with one cosine", _snapshots, code=COMPARISON_CODE),
    Claim("At the end of each period (epochs 1, 3 and 7 here, the open circles) the rate is near its floor",
          _restart_floors, None, code=('period_ends={"cosine restarts": [1, 3, 7]}',)),
    Claim("periods of 1, 2 and 4 epochs (`first_decay_steps` = one epoch, `t_mul=2`), so the last period ends exactly "
          "with training", _restart_floors, None),
    Claim("Here, in 7 epochs, restarts and a single cosine end close together: the gap between their mean validation "
          "losses is smaller than the spread between the seeds of each one", _restarts_vs_cosine,
          code=COMPARISON_CODE),
    Claim("The notes' 1000 steps would be about 59 epochs of digits at batch size 64", _notes_1000_steps, None),
    # key points
    Claim("`keras.optimizers.schedules.CosineDecayRestarts` computes exactly this (to float32 precision) with "
          "`alpha = lr_min / lr_max`", _sgdr_matches_keras, None),
    Claim("`m_mul` shrinks each restart's height above the floor; the floor `alpha * initial_learning_rate` stays",
          _m_mul_and_alpha, None),
    Claim("Schedules count optimizer steps, not epochs: `epochs * math.ceil(n_train / batch_size)` steps, the smaller "
          "last batch included; rounding down drifts", _steps_key_point, None),
    Claim("With `first_decay_steps` = T_0 and `t_mul` = m, the periods end at T_0 (1 + m + ... + m^k)", _period_ends,
          None),
    Claim("An optimizer built with a schedule has no settable learning rate: `optimizer.learning_rate = x` raises "
          "`TypeError`, and so does `ReduceLROnPlateau` when it acts", _schedule_rate_not_settable, None),
    Claim("Decaying the rate lets a high peak finish well, but on digits a constant `0.1` beat every decay from `0.3` "
          "on validation loss: tune the peak first", _key_point_peak, code=COMPARISON_CODE),
    Claim("`ReduceLROnPlateau` is a callback, not a schedule; with its defaults (`factor=0.1`, `patience=10`) it "
          "cannot lower the rate before the end of epoch 11", _plateau_defaults, None),
    Claim("The notes' snippet: no braces (a set), `first_decay_steps` (not `dexay`), and `keras.optimizers.schedules` "
          "(not `tf.keras.experimental`)", _notes_errors, None),
    Claim("The fourth period ends at 260 + 540 = 800, exactly when training does", _exercise_2_solution, None),
]


# --- exercises ---------------------------------------------------------------------------------

def _restarts(lr0=1e-3, first=34, optimizer="Adam", **kwargs):
    keras = _keras()
    schedule = keras.optimizers.schedules.CosineDecayRestarts(lr0, first, **{"t_mul": 1.0, **kwargs})
    return (getattr(keras.optimizers, optimizer)(learning_rate=schedule),)


def _compiled(first_decay_steps):
    keras = _keras()
    model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=_restarts(first=first_decay_steps)[0], loss="sparse_categorical_crossentropy")
    return (model,)


def _sgdr(**kwargs):
    keras = _keras()
    return (keras.optimizers.schedules.CosineDecayRestarts(0.1, **{"first_decay_steps": 100, "t_mul": 1.0,
                                                                  "m_mul": 0.5, "alpha": 0.1, **kwargs}),)


EXERCISES = {
    "1": ExerciseCases(Case(lambda: _restarts()), [
        Case(lambda: _restarts(first=2), "the schedule restarts at step 2, expected 34: first_decay_steps counts "
                                         "optimizer steps"),
        Case(lambda: _restarts(first=32), "the last, smaller batch is a step too"),
        Case(lambda: _restarts(t_mul=2.0), "each period is longer than the one before"),
        Case(lambda: _restarts(t_mul=1.5), "every period the same length needs t_mul=1.0"),
        Case(lambda: _restarts(optimizer="SGD"), "the exercise asks for keras.optimizers.Adam"),
        Case(lambda: (_keras().optimizers.Adam(1e-3),), "not a CosineDecayRestarts schedule"),
        Case(lambda: (_keras().optimizers.Adam(_keras().optimizers.schedules.CosineDecay(1e-3, 34)),),
             "a CosineDecay, not a CosineDecayRestarts: it falls once and never restarts"),
        Case(lambda: _compiled(17), "restarts at step 17, expected 34"),
        Case(lambda: _restarts(lr0=0.01), "the schedule starts at 0.01, expected 0.001"),
        Case(lambda: _restarts(lr0=1.0, m_mul=0.3, alpha=0.5), "the schedule starts at 1, expected 0.001"),
        Case(lambda: _restarts(m_mul=0.5), "m_mul shrinks each restart's peak"),
        Case(lambda: _restarts(alpha=0.1), "alpha sets a floor"),
    ]),
    "2": ExerciseCases(Case(lambda: ([20, 80, 260],)), [
        Case(lambda: (list(range(20, 800, 20)),), "evenly spaced, as with t_mul=1.0"),
        Case(lambda: ([20, 60, 180],), "are the periods' lengths"),
        Case(lambda: ([20, 80, 260, 800],), "list only the steps from 1 to 799"),
        Case(lambda: ([19, 79, 259],), "one step early: a restart is the first step of the new period"),
        Case(lambda: ([20, 80],), "you have 2 restart(s); within 800 steps there are 3"),
        Case(lambda: ([20, 60, 140, 300, 620],), "these are the restarts for t_mul=2.0"),
        Case(lambda: ([20, 80, 250],), "is not right"),
        Case(lambda: ("20, 80, 260",), "give a list of whole numbers"),
    ]),
    "3": ExerciseCases(Case(lambda: _sgdr()), [
        Case(lambda: _sgdr(alpha=0.01), "alpha is a fraction of the starting rate"),
        Case(lambda: _sgdr(alpha=0.0), "set alpha so that alpha * 0.1 = 0.01"),
        Case(lambda: _sgdr(alpha=0.2), "the lowest rate is 0.02, expected 0.01"),
        Case(lambda: _sgdr(m_mul=1.0), "m_mul multiplies each restart's height above the floor"),
        Case(lambda: _sgdr(t_mul=2.0), "expected every 100 steps"),
        Case(lambda: (0.1,), "give a Keras schedule object"),
    ]),
}
