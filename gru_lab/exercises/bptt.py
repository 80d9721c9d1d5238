"""Exercise checks for chapter 4, "Training by backpropagation through time".

* ``check_gru_state_update_backward(func)``: one backward step through the state update
  h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ ĥ_t. ``func(dh, h_prev, z, h_tilde)`` returns
  ``(dh_prev, dz, dh_tilde)``: the parts of ∂L/∂h_t that flow to h_{t−1} (directly, through
  the 1 − z_t path only), to z_t and to ĥ_t.
* ``check_clip_grad_norm(func)``: ``func(grads, max_norm)`` returns a *new* dict of arrays,
  rescaled together so that their global norm is at most ``max_norm``.
* ``check_first_step_reached(func)``: ``func(t, k)`` returns the earliest step s (counted
  from 1) whose input x_s gets a gradient from the loss at step t under truncated BPTT with
  windows of k steps (steps 1 … k, k + 1 … 2k, …). The expected answers are read off
  :func:`gru_lab.truncated_bptt` itself, run on a small GRU.

Typical mistakes are recognised and get a specific hint: Keras's z convention, a sign error,
a forgotten term; clipping each array separately, clipping elementwise with ``np.clip``,
rescaling gradients that were already small, the norm summed instead of squared; a window
that slides with t, a step counted from 0, full BPTT. The hints
describe the symptom, never the code of the solution. All reader-facing words are in
``MESSAGES``, in English and Chinese (read when a check runs).
"""

from __future__ import annotations

import numpy as np

from ..i18n import Messages
from ._core import Case, Feedback, run_check, speaks_every_language

__all__ = ["MESSAGES", "check_gru_state_update_backward", "check_clip_grad_norm",
           "check_first_step_reached"]

