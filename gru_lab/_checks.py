"""Input checks shared by every public function.

Students hand the package the wrong thing all the time; that is the normal case, not an
exception. Every check raises ``ValueError`` or ``TypeError`` with a message that names the
argument, the expected shape in the book's symbols (T, B, D, H, K) and what was given. Checks
never modify the caller's array: conversions return new arrays.

All wording a reader sees lives in ``MESSAGES``, in English and Chinese (:mod:`gru_lab.i18n`);
the sentences are looked up when an error is raised, so :func:`gru_lab.set_language` applies.
"""

from __future__ import annotations

import numpy as np

from .i18n import Messages

MESSAGES = Messages(en={
    "ragged": (
        "{name} is a ragged list (its rows have different lengths), so it is not an array of "
        "shape {expected}. Pad the sequences to one length or pass them one at a time."
    ),
    "not_numeric": (
        "{name} must hold real numbers (float or int), expected an array of shape {expected}; "
        "got dtype {dtype}."
    ),
    "complex": "{name} must be real, expected shape {expected}; got complex dtype {dtype}.",
    "rank": "{name} must have shape {expected}; got an array of shape {shape} ({ndim}-D).",
    "dim": (
        "{name} must have shape {expected} with {symbol} = {want}; got shape {shape}, "
        "so {symbol} = {got}."
    ),
    "shape": "{name} must have shape {expected} = {want}; got shape {shape}.",
    "nonfinite": (
        "{name} contains {count} NaN or infinite value(s) (first at index {index}); "
        "{who} needs finite numbers. Check how {name} was computed."
    ),
    "no_steps": "{name} must have at least one time step (T >= 1); got shape {shape}.",
    "positive_int": "{name} must be a positive integer; got {value!r}.",
    "params_type": "{name} must be {expected}; got {got}.",
    "trace_type": "trace must be the {expected} returned by {func}; got {got}.",
    "needs_grad": (
        "{func} needs dh (shape like trace.h) or dh_last (shape like trace.h_last); "
        "both were None."
    ),
    "reset_mismatch": (
        "trace was computed with reset_after={trace} but params has reset_after={params}."
    ),
    "c_h_unused": (
        "c_h (the candidate's recurrent bias) is only used when reset_after=True; "
        "pass reset_after=True or leave c_h out."
    ),
    "one_sequence": (
        "{func} takes one sequence x of shape (T, D); got shape {shape}. "
        "For a batch, pass one sequence x[i] at a time."
    ),
    "norm_ord": "ord must be 2 (spectral norm) or 'fro' (Frobenius); got {value!r}.",
    "clamp_range": (
        "{name} must be a number in [0, 1] (the constant value the {gate} gate is clamped "
        "to); got {value!r}."
    ),
    "keras_layer": (
        "layer must be a keras.layers.GRU (something with get_weights()); got {got}."
    ),
    "keras_activations": (
        "from_keras needs a GRU with activation='tanh' and recurrent_activation='sigmoid' "
        "(the book's equations); got activation={act!r}, recurrent_activation={rec!r}."
    ),
    "keras_backwards": "from_keras: the layer has go_backwards=True; reverse x instead.",
    "keras_rnn_layer": (
        "layer must be a keras.layers.SimpleRNN (something with get_weights()); got {got}."
    ),
    "keras_rnn_activation": (
        "rnn_from_keras needs a SimpleRNN with activation='tanh' (the book's equation "
        "rnn-step); got activation={act!r}."
    ),
    "keras_weights": (
        "layer.get_weights() should give [kernel, recurrent_kernel, bias]; got {count} "
        "arrays. Has the layer been built (called on input)?"
    ),
    "pytorch_reset_after": (
        "PyTorch's nn.GRU resets after the product: params.reset_after must be True; got False."
    ),
    "cell": "cell must be one of {cells}; got {cell!r}.",
    "budget": "budget must be a positive number of parameters; got {budget}.",
    "no_gate": "set_remember_bias needs a GRU or LSTM layer; got {name} (no gate).",
    "pytorch_missing": (
        "state has no {key!r}: pass nn.GRU's state_dict() (layer 0), whose keys are "
        "weight_ih_l0, weight_hh_l0, bias_ih_l0 and bias_hh_l0; got keys {keys}."
    ),
    "positive": "{name} must be a number > 0; got {value}.",
    "int_array": "{name} must hold integer class indices, shape {expected}; got dtype {dtype}.",
    "index_range": (
        "{name} holds class indices that must lie in [0, {K}) (K = {K} classes); "
        "got values from {lo} to {hi}."
    ),
    # fragments of the sentences above, filled in by the checks
    "who_function": "this function",
    "who_model": "the model",
    "who_gru": "a GRU",
    "who_rnn": "an RNN",
    "who_dense": "a dense layer",
    "a_gru_params": "a GRUParams",
    "a_gru_or_deep_params": "a GRUParams or a DeepGRUParams",
    "an_rnn_params": "an RNNParams",
    "sequence_shapes": "(T, D) for one sequence or (B, T, D) for a batch",
    "with_sizes": "{symbols} with {sizes}",
    "from_array": "{sizes} (from {first})",
    "for_option": "{sizes} for {option}",
    "either_shape": "{first} or {second}",
    "multiple_of_3": "a multiple of 3",
    # repr of a parameter class
    "params_repr": "{cls}({sizes}{extra}, {count} parameters, {dtype})",
    "params_extra": ", {describe}",
    "reset_after_product": "reset after the product",
    "reset_before_product": "reset before the product",
}, zh={
    "ragged": (
        "{name} 是一个参差不齐的列表（各行长度不同），所以不是形状为 {expected} 的数组。"
        "请先把各个序列填充到同一长度，或者一次只传入一个序列。"
    ),
    "not_numeric": (
        "{name} 应存放实数（float 或 int），即形状为 {expected} 的数组；"
        "实际的 dtype 为 {dtype}。"
    ),
    "complex": "{name} 应为实数，形状为 {expected}；实际为复数 dtype {dtype}。",
    "rank": "{name} 的形状应为 {expected}；实际是形状为 {shape} 的数组（{ndim} 维）。",
    "dim": (
        "{name} 的形状应为 {expected}，其中 {symbol} = {want}；实际形状为 {shape}，"
        "即 {symbol} = {got}。"
    ),
    "shape": "{name} 的形状应为 {want}，即 {expected}；实际形状为 {shape}。",
    "nonfinite": (
        "{name} 含有 {count} 个 NaN 或无穷大值（第一个位于索引 {index}）；"
        "{who} 需要有限的数值。请检查 {name} 是怎样算出来的。"
    ),
    "no_steps": "{name} 至少要有一个时间步（T >= 1）；实际形状为 {shape}。",
    "positive_int": "{name} 应为正整数；实际为 {value!r}。",
    "params_type": "{name} 应为 {expected}；实际为 {got}。",
    "trace_type": "trace 应为 {func} 返回的 {expected}；实际为 {got}。",
    "needs_grad": (
        "{func} 需要 dh（形状与 trace.h 相同）或 dh_last（形状与 trace.h_last 相同）；"
        "而二者都是 None。"
    ),
    "reset_mismatch": (
        "trace 是在 reset_after={trace} 下计算的，但 params 的 reset_after={params}。"
    ),
    "c_h_unused": (
        "c_h（候选隐状态的循环偏置）只在 reset_after=True 时才会用到；"
        "请传入 reset_after=True，或者不要传 c_h。"
    ),
    "one_sequence": (
        "{func} 只接受一个形状为 (T, D) 的序列 x；实际形状为 {shape}。"
        "对于一个小批量，请每次传入其中一个序列 x[i]。"
    ),
    "norm_ord": "ord 应为 2（谱范数）或 'fro'（Frobenius 范数）；实际为 {value!r}。",
    "keras_layer": (
        "layer 应为 keras.layers.GRU（具有 get_weights() 方法的对象）；实际为 {got}。"
    ),
    "keras_activations": (
        "from_keras 需要 activation='tanh' 且 recurrent_activation='sigmoid' 的 GRU"
        "（即本书的公式）；实际为 activation={act!r}，recurrent_activation={rec!r}。"
    ),
    "keras_backwards": "from_keras：该层设置了 go_backwards=True；请改为把 x 反转后再传入。",
    "keras_weights": (
        "layer.get_weights() 应返回 [kernel, recurrent_kernel, bias]；实际返回了 {count} "
        "个数组。这个层是否已经构建（在输入上调用过）？"
    ),
    "pytorch_reset_after": (
        "PyTorch 的 nn.GRU 在矩阵乘积之后才应用重置门：params.reset_after 必须为 True；"
        "实际为 False。"
    ),
    "cell": "cell 应为 {cells} 之一；实际为 {cell!r}。",
    "budget": "budget 应为正的参数个数；实际为 {budget}。",
    "no_gate": "set_remember_bias 需要 GRU 或 LSTM 层；实际为 {name}（它没有门）。",
    "pytorch_missing": (
        "state 中没有 {key!r}：请传入 nn.GRU 的 state_dict()（第 0 层），它的键是 "
        "weight_ih_l0、weight_hh_l0、bias_ih_l0 和 bias_hh_l0；实际的键为 {keys}。"
    ),
    "positive": "{name} 应为大于 0 的数；实际为 {value}。",
    "int_array": "{name} 应存放整数类别索引，形状为 {expected}；实际 dtype 为 {dtype}。",
    "index_range": (
        "{name} 存放的类别索引应位于 [0, {K}) 内（K = {K} 个类别）；"
        "实际取值从 {lo} 到 {hi}。"
    ),
    # fragments of the sentences above, filled in by the checks
    "who_function": "此函数",
    "who_model": "该模型",
    "who_gru": "GRU",
    "who_rnn": "RNN",
    "who_dense": "全连接层",
    "a_gru_params": "GRUParams 对象",
    "a_gru_or_deep_params": "GRUParams 或 DeepGRUParams 对象",
    "an_rnn_params": "RNNParams 对象",
    "sequence_shapes": "(T, D)（单个序列）或 (B, T, D)（一个小批量）",
    "with_sizes": "{symbols}，其中 {sizes}",
    "from_array": "{sizes}（由 {first} 得出）",
    "for_option": "{sizes}（{option} 时）",
    "either_shape": "{first} 或 {second}",
    "multiple_of_3": "3 的倍数",
    "params_repr": "{cls}({sizes}{extra}，{count} 个参数，{dtype})",
    "params_extra": "，{describe}",
    "reset_after_product": "在矩阵乘积之后重置",
    "reset_before_product": "在矩阵乘积之前重置",
    "clamp_range": (
        "{name} 必须是 [0, 1] 中的一个数（{gate} 门被钳制到的常数值）；实际为 {value!r}。"
    ),
    "keras_rnn_layer": (
        "layer 必须是 keras.layers.SimpleRNN（带有 get_weights() 的对象）；实际为 {got}。"
    ),
    "keras_rnn_activation": (
        "rnn_from_keras 需要 activation='tanh' 的 SimpleRNN（即本书的方程 rnn-step）；"
        "实际为 activation={act!r}。"
    ),
})


