"""The recurrent cells drawn as circuits: the vanilla RNN of chapter 1 and the GRU of chapter 2.

* :func:`rnn_cell`: the vanilla RNN cell, equation (rnn-step): one tanh box;
* :func:`gru_cell`: the GRU cell in three steps, each adding one piece: ``"a"`` the update
  and reset gates, ``"b"`` the candidate with the reset applied (``reset="before"`` or
  ``"after"`` the product with U_h), ``"c"`` the update that mixes h_{t−1} and ĥ_t;
* :func:`gru_cell_frame`: the whole GRU cell for one unit at one real step, every gated path
  drawn as wide and as dark as the gate value that scales it, with the values written beside;
* :func:`as_svg`: a figure as vector SVG for the page (the book shows these diagrams as SVG).

Both cells share one layout, so chapter 1's cell is chapter 2's without its gates: the state
line along the top (h_{t−1} in on the left, h_t out on the right), x_t and h_{t−1} on two
lines along the bottom feeding the boxes from below. Every arrow carries the symbol of what it
carries and every box or node the number of the equation it computes. There are no words in
the figures (a translated edition reuses them): every label, symbol and equation number is in
the one table ``LABELS``, and the words go in the chapter's captions.

Colours: the book's Okabe–Ito set (``_common.LINE_COLOURS``): the update gate z blue, the
reset gate r vermilion, the candidate ĥ green, the state and the input black. Pieces added in
an earlier step are drawn faded, so each step shows what it adds.
"""

from __future__ import annotations

import numpy as np

from ..i18n import Messages
from ._common import LINE_COLOURS

__all__ = ["LABELS", "STEPS", "RESETS", "EQUATIONS", "FRAME_VALUES", "rnn_cell", "gru_cell",
           "gru_cell_resets", "gru_cell_frame", "as_svg", "SVGFigure"]

#: Every string drawn in the figures: symbols, operators and the chapters' equation numbers.
#: ``eq:<label>`` is the number the built page gives equation ``<label>``
#: (``tests/test_plots_cell.py`` checks them against the chapters' sources and built pages).
LABELS = {
    "x": "$x_t$",
    "h_prev": "$h_{t-1}$",
    "h": "$h_t$",
    "z": "$z_t$",
    "r": "$r_t$",
    "h_tilde": r"$\hat h_t$",
    "one_minus_z": "$1-z_t$",
    "reset_state": r"$r_t \odot h_{t-1}$",
    "reset_product": r"$r_t \odot (h_{t-1} U_h + c_h)$",
    "keep": r"$(1-z_t) \odot h_{t-1}$",
    "write": r"$z_t \odot \hat h_t$",
    "U_h": "$U_h$",
    "U_h_c_h": "$U_h, c_h$",
    "sigma": r"$\sigma$",
    "tanh": "tanh",
    "odot": r"$\odot$",
    "plus": "$+$",
    "one_minus": "$1-$",
    "value": "{symbol} = {value:.3f}",
    "unknown": "{symbol} = ?",
    "eq:rnn-step": "(1.1)",
    "eq:gru-z": "(2.1)",
    "eq:gru-r": "(2.2)",
    "eq:gru-cand": "(2.3)",
    "eq:gru-h": "(2.4)",
    "eq:gru-cand-after": "(2.7)",
}

#: Equation label → the chapter page that numbers it (the test reads these pages).
EQUATIONS = {
    "rnn-step": "book/01_rnn",
    "gru-z": "book/02_gru_gates",
    "gru-r": "book/02_gru_gates",
    "gru-cand": "book/02_gru_gates",
    "gru-h": "book/02_gru_gates",
    "gru-cand-after": "book/02_gru_gates",
}

STEPS = ("a", "b", "c")
RESETS = ("before", "after")

