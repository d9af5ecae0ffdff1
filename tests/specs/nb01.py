"""What 01_learning_rate_too_small_too_large.ipynb must show and may claim (see tests/specs/__init__.py).

Section 1 is NumPy arithmetic (claims checked once, ``seeds=None``). Sections 2 and 3 re-run the
notebook's experiments for each seed, cached so that several claims share one run: the Keras run
(``build_model(seed)``, SGD at 0.1, 8 epochs of batches of 64), the sweep (``lrtools.lr_sweep``
with seven learning rates, SGD and Adam), the range test written as a callback (Adam, ``1e-5`` to
``10`` over 120 batches of 32) and the Keras run with its suggestion. The seed sets the starting
weights and the batch order; the data split is the notebook's (``load_digits_split(seed=0)``).
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
    'model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy"',
    "model.evaluate(x_train, y_train, verbose=0)",
    "history = model.fit(x_train, y_train, epochs=8, batch_size=64, verbose=0)",
    'history.history["loss"]',
    "class RangeTest(keras.callbacks.Callback):",
    "def on_train_batch_begin(self, batch, logs=None):",
    "self.model.optimizer.learning_rate = self.min_lr * self.growth ** len(self.rows)",
    'loss = (seen * logs["loss"] - self.seen * self.mean) / n_k',
    "self.model.stop_training = True",
    "callbacks=[range_test]",
    "keras.optimizers.Adam(learning_rate=suggestion)",
]

LEARNING_RATES = (1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0)
SWEEP = ("LEARNING_RATES = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0]",
         'sweep = lrtools.lr_sweep(data, LEARNING_RATES, optimizers=("sgd", "adam"), epochs=8, batch_size=64,')
KERAS_RUN = ("model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1)",
             "history = model.fit(x_train, y_train, epochs=8, batch_size=64, verbose=0)")
RANGE_TEST = ("range_test = RangeTest(min_lr=1e-5, max_lr=10.0, steps=120, batch_size=32, n_samples=len(x_train))",
              "history = model.fit(x_train, y_train, epochs=4, batch_size=32, callbacks=[range_test], verbose=0)",
              'range_frame["smoothed_loss"] = lrtools.smooth(range_frame["loss"], beta=0.9)')
HELPER = ('lrtools.lr_range_test(data, optimizer="adam", min_lr=1e-5, max_lr=10.0,',)
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
    assert n == 1077 and n == 33 * 32 + 21 and steps_per_epoch(n, 32) == 34
    assert round(120 / 34, 1) == 3.5 and 120 < 4 * 34


def _adam_step_is_lr(_):
    import keras

    for g in (1e-3, 1.0, 1e3):
        w = keras.Variable(np.zeros(1, dtype="float32"))
        optimizer = keras.optimizers.Adam(learning_rate=0.01)
        for _step in range(3):
            before = float(w.numpy()[0])
            optimizer.apply([keras.ops.convert_to_tensor([g], dtype="float32")], [w])
            assert math.isclose(before - float(w.numpy()[0]), 0.01, rel_tol=1e-2), g


def _history_loss(_):
    import keras

    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
    x, y = np.random.default_rng(0).normal(size=(20, 4)).astype("float32"), np.arange(20) % 3
    history = model.fit(x, y, epochs=3, batch_size=8, verbose=0)
    assert len(history.history["loss"]) == 3


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
    loss_0 = model.evaluate(data.x_train, data.y_train, verbose=0)[0]
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
    """The notebook's RangeTest callback run: (frame, history losses per epoch, suggestion)."""
    import keras

    from course_utils import lr as lrtools

    class RangeTest(keras.callbacks.Callback):  # the notebook's callback, line for line
        def __init__(self, min_lr, max_lr, steps, batch_size, n_samples):
            super().__init__()
            self.min_lr, self.growth = min_lr, (max_lr / min_lr) ** (1 / (steps - 1))
            self.steps, self.batch_size, self.n_samples = steps, batch_size, n_samples
            self.rows = []

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch, self.seen, self.mean = epoch + 1, 0, 0.0

        def on_train_batch_begin(self, batch, logs=None):
            self.model.optimizer.learning_rate = self.min_lr * self.growth ** len(self.rows)

        def on_train_batch_end(self, batch, logs=None):
            n_k = min(self.batch_size, self.n_samples - self.seen)
            seen = self.seen + n_k
            loss = (seen * logs["loss"] - self.seen * self.mean) / n_k
            self.rows.append({"epoch": self.epoch, "learning_rate": float(self.model.optimizer.learning_rate),
                              "batch_size": n_k, "running_mean": logs["loss"], "loss": loss})
            self.seen, self.mean = seen, logs["loss"]
            if len(self.rows) == self.steps:
                self.model.stop_training = True

    data = _data()
    model = _build_model(seed)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-5), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    range_test = RangeTest(1e-5, 10.0, 120, 32, len(data.x_train))
    history = model.fit(data.x_train, data.y_train, epochs=4, batch_size=32, callbacks=[range_test], verbose=0)
    frame = pd.DataFrame(range_test.rows)
    frame["smoothed_loss"] = lrtools.smooth(frame["loss"], beta=0.9)
    return frame, history.history["loss"], lrtools.suggest_learning_rate(frame)


