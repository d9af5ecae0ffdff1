"""Training: the one fast trainer, optimizers by name for the sweeps, steps and epochs.

* :func:`fast_fit` is ``model.fit``'s arithmetic in one compiled call (mini-batches in a new
  order every epoch, the last smaller batch, the model's optimizer and penalties, early
  stopping, NaN stop, epoch-level callbacks), tested against ``model.fit``. Every sweep and
  many-seed experiment of the course trains with it (notebooks 01-06); the notebooks show
  ``model.fit`` itself where it is taught (00 first).
* :func:`steps_per_epoch` / :func:`epochs_to_steps`: schedules count optimizer steps, not
  epochs (notebooks 02 and 03).
* :class:`LearningRateLogger` records each step's learning rate and each batch's own loss
  (notebook 01's range test).
* :func:`make_optimizer` builds an optimizer from a short name ('sgd', 'momentum', 'adam',
  ...) for the runners that take names.
"""

from __future__ import annotations

import contextlib
import inspect
import logging

import numpy as np
import pandas as pd

from ._validate import (
    _keras_kind,
    _plain,
    boolean,
    callback_list,
    check_xy,
    fraction,
    model_io,
    optional_seed,
    positive_int,
    positive_number,
    validation_pair,
)
from ._validate import learning_rate as _learning_rate

# name -> (Keras class name, extra keyword arguments)
OPTIMIZERS = {
    "sgd": ("SGD", {}),
    "momentum": ("SGD", {"momentum": 0.9}),
    "nesterov": ("SGD", {"momentum": 0.9, "nesterov": True}),
    "adam": ("Adam", {}),
    "adamw": ("AdamW", {}),
    "rmsprop": ("RMSprop", {}),
    "adagrad": ("Adagrad", {}),
    "nadam": ("Nadam", {}),
}


