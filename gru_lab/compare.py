"""gru_lab beside Keras: parity reports, parameter budgets and timings (chapter 5).

Everything chapter 5 prints about "the same function" and "how fast" is computed here, so the
page and ``tests/test_keras_chapter.py`` run the very same code:

* :func:`keras_param_count` and :func:`units_for_budget`: Keras's parameter counts for GRU,
  LSTM and SimpleRNN layers, and the number of units that meets a parameter budget;
* :func:`parity_report`: gru_lab against ``keras.layers.GRU`` on the same weights (outputs,
  states, the update gate, gradients) for both reset variants and both float precisions;
* :func:`keras_gru_stack` and :func:`deep_parity_report`: stacked and bidirectional Keras GRUs
  against :func:`gru_lab.deep.deep_gru_forward` and :func:`~gru_lab.deep.deep_gru_backward`;
* :func:`keras_update_gate`: Keras's own z, computed from its packed weights and its states;
* :func:`speed_report` and :func:`projection_timing`: wall-clock timings;
* :func:`build_classifier` and :func:`compare_cells`: small Keras models for the
  GRU / LSTM / SimpleRNN comparison.

TensorFlow/Keras is imported inside the functions that need it, never at import time.
"""

from __future__ import annotations

import html
import json
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._checks import MESSAGES as CHECKS
from .gradcheck import relative_error
from .gru import GRUParams, gru_backward, gru_forward
from .i18n import Messages
from .keras_bridge import keras_gradients, keras_gru_layer

__all__ = [
    "Table", "keras_param_count", "keras_stack_param_count", "units_for_budget",
    "keras_update_gate",
    "parity_report", "PARITY_TOLERANCES", "best_time", "speed_report", "project_per_step",
    "project_once", "projection_timing", "load_benchmark", "build_classifier",
    "compare_cells", "CellResult", "set_remember_bias", "results_table", "explorer_encoder",
    "parity_failures", "parity_case", "gpu_table", "keras_gru_stack", "deep_parity_report",
    "MESSAGES",
]

#: The largest differences the book accepts between gru_lab and Keras (chapter 5, issue 6).
PARITY_TOLERANCES = {
    "float32": {"forward": 1e-5, "gradient": 1e-4},
    "float64": {"forward": 1e-10, "gradient": 1e-8},
}

