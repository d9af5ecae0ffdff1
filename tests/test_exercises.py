"""Exercises: tagged cells, checks that test behaviour and teach, and no answer in an exercise cell.

Every exercise is one code cell tagged ``exercise`` (a placeholder and a call of its check
``ex.check_N(...)`` from ``course_utils.exercises.nbNN``) and, after "## Solutions", one code
cell tagged ``solution`` that calls the same check with a worked answer. Student copies are
generated from these tags.
"""

import contextlib
import importlib
import io
import re

import pytest
from specs import load, spec_modules, tags

SPECS = spec_modules()
IDS = [s.NOTEBOOK[:2] for s in SPECS]
CHECK_CALL = re.compile(r"\bex\.(check_\w+)\(")


def exercise_module(spec):
    return importlib.import_module(f"course_utils.exercises.nb{spec.NOTEBOOK[:2]}")


def checks_of(module) -> dict:
    return {name: fn for name, fn in vars(module).items() if name.startswith("check_") and hasattr(fn, "problems")}


def tagged(nb, tag):
    return [c for c in nb.cells if c.cell_type == "code" and tag in tags(c)]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_exercise_and_solution_cells_pair_up(spec):
    nb = load(spec.NOTEBOOK)
    module = exercise_module(spec)
    exercises, solutions = tagged(nb, "exercise"), tagged(nb, "solution")
    assert exercises, "no code cell tagged 'exercise'"
    called = [CHECK_CALL.findall(c.source) for c in exercises]
    answered = [CHECK_CALL.findall(c.source) for c in solutions]
    assert all(len(c) == 1 for c in called), f"each exercise cell calls exactly one check: {called}"
    assert [c[0] for c in called] == [c[0] for c in answered if c], "solutions must call the same checks, in order"
    assert sorted(c[0] for c in called) == sorted(checks_of(module)), "every check has one exercise cell"
    sources = [c.source for c in nb.cells]
    first_solution = sources.index(solutions[0].source)
    heading = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Solutions" in c.source)
    assert all(sources.index(c.source) < heading for c in exercises), "exercise cells come before ## Solutions"
    assert first_solution > heading, "solution cells come after ## Solutions"
    for cell in nb.cells:
        if cell.cell_type == "markdown" and sources.index(cell.source) > heading and "solution" not in tags(cell):
            assert cell.source.startswith("<!--NAVIGATION-->") or cell.source.startswith("## Solutions"), (
                f"markdown after ## Solutions must be tagged 'solution': {cell.source[:60]!r}")


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_no_exercise_cell_contains_its_answer(spec):
    nb = load(spec.NOTEBOOK)
    checks = checks_of(exercise_module(spec))
    for cell in tagged(nb, "exercise"):
        (name,) = CHECK_CALL.findall(cell.source)
        assert re.search(r"(=\s*(\.\.\.|None\b))|^\s*\.\.\.", cell.source, flags=re.M), (
            f"{name}: the exercise cell needs a placeholder (... or None) for the learner to replace")
        for secret in checks[name].reveals:
            assert secret not in cell.source, f"{name}: the exercise cell gives the answer away ({secret!r})"
        assert not re.search(r"check\w*\(\s*answer\w*\s*,\s*(True|False|[-+]?\d|\"|')", cell.source)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_some_exercise_asks_for_keras_code(spec):
    nb = load(spec.NOTEBOOK)
    assert any("keras." in c.source for c in tagged(nb, "solution")), "at least one exercise has the learner write Keras"


CASES = [(spec, number) for spec in SPECS for number in spec.EXERCISES]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_check_has_cases(spec):
    names = {f"check_{n}" for n in spec.EXERCISES}
    assert names == set(checks_of(exercise_module(spec))), "give EXERCISES cases for every check, and only those"


@pytest.mark.parametrize("spec, number", CASES, ids=[f"{s.NOTEBOOK[:2]}-{n}" for s, n in CASES])
def test_check_passes_the_solution_and_fails_wrong_answers(spec, number):
    check = getattr(exercise_module(spec), f"check_{number}")
    cases = spec.EXERCISES[number]
    answers = cases.solution.make()
    assert not any(isinstance(a, bool) for a in answers), "no True/False answers: they can be guessed"
    assert check.problems(*answers) == [], "the solution must pass"
    assert len(cases.wrong) >= 2, "test at least two typical wrong answers"
    for case in cases.wrong:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            check(*case.make())
        text = out.getvalue()
        assert "not yet" in text, f"a wrong answer passed: {text}"
        assert case.expect and case.expect in text, f"expected {case.expect!r} in the message: {text}"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert check(*([...] * max(1, len(answers)))) is None
    assert "not answered yet" in out.getvalue()