def steps_per_epoch(n_samples: int, batch_size: int) -> int:
    """Optimizer steps in one epoch: ``ceil(n_samples / batch_size)``.

    Keras keeps the last, smaller batch, and it is a full optimizer step too: 1077 samples
    in batches of 64 make 16 full batches and one of 53, so 17 steps. Taught in
    ``02_adam_beta1_and_learning_rate_decay.ipynb`` and ``03_cosine_decay_with_restarts.ipynb``
    (schedules count optimizer steps, not epochs).
    """
    n_samples = positive_int(n_samples, "n_samples")
    batch_size = positive_int(batch_size, "batch_size")
    return -(-n_samples // batch_size)


def epochs_to_steps(epochs, n_samples: int, batch_size: int) -> int:
    """Convert a length in epochs into optimizer steps, the unit every Keras schedule counts in.

    ``epochs * ceil(n_samples / batch_size)``; a fractional ``epochs`` is rounded to the
    nearest step, and one that rounds to 0 steps is refused. "Restart every 2 epochs" becomes
    ``first_decay_steps=epochs_to_steps(2, n_train, batch_size)`` (notebooks 02 and 03).
    """
    epochs = positive_number(epochs, "epochs")
    per_epoch = steps_per_epoch(n_samples, batch_size)
    steps = int(round(epochs * per_epoch))
    if steps < 1:
        raise ValueError(f"epochs={epochs:g} is {epochs * per_epoch:.2g} optimizer steps at {per_epoch} steps per "
                         f"epoch, which rounds to 0: give at least 1/{per_epoch} of an epoch (epochs >= "
                         f"{0.5 / per_epoch:.2g})")
    return steps


def check_learning_rate(learning_rate, name: str = "learning_rate"):
    """Return a valid Keras learning rate: a positive float (NumPy scalars and ints converted: Keras 3
    refuses them), a ``keras.optimizers.schedules.LearningRateSchedule`` instance or a zero-argument
    callable. A schedule class (without ``()``) and a ``lambda epoch, lr:`` function (a
    LearningRateScheduler's) get a message saying what to pass instead.

    Used by :func:`make_optimizer` (notebooks 01-06).
    """
    return _learning_rate(learning_rate, name)


def _optimizer_name(value, name: str = "optimizer") -> str:
    """One spelling policy for optimizer names in every helper: a key of OPTIMIZERS, in any case."""
    value = _plain(value)
    if isinstance(value, str) and value.lower() in OPTIMIZERS:
        return value.lower()
    if _keras_kind(value, "Optimizer"):
        what = f"the class {value.__name__}" if isinstance(value, type) else f"a Keras {type(value).__name__} object"
        raise ValueError(f"{name} must be an optimizer name such as 'adam' (this helper builds a fresh optimizer "
                         f"for every run; give the learning rate and options separately); got {what}")
    import difflib

    near = difflib.get_close_matches(value.lower(), OPTIMIZERS, n=1) if isinstance(value, str) else []
    raise ValueError(f"{name} must be one of {', '.join(map(repr, OPTIMIZERS))} (any case); got {value!r}"
                     + (f" (did you mean {near[0]!r}?)" if near else ""))


# optimizer keywords by the check they get (the learning rate is checked on its own)
_RATES = ("beta_1", "beta_2", "momentum", "rho", "ema_momentum")
_OPTIONAL_POSITIVE = ("clipnorm", "clipvalue", "global_clipnorm")
_FLAGS = ("nesterov", "amsgrad", "use_ema", "centered")


def _optimizer_options(cls, options: dict, label=lambda key: key) -> dict:
    """Check keyword arguments for a Keras optimizer class: known names, numbers in their ranges
    (beta_1, beta_2, momentum, rho in [0, 1); epsilon > 0; weight_decay >= 0), flags True/False."""
    allowed = [p for p in inspect.signature(cls.__init__).parameters
               if p not in ("self", "args", "kwargs", "learning_rate", "name")]
    out = {}
    for key, value in options.items():
        where = label(key)
        if key == "lr":
            raise ValueError(f"{where}: Keras 3 calls it learning_rate (lr= was removed)")
        if key == "decay":
            raise ValueError(f"{where}: Keras 3 optimizers have no decay=; use a schedule, e.g. "
                             "keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)")
        if key not in allowed:
            raise ValueError(f"{where}: {cls.__name__} has no option {key!r}; its options are {', '.join(allowed)}")
        value = _plain(value)
        if key in _RATES:
            value = fraction(value, where)
        elif key == "epsilon":
            value = positive_number(value, where)
        elif key == "weight_decay":
            value = None if value is None else positive_number(value, where, allow_zero=True)
        elif key in _OPTIONAL_POSITIVE:
            value = None if value is None else positive_number(value, where)
        elif key in _FLAGS:
            value = boolean(value, where)
        out[key] = value
    return out


def make_optimizer(name: str = "adam", learning_rate=1e-3, **kwargs):
    """A fresh Keras optimizer by short name ('sgd', 'momentum', 'adam', ...; any case).

    ``learning_rate`` may be a positive number, a ``keras.optimizers.schedules`` schedule or
    a zero-argument callable; extra keyword arguments go to the Keras class
    (``beta_1=0.8``, ``weight_decay=1e-4``, ...), checked first: known names only, beta_1,
    beta_2 and momentum in [0, 1), epsilon > 0, weight_decay >= 0.

    Used by the runners of notebooks 01, 03, 05 and 06.
    """
    import keras

    if _keras_kind(name, "Optimizer") and not isinstance(name, type):
        raise ValueError("name must be an optimizer name such as 'adam'; a Keras optimizer object goes to "
                         "model.compile(optimizer=...) directly")
    name = _optimizer_name(name, "name")
    class_name, defaults = OPTIMIZERS[name]
    cls = getattr(keras.optimizers, class_name)
    options = {**defaults, **_optimizer_options(cls, kwargs)}
    learning_rate = check_learning_rate(learning_rate)
    try:
        return cls(learning_rate=learning_rate, **options)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"invalid keyword arguments for {class_name}: {exc}") from None


