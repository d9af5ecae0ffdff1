"""Argument checks shared by the public helpers: the one boundary every argument crosses.

Every public helper validates its arguments up front and raises ``ValueError`` that names
the argument as the learner passed it, says what was passed and what is allowed, so a
learner never sees a stack trace from deep inside Keras, nor a silently wrong result.

* scalars: :func:`positive_number`, :func:`positive_int`, :func:`fraction`, :func:`boolean`,
  :func:`one_of`, seeds (:func:`optional_seed`, :func:`seed_list`), lists (:func:`number_list`);
  NumPy scalars (``np.int64(0)``, ``np.float32(0.01)``) are accepted and returned as Python types;
* data: :func:`features`, :func:`labels`, :func:`check_xy` and :func:`validation_pair` (2-D finite
  numbers, 1-D integer labels, lengths, the model's input size and class count);
* what is passed through to Keras: :func:`learning_rate` (number, schedule instance or
  zero-argument callable) and :func:`callback_list`.

Nothing here imports Keras at import time (``callback_list`` imports it when called).
"""

from __future__ import annotations

import difflib
import inspect
import math
import numbers
from collections.abc import Iterable, Mapping

import numpy as np

# --------------------------------------------------------------------------------------
# scalars
# --------------------------------------------------------------------------------------


def _plain(value):
    """A NumPy scalar as the Python scalar it holds (np.float32(0.01) -> 0.01); anything else unchanged."""
    return value.item() if isinstance(value, np.generic) else value


def _is_bool(value) -> bool:
    return isinstance(value, (bool, np.bool_))


def _got(value) -> str:
    """What was passed, for a message: the value and its type."""
    text = repr(value)
    return f"{text[:80]}{'...' if len(text) > 80 else ''} ({type(value).__name__})"


