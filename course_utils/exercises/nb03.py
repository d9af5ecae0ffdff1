"""Answer key for ``03_cosine_decay_with_restarts.ipynb``: schedules the learner builds in Keras, restarts by hand."""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import close, exercise

N_TRAIN, BATCH = 1077, 64  # the digits training split of the notebook, and its batch size
PER_EPOCH = math.ceil(N_TRAIN / BATCH)
EVERY = 2 * PER_EPOCH  # exercise 1: a restart every 2 epochs
FIRST_2, T_MUL_2, TOTAL_2 = 20, 3.0, 800  # exercise 2: CosineDecayRestarts(0.05, 20, t_mul=3.0), 800 steps


def _jumps(schedule, n: int) -> list[int]:
    """The steps below n at which the schedule's rate goes up (its restarts)."""
    from ..schedules import sample_schedule

    lr = sample_schedule(schedule, n)["learning_rate"].to_numpy()
    return [int(s) for s in np.flatnonzero(np.diff(lr) > 1e-9) + 1]


@exercise("1", reveals=(str(EVERY), "epochs_to_steps", "steps_per_epoch", "steps_for"))
def check_1(optimizer):
    import keras

    from ..schedules import sample_schedule, sgdr_learning_rate

    optimizer = getattr(optimizer, "optimizer", None) if isinstance(optimizer, keras.Model) else optimizer
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        return [f"give a Keras optimizer, e.g. keras.optimizers.Adam(learning_rate=...), not {type(optimizer).__name__}"]
    schedule = optimizer._learning_rate  # the schedule object the optimizer was built with
    if type(optimizer).__name__ != "Adam":
        return [f"the optimizer is {type(optimizer).__name__}; the exercise asks for keras.optimizers.Adam"]
    if isinstance(schedule, keras.optimizers.schedules.CosineDecay):
        return ["the learning rate is a CosineDecay, not a CosineDecayRestarts: it falls once and never restarts"]
    if not isinstance(schedule, keras.optimizers.schedules.CosineDecayRestarts):
        what = f"a constant {float(optimizer.learning_rate):g}" if not callable(schedule) else type(schedule).__name__
        return [f"the learning rate is {what}, not a CosineDecayRestarts schedule: pass "
                "learning_rate=keras.optimizers.schedules.CosineDecayRestarts(...)"]
    n = 5 * EVERY + 1
    lr, jumps = sample_schedule(schedule, n)["learning_rate"].to_numpy(), _jumps(schedule, n)
    if not close(lr[0], 1e-3, rel=1e-4):
        return [f"the schedule starts at {lr[0]:.4g}, expected 0.001 (1e-3): that is initial_learning_rate"]
    if not jumps:
        return [f"the schedule does not restart within {5 * EVERY} steps (10 epochs): first_decay_steps counts "
                "optimizer steps (batches), not epochs"]
    if jumps[0] != EVERY:
        return [f"the schedule restarts at step {jumps[0]}, expected {EVERY}: first_decay_steps counts optimizer "
                f"steps, not epochs, and an epoch is ceil({N_TRAIN} / {BATCH}) = {PER_EPOCH} steps (the last, "
                "smaller batch is a step too)"]
    if jumps[:3] != [EVERY, 2 * EVERY, 3 * EVERY]:
        return [f"the second restart comes at step {jumps[1]}, expected {2 * EVERY}: each period is longer than the "
                "one before (t_mul > 1; the default t_mul=2.0 doubles it); every period the same length needs "
                "t_mul=1.0"]
    if not close(lr[EVERY], 1e-3, rel=1e-4):
        return [f"the second period starts at {lr[EVERY]:.4g}, not at 0.001 like the first: m_mul shrinks each "
                "restart's peak; leave it at 1.0 so every period is the same"]
    if not close(lr, sgdr_learning_rate(np.arange(n), 1e-3, EVERY, 1.0), rel=1e-4, abs_=1e-9):
        return [f"the rate falls only to {lr[:EVERY].min():.3g} by the end of a period, expected about 0: "
                "alpha sets a floor (alpha * initial_learning_rate); leave it at 0.0"]
    return []


@exercise("2", reveals=("80", "260", "restart_steps", "sample_schedule"))
def check_2(restarts):
    from ..schedules import restart_steps

    expected = restart_steps(TOTAL_2, FIRST_2, T_MUL_2).tolist()
    if isinstance(restarts, (str, bytes)) or not all(
            isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in np.atleast_1d(restarts)):
        return [f"give a list of whole numbers of steps, e.g. [{FIRST_2}, ...]; you gave {restarts!r}"]
    if (answer := sorted(int(s) for s in np.atleast_1d(restarts))) == expected:
        return []
    if answer and (answer[0] < 1 or answer[-1] >= TOTAL_2):
        return [f"list only the steps from 1 to {TOTAL_2 - 1}: step 0 is the start, step {TOTAL_2} comes after "
                "the last batch"]
    if len(answer) == len(expected) and [a + 1 for a in answer] == expected:
        return ["each of your steps is one step early: a restart is the first step of the new period, the step "
                "at which the previous period's length has been used up (steps count from 0)"]
    if answer[:2] == [FIRST_2, 2 * FIRST_2]:
        return [f"your restarts are evenly spaced, as with t_mul=1.0; with t_mul={T_MUL_2:g} each period is "
                f"{T_MUL_2:g} times as long as the one before"]
    if answer == restart_steps(TOTAL_2, FIRST_2, 2.0).tolist():
        return [f"these are the restarts for t_mul=2.0; here t_mul={T_MUL_2:g}: each period is {T_MUL_2:g} times "
                "as long as the one before"]
    if answer[:3] == [FIRST_2, int(FIRST_2 * T_MUL_2), int(FIRST_2 * T_MUL_2 ** 2)]:
        return [f"{answer} are the periods' lengths; a restart comes where a period ends: add the lengths up "
                f"({FIRST_2}, then {FIRST_2} + the second period's length, ...)"]
    if len(answer) != len(expected):
        return [f"you have {len(answer)} restart(s); within {TOTAL_2} steps there are {len(expected)}"]
    return [f"{answer} is not right: the first period lasts {FIRST_2} steps, each next one t_mul={T_MUL_2:g} times "
            "as long, and a restart comes at the step where a period ends"]


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
    if lr.min() < 0.001:
        return [f"the rate falls to {lr.min():.2g}, about 0: the floor is alpha * initial_learning_rate and alpha "
                "defaults to 0.0; set alpha so that alpha * 0.1 = 0.01"]
    if not close(lr.min(), 0.01, rel=5e-3):
        return [f"the lowest rate is {lr.min():.4g}, expected 0.01: the floor is alpha * initial_learning_rate, "
                "so alpha is a fraction of the starting rate, not a rate"]
    if not close(lr, want, rel=1e-4):
        return [f"the second period peaks at {lr[100]:.4g}, expected {want[100]:.4g}: m_mul multiplies each "
                "restart's height above the floor (0.01 + m_mul * 0.09)"]
    return []
