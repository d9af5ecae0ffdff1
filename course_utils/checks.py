"""Exercise checks and "show the real error" cells.

* :func:`check` compares a learner's answer with the expected one and prints a verdict
  (it never raises for a wrong or missing answer, so "Run all" keeps going).
* :func:`expect_error` runs legacy code that must fail today and prints the real error,
  so the stored notebook shows it without an error cell that would stop "Run all".

Taught in ``00_start_here.ipynb`` (exercises) and ``02_adam_beta1_and_learning_rate_decay.ipynb``
(legacy lines that fail in Keras 3).
"""

from __future__ import annotations

import contextlib
import math
import warnings

import numpy as np


def _close(answer, expected, rel_tol, abs_tol) -> bool:
    if isinstance(expected, str) or isinstance(answer, str):
        return str(answer).strip().lower() == str(expected).strip().lower()
    try:
        a = np.asarray(answer, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return answer == expected
    if a.shape != e.shape:
        return False
    return bool(np.all(np.isclose(a, e, rtol=rel_tol, atol=abs_tol)))


def check(answer, expected, *, name: str = "answer", rel_tol: float = 1e-6,
          abs_tol: float = 0.0, hint: str = "") -> None:
    """Print whether ``answer`` matches ``expected`` (numbers within the tolerances).

    ``None`` means "not answered yet" and prints a reminder. Nothing is returned, so the
    cell shows only the verdict; it never raises, so "Run all" goes on past an exercise.
    """
    if answer is None or answer is Ellipsis:
        print(f"{name}: not answered yet. Replace the placeholder and run the cell again.")
    elif _close(answer, expected, rel_tol, abs_tol):
        print(f"{name}: correct.")
    else:
        message = f"{name}: not yet. You gave {answer!r}."
        if hint:
            message += f" Hint: {hint}"
        print(message)


@contextlib.contextmanager
def expect_error(*kinds: type[BaseException], warning: type[Warning] | None = None):
    """Run a block that must raise one of ``kinds`` (or warn with ``warning``) and print it.

    ``with expect_error(ValueError): keras.optimizers.Adam(lr=0.001)`` prints
    ``ValueError: Argument(s) not recognized: {'lr': 0.001}``. If the block does not raise
    (or warn), an AssertionError says so: the claim the cell makes has stopped being true.
    """
    if not kinds and warning is None:
        raise ValueError("expect_error needs at least one exception type or warning=")
    for kind in kinds:
        if not (isinstance(kind, type) and issubclass(kind, BaseException)):
            raise ValueError(f"kinds must be exception classes, got {kind!r}")
    if kinds:
        try:
            yield
        except kinds as exc:  # the expected failure: show it the way Python would
            print(f"{type(exc).__name__}: {exc}")
            return
        raise AssertionError(f"expected {' or '.join(k.__name__ for k in kinds)}, but nothing was raised")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    hits = [w for w in caught if issubclass(w.category, warning)]
    if not hits:
        raise AssertionError(f"expected a {warning.__name__}, but none was issued")
    for w in hits:
        print(f"{w.category.__name__}: {w.message}")


def isclose(a: float, b: float, *, rel_tol: float = 1e-9, abs_tol: float = 0.0) -> bool:
    """math.isclose, re-exported for in-cell asserts."""
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)
