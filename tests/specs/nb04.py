"""What 04_xavier_vs_he_activation_distributions.ipynb must show and may claim (see tests/specs/__init__.py).

The notebook trains nothing: its experiments are forward and backward passes at initialization.
Section 1 runs ``ini.activation_experiment(SETTINGS, seed=0, include_input=True)`` (inputs from
``np.random.default_rng(seed)``, layer k seeded ``seed + k``), section 4 the notes' formulas, section 5
a ``tf.GradientTape`` on the tanh network and ``ini.gradient_experiment(GRADIENT_SETTINGS, seed=0,
y=labels)`` (labels from ``np.random.default_rng(seed + 1)``). The checks re-run them with each seed,
once per seed for all the claims about them (cached).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from . import Case, Claim, ExerciseCases

NOTEBOOK = "04_xavier_vs_he_activation_distributions.ipynb"

KERAS_LINES = [
    "model = keras.Sequential(",
    "keras.Input(shape=(100,))",
    "model.add(keras.layers.Dense(",
    '100, activation="sigmoid", use_bias=False,',
    "kernel_initializer=keras.initializers.RandomNormal(stddev=1.0, seed=k)",
    "probe = keras.Model(inputs=model.inputs[0], outputs=[layer.output for layer in model.layers])",
    "outputs = probe.predict(x, verbose=0)",
    "layer.get_weights()[0]",
    "w = np.asarray(hidden.kernel)",
    "keras.ops.matmul(h, layer.kernel)",
    "with tf.GradientTape() as tape:",
    "dz, dw = tape.gradient(loss, [z, [layer.kernel for layer in hidden_layers]])",
    "shared = keras.initializers.GlorotUniform()  # one object, no seed",
    '[keras.layers.Dense(100, kernel_initializer=shared) for _ in range(3)]',
    '[keras.layers.Dense(100, kernel_initializer="glorot_uniform") for _ in range(3)]',
    'XAVIER = keras.initializers.VarianceScaling(scale=1.0, mode="fan_in", distribution="untruncated_normal")',
    "keras.Input(shape=(784,))",
    'keras.layers.Dense(256, activation="relu", kernel_initializer="he_normal")',
    "he = keras.initializers.HeNormal(seed=0)",
    "he_written_out = keras.initializers.VarianceScaling(",
    'scale=2.0, mode="fan_in", distribution="truncated_normal", seed=0)',
    "glorot = keras.initializers.GlorotUniform(seed=0)",
    "keras.initializers.LecunNormal(seed=0)(shape)",
    'keras.layers.Dense(32, activation="relu", kernal_initializer="he_uniform")',
    'keras.initializers.get("glrot_uniform")',
]

# the experiments' code in the notebook (a claim's ``code``: change the experiment, and the claim must follow)
N = "n = 100  # inputs per layer (fan-in), in every layer of this experiment"
XAVIER = 'XAVIER = keras.initializers.VarianceScaling(scale=1.0, mode="fan_in", distribution="untruncated_normal")'
HE = 'HE = keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", distribution="untruncated_normal")'
LINES = {
    "sigmoid, std 1": '"sigmoid, std 1": ("sigmoid", keras.initializers.RandomNormal(stddev=1.0)),',
    "sigmoid, std 0.01": '"sigmoid, std 0.01": ("sigmoid", keras.initializers.RandomNormal(stddev=0.01)),',
    "sigmoid, Xavier": '"sigmoid, Xavier": ("sigmoid", XAVIER),',
    "tanh, standard": ('"tanh, standard": ("tanh", keras.initializers.RandomUniform(minval=-1 / math.sqrt(n), '
                       'maxval=1 / math.sqrt(n))),'),
    "tanh, normalized": '"tanh, normalized": ("tanh", keras.initializers.GlorotUniform()),',
    "ReLU, std 0.01": '"ReLU, std 0.01": ("relu", keras.initializers.RandomNormal(stddev=0.01)),',
    "ReLU, Xavier": '"ReLU, Xavier": ("relu", XAVIER),',
    "ReLU, He": '"ReLU, He": ("relu", HE),',
}
RUN = "values = ini.activation_experiment(SETTINGS, seed=0, include_input=True)  # layer 0: the inputs"
NOTES_RUN = "ini.layer_stats(ini.activation_experiment(NOTES, seed=0))"
NOTES_LINES = {
    "sigmoid, notes' Xavier": '"sigmoid, notes\' Xavier": ("sigmoid", keras.initializers.RandomNormal(stddev=1 / n**-2)),',
    "sigmoid, notes' He": '"sigmoid, notes\' He": ("sigmoid", keras.initializers.RandomNormal(stddev=2 / n**2)),',
    "ReLU, notes' Xavier": '"ReLU, notes\' Xavier": ("relu", keras.initializers.RandomNormal(stddev=1 / n**-2)),',
    "ReLU, notes' He": '"ReLU, notes\' He": ("relu", keras.initializers.RandomNormal(stddev=2 / n**2)),',
}
GRAD_RUN = "grads = ini.gradient_experiment(GRADIENT_SETTINGS, seed=0, y=labels)"
LABELS = "labels = np.random.default_rng(1).integers(0, 10, size=len(x))  # random labels for the 1000 inputs"
TAPE = ("return keras.initializers.RandomUniform(minval=-1 / math.sqrt(n), maxval=1 / math.sqrt(n), seed=k)",
        "dz, dw = tape.gradient(loss, [z, [layer.kernel for layer in hidden_layers]])", LABELS)
BIG = '"sigmoid", keras.initializers.VarianceScaling(scale=16.0, mode="fan_in", distribution="untruncated_normal"))'


def code(*settings, run=RUN):
    return (N, *(LINES[s] for s in settings), run)


# --------------------------------------------------------------------------------------
# the experiments, cached so that several claims share one run per seed
# --------------------------------------------------------------------------------------

def _settings() -> dict:
    import keras

    n = 100
    xavier = keras.initializers.VarianceScaling(scale=1.0, mode="fan_in", distribution="untruncated_normal")
    he = keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", distribution="untruncated_normal")
    return {
        "sigmoid, std 1": ("sigmoid", keras.initializers.RandomNormal(stddev=1.0)),
        "sigmoid, std 0.01": ("sigmoid", keras.initializers.RandomNormal(stddev=0.01)),
        "sigmoid, Xavier": ("sigmoid", xavier),
        "tanh, standard": ("tanh", keras.initializers.RandomUniform(minval=-1 / math.sqrt(n), maxval=1 / math.sqrt(n))),
        "tanh, normalized": ("tanh", keras.initializers.GlorotUniform()),
        "ReLU, std 0.01": ("relu", keras.initializers.RandomNormal(stddev=0.01)),
        "ReLU, Xavier": ("relu", xavier),
        "ReLU, He": ("relu", he),
        "sigmoid, 4 x Xavier": ("sigmoid", keras.initializers.VarianceScaling(scale=16.0, mode="fan_in",
                                                                            distribution="untruncated_normal")),
        "sigmoid, notes' Xavier": ("sigmoid", keras.initializers.RandomNormal(stddev=1 / n**-2)),
        "sigmoid, notes' He": ("sigmoid", keras.initializers.RandomNormal(stddev=2 / n**2)),
        "ReLU, notes' Xavier": ("relu", keras.initializers.RandomNormal(stddev=1 / n**-2)),
        "ReLU, notes' He": ("relu", keras.initializers.RandomNormal(stddev=2 / n**2)),
    }


MAIN = ["sigmoid, std 1", "sigmoid, std 0.01", "sigmoid, Xavier", "tanh, standard", "tanh, normalized",
        "ReLU, std 0.01", "ReLU, Xavier", "ReLU, He"]
NOTES = ["sigmoid, notes' Xavier", "sigmoid, notes' He", "ReLU, notes' Xavier", "ReLU, notes' He"]
GRADIENTS = ["tanh, standard", "tanh, normalized", "sigmoid, Xavier", "ReLU, Xavier", "ReLU, He", "sigmoid, 4 x Xavier"]


@functools.cache
def _main(seed: int):
    """Section 1's experiment: its layer_stats (indexed (setting, layer)) and, for two settings, the notebook's
    per_unit_std: each unit's std across the 1000 inputs, averaged over the units, layers 1-5."""
    from course_utils import initialization as ini

    values = ini.activation_experiment({k: _settings()[k] for k in MAIN}, seed=seed, include_input=True)
    units = {}
    for setting in ("sigmoid, Xavier", "ReLU, He"):
        part = values[values["setting"] == setting]
        units[setting] = np.array([part.loc[part["layer"] == k, "value"].to_numpy().reshape(1000, -1).std(axis=0).mean()
                                   for k in range(1, 6)])
    return ini.layer_stats(values).set_index(["setting", "layer"]), units


