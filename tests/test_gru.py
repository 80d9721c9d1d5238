"""The GRU forward pass and BPTT against finite differences and against the equations.

These protect every number the book prints about the GRU: if gru_backward drifts from the
true derivative of gru_forward, or gru_forward from the book's equations, a test here fails.
"""

import numpy as np
import pytest
from _helpers import random_gru_params

import gru_lab as gl

RNG = np.random.default_rng(1234)


_random_params = random_gru_params


@pytest.mark.parametrize("reset_after", [False, True])
def test_forward_matches_step_by_step_equations(reset_after):
    p = _random_params(3, 4, reset_after, seed=0)
    x = RNG.normal(size=(6, 3))
    h0 = RNG.normal(size=4)
    trace = gl.gru_forward(x, p, h0)
    h = h0
    for t in range(6):
        h, z, r, h_tilde = gl.gru_step(x[t], h, p)
        np.testing.assert_allclose(trace.z[t], z, atol=1e-14)
        np.testing.assert_allclose(trace.r[t], r, atol=1e-14)
        np.testing.assert_allclose(trace.h_tilde[t], h_tilde, atol=1e-14)
        np.testing.assert_allclose(trace.h[t], h, atol=1e-14)
        # the book's update rule, eq. (gru-h): h_t = (1 − z) h_{t−1} + z ĥ_t
        h_prev = h0 if t == 0 else trace.h[t - 1]
        np.testing.assert_allclose(h, (1 - z) * h_prev + z * h_tilde, atol=1e-14)
    np.testing.assert_array_equal(trace.h_last, trace.h[-1])


def test_reset_variants_differ_but_agree_when_reset_gate_is_open():
    p = _random_params(2, 3, False, seed=3)
    arrays = p.arrays()
    p_after = gl.GRUParams(**arrays, c_h=np.zeros(3), reset_after=True)
    x = RNG.normal(size=(5, 2))
    a, b = gl.gru_forward(x, p).h, gl.gru_forward(x, p_after).h
    assert np.max(np.abs(a - b)) > 1e-3  # different functions in general
    # with r ≡ 1 (reset gate wide open) r ⊙ (h U) = (r ⊙ h) U: the variants coincide
    arrays["b_r"] = np.full(3, 50.0)
    same_before = gl.gru_forward(x, gl.GRUParams(**arrays))
    same_after = gl.gru_forward(x, gl.GRUParams(**arrays, c_h=np.zeros(3), reset_after=True))
    np.testing.assert_allclose(same_before.h, same_after.h, atol=1e-12)


def test_batch_equals_sequences_one_at_a_time():
    p = _random_params(3, 5, True, seed=4)
    x = RNG.normal(size=(4, 7, 3))
    h0 = RNG.normal(size=(4, 5))
    batch = gl.gru_forward(x, p, h0)
    for i in range(4):
        one = gl.gru_forward(x[i], p, h0[i])
        for name in ("z", "r", "h_tilde", "h"):
            np.testing.assert_allclose(getattr(batch, name)[i], getattr(one, name), atol=1e-14)


def test_shapes_follow_the_input():
    p = gl.GRUParams.init(3, 4, seed=0)
    one = gl.gru_forward(np.zeros((5, 3)), p)
    assert one.z.shape == one.r.shape == one.h_tilde.shape == one.h.shape == (5, 4)
    assert one.h_last.shape == (4,) and one.h0.shape == (4,)
    batch = gl.gru_forward(np.zeros((2, 5, 3)), p)
    assert batch.h.shape == (2, 5, 4) and batch.h_last.shape == (2, 4)


def _loss_and_grads(p, x, h0, w, w_last):
    def loss():
        t = gl.gru_forward(x, p, h0)
        return float((t.h * w).sum() + (t.h_last * w_last).sum())

    trace = gl.gru_forward(x, p, h0)
    grads, dx, dh0 = gl.gru_backward(trace, p, dh=w, dh_last=w_last)
    arrays = dict(p.arrays(), x=x, h0=h0)
    analytic = dict(grads.arrays(), x=dx, h0=dh0)
    return loss, arrays, analytic


