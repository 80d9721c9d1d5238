"""Gate ablation: a trained GRU with its update gate or its reset gate held at a constant.

Text generation and sentiment pages. ``clamp_gates(params, z=c)`` returns a GRU whose update
gate is z_t = c at every step and unit; ``clamp_gates(params, r=1.0)`` one whose reset gate is
always open (r_t = 1: the candidate sees the whole previous state). The clamp is made with the
gate's own equation (chapter 2, ``gru-z`` and ``gru-r``): the gate's weights W and U become 0
and its bias b becomes logit(c), so that σ(b) = c whatever the input. At c = 0 or 1 the bias
is ∓1000, where σ rounds to exactly 0 or 1 in float32 and float64. Every other weight is kept.

Since the result is an ordinary :class:`~gru_lab.GRUParams`, everything else works on it
unchanged: :func:`~gru_lab.gru_forward`, :func:`~gru_lab.gru_backward` (the clamped gate's
gradient is 0), :func:`gru_lab.connectivity.connectivity`, the replays of ``gru_lab.apps``
and :func:`~gru_lab.to_keras`.
"""

from __future__ import annotations

import math
import numbers

from ._checks import MESSAGES, check_type
from .gru import GRUParams

__all__ = ["clamp_gates", "clamp_value", "gate_bias"]

_SATURATED = 1000.0   # σ(±1000) is exactly 1 or 0 in float32 and float64
_GATES = {"z": ("update", ("W_z", "U_z", "b_z")), "r": ("reset", ("W_r", "U_r", "b_r"))}


def clamp_value(name: str, value, gate: str) -> float:
    """``value`` as a float in [0, 1]; ValueError naming ``name`` otherwise (TypeError for
    something that is not a real number)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(MESSAGES["clamp_range"].format(name=name, gate=gate, value=value))
    v = float(value)
    if not (0.0 <= v <= 1.0):     # also false for NaN
        raise ValueError(MESSAGES["clamp_range"].format(name=name, gate=gate, value=value))
    return v


def gate_bias(c: float) -> float:
    """The bias b with σ(b) = c: logit(c) = log(c / (1 − c)); ∓1000 at c = 0 or 1."""
    if c <= 0.0:
        return -_SATURATED
    if c >= 1.0:
        return _SATURATED
    return math.log(c) - math.log1p(-c)


def clamp_gates(params: GRUParams, *, z=None, r=None) -> GRUParams:
    """A copy of ``params`` with the update gate held at ``z`` and/or the reset gate at ``r``.

    ``z``, ``r``: numbers in [0, 1], or None to keep that gate as trained (with neither, an
    unchanged copy). In the book's convention (chapter 2) z = 0 copies the state forever
    (h_t = h_0), z = 1 replaces it by the candidate at every step, and r = 1 lets the
    candidate see all of h_{t−1}. Returns a new :class:`~gru_lab.GRUParams` with the same
    shapes, (D, H), (H, H) and (H,), and dtype: the gate's W and U are 0, its b is
    :func:`gate_bias` of the value.
    """
    check_type("params", params, GRUParams, "a GRUParams")
    values = {"z": z, "r": r}
    arrays = {n: a.copy() for n, a in params.arrays().items()}
    for key, value in values.items():
        if value is None:
            continue
        gate, (W, U, b) = _GATES[key]
        c = clamp_value(key, value, gate)
        arrays[W][...] = 0.0
        arrays[U][...] = 0.0
        arrays[b][...] = gate_bias(c)
    return GRUParams(**arrays, reset_after=params.reset_after)
