"""training.py beyond fast_fit: optimizers by name, steps and epochs, the per-step LearningRateLogger."""

import numpy as np
import pytest

from course_utils import build_mlp, epochs_to_steps, steps_per_epoch
from course_utils.training import LearningRateLogger, make_optimizer


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


def test_steps_count_the_last_smaller_batch():
    assert steps_per_epoch(1077, 64) == 17 and steps_per_epoch(1024, 64) == 16
    assert epochs_to_steps(2, 1077, 64) == 34 and epochs_to_steps(0.5, 1077, 64) in (8, 9)
    with pytest.raises(ValueError, match="batch_size"):
        steps_per_epoch(1077, 0)


def test_learning_rate_logger_gives_each_batch_its_own_loss(fresh_keras, digits):
    """300 samples in batches of 64: four of 64 and a last one of 44 per epoch.

    The per-batch losses are checked against a twin model trained batch by batch, each
    batch's loss computed directly before its update. The running-mean shortcut
    k m_k - (k-1) m_(k-1) would be wrong on the last, smaller batch.
    """
    keras = fresh_keras
    x, y = digits.x_train[:300], digits.y_train[:300]
    schedule = keras.optimizers.schedules.ExponentialDecay(0.05, decay_steps=5, decay_rate=0.5)
    models = []
    for _ in range(2):
        model = build_mlp(64, (16,), seed=0)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule), loss="sparse_categorical_crossentropy")
        models.append(model)
    logger = LearningRateLogger(batch_size=64, n_samples=len(x))
    history = models[0].fit(x, y, epochs=2, batch_size=64, shuffle=False, callbacks=[logger], verbose=0)
    steps = logger.frame()
    assert steps["step"].tolist() == list(range(1, 11)) and steps["epoch"].tolist() == [1] * 5 + [2] * 5
    assert np.allclose(steps["learning_rate"], [float(schedule(s - 1)) for s in steps["step"]], rtol=1e-6)
    direct = []  # each batch's loss on the weights it is computed with, then that batch's update
    for _ in range(2):
        for i in range(0, 300, 64):
            probs = models[1](x[i:i + 64], training=True)
            direct.append(float(np.mean(keras.losses.sparse_categorical_crossentropy(y[i:i + 64], probs))))
            models[1].train_on_batch(x[i:i + 64], y[i:i + 64])
    assert np.allclose(steps["loss"], direct, rtol=1e-4, atol=1e-6)
    sizes = np.array([64, 64, 64, 64, 44] * 2)
    weighted = (steps["loss"] * sizes).groupby(steps["epoch"]).sum() / sizes[:5].sum()
    assert np.allclose(weighted, history.history["loss"], rtol=1e-5)
    # the shortcut that ignores batch sizes is off on each epoch's last batch only
    losses = steps["loss"].to_numpy()
    running = [np.cumsum((losses * sizes)[e * 5:(e + 1) * 5]) / np.cumsum(sizes[:5]) for e in range(2)]
    shortcut = np.concatenate([[m[0]] + [(k + 1) * m[k] - k * m[k - 1] for k in range(1, 5)] for m in running])
    assert np.allclose(shortcut[[0, 1, 2, 3, 5, 6, 7, 8]], direct[:4] + direct[5:9], rtol=1e-4)
    assert not np.isclose(shortcut[4], direct[4], rtol=1e-3) and not np.isclose(shortcut[9], direct[9], rtol=1e-3)


def test_learning_rate_logger_needs_the_batch_size(fresh_keras):
    with pytest.raises(ValueError, match="batch_size"):
        LearningRateLogger(batch_size=0, n_samples=100)
    with pytest.raises(TypeError):
        LearningRateLogger()
