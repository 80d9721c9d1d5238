"""Exercise checks for chapter 5, "The GRU in Keras".

* ``check_keras_gru_params(func)``: ``func(D, H, reset_after)`` must return the number of
  parameters Keras reports for ``keras.layers.GRU(H, reset_after=reset_after)`` on inputs of
  size D: 3H(D + H) + 6H with ``reset_after=True``, 3H(D + H) + 3H without.

Typical mistakes get a specific hint: two weight blocks instead of three (no candidate),
the biases forgotten, one bias row where Keras has two (``reset_after=True``), or the
book's count (gru_lab merges the z and r biases, Keras does not).

* ``check_nn_gru_shapes(func)``: ``func(num_layers, bidirectional, B, T, H)`` must return
  ``(output_shape, h_n_shape)`` of ``nn.GRU(..., batch_first=True)``: (B, T, directions·H) and
  (num_layers·directions, B, H). Hints: the directions forgotten in h_n or in the output,
  h_n taken as batch-first, the output given time-first, every layer's states in the output.
* ``check_stack_params(func)``: ``func(D, H, num_layers, bidirectional, merge_mode)`` must
  return Keras's parameter count of a stack of GRU layers (``reset_after=True``). Hints: every
  layer counted as reading x, the second direction forgotten, the size a merged output has
  (2H after "concat", H after "sum"), gru_lab's count instead of Keras's.
"""

from __future__ import annotations

from ..compare import keras_param_count, keras_stack_param_count
from ..i18n import Messages
from ._core import Case, Feedback, run_check, speaks_every_language

__all__ = ["MESSAGES", "check_keras_gru_params", "check_nn_gru_shapes", "check_stack_params"]

