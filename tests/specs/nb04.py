"""What 04_xavier_vs_he_activation_distributions.ipynb must show and may claim (see tests/specs/__init__.py).

The notebook trains nothing: its experiments are forward and backward passes at initialization.
Section 1 runs ``ini.activation_experiment(SETTINGS, seed=0, include_input=True)`` (inputs from
``np.random.default_rng(seed)``, layer k seeded ``seed + k``), section 4 the notes' formulas, section 5
``ini.gradient_experiment(GRADIENT_SETTINGS, seed=0)``. The checks re-run them with each seed, once
per seed for all the claims about them (cached).
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
    'keras.layers.Dense(100, activation="sigmoid", use_bias=False,',
    "kernel_initializer=keras.initializers.RandomNormal(stddev=1.0, seed=k)",
    "probe = keras.Model(inputs=model.inputs, outputs=[layer.output for layer in model.layers])",
    "outputs = probe.predict(x, verbose=0)",
    "layer.get_weights()[0]",
    'XAVIER = keras.initializers.VarianceScaling(scale=1.0, mode="fan_in", distribution="untruncated_normal")',
    "keras.Input(shape=(784,))",
    'keras.layers.Dense(256, activation="relu", kernel_initializer="he_normal")',
    "he = keras.initializers.HeNormal(seed=0)",
    'keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal", seed=0)',
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
    "tanh, baseline": ('"tanh, baseline": ("tanh", keras.initializers.RandomUniform(minval=-1 / math.sqrt(n), '
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
GRAD_RUN = "grads = ini.gradient_experiment(GRADIENT_SETTINGS, seed=0)"
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
        "tanh, baseline": ("tanh", keras.initializers.RandomUniform(minval=-1 / math.sqrt(n), maxval=1 / math.sqrt(n))),
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


MAIN = ["sigmoid, std 1", "sigmoid, std 0.01", "sigmoid, Xavier", "tanh, baseline", "tanh, normalized",
        "ReLU, std 0.01", "ReLU, Xavier", "ReLU, He"]
NOTES = ["sigmoid, notes' Xavier", "sigmoid, notes' He", "ReLU, notes' Xavier", "ReLU, notes' He"]
GRADIENTS = ["tanh, baseline", "tanh, normalized", "sigmoid, Xavier", "ReLU, Xavier", "ReLU, He", "sigmoid, 4 x Xavier"]


@functools.cache
def _stats(seed: int, which: str):
    """layer_stats of the notebook's experiments, indexed (setting, layer)."""
    from course_utils import initialization as ini

    settings = _settings()
    if which == "main":
        values = ini.activation_experiment({k: settings[k] for k in MAIN}, seed=seed, include_input=True)
    elif which == "notes":
        values = ini.activation_experiment({k: settings[k] for k in NOTES}, seed=seed)
    elif which == "big sigmoid":
        values = ini.activation_experiment({k: settings[k] for k in ["sigmoid, 4 x Xavier"]}, seed=seed)
    else:
        values = ini.gradient_experiment({k: settings[k] for k in GRADIENTS}, seed=seed)
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


def _same_as_probe(seed):
    import keras

    from course_utils import initialization as ini

    x = np.random.default_rng(seed).standard_normal((1000, 100)).astype("float32")
    model = keras.Sequential([keras.Input(shape=(100,))] + [
        keras.layers.Dense(100, activation="sigmoid", use_bias=False,
                           kernel_initializer=keras.initializers.RandomNormal(stddev=1.0, seed=seed + k))
        for k in range(1, 6)])
    probe = keras.Model(inputs=model.inputs, outputs=[layer.output for layer in model.layers])
    outputs = probe.predict(x, verbose=0)
    values = ini.activation_experiment({"s": _settings()["sigmoid, std 1"]}, seed=seed)
    for k, a in enumerate(outputs, start=1):
        assert np.allclose(values.loc[values["layer"] == k, "value"].to_numpy(), a.ravel(), rtol=1e-5, atol=1e-6)
    kernels = [layer.get_weights()[0] for layer in model.layers]
    reference = ini.numpy_forward(x, kernels, activation="sigmoid")
    assert all(np.allclose(a, ref, rtol=1e-4, atol=1e-5) for a, ref in zip(outputs, reference))


