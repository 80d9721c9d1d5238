"""Write the book's exercises as nbgrader assignments: one *source* notebook per chapter.

Usage::

    python tools/make_assignments.py                  # what `make assignments` runs
    python tools/make_assignments.py --chapters book/03_softmax
    python tools/make_assignments.py --book-url https://my-school.example.edu/gru-lab

For every chapter of ``_toc.yml`` that has exercises, and for every language of the book
(English, and each language with catalogs under ``locales/``), it writes::

    OUT/<language>/source/<name>/<name>.ipynb   the nbgrader source notebook (solutions inside)
    OUT/<language>/rubrics/<name>.md            the marking guide for the answers graded by hand
    OUT/<language>/nbgrader_config.py           a course configuration (written once, kept)

``OUT`` is ``_build/assignments``; ``<name>`` is the chapter's file name (``03_softmax``).
Each ``OUT/<language>`` folder is laid out as an nbgrader course folder.

What each exercise becomes, by the kind it declares (``tools/myst_exercises.py``):

* ``kind-checked``: a code cell for the student's function, with the solution's function
  body between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (``nbgrader
  generate_assignment`` replaces it with ``raise NotImplementedError()``), and a locked,
  autograded test cell that calls the same check from ``gru_lab.exercises`` as the chapter.
  The check prints its feedback; when it fails, the cell raises ``AssertionError`` with the
  check's hint, so nbgrader gives 0 points and the feedback shows the hint.
* ``kind-written`` and ``kind-by-hand``: a Markdown answer cell graded by hand; its source is
  the book's solution (the model answer), which ``generate_assignment`` replaces with
  "YOUR ANSWER HERE". The rubric repeats it for the grader.
* ``kind-coding``: a code answer cell graded by hand, the solution's code between the markers.

Points come from one table per chapter, ``book/classroom/grading_points.yml``. Numbers that
the book glues into the text are taken from the chapter's execution: the build's execution
cache (``_build/.jupyter_cache``, filled by ``make book``), or, when the chapter's current code
is not cached there, one execution of the chapter (``--no-execute`` forbids it), whose numbers
are kept in ``OUT/.glue/`` for the next run.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import copy
import functools
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent))
import myst_exercises as me  # noqa: E402
from book_toc import ROOT, notebook_files, source_path, toc_files  # noqa: E402

POINTS_FILE = ROOT / "book" / "classroom" / "grading_points.yml"
OUT = ROOT / "_build" / "assignments"
CACHE_DIR = ROOT / "_build" / ".jupyter_cache"
LOCALES = ROOT / "locales"
MYST_READER = {"type": "plugin", "name": "myst_nb_md"}  # as myst-nb reads a page (the cache key)
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
#: nbgrader's markers: none of these may appear in a cell that is not meant to hold them
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
           "BEGIN MARK SCHEME", "END MARK SCHEME")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

#: Every sentence this tool writes into a notebook, per language (English is the fallback).
MESSAGES = {
    "en": {
        "title": "# Chapter {number}: {title}, exercises",
        "title_unnumbered": "# {title}: exercises",
        "intro": "The exercises of {chapter} of GRU Lab, as an assignment: {total} points, "
                 "{auto} graded automatically and {manual} by hand.",
        "intro_auto": "The exercises of {chapter} of GRU Lab, as an assignment: {total} "
                      "points, all graded automatically.",
        "intro_manual": "The exercises of {chapter} of GRU Lab, as an assignment: {total} "
                        "points, all graded by hand.",
        "chapter": "the chapter *{title}*",
        "chapter_link": "the chapter [*{title}*]({url})",
        "how_answer": "- Write your answers in the cells that say `YOUR CODE HERE` (replace "
                      "`raise NotImplementedError()` with your code) or `YOUR ANSWER HERE`.",
        "how_check": "- A locked cell after a function runs the chapter's check on it: run it "
                     "to see the check's feedback. The same check grades the exercise: all "
                     "its points when it passes, none when it fails, and its feedback says "
                     "why.",
        "how_chapter": "- This notebook defines only the chapter's imports. Where an exercise "
                       "goes on with the chapter's own code, data or models, do that part in "
                       "the chapter: it is not graded here.",
        "how_submit": "- Before you submit, restart the kernel and run every cell: the grader "
                      "runs the notebook from the top, in a fresh kernel.",
        "starter": "*In this notebook, the answer cell below takes the place of the chapter's "
                   "starting cell: write your function there.*",
        "exercise": "## Exercise {number}: {title}",
        "points": "{points} points",
        "point": "1 point",
        "graded_auto": "*Graded automatically ({points}): `{check}` from "
                       "`gru_lab.exercises`, the check the chapter uses.*",
        "graded_written": "*Answer in the cell below, in words and maths "
                          "({points}, graded by hand).*",
        "graded_code": "*Write your code in the cell below ({points}, graded by hand: "
                       "say what you observe in comments).*",
        "graded_auto_written": "*Then answer the question in words in the cell after the "
                               "check ({points}, graded by hand).*",
        "equations": "The equations this exercise refers to:",
        "setup": "# The imports of the chapter (run this cell first).",
        "test": "# Graded automatically ({points}): the chapter's check. Run this cell to see "
                "its feedback.",
        "text_stub": "YOUR ANSWER HERE",
        "code_stub": "# YOUR CODE HERE\nraise NotImplementedError()",
        "rubric_title": "# Marking guide: {heading}",
        "rubric_intro": "Assignment `{name}`: {total} points, {auto} graded automatically and "
                        "{manual} by hand. The model answers are the book's solutions; other "
                        "right answers exist. This file is not part of the assignment: "
                        "students do not receive it.",
        "rubric_intro_auto": "Assignment `{name}`: {total} points, all graded automatically.",
        "rubric_intro_manual": "Assignment `{name}`: {total} points, all graded by hand. The "
                               "model answers are the book's solutions; other right answers "
                               "exist. This file is not part of the assignment: students do "
                               "not receive it.",
        "rubric_auto": "Graded automatically: cell `{cell}` runs `{call}`, the chapter's check. "
                       "{points} when it passes, 0 when it fails.",
        "rubric_manual": "Graded by hand: cell `{cell}`, {points}.",
        "rubric_model": "Model answer (the book's solution):",
    },
    "zh_CN": {
        "title": "# 第 {number} 章：{title}（练习）",
        "title_unnumbered": "# {title}（练习）",
        "intro": "GRU Lab {chapter}的练习，作为一份作业：共 {total} 分，其中 {auto} 分自动评分，"
                 "{manual} 分人工评分。",
        "intro_auto": "GRU Lab {chapter}的练习，作为一份作业：共 {total} 分，全部自动评分。",
        "intro_manual": "GRU Lab {chapter}的练习，作为一份作业：共 {total} 分，全部人工评分。",
        "chapter": "章节《{title}》",
        "chapter_link": "章节[《{title}》]({url})",
        "how_answer": "- 在写有 `YOUR CODE HERE`（把 `raise NotImplementedError()` 换成你的代码）"
                      "或 `在此作答` 的单元格中作答。",
        "how_check": "- 函数后面的锁定单元格会用本章的检查函数检查它：运行它即可看到反馈。"
                     "评分用的是同一个检查：通过得全部分数，不通过得 0 分，反馈会说明原因。",
        "how_chapter": "- 本笔记本只包含本章的导入。练习中需要用到本章自己的代码、数据或模型的"
                       "部分，请在章节中完成：这里不评分。",
        "how_submit": "- 提交之前，请重启内核并运行全部单元格："
                      "评分时会在新的内核中从头运行本笔记本。",
        "starter": "*在本笔记本中，下面的作答单元格代替了章节中的起始单元格：请在那里写你的函数。*",
        "exercise": "## 练习 {number}：{title}",
        "points": "{points} 分",
        "point": "1 分",
        "graded_auto": "*自动评分（{points}）：使用 `gru_lab.exercises` 中的 `{check}`，"
                       "即本章所用的检查。*",
        "graded_written": "*请在下面的单元格中用文字和公式作答（{points}，人工评分）。*",
        "graded_code": "*请在下面的单元格中写代码（{points}，人工评分；用注释写下你的观察）。*",
        "graded_auto_written": "*然后在检查之后的单元格中用文字回答问题（{points}，人工评分）。*",
        "equations": "本练习引用的公式：",
        "setup": "# 本章的导入（请先运行这个单元格）。",
        "test": "# 自动评分（{points}）：本章的检查。运行这个单元格即可看到反馈。",
        "text_stub": "在此作答",
        "code_stub": "# YOUR CODE HERE\nraise NotImplementedError()",
        "rubric_title": "# 评分指南：{heading}",
        "rubric_intro": "作业 `{name}`：共 {total} 分，其中 {auto} 分自动评分，"
                        "{manual} 分人工评分。参考答案即书中的解答；"
                        "其他正确答案也是可以的。这个文件不属于作业：学生不会收到它。",
        "rubric_intro_auto": "作业 `{name}`：共 {total} 分，全部自动评分。",
        "rubric_intro_manual": "作业 `{name}`：共 {total} 分，全部人工评分。参考答案即书中的解答；"
                               "其他正确答案也是可以的。这个文件不属于作业：学生不会收到它。",
        "rubric_auto": "自动评分：单元格 `{cell}` 运行 `{call}`（本章的检查）。"
                       "通过得 {points}，不通过得 0 分。",
        "rubric_manual": "人工评分：单元格 `{cell}`，{points}。",
        "rubric_model": "参考答案（书中的解答）：",
    },
}

CONFIG_TEMPLATE = '''\
# nbgrader configuration for the GRU Lab assignments (written by tools/make_assignments.py;
# edit it freely: it is written only when missing).
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "gru-lab"
# Seconds one cell may run while autograding; a cell that runs longer (a loop that never
# ends) is interrupted, gets 0 points, and the next cells are still graded.
c.Execute.timeout = 30
# What replaces the solutions in the notebooks students receive.
c.ClearSolutions.code_stub = {{"python": {code_stub}}}
c.ClearSolutions.text_stub = {text_stub}
'''


class AssignmentError(ValueError):
    """An exercise, a solution or a points table that cannot become an assignment."""


def _message(lang: str, key: str, **kwargs) -> str:
    table = MESSAGES.get(lang, {})
    return (table.get(key) or MESSAGES["en"][key]).format(**kwargs)


def _points_text(lang: str, points: float) -> str:
    if points == 1:
        return _message(lang, "point")
    return _message(lang, "points", points=_number(points))


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# --------------------------------------------------------------------------- the points table


@dataclass(frozen=True)
class Points:
    """The points of one exercise: ``check`` (automatic) and ``manual`` (graded by hand)."""

    check: float = 0
    manual: float = 0

    @property
    def total(self) -> float:
        return self.check + self.manual


def load_points(path: Path = POINTS_FILE) -> dict[str, dict[str, object]]:
    """``{docname: {label: points entry}}`` from the points table (one mapping per chapter)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise AssignmentError(f"{path}: expected one mapping per chapter")
    return {str(k): dict(v or {}) for k, v in data.items()}


