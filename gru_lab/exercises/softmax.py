"""Exercise checks for chapter 3, "The softmax output layer".

* ``check_softmax(func)``: ``softmax(logits, temperature=1.0)`` along the last axis, for
  logits of shape (K,) or (N, K), numerically stable for logits like 1000 or −1000.
* ``check_sigmoid(func)``: σ(a) = 1 / (1 + e^{−a}) elementwise, without NaN for a = ±1000.

Typical mistakes are recognised and get a specific hint: no max subtraction (NaN for large
logits), a sum over the wrong axis, a temperature ignored or multiplied, ``exp(a)`` where
``exp(−a)`` belongs. The hints describe the symptom, never the code of the solution.
Overflow warnings raised by a student's function are silenced: the result is what is judged.
"""

from __future__ import annotations

import functools

import numpy as np

from ..activations import sigmoid, softmax
from ..i18n import Messages
from ._core import Case, Feedback, match_mistakes, run_check, speaks_every_language

__all__ = ["MESSAGES", "check_softmax", "check_sigmoid"]

MESSAGES = Messages(en={
    "softmax": "softmax",
    "sigmoid": "sigmoid",
    "sm_small": "softmax([1, 2, 3])",
    "sm_sum": "softmax([0.5, -1, 2, 0]) (the probabilities must sum to 1)",
    "sm_large": "softmax([1000, 1001, 1002])",
    "sm_negative": "softmax([-1000, -1001, -1002])",
    "sm_rows": "softmax of a (2, 3) array: one distribution per row",
    "sm_temperature": "softmax([1, 2, 3], temperature=2)",
    "sm_temperature_low": "softmax([1, 2, 4], temperature=0.5)",
    "hint_sm_default": "softmax(a)_k = e^{a_k} / Σ_j e^{a_j}: every output positive, the outputs "
                       "summing to 1.",
    "hint_sm_not_normalised": "Your outputs do not sum to 1: divide by the sum of the "
                              "exponentials.",
    "hint_sm_overflow": "e^1000 overflows to inf, and inf / inf is NaN. Softmax does not change "
                        "when the same number is subtracted from every logit: choose that "
                        "number so that no exponent is positive.",
    "hint_sm_underflow": "e^(−1000) underflows to 0, and 0 / 0 is NaN. Shift the logits so that "
                         "the largest one becomes 0 before exponentiating.",
    "hint_sm_axis": "Each row of a (N, K) array is its own distribution: every row must sum to "
                    "1. Your sums (or your maximum) run over the wrong axis, or over the whole "
                    "array; keep the dimensions so they broadcast back against the rows.",
    "hint_sm_no_temperature": "Your result ignores the temperature: this is softmax at τ = 1.",
    "hint_sm_times_temperature": "Your result multiplies the logits by τ; the temperature "
                                 "divides them (τ > 1 must flatten the distribution).",
    "hint_sm_temperature": "softmax with temperature τ is softmax(a / τ).",
    "sg_zero": "sigmoid(0.0)",
    "sg_values": "sigmoid([-2, -0.5, 0, 0.5, 2])",
    "sg_large": "sigmoid([-1000, 1000])",
    "hint_sg_default": "σ(a) = 1 / (1 + e^(−a)): σ(0) = 0.5, and σ grows from 0 to 1.",
    "hint_sg_sign": "Your values are 1 − σ(a): σ must grow with a (σ(2) ≈ 0.88, not 0.12). "
                    "Check the sign inside the exponential.",
    "hint_sg_tanh": "Your result is tanh(a), which lies in (−1, 1); σ lies in (0, 1).",
    "hint_sg_overflow": "For a = ±1000 one form of the formula computes inf / inf = NaN. Use a "
                        "form whose exponential cannot overflow for the sign of a at hand "
                        "(or one built on tanh).",
}, zh={
    "softmax": "softmax",
    "sigmoid": "sigmoid",
    "sm_small": "softmax([1, 2, 3])",
    "sm_sum": "softmax([0.5, -1, 2, 0])（各概率之和必须为 1）",
    "sm_large": "softmax([1000, 1001, 1002])",
    "sm_negative": "softmax([-1000, -1001, -1002])",
    "sm_rows": "对一个 (2, 3) 数组求 softmax：每一行是一个分布",
    "sm_temperature": "softmax([1, 2, 3], temperature=2)",
    "sm_temperature_low": "softmax([1, 2, 4], temperature=0.5)",
    "hint_sm_default": "softmax(a)_k = e^{a_k} / Σ_j e^{a_j}：每个输出都为正，"
                       "所有输出之和为 1。",
    "hint_sm_not_normalised": "你的输出之和不为 1：要除以所有指数之和。",
    "hint_sm_overflow": "e^1000 会上溢为 inf，而 inf / inf 是 NaN。给每个 logit 减去同一个数，"
                        "softmax 的结果不变：选一个这样的数，使得所有指数都不为正。",
    "hint_sm_underflow": "e^(−1000) 会下溢为 0，而 0 / 0 是 NaN。在求指数之前平移 logits，"
                         "使最大的那个变为 0。",
    "hint_sm_axis": "(N, K) 数组的每一行都是一个独立的分布：每一行之和都必须为 1。"
                    "你的求和（或求最大值）沿错了轴，或者是对整个数组进行的；"
                    "请保留维度（keepdims），使结果能按行广播回去。",
    "hint_sm_no_temperature": "你的结果忽略了温度：这是 τ = 1 时的 softmax。",
    "hint_sm_times_temperature": "你的结果把 logits 乘以了 τ；温度应当去除 logits"
                                 "（τ > 1 必须使分布更平坦）。",
    "hint_sm_temperature": "温度为 τ 的 softmax 就是 softmax(a / τ)。",
    "sg_zero": "sigmoid(0.0)",
    "sg_values": "sigmoid([-2, -0.5, 0, 0.5, 2])",
    "sg_large": "sigmoid([-1000, 1000])",
    "hint_sg_default": "σ(a) = 1 / (1 + e^(−a))：σ(0) = 0.5，σ 从 0 增长到 1。",
    "hint_sg_sign": "你的值是 1 − σ(a)：σ 应当随 a 增大而增大（σ(2) ≈ 0.88，而不是 0.12）。"
                    "请检查指数里的符号。",
    "hint_sg_tanh": "你的结果是 tanh(a)，它的取值在 (−1, 1) 内；σ 的取值在 (0, 1) 内。",
    "hint_sg_overflow": "当 a = ±1000 时，公式的某种写法会算出 inf / inf = NaN。"
                        "请根据 a 的符号选用一种指数不会上溢的写法（或者用 tanh 来表示）。",
})


