"""Pure-matplotlib figures for the book (each chapter's figures in its own module).

The gate explorer (``gru_lab.widgets``) draws with the functions in :mod:`.gates`; the static
figures of every chapter come from here too, so a figure is made, and tested, in one place.
All colour maps are perceptually uniform and readable by colour-blind readers (viridis,
cividis; diverging maps: PuOr/RdBu).

The submodules are loaded when first used (``from gru_lab.plots import rnn`` or
``gru_lab.plots.rnn``), so ``import gru_lab.plots`` alone does not import matplotlib.
"""

import importlib

#: The submodules, each with the part of the book whose figures it draws.
_SUBMODULES = {
    "apps": "applications part",
    "cell": "chapters 1 and 2, the cells drawn as circuits",
    "gates": "chapter 2, the gate explorer",
    "deep": "chapter 5, stacked and bidirectional GRUs",
    "gru": "chapter 2",
    "keras": "chapter 5",
    "rnn": "chapter 1",
    "softmax": "chapter 3",
    "training": "chapter 4",
}

__all__ = list(_SUBMODULES)


def __getattr__(name: str):
    """Import a submodule on first use (PEP 562)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SUBMODULES))
