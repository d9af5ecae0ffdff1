"""A GPU does not change a verdict (issue #12): where a GPU is present, the compared cells still match.

The stored outputs come from a CPU. On a GPU the same seeds give the same initial weights (TensorFlow's
stateless random ops are specified to agree between CPU and GPU), but matrix products and reductions
sum in another order and transcendental functions (pow, log, exp) may differ in the last bit, so every
training run drifts by about 1e-7 relative per operation, and training amplifies the drift. An audit of
every compared cell (margins to the nearest rounding boundary or threshold, and reruns with a 1e-6 or
1e-7 relative error injected into every matrix product) found the cells listed in ``JOBS`` to be the ones
such a drift could flip, plus a few low-risk verdicts kept as controls.

Where TensorFlow sees a GPU, each notebook's code runs twice, in fresh processes as a fresh kernel
would: once on the GPU and once with ``CUDA_VISIBLE_DEVICES=-1`` (the CPU, as the stored outputs were
made). Every cell up to the last target runs in order; for each target cell the test asserts that the
GPU's output equals the CPU's and equals the stored output (the assertion message lists both devices'
unrounded values). Elsewhere these tests are skipped, and ``test_compare_on_cpu_twice`` runs the same
comparison with both sides on the CPU, on two cheap cells, so the comparison code itself is tested.

``python tests/test_gpu.py --device GPU|CPU --job '<json>' --out FILE`` is the worker each side runs.
"""

from __future__ import annotations

import ast
import configparser
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
WORKER_TIMEOUT = 900  # seconds for one notebook prefix on one device