MESSAGES = Messages(en={
    "update_name": "check_gru_state_update_backward",
    "update_describe": "{fname}(dh, h_prev, z, h_tilde) with {what}",
    "update_one": "one unit: dh = {dh}, h_prev = {hp}, z = {z}, h_tilde = {ht}",
    "update_vec": "H = {H} units (vectors of shape (H,))",
    "update_batch": "a batch: arrays of shape (B, H) = {shape}",
    "update_hint": "differentiate h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ ĥ_t with respect to each of "
                   "its three inputs, holding the other two fixed, and multiply each partial "
                   "derivative elementwise by dh. Return (dh_prev, dz, dh_tilde) in that order.",
    "update_keras": "your dh_prev and dh_tilde use the weights of Keras and PyTorch, where the "
                    "old state is kept with weight z. In this book the old state is kept with "
                    "weight 1 − z and the candidate enters with weight z: equation (gru-h).",
    "update_dz_sign": "your dz has the wrong sign. Increasing z moves h_t away from h_{t−1} and "
                      "towards ĥ_t: ∂h_t/∂z_t is positive exactly where ĥ_t is larger than "
                      "h_{t−1}.",
    "update_dz_missing": "your dz only has the candidate's part. z_t appears twice in the "
                         "update, once in the weight of ĥ_t and once in the weight of h_{t−1}; "
                         "both terms contribute to ∂h_t/∂z_t.",
    "update_dh_prev_full": "your dh_prev passes dh through unchanged. The old state reaches "
                           "h_t multiplied by a gate, so its share of the gradient is "
                           "multiplied by that gate too.",
    "update_order": "your three results are right but in a different order: return "
                    "(dh_prev, dz, dh_tilde).",
    "update_not_tuple": "return the three gradients as a tuple (dh_prev, dz, dh_tilde), each "
                        "with the shape of dh.",
    "clip_name": "check_clip_grad_norm",
    "clip_describe": "{fname}(grads, max_norm={max_norm}) with {what}",
    "clip_small": "gradients whose global norm is {norm:g}, below max_norm",
    "clip_large": "two arrays, W = [[3, -4]] and b = [12] (global norm {norm:g})",
    "clip_zero": "gradients that are all zero",
    "clip_many": "three arrays of shapes (2, 3), (3,) and (3, 3), global norm {norm:.3g}",
    "clip_hint": "compute one norm for all arrays together, ‖g‖ = sqrt(Σ over every entry of "
                 "every array of g²). If it exceeds max_norm, multiply every array by the same "
                 "factor max_norm / ‖g‖; otherwise return the arrays unchanged (as copies).",
    "clip_per_array": "you clipped each array on its own, by its own norm. The arrays must be "
                      "rescaled together, by one factor computed from the norm of all of them, "
                      "or the direction of the whole gradient changes.",
    "clip_elementwise": "you clipped each entry to [−max_norm, max_norm]. That bounds the "
                        "entries, not the norm, and it changes the gradient's direction. "
                        "Rescale whole arrays instead, all by the same factor.",
    "clip_always": "you rescaled gradients whose norm was already below max_norm, so they "
                   "grew. Clipping only shrinks: leave small gradients as they are.",
    "clip_always_zero": "all the gradients are zero, and your function divided by their norm, "
                        "which is 0 (numpy warned, or the result is NaN). Only rescale when "
                        "the norm exceeds max_norm.",
    "clip_sum_norms": "you divided by the sum of the arrays' norms. The global norm is the "
                      "square root of the sum of their squared norms (as if all the entries "
                      "were one long vector).",
    "clip_squared": "you divided by the squared norm; the factor is max_norm / ‖g‖, with ‖g‖ "
                    "the square root of the sum of squares.",
    "clip_returns_norm": "you returned a number. gru_lab's clip_grad_norm returns the norm "
                         "and changes the arrays in place; this exercise asks for a new dict "
                         "of clipped arrays (with the same keys) instead.",
    "clip_keys": "return a dict with the same keys as grads ({keys}), one clipped array each.",
    "reach_name": "check_first_step_reached",
    "reach_describe": "{fname}(t={t}, k={k}): the loss at step t, windows of k = {k} steps",
    "reach_hint": "the windows are fixed blocks: steps 1 … k, then k + 1 … 2k, and so on. The "
                  "gradient of the loss at step t flows back step by step until it reaches "
                  "the first step of the window that holds t; there the state is detached. "
                  "Which window holds step t, and where does it start?",
    "reach_sliding": "you counted k − 1 steps back from t, as if every loss had a window of its "
                     "own that ends at it. Here the windows are fixed blocks from step 1 "
                     "(1 … k, k + 1 … 2k, …): a loss early in its block reaches fewer steps "
                     "back. How many steps back does a window of k = 5 let the gradient of "
                     "step 6 reach?",
    "reach_k_back": "you went back k steps from t. A window of k steps holds t and at most "
                    "k − 1 steps before it; and the windows are fixed blocks from step 1, not "
                    "a window ending at t.",
    "reach_zero_based": "your answer is one less than the right one: the book counts steps "
                        "from 1 (x_1 is the first input, notation-steps). Python's index of "
                        "the step is what you returned.",
    "reach_at_boundary": "at the last step of a window (t = k, 2k, …) your answer lies after t, "
                         "but a loss never sends gradient to a later input. Step t = k is the "
                         "last step of the first window (1 … k), t = 2k the last of the second.",
    "reach_full": "that is full BPTT: every loss reaching back to x_1. With windows of k < T "
                  "steps the gradient stops at the first step of t's window, where the carried "
                  "state enters as a constant.",
    "reach_own_step": "only the loss's own step: but inside a window the gradient does flow "
                      "back through the states h_{t−1}, h_{t−2}, … to the window's first step.",
    "reach_not_int": "return one whole number, the step s counted from 1; got {type}.",
}, zh={
    "update_name": "check_gru_state_update_backward",
    "update_describe": "{fname}(dh, h_prev, z, h_tilde)，{what}",
    "update_one": "单个单元：dh = {dh}，h_prev = {hp}，z = {z}，h_tilde = {ht}",
    "update_vec": "H = {H} 个单元（形状为 (H,) 的向量）",
    "update_batch": "一个小批量：形状为 (B, H) = {shape} 的数组",
    "update_hint": "把 h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ ĥ_t 分别对它的三个输入求导，"
                   "求导时另外两个保持不变，再把每个偏导数与 dh 按元素相乘。"
                   "按 (dh_prev, dz, dh_tilde) 的顺序返回。",
    "update_keras": "你的 dh_prev 和 dh_tilde 用的是 Keras 和 PyTorch 的权重，"
                    "在那里旧的隐状态以权重 z 保留。本书中旧的隐状态以权重 1 − z 保留，"
                    "候选隐状态以权重 z 进入：见公式 (gru-h)。",
    "update_dz_sign": "你的 dz 符号反了。增大 z 会使 h_t 离开 h_{t−1}、靠近 ĥ_t："
                      "恰好在 ĥ_t 大于 h_{t−1} 的地方，∂h_t/∂z_t 为正。",
    "update_dz_missing": "你的 dz 只包含候选隐状态那一部分。z_t 在更新中出现了两次，"
                         "一次在 ĥ_t 的权重中，一次在 h_{t−1} 的权重中；"
                         "两项都对 ∂h_t/∂z_t 有贡献。",
    "update_dh_prev_full": "你的 dh_prev 把 dh 原样传了回去。旧的隐状态乘以一个门之后"
                           "才到达 h_t，所以它分到的梯度也要乘以这个门。",
    "update_order": "你的三个结果都对，但顺序不对：请返回 (dh_prev, dz, dh_tilde)。",
    "update_not_tuple": "请把三个梯度作为一个元组 (dh_prev, dz, dh_tilde) 返回，"
                        "每个的形状都与 dh 相同。",
    "clip_name": "check_clip_grad_norm",
    "clip_describe": "{fname}(grads, max_norm={max_norm})，{what}",
    "clip_small": "全局范数为 {norm:g} 的梯度，小于 max_norm",
    "clip_large": "两个数组，W = [[3, -4]] 和 b = [12]（全局范数为 {norm:g}）",
    "clip_zero": "全为零的梯度",
    "clip_many": "形状分别为 (2, 3)、(3,) 和 (3, 3) 的三个数组，全局范数为 {norm:.3g}",
    "clip_hint": "对所有数组一起计算一个范数，‖g‖ = sqrt(对每个数组的每个元素求 g² 之和)。"
                 "如果它超过 max_norm，就把每个数组都乘以同一个因子 max_norm / ‖g‖；"
                 "否则原样返回这些数组（返回副本）。",
    "clip_per_array": "你对每个数组分别按它自己的范数进行了裁剪。这些数组必须一起缩放，"
                      "用同一个由全部数组的范数算出的因子，否则整个梯度的方向就变了。",
    "clip_elementwise": "你把每个元素裁剪到了 [−max_norm, max_norm] 内。这限制的是元素，"
                        "而不是范数，并且会改变梯度的方向。请改为整体缩放数组，"
                        "所有数组都乘以同一个因子。",
    "clip_always": "你缩放了范数本来就小于 max_norm 的梯度，结果它们变大了。"
                   "梯度裁剪只会缩小梯度：小的梯度应保持原样。",
    "clip_always_zero": "所有梯度都为零，而你的函数除以了它们的范数，即 0"
                        "（numpy 发出了警告，或者结果为 NaN）。"
                        "只有当范数超过 max_norm 时才需要缩放。",
    "clip_sum_norms": "你除以的是各数组范数之和。全局范数是各数组范数平方和的平方根"
                      "（就好像所有元素排成了一个长向量）。",
    "clip_squared": "你除以的是范数的平方；缩放因子是 max_norm / ‖g‖，"
                    "其中 ‖g‖ 是平方和的平方根。",
    "clip_returns_norm": "你返回了一个数。gru_lab 的 clip_grad_norm 返回范数并原地修改数组；"
                         "而这道练习要求返回一个新的字典，里面是裁剪后的数组（键保持不变）。",
    "clip_keys": "请返回一个与 grads 键相同（{keys}）的字典，每个键对应一个裁剪后的数组。",
    "reach_name": "check_first_step_reached",
    "reach_describe": "{fname}(t={t}, k={k})：第 t 步的损失，窗口长 k = {k} 个时间步",
    "reach_hint": "窗口是固定的块：第 1 … k 步，然后是第 k + 1 … 2k 步，依此类推。第 t 步的损失的"
                  "梯度一步一步往回传，直到包含 t 的那个窗口的第一步；在那里状态被截断（detach）。"
                  "第 t 步落在哪个窗口里？这个窗口从哪一步开始？",
    "reach_sliding": "你从 t 往回数了 k − 1 步，好像每个损失都有一个以它结尾的窗口。这里的窗口是"
                     "从第 1 步开始的固定块（1 … k，k + 1 … 2k，…）：位于块中靠前位置的损失，"
                     "梯度能往回传的步数更少。窗口长 k = 5 时，第 6 步的梯度能往回传多少步？",
    "reach_k_back": "你从 t 往回走了 k 步。一个长 k 步的窗口包含 t 以及它之前最多 k − 1 步；"
                    "而且窗口是从第 1 步开始的固定块，而不是以 t 结尾的窗口。",
    "reach_zero_based": "你的答案比正确答案少 1：本书从 1 开始给时间步计数（x_1 是第一个输入，"
                        "见 notation-steps）。你返回的是这一步在 Python 中的下标。",
    "reach_at_boundary": "在窗口的最后一步（t = k, 2k, …），你的答案落在 t 之后，但损失从不把梯度"
                         "传给更晚的输入。t = k 是第一个窗口（1 … k）的最后一步，"
                         "t = 2k 是第二个窗口的最后一步。",
    "reach_full": "这是完整的通过时间反向传播：每个损失都一直传回 x_1。窗口长 k < T 时，梯度停在 "
                  "t 所在窗口的第一步，携带过来的状态在那里作为常量进入。",
    "reach_own_step": "只有损失自己那一步：但在窗口内部，梯度确实会经过隐状态 h_{t−1}、"
                      "h_{t−2}、… 一直传回到窗口的第一步。",
    "reach_not_int": "请返回一个整数，即从 1 开始计数的时间步 s；实际为 {type}。",
})


