"""Data that needs no network: scikit-learn's digits, split and scaled; noisy 2-D moons and circles
(notebook 06); and a loader for Keras's MNIST / Fashion-MNIST that reads the Keras cache and fails
clearly offline.

Taught in ``00_start_here.ipynb``.
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._validate import (
    _dataset_message,
    _is_dataset,
    boolean,
    check_xy,
    features,
    fraction,
    model_io,
    one_of,
    optional_seed,
    positive_int,
    positive_number,
)


@dataclass(frozen=True)
class DataSplit:
    """Train / validation / test arrays of one data set, plus what describes them.

    Checked when built: every x a 2-D array of finite numbers with the same features, every y
    one integer label 0..n_classes-1 per row (lists are turned into arrays); the validation and
    test parts may be empty. Taught in ``00_start_here.ipynb``.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int
    name: str = "digits"

    def __post_init__(self):
        n_classes = positive_int(self.n_classes, "n_classes", minimum=2)
        if not isinstance(self.name, str):
            raise ValueError(f"name must be a string, got {type(self.name).__name__}")
        n_features = None
        for part in ("train", "val", "test"):
            x, y = getattr(self, f"x_{part}"), getattr(self, f"y_{part}")
            cx, cy = check_xy(x, y, name_x=f"x_{part}", name_y=f"y_{part}", n_features=n_features,
                              n_classes=n_classes, allow_empty=part != "train", expected="x_train has {n}",
                              classes_of=f"n_classes is {n_classes}")
            n_features = cx.shape[1]
            for field_name, given, checked in ((f"x_{part}", x, cx), (f"y_{part}", y, cy)):
                if not isinstance(given, np.ndarray):  # lists become arrays; arrays are kept as they are
                    object.__setattr__(self, field_name, checked)
        object.__setattr__(self, "n_classes", n_classes)

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def steps_per_epoch(self) -> int:
        """Optimizer steps in one epoch at the Keras default batch size of 32."""
        return self.steps_for(32)

    def steps_for(self, batch_size: int) -> int:
        """Optimizer steps in one epoch: ceil(n_train / batch_size)."""
        from .training import steps_per_epoch

        return steps_per_epoch(len(self.x_train), batch_size)

    def sizes(self) -> dict:
        return {"train": len(self.x_train), "val": len(self.x_val), "test": len(self.x_test)}

    def __repr__(self) -> str:
        s = self.sizes()
        return (f"DataSplit(name={self.name!r}, n_features={self.n_features}, n_classes={self.n_classes}, "
                f"train={s['train']}, val={s['val']}, test={s['test']})")


def standardize(train: np.ndarray, *others: np.ndarray, min_std: float = 0.0):
    """Scale every feature by the training set's mean and std.

    A feature with zero variance in the training set is only centred, never divided by a
    tiny std (digits has pixels that are 0 in every training image; dividing by
    ``std + 1e-6`` would turn a single non-zero validation pixel into about 1e6). With
    ``min_std`` > 0, a std below it is replaced by ``min_std``: a pixel that is non-zero in
    one training image out of a thousand has a std of about 0.03 and would otherwise turn
    a validation image's 16 into about 500. Returns the scaled arrays, training set first.

    Taught in ``00_start_here.ipynb``.
    """
    train = features(train, "train")
    others = tuple(features(x, f"others[{i}]", n_features=train.shape[1], allow_empty=True,
                            expected="train has {n}") for i, x in enumerate(others))
    min_std = positive_number(min_std, "min_std", allow_zero=True)
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std = np.where(std > 1e-8, std, 1.0)
    if min_std > 0:
        std = np.maximum(std, min_std)
    return tuple(((x - mean) / std).astype(np.float32) for x in (train, *others))


