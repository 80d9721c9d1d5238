"""The training machinery of chapter 4: heads, optimisers, clipping and the two small models.

The models' gradients are checked against finite differences (a wrong gradient still trains,
slowly, which is exactly the bug nobody notices), and a short run must lower the loss.
"""

import numpy as np
import pytest

import gru_lab as gl


@pytest.mark.parametrize("cell", ["gru", "rnn"])
def test_char_language_model_gradients(cell):
    """Every gradient of the many-to-many model (cell and head) is the loss's derivative."""
    model = gl.CharLanguageModel(5, 4, cell=cell, seed=0)
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 5, size=(2, 6)), rng.integers(0, 5, size=(2, 6))
    loss, grads, _ = model.loss_and_grads(x, y)
    res = gl.gradcheck(lambda: model.loss_and_grads(x, y)[0], model.parameters(), grads,
                       eps=1e-5)
    assert res.max_error < 1e-7, str(res)


@pytest.mark.parametrize("cell", ["gru", "rnn"])
def test_sequence_classifier_gradients(cell):
    """Every gradient of the many-to-one model (cell and head) is the loss's derivative."""
    model = gl.SequenceClassifier(3, 4, 2, cell=cell, seed=1)
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(3, 5, 3)), rng.integers(0, 2, size=3)
    loss, grads = model.loss_and_grads(x, y)
    res = gl.gradcheck(lambda: model.loss_and_grads(x, y)[0], model.parameters(), grads,
                       eps=1e-5)
    assert res.max_error < 1e-7, str(res)


def test_clip_grad_norm_keeps_direction():
    """Clipping rescales all gradients together to the limit; below it, nothing changes."""
    g = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    norm = gl.clip_grad_norm(g, 1.0)
    assert norm == pytest.approx(5.0)
    np.testing.assert_allclose(g["a"], [0.6, 0.0])
    np.testing.assert_allclose(g["b"], [[0.8]])
    small = {"a": np.array([0.1])}
    gl.clip_grad_norm(small, 1.0)
    np.testing.assert_array_equal(small["a"], [0.1])  # below the threshold: untouched
    with pytest.raises(ValueError, match="max_norm must be a number > 0"):
        gl.clip_grad_norm(g, 0)


@pytest.mark.parametrize("make", [lambda: gl.SGD(0.1), lambda: gl.SGD(0.05, momentum=0.9),
                                  lambda: gl.Adam(0.1)], ids=["sgd", "momentum", "adam"])
def test_optimisers_minimise_a_quadratic(make):
    """SGD, momentum and Adam each drive ‖w‖² to its minimum (a fresh optimiser per test)."""
    opt = make()
    p = {"w": np.array([3.0, -2.0])}
    for _ in range(300):
        opt.step(p, {"w": 2 * p["w"]})
    assert np.abs(p["w"]).max() < 1e-2


def test_fit_lowers_the_loss_on_a_learnable_pattern():
    """fit trains: "abc" repeated is learnt, and sampling then continues the pattern."""
    text = "abcabcabcabc" * 20
    ids = np.array(["abc".index(c) for c in text])
    model = gl.CharLanguageModel(3, 8, seed=0)

    def batches(step):
        starts = np.arange(4) * 10 + step % 5
        x = np.stack([ids[s:s + 12] for s in starts])
        y = np.stack([ids[s + 1:s + 13] for s in starts])
        return x, y

    hist = gl.fit(model, batches, optimizer=gl.Adam(0.05), steps=60)
    assert hist["loss"][-1] < 0.2 < np.log(3) - 0.5 < hist["loss"][0]
    sample = model.sample(np.array([0]), 9, temperature=0.1, seed=0)
    assert sample == [1, 2, 0] * 3


def test_dense_params_share_the_parameter_api():
    """DenseParams has the parameter API of GRUParams and RNNParams (gru_lab._params):
    checked, copied on construction, c defaulting to zeros, copy/astype/sizes/repr."""
    V = np.ones((4, 3))
    d = gl.DenseParams(V=V)
    d.V += 1.0
    assert np.all(V == 1.0)                               # the caller's array is untouched
    np.testing.assert_array_equal(d.c, np.zeros(3))
    assert (d.hidden_size, d.num_classes, d.num_parameters()) == (4, 3, 15)
    assert d.astype(np.float32).dtype == np.float32 and d.copy().V is not d.V
    assert repr(d) == "DenseParams(H=4, K=3, 15 parameters, float64)"
    with pytest.raises(ValueError, match=r"c must have shape \(K,\) with H = 4, K = 3"):
        gl.DenseParams(V=V, c=np.zeros(4))
    with pytest.raises(ValueError, match="V must have shape \\(H, K\\); got an array"):
        gl.DenseParams(V=np.ones(4))


def test_dense_gradients_are_not_checked_as_parameters():
    """dense_backward returns gradients without the constructor's checks: a gradient is not
    a parameter, and a message must never call it one."""
    d = gl.DenseParams.init(2, 3, seed=0)
    h, dlogits = np.ones((1, 2)), np.full((1, 3), np.inf)
    with np.errstate(invalid="ignore"):                  # inf − inf in dh: NaN, expected
        grads, _ = gl.dense_backward(h, dlogits, d)
    assert np.all(np.isinf(grads.V))


def test_one_hot_errors():
    """Ids outside [0, K) or not integers are refused with the valid range."""
    with pytest.raises(ValueError, match=r"ids must lie in \[0, 3\)"):
        gl.one_hot([0, 3], 3)
    with pytest.raises(TypeError, match="ids must be integers"):
        gl.one_hot([0.5], 3)
