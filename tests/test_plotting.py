import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from course_utils import course_style, plot_history

FRAME = pd.DataFrame({"epoch": [1, 2, 3], "loss": [2.0, 1.0, 0.5], "val_loss": [2.1, 1.2, 0.9],
                      "accuracy": [0.3, 0.6, 0.8]})


def test_plot_history_draws_on_the_given_axes():
    fig, ax = plt.subplots()
    assert plot_history(FRAME, ax=ax) is ax
    assert [line.get_label() for line in ax.lines] == ["loss", "val_loss"]
    assert ax.lines[1].get_linestyle() == "--"
    assert ax.lines[0].get_color() == ax.lines[1].get_color()


def test_plot_history_hue_draws_one_line_per_group():
    frame = pd.concat([FRAME.assign(lr=0.1), FRAME.assign(lr=0.01)])
    ax = plot_history(frame, y="loss", hue="lr", logy=True)
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"


@pytest.mark.parametrize("kwargs, arg", [({"y": "val_acc"}, "y"), ({"hue": "lr"}, "hue")])
def test_plot_history_bad_columns(kwargs, arg):
    with pytest.raises(ValueError, match=arg):
        plot_history(FRAME, **kwargs)
    with pytest.raises(ValueError, match="frame"):
        plot_history({"epoch": [1]})


def test_course_style_context_restores_rcparams():
    before = mpl.rcParams["axes.spines.top"]
    with course_style():
        assert mpl.rcParams["axes.spines.top"] is False
    assert mpl.rcParams["axes.spines.top"] == before


def test_plot_history_takes_a_keras_history_or_a_frame_without_epochs():
    class History:  # what model.fit returns: .history is a dict of lists
        history = {"loss": [2.0, 1.0], "val_loss": [2.2, 1.5]}

    ax = plot_history(History())
    assert [list(line.get_xdata()) for line in ax.lines] == [[1, 2], [1, 2]]
    ax = plot_history(pd.DataFrame(History.history), y="val_loss", ax=plt.figure().gca())
    assert len(ax.lines) == 1
    with pytest.raises(ValueError, match="empty"):
        plot_history(pd.DataFrame())
    with pytest.raises(ValueError, match="y"):
        plot_history(FRAME, y=[])
