"""What 01_learning_rate_too_small_too_large.ipynb must show and may claim (see tests/specs/__init__.py).

Section 1 is NumPy arithmetic (claims checked once, ``seeds=None``). Sections 2 and 3 re-run the
notebook's experiments for each seed, cached so that several claims share one run: the Keras run
(``build_model(seed)``, SGD at 0.1, 8 epochs of batches of 64), the sweep (``lrtools.lr_sweep``
with seven learning rates, SGD and Adam), the range test written as a callback that resets the
metrics before each batch (Adam, ``1e-5`` to ``10`` over 120 batches of 64), the helper
``lrtools.lr_range_test`` (which undoes Keras's running mean instead) and the Keras run with the
suggestion. The seed sets the starting weights and the batch order; the data split is the
notebook's (``load_digits_split(seed=0)``).
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from . import Case, Claim, ExerciseCases

NOTEBOOK = "01_learning_rate_too_small_too_large.ipynb"

KERAS_LINES = [
    "keras.utils.set_random_seed(seed)",
    "keras.Sequential([",
    "keras.Input(shape=(64,))",
    'keras.layers.Dense(32, activation="relu")',
    'keras.layers.Dense(10, activation="softmax")',
    "model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1),",
    'loss="sparse_categorical_crossentropy", metrics=["accuracy"]',
    'model.evaluate(x_train, y_train, verbose=0, return_dict=True)["loss"]',
    "history = model.fit(x_train, y_train, epochs=8, batch_size=64, verbose=0)",
    'history.history["loss"]',
    "class RangeTest(keras.callbacks.Callback):",
    "def on_train_batch_begin(self, batch, logs=None):",
    "self.model.optimizer.learning_rate = self.min_lr * self.growth ** len(self.rows)",
    "self.model.reset_metrics()",
    'logs["loss"]',
    "self.model.stop_training = True",
    "callbacks=[range_test]",
    "keras.optimizers.Adam(learning_rate=suggestion)",
]

LEARNING_RATES = (1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0)
SWEEP = ("LEARNING_RATES = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0]",
         'sweep = lrtools.lr_sweep(data, LEARNING_RATES, optimizers=("sgd", "adam"), epochs=8, batch_size=64,')
KERAS_RUN = ("model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1)",
             "history = model.fit(x_train, y_train, epochs=8, batch_size=64, verbose=0)")
RANGE_TEST = ("range_test = RangeTest(min_lr=1e-5, max_lr=10.0, steps=120)",
              "history = model.fit(x_train, y_train, epochs=8, batch_size=64,\n                    callbacks=[range_test], verbose=0)",
              "self.model.reset_metrics()",
              'range_frame["smoothed_loss"] = lrtools.smooth(range_frame["loss"], beta=0.9)')
HELPER = ('lrtools.lr_range_test(data, optimizer="adam", min_lr=1e-5, max_lr=10.0,', "steps=120, batch_size=64, seed=0)")
WITH_SUGGESTION = ("keras.optimizers.Adam(learning_rate=suggestion)",)


# --------------------------------------------------------------------------------------
# section 1: arithmetic (no randomness)
# --------------------------------------------------------------------------------------

def _gd(h, lr, start=1.0, steps=25):
    from course_utils import lr as lrtools

    return lrtools.gradient_descent(h, lr, start=start, steps=steps)


def _threshold(_):
    for h in (0.5, 2.0, 8.0, 10.0, 300.0):
        below = _gd(h, 2 / h * (1 - 1e-3), steps=3000)["w"].abs().to_numpy()
        above = _gd(h, 2 / h * (1 + 1e-3), steps=3000)["w"].abs().to_numpy()
        assert np.all(np.diff(below) < 0) and below[-1] < 0.01, h
        assert np.all(np.diff(above) > 0) and above[-1] > 10, h
        assert np.all(_gd(h, 0.5 / h, steps=10)["w"] > 0), "below 1/h the iterates never change sign"


def _oscillates_at_two_over_h(_):
    for h in (0.5, 2.0, 8.0):
        assert np.allclose(_gd(h, 2 / h, steps=9)["w"], [(-1.0) ** t for t in range(10)])


def _one_step(_):
    for h in (0.5, 2.0, 8.0):
        assert np.all(_gd(h, 1 / h, start=3.0, steps=4)["w"].iloc[1:] == 0)


def _four_examples(_):
    from course_utils import lr as lrtools

    regimes = [lrtools.quadratic_regime(2.0, lr) for lr in (0.25, 0.5, 0.8, 1.05)]
    assert regimes == ["creeps in", "one step", "overshoots, converges", "diverges"]
    creep, bounce, grow = (_gd(2.0, lr, steps=8)["w"].to_numpy() for lr in (0.25, 0.8, 1.05))
    assert np.all(creep > 0) and np.all(np.diff(creep) < 0)
    assert np.all(np.sign(bounce[1:]) == -np.sign(bounce[:-1])) and np.all(np.diff(np.abs(bounce)) < 0)
    assert np.all(np.sign(grow[1:]) == -np.sign(grow[:-1])) and np.all(np.diff(np.abs(grow)) > 0)
    assert math.isclose(1 - 0.8 * 2, -0.6) and math.isclose(1 - 1.05 * 2, -1.1)


def _bowl_cap(_):
    from course_utils import lr as lrtools

    assert lrtools.max_stable_learning_rate((1.0, 10.0)) == 0.2
    path = _gd((1.0, 10.0), 0.21, start=(-2.0, 1.0), steps=200)
    assert abs(path["w2"].iloc[-1]) > 1e3 and abs(path["w1"].iloc[-1]) < 1e-6


def _flat_pace(_):
    for lr in np.linspace(0.01, 0.1999, 50):
        w1 = _gd((1.0, 10.0), lr, start=(-2.0, 1.0), steps=5)["w1"].to_numpy()
        assert np.all(w1[1:] / w1[:-1] >= 0.8)  # shrinks by at most 20% per step


def _condition_number(_):
    best_factor = [(k - 1) / (k + 1) for k in (2, 10, 50, 1000)]  # |1 - lr h| at lr = 2/(h1 + h2), h1 = 1
    assert np.all(np.diff(best_factor) > 0)


def _best_single_rate(_):
    rates = np.linspace(0.01, 0.199, 2000)
    worst = np.maximum(np.abs(1 - rates), np.abs(1 - 10 * rates))
    assert abs(rates[np.argmin(worst)] - 2 / 11) < 2e-4
    assert math.isclose(abs(1 - 2 / 11), abs(1 - 10 * 2 / 11))


def _three_bowl_paths(_):
    paths = {lr: _gd((1.0, 10.0), lr, start=(-2.0, 1.0), steps=25) for lr in (0.05, 0.18, 0.21)}
    slow = paths[0.05]
    assert np.all(np.diff(slow["w1"]) > 0) and np.all(slow["w1"] < 0), "0.05 slides along w1 from one side"
    zig = paths[0.18]["w2"].to_numpy()
    assert np.all(np.sign(zig[1:]) == -np.sign(zig[:-1])), "0.18 zig-zags across w2"
    losses = {lr: p["loss"].iloc[-1] for lr, p in paths.items()}
    assert losses[0.18] < losses[0.05] < losses[0.21] and losses[0.21] > losses[0.18] * 1e6
    assert _gd(1.0, 1.99, steps=3000)["w"].abs().iloc[-1] < 1e-3, "the flat direction alone converges below 2"


def _range_test_length(_):
    from course_utils import load_digits_split, steps_per_epoch

    n = len(load_digits_split(seed=0).x_train)
    assert n == 1077 and n == 16 * 64 + 53 and steps_per_epoch(n, 64) == 17
    assert 120 == 7 * 17 + 1


def _adam_step_bounded(seed):
    """Adam's step: lr with a gradient of constant sign, whatever its scale; at most about lr and smaller on
    average when the gradient is noise."""
    import keras

    rng = np.random.default_rng(seed)
    for scale in (1e-3, 1.0, 1e3):
        for noisy in (False, True):
            w, optimizer, steps = keras.Variable(np.zeros(1, dtype="float32")), keras.optimizers.Adam(0.01), []
            for _step in range(50):
                before = float(w.numpy()[0])
                g = scale * (rng.normal() if noisy else 1.0)
                optimizer.apply([keras.ops.convert_to_tensor([g], dtype="float32")], [w])
                steps.append(abs(before - float(w.numpy()[0])) / 0.01)
            if noisy:
                assert max(steps) < 1.05 and np.mean(steps) < 0.5, (scale, max(steps), np.mean(steps))
            else:
                assert np.allclose(steps, 1.0, rtol=1e-2), scale


def _history_loss(_):
    import keras

    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
    x, y = np.random.default_rng(0).normal(size=(20, 4)).astype("float32"), np.arange(20) % 3
    history = model.fit(x, y, epochs=3, batch_size=8, verbose=0)
    assert len(history.history["loss"]) == 3


def _history_is_batch_mean(seed):
    """history.history["loss"] = the epoch's batch losses (each with the weights of its moment), weighted by size."""
    import keras

    x, y = np.random.default_rng(seed).normal(size=(20, 4)).astype("float32"), np.arange(20) % 3
    own = []

    class Own(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            self.model.reset_metrics()

        def on_train_batch_end(self, batch, logs=None):
            own.append(logs["loss"])

    def fit(callbacks):
        keras.utils.set_random_seed(seed)
        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="sparse_categorical_crossentropy")
        return model.fit(x, y, epochs=2, batch_size=8, callbacks=callbacks, verbose=0).history["loss"]

    fit([Own()])
    history, sizes = fit([]), [8, 8, 4]
    assert np.allclose(history, [np.average(own[:3], weights=sizes), np.average(own[3:], weights=sizes)], rtol=1e-5)
    assert len(set(np.round(own, 5))) == len(own), "each batch's loss differs: the weights move within the epoch"