def _same_seed_same_run(seed):
    a, b = _build_model(seed).get_weights(), _build_model(seed).get_weights()
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    _helper_same_run(seed)  # two model.fit runs from one seed: the same batch losses


def _keras_run_good_and_sweep_agrees(seed):
    from course_utils import lr as lrtools

    losses = _keras_run(seed, "SGD", 0.1)
    assert lrtools.judge_run(losses) == "good"
    summary = _summary(seed)
    assert math.isclose(summary.loc[("sgd", 0.1), "start_loss"], losses[0], rel_tol=1e-5)
    assert summary.loc[("sgd", 0.1), "verdict"] == "good"


def _same_start(seed):
    sweep = _sweep(seed)
    assert sweep.loc[sweep["epoch"] == 0, "loss"].nunique() == 1


def _margins(seed):
    summary, sweep = _summary(seed), _sweep(seed)
    ratio, verdict = summary["final_loss"] / summary["start_loss"], summary["verdict"]
    rise = sweep[sweep["verdict"] != "diverged"].groupby(["optimizer", "learning_rate"])["loss"].apply(
        lambda s: np.max(s.to_numpy()[1:] / s.to_numpy()[:-1]))
    assert (ratio[verdict == "good"] < 1 / 10).all() and (ratio[verdict == "too small"] > 1 / 6).all()
    assert (rise[verdict == "too large"] > 1.05).all() and (rise[verdict.isin(["good", "too small"])] < 1).all()


def _too_small(seed):
    summary = _summary(seed)
    for (optimizer, lr), _row in summary[summary["verdict"] == "too small"].iterrows():
        assert np.all(np.diff(_losses(seed, optimizer, lr)) < 0), (optimizer, lr)
    assert summary.loc[("sgd", 1e-5), "final_loss"] > 0.99 * summary.loc[("sgd", 1e-5), "start_loss"]


def _good_bands(seed):
    verdict = _summary(seed)["verdict"]
    good = {name: [lr for lr in LEARNING_RATES if verdict[(name, lr)] == "good"] for name in ("sgd", "adam")}
    assert good == {"sgd": [0.1, 1.0], "adam": [0.01]}, good
    for rates in good.values():  # contiguous on the grid: one or two decades
        assert 1 <= len(rates) <= 2 and all(math.isclose(b / a, 10) for a, b in zip(rates, rates[1:]))


def _too_large(seed):
    losses = _losses(seed, "adam", 0.1)
    assert _summary(seed).loc[("adam", 0.1), "verdict"] == "too large"
    assert losses[1] < losses[0] and np.any(losses[1:] > 1.01 * losses[:-1])


def _sgd_overflows(seed):
    losses = _losses(seed, "sgd", 10.0)
    assert len(losses) == 3 and 1e20 < losses[1] < np.inf and not np.isfinite(losses[2])
    assert _summary(seed).loc[("sgd", 10.0), "verdict"] == "diverged"


def _adam_ends_above(seed):
    summary = _summary(seed)
    for lr in (1.0, 10.0):
        assert np.all(np.isfinite(_losses(seed, "adam", lr)))
        assert summary.loc[("adam", lr), "final_loss"] > summary.loc[("adam", lr), "start_loss"]
    assert summary.loc[("adam", 10.0), "final_loss"] > 100 * summary.loc[("adam", 10.0), "start_loss"]


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
    assert abs(smoothed[30] / smoothed[0] - 1) < 0.05, "first barely moves"
    assert smoothed.min() < 0.3 * smoothed[0], "then falls fast"
    assert frame["loss"].iloc[-1] > 100 * frame["loss"].min(), "then blows up"


