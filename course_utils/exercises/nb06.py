"""Answer key for ``06_regularization.ipynb``: early stopping that gives back the best weights, a model with
an L2 penalty and dropout, an L2 penalty's value, and one step of Adam + L2 against one step of AdamW."""

from __future__ import annotations

import numpy as np

from . import close, compare_number, exercise

PATIENCE, UNITS, L2, RATE = 5, 64, 1e-3, 0.3
W, LR, STRENGTH = 2.0, 0.05, 0.2  # exercise 4: the weight, the learning rate, l2 = weight_decay


@exercise("1", reveals=("EarlyStopping(", "restore_best_weights", "val_loss", "callbacks="))
def check_1(model, stopper, history):
    import keras

    if not isinstance(model, keras.Model):
        return [f"model_1 should be the Keras model you trained, not a {type(model).__name__}"]
    if not isinstance(stopper, keras.callbacks.EarlyStopping):
        return [f"stopper_1 should be a keras.callbacks.EarlyStopping(...), not a {type(stopper).__name__}"]
    if not isinstance(history, keras.callbacks.History):
        return [f"history_1 should be the History that fit returns, not a {type(history).__name__}"]
    problems = []
    if stopper.monitor == "loss":
        problems.append("monitor is 'loss', the training loss: it keeps falling while the network overfits, so it "
                        "would hardly ever stop; watch the validation loss, 'val_loss'")
    elif stopper.monitor in ("val_accuracy", "accuracy"):
        problems.append(f"monitor is {stopper.monitor!r}: the exercise asks to watch the validation loss, 'val_loss' "
                        "(the accuracy moves in steps of one point and does not see confident mistakes)")
    elif stopper.monitor != "val_loss":
        problems.append(f"monitor is {stopper.monitor!r}: watch the validation loss, 'val_loss'")
    if stopper.mode == "max":
        problems.append("mode='max' makes EarlyStopping keep the epoch with the highest validation loss, the worst "
                        "one: leave mode at 'auto' (or 'min') for a loss")
    if stopper.patience != PATIENCE:
        problems.append(f"patience is {stopper.patience}; the exercise asks to wait {PATIENCE} epochs")
    if not stopper.restore_best_weights:
        problems.append("restore_best_weights is False: the model keeps the last epoch's weights, not the best")
    if stopper.model is None or stopper.model is not history.model:
        problems.append("the callback did not take part in this fit: pass it to fit in a list of callbacks")
    elif history.model is not model:
        problems.append("history_1 comes from another model's fit: train model_1")
    elif "val_loss" not in history.history:
        problems.append("fit had no validation data, so there was no val_loss to watch: pass validation_data=val_ds")
    elif not stopper.stopped_epoch:
        problems.append(f"training ran all {len(history.epoch)} epochs without stopping: allow more epochs")
    elif stopper.best_weights is not None and not all(
            close(a, b, rel=0) for a, b in zip(model.get_weights(), stopper.best_weights)):
        problems.append("the model does not hold the best epoch's weights: did you train it again after this fit?")
    elif stopper.monitor == "val_loss" and not problems:
        lowest = int(np.argmin(history.history["val_loss"]))
        if stopper.best_epoch != lowest:
            problems.append(f"EarlyStopping kept epoch {stopper.best_epoch + 1}, but the lowest val_loss was at "
                            f"epoch {lowest + 1}: leave min_delta and mode at their defaults")
    return problems


