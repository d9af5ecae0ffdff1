"""course_utils.lr: gradient descent on quadratics, verdicts, sweeps and the LR range test (notebook 01)."""

import sys

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import lr as lrtools

# --------------------------------------------------------------------------------------
# gradient descent on E(w) = h w^2 / 2
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("h", [0.5, 1.0, 2.0, 3.0, 10.0, 300.0])
def test_two_over_h_threshold_is_exact(h):
    limit = lrtools.max_stable_learning_rate(h)
    assert limit == 2.0 / h
    below = lrtools.gradient_descent(h, limit * (1 - 1e-9), start=1.0, steps=50)["w"].abs().to_numpy()
    above = lrtools.gradient_descent(h, limit * (1 + 1e-9), start=1.0, steps=50)["w"].abs().to_numpy()
    assert np.all(np.diff(below) < 0), "just below 2/h every step must shrink |w|"
    assert np.all(np.diff(above) > 0), "just above 2/h every step must grow |w|"
    assert lrtools.gradient_descent(h, limit * (1 - 1e-9)).attrs == {"max_stable_learning_rate": limit, "converges": True}
    assert lrtools.gradient_descent(h, limit * (1 + 1e-9)).attrs["converges"] is False
    assert lrtools.quadratic_regime(h, limit * (1 - 1e-9)) == "overshoots, converges"
    assert lrtools.quadratic_regime(h, limit * (1 + 1e-9)) == "diverges"


@pytest.mark.parametrize("h", [0.5, 2.0, 8.0])
def test_regimes_and_one_step_at_one_over_h(h):
    assert lrtools.quadratic_regime(h, 0.5 / h) == "creeps in"
    assert lrtools.quadratic_regime(h, 1.0 / h) == "one step"
    assert lrtools.quadratic_regime(h, 2.0 / h) == "oscillates forever"  # powers of two: lr * h is exactly 2
    path = lrtools.gradient_descent(h, 1.0 / h, start=3.0, steps=3)
    assert path["w"].iloc[0] == 3.0 and np.all(path["w"].iloc[1:] == 0.0)
    creep = lrtools.gradient_descent(h, 0.5 / h, start=1.0, steps=10)["w"]
    assert np.all(creep > 0) and np.all(np.diff(creep) < 0), "below 1/h the path never overshoots"
    bounce = lrtools.gradient_descent(h, 1.5 / h, start=1.0, steps=10)["w"]
    assert np.all(np.sign(bounce.iloc[1:].to_numpy()) == -np.sign(bounce.iloc[:-1].to_numpy()))
    edge = lrtools.gradient_descent(h, 2.0 / h, start=1.0, steps=6)["w"].abs()
    assert np.allclose(edge, 1.0)


def test_gradient_descent_frame_and_loss():
    path = lrtools.gradient_descent(2.0, 0.25, start=1.0, steps=4)
    assert list(path.columns) == ["step", "w", "loss"]
    assert path["step"].tolist() == [0, 1, 2, 3, 4]
    assert np.allclose(path["w"], 0.5 ** np.arange(5))
    assert np.allclose(path["loss"], 0.5 * 2.0 * path["w"] ** 2)
    two = lrtools.gradient_descent((1.0, 10.0), 0.1, start=(-2.0, 1.0), steps=3)
    assert list(two.columns) == ["step", "w1", "w2", "loss"]
    assert np.allclose(two["w1"], -2.0 * 0.9 ** np.arange(4)) and np.allclose(two["w2"].iloc[1:], 0.0)


def test_steepest_direction_caps_the_learning_rate_in_2d():
    bowl = (1.0, 10.0)
    assert lrtools.max_stable_learning_rate(bowl) == pytest.approx(0.2)
    ok = lrtools.gradient_descent(bowl, 0.19, start=(-2.0, 1.0), steps=200)
    bad = lrtools.gradient_descent(bowl, 0.21, start=(-2.0, 1.0), steps=200)
    assert ok["loss"].iloc[-1] < 1e-6
    assert abs(bad["w1"].iloc[-1]) < 1e-6 and abs(bad["w2"].iloc[-1]) > 1e3  # flat part fine, steep part diverges
    # the optimal rate beats both a smaller and a larger one
    losses = {lr: lrtools.gradient_descent(bowl, lr, start=(-2.0, 1.0), steps=30)["loss"].iloc[-1]
              for lr in (0.1, 2 / 11, 0.195)}
    assert losses[2 / 11] < losses[0.1] and losses[2 / 11] < losses[0.195]


