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

from . import _threads
from ._checks import (
    MESSAGES,
    check_type,
    initial_state,
    positive_int,
    sequence_grad,
    sequence_input,
)
from ._params import Params
from ._threads import Helpers, one_blas_thread, time_blocks
from .activations import sigmoid, sigmoid_grad, tanh_grad
from .init import glorot_uniform, orthogonal

__all__ = ["GRUParams", "GRUTrace", "gru_forward", "gru_backward", "gru_step",
           "state_gradient_norms"]

_INPUT = ("W_z", "W_r", "W_h")
_RECURRENT = ("U_z", "U_r", "U_h")
_BIAS = ("b_z", "b_r", "b_h")
_positive_int = positive_int  # the name train.py imports


@dataclass(eq=False, repr=False)
class GRUParams(Params):
    """The weights of one GRU layer (chapter 2, equations ``gru-z`` to ``gru-h``).

    ``W_z, W_r, W_h``: (D, H) input weights. ``U_z, U_r, U_h``: (H, H) recurrent weights.
    ``b_z, b_r, b_h``: (H,) biases (zeros when omitted). ``c_h``: (H,) the recurrent bias of
    the candidate, used only when ``reset_after`` is true (zeros when omitted).

    A hand-set model::

        GRUParams(W_z=..., W_r=..., W_h=..., U_z=..., U_r=..., U_h=..., b_z=..., reset_after=True)

    The arrays are checked (shapes, no NaN or inf) and copied, so later training never changes
    the caller's arrays. Validation, copying and ``arrays()`` come from :mod:`gru_lab._params`.
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

    _SHAPES = {**{n: ("D", "H") for n in _INPUT}, **{n: ("H", "H") for n in _RECURRENT},
               **{n: ("H",) for n in _BIAS + ("c_h",)}}
    _OPTIONAL = _BIAS + ("c_h",)
    _MODEL = "who_gru"

    def __post_init__(self):
        self.reset_after = bool(self.reset_after)
        if not self.reset_after:
            if self.c_h is not None and np.any(np.asarray(self.c_h) != 0):
                raise ValueError(MESSAGES["c_h_unused"])
            self.c_h = None
        super().__post_init__()

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def init(cls, input_size: int, hidden_size: int, *, reset_after: bool = False,
             seed=None, dtype=np.float64) -> GRUParams:
        """Initialise like Keras: Glorot-uniform input weights, orthogonal recurrent weights,
        zero biases (Glorot & Bengio 2010; Saxe et al. 2014). Returns (D, H)/(H, H) arrays.

        As in Keras, the three input matrices are drawn as one (D, 3H) block and the three
        recurrent matrices as one (H, 3H) orthogonal block.
        """
        D, H = positive_int("input_size", input_size), positive_int("hidden_size", hidden_size)
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

    def names(self) -> tuple[str, ...]:
        """The names of the arrays this model really has (``c_h`` only with reset_after)."""
        base = _INPUT + _RECURRENT + _BIAS
        return base + ("c_h",) if self.reset_after else base

    def num_parameters(self) -> int:
        """3H(D + H) + 3H, plus H for ``c_h`` when ``reset_after`` (chapter 2).

        Keras's ``count_params()`` reports 2H more with ``reset_after=True``: its z and r
        gates carry an input bias and a recurrent bias that only ever appear summed.
        """
        return super().num_parameters()

    def _options(self) -> dict:
        return {"reset_after": self.reset_after}

    def _describe(self) -> str:
        return MESSAGES["reset_after_product" if self.reset_after else "reset_before_product"]


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

    Speed (chapter 5): the input products x_t W of all steps are taken out of the loop, as
    products of the stacked inputs of a block of steps (:func:`gru_lab._threads.time_blocks`)
    that helper threads compute while the loop goes on. The loop itself does only the three
    recurrent products h_{t−1} U_z, h_{t−1} U_r, h_{t−1} U_h per step, with one BLAS thread,
    and writes every result into a preallocated, contiguous block. (Three (B, H) @ (H, H)
    products took 31 µs at B = 32, H = 128, one (B, H) @ (H, 3H) product 38 µs.)
    """
    check_type("params", params, GRUParams, MESSAGES["a_gru_params"])
    xb, batched = sequence_input(x, params.input_size, who=MESSAGES["who_gru"])
    B, T, D = xb.shape
    H = params.hidden_size
    dtype = np.result_type(xb.dtype, params.dtype)
    h = initial_state(h0, B, H, batched, dtype, who=MESSAGES["who_gru"])
    h0_arr = h.copy()
    p = {n: a.astype(dtype, copy=False) for n, a in params.arrays().items()}
    # σ(a) = ½ tanh(a/2) + ½. The gates' weights are halved once here, so the loop gets a/2
    # straight from its products (halving changes only the exponent: exact, except for
    # subnormal numbers, below about 1e-38 in float32).
    U_z, U_r, U_h = p["U_z"] * 0.5, p["U_r"] * 0.5, p["U_h"]
    W = {"z": (p["W_z"] * 0.5, p["b_z"] * 0.5), "r": (p["W_r"] * 0.5, p["b_r"] * 0.5),
         "h": (p["W_h"], p["b_h"])}
    # Time-major buffers (step t is one contiguous (B, H) block); returned as (B, T, H) views.
    zs, rs, hts, hs = np.empty((4, T, B, H), dtype=dtype)
    us = np.empty((T, B, H), dtype=dtype) if params.reset_after else None
    rh = np.empty((B, H), dtype=dtype)
    xw = {g: np.empty((T, B, H), dtype=dtype) for g in W}     # x_t W_g + b_g (halved: z, r)

    def project(t0, t1):  # the input products of steps t0 … t1 − 1, all stacked
        X = xb[:, t0:t1].transpose(1, 0, 2).reshape(-1, D)
        for g, (W_g, b_g) in W.items():
            out = xw[g][t0:t1].reshape(-1, H)
            np.matmul(X, W_g, out=out)
            out += b_g

    blocks = time_blocks(T, B * T * D * 3 * H)
    starts = {t0: k for k, (t0, _) in enumerate(blocks)}
    helpers = _threads.helper_threads() if len(blocks) > 1 else 0   # before BLAS is limited
    with (one_blas_thread(),
          Helpers((lambda a=a, b=b: project(a, b) for a, b in blocks), helpers) as jobs):
        xz, xr, xh = xw["z"], xw["r"], xw["h"]
        for t in range(T):
            if t in starts:
                jobs.wait(starts[t])                 # this block's inputs are projected
            z, r, h_tilde, h_new = zs[t], rs[t], hts[t], hs[t]
            # z_t, r_t = σ(x_t W + h_{t−1} U + b), each computed in place as ½ tanh(a/2) + ½
            np.matmul(h, U_z, out=z)
            z += xz[t]
            np.tanh(z, out=z)
            z *= 0.5
            z += 0.5
            np.matmul(h, U_r, out=r)
            r += xr[t]
            np.tanh(r, out=r)
            r *= 0.5
            r += 0.5
            if params.reset_after:       # ĥ_t = tanh(x_t W_h + b_h + r_t ⊙ (h_{t−1} U_h + c_h))
                np.matmul(h, U_h, out=us[t])
                us[t] += p["c_h"]
                np.multiply(r, us[t], out=h_tilde)
            else:                        # ĥ_t = tanh(x_t W_h + (r_t ⊙ h_{t−1}) U_h + b_h)
                np.multiply(r, h, out=rh)
                np.matmul(rh, U_h, out=h_tilde)
            h_tilde += xh[t]
            np.tanh(h_tilde, out=h_tilde)
            # h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ ĥ_t, computed as h_{t−1} + z_t ⊙ (ĥ_t − h_{t−1})
            np.subtract(h_tilde, h, out=h_new)
            h_new *= z
            h_new += h
            h = h_new

    def out(a, time_major=True):
        if a is None:
            return None
        a = a.transpose(1, 0, 2) if time_major and a.ndim == 3 else a
        return a if batched else a[0]

    return GRUTrace(x=out(xb, time_major=False), h0=out(h0_arr), z=out(zs), r=out(rs),
                    h_tilde=out(hts), h=out(hs), h_last=out(hs[-1]).copy(),
                    reset_after=params.reset_after, batched=batched, u=out(us))


