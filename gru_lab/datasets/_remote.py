"""Where a downloadable data set comes from: the ``GRU_LAB_DATA`` folder, or pooch and its cache.

Shared by :mod:`.shakespeare` and :mod:`.movie_reviews`. A data set is described by a
:class:`Remote` (its home, its files and how each file is checked); :func:`read` returns the
checked bytes of its files:

* ``GRU_LAB_DATA`` set (tests, CI, a classroom without internet): the files are read from that
  folder and nothing is downloaded. A missing or wrong file raises :class:`DatasetError`,
  which names the file and the folder.
* otherwise the cache (:func:`cache_dir`) is used, and what is not there is downloaded with
  `pooch <https://www.fatiando.org/pooch/>`_: into a temporary file, retried when it fails,
  checked against its SHA-256 checksum when one is known, and only then moved into place. An
  archive is unpacked with ``pooch.Untar`` and then deleted.

Every file is checked on every read: a SHA-256 checksum where one is known, the number of
lines where that is what is known. A download that fails its check is deleted; so is a
damaged file in the cache, which is then downloaded again. Files under ``GRU_LAB_DATA`` are
only read.

The words a reader sees are in :data:`MESSAGES`, a :class:`gru_lab.i18n.Messages` table in
English and Chinese (the same keys and ``{placeholders}``); a data set's own title is in its
module's table (:attr:`Remote.words`), looked up when a message is written.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pooch

from ..cache import OFF as _CACHE_OFF
from ..cache import exclusive_lock
from ..i18n import Messages

MESSAGES = Messages(en={
    "env_not_folder": (
        "The environment variable GRU_LAB_DATA points at {path}, which is not a folder.\n"
        "How to fix it: set GRU_LAB_DATA to the folder that holds {layout}, or unset it to "
        "download the data set into the cache."
    ),
    "env_file_missing": (
        "GRU_LAB_DATA points at {folder}, but the {title} data set is not there: {missing} "
        "not found.\n"
        "How to fix it: put {layout} under {folder} (the layout of the data set's own "
        "download, {url}), or unset GRU_LAB_DATA to download it ({size}) into the cache."
    ),
    "not_cached": (
        "The {title} data set is not in the cache ({folder}), and download=False.\n"
        "How to fix it: call the loader with download=True (it downloads {size} from {url}), "
        "or point the environment variable GRU_LAB_DATA at a folder that holds {layout}."
    ),
    "no_download": (
        "Could not download the {title} data set ({size}) from {url}:\n  {reason}\n"
        "How to fix it: connect to the internet and call the loader again (it downloads the "
        "data set {where}), or download {url} yourself{unpack} and point the environment "
        "variable GRU_LAB_DATA at the folder that holds {layout}."
    ),
    "bad_download": (
        "Downloaded the {title} data set from {url}, but it is not the expected data: "
        "{problem}\nNothing was kept.\n"
        "How to fix it: call the loader again (a download can be damaged on the way). If it "
        "fails every time, the file at {url} is no longer the one this book was written for."
    ),
    "unpack": ", unpack it",
    "where_cache": "once, into {folder}",
    "where_temporary": "into a temporary folder, every time (GRU_LAB_CACHE=off)",
    "no_cache": "there is none: GRU_LAB_CACHE=off",
    "checksum": (
        "The file {path} is not the expected {title} data: its SHA-256 checksum is {got}, "
        "expected {expected}.\nHow to fix it: {fix}"
    ),
    "count": (
        "The file {path} is not the expected {title} data (damaged or cut short?): it has "
        "{got} lines, expected {expected}.\nHow to fix it: {fix}"
    ),
    "fix_env": (
        "replace it with the original from {url}, or unset GRU_LAB_DATA to download a copy "
        "into the cache."
    ),
    "fix_cache": "call the loader with download=True: it deletes the file and downloads it again.",
    "problem_checksum": "its SHA-256 checksum is not {expected}",
    "problem_count": "{file} has {got} lines, expected {expected}",
    "problem_member": "the archive has no member {member}",
    "problem_archive": "the archive cannot be unpacked ({error})",
    "progress": "\rDownloading {title}: {pct:3.0f}% ({done} of {total})",
    "progress_unknown": "\rDownloading {title}: {done}",
    "saved": "Saved {title} to {path}",
}, zh={
    "env_not_folder": (
        "环境变量 GRU_LAB_DATA 指向 {path}，但它不是一个文件夹。\n"
        "解决办法：把 GRU_LAB_DATA 设为存放 {layout} 的文件夹，或者取消设置它，"
        "让数据集下载到缓存中。"
    ),
    "env_file_missing": (
        "GRU_LAB_DATA 指向 {folder}，但 {title} 数据集不在那里：找不到 {missing}。\n"
        "解决办法：把 {layout} 放到 {folder} 下（按数据集自身下载包的目录结构，{url}），"
        "或者取消设置 GRU_LAB_DATA，把它（{size}）下载到缓存中。"
    ),
    "not_cached": (
        "{title} 数据集不在缓存（{folder}）中，而 download=False。\n"
        "解决办法：用 download=True 调用加载函数（它会从 {url} 下载 {size}），"
        "或者把环境变量 GRU_LAB_DATA 指向存放 {layout} 的文件夹。"
    ),
    "no_download": (
        "无法从 {url} 下载 {title} 数据集（{size}）：\n  {reason}\n"
        "解决办法：连上互联网后再调用一次加载函数（它会把数据集{where}），"
        "或者自己下载 {url}{unpack}，并把环境变量 GRU_LAB_DATA 指向存放 {layout} 的文件夹。"
    ),
    "bad_download": (
        "已从 {url} 下载 {title} 数据集，但它不是预期的数据：{problem}\n没有保留任何文件。\n"
        "解决办法：再调用一次加载函数（下载的文件可能在传输中损坏了）。如果每次都失败，"
        "说明 {url} 上的文件已经不是本书所依据的那一份了。"
    ),
    "unpack": " 并解压",
    "where_cache": "一次性下载到 {folder} 中",
    "where_temporary": "每次都下载到一个临时文件夹中（GRU_LAB_CACHE=off）",
    "no_cache": "没有缓存：GRU_LAB_CACHE=off",
    "checksum": (
        "文件 {path} 不是预期的 {title} 数据：它的 SHA-256 校验和为 {got}，"
        "应为 {expected}。\n解决办法：{fix}"
    ),
    "count": (
        "文件 {path} 不是预期的 {title} 数据（损坏了或不完整？）：它有 {got} 行，"
        "应为 {expected} 行。\n解决办法：{fix}"
    ),
    "fix_env": (
        "用 {url} 上的原始文件替换它，或者取消设置 GRU_LAB_DATA，把一份副本下载到缓存中。"
    ),
    "fix_cache": "用 download=True 调用加载函数：它会删除这个文件并重新下载。",
    "problem_checksum": "它的 SHA-256 校验和不是 {expected}",
    "problem_count": "{file} 有 {got} 行，应为 {expected} 行",
    "problem_member": "压缩包中没有成员 {member}",
    "problem_archive": "无法解压该压缩包（{error}）",
    "progress": "\r正在下载 {title}：{pct:3.0f}%（{done} / {total}）",
    "progress_unknown": "\r正在下载 {title}：{done}",
    "saved": "已将 {title} 保存到 {path}",
})

#: Extra download attempts after a failed one (pooch waits 1 s, then 2 s, between them).
RETRIES = 2
#: Seconds pooch waits for the server before it gives up on an attempt.
TIMEOUT = 60


class DatasetError(FileNotFoundError):
    """A data set could not be found, downloaded or verified (the message says how to fix it)."""


@dataclass
class Remote:
    """A downloadable data set: its home, its files and how each file is checked.

    ``files``: the data files, relative paths in the data set's own layout (the same under
    ``GRU_LAB_DATA`` and in the cache). ``url``: one file (then ``files`` holds exactly that
    file) or a tar archive holding ``files`` (then ``archive`` is the archive's file name in
    the cache). ``sha256`` and ``lines``: per file, its checksum or its number of lines
    (``sha256`` may also hold the archive's checksum: pooch then checks the download).
    ``words``: the data set's module's :class:`~gru_lab.i18n.Messages` table, whose
    ``"title"`` is :attr:`title` in the reader's language.
    """

    key: str
    words: Mapping[str, str]
    url: str
    files: tuple[str, ...]
    size: str                      # for the messages only, e.g. "1.1 MB"
    sha256: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    archive: str | None = None

    @property
    def title(self) -> str:
        """The data set's name in the current language (for the messages)."""
        return self.words["title"]

    @property
    def layout(self) -> str:
        return ", ".join(self.files)


# ---- where to look -------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """The download cache: ``$GRU_LAB_CACHE``, else pooch's cache folder for ``gru_lab``
    (``~/.cache/gru_lab`` on Linux; ``$XDG_CACHE_HOME`` is honoured). ``None`` when
    ``GRU_LAB_CACHE=off``: then downloads go to a temporary folder and are not kept."""
    value = os.environ.get("GRU_LAB_CACHE", "").strip()
    if value.lower() in _CACHE_OFF:
        return None
    return Path(value).expanduser() if value else Path(pooch.os_cache("gru_lab"))


def data_dirs() -> list[tuple[Path, str]]:
    """The folder a data set is read from, with the reason: ``$GRU_LAB_DATA`` when it is set
    (nothing else is searched then), else the cache (empty when ``GRU_LAB_CACHE=off``)."""
    env = os.environ.get("GRU_LAB_DATA")
    if env:
        return [(Path(env).expanduser(), "GRU_LAB_DATA")]
    cache = cache_dir()
    return [] if cache is None else [(cache, "cache")]


# ---- checks --------------------------------------------------------------------------------


def _problem(remote: Remote, rel: str, path: Path) -> dict | None:
    """What is wrong with the file ``path`` (file ``rel`` of ``remote``), or None."""
    if rel in remote.sha256:
        got = pooch.file_hash(str(path), alg="sha256")
        if got != remote.sha256[rel]:
            return {"key": "checksum", "got": got, "expected": remote.sha256[rel]}
    if rel in remote.lines:
        got = len(path.read_bytes().splitlines())
        if got != remote.lines[rel]:
            return {"key": "count", "got": got, "expected": remote.lines[rel]}
    return None


def _check_error(remote: Remote, path: Path, problem: dict, fix: str) -> DatasetError:
    return DatasetError(MESSAGES[problem["key"]].format(
        path=path, title=remote.title, got=problem["got"], expected=problem["expected"],
        fix=MESSAGES[fix].format(url=remote.url)))


def _read_checked(remote: Remote, folder: Path, fix: str) -> dict[str, bytes]:
    out = {}
    for rel in remote.files:
        path = folder / rel
        problem = _problem(remote, rel, path)
        if problem:
            raise _check_error(remote, path, problem, fix)
        out[rel] = path.read_bytes()
    return out


def _complete(remote: Remote, folder: Path) -> bool:
    return all((folder / rel).is_file() for rel in remote.files)


def _delete(remote: Remote, folder: Path) -> None:
    """Remove the data files of ``remote`` (and its archive) from ``folder``."""
    for rel in remote.files + ((remote.archive,) if remote.archive else ()):
        (folder / rel).unlink(missing_ok=True)


# ---- download (pooch) ----------------------------------------------------------------------


def _human(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


class _Progress:
    """The progress bar pooch's HTTPDownloader drives (it sets ``total`` at the start of each
    attempt, then calls ``update``, ``reset`` and ``close``): one line on stderr, worded from
    :data:`MESSAGES`."""

    def __init__(self, title: str):
        self.title = title
        self._total = 0
        self.done = 0
        self._open = False

    @property
    def total(self) -> int:
        return self._total

    @total.setter
    def total(self, value: int) -> None:   # a new attempt starts from zero
        self._total = int(value or 0)
        self.done = 0

    def update(self, n: int) -> None:
        self.done += n
        if self._total:
            done = min(self.done, self._total)
            msg = MESSAGES["progress"].format(title=self.title, pct=100 * done / self._total,
                                              done=_human(done), total=_human(self._total))
        else:
            msg = MESSAGES["progress_unknown"].format(title=self.title, done=_human(self.done))
        print(msg, end="", file=sys.stderr, flush=True)
        self._open = True

    def reset(self) -> None:
        self.done = 0

    def close(self) -> None:
        """End the line (also called after a failed download, so an error starts afresh)."""
        if self._open:
            print(file=sys.stderr, flush=True)
            self._open = False


@contextlib.contextmanager
def _quiet_pooch():
    """pooch logs its own English lines (file names, hashes to copy) at INFO: keep them out of
    the reader's output while it works; its warnings still show."""
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")
    try:
        yield
    finally:
        logger.setLevel(level)


