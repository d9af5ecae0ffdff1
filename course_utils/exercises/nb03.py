"""Answer key for ``03_cosine_decay_with_restarts.ipynb``: schedules the learner builds in Keras, restarts by hand."""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import close, exercise

N_TRAIN, BATCH = 1077, 64  # the digits training split of the notebook, and its batch size
PER_EPOCH = math.ceil(N_TRAIN / BATCH)
EVERY = 2 * PER_EPOCH  # exercise 1: a restart every 2 epochs


def _jumps(schedule, n: int) -> list[int]:
    """The steps below n at which the schedule's rate goes up (its restarts)."""
    from ..schedules import sample_schedule

    lr = sample_schedule(schedule, n)["learning_rate"].to_numpy()
    return [int(s) for s in np.flatnonzero(np.diff(lr) > 1e-9) + 1]


@exercise("1", reveals=(str(EVERY), "epochs_to_steps", "steps_per_epoch", "steps_for"))
def check_1(optimizer):
    import keras

    optimizer = getattr(optimizer, "optimizer", None) if isinstance(optimizer, keras.Model) else optimizer
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        return [f"give a Keras optimizer, e.g. keras.optimizers.Adam(learning_rate=...), not {type(optimizer).__name__}"]
    schedule = optimizer._learning_rate  # the schedule object the optimizer was built with
    if type(optimizer).__name__ != "Adam":
        return [f"the optimizer is {type(optimizer).__name__}; the exercise asks for keras.optimizers.Adam"]
    if not isinstance(schedule, keras.optimizers.schedules.CosineDecayRestarts):
        what = f"a constant {float(optimizer.learning_rate):g}" if not callable(schedule) else type(schedule).__name__
        return [f"the learning rate is {what}, not a schedule: pass "
                "learning_rate=keras.optimizers.schedules.CosineDecayRestarts(...)"]
    jumps = _jumps(schedule, 5 * EVERY + 1)
    if not jumps:
        return [f"the schedule does not restart within {5 * EVERY} steps (10 epochs): first_decay_steps counts "
                "optimizer steps (batches), not epochs"]
    if jumps[0] != EVERY:
        return [f"the schedule restarts at step {jumps[0]}, expected {EVERY}: first_decay_steps counts optimizer "
                f"steps, not epochs, and an epoch is ceil({N_TRAIN} / {BATCH}) = {PER_EPOCH} steps (the last, "
                "smaller batch is a step too)"]
    if jumps[:3] != [EVERY, 2 * EVERY, 3 * EVERY]:
        return [f"the second restart comes at step {jumps[1]}, expected {2 * EVERY}: t_mul=2.0 (the default) "
                "doubles each period; a restart every 2 epochs needs t_mul=1.0"]
    return []


@exercise("2", reveals=("51", "119", "restart_steps", "sample_schedule"))
def check_2(restarts):
    from ..schedules import restart_steps

    expected = restart_steps(255, 17, 2.0).tolist()
    if isinstance(restarts, (str, bytes)) or not all(
            isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in np.atleast_1d(restarts)):
        return [f"give a list of whole numbers of steps, e.g. [17, ...]; you gave {restarts!r}"]
    if (answer := sorted(int(s) for s in np.atleast_1d(restarts))) == expected:
        return []
    if answer[:3] == [17, 34, 51]:
        return ["your restarts are evenly spaced, as with t_mul=1.0; with t_mul=2.0 each period is twice as long "
                "as the one before"]
    if answer[:3] == [17, 34, 68]:
        return ["17, 34, 68, ... are the periods' lengths; a restart comes where a period ends: add them up "
                "(17, then 17 + 34, ...)"]
    if answer and (answer[0] < 1 or answer[-1] >= 255):
        return ["list only the steps from 1 to 254: step 0 is the start, step 255 is after the last batch"]
    return [f"{answer} is not right: periods last 17, 34, 68, 136 steps, and a restart comes at each period's end"]


@exercise("3", reveals=("m_mul=0.5", "alpha=0.1", "0.055", "sgdr_learning_rate"))
def check_3(schedule):
    from ..schedules import sample_schedule, sgdr_learning_rate

    if not callable(schedule):
        return [f"give a Keras schedule object, e.g. keras.optimizers.schedules.CosineDecayRestarts(...); "
                f"you gave {type(schedule).__name__}"]
    lr, want = sample_schedule(schedule, 400)["learning_rate"].to_numpy(), sgdr_learning_rate(
        np.arange(400), 0.1, 100, t_mul=1.0, m_mul=0.5, alpha=0.1)
    if not close(lr[0], 0.1, rel=1e-4):
        return [f"the schedule starts at {lr[0]:.4g}, expected 0.1: that is initial_learning_rate"]
    if _jumps(schedule, 400) != [100, 200, 300]:
        return [f"the schedule restarts at steps {_jumps(schedule, 400)}, expected every 100 steps: "
                "first_decay_steps=100 and t_mul=1.0"]
    if not close(lr.min(), 0.01, rel=5e-3):
        return [f"the lowest rate is {lr.min():.4g}, expected 0.01: the floor is alpha * initial_learning_rate, "
                "so alpha is a fraction of the starting rate, not a rate"]
    if not close(lr, want, rel=1e-4):
        return [f"the second period peaks at {lr[100]:.4g}, expected {want[100]:.4g}: m_mul multiplies each "
                "restart's height above the floor (0.01 + m_mul * 0.09)"]
    return []
