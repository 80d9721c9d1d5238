"""Text ↔ integer ids: characters (chapters 3 and 4, text generation) and word tokens
(chapter 5, sentiment), with padding to one length."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from ..i18n import Messages

__all__ = ["CharVocab", "Vocabulary", "tokenize", "pad_sequences", "MESSAGES"]

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`).
MESSAGES = Messages(en={
    "unknown_char": (
        "The text contains characters that are not in the vocabulary: {chars}. "
        "Pass unknown='?' (a character in the vocabulary) to map them to it."
    ),
    "unknown_not_in_vocab": (
        "unknown={char!r} is not one of the vocabulary's characters; choose one that is."
    ),
    "repr_chars": "CharVocab({n} characters)",
    "repr_tokens": "Vocabulary({n} tokens incl. <pad> and <unk>)",
}, zh={
    "unknown_char": (
        "文本中有不在词表中的字符：{chars}。"
        "可以传入 unknown='?'（词表中的某个字符），把它们都映射到这个字符。"
    ),
    "unknown_not_in_vocab": (
        "unknown={char!r} 不是词表中的字符；请选一个词表中有的字符。"
    ),
    "repr_chars": "CharVocab(共 {n} 个字符)",
    "repr_tokens": "Vocabulary(共 {n} 个词元，含 <pad> 和 <unk>)",
})


class CharVocab:
    """Characters ↔ integer ids (character-level models, chapters 3, 4 and text generation).

    ``CharVocab.from_text(text)`` sorts the distinct characters; ``encode`` gives an int64
    array, ``decode`` a string.
    """

    def __init__(self, chars: Iterable[str], unknown: str | None = None):
        self.chars = list(dict.fromkeys(chars))
        self.index = {c: i for i, c in enumerate(self.chars)}
        if unknown is not None and unknown not in self.index:
            raise ValueError(MESSAGES["unknown_not_in_vocab"].format(char=unknown))
        self.unknown = unknown

    @classmethod
    def from_text(cls, text: str, unknown: str | None = None) -> CharVocab:
        return cls(sorted(set(text)), unknown=unknown)

    def __len__(self) -> int:
        return len(self.chars)

    def __contains__(self, char) -> bool:
        return char in self.index

    def __repr__(self) -> str:
        return MESSAGES["repr_chars"].format(n=len(self))

    def encode(self, text: str) -> np.ndarray:
        if self.unknown is None:
            missing = sorted(set(text) - self.index.keys())
            if missing:
                raise ValueError(MESSAGES["unknown_char"].format(
                    chars=", ".join(map(repr, missing[:10]))))
            return np.fromiter((self.index[c] for c in text), dtype=np.int64, count=len(text))
        unk = self.index[self.unknown]
        return np.fromiter((self.index.get(c, unk) for c in text), dtype=np.int64,
                           count=len(text))

    def decode(self, ids: Iterable[int]) -> str:
        return "".join(self.chars[int(i)] for i in ids)


_PUNCT = re.compile(r'([,!?;:()"]|\.+)')


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens: ``"It isn't GOOD!" -> ['it', "isn't", 'good', '!']``.

    The Movie Review files' own tokenisation (contractions and hyphenated words stay whole,
    punctuation is split off), so reviews a reader types look like the training data.
    """
    return _PUNCT.sub(r" \1 ", text.lower().replace("\u2019", "'")).split()


class Vocabulary:
    """Word tokens ↔ integer ids, with ``<pad>`` = 0 and ``<unk>`` = 1 (sentiment chapter).

    ``Vocabulary.from_texts(token_lists, max_size=..., min_count=...)`` keeps the most
    frequent tokens (ties broken alphabetically, so it is deterministic).
    """

    PAD = "<pad>"
    UNK = "<unk>"

    def __init__(self, tokens: Iterable[str], counts: dict[str, int] | None = None):
        self.tokens = [self.PAD, self.UNK] + [t for t in dict.fromkeys(tokens)
                                              if t not in (self.PAD, self.UNK)]
        self.index = {t: i for i, t in enumerate(self.tokens)}
        self.counts = dict(counts or {})

    @classmethod
    def from_texts(cls, token_lists: Iterable[Sequence[str]], max_size: int | None = None,
                   min_count: int = 1) -> Vocabulary:
        counts = Counter(t for tokens in token_lists for t in tokens)
        ranked = sorted((t for t, c in counts.items() if c >= min_count),
                        key=lambda t: (-counts[t], t))
        if max_size is not None:
            ranked = ranked[:max(0, max_size - 2)]
        return cls(ranked, counts={t: counts[t] for t in ranked})

    def __len__(self) -> int:
        return len(self.tokens)

    def __contains__(self, token) -> bool:
        return token in self.index

    def __repr__(self) -> str:
        return MESSAGES["repr_tokens"].format(n=len(self))

    def encode(self, tokens: Sequence[str]) -> np.ndarray:
        unk = self.index[self.UNK]
        return np.array([self.index.get(t, unk) for t in tokens], dtype=np.int64)

    def decode(self, ids: Iterable[int], skip_pad: bool = True) -> list[str]:
        return [self.tokens[int(i)] for i in ids if not (skip_pad and int(i) == 0)]


def pad_sequences(seqs: Sequence[Sequence[int]], maxlen: int | None = None, value: int = 0,
                  truncate: str = "post") -> np.ndarray:
    """A (len(seqs), maxlen) int64 array: each sequence left-aligned, padded after with
    ``value`` and cut to ``maxlen`` (``truncate="post"`` keeps the start)."""
    maxlen = maxlen or max((len(s) for s in seqs), default=0)
    out = np.full((len(seqs), maxlen), value, dtype=np.int64)
    for i, s in enumerate(seqs):
        s = list(s)[:maxlen] if truncate == "post" else list(s)[-maxlen:]
        out[i, :len(s)] = s
    return out
