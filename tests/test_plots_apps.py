"""Smoke tests of the applications' figures: each draws, with labelled axes, and closes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gru_lab.plots import apps as app_plots  # noqa: E402
from gru_lab.published import PUBLISHED  # noqa: E402


def _done(fig):
    assert fig.axes
    plt.close(fig)


def test_every_figure_draws():
    rng = np.random.default_rng(0)
    _done(app_plots.running_sentiment([(["a", "good", "film"], np.array([0.5, 0.8, 0.9])),
                               (["bad"], np.array([0.1]))]))
    table = [(f"w{i}", 20, 0.4 + 0.01 * i, 0.02) for i in range(30)][::-1]
    _done(app_plots.word_gate_bars(table, k=5))
    _done(app_plots.training_curves({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}))
    fig = app_plots.text_activation("ROMEO:\nhi\n", np.linspace(-1, 1, 10), unit=3, width=8)
    assert "unit 3" in fig.axes[0].get_title()
    _done(fig)
    _done(app_plots.unit_correlation_bars({"a": rng.normal(size=10), "b": rng.normal(size=10)}))
    _done(app_plots.accuracy_by_group({"en": 0.9, "fr": 0.8}))
    roll = (rng.random((12, 88)) < 0.05).astype(float)
    roll[:, 40] = 1
    _done(app_plots.piano_rolls(roll, {"gru": rng.random((12, 88))}))
    _done(app_plots.nll_bars({"rnn": 10.0, "gru": 9.0},
                             dict(PUBLISHED["chung2014_jsb"].values)))
    _done(app_plots.encoder_gates({"x": (list("ab"), rng.random((2, 5)))}, units=[0, 2]))
