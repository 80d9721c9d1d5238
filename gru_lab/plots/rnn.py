"""Figures for chapter 1, "Sequences and the recurrent network".

* :func:`unrolled_rnn`: the recurrent cell folded (with its loop) and unrolled in time;
* :func:`hidden_state_heatmap`: every hidden unit at every time step, labelled by the input;
* :func:`gradient_norm_curves`: ‖∂h_T/∂h_t‖ against the distance T − t, on a log scale.

Pure matplotlib: each function draws into ``ax`` (a new figure when omitted) and returns the
``Figure``. A figure carries symbols, numbers and data, never English words (the Chinese
edition shows the same figures): the words are in each chapter's caption and alt text.
``LABELS`` holds every string the figures write.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ._common import axes_or_new

__all__ = ["LABELS", "unrolled_rnn", "hidden_state_heatmap", "gradient_norm_curves"]

LABELS = {
    "cell": "tanh",
    "heatmap_x": "$x_t$",
    "heatmap_colour": "$h_t$",
    "space": "␣",
    "grad_x": "$T - t$",
    "grad_y": r"$\|\partial h_T / \partial h_t\|$",
}

_CELL_FACE = "#d1e5f0"   # light blue (RdBu), readable in grey and by colour-blind readers
_EDGE = "#2166ac"
_ARROW = "#333333"


_axes = axes_or_new


def _arrow(ax, start, end, label=None, label_offset=(0.0, 0.0), rad=0.0, colour=_ARROW):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, lw=1.4,
                                 color=colour, shrinkA=0, shrinkB=0,
                                 connectionstyle=f"arc3,rad={rad}"))
    if label:
        mx = (start[0] + end[0]) / 2 + label_offset[0]
        my = (start[1] + end[1]) / 2 + label_offset[1]
        ax.text(mx, my, label, ha="center", va="center", fontsize=11, color=_EDGE,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"})


def _cell(ax, cx, cy, w=0.9, h=0.7):
    ax.add_patch(FancyBboxPatch((cx - w / 2, cy - h / 2), w, h, boxstyle="round,pad=0.05",
                                fc=_CELL_FACE, ec=_EDGE, lw=1.6))
    ax.text(cx, cy, LABELS["cell"], ha="center", va="center", fontsize=12)


def unrolled_rnn(steps=("1", "2", "3", "T"), *, show_folded: bool = True, ax=None):
    """Draw the RNN of chapter 1 folded (a cell with a loop) and unrolled over ``steps``.

    ``steps``: the time labels of the drawn cells; when the last label does not follow the
    one before it (``"T"`` after ``"3"``), a "⋯" marks the steps left out. Every cell
    receives x_t through W and h_{t−1} through U, and sends h_t up and to the right: the
    same W and U at every step.
    """
    steps = [str(s) for s in steps]
    n = len(steps)
    gap = n >= 2 and not (steps[-1].isdigit() and steps[-2].isdigit()
                          and int(steps[-1]) == int(steps[-2]) + 1)
    fig, ax = _axes(ax, (2.2 * n + (3.2 if show_folded else 0.6), 3.4))
    y_x, y_c, y_h = 0.0, 1.5, 3.0
    x0 = 0.0
    if show_folded:
        cx = 0.8
        _cell(ax, cx, y_c)
        ax.text(cx, y_x - 0.1, "$x_t$", ha="center", va="center", fontsize=13)
        ax.text(cx, y_h + 0.1, "$h_t$", ha="center", va="center", fontsize=13)
        _arrow(ax, (cx, y_x + 0.25), (cx, y_c - 0.42), "$W$", (0.25, 0))
        _arrow(ax, (cx, y_c + 0.42), (cx, y_h - 0.25))
        # the loop: h_t comes back as h_{t-1} on the next step
        _arrow(ax, (cx + 0.5, y_c + 0.2), (cx + 0.5, y_c - 0.2), None, rad=-1.9)
        ax.text(cx + 1.12, y_c, "$U$", ha="center", va="center", fontsize=11, color=_EDGE)
        ax.text(cx + 1.75, y_c, "=", ha="center", va="center", fontsize=22)
        x0 = 3.1
    # unrolled: h_0 on the left, then one cell per step
    ax.text(x0, y_c, "$h_0$", ha="center", va="center", fontsize=13)
    prev_right = x0 + 0.3
    xs = []
    for i, s in enumerate(steps):
        cx = x0 + 1.5 + 2.0 * i + (0.8 if gap and i == n - 1 else 0.0)
        xs.append(cx)
        if gap and i == n - 1:
            ax.text(cx - 1.4, y_c, "⋯", ha="center", va="center", fontsize=18)
            prev_right = cx - 1.05
        _arrow(ax, (prev_right, y_c), (cx - 0.5, y_c), "$U$", (0, 0.22))
        _cell(ax, cx, y_c)
        ax.text(cx, y_x - 0.1, f"$x_{{{s}}}$", ha="center", va="center", fontsize=13)
        _arrow(ax, (cx, y_x + 0.25), (cx, y_c - 0.42), "$W$", (0.25, 0))
        ax.text(cx, y_h + 0.1, f"$h_{{{s}}}$", ha="center", va="center", fontsize=13)
        _arrow(ax, (cx, y_c + 0.42), (cx, y_h - 0.25))
        prev_right = cx + 0.5
        if gap and i == n - 2:  # the state leaves towards the steps left out
            _arrow(ax, (prev_right, y_c), (prev_right + 0.5, y_c))
    ax.set_xlim(-0.2, xs[-1] + 0.8)
    ax.set_ylim(y_x - 0.5, y_h + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def hidden_state_heatmap(h, labels, *, ax=None, cmap="RdBu_r"):
    """Heatmap of the hidden states ``h`` (T, H): one column per time step, one row per unit.

    ``labels``: T strings (the input characters) written under the columns; a space is shown
    as "␣". Values of a tanh state lie in [−1, 1]: the diverging colour map is centred on 0.
    """
    h = np.asarray(h)
    if h.ndim != 2:
        raise ValueError(f"h must have shape (T, H); got shape {h.shape}.")
    labels = [LABELS["space"] if c == " " else str(c) for c in labels]
    if len(labels) != h.shape[0]:
        raise ValueError(f"labels must have one entry per time step, T = {h.shape[0]}; got "
                         f"{len(labels)}.")
    T, H = h.shape
    fig, ax = _axes(ax, (max(6.0, 0.32 * T + 1.5), max(2.5, 0.22 * H + 1.2)))
    im = ax.imshow(h.T, aspect="auto", cmap=cmap, vmin=-1, vmax=1, interpolation="nearest")
    ax.set_xticks(range(T), labels, fontsize=10, fontfamily="monospace")
    ax.set_yticks(range(0, H, max(1, H // 8)))
    ax.set_xlabel(LABELS["heatmap_x"])   # one row per hidden unit: the caption says so
    fig.colorbar(im, ax=ax, label=LABELS["heatmap_colour"], fraction=0.03, pad=0.02)
    return fig


def gradient_norm_curves(curves: dict, *, ax=None, title: str | None = None,
                         reference: dict | None = None):
    """Log-scale plot of ‖∂h_T/∂h_t‖ against T − t, one line per entry of ``curves``.

    ``curves``: ``{label: norms}`` with ``norms`` as returned by
    :func:`gru_lab.rnn.state_gradient_norms` (index t = 0 … T); the plot reverses each so that
    the distance T − t runs left to right. ``reference``: more ``{label: norms}``, indexed the
    same way, drawn as black dotted lines without markers (chapter 1 draws ‖U^{T−t}‖ there, the
    product of the Jacobians with tanh' set to 1).
    """
    fig, ax = _axes(ax, (6.0, 3.8))
    for label, norms in (reference or {}).items():
        d = np.asarray(norms, dtype=float)[::-1]
        ax.semilogy(np.arange(d.size), np.maximum(d, np.finfo(float).tiny), label=str(label),
                    color="black", ls=":", lw=1.6)
    colours = plt.get_cmap("viridis")(np.linspace(0.0, 0.85, max(len(curves), 1)))
    markers = ["o", "s", "^", "D", "v", "P"]
    for i, (label, norms) in enumerate(curves.items()):
        d = np.asarray(norms, dtype=float)[::-1]
        dist = np.arange(d.size)
        ax.semilogy(dist, np.maximum(d, np.finfo(float).tiny), label=str(label),
                    color=colours[i], marker=markers[i % len(markers)],
                    markevery=max(1, d.size // 8), lw=1.8)
    ax.axhline(1.0, color="grey", lw=0.8, ls="--")
    ax.set_xlabel(LABELS["grad_x"])
    ax.set_ylabel(LABELS["grad_y"])
    if title:
        ax.set_title(title)
    ax.legend(frameon=False)
    ax.grid(True, which="major", alpha=0.3)
    return fig