def _quiet(func):
    """Call ``func`` with numpy's overflow and invalid-value warnings silenced."""
    @functools.wraps(func)
    def wrapper(*args):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            return func(*args)
    return wrapper


def _naive(a, axis=-1):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        e = np.exp(a)
        return e / e.sum(axis=axis, keepdims=True)


def _diagnose(mistakes):
    return match_mistakes(mistakes, MESSAGES)


def _not_normalised(g):
    return g.ndim >= 1 and np.all(np.isfinite(g)) and not np.allclose(g.sum(axis=-1), 1.0)


def _sm_case(a, tau, what, hint_key, extra=()):
    a = np.asarray(a, dtype=float)
    args = (a,) if tau is None else (a, tau)
    expected = softmax(a, temperature=1.0 if tau is None else tau)
    mistakes = list(extra) + [(_not_normalised, "hint_sm_not_normalised")]
    return Case(args=args, expected=expected, hint=MESSAGES[hint_key],
                describe=MESSAGES[what], diagnose=_diagnose(mistakes))


def _softmax_cases() -> list[Case]:
    rows = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]])
    small = np.array([1.0, 2.0, 3.0])
    return [
        _sm_case(small, None, "sm_small", "hint_sm_default"),
        _sm_case([0.5, -1.0, 2.0, 0.0], None, "sm_sum", "hint_sm_default"),
        _sm_case([1000.0, 1001.0, 1002.0], None, "sm_large", "hint_sm_overflow"),
        _sm_case([-1000.0, -1001.0, -1002.0], None, "sm_negative", "hint_sm_underflow"),
        _sm_case(rows, None, "sm_rows", "hint_sm_axis", extra=[
            (_naive(rows, axis=0), "hint_sm_axis"),
            (np.exp(rows) / np.exp(rows).sum(), "hint_sm_axis"),
            (np.exp(rows - rows.max()) / np.exp(rows - rows.max()).sum(), "hint_sm_axis"),
            (np.exp(rows - rows.max(axis=0)) / np.exp(rows - rows.max(axis=0)).sum(axis=1,
                                                                                   keepdims=True),
             "hint_sm_axis"),
            (lambda g: g.shape == rows.shape and np.all(np.isfinite(g))
             and np.allclose(g.sum(axis=0), 1.0), "hint_sm_axis"),
        ]),
        _sm_case(small, 2.0, "sm_temperature", "hint_sm_temperature", extra=[
            (softmax(small), "hint_sm_no_temperature"),
            (softmax(small * 2.0), "hint_sm_times_temperature"),
        ]),
        _sm_case([1.0, 2.0, 4.0], 0.5, "sm_temperature_low", "hint_sm_temperature", extra=[
            (softmax(np.array([1.0, 2.0, 4.0])), "hint_sm_no_temperature"),
            (softmax(np.array([0.5, 1.0, 2.0])), "hint_sm_times_temperature"),
        ]),
    ]


@speaks_every_language
def check_softmax(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(logits, temperature=1.0)``: a stable softmax along the last axis.

    ``func`` is called as ``func(logits)`` and as ``func(logits, temperature)`` with logits
    of shape (K,) and (N, K). Prints feedback and returns a truthy
    :class:`~gru_lab.exercises.Feedback` when every case passes.
    """
    f = _quiet(func) if callable(func) else func
    return run_check(MESSAGES["softmax"], f, _softmax_cases(), verbose=verbose)


def _sigmoid_cases() -> list[Case]:
    values = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    large = np.array([-1000.0, 1000.0])

    def case(a, what, hint_key):
        expected = sigmoid(a)
        expected = float(expected) if np.ndim(expected) == 0 else expected
        return Case(args=(a,), expected=expected, hint=MESSAGES[hint_key],
                    describe=MESSAGES[what], diagnose=_diagnose([
                        (sigmoid(-np.asarray(a)), "hint_sg_sign"),
                        (np.tanh(a), "hint_sg_tanh"),
                    ]))

    return [case(0.0, "sg_zero", "hint_sg_default"),
            case(values, "sg_values", "hint_sg_default"),
            case(large, "sg_large", "hint_sg_overflow")]


@speaks_every_language
def check_sigmoid(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(a)``: the logistic sigmoid, elementwise, finite for a = ±1000."""
    f = _quiet(func) if callable(func) else func
    return run_check(MESSAGES["sigmoid"], f, _sigmoid_cases(), verbose=verbose)
