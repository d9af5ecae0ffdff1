"""The fast trainer (training.fast_fit) against model.fit: same weights, same history."""

import numpy as np
import pytest

from course_utils import build_mlp
from course_utils.training import fast_fit, reset_optimizer


def _fit_in_order(keras, model, x, y, orders, batch_size, **kwargs):
    """model.fit with exactly the batch order fast_fit draws: every epoch's batches, one after the other.

    With steps_per_epoch set, Keras keeps reading one iterator across epochs, so epoch e gets
    the batches of permutation e (its last batch smaller, as with arrays).
    """
    import tensorflow as tf

    epochs = [tf.data.Dataset.from_tensor_slices((x[o], y[o])).batch(batch_size) for o in orders]
    dataset = epochs[0]
    for more in epochs[1:]:
        dataset = dataset.concatenate(more)
    return model.fit(dataset, epochs=len(orders), steps_per_epoch=-(-len(x) // batch_size), verbose=0, shuffle=False,
                     **kwargs)


def _orders(n, epochs, seed):
    rng = np.random.default_rng(seed)
    return np.stack([rng.permutation(n) for _ in range(epochs)])


def _pair(keras, optimizer, **build):
    models = []
    for _ in range(2):
        model = build_mlp(64, (32, 16), seed=3, **build)
        model.compile(optimizer=optimizer(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        models.append(model)
    return models


def _assert_same(history, frame, a, b, columns=("loss", "accuracy", "val_loss", "val_accuracy")):
    for col in columns:
        assert np.allclose(frame[col], history.history[col], rtol=1e-5, atol=1e-6), col
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        assert np.allclose(wa, wb, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("make_optimizer, build", [
    (lambda keras: keras.optimizers.SGD(learning_rate=0.05, momentum=0.9), {}),
    (lambda keras: keras.optimizers.Adam(learning_rate=1e-3), {"dropout": 0.3}),
    (lambda keras: keras.optimizers.AdamW(learning_rate=2e-3, weight_decay=0.01), {}),
    (lambda keras: keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.CosineDecayRestarts(0.1, 20)), {}),
    (lambda keras: keras.optimizers.Adam(learning_rate=1e-3), {"kernel_regularizer": "l2"}),
], ids=["momentum", "adam+dropout", "adamw", "cosine-restarts", "adam+l2"])
def test_same_weights_and_history_as_model_fit(fresh_keras, digits, make_optimizer, build):
    keras = fresh_keras
    if build.get("kernel_regularizer") == "l2":
        build = {"kernel_regularizer": keras.regularizers.L2(1e-3)}
    a, b = _pair(keras, lambda: make_optimizer(keras), **build)
    x, y = digits.x_train, digits.y_train  # 1077 samples: batches of 64 leave a last batch of 53
    epochs, batch_size = 3, 64
    history = _fit_in_order(keras, a, x, y, _orders(len(x), epochs, 7), batch_size,
                            validation_data=(digits.x_val, digits.y_val))
    frame = fast_fit(b, x, y, epochs=epochs, batch_size=batch_size, seed=7, validation_data=(digits.x_val, digits.y_val))
    assert frame["epoch"].tolist() == [1, 2, 3]
    _assert_same(history, frame, a, b)
    assert int(b.optimizer.iterations.numpy()) == epochs * 17


def test_learning_rate_column_follows_the_schedule(fresh_keras, digits):
    keras = fresh_keras
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=17, decay_rate=0.5)
    model = build_mlp(64, (8,), seed=0)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule), loss="sparse_categorical_crossentropy")
    frame = fast_fit(model, digits.x_train, digits.y_train, epochs=3, batch_size=64)
    assert np.allclose(frame["learning_rate"], [0.1, 0.05, 0.025], rtol=1e-5)  # at each epoch's first step


def test_early_stopping_matches_the_keras_callback(fresh_keras, digits):
    keras = fresh_keras
    # a small training set and a large learning rate overfit quickly: val_loss turns up early
    x, y = digits.x_train[:100], digits.y_train[:100]
    a, b = _pair(keras, lambda: keras.optimizers.Adam(learning_rate=0.02))
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    history = _fit_in_order(keras, a, x, y, _orders(len(x), 60, 0), 32, callbacks=[stop],
                            validation_data=(digits.x_val, digits.y_val))
    frame = fast_fit(b, x, y, epochs=60, batch_size=32, seed=0, patience=3, validation_data=(digits.x_val, digits.y_val))
    assert len(history.history["loss"]) < 60, "the callback should have stopped this run"
    assert len(frame) == len(history.history["loss"])
    assert frame.attrs["stopped_early"] and frame.attrs["best_epoch"] == stop.best_epoch + 1
    _assert_same(history, frame, a, b)  # the restored (best) weights


def test_nan_stops_the_run_like_terminate_on_nan(fresh_keras, digits, capsys):
    keras = fresh_keras
    a, b = _pair(keras, lambda: keras.optimizers.SGD(learning_rate=1e4))
    history = _fit_in_order(keras, a, digits.x_train, digits.y_train, _orders(1077, 5, 0), 64,
                            callbacks=[keras.callbacks.TerminateOnNaN()])
    capsys.readouterr()
    frame = fast_fit(b, digits.x_train, digits.y_train, epochs=5, batch_size=64, seed=0)
    assert capsys.readouterr().out == ""
    assert frame.attrs["diverged"] and len(frame) == len(history.history["loss"]) < 5
    assert not np.isfinite(frame["loss"].iloc[-1])


