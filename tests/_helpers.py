"""Small helpers shared by several test files (pytest puts tests/ on sys.path)."""

import numpy as np

import gru_lab as gl


def random_gru_params(D, H, reset_after, seed, scale=0.5):
    """Keras-like initial weights plus noise, so biases are non-zero and every term counts."""
    p = gl.GRUParams.init(D, H, reset_after=reset_after, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for a in p.arrays().values():
        a += rng.normal(scale=scale, size=a.shape)
    return p
