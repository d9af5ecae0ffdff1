"""The learner's own copies of the notebooks, so that the course's stored notebooks stay untouched.

    python scripts/workspace.py prepare            # my-notebooks/: full copies, made on first use
    python scripts/workspace.py prepare --student  # my-student-notebooks/: student copies
    python scripts/workspace.py reset 01           # a fresh copy of notebook 01 (the old one kept as .bak)

JupyterLab marks a notebook modified as soon as it is opened and autosaves a learner's run into
it. Opening the course from copies keeps ``notebooks/`` (whose stored outputs the tests compare)
and git's tree clean. A copy is made only when it does not exist yet: your work is never
overwritten, except by ``reset``, which keeps the previous file as ``NAME.ipynb.bak``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_student import student_copy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FOLDERS = {False: ROOT / "my-notebooks", True: ROOT / "my-student-notebooks"}


def course_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def write_copy(source: Path, target: Path, student: bool) -> None:
    if student:
        nb = nbformat.read(source, as_version=4)
        nbformat.write(student_copy(nb, source.name), target)
    else:
        shutil.copyfile(source, target)


def prepare(student: bool, folder: Path | None = None) -> Path:
    folder = folder or FOLDERS[student]
    folder.mkdir(exist_ok=True)
    made = []
    for source in course_notebooks():
        target = folder / source.name
        if not target.exists():
            write_copy(source, target, student)
            made.append(source.name)
    if made:
        print(f"{folder.name}/: made {len(made)} {'student ' if student else ''}copies ({', '.join(made)})")
    return folder


def reset(which: str, student: bool, folder: Path | None = None) -> Path:
    matches = [p for p in course_notebooks() if p.name.startswith(which)]
    if len(matches) != 1:
        names = ", ".join(p.name for p in course_notebooks())
        raise SystemExit(f"NB={which!r} must pick one notebook by its start, e.g. 01; choose from {names}")
    source = matches[0]
    folder = folder or FOLDERS[student]
    folder.mkdir(exist_ok=True)
    target = folder / source.name
    if target.exists():
        shutil.copyfile(target, target.with_name(target.name + ".bak"))
        print(f"kept your previous copy as {folder.name}/{target.name}.bak")
    write_copy(source, target, student)
    print(f"{folder.name}/{target.name}: a fresh copy of notebooks/{source.name}")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="make the missing copies")
    p.add_argument("--student", action="store_true", help="student copies (no solutions)")
    r = sub.add_parser("reset", help="replace one copy with a fresh one")
    r.add_argument("notebook", help="the notebook's number or the start of its name, e.g. 01")
    r.add_argument("--student", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare(args.student)
    else:
        reset(args.notebook, args.student)
    return 0


if __name__ == "__main__":
    sys.exit(main())
