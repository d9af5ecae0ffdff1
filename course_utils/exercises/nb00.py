"""Answer key for ``00_start_here.ipynb``: steps per epoch, an MLP built in Keras, and a compile-and-fit."""

from __future__ import annotations

import functools

from . import close, compare_number, exercise

N_INPUTS, HIDDEN, N_CLASSES, BATCH_SIZE, EPOCHS, LARGE_LR = 64, 32, 10, 32, 20, 1.0


@functools.lru_cache(maxsize=1)
def _n_train() -> int:
    from ..data import load_digits_split

    return len(load_digits_split(seed=0).x_train)


@exercise("1", reveals=("34", "steps_per_epoch", "steps_for", "ceil", "//"))
def check_1(steps):
    n, full = _n_train(), _n_train() // BATCH_SIZE
    if steps == n:
        return [f"{n} is the number of training images; one optimizer step uses one batch of {BATCH_SIZE} images"]
    if steps == full or close(steps, n / BATCH_SIZE, rel=0, abs_=0.1):
        return [f"{full} full batches of {BATCH_SIZE} hold {full * BATCH_SIZE} images; the other {n - full * BATCH_SIZE} "
                "images form a last, smaller batch, and Keras takes an optimizer step on it too (steps are whole numbers)"]
    return compare_number(steps, -(-n // BATCH_SIZE), "steps per epoch", rel=1e-9,
                          hint="Divide the number of training images, len(data.x_train), by the batch size.")


def _model_problems(model, hidden: int, asks: str = "the exercise asks for") -> list[str]:
    """What differs from Input(64) -> Dense(hidden, relu) -> Dense(10, softmax); [] if nothing."""
    import keras

    def _activation(layer) -> str:
        return getattr(layer.activation, "__name__", str(layer.activation))

    if not isinstance(model, keras.Model):
        return [f"pass the Keras model you built (model = keras.Sequential([...])), not a {type(model).__name__}"]
    try:
        features = model.inputs[0].shape[-1]
    except (AttributeError, ValueError, IndexError):
        return [f"your model has no input shape yet: start its list of layers with keras.Input(shape=({N_INPUTS},))"]
    if features != N_INPUTS:
        return [f"your model takes {features} input features; a digits image has {N_INPUTS} pixels"]
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if len(dense) != 2 or len(model.layers) != 2:
        kinds = ", ".join(type(layer).__name__ for layer in model.layers)
        return [f"your model's layers are {kinds}; it needs two Dense layers: {hidden} hidden units, then {N_CLASSES} outputs"]
    (first, out), problems = dense, []
    if first.units != hidden:
        problems.append(f"your hidden layer has {first.units} units, {asks} {hidden}")
    if _activation(first) != "relu":
        problems.append(f"your hidden layer's activation is {_activation(first)!r} (a Dense layer without "
                        f"activation= is linear); {asks} ReLU")
    if out.units != N_CLASSES:
        problems.append(f"your output layer has {out.units} units; it needs one per class: {N_CLASSES}")
    if _activation(out) != "softmax":
        problems.append(f"your output layer's activation is {_activation(out)!r}; use softmax, so that the outputs "
                        "are probabilities that sum to 1, as sparse_categorical_crossentropy expects")
    expected = (N_INPUTS + 1) * hidden + (hidden + 1) * N_CLASSES
    if not problems and model.count_params() != expected:
        problems.append(f"your model has {model.count_params()} parameters, expected {expected}: did you turn off "
                        "the biases (use_bias=False)?")
    return problems


@exercise("2", reveals=("2410", "build_mlp", "Dense(32"))
def check_2(model):
    return _model_problems(model, HIDDEN)


@exercise("3", reveals=("model.fit(", ".compile(", "fast_fit", "build_mlp"))
def check_3(history):
    import keras

    if not isinstance(history, keras.callbacks.History):
        return [f"pass the History that fit returns (history_large = model_large.fit(...)), not a {type(history).__name__}"]
    model, params, steps = history.model, history.params, -(-_n_train() // BATCH_SIZE)  # ceil(n / batch)
    problems = _model_problems(model, 64, asks="the first model has")
    if type(model.optimizer).__name__ != "Adam":
        problems.append(f"your optimizer is {type(model.optimizer).__name__}; the exercise asks for keras.optimizers.Adam")
    learning_rate = float(model.optimizer.learning_rate.numpy())
    if not close(learning_rate, LARGE_LR):
        problems.append(f"your learning rate is {learning_rate:g}; the exercise asks for {LARGE_LR}, a thousand "
                        "times the first model's")
    if getattr(model.loss, "name", model.loss) != "sparse_categorical_crossentropy":
        problems.append(f"your loss is {model.loss!r}; compile with loss=\"sparse_categorical_crossentropy\"")
    for key, fix in (("accuracy", 'compile with metrics=["accuracy"]'),
                     ("val_loss", "pass validation_data=(data.x_val, data.y_val) to fit")):
        if key not in history.history:
            problems.append(f"the history has no {key}: {fix}")
    if params.get("epochs") != EPOCHS:
        problems.append(f"you trained for {params.get('epochs')} epochs; train for {EPOCHS}, like the first model, "
                        "so that the two runs compare")
    if params.get("steps") != steps:
        problems.append(f"each epoch took {params.get('steps')} optimizer steps, not {steps}: use "
                        f"batch_size={BATCH_SIZE}, like the first model")
    return problems
