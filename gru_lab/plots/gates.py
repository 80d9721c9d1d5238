"""Heatmaps of the GRU's gates over time: the static figures and the live explorer's drawing.

Chapter 2 ("The GRU's gates") explains what is drawn: for every time step t (x axis, labelled
with the input tokens) and every unit j (y axis) the update gate z_t (eq. ``gru-z``), the reset
gate r_t (``gru-r``), the candidate ĥ_t (``gru-cand``) and the state h_t (``gru-h``). Below the
heatmaps, line plots follow a few selected units; a text line gives the exact values at the
time cursor.

Two entry points:

* :func:`plot_gate_trace` makes one finished figure (the book's static figures).
* :class:`GateFigure` keeps its artists and redraws in place with :meth:`GateFigure.update`
  (``set_data`` on the images, ``set_xdata`` on the cursor lines): the live widget
  :class:`gru_lab.widgets.GateExplorer` is built on it and never makes a new figure.

Colour maps are colour-blind safe: cividis for the gates (values in [0, 1]) and the diverging
PuOr for ĥ and h (values in [−1, 1]).

Every reader-facing word is in :data:`LABELS` (the Chinese edition translates that dict only).
"""

from __future__ import annotations

import math

import numpy as np

from ._common import LINE_COLOURS, MARKERS

__all__ = ["LABELS", "GATES", "GateFigure", "plot_gate_trace", "trace_arrays", "display_token"]

#: Reader-facing words of this module (translate here, nowhere else).
LABELS = {
    "z": "update gate z",
    "z_keras": "Keras z = 1 − z",
    "r": "reset gate r",
    "h_tilde": "candidate ĥ",
    "h": "state h",
    "unit": "unit",
    "time": "time step t (input token)",
    "lines_ylabel": "h (solid), z (dashed)",
    "lines_ylabel_keras": "h (solid), Keras z (dashed)",
    "lines_ylabel_rnn": "h",
    "cursor": "t = {t}  “{token}”",
    "values": "{unit} {j}: z={z} r={r} ĥ={h_tilde} h={h}",
    "no_gates": "a vanilla RNN has no gates",
    "gates_cbar": "gate value",
    "state_cbar": "value",
    "title": "GRU gates over time",
}

#: The four panels, top to bottom: (key, colour map, value range).
GATES = (
    ("z", "cividis", (0.0, 1.0)),
    ("r", "cividis", (0.0, 1.0)),
    ("h_tilde", "PuOr", (-1.0, 1.0)),
    ("h", "PuOr", (-1.0, 1.0)),
)

#: The selected units' lines: the book's palette (plots/_common.py, Okabe–Ito), one marker
#: per unit as well, so that the units differ in more than colour.
UNIT_COLORS = LINE_COLOURS
UNIT_MARKERS = MARKERS

_VISIBLE = {" ": "␣", "\n": "↵", "\t": "⇥", "": "∅"}
_MAX_TICKS = 60


def display_token(token: str) -> str:
    """A printable label for a token: a space becomes ␣, a newline ↵, a tab ⇥."""
    return _VISIBLE.get(token, token)


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


def _tick_format(v, _pos=None) -> str:
    """A colour bar's tick label: 1, 0.5, −0.5 (short, so that the bar's label fits)."""
    return f"{v:g}".replace("-", "\u2212")


def _fmt(v: float) -> str:
    return "—" if not np.isfinite(v) else f"{v:+.3f}"


_TOKEN_Y = -0.03  # token labels: just below the line plot (axes fraction)
#: Text styles of the labels the live figure pastes as sprites (see ``_raster.TextSprites``).
_STYLES = {
    "token": {"ha": "center", "va": "top", "fontsize": 7},
    "cursor": {"ha": "center", "va": "top", "fontsize": 7, "color": "#d62728",
               "fontweight": "bold", "bbox": {"facecolor": "white", "edgecolor": "none",
                                              "pad": 0.5}},
    "ylabel": {"rotation": 90, "ha": "right", "va": "center", "fontsize": 8},
    "legend": {"ha": "left", "va": "center", "fontsize": 7},
}
# The unit lines' legend, in axes fractions of the line plot: first entry, spacing, handle.
_LEGEND_X0, _LEGEND_Y0, _LEGEND_DX, _LEGEND_DY, _LEGEND_HANDLE = 0.01, 0.92, 0.12, 0.1, 0.035
# The live figure's layers, bottom up (see GateFigure.draw); a change makes its layer and
# every layer above it stale.
_AXES, _LEGEND, _LABELS, _DATA, _FRESH = range(5)


