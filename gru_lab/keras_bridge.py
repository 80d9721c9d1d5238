"""An exact bridge between :class:`~gru_lab.gru.GRUParams` and Keras's ``GRU`` layer (chapter 5).

Keras 3 (``keras/src/layers/rnn/gru.py``) packs its weights as

* ``kernel`` (D, 3H) and ``recurrent_kernel`` (H, 3H), blocks in the order [z | r | h];
* ``bias`` (3H,) with ``reset_after=False``, or (2, 3H) with ``reset_after=True``:
  row 0 the input bias, row 1 the recurrent bias;

and updates the state as ``h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ_t``. Its z is 1 − ours. Because
σ(−a) = 1 − σ(a), negating the z block's weights and biases turns Keras's z into ours exactly.
With ``reset_after=True`` Keras's z and r gates have two biases that only ever appear summed,
so they become one bias here (``b_z``, ``b_r``); the candidate's recurrent bias becomes ``c_h``.

TensorFlow/Keras is imported lazily, only by :func:`keras_gru_layer`; :func:`from_keras` and
:func:`to_keras` work on anything with ``get_weights()`` and ``reset_after``.
"""

from __future__ import annotations

import numpy as np

from ._checks import (
    MESSAGES,
    as_real_array,
    check_finite,
    check_shape,
    check_type,
    positive_int,
)
from .deep import MERGE_MODES, DeepGRUParams
from .deep import MESSAGES as DEEP_MESSAGES
from .gru import GRUParams
from .gru_reference import keras_arrays
from .rnn import RNNParams

__all__ = [
    "from_keras", "to_keras", "keras_gradients", "keras_gru_layer", "to_pytorch", "from_pytorch",
    "rnn_from_keras",
    "deep_from_keras",
]


def _layer_config(layer):
    cfg = layer.get_config() if hasattr(layer, "get_config") else {}
    return cfg


def _check_activations(layer) -> None:
    cfg = _layer_config(layer)
    act = cfg.get("activation", "tanh")
    rec = cfg.get("recurrent_activation", "sigmoid")
    if act != "tanh" or rec != "sigmoid":
        raise ValueError(MESSAGES["keras_activations"].format(act=act, rec=rec))
    if cfg.get("go_backwards"):
        raise ValueError(MESSAGES["keras_backwards"])


def from_keras(layer) -> GRUParams:
    """Read a Keras ``GRU`` layer's weights into a :class:`GRUParams` in the book's convention.

    Afterwards ``gru_forward(x, from_keras(layer))`` reproduces the layer's outputs and states,
    and the trace's ``z`` equals 1 − Keras's z at every step. The layer's arrays are checked
    first (shapes, NaN or inf), and a message names them as the layer holds them
    (``the layer's kernel`` at a position of that (D, 3H) array).
    """
    if not hasattr(layer, "get_weights"):
        raise TypeError(MESSAGES["keras_layer"].format(got=type(layer).__name__))
    _check_activations(layer)                      # also refuses go_backwards=True
    return _one_keras_gru(layer, "the layer")


def _unpack(kernel, recurrent, bias, reset_after: bool) -> GRUParams:
    """Keras's checked arrays (see :func:`gru_lab.gru_reference.keras_arrays`) → ours."""
    H = kernel.shape[1] // 3
    if reset_after:
        b_in, b_rec = bias[0], bias[1]
    else:
        b_in, b_rec = bias, np.zeros_like(bias)

    def block(a, i):
        return a[..., i * H:(i + 1) * H]

    return GRUParams(
        W_z=-block(kernel, 0), W_r=block(kernel, 1), W_h=block(kernel, 2),
        U_z=-block(recurrent, 0), U_r=block(recurrent, 1), U_h=block(recurrent, 2),
        b_z=-(block(b_in, 0) + block(b_rec, 0)),
        b_r=block(b_in, 1) + block(b_rec, 1),
        b_h=block(b_in, 2),
        c_h=block(b_rec, 2) if reset_after else None,
        reset_after=reset_after,
    )


