"""ruff over the package, the tests, the scripts and the notebooks (a misspelled %magic or
an unused import in a notebook passes nbval silently; ruff catches it)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    result = subprocess.run([ruff, "check", "course_utils", "tests", "scripts", "notebooks"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
