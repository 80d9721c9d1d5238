"""Colour is never the only signal: the palette, the line styles and the colour scales.

The book's line colours (gru_lab/plots/_common.py) stay distinct for readers with the three
dichromacies: each colour is passed through the simulation of Machado, Oliveira and Fernandes
(2009, severity 1) and every pair must stay at least ``MIN_DELTA_E`` apart in CIEDE2000.
Lines of different units differ in marker (and style) as well as colour; every heatmap has a
labelled colour scale; text printed on a coloured background is black or white by contrast.
"""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gru_lab as gl  # noqa: E402
from gru_lab import explorer as ge  # noqa: E402
from gru_lab.plots import _common  # noqa: E402
from gru_lab.plots._common import (  # noqa: E402
    LINE_COLOURS,
    MARKERS,
    contrast_ratio,
    text_colour_on,
)

# Machado et al. 2009, Table 1 (severity 1.0), applied to linear RGB.
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}
# Okabe–Ito without yellow: the closest pair is 10.9 apart (orange and pink, tritanopia).
# matplotlib's default colours fail: orange and green are 1.3 apart for a protanope.
MIN_DELTA_E = 10.0


def _linear(hex_colour):
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb):
    """CIELAB (D65) of a linear-sRGB colour."""
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005)."""
    (L1, a1, b1), (L2, a2, b2) = lab1, lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p, h2p = np.degrees(np.arctan2(b1, a1p)) % 360, np.degrees(np.arctan2(b2, a2p)) % 360
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    d_hp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, cp_bar = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    t = (1 - 0.17 * np.cos(np.radians(h_bar - 30)) + 0.24 * np.cos(np.radians(2 * h_bar))
         + 0.32 * np.cos(np.radians(3 * h_bar + 6)) - 0.20 * np.cos(np.radians(4 * h_bar - 63)))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_bar, 1 + 0.015 * cp_bar * t
    r_t = (-np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2))))
           * 2 * np.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7)))
    dl, dc, dh_ = (L2 - L1) / s_l, (c2p - c1p) / s_c, d_hp / s_h
    return float(np.sqrt(dl ** 2 + dc ** 2 + dh_ ** 2 + r_t * dc * dh_))


def closest_pair(colours, vision):
    m = np.eye(3) if vision == "normal" else np.array(CVD[vision])
    labs = [_lab(m @ _linear(c)) for c in colours]
    return min((delta_e2000(labs[i], labs[j]), colours[i], colours[j])
               for i, j in itertools.combinations(range(len(colours)), 2))


def test_delta_e2000_matches_sharma_test_data():
    """Two pairs of Sharma et al.'s published test data (their Table 1, pairs 1 and 17)."""
    assert delta_e2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


@pytest.mark.parametrize("vision", ["normal", *CVD])
def test_line_colours_stay_distinct(vision):
    d, a, b = closest_pair(LINE_COLOURS, vision)
    assert d >= MIN_DELTA_E, f"{a} and {b} are only ΔE00 = {d:.1f} apart for {vision}"


def test_the_check_catches_a_bad_palette():
    """matplotlib's default orange and green (tab10), or its green and red, would fail."""
    assert closest_pair(("#ff7f0e", "#2ca02c"), "protanopia")[0] < 2
    assert closest_pair(("#2ca02c", "#d62728"), "deuteranopia")[0] < MIN_DELTA_E


def test_every_figure_uses_the_palette():
    """One palette: the gate figure, the chapter figures, the Keras figures and the explorer."""
    from gru_lab.plots import gates, gru, keras

    assert gates.UNIT_COLORS == LINE_COLOURS and gates.UNIT_MARKERS == MARKERS
    assert gru._COLOURS == LINE_COLOURS
    assert set(keras.COLOURS) == set(LINE_COLOURS)
    data = ge.GateExplorer(ge.demo_params(), ge.DEMO_INPUTS, vocab=ge.DEMO_VOCAB,
                           fallback_png=False, live=False).data()
    assert data["style"]["palette"] == list(LINE_COLOURS)
    assert data["style"]["markers"] == list(MARKERS)
    assert len(set(MARKERS)) == len(MARKERS) >= len(LINE_COLOURS)