def current_learning_rate(optimizer) -> float:
    """The learning rate the optimizer will use for its next step (schedules evaluated).

    Used in notebooks 01 and 05.
    """
    _require_optimizer(optimizer)
    value = optimizer.learning_rate
    return float(value.numpy() if hasattr(value, "numpy") else value)


def _build_logger_class():
    import keras

    class LearningRateLogger(keras.callbacks.Callback):
        """Record the learning rate used at every optimizer step, with that batch's loss.

        After ``model.fit(..., callbacks=[logger])``, ``logger.frame()`` is a DataFrame with
        columns step, epoch, learning_rate, loss. Keras reports in ``on_train_batch_end`` the
        *running mean* of the epoch's loss so far, weighted by batch size; this callback turns
        it back into each batch's own loss with cumulative sample counts:
        ``l_k = (N_k m_k - N_(k-1) m_(k-1)) / n_k`` (``n_k`` samples in batch k, ``N_k`` so far).
        ``k m_k - (k-1) m_(k-1)`` would be wrong on an epoch's last, smaller batch. The batch
        size comes from ``batch_size`` and ``n_samples`` (what you passed to ``fit``). Taught in
        ``01_learning_rate_too_small_too_large.ipynb`` (the LR range test).
        """

        def __init__(self, batch_size: int, n_samples: int):
            super().__init__()
            self.batch_size = positive_int(batch_size, "batch_size")
            self.n_samples = positive_int(n_samples, "n_samples")
            self.rows = []
            self._epoch = 0
            self._step = 0
            self._prev_mean = 0.0
            self._seen = 0
            self._lr = float("nan")

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch = epoch + 1
            self._prev_mean = 0.0
            self._seen = 0

        def on_train_batch_begin(self, batch, logs=None):
            self._lr = current_learning_rate(self.model.optimizer)

        def on_train_batch_end(self, batch, logs=None):
            logs = logs or {}
            self._step += 1
            n_k = min(self.batch_size, self.n_samples - self._seen)
            if n_k <= 0:
                raise ValueError(f"LearningRateLogger(batch_size={self.batch_size}, n_samples={self.n_samples}) "
                                 "saw more batches in an epoch than these allow; pass what you give to fit")
            seen = self._seen + n_k
            row = {"step": self._step, "epoch": self._epoch, "learning_rate": self._lr, "loss": np.nan}
            if "loss" in logs:
                mean = float(logs["loss"])
                row["loss"] = (seen * mean - self._seen * self._prev_mean) / n_k
                self._prev_mean = mean
            self._seen = seen
            self.rows.append(row)

        def frame(self) -> pd.DataFrame:
            return pd.DataFrame(self.rows, columns=["step", "epoch", "learning_rate", "loss"])

    LearningRateLogger.__module__ = __name__
    return LearningRateLogger


def __getattr__(name):
    # LearningRateLogger subclasses a Keras class, so it is built on first use: importing
    # this module must not import Keras.
    if name == "LearningRateLogger":
        cls = _build_logger_class()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------
# the fast trainer: model.fit's arithmetic in one compiled call
# --------------------------------------------------------------------------------------

# model -> {(has_validation, evaluate_train): _CompiledRun}; dropped with the model
_RUNS = None


def _compiled_runs():
    global _RUNS
    if _RUNS is None:
        import weakref

        _RUNS = weakref.WeakKeyDictionary()
    return _RUNS


def _require_optimizer(optimizer, name: str = "optimizer") -> None:
    if not _keras_kind(optimizer, "Optimizer") or isinstance(optimizer, type):
        what = f"the class {optimizer.__name__}: add ()" if isinstance(optimizer, type) else type(optimizer).__name__
        raise ValueError(f"{name} must be a Keras optimizer object, e.g. model.optimizer or "
                         f"keras.optimizers.Adam(learning_rate=0.01); got {what}")


