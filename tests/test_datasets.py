"""Offline tests of gru_lab.datasets: every loader, its error messages, and the download path.

Downloads go through pooch to a local HTTP server on 127.0.0.1 (the loaders' URLs are
monkeypatched to it); a request to any other host fails, so no test goes online.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import logging
import os
import subprocess
import sys
import tarfile
import threading
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import numpy as np
import pooch
import pytest
import requests

from gru_lab import datasets as ds
from gru_lab.datasets import _remote

SHARED = Path(os.environ.get("GRU_LAB_DATA") or Path(__file__).resolve().parents[1].parent
              / "shared" / "data")
N_MR = 5331
ATTEMPTS = 1 + _remote.RETRIES


@pytest.fixture
def env(tmp_path, monkeypatch):
    """An empty cache, no GRU_LAB_DATA, no waiting between pooch's retries, and requests
    refused for every host but 127.0.0.1."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("GRU_LAB_CACHE", str(cache))
    monkeypatch.delenv("GRU_LAB_DATA", raising=False)
    monkeypatch.setattr(pooch.core, "time", SimpleNamespace(sleep=lambda s: None))
    real_send = requests.Session.send

    def local_only(self, request, **kwargs):
        if urlsplit(request.url).hostname != "127.0.0.1":
            raise requests.ConnectionError("network disabled in tests")
        return real_send(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", local_only)
    return cache


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the server's folder; ``/broken`` promises 1 MB and sends 3 kB, then hangs up."""

    def do_GET(self):  # noqa: N802 - the base class's name
        self.server.requests[self.path] += 1
        if self.path == "/broken":
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"x" * 3000)
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture
def server(tmp_path):
    """A local HTTP server: put files in ``server.root``, fetch ``server.url(name)``;
    ``server.requests[path]`` counts the GET requests."""
    root = tmp_path / "www"
    root.mkdir()
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    httpd.requests = Counter()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    port = httpd.server_address[1]
    yield SimpleNamespace(root=root, requests=httpd.requests,
                          url=lambda name: f"http://127.0.0.1:{port}/{name}")
    httpd.shutdown()
    httpd.server_close()


def _files_in(folder: Path) -> list[Path]:
    """Every file under ``folder`` but the lock files (``folder/locks``)."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and folder / "locks" not in p.parents)


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


def _serve_shakespeare(server, monkeypatch, content: bytes, sha256: str | None = None) -> None:
    """Serve ``content`` as tiny Shakespeare; its checksum becomes the expected one unless
    ``sha256`` is given."""
    (server.root / "input.txt").write_bytes(content)
    monkeypatch.setattr(ds.TINY_SHAKESPEARE, "url", server.url("input.txt"))
    monkeypatch.setitem(ds.TINY_SHAKESPEARE.sha256, "tinyshakespeare/input.txt",
                        sha256 or hashlib.sha256(content).hexdigest())


# ---- tiny Shakespeare: the GRU_LAB_DATA folder -----------------------------------------------

@pytest.mark.skipif(not (SHARED / "tinyshakespeare" / "input.txt").is_file(),
                    reason="no local copy of the data (set GRU_LAB_DATA)")
def test_tiny_shakespeare_from_data_folder(env, monkeypatch):
    monkeypatch.setenv("GRU_LAB_DATA", str(SHARED))
    text = ds.load_tiny_shakespeare()
    assert len(text) == ds.TINY_SHAKESPEARE_CHARS == 1_115_394
    assert len(set(text)) == 65
    assert text.startswith("First Citizen:")
    assert _files_in(env) == []  # read in place, nothing copied to the cache


def test_the_real_checksum_is_the_published_one():
    """The SHA-256 the loader checks is the one of Karpathy's input.txt (guards a typo)."""
    assert ds.TINY_SHAKESPEARE.sha256["tinyshakespeare/input.txt"] == (
        "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed")