def load_digits_split(*, val_size: float = 0.2, test_size: float = 0.2, train_size: int | None = None,
                      scale: str = "standard", seed: int = 0) -> DataSplit:
    """scikit-learn's 8x8 digits (1797 images, 10 classes), shuffled and split.

    The split is stratified (every class in the same proportion in each part).
    ``scale="standard"`` standardizes each pixel with training statistics only (a pixel
    that barely varies in training is divided by at least 1, so no value exceeds 16);
    ``scale="unit"`` divides by 16 (pixels are 0..16); ``scale="none"`` keeps raw values.
    ``train_size`` keeps only that many training images (stratified) to make a small-data
    problem; validation and test sets are unchanged.

    Taught in ``00_start_here.ipynb``; every later notebook uses it.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    val_size = fraction(val_size, "val_size", include_low=False)
    test_size = fraction(test_size, "test_size", include_low=False)
    if val_size + test_size >= 0.9:
        raise ValueError(f"val_size + test_size must leave at least 10% for training, got {val_size + test_size:g}")
    scale = one_of(scale, "scale", ("standard", "unit", "none"))
    seed = optional_seed(seed)
    x, y = load_digits(return_X_y=True)
    x = x.astype(np.float32)
    y = y.astype(np.int64)
    x_rest, x_test, y_rest, y_test = train_test_split(x, y, test_size=test_size, stratify=y, random_state=seed)
    x_train, x_val, y_train, y_val = train_test_split(
        x_rest, y_rest, test_size=val_size / (1 - test_size), stratify=y_rest, random_state=seed)
    if train_size is not None:
        train_size = positive_int(train_size, "train_size", minimum=10)
        if train_size > len(x_train):
            raise ValueError(f"train_size must be at most {len(x_train)} (the training set), got {train_size}")
        if train_size < len(x_train):
            x_train, _, y_train, _ = train_test_split(
                x_train, y_train, train_size=train_size, stratify=y_train, random_state=seed)
    if scale == "standard":
        # min_std=1 pixel level (of 0..16): rare pixels are not blown up (|value| <= 16)
        x_train, x_val, x_test = standardize(x_train, x_val, x_test, min_std=1.0)
    elif scale == "unit":
        x_train, x_val, x_test = (a / 16.0 for a in (x_train, x_val, x_test))
    return DataSplit(x_train, y_train, x_val, y_val, x_test, y_test, n_classes=10, name="digits")


def make_toy_data(kind: str = "moons", *, n_train: int = 80, n_val: int = 300, n_test: int = 300,
                  noise: float = 0.3, seed: int = 0):
    """Noisy 2-D two-class data with held-out sets, as a :class:`course_utils.DataSplit`.

    ``kind="moons"`` (two interleaved half circles, scikit-learn's ``make_moons``) or
    ``"circles"`` (a ring around a disc, ``make_circles`` with factor 0.5). ``noise`` is the
    standard deviation of the Gaussian noise added to every point: at 0.3 the moons overlap,
    so no boundary gets every point right, and a big network trained long enough bends its
    boundary around single training points (overfitting, 과적합). All points are drawn
    together with ``seed`` and split at random; coordinates are kept as they are (no scaling),
    so plots show the familiar shapes. Taught in ``06_regularization.ipynb``.
    """
    from sklearn.datasets import make_circles, make_moons

    kind = one_of(kind, "kind", ("moons", "circles"))
    n_train = positive_int(n_train, "n_train", minimum=4)
    n_val = positive_int(n_val, "n_val", minimum=1)
    n_test = positive_int(n_test, "n_test", minimum=1)
    noise = positive_number(noise, "noise", allow_zero=True)
    seed = optional_seed(seed)
    n = n_train + n_val + n_test
    if kind == "moons":
        x, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    else:
        x, y = make_circles(n_samples=n, noise=noise, factor=0.5, random_state=seed)
    order = np.random.default_rng(seed).permutation(n)
    x = x[order].astype(np.float32)
    y = y[order].astype(np.int64)
    a, b = n_train, n_train + n_val
    return DataSplit(x[:a], y[:a], x[a:b], y[a:b], x[b:], y[b:], n_classes=2, name=kind)


class DatasetNotAvailableError(FileNotFoundError):
    """A Keras data set is not in the local cache and cannot be downloaded here.

    Taught in ``00_start_here.ipynb``.
    """


_KERAS_FILES = {
    "mnist": ("mnist.npz",),
    "fashion_mnist": tuple(
        f"fashion-mnist/{n}" for n in ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                                        "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")),
}


def keras_cache_dir() -> Path:
    """Where Keras keeps downloaded data sets: ``$KERAS_HOME/datasets`` (default ~/.keras).

    Taught in ``00_start_here.ipynb``.
    """
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets"


def _read_idx_gz(path: Path, offset: int) -> np.ndarray:
    with gzip.open(path, "rb") as handle:
        return np.frombuffer(handle.read(), np.uint8, offset=offset)


def load_keras_dataset(name: str = "mnist", *, download: bool = False):
    """Load MNIST or Fashion-MNIST from the Keras cache: ``((x_train, y_train), (x_test, y_test))``.

    The files are read from ``$KERAS_HOME/datasets`` (where ``keras.datasets`` stores them).
    If they are not there, ``download=True`` asks Keras to fetch them (needs the internet);
    otherwise :class:`DatasetNotAvailableError` says where to put the file and points to
    :func:`load_digits_split`, which works offline.

    Taught in ``00_start_here.ipynb``.
    """
    name = one_of(name, "name", tuple(_KERAS_FILES))
    download = boolean(download, "download")
    cache = keras_cache_dir()
    files = [cache / f for f in _KERAS_FILES[name]]
    missing = [f for f in files if not f.is_file()]
    if missing:
        if download:
            import keras

            loader = getattr(keras.datasets, name)
            try:
                return loader.load_data()
            except Exception as exc:  # network errors come in many types
                raise DatasetNotAvailableError(
                    f"could not download {name!r} ({type(exc).__name__}: {exc}). "
                    "Offline, use course_utils.load_digits_split(), which ships with scikit-learn."
                ) from None
        raise DatasetNotAvailableError(
            f"{name!r} is not in the Keras cache ({', '.join(str(f) for f in missing)} missing). "
            f"Run keras.datasets.{name}.load_data() once while online, or copy the file there; "
            "offline, use course_utils.load_digits_split() instead (it ships with scikit-learn)."
        )
    if name == "mnist":
        with np.load(files[0], allow_pickle=False) as f:
            return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
    y_train = _read_idx_gz(files[0], 8)
    x_train = _read_idx_gz(files[1], 16).reshape(len(y_train), 28, 28)
    y_test = _read_idx_gz(files[2], 8)
    x_test = _read_idx_gz(files[3], 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)


def _split_arg(data, name: str = "data", *, model=None, need_val: bool = False, model_name: str = "model"):
    """The runners' boundary check for ``data``: a :class:`DataSplit` (with a validation set when
    ``need_val``), its arrays finite, its features and classes matching ``model`` when one is given."""
    if _is_dataset(data):
        raise ValueError(_dataset_message(name))
    if not isinstance(data, DataSplit):
        hint = (": build one with course_utils.DataSplit(x_train, y_train, x_val, y_val, x_test, y_test, n_classes=...)"
                if isinstance(data, (tuple, list)) else "")
        raise ValueError(f"{name} must be a DataSplit, e.g. course_utils.load_digits_split() or make_toy_data(); "
                         f"got {type(data).__name__}{hint}")
    check_xy(data.x_train, data.y_train, name_x=f"{name}.x_train", name_y=f"{name}.y_train", n_classes=data.n_classes,
             classes_of=f"{name}.n_classes is {data.n_classes}")
    if need_val:
        if len(data.x_val) == 0:
            raise ValueError(f"{name} has an empty validation set ({name}.x_val); this helper reports validation "
                             "loss and accuracy: give it a validation part")
        check_xy(data.x_val, data.y_val, name_x=f"{name}.x_val", name_y=f"{name}.y_val", n_classes=data.n_classes,
                 classes_of=f"{name}.n_classes is {data.n_classes}")
    if model is not None:
        n_features, n_classes = model_io(model)
        if n_features is not None and n_features != data.n_features:
            raise ValueError(f"{name} has {data.n_features} features but {model_name} expects {n_features}: build its "
                             f"input as keras.Input(shape=({data.n_features},))")
        if n_classes is not None and n_classes < data.n_classes:
            raise ValueError(f"{name} has {data.n_classes} classes but {model_name} has {n_classes} outputs: give "
                             f"the output layer {data.n_classes} units")
    return data
