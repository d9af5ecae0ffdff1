"""Hygiene of the stored notebooks: what nbval, a learner on GitHub, or an instructor would trip on.

nbval (run by ``make test``) re-executes every notebook and compares outputs; these checks
make sure the stored notebooks are worth comparing against.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TEMPLATE_HEADINGS = ["## What you will learn", "## Setup", "## Key points", "## Exercises", "## Solutions"]
LOG_LINES = re.compile(r"oneDNN|absl::|cpu_feature_guard|W0000|I0000|E0000|This TensorFlow binary")
ABSOLUTE_PATH = re.compile(r"(/(root|home/\w+|Users/\w+|tmp/ipykernel_\d+)/)|([A-Z]:\\\\)")
IDS = [p.name for p in NOTEBOOKS]


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def output_texts(cell):
    for out in cell.get("outputs", []):
        if "text" in out:
            yield out["text"]
        for key, value in out.get("data", {}).items():
            if key.startswith("text/"):
                yield value if isinstance(value, str) else "".join(value)
        if out.get("output_type") == "error":
            yield "\n".join(out.get("traceback", []))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_valid_small_and_python3(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert path.stat().st_size < 1_000_000, "keep stored notebooks under 1 MB (lower dpi, fewer figures)"
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_executed_in_order_in_one_fresh_kernel(path):
    nb = nbformat.read(path, as_version=4)
    counts = [c.execution_count for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "regenerate with `make notebooks`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_errors_logs_or_machine_paths_stored(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(code_cells(nb)):
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"cell {i} stores an error; use course_utils.expect_error"
        for text in output_texts(cell):
            assert not LOG_LINES.search(text), f"cell {i}: TensorFlow log lines stored"
            assert not ABSOLUTE_PATH.search(text), f"cell {i}: an absolute path of this machine is stored"
            assert "\x1b[" not in text and "ETA:" not in text, f"cell {i}: progress bar output stored"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_follows_the_course_template(path):
    nb = nbformat.read(path, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    text = "\n".join(markdown)
    assert markdown[0].startswith("<!--NAVIGATION-->") and markdown[-1].startswith("<!--NAVIGATION-->")
    assert markdown[1].startswith("# "), "the first cell after the navigation is the title"
    positions = []
    for heading in TEMPLATE_HEADINGS:
        match = re.search(rf"^{re.escape(heading)}\b", text, flags=re.M)
        assert match, f"missing section {heading!r}"
        positions.append(match.start())
    assert positions == sorted(positions), "template sections out of order"
    assert re.search(r"^\*\*Time:\*\*", text, flags=re.M), "state a time estimate as **Time:** ..."
    first_code = code_cells(nb)[0].source
    assert "setup_notebook(" in first_code, "the first code cell calls course_utils.setup_notebook"
    assert re.search(r"\bex\.check_\w+\(", "\n".join(c.source for c in code_cells(nb))), "exercises come with a check"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_markers_are_spelled_so_nbval_sees_them(path):
    nb = nbformat.read(path, as_version=4)
    for cell in code_cells(nb):
        for line in cell.source.splitlines():
            if "NBVAL" in line:
                assert re.fullmatch(r"# NBVAL_(IGNORE_OUTPUT|CHECK_OUTPUT|SKIP|RAISES_EXCEPTION)", line.strip()), line


def test_every_notebook_is_listed_in_the_readme_and_in_start_here():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = json.dumps(nbformat.read(NOTEBOOKS[0], as_version=4).cells)
    for path in NOTEBOOKS:
        assert path.name in readme, f"{path.name} missing from README.md's notebook table"
        assert path.name in start, f"{path.name} missing from 00_start_here's course table"


def _run_notebooks_script():
    import importlib
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        return importlib.import_module("run_notebooks")
    finally:
        sys.path.remove(str(ROOT / "scripts"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_navigation_is_what_make_notebooks_writes(path):
    """Links between notebooks (and the Colab link, when pyproject.toml sets the repository) are up to date."""
    script = _run_notebooks_script()
    nb = nbformat.read(path, as_version=4)
    expected = script.navigation(path, NOTEBOOKS, script.repository_url())
    navs = [c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("<!--NAVIGATION-->")]
    assert navs == [expected, expected], "run `make notebooks` to rewrite the navigation"


def test_colab_link_comes_from_the_repository_setting(tmp_path):
    script = _run_notebooks_script()
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n# [project.urls]\n# Repository = "https://github.com/a/b"\n')
    assert script.repository_url(pyproject) is None
    assert "colab" not in script.navigation(NOTEBOOKS[1], NOTEBOOKS, None).lower()
    pyproject.write_text('[project]\nname = "x"\n\n[project.urls]\nRepository = "https://github.com/kim/nn-course"\n'
                         '\n[tool.setuptools]\npackages = ["course_utils"]\n')
    url = script.repository_url(pyproject)
    assert url == "https://github.com/kim/nn-course"
    nav = script.navigation(NOTEBOOKS[1], NOTEBOOKS, url)
    assert (f"(https://colab.research.google.com/github/kim/nn-course/blob/main/notebooks/{NOTEBOOKS[1].name})"
            in nav)
    assert '%pip install -q "course-utils @ git+https://github.com/kim/nn-course@main"' in nav
    assert "/blob/dev/" in script.colab_url("https://github.com/kim/nn-course/tree/dev", "x.ipynb")
    with pytest.raises(ValueError, match=r"\[project.urls\] Repository must be a GitHub address"):
        script.colab_url("https://gitlab.com/kim/nn-course", "x.ipynb")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_printed_text_is_stored_as_one_output_per_stream(path):
    """make notebooks merges stdout chunks, so where the kernel flushed does not show in diffs."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(code_cells(nb)):
        kinds = [(o.get("output_type"), o.get("name")) for o in cell.get("outputs", [])]
        repeats = [a for a, b in zip(kinds, kinds[1:]) if a == b and a[0] == "stream"]
        assert not repeats, f"code cell {i}: consecutive {repeats[0][1]} chunks; run `make notebooks`"