def gru_backward(trace: GRUTrace, params: GRUParams, dh=None, dh_last=None):
    """Backpropagation through time for :func:`gru_forward` (chapter 4, bptt-*).

    ``dh``: ∂L/∂h_t for every step, shaped like ``trace.h`` ((T, H) or (B, T, H)), or None.
    ``dh_last``: ∂L/∂h_T, shaped like ``trace.h_last``, or None. At least one is required.
    Returns ``(grads, dx, dh0)``: ``grads`` a :class:`GRUParams` of ∂L/∂(each weight),
    ``dx`` shaped like ``trace.x``, ``dh0`` shaped like ``trace.h0``.

    Each backward rule below sits beside the forward rule it differentiates. The sums over
    steps and sequences (the weight gradients and dx) are matrix products over blocks of
    steps, which helper threads compute while the loop goes on (:class:`_GRUSums`).
    """
    if not isinstance(trace, GRUTrace):
        raise TypeError(MESSAGES["trace_type"].format(
            expected="GRUTrace", func="gru_forward", got=type(trace).__name__))
    check_type("params", params, GRUParams, MESSAGES["a_gru_params"])
    if trace.reset_after != params.reset_after:
        raise ValueError(MESSAGES["reset_mismatch"].format(trace=trace.reset_after,
                                                           params=params.reset_after))
    if dh is None and dh_last is None:
        raise ValueError(MESSAGES["needs_grad"].format(func="gru_backward"))

    def time_major(a):  # (T, H) or (B, T, H) → (T, B, H), a view where possible
        return a[:, None] if not trace.batched else a.transpose(1, 0, 2)

    x, z, r, h_tilde, h = map(time_major, (trace.x, trace.z, trace.r, trace.h_tilde, trace.h))
    h0 = trace.h0 if trace.batched else trace.h0[None]
    T, B, H = h.shape
    dtype = h.dtype
    g = np.zeros((T, B, H), dtype=dtype)                       # ∂L/∂h_t from outside
    if dh is not None:
        g[...] = time_major(sequence_grad("dh", dh, trace.h.shape, trace.batched, dtype,
                                          who="gru_backward"))
    if dh_last is not None:
        g[-1] += sequence_grad("dh_last", dh_last, trace.h_last.shape, trace.batched,
                               dtype, who="gru_backward").reshape(B, H)
    U_z_T, U_r_T, U_h_T = (np.ascontiguousarray(getattr(params, n).T, dtype=dtype)
                           for n in _RECURRENT)
    u = time_major(trace.u) if trace.reset_after else None

    # ∂L/∂(pre-activations) of z, r, ĥ (da[0], da[1], da[2]) and ∂L/∂u (reset after) or
    # ∂L/∂(r ⊙ h_{t−1}) (before) (da[3]): da[:, t] are four contiguous (B, H) blocks
    da = np.empty((4, T, B, H), dtype=dtype)
    dh_next = np.zeros((B, H), dtype=dtype)
    blocks = time_blocks(T, B * T * x.shape[-1] * 3 * H)
    sums = _GRUSums(trace, params, (x, r, h, h0), da, blocks)
    starts = {t0: k for k, (t0, _) in enumerate(blocks)}
    helpers = _threads.helper_threads() if len(blocks) > 1 else 0   # before BLAS is limited
    with one_blas_thread(), Helpers(threads=helpers) as jobs:
        for t in range(T - 1, -1, -1):
            dh_t = g[t] + dh_next
            hp, zt, rt, ht = (h[t - 1] if t else h0), z[t], r[t], h_tilde[t]
            da_z, da_r, da_h, d_rh_or_u = da[:, t]
            # h_t = (1 − z) ⊙ h_{t−1} + z ⊙ ĥ_t
            dz = dh_t * (ht - hp)
            dh_tilde = dh_t * zt
            dh_prev = dh_t * (1.0 - zt)
            # ĥ_t = tanh(a_h)
            np.multiply(dh_tilde, tanh_grad(ht), out=da_h)
            if trace.reset_after:
                # a_h = x W_h + b_h + r ⊙ u,   u = h_{t−1} U_h + c_h
                dr = da_h * u[t]
                du = np.multiply(da_h, rt, out=d_rh_or_u)
                dh_prev += du @ U_h_T
            else:
                # a_h = x W_h + (r ⊙ h_{t−1}) U_h + b_h
                d_rh = np.matmul(da_h, U_h_T, out=d_rh_or_u)
                dr = d_rh * hp
                dh_prev += d_rh * rt
            # z = σ(a_z), r = σ(a_r); a_z, a_r contain h_{t−1} U_z, h_{t−1} U_r
            np.multiply(dz, sigmoid_grad(zt), out=da_z)
            np.multiply(dr, sigmoid_grad(rt), out=da_r)
            dh_prev += da_z @ U_z_T       # one product per gate: at B = 32, H = 128 two
            dh_prev += da_r @ U_r_T       # (B, H) @ (H, H) took 20 µs, one (B, 2H) @ (2H, H) 24
            dh_next = dh_prev
            if t in starts:                       # a block of steps is done: sum it
                jobs.add(lambda k=starts[t]: sums.block(k))
    grads, dx = sums.total()
    if not trace.batched:
        return grads, dx[0], dh_next[0]
    return grads, dx, dh_next


