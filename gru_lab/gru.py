"""The gated recurrent unit: parameters, a forward pass that records every gate, and BPTT.

The book's convention (chapter 2, "The GRU's gates"; Chung et al. 2014)::

    z_t = σ(x_t W_z + h_{t−1} U_z + b_z)                     update gate      (gru-z)
    r_t = σ(x_t W_r + h_{t−1} U_r + b_r)                     reset gate       (gru-r)
    ĥ_t = tanh(x_t W_h + (r_t ⊙ h_{t−1}) U_h + b_h)          reset before     (gru-cand)
    ĥ_t = tanh(x_t W_h + b_h + r_t ⊙ (h_{t−1} U_h + c_h))    reset after      (gru-cand-after)
    h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ ĥ_t                    new state        (gru-h)

Arrays are batch-first like Keras: ``x`` is (T, D) or (B, T, D), and weights are stored so that
the code reads ``x @ W_z`` with ``W_z`` of shape (D, H). Keras and PyTorch write
``h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ``: their z is 1 − ours (see :mod:`gru_lab.keras_bridge`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import (
    as_real_array,
    check_finite,
    check_shape,
    initial_state,
    sequence_grad,
    sequence_input,
)
from ._threads import one_blas_thread
from .activations import sigmoid, sigmoid_grad, tanh_grad
from .init import glorot_uniform, orthogonal

__all__ = ["GRUParams", "GRUTrace", "gru_forward", "gru_backward", "gru_step"]

_INPUT = ("W_z", "W_r", "W_h")
_RECURRENT = ("U_z", "U_r", "U_h")
_BIAS = ("b_z", "b_r", "b_h")


@dataclass(eq=False)
class GRUParams:
    """The weights of one GRU layer (chapter 2, equations ``gru-z`` to ``gru-h``).

    ``W_z, W_r, W_h``: (D, H) input weights. ``U_z, U_r, U_h``: (H, H) recurrent weights.
    ``b_z, b_r, b_h``: (H,) biases (zeros when omitted). ``c_h``: (H,) the recurrent bias of
    the candidate, used only when ``reset_after`` is true (zeros when omitted).

    A hand-set model::

        GRUParams(W_z=..., W_r=..., W_h=..., U_z=..., U_r=..., U_h=..., b_z=..., reset_after=True)

    The arrays are copied, so later training never changes the caller's arrays.
    """

    W_z: np.ndarray
    W_r: np.ndarray
    W_h: np.ndarray
    U_z: np.ndarray
    U_r: np.ndarray
    U_h: np.ndarray
    b_z: np.ndarray | None = None
    b_r: np.ndarray | None = None
    b_h: np.ndarray | None = None
    c_h: np.ndarray | None = None
    reset_after: bool = False

    def __post_init__(self):
        self.reset_after = bool(self.reset_after)
        arrays = {n: as_real_array(n, getattr(self, n), "(D, H)") for n in _INPUT}
        W_z = arrays["W_z"]
        if W_z.ndim != 2:
            raise ValueError(f"W_z must have shape (D, H); got an array of shape {W_z.shape} "
                             f"({W_z.ndim}-D).")
        D, H = W_z.shape
        for n in _RECURRENT:
            arrays[n] = as_real_array(n, getattr(self, n), "(H, H)")
        for n in _BIAS + ("c_h",):
            v = getattr(self, n)
            if n == "c_h" and not self.reset_after:
                if v is not None and np.any(np.asarray(v) != 0):
                    raise ValueError(
                        "c_h (the candidate's recurrent bias) is only used when "
                        "reset_after=True; pass reset_after=True or leave c_h out."
                    )
                continue
            arrays[n] = (np.zeros(H, dtype=W_z.dtype) if v is None
                         else as_real_array(n, v, "(H,)"))
        dtype = np.result_type(*arrays.values())
        for n, arr in arrays.items():
            want, sym = {"W": ((D, H), "(D, H)"), "U": ((H, H), "(H, H)")}.get(
                n[0], ((H,), "(H,)"))
            check_shape(n, arr, want, sym + f" with D = {D}, H = {H} (from W_z)")
            check_finite(n, arr)
            setattr(self, n, np.array(arr, dtype=dtype, copy=True, order="C"))
        if not self.reset_after:
            self.c_h = None

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def init(cls, input_size: int, hidden_size: int, *, reset_after: bool = False,
             seed=None, dtype=np.float64) -> GRUParams:
        """Initialise like Keras: Glorot-uniform input weights, orthogonal recurrent weights,
        zero biases (Glorot & Bengio 2010; Saxe et al. 2014). Returns (D, H)/(H, H) arrays.

        As in Keras, the three input matrices are drawn as one (D, 3H) block and the three
        recurrent matrices as one (H, 3H) orthogonal block.
        """
        D, H = _positive_int("input_size", input_size), _positive_int("hidden_size", hidden_size)
        rng = np.random.default_rng(seed)
        W = glorot_uniform(rng, D, 3 * H)
        U = orthogonal(rng, H, 3 * H)
        kw = {n: W[:, i * H:(i + 1) * H] for i, n in enumerate(_INPUT)}
        kw.update({n: U[:, i * H:(i + 1) * H] for i, n in enumerate(_RECURRENT)})
        kw.update({n: np.zeros(H) for n in _BIAS})
        if reset_after:
            kw["c_h"] = np.zeros(H)
        p = cls(**kw, reset_after=reset_after)
        return p.astype(dtype)

    # ---- sizes and views ----------------------------------------------------------------
    @property
    def input_size(self) -> int:
        """D, the size of each input vector x_t."""
        return self.W_z.shape[0]

    @property
    def hidden_size(self) -> int:
        """H, the number of units (the size of h_t)."""
        return self.W_z.shape[1]

    @property
    def dtype(self):
        return self.W_z.dtype

    def names(self) -> tuple[str, ...]:
        """The names of the arrays this model really has (``c_h`` only with reset_after)."""
        base = _INPUT + _RECURRENT + _BIAS
        return base + ("c_h",) if self.reset_after else base

    def arrays(self) -> dict[str, np.ndarray]:
        """``{name: array}`` for every parameter, the arrays themselves (not copies)."""
        return {n: getattr(self, n) for n in self.names()}

    def num_parameters(self) -> int:
        """3H(D + H) + 3H, plus H for ``c_h`` when ``reset_after`` (chapter 2).

        Keras's ``count_params()`` reports 2H more with ``reset_after=True``: its z and r
        gates carry an input bias and a recurrent bias that only ever appear summed.
        """
        return int(sum(a.size for a in self.arrays().values()))

    def copy(self) -> GRUParams:
        return GRUParams(**self.arrays(), reset_after=self.reset_after)

    def astype(self, dtype) -> GRUParams:
        """A copy with every array in ``dtype`` (float32 or float64)."""
        return GRUParams(**{n: a.astype(dtype) for n, a in self.arrays().items()},
                         reset_after=self.reset_after)

    def zeros_like(self) -> GRUParams:
        return GRUParams(**{n: np.zeros_like(a) for n, a in self.arrays().items()},
                         reset_after=self.reset_after)

    def __repr__(self) -> str:
        kind = "reset after the product" if self.reset_after else "reset before the product"
        return (f"GRUParams(D={self.input_size}, H={self.hidden_size}, {kind}, "
                f"{self.num_parameters()} parameters, {self.dtype})")

    # Stacked views used by the forward pass: one matrix product for the three gates.
    def _stacked(self):
        W = np.concatenate([self.W_z, self.W_r, self.W_h], axis=1)          # (D, 3H)
        b = np.concatenate([self.b_z, self.b_r, self.b_h])                   # (3H,)
        U_zr = np.concatenate([self.U_z, self.U_r], axis=1)                  # (H, 2H)
        return W, b, U_zr


def _positive_int(name, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}.")
    return int(value)


@dataclass(eq=False)
class GRUTrace:
    """Everything a GRU forward pass computed, kept for plots, widgets and BPTT.

    ``z, r, h_tilde, h``: (T, H) for one sequence or (B, T, H) for a batch: the update gate,
    the reset gate, the candidate ĥ_t and the state h_t at every time step.
    ``h_last``: (H,) or (B, H), the final state. ``x`` and ``h0`` are the (validated) inputs.
    ``u``: the candidate's recurrent term (h_{t−1} U_h + c_h) when ``reset_after``, else None.
    """

    x: np.ndarray
    h0: np.ndarray
    z: np.ndarray
    r: np.ndarray
    h_tilde: np.ndarray
    h: np.ndarray
    h_last: np.ndarray
    reset_after: bool
    batched: bool
    u: np.ndarray | None = None

    @property
    def h_prev(self) -> np.ndarray:
        """h_{t−1} for every t: (T, H) or (B, T, H), the state each step started from."""
        ax = 1 if self.batched else 0
        h0 = self.h0[:, None] if self.batched else self.h0[None]
        return np.concatenate([h0, np.delete(self.h, -1, axis=ax)], axis=ax)

    @property
    def T(self) -> int:
        return self.h.shape[-2]


def gru_step(x_t, h_prev, params: GRUParams):
    """One step of equations ``gru-z``–``gru-h`` for a single input (chapter 2).

    ``x_t``: (D,) or (B, D); ``h_prev``: (H,) or (B, H). Returns ``(h_t, z_t, r_t, h_tilde)``.
    Written for reading and checking by hand; :func:`gru_forward` is the fast path.
    """
    x_t = np.asarray(x_t, dtype=params.dtype)
    h_prev = np.asarray(h_prev, dtype=params.dtype)
    p = params
    z = sigmoid(x_t @ p.W_z + h_prev @ p.U_z + p.b_z)
    r = sigmoid(x_t @ p.W_r + h_prev @ p.U_r + p.b_r)
    if p.reset_after:
        h_tilde = np.tanh(x_t @ p.W_h + p.b_h + r * (h_prev @ p.U_h + p.c_h))
    else:
        h_tilde = np.tanh(x_t @ p.W_h + (r * h_prev) @ p.U_h + p.b_h)
    h = (1.0 - z) * h_prev + z * h_tilde
    return h, z, r, h_tilde


def gru_forward(x, params: GRUParams, h0=None) -> GRUTrace:
    """Run the GRU over a sequence and record every gate at every step (chapter 2).

    ``x``: (T, D) for one sequence or (B, T, D) for a batch (lists and ints are converted).
    ``h0``: optional initial state, (H,) or (B, H); zeros by default.
    Returns a :class:`GRUTrace` whose ``z, r, h_tilde, h`` are (T, H) or (B, T, H).

    Speed: all inputs are projected with one matrix product ``x @ [W_z | W_r | W_h]`` before
    the time loop, so the loop only does the recurrent products (chapter 5 explains why).
    """
    if not isinstance(params, GRUParams):
        raise TypeError(f"params must be a GRUParams; got {type(params).__name__}.")
    xb, batched = sequence_input(x, params.input_size)
    B, T, D = xb.shape
    H = params.hidden_size
    dtype = np.result_type(xb.dtype, params.dtype)
    xb = xb.astype(dtype, copy=False)
    h = initial_state(h0, B, H, batched, dtype)
    h0_arr = h.copy()
    W, b, U_zr = (a.astype(dtype, copy=False) for a in params._stacked())
    U_h = params.U_h.astype(dtype, copy=False)
    c_h = params.c_h.astype(dtype, copy=False) if params.reset_after else None

    xp = (xb.reshape(B * T, D) @ W + b).reshape(B, T, 3 * H)   # inputs projected once
    # Time-major buffers (step t is one contiguous block); returned as (B, T, H) views.
    zr_all = np.empty((T, B, 2 * H), dtype=dtype)
    hts, hs = np.empty((T, B, H), dtype=dtype), np.empty((T, B, H), dtype=dtype)
    us = np.empty((T, B, H), dtype=dtype) if params.reset_after else None
    with one_blas_thread():
        for t in range(T):
            # z_t, r_t = σ(x_t W + h_{t−1} U + b), as σ(a) = ½ tanh(a/2) + ½ computed in place
            zr = zr_all[t]
            np.matmul(h, U_zr, out=zr)
            zr += xp[:, t, :2 * H]
            zr *= 0.5
            np.tanh(zr, out=zr)
            zr *= 0.5
            zr += 0.5
            z, r = zr[:, :H], zr[:, H:]
            if params.reset_after:       # ĥ_t = tanh(x_t W_h + b_h + r_t ⊙ (h_{t−1} U_h + c_h))
                np.matmul(h, U_h, out=us[t])
                us[t] += c_h
                a_h = r * us[t]
            else:                        # ĥ_t = tanh(x_t W_h + (r_t ⊙ h_{t−1}) U_h + b_h)
                a_h = (r * h) @ U_h
            a_h += xp[:, t, 2 * H:]
            np.tanh(a_h, out=hts[t])
            # h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ ĥ_t, computed as h_{t−1} + z_t ⊙ (ĥ_t − h_{t−1})
            np.subtract(hts[t], h, out=hs[t])
            hs[t] *= z
            hs[t] += h
            h = hs[t]

    def out(a, time_major=True):
        if a is None:
            return None
        a = a.transpose(1, 0, 2) if time_major and a.ndim == 3 else a
        return a if batched else a[0]

    return GRUTrace(x=out(xb, time_major=False), h0=out(h0_arr), z=out(zr_all[..., :H]),
                    r=out(zr_all[..., H:]), h_tilde=out(hts), h=out(hs),
                    h_last=out(hs[-1]).copy(), reset_after=params.reset_after,
                    batched=batched, u=out(us))


def gru_backward(trace: GRUTrace, params: GRUParams, dh=None, dh_last=None):
    """Backpropagation through time for :func:`gru_forward` (chapter 4, bptt-*).

    ``dh``: ∂L/∂h_t for every step, shaped like ``trace.h`` ((T, H) or (B, T, H)), or None.
    ``dh_last``: ∂L/∂h_T, shaped like ``trace.h_last``, or None. At least one is required.
    Returns ``(grads, dx, dh0)``: ``grads`` a :class:`GRUParams` of ∂L/∂(each weight),
    ``dx`` shaped like ``trace.x``, ``dh0`` shaped like ``trace.h0``.

    Each backward rule below sits beside the forward rule it differentiates.
    """
    if not isinstance(trace, GRUTrace):
        raise TypeError(f"trace must be the GRUTrace returned by gru_forward; got "
                        f"{type(trace).__name__}.")
    if trace.reset_after != params.reset_after:
        raise ValueError("trace was computed with reset_after="
                         f"{trace.reset_after} but params has reset_after={params.reset_after}.")
    if dh is None and dh_last is None:
        raise ValueError("gru_backward needs dh (shape like trace.h) or dh_last (shape like "
                         "trace.h_last); both were None.")

    def time_major(a):  # (T, H) or (B, T, H) → (T, B, H), a view where possible
        return a[:, None] if not trace.batched else a.transpose(1, 0, 2)

    x, z, r, h_tilde, h = map(time_major, (trace.x, trace.z, trace.r, trace.h_tilde, trace.h))
    h0 = trace.h0 if trace.batched else trace.h0[None]
    T, B, H = h.shape
    D = x.shape[-1]
    dtype = h.dtype
    g = np.zeros((T, B, H), dtype=dtype)                       # ∂L/∂h_t from outside
    if dh is not None:
        g += time_major(sequence_grad("dh", dh, trace.h.shape, trace.batched, dtype))
    if dh_last is not None:
        g[-1] += sequence_grad("dh_last", dh_last, trace.h_last.shape, trace.batched,
                               dtype).reshape(B, H)
    h_prev = np.concatenate([h0[None], h[:-1]], axis=0)        # (T, B, H)
    U_z, U_r, U_h = (a.astype(dtype, copy=False) for a in (params.U_z, params.U_r, params.U_h))
    U_zr_T = np.ascontiguousarray(np.concatenate([U_z, U_r], axis=1).T)   # (2H, H)
    U_h_T = np.ascontiguousarray(U_h.T)
    u = time_major(trace.u) if trace.reset_after else None

    da = np.empty((T, B, 3 * H), dtype=dtype)       # ∂L/∂(pre-activations) of z, r, ĥ
    d_rh_or_u = np.empty((T, B, H), dtype=dtype)    # ∂L/∂(r ⊙ h_{t−1}) or ∂L/∂u
    dh_next = np.zeros((B, H), dtype=dtype)
    with one_blas_thread():
        for t in range(T - 1, -1, -1):
            dh_t = g[t] + dh_next
            hp, zt, rt, ht = h_prev[t], z[t], r[t], h_tilde[t]
            da_z, da_r, da_h = da[t, :, :H], da[t, :, H:2 * H], da[t, :, 2 * H:]
            # h_t = (1 − z) ⊙ h_{t−1} + z ⊙ ĥ_t
            dz = dh_t * (ht - hp)
            dh_tilde = dh_t * zt
            dh_prev = dh_t * (1.0 - zt)
            # ĥ_t = tanh(a_h)
            np.multiply(dh_tilde, tanh_grad(ht), out=da_h)
            if trace.reset_after:
                # a_h = x W_h + b_h + r ⊙ u,   u = h_{t−1} U_h + c_h
                dr = da_h * u[t]
                du = np.multiply(da_h, rt, out=d_rh_or_u[t])
                dh_prev += du @ U_h_T
            else:
                # a_h = x W_h + (r ⊙ h_{t−1}) U_h + b_h
                d_rh = np.matmul(da_h, U_h_T, out=d_rh_or_u[t])
                dr = d_rh * hp
                dh_prev += d_rh * rt
            # z = σ(a_z), r = σ(a_r); a_z, a_r contain h_{t−1} U_z, h_{t−1} U_r
            np.multiply(dz, sigmoid_grad(zt), out=da_z)
            np.multiply(dr, sigmoid_grad(rt), out=da_r)
            dh_prev += da[t, :, :2 * H] @ U_zr_T
            dh_next = dh_prev

    # Sums over time and batch as single matrix products (tall and thin: one BLAS thread
    # is faster than two here too).
    with one_blas_thread():
        X = np.ascontiguousarray(x).reshape(T * B, D)
        HP = h_prev.reshape(T * B, H)
        DA = da.reshape(T * B, 3 * H)
        dW = X.T @ DA                                   # (D, 3H)
        db = DA.sum(axis=0)
        dU_zr = HP.T @ DA[:, :2 * H]                    # (H, 2H)
        dRH = d_rh_or_u.reshape(T * B, H)
        if trace.reset_after:
            dU_h = HP.T @ dRH                           # ∂L/∂U_h through u = h_{t−1} U_h + c_h
            dc_h = dRH.sum(axis=0)
        else:
            dU_h = (r * h_prev).reshape(T * B, H).T @ DA[:, 2 * H:]
            dc_h = None
        W = np.concatenate([params.W_z, params.W_r, params.W_h], axis=1).astype(dtype, copy=False)
        dx = (DA @ W.T).reshape(T, B, D).transpose(1, 0, 2)

    grads = GRUParams(
        W_z=dW[:, :H], W_r=dW[:, H:2 * H], W_h=dW[:, 2 * H:],
        U_z=dU_zr[:, :H], U_r=dU_zr[:, H:], U_h=dU_h,
        b_z=db[:H], b_r=db[H:2 * H], b_h=db[2 * H:], c_h=dc_h,
        reset_after=trace.reset_after,
    )
    if not trace.batched:
        return grads, dx[0], dh_next[0]
    return grads, dx, dh_next


# ---- Added for chapter 2 ("The GRU's gates") ------------------------------------------------

__all__ += ["gru_forward_keras_convention", "state_gradient_norms"]


def gru_forward_keras_convention(x, kernel, recurrent_kernel, bias=None, reset_after=True,
                                 h0=None):
    """A GRU forward pass written in **Keras's own equations**, from Keras's packed weights.

    The reference for the conventions table of chapter 2: it follows ``GRUCell.call`` of
    Keras 3 (``keras/src/layers/rnn/gru.py``, ``implementation=1``) line by line, in numpy::

        x_z = x_t K_z + bi_z          rec_z = h_{t−1} R_z (+ br_z if reset_after)
        z   = σ(x_z + rec_z)          r     = σ(x_r + rec_r)            (Keras's z!)
        reset_after:  hh = tanh(x_h + r ⊙ (h_{t−1} R_h + br_h))
        otherwise:    hh = tanh(x_h + (r ⊙ h_{t−1}) R_h)
        h   = z ⊙ h_{t−1} + (1 − z) ⊙ hh

    ``kernel`` (D, 3H) and ``recurrent_kernel`` (H, 3H) hold the blocks in the order
    [z | r | h]; ``bias`` is (2, 3H) (input row, recurrent row) with ``reset_after=True`` and
    (3H,) without (None: no bias, like ``use_bias=False``). These are exactly the arrays of
    ``layer.get_weights()`` or :func:`gru_lab.to_keras`. ``x``: (T, D) or (B, T, D);
    ``h0``: (H,) or (B, H), zeros by default.

    Returns ``(h, z, r, h_tilde)``, each (T, H) or (B, T, H), where ``z`` is **Keras's** update
    gate, one minus the book's. Slow and plain on purpose: use :func:`gru_forward` for work.
    """
    kernel = as_real_array("kernel", kernel, "(D, 3H)")
    if kernel.ndim != 2 or kernel.shape[1] % 3:
        raise ValueError(f"kernel must have shape (D, 3H); got shape {kernel.shape}.")
    D, H = kernel.shape[0], kernel.shape[1] // 3
    recurrent_kernel = as_real_array("recurrent_kernel", recurrent_kernel, "(H, 3H)")
    check_shape("recurrent_kernel", recurrent_kernel, (H, 3 * H), f"(H, 3H) with H = {H}")
    if bias is None:
        bias = np.zeros((2, 3 * H) if reset_after else (3 * H,), dtype=kernel.dtype)
    bias = as_real_array("bias", bias, "(2, 3H) or (3H,)")
    if reset_after:
        check_shape("bias", bias, (2, 3 * H), f"(2, 3H) with H = {H} for reset_after=True")
        input_bias, recurrent_bias = bias[0], bias[1]
    else:
        check_shape("bias", bias, (3 * H,), f"(3H,) with H = {H} for reset_after=False")
        input_bias, recurrent_bias = bias, None
    xb, batched = sequence_input(x, D)
    B, T, _ = xb.shape
    dtype = np.result_type(xb.dtype, kernel.dtype, recurrent_kernel.dtype, bias.dtype)
    h_tm1 = initial_state(h0, B, H, batched, dtype)
    K_z, K_r, K_h = kernel[:, :H], kernel[:, H:2 * H], kernel[:, 2 * H:]
    R_z, R_r, R_h = (recurrent_kernel[:, :H], recurrent_kernel[:, H:2 * H],
                     recurrent_kernel[:, 2 * H:])
    out = {k: np.empty((B, T, H), dtype=dtype) for k in ("h", "z", "r", "hh")}
    for t in range(T):
        inputs = xb[:, t]
        x_z = inputs @ K_z + input_bias[:H]
        x_r = inputs @ K_r + input_bias[H:2 * H]
        x_h = inputs @ K_h + input_bias[2 * H:]
        recurrent_z = h_tm1 @ R_z
        recurrent_r = h_tm1 @ R_r
        if reset_after:
            recurrent_z = recurrent_z + recurrent_bias[:H]
            recurrent_r = recurrent_r + recurrent_bias[H:2 * H]
        z = sigmoid(x_z + recurrent_z)
        r = sigmoid(x_r + recurrent_r)
        # reset gate applied after / before the matrix product
        recurrent_h = (r * (h_tm1 @ R_h + recurrent_bias[2 * H:]) if reset_after
                       else (r * h_tm1) @ R_h)
        hh = np.tanh(x_h + recurrent_h)
        h = z * h_tm1 + (1.0 - z) * hh                     # Keras: z weighs the OLD state
        out["h"][:, t], out["z"][:, t], out["r"][:, t], out["hh"][:, t] = h, z, r, hh
        h_tm1 = h
    res = tuple(out[k] if batched else out[k][0] for k in ("h", "z", "r", "hh"))
    return res


def state_gradient_norms(params: GRUParams, x, h0=None, *, ord=2) -> np.ndarray:
    """‖∂h_T/∂h_t‖ for t = 0, 1, …, T: how much the last state still depends on each earlier one.

    ``x``: (T, D), one sequence; ``h0``: (H,), zeros by default. Returns an array of shape
    (T + 1,) whose entry t is the norm of the (H, H) Jacobian ∂h_T/∂h_t (``norms[T]`` is ‖I‖).
    ``ord``: 2 for the spectral norm (largest singular value, the default) or ``"fro"``.
    Chapter 2 compares it with :func:`gru_lab.rnn.state_gradient_norms` (same signature) to
    show why the update gate lets gradients survive: where z ≈ 0 a step copies the state,
    and its Jacobian is ≈ I.

    Computed with :func:`gru_backward`, not with a formula of its own: for each t the backward
    pass over steps t + 1 … T (the recorded trace, H copies as one batch) is run with
    ``dh_last`` = the identity, so the returned ``dh0`` is the whole Jacobian ∂h_T/∂h_t.
    """
    if not isinstance(params, GRUParams):
        raise TypeError(f"params must be a GRUParams; got {type(params).__name__}.")
    if ord not in (2, "fro"):
        raise ValueError(f"ord must be 2 (spectral norm) or 'fro' (Frobenius); got {ord!r}.")
    xb, batched = sequence_input(x, params.input_size)
    if batched:
        raise ValueError(f"state_gradient_norms takes one sequence x of shape (T, D); got a "
                         f"batch of shape {xb.shape}. Pass x[i] for one sequence.")
    trace = gru_forward(xb[0], params, h0)
    T, H = trace.h.shape
    states = np.concatenate([trace.h0[None], trace.h], axis=0)   # h_0 … h_T, (T + 1, H)
    eye = np.eye(H, dtype=trace.h.dtype)
    norms = np.empty(T + 1)
    norms[T] = np.linalg.norm(eye, ord=ord)
    def copies(a, t):  # steps t+1 … T of a (T, …) array, H read-only copies as a batch
        return None if a is None else np.broadcast_to(a[t:], (H,) + a[t:].shape)

    for t in range(T):
        suffix = GRUTrace(x=copies(trace.x, t), h0=np.broadcast_to(states[t], (H, H)),
                          z=copies(trace.z, t), r=copies(trace.r, t),
                          h_tilde=copies(trace.h_tilde, t), h=copies(trace.h, t),
                          h_last=np.broadcast_to(trace.h_last, (H, H)),
                          reset_after=trace.reset_after, batched=True, u=copies(trace.u, t))
        _, _, jac = gru_backward(suffix, params, dh_last=eye)      # row i: ∂h_T,i / ∂h_t
        norms[t] = np.linalg.norm(jac, ord=ord)
    return norms


__all__ += ["gru_step_details"]


def gru_step_details(x_t, h_prev, params: GRUParams) -> dict[str, np.ndarray]:
    """One step of the GRU with every intermediate value, for checking a calculation by hand.

    ``x_t``: (D,); ``h_prev``: (H,). Returns ``{"a_z", "z", "a_r", "r", "a_h", "h_tilde", "h"}``
    in the order of the calculation: the pre-activations a_z, a_r, a_h (what goes into σ and
    tanh) and the values of :func:`gru_step`. For ``reset_after`` models, a_h is
    x_t W_h + b_h + r ⊙ (h_{t−1} U_h + c_h). Chapter 2's worked example prints this table.
    """
    h, z, r, h_tilde = gru_step(x_t, h_prev, params)
    p = params
    x_t = np.asarray(x_t, dtype=p.dtype)
    h_prev = np.asarray(h_prev, dtype=p.dtype)
    a_z = x_t @ p.W_z + h_prev @ p.U_z + p.b_z
    a_r = x_t @ p.W_r + h_prev @ p.U_r + p.b_r
    if p.reset_after:
        a_h = x_t @ p.W_h + p.b_h + r * (h_prev @ p.U_h + p.c_h)
    else:
        a_h = x_t @ p.W_h + (r * h_prev) @ p.U_h + p.b_h
    return {"a_z": a_z, "z": z, "a_r": a_r, "r": r, "a_h": a_h, "h_tilde": h_tilde, "h": h}
