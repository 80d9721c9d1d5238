"""Model-building helpers for the applications part (sentiment, text generation, translation,
music). Keras trains; the book's numpy GRU (:func:`gru_lab.gru_forward`, with weights read by
:func:`gru_lab.from_keras`) replays a trained model so that every gate at every step can be
shown. Keras and TensorFlow are imported lazily, inside the functions that need them.

Each function names the chapter that uses it. Seeds: ``keras.utils.set_random_seed`` is
called by every ``build_*`` function, so a chapter that passes the same seed gets the same
model on the same machine (TensorFlow on CPU; results may differ slightly across machines).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .ablation import clamp_gates
from .activations import log_softmax, sigmoid, softmax
from .cache import CachedHistory, fit_keras
from .connectivity import connectivity, look_back
from .datasets import CharVocab, Vocabulary, pad_sequences, tokenize
from .gru import GRUParams, GRUTrace, gru_forward, gru_step
from .i18n import Messages
from .keras_bridge import from_keras, rnn_from_keras
from .rnn import RNNParams, rnn_forward

__all__ = [
    "SentimentData", "sentiment_data", "build_sentiment_model", "SentimentReplay",
    "SentimentSettings", "SENTIMENT", "SentimentRun", "train_sentiment",
    "word_gate_table", "sentiment_units", "greedy_translate_batch",
    "char_training_windows", "build_char_model", "CharReplay", "char_features",
    "unit_feature_correlations", "perplexity", "unigram_cross_entropy",
    "GATE_CLAMPS", "char_gate_ablation", "sentiment_gate_ablation",
    "DateCodec", "build_date_translator", "DateTranslator",
    "piano_roll_batches", "build_music_model", "music_nll_per_step", "MESSAGES",
]

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`): the
#: errors, :meth:`SentimentRun.status` and the live review box.
MESSAGES = Messages(en={
    "no_gru_layer": "the model has no keras.layers.GRU layer",
    "no_recurrent_layer": "the model has no keras.layers.GRU or keras.layers.SimpleRNN layer",
    "bad_cell": "cell must be one of {choices}; got {cell!r}.",
    "no_words": "the review has no words",
    # SentimentRun.status
    "trained": "Trained now: {epochs} epochs in {seconds:.0f} s; the model keeps the weights "
               "of epoch {best}, the best on the validation reviews.",
    "loaded": "Loaded from the cache (gru_lab.cache), not trained now: it was trained earlier "
              "with the same code, data and seed, {epochs} epochs in {seconds:.0f} s; the "
              "model keeps the weights of epoch {best}, the best on the validation reviews.",
    # review_box
    "placeholder": "type a review, e.g. the acting is good but the plot is dull",
    "label": "Your review",
    "verdict": "P(positive) = {p:.2f}: {word}",
    "positive": "positive",
    "negative": "negative",
    "empty": "Type a few words.",
}, zh={
    "no_gru_layer": "该模型中没有 keras.layers.GRU 层",
    "no_recurrent_layer": "该模型中既没有 keras.layers.GRU 层，也没有 keras.layers.SimpleRNN 层",
    "bad_cell": "cell 必须是 {choices} 之一；实际为 {cell!r}。",
    "no_words": "这条评论中没有词",
    "trained": "刚刚训练完成：{epochs} 轮用时 {seconds:.0f} 秒；模型保留的是第 {best} 轮的权重，"
               "它在验证集评论上最好。",
    "loaded": "从缓存（gru_lab.cache）中加载，这次没有重新训练：它之前用相同的代码、数据和"
              "随机种子训练过，{epochs} 轮用时 {seconds:.0f} 秒；模型保留的是第 {best} 轮的"
              "权重，它在验证集评论上最好。",
    # the model reads English reviews, so the example stays English
    "placeholder": "输入一条英文评论，例如 the acting is good but the plot is dull",
    "label": "你的评论",
    "verdict": "P(positive) = {p:.2f}：{word}",
    "positive": "正面",
    "negative": "负面",
    "empty": "请输入几个词。",
})


def _keras():
    import keras  # lazy: TensorFlow loads only when a chapter trains a model

    return keras


def _gru_layer(model):
    keras = _keras()
    layers = [layer for layer in model.layers if isinstance(layer, keras.layers.GRU)]
    if not layers:
        raise ValueError(MESSAGES["no_gru_layer"])
    return layers[0]


def _recurrent_params(model) -> GRUParams | RNNParams:
    """The model's GRU (``from_keras``) or SimpleRNN (``rnn_from_keras``) layer, float64."""
    keras = _keras()
    for layer in model.layers:
        if isinstance(layer, keras.layers.GRU):
            return from_keras(layer).astype(np.float64)
        if isinstance(layer, keras.layers.SimpleRNN):
            return rnn_from_keras(layer).astype(np.float64)
    raise ValueError(MESSAGES["no_recurrent_layer"])


