"""The exercises as nbgrader assignments (tools/make_assignments.py), round-tripped for real.

Fast tests build every chapter's source notebook in memory: points table, cell metadata, no
MyST left in the Markdown, translations. The round trip (marked ``slow``, about a minute and
a half) does what the teacher's guide tells a teacher to do, with nbgrader 0.9 from PyPI
(``pip install -e ".[grading]"``): ``tools/make_assignments.py`` writes chapter 3's assignment,
``nbgrader generate_assignment`` releases it, five "students" submit (correct answers, typical
mistakes, answers of the wrong type, a function that never returns, nothing), ``nbgrader
autograde`` grades them with a 5-second cell timeout, and ``nbgrader generate_feedback``
writes their feedback. The scores must be what the book's checks say, run here on the same
answers, and the feedback must show the checks' own hints.
"""

from __future__ import annotations

import contextlib
import html
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from _helpers import made_once
from _myst import MYST_HEADER  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_assignments as ma  # noqa: E402
import myst_exercises as me  # noqa: E402
from book_toc import source_path  # noqa: E402

CHAPTER = "book/03_softmax"
NAME = "03_softmax"
TIMEOUT = 5  # seconds per cell while autograding (the course's nbgrader_config.py)


class AnyGlue(dict):
    """Glued values for the fast tests: every key is there, as the number 0.5."""

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return {"text/plain": "0.5"}


# --------------------------------------------------------------------------- fast tests


def test_points_table_covers_every_exercise():
    """Protects "points come from one table per chapter": every exercise of every chapter has
    its points in book/classroom/grading_points.yml, and every label there is an exercise."""
    table = ma.load_points()
    chapters = ma.chapters_with_exercises()
    assert chapters and set(table) == set(chapters)
    for docname in chapters:
        text = source_path(docname).read_text(encoding="utf-8")
        labels = {ex.label for ex in me.exercises(text)}
        assert set(table[docname]) == labels, docname
        ma.read_exercises(docname, text, table, 1)  # raises on a bad entry


def test_a_missing_or_unknown_points_entry_is_named():
    """Protects the error a teacher sees after editing the table: the page and the label."""
    table = ma.load_points()
    text = source_path(CHAPTER).read_text(encoding="utf-8")
    broken = {CHAPTER: {k: v for k, v in table[CHAPTER].items() if k != "ex-softmax-code"}}
    with pytest.raises(ma.AssignmentError, match=r"book/03_softmax, ex-softmax-code"):
        ma.read_exercises(CHAPTER, text, broken, 3)
    extra = {CHAPTER: {**table[CHAPTER], "ex-softmax-typo": 2}}
    with pytest.raises(ma.AssignmentError, match="ex-softmax-typo"):
        ma.read_exercises(CHAPTER, text, extra, 3)
    written = {CHAPTER: {**table[CHAPTER], "ex-softmax-by-hand": {"check": 1}}}
    with pytest.raises(ma.AssignmentError, match="only a checked exercise"):
        ma.read_exercises(CHAPTER, text, written, 3)


