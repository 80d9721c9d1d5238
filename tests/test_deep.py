"""Stacked and bidirectional GRUs (gru_lab.deep, chapter 5): BPTT through the stack and both
directions equals finite differences, the layout is PyTorch's, and bad arguments are named.

Keras parity is in tests/test_deep_keras.py, the comparison with torch itself in
tests/test_pytorch_bridge.py.
"""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.deep import DeepGRUParams, deep_gru_backward, deep_gru_forward
from gru_lab.gru_reference import gru_forward_pytorch_convention

CASES = [  # (num_layers, bidirectional, merge_mode, reset_after)
    (1, True, "concat", True),
    (2, True, "concat", True),
    (2, True, "sum", False),
    (3, False, "concat", True),
    (2, False, "concat", False),
]


def _noisy(L, bidirectional, merge_mode, reset_after, D=3, H=4, seed=0):
    p = DeepGRUParams.init(D, H, L, bidirectional=bidirectional, merge_mode=merge_mode,
                           reset_after=reset_after, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for a in p.arrays().values():
        a += rng.normal(scale=0.3, size=a.shape)     # non-zero biases: every term counts
    return p


@pytest.mark.parametrize("L,bi,mode,ra", CASES)
def test_backward_equals_finite_differences(L, bi, mode, ra):
    """Protects deep_gru_backward: every weight of every layer and direction, the input x and
    h0 get the gradient that central differences give, for a loss on the whole output
    sequence and on h_n (so both directions and the stacking are exercised)."""
    p = _noisy(L, bi, mode, ra)
    rng = np.random.default_rng(7)
    B, T = 2, 5
    x = rng.normal(size=(B, T, 3))
    h0 = rng.normal(scale=0.5, size=(L * p.num_directions, B, 4))
    trace = deep_gru_forward(x, p, h0)
    G = rng.normal(size=trace.output.shape)
    G_n = rng.normal(size=trace.h_n.shape)

    def loss():
        tr = deep_gru_forward(x, p, h0)
        return float(np.sum(tr.output * G) + np.sum(tr.h_n * G_n))

    grads, dx, dh0 = deep_gru_backward(trace, p, dy=G, dh_n=G_n)
    arrays = {**p.arrays(), "x": x, "h0": h0}
    analytic = {**grads.arrays(), "x": dx, "h0": dh0}
    result = gl.gradcheck(loss, arrays, analytic, eps=1e-6)
    assert result.max_error < 1e-6, str(result)


def test_one_sequence_and_only_dh_n():
    """Protects the unbatched path and a loss on h_n alone: the same numbers as the batch of
    one, and dx the shape of x."""
    p = _noisy(2, True, "concat", True)
    x = np.random.default_rng(2).normal(size=(6, 3))
    one = deep_gru_forward(x, p)
    batch = deep_gru_forward(x[None], p)
    assert one.output.shape == (6, 8) and one.h_n.shape == (4, 4)
    np.testing.assert_allclose(one.output, batch.output[0])
    g = np.ones((4, 4))
    grads, dx, dh0 = deep_gru_backward(one, p, dh_n=g)
    grads_b, dx_b, _ = deep_gru_backward(batch, p, dh_n=g[:, None])
    assert dx.shape == x.shape and dh0.shape == (4, 4)
    np.testing.assert_allclose(dx, dx_b[0])
    for name, a in grads.arrays().items():
        np.testing.assert_allclose(a, grads_b.arrays()[name], err_msg=name)


def test_backward_direction_reads_the_sequence_reversed():
    """Protects the meaning of the backward direction: a one-layer bidirectional GRU's second
    half of y_t is gru_forward on the reversed sequence, reversed back; its first half is the
    plain forward pass; 'sum' adds the two."""
    p = _noisy(1, True, "concat", True)
    x = np.random.default_rng(3).normal(size=(2, 7, 3))
    y = deep_gru_forward(x, p).output
    fwd = gl.gru_forward(x, p.forward[0]).h
    bwd = gl.gru_forward(x[:, ::-1], p.backward[0]).h[:, ::-1]
    np.testing.assert_allclose(y, np.concatenate([fwd, bwd], axis=-1), atol=1e-14)
    summed = DeepGRUParams(p.forward, p.backward, "sum")
    np.testing.assert_allclose(deep_gru_forward(x, summed).output, fwd + bwd, atol=1e-14)


@pytest.mark.parametrize("L,bi", [(1, False), (2, False), (1, True), (3, True)])
def test_pytorch_layout_and_equations(L, bi):
    """Protects to_pytorch for a stack: nn.GRU's documented equations (numpy transcription),
    fed the state dict, give our output (B, T, directions·H), h_n (L·directions, B, H) and
    PyTorch's z = 1 − ours; from_pytorch reads the stack back exactly."""
    p = _noisy(L, bi, "concat", True)
    rng = np.random.default_rng(4)
    x = rng.normal(size=(3, 6, 3))
    h0 = rng.normal(size=(L * (2 if bi else 1), 3, 4))
    state = gl.to_pytorch(p)
    assert state["weight_ih_l0"].shape == (12, 3) and state["weight_hh_l0"].shape == (12, 4)
    if L > 1:
        assert state["weight_ih_l1"].shape == (12, 8 if bi else 4)
    assert ("weight_ih_l0_reverse" in state) == bi
    out, h_n, gates = gru_forward_pytorch_convention(x, state, num_layers=L,
                                                     bidirectional=bi, h0=h0)
    ours = deep_gru_forward(x, p, h0)
    assert out.shape == (3, 6, (2 if bi else 1) * 4) and h_n.shape == h0.shape
    np.testing.assert_allclose(out, ours.output, atol=1e-12)
    np.testing.assert_allclose(h_n, ours.h_n, atol=1e-12)
    np.testing.assert_allclose(gates["z"], 1 - ours.traces[0][0].z, atol=1e-12)
    back = gl.from_pytorch(state, num_layers=L, bidirectional=bi)
    np.testing.assert_allclose(deep_gru_forward(x, back, h0).output, ours.output, atol=1e-12)


# ---- bad arguments: named, with what is expected and what was given -------------------------

P1 = gl.GRUParams.init(3, 4, reset_after=True, seed=0)
P2 = gl.GRUParams.init(8, 4, reset_after=True, seed=1)


@pytest.mark.parametrize("kwargs, exc, pattern", [
    ({"forward": [P1, P2], "backward": [P1]}, ValueError,
     r"^backward must hold one GRUParams per layer: 2 layer\(s\), as forward has; got 1\.$"),
    ({"forward": [P1], "backward": [P1], "merge_mode": "mul"}, ValueError,
     r"^merge_mode must be one of \('concat', 'sum'\); got 'mul'\.$"),
    ({"forward": [P1, P1]}, ValueError,
     r"^forward\[1\] reads the output of the layer below \(H = 4\), so its input size must be "
     r"D = 4; got D = 3"),
    ({"forward": [P1, P1], "backward": [P1, P1]}, ValueError,
     r"^forward\[1\] reads the output of the layer below \(merge_mode='concat': 2H = 8\), so its "
     r"input size must be D = 8; got D = 3"),
    ({"forward": [P1, P2], "backward": [P1, P2], "merge_mode": "sum"}, ValueError,
     r"^forward\[1\] reads the output of the layer below \(merge_mode='sum': H = 4\), so its input "
     r"size must be D = 4; got D = 8"),
    ({"forward": P1}, TypeError, r"^forward must be a list of at least one GRUParams"),
    ({"forward": [P1, "W"]}, TypeError, r"^forward\[1\] must be a GRUParams .*; got str\.$"),
])
def test_bad_stacks_are_named(kwargs, exc, pattern):
    """Protects the messages: a wrong number of layers' parameters, a wrong merge mode and a
    layer whose input size does not fit the layer below each name the argument, what it
    expects and what it got."""
    with pytest.raises(exc, match=pattern):
        DeepGRUParams(**kwargs)


def test_init_refuses_a_wrong_merge_mode_and_layer_count():
    """Protects DeepGRUParams.init's arguments: merge_mode and num_layers are named."""
    with pytest.raises(ValueError, match=r"^merge_mode must be one of .*got 'ave'"):
        DeepGRUParams.init(3, 4, 2, bidirectional=True, merge_mode="ave")
    with pytest.raises(ValueError, match=r"^num_layers must be a positive integer; got 0"):
        DeepGRUParams.init(3, 4, 0)


def test_h0_and_dh_n_shapes_are_checked():
    """Protects deep_gru_forward's h0 and deep_gru_backward's arguments: (L·directions, B, H)
    named with the expected and the given shape; a list of the wrong length is counted."""
    p = _noisy(2, True, "concat", True)
    x = np.zeros((2, 3, 3))
    with pytest.raises(ValueError, match=r"^h0 must have shape \(L·directions, B, H\) = "
                                         r"\(4, 2, 4\); got shape \(2, 2, 4\)"):
        deep_gru_forward(x, p, np.zeros((2, 2, 4)))
    with pytest.raises(ValueError, match=r"L·directions = 4; got 2"):
        deep_gru_forward(x, p, [np.zeros((2, 4))] * 2)
    tr = deep_gru_forward(x, p)
    with pytest.raises(ValueError, match=r"^deep_gru_backward needs dy"):
        deep_gru_backward(tr, p)
    with pytest.raises(ValueError, match=r"^dy must have shape \(B, T, O\) = \(2, 3, 8\)"):
        deep_gru_backward(tr, p, dy=np.zeros((2, 3, 4)))
    with pytest.raises(ValueError, match=r"^params does not match the trace"):
        deep_gru_backward(tr, _noisy(1, True, "concat", True), dy=np.zeros((2, 3, 8)))


def test_pytorch_bridge_refuses_wrong_layer_counts_and_sum():
    """Protects from_pytorch/to_pytorch on stacks: a state with more layers (or a reverse
    direction) than asked for is refused with the count it holds; PyTorch cannot sum."""
    p = _noisy(2, True, "concat", True)
    state = gl.to_pytorch(p)
    with pytest.raises(ValueError, match=r"^num_layers = 1 and bidirectional = False, but "
                                         r"state holds the parameters of 2 layer\(s\)"):
        gl.from_pytorch(state)
    with pytest.raises(KeyError, match=r"weight_hh_l2"):
        gl.from_pytorch(state, num_layers=3, bidirectional=True)
    with pytest.raises(ValueError, match=r"merge_mode='concat'; got merge_mode='sum'"):
        gl.to_pytorch(DeepGRUParams(p.forward[:1], p.backward[:1], "sum"))
    before = gl.GRUParams.init(3, 4, seed=0)
    with pytest.raises(ValueError, match=r"params\.forward\[0\]\.reset_after must be True"):
        gl.to_pytorch(DeepGRUParams([before]))

