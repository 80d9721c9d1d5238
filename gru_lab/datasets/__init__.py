"""The data sets of the applications part, one module each, and text ↔ id helpers.

* :mod:`.shakespeare`: tiny Shakespeare (Karpathy's char-rnn), :func:`load_tiny_shakespeare`
* :mod:`.movie_reviews`: Movie Review polarity (Pang & Lee 2005), :func:`load_movie_reviews`
* :mod:`.dates`: dates written out in many languages, from ``babel`` (CLDR), :func:`load_date_pairs`
* :mod:`.chorales`: Bach chorales from ``music21``'s corpus, :func:`load_bach_chorales`
* :mod:`.vocab`: :class:`CharVocab`, :class:`Vocabulary`, :func:`tokenize`, :func:`pad_sequences`

Where the two downloadable data sets come from (:mod:`._remote`):

1. the folder named by the environment variable ``GRU_LAB_DATA``, when it is set (tests, CI and
   classrooms without internet point it at a local copy; the Makefile sets it to
   ``../shared/data`` when that folder exists). Then nothing is downloaded, and a missing file
   raises :class:`DatasetError` naming the file and the folder;
2. otherwise the cache, ``$GRU_LAB_CACHE`` or pooch's cache folder for ``gru_lab``
   (:func:`cache_dir`), where a data set is downloaded once with pooch: retried when it fails,
   checked, and only then kept. ``GRU_LAB_CACHE=off`` downloads into a temporary folder
   instead, every time.

Both folders use the data sets' own layout::

    rt-polaritydata/rt-polarity.pos      Movie Review polarity (Pang & Lee 2005)
    rt-polaritydata/rt-polarity.neg
    tinyshakespeare/input.txt            tiny Shakespeare (Karpathy's char-rnn)

Every read is checked: tiny Shakespeare by its SHA-256 checksum, the Movie Review files by
their number of lines. A missing or wrong file raises :class:`DatasetError` (a
``FileNotFoundError``), whose message says what was expected, where and how to fix it.

The words a reader sees are in one ``MESSAGES`` dict at the top of each module; the one here
is :mod:`._remote`'s (finding, downloading and checking the files).
"""

from ._remote import MESSAGES, DatasetError, cache_dir, data_dirs
from .chorales import PIANO_KEYS, PIANO_LOW, load_bach_chorales
from .dates import load_date_pairs
from .movie_reviews import MOVIE_REVIEWS, load_movie_reviews
from .shakespeare import TINY_SHAKESPEARE, TINY_SHAKESPEARE_CHARS, load_tiny_shakespeare
from .vocab import CharVocab, Vocabulary, pad_sequences, tokenize

__all__ = [
    "DatasetError", "MESSAGES", "data_dirs", "cache_dir",
    "load_tiny_shakespeare", "load_movie_reviews", "load_date_pairs", "load_bach_chorales",
    "CharVocab", "Vocabulary", "tokenize", "pad_sequences",
    "TINY_SHAKESPEARE", "TINY_SHAKESPEARE_CHARS", "MOVIE_REVIEWS", "PIANO_LOW", "PIANO_KEYS",
]
