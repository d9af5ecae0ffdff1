"""Answer key for ``02_adam_beta1_and_learning_rate_decay.ipynb``: each check inspects or runs the learner's Keras code."""

from __future__ import annotations

import math

import numpy as np

from . import Unanswered, close, exercise

_N_TRAIN = 1077  # training images in the notebook's split, cu.load_digits_split(seed=0)
_ADAM_DEFAULTS = {"beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False, "weight_decay": None, "clipnorm": None,
                  "clipvalue": None, "global_clipnorm": None, "use_ema": False}


def _not_adam(value, name: str) -> list[str]:
    import keras

    if isinstance(value, type):
        return [f"{name} is the class {value.__name__}; create an optimizer by calling it: {value.__name__}(...)"]
    if not isinstance(value, keras.optimizers.Optimizer):
        return [f"{name} should be a Keras optimizer, keras.optimizers.Adam(...); you gave an object of type {type(value).__name__}"]
    if type(value) is not keras.optimizers.Adam:
        return [f"{name} is {type(value).__name__}; the line to migrate uses Adam (keras.optimizers.Adam)"]
    return []


def _values(schedule, steps) -> np.ndarray:
    import keras  # Keras's schedules take an array of steps
    return np.broadcast_to(np.asarray(keras.ops.convert_to_numpy(schedule(steps)), dtype=float), steps.shape)


@exercise("1", reveals=("learning_rate=", "0.89", "0.001"))
def check_1(optimizer):
    """The notes' ``Adam(lr=0.001, beta_1=0.89)`` in Keras 3: the optimizer's config says it all."""
    problems = _not_adam(optimizer, "optimizer_1")
    if problems:
        return problems
    config = optimizer.get_config()
    lr, beta_1 = config["learning_rate"], config["beta_1"]
    if not isinstance(lr, float):
        problems.append("the learning rate is a schedule; the notes set a constant learning rate")
    elif not close(lr, 0.001, rel=1e-5):
        problems.append(f"learning_rate is {lr:.6g}; the notes set it to 0.001 (Keras 2's lr= is learning_rate=)")
    if close(beta_1, 0.9):
        problems.append("beta_1 is 0.9: you kept the default; the notes ask for 0.89")
    elif not close(beta_1, 0.89):
        problems.append(f"beta_1 is {beta_1:g}; the notes ask for 0.89")
    for key, default in _ADAM_DEFAULTS.items():
        if key in config and not (config[key] == default or close(config[key], default)):
            problems.append(f"{key} is {config[key]!r}; the notes leave it at Keras's default, {default!r}")
    return problems


def _flip(n=10):
    return [1.0] * n + [-1.0] * n


def _numpy_steps(beta_1, gradients) -> np.ndarray:
    from course_utils.adam import adam_path

    feed = iter(gradients)
    path = adam_path(lambda w: next(feed), [0.0], steps=len(gradients), learning_rate=0.001, beta_1=beta_1)
    return path["update"].to_numpy()[1:]


class _Wrong(Exception):
    """What the learner's function returned is not a list of step lengths (the message says why)."""


