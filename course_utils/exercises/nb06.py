"""Answer key for ``06_regularization.ipynb``: early stopping that gives back the best weights, a model with
an L2 penalty and dropout, an L2 penalty's value and one step of decoupled weight decay."""

from __future__ import annotations

from . import close, compare_number, exercise

PATIENCE, UNITS, L2, RATE = 5, 64, 1e-3, 0.3


@exercise("1", reveals=("EarlyStopping(", "restore_best_weights", "val_loss", "callbacks="))
def check_1(stopper, history):
    import keras

    if not isinstance(stopper, keras.callbacks.EarlyStopping):
        return [f"stopper_1 should be a keras.callbacks.EarlyStopping(...), not a {type(stopper).__name__}"]
    if not isinstance(history, keras.callbacks.History):
        return [f"history_1 should be the History that fit returns, not a {type(history).__name__}"]
    problems = []
    if stopper.monitor != "val_loss":
        problems.append(f"monitor is {stopper.monitor!r}: watch the validation loss, 'val_loss' (the training "
                        "loss keeps falling while the network overfits, so it would never stop)")
    if stopper.patience != PATIENCE:
        problems.append(f"patience is {stopper.patience}; the exercise asks to wait {PATIENCE} epochs")
    if not stopper.restore_best_weights:
        problems.append("restore_best_weights is False: the model keeps the last epoch's weights, not the best")
    if stopper.model is None or stopper.model is not history.model:
        problems.append("the callback did not take part in this fit: pass it to fit in a list of callbacks")
    elif "val_loss" not in history.history:
        problems.append("fit had no validation data, so there was no val_loss to watch: pass "
                        "validation_data=(data.x_val, data.y_val)")
    elif not stopper.stopped_epoch:
        problems.append(f"training ran all {len(history.epoch)} epochs without stopping: allow more epochs")
    elif stopper.best_weights is not None and not all(
            close(a, b, rel=0) for a, b in zip(history.model.get_weights(), stopper.best_weights)):
        problems.append("the model does not hold the best epoch's weights: did you train it again after this fit?")
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
    hidden, problems = dense[0], []
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
    elif close(drops[0].rate, 1 - RATE):
        problems.append(f"the Dropout rate is {drops[0].rate:g}: rate is the share of units dropped, not kept")
    elif not close(drops[0].rate, RATE):
        problems.append(f"the Dropout rate is {drops[0].rate:g}; the exercise asks to drop {RATE:.0%} of the units")
    elif not layers.index(hidden) < layers.index(drops[0]) < layers.index(dense[1]):
        problems.append("the Dropout layer must sit between the hidden layer and the output: before the hidden layer "
                        "it drops input features, after the output it zeroes class probabilities")
    return problems


@exercise("3", reveals=("0.07", "regularizers.L2(0.005)("))
def check_3(answer):
    if close(answer, 0.035):
        return ["0.035 is half the answer: Keras's L2 has no factor 1/2 in front of the sum of squares"]
    if close(answer, 0.03):
        return ["0.03 is 0.005 times the sum of |w|: that is L1; L2 sums the squared weights"]
    return compare_number(answer, 0.005 * (1 + 4 + 0 + 9), "the penalty",
                          hint="Multiply 0.005 by the sum of the squared weights.")


@exercise("4", reveals=("1.98",))
def check_4(answer):
    if close(answer, 1.6):
        return ["1.6 leaves out the learning rate: Keras shrinks a weight by learning_rate * weight_decay * w per step"]
    if close(answer, 1.96):
        return ["1.96 is what L2(0.2) in the loss would do (its gradient is 2 * l2 * w); weight_decay shrinks by "
                "learning_rate * weight_decay * w"]
    if close(answer, 0.02):
        return ["0.02 is how much the weight shrinks; give the weight after the step"]
    return compare_number(answer, 2.0 - 0.05 * 0.2 * 2.0, "the weight after one step",
                          hint="w - learning_rate * weight_decay * w, with a zero gradient.")
