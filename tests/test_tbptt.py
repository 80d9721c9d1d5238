"""Truncated BPTT (gru_lab.tbptt, chapter 4): full BPTT when k = T, the derivative of the
windowed losses with the carried state held constant when k < T, and the bias the chapter
describes (the terms whose path crosses a window boundary, and nothing else).

Every random test draws from its own seeded generator.
"""

import numpy as np
import pytest
from _helpers import random_gru_params

import gru_lab as gl
from gru_lab import tbptt
from gru_lab.tbptt import gradient_agreement, truncated_bptt, window_bounds


def _rnn_params(D, H, seed):
    p = gl.RNNParams.init(D, H, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for a in p.arrays().values():
        a += rng.normal(scale=0.3, size=a.shape)
    return p


MODELS = {
    "gru before": (lambda: random_gru_params(3, 4, False, seed=5), gl.gru_forward,
                   gl.gru_backward),
    "gru after": (lambda: random_gru_params(3, 4, True, seed=6), gl.gru_forward,
                  gl.gru_backward),
    "rnn": (lambda: _rnn_params(3, 4, seed=7), gl.rnn_forward, gl.rnn_backward),
}


def _data(batched, T=7, seed=0):
    rng = np.random.default_rng(seed)
    lead = (2,) if batched else ()
    x = rng.normal(size=lead + (T, 3))
    h0 = rng.normal(scale=0.5, size=lead + (4,))
    w = rng.normal(size=lead + (T, 4))            # L = Σ_t w_t · h_t: a loss at every step
    w_last = rng.normal(size=lead + (4,))         # and an extra one on h_T
    return x, h0, w, w_last


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("batched", [False, True])
def test_k_equal_to_T_is_full_bptt_exactly(model, batched):
    """With one window (k = T) truncated BPTT returns gru_backward's (rnn_backward's)
    gradients bit for bit: weights, inputs and h_0."""
    make, forward, backward = MODELS[model]
    p = make()
    x, h0, w, w_last = _data(batched)
    trace = forward(x, p, h0)
    grads, dx, dh0 = backward(trace, p, dh=w, dh_last=w_last)
    out = truncated_bptt(trace, p, trace.T, dh=w, dh_last=w_last)
    for name in p.names():
        assert np.array_equal(getattr(out.grads, name), getattr(grads, name)), name
    assert np.array_equal(out.dx, dx)
    assert out.dh0.shape == (1,) + dh0.shape and np.array_equal(out.dh0[0], dh0)
    assert out.windows == [(0, trace.T)]


def _windowed_loss(forward, p, x, w, w_last, windows, states):
    """Σ_j L_j: window j's losses, its run starting from ``states[j]``, a constant."""
    total = 0.0
    for j, (t0, t1) in enumerate(windows):
        h = forward(x[..., t0:t1, :], p, states[j]).h
        total += float(np.sum(w[..., t0:t1, :] * h))
        if j == len(windows) - 1:
            total += float(np.sum(w_last * h[..., -1, :]))
    return total


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_windows_match_finite_differences_with_the_carried_state_held_constant(
        model, batched, k):
    """For k < T the gradient (weights, every input, and the gradient at each window's
    initial state, dh0[j]) is the derivative of the windowed losses, each window starting
    from the carried state as a constant (bptt-trunc-sum); it is not the full gradient."""
    make, forward, backward = MODELS[model]
    p = make()
    x, h0, w, w_last = _data(batched, seed=k)
    trace = forward(x, p, h0)
    out = truncated_bptt(trace, p, k, dh=w, dh_last=w_last)
    windows = window_bounds(trace.T, k)
    # the carried states, computed once: h_0, then the last state of each window
    states = [np.array(h0)] + [np.array(trace.h[..., t1 - 1, :]) for _, t1 in windows[:-1]]
    arrays = {**p.arrays(), "x": x, **{f"s{j}": s for j, s in enumerate(states)}}
    analytic = {**out.grads.arrays(), "x": out.dx,
                **{f"s{j}": out.dh0[j] for j in range(len(windows))}}

    def loss():
        return _windowed_loss(forward, p, x, w, w_last, windows, states)

    result = gl.gradcheck(loss, arrays, analytic, eps=1e-5)
    assert result.max_error <= 1e-7, str(result)
    full, _, _ = backward(trace, p, dh=w, dh_last=w_last)
    assert gradient_agreement(out.grads, full)[0] > 1e-3   # truncation changed the gradient


@pytest.mark.parametrize("reset_after", [False, True])
def test_bias_is_exactly_the_paths_that_cross_a_window_boundary(reset_after):
    """The chapter's bptt-trunc-paths: the loss at step s reaches back to steps t <= s of
    its own window under truncation, and to every t <= s under full BPTT; the difference
    between the two gradients is the sum of the paths that cross a boundary."""
    rng = np.random.default_rng(21)
    p = random_gru_params(2, 3, reset_after, seed=9)
    T, k = 8, 3
    x = rng.normal(size=(T, 2))
    trace = gl.gru_forward(x, p)
    dh = rng.normal(size=(T, 3))
    full, dx_full, _ = gl.gru_backward(trace, p, dh=dh)
    trunc = truncated_bptt(trace, p, k, dh=dh)
    start = {t: t0 for t0, t1 in window_bounds(T, k) for t in range(t0, t1)}
    crossing = {n: np.zeros_like(a) for n, a in p.arrays().items()}
    dx_crossing = np.zeros_like(x)
    for s in range(T):   # the loss at step s alone, sent back to step 0, minus to its window
        g_all, dx_all, _ = gl.gru_backward(gl.gru_forward(x[:s + 1], p), p, dh_last=dh[s])
        s0 = start[s]
        h0 = trace.h[s0 - 1] if s0 else None
        g_own, dx_own, _ = gl.gru_backward(gl.gru_forward(x[s0:s + 1], p, h0), p,
                                           dh_last=dh[s])
        for n in crossing:
            crossing[n] += getattr(g_all, n) - getattr(g_own, n)
        dx_crossing[:s + 1] += dx_all
        dx_crossing[s0:s + 1] -= dx_own
    for n in crossing:
        np.testing.assert_allclose(getattr(full, n) - getattr(trunc.grads, n), crossing[n],
                                   atol=1e-12)
    np.testing.assert_allclose(dx_full - trunc.dx, dx_crossing, atol=1e-12)


def test_loss_at_the_last_step_reaches_only_its_window():
    """With only ∂L/∂h_T and windows of k, the inputs of the last window get exactly the full
    gradient and every earlier input gets exactly zero (what the chapter and its exercise say:
    with k < T no gradient from the last step reaches x_1)."""
    rng = np.random.default_rng(3)
    p = random_gru_params(3, 4, False, seed=2)
    T = 12
    trace = gl.gru_forward(rng.normal(size=(T, 3)), p)
    g = rng.normal(size=4)
    _, dx_full, _ = gl.gru_backward(trace, p, dh_last=g)
    for k in (1, 4, 5, 11):
        t0 = window_bounds(T, k)[-1][0]
        dx = truncated_bptt(trace, p, k, dh_last=g).dx
        assert np.all(dx[:t0] == 0.0), k
        np.testing.assert_allclose(dx[t0:], dx_full[t0:], rtol=1e-12, atol=1e-15)
    assert np.all(truncated_bptt(trace, p, T, dh_last=g).dx[0] != 0.0)


def test_window_bounds_cover_every_step_once_in_order():
    """Windows are consecutive blocks of k steps from step 1; the last may be shorter."""
    assert window_bounds(7, 3) == [(0, 3), (3, 6), (6, 7)]
    assert window_bounds(6, 3) == [(0, 3), (3, 6)]
    assert window_bounds(5, 1) == [(t, t + 1) for t in range(5)]
    assert window_bounds(5, 5) == [(0, 5)]
    for T in range(1, 12):
        for k in range(1, T + 1):
            steps = [t for t0, t1 in window_bounds(T, k) for t in range(t0, t1)]
            assert steps == list(range(T))


@pytest.mark.parametrize("k", [0, -1, 8, 100, 2.5, 3.0, True, "3", None])
def test_bad_k_names_k_its_range_and_what_came(k):
    """A window k <= 0, longer than T, or not an integer raises ValueError naming k, the
    range 1 <= k <= T with T's value, and the value given (wording from MESSAGES)."""
    p = random_gru_params(3, 4, False, seed=1)
    trace = gl.gru_forward(np.zeros((7, 3)), p)
    with pytest.raises(ValueError) as info:
        truncated_bptt(trace, p, k, dh_last=np.ones(4))
    assert str(info.value) == tbptt.MESSAGES["k_range"].format(T=7, value=k)
    assert "k (the truncation window" in str(info.value) and "1 <= k <= T = 7" in str(info.value)
    assert f"got {k!r}" in str(info.value)
    with pytest.raises(ValueError, match="k .*1 <= k <= T = 7"):
        window_bounds(7, k)


def test_other_bad_arguments_name_what_is_wrong():
    """A GRU trace with RNN weights, no gradient at all, a dh of the wrong shape (named with
    the whole trace's shape, not a window's), a bad T: each gets its own message."""
    p = random_gru_params(3, 4, False, seed=1)
    trace = gl.gru_forward(np.zeros((7, 3)), p)
    with pytest.raises(TypeError, match="GRUTrace with GRUParams.*got GRUTrace and RNNParams"):
        truncated_bptt(trace, gl.RNNParams.init(3, 4, seed=0), 3, dh_last=np.ones(4))
    with pytest.raises(ValueError, match="needs dh .* or dh_last"):
        truncated_bptt(trace, p, 3)
    with pytest.raises(ValueError, match=r"dh must have shape \(T, H\) = \(7, 4\); got .*\(3, 4\)"):
        truncated_bptt(trace, p, 3, dh=np.ones((3, 4)))
    with pytest.raises(ValueError, match="T .* must be an integer >= 1; got 0"):
        window_bounds(0, 1)
    with pytest.raises(ValueError, match=r"approx\['b'\] must have the shape"):
        gradient_agreement({"b": np.ones(2)}, {"b": np.ones(3)})
    with pytest.raises(ValueError, match="same arrays as exact"):
        gradient_agreement({"a": np.ones(2)}, {"b": np.ones(2)})


def test_gradient_agreement_reads_all_arrays_as_one_vector():
    """Relative error ‖a − e‖/‖e‖ and cosine over every array together (bptt-trunc-bias)."""
    e = {"W": np.array([[3.0, 0.0]]), "b": np.array([4.0])}
    assert gradient_agreement(e, e) == (0.0, 1.0)
    rel, cos = gradient_agreement({"W": np.array([[3.0, 0.0]]), "b": np.array([0.0])}, e)
    assert rel == pytest.approx(4 / 5) and cos == pytest.approx(3 / 5)
    assert gradient_agreement({k: 0 * v for k, v in e.items()}, e) == (1.0, 0.0)


def test_language_model_trains_with_truncated_bptt_and_a_carried_state():
    """CharLanguageModel.loss_and_grads(k=T) is full BPTT; k < T changes only the recurrent
    layer's gradients (the output layer's are the same); the returned h_T carried as the
    next batch's h0 enters as a constant (its run equals the forward pass of both batches)."""
    model = gl.CharLanguageModel(5, 6, seed=0)
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 5, size=(2, 13))
    x, y = ids[:, :-1], ids[:, 1:]
    loss, full, h_T = model.loss_and_grads(x, y)
    loss_k, same, _ = model.loss_and_grads(x, y, k=12)
    assert loss_k == loss and all(np.array_equal(full[n], same[n]) for n in full)
    _, trunc, _ = model.loss_and_grads(x, y, k=4)
    assert all(np.array_equal(full[n], trunc[n]) for n in full if n.startswith("head."))
    assert gradient_agreement({n: trunc[n] for n in full if n.startswith("cell.")},
                              {n: full[n] for n in full if n.startswith("cell.")})[0] > 1e-3
    _, first, h_mid = model.loss_and_grads(x[:, :6], y[:, :6])
    _, second, h_end = model.loss_and_grads(x[:, 6:], y[:, 6:], h0=h_mid)
    np.testing.assert_allclose(h_end, h_T, atol=1e-12)
    loss_s, trace, dh = model.state_gradients(x, y)
    assert loss_s == loss and dh.shape == trace.h.shape == (2, 12, 6)
