"""Bad input gets a clear error everywhere (issue #13).

``CASES`` is the registry: for every public function and class of ``course_utils`` (everything in
``__all__`` and ``_EXTRA``, and every public function or class defined in a topic module), keyed
``"module.name"``, its bad-input cases. Each case names the argument as the learner wrote it; the test
asserts the error type and that the message names that argument (plus, where given, a phrase that
says what to do). Every case fails at the boundary: a training call during a case fails the test.
``GOOD`` holds the reasonable inputs the issue says must work (NumPy scalars, nested lists, a lone
callback, any-case names). ``test_every_public_function_has_bad_input_cases`` lists the public API
by introspection and fails naming any function with no case here and no exemption in ``EXEMPT``.

To add cases for a new function: ``add("module.name", Bad(...), ...)``. Keep them fast: tiny models
from :func:`model` (cached), tiny data from :func:`split` and ``X``, ``Y``.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import math
import re
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest

import course_utils
from course_utils import (
    adam,
    checks,
    data,
    depth,
    initialization,
    lr,
    models,
    plotting,
    regularization,
    schedules,
    training,
)

TOPIC_MODULES = ("adam", "checks", "data", "depth", "initialization", "lr", "models", "plotting", "regularization",
                 "schedules", "training", "environment")


class Bad(NamedTuple):
    """One wrong call: ``call()`` must raise ``error`` whose message names ``arg`` (and matches ``says``)."""

    label: str
    call: Callable
    arg: str
    says: str | None = None
    error: type = ValueError


CASES: dict[str, list[Bad]] = {}

# Public names with no bad-input case, and why.
EXEMPT = {
    "environment.environment_report": "takes no arguments",
    "environment.hosted_service": "takes no arguments",
    "environment.CourseEnvironment": "a result record built by setup_notebook, never by a learner",
    "data.keras_cache_dir": "takes no arguments",
    "data.DatasetNotAvailableError": "an exception class: raised by load_keras_dataset, never called by a learner",
    "models.valid_activations": "takes no arguments",
    "models.valid_initializers": "takes no arguments",
    "plotting.apply_course_style": "takes no arguments",
    "plotting.course_style": "takes no arguments",
    "schedules.ScheduleComparison": "a result record built by compare_schedules (plot_comparison checks it)",
}


def add(key: str, *cases: Bad) -> None:
    CASES.setdefault(key, []).extend(cases)


# --------------------------------------------------------------------------------------
# tiny, cached things to pass
# --------------------------------------------------------------------------------------

RNG = np.random.default_rng(0)
X = RNG.standard_normal((30, 4)).astype(np.float32)  # 30 samples, 4 features
Y = np.arange(30) % 3  # 3 classes
X_NAN = X.copy()
X_NAN[[3, 7], 1] = np.nan
ONE_HOT = np.eye(3)[Y]
WORDS = np.array(["cat", "dog", "fox"])[Y]


def keras():
    import keras

    return keras


@functools.cache
def model(compiled: bool = True, loss: str = "sparse_categorical_crossentropy"):
    """build_mlp(4, (3,), n_classes=3), compiled with SGD: 4 features, 3 classes."""
    net = course_utils.build_mlp(4, (3,), n_classes=3, seed=0)
    if compiled:
        net.compile(optimizer=keras().optimizers.SGD(learning_rate=0.1), loss=loss)
    return net


@functools.cache
def scheduled_model():
    net = course_utils.build_mlp(4, (3,), n_classes=3, seed=0)
    net.compile(optimizer=keras().optimizers.SGD(learning_rate=keras().optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)),
                loss="sparse_categorical_crossentropy")
    return net


@functools.cache
def split(n_val: int = 9):
    """A DataSplit of X, Y: 4 features, 3 classes, train 30, val n_val, test 9."""
    return course_utils.DataSplit(X, Y, X[:n_val], Y[:n_val], X[:9], Y[:9], n_classes=3, name="tiny")


def adam_opt():
    return keras().optimizers.Adam(learning_rate=0.01)


def used_adam():
    optimizer = adam_opt()
    optimizer.build([keras().Variable(np.zeros(2, "float32"))])
    return optimizer


def dataset():
    import tensorflow as tf

    return tf.data.Dataset.from_tensor_slices((X, Y))


def callback(name: str, **kwargs):
    return getattr(keras().callbacks, name)(**kwargs)


def cosine_class():
    return keras().optimizers.schedules.CosineDecay


def two_arg(epoch, lr):
    return lr


def one_arg(step):
    return 0.1


SWEEP = pd.DataFrame({"optimizer": "adam", "learning_rate": 0.1, "epoch": [0, 1], "loss": [2.3, 1.0],
                      "accuracy": [0.1, 0.5], "verdict": "good"})
RANGE = pd.DataFrame({"learning_rate": [0.01, 0.1], "loss": [2.0, 1.0], "smoothed_loss": [2.0, 1.5]})
PATH = pd.DataFrame({"w1": [1.0, 0.5], "w2": [1.0, 0.5]})
SAMPLED = pd.DataFrame({"schedule": ["a", "a"], "step": [0, 1], "learning_rate": [0.1, 0.05]})
CURVES = pd.DataFrame({"initializer": "he", "seed": 0, "epoch": [1, 2], "loss": [2.0, 1.0]})
GRID = pd.DataFrame({"initializer": ["he"], "activation": ["relu"], "val_accuracy": [0.9], "word": ["x"]})
VALUES = pd.DataFrame({"setting": ["a"] * 4, "activation": ["relu"] * 4, "layer": [1, 1, 2, 2], "value": [0.0, 1, 2, 3]})
STATS = pd.DataFrame({"setting": ["a"], "layer": [1], "std": [1.0]})
EMA = pd.DataFrame({"step": [1], "true_gradient": [1.0], "observed": [1.0], "beta_1": [0.9], "average": [1.0]})
DECAY = pd.DataFrame({"method": ["a"], "seed": [0], "epoch": [1], "loss": [1.0]})
HISTORY = pd.DataFrame({"loss": [2.0, 1.0], "val_loss": [2.2, 1.5]})


def comparison():
    steps = pd.DataFrame({"schedule": ["a"], "seed": [0], "step": [1], "epoch": [1], "learning_rate": [0.1]})
    return schedules.ScheduleComparison(pd.DataFrame({"schedule": ["a"], "seed": [0], "epoch": [1], "val_loss": [1.0]}),
                                        steps)


def _grad(w):
    return 2 * np.asarray(w)


# --------------------------------------------------------------------------------------
# training
# --------------------------------------------------------------------------------------

add("training.steps_per_epoch",
    Bad("no samples", lambda: training.steps_per_epoch(0, 64), "n_samples"),
    Bad("batch of 0", lambda: training.steps_per_epoch(1077, 0), "batch_size"),
    Bad("float batch size", lambda: training.steps_per_epoch(1077, 64.0), "batch_size", "write 64"),
    Bad("string count", lambda: training.steps_per_epoch("1077", 64), "n_samples", "without quotes"))
add("training.epochs_to_steps",
    Bad("rounds to 0 steps", lambda: training.epochs_to_steps(0.01, 1077, 64), "epochs", "rounds to 0"),
    Bad("zero epochs", lambda: training.epochs_to_steps(0, 1077, 64), "epochs"),
    Bad("string samples", lambda: training.epochs_to_steps(2, "1077", 64), "n_samples"),
    Bad("no batch", lambda: training.epochs_to_steps(2, 1077, None), "batch_size"))
add("training.check_learning_rate",
    Bad("schedule class", lambda: training.check_learning_rate(cosine_class()), "learning_rate",
        r"pass an instance, e\.g\. CosineDecay\(0\.01, 1000\)"),
    Bad("scheduler function", lambda: training.check_learning_rate(two_arg), "learning_rate",
        r"keras\.callbacks\.LearningRateScheduler\(fn\)"),
    Bad("function of the step", lambda: training.check_learning_rate(one_arg), "learning_rate", "no arguments"),
    Bad("string", lambda: training.check_learning_rate("0.01"), "learning_rate", "without quotes"),
    Bad("zero", lambda: training.check_learning_rate(0), "learning_rate"),
    Bad("None", lambda: training.check_learning_rate(None), "learning_rate"),
    Bad("bool", lambda: training.check_learning_rate(True), "learning_rate"),
    Bad("its name", lambda: training.check_learning_rate(-1.0, "min_lr"), "min_lr"))
add("training.make_optimizer",
    Bad("unknown name", lambda: training.make_optimizer("adamm"), "name", "did you mean 'adam'"),
    Bad("an optimizer object", lambda: training.make_optimizer(adam_opt()), "name", r"model\.compile"),
    Bad("schedule class", lambda: training.make_optimizer("adam", cosine_class()), "learning_rate", "instance"),
    Bad("scheduler function", lambda: training.make_optimizer("adam", two_arg), "learning_rate",
        "LearningRateScheduler"),
    Bad("beta_1 above 1", lambda: training.make_optimizer("adam", beta_1=1.5), "beta_1", r"\[0, 1\)"),
    Bad("beta_1 as a string", lambda: training.make_optimizer("adam", beta_1="0.9"), "beta_1", "without quotes"),
    Bad("beta_2 of 1", lambda: training.make_optimizer("adam", beta_2=1.0), "beta_2"),
    Bad("negative weight decay", lambda: training.make_optimizer("adamw", weight_decay=-1), "weight_decay"),
    Bad("epsilon 0", lambda: training.make_optimizer("adam", epsilon=0), "epsilon"),
    Bad("momentum 1", lambda: training.make_optimizer("sgd", momentum=1.0), "momentum"),
    Bad("nesterov as a string", lambda: training.make_optimizer("sgd", nesterov="yes"), "nesterov", "True or False"),
    Bad("Keras 2's lr", lambda: training.make_optimizer("adam", lr=0.01), "lr", "learning_rate"),
    Bad("Keras 2's decay", lambda: training.make_optimizer("adam", decay=0.01), "decay", "InverseTimeDecay"),
    Bad("unknown option", lambda: training.make_optimizer("adam", beta_7=0.9), "beta_7", "Adam"),
    Bad("momentum for Adam", lambda: training.make_optimizer("adam", momentum=0.9), "momentum", "Adam"))
add("training.current_learning_rate",
    Bad("a name", lambda: training.current_learning_rate("adam"), "optimizer"),
    Bad("a class", lambda: training.current_learning_rate(keras().optimizers.Adam), "optimizer", r"add \(\)"))
add("training.reset_optimizer",
    Bad("a name", lambda: training.reset_optimizer("adam"), "optimizer"),
    Bad("a schedule as the rate", lambda: training.reset_optimizer(adam_opt(), keras().optimizers.schedules.CosineDecay(
        0.1, 10)), "learning_rate"),
    Bad("negative rate", lambda: training.reset_optimizer(adam_opt(), -0.1), "learning_rate"),
    Bad("a rate for a scheduled optimizer", lambda: training.reset_optimizer(scheduled_model().optimizer, 0.1),
        "learning_rate", "schedule"))
add("training.batch_orders",
    Bad("no samples", lambda: training.batch_orders(0, 2), "n_samples"),
    Bad("no epochs", lambda: training.batch_orders(10, 0), "epochs"),
    Bad("negative seed", lambda: training.batch_orders(10, 2, seed=-1), "seed"),
    Bad("string flag", lambda: training.batch_orders(10, 2, shuffle="no"), "shuffle", "without quotes"))
add("training.LearningRateLogger",
    Bad("batch of 0", lambda: training.LearningRateLogger(0, 1077), "batch_size"),
    Bad("string samples", lambda: training.LearningRateLogger(64, "1077"), "n_samples"))


def fit(*args, **kwargs):
    return training.fast_fit(*args, **kwargs)


add("training.fast_fit",
    Bad("not a model", lambda: fit("model", X, Y), "model"),
    Bad("not compiled", lambda: fit(model(False), X, Y), "model", "compiled"),
    Bad("wrong loss", lambda: fit(model(True, "mse"), X, Y), "model", "sparse_categorical_crossentropy"),
    Bad("1-D x", lambda: fit(model(), X[:, 0], Y), "x", r"reshape\(-1, 1\)"),
    Bad("3-D x", lambda: fit(model(), X.reshape(30, 2, 2), Y), "x", "flatten"),
    Bad("feature count", lambda: fit(model(), X[:, :3], Y), "x", "model expects 4"),
    Bad("NaN in x", lambda: fit(model(), X_NAN, Y), "x", "2 NaN.*row 3.*diverged"),
    Bad("strings in x", lambda: fit(model(), WORDS.reshape(-1, 1), Y), "x", "strings"),
    Bad("ragged x", lambda: fit(model(), [[1, 2, 3, 4], [1, 2]], [0, 1]), "x", "different lengths"),
    Bad("a Dataset as x", lambda: fit(model(), dataset(), Y), "x", "tf.data.Dataset"),
    Bad("one-hot y", lambda: fit(model(), X, ONE_HOT), "y", r"looks one-hot \(shape \(30, 3\)\).*argmax"),
    Bad("string y", lambda: fit(model(), X, WORDS), "y", "encode them"),
    Bad("fractional y", lambda: fit(model(), X, Y + 0.5), "y", "fractions"),
    Bad("negative label", lambda: fit(model(), X, Y - 1), "y", "negative"),
    Bad("label too large", lambda: fit(model(), X, Y + 1), "y", "labels up to 3, but the model has 3 outputs"),
    Bad("lengths", lambda: fit(model(), X, Y[:20]), "y", "same length"),
    Bad("None y", lambda: fit(model(), X, None), "y"),
    Bad("validation triple", lambda: fit(model(), X, Y, validation_data=(X, Y, Y)), "validation_data", "pair"),
    Bad("validation lengths", lambda: fit(model(), X, Y, validation_data=(X, Y[:3])), r"validation_data[1]"),
    Bad("validation features", lambda: fit(model(), X, Y, validation_data=(X[:, :2], Y)), "validation_data[0]"),
    Bad("validation one-hot", lambda: fit(model(), X, Y, validation_data=(X, ONE_HOT)), "validation_data[1]",
        "one-hot"),
    Bad("validation labels", lambda: fit(model(), X, Y, validation_data=(X, Y + 5)), "validation_data[1]"),
    Bad("validation Dataset", lambda: fit(model(), X, Y, validation_data=dataset()), "validation_data", "pair"),
    Bad("epochs 0", lambda: fit(model(), X, Y, epochs=0), "epochs"),
    Bad("batch 0", lambda: fit(model(), X, Y, batch_size=0), "batch_size"),
    Bad("seed -1", lambda: fit(model(), X, Y, seed=-1), "seed"),
    Bad("seed string", lambda: fit(model(), X, Y, seed="0"), "seed"),
    Bad("shuffle string", lambda: fit(model(), X, Y, shuffle="False"), "shuffle", "without quotes"),
    Bad("shuffle number", lambda: fit(model(), X, Y, shuffle=0), "shuffle"),
    Bad("stop_on_nan", lambda: fit(model(), X, Y, stop_on_nan=None), "stop_on_nan"),
    Bad("evaluate_train", lambda: fit(model(), X, Y, evaluate_train="yes"), "evaluate_train"),
    Bad("patience without validation", lambda: fit(model(), X, Y, patience=3), "validation_data"),
    Bad("patience 0", lambda: fit(model(), X, Y, patience=0, validation_data=(X, Y)), "patience"),
    Bad("callback class", lambda: fit(model(), X, Y, callbacks=[keras().callbacks.EarlyStopping]), "callbacks[0]",
        r"add \(\)"),
    Bad("lone callback class", lambda: fit(model(), X, Y, callbacks=keras().callbacks.EarlyStopping), "callbacks",
        r"add \(\)"),
    Bad("callback string", lambda: fit(model(), X, Y, callbacks="early_stopping"), "callbacks", "string"),
    Bad("callback function", lambda: fit(model(), X, Y, callbacks=[two_arg]), "callbacks[0]",
        "LearningRateScheduler"),
    Bad("callbacks dict", lambda: fit(model(), X, Y, callbacks={"a": 1}), "callbacks"),
    Bad("per-batch callback", lambda: fit(model(), X, Y, callbacks=[callback("TerminateOnNaN")]), "callbacks[0]",
        "per batch"),
    Bad("monitor misspelled", lambda: fit(model(), X, Y, validation_data=(X, Y), callbacks=[
        callback("ReduceLROnPlateau", monitor="val_los")]), "callbacks[0]", "did you mean 'val_loss'"),
    Bad("monitor without validation", lambda: fit(model(), X, Y, callbacks=[callback("EarlyStopping")]),
        "callbacks[0]", "monitors 'val_loss'"),
    Bad("patience and EarlyStopping", lambda: fit(model(), X, Y, patience=2, validation_data=(X, Y), callbacks=[
        callback("EarlyStopping")]), "patience", "not both"))

# --------------------------------------------------------------------------------------
# models
# --------------------------------------------------------------------------------------

add("models.resolve_activation",
    Bad("unknown", lambda: models.resolve_activation("relux"), "activation", "relu, sigmoid"),
    Bad("number", lambda: models.resolve_activation(3), "activation"),
    Bad("layer class", lambda: models.resolve_activation(keras().layers.ReLU), "activation", "layer class"),
    Bad("its name", lambda: models.resolve_activation("x", "output_activation"), "output_activation"))
add("models.resolve_initializer",
    Bad("unknown", lambda: models.resolve_initializer("kaiming"), "kernel_initializer", "xavier"),
    Bad("bool", lambda: models.resolve_initializer(True), "kernel_initializer"),
    Bad("negative std", lambda: models.resolve_initializer(-1.0), "kernel_initializer"),
    Bad("list", lambda: models.resolve_initializer([1, 2]), "kernel_initializer"),
    Bad("seed", lambda: models.resolve_initializer("he_normal", seed=-1), "seed"))
add("models.build_mlp",
    Bad("activation", lambda: models.build_mlp(4, activation="relux"), "activation"),
    Bad("initializer", lambda: models.build_mlp(4, kernel_initializer="xavier_normal"), "kernel_initializer",
        "glorot_uniform"),
    Bad("hidden width 0", lambda: models.build_mlp(4, (0,)), "hidden[0]"),
    Bad("hidden as a string", lambda: models.build_mlp(4, "64"), "hidden"),
    Bad("depth 0", lambda: models.build_mlp(4, depth=0, width=8), "depth"),
    Bad("hidden and depth", lambda: models.build_mlp(4, (4,), depth=2), "hidden", "not both"),
    Bad("no inputs", lambda: models.build_mlp(0), "n_inputs"),
    Bad("float inputs", lambda: models.build_mlp(4.0), "n_inputs", "write 4"),
    Bad("dropout 1", lambda: models.build_mlp(4, dropout=1.0), "dropout"),
    Bad("dropout string", lambda: models.build_mlp(4, dropout="0.5"), "dropout"),
    Bad("regularizer", lambda: models.build_mlp(4, kernel_regularizer="l3"), "kernel_regularizer"),
    Bad("constraint", lambda: models.build_mlp(4, kernel_constraint="maxnorm9"), "kernel_constraint"),
    Bad("seed", lambda: models.build_mlp(4, seed=-1), "seed"),
    Bad("name", lambda: models.build_mlp(4, name=""), "name"),
    Bad("use_bias string", lambda: models.build_mlp(4, use_bias="False"), "use_bias", "without quotes"),
    Bad("one-class softmax", lambda: models.build_mlp(4, n_classes=1), "n_classes", "constant output of 1"),
    Bad("fixed-seed initializer, no seed", lambda: models.build_mlp(
        4, (3, 3), kernel_initializer=keras().initializers.HeNormal(seed=3), seed=None), "kernel_initializer",
        "identical weights"))

# --------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------


def make_split(**change):
    parts = {"x_train": X, "y_train": Y, "x_val": X[:9], "y_val": Y[:9], "x_test": X[:9], "y_test": Y[:9],
             "n_classes": 3, **change}
    return data.DataSplit(**parts)


add("data.DataSplit",
    Bad("1-D x_train", lambda: make_split(x_train=X[:, 0]), "x_train", "reshape"),
    Bad("NaN in x_train", lambda: make_split(x_train=X_NAN), "x_train", "NaN"),
    Bad("one-hot y_train", lambda: make_split(y_train=ONE_HOT), "y_train", "one-hot"),
    Bad("string y_train", lambda: make_split(y_train=WORDS), "y_train", "encode"),
    Bad("y_val above n_classes", lambda: make_split(y_val=Y[:9] + 3), "y_val", "labels up to"),
    Bad("x_val features", lambda: make_split(x_val=X[:9, :3]), "x_val", "3 features"),
    Bad("x_test / y_test lengths", lambda: make_split(y_test=Y[:5]), "y_test", "same length"),
    Bad("one class", lambda: make_split(n_classes=1), "n_classes"),
    Bad("name", lambda: make_split(name=3), "name"))
add("data.standardize",
    Bad("1-D train", lambda: data.standardize(X[:, 0]), "train", "reshape"),
    Bad("others features", lambda: data.standardize(X, X[:, :2]), "others[0]", "train has 4"),
    Bad("strings", lambda: data.standardize(WORDS.reshape(-1, 1)), "train", "strings"),
    Bad("min_std", lambda: data.standardize(X, min_std=-1), "min_std"))
add("data.load_digits_split",
    Bad("val_size 0", lambda: data.load_digits_split(val_size=0), "val_size"),
    Bad("test_size 1.2", lambda: data.load_digits_split(test_size=1.2), "test_size"),
    Bad("sizes leave nothing", lambda: data.load_digits_split(val_size=0.5, test_size=0.45), "val_size"),
    Bad("scale", lambda: data.load_digits_split(scale="minmax"), "scale"),
    Bad("train_size small", lambda: data.load_digits_split(train_size=5), "train_size"),
    Bad("train_size large", lambda: data.load_digits_split(train_size=10_000), "train_size", "at most"),
    Bad("seed", lambda: data.load_digits_split(seed=-3), "seed"))
add("data.make_toy_data",
    Bad("kind", lambda: data.make_toy_data("spiral"), "kind"),
    Bad("n_train", lambda: data.make_toy_data(n_train=2), "n_train"),
    Bad("n_val", lambda: data.make_toy_data(n_val=0), "n_val"),
    Bad("noise", lambda: data.make_toy_data(noise=-1), "noise"),
    Bad("seed string", lambda: data.make_toy_data(seed="0"), "seed"))
add("data.load_keras_dataset",
    Bad("name", lambda: data.load_keras_dataset("cifar10"), "name"),
    Bad("download string", lambda: data.load_keras_dataset("mnist", download="yes"), "download"))

# --------------------------------------------------------------------------------------
# plotting, checks
# --------------------------------------------------------------------------------------

add("plotting.plot_history",
    Bad("a dict", lambda: plotting.plot_history({"loss": [1.0]}), "frame"),
    Bad("empty frame", lambda: plotting.plot_history(pd.DataFrame()), "frame", "empty"),
    Bad("empty y", lambda: plotting.plot_history(HISTORY, y=[]), "y", "available"),
    Bad("missing column", lambda: plotting.plot_history(HISTORY, y="val_acc"), "y", r"available: \['loss'"),
    Bad("no loss columns", lambda: plotting.plot_history(pd.DataFrame({"acc": [0.5]})), "y=", "available"),
    Bad("y a number", lambda: plotting.plot_history(HISTORY, y=3), "y"),
    Bad("hue", lambda: plotting.plot_history(HISTORY, hue="lr"), "hue"),
    Bad("logy string", lambda: plotting.plot_history(HISTORY, logy="yes"), "logy"))


def expect(*kinds, **kwargs):
    with checks.expect_error(*kinds, **kwargs):
        raise ValueError("x")


add("checks.expect_error",
    Bad("nothing to expect", lambda: expect(), "kinds"),
    Bad("a string", lambda: expect("ValueError"), "kinds"),
    Bad("an instance", lambda: expect(ValueError("x")), "kinds"),
    Bad("warning not a Warning", lambda: expect(warning=ValueError), "warning"))

# --------------------------------------------------------------------------------------
# lr (notebook 01)
# --------------------------------------------------------------------------------------

TINY = (X, Y)

add("lr.max_stable_learning_rate",
    Bad("zero", lambda: lr.max_stable_learning_rate(0), "curvatures"),
    Bad("empty", lambda: lr.max_stable_learning_rate([]), "curvatures"),
    Bad("negative item", lambda: lr.max_stable_learning_rate([1.0, -2.0]), "curvatures[1]"),
    Bad("string", lambda: lr.max_stable_learning_rate("flat"), "curvatures"))
add("lr.quadratic_regime",
    Bad("curvature", lambda: lr.quadratic_regime(-1.0, 0.1), "curvature"),
    Bad("learning_rate", lambda: lr.quadratic_regime(1.0, "0.1"), "learning_rate"))
add("lr.gradient_descent",
    Bad("learning_rate", lambda: lr.gradient_descent(1.0, 0), "learning_rate"),
    Bad("steps", lambda: lr.gradient_descent(1.0, 0.1, steps=0), "steps"),
    Bad("start length", lambda: lr.gradient_descent((1.0, 2.0), 0.1, start=(1.0, 2.0, 3.0)), "start"),
    Bad("start NaN", lambda: lr.gradient_descent(1.0, 0.1, start=float("nan")), "start"),
    Bad("start string", lambda: lr.gradient_descent(1.0, 0.1, start="far"), "start"))
add("lr.judge_run",
    Bad("one loss", lambda: lr.judge_run([2.3]), "losses"),
    Bad("a number", lambda: lr.judge_run(2.3), "losses"),
    Bad("a dict", lambda: lr.judge_run({0: 2.3, 1: 1.0}), "losses", "dict"),
    Bad("a History dict", lambda: lr.judge_run({"loss": [2.3, 1.0]}), "losses", r"history\.history\['loss'\]"),
    Bad("a DataFrame", lambda: lr.judge_run(pd.DataFrame({"loss": [2.3, 1.0]})), "losses", r"frame\['loss'\]"),
    Bad("strings", lambda: lr.judge_run(["a", "b"]), "losses[0]"),
    Bad("rise_tolerance", lambda: lr.judge_run([2.3, 1.0], rise_tolerance=-0.1), "rise_tolerance"),
    Bad("good_fraction", lambda: lr.judge_run([2.3, 1.0], good_fraction=1.5), "good_fraction"))
add("lr.sweep_runs",
    Bad("empty", lambda: lr.sweep_runs(TINY, []), "runs"),
    Bad("one dict", lambda: lr.sweep_runs(TINY, {"optimizer": "adam", "learning_rate": 0.1}), "runs"),
    Bad("no rate", lambda: lr.sweep_runs(TINY, [{"optimizer": "adam"}]), "runs[0]"),
    Bad("optimizer object", lambda: lr.sweep_runs(TINY, [{"optimizer": adam_opt(), "learning_rate": 0.1}]),
        "runs[0]['optimizer']", "optimizer name"),
    Bad("rate string", lambda: lr.sweep_runs(TINY, [{"optimizer": "adam", "learning_rate": "0.1"}]),
        "runs[0]['learning_rate']"),
    Bad("beta_1 above 1", lambda: lr.sweep_runs(TINY, [{"optimizer": "adam", "learning_rate": 0.1, "beta_1": 1.5}]),
        "runs[0]['beta_1']"),
    Bad("beta_1 string", lambda: lr.sweep_runs(TINY, [{"optimizer": "adam", "learning_rate": 0.1, "beta_1": "0.9"}]),
        "runs[0]['beta_1']"),
    Bad("weight_decay", lambda: lr.sweep_runs(TINY, [{"optimizer": "adamw", "learning_rate": 0.1,
                                                       "weight_decay": -1}]), "runs[0]['weight_decay']"),
    Bad("unknown option", lambda: lr.sweep_runs(TINY, [{"optimizer": "adam", "learning_rate": 0.1, "beta_7": 0.9}]),
        "runs[0]['beta_7']", "Adam"),
    Bad("1-D x", lambda: lr.sweep_runs((X[:, 0], Y), [{"optimizer": "adam", "learning_rate": 0.1}]), "data[0]"),
    Bad("epochs", lambda: lr.sweep_runs(TINY, [{"optimizer": "adam", "learning_rate": 0.1}], epochs=0), "epochs"),
    Bad("seed", lambda: lr.sweep_runs(TINY, [{"optimizer": "adam", "learning_rate": 0.1}], seed=None), "seed"))
add("lr.lr_sweep",
    Bad("no rates", lambda: lr.lr_sweep(TINY, []), "learning_rates"),
    Bad("one rate", lambda: lr.lr_sweep(TINY, 0.01), "learning_rates"),
    Bad("rate repeated", lambda: lr.lr_sweep(TINY, [0.01, 0.01]), "learning_rates"),
    Bad("bad rate", lambda: lr.lr_sweep(TINY, [0.01, -1]), "learning_rates[1]"),
    Bad("schedule class", lambda: lr.lr_sweep(TINY, [cosine_class()]), "learning_rates[0]"),
    Bad("scheduler function", lambda: lr.lr_sweep(TINY, [two_arg]), "learning_rates[0]", "LearningRateScheduler"),
    Bad("optimizer", lambda: lr.lr_sweep(TINY, [0.01], optimizers=["adam", "adamm"]), "optimizers[1]",
        "did you mean 'adam'"),
    Bad("optimizers None", lambda: lr.lr_sweep(TINY, [0.01], optimizers=None), "optimizers"),
    Bad("batch_size", lambda: lr.lr_sweep(TINY, [0.01], batch_size=-1), "batch_size"),
    Bad("hidden", lambda: lr.lr_sweep(TINY, [0.01], hidden=(32, 0)), "hidden[1]"),
    Bad("seed", lambda: lr.lr_sweep(TINY, [0.01], seed=-1), "seed"),
    Bad("data a string", lambda: lr.lr_sweep("digits", [0.01]), "data"),
    Bad("data a Dataset", lambda: lr.lr_sweep(dataset(), [0.01]), "data", "tf.data.Dataset"),
    Bad("lengths", lambda: lr.lr_sweep((X, Y[:5]), [0.01]), "data[1]", "same length"),
    Bad("one-hot", lambda: lr.lr_sweep((X, ONE_HOT), [0.01]), "data[1]", "one-hot"),
    Bad("strings", lambda: lr.lr_sweep((X, WORDS), [0.01]), "data[1]", "encode"),
    Bad("NaN", lambda: lr.lr_sweep((X_NAN, Y), [0.01]), "data[0]", "NaN"),
    Bad("one class", lambda: lr.lr_sweep((X, np.zeros(30, int)), [0.01]), "data", "one class"))
add("lr.sweep_summary",
    Bad("a dict", lambda: lr.sweep_summary({"loss": [1.0]}), "frame"),
    Bad("columns", lambda: lr.sweep_summary(pd.DataFrame({"loss": [1.0]})), "frame", "available"),
    Bad("empty", lambda: lr.sweep_summary(SWEEP.iloc[0:0]), "frame", "no rows"))
add("lr.smooth",
    Bad("beta", lambda: lr.smooth([1.0, 2.0], beta=1.5), "beta"),
    Bad("string", lambda: lr.smooth("abc"), "values"),
    Bad("dict", lambda: lr.smooth({"loss": [1.0]}), "values", "dict"))
add("lr.suggest_learning_rate",
    Bad("columns", lambda: lr.suggest_learning_rate(pd.DataFrame({"learning_rate": [0.1]})), "frame"),
    Bad("all NaN", lambda: lr.suggest_learning_rate(pd.DataFrame({"learning_rate": [0.1], "smoothed_loss": [np.nan]})),
        "frame"),
    Bad("divisor", lambda: lr.suggest_learning_rate(RANGE, divisor=0), "divisor"))
add("lr.lr_range_test",
    Bad("optimizer", lambda: lr.lr_range_test(TINY, optimizer="adamm"), "optimizer"),
    Bad("optimizer object", lambda: lr.lr_range_test(TINY, optimizer=adam_opt()), "optimizer", "optimizer name"),
    Bad("min_lr", lambda: lr.lr_range_test(TINY, min_lr=0), "min_lr"),
    Bad("min_lr string", lambda: lr.lr_range_test(TINY, min_lr="1e-5"), "min_lr"),
    Bad("max below min", lambda: lr.lr_range_test(TINY, min_lr=1.0, max_lr=0.1), "max_lr"),
    Bad("steps", lambda: lr.lr_range_test(TINY, steps=3), "steps"),
    Bad("beta", lambda: lr.lr_range_test(TINY, beta=1.0), "beta"),
    Bad("batch_size", lambda: lr.lr_range_test(TINY, batch_size=0), "batch_size"),
    Bad("hidden", lambda: lr.lr_range_test(TINY, hidden=(0,)), "hidden[0]"),
    Bad("one-hot", lambda: lr.lr_range_test((X, ONE_HOT)), "data[1]", "one-hot"))
add("lr.plot_contour_paths",
    Bad("hue", lambda: lr.plot_contour_paths(PATH, (1.0, 2.0), hue="lr"), "hue"),
    Bad("extent", lambda: lr.plot_contour_paths(PATH, (1.0, 2.0), extent=0), "extent"),
    Bad("three curvatures", lambda: lr.plot_contour_paths(PATH, (1.0, 2.0, 3.0)), "hessian"),
    Bad("not symmetric", lambda: lr.plot_contour_paths(PATH, np.array([[1.0, 2.0], [0.0, 1.0]])), "hessian"),
    Bad("nested, not symmetric", lambda: lr.plot_contour_paths(PATH, [[1.0, 2.0], [0.0, 1.0]]), "hessian"),
    Bad("3 x 3", lambda: lr.plot_contour_paths(PATH, np.eye(3)), "hessian", "2 x 2"),
    Bad("levels", lambda: lr.plot_contour_paths(PATH, (1.0, 2.0), levels=1), "levels"),
    Bad("frame", lambda: lr.plot_contour_paths(PATH[["w1"]], (1.0, 2.0)), "frame"))
add("lr.plot_sweep",
    Bad("two optimizers, none named", lambda: lr.plot_sweep(pd.concat([SWEEP, SWEEP.assign(optimizer="sgd")])),
        "optimizer"),
    Bad("not in the sweep", lambda: lr.plot_sweep(SWEEP, optimizer="sgd"), "optimizer"),
    Bad("frame", lambda: lr.plot_sweep(SWEEP.drop(columns="verdict")), "frame", "verdict"))
add("lr.plot_range_test",
    Bad("suggestion", lambda: lr.plot_range_test(RANGE, suggestion=-1), "suggestion"),
    Bad("frame", lambda: lr.plot_range_test({"loss": [1.0]}), "frame"))
add("lr.learning_rate_slider",
    Bad("one curvature", lambda: lr.learning_rate_slider((1.0,)), "curvatures"),
    Bad("tilted matrix", lambda: lr.learning_rate_slider([[2.0, 1.0], [1.0, 2.0]]), "curvatures", "tilted"),
    Bad("value outside", lambda: lr.learning_rate_slider((1.0, 10.0), value=5.0), "value"),
    Bad("min above max", lambda: lr.learning_rate_slider((1.0, 10.0), min_lr=0.5, max_lr=0.1), "min_lr"),
    Bad("start", lambda: lr.learning_rate_slider((1.0, 10.0), start=(1.0,)), "start"),
    Bad("steps", lambda: lr.learning_rate_slider((1.0, 10.0), steps=0), "steps"))

# --------------------------------------------------------------------------------------
# adam (notebook 02)
# --------------------------------------------------------------------------------------

add("adam.adam_step",
    Bad("shapes", lambda: adam.adam_step([0.0, 1.0], [1.0], [0.0], [0.0], 1), "w, grad, m and v"),
    Bad("t 0", lambda: adam.adam_step(0.0, 1.0, 0.0, 0.0, 0), "t"),
    Bad("t fractional", lambda: adam.adam_step(0.0, 1.0, 0.0, 0.0, 1.5), "t"),
    Bad("learning_rate", lambda: adam.adam_step(0.0, 1.0, 0.0, 0.0, 1, learning_rate="0.01"), "learning_rate"),
    Bad("beta_1", lambda: adam.adam_step(0.0, 1.0, 0.0, 0.0, 1, beta_1=1.5), "beta_1"),
    Bad("beta_1 string", lambda: adam.adam_step(0.0, 1.0, 0.0, 0.0, 1, beta_1="0.9"), "beta_1"),
    Bad("beta_2", lambda: adam.adam_step(0.0, 1.0, 0.0, 0.0, 1, beta_2=-0.1), "beta_2"),
    Bad("epsilon", lambda: adam.adam_step(0.0, 1.0, 0.0, 0.0, 1, epsilon=-1), "epsilon"),
    Bad("grad strings", lambda: adam.adam_step([0.0], ["a"], [0.0], [0.0], 1), "grad"),
    Bad("w NaN", lambda: adam.adam_step([np.nan], [1.0], [0.0], [0.0], 1), "w"))
add("adam.adam_path",
    Bad("grad_fn", lambda: adam.adam_path("gradient", [1.0]), "grad_fn"),
    Bad("steps", lambda: adam.adam_path(_grad, [1.0], steps=0), "steps"),
    Bad("start", lambda: adam.adam_path(_grad, [], steps=5), "start"),
    Bad("learning_rate", lambda: adam.adam_path(_grad, [1.0], learning_rate=-1.0), "learning_rate"),
    Bad("unknown option", lambda: adam.adam_path(_grad, [1.0], beta_7=0.9), "beta_7"),
    Bad("gradient shape", lambda: adam.adam_path(lambda w: [1.0, 2.0, 3.0], [1.0, 1.0]), "grad_fn", "one gradient"))
add("adam.keras_optimizer_path",
    Bad("a name", lambda: adam.keras_optimizer_path("adam", _grad, [1.0]), "optimizer"),
    Bad("a class", lambda: adam.keras_optimizer_path(keras().optimizers.Adam, _grad, [1.0]), "optimizer", r"add \(\)"),
    Bad("used optimizer", lambda: adam.keras_optimizer_path(used_adam(), _grad, [1.0]), "optimizer", "fresh"),
    Bad("grad_fn", lambda: adam.keras_optimizer_path(adam_opt(), 3, [1.0]), "grad_fn"),
    Bad("start", lambda: adam.keras_optimizer_path(adam_opt(), _grad, "far"), "start"),
    Bad("steps", lambda: adam.keras_optimizer_path(adam_opt(), _grad, [1.0], steps=0), "steps"))
add("adam.ravine_hessian",
    Bad("one curvature", lambda: adam.ravine_hessian((1.0,)), "curvatures"),
    Bad("negative", lambda: adam.ravine_hessian((1.0, -2.0)), "curvatures"),
    Bad("angle string", lambda: adam.ravine_hessian((1.0, 2.0), angle_degrees="steep"), "angle_degrees"),
    Bad("angle NaN", lambda: adam.ravine_hessian((1.0, 2.0), angle_degrees=float("nan")), "angle_degrees"))
add("adam.memory_steps",
    Bad("one", lambda: adam.memory_steps(1.0), "beta_1"),
    Bad("string", lambda: adam.memory_steps("0.9"), "beta_1"),
    Bad("bool", lambda: adam.memory_steps(True), "beta_1"))
add("adam.ema_of_noisy_gradient",
    Bad("empty", lambda: adam.ema_of_noisy_gradient([]), "beta_1s"),
    Bad("a number", lambda: adam.ema_of_noisy_gradient(0.9), "beta_1s"),
    Bad("item", lambda: adam.ema_of_noisy_gradient((0.9, 1.5)), "beta_1s[1]"),
    Bad("steps", lambda: adam.ema_of_noisy_gradient(steps=1), "steps"),
    Bad("flip_at", lambda: adam.ema_of_noisy_gradient(steps=100, flip_at=100), "flip_at"),
    Bad("noise", lambda: adam.ema_of_noisy_gradient(noise=-1.0), "noise"),
    Bad("gradient", lambda: adam.ema_of_noisy_gradient(gradient="up"), "gradient"),
    Bad("seed", lambda: adam.ema_of_noisy_gradient(seed=-1), "seed"))
add("adam.plot_ema",
    Bad("columns", lambda: adam.plot_ema(pd.DataFrame({"step": [1]})), "frame", "available"),
    Bad("a dict", lambda: adam.plot_ema({"step": [1]}), "frame"))
add("adam.ravine_paths",
    Bad("3 x 3", lambda: adam.ravine_paths(hessian=np.eye(3)), "hessian"),
    Bad("not positive", lambda: adam.ravine_paths(hessian=-np.eye(2)), "hessian"),
    Bad("string", lambda: adam.ravine_paths(hessian="flat"), "hessian"),
    Bad("start", lambda: adam.ravine_paths(start=(1.0, 2.0, 3.0)), "start"),
    Bad("no betas", lambda: adam.ravine_paths(beta_1s=()), "beta_1s"),
    Bad("learning_rate", lambda: adam.ravine_paths(learning_rate=0), "learning_rate"),
    Bad("steps", lambda: adam.ravine_paths(steps=0), "steps"))
add("adam.legacy_decay",
    Bad("decay", lambda: adam.legacy_decay(0.01, -1e-3, [10]), "decay"),
    Bad("negative step", lambda: adam.legacy_decay(0.01, 1e-3, [-1, 2]), "steps"),
    Bad("learning_rate", lambda: adam.legacy_decay(0, 1e-3, [10]), "learning_rate"),
    Bad("a float count", lambda: adam.legacy_decay(0.01, 1e-3, 100.0), "steps", r"pass the int 100.*\[100\]"),
    Bad("fractional steps", lambda: adam.legacy_decay(0.01, 1e-3, [0.5]), "steps", "whole"),
    Bad("a string", lambda: adam.legacy_decay(0.01, 1e-3, "100"), "steps"))


def runs(methods, **kwargs):
    return adam.decay_runs(kwargs.pop("data", split()), methods, **kwargs)


add("adam.decay_runs",
    Bad("no methods", lambda: runs({}), "methods"),
    Bad("no optimizer", lambda: runs({"a": {"learning_rate": 0.01}}), "methods['a']"),
    Bad("optimizer name", lambda: runs({"a": {"optimizer": "adam"}}), "methods['a']['optimizer']"),
    Bad("optimizer class", lambda: runs({"a": {"optimizer": keras().optimizers.Adam}}), "methods['a']['optimizer']",
        r"add \(\)"),
    Bad("extra key", lambda: runs({"a": {"optimizer": adam_opt(), "decay": 0.1}}), "methods['a']"),
    Bad("callback string", lambda: runs({"a": {"optimizer": adam_opt(), "callbacks": ["ReduceLROnPlateau"]}}),
        "methods['a']['callbacks'][0]"),
    Bad("callback class", lambda: runs({"a": {"optimizer": adam_opt(), "callbacks": [
        keras().callbacks.ReduceLROnPlateau]}}), "methods['a']['callbacks'][0]", r"add \(\)"),
    Bad("monitor", lambda: runs({"a": {"optimizer": adam_opt(), "callbacks": [callback(
        "ReduceLROnPlateau", monitor="val_los")]}}), "methods['a']['callbacks'][0]", "val_los"),
    Bad("per-batch callback", lambda: runs({"a": {"optimizer": adam_opt(), "callbacks": [callback(
        "TerminateOnNaN")]}}), "methods['a']['callbacks'][0]", "per batch"),
    Bad("epochs", lambda: runs({"a": {"optimizer": adam_opt()}}, epochs=0), "epochs"),
    Bad("batch_size", lambda: runs({"a": {"optimizer": adam_opt()}}, batch_size=0), "batch_size"),
    Bad("seeds", lambda: runs({"a": {"optimizer": adam_opt()}}, seeds=[]), "seeds"),
    Bad("hidden", lambda: runs({"a": {"optimizer": adam_opt()}}, hidden=(0,)), "hidden[0]"),
    Bad("data a string", lambda: runs({"a": {"optimizer": adam_opt()}}, data="digits"), "data"),
    Bad("data a tuple", lambda: runs({"a": {"optimizer": adam_opt()}}, data=(X, Y)), "data", "DataSplit"),
    Bad("no validation set", lambda: runs({"a": {"optimizer": adam_opt()}}, data=split(0)), "data", "validation"))
add("adam.plot_decay_runs",
    Bad("columns", lambda: adam.plot_decay_runs(DECAY.drop(columns="loss")), "frame", "available"),
    Bad("y a list", lambda: adam.plot_decay_runs(DECAY, ["loss"]), "y"),
    Bad("logy", lambda: adam.plot_decay_runs(DECAY, logy="yes"), "logy"),
    Bad("each_seed", lambda: adam.plot_decay_runs(DECAY, each_seed=1), "each_seed", "not a number"))

# --------------------------------------------------------------------------------------
# schedules (notebook 03)
# --------------------------------------------------------------------------------------

SGDR = {"step": 3, "initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 2.0, "m_mul": 1.0, "alpha": 0.0}
add("schedules.sgdr_learning_rate", *[
    Bad(f"{arg}={value!r}", lambda change={arg: value}: schedules.sgdr_learning_rate(**{**SGDR, **change}), arg)
    for arg, value in [("step", -1), ("step", [0, 1, -2]), ("step", float("nan")), ("step", "ten"),
                       ("initial_learning_rate", 0), ("initial_learning_rate", "0.1"), ("first_decay_steps", 0),
                       ("first_decay_steps", 2.5), ("t_mul", 0.5), ("t_mul", float("inf")), ("m_mul", -0.5),
                       ("alpha", 1.5)]])
add("schedules.restart_steps",
    Bad("total_steps", lambda: schedules.restart_steps(0, 10), "total_steps"),
    Bad("first_decay_steps", lambda: schedules.restart_steps(100, -10), "first_decay_steps"),
    Bad("t_mul", lambda: schedules.restart_steps(100, 10, t_mul=0), "t_mul"))
add("schedules.sample_schedule",
    Bad("string", lambda: schedules.sample_schedule("fast", 10), "schedule"),
    Bad("negative", lambda: schedules.sample_schedule(-0.1, 10), "schedule"),
    Bad("schedule class", lambda: schedules.sample_schedule(cosine_class(), 10), "schedule",
        r"CosineDecay\(0\.01, 1000\)"),
    Bad("scheduler function", lambda: schedules.sample_schedule(two_arg, 10), "schedule", "LearningRateScheduler"),
    Bad("failing function", lambda: schedules.sample_schedule(lambda step: 1 / 0, 3), "schedule"),
    Bad("steps negative", lambda: schedules.sample_schedule(0.1, -3), "steps"),
    Bad("steps float", lambda: schedules.sample_schedule(0.1, 100.0), "steps", "pass the int 100"),
    Bad("steps empty", lambda: schedules.sample_schedule(0.1, []), "steps"))
add("schedules.sample_schedules",
    Bad("empty", lambda: schedules.sample_schedules({}, 10), "schedules"),
    Bad("a list", lambda: schedules.sample_schedules([0.1], 10), "schedules"),
    Bad("bad entry", lambda: schedules.sample_schedules({"bad": "x"}, 10), "schedules['bad']"),
    Bad("steps", lambda: schedules.sample_schedules({"a": 0.1}, [-1]), "steps"))


def compare(entries=None, **kwargs):
    return schedules.compare_schedules({"constant": 0.1} if entries is None else entries,
                                       kwargs.pop("data", split()), **{"seeds": (0,), "epochs": 1, **kwargs})


add("schedules.compare_schedules",
    Bad("empty", lambda: compare({}), "schedules"),
    Bad("negative rate", lambda: compare({"neg": -0.1}), "schedules['neg']"),
    Bad("word", lambda: compare({"word": "fast"}), "schedules['word']"),
    Bad("schedule class", lambda: compare({"cos": cosine_class()}), "schedules['cos']", "instance"),
    Bad("pair with a string", lambda: compare({"pair": (0.1, "not a callback")}), "schedules['pair'][1]"),
    Bad("pair with a class", lambda: compare({"pair": (0.1, keras().callbacks.ReduceLROnPlateau)}),
        "schedules['pair'][1]", r"add \(\)"),
    Bad("monitor", lambda: compare({"pair": (0.1, callback("ReduceLROnPlateau", monitor="val_los"))}),
        "schedules['pair'][1]", "val_los"),
    Bad("optimizer", lambda: compare(optimizer="adamm"), "optimizer", "did you mean 'adam'"),
    Bad("optimizer object", lambda: compare(optimizer=adam_opt()), "optimizer", "optimizer name"),
    Bad("seeds", lambda: compare(seeds=[-1]), "seeds[0]"),
    Bad("seeds string", lambda: compare(seeds="01"), "seeds"),
    Bad("epochs", lambda: compare(epochs=0), "epochs"),
    Bad("batch_size", lambda: compare(batch_size=-64), "batch_size"),
    Bad("hidden", lambda: compare(hidden=(0,)), "hidden[0]"),
    Bad("data a tuple", lambda: compare(data=(X, Y)), "data", "DataSplit"),
    Bad("no validation set", lambda: compare(data=split(0)), "data", "validation"))
add("schedules.mark_restarts",
    Bad("negative", lambda: schedules.mark_restarts([-1, 3]), "positions"),
    Bad("strings", lambda: schedules.mark_restarts(["a"]), "positions"))
add("schedules.plot_schedule",
    Bad("columns", lambda: schedules.plot_schedule(SAMPLED.drop(columns="step")), "frame"),
    Bad("hue", lambda: schedules.plot_schedule(SAMPLED, hue="name"), "hue"))
add("schedules.plot_schedule_gallery",
    Bad("columns", lambda: schedules.plot_schedule_gallery(SAMPLED.drop(columns="schedule")), "frame"),
    Bad("ncols", lambda: schedules.plot_schedule_gallery(SAMPLED, ncols=0), "ncols"),
    Bad("axes", lambda: schedules.plot_schedule_gallery(SAMPLED, axes=[]), "axes"))
add("schedules.plot_comparison",
    Bad("result", lambda: schedules.plot_comparison(pd.DataFrame()), "result"),
    Bad("y", lambda: schedules.plot_comparison(comparison(), y="val_acc"), "y"),
    Bad("logy", lambda: schedules.plot_comparison(comparison(), logy="yes"), "logy"),
    Bad("period_ends", lambda: schedules.plot_comparison(comparison(), period_ends=[3]), "period_ends"),
    Bad("ncols", lambda: schedules.plot_comparison(comparison(), ncols=0), "ncols"))

# --------------------------------------------------------------------------------------
# initialization (notebook 04)
# --------------------------------------------------------------------------------------

SETTING = {"s": ("relu", "he")}

add("initialization.make_initializer",
    Bad("unknown", lambda: initialization.make_initializer("xavier_uniform"), "kernel_initializer", "'xavier'"),
    Bad("bool", lambda: initialization.make_initializer(True), "kernel_initializer"),
    Bad("negative std", lambda: initialization.make_initializer(-0.1), "kernel_initializer"),
    Bad("seed", lambda: initialization.make_initializer("he", seed=-1), "seed"),
    Bad("its name", lambda: initialization.make_initializer("kaiming", name="initializers[2]"), "initializers[2]"))
add("initialization.setting_label",
    Bad("None", lambda: initialization.setting_label(None), "initializer"),
    Bad("a list", lambda: initialization.setting_label(["he"]), "initializer"))
add("initialization.check_initializers",
    Bad("unknown", lambda: initialization.check_initializers("kaiming"), "initializers"),
    Bad("unknown in a list", lambda: initialization.check_initializers(["he_normal", "kaiming"]), "initializers[1]"),
    Bad("no formula", lambda: initialization.check_initializers("orthogonal"), "initializers", "no formula"),
    Bad("empty", lambda: initialization.check_initializers([]), "initializers"),
    Bad("shape", lambda: initialization.check_initializers("he_normal", (784,)), "shape"),
    Bad("seed", lambda: initialization.check_initializers("he_normal", seed=-1), "seed"))
add("initialization.dense_layers",
    Bad("a string", lambda: initialization.dense_layers("model"), "model"),
    Bad("no Dense", lambda: initialization.dense_layers(keras().Sequential([keras().Input((4,)),
                                                                             keras().layers.Dropout(0.1)])), "model"))
add("initialization.capture_activations",
    Bad("model", lambda: initialization.capture_activations("not a model", X), "model"),
    Bad("1-D x", lambda: initialization.capture_activations(model(), X[:, 0]), "x", "reshape"),
    Bad("3-D x", lambda: initialization.capture_activations(model(), X.reshape(30, 2, 2)), "x"),
    Bad("empty x", lambda: initialization.capture_activations(model(), X[:0]), "x", "empty"),
    Bad("features", lambda: initialization.capture_activations(model(), X[:, :3]), "x", "expects 4"),
    Bad("NaN", lambda: initialization.capture_activations(model(), X_NAN), "x", "NaN"),
    Bad("string", lambda: initialization.capture_activations(model(), "abc"), "x"),
    Bad("include_input", lambda: initialization.capture_activations(model(), X, include_input="yes"), "include_input"),
    Bad("skip_output", lambda: initialization.capture_activations(model(), X, skip_output=0), "skip_output"))
add("initialization.capture_gradients",
    Bad("lengths", lambda: initialization.capture_gradients(model(), X, Y[:3]), "y", "same length"),
    Bad("label too large", lambda: initialization.capture_gradients(model(), X, Y + 1), "y", "3 outputs"),
    Bad("one-hot", lambda: initialization.capture_gradients(model(), X, ONE_HOT), "y", "one-hot"),
    Bad("strings", lambda: initialization.capture_gradients(model(), X, WORDS), "y", "encode"),
    Bad("features", lambda: initialization.capture_gradients(model(), X[:, :2], Y), "x"),
    Bad("no softmax", lambda: initialization.capture_gradients(course_utils.build_mlp(
        4, (3,), n_classes=3, output_activation="linear"), X, Y), "model", "softmax"),
    Bad("skip_output", lambda: initialization.capture_gradients(model(), X, Y, skip_output="no"), "skip_output"))
add("initialization.numpy_forward",
    Bad("1-D x", lambda: initialization.numpy_forward(np.ones(5), [np.ones((5, 2))]), "x", "reshape"),
    Bad("no weights", lambda: initialization.numpy_forward(np.ones((2, 3)), []), "weights"),
    Bad("one array", lambda: initialization.numpy_forward(np.ones((2, 3)), np.ones((3, 2))), "weights",
        r"pass \[w\]"),
    Bad("wrong rows", lambda: initialization.numpy_forward(np.ones((2, 3)), [np.ones((4, 2))]), "weights[0]"),
    Bad("kernel NaN", lambda: initialization.numpy_forward(np.ones((2, 3)), [np.full((3, 2), np.nan)]), "weights[0]"),
    Bad("activation", lambda: initialization.numpy_forward(np.ones((2, 3)), [np.ones((3, 2))], activation="swish"),
        "activation"),
    Bad("activations per layer", lambda: initialization.numpy_forward(np.ones((2, 3)), [np.ones((3, 2))],
                                                                      activation=["relu", "tanh"]), "activation"),
    Bad("bias size", lambda: initialization.numpy_forward(np.ones((2, 3)), [np.ones((3, 2))], biases=[np.ones(3)]),
        "biases[0]"),
    Bad("biases not a list", lambda: initialization.numpy_forward(np.ones((2, 3)), [np.ones((3, 2))], biases=3),
        "biases"))
add("initialization.layer_stats",
    Bad("a dict", lambda: initialization.layer_stats({"setting": [1]}), "values"),
    Bad("columns", lambda: initialization.layer_stats(VALUES.drop(columns="value")), "values"))
add("initialization.activation_experiment",
    Bad("empty", lambda: initialization.activation_experiment({}), "settings"),
    Bad("only a label", lambda: initialization.activation_experiment([("only a label",)]), "settings"),
    Bad("activation", lambda: initialization.activation_experiment({"s": ("relux", "he")}), "activation (setting 's')"),
    Bad("initializer", lambda: initialization.activation_experiment({"s": ("relu", "Xavier_Glorot")}),
        "initializer (setting 's')"),
    Bad("depth", lambda: initialization.activation_experiment(SETTING, depth=0), "depth"),
    Bad("1-D x", lambda: initialization.activation_experiment(SETTING, x=np.ones(5)), "x"),
    Bad("NaN x", lambda: initialization.activation_experiment(SETTING, x=X_NAN), "x", "NaN"),
    Bad("use_bias", lambda: initialization.activation_experiment(SETTING, use_bias="no"), "use_bias"),
    Bad("include_input", lambda: initialization.activation_experiment(SETTING, include_input=1), "include_input"),
    Bad("seed", lambda: initialization.activation_experiment(SETTING, seed=-1), "seed"),
    Bad("fixed-seed object, no seed", lambda: initialization.activation_experiment(
        {"s": ("relu", keras().initializers.HeNormal(seed=1))}, seed=None), "initializer (setting 's')", "fixed seed"))
add("initialization.gradient_experiment",
    Bad("labels", lambda: initialization.gradient_experiment(SETTING, x=X, y=Y + 10), "y", "10 outputs"),
    Bad("one-hot", lambda: initialization.gradient_experiment(SETTING, x=X, y=ONE_HOT), "y", "one-hot"),
    Bad("lengths", lambda: initialization.gradient_experiment(SETTING, x=X, y=Y[:4]), "y", "same length"),
    Bad("settings", lambda: initialization.gradient_experiment({"s": "relu"}), "settings"),
    Bad("width", lambda: initialization.gradient_experiment(SETTING, width=0), "width"))
add("initialization.plot_layer_histograms",
    Bad("a dict", lambda: initialization.plot_layer_histograms({"setting": ["a"]}), "values"),
    Bad("bins", lambda: initialization.plot_layer_histograms(VALUES, bins=0), "bins"),
    Bad("share_x", lambda: initialization.plot_layer_histograms(VALUES, share_x="yes"), "share_x"),
    Bad("activations", lambda: initialization.plot_layer_histograms(VALUES, activations=1), "activations"))
add("initialization.plot_layer_stats",
    Bad("y", lambda: initialization.plot_layer_stats(STATS, y="spread"), "y", "available"),
    Bad("stats", lambda: initialization.plot_layer_stats([1, 2]), "stats"),
    Bad("logy", lambda: initialization.plot_layer_stats(STATS, logy="yes"), "logy"))

# --------------------------------------------------------------------------------------
# depth (notebook 05)
# --------------------------------------------------------------------------------------

add("depth.reinitialize",
    Bad("model", lambda: depth.reinitialize("model", "he_normal"), "model"),
    Bad("initializer", lambda: depth.reinitialize(model(), "kaiming"), "kernel_initializer"),
    Bad("seed", lambda: depth.reinitialize(model(), "he_normal", seed=-1), "seed"),
    Bad("fixed-seed object, no seed", lambda: depth.reinitialize(model(), keras().initializers.HeNormal(seed=1),
                                                                 seed=None), "kernel_initializer", "identical"))


def experiment(**kwargs):
    return depth.depth_experiment(kwargs.pop("model", model()), **{"data": split(), "epochs": 1, **kwargs})


add("depth.depth_experiment",
    Bad("not compiled", lambda: experiment(model=model(False)), "model", "compiled"),
    Bad("wrong loss", lambda: experiment(model=model(True, "mse")), "model", "sparse_categorical_crossentropy"),
    Bad("initializers", lambda: experiment(initializers=("xavier_normal",)), "initializers[0]"),
    Bad("seeds", lambda: experiment(seeds=()), "seeds"),
    Bad("learning_rate", lambda: experiment(learning_rate=-1.0), "learning_rate"),
    Bad("learning_rate schedule", lambda: experiment(learning_rate=keras().optimizers.schedules.CosineDecay(0.1, 10)),
        "learning_rate"),
    Bad("learning_rate function", lambda: experiment(learning_rate=two_arg), "learning_rate",
        "LearningRateScheduler"),
    Bad("a rate for a scheduled optimizer", lambda: experiment(model=scheduled_model(), learning_rate=0.1),
        "learning_rate", "schedule"),
    Bad("data a tuple", lambda: experiment(data=(np.ones((2, 64)), [0, 1])), "data", "DataSplit"),
    Bad("a model not compiled", lambda: experiment(model=course_utils.build_mlp(5, (3,), n_classes=3)), "model"),
    Bad("data features, compiled", lambda: experiment(data=course_utils.DataSplit(
        X[:, :2], Y, X[:3, :2], Y[:3], X[:3, :2], Y[:3], n_classes=3)), "data", "expects 4"),
    Bad("data classes", lambda: experiment(data=course_utils.DataSplit(X, Y + 1, X[:3], Y[:3], X[:3], Y[:3],
                                                                        n_classes=4)), "data", "4 classes"),
    Bad("epochs", lambda: experiment(epochs=0), "epochs"))
add("depth.initializer_grid",
    Bad("optimizer name", lambda: depth.initializer_grid("momentum", epochs=1), "optimizer"),
    Bad("optimizer class", lambda: depth.initializer_grid(keras().optimizers.SGD, epochs=1), "optimizer", r"add \(\)"),
    Bad("initializers", lambda: depth.initializer_grid(adam_opt(), initializers=("he_normal", "kaiming"), data=split()),
        "initializers[1]"),
    Bad("activations", lambda: depth.initializer_grid(adam_opt(), activations=("relu", "swishy"), data=split()),
        "activations[1]"),
    Bad("depth", lambda: depth.initializer_grid(adam_opt(), depth=0, data=split()), "depth"),
    Bad("use_bias", lambda: depth.initializer_grid(adam_opt(), use_bias="no", data=split()), "use_bias"),
    Bad("seeds", lambda: depth.initializer_grid(adam_opt(), seeds=[-1], data=split()), "seeds[0]"),
    Bad("data", lambda: depth.initializer_grid(adam_opt(), data=(X, Y)), "data"),
    Bad("no validation set", lambda: depth.initializer_grid(adam_opt(), data=split(0)), "data", "validation"))
add("depth.plot_loss_curves",
    Bad("a dict", lambda: depth.plot_loss_curves({"epoch": [1]}), "runs"),
    Bad("empty", lambda: depth.plot_loss_curves(CURVES.iloc[0:0]), "runs", "empty"),
    Bad("hue", lambda: depth.plot_loss_curves(CURVES, hue="activation"), "hue"),
    Bad("y", lambda: depth.plot_loss_curves(CURVES, y="val_loss"), "y"),
    Bad("chance_loss", lambda: depth.plot_loss_curves(CURVES, chance_loss="ln 10"), "chance_loss"))
add("depth.plot_heatmap",
    Bad("value", lambda: depth.plot_heatmap(GRID, value="accuracy"), "value"),
    Bad("value not numbers", lambda: depth.plot_heatmap(GRID, value="word"), "value", "numbers"),
    Bad("index", lambda: depth.plot_heatmap(GRID, index="init"), "index"),
    Bad("fmt", lambda: depth.plot_heatmap(GRID, fmt="%.2f"), "fmt"),
    Bad("grid", lambda: depth.plot_heatmap([1, 2]), "grid"))

# --------------------------------------------------------------------------------------
# regularization (notebook 06)
# --------------------------------------------------------------------------------------

P2, L2 = X[:, :2], Y % 2  # 2-D points, classes 0 and 1

add("regularization.resolve_settings",
    Bad("l2", lambda: regularization.resolve_settings({"x": {"l2": -1.0}}), "settings['x']['l2']"),
    Bad("dropout", lambda: regularization.resolve_settings({"x": {"dropout": 1.0}}), "settings['x']['dropout']"),
    Bad("patience", lambda: regularization.resolve_settings({"x": {"patience": 0}}), "settings['x']['patience']"),
    Bad("seeds", lambda: regularization.resolve_settings({"x": {"seeds": []}}), "settings['x']['seeds']"),
    Bad("unknown", lambda: regularization.resolve_settings({"x": {"l3": 0.1}}), "settings['x']", "l3"),
    Bad("a list", lambda: regularization.resolve_settings(["none"]), "settings"),
    Bad("empty", lambda: regularization.resolve_settings({}), "settings"),
    Bad("a number", lambda: regularization.resolve_settings({"x": 3}), "settings"))
add("regularization.moons_bayes_probability",
    Bad("3 columns", lambda: regularization.moons_bayes_probability(np.zeros((3, 3))), "points"),
    Bad("1-D", lambda: regularization.moons_bayes_probability(np.zeros(3)), "points", "reshape"),
    Bad("noise", lambda: regularization.moons_bayes_probability(np.zeros((3, 2)), noise=0), "noise"),
    Bad("n_grid", lambda: regularization.moons_bayes_probability(np.zeros((3, 2)), n_grid=5), "n_grid"))
add("regularization.boundary_limits",
    Bad("3 columns", lambda: regularization.boundary_limits(np.zeros((3, 3))), "arrays[0]"),
    Bad("none", lambda: regularization.boundary_limits(), "arrays"),
    Bad("margin", lambda: regularization.boundary_limits(P2, margin=-1), "margin"))


def boundary(**kwargs):
    call = {"model": model2(), "X": P2, "y": L2, **kwargs}
    return regularization.plot_decision_boundary(call.pop("model"), call.pop("X"), call.pop("y"), **call)


@functools.cache
def model2():
    return course_utils.build_mlp(2, (4,), n_classes=2, seed=0)


add("regularization.plot_decision_boundary",
    Bad("3 features", lambda: boundary(X=np.zeros((5, 3))), "X", r"\(n, 2\)"),
    Bad("NaN", lambda: boundary(X=np.where(np.isnan(X_NAN[:, :2]), np.nan, P2)), "X", "NaN"),
    Bad("lengths", lambda: boundary(y=np.zeros(4)), "y", "same length"),
    Bad("one-hot", lambda: boundary(y=np.eye(2)[L2]), "y", "one-hot"),
    Bad("label 2", lambda: boundary(y=Y), "y", "labels up to 2"),
    Bad("strings", lambda: boundary(y=WORDS), "y", "encode"),
    Bad("X_val alone", lambda: boundary(X_val=P2), "X_val"),
    Bad("X_val shape", lambda: boundary(X_val=np.zeros((2, 3)), y_val=[0, 1]), "X_val"),
    Bad("xlim", lambda: boundary(xlim=(1, 0)), "xlim"),
    Bad("resolution", lambda: boundary(resolution=5), "resolution"),
    Bad("model", lambda: boundary(model="not a model"), "model"),
    Bad("reference", lambda: boundary(reference=3), "reference"),
    Bad("legend", lambda: boundary(legend="right"), "legend"))
add("regularization.weight_stats",
    Bad("empty", lambda: regularization.weight_stats({}), "models"),
    Bad("not a model", lambda: regularization.weight_stats({"a": "model"}), "models"),
    Bad("zero_tol", lambda: regularization.weight_stats({"a": model()}, zero_tol=0), "zero_tol"))
add("regularization.decay_vs_l2",
    Bad("l2", lambda: regularization.decay_vs_l2(l2=-0.1), "l2"),
    Bad("learning_rate", lambda: regularization.decay_vs_l2(learning_rate=0), "learning_rate"),
    Bad("w0 zero", lambda: regularization.decay_vs_l2(w0=[0.0, 1.0]), "w0"),
    Bad("w0 string", lambda: regularization.decay_vs_l2(w0="big"), "w0"),
    Bad("momentum", lambda: regularization.decay_vs_l2(momentum=1.0), "momentum"),
    Bad("steps", lambda: regularization.decay_vs_l2(steps=0), "steps"))
add("regularization.TrainedModels",
    Bad("not a run", lambda: regularization.TrainedModels()[("none", 0)], "key", "(setting, seed)", KeyError))


def regularize(**kwargs):
    call = {"settings": {"none": {}}, "data": split(), "epochs": 1, "seeds": (0,), **kwargs}
    return regularization.compare_regularization(call.pop("settings"), call.pop("data"), **call)


add("regularization.compare_regularization",
    Bad("settings", lambda: regularize(settings={"x": {"l2": -1.0}}), "settings['x']['l2']"),
    Bad("data a tuple", lambda: regularize(data=(np.zeros((4, 2)), np.zeros(4))), "data", "DataSplit"),
    Bad("no validation set", lambda: regularize(data=split(0)), "data", "validation"),
    Bad("seeds", lambda: regularize(seeds=[]), "seeds"),
    Bad("epochs", lambda: regularize(epochs=0), "epochs"),
    Bad("learning_rate", lambda: regularize(learning_rate=-0.1), "learning_rate"),
    Bad("learning_rate schedule", lambda: regularize(learning_rate=keras().optimizers.schedules.CosineDecay(0.1, 10)),
        "learning_rate"),
    Bad("hidden", lambda: regularize(hidden=(0,)), "hidden"),
    Bad("optimizer", lambda: regularize(optimizer="adamm"), "optimizer"),
    Bad("optimizer object", lambda: regularize(optimizer=adam_opt()), "optimizer", "optimizer name"),
    Bad("batch_size", lambda: regularize(batch_size=0), "batch_size"),
    Bad("return_models", lambda: regularize(return_models="yes"), "return_models"))
add("regularization.final_results",
    Bad("a list", lambda: regularization.final_results([1, 2]), "frame"),
    Bad("columns", lambda: regularization.final_results(pd.DataFrame({"a": [1]})), "frame"))
add("regularization.summarize_runs",
    Bad("columns", lambda: regularization.summarize_runs(pd.DataFrame({"a": [1]})), "frame"))


# --------------------------------------------------------------------------------------
# the tests
# --------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------
# environment
# --------------------------------------------------------------------------------------

def _setup(**kwargs):
    from course_utils.environment import setup_notebook

    return lambda: setup_notebook(**kwargs)


def _outside(versions):
    from course_utils.environment import outside_tested_range

    return lambda: outside_tested_range(versions)


add("environment.setup_notebook",
    Bad("negative seed", _setup(seed=-1), "seed", "non-negative integer"),
    Bad("seed as text", _setup(seed="1"), "seed"),
    Bad("seed None", _setup(seed=None), "seed"),
    Bad("deterministic as text", _setup(deterministic="False"), "deterministic", "True or False"),
    Bad("style as 0", _setup(style=0), "style", "True or False"),
    Bad("verbose None", _setup(verbose=None), "verbose", "True or False"))
add("environment.outside_tested_range",
    Bad("a version string, not a dict", _outside("3.6"), "versions", "dict"),
    Bad("a lower-case name", _outside({"keras": "3.6"}), "versions", "unknown name"),
    Bad("a version as a float", _outside({"Keras": 3.6}), "versions", "version string"))


ALL_CASES = [pytest.param(key, case, id=f"{key}: {case.label}") for key, cases in CASES.items() for case in cases]


def _names(arg: str) -> str:
    """A regex for ``arg`` as a name in the message (not inside a longer word)."""
    return rf"(?<![\w.]){re.escape(arg)}(?!\w)"


@pytest.mark.parametrize("key, case", ALL_CASES)
def test_bad_input_gets_a_clear_error_naming_the_argument(key, case, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError(f"{key}: trained before refusing the bad input ({case.label})")

    monkeypatch.setattr(training, "_fit", no_training)
    import keras as _keras

    monkeypatch.setattr(_keras.Model, "fit", no_training)
    with pytest.raises(case.error, match=_names(case.arg)) as info:
        case.call()
    if case.says is not None:
        assert re.search(case.says, str(info.value)), f"{str(info.value)!r} does not say {case.says!r}"


def public_api() -> set[str]:
    """``module.name`` of every public function and class: those defined in the topic modules, plus
    ``course_utils.__all__`` and ``_EXTRA`` (the ``exercises`` package is tested by test_exercises.py)."""
    names = set()
    for module_name in TOPIC_MODULES:
        module = importlib.import_module(f"course_utils.{module_name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                names.add(f"{module_name}.{name}")
    for name in [*course_utils.__all__, *course_utils._EXTRA]:
        module_name = course_utils._EXPORTS.get(name) or course_utils._EXTRA.get(name)
        if module_name is not None:
            names.add(f"{module_name}.{name}")
    return names


def test_every_public_function_has_bad_input_cases():
    api = public_api()
    missing = sorted(api - set(CASES) - set(EXEMPT))
    assert not missing, f"public functions with no bad-input case in tests/test_bad_input.py (add them): {missing}"
    stale = sorted((set(CASES) | set(EXEMPT)) - api)
    assert not stale, f"bad-input registry names that are not public API (renamed or removed?): {stale}"
    both = sorted(set(CASES) & set(EXEMPT))
    assert not both, f"names with cases that are still listed as exempt: {both}"
    assert all(reason.strip() for reason in EXEMPT.values())


def cases_per_module() -> dict[str, int]:
    counts: dict[str, int] = {}
    for key, cases in CASES.items():
        counts[key.split(".")[0]] = counts.get(key.split(".")[0], 0) + len(cases)
    return counts


# --------------------------------------------------------------------------------------
# good input that must work
# --------------------------------------------------------------------------------------


def _numpy_scalars_in_build_and_optimizers():
    net = course_utils.build_mlp(np.int64(4), (np.int64(3),), n_classes=np.int64(3), seed=np.int64(0),
                                 dropout=np.float32(0.1), use_bias=np.bool_(True))
    assert net.output_shape == (None, 3)
    optimizer = training.make_optimizer("Adam", np.float32(0.01), beta_1=np.float64(0.8))
    assert math.isclose(float(optimizer.learning_rate), 0.01, rel_tol=1e-6) and optimizer.beta_1 == 0.8
    assert type(training.check_learning_rate(np.float32(0.01))) is float
    assert training.steps_per_epoch(np.int64(1077), np.int32(64)) == 17
    assert training.batch_orders(np.int64(5), np.int64(2), seed=np.int64(0), shuffle=np.bool_(False)).shape == (2, 5)


def _numpy_scalars_in_fast_fit():
    frame = training.fast_fit(model(), X, Y.astype(float), epochs=np.int64(2), batch_size=np.int64(8),
                              seed=np.int64(0), shuffle=np.bool_(True), validation_data=[X.tolist(), Y.tolist()])
    assert len(frame) == 2 and np.isfinite(frame["loss"]).all()


def _numpy_seed_in_sweep_and_range_test():
    frame = lr.lr_sweep((X, Y), [np.float32(0.1)], optimizers=["SGD"], epochs=np.int64(1), batch_size=np.int64(10),
                        hidden=(np.int64(4),), seed=np.int64(0))
    assert list(frame["epoch"]) == [0, 1] and frame["optimizer"].iloc[0] == "sgd"
    frame, suggestion = lr.lr_range_test((X, Y), optimizer="ADAM", steps=np.int64(10), batch_size=np.int64(10),
                                         hidden=np.int64(4), seed=np.int64(0), min_lr=np.float32(1e-4))
    assert len(frame) <= 10 and suggestion > 0


def _lone_callback_and_none():
    one = keras().callbacks.LearningRateScheduler(lambda epoch, rate: 0.05)
    frame = training.fast_fit(model(), X, Y, epochs=1, callbacks=one)
    assert math.isclose(frame["learning_rate"].iloc[0], 0.05, rel_tol=1e-6)
    assert len(training.fast_fit(model(), X, Y, epochs=1, callbacks=None)) == 1


def _nested_lists_as_matrices():
    ax = lr.plot_contour_paths(PATH, [[1, 0], [0, 10]])
    assert ax.get_xlabel() == "w1"
    paths = adam.ravine_paths((0.9,), steps=3, hessian=[[1.0, 0.0], [0.0, 25.0]])
    assert len(paths) == 4
    assert lr.gradient_descent([1, 10], np.float64(0.1), start=[1, 1], steps=np.int64(2)).shape == (3, 4)
    (out,) = initialization.numpy_forward([[1.0, 2.0]], [[[1.0], [1.0]]], activation="linear")
    assert out.tolist() == [[3.0]]
    assert np.isclose(lr.max_stable_learning_rate([np.float32(2.0), 4]), 0.5)


def _one_spelling_for_names():
    for name in ("xavier", "he", "HE_NORMAL", "HeNormal", "glorot_uniform"):
        course_utils.build_mlp(4, (3,), kernel_initializer=name)
        initialization.make_initializer(name)
    assert type(models.resolve_initializer(keras().initializers.HeNormal)).__name__ == "HeNormal"
    for name in ("adam", "Adam", "ADAMW", "sgd", "RMSprop"):
        training.make_optimizer(name)
    assert models.resolve_activation("ReLU") is keras().activations.relu


def _labels_and_data_that_are_fine():
    split_from_lists = course_utils.DataSplit(X.tolist(), Y.tolist(), [], [], [], [], n_classes=3)
    assert split_from_lists.x_train.dtype == np.float32 and split_from_lists.sizes() == {"train": 30, "val": 0, "test": 0}
    assert training.epochs_to_steps(0.5, 1077, 64) in (8, 9)
    assert lr.judge_run(pd.Series([2.3, 1.0, 0.2])) == "good"
    assert len(adam.legacy_decay(0.01, 1e-3, 100)) == 100  # a count: steps 0..99
    assert np.allclose(adam.legacy_decay(0.01, 1e-3, [1000.0]), [0.005])
    assert np.allclose(data.standardize([[0.0, 1.0], [2.0, 3.0]])[0].mean(axis=0), 0.0)


def _chance_loss_legend_follows_chance_loss():
    ax = depth.plot_loss_curves(CURVES, chance_loss=math.log(2))
    assert ax.get_legend_handles_labels()[1][-1] == "chance loss 0.693"


GOOD = [_numpy_scalars_in_build_and_optimizers, _numpy_scalars_in_fast_fit, _numpy_seed_in_sweep_and_range_test,
        _lone_callback_and_none, _nested_lists_as_matrices, _one_spelling_for_names, _labels_and_data_that_are_fine,
        _chance_loss_legend_follows_chance_loss]


@pytest.mark.parametrize("check", GOOD, ids=[f.__name__.strip("_") for f in GOOD])
def test_good_input_works(check):
    check()
