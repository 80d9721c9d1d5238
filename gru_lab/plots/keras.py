"""Figures of chapter 5, "The GRU in Keras": parity of the update gate, speed, learning curves.

Colours: the Okabe–Ito palette (distinguishable by colour-blind readers), with markers and line
styles as a second cue. The figures carry symbols, numbers and data (model names), never
English words (the Chinese edition shows the same figures): the chapter's captions say which
axis, bar and line is which. :data:`LABELS` holds every string the figures write.
"""

from __future__ import annotations

import numpy as np

from ._common import LINE_COLOURS, MARKERS

__all__ = ["LABELS", "z_parity", "speed_bars", "learning_curves"]

LABELS = {
    "z_ours": "$z_t$ (gru_lab)",
    "z_keras": "$z'_t$ (Keras)",
    "z_line": "$z' = 1 - z$",
    "speed_x": "ms",
    "speed_title": "$B = {B}$, $T = {T}$, $D = {D}$, $H = {H}$, float32",
    "loss_y": "$L$",
    "remember": "{name}, $b = {bias:g}$",
    "chance": "$1/K = {chance:g}$",
}

#: The book's palette (plots/_common.py), blue and vermilion first: the most different pair.
COLOURS = tuple(LINE_COLOURS[i] for i in (0, 5, 2, 3, 1, 4, 6))
STYLES = ("-", "--", ":", "-.", "-", "--", ":")


def _figure(figsize):
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize, layout="constrained")


def z_parity(z_ours, z_keras, *, ax=None, max_points: int = 2000, seed: int = 0):
    """Scatter of Keras's z against gru_lab's z at every (batch, step, unit): the points lie on
    the line z_keras = 1 − z. Returns the Figure."""
    z_ours = np.asarray(z_ours, dtype=float).ravel()
    z_keras = np.asarray(z_keras, dtype=float).ravel()
    if z_ours.shape != z_keras.shape:
        raise ValueError(f"z_ours and z_keras must have the same size; got {z_ours.size} and "
                         f"{z_keras.size}.")
    if ax is None:
        fig, ax = _figure((4.6, 4.2))
    else:
        fig = ax.figure
    idx = np.random.default_rng(seed).permutation(z_ours.size)[:max_points]
    ax.plot([0, 1], [1, 0], color=COLOURS[1], lw=1.5, label=LABELS["z_line"], zorder=1)
    ax.scatter(z_ours[idx], z_keras[idx], s=8, color=COLOURS[0], alpha=0.6, zorder=2,
               linewidths=0)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel=LABELS["z_ours"], ylabel=LABELS["z_keras"])
    ax.set_aspect("equal")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    return fig


def speed_bars(table, *, ax=None, shape=(32, 100, 300, 128)):
    """Horizontal bars of :func:`gru_lab.compare.speed_report`: forward (solid) and
    forward+backward (hatched) time per implementation in ms, log scale; no legend, the
    caption says which is which. Returns the Figure."""
    rows = table.rows
    names = [r["implementation"] for r in rows]
    fwd = np.array([r["forward (ms)"] for r in rows])
    both = np.array([r["forward + backward (ms)"] for r in rows])
    if ax is None:
        fig, ax = _figure((6.4, 2.8))
    else:
        fig = ax.figure
    y = np.arange(len(rows))
    ax.barh(y - 0.2, fwd, height=0.38, color=COLOURS[0])
    ax.barh(y + 0.2, both, height=0.38, color=COLOURS[4], hatch="//", edgecolor="white")
    for yi, a, b in zip(y, fwd, both, strict=True):
        ax.text(a * 1.05, yi - 0.2, f"{a:.0f}", va="center", fontsize=8)
        ax.text(b * 1.05, yi + 0.2, f"{b:.0f}", va="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(min(fwd.min(), both.min()) / 2, max(fwd.max(), both.max()) * 3)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlabel(LABELS["speed_x"])
    B, T, D, H = shape
    ax.set_title(LABELS["speed_title"].format(B=B, T=T, D=D, H=H), fontsize=10)
    return fig


def _label(result) -> str:
    """A result's legend entry: its cell's name, and the remember bias when it has one."""
    from ..compare import CELL_NAMES

    bias = getattr(result, "remember_bias", None)
    if bias is None:
        return result.label
    return LABELS["remember"].format(name=CELL_NAMES.get(result.cell, result.cell), bias=bias)


def learning_curves(results, *, chance: float | None = None, title: str | None = None):
    """Two panels for :func:`gru_lab.compare.compare_cells` results: the training loss after
    every batch (left) and the validation accuracy after every epoch (right), one line per
    model, labelled by its cell ("GRU") and, for a layer started remembering, its remember
    bias ("GRU, b = 3"). Returns the Figure."""
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10.5, 3.4), layout="constrained")
    for i, r in enumerate(results):
        c, m, ls = COLOURS[i % 7], MARKERS[i % 7], STYLES[i % 7]
        label = _label(r)
        ax1.plot(np.arange(1, len(r.batch_loss) + 1), r.batch_loss, color=c, ls=ls, lw=1.4,
                 label=label)
        val = r.history["val_accuracy"]
        ax2.plot(np.arange(1, len(val) + 1), val, color=c, ls=ls, marker=m, lw=1.4,
                 label=label)
    ax1.set(ylabel=LABELS["loss_y"])   # x: batches (left), epochs (right): the caption says so
    epochs = max(len(r.history["val_accuracy"]) for r in results)
    ax2.set_xticks(np.arange(1, epochs + 1))
    if chance is not None:
        ax2.axhline(chance, color="0.5", lw=1, ls=":",
                    label=LABELS["chance"].format(chance=chance))
    ax2.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.02, 0.5))
    if title:
        fig.suptitle(title, fontsize=11)
    return fig
