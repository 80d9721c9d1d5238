"""Keep the classroom pages in step with the chapters.

Usage::

    python tools/classroom_index.py            # rewrite the generated parts of the pages
    python tools/classroom_index.py --check    # exit 1 when a page is out of date (CI)

It reads every page of ``_toc.yml`` and writes, between ``<!-- classroom-index:NAME:start -->``
and ``<!-- classroom-index:NAME:end -->`` markers:

* ``book/classroom/exercises.md``, region ``exercises``: every ``{exercise}`` of the book, by
  chapter, as a link (``{ref}``), with its kind (written, by hand, coding, checked coding: the
  check's name) and where it suits best (homework or lab);
* ``book/classroom/teachers_guide.md``, region ``kinds``: which kinds of exercise the chapters
  have, and region ``chapters``: each chapter's "What you'll learn" and "What you need"
  paragraphs, its exercises, and its length in words.

Each exercise declares its kind on its directive, ``:class: kind-written`` (or
``kind-by-hand``, ``kind-coding``, ``kind-checked``: see ``tools/myst_exercises.py``); an
exercise without one is an error that names its page and label. The pages are parsed with
markdown-it-py, configured as MyST configures it for the book.

``tests/test_exercise_index.py`` fails when an exercise label is missing from the page, so a
new exercise cannot be forgotten. Plain text in, plain MyST out: no code runs at build time.
"""

from __future__ import annotations

import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import myst_exercises as me  # noqa: E402
from book_toc import ROOT, source_path, toc_files  # noqa: E402

EXERCISES_PAGE = "book/classroom/exercises.md"
GUIDE_PAGE = "book/classroom/teachers_guide.md"
SKIP = {"book/classroom/exercises", "book/classroom/teachers_guide", "book/bibliography"}
WORDS_PER_MINUTE = 150  # a careful reading pace for technical prose

WORDS = {
    "kind_checked": "coding, checks itself with `{checks}`",
    "kind_coding": "coding, no check",
    "kind_by_hand": "by hand, with numbers",
    "kind_written": "written (conceptual)",
    "short_written": "written",
    "short_by_hand": "by hand",
    "short_coding": "coding",
    "short_checked": "self-checking coding",
    "suits_lab": "lab",
    "suits_homework": "homework",
    "suits_either": "lab or homework",
    "none_yet": "No chapter has exercises yet.",
    "table_head": "| Exercise | Kind | Suits |\n|---|---|---|",
    "guide_learn": "**Learning goals.**",
    "guide_need": "**Prerequisites.**",
    "guide_exercises": "**Exercises:** {n} ({kinds}). **Length:** {words} words of prose, "
    "about {minutes} minutes of reading.",
    "guide_no_exercises": "**Exercises:** none yet. **Length:** {words} words of prose, "
    "about {minutes} minutes of reading.",
    "kinds_total": "Each of the {n} chapters has {spread} exercises, {total} in all: {counts}.",
    "kinds_count_written": "{n} written",
    "kinds_count_by_hand": "{n} by hand",
    "kinds_count_coding": "{n} coding without a check",
    "kinds_count_checked": "{n} self-checking coding",
    "kinds_phrase_written": "a written exercise",
    "kinds_phrase_by_hand": "an exercise to work out by hand with numbers",
    "kinds_phrase_coding": "a coding exercise without a check (an experiment to run, or a "
    "program to write and test yourself)",
    "kinds_phrase_checked": "a coding exercise that checks itself",
    "kinds_every": "Every chapter has {phrases}.",
    "kinds_all_but": "All chapters but {pages} have {phrase}.",
    "kinds_only": "Only {pages} {verb} {phrase}.",
    "kinds_none": "No chapter has {phrase}.",
    "and": " and ",
    "not_written": "*(not listed in the chapter yet)*",
}