@pytest.mark.parametrize("chapter", ma.chapters_with_exercises())
def test_every_chapter_becomes_a_valid_source_notebook(chapter):
    """Protects the metadata nbgrader expects, cell by cell: each checked exercise has an
    answer cell and a locked, autograded test cell that calls the chapter's own check on the
    function the chapter's solution defines; every other exercise has an answer graded by
    hand; the points are the table's; no MyST role is left for a notebook to show raw."""
    a = ma.build_assignment(chapter, glue=AnyGlue())
    nbgrader = pytest.importorskip("nbgrader.nbgraderformat")
    nbgrader.MetadataValidator().validate_nb(a.notebook)
    text = source_path(chapter).read_text(encoding="utf-8")
    table = ma.load_points()[chapter]
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in a.notebook.cells
             if "nbgrader" in c.metadata}
    total = 0.0
    for ex in me.exercises(text):
        kind = me.exercise_kind(ex, chapter)
        points = ma.exercise_points({chapter: table}, chapter, ex.label, kind)
        total += points.total
        assert cells[f"{ex.label}-statement"].metadata["nbgrader"]["locked"]
        if kind == "checked":
            solution = next(s for s in me.solutions(text) if s.label == ex.label).text
            test = cells[f"{ex.label}-test"]
            meta = test.metadata["nbgrader"]
            assert meta["grade"] and meta["locked"] and not meta["solution"]
            assert meta["points"] == points.check
            call = re.search(r"feedback = (check_\w+)\((\w+)\)", test.source)
            assert call and f"{call.group(1)}({call.group(2)})" in solution
            assert f"from gru_lab.exercises import {call.group(1)}" in test.source
            answer = cells[f"{ex.label}-answer"]
            assert answer.metadata["nbgrader"]["solution"]
            assert not answer.metadata["nbgrader"]["grade"]
            assert f"def {call.group(2)}(" in answer.source and ma.BEGIN in answer.source
        else:
            answer = cells[f"{ex.label}-answer"]
            meta = answer.metadata["nbgrader"]
            assert meta["grade"] and meta["solution"] and meta["points"] == points.manual
    assert a.auto + a.manual == total
    for cell in a.notebook.cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"\{[a-z][\w:-]*\}`", cell.source), cell.source[:200]


def test_an_unknown_role_is_an_error_naming_the_page():
    """Protects students from raw MyST: a role the tool cannot write out stops it."""
    render = ma.Renderer(CHAPTER)
    with pytest.raises(ma.AssignmentError, match=r"03_softmax.*\{numref\}"):
        render.markdown("See {numref}`softmax-fig-bars`.\n")
    assert render.markdown("`{numref}` in code stays\n") == "`{numref}` in code stays\n"
    assert render.markdown("{eq}`softmax-ce`\n") == "(softmax-ce)\n"
    assert "\\tag{softmax-ce}" in render.equation_block("en")
    assert ma.Renderer("book/apps/music").markdown("{doc}`../03_softmax`\n") == (
        "*The softmax output layer*\n")


def test_a_translated_catalog_translates_the_assignment(tmp_path):
    """Protects the second language: with a Sphinx catalog for the page (as sphinx-intl
    writes it, one paragraph per msgid, lines joined by spaces), the statement is translated,
    the tool's own sentences come from its zh_CN table, untranslated text stays English."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    english = ("What happens to $\\operatorname{softmax}(a)$ when you (1) add 5 to every logit, "
               "(2) multiply every logit by 2, (3) add 5 to one logit only? Answer without "
               "computing, then check with `gl.softmax`.")
    catalog = Catalog(locale="zh_CN")
    catalog.add(english, "把每个 logit 加 5 时 $\\operatorname{softmax}(a)$ 会怎样？")
    catalog.add("The softmax output layer", "softmax 输出层")
    path = tmp_path / "zh_CN" / "LC_MESSAGES" / "book" / "03_softmax.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as f:
        write_po(f, catalog)
    a = ma.build_assignment(CHAPTER, glue=AnyGlue(), lang="zh_CN", locales=tmp_path)
    text = "\n".join(c.source for c in a.notebook.cells)
    assert "把每个 logit 加 5 时" in text and "add 5 to every logit" not in text
    assert "# 第 3 章：softmax 输出层（练习）" in text
    assert "Compute the probabilities $o$" in text  # no translation: English, as on the site
    assert ma.languages(tmp_path) == ["en", "zh_CN"]


def test_the_teachers_guide_says_what_the_tool_does():
    """Protects the guide's "Grading with nbgrader" steps from drifting away from the tool:
    the timeout it names is the one the course configuration sets, its picture exists and
    shows the points the table gives exercise 3.3, `gl.sigmoid` does pass the check it says
    passes, and `make assignments` is a target of the Makefile."""
    guide = (ROOT / "book" / "classroom" / "teachers_guide.md").read_text(encoding="utf-8")
    section = guide.split("### Step by step, from `make assignments` to returned feedback", 1)[1]
    timeout = re.search(r"c\.Execute\.timeout = (\d+)", ma.CONFIG_TEMPLATE).group(1)
    assert f"longer than {timeout} seconds" in section
    assert f"Timeout waiting for execute reply ({timeout}s)" in section
    assert (ROOT / "book" / "images" / "nbgrader_feedback.png").exists()
    points = ma.load_points()[CHAPTER]["ex-softmax-code"]
    assert f"scores 0.0 of {points:.1f}" in section
    a = ma.build_assignment(CHAPTER, glue=AnyGlue())
    headings = [c.source.splitlines()[0] for c in a.notebook.cells
                if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("-statement")]
    assert headings[2].startswith("## Exercise 3.3: A stable softmax")
    assert headings[3].startswith("## Exercise 3.4: A sigmoid")
    import gru_lab as gl
    from gru_lab.exercises import check_sigmoid

    assert "`gl.sigmoid` passes\nthe check of exercise 3.4" in section
    assert check_sigmoid(gl.sigmoid, verbose=False)
    assert re.search(r"(?m)^assignments:", (ROOT / "Makefile").read_text(encoding="utf-8"))


GLUE_PAGE = MYST_HEADER + """# A page that glues