def to_keras(params: GRUParams) -> list[np.ndarray]:
    """``[kernel, recurrent_kernel, bias]`` for ``keras.layers.GRU(H, reset_after=...)``.

    Ready for ``layer.set_weights``: kernel (D, 3H), recurrent_kernel (H, 3H), bias (3H,) or
    (2, 3H). The layer must have the same ``reset_after`` as ``params``. The z block is negated
    (Keras's z = 1 − ours); with ``reset_after`` the z and r biases go in the input row and the
    recurrent row holds zeros there.
    """
    check_type("params", params, GRUParams, MESSAGES["a_gru_params"])
    p = params
    kernel = np.concatenate([-p.W_z, p.W_r, p.W_h], axis=1)
    recurrent = np.concatenate([-p.U_z, p.U_r, p.U_h], axis=1)
    b_in = np.concatenate([-p.b_z, p.b_r, p.b_h])
    if p.reset_after:
        zeros = np.zeros_like(p.b_z)
        bias = np.stack([b_in, np.concatenate([zeros, zeros, p.c_h])])
    else:
        bias = b_in
    return [kernel, recurrent, bias]


def keras_gradients(grads: GRUParams) -> list[np.ndarray]:
    """Gradients in Keras's layout, from gradients in ours (e.g. from :func:`gru_backward`).

    Like :func:`to_keras` with one difference: Keras's two z and r bias rows each get the
    whole gradient of the summed bias (∂L/∂b_in = ∂L/∂b_rec = ∂L/∂b), since they only ever
    appear summed. Compare with ``tf.GradientTape`` on the layer's weights (chapter 5).
    """
    kernel, recurrent, bias = to_keras(grads)
    if grads.reset_after:
        bias = bias.copy()
        H = grads.hidden_size
        bias[1, :2 * H] = bias[0, :2 * H]
    return [kernel, recurrent, bias]


def keras_gru_layer(params: GRUParams, *, return_sequences=True, return_state=True,
                    dtype=None):
    """A built ``keras.layers.GRU`` holding ``params`` (imports Keras; chapter 5).

    ``dtype`` defaults to the params' dtype ("float32" or "float64").
    """
    import keras  # lazy: only this function needs TensorFlow/Keras

    dtype = dtype or str(params.dtype)
    layer = keras.layers.GRU(params.hidden_size, reset_after=params.reset_after,
                             return_sequences=return_sequences, return_state=return_state,
                             dtype=dtype)
    layer.build((None, None, params.input_size))
    layer.set_weights([w.astype(dtype) for w in to_keras(params)])
    return layer


# ---- SimpleRNN (the vanilla RNN of chapter 1) --------------------------------------------

def rnn_from_keras(layer) -> RNNParams:
    """Read a Keras ``SimpleRNN`` layer's weights into an :class:`~gru_lab.RNNParams`.

    Keras computes h_t = tanh(x_t kernel + h_{t−1} recurrent_kernel + bias), the book's
    equation ``rnn-step`` in the same row form: ``kernel`` (D, H) is ``W``,
    ``recurrent_kernel`` (H, H) is ``U`` and ``bias`` (H,) is ``b`` (zeros with
    ``use_bias=False``). Afterwards ``rnn_forward(x, rnn_from_keras(layer))`` reproduces the
    layer's states (text generation page: the vanilla RNN beside the GRU).
    """
    if not hasattr(layer, "get_weights"):
        raise TypeError(MESSAGES["keras_rnn_layer"].format(got=type(layer).__name__))
    cfg = _layer_config(layer)
    act = cfg.get("activation", "tanh")
    if act != "tanh":
        raise ValueError(MESSAGES["keras_rnn_activation"].format(act=act))
    if cfg.get("go_backwards"):
        raise ValueError(MESSAGES["keras_backwards"])
    weights = layer.get_weights()
    if len(weights) not in (2, 3):
        raise ValueError(MESSAGES["keras_weights"].format(count=len(weights)))
    names = ("the layer's kernel", "the layer's recurrent_kernel", "the layer's bias")
    kernel = as_real_array(names[0], weights[0], "(D, H)")
    if kernel.ndim != 2:
        raise ValueError(MESSAGES["rank"].format(name=names[0], expected="(D, H)",
                                                 shape=kernel.shape, ndim=kernel.ndim))
    H = kernel.shape[1]
    recurrent = as_real_array(names[1], weights[1], "(H, H)")
    check_shape(names[1], recurrent, (H, H), f"(H, H) with H = {H}")
    bias = (as_real_array(names[2], weights[2], "(H,)") if len(weights) == 3
            else np.zeros(H, dtype=kernel.dtype))
    check_shape(names[2], bias, (H,), f"(H,) with H = {H}")
    for name, arr in zip(names, (kernel, recurrent, bias), strict=True):
        check_finite(name, arr, "an RNN")
    return RNNParams(W=kernel, U=recurrent, b=bias)


