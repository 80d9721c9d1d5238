"""The exercises and solutions of a MyST page, found by markdown-it-py (the parser MyST uses).

``tools/classroom_index.py`` reads the exercises and their declared kinds from here, and
``tools/student_edition.py`` the solutions it leaves out. The page is parsed with the same
markdown-it configuration as the book (``myst_parser``'s ``create_md_parser`` with the
extensions of ``_config.yml``), so a fence is a fence exactly when MyST says so: fences in
list items, longer fences around shorter ones, colon fences and unclosed fences all behave
as in the built book. The content of a directive is parsed again, as MyST does, except for
directives whose content is not MyST (code cells, code blocks, math, ...).

Every exercise declares its kind as a class on the directive, one of :data:`KINDS`::

    ````{exercise} A scalar RNN by hand
    :label: ex-rnn-by-hand
    :class: kind-by-hand
    ...
    ````

``kind-checked`` is a coding exercise whose result a check from ``gru_lab.exercises`` judges.
Line numbers below are 0-based indices into :func:`split_lines` (lines end at ``\n`` only, as
for markdown-it); ``end`` is exclusive.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.options import options_to_items

ROOT = Path(__file__).resolve().parents[1]

#: the class that declares an exercise's kind -> the kind's short name
KINDS = {
    "kind-written": "written",
    "kind-by-hand": "by_hand",
    "kind-coding": "coding",
    "kind-checked": "checked",
}
#: directives whose content is not MyST (it is not parsed for directives inside it)
LITERAL = frozenset(
    {
        "code-cell",
        "code",
        "code-block",
        "sourcecode",
        "literalinclude",
        "math",
        "raw",
        "eval-rst",
        "bibliography",
        "csv-table",
        "mermaid",
        "graphviz",
    }
)
#: fenced blocks whose content is code (where nbgrader's markers live)
CODE = frozenset({"", "code-cell", "code", "code-block", "sourcecode"})
DEFAULT_EXTENSIONS = ("amsmath", "colon_fence", "deflist", "dollarmath")

_INFO = re.compile(r"^\{(?P<name>[^{}\s]+)\}\s*(?P<arg>.*)$")


class ExerciseError(ValueError):
    """An exercise or solution the classroom tools cannot handle (names page and label)."""


@dataclass(frozen=True)
class Block:
    """One fenced block: a directive (``name`` set) or a plain code fence (``name == ""``)."""

    name: str
    argument: str  # the directive's argument, or a code fence's info string
    options: dict
    body: str  # the content after the options
    start: int  # line of the opening fence
    end: int  # line after the closing fence (the page's length when unclosed)
    body_start: int  # first line of ``body``
    parent: int | None  # ``start`` of the enclosing directive, None at the top level

    @property
    def body_end(self) -> int:
        """The line after ``body`` (the closing fence, when there is one)."""
        return self.body_start + len(split_lines(self.body))


@dataclass(frozen=True)
class Region:
    """A ``{solution}`` or ``{exercise}`` directive, or a ``-start`` … ``-end`` pair."""

    name: str  # "exercise", "exercise-start", "solution" or "solution-start"
    argument: str
    options: dict
    start: int
    end: int  # after the ``-end`` block for a pair
    body_start: int
    body_end: int
    lines: list[str] = field(repr=False, compare=False, default_factory=list)

    @property
    def label(self) -> str:
        """An exercise's ``:label:``; for a solution, the label of the exercise it solves."""
        if self.name.startswith("solution"):
            return self.argument
        return str(self.options.get("label", "")).strip()

    @property
    def classes(self) -> list[str]:
        value = self.options.get("class", "")
        return value.split() if isinstance(value, str) else [str(v) for v in value]

    @property
    def text(self) -> str:
        """The whole region, verbatim (lines with their endings)."""
        return "".join(self.lines[self.start : self.end])

    @property
    def body(self) -> str:
        return "".join(self.lines[self.body_start : self.body_end])


