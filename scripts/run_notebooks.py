"""Regenerate the stored outputs of the course notebooks, headlessly, in fresh kernels.

    python scripts/run_notebooks.py              # every notebook in notebooks/
    python scripts/run_notebooks.py notebooks/01_*.ipynb
    python scripts/run_notebooks.py --timings-only   # execute, report seconds, write nothing

Each notebook runs top to bottom in a new kernel started from this interpreter (the same
environment ``make test`` uses, with TensorFlow's log variables set), and is saved with
execution counts 1, 2, 3, ... and no per-cell timing metadata. Before running, the
navigation bar between the ``<!--NAVIGATION-->`` markers is regenerated from the notebook
order, with an "Open in Colab" link when pyproject.toml sets ``[project.urls] Repository``
to the course's GitHub address. Prints how long each notebook took: the timing report for the README's table.
"""

from __future__ import annotations

import argparse
import os
import re
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


def repository_url(pyproject: Path = ROOT / "pyproject.toml") -> str | None:
    """``[project.urls] Repository`` from pyproject.toml, or None when it is not set."""
    table = re.search(r"^\[project\.urls\][ \t]*$(.*?)(?=^\[|\Z)", pyproject.read_text(encoding="utf-8"),
                      flags=re.M | re.S)
    value = table and re.search(r'^[ \t]*Repository[ \t]*=[ \t]*"([^"]*)"', table.group(1), flags=re.M)
    return value.group(1).strip() if value else None


def github_parts(repository: str) -> tuple[str, str, str]:
    """(owner, repository, branch) of a GitHub address; the branch defaults to main."""
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?(?:/tree/([\w./-]+?))?/?", repository)
    if not match:
        raise ValueError(f"pyproject.toml: [project.urls] Repository must be a GitHub address such as "
                         f"https://github.com/OWNER/REPOSITORY (optionally /tree/BRANCH); got {repository!r}")
    return match.group(1), match.group(2), match.group(3) or "main"


def colab_url(repository: str, notebook: str) -> str:
    """The address that opens ``notebooks/<notebook>`` of a GitHub repository in Google Colab."""
    owner, repo, branch = github_parts(repository)
    return f"https://colab.research.google.com/github/{owner}/{repo}/blob/{branch}/notebooks/{notebook}"


def pip_install_line(repository: str) -> str:
    """The cell that installs course_utils on a hosted service, keeping its TensorFlow."""
    owner, repo, branch = github_parts(repository)
    return f'%pip install -q "course-utils @ git+https://github.com/{owner}/{repo}@{branch}"'


def navigation(path: Path, order: list[Path], repository: str | None = None) -> str:
    i = order.index(path)
    parts = []
    if i > 0:
        prev = order[i - 1]
        parts.append(f"< [{title_of(nbformat.read(prev, as_version=4))}]({prev.name})")
    parts.append(f"[Contents]({order[0].name})")
    if i + 1 < len(order):
        nxt = order[i + 1]
        parts.append(f"[{title_of(nbformat.read(nxt, as_version=4))}]({nxt.name}) >")
    nav = f"{NAV_MARK}\n" + " | ".join(parts)
    if repository:
        nav += (f"\n\n[Open in Colab]({colab_url(repository, path.name)}) (on Colab, first add and run a cell "
                f"with `{pip_install_line(repository)}`)")
    return nav


def update_navigation(nb, path: Path, order: list[Path]) -> None:
    nav = navigation(path, order, repository_url())
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
            cell.outputs = coalesce_streams(cell.get("outputs", []))


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stdout (or stderr) chunks into one output, as nbval compares them: where the
    kernel happened to flush must not change the stored notebook."""
    merged = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream"
                and last.get("name") == out.get("name")):
            last["text"] += out["text"]
        else:
            merged.append(out)
    return merged


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
