"""Students' mistakes are the normal case: every bad input gets a clear error.

Each message must name the argument, the expected shape in the book's symbols (T, B, D, H)
and what was given. Nothing is broadcast silently and the caller's arrays are never changed.
"""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab._checks import MESSAGES
from gru_lab.gru_reference import gru_forward_keras_convention

P = gl.GRUParams.init(3, 4, seed=0)
P_AFTER = gl.GRUParams.init(3, 4, seed=0, reset_after=True)
R = gl.RNNParams.init(3, 4, seed=0)
DENSE = gl.DenseParams.init(4, 5, seed=0)


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
    """Every kind of bad x raises a message naming x, its expected shape and what came."""
    with pytest.raises(exc, match=pattern):
        forward(x, params)


@pytest.mark.parametrize("forward, params, who", [(gl.gru_forward, P, "a GRU"),
                                                  (gl.rnn_forward, R, "an RNN")])
def test_nan_message_names_the_model_it_came_from(forward, params, who):
    """The NaN message says which model needs finite numbers (an RNN is not "a GRU")."""
    with pytest.raises(ValueError) as info:
        forward(np.array([[0.0, 0.0, 0.0], [1.0, np.nan, 0.0]]), params)
    assert str(info.value) == MESSAGES["nonfinite"].format(name="x", count=1, index=(1, 1),
                                                           who=who)


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
    """A wrong-shaped or NaN h0 is refused with its expected shape (H,) or (B, H)."""
    with pytest.raises(ValueError, match=pattern):
        gl.gru_forward(x, P, h0)


def test_integer_input_is_converted_not_rejected():
    """Integer x is a normal input: it becomes float64, it is not an error."""
    t = gl.gru_forward(np.ones((2, 3), dtype=int), P)
    assert t.h.dtype == np.float64


@pytest.mark.parametrize("changes, pattern", [
    ({"U_r": np.zeros((3, 4))}, r"U_r must have shape \(H, H\) with D = 3, H = 4"),
    ({"b_h": np.zeros(5)}, r"b_h must have shape \(H,\) with D = 3, H = 4"),
    ({"W_h": np.zeros((4, 3))}, r"W_h must have shape \(D, H\).*got shape \(4, 3\)"),
    ({"W_z": np.zeros(3)}, r"W_z must have shape \(D, H\); got an array of shape \(3,\)"),
    ({"c_h": np.ones(4)}, r"c_h .* only used when reset_after=True"),
])
def test_params_shape_mismatch_names_the_array(changes, pattern):
    """A GRUParams array of the wrong shape is named, with D and H read from W_z."""
    with pytest.raises(ValueError, match=pattern):
        gl.GRUParams(**{**P.arrays(), **changes})


def _nonfinite(name, count, index, who):
    return MESSAGES["nonfinite"].format(name=name, count=count, index=index, who=who)


def _spoil(arr, value):
    """A copy with ``value`` at the last position and at the first-but-one: two bad values,
    so that the message must report the first one and count both."""
    out = np.array(arr, dtype=float, copy=True)
    last = tuple(n - 1 for n in out.shape)
    first = (0,) * (out.ndim - 1) + (min(1, out.shape[-1] - 1),)
    out[last] = out[first] = value
    return out, first


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("cls, params, who", [
    (gl.GRUParams, P_AFTER, "a GRU"), (gl.RNNParams, R, "an RNN"),
    (gl.DenseParams, DENSE, "a dense layer")])
def test_params_constructors_reject_nan_and_inf(cls, params, who, value):
    """Every parameter constructor refuses NaN and ±inf in every array, naming the array, the
    first bad position and the model, in the wording of _checks.MESSAGES."""
    arrays = params.arrays()
    options = {"reset_after": True} if cls is gl.GRUParams else {}
    for name, arr in arrays.items():
        bad, first = _spoil(arr, value)
        with pytest.raises(ValueError) as info:
            cls(**{**arrays, name: bad}, **options)
        assert str(info.value) == _nonfinite(name, 2, first, who)


class _FakeKerasGRU:
    """What from_keras reads from a Keras layer: get_weights, get_config, reset_after."""

    def __init__(self, weights, reset_after):
        self.weights, self.reset_after = weights, reset_after

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def get_config(self):
        return {"activation": "tanh", "recurrent_activation": "sigmoid"}


