"""What 00_start_here.ipynb must show and may claim (see tests/specs/__init__.py).

The notebook's experiment is the first model (Input 64 -> Dense 64 ReLU -> Dense 10 softmax,
Adam, batch 32, 20 epochs) at learning_rate 1e-3 (section 3) and 1.0 (exercise 3's solution).
The checks re-run it for every seed from ``keras.utils.set_random_seed(seed)`` with
``course_utils.training.fast_fit`` (model.fit's arithmetic, one compiled model re-used), once
per seed for all the claims about it; the claims about the runs that are most seed-dependent
(the untrained loss, the run at 1.0) are checked over ten seeds.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from . import Case, Claim, ExerciseCases, load

NOTEBOOK = "00_start_here.ipynb"

KERAS_LINES = [
    "keras.utils.set_random_seed(0)",
    "model = keras.Sequential([",
    "keras.Input(shape=(64,))",
    'keras.layers.Dense(64, activation="relu", name="hidden")',
    'keras.layers.Dense(10, activation="softmax", name="output")',
    "model.compile(",
    "optimizer=keras.optimizers.Adam(learning_rate=1e-3)",
    'loss="sparse_categorical_crossentropy"',
    'metrics=["accuracy"]',
    "history = model.fit(",
    "validation_data=(data.x_val, data.y_val)",
    "epochs=20, batch_size=32, verbose=0",
    "pd.DataFrame(history.history)",
    "cu.plot_history(history",
    "model.evaluate(data.x_train, data.y_train, verbose=0)",
    "model.evaluate(data.x_test, data.y_test, verbose=0)",
    "keras.optimizers.Adam(learning_rate=np.float32(1e-3))",
]

FIRST_MODEL = ('keras.layers.Dense(64, activation="relu", name="hidden")',
               'keras.layers.Dense(10, activation="softmax", name="output")',
               "optimizer=keras.optimizers.Adam(learning_rate=1e-3)", "epochs=20, batch_size=32, verbose=0")
LARGE = ("optimizer=keras.optimizers.Adam(learning_rate=1.0)", "epochs=20, batch_size=32, verbose=0")
TEN = tuple(range(10))


# --------------------------------------------------------------------------------------
# the experiments, cached so that several claims share one run
# --------------------------------------------------------------------------------------

@functools.cache
def _data(seed: int = 0, scale: str = "standard"):
    from course_utils import load_digits_split

    return load_digits_split(seed=seed, scale=scale)


def _build():
    import keras

    return keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(64, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


@functools.lru_cache(maxsize=1)
def _compiled():
    import keras

    model = _build()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def _norm(weights) -> float:
    return float(np.sqrt(sum(np.sum(np.square(w)) for w in weights)))


@functools.cache
def _first_model(seed: int) -> dict:
    """{learning_rate: what the notebook measures} for the first model at 1e-3 and 1.0, from the same weights."""
    import keras

    from course_utils.training import fast_fit, reset_optimizer

    data = _data()
    keras.utils.set_random_seed(seed)
    start = _build().get_weights()
    model = _compiled()
    runs = {}
    for lr in (1e-3, 1.0):
        model.set_weights(start)
        reset_optimizer(model.optimizer, lr)
        untrained_loss, untrained_accuracy = model.evaluate(data.x_train, data.y_train, verbose=0)
        frame = fast_fit(model, data.x_train, data.y_train, epochs=20, batch_size=32,
                         validation_data=(data.x_val, data.y_val), seed=seed)
        probabilities = model.predict(data.x_val, verbose=0)
        wrong = probabilities.argmax(axis=1) != data.y_val
        runs[lr] = {"untrained_loss": untrained_loss, "untrained_accuracy": untrained_accuracy, "frame": frame,
                    "losses": [untrained_loss, *frame["loss"]], "norm": _norm(model.get_weights()),
                    "confidence": float(np.median(probabilities[wrong].max(axis=1))) if wrong.any() else 1.0,
                    "test_accuracy": model.evaluate(data.x_test, data.y_test, verbose=0)[1]}
    return runs


@functools.lru_cache(maxsize=1)
def _fit_and_fast_fit():
    """A short model.fit and fast_fit of two identical models on the same batches (no shuffling)."""
    import keras

    from course_utils import build_mlp
    from course_utils.training import fast_fit

    data = _data()
    models = [build_mlp(64, (16,), seed=0) for _ in range(2)]
    for m in models:
        m.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = models[0].fit(data.x_train, data.y_train, validation_data=(data.x_val, data.y_val), epochs=2,
                            batch_size=32, shuffle=False, verbose=0)
    frame = fast_fit(models[1], data.x_train, data.y_train, epochs=2, batch_size=32, shuffle=False,
                     validation_data=(data.x_val, data.y_val))
    return history, frame, models


# --------------------------------------------------------------------------------------
# the checks
# --------------------------------------------------------------------------------------

def _notes_wrong(_):
    import keras
    import tensorflow as tf

    for broken in (lambda: keras.optimizers.Adam(lr=0.001), lambda: tf.keras.experimental.CosineDecayRestarts):
        try:
            broken()
        except (ValueError, AttributeError):
            continue
        raise AssertionError("a line of the notes works in Keras 3")
    # beta_1 does not decay the learning rate: after Adam steps with beta_1=0.89 it is still 0.001
    weight = keras.Variable(np.ones(3, dtype="float32"))
    adam = keras.optimizers.Adam(learning_rate=0.001, beta_1=0.89)
    for _ in range(5):
        adam.apply_gradients([(np.ones(3, dtype="float32"), weight)])
    assert math.isclose(float(adam.learning_rate.numpy()), 0.001, rel_tol=1e-6)
    # the notes' formulas (Xavier std 1/n^-2 = n^2, He std 2/n^2) are not Keras's (sqrt(2/(n_in+n_out)), sqrt(2/n))
    he, glorot = keras.initializers.HeNormal(), keras.initializers.GlorotNormal()
    assert (he.scale, he.mode, glorot.scale, glorot.mode) == (2.0, "fan_in", 1.0, "fan_avg")
    assert 64 ** 2 != 1 / math.sqrt(64) and 2 / 64 ** 2 != math.sqrt(2 / 64)


def _file_order(_):
    from sklearn.datasets import load_digits

    assert np.array_equal(load_digits().target[:30], np.arange(30) % 10)


def _digits(_):
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    assert x.shape == (1797, 64) and x.min() == 0 and x.max() == 16 and sorted(set(y)) == list(range(10))


def _class_shares(seed):
    data = _data(seed)
    for y in (data.y_train, data.y_val, data.y_test):
        shares = np.bincount(y, minlength=10) / len(y)
        assert 0.09 < shares.min() and shares.max() < 0.11, shares


def _zero_pixels(_):
    std = _data(0, "none").x_train.std(axis=0).reshape(8, 8)
    rows, columns = np.nonzero(std == 0)
    assert len(rows) == 5 and set(columns) <= {0, 7}, (rows, columns)


def _rarest_pixel(_):
    raw = _data(0, "none")
    std = raw.x_train.std(axis=0)
    rare = np.argmin(np.where(std > 0, std, np.inf))
    assert np.sum(raw.x_train[:, rare] > 0) == 1 and round(float(std[rare]), 2) == 0.03, std[rare]
    assert raw.x_test[:, rare].max() == 2 and 2 / std[rare] > 60


def _standardized(seed):
    data, raw = _data(seed), _data(seed, "none")
    assert max(np.abs(x).max() for x in (data.x_train, data.x_val, data.x_test)) <= 16
    mean, std = raw.x_train.mean(axis=0), np.maximum(raw.x_train.std(axis=0), 1.0)
    assert np.allclose(data.x_val, (raw.x_val - mean) / std, atol=1e-4), "standardized with training statistics"
    assert np.allclose(data.x_train.mean(axis=0), 0, atol=1e-4)


def _split(seed):
    _class_shares(seed)
    _standardized(seed)


def _float_learning_rate(_):
    import keras

    for bad in (np.float32(1e-3), 1):
        try:
            keras.optimizers.Adam(learning_rate=bad)
        except ValueError:
            continue
        raise AssertionError(f"Adam accepted learning_rate={bad!r}")
    assert issubclass(np.float64, float)
    keras.optimizers.Adam(learning_rate=np.float64(1e-3))


def _parameters(_):
    model = _build()
    assert [layer.count_params() for layer in model.layers] == [64 * 64 + 64, 64 * 10 + 10] == [4160, 650]


def _untrained(seed):
    run = _first_model(seed)[1e-3]
    assert math.log(10) < run["untrained_loss"] < math.log(10) + 1 and run["untrained_accuracy"] < 0.25, run


def _good(seed):
    from course_utils.lr import judge_run

    losses = _first_model(seed)[1e-3]["losses"]
    assert np.all(np.diff(losses) < 0) and losses[-1] <= losses[0] / 8 and losses[-1] <= math.log(10) / 8
    assert judge_run(losses) == "good"


def _short_budget(seed):
    from course_utils.lr import judge_run

    assert judge_run(_first_model(seed)[1e-3]["losses"][:4]) == "too small"


def _notebook_01_sweep(seed):
    from course_utils import lr

    sweep = lr.lr_sweep(_data(), [1e-3], optimizers=("adam",), epochs=8, batch_size=64, hidden=(32,), seed=seed)
    assert lr.sweep_summary(sweep)["verdict"].tolist() == ["too small"]


def _good_from_above(seed):
    _good(seed)
    _untrained(seed)


def _val_accuracy(seed):
    assert _first_model(seed)[1e-3]["frame"]["val_accuracy"].iloc[-1] > 0.9


def _both_fall(seed):
    frame = _first_model(seed)[1e-3]["frame"]
    first, last = frame.iloc[0], frame.iloc[-1]
    assert last["loss"] < first["loss"] and last["val_loss"] < first["val_loss"]
    assert last["val_loss"] > last["loss"]


def _val_below_at_first(seed):
    frame = _first_model(seed)[1e-3]["frame"]
    assert np.all(frame["val_loss"].iloc[:2].to_numpy() < frame["loss"].iloc[:2].to_numpy())


def _same_start(seed):
    import keras

    keras.utils.set_random_seed(seed)
    first = _build().get_weights()
    keras.utils.set_random_seed(seed)
    named = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(64, activation="relu", name="hidden"),
                              keras.layers.Dense(10, activation="softmax", name="output")]).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(first, named))


def _other_draws(seed):
    import keras

    from course_utils import build_mlp

    keras.utils.set_random_seed(seed)
    sequential = _build().get_weights()
    assert not np.array_equal(build_mlp(64, (64,), seed=seed).get_weights()[0], sequential[0])


def _docstrings(_):
    import inspect
    import re

    import course_utils as cu

    for name in (n for n in cu.__all__ if callable(getattr(cu, n))):
        doc = inspect.getdoc(getattr(cu, name)) or ""
        assert re.search(r"\d\d_\w+\.ipynb|notebooks? \d\d", doc), f"{name}'s docstring names no notebook"
    assert "00_start_here.ipynb" in inspect.getdoc(cu.build_mlp)


def _recipe(seed):
    run = _first_model(seed)[1e-3]
    assert run["test_accuracy"] > 0.9 and run["frame"]["val_accuracy"].iloc[-1] > 0.9


def _history(_):
    history, _frame, _models = _fit_and_fast_fit()
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert all(len(values) == 2 for values in history.history.values()), "one value per epoch"


def _fast_fit_matches_fit(_):
    history, frame, (a, b) = _fit_and_fast_fit()
    for column in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert np.allclose(frame[column], history.history[column], rtol=1e-5, atol=1e-6), column
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        assert np.allclose(wa, wb, rtol=1e-5, atol=1e-5)


def _build_mlp(_):
    import keras

    from course_utils import build_mlp

    def dense(model):
        return [(layer.units, layer.activation.__name__) for layer in model.layers
                if isinstance(layer, keras.layers.Dense)]

    same = build_mlp(n_inputs=64, hidden=(64,), activation="relu", n_classes=10, seed=0)
    assert dense(same) == dense(_build()) == [(64, "relu"), (10, "softmax")]
    assert same.count_params() == _build().count_params() == 4810
    assert [layer.name for layer in same.layers[1:]] == ["hidden_1", "output"]
    assert len(dense(build_mlp(depth=30, width=64))) == 31


def _build_mlp_and_fast_fit(none):
    _build_mlp(none)
    _fast_fit_matches_fit(none)


def _offline(_):
    import importlib.resources

    assert importlib.resources.files("sklearn.datasets").joinpath("data", "digits.csv.gz").is_file()
    _digits(None)
    assert _build().count_params() < 10_000


def _setup(_):
    import inspect

    from course_utils import environment

    assert environment.TF_QUIET_ENV == {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}
    source = inspect.getsource(environment.setup_notebook)
    assert "set_random_seed(seed)" in source and "enable_op_determinism()" in source
    first = next(c.source for c in load(NOTEBOOK).cells if c.cell_type == "code")
    assert "cu.setup_notebook(seed=" in first


def _verdict_words(_):
    from course_utils import lr

    assert set(lr.VERDICTS) == {"too small", "good", "too large", "diverged"}
    assert "training loss per epoch, epoch 0 being the untrained model" in lr.VERDICT_RULE
    assert lr.judge_run([2.0, 1.0, 0.5, 0.2]) == "good" and lr.judge_run([2.0, 3.0]) == "diverged"


def _diverged(seed):
    from course_utils.lr import judge_run

    runs = _first_model(seed)
    losses = runs[1.0]["losses"]
    assert losses[1] > 10 * losses[0] and min(losses[1:]) > losses[0] and judge_run(losses) == "diverged"
    assert losses[-1] > 100 * runs[1e-3]["losses"][-1]


def _large_accuracy(seed):
    assert _first_model(seed)[1.0]["frame"]["val_accuracy"].iloc[-1] > 0.9


def _norm_ratio(seed):
    runs = _first_model(seed)
    assert runs[1.0]["norm"] > 100 * runs[1e-3]["norm"], (runs[1.0]["norm"], runs[1e-3]["norm"])


def _confident(seed):
    assert _first_model(seed)[1.0]["confidence"] > 0.99


def _steps(_):
    n = len(_data().x_train)
    assert n == 1077 and round(n / 32, 2) == 33.66 and 33 * 32 == 1056 and n - 1056 == 21 and math.ceil(n / 32) == 34


def _thousand(_):
    assert math.isclose(1.0 / 1e-3, 1000)


CLAIMS = [
    Claim("Several of their facts are wrong (\"beta_1 sets the learning-rate decay\", the Xavier and He formulas) and "
          "some code lines no longer run in Keras 3 (`Adam(lr=...)`, `tf.keras.experimental`).", _notes_wrong,
          seeds=None),
    Claim("Each helper's docstring names the notebook that teaches it: `help(cu.build_mlp)` shows it.", _docstrings,
          seeds=None),
    Claim("1797 grey-scale images of 8 x 8 pixels, digits 0 to 9, with pixel values 0 to 16.", _digits, seeds=None),
    Claim("The file is not in random order (its first images cycle through the digits 0, 1, 2, ...)", _file_order,
          seeds=None, code=("load_digits().target[:30]",)),
    Claim("each digit makes up about 10% of the **training set (훈련 세트)**, the **validation set (검증 세트)** and "
          "the **test set (테스트 세트)**.", _class_shares, code=("cu.load_digits_split(seed=0)",)),
    Claim("Five pixels, at the left and right edges of the image, are 0 in every training image", _zero_pixels,
          seeds=None, code=('cu.load_digits_split(seed=0, scale="none")',)),
    Claim("Pixels that are *almost* always 0 are nearly as bad: the rarest non-zero pixel of this training set is "
          "non-zero in a single training image and has a standard deviation of about 0.03, so the 2 that a test image "
          "has there would become more than 60.", _rarest_pixel, seeds=None,
          code=('cu.load_digits_split(seed=0, scale="none")',)),
    Claim("divides by at least 1 pixel level: no standardized value exceeds 16.", _standardized),
    Claim("The hidden layer has `64 * 64 + 64 = 4160` parameters, the output layer `64 * 10 + 10 = 650`.",
          _parameters, seeds=None, code=FIRST_MODEL[:2]),
    Claim("A `np.float32` or an `int` learning rate raises `ValueError`; wrap it in `float(...)`. NumPy's default "
          "`np.float64` passes, because it is a subclass of `float`.", _float_learning_rate, seeds=None,
          code=("keras.optimizers.Adam(learning_rate=np.float32(1e-3))", "keras.optimizers.Adam(learning_rate=1)")),
    Claim("the untrained model's loss is a little above that (a random, non-uniform guess costs more than a uniform "
          "one) and its accuracy is near chance.", _untrained, seeds=TEN,
          code=("keras.utils.set_random_seed(0)", *FIRST_MODEL[:2],
                "model.evaluate(data.x_train, data.y_train, verbose=0)")),
    Claim("Notebook 01 judges a training run with four words (too small, good, too large, diverged) and a stated "
          "rule on the training loss per epoch, the untrained model's loss counting as epoch 0", _verdict_words,
          seeds=None),
    Claim("By that rule this run is **good**: the training loss fell at every epoch and ended below `1/8` of the "
          "untrained loss.", _good, code=FIRST_MODEL),
    Claim("The validation accuracy ends above 0.9.", _val_accuracy, code=FIRST_MODEL),
    Claim("The verdict depends on the training budget: judged after its first 3 epochs only, the same run is "
          "**too small**", _short_budget, code=(*FIRST_MODEL, "judge_run(losses[:4])")),
    Claim("notebook 01's shorter sweep (a smaller network, 8 epochs in batches of 64) finds Adam at `1e-3` too small "
          "as well.", _notebook_01_sweep),
    Claim("Both losses fall, and the validation loss ends above the training loss", _both_fall, code=FIRST_MODEL),
    Claim("In the first epochs the validation loss is even *below* the training loss", _val_below_at_first,
          code=(*FIRST_MODEL, 'curves["val_loss"][:2] < curves["loss"][:2]')),
    Claim("`keras.utils.set_random_seed(0)` gives the same initial weights on every run.", _same_start,
          code=("keras.utils.set_random_seed(0)",)),
    Claim("`keras.utils.set_random_seed(0)` before you build it (so it starts from the same weights)", _same_start,
          code=("keras.utils.set_random_seed(0)\nmodel_large = keras.Sequential([",)),
    Claim("`hidden=(64,)` gives one hidden layer of 64 units; `depth=30, width=64` gives thirty", _build_mlp,
          seeds=None),
    Claim("The experiment helpers of notebooks 02-06 build their models with `cu.build_mlp`, the same architecture in "
          "one call", _build_mlp, seeds=None,
          code=('cu.build_mlp(n_inputs=64, hidden=(64,), activation="relu", n_classes=10, seed=0)',)),
    Claim("Because each layer is seeded on its own, `seed=0` does not give the same initial weights as "
          "`keras.utils.set_random_seed(0)` before `keras.Sequential`", _other_draws,
          code=("initial_weights = model.get_weights()", "np.array_equal(same.get_weights()[0], initial_weights[0])")),
    Claim("The course's tests check it against `model.fit`, weights and losses.", _fast_fit_matches_fit, seeds=None),
    # key points
    Claim("The course runs offline on a CPU: the digits data ships with scikit-learn, and the models are tiny.",
          _offline, seeds=None),
    Claim("Every notebook starts with `cu.setup_notebook(seed=...)`: quiet TensorFlow, seeds, repeatable runs.",
          _setup, seeds=None),
    Claim("`cu.load_digits_split` gives a shuffled, stratified split standardized with training statistics only.",
          _split),
    Claim("A Keras model takes four steps", _recipe, code=FIRST_MODEL),
    Claim("`history.history` holds one list per quantity, one value per epoch", _history, seeds=None),
    Claim("The first model's training loss fell at every epoch, from a little above `ln 10` to below `1/8` of where "
          "it started: a good run, in notebook 01's words.", _good_from_above, code=FIRST_MODEL),
    Claim("Keras 3 wants a Python `float` learning rate: a `np.float32` or an `int` raises `ValueError`.",
          _float_learning_rate, seeds=None),
    Claim("`cu.build_mlp` builds the same architecture in one call; `fast_fit` trains like `model.fit` in one "
          "compiled call, for sweeps.", _build_mlp_and_fast_fit, seeds=None),
    # exercises and solutions
    Claim("Adam at `learning_rate=1.0`, a thousand times larger", _thousand, seeds=None),
    Claim("Here `1077 / 32 = 33.66`: 33 full batches hold 1056 images, and the other 21 make a 34th, smaller batch.",
          _steps, seeds=None),
    Claim("At `learning_rate=1.0` the training loss jumps far above the untrained model's and stays above it to the "
          "end, far above the final loss at 0.001 (over a hundred times, in each of the ten seeds the course's tests "
          "check): by notebook 01's rule this run has **diverged** (its last loss is above the untrained loss).",
          _diverged, seeds=TEN, code=LARGE),
    Claim("Yet the validation accuracy ends above 0.9.", _large_accuracy, seeds=TEN, code=LARGE),
    Claim("their norm ends over a hundred times the norm at 0.001.", _norm_ratio, seeds=TEN,
          code=(*LARGE, "norms[1] > 100 * norms[0]")),
    Claim("the images it gets wrong, it gets wrong with near-certainty (a median probability above 0.99 for the "
          "wrong digit)", _confident, seeds=TEN, code=(*LARGE, "model_large.predict(data.x_val, verbose=0)")),
]


# --------------------------------------------------------------------------------------
# exercise cases
# --------------------------------------------------------------------------------------

def _mlp(*layers, with_input=True):
    import keras

    return keras.Sequential(([keras.Input(shape=(64,))] if with_input else []) + list(layers))


def _dense(units, activation=None, **kwargs):
    import keras

    return keras.layers.Dense(units, activation=activation, **kwargs)


def _functional(hidden=32):
    import keras

    inputs = keras.Input(shape=(64,))
    outputs = keras.layers.Dense(10, activation="softmax")(keras.layers.Dense(hidden, activation="relu")(inputs))
    return keras.Model(inputs, outputs)


def _deprecated_input_shape():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _mlp(_dense(32, "relu", input_shape=(64,)), _dense(10, "softmax"), with_input=False)


def _history_of(lr=1.0, optimizer="Adam", epochs=20, steps=34, keys=("accuracy", "loss", "val_accuracy", "val_loss"),
                hidden=64, validation="val", trained_steps=0, model=None):
    """A History as model.fit returns it (its params, keys and last val_loss) for a compiled model; nothing is trained.

    ``validation``: the data the History's val_loss was measured on ("val", or "test" for the wrong data);
    ``trained_steps``: optimizer steps taken before (a model trained again).
    """
    import keras

    data = _data()
    model = model or _mlp(_dense(hidden, "relu"), _dense(10, "softmax"))
    model.compile(optimizer=getattr(keras.optimizers, optimizer)(learning_rate=lr),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.optimizer.iterations.assign(trained_steps + epochs * steps)
    x, y = (data.x_val, data.y_val) if validation == "val" else (data.x_test, data.y_test)
    val_loss = model.evaluate(x, y, verbose=0)[0]
    history = keras.callbacks.History()
    history.set_model(model)
    history.set_params({"verbose": 0, "epochs": epochs, "steps": steps})
    history.epoch = list(range(epochs))
    history.history = {key: [val_loss if key == "val_loss" else 0.0] * epochs for key in keys}
    return history


def _first_model_trained_again():
    """The notebook's ``model`` (a name in ``__main__``, as in the learner's kernel), compiled and fitted again."""
    import sys

    model = _mlp(_dense(64, "relu"), _dense(10, "softmax"))
    sys.modules["__main__"].model = model
    return _history_of(model=model)


EXERCISES = {
    "1": ExerciseCases(
        solution=Case(lambda: (math.ceil(1077 / 32),)),
        wrong=[Case(lambda: (1077 // 32,), "last, smaller batch"),
               Case(lambda: (1077 / 32,), "whole numbers"),
               Case(lambda: (1077,), "number of training images"),
               Case(lambda: (64,), "Divide the number of training images")],
    ),
    "2": ExerciseCases(
        solution=Case(lambda: (_mlp(_dense(32, "relu"), _dense(10, "softmax")), 2410)),
        wrong=[Case(lambda: (_mlp(_dense(64, "relu"), _dense(10, "softmax")), 2410),
                    "your hidden layer has 64 units, the exercise asks for 32"),
               Case(lambda: (_mlp(_dense(32), _dense(10, "softmax")), 2410), "is linear"),
               Case(lambda: (_mlp(_dense(32, "relu"), _dense(10)), 2410), "use softmax"),
               Case(lambda: (_mlp(_dense(32, "relu"), _dense(1, "softmax")), 2410), "your output layer has 1 unit;"),
               Case(lambda: (_mlp(_dense(32, "relu"), _dense(10, "softmax"), with_input=False), 2410), "keras.Input"),
               Case(lambda: (_deprecated_input_shape(), 2410), "keras.Input(shape=(64,))"),
               Case(lambda: (_mlp(_dense(32, "relu", use_bias=False), _dense(10, "softmax", use_bias=False)), 2410),
                    "use_bias=False"),
               Case(lambda: (_mlp(_dense(32, "relu"), _dense(32, "relu"), _dense(10, "softmax")), 2410),
                    "two Dense layers"),
               Case(lambda: (_functional(), 64 * 32 + 32 * 10), "counts the weights only"),
               Case(lambda: (_functional(), 64 * 32 + 32), "the hidden layer alone"),
               Case(lambda: (_functional(), 2400), "n_in * n_out weights"),
               Case(lambda: (_functional(), "2410"), "whole number")],
    ),
    "3": ExerciseCases(
        solution=Case(lambda: (_history_of(),)),
        wrong=[Case(lambda: (_history_of(lr=1e-3),), "your learning rate is 0.001"),
               Case(lambda: (_history_of(optimizer="SGD"),), "your optimizer is SGD"),
               Case(lambda: (_history_of(keys=("accuracy", "loss")),), "validation_data="),
               Case(lambda: (_history_of(validation="test"),), "not the model's loss on data.x_val"),
               Case(lambda: (_history_of(steps=27),), "no validation_split"),
               Case(lambda: (_history_of(epochs=5),), "you trained for 5 epochs"),
               Case(lambda: (_history_of(steps=17),), "batch_size=32"),
               Case(lambda: (_history_of(hidden=32),), "your hidden layer has 32 units, the first model has 64"),
               Case(lambda: (_history_of(trained_steps=680),), "you trained the first model"),
               Case(lambda: (_first_model_trained_again(),), "under a new name, model_large"),
               Case(lambda: (_mlp(_dense(64, "relu"), _dense(10, "softmax")),), "pass the History")],
    ),
}