# --------------------------------------------------------------------------------------
# the verdict rule
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("losses, verdict", [
    ([2.3, 2.29, 2.28, 2.27], "too small"),
    ([2.3, 1.0, 0.5, 0.2], "good"),
    ([2.3, 0.5, 0.6, 0.2], "too large"),          # a rise beats a good final loss
    ([2.3, 1.0, 1.005, 0.9], "too small"),        # a rise within the 1% tolerance is not a rise
    ([2.3, 0.5, np.nan], "diverged"),
    ([2.3, 1.0, np.inf], "diverged"),
    ([2.3, 45.0, 20.0, 14.0], "diverged"),        # ended above its start
    ([2.3, 2.3 / 8], "good"),                     # exactly 1/8 is good
])
def test_judge_run_applies_the_stated_rule(losses, verdict):
    assert lrtools.judge_run(losses) == verdict
    assert verdict in lrtools.VERDICTS and verdict in lrtools.VERDICT_RULE


def test_judge_run_thresholds_are_parameters():
    assert lrtools.judge_run([2.0, 1.0, 1.005, 0.9], rise_tolerance=0.0) == "too large"
    assert lrtools.judge_run([2.0, 0.5], good_fraction=0.2) == "too small"
    assert lrtools.judge_run([2.0, 0.5], good_fraction=0.3) == "good"


def _fake_sweep(verdicts_by_lr, optimizer="adam"):
    rows = []
    for lr, verdict in verdicts_by_lr.items():
        for epoch, loss in enumerate([2.3, 1.0, 0.5]):
            rows.append({"optimizer": optimizer, "learning_rate": lr, "epoch": epoch, "loss": loss,
                         "accuracy": 0.5, "verdict": verdict})
    return pd.DataFrame(rows)


def test_sweep_summary_has_one_row_per_run():
    frame = pd.concat([_fake_sweep({1e-5: "too small", 1e-2: "good", 10.0: "diverged"}),
                       _fake_sweep({1e-1: "good"}, "sgd")]).sample(frac=1.0, random_state=0)  # any row order
    summary = lrtools.sweep_summary(frame)
    assert list(summary.columns) == ["optimizer", "learning_rate", "start_loss", "final_loss", "loss_ratio",
                                     "largest_rise", "final_accuracy", "epochs_run", "verdict"]
    assert len(summary) == 4 and set(summary["epochs_run"]) == {2}
    assert summary["final_loss"].eq(0.5).all() and summary["start_loss"].eq(2.3).all()
    assert np.allclose(summary["loss_ratio"], 0.5 / 2.3) and np.allclose(summary["largest_rise"], 0.5)
    # a run stopped by NaN: the last row counts (loss NaN, accuracy of that epoch), not the last finite loss
    stopped = _fake_sweep({10.0: "diverged"}, "sgd")
    stopped.loc[2, ["loss", "accuracy"]] = [np.nan, 0.1]
    stopped.loc[1, "loss"] = 1e21
    row = lrtools.sweep_summary(stopped).iloc[0]
    assert np.isnan(row["final_loss"]) and row["final_accuracy"] == 0.1 and row["largest_rise"] == pytest.approx(1e21 / 2.3)
    order = pd.concat([_fake_sweep({1.0: "good"}, "sgd").iloc[:2], _fake_sweep({2.0: "good"}, "sgd")])
    assert lrtools.sweep_summary(order)["learning_rate"].tolist() == [1.0, 2.0], "a shorter run keeps its place"
    with_option = _fake_sweep({0.01: "good"}).assign(beta_1=0.5)
    assert "beta_1" in lrtools.sweep_summary(with_option).columns, "extra run keys (adam.beta_1_sweep) are kept"