def _trace4():
    x, tokens = ge.demo_encoder()(ge.DEMO_INPUTS[0])
    return gl.gru_forward(x, ge.demo_params(4)), tokens


def test_unit_lines_differ_in_more_than_colour():
    """The static gate figure and chapter 2's gate lines: one marker per unit (the explorer's
    view draws the same markers, data["style"]["markers"])."""
    from gru_lab.plots.gates import plot_gate_trace
    from gru_lab.plots.gru import gate_lines

    tr, tokens = _trace4()
    g = plot_gate_trace(tr, tokens, units=[0, 1, 2, 3])
    h_lines = [ln for ln in g.axes[4].get_lines() if ln.get_label().startswith("h[")]
    z_lines = [ln for ln in g.axes[4].get_lines() if ln.get_label().startswith("z[")]
    for lines in (h_lines, z_lines):
        assert len({ln.get_marker() for ln in lines}) == 4
    plt.close(g)
    fig = gate_lines(tr, tokens, "h", units=[0, 1, 2, 3])
    lines = [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata()) == len(tokens)]
    assert len({(ln.get_marker(), ln.get_linestyle()) for ln in lines}) == 4
    plt.close(fig)


def _colour_bar_labels(fig):
    fig.canvas.draw()
    return [a.get_ylabel() or a.get_xlabel() for a in fig.axes if hasattr(a, "_colorbar")]


def test_every_heatmap_has_a_labelled_colour_scale():
    from gru_lab.plots import apps as app_plots
    from gru_lab.plots.gates import plot_gate_trace
    from gru_lab.plots.rnn import hidden_state_heatmap

    rng = np.random.default_rng(0)
    tr, tokens = _trace4()
    figures = {
        "gate trace": plot_gate_trace(tr, tokens),
        "hidden state": hidden_state_heatmap(tr.h, tokens),
        "running sentiment": app_plots.running_sentiment([(["a", "film"], np.array([.2, .9]))]),
        "text activation": app_plots.text_activation("ab\ncd", np.linspace(-1, 1, 5), unit=1),
        "piano rolls": app_plots.piano_rolls((rng.random((8, 88)) < .1).astype(float),
                                             {"GRU": rng.random((8, 88))}),
        "encoder gates": app_plots.encoder_gates({"x": (list("ab"), rng.random((2, 3)))}),
    }
    for name, fig in figures.items():
        labels = _colour_bar_labels(fig)
        assert labels and all(labels), f"{name}: colour bars {labels!r} (none, or unlabelled)"
        plt.close(fig)


def test_text_on_colour_is_readable():
    """Labels on coloured cells (figures, the sentiment review box) have at least 4.5:1."""
    for name in ("RdBu", "PuOr", "PuOr_r", "cividis", "viridis"):
        cmap = plt.get_cmap(name)
        worst = min(contrast_ratio(text_colour_on(cmap(v)), cmap(v))
                    for v in np.linspace(0, 1, 101))
        assert worst >= 4.5, (name, worst)
    assert contrast_ratio("black", "white") == pytest.approx(21)
    assert text_colour_on("#124984") == "white" and text_colour_on("#d6604d") == "black"


def test_review_html_words_are_readable():
    from matplotlib.colors import to_rgb

    from gru_lab.apps import review_html

    p = np.linspace(0, 1, 21)
    html = review_html([f"w{i}" for i in range(21)], p)
    import re

    pairs = re.findall(r"background:(#[0-9a-f]{6});color:(\w+)", html)
    assert len(pairs) == 21
    assert min(contrast_ratio(to_rgb(fg), bg) for bg, fg in pairs) >= 4.5


def test_common_imports_no_pyplot():
    """The explorer reads the palette without importing pyplot (see tests/test_import.py)."""
    assert "plt" not in vars(_common)
