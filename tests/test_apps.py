"""gru_lab.apps: the numpy replays of the applications' Keras models agree with Keras, and the
small data helpers do what the chapters say. Tiny untrained models: fast, no data files."""

from __future__ import annotations

import numpy as np
import pytest

from gru_lab import apps
from gru_lab.compare import keras_param_count
from gru_lab.datasets import CharVocab, Vocabulary

keras = pytest.importorskip("keras")
pytestmark = pytest.mark.keras


def test_sentiment_data_split_and_vocab():
    """The held-out reviews are a quarter of the reviews, keep their labels, and no word
    that only they contain enters the vocabulary (it is built from the training part)."""
    # word w{k} is in reviews 2k and 2k + 1 only: in the vocabulary (min_count=2) exactly
    # when both are training reviews
    texts = [f"good film w{i // 2} !" if i % 2 else f"bad film w{i // 2} ." for i in range(40)]
    labels = np.array([i % 2 for i in range(40)])
    d = apps.sentiment_data(texts, labels, test_fraction=0.25, min_count=2, maxlen=3, seed=0)
    assert d.x_train.shape == (30, 3) and d.x_test.shape == (10, 3)
    held_out = set(d.test_texts)
    assert len(held_out) == 10 and held_out <= set(texts)
    for text, y in zip(d.test_texts, d.y_test, strict=True):
        assert labels[texts.index(text)] == y
    assert sorted([*d.y_train, *d.y_test]) == sorted(labels)  # every review used once
    assert "film" in d.vocab
    for k in range(20):
        both_train = not {texts[2 * k], texts[2 * k + 1]} & held_out
        assert (f"w{k}" in d.vocab) == both_train, k


def test_sentiment_replay_matches_keras():
    """The numpy replay gives Keras's P(positive), padding is masked, the word table lists
    the review's words, and the sentiment units are those with the largest |V_j|."""
    vocab = Vocabulary(["good", "bad", "film", "not"])
    model = apps.build_sentiment_model(len(vocab), embed_dim=5, units=4, seed=1)
    model.build((None, None))
    replay = apps.SentimentReplay(model, vocab)
    for text in ["good film", "not bad film", "film"]:
        ids = replay.tokens_and_ids(text)[1]
        want = float(model.predict(ids[None], verbose=0)[0, 0])
        assert replay.predict(text) == pytest.approx(want, abs=1e-5)
    # padding is masked: padded ids give the same answer
    ids = replay.tokens_and_ids("not bad film")[1]
    padded = np.concatenate([ids, [0, 0, 0]])[None]
    assert float(model.predict(padded, verbose=0)[0, 0]) == pytest.approx(
        replay.predict("not bad film"), abs=1e-5)
    table = apps.word_gate_table(replay, padded, min_count=1)
    assert {row[0] for row in table} == {"not", "bad", "film"}
    assert all(row[1] == 1 and 0 < row[2] < 1 for row in table)
    units = apps.sentiment_units(replay, k=2)
    others = np.setdiff1d(np.arange(4), units)
    assert len(units) == 2 and np.abs(replay.V[units]).min() >= np.abs(replay.V[others]).max()


def test_char_replay_matches_keras_and_samples_reproducibly():
    """The replay's logits are Keras's; sampling is reproducible for a seed and greedy
    sampling (temperature 0) picks Keras's most likely next character."""
    vocab = CharVocab.from_text("abc \n")
    model = apps.build_char_model(len(vocab), units=6, embed_dim=3, seed=0)
    replay = apps.CharReplay(model, vocab)
    text = "ab c\na"
    want = model.predict(vocab.encode(text)[None], verbose=0)[0]
    np.testing.assert_allclose(replay.logits(replay.trace(text)), want, atol=1e-5)
    s1 = replay.sample("a", 20, temperature=0.8, seed=3)
    assert s1 == replay.sample("a", 20, temperature=0.8, seed=3)
    assert len(s1) == 21 and set(s1) <= set(vocab.chars)
    greedy = replay.sample("a", 5, temperature=0)
    assert greedy == replay.sample("a", 5, temperature=0, seed=99)
    first = model.predict(vocab.encode("a")[None], verbose=0)[0, -1]
    assert greedy[1] == vocab.chars[int(np.argmax(first))]


def test_char_windows_and_features():
    """Training windows are shifted by one character; the character features mark what the
    text generation chapter says (speaker names, newlines, capitals, after punctuation) and a
    unit equal to a feature correlates 1 with it."""
    ids = np.arange(21)
    x, y = apps.char_training_windows(ids, 5, seed=0)
    assert x.shape == y.shape == (4, 5)
    np.testing.assert_array_equal(y, x + 1)
    f = apps.char_features("ROMEO:\nHi, you.\n")
    assert f["in a speaker's name"][:7].all() and not f["in a speaker's name"][7:].any()
    assert f["is newline"].sum() == 2 and f["is uppercase"].sum() == 6
    assert f["after punctuation"][10]  # the space after the comma
    h = np.stack([f["is newline"].astype(float), np.random.default_rng(0).normal(size=16)], 1)
    corr = apps.unit_feature_correlations(h, {"nl": f["is newline"]})["nl"]
    assert corr[0] == pytest.approx(1.0) and abs(corr[1]) < 0.9