def _positive(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise AssignmentError(f"{where}: points must be a positive number, got {value!r}")
    return float(value)


def exercise_points(table: dict, docname: str, label: str, kind: str) -> Points:
    """The points of one exercise. A checked exercise's number goes to its check; a mapping
    ``{check: 3, written: 1}`` adds a question graded by hand after the check."""
    where = f"{POINTS_FILE.name}, {docname}, {label}"
    chapter = table.get(docname)
    if chapter is None or label not in chapter:
        raise AssignmentError(
            f"{where}: no points for this exercise: add `{label}: <points>` under `{docname}:`")
    value = chapter[label]
    if isinstance(value, dict):
        if kind != "checked" or set(value) - {"check", "written"} or "check" not in value:
            raise AssignmentError(f"{where}: only a checked exercise takes a mapping, "
                                  f"`{{check: n}}` or `{{check: n, written: m}}`")
        written = _positive(value["written"], where) if "written" in value else 0.0
        return Points(check=_positive(value["check"], where), manual=written)
    points = _positive(value, where)
    return Points(check=points) if kind == "checked" else Points(manual=points)


# --------------------------------------------------------------------------- book-wide lookups


@functools.lru_cache(maxsize=1)
def chapter_numbers(root: Path = ROOT) -> dict[str, int]:
    """``{docname: number}`` as the book numbers its chapters (continuously across the
    numbered parts of ``_toc.yml``)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    numbers, n = {}, 0
    for part in toc.get("parts") or []:
        for entry in part.get("chapters") or []:
            if part.get("numbered") and "file" in entry:
                n += 1
                numbers[entry["file"].removesuffix(".md").removesuffix(".ipynb")] = n
    return numbers


def page_title(text: str) -> str:
    toks = me.tokens(text)
    for i, tok in enumerate(toks):
        if tok.type == "heading_open" and tok.tag == "h1":
            return toks[i + 1].content.strip()
    return ""


@functools.lru_cache(maxsize=1)
def book_pages(root: Path = ROOT) -> dict[str, str]:
    """``{docname: text}`` of every page of ``_toc.yml``."""
    return {d: source_path(d, root).read_text(encoding="utf-8") for d in toc_files(root)}


@functools.lru_cache(maxsize=1)
def equations(root: Path = ROOT) -> dict[str, str]:
    """``{label: LaTeX}`` of every labelled ``$$ ... $$ (label)`` equation of the book."""
    found = {}
    for text in book_pages(root).values():
        for tok, _, _ in me.walk(text):
            if tok.type == "math_block_label":
                found[tok.info] = tok.content.strip()
    return found


@functools.lru_cache(maxsize=1)
def citations(root: Path = ROOT) -> dict[str, str]:
    """``{key: "Author et al. (year)"}`` from ``book/references.bib``, as the site's
    author-year style names a work in running text."""
    from pybtex.database import parse_file

    bib = parse_file(str(root / "book" / "references.bib"), bib_format="bibtex")
    out = {}
    for key, entry in bib.entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
        if len(names) >= 3:
            who = f"{names[0]} et al."
        elif len(names) == 2:
            who = f"{names[0]} and {names[1]}"
        else:
            who = names[0] if names else key
        out[key] = f"{who} ({entry.fields.get('year', 'n.d.')})"
    return out


# --------------------------------------------------------------------------- glued numbers


def glue_values(path: Path, *, cache_dir: Path = CACHE_DIR, execute: bool = True,
                timeout: int = 600, saved: Path | None = None) -> dict[str, dict]:
    """``{name: mime bundle}`` of what the chapter glues (``myst_nb.glue``).

    Read from the build's execution cache when it holds the chapter's current code, else from
    ``saved`` (this tool's own record of an earlier execution of the same code), else from
    one execution of the chapter in a temporary folder (unless ``execute`` is False), which is
    then recorded in ``saved``. The build's cache is only read, never written.
    """
    import hashlib

    from jupyter_cache.readers import get_reader
    from myst_nb.ext.glue import extract_glue_data_cell

    notebook = get_reader(MYST_READER)(str(path))
    code = json.dumps([c.source for c in notebook.cells if c.cell_type == "code"])
    key = hashlib.sha256(code.encode("utf-8")).hexdigest()
    executed = None
    if (cache_dir / "global.db").exists():
        from jupyter_cache import get_cache

        try:
            _, executed = get_cache(str(cache_dir)).merge_match_into_notebook(notebook)
        except KeyError:  # the chapter's current code has no cached execution
            executed = None
    if executed is None and saved is not None and saved.exists():
        record = json.loads(saved.read_text(encoding="utf-8"))
        if record.get("key") == key:
            return record["values"]
    if executed is None:
        if not execute:
            raise AssignmentError(
                f"{path.name}: its current code has no execution in {cache_dir}; run "
                "`make book`, or allow one execution (no --no-execute)")
        from nbclient import NotebookClient

        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: not in the "
              "execution cache, executed once for its numbers", file=sys.stderr, flush=True)
        executed = copy.deepcopy(notebook)
        with tempfile.TemporaryDirectory(prefix="gru-lab-assignment-") as cwd:
            NotebookClient(executed, timeout=timeout, kernel_name="python3",
                           resources={"metadata": {"path": cwd}}).execute()
    values = {}
    for cell in executed.cells:
        if cell.cell_type == "code":
            for name, output in extract_glue_data_cell(cell):
                values[name] = dict(output.get("data", {}))
    if saved is not None:
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps({"key": key, "values": values}), encoding="utf-8")
    return values


# --------------------------------------------------------------------------- MyST -> Markdown

_ROLE = re.compile(r"\{(?P<role>[a-z][\w:-]*)\}`(?P<content>[^`]*)`")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


@dataclass
class Renderer:
    """Turns the MyST of exercises and solutions into the Markdown a notebook shows."""

    docname: str
    glue: dict = field(default_factory=dict)
    book_url: str = ""
    root: Path = ROOT
    used_equations: list = field(default_factory=list)

    def page_url(self, docname: str) -> str:
        return f"{self.book_url.rstrip('/')}/{docname}.html" if self.book_url else ""

    def _doc(self, target: str) -> tuple[str, str]:
        """(docname, title) of a ``{doc}`` target, relative to this page or absolute."""
        base = Path(self.docname).parent
        name = target.lstrip("/") if target.startswith("/") else str(base / target)
        parts = []
        for piece in name.split("/"):
            if piece == "..":
                parts.pop()
            elif piece not in ("", "."):
                parts.append(piece)
        docname = "/".join(parts)
        pages = book_pages(self.root)
        if docname not in pages:
            raise AssignmentError(f"{self.docname}: {{doc}}`{target}` names no page of the book")
        return docname, page_title(pages[docname])

    def role(self, match: re.Match) -> str:
        role, content = match.group("role"), match.group("content")
        explicit = _EXPLICIT.match(content)
        text, target = (explicit.group("text"), explicit.group("target")) if explicit else (
            "", content)
        if role == "glue:text" or role == "glue":
            from myst_nb.core.variables import format_plain_text

            key, _, fmt = target.rpartition(":") if ":" in target else (target, "", "")
            if "::" in key:
                key = key.split("::", 1)[1]
            if key not in self.glue or "text/plain" not in self.glue[key]:
                raise AssignmentError(f"{self.docname}: no glued value `{key}` in the "
                                      "chapter's execution")
            return format_plain_text(self.glue[key]["text/plain"], fmt or "")
        if role == "eq":
            if target not in equations(self.root):
                raise AssignmentError(f"{self.docname}: {{eq}}`{target}` names no equation")
            if target not in self.used_equations:
                self.used_equations.append(target)
            return text or f"({target})"
        if role == "doc":
            docname, title = self._doc(target)
            label = text or f"*{title}*"
            url = self.page_url(docname)
            return f"[{label}]({url})" if url else label
        if role in ("cite:t", "cite:p", "cite"):
            refs = citations(self.root)
            keys = [k.strip() for k in target.split(",")]
            missing = [k for k in keys if k not in refs]
            if missing:
                raise AssignmentError(f"{self.docname}: no reference {missing} in references.bib")
            cited = "; ".join(refs[k] for k in keys)
            return f"({cited})" if role == "cite:p" else cited
        if role in ("ref", "numref") and text:
            return text
        raise AssignmentError(
            f"{self.docname}: tools/make_assignments.py cannot show the role {{{role}}}`"
            f"{content}` in a notebook: write it out, or teach Renderer.role this role")

    def markdown(self, text: str) -> str:
        """``text`` with its MyST roles written out, outside code (fences and inline code)."""
        out, fence = [], None
        for line in text.splitlines(keepends=True):
            stripped = line.lstrip()
            marker = re.match(r"(`{3,}|~{3,})", stripped)
            if fence is None and marker:
                fence = marker.group(1)
                out.append(line)
                continue
            if fence is not None:
                if stripped.startswith(fence) and not stripped[len(fence):].strip():
                    fence = None
                out.append(line)
                continue
            out.append(_outside_inline_code(line, lambda s: _ROLE.sub(self.role, s)))
        return "".join(out)

    def equation_block(self, lang: str) -> str:
        """The equations referred to since the last call, written out with their labels."""
        if not self.used_equations:
            return ""
        eqs = equations(self.root)
        lines = [_message(lang, "equations"), ""]
        for label in self.used_equations:
            lines += [f"$$\n{eqs[label]} \\tag{{{label}}}\n$$", ""]
        self.used_equations = []
        return "\n".join(lines).rstrip() + "\n"


def _outside_inline_code(line: str, func) -> str:
    """Apply ``func`` to the parts of ``line`` that are not inline code (a role's own
    backticks are part of the role, so a role is matched before inline code)."""
    out, pos = [], 0
    for m in re.finditer(r"\{[a-z][\w:-]*\}`[^`]*`|(`+)(.+?)\1", line):
        out.append(func(line[pos:m.start()]))
        out.append(func(m.group(0)) if m.group(0).startswith("{") else m.group(0))
        pos = m.end()
    out.append(func(line[pos:]))
    return "".join(out)


# --------------------------------------------------------------------------- translation


class Catalog:
    """The translations of one page (``locales/<lang>/LC_MESSAGES/<docname>.po``, as
    ``sphinx-intl`` writes them): a paragraph is translated when the catalog has a finished
    (not fuzzy, not empty) translation of it; anything else stays in English, as on the site."""

    def __init__(self, lang: str, docname: str, locales: Path = LOCALES):
        self.messages: dict[str, str] = {}
        path = locales / lang / "LC_MESSAGES" / f"{docname}.po"
        if lang != "en" and path.exists():
            from babel.messages.pofile import read_po

            with path.open("rb") as f:
                catalog = read_po(f)
            for msg in catalog:
                if msg.id and msg.string and not msg.fuzzy and isinstance(msg.id, str):
                    self.messages[msg.id] = msg.string

    def text(self, text: str) -> str:
        return self.messages.get(text.strip(), text)

    def markdown(self, text: str) -> str:
        """Translate paragraph by paragraph (list items one by one), code left alone."""
        if not self.messages:
            return text
        out, para, fence = [], [], None

        def flush():
            if para:
                out.append(self._paragraph(para))
                para.clear()

        for line in text.splitlines(keepends=True):
            stripped = line.strip()
            if fence is not None:  # inside code or display maths: kept as it is
                out.append(line)
                if stripped.startswith(fence) and (fence == "$$" or not stripped[len(fence):]):
                    fence = None
                continue
            marker = re.match(r"`{3,}|~{3,}", stripped)
            if marker or stripped.startswith("$$"):
                flush()
                out.append(line)
                one_line = stripped.startswith("$$") and len(stripped) > 4 and \
                    stripped.endswith("$$")
                fence = None if one_line else (marker.group(0) if marker else "$$")
                continue
            if not stripped:
                flush()
                out.append(line)
            elif re.match(r"\s*([-*+]|\d+[.)])\s", line) and para:
                flush()
                para.append(line)
            else:
                para.append(line)
        flush()
        return "".join(out)

    def _paragraph(self, lines: list[str]) -> str:
        first = lines[0]
        item = re.match(r"(\s*(?:[-*+]|\d+[.)])\s+)", first)
        prefix = item.group(1) if item else ""
        body = " ".join([first[len(prefix):].strip()] + [ln.strip() for ln in lines[1:]])
        translated = self.messages.get(body)
        if translated is None:
            return "".join(lines)
        return prefix + translated.replace("\n", " ") + "\n"


def languages(locales: Path = LOCALES) -> list[str]:
    """English, then every language that has catalogs under ``locales/``."""
    found = sorted(p.name for p in locales.iterdir() if (p / "LC_MESSAGES").is_dir()) \
        if locales.is_dir() else []
    return ["en"] + [lang for lang in found if lang != "en"]


# --------------------------------------------------------------------------- reading a chapter


@dataclass
class Part:
    """A piece of an exercise or a solution: Markdown, or the code of a code cell."""

    kind: str  # "markdown" or "code"
    text: str


@dataclass
class Exercise:
    label: str
    title: str
    kind: str
    number: str
    statement: list[Part]
    solution: list[Part]
    points: Points


def _parts(lines: list[str], start: int, end: int, found: list[me.Block]) -> list[Part]:
    """The Markdown and code-cell pieces of lines [start, end)."""
    cells = [b for b in found if b.name == "code-cell" and start <= b.start < end]
    parts: list[Part] = []
    pos = start
    for cell in cells:
        parts.append(Part("markdown", "".join(lines[pos:cell.start])))
        parts.append(Part("code", me.split_options(cell.body)[1]))  # without its options
        pos = cell.end
    parts.append(Part("markdown", "".join(lines[pos:end])))
    out = []
    for part in parts:
        text = part.text
        if part.kind == "markdown":  # jupytext's cell breaks are not Markdown
            text = "".join(ln for ln in text.splitlines(keepends=True)
                           if not re.match(r"^\+\+\+(\s|$)", ln))
        text = text.strip("\n")
        if text.strip():
            out.append(Part(part.kind, text + "\n"))
    return out


def read_exercises(docname: str, text: str, table: dict, number: int | None) -> list[Exercise]:
    """The exercises of a page, each with its statement, solution and points."""
    found = me.blocks(text)
    lines = me.split_lines(text)
    sols = {s.label: s for s in me.solutions(text, found)}
    out = []
    for k, ex in enumerate(me.exercises(text, found), start=1):
        kind = me.exercise_kind(ex, docname)
        sol = sols.get(ex.label)
        if sol is None:
            raise AssignmentError(f"{docname}: the exercise {ex.label} has no solution")
        statement = _parts(lines, ex.body_start, ex.body_end, found)
        solution = _parts(lines, sol.body_start, sol.body_end, found)
        out.append(Exercise(
            label=ex.label, title=ex.argument, kind=kind,
            number=f"{number}.{k}" if number else str(k),
            statement=statement, solution=solution,
            points=exercise_points(table, docname, ex.label, kind)))
    labels = {e.label for e in out}
    extra = sorted(set(table.get(docname) or {}) - labels)
    if extra:
        raise AssignmentError(f"{POINTS_FILE.name}, {docname}: no exercise labelled {extra}")
    return out


# --------------------------------------------------------------------------- code analysis

@functools.lru_cache(maxsize=1)
def check_names() -> frozenset[str]:
    """The checks of ``gru_lab.exercises`` (the names a test cell may call)."""
    import gru_lab.exercises as ex

    return frozenset(n for n in ex.__all__ if n.startswith("check_"))


def _python(code: str) -> str:
    """``code`` with IPython's line magics (``%matplotlib inline``) blanked, line for line."""
    if code.lstrip().startswith("%%"):  # a cell magic: the cell is not Python
        return ""
    return "\n".join("" if re.match(r"\s*[%!]", ln) else ln for ln in code.split("\n"))


def _tree(code: str, where: str) -> ast.Module:
    try:
        return ast.parse(_python(code))
    except SyntaxError as err:
        raise AssignmentError(f"{where}: the solution's code does not parse ({err})") from err


def _check_calls(tree: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name) and n.func.id in check_names()]


def _names(tree: ast.AST, ctx=ast.Load) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}