def test_smooth_and_suggestion():
    assert np.allclose(lrtools.smooth([2.0] * 5, 0.9), 2.0), "bias correction: a constant stays constant"
    noisy = lrtools.smooth([1.0, 3.0, 1.0, 3.0], 0.5)
    assert noisy[0] == 1.0 and np.ptp(noisy[1:]) < 2.0
    assert np.isnan(lrtools.smooth([1.0, np.nan, 1.0], 0.9)[1:]).all()
    rates = np.geomspace(1e-4, 1.0, 9)
    losses = (np.log10(rates) + 1.0) ** 2 + 1.0  # lowest at lr = 0.1
    frame = pd.DataFrame({"learning_rate": rates, "smoothed_loss": losses})
    assert lrtools.suggest_learning_rate(frame) == pytest.approx(0.01)
    assert lrtools.suggest_learning_rate(frame, divisor=3) == pytest.approx(0.1 / 3)


# --------------------------------------------------------------------------------------
# plots and the slider
# --------------------------------------------------------------------------------------

def test_plot_helpers_draw_on_the_given_axes():
    fig, axes = plt.subplots(1, 4)
    paths = pd.concat([lrtools.gradient_descent((1.0, 10.0), lr, start=(-2.0, 1.0), steps=10).assign(lr=lr)
                       for lr in (0.05, 0.21)])
    assert lrtools.plot_contour_paths(paths, (1.0, 10.0), hue="lr", ax=axes[0]) is axes[0]
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["lr=0.05", "lr=0.21", "minimum"]
    assert axes[0].get_xlim() == pytest.approx((-2.6, 2.6))  # the diverging path does not stretch the view
    tilted = np.array([[3.0, 1.0], [1.0, 2.0]])  # notebook 02 passes a matrix
    plt.sca(axes[1])
    assert lrtools.plot_contour_paths(paths[paths["lr"] == 0.05], tilted, ms=7, alpha=0.4) is axes[1]
    sweep = pd.concat([_fake_sweep({1e-3: "too small", 1e-1: "good"}), _fake_sweep({1e-1: "good"}, "sgd")])
    sweep.loc[(sweep["optimizer"] == "sgd") & (sweep["epoch"] == 2), "loss"] = np.nan
    assert lrtools.plot_sweep(sweep, optimizer="adam", ax=axes[2]) is axes[2]
    labels = [t.get_text() for t in axes[2].get_legend().get_texts()]
    assert labels == ["lr=0.001: too small", "lr=0.1: good"] and axes[2].get_yscale() == "log"
    assert [line.get_linestyle() for line in axes[2].lines] == [":", "-"], "the line style shows the verdict"
    sweep.loc[(sweep["optimizer"] == "sgd") & (sweep["epoch"] == 1), "loss"] = 1e9  # beyond 2000 x the start
    lrtools.plot_sweep(sweep, optimizer="sgd", ax=axes[3])
    assert any(line.get_marker() == "x" for line in axes[3].lines), "a NaN run ends with an x"
    labels = [t.get_text() for t in axes[3].get_legend().get_texts()]
    assert labels[1:] == ["cap: 2000 x start (higher losses drawn on it)", "x: next epoch's loss NaN or inf"]
    assert max(max(line.get_ydata()) for line in axes[3].lines) == pytest.approx(2000 * 2.3), "drawn at the cap"
    fig, ax = plt.subplots()
    rng = np.random.default_rng(0)
    loss = 2 + rng.normal(0, 0.1, 50)
    rt = pd.DataFrame({"learning_rate": np.geomspace(1e-5, 1, 50), "loss": loss, "smoothed_loss": lrtools.smooth(loss)})
    assert lrtools.plot_range_test(rt, suggestion=1e-3, ax=ax) is ax
    assert ax.get_xscale() == "log" and any("suggestion" in t.get_text() for t in ax.get_legend().get_texts())
    assert not any("off the chart" in t.get_text() for t in ax.get_legend().get_texts()), "nothing cut off: no note"
    fig, ax = plt.subplots()
    lrtools.plot_range_test(rt.assign(loss=np.r_[loss[:-1], 500.0]), ax=ax)
    notes = [t.get_text() for t in ax.get_legend().get_texts() if "off the chart" in t.get_text()]
    assert ax.get_ylim()[1] < 500 and notes == ["off the chart from lr=1: loss up to 500"], "a cut axis says so"


def test_slider_returns_a_widget_or_none_without_ipywidgets(monkeypatch):
    widgets = pytest.importorskip("ipywidgets")
    slider = lrtools.learning_rate_slider((1.0, 10.0), value=0.1)
    assert isinstance(slider, widgets.interactive)
    control = slider.children[0]
    assert control.value == pytest.approx(0.1)
    assert control.style.description_width == "initial", "the whole label 'learning rate' is shown"
    assert control.layout.width, "a wide track"
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import now raises ImportError
    assert lrtools.learning_rate_slider((1.0, 10.0)) is None


