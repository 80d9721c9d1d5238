"""Pure-matplotlib figures for the book (each chapter's figures in its own module).

The gate explorer (``gru_lab.widgets``) draws with the functions in :mod:`.gates`; the static
figures of every chapter come from here too, so a figure is made, and tested, in one place.
All colour maps are perceptually uniform and readable by colour-blind readers (viridis,
cividis; diverging maps: PuOr/RdBu).
"""

from . import (
    apps,  # noqa: E402,F401  (applications part)
    gates,  # noqa: E402,F401  (chapter 2, the gate explorer)
    gru,  # noqa: E402,F401  (chapter 2)
    keras,  # noqa: E402,F401  (chapter 5)
    rnn,  # noqa: E402,F401  (chapter 1)
    softmax,  # noqa: E402,F401  (chapter 3)
    training,  # noqa: E402,F401  (chapter 4)
)
