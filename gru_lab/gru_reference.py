"""Code written for checking the GRU by hand, not for speed (chapter 2).

* :func:`gru_forward_keras_convention`: a GRU forward pass in **Keras's own equations**, from
  Keras's packed weights, the reference for the conventions table of chapter 2 (its z is one
  minus the book's);
* :func:`gru_forward_pytorch_convention`: the same in **PyTorch's** equations, from an
  ``nn.GRU`` state dict, any number of layers and both directions (chapter 5);
* :func:`gru_step_details`: one step with every intermediate value, for a calculation by hand;
* :func:`keras_arrays`: Keras's packed weights checked (shapes, NaN or inf), also used by
  :func:`gru_lab.from_keras`.

The book's equations themselves are :func:`gru_lab.gru_step` (one step) and
:func:`gru_lab.gru_forward` (the fast path). Chapter 2 calls the first two functions as
``gl.gru.gru_step_details`` and ``gl.gru.gru_forward_keras_convention``; those names lead here.
"""

from __future__ import annotations

import numpy as np

from ._checks import (
    MESSAGES,
    as_real_array,
    check_finite,
    check_shape,
    initial_state,
    sequence_input,
)
from .activations import sigmoid
from .gru import GRUParams, gru_step

__all__ = ["gru_forward_keras_convention", "gru_forward_pytorch_convention",
           "gru_step_details", "keras_arrays"]


def keras_arrays(kernel, recurrent_kernel, bias, reset_after: bool, names=None):
    """Keras's packed GRU weights, checked: ``(kernel, recurrent_kernel, bias)`` as arrays.

    ``kernel`` (D, 3H), ``recurrent_kernel`` (H, 3H), ``bias`` (2, 3H) with ``reset_after``
    and (3H,) without; None means zeros (``use_bias=False``). Shapes are checked and NaN or
    inf rejected, each message naming the array as ``names`` does (default: ``kernel``,
    ``recurrent_kernel``, ``bias``) with positions in that array.
    """
    n_k, n_r, n_b = names or ("kernel", "recurrent_kernel", "bias")
    kernel = as_real_array(n_k, kernel, "(D, 3H)")
    if kernel.ndim != 2:
        raise ValueError(MESSAGES["rank"].format(name=n_k, expected="(D, 3H)",
                                                 shape=kernel.shape, ndim=kernel.ndim))
    if kernel.shape[1] % 3:
        raise ValueError(MESSAGES["dim"].format(name=n_k, expected="(D, 3H)", symbol="3H",
                                                want=MESSAGES["multiple_of_3"], shape=kernel.shape,
                                                got=kernel.shape[1]))
    H = kernel.shape[1] // 3
    recurrent_kernel = as_real_array(n_r, recurrent_kernel, "(H, 3H)")
    check_shape(n_r, recurrent_kernel, (H, 3 * H), MESSAGES["with_sizes"].format(
        symbols="(H, 3H)", sizes=MESSAGES["from_array"].format(sizes=f"H = {H}", first=n_k)))
    want = (2, 3 * H) if reset_after else (3 * H,)
    bias = (np.zeros(want, dtype=kernel.dtype) if bias is None
            else as_real_array(n_b, bias, MESSAGES["either_shape"].format(first="(2, 3H)",
                                                                          second="(3H,)")))
    check_shape(n_b, bias, want, MESSAGES["with_sizes"].format(
        symbols="(2, 3H)" if reset_after else "(3H,)",
        sizes=MESSAGES["for_option"].format(sizes=f"H = {H}",
                                            option=f"reset_after={bool(reset_after)}")))
    for name, arr in ((n_k, kernel), (n_r, recurrent_kernel), (n_b, bias)):
        check_finite(name, arr, MESSAGES["who_gru"])
    return kernel, recurrent_kernel, bias


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
    gate, one minus the book's. Slow and plain on purpose: use :func:`gru_lab.gru_forward` for work.
    """
    kernel, recurrent_kernel, bias = keras_arrays(kernel, recurrent_kernel, bias, reset_after)
    D, H = kernel.shape[0], kernel.shape[1] // 3
    input_bias, recurrent_bias = (bias[0], bias[1]) if reset_after else (bias, None)
    xb, batched = sequence_input(x, D, who=MESSAGES["who_gru"])
    B, T, _ = xb.shape
    dtype = np.result_type(xb.dtype, kernel.dtype, recurrent_kernel.dtype, bias.dtype)
    h_tm1 = initial_state(h0, B, H, batched, dtype, who=MESSAGES["who_gru"])
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
    return tuple(out[k] if batched else out[k][0] for k in ("h", "z", "r", "hh"))


def gru_forward_pytorch_convention(x, state, *, num_layers=1, bidirectional=False, h0=None):
    """``nn.GRU(batch_first=True)`` written in **PyTorch's own equations**, in numpy (chapter 5).

    ``state``: arrays named as in ``nn.GRU.state_dict()`` (``weight_ih_l0`` (3H, D),
    ``weight_hh_l0`` (3H, H), ``bias_ih_l0``, ``bias_hh_l0`` (3H,), and ``…_l1``,
    ``…_l0_reverse`` … for more layers and the reverse direction), e.g. from
    :func:`gru_lab.to_pytorch`. PyTorch's documentation writes, column vectors, blocks [r|z|n]::

        r = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)
        z = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)                  (PyTorch's z!)
        n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t−1} + b_hn))
        h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}

    Layer l > 0 reads layer l − 1's output; the reverse direction reads it from t = T down to 1;
    the output concatenates the two. ``x``: (B, T, D). ``h0``: (L·directions, B, H) or None.
    Returns ``(output, h_n, gates)``: ``output`` (B, T, directions·H), ``h_n``
    (L·directions, B, H), and ``gates`` = {"r", "z", "n"} of layer 0's forward direction,
    each (B, T, H). Plain and slow on purpose: the reference the page and the tests compare
    :func:`gru_lab.deep.deep_gru_forward` with, when PyTorch itself is not installed.
    """
    dirs = ("", "_reverse") if bidirectional else ("",)
    y = np.asarray(x, dtype=np.float64)
    B, T, _ = y.shape
    h_n, gates = [], {}
    for l_ in range(num_layers):
        outs = []
        for d, suffix in enumerate(dirs):
            k = f"_l{l_}{suffix}"
            W_i, W_h = np.asarray(state["weight_ih" + k]), np.asarray(state["weight_hh" + k])
            H = W_h.shape[1]
            b_i = np.asarray(state.get("bias_ih" + k, np.zeros(3 * H)))
            b_h = np.asarray(state.get("bias_hh" + k, np.zeros(3 * H)))
            h = (np.zeros((B, H)) if h0 is None
                 else np.asarray(h0, dtype=np.float64)[l_ * len(dirs) + d])
            out = np.empty((B, T, H))
            record = {g: np.empty((B, T, H)) for g in "rzn"}
            for t in (range(T) if d == 0 else range(T - 1, -1, -1)):
                gi = y[:, t] @ W_i.T + b_i                       # W_i x_t + b_i, as rows
                gh = h @ W_h.T + b_h
                r = sigmoid(gi[:, :H] + gh[:, :H])
                z = sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
                n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
                h = (1.0 - z) * n + z * h                        # PyTorch: z weighs the OLD h
                out[:, t] = h
                record["r"][:, t], record["z"][:, t], record["n"][:, t] = r, z, n
            if l_ == 0 and d == 0:
                gates = record
            outs.append(out)
            h_n.append(h)
        y = np.concatenate(outs, axis=-1)
    return y, np.stack(h_n), gates


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