def test_date_codec_and_translator_replay():
    """Dates round-trip through the codec (with the start symbol first), and the numpy
    translator's greedy output is Keras's."""
    sources = ["28 janvier 1975", "28. Januar 1975"]
    codec = apps.DateCodec(sources)
    dec_in, dec_out = codec.encode_targets(["1975-01-28", "2001-12-31"])
    assert dec_in.shape == dec_out.shape == (2, 10)
    assert codec.decode_target(dec_out[0]) == "1975-01-28"
    assert dec_in[0, 0] == codec.target_index["^"]
    model = apps.build_date_translator(len(codec.source_chars), len(codec.target_chars),
                                       units=8, embed_dim=4, seed=0)
    tr = apps.DateTranslator(model, codec)
    keras_out = apps.greedy_translate_batch(model, codec, sources)
    assert [tr.translate(s) for s in sources] == keras_out
    assert tr.encode(sources[0]).z.shape == (len(sources[0]), 8)


def test_piano_rolls_and_music_nll():
    """Piano rolls become (input, next step, mask) batches, an untrained model's NLL is about
    88 log 2 nats, and each cell is the Keras layer with its documented parameter count."""
    rng = np.random.default_rng(0)
    rolls = [(rng.random((n, 88)) < 0.05).astype(np.uint8) for n in (6, 9)]
    x, y, mask = apps.piano_roll_batches(rolls)
    assert x.shape == y.shape == (2, 8, 88) and mask.sum() == 5 + 8
    np.testing.assert_array_equal(x[0, 1:5], y[0, :4])
    model = apps.build_music_model("gru", units=5, seed=0)
    nll = apps.music_nll_per_step(model, x, y, mask)
    # an untrained model predicts about 0.5 everywhere: about 88 log 2 nats per step
    assert 0.7 * 88 * np.log(2) < nll < 1.3 * 88 * np.log(2)
    assert model.get_layer("gru").count_params() == keras_param_count(88, 5, "gru")
    for cell, kind in (("rnn", "simple_rnn"), ("lstm", "lstm")):
        layer = apps.build_music_model(cell, units=3).get_layer(cell)
        assert layer.count_params() == keras_param_count(88, 3, kind), cell


@pytest.mark.parametrize("cell", ["gru", "rnn"])
def test_char_replay_loss_is_keras_loss_for_gru_and_simple_rnn(cell):
    """CharReplay reads a GRU or a SimpleRNN model; its held-out cross-entropy equals Keras's
    evaluate() loss on the same windows (each from a zero state), and sampling works for both."""
    vocab = CharVocab.from_text("abc \n")
    model = apps.build_char_model(len(vocab), units=6, embed_dim=3, seed=0, cell=cell)
    assert model.get_layer(cell) is not None
    replay = apps.CharReplay(model, vocab)
    ids = np.asarray(vocab.encode("ab c\nabca b\ncc ab\na " * 3))
    x, y = apps.char_training_windows(ids, 8, seed=0)
    want = model.evaluate(x, y, verbose=0, batch_size=len(x))
    assert replay.cross_entropy(x, y, batch=3) == pytest.approx(want, abs=1e-5)
    assert len(replay.sample("a", 10, temperature=0.5, seed=1)) == 11


def test_sentiment_replay_batched_predictions_and_clamped_accuracy():
    """predict_ids (reviews of equal length batched, padding after the words) gives Keras's
    P(positive) for every review; evaluate's accuracy is the share right; a model whose
    update gate is clamped to 0 answers σ(c) for every review."""
    from gru_lab.ablation import clamp_gates

    vocab = Vocabulary(["good", "bad", "film", "not"])
    model = apps.build_sentiment_model(len(vocab), embed_dim=5, units=4, seed=1)
    model.build((None, None))
    replay = apps.SentimentReplay(model, vocab)
    rows = [[2, 4, 0, 0], [5, 3, 4, 0], [4, 0, 0, 0], [3, 2, 5, 4], [2, 5, 0, 0]]
    x = np.array(rows)
    want = model.predict(x, verbose=0)[:, 0]
    np.testing.assert_allclose(replay.predict_ids(x), want, atol=1e-5)
    y = np.array([1, 0, 1, 0, 1])
    result = replay.evaluate(x, y)
    assert result["accuracy"] == pytest.approx(np.mean((want >= 0.5) == (y == 1)))
    frozen = replay.predict_ids(x, clamp_gates(replay.params, z=0.0))
    np.testing.assert_allclose(frozen, 1 / (1 + np.exp(-replay.c)), rtol=1e-12)
    table = apps.sentiment_gate_ablation(replay, x, y)
    assert list(table) == list(apps.GATE_CLAMPS) and table["—"] == result
