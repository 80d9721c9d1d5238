"""Bach chorales as piano rolls: the music chapter.

Nothing is downloaded: the chorales ship with ``music21``'s corpus. Parsing them is slow, so
the rolls are kept as one ``.npz`` file in the cache (:func:`gru_lab.datasets.cache_dir`).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import numpy as np

from ..i18n import Messages
from ._remote import cache_dir

__all__ = ["PIANO_LOW", "PIANO_KEYS", "load_bach_chorales", "MESSAGES"]

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`).
MESSAGES = Messages(en={
    "need_music21": (
        "load_bach_chorales needs the 'music21' package, which ships the Bach chorales. "
        "How to fix it: pip install music21==10.5.1"
    ),
    "bad_n": "n must be a positive whole number or None; got {n!r}.",
    "progress": "\rParsing Bach chorales: {i}",
}, zh={
    "need_music21": (
        "load_bach_chorales 需要 'music21' 包，巴赫众赞歌就随这个包一起发布。"
        "解决办法：pip install music21==10.5.1"
    ),
    "bad_n": "n 应为正整数或 None；实际为 {n!r}。",
    "progress": "\r正在解析巴赫众赞歌：{i}",
})

PIANO_LOW = 21    # MIDI number of A0, the lowest key of an 88-key piano
PIANO_KEYS = 88


def _chorale_roll(score) -> np.ndarray:
    """An (T, 88) 0/1 piano roll sampled once per quarter note: key k is on at step t when a
    note of MIDI pitch 21 + k sounds at quarter-note time t."""
    notes = list(score.flatten().notes)
    length = int(np.ceil(float(score.highestTime)))
    roll = np.zeros((max(length, 1), PIANO_KEYS), dtype=np.uint8)
    for note in notes:
        onset = float(note.offset)
        stop = onset + float(note.quarterLength)
        first, last = int(np.ceil(onset)), int(np.ceil(stop)) - 1
        for pitch in note.pitches:
            k = int(pitch.midi) - PIANO_LOW
            if 0 <= k < PIANO_KEYS and last >= first:
                roll[first:last + 1, k] = 1
    return roll


def _save(path: Path, **arrays) -> None:
    """``np.savez_compressed`` into a temporary file next to ``path``, then renamed into place,
    so a reader running at the same time never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez_compressed(f, **arrays)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_bach_chorales(n: int | None = None, cache: bool = True, progress: bool = True
                       ) -> list[np.ndarray]:
    """Bach chorales from music21's corpus as 88-key piano rolls, one row per quarter note.

    Chorales in Riemenschneider's numbering (371 of them). Each is a (T, 88) uint8 array;
    column k is the piano key of MIDI pitch 21 + k. ``n``: the first n chorales (None: all).
    Parsing takes about 0.1 s per chorale, so with ``cache`` the rolls are kept as an .npz
    file in :func:`~gru_lab.datasets.cache_dir` and later calls read them from there (not
    when ``GRU_LAB_CACHE=off``). ``progress``: a count on stderr while parsing.
    """
    if n is not None and (not isinstance(n, (int, np.integer)) or n < 1):
        raise ValueError(MESSAGES["bad_n"].format(n=n))
    try:
        import music21
        from music21 import corpus
    except ImportError as err:
        raise ImportError(MESSAGES["need_music21"]) from err
    folder = cache_dir() if cache else None
    path = None if folder is None else folder / f"bach_chorales_music21-{music21.__version__}.npz"
    if path is not None and path.is_file():
        try:
            with np.load(path) as f:
                lengths = f["lengths"]
                flat = f["rolls"]
                complete = bool(f["complete"])
            rolls = np.split(flat, np.cumsum(lengths)[:-1]) if len(lengths) else []
        except Exception:  # a damaged cache is rebuilt, never trusted
            rolls, complete = [], False
        if n is not None and len(rolls) >= n:
            return [r.copy() for r in rolls[:n]]
        if n is None and complete:
            return [r.copy() for r in rolls]
    iterator = corpus.chorales.Iterator(numberingSystem="riemenschneider", returnType="stream")
    rolls = []
    for i, score in enumerate(iterator):
        if n is not None and i >= n:
            break
        if score is None:
            continue
        rolls.append(_chorale_roll(score))
        if progress and (i + 1) % 20 == 0:
            print(MESSAGES["progress"].format(i=i + 1), end="", file=sys.stderr, flush=True)
    if progress and len(rolls) >= 20:
        print(file=sys.stderr)
    if path is not None:
        lengths = np.array([len(r) for r in rolls], dtype=np.int64)
        flat = np.concatenate(rolls) if rolls else np.zeros((0, PIANO_KEYS), np.uint8)
        _save(path, rolls=flat, lengths=lengths, complete=np.array(n is None))
    return rolls
