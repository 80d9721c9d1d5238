"""Small helpers shared by the chapters' figure modules, and the book's line colours.

pyplot is imported only when a figure is made: the gate explorer and ``gru_lab.apps`` read the
colours without paying for it.
"""

from __future__ import annotations


def axes_or_new(ax, figsize):
    """``(fig, ax)``: the given axes and their figure, or a new figure of ``figsize``."""
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax


# ---------------------------------------------------------------- colours
#: The line colours of every figure and of the gate explorer, in order: the colour-blind safe
#: palette of Okabe and Ito (https://jfly.uni-koeln.de/color/) without its yellow (#F0E442,
#: 1.2:1 on white, too faint for a line). Lines also differ in style and marker (below), so
#: colour is never the only way to tell them apart. ``tests/test_palette.py`` checks that the
#: colours stay distinct for readers with deuteranopia, protanopia and tritanopia.
LINE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
LINE_STYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def relative_luminance(colour) -> float:
    """WCAG 2.1 relative luminance of a matplotlib colour (``"#0072B2"``, ``"white"``, RGB)."""
    from matplotlib.colors import to_rgb

    c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in to_rgb(colour)]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast_ratio(a, b) -> float:
    """WCAG 2.1 contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_colour_on(background) -> str:
    """``"black"`` or ``"white"``: whichever reads better on ``background``. The better of the
    two always has a contrast of at least 4.58:1, above the 4.5:1 of WCAG AA."""
    white = contrast_ratio("white", background)
    return "white" if white >= contrast_ratio("black", background) else "black"


#: Magnitudes (the text generation page's connectivity): from white to the palette's first
#: colour, a single-hue ramp whose lightness falls monotonically, so it reads the same for
#: every kind of colour vision. The static HTML view of the same numbers uses the same ends.
SEQUENTIAL_ENDS = ("#FFFFFF", LINE_COLOURS[0])


def sequential_cmap():
    """The colour map of :data:`SEQUENTIAL_ENDS` (white → blue), for magnitudes ≥ 0."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("gru_lab_sequential", list(SEQUENTIAL_ENDS))
