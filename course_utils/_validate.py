"""Small argument checks shared by the public helpers.

Every public helper validates its arguments up front and raises ``ValueError`` that names
the argument and says what is allowed, so a learner never sees a stack trace from deep
inside Keras.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable


def positive_number(value, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float; raise ValueError naming ``name`` unless it is > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a positive number, got {value!r} ({type(value).__name__})")
    value = float(value)
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        allowed = "a number >= 0" if allow_zero else "a positive number"
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return value


def positive_int(value, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int; raise ValueError naming ``name`` unless it is >= minimum."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r} ({type(value).__name__})")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def fraction(value, name: str, *, low: float = 0.0, high: float = 1.0,
             include_low: bool = True, include_high: bool = False) -> float:
    """Return ``value`` as a float in the interval [low, high) (bounds configurable)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    ok_low = value >= low if include_low else value > low
    ok_high = value <= high if include_high else value < high
    if not (ok_low and ok_high):
        interval = f"{'[' if include_low else '('}{low:g}, {high:g}{']' if include_high else ')'}"
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return value


def one_of(value, name: str, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``; else ValueError listing them."""
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


def optional_seed(seed, name: str = "seed"):
    """Return ``seed`` (None or a non-negative int)."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"{name} must be None or a non-negative integer, got {seed!r}")
    return int(seed)


def seed_list(seeds, name: str = "seeds") -> list[int]:
    """Return ``seeds`` (one seed or a non-empty list of them) as a list of non-negative ints."""
    if isinstance(seeds, numbers.Integral) and not isinstance(seeds, bool):
        seeds = [seeds]
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Iterable):
        raise ValueError(f"{name} must be a non-empty list of non-negative integers, e.g. (0, 1, 2); got {seeds!r}")
    seeds = list(seeds)
    if not seeds or any(s is None for s in seeds):
        raise ValueError(f"{name} must be a non-empty list of non-negative integers, e.g. (0, 1, 2); got {seeds!r}")
    return [optional_seed(s, name) for s in seeds]


def number_list(values, name: str, check_item, *, what: str, example: str, unique: bool = False) -> list:
    """Return a non-empty list, each item checked by ``check_item(value, f"{name}[i]")``.

    ``what`` says what is allowed ("positive numbers"), ``example`` shows it ("[1e-3, 1e-2]").
    A lone number or string is refused: the argument is a list.
    """
    message = f"{name} must be a non-empty list of {what}, e.g. {example}"
    if isinstance(values, (str, bytes, numbers.Number)):
        raise ValueError(f"{message}; got {values!r}")
    try:
        values = list(values)
    except TypeError:
        raise ValueError(f"{message}; got {values!r}") from None
    if not values:
        raise ValueError(f"{message}; got an empty list")
    checked = [check_item(v, f"{name}[{i}]") for i, v in enumerate(values)]
    if unique and len(set(checked)) != len(checked):
        raise ValueError(f"{name} must not repeat a value, got {values!r}")
    return checked
