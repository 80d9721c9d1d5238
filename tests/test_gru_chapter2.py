"""The functions chapter 2, "The GRU's gates", calls, from gru_lab.gru and gru_lab.gru_reference.

* ``gru_forward_keras_convention`` (gru_reference): Keras's own equations from Keras's packed
  weights must give the book's states exactly, with Keras's z equal to 1 − the book's z (the
  chapter prints both differences); and, where Keras is installed, the same states as a real
  ``keras.layers.GRU``.
* ``state_gradient_norms`` (gru): ‖∂h_T/∂h_t‖ from gru_backward against finite differences.
* ``gru_step_details`` (gru_reference): the pre-activations of the worked example.
"""

import numpy as np
import pytest
from _helpers import random_gru_params

import gru_lab as gl
from gru_lab.gru import state_gradient_norms
from gru_lab.gru_reference import gru_forward_keras_convention, gru_step_details

_random_params = random_gru_params


def test_the_chapters_names_still_work():
    """Chapter 2 and the appendix call gl.gru.gru_step_details and
    gl.gru.gru_forward_keras_convention: those names are the reference functions."""
    assert gl.gru.gru_step_details is gru_step_details
    assert gl.gru.gru_forward_keras_convention is gru_forward_keras_convention
    with pytest.raises(AttributeError, match="no attribute 'gru_not_there'"):
        gl.gru.gru_not_there  # noqa: B018


@pytest.mark.parametrize("reset_after", [False, True])
@pytest.mark.parametrize("batched", [False, True])
def test_keras_convention_gives_the_books_states(reset_after, batched):
    """Keras's equations on Keras's arrays = the book's GRU, with z_keras = 1 − z."""
    p = _random_params(3, 4, reset_after, seed=2)
    rng = np.random.default_rng(3)
    shape = (2, 7, 3) if batched else (7, 3)
    x = rng.normal(size=shape)
    h0 = rng.normal(size=shape[:-2] + (4,))
    ours = gl.gru_forward(x, p, h0)
    h, z, r, h_tilde = gru_forward_keras_convention(x, *gl.to_keras(p), reset_after=reset_after,
                                                    h0=h0)
    np.testing.assert_allclose(h, ours.h, atol=1e-13)
    np.testing.assert_allclose(z, 1.0 - ours.z, atol=1e-13)   # Keras's z is 1 − ours
    np.testing.assert_allclose(r, ours.r, atol=1e-13)
    np.testing.assert_allclose(h_tilde, ours.h_tilde, atol=1e-13)


def test_keras_convention_without_bias_and_shape_errors():
    """bias=None is use_bias=False (zero biases); wrong kernel or bias shapes are named."""
    p = gl.GRUParams.init(2, 3, seed=0)          # zero biases: bias=None means the same
    x = np.ones((4, 2))
    h, *_ = gru_forward_keras_convention(x, *gl.to_keras(p)[:2], reset_after=False)
    np.testing.assert_allclose(h, gl.gru_forward(x, p).h, atol=1e-14)
    kernel, rec, bias = gl.to_keras(p)
    with pytest.raises(ValueError, match="bias"):
        gru_forward_keras_convention(x, kernel, rec, bias, reset_after=True)
    with pytest.raises(ValueError, match="kernel"):
        gru_forward_keras_convention(x, kernel[:, :-1], rec, bias, reset_after=False)


@pytest.mark.keras
@pytest.mark.parametrize("reset_after", [False, True])
def test_keras_convention_matches_a_real_keras_layer(reset_after):
    """The transcription of Keras's GRUCell gives a real keras.layers.GRU's outputs."""
    pytest.importorskip("keras")
    import keras

    layer = keras.layers.GRU(3, reset_after=reset_after, return_sequences=True, dtype="float64")
    x = np.random.default_rng(0).normal(size=(1, 5, 2))
    layer.build((None, None, 2))
    rng = np.random.default_rng(1)
    layer.set_weights([w + rng.normal(scale=0.3, size=w.shape) for w in layer.get_weights()])
    want = np.asarray(layer(x))
    h, *_ = gru_forward_keras_convention(x, *layer.get_weights(), reset_after=reset_after)
    np.testing.assert_allclose(h, want, atol=1e-10)


