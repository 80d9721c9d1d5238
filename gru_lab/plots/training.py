"""Figures for chapter 4, "Training by backpropagation through time".

* :func:`loss_curves`: a language model's training and validation loss, in nats per
  character on the left axis and bits per character on the right;
* :func:`gradient_norms`: the global gradient norm at every step (log scale), with the
  clipping threshold and the clipped steps marked;
* :func:`learning_curves`: several models trained on the same task, side by side: training
  loss (left) and held-out accuracy (right), each with its chance level.

Pure matplotlib: each function draws into the axes it is given (a new figure when omitted)
and returns the ``Figure``. Curves differ by line style and marker as well as by colour, so
they read in grey and for colour-blind readers. The figures carry symbols, numbers and data,
never English words (the Chinese edition shows the same figures): the x axis is the training
step, and the chapter's captions say which line is which. ``LABELS`` holds every string the
figures write; the legend entries that name a model are the caller's.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._common import axes_or_new

__all__ = ["LABELS", "smooth", "loss_curves", "gradient_norms", "learning_curves"]

LABELS = {
    "nats": "$L$",
    "bits": r"$L / \ln 2$",
    "norm": r"$\|g\|$",
    "clip": r"$\kappa = {clip:g}$",
    "clipped": r"$\|g\| > \kappa$ ({n})",
    "loss": "$L$",
    "chance_loss": r"$\ln {k} = {value:.2f}$",
    "chance_acc": "$1/{k}$",
}

_STYLES = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D")]


_axes = axes_or_new


def _colours(n):
    return plt.get_cmap("viridis")(np.linspace(0.0, 0.8, max(n, 1)))


def smooth(values, window: int = 20) -> np.ndarray:
    """Moving average over the last ``window`` values (shorter at the start): same length."""
    v = np.asarray(values, dtype=float)
    if v.ndim != 1:
        raise ValueError(f"values must be 1-D (one number per step); got shape {v.shape}.")
    window = max(1, int(window))
    c = np.cumsum(np.concatenate([[0.0], v]))
    idx = np.arange(1, v.size + 1)
    lo = np.maximum(0, idx - window)
    return (c[idx] - c[lo]) / (idx - lo)


def loss_curves(train_loss, val_steps=None, val_loss=None, *, window: int = 25, ax=None,
                title: str | None = None):
    """Training loss per step (faint line), its moving average over ``window`` steps (solid
    line), and validation losses (dashed line, square markers). No legend: the caption says so.

    ``train_loss``: one number per step (nats, as :func:`gru_lab.fit` records it).
    ``val_steps``, ``val_loss``: the steps (1-based counts) at which the validation loss was
    measured, and its values. A second y-axis on the right reads the same curve in bits per
    character (bits = nats / ln 2).
    """
    train = np.asarray(train_loss, dtype=float)
    fig, ax = _axes(ax, (7.0, 3.8))
    c_train, c_val = _colours(2)
    steps = np.arange(1, train.size + 1)
    ax.plot(steps, train, color=c_train, alpha=0.25, lw=0.8)
    ax.plot(steps, smooth(train, window), color=c_train, lw=2.0)
    if val_steps is not None and val_loss is not None:
        ax.plot(val_steps, val_loss, color=c_val, ls="--", marker="s", ms=5, lw=1.5)
    ax.set_ylabel(LABELS["nats"])
    ln2 = np.log(2.0)
    right = ax.secondary_yaxis("right", functions=(lambda n: n / ln2, lambda b: b * ln2))
    right.set_ylabel(LABELS["bits"])
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    return fig


def gradient_norms(norms: dict, clip: float | None = None, *, ax=None,
                   title: str | None = None):
    """The gradient norm at every step (log scale) for each run in ``norms``.

    ``norms``: ``{label: norms per step}`` (``fit``'s ``history["grad_norm"]``, the norm
    before clipping). ``clip``: the clipping threshold, drawn as a horizontal line; the steps
    above it, which clipping rescaled, are marked.
    """
    fig, ax = _axes(ax, (7.0, 3.6))
    colours = _colours(len(norms))
    n_clipped = 0
    for i, (label, g) in enumerate(norms.items()):
        g = np.asarray(g, dtype=float)
        steps = np.arange(1, g.size + 1)
        ls, _ = _STYLES[i % len(_STYLES)]
        ax.plot(steps, g, color=colours[i], ls=ls, lw=1.0, label=label)
        if clip is not None:
            above = g > clip
            n_clipped += int(above.sum())
            ax.plot(steps[above], g[above], ls="none", marker="o", ms=4, mfc="none",
                    mec="black", mew=0.8)
    if clip is not None:
        ax.axhline(clip, color="#b2182b", ls="--", lw=1.2, label=LABELS["clip"].format(clip=clip))
        ax.plot([], [], ls="none", marker="o", ms=4, mfc="none", mec="black", mew=0.8,
                label=LABELS["clipped"].format(n=n_clipped))
    ax.set_yscale("log")
    ax.set_ylabel(LABELS["norm"])
    ax.legend(frameon=False, fontsize=8)
    ax.grid(alpha=0.3, which="both")
    if title:
        ax.set_title(title)
    return fig


def learning_curves(losses: dict, accuracies: dict | None = None, *, num_classes=None,
                    window: int = 10, axes=None):
    """Several models on one task: training loss (left) and held-out accuracy (right).

    ``losses``: ``{label: loss per step}``. ``accuracies``: ``{label: (steps, accuracies)}``,
    measured on held-out sequences during training. ``num_classes`` K draws the chance levels,
    ln K for the loss (a uniform guess) and 1/K for the accuracy.
    """
    n_panels = 2 if accuracies else 1
    if axes is None:
        fig, axes = plt.subplots(1, n_panels, figsize=(5.0 * n_panels + 1.0, 3.6))
    axes = np.atleast_1d(axes)
    fig = axes[0].figure
    colours = _colours(len(losses))
    ax = axes[0]
    for i, (label, loss) in enumerate(losses.items()):
        loss = np.asarray(loss, dtype=float)
        ls, _ = _STYLES[i % len(_STYLES)]
        ax.plot(np.arange(1, loss.size + 1), smooth(loss, window), color=colours[i], ls=ls,
                lw=1.8, label=label)
    if num_classes:
        ax.axhline(np.log(num_classes), color="grey", lw=1.0, ls=(0, (1, 3)),
                   label=LABELS["chance_loss"].format(k=num_classes,
                                                     value=np.log(num_classes)))
    ax.set_ylabel(LABELS["loss"])
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=8)
    ax.grid(alpha=0.3)
    if accuracies:
        ax = axes[1]
        for i, (label, (steps, acc)) in enumerate(accuracies.items()):
            ls, marker = _STYLES[i % len(_STYLES)]
            ax.plot(steps, acc, color=colours[i], ls=ls, marker=marker, ms=4, lw=1.5,
                    label=label)
        if num_classes:
            ax.axhline(1.0 / num_classes, color="grey", lw=1.0, ls=(0, (1, 3)),
                       label=LABELS["chance_acc"].format(k=num_classes))
        # the y axis is the held-out accuracy (0 to 1): the caption says so
        ax.set_ylim(0, 1.05)
        ax.legend(frameon=False, fontsize=8)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
