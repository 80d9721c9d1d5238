"""The content-keyed cache of expensive results (gru_lab.cache).

Protects the promise that a rebuild whose training code did not change trains nothing, while
any change to the code, the data, the seed or the settings trains again.
"""

from __future__ import annotations

import importlib
import sys

import numpy as np
import pytest

from gru_lab import cache


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    monkeypatch.setenv("GRU_LAB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _counting_module(tmp_path, body: str):
    """A module `trainer` in tmp_path whose memoized `train` counts its real calls."""
    (tmp_path / "trainer.py").write_text(
        "from gru_lab.cache import memoize\n"
        "CALLS = []\n"
        "@memoize\n"
        "def train(seed):\n"
        "    CALLS.append(seed)\n"
        f"    return {body}\n"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        sys.modules.pop("trainer", None)
        return importlib.import_module("trainer")
    finally:
        sys.path.remove(str(tmp_path))


def test_memoize_computes_once_per_seed(cache_root, tmp_path):
    """Same code, same arguments: the second call loads; another seed computes."""
    trainer = _counting_module(tmp_path, "seed * 2")
    assert trainer.train(3) == 6 and trainer.train(3) == 6
    assert trainer.CALLS == [3]
    assert trainer.train(4) == 8
    assert trainer.CALLS == [3, 4]


def test_editing_the_training_code_invalidates_the_cache(cache_root, tmp_path):
    """A change to the cached function's own code trains again (joblib keys by its code)."""
    trainer = _counting_module(tmp_path, "seed * 2")
    assert trainer.train(3) == 6
    trainer = _counting_module(tmp_path, "seed * 10")   # the training code changed
    assert trainer.train(3) == 30
    assert trainer.CALLS == [3]   # the reloaded module computed (its own counter)


def test_editing_the_package_invalidates_the_cache(cache_root, tmp_path, monkeypatch):
    """A change anywhere in gru_lab (e.g. gru_backward, which training calls) trains again."""
    trainer = _counting_module(tmp_path, "seed * 2")
    trainer.train(1)
    monkeypatch.setattr(cache, "package_digest", lambda root=None: "0" * 64)
    trainer.train(1)
    assert trainer.CALLS == [1, 1]


def test_package_digest_follows_the_source(tmp_path):
    """The digest changes when any .py file's content changes, and only then."""
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "notes.txt").write_text("ignored\n")
    first = cache.package_digest(tmp_path)
    (tmp_path / "notes.txt").write_text("still ignored\n")
    assert cache.package_digest(tmp_path) == first
    (tmp_path / "a.py").write_text("x = 2\n")
    assert cache.package_digest(tmp_path) != first


def test_cache_off(monkeypatch, tmp_path):
    """GRU_LAB_CACHE=off computes every time."""
    monkeypatch.setenv("GRU_LAB_CACHE", "off")
    trainer = _counting_module(tmp_path, "seed")
    trainer.train(1)
    trainer.train(1)
    assert trainer.CALLS == [1, 1]
    assert cache.cache_dir() is None


@pytest.mark.keras
def test_fit_keras_trains_once_and_restores_the_weights(cache_root):
    """The second identical fit loads the trained weights; new data or a new seed trains."""
    keras = pytest.importorskip("keras")

    def model(seed):
        keras.utils.set_random_seed(seed)
        # Named layers: Keras numbers unnamed ones (dense, dense_1, ...) within a process,
        # and the architecture, names included, is part of the key.
        m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, name="out")], name="m")
        m.compile(optimizer="sgd", loss="mse")
        return m

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(16, 3)), rng.normal(size=(16, 1))
    first = model(0)
    h1 = cache.fit_keras(first, x, y, epochs=2, verbose=0)
    second = model(0)
    h2 = cache.fit_keras(second, x, y, epochs=2, verbose=0)
    assert not h1.from_cache and h2.from_cache
    assert h2.history == h1.history and h2.seconds == h1.seconds
    for a, b in zip(first.get_weights(), second.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert not cache.fit_keras(model(1), x, y, epochs=2, verbose=0).from_cache   # new seed
    assert not cache.fit_keras(model(0), x + 1, y, epochs=2, verbose=0).from_cache  # new data
    assert not cache.fit_keras(model(0), x, y, epochs=3, verbose=0).from_cache  # new setting
