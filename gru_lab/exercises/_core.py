"""The machinery behind every exercise check: run a student's function on prepared cases,
catch what goes wrong, and print specific, kind feedback without revealing the solution.

A check is a list of :class:`Case` objects. Each case calls the student's function with some
arguments and compares the result with the reference; when they differ, the feedback says
what input was tried, what was expected, what came back, and gives the case's hint.

What a case catches, in this order (the first problem found is reported, one at a time):

``raised``    the function raised an exception (its type and message are shown)
``none``      it returned ``None`` (a forgotten ``return``)
``type``      the result is not a number or an array (or not the expected tuple/dict/object)
``shape``     wrong shape, phrased in the book's symbols when the case gives them:
              ``z has shape (4,), expected (T, H) = (5, 4)``
``nan``       NaN or inf in the result, with the input value that produced it:
              ``your result is nan at index (0,), where x = -1000.0``
``values``    wrong numbers: the largest difference and where it is
``inplace``   the function changed one of its inputs in place
``warning``   numpy warned (overflow in exp, division by zero, ...): the warnings are captured
              and reported in the feedback instead of being printed in red under the cell

Checks are timeout-free by design: they call functions on small, prepared inputs; they never
execute strings and never load files, so they work the same on the website, in Binder, in
Colab and on a school's JupyterHub (only ``gru_lab`` needs to be importable).

Wording shown to readers lives in ``MESSAGES`` (one place per module), a
:class:`gru_lab.i18n.Messages` table in English and Chinese; every sentence is looked up when
the feedback is written, so :func:`gru_lab.set_language` applies to checks already defined.

Writing a check (in ``gru_lab/exercises/<chapter>.py``)::

    HINTS = {"sigmoid": "σ(a) = 1 / (1 + e^(−a)); apply it to every entry of the array."}

    def check_sigmoid(func):
        x = np.array([-2.0, 0.0, 3.0])
        return run_check("check_sigmoid", func, [
            Case((x,), gl.sigmoid(x), HINTS["sigmoid"], arg_names=("x",)),
        ])

Testing a check (in ``tests/test_exercises_<chapter>.py``): :func:`expect_pass` with the
reference solution, :func:`expect_fail` with each typical wrong answer and the words its
feedback must contain.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .. import i18n
from ..i18n import Messages

MESSAGES = Messages(en={
    "passed": "✅ {name}: all {n} checks passed.",
    "failed_header": "❌ {name}: check {i} of {n} failed.",
    "tried": "   tried:    {call}",
    "expected": "   expected: {expected}",
    "got": "   got:      {got}",
    "hint": "   hint:     {hint}",
    "problem": "   problem:  {problem}",
    "raised": "   your function raised {etype}: {error}",
    "not_callable": "❌ {name}: expected a function, got {type}. Pass the function itself "
                    "(no parentheses).",
    "shape": "an array of shape {shape}",
    "nan": "your result contains NaN or inf",
    "type": "expected a numpy array (or a number), got {type}",
    # added with the classroom kit
    "your_result": "your result",
    "none": "your function returned None: did it forget to `return` its result?",
    "shape_symbols": "{what} has shape {got}, expected {symbols} = {expected}",
    "shape_plain": "{what} has shape {got}, expected shape {expected}",
    "transposed": " (it looks transposed)",
    "nan_at": "{what} is {value} at index {index}",
    "nan_where": ", where {inputs}",
    "values": "wrong values in {what}: largest difference {diff:.3g} at index {index}",
    "values_where": " (where {inputs})",
    "wrong_value": "wrong value",
    "length": "expected {n} results ({names}), got {got}",
    "missing": "{what} is missing",
    "inplace": "your function changed its input {arg} in place",
    "inplace_hint": "work on a copy, or build a new array (e.g. `y = x * 2`, not `x *= 2`): "
                    "the caller still needs the original {arg}.",
    "warning": "numpy warned while computing it: {warnings}",
    "warning_hint": "a numerically stable version computes the same values without "
                    "warnings (no exp of a large positive number, no division by zero).",
    "warnings_also": "   numpy also warned: {warnings}",
    "argument": "argument {i}",
    "input": "the input",
    "check_raised": "❌ {name}: the check itself failed ({etype}: {error}). This is a bug in "
                    "the book, not in your code; please report it.",
    "starting": ", starting {start}",
    "result_i": "result {i}",
    "got_problem": "{got}  ({problem})",
}, zh={
    "passed": "✅ {name}：全部 {n} 项检查都通过了。",
    "failed_header": "❌ {name}：第 {i} 项检查（共 {n} 项）没有通过。",
    "tried": "   输入：{call}",
    "expected": "   期望：{expected}",
    "got": "   得到：{got}",
    "hint": "   提示：{hint}",
    "problem": "   问题：{problem}",
    "raised": "   你的函数抛出了 {etype}：{error}",
    "not_callable": "❌ {name}：这里需要一个函数，实际得到的是 {type}。请传入函数本身"
                    "（不要加括号）。",
    "shape": "形状为 {shape} 的数组",
    "nan": "你的结果中含有 NaN 或无穷大",
    "type": "应为 numpy 数组（或一个数），实际得到的是 {type}",
    # added with the classroom kit
    "your_result": "你的结果",
    "none": "你的函数返回了 None：是不是忘了用 `return` 返回结果？",
    "shape_symbols": "{what} 的形状为 {got}，应为 {symbols} = {expected}",
    "shape_plain": "{what} 的形状为 {got}，应为 {expected}",
    "transposed": "（看起来是转置了）",
    "nan_at": "{what} 在索引 {index} 处为 {value}",
    "nan_where": "，此时 {inputs}",
    "values": "{what} 的数值不对：最大差值为 {diff:.3g}，位于索引 {index}",
    "values_where": "，此时 {inputs}",
    "wrong_value": "数值不对",
    "length": "应返回 {n} 个结果（{names}），实际得到 {got}",
    "missing": "缺少 {what}",
    "inplace": "你的函数原地修改了它的输入 {arg}",
    "inplace_hint": "请在副本上操作，或者新建一个数组（例如写 `y = x * 2`，而不是 `x *= 2`）："
                    "调用者还需要原来的 {arg}。",
    "warning": "计算时 numpy 发出了警告：{warnings}",
    "warning_hint": "数值稳定的写法能算出同样的结果而不触发警告"
                    "（不对很大的正数求 exp，也不除以零）。",
    "warnings_also": "   numpy 还发出了警告：{warnings}",
    "argument": "第 {i} 个参数",
    "input": "输入",
    "check_raised": "❌ {name}：检查程序本身出错了（{etype}：{error}）。这是本书的错误，"
                    "不是你代码的问题；请报告给我们。",
    "starting": "，开头为 {start}",
    "result_i": "第 {i} 个结果",
    "got_problem": "{got}（{problem}）",
})

_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")

#: The kinds of failure a :class:`Feedback` can report (``Feedback.kind``).
KINDS = ("not_callable", "raised", "none", "type", "length", "shape", "nan", "values",
         "inplace", "warning", "check_raised")


@dataclass
class Feedback:
    """The outcome of a check: ``passed``, and the ``message`` printed to the student.

    ``kind`` says what went wrong (one of :data:`KINDS`; empty when passed), ``case`` which
    case (1-based; 0 when passed) and ``hint`` the hint that was given.

    A check prints its message; in a notebook, a cell ending with ``check_x(f)`` then shows
    the message once (the returned Feedback does not display it a second time).

    ``messages`` holds the message in every language (``{"en": ..., "zh": ...}``) while the
    book is built (:func:`speaks_every_language`); it is empty in a reader's notebook.
    """

    name: str
    passed: bool
    message: str
    failures: list[str] = field(default_factory=list)
    kind: str = ""
    case: int = 0
    hint: str = ""
    printed: bool = field(default=False, repr=False, compare=False)
    messages: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        state = "passed" if self.passed else f"failed ({self.kind}, case {self.case})"
        return f"<Feedback {self.name}: {state}>"

    def _repr_html_(self) -> str:  # readable in a notebook; every language on the site
        import html

        # the site's colours for its light and dark themes (gru_lab.css), JupyterLab's own,
        # else a green and a red that read on white
        colour = ("var(--grulab-pass, var(--jp-success-color1, #1b7837))" if self.passed
                  else "var(--grulab-fail, var(--jp-error-color1, #b2182b))")

        def pre() -> str:
            text = self.messages.get(i18n.get_language(), self.message)
            return f'<pre style="color:{colour}; white-space:pre-wrap">{html.escape(text)}</pre>'

        return i18n.html_by_language(pre) if self.messages else pre()

    def _ipython_display_(self) -> None:
        """Show the message unless the check already printed it."""
        if self.printed:
            return
        from IPython.display import display

        display({"text/plain": self.message, "text/html": self._repr_html_()}, raw=True)


@dataclass
class Case:
    """One call of the student's function and how to judge it.

    ``args``: positional arguments (copied before each call, so a student's in-place change
    cannot spoil the next case). ``expected``: the reference result: a number, an array, a
    tuple or dict of them (a function returning several results), or a dataclass such as
    :class:`gru_lab.GRUParams` (compared field by field). ``hint``: printed when the result is
    wrong. ``diagnose``: optional ``f(got) -> str | None`` that recognises a typical wrong
    answer and returns a more specific hint. ``describe``: how to show the call.

    Optional, for clearer messages:

    ``kwargs``         keyword arguments of the call.
    ``arg_names``      names of the positional arguments, as in the book (``("x", "W_z")``):
                       used to say which input was changed in place and, for NaN or wrong
                       values, which input value produced them.
    ``result_name``    what the result is called in the book (``"z"``), or one name per
                       result for a tuple (``("h", "z", "r", "h_tilde")``).
    ``shape_symbols``  the expected shape in the book's symbols (``"(T, H)"``), or one per
                       result for a tuple.
    ``hints``          a hint per kind of failure, e.g. ``{"nan": "...", "shape": "..."}``;
                       it replaces ``hint`` for that kind (``diagnose`` still comes first).
    ``compare``        ``f(got) -> str | None``: a custom judgement (a problem description,
                       or None when ``got`` is acceptable) replacing the value comparison,
                       for exercises with many right answers.
    ``allow_warnings`` do not fail on numpy RuntimeWarnings (overflow, invalid value, ...).
    ``allow_inplace``  do not fail when the function changes its inputs.
    """

    args: tuple
    expected: object
    hint: str
    describe: str = ""
    diagnose: Callable | None = None
    atol: float = 1e-6
    rtol: float = 1e-6
    kwargs: dict = field(default_factory=dict)
    arg_names: tuple | None = None
    result_name: str | tuple | None = None
    shape_symbols: str | tuple | None = None
    hints: dict = field(default_factory=dict)
    compare: Callable | None = None
    allow_warnings: bool = False
    allow_inplace: bool = False


# --------------------------------------------------------------------------- formatting

def _short(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, (str, bytes)):
        return repr(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return f"{type(value).__name__}(...)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_short(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    try:
        arr = np.asarray(value)
    except Exception:  # an exotic object: fall back on its repr
        arr = None
    if isinstance(arr, np.ndarray) and arr.dtype.kind in "biufc" and arr.ndim > 0:
        with np.printoptions(precision=6, suppress=True):
            if arr.size > 8:
                start = np.round(arr.ravel()[:4].astype(float), 4)
                return (MESSAGES["shape"].format(shape=arr.shape)
                        + MESSAGES["starting"].format(start=start))
            return np.array2string(np.round(arr.astype(float), 6), separator=", ")
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 80 else f"{type(value).__name__}(...)"


def _short_args(args) -> str:
    return "(" + ", ".join(_short(a) for a in args) + ")"


def _call_text(func, case: Case) -> str:
    if case.describe:
        return case.describe
    parts = [_short(a) for a in case.args]
    parts += [f"{k}={_short(v)}" for k, v in case.kwargs.items()]
    return f"{getattr(func, '__name__', 'f')}(" + ", ".join(parts) + ")"


def _arg_name(case: Case, i: int) -> str:
    if case.arg_names and i < len(case.arg_names):
        return case.arg_names[i]
    return MESSAGES["argument"].format(i=i + 1)


def _inputs_at(case: Case, shape: tuple, index: tuple) -> str:
    """'x = -1000' for the inputs with the result's shape (or scalar inputs, for a scalar).

    Shown only where it means something: for a function of one input (elementwise, like
    sigmoid) or when the case names its arguments (``arg_names``).
    """
    arrays = [a for a in case.args if not isinstance(a, (bool, str)) and a is not None]
    if not case.arg_names and len(arrays) != 1:
        return ""
    found = []
    for i, arg in enumerate(case.args):
        if isinstance(arg, (bool, str)) or arg is None:
            continue
        try:
            arr = np.asarray(arg, dtype=float)
        except (TypeError, ValueError):
            continue
        name = _arg_name(case, i) if case.arg_names else MESSAGES["input"]
        if arr.shape == shape and shape != ():
            found.append(f"{name} = {arr[index]:.6g}")
        elif arr.ndim == 0 and shape == ():
            found.append(f"{name} = {float(arr):.6g}")
    return ", ".join(found)


def _index_text(index: tuple) -> str:
    return "(" + ", ".join(str(int(i)) for i in index) + ("," if len(index) == 1 else "") + ")"


# --------------------------------------------------------------------------- comparison

@dataclass
class _Problem:
    kind: str
    text: str


def _components(expected, result_name):
    """(label, accessor, expected value, index) for each part of a structured result."""
    if isinstance(expected, (tuple, list)):
        names = result_name if isinstance(result_name, (tuple, list)) else None
        return [((names[i] if names and i < len(names)
                  else MESSAGES["result_i"].format(i=i + 1)),
                 ("index", i), v, i) for i, v in enumerate(expected)]
    if isinstance(expected, dict):
        return [(str(k), ("key", k), v, i) for i, (k, v) in enumerate(expected.items())]
    if dataclasses.is_dataclass(expected) and not isinstance(expected, type):
        parts = []
        for i, f in enumerate(dataclasses.fields(expected)):
            v = getattr(expected, f.name)
            if isinstance(v, (np.ndarray, float, int)) and not isinstance(v, bool):
                parts.append((f.name, ("attr", f.name), v, i))
        return parts
    return None


def _same_value(a, b) -> bool:
    """Exact equality of an input before and after a call (NaN equals NaN)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)
        except TypeError:
            return np.array_equal(np.asarray(a), np.asarray(b))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            _same_value(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, dict):
        return (isinstance(b, dict) and a.keys() == b.keys()
                and all(_same_value(a[k], b[k]) for k in a))
    if isinstance(a, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(_same_value(x, y) for x, y in zip(a, b, strict=True)))
    try:
        return bool(a == b)
    except Exception:
        return True  # cannot tell: do not accuse the student


