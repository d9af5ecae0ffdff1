"""Generate student copies of the course notebooks: the exercises without their solutions.

    python scripts/make_student.py                 # every notebook -> student/
    python scripts/make_student.py --out DIR notebooks/01_*.ipynb

A student copy is the notebook with every cell tagged ``solution`` removed (the worked answers
and their outputs), the "## Solutions" heading replaced by a note, and the stored outputs of
the ``exercise`` cells cleared (they run their checks: unanswered, each prints "not answered
yet"). Everything else, prose, figures and experiments with their outputs, stays. The copies
are written to ``student/`` (git-ignored), never into ``notebooks/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS_NOTE = ("## Solutions\n\nThis is the student copy: the worked solutions are in the full notebook "
                  "(`notebooks/{name}` in the course repository). Each exercise's check tells you when "
                  "your answer is right.")


def tags(cell) -> set:
    return set(cell.get("metadata", {}).get("tags", []))


def student_copy(nb, name: str):
    """Return a new notebook: solutions removed, exercise outputs cleared."""
    nb = nbformat.from_dict(nb)  # a deep copy
    cells = []
    for cell in nb.cells:
        if "solution" in tags(cell):
            continue
        if cell.cell_type == "markdown" and cell.source.startswith("## Solutions"):
            cell.source = SOLUTIONS_NOTE.format(name=name)
        if cell.cell_type == "code" and "exercise" in tags(cell):
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    nb.metadata["course_copy"] = "student"
    return nb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all in notebooks/)")
    parser.add_argument("--out", type=Path, default=ROOT / "student", help="output folder (default: student/)")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    out = args.out.resolve()
    if out == NOTEBOOKS.resolve():
        parser.error("refusing to write student copies over the course notebooks")
    out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if not any("exercise" in tags(c) for c in nb.cells):
            parser.error(f"{path.name} has no cell tagged 'exercise'")
        copy = student_copy(nb, path.name)
        nbformat.validate(copy)
        nbformat.write(copy, out / path.name)
        removed = len(nb.cells) - len(copy.cells)
        print(f"{path.name}: {removed} solution cells removed -> {out.name}/{path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