def test_data_folder_wrong_checksum_says_what_and_how(env, tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "tinyshakespeare").mkdir(parents=True)
    (data / "tinyshakespeare" / "input.txt").write_text("First Citizen:\nBefore we proceed")
    monkeypatch.setenv("GRU_LAB_DATA", str(data))
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare()
    msg = str(err.value)
    assert "SHA-256" in msg and "86c4e6aa" in msg
    assert str(data / "tinyshakespeare" / "input.txt") in msg
    assert ds.TINY_SHAKESPEARE.url in msg and "unset GRU_LAB_DATA" in msg
    assert _files_in(env) == []


def test_data_folder_missing_file_says_which_and_where(env, tmp_path, monkeypatch, server):
    """GRU_LAB_DATA set and a file missing: an error naming the file and the folder, and no
    download (even though the server has the file)."""
    _serve_shakespeare(server, monkeypatch, b"First Citizen:\n")
    data = tmp_path / "empty"
    data.mkdir()
    monkeypatch.setenv("GRU_LAB_DATA", str(data))
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare()
    msg = str(err.value)
    assert str(data / "tinyshakespeare" / "input.txt") in msg and "not found" in msg
    assert f"GRU_LAB_DATA points at {data}" in msg
    assert sum(server.requests.values()) == 0 and _files_in(env) == []


def test_data_folder_names_only_the_missing_movie_review_file(env, tmp_path, monkeypatch):
    data = _mr_folder(tmp_path / "data")
    (data / "rt-polaritydata" / "rt-polarity.neg").unlink()
    monkeypatch.setenv("GRU_LAB_DATA", str(data))
    with pytest.raises(ds.DatasetError) as err:
        ds.load_movie_reviews()
    msg = str(err.value)
    assert f"{data / 'rt-polaritydata' / 'rt-polarity.neg'} not found" in msg
    assert str(data / "rt-polaritydata" / "rt-polarity.pos") + " " not in msg


def test_data_env_pointing_nowhere(env, tmp_path, monkeypatch):
    monkeypatch.setenv("GRU_LAB_DATA", str(tmp_path / "does-not-exist"))
    with pytest.raises(ds.DatasetError) as err:
        ds.load_movie_reviews()
    assert "not a folder" in str(err.value) and "does-not-exist" in str(err.value)
    assert isinstance(err.value, FileNotFoundError)


def test_data_dirs(env, tmp_path, monkeypatch):
    assert ds.data_dirs() == [(env, "cache")]
    monkeypatch.setenv("GRU_LAB_DATA", str(tmp_path))
    assert ds.data_dirs() == [(tmp_path, "GRU_LAB_DATA")]


# ---- tiny Shakespeare: download through pooch ------------------------------------------------

class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_download_verifies_then_caches(env, monkeypatch, server, capsys):
    content = b"First Citizen:\nSpeak, speak.\n" * 100
    _serve_shakespeare(server, monkeypatch, content)
    pooch_log = _Records()
    pooch.get_logger().addHandler(pooch_log)
    try:
        text = ds.load_tiny_shakespeare()
    finally:
        pooch.get_logger().removeHandler(pooch_log)
    assert text == content.decode()
    assert _files_in(env) == [env / "tinyshakespeare" / "input.txt"]  # no temporary file left
    err = capsys.readouterr().err
    assert "Downloading tiny Shakespeare: 100%" in err
    assert f"Saved tiny Shakespeare to {env / 'tinyshakespeare'}" in err
    assert [r.getMessage() for r in pooch_log.records] == []  # pooch's English log kept quiet
    assert ds.load_tiny_shakespeare() == text  # second call: from the cache, no download
    assert server.requests["/input.txt"] == 1


def test_download_with_wrong_checksum_is_retried_and_leaves_no_file(env, monkeypatch, server):
    real = ds.TINY_SHAKESPEARE.sha256["tinyshakespeare/input.txt"]
    _serve_shakespeare(server, monkeypatch, b"not shakespeare", sha256=real)
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare(progress=False)
    msg = str(err.value)
    assert "not the expected data" in msg and f"SHA-256 checksum is not {real}" in msg
    assert "Nothing was kept" in msg
    assert server.requests["/input.txt"] == ATTEMPTS  # pooch tried again
    assert _files_in(env) == []


