"""gru_lab.rnn.state_gradient_norms (chapter 1): ‖∂h_T/∂h_t‖ against explicit Jacobians.

Chapter 1's plot of vanishing and exploding gradients is drawn from these numbers.
"""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.rnn import state_gradient_norms


def _jacobians(p, x, h0):
    """∂h_T/∂h_t for t = 0 … T as explicit products of one-step Jacobians diag(1 − h²) Uᵀ."""
    trace = gl.rnn_forward(x, p, h0)
    T, H = trace.h.shape
    jac = [None] * (T + 1)
    jac[T] = np.eye(H)
    for t in range(T - 1, -1, -1):
        step = (1 - trace.h[t] ** 2)[:, None] * p.U.T  # ∂h_{t+1}/∂h_t (code: h_t = tanh(h U))
        jac[t] = jac[t + 1] @ step
    return jac


def _finite_difference_jacobian(p, x, h0, t, eps=1e-6):
    """∂h_T/∂h_t by nudging h_t and rerunning steps t + 1 … T."""
    h_t = h0 if t == 0 else gl.rnn_forward(x[:t], p, h0).h_last
    H = h_t.size
    cols = []
    for j in range(H):
        e = np.zeros(H)
        e[j] = eps
        plus = gl.rnn_forward(x[t:], p, h_t + e).h_last
        minus = gl.rnn_forward(x[t:], p, h_t - e).h_last
        cols.append((plus - minus) / (2 * eps))
    return np.stack(cols, axis=1)


@pytest.mark.parametrize("rho", [0.5, 1.0, 1.5])
def test_matches_explicit_jacobian_products(rho):
    """The norms equal those of the products of one-step Jacobians diag(1 − h²) Uᵀ."""
    rng = np.random.default_rng(3)
    p = gl.RNNParams.init(3, 5, seed=1, spectral_radius=rho)
    p.b[:] = rng.normal(0, 0.3, 5)
    x, h0 = rng.normal(size=(9, 3)), rng.normal(0, 0.5, 5)
    jac = _jacobians(p, x, h0)
    for ord_ in (2, "fro"):
        want = [np.linalg.norm(j, ord=ord_) for j in jac]
        np.testing.assert_allclose(state_gradient_norms(p, x, h0, ord=ord_), want,
                                   rtol=1e-12, atol=1e-14)


def test_matches_finite_differences():
    """The spectral norms equal those of finite-difference Jacobians ∂h_T/∂h_t."""
    rng = np.random.default_rng(4)
    p = gl.RNNParams.init(2, 4, seed=2, spectral_radius=1.2)
    x, h0 = rng.normal(size=(6, 2)), rng.normal(0, 0.5, 4)
    norms = state_gradient_norms(p, x, h0)
    for t in (0, 2, 5):
        fd = _finite_difference_jacobian(p, x, h0, t)
        assert abs(np.linalg.norm(fd, ord=2) - norms[t]) < 1e-7 * max(1.0, norms[t])


@pytest.mark.parametrize("rho", [0.8, 1.0, 1.25])
def test_linear_regime_is_powers_of_the_spectral_radius(rho):
    """Chapter 1's rule: near 0 the gradient over k steps scales as ρ^k (vanish or explode).

    Zero input and zero state stay at 0, where tanh' = 1: ∂h_T/∂h_t = (Uᵀ)^(T−t), and an
    orthogonal U scaled to radius ρ has every singular value ρ.
    """
    p = gl.RNNParams.init(1, 6, seed=0, spectral_radius=rho)
    norms = state_gradient_norms(p, np.zeros((12, 1)))
    np.testing.assert_allclose(norms[::-1], rho ** np.arange(13), rtol=1e-10)


def test_shape_and_last_entry():
    """T + 1 norms, the last ‖∂h_T/∂h_T‖ = ‖I‖ (1, or √H for Frobenius)."""
    p = gl.RNNParams.init(3, 4, seed=0)
    norms = state_gradient_norms(p, np.ones((7, 3)))
    assert norms.shape == (8,)
    assert norms[-1] == pytest.approx(1.0)
    assert state_gradient_norms(p, np.ones((7, 3)), ord="fro")[-1] == pytest.approx(2.0)


def test_bad_input_is_explained():
    """A batch, an unknown norm or non-parameters are refused with a clear message."""
    p = gl.RNNParams.init(3, 4, seed=0)
    with pytest.raises(ValueError, match="one sequence"):
        state_gradient_norms(p, np.ones((2, 7, 3)))
    with pytest.raises(ValueError, match="ord"):
        state_gradient_norms(p, np.ones((7, 3)), ord=1)
    with pytest.raises(TypeError, match="RNNParams"):
        state_gradient_norms("not params", np.ones((7, 3)))
