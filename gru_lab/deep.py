"""Stacked and bidirectional GRUs: a forward pass that keeps every layer's trace, and BPTT
through the whole stack and both directions (chapter 5, "Stacked and bidirectional GRUs").

A stack of L layers reads the input x = y^(0); layer l reads the output sequence y^(l−1) of
the layer below. In a bidirectional layer a second GRU reads the same sequence backwards, from
t = T down to t = 1, and its states are put back in the order of t, so that both directions
have a state for every step. The two are merged as Keras's ``merge_mode`` does::

    →h^(l)_t = GRU(y^(l−1)_t, →h^(l)_{t−1})            forward direction, t = 1 … T
    ←h^(l)_t = GRU(y^(l−1)_t, ←h^(l)_{t+1})            backward direction, t = T … 1
    y^(l)_t  = [→h^(l)_t | ←h^(l)_t]   ("concat", 2H)   or   →h^(l)_t + ←h^(l)_t   ("sum", H)

Each direction of each layer is an ordinary :class:`~gru_lab.gru.GRUParams` run by
:func:`~gru_lab.gru.gru_forward`; the backward direction is ``gru_forward`` on the reversed
sequence, and :func:`deep_gru_backward` sends the gradient back through the same calls
(:func:`~gru_lab.gru.gru_backward` on the reversed gradient). Shapes follow PyTorch's
``nn.GRU`` where it has one: ``h0`` and ``h_n`` are (L·directions, B, H), layer by layer, the
forward direction first; :func:`gru_lab.to_pytorch` writes the arrays of a whole stack.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import (
    as_real_array,
    check_finite,
    check_shape,
    check_type,
    positive_int,
    sequence_input,
)
from .gru import GRUParams, gru_backward, gru_forward
from .i18n import Messages, repr_html

__all__ = ["MESSAGES", "MERGE_MODES", "DeepGRUParams", "DeepGRUTrace", "deep_gru_forward",
           "deep_gru_backward"]

#: Keras's ``Bidirectional(merge_mode=...)`` values that this module supports.
MERGE_MODES = ("concat", "sum")

MESSAGES = Messages(en={
    "layers_empty": "{name} must be a list of at least one GRUParams (one per layer); got {got}.",
    "layers_type": "{name} must be a GRUParams (one layer's weights); got {got}.",
    "layer_count": (
        "{name} must hold one GRUParams per layer: {expected} layer(s), as {other} has; "
        "got {got}."
    ),
    "merge_mode": "merge_mode must be one of {modes}; got {got!r}.",
    "merge_sizes": (
        "backward[{l}] must have the hidden size of forward[{l}], H = {want} (merge_mode="
        "{mode!r} merges the two directions step by step); got H = {got}."
    ),
    "input_size": (
        "{name} reads {what}, so its input size must be D = {want}; got D = {got} "
        "(its W_z is {shape})."
    ),
    "what_x": "x, the input sequence",
    "what_below": "the output of the layer below ({how})",
    "how_uni": "H = {H}",
    "how_concat": "merge_mode='concat': 2H = {size}",
    "how_sum": "merge_mode='sum': H = {size}",
    "h_n_sizes": (
        "h_n stacks one (B, H) state per layer and direction, so every layer needs the same "
        "H; this stack has H = {sizes}. Read trace.h_last instead."
    ),
    "h0_sizes": (
        "h0 as one array needs the same H in every layer; this stack has H = {sizes}. Pass a "
        "list with one (B, H) state per layer and direction instead."
    ),
    "h0_count": (
        "h0 must hold one state per layer and direction, L·directions = {want}; got {got}."
    ),
    "repr": "DeepGRUParams(L={L}, D={D}, H={H}, {kind}, {count} parameters)",
    "repr_bidirectional": "bidirectional, merge_mode={mode!r}",
    "repr_one_direction": "one direction",
    "keras_stack_empty": (
        "layers must hold at least one Keras GRU or Bidirectional layer; got none."
    ),
    "keras_stack_kind": (
        "layers[{i}] must be a keras.layers.GRU or a keras.layers.Bidirectional(GRU(...)); "
        "got {got}."
    ),
    "keras_stack_mixed": (
        "layers must be all GRU or all Bidirectional (every layer one direction, or every "
        "layer two); got {kinds}."
    ),
    "keras_stack_modes": (
        "every Bidirectional layer must have the same merge_mode; got {modes}."
    ),
    "pytorch_merge": (
        "nn.GRU concatenates its two directions: to_pytorch needs merge_mode='concat'; got "
        "merge_mode={got!r}."
    ),
    "pytorch_layers": (
        "num_layers = {L} and bidirectional = {bi}, but state holds the parameters of {held} "
        "layer(s) (weight_ih_l0 … weight_ih_l{last}){rev}. Pass num_layers={held}"
        "{bi_hint} to read them all."
    ),
    "pytorch_rev": ", with a reverse direction (…_reverse)",
    "pytorch_bi_hint": ", bidirectional=True",
    "trace_type": "trace must be the DeepGRUTrace returned by deep_gru_forward; got {got}.",
    "needs_grad": (
        "deep_gru_backward needs dy (shaped like trace.output) or dh_n (shaped like "
        "trace.h_n); both were None."
    ),
    "params_mismatch": (
        "params does not match the trace: the trace was computed by {tl} layer(s) "
        "({td}), params has {pl} ({pd})."
    ),
}, zh={
    "layers_empty": "{name} 必须是至少含一个 GRUParams 的列表（每层一个）；实际为 {got}。",
    "layers_type": "{name} 必须是一个 GRUParams（一层的权重）；实际为 {got}。",
    "layer_count": (
        "{name} 必须每层有一个 GRUParams：与 {other} 一样共 {expected} 层；实际为 {got}。"
    ),
    "merge_mode": "merge_mode 必须是 {modes} 之一；实际为 {got!r}。",
    "merge_sizes": (
        "backward[{l}] 的隐藏单元数必须与 forward[{l}] 相同，即 H = {want}"
        "（merge_mode={mode!r} 逐时间步合并两个方向）；实际为 H = {got}。"
    ),
    "input_size": (
        "{name} 读入的是{what}，所以它的输入宽度必须是 D = {want}；实际为 D = {got}"
        "（它的 W_z 形状为 {shape}）。"
    ),
    "what_x": "输入序列 x",
    "what_below": "下面那一层的输出（{how}）",
    "how_uni": "H = {H}",
    "how_concat": "merge_mode='concat'：2H = {size}",
    "how_sum": "merge_mode='sum'：H = {size}",
    "h_n_sizes": (
        "h_n 把每一层、每个方向的一个 (B, H) 状态堆叠起来，所以每层的 H 必须相同；"
        "这个堆叠的 H = {sizes}。请改用 trace.h_last。"
    ),
    "h0_sizes": (
        "h0 作为一个数组时要求每层的 H 相同；这个堆叠的 H = {sizes}。"
        "请改为传入一个列表，每层、每个方向一个 (B, H) 状态。"
    ),
    "h0_count": (
        "h0 必须每层、每个方向各有一个状态，共 L·directions = {want} 个；实际为 {got}。"
    ),
    "repr": "DeepGRUParams(L={L}，D={D}，H={H}，{kind}，{count} 个参数)",
    "repr_bidirectional": "双向，merge_mode={mode!r}",
    "repr_one_direction": "单向",
    "keras_stack_empty": (
        "layers 必须至少包含一个 Keras GRU 层或 Bidirectional 层；实际一个也没有。"
    ),
    "keras_stack_kind": (
        "layers[{i}] 必须是 keras.layers.GRU 或 keras.layers.Bidirectional(GRU(...))；"
        "实际为 {got}。"
    ),
    "keras_stack_mixed": (
        "layers 必须全是 GRU 或全是 Bidirectional（每层一个方向，或每层两个方向）；"
        "实际为 {kinds}。"
    ),
    "keras_stack_modes": (
        "每个 Bidirectional 层的 merge_mode 必须相同；实际为 {modes}。"
    ),
    "pytorch_merge": (
        "nn.GRU 把两个方向拼接起来：to_pytorch 需要 merge_mode='concat'；"
        "实际为 merge_mode={got!r}。"
    ),
    "pytorch_layers": (
        "num_layers = {L}，bidirectional = {bi}，但 state 中有 {held} 层的参数"
        "（weight_ih_l0 … weight_ih_l{last}）{rev}。请传入 num_layers={held}"
        "{bi_hint} 以读取全部参数。"
    ),
    "pytorch_rev": "，并且有反向方向（…_reverse）",
    "pytorch_bi_hint": "，bidirectional=True",
    "trace_type": "trace 必须是 deep_gru_forward 返回的 DeepGRUTrace；实际为 {got}。",
    "needs_grad": (
        "deep_gru_backward 需要 dy（形状与 trace.output 相同）或 dh_n（形状与 trace.h_n "
        "相同）；两者都是 None。"
    ),
    "params_mismatch": (
        "params 与 trace 不匹配：trace 由 {tl} 层（{td}）计算得到，params 有 {pl} 层（{pd}）。"
    ),
})

_DIRS = ("one direction", "two directions")


def _layer_list(name, value, *, required=True):
    """A list of GRUParams, each checked (TypeError naming ``name[i]``)."""
    if value is None and not required:
        return None
    if isinstance(value, GRUParams) or not isinstance(value, (list, tuple)) or not value:
        raise TypeError(MESSAGES["layers_empty"].format(
            name=name, got=type(value).__name__ if not isinstance(value, (list, tuple)) else "[]"))
    for i, p in enumerate(value):
        if not isinstance(p, GRUParams):
            raise TypeError(MESSAGES["layers_type"].format(name=f"{name}[{i}]",
                                                           got=type(p).__name__))
    return list(value)


@dataclass(eq=False, repr=False)
class DeepGRUParams:
    """The weights of a stack of GRU layers, each one- or two-directional (chapter 5).

    ``forward``: a list of L :class:`GRUParams`, layer 1 first; ``forward[l]`` reads the output
    of the layer below (x for the first), so its input size D must be that output's size.
    ``backward``: None (one direction) or a list of L more, the GRUs that read each layer's
    input from t = T down to 1 (a bidirectional stack). ``merge_mode``: how the two directions'
    states are merged into a layer's output y_t, ``"concat"`` (2H numbers, [→h_t | ←h_t]) or
    ``"sum"`` (H numbers), as in Keras's ``Bidirectional``. Wrong counts, sizes or modes raise
    ``ValueError`` naming the argument. The GRUParams are kept, not copied.
    """

    forward: list
    backward: list | None = None
    merge_mode: str = "concat"

    def __post_init__(self):
        self.forward = _layer_list("forward", self.forward)
        self.backward = _layer_list("backward", self.backward, required=False)
        if self.merge_mode not in MERGE_MODES:
            raise ValueError(MESSAGES["merge_mode"].format(modes=MERGE_MODES,
                                                           got=self.merge_mode))
        L = len(self.forward)
        if self.backward is not None and len(self.backward) != L:
            raise ValueError(MESSAGES["layer_count"].format(
                name="backward", expected=L, other="forward", got=len(self.backward)))
        size = None                         # the size of what layer l reads (None: x)
        for l_, fwd in enumerate(self.forward):
            bwd = self.backward[l_] if self.backward is not None else None
            if bwd is not None and bwd.hidden_size != fwd.hidden_size:
                raise ValueError(MESSAGES["merge_sizes"].format(
                    l=l_, want=fwd.hidden_size, mode=self.merge_mode, got=bwd.hidden_size))
            for name, p in ((f"forward[{l_}]", fwd), (f"backward[{l_}]", bwd)):
                if p is None or size is None:
                    continue
                if p.input_size != size:
                    raise ValueError(MESSAGES["input_size"].format(
                        name=name, what=self._what(l_), want=size, got=p.input_size,
                        shape=p.W_z.shape))
            if l_ == 0 and bwd is not None and bwd.input_size != fwd.input_size:
                raise ValueError(MESSAGES["input_size"].format(
                    name="backward[0]", what=MESSAGES["what_x"], want=fwd.input_size,
                    got=bwd.input_size, shape=bwd.W_z.shape))
            size = self._output_size(l_)

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def init(cls, input_size: int, hidden_size: int, num_layers: int = 1, *,
             bidirectional: bool = False, merge_mode: str = "concat", reset_after: bool = True,
             seed=None, dtype=np.float64) -> DeepGRUParams:
        """L layers of H units initialised like Keras (:meth:`GRUParams.init`), each layer's
        input size set by the layer below; one seed per layer and direction from ``seed``."""
        D = positive_int("input_size", input_size)
        H = positive_int("hidden_size", hidden_size)
        L = positive_int("num_layers", num_layers)
        if merge_mode not in MERGE_MODES:
            raise ValueError(MESSAGES["merge_mode"].format(modes=MERGE_MODES, got=merge_mode))
        seeds = np.random.SeedSequence(seed).spawn(2 * L)
        out = H if not bidirectional or merge_mode == "sum" else 2 * H
        fwd, bwd = [], []
        for l_ in range(L):
            d = D if l_ == 0 else out
            fwd.append(GRUParams.init(d, H, reset_after=reset_after,
                                      seed=np.random.default_rng(seeds[2 * l_]), dtype=dtype))
            if bidirectional:
                bwd.append(GRUParams.init(d, H, reset_after=reset_after,
                                          seed=np.random.default_rng(seeds[2 * l_ + 1]),
                                          dtype=dtype))
        return cls(fwd, bwd if bidirectional else None, merge_mode)

    # ---- sizes --------------------------------------------------------------------------
    @property
    def num_layers(self) -> int:
        """L, the number of layers."""
        return len(self.forward)

    @property
    def bidirectional(self) -> bool:
        return self.backward is not None

    @property
    def num_directions(self) -> int:
        """1, or 2 for a bidirectional stack."""
        return 2 if self.bidirectional else 1

    @property
    def input_size(self) -> int:
        """D, the size of each input vector x_t."""
        return self.forward[0].input_size

    @property
    def hidden_sizes(self) -> tuple[int, ...]:
        """H of each layer (both directions of a layer have the same H)."""
        return tuple(p.hidden_size for p in self.forward)

    def _output_size(self, l_: int) -> int:
        H = self.forward[l_].hidden_size
        return 2 * H if self.bidirectional and self.merge_mode == "concat" else H

    @property
    def output_size(self) -> int:
        """The size of the top layer's output y_t: H, or 2H for a bidirectional concat."""
        return self._output_size(self.num_layers - 1)

    def _what(self, l_: int) -> str:
        """What layer l_ reads, in words, for a message."""
        H = self.forward[l_ - 1].hidden_size
        how = ("how_uni" if not self.bidirectional else
               "how_concat" if self.merge_mode == "concat" else "how_sum")
        return MESSAGES["what_below"].format(
            l=l_, how=MESSAGES[how].format(H=H, size=self._output_size(l_ - 1)))

    def directions(self, l_: int) -> list[GRUParams]:
        """Layer ``l_``'s GRUs: [forward] or [forward, backward] (the order of h_n)."""
        return [self.forward[l_]] + ([self.backward[l_]] if self.bidirectional else [])

    def layers(self) -> list[GRUParams]:
        """Every GRU of the stack in the order of ``h_n``: layer 1 forward, layer 1 backward,
        layer 2 forward, …"""
        return [p for l_ in range(self.num_layers) for p in self.directions(l_)]

    def num_parameters(self) -> int:
        """The sum of every layer's :meth:`GRUParams.num_parameters`."""
        return sum(p.num_parameters() for p in self.layers())

    def arrays(self) -> dict[str, np.ndarray]:
        """``{"forward[0].W_z": array, …}``: every array of the stack, the arrays themselves."""
        out = {}
        for side in ("forward", "backward"):
            for l_, p in enumerate(getattr(self, side) or []):
                out.update({f"{side}[{l_}].{n}": a for n, a in p.arrays().items()})
        return out

    def __repr__(self) -> str:
        kind = (MESSAGES["repr_bidirectional"].format(mode=self.merge_mode)
                if self.bidirectional else MESSAGES["repr_one_direction"])
        return MESSAGES["repr"].format(L=self.num_layers, D=self.input_size,
                                       H=self.hidden_sizes, kind=kind,
                                       count=self.num_parameters())

    _repr_html_ = repr_html