# --------------------------------------------------------------------------- parsing


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` with their ``\n``, split where markdown-it counts lines (only at
    ``\n``: ``str.splitlines`` also splits at form feeds and Unicode line separators)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def book_extensions(root: Path = ROOT) -> tuple[str, ...]:
    """``parse.myst_enable_extensions`` of the book's ``_config.yml``."""
    try:
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return DEFAULT_EXTENSIONS
    return tuple((config.get("parse") or {}).get("myst_enable_extensions") or DEFAULT_EXTENSIONS)


@functools.lru_cache(maxsize=4)
def parser(extensions: tuple[str, ...] | None = None) -> MarkdownIt:
    """The markdown-it parser that MyST builds for the book (or for ``extensions``)."""
    config = MdParserConfig(enable_extensions=set(extensions or book_extensions()))
    return create_md_parser(config, RendererHTML)


def tokens(text: str) -> list[Token]:
    """markdown-it's block tokens of ``text`` (the content of directives is not parsed)."""
    return parser().parse(text)


def split_options(content: str) -> tuple[dict, str, int]:
    """(options, body, lines used by the options) of a directive's content, as MyST reads
    them: a ``---`` YAML block, or the ``:key: value`` lines at the top."""
    lines = split_lines(content)
    if content.startswith("---"):
        for j in range(1, len(lines)):
            if re.match(r"^-{3,}", lines[j]):
                options = yaml.safe_load("".join(lines[1:j])) or {}
                options = options if isinstance(options, dict) else {}
                return options, "".join(lines[j + 1 :]), j + 1
        return {}, "", len(lines)
    n = 0
    while n < len(lines) and lines[n].lstrip().startswith(":"):
        n += 1
    if not n:
        return {}, content, 0
    items, _ = options_to_items("".join(line.lstrip()[1:] for line in lines[:n]))
    return dict(items), "".join(lines[n:]), n


def walk(text: str, skip: frozenset | set = frozenset()):
    """Every block token of the page, those inside directives included, in document order.

    Yields ``(token, offset, block)``: ``offset`` turns the token's ``map`` into lines of the
    page; ``block`` is the :class:`Block` of a fence, else None. The content of a directive is
    parsed as MyST does, except for :data:`LITERAL` directives and those named in ``skip``.
    """
    yield from _walk(text, 0, None, skip)


def _walk(text: str, offset: int, parent: int | None, skip):
    for tok in tokens(text):
        if tok.type not in ("fence", "colon_fence") or tok.map is None:
            yield tok, offset, None
            continue
        m = _INFO.match(tok.info.strip())
        name, arg = (m.group("name"), m.group("arg").strip()) if m else ("", tok.info.strip())
        start, end = tok.map[0] + offset, tok.map[1] + offset
        myst = bool(name) and name not in LITERAL
        options, body, used = split_options(tok.content) if myst else ({}, tok.content, 0)
        block = Block(name, arg, options, body, start, end, start + 1 + used, parent)
        yield tok, offset, block
        if myst and name not in skip:
            yield from _walk(body, block.body_start, start, skip)


def blocks(text: str) -> list[Block]:
    """Every fenced block of the page in document order, those inside directives included."""
    return [b for _, _, b in walk(text) if b is not None]


def regions(text: str, kind: str, found: list[Block] | None = None) -> list[Region]:
    """The ``kind`` regions ("exercise" or "solution") of the page in document order: each
    ``{kind}`` directive and each ``{kind-start}`` … ``{kind-end}`` pair (at one level)."""
    found = blocks(text) if found is None else found
    lines = split_lines(text)
    out = []
    for i, b in enumerate(found):
        if b.name == kind:
            out.append(
                Region(kind, b.argument, b.options, b.start, b.end, b.body_start, b.body_end, lines)
            )
        elif b.name == f"{kind}-start":
            close = next(
                (c for c in found[i + 1 :] if c.name == f"{kind}-end" and c.parent == b.parent),
                None,
            )
            if close is None:
                what = b.argument or b.options.get("label", "")
                raise ExerciseError(
                    f"a {{{kind}-start}} ({what}, line {b.start + 1}) "
                    f"has no matching {{{kind}-end}}"
                )
            out.append(
                Region(
                    f"{kind}-start",
                    b.argument,
                    b.options,
                    b.start,
                    close.end,
                    b.end,
                    close.start,
                    lines,
                )
            )
    return out


def outermost(found: list[Region]) -> list[Region]:
    """The regions that are not inside another one of the list."""
    return [
        r
        for r in found
        if not any(o is not r and o.start <= r.start and r.end <= o.end for o in found)
    ]


def solutions(text: str, found: list[Block] | None = None) -> list[Region]:
    """Every solution of the page in document order (one inside another is part of it)."""
    return outermost(regions(text, "solution", found))


def exercises(text: str, found: list[Block] | None = None) -> list[Region]:
    return regions(text, "exercise", found)


def exercise_kind(ex: Region, page: str) -> str:
    """The kind an exercise declares (``written``, ``by_hand``, ``coding``, ``checked``).

    Raises :class:`ExerciseError`, naming the page and the label, when the exercise has no
    label, declares no kind, several kinds or an unknown one.
    """
    where = f"{page}, line {ex.start + 1}"
    if not ex.label:
        raise ExerciseError(f"{where}: the exercise {ex.argument!r} has no :label:")
    declared = [c for c in ex.classes if c.startswith("kind-")]
    choices = ", ".join(KINDS)
    if not declared:
        raise ExerciseError(
            f"{page}: the exercise {ex.label} declares no kind: add `:class: <kind>` to its "
            f"directive ({where}), one of {choices}"
        )
    unknown = [c for c in declared if c not in KINDS]
    if unknown or len(declared) > 1:
        raise ExerciseError(
            f"{page}: the exercise {ex.label} declares {' '.join(declared)}: give exactly one "
            f"of {choices} ({where})"
        )
    return KINDS[declared[0]]


def code_in(text: str) -> list[str]:
    """The code in a piece of MyST: inline code and the content of code blocks, those inside
    directives included (an identifier named there is a name, not a word of the prose)."""
    out = []
    for tok, _, block in walk(text):
        if block is not None and block.name in CODE:
            out.append(block.body)
        elif tok.type == "inline":
            out.extend(c.content for c in tok.children or [] if c.type == "code_inline")
    return out
