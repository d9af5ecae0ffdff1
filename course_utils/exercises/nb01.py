"""Answer key for ``01_learning_rate_too_small_too_large.ipynb``: 2/h, the best rate in a bowl, Smith's range test."""

from __future__ import annotations

import functools

import numpy as np

from . import Unanswered, close, compare_number, exercise


@exercise("1", reveals=("max_stable_learning_rate", "2 / 8", "2/8", "0.25"))
def check_1(answer):
    """The learning rate above which gradient descent on E(w) = 8 w^2 / 2 diverges: 2/h."""
    problems = compare_number(answer, 2 / 8, "your threshold")
    if problems and not isinstance(answer, bool) and isinstance(answer, (int, float, np.number)):
        lr, q = float(answer), 1 - 8 * float(answer)
        if lr <= 0:
            moves = "w never moves" if lr == 0 else f"every step goes uphill and multiplies w by {q:.3g}"
            return [f"at lr = {lr:g} the factor 1 - 8 lr is {q:.3g}: {moves}. The threshold is a positive "
                    "learning rate: find where the factor 1 - 8 lr reaches -1"]
        if close(answer, 1 / 8):
            return ["that is 1/h, where one step lands exactly on the minimum (factor 1 - lr h = 0); "
                    "the iterates only grow once the factor 1 - lr h passes -1"]
        side = "still converges: the threshold is larger" if abs(q) < 1 else "diverges: the threshold is smaller"
        return [f"at lr = {lr:g} one step multiplies w by 1 - 8 lr = {q:.3g}, so gradient descent {side}. "
                "Find where the factor reaches -1"]
    return problems


@exercise("2", reveals=("2 / (1 + 50)", "2 / 51", "2/51", "0.0392", "0.039"))
def check_2(answer):
    """The fixed learning rate that converges fastest on (w1^2 + 50 w2^2) / 2: 2 / (1 + 50)."""
    problems = compare_number(answer, 2 / 51, "your learning rate", rel=3e-3)
    if problems and not isinstance(answer, bool) and isinstance(answer, (int, float, np.number)):
        lr, flat, steep = float(answer), abs(1 - float(answer)), abs(1 - 50 * float(answer))
        if steep >= 1:
            return [f"at lr = {lr:g} the steep factor |1 - 50 lr| = {steep:.3g} is not below 1: w2 never settles "
                    "(at exactly 2/50 it jumps back and forth forever). Stay below 2/h2"]
        slower = "flat factor |1 - lr|" if flat > steep else "steep factor |1 - 50 lr|"
        return [f"at lr = {lr:g} the flat factor |1 - lr| is {flat:.4g} and the steep factor |1 - 50 lr| is "
                f"{steep:.4g}; the larger one, the {slower}, sets the pace. Choose lr so that both are equal"]
    return problems


def _stub(self, batch, logs=None):
    ...


@exercise("3", reveals=("self.steps - 1", "stop_training = True", "batches_done += 1"))
def check_3(callback_class):
    """Fit a tiny model with the learner's LinearRangeTest(min_lr, max_lr, steps); read the rate before each batch."""
    import keras

    if all(getattr(callback_class, m).__code__.co_code == _stub.__code__.co_code
           for m in ("on_train_batch_begin", "on_train_batch_end")):
        raise Unanswered  # both methods still hold only `...`
    min_lr, max_lr, steps, batch_size, epochs = 0.01, 0.1, 10, 8, 3  # 6 batches per epoch: the ramp spans epochs
    x, y = np.random.default_rng(0).normal(size=(48, 4)).astype("float32"), np.arange(48) % 3
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, "softmax", kernel_initializer="zeros")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss="sparse_categorical_crossentropy")
    rates, near = [], functools.partial(close, rel=1e-4)  # the optimizer keeps its learning rate as a float32

    class Probe(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            rates.append(float(self.model.optimizer.learning_rate))

    callback = callback_class(min_lr, max_lr, steps)
    if not isinstance(callback, keras.callbacks.Callback):
        return ["LinearRangeTest must subclass keras.callbacks.Callback"]
    model.fit(x, y, epochs=epochs, batch_size=batch_size, callbacks=[callback, Probe()], verbose=0, shuffle=False)
    rates = np.array(rates)
    changed, stopped = not near(rates, np.ones_like(rates)), len(rates) < epochs * len(x) // batch_size
    if not changed and not stopped:
        raise Unanswered
    problems = []
    if not stopped:
        problems.append(f"training ran all {len(rates)} batches: after `steps` = {steps} batches set "
                        "self.model.stop_training = True in on_train_batch_end")
    elif len(rates) != steps:
        problems.append(f"training stopped after {len(rates)} batches, expected `steps` = {steps}")
    if not changed:
        return problems + ["the learning rate never changed: set self.model.optimizer.learning_rate "
                           "in on_train_batch_begin"]
    expected, got = np.linspace(min_lr, max_lr, steps), rates[:steps]
    if len(got) > 6 and near(got[6], got[0]) and not near(got[6], expected[6]):
        problems.append("the rate starts over at batch 7, the first batch of the second epoch: `batch` counts "
                        "from 0 in every epoch, so count the batches yourself")
    elif not near(got[0], min_lr):
        problems.append(f"the first batch ran at {got[0]:.4g}, expected min_lr = {min_lr:g}")
    elif len(got) > 2 and near(got[2] / got[1], got[1] / got[0]) and not near(got[2] - got[1], got[1] - got[0]):
        problems.append("your rate grows by a constant factor (an exponential ramp, as in fastai's lr_find); "
                        "Smith's test adds the same amount before every batch")
    elif len(got) == steps and near(np.diff(got), np.full(steps - 1, got[1] - got[0])) and not near(got[-1], max_lr):
        problems.append(f"your rate at batch {steps} is {got[-1]:.4g}, expected max_lr = {max_lr:g}: "
                        f"from the first to the last of {steps} batches there are {steps} - 1 increments")
    elif not near(got, expected[: len(got)]):
        k = int(np.argmax(~np.isclose(got, expected[: len(got)], rtol=1e-4)))  # the first wrong batch
        problems.append(f"before batch {k + 1} the rate was {got[k]:.4g}, expected {expected[k]:.4g}")
    return problems