@dataclass(eq=False)
class DeepGRUTrace:
    """Everything :func:`deep_gru_forward` computed.

    ``x``: the input, (T, D) or (B, T, D). ``traces``: one list per layer of its
    :class:`GRUTrace`\\ s, [forward] or [forward, backward]; a backward trace runs over the
    reversed sequence (its step s is step T + 1 − s of the page). ``outputs``: every layer's
    output y^(l), (T, O) or (B, T, O), with O = H, or 2H for a bidirectional concat;
    ``output`` is the top one (PyTorch's ``output`` with ``batch_first=True``).
    ``h_last``: the final state of every layer and direction, in the order of ``h_n``.
    """

    x: np.ndarray
    traces: list
    outputs: list
    h_last: list
    batched: bool
    merge_mode: str

    @property
    def output(self) -> np.ndarray:
        """The top layer's output: (B, T, O) (or (T, O) for one sequence)."""
        return self.outputs[-1]

    @property
    def h_n(self) -> np.ndarray:
        """The final states, (L·directions, B, H) (or (L·directions, H) for one sequence),
        laid out like PyTorch's ``h_n``. For the backward direction "final" means after
        reading x_1. Every layer must have the same H."""
        sizes = sorted({h.shape[-1] for h in self.h_last})
        if len(sizes) > 1:
            raise ValueError(MESSAGES["h_n_sizes"].format(sizes=sizes))
        return np.stack(self.h_last)


