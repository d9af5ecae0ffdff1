"""Show the real error: :func:`expect_error` runs legacy code that must fail today and prints
the error, so the stored notebook shows it without an error cell that would stop "Run all".

Taught in ``00_start_here.ipynb`` (a learning rate Keras 3 refuses) and
``02_adam_beta1_and_learning_rate_decay.ipynb`` (legacy lines that fail in Keras 3). The
exercise checks live in :mod:`course_utils.exercises`.
"""

from __future__ import annotations

import contextlib
import warnings


@contextlib.contextmanager
def expect_error(*kinds: type[BaseException], warning: type[Warning] | None = None):
    """Run a block that must raise one of ``kinds`` (or warn with ``warning``) and print it.

    ``with expect_error(ValueError): keras.optimizers.Adam(lr=0.001)`` prints
    ``ValueError: Argument(s) not recognized: {'lr': 0.001}``. If the block does not raise
    (or warn), an AssertionError says so: the claim the cell makes has stopped being true.

    Taught in ``00_start_here.ipynb`` and ``02_adam_beta1_and_learning_rate_decay.ipynb``.
    """
    if not kinds and warning is None:
        raise ValueError("kinds: expect_error needs at least one exception class (e.g. expect_error(ValueError)) "
                         "or warning=")
    for kind in kinds:
        if not (isinstance(kind, type) and issubclass(kind, BaseException)):
            raise ValueError(f"kinds must be exception classes such as ValueError, got {kind!r}")
    if warning is not None and not (isinstance(warning, type) and issubclass(warning, Warning)):
        raise ValueError(f"warning must be a warning class such as DeprecationWarning, got {warning!r}")
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
