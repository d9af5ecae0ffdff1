import gzip

import numpy as np
import pytest

from course_utils import DatasetNotAvailableError, load_digits_split, load_keras_dataset
from course_utils.data import standardize


def test_digits_split_sizes_stratified_and_disjoint(digits):
    sizes = digits.sizes()
    assert sum(sizes.values()) == 1797
    assert sizes["val"] == sizes["test"] == 360
    assert digits.n_features == 64 and digits.n_classes == 10
    for y in (digits.y_train, digits.y_val, digits.y_test):
        counts = np.bincount(y, minlength=10) / len(y)
        assert np.all(np.abs(counts - 0.1) < 0.02)  # every class ~10% in every part
    rows = {r.tobytes() for r in digits.x_train}
    assert not any(r.tobytes() in rows for r in digits.x_test)


def test_standardized_with_training_statistics_only(digits):
    mean = digits.x_train.mean(axis=0)
    std = digits.x_train.std(axis=0)
    assert np.allclose(mean, 0, atol=1e-5)
    raw = load_digits_split(seed=0, scale="none").x_train.std(axis=0)
    varying = raw >= 1.0  # pixels whose std is above the 1-level floor are scaled to std 1
    assert np.allclose(std[varying], 1, atol=1e-4)
    assert np.all(std[~varying] <= 1.0 + 1e-6)
    assert digits.x_train.dtype == np.float32


def test_zero_variance_pixels_do_not_explode():
    # a tiny training set has pixels that are 0 in every training image; those must
    # not be divided by ~0 (validation values would reach 1e6)
    small = load_digits_split(train_size=30, seed=3)
    full = load_digits_split(seed=0)
    for split in (small, full):
        for x in (split.x_train, split.x_val, split.x_test):
            assert np.abs(x).max() <= 16
    train, other = standardize(np.zeros((5, 1)), np.full((2, 1), 3.0))
    assert np.all(train == 0) and np.all(other == 3.0)
    rare = np.zeros((1000, 1))
    rare[0] = 16.0
    _, unbounded = standardize(rare, np.full((1, 1), 16.0))
    _, bounded = standardize(rare, np.full((1, 1), 16.0), min_std=1.0)
    assert unbounded[0, 0] > 30 and bounded[0, 0] < 16.1


def test_split_is_seeded():
    a, b = load_digits_split(seed=1), load_digits_split(seed=1)
    c = load_digits_split(seed=2)
    assert np.array_equal(a.y_train, b.y_train)
    assert not np.array_equal(a.y_train, c.y_train)


def test_unit_and_raw_scaling():
    unit = load_digits_split(scale="unit")
    assert unit.x_train.min() >= 0 and unit.x_train.max() <= 1
    raw = load_digits_split(scale="none")
    assert raw.x_train.max() == 16


def test_steps_per_epoch_rounds_up(digits):
    assert digits.steps_for(32) == -(-len(digits.x_train) // 32)
    assert digits.steps_for(len(digits.x_train)) == 1


@pytest.mark.parametrize("kwargs, arg", [
    ({"val_size": 0}, "val_size"), ({"test_size": 1.2}, "test_size"), ({"scale": "minmax"}, "scale"),
    ({"train_size": 5}, "train_size"), ({"train_size": 10_000}, "train_size"), ({"seed": -3}, "seed"),
    ({"val_size": 0.5, "test_size": 0.45}, "val_size"),
])
def test_digits_bad_input(kwargs, arg):
    with pytest.raises(ValueError, match=arg):
        load_digits_split(**kwargs)


def test_keras_loader_offline_names_the_alternative(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(DatasetNotAvailableError, match="load_digits_split"):
        load_keras_dataset("mnist")
    with pytest.raises(ValueError, match="name"):
        load_keras_dataset("cifar10")


def test_keras_loader_reads_mnist_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    (tmp_path / "datasets").mkdir()
    rng = np.random.default_rng(0)
    arrays = {"x_train": rng.integers(0, 255, (6, 28, 28), dtype=np.uint8), "y_train": np.arange(6, dtype=np.uint8),
              "x_test": rng.integers(0, 255, (2, 28, 28), dtype=np.uint8), "y_test": np.array([3, 4], np.uint8)}
    np.savez(tmp_path / "datasets" / "mnist.npz", **arrays)
    (x_train, y_train), (x_test, y_test) = load_keras_dataset("mnist")
    assert np.array_equal(x_train, arrays["x_train"]) and np.array_equal(y_test, arrays["y_test"])


def test_keras_loader_reads_fashion_mnist_idx_files(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    folder = tmp_path / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(1)
    data = {}
    for split, n in (("train", 4), ("t10k", 3)):
        images = rng.integers(0, 255, (n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, n, dtype=np.uint8)
        data[split] = (images, labels)
        with gzip.open(folder / f"{split}-images-idx3-ubyte.gz", "wb") as f:
            f.write(b"\0" * 16 + images.tobytes())
        with gzip.open(folder / f"{split}-labels-idx1-ubyte.gz", "wb") as f:
            f.write(b"\0" * 8 + labels.tobytes())
    (x_train, y_train), (x_test, y_test) = load_keras_dataset("fashion_mnist")
    assert np.array_equal(x_train, data["train"][0]) and np.array_equal(y_train, data["train"][1])
    assert np.array_equal(x_test, data["t10k"][0]) and np.array_equal(y_test, data["t10k"][1])