def _initial_states(h0, params: DeepGRUParams, B: int, batched: bool, dtype):
    """h0 as one (B, H) array per layer and direction (None: zeros)."""
    layers = params.layers()
    if h0 is None:
        return [None] * len(layers)
    n = len(layers)
    if isinstance(h0, (list, tuple)):
        if len(h0) != n:
            raise ValueError(MESSAGES["h0_count"].format(want=n, got=len(h0)))
        return list(h0)
    sizes = sorted(set(params.hidden_sizes))
    if len(sizes) > 1:
        raise ValueError(MESSAGES["h0_sizes"].format(sizes=sizes))
    H = sizes[0]
    sym = "(L·directions, B, H)" if batched else "(L·directions, H)"
    arr = as_real_array("h0", h0, sym)
    want = (n, B, H) if batched else (n, H)
    check_shape("h0", arr, want, sym)
    check_finite("h0", arr, "a GRU")
    return list(arr.astype(dtype, copy=False))


def _as_deep(params) -> DeepGRUParams:
    """A DeepGRUParams, or a GRUParams as a stack of one layer."""
    if isinstance(params, GRUParams):
        return DeepGRUParams([params])
    check_type("params", params, DeepGRUParams, "a DeepGRUParams (or a GRUParams)")
    return params


def deep_gru_forward(x, params: DeepGRUParams, h0=None) -> DeepGRUTrace:
    """Run a stack of GRU layers, one or two directions each, and keep every trace (chapter 5).

    ``x``: (T, D) for one sequence or (B, T, D) for a batch. ``h0``: None (zeros), an array
    (L·directions, B, H) (or (L·directions, H) for one sequence) laid out like PyTorch's
    ``h_0``, or a list with one state per layer and direction. Layer l's forward GRU runs
    :func:`gru_forward` on y^(l−1); its backward GRU runs it on y^(l−1) reversed in time, and
    its states are reversed back, so that ``outputs[l][:, t]`` merges the two states of step t.
    Returns a :class:`DeepGRUTrace`; ``trace.output`` is (B, T, O) and ``trace.h_n``
    (L·directions, B, H). A :class:`GRUParams` is taken as a stack of one layer.
    """
    params = _as_deep(params)
    xb, batched = sequence_input(x, params.input_size, who="a GRU")
    B = xb.shape[0]
    dtype = np.result_type(xb.dtype, *(p.dtype for p in params.layers()))
    states = iter(_initial_states(h0, params, B, batched, dtype))
    y = xb
    traces, outputs, h_last = [], [], []
    for l_ in range(params.num_layers):
        layer_traces, hs = [], []
        for k, p in enumerate(params.directions(l_)):
            s = next(states)
            if s is not None and not batched:
                s = np.asarray(s)[None]
            inp = y if k == 0 else np.ascontiguousarray(y[:, ::-1])
            tr = gru_forward(inp, p, s)
            layer_traces.append(tr)
            hs.append(tr.h if k == 0 else tr.h[:, ::-1])       # back in the order of t
            h_last.append(tr.h_last if batched else tr.h_last[0])
        y = (hs[0] if len(hs) == 1 else
             np.concatenate(hs, axis=-1) if params.merge_mode == "concat" else hs[0] + hs[1])
        traces.append(layer_traces)
        outputs.append(y if batched else y[0])
    return DeepGRUTrace(x=xb if batched else xb[0], traces=traces, outputs=outputs,
                        h_last=h_last, batched=batched, merge_mode=params.merge_mode)


