"""Optimizers, compiling and quiet training that returns tidy pandas DataFrames.

Taught in ``00_start_here.ipynb``; the learning-rate notebooks (01-03) build on
:class:`LearningRateLogger` and :func:`fit_history`.
"""

from __future__ import annotations

import contextlib
import io
import numbers

import numpy as np
import pandas as pd

from ._validate import one_of, optional_seed, positive_int, positive_number

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
    nearest step. "Restart every 2 epochs" becomes
    ``first_decay_steps=epochs_to_steps(2, n_train, batch_size)`` (notebooks 02 and 03).
    """
    epochs = positive_number(epochs, "epochs")
    return int(round(epochs * steps_per_epoch(n_samples, batch_size)))


def check_learning_rate(learning_rate, name: str = "learning_rate"):
    """Return a valid Keras learning rate: a positive float, a schedule or a callable."""
    import keras

    if isinstance(learning_rate, keras.optimizers.schedules.LearningRateSchedule) or (
            callable(learning_rate) and not isinstance(learning_rate, numbers.Number)):
        return learning_rate
    if isinstance(learning_rate, np.generic):
        learning_rate = learning_rate.item()
    return positive_number(learning_rate, name)  # a plain float: Keras 3 rejects ints and np.float32


def make_optimizer(name: str = "adam", learning_rate=1e-3, **kwargs):
    """A fresh Keras optimizer by short name ('sgd', 'momentum', 'adam', ...).

    ``learning_rate`` may be a positive number, a ``keras.optimizers.schedules`` schedule or
    a zero-argument callable; extra keyword arguments go to the Keras class
    (``beta_1=0.8``, ``weight_decay=1e-4``, ...).
    """
    import keras

    if isinstance(name, keras.optimizers.Optimizer):
        raise ValueError("name must be an optimizer name such as 'adam'; pass a Keras optimizer object "
                         "directly to compile_classifier(optimizer=...) instead")
    name = one_of(name.lower() if isinstance(name, str) else name, "name", OPTIMIZERS)
    class_name, defaults = OPTIMIZERS[name]
    cls = getattr(keras.optimizers, class_name)
    options = {**defaults, **kwargs}
    try:
        return cls(learning_rate=check_learning_rate(learning_rate), **options)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"invalid keyword arguments for {class_name}: {exc}") from None


def compile_classifier(model, optimizer="adam", learning_rate=1e-3, *, metrics=("accuracy",), **optimizer_kwargs):
    """Compile ``model`` for integer-labelled classification and return it.

    ``optimizer`` is a short name (see :func:`make_optimizer`) or a Keras optimizer object.
    The loss is sparse categorical cross-entropy on softmax outputs.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a keras.Model, got {type(model).__name__}")
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        optimizer = make_optimizer(optimizer, learning_rate, **optimizer_kwargs)
    elif optimizer_kwargs:
        raise ValueError("optimizer keyword arguments only apply when optimizer is given by name")
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=list(metrics))
    return model


def current_learning_rate(optimizer) -> float:
    """The learning rate the optimizer will use for its next step (schedules evaluated)."""
    value = optimizer.learning_rate
    return float(value.numpy() if hasattr(value, "numpy") else value)


def _build_logger_class():
    import keras

    class LearningRateLogger(keras.callbacks.Callback):
        """Record the learning rate used at every optimizer step, with that batch's loss.

        After ``model.fit(..., callbacks=[logger])``, ``logger.frame()`` is a DataFrame with
        columns step, epoch, learning_rate, loss. Keras reports in ``on_train_batch_end`` the
        *running mean* of the epoch's loss so far; this callback turns it back into each
        batch's own loss (l_k = k m_k - (k-1) m_(k-1)).
        """

        def __init__(self):
            super().__init__()
            self.rows = []
            self._epoch = 0
            self._step = 0
            self._prev_mean = 0.0
            self._batches = 0
            self._lr = float("nan")

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch = epoch + 1
            self._prev_mean = 0.0
            self._batches = 0

        def on_train_batch_begin(self, batch, logs=None):
            self._lr = current_learning_rate(self.model.optimizer)

        def on_train_batch_end(self, batch, logs=None):
            logs = logs or {}
            self._step += 1
            self._batches += 1
            row = {"step": self._step, "epoch": self._epoch, "learning_rate": self._lr, "loss": np.nan}
            if "loss" in logs:
                mean = float(logs["loss"])
                row["loss"] = self._batches * mean - (self._batches - 1) * self._prev_mean
                self._prev_mean = mean
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