def _msg(key: str, **kwargs) -> str:
    return MESSAGES[key].format(**kwargs)


def as_real_array(name: str, value, expected: str) -> np.ndarray:
    """Return ``value`` as a float array (a new one when a conversion is needed).

    Integer and boolean input becomes float64; float16 becomes float32; float32 and float64
    are kept. Ragged lists, strings, objects and complex numbers raise with a clear message.
    """
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except ValueError as err:  # numpy >= 1.24 refuses ragged nested lists
            raise ValueError(_msg("ragged", name=name, expected=expected)) from err
    if arr.dtype == object:
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError) as err:
            raise TypeError(
                _msg("not_numeric", name=name, expected=expected, dtype="object")
            ) from err
    kind = arr.dtype.kind
    if kind == "c":
        raise TypeError(_msg("complex", name=name, expected=expected, dtype=arr.dtype))
    if kind in "biu":
        return arr.astype(np.float64)
    if kind != "f":
        raise TypeError(_msg("not_numeric", name=name, expected=expected, dtype=arr.dtype))
    if arr.dtype == np.float16:
        return arr.astype(np.float32)
    if arr.dtype not in (np.float32, np.float64):
        return arr.astype(np.float64)
    return arr


def check_finite(name: str, arr: np.ndarray, who: str | None = None) -> None:
    """Raise ``ValueError`` if ``arr`` has NaN or inf, saying where the first one is.

    ``name`` is what the caller passed (``"W_z"``, ``"state['weight_ih_l0']"``) and the index
    is a position in that array; ``who`` is what needs finite numbers (``MESSAGES["who_gru"]``,
    default ``MESSAGES["who_function"]``).
    """
    if not np.all(np.isfinite(arr)):
        who = MESSAGES["who_function"] if who is None else who
        bad = ~np.isfinite(arr)
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(_msg("nonfinite", name=name, count=int(bad.sum()),
                              index=first if first else "()", who=who))