@pytest.mark.parametrize("params", [P, P_AFTER], ids=["reset before", "reset after"])
@pytest.mark.parametrize("i, name", [(0, "the layer's kernel"),
                                     (1, "the layer's recurrent_kernel"),
                                     (2, "the layer's bias")])
def test_from_keras_rejects_nan_in_the_layers_own_arrays(params, i, name):
    """from_keras names the Keras array and the position in it (not W_z or b_r after the
    unpacking), and round-trips a clean layer."""
    weights = gl.to_keras(params)
    layer = _FakeKerasGRU(weights, params.reset_after)
    back = gl.from_keras(layer)
    for n in params.names():
        np.testing.assert_allclose(getattr(back, n), getattr(params, n), atol=1e-15)
    weights[i], first = _spoil(weights[i], np.nan)
    with pytest.raises(ValueError) as info:
        gl.from_keras(_FakeKerasGRU(weights, params.reset_after))
    assert str(info.value) == _nonfinite(name, 2, first, "a GRU")


@pytest.mark.parametrize("key", ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
def test_from_pytorch_names_the_state_entry_the_caller_passed(key):
    """A NaN in state['weight_ih_l0'][0, 0] is reported as exactly that (it used to be
    called W_r, the block it lands in after transposing and reordering)."""
    state = gl.to_pytorch(P_AFTER)
    state[key] = np.array(state[key], dtype=float)
    state[key][(0,) * state[key].ndim] = np.nan
    with pytest.raises(ValueError) as info:
        gl.from_pytorch(state)
    assert str(info.value) == _nonfinite(f"state[{key!r}]", 1, (0,) * state[key].ndim,
                                         "a GRU")


@pytest.mark.parametrize("state, exc, pattern", [
    ({"weight_hh_l0": np.zeros((12, 4))}, KeyError, r"state has no 'weight_ih_l0'"),
    ({"weight_ih_l0": np.zeros((12, 3)), "weight_hh_l0": np.zeros((12, 5))}, ValueError,
     r"state\['weight_hh_l0'\] must have shape \(3H, H\) with H = 5 = \(15, 5\)"),
    ({"weight_ih_l0": np.zeros((9, 3)), "weight_hh_l0": np.zeros((12, 4))}, ValueError,
     r"state\['weight_ih_l0'\] must have shape \(3H, D\) with H = 4"),
    ({"weight_ih_l0": np.zeros((12, 3)), "weight_hh_l0": np.zeros((12, 4)),
      "bias_ih_l0": np.zeros(11)}, ValueError, r"state\['bias_ih_l0'\] must have shape \(3H,\)"),
])
def test_from_pytorch_shape_errors_name_the_state_entry(state, exc, pattern):
    """from_pytorch checks each state entry's shape under the caller's own key."""
    with pytest.raises(exc, match=pattern):
        gl.from_pytorch(state)


def test_keras_convention_reference_rejects_nan_weights():
    """The hand-check reference takes Keras's packed arrays: NaN there is named too."""
    kernel, recurrent, bias = gl.to_keras(P_AFTER)
    kernel = kernel.copy()
    kernel[2, 7] = np.inf
    with pytest.raises(ValueError) as info:
        gru_forward_keras_convention(np.ones((2, 3)), kernel, recurrent, bias)
    assert str(info.value) == _nonfinite("kernel", 1, (2, 7), "a GRU")


def test_backward_errors():
    """gru_backward: no gradient, wrong shapes, a foreign trace, mismatched reset_after."""
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
    """The wrong parameter class or size is named: an RNN's weights are no GRU's."""
    with pytest.raises(TypeError, match="params must be a GRUParams; got RNNParams"):
        gl.gru_forward(np.zeros((2, 3)), R)
    with pytest.raises(TypeError, match="params must be an RNNParams; got GRUParams"):
        gl.rnn_forward(np.zeros((2, 3)), P)
    with pytest.raises(ValueError, match="hidden_size must be a positive integer; got 0"):
        gl.GRUParams.init(3, 0)
    with pytest.raises(ValueError, match="num_classes must be a positive integer; got 2.5"):
        gl.DenseParams.init(3, 2.5)


def test_inputs_are_never_modified_even_when_converted():
    """Converting the caller's integer x never writes into it."""
    x = np.arange(6, dtype=np.int64).reshape(2, 3)
    keep = x.copy()
    gl.gru_forward(x, P)
    np.testing.assert_array_equal(x, keep)