def _unit_std(seed, setting) -> np.ndarray:
    return _main(seed)[1][setting]


def _labels(seed) -> np.ndarray:
    return np.random.default_rng(seed + 1).integers(0, 10, size=1000)


@functools.cache
def _stats(seed: int, which: str):
    """layer_stats of the notebook's experiments, indexed (setting, layer)."""
    from course_utils import initialization as ini

    settings = _settings()
    if which == "main":
        return _main(seed)[0]
    if which == "notes":
        values = ini.activation_experiment({k: settings[k] for k in NOTES}, seed=seed)
    elif which == "big sigmoid":
        values = ini.activation_experiment({k: settings[k] for k in ["sigmoid, 4 x Xavier"]}, seed=seed)
    else:
        values = ini.gradient_experiment({k: settings[k] for k in GRADIENTS}, seed=seed, y=_labels(seed))
    return ini.layer_stats(values).set_index(["setting", "layer"])


def _column(seed, which, setting, column) -> np.ndarray:
    """One statistic of one setting, layers 1..5 (layer 0, the input, left out)."""
    part = _stats(seed, which).loc[setting, column]
    return part[part.index > 0].to_numpy()


def _growth(seed, setting) -> np.ndarray:
    """Gradient std per layer relative to layer 1."""
    g = _column(seed, "gradients", setting, "std")
    return g / g[0]


@functools.cache
def _sums(seed: int, setting: str):
    """(std of the weighted sums z, std of the outputs h, E[x^2] of each layer's input) for layers 1..5."""
    from course_utils import build_mlp
    from course_utils.initialization import _NUMPY_ACTIVATIONS, dense_layers, make_initializer

    activation, init = _settings()[setting]
    model = build_mlp(100, depth=5, width=100, activation=activation, use_bias=False,
                      kernel_initializer=make_initializer(init), n_classes=10, seed=seed)
    h = np.random.default_rng(seed).standard_normal((1000, 100))
    z_std, h_std, in_ms = [], [], []
    for layer in dense_layers(model)[:-1]:
        in_ms.append(float(np.mean(h ** 2)))
        z = h @ np.asarray(layer.kernel, dtype=np.float64)
        h = _NUMPY_ACTIVATIONS[activation](z)
        z_std.append(float(z.std()))
        h_std.append(float(h.std()))
    return np.array(z_std), np.array(h_std), np.array(in_ms), z


# --------------------------------------------------------------------------------------
# the checks
# --------------------------------------------------------------------------------------

def _std1_saturates(seed):
    assert (_column(seed, "main", "sigmoid, std 1", "saturated") > 0.6).all()


def _large_sums(seed):
    z_std = _sums(seed, "sigmoid, std 1")[0]
    assert 9 < z_std[0] < 11, z_std


def _collapse(seed):
    std, mean = (_column(seed, "main", "sigmoid, std 0.01", c) for c in ("std", "mean"))
    assert std[-1] < 0.02 and abs(mean[-1] - 0.5) < 0.01, (std, mean)


def _constant(seed):
    _collapse(seed)
    assert _column(seed, "main", "ReLU, std 0.01", "std")[-1] < 1e-4


def _too_large_too_small(seed):
    _std1_saturates(seed)
    _constant(seed)


def _probe(seed):
    """Section 1's five sigmoid layers (RandomNormal(1.0), one seed per layer) and its probe's outputs."""
    import keras

    x = np.random.default_rng(seed).standard_normal((1000, 100)).astype("float32")
    model = keras.Sequential([keras.Input(shape=(100,))] + [
        keras.layers.Dense(100, activation="sigmoid", use_bias=False,
                           kernel_initializer=keras.initializers.RandomNormal(stddev=1.0, seed=seed + k))
        for k in range(1, 6)])
    probe = keras.Model(inputs=model.inputs[0], outputs=[layer.output for layer in model.layers])
    return x, model, probe.predict(x, verbose=0)


def _same_as_probe(seed):
    from course_utils import initialization as ini

    x, model, outputs = _probe(seed)
    values = ini.activation_experiment({"s": _settings()["sigmoid, std 1"]}, seed=seed)
    for k, a in enumerate(outputs, start=1):
        assert np.allclose(values.loc[values["layer"] == k, "value"].to_numpy(), a.ravel(), rtol=1e-5, atol=1e-6)
    kernels = [layer.get_weights()[0] for layer in model.layers]
    reference = ini.numpy_forward(x, kernels, activation="sigmoid")
    assert all(np.allclose(a, ref, rtol=1e-4, atol=1e-5) for a, ref in zip(outputs, reference))


