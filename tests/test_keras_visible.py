"""The Keras code each notebook teaches is visible in its teaching code cells, not hidden in helpers."""

import pytest
from specs import load, spec_modules, teaching_code

SPECS = spec_modules()
CASES = [(spec, line) for spec in SPECS for line in spec.KERAS_LINES]


@pytest.mark.parametrize("spec, line", CASES, ids=[f"{s.NOTEBOOK[:2]}:{line}" for s, line in CASES])
def test_keras_line_is_in_a_teaching_code_cell(spec, line):
    cells = teaching_code(load(spec.NOTEBOOK))
    assert any(line in source for source in cells), f"{spec.NOTEBOOK}: no teaching code cell shows {line!r}"


@pytest.mark.parametrize("spec", SPECS, ids=[s.NOTEBOOK[:2] for s in SPECS])
def test_every_notebook_lists_its_keras_lines(spec):
    assert len(spec.KERAS_LINES) >= 3
