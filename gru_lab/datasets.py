"""Offline-capable loaders for the data sets of the applications part, and text ↔ id helpers.

Where each data set comes from (the way real libraries do it):

* **installed packages** ship some of them: Bach chorales come with ``music21``'s corpus,
  and dates written out in many languages come from ``babel`` (CLDR locale data);
* the others are looked up, in order, in
  1. the folder named by the environment variable ``GRU_LAB_DATA`` (tests, CI and classrooms
     without internet point it at a local copy, e.g. ``../shared/data``);
  2. the cache folder, ``$GRU_LAB_CACHE`` or ``~/.cache/gru_lab`` (``$XDG_CACHE_HOME/gru_lab``);
  3. the data set's home on the internet: downloaded once into the cache, with a progress bar,
     into a temporary file that is checked (checksum or line counts) and only then renamed into
     place, so a failed or half-finished download never leaves a corrupt file behind.

Both folders use the same layout as the data sets' own archives::

    rt-polaritydata/rt-polarity.pos      Movie Review polarity (Pang & Lee 2005)
    rt-polaritydata/rt-polarity.neg
    tinyshakespeare/input.txt            tiny Shakespeare (Karpathy's char-rnn)

A missing or corrupt file raises :class:`DatasetError`, whose message says what was expected,
where the loader looked and how to fix it. All reader-facing words are in ``MESSAGES``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import os
import re
import sys
import tarfile
import tempfile
import urllib.request
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

__all__ = [
    "DatasetError", "MESSAGES", "data_dirs", "cache_dir",
    "load_tiny_shakespeare", "load_movie_reviews", "load_date_pairs", "load_bach_chorales",
    "CharVocab", "Vocabulary", "tokenize", "pad_sequences",
    "TINY_SHAKESPEARE", "MOVIE_REVIEWS",
]

MESSAGES = {
    "missing": (
        "Could not find the {title} data set ({files}).\n"
        "Looked in:\n{looked}\n"
        "and could not download it from {url}: {reason}\n"
        "How to fix it: connect to the internet and call the loader again (it downloads "
        "{size} once into {cache}), or download {url} yourself, unpack it and point the "
        "environment variable GRU_LAB_DATA at the folder that holds {layout}."
    ),
    "looked_in": "  - {path} ({why})",
    "why_env": "GRU_LAB_DATA",
    "why_cache": "cache",
    "not_found": "not found",
    "no_download": "downloading was switched off (download=False)",
    "env_missing": (
        "The environment variable GRU_LAB_DATA points at {path}, which is not a folder.\n"
        "How to fix it: set GRU_LAB_DATA to the folder that holds {layout} "
        "(for this project: ../shared/data), or unset it to use the cache and the internet."
    ),
    "checksum": (
        "The file {path} is corrupt or not the expected {title} data: its SHA-256 checksum is "
        "{got}, expected {expected} ({size} characters).\n"
        "How to fix it: delete {path} and call the loader again to download a fresh copy, or "
        "replace it with the original from {url}."
    ),
    "count": (
        "The file {path} is corrupt or truncated: it has {got} lines, expected {expected} "
        "(one {title} snippet per line).\n"
        "How to fix it: delete it and call the loader again to download a fresh copy, or "
        "replace it with the original from {url}."
    ),
    "bad_download": "the downloaded file failed its check: {error}",
    "archive_member": "the archive has no member {member}",
    "progress": "\rDownloading {title}: {pct:3.0f}% ({done} of {total})",
    "progress_unknown": "\rDownloading {title}: {done}",
    "saved": "\nSaved {title} to {path}",
    "need_babel": (
        "load_date_pairs needs the 'babel' package (CLDR locale data). "
        "How to fix it: pip install babel"
    ),
    "unknown_locale": "Babel does not know the language {lang!r}: {error}",
    "need_music21": (
        "load_bach_chorales needs the 'music21' package, which ships the Bach chorales. "
        "How to fix it: pip install music21==10.5.1"
    ),
    "bad_n": "n must be a positive whole number or None; got {n!r}.",
    "unknown_char": (
        "The text contains characters that are not in the vocabulary: {chars}. "
        "Pass unknown='?' (a character in the vocabulary) to map them to it."
    ),
    "unknown_token": "'{token}' is not in the vocabulary and it has no unknown token.",
}


class DatasetError(FileNotFoundError):
    """A data set could not be found, downloaded or verified (the message says how to fix it)."""


class _Remote:
    """A downloadable data set: its home, its files and how each file is checked."""

    def __init__(self, key, title, url, files, size, sha256=None, lines=None, archive=False):
        self.key = key
        self.title = title
        self.url = url
        self.files = tuple(files)          # relative paths, e.g. "tinyshakespeare/input.txt"
        self.size = size                   # for the message only, e.g. "1.1 MB"
        self.sha256 = dict(sha256 or {})   # relative path -> hex digest
        self.lines = dict(lines or {})     # relative path -> expected number of lines
        self.archive = archive             # True: url is a .tar.gz holding the files


TINY_SHAKESPEARE = _Remote(
    key="tinyshakespeare",
    title="tiny Shakespeare",
    url="https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/"
        "input.txt",
    files=["tinyshakespeare/input.txt"],
    size="1.1 MB",
    sha256={"tinyshakespeare/input.txt":
            "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"},
)
TINY_SHAKESPEARE_CHARS = 1_115_394

MOVIE_REVIEWS = _Remote(
    key="rt-polaritydata",
    title="Movie Review polarity (Pang & Lee 2005)",
    url="http://www.cs.cornell.edu/people/pabo/movie-review-data/rt-polaritydata.tar.gz",
    files=["rt-polaritydata/rt-polarity.pos", "rt-polaritydata/rt-polarity.neg"],
    size="0.5 MB",
    lines={"rt-polaritydata/rt-polarity.pos": 5331, "rt-polaritydata/rt-polarity.neg": 5331},
    archive=True,
)

# ---- where to look -------------------------------------------------------------------------


def cache_dir() -> Path:
    """The download cache: ``$GRU_LAB_CACHE``, else ``$XDG_CACHE_HOME/gru_lab``, else
    ``~/.cache/gru_lab`` (created when first needed)."""
    if os.environ.get("GRU_LAB_CACHE"):
        return Path(os.environ["GRU_LAB_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "gru_lab"


def data_dirs() -> list[tuple[Path, str]]:
    """The folders searched for a data set, in order, each with the reason it is searched."""
    dirs = []
    env = os.environ.get("GRU_LAB_DATA")
    if env:
        dirs.append((Path(env).expanduser(), MESSAGES["why_env"]))
    dirs.append((cache_dir(), MESSAGES["why_cache"]))
    return dirs


def _layout(remote: _Remote) -> str:
    return ", ".join(remote.files)


def _check_env_folder(remote: _Remote) -> None:
    env = os.environ.get("GRU_LAB_DATA")
    if env and not Path(env).expanduser().is_dir():
        raise DatasetError(MESSAGES["env_missing"].format(path=env, layout=_layout(remote)))


# ---- checks --------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _count_lines(data: bytes) -> int:
    return len(data.splitlines())


def _verify(remote: _Remote, rel: str, data: bytes, path) -> None:
    """Raise :class:`DatasetError` when ``data`` (the bytes of file ``rel``) fails its check."""
    if rel in remote.sha256:
        got = _sha256(data)
        if got != remote.sha256[rel]:
            raise DatasetError(MESSAGES["checksum"].format(
                path=path, title=remote.title, got=got, expected=remote.sha256[rel],
                size=f"{TINY_SHAKESPEARE_CHARS:,}" if remote is TINY_SHAKESPEARE else "?",
                url=remote.url))
    if rel in remote.lines:
        got = _count_lines(data)
        if got != remote.lines[rel]:
            raise DatasetError(MESSAGES["count"].format(
                path=path, got=got, expected=remote.lines[rel], title=remote.title,
                url=remote.url))


# ---- download ------------------------------------------------------------------------------


def _human(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def _fetch(url: str, title: str, progress: bool = True, chunk: int = 1 << 16) -> bytes:
    """Read ``url`` into memory with a one-line progress bar on stderr."""
    with urllib.request.urlopen(url, timeout=60) as response:
        total = response.headers.get("Content-Length") if hasattr(response, "headers") else None
        total = int(total) if total else None
        buf = io.BytesIO()
        while True:
            block = response.read(chunk)
            if not block:
                break
            buf.write(block)
            if progress:
                done = buf.tell()
                if total:
                    msg = MESSAGES["progress"].format(title=title, pct=100 * done / total,
                                                      done=_human(done), total=_human(total))
                else:
                    msg = MESSAGES["progress_unknown"].format(title=title, done=_human(done))
                print(msg, end="", file=sys.stderr, flush=True)
    return buf.getvalue()


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file next to ``path``, then rename it into place (atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _download(remote: _Remote, cache: Path, progress: bool = True) -> None:
    """Download ``remote`` into ``cache``; every file is verified before anything is written."""
    payload = _fetch(remote.url, remote.title, progress=progress)
    files: dict[str, bytes] = {}
    if remote.archive:
        with tarfile.open(fileobj=io.BytesIO(payload), mode="r:*") as tar:
            names = {m.name.lstrip("./"): m for m in tar.getmembers() if m.isfile()}
            for rel in remote.files:
                if rel not in names:
                    raise DatasetError(MESSAGES["archive_member"].format(member=rel))
                files[rel] = tar.extractfile(names[rel]).read()
    else:
        files[remote.files[0]] = payload
    for rel, data in files.items():
        _verify(remote, rel, data, f"{remote.url} ({rel})")
    for rel, data in files.items():   # all checked: now move them into place
        _atomic_write(cache / rel, data)
    if progress:
        print(MESSAGES["saved"].format(title=remote.title, path=cache / remote.key),
              file=sys.stderr)


def _locate(remote: _Remote, download: bool = True, progress: bool = True) -> dict[str, bytes]:
    """The verified bytes of every file of ``remote``, from the first folder holding them all."""
    _check_env_folder(remote)
    looked = []
    for folder, why in data_dirs():
        paths = {rel: folder / rel for rel in remote.files}
        if all(p.is_file() for p in paths.values()):
            out = {}
            for rel, p in paths.items():
                data = p.read_bytes()
                _verify(remote, rel, data, p)
                out[rel] = data
            return out
        looked.append(MESSAGES["looked_in"].format(path=folder / remote.key, why=why))
    cache = cache_dir()
    reason = MESSAGES["no_download"]
    if download:
        try:
            _download(remote, cache, progress=progress)
        except DatasetError as err:
            reason = MESSAGES["bad_download"].format(error=err)
        except Exception as err:  # network errors of every kind: say what happened
            reason = f"{type(err).__name__}: {err}"
        else:
            return {rel: (cache / rel).read_bytes() for rel in remote.files}
    raise DatasetError(MESSAGES["missing"].format(
        title=remote.title, files=_layout(remote), looked="\n".join(looked), url=remote.url,
        reason=reason, size=remote.size, cache=cache, layout=_layout(remote)))


def _decode(data: bytes) -> str:
    """UTF-8 (the copies) or Latin-1 (the Movie Review originals)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# ---- loaders -------------------------------------------------------------------------------


