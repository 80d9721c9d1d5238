"""Connectivity (Madsen 2019), gate clamps and the SimpleRNN bridge (text generation and
sentiment pages).

connectivity() is checked against central finite differences of the logit it differentiates,
for both GRU variants, the vanilla RNN and a clamped GRU; clamp_gates() against the gate values
it promises and its bad arguments; rnn_from_keras() against Keras's own SimpleRNN.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from _helpers import random_gru_params

import gru_lab as gl
from gru_lab import apps
from gru_lab.ablation import clamp_gates, gate_bias
from gru_lab.connectivity import connectivity, look_back, mean_by_lag

T, D, H, K = 7, 3, 4, 5


def _rnn_params(seed):
    p = gl.RNNParams.init(D, H, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for a in p.arrays().values():
        a += rng.normal(scale=0.5, size=a.shape)
    return p


def _logit(params, x, V, t, k):
    forward = gl.gru_forward if isinstance(params, gl.GRUParams) else gl.rnn_forward
    return forward(x, params).h[t] @ V[:, k]


def _finite_difference_connectivity(params, x, V, targets, eps=1e-6):
    C = np.zeros((len(x), len(x)))
    for t, k in enumerate(targets):
        for t2 in range(len(x)):
            grad = np.zeros(D)
            for d in range(D):
                xp, xm = x.copy(), x.copy()
                xp[t2, d] += eps
                xm[t2, d] -= eps
                grad[d] = (_logit(params, xp, V, t, k) - _logit(params, xm, V, t, k)) / (2 * eps)
            C[t, t2] = np.linalg.norm(grad)
    return C


MODELS = {
    "gru-reset-before": lambda: random_gru_params(D, H, False, seed=3),
    "gru-reset-after": lambda: random_gru_params(D, H, True, seed=4),
    "vanilla-rnn": lambda: _rnn_params(5),
    "gru-z-clamped": lambda: clamp_gates(random_gru_params(D, H, True, seed=6), z=0.3),
    "gru-r-open": lambda: clamp_gates(random_gru_params(D, H, False, seed=7), r=1.0),
}


@pytest.mark.parametrize("model", MODELS)
def test_connectivity_matches_finite_differences(model):
    """Every entry ‖∂s_t/∂x_t′‖ computed by BPTT equals central finite differences (float64,
    1e-6 relative), including t′ > t, where both must be 0."""
    params = MODELS[model]()
    rng = np.random.default_rng(11)
    x = rng.normal(size=(T, D))
    V = rng.normal(size=(H, K))
    targets = rng.integers(0, K, size=T)
    C = connectivity(params, x, V, targets)
    ref = _finite_difference_connectivity(params, x, V, targets)
    assert C.shape == (T, T)
    np.testing.assert_allclose(C, ref, rtol=1e-6, atol=1e-9)
    assert np.all(np.triu(C, k=1) == 0)


def test_connectivity_rows_are_batched_in_chunks_without_changing_them(monkeypatch):
    """Rows computed in chunks of 2 equal rows computed all at once (the chunking that keeps
    the memory small must not change a number)."""
    import gru_lab.connectivity as conn

    params = random_gru_params(D, H, True, seed=8)
    rng = np.random.default_rng(2)
    x, V, targets = rng.normal(size=(T, D)), rng.normal(size=(H, K)), rng.integers(0, K, T)
    whole = connectivity(params, x, V, targets)
    monkeypatch.setattr(conn, "_CHUNK", 2)
    np.testing.assert_allclose(connectivity(params, x, V, targets), whole, rtol=1e-12)


@pytest.mark.parametrize("kwargs, pattern", [
    ({"targets": np.arange(T) + 1},
     r"targets holds class indices .*\[0, 5\).*got values from 1 to 7"),
    ({"targets": np.zeros(T - 1, int)},
     r"targets must have shape \(T,\) = \(7,\); got shape \(6,\)"),
    ({"targets": np.zeros(T)}, r"targets must hold integer class indices.*float64"),
    ({"V": np.zeros((H + 1, K))}, r"V must have shape \(H, K\) with H = 4.*H = 5"),
    ({"x": np.zeros((2, T, D))}, r"connectivity takes one sequence x of shape \(T, D\)"),
])
def test_connectivity_bad_arguments_name_them(kwargs, pattern):
    """Wrong targets, V or x raise a ValueError naming the argument, the expected shape or
    range, and what was given."""
    args = {"x": np.zeros((T, D)), "V": np.zeros((H, K)), "targets": np.zeros(T, int)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=pattern):
        connectivity(random_gru_params(D, H, False, seed=0), args["x"], args["V"],
                     args["targets"])


def test_look_back_and_mean_by_lag_on_a_known_matrix():
    """mean_by_lag averages each diagonal below the main one; look_back is the first lag
    under the fraction of lag 0, and T when the mean never gets that low."""
    C = np.tril(np.fromfunction(lambda t, s: 0.5 ** (t - s), (6, 6)))
    np.testing.assert_allclose(mean_by_lag(C), 0.5 ** np.arange(6))
    assert look_back(C, 0.1) == 4             # 0.5**4 = 0.0625 < 0.1 <= 0.5**3
    assert look_back(C, 0.01) == 6            # never below 0.01 within 6 lags


# ---------------------------------------------------------------- clamps

@pytest.mark.parametrize("reset_after", [False, True])
@pytest.mark.parametrize("gate, value", [("z", 0.0), ("z", 0.25), ("z", 1.0), ("r", 1.0),
                                         ("r", 0.5)])
def test_clamped_gate_holds_its_value_at_every_step(reset_after, gate, value):
    """gru_forward of the clamped model has the gate equal to the constant at every step and
    unit (exactly at 0 and 1), and the other gate's weights are untouched."""
    params = random_gru_params(D, H, reset_after, seed=1)
    clamped = clamp_gates(params, **{gate: value})
    x = np.random.default_rng(0).normal(size=(2, T, D))
    tr = gl.gru_forward(x, clamped)
    np.testing.assert_allclose(getattr(tr, gate), value, rtol=0, atol=1e-15)
    if value in (0.0, 1.0):
        assert np.all(getattr(tr, gate) == value)
    other = "r" if gate == "z" else "z"
    for name in (f"W_{other}", f"U_{other}", f"b_{other}", "W_h", "U_h", "b_h"):
        np.testing.assert_array_equal(getattr(clamped, name), getattr(params, name))
    assert np.all(getattr(params, f"W_{gate}") != 0), "the caller's params were changed"


