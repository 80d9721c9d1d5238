"""One MR model for two pages: chapter 5 (``book/05_keras.md``) and the sentiment chapter
(``book/apps/sentiment.md``) both call ``apps.train_sentiment(texts, labels, seed=0)``.

Protects the promise that the model is trained once: the second call with the same arguments
loads the first call's trained model from the cache (and says so), while a new seed trains
again; and that the split and the model are the ones the pages describe.
"""

from __future__ import annotations

import numpy as np
import pytest

from gru_lab import apps
from gru_lab.cache import CachedHistory

keras = pytest.importorskip("keras")
pytestmark = pytest.mark.keras

# The book's settings, shrunk so that a run takes a second or two.
TINY = apps.SentimentSettings(test_fraction=0.2, val_fraction=0.2, maxlen=4, embed_dim=3,
                              units=4, batch_size=8, max_epochs=2)


def _reviews(n=40):
    texts = [("good fine film" if i % 2 else "bad dull film") + f" w{i % 5}" for i in range(n)]
    return texts, np.arange(n) % 2


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    monkeypatch.setenv("GRU_LAB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_call_loads_the_model_the_first_trained(cache_root):
    """Two calls with the same arguments train once: the second is loaded from the cache,
    says so, reports the first call's training time (not 0 s) and holds the same trained
    weights, split and test accuracy. (That a new seed or new data trains again is
    tests/test_cache.py's test of fit_keras.)"""
    texts, labels = _reviews()
    first = apps.train_sentiment(texts, labels, seed=0, settings=TINY)
    second = apps.train_sentiment(texts, labels, seed=0, settings=TINY)
    assert not first.from_cache and second.from_cache
    assert second.seconds == first.seconds > 0
    assert second.status().startswith("Loaded from the cache")
    assert first.status().startswith("Trained now")
    assert f"{first.seconds:.0f} s" in second.status()
    for a, b in zip(first.model.get_weights(), second.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    untrained = apps.build_sentiment_model(len(first.data.vocab), embed_dim=TINY.embed_dim,
                                           units=TINY.units, seed=0)
    assert any(not np.array_equal(a, b) for a, b in
               zip(untrained.get_weights(), second.model.get_weights(), strict=True))
    np.testing.assert_array_equal(first.data.x_test, second.data.x_test)
    assert second.test_accuracy == first.test_accuracy
    assert second.history.history == first.history.history
    assert len(list(cache_root.rglob("*.pkl"))) == 1          # one trained model stored


def test_split_is_a_partition_with_a_validation_part():
    """Test, validation and training reviews are disjoint, cover every review once, have the
    requested sizes, and the vocabulary comes from the training reviews only."""
    texts = [f"film w{i} ." for i in range(50)]   # w{i}: a word of one review only
    texts += [f"film w{i} !" for i in range(50)]  # ... and of its twin
    labels = np.arange(100) % 2
    d = apps.sentiment_data(texts, labels, test_fraction=0.1, val_fraction=0.2, min_count=2,
                            maxlen=3, seed=0)
    assert (len(d.x_test), len(d.x_val), len(d.x_train)) == (10, 20, 70)
    assert sorted([*d.y_train, *d.y_val, *d.y_test]) == sorted(labels)
    assert d.x_val.shape == (20, 3)
    train_ids = {int(i) for row in d.x_train for i in row}
    for i in range(50):  # w{i} is in the vocabulary exactly when both twins are training reviews
        if f"w{i}" in d.vocab:
            assert d.vocab.index[f"w{i}"] in train_ids
    held_out = set(d.test_texts)
    assert len(held_out) == 10
    assert not apps.sentiment_data(texts, labels, maxlen=3).x_val.size  # no val by default


def test_model_is_the_one_the_pages_describe():
    """build_sentiment_model with the book's settings: a masking embedding of
    SENTIMENT.embed_dim numbers, a GRU of SENTIMENT.units units (reset after, Keras's
    default) and one sigmoid unit named 'positive', trained with the binary cross-entropy."""
    s = apps.SENTIMENT
    model = apps.build_sentiment_model(50, embed_dim=s.embed_dim, units=s.units)
    embedding, gru, out = (model.get_layer(n) for n in ("embedding", "gru", "positive"))
    assert embedding.output_dim == s.embed_dim and embedding.mask_zero
    assert gru.units == s.units and gru.reset_after
    assert out.units == 1 and out.activation.__name__ == "sigmoid"
    assert model.loss == "binary_crossentropy"
    assert [layer.name for layer in model.layers] == ["embedding", "gru", "positive"]


def test_best_epoch_is_the_first_best_validation_accuracy():
    """best_epoch (counted from 1) is the epoch early stopping keeps: the first with the
    highest validation accuracy."""
    history = CachedHistory({"val_accuracy": [0.6, 0.75, 0.75, 0.7]}, [0, 1, 2, 3], 12.0, True)
    run = apps.SentimentRun(data=None, model=None, history=history, test_accuracy=0.7,
                            settings=apps.SENTIMENT)
    assert (run.best_epoch, run.epochs_run, run.seconds) == (2, 4, 12.0)
    assert "epoch 2" in run.status() and "12 s" in run.status()
