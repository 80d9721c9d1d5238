"""Tiny Shakespeare (Karpathy 2015, char-rnn): chapter 4 and the text-generation chapter.

One text file of 1,115,394 characters, 65 distinct ones; checked against its SHA-256 checksum
on every read. Where it comes from: see :mod:`gru_lab.datasets` (``GRU_LAB_DATA``, else the
cache, else downloaded with pooch).
"""

from __future__ import annotations

from ..i18n import Messages
from ._remote import Remote, read

__all__ = ["TINY_SHAKESPEARE", "TINY_SHAKESPEARE_CHARS", "load_tiny_shakespeare", "MESSAGES"]

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`).
MESSAGES = Messages(en={
    "title": "tiny Shakespeare",
}, zh={
    "title": "tiny Shakespeare",
})

TINY_SHAKESPEARE = Remote(
    key="tinyshakespeare",
    words=MESSAGES,
    url="https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/"
        "input.txt",
    files=("tinyshakespeare/input.txt",),
    size="1.1 MB",
    sha256={"tinyshakespeare/input.txt":
            "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"},
)
TINY_SHAKESPEARE_CHARS = 1_115_394


def load_tiny_shakespeare(download: bool = True, progress: bool = True) -> str:
    """Tiny Shakespeare (Karpathy 2015, char-rnn): one string of 1,115,394 characters.

    Read from ``$GRU_LAB_DATA`` when it is set, else from the cache, downloading it once
    (1.1 MB) when it is not there and ``download`` is true; always checked against its
    SHA-256 checksum. ``progress``: a progress line on stderr while downloading.
    """
    files = read(TINY_SHAKESPEARE, download=download, progress=progress)
    return files[TINY_SHAKESPEARE.files[0]].decode("utf-8")
