"""Finite-difference gradient checks (chapter 3 and chapter 4).

A backward pass is only as good as its check. :func:`gradcheck` nudges every entry (or a random
sample of entries) of each array by ±ε, evaluates the loss twice and compares the central
difference (L(θ + ε) − L(θ − ε)) / 2ε with the analytic gradient.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .i18n import Messages

__all__ = ["gradcheck", "GradcheckResult", "relative_error", "MESSAGES"]

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`).
MESSAGES = Messages(en={
    "title": "gradient check",
    "row": "  {name:<8} relative error {err:.2e}",
    "no_grad": "grads has no entry for {name!r}; expected an array of shape {shape}.",
    "grad_shape": "grads[{name!r}] must have the shape of arrays[{name!r}], {want}; got {got}.",
    "not_contiguous": (
        "arrays[{name!r}] must be C-contiguous so it can be nudged in place "
        "(np.ascontiguousarray makes such a copy)."
    ),
}, zh={
    "title": "梯度检验",
    "row": "  {name:<8} 相对误差 {err:.2e}",
    "no_grad": "grads 中没有 {name!r} 这一项；应为形状为 {shape} 的数组。",
    "grad_shape": "grads[{name!r}] 的形状应与 arrays[{name!r}] 相同，即 {want}；实际为 {got}。",
    "not_contiguous": (
        "arrays[{name!r}] 必须是 C 连续的，才能原地微调其中的元素"
        "（np.ascontiguousarray 可以得到这样的副本）。"
    ),
})


def relative_error(analytic, numeric) -> float:
    """‖a − n‖ / max(‖a‖, ‖n‖, 1e-12): 0 when equal, about 1 when unrelated."""
    a, n = np.asarray(analytic, dtype=np.float64), np.asarray(numeric, dtype=np.float64)
    scale = max(np.linalg.norm(a), np.linalg.norm(n), 1e-12)
    return float(np.linalg.norm(a - n) / scale)


@dataclass
class GradcheckResult:
    """Per-array relative errors; ``max_error`` is the largest; ``numeric`` the estimates."""

    errors: dict[str, float]
    numeric: dict[str, np.ndarray] = field(repr=False)

    @property
    def max_error(self) -> float:
        return max(self.errors.values()) if self.errors else 0.0

    def __str__(self) -> str:
        rows = [MESSAGES["row"].format(name=name, err=err) for name, err in self.errors.items()]
        return MESSAGES["title"] + "\n" + "\n".join(rows)


def gradcheck(loss_fn, arrays: dict, grads: dict, *, eps: float = 1e-6,
              num_samples: int | None = None, seed=0) -> GradcheckResult:
    """Compare analytic gradients with central finite differences.

    ``loss_fn()``: a function of no arguments returning a scalar loss; it must read the arrays
    in ``arrays`` (they are nudged in place and restored exactly afterwards).
    ``arrays``: ``{name: float64 array}``; ``grads``: ``{name: analytic gradient}``, same shapes.
    ``num_samples``: check that many random entries per array instead of all of them.
    Returns a :class:`GradcheckResult`. Use float64: in float32 the differences are noise.
    """
    rng = np.random.default_rng(seed)
    errors, numeric = {}, {}
    for name, arr in arrays.items():
        if name not in grads or grads[name] is None:
            raise ValueError(MESSAGES["no_grad"].format(name=name, shape=np.shape(arr)))
        g = np.asarray(grads[name])
        if g.shape != arr.shape:
            raise ValueError(MESSAGES["grad_shape"].format(name=name, want=arr.shape,
                                                           got=g.shape))
        if not arr.flags.c_contiguous:
            raise ValueError(MESSAGES["not_contiguous"].format(name=name))
        flat = arr.reshape(-1)  # a view: nudges reach the loss
        idx = np.arange(arr.size)
        if num_samples is not None and num_samples < arr.size:
            idx = rng.choice(arr.size, size=num_samples, replace=False)
        num = np.zeros(len(idx))
        for k, i in enumerate(idx):
            old = flat[i]
            flat[i] = old + eps
            plus = float(loss_fn())
            flat[i] = old - eps
            minus = float(loss_fn())
            flat[i] = old
            num[k] = (plus - minus) / (2 * eps)
        errors[name] = relative_error(g.reshape(-1)[idx], num)
        full = np.full(arr.size, np.nan)
        full[idx] = num
        numeric[name] = full.reshape(arr.shape)
    return GradcheckResult(errors=errors, numeric=numeric)
