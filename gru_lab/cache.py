"""Expensive results (trained weights), computed once and cached by their content.

The book's applications train Keras models for minutes. A page is re-executed whenever any of
its code cells changes, and most of those changes do not touch the training. So training goes
through :func:`fit_keras`, a drop-in for ``model.fit`` whose result (the trained weights, the
history and the measured training time) is stored on disk under a key made of

* the code: the source of the whole ``gru_lab`` package (:func:`package_digest`) and the
  versions of Keras and TensorFlow,
* the model: its architecture and optimizer (``to_json``, ``optimizer.get_config``) and its
  initial weights, which carry the seed,
* the data and the training settings: every array and keyword passed to ``fit``.

Change any of them and the model is trained again; change nothing and it is loaded. Where the
results live: ``$GRU_LAB_CACHE`` (the Makefile sets ``_build/.gru_lab_cache``), else
``~/.cache/gru_lab`` (the same folder that :mod:`gru_lab.datasets` keeps its downloads in,
under other names); ``GRU_LAB_CACHE=off`` turns caching off. :func:`memoize` gives the same
to any function (joblib.Memory under a folder named after the package digest).

Used by chapter 5 (``book/05_keras.md``) and the applications (``book/apps/``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import time
from pathlib import Path

import numpy as np

from .i18n import Messages

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`).
MESSAGES = Messages(en={
    "history": "CachedHistory({epochs} epochs, {seconds:.1f} s, {source})",
    "loaded": "loaded from the cache",
    "trained": "trained now",
}, zh={
    "history": "CachedHistory({epochs} 轮，{seconds:.1f} 秒，{source})",
    "loaded": "从缓存加载",
    "trained": "刚刚训练",
})

PACKAGE_ROOT = Path(__file__).resolve().parent
OFF = {"off", "0", "no", "false"}


def package_digest(root: Path | None = None) -> str:
    """SHA-256 of every ``.py`` and ``.js`` file of the package (path and content), hex."""
    root = Path(root or PACKAGE_ROOT)
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".js"}):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path | None:
    """The cache's folder, or None when ``GRU_LAB_CACHE=off``."""
    value = os.environ.get("GRU_LAB_CACHE", "")
    if value.strip().lower() in OFF:
        return None
    return Path(value).expanduser() if value else Path.home() / ".cache" / "gru_lab"


@contextlib.contextmanager
def exclusive_lock(path: Path):
    """An exclusive lock on ``path`` while the block runs: two chapters executed at once train
    a model only once (also used by the data sets' downloads and by the tests' shared folders).
    Where fcntl is missing (Windows) there is no lock: at worst the work is done twice."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no lock, at worst a model is trained twice
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def memoize(func):
    """Cache ``func``'s results on disk, keyed by its arguments and the package's code.

    joblib.Memory keys a result by the function's own code and its arguments; the folder is
    named after :func:`package_digest`, so an edit anywhere in ``gru_lab`` recomputes too.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        root = cache_dir()
        if root is None:
            return func(*args, **kwargs)
        import joblib

        digest = package_digest()[:16]
        memory = joblib.Memory(root / "joblib" / digest, verbose=0)
        with exclusive_lock(root / "locks" / f"{func.__module__}.{func.__qualname__}"):
            return memory.cache(func)(*args, **kwargs)

    return wrapper


class CachedHistory:
    """What ``model.fit`` returns, as far as the book uses it: ``.history``, ``.epoch``, and
    ``.seconds``, the wall-clock time the training took when it ran (not when it was loaded)."""

    def __init__(self, history: dict, epoch: list, seconds: float, from_cache: bool):
        self.history, self.epoch = history, epoch
        self.seconds, self.from_cache = seconds, from_cache

    def __repr__(self) -> str:
        source = MESSAGES["loaded" if self.from_cache else "trained"]
        return MESSAGES["history"].format(epochs=len(self.epoch), seconds=self.seconds,
                                          source=source)