MESSAGES = Messages(en={
    "step": "step must be one of {steps} (a: the gates, b: the candidate, c: the update); "
            "got {got!r}.",
    "reset": "reset must be 'before' (equation gru-cand) or 'after' (equation "
             "gru-cand-after) the product with U_h; got {got!r}.",
    "unit": "unit must be an integer in [0, H) = [0, {H}) (units counted from 0, as in the "
            "code); got {got!r}.",
    "hide": "hide may name only {names}; got {got!r}.",
    "figure": "as_svg needs a matplotlib Figure; got {got}.",
}, zh={
    "step": "step 必须是 {steps} 之一（a：两个门，b：候选隐状态，c：更新）；实际为 {got!r}。",
    "reset": "reset 必须是 'before'（公式 gru-cand）或 'after'（公式 gru-cand-after），"
             "即在与 U_h 相乘之前或之后重置；实际为 {got!r}。",
    "unit": "unit 必须是 [0, H) = [0, {H}) 中的整数（单元从 0 开始计数，与代码一致）；"
            "实际为 {got!r}。",
    "hide": "hide 只能包含 {names}；实际为 {got!r}。",
    "figure": "as_svg 需要一个 matplotlib Figure；实际为 {got}。",
})

_BLUE, _ORANGE, _GREEN, _PINK, _SKY, _VERMILION, _BLACK = LINE_COLOURS
COLOURS = {"z": _BLUE, "r": _VERMILION, "h_tilde": _GREEN, "state": _BLACK, "x": _BLACK}
_FACE = {"z": "#e6f1f8", "r": "#f9e9df", "h_tilde": "#e0f3ee", "state": "white"}
_EQ_COLOUR = "#555555"   # equation numbers: dark grey, 7.5:1 on white
_FADED = 0.3             # opacity of the pieces added in an earlier step

# ---------------------------------------------------------------- the layout (data units)
_Y_STATE, _Y_Z, _Y_GATE, _Y_HBUS, _Y_XBUS = 6.0, 4.6, 3.2, 1.6, 0.7
_X_HDROP = 1.0                   # where h_{t−1} leaves the state line for the boxes
_X = {"z": 2.6, "r": 4.65, "reset": 6.1, "U_h": 7.35, "tanh": 8.75, "keep": 6.9,
      "write": 10.2, "plus": 10.2, "out": 12.2}
_BOX = 0.45                      # half the side of a box
_NODE = 0.27                     # radius of an elementwise node
_XMAX, _YMIN, _YMAX = 12.9, 0.0, 6.9


