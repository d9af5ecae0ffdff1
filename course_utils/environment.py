"""Notebook set-up: quiet TensorFlow, seeds, repeatable runs, the course plot style.

Taught in ``00_start_here.ipynb`` (every notebook's first code cell calls
:func:`setup_notebook`).
"""

from __future__ import annotations

import os
import platform
import sys
import warnings
from dataclasses import dataclass, field

from ._validate import optional_seed

# Must be in the process environment before TensorFlow is imported: level 3 silences the
# C++ INFO/WARNING/ERROR lines (the oneDNN banner, absl, cpu_feature_guard) that Jupyter
# would capture into stderr, and turning oneDNN off removes its banner and makes float
# results repeatable on one machine.
TF_QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


@dataclass(frozen=True)
class CourseEnvironment:
    """What :func:`setup_notebook` set up: versions, devices and the seed in use.

    Taught in ``00_start_here.ipynb``.
    """

    seed: int
    python: str
    tensorflow: str
    keras: str
    numpy: str
    devices: tuple = field(default_factory=tuple)
    deterministic: bool = True

    @property
    def has_gpu(self) -> bool:
        return any(kind == "GPU" for kind in self.devices)

    def __str__(self) -> str:
        gpu = "yes" if self.has_gpu else "no (CPU only: the course is sized for that)"
        return (
            f"Python {self.python} | TensorFlow {self.tensorflow} | Keras {self.keras} | "
            f"NumPy {self.numpy}\nGPU: {gpu} | seed: {self.seed} | "
            f"deterministic ops: {'on' if self.deterministic else 'off'}"
        )


def _quiet_tensorflow_env() -> bool:
    """Set the TF log variables; return False if TensorFlow was imported too early."""
    was_quiet = all(os.environ.get(k) == v for k, v in TF_QUIET_ENV.items())
    too_late = "tensorflow" in sys.modules and not was_quiet
    os.environ.update(TF_QUIET_ENV)
    return not too_late


def setup_notebook(seed: int = 42, *, deterministic: bool = True, style: bool = True) -> CourseEnvironment:
    """Prepare a notebook kernel for the course, and return what is in use.

    Call it in a notebook's first code cell, before anything imports TensorFlow. It

    * silences TensorFlow's C++ log lines (``TF_CPP_MIN_LOG_LEVEL=3``,
      ``TF_ENABLE_ONEDNN_OPTS=0``), which must happen before TensorFlow is imported;
    * seeds Python, NumPy and TensorFlow with ``keras.utils.set_random_seed(seed)``;
    * turns on TensorFlow's op determinism so a run repeats exactly on the same machine;
    * applies the course's plot style (``style=False`` leaves matplotlib alone).

    Calling it again is harmless: it re-seeds and re-applies the style.

    Taught in ``00_start_here.ipynb``; every notebook's first code cell calls it.
    """
    seed = optional_seed(seed)
    if seed is None:
        raise ValueError("seed must be a non-negative integer, got None")
    if not _quiet_tensorflow_env():
        warnings.warn(
            "TensorFlow was imported before setup_notebook(); its C++ log lines may still "
            "appear. Call setup_notebook() in the first cell, before importing tensorflow or keras.",
            stacklevel=2,
        )
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras
    import numpy as np
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    if deterministic:
        tf.config.experimental.enable_op_determinism()
    if style:
        from .plotting import apply_course_style

        apply_course_style()
    devices = tuple(sorted({d.device_type for d in tf.config.list_physical_devices()}))
    return CourseEnvironment(
        seed=seed,
        python=platform.python_version(),
        tensorflow=tf.__version__,
        keras=keras.__version__,
        numpy=np.__version__,
        devices=devices,
        deterministic=deterministic,
    )


def environment_report() -> dict:
    """Versions, CPU count and devices as a dict (for the environment check in notebook 00)."""
    import keras
    import numpy as np
    import tensorflow as tf

    return {
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "cpu_count": os.cpu_count(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "keras_backend": keras.backend.backend(),
        "numpy": np.__version__,
        "gpus": len(tf.config.list_physical_devices("GPU")),
    }
