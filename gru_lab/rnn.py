"""The vanilla (Elman) recurrent network, h_t = tanh(x_t W + h_{t−1} U + b) (chapter 1).

The same design as :mod:`gru_lab.gru`: batch-first arrays, ``x @ W`` with ``W`` of shape (D, H),
a forward pass that keeps every state, and BPTT with each backward rule beside its forward rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import (
    MESSAGES,
    as_real_array,
    check_type,
    initial_state,
    positive_int,
    sequence_grad,
    sequence_input,
)
from ._params import Params
from ._threads import one_blas_thread
from .activations import tanh_grad
from .init import glorot_uniform, orthogonal

__all__ = ["RNNParams", "RNNTrace", "rnn_forward", "rnn_backward", "spectral_radius",
           "state_gradient_norms"]


@dataclass(eq=False, repr=False)
class RNNParams(Params):
    """Weights of a tanh RNN (chapter 1, equation ``rnn-step``).

    ``W``: (D, H) input weights; ``U``: (H, H) recurrent weights; ``b``: (H,) bias (zeros when
    omitted). Arrays are checked (shapes, no NaN or inf) and copied on construction; the
    shared behaviour comes from :mod:`gru_lab._params`.
    """

    W: np.ndarray
    U: np.ndarray
    b: np.ndarray | None = None

    _SHAPES = {"W": ("D", "H"), "U": ("H", "H"), "b": ("H",)}
    _OPTIONAL = ("b",)
    _MODEL = "who_rnn"

    @classmethod
    def init(cls, input_size: int, hidden_size: int, *, seed=None, dtype=np.float64,
             spectral_radius: float | None = None) -> RNNParams:
        """Keras's SimpleRNN initialisation: Glorot-uniform ``W``, orthogonal ``U``, zero ``b``.

        With ``spectral_radius`` the recurrent matrix is rescaled to have that largest
        |eigenvalue| (chapter 1 uses this to show vanishing and exploding gradients).
        """
        D, H = positive_int("input_size", input_size), positive_int("hidden_size", hidden_size)
        rng = np.random.default_rng(seed)
        W = glorot_uniform(rng, D, H)
        U = orthogonal(rng, H, H)
        if spectral_radius is not None:
            U = U * (float(spectral_radius) / _largest_abs_eigenvalue(U))
        return cls(W=W.astype(dtype), U=U.astype(dtype), b=np.zeros(H, dtype=dtype))

    @property
    def input_size(self) -> int:
        return self.W.shape[0]

    @property
    def hidden_size(self) -> int:
        return self.W.shape[1]

    def num_parameters(self) -> int:
        """H(D + H) + H."""
        return super().num_parameters()


def _largest_abs_eigenvalue(U) -> float:
    return float(np.max(np.abs(np.linalg.eigvals(np.asarray(U)))))


def spectral_radius(U) -> float:
    """The largest |eigenvalue| of a square matrix ``U`` (H, H) (chapter 1)."""
    return _largest_abs_eigenvalue(U)


@dataclass(eq=False)
class RNNTrace:
    """What :func:`rnn_forward` computed: ``h`` (T, H) or (B, T, H), ``h_last``, ``x``, ``h0``."""

    x: np.ndarray
    h0: np.ndarray
    h: np.ndarray
    h_last: np.ndarray
    batched: bool

    @property
    def T(self) -> int:
        return self.h.shape[-2]


def rnn_forward(x, params: RNNParams, h0=None) -> RNNTrace:
    """Run h_t = tanh(x_t W + h_{t−1} U + b) over a sequence (chapter 1, ``rnn-step``).

    ``x``: (T, D) or (B, T, D); ``h0``: (H,) or (B, H), zeros by default.
    Returns an :class:`RNNTrace` with every state ``h`` of shape (T, H) or (B, T, H).
    """
    check_type("params", params, RNNParams, MESSAGES["an_rnn_params"])
    xb, batched = sequence_input(x, params.input_size, who=MESSAGES["who_rnn"])
    B, T, D = xb.shape
    H = params.hidden_size
    dtype = np.result_type(xb.dtype, params.dtype)
    h = initial_state(h0, B, H, batched, dtype, who=MESSAGES["who_rnn"])
    h0_arr = h.copy()
    W, U, b = (a.astype(dtype, copy=False) for a in (params.W, params.U, params.b))
    xp = (xb.astype(dtype, copy=False).reshape(B * T, D) @ W + b).reshape(B, T, H)
    hs = np.empty((B, T, H), dtype=dtype)
    with one_blas_thread():
        for t in range(T):
            h = np.tanh(xp[:, t] + h @ U)
            hs[:, t] = h
    if batched:
        return RNNTrace(x=xb, h0=h0_arr, h=hs, h_last=hs[:, -1].copy(), batched=True)
    return RNNTrace(x=xb[0], h0=h0_arr[0], h=hs[0], h_last=hs[0, -1].copy(), batched=False)


def rnn_backward(trace: RNNTrace, params: RNNParams, dh=None, dh_last=None):
    """BPTT for :func:`rnn_forward` (chapter 1 in words, chapter 4 in equations).

    ``dh``: ∂L/∂h_t shaped like ``trace.h``; ``dh_last``: ∂L/∂h_T shaped like ``trace.h_last``.
    Returns ``(grads, dx, dh0)`` with ``grads`` an :class:`RNNParams`.
    """
    if not isinstance(trace, RNNTrace):
        raise TypeError(MESSAGES["trace_type"].format(
            expected="RNNTrace", func="rnn_forward", got=type(trace).__name__))
    check_type("params", params, RNNParams, MESSAGES["an_rnn_params"])
    if dh is None and dh_last is None:
        raise ValueError(MESSAGES["needs_grad"].format(func="rnn_backward"))

    def batch(a):
        return a if trace.batched else a[None]

    x, h, h0 = batch(trace.x), batch(trace.h), batch(trace.h0)
    B, T, H = h.shape
    D = x.shape[-1]
    dtype = h.dtype
    g = (np.zeros((B, T, H), dtype=dtype) if dh is None
         else batch(sequence_grad("dh", dh, trace.h.shape, trace.batched, dtype,
                                  who="rnn_backward")).copy())
    if dh_last is not None:
        g[:, -1] += batch(sequence_grad("dh_last", dh_last, trace.h_last.shape, trace.batched,
                                        dtype, who="rnn_backward"))
    U = params.U.astype(dtype, copy=False)
    da = np.empty((B, T, H), dtype=dtype)
    dh_next = np.zeros((B, H), dtype=dtype)
    with one_blas_thread():
        for t in range(T - 1, -1, -1):
            # h_t = tanh(a_t),  a_t = x_t W + h_{t−1} U + b
            da_t = (g[:, t] + dh_next) * tanh_grad(h[:, t])
            da[:, t] = da_t
            dh_next = da_t @ U.T
    # The sums over steps and sequences, each one product of the stacked rows, after the
    # loop and with every BLAS thread (threads help these big products).
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)
    DA = da.reshape(B * T, H)
    grads = RNNParams._wrap(W=x.reshape(B * T, D).T @ DA, U=h_prev.reshape(B * T, H).T @ DA,
                            b=DA.sum(axis=0))
    dx = (DA @ params.W.astype(dtype, copy=False).T).reshape(B, T, D)
    if not trace.batched:
        return grads, dx[0], dh_next[0]
    return grads, dx, dh_next


def state_gradient_norms(params: RNNParams, x, h0=None, *, ord=2) -> np.ndarray:
    """‖∂h_T/∂h_t‖ for t = 0, 1, …, T: how strongly the last state depends on each earlier one.

    ``x``: one sequence (T, D); ``h0``: (H,), zeros by default. Returns an array ``norms`` of
    shape (T + 1,) with ``norms[t]`` the norm of the (H, H) Jacobian ∂h_T/∂h_t (``norms[T]``
    is ‖I‖). ``ord``: 2 for the spectral norm (largest singular value, the default) or
    ``"fro"`` for the Frobenius norm. Plot ``norms[::-1]`` against the distance T − t to see
    gradients vanish or explode (chapter 1).

    Computed with :func:`rnn_backward`, not with a formula of its own. The H unit vectors e_i
    put on h_T form a batch, so the gradient rows form the Jacobian. They are sent back one
    step at a time, as BPTT does: the backward pass of step t + 1 alone turns ∂h_T/∂h_{t+1}
    into ∂h_T/∂h_t, and each one is recorded on the way.
    """
    check_type("params", params, RNNParams, MESSAGES["an_rnn_params"])
    if ord not in (2, "fro"):
        raise ValueError(MESSAGES["norm_ord"].format(value=ord))
    x_arr = as_real_array("x", x, "(T, D)")
    if x_arr.ndim != 2:
        raise ValueError(MESSAGES["one_sequence"].format(func="state_gradient_norms",
                                                         shape=x_arr.shape))
    trace = rnn_forward(x_arr, params, h0)
    T, H = trace.h.shape
    states = np.concatenate([trace.h0[None], trace.h])  # h_0 … h_T, shape (T + 1, H)
    jac = np.eye(H, dtype=trace.h.dtype)                # ∂h_T/∂h_T; row i: ∂h_T[i]/∂h_t
    norms = np.empty(T + 1)
    norms[T] = np.linalg.norm(jac, ord=ord)
    for t in range(T - 1, -1, -1):
        # Step t + 1 alone (input x_{t+1}, from h_t to h_{t+1}), once per row of jac.
        step = RNNTrace(x=np.repeat(trace.x[None, t:t + 1], H, axis=0),
                        h0=np.repeat(states[None, t], H, axis=0),
                        h=np.repeat(states[None, t + 1:t + 2], H, axis=0),
                        h_last=np.repeat(states[None, t + 1], H, axis=0), batched=True)
        _, _, jac = rnn_backward(step, params, dh_last=jac)
        norms[t] = np.linalg.norm(jac, ord=ord)
    return norms
