import functools
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import schedules as sch

LR0 = 0.1
GRID = list(itertools.product([1, 5, 10, 64], [1.0, 1.5, 2.0, 3.0], [1.0, 0.5], [0.0, 0.1, 1.0]))


def keras_sgdr(first, t_mul, m_mul, alpha, lr0=LR0):
    import keras

    return keras.optimizers.schedules.CosineDecayRestarts(lr0, first, t_mul=t_mul, m_mul=m_mul, alpha=alpha)


# --- the formula -----------------------------------------------------------------------------

@pytest.mark.parametrize("first, t_mul, m_mul, alpha", GRID)
def test_keras_cosine_decay_restarts_equals_the_numpy_formula(first, t_mul, m_mul, alpha):
    steps = np.arange(0, 16 * first + 1)  # t_mul = 1: 16 periods; t_mul = 2: 4 periods and a bit
    keras_lr = np.asarray(keras_sgdr(first, t_mul, m_mul, alpha)(steps), dtype=float)
    numpy_lr = sch.sgdr_learning_rate(steps, LR0, first, t_mul, m_mul, alpha)
    assert numpy_lr.shape == steps.shape
    assert np.max(np.abs(keras_lr - numpy_lr)) < 1e-6


def test_sgdr_known_values():
    # first period: half a cosine from lr0 to 0 over 10 steps; restart at 10; next period 20 steps
    assert sch.sgdr_learning_rate(0, 0.1, 10) == pytest.approx(0.1)
    assert sch.sgdr_learning_rate(5, 0.1, 10) == pytest.approx(0.05)
    assert sch.sgdr_learning_rate(10, 0.1, 10) == pytest.approx(0.1)
    assert sch.sgdr_learning_rate(20, 0.1, 10) == pytest.approx(0.05)
    assert sch.sgdr_learning_rate(30, 0.1, 10) == pytest.approx(0.1)
    assert isinstance(sch.sgdr_learning_rate(3, 0.1, 10), float)


def test_m_mul_shrinks_the_peaks_but_not_the_alpha_floor():
    lr0, first, alpha, m_mul = 1.0, 10, 0.2, 0.5
    schedule = keras_sgdr(first, 1.0, m_mul, alpha, lr0=lr0)
    for i in range(4):
        peak = float(schedule(i * first))
        assert peak == pytest.approx(lr0 * (alpha + (1 - alpha) * m_mul ** i), rel=1e-5)
        # the cosine bottoms out at the same floor alpha * lr0 in every period
        floor_side = sch.sgdr_learning_rate(i * first + first - 1e-9, lr0, first, 1.0, m_mul, alpha)
        assert floor_side == pytest.approx(alpha * lr0, abs=1e-9)


# --- restarts --------------------------------------------------------------------------------

def test_restart_steps_known_values():
    assert sch.restart_steps(100, 10, 2.0).tolist() == [10, 30, 70]
    assert sch.restart_steps(71, 10, 2.0).tolist() == [10, 30, 70]
    assert sch.restart_steps(70, 10, 2.0).tolist() == [10, 30]
    assert sch.restart_steps(35, 10, 1.0).tolist() == [10, 20, 30]
    assert sch.restart_steps(40, 4, 1.5).tolist() == [4, 10, 19, 33]  # 19 + 13.5 = 32.5 -> step 33
    assert sch.restart_steps(5, 10).tolist() == []


@pytest.mark.parametrize("first, t_mul, m_mul, alpha", [
    (first, t_mul, m_mul, alpha)
    for first, t_mul, m_mul, alpha in itertools.product([3, 5, 17], [1.0, 1.5, 2.0, 3.0], [1.0, 0.5], [0.0, 0.3])
])
def test_restart_steps_are_where_the_sampled_schedule_jumps_up(first, t_mul, m_mul, alpha):
    total = 6 * first if t_mul == 1.0 else int(first * (1 + t_mul + t_mul ** 2 + t_mul ** 3)) + 3
    frame = sch.sample_schedule(keras_sgdr(first, t_mul, m_mul, alpha), total)
    lr = frame["learning_rate"].to_numpy()
    jumps_up = frame["step"].to_numpy()[1:][np.diff(lr) > 1e-7]
    restarts = sch.restart_steps(total, first, t_mul)
    assert len(restarts) >= 3
    assert jumps_up.tolist() == restarts.tolist()


# --- epochs and steps (notebook 03 converts with course_utils.epochs_to_steps) ------------------

