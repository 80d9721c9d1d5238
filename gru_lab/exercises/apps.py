"""Exercise checks for the applications part.

* ``check_running_positive(func)`` (sentiment): ``func(h, v, c)`` gives P(positive) after
  every word, σ(h_t · v + c) for each row h_t of ``h`` (T, H): shape (T,).
* ``check_step_nll(func)`` (music): ``func(y_hat, y)`` gives the negative log-likelihood of
  one piano-roll step, −Σ_k [y_k log ŷ_k + (1 − y_k) log(1 − ŷ_k)], summed over the keys.

Typical mistakes get a specific hint (only the last state, no sigmoid, an average instead of
a sum, a missing term). Every reader-facing word is in ``MESSAGES``.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..i18n import Messages
from ._core import Case, Feedback, match_mistakes, run_check

__all__ = ["MESSAGES", "check_running_positive", "check_step_nll"]

MESSAGES = Messages(en={
    "running_positive": "running_positive",
    "step_nll": "step_nll",
    "rp_case": "running_positive(h of shape (4, 3), v, c)",
    "rp_one": "running_positive(h of shape (1, 2), v, c)",
    "hint_rp": "P(positive) after word t is σ(h_t · v + c): one probability per row of h.",
    "hint_rp_last": "You returned only the last probability: the exercise asks for one after "
                    "every word (one per row of h).",
    "hint_rp_logit": "Your values are not in (0, 1): apply the sigmoid to h_t · v + c.",
    "hint_rp_no_c": "Your values ignore the bias c.",
    "nll_case": "step_nll(ŷ for 5 keys, y)",
    "nll_88": "step_nll(ŷ for 88 keys, y with 4 keys on)",
    "hint_nll": "NLL = −Σ_k [y_k log ŷ_k + (1 − y_k) log(1 − ŷ_k)]: a sum over the keys, "
                "a positive number.",
    "hint_nll_mean": "You averaged over the keys: the NLL per step is the sum over the keys "
                     "(Keras's binary_crossentropy averages; multiply back by the number "
                     "of keys).",
    "hint_nll_only_on": "You only counted the keys that sound (y = 1): a silent key predicted "
                        "as likely to sound costs −log(1 − ŷ) too.",
    "hint_nll_sign": "Your NLL is negative: the log of a probability is negative, so the "
                     "NLL has a minus sign in front.",
}, zh={
    "running_positive": "running_positive",
    "step_nll": "step_nll",
    "rp_case": "running_positive(h, v, c)，其中 h 的形状为 (4, 3)",
    "rp_one": "running_positive(h, v, c)，其中 h 的形状为 (1, 2)",
    "hint_rp": "读到第 t 个词之后的 P(positive) 是 σ(h_t · v + c)：h 的每一行对应一个概率。",
    "hint_rp_last": "你只返回了最后一个概率：这道练习要求每读一个词给出一个概率"
                    "（h 的每一行一个）。",
    "hint_rp_logit": "你的值不在 (0, 1) 内：请对 h_t · v + c 应用 sigmoid。",
    "hint_rp_no_c": "你的值忽略了偏置 c。",
    "nll_case": "step_nll(ŷ, y)，共 5 个琴键",
    "nll_88": "step_nll(ŷ, y)，共 88 个琴键，y 中有 4 个键按下",
    "hint_nll": "NLL = −Σ_k [y_k log ŷ_k + (1 − y_k) log(1 − ŷ_k)]：对所有琴键求和，"
                "结果是一个正数。",
    "hint_nll_mean": "你对琴键求了平均：每个时间步的 NLL 是对所有琴键求和"
                     "（Keras 的 binary_crossentropy 求的是平均；请再乘以琴键的个数）。",
    "hint_nll_only_on": "你只计入了发声的琴键（y = 1）：一个不发声的琴键如果被预测为"
                        "很可能发声，同样要付出 −log(1 − ŷ) 的代价。",
    "hint_nll_sign": "你的 NLL 是负数：概率的对数是负的，所以 NLL 前面要有一个负号。",
})


def _bce(y_hat, y):
    return float(-(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)).sum())


def _diagnose(mistakes):
    return match_mistakes(mistakes, MESSAGES)


def _rp_case(h, v, c, what):
    logit = h @ v + c
    expected = sigmoid(logit)
    return Case(args=(h, v, c), expected=expected, hint=MESSAGES["hint_rp"],
                describe=MESSAGES[what], arg_names=("h", "v", "c"), result_name="p",
                shape_symbols="(T,)", diagnose=_diagnose([
                    (expected[-1:], "hint_rp_last"), (expected[-1], "hint_rp_last"),
                    (logit, "hint_rp_logit"), (sigmoid(h @ v), "hint_rp_no_c"),
                ]))


def check_running_positive(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(h, v, c)`` → P(positive) after every word, shape (T,) (sentiment)."""
    rng = np.random.default_rng(0)
    h = np.tanh(rng.normal(size=(4, 3)))
    v = np.array([2.0, -1.5, 0.5])
    cases = [_rp_case(h, v, -0.2, "rp_case"),
             _rp_case(np.array([[0.8, -0.3]]), np.array([2.0, -1.5]), -0.2, "rp_one")]
    return run_check(MESSAGES["running_positive"], func, cases, verbose=verbose)


def _nll_case(y_hat, y, what):
    expected = _bce(y_hat, y)
    only_on = float(-(y * np.log(y_hat)).sum())
    return Case(args=(y_hat, y), expected=expected, hint=MESSAGES["hint_nll"],
                describe=MESSAGES[what], arg_names=("y_hat", "y"), result_name="NLL",
                diagnose=_diagnose([
                    (expected / len(y), "hint_nll_mean"), (only_on, "hint_nll_only_on"),
                    (-expected, "hint_nll_sign"),
                ]))


def check_step_nll(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(y_hat, y)`` → the NLL of one piano-roll step, summed over keys (music)."""
    y_hat = np.array([0.9, 0.2, 0.6, 0.01, 0.3])
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.0])
    rng = np.random.default_rng(1)
    y_hat88 = rng.uniform(0.01, 0.99, size=88)
    y88 = np.zeros(88)
    y88[[40, 45, 52, 57]] = 1.0
    cases = [_nll_case(y_hat, y, "nll_case"), _nll_case(y_hat88, y88, "nll_88")]
    return run_check(MESSAGES["step_nll"], func, cases, verbose=verbose)
