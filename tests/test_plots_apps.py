"""The applications' figures (gru_lab.plots.apps): each draws the values it is given,
with the symbols of ``LABELS`` (no English words: tests/test_plots_words.py)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gru_lab.plots import apps as app_plots  # noqa: E402
from gru_lab.published import PUBLISHED  # noqa: E402

LABELS = app_plots.LABELS


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_running_sentiment_labels_each_word_with_its_probability():
    """One row per review; each word is shown with P(positive) after it; one labelled colour
    bar for all the rows."""
    fig = app_plots.running_sentiment([(["a", "good", "film"], np.array([0.5, 0.8, 0.9])),
                                       (["bad"], np.array([0.1]))])
    rows = [ax for ax in fig.axes if not hasattr(ax, "_colorbar")]
    bars = [ax for ax in fig.axes if hasattr(ax, "_colorbar")]
    assert len(rows) == 2 and len(bars) == 1 and bars[0].get_ylabel() == LABELS["p_positive"]
    assert _texts(fig.axes[0]) == ["a", "0.50", "good", "0.80", "film", "0.90"]
    assert _texts(fig.axes[1]) == ["bad", "0.10"]
    assert fig.axes[0].get_title() == ""  # no title: the caption says what the rows show


def test_word_gate_bars_show_the_k_largest_and_smallest_mean_z():
    """Left: the k words with the largest mean z; right: the k smallest, with counts; no
    titles (the caption says which side is which), the x axis labelled with the symbol."""
    table = [(f"w{i}", 20, 0.4 + 0.01 * i, 0.02) for i in range(30)][::-1]
    most, least = app_plots.word_gate_bars(table, k=5).axes
    widths = [b.get_width() for b in most.patches]
    np.testing.assert_allclose(widths, 0.4 + 0.01 * np.arange(29, 24, -1))
    np.testing.assert_allclose([b.get_width() for b in least.patches], 0.4 + 0.01 * np.arange(5))
    assert [t.get_text() for t in most.get_yticklabels()][0] == "w29 (20)"
    assert [t.get_text() for t in least.get_yticklabels()][0] == "w0 (20)"
    assert (most.get_title(), least.get_title()) == ("", "")
    assert most.get_xlabel() == LABELS["mean_z"]


def test_training_curves_plot_training_and_validation_per_epoch():
    """The training (circles) and validation (squares) losses against epochs 1, 2, ..., the
    loss axis labelled $L$, no legend (the caption says which line is which)."""
    ax = app_plots.training_curves({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}).axes[0]
    assert [list(line.get_ydata()) for line in ax.lines] == [[1.0, 0.5], [1.1, 0.7]]
    assert list(ax.lines[0].get_xdata()) == [1, 2]
    assert [line.get_marker() for line in ax.lines] == ["o", "s"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("", LABELS["loss"])
    assert ax.get_legend() is None


def test_text_activation_lays_out_the_text_line_by_line():
    """Each character on its cell, a newline drawn as ↵ and ending its line; the unit's
    number as the title."""
    fig = app_plots.text_activation("ROMEO:\nhi\n", np.linspace(-1, 1, 10), unit=3, width=8)
    ax = fig.axes[0]
    assert "".join(_texts(ax)) == "ROMEO:↵hi↵"
    assert ax.images[0].get_array().shape == (2, 8)  # two lines of width 8
    assert ax.get_title() == "#3"


def test_unit_correlation_bars_label_the_top_units():
    """One panel per feature, every unit a bar, the k units with the largest |correlation|
    labelled by their index."""
    rng = np.random.default_rng(1)
    corr = {"a": rng.normal(size=10), "b": rng.normal(size=10)}
    fig = app_plots.unit_correlation_bars(corr, k=3)
    for ax, (name, c) in zip(fig.axes, corr.items(), strict=True):
        assert ax.get_title() == name
        assert sorted(map(int, _texts(ax))) == sorted(np.argsort(-np.abs(c))[:3])
    assert fig.axes[0].get_ylabel() == LABELS["corr"]


def test_accuracy_by_group_prints_each_accuracy():
    """One bar per group at its accuracy, printed as a percentage; the groups (language
    codes) are the only labels unless the caller gives a y label."""
    ax = app_plots.accuracy_by_group({"en": 0.9, "fr": 0.8}).axes[0]
    np.testing.assert_allclose([b.get_height() for b in ax.patches], [0.9, 0.8])
    assert _texts(ax) == ["90.0%", "80.0%"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["en", "fr"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("", "")
    ax = app_plots.accuracy_by_group({"en": 0.9}, ylabel="$a$").axes[0]
    assert ax.get_ylabel() == "$a$"


def test_piano_rolls_draw_only_the_keys_the_piece_uses():
    """The true roll above each model's probabilities, keys used ± 2 only, in MIDI numbers."""
    rng = np.random.default_rng(2)
    roll = np.zeros((12, 88))
    roll[::2, 40] = 1
    roll[1::3, 44] = 1  # keys 40 … 44 used: 38 … 46 drawn, MIDI 21 + 38 = 59 … 67
    fig = app_plots.piano_rolls(roll, {"gru": rng.random((12, 88))})
    true, pred = fig.axes[:2]
    assert true.get_title() == ""  # the chorale itself: the caption says so
    assert pred.get_title() == LABELS["roll_pred"].format(model="gru")
    np.testing.assert_array_equal(true.images[0].get_array(), roll[:, 38:47].T)
    assert true.images[0].get_extent()[2:] == [58.5, 67.5]
    assert true.get_ylabel() == LABELS["key"] and pred.get_xlabel() == LABELS["time_q"]


def test_nll_bars_put_ours_beside_the_published_values():
    """Our NLL and Chung et al.'s for each of our models, the values printed on the bars."""
    published = dict(PUBLISHED["chung2014_jsb"].values)
    ax = app_plots.nll_bars({"rnn": 10.0, "gru": 9.0}, published).axes[0]
    heights = [b.get_height() for b in ax.patches]
    np.testing.assert_allclose(heights, [10.0, 9.0, published["rnn"], published["gru"]])
    assert f"{published['gru']:.2f}" in _texts(ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [LABELS["ours"],
                                                                     LABELS["chung"]]
    assert ax.get_ylabel() == LABELS["nll"]


def test_encoder_gates_show_the_chosen_units():
    """A heatmap of z (units × characters) for the chosen units only, spaces shown as ␣."""
    rng = np.random.default_rng(3)
    z = rng.random((3, 5))
    fig = app_plots.encoder_gates({"x": (list("a b"), z)}, units=[0, 2])
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.images[0].get_array(), z[:, [0, 2]].T)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "␣", "b"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0", "2"]
    assert ax.get_title() == "x" and ax.get_ylabel() == ""
    assert fig.axes[-1].get_ylabel() == LABELS["z"]  # the colour bar