def deep_gru_backward(trace: DeepGRUTrace, params: DeepGRUParams, dy=None, dh_n=None):
    """Backpropagation through time through the whole stack and both directions (chapter 5).

    ``dy``: ∂L/∂y_t of the top layer's output, shaped like ``trace.output``, or None.
    ``dh_n``: ∂L/∂h_n, shaped like ``trace.h_n`` (or a list, one per layer and direction),
    or None. At least one is required.
    Returns ``(grads, dx, dh0)``: ``grads`` a :class:`DeepGRUParams` of ∂L/∂(every weight),
    ``dx`` shaped like ``trace.x``, and ``dh0`` (L·directions, B, H) like ``h_n`` (a list when
    the layers' H differ).

    Layer by layer from the top: the gradient of y^(l) is split between the directions
    (concat: each direction gets its half; sum: each gets all of it), each direction runs
    :func:`gru_backward` (the backward direction on the reversed gradient, whose dx is then
    reversed back), and the layer's input gradient, the sum of both directions' dx, is the
    gradient of y^(l−1) for the layer below.
    """
    if not isinstance(trace, DeepGRUTrace):
        raise TypeError(MESSAGES["trace_type"].format(got=type(trace).__name__))
    params = _as_deep(params)
    n_dirs = len(trace.traces[0])
    if len(trace.traces) != params.num_layers or n_dirs != params.num_directions:
        raise ValueError(MESSAGES["params_mismatch"].format(
            tl=len(trace.traces), td=_DIRS[n_dirs - 1], pl=params.num_layers,
            pd=_DIRS[params.num_directions - 1]))
    if dy is None and dh_n is None:
        raise ValueError(MESSAGES["needs_grad"])
    top = trace.outputs[-1]
    if dy is not None:
        sym = "(B, T, O)" if trace.batched else "(T, O)"
        dy = as_real_array("dy", dy, sym)
        check_shape("dy", dy, top.shape, sym)
        check_finite("dy", dy, "deep_gru_backward")
        dy = dy if trace.batched else dy[None]
    g_last = [None] * len(trace.h_last)
    if dh_n is not None:
        if isinstance(dh_n, (list, tuple)):
            if len(dh_n) != len(trace.h_last):
                raise ValueError(MESSAGES["h0_count"].replace("h0", "dh_n").format(
                    want=len(trace.h_last), got=len(dh_n)))
            g_last = [None if g is None else np.asarray(g) for g in dh_n]
        else:
            want = trace.h_n.shape
            sym = "(L·directions, B, H)" if trace.batched else "(L·directions, H)"
            arr = as_real_array("dh_n", dh_n, sym)
            check_shape("dh_n", arr, want, sym)
            check_finite("dh_n", arr, "deep_gru_backward")
            g_last = list(arr)
    grads_f, grads_b, dh0 = [], [], [None] * len(trace.h_last)
    k = len(trace.h_last)
    for l_ in range(params.num_layers - 1, -1, -1):
        layer = params.directions(l_)
        k -= len(layer)
        trs = trace.traces[l_]
        H = layer[0].hidden_size
        if dy is None:
            parts = [None] * len(layer)
        elif len(layer) == 1:
            parts = [dy]
        elif trace.merge_mode == "concat":
            parts = [dy[..., :H], dy[..., H:]]
        else:
            parts = [dy, dy]
        dx = None
        for j, (p, tr, g) in enumerate(zip(layer, trs, parts, strict=True)):
            last = g_last[k + j]
            if last is not None and not trace.batched:
                last = last[None]
            if g is None and last is None:
                continue
            if j == 1 and g is not None:
                g = g[:, ::-1]                                  # into the reversed time
            gr, dx_j, dh0_j = gru_backward(tr, p, dh=g, dh_last=last)
            if j == 1:
                dx_j = dx_j[:, ::-1]
            dx = dx_j if dx is None else dx + dx_j
            (grads_f if j == 0 else grads_b).append((l_, gr))
            dh0[k + j] = dh0_j if trace.batched else dh0_j[0]
        dy = dx
    grads = _assemble(params, grads_f, grads_b)
    for i, (p, g) in enumerate(zip(params.layers(), dh0, strict=True)):
        if g is None:
            dh0[i] = np.zeros((trace.x.shape[0], p.hidden_size) if trace.batched
                              else (p.hidden_size,), dtype=trace.outputs[0].dtype)
    dx = (np.zeros_like(trace.x) if dy is None else dy if trace.batched else dy[0])
    sizes = {h.shape[-1] for h in dh0}
    return grads, dx, (np.stack(dh0) if len(sizes) == 1 else dh0)


def _assemble(params: DeepGRUParams, grads_f, grads_b) -> DeepGRUParams:
    """Gradients per layer and direction → one DeepGRUParams (zeros where nothing flowed)."""
    f = {l_: g for l_, g in grads_f}
    b = {l_: g for l_, g in grads_b}
    fwd = [f.get(l_) or p.zeros_like() for l_, p in enumerate(params.forward)]
    bwd = ([b.get(l_) or p.zeros_like() for l_, p in enumerate(params.backward)]
           if params.bidirectional else None)
    return DeepGRUParams(fwd, bwd, params.merge_mode)

