import numpy as np
import pytest

from course_utils import LearningRateLogger, build_mlp, compile_classifier, fit_history, make_optimizer


@pytest.mark.parametrize("name, cls, momentum", [("sgd", "SGD", 0.0), ("momentum", "SGD", 0.9),
                                                 ("adam", "Adam", None), ("AdamW", "AdamW", None)])
def test_make_optimizer(fresh_keras, name, cls, momentum):
    opt = make_optimizer(name, 0.01)
    assert type(opt).__name__ == cls
    assert np.isclose(float(opt.learning_rate), 0.01)
    if momentum is not None:
        assert opt.momentum == momentum


def test_make_optimizer_accepts_ints_numpy_and_schedules(fresh_keras):
    keras = fresh_keras
    assert np.isclose(float(make_optimizer("sgd", 1).learning_rate), 1.0)
    assert np.isclose(float(make_optimizer("sgd", np.float32(0.5)).learning_rate), 0.5)
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    assert make_optimizer("adam", schedule).learning_rate is not None


@pytest.mark.parametrize("kwargs, arg", [
    ({"learning_rate": 0}, "learning_rate"), ({"learning_rate": -1e-3}, "learning_rate"),
    ({"learning_rate": "fast"}, "learning_rate"), ({"learning_rate": float("nan")}, "learning_rate"),
    ({"learning_rate": None}, "learning_rate"), ({"name": "adamm"}, "name"),
    ({"name": "adam", "beta_7": 0.9}, "Adam"),
])
def test_make_optimizer_bad_input(fresh_keras, kwargs, arg):
    kwargs = {"name": "adam", **kwargs}
    with pytest.raises(ValueError, match=arg):
        make_optimizer(**kwargs)


def test_fit_history_is_tidy(fresh_keras, digits):
    model = compile_classifier(build_mlp(64, (32,), seed=0), "adam", 1e-2)
    frame = fit_history(model, digits, epochs=3, seed=0)
    assert list(frame.columns) == ["epoch", "loss", "val_loss", "accuracy", "val_accuracy", "learning_rate"]
    assert frame["epoch"].tolist() == [1, 2, 3]
    assert np.allclose(frame["learning_rate"], 1e-2)
    assert frame["loss"].iloc[-1] < frame["loss"].iloc[0]
    assert frame.attrs["diverged"] is False


def test_fit_history_is_repeatable_with_a_seed(fresh_keras, digits):
    runs = []
    for _ in range(2):
        model = compile_classifier(build_mlp(64, (16,), seed=1), "sgd", 0.05)
        runs.append(fit_history(model, digits, epochs=2, seed=5)["loss"].to_numpy())
    assert np.array_equal(runs[0], runs[1])


def test_fit_history_ends_a_diverging_run_cleanly(fresh_keras, digits, capsys):
    model = compile_classifier(build_mlp(64, (64,), seed=0), "sgd", 1e4)
    frame = fit_history(model, digits, epochs=5, seed=0)
    assert capsys.readouterr().out == ""  # no machine-dependent "Batch k: Invalid loss" line
    assert frame.attrs["diverged"] is True
    assert len(frame) < 5 or not np.isfinite(frame["loss"].iloc[-1])


def test_fit_history_bad_input(fresh_keras, digits):
    model = build_mlp(64, (8,))
    with pytest.raises(ValueError, match="compiled"):
        fit_history(model, digits)
    compile_classifier(model)
    with pytest.raises(ValueError, match="epochs"):
        fit_history(model, digits, epochs=0)
    with pytest.raises(ValueError, match="data"):
        fit_history(model, "digits")
    with pytest.raises(ValueError, match="model"):
        compile_classifier("mlp")


def test_learning_rate_logger_records_every_step_and_batch_loss(fresh_keras, digits):
    keras = fresh_keras
    schedule = keras.optimizers.schedules.ExponentialDecay(0.05, decay_steps=5, decay_rate=0.5)
    model = compile_classifier(build_mlp(64, (16,), seed=0), "sgd", schedule)
    logger = LearningRateLogger()
    frame = fit_history(model, digits, epochs=2, batch_size=256, callbacks=[logger], seed=0)
    steps = logger.frame()
    per_epoch = digits.steps_for(256)
    assert len(steps) == 2 * per_epoch and steps["step"].tolist() == list(range(1, 2 * per_epoch + 1))
    expected = [float(schedule(s - 1)) for s in steps["step"]]
    assert np.allclose(steps["learning_rate"], expected, rtol=1e-6)
    # history's epoch loss is the mean of the batch losses: the logger undid the running mean
    batch_means = steps.groupby("epoch")["loss"].mean().to_numpy()
    assert np.allclose(batch_means, frame["loss"].to_numpy(), rtol=1e-4)
    assert isinstance(logger, keras.callbacks.Callback)


def test_fit_history_accepts_a_dataset_and_reshuffles_each_epoch(fresh_keras, digits):
    import tensorflow as tf

    dataset = tf.data.Dataset.from_tensor_slices((digits.x_train, digits.y_train)).batch(128)
    model = compile_classifier(build_mlp(64, (16,), seed=0), "adam", 1e-2)
    frame = fit_history(model, dataset, epochs=2)
    assert list(frame.columns) == ["epoch", "loss", "accuracy", "learning_rate"]
    # arrays: the same seed gives the same run, another seed another batch order
    losses = {}
    for seed in (1, 1, 2):
        model = compile_classifier(build_mlp(64, (16,), seed=0), "sgd", 0.05)
        losses.setdefault(seed, []).append(fit_history(model, digits, epochs=2, seed=seed)["loss"].to_numpy())
    assert np.array_equal(losses[1][0], losses[1][1]) and not np.array_equal(losses[1][0], losses[2][0])