def test_a_second_run_reuses_the_compiled_loop_and_repeats_exactly(fresh_keras, digits):
    keras = fresh_keras
    model = build_mlp(64, (16,), seed=0)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2), loss="sparse_categorical_crossentropy")
    start = model.get_weights()
    first = fast_fit(model, digits.x_train, digits.y_train, epochs=2, seed=1)
    model.set_weights(start)
    reset_optimizer(model.optimizer, 1e-2)
    second = fast_fit(model, digits.x_train, digits.y_train, epochs=2, seed=1)
    other = fast_fit(model, digits.x_train, digits.y_train, epochs=2, seed=2)
    assert np.array_equal(first["loss"], second["loss"])
    assert not np.array_equal(first["loss"], other["loss"])


def test_evaluate_train_and_penalty_columns(fresh_keras, digits):
    keras = fresh_keras
    model = build_mlp(64, (16,), seed=0, kernel_regularizer=keras.regularizers.L2(1e-2))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2), loss="sparse_categorical_crossentropy")
    frame = fast_fit(model, digits.x_train, digits.y_train, epochs=2, evaluate_train=True,
                     validation_data=(digits.x_val, digits.y_val))
    penalty = sum(float(v) for v in model.losses)
    assert np.isclose(frame["penalty"].iloc[-1], penalty, rtol=1e-5)
    probs = model.predict(digits.x_train, verbose=0)
    data_loss = float(np.mean(-np.log(probs[np.arange(1077), digits.y_train])))
    assert np.isclose(frame["train_loss"].iloc[-1], data_loss + penalty, rtol=1e-4)
    assert np.isclose(frame["train_accuracy"].iloc[-1], np.mean(probs.argmax(1) == digits.y_train))


@pytest.mark.parametrize("kwargs, arg", [
    ({"epochs": 0}, "epochs"), ({"batch_size": 0}, "batch_size"), ({"seed": -1}, "seed"),
    ({"patience": 3}, "validation_data"), ({"shuffle": "yes"}, "shuffle"),
    ({"validation_data": ([1, 2],)}, "validation_data"),
])
def test_bad_input_names_the_argument(fresh_keras, digits, kwargs, arg):
    keras = fresh_keras
    model = build_mlp(64, (4,), seed=0)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match=arg):
        fast_fit(model, digits.x_train, digits.y_train, **kwargs)


def test_bad_data_and_models_get_clear_errors(fresh_keras, digits):
    keras = fresh_keras
    model = build_mlp(64, (4,), seed=0)
    with pytest.raises(ValueError, match="compiled"):
        fast_fit(model, digits.x_train, digits.y_train)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="features"):
        fast_fit(model, digits.x_train[:, :10], digits.y_train)
    with pytest.raises(ValueError, match="integer"):
        fast_fit(model, digits.x_train, digits.y_train + 0.5)
    with pytest.raises(ValueError, match="y"):
        fast_fit(model, digits.x_train, np.eye(10)[digits.y_train])
    with pytest.raises(ValueError, match="outputs"):
        fast_fit(model, digits.x_train, digits.y_train + 5)
    model.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        fast_fit(model, digits.x_train, digits.y_train)


@pytest.mark.parametrize("make_callbacks", [
    lambda keras: [keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=0, min_delta=10.0)],
    lambda keras: [keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.05 / (epoch + 1))],
    lambda keras: [keras.callbacks.EarlyStopping(monitor="val_loss", patience=1, restore_best_weights=True)],
], ids=["reduce-on-plateau", "scheduler", "early-stopping"])
def test_epoch_callbacks_act_as_in_model_fit(fresh_keras, digits, make_callbacks):
    keras = fresh_keras
    x, y = digits.x_train[:300], digits.y_train[:300]
    a, b = _pair(keras, lambda: keras.optimizers.SGD(learning_rate=0.05, momentum=0.9))
    history = _fit_in_order(keras, a, x, y, _orders(len(x), 6, 4), 32, callbacks=make_callbacks(keras),
                            validation_data=(digits.x_val, digits.y_val))
    frame = fast_fit(b, x, y, epochs=6, batch_size=32, seed=4, callbacks=make_callbacks(keras),
                     validation_data=(digits.x_val, digits.y_val))
    assert len(frame) == len(history.history["loss"])
    _assert_same(history, frame, a, b)
    if "learning_rate" in history.history:
        assert np.allclose(frame["learning_rate"], history.history["learning_rate"], rtol=1e-6)
    assert np.isclose(float(b.optimizer.learning_rate), float(a.optimizer.learning_rate))


def test_per_batch_callbacks_are_refused(fresh_keras, digits):
    keras = fresh_keras
    model = build_mlp(64, (4,), seed=0)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
    for bad, message in ((keras.callbacks.TerminateOnNaN(), "per batch"), ("early", "callbacks\\[0\\]"),
                         (keras.callbacks.EarlyStopping, "callbacks\\[0\\]")):
        with pytest.raises(ValueError, match=message):
            fast_fit(model, digits.x_train, digits.y_train, callbacks=[bad])
    with pytest.raises(ValueError, match="not both"):
        fast_fit(model, digits.x_train, digits.y_train, patience=2, validation_data=(digits.x_val, digits.y_val),
                 callbacks=[keras.callbacks.EarlyStopping()])


def test_many_new_models_in_a_row_log_no_retracing_warning(fresh_keras, digits, capfd):
    keras = fresh_keras
    for width in range(2, 9):  # every model traces its own loop: TensorFlow would warn about "retracing"
        model = build_mlp(64, (width,), seed=0)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
        fast_fit(model, digits.x_train[:64], digits.y_train[:64], epochs=1)
    captured = capfd.readouterr()
    assert "retracing" not in captured.err + captured.out