def _download(remote: Remote, folder: Path, progress: bool) -> Path:
    """Download ``remote.url`` into ``folder`` with pooch; the path of the downloaded file."""
    target = remote.archive or remote.files[0]
    known = remote.sha256.get(target)
    fetcher = pooch.create(path=folder, base_url="", registry={
        target: f"sha256:{known}" if known else None}, urls={target: remote.url},
        retry_if_failed=RETRIES)
    bar = _Progress(remote.title) if progress else False
    downloader = pooch.HTTPDownloader(progressbar=bar, chunk_size=1 << 16, timeout=TIMEOUT)
    try:
        with _quiet_pooch():
            return Path(fetcher.fetch(target, downloader=downloader))
    finally:
        if bar:
            bar.close()


def _unpack_and_check(remote: Remote, folder: Path, path: Path) -> str | None:
    """Unpack the archive ``path`` (then delete it) and check every file: the problem, or
    None when every file is there and passes its check."""
    if remote.archive:
        try:
            # extract_dir "." (next to the archive) keeps the archive's own paths, so the files
            # land in the data set's layout, e.g. rt-polaritydata/rt-polarity.pos in ``folder``.
            with _quiet_pooch():
                pooch.Untar(members=list(remote.files), extract_dir=".")(
                    str(path), "download", None)
        except Exception as err:   # tarfile.ReadError, EOFError, zlib.error, ...: say which
            return MESSAGES["problem_archive"].format(error=f"{type(err).__name__}: {err}")
        finally:
            path.unlink(missing_ok=True)
    for rel in remote.files:
        file = folder / rel
        if not file.is_file() or file.is_symlink():
            return MESSAGES["problem_member"].format(member=rel)
        found = _problem(remote, rel, file)
        if found:
            return MESSAGES["problem_" + found["key"]].format(file=rel, **found)
    return None


