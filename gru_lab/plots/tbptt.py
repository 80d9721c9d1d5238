"""Figures for chapter 4's section on truncated BPTT.

* :func:`truncation`: left, the gradient of the loss at the last step reaching each input,
  ‖∂ℓ_T/∂x_t‖ against t, full BPTT beside windows of a few lengths k; right, how far the
  truncated parameter gradient g_k is from the full one g, against k (relative error and
  cosine, ``bptt-trunc-bias``).

Pure matplotlib, the book's colour-blind-safe palette (:mod:`gru_lab.plots._common`), and
lines that differ in style and marker as well as colour. The figure carries symbols and
numbers only; every label is in ``LABELS`` (the Chinese edition uses the same figure).
"""

from __future__ import annotations

import numpy as np

from ._common import LINE_COLOURS, LINE_STYLES, MARKERS

__all__ = ["LABELS", "truncation"]

LABELS = {
    "t": "$t$",
    "dx_last": r"$\|\partial \ell_T / \partial x_t\|$",
    "k": "$k$",
    "window": "$k = {k}$",
    "full": "$k = T = {k}$",
    "rel": r"$\|g_k - g\| \,/\, \|g\|$",
    "cos": r"$\cos(g_k, g)$",
    "panel_a": "(a)",
    "panel_b": "(b)",
}


def truncation(last_step_grads, cuts, ks, rel_errors, cosines, *, figsize=(8.6, 3.4)):
    """Two panels: ‖∂ℓ_T/∂x_t‖ against t, full BPTT and truncated (left); relative error and
    cosine of the truncated parameter gradient against k (right). Returns the ``Figure``.

    ``last_step_grads``: shape (T,), the norm of the gradient of the loss at the last step
    with respect to each input x_1 … x_T under full BPTT (plotted at t = 1 … T, log scale).
    ``cuts``: a few window lengths k (dividing T) whose truncated gradient is drawn: it equals
    the full one on the last window, t > T − k (a band under the full curve), and is exactly
    0 before it (a vertical line marks where it stops). ``ks``: the window lengths of the
    right panel (log-2 axis); ``rel_errors``, ``cosines``: one number per k.
    """
    import matplotlib.pyplot as plt

    fig, (ax, bx) = plt.subplots(1, 2, figsize=figsize, gridspec_kw={"width_ratios": [1.4, 1]})
    norms = np.asarray(last_step_grads, dtype=float)
    T = norms.size
    t = np.arange(1, T + 1)
    for i, k in enumerate(sorted(cuts, reverse=True)):
        colour = LINE_COLOURS[(i + 1) % len(LINE_COLOURS)]
        keep = t > T - k
        ax.plot(t[keep], norms[keep], color=colour, lw=7 - 2.5 * i, alpha=0.55,
                solid_capstyle="butt", label=LABELS["window"].format(k=k), zorder=1 + i)
        ax.axvline(T - k + 0.5, color=colour, ls=LINE_STYLES[(i + 1) % len(LINE_STYLES)],
                   lw=1.5, zorder=1 + i)
    ax.plot(t, norms, color=LINE_COLOURS[6], lw=1.2, marker=MARKERS[0], ms=2.5,
            markevery=max(1, T // 32), label=LABELS["full"].format(k=T), zorder=5)
    ax.set_yscale("log")
    ax.set_xlabel(LABELS["t"])
    ax.set_ylabel(LABELS["dx_last"])
    ax.set_xlim(0.5, T + 0.5)
    ax.legend(fontsize=9, loc="upper left")
    ax.set_title(LABELS["panel_a"], loc="left", fontsize=10)

    ks = np.asarray(ks)
    bx.plot(ks, rel_errors, color=LINE_COLOURS[5], ls=LINE_STYLES[0], marker=MARKERS[1],
            label=LABELS["rel"])
    bx.plot(ks, cosines, color=LINE_COLOURS[0], ls=LINE_STYLES[1], marker=MARKERS[0],
            label=LABELS["cos"])
    bx.set_xscale("log", base=2)
    bx.set_xticks(ks)
    bx.set_xticklabels([str(int(k)) for k in ks])
    bx.minorticks_off()
    bx.set_ylim(-0.05, 1.05)
    bx.set_xlabel(LABELS["k"])
    bx.legend(fontsize=9, loc="center right")
    bx.set_title(LABELS["panel_b"], loc="left", fontsize=10)
    for a in (ax, bx):
        a.grid(alpha=0.3)
    fig.tight_layout()
    return fig
