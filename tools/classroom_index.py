"""Keep the classroom pages in step with the chapters.

Usage::

    python tools/classroom_index.py            # rewrite the generated parts of the pages
    python tools/classroom_index.py --check    # exit 1 when a page is out of date (CI)

It reads every page of ``_toc.yml`` and writes, between ``<!-- classroom-index:NAME:start -->``
and ``<!-- classroom-index:NAME:end -->`` markers:

* ``book/classroom/exercises.md``, region ``exercises``: every ``{exercise}`` of the book, by
  chapter, as a link (``{ref}``), with its kind (written, by hand, coding, checked coding: the
  check's name) and where it suits best (homework or lab);
* ``book/classroom/teachers_guide.md``, region ``chapters``: each chapter's "What you'll
  learn" and "What you need" bullets, its exercises, and its length in words.

``tests/test_exercise_index.py`` fails when an exercise label is missing from the page, so a
new exercise cannot be forgotten. Plain text in, plain MyST out: no code runs at build time.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_toc import ROOT, source_path, toc_files  # noqa: E402
from student_edition import _closing, _directive  # noqa: E402

EXERCISES_PAGE = "book/classroom/exercises.md"
GUIDE_PAGE = "book/classroom/teachers_guide.md"
SKIP = {"book/classroom/exercises", "book/classroom/teachers_guide", "book/bibliography"}
WORDS_PER_MINUTE = 150  # a careful reading pace for technical prose

WORDS = {
    "kind_checked": "coding, checks itself with `{checks}`",
    "kind_coding": "coding",
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
    "about {minutes} min of reading.",
    "not_written": "*(not listed in the chapter yet)*",
}

_LEARN = re.compile(r"what you.ll (learn|do)", re.IGNORECASE)
_NEED = re.compile(r"what you.ll need|what you need|prerequisites", re.IGNORECASE)
_BULLET = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(?P<text>.+)$")
_CHECK = re.compile(r"\b(check_\w+)\s*\(")
_BY_HAND = re.compile(r"by hand|pencil|on paper|calculat|work out|compute .* for", re.IGNORECASE)


@dataclass
class Exercise:
    label: str
    title: str
    kind: str  # checked, coding, by_hand, written
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


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return i + 1
    return 0


def _options(lines: list[str], start: int, close: int) -> dict:
    """The ``:key: value`` options at the top of a directive body."""
    opts = {}
    for line in lines[start + 1 : close]:
        m = re.match(r"^:(\w[\w-]*):\s*(.*)$", line.strip())
        if not m:
            break
        opts[m.group(1)] = m.group(2).strip()
    return opts


def _bullets_after(lines: list[str], pattern: re.Pattern) -> list[str]:
    """What follows the first line matching ``pattern``: its bullet list, or else the
    paragraph it opens (``**What you'll learn.** Why the order ...``), as a list."""
    for i, line in enumerate(lines):
        m = pattern.search(line)
        if not m:
            continue
        items: list[str] = []
        rest = re.sub(r"^[\s*_:.]+", "", line[m.end() :]).strip()
        if rest and not line.lstrip().startswith("#"):
            paragraph = [rest]
            for nxt in lines[i + 1 :]:
                if not nxt.strip() or _directive(nxt) or nxt.startswith("#"):
                    break
                paragraph.append(nxt.strip())
            return [" ".join(paragraph)]
        for nxt in lines[i + 1 :]:
            b = _BULLET.match(nxt)
            if b:
                items.append(b.group("text").strip())
            elif items and nxt.startswith(("  ", "\t")) and nxt.strip():
                items[-1] += " " + nxt.strip()  # a wrapped bullet
            elif items or (nxt.strip() and not nxt.strip().startswith((":", "`"))):
                break
        return items
    return []


def _relocate(text: str, docname: str) -> str:
    """Make a chapter's sentence valid on another page: {doc} targets become absolute,
    glue roles (whose values live in the chapter) are dropped."""
    base = Path(docname).parent

    def absolute(target: str) -> str:
        return target if target.startswith("/") else "/" + (base / target).as_posix()

    def fix(m: re.Match) -> str:
        inner = m.group(1)
        t = re.match(r"^(.*<)([^<>]+)(>)$", inner)
        inner = t.group(1) + absolute(t.group(2)) + t.group(3) if t else absolute(inner)
        return "{doc}`" + inner + "`"

    text = re.sub(r"\{doc\}`([^`]+)`", fix, text)
    return re.sub(r"\{glue(?::\w+)?\}`[^`]*`", "…", text)


def _classify(body: str, after: str, opts: dict) -> tuple[str, list[str], str]:
    checks = sorted(set(_CHECK.findall(body + "\n" + after)))
    if checks:
        kind = "checked"
    elif "{code-cell}" in body or "```python" in body or "def " in body:
        kind = "coding"
    elif _BY_HAND.search(body):
        kind = "by_hand"
    elif re.search(r"`[\w.]+\([^`]*\)?`|`gl\.\w", body):
        kind = "coding"  # "check with `gl.rnn_forward`": a computation on the computer
    else:
        kind = "written"
    classes = opts.get("class", "").split()
    if "lab" in classes:
        suits = "lab"
    elif "homework" in classes:
        suits = "homework"
    else:
        suits = {"checked": "either", "coding": "lab"}.get(kind, "homework")
    return kind, checks, suits


def _text_after(lines: list[str], start: int) -> str:
    """The text after an exercise up to its solution, the next exercise or the next heading
    (the cell that calls the exercise's check usually sits there)."""
    out: list[str] = []
    i = start
    while i < len(lines):
        opened = _directive(lines[i])
        if opened is None:
            if lines[i].startswith("#"):
                break
            out.append(lines[i])
            i += 1
            continue
        if opened[1] in ("solution", "solution-start", "exercise", "exercise-start"):
            break
        close = _closing(lines, i, opened[0])
        out.extend(lines[i : close + 1])
        i = close + 1
    return "\n".join(out)


def scan_page(docname: str, root: Path = ROOT) -> Chapter:
    text = source_path(docname, root).read_text(encoding="utf-8")
    lines = text.splitlines()
    body_start = _front_matter_end(lines)
    title = next((ln[2:].strip() for ln in lines[body_start:] if ln.startswith("# ")), docname)
    exercises: list[Exercise] = []
    prose_words = 0
    i = body_start
    while i < len(lines):
        opened = _directive(lines[i])
        if opened is None:
            prose_words += len(re.findall(r"[A-Za-z][A-Za-z'’-]*", lines[i]))
            i += 1
            continue
        fence, name, arg = opened
        close = _closing(lines, i, fence)
        if name in ("exercise", "exercise-start"):
            opts = _options(lines, i, close)
            end = close
            if name == "exercise-start":  # the body runs to the {exercise-end}
                end = next(
                    (
                        j
                        for j in range(close + 1, len(lines))
                        if (d := _directive(lines[j])) and d[1] == "exercise-end"
                    ),
                    len(lines) - 1,
                )
            body = "\n".join(lines[i + 1 : end])
            after = _text_after(lines, end + 1)
            kind, checks, suits = _classify(arg + "\n" + body, after, opts)
            if "label" in opts:
                exercises.append(Exercise(opts["label"], arg or opts["label"], kind, checks, suits))
        i = close + 1
    return Chapter(
        docname,
        title,
        _bullets_after(lines, _LEARN),
        _bullets_after(lines, _NEED),
        exercises,
        prose_words,
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


def render_guide(chapters: list[Chapter], page: str = GUIDE_PAGE[:-3]) -> str:
    parts = []
    for ch in chapters:
        if not ch.docname.startswith(("book/0", "book/apps/")):
            continue
        learn = "\n".join(f"- {_relocate(b, ch.docname)}" for b in ch.learn)
        need = "\n".join(f"- {_relocate(b, ch.docname)}" for b in ch.need)
        learn, need = learn or WORDS["not_written"], need or WORDS["not_written"]
        minutes = max(1, round(ch.words / WORDS_PER_MINUTE))
        if ch.exercises:
            kinds = ", ".join(
                WORDS[f"short_{k}"]
                for k in ("written", "by_hand", "coding", "checked")
                if any(ex.kind == k for ex in ch.exercises)
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
    out = {}
    for page, name, render in (
        (EXERCISES_PAGE, "exercises", render_exercises),
        (GUIDE_PAGE, "chapters", render_guide),
    ):
        path = root / page
        text = path.read_text(encoding="utf-8")
        out[path] = replace_region(text, name, render(chapters))
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    stale = []
    for path, new in updated_pages().items():
        if path.read_text(encoding="utf-8") != new:
            stale.append(path)
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8")
    if "--check" in argv and stale:
        print(
            "out of date (run `python tools/classroom_index.py`):",
            ", ".join(str(p.relative_to(ROOT)) for p in stale),
        )
        return 1
    print(
        "updated: " + ", ".join(str(p.relative_to(ROOT)) for p in stale)
        if stale
        else "the classroom pages are up to date"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