def _data_split(_):
    from sklearn.datasets import load_digits

    assert load_digits().images.shape[1:] == (8, 8)
    x = _data().x_train
    assert x.shape == (1077, 64) and np.all(np.abs(x.mean(axis=0)) < 1e-4) and np.all(x.std(axis=0) < 1 + 1e-4)
    assert np.mean(np.isclose(x.std(axis=0), 1.0, atol=1e-3)) > 0.7  # the rest: pixels that barely vary


def _diverged_label(_):
    from course_utils import lr as lrtools

    assert lrtools.judge_run([2.3, 45.0, 20.0, 14.0]) == "diverged", "ended above its start, though falling"
    assert lrtools.judge_run([2.3, 1.0, float("nan")]) == "diverged"
    assert lrtools.judge_run([2.3, 45.0, 20.0, 2.0]) == "too large", "ending below the start is not diverged"


# --------------------------------------------------------------------------------------
# sections 2 and 3: the notebook's experiments, one run per seed
# --------------------------------------------------------------------------------------

@functools.cache
def _data():
    from course_utils import load_digits_split

    return load_digits_split(seed=0)


def _build_model(seed):
    import keras

    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(32, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


@functools.cache
def _keras_run(seed, optimizer, learning_rate) -> tuple:
    import keras

    data = _data()
    model = _build_model(seed)
    model.compile(optimizer=getattr(keras.optimizers, optimizer)(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    loss_0 = model.evaluate(data.x_train, data.y_train, verbose=0, return_dict=True)["loss"]
    history = model.fit(data.x_train, data.y_train, epochs=8, batch_size=64, verbose=0)
    return (loss_0, *history.history["loss"])


@functools.cache
def _sweep(seed) -> pd.DataFrame:
    from course_utils import lr as lrtools

    return lrtools.lr_sweep(_data(), list(LEARNING_RATES), optimizers=("sgd", "adam"), epochs=8, batch_size=64,
                            seed=seed)


def _summary(seed) -> pd.DataFrame:
    from course_utils import lr as lrtools

    return lrtools.sweep_summary(_sweep(seed)).set_index(["optimizer", "learning_rate"])


def _losses(seed, optimizer, learning_rate) -> np.ndarray:
    sweep = _sweep(seed)
    return sweep.loc[(sweep["optimizer"] == optimizer) & (sweep["learning_rate"] == learning_rate), "loss"].to_numpy()


@functools.cache
def _range_test(seed) -> tuple:
    """The notebook's RangeTest callback run (reset_metrics before each batch): (frame, suggestion)."""
    import keras

    from course_utils import lr as lrtools

    class RangeTest(keras.callbacks.Callback):  # the notebook's callback, line for line
        def __init__(self, min_lr, max_lr, steps):
            super().__init__()
            self.min_lr, self.growth = min_lr, (max_lr / min_lr) ** (1 / (steps - 1))
            self.steps, self.rows = steps, []

        def on_train_batch_begin(self, batch, logs=None):
            self.model.optimizer.learning_rate = self.min_lr * self.growth ** len(self.rows)
            self.model.reset_metrics()

        def on_train_batch_end(self, batch, logs=None):
            self.rows.append({"learning_rate": float(self.model.optimizer.learning_rate), "loss": logs["loss"]})
            if len(self.rows) == self.steps:
                self.model.stop_training = True

    data = _data()
    model = _build_model(seed)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-5), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    range_test = RangeTest(1e-5, 10.0, 120)
    model.fit(data.x_train, data.y_train, epochs=8, batch_size=64, callbacks=[range_test], verbose=0)
    frame = pd.DataFrame(range_test.rows)
    frame["smoothed_loss"] = lrtools.smooth(frame["loss"], beta=0.9)
    return frame, lrtools.suggest_learning_rate(frame)


@functools.cache
def _helper(seed) -> tuple:
    from course_utils import lr as lrtools

    return lrtools.lr_range_test(_data(), optimizer="adam", min_lr=1e-5, max_lr=10.0, steps=120, batch_size=64,
                                 seed=seed)


def _same_seed_same_run(seed):
    a, b = _build_model(seed).get_weights(), _build_model(seed).get_weights()
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    _helper_same_run(seed)  # two model.fit runs from one seed: the same batch losses


def _same_start(seed):
    sweep = _sweep(seed)
    assert sweep.loc[sweep["epoch"] == 0, "loss"].nunique() == 1
    losses = _keras_run(seed, "SGD", 0.1)
    assert math.isclose(_summary(seed).loc[("sgd", 0.1), "start_loss"], losses[0], rel_tol=1e-5)


def _margins(seed):
    summary = _summary(seed)
    ratio, rise, verdict = summary["loss_ratio"], summary["largest_rise"], summary["verdict"]
    assert (ratio[verdict == "good"] < 1 / 10).all() and (ratio[verdict == "too small"] > 1 / 6).all()
    assert (rise[verdict == "too large"] > 1.05).all() and (rise[verdict.isin(["good", "too small"])] < 1).all()
    from course_utils import lr as lrtools

    assert lrtools.judge_run(_keras_run(seed, "SGD", 0.1)) == "good" == summary.loc[("sgd", 0.1), "verdict"]


def _too_small(seed):
    summary = _summary(seed)
    for (optimizer, lr), _row in summary[summary["verdict"] == "too small"].iterrows():
        assert np.all(np.diff(_losses(seed, optimizer, lr)) < 0), (optimizer, lr)
    assert summary.loc[("sgd", 1e-5), "final_loss"] > 0.99 * summary.loc[("sgd", 1e-5), "start_loss"]


def _good_bands(seed):
    verdict = _summary(seed)["verdict"]
    good = {name: [lr for lr in LEARNING_RATES if verdict[(name, lr)] == "good"] for name in ("sgd", "adam")}
    assert good == {"sgd": [0.1, 1.0], "adam": [0.01]}, good


def _too_large(seed):
    losses = _losses(seed, "adam", 0.1)
    assert _summary(seed).loc[("adam", 0.1), "verdict"] == "too large"
    assert losses[1] < losses[0] and np.any(losses[1:] > 1.01 * losses[:-1])


def _too_large_ends_low(seed):
    row = _summary(seed).loc[("adam", 0.1)]
    assert row["verdict"] == "too large" and row["loss_ratio"] < 1 / 5 and row["largest_rise"] > 1.05


def _sgd_overflows(seed):
    losses = _losses(seed, "sgd", 10.0)
    assert len(losses) == 3 and 1e20 < losses[1] < np.inf and not np.isfinite(losses[2])
    assert _summary(seed).loc[("sgd", 10.0), "verdict"] == "diverged"
    assert not np.isfinite(_summary(seed).loc[("sgd", 10.0), "final_loss"]), "the summary shows the last epoch"


def _sgd_good_then_overflow(seed):
    _sgd_overflows(seed)
    assert _summary(seed).loc[("sgd", 1.0), "verdict"] == "good"
    _too_large(seed)


def _adam_ends_above(seed):
    summary = _summary(seed)
    for lr in (1.0, 10.0):
        assert np.all(np.isfinite(_losses(seed, "adam", lr)))
        assert summary.loc[("adam", lr), "final_loss"] > summary.loc[("adam", lr), "start_loss"]
    assert summary.loc[("adam", 10.0), "final_loss"] > 100 * summary.loc[("adam", 10.0), "start_loss"]


def _adam_peak_first(seed):
    _adam_ends_above(seed)
    for lr in (1.0, 10.0):
        assert np.argmax(_losses(seed, "adam", lr)) == 1, lr


def _adam_accuracy(seed):
    summary = _summary(seed)
    assert all(summary.loc[("adam", lr), "final_accuracy"] > 0.9 for lr in (1.0, 10.0))


def _confident_mistakes(seed):
    summary = _summary(seed)
    for lr in (1.0, 10.0):
        right, loss = summary.loc[("adam", lr), "final_accuracy"], summary.loc[("adam", lr), "final_loss"]
        assert (loss - math.log(10) * right) / (1 - right) > 50, lr


def _range_shape(seed):
    frame = _range_test(seed)[0]
    smoothed = frame["smoothed_loss"].to_numpy()
    assert len(frame) == 120
    assert abs(smoothed[30] / smoothed[0] - 1) < 0.05, "first barely moves"
    assert smoothed.min() < 0.3 * smoothed[0], "then falls fast"
    assert frame["loss"].iloc[-1] > 100 * frame["loss"].min(), "then blows up"


def _helper_same_run(seed):
    """The reset_metrics callback and the helper (which undoes the running mean) give the same batch losses."""
    frame, suggestion = _range_test(seed)
    helper, helper_suggestion = _helper(seed)
    n = len(helper)
    assert n < len(frame) and np.allclose(helper["loss"], frame["loss"].iloc[:n], rtol=1e-4, atol=1e-4)
    assert helper["smoothed_loss"].iloc[-1] > 4 * helper["smoothed_loss"].min()
    assert math.isclose(helper_suggestion, suggestion)


def _running_mean_weighted(seed):
    """Keras's logs["loss"] (the helper's running_mean) = the batch-size-weighted mean of the epoch's own losses."""
    _helper_same_run(seed)
    own, helper = _range_test(seed)[0].iloc[: len(_helper(seed)[0])].copy(), _helper(seed)[0]
    own["epoch"], own["n"] = helper["epoch"].to_numpy(), helper["batch_size"].to_numpy()
    own["weighted"] = own["loss"] * own["n"]
    by_epoch = own.groupby("epoch")
    expected = by_epoch["weighted"].cumsum() / by_epoch["n"].cumsum()
    assert np.allclose(expected, helper["running_mean"], rtol=1e-4, atol=1e-4)
    unweighted = by_epoch["loss"].cumsum() / (by_epoch.cumcount() + 1)
    assert not np.allclose(unweighted, helper["running_mean"], rtol=1e-4, atol=1e-4)


def _shortcut_wrong_on_last(seed):
    helper = _helper(seed)[0]
    by_epoch = helper.groupby("epoch")
    k = by_epoch.cumcount() + 1
    error = (k * helper["running_mean"] - (k - 1) * by_epoch["running_mean"].shift(fill_value=0.0)
             - helper["loss"]).abs()
    last = helper["batch_size"] < 64
    assert set(helper.loc[last, "batch_size"]) == {53} and last.sum() >= 5
    assert (error[~last] < 1e-3).all() and error[last].max() > 0.05


def _running_mean_lags(seed):
    helper = _helper(seed)[0]
    ratio = helper["running_mean"] / helper["loss"]
    first = helper.groupby("epoch").cumcount() == 0
    assert np.allclose(ratio[first], 1.0) and ratio.max() > 3 and ratio.iloc[-1] < 0.5


def _about_to_blow_up(seed):
    smoothed = _range_test(seed)[0]["smoothed_loss"].to_numpy()
    low = int(np.argmin(smoothed))
    assert np.any(smoothed[low:low + 20] > 2 * smoothed[low]), "within 20 batches of the minimum it doubles"


def _suggestion_works(seed):
    from course_utils import lr as lrtools

    frame, suggestion = _range_test(seed)
    assert math.isclose(suggestion, frame.loc[frame["smoothed_loss"].idxmin(), "learning_rate"] / 10)
    verdict = _summary(seed).loc["adam", "verdict"]
    low, high = verdict[verdict == "too small"].index.max(), verdict[verdict.isin(["too large", "diverged"])].index.min()
    assert low < suggestion < high
    assert lrtools.judge_run(_keras_run(seed, "Adam", suggestion)) == "good"


def _forty_nine_over_fifty_one(_):
    assert math.isclose(abs(1 - 2 / 51), abs(1 - 50 * 2 / 51)) and math.isclose(1 - 2 / 51, 49 / 51)
    assert (49 / 51) ** 50 > 0.1, "fifty steps do not even shrink w1 tenfold"


def _exercise_1(_):
    assert abs(1 - 8 * 0.2499) < 1 and abs(1 - 8 * 0.2501) > 1


def _linear_ramp(_):
    assert np.allclose(np.diff(np.linspace(0.01, 0.1, 10)), (0.1 - 0.01) / 9)


CLAIMS = [
    Claim("you can find a good learning rate in one short run", _suggestion_works, code=RANGE_TEST + WITH_SUGGESTION),
    Claim("So gradient descent converges exactly when `0 < lr < 2/h`", _threshold, seeds=None),
    Claim("jumps between `w_0` and `-w_0` forever", _oscillates_at_two_over_h, seeds=None),
    Claim("lands on the minimum in one step", _one_step, seeds=None),
    Claim("`lr = 0.25` creeps in from one side; `lr = 0.5 = 1/h` lands on the minimum in one step; `lr = 0.8` "
          "jumps from side to side but the jumps shrink (factor `-0.6`); `lr = 1.05` jumps further every time "
          "(factor `-1.1`).", _four_examples, seeds=None, code=("examples = [0.25, 0.5, 0.8, 1.05]",)),
    Claim("just below `2/h` the iterates shrink, just above they grow.", _threshold, seeds=None,
          code=("limit * (1 - 1e-3)", "limit * (1 + 1e-3)")),
    Claim("above `2/h2 = 0.2` the `w2` coordinate diverges", _bowl_cap, seeds=None),
    Claim("each step multiplies `w1` by at least `1 - 0.2 h1 = 0.8`", _flat_pace, seeds=None),
    Claim("shrinks by at most 20% per step, whatever the learning rate.", _flat_pace, seeds=None),
    Claim("(the *condition number*, 조건수), the slower even the best single learning rate.", _condition_number,
          seeds=None),
    Claim("it makes `|1 - lr h1|` and `|1 - lr h2|` equal, which gives `lr = 2/(h1 + h2) = 2/11`.", _best_single_rate,
          seeds=None),
    Claim("With `lr = 0.05` the path slides smoothly but slowly along the flat `w1` direction. With `lr = 0.18` it "
          "zig-zags across the steep `w2` direction (factor `-0.8`) and still ends closest to the minimum of the "
          "three. With `lr = 0.21`, just above `2/h2`, the zig-zag grows and the path leaves the plotted region, "
          "although the flat direction alone would converge for any `lr < 2/h1 = 2`.", _three_bowl_paths, seeds=None,
          code=("bowl_lrs = [0.05, 0.18, 0.21]",)),
    Claim("The threshold is exact for full-batch gradient descent on a quadratic, and the largest curvature sets it.",
          _bowl_cap, seeds=None),
    # section 2
    Claim("The data are scikit-learn's 8×8 handwritten digits, loaded by `cu.load_digits_split(seed=0)`: 1077 "
          "training images, each 64 pixels standardized with the training statistics.", _data_split, seeds=None),
    Claim("*Diverged* is the rule's name for a run that hit NaN or ended worse than it started; its loss need not "
          "grow without bound.", _diverged_label, seeds=None),
    Claim('Each value in `history.history["loss"]` is the mean of one epoch\'s batch losses, each computed with the '
          "weights of that moment, while they change.", _history_is_batch_mean),
    Claim("its thresholds leave wide margins (checked below)", _margins, code=SWEEP + KERAS_RUN),
    Claim("so the same seed gives the same run", _same_seed_same_run, code=KERAS_RUN),
    Claim("All runs of one optimizer start from the same weights and see the same batches", _same_start,
          code=SWEEP + KERAS_RUN),
    Claim("No run sits close to a threshold of the rule", _margins, code=SWEEP),
    Claim("the loss fell at every epoch, only not far enough in 8 epochs.", _too_small, code=SWEEP),
    Claim("lowered it by less than 1%", _too_small, code=SWEEP),
    Claim("on this grid of powers of ten, two rates were good for SGD (`0.1` and `1`) and one for Adam (`1e-2`).",
          _good_bands, code=SWEEP),
    Claim("its step is roughly bounded by `lr` whatever the gradient's scale (about `lr` when the gradient keeps its "
          "sign, smaller when it is noisy).", _adam_step_bounded),
    Claim("is Adam at `0.1`: the loss falls, then rises again from one epoch to the next.", _too_large, code=SWEEP),
    Claim("SGD at `10` overflows within two epochs: its mean loss over epoch 1 is finite but astronomically large, "
          "and in epoch 2 it overflows to infinity or NaN, which stops the run.", _sgd_overflows, code=SWEEP),
    Claim("Adam at `1` and `10` never overflows, but its loss ends above where it started,", _adam_ends_above,
          code=SWEEP),
    Claim("at the largest rate more than 100 times above.", _adam_ends_above, code=SWEEP),
    Claim("Adam at `0.1` still ends below 1/5 of its start: by its last loss alone it could pass for good. The rule "
          "calls it too large because its loss rose between epochs", _too_large_ends_low, code=SWEEP),
    Claim("Adam at `1` and `10`: the loss is highest after the first epoch and then does not keep growing.",
          _adam_peak_first, code=SWEEP),
    Claim("Yet in the last epoch over 90% of the training images were classified right (the epoch's mean training "
          "accuracy).", _adam_accuracy, code=SWEEP),
    Claim("The few wrong answers are made with enormous confidence: their average loss is above 50", _confident_mistakes,
          code=SWEEP),
    # section 3
    Claim("the 1077 training images make 16 batches of 64 and one of 53 per epoch, so 120 steps are seven epochs and "
          "one batch.", _range_test_length, seeds=None),
    Claim("The loss first barely moves, then falls fast, then blows up.", _range_shape, code=RANGE_TEST),
    Claim("it is the **running mean (누적 평균)** of the loss since the start of the epoch. Call "
          '`self.model.reset_metrics()` before each batch, and `logs["loss"]` at the batch\'s end is that batch\'s '
          "own loss.", _running_mean_weighted, code=RANGE_TEST + HELPER),
    Claim("at the lowest point the loss is about to blow up", _about_to_blow_up, code=RANGE_TEST),
    Claim("It should also fall between the learning rates the sweep judged too small and too large for Adam.",
          _suggestion_works, code=RANGE_TEST + WITH_SUGGESTION + SWEEP),
    Claim("it also stops once the smoothed loss passes 4 times its lowest value, which here leaves the suggestion "
          "unchanged.", _helper_same_run, code=RANGE_TEST + HELPER),
    Claim("The mean is weighted by batch size", _running_mean_weighted, code=RANGE_TEST + HELPER),
    Claim("The shortcut `l_k = k m_k - (k-1) m_(k-1)` assumes equal batches, and the last batch of an epoch is "
          "smaller (53 images here).", _shortcut_wrong_on_last, code=HELPER),
    Claim("The running mean lags behind the batch losses. While they fall, it lags above them (at one step more than "
          "3 times above) and drops only when the next epoch restarts it; when they blow up, it lags below them (at "
          "the last step less than half the batch loss).", _running_mean_lags, code=HELPER),
    Claim("One short run of 120 batches found a learning rate inside the band that the sweep needed seven runs of 8 "
          "epochs to map.", _suggestion_works, code=RANGE_TEST + WITH_SUGGESTION + SWEEP),
    # key points
    Claim("multiplies `w` by `1 - lr h` per step: it converges exactly when `0 < lr < 2/h` and lands in one step at "
          "`lr = 1/h`.", _threshold, seeds=None),
    Claim("the steepest caps the learning rate at `2/h_max` and the flattest limits the pace.", _three_bowl_paths,
          seeds=None),
    Claim('judge `history.history["loss"]` by a rule stated in advance.', _history_loss, seeds=None),
    Claim("On the digits, SGD was good at `0.1` and `1`, Adam at `1e-2`", _good_bands, code=SWEEP),
    Claim("Adam at `0.1` was too large; SGD went from good at `1` to an overflow at `10`.", _sgd_good_then_overflow,
          code=SWEEP),
    Claim("The LR range test finds a good learning rate in one short run", _suggestion_works,
          code=RANGE_TEST + WITH_SUGGESTION),
    Claim("the suggestion is a tenth of the rate at the smoothed minimum.", _suggestion_works,
          code=RANGE_TEST + WITH_SUGGESTION),
    # solutions
    Claim("`|1 - 8 lr| < 1` exactly when `0 < lr < 2/8`.", _exercise_1, seeds=None),
    Claim("Then both shrink by the factor `49/51` per step: with a condition number of 50, even the best learning "
          "rate is slow.", _forty_nine_over_fifty_one, seeds=None),
    Claim("From the first to the last of `steps` batches the rate rises `steps - 1` times.", _linear_ramp, seeds=None),
]


# --------------------------------------------------------------------------------------
# exercises
# --------------------------------------------------------------------------------------

def _linear_range_test(kind: str = "solution"):
    """The learner's LinearRangeTest: the solution, or a typical mistake."""
    import keras

    class LinearRangeTest(keras.callbacks.Callback):
        def __init__(self, min_lr, max_lr, steps):
            super().__init__()
            self.min_lr, self.max_lr, self.steps = min_lr, max_lr, steps
            self.batches_done = 0

        def on_train_batch_begin(self, batch, logs=None):
            k = batch if kind == "batch index" else self.batches_done
            if kind == "exponential":
                rate = self.min_lr * (self.max_lr / self.min_lr) ** (k / (self.steps - 1))
            elif kind == "steps increments":
                rate = self.min_lr + k * (self.max_lr - self.min_lr) / self.steps
            else:
                rate = self.min_lr + k * (self.max_lr - self.min_lr) / (self.steps - 1)
            if kind != "no rate":
                self.model.optimizer.learning_rate = rate

        def on_train_batch_end(self, batch, logs=None):
            self.batches_done += 1
            if self.batches_done >= self.steps and kind != "never stops":
                self.model.stop_training = True

    return LinearRangeTest


EXERCISES = {
    "1": ExerciseCases(
        solution=Case(lambda: (2 / 8,)),
        wrong=[Case(lambda: (1 / 8,), "that is 1/h"),
               Case(lambda: (0.2,), "still converges: the threshold is larger"),
               Case(lambda: (2.0,), "diverges: the threshold is smaller"),
               Case(lambda: (0.3,), "diverges: the threshold is smaller"),
               Case(lambda: (0,), "w never moves"),
               Case(lambda: (-0.25,), "goes uphill"),
               Case(lambda: ("0.25",), "should be a number")],
    ),
    "2": ExerciseCases(
        solution=Case(lambda: (2 / 51,)),
        wrong=[Case(lambda: (2 / 50,), "at exactly 2/50 it jumps back and forth forever"),
               Case(lambda: (0.0399,), "the steep factor |1 - 50 lr|, sets the pace"),
               Case(lambda: (0.0396,), "the steep factor |1 - 50 lr|, sets the pace"),
               Case(lambda: (0.0395,), "the steep factor |1 - 50 lr|, sets the pace"),
               Case(lambda: (1 / 50,), "the flat factor |1 - lr|"),
               Case(lambda: (2 / 11,), "is not below 1")],
    ),
    "3": ExerciseCases(
        solution=Case(lambda: (_linear_range_test(),)),
        wrong=[Case(lambda: (_linear_range_test("exponential"),), "constant factor"),
               Case(lambda: (_linear_range_test("batch index"),), "`batch` counts from 0 in every epoch"),
               Case(lambda: (_linear_range_test("steps increments"),), "increments"),
               Case(lambda: (_linear_range_test("never stops"),), "self.model.stop_training = True"),
               Case(lambda: (_linear_range_test("no rate"),), "the learning rate never changed")],
    ),
}
