"""What each notebook must show and may claim: one spec module per notebook (nb00.py ... nb06.py).

A spec module defines

* ``NOTEBOOK``: the notebook's file name;
* ``KERAS_LINES``: the plain Keras code a learner must see in the notebook's teaching code
  cells (not only in exercises or solutions), as exact substrings;
* ``CLAIMS``: the claims register, a list of :class:`Claim`. Every quantitative or
  comparative sentence in the notebook's prose, and every key point, has a claim: the exact
  phrase as it stands in the notebook, and a computation that checks it over several seeds;
* ``EXERCISES``: for every exercise check in ``course_utils.exercises.nbNN``, a solution that
  must pass and at least two typical wrong answers that must fail with a useful message.

tests/test_claims.py, tests/test_keras_visible.py and tests/test_exercises.py run them.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


@dataclass(frozen=True)
class Claim:
    """One claim of a notebook's prose and the computation that checks it.

    ``phrase``: the exact words in the notebook (markdown; runs of whitespace count as one
    space). Edit the notebook's sentence and this test fails until the register follows.
    ``check(seed)``: raises AssertionError when the claim does not hold for ``seed``; it runs
    the notebook's experiment (the same settings) with that seed. ``seeds``: at least three,
    or ``None`` for a claim that involves no randomness (a formula, a Keras default), checked once.
    ``code``: exact snippets of the notebook's code cells that set up the experiment the claim
    is about; change the experiment in the notebook and this test fails until the register
    (and the phrase) follow.
    """

    phrase: str
    check: Callable[[int | None], None]
    seeds: tuple | None = (0, 1, 2)
    code: tuple = ()


@dataclass(frozen=True)
class Case:
    """Arguments for an exercise check: ``make()`` returns the tuple of answers to pass."""

    make: Callable[[], tuple]
    expect: str = ""  # for a wrong answer: a substring the check's message must contain


@dataclass(frozen=True)
class ExerciseCases:
    solution: Case
    wrong: list = field(default_factory=list)


def spec_modules() -> list:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if re.fullmatch(r"nb\d\d", m.name))
    return [importlib.import_module(f"specs.{name}") for name in names]


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def load(name: str):
    import nbformat

    return nbformat.read(NOTEBOOKS / name, as_version=4)


def tags(cell) -> set:
    return set(cell.get("metadata", {}).get("tags", []))


def prose(nb) -> str:
    """All markdown of a notebook, whitespace-normalized (navigation bars left out)."""
    return normalize("\n".join(c.source for c in nb.cells
                               if c.cell_type == "markdown" and not c.source.startswith("<!--NAVIGATION-->")))


def teaching_code(nb) -> list[str]:
    """Sources of the code cells that teach: neither exercises nor solutions."""
    return [c.source for c in nb.cells if c.cell_type == "code" and not tags(c) & {"exercise", "solution"}]


def all_code(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def key_points(nb) -> list[str]:
    """The bullets of the notebook's "## Key points" section, whitespace-normalized."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        match = re.search(r"^## Key points\s*$(.*?)(?=^## |\Z)", cell.source, flags=re.M | re.S)
        if match:
            bullets = re.split(r"^- ", match.group(1), flags=re.M)[1:]
            return [normalize(b) for b in bullets]
    return []


# Numbers a sentence states as a measurement or a comparison: decimals, percentages, powers of
# ten, "N times" / "Nx" ratios. Inside `code spans` they are settings or formulas and not counted.
MEASURED_NUMBER = re.compile(
    r"(?<![\w.^/-])(\d+\.\d+|\d+(?:\.\d+)?\s?%|\d+(?:\.\d+)?e[-+]?\d+|\d[\d,]*(?:\.\d+)?\s?(?:times|×|x)(?=[\s,.;:)])|1/\d[\d,]+)")


def stated_numbers(nb) -> list[tuple[str, str]]:
    """(number, its sentence) for every measured-looking number in the prose, outside code spans."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown" or cell.source.startswith("<!--NAVIGATION-->"):
            continue
        text = re.sub(r"```.*?```", " ", cell.source, flags=re.S)
        text = re.sub(r"`[^`]*`", " ", text)
        text = re.sub(r"\$[^$]*\$", " ", text)
        text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
        for line in text.splitlines():
            if line.startswith("#") or line.startswith("**Time:**"):
                continue
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                for match in MEASURED_NUMBER.finditer(sentence):
                    found.append((match.group(0), normalize(sentence)))
    return found