def _describe(value):
    """A deterministic, hashable description of a ``fit`` argument."""
    if isinstance(value, np.ndarray) or hasattr(value, "numpy"):
        array = np.ascontiguousarray(np.asarray(value))
        return ("array", str(array.dtype), array.shape, hashlib.sha256(array.data).hexdigest())
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, *(_describe(v) for v in value)]
    if isinstance(value, dict):
        return {str(k): _describe(v) for k, v in sorted(value.items())}
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if callable(value) and hasattr(value, "__qualname__"):  # a function, e.g. a loss
        return f"{value.__module__}.{value.__qualname__}"
    # A callback or another object: its class and its plain settings.
    settings = {k: _describe(v) for k, v in sorted(vars(value).items())
                if isinstance(v, (str, int, float, bool, type(None)))}
    return [type(value).__module__ + "." + type(value).__qualname__, settings]


def _canonical_names(config):
    """``config`` with every ``name`` replaced by its order of first appearance.

    Keras numbers unnamed layers and optimizers within a process (``dense``, ``dense_1``,
    ``sgd_1``); renaming them canonically keeps the topology (inbound nodes refer to names)
    while two identical models built in one process get the same key.
    """
    names: dict[str, str] = {}

    def collect(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str):
                names.setdefault(node["name"], f"<{len(names)}>")
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    def rename(node):
        if isinstance(node, dict):
            return {k: rename(v) for k, v in node.items()}
        if isinstance(node, list):
            return [rename(v) for v in node]
        return names.get(node, node) if isinstance(node, str) else node

    collect(config)
    return rename(config)


def fit_key(model, args: tuple, kwargs: dict) -> str:
    """The cache key of ``model.fit(*args, **kwargs)``: code, model, data and settings."""
    import keras

    weights = [np.asarray(w) for w in model.get_weights()]
    optimizer = model.optimizer.get_config() if getattr(model, "optimizer", None) else None
    key = {
        "package": package_digest(),
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "model": _canonical_names(json.loads(model.to_json())),
        "loss": _describe(getattr(model, "loss", None)),
        "optimizer": _canonical_names(optimizer) if optimizer else None,
        "initial_weights": _describe(weights),
        "args": _describe(list(args)),
        "kwargs": _describe({k: v for k, v in kwargs.items() if k != "verbose"}),
    }
    blob = json.dumps(key, sort_keys=True, default=repr).encode()
    return hashlib.sha256(blob).hexdigest()


def fit_keras(model, *args, **kwargs) -> CachedHistory:
    """``model.fit(*args, **kwargs)``, or its stored result when nothing it depends on changed.

    The model must be compiled. After the call the model holds the trained weights either way;
    the optimizer's own state (Adam's moments) is not restored, so continue training a loaded
    model only where that does not matter. Returns a :class:`CachedHistory`.
    """
    root = cache_dir()
    path = None if root is None else root / "keras" / f"{fit_key(model, args, kwargs)}.pkl"
    with contextlib.ExitStack() as stack:
        if path is not None:
            stack.enter_context(exclusive_lock(path.with_suffix(".lock")))
            if path.is_file():
                with open(path, "rb") as handle:
                    stored = pickle.load(handle)
                model.set_weights(stored["weights"])
                return CachedHistory(stored["history"], stored["epoch"], stored["seconds"], True)
        start = time.perf_counter()
        result = model.fit(*args, **kwargs)
        seconds = time.perf_counter() - start
        history = {k: [float(v) for v in vs] for k, vs in result.history.items()}
        stored = {"weights": [np.asarray(w) for w in model.get_weights()], "history": history,
                  "epoch": list(result.epoch), "seconds": seconds}
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            with open(partial, "wb") as handle:
                pickle.dump(stored, handle)
            partial.replace(path)
        return CachedHistory(history, stored["epoch"], seconds, False)