def _xavier_sigmoid_spread(seed):
    assert (_column(seed, "main", "sigmoid, Xavier", "saturated") < 0.05).all()
    assert (_column(seed, "main", "sigmoid, Xavier", "std") > 0.1).all()


def _standard_collapses(seed):
    std = _column(seed, "main", "tanh, standard", "std")
    assert 7 < std[0] / std[-1] < 14, std
    assert _column(seed, "main", "tanh, standard", "near_zero")[-1] > 0.5


def _standard_third(seed):
    import keras

    n = 100
    w = np.asarray(keras.initializers.RandomUniform(minval=-1 / math.sqrt(n), maxval=1 / math.sqrt(n), seed=seed)((n, n)))
    assert abs(n * w.var() / (1 / 3) - 1) < 0.03


def _normalized_halves(seed):
    std = _column(seed, "main", "tanh, normalized", "std")
    assert 0.4 < std[-1] / std[0] < 0.65, std


def _contractive(seed):
    z_std, h_std, in_ms, _ = _sums(seed, "tanh, normalized")
    assert (h_std < z_std).all()
    assert (np.abs(z_std ** 2 / in_ms - 1) < 0.15).all(), z_std ** 2 / in_ms


def _tanh_falls_less_and_less(seed):
    ratio = _column(seed, "main", "tanh, normalized", "ms_ratio")
    assert (ratio < 1).all() and (np.diff(ratio) > 0).all(), ratio


def _overflow_soon(seed):
    relu_x = _column(seed, "notes", "ReLU, notes' Xavier", "std")
    assert relu_x[-1] * np.exp(np.diff(np.log(relu_x)).mean()) ** 4 > np.finfo(np.float32).max
    _overflow(seed)


def _drift_not_collapse(seed):
    _standard_collapses(seed)
    _normalized_halves(seed)


def _half_zero(seed):
    for setting in ("ReLU, Xavier", "ReLU, He"):
        assert ((_column(seed, "main", setting, "zero") > 0.4) & (_column(seed, "main", setting, "zero") < 0.6)).all()


def _fades(seed):
    std = _column(seed, "main", "ReLU, std 0.01", "std")
    assert (np.diff(std) < 0).all() and std[-1] < 1e-4, std


def _xavier_shrinks_he_keeps(seed):
    assert (np.diff(_column(seed, "main", "ReLU, Xavier", "std")) < 0).all()
    he = _column(seed, "main", "ReLU, He", "std")
    assert (he / he[0] > 0.7).all() and (he / he[0] < 1.4).all(), he


def _orders_of_magnitude(seed):
    ms = {s: _column(seed, "main", s, "mean_sq")[-1] for s in ("ReLU, He", "ReLU, Xavier", "ReLU, std 0.01")}
    assert ms["ReLU, He"] > 10 * ms["ReLU, Xavier"] > 1e7 * ms["ReLU, std 0.01"], ms


def _relu_ratio(seed):
    n = 100
    for setting, predicted in (("ReLU, He", 0.5 * n * 2 / n), ("ReLU, Xavier", 0.5 * n / n), ("ReLU, std 0.01", 0.5 * n * 1e-4)):
        ratio = _column(seed, "main", setting, "ms_ratio")
        assert abs(np.exp(np.log(ratio).mean()) / predicted - 1) < 0.15, (setting, ratio)


def _var_y(seed):
    _relu_ratio(seed)
    z_std, _, in_ms, _ = _sums(seed, "tanh, normalized")  # n Var[w] = 1 on square layers: Var[y] = E[x^2]
    assert (np.abs(z_std ** 2 / in_ms - 1) < 0.15).all()


def _xavier_halves(seed):
    ratio = _column(seed, "main", "ReLU, Xavier", "ms_ratio")
    assert 0.42 < np.exp(np.log(ratio).mean()) < 0.59 and ((ratio > 0.35) & (ratio < 0.7)).all(), ratio


def _sigmoid_mechanism(seed):
    z_std, h_std, in_ms, _ = _sums(seed, "sigmoid, Xavier")
    assert ((z_std[1:] > 0.4) & (z_std[1:] < 0.65)).all(), z_std  # layers 2-5: sums spread by the 0.5 mean
    assert ((h_std / z_std > 0.18) & (h_std / z_std < 0.26)).all(), h_std / z_std


def _sigmoid_steady(seed):
    std = _column(seed, "main", "sigmoid, Xavier", "std")[1:]
    assert (np.abs(std / math.sqrt(1 / 60) - 1) < 0.15).all(), std


def _mean_not_linearity(seed):
    _sigmoid_mechanism(seed)
    mean, ms = (_column(seed, "main", "sigmoid, Xavier", c)[1:] for c in ("mean", "mean_sq"))  # layers 2-5
    assert (np.abs(mean - 0.5) < 0.03).all() and (mean ** 2 / ms > 0.9).all(), (mean, ms)


def _variance_scaling_family(_):
    import keras

    table = {"LecunNormal": (1.0, "fan_in"), "LecunUniform": (1.0, "fan_in"), "GlorotNormal": (1.0, "fan_avg"),
             "GlorotUniform": (1.0, "fan_avg"), "HeNormal": (2.0, "fan_in"), "HeUniform": (2.0, "fan_in")}
    for name, (scale, mode) in table.items():
        init = getattr(keras.initializers, name)()
        assert isinstance(init, keras.initializers.VarianceScaling)
        assert (init.scale, init.mode) == (scale, mode)
        assert init.distribution == ("truncated_normal" if name.endswith("Normal") else "uniform")




def _truncation(seed):
    import keras
    from scipy import stats

    assert abs(stats.truncnorm(-2, 2).std() - 0.8796) < 1e-4
    for name, std in (("HeNormal", math.sqrt(2 / 784)), ("GlorotNormal", math.sqrt(2 / 1040)),
                      ("LecunNormal", math.sqrt(1 / 784))):
        w = np.asarray(getattr(keras.initializers, name)(seed=seed)((784, 256)))
        assert abs(w.std() / std - 1) < 0.02 and np.abs(w).max() <= 2 * std / 0.8796 * (1 + 1e-6)


