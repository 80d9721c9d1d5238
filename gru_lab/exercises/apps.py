"""Exercise checks for the applications part.

* ``check_running_positive(func)`` (sentiment): ``func(h, v, c)`` gives P(positive) after
  every word, σ(h_t · v + c) for each row h_t of ``h`` (T, H): shape (T,).
* ``check_step_nll(func)`` (music): ``func(y_hat, y)`` gives the negative log-likelihood of
  one piano-roll step, −Σ_k [y_k log ŷ_k + (1 − y_k) log(1 − ŷ_k)], summed over the keys.
* ``check_textgen_ablation(prediction, results)`` and ``check_sentiment_ablation(prediction,
  results)`` (text generation, sentiment): the reader predicts what clamping a gate costs a
  trained GRU *before* running the ablation; the check compares the prediction with the
  results the page computed (``gru_lab.apps.char_gate_ablation``,
  ``gru_lab.apps.sentiment_gate_ablation``) and says, with the numbers, what happened.

Typical mistakes get a specific hint (only the last state, no sigmoid, an average instead of
a sum, a missing term). Every reader-facing word is in ``MESSAGES``.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..i18n import Messages
from ._core import MESSAGES as CORE_MESSAGES
from ._core import Case, Feedback, _finish, match_mistakes, run_check, speaks_every_language

__all__ = ["MESSAGES", "check_running_positive", "check_step_nll", "ABLATION_CHOICES",
           "check_textgen_ablation", "check_sentiment_ablation"]

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
    # gate ablation (text generation and sentiment pages)
    "textgen_ablation": "check_textgen_ablation",
    "sentiment_ablation": "check_sentiment_ablation",
    "abl_not_dict": "❌ {name}: write your prediction first, as a dict such as {example}; "
                    "got {got}.",
    "abl_missing": "❌ {name}: your prediction has no {key!r}: write it down before you look "
                   "at the results ({example}).",
    "abl_empty": "❌ {name}: prediction[{key!r}] is still None: write down what you expect "
                 "before you run the ablation.",
    "abl_choice": "❌ {name}: prediction[{key!r}] must be one of {choices}; got {got!r}.",
    "abl_number": "❌ {name}: prediction[{key!r}] must be a number of accuracy points "
                  "(e.g. 5 for five points); got {got!r}.",
    "abl_header_pass": "✅ {name}: your prediction matches what the model did.",
    "abl_header_fail": "❌ {name}: part of your prediction differs from what the model did "
                       "(that is what the experiment is for).",
    "abl_right": "   right:    {text}",
    "abl_wrong": "   differs:  {text}",
    "abl_hint": "   why:      {hint}",
    "abl_values": "{clamp}: {value}",
    "abl_ppl": "perplexity {value:.2f}",
    "abl_acc": "{value:.1f}%",
    "abl_lag": "{value} steps",
    "abl_hurts_ppl": "you expected {pred} to raise the held-out perplexity most; the most "
                     "harmful of {choices} is {got} (as trained {base:.2f}; {values}).",
    "abl_hurts_acc": "you expected {pred} to cost the most accuracy; the most harmful of "
                     "{choices} is {got} (as trained {base:.1f}%; {values}).",
    "abl_further": "you expected {pred} to make the model look further back than as trained; "
                   "measured (as trained {base} steps): {values}, so the answer is {got}.",
    "abl_points": "you expected z = 0.5 to cost {pred:.1f} accuracy points; it cost "
                  "{got:.1f} ({base:.1f}% → {ablated:.1f}%; within {tol:g} points counts as "
                  "right).",
    "abl_none": "none",
    "abl_or": " or ",
    "why_z_half": "z = 0.5 mixes the old state and the candidate half and half at every "
                  "step: the state still follows the input, but forgets half of it at every "
                  "step, whatever the text says.",
    "why_z_one": "z = 1 replaces the state by the candidate at every step: the only memory "
                 "left runs through the candidate's r ⊙ h_{t−1} term, as in a vanilla RNN.",
    "why_r_one": "r = 1 opens the reset gate for good: the candidate always sees all of "
                 "h_{t−1}, so the units can no longer leave out the parts of the state that "
                 "do not fit the new input, which the trained weights counted on.",
    "why_further": "Connectivity measures how much a prediction depends on old inputs, not "
                   "whether that helps: a clamp can make the model look further back and "
                   "still predict worse.",
    "why_points": "With z = 0.5 the state keeps half of itself at every word, so it holds "
                  "mostly the last few words; ask how much of a review's verdict those words "
                  "carry, and compare with z = 0, which never reads the review at all.",
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
    # gate ablation (text generation and sentiment pages)
    "textgen_ablation": "check_textgen_ablation",
    "sentiment_ablation": "check_sentiment_ablation",
    "abl_not_dict": "❌ {name}：请先写下你的预测，写成一个字典，例如 {example}；实际得到 {got}。",
    "abl_missing": "❌ {name}：你的预测里没有 {key!r}：请在看结果之前先写下它（{example}）。",
    "abl_empty": "❌ {name}：prediction[{key!r}] 仍然是 None：运行消融实验之前，请先写下你的预期。",
    "abl_choice": "❌ {name}：prediction[{key!r}] 必须是 {choices} 之一；实际为 {got!r}。",
    "abl_number": "❌ {name}：prediction[{key!r}] 必须是准确率下降的百分点数"
                  "（例如 5 表示 5 个百分点）；实际为 {got!r}。",
    "abl_header_pass": "✅ {name}：你的预测与模型的实际表现一致。",
    "abl_header_fail": "❌ {name}：你的预测有一部分与模型的实际表现不同"
                       "（这正是做这个实验的意义）。",
    "abl_right": "   正确：    {text}",
    "abl_wrong": "   不同：    {text}",
    "abl_hint": "   原因：    {hint}",
    "abl_values": "{clamp}：{value}",
    "abl_ppl": "困惑度 {value:.2f}",
    "abl_acc": "{value:.1f}%",
    "abl_lag": "{value} 个时间步",
    "abl_hurts_ppl": "你预期 {pred} 使留出文本上的困惑度升得最多；在 {choices} 中危害最大的是 "
                     "{got}（训练所得的模型为 {base:.2f}；{values}）。",
    "abl_hurts_acc": "你预期 {pred} 使准确率损失最多；在 {choices} 中危害最大的是 {got}"
                     "（训练所得的模型为 {base:.1f}%；{values}）。",
    "abl_further": "你预期 {pred} 让模型比训练所得的模型看得更远；实测结果（训练所得的模型为 "
                   "{base} 个时间步）：{values}，所以答案是 {got}。",
    "abl_points": "你预期 z = 0.5 使准确率下降 {pred:.1f} 个百分点；实际下降了 {got:.1f} 个"
                  "（{base:.1f}% → {ablated:.1f}%；相差不超过 {tol:g} 个百分点即算正确）。",
    "abl_none": "都不会",
    "abl_or": " 或 ",
    "why_z_half": "z = 0.5 在每个时间步都把旧状态和候选隐状态各取一半：状态仍然跟随输入，"
                  "但不管文本说了什么，每一步都会忘掉一半。",
    "why_z_one": "z = 1 在每个时间步都用候选隐状态取代状态：剩下的记忆只能经由候选隐状态中的 "
                 "r ⊙ h_{t−1} 项传递，就像普通循环神经网络一样。",
    "why_r_one": "r = 1 让重置门一直完全打开：候选隐状态总能看到整个 h_{t−1}，于是各单元再也无法"
                 "略去状态中与新输入不相符的部分，而训练得到的权重恰恰依赖于这一点。",
    "why_further": "连接度衡量的是预测在多大程度上依赖较早的输入，而不是这种依赖是否有帮助："
                   "一种钳制可以让模型看得更远，同时预测得更差。",
    "why_points": "当 z = 0.5 时，状态在每个词上只保留自身的一半，所以它主要记住最后几个词；"
                  "想一想一条评论的结论有多少落在这几个词上，再和 z = 0 比较，后者根本不读评论。",
})

#: The clamps a reader chooses among (the names of ``gru_lab.apps.GATE_CLAMPS``; z = 0, which
#: never lets the input in, and the model as trained, "—", are the table's anchors).
ABLATION_CHOICES = ("z = 0.5", "z = 1", "r = 1")
_WHY = {"z = 0.5": "why_z_half", "z = 1": "why_z_one", "r = 1": "why_r_one"}
_BASE = "—"
_TEXTGEN_EXAMPLE = "{'hurts_most': 'z = 1', 'looks_further': 'none'}"
_SENTIMENT_EXAMPLE = "{'hurts_most': 'r = 1', 'points_lost_z_half': 5}"
_POINTS_TOL = 3.0


def _choices_text(extra=()) -> str:
    return ", ".join(repr(c) for c in (*ABLATION_CHOICES, *extra))


def _read_prediction(name, prediction, keys: dict, example: str):
    """``(values, None)`` or ``(None, Feedback)`` when the prediction is not usable.
    ``keys``: ``{key: allowed choices, or None for a number}``."""
    if not isinstance(prediction, dict):
        msg = MESSAGES["abl_not_dict"].format(name=name, example=example,
                                              got=type(prediction).__name__)
        return None, Feedback(name, False, msg, [msg], kind="none" if prediction is None
                              else "type", case=1)
    out = {}
    for i, (key, choices) in enumerate(keys.items(), start=1):
        if key not in prediction:
            msg = MESSAGES["abl_missing"].format(name=name, key=key, example=example)
            return None, Feedback(name, False, msg, [msg], kind="type", case=i)
        value = prediction[key]
        if value is None:
            msg = MESSAGES["abl_empty"].format(name=name, key=key)
            return None, Feedback(name, False, msg, [msg], kind="none", case=i)
        if choices is None:
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                                 np.floating)):
                msg = MESSAGES["abl_number"].format(name=name, key=key, got=value)
                return None, Feedback(name, False, msg, [msg], kind="type", case=i)
            out[key] = float(value)
        else:
            if value not in choices:
                msg = MESSAGES["abl_choice"].format(name=name, key=key, got=value,
                                                    choices=", ".join(map(repr, choices)))
                return None, Feedback(name, False, msg, [msg], kind="values", case=i)
            out[key] = value
    return out, None


def _report(name, parts, verbose) -> Feedback:
    """``parts``: ``[(right, text, hint key), ...]`` → one Feedback listing every answer."""
    passed = all(right for right, _, _ in parts)
    lines = [MESSAGES["abl_header_pass" if passed else "abl_header_fail"].format(name=name)]
    hints = []
    for right, text, why in parts:
        lines.append(MESSAGES["abl_right" if right else "abl_wrong"].format(text=text))
        if not right:
            hints.append(MESSAGES[why])
            lines.append(MESSAGES["abl_hint"].format(hint=MESSAGES[why]))
    message = "\n".join(lines)
    wrong = [i for i, (right, _, _) in enumerate(parts, start=1) if not right]
    return _finish(Feedback(name, passed, message, [] if passed else [message],
                            kind="" if passed else "values", case=wrong[0] if wrong else 0,
                            hint=" ".join(hints)), verbose)


def _guarded(name, verbose, body) -> Feedback:
    try:
        return body()
    except Exception as err:  # the results given are not what the page computes: a bug
        msg = CORE_MESSAGES["check_raised"].format(name=name, etype=type(err).__name__,
                                                   error=err)
        return _finish(Feedback(name, False, msg, [msg], kind="check_raised"), verbose)


@speaks_every_language
def check_textgen_ablation(prediction, results, *, verbose: bool = True) -> Feedback:
    """Compare a reader's prediction with the character GRU's ablation (text generation).

    ``prediction``: ``{"hurts_most": one of ABLATION_CHOICES, "looks_further": one of
    ABLATION_CHOICES or "none"}``: which clamp raises the held-out perplexity most, and
    which (if any) makes the model look further back than as trained. ``results``: what
    ``gru_lab.apps.char_gate_ablation`` returned (``perplexity`` and ``look_back`` per clamp).
    Returns a :class:`Feedback` (passed when both answers match).
    """
    name = MESSAGES["textgen_ablation"]
    none = MESSAGES["abl_none"]
    pred, bad = _read_prediction(name, prediction, {
        "hurts_most": ABLATION_CHOICES, "looks_further": (*ABLATION_CHOICES, none)},
        _TEXTGEN_EXAMPLE)
    if bad is not None:
        return _finish(bad, verbose)

    def body():
        ppl = {c: float(results[c]["perplexity"]) for c in ABLATION_CHOICES}
        lag = {c: int(results[c]["look_back"]) for c in ABLATION_CHOICES}
        base_lag = int(results[_BASE]["look_back"])
        worst = max(ppl, key=ppl.get)
        further = [c for c in ABLATION_CHOICES if lag[c] > base_lag]
        values = "; ".join(MESSAGES["abl_values"].format(
            clamp=c, value=MESSAGES["abl_ppl"].format(value=ppl[c])) for c in ppl)
        lags = "; ".join(MESSAGES["abl_values"].format(
            clamp=c, value=MESSAGES["abl_lag"].format(value=lag[c])) for c in lag)
        hurts = MESSAGES["abl_hurts_ppl"].format(
            pred=pred["hurts_most"], choices=_choices_text(), got=worst,
            base=float(results[_BASE]["perplexity"]), values=values)
        got_further = MESSAGES["abl_or"].join(further) if further else none
        right_further = (pred["looks_further"] in further if further
                         else pred["looks_further"] == none)
        further_text = MESSAGES["abl_further"].format(pred=pred["looks_further"], base=base_lag,
                                                      values=lags, got=got_further)
        return _report(name, [(pred["hurts_most"] == worst, hurts, _WHY[worst]),
                              (right_further, further_text, "why_further")], verbose)

    return _guarded(name, verbose, body)


@speaks_every_language
def check_sentiment_ablation(prediction, results, *, verbose: bool = True) -> Feedback:
    """Compare a reader's prediction with the sentiment GRU's ablation (sentiment page).

    ``prediction``: ``{"hurts_most": one of ABLATION_CHOICES, "points_lost_z_half": a
    number}``: which clamp costs the most test accuracy, and how many accuracy points
    clamping z to 0.5 costs (right within 3 points). ``results``: what
    ``gru_lab.apps.sentiment_gate_ablation`` returned (``accuracy`` per clamp, a share in
    [0, 1]). Returns a :class:`Feedback` (passed when both answers match).
    """
    name = MESSAGES["sentiment_ablation"]
    pred, bad = _read_prediction(name, prediction, {
        "hurts_most": ABLATION_CHOICES, "points_lost_z_half": None}, _SENTIMENT_EXAMPLE)
    if bad is not None:
        return _finish(bad, verbose)

    def body():
        acc = {c: 100 * float(results[c]["accuracy"]) for c in ABLATION_CHOICES}
        base = 100 * float(results[_BASE]["accuracy"])
        worst = min(acc, key=acc.get)
        values = "; ".join(MESSAGES["abl_values"].format(
            clamp=c, value=MESSAGES["abl_acc"].format(value=acc[c])) for c in acc)
        hurts = MESSAGES["abl_hurts_acc"].format(pred=pred["hurts_most"],
                                                 choices=_choices_text(), got=worst,
                                                 base=base, values=values)
        lost = base - acc["z = 0.5"]
        points = MESSAGES["abl_points"].format(pred=pred["points_lost_z_half"], got=lost,
                                               base=base, ablated=acc["z = 0.5"],
                                               tol=_POINTS_TOL)
        close = abs(pred["points_lost_z_half"] - lost) <= _POINTS_TOL
        return _report(name, [(pred["hurts_most"] == worst, hurts, _WHY[worst]),
                              (close, points, "why_points")], verbose)

    return _guarded(name, verbose, body)


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


@speaks_every_language
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


@speaks_every_language
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