def _unpack(data):
    from .data import DataSplit

    if isinstance(data, DataSplit):
        return data.x_train, data.y_train, (data.x_val, data.y_val)
    if type(data).__module__.startswith("tensorflow") and hasattr(data, "element_spec"):
        return data, None, None  # a tf.data.Dataset of (x, y) batches
    if isinstance(data, (tuple, list)) and len(data) in (2, 4):
        if len(data) == 2:
            return data[0], data[1], None
        return data[0], data[1], (data[2], data[3])
    raise ValueError("data must be a DataSplit (from load_digits_split), a tuple (x_train, y_train) / "
                     "(x_train, y_train, x_val, y_val), or a tf.data.Dataset of (x, y) batches; "
                     f"got {type(data).__name__}")


def fit_history(model, data, *, epochs: int = 20, batch_size: int = 32, callbacks=(), seed: int | None = None,
                stop_on_nan: bool = True, shuffle: bool = True) -> pd.DataFrame:
    """Fit a compiled model quietly and return its history as a tidy DataFrame.

    One row per epoch: epoch (from 1), loss, accuracy, val_loss, val_accuracy (when
    ``data`` has a validation set) and learning_rate (the rate in force at the end of the
    epoch). With ``stop_on_nan`` a NaN loss ends the run cleanly (Keras's TerminateOnNaN):
    the frame then has fewer rows and ``frame.attrs["diverged"]`` is True.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a keras.Model, got {type(model).__name__}")
    if getattr(model, "optimizer", None) is None or not getattr(model, "compiled", False):
        raise ValueError("model must be compiled first, e.g. compile_classifier(model, 'adam', 1e-3)")
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    seed = optional_seed(seed)
    x, y, validation = _unpack(data)
    if seed is not None:
        keras.utils.set_random_seed(seed)

    lr_by_epoch = []

    class _EpochLR(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            lr_by_epoch.append(current_learning_rate(self.model.optimizer))

    cbs = [*callbacks, _EpochLR()]
    nan_stop = None
    if stop_on_nan:
        nan_stop = keras.callbacks.TerminateOnNaN()
        cbs.append(nan_stop)
    x, validation, shuffle = _as_datasets(x, y, validation, batch_size, shuffle, seed)
    # TerminateOnNaN prints "Batch k: Invalid loss, terminating training" even with verbose=0;
    # k differs between machines, so keep it out of the notebook (frame.attrs says it instead).
    with contextlib.redirect_stdout(io.StringIO()):
        history = model.fit(x, validation_data=validation, epochs=epochs, callbacks=cbs, verbose=0,
                            shuffle=shuffle)
    frame = pd.DataFrame(history.history)
    frame = frame.drop(columns=[c for c in ("learning_rate", "lr") if c in frame.columns])
    frame.insert(0, "epoch", np.arange(1, len(frame) + 1))
    metric_cols = [c for c in frame.columns if c != "epoch" and not c.startswith("val_")]
    metric_cols = sorted(metric_cols, key=lambda c: (c != "loss", c))
    ordered = ["epoch"]
    for c in metric_cols:
        ordered += [c] + ([f"val_{c}"] if f"val_{c}" in frame.columns else [])
    frame = frame[ordered + [c for c in frame.columns if c not in ordered]]
    n = len(frame)
    frame["learning_rate"] = lr_by_epoch[:n] + [np.nan] * (n - len(lr_by_epoch[:n]))
    diverged = bool(len(frame) and not np.all(np.isfinite(frame["loss"].to_numpy(dtype=float))))
    frame.attrs["diverged"] = diverged or (len(frame) < epochs and stop_on_nan and _stopped_on_nan(model))
    return frame


def _as_datasets(x, y, validation, batch_size, shuffle, seed):
    """NumPy arrays -> batched tf.data pipelines, built once.

    Keras rebuilds its own input pipeline for array inputs at every epoch, which costs more
    than the training itself on the course's tiny models (about 0.5 s per 7-epoch run).
    The training set is reshuffled every epoch from ``seed``. A tf.data.Dataset passed as
    ``x`` (with ``y`` None) is used as it is.
    """
    import tensorflow as tf

    if isinstance(x, tf.data.Dataset):
        if y is not None:
            raise ValueError("data: give a tf.data.Dataset of (x, y) batches alone, without a separate y")
        return x, validation, False
    x = np.asarray(x)
    y = np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"data: x and y have different lengths ({len(x)} and {len(y)})")
    train = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle:
        train = train.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    train = train.batch(batch_size)
    if validation is not None:
        validation = tf.data.Dataset.from_tensor_slices(tuple(np.asarray(v) for v in validation)).batch(batch_size)
    return train, validation, False


def _stopped_on_nan(model) -> bool:
    return bool(getattr(model, "stop_training", False))