def _uniform_limit(seed):
    import keras

    w = np.asarray(keras.initializers.HeUniform(seed=seed)((784, 256)))
    limit = math.sqrt(3 * 2 / 784)
    assert 0.999 * limit < np.abs(w).max() <= limit * (1 + 1e-6)


def _lecun_is_book_xavier(seed):
    import keras

    square = [np.asarray(getattr(keras.initializers, c)(seed=seed)((100, 100))) for c in ("LecunNormal", "GlorotNormal")]
    assert np.array_equal(*square)
    lecun, glorot = (np.asarray(getattr(keras.initializers, c)(seed=seed)((784, 256))) for c in ("LecunNormal", "GlorotNormal"))
    assert abs(lecun.std() / glorot.std() - math.sqrt(520 / 784)) < 0.01
    assert abs(lecun.std() * math.sqrt(784) - 1) < 0.02


def _typos(_):
    import keras

    assert type(keras.layers.Dense(32).kernel_initializer).__name__ == "GlorotUniform"
    assert type(keras.layers.Dense(32).bias_initializer).__name__ == "Zeros"
    for broken in (lambda: keras.layers.Dense(32, kernal_initializer="he_uniform"),
                   lambda: keras.initializers.get("glrot_uniform")):
        try:
            broken()
        except ValueError as exc:
            assert "kernal_initializer" in str(exc) or "glrot_uniform" in str(exc)
            continue
        raise AssertionError("a typo of the notes works")


def _eight_names(_):
    import keras

    from course_utils.initialization import NOTES_INITIALIZERS

    for name in NOTES_INITIALIZERS:
        assert isinstance(keras.initializers.get(name), keras.initializers.Initializer), name


def _fixed_std(_):
    import keras

    uniform, normal, zero = (keras.initializers.get(n) for n in ("uniform", "normal", "zero"))
    assert (uniform.minval, uniform.maxval) == (-0.05, 0.05) and (normal.mean, normal.stddev) == (0.0, 0.05)
    assert not np.asarray(zero((30, 20))).any() and 784 * 256 == 200_704




def _notes_formulas(_):
    n = 100
    assert 1 / n**-2 == n**2 and 2 / n**2 < 1 / math.sqrt(n) / 100
    assert 0.5 * n * (10**4) ** 2 == 5e9 and math.isclose(0.5 * n * (2e-4) ** 2, 2e-6)


def _notes_explode_vanish(seed):
    relu_x = _column(seed, "notes", "ReLU, notes' Xavier", "std")
    growth = float(np.exp(np.diff(np.log(relu_x)).mean()))
    assert 5e4 < growth < 1e5 and relu_x[-1] > 1e20, (growth, relu_x)
    assert _column(seed, "notes", "ReLU, notes' He", "std")[-1] < 1e-12


def _overflow(seed):
    import keras

    from course_utils import build_mlp

    assert math.isclose(float(np.finfo(np.float32).max), 3.4e38, rel_tol=0.01)
    model = build_mlp(100, depth=10, width=100, use_bias=False, activation="relu",
                      kernel_initializer=_settings()["ReLU, notes' Xavier"][1], seed=seed)
    x = np.random.default_rng(seed).standard_normal((100, 100)).astype("float32")
    probs = model(x)
    loss = keras.losses.sparse_categorical_crossentropy(np.zeros(100, int), probs)
    assert np.isnan(np.asarray(probs)).any() and np.isnan(np.asarray(loss)).any()


def _notes_sigmoid(seed):
    assert (_column(seed, "notes", "sigmoid, notes' Xavier", "saturated") > 0.99).all()


def _notes_he_shrinks(seed):
    assert _column(seed, "notes", "ReLU, notes' He", "std")[-1] < 1e-12
    std, mean = (_column(seed, "notes", "sigmoid, notes' He", c) for c in ("std", "mean"))
    assert std[-1] < 1e-3 and abs(mean[-1] - 0.5) < 1e-3


def _standard_gradients(seed):
    assert 10 < _growth(seed, "tanh, standard")[-1] < 14


def _four_times(_):
    import keras

    a, b = (np.asarray(keras.initializers.VarianceScaling(scale=s, mode="fan_in", distribution="untruncated_normal",
                                                          seed=0)((100, 100))) for s in (16.0, 1.0))
    assert np.allclose(a, 4 * b, rtol=1e-5)
    assert math.isclose(0.5 * (1 - math.tanh(0) ** 2) * 0.5, 1 / 4)  # sigmoid'(0) = (1/4) tanh'(0)


def _he_gradients_flat(seed):
    g = _growth(seed, "ReLU, He")
    assert ((g > 0.5) & (g < 2)).all(), g


def _xavier_gradients(seed):
    assert 3 < _growth(seed, "ReLU, Xavier")[-1] < 6


def _tanh_gradients(seed):
    assert 2 < _growth(seed, "tanh, normalized")[-1] < 3
    _standard_gradients(seed)


def _sigmoid_gradients(seed):
    g = _growth(seed, "sigmoid, Xavier")
    assert g[-1] > 100, g


def _quarter(seed):
    _sigmoid_gradients(seed)
    steps = np.diff(np.log(_growth(seed, "sigmoid, Xavier")))
    assert ((np.exp(steps) > 3.5) & (np.exp(steps) < 5.5)).all(), np.exp(steps)


def _four_x(seed):
    assert 5 < _growth(seed, "sigmoid, 4 x Xavier")[-1] < 12
    assert (_column(seed, "big sigmoid", "sigmoid, 4 x Xavier", "saturated") > 1 / 3).all()




def _slopes(_):
    eps = 1e-6
    assert math.isclose(math.tanh(eps) / eps, 1, rel_tol=1e-6)
    assert math.isclose((1 / (1 + math.exp(-eps)) - 0.5) / eps, 0.25, rel_tol=1e-6)


def _the_rule(seed):
    _normalized_halves(seed)
    _xavier_shrinks_he_keeps(seed)
    _he_gradients_flat(seed)
    _xavier_halves(seed)
    _sigmoid_gradients(seed)


def _shared_x(_):
    import pandas as pd

    from course_utils import initialization as ini

    values = pd.DataFrame({"setting": ["narrow"] * 20 + ["wide"] * 20, "layer": [1, 2] * 20,
                           "value": np.r_[np.linspace(-1, 1, 20), np.linspace(-9, 9, 20)]})
    axes = ini.plot_layer_histograms(values, activations=False, share_x=True)
    assert len({ax.get_xlim() for ax in axes.ravel()}) == 1


