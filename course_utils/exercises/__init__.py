"""The answer key: checks for the exercises at the end of every notebook.

Each notebook's checks live in ``course_utils.exercises.nbNN`` (``nb00`` ... ``nb06``). An
exercise cell leaves a placeholder for the learner and calls its check::

    from course_utils.exercises import nb02 as ex

    optimizer = ...  # your Keras 3 line
    ex.check_1(optimizer)

A check inspects or runs what the learner built (an optimizer's config, a layer's
initializer and the std of its weights, a schedule's values at given steps, the weights a
callback restored) and prints a verdict in plain words: "not answered yet", what is wrong
and why, or "correct". It never raises, so "Run all" goes on past an unanswered or wrong
exercise, and it holds its expected values itself, so the exercise cell holds no answer.
"""

from __future__ import annotations

import functools
import math

import numpy as np

__all__ = ["Unanswered", "exercise", "is_unanswered", "close"]


class Unanswered(Exception):
    """Raised inside a check when the learner's code still holds its placeholder."""


def is_unanswered(value) -> bool:
    """True for the placeholders an exercise cell starts with: ``None`` and ``...``."""
    return value is None or value is Ellipsis


def close(a, b, *, rel: float = 1e-6, abs_: float = 0.0) -> bool:
    """Numbers (or arrays) equal within the tolerances; False for anything that is not numeric."""
    try:
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.all(np.isclose(a, b, rtol=rel, atol=abs_)))


def _number(value) -> str:
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:.6g}"
    return repr(value)


def exercise(number: str, *, reveals: tuple = (), success: str = ""):
    """Turn ``fn(*answers) -> list of problems`` into an exercise check that prints a verdict.

    ``number`` names the exercise ("1", "2", ...). ``fn`` returns the list of what is wrong,
    each item a sentence for the learner (an empty list means correct); it may raise
    :class:`Unanswered`. Any other exception from the learner's objects becomes a problem
    ("running your code raised ..."), never a traceback. ``reveals`` lists strings that
    would give the answer away if they appeared in the exercise cell (the expected values,
    the helpers that compute them): a test keeps them out of exercise cells. ``success`` is
    printed after "correct.". The undecorated function stays available as ``.problems``
    for the tests.
    """

    def wrap(fn):
        @functools.wraps(fn)
        def check(*answers):
            label = f"Exercise {number}"
            try:
                if not answers or any(is_unanswered(a) for a in answers):
                    raise Unanswered
                problems = list(fn(*answers))
            except Unanswered:
                print(f"{label}: not answered yet. Replace the placeholder (... or None) and run the cell again.")
                return None
            except Exception as exc:  # the learner's code failed: say so, keep "Run all" going
                problems = [f"running your code raised {type(exc).__name__}: {exc}"]
            if problems:
                print(f"{label}: not yet.")
                for problem in problems:
                    print(f"  - {problem}")
            else:
                print(f"{label}: correct." + (f" {success}" if success else ""))
            return None

        check.problems = fn
        check.number = str(number)
        check.reveals = tuple(str(r) for r in reveals)
        return check

    return wrap


def compare_number(answer, expected, what: str, *, rel: float = 1e-3, hint: str = "") -> list[str]:
    """[] if ``answer`` is a number within ``rel`` of ``expected``; else one problem sentence."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.integer, np.floating)):
        return [f"{what} should be a number, you gave {answer!r} ({type(answer).__name__})"]
    if close(answer, expected, rel=rel):
        return []
    return [f"{what}: {_number(float(answer))} is not right." + (f" {hint}" if hint else "")]