# ---- stacks of Keras layers (chapter 5, "Stacked and bidirectional GRUs") -----------------

def _one_keras_gru(layer, name: str) -> GRUParams:
    """One Keras GRU layer (also the backward half of a Bidirectional) → GRUParams."""
    cfg = _layer_config(layer)
    act = cfg.get("activation", "tanh")
    rec = cfg.get("recurrent_activation", "sigmoid")
    if act != "tanh" or rec != "sigmoid":
        raise ValueError(MESSAGES["keras_activations"].format(act=act, rec=rec))
    weights = layer.get_weights()
    if len(weights) not in (2, 3):
        raise ValueError(MESSAGES["keras_weights"].format(count=len(weights)))
    reset_after = bool(getattr(layer, "reset_after", False))
    kernel, recurrent, bias = keras_arrays(
        weights[0], weights[1], weights[2] if len(weights) == 3 else None, reset_after,
        names=tuple(f"{name}'s {w}" for w in ("kernel", "recurrent_kernel", "bias")))
    return _unpack(kernel, recurrent, bias, reset_after)


def deep_from_keras(layers) -> DeepGRUParams:
    """Read a Keras stack of GRUs into a :class:`~gru_lab.deep.DeepGRUParams` (chapter 5).

    ``layers``: a list of Keras layers (or a model, whose recurrent layers are taken in
    order), every one a ``GRU`` or every one a ``Bidirectional(GRU(...))`` with one
    ``merge_mode``, "concat" or "sum". A Bidirectional's backward GRU reads the sequence
    reversed (``go_backwards=True``), which is what ``DeepGRUParams.backward`` holds; Keras
    flips its output sequence back before merging, as :func:`~gru_lab.deep.deep_gru_forward`
    does. With ``return_sequences=True`` on every layer (all but the last may not be otherwise),
    ``deep_gru_forward(x, deep_from_keras(layers)).output`` is the stack's output.
    """
    if hasattr(layers, "layers") and not isinstance(layers, (list, tuple)):
        layers = [ly for ly in layers.layers
                  if type(ly).__name__ in ("GRU", "Bidirectional")]
    layers = list(layers)
    if not layers:
        raise ValueError(DEEP_MESSAGES["keras_stack_empty"])
    kinds = [type(ly).__name__ for ly in layers]
    for i, kind in enumerate(kinds):
        if kind not in ("GRU", "Bidirectional"):
            raise ValueError(DEEP_MESSAGES["keras_stack_kind"].format(i=i, got=kind))
    if len(set(kinds)) > 1:
        raise ValueError(DEEP_MESSAGES["keras_stack_mixed"].format(kinds=kinds))
    if kinds[0] == "GRU":
        for ly in layers:
            _check_activations(ly)                  # also refuses go_backwards=True
        return DeepGRUParams([_one_keras_gru(ly, f"layers[{i}]")
                              for i, ly in enumerate(layers)])
    modes = [ly.merge_mode for ly in layers]
    if len(set(modes)) > 1:
        raise ValueError(DEEP_MESSAGES["keras_stack_modes"].format(modes=modes))
    if modes[0] not in MERGE_MODES:
        raise ValueError(DEEP_MESSAGES["merge_mode"].format(modes=MERGE_MODES, got=modes[0]))
    fwd = [_one_keras_gru(ly.forward_layer, f"layers[{i}].forward_layer")
           for i, ly in enumerate(layers)]
    bwd = [_one_keras_gru(ly.backward_layer, f"layers[{i}].backward_layer")
           for i, ly in enumerate(layers)]
    return DeepGRUParams(fwd, bwd, modes[0])