def _compare_one(got, expected, case: Case, what: str, symbols) -> _Problem | None:
    if got is None:
        return _Problem("none", MESSAGES["none"])
    if isinstance(expected, (str, bool, np.bool_)):
        return None if got == expected else _Problem("values", MESSAGES["wrong_value"])
    exp = np.asarray(expected, dtype=float)
    if isinstance(got, (str, bytes, dict)):
        return _Problem("type", MESSAGES["type"].format(type=type(got).__name__))
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return _Problem("type", MESSAGES["type"].format(type=type(got).__name__))
    if got_arr.shape != exp.shape and not (exp.ndim == 0 and got_arr.size == 1):
        key = "shape_symbols" if symbols else "shape_plain"
        text = MESSAGES[key].format(what=what, got=got_arr.shape, expected=exp.shape,
                                    symbols=symbols)
        if got_arr.ndim == 2 and got_arr.shape == exp.shape[::-1]:
            text += MESSAGES["transposed"]
        return _Problem("shape", text)
    got_arr = got_arr.reshape(exp.shape)
    bad = ~np.isfinite(got_arr)
    if bad.any() and not (~np.isfinite(exp)[bad]).all():
        index = tuple(np.argwhere(bad)[0]) if got_arr.ndim else ()
        value = got_arr[index] if index else got_arr.item()
        text = MESSAGES["nan_at"].format(what=what, value=value, index=_index_text(index))
        if not index:
            text = f"{what} is {value}"
        inputs = _inputs_at(case, exp.shape, index)
        if inputs:
            text += MESSAGES["nan_where"].format(inputs=inputs)
        return _Problem("nan", text)
    with np.errstate(all="ignore"):
        close = np.isclose(got_arr, exp, atol=case.atol, rtol=case.rtol, equal_nan=True)
        if close.all():
            return None
        diff = np.where(close, 0.0, np.abs(got_arr - exp))
    if exp.ndim == 0:
        return _Problem("values", MESSAGES["wrong_value"])
    index = np.unravel_index(int(np.nanargmax(diff)), diff.shape)
    text = MESSAGES["values"].format(what=what, diff=float(diff[index]), index=_index_text(index))
    inputs = _inputs_at(case, exp.shape, index)
    if inputs:
        text += MESSAGES["values_where"].format(inputs=inputs)
    return _Problem("values", text)


