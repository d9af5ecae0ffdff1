import numpy as np
import pytest

from course_utils import build_mlp


def dense_layers(model):
    return [layer for layer in model.layers if layer.__class__.__name__ == "Dense"]


def test_hidden_widths_and_output(fresh_keras):
    model = build_mlp(64, (32, 16), n_classes=10)
    assert [layer.units for layer in dense_layers(model)] == [32, 16, 10]
    assert model.output_shape == (None, 10)
    out = model(np.zeros((2, 64), np.float32))
    assert np.allclose(np.asarray(out).sum(axis=1), 1, atol=1e-5)  # softmax


def test_depth_times_width(fresh_keras):
    model = build_mlp(64, depth=30, width=16)
    assert len(dense_layers(model)) == 31
    assert [layer.name for layer in dense_layers(model)][:2] == ["hidden_1", "hidden_2"]


def test_seed_repeats_weights_and_layers_differ(fresh_keras):
    a = build_mlp(8, (8, 8), seed=3)
    b = build_mlp(8, (8, 8), seed=3)
    c = build_mlp(8, (8, 8), seed=4)
    wa, wb, wc = (m.get_layer("hidden_2").get_weights()[0] for m in (a, b, c))
    assert np.array_equal(wa, wb) and not np.array_equal(wa, wc)
    assert not np.array_equal(a.get_layer("hidden_1").get_weights()[0][:, :8], wa)


@pytest.mark.parametrize("init", ["zero", "uniform", "normal", "he_normal", "lecun_uniform", "HE_NORMAL", "HeNormal",
                                  "xavier", "he", 0.05])
def test_legacy_initializer_names_still_build(fresh_keras, init):
    """One spelling policy (models.resolve_initializer): Keras's names in any case, the book's 'xavier' and 'he',
    a weight std."""
    model = build_mlp(4, (3,), kernel_initializer=init)
    w = model.get_layer("hidden_1").get_weights()[0]
    if init == "zero":
        assert np.all(w == 0)
    else:
        assert w.std() > 0


def test_regularizer_dropout_and_constraint(fresh_keras):
    keras = fresh_keras
    model = build_mlp(8, (16,), kernel_regularizer=keras.regularizers.L2(1e-3), dropout=0.5,
                      kernel_constraint=keras.constraints.MaxNorm(2.0))
    assert [layer.name for layer in model.layers if "dropout" in layer.name] == ["dropout_1"]
    assert len(model.losses) == 2  # one penalty per Dense kernel


@pytest.mark.parametrize("kwargs, arg", [
    ({"activation": "relux"}, "activation"),
    ({"kernel_initializer": "xavier_uniform"}, "kernel_initializer"),
    ({"kernel_initializer": "kaiming"}, "kernel_initializer"),
    ({"hidden": []}, None),
    ({"hidden": (0,)}, r"hidden\[0\]"),
    ({"depth": 0, "width": 8}, "depth"),
    ({"n_inputs": 0}, "n_inputs"),
    ({"dropout": 1.0}, "dropout"),
    ({"kernel_regularizer": "l3"}, "kernel_regularizer"),
    ({"hidden": (4,), "depth": 2}, "either"),
    ({"seed": -1}, "seed"),
])
def test_bad_input_names_the_argument(fresh_keras, kwargs, arg):
    kwargs = {"n_inputs": 4, **kwargs}
    if arg is None:
        # no hidden layers is allowed: a softmax regression
        assert len(dense_layers(build_mlp(**kwargs))) == 1
        return
    with pytest.raises(ValueError, match=arg):
        build_mlp(**kwargs)


def test_bad_names_list_the_valid_ones(fresh_keras):
    with pytest.raises(ValueError, match="glorot_uniform.*he_normal.*xavier"):
        build_mlp(4, kernel_initializer="xavier_normal")
    with pytest.raises(ValueError, match="relu.*sigmoid.*tanh"):
        build_mlp(4, activation="Relu6x")


def test_one_initializer_object_gives_every_layer_its_own_draw(fresh_keras):
    """Keras initializers repeat their values at every call: a shared object would make same-shape layers equal."""
    keras = fresh_keras
    for seed in (None, 0):
        model = build_mlp(8, (8, 8, 8), kernel_initializer=keras.initializers.HeNormal(), seed=seed)
        kernels = [model.get_layer(f"hidden_{i}").get_weights()[0] for i in (2, 3)]
        assert not np.array_equal(*kernels), seed
    with pytest.raises(ValueError, match="kernel_initializer.*fixed seed"):
        build_mlp(8, (8, 8), kernel_initializer=keras.initializers.HeNormal(seed=3), seed=None)


def test_one_class_softmax_is_refused(fresh_keras):
    with pytest.raises(ValueError, match="n_classes=1"):
        build_mlp(4, (3,), n_classes=1)
    assert build_mlp(4, (3,), n_classes=1, output_activation="sigmoid").output_shape == (None, 1)
