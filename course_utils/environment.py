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

from ._validate import boolean, optional_seed

# Must be in the process environment before TensorFlow is imported: level 3 silences the
# C++ INFO/WARNING/ERROR lines (the oneDNN banner, absl, cpu_feature_guard) that Jupyter
# would capture into stderr, and turning oneDNN off removes its banner and makes float
# results repeatable on one machine.
TF_QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


# The versions the course is tested on: the oldest by ``make test-oldest``, the newest by
# ``make test`` (constraints-oldest.txt and constraints.txt). pyproject.toml states the same
# bounds (tests/test_environment.py checks that they agree).
TESTED_VERSIONS = {
    "Python": ("3.10", "3.13"),
    "TensorFlow": ("2.18", "2.21"),
    "Keras": ("3.6", "3.15"),
}


def _major_minor(version: str) -> tuple[int, int]:
    parts = [int("".join(ch for ch in p if ch.isdigit()) or 0) for p in version.split(".")[:2]]
    return (parts + [0, 0])[0], (parts + [0, 0])[1]


def outside_tested_range(versions: dict) -> list[str]:
    """The names in ``versions`` (e.g. ``{"Keras": "3.4.1"}``) outside :data:`TESTED_VERSIONS`, with the range.

    Taught in ``00_start_here.ipynb`` (setup_notebook prints it when it is not empty).
    """
    if not isinstance(versions, dict):
        raise ValueError(f"versions must be a dict such as {{'Keras': '3.10.0'}}, got {type(versions).__name__}")
    notes = []
    for name, version in versions.items():
        if name not in TESTED_VERSIONS:
            raise ValueError(f"versions: unknown name {name!r}; allowed: {', '.join(map(repr, TESTED_VERSIONS))}")
        if not isinstance(version, str):
            raise ValueError(f"versions[{name!r}] must be a version string such as '3.10.0', got {version!r}")
        low, high = TESTED_VERSIONS[name]
        if not _major_minor(low) <= _major_minor(version) <= _major_minor(high):
            notes.append(f"{name} {version} (tested: {low} to {high})")
    return notes


def hosted_service() -> str | None:
    """``"Colab"``, ``"Kaggle"`` or None (a machine of your own), from the services' own markers.

    Taught in ``00_start_here.ipynb`` (setup_notebook says where the notebook runs); tested in
    tests/test_environment.py.
    """
    if "google.colab" in sys.modules or os.environ.get("COLAB_RELEASE_TAG"):
        return "Colab"
    if os.environ.get("KAGGLE_KERNEL_RUN_TYPE") or os.environ.get("KAGGLE_URL_BASE"):
        return "Kaggle"
    return None


@dataclass(frozen=True)
class CourseEnvironment:
    """What :func:`setup_notebook` set up: versions, devices and the seed in use.

    ``str(env)`` is the line setup_notebook prints. Taught in ``00_start_here.ipynb``.
    """

    seed: int
    python: str
    tensorflow: str
    keras: str
    numpy: str
    devices: tuple = field(default_factory=tuple)
    deterministic: bool = True
    service: str | None = None
    cpu_count: int | None = None

    @property
    def has_gpu(self) -> bool:
        return any(kind == "GPU" for kind in self.devices)

    @property
    def untested(self) -> list[str]:
        """The versions in use that are outside the tested range (empty when all are inside)."""
        return outside_tested_range({"Python": self.python, "TensorFlow": self.tensorflow, "Keras": self.keras})

    def __str__(self) -> str:
        device = "GPU" if self.has_gpu else f"CPU only ({self.cpu_count or '?'} cores)"
        where = f" | on {self.service}" if self.service else ""
        line = (f"Python {self.python} | TensorFlow {self.tensorflow} | Keras {self.keras} | NumPy {self.numpy} | "
                f"{device} | seed {self.seed}, deterministic ops {'on' if self.deterministic else 'off'}{where}")
        if self.untested:
            line += ("\nOutside the course's tested versions: " + ", ".join(self.untested)
                     + ". The notebooks should run, but results may differ from the stored outputs.")
        return line


def _quiet_tensorflow_env() -> bool:
    """Set the TF log variables; return False if TensorFlow was imported too early."""
    was_quiet = all(os.environ.get(k) == v for k, v in TF_QUIET_ENV.items())
    too_late = "tensorflow" in sys.modules and not was_quiet
    os.environ.update(TF_QUIET_ENV)
    return not too_late


def _enable_colab_widgets() -> None:
    """Colab shows ipywidgets 8 sliders only with its custom widget manager turned on."""
    try:
        from google.colab import output

        output.enable_custom_widget_manager()
    except Exception:  # not Colab, or an older Colab: the slider cell says when widgets are missing
        pass


def setup_notebook(seed: int = 42, *, deterministic: bool = True, style: bool = True,
                   verbose: bool = True) -> CourseEnvironment:
    """Prepare a notebook kernel for the course, print where you stand, and return it.

    Call it in a notebook's first code cell, before anything imports TensorFlow. It

    * silences TensorFlow's C++ log lines (``TF_CPP_MIN_LOG_LEVEL=3``,
      ``TF_ENABLE_ONEDNN_OPTS=0``), which must happen before TensorFlow is imported;
    * seeds Python, NumPy and TensorFlow with ``keras.utils.set_random_seed(seed)``;
    * turns on TensorFlow's op determinism so a run repeats exactly on the same machine;
    * applies the course's plot style (``style=False`` leaves matplotlib alone);
    * on Colab, turns on the widget manager that ipywidgets sliders need there;
    * prints one line (``verbose=False`` prints nothing): Python, TensorFlow, Keras and NumPy
      versions, GPU or CPU, the seed, Colab or Kaggle when it runs there, and a second line when
      a version is outside the range the course is tested on (:data:`TESTED_VERSIONS`).

    Calling it again is harmless: it re-seeds and re-applies the style.

    Taught in ``00_start_here.ipynb``; every notebook's first code cell calls it.
    """
    seed = optional_seed(seed)
    if seed is None:
        raise ValueError("seed must be a non-negative integer, got None")
    deterministic, style, verbose = (boolean(v, n) for v, n in ((deterministic, "deterministic"), (style, "style"),
                                                                (verbose, "verbose")))
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
    service = hosted_service()
    if service == "Colab":
        _enable_colab_widgets()
    devices = tuple(sorted({d.device_type for d in tf.config.list_physical_devices()}))
    env = CourseEnvironment(
        seed=seed,
        python=platform.python_version(),
        tensorflow=tf.__version__,
        keras=keras.__version__,
        numpy=np.__version__,
        devices=devices,
        deterministic=deterministic,
        service=service,
        cpu_count=os.cpu_count(),
    )
    if verbose:
        print(env)
    return env


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