def _jacobian_fd(p, x, h0, t, eps=1e-6):
    """∂h_T/∂h_t by central differences, re-running the GRU from a nudged h_t."""
    trace = gl.gru_forward(x, p, h0)
    states = np.concatenate([trace.h0[None], trace.h])
    H = p.hidden_size
    J = np.zeros((H, H))
    for j in range(H):
        d = np.zeros(H)
        d[j] = eps
        plus = gl.gru_forward(x[t:], p, states[t] + d).h_last
        minus = gl.gru_forward(x[t:], p, states[t] - d).h_last
        J[:, j] = (plus - minus) / (2 * eps)
    return J


@pytest.mark.parametrize("reset_after", [False, True])
def test_state_gradient_norms_against_finite_differences(reset_after):
    """‖∂h_T/∂h_t‖ (spectral and Frobenius) equals the norm of a finite-difference Jacobian."""
    p = _random_params(2, 3, reset_after, seed=5)
    rng = np.random.default_rng(6)
    x, h0 = rng.normal(size=(6, 2)), rng.normal(size=3)
    norms = state_gradient_norms(p, x, h0)
    fro = state_gradient_norms(p, x, h0, ord="fro")
    assert norms.shape == (7,) and norms[-1] == 1.0 and fro[-1] == pytest.approx(np.sqrt(3))
    for t in range(6):
        J = _jacobian_fd(p, x, h0, t)
        assert norms[t] == pytest.approx(np.linalg.norm(J, 2), rel=1e-6)
        assert fro[t] == pytest.approx(np.linalg.norm(J, "fro"), rel=1e-6)


def test_state_gradient_norms_copy_when_z_is_zero():
    """z ≈ 0 makes every step a copy, so every Jacobian is ≈ I (chapter 2's argument)."""
    p = gl.GRUParams.init(2, 4, seed=0)
    p.b_z[:] = -40.0                       # z ≈ 0: every step copies the state
    norms = state_gradient_norms(p, np.ones((20, 2)))
    np.testing.assert_allclose(norms, 1.0, atol=1e-12)


def test_state_gradient_norms_rejects_bad_input():
    """A batch, an unknown norm or an RNN's parameters are refused with a clear message."""
    p = gl.GRUParams.init(2, 3, seed=0)
    with pytest.raises(ValueError, match="one sequence"):
        state_gradient_norms(p, np.ones((2, 4, 2)))
    with pytest.raises(ValueError, match="ord"):
        state_gradient_norms(p, np.ones((4, 2)), ord=1)
    with pytest.raises(TypeError, match="GRUParams"):
        state_gradient_norms(gl.RNNParams.init(2, 3, seed=0), np.ones((4, 2)))


@pytest.mark.parametrize("reset_after", [False, True])
def test_gru_step_details(reset_after):
    """The worked example's pre-activations a_z, a_r, a_h give gru_step's z, r, ĥ and h."""
    p = _random_params(2, 3, reset_after, seed=8)
    x_t, h_prev = np.array([0.5, -1.0]), np.array([0.1, -0.2, 0.3])
    d = gru_step_details(x_t, h_prev, p)
    h, z, r, h_tilde = gl.gru_step(x_t, h_prev, p)
    assert list(d) == ["a_z", "z", "a_r", "r", "a_h", "h_tilde", "h"]
    np.testing.assert_allclose(gl.sigmoid(d["a_z"]), z, atol=1e-15)
    np.testing.assert_allclose(gl.sigmoid(d["a_r"]), r, atol=1e-15)
    np.testing.assert_allclose(np.tanh(d["a_h"]), h_tilde, atol=1e-15)
    np.testing.assert_allclose(d["h"], h, atol=0)
