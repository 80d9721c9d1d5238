"""Figures for chapter 3, "The softmax output layer".

* :func:`probability_bars`: one distribution over a small vocabulary, as a bar chart;
* :func:`temperature_bars`: the same logits turned into distributions at several temperatures.

Pure matplotlib: each function draws into ``ax`` (a new figure when omitted) and returns the
``Figure``. The figures carry symbols, numbers and data (the tokens), never English words
(the Chinese edition shows the same figures); the chapter's captions say the rest.
``LABELS`` holds every string the figures write.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..activations import softmax
from ._common import axes_or_new

__all__ = ["LABELS", "probability_bars", "temperature_bars"]

LABELS = {
    "prob": "$o_t$",
    "temperature": r"$\tau = {tau:g}$",
    "space": "␣",
}


_axes = axes_or_new


def _tick_labels(labels):
    return [LABELS["space"] if str(s) == " " else str(s) for s in labels]


def probability_bars(probs, labels, *, ax=None, title: str | None = None,
                     annotate: bool = True):
    """Bar chart of a distribution ``probs`` (K,) over the K tokens in ``labels``.

    The most probable token's bar is drawn darker; with ``annotate`` each bar carries its
    value, so the chart reads without colour.
    """
    p = np.asarray(probs, dtype=float)
    if p.ndim != 1 or len(labels) != p.size:
        raise ValueError(f"probs must have shape (K,) with K = len(labels) = {len(labels)}; "
                         f"got shape {p.shape}.")
    fig, ax = _axes(ax, (max(4.5, 0.6 * p.size + 1.5), 3.2))
    cmap = plt.get_cmap("viridis")
    colours = [cmap(0.25) if k == int(np.argmax(p)) else cmap(0.7) for k in range(p.size)]
    bars = ax.bar(range(p.size), p, color=colours, edgecolor="black", linewidth=0.6)
    ax.set_xticks(range(p.size), _tick_labels(labels))
    ax.set_ylabel(LABELS["prob"])
    ax.set_ylim(0, min(1.0, p.max() * 1.2 + 0.02))
    if annotate:
        ax.bar_label(bars, labels=[f"{v:.2f}" for v in p], fontsize=8, padding=2)
    if title:
        ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def temperature_bars(logits, labels, temperatures=(0.5, 1.0, 2.0), *, ax=None):
    """Grouped bars of softmax(``logits`` / τ) for each τ in ``temperatures``.

    ``logits``: (K,) scores for the K tokens in ``labels``. Low τ sharpens the distribution
    towards the largest logit, high τ flattens it towards uniform; the dashed line is 1/K.
    """
    a = np.asarray(logits, dtype=float)
    if a.ndim != 1 or len(labels) != a.size:
        raise ValueError(f"logits must have shape (K,) with K = len(labels) = {len(labels)}; "
                         f"got shape {a.shape}.")
    K, n = a.size, len(temperatures)
    fig, ax = _axes(ax, (max(6.0, 0.9 * K + 1.5), 3.6))
    width = 0.8 / n
    colours = plt.get_cmap("viridis")(np.linspace(0.1, 0.85, n))
    hatches = ["", "//", ".."]
    for i, tau in enumerate(temperatures):
        p = softmax(a, temperature=tau)
        ax.bar(np.arange(K) + (i - (n - 1) / 2) * width, p, width, color=colours[i],
               edgecolor="black", linewidth=0.5, hatch=hatches[i % len(hatches)],
               label=LABELS["temperature"].format(tau=tau))
    ax.axhline(1.0 / K, color="grey", lw=0.8, ls="--")
    ax.set_xticks(range(K), _tick_labels(labels))
    ax.set_ylabel(LABELS["prob"])
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig
