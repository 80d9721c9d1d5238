"""Students' mistakes are the normal case: every bad input gets a clear error.

Each message must name the argument, the expected shape in the book's symbols (T, B, D, H)
and what was given. Nothing is broadcast silently and the caller's arrays are never changed.
"""

import numpy as np
import pytest

import gru_lab as gl

P = gl.GRUParams.init(3, 4, seed=0)
R = gl.RNNParams.init(3, 4, seed=0)


@pytest.mark.parametrize(
    "x, exc, pattern",
    [
        (np.zeros(3), ValueError, r"x must have shape \(T, D\) .* or \(B, T, D\).*got .*\(3,\)"),
        (np.zeros((2, 2, 2, 3)), ValueError, r"x must have shape .*got .*\(2, 2, 2, 3\) \(4-D\)"),
        (np.zeros((5, 2)), ValueError, r"x must have shape \(T, D\) with D = 3.* \(5, 2\)"),
        (np.zeros((2, 5, 4)), ValueError, r"x must have shape \(B, T, D\) with D = 3;.*D = 4"),
        (np.zeros((0, 3)), ValueError, r"at least one time step"),
        (np.array([["a", "b", "c"]]), TypeError, r"x must hold real numbers .*got dtype <U1"),
        (np.zeros((2, 3), dtype=complex), TypeError, r"x must be real.*complex"),
        ([[1.0, 2.0, 3.0], [1.0, 2.0]], ValueError, r"x is a ragged list"),
        (np.array([[1.0, np.nan, 0.0]]), ValueError, r"x contains 1 NaN .*index \(0, 1\)"),
        (np.array([[1.0, np.inf, 0.0]]), ValueError, r"x contains 1 NaN or infinite"),
    ],
)
@pytest.mark.parametrize("forward, params", [(gl.gru_forward, P), (gl.rnn_forward, R)])
def test_bad_x(forward, params, x, exc, pattern):
    with pytest.raises(exc, match=pattern):
        forward(x, params)


@pytest.mark.parametrize(
    "x, h0, pattern",
    [
        (np.zeros((5, 3)), np.zeros(5), r"h0 must have shape \(H,\) = \(4,\); got shape \(5,\)"),
        (np.zeros((5, 3)), np.zeros((1, 4)), r"h0 must have shape \(H,\) = \(4,\).*got .*\(1, 4\)"),
        (np.zeros((2, 5, 3)), np.zeros(4), r"h0 must have shape \(B, H\) = \(2, 4\)"),
        (np.zeros((2, 5, 3)), np.full((2, 4), np.nan), r"h0 contains 8 NaN"),
    ],
)
def test_bad_h0(x, h0, pattern):
    with pytest.raises(ValueError, match=pattern):
        gl.gru_forward(x, P, h0)


def test_integer_input_is_converted_not_rejected():
    t = gl.gru_forward(np.ones((2, 3), dtype=int), P)
    assert t.h.dtype == np.float64


def test_params_shape_mismatch_names_the_array():
    good = {n: a for n, a in P.arrays().items()}
    with pytest.raises(ValueError, match=r"U_r must have shape \(H, H\) with D = 3, H = 4"):
        gl.GRUParams(**{**good, "U_r": np.zeros((3, 4))})
    with pytest.raises(ValueError, match=r"b_h must have shape \(H,\) with D = 3, H = 4"):
        gl.GRUParams(**{**good, "b_h": np.zeros(5)})
    with pytest.raises(ValueError, match=r"W_h must have shape \(D, H\).*got shape \(4, 3\)"):
        gl.GRUParams(**{**good, "W_h": np.zeros((4, 3))})
    W_bad = np.zeros((3, 4))
    W_bad[1, 2] = np.nan
    with pytest.raises(ValueError, match=r"W_z contains 1 NaN .*index \(1, 2\)"):
        gl.GRUParams(**{**good, "W_z": W_bad})
    with pytest.raises(ValueError, match=r"c_h .* only used when reset_after=True"):
        gl.GRUParams(**good, c_h=np.ones(4))


def test_backward_errors():
    t = gl.gru_forward(np.zeros((5, 3)), P)
    with pytest.raises(ValueError, match="needs dh .* or dh_last"):
        gl.gru_backward(t, P)
    with pytest.raises(ValueError, match=r"dh must have shape \(T, H\) = \(5, 4\).*\(4, 4\)"):
        gl.gru_backward(t, P, dh=np.zeros((4, 4)))
    with pytest.raises(ValueError, match=r"dh_last must have shape \(H,\) = \(4,\)"):
        gl.gru_backward(t, P, dh_last=np.zeros(3))
    with pytest.raises(TypeError, match="trace must be the GRUTrace"):
        gl.gru_backward(np.zeros(3), P, dh_last=np.zeros(4))
    other = gl.GRUParams.init(3, 4, reset_after=True)
    with pytest.raises(ValueError, match="reset_after"):
        gl.gru_backward(t, other, dh_last=np.zeros(4))


def test_wrong_params_type():
    with pytest.raises(TypeError, match="params must be a GRUParams; got RNNParams"):
        gl.gru_forward(np.zeros((2, 3)), R)
    with pytest.raises(ValueError, match="hidden_size must be a positive integer; got 0"):
        gl.GRUParams.init(3, 0)


def test_inputs_are_never_modified_even_when_converted():
    x = np.arange(6, dtype=np.int64).reshape(2, 3)
    keep = x.copy()
    gl.gru_forward(x, P)
    np.testing.assert_array_equal(x, keep)