@pytest.mark.parametrize("reset_after", [False, True])
@pytest.mark.parametrize("batched", [False, True])
def test_backward_matches_finite_differences(reset_after, batched):
    p = _random_params(3, 4, reset_after, seed=5)
    shape = (2, 6) if batched else (6,)
    x = RNG.normal(size=shape + (3,))
    h0 = RNG.normal(size=shape[:-1] + (4,))
    w = RNG.normal(size=shape + (4,))
    w_last = RNG.normal(size=shape[:-1] + (4,))
    loss, arrays, analytic = _loss_and_grads(p, x, h0, w, w_last)
    result = gl.gradcheck(loss, arrays, analytic, eps=1e-5)
    assert result.max_error <= 1e-7, str(result)


def test_backward_with_only_final_state_gradient():
    p = _random_params(2, 3, True, seed=6)
    x = RNG.normal(size=(4, 2))
    w_last = RNG.normal(size=3)
    trace = gl.gru_forward(x, p)
    g1, dx1, _ = gl.gru_backward(trace, p, dh_last=w_last)
    dh = np.zeros_like(trace.h)
    dh[-1] = w_last
    g2, dx2, _ = gl.gru_backward(trace, p, dh=dh)
    np.testing.assert_allclose(dx1, dx2)
    for n in p.names():
        np.testing.assert_allclose(getattr(g1, n), getattr(g2, n))


def test_float32_is_kept_and_float64_is_default():
    p64 = gl.GRUParams.init(3, 4, seed=0)
    assert p64.dtype == np.float64
    p32 = gl.GRUParams.init(3, 4, seed=0, dtype=np.float32)
    x32 = np.ones((2, 3), dtype=np.float32)
    t = gl.gru_forward(x32, p32)
    assert t.h.dtype == np.float32
    grads, dx, dh0 = gl.gru_backward(t, p32, dh_last=np.ones(4, np.float32))
    assert grads.W_z.dtype == dx.dtype == dh0.dtype == np.float32
    assert gl.gru_forward([[1, 2, 3]], p64).h.dtype == np.float64  # ints become float


@pytest.mark.parametrize("reset_after,extra", [(False, 0), (True, 1)])
def test_num_parameters(reset_after, extra):
    D, H = 5, 3
    p = gl.GRUParams.init(D, H, reset_after=reset_after)
    assert p.num_parameters() == 3 * H * (D + H) + 3 * H + extra * H


def test_init_like_keras():
    p = gl.GRUParams.init(10, 4, seed=0)
    U = np.concatenate([p.U_z, p.U_r, p.U_h], axis=1)  # (H, 3H) block, orthogonal rows
    np.testing.assert_allclose(U @ U.T, np.eye(4), atol=1e-12)
    limit = np.sqrt(6 / (10 + 12))
    assert np.abs(p.W_z).max() <= limit
    assert not np.any(p.b_z) and not np.any(p.b_r) and not np.any(p.b_h)
    same = gl.GRUParams.init(10, 4, seed=0)
    np.testing.assert_array_equal(p.W_h, same.W_h)


def test_params_are_copied_so_training_never_changes_the_callers_arrays():
    W = np.ones((2, 3))
    U = np.eye(3)
    p = gl.GRUParams(W_z=W, W_r=W, W_h=W, U_z=U, U_r=U, U_h=U)
    p.W_z += 1.0
    assert np.all(W == 1.0)


def test_forward_does_not_modify_inputs():
    p = gl.GRUParams.init(3, 4, seed=0)
    x = RNG.normal(size=(5, 3))
    h0 = RNG.normal(size=4)
    x0, h00 = x.copy(), h0.copy()
    t = gl.gru_forward(x, p, h0)
    gl.gru_backward(t, p, dh=np.ones_like(t.h))
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(h0, h00)


def test_update_gate_closed_copies_the_state_forward():
    """z ≈ 0 ⇒ h_t ≈ h_{t−1}: the GRU's memory (chapter 2)."""
    p = gl.GRUParams.init(2, 3, seed=0)
    p.b_z[:] = -30.0
    h0 = np.array([0.5, -0.2, 0.9])
    t = gl.gru_forward(RNG.normal(size=(50, 2)), p, h0)
    np.testing.assert_allclose(t.h_last, h0, atol=1e-9)
