"""Synthetic long-range tasks: problems that only a network with a long memory can solve.

Chapter 4 trains a GRU and a vanilla RNN of the same size on :func:`delayed_recall` and shows
that only the GRU learns it. Both generators are deterministic given ``seed`` and return
float64 inputs shaped batch-first, (n, T, D), like every other sequence in the book.

* :func:`delayed_recall` (classification): a symbol shown at step 0 must be named after
  T − 1 steps of distracting noise. Chance accuracy is 1 / ``num_symbols``.
* :func:`adding_problem` (regression; Hochreiter & Schmidhuber 1997): add the two numbers
  marked in a long stream of random numbers. Always answering 1 gives a mean squared error
  of about 1/6.
"""

from __future__ import annotations

import numpy as np

from .i18n import Messages

__all__ = ["delayed_recall", "adding_problem", "batches", "MESSAGES"]

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`).
MESSAGES = Messages(en={
    "count": "{name} must be an integer >= {minimum}; got {value!r}.",
}, zh={
    "count": "{name} 应为不小于 {minimum} 的整数；实际为 {value!r}。",
})


def _count(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(MESSAGES["count"].format(name=name, minimum=minimum, value=value))
    return int(value)


def delayed_recall(n: int, T: int, num_symbols: int = 4, *, num_noise: int = 4, seed=None):
    """``n`` sequences of length ``T``: remember the symbol of step 0 until step T − 1.

    Inputs have D = ``num_symbols`` + ``num_noise`` channels. At step 0 one of the first
    ``num_symbols`` channels is on (the symbol to remember); at steps 1, …, T − 1 one of the
    last ``num_noise`` channels is on, chosen at random (the distraction). The target is the
    symbol's index, so a many-to-one model that reads its last state h_T must carry the
    symbol across T − 1 steps.

    Returns ``(x, y)``: ``x`` (n, T, D) float64 one-hot vectors, ``y`` (n,) int64 labels in
    [0, num_symbols). Chance accuracy: 1 / num_symbols.
    """
    n, T = _count("n", n, 1), _count("T", T, 1)
    S, N = _count("num_symbols", num_symbols, 2), _count("num_noise", num_noise, 1)
    rng = np.random.default_rng(seed)
    y = rng.integers(0, S, size=n)
    x = np.zeros((n, T, S + N))
    x[np.arange(n), 0, y] = 1.0
    if T > 1:
        noise = rng.integers(0, N, size=(n, T - 1))
        rows, steps = np.meshgrid(np.arange(n), np.arange(1, T), indexing="ij")
        x[rows, steps, S + noise] = 1.0
    return x, y.astype(np.int64)


def adding_problem(n: int, T: int, *, seed=None):
    """The adding problem (Hochreiter & Schmidhuber 1997), ``n`` sequences of length ``T``.

    Channel 0 holds numbers drawn uniformly from [0, 1); channel 1 is 1 at exactly two steps,
    one in the first half and one in the second half, and 0 elsewhere. The target is the sum
    of the two marked numbers.

    Returns ``(x, y)``: ``x`` (n, T, 2) float64, ``y`` (n,) float64 in [0, 2).
    """
    n, T = _count("n", n, 1), _count("T", T, 2)
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, size=(n, T))
    half = T // 2
    first = rng.integers(0, half, size=n)
    second = rng.integers(half, T, size=n)
    marks = np.zeros((n, T))
    marks[np.arange(n), first] = 1.0
    marks[np.arange(n), second] = 1.0
    x = np.stack([values, marks], axis=-1)
    y = values[np.arange(n), first] + values[np.arange(n), second]
    return x, y


def batches(task, batch_size: int, *, seed=0, **kwargs):
    """A function ``step -> (x, y)`` giving a fresh batch of ``task`` at every step.

    ``task`` is :func:`delayed_recall` or :func:`adding_problem`; ``kwargs`` go to it (``T``,
    ``num_symbols``, ...). Batch ``step`` uses the seed ``(seed, step)``, so a training run
    sees the same batches every time, whichever model is trained on them. Pass the result as
    ``batches`` to :func:`gru_lab.fit`.
    """
    batch_size = _count("batch_size", batch_size, 1)

    def make(step: int):
        return task(batch_size, seed=(seed, int(step)), **kwargs)

    return make