def _learner_steps(fn, beta_1, gradients) -> np.ndarray:
    result = fn(beta_1, list(gradients))
    if result is None or result is Ellipsis:
        raise Unanswered
    try:
        steps = np.asarray(result, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise _Wrong(f"adam_steps should return a list of numbers, it returned {type(result).__name__}") from None
    if steps.size != len(gradients):
        raise _Wrong(f"adam_steps returned {steps.size} value{'s' * (steps.size != 1)} for {len(gradients)} "
                     "gradients: return one step length per gradient")
    return steps


@exercise("2", reveals=("apply_gradients", "convert_to_tensor", "abs("),
          success="With a constant gradient every step is the learning rate, 0.001, whatever beta_1 is: beta_1 "
                  "decays nothing. After the sign flip the steps shrink while the average m turns around, "
                  "for longer with a larger beta_1.")
def check_2(adam_steps):
    """The learner's ``adam_steps(beta_1, gradients)``: Keras's Adam(0.001, beta_1) step lengths on one weight."""
    if not callable(adam_steps):
        return [f"adam_steps should be a function adam_steps(beta_1, gradients); you gave {type(adam_steps).__name__}"]
    try:
        constant = {b: _learner_steps(adam_steps, b, [3.0] * 5) for b in (0.5, 0.89, 0.99)}
        flipped = {b: _learner_steps(adam_steps, b, _flip()) for b in (0.5, 0.99)}
    except _Wrong as exc:
        return [str(exc)]
    for b, steps in constant.items():
        if abs(steps[0]) > 0 and close(steps / steps[0], np.arange(1, steps.size + 1), rel=1e-2):
            return [f"for beta_1 = {b:g} your values grow by {abs(steps[0]):.6g} at every step: they look like the "
                    "positions of w; return how far w moved in each step"]
    for b, steps in {**constant, **flipped}.items():
        if (steps < -1e-9).any():
            return [f"for beta_1 = {b:g} some step lengths are negative ({steps.min():.6g}): return how far w "
                    "moved, its size (a length is never negative)"]
    for b, steps in constant.items():
        if not close(steps, np.full_like(steps, 0.001), rel=1e-3, abs_=1e-7):
            return [f"with a gradient of 3 at every step and beta_1 = {b:g}, your steps are {steps[0]:.6g}, "
                    f"{steps[1]:.6g}, ...; Keras's Adam(learning_rate=0.001, beta_1={b:g}) moves w by 0.001 at "
                    "every step. Create the optimizer with learning_rate=0.001 and the beta_1 you are given"]
    for b, steps in flipped.items():
        expected = _numpy_steps(b, _flip())
        if close(steps, expected, rel=1e-3, abs_=1e-6):
            continue
        if close(steps, np.full_like(steps, 0.001), rel=1e-3):
            return ["with a gradient that flips from +1 to -1 after 10 steps your steps stay at 0.001, but Adam "
                    "takes shorter steps while its average m turns around: return how far w moved, not "
                    "optimizer.learning_rate"]
        if close(steps, _numpy_steps(0.9, _flip()), rel=1e-3, abs_=1e-6):
            return [f"for beta_1 = {b:g} your steps are those of beta_1 = 0.9, Keras's default: pass beta_1 to Adam"]
        k = int(np.argmax(~np.isclose(steps, expected, rtol=1e-3, atol=1e-6)))
        return [f"with a gradient that flips from +1 to -1 after 10 steps and beta_1 = {b:g}, your step {k + 1} is "
                f"{steps[k]:.6g}, Adam's is {expected[k]:.6g}. Use a new optimizer and a new weight at every call "
                "(keras.Variable([0.0])), hand it the gradients one per step, and measure w before and after"]
    return []


@exercise("3", reveals=("InverseTimeDecay", "decay_steps=1", "decay_rate=1e-3", "0.005"))
def check_3(optimizer):
    """Keras 2's ``Adam(lr=0.01, decay=1e-3)``: the rate 0.01 / (1 + 1e-3 t) at every step t."""
    import keras

    problems = _not_adam(optimizer, "optimizer_3")
    if problems:
        return problems
    schedule = getattr(optimizer, "_learning_rate", None)
    if not isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        if callable(schedule) and not isinstance(schedule, keras.Variable):
            return ["the learning rate is a plain Python function; use a schedule from keras.optimizers.schedules, "
                    "which the optimizer evaluates at every step"]
        return [f"the learning rate is a constant {float(optimizer.learning_rate):.6g}, so it never decays "
                "(decay= does nothing in Keras 3: it only warns). Pass a schedule from keras.optimizers.schedules "
                "as learning_rate="]
    steps = np.array([0, 1, 10, 100, 1000, 10000])
    got = _values(schedule, steps)
    if close(got, 0.01 / (1 + 1e-3 * steps), rel=1e-5):
        return []
    name, config = type(schedule).__name__, schedule.get_config()
    if not close(got[0], 0.01, rel=1e-5):
        problems.append(f"the schedule starts at {got[0]:.6g}; Keras 2's line starts at lr=0.01")
    if name != "InverseTimeDecay":
        problems.append(f"{name} is not what decay= did: Keras 2 used lr / (1 + decay * t), an inverse-time decay")
    elif config["decay_steps"] != 1 or config.get("staircase"):
        problems.append(f"decay_steps is {config['decay_steps']:g} (staircase={config.get('staircase')}): Keras 2's "
                        "decay counted optimizer steps, one unit at every step (not epochs): decay_steps=1")
    elif not close(config["decay_rate"], 1e-3):
        problems.append(f"decay_rate is {config['decay_rate']:g}; it should be Keras 2's decay")
    return problems + [f"at step 1000 your learning rate is {got[4]:.6g}; Keras 2 used 0.01 / (1 + 1e-3 * 1000)"]


@exercise("4", reveals=("170", "34", "staircase=True", "epochs_to_steps", "steps_per_epoch"))
def check_4(schedule):
    """From 0.01, halve every 5 epochs in one jump, for batches of 32 on the 1077 training images."""
    import keras

    if not isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        return [f"schedule_4 should be a schedule from keras.optimizers.schedules (what you would pass as "
                f"learning_rate=); you gave an object of type {type(schedule).__name__}"]
    every, jumps = 5 * math.ceil(_N_TRAIN / 32), 6
    steps = np.arange(jumps * every + 2)
    got = _values(schedule, steps)
    if not close(got[0], 0.01, rel=1e-5):
        return [f"the schedule starts at {got[0]:.6g}, not 0.01"]
    if close(got, 0.01 * 0.5 ** (steps // every), rel=1e-5):
        return []
    changes = np.nonzero(~np.isclose(got[1:], got[:-1], rtol=1e-6, atol=0))[0] + 1
    misplaced = [int(c) for c in changes if c % every]
    if misplaced:
        c = misplaced[0]
        if misplaced[:3] == [1, 2, 3]:  # a change at every step: a smooth decay
            return [f"the rate already falls at step {c} ({got[c]:.6g}), between jumps: with staircase=False "
                    "ExponentialDecay lowers it a little at every step"]
        verb = "halves" if close(got[c], 0.5 * got[c - 1], rel=1e-5) else "changes"
        if type(schedule).__name__ == "PiecewiseConstantDecay" and c % every == 1:
            return [f"the rate {verb} at step {c}, one step after a 5-epoch boundary: PiecewiseConstantDecay keeps "
                    "values[i] while step <= boundaries[i], so a boundary b switches the rate at step b + 1"]
        return [f"the rate {verb} at step {c}, expected after 5 epochs: the schedule counts optimizer steps, "
                f"not epochs, and one epoch of {_N_TRAIN} images in batches of 32 is ceil({_N_TRAIN} / 32) steps "
                "(the last, smaller batch is a step too)"]
    for k in range(1, jumps + 1):
        ratio = got[k * every] / got[0]
        if not close(ratio, 0.5**k, rel=1e-5):
            return [f"at step {k * every} (after {5 * k} epochs) the rate is {ratio:.4g} times the start, expected "
                    f"{0.5**k:g} times: each jump must halve the rate again, every 5 epochs"]
    return ["the schedule's rate is not 0.01 halved once every 5 epochs"]
