"""The instructor kit: student copies, offline slide decks, instructor notes, the learner's own copies.

Student copies are executed twice in fresh kernels: unanswered (every check says "not answered
yet", nothing stops "Run all") and with each solution pasted into its exercise cell (every check
says "correct"). Slide decks are built offline, scanned for references outside their folder and
opened in headless Chromium; without a Chromium on the machine only the browser checks are
skipped, saying why.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import build_slides  # noqa: E402
import make_student  # noqa: E402
import workspace  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.name[:2] for p in NOTEBOOKS]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]
TEST_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "PYTHONHASHSEED": "0"}
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (Debian: apt-get install "
                                                            "chromium); the browser checks need one")


def tags(cell) -> set:
    return set(cell.get("metadata", {}).get("tags", []))


def outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", "") if isinstance(out.get("text", ""), str) else "".join(out["text"]))
        for key, value in out.get("data", {}).items():
            if key.startswith("text/"):
                parts.append(value if isinstance(value, str) else "".join(value))
    return "".join(parts)


def execute(nb, path: Path):
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

    km = KernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager())
    client = NotebookClient(nb, km=km, timeout=600, allow_errors=False, record_timing=False)
    client.execute(cwd=str(path.parent), env={**os.environ, **TEST_ENV})
    return nb


# --------------------------------------------------------------------------- student copies

@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_copy_has_no_solutions_and_every_exercise(path):
    nb = nbformat.read(path, as_version=4)
    copy = make_student.student_copy(nb, path.name)
    assert not [c for c in copy.cells if "solution" in tags(c)]
    exercises = [c.source for c in nb.cells if "exercise" in tags(c)]
    assert exercises and [c.source for c in copy.cells if "exercise" in tags(c)] == exercises
    assert all(not c.outputs for c in copy.cells if "exercise" in tags(c)), "exercise outputs are cleared"
    solution_outputs = [outputs_text(c) for c in nb.cells if "solution" in tags(c) and outputs_text(c).strip()]
    everything = json.dumps(copy)
    for text in solution_outputs:
        assert json.dumps(text)[1:-1] not in everything, "a solution's output is still in the student copy"
    kept = [c.source for c in nb.cells if "solution" not in tags(c)]
    assert len(copy.cells) == len(kept), "only solution cells are removed"


def test_make_student_writes_student_folder_only(tmp_path):
    assert make_student.main(["--out", str(tmp_path), str(NOTEBOOKS[0])]) == 0
    assert (tmp_path / NOTEBOOKS[0].name).is_file()
    with pytest.raises(SystemExit):
        make_student.main(["--out", str(ROOT / "notebooks"), str(NOTEBOOKS[0])])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_copy_runs_unanswered_and_confirms_pasted_solutions(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    copy = make_student.student_copy(nb, path.name)
    target = tmp_path / path.name
    start = time.perf_counter()
    ran = execute(nbformat.from_dict(copy), target)
    unanswered_seconds = time.perf_counter() - start
    for cell in (c for c in ran.cells if "exercise" in tags(c)):
        text = outputs_text(cell)
        assert "not answered yet" in text and "Traceback" not in text, text

    solutions = [c.source for c in nb.cells if c.cell_type == "code" and "solution" in tags(c)]
    exercise_cells = [c for c in copy.cells if "exercise" in tags(c)]
    assert len(solutions) == len(exercise_cells)
    for cell, source in zip(exercise_cells, solutions):
        cell.source = source
    ran = execute(copy, target)
    for cell in (c for c in ran.cells if "exercise" in tags(c)):
        text = outputs_text(cell)
        assert "correct." in text and "not yet" not in text and "not answered" not in text, text
    print(f"{path.name}: student copy ran unanswered in {unanswered_seconds:.1f} s")


# --------------------------------------------------------------------------- the learner's own copies

def test_workspace_copies_are_made_once_and_reset_keeps_a_backup(tmp_path):
    folder = workspace.prepare(False, tmp_path / "mine")
    first = folder / NOTEBOOKS[1].name
    assert sorted(p.name for p in folder.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    first.write_text("my work", encoding="utf-8")
    workspace.prepare(False, folder)
    assert first.read_text(encoding="utf-8") == "my work", "prepare never overwrites the learner's copy"
    workspace.reset(NOTEBOOKS[1].name[:2], False, folder)
    assert first.with_name(first.name + ".bak").read_text(encoding="utf-8") == "my work"
    assert nbformat.read(first, as_version=4).cells
    student = workspace.prepare(True, tmp_path / "student")
    nb = nbformat.read(student / NOTEBOOKS[1].name, as_version=4)
    assert not [c for c in nb.cells if "solution" in tags(c)]
    with pytest.raises(SystemExit, match="NB"):
        workspace.reset("99", False, folder)


def test_lab_opens_copies_with_project_settings():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--ServerApp.root_dir=$(WORK)" in makefile and "workspace.py prepare" in makefile
    assert "--ServerApp.root_dir=notebooks" not in makefile, "make lab must not open the stored notebooks"
    config = json.loads((ROOT / "jupyter-config/labconfig/page_config.json").read_text(encoding="utf-8"))
    assert config["disabledExtensions"]["@jupyterlab/apputils-extension:announcements"] is True
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    for folder in ("student/", "slides/", "my-notebooks/", "my-student-notebooks/"):
        assert folder in ignored


# --------------------------------------------------------------------------- slides

@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    assert build_slides.main(["--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_slides_are_chosen_from_metadata(path):
    nb = nbformat.read(path, as_version=4)
    kinds = [c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in nb.cells]
    assert kinds.count("slide") >= 4, "headings, key figures and key points make at least four slides"
    shown = [k for k in kinds if k not in (None, "skip", "notes")]
    assert len(shown) < len(nb.cells), "a deck shows the key cells, not every cell"
    for cell, kind in zip(nb.cells, kinds):
        if "solution" in tags(cell):
            assert kind == "skip", "solutions are not shown on slides"
    text = "\n".join(c.source for c, k in zip(nb.cells, kinds) if k not in (None, "skip", "notes"))
    assert "Key points" in text, "the key points are on a slide"


def test_every_deck_references_only_its_own_folder(decks):
    for path in NOTEBOOKS:
        html = (decks / f"{path.stem}.slides.html").read_text(encoding="utf-8")
        assert build_slides.external_references(html, decks) == []
        assert not re.search(r"(src|href)\s*=\s*[\"'](https?:)?//", html)
    for css in decks.glob("assets/**/*.css"):
        assert not re.search(r"url\(\s*[\"']?(https?:)?//", css.read_text(encoding="utf-8")), css


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@needs_browser
def test_decks_open_offline_in_chromium(decks, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # no name resolves: a deck that needs the network fails here
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=[*BROWSER_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND"])
        for path in NOTEBOOKS:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            problems = []
            page.on("console", lambda m, pr=problems: pr.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, pr=problems: pr.append(str(e)))
            page.on("requestfailed", lambda r, pr=problems: pr.append(f"failed: {r.url}"))
            page.goto((decks / f"{path.stem}.slides.html").as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=20000)
            page.wait_for_timeout(500)
            first = page.inner_text(".reveal .slides section.present")
            title = next(line[2:] for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"
                         for line in c.source.splitlines() if line.startswith("# "))
            assert title.split(":")[0].strip().lower() in first.lower(), first[:200]
            assert page.evaluate("Reveal.getTotalSlides()") >= 4
            shot = tmp_path / f"{path.stem}.png"
            page.screenshot(path=str(shot))
            assert _not_blank(shot), f"{path.name}: the first slide renders blank"
            page.keyboard.press("End")
            page.wait_for_timeout(300)
            assert not problems, f"{path.name}: {problems}"
            page.close()
        browser.close()


def _not_blank(png: Path) -> bool:
    from PIL import Image

    image = Image.open(png).convert("L")
    colors = image.getcolors(maxcolors=1 << 16) or [(0, 0)] * 1000
    dark = sum(n for n, v in colors if v < 128)
    return len(colors) > 20 and dark > 0.002 * image.width * image.height


@needs_browser
def test_make_lab_opens_the_start_notebook_without_news(tmp_path):
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(ROOT / "jupyter-config"), "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    folder = workspace.prepare(False, tmp_path / "mine")
    lab = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={folder}", "--no-browser",
                            f"--port={port}", "--ServerApp.token=", "--ServerApp.password=", "--allow-root",
                            "--LabApp.default_url=/lab/tree/00_start_here.ipynb"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            for _ in range(60):
                try:
                    page.goto(f"http://127.0.0.1:{port}/")
                    break
                except Exception:  # the server is still starting
                    time.sleep(1)
            page.wait_for_selector(".jp-NotebookPanel", timeout=60000)
            page.wait_for_timeout(4000)
            tabs = page.eval_on_selector_all(".lm-TabBar-tabLabel", "els => els.map(e => e.textContent)")
            assert "00_start_here.ipynb" in tabs
            toasts = page.eval_on_selector_all(".Toastify__toast", "els => els.map(e => e.textContent)")
            assert not [t for t in toasts if "news" in t.lower()], toasts
            browser.close()
    finally:
        lab.terminate()
        lab.wait(timeout=30)
    assert not (ROOT / "notebooks" / ".ipynb_checkpoints").exists()


# --------------------------------------------------------------------------- instructor notes

README_MINUTES = re.compile(r"^\| \[(\d\d)_\w+\.ipynb\]\(notebooks/\d\d_\w+\.ipynb\) \| .*? \| (\d+) \|", re.M)
SECTION = re.compile(r"^## (.+?)\n(.*?)(?=^## |\Z)", re.M | re.S)
MINUTES = re.compile(r"\*\*Minutes:\*\* teaching (\d+), exercises (\d+)")


def notes_for(path: Path) -> Path:
    return ROOT / "instructors" / f"{path.stem}.md"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_instructor_notes_cover_every_section_and_add_up(path):
    notes = notes_for(path)
    assert notes.is_file(), f"missing {notes.relative_to(ROOT)}"
    text = notes.read_text(encoding="utf-8")
    readme = dict(README_MINUTES.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    sections = {title.strip(): body for title, body in SECTION.findall(text)}
    nb = nbformat.read(path, as_version=4)
    headings = [line[3:].strip() for c in nb.cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")]
    missing = [h for h in headings if h not in sections]
    assert not missing, f"{notes.name}: no section for {missing}"
    total = 0
    for title, body in sections.items():
        match = MINUTES.search(body)
        if title in headings:
            assert match, f"{notes.name}, '## {title}': state **Minutes:** teaching N, exercises M"
        if match:
            total += int(match.group(1)) + int(match.group(2))
    assert total == int(readme[path.name[:2]]), f"{notes.name}: sections add up to {total} minutes, README says {readme[path.name[:2]]}"
    for needed in ("Misconception", "Ask the room", "Errors learners hit", "If short of time"):
        assert needed.lower() in text.lower(), f"{notes.name}: no '{needed}'"


def test_instructor_readme_and_workshop_plan():
    guide = (ROOT / "instructors" / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert notes_for(path).name in guide
    plan = (ROOT / "instructors" / "workshop.md").read_text(encoding="utf-8")
    for needed in ("one-day", "three 2-hour", "break", "pip download", "--no-index", "--find-links", "day before"):
        assert needed.lower() in plan.lower(), f"workshop.md: no '{needed}'"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## For instructors" in readme and "instructors/README.md" in readme