# One job per notebook: the cells to compare, each found by a snippet of its source (exactly one code
# cell must contain it), and expressions evaluated after the last target: the unrounded values behind
# the printed ones, shown side by side when the devices disagree. Every code cell before the last
# target runs too (the targets depend on them). A target may be an ignored cell (NBVAL_IGNORE_OUTPUT)
# whose asserts must still hold: only its success is compared.
JOBS = [
    {"name": "00", "notebook": "00_start_here.ipynb",
     "targets": {
         "17: judge_run verdicts of the first model (low risk, control)": 'print("\\nthis run:", judge_run(losses))',
         "20: test accuracy above 0.9 (low risk, control)": 'print("test accuracy above 0.9:"',
         "27: asserts on the Adam 1.0 run (ignored cell; high risk)": "history_large = model_large.fit(",
     },
     "probes": {
         "initial weights, float64 sum (must be equal)": "float(sum(np.sum(w.astype('float64')) for w in initial_weights))",
         "losses at 1e-3": "[float(v) for v in losses]",
         "Adam 1.0: losses": "[float(v) for v in large['loss']]",
         "Adam 1.0: final val_accuracy, norm ratio, confidence": "[large['val_accuracy'][-1], norms[1] / norms[0], float(confidence)]",
     }},
    {"name": "01", "notebook": "01_learning_rate_too_small_too_large.ipynb",
     "targets": {
         "15: the verdict table of the sweep": 'print(table.rename_axis(index="learning rate", columns=None).to_string())',
         "17: verdict margins (largest rise of SGD 1e-5: 0.99995 < 1)": '"no good or too-small run ever rose"',
         "18: SGD at 10 overflows in epoch 2 (high risk)": "sgd_10 = sweep.loc[",
         "23: verdict at the range test's suggestion": 'print("verdict when training with the suggestion:"',
         "27: the running mean's lag (last step: ratio 0.26 < 0.5)": "ratio_to_batch = helper_frame[\"running_mean\"] / helper_frame[\"loss\"]",
     },
     "probes": {
         "largest rise of every good/too-small run (< 1)": "float(rise[verdict.isin(['good', 'too small'])].max())",
         "SGD at 10: losses per epoch": "[float(v) for v in sgd_10]",
         "range test suggestion": "float(suggestion)",
     }},
    {"name": "02", "notebook": "02_adam_beta1_and_learning_rate_decay.ipynb",
     "targets": {
         "16: ExponentialDecay rates printed with 6 digits (float32 pow, 5 ulps)": "halving_stairs = keras.optimizers.schedules.ExponentialDecay(",
         "18: InverseTimeDecay rates printed with 6 digits (4 ulps)": "keras2_decay = keras.optimizers.schedules.InverseTimeDecay(",
         "20: the rate after 136 steps, 6 digits": 'print(f"learning rate now: {lr_now:.6g}',
         "26: decay methods compared over 3 seeds (ReduceLROnPlateau decisions)": '"in every seed, {claim}: {ok}"',
     },
     "probes": {
         "ExponentialDecay at steps 17 and 51": "[float(halving(17)), float(halving(51))]",
         "InverseTimeDecay at the table's steps": "[float(v) for v in keras3]",
         "final val_loss per seed and method": "val_loss.round(6).to_dict()",
     }},
    {"name": "03", "notebook": "03_cosine_decay_with_restarts.ipynb",
     "targets": {
         "5: restart seen at step 17, val accuracy above 0.9": 'print("the rate jumped back up at step", *restarted_at',
         "12: restarts at [100, 300, 700] (floor(log ratio) exactly on an integer)": 'print("steps where Keras\'s learning rate jumps up: ", jumps_up)',
         "15: peaks per period (same floor)": 'table.round(4)',
         "19: the schedule family at 4 steps, 4 decimals": 'at.pivot(index="schedule", columns="step", values="learning_rate")',
         "27: the eleven findings of the fair comparison (high risk)": 'print("yes" if holds else "NO ", finding)',
     },
     "probes": {
         "CosineDecayRestarts(0.1, 100) around each restart": "[float(keras_schedule(s)) for s in (99, 100, 101, 299, 300, 301, 699, 700, 701)]",
         "cosine restarts (0.3, 17) at steps 50-52": "[float(schedules['cosine restarts'](s)) for s in (50, 51, 52)]",
         "mean final val_loss per schedule": "final['val_loss'].round(6).to_dict()",
         "mean final val_accuracy per schedule": "final['val_accuracy'].round(6).to_dict()",
     }},
    {"name": "04", "notebook": "04_xavier_vs_he_activation_distributions.ipynb",
     "targets": {
         "2: saturated shares per layer, whole percent (low risk, control)": 'share below 0.1 or above 0.9: {saturated:.0%}',
         "24: LecunNormal / GlorotNormal std, 2 decimals (0.8144: low risk, control)": "ratio_of_stds = lecun.std() / glorot_normal.std()",
     },
     "probes": {
         "saturated share per layer": "[float(np.mean((a < 0.1) | (a > 0.9))) for a in outputs]",
     }},
    {"name": "05", "notebook": "05_initialization_at_depth.ipynb",
     "targets": {
         "15: 30- and 10-layer runs against their thresholds (high risk)": 'print(f"30 layers, Glorot: training loss within 0.05 of ln 10',
         "22: Adam runs": 'print("Adam: Glorot ends at least 0.2 below ln 10 in every seed:"',
         "25: the initializer grid's six verdicts over 3 seeds": "for claim, row in table.iterrows():",
         "33: exercise 3's runs at lr 0.01 (high risk)": "runs_fast = dep.depth_experiment(",
     },
     "probes": {
         "final training loss per depth, initializer, seed": "{str(k): [round(float(v), 6) for v in row] for k, row in final.iterrows()}",
         "lr 0.01, He: loss per seed and epoch": "fast_he.round(6).values.tolist()",
     }},
    {"name": "06", "notebook": "06_regularization.ipynb",
     "targets": {
         "7: the unregularized run's curves (low risk, control)": "last, lowest = curves.iloc[-1], curves.loc[curves[\"val_loss\"].idxmin()]",
         "17: L2 shrinks the gap by more than 0.03 (7 images to spare)": "for label in (\"L2 0.003\", \"L2 0.01\"):",
         "32: AdamW 5's gap within 0.02 of L2 0.003's (5 images to spare)": "assert abs(seed0.loc[\"AdamW 5\", \"gap\"] - seed0.loc[\"L2 0.003\", \"gap\"]) < 0.02",
         "40: early stopping, seed 0: epoch 2, stopped after 32 (high risk)": "assert stops.loc[0, \"epoch\"] == 2",
         "41: epochs 6-100, the lowest val_loss (ignored cell, asserts)": "after_5 = none_0.loc[6:, \"val_loss\"].idxmin()",
         "45: the fair comparison's verdicts (high risk)": "regularized = [\"L2 0.003\", \"AdamW 5\", \"dropout 0.5\", \"combined\"]",
     },
     "probes": {
         "none, seed 0: val_loss of epochs 1-20": "[round(float(v), 6) for v in runs[(runs['setting'] == 'none') & (runs['seed'] == 0)]['val_loss'][:20]]",
         "early stopping: restored epoch and epochs trained per seed": "stops[['epoch', 'epochs_trained']].to_dict()",
         "fair comparison: mean val and test accuracy": "summary[['val_accuracy', 'test_accuracy']].round(6).to_dict()",
         "seed 0: gap per setting": "seed0['gap'].round(6).to_dict()",
     }},
]
JOB_IDS = [job["name"] for job in JOBS]