_LEARN = re.compile(r"what you.ll (learn|do)", re.IGNORECASE)
_NEED = re.compile(r"what you.ll need|what you need|prerequisites", re.IGNORECASE)
_CHECK = re.compile(r"\b(check_\w+)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: directives whose words are not counted as the chapter's prose
_NOT_PROSE = frozenset({"exercise", "exercise-start", "solution", "solution-start"})
#: tokens that end the text after an exercise (where its check is usually called)
_AFTER_STOPS = ("exercise", "exercise-start", "solution", "solution-start")


@dataclass
class Exercise:
    label: str
    title: str
    kind: str  # checked, coding, by_hand, written: declared by its `kind-…` class
    checks: list[str] = field(default_factory=list)
    suits: str = ""


@dataclass
class Chapter:
    docname: str
    title: str
    learn: list[str]
    need: list[str]
    exercises: list[Exercise]
    words: int


def _paragraph_after(tokens: list, pattern: re.Pattern) -> list[str]:
    """What follows the first paragraph or heading matching ``pattern``: the rest of that
    paragraph (``**What you'll learn.** Why the order ...``) as one item, or else the items
    of the list right after it."""
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or tokens[i - 1].type not in ("paragraph_open", "heading_open"):
            continue
        m = pattern.search(tok.content)
        if not m:
            continue
        rest = re.sub(r"^[\s*_:.]+", "", tok.content[m.end() :]).strip()
        if rest and tokens[i - 1].type == "paragraph_open":
            return [" ".join(line.strip() for line in rest.splitlines())]
        j = i + 2  # after the paragraph_close / heading_close
        if j >= len(tokens) or tokens[j].type not in ("bullet_list_open", "ordered_list_open"):
            return []
        items, depth, current = [], 0, None
        for t in tokens[j:]:
            depth += t.nesting if t.type.endswith(("list_open", "list_close")) else 0
            if depth == 0:
                break
            if t.type == "list_item_open" and depth == 1:
                current = []
            elif t.type == "list_item_close" and depth == 1 and current is not None:
                items.append(" ".join(current))
                current = None
            elif t.type == "inline" and current is not None:
                current.append(" ".join(line.strip() for line in t.content.splitlines()))
        return items
    return []


def prose_words(text: str) -> int:
    """The words of a page's prose: the text of its paragraphs, headings, lists, tables and
    admonitions, without code, math, roles, comments, and without the exercises and their
    solutions (a ``-start`` … ``-end`` pair included)."""
    skip = me.exercises(text) + me.solutions(text)
    n = 0
    for tok, offset, block in me.walk(text, skip=_NOT_PROSE):
        if tok.type != "inline" or block is not None or tok.map is None:
            continue
        line = tok.map[0] + offset
        if any(r.start <= line < r.end for r in skip):
            continue
        n += sum(len(_WORD.findall(c.content)) for c in tok.children or [] if c.type == "text")
    return n


def _relocate(text: str, docname: str) -> str:
    """Make a chapter's sentence valid on another page: {doc} targets become absolute,
    glue roles (whose values live in the chapter) are dropped."""
    base = Path(docname).parent

    def absolute(target: str) -> str:
        if target.startswith("/"):
            return target
        return "/" + posixpath.normpath((base / target).as_posix())

    def fix(m: re.Match) -> str:
        inner = m.group(1)
        t = re.match(r"^(.*<)([^<>]+)(>)$", inner)
        inner = t.group(1) + absolute(t.group(2)) + t.group(3) if t else absolute(inner)
        return "{doc}`" + inner + "`"

    text = re.sub(r"\{doc\}`([^`]+)`", fix, text)
    return re.sub(r"\{glue(?::\w+)?\}`[^`]*`", "…", text)


def _text_after(lines: list[str], ex: me.Region, stops: list[int]) -> str:
    """The text after an exercise up to the next heading, exercise or solution (the cell that
    calls the exercise's check sits there when it is not in the exercise itself)."""
    end = min([s for s in stops if s >= ex.end] + [len(lines)])
    return "".join(lines[ex.end : end])


def _suits(kind: str, classes: list[str]) -> str:
    if "lab" in classes:
        return "lab"
    if "homework" in classes:
        return "homework"
    return {"checked": "either", "coding": "lab"}.get(kind, "homework")


def _exercise(ex: me.Region, after: str, page: str) -> Exercise:
    """The index entry of one exercise, from its declared kind; the checks are the
    ``check_…`` functions named in its code (or in the code right after it)."""
    kind = me.exercise_kind(ex, page)
    code = me.code_in(ex.body + "\n" + after)
    checks = sorted({name for piece in code for name in _CHECK.findall(piece)})
    if kind == "checked" and not checks:
        raise me.ExerciseError(
            f"{page}: the exercise {ex.label} is declared kind-checked but names no check: "
            "name its `check_…` function from gru_lab.exercises in the exercise's code"
        )
    if kind != "checked" and checks:
        raise me.ExerciseError(
            f"{page}: the exercise {ex.label} calls {', '.join(checks)} but is declared "
            f"kind-{kind.replace('_', '-')}: a coding exercise with a check is kind-checked"
        )
    return Exercise(ex.label, ex.argument or ex.label, kind, checks, _suits(kind, ex.classes))


def scan_page(docname: str, root: Path = ROOT) -> Chapter:
    path = source_path(docname, root)
    page = str(path.relative_to(root))
    text = path.read_text(encoding="utf-8")
    lines = me.split_lines(text)
    tokens = me.tokens(text)
    h1 = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    title = tokens[h1[0] + 1].content if h1 else docname
    found = me.blocks(text)
    stops = [t.map[0] for t in tokens if t.type == "heading_open" and t.map]
    stops += [b.start for b in found if b.name in _AFTER_STOPS and b.parent is None]
    exercises = [
        _exercise(ex, _text_after(lines, ex, stops), page) for ex in me.exercises(text, found)
    ]
    return Chapter(
        docname,
        title,
        _paragraph_after(tokens, _LEARN),
        _paragraph_after(tokens, _NEED),
        exercises,
        prose_words(text),
    )


def scan_book(root: Path = ROOT) -> list[Chapter]:
    return [scan_page(d, root) for d in toc_files(root) if d not in SKIP]


def _doc_link(page: str, docname: str) -> str:
    """A {doc} target that works from any page: absolute from the book's root."""
    return "/" + docname


def _kind_text(ex: Exercise) -> str:
    if ex.kind == "checked":
        return WORDS["kind_checked"].format(checks="`, `".join(ex.checks))
    return WORDS[f"kind_{ex.kind}"]


def render_exercises(chapters: list[Chapter], page: str = EXERCISES_PAGE[:-3]) -> str:
    parts = []
    for ch in chapters:
        if not ch.exercises:
            continue
        rows = [
            f"| {{ref}}`{_escape(ex.title)} <{ex.label}>` | {_kind_text(ex)} | "
            f"{WORDS['suits_' + ex.suits]} |"
            for ex in ch.exercises
        ]
        parts.append(
            f"## {{doc}}`{_doc_link(page, ch.docname)}`\n\n"
            + WORDS["table_head"]
            + "\n"
            + "\n".join(rows)
        )
    return "\n\n".join(parts) if parts else WORDS["none_yet"]


def _is_chapter(docname: str) -> bool:
    """The numbered chapters: the foundations, the Keras chapter and the applications."""
    return docname.startswith(("book/0", "book/apps/"))


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return WORDS["and"].join(items)
    return ", ".join(items[:-1]) + WORDS["and"] + items[-1]


KIND_ORDER = ("written", "by_hand", "coding", "checked")


def render_kinds(chapters: list[Chapter], page: str = GUIDE_PAGE[:-3]) -> str:
    """Which kinds of exercise the chapters have, from the kinds their exercises declare."""
    chs = [ch for ch in chapters if _is_chapter(ch.docname)]
    if not chs:
        return WORDS["none_yet"]
    sizes = sorted(len(ch.exercises) for ch in chs)
    spread = str(sizes[0]) if sizes[0] == sizes[-1] else f"{sizes[0]} to {sizes[-1]}"
    every, sentences = [], []

    def link(group: list[Chapter]) -> str:
        return _join([f"{{doc}}`{_doc_link(page, ch.docname)}`" for ch in group])

    for kind in KIND_ORDER:
        have = [ch for ch in chs if any(ex.kind == kind for ex in ch.exercises)]
        lack = [ch for ch in chs if ch not in have]
        phrase = WORDS[f"kinds_phrase_{kind}"]
        if not lack:
            every.append(phrase)
        elif not have:
            sentences.append(WORDS["kinds_none"].format(phrase=phrase))
        elif len(lack) <= len(have):
            sentences.append(WORDS["kinds_all_but"].format(pages=link(lack), phrase=phrase))
        else:
            verb = "has" if len(have) == 1 else "have"
            sentences.append(WORDS["kinds_only"].format(pages=link(have), verb=verb, phrase=phrase))
    counts = [
        WORDS[f"kinds_count_{kind}"].format(n=n)
        for kind in KIND_ORDER
        if (n := sum(ex.kind == kind for ch in chs for ex in ch.exercises))
    ]
    total = WORDS["kinds_total"].format(
        n=len(chs), spread=spread, total=sum(sizes), counts=_join(counts)
    )
    if every:
        sentences.insert(0, WORDS["kinds_every"].format(phrases=_join(every)))
    return " ".join([total, *sentences])


def render_guide(chapters: list[Chapter], page: str = GUIDE_PAGE[:-3]) -> str:
    parts = []
    for ch in chapters:
        if not _is_chapter(ch.docname):
            continue
        learn = "\n".join(f"- {_relocate(b, ch.docname)}" for b in ch.learn)
        need = "\n".join(f"- {_relocate(b, ch.docname)}" for b in ch.need)
        learn, need = learn or WORDS["not_written"], need or WORDS["not_written"]
        minutes = max(1, round(ch.words / WORDS_PER_MINUTE))
        if ch.exercises:
            kinds = ", ".join(
                WORDS[f"short_{k}"] for k in KIND_ORDER if any(ex.kind == k for ex in ch.exercises)
            )
            summary = WORDS["guide_exercises"].format(
                n=len(ch.exercises), kinds=kinds, words=ch.words, minutes=minutes
            )
        else:
            summary = WORDS["guide_no_exercises"].format(words=ch.words, minutes=minutes)
        parts.append(
            f"### {{doc}}`{_doc_link(page, ch.docname)}`\n\n"
            f"{WORDS['guide_learn']}\n\n{learn}\n\n{WORDS['guide_need']}\n\n{need}\n\n"
            f"{summary}"
        )
    return "\n\n".join(parts)


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace("`", "")


def _markers(name: str) -> tuple[str, str]:
    return (f"<!-- classroom-index:{name}:start -->", f"<!-- classroom-index:{name}:end -->")


def replace_region(text: str, name: str, content: str) -> str:
    start, end = _markers(name)
    i, j = text.find(start), text.find(end)
    if i < 0 or j < i:
        raise ValueError(f"markers for the {name!r} region are missing")
    return text[: i + len(start)] + "\n\n" + content.strip() + "\n\n" + text[j:]


def region(text: str, name: str) -> str:
    start, end = _markers(name)
    return text[text.index(start) + len(start) : text.index(end)].strip()


def updated_pages(root: Path = ROOT) -> dict[Path, str]:
    chapters = scan_book(root)
    out: dict[Path, str] = {}
    for page, name, render in (
        (EXERCISES_PAGE, "exercises", render_exercises),
        (GUIDE_PAGE, "kinds", render_kinds),
        (GUIDE_PAGE, "chapters", render_guide),
    ):
        path = root / page
        text = out.get(path) or path.read_text(encoding="utf-8")
        out[path] = replace_region(text, name, render(chapters))
    return out


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    argv = sys.argv[1:] if argv is None else argv
    stale = []
    try:
        pages = updated_pages(root)
    except me.ExerciseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path, new in pages.items():
        if path.read_text(encoding="utf-8") != new:
            stale.append(path)
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8")
    if "--check" in argv and stale:
        print(
            "out of date (run `python tools/classroom_index.py`):",
            ", ".join(str(p.relative_to(root)) for p in stale),
        )
        return 1
    print(
        "updated: " + ", ".join(str(p.relative_to(root)) for p in stale)
        if stale
        else "the classroom pages are up to date"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