# ---- the state update ------------------------------------------------------------------

def _update_reference(dh, h_prev, z, h_tilde):
    return dh * (1.0 - z), dh * (h_tilde - h_prev), dh * z


def _update_variants(dh, h_prev, z, h_tilde):
    dh_prev, dz, dh_tilde = _update_reference(dh, h_prev, z, h_tilde)
    return {
        "update_keras": (dh * z, dh * (h_prev - h_tilde), dh * (1.0 - z)),
        "update_keras_partial": (dh * z, dz, dh * (1.0 - z)),
        "update_dz_sign": (dh_prev, -dz, dh_tilde),
        "update_dz_missing": (dh_prev, dh * h_tilde, dh_tilde),
        "update_dz_missing_neg": (dh_prev, -dh * h_prev, dh_tilde),
        "update_dh_prev_full": (dh, dz, dh_tilde),
    }


def _update_diagnose(args):
    variants = _update_variants(*args)
    right = _update_reference(*args)

    def close(got, want):
        try:
            return all(np.allclose(np.asarray(g, dtype=float), w, atol=1e-9)
                       for g, w in zip(got, want, strict=True))
        except (TypeError, ValueError):
            return False

    def diagnose(got):
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            return MESSAGES["update_not_tuple"]
        for key, want in variants.items():
            if close(got, want):
                if key.startswith("update_keras"):
                    return MESSAGES["update_keras"]
                if key.startswith("update_dz_missing"):
                    return MESSAGES["update_dz_missing"]
                return MESSAGES[key]
        got = tuple(got)
        for perm in ((0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)):
            if close(tuple(got[i] for i in perm), right):
                return MESSAGES["update_order"]
        # a single wrong component: say which formula to look at
        for key, idx in (("update_dz_sign", 1), ("update_dh_prev_full", 0)):
            part = list(right)
            part[idx] = variants[key][idx]
            if close(got, part):
                return MESSAGES[key]
        return None

    return diagnose