```{code-cell} ipython3
from myst_nb import glue
glue("share", 0.25, display=False)
```
"""


def test_glued_numbers_come_from_one_execution_then_its_record(tmp_path):
    """Protects `make assignments` from executing a chapter twice for the same code: the
    first run executes the page and records its numbers, the next reads the record, and an
    edited page is executed again (here forbidden, so it is an error)."""
    page = tmp_path / "page.md"
    page.write_text(GLUE_PAGE, encoding="utf-8")
    record = tmp_path / "glue" / "page.json"
    values = ma.glue_values(page, cache_dir=tmp_path / "no-cache", saved=record)
    assert values["share"]["text/plain"] == "0.25" and record.exists()
    assert ma.glue_values(page, cache_dir=tmp_path / "no-cache", saved=record,
                          execute=False) == values
    page.write_text(GLUE_PAGE.replace("0.25", "0.5"), encoding="utf-8")
    with pytest.raises(ma.AssignmentError, match="no execution"):
        ma.glue_values(page, cache_dir=tmp_path / "no-cache", saved=record, execute=False)


# --------------------------------------------------------------------------- the round trip

SOFTMAX = """\
def softmax(logits, temperature=1.0):
    a = np.asarray(logits, dtype=float) / temperature
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)"""
SIGMOID = """\
def sigmoid(a):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(a, dtype=float)))"""
#: what each "student" writes, by grade_id (cells left out keep the released text)
STUDENTS = {
    "correct": {
        "ex-softmax-code-answer": SOFTMAX,
        "ex-softmax-sigmoid-answer": SIGMOID,
        "ex-softmax-shift-scale-answer": "(1) Nothing changes. (2) Sharper. (3) It grows.",
    },
    "mistakes": {  # typical slips: a flat list (shape), the naive form (NaN)
        "ex-softmax-code-answer": SOFTMAX.replace(
            "return e / e.sum(axis=-1, keepdims=True)", "return list((e / e.sum()).ravel())"
        ).replace("a.max(axis=-1, keepdims=True)", "a.max()"),
        "ex-softmax-sigmoid-answer": "def sigmoid(a):\n    return np.exp(a) / (1 + np.exp(a))",
    },
    "types": {  # a string, math.exp on an array (raises inside the function), an edited check
        "ex-softmax-code-answer": "def softmax(logits, temperature=1.0):\n    return 'softmax'",
        "ex-softmax-sigmoid-answer": "import math\n\n\ndef sigmoid(a):\n"
                                     "    return 1 / (1 + math.exp(-a))",
        "ex-softmax-sigmoid-test": "pass  # a student who turned the check off",
    },
    "stuck": {  # a function that never returns, and a cell that raises after its function
        "ex-softmax-code-answer": "def softmax(logits, temperature=1.0):\n"
                                  "    while True:\n        pass",
        "ex-softmax-sigmoid-answer": SIGMOID + "\n\nraise RuntimeError('left over from a try')",
    },
    "blank": {},
}
LOOPS = {("stuck", "ex-softmax-code-test")}  # never returns: nbgrader's timeout must stop it


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run nbgrader as the guide says, with the venv on PATH (nbgrader calls `alembic`)."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([str(bin_dir / "nbgrader"), *args], cwd=course, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stderr[-4000:]}"
    return result


def _sources(path: Path) -> dict[str, str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in nb["cells"]
            if "nbgrader" in c["metadata"]}


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    """The round trip, made once per test run (``made_once``: also when two pytest workers run
    this module's tests, as ``make test`` does); the tests only read it."""
    nbgrader = pytest.importorskip(
        "nbgrader", reason='nbgrader is not installed: pip install -e ".[grading]"')
    assert nbgrader.__version__.startswith("0.9."), nbgrader.__version__
    return made_once(tmp_path_factory, "assignments", _round_trip) / "en"


def _round_trip(out: Path) -> None:
    """Write chapter 3's assignment into ``out``, release it, submit the five students'
    answers, autograde them and write their feedback."""
    made = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_assignments.py"), "--out", str(out),
         "--chapters", CHAPTER, "--languages", "en"],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert made.returncode == 0, made.stderr[-4000:]
    course = out / "en"
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as f:
        f.write(f"c.Execute.timeout = {TIMEOUT}\n")
    _nbgrader(course, "generate_assignment", NAME)
    release = course / "release" / NAME / f"{NAME}.ipynb"
    for student, answers in STUDENTS.items():
        nb = json.loads(release.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                cell["source"] = answers[grade_id]
        folder = course / "submitted" / student / NAME
        folder.mkdir(parents=True)
        (folder / f"{NAME}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    graded = _nbgrader(course, "autograde", NAME)
    _nbgrader(course, "generate_feedback", NAME)
    course.joinpath("autograde.log").write_text(graded.stderr, encoding="utf-8")


def _grades(course: Path) -> dict[tuple[str, str], object]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        out = {}
        for student in STUDENTS:
            sub = gb.find_submission_notebook(NAME, NAME, student)
            for grade in sub.grades:
                out[student, grade.name] = (grade.auto_score, grade.needs_manual_grade,
                                            grade.max_score)
        return out


def _tests(course: Path) -> dict[str, tuple[str, str]]:
    """{grade_id: (check, function)} of the autograded cells of the released notebook."""
    found = {}
    for grade_id, source in _sources(course / "release" / NAME / f"{NAME}.ipynb").items():
        call = re.search(r"feedback = (check_\w+)\((\w+)\)", source)
        if call:
            found[grade_id] = call.groups()
    return found


def _in_process(course: Path, student: str, check: str, function: str):
    """What the check says here, on the student's answer cells run in order (a cell that
    raises is left, as in the notebook)."""
    import gru_lab.exercises

    nb = json.loads((course / "release" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    namespace: dict = {}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] != "code" or meta.get("grade"):
            continue  # the setup cell and the answer cells, not the checks
        with contextlib.suppress(Exception):
            exec(STUDENTS[student].get(meta.get("grade_id"), "".join(cell["source"])), namespace)
    return getattr(gru_lab.exercises, check)(namespace.get(function), verbose=False)


def _outputs(course: Path, student: str) -> dict[str, list]:
    path = course / "autograded" / student / NAME / f"{NAME}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    return {c["metadata"]["nbgrader"]["grade_id"]: c.get("outputs", []) for c in nb["cells"]
            if c["cell_type"] == "code" and "nbgrader" in c["metadata"]}


def _stdout(outputs: list) -> str:
    return "".join("".join(o["text"]) for o in outputs
                   if o["output_type"] == "stream" and o["name"] == "stdout")


def _feedback_text(course: Path, student: str) -> str:
    page = (course / "feedback" / student / NAME / f"{NAME}.html").read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.slow
def test_release_holds_no_solution(course):
    """Protects "the released notebook contains no solution text and no answer hidden in its
    metadata": no line of any model answer or solution function, no glued answer number, no
    nbgrader marker, and no metadata beyond nbgrader's own; the rubric stays with the
    teacher."""
    release_dir = course / "release" / NAME
    assert sorted(p.name for p in release_dir.iterdir()) == [f"{NAME}.ipynb"]
    raw = (release_dir / f"{NAME}.ipynb").read_text(encoding="utf-8")
    nb = json.loads(raw)
    released = json.dumps(nb, ensure_ascii=False)
    source = json.loads((course / "source" / NAME / f"{NAME}.ipynb").read_text())
    hidden, public = [], []
    for cell in source["cells"]:
        text = "".join(cell["source"])
        if not cell["metadata"].get("nbgrader", {}).get("solution"):
            public.append(text)
        elif ma.BEGIN in text:  # the function's signature stays; its body is the solution
            before, rest = text.split(ma.BEGIN, 1)
            public.append(before)
            hidden += rest.split(ma.END, 1)[0].splitlines()
        else:
            hidden += text.splitlines()
    # lines of the model answers that the statements and the checks do not show anyway
    shown = "\n".join(public)
    secrets = [ln.strip() for ln in hidden if len(ln.strip()) >= 12 and ln.strip() not in shown]
    assert len(secrets) >= 10
    leaked = [s for s in secrets if json.dumps(s, ensure_ascii=False)[1:-1] in released]
    assert not leaked, leaked
    rubric = (course / "rubrics" / f"{NAME}.md").read_text(encoding="utf-8")
    numbers = set(re.findall(r"\d+\.\d{4}", rubric))  # the by-hand answers, glued (0.6652)
    assert numbers and not [n for n in numbers if n in released]
    assert not any(marker in released for marker in ma.MARKERS)
    assert set(nb["metadata"]) <= {"kernelspec", "language_info"}
    nbgrader_keys = {"cell_type", "checksum", "grade", "grade_id", "locked", "points",
                     "schema_version", "solution", "task"}
    for cell in nb["cells"]:
        assert set(cell["metadata"]) <= {"deletable", "editable", "nbgrader"}
        assert set(cell["metadata"].get("nbgrader", {})) <= nbgrader_keys
        assert not cell.get("outputs") and not cell.get("attachments")


@pytest.mark.slow
def test_scores_are_what_the_checks_say(course):
    """Protects "the scores match what the checks say": for every student and every
    autograded cell, nbgrader's score is the cell's points when the book's check, run here
    on the same answer, passes, and 0 when it fails (or when the function never returns)."""
    grades = _grades(course)
    tests = _tests(course)
    assert set(tests) == {"ex-softmax-code-test", "ex-softmax-sigmoid-test"}
    passed = set()
    for student in STUDENTS:
        for grade_id, (check, function) in tests.items():
            score, _, points = grades[student, grade_id]
            if (student, grade_id) in LOOPS:
                assert score == 0, (student, grade_id)
                continue
            feedback = _in_process(course, student, check, function)
            assert score == (points if feedback.passed else 0), (student, grade_id, feedback)
            if feedback.passed:
                passed.add((student, grade_id))
    assert passed == {("correct", "ex-softmax-code-test"), ("correct", "ex-softmax-sigmoid-test"),
                      ("stuck", "ex-softmax-sigmoid-test")}
    assert grades["correct", "ex-softmax-code-test"][0] == 4
    assert grades["correct", "ex-softmax-sigmoid-test"][0] == 3


@pytest.mark.slow
def test_wrong_types_and_shapes_get_the_hint_and_zero(course):
    """Protects "a list where an array is expected, NaN, a string ... gets the check's clear
    hint and zero points, never a crashed grading run": the test cell prints exactly what the
    check prints in the book, raises AssertionError with the hint, and the feedback HTML that
    nbgrader returns shows that hint."""
    tests = _tests(course)
    kinds = {}
    for student in ("mistakes", "types"):
        outputs = _outputs(course, student)
        feedback_html = _feedback_text(course, student)
        for grade_id, (check, function) in tests.items():
            expected = _in_process(course, student, check, function)
            assert not expected.passed
            kinds[student, function] = expected.kind
            assert _stdout(outputs[grade_id]) == expected.message + "\n"
            errors = [o for o in outputs[grade_id] if o["output_type"] == "error"]
            assert [e["ename"] for e in errors] == ["AssertionError"]
            assert errors[0]["evalue"] == expected.hint
            assert expected.hint in feedback_html
            assert expected.message.splitlines()[0] in feedback_html
    assert kinds == {("mistakes", "softmax"): "shape", ("mistakes", "sigmoid"): "nan",
                     ("types", "softmax"): "type", ("types", "sigmoid"): "raised"}
    assert math.isclose(_grades(course)["types", "ex-softmax-code-test"][0], 0)
    # the locked check that "types" replaced with `pass` was put back before grading
    assert _grades(course)["types", "ex-softmax-sigmoid-test"][0] == 0
    graded = _sources(course / "autograded" / "types" / NAME / f"{NAME}.ipynb")
    assert graded["ex-softmax-sigmoid-test"] == _sources(
        course / "release" / NAME / f"{NAME}.ipynb")["ex-softmax-sigmoid-test"]


@pytest.mark.slow
def test_a_function_that_never_returns_is_cut_and_the_rest_graded(course):
    """Protects "code that loops forever or raises is contained by nbgrader's timeout and
    reported, and the other cells are still graded"."""
    outputs = _outputs(course, "stuck")
    loop = {o.get("ename") for o in outputs["ex-softmax-code-test"]}
    assert "CellTimeoutError" in loop, outputs["ex-softmax-code-test"]
    raised = [o for o in outputs["ex-softmax-sigmoid-answer"] if o["output_type"] == "error"]
    assert raised and raised[0]["ename"] == "RuntimeError"
    assert "all 3 checks passed" in _stdout(outputs["ex-softmax-sigmoid-test"])
    grades = _grades(course)
    assert grades["stuck", "ex-softmax-code-test"][0] == 0
    assert grades["stuck", "ex-softmax-sigmoid-test"][0] == 3
    log = (course / "autograde.log").read_text(encoding="utf-8")
    assert f"Timeout waiting for execute reply ({TIMEOUT}s)" in log
    assert "CellTimeoutError" in _feedback_text(course, "stuck")


@pytest.mark.slow
def test_answers_in_words_wait_for_the_grader(course):
    """Protects the hand-graded half: a written answer needs a grader; an answer left as
    released scores 0 without one (nbgrader's checksum); the blank submission scores 0."""
    grades = _grades(course)
    assert grades["correct", "ex-softmax-shift-scale-answer"][1] is True
    assert grades["correct", "ex-softmax-by-hand-answer"][:2] == (0, False)
    blank = {k: v for k, v in grades.items() if k[0] == "blank"}
    assert len(blank) == 5 and all(score == 0 and not manual for score, manual, _ in
                                   blank.values())
    assert sum(v[2] for k, v in grades.items() if k[0] == "blank") == 13


@pytest.mark.slow
def test_answers_graded_by_hand_keep_the_model_answer_in_the_rubric(course):
    """Protects "written exercises become manually graded cells with a rubric taken from the
    solution": the rubric has each exercise's points and the book's solution, numbers
    computed by the chapter included."""
    rubric = (course / "rubrics" / f"{NAME}.md").read_text(encoding="utf-8")
    assert "## Exercise 3.1: Shifting and scaling the logits (2 points)" in rubric
    assert "the ratios\n   $o_j / o_k = e^{a_j - a_k}$" in rubric
    import gru_lab as gl

    loss = gl.cross_entropy(np.array([2.0, 1.0, 0.0]), 0)[0]
    assert f"$-\\log o_1$ = {loss:.4f}" in rubric
    assert "cell `ex-softmax-code-test` runs `check_softmax(softmax)`" in rubric
