"""Shared test set-up: quiet TensorFlow, a non-interactive matplotlib backend, small data."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def digits():
    from course_utils import load_digits_split

    return load_digits_split(seed=0)


@pytest.fixture
def fresh_keras():
    import keras

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    yield keras
    keras.backend.clear_session()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
