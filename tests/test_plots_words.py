"""The book's figures carry symbols, numbers and data, never English words.

The Chinese edition is built from the same execution as the English one (the execution cache
ignores environment variables), so a word drawn inside a figure would stay English on the
Chinese pages (/work/shared/I18N.md, trap 9). Each figure-drawing function of ``gru_lab.plots``
is drawn here with small fake data, and every Text artist of the figure (titles, axis labels,
tick labels, legend texts and titles, colour-bar labels, annotations) is searched for a word of
three or more lowercase letters. Allowed: the names in ``NAMES`` (models, libraries, data
types, math operators) and the data the test itself passes in (characters, a review's words,
model names), which is the caller's, not the figure's.

``plots/gates.py`` (the gate explorer's figure) and ``plots/_raster.py`` are being rewritten
and are not covered yet.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import gru_lab as gl  # noqa: E402
from gru_lab.compare import CellResult, Table  # noqa: E402
from gru_lab.gru import gru_step_details  # noqa: E402
from gru_lab.plots import apps, gru, keras, rnn, softmax, training  # noqa: E402

MODULES = {"apps": apps, "gru": gru, "keras": keras, "rnn": rnn, "softmax": softmax,
           "training": training}
#: Public names of those modules that draw no figure (tables of strings, helpers).
NOT_FIGURES = {"LABELS", "QUANTITIES", "smooth"}
#: Names and notation that are no English words (checked case-insensitively, removed first).
NAMES = ("gru_lab", "numpy", "keras", "music21", "float32", "float64", "tanh", "corr", "midi",
         "tf.function")
#: A lowercase word of three letters or more, not inside a longer run of letters.
WORD = re.compile(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])")
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
HTML_TAG = re.compile(r"<[^>]+>")
FIELD = re.compile(r"(?<!\{)\{[a-z_]+(?::[^{}]*)?\}")   # a str.format field: {tau:g}


def english_words(text: str, data=()) -> list[str]:
    """The English words in one string drawn into a figure: what is left after the caller's
    ``data`` strings, the allowed ``NAMES``, TeX commands (``\\partial``) and HTML tags are
    taken out."""
    for item in sorted(data, key=len, reverse=True):     # whole items only: "a" spares "at"
        if item:
            text = re.sub(rf"(?<![A-Za-z]){re.escape(item)}(?![A-Za-z])", " ", text)
    text = HTML_TAG.sub(" ", TEX_COMMAND.sub(" ", text))
    for name in NAMES:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text,
                      flags=re.IGNORECASE)
    return WORD.findall(text)


def figure_texts(fig: Figure) -> list[str]:
    """Every string a figure draws: all its Text artists (titles, labels, tick labels,
    legends, colour bars, annotations), as matplotlib will render them."""
    fig.canvas.draw()                         # tick labels exist only once the figure is drawn
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


# ------------------------------------------------------------------ the figures, drawn small
TEXT = "ab c."
RNG = np.random.default_rng(0)


def _trace():
    x = np.array([[0.0 if c.isalpha() else 1.0] for c in TEXT])
    return gl.gru_forward(x, gl.GRUParams.init(1, 3, seed=0))


def _cell_results():
    hist = {"val_accuracy": [0.5, 0.7]}
    return [CellResult("gru", "GRU", 4, 100, hist, [1.0, 0.8, 0.6], 1.0, 0.7),
            CellResult("gru", "GRU, remember bias 3", 4, 100, hist, [1.0, 0.7, 0.5], 1.0,
                       0.8, remember_bias=3.0),
            CellResult("simple_rnn", "SimpleRNN", 4, 100, hist, [1.0, 0.9, 0.9], 1.0, 0.5)]


def _speed_table():
    return Table([{"implementation": n, "forward (ms)": f, "forward + backward (ms)": b}
                  for n, f, b in (("numpy", 1.0, 3.0), ("Keras", 10.0, 30.0))])


#: (module, function) → a function that draws it: ``(figure, the caller's data strings)``.
CASES = {
    ("rnn", "unrolled_rnn"): lambda: (rnn.unrolled_rnn(("1", "2", "3", "T")), ()),
    ("rnn", "hidden_state_heatmap"): lambda: (
        rnn.hidden_state_heatmap(np.tanh(RNG.normal(size=(5, 4))), list("ab cd")), "abcd"),
    ("rnn", "gradient_norm_curves"): lambda: (
        rnn.gradient_norm_curves({"RNN": 0.5 ** np.arange(6), "GRU": np.ones(6)},
                                 reference={r"$\|U^{T-t}\|$": 2.0 ** np.arange(6)},
                                 title=r"$\times 0.05$"), ()),
    ("gru", "gate_lines"): lambda: (gru.gate_lines(_trace(), TEXT, "z", highlight=[
        c == " " for c in TEXT]), "abc."),
    ("gru", "gate_panel"): lambda: (gru.gate_panel(_trace(), TEXT, ("r", "h_tilde", "h")),
                                    "abc."),
    ("softmax", "probability_bars"): lambda: (
        softmax.probability_bars(gl.softmax(np.array([1.0, 3.0, 0.0])), ["a", " ", "c"]), "ac"),
    ("softmax", "temperature_bars"): lambda: (
        softmax.temperature_bars(np.array([2.0, 1.0, 0.0]), ["x", "y", "z"]), "xyz"),
    ("training", "loss_curves"): lambda: (
        training.loss_curves(np.linspace(4.0, 2.0, 60), [20, 40, 60], [3.0, 2.6, 2.4],
                             window=10), ()),
    ("training", "gradient_norms"): lambda: (
        training.gradient_norms({"GRU": [0.5, 0.6, 3.0, 0.4]}, clip=1.0), ()),
    ("training", "learning_curves"): lambda: (
        training.learning_curves({"RNN": np.full(30, 1.39), "GRU": np.linspace(1.4, 0, 30)},
                                 {"RNN": ([15, 30], [0.25, 0.2]),
                                  "GRU": ([15, 30], [0.6, 1.0])}, num_classes=4), ()),
    ("keras", "z_parity"): lambda: (keras.z_parity(RNG.random(50), RNG.random(50)), ()),
    ("keras", "speed_bars"): lambda: (keras.speed_bars(_speed_table()), ()),
    ("keras", "learning_curves"): lambda: (keras.learning_curves(_cell_results(), chance=0.5),
                                           ()),
    ("apps", "running_sentiment"): lambda: (
        apps.running_sentiment([(["a", "good", "film"], np.array([0.5, 0.8, 0.9]))]),
        ("a", "good", "film")),
    ("apps", "word_gate_bars"): lambda: (
        apps.word_gate_bars([(w, 20, z, 0.0) for w, z in
                             (("best", 0.6), ("plot", 0.5), ("the", 0.2))], k=2),
        ("best", "plot", "the")),
    ("apps", "training_curves"): lambda: (
        apps.training_curves({"accuracy": [0.6, 0.8], "val_accuracy": [0.6, 0.7]},
                             metric="accuracy"), ()),
    ("apps", "text_activation"): lambda: (
        apps.text_activation("ROMEO:\nthe\n", np.linspace(-1, 1, 11), unit=3, width=8),
        "ROMEO:the"),
    ("apps", "unit_correlation_bars"): lambda: (
        apps.unit_correlation_bars({"(a)": RNG.normal(size=8), "(b)": RNG.normal(size=8)}),
        ()),
    ("apps", "accuracy_by_group"): lambda: (apps.accuracy_by_group({"en": 0.9, "fr": 0.8}),
                                            ("en", "fr")),
    ("apps", "piano_rolls"): lambda: (
        apps.piano_rolls(np.eye(12, 88, 40), {"gru": RNG.random((12, 88))}), ("gru",)),
    ("apps", "nll_bars"): lambda: (apps.nll_bars({"rnn": 9.0, "gru": 8.5},
                                                 {"rnn": 8.7, "gru": 8.5}), ("rnn", "gru")),
    ("apps", "encoder_gates"): lambda: (
        apps.encoder_gates({"fr: 1 mai": (list("1 mai"), RNG.random((5, 3)))}, units=[0, 2]),
        ("fr: 1 mai",) + tuple("1 mai")),
    ("apps", "connectivity_heatmaps"): lambda: (
        apps.connectivity_heatmaps({"GRU": np.tril(RNG.random((12, 12))) + 1e-3,
                                    "RNN": np.tril(RNG.random((12, 12))) + 1e-3}),
        ("GRU", "RNN")),
    ("apps", "connectivity_by_lag"): lambda: (
        apps.connectivity_by_lag({"GRU": np.tril(RNG.random((30, 30))) + 1e-3,
                                  "RNN": np.tril(RNG.random((30, 30))) + 1e-3}, max_lag=10),
        ("GRU", "RNN")),
}


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_the_word_finder_finds_words_and_spares_symbols():
    """Protects the check below from passing vacuously: an English label is found, the book's
    symbols, numbers, names and the caller's data are not."""
    assert english_words("training step") == ["training", "step"]
    assert english_words("update gate $z_t$") == ["update", "gate"]
    assert english_words("$L$ (nats)") == ["nats"]
    assert english_words("<th>quantity</th>") == ["quantity"]
    for ok in (r"$\|\partial h_T / \partial h_t\|$", r"$\|g\| > \kappa$ (3)", "$p(+)$",
               r"$\mathrm{corr}$", "gru_lab", "Keras", "$B = 32$, float32", "GRU, $b = 3$",
               "JSB, Chung et al. 2014", "music21", r"$\ln 4 = 1.39$", "tanh", "NLL", "␣",
               "$10^{-2}$", "−0.5"):
        assert english_words(ok) == [], ok
    assert english_words("w (20)", data=("w",)) == []
    assert english_words("good (20)", data=("good",)) == []
    assert english_words("a cat", data=("a", "c")) == ["cat"]
    assert english_words("correlation") == ["correlation"]      # "corr" is spared alone only