def _solutions(_):
    import keras

    w = np.asarray(keras.initializers.GlorotUniform(seed=0)((256, 128)))
    assert abs(w.std() / math.sqrt(2 / (256 + 128)) - 1) < 0.02
    assert math.isclose(0.5 * 100 * 0.01**2, 1 / 200)
    lecun = keras.initializers.LecunNormal()
    assert (lecun.scale, lecun.mode, lecun.distribution) == (1.0, "fan_in", "truncated_normal")


def _captured(seed):
    """capture_activations on the probe's model gives the probe's numbers."""
    from course_utils import initialization as ini

    x, model, outputs = _probe(seed)
    captured = ini.capture_activations(model, x)
    for k, a in enumerate(outputs, start=1):
        assert np.allclose(captured.loc[captured["layer"] == k, "value"], a.ravel(), rtol=1e-5, atol=1e-6)


def _unit_steps(seed):
    u = _unit_std(seed, "sigmoid, Xavier")
    step = u[:-1] / u[1:]
    assert ((step > 3.5) & (step < 5)).all() and u[0] / u[-1] > 100, (u, step)


def _offset_not_signal(seed):
    _xavier_sigmoid_spread(seed)
    _unit_steps(seed)
    pooled = _column(seed, "main", "sigmoid, Xavier", "std")
    unit = _unit_std(seed, "sigmoid, Xavier")
    assert (pooled[1:] > 2 * unit[1:]).all() and pooled[-1] > 100 * unit[-1], (pooled, unit)  # across units


def _narrower_than_a_bar(seed):
    assert (_unit_std(seed, "sigmoid, Xavier")[2:] < 1 / 30).all()  # 30 bins on [0, 1]


def _same_loss_forward_and_back(seed):
    _unit_steps(seed)
    _quarter(seed)


def _he_units_halve(seed):
    u = _unit_std(seed, "ReLU, He")
    assert 0.4 < u[-1] / u[0] < 0.6, u
    _xavier_shrinks_he_keeps(seed)
    assert _unit_std(seed, "sigmoid, Xavier")[0] / _unit_std(seed, "sigmoid, Xavier")[-1] > 10 * u[0] / u[-1]


def _narrower_by(seed):
    z_std, h_std, in_ms, _ = _sums(seed, "tanh, normalized")
    ratio = h_std / z_std
    assert 0.6 < ratio[0] < 0.7 and 0.87 < ratio[-1] < 0.93 and (np.diff(ratio) > 0).all(), ratio
    assert (np.abs(z_std ** 2 / in_ms - 1) < 0.15).all()


def _quarter_forward(seed):
    step = _unit_std(seed, "sigmoid, Xavier")[:-1] / _unit_std(seed, "sigmoid, Xavier")[1:]
    assert ((1 / step > 0.2) & (1 / step < 0.29)).all(), 1 / step
    _sigmoid_steady(seed)


@functools.cache
def _tape(seed: int):
    """The notebook's GradientTape cell for seed: std of dL/dz and dL/dW per layer, relative to layer 1."""
    import keras
    import tensorflow as tf

    n = 100
    x = np.random.default_rng(seed).standard_normal((1000, 100)).astype("float32")

    def standard(k):
        return keras.initializers.RandomUniform(minval=-1 / math.sqrt(n), maxval=1 / math.sqrt(n), seed=seed + k)

    net = keras.Sequential(
        [keras.Input(shape=(100,))]
        + [keras.layers.Dense(100, activation="tanh", use_bias=False, kernel_initializer=standard(k)) for k in range(1, 6)]
        + [keras.layers.Dense(10, activation="softmax", use_bias=False, kernel_initializer=standard(6))])
    hidden_layers = net.layers[:-1]
    with tf.GradientTape() as tape:
        h, z = x, []
        for layer in hidden_layers:
            z.append(keras.ops.matmul(h, layer.kernel))
            h = layer.activation(z[-1])
        loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(_labels(seed), net.layers[-1](h)))
    dz, dw = tape.gradient(loss, [z, [layer.kernel for layer in hidden_layers]])
    dz, dw = np.array([np.std(g) for g in dz]), np.array([np.std(g) for g in dw])
    return dz / dz[0], dw / dw[0]


def _tape_dz(seed):
    dz, _ = _tape(seed)
    assert 10 < dz[-1] < 14, dz
    assert np.allclose(dz, _growth(seed, "tanh, standard"), rtol=1e-3)  # the helper's numbers


def _tape_dw(seed):
    _, dw = _tape(seed)
    assert ((dw > 0.8) & (dw < 1.2)).all(), dw
    assert (_column(seed, "main", "tanh, standard", "mean_sq")[:-1] > _column(seed, "main", "tanh, standard",
                                                                                "mean_sq")[1:]).all()


def _compounds(seed):
    dz, _ = _tape(seed)
    assert (dz[1:] / dz[:-1] > 1.5).all(), dz
    g = _growth(seed, "ReLU, Xavier")
    assert (g[1:] / g[:-1] > 1.1).all(), g


def _seed_same(seed):
    import keras

    a, b = (np.asarray(keras.initializers.HeNormal(seed=seed)((50, 40))) for _ in range(2))
    assert np.array_equal(a, b)


def _unseeded_same(seed):
    import keras

    keras.utils.set_random_seed(seed)
    init = keras.initializers.GlorotUniform()
    assert np.array_equal(np.asarray(init((30, 20))), np.asarray(init((30, 20))))


def _shared_object(seed):
    import keras

    keras.utils.set_random_seed(seed)
    shared = keras.initializers.GlorotUniform()
    net = keras.Sequential([keras.Input(shape=(100,))]
                           + [keras.layers.Dense(100, kernel_initializer=shared) for _ in range(3)])
    k1, k2, k3 = (np.asarray(layer.kernel) for layer in net.layers)
    assert np.array_equal(k1, k2) and np.array_equal(k2, k3)


def _by_name(seed):
    import keras

    keras.utils.set_random_seed(seed)
    net = keras.Sequential([keras.Input(shape=(100,))]
                           + [keras.layers.Dense(100, kernel_initializer="glorot_uniform") for _ in range(3)])
    k1, k2, k3 = (np.asarray(layer.kernel) for layer in net.layers)
    assert not np.array_equal(k1, k2) and not np.array_equal(k2, k3) and not np.array_equal(k1, k3)


def _shared_trap(seed):
    _unseeded_same(seed)
    _shared_object(seed)
    _by_name(seed)


