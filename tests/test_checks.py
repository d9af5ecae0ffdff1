import warnings

import pytest

from course_utils import check, expect_error


def verdict(capsys, *args, **kwargs):
    assert check(*args, **kwargs) is None
    return capsys.readouterr().out


def test_check_reports_correct_wrong_and_missing(capsys):
    assert verdict(capsys, 0.2, 0.2, name="lr_max") == "lr_max: correct.\n"
    out = verdict(capsys, 0.3, 0.2, name="lr_max", hint="2/h")
    assert "not yet" in out and "Hint: 2/h" in out
    assert "not answered yet" in verdict(capsys, None, 0.2)
    assert "correct" in verdict(capsys, [1, 2], [1, 2.0000001], rel_tol=1e-6)
    assert "not yet" in verdict(capsys, [1, 2], [1, 2, 3])
    assert "correct" in verdict(capsys, "He", "he")


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