# --------------------------------------------------------------------------------------
# bad input -> ValueError naming the argument
# --------------------------------------------------------------------------------------

BAD_LEARNING_RATES = [0, -1e-3, "fast", float("nan"), float("inf"), None, True]


@pytest.mark.parametrize("bad", BAD_LEARNING_RATES)
def test_bad_learning_rates_are_rejected_everywhere(bad, digits):
    with pytest.raises(ValueError, match="learning_rate"):
        lrtools.gradient_descent(1.0, bad)
    with pytest.raises(ValueError, match="learning_rate"):
        lrtools.quadratic_regime(1.0, bad)
    with pytest.raises(ValueError, match=r"learning_rates\[1\]"):
        lrtools.lr_sweep(digits, [1e-3, bad])
    with pytest.raises(ValueError, match=r"runs\[0\]\['learning_rate'\]"):
        lrtools.sweep_runs(digits, [{"optimizer": "adam", "learning_rate": bad}])
    with pytest.raises(ValueError, match="min_lr"):
        lrtools.lr_range_test(digits, min_lr=bad)
    with pytest.raises(ValueError, match="max_lr"):
        lrtools.lr_range_test(digits, max_lr=bad)


@pytest.mark.parametrize("call, arg", [
    (lambda d: lrtools.lr_sweep(d, []), "learning_rates"),
    (lambda d: lrtools.lr_sweep(d, 0.01), "learning_rates"),
    (lambda d: lrtools.lr_sweep(d, "0.01"), "learning_rates"),
    (lambda d: lrtools.lr_sweep(d, [0.01, 0.01]), "learning_rates"),
    (lambda d: lrtools.lr_sweep(d, [0.01], optimizers=[]), "optimizers"),
    (lambda d: lrtools.lr_sweep(d, [0.01], optimizers=["adam", "adamm"]), r"optimizers\[1\]"),
    (lambda d: lrtools.lr_sweep(d, [0.01], optimizers=None), "optimizers"),
    (lambda d: lrtools.lr_sweep(d, [0.01], epochs=0), "epochs"),
    (lambda d: lrtools.lr_sweep(d, [0.01], batch_size=-1), "batch_size"),
    (lambda d: lrtools.lr_sweep(d, [0.01], hidden=(32, 0)), r"hidden\[1\]"),
    (lambda d: lrtools.lr_sweep(d, [0.01], seed=-1), "seed"),
    (lambda d: lrtools.lr_sweep("digits", [0.01]), "data"),
    (lambda d: lrtools.lr_sweep((d.x_train, d.y_train[:5]), [0.01]), "data"),
    (lambda d: lrtools.lr_sweep((d.x_train, d.y_train + 0.5), [0.01]), r"data\[1\].*integer class labels"),
    (lambda d: lrtools.sweep_runs(d, []), "runs"),
    (lambda d: lrtools.sweep_runs(d, {"optimizer": "adam", "learning_rate": 0.1}), "runs"),
    (lambda d: lrtools.sweep_runs(d, [{"optimizer": "adam"}]), r"runs\[0\]"),
    (lambda d: lrtools.sweep_runs(d, [{"optimizer": "adam", "learning_rate": 0.1, "beta_7": 0.9}]), "Adam"),
    (lambda d: lrtools.lr_range_test(d, optimizer="adamm"), "optimizer"),
    (lambda d: lrtools.lr_range_test(d, min_lr=1.0, max_lr=0.1), "max_lr"),
    (lambda d: lrtools.lr_range_test(d, steps=3), "steps"),
    (lambda d: lrtools.lr_range_test(d, beta=1.0), "beta"),
    (lambda d: lrtools.lr_range_test(d, batch_size=0), "batch_size"),
])
def test_bad_sweep_and_range_test_arguments(call, arg, digits):
    with pytest.raises(ValueError, match=arg):
        call(digits)


