"""Figures for chapter 2, "The GRU's gates".

* :func:`gate_lines`: one quantity of a GRU trace (z, r, ĥ or h), one line per unit, against
  the input tokens;
* :func:`gate_panel`: several of them stacked on a shared time axis (z above h shows the update
  gate at work, r above ĥ the reset gate);
* :func:`step_table`: the worked example's intermediate values as an HTML table.

The gradient-norm figure of chapter 2 reuses :func:`gru_lab.plots.rnn.gradient_norm_curves`,
so the GRU and the vanilla RNN are drawn the same way in chapters 1 and 2; the heatmaps of all
gates at once are :func:`gru_lab.plots.gates.plot_gate_trace` (the gate explorer's figure).

Pure matplotlib: each function returns the ``Figure``. Colours are the Okabe–Ito set (lines,
with distinct line styles and markers too, so a grey print stays readable).
The figures carry symbols, numbers and data, never English words (the Chinese edition shows
the same figures): the legend numbers the units (i = 1, 2, …) and the y axis names the
quantity (z_t, r_t, ĥ_t, h_t); the chapter's captions say the rest in words.
``LABELS`` holds every string the figures and the table write.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._common import LINE_COLOURS, LINE_STYLES, MARKERS

__all__ = ["LABELS", "QUANTITIES", "gate_lines", "gate_panel", "step_table"]

LABELS = {
    "z": "$z_t$",
    "r": "$r_t$",
    "h_tilde": r"$\hat h_t$",
    "h": "$h_t$",
    "unit": "{j}",
    "unit_title": "$i$",
    "time": "$x_t$",
    "space": "␣",
    "newline": "↵",
    "step": "<i>t</i> = {t}",
    "unit_html": "<i>i</i> = {j}",
    "quantity": "",
    "a_z": "a<sub>z</sub> → σ",
    "a_r": "a<sub>r</sub> → σ",
    "a_h": "a<sub>h</sub> → tanh",
    "table_z": "z<sub>t</sub>",
    "table_r": "r<sub>t</sub>",
    "table_h_tilde": "ĥ<sub>t</sub>",
    "table_h": "h<sub>t</sub>",
}

#: quantity → (value range, colour map)
QUANTITIES = {
    "z": ((0.0, 1.0), "cividis"),
    "r": ((0.0, 1.0), "cividis"),
    "h_tilde": ((-1.0, 1.0), "PuOr"),
    "h": ((-1.0, 1.0), "PuOr"),
}

_COLOURS, _STYLES, _MARKERS = LINE_COLOURS, LINE_STYLES, MARKERS


def _values(trace, name):
    if name not in QUANTITIES:
        raise ValueError(f"name must be one of {sorted(QUANTITIES)}; got {name!r}.")
    v = np.asarray(getattr(trace, name), dtype=float)
    if v.ndim != 2:
        raise ValueError(f"the trace must be of one sequence: {name} of shape (T, H); got "
                         f"shape {v.shape}. Pass one sequence x of shape (T, D) to gru_forward.")
    return v


def _tick_labels(tokens, T):
    tokens = list(tokens)
    if len(tokens) != T:
        raise ValueError(f"tokens must have one entry per time step, T = {T}; got "
                         f"{len(tokens)}.")
    show = {" ": LABELS["space"], "\n": LABELS["newline"]}
    return [show.get(str(c), str(c)) for c in tokens]


def _shade(ax, highlight, T):
    if highlight is None:
        return
    highlight = np.asarray(highlight, dtype=bool)
    if highlight.shape != (T,):
        raise ValueError(f"highlight must hold one True/False per time step, shape ({T},); "
                         f"got shape {highlight.shape}.")
    for t in np.flatnonzero(highlight):
        ax.axvspan(t - 0.5, t + 0.5, color="0.88", lw=0, zorder=0)


def gate_lines(trace, tokens, name, *, units=None, highlight=None, ax=None, legend=True):
    """Plot ``trace.<name>`` ((T, H): "z", "r", "h_tilde" or "h"), one line per unit.

    ``tokens``: T labels for the x axis (a space is shown as ␣). ``units``: which units to
    draw (default: all, at most 7). ``highlight``: optional (T,) booleans; those time steps get
    a grey band (e.g. the spaces of a sentence). Gates are drawn on [0, 1], ĥ and h on [−1, 1].
    """
    v = _values(trace, name)
    T, H = v.shape
    labels = _tick_labels(tokens, T)
    units = list(range(min(H, len(_COLOURS)))) if units is None else list(units)
    if ax is None:
        fig, ax = plt.subplots(figsize=(max(6.0, 0.2 * T + 1.5), 2.4), layout="constrained")
    else:
        fig = ax.figure
    _shade(ax, highlight, T)
    t = np.arange(T)
    for k, j in enumerate(units):
        ax.plot(t, v[:, j], color=_COLOURS[k % len(_COLOURS)], ls=_STYLES[k % len(_STYLES)],
                marker=_MARKERS[k % len(_MARKERS)], ms=3.5, lw=1.6,
                label=LABELS["unit"].format(j=j + 1))
    (lo, hi), _ = QUANTITIES[name]
    pad = 0.06 * (hi - lo)
    ax.set_ylim(lo - pad, hi + pad)
    if lo < 0:
        ax.axhline(0.0, color="0.5", lw=0.7)
    ax.set_xlim(-0.5, T - 0.5)
    ax.set_xticks(t, labels, fontsize=9, fontfamily="monospace")
    ax.set_ylabel(LABELS[name])
    ax.grid(True, axis="y", alpha=0.3)
    if legend:
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  title=LABELS["unit_title"], title_fontsize=9)
    return fig


def gate_panel(trace, tokens, names=("z", "h"), *, units=None, highlight=None, width=None):
    """Several quantities of one trace stacked on a shared time axis (one row each).

    ``names``: e.g. ``("z", "h")`` to see the update gate hold the state, ``("r", "h_tilde")``
    to see the reset gate clear the candidate. Other arguments as in :func:`gate_lines`.
    """
    names = tuple(names)
    T = _values(trace, names[0]).shape[0]
    width = width or max(7.0, 0.18 * T + 2.0)
    fig, axes = plt.subplots(len(names), 1, sharex=True, layout="constrained",
                             figsize=(width, 1.9 * len(names) + 0.5))
    axes = np.atleast_1d(axes)
    for i, (ax, name) in enumerate(zip(axes, names, strict=True)):
        gate_lines(trace, tokens, name, units=units, highlight=highlight, ax=ax,
                   legend=(i == 0))
    axes[-1].set_xlabel(LABELS["time"])
    return fig


class _HTMLTable:
    """A small HTML table that a notebook (and the built page) displays as a table."""

    def __init__(self, html: str, text: str):
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def step_table(steps, *, decimals: int = 3):
    """The intermediate values of a few GRU steps, one row per quantity, one column per unit.

    ``steps``: a list of :func:`gru_lab.gru.gru_step_details` dicts (step 1, 2, ...). Rows:
    a_z, z, a_r, r, a_h, ĥ, h; columns: (step, unit). Returns an object that a notebook shows
    as an HTML table (its ``repr`` is a plain-text version).
    """
    keys = ("a_z", "z", "a_r", "r", "a_h", "h_tilde", "h")
    names = {k: LABELS.get("table_" + k, LABELS.get(k, k)) for k in keys}
    H = len(np.atleast_1d(steps[0]["h"]))
    head = "".join(f'<th colspan="{H}" style="text-align:center">'
                   f'{LABELS["step"].format(t=i + 1)}</th>' for i in range(len(steps)))
    sub = "".join(f"<th>{LABELS['unit_html'].format(j=j + 1)}</th>"
                  for _ in steps for j in range(H))
    rows, text = [], []
    for k in keys:
        vals = [float(v) for d in steps for v in np.atleast_1d(d[k])]
        cells = "".join(f'<td style="text-align:right">{v:.{decimals}f}</td>' for v in vals)
        rows.append(f"<tr><th>{names[k]}</th>{cells}</tr>")
        text.append(f"{k:>8} " + " ".join(f"{v:>8.{decimals}f}" for v in vals))
    html = (f'<table class="gru-step-table"><thead><tr><th rowspan="2">'
            f'{LABELS["quantity"]}</th>{head}</tr><tr>{sub}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')
    return _HTMLTable(html, "\n".join(text))
