"""The machinery behind every exercise check: run a student's function on prepared cases,
catch what goes wrong, and print specific, kind feedback without revealing the solution.

A check is a list of :class:`Case` objects. Each case calls the student's function with some
arguments and compares the result with the reference; when they differ, the feedback says
what input was tried, what was expected, what came back, and gives the case's hint.

Wording shown to readers lives in ``MESSAGES`` (one place per module, for translation).
Checks never execute strings and never load files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

MESSAGES = {
    "passed": "✅ {name}: all {n} checks passed.",
    "failed_header": "❌ {name}: check {i} of {n} failed.",
    "tried": "   tried:    {call}",
    "expected": "   expected: {expected}",
    "got": "   got:      {got}",
    "hint": "   hint:     {hint}",
    "raised": "   your function raised {etype}: {error}",
    "not_callable": "❌ {name}: expected a function, got {type}. Pass the function itself "
                    "(no parentheses).",
    "shape": "an array of shape {shape}",
    "nan": "your result contains NaN or inf",
    "type": "expected a numpy array (or a number), got {type}",
}


@dataclass
class Feedback:
    """The outcome of a check: ``passed``, and the ``message`` printed to the student."""

    name: str
    passed: bool
    message: str
    failures: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:  # readable in a notebook
        colour = "#1b7837" if self.passed else "#b2182b"
        return f'<pre style="color:{colour}; white-space:pre-wrap">{self.message}</pre>'


@dataclass
class Case:
    """One call of the student's function and how to judge it.

    ``args``: positional arguments (copied before each call, so a student's in-place change
    cannot spoil the next case). ``expected``: the reference result. ``hint``: printed when
    the result is wrong. ``diagnose``: optional ``f(got) -> str | None`` that recognises a
    typical wrong answer and returns a more specific hint. ``describe``: how to show the call.
    """

    args: tuple
    expected: object
    hint: str
    describe: str = ""
    diagnose: Callable | None = None
    atol: float = 1e-6
    rtol: float = 1e-6


def _short(value) -> str:
    arr = np.asarray(value) if not isinstance(value, (str, bytes)) else value
    if isinstance(arr, np.ndarray) and arr.ndim > 0:
        if arr.size > 8:
            return MESSAGES["shape"].format(shape=arr.shape) + f", starting {np.round(arr.ravel()[:4], 4)}"
        return np.array2string(np.round(arr, 6), separator=", ")
    return repr(value)


def _compare(got, case: Case) -> str | None:
    """Return a problem description, or None when ``got`` matches ``case.expected``."""
    expected = np.asarray(case.expected)
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return MESSAGES["type"].format(type=type(got).__name__)
    if got_arr.shape != expected.shape:
        return (f"shape {got_arr.shape}, expected shape {expected.shape}")
    if not np.all(np.isfinite(got_arr)):
        return MESSAGES["nan"]
    if not np.allclose(got_arr, expected, atol=case.atol, rtol=case.rtol):
        return "wrong values"
    return None


def run_check(name: str, func, cases: list[Case], *, verbose: bool = True) -> Feedback:
    """Run ``func`` on every case; print and return :class:`Feedback`.

    Stops at the first failing case (one clear message beats ten).
    """
    if not callable(func):
        msg = MESSAGES["not_callable"].format(name=name, type=type(func).__name__)
        fb = Feedback(name, False, msg, [msg])
        if verbose:
            print(fb)
        return fb
    n = len(cases)
    for i, case in enumerate(cases, start=1):
        args = tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a
                     for a in case.args)
        call = case.describe or f"{getattr(func, '__name__', 'f')}{_short_args(case.args)}"
        lines = [MESSAGES["failed_header"].format(name=name, i=i, n=n),
                 MESSAGES["tried"].format(call=call)]
        try:
            got = func(*args)
        except Exception as err:  # the student's code: anything can happen
            lines += [MESSAGES["raised"].format(etype=type(err).__name__, error=err),
                      MESSAGES["hint"].format(hint=case.hint)]
            return _finish(name, False, "\n".join(lines), verbose)
        problem = _compare(got, case)
        if problem is None:
            continue
        hint = (case.diagnose(got) if case.diagnose else None) or case.hint
        lines += [MESSAGES["expected"].format(expected=_short(case.expected)),
                  MESSAGES["got"].format(got=_short(got) + f"  ({problem})"),
                  MESSAGES["hint"].format(hint=hint)]
        return _finish(name, False, "\n".join(lines), verbose)
    return _finish(name, True, MESSAGES["passed"].format(name=name, n=n), verbose)


def _short_args(args) -> str:
    return "(" + ", ".join(_short(a) for a in args) + ")"


def _finish(name, passed, message, verbose) -> Feedback:
    fb = Feedback(name, passed, message)
    if verbose:
        print(fb)
    return fb