def setup_imports(found: list[me.Block], regions: list[me.Region],
                  used: set[str]) -> list[str]:
    """The top-level imports of the chapter's own code (outside exercises and solutions)
    that bind a name in ``used`` (the names the exercises' code uses)."""
    out = []
    for block in found:
        if block.name != "code-cell" or any(r.start <= block.start < r.end for r in regions):
            continue
        try:
            tree = ast.parse(_python(block.body))
        except SyntaxError:
            continue
        for node in tree.body:
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            names = [a for a in node.names if (a.asname or a.name).split(".")[0] in used]
            if names and (module or "").split(".")[0] != "myst_nb":  # a notebook glues nothing
                kept = copy.copy(node)
                kept.names = names
                line = ast.unparse(kept)
                if line not in out:
                    out.append(line)
    return out


@dataclass
class Checked:
    """One automatic check of a checked exercise."""

    check: str  # e.g. "check_softmax"
    function: str  # the student's function, e.g. "softmax"
    answer: str  # the source of the answer cell (solution between nbgrader's markers)


def checked_answers(ex: Exercise, docname: str, setup_names: set[str]) -> list[Checked]:
    """The answer cells of a checked exercise, from its solution's code."""
    where = f"{docname}, {ex.label}"
    code = "\n\n".join(p.text for p in ex.solution if p.kind == "code")
    tree = _tree(code, where)
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    lines = code.splitlines()
    out = []
    for call in _check_calls(tree):
        arg = call.args[0] if call.args else None
        if not isinstance(arg, ast.Name) or arg.id not in defs:
            raise AssignmentError(f"{where}: `{ast.unparse(call)}` must pass a function that "
                                  "the solution defines at the top level")
        node = defs[arg.id]
        if node.body[0].lineno == node.lineno:
            raise AssignmentError(f"{where}: put the body of `{node.name}` on its own lines")
        free = (_names(node) - _names(node, ast.Store) - {a.arg for a in ast.walk(node.args)
                if isinstance(a, ast.arg)} - set(dir(builtins)) - setup_names - {node.name})
        if free:
            raise AssignmentError(
                f"{where}: `{node.name}` uses {sorted(free)}, which the assignment does not "
                "define (only the chapter's imports): define them inside the function")
        first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
        body = node.body[0].lineno - 1  # a docstring is part of the solution: hidden too
        indent = re.match(r"\s*", lines[body]).group(0)
        answer = lines[first:body] + [indent + BEGIN] + lines[body:node.end_lineno] + [
            indent + END]
        out.append(Checked(call.func.id, node.name, "\n".join(answer)))
    if not out:
        raise AssignmentError(f"{where}: a kind-checked exercise whose solution calls no check "
                              f"from gru_lab.exercises ({', '.join(sorted(check_names()))})")
    return out