def test_every_figure_function_is_checked():
    """Protects: a new figure function in gru_lab.plots cannot skip the word check below."""
    public = {(name, f) for name, module in MODULES.items() for f in module.__all__
              if f not in NOT_FIGURES and f != "step_table"}
    assert public == set(CASES)


@pytest.mark.parametrize("case", sorted(CASES), ids=lambda c: ".".join(c))
def test_figures_draw_no_english_words(case):
    """Protects the Chinese edition: no figure writes an English word (three or more lowercase
    letters) in a title, axis label, tick label, legend, colour bar or annotation; the words
    belong in the chapter's caption and alt text, which are translated."""
    fig, data = CASES[case]()
    assert isinstance(fig, Figure)
    found = {text: words for text in figure_texts(fig) if (words := english_words(text, data))}
    assert not found, f"{'.'.join(case)} draws English words: {found}"


def test_step_table_headers_are_symbols():
    """Protects the Chinese edition: the worked example's table (an executed output, shown
    unchanged on the Chinese page) names its rows and columns with symbols only."""
    p = gl.GRUParams.init(1, 2, seed=0)
    s1 = gru_step_details([1.0], [0.0, 0.0], p)
    html = gru.step_table([s1, gru_step_details([0.0], s1["h"], p)])._repr_html_()
    assert english_words(html) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_label_tables_hold_no_english_words(name):
    """Protects: every string a figure module keeps for its figures (``LABELS``) is a symbol,
    a number template or a name, including those no test above happens to draw."""
    found = {k: w for k, v in MODULES[name].LABELS.items()
             if (w := english_words(FIELD.sub(" ", v)))}
    assert not found, found


def test_keras_legend_names_the_remember_bias_with_a_symbol():
    """The remembering runs of chapter 5 are told apart by "b = 3", not by words."""
    fig = keras.learning_curves(_cell_results(), chance=0.5)
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert labels == ["GRU", "GRU, $b = 3$", "SimpleRNN", "$1/K = 0.5$"]
    # a result without the field (an older pickle) keeps its own label
    old = SimpleNamespace(cell="lstm", label="LSTM", batch_loss=[1.0, 0.5],
                          history={"val_accuracy": [0.5]})
    fig = keras.learning_curves([old])
    assert [t.get_text() for t in fig.axes[1].get_legend().get_texts()] == ["LSTM"]