def _update_cases() -> list[Case]:
    rng = np.random.default_rng(4)
    one_values = (1.5, -0.4, 0.3, 0.6)            # dh, h_prev, z, h_tilde
    one = tuple(np.array([v]) for v in one_values)
    H = 4
    vec = (rng.normal(size=H), rng.uniform(-0.9, 0.9, H), rng.uniform(0.05, 0.95, H),
           rng.uniform(-0.9, 0.9, H))
    shape = (3, 5)
    batch = (rng.normal(size=shape), rng.uniform(-0.9, 0.9, shape),
             rng.uniform(0.05, 0.95, shape), rng.uniform(-0.9, 0.9, shape))
    whats = [MESSAGES["update_one"].format(dh=one_values[0], hp=one_values[1],
                                           z=one_values[2], ht=one_values[3]),
             MESSAGES["update_vec"].format(H=H),
             MESSAGES["update_batch"].format(shape=shape)]
    cases = []
    for args, what in zip((one, vec, batch), whats, strict=True):
        cases.append(Case(
            args=args, expected=_update_reference(*args), hint=MESSAGES["update_hint"],
            describe=MESSAGES["update_describe"].format(fname="f", what=what),
            diagnose=_update_diagnose(args), arg_names=("dh", "h_prev", "z", "h_tilde"),
            result_name=("dh_prev", "dz", "dh_tilde"), atol=1e-8, rtol=1e-6))
    return cases


