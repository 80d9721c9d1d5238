"""Check the translation catalogs (locales/<lang>/LC_MESSAGES/**/*.po) against their English.

    python tools/check_catalogs.py                 # every catalog; exit 1 on any problem
    python tools/check_catalogs.py book/01_rnn     # one page's catalog
    python tools/check_catalogs.py --fill-equations [PAGE ...]   # copy displayed equations

A catalog entry passes when
  * it is translated (msgstr not empty) and not marked fuzzy (an English edit marks it fuzzy);
  * a displayed equation (its TeX is the msgid) is copied unchanged;
  * its markup survived: the same math ($...$, $$...$$), the same MyST roles with the same
    targets ({eq}, {numref}, {cite:t}, {glue:text}, ... — a {doc} or {ref} title may be
    translated, its target may not), the same inline code and the same web addresses;
  * an English sentence became Chinese (msgid words outside markup means msgstr has Han
    characters), with full-width punctuation next to Chinese characters;
  * it uses the glossary's terms (locales/glossary.yml): no variant the glossary rules out, and
    输出门 only where the English says "output gate" (the LSTM's; a GRU has none).

tests/test_catalogs.py runs this on every catalog, so CI fails on an untranslated, fuzzy or
broken entry. Translators run it while they work.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"

MATH_BLOCK = re.compile(r"\$\$.*?\$\$", re.S)
MATH = re.compile(r"(?<![\\$])\$(?!\$)(?:\\.|[^$\\])+?\$")
ROLE = re.compile(r"(?<!`)\{([a-z][a-z:-]*)\}`([^`]*)`")  # not `{name}` inside code
CODE = re.compile(r"``?([^`]+)``?")
URL = re.compile(r"https?://[^\s)>\]]+")
HAN = re.compile(r"[\u3400-\u9fff]")
# Roles whose visible text may be translated: {doc}`Title <target>`, {ref}`Title <target>`.
TITLED = {"doc", "ref", "numref", "term"}
# ASCII punctuation that Chinese prose writes full-width, when it touches a Han character.
HALF_WIDTH = re.compile(r"(?:[\u3400-\u9fff][,;:?!]|[,;:?!(][\u3400-\u9fff]|[\u3400-\u9fff]\))")


def glossary() -> list[dict]:
    return yaml.safe_load((LOCALES / "glossary.yml").read_text(encoding="utf-8"))


def _role_key(name: str, body: str) -> tuple[str, str]:
    if name in TITLED:
        m = re.search(r"<([^<>]+)>\s*$", body)
        target = m.group(1) if m else body
        if name == "numref" and not m:
            target = body
        return name, target.strip()
    if name.startswith("glue"):
        # The cross-document form names a page; a glued phrase (words, not a number) has a
        # Chinese twin glued as KEY_zh, which the Chinese text uses in its place.
        key, _, fmt = body.split("::")[-1].strip().partition(":")
        return name, key.removesuffix("_zh") + (f":{fmt}" if fmt else "")
    return name, body.strip()


def markup(text: str) -> Counter:
    """Everything in ``text`` that a translation must keep exactly (a multiset)."""
    found: Counter = Counter()
    rest = text
    for rx, kind in ((MATH_BLOCK, "math"), (MATH, "math")):
        found.update((kind, m.group(0).strip()) for m in rx.finditer(rest))
        rest = rx.sub(" ", rest)
    found.update(("role",) + _role_key(*m.groups()) for m in ROLE.finditer(rest))
    rest = ROLE.sub(" ", rest)
    found.update(("code", m.group(1)) for m in CODE.finditer(rest))
    rest = CODE.sub(" ", rest)
    found.update(("url", m.group(0)) for m in URL.finditer(rest))
    return found


def prose(text: str) -> str:
    """``text`` without its math, roles, code and addresses: the words a reader reads."""
    for rx in (MATH_BLOCK, MATH, ROLE, CODE, URL):
        text = rx.sub(" ", text)
    return text


def _needs_translation(msgid: str) -> bool:
    # Words with a small letter: acronyms and names such as "GRU", "CNN-rand" need none.
    text = prose(msgid).strip()
    words = [w for w in re.findall(r"[A-Za-z]{3,}", text) if not w.isupper()]
    return len(words) >= 2 and len(text.split()) >= 2  # one token ("CNN-non-static") is a name


def _is_equation(msgid: str) -> bool:
    """A displayed equation: Sphinx extracts its TeX, after a newline (or a space when the
    equation was written on one line with its label)."""
    return msgid[:1] in ("\n", " ") and "$" not in msgid


def entry_problems(msgid: str, msgstr: str, flags, terms: list[dict]) -> list[str]:
    problems = []
    if not msgstr.strip():
        return ["untranslated (empty msgstr)"]
    if "fuzzy" in flags:
        problems.append("fuzzy (the English changed: update the translation, then drop the flag)")
    if _is_equation(msgid):  # a displayed equation: keep its TeX as is
        if msgstr.strip() != msgid.strip():
            problems.append("a displayed equation must stay exactly as in the English")
        return problems
    want, got = markup(msgid), markup(msgstr)
    if want != got:
        lost = sorted(" ".join(k) for k in (want - got))
        added = sorted(" ".join(k) for k in (got - want))
        problems.append(f"markup differs: lost {lost[:4]} added {added[:4]}")
    text = prose(msgstr)
    if _needs_translation(msgid) and not HAN.search(text):
        problems.append("still English (no Chinese characters outside markup)")
    bad = HALF_WIDTH.findall(text)
    if bad:
        problems.append(f"half-width punctuation next to Chinese: {bad[:3]} (use ，；：？！（）)")
    for term in terms:
        # A variant may be part of the term itself (时间反向传播 in 通过时间反向传播).
        rest = text.replace(term["zh"], " ")
        for variant in term.get("variants") or []:
            if variant in rest:
                problems.append(f"variant term {variant!r}: the glossary says {term['zh']!r}")
    english = msgid.lower()
    lstm_output = "lstm" in english and "output" in english  # the LSTM's gates, listed
    if "输出门" in text and "output gate" not in english and not lstm_output:
        problems.append("输出门 where the English has no 'output gate' (a GRU has none)")
    return problems


def check_catalog(path: Path, terms: list[dict]) -> list[str]:
    with path.open("rb") as fh:
        catalog = read_po(fh)
    out = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else message.string[0]
        for problem in entry_problems(msgid, msgstr or "", message.flags, terms):
            head = msgid.strip().splitlines()[0][:70]
            out.append(f"{path.relative_to(ROOT)}: {head!r}: {problem}")
    return out


def catalogs(lang: str = "zh_CN", pages: list[str] | None = None) -> list[Path]:
    base = LOCALES / lang / "LC_MESSAGES"
    if pages:
        return [base / f"{p.removesuffix('.md').removesuffix('.po')}.po" for p in pages]
    return sorted(base.rglob("*.po"))


def fill_equations(path: Path) -> int:
    """Copy each displayed equation's TeX into its empty msgstr (nothing in it to translate)."""
    with path.open("rb") as fh:
        catalog = read_po(fh)
    filled = 0
    for message in catalog:
        if isinstance(message.id, str) and _is_equation(message.id) and not message.string:
            message.string = message.id
            filled += 1
    if filled:
        with path.open("wb") as fh:
            write_po(fh, catalog, width=76)
    return filled


def main(argv: list[str]) -> int:
    if argv[:1] == ["--fill-equations"]:
        for path in catalogs(pages=argv[1:]):
            print(f"{path.relative_to(ROOT)}: {fill_equations(path)} equation(s) copied")
        return 0
    terms = glossary()
    problems = [p for path in catalogs(pages=argv) for p in check_catalog(path, terms)]
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