@pytest.mark.parametrize("call, arg", [
    (lambda: lrtools.max_stable_learning_rate(0), "curvatures"),
    (lambda: lrtools.max_stable_learning_rate([]), "curvatures"),
    (lambda: lrtools.max_stable_learning_rate([1.0, -2.0]), r"curvatures\[1\]"),
    (lambda: lrtools.max_stable_learning_rate("flat"), "curvatures"),
    (lambda: lrtools.quadratic_regime(-1.0, 0.1), "curvature"),
    (lambda: lrtools.gradient_descent(1.0, 0.1, steps=0), "steps"),
    (lambda: lrtools.gradient_descent((1.0, 2.0), 0.1, start=(1.0, 2.0, 3.0)), "start"),
    (lambda: lrtools.gradient_descent(1.0, 0.1, start=float("nan")), "start"),
    (lambda: lrtools.gradient_descent(1.0, 0.1, start="far"), "start"),
    (lambda: lrtools.judge_run([2.3]), "losses"),
    (lambda: lrtools.judge_run(2.3), "losses"),
    (lambda: lrtools.judge_run(["a", "b"]), r"losses\[0\]"),
    (lambda: lrtools.judge_run([2.3, 1.0], rise_tolerance=-0.1), "rise_tolerance"),
    (lambda: lrtools.judge_run([2.3, 1.0], good_fraction=0), "good_fraction"),
    (lambda: lrtools.judge_run([2.3, 1.0], good_fraction=1.5), "good_fraction"),
    (lambda: lrtools.sweep_summary({"loss": [1.0]}), "frame"),
    (lambda: lrtools.sweep_summary(pd.DataFrame({"loss": [1.0]})), "frame"),
    (lambda: lrtools.sweep_summary(_fake_sweep({0.1: "good"}).iloc[0:0]), "frame"),
    (lambda: lrtools.smooth([1.0, 2.0], beta=1.5), "beta"),
    (lambda: lrtools.suggest_learning_rate(pd.DataFrame({"learning_rate": [0.1]})), "frame"),
    (lambda: lrtools.suggest_learning_rate(pd.DataFrame({"learning_rate": [0.1], "smoothed_loss": [np.nan]})), "frame"),
    (lambda: lrtools.suggest_learning_rate(pd.DataFrame({"learning_rate": [0.1], "smoothed_loss": [1.0]}), divisor=0),
     "divisor"),
    (lambda: lrtools.plot_contour_paths(pd.DataFrame({"w1": [1.0], "w2": [1.0]}), (1.0, 2.0), hue="lr"), "hue"),
    (lambda: lrtools.plot_contour_paths(pd.DataFrame({"w1": [1.0], "w2": [1.0]}), (1.0, 2.0), extent=0), "extent"),
    (lambda: lrtools.plot_contour_paths(pd.DataFrame({"w1": [1.0], "w2": [1.0]}), (1.0, 2.0, 3.0)), "hessian"),
    (lambda: lrtools.plot_contour_paths(pd.DataFrame({"w1": [1.0], "w2": [1.0]}), np.array([[1.0, 2.0], [0.0, 1.0]])),
     "hessian"),
    (lambda: lrtools.plot_sweep(pd.concat([_fake_sweep({0.1: "good"}), _fake_sweep({0.1: "good"}, "sgd")])),
     "optimizer"),
    (lambda: lrtools.plot_sweep(_fake_sweep({0.1: "good"}), optimizer="sgd"), "optimizer"),
    (lambda: lrtools.plot_range_test(pd.DataFrame({"learning_rate": [0.1], "loss": [1.0], "smoothed_loss": [1.0]}),
                                     suggestion=-1), "suggestion"),
    (lambda: lrtools.learning_rate_slider((1.0,)), "curvatures"),
    (lambda: lrtools.learning_rate_slider((1.0, 10.0), value=5.0), "value"),
    (lambda: lrtools.learning_rate_slider((1.0, 10.0), min_lr=0.5, max_lr=0.1), "min_lr"),
    (lambda: lrtools.learning_rate_slider((1.0, 10.0), start=(1.0,)), "start"),
])
def test_bad_arguments_of_the_numpy_and_plot_helpers(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


# --------------------------------------------------------------------------------------
# on digits: the sweep and the range test repeat the notebook's Keras code
# --------------------------------------------------------------------------------------

def _notebook_model(keras, seed):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(32, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


def test_each_sweep_run_equals_fast_fit_on_a_fresh_model(fresh_keras, digits):
    """One compiled model per optimizer is re-used: the second run must not inherit the first one's weights or moments."""
    from course_utils import fast_fit

    keras = fresh_keras
    swept = lrtools.lr_sweep(digits, [10.0, 0.1], optimizers=["adam"], epochs=2, seed=3)  # 10.0 leaves wild state
    assert list(swept.columns) == ["optimizer", "learning_rate", "epoch", "loss", "accuracy", "verdict"]
    run = swept[swept["learning_rate"] == 0.1]
    assert run["epoch"].tolist() == [0, 1, 2]
    model = _notebook_model(keras, 3)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    loss_0, accuracy_0 = model.evaluate(digits.x_train, digits.y_train, verbose=0)
    fresh = fast_fit(model, digits.x_train, digits.y_train, epochs=2, batch_size=64, seed=3)
    assert run["loss"].iloc[0] == pytest.approx(loss_0, rel=1e-5) and run["accuracy"].iloc[0] == pytest.approx(accuracy_0)
    assert np.allclose(run["loss"].iloc[1:], fresh["loss"], rtol=1e-5)
    assert np.allclose(run["accuracy"].iloc[1:], fresh["accuracy"])
    assert run["verdict"].iloc[0] == lrtools.judge_run(run["loss"])


def test_sweep_runs_keeps_optimizer_options_and_stops_on_nan(digits):
    runs = [{"optimizer": "adam", "learning_rate": 0.01, "beta_1": b} for b in (0.5, 0.9)]
    frame = lrtools.sweep_runs(digits, runs + [{"optimizer": "sgd", "learning_rate": 10.0}], epochs=3, seed=0)
    assert list(frame.columns[:3]) == ["optimizer", "learning_rate", "beta_1"]
    losses = {b: frame.loc[frame["beta_1"] == b, "loss"].to_numpy() for b in (0.5, 0.9)}
    assert losses[0.5][0] == losses[0.9][0] and not np.allclose(losses[0.5][1:], losses[0.9][1:])
    sgd = frame[frame["optimizer"] == "sgd"]
    assert sgd["verdict"].eq("diverged").all() and not np.isfinite(sgd["loss"].iloc[-1]) and len(sgd) < 4


def test_range_test_raises_the_rate_and_records_each_batch_loss(fresh_keras, digits):
    frame, suggestion = lrtools.lr_range_test(digits, optimizer="adam", steps=60, min_lr=1e-4, max_lr=1.0, seed=0)
    assert list(frame.columns) == ["step", "epoch", "learning_rate", "loss", "batch_size", "running_mean",
                                   "smoothed_loss"]
    assert frame["step"].tolist() == list(range(1, len(frame) + 1)) and len(frame) <= 60
    growth = (1.0 / 1e-4) ** (1 / 59)
    assert np.allclose(frame["learning_rate"], 1e-4 * growth ** np.arange(len(frame)), rtol=1e-5)
    smoothed = frame["smoothed_loss"].to_numpy()
    assert len(frame) == 60 or smoothed[-1] > 4 * smoothed.min(), "it stops only at the end or after the blow-up"
    assert suggestion == pytest.approx(frame.loc[frame["smoothed_loss"].idxmin(), "learning_rate"] / 10)
    # each batch's own loss: with a negligible learning rate every batch sees the untrained model, so the
    # size-weighted mean of epoch 1's batch losses (33 of 32 images, the last of 21) is its loss on all 1077
    keras = fresh_keras
    still, _ = lrtools.lr_range_test(digits, optimizer="sgd", min_lr=1e-9, max_lr=2e-9, steps=40, batch_size=32,
                                     seed=1)
    first = still[still["epoch"] == 1]
    sizes, first = first["batch_size"].to_numpy(), first["loss"].to_numpy()
    assert len(first) == 34 and sizes[-1] == 21 and (sizes[:-1] == 32).all() and first.std() > 0.01
    running = np.cumsum(first * sizes) / np.cumsum(sizes)  # what Keras reported: the size-weighted running mean
    assert np.allclose(still.loc[still["epoch"] == 1, "running_mean"], running, rtol=1e-4)
    probs = keras.ops.convert_to_numpy(_notebook_model(keras, 1)(digits.x_train))
    untrained = float(np.mean(-np.log(probs[np.arange(1077), digits.y_train])))
    assert np.average(first, weights=sizes) == pytest.approx(untrained, rel=2e-5)
