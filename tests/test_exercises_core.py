"""The exercise-check machinery (gru_lab/exercises/_core.py), and rules every check obeys.

Part 1 shows what a case catches, with small made-up checks: wrong values, shapes in the book's
symbols, NaN with the input that produced it, numpy warnings captured, inputs changed in place,
a forgotten return, exceptions, several results.

Part 2 runs over every check exported by ``gru_lab.exercises`` (the chapters' checks
included): each one survives broken student code without raising, prints no warning, loads no
file, executes no string, works from any folder, and has tests (a reference that passes and at
least two typical wrong answers).
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import gru_lab as gl
import gru_lab.exercises as exercises
from gru_lab.exercises import Case, Feedback, check_answer, expect_fail, expect_pass, run_check
from gru_lab.exercises._core import KINDS, MESSAGES

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- part 1


def check_my_sigmoid(func, verbose=True):
    """A check as a chapter would write it (an elementwise function, named arguments)."""
    x = np.array([-2.0, 0.0, 3.0])
    big = np.array([-1000.0, 0.0, 1000.0])
    hint = "σ(a) = 1 / (1 + e^(−a)), elementwise."
    return run_check(
        "check_my_sigmoid",
        func,
        [
            Case((x,), gl.sigmoid(x), hint, arg_names=("x",)),
            Case(
                (big,),
                gl.sigmoid(big),
                hint,
                arg_names=("x",),
                hints={"nan": "compute it without exp of a large positive number"},
            ),
        ],
        verbose=verbose,
    )


def check_gates(func, verbose=True):
    """A function returning (z, r) of shape (T, H) each."""
    rng = np.random.default_rng(0)
    x, W_z, W_r = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    return run_check(
        "check_gates",
        func,
        [
            Case(
                (x, W_z, W_r),
                (gl.sigmoid(x @ W_z), gl.sigmoid(x @ W_r)),
                "one row per step",
                arg_names=("x", "W_z", "W_r"),
                result_name=("z", "r"),
                shape_symbols=("(T, H)", "(T, H)"),
            ),
        ],
        verbose=verbose,
    )


def naive_sigmoid(x):
    return 1 / (1 + np.exp(-x))  # right values, but overflows for x = -1000


def ratio_sigmoid(x):
    return np.exp(x) / (1 + np.exp(x))  # inf / inf = nan for x = 1000


def test_reference_passes_and_the_student_is_told(capsys):
    """A right answer is reported as passed (kind empty, case 0), with the number of checks."""
    fb = expect_pass(check_my_sigmoid, gl.sigmoid)
    assert fb.kind == "" and fb.case == 0
    assert "all 2 checks passed" in capsys.readouterr().out


def test_nan_reports_the_input_that_produced_it():
    """NaN in a result names the input value behind it and the case's NaN hint."""
    fb = expect_fail(
        check_my_sigmoid,
        ratio_sigmoid,
        "nan",
        "x = 1000",
        "without exp of a large positive number",
        kind="nan",
    )
    assert fb.case == 2
    assert "overflow" in fb.message  # the captured warning is mentioned too