@speaks_every_language
def check_gru_state_update_backward(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(dh, h_prev, z, h_tilde) -> (dh_prev, dz, dh_tilde)``.

    The backward step of h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ ĥ_t (equation ``gru-h``), on
    one unit, on vectors of shape (H,) and on a batch (B, H). ``dh_prev`` is only the part
    that flows along the direct path through 1 − z_t. Prints feedback; returns a truthy
    :class:`~gru_lab.exercises.Feedback` when every case passes.
    """
    return run_check(MESSAGES["update_name"], func, _update_cases(), verbose=verbose)


# ---- clipping by the global norm -------------------------------------------------------

def _global_norm(grads: dict) -> float:
    return float(np.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values())))


def _clip_reference(grads: dict, max_norm: float) -> dict:
    norm = _global_norm(grads)
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: np.asarray(g, dtype=float) * scale for k, g in grads.items()}


def _clip_variants(grads: dict, max_norm: float) -> dict[str, dict]:
    norm = _global_norm(grads)
    norms = {k: float(np.linalg.norm(g)) for k, g in grads.items()}
    out = {
        "clip_per_array": {k: g * (max_norm / norms[k] if norms[k] > max_norm else 1.0)
                           for k, g in grads.items()},
        "clip_elementwise": {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()},
    }
    if norm > 0:
        out["clip_always"] = {k: g * (max_norm / norm) for k, g in grads.items()}
        total = sum(norms.values())
        if total > max_norm:
            out["clip_sum_norms"] = {k: g * (max_norm / total) for k, g in grads.items()}
        if norm ** 2 > max_norm:
            out["clip_squared"] = {k: g * (max_norm / norm ** 2) for k, g in grads.items()}
    return out


def _clip_diagnose(grads: dict, max_norm: float):
    variants = _clip_variants(grads, max_norm)
    right = _clip_reference(grads, max_norm)
    all_zero = _global_norm(grads) == 0.0

    def diagnose(got):
        if np.isscalar(got) or (isinstance(got, np.ndarray) and got.ndim == 0):
            return MESSAGES["clip_returns_norm"]
        if not isinstance(got, dict):
            return None
        if set(got) != set(grads):
            return MESSAGES["clip_keys"].format(keys=", ".join(map(repr, grads)))
        try:
            arrays = {k: np.asarray(v, dtype=float) for k, v in got.items()}
        except (TypeError, ValueError):
            return None
        if all_zero and not all(np.all(np.isfinite(a)) for a in arrays.values()):
            return MESSAGES["clip_always_zero"]
        for key, want in variants.items():
            if all(arrays[k].shape == want[k].shape and np.allclose(arrays[k], want[k])
                   for k in want) and not all(np.allclose(want[k], right[k]) for k in want):
                return MESSAGES[key]
        return None

    return diagnose


def _zero_hints() -> dict[str, str]:
    """The hints for all-zero gradients, in the language chosen when the check runs."""
    return {"nan": MESSAGES["clip_always_zero"], "warning": MESSAGES["clip_always_zero"]}


def _clip_case(grads: dict, max_norm: float, what: str) -> Case:
    return Case(args=(grads, max_norm), expected=_clip_reference(grads, max_norm),
                hint=MESSAGES["clip_hint"],
                describe=MESSAGES["clip_describe"].format(fname="f", max_norm=max_norm,
                                                          what=what),
                diagnose=_clip_diagnose(grads, max_norm), arg_names=("grads", "max_norm"),
                hints=_zero_hints() if _global_norm(grads) == 0 else {}, atol=1e-9, rtol=1e-7)


def _clip_cases() -> list[Case]:
    small = {"W": np.array([[0.3, 0.0], [0.0, -0.4]]), "b": np.array([1.2])}
    large = {"W": np.array([[3.0, -4.0]]), "b": np.array([12.0])}
    zero = {"W": np.zeros((2, 2)), "b": np.zeros(2)}
    rng = np.random.default_rng(7)
    many = {"W_z": rng.normal(size=(2, 3)), "b_z": rng.normal(size=3),
            "U_z": rng.normal(size=(3, 3))}
    return [
        _clip_case(small, 5.0, MESSAGES["clip_small"].format(norm=_global_norm(small))),
        _clip_case(large, 2.6, MESSAGES["clip_large"].format(norm=_global_norm(large))),
        _clip_case(zero, 1.0, MESSAGES["clip_zero"]),
        _clip_case(many, 1.5, MESSAGES["clip_many"].format(norm=_global_norm(many))),
    ]


@speaks_every_language
def check_clip_grad_norm(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(grads, max_norm) -> dict``: clipping by the global norm.

    ``grads`` is a dict of arrays; the result must be a new dict with the same keys whose
    arrays are all multiplied by max_norm / ‖g‖ when the global norm ‖g‖ exceeds
    ``max_norm``, and unchanged otherwise; ``grads`` itself must not change. Prints feedback;
    returns a truthy :class:`~gru_lab.exercises.Feedback` when every case passes.
    """
    return run_check(MESSAGES["clip_name"], func, _clip_cases(), verbose=verbose)


# ---- truncated BPTT: how far back a loss reaches ---------------------------------------

_REACH_T = 12
_REACH_CASES = ((10, 4), (8, 4), (6, 5), (5, 5), (12, 4), (7, 1), (12, 12), (3, 12))


def _reach_from_library(t: int, k: int) -> int:
    """The earliest step (from 1) whose input gets a nonzero gradient from the loss at step
    t, read off gru_lab.truncated_bptt on a small GRU of T = 12 steps."""
    from .. import gru_forward, truncated_bptt
    from ..gru import GRUParams

    p = GRUParams.init(2, 3, seed=0)
    x = np.random.default_rng(0).normal(size=(_REACH_T, 2))
    trace = gru_forward(x, p)
    dh = np.zeros_like(trace.h)
    dh[t - 1] = 1.0
    dx = truncated_bptt(trace, p, k, dh=dh).dx
    return int(np.flatnonzero(np.abs(dx).sum(axis=1))[0]) + 1


def _reach_mistakes(t: int, k: int) -> dict[int, str]:
    right = _reach_from_library(t, k)
    wrong = {
        max(1, t - k + 1): "reach_sliding",
        t - k: "reach_k_back",
        right - 1: "reach_zero_based",
        (t // k) * k + 1: "reach_at_boundary",
        1: "reach_full",
        t: "reach_own_step",
    }
    wrong.pop(right, None)
    return wrong


def _reach_diagnose(t: int, k: int):
    mistakes = _reach_mistakes(t, k)

    def diagnose(got):
        if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
            return MESSAGES["reach_not_int"].format(type=type(got).__name__)
        key = mistakes.get(int(got)) if float(got) == int(got) else None
        return MESSAGES[key] if key else None

    return diagnose


@speaks_every_language
def check_first_step_reached(func, *, verbose: bool = True) -> Feedback:
    """Check ``func(t, k) -> s``: the earliest step s (from 1) that the loss at step t reaches
    under truncated BPTT with windows of k steps from step 1 (chapter 4, ``bptt-windows``).

    The expected answers come from :func:`gru_lab.truncated_bptt` (the first input with a
    nonzero gradient), on T = 12 steps. Typical mistakes get a specific hint: a window that
    slides with t, k steps back instead of k − 1, a step counted from 0, the end of a window
    put in the next one, full BPTT (always 1), no recurrence (always t).
    """
    cases = [
        Case(args=(t, k), expected=_reach_from_library(t, k), hint=MESSAGES["reach_hint"],
             diagnose=_reach_diagnose(t, k), atol=0, rtol=0, arg_names=("t", "k"),
             result_name="s", describe=MESSAGES["reach_describe"].format(fname="f", t=t, k=k))
        for t, k in _REACH_CASES
    ]
    return run_check(MESSAGES["reach_name"], func, cases, verbose=verbose)
