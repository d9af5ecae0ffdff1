import os

import numpy as np
import pytest

from course_utils import setup_notebook


def test_setup_sets_quiet_env_seeds_and_reports_versions():
    env = setup_notebook(7, style=False)
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"
    first = np.random.rand(3)
    env2 = setup_notebook(7, style=False)  # repeated calls are harmless and re-seed
    assert np.array_equal(first, np.random.rand(3))
    assert env.seed == 7 and env2.keras.startswith("3.")
    assert env.tensorflow.startswith("2.")
    assert "Keras" in str(env)


def test_setup_applies_style_only_when_asked():
    import matplotlib as mpl

    mpl.rcParams["axes.spines.top"] = True
    setup_notebook(0, style=False)
    assert mpl.rcParams["axes.spines.top"] is True
    setup_notebook(0)
    assert mpl.rcParams["axes.spines.top"] is False
    mpl.rcdefaults()


@pytest.mark.parametrize("seed", [-1, 1.5, "1", None, True])
def test_setup_rejects_bad_seed(seed):
    with pytest.raises(ValueError, match="seed"):
        setup_notebook(seed)


def test_setup_prints_one_line_with_versions_device_and_seed(capsys):
    env = setup_notebook(3, style=False)
    out = capsys.readouterr().out.strip().splitlines()
    assert out and out[0] == str(env).splitlines()[0]
    for part in (f"TensorFlow {env.tensorflow}", f"Keras {env.keras}", f"Python {env.python}", "seed 3"):
        assert part in out[0]
    assert ("GPU" in out[0]) == env.has_gpu or "CPU only" in out[0]
    assert len(out) == 1 + bool(env.untested)
    setup_notebook(3, style=False, verbose=False)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("name", ["deterministic", "style", "verbose"])
@pytest.mark.parametrize("value", ["False", 0, 1, None])
def test_setup_bool_arguments_must_be_bools(name, value):
    with pytest.raises(ValueError, match=f"{name} must be True or False"):
        setup_notebook(0, **{name: value})


def test_outside_tested_range_names_each_version_and_the_range():
    from course_utils.environment import TESTED_VERSIONS, outside_tested_range

    low_tf, high_tf = TESTED_VERSIONS["TensorFlow"]
    assert outside_tested_range({"TensorFlow": low_tf + ".0", "Keras": TESTED_VERSIONS["Keras"][1] + ".9"}) == []
    notes = outside_tested_range({"TensorFlow": "2.17.1", "Keras": "3.99.0rc1", "Python": "3.9.18"})
    assert notes == [f"TensorFlow 2.17.1 (tested: {low_tf} to {high_tf})",
                     f"Keras 3.99.0rc1 (tested: {TESTED_VERSIONS['Keras'][0]} to {TESTED_VERSIONS['Keras'][1]})",
                     f"Python 3.9.18 (tested: {TESTED_VERSIONS['Python'][0]} to {TESTED_VERSIONS['Python'][1]})"]
    with pytest.raises(ValueError, match="versions: unknown name 'keras'"):
        outside_tested_range({"keras": "3.6"})


def test_an_untested_version_adds_one_clear_line():
    from dataclasses import replace

    env = setup_notebook(0, style=False, verbose=False)
    old = replace(env, tensorflow="2.16.2")
    lines = str(old).splitlines()
    assert len(lines) == 2 and "TensorFlow 2.16.2 (tested: 2.18 to" in lines[1]
    assert "results may differ from the stored outputs" in lines[1]


def test_tested_versions_match_pyproject_and_constraints():
    """The range setup_notebook announces is the range pyproject.toml allows and the two constraint files test."""
    import re
    from pathlib import Path

    from course_utils.environment import TESTED_VERSIONS

    root = Path(__file__).resolve().parents[1]
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    low_py, high_py = TESTED_VERSIONS["Python"]
    assert f'requires-python = ">={low_py},<3.{int(high_py.split(".")[1]) + 1}"' in pyproject
    low_tf, high_tf = TESTED_VERSIONS["TensorFlow"]
    next_tf = f"2.{int(high_tf.split('.')[1]) + 1}"
    assert pyproject.count(f">={low_tf},<{next_tf};") == 2, "both TensorFlow lines of the tf extra"
    low_k, high_k = TESTED_VERSIONS["Keras"]
    assert f'"keras>={low_k},<4"' in pyproject

    def pins(name, file):
        pattern = rf"^{name.replace('-', '[-_]')}==([0-9.]+)"
        found = re.findall(pattern, (root / file).read_text(encoding="utf-8"), re.M)
        assert found, f"{file} pins no {name}"
        return sorted(found, key=lambda v: tuple(int(p) for p in v.split(".")))

    for name, (low, high) in (("tensorflow-cpu", (low_tf, high_tf)), ("keras", (low_k, high_k))):
        assert pins(name, "constraints-oldest.txt")[0].startswith(low + "."), name
        assert pins(name, "constraints.txt")[-1].startswith(high + "."), name


def test_hosted_service_is_detected_from_the_services_markers(monkeypatch):
    from course_utils.environment import hosted_service

    for var in ("COLAB_RELEASE_TAG", "KAGGLE_KERNEL_RUN_TYPE", "KAGGLE_URL_BASE"):
        monkeypatch.delenv(var, raising=False)
    assert hosted_service() is None
    monkeypatch.setenv("KAGGLE_KERNEL_RUN_TYPE", "Interactive")
    assert hosted_service() == "Kaggle"
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab_20261201")
    assert hosted_service() == "Colab"