# ---- PyTorch (no import of torch: plain arrays in and out) --------------------------------

def _pytorch_layer(p: GRUParams, name: str) -> tuple[np.ndarray, ...]:
    """One GRUParams → nn.GRU's (weight_ih, weight_hh, bias_ih, bias_hh) for one layer."""
    if not p.reset_after:
        raise ValueError(MESSAGES["pytorch_reset_after"].replace("params", name))
    zeros = np.zeros_like(p.b_z)
    return (np.concatenate([p.W_r, -p.W_z, p.W_h], axis=1).T.copy(),
            np.concatenate([p.U_r, -p.U_z, p.U_h], axis=1).T.copy(),
            np.concatenate([p.b_r, -p.b_z, p.b_h]),
            np.concatenate([zeros, zeros, p.c_h]))


def to_pytorch(params) -> dict[str, np.ndarray]:
    """``nn.GRU`` state-dict arrays for ``params`` (every layer with ``reset_after=True``).

    PyTorch computes Keras's reset-after form with blocks ordered [r | z | n], matrices
    transposed ((3H, D) and (3H, H)) and two bias vectors; its z is 1 − ours.
    A :class:`GRUParams` gives layer 0's four arrays (``weight_ih_l0``, ``weight_hh_l0``,
    ``bias_ih_l0``, ``bias_hh_l0``); a :class:`~gru_lab.deep.DeepGRUParams` gives every
    layer's (``…_l1``, …), and for a bidirectional stack the backward direction's too
    (``weight_ih_l0_reverse``, …), as ``nn.GRU(num_layers=L, bidirectional=True)`` names them.
    PyTorch concatenates the two directions, so a bidirectional stack needs
    ``merge_mode="concat"``.
    """
    if isinstance(params, DeepGRUParams):
        if params.bidirectional and params.merge_mode != "concat":
            raise ValueError(DEEP_MESSAGES["pytorch_merge"].format(got=params.merge_mode))
        out = {}
        for l_ in range(params.num_layers):
            for side, suffix in (("forward", ""), ("backward", "_reverse")):
                layers = getattr(params, side)
                if layers is None:
                    continue
                arrays = _pytorch_layer(layers[l_], f"params.{side}[{l_}]")
                for key, arr in zip(_PT_KEYS, arrays, strict=True):
                    out[f"{key}_l{l_}{suffix}"] = arr
        return out
    check_type("params", params, GRUParams, MESSAGES["a_gru_or_deep_params"])
    return {f"{key}_l0": arr
            for key, arr in zip(_PT_KEYS, _pytorch_layer(params, "params"), strict=True)}


_PT_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def _layers_in(state) -> tuple[int, bool]:
    """How many layers (and whether a reverse direction) a state dict holds weights for."""
    keys = [k for k in state if isinstance(k, str) and k.startswith("weight_ih_l")]
    numbers = []
    for k in keys:
        tail = k[len("weight_ih_l"):].removesuffix("_reverse")
        if tail.isdigit():
            numbers.append(int(tail))
    return (max(numbers) + 1 if numbers else 0), any(k.endswith("_reverse") for k in keys)