def _no_download(remote: Remote, where: str, err: Exception) -> DatasetError:
    return DatasetError(MESSAGES["no_download"].format(
        title=remote.title, size=remote.size, url=remote.url,
        reason=f"{type(err).__name__}: {err}", where=where, layout=remote.layout,
        unpack=MESSAGES["unpack"] if remote.archive else ""))


def _fetch_into(remote: Remote, folder: Path, where: str, progress: bool) -> dict[str, bytes]:
    """Download into ``folder`` and return the checked bytes. On any failure nothing of the
    download is left in ``folder``, and :class:`DatasetError` says what happened."""
    expected = remote.sha256.get(remote.archive or remote.files[0])
    try:
        path = _download(remote, folder, progress)
    except ValueError as err:   # pooch's checksum error names the expected hash
        if not (expected and expected in str(err)):
            raise _no_download(remote, where, err) from None
        problem = MESSAGES["problem_checksum"].format(expected=expected)
    except Exception as err:   # network errors of every kind (requests): say what happened
        raise _no_download(remote, where, err) from None
    else:
        problem = _unpack_and_check(remote, folder, path)
    if problem is not None:
        _delete(remote, folder)
        raise DatasetError(MESSAGES["bad_download"].format(
            title=remote.title, url=remote.url, problem=problem))
    return {rel: (folder / rel).read_bytes() for rel in remote.files}


