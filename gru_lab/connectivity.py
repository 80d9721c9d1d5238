"""Connectivity: how strongly a prediction depends on each earlier input (text generation).

After Madsen (2019, Distill, "Visualizing memorization in RNNs"): for a model that makes a
prediction at every step, the connectivity of the prediction at step t to the input at step
t′ ≤ t is the size of the gradient

    C[t, t′] = ‖∂ s_t / ∂ x_{t′}‖₂,    s_t = (h_t V)_{k_t}                  (app-textgen-conn)

where s_t is the logit of class k_t (the page uses the character that really comes next, as
Madsen uses the desired output) and x_{t′} is the input vector at step t′ (for a character
model, the embedding row of the character). The bias of the output layer does not change the
gradient. A prediction never depends on a later input: C[t, t′] = 0 for t′ > t.

Everything is computed with the book's BPTT (:func:`gru_lab.gru_backward`,
:func:`gru_lab.rnn_backward`), not with a framework: one backward pass per prediction step,
run as a batch. Code counts steps from 0; the book counts them from 1.
"""

from __future__ import annotations

import numpy as np

from ._checks import MESSAGES, as_real_array, check_dim, check_finite, check_type
from .gru import GRUParams, GRUTrace, gru_backward, gru_forward
from .rnn import RNNParams, RNNTrace, rnn_backward, rnn_forward

__all__ = ["connectivity", "mean_by_lag", "look_back"]

_CHUNK = 32   # prediction steps per batched backward pass (keeps memory at a few MB)


def _copies(a, n):
    """``n`` read-only copies of ``a`` as a batch (no memory is copied)."""
    return None if a is None else np.broadcast_to(a, (n,) + a.shape)


def _backward_batch(params, trace, upstream):
    """∂/∂x of each row's loss: ``upstream`` (n, T, H) is ∂L_i/∂h_t for copy i; (n, T, D)."""
    n = upstream.shape[0]
    if isinstance(params, GRUParams):
        batch = GRUTrace(x=_copies(trace.x, n), h0=_copies(trace.h0, n), z=_copies(trace.z, n),
                         r=_copies(trace.r, n), h_tilde=_copies(trace.h_tilde, n),
                         h=_copies(trace.h, n), h_last=_copies(trace.h_last, n),
                         reset_after=trace.reset_after, batched=True, u=_copies(trace.u, n))
        return gru_backward(batch, params, dh=upstream)[1]
    batch = RNNTrace(x=_copies(trace.x, n), h0=_copies(trace.h0, n), h=_copies(trace.h, n),
                     h_last=_copies(trace.h_last, n), batched=True)
    return rnn_backward(batch, params, dh=upstream)[1]


def _prefix(trace, T):
    """The trace of the first ``T`` steps (a prediction at step t < T needs no later step)."""
    if isinstance(trace, GRUTrace):
        return GRUTrace(x=trace.x[:T], h0=trace.h0, z=trace.z[:T], r=trace.r[:T],
                        h_tilde=trace.h_tilde[:T], h=trace.h[:T], h_last=trace.h[T - 1],
                        reset_after=trace.reset_after, batched=False,
                        u=None if trace.u is None else trace.u[:T])
    return RNNTrace(x=trace.x[:T], h0=trace.h0, h=trace.h[:T], h_last=trace.h[T - 1],
                    batched=False)


def connectivity(params, x, V, targets, h0=None) -> np.ndarray:
    """Madsen's connectivity ‖∂s_t/∂x_{t′}‖₂ of every prediction to every earlier input.

    ``params``: a :class:`~gru_lab.GRUParams` or :class:`~gru_lab.RNNParams` (H units, inputs
    of size D). ``x``: (T, D), one sequence of input vectors (a character model's embedding
    rows). ``V``: (H, K), the output layer's weights (logits h_t V + c; c does not matter).
    ``targets``: (T,) integer classes k_t in [0, K): s_t is the logit of k_t at step t
    (text generation page: the character that comes next). ``h0``: (H,), zeros by default.

    Returns ``C`` of shape (T, T): ``C[t, t2]`` = ‖∂s_t/∂x_{t2}‖₂ for t2 ≤ t, and exactly 0
    above the diagonal. Row t is what the text generation page shows when the reader picks
    the prediction made at step t. One backward pass of the book's BPTT per row, rows batched.
    """
    if not isinstance(params, (GRUParams, RNNParams)):
        check_type("params", params, GRUParams, "a GRUParams or an RNNParams")
    x = as_real_array("x", x, "(T, D)")
    if x.ndim != 2:
        raise ValueError(MESSAGES["one_sequence"].format(func="connectivity", shape=x.shape))
    T = x.shape[0]
    V = as_real_array("V", V, "(H, K)")
    if V.ndim != 2:
        raise ValueError(MESSAGES["rank"].format(name="V", expected="(H, K)", shape=V.shape,
                                                 ndim=V.ndim))
    check_dim("V", V, 0, params.hidden_size, "H", "(H, K)")
    check_finite("V", V)
    K = V.shape[1]
    k = np.asarray(targets)
    if k.shape != (T,):
        raise ValueError(MESSAGES["shape"].format(name="targets", expected="(T,)", want=(T,),
                                                  shape=k.shape))
    if k.dtype.kind not in "iu":
        raise ValueError(MESSAGES["int_array"].format(name="targets", expected="(T,)",
                                                      dtype=k.dtype))
    if T and (k.min() < 0 or k.max() >= K):
        raise ValueError(MESSAGES["index_range"].format(name="targets", K=K, lo=int(k.min()),
                                                        hi=int(k.max())))
    forward = gru_forward if isinstance(params, GRUParams) else rnn_forward
    trace = forward(x, params, h0)
    H = params.hidden_size
    C = np.zeros((T, T))
    for start in range(0, T, _CHUNK):
        rows = np.arange(start, min(start + _CHUNK, T))
        steps = rows[-1] + 1                              # later steps do not matter
        upstream = np.zeros((len(rows), steps, H), dtype=trace.h.dtype)
        upstream[np.arange(len(rows)), rows] = V[:, k[rows]].T     # ∂s_t/∂h_t = V[:, k_t]
        dx = _backward_batch(params, _prefix(trace, steps), upstream)
        C[rows, :steps] = np.linalg.norm(dx, axis=-1)
    return np.tril(C)


def mean_by_lag(C) -> np.ndarray:
    """The mean connectivity at each lag d = t − t′ (0, 1, …, T − 1): mean of C[t, t − d]
    over every t ≥ d. ``C``: (T, T) from :func:`connectivity`; returns (T,)."""
    C = np.asarray(C, dtype=float)
    T = C.shape[0]
    return np.array([np.diagonal(C, offset=-d).mean() for d in range(T)])


def look_back(C, fraction: float = 0.1) -> int:
    """How far back a model looks: the first lag d at which the mean connectivity
    (:func:`mean_by_lag`) falls below ``fraction`` of its value at lag 0.

    ``C``: (T, T) from :func:`connectivity`. Returns an int in [1, T]; T when it never falls
    that low within the passage (the model looks back at least that far).
    """
    m = mean_by_lag(C)
    below = np.flatnonzero(m < fraction * m[0])
    return int(below[0]) if len(below) else len(m)
