"""Exercise checks for chapter 1, "Sequences and the recurrent network".

``check_rnn_step(func)``: the student writes one step of the tanh RNN,
``rnn_step(x_t, h_prev, W, U, b) -> h_t`` with h_t = tanh(x_t W + h_{t−1} U + b), rows as
examples (``x_t`` (D,) or (B, D), ``W`` (D, H), ``U`` (H, H), ``b`` (H,)).

Typical mistakes are recognised and get a specific hint: a forgotten bias, W and U swapped or
transposed, sigmoid (or nothing) instead of tanh, a step that only works for one sequence.
The hints describe the symptom, never the code of the solution.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..i18n import Messages
from ._core import Case, Feedback, match_mistakes, run_check, speaks_every_language

__all__ = ["MESSAGES", "check_rnn_step"]

MESSAGES = Messages(en={
    "name": "rnn_step",
    "describe": "rnn_step(x_t, h_prev, W, U, b) with {what}",
    "square": "D = H = 3 (x_t, h_prev, b all nonzero)",
    "rect": "D = 2, H = 4",
    "batch": "a batch of B = 2 sequences: x_t (2, 2), h_prev (2, 4)",
    "zero_state": "h_prev = 0 (the first step of a sequence)",
    "hint_default": "Compare your step with the RNN equation term by term: input times W, "
                    "previous state times U, plus the bias, then the activation.",
    "hint_bias": "Your result matches the equation without the bias b. The bias is added "
                 "inside the activation, at every step.",
    "hint_sigmoid": "Your result looks like a sigmoid was applied. The vanilla RNN squashes "
                    "with tanh, so states lie in (−1, 1), not (0, 1).",
    "hint_no_activation": "Your result is the pre-activation: the squashing function is "
                          "missing.",
    "hint_swapped": "Your result matches the equation with W and U exchanged. W multiplies "
                    "the input x_t, U multiplies the previous state h_prev.",
    "hint_transposed": "Your result matches the equation with a transposed matrix. In the "
                       "code, rows are examples: x_t has shape (D,), W has shape (D, H), so "
                       "the product with the input has shape (H,).",
    "hint_shapes": "Check the shapes: x_t is (D,), W is (D, H), h_prev is (H,), U is (H, H). "
                   "With D ≠ H, a product that worked when D = H may no longer fit.",
    "hint_batch": "Your step works for one sequence but not for a batch. Write the products "
                  "so that x_t may be (D,) or (B, D): rows are examples, so the input goes on "
                  "the left of W.",
    "hint_state": "With h_prev = 0 the step should be tanh(x_t W + b). Check how the previous "
                  "state enters.",
}, zh={
    "name": "rnn_step",
    "describe": "rnn_step(x_t, h_prev, W, U, b)，{what}",
    "square": "D = H = 3（x_t、h_prev 和 b 都不为零）",
    "rect": "D = 2，H = 4",
    "batch": "一个含 B = 2 个序列的小批量：x_t 为 (2, 2)，h_prev 为 (2, 4)",
    "zero_state": "h_prev = 0（序列的第一个时间步）",
    "hint_default": "把你的实现与 RNN 的公式逐项对照：输入乘以 W，上一个隐状态乘以 U，"
                    "加上偏置，最后再经过激活函数。",
    "hint_bias": "你的结果与不带偏置 b 的公式一致。偏置要加在激活函数里面，"
                 "并且每个时间步都要加。",
    "hint_sigmoid": "你的结果看起来用的是 sigmoid。普通 RNN 用 tanh 来压缩，"
                    "所以隐状态的取值在 (−1, 1) 内，而不是 (0, 1) 内。",
    "hint_no_activation": "你的结果是激活之前的值：缺少了压缩用的激活函数。",
    "hint_swapped": "你的结果与把 W 和 U 对调后的公式一致。W 乘的是输入 x_t，"
                    "U 乘的是上一个隐状态 h_prev。",
    "hint_transposed": "你的结果与某个矩阵被转置后的公式一致。代码中每一行是一个样本："
                       "x_t 的形状为 (D,)，W 的形状为 (D, H)，所以与输入的乘积的形状为 (H,)。",
    "hint_shapes": "请检查形状：x_t 为 (D,)，W 为 (D, H)，h_prev 为 (H,)，U 为 (H, H)。"
                   "当 D ≠ H 时，一个在 D = H 时能算的乘积可能就对不上了。",
    "hint_batch": "你的实现对单个序列有效，对小批量却不行。请把乘积写成 x_t 既可以是 (D,) "
                  "也可以是 (B, D) 的形式：每一行是一个样本，所以输入要放在 W 的左边。",
    "hint_state": "当 h_prev = 0 时，这一步应当等于 tanh(x_t W + b)。"
                  "请检查上一个隐状态是怎样参与计算的。",
})


def _reference(x, h, W, U, b):
    return np.tanh(x @ W + h @ U + b)


def _mistakes(x, h, W, U, b):
    """Typical wrong answers, each paired with the key of its hint."""
    out = [
        (np.tanh(x @ W + h @ U), "hint_bias"),
        (sigmoid(x @ W + h @ U + b), "hint_sigmoid"),
        (x @ W + h @ U + b, "hint_no_activation"),
    ]
    if W.shape == U.shape:
        out.append((np.tanh(x @ U + h @ W + b), "hint_swapped"))
    if W.shape[0] == W.shape[1]:
        out += [(np.tanh(x @ W.T + h @ U + b), "hint_transposed"),
                (np.tanh(x @ W.T + h @ U.T + b), "hint_transposed")]
    out.append((np.tanh(x @ W + h @ U.T + b), "hint_transposed"))
    return out


def _diagnose(args):
    return match_mistakes(_mistakes(*args), MESSAGES)


def _case(args, what, hint_key):
    return Case(args=args, expected=_reference(*args), hint=MESSAGES[hint_key],
                describe=MESSAGES["describe"].format(what=MESSAGES[what]),
                diagnose=_diagnose(args))


def _cases() -> list[Case]:
    rng = np.random.default_rng(2024)
    # D = H: swapped or transposed matrices still "fit", so only the values can tell.
    W, U = rng.normal(0, 0.6, (3, 3)), rng.normal(0, 0.6, (3, 3))
    square = (rng.normal(size=3), rng.uniform(-0.9, 0.9, 3), W, U, rng.normal(0, 0.5, 3))
    W, U = rng.normal(0, 0.6, (2, 4)), rng.normal(0, 0.6, (4, 4))
    b = rng.normal(0, 0.5, 4)
    rect = (rng.normal(size=2), rng.uniform(-0.9, 0.9, 4), W, U, b)
    zero = (rng.normal(size=2), np.zeros(4), W, U, b)
    batch = (rng.normal(size=(2, 2)), rng.uniform(-0.9, 0.9, (2, 4)), W, U, b)
    return [_case(square, "square", "hint_default"),
            _case(rect, "rect", "hint_shapes"),
            _case(zero, "zero_state", "hint_state"),
            _case(batch, "batch", "hint_batch")]


@speaks_every_language
def check_rnn_step(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(x_t, h_prev, W, U, b)``, one step of the tanh RNN (chapter 1).

    Prints feedback (what was tried, what was expected, what came back and a hint) and
    returns a :class:`~gru_lab.exercises.Feedback` that is truthy when every case passes.
    """
    return run_check(MESSAGES["name"], func, _cases(), verbose=verbose)
