"""The figure of chapter 5's section "Stacked and bidirectional GRUs": a stack of GRU layers
unrolled in time, each layer with a forward and (optionally) a backward row.

The drawing carries symbols and numbers only (x_t, →h^(l)_t, ←h^(l)_t, and y^(l)_t as
[→h ; ←h] or →h + ←h, the time steps); words belong in the caption and the alt text, which are prose
(a Chinese edition is built from the same execution). Every symbol comes from :data:`LABELS`.
Colours: the book's palette (``_common.LINE_COLOURS``), forward blue with solid arrows,
backward vermilion with dashed arrows, so colour is never the only cue.
"""

from __future__ import annotations

from ._common import LINE_COLOURS

__all__ = ["LABELS", "stack_diagram"]

LABELS = {
    "x": r"$x_{{{t}}}$",
    "fwd": r"$\overrightarrow{{h}}^{{({l})}}_{{{t}}}$",
    "bwd": r"$\overleftarrow{{h}}^{{({l})}}_{{{t}}}$",
    "h0_fwd": r"$\overrightarrow{{h}}^{{({l})}}_{{0}}$",
    "h0_bwd": r"$\overleftarrow{{h}}^{{({l})}}_{{{T1}}}$",
    "concat": r"$y^{{({l})}}_{{{t}}} = [\overrightarrow{{h}}\,;\overleftarrow{{h}}]$",
    "sum": r"$y^{{({l})}}_{{{t}}} = \overrightarrow{{h}} + \overleftarrow{{h}}$",
    "layer": r"$l = {l}$",
    "time": r"$t = {t}$",
}

FORWARD, BACKWARD, MERGE, INPUT = (LINE_COLOURS[0], LINE_COLOURS[5], LINE_COLOURS[2],
                                   LINE_COLOURS[6])


def _box(ax, x, y, text, colour, *, w=0.62, h=0.42, dashed=False, round_=True, fontsize=11):
    from matplotlib.patches import FancyBboxPatch

    style = "round,pad=0.02,rounding_size=0.08" if round_ else "square,pad=0.02"
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle=style,
                                facecolor="white", edgecolor=colour, lw=1.6,
                                linestyle="--" if dashed else "-", zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, color="black", zorder=4)


def _arrow(ax, start, end, colour, *, dashed=False):
    ax.annotate("", xy=end, xytext=start, zorder=2,
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.4,
                            "linestyle": "--" if dashed else "-", "shrinkA": 0,
                            "shrinkB": 0, "mutation_scale": 11})


def stack_diagram(num_layers: int = 2, T: int = 3, *, bidirectional: bool = True,
                  merge_mode: str = "concat", ax=None):
    """A stack of ``num_layers`` GRU layers unrolled over ``T`` steps (chapter 5).

    Bottom row: the inputs x_1 … x_T. Each layer l has a forward row →h^(l)_t (arrows to the
    right, from →h^(l)_0), and with ``bidirectional`` a backward row ←h^(l)_t (dashed arrows to
    the left, from ←h^(l)_{T+1}) and a merge node, y^(l)_t = [→h ; ←h] for ``"concat"`` or
    →h + ←h for ``"sum"``; layer l + 1 reads y^(l)_t. Returns the Figure.
    """
    import matplotlib.pyplot as plt

    if merge_mode not in ("concat", "sum"):
        from ..deep import MERGE_MODES, MESSAGES

        raise ValueError(MESSAGES["merge_mode"].format(modes=MERGE_MODES, got=merge_mode))
    rows_per_layer = 3 if bidirectional else 1
    dx, dy, bh = 1.6, 0.9, 0.21          # column step, row step, half a box's height
    off = 0.62 if bidirectional else 0.0  # the backward row sits right of the forward row
    xs = [1.2 + dx * t for t in range(T)]
    width = xs[-1] + off + 1.3
    top = dy * num_layers * rows_per_layer
    if ax is None:
        fig, ax = plt.subplots(figsize=(0.95 * width, 0.95 * (top + 1.4)), layout="constrained")
    else:
        fig = ax.figure
    # where each step's input leaves from: (x for the forward branch, x for the backward, y)
    src = [(x, x + 0.26, bh) for x in xs]
    for t, x in enumerate(xs, start=1):
        _box(ax, x, 0.0, LABELS["x"].format(t=t), INPUT, round_=False)
        ax.text(x, -0.45, LABELS["time"].format(t=t), ha="center", va="top", fontsize=9,
                color="#444444")
    for l_ in range(1, num_layers + 1):
        y_f = dy * (1 + (l_ - 1) * rows_per_layer)
        y_b, y_m = y_f + dy, y_f + 2 * dy
        ax.text(0.0, y_m if bidirectional else y_f, LABELS["layer"].format(l=l_), ha="left",
                va="center", fontsize=10)
        # forward row, left to right from →h_0
        _box(ax, xs[0] - 0.95, y_f, LABELS["h0_fwd"].format(l=l_), FORWARD, w=0.5)
        prev = (xs[0] - 0.7, y_f)
        for t, x in enumerate(xs, start=1):
            _box(ax, x, y_f, LABELS["fwd"].format(l=l_, t=t), FORWARD)
            _arrow(ax, prev, (x - 0.33, y_f), FORWARD)
            prev = (x + 0.33, y_f)
            _arrow(ax, (src[t - 1][0], src[t - 1][2]), (x, y_f - bh), INPUT)
        if not bidirectional:
            src = [(x, x, y_f + bh) for x in xs]
            continue
        # backward row, right to left from ←h_{T+1}
        x_end = xs[-1] + off + 0.95
        _box(ax, x_end, y_b, LABELS["h0_bwd"].format(l=l_, T1=T + 1), BACKWARD, w=0.5,
             dashed=True)
        prev = (x_end - 0.25, y_b)
        for t in range(T, 0, -1):
            x = xs[t - 1] + off
            _box(ax, x, y_b, LABELS["bwd"].format(l=l_, t=t), BACKWARD, dashed=True)
            _arrow(ax, prev, (x + 0.33, y_b), BACKWARD, dashed=True)
            prev = (x - 0.33, y_b)
        for t, x in enumerate(xs, start=1):
            _arrow(ax, (src[t - 1][1], src[t - 1][2]), (x + off, y_b - bh), INPUT)
            # both states into the merge node, which gives y^(l)_t
            _arrow(ax, (x - 0.15, y_f + bh), (x - 0.15, y_m - 0.18), FORWARD)
            _arrow(ax, (x + off, y_b + bh), (x + off, y_m - 0.18), BACKWARD, dashed=True)
            _box(ax, x + off / 2 - 0.05, y_m, LABELS[merge_mode].format(l=l_, t=t), MERGE,
                 w=1.4, h=0.4, fontsize=9)
        src = [(x, x + off - 0.05, y_m + 0.18) for x in xs]
    ax.set_xlim(-0.1, width)
    ax.set_ylim(-0.8, top + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
