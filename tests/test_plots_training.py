"""Chapter 4 figures: they draw what they are given, with labelled axes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gru_lab.plots import training as plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_smooth_is_a_trailing_mean():
    """smooth averages the last `window` values (fewer at the start) and refuses 2-D input."""
    v = np.array([1.0, 3.0, 5.0, 7.0])
    assert np.allclose(plots.smooth(v, 2), [1.0, 2.0, 4.0, 6.0])
    assert np.allclose(plots.smooth(v, 1), v)
    assert np.allclose(plots.smooth(v, 100), [1.0, 2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match="1-D"):
        plots.smooth(np.zeros((2, 2)))


def test_loss_curves_has_bits_axis_and_validation():
    """Raw and smoothed loss, validation points (dashed, squares), and a second axis in bits
    per character (L / ln 2); no legend: the chapter's caption says which line is which."""
    loss = np.linspace(4.0, 2.0, 120)
    fig = plots.loss_curves(loss, [40, 80, 120], [3.0, 2.6, 2.4], window=10)
    ax = fig.axes[0]
    assert ax.get_ylabel() == plots.LABELS["nats"]
    assert len(ax.lines) == 3
    assert np.allclose(ax.lines[2].get_ydata(), [3.0, 2.6, 2.4])
    assert (ax.lines[2].get_linestyle(), ax.lines[2].get_marker()) == ("--", "s")
    assert ax.get_legend() is None
    # the secondary axis reads bits per character
    assert any(plots.LABELS["bits"] == getattr(a, "get_ylabel", lambda: "")()
               for a in ax.child_axes)


def test_loss_curves_without_validation():
    """Without validation values only the raw and the smoothed training loss are drawn."""
    fig = plots.loss_curves(np.ones(10))
    assert len(fig.axes[0].lines) == 2


def test_gradient_norms_marks_clipped_steps():
    """Steps whose norm exceeds the clip threshold are marked and counted in the legend."""
    g = np.array([0.5, 0.6, 3.0, 0.4, 2.0])
    fig = plots.gradient_norms({"run": g}, clip=1.0)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == plots.LABELS["norm"]
    marked = ax.lines[1]
    assert np.allclose(marked.get_ydata(), [3.0, 2.0])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert plots.LABELS["clipped"].format(n=2) in labels
    assert plots.LABELS["clip"].format(clip=1.0) in labels


def test_gradient_norms_without_clip():
    """Without a threshold: one line per run, no threshold line and no marks."""
    fig = plots.gradient_norms({"a": [1.0, 2.0], "b": [3.0, 1.0]})
    assert len(fig.axes[0].lines) == 2


def test_learning_curves_side_by_side_with_chance():
    """Loss and accuracy side by side, chance accuracy 1/K drawn, runs told apart by style."""
    losses = {"GRU": np.linspace(1.4, 0.0, 50), "RNN": np.full(50, 1.39)}
    accs = {"GRU": ([25, 50], [0.6, 1.0]), "RNN": ([25, 50], [0.25, 0.24])}
    fig = plots.learning_curves(losses, accs, num_classes=4)
    left, right = fig.axes
    assert left.get_ylabel() == plots.LABELS["loss"]
    chance = [ln for ln in right.lines if ln.get_label() == plots.LABELS["chance_acc"].format(k=4)]
    assert chance and np.allclose(chance[0].get_ydata(), 0.25)
    # distinct line styles, not colour alone
    styles = {ln.get_linestyle() for ln in left.lines[:2]}
    assert len(styles) == 2


def test_learning_curves_loss_only():
    """Without accuracies only the loss panel is drawn."""
    fig = plots.learning_curves({"a": np.ones(5)})
    assert len(fig.axes) == 1