MESSAGES = Messages(en={
    "name": "keras_gru_params",
    "call": "keras_gru_params(D={D}, H={H}, reset_after={ra})",
    "hint_default": "Keras's GRU has a kernel (D, 3H), a recurrent_kernel (H, 3H) and a bias "
                    "with one row of 3H (reset_after=False) or two rows (reset_after=True).",
    "hint_two_blocks": "Your count fits two weight blocks (z and r) per matrix; the candidate "
                       "ĥ has its own block too: the kernel is (D, 3H), not (D, 2H).",
    "hint_no_bias": "Your count has the kernel and the recurrent_kernel but no bias.",
    "hint_one_row": "With reset_after=True Keras keeps TWO bias rows (input and recurrent), "
                    "each of 3H numbers: the bias has shape (2, 3H).",
    "hint_two_rows": "With reset_after=False the bias is one row of 3H numbers; you counted two "
                     "rows.",
    "hint_book": "This is gru_lab's count (num_parameters()): it merges the input and recurrent "
                 "biases of z and r, which only ever appear summed. Keras stores both, 2H more.",
    "hint_not_int": "Return a whole number (an int), not {type}.",
    # check_nn_gru_shapes (PyTorch's nn.GRU)
    "shapes_name": "nn_gru_shapes",
    "shapes_call": "nn_gru_shapes(num_layers={L}, bidirectional={bi}, B={B}, T={T}, H={H})",
    "shapes_result": "output.shape, h_n.shape",
    "shapes_default": "Return two tuples: output is (B, T, directions·H) with batch_first=True, "
                      "h_n is (num_layers·directions, B, H).",
    "shapes_hn_dirs": "h_n holds one final state per layer AND per direction: its first axis "
                      "is num_layers·directions (2 per layer when bidirectional=True).",
    "shapes_hn_batch_first": "batch_first=True changes only input and output: h_n stays "
                             "(num_layers·directions, B, H), the batch on its second axis.",
    "shapes_out_concat": "A bidirectional nn.GRU concatenates the two directions at every "
                         "step: the last axis of output is 2H, not H.",
    "shapes_out_time_first": "With batch_first=True the output is (B, T, …), the batch first; "
                             "(T, B, …) is PyTorch's default, batch_first=False.",
    "shapes_out_layers": "output holds only the top layer's states (every step); the lower "
                         "layers' states are not in it, and h_n has only their last step.",
    "shapes_not_tuple": "Return two shapes, each a tuple of ints such as (4, 10, 16).",
    # check_stack_params (Keras stacks)
    "stack_name": "stack_params",
    "stack_call": "stack_params(D={D}, H={H}, num_layers={L}, bidirectional={bi}, "
                  "merge_mode={mode!r})",
    "stack_default": "Add up the GRUs: each counts 3H(d + H) + 6H, where d is what its layer "
                     "reads (D for the first layer, the output of the layer below for the "
                     "others); a bidirectional layer holds two GRUs.",
    "stack_reads_D": "Only the first layer reads x (D numbers per step); every later layer "
                     "reads the output of the layer below, so its kernel has that many rows.",
    "stack_one_direction": "A Bidirectional layer holds two GRUs, one per direction, each with "
                           "its own weights: count both.",
    "stack_concat": "After merge_mode='concat' the layer below outputs 2H numbers per step "
                    "([→h ; ←h]): the next layer's kernel has 2H rows, not H.",
    "stack_sum": "After merge_mode='sum' the layer below outputs H numbers per step "
                 "(→h + ←h): the next layer's kernel has H rows, not 2H.",
    "stack_book": "This is gru_lab's count (4H of biases per GRU, the z and r biases "
                  "merged); Keras keeps two bias rows: 3H(d + H) + 6H per GRU.",
}, zh={
    "name": "keras_gru_params",
    "call": "keras_gru_params(D={D}, H={H}, reset_after={ra})",
    "hint_default": "Keras 的 GRU 有一个 kernel (D, 3H)、一个 recurrent_kernel (H, 3H) 和一个 "
                    "bias；bias 有一行 3H 个数（reset_after=False）或两行（reset_after=True）。",
    "hint_two_blocks": "你的计数相当于每个矩阵只有两个权重块（z 和 r）；候选隐状态 ĥ "
                       "也有自己的块：kernel 是 (D, 3H)，不是 (D, 2H)。",
    "hint_no_bias": "你的计数包含了 kernel 和 recurrent_kernel，但漏掉了 bias。",
    "hint_one_row": "当 reset_after=True 时，Keras 保存两行偏置（输入的和循环的），"
                    "每行 3H 个数：bias 的形状为 (2, 3H)。",
    "hint_two_rows": "当 reset_after=False 时，bias 只有一行 3H 个数；你数成了两行。",
    "hint_book": "这是 gru_lab 的计数（num_parameters()）：它把 z 和 r 的输入偏置与循环偏置"
                 "合并了，因为二者总是以和的形式出现。Keras 把两者都存下来，多出 2H 个。",
    "hint_not_int": "请返回一个整数（int），而不是 {type}。",

    "shapes_name": "nn_gru_shapes",
    "shapes_call": "nn_gru_shapes(num_layers={L}, bidirectional={bi}, B={B}, T={T}, H={H})",
    "shapes_result": "output.shape, h_n.shape",
    "shapes_default": "请返回两个元组：batch_first=True 时 output 的形状为 (B, T, directions·H)，"
                      "h_n 的形状为 (num_layers·directions, B, H)。",
    "shapes_hn_dirs": "h_n 为每一层、每个方向各保存一个最终状态：它的第一维是 "
                      "num_layers·directions（bidirectional=True 时每层 2 个）。",
    "shapes_hn_batch_first": "batch_first=True 只改变输入和 output：h_n 仍是 "
                             "(num_layers·directions, B, H)，批量在第二维。",
    "shapes_out_concat": "双向 nn.GRU 在每个时间步把两个方向拼接起来：output 的最后一维是 2H，"
                         "不是 H。",
    "shapes_out_time_first": "batch_first=True 时 output 是 (B, T, …)，批量在前；"
                             "(T, B, …) 是 PyTorch 的默认设置 batch_first=False。",
    "shapes_out_layers": "output 只包含最上面一层的状态（每个时间步）；下面各层的状态不在其中，"
                         "h_n 也只有它们最后一步的状态。",
    "shapes_not_tuple": "请返回两个形状，每个都是由整数组成的元组，例如 (4, 10, 16)。",
    "stack_name": "stack_params",
    "stack_call": "stack_params(D={D}, H={H}, num_layers={L}, bidirectional={bi}, "
                  "merge_mode={mode!r})",
    "stack_default": "把各个 GRU 的参数加起来：每个 GRU 有 3H(d + H) + 6H 个参数，"
                     "其中 d 是它那一层的输入宽度（第一层是 D，其余各层是下一层的输出）；"
                     "一个双向层包含两个 GRU。",
    "stack_reads_D": "只有第一层读入 x（每步 D 个数）；之后每一层读入的是下面那一层的输出，"
                     "所以它的 kernel 行数等于那个输出的宽度。",
    "stack_one_direction": "一个 Bidirectional 层包含两个 GRU，每个方向一个，各有自己的权重："
                           "两个都要算上。",
    "stack_concat": "merge_mode='concat' 时下面一层每步输出 2H 个数（[→h ; ←h]）："
                    "下一层的 kernel 有 2H 行，不是 H 行。",
    "stack_sum": "merge_mode='sum' 时下面一层每步输出 H 个数（→h + ←h）："
                 "下一层的 kernel 有 H 行，不是 2H 行。",
    "stack_book": "这是 gru_lab 的计数（每个 GRU 4H 个偏置，z 和 r 的偏置已合并）；"
                  "Keras 保存两行偏置：每个 GRU 3H(d + H) + 6H 个参数。",
})