# The cheap job that test_compare_on_cpu_twice runs on both sides: the setup cell and two cells of
# notebook 02 whose printed rates sit 4 to 6 float32 ulps from a rounding boundary.
SELF_TEST_JOB = {"name": "02-schedules", "notebook": "02_adam_beta1_and_learning_rate_decay.ipynb", "only": True,
                 "targets": {name: JOBS[2]["targets"][name] for name in list(JOBS[2]["targets"])[:2]},
                 "probes": {"ExponentialDecay at steps 17 and 51": JOBS[2]["probes"]["ExponentialDecay at steps 17 and 51"]}}


# --------------------------------------------------------------------------------------
# reading the stored notebooks
# --------------------------------------------------------------------------------------

def code_cells(notebook: str) -> list[dict]:
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if c["cell_type"] == "code"]


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def ignored(cell) -> bool:
    return "NBVAL_IGNORE_OUTPUT" in source(cell)


def find_cell(cells: list[dict], snippet: str) -> int:
    """The index (among code cells) of the one cell whose source contains ``snippet``."""
    hits = [i for i, c in enumerate(cells) if snippet in source(c)]
    if len(hits) != 1:
        raise LookupError(f"{len(hits)} code cells contain {snippet!r} (expected exactly 1)")
    return hits[0]


def stored_output(cell) -> str:
    """What nbval compares for a cell, figures aside: its stdout and its text/plain results, in order."""
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream" and out["name"] == "stdout":
            parts.append("".join(out["text"]))
        elif "text/plain" in out.get("data", {}):
            text = "".join(out["data"]["text/plain"])
            if not text.startswith("<Figure"):
                parts.append(text + "\n")
    return "".join(parts)


def sanitize(text: str) -> str:
    """tests/nbval_sanitize.cfg's replacements, as nbval applies them."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(SANITIZE)
    for section in config.sections():
        text = re.sub(config[section]["regex"], config[section]["replace"], text)
    return text


# --------------------------------------------------------------------------------------
# the worker: one notebook on one device, in a fresh process
# --------------------------------------------------------------------------------------

def _run_cell(src: str, namespace: dict) -> str:
    """Execute a cell as a kernel would; return its stdout plus the repr of a last bare expression."""
    tree = ast.parse(src)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(tree, "<cell>", "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
            if value is not None and not repr(value).startswith("<Figure"):  # figures are not compared here
                print(repr(value))
    return buffer.getvalue()


def work(device: str, job: dict) -> dict:
    """Run ``job``'s notebook cells on ``device`` ('GPU' or 'CPU', set up before TensorFlow loads)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    plt.show = lambda *args, **kwargs: plt.close("all")
    pd.set_option("display.max_columns", 20)  # what a Jupyter kernel's DataFrame repr uses
    pd.set_option("display.width", 80)
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if device == "GPU" and not gpus:
        raise RuntimeError("asked for the GPU, but TensorFlow sees none")
    if device == "CPU" and gpus:
        raise RuntimeError("asked for the CPU only, but TensorFlow sees a GPU (CUDA_VISIBLE_DEVICES not honoured)")
    placed = tf.matmul(tf.ones((2, 2)), tf.ones((2, 2))).device  # where ops land by default

    cells = code_cells(job["notebook"])
    targets = {label: find_cell(cells, snippet) for label, snippet in job["targets"].items()}
    last = max(targets.values())
    run = sorted({0, *targets.values()}) if job.get("only") else range(last + 1)
    os.chdir(NOTEBOOKS)
    namespace = {"__name__": "__main__"}
    outputs, errors = {}, {}
    for i in run:
        try:
            outputs[i] = _run_cell(source(cells[i]), namespace)
        except Exception:  # a cell's error is a result to report, as nbval would
            errors[i] = traceback.format_exc(limit=4)
        plt.close("all")
    probes = {}
    for name, expression in job.get("probes", {}).items():
        try:
            probes[name] = repr(eval(expression, namespace))
        except Exception as exc:
            probes[name] = f"(not available: {type(exc).__name__}: {exc})"
    return {"device": device, "placed_on": placed, "tensorflow": tf.__version__,
            "cells": {label: {"index": i, "output": outputs.get(i), "error": errors.get(i)}
                      for label, i in targets.items()},
            "errors_before": {str(i): e for i, e in errors.items() if i not in targets.values()},
            "probes": probes}