CELLS = ("gru", "lstm", "simple_rnn")

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`): the
#: captions, and the column headers of a :class:`Table` as it is shown (a row's keys stay
#: English, so code reads ``row["forward (ms)"]`` in every language). The errors are in
#: :mod:`gru_lab._checks`.
MESSAGES = Messages(en={
    "parity_caption": (
        "gru_lab vs Keras, B={B}, T={T}, D={D}, H={H}: forward columns are max |difference|, "
        "gradient columns relative errors"
    ),
    "timing_caption": (
        "One GRU layer, B={B}, T={T}, D={D}, H={H}, float32, best of {repeat} calls "
        "({eager_repeat} for eager Keras)"
    ),
    "gpu_shape": "Keras GRU, B={B}, T={T}, D={D}, H={H}, {dtype}; ",
    "gpu_device": "{gpu}, {date}",
    "remember_label": "{cell}, remember bias {bias:g}",
    # column headers
    "reset_after": "reset_after",
    "dtype": "dtype",
    "outputs h_t": "outputs h_t",
    "final state": "final state",
    "z vs 1 − z_keras": "z vs 1 − z_keras",
    "grad kernel": "grad kernel",
    "grad recurrent_kernel": "grad recurrent_kernel",
    "grad bias": "grad bias",
    "grad input x": "grad input x",
    "implementation": "implementation",
    "forward (ms)": "forward (ms)",
    "forward + backward (ms)": "forward + backward (ms)",
    "device": "device",
    "path": "path",
    "model": "model",
    "units": "units",
    "parameters": "parameters",
    "final val. accuracy": "final val. accuracy",
    "test accuracy": "test accuracy",
    "training time (s)": "training time (s)",
}, zh={
    "parity_caption": (
        "gru_lab 与 Keras 对比，B={B}，T={T}，D={D}，H={H}：前向传播各列是最大绝对差 "
        "max |difference|，梯度各列是相对误差"
    ),
    "timing_caption": (
        "单个 GRU 层，B={B}，T={T}，D={D}，H={H}，float32，取 {repeat} 次调用中最快的一次"
        "（eager 模式的 Keras 取 {eager_repeat} 次）"
    ),
    "gpu_shape": "Keras GRU，B={B}，T={T}，D={D}，H={H}，{dtype}；",
    "gpu_device": "{gpu}，{date}",
    "remember_label": "{cell}，记忆偏置 {bias:g}",
    "reset_after": "reset_after",
    "dtype": "dtype",
    "outputs h_t": "输出 h_t",
    "final state": "最终隐状态",
    "z vs 1 − z_keras": "z 与 1 − z_keras",
    "grad kernel": "kernel 的梯度",
    "grad recurrent_kernel": "recurrent_kernel 的梯度",
    "grad bias": "bias 的梯度",
    "grad input x": "输入 x 的梯度",
    "implementation": "实现",
    "forward (ms)": "前向传播（毫秒）",
    "forward + backward (ms)": "前向 + 反向传播（毫秒）",
    "device": "设备",
    "path": "路径",
    "model": "模型",
    "units": "隐藏单元数",
    "parameters": "参数个数",
    "final val. accuracy": "最终验证准确率",
    "test accuracy": "测试准确率",
    "training time (s)": "训练时间（秒）",
})


# ---- a small table that renders in a notebook and as text -----------------------------------

def _width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


@dataclass
class Table:
    """Rows of dicts with an HTML view for notebooks and a plain-text view for ``print``."""

    rows: list[dict]
    columns: list[str] | None = None
    formats: dict[str, str] = field(default_factory=dict)
    caption: str = ""

    def _cols(self) -> list[str]:
        if self.columns:
            return self.columns
        cols: list[str] = []
        for row in self.rows:
            cols += [c for c in row if c not in cols]
        return cols

    def _fmt(self, col, value) -> str:
        if isinstance(value, (float, np.floating)):
            return format(float(value), self.formats.get(col, ".3g"))
        return str(value)

    def headers(self) -> list[str]:
        """The column names as shown, in the reader's language (:data:`MESSAGES`)."""
        return [MESSAGES.get(c, c) for c in self._cols()]

    def cells(self) -> list[list[str]]:
        return [[self._fmt(c, row.get(c, "")) for c in self._cols()] for row in self.rows]

    def __str__(self) -> str:
        cols, body = self.headers(), self.cells()
        widths = [max(_width(c), *(_width(r[i]) for r in body)) if body else _width(c)
                  for i, c in enumerate(cols)]
        lines = ["  ".join(_pad(c, w) for c, w in zip(cols, widths, strict=True))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(_pad(v, w) for v, w in zip(r, widths, strict=True)) for r in body]
        return "\n".join(([self.caption] if self.caption else []) + lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.headers())
        body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in r) + "</tr>"
                       for r in self.cells())
        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        return str(self)

    def column(self, name) -> list:
        return [row[name] for row in self.rows]


# ---- parameter counts and budgets -----------------------------------------------------------

def keras_param_count(input_size: int, units: int, cell: str = "gru", *,
                      reset_after: bool = True) -> int:
    """The parameters of one Keras recurrent layer, as ``layer.count_params()`` reports them.

    GRU: 3H(D + H) + 6H with ``reset_after=True`` (two bias rows), + 3H without.
    LSTM: 4H(D + H) + 4H. SimpleRNN: H(D + H) + H.
    """
    D, H = int(input_size), int(units)
    if cell == "gru":
        return 3 * H * (D + H) + (6 * H if reset_after else 3 * H)
    if cell == "lstm":
        return 4 * H * (D + H) + 4 * H
    if cell == "simple_rnn":
        return H * (D + H) + H
    raise ValueError(CHECKS["cell"].format(cells=CELLS, cell=cell))


def keras_stack_param_count(input_size: int, units: int, num_layers: int = 1, *,
                            bidirectional: bool = False, merge_mode: str = "concat",
                            reset_after: bool = True) -> int:
    """The parameters of a Keras stack of GRU layers (:func:`keras_gru_stack`), as
    ``model.count_params()`` reports them: layer 1 reads D numbers per step, every later layer
    the output of the one below (H, or 2H after a bidirectional concat); a bidirectional
    layer holds two GRUs."""
    dirs = 2 if bidirectional else 1
    out = 2 * units if bidirectional and merge_mode == "concat" else units
    return sum(dirs * keras_param_count(input_size if l_ == 0 else out, units, "gru",
                                        reset_after=reset_after)
               for l_ in range(num_layers))


def units_for_budget(budget: int, input_size: int, cell: str = "gru", *,
                     num_classes: int = 0, reset_after: bool = True) -> int:
    """The number of units whose recurrent layer (plus a dense head of ``num_classes``
    outputs, when given) has the parameter count closest to ``budget``."""
    if budget < 1:
        raise ValueError(CHECKS["budget"].format(budget=budget))

    def count(h):
        head = h * num_classes + num_classes if num_classes else 0
        return keras_param_count(input_size, h, cell, reset_after=reset_after) + head

    h = 1
    while count(h) <= budget:
        h += 1
    # h is the first too-large size; h − 1 the last that fits: pick the closer one.
    return h if h == 1 or abs(count(h) - budget) < abs(count(h - 1) - budget) else h - 1


# ---- parity with Keras ----------------------------------------------------------------------

def keras_update_gate(layer, x, h_seq, h0=None) -> np.ndarray:
    """Keras's own update gate z_t (B, T, H), computed with Keras ops from the layer's packed
    weights and the states the layer itself produced.

    Keras computes ``z = σ(x_t K_z + b_z + h_{t−1} R_z [+ b'_z])`` (block 0 of ``kernel``,
    ``recurrent_kernel`` and ``bias``). Because the layer's states ``h_seq`` are known, no
    recurrence is needed: ``h_{t−1}`` is ``h0`` followed by ``h_seq[:, :-1]``.
    """
    from keras import ops

    kernel, recurrent, bias = (np.asarray(w) for w in layer.get_weights())
    H = recurrent.shape[0]
    x = np.asarray(x, dtype=kernel.dtype)
    h_seq = np.asarray(h_seq, dtype=kernel.dtype)
    h0 = np.zeros_like(h_seq[:, 0]) if h0 is None else np.asarray(h0, dtype=kernel.dtype)
    h_prev = np.concatenate([h0[:, None], h_seq[:, :-1]], axis=1)
    b = bias.sum(axis=0) if bias.ndim == 2 else bias        # z's two biases only ever add up
    a = ops.matmul(x, kernel[:, :H]) + ops.matmul(h_prev, recurrent[:, :H]) + b[:H]
    return np.asarray(ops.convert_to_numpy(ops.sigmoid(a)))


def _parity_params(D, H, reset_after, seed, dtype) -> GRUParams:
    """Keras-style initial weights plus noise on every array, so every bias matters."""
    p = GRUParams.init(D, H, reset_after=reset_after, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for a in p.arrays().values():
        a += rng.normal(scale=0.3, size=a.shape)
    return p.astype(dtype)


def parity_case(reset_after: bool, dtype: str, *, batch=4, steps=20, input_size=8,
                hidden_size=16, seed=0, gradients=True) -> dict:
    """One row of :func:`parity_report`, plus the arrays behind it (keys starting with ``_``)."""
    import tensorflow as tf

    p = _parity_params(input_size, hidden_size, reset_after, seed, dtype)
    rng = np.random.default_rng(seed + 2)
    x = rng.normal(size=(batch, steps, input_size)).astype(dtype)
    h0 = rng.normal(scale=0.5, size=(batch, hidden_size)).astype(dtype)
    dh = rng.normal(size=(batch, steps, hidden_size)).astype(dtype)       # ∂L/∂h_t, every t
    dh_last = rng.normal(size=(batch, hidden_size)).astype(dtype)         # ∂L/∂h_T

    layer = keras_gru_layer(p, return_sequences=True, return_state=True, dtype=dtype)
    xt, h0t = tf.constant(x), tf.constant(h0)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        seq, last = layer(xt, initial_state=h0t)
        loss = tf.reduce_sum(seq * dh) + tf.reduce_sum(last * dh_last)
    seq_k, last_k = seq.numpy(), last.numpy()

    trace = gru_forward(x, p, h0)
    z_keras = keras_update_gate(layer, x, seq_k, h0)
    row = {
        "reset_after": reset_after,
        "dtype": dtype,
        "outputs h_t": float(np.max(np.abs(trace.h - seq_k))),
        "final state": float(np.max(np.abs(trace.h_last - last_k))),
        "z vs 1 − z_keras": float(np.max(np.abs(trace.z - (1 - z_keras)))),
        "_trace": trace,
        "_z_keras": z_keras,
    }
    if gradients:
        g_keras = tape.gradient(loss, [*layer.trainable_weights, xt])
        grads, dx, _ = gru_backward(trace, p, dh=dh, dh_last=dh_last)
        ours = [*keras_gradients(grads), dx]
        for name, gk, go in zip(("kernel", "recurrent_kernel", "bias", "input x"), g_keras,
                                ours, strict=True):
            row[f"grad {name}"] = relative_error(go, np.asarray(gk))
    return row


def parity_report(*, batch=4, steps=20, input_size=8, hidden_size=16, seed=0,
                  variants=(True, False), dtypes=("float32", "float64"),
                  gradients=True) -> Table:
    """gru_lab against ``keras.layers.GRU`` holding the same weights (chapter 5).

    For each reset variant and precision: the maximum absolute difference of every output h_t,
    of the final state, and of our z against 1 − Keras's z; and the relative error
    ‖g_ours − g_keras‖ / max(‖g_ours‖, ‖g_keras‖) of the gradient of every Keras weight (and of
    the input) for a loss L = Σ h_t · G_t + h_T · G_T with random G (tf.GradientTape against
    :func:`gru_backward`). A nonzero initial state and nonzero biases exercise every term.
    """
    rows = []
    for ra in variants:
        for dt in dtypes:
            row = parity_case(ra, dt, batch=batch, steps=steps, input_size=input_size,
                              hidden_size=hidden_size, seed=seed, gradients=gradients)
            rows.append({k: v for k, v in row.items() if not k.startswith("_")})
    return Table(rows, formats={}, caption=MESSAGES["parity_caption"].format(
        B=batch, T=steps, D=input_size, H=hidden_size))


def parity_failures(report: Table) -> list[str]:
    """The entries of a :func:`parity_report` above :data:`PARITY_TOLERANCES` (empty: all pass)."""
    bad = []
    for row in report.rows:
        tol = PARITY_TOLERANCES[row["dtype"]]
        for key, value in row.items():
            if key in ("reset_after", "dtype"):
                continue
            limit = tol["gradient"] if key.startswith("grad") else tol["forward"]
            if not value <= limit:
                bad.append(f"reset_after={row['reset_after']} {row['dtype']} {key}: "
                           f"{value:.3g} > {limit:g}")
    return bad


# ---- stacked and bidirectional GRUs ----------------------------------------------------------

def keras_gru_stack(input_size: int, units: int, num_layers: int = 2, *,
                    bidirectional: bool = False, merge_mode: str = "concat",
                    reset_after: bool = True, dtype: str = "float64", seed: int = 0,
                    noise: float = 0.3):
    """A Keras model of ``num_layers`` GRU layers, each ``return_sequences=True``, or each
    ``Bidirectional(GRU(...), merge_mode=...)``: the Keras way to write a stack (chapter 5).

    Keras's initial weights plus normal noise of scale ``noise`` on every array (the biases
    start at zero in Keras, which would hide a bias mistake). Input (B, T, D), output
    (B, T, H), or (B, T, 2H) for a bidirectional concat.
    """
    import keras

    from .deep import MERGE_MODES
    from .deep import MESSAGES as DEEP_MESSAGES

    if merge_mode not in MERGE_MODES:
        raise ValueError(DEEP_MESSAGES["merge_mode"].format(modes=MERGE_MODES, got=merge_mode))
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(None, input_size), dtype=dtype)
    y = inputs
    for _ in range(num_layers):
        gru = keras.layers.GRU(units, return_sequences=True, reset_after=reset_after,
                               dtype=dtype)
        layer = (keras.layers.Bidirectional(gru, merge_mode=merge_mode, dtype=dtype)
                 if bidirectional else gru)
        y = layer(y)
    model = keras.Model(inputs, y)
    rng = np.random.default_rng(seed)
    model.set_weights([w + rng.normal(scale=noise, size=w.shape).astype(dtype)
                       for w in model.get_weights()])
    return model


def _deep_case(name, model, *, batch, steps, seed) -> dict:
    """One row of :func:`deep_parity_report`: forward and gradient differences."""
    import tensorflow as tf

    from .deep import deep_gru_backward, deep_gru_forward
    from .keras_bridge import deep_from_keras

    params = deep_from_keras(model)
    dtype = str(params.forward[0].dtype)
    rng = np.random.default_rng(seed + 1)
    x = rng.normal(size=(batch, steps, params.input_size)).astype(dtype)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y_keras = model(xt)
        G = tf.constant(rng.normal(size=tuple(y_keras.shape)).astype(dtype))
        loss = tf.reduce_sum(y_keras * G)
    recurrent = [ly for ly in model.layers if type(ly).__name__ in ("GRU", "Bidirectional")]
    halves = [g for ly in recurrent
              for g in ((ly.forward_layer, ly.backward_layer)
                        if type(ly).__name__ == "Bidirectional" else (ly,))]
    g_keras = tape.gradient(loss, [xt] + [w for g in halves for w in g.trainable_weights])
    trace = deep_gru_forward(x, params)
    grads, dx, _ = deep_gru_backward(trace, params, dy=G.numpy())
    ours = [dx] + [a for p in grads.layers() for a in keras_gradients(p)]
    return {"stack": name, "layers": params.num_layers, "dtype": dtype,
            "max |y_ours − y_keras|": float(np.max(np.abs(trace.output - y_keras.numpy()))),
            "grad x (rel. error)": relative_error(dx, g_keras[0].numpy()),
            "grad weights (max rel. error)": max(
                relative_error(o, k.numpy()) for o, k in zip(ours[1:], g_keras[1:],
                                                             strict=True))}


def deep_parity_report(*, input_size=3, units=4, num_layers=2, batch=3, steps=9, seed=0,
                       dtype="float64") -> Table:
    """Stacked and bidirectional Keras GRUs against gru_lab's :mod:`gru_lab.deep` (chapter 5).

    Three Keras stacks of ``num_layers`` layers (:func:`keras_gru_stack`): GRU with
    ``return_sequences=True``, ``Bidirectional(..., merge_mode="concat")`` and
    ``Bidirectional(..., merge_mode="sum")``, read with :func:`gru_lab.deep_from_keras`. For
    each: the largest absolute difference of the output sequence, and the relative errors of
    the gradients (``tf.GradientTape`` against :func:`~gru_lab.deep.deep_gru_backward`) of
    the input and of every Keras weight, for L = Σ_t y_t · G_t with random G.
    """
    rows = []
    for name, bi, mode in (("GRU, return_sequences", False, "concat"),
                           ("Bidirectional, concat", True, "concat"),
                           ("Bidirectional, sum", True, "sum")):
        model = keras_gru_stack(input_size, units, num_layers, bidirectional=bi,
                                merge_mode=mode, dtype=dtype, seed=seed)
        rows.append(_deep_case(name, model, batch=batch, steps=steps, seed=seed))
    return Table(rows, formats={"max |y_ours − y_keras|": ".1e", "grad x (rel. error)": ".1e",
                                "grad weights (max rel. error)": ".1e"},
                 caption=f"gru_lab.deep vs Keras, B={batch}, T={steps}, D={input_size}, "
                         f"H={units}, {dtype}")


# ---- timing ---------------------------------------------------------------------------------

def best_time(fn, *, repeat=3, warmup=1) -> float:
    """The fastest of ``repeat`` calls of ``fn()`` in seconds, after ``warmup`` untimed calls.

    The minimum is the least disturbed by other programs on a shared machine.
    """
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def speed_report(*, batch=32, steps=100, input_size=300, hidden_size=128, repeat=5,
                 eager_repeat=2, seed=0) -> Table:
    """Forward and forward+backward times (ms) of one GRU layer, float32, reset_after=True:
    gru_lab (numpy), Keras eager, and Keras inside ``tf.function`` (a compiled graph). Every
    backward computes the same gradients: the weights' and the input's.

    Each time is the best of ``repeat`` calls (``eager_repeat`` for eager Keras, which is
    slow): the minimum is the time least disturbed by other programs."""
    import tensorflow as tf

    dtype = "float32"
    p = GRUParams.init(input_size, hidden_size, reset_after=True, seed=seed).astype(dtype)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, steps, input_size)).astype(dtype)
    g = rng.normal(size=(batch, hidden_size)).astype(dtype)
    layer = keras_gru_layer(p, return_sequences=False, return_state=False, dtype=dtype)
    xt, gt = tf.constant(x), tf.constant(g)

    def np_fwd():
        return gru_forward(x, p)

    def np_fwd_bwd():
        trace = gru_forward(x, p)
        return gru_backward(trace, p, dh_last=g)

    def k_fwd():
        return layer(xt)

    def k_fwd_bwd():  # the weights' and the input's gradients, as gru_backward computes
        with tf.GradientTape() as tape:
            tape.watch(xt)
            loss = tf.reduce_sum(layer(xt) * gt)
        return tape.gradient(loss, [*layer.trainable_weights, xt])

    g_fwd, g_fwd_bwd = tf.function(k_fwd), tf.function(k_fwd_bwd)
    rows = []
    for name, f, fb in (("gru_lab (numpy)", np_fwd, np_fwd_bwd),
                        ("Keras, eager", k_fwd, k_fwd_bwd),
                        ("Keras, tf.function", g_fwd, g_fwd_bwd)):
        eager = "eager" in name
        warmup = 0 if eager else 1                  # a graph is traced on its first call
        n = eager_repeat if eager else repeat
        rows.append({"implementation": name,
                     "forward (ms)": 1e3 * best_time(f, repeat=n, warmup=warmup),
                     "forward + backward (ms)": 1e3 * best_time(fb, repeat=n, warmup=warmup)})
    return Table(rows, formats={"forward (ms)": ".1f", "forward + backward (ms)": ".1f"},
                 caption=MESSAGES["timing_caption"].format(
                     B=batch, T=steps, D=input_size, H=hidden_size, repeat=repeat,
                     eager_repeat=eager_repeat))


def project_per_step(x, W, b):
    """x_t W + b computed one time step at a time: T small matrix products (B, D) @ (D, 3H)."""
    B, T, _ = x.shape
    out = np.empty((B, T, W.shape[1]), dtype=np.result_type(x, W))
    for t in range(T):
        out[:, t] = x[:, t] @ W + b
    return out


def project_once(x, W, b):
    """The same numbers as :func:`project_per_step` from ONE (B·T, D) @ (D, 3H) product.

    :func:`gru_lab.gru.gru_forward` does the same outside its time loop, one block of steps
    at a time (ten blocks for a long sequence), on helper threads while the loop runs."""
    B, T, D = x.shape
    return (x.reshape(B * T, D) @ W + b).reshape(B, T, W.shape[1])


def projection_timing(*, batch=32, steps=100, input_size=300, hidden_size=128, repeat=5,
                      seed=0) -> dict:
    """Time :func:`project_per_step` against :func:`project_once` (float32, stacked gates)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, steps, input_size)).astype("float32")
    W = rng.normal(size=(input_size, 3 * hidden_size)).astype("float32")
    b = rng.normal(size=3 * hidden_size).astype("float32")
    per_step = best_time(lambda: project_per_step(x, W, b), repeat=repeat)
    once = best_time(lambda: project_once(x, W, b), repeat=repeat)
    diff = float(np.max(np.abs(project_per_step(x, W, b) - project_once(x, W, b))))
    return {"per_step_ms": 1e3 * per_step, "once_ms": 1e3 * once, "speedup": per_step / once,
            "max_abs_diff": diff}


def load_benchmark(path) -> dict | None:
    """A saved timing file (JSON) or None when it does not exist: the book never needs a GPU."""
    path = Path(path)
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def gpu_table(result: dict) -> Table:
    """The rows of ``benchmarks/results/cudnn_gpu.json`` (``benchmarks/bench_cudnn.py``)."""
    shape = result.get("shape", {})
    rows = [{"device": r.get("device"), "reset_after": r.get("reset_after"),
             "path": r.get("path"), "forward (ms)": r.get("forward_ms"),
             "forward + backward (ms)": r.get("forward_backward_ms")}
            for r in result.get("rows", [])]
    caption = (MESSAGES["gpu_shape"].format(**shape) if shape else "") + MESSAGES[
        "gpu_device"].format(gpu=result.get("gpu", "?"), date=result.get("date", "?"))
    return Table(rows, formats={"forward (ms)": ".2f", "forward + backward (ms)": ".2f"},
                 caption=caption)


# ---- GRU vs LSTM vs SimpleRNN in Keras ------------------------------------------------------

def build_classifier(cell: str, units: int, *, num_classes: int, vocab_size: int | None = None,
                     embed_dim: int | None = None, input_size: int | None = None,
                     remember_bias: float | None = None, seed: int = 0):
    """A compiled Keras classifier: [Embedding →] recurrent layer → Dense softmax.

    With ``vocab_size`` the input is padded token ids (0 = padding, masked); otherwise a
    (T, ``input_size``) float sequence. Adam, sparse categorical cross-entropy, accuracy.
    ``remember_bias``: start a gated layer remembering (see :func:`set_remember_bias`).
    """
    import keras

    layers = {"gru": keras.layers.GRU, "lstm": keras.layers.LSTM,
              "simple_rnn": keras.layers.SimpleRNN}
    if cell not in layers:
        raise ValueError(CHECKS["cell"].format(cells=CELLS, cell=cell))
    keras.utils.set_random_seed(seed)
    if vocab_size is not None:
        inputs = keras.Input(shape=(None,), dtype="int32")
        x = keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True)(inputs)
    else:
        inputs = keras.Input(shape=(None, input_size))
        x = inputs
    rnn = layers[cell](units, name=cell)
    x = rnn(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
    model = keras.Model(inputs, outputs, name=f"{cell}_classifier")
    if remember_bias is not None:
        set_remember_bias(rnn, remember_bias)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def set_remember_bias(layer, value: float) -> None:
    """Make a built gated Keras layer start out remembering its state.

    GRU: Keras's update-gate bias (block 0 of the input bias row) is set to ``value``, so
    Keras's z = σ(value) ≈ 1 and h_t ≈ h_{t−1} at the start (the book's b_z = −value).
    LSTM: the forget-gate bias (block 1 of 4) is set to ``value`` (Keras's
    ``unit_forget_bias=True`` sets 1). A SimpleRNN has no gate: ValueError.
    """
    name = type(layer).__name__
    weights = layer.get_weights()
    H = layer.units
    if name == "GRU":
        bias = weights[2]
        if bias.ndim == 2:
            bias[0, :H], bias[1, :H] = value, 0.0
        else:
            bias[:H] = value
    elif name == "LSTM":
        weights[2][H:2 * H] = value
    else:
        raise ValueError(CHECKS["no_gate"].format(name=name))
    layer.set_weights(weights)


@dataclass
class CellResult:
    """One trained model of :func:`compare_cells`."""

    cell: str
    label: str                        # e.g. "GRU" or "GRU, remember bias 3"
    units: int
    params: int                       # the recurrent layer + the dense head
    history: dict                     # Keras's History.history: loss, accuracy, val_* per epoch
    batch_loss: list                  # training loss after every batch (Keras's running mean)
    seconds: float                    # wall-clock training time
    test_accuracy: float
    model: object = field(repr=False, default=None)
    remember_bias: float | None = None  # Keras's update-gate (LSTM: forget-gate) bias, if set


CELL_NAMES = {"gru": "GRU", "lstm": "LSTM", "simple_rnn": "SimpleRNN"}


def compare_cells(data, *, budget: int, num_classes: int, epochs: int, batch_size: int = 64,
                  cells=CELLS, vocab_size=None, embed_dim=None, input_size=None,
                  remember_bias: float | None = None, seed: int = 0) -> list[CellResult]:
    """Train one classifier per cell at an equal parameter budget (recurrent layer + head).

    ``data``: ``(x_train, y_train, x_val, y_val, x_test, y_test)``. Each model is sized with
    :func:`units_for_budget`; the embedding (if any) is the same for every model and not
    counted. ``remember_bias``: passed to :func:`build_classifier` for gated cells.
    Returns one :class:`CellResult` per cell, in order.
    """
    import keras

    x_tr, y_tr, x_va, y_va, x_te, y_te = data
    d_in = embed_dim if vocab_size is not None else input_size
    results = []
    for cell in cells:
        units = units_for_budget(budget, d_in, cell, num_classes=num_classes)
        bias = remember_bias if cell != "simple_rnn" else None
        model = build_classifier(cell, units, num_classes=num_classes, vocab_size=vocab_size,
                                 embed_dim=embed_dim, input_size=input_size,
                                 remember_bias=bias, seed=seed)
        rec = model.get_layer(cell).count_params()
        head = model.layers[-1].count_params()
        losses: list[float] = []
        record = keras.callbacks.LambdaCallback(
            on_train_batch_end=lambda batch, logs, out=losses: out.append(float(logs["loss"])))
        t0 = time.perf_counter()
        hist = model.fit(x_tr, y_tr, validation_data=(x_va, y_va), epochs=epochs,
                         batch_size=batch_size, verbose=0, callbacks=[record])
        seconds = time.perf_counter() - t0
        _, acc = model.evaluate(x_te, y_te, verbose=0)
        label = (MESSAGES["remember_label"].format(cell=CELL_NAMES[cell], bias=remember_bias)
                 if bias else CELL_NAMES[cell])
        results.append(CellResult(cell, label, units, rec + head, dict(hist.history), losses,
                                  seconds, float(acc), model, remember_bias=bias or None))
    return results


def results_table(results: list[CellResult], *, caption: str = "") -> Table:
    """A :class:`Table` of :func:`compare_cells` results."""
    rows = [{"model": r.label, "units": r.units, "parameters": r.params,
             "final val. accuracy": r.history["val_accuracy"][-1],
             "test accuracy": r.test_accuracy, "training time (s)": r.seconds}
            for r in results]
    return Table(rows, formats={"final val. accuracy": ".3f", "test accuracy": ".3f",
                                "training time (s)": ".1f"}, caption=caption)


def explorer_encoder(tokens, embedding, *, keep: int = 1500, texts=(), unk: str = "<unk>"):
    """A word :class:`gru_lab.explorer.Encoder` for a trained embedding, kept small for a page.

    ``tokens``: the vocabulary (index = row of ``embedding``, most frequent first, as
    :class:`gru_lab.datasets.Vocabulary` orders them). Keeps the first ``keep`` tokens plus
    every token of ``texts``; other words map to ``unk``.
    """
    from .explorer import Encoder

    tokens = list(tokens)
    wanted = set(tokens[:keep]) | {unk}
    for text in texts:
        wanted |= set(Encoder.words(["x"]).tokenize(text))
    rows = [i for i, t in enumerate(tokens) if t in wanted]
    E = np.asarray(embedding)[rows]
    return Encoder.words([tokens[i] for i in rows], embedding=E, unk=unk)