def load_tiny_shakespeare(download: bool = True, progress: bool = True) -> str:
    """Tiny Shakespeare (Karpathy 2015, char-rnn): one string of 1,115,394 characters.

    Looked up in ``$GRU_LAB_DATA``, then the cache, then downloaded (see the module's
    docstring); always checked against its SHA-256 checksum.
    """
    files = _locate(TINY_SHAKESPEARE, download=download, progress=progress)
    return files[TINY_SHAKESPEARE.files[0]].decode("utf-8")


def load_movie_reviews(download: bool = True, progress: bool = True
                       ) -> tuple[list[str], np.ndarray]:
    """The Movie Review sentence polarity data set v1.0 (Pang & Lee 2005, "MR").

    Returns ``(texts, labels)``: 10,662 snippets (already lower-cased and tokenised, tokens
    separated by spaces), the 5,331 positive ones first, then the 5,331 negative ones, and
    ``labels`` (int64: 1 positive, 0 negative). Files may be Latin-1 (the originals) or UTF-8.
    Shuffle before splitting.
    """
    files = _locate(MOVIE_REVIEWS, download=download, progress=progress)
    texts: list[str] = []
    labels: list[int] = []
    for rel, label in zip(MOVIE_REVIEWS.files, (1, 0), strict=True):
        lines = [line.strip() for line in _decode(files[rel]).splitlines()]
        texts.extend(lines)
        labels.extend([label] * len(lines))
    return texts, np.asarray(labels, dtype=np.int64)


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


