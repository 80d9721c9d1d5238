"""Exercise checks for chapter 2, "The GRU's gates".

:func:`check_gru_step` runs a student's one-step GRU, written in the book's convention
(equations ``gru-z``, ``gru-r``, ``gru-cand`` and ``gru-h``: reset *before* the product and
h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ ĥ_t), on small cases and recognises the typical mistakes:
Keras's z convention, the reset applied after the product, a missing bias, no reset at all,
the activations swapped, the whole tuple returned instead of h_t, a wrong shape.

:func:`check_frame_update` checks a number read off a diagram: the reader takes z_t, ĥ_t and
h_{t−1} of one unit from a frame of the GRU cell (:func:`gru_lab.plots.cell.gru_cell_frame`,
with h_t hidden) and predicts h_t by equation ``gru-h``; the check recognises the update gate
the wrong way round, the candidate or the old state taken whole, the reset gate read in place
of the update gate, and answers that are not one number.

The wrong variants below exist only to recognise mistakes; the reference is
:func:`gru_lab.gru_step`. All reader-facing words are in ``MESSAGES``, in English and Chinese.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..gru import GRUParams, gru_step
from ..gru_reference import gru_step_details
from ..i18n import Messages
from ._core import Case, run_check, speaks_every_language

__all__ = ["FRAME_SENTENCE", "FRAME_TOLERANCE", "MESSAGES", "chapter2_toy",
           "check_frame_update", "check_gru_step", "exercise_frame"]

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
    # check_frame_update (the frame of the GRU cell, chapter 2)
    "frame_name": "check_frame_update",
    "frame_describe": "your h_t for unit {number} (unit={unit} in the code, which counts from "
                      "0), read off the frame: "
                      "h_(t-1) = {h_prev:.3f}, z_t = {z:.3f}, h_tilde_t = {h_tilde:.3f}",
    "frame_hint": "h_t = (1 − z_t) ⊙ h_(t−1) + z_t ⊙ ĥ_t, equation (gru-h), for this one unit: "
                  "the state line keeps the fraction 1 − z_t of h_(t−1) and the candidate's "
                  "path brings the fraction z_t of ĥ_t; add the two. Values read to 3 decimals "
                  "are close enough.",
    "frame_type": "the answer must be one number, h_t of the unit in the frame (e.g. 0.25); "
                  "got {type}.",
    "frame_shape": "the answer must be one number, h_t of the unit in the frame, not an array "
                   "of several: the frame shows a single unit.",
    "frame_nan": "the answer must be a finite number, h_t of the unit in the frame (between "
                 "−1 and 1); got NaN or infinity.",
    "frame_type_problem": "not a number",
    "frame_shape_problem": "several numbers, not one",
    "frame_nan_problem": "not a finite number",
    "frame_wrong": "wrong value",
    "frame_hidden": "one number, h_t (not shown: read it off the frame)",
    "frame_keras_z": "you gave h_(t−1) the weight z_t and ĥ_t the weight 1 − z_t: that is "
                     "Keras's and PyTorch's convention (their z is 1 − ours). In the frame, "
                     "1 − z_t sits on the state line, next to h_(t−1).",
    "frame_candidate": "your h_t is the candidate ĥ_t itself: that would need z_t = 1. The "
                       "update gate lets in only the fraction z_t of the candidate; the rest "
                       "of h_t comes from h_(t−1) along the state line.",
    "frame_copy": "your h_t is h_(t−1) unchanged: that would need z_t = 0. The candidate's "
                  "path adds z_t ⊙ ĥ_t.",
    "frame_reset": "you used the reset gate r_t where the update gate z_t belongs. r_t only "
                   "scales h_(t−1) on its way into the candidate (gru-cand); the mix of "
                   "equation (gru-h) uses z_t.",
    "frame_no_keep": "you have the candidate's share z_t ⊙ ĥ_t but left out what the state "
                     "line keeps, (1 − z_t) ⊙ h_(t−1): the + node adds both.",
    "frame_no_write": "you have what the state line keeps, (1 − z_t) ⊙ h_(t−1), but left out "
                      "the candidate's share z_t ⊙ ĥ_t: the + node adds both.",
    "frame_sum": "you added h_(t−1) and ĥ_t without the gate: each is scaled first, by 1 − z_t "
                 "and by z_t.",
    "frame_unit": "unit must be an integer in [0, H) = [0, {H}); got {got!r}.",
    "frame_args": "check_frame_update needs x_t, h_prev, params and unit together (or none "
                  "of them, for chapter 2's exercise); missing: {missing}.",
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
    "frame_name": "check_frame_update",
    "frame_describe": "你从图中读出的第 {number} 个单元的 h_t"
                      "（代码中 unit={unit}，从 0 开始计数）：h_(t-1) = {h_prev:.3f}，"
                      "z_t = {z:.3f}，h_tilde_t = {h_tilde:.3f}",
    "frame_hint": "对这一个单元，h_t = (1 − z_t) ⊙ h_(t−1) + z_t ⊙ ĥ_t，即公式 (gru-h)："
                  "状态线保留 h_(t−1) 的 1 − z_t 部分，候选隐状态的通路带来 ĥ_t 的 z_t 部分；"
                  "把两者相加。读到小数点后 3 位就足够精确。",
    "frame_type": "答案必须是一个数，即图中这个单元的 h_t（例如 0.25）；实际为 {type}。",
    "frame_shape": "答案必须是一个数，即图中这个单元的 h_t，而不是由多个数组成的数组："
                   "图中只画了一个单元。",
    "frame_nan": "答案必须是一个有限的数，即图中这个单元的 h_t（介于 −1 和 1 之间）；"
                 "实际为 NaN 或无穷大。",
    "frame_type_problem": "不是一个数",
    "frame_shape_problem": "是多个数，而不是一个",
    "frame_nan_problem": "不是有限的数",
    "frame_wrong": "数值不对",
    "frame_hidden": "一个数 h_t（图中未给出：请从图中读出）",
    "frame_keras_z": "你给 h_(t−1) 的权重是 z_t，给 ĥ_t 的权重是 1 − z_t：这是 Keras 和 "
                     "PyTorch 的约定（它们的 z 是我们的 1 − z）。在图中，1 − z_t 位于状态线上，"
                     "紧挨着 h_(t−1)。",
    "frame_candidate": "你的 h_t 就是候选隐状态 ĥ_t 本身：那需要 z_t = 1。更新门只放进候选隐状态的 "
                       "z_t 部分；h_t 的其余部分沿状态线来自 h_(t−1)。",
    "frame_copy": "你的 h_t 就是原封不动的 h_(t−1)：那需要 z_t = 0。候选隐状态的通路还要加上 "
                  "z_t ⊙ ĥ_t。",
    "frame_reset": "你在该用更新门 z_t 的地方用了重置门 r_t。r_t 只在 h_(t−1) 进入候选隐状态时"
                   "对它进行缩放（gru-cand）；公式 (gru-h) 的混合用的是 z_t。",
    "frame_no_keep": "你算了候选隐状态的份额 z_t ⊙ ĥ_t，却漏掉了状态线保留的部分 "
                     "(1 − z_t) ⊙ h_(t−1)：加号节点把两者相加。",
    "frame_no_write": "你算了状态线保留的部分 (1 − z_t) ⊙ h_(t−1)，却漏掉了候选隐状态的份额 "
                      "z_t ⊙ ĥ_t：加号节点把两者相加。",
    "frame_sum": "你没有经过门就把 h_(t−1) 和 ĥ_t 直接相加：两者都要先缩放，"
                 "分别乘以 1 − z_t 和 z_t。",
    "frame_unit": "unit 必须是 [0, H) = [0, {H}) 中的整数；实际为 {got!r}。",
    "frame_args": "check_frame_update 需要同时给出 x_t、h_prev、params 和 unit"
                  "（或者都不给，用于第 2 章的练习）；缺少：{missing}。",
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


@speaks_every_language
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


def _frame_mistakes(hp, z, r, ht):
    """The typical wrong predictions of h_t from a frame, most specific first."""
    return [(z * hp + (1 - z) * ht, "frame_keras_z"), ((1 - r) * hp + r * ht, "frame_reset"),
            (ht, "frame_candidate"), (hp, "frame_copy"), (z * ht, "frame_no_keep"),
            ((1 - z) * hp, "frame_no_write"), (hp + ht, "frame_sum")]


class _Hidden:
    """Shown as the expected value: the answer itself is not printed (the reader predicts it)."""

    def __repr__(self) -> str:
        return MESSAGES["frame_hidden"]


def _one_number(got):
    """``got`` as a float, or the MESSAGES key saying why it is not one number."""
    if got is None or isinstance(got, (str, bytes, bool, np.bool_)):
        return "frame_type"
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return "frame_type"
    if arr.size != 1:
        return "frame_shape"
    value = float(arr.ravel()[0])
    return value if np.isfinite(value) else "frame_nan"


#: How close a prediction must be: the frame prints its values to 3 decimals.
FRAME_TOLERANCE = 2e-3


#: The sentence that chapter 2's toy GRU reads; 1 marks a word boundary (space, punctuation).
FRAME_SENTENCE = "Before we proceed any further, hear me speak."


def chapter2_toy() -> GRUParams:
    """Chapter 2's toy GRU, set by hand (section "A small GRU that reads a sentence"): D = 1
    (x_t = 1 at a word boundary), H = 2 (unit 1 a word-length meter, unit 2 a word counter)."""
    return GRUParams(W_z=[[4.0, 4.0]], U_z=np.zeros((2, 2)), b_z=[-1.0, -5.0],
                     W_r=[[-6.0, 0.0]], U_r=np.zeros((2, 2)), b_r=[3.0, 3.0],
                     W_h=[[-1.0, 1.0]], U_h=[[2.0, 0.0], [0.0, 1.0]], b_h=[1.0, 0.0])


def exercise_frame():
    """``(x_t, h_prev, params, unit)``: the step of chapter 2's exercise "Read a frame of the
    cell": the toy GRU at the comma of :data:`FRAME_SENTENCE`, unit 2 (``unit=1`` in the code).
    ``x_t`` (1,), ``h_prev`` (2,). The chapter draws the frame from its own toy GRU and checks
    that it is this one."""
    from ..gru import gru_forward

    toy = chapter2_toy()
    x = np.array([[0.0 if c.isalpha() else 1.0] for c in FRAME_SENTENCE])
    t = FRAME_SENTENCE.index(",")
    return x[t], gru_forward(x, toy).h[t - 1], toy, 1


@speaks_every_language
def check_frame_update(h_t, x_t=None, h_prev=None, params: GRUParams | None = None,
                       unit: int | None = None, *, verbose: bool = True):
    """Check ``h_t``, one number: the state of unit ``unit`` after the step from ``h_prev``
    with input ``x_t``, predicted from a frame of the GRU cell (chapter 2, equation gru-h).
    ``h_t`` may also be a function of no arguments that returns the number (the chapter's
    exercise cell defines one, so that an nbgrader assignment can hold the solution).

    ``x_t`` (D,), ``h_prev`` (H,) and ``params`` are the step the frame was drawn from
    (:func:`gru_lab.plots.cell.gru_cell_frame`); ``unit`` counts from 0. Leave all four out
    for the chapter's exercise, :func:`exercise_frame` (an nbgrader test cell passes only the
    answer). An answer within
    ``FRAME_TOLERANCE`` passes (the frame prints values to 3 decimals). The right value is
    never printed; a wrong one gets the hint of the mistake it matches. Prints and returns a
    ``Feedback``.
    """
    if x_t is None and h_prev is None and params is None and unit is None:
        x_t, h_prev, params, unit = exercise_frame()
    elif x_t is None or h_prev is None or params is None or unit is None:
        raise ValueError(MESSAGES["frame_args"].format(
            missing=[n for n, v in (("x_t", x_t), ("h_prev", h_prev), ("params", params),
                                    ("unit", unit)) if v is None]))
    d = gru_step_details(x_t, h_prev, params)
    H = d["h"].shape[-1]
    if isinstance(unit, bool) or not isinstance(unit, (int, np.integer)) or not 0 <= unit < H:
        raise ValueError(MESSAGES["frame_unit"].format(H=H, got=unit))
    hp = float(np.asarray(h_prev, dtype=float).reshape(-1)[unit])
    z, r, ht = (float(d[k][unit]) for k in ("z", "r", "h_tilde"))
    expected = float(d["h"][unit])
    # only the mistakes that the tolerance can tell from the right answer
    mistakes = [(v, k) for v, k in _frame_mistakes(hp, z, r, ht)
                if abs(v - expected) > 2.5 * FRAME_TOLERANCE]

    def compare(got):
        value = _one_number(got)
        if isinstance(value, str):
            return MESSAGES[value + "_problem"]
        return None if abs(value - expected) <= FRAME_TOLERANCE else MESSAGES["frame_wrong"]

    def diagnose(got):
        value = _one_number(got)
        if isinstance(value, str):
            return MESSAGES[value].format(type=type(got).__name__)
        for wrong, key in mistakes:
            if abs(value - wrong) <= FRAME_TOLERANCE:
                return MESSAGES[key]
        return None

    case = Case((), _Hidden(), MESSAGES["frame_hint"], diagnose=diagnose, compare=compare,
                describe=MESSAGES["frame_describe"].format(number=unit + 1, unit=unit, h_prev=hp,
                                                           z=z, h_tilde=ht),
                hints={"none": MESSAGES["frame_type"].format(type="None")})
    func = h_t if callable(h_t) else (lambda: h_t)
    return run_check(MESSAGES["frame_name"], func, [case], verbose=verbose)
