"""Regenerate the stored outputs of the course notebooks, headlessly, in fresh kernels.

    python scripts/run_notebooks.py              # every notebook in notebooks/
    python scripts/run_notebooks.py notebooks/01_*.ipynb
    python scripts/run_notebooks.py --timings-only   # execute, report seconds, write nothing

Each notebook runs top to bottom in a new kernel started from this interpreter (the same
environment ``make test`` uses, with TensorFlow's log variables set), and is saved with
execution counts 1, 2, 3, ... and no per-cell timing metadata. Before running, the
navigation bar between the ``<!--NAVIGATION-->`` markers is regenerated from the notebook
order. Prints how long each notebook took: the timing report for the README's table.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAV_MARK = "<!--NAVIGATION-->"
TEST_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "PYTHONHASHSEED": "0"}


def course_notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def title_of(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "untitled"


def navigation(path: Path, order: list[Path]) -> str:
    i = order.index(path)
    parts = []
    if i > 0:
        prev = order[i - 1]
        parts.append(f"< [{title_of(nbformat.read(prev, as_version=4))}]({prev.name})")
    parts.append(f"[Contents]({order[0].name})")
    if i + 1 < len(order):
        nxt = order[i + 1]
        parts.append(f"[{title_of(nbformat.read(nxt, as_version=4))}]({nxt.name}) >")
    return f"{NAV_MARK}\n" + " | ".join(parts)


def update_navigation(nb, path: Path, order: list[Path]) -> None:
    nav = navigation(path, order)
    found = False
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(NAV_MARK):
            cell.source = nav
            found = True
    if not found:
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(nav))
        nb.cells.append(nbformat.v4.new_markdown_cell(nav))


def clean(nb) -> None:
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    lang = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3",
                                    "codemirror_mode": {"name": "ipython", "version": 3},
                                    "file_extension": ".py", "mimetype": "text/x-python",
                                    "nbconvert_exporter": "python"} | {k: v for k, v in lang.items() if k == "name"}
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("transient", None)


def run(path: Path, order: list[Path], timeout: int, write: bool = True) -> float:
    nb = nbformat.read(path, as_version=4)
    update_navigation(nb, path, order)
    km = AsyncKernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager())
    client = NotebookClient(nb, km=km, timeout=timeout, record_timing=False, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute(cwd=str(path.parent), env={**os.environ, **TEST_ENV})
    seconds = time.perf_counter() - start
    clean(nb)
    nbformat.validate(nb)
    if write:
        nbformat.write(nb, path)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks to run (default: all)")
    parser.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds")
    parser.add_argument("--timings-only", action="store_true",
                        help="execute and report times without rewriting the notebooks")
    args = parser.parse_args(argv)
    os.environ.update(TEST_ENV)
    order = course_notebooks()
    paths = [p.resolve() for p in args.paths] or order
    unknown = [p for p in paths if p not in order]
    if unknown:
        parser.error(f"not a course notebook (notebooks/NN_name.ipynb): {', '.join(map(str, unknown))}")
    print(f"{'notebook':<52} {'seconds':>8}")
    total = 0.0
    for path in paths:
        seconds = run(path, order, args.timeout, write=not args.timings_only)
        total += seconds
        print(f"{path.name:<52} {seconds:8.1f}", flush=True)
    print(f"{'total':<52} {total:8.1f}  ({os.cpu_count()} CPUs, {sys.platform})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