def _xavier_sigmoid_spread(seed):
    assert (_column(seed, "main", "sigmoid, Xavier", "saturated") < 0.05).all()
    assert (_column(seed, "main", "sigmoid, Xavier", "std") > 0.1).all()


def _baseline_collapses(seed):
    std = _column(seed, "main", "tanh, baseline", "std")
    assert 7 < std[0] / std[-1] < 14, std
    assert _column(seed, "main", "tanh, baseline", "near_zero")[-1] > 0.5


def _baseline_third(seed):
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
    _baseline_collapses(seed)
    _normalized_halves(seed)


def _half_zero(seed):
    for setting in ("ReLU, Xavier", "ReLU, He"):
        assert ((_column(seed, "main", setting, "dead") > 0.4) & (_column(seed, "main", setting, "dead") < 0.6)).all()


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


def _same_seed(seed):
    import keras

    a, b = (np.asarray(keras.initializers.HeNormal(seed=seed)((50, 40))) for _ in range(2))
    assert np.array_equal(a, b)


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


def _normal_rescaled(seed):
    _truncation(seed)
    _fixed_std(seed)


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


def _baseline_gradients(seed):
    assert 10 < _growth(seed, "tanh, baseline")[-1] < 14


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
    _baseline_gradients(seed)


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


def _neither(seed):
    _sigmoid_gradients(seed)
    _four_x(seed)
    assert _growth(seed, "sigmoid, 4 x Xavier")[-1] > 2 * _growth(seed, "tanh, normalized")[-1]


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