def _get(got, accessor):
    how, key = accessor
    if how == "index":
        return got[key] if isinstance(got, (tuple, list)) and key < len(got) else _MISSING
    if how == "key":
        return got.get(key, _MISSING) if isinstance(got, dict) else _MISSING
    return getattr(got, key, _MISSING)


_MISSING = object()


def _compare_result(got, case: Case) -> _Problem | None:
    """Return the first problem with ``got``, or None when it matches ``case.expected``."""
    if got is None:
        return _Problem("none", MESSAGES["none"])
    if case.compare is not None:
        text = case.compare(got)
        return None if text is None else _Problem("values", text)
    parts = _components(case.expected, case.result_name)
    if parts is None:
        what = case.result_name if isinstance(case.result_name, str) else MESSAGES["your_result"]
        return _compare_one(got, case.expected, case, what, case.shape_symbols)
    if isinstance(case.expected, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return _Problem("type", MESSAGES["length"].format(
                n=len(parts), names=", ".join(p[0] for p in parts), got=type(got).__name__))
        if len(got) != len(parts):
            return _Problem("length", MESSAGES["length"].format(
                n=len(parts), names=", ".join(p[0] for p in parts), got=len(got)))
    symbols = case.shape_symbols
    for label, accessor, expected, i in parts:
        value = _get(got, accessor)
        if value is _MISSING:
            return _Problem("type", MESSAGES["missing"].format(what=label))
        sym = symbols[i] if isinstance(symbols, (tuple, list)) and i < len(symbols) else None
        problem = _compare_one(value, expected, case, label, sym)
        if problem is not None:
            return problem
    return None


# --------------------------------------------------------------------------- running

def _hint_for(case: Case, kind: str, got) -> str:
    if case.diagnose is not None and kind not in ("raised", "inplace"):
        try:
            special = case.diagnose(got)
        except Exception:  # a diagnosis must never break the feedback
            special = None
        if special:
            return special
    return case.hints.get(kind) or case.hint


def _warning_text(caught) -> str:
    seen = []
    for w in caught:
        text = str(w.message)
        if text not in seen:
            seen.append(text)
    return "; ".join(seen)


def run_check(name: str, func, cases: list[Case], *, verbose: bool = True) -> Feedback:
    """Run ``func`` on every case; print and return :class:`Feedback`.

    Stops at the first failing case (one clear message beats ten). Never raises: whatever the
    student's function does, the result is a Feedback (so a notebook keeps running).
    """
    if not callable(func):
        msg = MESSAGES["not_callable"].format(name=name, type=type(func).__name__)
        return _finish(Feedback(name, False, msg, [msg], kind="not_callable", case=1), verbose)
    try:
        return _run(name, func, cases, verbose)
    except Exception as err:  # a bug in a check: say so instead of crashing the cell
        msg = MESSAGES["check_raised"].format(name=name, etype=type(err).__name__, error=err)
        return _finish(Feedback(name, False, msg, [msg], kind="check_raised"), verbose)


def _run(name, func, cases, verbose) -> Feedback:
    n = len(cases)
    for i, case in enumerate(cases, start=1):
        args = copy.deepcopy(tuple(case.args))
        kwargs = copy.deepcopy(dict(case.kwargs))
        lines = [MESSAGES["failed_header"].format(name=name, i=i, n=n),
                 MESSAGES["tried"].format(call=_call_text(func, case))]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
                    got = func(*args, **kwargs)
            except Exception as err:  # the student's code: anything can happen
                hint = _hint_for(case, "raised", None)
                lines += [MESSAGES["raised"].format(etype=type(err).__name__, error=err),
                          MESSAGES["hint"].format(hint=hint)]
                return _fail(name, lines, "raised", i, hint, verbose)
        numeric = [w for w in caught if issubclass(w.category, RuntimeWarning)]
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            problem = _compare_result(got, case)
        if problem is None and not case.allow_inplace:
            for j, (before, after) in enumerate(zip(case.args, args, strict=True)):
                if not _same_value(before, after):
                    arg = _arg_name(case, j)
                    problem = _Problem("inplace", MESSAGES["inplace"].format(arg=arg))
                    hint = case.hints.get("inplace") or MESSAGES["inplace_hint"].format(arg=arg)
                    lines += [MESSAGES["got"].format(got=problem.text),
                              MESSAGES["hint"].format(hint=hint)]
                    return _fail(name, lines, "inplace", i, hint, verbose)
        if problem is None and numeric and not case.allow_warnings:
            text = MESSAGES["warning"].format(warnings=_warning_text(numeric))
            hint = _hint_for(case, "warning", got)
            if hint == case.hint and "warning" not in case.hints:
                hint = MESSAGES["warning_hint"]
            lines += [MESSAGES["got"].format(got=_short(got)),
                      MESSAGES["problem"].format(problem=text),
                      MESSAGES["hint"].format(hint=hint)]
            return _fail(name, lines, "warning", i, hint, verbose)
        if problem is None:
            continue
        hint = _hint_for(case, problem.kind, got)
        lines += [MESSAGES["expected"].format(expected=_short(case.expected)),
                  MESSAGES["got"].format(got=MESSAGES["got_problem"].format(
                      got=_short(got), problem=problem.text)),
                  MESSAGES["hint"].format(hint=hint)]
        if numeric:
            lines.append(MESSAGES["warnings_also"].format(warnings=_warning_text(numeric)))
        return _fail(name, lines, problem.kind, i, hint, verbose)
    return _finish(Feedback(name, True, MESSAGES["passed"].format(name=name, n=n)), verbose)


def _tidy(text: str) -> str:
    """Drop the space that a template leaves between two Chinese characters, where a
    placeholder that usually holds a name (``h_t``) holds Chinese words (``你的结果``)."""
    return _CJK_GAP.sub("", text)


def _fail(name, lines, kind, i, hint, verbose) -> Feedback:
    message = _tidy("\n".join(lines))
    return _finish(Feedback(name, False, message, [message], kind=kind, case=i, hint=hint),
                   verbose)


def _finish(fb: Feedback, verbose: bool) -> Feedback:
    """Show ``fb`` once: printed, or, with a message in every language (the book's build), as
    HTML in a kernel, so that each edition of the site shows its own."""
    if verbose:
        if fb.messages and _in_kernel():
            fb._ipython_display_()
        else:
            print(fb)
        fb.printed = True
    return fb


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None


def speaks_every_language(check: Callable) -> Callable:
    """Decorate a public check ``check(..., *, verbose=True) -> Feedback``.

    While the book is built (``GRU_LAB_LANGS=all``, :func:`gru_lab.i18n.every_language`), the
    English and the Chinese site show the same execution, so the check runs once per language
    (quietly) and its Feedback carries each language's message (``Feedback.messages``); the
    site shows the page's. In a reader's notebook it is the check itself, run once.
    """

    @functools.wraps(check)
    def in_every_language(*args, verbose: bool = True, **kwargs) -> Feedback:
        if not i18n.every_language():
            return check(*args, verbose=verbose, **kwargs)
        runs = i18n.in_every_language(lambda: check(*args, verbose=False, **kwargs))
        fb = runs[i18n.get_language()]
        fb.messages = {lang: run.message for lang, run in runs.items()}
        return _finish(fb, verbose)

    return in_every_language


def check_answer(name: str, answer, expected, hint: str, **case_options) -> Feedback:
    """Check a value rather than a function (a number worked out by hand, a shape...).

    ``check_answer("check_param_count", my_count, 3 * H * (D + H) + 3 * H, HINTS["count"])``
    """
    case = Case((), expected, hint, describe=MESSAGES["your_result"], **case_options)
    return run_check(name, lambda: answer, [case])


# --------------------------------------------------------------------------- for tests

def expect_pass(check: Callable, func, *args, **kwargs) -> Feedback:
    """Assert that ``check(func)`` passes (use it with the reference solution in tests)."""
    fb = check(func, *args, **kwargs)
    assert isinstance(fb, Feedback), f"{check.__name__} must return a Feedback, got {fb!r}"
    assert fb.passed, f"{check.__name__} rejected the reference solution:\n{fb.message}"
    return fb


def expect_fail(check: Callable, func, *fragments: str, kind: str | None = None,
                **kwargs) -> Feedback:
    """Assert that ``check(func)`` fails, with a message containing every fragment.

    ``fragments`` are matched case-insensitively (e.g. ``"nan"``, ``"x = -1000"``, a word of
    the expected hint); ``kind`` is one of :data:`KINDS`.
    """
    fb = check(func, **kwargs)
    assert isinstance(fb, Feedback), f"{check.__name__} must return a Feedback, got {fb!r}"
    assert not fb.passed, f"{check.__name__} accepted a wrong answer:\n{fb.message}"
    if kind is not None:
        assert kind in KINDS, f"unknown kind {kind!r}; one of {KINDS}"
        assert fb.kind == kind, f"expected a {kind!r} failure, got {fb.kind!r}:\n{fb.message}"
    text = fb.message.lower()
    missing = [f for f in fragments if f.lower() not in text]
    assert not missing, f"the feedback lacks {missing}:\n{fb.message}"
    return fb


def match_mistakes(mistakes, messages: Mapping):
    """A ``Case.diagnose`` that recognises typical wrong answers.

    ``mistakes``: ``[(wrong, key), ...]`` where ``wrong`` is the array a typical mistake
    produces (or a predicate ``f(result_array) -> bool``) and ``messages[key]`` the hint to
    give when the student's result matches it (same shape, equal to 1e-6). The first match
    wins, so list the most specific mistakes first.
    """

    def diagnose(got):
        try:
            g = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return None
        for wrong, key in mistakes:
            if callable(wrong):
                if wrong(g):
                    return messages[key]
                continue
            w = np.asarray(wrong, dtype=float)
            if g.shape == w.shape and np.allclose(g, w, atol=1e-6):
                return messages[key]
        return None

    return diagnose

