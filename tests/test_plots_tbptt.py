"""Chapter 4's truncated-BPTT figure: it draws what it is given, with the book's palette and
with symbols and numbers only (the Chinese edition shows the same figure)."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from gru_lab.plots import tbptt as plots  # noqa: E402
from gru_lab.plots._common import LINE_COLOURS  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _figure():
    T = 16
    reach = np.exp(-np.arange(T)[::-1].astype(float))       # ‖∂ℓ_T/∂x_t‖, t = 1 … T
    ks = [1, 2, 4, 8, 16]
    return plots.truncation(reach, [4, 8], ks, [0.8, 0.6, 0.4, 0.2, 0.0],
                            [0.5, 0.7, 0.9, 0.95, 1.0]), reach, ks


def test_truncation_draws_the_full_curve_the_windows_and_the_bias():
    """Left: the full curve over every step, and each window's band over its last k steps
    only, with a line at the cut; right: err_k and cos_k against k on a log-2 axis."""
    fig, reach, ks = _figure()
    ax, bx = fig.axes
    full = [line for line in ax.lines if len(line.get_xdata()) == reach.size]
    assert len(full) == 1 and np.allclose(full[0].get_ydata(), reach)
    bands = {len(line.get_xdata()): line for line in ax.lines if 2 < len(line.get_xdata()) < 16}
    assert sorted(bands) == [4, 8]
    assert list(bands[4].get_xdata()) == [13, 14, 15, 16]
    cuts = sorted(line.get_xdata()[0] for line in ax.lines if len(set(line.get_xdata())) == 1)
    assert cuts == [8.5, 12.5]
    assert ax.get_yscale() == "log" and bx.get_xscale() == "log"
    assert [list(line.get_xdata()) for line in bx.lines] == [ks, ks]
    assert np.allclose(bx.lines[0].get_ydata(), [0.8, 0.6, 0.4, 0.2, 0.0])


def test_truncation_uses_the_palette_and_no_words():
    """Every line colour comes from the book's palette, and every text in the figure is
    math, a number or a panel letter: no English words."""
    fig, _, _ = _figure()
    palette = {c.lower() for c in LINE_COLOURS}
    for ax in fig.axes:
        for line in ax.lines:
            assert to_hex(line.get_color()) in palette, line.get_color()
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
    assert texts
    for text in texts:
        plain = re.sub(r"\$[^$]*\$", "", text)
        assert not re.search(r"[A-Za-z]{2,}", plain), text
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == [plots.LABELS["window"].format(k=8), plots.LABELS["window"].format(k=4),
                      plots.LABELS["full"].format(k=16)]
