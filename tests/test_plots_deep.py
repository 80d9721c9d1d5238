"""The stacked / bidirectional GRU figure of chapter 5 (gru_lab.plots.deep): it draws the
cells the stack has, carries symbols only, and uses the book's palette."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from gru_lab.plots import deep  # noqa: E402
from gru_lab.plots._common import LINE_COLOURS  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(fig):
    return [t.get_text() for t in fig.axes[0].texts if t.get_text()]


@pytest.mark.parametrize("L, T, bi", [(2, 3, True), (3, 2, False), (1, 4, True)])
def test_one_box_per_cell(L, T, bi):
    """Protects the drawing: T inputs; per layer one initial state and T cells per direction,
    and T merge boxes when bidirectional."""
    fig = deep.stack_diagram(L, T, bidirectional=bi)
    per_layer = (1 + T) * (2 if bi else 1) + (T if bi else 0)
    assert len(fig.axes[0].patches) == T + L * per_layer


def test_symbols_only_no_words():
    """Protects the rule that figures carry symbols and numbers (a Chinese edition reuses the
    execution): every text is mathtext, and the labels the page's caption names are there."""
    fig = deep.stack_diagram(2, 3, merge_mode="sum")
    texts = _texts(fig)
    assert texts and all(t.startswith("$") and t.endswith("$") for t in texts), texts
    assert deep.LABELS["bwd"].format(l=2, t=3) in texts
    assert deep.LABELS["sum"].format(l=1, t=2) in texts
    assert deep.LABELS["h0_bwd"].format(l=1, T1=4) in texts


def test_directions_use_the_palette_and_differ_in_style():
    """Protects colour-blind safety: forward and backward boxes use the book's palette and
    differ in line style too (solid / dashed)."""
    fig = deep.stack_diagram(1, 2)
    edges = {(to_hex(p.get_edgecolor()).upper(), p.get_linestyle())
             for p in fig.axes[0].patches}
    assert (LINE_COLOURS[0].upper(), "-") in edges
    assert (LINE_COLOURS[5].upper(), "--") in edges


def test_bad_merge_mode_is_named():
    """Protects the message: a merge mode the figure cannot draw names merge_mode."""
    with pytest.raises(ValueError, match=r"^merge_mode must be one of .*got 'ave'"):
        deep.stack_diagram(merge_mode="ave")
