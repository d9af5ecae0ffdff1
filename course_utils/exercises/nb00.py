"""Answer key for ``00_start_here.ipynb``: steps per epoch, an MLP built in Keras, and a compile-and-fit."""

from __future__ import annotations

import functools
import numbers
import sys

from ..data import load_digits_split
from . import close, compare_number, exercise

N_INPUTS, HIDDEN, N_CLASSES, BATCH_SIZE, EPOCHS, LARGE_LR = 64, 32, 10, 32, 20, 1.0
LINEAR = " (a Dense layer without activation= is linear)"
_data = functools.lru_cache(maxsize=1)(functools.partial(load_digits_split, seed=0))


@exercise("1", reveals=("34", "steps_per_epoch", "steps_for", "ceil", "//"))
def check_1(steps):
    n, full = len(_data().x_train), len(_data().x_train) // BATCH_SIZE
    if steps == n:
        return [f"{n} is the number of training images; one optimizer step uses one batch of {BATCH_SIZE} images"]
    if steps == full or close(steps, n / BATCH_SIZE, rel=0, abs_=0.1):
        return [f"{full} full batches of {BATCH_SIZE} hold {full * BATCH_SIZE} images; the other {n - full * BATCH_SIZE} "
                "images form a last, smaller batch, and Keras takes an optimizer step on it too (steps are whole numbers)"]
    return compare_number(steps, -(-n // BATCH_SIZE), "steps per epoch", rel=1e-9, hint="Divide the number of "
                          "training images, len(data.x_train), by the batch size.")


def _model_problems(model, hidden: int, asks: str = "the exercise asks for") -> list[str]:
    """What differs from Input(64) -> Dense(hidden, relu) -> Dense(10, softmax); [] if nothing."""
    import keras
    if not isinstance(model, keras.Model):
        return [f"pass the Keras model you built (model = keras.Sequential([...])), not a {type(model).__name__}"]
    features = model.inputs[0].shape[-1] if model.built and model.inputs else None
    if features != N_INPUTS:
        return [f"your model takes {features} input features; a digits image has {N_INPUTS} pixels" if features else
                f"your model has no input shape yet: start its list of layers with keras.Input(shape=({N_INPUTS},))"]
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if len(layers) != 2 or not all(isinstance(layer, keras.layers.Dense) for layer in layers):
        kinds = ", ".join(type(layer).__name__ for layer in layers)
        return [f"your model's layers are {kinds}; it needs two Dense layers: {hidden} hidden units, then {N_CLASSES} outputs"]
    (first, out), problems, act = layers, [], [getattr(la.activation, "__name__", str(la.activation)) for la in layers]
    if first.units != hidden:
        problems.append(f"your hidden layer has {first.units} unit{'s' * (first.units != 1)}, {asks} {hidden}")
    if act[0] != "relu":
        problems.append(f"your hidden layer's activation is {act[0]!r}{LINEAR * (act[0] == 'linear')}; {asks} ReLU")
    if out.units != N_CLASSES:
        problems.append(f"your output layer has {out.units} unit{'s' * (out.units != 1)}; it needs one per class: {N_CLASSES}")
    if act[1] != "softmax":
        problems.append(f"your output layer's activation is {act[1]!r}; use softmax, so that the outputs are "
                        "probabilities that sum to 1, as sparse_categorical_crossentropy expects")
    if not problems and model.count_params() != (N_INPUTS + 1) * hidden + (hidden + 1) * N_CLASSES:
        problems.append(f"your model has {model.count_params()} parameters: did you turn off the biases (use_bias=False)?")
    if getattr(first, "_input_shape_arg", None) is not None:  # Dense(..., input_shape=...), deprecated in Keras 3
        problems.append(f"Keras 3 warns against input_shape= on a layer: start with keras.Input(shape=({N_INPUTS},))")
    return problems


@exercise("2", reveals=("2410", "build_mlp", "Dense(32", "count_params"))
def check_2(model, n_params):
    problems, weights = _model_problems(model, HIDDEN), N_INPUTS * HIDDEN + HIDDEN * N_CLASSES
    if isinstance(n_params, bool) or not isinstance(n_params, numbers.Real) or n_params != round(n_params):
        return [*problems, f"n_params should be a whole number, you gave {n_params!r}"]
    hints = {weights: "counts the weights only: each Dense layer also has one bias per unit",
             (N_INPUTS + 1) * HIDDEN: "is the hidden layer alone: add the output layer's weights and biases",
             None: "is not right: a Dense layer with n_in inputs and n_out units has n_in * n_out weights and n_out biases"}
    if n_params != weights + HIDDEN + N_CLASSES:
        problems.append(f"n_params = {n_params} " + hints.get(n_params, hints[None]))
    return problems


@exercise("3", reveals=("model.fit(", ".compile(", "fast_fit", "build_mlp"))
def check_3(history):
    import keras
    if not isinstance(history, keras.callbacks.History):
        return [f"pass the History that fit returns (history_large = model_large.fit(...)), not a {type(history).__name__}"]
    model, params, data, steps = history.model, history.params, _data(), -(-len(_data().x_train) // BATCH_SIZE)
    if getattr(sys.modules.get("__main__"), "model", None) is model or model.optimizer.iterations.numpy() > EPOCHS * steps:
        return ["you trained the first model, `model`, again: build a new model under a new name, model_large, after "
                "keras.utils.set_random_seed(0), so that it starts from the first model's weights and `model` keeps its own"]
    problems = _model_problems(model, 64, asks="the first model has")
    if type(model.optimizer).__name__ != "Adam":
        problems.append(f"your optimizer is {type(model.optimizer).__name__}; the exercise asks for keras.optimizers.Adam")
    if not close(lr := float(model.optimizer.learning_rate.numpy()), LARGE_LR):
        problems.append(f"your learning rate is {lr:g}; the exercise asks for {LARGE_LR}, a thousand times the first model's")
    if getattr(model.loss, "name", model.loss) != "sparse_categorical_crossentropy":
        problems.append(f"your loss is {model.loss!r}; compile with loss=\"sparse_categorical_crossentropy\"")
    problems += [f"the history has no {key}: {fix}" for key, fix in (("accuracy", 'compile with metrics=["accuracy"]'),
                 ("val_loss", "pass validation_data= to fit")) if key not in history.history]
    if not problems:  # the validation data: the model's loss on data.x_val must be the History's last val_loss
        val_loss = model.evaluate(data.x_val, data.y_val, batch_size=BATCH_SIZE, verbose=0)[0]
        if val_loss < float("inf") and not close(history.history["val_loss"][-1], val_loss, rel=1e-3):
            problems.append("the history's val_loss is not the model's loss on data.x_val: pass validation_data="
                            "(data.x_val, data.y_val), like the first model (the test set is kept for the end)")
    if params.get("epochs") != EPOCHS:
        problems.append(f"you trained for {params.get('epochs')} epochs; train for {EPOCHS}, like the first model")
    if params.get("steps") != steps:
        problems.append(f"each epoch took {params.get('steps')} optimizer steps, not {steps}: fit on all of "
                        f"data.x_train (no validation_split) with batch_size={BATCH_SIZE}, like the first model")
    return problems