def reset_optimizer(optimizer, learning_rate=None) -> None:
    """Put an optimizer back to step 0: zero its step count and moment estimates.

    ``learning_rate`` (a positive number) replaces a constant learning rate; an optimizer
    built with a schedule keeps its schedule (which starts again from step 0). Used to
    re-run a compiled model from fresh weights without compiling again (every compile traces
    a new training function, about a second each).

    Taught in ``00_start_here.ipynb`` (with :func:`fast_fit`); the runners of notebooks 01-06 use it.
    """
    _require_optimizer(optimizer)
    lr_variable = getattr(optimizer, "_learning_rate", None)
    if learning_rate is not None:
        learning_rate = _learning_rate(learning_rate, schedules=False)
        if _keras_kind(lr_variable, "LearningRateSchedule") or callable(lr_variable):
            raise ValueError("learning_rate must be None for an optimizer built with a schedule (it restarts from "
                             "step 0 by itself); to use a constant rate, compile a new optimizer")
    for variable in getattr(optimizer, "variables", []):
        if variable is lr_variable or variable.path.endswith("learning_rate"):
            continue
        variable.assign(np.zeros(tuple(variable.shape), dtype=variable.dtype))
    if learning_rate is not None:
        optimizer.learning_rate = learning_rate


class _CompiledRun:
    """One traced training loop for one model: every epoch, batch and validation pass in a graph."""

    def __init__(self, model, has_validation: bool, evaluate_train: bool):
        import keras
        import tensorflow as tf

        self.model = model
        self.has_validation = has_validation
        self.evaluate_train = evaluate_train
        optimizer = model.optimizer
        variables = model.trainable_variables
        if not optimizer.built:
            optimizer.build(variables)
        self.best = [tf.Variable(tf.zeros(tuple(w.shape), w.dtype), trainable=False) for w in model.weights]
        loss = model.loss
        self.loss_fn = keras.losses.get(loss) if isinstance(loss, str) else loss
        loss_fn = self.loss_fn

        def penalty():
            return tf.add_n([tf.cast(v, tf.float32) for v in model.losses]) if model.losses else tf.constant(0.0)

        def correct(labels, probs):
            hits = tf.equal(tf.argmax(probs, axis=-1, output_type=tf.int32), tf.cast(labels, tf.int32))
            return tf.reduce_sum(tf.cast(hits, tf.float32))

        def step(xb, yb):
            with tf.GradientTape() as tape:
                probs = model(xb, training=True)
                value = tf.reduce_mean(loss_fn(yb, probs)) + penalty()
            grads = tape.gradient(value, variables)
            optimizer.apply(grads, variables)
            return value, correct(yb, probs)

        def evaluate(xe, ye):
            probs = model(xe, training=False)
            n = tf.cast(tf.shape(xe)[0], tf.float32)
            return tf.reduce_mean(loss_fn(ye, probs)) + penalty(), correct(ye, probs) / n

        def learning_rate():
            return tf.cast(optimizer.learning_rate, tf.float32)

        def save_best():
            for b, w in zip(self.best, model.weights):
                b.assign(w.value)

        # autograph would rewrite Keras's own Python code inside the loops (slow to trace)
        step, evaluate, learning_rate, penalty, save_best = (
            tf.autograph.experimental.do_not_convert(f) for f in (step, evaluate, learning_rate, penalty, save_best))

        def run(x, y, xv, yv, orders, batch_size, patience, stop_on_nan):
            n = tf.shape(x)[0]
            epochs = tf.shape(orders)[0]
            n_batches = (n + batch_size - 1) // batch_size
            rows = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
            best, wait, best_epoch, stopped = tf.constant(np.inf, tf.float32), 0, -1, False
            diverged = False
            n_done = 0
            for epoch in tf.range(epochs):
                order = orders[epoch]
                rate = learning_rate()  # in force at the epoch's first step, as History logs it
                total, hits, seen = tf.constant(0.0), tf.constant(0.0), tf.constant(0.0)
                for i in tf.range(n_batches):
                    idx = order[i * batch_size:(i + 1) * batch_size]
                    value, right = step(tf.gather(x, idx), tf.gather(y, idx))
                    size = tf.cast(tf.shape(idx)[0], tf.float32)
                    total += value * size
                    hits += right
                    seen += size
                    if stop_on_nan and not tf.math.is_finite(total / seen):
                        diverged = True  # keras.callbacks.TerminateOnNaN: stop at this batch
                        break
                row = [total / seen, hits / seen, rate, penalty()]
                if self.has_validation:
                    val_loss, val_acc = evaluate(xv, yv)
                    row += [val_loss, val_acc]
                    if patience > 0:
                        # keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                        #                               restore_best_weights=True)
                        wait += 1
                        if val_loss < best:
                            best, best_epoch, wait = val_loss, epoch, 0
                            save_best()
                        elif wait >= patience and epoch > 0:
                            stopped = True
                if self.evaluate_train:
                    row += list(evaluate(x, y))
                rows = rows.write(epoch, tf.stack(row))
                n_done = epoch + 1
                if diverged or stopped:
                    break
            return rows.stack()[:n_done], best_epoch, diverged, stopped

        signature = [tf.TensorSpec([None, None], tf.float32), tf.TensorSpec([None], tf.int32),
                     tf.TensorSpec([None, None], tf.float32), tf.TensorSpec([None], tf.int32),
                     tf.TensorSpec([None, None], tf.int32), tf.TensorSpec([], tf.int32),
                     tf.TensorSpec([], tf.int32), tf.TensorSpec([], tf.bool)]
        self.run = tf.function(run, input_signature=signature)

    def restore_best(self) -> None:
        for w, b in zip(self.model.weights, self.best):
            w.assign(b.value())