CLAIMS = [
    # introduction
    Claim("Too large, and sigmoid units stick at 0 or 1; too small, and every layer's output shrinks towards a "
          "constant.", _too_large_too_small, code=code("sigmoid, std 1", "sigmoid, std 0.01", "ReLU, std 0.01")),
    # section 1
    Claim("Most of the values sit near 0 or 1, in every layer.", _std1_saturates,
          code=("kernel_initializer=keras.initializers.RandomNormal(stddev=1.0, seed=k))",
                "outputs = probe.predict(x, verbose=0)")),
    Claim('so its "sigmoid, std 1" rows are the values above', _same_as_probe, code=code("sigmoid, std 1")),
    Claim("the weighted sums are large (their std is `sqrt(100) = 10` in layer 1), so the sigmoid's outputs pile "
          "up near 0 and 1", lambda s: (_large_sums(s), _std1_saturates(s)), code=code("sigmoid, std 1")),
    Claim("the sums are tiny, every unit outputs about 0.5", _collapse,
          code=code("sigmoid, std 0.01")),
    Claim("a spread in every layer, and hardly a value saturated", _xavier_sigmoid_spread,
          code=(XAVIER, *code("sigmoid, Xavier"))),
    Claim("the std falls about 10-fold over the 5 layers and most values end up near 0", _baseline_collapses,
          code=code("tanh, baseline")),
    Claim("Its `n Var[w] = 1/3` is a third of what keeps a layer steady", _baseline_third, code=code("tanh, baseline")),
    Claim("With the normalized initialization the spread shrinks too, but slowly: the std about halves over the 5 "
          "layers.", _normalized_halves, code=code("tanh, normalized")),
    Claim("so each layer's output is a little narrower than its weighted sums, even when the weights keep the sums "
          "as wide as the layer's input", _contractive, code=code("tanh, normalized")),
    Claim("a slow drift instead of a collapse", _drift_not_collapse, code=code("tanh, baseline", "tanh, normalized")),
    Claim("ReLU outputs exactly 0 for every negative input, about half of all values", _half_zero,
          code=(XAVIER, HE, *code("ReLU, Xavier", "ReLU, He"))),
    Claim("With std `0.01` the signal fades in every layer until almost nothing is left.", _fades,
          code=code("ReLU, std 0.01")),
    Claim("With Xavier it shrinks in every layer; with He it keeps its spread.", _xavier_shrinks_he_keeps,
          code=(XAVIER, HE, *code("ReLU, Xavier", "ReLU, He"))),
    Claim("must give the same numbers", _same_as_probe,
          code=('reference = ini.numpy_forward(x, kernels, activation="sigmoid")',)),
    # section 2
    Claim("**`Var[y] = n Var[w] E[x^2]`.**", _var_y, code=code("tanh, normalized", "ReLU, Xavier", "ReLU, He")),
    Claim("With Xavier's `Var[w] = 1/n`, E[x^2] halves in every layer.", _xavier_halves, code=code("ReLU, Xavier")),
    Claim("Because tanh is contractive, E[x^2] still falls in every layer (measured below), less and less as the "
          "values get smaller.", _tanh_falls_less_and_less, code=code("tanh, normalized")),
    Claim("the mean of `1/2` alone keeps the weighted sums spread (std about `1/2`), and the output's std is about a "
          "quarter of that", _sigmoid_mechanism, code=code("sigmoid, Xavier")),
    Claim("The std settles where `s = (1/4) sqrt(1/4 + s^2)`, at `s = sqrt(1/60)`.", _sigmoid_steady,
          code=(*code("sigmoid, Xavier"), "steady = math.sqrt(1 / 60)")),
    Claim('It is the mean of `1/2`, not the sigmoid being "close to linear", that holds the spread steady.',
          _mean_not_linearity, code=code("sigmoid, Xavier")),
    Claim("on a log scale because the three settings differ by orders of magnitude", _orders_of_magnitude,
          code=code("ReLU, std 0.01", "ReLU, Xavier", "ReLU, He")),
    # section 3
    Claim("The object takes a `seed` (the same seed draws the same weights)", _same_seed),
    Claim("every `glorot_*`, `he_*` and `lecun_*` initializer is a `VarianceScaling(scale, mode, distribution)`",
          _variance_scaling_family, seeds=None),
    Claim("`distribution=\"uniform\"`: `U[-limit, limit]` with `limit = sqrt(3 * scale / n)`", _uniform_limit),
    Claim("so Keras draws with std `sqrt(scale / n) / 0.8796` and the weights end up with std `sqrt(scale / n)`",
          _truncation),
    Claim("The two agree only on a square kernel (`fan_in = fan_out`)", _lecun_is_book_xavier,
          code=("keras.initializers.LecunNormal(seed=0)(shape)",)),
    Claim("Both are typos. The default is `glorot_uniform`, with zeros for the biases, and Keras 3 refuses an "
          "argument it does not know", _typos, seeds=None),
    Claim("All eight still work in Keras 3.", _eight_names, seeds=None),
    Claim("`'uniform'` and `'normal'` are *not* scaled to the layer: they are `RandomUniform(-0.05, 0.05)` and "
          "`RandomNormal(0, 0.05)` for every layer size, and `'zero'` sets every weight to 0.", _fixed_std, seeds=None),
    # section 4
    Claim("`1/n^-2` is `n^2`, and `2/n^2` is far too small.", _notes_formulas, seeds=None),
    Claim("`0.5 * 100 * (10**4)**2 = 5e9`", _notes_formulas, seeds=None),
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
    Claim("with the baseline they shrink towards the input, so the first layers learn slowest", _baseline_gradients,
          code=(GRAD_RUN, LINES["tanh, baseline"])),
    Claim("weights 4 times larger than Xavier's", _four_times, seeds=None,
          code=(BIG,)),
    Claim("With ReLU and He the gradients are about equally large in every layer", _he_gradients_flat,
          code=(HE, GRAD_RUN)),
    Claim("With Xavier, the first layer's gradients are 3 to 6 times smaller than the fifth's", _xavier_gradients,
          code=(XAVIER, GRAD_RUN)),
    Claim("With tanh the normalized initialization keeps the gradients within a factor of 3 over the 5 layers; the "
          "baseline loses a factor of 10 to 14.", _tanh_gradients, code=(GRAD_RUN,)),
    Claim("With the sigmoid even Xavier loses a factor of more than 100 over 4 layers", _sigmoid_gradients,
          code=(XAVIER, GRAD_RUN)),
    Claim("so every layer multiplies the gradient by about a quarter", _quarter, code=(GRAD_RUN,)),
    Claim("Weights 4 times larger keep more of the gradient (a factor of 5 to 12 is lost) but saturate over a third "
          "of the units in every layer.", _four_x, code=(BIG, GRAD_RUN)),
    Claim("Neither size of weights makes a sigmoid hidden layer behave like a tanh or ReLU layer.", _neither,
          code=(BIG, GRAD_RUN)),
    Claim("Glorot's derivation assumes tanh-like units with slope 1 at 0.", _slopes, seeds=None),
    Claim("So: **tanh with Glorot** (`glorot_uniform`, the Dense default), **ReLU with He** (`he_normal` or "
          "`he_uniform`), and **no sigmoid in hidden layers**", _the_rule, code=(RUN, GRAD_RUN)),
    Claim("Both rows use the same x scale", _shared_x, seeds=None, code=("share_x=True",)),
    # key points
    Claim("per layer, E[x^2] is multiplied by `n Var[w]` (by `(1/2) n Var[w]` after a ReLU)", _var_y, code=(RUN,)),
    Claim("std `1` saturates sigmoid units at 0 and 1; std `0.01` collapses every unit to the same value.",
          _too_large_too_small, code=code("sigmoid, std 1", "sigmoid, std 0.01")),
    Claim("the `*_normal` ones are truncated at 2 std and rescaled so the std is right. `'uniform'` and `'normal'` "
          "have a fixed std whatever the layer size, and `'zero'` sets every weight to 0.", _normal_rescaled),
    Claim("The book's \"Xavier\" (std `1/sqrt(n)`) is Keras's `lecun_normal`; it equals `glorot_*` only on square "
          "layers.", _lecun_is_book_xavier),
    Claim("Use tanh with Glorot (the spread shrinks only slowly) and ReLU with He (the spread and the gradients stay "
          "steady; Xavier halves E[x^2] in every ReLU layer). Avoid the sigmoid in hidden layers: even with Xavier "
          "its gradients shrink more than 100-fold over 4 layers.", _the_rule, code=(RUN, GRAD_RUN)),
    Claim("The notes' formulas are wrong: `1/n^-2 = n^2` explodes, `2/n^2` vanishes.", _notes_explode_vanish,
          code=(NOTES_RUN,)),
    # solutions
    Claim("whose std on the second layer is `sqrt(2/(256 + 128))` instead of He's `sqrt(2/256)`", _solutions,
          seeds=None),
    Claim("so each layer's E[x^2] is `1/200` of the layer before's", _solutions, seeds=None),
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
               Case(lambda: (_model(with_input=False),), "keras.Input(shape=(784,))"),
               Case(lambda: (_model(widths=(256, 64)),), "Dense layers of [256, 64, 10]"),
               Case(lambda: (_model(activations=("relu", "tanh")),), "activation='tanh'")]),
    "2": ExerciseCases(
        solution=Case(lambda: (_vs(),)),
        wrong=[Case(lambda: (_vs(mode="fan_avg"),), "mode='fan_avg'"),
               Case(lambda: (_keras_init("lecun_normal"),), "distribution='truncated_normal'"),
               Case(lambda: (_vs(scale=2.0),), "He's rule"),
               Case(lambda: (_keras_init("glorot_normal"),), "mode='fan_avg'"),
               Case(lambda: (_keras_init("normal"),), "VarianceScaling(scale=..., mode=..., distribution=...)")]),
    "3": ExerciseCases(
        solution=Case(lambda: (math.sqrt(2 / 256), math.sqrt(6 / 384), 0.005)),
        wrong=[Case(lambda: (2 / 256, math.sqrt(6 / 384), 0.005), "the variance 2/n"),
               Case(lambda: (math.sqrt(2 / 256), math.sqrt(2 / 384), 0.005), "That is the std"),
               Case(lambda: (math.sqrt(2 / 256), math.sqrt(6 / 256), 0.005), "he_uniform's limit"),
               Case(lambda: (math.sqrt(2 / 256), math.sqrt(6 / 384), 0.5), "square of the std"),
               Case(lambda: ("0.088", math.sqrt(6 / 384), 0.005), "should be a number")]),
}
