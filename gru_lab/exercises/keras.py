"""Exercise checks for chapter 5, "The GRU in Keras".

* ``check_keras_gru_params(func)``: ``func(D, H, reset_after)`` must return the number of
  parameters Keras reports for ``keras.layers.GRU(H, reset_after=reset_after)`` on inputs of
  size D: 3H(D + H) + 6H with ``reset_after=True``, 3H(D + H) + 3H without.

Typical mistakes get a specific hint: two weight blocks instead of three (no candidate),
the biases forgotten, one bias row where Keras has two (``reset_after=True``), or the
book's count (gru_lab merges the z and r biases, Keras does not).
"""

from __future__ import annotations

from ..compare import keras_param_count
from ..i18n import Messages
from ._core import Case, Feedback, run_check

__all__ = ["MESSAGES", "check_keras_gru_params"]

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
