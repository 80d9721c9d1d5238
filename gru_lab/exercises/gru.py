"""Exercise checks for chapter 2, "The GRU's gates".

:func:`check_gru_step` runs a student's one-step GRU, written in the book's convention
(equations ``gru-z``, ``gru-r``, ``gru-cand`` and ``gru-h``: reset *before* the product and
h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ ĥ_t), on small cases and recognises the typical mistakes:
Keras's z convention, the reset applied after the product, a missing bias, no reset at all,
the activations swapped, the whole tuple returned instead of h_t, a wrong shape.

The wrong variants below exist only to recognise mistakes; the reference is
:func:`gru_lab.gru_step`. All reader-facing words are in ``MESSAGES``.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..gru import GRUParams, gru_step
from ._core import Case, run_check

__all__ = ["MESSAGES", "check_gru_step"]

MESSAGES = {
    "name": "check_gru_step",
    "describe": "{fname}(x_t, h_prev, p) with D = {D}, H = {H}, x_t = {x}, h_prev = {h}, "
                "every weight and bias of p non-zero",
    "hint": "write the four equations (gru-z), (gru-r), (gru-cand) and (gru-h) one line each, "
            "and return h_t only. In the code vectors are rows: x_t has shape (D,) and W_z has "
            "shape (D, H), so the input's contribution to a gate has shape (H,), and so has "
            "the previous state's.",
    "keras_z": "your h_t gives the old state the weight z and the candidate the weight 1 − z: "
               "that is the convention of Keras and PyTorch (their z is 1 − ours). Compare "
               "your last line with equation (gru-h) of this book.",
    "reset_after": "your candidate multiplies r by the product of h_prev and U_h: the reset "
                   "is applied AFTER the matrix product (Keras's default). This book's equation "
                   "(gru-cand) resets h_prev first and then multiplies by U_h.",
    "no_reset": "your candidate uses h_prev without the reset gate: r_t never enters. Look at "
                "where r_t appears in equation (gru-cand).",
    "no_bias": "your result equals a GRU with {which} left out. Every pre-activation has a "
               "bias: look at the last term inside σ(·) or tanh(·) in the equation.",
    "swapped_act": "your gates and candidate use the wrong squashing functions: the gates z "
                   "and r go through σ (values in (0, 1)), the candidate through tanh.",
    "no_update": "your h_t equals the candidate ĥ_t: the update gate must mix the old state "
                 "and the candidate, equation (gru-h).",
    "returns_tuple": "you returned several arrays (like gru_lab.gru_step does). This check "
                     "wants h_t only, an array of shape (H,).",
    "shape": "your result has {size} numbers, as it should, but shape {got}; return an array "
             "of shape ({H},) (one sequence, no batch axis).",
    "transposed": "your result matches a GRU whose recurrent matrices are transposed. In "
                  "this book's code vectors are rows, so the state multiplies U_z, U_r and U_h "
                  "from the left, as the input multiplies W_z.",
}

_BIASES = {"b_z": "the update gate's bias b_z", "b_r": "the reset gate's bias b_r",
           "b_h": "the candidate's bias b_h"}


def _variants(x_t, h_prev, p: GRUParams) -> dict[str, np.ndarray]:
    """The typical wrong answers, each keyed by the MESSAGES entry that explains it."""
    def step(p, *, flip=False, after=False, reset=True, act=(sigmoid, np.tanh),
             update=True, transpose=False):
        gate, cand = act
        U = {k: (getattr(p, k).T if transpose else getattr(p, k)) for k in ("U_z", "U_r", "U_h")}
        z = gate(x_t @ p.W_z + h_prev @ U["U_z"] + p.b_z)
        r = gate(x_t @ p.W_r + h_prev @ U["U_r"] + p.b_r) if reset else np.ones_like(h_prev)
        rec = r * (h_prev @ U["U_h"]) if after else (r * h_prev) @ U["U_h"]
        h_tilde = cand(x_t @ p.W_h + rec + p.b_h)
        if not update:
            return h_tilde
        return z * h_prev + (1 - z) * h_tilde if flip else (1 - z) * h_prev + z * h_tilde

    out = {
        "keras_z": step(p, flip=True),
        "reset_after": step(p, after=True),
        "no_reset": step(p, reset=False),
        "swapped_act": step(p, act=(np.tanh, sigmoid)),
        "no_update": step(p, update=False),
        "transposed": step(p, transpose=True),
    }
    for b in _BIASES:
        q = p.copy()
        getattr(q, b)[:] = 0.0
        out[f"no_bias:{b}"] = step(q)
    return out


def _diagnose(x_t, h_prev, p):
    variants = _variants(x_t, h_prev, p)
    H = p.hidden_size

    def diagnose(got):
        if isinstance(got, (tuple, list)) and len(got) in (2, 3, 4):
            return MESSAGES["returns_tuple"]
        try:
            arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return None
        if arr.size == H and arr.shape != (H,):
            return MESSAGES["shape"].format(size=arr.size, got=arr.shape, H=H)
        if arr.shape != (H,):
            return None
        for key, value in variants.items():
            if np.allclose(arr, value, atol=1e-9, rtol=1e-7):
                if key.startswith("no_bias:"):
                    return MESSAGES["no_bias"].format(which=_BIASES[key.split(":")[1]])
                return MESSAGES[key]
        return None

    return diagnose


def _case_params(D, H, seed):
    """Small random weights, every bias non-zero, so each mistake changes the result."""
    rng = np.random.default_rng(seed)
    arrays = {n: rng.normal(scale=0.8, size=(D, H)) for n in ("W_z", "W_r", "W_h")}
    arrays.update({n: rng.normal(scale=0.8, size=(H, H)) for n in ("U_z", "U_r", "U_h")})
    arrays.update({n: rng.uniform(0.3, 1.0, size=H) * rng.choice([-1, 1], size=H)
                   for n in ("b_z", "b_r", "b_h")})
    x_t = rng.normal(size=D)
    h_prev = rng.uniform(-0.9, 0.9, size=H)
    return x_t, h_prev, GRUParams(**arrays)


def check_gru_step(func, *, verbose: bool = True):
    """Check ``func(x_t, h_prev, p) -> h_t``: one GRU step in this book's convention.

    ``x_t`` (D,), ``h_prev`` (H,), ``p`` a :class:`gru_lab.GRUParams` (reset before the
    product; read ``p.W_z``, ``p.U_z``, ``p.b_z``, ...). Prints and returns a ``Feedback``.
    """
    cases = []
    for D, H, seed in ((3, 2, 11), (2, 4, 12), (1, 3, 13)):
        x_t, h_prev, p = _case_params(D, H, seed)
        expected = gru_step(x_t, h_prev, p)[0]
        describe = MESSAGES["describe"].format(
            fname=getattr(func, "__name__", "f"), D=D, H=H,
            x=np.array2string(np.round(x_t, 3), separator=", "),
            h=np.array2string(np.round(h_prev, 3), separator=", "))
        cases.append(Case(args=(x_t, h_prev, p), expected=expected, hint=MESSAGES["hint"],
                          describe=describe, diagnose=_diagnose(x_t, h_prev, p),
                          atol=1e-8, rtol=1e-6, arg_names=("x_t", "h_prev", "p"),
                          result_name="h_t", shape_symbols="(H,)"))
    return run_check(MESSAGES["name"], func, cases, verbose=verbose)
