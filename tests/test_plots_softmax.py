"""Chapter 3 figures: bars show the probabilities they are given."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gru_lab as gl  # noqa: E402
from gru_lab.plots import softmax as plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_probability_bars_heights_and_labels():
    """One bar per symbol at its probability, a space shown as ␣, the y axis labelled $o_t$
    (the tokens label the x axis themselves)."""
    p = gl.softmax(np.array([1.0, 3.0, 0.0, 2.0]))
    fig = plots.probability_bars(p, ["a", " ", "c", "d"])
    ax = fig.axes[0]
    np.testing.assert_allclose([b.get_height() for b in ax.patches], p)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "␣", "c", "d"]
    assert ax.get_xlabel() == "" and ax.get_ylabel() == plots.LABELS["prob"] == "$o_t$"


def test_probability_bars_rejects_wrong_length():
    """As many labels as probabilities: the message names K = len(p)."""
    with pytest.raises(ValueError, match="K = len"):
        plots.probability_bars(np.ones(3) / 3, ["a", "b"])


def test_temperature_bars_one_group_per_temperature():
    """One group per temperature τ at softmax(a / τ): low τ is sharper."""
    logits = np.array([2.0, 1.0, 0.0])
    fig = plots.temperature_bars(logits, ["x", "y", "z"], temperatures=(0.5, 1.0, 2.0))
    ax = fig.axes[0]
    heights = np.array([b.get_height() for b in ax.patches]).reshape(3, 3)
    for row, tau in zip(heights, (0.5, 1.0, 2.0), strict=True):
        np.testing.assert_allclose(row, gl.softmax(logits, temperature=tau))
    assert heights[0, 0] > heights[1, 0] > heights[2, 0]   # low τ is sharper
    assert len(ax.get_legend().get_texts()) == 3