def test_download_interrupted_midway_leaves_no_file(env, monkeypatch, server):
    monkeypatch.setattr(ds.TINY_SHAKESPEARE, "url", server.url("broken"))
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare(progress=False)
    msg = str(err.value)
    assert msg.startswith("Could not download the tiny Shakespeare data set")
    assert "ChunkedEncodingError" in msg or "ConnectionError" in msg
    assert server.requests["/broken"] == ATTEMPTS
    assert _files_in(env) == []


def test_http_error_is_explained(env, monkeypatch, server):
    monkeypatch.setattr(ds.TINY_SHAKESPEARE, "url", server.url("nothing-here.txt"))
    with pytest.raises(ds.DatasetError, match="HTTPError: 404"):
        ds.load_tiny_shakespeare(progress=False)
    assert _files_in(env) == []


def test_no_network_error_is_explained(env):
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare(progress=False)
    msg = str(err.value)
    assert "network disabled" in msg and "How to fix it" in msg
    assert f"once, into {env}" in msg and "GRU_LAB_DATA" in msg
    assert "unpack" not in msg  # a single text file: nothing to unpack


def test_not_cached_without_download(env, monkeypatch, server):
    _serve_shakespeare(server, monkeypatch, b"First Citizen:\n")
    with pytest.raises(ds.DatasetError) as err:
        ds.load_tiny_shakespeare(download=False)
    msg = str(err.value)
    assert f"not in the cache ({env})" in msg and "download=False" in msg
    assert sum(server.requests.values()) == 0


def test_damaged_cache_is_downloaded_again(env, monkeypatch, server):
    content = b"First Citizen:\nYou are all resolved rather to die than to famish?\n"
    _serve_shakespeare(server, monkeypatch, content)
    cached = env / "tinyshakespeare" / "input.txt"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(content[:20])  # cut short
    with pytest.raises(ds.DatasetError, match="download=True"):
        ds.load_tiny_shakespeare(download=False)  # says so, and leaves it alone
    assert cached.read_bytes() == content[:20]
    assert ds.load_tiny_shakespeare(progress=False) == content.decode()
    assert cached.read_bytes() == content and server.requests["/input.txt"] == 1


def test_cache_off_downloads_into_a_temporary_folder(env, tmp_path, monkeypatch, server):
    """GRU_LAB_CACHE=off (gru_lab.cache's switch): the download is used and not kept."""
    content = b"First Citizen:\n"
    _serve_shakespeare(server, monkeypatch, content)
    monkeypatch.setenv("GRU_LAB_CACHE", "off")
    monkeypatch.chdir(tmp_path)
    assert ds.cache_dir() is None and ds.data_dirs() == []
    assert ds.load_tiny_shakespeare(progress=False) == content.decode()
    assert ds.load_tiny_shakespeare(progress=False) == content.decode()
    assert server.requests["/input.txt"] == 2
    assert not (tmp_path / "off").exists() and _files_in(env) == []
    with pytest.raises(ds.DatasetError, match="GRU_LAB_CACHE=off"):
        ds.load_tiny_shakespeare(download=False)


def test_progress_line_without_content_length(capsys):
    bar = _remote._Progress("tiny Shakespeare")
    bar.total = 0
    bar.update(150_000)
    bar.close()
    assert capsys.readouterr().err == "\rDownloading tiny Shakespeare: 0.1 MB\n"


def test_progress_restarts_with_each_attempt(capsys):
    bar = _remote._Progress("x")
    bar.total = 1000
    bar.update(800)
    bar.total = 1000  # pooch's next attempt
    bar.update(100)
    assert capsys.readouterr().err.endswith(" 10% (0 kB of 1 kB)")


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
    assert _files_in(env) == []


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