def load_bach_chorales(n: int | None = None, cache: bool = True, progress: bool = True
                       ) -> list[np.ndarray]:
    """Bach chorales from music21's corpus as 88-key piano rolls, one row per quarter note.

    Chorales in Riemenschneider's numbering (371 of them). Each is a (T, 88) uint8 array;
    column k is the piano key of MIDI pitch 21 + k. ``n``: the first n chorales (None: all).
    Parsing takes about 0.1 s per chorale, so the rolls are cached as an .npz file in
    :func:`cache_dir` and later calls are instant.
    """
    if n is not None and (not isinstance(n, (int, np.integer)) or n < 1):
        raise ValueError(MESSAGES["bad_n"].format(n=n))
    try:
        import music21
        from music21 import corpus
    except ImportError as err:
        raise ImportError(MESSAGES["need_music21"]) from err
    path = cache_dir() / f"bach_chorales_music21-{music21.__version__}.npz"
    rolls: list[np.ndarray] = []
    if cache and path.is_file():
        try:
            with np.load(path) as f:
                lengths = f["lengths"]
                flat = f["rolls"]
                complete = bool(f["complete"])
            rolls = np.split(flat, np.cumsum(lengths)[:-1]) if len(lengths) else []
        except Exception:  # a damaged cache is rebuilt, never trusted
            rolls, complete = [], False
        total = len(rolls)
        if n is not None and total >= n:
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
            print(f"\rParsing Bach chorales: {i + 1}", end="", file=sys.stderr, flush=True)
    if progress and len(rolls) >= 20:
        print(file=sys.stderr)
    if cache:
        lengths = np.array([len(r) for r in rolls], dtype=np.int64)
        flat = np.concatenate(rolls) if rolls else np.zeros((0, PIANO_KEYS), np.uint8)
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        np.savez_compressed(buf, rolls=flat, lengths=lengths, complete=np.array(n is None))
        _atomic_write(path, buf.getvalue())
    return rolls