class _GRUSums:
    """The sums over steps and sequences of :func:`gru_backward` (chapter 4, bptt-weights).

    Stacking the T·B rows of every step and sequence turns each sum into one matrix product,
    e.g. ∂L/∂W = Σ_t x_tᵀ ā_t = Xᵀ Ā. Here the rows are stacked one block of steps at a time
    (``block(k)``), so that helper threads can sum each block as soon as the loop has done
    it; ``total()`` adds the blocks in order and returns ``(grads, dx)``.
    """

    def __init__(self, trace, params, states, da, blocks):
        self.x, self.r, self.h, self.h0 = states            # time-major (T, B, ·) views
        self.da_z, self.da_r, self.da_h, self.d_rh_or_u = da
        self.blocks, self.reset_after, self.batched = blocks, trace.reset_after, trace.batched
        T, B, D = self.x.shape
        H = params.hidden_size
        dtype = self.h.dtype
        self.W_T = np.concatenate([params.W_z, params.W_r, params.W_h], axis=1).T.astype(dtype)
        n = len(blocks)
        self.dW = np.empty((n, D, 3 * H), dtype=dtype)       # one partial sum per block
        self.dU = np.empty((n, H, 3 * H), dtype=dtype)
        self.db = np.zeros((n, 4 * H), dtype=dtype)           # b_z, b_r, b_h, then c_h
        self.dx = np.empty((T, B, D), dtype=dtype)

    def block(self, k: int) -> None:
        t0, t1 = self.blocks[k]
        H = self.h.shape[-1]
        DA = np.concatenate([self.da_z[t0:t1], self.da_r[t0:t1], self.da_h[t0:t1]],
                            axis=-1).reshape(-1, 3 * H)        # Ā: (rows, 3H)
        X = self.x[t0:t1].reshape(-1, self.x.shape[-1])        # rows of x_t
        HP = (self.h[t0 - 1:t1 - 1] if t0 else
              np.concatenate([self.h0[None], self.h[:t1 - 1]])).reshape(-1, H)   # h_{t−1}
        DRU = self.d_rh_or_u[t0:t1].reshape(-1, H)
        np.matmul(X.T, DA, out=self.dW[k])                     # ∂L/∂W = Xᵀ Ā
        np.matmul(HP.T, DA[:, :2 * H], out=self.dU[k, :, :2 * H])
        if self.reset_after:                                   # u = h_{t−1} U_h + c_h
            np.matmul(HP.T, DRU, out=self.dU[k, :, 2 * H:])
            self.db[k, 3 * H:] = DRU.sum(axis=0)
        else:                                                  # through (r ⊙ h_{t−1}) U_h
            RH = self.r[t0:t1].reshape(-1, H) * HP
            np.matmul(RH.T, DA[:, 2 * H:], out=self.dU[k, :, 2 * H:])
        self.db[k, :3 * H] = DA.sum(axis=0)
        np.matmul(DA, self.W_T, out=self.dx[t0:t1].reshape(-1, self.x.shape[-1]))

    def total(self):
        H = self.h.shape[-1]
        dW, dU, db = (a.sum(axis=0) for a in (self.dW, self.dU, self.db))

        def cols(a, i):
            return np.ascontiguousarray(a[..., i * H:(i + 1) * H])

        grads = GRUParams._wrap(
            {"reset_after": self.reset_after},
            **{n: cols(dW, i) for i, n in enumerate(_INPUT)},
            **{n: cols(dU, i) for i, n in enumerate(_RECURRENT)},
            **{n: cols(db, i) for i, n in enumerate(_BIAS)},
            c_h=cols(db, 3) if self.reset_after else None,
        )
        return grads, self.dx.transpose(1, 0, 2)


# ---- chapter 2 ("The GRU's gates") --------------------------------------------------------

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
    check_type("params", params, GRUParams, MESSAGES["a_gru_params"])
    if ord not in (2, "fro"):
        raise ValueError(MESSAGES["norm_ord"].format(value=ord))
    xb, batched = sequence_input(x, params.input_size, who=MESSAGES["who_gru"])
    if batched:
        raise ValueError(MESSAGES["one_sequence"].format(func="state_gradient_norms",
                                                         shape=xb.shape))
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


def __getattr__(name):
    """``gru_lab.gru.gru_step_details`` and ``gru_forward_keras_convention`` (chapter 2 calls
    them by these names) live in :mod:`gru_lab.gru_reference`, with the other code written for
    checking by hand."""
    if name in ("gru_forward_keras_convention", "gru_step_details"):
        from . import gru_reference

        return getattr(gru_reference, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
