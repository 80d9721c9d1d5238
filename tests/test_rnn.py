"""The vanilla RNN (chapter 1) against its equation and finite differences.

Every random test draws from its own seeded generator.
"""

import numpy as np
import pytest

import gru_lab as gl


def _random_rnn(rng):
    return gl.RNNParams(W=rng.normal(size=(3, 4)), U=rng.normal(size=(4, 4)) * 0.5,
                        b=rng.normal(size=4))


def test_forward_is_the_equation():
    """rnn_forward computes eq. (rnn-step), h_t = tanh(x_t W + h_{t−1} U + b), at every t."""
    rng = np.random.default_rng(7)
    p = _random_rnn(rng)
    x = rng.normal(size=(5, 3))
    trace = gl.rnn_forward(x, p)
    h = np.zeros(4)
    for t in range(5):
        h = np.tanh(x[t] @ p.W + h @ p.U + p.b)  # eq. (rnn): h_t = tanh(x_t W + h_{t−1} U + b)
        np.testing.assert_allclose(trace.h[t], h, atol=1e-14)


@pytest.mark.parametrize("batched", [False, True])
def test_backward_matches_finite_differences(batched):
    """Every gradient of rnn_backward (W, U, b, x, h0) is the derivative of rnn_forward."""
    rng = np.random.default_rng(8)
    p = _random_rnn(rng)
    shape = (2, 6) if batched else (6,)
    x = rng.normal(size=shape + (3,))
    h0 = rng.normal(size=shape[:-1] + (4,))
    w = rng.normal(size=shape + (4,))
    w_last = rng.normal(size=shape[:-1] + (4,))

    def loss():
        t = gl.rnn_forward(x, p, h0)
        return float((t.h * w).sum() + (t.h_last * w_last).sum())

    t = gl.rnn_forward(x, p, h0)
    grads, dx, dh0 = gl.rnn_backward(t, p, dh=w, dh_last=w_last)
    res = gl.gradcheck(loss, dict(p.arrays(), x=x, h0=h0),
                       dict(grads.arrays(), x=dx, h0=dh0), eps=1e-5)
    assert res.max_error <= 1e-7, str(res)


def test_spectral_radius_init():
    """init(spectral_radius=ρ) gives U that largest |eigenvalue|; H(D + H) + H parameters."""
    p = gl.RNNParams.init(2, 8, seed=0, spectral_radius=0.7)
    assert gl.spectral_radius(p.U) == pytest.approx(0.7)
    assert p.num_parameters() == 8 * (2 + 8) + 8


def test_float32_stays_float32():
    """A float32 model and input give float32 states and gradients (no silent float64)."""
    rng = np.random.default_rng(9)
    p = gl.RNNParams.init(3, 4, seed=0, dtype=np.float32)
    x = rng.normal(size=(2, 5, 3)).astype(np.float32)
    t = gl.rnn_forward(x, p)
    grads, dx, dh0 = gl.rnn_backward(t, p, dh=np.ones_like(t.h))
    assert t.h.dtype == dx.dtype == dh0.dtype == np.float32
    assert {a.dtype for a in grads.arrays().values()} == {np.dtype(np.float32)}


def test_params_api_shared_with_the_gru():
    """RNNParams has the parameter API of GRUParams (one shared base, gru_lab._params):
    copies are independent, astype converts, names/arrays/sizes agree."""
    p = gl.RNNParams.init(3, 4, seed=1)
    q = p.copy()
    q.W += 1.0
    assert not np.shares_memory(p.W, q.W) and np.all(q.W - p.W == 1.0)
    assert p.astype(np.float32).dtype == np.float32 and p.dtype == np.float64
    assert p.names() == ("W", "U", "b") and list(p.arrays()) == ["W", "U", "b"]
    assert (p.input_size, p.hidden_size) == (3, 4)
    assert not np.any(p.zeros_like().U)
    assert repr(p) == "RNNParams(D=3, H=4, 32 parameters, float64)"
    b_default = gl.RNNParams(W=np.ones((3, 4)), U=np.eye(4)).b
    np.testing.assert_array_equal(b_default, np.zeros(4))