class GateFigure:
    """A gate figure whose artists are kept and updated in place (chapter 2).

    ``trace``: a single-sequence :class:`gru_lab.GRUTrace` (z, r, ĥ, h of shape (T, H)) or a
    :class:`gru_lab.RNNTrace`. ``tokens``: T labels for the x axis (characters or words).
    ``units``: the units whose lines are drawn below the heatmaps (default: the first
    min(H, 4)). ``cursor``: the selected time step. ``keras_z``: show 1 − z (Keras's z).
    ``capacity``: room on the time axis for at least this many steps (default T).

    :meth:`update` changes any of these and redraws the same artists; ``fig`` is the
    matplotlib Figure (with an Agg canvas, so no pyplot window opens). With ``blit=True``
    (the live widget) the picture is kept in four layers, each redrawn only when something
    in it changes (see :meth:`draw`), and the token labels are pasted as cached bitmaps.
    """

    def __init__(self, trace, tokens, *, units=None, cursor: int = 0, keras_z: bool = False,
                 figsize=None, dpi: int = 80, blit: bool = True, values: bool = True,
                 capacity: int | None = None):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.keras_z = bool(keras_z)
        self.blit = bool(blit)
        self.show_values = bool(values)
        self._arrays = trace_arrays(trace, keras_z=self.keras_z)
        T, H = self._arrays["h"].shape
        self.tokens = self._check_tokens(tokens, T)
        self.units = self._check_units(units, H)
        self.cursor = int(np.clip(cursor, 0, T - 1))
        # Steps the x axis (and each heatmap's grid) has room for: with blit it only grows,
        # in tens, so that typing one more character changes no axis and no grid.
        self.capacity = max(T, int(capacity or 0))
        if figsize is None:
            figsize = (max(6.0, min(12.0, 2.5 + 0.16 * self.capacity)), 8.0 if values else 7.0)
        self.fig = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.fig)  # drawn off-screen with Agg, whatever the backend
        self._sprites = None
        if self.blit:
            from ._raster import TextSprites

            self._sprites = TextSprites(dpi, _STYLES)
        self._layers: dict[int, object] = {}
        self._stale = _AXES
        gs = self.fig.add_gridspec(6, 2, width_ratios=[50, 1], height_ratios=[1, 1, 1, 1, 1.3,
                                                                                1.0 if values
                                                                                else 0.3],
                                   hspace=0.12, wspace=0.02, left=0.11, right=0.93, top=0.97,
                                   bottom=0.02)
        self.axes = {}
        self.ylabels = {}
        self.images = {}
        self.cursor_lines = {}
        self._blank_text = {}
        first = None
        anim = self.blit
        for i, (key, cmap, (lo, hi)) in enumerate(GATES):
            ax = self.fig.add_subplot(gs[i, 0], sharex=first)
            first = first or ax
            self.axes[key] = ax
            self.images[key] = self._mesh(key, cmap, lo, hi)
            ax.set_ylim(H - 0.5, -0.5)  # unit 0 at the top
            self.cursor_lines[key] = ax.axvline(self.cursor, color="#d62728", lw=1.5,
                                                animated=anim)
            self.ylabels[key] = ax.text(-0.045, 0.5, self._panel_label(key),
                                        transform=ax.transAxes, animated=anim and key == "z",
                                        **_STYLES["ylabel"])
            ax.tick_params(labelbottom=False, bottom=False, labelsize=7)
            self._blank_text[key] = ax.text(0.5, 0.5, LABELS["no_gates"], ha="center",
                                            va="center", transform=ax.transAxes, fontsize=9,
                                            visible=False, animated=anim)
        self._set_unit_ticks(H)
        from matplotlib.cm import ScalarMappable
        from matplotlib.colors import Normalize

        for key, rows in (("z", slice(0, 2)), ("h", slice(2, 4))):
            cax = self.fig.add_subplot(gs[rows, 1])
            _, cmap, (lo, hi) = next(g for g in GATES if g[0] == key)
            cbar = self.fig.colorbar(ScalarMappable(Normalize(lo, hi), cmap), cax=cax,
                                     ticks=np.linspace(lo, hi, 5), format=_tick_format)
            cbar.set_label(LABELS["gates_cbar" if key == "z" else "state_cbar"], fontsize=7)
            cax.tick_params(labelsize=7)
        ax = self.fig.add_subplot(gs[4, 0], sharex=first)
        ax.set_ylim(-1.05, 1.4)  # headroom for the legend
        ax.set_yticks([-1, -0.5, 0, 0.5, 1])
        self.ylabels["lines"] = ax.text(-0.075, 0.5, "", transform=ax.transAxes,
                                        animated=anim, **_STYLES["ylabel"])
        ax.axhline(0, color="0.8", lw=0.8)
        ax.set_xlabel(LABELS["time"], fontsize=8, labelpad=14)
        ax.tick_params(labelsize=7, labelbottom=False)
        self.axes["lines"] = ax
        # zorder 3: over the unit lines, as the live figure paints it (its top layer)
        self.cursor_lines["lines"] = ax.axvline(self.cursor, color="#d62728", lw=1.5,
                                                zorder=3, animated=anim)
        self.unit_lines: list = []  # (h line, z line) per selected unit
        self.legend_handles: list = []
        self.legend_texts: list = []
        self.token_texts: list = []  # Text artists of the labels (static figures only)
        self.cursor_token = ax.text(0, _TOKEN_Y, "", transform=ax.get_xaxis_transform(),
                                    animated=anim, **_STYLES["cursor"])
        self._make_unit_lines()
        ax_text = self.fig.add_subplot(gs[5, :])
        ax_text.set_axis_off()
        self.axes["text"] = ax_text
        self.value_text = ax_text.text(0.0, 0.62, "", va="top", ha="left", family="monospace",
                                       fontsize=8, transform=ax_text.transAxes, animated=anim)
        self._set_xaxis()
        self._set_token_texts()
        self._set_cursor_token()
        self._refresh_blank()
        self._refresh_values()

    # ---- helpers --------------------------------------------------------------------------
    @staticmethod
    def _check_tokens(tokens, T):
        tokens = [str(t) for t in tokens]
        if len(tokens) != T:
            raise ValueError(f"tokens must hold one label per time step: T = {T} labels; got "
                             f"{len(tokens)}.")
        return tokens

    @staticmethod
    def _check_units(units, H):
        if units is None:
            return list(range(min(H, 4)))
        units = [int(u) for u in units]
        bad = [u for u in units if not 0 <= u < H]
        if bad:
            raise ValueError(f"units must lie in [0, {H}) (H = {H} units); got {bad}.")
        return units

    def _cells(self, key):
        """The (H, capacity) masked cells of one panel: steps past T are blank."""
        a = self._arrays[key]
        T, H = a.shape
        cells = np.full((H, self.capacity), np.nan)
        cells[:, :T] = a.T
        return np.ma.masked_invalid(cells)

    def _mesh(self, key, cmap, lo, hi):
        """The heatmap of one panel: a QuadMesh of H × capacity cells (fast to redraw)."""
        H = self._arrays["h"].shape[1]
        return self.axes[key].pcolormesh(np.arange(self.capacity + 1) - 0.5,
                                         np.arange(H + 1) - 0.5, self._cells(key), cmap=cmap,
                                         vmin=lo, vmax=hi, animated=self.blit)

    def _panel_label(self, key):
        if key == "z" and self.keras_z:
            return LABELS["z_keras"] + "\n" + LABELS["unit"]
        return LABELS[key] + "\n" + LABELS["unit"]

    def _set_unit_ticks(self, H):
        step = max(1, math.ceil(H / 8))
        for key, *_ in GATES:
            self.axes[key].set_yticks(range(0, H, step))

    def _set_xaxis(self):
        """x limits and tick marks for ``capacity`` steps."""
        cap = self.capacity
        step = max(1, math.ceil(cap / _MAX_TICKS))
        ax = self.axes["lines"]
        ax.set_xticks(range(0, cap, step))
        ax.set_xlim(-0.5, cap - 0.5)

    def _token_steps(self):
        """The labelled steps: all of them, or every k-th when there are more than 60."""
        step = max(1, math.ceil(self.capacity / _MAX_TICKS))
        return range(0, len(self.tokens), step)

    @property
    def token_labels(self) -> list[str]:
        """The labels shown under the time axis (␣ for a space, see :func:`display_token`)."""
        return [display_token(self.tokens[t]) for t in self._token_steps()]

    def _set_token_texts(self):
        """Static figures: one Text per labelled step (the live figure pastes sprites)."""
        for txt in self.token_texts:
            txt.remove()
        self.token_texts = []
        if self.blit:
            return
        ax = self.axes["lines"]
        trans = ax.get_xaxis_transform()
        self.token_texts = [ax.text(t, _TOKEN_Y, display_token(self.tokens[t]),
                                    transform=trans, **_STYLES["token"])
                            for t in self._token_steps()]

    def _set_cursor_token(self):
        """The cursor's token, bold and red over its label."""
        t = self.cursor
        self.cursor_token.set_x(t)
        self.cursor_token.set_text(display_token(self.tokens[t]))

    def _make_unit_lines(self):
        """One solid (h) and one dashed (z) line per selected unit, and the legend. Each unit
        has its own colour and marker (filled on h, open on z). Lines are reused when the
        selection changes (making a Line2D costs about 1 ms)."""
        ax = self.axes["lines"]
        while len(self.unit_lines) > len(self.units):
            for artist in (*self.unit_lines.pop(), self.legend_texts.pop(),
                           self.legend_handles.pop()):
                artist.remove()
        while len(self.unit_lines) < len(self.units):
            k = len(self.unit_lines)
            (lh,) = ax.plot([], [], lw=1.5, animated=self.blit)
            (lz,) = ax.plot([], [], lw=1.0, ls="--", animated=self.blit)
            self.unit_lines.append((lh, lz))
            # the legend: a short solid line and "unit j", four entries a row, upper left
            x, y = _LEGEND_X0 + _LEGEND_DX * (k % 4), _LEGEND_Y0 - _LEGEND_DY * (k // 4)
            (handle,) = ax.plot([x, x + _LEGEND_HANDLE / 2, x + _LEGEND_HANDLE], [y, y, y],
                                lw=1.5, ms=4, markevery=[1], transform=ax.transAxes,
                                animated=self.blit)
            self.legend_handles.append(handle)
            self.legend_texts.append(ax.text(x + _LEGEND_HANDLE + 0.008, y, "",
                                             transform=ax.transAxes, animated=self.blit,
                                             **_STYLES["legend"]))
        T = len(self.tokens)
        rnn = not np.isfinite(self._arrays["z"]).any()
        every = max(1, math.ceil(T / 40))  # at most about 40 markers a line
        for k, ((lh, lz), j) in enumerate(zip(self.unit_lines, self.units, strict=True)):
            c = UNIT_COLORS[k % len(UNIT_COLORS)]
            m = UNIT_MARKERS[k % len(UNIT_MARKERS)]
            lh.set_data(np.arange(T), self._arrays["h"][:, j])
            lz.set_data(np.arange(T), self._arrays["z"][:, j])
            for line, face in ((lh, c), (lz, "none")):
                line.set(color=c, marker=m, markersize=3.5, markevery=every,
                         markerfacecolor=face)
            lz.set_visible(not rnn)
            self.legend_handles[k].set(color=c, marker=m)
            self.legend_texts[k].set_text(f"{LABELS['unit']} {j}")
        self._set_lines_ylabel(rnn)

    def _set_lines_ylabel(self, rnn):
        key = ("lines_ylabel_rnn" if rnn else
               "lines_ylabel_keras" if self.keras_z else "lines_ylabel")
        self.ylabels["lines"].set_text(LABELS[key])

    def _refresh_blank(self):
        for key, *_ in GATES:
            self._blank_text[key].set_visible(not np.isfinite(self._arrays[key]).any())

    def _refresh_values(self):
        if not self.show_values:
            return
        t = self.cursor
        a = self._arrays
        lines = [LABELS["cursor"].format(t=t, token=display_token(self.tokens[t]))]
        for j in self.units:
            lines.append(LABELS["values"].format(
                unit=LABELS["unit"], j=j, **{k: _fmt(a[k][t, j]) for k in a}))
        self.value_text.set_text("\n".join(lines[:5]))

    def _mark_stale(self, layer: int):
        self._stale = min(self._stale, layer)

    # ---- the public update ----------------------------------------------------------------
    def values_at_cursor(self) -> dict[str, np.ndarray]:
        """The (H,) vectors z, r, ĥ, h at the cursor (z as shown: Keras's if ``keras_z``)."""
        return {k: v[self.cursor].copy() for k, v in self._arrays.items()}

    def _paste_text(self, buffer, style, txt):
        """Paste a Text artist's label as a sprite at its anchor."""
        x, y = txt.get_transform().transform(txt.get_position())
        self._sprites.paste(buffer, style, txt.get_text(), x, y)

    def _draw_legend(self):
        """Layer 2: the legend of the unit lines (short lines, and labels pasted)."""
        buffer = np.asarray(self.fig.canvas.buffer_rgba())
        for handle, txt in zip(self.legend_handles, self.legend_texts, strict=True):
            self.fig.draw_artist(handle)
            self._paste_text(buffer, "legend", txt)

    def _draw_labels(self):
        """Layer 3: the token labels and the two labels the Keras z switch changes."""
        buffer = np.asarray(self.fig.canvas.buffer_rgba())
        steps = np.fromiter(self._token_steps(), dtype=float)
        trans = self.axes["lines"].get_xaxis_transform()
        anchors = trans.transform(np.column_stack([steps, np.full(steps.shape, _TOKEN_Y)]))
        for label, (x, y) in zip(self.token_labels, anchors, strict=True):
            self._sprites.paste(buffer, "token", label, x, y)
        for key in ("z", "lines"):
            self._paste_text(buffer, "ylabel", self.ylabels[key])

    def _draw_data(self):
        """Layer 4: the heatmaps (with their frames on top), the unit lines, the RNN's note."""
        spines = [sp for key, *_ in GATES for sp in self.axes[key].spines.values()]
        for artist in [*self.images.values(), *spines, *self._blank_text.values(),
                       *(line for pair in self.unit_lines for line in pair)]:
            self.fig.draw_artist(artist)

    def draw(self):
        """Render into the Agg canvas.

        With ``blit`` the picture is built in layers, and each is kept as a saved region:

        1. axes, ticks, colour bars and fixed labels (redrawn when the layout changes: the
           x capacity, H);
        2. the legend (when the units change);
        3. the token labels and the labels of the z panel and the line plot (when the tokens
           or the Keras z view change);
        4. the heatmaps and unit lines (when the trace changes).

        On top, every redraw paints only the cursor lines, the cursor's token and the values.
        A change restores the highest layer it left valid and repaints from there: moving the
        cursor redraws almost nothing, and a new input redraws no axis.
        """
        canvas = self.fig.canvas
        if not self.blit:
            canvas.draw()
            self._stale = _FRESH
            return self
        start = self._stale
        if start == _AXES:
            canvas.draw()  # skips the animated artists
            self._layers[_AXES] = canvas.copy_from_bbox(self.fig.bbox)
            start = _LEGEND
        else:
            canvas.restore_region(self._layers[start - 1])
        painters = {_LEGEND: self._draw_legend, _LABELS: self._draw_labels,
                    _DATA: self._draw_data}
        for layer in range(start, _FRESH):
            painters[layer]()
            self._layers[layer] = canvas.copy_from_bbox(self.fig.bbox)
        self._stale = _FRESH
        for line in self.cursor_lines.values():
            self.fig.draw_artist(line)
        self._paste_text(np.asarray(canvas.buffer_rgba()), "cursor", self.cursor_token)
        if self.show_values:
            self.fig.draw_artist(self.value_text)
        return self

    def update(self, trace=None, cursor: int | None = None, *, tokens=None, units=None,
               keras_z: bool | None = None, draw: bool = False):
        """Redraw in place: a new ``trace`` (with its ``tokens`` when T changes), ``cursor``,
        selected ``units`` or ``keras_z``. Heatmaps get ``set_array``, lines ``set_data``,
        cursor lines ``set_xdata``; a heatmap's cells are made anew only when H or the x
        capacity change, the unit lines when the units change. With ``draw=True`` the figure
        is rendered (:meth:`draw`). Returns ``self``.
        """
        # Check everything first, so that a bad call leaves the figure as it was.
        old_T, old_H = self._arrays["h"].shape
        flip = keras_z is not None and bool(keras_z) != self.keras_z
        kz = bool(keras_z) if flip else self.keras_z
        arrays = trace_arrays(trace, keras_z=kz) if trace is not None else None
        T, H = (arrays or self._arrays)["h"].shape
        checked = None
        if tokens is not None or old_T != T:
            if tokens is None:
                raise ValueError(f"the new trace has T = {T} steps but no tokens were given; "
                                 f"pass tokens= with {T} labels.")
            checked = self._check_tokens(tokens, T)
        new_units = None
        if units is not None or old_H != H:
            new_units = self._check_units(units if units is not None else
                                          [u for u in self.units if u < H], H)

        was_rnn = not np.isfinite(self._arrays["z"]).any()
        if flip:
            self.keras_z = kz
            if arrays is None:  # flip the stored z back and forth: 1 − (1 − z) = z
                self._arrays["z"] = 1.0 - self._arrays["z"]
            self.ylabels["z"].set_text(self._panel_label("z"))
            self._mark_stale(_LABELS)
        if arrays is not None:
            self._arrays = arrays
        rnn = not np.isfinite(self._arrays["z"]).any()
        if flip or arrays is not None:
            self._set_lines_ylabel(rnn)
            self._mark_stale(_LABELS if rnn != was_rnn else _DATA)
        if checked is not None and checked != self.tokens:
            self.tokens = checked
            self._mark_stale(_LABELS)
        new_lines = rnn != was_rnn
        if new_units is not None and (new_units != self.units or old_H != H):
            self.units = new_units
            new_lines = True
        if cursor is not None:
            self.cursor = int(cursor)
        self.cursor = int(np.clip(self.cursor, 0, T - 1))
        capacity = max(self.capacity, 10 * math.ceil(T / 10)) if self.blit else T
        new_grid = capacity != self.capacity or old_H != H
        if capacity != self.capacity:
            self.capacity = capacity
            self._set_xaxis()
            self._mark_stale(_AXES)
        for key, cmap, (lo, hi) in GATES:
            if new_grid:
                self.images[key].remove()
                self.images[key] = self._mesh(key, cmap, lo, hi)
                self.axes[key].set_ylim(H - 0.5, -0.5)
            else:
                self.images[key].set_array(self._cells(key))
        if old_H != H:
            self._set_unit_ticks(H)
            self._mark_stale(_AXES)
        if self._stale <= _LABELS:
            self._set_token_texts()
        self._set_cursor_token()
        if new_lines:
            self._make_unit_lines()
            self._mark_stale(_LEGEND)
        else:
            t = np.arange(T)
            for (lh, lz), j in zip(self.unit_lines, self.units, strict=True):
                lh.set_data(t, self._arrays["h"][:, j])
                lz.set_data(t, self._arrays["z"][:, j])
        for line in self.cursor_lines.values():
            line.set_xdata([self.cursor, self.cursor])
        self._refresh_blank()
        self._refresh_values()
        if draw:
            self.draw()
        return self

    def to_png(self) -> bytes:
        """The figure as PNG bytes (drawn first)."""
        from ._raster import png_bytes

        self.draw()
        return png_bytes(np.asarray(self.fig.canvas.buffer_rgba()))


def plot_gate_trace(trace, tokens, *, units=None, cursor: int | None = None,
                    keras_z: bool = False, title: str | None = None, figsize=None,
                    dpi: int = 100):
    """The book's static gate figure: heatmaps of z, r, ĥ, h (T steps × H units) and lines.

    ``trace``: :func:`gru_lab.gru_forward` of one sequence (z, r, ĥ, h of shape (T, H)), or
    :func:`gru_lab.rnn_forward`'s trace. ``tokens``: T x-axis labels. ``units``: units drawn
    as lines. ``cursor``: a time step to mark (default: the last). ``keras_z``: draw 1 − z.
    Returns a matplotlib ``Figure`` (chapter 2 reads it; the page gives it alt text).
    """
    T = np.asarray(trace.h).shape[0]
    g = GateFigure(trace, tokens, units=units, cursor=T - 1 if cursor is None else cursor,
                   keras_z=keras_z, figsize=figsize, dpi=dpi, blit=False)
    if title is not None:
        g.fig.suptitle(title, fontsize=10)
    return g.fig
