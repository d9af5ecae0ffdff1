"""Build one reveal.js slide deck per course notebook, for a classroom without internet.

    python scripts/build_slides.py                   # every notebook -> slides/
    python scripts/build_slides.py --out DIR notebooks/01_*.ipynb

Which cells become slides comes from each cell's ``slideshow.slide_type`` metadata (the same
metadata JupyterLab's RISE extension presents live): ``slide`` starts a slide, ``subslide`` a
slide below it, ``fragment`` appears on the next click, ``-`` continues the current slide,
``skip`` leaves the cell out, ``notes`` becomes speaker notes (press S). A code cell tagged
``output-only`` shows its output (a figure) without its code. The decks use the outputs stored
in the notebooks; nothing is executed.

Every file a deck needs is copied next to it (``assets/``: reveal.js from the ``pyreveal``
package), and each deck is checked to reference nothing outside its folder: no CDN, no web
font. Decks carry no MathJax (browsers refuse its web fonts from file://), so the notebooks write
formulas as code or Unicode; a notebook with ``$...$`` math is refused.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = Path(__file__).resolve().parent / "slides"
REVEAL_FILES = ("dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css", "dist/plugin/notes.js")
ASSETS = "assets"

# src= / href= / url(...) / @import / import ... from: every way an HTML page pulls in a file
REFERENCE = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']([^"']+)["'])|(?:url\(\s*["']?([^"')]+)["']?\s*\))"""
                       r"""|(?:@import\s+["']([^"']+)["'])|(?:\bimport\s+[\w{}\s,*]+\s+from\s+["']([^"']+)["'])""")


def _package_dir(module: str) -> Path:
    import importlib

    try:
        return Path(importlib.import_module(module).__file__).parent
    except ImportError:
        sys.exit(f"{module} is not installed: run `make setup` (it installs the course's slide assets)")


def copy_assets(out: Path) -> None:
    """reveal.js, copied into ``out/assets``."""
    reveal_src = _package_dir("pyreveal") / "revealjs"
    reveal_dst = out / ASSETS / "reveal"
    for name in REVEAL_FILES:
        target = reveal_dst / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(reveal_src / name, target)


def external_references(html: str, folder: Path) -> list[str]:
    """Every file reference in ``html`` that points outside ``folder`` (a URL, an absolute or missing path)."""
    outside = []
    for match in REFERENCE.finditer(html):
        ref = next(g for g in match.groups() if g)
        if ref.startswith(("#", "data:", "mailto:", "javascript:")):
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", ref, flags=re.I):  # http:, https:, file:, //cdn...
            outside.append(ref)
            continue
        path = (folder / ref.split("?")[0].split("#")[0]).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.exists():
            if ref.endswith(".ipynb"):  # navigation links to the other notebooks: not needed by the deck
                continue
            outside.append(ref)
    return outside


def build(path: Path, out: Path) -> Path:
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    nb = nbformat.read(path, as_version=4)
    if not any(c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in nb.cells):
        raise SystemExit(f"{path.name}: no cell has slideshow metadata; mark its slides first (see the script's help)")
    math = [c.source for c in nb.cells if c.cell_type == "markdown" and re.search(r"\$[^$\n]+\$", c.source)]
    if math:
        raise SystemExit(f"{path.name}: LaTeX math ($...$) in {math[0][:60]!r}...; slides carry no MathJax: "
                         "write the formula as code or Unicode")
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {"output-only"}
    config.SlidesExporter.preprocessors = ["nbconvert.preprocessors.TagRemovePreprocessor"]
    exporter = SlidesExporter(config=config, template_name="course_reveal", extra_template_basedirs=[str(TEMPLATES)],
                              reveal_url_prefix=f"{ASSETS}/reveal", reveal_theme="white", reveal_transition="none",
                              exclude_input_prompt=True, exclude_output_prompt=True)
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    target = out / f"{path.stem}.slides.html"
    target.write_text(html, encoding="utf-8")
    outside = external_references(html, out)
    if outside:
        raise SystemExit(f"{target.name} references files outside {out}: {sorted(set(outside))[:5]}")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all in notebooks/)")
    parser.add_argument("--out", type=Path, default=ROOT / "slides", help="output folder (default: slides/)")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    for path in paths:
        target = build(path, out)
        print(f"{path.name} -> {target.relative_to(out.parent)}")
    print(f"open {out.name}/00_start_here.slides.html in a browser (offline is fine); S opens the speaker notes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