def _serve_archive(server, monkeypatch, archive: Path) -> None:
    (server.root / archive.name).write_bytes(archive.read_bytes())
    monkeypatch.setattr(ds.MOVIE_REVIEWS, "url", server.url(archive.name))


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_movie_reviews_download_from_archive(env, tmp_path, monkeypatch, server, encoding):
    """Downloaded, unpacked into the data set's layout, the archive deleted; then cached."""
    _serve_archive(server, monkeypatch,
                   _tar_of(_mr_folder(tmp_path / "home", encoding=encoding),
                           tmp_path / "rt-polaritydata.tar.gz"))
    texts, labels = ds.load_movie_reviews(progress=False)
    assert len(texts) == 2 * N_MR and texts[0].endswith("caf\u00e9")
    assert _files_in(env) == [env / "rt-polaritydata" / "rt-polarity.neg",
                              env / "rt-polaritydata" / "rt-polarity.pos"]
    assert ds.load_movie_reviews(progress=False)[0] == texts
    assert server.requests["/rt-polaritydata.tar.gz"] == 1


def test_two_loaders_at_once_download_once(env, tmp_path, monkeypatch, server):
    """Chapters run in parallel: the second loader waits for the first, then reads its files
    (without the lock, one of them could unpack an archive the other has deleted)."""
    _serve_archive(server, monkeypatch,
                   _tar_of(_mr_folder(tmp_path / "home"), tmp_path / "rt-polaritydata.tar.gz"))
    results, errors = [], []

    def load():
        try:
            results.append(ds.load_movie_reviews(progress=False)[0])
        except Exception as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=load) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and len(results) == 3 and results[0] == results[1] == results[2]
    assert server.requests["/rt-polaritydata.tar.gz"] == 1


def test_movie_reviews_archive_with_dot_slash_paths(env, tmp_path, monkeypatch, server):
    """Members named ./rt-polaritydata/... (as some tar tools write them) are found too."""
    home = _mr_folder(tmp_path / "home")
    archive = tmp_path / "dots.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(home / "rt-polaritydata", arcname="./rt-polaritydata")
    _serve_archive(server, monkeypatch, archive)
    assert len(ds.load_movie_reviews(progress=False)[0]) == 2 * N_MR


def test_movie_reviews_short_archive_leaves_no_file(env, tmp_path, monkeypatch, server):
    _serve_archive(server, monkeypatch,
                   _tar_of(_mr_folder(tmp_path / "home", n_pos=N_MR - 1), tmp_path / "s.tar.gz"))
    with pytest.raises(ds.DatasetError) as err:
        ds.load_movie_reviews(progress=False)
    msg = str(err.value)
    assert f"rt-polaritydata/rt-polarity.pos has {N_MR - 1} lines, expected {N_MR}" in msg
    assert "Nothing was kept" in msg
    assert _files_in(env) == []


def test_movie_reviews_half_archive_leaves_no_file(env, tmp_path, monkeypatch, server):
    good = _tar_of(_mr_folder(tmp_path / "home"), tmp_path / "good.tar.gz").read_bytes()
    half = tmp_path / "half.tar.gz"
    half.write_bytes(good[: len(good) // 2])
    _serve_archive(server, monkeypatch, half)
    with pytest.raises(ds.DatasetError, match="the archive cannot be unpacked"):
        ds.load_movie_reviews(progress=False)
    assert _files_in(env) == []


def test_movie_reviews_archive_without_member(env, tmp_path, monkeypatch, server):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("README")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    _serve_archive(server, monkeypatch, archive)
    with pytest.raises(ds.DatasetError, match="no member rt-polaritydata/rt-polarity.pos"):
        ds.load_movie_reviews(progress=False)
    assert _files_in(env) == []


def test_movie_reviews_no_network_says_unpack(env):
    with pytest.raises(ds.DatasetError, match="yourself, unpack it and point"):
        ds.load_movie_reviews(progress=False)


# ---- the package: public names, light import -------------------------------------------------

def test_every_public_name_is_importable_from_the_package():
    """What pages and tests import from gru_lab.datasets (before the split: one module)."""
    for name in ds.__all__:
        assert getattr(ds, name) is not None, name
    from gru_lab.datasets import CharVocab, load_movie_reviews  # noqa: F401


def test_importing_the_package_draws_nothing():
    code = ("import sys, gru_lab.datasets; "
            "assert 'matplotlib' not in sys.modules and 'requests' not in sys.modules, "
            "sorted(m for m in sys.modules if m.startswith(('matplotlib', 'requests')))")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


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