def _solution_code(ex: Exercise) -> str:
    return "\n\n".join(p.text.rstrip("\n") for p in ex.solution if p.kind == "code")


def _solution_markdown(ex: Exercise, render: Renderer, catalog: Catalog) -> str:
    """The solution as Markdown: prose, and its code as Python blocks."""
    pieces = []
    for part in ex.solution:
        if part.kind == "markdown":
            pieces.append(render.markdown(catalog.markdown(part.text)).strip("\n"))
        else:
            pieces.append("```python\n" + part.text.rstrip("\n") + "\n```")
    return "\n\n".join(p for p in pieces if p)


def _no_markers(text: str, where: str) -> None:
    for marker in MARKERS:
        if marker in text:
            raise AssignmentError(f"{where}: the text contains nbgrader's marker {marker!r}, "
                                  "which would cut the cell")


# --------------------------------------------------------------------------- the notebook


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _cell(kind: str, source: str, **meta) -> nbformat.NotebookNode:
    make = new_code_cell if kind == "code" else new_markdown_cell
    cell = make(source.rstrip("\n"))
    if meta:
        cell.metadata.update(_meta(**meta))
    if meta.get("locked"):
        cell.metadata.update({"deletable": False, "editable": False})
    return cell


@dataclass
class Assignment:
    name: str  # nbgrader's assignment (and notebook) name
    docname: str
    notebook: nbformat.NotebookNode
    rubric: str
    auto: float
    manual: float
    checks: dict = field(default_factory=dict)  # {grade_id of a test cell: (check, function)}


