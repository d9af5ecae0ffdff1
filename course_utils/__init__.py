"""Support package for the course *Training neural networks well: learning rates and
weight initialization*.

Importing this package is cheap and changes nothing: TensorFlow, Keras and matplotlib are
imported only when a function that needs them is called, and no random seed, plot style
or environment variable is touched until a notebook asks for it with
:func:`setup_notebook`.

The public helpers are re-exported here lazily, so ``course_utils.build_mlp`` works
without importing every module up front.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# name -> module that defines it (imported on first access, PEP 562)
_EXPORTS = {
    # environment.py
    "setup_notebook": "environment",
    "environment_report": "environment",
    "CourseEnvironment": "environment",
    # data.py
    "load_digits_split": "data",
    "DataSplit": "data",
    "load_keras_dataset": "data",
    "make_toy_data": "data",
    "DatasetNotAvailableError": "data",
    # models.py
    "build_mlp": "models",
    "valid_activations": "models",
    "valid_initializers": "models",
    # training.py
    "steps_per_epoch": "training",
    "epochs_to_steps": "training",
    "fast_fit": "training",
    "reset_optimizer": "training",
    # plotting.py
    "course_style": "plotting",
    "apply_course_style": "plotting",
    "plot_history": "plotting",
    # checks.py
    "expect_error": "checks",
}

# Reachable as course_utils.NAME but left out of ``from course_utils import *``: they import Keras.
_EXTRA = {"LearningRateLogger": "training"}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module_name = _EXPORTS.get(name) or _EXTRA.get(name)
    if module_name is None:
        raise AttributeError(f"module 'course_utils' has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{module_name}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS) | set(_EXTRA))