def test_epochs_to_steps_matches_what_keras_fit_does(fresh_keras):
    from course_utils import epochs_to_steps

    keras = fresh_keras
    x = np.random.default_rng(0).normal(size=(65, 4)).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="sparse_categorical_crossentropy")
    model.fit(x, np.zeros(65, dtype="int64"), epochs=3, batch_size=32, verbose=0)  # 2 full batches + 1 of 1
    assert int(model.optimizer.iterations.numpy()) == epochs_to_steps(3, 65, 32) == 9


# --- sampling --------------------------------------------------------------------------------

def test_sample_schedule_keras_numpy_and_constant_agree():
    keras_frame = sch.sample_schedule(keras_sgdr(10, 2.0, 1.0, 0.0), 50)
    numpy_frame = sch.sample_schedule(functools.partial(sch.sgdr_learning_rate, initial_learning_rate=LR0,
                                                        first_decay_steps=10), 50)
    assert list(keras_frame.columns) == ["step", "learning_rate"]
    assert keras_frame["step"].tolist() == list(range(50))
    assert np.allclose(keras_frame["learning_rate"], numpy_frame["learning_rate"], atol=1e-6)
    constant = sch.sample_schedule(0.01, [0, 5, 9])
    assert constant["step"].tolist() == [0, 5, 9] and np.allclose(constant["learning_rate"], 0.01)


def test_sample_schedule_handles_schedules_that_only_take_one_step():
    import keras

    warmup = keras.optimizers.schedules.CosineDecay(0.0, 20, warmup_target=0.1, warmup_steps=5)
    frame = sch.sample_schedule(warmup, 30)
    expected = [float(warmup(s)) for s in range(30)]
    assert np.allclose(frame["learning_rate"], expected)
    assert frame["learning_rate"].idxmax() == 5  # linear warm-up to the peak at step 5


def test_sample_schedules_is_tidy():
    import keras

    frame = sch.sample_schedules({"constant": 0.1, "exp": keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)},
                                 20)
    assert list(frame.columns) == ["schedule", "step", "learning_rate"]
    assert frame.shape == (40, 3)
    assert frame.groupby("schedule", sort=False).size().to_dict() == {"constant": 20, "exp": 20}
    assert frame.query("schedule == 'exp' and step == 10")["learning_rate"].item() == pytest.approx(0.05)


# --- bad input -------------------------------------------------------------------------------

SGDR_OK = {"step": 3, "initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 2.0, "m_mul": 1.0,
           "alpha": 0.0}


@pytest.mark.parametrize("change, arg", [
    ({"step": -1}, "step"), ({"step": [0, 1, -2]}, "step"), ({"step": float("nan")}, "step"),
    ({"step": "ten"}, "step"),
    ({"initial_learning_rate": 0}, "initial_learning_rate"), ({"initial_learning_rate": -0.1}, "initial_learning_rate"),
    ({"first_decay_steps": 0}, "first_decay_steps"), ({"first_decay_steps": -10}, "first_decay_steps"),
    ({"first_decay_steps": 2.5}, "first_decay_steps"),
    ({"t_mul": 0}, "t_mul"), ({"t_mul": -2.0}, "t_mul"), ({"t_mul": 0.5}, "t_mul"), ({"t_mul": float("inf")}, "t_mul"),
    ({"m_mul": -0.5}, "m_mul"), ({"alpha": -0.1}, "alpha"), ({"alpha": 1.5}, "alpha"),
])
def test_sgdr_bad_input_names_the_argument(change, arg):
    with pytest.raises(ValueError, match=arg):
        sch.sgdr_learning_rate(**{**SGDR_OK, **change})