def test_warnings_are_captured_and_reported_not_printed(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning escaping the check would raise here
        fb = expect_fail(
            check_my_sigmoid, naive_sigmoid, "overflow encountered in exp", kind="warning"
        )
    assert fb.case == 2
    assert capsys.readouterr().err == ""


def test_allow_warnings_lets_a_right_answer_that_warns_pass():
    """With allow_warnings=True a case judges the values only (the naive sigmoid overflows
    for x = -1000 but its values are right); without it the same answer fails."""
    x = np.array([-1000.0, 0.0])
    fb = run_check(
        "c", naive_sigmoid, [Case((x,), gl.sigmoid(x), "h", allow_warnings=True)], verbose=False
    )
    assert fb.passed
    fb = run_check("c", naive_sigmoid, [Case((x,), gl.sigmoid(x), "h")], verbose=False)
    assert not fb and fb.kind == "warning"


def test_wrong_values_give_the_hint_and_where():
    """Wrong numbers: the message shows the input, expected and got, and the case's hint."""
    fb = expect_fail(
        check_my_sigmoid, np.tanh, "largest difference", "x = -2", "σ(a)", kind="values"
    )
    assert "expected:" in fb.message and "got:" in fb.message


def test_shape_in_the_books_symbols():
    """A wrong shape is phrased in the book's symbols, (T, H) = (5, 4), with the hint."""
    fb = expect_fail(
        check_gates,
        lambda x, W_z, W_r: (gl.sigmoid(x @ W_z)[0], 0 * x @ W_r),
        "z has shape (4,), expected (T, H) = (5, 4)",
        "one row per step",
        kind="shape",
    )
    assert fb.hint == "one row per step"


def test_transposed_result_is_named():
    """A result of shape (H, T) instead of (T, H) is called transposed."""
    expect_fail(
        check_gates,
        lambda x, W_z, W_r: (gl.sigmoid(x @ W_z).T, gl.sigmoid(x @ W_r)),
        "(4, 5)",
        "transposed",
        kind="shape",
    )


def test_tuple_result_passes():
    """A function returning several results passes when each one is right."""
    expect_pass(check_gates, lambda x, W_z, W_r: (gl.sigmoid(x @ W_z), gl.sigmoid(x @ W_r)))


@pytest.mark.parametrize(
    "student, fragments, kind",
    [
        (lambda x, W_z, W_r: gl.sigmoid(x @ W_z), ("2 results", "z, r"), "type"),
        (lambda x, W_z, W_r: (gl.sigmoid(x @ W_z),), ("got 1",), "length"),
        (
            lambda x, W_z, W_r: (gl.sigmoid(x @ W_z), gl.sigmoid(x @ W_z)),
            ("wrong values in r",),
            "values",
        ),
    ],
    ids=["one-array-not-a-tuple", "too-few-results", "second-result-wrong"],
)
def test_tuple_results_by_name_and_count(student, fragments, kind):
    """Several results: the feedback names the results (z, r), their count, the wrong one."""
    expect_fail(check_gates, student, *fragments, kind=kind)


def test_inplace_change_of_an_input_is_caught():
    """Changing an input in place is named (with the argument); a wrong result comes first."""
    def doubles_in_place(x, W_z, W_r):
        x *= 1.0  # harmless
        W_z += 0.0
        W_r[0, 0] = 7.0  # changes the caller's matrix
        return gl.sigmoid(x @ W_z), None

    def right_but_inplace(x, W_z, W_r):
        r = gl.sigmoid(x @ W_r)
        z = gl.sigmoid(x @ W_z)
        x[:] = 0.0
        return z, r

    expect_fail(
        check_gates, right_but_inplace, "changed its input x in place", "copy", kind="inplace"
    )
    # a wrong result is reported first
    expect_fail(check_gates, doubles_in_place, "returned None", kind="none")


def test_inplace_does_not_spoil_the_next_case():
    """Each case gets fresh copies: an allowed in-place change reaches neither the next case
    nor the caller's array."""
    seen = []
    x = np.ones(3)

    def f(a):
        seen.append(a.copy())
        a += 1
        return a - 1

    cases = [Case((x,), x, "h", allow_inplace=True), Case((x,), x, "h", allow_inplace=True)]
    assert run_check("c", f, cases, verbose=False)
    assert all(np.array_equal(s, np.ones(3)) for s in seen) and np.array_equal(x, np.ones(3))


@pytest.mark.parametrize(
    "student, fragments, kind",
    [
        (lambda x: None, ("forget to `return`",), "none"),
        (lambda x: x @ np.ones((2, 2)), ("raised ValueError", "σ(a)"), "raised"),
        (gl.sigmoid(0.0), ("pass the function itself",), "not_callable"),
        (lambda x: "0.5", ("expected a numpy array",), "type"),
    ],
    ids=["forgotten-return", "raises", "called-not-passed", "returns-a-string"],
)
def test_broken_answers_get_a_message_that_says_what_happened(student, fragments, kind):
    """A forgotten return, an exception, a called function, a string: each is named."""
    expect_fail(check_my_sigmoid, student, *fragments, kind=kind)


def test_diagnose_recognises_a_typical_mistake_and_never_breaks():
    """A case's diagnose gives the mistake's own hint; a diagnose that raises falls back to
    the generic hint instead of breaking the check."""
    x = np.array([-1.0, 1.0])

    def diagnose(got):
        if np.allclose(got, gl.sigmoid(-x)):
            return "the sign inside the exponential is flipped"
        return None

    def broken_diagnose(got):
        raise RuntimeError("bug in the check")

    case = Case((x,), gl.sigmoid(x), "generic hint", diagnose=diagnose)
    fb = run_check("c", lambda a: gl.sigmoid(-a), [case], verbose=False)
    assert fb.hint == "the sign inside the exponential is flipped"
    case = Case((x,), gl.sigmoid(x), "generic hint", diagnose=broken_diagnose)
    assert run_check("c", lambda a: gl.sigmoid(-a), [case], verbose=False).hint == "generic hint"


def test_dataclass_results_compared_field_by_field():
    """A GRUParams result is compared field by field: the wrong field and index are named."""
    ref = gl.GRUParams.init(2, 3, seed=0)
    case = Case((), ref, "check each gradient")
    assert run_check("c", lambda: ref.copy(), [case], verbose=False)
    wrong = ref.copy()
    wrong.U_r[1, 2] += 1.0
    fb = run_check("c", lambda: wrong, [case], verbose=False)
    assert fb.kind == "values" and "U_r" in fb.message and "(1, 2)" in fb.message


def test_custom_compare_for_many_right_answers():
    """A case's compare accepts any right answer and its message explains a wrong one."""
    def unit_norm(got):
        return None if np.isclose(np.linalg.norm(got), 1.0) else "the vector must have norm 1"

    case = Case((), None, "any unit vector", compare=unit_norm)
    assert run_check("c", lambda: np.array([0.6, 0.8]), [case], verbose=False)
    fb = run_check("c", lambda: np.array([1.0, 1.0]), [case], verbose=False)
    assert not fb and "norm 1" in fb.message


def test_check_answer_for_values_worked_out_by_hand():
    """check_answer passes the right number and shows the hint for a wrong one."""
    D, H = 3, 4
    count = 3 * H * (D + H) + 3 * H
    assert check_answer("check_count", count, count, "three blocks")
    fb = check_answer("check_count", 3 * H * (D + H), count, "every gate has a bias")
    assert not fb and "every gate has a bias" in fb.message


def test_a_broken_check_says_so_instead_of_crashing():
    """A bug in a check is reported as a bug in the book, not as the student's mistake."""
    fb = run_check("c", lambda: 1.0, [Case((), 1.0, "h", compare=lambda g: 1 / 0)], verbose=False)
    assert fb.kind == "check_raised" and "bug in the book" in fb.message


def test_feedback_is_shown_once_in_a_notebook(capsys):
    """A cell ending in check_x(f) shows the message once, not again through IPython."""
    fb = check_my_sigmoid(gl.sigmoid)
    assert fb.printed
    fb._ipython_display_()  # IPython's display hook: must not show the message again
    assert capsys.readouterr().out.count("passed") == 1
    assert repr(fb) == "<Feedback check_my_sigmoid: passed>"
    quiet = check_my_sigmoid(np.tanh, verbose=False)
    assert not quiet.printed and isinstance(quiet, Feedback) and not quiet
    assert "check_my_sigmoid" in quiet._repr_html_()


def test_messages_are_all_strings_and_kinds_documented():
    """Every message is a string (for translation), and the eight kinds a case catches are
    KINDS and explained in the module docstring (raised, none, type, shape, nan, values,
    inplace, warning)."""
    assert all(isinstance(v, str) for v in MESSAGES.values())
    doc = exercises._core.__doc__
    for kind in ("raised", "none", "type", "shape", "nan", "values", "inplace", "warning"):
        assert kind in KINDS and f"``{kind}``" in doc


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: expect_pass(check_my_sigmoid, np.tanh), "rejected the reference"),
        (lambda: expect_fail(check_my_sigmoid, gl.sigmoid), "accepted a wrong answer"),
        (lambda: expect_fail(check_my_sigmoid, np.tanh, "a phrase that is not there"), "lacks"),
        (lambda: expect_fail(check_my_sigmoid, np.tanh, kind="nan"), "expected a 'nan' failure"),
    ],
    ids=["pass-rejects-reference", "fail-accepts-answer", "fail-lacks-phrase", "fail-wrong-kind"],
)
def test_expect_helpers_fail_loudly(call, error):
    """The helpers the chapters' tests use fail (they cannot pass a broken check silently)."""
    with pytest.raises(AssertionError, match=error):
        call()