# ---- the one entry point -------------------------------------------------------------------


def read(remote: Remote, download: bool = True, progress: bool = True) -> dict[str, bytes]:
    """The checked bytes of every file of ``remote``: ``{relative path: bytes}``.

    From ``$GRU_LAB_DATA`` when it is set (never downloads), else from the cache, downloading
    with pooch what is missing there (when ``download``). ``progress``: a progress line on
    stderr while downloading, and where the files were saved.
    """
    env = os.environ.get("GRU_LAB_DATA")
    if env:
        folder = Path(env).expanduser()
        if not folder.is_dir():
            raise DatasetError(MESSAGES["env_not_folder"].format(path=env, layout=remote.layout))
        missing = [str(folder / rel) for rel in remote.files if not (folder / rel).is_file()]
        if missing:
            raise DatasetError(MESSAGES["env_file_missing"].format(
                folder=folder, title=remote.title, missing=", ".join(missing),
                layout=remote.layout, url=remote.url, size=remote.size))
        return _read_checked(remote, folder, "fix_env")

    cache = cache_dir()
    if cache is None:   # GRU_LAB_CACHE=off: download, read, forget
        if not download:
            raise _not_cached(remote, MESSAGES["no_cache"])
        with tempfile.TemporaryDirectory(prefix="gru_lab-") as tmp:
            return _fetch_into(remote, Path(tmp), MESSAGES["where_temporary"], progress)
    # One process at a time per data set (chapters run in parallel): the second one waits,
    # then reads what the first downloaded. No lock on Windows (no fcntl).
    with exclusive_lock(cache / "locks" / f"gru_lab.datasets.{remote.key}"):
        if _complete(remote, cache):
            try:
                return _read_checked(remote, cache, "fix_cache")
            except DatasetError:
                if not download:
                    raise
                _delete(remote, cache)   # damaged: a fresh copy is downloaded below
        if not download:
            raise _not_cached(remote, cache)
        data = _fetch_into(remote, cache, MESSAGES["where_cache"].format(folder=cache), progress)
    if progress:
        print(MESSAGES["saved"].format(title=remote.title, path=cache / remote.key),
              file=sys.stderr)
    return data


def _not_cached(remote: Remote, folder) -> DatasetError:
    return DatasetError(MESSAGES["not_cached"].format(
        title=remote.title, folder=folder, size=remote.size, url=remote.url,
        layout=remote.layout))


def decode(data: bytes) -> str:
    """UTF-8 (the copies) or Latin-1 (the Movie Review originals)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")