def _running_mean_weighted(seed):
    frame, history_losses, _ = _range_test(seed)
    weighted = [np.average(e["loss"], weights=e["batch_size"]) for _, e in frame.groupby("epoch")]
    assert np.allclose(weighted, history_losses, rtol=1e-4)


def _shortcut_wrong_on_last(seed):
    frame = _range_test(seed)[0]
    by_epoch = frame.groupby("epoch")
    k = by_epoch.cumcount() + 1
    shortcut = k * frame["running_mean"] - (k - 1) * by_epoch["running_mean"].shift(fill_value=0.0)
    wrong = ~np.isclose(shortcut, frame["loss"], rtol=1e-3, atol=1e-3)
    assert (wrong == (frame["batch_size"] < 32)).all() and wrong.sum() == 3


def _running_mean_hides(seed):
    from course_utils import lr as lrtools

    frame = _range_test(seed)[0]
    assert frame["loss"].iloc[-1] > 2 * frame["running_mean"].iloc[-1]
    mean_curve = frame.assign(smoothed_loss=lrtools.smooth(frame["running_mean"]))
    assert lrtools.suggest_learning_rate(mean_curve) > lrtools.suggest_learning_rate(frame)


def _about_to_blow_up(seed):
    smoothed = _range_test(seed)[0]["smoothed_loss"].to_numpy()
    low = int(np.argmin(smoothed))
    assert np.any(smoothed[low:low + 20] > 2 * smoothed[low]), "within 20 batches of the minimum it doubles"


@functools.cache
def _helper(seed) -> tuple:
    from course_utils import lr as lrtools

    return lrtools.lr_range_test(_data(), optimizer="adam", min_lr=1e-5, max_lr=10.0, steps=120, batch_size=32,
                                 seed=seed)


def _helper_same_run(seed):
    frame, _, suggestion = _range_test(seed)
    helper, helper_suggestion = _helper(seed)
    n = len(helper)
    assert n < len(frame) and np.allclose(helper["loss"], frame["loss"].iloc[:n], rtol=1e-5)
    assert helper["smoothed_loss"].iloc[-1] > 4 * helper["smoothed_loss"].min()
    assert math.isclose(helper_suggestion, suggestion)