@pytest.mark.parametrize("call, arg", [
    (lambda: sch.restart_steps(-5, 10), "total_steps"),
    (lambda: sch.restart_steps(0, 10), "total_steps"),
    (lambda: sch.restart_steps(100, -10), "first_decay_steps"),
    (lambda: sch.restart_steps(100, 10, t_mul=0), "t_mul"),
    (lambda: sch.sample_schedule("fast", 10), "schedule"),
    (lambda: sch.sample_schedule(-0.1, 10), "schedule"),
    (lambda: sch.sample_schedule(0.1, -3), "steps"),
    (lambda: sch.sample_schedule(0.1, [-1, 2]), "steps"),
    (lambda: sch.sample_schedule(0.1, []), "steps"),
    (lambda: sch.sample_schedule(lambda step: 1 / 0, 3), "schedule"),
    (lambda: sch.sample_schedules({}, 10), "schedules"),
    (lambda: sch.sample_schedules({"bad": "x"}, 10), "schedules"),
    (lambda: sch.mark_restarts([-1, 3]), "positions"),
])
def test_helpers_bad_input_names_the_argument(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


@pytest.mark.parametrize("kwargs, arg", [
    ({"schedules": {}}, "schedules"),
    ({"schedules": {"neg": -0.1}}, "schedules"),
    ({"schedules": {"word": "fast"}}, "schedules"),
    ({"schedules": {"pair": (0.1, "not a callback")}}, "schedules"),
    ({"seeds": []}, "seeds"), ({"seeds": [-1]}, "seeds"), ({"seeds": "01"}, "seeds"),
    ({"epochs": 0}, "epochs"), ({"batch_size": -64}, "batch_size"),
    ({"data": (np.zeros((4, 64)), np.zeros(4))}, "data"),
])
def test_compare_schedules_bad_input(digits, kwargs, arg):
    args = {"schedules": {"constant": 0.1}, "data": digits, "seeds": (0,), "epochs": 1, **kwargs}
    with pytest.raises(ValueError, match=arg):
        sch.compare_schedules(**args)


# --- the comparison runner (cheap: tiny model, 3 epochs) --------------------------------------

EPOCHS, BATCH = 3, 128


@pytest.fixture(scope="module")
def comparison(digits):
    import keras

    spe = digits.steps_for(BATCH)
    plateau = keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=0, min_delta=10.0)
    schedules = {
        "restarts": keras.optimizers.schedules.CosineDecayRestarts(0.05, spe, t_mul=1.0),
        "plateau": (0.05, plateau),
        "never fires": (0.05, [keras.callbacks.ReduceLROnPlateau(patience=100)]),
        "constant": 0.05,
    }
    result = sch.compare_schedules(schedules, digits, seeds=(0, 1), epochs=EPOCHS, batch_size=BATCH, hidden=(8,))
    return result, spe, plateau


def test_compare_schedules_frames_are_tidy(comparison):
    (epochs, steps), spe, _ = comparison
    assert list(epochs.columns[:3]) == ["schedule", "seed", "epoch"]
    assert {"loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"} <= set(epochs.columns)
    assert epochs.shape[0] == 4 * 2 * EPOCHS
    assert list(steps.columns) == ["schedule", "seed", "step", "epoch", "learning_rate"]
    assert len(steps) == 4 * 2 * EPOCHS * spe
    assert list(dict.fromkeys(epochs["schedule"])) == ["restarts", "plateau", "never fires", "constant"]
    assert epochs.groupby(["schedule", "seed"])["epoch"].apply(list).map(lambda e: e == [1, 2, 3]).all()


def test_compare_schedules_trains_like_the_schedule_itself(comparison, digits):
    """The rate table gives the same run as an optimizer built with the Keras schedule, step for step."""
    import keras

    from course_utils import build_mlp
    from course_utils.training import fast_fit

    result, spe, _ = comparison
    schedule = keras.optimizers.schedules.CosineDecayRestarts(0.05, spe, t_mul=1.0)
    model = build_mlp(64, (8,), seed=1)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    direct = fast_fit(model, digits.x_train, digits.y_train, epochs=EPOCHS, batch_size=BATCH, seed=1,
                      validation_data=(digits.x_val, digits.y_val))
    ours = result.epochs.query("schedule == 'restarts' and seed == 1")
    for column in ("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"):
        assert np.allclose(ours[column], direct[column], rtol=1e-5, atol=1e-6), column
    logged = result.steps.query("schedule == 'restarts' and seed == 0")
    # the k-th batch (step k, from 1) is trained with the schedule at optimizer step k - 1
    expected = sch.sgdr_learning_rate(logged["step"].to_numpy() - 1, 0.05, spe, t_mul=1.0)
    assert np.allclose(logged["learning_rate"], expected, atol=1e-6)