def batch_orders(n_samples: int, epochs: int, *, seed: int | None = 0, shuffle: bool = True) -> np.ndarray:
    """The order in which :func:`fast_fit` visits the samples, one row per epoch (a new permutation each).

    Drawn with ``numpy.random.default_rng(seed)``; ``shuffle=False`` keeps the data order.

    Taught with :func:`fast_fit` (``00_start_here.ipynb``).
    """
    n_samples, epochs = positive_int(n_samples, "n_samples"), positive_int(epochs, "epochs")
    rng = np.random.default_rng(optional_seed(seed))
    shuffle = boolean(shuffle, "shuffle")
    return np.stack([rng.permutation(n_samples) if shuffle else np.arange(n_samples) for _ in range(epochs)])


def _fit_logs(validation: bool = True, evaluate_train: bool = False) -> list[str]:
    """The names :func:`fast_fit` logs per epoch, what an epoch callback's ``monitor`` may name.

    Used by the runners of notebooks 02 and 03 to check callbacks before training.
    """
    return ["loss", "accuracy", *(["val_loss", "val_accuracy"] if validation else []),
            *(["train_loss", "train_accuracy"] if evaluate_train else [])]


def _epoch_callbacks(callbacks, name: str = "callbacks", *, logs=None) -> list:
    """Keras callbacks that act at epoch boundaries, as a list (None: none; a lone callback is wrapped).

    A callback class without ``()``, a string or a function gets a message saying what to pass; a
    per-batch callback is refused (train with ``model.fit`` for it); with ``logs``
    (:func:`_fit_logs`), so is a ``monitor`` that the run does not log (``monitor="val_los"``).
    Used by :func:`fast_fit` and the runners of notebooks 02 and 03.
    """
    import keras

    callbacks = callback_list(callbacks, name, logs=logs)
    base = keras.callbacks.Callback
    for i, cb in enumerate(callbacks):
        per_batch = [h for h in ("on_train_batch_begin", "on_train_batch_end", "on_batch_begin", "on_batch_end")
                     if getattr(type(cb), h) is not getattr(base, h)]
        if per_batch:
            raise ValueError(f"{name}[{i}] ({type(cb).__name__}) works per batch ({per_batch[0]}); fast_fit "
                             "calls only the epoch hooks: train with model.fit for this callback")
    return callbacks


