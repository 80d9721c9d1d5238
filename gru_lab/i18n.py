"""The reader's language: every message that ``gru_lab`` shows a reader comes from here.

GRU Lab is written in English and Chinese (``book/`` and ``locales/zh_CN``). A notebook picks
its language once, and every table of reader-facing words follows::

    import gru_lab as gl
    gl.set_language("zh")      # or set GRU_LAB_LANG=zh before starting Jupyter

Each module keeps its words in one :class:`Messages` table, with the same keys in every
language::

    MESSAGES = Messages(
        en={"rank": "{name} must have shape {expected}; got {shape}."},
        zh={"rank": "{name} 的形状应为 {expected}，实际为 {shape}。"},
    )
    MESSAGES["rank"].format(...)   # the current language's sentence

``tests/test_i18n.py`` checks that every table has every key in every language, with the same
``{placeholders}``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

LANGUAGES = ("en", "zh")
ENV_VAR = "GRU_LAB_LANG"
#: Set to ``all`` by the book's executor (``tools/execute_chapters.py``): the English and the
#: Chinese site show the same execution, so what a cell shows in words carries every language,
#: and the site's stylesheet shows the page's (``.grulab-i18n`` in ``gru_lab.css``).
EVERY_LANGUAGE_VAR = "GRU_LAB_LANGS"
#: The HTML ``lang`` of each language.
HTML_LANG = {"en": "en", "zh": "zh-CN"}
#: The class of :func:`html_by_language`'s fragments, and its comments around each language.
_MARK = "grulab-i18n"
_ALIASES = {"en": "en", "en_us": "en", "en_gb": "en", "zh": "zh", "zh_cn": "zh",
            "zh_hans": "zh"}

_chosen: str | None = None
_TABLES: list[Messages] = []


def _normalise(lang: str, *, argument: str) -> str:
    key = str(lang).strip().lower().replace("-", "_")
    if key not in _ALIASES:
        raise ValueError(
            f"{argument} must be one of {', '.join(LANGUAGES)} (or zh_CN, en_US); got {lang!r}."
        )
    return _ALIASES[key]


def set_language(lang: str) -> str:
    """Choose the language of every message ``gru_lab`` shows: ``"en"`` or ``"zh"``.

    Returns the normalised code. Raises ``ValueError`` naming the argument for anything else.
    """
    global _chosen
    _chosen = _normalise(lang, argument="lang")
    return _chosen


def get_language() -> str:
    """The current language: :func:`set_language`'s choice, else ``$GRU_LAB_LANG``, else ``en``."""
    if _chosen is not None:
        return _chosen
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        try:
            return _normalise(env, argument=ENV_VAR)
        except ValueError:
            return "en"
    return "en"


@contextmanager
def using(lang: str) -> Iterator[str]:
    """``with using("zh"): ...``: the messages made inside are in ``lang``; the reader's choice
    comes back afterwards, also after an error."""
    global _chosen
    before = _chosen
    _chosen = _normalise(lang, argument="lang")
    try:
        yield _chosen
    finally:
        _chosen = before


def every_language() -> bool:
    """True while the book is built (``GRU_LAB_LANGS=all``): outputs carry every language."""
    return os.environ.get(EVERY_LANGUAGE_VAR, "").strip().lower() == "all"


def in_every_language(render: Callable[[], str]) -> dict[str, str]:
    """``render()`` (a function that reads its words from message tables) called once in each
    language: ``{"en": ..., "zh": ...}``."""
    made = {}
    for lang in LANGUAGES:
        with using(lang):
            made[lang] = render()
    return made


def html_by_language(render: Callable[[], str], tag: str = "div") -> str:
    """``render()`` makes an HTML fragment from message tables in the current language.

    While the book is built (:func:`every_language`), it is made once per language, each in a
    ``<tag lang="...">`` inside ``<tag class="grulab-i18n">``: the site's stylesheet shows the
    one that matches the page's ``<html lang>`` and hides the others (from screen readers
    too), and :func:`pick_language` keeps one for a notebook. Elsewhere (a reader's notebook)
    it is just ``render()``.
    """
    if not every_language():
        return render()
    inner = "".join(f'<!--{_MARK} {lang}--><{tag} lang="{HTML_LANG[lang]}">{part}</{tag}>'
                    f"<!--/{_MARK} {lang}-->"
                    for lang, part in in_every_language(render).items())
    return f'<{tag} class="{_MARK}">{inner}</{tag}>'


def repr_html(obj) -> str:
    """A ``_repr_html_`` for an object whose ``repr`` has words (``GRUParams``): the repr as
    preformatted text, in every language while the book is built."""
    import html

    return html_by_language(lambda: f'<pre class="grulab-repr">{html.escape(repr(obj))}</pre>')


def pick_language(html_text: str, lang: str) -> str:
    """``html_text`` with only ``lang``'s part of each :func:`html_by_language` fragment: what
    a notebook of that language shows (a notebook has no stylesheet to hide the others)."""
    lang = _normalise(lang, argument="lang")
    for other in LANGUAGES:
        if other != lang:
            html_text = re.sub(f"<!--{_MARK} {other}-->.*?<!--/{_MARK} {other}-->", "",
                               html_text, flags=re.S)
    return html_text


class Messages(Mapping):
    """One module's reader-facing words in every language; ``table[key]`` is the current one's.

    A key missing in the current language falls back to English (the test on the tables keeps
    that from happening in a release).
    """

    def __init__(self, **by_language: Mapping[str, str]):
        unknown = set(by_language) - set(LANGUAGES)
        if unknown or "en" not in by_language:
            raise ValueError(
                f"Messages needs an 'en' table and only {LANGUAGES}; got {sorted(by_language)}."
            )
        self.by_language = {lang: dict(table) for lang, table in by_language.items()}
        _TABLES.append(self)

    def in_language(self, lang: str) -> dict[str, str]:
        """The whole table in ``lang`` (English where a key is missing)."""
        lang = _normalise(lang, argument="lang")
        return {**self.by_language["en"], **self.by_language.get(lang, {})}

    def __getitem__(self, key: str) -> str:
        table = self.by_language.get(get_language(), {})
        if key in table:
            return table[key]
        return self.by_language["en"][key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_language["en"])

    def __len__(self) -> int:
        return len(self.by_language["en"])


def all_tables() -> list[Messages]:
    """Every :class:`Messages` table created so far (the tests import every module first)."""
    return list(_TABLES)
