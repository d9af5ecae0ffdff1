import functools
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import schedules as sch

# Keras's own ReduceLROnPlateau converts a tf.Variable with np.array(x) (keras/src/callbacks/
# reduce_lr_on_plateau.py), which NumPy 2 flags; not ours to fix, and harmless.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy:DeprecationWarning")

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


# --- epochs and steps ------------------------------------------------------------------------

@pytest.mark.parametrize("n, batch, expected", [
    (1077, 64, 17),   # 16 full batches + one of 53
    (1024, 64, 16),   # divides evenly: no extra step
    (1025, 64, 17),   # one sample left over is still a step
    (10, 64, 1),      # fewer samples than one batch
    (1077, 1, 1077),
])
def test_steps_per_epoch_counts_the_uneven_last_batch(n, batch, expected):
    assert sch.steps_per_epoch(n, batch) == expected
    assert sch.epochs_to_steps(3, n, batch) == 3 * expected


def test_epochs_to_steps_matches_what_keras_fit_does(fresh_keras):
    keras = fresh_keras
    x = np.random.default_rng(0).normal(size=(65, 4)).astype("float32")
    y = np.zeros(65, dtype="int64")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=3, batch_size=32, verbose=0)
    assert int(model.optimizer.iterations.numpy()) == sch.epochs_to_steps(3, 65, 32) == 9


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
    (lambda: sch.steps_per_epoch(0, 32), "n_samples"),
    (lambda: sch.steps_per_epoch(100.5, 32), "n_samples"),
    (lambda: sch.steps_per_epoch(100, -32), "batch_size"),
    (lambda: sch.epochs_to_steps(-1, 100, 32), "epochs"),
    (lambda: sch.epochs_to_steps(0, 100, 32), "epochs"),
    (lambda: sch.sample_schedule("fast", 10), "schedule"),
    (lambda: sch.sample_schedule(-0.1, 10), "schedule"),
    (lambda: sch.sample_schedule(0.1, -3), "steps"),
    (lambda: sch.sample_schedule(0.1, [-1, 2]), "steps"),
    (lambda: sch.sample_schedule(0.1, []), "steps"),
    (lambda: sch.sample_schedule(lambda step: 1 / 0, 3), "schedule"),
    (lambda: sch.sample_schedules({}, 10), "schedules"),
    (lambda: sch.sample_schedules({"bad": "x"}, 10), "schedules"),
    (lambda: sch.reduce_on_plateau(0.0), "learning_rate"),
    (lambda: sch.reduce_on_plateau(0.1, factor=1.5), "factor"),
    (lambda: sch.reduce_on_plateau(0.1, patience=-1), "patience"),
    (lambda: sch.reduce_on_plateau(0.1, monitor=""), "monitor"),
    (lambda: sch.mark_restarts([-1, 3]), "positions"),
])
def test_helpers_bad_input_names_the_argument(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


@pytest.mark.parametrize("kwargs, arg", [
    ({"schedules": {}}, "schedules"),
    ({"schedules": {"neg": -0.1}}, "schedules"),
    ({"schedules": {"word": "fast"}}, "schedules"),
    ({"seeds": []}, "seeds"), ({"seeds": [-1]}, "seeds"), ({"seeds": "01"}, "seeds"),
    ({"epochs": 0}, "epochs"), ({"batch_size": -64}, "batch_size"), ({"step_log": "never"}, "step_log"),
    ({"data": (np.zeros((4, 64)), np.zeros(4))}, "data"),
])
def test_compare_schedules_bad_input(digits, kwargs, arg):
    args = {"schedules": {"constant": 0.1}, "data": digits, "seeds": (0,), "epochs": 1, **kwargs}
    with pytest.raises(ValueError, match=arg):
        sch.compare_schedules(**args)


# --- the comparison runner (cheap: tiny model, 2 epochs) --------------------------------------

@pytest.fixture(scope="module")
def comparison(digits):
    import keras

    spe = digits.steps_for(128)
    schedules = {
        "restarts": keras.optimizers.schedules.CosineDecayRestarts(0.05, spe, t_mul=1.0),
        "plateau": sch.reduce_on_plateau(0.05, patience=0),
        "constant": 0.05,
    }
    result = sch.compare_schedules(schedules, digits, seeds=(0, 1), epochs=2, batch_size=128, hidden=(8,),
                                   step_log="logger")
    return result, spe


def test_compare_schedules_frames_are_tidy(comparison):
    result, spe = comparison
    epochs, steps = result
    assert list(epochs.columns) == ["schedule", "seed", "epoch", "loss", "val_loss", "accuracy", "val_accuracy",
                                    "learning_rate"]
    assert epochs.shape == (3 * 2 * 2, 8)
    assert list(steps.columns) == ["schedule", "seed", "step", "epoch", "learning_rate"]
    assert len(steps) == 3 * 2 * 2 * spe
    assert steps.groupby(["schedule", "seed", "epoch"]).size().eq(spe).all()  # ceil: the last, smaller batch counts
    assert list(dict.fromkeys(epochs["schedule"])) == ["restarts", "plateau", "constant"]
    assert epochs.groupby(["schedule", "seed"]).size().eq(2).all()


def test_compare_schedules_logs_the_rate_keras_used(comparison, digits):
    import keras

    result, spe = comparison
    logged = result.steps.query("schedule == 'restarts' and seed == 0")
    # the k-th batch (step k, from 1) is trained with the schedule at optimizer step k - 1
    expected = sch.sgdr_learning_rate(logged["step"].to_numpy() - 1, 0.05, spe, t_mul=1.0)
    assert np.allclose(logged["learning_rate"], expected, atol=1e-6)
    assert (result.steps.query("schedule == 'plateau'")["learning_rate"] <= 0.05 + 1e-9).all()
    # step_log="auto" samples the schedule instead of logging it: the same numbers
    auto = sch.compare_schedules({"restarts": keras.optimizers.schedules.CosineDecayRestarts(0.05, spe, t_mul=1.0)},
                                 digits, seeds=(0,), epochs=2, batch_size=128, hidden=(8,))
    assert auto.steps[["step", "epoch"]].equals(logged[["step", "epoch"]].reset_index(drop=True))
    assert np.allclose(auto.steps["learning_rate"], logged["learning_rate"], atol=1e-7)


def test_compare_schedules_is_fair(comparison):
    result, _ = comparison
    first = result.epochs[result.epochs["epoch"] == 1].pivot(index="seed", columns="schedule", values="val_loss")
    # ReduceLROnPlateau cannot act before the end of epoch 1, so until then the plateau run is the constant
    # run: same seed -> same initial weights and batch order -> the same numbers
    assert np.allclose(first["plateau"], first["constant"], rtol=1e-6)
    assert not np.isclose(first.loc[0, "constant"], first.loc[1, "constant"])


def test_summarize_comparison(comparison):
    result, _ = comparison
    table = sch.summarize_comparison(result.epochs, ["val_loss", "val_accuracy"])
    assert list(table.index) == ["restarts", "plateau", "constant"]
    assert list(table.columns) == [f"{m}_{s}" for m in ("val_loss", "val_accuracy") for s in ("mean", "std", "min",
                                                                                           "max")]
    last = result.epochs[result.epochs["epoch"] == 2]
    assert table.loc["plateau", "val_loss_mean"] == pytest.approx(last.query("schedule == 'plateau'").val_loss.mean())
    assert table.loc["plateau", "val_loss_min"] <= table.loc["plateau", "val_loss_max"]
    with pytest.raises(ValueError, match="metrics"):
        sch.summarize_comparison(result.epochs, ["val_auc"])
    with pytest.raises(ValueError, match="epoch"):
        sch.summarize_comparison(result.epochs, epoch=99)
    with pytest.raises(ValueError, match="frame"):
        sch.summarize_comparison(pd.DataFrame({"a": [1]}))


# --- plots -----------------------------------------------------------------------------------

def test_plot_schedule_draws_on_the_given_axes_with_restart_markers():
    frame = sch.sample_schedules({"a": 0.1, "b": functools.partial(sch.sgdr_learning_rate, initial_learning_rate=0.1,
                                                                   first_decay_steps=10)}, 80)
    fig, ax = plt.subplots()
    assert sch.plot_schedule(frame, hue="schedule", ax=ax, restarts=sch.restart_steps(80, 10)) is ax
    solid = [line for line in ax.lines if line.get_linestyle() == "-"]
    dotted = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert len(solid) == 2 and len(dotted) == 3  # restarts at 10, 30 and 70
    assert ax.get_xlabel() == "optimizer step"
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
    with pytest.raises(ValueError, match="axes"):
        sch.plot_schedule_gallery(frame, axes=plt.subplots(1, 2)[1])
    with pytest.raises(ValueError, match="ncols"):
        sch.plot_schedule_gallery(frame, ncols=0)


def test_plot_with_learning_rate_and_comparison(comparison):
    result, spe = comparison
    one = result.epochs.query("schedule == 'restarts'")
    fig, ax = plt.subplots()
    ax_out, lr_ax = sch.plot_with_learning_rate(one, result.steps.query("schedule == 'restarts'"), ax=ax,
                                                restarts=[1])
    assert ax_out is ax and lr_ax is not ax and lr_ax.get_ylabel() == "learning rate"
    assert len(lr_ax.lines) == 2  # one per seed
    assert lr_ax.lines[0].get_xdata().max() == pytest.approx(2.0)  # steps drawn in epochs
    with pytest.raises(ValueError, match="one schedule"):
        sch.plot_with_learning_rate(result.epochs)
    with pytest.raises(ValueError, match="y"):
        sch.plot_with_learning_rate(one, y="val_auc")
    axes = sch.plot_comparison(result, ncols=2)
    assert axes.shape == (2, 2) and not axes[1, 1].get_visible()
    with pytest.raises(ValueError, match="result"):
        sch.plot_comparison(result.epochs)
