"""Small helpers shared by the chapters' figure modules."""

from __future__ import annotations

import matplotlib.pyplot as plt


def axes_or_new(ax, figsize):
    """``(fig, ax)``: the given axes and their figure, or a new figure of ``figsize``."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax
