"""gru_lab's GRU and Keras's GRU are the same function (the proof behind chapter 5).

Weights move both ways (Keras → gru_lab with from_keras, gru_lab → Keras with to_keras);
outputs, states and gradients must agree to the tolerances the book promises:
forward ≤ 1e-5 (float32) and ≤ 1e-10 (float64); gradients ≤ 1e-4 relative (float32).
"""

import itertools
import os

import numpy as np
import pytest

import gru_lab as gl

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

pytestmark = pytest.mark.keras

TOL = {"float32": 1e-5, "float64": 1e-10}
CONFIGS = [
    # reset_after, B, T, (D, H), with h0, dtype, direction, seed (the config's own number:
    # hash() of a tuple with strings changes from one Python process to the next)
    (ra, B, T, DH, h0, dtype, i % 2 == 0, 1000 + i)
    for i, (ra, B, T, DH, h0, dtype) in enumerate(itertools.product(
        [False, True], [1, 7], [1, 2, 37], [(3, 5), (6, 2)], [False, True],
        ["float32", "float64"]))
]
assert len(CONFIGS) >= 50


def _keras_layer(D, H, reset_after, dtype, seed):
    keras.utils.set_random_seed(seed)
    layer = keras.layers.GRU(H, reset_after=reset_after, return_sequences=True,
                             return_state=True, dtype=dtype)
    layer.build((None, None, D))
    rng = np.random.default_rng(seed)
    # random biases too: Keras initialises them to zero, which would hide bias mistakes
    layer.set_weights([w + rng.normal(scale=0.3, size=w.shape).astype(dtype)
                       for w in layer.get_weights()])
    return layer


@pytest.mark.parametrize("reset_after,B,T,DH,with_h0,dtype,keras_first,seed", CONFIGS)
def test_forward_parity(reset_after, B, T, DH, with_h0, dtype, keras_first, seed):
    """Outputs and final state equal Keras's, weights moved either way, to the book's
    tolerances (1e-5 float32, 1e-10 float64), dtype kept."""
    D, H = DH
    rng = np.random.default_rng(seed)
    if keras_first:  # Keras → gru_lab
        layer = _keras_layer(D, H, reset_after, dtype, seed)
        params = gl.from_keras(layer)
    else:            # gru_lab → Keras
        params = gl.GRUParams.init(D, H, reset_after=reset_after, seed=seed)
        for a in params.arrays().values():
            a += rng.normal(scale=0.3, size=a.shape)
        params = params.astype(dtype)
        layer = gl.keras_gru_layer(params, dtype=dtype)
    x = rng.normal(size=(B, T, D)).astype(dtype)
    h0 = rng.normal(size=(B, H)).astype(dtype) if with_h0 else None
    seq, state = layer(x, initial_state=[h0]) if with_h0 else layer(x)
    trace = gl.gru_forward(x, params, h0)
    assert trace.h.dtype == np.dtype(dtype)
    assert np.max(np.abs(trace.h - np.asarray(seq))) <= TOL[dtype]
    assert np.max(np.abs(trace.h_last - np.asarray(state))) <= TOL[dtype]


@pytest.mark.parametrize("reset_after", [False, True])
def test_round_trip_is_exact(reset_after):
    """Keras → gru_lab → Keras returns the same arrays (z and r biases as their sum)."""
    layer = _keras_layer(4, 3, reset_after, "float64", seed=1)
    back = gl.to_keras(gl.from_keras(layer))
    for k, b in zip(layer.get_weights(), back, strict=True):
        if k.ndim == 2 and k.shape[0] == 2:  # (2, 3H) bias: z and r rows are summed
            H = 3
            np.testing.assert_allclose(b.sum(axis=0)[:2 * H], k.sum(axis=0)[:2 * H])
            np.testing.assert_array_equal(b[:, 2 * H:], k[:, 2 * H:])
        else:
            np.testing.assert_array_equal(b, k)


def _keras_update_gate(layer, x):
    """Keras's own z at every step, from its packed weights and Keras ops."""
    kernel, recurrent, bias = (np.asarray(w) for w in layer.get_weights())
    H = recurrent.shape[0]
    b_in, b_rec = (bias[0], bias[1]) if bias.ndim == 2 else (bias, np.zeros_like(bias))
    h = np.zeros((x.shape[0], H))
    seq = np.asarray(layer(x)[0])
    zs = []
    for t in range(x.shape[1]):
        a = x[:, t] @ kernel[:, :H] + b_in[:H] + h @ recurrent[:, :H] + b_rec[:H]
        zs.append(np.asarray(keras.activations.sigmoid(a)))
        h = seq[:, t]
    return np.stack(zs, axis=1)


@pytest.mark.parametrize("reset_after", [False, True])
def test_our_z_is_one_minus_keras_z(reset_after):
    """The book's update gate is one minus Keras's at every step (chapter 2's table)."""
    layer = _keras_layer(3, 4, reset_after, "float64", seed=2)
    x = np.random.default_rng(0).normal(size=(2, 9, 3))
    z_keras = _keras_update_gate(layer, x)
    z_ours = gl.gru_forward(x, gl.from_keras(layer)).z
    np.testing.assert_allclose(z_ours, 1.0 - z_keras, atol=1e-12)