def fast_fit(model, x, y, *, epochs: int = 1, batch_size: int = 32, validation_data=None, shuffle: bool = True,
             seed: int | None = 0, patience: int | None = None, stop_on_nan: bool = True,
             evaluate_train: bool = False, callbacks=()) -> pd.DataFrame:
    """Train a compiled classifier like ``model.fit``, in one compiled call; return the history as a DataFrame.

    The same arithmetic as ``model.fit(x, y, epochs=..., batch_size=..., validation_data=...)``:
    mini-batches in a new order every epoch (drawn from ``seed``; ``shuffle=False`` keeps the
    data order), a last, smaller batch when the data do not divide evenly, the model's own
    optimizer (schedules and weight decay included), loss and regularization penalties, and
    per epoch the batch-size-weighted mean loss and accuracy Keras reports. ``patience``
    works like ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
    restore_best_weights=True)``; ``stop_on_nan`` like ``keras.callbacks.TerminateOnNaN()``.
    What it leaves out is what costs time on tiny models: metrics objects, per-batch callbacks
    and the per-batch Python loop. ``callbacks`` (a list, a lone callback or None, as in
    ``model.fit``) may hold Keras callbacks that act between epochs (``LearningRateScheduler``,
    ``ReduceLROnPlateau``, ``EarlyStopping``, ...): then each epoch is one compiled call, and their
    ``on_epoch_begin`` / ``on_epoch_end`` run with the epoch's logs as in ``model.fit``
    (``model.stop_training`` ends the run); a ``monitor`` the run does not log is refused.
    ``x`` and ``y`` are checked first (2-D finite numbers with the model's input size; one integer
    label per row, below the model's output count), so bad data never reaches TensorFlow. The tests
    check it against ``model.fit`` (weights and losses within 1e-5).

    Columns: epoch (from 1), loss, accuracy, learning_rate (the rate at the epoch's first step,
    what History shows with a LearningRateScheduler or ReduceLROnPlateau),
    penalty (the regularization losses after the epoch), val_loss, val_accuracy (with
    ``validation_data``) and, with ``evaluate_train=True``, train_loss and train_accuracy:
    the training set evaluated like the validation set after each epoch (inference mode,
    dropout off), a like-for-like train-validation gap. ``frame.attrs``: diverged,
    stopped_early, best_epoch (from 1; early stopping only). The compiled loop is kept with
    the model, so a second call does not trace again: re-run from fresh weights with
    ``model.set_weights(...)`` and :func:`reset_optimizer`.

    Taught in ``00_start_here.ipynb``; every sweep of notebooks 01-06 trains with it.
    """
    _check_compiled_classifier(model)
    n_features, n_classes = model_io(model)
    x, y = check_xy(x, y, n_features=n_features, n_classes=n_classes)
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    seed = optional_seed(seed)
    shuffle, stop_on_nan = boolean(shuffle, "shuffle"), boolean(stop_on_nan, "stop_on_nan")
    evaluate_train = boolean(evaluate_train, "evaluate_train")
    if validation_data is not None:
        xv, yv = validation_pair(validation_data, n_features=x.shape[1], n_classes=n_classes)
    else:
        xv, yv = np.zeros((0, x.shape[1]), np.float32), np.zeros(0, np.int32)
    if patience is not None:
        patience = positive_int(patience, "patience")
        if validation_data is None:
            raise ValueError("patience (early stopping on val_loss) needs validation_data")
    callbacks = _epoch_callbacks(callbacks, logs=_fit_logs(validation_data is not None, evaluate_train))
    if callbacks and patience is not None:
        raise ValueError("give early stopping either as patience= or as a keras.callbacks.EarlyStopping in "
                         "callbacks, not both")

    orders = batch_orders(len(x), epochs, seed=seed, shuffle=bool(shuffle)).astype(np.int32)
    key = (validation_data is not None, bool(evaluate_train))
    runs = _compiled_runs().setdefault(model, {})
    if key not in runs:
        runs[key] = _CompiledRun(model, *key)
    compiled = runs[key]
    columns = ["loss", "accuracy", "learning_rate", "penalty"]
    if validation_data is not None:
        columns += ["val_loss", "val_accuracy"]
    if evaluate_train:
        columns += ["train_loss", "train_accuracy"]
    args = (x, y, xv, yv)
    with _quiet_tensorflow_logger():
        return _fit(model, compiled, args, orders, batch_size, patience, stop_on_nan, callbacks, columns)