def _forward(params, x, h0=None):
    """gru_forward or rnn_forward, whichever ``params`` needs."""
    return (gru_forward if isinstance(params, GRUParams) else rnn_forward)(x, params, h0)


#: The gate clamps of the ablation exercise (text generation and sentiment pages): a name in
#: the book's symbols → the keywords of :func:`gru_lab.ablation.clamp_gates`. "—" is the
#: model as trained. In the book's convention z = 0 keeps the state, z = 1 replaces it.
GATE_CLAMPS = {"—": {}, "z = 0": {"z": 0.0}, "z = 0.5": {"z": 0.5}, "z = 1": {"z": 1.0},
               "r = 1": {"r": 1.0}}


# ---- sentiment (many-to-one) ----------------------------------------------------------------

@dataclass
class SentimentData:
    """Movie reviews split once, tokenised and turned into padded id arrays (chapter 5 and the
    sentiment chapter).

    ``x_train``/``x_val``/``x_test``: (N, maxlen) int64 ids (0 = padding, after the review);
    ``y_train``/``y_val``/``y_test``: 0/1 labels; ``test_texts``: the held-out reviews as text.
    The validation part is empty unless ``sentiment_data`` was given a ``val_fraction``.
    """

    vocab: Vocabulary
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    test_texts: list[str]
    maxlen: int