def _sigmoid_std_max(seed):
    v = np.r_[np.zeros(50), np.ones(50)]
    assert v.std() == 0.5 and np.random.default_rng(seed).uniform(0, 1, 1000).std() < 0.5
    assert (_column(seed, "notes", "sigmoid, notes' Xavier", "std") > 0.49).all()


def _neither_close(seed):
    _sigmoid_gradients(seed)
    _four_x(seed)
    g_tanh, g_he = _growth(seed, "tanh, normalized")[-1], _growth(seed, "ReLU, He")[-1]
    assert 2 < g_tanh < 3 and 0.5 < g_he < 2
    assert _growth(seed, "sigmoid, 4 x Xavier")[-1] > 2 * g_tanh


def _covers_99(seed):
    import matplotlib.pyplot as plt

    from course_utils import initialization as ini

    grads = ini.gradient_experiment({k: _settings()[k] for k in ("tanh, standard", "tanh, normalized")}, seed=seed,
                                    y=_labels(seed))
    grads = grads.assign(value=grads["value"] * 1e4)
    axes = ini.plot_layer_histograms(grads, activations=False, share_x=True)
    lo, hi = axes[0, 0].get_xlim()
    plt.close(axes[0, 0].figure)
    inside = grads.groupby(["setting", "layer"], observed=True)["value"].apply(lambda v: v.between(lo, hi).mean())
    assert (inside >= 0.99).all(), inside


def _sixteen(_):
    import keras

    a, b = (np.asarray(keras.initializers.VarianceScaling(scale=s, mode="fan_avg", distribution="uniform",
                                                          seed=0)((784, 256))) for s in (16.0, 1.0))
    assert np.allclose(a, 4 * b, rtol=1e-5)
    assert math.isclose(math.sqrt(3 * 16 / ((784 + 256) / 2)), 4 * math.sqrt(6 / (784 + 256)))


def _normal_fades(_):
    assert math.isclose(0.5 * 256 * 0.05 ** 2, 0.32) and 0.5 * 100 * 0.01 ** 2 < 0.32 < 1