def _check_compiled_classifier(model, name: str = "model") -> None:
    """ValueError unless ``model`` is a Keras model compiled with an optimizer and
    ``loss="sparse_categorical_crossentropy"`` (integer labels), what :func:`fast_fit` trains.

    Taught with :func:`fast_fit` (``00_start_here.ipynb``); the runners of notebooks 05 check with it.
    """
    import keras

    if not isinstance(model, keras.Model):
        what = "the class (add ())" if isinstance(model, type) else type(model).__name__
        raise ValueError(f"{name} must be a keras.Model, got {what}")
    if getattr(model, "optimizer", None) is None or not getattr(model, "compiled", False):
        raise ValueError(f"{name} must be compiled first: model.compile(optimizer=..., "
                         "loss='sparse_categorical_crossentropy', metrics=['accuracy'])")
    loss = model.loss
    loss_name = loss if isinstance(loss, str) else type(loss).__name__
    if loss_name not in ("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"):
        raise ValueError(f"{name} must be compiled with loss='sparse_categorical_crossentropy' (integer labels); "
                         f"it has {loss!r}")
    if model_io(model)[1] == 1:
        raise ValueError(f"{name} has one output unit: a softmax over one class is always 1 (loss 0, nothing to "
                         "learn); give the output layer one unit per class, e.g. Dense(2, activation='softmax')")


@contextlib.contextmanager
def _quiet_tensorflow_logger():
    """Every model gets its own traced loop; after a few new models TensorFlow's Python logger
    warns about "retracing" into the notebook's stderr. Silence it while fast_fit runs."""
    logger = logging.getLogger("tensorflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _fit(model, compiled, args, orders, batch_size, patience, stop_on_nan, callbacks, columns):
    if not callbacks:
        rows, best_epoch, diverged, stopped = compiled.run(
            *args, orders, np.int32(batch_size), np.int32(patience or 0), bool(stop_on_nan))
        rows = np.asarray(rows, dtype=np.float64)
    else:
        rows, best_epoch, diverged, stopped = _run_with_callbacks(
            model, compiled, args, orders, batch_size, stop_on_nan, callbacks, columns)
    frame = pd.DataFrame(rows, columns=columns)
    frame.insert(0, "epoch", np.arange(1, len(frame) + 1))
    if patience is not None and int(best_epoch) >= 0:
        compiled.restore_best()
    frame.attrs.update(diverged=bool(diverged), stopped_early=bool(stopped),
                       best_epoch=int(best_epoch) + 1 if patience is not None else None)
    return frame


def _run_with_callbacks(model, compiled, args, orders, batch_size, stop_on_nan, callbacks, columns):
    """One compiled call per epoch, with the callbacks' epoch hooks in between (as model.fit calls them)."""
    model.stop_training = False
    for cb in callbacks:
        cb.set_model(model)
        cb.on_train_begin()
    rows, diverged = [], False
    for epoch in range(len(orders)):
        for cb in callbacks:
            cb.on_epoch_begin(epoch)
        out, _, diverged, _ = compiled.run(*args, orders[epoch:epoch + 1], np.int32(batch_size), np.int32(0),
                                          bool(stop_on_nan))
        row = np.asarray(out, dtype=np.float64)[0]
        rows.append(row)
        logs = {k: float(v) for k, v in zip(columns, row) if k not in ("penalty", "learning_rate")}
        for cb in callbacks:
            cb.on_epoch_end(epoch, logs)
        if bool(diverged) or model.stop_training:
            break
    stopped = bool(model.stop_training) and not bool(diverged)
    for cb in callbacks:
        cb.on_train_end()
    return np.array(rows), -1, diverged, stopped
