import warnings

import pytest

from course_utils import expect_error


def test_expect_error_prints_the_real_error(capsys):
    with expect_error(ValueError):
        raise ValueError("Argument(s) not recognized: {'lr': 0.001}")
    assert capsys.readouterr().out == "ValueError: Argument(s) not recognized: {'lr': 0.001}\n"


def test_expect_error_fails_when_the_claim_stops_holding():
    with pytest.raises(AssertionError, match="nothing was raised"):
        with expect_error(KeyError):
            pass


def test_expect_error_catches_warnings(capsys):
    with expect_error(warning=UserWarning):
        warnings.warn("decay is ignored", UserWarning, stacklevel=1)
    assert "UserWarning: decay is ignored" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="UserWarning"):
        with expect_error(warning=UserWarning):
            pass


def test_expect_error_rejects_bad_arguments():
    with pytest.raises(ValueError, match="kinds"):
        with expect_error("ValueError"):
            pass