@exercise("2", reveals=("kernel_regularizer", "layers.Dropout", "regularizers.L2"))
def check_2(model):
    import keras

    if not isinstance(model, keras.Model):
        return [f"pass the Keras model you built (model_2 = keras.Sequential([...])), not a {type(model).__name__}"]
    layers = model.layers
    dense = [layer for layer in layers if isinstance(layer, keras.layers.Dense)]
    drops = [layer for layer in layers if isinstance(layer, keras.layers.Dropout)]
    if len(dense) != 2 or dense[0].units != UNITS or dense[1].units != 2:
        return [f"the model needs two Dense layers, {UNITS} hidden units and then 2 outputs; yours has "
                f"{[layer.units for layer in dense]}"]
    hidden, output, problems = dense[0], dense[1], []
    for layer, wanted, why in ((hidden, "relu", "the exercise asks for ReLU units"),
                               (output, "softmax", "two class probabilities that add up to 1 need a softmax")):
        name = getattr(layer.activation, "__name__", str(layer.activation))
        if name != wanted:
            problems.append(f"the {'hidden' if layer is hidden else 'output'} layer's activation is {name!r}: "
                            f"{why} (activation={wanted!r})")
    penalty = hidden.kernel_regularizer
    if penalty is None:
        problems.append("the hidden Dense layer has no kernel_regularizer: nothing penalizes its weights"
                        + (" (activity_regularizer penalizes the layer's outputs, not its weights)"
                           if hidden.activity_regularizer is not None else ""))
    elif not close(getattr(penalty, "l2", 0.0), L2, rel=1e-6):
        problems.append(f"the hidden layer's penalty is {type(penalty).__name__} with l2={getattr(penalty, 'l2', 0.0):g}; "
                        f"the exercise asks for L2 of strength {L2:g} (a penalty on the squared weights)")
    elif getattr(penalty, "l1", 0.0):
        problems.append("the penalty has an L1 part too: use keras.regularizers.L2 alone")
    if not drops:
        problems.append("there is no Dropout layer: nothing switches units off during training")
    elif len(drops) > 1:
        problems.append(f"there are {len(drops)} Dropout layers; the exercise asks for one, between the hidden layer "
                        "and the output")
    elif close(drops[0].rate, 1 - RATE):
        problems.append(f"the Dropout rate is {drops[0].rate:g}: rate is the share of units dropped, not kept")
    elif not close(drops[0].rate, RATE):
        problems.append(f"the Dropout rate is {drops[0].rate:g}; the exercise asks to drop {RATE:.0%} of the units")
    elif not layers.index(hidden) < layers.index(drops[0]) < layers.index(output):
        problems.append("the Dropout layer must sit between the hidden layer and the output: before the hidden layer "
                        "it drops input features, after the output it zeroes class probabilities")
    return problems


@exercise("3", reveals=("0.07", "regularizers.L2(0.005)("))
def check_3(answer):
    if close(answer, 0.035):
        return ["0.035 has a factor 1/2 in front of the sum of squares: Keras's L2 has none"]
    if close(answer, 0.03):
        return ["0.03 is 0.005 times the sum of |w|: that is L1; L2 sums the squared weights"]
    return compare_number(answer, 0.005 * (1 + 4 + 0 + 9), "the penalty",
                          hint="Multiply 0.005 by the sum of the squared weights.")


def _adam_l2_step() -> float:
    """One Keras Adam step on w = W with the gradient of L2(STRENGTH), g = 2 * STRENGTH * W: Keras's first step is
    learning_rate * g / (|g| + epsilon / sqrt(1 - beta_2)), about learning_rate (epsilon 1e-7, beta_2 0.999)."""
    g = 2 * STRENGTH * W
    return W - LR * g / (abs(g) + 1e-7 / np.sqrt(1 - 0.999))


def _step_4(answer, what, expected, wrong):
    """Problems with one of exercise 4's answers: known wrong values first, then the comparison."""
    if isinstance(answer, (int, float, np.floating)) and not isinstance(answer, bool):
        for value, message in wrong:
            if close(answer, value, rel=1e-3):
                return [f"{what}: {message}"]
    return compare_number(answer, expected, what)


@exercise("4", reveals=("1.95", "1.98"))
def check_4(w_adam_l2, w_adamw):
    sgd_l2 = W - LR * 2 * STRENGTH * W  # what plain SGD would do with L2 in the loss
    decayed = W - LR * STRENGTH * W
    adam_wrong = [
        (sgd_l2, f"{sgd_l2:g} is what plain SGD would do (w - learning_rate * 2 * l2 * w); Adam divides the gradient "
                 "by its own size, so its first step moves the weight by about the learning rate"),
        (decayed, f"{decayed:g} is decoupled decay; with L2 in the loss the penalty's gradient goes through Adam's "
                  "normalization"),
        (W - 2 * STRENGTH * W, "that leaves out the learning rate"),
        (W, "the penalty's gradient, 2 * l2 * w, is not zero even when the data gradient is"),
        (LR, "that is how far the weight moves; give the weight after the step")]
    adamw_wrong = [
        (W - LR, f"{W - LR:g} is Adam + L2; AdamW's decay bypasses Adam's normalization and shrinks the weight by "
                 "learning_rate * weight_decay * w"),
        (sgd_l2, f"{sgd_l2:g} is L2 in the loss under plain SGD (2 * l2); weight_decay has no factor 2"),
        (W - STRENGTH * W, "that leaves out the learning rate: Keras shrinks by learning_rate * weight_decay * w"),
        (W, "weight decay shrinks the weight even when the gradient is zero"),
        (LR * STRENGTH * W, "that is how much the weight shrinks; give the weight after the step")]
    return (_step_4(w_adam_l2, "Adam + L2", _adam_l2_step(), adam_wrong)
            + _step_4(w_adamw, "AdamW", decayed, adamw_wrong))
