"""The Movie Review sentence polarity data set v1.0 (Pang & Lee 2005, "MR"): the sentiment
chapter and chapter 5.

Two text files, one snippet per line (5,331 positive, 5,331 negative), downloaded as one tar
archive from the authors' page and unpacked into the cache. No checksum of the archive is
recorded here; each file is checked by its number of lines on every read. The originals are
Latin-1, copies may be UTF-8: both are read. Where it comes from: see :mod:`gru_lab.datasets`.
"""

from __future__ import annotations

import numpy as np

from ..i18n import Messages
from ._remote import Remote, decode, read

__all__ = ["MOVIE_REVIEWS", "load_movie_reviews", "MESSAGES"]

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`).
MESSAGES = Messages(en={
    "title": "Movie Review polarity (Pang & Lee 2005)",
}, zh={
    "title": "电影评论情感极性（Pang & Lee 2005）",
})

MOVIE_REVIEWS = Remote(
    key="rt-polaritydata",
    words=MESSAGES,
    url="http://www.cs.cornell.edu/people/pabo/movie-review-data/rt-polaritydata.tar.gz",
    files=("rt-polaritydata/rt-polarity.pos", "rt-polaritydata/rt-polarity.neg"),
    size="0.5 MB",
    lines={"rt-polaritydata/rt-polarity.pos": 5331, "rt-polaritydata/rt-polarity.neg": 5331},
    archive="rt-polaritydata.tar.gz",
)


def load_movie_reviews(download: bool = True, progress: bool = True
                       ) -> tuple[list[str], np.ndarray]:
    """The Movie Review sentence polarity data set v1.0 (Pang & Lee 2005, "MR").

    Returns ``(texts, labels)``: 10,662 snippets (already lower-cased and tokenised, tokens
    separated by spaces), the 5,331 positive ones first, then the 5,331 negative ones, and
    ``labels`` (int64: 1 positive, 0 negative). Files may be Latin-1 (the originals) or UTF-8.
    Shuffle before splitting. ``download`` and ``progress``: as for
    :func:`~gru_lab.datasets.load_tiny_shakespeare`.
    """
    files = read(MOVIE_REVIEWS, download=download, progress=progress)
    texts: list[str] = []
    labels: list[int] = []
    for rel, label in zip(MOVIE_REVIEWS.files, (1, 0), strict=True):
        lines = [line.strip() for line in decode(files[rel]).splitlines()]
        texts.extend(lines)
        labels.extend([label] * len(lines))
    return texts, np.asarray(labels, dtype=np.int64)