def from_pytorch(state: dict, *, num_layers: int = 1, bidirectional: bool = False):
    """The inverse of :func:`to_pytorch`: arrays named as in ``nn.GRU.state_dict()``.

    ``state['weight_ih_l0']`` (3H, D), ``state['weight_hh_l0']`` (3H, H) and the biases
    ``state['bias_ih_l0']``, ``state['bias_hh_l0']`` (3H,) (zeros when absent, like
    ``bias=False``). Each is checked (shape, NaN or inf) under the name the caller used, with
    positions in the caller's array, before any block is cut out of it.

    With ``num_layers=1`` and ``bidirectional=False`` (the defaults) it returns a
    :class:`GRUParams`; otherwise a :class:`~gru_lab.deep.DeepGRUParams` (merge_mode
    "concat", PyTorch's) read from the ``…_l{l}`` and ``…_l{l}_reverse`` arrays. A state whose
    number of layers or directions differs from the arguments raises ``ValueError``.
    """
    L = positive_int("num_layers", num_layers)
    held, reverse = _layers_in(state) if hasattr(state, "keys") else (0, False)
    if held > L or (reverse and not bidirectional):
        raise ValueError(DEEP_MESSAGES["pytorch_layers"].format(
            L=L, bi=bool(bidirectional), held=held, last=held - 1,
            rev=DEEP_MESSAGES["pytorch_rev"] if reverse else "",
            bi_hint=DEEP_MESSAGES["pytorch_bi_hint"] if reverse else ""))
    if L == 1 and not bidirectional:
        return _from_pytorch_layer(state, "_l0")
    fwd = [_from_pytorch_layer(state, f"_l{l_}") for l_ in range(L)]
    bwd = ([_from_pytorch_layer(state, f"_l{l_}_reverse") for l_ in range(L)]
           if bidirectional else None)
    return DeepGRUParams(fwd, bwd, "concat")


def _from_pytorch_layer(state: dict, suffix: str) -> GRUParams:
    """One layer and direction of an nn.GRU state dict (keys ending in ``suffix``)."""
    def get(key, expected, default=None):
        key = key + suffix
        name = f"state[{key!r}]"
        if key not in state and default is None:
            raise KeyError(MESSAGES["pytorch_missing"].format(key=key, keys=sorted(state)))
        return name, as_real_array(name, state.get(key, default), expected)

    n_hh, w_hh = get("weight_hh", "(3H, H)")
    if w_hh.ndim != 2:
        raise ValueError(MESSAGES["rank"].format(name=n_hh, expected="(3H, H)",
                                                 shape=w_hh.shape, ndim=w_hh.ndim))
    H = w_hh.shape[1]
    check_shape(n_hh, w_hh, (3 * H, H),
                MESSAGES["with_sizes"].format(symbols="(3H, H)", sizes=f"H = {H}"))
    n_ih, w_ih = get("weight_ih", "(3H, D)")
    if w_ih.ndim != 2:
        raise ValueError(MESSAGES["rank"].format(name=n_ih, expected="(3H, D)",
                                                 shape=w_ih.shape, ndim=w_ih.ndim))
    from_hh = MESSAGES["from_array"].format(sizes=f"H = {H}", first=n_hh)
    check_shape(n_ih, w_ih, (3 * H, w_ih.shape[1]),
                MESSAGES["with_sizes"].format(symbols="(3H, D)", sizes=from_hh))
    zeros = np.zeros(3 * H, dtype=w_ih.dtype)
    arrays = [(n_ih, w_ih), (n_hh, w_hh), get("bias_ih", "(3H,)", zeros),
              get("bias_hh", "(3H,)", zeros)]
    for name, arr in arrays[2:]:
        check_shape(name, arr, (3 * H,),
                    MESSAGES["with_sizes"].format(symbols="(3H,)", sizes=from_hh))
    for name, arr in arrays:
        check_finite(name, arr, MESSAGES["who_gru"])
    b_ih, b_hh = arrays[2][1], arrays[3][1]

    def block(a, i):
        return a[i * H:(i + 1) * H]

    r, z, n = 0, 1, 2
    return GRUParams(
        W_z=-block(w_ih, z).T, W_r=block(w_ih, r).T, W_h=block(w_ih, n).T,
        U_z=-block(w_hh, z).T, U_r=block(w_hh, r).T, U_h=block(w_hh, n).T,
        b_z=-(block(b_ih, z) + block(b_hh, z)), b_r=block(b_ih, r) + block(b_hh, r),
        b_h=block(b_ih, n), c_h=block(b_hh, n), reset_after=True,
    )