def _worker_env(device: str) -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0", PYTHONHASHSEED="0",
               KERAS_BACKEND="tensorflow", MPLBACKEND="Agg")
    if device == "CPU":
        env["CUDA_VISIBLE_DEVICES"] = "-1"
    return env


def run_on(device: str, job: dict) -> dict:
    """Run ``job`` on ``device`` in a fresh Python process (a fresh kernel); return what ``work`` returns."""
    if device not in ("GPU", "CPU"):
        raise ValueError(f"device must be 'GPU' or 'CPU', got {device!r}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        proc = subprocess.run([sys.executable, __file__, "--device", device, "--job", json.dumps(job), "--out", str(out)],
                              env=_worker_env(device), capture_output=True, text=True, timeout=WORKER_TIMEOUT, cwd=ROOT)
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"the {device} worker for {job['name']} failed (exit {proc.returncode}):\n"
                               f"{proc.stderr[-3000:]}")
        return json.loads(out.read_text())


def compare_on(device_a: str, device_b: str, job: dict) -> dict:
    """Run ``job`` on both devices at once (two processes) and return {"a": ..., "b": ..., "problems": [...]}."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        a, b = pool.map(lambda device: run_on(device, job), (device_a, device_b))
    return {"a": a, "b": b, "problems": differences(a, b, job)}


def differences(a: dict, b: dict, job: dict) -> list[str]:
    """What nbval would fail on: an error, a target's output differing between the devices or from the stored one."""
    cells = code_cells(job["notebook"])
    problems = [f"{side['device']}: cell {i} (before the targets) raised:\n{e}"
                for side in (a, b) for i, e in side.get("errors_before", {}).items()]
    for label in job["targets"]:
        ca, cb = a["cells"][label], b["cells"][label]
        for side, c in ((a, ca), (b, cb)):
            if c["error"]:
                problems.append(f"[{label}] raised on the {side['device']}:\n{c['error']}")
        if ca["error"] or cb["error"]:
            continue
        cell = cells[ca["index"]]
        if ignored(cell):
            continue  # output not compared by nbval; it ran without an error on both sides
        got_a, got_b, stored = sanitize(ca["output"]), sanitize(cb["output"]), sanitize(stored_output(cell))
        if got_a != got_b:
            problems.append(f"[{label}] {a['device']} and {b['device']} print different things:\n"
                            f"--- {a['device']}:\n{got_a}--- {b['device']}:\n{got_b}")
        for side, got in ((a, got_a), (b, got_b)):
            if got != stored:
                problems.append(f"[{label}] the {side['device']} output differs from the stored one:\n"
                                f"--- stored:\n{stored}--- {side['device']}:\n{got}")
    return problems