CLAIMS = [
    # introduction
    Claim("Too large, and sigmoid units stick at 0 or 1; too small, and every layer's output shrinks towards a "
          "constant.", _too_large_too_small, code=code("sigmoid, std 1", "sigmoid, std 0.01", "ReLU, std 0.01")),
    # section 1
    Claim("Most of the values sit near 0 or 1, in every layer.", _std1_saturates,
          code=("kernel_initializer=keras.initializers.RandomNormal(stddev=1.0, seed=k))",
                "outputs = probe.predict(x, verbose=0)")),
    Claim("`ini.capture_activations(model, x)` gives the same numbers in one call", _captured,
          code=("captured = ini.capture_activations(model, x)",)),
    Claim('so its "sigmoid, std 1" rows are the values above', _same_as_probe, code=code("sigmoid, std 1")),
    Claim("the weighted sums are large (their std is `sqrt(100) = 10` in layer 1), so the sigmoid's outputs pile "
          "up near 0 and 1", lambda s: (_large_sums(s), _std1_saturates(s)), code=code("sigmoid, std 1")),
    Claim("the sums are tiny, every unit outputs about 0.5", _collapse,
          code=code("sigmoid, std 0.01")),
    Claim("a spread in every layer, and hardly a value saturated", _xavier_sigmoid_spread,
          code=(XAVIER, *code("sigmoid, Xavier"))),
    Claim("But the spread is across units, not across inputs: the mean of `0.5` gives each unit a fixed offset, while "
          "the part of its output that depends on the input shrinks about 4-fold per layer, over 100-fold from layer 1 "
          "to layer 5", _offset_not_signal, code=(XAVIER, *code("sigmoid, Xavier"), 'unit_std = per_unit_std("sigmoid, Xavier")')),
    Claim("From layer 3 on, each unit's own spread is narrower than one bar", _narrower_than_a_bar,
          code=(XAVIER, *code("sigmoid, Xavier"))),
    Claim("section 5 finds the same 4-fold loss per layer in the gradients", _same_loss_forward_and_back,
          code=(XAVIER, GRAD_RUN)),
    Claim("the std falls about 10-fold from layer 1 to layer 5 and most values end up near 0", _standard_collapses,
          code=code("tanh, standard")),
    Claim("Its `n Var[w] = 1/3` is a third of what keeps a layer steady", _standard_third, code=code("tanh, standard")),
    Claim("With the normalized initialization the spread shrinks too, but slowly: the std about halves from layer 1 "
          "to layer 5.", _normalized_halves, code=code("tanh, normalized")),
    Claim("so each layer's output is narrower than its weighted sums, even when the weights keep the sums as wide as "
          "the layer's input", _contractive, code=code("tanh, normalized")),
    Claim("a slow drift instead of a collapse", _drift_not_collapse, code=code("tanh, standard", "tanh, normalized")),
    Claim("ReLU outputs exactly 0 for every negative input, about half of all values", _half_zero,
          code=(XAVIER, HE, *code("ReLU, Xavier", "ReLU, He"))),
    Claim("With std `0.01` the signal fades in every layer until almost nothing is left.", _fades,
          code=code("ReLU, std 0.01")),
    Claim("With Xavier it shrinks in every layer; with He it keeps its spread.", _xavier_shrinks_he_keeps,
          code=(XAVIER, HE, *code("ReLU, Xavier", "ReLU, He"))),
    Claim("each unit's own spread across the inputs still about halves from layer 1 to layer 5 with He, as part of "
          "the spread becomes a fixed offset per unit (as with the sigmoid, only far more slowly)", _he_units_halve,
          code=(HE, *code("ReLU, He"), 'he_unit_std = per_unit_std("ReLU, He")')),
    Claim("must give the same numbers", _same_as_probe,
          code=('reference = ini.numpy_forward(x, kernels, activation="sigmoid")',)),
    # section 2
    Claim("**`Var[y] = n Var[w] E[x^2]`.**", _var_y, code=code("tanh, normalized", "ReLU, Xavier", "ReLU, He")),
    Claim("Because tanh is contractive, E[x^2] still falls in every layer (measured below), less and less as the "
          "values get smaller.", _tanh_falls_less_and_less, code=code("tanh, normalized")),
    Claim("The sums keep the width of the layer's input, as `n Var[w] = 1` promises, and tanh makes each output "
          "narrower than its sums: by about a third in layer 1, where the sums are widest, and by about 10% in layer "
          "5, where they are narrower.", _narrower_by,
          code=("init = keras.initializers.GlorotUniform(seed=k)", "z = keras.ops.matmul(h, layer.kernel)")),
    Claim("With Xavier's `Var[w] = 1/n`, E[x^2] halves in every layer.", _xavier_halves, code=code("ReLU, Xavier")),
    Claim("on a log scale because the three settings differ by orders of magnitude", _orders_of_magnitude,
          code=code("ReLU, std 0.01", "ReLU, Xavier", "ReLU, He")),
    Claim("the mean of `1/2` alone keeps the weighted sums spread (std about `1/2`), and the output's std is about a "
          "quarter of that", _sigmoid_mechanism, code=code("sigmoid, Xavier")),
    Claim("The std settles where `s = (1/4) sqrt(1/4 + s^2)`, at `s = sqrt(1/60)`.", _sigmoid_steady,
          code=(*code("sigmoid, Xavier"), "steady = math.sqrt(1 / 60)")),
    Claim("But the mean of `1/2` is the same for every input: the spread it makes is a fixed offset per unit.",
          lambda s: (_mean_not_linearity(s), _offset_not_signal(s)), code=code("sigmoid, Xavier")),
    Claim("The part of each output that depends on the input is multiplied by the slope, about a quarter, in every "
          "layer (section 1). The spread holds steady; the signal does not.", _quarter_forward,
          code=code("sigmoid, Xavier")),
    # section 3
    Claim("every `glorot_*`, `he_*` and `lecun_*` initializer is a `VarianceScaling(scale, mode, distribution)`",
          _variance_scaling_family, seeds=None),
    Claim("`distribution=\"uniform\"`: `U[-limit, limit]` with `limit = sqrt(3 * scale / n)`", _uniform_limit),
    Claim("so Keras draws with std `sqrt(scale / n) / 0.8796` and the weights end up with std `sqrt(scale / n)`",
          _truncation),
    Claim("An initializer object takes a `seed`: the same seed draws the same weights.", _seed_same),
    Claim("in Keras 3 an object made without a seed also draws the same weights on every call", _unseeded_same),
    Claim("Share one such object between layers, and every layer gets the same kernel", _shared_object,
          code=("shared = keras.initializers.GlorotUniform()  # one object, no seed",)),
    Claim("A name gives every layer a new object.", _by_name,
          code=('[keras.layers.Dense(100, kernel_initializer="glorot_uniform") for _ in range(3)]',)),
    Claim("The two agree only on a square kernel (`fan_in = fan_out`)", _lecun_is_book_xavier,
          code=("keras.initializers.LecunNormal(seed=0)(shape)",)),
    Claim("a typo: the default is `glorot_uniform`, with zeros for the biases", _typos, seeds=None),
    Claim("typed that way, Keras 3 refuses it", _typos, seeds=None,
          code=('keras.layers.Dense(32, activation="relu", kernal_initializer="he_uniform")',)),
    Claim("All eight still work in Keras 3.", _eight_names, seeds=None),
    Claim("`'uniform'` and `'normal'` are *not* scaled to the layer: they are `RandomUniform(-0.05, 0.05)` and "
          "`RandomNormal(0, 0.05)` for every layer size, and `'zero'` sets every weight to 0.", _fixed_std, seeds=None),
    # section 4
    Claim("`1/n^-2` is `n^2`, and `2/n^2` is far too small.", _notes_formulas, seeds=None),
    Claim("`0.5 * 100 * (10**4)**2 = 5e9`", _notes_formulas, seeds=None),
    Claim("the std of each layer's output is at most `0.5`, reached when every value is 0 or 1", _sigmoid_std_max,
          code=(NOTES_LINES["sigmoid, notes' Xavier"], NOTES_RUN)),
    Claim('With the notes\' "Xavier" the ReLU network\'s values grow about 70,000-fold per layer (`sqrt(5e9)`): after '
          "5 layers their std is above `1e20`", _notes_explode_vanish,
          code=(NOTES_LINES["ReLU, notes' Xavier"], NOTES_RUN)),
    Claim("a few more layers would overflow float32 (largest finite value about `3.4e38`) into `inf`, after which "
          "the loss is `nan`", _overflow_soon, code=(NOTES_LINES["ReLU, notes' Xavier"], NOTES_RUN)),
    Claim("With a sigmoid, more than 99% of the outputs are saturated, where the slope is almost 0.", _notes_sigmoid,
          code=(NOTES_LINES["sigmoid, notes' Xavier"], NOTES_RUN)),
    Claim("shrinks everything towards 0 (ReLU) or `0.5` (sigmoid).", _notes_he_shrinks,
          code=(NOTES_LINES["sigmoid, notes' He"], NOTES_LINES["ReLU, notes' He"], NOTES_RUN)),
    # section 5
    Claim("With the standard initialization the back-propagated gradients `dL/dz` shrink towards the input.",
          _tape_dz, code=TAPE),
    Claim("stay about equal in every layer here (within 20% of layer 1's)", _tape_dw, code=TAPE),
    Claim("`dL/dW` is the layer's input times its `dL/dz`, and the inputs shrink the other way", _tape_dw, code=TAPE),
    Claim("The loss in `dL/dz` is a factor per layer, so it compounds with depth.", _compounds, code=TAPE),
    Claim("weights 4 times larger than Xavier's", _four_times, seeds=None, code=(BIG,)),
    Claim("With ReLU and He, `dL/dz` is about equally large in every layer.", _he_gradients_flat,
          code=(HE, GRAD_RUN, LABELS)),
    Claim("With Xavier, layer 1's is 3 to 6 times smaller than layer 5's, and the factor compounds with depth",
          lambda s: (_xavier_gradients(s), _compounds(s)), code=(XAVIER, GRAD_RUN, LABELS)),
    Claim("With tanh the normalized initialization keeps `dL/dz` within a factor of 3 from layer 5 to layer 1; the "
          "standard one loses a factor of 10 to 14.", _tanh_gradients, code=(GRAD_RUN, LABELS)),
    Claim("With the sigmoid even Xavier loses a factor of more than 100 from layer 5 to layer 1", _sigmoid_gradients,
          code=(XAVIER, GRAD_RUN, LABELS)),
    Claim("so every layer multiplies the gradient by about a quarter, as it did the input-dependent part of the "
          "forward signal in section 1", _same_loss_forward_and_back, code=(GRAD_RUN, LABELS)),
    Claim("Weights 4 times larger keep more of the gradient (a factor of 5 to 12 is lost) but saturate over a third "
          "of the values (units times inputs) in every layer.", _four_x, code=(BIG, GRAD_RUN, LABELS)),
    Claim("Neither comes close to tanh with Glorot (a factor of 2 to 3) or ReLU with He (about 1).", _neither_close,
          code=(BIG, GRAD_RUN, LABELS)),
    Claim("Glorot's derivation assumes tanh-like units with slope 1 at 0.", _slopes, seeds=None),
    Claim("So: **tanh with Glorot** (`glorot_uniform`, the Dense default), **ReLU with He** (`he_normal` or "
          "`he_uniform`), and **no sigmoid in hidden layers**", _the_rule, code=(RUN, GRAD_RUN)),
    Claim("Both rows use the same x scale", _shared_x, seeds=None, code=("share_x=True",)),
    Claim("wide enough to hold at least 99% of every panel's values", _covers_99, code=("share_x=True", GRAD_RUN)),
    # key points
    Claim("the weighted sums have variance `n Var[w]` times the inputs' E[x^2]; after a ReLU the next E[x^2] is "
          "`(1/2) n Var[w]` times the last", _var_y, code=(RUN,)),
    Claim("std `1` saturates sigmoid units at 0 and 1; std `0.01` collapses every unit to the same value.",
          _too_large_too_small, code=code("sigmoid, std 1", "sigmoid, std 0.01")),
    Claim("all `VarianceScaling(scale, mode, distribution)`. `'uniform'` and `'normal'` have a fixed std whatever "
          "the layer size.", lambda s: (_variance_scaling_family(s), _fixed_std(s)), seeds=None),
    Claim("One unseeded initializer object shared by several layers gives them all the same kernel: use a name, or "
          "one object per layer.", _shared_trap),
    Claim("The book's \"Xavier\" (std `1/sqrt(n)`) is Keras's `lecun_normal`; it equals `glorot_*` only on square "
          "layers.", _lecun_is_book_xavier),
    Claim("Use tanh with Glorot (the spread shrinks only slowly) and ReLU with He (E[x^2] and `dL/dz` stay steady; "
          "Xavier halves E[x^2] in every ReLU layer). Avoid the sigmoid in hidden layers: even with Xavier its "
          "gradients shrink more than 100-fold from layer 5 to layer 1.",
          lambda s: (_the_rule(s), _relu_ratio(s)), code=(RUN, GRAD_RUN)),
    Claim("The notes' formulas are wrong: `1/n^-2 = n^2` explodes, `2/n^2` vanishes.", _notes_explode_vanish,
          code=(NOTES_RUN,)),
    # exercises and solutions
    Claim("an old rule of thumb for sigmoid layers: weights 4 times larger", _sixteen, seeds=None),
    Claim("whose std on the second layer is `sqrt(2/(256 + 128))` instead of He's `sqrt(2/256)`", _solutions,
          seeds=None),
    Claim("Weights 4 times larger have 16 times the variance", _sixteen,
          seeds=None),
    Claim("That is below 1, so `'normal'` fades a deep ReLU network with 256 inputs per layer, as std `0.01` did in "
          "section 1, only more slowly.", _normal_fades, seeds=None),
]


