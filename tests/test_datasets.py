"""Offline tests of gru_lab.datasets: every loader, its error messages, and the download path
(simulated with file:// URLs and a monkeypatched urlopen; the network is never touched)."""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tarfile
from pathlib import Path

import numpy as np
import pytest

from gru_lab import datasets as ds

SHARED = Path(os.environ.get("GRU_LAB_DATA") or Path(__file__).resolve().parents[1].parent
              / "shared" / "data")
N_MR = 5331


@pytest.fixture
def env(tmp_path, monkeypatch):
    """An empty cache and no GRU_LAB_DATA; urlopen refuses http(s) so no test goes online."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("GRU_LAB_CACHE", str(cache))
    monkeypatch.delenv("GRU_LAB_DATA", raising=False)
    real_urlopen = ds.urllib.request.urlopen

    def offline_urlopen(url, *args, **kwargs):
        if not str(url).startswith("file:"):
            raise OSError("network disabled in tests")
        return real_urlopen(url, *args, **kwargs)

    monkeypatch.setattr(ds.urllib.request, "urlopen", offline_urlopen)
    return cache


def _files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _mr_folder(root: Path, n_pos=N_MR, n_neg=N_MR, encoding="utf-8") -> Path:
    folder = root / "rt-polaritydata"
    folder.mkdir(parents=True)
    pos = "".join(f"a charming , witty film number {i} . caf\u00e9\n" for i in range(n_pos))
    neg = "".join(f"a dull , tedious mess number {i} .\n" for i in range(n_neg))
    (folder / "rt-polarity.pos").write_bytes(pos.encode(encoding))
    (folder / "rt-polarity.neg").write_bytes(neg.encode(encoding))
    return root


def _tar_of(folder: Path, out: Path) -> Path:
    with tarfile.open(out, "w:gz") as tar:
        tar.add(folder / "rt-polaritydata", arcname="rt-polaritydata")
    return out


# ---- tiny Shakespeare ------------------------------------------------------------------------

@pytest.mark.skipif(not (SHARED / "tinyshakespeare" / "input.txt").is_file(),
                    reason="no local copy of the data (set GRU_LAB_DATA)")
def test_tiny_shakespeare_from_data_folder(env, monkeypatch):
    monkeypatch.setenv("GRU_LAB_DATA", str(SHARED))
    text = ds.load_tiny_shakespeare()
    assert len(text) == 1_115_394
    assert len(set(text)) == 65
    assert text.startswith("First Citizen:")
    assert _files_in(env) == []  # read in place, nothing copied to the cache


def test_shakespeare_wrong_checksum_says_what_and_how(env, tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "tinyshakespeare").mkdir(parents=True)
    (data / "tinyshakespeare" / "input.txt").write_text("First Citizen:\nBefore we proceed")
    monkeypatch.setenv("GRU_LAB_DATA", str(data))
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare(download=False)
    msg = str(err.value)
    assert "SHA-256" in msg and "86c4e6aa" in msg
    assert str(data / "tinyshakespeare" / "input.txt") in msg
    assert "delete" in msg and ds.TINY_SHAKESPEARE.url in msg


def test_missing_everywhere_without_download(env, tmp_path, monkeypatch):
    data = tmp_path / "empty"
    data.mkdir()
    monkeypatch.setenv("GRU_LAB_DATA", str(data))
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare(download=False)
    msg = str(err.value)
    assert "tinyshakespeare/input.txt" in msg
    assert str(data / "tinyshakespeare") in msg and str(env / "tinyshakespeare") in msg
    assert "GRU_LAB_DATA" in msg and "download=False" in msg


def test_data_env_pointing_nowhere(env, tmp_path, monkeypatch):
    monkeypatch.setenv("GRU_LAB_DATA", str(tmp_path / "does-not-exist"))
    with pytest.raises(ds.DatasetError) as err:
        ds.load_movie_reviews()
    assert "not a folder" in str(err.value) and "does-not-exist" in str(err.value)
    assert isinstance(err.value, FileNotFoundError)


def test_download_verifies_then_caches(env, tmp_path, monkeypatch, capsys):
    content = b"First Citizen:\nSpeak, speak.\n" * 100
    src = tmp_path / "home" / "input.txt"
    src.parent.mkdir()
    src.write_bytes(content)
    monkeypatch.setattr(ds.TINY_SHAKESPEARE, "url", src.as_uri())
    monkeypatch.setitem(ds.TINY_SHAKESPEARE.sha256, "tinyshakespeare/input.txt",
                        hashlib.sha256(content).hexdigest())
    text = ds.load_tiny_shakespeare()
    assert text == content.decode()
    assert _files_in(env) == [env / "tinyshakespeare" / "input.txt"]
    assert "Downloading tiny Shakespeare" in capsys.readouterr().err
    src.unlink()  # second call: from the cache, no download
    assert ds.load_tiny_shakespeare() == text


def test_download_with_wrong_checksum_leaves_no_file(env, tmp_path, monkeypatch):
    src = tmp_path / "input.txt"
    src.write_bytes(b"not shakespeare")
    monkeypatch.setattr(ds.TINY_SHAKESPEARE, "url", src.as_uri())
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare(progress=False)
    assert "failed its check" in str(err.value) and "SHA-256" in str(err.value)
    assert _files_in(env) == []


def test_download_interrupted_midway_leaves_no_file(env, monkeypatch):
    class Broken:
        headers = {"Content-Length": "1000000"}

        def __init__(self):
            self.calls = 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, n):
            self.calls += 1
            if self.calls > 3:
                raise ConnectionResetError("connection reset by peer")
            return b"x" * 1000

    monkeypatch.setattr(ds.urllib.request, "urlopen", lambda *a, **k: Broken())
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare(progress=False)
    assert "ConnectionResetError" in str(err.value)
    assert _files_in(env) == []


def test_no_network_error_is_explained(env):
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare(progress=False)
    msg = str(err.value)
    assert "network disabled" in msg and "How to fix it" in msg


def test_atomic_write_cleans_up_on_failure(tmp_path, monkeypatch):
    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(ds.os, "replace", boom)
    with pytest.raises(OSError):
        ds._atomic_write(tmp_path / "f.txt", b"abc")
    assert _files_in(tmp_path) == []


# ---- Movie reviews ---------------------------------------------------------------------------

@pytest.mark.skipif(not (SHARED / "rt-polaritydata").is_dir(),
                    reason="no local copy of the data (set GRU_LAB_DATA)")
def test_movie_reviews_from_data_folder(env, monkeypatch):
    monkeypatch.setenv("GRU_LAB_DATA", str(SHARED))
    texts, labels = ds.load_movie_reviews()
    assert len(texts) == 2 * N_MR and labels.shape == (2 * N_MR,)
    assert labels[:N_MR].all() and not labels[N_MR:].any()
    assert labels.dtype == np.int64
    assert all(isinstance(t, str) and t for t in texts)


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_movie_reviews_both_encodings(env, tmp_path, monkeypatch, encoding):
    data = _mr_folder(tmp_path / "data", encoding=encoding)
    monkeypatch.setenv("GRU_LAB_DATA", str(data))
    texts, labels = ds.load_movie_reviews()
    assert texts[0] == "a charming , witty film number 0 . caf\u00e9"
    assert texts[-1] == f"a dull , tedious mess number {N_MR - 1} ."
    assert labels.sum() == N_MR


def test_movie_reviews_truncated_file(env, tmp_path, monkeypatch):
    data = _mr_folder(tmp_path / "data", n_neg=N_MR - 100)
    monkeypatch.setenv("GRU_LAB_DATA", str(data))
    with pytest.raises(ds.DatasetError) as err:
        ds.load_movie_reviews()
    msg = str(err.value)
    assert f"{N_MR - 100} lines, expected {N_MR}" in msg and "rt-polarity.neg" in msg


def test_movie_reviews_download_from_archive(env, tmp_path, monkeypatch):
    home = _mr_folder(tmp_path / "home")
    archive = _tar_of(home, tmp_path / "rt-polaritydata.tar.gz")
    monkeypatch.setattr(ds.MOVIE_REVIEWS, "url", archive.as_uri())
    texts, labels = ds.load_movie_reviews(progress=False)
    assert len(texts) == 2 * N_MR
    assert _files_in(env) == [env / "rt-polaritydata" / "rt-polarity.neg",
                              env / "rt-polaritydata" / "rt-polarity.pos"]


def test_movie_reviews_corrupt_archive_leaves_no_file(env, tmp_path, monkeypatch):
    home = _mr_folder(tmp_path / "home", n_pos=N_MR - 1)  # one line short
    archive = _tar_of(home, tmp_path / "short.tar.gz")
    monkeypatch.setattr(ds.MOVIE_REVIEWS, "url", archive.as_uri())
    with pytest.raises(ds.DatasetError, match="lines, expected"):
        ds.load_movie_reviews(progress=False)
    assert _files_in(env) == []
    # a truncated (half-downloaded) archive
    good = _tar_of(_mr_folder(tmp_path / "home2"), tmp_path / "good.tar.gz").read_bytes()
    half = tmp_path / "half.tar.gz"
    half.write_bytes(good[: len(good) // 2])
    monkeypatch.setattr(ds.MOVIE_REVIEWS, "url", half.as_uri())
    with pytest.raises(ds.DatasetError):
        ds.load_movie_reviews(progress=False)
    assert _files_in(env) == []


def test_movie_reviews_archive_without_member(env, tmp_path, monkeypatch):
    buf = tmp_path / "other.tar.gz"
    with tarfile.open(buf, "w:gz") as tar:
        info = tarfile.TarInfo("README")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    monkeypatch.setattr(ds.MOVIE_REVIEWS, "url", buf.as_uri())
    with pytest.raises(ds.DatasetError, match="no member rt-polaritydata/rt-polarity.pos"):
        ds.load_movie_reviews(progress=False)
    assert _files_in(env) == []


# ---- Dates (Babel) ---------------------------------------------------------------------------

def test_date_pairs():
    src, tgt, langs = ds.load_date_pairs(("en", "fr", "de"), n=20, seed=3)
    assert len(src) == len(tgt) == len(langs) == 60
    assert sorted(set(langs)) == ["de", "en", "fr"]
    assert all(len(t) == 10 and t[4] == "-" and t[7] == "-" for t in tgt)
    for s, t, lang in zip(src, tgt, langs, strict=True):
        assert t[:4] in s  # the year is written out as digits in every language
        if lang == "de":
            assert ". " in s
    again = ds.load_date_pairs(("en", "fr", "de"), n=20, seed=3)
    assert again == (src, tgt, langs)
    assert ds.load_date_pairs(("en", "fr", "de"), n=20, seed=4)[0] != src


def test_date_pairs_known_example():
    import datetime

    from babel.dates import format_date

    assert format_date(datetime.date(1975, 1, 28), format="long", locale="fr") == "28 janvier 1975"


def test_date_pairs_errors():
    with pytest.raises(ValueError, match="does not know the language 'xx_nope'"):
        ds.load_date_pairs(("xx_nope",), n=2)
    with pytest.raises(ValueError, match="positive whole number"):
        ds.load_date_pairs(n=0)


# ---- Bach chorales (music21) -----------------------------------------------------------------

def test_bach_chorales_rolls_and_cache(env, monkeypatch):
    pytest.importorskip("music21")
    rolls = ds.load_bach_chorales(2, progress=False)
    assert len(rolls) == 2
    for r in rolls:
        assert r.ndim == 2 and r.shape[1] == 88 and r.dtype == np.uint8
        assert set(np.unique(r)) <= {0, 1}
        voices = r.sum(axis=1)
        assert np.median(voices) == 4  # four-part chorales: four keys per quarter note
        keys = np.nonzero(r.any(axis=0))[0] + 21
        assert keys.min() >= 36 and keys.max() <= 84  # bass to soprano range (MIDI)
    assert len(list(env.glob("bach_chorales_*.npz"))) == 1

    from music21 import corpus

    def no_parse(*a, **k):
        raise AssertionError("should have used the cache")

    monkeypatch.setattr(corpus.chorales, "Iterator", no_parse)
    again = ds.load_bach_chorales(1)
    np.testing.assert_array_equal(again[0], rolls[0])


def test_bach_chorales_damaged_cache_is_rebuilt(env):
    music21 = pytest.importorskip("music21")
    env.mkdir(parents=True)
    (env / f"bach_chorales_music21-{music21.__version__}.npz").write_bytes(b"garbage")
    rolls = ds.load_bach_chorales(1, progress=False)
    assert rolls[0].shape[1] == 88


def test_bach_chorales_errors(env, monkeypatch):
    with pytest.raises(ValueError, match="positive whole number"):
        ds.load_bach_chorales(0)
    monkeypatch.setitem(sys.modules, "music21", None)
    with pytest.raises(ImportError, match="pip install music21"):
        ds.load_bach_chorales(1)


# ---- text <-> ids ----------------------------------------------------------------------------

def test_char_vocab_round_trip():
    text = "To be, or not to be\n"
    vocab = ds.CharVocab.from_text(text)
    assert len(vocab) == len(set(text)) and vocab.chars == sorted(set(text))
    ids = vocab.encode(text)
    assert ids.dtype == np.int64 and vocab.decode(ids) == text
    with pytest.raises(ValueError, match="not in the vocabulary.*'Z'"):
        vocab.encode("Zebra")
    lenient = ds.CharVocab.from_text(text, unknown=" ")
    assert lenient.decode(lenient.encode("toZ")) == "to "


def test_vocabulary_and_padding():
    docs = [ds.tokenize("A good film."), ds.tokenize("A bad, bad film!")]
    vocab = ds.Vocabulary.from_texts(docs, max_size=6)
    assert vocab.tokens[:2] == ["<pad>", "<unk>"]
    assert len(vocab) == 6
    assert vocab.tokens[2:4] == ["a", "bad"]  # most frequent first, ties alphabetical
    ids = vocab.encode(["a", "terrible", "film"])
    assert ids[1] == 1
    assert vocab.decode(ids) == ["a", "<unk>", "film"]
    padded = ds.pad_sequences([[2, 3], [4, 5, 6, 7]], maxlen=3)
    np.testing.assert_array_equal(padded, [[2, 3, 0], [4, 5, 6]])


def test_tokenize_matches_movie_review_style():
    assert ds.tokenize("It isn\u2019t GOOD!") == ["it", "isn't", "good", "!"]
    assert ds.tokenize('the "best"... (really)') == ["the", '"', "best", '"', "...", "(",
                                                   "really", ")"]