def positive_int(name: str, value) -> int:
    """Return ``value`` as an int, raising if it is not an integer >= 1 (a size: D, H, K)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(_msg("positive_int", name=name, value=value))
    return int(value)


def check_type(name: str, value, cls, expected: str) -> None:
    """Raise ``TypeError`` unless ``value`` is a ``cls``; ``expected`` is e.g.
    ``MESSAGES["a_gru_params"]``."""
    if not isinstance(value, cls):
        raise TypeError(_msg("params_type", name=name, expected=expected,
                             got=type(value).__name__))


def check_shape(name: str, arr: np.ndarray, want: tuple, symbols: str) -> None:
    """Check that ``arr.shape == want``; ``symbols`` is e.g. ``"(D, H)"``."""
    if arr.ndim != len(want):
        raise ValueError(
            _msg("rank", name=name, expected=f"{symbols} = {want}", shape=arr.shape, ndim=arr.ndim)
        )
    if arr.shape != tuple(want):
        raise ValueError(_msg("shape", name=name, expected=symbols, want=tuple(want),
                              shape=arr.shape))


def check_dim(name: str, arr: np.ndarray, axis: int, want: int, symbol: str,
              expected: str) -> None:
    """Check one axis of ``arr`` against a size named by ``symbol`` (D, H, ...)."""
    got = arr.shape[axis]
    if got != want:
        raise ValueError(_msg("dim", name=name, expected=expected, symbol=symbol, want=want,
                              shape=arr.shape, got=got))


def check_positive(name: str, value) -> float:
    """Return ``value`` as a float, raising if it is not a finite number > 0."""
    try:
        v = float(value)
    except (TypeError, ValueError) as err:
        raise TypeError(_msg("positive", name=name, value=repr(value))) from err
    if not np.isfinite(v) or v <= 0:
        raise ValueError(_msg("positive", name=name, value=value))
    return v


def sequence_input(x, input_size: int, name: str = "x",
                   who: str | None = None) -> tuple[np.ndarray, bool]:
    """Validate a sequence input: (T, D) for one sequence or (B, T, D) for a batch.

    Returns the array in batch form (B, T, D) and whether the caller passed a batch.
    ``who`` names the model in the message about NaN or inf (``MESSAGES["who_gru"]``).
    """
    expected = MESSAGES["sequence_shapes"]
    arr = as_real_array(name, x, expected)
    if arr.ndim not in (2, 3):
        raise ValueError(_msg("rank", name=name, expected=expected, shape=arr.shape,
                              ndim=arr.ndim))
    batched = arr.ndim == 3
    if arr.shape[-2] == 0:
        raise ValueError(_msg("no_steps", name=name, shape=arr.shape))
    sym = "(B, T, D)" if batched else "(T, D)"
    check_dim(name, arr, -1, input_size, "D", sym)
    check_finite(name, arr, who)
    return (arr if batched else arr[None]), batched


def initial_state(h0, batch: int, hidden_size: int, batched: bool, dtype,
                  who: str | None = None) -> np.ndarray:
    """Validate ``h0``: (H,) for one sequence or (B, H) for a batch; None means zeros."""
    if h0 is None:
        return np.zeros((batch, hidden_size), dtype=dtype)
    sym = "(B, H)" if batched else "(H,)"
    arr = as_real_array("h0", h0, sym)
    want = (batch, hidden_size) if batched else (hidden_size,)
    check_shape("h0", arr, want, sym)
    check_finite("h0", arr, who)
    return arr.reshape(batch, hidden_size).astype(dtype, copy=False)


def sequence_grad(name: str, g, shape: tuple, batched: bool, dtype,
                  who: str | None = None) -> np.ndarray:
    """Validate an upstream gradient with the shape of the trace's ``h`` (or ``h_last``)."""
    sym = {3: "(B, T, H)", 2: "(T, H)" if not batched else "(B, H)", 1: "(H,)"}[len(shape)]
    arr = as_real_array(name, g, sym)
    check_shape(name, arr, shape, sym)
    check_finite(name, arr, who)
    return arr.astype(dtype, copy=False)
