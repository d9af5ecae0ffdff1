"""Importing course_utils is cheap and changes nothing; the lazy exports all resolve."""

import json
import pkgutil
import subprocess
import sys

import pytest

import course_utils

MODULES = sorted(m.name.removeprefix("course_utils.") for m in pkgutil.walk_packages(course_utils.__path__, "course_utils."))

PROBE = r"""
import json, os, random, sys
env_before = dict(os.environ)
random.seed(1); py_state = random.getstate()
import numpy as np
np.random.seed(1); np_state = np.random.get_state()[1].tolist()
import course_utils
print(json.dumps({
    "heavy": [m for m in ("tensorflow", "keras", "matplotlib", "sklearn", "seaborn") if m in sys.modules],
    "env_changed": sorted(k for k in set(os.environ) | set(env_before) if os.environ.get(k) != env_before.get(k)),
    "python_rng_same": random.getstate() == py_state,
    "numpy_rng_same": np.random.get_state()[1].tolist() == np_state,
}))
"""


def test_import_does_not_import_tensorflow_or_change_state():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["heavy"] == []
    assert report["env_changed"] == []
    assert report["python_rng_same"] and report["numpy_rng_same"]


def test_every_export_resolves():
    for name in course_utils.__all__:
        assert getattr(course_utils, name) is not None, name


def test_unknown_attribute_is_an_attribute_error():
    try:
        course_utils.no_such_helper  # noqa: B018
    except AttributeError as exc:
        assert "no_such_helper" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


@pytest.mark.parametrize("module", MODULES)
def test_no_module_imports_tensorflow_or_matplotlib_at_import_time(module):
    code = (f"import sys, course_utils.{module}; "
            "print([m for m in ('tensorflow', 'keras', 'matplotlib') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_seed_list_accepts_one_seed_or_a_list_and_names_the_argument():
    from course_utils._validate import seed_list

    assert seed_list(3) == [3] and seed_list(range(2)) == [0, 1]
    for bad in ([], "0", [0, None], [-1], [1.5], None):
        with pytest.raises(ValueError, match="seeds"):
            seed_list(bad)


def _imports_between_modules() -> dict:
    import ast
    from pathlib import Path

    root = Path(course_utils.__file__).parent
    graph = {}
    for path in root.rglob("*.py"):
        name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        package = name.rsplit(".", 1)[0] if "." in name else ""
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join([*base, node.module] if node.module else base)
                targets.update([mod] if node.module else [f"{mod}.{a.name}".strip(".") for a in node.names])
        graph[name] = {t for t in targets if t and t != name}
    return graph


def test_no_import_circle_between_modules():
    graph = _imports_between_modules()
    state = {}

    def visit(node, path):
        if state.get(node) == "done":
            return
        assert state.get(node) != "open", "import circle: " + " -> ".join([*path, node])
        state[node] = "open"
        for target in graph.get(node, ()):
            visit(target, [*path, node])
        state[node] = "done"

    for module in graph:
        visit(module, [])


def test_modules_stay_small():
    from pathlib import Path

    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines())
             for p in Path(course_utils.__file__).parent.rglob("*.py")}
    assert max(sizes.values()) <= 700, sizes


def test_every_public_helper_names_the_notebook_that_teaches_it():
    """help(cu.anything) tells a learner where it is taught (the answer key is named by its module)."""
    import importlib
    import inspect
    import re

    missing = []
    for info in pkgutil.walk_packages(course_utils.__path__, "course_utils."):
        if info.name.endswith("._validate") or ".exercises" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                doc = inspect.getdoc(obj) or ""
                if not re.search(r"\d\d_\w+\.ipynb|notebooks? \d\d", doc):
                    missing.append(f"{info.name}.{name}")
    assert not missing, f"docstrings that name no notebook: {missing}"


def test_a_regular_install_ships_every_subpackage():
    """A non-editable install (Colab, Kaggle, pip install git+...) gets only the packages pyproject.toml lists."""
    import fnmatch
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    section = re.search(r"^\[tool\.setuptools\.packages\.find\]\n(.*?)(?=^\[|\Z)", pyproject, re.M | re.S)
    assert section, "pyproject.toml must find the packages ([tool.setuptools.packages.find])"
    include = re.findall(r'"([^"]+)"', re.search(r"^include\s*=\s*\[(.*?)\]", section.group(1), re.M | re.S).group(1))
    packages = [".".join(p.parent.relative_to(root).parts) for p in (root / "course_utils").rglob("__init__.py")]
    assert "course_utils.exercises" in packages
    left_out = [p for p in packages if not any(fnmatch.fnmatchcase(p, pattern) for pattern in include)]
    assert not left_out, f"not installed by a regular pip install: {left_out}"