def sentiment_data(texts, labels, *, test_fraction=0.1, val_fraction=0.0, min_count=2,
                   maxlen=50, seed=0) -> SentimentData:
    """Shuffle with ``seed``, hold out ``test_fraction`` of the reviews for testing and the
    next ``val_fraction`` for validation, build the vocabulary from the training part only
    (tokens seen at least ``min_count`` times) and pad/cut every review to ``maxlen`` tokens."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(texts))
    n_test = int(round(test_fraction * len(texts)))
    n_val = int(round(val_fraction * len(texts)))
    test, val, train = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    tokens = [tokenize(t) for t in texts]
    vocab = Vocabulary.from_texts([tokens[i] for i in train], min_count=min_count)
    ids = [vocab.encode(t) for t in tokens]
    labels = np.asarray(labels)
    return SentimentData(
        vocab=vocab,
        x_train=pad_sequences([ids[i] for i in train], maxlen),
        y_train=labels[train],
        x_val=pad_sequences([ids[i] for i in val], maxlen),
        y_val=labels[val],
        x_test=pad_sequences([ids[i] for i in test], maxlen),
        y_test=labels[test],
        test_texts=[texts[i] for i in test],
        maxlen=maxlen,
    )


def build_sentiment_model(vocab_size, *, embed_dim=64, units=128, seed=0, learning_rate=1e-3):
    """The book's MR model: Embedding → GRU → Dense(1, sigmoid), compiled with Adam and the
    binary cross-entropy (chapter 5 and the sentiment chapter).

    Padding (id 0) is masked, so the GRU's last state is its state after the review's last
    word. ``reset_after=True`` (the Keras default); the replay handles both forms.
    """
    keras = _keras()
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True, name="embedding"),
        keras.layers.GRU(units, name="gru"),
        keras.layers.Dense(1, activation="sigmoid", name="positive"),
    ], name="sentiment")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


@dataclass(frozen=True)
class SentimentSettings:
    """How :func:`train_sentiment` splits MR, sizes the model and trains it."""

    test_fraction: float = 0.1   # reviews held out for the test
    val_fraction: float = 0.1    # reviews held out to decide when to stop
    min_count: int = 2           # a word enters the vocabulary when seen this often in training
    maxlen: int = 40             # tokens kept per review
    embed_dim: int = 64
    units: int = 128
    learning_rate: float = 1e-3
    batch_size: int = 64
    max_epochs: int = 6
    patience: int = 1            # epochs without a better validation accuracy before stopping


#: The settings of the book's MR model (chapter 5 and the sentiment chapter).
SENTIMENT = SentimentSettings()



@dataclass
class SentimentRun:
    """What :func:`train_sentiment` returns: the split, the trained model, its history, the
    training time and the accuracy on the test reviews."""

    data: SentimentData
    model: object               # a compiled keras.Sequential holding the trained weights
    history: CachedHistory
    test_accuracy: float
    settings: SentimentSettings

    @property
    def seconds(self) -> float:
        """How long the training took when it ran (also when the model was loaded)."""
        return self.history.seconds

    @property
    def from_cache(self) -> bool:
        return self.history.from_cache

    @property
    def epochs_run(self) -> int:
        return len(self.history.epoch)

    @property
    def best_epoch(self) -> int:
        """The epoch (counted from 1) whose weights the model holds: the first with the best
        validation accuracy, which early stopping restores."""
        return int(np.argmax(self.history.history["val_accuracy"])) + 1

    def status(self) -> str:
        """One sentence for the page: trained now or loaded, and how long the training took."""
        return MESSAGES["loaded" if self.from_cache else "trained"].format(
            epochs=self.epochs_run, seconds=self.seconds, best=self.best_epoch)


def train_sentiment(texts, labels, *, seed=0, settings: SentimentSettings = SENTIMENT
                    ) -> SentimentRun:
    """Split the reviews, build the book's model and train it (chapter 5 and the sentiment
    chapter call this with the same arguments: one model for both pages).

    Adam for at most ``settings.max_epochs`` epochs; training stops once the validation
    accuracy has not improved for ``settings.patience`` epochs and the best epoch's weights
    are kept. The fit goes through :func:`gru_lab.cache.fit_keras`, so whichever page runs
    first trains and the other loads the trained weights (the cache's lock makes a page that
    runs at the same time wait for them).
    """
    keras = _keras()
    s = settings
    data = sentiment_data(texts, labels, test_fraction=s.test_fraction,
                          val_fraction=s.val_fraction, min_count=s.min_count, maxlen=s.maxlen,
                          seed=seed)
    model = build_sentiment_model(len(data.vocab), embed_dim=s.embed_dim, units=s.units,
                                  seed=seed, learning_rate=s.learning_rate)
    stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=s.patience,
                                         restore_best_weights=True)
    history = fit_keras(model, data.x_train, data.y_train,
                        validation_data=(data.x_val, data.y_val), epochs=s.max_epochs,
                        batch_size=s.batch_size, callbacks=[stop], verbose=0)
    if history.from_cache:
        # The cache restores the weights, not Adam's moments: give the loaded model a fresh
        # optimizer state, as a trained one has, so that it saves and reloads the same way.
        model.optimizer.build(model.trainable_variables)
    _, accuracy = model.evaluate(data.x_test, data.y_test, verbose=0)
    return SentimentRun(data, model, history, float(accuracy), s)


class SentimentReplay:
    """A trained sentiment model replayed by the book's numpy GRU (sentiment chapter).

    ``trace(text)`` gives the tokens and the :class:`~gru_lab.GRUTrace` of one review (every
    gate at every word, book convention: z is the share of the new candidate);
    ``running_positive(trace)`` the model's P(positive) after each word.
    """

    def __init__(self, model, vocab: Vocabulary):
        self.vocab = vocab
        self.embedding = np.asarray(model.get_layer("embedding").get_weights()[0], dtype=float)
        self.params: GRUParams = from_keras(_gru_layer(model)).astype(np.float64)
        V, c = model.get_layer("positive").get_weights()
        self.V = np.asarray(V, dtype=float)[:, 0]
        self.c = float(np.asarray(c)[0])

    def tokens_and_ids(self, text: str):
        tokens = tokenize(text)
        return tokens, self.vocab.encode(tokens)

    def trace_ids(self, ids) -> GRUTrace:
        return gru_forward(self.embedding[np.asarray(ids)], self.params)

    def trace(self, text: str):
        tokens, ids = self.tokens_and_ids(text)
        if not tokens:
            raise ValueError(MESSAGES["no_words"])
        return tokens, self.trace_ids(ids)

    def running_positive(self, trace: GRUTrace) -> np.ndarray:
        """P(positive) the classifier would give if the review stopped after each word."""
        return sigmoid(trace.h @ self.V + self.c)

    def predict(self, text: str) -> float:
        return float(self.running_positive(self.trace(text)[1])[-1])

    def predict_ids(self, x_ids, params: GRUParams | None = None) -> np.ndarray:
        """P(positive) of every review of ``x_ids`` ((N, maxlen) ids, padding 0 after the
        words), from the last state after its last word: (N,). ``params``: another GRU
        (e.g. :func:`gru_lab.ablation.clamp_gates` of ``self.params``) in place of the
        trained one. Reviews of equal length run as one batch."""
        params = self.params if params is None else params
        x_ids = np.asarray(x_ids)
        lengths = (x_ids > 0).sum(axis=1)
        p = np.full(len(x_ids), sigmoid(self.c))          # no word: the bias alone
        for n in np.unique(lengths[lengths > 0]):
            rows = np.flatnonzero(lengths == n)
            h_last = gru_forward(self.embedding[x_ids[rows, :n]], params).h_last
            p[rows] = sigmoid(h_last @ self.V + self.c)
        return p

    def evaluate(self, x_ids, y, params: GRUParams | None = None) -> dict[str, float]:
        """``{"loss": mean binary cross-entropy (nats), "accuracy": share right}`` of the
        reviews ``x_ids`` (N, maxlen) with labels ``y`` (N,), as :meth:`predict_ids`."""
        p = np.clip(self.predict_ids(x_ids, params), 1e-12, 1 - 1e-12)
        y = np.asarray(y, dtype=float)
        loss = -np.mean(y * np.log(p) + (1 - y) * np.log1p(-p))
        return {"loss": float(loss), "accuracy": float(np.mean((p >= 0.5) == (y == 1)))}


def sentiment_units(replay: SentimentReplay, k: int = 8) -> np.ndarray:
    """The ``k`` units with the largest output weight |V_j|: the ones the classifier reads."""
    return np.argsort(-np.abs(replay.V))[:k]


def word_gate_table(replay: SentimentReplay, x_ids: np.ndarray, *, min_count=20, units=None):
    """Average update gate per word over a set of reviews (sentiment chapter).

    For every word w seen at least ``min_count`` times in ``x_ids`` (rows of padded ids),
    the mean over its occurrences and over the ``units`` (default all) of z_t (book
    convention: how much of the state the word replaces) and of |Δp|, the change in
    P(positive) the word causes.
    Returns a list of ``(word, count, mean_z, mean_abs_dp)`` sorted by mean z, largest first.
    """
    sums: dict[int, np.ndarray] = {}
    for row in np.asarray(x_ids):
        ids = row[row > 0]
        if len(ids) == 0:
            continue
        tr = replay.trace_ids(ids)
        z = (tr.z if units is None else tr.z[:, units]).mean(axis=1)
        p = replay.running_positive(tr)
        p0 = sigmoid(replay.c)
        dp = np.abs(np.diff(np.concatenate([[p0], p])))
        for i, w in enumerate(ids):
            acc = sums.setdefault(int(w), np.zeros(3))
            acc += (1.0, z[i], dp[i])
    rows = [(replay.vocab.tokens[w], int(a[0]), a[1] / a[0], a[2] / a[0])
            for w, a in sums.items() if a[0] >= min_count and w != 1]
    return sorted(rows, key=lambda r: -r[2])


# ---- text generation (many-to-many, characters) ---------------------------------------------

def char_training_windows(ids: np.ndarray, seq_len: int, *, n_windows=None, seed=0):
    """Inputs and next-character targets cut from ``ids``: (N, seq_len) each, non-overlapping
    windows in a shuffled order (``n_windows``: keep only that many)."""
    ids = np.asarray(ids)
    n = (len(ids) - 1) // seq_len
    starts = np.arange(n) * seq_len
    rng = np.random.default_rng(seed)
    starts = rng.permutation(starts)[:n_windows]
    x = np.stack([ids[s:s + seq_len] for s in starts])
    y = np.stack([ids[s + 1:s + seq_len + 1] for s in starts])
    return x, y


def build_char_model(vocab_size, *, units=256, embed_dim=32, seed=0, learning_rate=3e-3,
                     cell="gru"):
    """Embedding → GRU(return_sequences) → Dense(vocab) logits, for next-character prediction
    (text generation chapter); sparse categorical cross-entropy from logits.

    ``cell="rnn"`` puts a Keras ``SimpleRNN`` (the vanilla RNN, tanh) in place of the GRU,
    for the comparison on the same page."""
    keras = _keras()
    keras.utils.set_random_seed(seed)
    layers = {"gru": keras.layers.GRU, "rnn": keras.layers.SimpleRNN}
    if cell not in layers:
        raise ValueError(MESSAGES["bad_cell"].format(choices=sorted(layers), cell=cell))
    inputs = keras.Input(shape=(None,), dtype="int64", name="char_ids")
    x = keras.layers.Embedding(vocab_size, embed_dim, name="embedding")(inputs)
    h = layers[cell](units, return_sequences=True, name=cell)(x)
    logits = keras.layers.Dense(vocab_size, name="logits")(h)
    model = keras.Model(inputs, logits, name=f"char_{cell}")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


class CharReplay:
    """A trained character model replayed by the numpy GRU (or, for a ``SimpleRNN`` model,
    the numpy vanilla RNN): traces, sampling, held-out loss and connectivity (text
    generation chapter; sampling with a temperature is chapter 3's softmax).

    ``params``: the recurrent layer as :class:`~gru_lab.GRUParams` or
    :class:`~gru_lab.RNNParams`; ``embedding`` (K, D); ``V`` (H, K) and ``c`` (K,), the
    output layer (logits h_t V + c). Methods that take ``params`` accept another model of
    the same shapes in place of the trained one (a gate ablation).
    """

    def __init__(self, model, vocab: CharVocab):
        self.vocab = vocab
        self.embedding = np.asarray(model.get_layer("embedding").get_weights()[0], dtype=float)
        self.params = _recurrent_params(model)
        V, c = model.get_layer("logits").get_weights()
        self.V, self.c = np.asarray(V, dtype=float), np.asarray(c, dtype=float)

    def trace(self, text: str, h0=None, params=None):
        """The trace over ``text`` (a GRUTrace, or an RNNTrace for a vanilla RNN)."""
        return _forward(self.params if params is None else params,
                        self.embedding[self.vocab.encode(text)], h0)

    def cross_entropy(self, x_ids, y_ids, params=None, *, batch: int = 256) -> float:
        """The mean cross-entropy (nats per character) of the next characters ``y_ids`` given
        ``x_ids``: both (N, T) ids, each row a window run from a zero state, as Keras's
        ``val_loss`` computes it. ``params``: another recurrent layer (e.g. clamped gates)."""
        params = self.params if params is None else params
        x_ids, y_ids = np.asarray(x_ids), np.asarray(y_ids)
        total = 0.0
        for i in range(0, len(x_ids), batch):
            h = _forward(params, self.embedding[x_ids[i:i + batch]]).h
            logp = log_softmax(h @ self.V + self.c, axis=-1)
            total -= np.take_along_axis(logp, y_ids[i:i + batch, :, None], axis=-1).sum()
        return float(total / y_ids.size)

    def connectivity(self, text: str, params=None) -> np.ndarray:
        """Madsen's connectivity over ``text`` (T + 1 characters): the (T, T) matrix of
        ‖∂s_t/∂x_{t′}‖ with s_t the logit of character t + 1, the one that really comes
        next, and x_{t′} the embedding of character t′ (see
        :func:`gru_lab.connectivity.connectivity`)."""
        ids = np.asarray(self.vocab.encode(text))
        return connectivity(self.params if params is None else params,
                            self.embedding[ids[:-1]], self.V, ids[1:])

    def logits(self, trace: GRUTrace) -> np.ndarray:
        return trace.h @ self.V + self.c

    def sample(self, prefix: str, length: int, *, temperature=1.0, seed=0) -> str:
        """``prefix`` followed by ``length`` sampled characters (temperature → 0: greedy)."""
        rng = np.random.default_rng(seed)
        tr = self.trace(prefix)
        h = tr.h_last
        logits = h @ self.V + self.c
        out = []
        for _ in range(length):
            if temperature <= 0:
                i = int(np.argmax(logits))
            else:
                p = softmax(logits, temperature=temperature)
                i = int(rng.choice(len(p), p=p / p.sum()))
            out.append(self.vocab.chars[i])
            if isinstance(self.params, GRUParams):
                h, *_ = gru_step(self.embedding[i], h, self.params)
            else:
                h = rnn_forward(self.embedding[i][None], self.params, h0=h).h_last
            logits = h @ self.V + self.c
        return prefix + "".join(out)


def char_features(text: str) -> dict[str, np.ndarray]:
    """Simple 0/1 features of each character of a play (text generation chapter):
    "is newline", "is uppercase", "in a speaker's name" (a line ending in ':'), and
    "after a comma or full stop" (the next character after , . ; : ! ?)."""
    chars = np.array(list(text))
    speaker = np.zeros(len(text), bool)
    start = 0
    for line in text.split("\n"):
        if line.endswith(":") and line[:-1].replace(" ", "").isalpha():
            speaker[start:start + len(line) + 1] = True
        start += len(line) + 1
    punct = np.isin(chars, list(",.;:!?"))
    return {
        "is newline": chars == "\n",
        "is uppercase": np.char.isupper(chars),
        "in a speaker's name": speaker,
        "after punctuation": np.concatenate([[False], punct[:-1]]),
    }


def unit_feature_correlations(h: np.ndarray, features: dict) -> dict[str, np.ndarray]:
    """Pearson correlation of every unit's state h[:, j] with each 0/1 feature: (H,) each."""
    h = np.asarray(h, dtype=float)
    hc = (h - h.mean(0)) / (h.std(0) + 1e-12)
    out = {}
    for name, f in features.items():
        f = np.asarray(f, dtype=float)
        fc = (f - f.mean()) / (f.std() + 1e-12)
        out[name] = hc.T @ fc / len(f)
    return out


def perplexity(cross_entropy) -> float:
    """exp of the mean cross-entropy per character (nats): the number of equally likely
    characters a model is, on average, as unsure as (text generation, ``app-textgen-ppl``)."""
    return float(np.exp(cross_entropy))


def unigram_cross_entropy(train_ids, test_ids, vocab_size: int) -> float:
    """The mean cross-entropy (nats) on ``test_ids`` of the unigram model of ``train_ids``:
    every character gets its frequency in the training text, whatever came before it
    (add-one smoothing, so that a character unseen in training costs log of a finite
    number). ``train_ids``, ``test_ids``: ids in [0, vocab_size), any shape."""
    counts = np.bincount(np.ravel(train_ids), minlength=vocab_size) + 1.0
    logp = np.log(counts / counts.sum())
    return float(-logp[np.ravel(test_ids)].mean())


def char_gate_ablation(replay: CharReplay, x_ids, y_ids, passage: str, *,
                       clamps: dict | None = None, fraction: float = 0.1) -> dict:
    """What the character GRU loses when a gate is clamped (text generation page).

    For each clamp of ``clamps`` (default :data:`GATE_CLAMPS`, ``{name: clamp_gates
    keywords}``): the held-out ``loss`` (nats per character, :meth:`CharReplay.cross_entropy`
    on the windows ``x_ids``, ``y_ids``), its ``perplexity``, and ``look_back``, the lag at
    which the mean connectivity over ``passage`` falls below ``fraction`` of its lag-0 value
    (:func:`gru_lab.connectivity.look_back`). Returns ``{name: {...}}``.
    """
    out = {}
    for name, kw in (GATE_CLAMPS if clamps is None else clamps).items():
        params = clamp_gates(replay.params, **kw)
        loss = replay.cross_entropy(x_ids, y_ids, params)
        C = replay.connectivity(passage, params)
        out[name] = {"loss": loss, "perplexity": perplexity(loss),
                     "look_back": look_back(C, fraction) if C.any() else 0}
    return out


def sentiment_gate_ablation(replay: SentimentReplay, x_ids, y, *,
                            clamps: dict | None = None) -> dict:
    """What the sentiment GRU loses when a gate is clamped (sentiment page): for each clamp of
    ``clamps`` (default :data:`GATE_CLAMPS`) the test ``loss`` and ``accuracy`` of
    :meth:`SentimentReplay.evaluate`. Returns ``{name: {"loss": ..., "accuracy": ...}}``."""
    return {name: replay.evaluate(x_ids, y, clamp_gates(replay.params, **kw))
            for name, kw in (GATE_CLAMPS if clamps is None else clamps).items()}


# ---- translation (seq2seq: written dates -> ISO dates) ----------------------------------------

class DateCodec:
    """Characters of the written dates (source) and of ISO dates (target) ↔ ids.

    Source ids: 0 padding, then the characters seen in training (unknown → 1).
    Target ids: 0 padding, 1 start ``^``, then ``0-9`` and ``-``; ISO dates have 10 characters.
    """

    START = "^"
    TARGET_CHARS = "0123456789-"

    def __init__(self, sources):
        chars = sorted(set("".join(sources)))
        self.source_chars = ["<pad>", "<unk>"] + chars
        self.source_index = {c: i for i, c in enumerate(self.source_chars)}
        self.target_chars = ["<pad>", self.START] + list(self.TARGET_CHARS)
        self.target_index = {c: i for i, c in enumerate(self.target_chars)}

    def encode_sources(self, sources, maxlen=None) -> np.ndarray:
        seqs = [[self.source_index.get(c, 1) for c in s] for s in sources]
        return pad_sequences(seqs, maxlen)

    def encode_targets(self, targets):
        """Decoder inputs (start + first 9) and outputs (the 10 characters), (N, 10) each."""
        out = np.array([[self.target_index[c] for c in t] for t in targets], dtype=np.int64)
        start = np.full((len(out), 1), self.target_index[self.START], dtype=np.int64)
        return np.concatenate([start, out[:, :-1]], axis=1), out

    def decode_target(self, ids) -> str:
        return "".join(self.target_chars[int(i)] for i in ids if int(i) > 1)


def build_date_translator(n_source, n_target, *, units=128, embed_dim=32, seed=0,
                          learning_rate=3e-3):
    """Encoder GRU reads the written date; its last state starts the decoder GRU, which
    writes the ISO date one character at a time (teacher forcing while training).
    Sutskever et al. 2014's encoder–decoder, with GRUs (Cho et al. 2014)."""
    keras = _keras()
    keras.utils.set_random_seed(seed)
    src = keras.Input(shape=(None,), dtype="int64", name="source_ids")
    tgt = keras.Input(shape=(None,), dtype="int64", name="decoder_input_ids")
    e = keras.layers.Embedding(n_source, embed_dim, mask_zero=True, name="source_embedding")(src)
    state = keras.layers.GRU(units, name="encoder")(e)
    d = keras.layers.Embedding(n_target, embed_dim, name="target_embedding")(tgt)
    hs = keras.layers.GRU(units, return_sequences=True, name="decoder")(d, initial_state=state)
    logits = keras.layers.Dense(n_target, name="logits")(hs)
    model = keras.Model([src, tgt], logits, name="date_translator")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


class DateTranslator:
    """The trained translator replayed in numpy: the encoder's trace (every gate at every
    character) and greedy decoding (translation chapter)."""

    def __init__(self, model, codec: DateCodec):
        self.codec = codec
        self.src_embedding = np.asarray(model.get_layer("source_embedding").get_weights()[0],
                                        dtype=float)
        self.tgt_embedding = np.asarray(model.get_layer("target_embedding").get_weights()[0],
                                        dtype=float)
        self.encoder = from_keras(model.get_layer("encoder")).astype(np.float64)
        self.decoder = from_keras(model.get_layer("decoder")).astype(np.float64)
        V, c = model.get_layer("logits").get_weights()
        self.V, self.c = np.asarray(V, dtype=float), np.asarray(c, dtype=float)

    def encode(self, source: str) -> GRUTrace:
        ids = self.codec.encode_sources([source])[0]
        return gru_forward(self.src_embedding[ids], self.encoder)

    def translate(self, source: str, length: int = 10) -> str:
        h = self.encoder_state(source)
        i = self.codec.target_index[DateCodec.START]
        out = []
        for _ in range(length):
            h, *_ = gru_step(self.tgt_embedding[i], h, self.decoder)
            i = int(np.argmax(h @ self.V + self.c))
            out.append(i)
        return self.codec.decode_target(out)

    def encoder_state(self, source: str) -> np.ndarray:
        return self.encode(source).h_last


def greedy_translate_batch(model, codec: DateCodec, sources, length: int = 10) -> list[str]:
    """Greedy decoding of many sources at once with the Keras model (fast path for scoring)."""
    x = codec.encode_sources(sources)
    dec = np.full((len(sources), 1), codec.target_index[DateCodec.START], dtype=np.int64)
    for _ in range(length):
        logits = model.predict([x, dec], verbose=0, batch_size=512)
        nxt = logits[:, -1].argmax(axis=-1)[:, None]
        dec = np.concatenate([dec, nxt], axis=1)
    return [codec.decode_target(row[1:]) for row in dec]


# ---- music (piano rolls) --------------------------------------------------------------------

def piano_roll_batches(rolls, *, max_len=None):
    """Inputs, targets and a step mask for next-step prediction on piano rolls (music chapter).

    ``x[:, t]`` is the roll at step t and ``y[:, t]`` the roll at t + 1; sequences are padded
    after their end and ``mask`` (N, T) is 1 on real steps. ``max_len`` cuts long pieces.
    """
    seqs = [np.asarray(r, dtype=np.float32)[: (max_len + 1) if max_len else None] for r in rolls]
    T = max(len(s) for s in seqs) - 1
    K = seqs[0].shape[1]
    x = np.zeros((len(seqs), T, K), np.float32)
    y = np.zeros_like(x)
    mask = np.zeros((len(seqs), T), np.float32)
    for i, s in enumerate(seqs):
        n = len(s) - 1
        x[i, :n], y[i, :n], mask[i, :n] = s[:-1], s[1:], 1.0
    return x, y, mask


def build_music_model(cell: str, *, units=100, n_keys=88, seed=0, learning_rate=3e-3):
    """Piano roll in, P(each key on at the next step) out: ``cell`` is ``"rnn"`` (tanh),
    ``"gru"`` or ``"lstm"``; sigmoid outputs, binary cross-entropy (Chung et al. 2014)."""
    keras = _keras()
    keras.utils.set_random_seed(seed)
    layer = {"rnn": keras.layers.SimpleRNN, "gru": keras.layers.GRU,
             "lstm": keras.layers.LSTM}[cell]
    inputs = keras.Input(shape=(None, n_keys), name="piano_roll")
    h = layer(units, return_sequences=True, name=cell)(inputs)
    out = keras.layers.Dense(n_keys, activation="sigmoid", name="next_keys")(h)
    model = keras.Model(inputs, out, name=f"music_{cell}")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy")
    return model


def music_nll_per_step(model, x, y, mask) -> float:
    """Average negative log-likelihood per time step (nats): the sum over the 88 keys of the
    binary cross-entropy, averaged over the real (unpadded) steps — Chung et al. 2014's measure.
    """
    p = np.clip(model.predict(x, verbose=0, batch_size=64).astype(np.float64), 1e-7, 1 - 1e-7)
    nll = -(y * np.log(p) + (1 - y) * np.log1p(-p)).sum(axis=-1)
    return float((nll * mask).sum() / mask.sum())


# ---- a live review box (sentiment chapter; needs a kernel) ----------------------------------

def review_html(tokens, p) -> str:
    """Each word on a background coloured by P(positive) after it (RdBu), as HTML. The word
    is black or white, whichever has more contrast on its background (at least 4.5:1)."""
    import html

    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    from .plots._common import text_colour_on

    cmap = colormaps["RdBu"]
    spans = []
    for tok, v in zip(tokens, p, strict=True):
        colour = text_colour_on(cmap(v))
        spans.append(f'<span title="P(positive) = {v:.3f}" style="background:{to_hex(cmap(v))};'
                     f'color:{colour};padding:2px 4px;margin:1px;border-radius:3px">'
                     f"{html.escape(tok)}</span>")
    verdict = MESSAGES["verdict"].format(
        p=p[-1], word=MESSAGES["positive"] if p[-1] >= 0.5 else MESSAGES["negative"])
    return f'<div style="line-height:2">{"".join(spans)}</div><div>{verdict}</div>'


def review_box(replay: SentimentReplay, value: str = ""):
    """A text box: type a review, see P(positive) after every word (ipywidgets; live kernel)."""
    import ipywidgets as w

    text = w.Text(value=value, placeholder=MESSAGES["placeholder"],
                  description=MESSAGES["label"], layout=w.Layout(width="90%"),
                  continuous_update=False)
    out = w.HTML()

    def redraw(_=None):
        tokens, ids = replay.tokens_and_ids(text.value)
        if not tokens:
            out.value = MESSAGES["empty"]
            return
        out.value = review_html(tokens, replay.running_positive(replay.trace_ids(ids)))

    text.observe(redraw, names="value")
    redraw()
    return w.VBox([text, out])