# ---- text <-> ids --------------------------------------------------------------------------


class CharVocab:
    """Characters ↔ integer ids (character-level models, chapters 3, 4 and text generation).

    ``CharVocab.from_text(text)`` sorts the distinct characters; ``encode`` gives an int64
    array, ``decode`` a string.
    """

    def __init__(self, chars: Iterable[str], unknown: str | None = None):
        self.chars = list(dict.fromkeys(chars))
        self.index = {c: i for i, c in enumerate(self.chars)}
        if unknown is not None and unknown not in self.index:
            raise ValueError(MESSAGES["unknown_char"].format(chars=repr(unknown)))
        self.unknown = unknown

    @classmethod
    def from_text(cls, text: str, unknown: str | None = None) -> CharVocab:
        return cls(sorted(set(text)), unknown=unknown)

    def __len__(self) -> int:
        return len(self.chars)

    def __contains__(self, char) -> bool:
        return char in self.index

    def __repr__(self) -> str:
        return f"CharVocab({len(self)} characters)"

    def encode(self, text: str) -> np.ndarray:
        if self.unknown is None:
            missing = sorted(set(text) - self.index.keys())
            if missing:
                raise ValueError(MESSAGES["unknown_char"].format(chars=", ".join(map(repr,
                                                                                  missing[:10]))))
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
        return f"Vocabulary({len(self)} tokens incl. <pad> and <unk>)"

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