# --------------------------------------------------------------------------- part 2

CHECK_NAMES = sorted(n for n in exercises.__all__ if n.startswith("check_") and n != "check_answer")


def _takes_one_function(check) -> bool:
    required = [
        p
        for p in inspect.signature(check).parameters.values()
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    return len(required) == 1


def _raises(*args, **kwargs):
    raise RuntimeError("student bug")


def _nans(*args, **kwargs):
    return np.full(np.shape(args[0]) if args else (), np.nan)


@pytest.mark.parametrize("name", CHECK_NAMES)
@pytest.mark.parametrize(
    "student",
    [_raises, _nans, lambda *a, **k: None, 42],
    ids=["raises", "nans", "returns-none", "not-a-function"],
)
def test_every_check_survives_broken_code(name, student, capsys):
    """Broken student code gets a printed ❌ message: no exception, no warning, no crash of
    the check itself."""
    check = getattr(exercises, name)
    if not _takes_one_function(check):
        pytest.skip(f"{name} takes more than the student's function")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fb = check(student)
    assert isinstance(fb, Feedback) and not fb.passed
    assert fb.kind != "check_raised", fb.message
    out = capsys.readouterr()
    assert "❌" in out.out and out.err == ""


def _module_of(name: str) -> Path:
    return Path(inspect.getsourcefile(inspect.unwrap(getattr(exercises, name))))


def test_the_chapters_checks_are_exported():
    """The part-2 tests run over ``exercises.__all__``: a check missing there goes untested."""
    chapters = {"check_rnn_step", "check_gru_step", "check_softmax", "check_sigmoid",
                "check_gru_state_update_backward", "check_clip_grad_norm",
                "check_keras_gru_params", "check_running_positive", "check_step_nll"}
    assert chapters <= set(CHECK_NAMES), sorted(chapters - set(CHECK_NAMES))


@pytest.mark.parametrize(
    "path", sorted({_module_of(n) for n in CHECK_NAMES}), ids=lambda p: p.name
)
def test_checks_load_no_file_and_execute_no_string(path):
    """Checks work the same on the website, Binder, Colab and a hub: no file, no exec, only
    numpy and the standard library, reader-facing words in one MESSAGES dict."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    forbidden = {
        "exec",
        "eval",
        "open",
        "compile",
        "__import__",
        "load",
        "loadtxt",
        "genfromtxt",
        "read_text",
        "read_bytes",
        "urlopen",
    }
    calls = {
        node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
    }
    assert not calls & forbidden, f"{path.name} calls {sorted(calls & forbidden)}"
    imports = {
        a.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for a in node.names
    }
    imports |= {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
    }
    allowed = {
        "numpy",
        "gru_lab",
        "__future__",
        "functools",
        "dataclasses",
        "collections",
        "math",
        "typing",
        "copy",
        "warnings",
        "inspect",
        "itertools",
        "re",
    }
    assert imports <= allowed, f"{path.name} imports {sorted(imports - allowed)}"
    assert re.search(r"^(MESSAGES|HINTS)\s*=", path.read_text(encoding="utf-8"), re.M), (
        f"{path.name}: put the reader-facing words in a MESSAGES or HINTS dict"
    )


def test_checks_run_from_any_folder(tmp_path):
    """In Binder, Colab or a hub, a notebook may sit anywhere: only gru_lab must import."""
    code = (
        "import numpy as np, gru_lab as gl\n"
        "from gru_lab.exercises import check_sigmoid\n"
        "assert check_sigmoid(gl.sigmoid)\n"
        "assert not check_sigmoid(lambda a: np.exp(a) / (1 + np.exp(a)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == "", result.stderr  # no warning leaks out of a check


@functools.cache
def _tests_text() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted(ROOT.glob("tests/test_*.py"))
        if p.name != Path(__file__).name
    )


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_every_check_has_tests(name):
    """A reference that passes and at least two typical wrong answers: the chapter's tests
    mention the check at least three times (or use expect_pass once and expect_fail twice)."""
    text = _tests_text()
    helpers = (
        len(re.findall(rf"expect_pass\(\s*{name}\b", text)) >= 1
        and len(re.findall(rf"expect_fail\(\s*{name}\b", text)) >= 2
    )
    assert helpers or len(re.findall(rf"\b{name}\b", text)) >= 3, (
        f"{name} needs tests in tests/test_exercises_<chapter>.py: "
        f"expect_pass({name}, reference) and expect_fail({name}, wrong, 'hint words') twice"
    )


def test_wheel_ships_the_exercises():
    """Colab and a hub install gru_lab with pip (not editable): every subpackage must be
    listed in pyproject.toml, or `from gru_lab.exercises import ...` fails there."""
    import tomllib

    import setuptools

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = config.get("tool", {}).get("setuptools", {}).get("packages")
    subpackages = sorted(
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "gru_lab").rglob("__init__.py")
    )
    assert "gru_lab.exercises" in subpackages and "gru_lab.plots" in subpackages
    if isinstance(packages, dict) and "find" in packages:
        # what setuptools' packages.find selects (namespaces = true is its default)
        find = packages["find"]
        finder = (setuptools.find_namespace_packages if find.get("namespaces", True)
                  else setuptools.find_packages)
        where = find.get("where", ["."])
        shipped = [p for w in where for p in finder(
            str(ROOT / w), include=find.get("include", ["*"]), exclude=find.get("exclude", ()))]
    else:
        assert isinstance(packages, list), (
            f"pyproject.toml [tool.setuptools] packages is neither a list nor find: {packages!r}"
        )
        shipped = packages
    missing = [p for p in subpackages if p not in shipped]
    assert not missing, (
        f"pyproject.toml [tool.setuptools] packages lacks {missing}: "
        "use packages.find (include = ['gru_lab*']) or list them"
    )


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_every_check_speaks_every_language_while_the_book_is_built(name, monkeypatch, capsys):
    """Protects the Chinese site's feedback: while the book is built (GRU_LAB_LANGS=all), each
    public check's Feedback carries its message in English and in Chinese (the two sites show
    one execution), the HTML marks each with its ``lang``, and the check is shown once; in a
    reader's notebook it stays one language."""
    check = getattr(exercises, name)
    if not _takes_one_function(check):
        pytest.skip(f"{name} takes more than the student's function")
    monkeypatch.setenv(gl.i18n.EVERY_LANGUAGE_VAR, "all")
    fb = check(_raises)
    assert set(fb.messages) == {"en", "zh"} and fb.message == fb.messages["en"]
    assert re.search(r"[\u4e00-\u9fff]", fb.messages["zh"]), fb.messages["zh"]
    html = fb._repr_html_()
    assert 'lang="en"' in html and 'lang="zh-CN"' in html
    assert capsys.readouterr().out.count("❌") == 1
    assert gl.get_language() == "en"
    monkeypatch.delenv(gl.i18n.EVERY_LANGUAGE_VAR)
    assert check(_raises, verbose=False).messages == {}