def test_z_zero_keeps_the_initial_state_and_z_one_follows_the_candidate():
    """z = 0 copies h_0 at every step (the input never enters); z = 1 makes h_t = ĥ_t (up to
    the rounding of h + z (ĥ − h))."""
    params = random_gru_params(D, H, True, seed=2)
    x = np.random.default_rng(1).normal(size=(T, D))
    h0 = np.linspace(-0.5, 0.5, H)
    frozen = gl.gru_forward(x, clamp_gates(params, z=0.0), h0=h0)
    np.testing.assert_array_equal(frozen.h, np.broadcast_to(h0, (T, H)))
    replaced = gl.gru_forward(x, clamp_gates(params, z=1.0))
    np.testing.assert_allclose(replaced.h, replaced.h_tilde, rtol=0, atol=1e-15)


def test_gate_bias_inverts_the_sigmoid():
    """σ(gate_bias(c)) = c inside (0, 1), and exactly 0 or 1 at the ends."""
    for c in (1e-6, 0.1, 0.5, 0.9, 1 - 1e-6):
        assert abs(gl.sigmoid(gate_bias(c)) - c) < 1e-15
    assert gl.sigmoid(gate_bias(0.0)) == 0.0 and gl.sigmoid(gate_bias(1.0)) == 1.0


@pytest.mark.parametrize("kwargs, exc, pattern", [
    ({"z": 1.5}, ValueError, r"z must be a number in \[0, 1\] .*update gate.*got 1\.5"),
    ({"z": -0.1}, ValueError, r"z must be a number in \[0, 1\].*got -0\.1"),
    ({"r": 2}, ValueError, r"r must be a number in \[0, 1\] .*reset gate.*got 2"),
    ({"z": float("nan")}, ValueError, r"z must be a number in \[0, 1\].*got nan"),
    ({"z": "0.5"}, TypeError, r"z must be a number in \[0, 1\].*got '0\.5'"),
    ({"r": True}, TypeError, r"r must be a number in \[0, 1\].*got True"),
])
def test_clamp_outside_zero_one_names_the_argument(kwargs, exc, pattern):
    """A clamp value outside [0, 1] (or not a number) raises, naming z or r, the range and
    what was given."""
    with pytest.raises(exc, match=pattern):
        clamp_gates(random_gru_params(D, H, False, seed=0), **kwargs)


def test_clamp_needs_a_gru():
    """clamp_gates on a vanilla RNN says it needs a GRUParams."""
    with pytest.raises(TypeError, match="params must be a GRUParams; got RNNParams"):
        clamp_gates(_rnn_params(0), z=0.5)


# ---------------------------------------------------------------- perplexity helpers

def test_perplexity_of_the_uniform_guess_is_the_vocabulary_size():
    """exp(log K) = K, and the unigram cross-entropy of a text scored on itself with add-one
    smoothing is what its formula gives."""
    assert apps.perplexity(np.log(65)) == pytest.approx(65)
    train = np.array([0, 0, 1, 2])
    p = (np.bincount(train, minlength=4) + 1) / (4 + 4)
    want = -np.mean(np.log(p[train]))
    assert apps.unigram_cross_entropy(train, train, 4) == pytest.approx(want)


# ---------------------------------------------------------------- Keras

@pytest.mark.keras
@pytest.mark.parametrize("use_bias", [True, False])
def test_rnn_from_keras_matches_keras_simple_rnn(use_bias):
    """rnn_from_keras(layer) makes rnn_forward reproduce Keras's SimpleRNN states to 1e-10
    (float64), with and without a bias."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    keras = pytest.importorskip("keras")
    layer = keras.layers.SimpleRNN(H, use_bias=use_bias, return_sequences=True,
                                   dtype="float64")
    layer.build((None, None, D))
    rng = np.random.default_rng(0)
    layer.set_weights([w + rng.normal(scale=0.4, size=w.shape) for w in layer.get_weights()])
    x = rng.normal(size=(3, T, D))
    params = gl.rnn_from_keras(layer)
    assert isinstance(params, gl.RNNParams) and params.hidden_size == H
    np.testing.assert_allclose(gl.rnn_forward(x, params).h, np.asarray(layer(x)), atol=1e-10)


@pytest.mark.keras
def test_rnn_from_keras_refuses_another_activation():
    """A SimpleRNN with relu is not the book's equation: the message names the activation."""
    keras = pytest.importorskip("keras")
    layer = keras.layers.SimpleRNN(H, activation="relu")
    layer.build((None, None, D))
    with pytest.raises(ValueError, match="activation='tanh'.*got activation='relu'"):
        gl.rnn_from_keras(layer)
