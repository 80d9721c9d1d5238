"""The vanilla RNN (chapter 1) against its equation and finite differences."""

import numpy as np
import pytest

import gru_lab as gl

RNG = np.random.default_rng(7)


def test_forward_is_the_equation():
    p = gl.RNNParams(W=RNG.normal(size=(3, 4)), U=RNG.normal(size=(4, 4)) * 0.5,
                     b=RNG.normal(size=4))
    x = RNG.normal(size=(5, 3))
    trace = gl.rnn_forward(x, p)
    h = np.zeros(4)
    for t in range(5):
        h = np.tanh(x[t] @ p.W + h @ p.U + p.b)  # eq. (rnn): h_t = tanh(x_t W + h_{t−1} U + b)
        np.testing.assert_allclose(trace.h[t], h, atol=1e-14)


@pytest.mark.parametrize("batched", [False, True])
def test_backward_matches_finite_differences(batched):
    p = gl.RNNParams(W=RNG.normal(size=(3, 4)), U=RNG.normal(size=(4, 4)) * 0.5,
                     b=RNG.normal(size=4))
    shape = (2, 6) if batched else (6,)
    x = RNG.normal(size=shape + (3,))
    h0 = RNG.normal(size=shape[:-1] + (4,))
    w = RNG.normal(size=shape + (4,))
    w_last = RNG.normal(size=shape[:-1] + (4,))

    def loss():
        t = gl.rnn_forward(x, p, h0)
        return float((t.h * w).sum() + (t.h_last * w_last).sum())

    t = gl.rnn_forward(x, p, h0)
    grads, dx, dh0 = gl.rnn_backward(t, p, dh=w, dh_last=w_last)
    res = gl.gradcheck(loss, dict(p.arrays(), x=x, h0=h0),
                       dict(grads.arrays(), x=dx, h0=dh0), eps=1e-5)
    assert res.max_error <= 1e-7, str(res)


def test_spectral_radius_init():
    p = gl.RNNParams.init(2, 8, seed=0, spectral_radius=0.7)
    assert gl.spectral_radius(p.U) == pytest.approx(0.7)
    assert p.num_parameters() == 8 * (2 + 8) + 8