def build_assignment(docname: str, *, table: dict | None = None, glue: dict | None = None,
                     lang: str = "en", book_url: str = "", root: Path = ROOT,
                     locales: Path = LOCALES) -> Assignment:
    """The nbgrader source notebook and the rubric of one chapter."""
    table = load_points() if table is None else table
    text = source_path(docname, root).read_text(encoding="utf-8")
    found = me.blocks(text)
    regions = me.exercises(text, found) + me.solutions(text, found)
    number = chapter_numbers(root).get(docname)
    exercises = read_exercises(docname, text, table, number)
    if not exercises:
        raise AssignmentError(f"{docname}: no exercises")
    catalog = Catalog(lang, docname, locales)
    render = Renderer(docname, {} if glue is None else glue, book_url, root)
    title = catalog.text(page_title(text))
    used = set()
    for ex in exercises:
        codes = me.code_in("\n".join(p.text for p in ex.statement if p.kind == "markdown"))
        for code in codes + [p.text for p in ex.statement + ex.solution if p.kind == "code"]:
            try:
                used |= _names(ast.parse(_python(code)))
            except SyntaxError:
                continue
    imports = setup_imports(found, regions, used)
    setup_names = set()
    for line in imports:
        setup_names |= {(a.asname or a.name).split(".")[0] for a in ast.parse(line).body[0].names}
    name = Path(docname).name

    auto = sum(e.points.check for e in exercises)
    manual = sum(e.points.manual for e in exercises)
    url = render.page_url(docname)
    chapter = (_message(lang, "chapter_link", title=title, url=url) if url
               else _message(lang, "chapter", title=title))
    heading = (_message(lang, "title", number=number, title=title) if number
               else _message(lang, "title_unnumbered", title=title))
    split = "intro" if auto and manual else ("intro_auto" if auto else "intro_manual")
    how = ["how_answer"] + (["how_check"] if auto else []) + ["how_chapter", "how_submit"]
    cells = [
        _cell("markdown", "\n\n".join([
            heading,
            _message(lang, split, chapter=chapter, total=_number(auto + manual),
                     auto=_number(auto), manual=_number(manual)),
            "\n".join(_message(lang, key) for key in how)]), grade_id="header", locked=True),
        _cell("code", _message(lang, "setup") + "\n" + "\n".join(imports),
              grade_id="setup", locked=True),
    ]
    rubric = [_message(lang, "rubric_title", heading=heading.lstrip("# ")), "",
              _message(lang, f"rubric_{split}", name=name, total=_number(auto + manual),
                       auto=_number(auto), manual=_number(manual)), ""]
    checks = {}
    for ex in exercises:
        where = f"{docname}, {ex.label}"
        ex_title = catalog.text(ex.title)
        head = _message(lang, "exercise", number=ex.number, title=ex_title)
        head += f" ({_points_text(lang, ex.points.total)})"
        answers = checked_answers(ex, docname, setup_names) if ex.kind == "checked" else []
        statement, extra_code, dropped = [], [], False
        for part in ex.statement:
            if part.kind == "markdown":
                statement.append(render.markdown(catalog.markdown(part.text)).strip("\n"))
            elif answers and _check_calls(_tree(part.text, where)):
                dropped = True  # the chapter's starting cell: the answer cell replaces it
            else:
                extra_code.append(part.text)
        if ex.kind == "checked":
            n = len(answers)
            for a in answers:
                statement.append(_message(lang, "graded_auto", check=a.check,
                                          points=_points_text(lang, ex.points.check / n)))
            if ex.points.manual:
                statement.append(_message(lang, "graded_auto_written",
                                          points=_points_text(lang, ex.points.manual)))
        elif ex.kind == "coding" and _solution_code(ex):
            statement.append(_message(lang, "graded_code",
                                      points=_points_text(lang, ex.points.manual)))
        else:
            statement.append(_message(lang, "graded_written",
                                      points=_points_text(lang, ex.points.manual)))
        if dropped:
            statement.append(_message(lang, "starter"))
        eq_block = render.equation_block(lang)
        if eq_block:
            statement.append(eq_block)
        statement_text = "\n\n".join([head] + statement)
        _no_markers(statement_text, where)
        cells.append(_cell("markdown", statement_text, grade_id=f"{ex.label}-statement",
                           locked=True))
        cells += [_cell("code", code) for code in extra_code]

        model = _solution_markdown(ex, render, catalog)
        eq_block = render.equation_block(lang)
        graded = []  # the rubric's lines on how this exercise is graded
        if ex.kind == "checked":
            for a in answers:
                base = ex.label if len(answers) == 1 else f"{ex.label}-{a.function}"
                test_id = f"{base}-test"
                _no_markers(a.answer.replace(BEGIN, "").replace(END, ""), where)
                cells.append(_cell("code", a.answer, grade_id=f"{base}-answer", solution=True))
                share = ex.points.check / len(answers)
                test = "\n".join([
                    _message(lang, "test", points=_points_text(lang, share)),
                    f"from gru_lab.exercises import {a.check}", "",
                    f"feedback = {a.check}({a.function})",
                    "assert feedback, feedback.hint or feedback.message"])
                cells.append(_cell("code", test, grade_id=test_id, grade=True, locked=True,
                                   points=share))
                checks[test_id] = (a.check, a.function)
                graded.append(_message(lang, "rubric_auto", cell=test_id,
                                       call=f"{a.check}({a.function})",
                                       points=_points_text(lang, share)))
            manual_id = f"{ex.label}-written"
        else:
            manual_id = f"{ex.label}-answer"
        if ex.points.manual:
            code = _solution_code(ex) if ex.kind == "coding" else ""
            if code:  # a coding exercise: the student's code, read by the grader
                _no_markers(code, where)
                cells.append(_cell("code", f"{BEGIN}\n{code}\n{END}", grade_id=manual_id,
                                   grade=True, solution=True, points=ex.points.manual))
            else:  # an answer in words and maths: the model answer, replaced on release
                _no_markers(model, where)
                cells.append(_cell("markdown", model, grade_id=manual_id, grade=True,
                                   solution=True, points=ex.points.manual))
            graded.append(_message(lang, "rubric_manual", cell=manual_id,
                                   points=_points_text(lang, ex.points.manual)))
        rubric += [head, "", *graded, "", _message(lang, "rubric_model"), "", model, ""]
        if eq_block:
            rubric += [eq_block]

    notebook = new_notebook(cells=cells, metadata={
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
    })
    nbformat.validate(notebook)
    return Assignment(name, docname, notebook, "\n".join(rubric).rstrip() + "\n",
                      auto, manual, checks)


