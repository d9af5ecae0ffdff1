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