_CASES = [(300, 128, True), (300, 128, False), (3, 4, True), (3, 4, False), (1, 1, True),
          (64, 128, False)]


def _wrong_counts(D, H, ra) -> dict[int, str]:
    """Counts that typical mistakes produce, mapped to their hint."""
    weights = 3 * H * (D + H)
    wrong = {
        2 * H * (D + H) + (4 * H if ra else 2 * H): "hint_two_blocks",
        weights: "hint_no_bias",
        (weights + 3 * H if ra else weights + 6 * H): "hint_one_row" if ra else "hint_two_rows",
    }
    if ra:
        wrong.setdefault(weights + 4 * H, "hint_book")
    wrong.pop(keras_param_count(D, H, "gru", reset_after=ra), None)
    return wrong


def _diagnose(D, H, ra):
    def diagnose(got):
        if isinstance(got, bool) or not hasattr(got, "__int__"):
            return MESSAGES["hint_not_int"].format(type=type(got).__name__)
        try:
            value = int(got)
        except (TypeError, ValueError, OverflowError):
            return MESSAGES["hint_not_int"].format(type=type(got).__name__)
        key = _wrong_counts(D, H, ra).get(value)
        return MESSAGES[key] if key else None
    return diagnose


@speaks_every_language
def check_keras_gru_params(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(D, H, reset_after) -> int`` against Keras's GRU parameter count."""
    cases = [
        Case(args=(D, H, ra), expected=keras_param_count(D, H, "gru", reset_after=ra),
             hint=MESSAGES["hint_default"], diagnose=_diagnose(D, H, ra),
             describe=MESSAGES["call"].format(D=D, H=H, ra=ra), atol=0, rtol=0,
             arg_names=("D", "H", "reset_after"))
        for D, H, ra in _CASES
    ]
    return run_check(MESSAGES["name"], func, cases, verbose=verbose)


# ---- check_nn_gru_shapes: PyTorch's output and h_n ------------------------------------------

_SHAPE_CASES = [(2, True, 4, 10, 8), (1, False, 3, 5, 6), (3, True, 2, 7, 5), (2, False, 5, 9, 3)]


def _shape_mistakes(L, bi, B, T, H) -> list[tuple[tuple, str]]:
    """(wrong (output, h_n), hint key) of typical slips, most specific first."""
    d = 2 if bi else 1
    out, h_n = (B, T, d * H), (L * d, B, H)
    wrong = [(((B, T, H), h_n), "shapes_out_concat"), ((out, (L, B, H)), "shapes_hn_dirs"),
             (((B, T, H), (L, B, H)), "shapes_out_concat"),
             ((out, (B, L * d, H)), "shapes_hn_batch_first"),
             (((T, B, d * H), h_n), "shapes_out_time_first"),
             (((B, T, L * d * H), h_n), "shapes_out_layers")]
    return [(w, k) for w, k in wrong if w != (out, h_n)]


def _as_shapes(got):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return None
    try:
        return tuple(tuple(int(n) for n in s) for s in got)
    except (TypeError, ValueError):
        return None


def _shape_diagnose(L, bi, B, T, H):
    def diagnose(got):
        shapes = _as_shapes(got)
        if shapes is None:
            return MESSAGES["shapes_not_tuple"]
        for wrong, key in _shape_mistakes(L, bi, B, T, H):
            if shapes == wrong:
                return MESSAGES[key]
        return None
    return diagnose


@speaks_every_language
def check_nn_gru_shapes(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(num_layers, bidirectional, B, T, H) -> (output_shape, h_n_shape)`` for
    ``nn.GRU(D, H, num_layers, bidirectional=..., batch_first=True)`` (chapter 5)."""
    cases = []
    for L, bi, B, T, H in _SHAPE_CASES:
        d = 2 if bi else 1
        cases.append(Case(
            args=(L, bi, B, T, H), expected=((B, T, d * H), (L * d, B, H)),
            hint=MESSAGES["shapes_default"], diagnose=_shape_diagnose(L, bi, B, T, H),
            describe=MESSAGES["shapes_call"].format(L=L, bi=bi, B=B, T=T, H=H), atol=0, rtol=0,
            arg_names=("num_layers", "bidirectional", "B", "T", "H"),
            result_name=tuple(MESSAGES["shapes_result"].split(", "))))
    return run_check(MESSAGES["shapes_name"], func, cases, verbose=verbose)


# ---- check_stack_params: a Keras stack's parameter count ------------------------------------

_STACK_CASES = [(3, 4, 2, True, "concat"), (3, 4, 2, True, "sum"), (5, 2, 3, False, "concat"),
                (300, 128, 2, True, "concat"), (8, 16, 1, True, "sum")]


def _stack_mistakes(D, H, L, bi, mode) -> dict[int, str]:
    """Counts that typical slips produce, mapped to their hint key."""
    def per_gru(d, bias=6):
        return 3 * H * (d + H) + bias * H

    dirs = 2 if bi else 1
    out = 2 * H if bi and mode == "concat" else H
    wrong = {}

    def total(first, later, n_dirs=dirs, bias=6):
        return n_dirs * (per_gru(first, bias) + (L - 1) * per_gru(later, bias))

    wrong.setdefault(total(D, D), "stack_reads_D")
    if bi:
        wrong.setdefault(total(D, out, 1), "stack_one_direction")
        wrong.setdefault(total(D, H if mode == "concat" else 2 * H),
                         "stack_concat" if mode == "concat" else "stack_sum")
    wrong.setdefault(total(D, out, bias=4), "stack_book")
    wrong.pop(keras_stack_param_count(D, H, L, bidirectional=bi, merge_mode=mode), None)
    return wrong


def _stack_diagnose(D, H, L, bi, mode):
    def diagnose(got):
        if isinstance(got, bool) or not hasattr(got, "__int__"):
            return MESSAGES["hint_not_int"].format(type=type(got).__name__)
        key = _stack_mistakes(D, H, L, bi, mode).get(int(got))
        return MESSAGES[key] if key else None
    return diagnose


@speaks_every_language
def check_stack_params(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(D, H, num_layers, bidirectional, merge_mode) -> int`` against Keras's
    ``count_params()`` of a stack of ``GRU`` / ``Bidirectional(GRU)`` layers (chapter 5)."""
    cases = [
        Case(args=(D, H, L, bi, mode),
             expected=keras_stack_param_count(D, H, L, bidirectional=bi, merge_mode=mode),
             hint=MESSAGES["stack_default"], diagnose=_stack_diagnose(D, H, L, bi, mode),
             describe=MESSAGES["stack_call"].format(D=D, H=H, L=L, bi=bi, mode=mode),
             atol=0, rtol=0, arg_names=("D", "H", "num_layers", "bidirectional", "merge_mode"))
        for D, H, L, bi, mode in _STACK_CASES
    ]
    return run_check(MESSAGES["stack_name"], func, cases, verbose=verbose)