class _Painter:
    """Draws boxes, nodes and arrows on one axes; ``alpha`` fades earlier steps."""

    def __init__(self, ax, fontsize=13.0):
        self.ax, self.fs = ax, fontsize

    def box(self, xy, text, eq, colour, face, alpha=1.0, half=_BOX, eq_side="left",
            half_w=None):
        from matplotlib.patches import FancyBboxPatch

        x, y = xy
        hw = half if half_w is None else half_w
        self.ax.add_patch(FancyBboxPatch((x - hw, y - half), 2 * hw, 2 * half,
                                         boxstyle="round,pad=0.02,rounding_size=0.12",
                                         fc=face, ec=colour, lw=1.8, alpha=alpha, zorder=3))
        self.ax.text(x, y, text, ha="center", va="center", fontsize=self.fs + 1, alpha=alpha,
                     zorder=4)
        self.eq(xy, eq, alpha, side=eq_side, offset=hw if eq_side in ("left", "right") else half)

    def node(self, xy, text, eq, colour, alpha=1.0, eq_side="right", radius=_NODE, size=-1.0):
        from matplotlib.patches import Circle

        self.ax.add_patch(Circle(xy, radius, fc="white", ec=colour, lw=1.6, alpha=alpha,
                                 zorder=3))
        self.ax.text(xy[0], xy[1], text, ha="center", va="center", fontsize=self.fs + size,
                     alpha=alpha, zorder=4)
        self.eq(xy, eq, alpha, side=eq_side, offset=radius)

    def eq(self, xy, eq, alpha, side, offset):
        if not eq:
            return
        x, y = xy
        dx, dy, ha, va = {"below": (0, -offset - 0.12, "center", "top"),
                          "above": (0, offset + 0.12, "center", "bottom"),
                          "right": (offset + 0.1, 0, "left", "center"),
                          "left": (-offset - 0.1, 0, "right", "center"),
                          "below right": (0.6 * offset, -offset - 0.08, "left", "top")}[side]
        self.ax.text(x + dx, y + dy, eq, ha=ha, va=va, fontsize=self.fs - 2.5,
                     color=_EQ_COLOUR, alpha=alpha, zorder=4)

    def path(self, points, colour, alpha=1.0, lw=1.6, head=True, zorder=2, halo=False):
        """An arrow along the polyline ``points`` (head at the last point)."""
        import matplotlib.patheffects as pe
        from matplotlib.patches import FancyArrowPatch
        from matplotlib.path import Path

        pts = np.asarray(points, dtype=float)
        codes = [Path.MOVETO] + [Path.LINETO] * (len(pts) - 1)
        effects = [pe.Stroke(linewidth=lw + 4, foreground="white"), pe.Normal()] if halo else []
        self.ax.add_patch(FancyArrowPatch(path=Path(pts, codes),
                                          arrowstyle="-|>" if head else "-",
                                          mutation_scale=10 + 2 * lw, lw=lw, color=colour,
                                          alpha=alpha, zorder=zorder, joinstyle="miter",
                                          shrinkA=0, shrinkB=0, path_effects=effects))

    def label(self, xy, text, colour="black", alpha=1.0, ha="center", va="center", size=0.0):
        self.ax.text(xy[0], xy[1], text, ha=ha, va=va, fontsize=self.fs + size, color=colour,
                     alpha=alpha, zorder=5,
                     bbox={"boxstyle": "round,pad=0.08", "fc": "white", "ec": "none",
                           "alpha": 0.85 * alpha})

    def dot(self, xy, colour, alpha=1.0):
        self.ax.plot(*xy, "o", ms=4, color=colour, alpha=alpha, zorder=4)


def _new_axes(ax, width):
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(width, width * (_YMAX - _YMIN + 0.2) / (_XMAX + 0.9)))
        fig.subplots_adjust(0.005, 0.005, 0.995, 0.995)
    return ax.figure, ax


