"""Chapter 1 figures: they draw what they are given, with labelled axes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gru_lab.plots import rnn as plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_unrolled_rnn_draws_every_step():
    """Every step's x_t and h_t, h_0, the gap ⋯, and W and U on each unrolled step."""
    fig = plots.unrolled_rnn(("1", "2", "3", "T"))
    texts = _texts(fig)
    for s in ("1", "2", "3", "T"):
        assert f"$x_{{{s}}}$" in texts and f"$h_{{{s}}}$" in texts
    assert "$h_0$" in texts and "⋯" in texts
    assert texts.count("$W$") == 5 and texts.count("$U$") == 5  # 4 unrolled + the folded one


def test_unrolled_rnn_without_gap_or_folded_cell():
    """Plain step numbers: no gap, and with show_folded=False no folded cell."""
    fig = plots.unrolled_rnn(range(1, 4), show_folded=False)
    texts = _texts(fig)
    assert "⋯" not in texts and "$x_t$" not in texts
    assert texts.count("$W$") == 3


def test_hidden_state_heatmap_labels_time_with_characters():
    """h (T, H) is drawn as H rows × T columns on the (−1, 1) scale, characters as ticks."""
    h = np.tanh(np.random.default_rng(0).normal(size=(5, 6)))
    fig = plots.hidden_state_heatmap(h, list("ab cd"))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "␣", "c", "d"]
    img = ax.images[0]
    assert img.get_array().shape == (6, 5)           # one row per unit, one column per step
    assert img.get_clim() == (-1, 1)
    assert ax.get_xlabel() == "$x_t$" and ax.get_ylabel() == ""   # rows: the caption says


def test_hidden_state_heatmap_rejects_mismatched_labels():
    """Wrong label count or a 1-D h: the message names the expected (T, H)."""
    with pytest.raises(ValueError, match="one entry per time step"):
        plots.hidden_state_heatmap(np.zeros((4, 3)), "abc")
    with pytest.raises(ValueError, match=r"\(T, H\)"):
        plots.hidden_state_heatmap(np.zeros(4), "abcd")


def test_gradient_norm_curves_reverse_time_and_use_a_log_scale():
    """Norms are plotted against steps back in time, on a log scale, one labelled line each."""
    norms = 0.5 ** np.arange(6)[::-1]          # index t = 0 … 5, norms[5] = 1
    fig = plots.gradient_norm_curves({"ρ = 0.5": norms, "ρ = 1": np.ones(6)})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), 0.5 ** np.arange(6))
    np.testing.assert_array_equal(line.get_xdata(), np.arange(6))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ρ = 0.5", "ρ = 1"]