@pytest.mark.parametrize("reset_after", [False, True])
def test_gradients_match_gradient_tape(reset_after):
    """gru_backward, laid out by keras_gradients, equals tf.GradientTape (weights, x, h0)."""
    D, H, B, T = 5, 4, 3, 11
    layer = _keras_layer(D, H, reset_after, "float32", seed=3)
    params = gl.from_keras(layer)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(B, T, D)).astype(np.float32)
    h0 = rng.normal(size=(B, H)).astype(np.float32)
    w = rng.normal(size=(B, T, H)).astype(np.float32)
    w_last = rng.normal(size=(B, H)).astype(np.float32)
    xv, h0v = tf.Variable(x), tf.Variable(h0)
    with tf.GradientTape() as tape:
        seq, state = layer(xv, initial_state=[h0v])
        loss = tf.reduce_sum(seq * w) + tf.reduce_sum(state * w_last)
    tf_grads = tape.gradient(loss, layer.trainable_weights + [xv, h0v])
    trace = gl.gru_forward(x, params, h0)
    grads, dx, dh0 = gl.gru_backward(trace, params, dh=w, dh_last=w_last)
    ours = gl.keras_gradients(grads) + [dx, dh0]
    names = ["kernel", "recurrent_kernel", "bias", "x", "h0"]
    for name, g_tf, g_ours in zip(names, tf_grads, ours, strict=True):
        err = gl.relative_error(g_ours, np.asarray(g_tf))
        assert err <= 1e-4, f"{name}: relative error {err:.2e}"


@pytest.mark.parametrize("reset_after", [False, True])
def test_num_parameters_matches_keras(reset_after):
    """Keras counts 2H more with reset_after (its summed z and r biases), else the same."""
    D, H = 7, 5
    layer = _keras_layer(D, H, reset_after, "float32", seed=4)
    p = gl.from_keras(layer)
    redundant = 2 * H if reset_after else 0  # Keras's extra z and r recurrent biases
    assert layer.count_params() == p.num_parameters() + redundant
    assert layer.count_params() == 3 * H * (D + H) + (6 * H if reset_after else 3 * H)


def test_from_keras_refuses_other_activations():
    """A GRU with other activations is not the book's GRU: refused, not converted."""
    layer = keras.layers.GRU(3, activation="relu")
    layer.build((None, None, 2))
    with pytest.raises(ValueError, match="activation='tanh'"):
        gl.from_keras(layer)


@pytest.mark.parametrize("reset_after", [False, True])
def test_from_keras_names_a_nan_in_the_layers_kernel(reset_after):
    """A real layer with NaN in its kernel: the message names the layer's kernel and the
    position in it, and says a GRU needs finite numbers."""
    layer = _keras_layer(3, 2, reset_after, "float64", seed=5)
    weights = layer.get_weights()
    weights[0][1, 4] = np.nan
    layer.set_weights(weights)
    with pytest.raises(ValueError, match=r"^the layer's kernel contains 1 NaN or infinite "
                                         r"value\(s\) \(first at index \(1, 4\)\); a GRU"):
        gl.from_keras(layer)


@pytest.mark.parametrize("reset_after", [False, True])
def test_keras_gradients_layout(reset_after):
    """keras_gradients gives Keras's shapes, the z block negated, and with reset_after both
    bias rows of z and r carry the whole gradient of their sum."""
    p = gl.GRUParams.init(3, 2, reset_after=reset_after, seed=0)
    for a in p.arrays().values():
        a += np.arange(a.size).reshape(a.shape)
    k, rk, b = gl.keras_gradients(p)
    assert k.shape == (3, 6) and rk.shape == (2, 6)
    np.testing.assert_array_equal(k[:, :2], -p.W_z)
    if reset_after:
        assert b.shape == (2, 6)
        np.testing.assert_array_equal(b[0, :4], b[1, :4])
        np.testing.assert_array_equal(b[0, :2], -p.b_z)
        np.testing.assert_array_equal(b[1, 4:], p.c_h)
    else:
        assert b.shape == (6,)
        np.testing.assert_array_equal(b[:2], -p.b_z)


def test_pytorch_layout_round_trip():
    """to_pytorch then from_pytorch returns the same parameters; nn.GRU's shapes."""
    p = gl.GRUParams.init(3, 4, reset_after=True, seed=0)
    for a in p.arrays().values():
        a += 0.1
    state = gl.to_pytorch(p)
    assert state["weight_ih_l0"].shape == (12, 3) and state["weight_hh_l0"].shape == (12, 4)
    back = gl.from_pytorch(state)
    for n in p.names():
        np.testing.assert_allclose(getattr(back, n), getattr(p, n))


def test_pytorch_equations_give_our_states():
    """nn.GRU's documented equations (r, z, n order; W x + b; z ⊙ h + (1 − z) ⊙ n)."""
    p = gl.GRUParams.init(3, 4, reset_after=True, seed=1)
    rng = np.random.default_rng(1)
    for a in p.arrays().values():
        a += rng.normal(scale=0.3, size=a.shape)
    s = gl.to_pytorch(p)
    x = rng.normal(size=(6, 3))
    h = np.zeros(4)
    H = 4
    for t in range(6):
        gi = s["weight_ih_l0"] @ x[t] + s["bias_ih_l0"]
        gh = s["weight_hh_l0"] @ h + s["bias_hh_l0"]
        r = gl.sigmoid(gi[:H] + gh[:H])
        z = gl.sigmoid(gi[H:2 * H] + gh[H:2 * H])
        n = np.tanh(gi[2 * H:] + r * gh[2 * H:])
        h = (1 - z) * n + z * h
    np.testing.assert_allclose(h, gl.gru_forward(x, p).h_last, atol=1e-12)