def _finish(ax):
    ax.set_xlim(-0.9, _XMAX)
    ax.set_ylim(_YMIN - 0.1, _YMAX + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")


def _inputs(p: _Painter, x_end, h_end, alpha=1.0):
    """x_t along the bottom line; h_{t−1} into the state line and down to the box line."""
    k = COLOURS["state"]
    p.label((-0.45, _Y_XBUS), LABELS["x"], alpha=alpha)
    p.path([(-0.05, _Y_XBUS), (x_end, _Y_XBUS)], k, alpha, head=False)
    p.label((-0.45, _Y_STATE), LABELS["h_prev"], alpha=alpha)
    p.path([(-0.05, _Y_STATE), (_X_HDROP, _Y_STATE)], k, alpha, head=False)
    p.path([(_X_HDROP, _Y_STATE), (_X_HDROP, _Y_HBUS), (h_end, _Y_HBUS)], k, alpha, head=False)
    p.dot((_X_HDROP, _Y_STATE), k, alpha)


def _feed(p: _Painter, x, alpha=1.0, h=True):
    """Two arrows up into the box at ``x``: h_{t−1} (left) and x_t (right, over the h line)."""
    k = COLOURS["state"]
    top = _Y_GATE - _BOX
    if h:
        p.path([(x - 0.18, _Y_HBUS), (x - 0.18, top)], k, alpha)
        p.dot((x - 0.18, _Y_HBUS), k, alpha)
    p.path([(x + 0.18, _Y_XBUS), (x + 0.18, top)], k, alpha, halo=h)
    p.dot((x + 0.18, _Y_XBUS), k, alpha)


def rnn_cell(*, ax=None, width=6.4, fontsize=13.0):
    """The vanilla RNN cell of chapter 1, h_t = tanh(x_t W + h_{t−1} U + b) (rnn-step), drawn
    as :func:`gru_cell` draws the GRU: h_{t−1} and x_t enter one tanh box, whose output is the
    new state. There is no path from h_{t−1} to h_t that does not go through tanh: the GRU's
    update gate adds one. Returns the ``Figure``."""
    fig, ax = _new_axes(ax, width)
    p = _Painter(ax, fontsize)
    k = COLOURS["state"]
    x_box = _X["tanh"]
    _inputs(p, x_box + 0.18, x_box - 0.18)
    _feed(p, x_box)
    p.box((x_box, _Y_GATE), LABELS["tanh"], LABELS["eq:rnn-step"], k, _FACE["state"],
          eq_side="left", half_w=0.55)
    p.path([(x_box, _Y_GATE + _BOX), (x_box, _Y_STATE), (_X["out"] - 0.3, _Y_STATE)], k)
    p.label((_X["out"] + 0.1, _Y_STATE), LABELS["h"])
    _finish(ax)
    return fig


def _check_choice(value, allowed, key):
    if value not in allowed:
        raise ValueError(MESSAGES[key].format(steps=allowed, got=value))


def gru_cell(step="c", *, reset="before", ax=None, width=6.4, fontsize=13.0, shade=None,
             hide=()):
    """The GRU cell of chapter 2 up to ``step``, each step adding one piece in colour:

    * ``"a"``: x_t and h_{t−1} into the update gate (σ, equation gru-z) and the reset gate
      (σ, gru-r), giving z_t and r_t;
    * ``"b"``: the candidate ĥ_t (tanh, gru-cand) with the reset applied: ``reset="before"``
      multiplies h_{t−1} by r_t and then by U_h (this book, Cho et al. 2014);
      ``reset="after"`` multiplies by U_h (and adds c_h) first and then by r_t (gru-cand-after;
      Keras's default, cuDNN, PyTorch);
    * ``"c"``: the update (gru-h): 1 − z_t times h_{t−1} along the state line plus z_t times
      ĥ_t gives h_t.

    ``shade``: ``None``, or ``{name: value}`` with values in [0, 1] for "z", "r" and
    "one_minus_z" (used by :func:`gru_cell_frame`); each gated path is then drawn as wide and as
    dark as its gate value. ``hide``: the labels to leave out (used by the frame). Returns the
    ``Figure``.
    """
    _check_choice(step, STEPS, "step")
    if reset not in RESETS:
        raise ValueError(MESSAGES["reset"].format(got=reset))
    fig, ax = _new_axes(ax, width)
    p = _Painter(ax, fontsize)
    n = STEPS.index(step)
    fade = {s: (1.0 if i == n or shade is not None else _FADED) for i, s in enumerate(STEPS)}
    w = _Weights(shade)
    k, cz, cr, ch = COLOURS["state"], COLOURS["z"], COLOURS["r"], COLOURS["h_tilde"]

    # (a) the inputs and the two gates
    a = fade["a"]
    h_bus_end = _X["reset"] if n >= 1 else _X["r"] - 0.18
    _inputs(p, (_X["tanh"] if n >= 1 else _X["r"]) + 0.18, h_bus_end, a)
    for g, c in (("z", cz), ("r", cr)):
        _feed(p, _X[g], a)
        p.box((_X[g], _Y_GATE), LABELS["sigma"], LABELS[f"eq:gru-{g}"], c, _FACE[g], a)
    # z_t up to the z line; r_t out to the right
    z_top = (_X["z"], _Y_GATE + _BOX)
    if n < 2:
        p.path([z_top, (_X["z"], _Y_Z + 0.2)], cz, a, lw=w.lw("z"))
        p.label((_X["z"], _Y_Z + 0.5), LABELS["z"], cz, a)
    r_end = _X["reset"] - _NODE if n >= 1 else _X["r"] + 1.0
    p.path([(_X["r"] + _BOX, _Y_GATE), (r_end, _Y_GATE)], cr, w.alpha("r", a), lw=w.lw("r"))
    if shade is None:
        p.label(((_X["r"] + _BOX + r_end) / 2 + 0.02, _Y_GATE + 0.32), LABELS["r"], cr, a)
    else:   # a frame: the longer label above the box
        p.label((_X["r"] + 0.3, _Y_GATE + 0.8), w.text("r", LABELS["r"], hide), cr, a,
                size=-1)

    if n >= 1:  # (b) the candidate with the reset applied
        b = fade["b"]
        _feed(p, _X["tanh"], b, h=False)
        x_m, y_m = _X["reset"], _Y_GATE
        if reset == "before":
            p.path([(x_m, _Y_HBUS), (x_m, y_m - _NODE)], k, b, lw=w.lw("r_in", 1.6))
            p.node((x_m, y_m), LABELS["odot"], LABELS["eq:gru-cand"], cr, b,
                   eq_side="below right")
            p.path([(x_m + _NODE, y_m), (_X["U_h"] - 0.35, y_m)], cr, w.alpha("r", b),
                   lw=w.lw("r"))
            p.box((_X["U_h"], y_m), LABELS["U_h"], "", ch, _FACE["h_tilde"], b, half=0.35)
            p.path([(_X["U_h"] + 0.35, y_m), (_X["tanh"] - 0.55, y_m)], ch, b)
            eq_cand = LABELS["eq:gru-cand"]
        else:
            p.box((x_m, _Y_HBUS + 0.75), LABELS["U_h_c_h"], "", ch, _FACE["h_tilde"], b,
                  half=0.36, half_w=0.62)
            p.path([(x_m, _Y_HBUS), (x_m, _Y_HBUS + 0.39)], k, b)
            p.path([(x_m, _Y_HBUS + 1.11), (x_m, y_m - _NODE)], ch, b)
            p.node((x_m, y_m), LABELS["odot"], LABELS["eq:gru-cand-after"], cr, b,
                   eq_side="above")
            p.path([(x_m + _NODE, y_m), (_X["tanh"] - 0.55, y_m)], cr, w.alpha("r", b),
                   lw=w.lw("r"))
            eq_cand = LABELS["eq:gru-cand-after"]
        p.dot((x_m, _Y_HBUS), k, b)
        p.box((_X["tanh"], _Y_GATE), LABELS["tanh"], eq_cand, ch, _FACE["h_tilde"], b,
              eq_side="above", half_w=0.55)
        # ĥ_t leaves to the right, then up to the write node (or to its label)
        cand_end = (_X["write"], _Y_Z - _NODE) if n >= 2 else (_X["write"], _Y_GATE + 0.6)
        p.path([(_X["tanh"] + 0.55, _Y_GATE), (_X["write"], _Y_GATE), cand_end], ch, b)
        p.label((_X["write"] + 0.45, _Y_GATE + 0.55) if n >= 2 else
                (_X["write"], _Y_GATE + 0.95), w.text("h_tilde", LABELS["h_tilde"], hide), ch, b,
                ha="left" if n >= 2 else "center", size=-1 if shade else 0)

    if n >= 2:  # (c) the update
        c = fade["c"]
        eq = LABELS["eq:gru-h"]
        # z_t: up to the z line, along it to the write node, with a branch up through 1 − z
        p.path([z_top, (_X["z"], _Y_Z), (_X["write"] - _NODE, _Y_Z)], cz, w.alpha("z", c),
               lw=w.lw("z"))
        p.label((_X["z"] + 1.1, _Y_Z + 0.3), w.text("z", LABELS["z"], hide), cz, c,
                size=-1 if shade else 0)
        x_k = _X["keep"]
        p.dot((x_k, _Y_Z), cz, c)
        y_one = (_Y_Z + _Y_STATE) / 2
        p.path([(x_k, _Y_Z), (x_k, y_one - _NODE)], cz, w.alpha("z", c), lw=w.lw("z"))
        p.node((x_k, y_one), LABELS["one_minus"], eq, cz, c, eq_side="left", radius=0.3,
               size=-3.0)
        p.path([(x_k, y_one + _NODE), (x_k, _Y_STATE - _NODE)], cz,
               w.alpha("one_minus_z", c), lw=w.lw("one_minus_z"))
        p.label((x_k + 0.55, y_one + 0.05), w.text("one_minus_z", LABELS["one_minus_z"], hide), cz,
                c, ha="left", size=-2)
        # the state line: h_{t−1} → ⊙ (1 − z) → + → h_t
        p.path([(_X_HDROP, _Y_STATE), (x_k - _NODE, _Y_STATE)], k, c)
        p.node((x_k, _Y_STATE), LABELS["odot"], eq, cz, c, eq_side="above")
        p.path([(x_k + _NODE, _Y_STATE), (_X["plus"] - _NODE, _Y_STATE)], k,
               w.alpha("one_minus_z", c), lw=w.lw("one_minus_z", 2.2))
        p.node((_X["write"], _Y_Z), LABELS["odot"], eq, cz, c, eq_side="right")
        p.path([(_X["write"], _Y_Z + _NODE), (_X["plus"], _Y_STATE - _NODE)], ch,
               w.alpha("z", c), lw=w.lw("z", 2.2))
        p.node((_X["plus"], _Y_STATE), LABELS["plus"], eq, k, c, eq_side="above")
        p.path([(_X["plus"] + _NODE, _Y_STATE), (_X["out"] - 0.3, _Y_STATE)], k, c, lw=2.2)
        if shade is None:
            p.label((_X["out"] + 0.1, _Y_STATE), LABELS["h"], k, c)
        else:   # a frame: the longer label under the arrow's end
            p.label((_X["out"] - 0.2, _Y_STATE - 0.5), w.text("h", LABELS["h"], hide), k, c,
                    ha="center", size=-1)
    _finish(ax)
    return fig


def gru_cell_resets(step="b", *, width=6.4, fontsize=13.0):
    """:func:`gru_cell` at ``step`` twice, one above the other: the reset applied before the
    product with U_h (top, equation gru-cand) and after it (bottom, gru-cand-after). Returns
    the ``Figure``."""
    import matplotlib.pyplot as plt

    _check_choice(step, STEPS[1:], "step")
    h = width * (_YMAX - _YMIN + 0.2) / (_XMAX + 0.9)
    fig, axes = plt.subplots(2, 1, figsize=(width, 2 * h + 0.15))
    fig.subplots_adjust(0.005, 0.005, 0.995, 0.995, hspace=0.06)
    for ax, reset in zip(axes, RESETS, strict=True):
        gru_cell(step, reset=reset, ax=ax, fontsize=fontsize)
    return fig


class _Weights:
    """Line widths and opacities: fixed for the diagram, set by gate values for a frame."""

    def __init__(self, shade):
        self.shade = shade

    def lw(self, name, base=1.6):
        if self.shade is None or name not in self.shade:
            return base
        return 0.6 + 4.0 * float(self.shade[name])

    def alpha(self, name, alpha):
        if self.shade is None or name not in self.shade:
            return alpha
        return 0.25 + 0.75 * float(self.shade[name])

    def text(self, name, symbol, hide=()):
        if self.shade is None or name not in self.shade:
            return symbol
        if name in hide:
            return LABELS["unknown"].format(symbol=symbol)
        return LABELS["value"].format(symbol=symbol, value=float(self.shade[name]))


#: What :func:`gru_cell_frame` may hide (the reader then works it out).
FRAME_VALUES = ("z", "r", "one_minus_z", "h_tilde", "h")


def gru_cell_frame(x_t, h_prev, params, *, unit=0, hide=(), ax=None, width=6.4,
                   fontsize=13.0):
    """One frame of the GRU cell (:func:`gru_cell`, step "c") at a real step, for one unit.

    ``x_t`` (D,), ``h_prev`` (H,) and ``params`` (a :class:`gru_lab.GRUParams`) give the step,
    computed by :func:`gru_lab.gru.gru_step_details`; ``unit``: which of the H units to draw,
    counted from 0 as in the code. The paths scaled by a gate are drawn as wide and as dark as
    the gate's value (r_t on the reset path, 1 − z_t on the state line, z_t on the candidate's
    way in), and the values of z_t, r_t, 1 − z_t, ĥ_t and h_t are written beside their arrows,
    with h_{t−1} and x_t at the inputs. ``hide``: names from ``FRAME_VALUES`` shown as "?"
    instead (for an exercise). Returns the ``Figure``.
    """
    from ..gru_reference import gru_step_details

    d = gru_step_details(x_t, h_prev, params)
    H = d["h"].shape[-1]
    if isinstance(unit, bool) or not isinstance(unit, (int, np.integer)) or not 0 <= unit < H:
        raise ValueError(MESSAGES["unit"].format(H=H, got=unit))
    hide = tuple(hide)
    bad = [n for n in hide if n not in FRAME_VALUES]
    if bad:
        raise ValueError(MESSAGES["hide"].format(names=FRAME_VALUES, got=bad))
    j = int(unit)
    shade = {"z": d["z"][j], "r": d["r"][j], "one_minus_z": 1.0 - d["z"][j],
             "h_tilde": d["h_tilde"][j], "h": d["h"][j]}
    reset = "after" if params.reset_after else "before"
    fig = gru_cell("c", reset=reset, ax=ax, width=width, fontsize=fontsize, shade=shade,
                   hide=hide)
    ax = fig.axes[0] if ax is None else ax
    hp = float(np.asarray(h_prev, dtype=float).reshape(-1)[j])
    xs = np.atleast_1d(np.asarray(x_t, dtype=float))
    x_text = (LABELS["value"].format(symbol=LABELS["x"], value=float(xs[0])) if xs.size == 1
              else LABELS["x"])
    for t in list(ax.texts):   # the inputs' labels get their values
        if t.get_text() == LABELS["h_prev"] and t.get_position()[1] == _Y_STATE:
            t.set_text(LABELS["value"].format(symbol=LABELS["h_prev"], value=hp))
            t.set_position((-0.85, _Y_STATE + 0.45))
            t.set_ha("left")
        elif t.get_text() == LABELS["x"]:
            t.set_text(x_text)
            t.set_position((-0.85, _Y_XBUS - 0.45))
            t.set_ha("left")
    return fig


class SVGFigure:
    """A figure as SVG text, which a notebook (and the built page) shows as a vector image.

    ``svg``: the SVG document; ``figure``: the matplotlib Figure it was made from (closed).
    """

    def __init__(self, figure):
        import io

        import matplotlib

        buf = io.StringIO()
        with matplotlib.rc_context({"svg.hashsalt": "gru-lab"}):   # the same SVG every build
            figure.savefig(buf, format="svg", metadata={"Date": None})
        self.svg, self.figure = buf.getvalue(), figure

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<SVGFigure: {len(self.svg)} characters of SVG>"


def as_svg(fig) -> SVGFigure:
    """``fig`` as an :class:`SVGFigure`, and closed, so that a notebook cell ending with
    ``as_svg(gru_cell("a"))`` shows one vector image (and no second, PNG copy)."""
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(MESSAGES["figure"].format(got=type(fig).__name__))
    import matplotlib.pyplot as plt

    out = SVGFigure(fig)
    plt.close(fig)
    return out
