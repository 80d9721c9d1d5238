"""Figures for the applications part (sentiment, text generation, translation, music).

Pure matplotlib: each function returns a ``Figure``. Colour maps are colour-blind safe
(RdBu for "negative ↔ positive", PuOr for unit activations, cividis/viridis for gates and
piano rolls). The figures carry symbols, numbers and data (the words of a review, characters,
language codes, model names), never English words (the Chinese edition shows the same
figures): each chapter's caption says which axis, panel and line is which. ``LABELS`` holds
every string the figures write.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._common import LINE_COLOURS, LINE_STYLES, MARKERS, sequential_cmap, text_colour_on

__all__ = ["LABELS", "running_sentiment", "word_gate_bars", "training_curves",
           "text_activation", "unit_correlation_bars", "accuracy_by_group", "piano_rolls",
           "nll_bars", "encoder_gates", "connectivity_heatmaps", "connectivity_by_lag"]

LABELS = {
    "p_positive": "$p(+)$",
    "mean_z": r"$\bar z$",
    "loss": "$L$",
    "state": "$h_t$",
    "corr": r"$\mathrm{corr}$",
    "key": "MIDI",
    "time_q": "$t$",
    "roll_pred": "{model}",
    "nll": "NLL",
    "ours": "music21",
    "chung": "JSB, Chung et al. 2014",
    "char": "$x_t$",
    "z": "$z_t$",
    "p_key": "$p$",
    # connectivity (text generation): symbols only
    "conn": r"$\|\partial s_t / \partial x_{t'}\|$",
    "conn_t": "$t$",
    "conn_t_input": "$t'$",
    "lag": "$t - t'$",
    "lag_mean": r"$\bar C(t - t') \,/\, \bar C(0)$",
    "fraction": "{fraction:g}",
}


def running_sentiment(examples, *, figsize=None):
    """One row per review: each word coloured and labelled by P(positive) after it.

    ``examples``: a list of ``(tokens, p)`` with ``p`` the model's P(positive) after each word.
    """
    n = len(examples)
    width = max(len(t) for t, _ in examples)
    fig, axes = plt.subplots(n, 1, figsize=figsize or (min(13, 1.2 + 0.75 * width), 1.1 * n),
                             squeeze=False, layout="constrained")
    cmap = plt.get_cmap("RdBu")
    im = None
    for ax, (tokens, p) in zip(axes[:, 0], examples, strict=True):
        p = np.asarray(p)
        im = ax.imshow(p[None, :], cmap=cmap, vmin=0, vmax=1, aspect="auto",
                       extent=(-0.5, len(p) - 0.5, 0, 1))
        for i, (tok, v) in enumerate(zip(tokens, p, strict=True)):
            colour = text_colour_on(cmap(v))
            ax.text(i, 0.62, tok, ha="center", va="center", fontsize=9, color=colour)
            ax.text(i, 0.25, f"{v:.2f}", ha="center", va="center", fontsize=7, color=colour)
        ax.set_xlim(-0.5, width - 0.5)
        ax.set_xticks([])
        ax.set_yticks([])
    cbar = fig.colorbar(im, ax=axes[:, 0].tolist(), fraction=0.03, pad=0.01)
    cbar.set_label(LABELS["p_positive"], fontsize=8)
    cbar.ax.tick_params(labelsize=7)
    return fig


def word_gate_bars(table, *, k=12, figsize=(9, 4)):
    """Horizontal bars: the ``k`` words with the largest and smallest mean update gate.

    ``table``: rows ``(word, count, mean_z, ...)`` sorted by mean z, largest first
    (:func:`gru_lab.apps.word_gate_table`).
    """
    fig, (a1, a2) = plt.subplots(1, 2, figsize=figsize, sharex=True)
    top, bottom = table[:k], table[-k:][::-1]
    lo = min(r[2] for r in table)
    hi = max(r[2] for r in table)
    # left: the words that open the gate most; right: least (the caption says so)
    for ax, rows, colour in ((a1, top, "#E69F00"), (a2, bottom, "#0072B2")):
        words = [f"{r[0]} ({r[1]})" for r in rows]
        ax.barh(range(len(rows)), [r[2] for r in rows], color=colour)
        ax.set_yticks(range(len(rows)), words, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(LABELS["mean_z"], fontsize=8)
        pad = 0.1 * (hi - lo + 1e-9)
        ax.set_xlim(max(0.0, lo - pad), min(1.0, hi + pad))
    fig.tight_layout()
    return fig


def training_curves(history: dict, *, metric="loss", figsize=(5, 3)):
    """Training (solid, circles) and validation (dashed, squares) curves against the epoch,
    from a Keras ``History.history`` dict; no legend (the caption says which is which)."""
    fig, ax = plt.subplots(figsize=figsize)
    epochs = np.arange(1, len(history[metric]) + 1)
    ax.plot(epochs, history[metric], "o-", color="#0072B2")
    if f"val_{metric}" in history:
        ax.plot(epochs, history[f"val_{metric}"], "s--", color="#D55E00")
    ax.set_xticks(epochs)
    if metric == "loss":
        ax.set_ylabel(LABELS["loss"])
    fig.tight_layout()
    return fig


def text_activation(text: str, values, *, unit=None, width=80, figsize=None):
    """Karpathy-style: the text laid out line by line, each character's background coloured
    by a unit's value (reversed PuOr: −1 purple … +1 orange). Newlines are drawn as ↵.
    ``unit``: the unit's number (as the code counts), written as the figure's title."""
    values = np.asarray(values, dtype=float)
    rows, row, vals, vrow = [], [], [], []
    for ch, v in zip(text, values, strict=True):
        row.append("↵" if ch == "\n" else ch)
        vrow.append(v)
        if ch == "\n" or len(row) >= width:
            rows.append(row)
            vals.append(vrow)
            row, vrow = [], []
    if row:
        rows.append(row)
        vals.append(vrow)
    grid = np.full((len(rows), width), np.nan)
    for i, vr in enumerate(vals):
        grid[i, :len(vr)] = vr
    fig, ax = plt.subplots(figsize=figsize or (width * 0.11, 0.3 * len(rows) + 0.5))
    cmap = plt.get_cmap("PuOr_r")
    im = ax.imshow(grid, cmap=cmap, vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
    for i, (r, vr) in enumerate(zip(rows, vals, strict=True)):
        for j, (ch, v) in enumerate(zip(r, vr, strict=True)):
            ax.text(j, i, ch, ha="center", va="center", fontsize=8, family="monospace",
                    color=text_colour_on(cmap((v + 1) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    cbar = fig.colorbar(im, ax=ax, fraction=0.02, pad=0.01)
    cbar.set_label(LABELS["state"], fontsize=8)
    cbar.ax.tick_params(labelsize=7)
    if unit is not None:
        ax.set_title(f"#{unit}", fontsize=9)
    fig.tight_layout()
    return fig


def unit_correlation_bars(corr: dict, *, k=3, figsize=None):
    """For each feature (e.g. "is newline"), the units whose h correlates most with it.

    ``corr``: ``{panel title: (H,) correlations}``: the title is the caller's (a symbol or a
    panel letter that the caption explains, not a word). Bars show every unit (sorted by
    correlation), the top ``k`` by |correlation| labelled with their numbers.
    """
    n = len(corr)
    fig, axes = plt.subplots(1, n, figsize=figsize or (3.2 * n, 2.8), sharey=True,
                             squeeze=False)
    for ax, (name, c) in zip(axes[0], corr.items(), strict=True):
        c = np.asarray(c)
        order = np.argsort(-c)
        ax.bar(range(len(c)), c[order], width=1.0, color="#56B4E9")
        top = np.argsort(-np.abs(c))[:k]
        for u in top:
            pos = int(np.nonzero(order == u)[0][0])
            ax.bar(pos, c[u], width=1.0, color="#D55E00")
            ax.annotate(f"{u}", (pos, c[u]), fontsize=7, ha="center",
                        va="bottom" if c[u] > 0 else "top")
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_title(name, fontsize=9)
        ax.set_xticks([])
    axes[0, 0].set_ylabel(LABELS["corr"], fontsize=8)
    fig.tight_layout()
    return fig


def accuracy_by_group(acc: dict, *, ylabel=None, figsize=(5, 3)):
    """Bars of an accuracy per group (e.g. per language code), the value printed on each bar.
    ``ylabel``: an optional y label (a symbol; the caption names the measure)."""
    fig, ax = plt.subplots(figsize=figsize)
    names = list(acc)
    vals = [acc[n] for n in names]
    ax.bar(names, vals, color="#009E73")
    for i, v in enumerate(vals):
        ax.text(i, v + 0.01, f"{v:.1%}", ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, 1.1)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=8)
    fig.tight_layout()
    return fig


def piano_rolls(roll, preds: dict, *, low=21, figsize=None):
    """The true next-step roll above each model's predicted probabilities (viridis).

    ``roll``: (T, 88) the targets; ``preds``: ``{model name: (T, 88) probabilities}``.
    Only the keys the piece uses (± 2) are drawn.
    """
    roll = np.asarray(roll)
    used = np.nonzero(roll.any(axis=0))[0]
    k0, k1 = max(0, used.min() - 2), min(roll.shape[1], used.max() + 3)
    n = 1 + len(preds)
    fig, axes = plt.subplots(n, 1, figsize=figsize or (9, 1.9 * n), sharex=True, squeeze=False)
    # the top panel, without a title, is the chorale itself (the caption says so)
    panels = [("", roll)] + [(LABELS["roll_pred"].format(model=m), p) for m, p in preds.items()]
    for ax, (title, a) in zip(axes[:, 0], panels, strict=True):
        im = ax.imshow(np.asarray(a)[:, k0:k1].T, aspect="auto", origin="lower", cmap="viridis",
                       vmin=0, vmax=1, interpolation="nearest",
                       extent=(-0.5, len(a) - 0.5, low + k0 - 0.5, low + k1 - 0.5))
        ax.set_title(title, fontsize=9)
        ax.set_ylabel(LABELS["key"], fontsize=8)
    axes[-1, 0].set_xlabel(LABELS["time_q"], fontsize=8)
    cbar = fig.colorbar(im, ax=axes[:, 0].tolist(), shrink=0.6)
    cbar.set_label(LABELS["p_key"], fontsize=8)
    return fig


def nll_bars(ours: dict, published: dict, *, figsize=(6, 3)):
    """Grouped bars: our NLL per step and the published one, per model."""
    fig, ax = plt.subplots(figsize=figsize)
    names = list(ours)
    x = np.arange(len(names))
    ax.bar(x - 0.2, [ours[n] for n in names], 0.4, color="#0072B2", label=LABELS["ours"])
    ax.bar(x + 0.2, [published.get(n, np.nan) for n in names], 0.4, color="#E69F00",
           hatch="//", edgecolor="white", label=LABELS["chung"])  # not told apart by colour only
    for i, n in enumerate(names):
        ax.text(i - 0.2, ours[n], f"{ours[n]:.2f}", ha="center", va="bottom", fontsize=8)
        if n in published:
            ax.text(i + 0.2, published[n], f"{published[n]:.2f}", ha="center", va="bottom",
                    fontsize=8)
    ax.set_xticks(x, names)
    ax.set_ylabel(LABELS["nll"], fontsize=8)
    top = max(list(ours.values()) + list(published.values()))
    ax.set_ylim(0, 1.25 * top)
    ax.legend(frameon=False, fontsize=8, loc="upper center", ncol=2)
    fig.tight_layout()
    return fig


def encoder_gates(panels: dict, *, units=None, figsize=None):
    """Side by side heatmaps of the update gate z (units × characters) for several inputs.

    ``panels``: ``{title: (tokens, z)}`` with ``z`` of shape (T, H) (a title such as a
    language code and the input, not a word); ``units``: rows shown (numbered as the code
    counts, from 0).
    """
    n = len(panels)
    fig, axes = plt.subplots(1, n, figsize=figsize or (5.2 * n, 3.4), squeeze=False)
    im = None
    for ax, (title, (tokens, z)) in zip(axes[0], panels.items(), strict=True):
        z = np.asarray(z)
        if units is not None:
            z = z[:, units]
        im = ax.imshow(z.T, aspect="auto", cmap="cividis", vmin=0, vmax=1,
                       interpolation="nearest")
        ax.set_xticks(range(len(tokens)), ["␣" if t == " " else t for t in tokens], fontsize=8)
        ax.set_yticks(range(z.shape[1]),
                      [str(u) for u in (units if units is not None else range(z.shape[1]))],
                      fontsize=7)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel(LABELS["char"], fontsize=8)
    fig.colorbar(im, ax=axes[0].tolist(), shrink=0.8, label=LABELS["z"])
    return fig


def connectivity_heatmaps(matrices: dict, *, floor=1e-4, figsize=None):
    """One heatmap per model of the connectivity C[t, t′] = ‖∂s_t/∂x_{t′}‖ (text generation):
    prediction step t down, input step t′ across, both counted from 1 as in the book.

    ``matrices``: ``{model name: (T, T) array}`` from :func:`gru_lab.connectivity.connectivity`.
    One logarithmic colour scale for all panels (white → the palette's blue, values below
    ``floor`` × the largest drawn white); the empty triangle t′ > t is left blank.
    """
    from matplotlib.colors import LogNorm

    n = len(matrices)
    top = max(float(np.max(C)) for C in matrices.values())
    norm = LogNorm(vmin=top * floor, vmax=top, clip=True)
    cmap = sequential_cmap().with_extremes(bad="none")
    fig, axes = plt.subplots(1, n, figsize=figsize or (4.2 * n + 1, 4.2), squeeze=False,
                             layout="constrained", sharey=True)
    im = None
    for ax, (name, C) in zip(axes[0], matrices.items(), strict=True):
        C = np.asarray(C, dtype=float)
        T = C.shape[0]
        shown = np.ma.masked_where(np.triu(np.ones_like(C, bool), k=1), np.maximum(C, 1e-300))
        im = ax.imshow(shown, cmap=cmap, norm=norm, interpolation="nearest", origin="upper",
                       extent=(0.5, T + 0.5, T + 0.5, 0.5))
        ax.set_title(name, fontsize=10)
        ax.set_xlabel(LABELS["conn_t_input"])
        ax.set_aspect("equal")
    axes[0, 0].set_ylabel(LABELS["conn_t"])
    cbar = fig.colorbar(im, ax=axes[0].tolist(), fraction=0.04, pad=0.02)
    cbar.set_label(LABELS["conn"])
    return fig


def connectivity_by_lag(matrices: dict, *, max_lag=40, fraction=0.1, figsize=(6, 3.2)):
    """The mean connectivity at each lag t − t′, relative to lag 0, one line per model, on a
    log scale, with a dotted line at ``fraction`` and each model's look-back lag (the first
    lag below it) marked (text generation page).

    ``matrices``: ``{model name: (T, T) array}``; see :func:`gru_lab.connectivity.mean_by_lag`.
    """
    from ..connectivity import look_back, mean_by_lag

    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    for i, (name, C) in enumerate(matrices.items()):
        m = mean_by_lag(C)
        lags = np.arange(min(max_lag, len(m) - 1) + 1)
        rel = m[lags] / m[0]
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        d = look_back(C, fraction)
        ax.plot(lags, rel, color=colour, linestyle=LINE_STYLES[i % len(LINE_STYLES)],
                marker=MARKERS[i % len(MARKERS)], markersize=3, label=f"{name}: {d}")
        if d < len(m):
            ax.axvline(d, color=colour, linestyle=LINE_STYLES[i % len(LINE_STYLES)],
                       linewidth=0.8, alpha=0.7)
    ax.axhline(fraction, color="black", linestyle=":", linewidth=1)
    ax.text(ax.get_xlim()[1], fraction, LABELS["fraction"].format(fraction=fraction),
            ha="right", va="bottom", fontsize=8)
    ax.set_yscale("log")
    ax.set_xlabel(LABELS["lag"])
    ax.set_ylabel(LABELS["lag_mean"])
    ax.legend(frameon=False, fontsize=9)
    return fig