def _suggestion_works(seed):
    from course_utils import lr as lrtools

    frame, _, suggestion = _range_test(seed)
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
    Claim("find a good learning rate in one short run", _suggestion_works, code=RANGE_TEST + WITH_SUGGESTION),
    Claim("So gradient descent converges exactly when `0 < lr < 2/h`", _threshold, seeds=None),
    Claim("jumps between `w_0` and `-w_0` forever", _oscillates_at_two_over_h, seeds=None),
    Claim("lands on the minimum in one step", _one_step, seeds=None),
    Claim("`lr = 0.25` creeps in from one side; `lr = 0.5 = 1/h` lands on the minimum in one step; `lr = 0.8` "
          "jumps from side to side but the jumps shrink (factor `-0.6`); `lr = 1.05` jumps further every time "
          "(factor `-1.1`).", _four_examples, seeds=None, code=("examples = [0.25, 0.5, 0.8, 1.05]",)),
    Claim("just below `2/h` the iterates shrink, just above they grow.", _threshold, seeds=None,
          code=("limit * (1 - 1e-3)", "limit * (1 + 1e-3)")),
    Claim("above `2/h2 = 0.2` the `w2` coordinate diverges", _bowl_cap, seeds=None),
    Claim("shrinks by at most 20% per step", _flat_pace, seeds=None),
    Claim("each step multiplies `w1` by at least `1 - 0.2 h1 = 0.8`", _flat_pace, seeds=None),
    Claim("the *condition number*, 조건수), the slower the flat direction.", _condition_number, seeds=None),
    Claim("it makes `|1 - lr h1|` and `|1 - lr h2|` equal, which gives `lr = 2/(h1 + h2) = 2/11`.", _best_single_rate,
          seeds=None),
    Claim("With `lr = 0.05` the path slides smoothly but slowly along the flat `w1` direction. With `lr = 0.18` it "
          "zig-zags across the steep `w2` direction (factor `-0.8`) and still ends closest to the minimum of the "
          "three. With `lr = 0.21`, just above `2/h2`, the zig-zag grows and the path leaves the bowl, although the "
          "flat direction alone would converge for any `lr < 2/h1 = 2`.", _three_bowl_paths, seeds=None,
          code=("bowl_lrs = [0.05, 0.18, 0.21]",)),
    Claim("The threshold is exact for full-batch gradient descent on a quadratic, and the largest curvature sets it.",
          _bowl_cap, seeds=None),
    Claim("so the same seed gives the same run", _same_seed_same_run, code=KERAS_RUN),
    Claim("All runs of one optimizer start from the same weights and see the same batches", _same_start, code=SWEEP),
    Claim("No run sits close to a threshold of the rule", _margins, code=SWEEP),
    Claim("the loss fell at every epoch, only not far enough in 8 epochs.", _too_small, code=SWEEP),
    Claim("lowered it by less than 1%", _too_small, code=SWEEP),
    Claim("is a band one or two decades wide, and it is", _good_bands, code=SWEEP),
    Claim("SGD was good at `0.1` and `1`, Adam only at `1e-2`.", _good_bands, code=SWEEP),
    Claim("so its step is about `lr` whatever the gradient's scale.", _adam_step_is_lr, seeds=None),
    Claim("is Adam at `0.1`: the loss falls, then rises again from one epoch to the next", _too_large, code=SWEEP),
    Claim("SGD at `10` overflows within two epochs: its mean loss over epoch 1 is finite but astronomically large, "
          "and in epoch 2 it overflows to infinity or NaN, which stops the run.", _sgd_overflows, code=SWEEP),
    Claim("Adam at `1` and `10` never overflows, but its loss ends above where it started,", _adam_ends_above,
          code=SWEEP),
    Claim("at the largest rate more than 100 times above.", _adam_ends_above, code=SWEEP),
    Claim("Yet over 90% of the training images are still classified right.", _adam_accuracy, code=SWEEP),
    Claim("The few wrong answers are made with enormous confidence: their average loss is above 50", _confident_mistakes,
          code=SWEEP),
    Claim("3.5 epochs in batches of 32", _range_test_length, seeds=None),
    Claim("The loss first barely moves, then falls fast, then blows up.", _range_shape, code=RANGE_TEST),
    Claim("the loss since the start of the epoch, weighted by batch size.", _running_mean_weighted, code=RANGE_TEST),
    Claim("the 1077 training images make 33 batches of 32 and one of 21.", _range_test_length, seeds=None),
    Claim("The shortcut `l_k = k m_k - (k-1) m_(k-1)` assumes equal batches", _shortcut_wrong_on_last,
          code=RANGE_TEST),
    Claim("The running mean restarts at each epoch and drags every blow-up down with the batches before it; plotted "
          "against the learning rate, its lowest point comes at a larger learning rate than that of the batch "
          "losses.", _running_mean_hides, code=RANGE_TEST),
    Claim("at the lowest point the loss is about to blow up", _about_to_blow_up, code=RANGE_TEST),
    Claim("It also stops once the smoothed loss passes 4 times its lowest value, which leaves the suggestion",
          _helper_same_run, code=RANGE_TEST + HELPER),
    Claim("The same seed gives the same run", _helper_same_run, code=RANGE_TEST + HELPER),
    Claim("It should also fall between the learning rates the sweep judged too small and too large for Adam.",
          _suggestion_works, code=RANGE_TEST + WITH_SUGGESTION + SWEEP),
    Claim("One short run of 120 batches, fewer than four epochs, found a learning rate inside the band that the "
          "sweep needed seven runs of 8 epochs to map.", _suggestion_works, code=RANGE_TEST + WITH_SUGGESTION + SWEEP),
    # key points
    Claim("gradient descent multiplies `w` by `1 - lr h` per step: it converges exactly when `0 < lr < 2/h`",
          _threshold, seeds=None),
    Claim("the steepest one (largest curvature) caps the learning rate at `2/h_max`, and the flattest one then sets "
          "the pace", _three_bowl_paths, seeds=None),
    Claim('`history.history["loss"]` holds the loss per epoch that the verdict reads.', _history_loss, seeds=None),
    Claim("On the digits the good band was one or two decades wide and depended on the optimizer: SGD was good at "
          "`0.1` and `1`, Adam at `1e-2`.", _good_bands, code=SWEEP),
    Claim("a tenth of the rate at the smoothed minimum is the suggestion", _suggestion_works,
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
               Case(lambda: (0.2,), "still converges"),
               Case(lambda: (2.0,), "already diverges"),
               Case(lambda: ("0.25",), "should be a number")],
    ),
    "2": ExerciseCases(
        solution=Case(lambda: (2 / 51,)),
        wrong=[Case(lambda: (2 / 50,), "at exactly 2/50 it jumps back and forth forever"),
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