# --------------------------------------------------------------------------------------
# exercises: the solution passes, typical wrong answers fail with a useful message
# --------------------------------------------------------------------------------------

def _model(inits=("he_normal", "he_normal"), activations=("relu", "relu"), widths=(256, 128), with_input=True):
    import keras

    layers = [keras.Input(shape=(784,))] if with_input else []
    layers += [keras.layers.Dense(w, activation=a, kernel_initializer=i) for w, a, i in zip(widths, activations, inits)]
    return keras.Sequential(layers + [keras.layers.Dense(10, activation="softmax")])


def _vs(scale=1.0, mode="fan_in", distribution="untruncated_normal"):
    import keras

    return keras.initializers.VarianceScaling(scale=scale, mode=mode, distribution=distribution)


def _keras_init(name):
    import keras

    return keras.initializers.get(name)


EXERCISES = {
    "1": ExerciseCases(
        solution=Case(lambda: (_model(),)),
        wrong=[Case(lambda: (_model(inits=("glorot_uniform", "glorot_uniform")),), "uses GlorotUniform"),
               Case(lambda: (_model(inits=("he_normal", "lecun_normal")),), "hidden layer 2 uses LecunNormal"),
               Case(lambda: (_model(inits=("normal", "he_normal")),), "a fixed std of 0.0500 whatever the layer's size"),
               Case(lambda: (_model(inits=(_vs(2.0, "fan_avg"), "he_normal")),), "mode='fan_avg'"),
               Case(lambda: (_model(with_input=False),), "keras.Input(shape=(784,))"),
               Case(lambda: (_model(widths=(256, 64)),), "Dense layers of [256, 64, 10]"),
               Case(lambda: (_model(activations=("relu", "tanh")),), "activation='tanh'")]),
    "2": ExerciseCases(
        solution=Case(lambda: (_vs(16.0, "fan_avg", "uniform"),)),
        wrong=[Case(lambda: (_vs(4.0, "fan_avg", "uniform"),), "scale multiplies the variance"),
               Case(lambda: (_keras_init("glorot_uniform"),), "glorot_uniform itself"),
               Case(lambda: (_vs(16.0, "fan_in", "uniform"),), "mode='fan_in'"),
               Case(lambda: (_vs(16.0, "fan_avg", "normal"),), "Keras reads 'normal' as 'truncated_normal'"),
               Case(lambda: (_vs(16.0, "fan_in", "untruncated_normal"),), "uniform distribution"),
               Case(lambda: (_keras_init("uniform"),), "VarianceScaling(scale=..., mode=..., distribution=...)")]),
    "3": ExerciseCases(
        solution=Case(lambda: (math.sqrt(2 / 256), math.sqrt(6 / 384), 0.32)),
        wrong=[Case(lambda: (2 / 256, math.sqrt(6 / 384), 0.32), "the variance 2/n"),
               Case(lambda: (math.sqrt(2 / 256), math.sqrt(2 / 384), 0.32), "That is the std"),
               Case(lambda: (math.sqrt(2 / 256), math.sqrt(6 / 256), 0.32), "he_uniform's limit"),
               Case(lambda: (math.sqrt(2 / 256), math.sqrt(6 / 384), 6.4), "square of the std"),
               Case(lambda: (math.sqrt(2 / 256), math.sqrt(6 / 384), 1 / 0.32), "the number it is multiplied by"),
               Case(lambda: (math.sqrt(2 / 256), math.sqrt(6 / 384), 0.64), "a 1/2 in it"),
               Case(lambda: ("0.088", math.sqrt(6 / 384), 0.32), "should be a number")]),
}
