"""Dates written out in several languages, paired with ISO dates: the translation chapter.

Nothing is downloaded: Babel's CLDR locale data (installed with the ``babel`` package) writes
the dates.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

import numpy as np

from ..i18n import Messages

__all__ = ["load_date_pairs", "MESSAGES"]

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`).
MESSAGES = Messages(en={
    "need_babel": (
        "load_date_pairs needs the 'babel' package (CLDR locale data). "
        "How to fix it: pip install babel"
    ),
    "unknown_locale": "Babel does not know the language {lang!r}: {error}",
    "bad_n": "n must be a positive whole number; got {n!r}.",
}, zh={
    "need_babel": (
        "load_date_pairs 需要 'babel' 包（CLDR 的语言区域数据）。"
        "解决办法：pip install babel"
    ),
    "unknown_locale": "Babel 不认识语言 {lang!r}：{error}",
    "bad_n": "n 应为正整数；实际为 {n!r}。",
})


def load_date_pairs(languages: Sequence[str] = ("en", "fr", "de", "es"), n: int = 1000,
                    seed: int = 0, start: _dt.date = _dt.date(1900, 1, 1),
                    end: _dt.date = _dt.date(2099, 12, 31), format: str = "long"
                    ) -> tuple[list[str], list[str], list[str]]:
    """Dates written out in several languages, paired with ISO dates (translation chapter).

    ``n`` dates per language, drawn uniformly between ``start`` and ``end`` with ``seed``,
    written by Babel's CLDR data (``babel.dates.format_date(d, format="long", locale=lang)``:
    ``'28 janvier 1975'``, ``'28. Januar 1975'``, ``'January 28, 1975'``...).
    Returns ``(sources, targets, langs)``: the written dates, ``'1975-01-28'``-style ISO
    targets and each pair's language, interleaved in a random order.
    """
    try:
        from babel.core import UnknownLocaleError
        from babel.dates import format_date
    except ImportError as err:  # pragma: no cover - babel comes with Sphinx
        raise ImportError(MESSAGES["need_babel"]) from err
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(MESSAGES["bad_n"].format(n=n))
    rng = np.random.default_rng(seed)
    span = (end - start).days + 1
    rows = []
    for lang in languages:
        days = rng.integers(0, span, size=int(n))
        for d in days:
            date = start + _dt.timedelta(days=int(d))
            try:
                text = format_date(date, format=format, locale=lang)
            except (UnknownLocaleError, ValueError) as err:
                raise ValueError(MESSAGES["unknown_locale"].format(lang=lang, error=err)) from err
            rows.append((text, date.isoformat(), lang))
    order = rng.permutation(len(rows))
    sources = [rows[i][0] for i in order]
    targets = [rows[i][1] for i in order]
    langs = [rows[i][2] for i in order]
    return sources, targets, langs
