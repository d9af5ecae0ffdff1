"""Answer key for ``02_adam_beta1_and_learning_rate_decay.ipynb``: each check inspects the learner's Keras object."""

from __future__ import annotations

import math

import numpy as np

from . import close, exercise

_N_TRAIN = 1077  # training images in the notebook's split, cu.load_digits_split(seed=0)


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
    lr, beta_1 = optimizer.get_config()["learning_rate"], optimizer.get_config()["beta_1"]
    if not isinstance(lr, float):
        problems.append("the learning rate is a schedule; the notes set a constant learning rate")
    elif not close(lr, 0.001, rel=1e-5):
        problems.append(f"learning_rate is {lr:.6g}; the notes set it to 0.001 (Keras 2's lr= is learning_rate=)")
    if close(beta_1, 0.9):
        problems.append("beta_1 is 0.9: you kept the default; the notes ask for 0.89")
    elif not close(beta_1, 0.89):
        problems.append(f"beta_1 is {beta_1:g}; the notes ask for 0.89")
    return problems


@exercise("2", reveals=("InverseTimeDecay", "decay_steps=1", "decay_rate=1e-3", "0.005"))
def check_2(optimizer):
    """Keras 2's ``Adam(lr=0.01, decay=1e-3)``: the rate 0.01 / (1 + 1e-3 t) at every step t."""
    import keras

    problems = _not_adam(optimizer, "optimizer_2")
    schedule = getattr(optimizer, "_learning_rate", None)
    if problems or not isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        return problems or [f"the learning rate is a constant {float(optimizer.learning_rate):.6g}, so "
                            "it never decays: Keras 3 ignores decay= (it only warns). Pass a schedule from "
                            "keras.optimizers.schedules as learning_rate="]
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


@exercise("3", reveals=("170", "34", "staircase=True", "epochs_to_steps", "steps_per_epoch"))
def check_3(schedule):
    """From 0.01, halve every 5 epochs in one jump, for batches of 32 on the 1077 training images."""
    import keras

    if not isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        return [f"schedule_3 should be a schedule from keras.optimizers.schedules (what you would pass as "
                f"learning_rate=); you gave an object of type {type(schedule).__name__}"]
    every = 5 * math.ceil(_N_TRAIN / 32)
    got = _values(schedule, np.arange(2 * every + 2))
    start, problems = got[0], [] if close(got[0], 0.01, rel=1e-5) else [f"the schedule starts at {got[0]:.6g}, not 0.01"]
    between = np.nonzero((got < start * (1 - 1e-6)) & (got > 0.5 * start * (1 + 1e-5)))[0]
    if len(between):
        problems.append(f"the rate already falls at step {between[0]} ({got[between[0]]:.6g}), between jumps: with "
                        "staircase=False ExponentialDecay lowers it a little at every step")
    halved = np.nonzero(got <= 0.5 * start * (1 + 1e-5))[0]
    if len(halved) == 0 or halved[0] != every:
        where = f"at step {halved[0]}" if len(halved) else f"nowhere in the first {len(got)} steps"
        problems.append(f"the rate halves {where}, expected after 5 epochs: "
                        f"decay_steps counts optimizer steps, not epochs, and one epoch of {_N_TRAIN} images in "
                        f"batches of 32 is ceil({_N_TRAIN} / 32) steps (the last, smaller batch is a step too)")
    elif not close(got[every], 0.5 * start, rel=1e-5) or not close(got[2 * every], 0.25 * start, rel=1e-5):
        problems.append(f"at the first jump the rate becomes {got[every] / start:.3g} of the start, expected one half")
    return problems