# --------------------------------------------------------------------------- writing


def chapters_with_exercises(root: Path = ROOT) -> list[str]:
    out = []
    for docname in notebook_files(root):
        if me.exercises(source_path(docname, root).read_text(encoding="utf-8")):
            out.append(docname)
    return out


def needs_glue(docname: str, root: Path = ROOT) -> bool:
    text = source_path(docname, root).read_text(encoding="utf-8")
    regions = me.exercises(text) + me.solutions(text)
    return any(re.search(r"\{glue(:text)?\}`", r.text) for r in regions)


def write_course(out: Path, assignments: list[Assignment], lang: str) -> list[Path]:
    """Write the source notebooks and rubrics into ``out`` (an nbgrader course folder).

    Only ``source/<name>/`` and ``rubrics/<name>.md`` of these assignments are replaced, and
    ``nbgrader_config.py`` is written when missing: a gradebook, submissions and feedback
    already there are left alone.
    """
    written = []
    for a in assignments:
        folder = out / "source" / a.name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        path = folder / f"{a.name}.ipynb"
        nbformat.write(a.notebook, path)
        rubric = out / "rubrics" / f"{a.name}.md"
        rubric.parent.mkdir(parents=True, exist_ok=True)
        rubric.write_text(a.rubric, encoding="utf-8")
        written += [path, rubric]
    config = out / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG_TEMPLATE.format(
            code_stub=json.dumps(_message(lang, "code_stub"), ensure_ascii=False),
            text_stub=json.dumps(_message(lang, "text_stub"), ensure_ascii=False)),
            encoding="utf-8")
        written.append(config)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT,
                        help="where the course folders go, one per language "
                             "(default: _build/assignments)")
    parser.add_argument("--chapters", nargs="*", default=None,
                        help="docnames, e.g. book/03_softmax (default: every chapter with "
                             "exercises)")
    parser.add_argument("--languages", nargs="*", default=None,
                        help="default: en and every language under locales/")
    parser.add_argument("--book-url", default="",
                        help="where students read the book (links to the chapters)")
    parser.add_argument("--points", type=Path, default=POINTS_FILE, help="the points table")
    parser.add_argument("--cache", type=Path, default=CACHE_DIR,
                        help="the build's execution cache (for the glued numbers)")
    parser.add_argument("--no-execute", action="store_true",
                        help="fail instead of executing a chapter that is not in the cache")
    args = parser.parse_args(argv)

    table = load_points(args.points)
    docnames = [d.removesuffix(".md") for d in args.chapters] if args.chapters else \
        chapters_with_exercises()
    langs = args.languages or languages()
    try:
        glue = {d: glue_values(source_path(d), cache_dir=args.cache, execute=not args.no_execute,
                               saved=args.out / ".glue" / f"{d}.json") if needs_glue(d) else {}
                for d in docnames}
        for lang in langs:
            assignments = [build_assignment(d, table=table, glue=glue[d], lang=lang,
                                            book_url=args.book_url) for d in docnames]
            folder = args.out / lang
            write_course(folder, assignments, lang)
            plural = "s" if len(assignments) != 1 else ""
            print(f"{lang}: {len(assignments)} assignment{plural} in {folder}/source "
                  f"(rubrics in {folder}/rubrics)")
            for a in assignments:
                print(f"  {a.name}: {_number(a.auto + a.manual)} points "
                      f"({_number(a.auto)} automatic, {_number(a.manual)} by hand)")
    except AssignmentError as err:
        print(f"make_assignments: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
