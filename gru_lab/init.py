"""Weight initialisers, as Keras uses them (Glorot & Bengio 2010; Saxe et al. 2014)."""

from __future__ import annotations

import numpy as np

__all__ = ["glorot_uniform", "orthogonal"]


def glorot_uniform(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    """Uniform on [−l, l] with l = sqrt(6 / (fan_in + fan_out)); shape (fan_in, fan_out)."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def orthogonal(rng: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """A (rows, cols) matrix with orthonormal rows or columns, from the QR of a Gaussian.

    For a GRU's (H, 3H) recurrent block every row has unit norm and the rows are orthogonal,
    so each H×H recurrent matrix starts with singular values near 1 (chapter 1 explains why
    that keeps gradients from vanishing or exploding at the start of training).
    """
    a = rng.standard_normal((max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(a)
    q *= np.sign(np.diag(r))          # make the decomposition unique (as Keras does)
    return q if rows >= cols else q.T