def report(comparison: dict) -> str:
    a, b = comparison["a"], comparison["b"]
    lines = [f"{a['device']} (ops on {a['placed_on']}) vs {b['device']} (ops on {b['placed_on']}), "
             f"TensorFlow {a['tensorflow']}", *comparison["problems"], "unrounded values:"]
    for name in a["probes"]:
        lines.append(f"  {name}:\n    {a['device']}: {a['probes'][name]}\n    {b['device']}: {b['probes'].get(name)}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# the tests
# --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def gpu_available():
    import tensorflow as tf

    if not tf.config.list_physical_devices("GPU"):
        pytest.skip("TensorFlow sees no GPU (tf.config.list_physical_devices('GPU') is empty): the GPU-vs-CPU "
                    "comparison of the compared cells runs only where a GPU exists")
    return True


_COMPARISONS: dict = {}


@pytest.fixture
def gpu_comparison(gpu_available):
    def get(job):
        if job["name"] not in _COMPARISONS:
            _COMPARISONS[job["name"]] = compare_on("GPU", "CPU", job)
        return _COMPARISONS[job["name"]]
    return get


@pytest.mark.parametrize("job", JOBS, ids=JOB_IDS)
def test_gpu_prints_what_the_cpu_and_the_stored_notebook_print(job, gpu_comparison):
    comparison = gpu_comparison(job)
    assert not comparison["problems"], report(comparison)


def test_gpu_draws_the_same_initial_weights(gpu_comparison):
    comparison = gpu_comparison(JOBS[0])
    name = "initial weights, float64 sum (must be equal)"
    a, b = comparison["a"]["probes"][name], comparison["b"]["probes"][name]
    assert a == b, f"the seeded initial weights differ between GPU ({a}) and CPU ({b}): every run starts elsewhere"


def test_compare_on_cpu_twice():
    """The comparison machinery, with the CPU on both sides: the GPU tests' code path, runnable anywhere."""
    comparison = compare_on("CPU", "CPU", SELF_TEST_JOB)
    a, b = comparison["a"], comparison["b"]
    assert a["device"] == b["device"] == "CPU" and "CPU" in a["placed_on"]
    assert set(a["cells"]) == set(SELF_TEST_JOB["targets"]) and all(c["output"] for c in a["cells"].values())
    assert not comparison["problems"], report(comparison)
    assert a["probes"] == b["probes"] and not a["probes"]["ExponentialDecay at steps 17 and 51"].startswith("(not")


def test_differences_names_what_changed():
    """differences() reports an error, a device disagreement and a mismatch with the stored output."""
    job = SELF_TEST_JOB
    cells = code_cells(job["notebook"])
    label = next(iter(job["targets"]))
    stored = stored_output(cells[find_cell(cells, job["targets"][label])])

    def side(device, output, error=None):  # every target as stored, the first one printing `output`
        found = {name: find_cell(cells, snippet) for name, snippet in job["targets"].items()}
        return {"device": device, "placed_on": device, "tensorflow": "x", "probes": {},
                "cells": {name: {"index": i, "output": stored_output(cells[i]), "error": None}
                          for name, i in found.items()} | {
                    label: {"index": found[label], "output": output, "error": error}}}

    assert differences(side("GPU", stored), side("CPU", stored), job) == []
    changed = stored.replace("0.00707107", "0.00707106")
    assert changed != stored, "the self-test cell no longer prints 0.00707107: pick another replacement"
    problems = differences(side("GPU", changed), side("CPU", stored), job)
    assert len(problems) == 2 and "GPU and CPU print different things" in problems[0] and "0.00707106" in problems[0]
    assert "differs from the stored one" in problems[1]
    problems = differences(side("GPU", None, error="Traceback ...\nAssertionError"), side("CPU", stored), job)
    assert problems == [f"[{label}] raised on the GPU:\nTraceback ...\nAssertionError"]


@pytest.mark.parametrize("job", [*JOBS, SELF_TEST_JOB], ids=[*JOB_IDS, "self-test"])
def test_every_target_is_one_code_cell(job):
    """The registry follows the notebooks: each snippet names exactly one code cell, compared unless an ignored
    cell is named as such."""
    cells = code_cells(job["notebook"])
    for label, snippet in job["targets"].items():
        cell = cells[find_cell(cells, snippet)]
        assert ignored(cell) == ("ignored cell" in label), f"{job['name']} [{label}]: NBVAL_IGNORE_OUTPUT changed"


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="run one job of tests/test_gpu.py on one device")
    parser.add_argument("--device", choices=("GPU", "CPU"), required=True)
    parser.add_argument("--job", required=True, help="the job as JSON")
    parser.add_argument("--out", required=True, help="where to write the result as JSON")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    Path(args.out).write_text(json.dumps(work(args.device, json.loads(args.job))))