def positive_number(value, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float; raise ValueError naming ``name`` unless it is > 0 (>= 0 with allow_zero)."""
    allowed = "a number >= 0" if allow_zero else "a positive number"
    value = _plain(value)
    if isinstance(value, str):
        raise ValueError(f"{name} must be {allowed}, got the string {value!r}: write the number without quotes")
    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {allowed}, got {_got(value)}")
    value = float(value)
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return value


def positive_int(value, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int; raise ValueError naming ``name`` unless it is an integer >= minimum."""
    value = _plain(value)
    if _is_bool(value) or not isinstance(value, numbers.Integral):
        hint = ""
        if isinstance(value, float) and math.isfinite(value) and value == int(value):
            hint = f": write {int(value)} (a whole number without the decimal point)"
        elif isinstance(value, str):
            hint = ": write the number without quotes"
        raise ValueError(f"{name} must be an integer >= {minimum}, got {_got(value)}{hint}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def fraction(value, name: str, *, low: float = 0.0, high: float = 1.0,
             include_low: bool = True, include_high: bool = False) -> float:
    """Return ``value`` as a float in the interval [low, high) (bounds configurable)."""
    interval = f"{'[' if include_low else '('}{low:g}, {high:g}{']' if include_high else ')'}"
    value = _plain(value)
    if _is_bool(value) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        quotes = ": write the number without quotes" if isinstance(value, str) else ""
        raise ValueError(f"{name} must be a number in {interval}, got {_got(value)}{quotes}")
    value = float(value)
    ok_low = value >= low if include_low else value > low
    ok_high = value <= high if include_high else value < high
    if not (ok_low and ok_high):
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return value


def boolean(value, name: str) -> bool:
    """Return ``value`` as a bool; only True or False (or a NumPy bool) is accepted.

    The string "False" is refused: Python counts any non-empty string as true, so
    ``deterministic="False"`` would silently mean True. So are 0 and 1.
    """
    if _is_bool(value):
        return bool(value)
    hint = ""
    if isinstance(value, str):
        hint = ": write True or False without quotes (any non-empty string counts as true)"
    elif isinstance(value, numbers.Number):
        hint = ": write True or False, not a number"
    raise ValueError(f"{name} must be True or False, got {_got(value)}{hint}")


def one_of(value, name: str, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``; else ValueError listing them (and the nearest match)."""
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        near = difflib.get_close_matches(value, allowed, n=1) if isinstance(value, str) else []
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}{hint}")
    return value


def optional_seed(seed, name: str = "seed"):
    """Return ``seed``: None (fresh randomness) or a non-negative int (NumPy integers accepted)."""
    if seed is None:
        return None
    seed = _plain(seed)
    if _is_bool(seed) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"{name} must be None or a non-negative integer such as 0, got {_got(seed)}")
    return int(seed)


def seed_list(seeds, name: str = "seeds") -> list[int]:
    """Return ``seeds`` (one seed or a non-empty list of them) as a list of non-negative ints."""
    message = f"{name} must be a non-empty list of non-negative integers, e.g. (0, 1, 2)"
    seeds = _plain(seeds)
    if isinstance(seeds, numbers.Integral) and not _is_bool(seeds):
        seeds = [seeds]
    if isinstance(seeds, (str, bytes, Mapping)) or not isinstance(seeds, Iterable):
        raise ValueError(f"{message}; got {_got(seeds)}")
    seeds = list(seeds)
    if not seeds:
        raise ValueError(f"{message}; got an empty list")
    out = []
    for i, s in enumerate(seeds):
        s = _plain(s)
        if _is_bool(s) or not isinstance(s, numbers.Integral) or s < 0:
            raise ValueError(f"{name}[{i}] must be a non-negative integer such as 0, got {_got(s)}")
        out.append(int(s))
    return out


def number_list(values, name: str, check_item, *, what: str, example: str, unique: bool = False) -> list:
    """Return a non-empty list, each item checked by ``check_item(value, f"{name}[i]")``.

    ``what`` says what is allowed ("positive numbers"), ``example`` shows it ("[1e-3, 1e-2]").
    A lone number or string is refused: the argument is a list. So is a dict (iterating it
    would give its keys) and a DataFrame (its column names).
    """
    message = f"{name} must be a non-empty list of {what}, e.g. {example}"
    if isinstance(values, (str, bytes, numbers.Number, np.generic)):
        raise ValueError(f"{message}; got {_got(values)}")
    if isinstance(values, Mapping):
        raise ValueError(f"{message}; got a dict (its keys would be used): pass the list itself, "
                         "e.g. history.history['loss'] or list(d.values())")
    if type(values).__name__ == "DataFrame":
        raise ValueError(f"{message}; got a DataFrame (its column names would be used): pass one column, "
                         "e.g. frame['loss']")
    try:
        values = list(values)
    except TypeError:
        raise ValueError(f"{message}; got {_got(values)}") from None
    if not values:
        raise ValueError(f"{message}; got an empty list")
    checked = [check_item(v, f"{name}[{i}]") for i, v in enumerate(values)]
    if unique and len(set(checked)) != len(checked):
        raise ValueError(f"{name} must not repeat a value, got {values!r}")
    return checked


def steps_list(steps, name: str = "steps") -> np.ndarray:
    """Optimizer steps: an int count n (steps 0..n-1) or a non-empty list of whole numbers >= 0.

    A lone float such as 100.0 is refused: it could mean 100 steps or the step 100.
    """
    steps = _plain(steps)
    if isinstance(steps, numbers.Integral) and not _is_bool(steps):
        return np.arange(positive_int(steps, name))
    message = (f"{name} must be a number of steps (an int n >= 1: steps 0..n-1) or a list of steps >= 0, "
               f"e.g. 100 or [0, 10, 100]")
    if isinstance(steps, float):
        raise ValueError(f"{message}; got the float {steps!r}: for {steps:g} steps pass the int "
                         f"{int(steps) if math.isfinite(steps) else 'n'} (or np.arange(n)), for the one step "
                         f"{steps:g} pass [{steps:g}]")
    if isinstance(steps, (str, bytes, Mapping)) or not isinstance(steps, Iterable):
        raise ValueError(f"{message}; got {_got(steps)}")
    try:
        arr = np.asarray(list(steps))
    except (TypeError, ValueError):
        raise ValueError(f"{message}; got {_got(steps)}") from None
    if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iuf":
        raise ValueError(f"{message}; got {_got(steps)}")
    if arr.dtype.kind == "f" and not (np.all(np.isfinite(arr)) and np.all(arr == np.round(arr))):
        raise ValueError(f"{name} must hold whole optimizer steps (0, 1, 2, ...), got {_got(steps)}")
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0 (optimizer steps count from 0), got {_got(steps)}")
    return arr.astype(np.int64)


# --------------------------------------------------------------------------------------
# data: x, y, validation data
# --------------------------------------------------------------------------------------


def _is_dataset(value) -> bool:
    return (type(value).__module__ or "").startswith("tensorflow") and hasattr(value, "element_spec")


def _dataset_message(name: str) -> str:
    return (f"{name} is a tf.data.Dataset; this helper takes arrays (NumPy arrays or lists) and draws its own "
            "batches: pass the arrays themselves, e.g. data.x_train and data.y_train (a Dataset is for "
            "model.fit(dataset))")


def _array(value, name: str, what: str) -> np.ndarray:
    if value is None:
        raise ValueError(f"{name} must be {what}, got None")
    if _is_dataset(value):
        raise ValueError(_dataset_message(name))
    if isinstance(value, (str, bytes, Mapping)):
        raise ValueError(f"{name} must be {what}, got {_got(value)}")
    try:
        return np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists
        raise ValueError(f"{name} must be {what}; its rows have different lengths") from None


def features(x, name: str = "x", *, n_features: int | None = None, allow_empty: bool = False,
             expected: str = "the model expects {n}") -> np.ndarray:
    """``x`` as a 2-D float32 array (samples, features) of finite numbers; lists and NumPy arrays accepted.

    ``n_features`` (e.g. the model's input size) must match the number of columns; ``expected`` says
    who expects that many (``{n}`` is replaced by it).
    """
    what = "a 2-D array of numbers (samples, features)"
    arr = _array(x, name, what)
    if allow_empty and arr.size == 0 and arr.ndim <= 2 and arr.dtype.kind in "fiuO":  # [] or np.zeros((0, k))
        return np.zeros((0, arr.shape[1] if arr.ndim == 2 else n_features or 0), np.float32)
    if arr.dtype.kind in "OUSV" or arr.dtype.kind == "b":
        kind = "strings" if arr.dtype.kind in "US" else "booleans" if arr.dtype.kind == "b" else "non-numbers"
        raise ValueError(f"{name} must be {what}; it holds {kind} (dtype {arr.dtype})")
    if arr.ndim == 0:
        raise ValueError(f"{name} must be {what}; got the single number {arr.item()!r}")
    if arr.ndim == 1:
        raise ValueError(f"{name} must be 2-D (samples, features); got shape {arr.shape}; use "
                         f"{name}.reshape(-1, 1) for one feature, or {name}.reshape(1, -1) for one sample")
    if arr.ndim > 2:
        raise ValueError(f"{name} must be 2-D (samples, features); got shape {arr.shape}: flatten each sample, "
                         f"e.g. {name}.reshape(len({name}), -1)")
    if arr.shape[1] == 0 or (len(arr) == 0 and not allow_empty):
        raise ValueError(f"{name} must be {what}, not empty; got shape {arr.shape}")
    with np.errstate(over="ignore"):
        out = arr.astype(np.float32)
    bad = ~np.isfinite(out)
    if bad.any():
        n_nan, n_inf = int(np.isnan(out).sum()), int(np.isinf(out).sum())
        row, col = (int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} holds {int(bad.sum())} values that are not finite numbers ({n_nan} NaN, {n_inf} inf or "
            f"beyond float32's range) in {int(bad.any(axis=1).sum())} of its {len(out)} rows, the first at row "
            f"{row}, column {col}: drop or fill them first (e.g. np.nan_to_num); a NaN input makes every output "
            "NaN (in training, a NaN loss that would look like a diverged run)")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(f"{name} has {arr.shape[1]} features (shape {arr.shape}) but {expected.format(n=n_features)}")
    return out


def labels(y, name: str = "y", *, n: int | None = None, n_classes: int | None = None, name_x: str = "x",
           allow_empty: bool = False, classes_of: str | None = None) -> np.ndarray:
    """``y`` as a 1-D int32 array of class labels 0..n_classes-1, one per sample of ``name_x``.

    Whole-number floats (3.0) are accepted; a column (n, 1) is flattened. One-hot rows, strings,
    fractions, NaN and negative labels are refused with what to do instead. ``classes_of`` says
    where ``n_classes`` comes from (default: the model's outputs).
    """
    what = "a 1-D array of integer class labels (0, 1, 2, ...)"
    arr = _array(y, name, what)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim == 2 and arr.dtype.kind in "biuf" and len(arr) and np.all((arr == 0) | (arr == 1)) \
            and np.all(arr.sum(axis=1) == 1):
        raise ValueError(f"{name} looks one-hot (shape {arr.shape}); pass integer labels, e.g. {name}.argmax(axis=1)")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be {what}, one per sample; got shape {arr.shape}")
    if arr.dtype.kind in "USO":
        text = next((v for v in arr.ravel() if isinstance(v, (str, bytes))), None)
        held = f"strings such as {str(text)!r}" if text is not None else f"non-numbers (dtype {arr.dtype})"
        raise ValueError(f"{name} must be {what}; it holds {held}: encode them as integers first, "
                         f"e.g. classes, {name} = np.unique({name}, return_inverse=True)")
    if arr.dtype.kind == "b":
        raise ValueError(f"{name} must be {what}; it holds booleans: use {name}.astype(int) (False -> 0, True -> 1)")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be {what}; it holds {int((~np.isfinite(arr)).sum())} NaN or inf")
        if not np.all(arr == np.round(arr)):
            frac = float(arr[arr != np.round(arr)][0])
            raise ValueError(f"{name} must be {what}; it holds fractions such as {frac:g}: class labels are "
                             "whole numbers (for probabilities per class, take argmax)")
    if len(arr) == 0 and not allow_empty:
        raise ValueError(f"{name} must be {what}, not empty")
    if n is not None and len(arr) != n:
        raise ValueError(f"{name_x} and {name} must have the same length: {name_x} has {n} samples, {name} has "
                         f"{len(arr)} labels")
    if len(arr) and arr.min() < 0:
        raise ValueError(f"{name} must be {what}; it holds the negative label {arr.min():g}: labels count from 0")
    if n_classes is not None and len(arr) and arr.max() >= n_classes:
        top = int(arr.max())
        where = (f"the model has {n_classes} outputs (classes 0..{n_classes - 1}): build it with {top + 1} outputs, "
                 "or check the labels" if classes_of is None else f"{classes_of} (classes 0..{n_classes - 1})")
        raise ValueError(f"{name} holds labels up to {top}, but {where}")
    return arr.astype(np.int32)


def check_xy(x, y, *, name_x: str = "x", name_y: str = "y", n_features: int | None = None,
             n_classes: int | None = None, allow_empty: bool = False, expected: str = "the model expects {n}",
             classes_of: str | None = None):
    """The one boundary check for data: ``(x, y)`` as float32 (samples, features) and int32 labels.

    ``n_features`` / ``n_classes`` (from the model: :func:`model_io`) are checked when given; ``expected``
    and ``classes_of`` say where they come from when it is not the model.
    """
    x = features(x, name_x, n_features=n_features, allow_empty=allow_empty, expected=expected)
    return x, labels(y, name_y, n=len(x), n_classes=n_classes, name_x=name_x, allow_empty=allow_empty,
                     classes_of=classes_of)


def validation_pair(validation_data, name: str = "validation_data", *, n_features: int | None = None,
                    n_classes: int | None = None):
    """``validation_data`` as a checked pair ``(x_val, y_val)`` (see :func:`check_xy`)."""
    if _is_dataset(validation_data):
        raise ValueError(f"{name} is a tf.data.Dataset; pass a pair (x_val, y_val) of arrays, "
                         "e.g. (data.x_val, data.y_val)")
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        size = f"a {type(validation_data).__name__} of {len(validation_data)} items" if isinstance(
            validation_data, (tuple, list)) else _got(validation_data)
        raise ValueError(f"{name} must be a pair (x_val, y_val), e.g. (data.x_val, data.y_val); got {size}")
    return check_xy(validation_data[0], validation_data[1], name_x=f"{name}[0]", name_y=f"{name}[1]",
                    n_features=n_features, n_classes=n_classes)


def model_io(model) -> tuple[int | None, int | None]:
    """(input features, output units) of a Keras model, None where the model does not say (unbuilt)."""
    sizes = []
    for attribute in ("inputs", "outputs"):
        try:
            tensors = getattr(model, attribute, None)
            size = tensors[0].shape[-1] if tensors else None
        except Exception:  # an unbuilt Sequential has no inputs yet
            size = None
        sizes.append(int(size) if size is not None else None)
    return sizes[0], sizes[1]


# --------------------------------------------------------------------------------------
# what is passed through to Keras
# --------------------------------------------------------------------------------------


def _keras_kind(value, kind: str) -> bool:
    """``value`` (an object or a class) derives from the Keras class named ``kind`` (no Keras import)."""
    cls = value if isinstance(value, type) else type(value)
    return any(c.__name__ == kind and c.__module__.startswith(("keras", "tf_keras")) for c in cls.__mro__)


def _required_args(fn) -> int | None:
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    return sum(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)


def learning_rate(value, name: str = "learning_rate", *, schedules: bool = True):
    """A learning rate Keras accepts: a positive Python float (from any number, NumPy scalars included),
    or, with ``schedules=True``, a ``keras.optimizers.schedules.LearningRateSchedule`` instance or a
    zero-argument callable. Keras itself refuses ints and ``np.float32``; this returns a float.
    """
    allowed = ("a positive number, a keras.optimizers.schedules.LearningRateSchedule instance or a zero-argument "
               "callable" if schedules else "a positive number")
    value = _plain(value)
    if isinstance(value, numbers.Real) and not _is_bool(value):
        return positive_number(value, name)
    if isinstance(value, type) and _keras_kind(value, "LearningRateSchedule"):
        raise ValueError(f"{name} is the schedule class {value.__name__}, not a schedule: pass an instance, e.g. "
                         f"{value.__name__}(0.01, 1000)" if schedules else
                         f"{name} must be {allowed} here, got the schedule class {value.__name__}")
    if _keras_kind(value, "LearningRateSchedule"):
        if schedules:
            return value
        raise ValueError(f"{name} must be {allowed} here, got a {type(value).__name__} schedule: this helper sets "
                         "a constant rate (compile your own model with the schedule instead)")
    if callable(value) and not isinstance(value, type):
        n_args = _required_args(value)
        if n_args == 2:
            raise ValueError(f"{name} is a function of two arguments, like lambda epoch, lr: ...: that is a "
                             "LearningRateScheduler function; pass it as "
                             "keras.callbacks.LearningRateScheduler(fn) in callbacks, with a number here")
        if not schedules:
            raise ValueError(f"{name} must be {allowed} here, got a function")
        if n_args == 1:
            raise ValueError(f"{name} is a function of one argument; Keras calls a callable learning rate with "
                             "no arguments. For a rate that depends on the step, pass a schedule such as "
                             "keras.optimizers.schedules.CosineDecay(0.01, 1000); for one per epoch, "
                             "keras.callbacks.LearningRateScheduler(fn) in callbacks")
        return value
    if isinstance(value, str):
        raise ValueError(f"{name} must be {allowed}, got the string {value!r}: write the number without quotes")
    raise ValueError(f"{name} must be {allowed}, e.g. 0.01; got {_got(value)}")


def callback_list(callbacks, name: str = "callbacks", *, logs: Iterable[str] | None = None) -> list:
    """``callbacks`` as a list of Keras callback objects. None means no callbacks; a lone callback is
    wrapped in a list (as ``model.fit`` does). A callback class without ``()``, a string, or a function
    is refused with what to write. With ``logs`` (the names the training logs per epoch), a callback
    whose ``monitor`` is not among them is refused (Keras would only warn, and the callback would do nothing).
    """
    import keras

    base = keras.callbacks.Callback
    example = "e.g. [keras.callbacks.ReduceLROnPlateau(monitor='val_loss')]"

    def check(cb, where: str):
        if isinstance(cb, base):
            return cb
        if isinstance(cb, type) and issubclass(cb, base):
            raise ValueError(f"{where} is the class {cb.__name__}, not a callback object: add (), "
                             f"e.g. keras.callbacks.{cb.__name__}()")
        if isinstance(cb, str):
            raise ValueError(f"{where} must be a Keras callback object, {example}; got the string {cb!r}")
        if callable(cb):
            raise ValueError(f"{where} is a function, not a callback: to set the learning rate each epoch, pass "
                             "keras.callbacks.LearningRateScheduler(fn)")
        raise ValueError(f"{where} must be a Keras callback object, {example}; got {_got(cb)}")

    if callbacks is None:
        return []
    if isinstance(callbacks, (base, type, str)) or (callable(callbacks) and not isinstance(callbacks, Iterable)):
        names = [name]
        items = [check(callbacks, name)]
    elif isinstance(callbacks, Mapping) or not isinstance(callbacks, Iterable):
        raise ValueError(f"{name} must be a list of Keras callback objects, {example}; got {_got(callbacks)}")
    else:
        callbacks = list(callbacks)
        names = [f"{name}[{i}]" for i in range(len(callbacks))]
        items = [check(cb, where) for cb, where in zip(callbacks, names)]
    if logs is not None:
        logs = list(logs)
        for where, cb in zip(names, items):
            monitor = getattr(cb, "monitor", None)
            if isinstance(monitor, str) and monitor not in logs:
                near = difflib.get_close_matches(monitor, logs, n=1)
                raise ValueError(f"{where} ({type(cb).__name__}) monitors {monitor!r}, which this training does "
                                 f"not log{f' (did you mean {near[0]!r}?)' if near else ''}; logged: "
                                 f"{', '.join(logs)}")
    return items
