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

#: Okabe–Ito colours (colour-blind safe) for the selected units' lines.
UNIT_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
               "#F0E442", "#000000")

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


def _fmt(v: float) -> str:
    return "—" if not np.isfinite(v) else f"{v:+.3f}"


class GateFigure:
    """A gate figure whose artists are kept and updated in place (chapter 2).

    ``trace``: a single-sequence :class:`gru_lab.GRUTrace` (z, r, ĥ, h of shape (T, H)) or a
    :class:`gru_lab.RNNTrace`. ``tokens``: T labels for the x axis (characters or words).
    ``units``: the units whose lines are drawn below the heatmaps (default: the first
    min(H, 4)). ``cursor``: the selected time step. ``keras_z``: show 1 − z (Keras's z).

    :meth:`update` changes any of these and redraws the same artists; ``fig`` is the
    matplotlib Figure (with an Agg canvas, so no pyplot window opens). With ``blit=True``
    (the live widget) the axes, ticks and colour bars are drawn once and kept as a background;
    a redraw only paints the images, lines, token labels, cursor and values over it.
    """

    def __init__(self, trace, tokens, *, units=None, cursor: int = 0, keras_z: bool = False,
                 figsize=None, dpi: int = 80, blit: bool = True, values: bool = True):
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
        # Steps the x axis has room for: with blit it only grows (in tens), so that typing
        # one more character does not redraw the axes.
        self.capacity = T
        if figsize is None:
            figsize = (max(6.0, min(12.0, 2.5 + 0.16 * T)), 8.0 if values else 7.0)
        self.fig = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.fig)  # drawn off-screen with Agg, whatever the backend
        self._background = None
        self._tokens_background = None
        self._stale_texts: list = []
        self._fresh_texts: list = []
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
            self.images[key] = self._mesh(ax, key, cmap, lo, hi)
            ax.set_ylim(H - 0.5, -0.5)  # unit 0 at the top
            self.cursor_lines[key] = ax.axvline(self.cursor, color="#d62728", lw=1.5,
                                                animated=anim)
            self.ylabels[key] = ax.text(-0.045, 0.5, self._panel_label(key), rotation=90,
                                        ha="right", va="center", fontsize=8,
                                        transform=ax.transAxes,
                                        animated=anim and key == "z")
            ax.tick_params(labelbottom=False, bottom=False, labelsize=7)
            self._blank_text[key] = ax.text(0.5, 0.5, LABELS["no_gates"], ha="center",
                                            va="center", transform=ax.transAxes, fontsize=9,
                                            visible=False, animated=anim)
            self.axes[key] = ax
        self._set_unit_ticks(H)
        from matplotlib.cm import ScalarMappable
        from matplotlib.colors import Normalize

        for key, rows in (("z", slice(0, 2)), ("h", slice(2, 4))):
            cax = self.fig.add_subplot(gs[rows, 1])
            _, cmap, (lo, hi) = next(g for g in GATES if g[0] == key)
            self.fig.colorbar(ScalarMappable(Normalize(lo, hi), cmap), cax=cax)
            cax.tick_params(labelsize=7)
        ax = self.fig.add_subplot(gs[4, 0], sharex=first)
        ax.set_ylim(-1.05, 1.4)  # headroom for the legend
        ax.set_yticks([-1, -0.5, 0, 0.5, 1])
        self.ylabels["lines"] = ax.text(-0.075, 0.5, "", rotation=90, ha="right",
                                        va="center", fontsize=8, transform=ax.transAxes,
                                        animated=anim)
        ax.axhline(0, color="0.8", lw=0.8)
        ax.set_xlabel(LABELS["time"], fontsize=8, labelpad=14)
        ax.tick_params(labelsize=7, labelbottom=False)
        self.axes["lines"] = ax
        self.cursor_lines["lines"] = ax.axvline(self.cursor, color="#d62728", lw=1.5,
                                                animated=anim)
        self.unit_lines: list = []
        self.token_texts: list = []
        self.cursor_token = ax.text(0, -0.03, "", transform=ax.get_xaxis_transform(),
                                    ha="center", va="top", fontsize=7, color="#d62728",
                                    fontweight="bold", animated=anim,
                                    bbox={"facecolor": "white", "edgecolor": "none",
                                          "pad": 0.5})
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

    def _mesh(self, ax, key, cmap, lo, hi):
        """The heatmap of one panel: a QuadMesh of H × T cells (fast to redraw)."""
        T, H = self._arrays["h"].shape
        return ax.pcolormesh(np.arange(T + 1) - 0.5, np.arange(H + 1) - 0.5,
                             np.ma.masked_invalid(self._arrays[key].T), cmap=cmap, vmin=lo,
                             vmax=hi, animated=self.blit)

    def _panel_label(self, key):
        if key == "z" and self.keras_z:
            return LABELS["z_keras"] + "\n" + LABELS["unit"]
        return LABELS[key] + "\n" + LABELS["unit"]

    def _set_unit_ticks(self, H):
        step = max(1, math.ceil(H / 8))
        for key, *_ in GATES:
            self.axes[key].set_yticks(range(0, H, step))

    def _set_xaxis(self):
        """x limits and tick marks for ``capacity`` steps (static: in the background)."""
        cap = self.capacity
        step = max(1, math.ceil(cap / _MAX_TICKS))
        ax = self.axes["lines"]
        ax.set_xticks(range(0, cap, step))
        ax.set_xlim(-0.5, cap - 0.5)

    def _set_token_texts(self, old_tokens=None):
        """One text per labelled step. When only some labels changed (a typed character) and
        the axis kept its size, only those texts are replaced and repainted (see draw)."""
        step = max(1, math.ceil(self.capacity / _MAX_TICKS))
        ax = self.axes["lines"]
        trans = ax.get_xaxis_transform()
        positions = range(0, len(self.tokens), step)

        def make(t):
            return ax.text(t, -0.03, display_token(self.tokens[t]), transform=trans,
                           ha="center", va="top", fontsize=7, animated=self.blit)

        if old_tokens is None or self._tokens_background is None:
            for txt in self.token_texts:
                txt.remove()
            self.token_texts = [make(t) for t in positions]
            self._tokens_background = None
            return
        old = {int(txt.get_position()[0]): txt for txt in self.token_texts}
        texts, changed = [], []
        for t in positions:
            txt = old.pop(t, None)
            if txt is not None and t < len(old_tokens) and old_tokens[t] == self.tokens[t]:
                texts.append(txt)
                continue
            if txt is not None:
                changed.append(txt)  # its old extent must be erased
            new = make(t)
            texts.append(new)
            changed.append(new)
        changed.extend(old.values())  # labels beyond the new end
        self._stale_texts += [t for t in changed if t not in texts and t not in self._stale_texts]
        self._fresh_texts += [t for t in changed if t in texts]
        self.token_texts = texts

    def _repaint_tokens(self):
        """Erase the changed token labels (from the first background) and paint the new ones,
        then keep the result as the second background."""
        canvas = self.fig.canvas
        renderer = canvas.get_renderer()
        from matplotlib.transforms import Bbox

        boxes = [t.get_window_extent(renderer) for t in self._stale_texts + self._fresh_texts]
        canvas.restore_region(self._tokens_background)
        if boxes:
            box = Bbox.union(boxes).expanded(1.0, 1.0).padded(2)
            x0, y0, x1, y1 = (int(v) for v in box.extents)
            top = int(self.fig.bbox.height)  # Agg regions count rows from the top
            canvas.restore_region(self._background,
                                  bbox=(x0, top - y1 - 1, x1 + 1, top - y0 + 1), xy=(0, 0))
            for txt in self.token_texts:
                if txt.get_window_extent(renderer).overlaps(box):
                    self.fig.draw_artist(txt)
        for txt in self._stale_texts:
            txt.remove()
        self._stale_texts, self._fresh_texts = [], []
        self._tokens_background = canvas.copy_from_bbox(self.fig.bbox)

    def _set_cursor_token(self):
        """The cursor's token, bold and red over its label (one animated text)."""
        t = self.cursor
        self.cursor_token.set_x(t)
        self.cursor_token.set_text(display_token(self.tokens[t]))

    def _make_unit_lines(self):
        ax = self.axes["lines"]
        for pair in self.unit_lines:
            for line in pair:
                line.remove()
        self.unit_lines = []
        t = np.arange(len(self.tokens))
        rnn = not np.isfinite(self._arrays["z"]).any()
        for k, j in enumerate(self.units):
            c = UNIT_COLORS[k % len(UNIT_COLORS)]
            (lh,) = ax.plot(t, self._arrays["h"][:, j], color=c, lw=1.5,
                            label=f"{LABELS['unit']} {j}", animated=self.blit)
            (lz,) = ax.plot(t, self._arrays["z"][:, j], color=c, lw=1.0, ls="--",
                            animated=self.blit)
            lz.set_visible(not rnn)
            self.unit_lines.append((lh, lz))
        self._set_lines_ylabel(rnn)
        if self.units:
            ax.legend(loc="upper left", fontsize=7, ncols=min(len(self.units), 4),
                      frameon=False)
        elif ax.get_legend() is not None:
            ax.get_legend().remove()

    def _set_lines_ylabel(self, rnn):
        key = ("lines_ylabel_rnn" if rnn else
               "lines_ylabel_keras" if self.keras_z else "lines_ylabel")
        self.ylabels["lines"].set_text(LABELS[key])
        self._tokens_background = None

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

    def _dynamic_artists(self):
        spines = [sp for key, *_ in GATES for sp in self.axes[key].spines.values()]
        return [*self.images.values(), *spines, *self._blank_text.values(),
                *(line for pair in self.unit_lines for line in pair),
                *self.cursor_lines.values(), self.cursor_token,
                *([self.value_text] if self.show_values else [])]

    # ---- the public update ----------------------------------------------------------------
    def values_at_cursor(self) -> dict[str, np.ndarray]:
        """The (H,) vectors z, r, ĥ, h at the cursor (z as shown: Keras's if ``keras_z``)."""
        return {k: v[self.cursor].copy() for k, v in self._arrays.items()}

    def draw(self):
        """Render into the Agg canvas.

        With ``blit`` two backgrounds are kept: the axes, ticks, labels and colour bars (drawn
        again only when the layout changes: capacity, H, units), and on top of it the token
        labels and the two labels that the Keras z switch changes (drawn again when those
        change). A redraw restores them and paints
        only the heatmaps, lines, cursor and values.
        """
        canvas = self.fig.canvas
        if not self.blit:
            canvas.draw()
            return self
        if self._background is None:
            canvas.draw()  # skips the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._tokens_background = None
        if self._tokens_background is None:
            canvas.restore_region(self._background)
            for txt in [*self.token_texts, self.ylabels["z"], self.ylabels["lines"]]:
                self.fig.draw_artist(txt)
            for txt in self._stale_texts:
                txt.remove()
            self._stale_texts, self._fresh_texts = [], []
            self._tokens_background = canvas.copy_from_bbox(self.fig.bbox)
        elif self._stale_texts or self._fresh_texts:
            self._repaint_tokens()
        else:
            canvas.restore_region(self._tokens_background)
        for artist in self._dynamic_artists():
            self.fig.draw_artist(artist)
        return self

    def update(self, trace=None, cursor: int | None = None, *, tokens=None, units=None,
               keras_z: bool | None = None, draw: bool = False):
        """Redraw in place: a new ``trace`` (with its ``tokens`` when T changes), ``cursor``,
        selected ``units`` or ``keras_z``. Heatmaps get ``set_array``, lines ``set_data``,
        cursor lines ``set_xdata``; a heatmap's cells are made anew only when T or H change,
        the unit lines when the units change. With ``draw=True`` the figure is rendered
        (:meth:`draw`). Returns ``self``.
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

        new_lines = False
        if flip:
            self.keras_z = kz
            if arrays is None:  # flip the stored z back and forth: 1 − (1 − z) = z
                self._arrays["z"] = 1.0 - self._arrays["z"]
            self.ylabels["z"].set_text(self._panel_label("z"))
            self._set_lines_ylabel(not np.isfinite(self._arrays["z"]).any())
            self._tokens_background = None
        if arrays is not None:
            was_rnn = not np.isfinite(self._arrays["z"]).any()
            self._arrays = arrays
            new_lines = was_rnn != (not np.isfinite(arrays["z"]).any())
        new_tokens = False
        old_tokens = self.tokens
        if checked is not None:
            new_tokens = checked != self.tokens
            self.tokens = checked
        if new_units is not None:
            new_lines = new_lines or new_units != self.units or old_H != H
            self.units = new_units
        if cursor is not None:
            self.cursor = int(cursor)
        self.cursor = int(np.clip(self.cursor, 0, T - 1))
        capacity = max(self.capacity, 10 * math.ceil(T / 10)) if self.blit else T
        if capacity != self.capacity:
            self.capacity = capacity
            self._set_xaxis()
            self._background = None
            new_tokens = True
        for key, cmap, (lo, hi) in GATES:
            if (old_T, old_H) == (T, H):
                self.images[key].set_array(np.ma.masked_invalid(self._arrays[key].T))
            else:  # a new grid of cells
                self.images[key].remove()
                self.images[key] = self._mesh(self.axes[key], key, cmap, lo, hi)
                self.axes[key].set_ylim(H - 0.5, -0.5)
        if old_H != H:
            self._set_unit_ticks(H)
            self._background = None
        if new_tokens:
            self._set_token_texts(None if self._background is None else old_tokens)
        self._set_cursor_token()
        if new_lines:
            self._make_unit_lines()
            self._background = None
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
        import io

        from PIL import Image

        self.draw()
        buf = io.BytesIO()
        Image.fromarray(np.asarray(self.fig.canvas.buffer_rgba())).save(
            buf, format="png", compress_level=1)
        return buf.getvalue()


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
