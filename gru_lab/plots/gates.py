"""The static gate figure: heatmaps of the GRU's gates over time, and a few units as lines.

Chapter 2 ("The GRU's gates") explains what is drawn: for every time step t (x axis, labelled
with the input tokens) and every unit j (y axis) the update gate z_t (eq. ``gru-z``), the reset
gate r_t (``gru-r``), the candidate ĥ_t (``gru-cand``) and the state h_t (``gru-h``); below the
heatmaps, lines follow a few selected units. The interactive explorer draws the same picture in
the browser (``gru_lab/explorer.js``); this figure is its fallback for readers without
JavaScript, and a static figure for a chapter.

Colour maps are colour-blind safe: cividis for the gates (values in [0, 1]) and the diverging
PuOr for ĥ and h (values in [−1, 1]). The figure carries symbols only (z, r, ĥ, h, t, j); the
words go in the caption or alt text, so both editions share it.
"""

from __future__ import annotations

import numpy as np

from ..explorer_model import VISIBLE_TOKENS, default_units
from ._common import LINE_COLOURS, MARKERS

__all__ = ["GATES", "plot_gate_trace", "trace_arrays", "display_token"]

#: The four panels, top to bottom: (key, symbol, colour map, value range).
GATES = (
    ("z", "z", "cividis", (0.0, 1.0)),
    ("r", "r", "cividis", (0.0, 1.0)),
    ("h_tilde", "ĥ", "PuOr", (-1.0, 1.0)),
    ("h", "h", "PuOr", (-1.0, 1.0)),
)
#: The selected units' lines: the book's palette (plots/_common.py, Okabe–Ito), one marker
#: per unit as well, so that the units differ in more than colour.
UNIT_COLORS = LINE_COLOURS
UNIT_MARKERS = MARKERS
_MAX_TICKS = 60


def display_token(token: str) -> str:
    """A printable label for a token: a space becomes ␣, a newline ↵, a tab ⇥."""
    return VISIBLE_TOKENS.get(token, token)


def trace_arrays(trace, *, keras_z: bool = False) -> dict[str, np.ndarray]:
    """``{"z", "r", "h_tilde", "h"}`` → (T, H) arrays from a single-sequence trace.

    ``trace``: a :class:`gru_lab.GRUTrace` (T, H) or a :class:`gru_lab.RNNTrace`; for the
    vanilla RNN (chapter 1) the gate arrays are all-NaN (drawn blank). ``keras_z=True`` gives
    Keras's update gate 1 − z instead of the book's z (chapter 5 explains the two conventions).
    """
    h = np.asarray(trace.h, dtype=float)
    if h.ndim != 2:
        raise ValueError(f"the trace must be of one sequence, h of shape (T, H); got shape "
                         f"{h.shape}. Pass one sequence x of shape (T, D) to gru_forward.")
    if not hasattr(trace, "z"):  # RNNTrace
        blank = np.full_like(h, np.nan)
        return {"z": blank, "r": blank, "h_tilde": blank, "h": h}
    z = np.asarray(trace.z, dtype=float)
    return {"z": 1.0 - z if keras_z else z, "r": np.asarray(trace.r, dtype=float),
            "h_tilde": np.asarray(trace.h_tilde, dtype=float), "h": h}


def plot_gate_trace(trace, tokens, *, units=None, cursor: int | None = None,
                    keras_z: bool = False, title: str | None = None, figsize=None,
                    dpi: int = 100):
    """The book's static gate figure: heatmaps of z, r, ĥ, h (T steps × H units) and lines.

    ``trace``: :func:`gru_lab.gru_forward` of one sequence (z, r, ĥ, h of shape (T, H)), or
    :func:`gru_lab.rnn_forward`'s trace. ``tokens``: T x-axis labels. ``units``: units drawn
    as lines (default: the first four). ``cursor``: a time step to mark (default: the last).
    ``keras_z``: draw 1 − z. Returns a matplotlib ``Figure`` (the page gives it alt text).
    """
    import matplotlib.pyplot as plt
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    arrays = trace_arrays(trace, keras_z=keras_z)
    T, H = arrays["h"].shape
    tokens = [str(t) for t in tokens]
    if len(tokens) != T:
        raise ValueError(f"tokens must hold one label per time step, T = {T}; got "
                         f"{len(tokens)}.")
    units = default_units(H, units) if units is None else [int(u) for u in units]
    if not units or any(not 0 <= u < H for u in units):
        raise ValueError(f"units must be unit numbers in [0, {H}); got {units!r}.")
    cursor = T - 1 if cursor is None else int(cursor)
    fig, axes = plt.subplots(5, 1, figsize=figsize or (min(2 + 0.28 * T, 14), 7.5), dpi=dpi,
                             sharex=True, layout="constrained",
                             gridspec_kw={"height_ratios": [1, 1, 1, 1, 1.6]})
    for ax, (key, symbol, cmap, (lo, hi)) in zip(axes, GATES, strict=False):
        label = "1 − z" if key == "z" and keras_z else symbol
        ax.imshow(arrays[key].T, aspect="auto", cmap=cmap, vmin=lo, vmax=hi,
                  interpolation="nearest", extent=(-0.5, T - 0.5, H - 0.5, -0.5))
        ax.set_ylabel(label, rotation=0, ha="right", va="center")
        ax.set_yticks(range(0, H, max(1, H // 4)))
        ax.axvline(cursor, color="#d62728", lw=1.5)
        if key in ("z", "h"):
            cbar = fig.colorbar(ScalarMappable(Normalize(lo, hi), cmap), ax=axes[:2]
                                if key == "z" else axes[2:4], fraction=0.03, pad=0.01)
            cbar.set_label("z, r" if key == "z" else "ĥ, h")
    ax = axes[4]
    steps = np.arange(T)
    for n, j in enumerate(units):
        colour, mark = UNIT_COLORS[n % len(UNIT_COLORS)], UNIT_MARKERS[n % len(UNIT_MARKERS)]
        ax.plot(steps, arrays["h"][:, j], color=colour, marker=mark, ms=4, lw=1.8,
                label=f"h[{j}]")
        if np.isfinite(arrays["z"][:, j]).any():
            ax.plot(steps, arrays["z"][:, j], color=colour, marker=mark, ms=4, lw=1, ls="--",
                    mfc="white", label=f"z[{j}]")
    ax.axvline(cursor, color="#d62728", lw=1.5)
    ax.set_ylim(-1.1, 1.1)
    ax.legend(fontsize=7, ncol=min(len(units) * 2, 8), loc="lower left")
    every = max(1, int(np.ceil(T / _MAX_TICKS)))
    ax.set_xticks(steps[::every], [display_token(tokens[t]) for t in steps[::every]],
                  fontsize=7)
    ax.set_xlabel("t")
    if title is not None:
        fig.suptitle(title, fontsize=10)
    return fig
