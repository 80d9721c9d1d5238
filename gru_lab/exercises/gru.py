"""Exercise checks for chapter 2, "The GRU's gates".

:func:`check_gru_step` runs a student's one-step GRU, written in the book's convention
(equations ``gru-z``, ``gru-r``, ``gru-cand`` and ``gru-h``: reset *before* the product and
h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ ĥ_t), on small cases and recognises the typical mistakes:
Keras's z convention, the reset applied after the product, a missing bias, no reset at all,
the activations swapped, the whole tuple returned instead of h_t, a wrong shape.

The wrong variants below exist only to recognise mistakes; the reference is
:func:`gru_lab.gru_step`. All reader-facing words are in ``MESSAGES``, in English and Chinese.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..gru import GRUParams, gru_step
from ..i18n import Messages
from ._core import Case, run_check

__all__ = ["MESSAGES", "check_gru_step"]

MESSAGES = Messages(en={
    "name": "check_gru_step",
    "describe": "{fname}(x_t, h_prev, p) with D = {D}, H = {H}, x_t = {x}, h_prev = {h}, "
                "every weight and bias of p non-zero",
    "hint": "write the four equations (gru-z), (gru-r), (gru-cand) and (gru-h) one line each, "
            "and return h_t only. In the code vectors are rows: x_t has shape (D,) and W_z has "
            "shape (D, H), so the input's contribution to a gate has shape (H,), and so has "
            "the previous state's.",
    "keras_z": "your h_t gives the old state the weight z and the candidate the weight 1 − z: "
               "that is the convention of Keras and PyTorch (their z is 1 − ours). Compare "
               "your last line with equation (gru-h) of this book.",
    "reset_after": "your candidate multiplies r by the product of h_prev and U_h: the reset "
                   "is applied AFTER the matrix product (Keras's default). This book's equation "
                   "(gru-cand) resets h_prev first and then multiplies by U_h.",
    "no_reset": "your candidate uses h_prev without the reset gate: r_t never enters. Look at "
                "where r_t appears in equation (gru-cand).",
    "no_bias": "your result equals a GRU with {which} left out. Every pre-activation has a "
               "bias: look at the last term inside σ(·) or tanh(·) in the equation.",
    "swapped_act": "your gates and candidate use the wrong squashing functions: the gates z "
                   "and r go through σ (values in (0, 1)), the candidate through tanh.",
    "no_update": "your h_t equals the candidate ĥ_t: the update gate must mix the old state "
                 "and the candidate, equation (gru-h).",
    "returns_tuple": "you returned several arrays (like gru_lab.gru_step does). This check "
                     "wants h_t only, an array of shape (H,).",
    "shape": "your result has {size} numbers, as it should, but shape {got}; return an array "
             "of shape ({H},) (one sequence, no batch axis).",
    "transposed": "your result matches a GRU whose recurrent matrices are transposed. In "
                  "this book's code vectors are rows, so the state multiplies U_z, U_r and U_h "
                  "from the left, as the input multiplies W_z.",
    # what {which} of "no_bias" names
    "bias_b_z": "the update gate's bias b_z",
    "bias_b_r": "the reset gate's bias b_r",
    "bias_b_h": "the candidate's bias b_h",
}, zh={
    "name": "check_gru_step",
    "describe": "{fname}(x_t, h_prev, p)，其中 D = {D}，H = {H}，x_t = {x}，h_prev = {h}，"
                "p 的每个权重和偏置都不为零",
    "hint": "把四个公式 (gru-z)、(gru-r)、(gru-cand) 和 (gru-h) 各写成一行，"
            "并且只返回 h_t。代码中的向量是行向量：x_t 的形状为 (D,)，W_z 的形状为 (D, H)，"
            "所以输入对一个门的贡献的形状为 (H,)，上一个隐状态的贡献也是如此。",
    "keras_z": "你的 h_t 给旧的隐状态的权重是 z，给候选隐状态的权重是 1 − z："
               "这是 Keras 和 PyTorch 的约定（它们的 z 是我们的 1 − z）。"
               "请把你的最后一行与本书的公式 (gru-h) 对照一下。",
    "reset_after": "你的候选隐状态用 r 去乘 h_prev 与 U_h 的乘积：重置门是在矩阵乘积之后"
                   "才应用的（这是 Keras 的默认做法）。本书的公式 (gru-cand) "
                   "先重置 h_prev，再乘以 U_h。",
    "no_reset": "你的候选隐状态直接使用了 h_prev，没有经过重置门：r_t 根本没有参与计算。"
                "请看看 r_t 在公式 (gru-cand) 中出现在哪里。",
    "no_bias": "你的结果等于去掉了{which} 的 GRU。每个激活前的量都有一个偏置："
               "请看公式中 σ(·) 或 tanh(·) 括号内的最后一项。",
    "swapped_act": "你的门和候选隐状态用错了激活函数：更新门 z 和重置门 r 要经过 σ"
                   "（取值在 (0, 1) 内），候选隐状态要经过 tanh。",
    "no_update": "你的 h_t 等于候选隐状态 ĥ_t：更新门应当把旧的隐状态和候选隐状态"
                 "混合起来，见公式 (gru-h)。",
    "returns_tuple": "你返回了多个数组（就像 gru_lab.gru_step 那样）。"
                     "这个检查只要 h_t，即一个形状为 (H,) 的数组。",
    "shape": "你的结果有 {size} 个数，个数没错，但形状是 {got}；"
             "请返回形状为 ({H},) 的数组（单个序列，没有批量维）。",
    "transposed": "你的结果与循环权重矩阵被转置了的 GRU 一致。本书代码中的向量是行向量，"
                  "所以隐状态从左边乘 U_z、U_r 和 U_h，就像输入从左边乘 W_z 一样。",
    "bias_b_z": "更新门的偏置 b_z",
    "bias_b_r": "重置门的偏置 b_r",
    "bias_b_h": "候选隐状态的偏置 b_h",
})

_BIASES = ("b_z", "b_r", "b_h")


def _variants(x_t, h_prev, p: GRUParams) -> dict[str, np.ndarray]:
    """The typical wrong answers, each keyed by the MESSAGES entry that explains it."""
    def step(p, *, flip=False, after=False, reset=True, act=(sigmoid, np.tanh),
             update=True, transpose=False):
        gate, cand = act
        U = {k: (getattr(p, k).T if transpose else getattr(p, k)) for k in ("U_z", "U_r", "U_h")}
        z = gate(x_t @ p.W_z + h_prev @ U["U_z"] + p.b_z)
        r = gate(x_t @ p.W_r + h_prev @ U["U_r"] + p.b_r) if reset else np.ones_like(h_prev)
        rec = r * (h_prev @ U["U_h"]) if after else (r * h_prev) @ U["U_h"]
        h_tilde = cand(x_t @ p.W_h + rec + p.b_h)
        if not update:
            return h_tilde
        return z * h_prev + (1 - z) * h_tilde if flip else (1 - z) * h_prev + z * h_tilde

    out = {
        "keras_z": step(p, flip=True),
        "reset_after": step(p, after=True),
        "no_reset": step(p, reset=False),
        "swapped_act": step(p, act=(np.tanh, sigmoid)),
        "no_update": step(p, update=False),
        "transposed": step(p, transpose=True),
    }
    for b in _BIASES:
        q = p.copy()
        getattr(q, b)[:] = 0.0
        out[f"no_bias:{b}"] = step(q)
    return out


def _diagnose(x_t, h_prev, p):
    variants = _variants(x_t, h_prev, p)
    H = p.hidden_size

    def diagnose(got):
        if isinstance(got, (tuple, list)) and len(got) in (2, 3, 4):
            return MESSAGES["returns_tuple"]
        try:
            arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return None
        if arr.size == H and arr.shape != (H,):
            return MESSAGES["shape"].format(size=arr.size, got=arr.shape, H=H)
        if arr.shape != (H,):
            return None
        for key, value in variants.items():
            if np.allclose(arr, value, atol=1e-9, rtol=1e-7):
                if key.startswith("no_bias:"):
                    which = MESSAGES["bias_" + key.split(":")[1]]
                    return MESSAGES["no_bias"].format(which=which)
                return MESSAGES[key]
        return None

    return diagnose


def _case_params(D, H, seed):
    """Small random weights, every bias non-zero, so each mistake changes the result."""
    rng = np.random.default_rng(seed)
    arrays = {n: rng.normal(scale=0.8, size=(D, H)) for n in ("W_z", "W_r", "W_h")}
    arrays.update({n: rng.normal(scale=0.8, size=(H, H)) for n in ("U_z", "U_r", "U_h")})
    arrays.update({n: rng.uniform(0.3, 1.0, size=H) * rng.choice([-1, 1], size=H)
                   for n in ("b_z", "b_r", "b_h")})
    x_t = rng.normal(size=D)
    h_prev = rng.uniform(-0.9, 0.9, size=H)
    return x_t, h_prev, GRUParams(**arrays)


def check_gru_step(func, *, verbose: bool = True):
    """Check ``func(x_t, h_prev, p) -> h_t``: one GRU step in this book's convention.

    ``x_t`` (D,), ``h_prev`` (H,), ``p`` a :class:`gru_lab.GRUParams` (reset before the
    product; read ``p.W_z``, ``p.U_z``, ``p.b_z``, ...). Prints and returns a ``Feedback``.
    """
    cases = []
    for D, H, seed in ((3, 2, 11), (2, 4, 12), (1, 3, 13)):
        x_t, h_prev, p = _case_params(D, H, seed)
        expected = gru_step(x_t, h_prev, p)[0]
        describe = MESSAGES["describe"].format(
            fname=getattr(func, "__name__", "f"), D=D, H=H,
            x=np.array2string(np.round(x_t, 3), separator=", "),
            h=np.array2string(np.round(h_prev, 3), separator=", "))
        cases.append(Case(args=(x_t, h_prev, p), expected=expected, hint=MESSAGES["hint"],
                          describe=describe, diagnose=_diagnose(x_t, h_prev, p),
                          atol=1e-8, rtol=1e-6, arg_names=("x_t", "h_prev", "p"),
                          result_name="h_t", shape_symbols="(H,)"))
    return run_check(MESSAGES["name"], func, cases, verbose=verbose)