def test_compare_schedules_is_fair_and_runs_the_callback(comparison):
    result, spe, plateau = comparison
    table = result.epochs.pivot_table(index=["schedule", "seed"], columns="epoch", values="val_loss")
    # a callback run trains epoch by epoch in the batch order the one-call runs use: a callback that never
    # acts gives exactly the constant run
    assert np.allclose(table.loc["never fires"], table.loc["constant"], rtol=1e-6)
    assert not np.allclose(table.loc[("constant", 0)], table.loc[("constant", 1)])
    halved = []
    for seed in (0, 1):
        vals = table.loc[("plateau", seed)].to_numpy()
        rate = result.steps.query("schedule == 'plateau' and seed == @seed").groupby("epoch")["learning_rate"].first()
        # ReduceLROnPlateau(factor=0.5, patience=0, min_delta=10.0): halve after every epoch that does not
        # improve on the best by 10; the rate of epoch e is set at the end of epoch e - 1
        best, expected = vals[0], [0.05, 0.05]
        for v in vals[1:-1]:
            improved = v < best - 10.0
            best = v if improved else best
            expected.append(expected[-1] * (1.0 if improved else 0.5))
        assert np.allclose(rate.to_numpy(), expected, rtol=1e-6)
        halved.append(min(expected) < 0.05)
    assert any(halved), "the test should see the callback act at least once"
    assert plateau.model is None  # each run got a fresh copy; the caller's callback is untouched


# --- plots -----------------------------------------------------------------------------------

def test_plot_schedule_draws_on_the_given_axes_with_restart_markers():
    frame = sch.sample_schedules({"a": 0.1, "b": functools.partial(sch.sgdr_learning_rate, initial_learning_rate=0.1,
                                                                   first_decay_steps=10)}, 80)
    fig, ax = plt.subplots()
    assert sch.plot_schedule(frame, hue="schedule", ax=ax, restarts=sch.restart_steps(80, 10)) is ax
    solid = [line for line in ax.lines if line.get_linestyle() == "-"]
    dotted = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert len(solid) == 2 and len(dotted) == 3  # restarts at 10, 30 and 70
    assert ax.get_xlabel() == "optimizer step" and ax.get_legend() is not None
    _, ax2 = plt.subplots()
    assert sch.plot_schedule(frame, hue="schedule", ax=ax2, legend_loc=None).get_legend() is None
    with pytest.raises(ValueError, match="hue"):
        sch.plot_schedule(frame, hue="setting")
    with pytest.raises(ValueError, match="frame"):
        sch.plot_schedule(frame.drop(columns="learning_rate"))


def test_plot_schedule_gallery_one_panel_per_schedule():
    frame = sch.sample_schedules({name: 0.1 for name in "abcde"}, 10)
    axes = sch.plot_schedule_gallery(frame, ncols=3)
    assert axes.shape == (2, 3)
    assert [ax.get_visible() for ax in axes.ravel()] == [True] * 5 + [False]
    assert [ax.get_title() for ax in axes.ravel()[:5]] == list("abcde")
    assert axes[0, 2].get_xlabel() == "optimizer step"  # above the empty slot: it is a bottom panel
    with pytest.raises(ValueError, match="axes"):
        sch.plot_schedule_gallery(frame, axes=plt.subplots(1, 2)[1])
    with pytest.raises(ValueError, match="ncols"):
        sch.plot_schedule_gallery(frame, ncols=0)


def test_plot_comparison(comparison):
    result, _, _ = comparison
    axes = sch.plot_comparison(result, ncols=3, ylabel="validation loss", period_ends={"restarts": [1, 2, 9],
                                                                                     "plateau": [3]}, logy=True)
    assert axes.shape == (2, 3) and [ax.get_visible() for ax in axes.ravel()] == [True] * 4 + [False] * 2
    first = axes[0, 0]
    assert first.get_title() == "restarts" and first.get_ylabel() == "validation loss"
    markers = [line for line in first.lines if line.get_marker() == "o"]
    assert len(markers) == 1 and markers[0].get_xdata().tolist() == [1, 2]  # epoch 9 is not in a 3-epoch run
    mean = result.epochs.query("schedule == 'restarts'").groupby("epoch")["val_loss"].mean()
    assert np.allclose(markers[0].get_ydata(), mean.loc[[1, 2]])  # on the mean curve
    assert "end of a period" in [t.get_text() for t in first.get_legend().get_texts()]
    assert [t.get_text() for t in axes[0, 1].get_legend().get_texts()] == ["end of a period"]  # plateau's own
    assert axes[0, 2].get_legend() is None
    with pytest.raises(ValueError, match="result"):
        sch.plot_comparison(result.epochs)
    with pytest.raises(ValueError, match="y"):
        sch.plot_comparison(result, y="val_auc")
