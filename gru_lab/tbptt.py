"""Truncated backpropagation through time, with the state carried and detached (chapter 4).

A long sequence of T steps is cut into consecutive windows of k steps: steps 1 … k, then
k + 1 … 2k, and so on (the last window may be shorter). The forward pass runs through the
windows one after the other, each starting from the state the previous one ended in: the state
is **carried**. The backward pass stays inside each window (chapter 4, ``bptt-trunc``)::

    h̄_t = ∂L/∂h_t|direct + h̄_t^(from t+1)   when step t + 1 lies in the same window as t
    h̄_t = ∂L/∂h_t|direct                      when step t ends its window

so the gradient that reaches a window's initial state (the last state of the window before)
is computed but never sent into the window before: the state is **detached**, a constant input
of its window, as Keras's ``stateful=True`` and PyTorch's ``h.detach()`` treat it.

:func:`truncated_bptt` works on the trace of the whole forward pass (:func:`gru_lab.gru_forward`
or :func:`gru_lab.rnn_forward`, which carry the state from step to step) and calls the package's
own :func:`gru_lab.gru_backward` / :func:`gru_lab.rnn_backward` once per window, so it has no
backward rule of its own. With k = T there is one window and the result is ``gru_backward``'s.
:func:`gradient_agreement` measures how far a truncated gradient is from the full one.

All reader-facing words are in ``MESSAGES`` (English and Chinese, :mod:`gru_lab.i18n`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._checks import sequence_grad
from .gru import GRUParams, GRUTrace, gru_backward
from .i18n import Messages
from .rnn import RNNParams, RNNTrace, rnn_backward

__all__ = ["MESSAGES", "TBPTTGradients", "window_bounds", "truncated_bptt",
           "gradient_agreement"]

MESSAGES = Messages(
    en={
        "k_range": (
            "k (the truncation window, in steps) must be an integer with 1 <= k <= T = {T} "
            "(the sequence has T = {T} steps); got {value!r}."
        ),
        "T_range": "T (the number of steps) must be an integer >= 1; got {value!r}.",
        "model": (
            "trace and params must belong to the same model: a GRUTrace with GRUParams "
            "(from gru_forward) or an RNNTrace with RNNParams (from rnn_forward); got {trace} "
            "and {params}."
        ),
        "needs_grad": (
            "truncated_bptt needs dh (shape like trace.h) or dh_last (shape like "
            "trace.h_last); both were None."
        ),
        "agreement_keys": (
            "{name} must hold the same arrays as exact ({want}); got {got}."
        ),
        "agreement_shape": (
            "approx[{key!r}] must have the shape of exact[{key!r}], {want}; got {got}."
        ),
    },
    zh={
        "k_range": (
            "k（截断窗口的步数）必须是满足 1 <= k <= T = {T} 的整数"
            "（该序列共有 T = {T} 个时间步）；实际为 {value!r}。"
        ),
        "T_range": "T（时间步数）必须是 >= 1 的整数；实际为 {value!r}。",
        "model": (
            "trace 与 params 必须属于同一种模型：GRUTrace 配 GRUParams（来自 gru_forward），"
            "或 RNNTrace 配 RNNParams（来自 rnn_forward）；实际为 {trace} 和 {params}。"
        ),
        "needs_grad": (
            "truncated_bptt 需要 dh（形状同 trace.h）或 dh_last（形状同 trace.h_last）；"
            "两者都是 None。"
        ),
        "agreement_keys": "{name} 必须与 exact 含有相同的数组（{want}）；实际为 {got}。",
        "agreement_shape": (
            "approx[{key!r}] 的形状必须与 exact[{key!r}] 相同，即 {want}；实际为 {got}。"
        ),
    },
)


class TBPTTGradients(NamedTuple):
    """What :func:`truncated_bptt` returns (chapter 4).

    ``grads``: a :class:`~gru_lab.gru.GRUParams` (or :class:`~gru_lab.rnn.RNNParams`) of
    gradients, summed over the windows. ``dx``: shaped like ``trace.x``, (T, D) or (B, T, D);
    the gradient reaching each input from the losses of its own window only. ``dh0``: shape
    (n, H) for one sequence or (n, B, H) for a batch, n the number of windows: ``dh0[j]`` is
    the gradient at the initial state of window j (``dh0[0]`` at h_0), computed and *not*
    sent back into window j − 1. ``windows``: the windows as 0-based, half-open step ranges
    ``(t0, t1)``, from :func:`window_bounds`.
    """

    grads: GRUParams | RNNParams
    dx: np.ndarray
    dh0: np.ndarray
    windows: list[tuple[int, int]]


def _check_k(k, T: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= T:
        raise ValueError(MESSAGES["k_range"].format(T=T, value=k))
    return int(k)


def window_bounds(T: int, k: int) -> list[tuple[int, int]]:
    """The windows of truncated BPTT: ``[(0, k), (k, 2k), …, (·, T)]``, 0-based and half-open.

    In the book's counting (from 1) window j covers steps (j − 1)k + 1 … min(jk, T); in code,
    ``x[t0:t1]``. The last window is shorter when k does not divide T. ``T``: an integer >= 1;
    ``k``: an integer with 1 <= k <= T (anything else raises ``ValueError`` naming it).
    """
    if isinstance(T, bool) or not isinstance(T, (int, np.integer)) or T < 1:
        raise ValueError(MESSAGES["T_range"].format(value=T))
    k = _check_k(k, int(T))
    return [(t0, min(t0 + k, int(T))) for t0 in range(0, int(T), k)]


def _window(trace, t0: int, t1: int):
    """Steps t0 … t1 − 1 of ``trace`` as a trace of their own (views, no copies), starting from
    the state carried in from step t0 − 1 (or from h_0)."""
    def part(a):
        return None if a is None else a[..., t0:t1, :]

    h0 = trace.h0 if t0 == 0 else trace.h[..., t0 - 1, :]
    h_last = trace.h[..., t1 - 1, :]
    if isinstance(trace, GRUTrace):
        return GRUTrace(x=part(trace.x), h0=h0, z=part(trace.z), r=part(trace.r),
                        h_tilde=part(trace.h_tilde), h=part(trace.h), h_last=h_last,
                        reset_after=trace.reset_after, batched=trace.batched,
                        u=part(trace.u))
    return RNNTrace(x=part(trace.x), h0=h0, h=part(trace.h), h_last=h_last,
                    batched=trace.batched)


def truncated_bptt(trace, params, k: int, dh=None, dh_last=None) -> TBPTTGradients:
    """Truncated BPTT over windows of ``k`` steps, the state carried and detached (chapter 4).

    ``trace``: the forward pass over the whole sequence, a :class:`~gru_lab.gru.GRUTrace` from
    :func:`~gru_lab.gru.gru_forward` (or an :class:`~gru_lab.rnn.RNNTrace` from
    :func:`~gru_lab.rnn.rnn_forward`): each window starts from the state the window before
    ended in. ``params``: the matching :class:`~gru_lab.gru.GRUParams` (or
    :class:`~gru_lab.rnn.RNNParams`). ``k``: the window length, an integer with
    1 <= k <= T. ``dh``: ∂L/∂h_t from outside for every step, shaped like ``trace.h``, (T, H)
    or (B, T, H); ``dh_last``: ∂L/∂h_T, shaped like ``trace.h_last``, (H,) or (B, H). At least
    one is required. Returns a :class:`TBPTTGradients` ``(grads, dx, dh0, windows)``.

    The gradient is the sum over windows j of the gradient of the window's loss (the losses of
    its steps) with the window's initial state held constant (equation ``bptt-trunc-sum``).
    Each window is one call of ``gru_backward`` (``rnn_backward``) on the window's part of the
    trace; with ``k = T`` that is one call on the whole trace, so the result *is* full BPTT.
    """
    if isinstance(trace, GRUTrace) and isinstance(params, GRUParams):
        backward = gru_backward
    elif isinstance(trace, RNNTrace) and isinstance(params, RNNParams):
        backward = rnn_backward
    else:
        raise TypeError(MESSAGES["model"].format(trace=type(trace).__name__,
                                                 params=type(params).__name__))
    if dh is None and dh_last is None:
        raise ValueError(MESSAGES["needs_grad"])
    windows = window_bounds(trace.T, k)
    dtype = trace.h.dtype
    # Checked here against the whole trace, so a message names the shapes the caller knows.
    if dh is not None:
        dh = sequence_grad("dh", dh, trace.h.shape, trace.batched, dtype, who="truncated_bptt")
    if dh_last is not None:
        dh_last = sequence_grad("dh_last", dh_last, trace.h_last.shape, trace.batched, dtype,
                                who="truncated_bptt")
    total, dxs, dh0s = None, [], []
    for j, (t0, t1) in enumerate(windows):
        last = j == len(windows) - 1
        part = trace if len(windows) == 1 else _window(trace, t0, t1)
        dh_j = None if dh is None else dh[..., t0:t1, :]
        dh_last_j = dh_last if last else None
        if dh_j is None and dh_last_j is None:           # no loss in this window
            grads = params.zeros_like().astype(dtype)
            dx, dh0 = np.zeros(part.x.shape, dtype=dtype), np.zeros_like(part.h0)
        else:
            grads, dx, dh0 = backward(part, params, dh=dh_j, dh_last=dh_last_j)
        if total is None:
            total = grads
        else:
            for name, g in total.arrays().items():
                g += getattr(grads, name)
        dxs.append(dx)
        dh0s.append(dh0)
    dx = dxs[0] if len(dxs) == 1 else np.concatenate(dxs, axis=-2)
    return TBPTTGradients(grads=total, dx=dx, dh0=np.stack(dh0s), windows=windows)


def gradient_agreement(approx, exact) -> tuple[float, float]:
    """``(relative_error, cosine)`` of two gradients, all their arrays read as one vector.

    ``approx``, ``exact``: :class:`~gru_lab.gru.GRUParams` (or any parameter object with
    ``arrays()``) or dicts ``{name: array}`` with the same names and shapes, e.g. a truncated
    and the full gradient (chapter 4, ``bptt-trunc-bias``). ``relative_error`` is
    ‖a − e‖ / ‖e‖ (0 when equal); ``cosine`` is a·e / (‖a‖ ‖e‖) (1 when they point the same
    way, 0 when a is zero or at right angles to e).
    """
    a = approx.arrays() if hasattr(approx, "arrays") else dict(approx)
    e = exact.arrays() if hasattr(exact, "arrays") else dict(exact)
    if set(a) != set(e):
        raise ValueError(MESSAGES["agreement_keys"].format(
            name="approx", want=", ".join(sorted(e)), got=", ".join(sorted(a))))
    names = sorted(e)
    for n in names:
        if np.shape(a[n]) != np.shape(e[n]):
            raise ValueError(MESSAGES["agreement_shape"].format(
                key=n, want=np.shape(e[n]), got=np.shape(a[n])))
    va = np.concatenate([np.asarray(a[n], dtype=np.float64).ravel() for n in names])
    ve = np.concatenate([np.asarray(e[n], dtype=np.float64).ravel() for n in names])
    norm_a, norm_e = float(np.linalg.norm(va)), float(np.linalg.norm(ve))
    rel = float(np.linalg.norm(va - ve) / norm_e) if norm_e > 0 else float(norm_a > 0)
    cos = float(va @ ve / (norm_a * norm_e)) if norm_a > 0 and norm_e > 0 else 0.0
    return rel, cos
