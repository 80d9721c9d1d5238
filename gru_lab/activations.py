"""Activations, softmax and cross-entropy (chapter 3, "The softmax output layer").

sigmoid and tanh have their derivatives beside them (``sigmoid_grad``, ``tanh_grad``), and
:func:`cross_entropy` returns its gradient, so that a reader can check one against the other.
The errors a reader sees are worded in :data:`MESSAGES` (the shared input checks in
:mod:`gru_lab._checks` have their own table).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_real_array, check_finite, check_positive
from .i18n import Messages

__all__ = [
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "softmax",
    "log_softmax",
    "cross_entropy",
    "naive_softmax",
    "MESSAGES",
]

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`): the same
#: keys and ``{placeholders}`` in both.
MESSAGES = Messages(en={
    "logits_scalar": "{name} must have at least one axis (the K classes); got a scalar.",
    "ce_logits_scalar": "logits must have shape (..., K); got a scalar.",
    "targets_dtype": (
        "targets must be integer class indices of shape {want} (logits.shape[:-1]) "
        "or probabilities of shape {shape} (like logits); got dtype {dtype}, shape {got}."
    ),
    "targets_shape": (
        "targets must have shape logits.shape[:-1] = {want} (one class index per "
        "prediction); got shape {got}."
    ),
    "targets_range": (
        "targets holds class indices that must lie in [0, K) with K = {K}; got values "
        "from {lo} to {hi}."
    ),
}, zh={
    "logits_scalar": "{name} 至少要有一个轴（K 个类别）；实际是一个标量。",
    "ce_logits_scalar": "logits 的形状应为 (..., K)；实际是一个标量。",
    "targets_dtype": (
        "targets 应为形状为 {want}（即 logits.shape[:-1]）的整数类别索引，"
        "或形状为 {shape}（与 logits 相同）的概率；实际 dtype 为 {dtype}，形状为 {got}。"
    ),
    "targets_shape": (
        "targets 的形状应为 logits.shape[:-1] = {want}（每个预测一个类别索引）；"
        "实际形状为 {got}。"
    ),
    "targets_range": (
        "targets 存放的类别索引应位于 [0, K) 内，其中 K = {K}；实际取值从 {lo} 到 {hi}。"
    ),
})


def sigmoid(a):
    """σ(a) = 1 / (1 + e^{−a}) without overflow (chapter 2, equation ``gru-z``).

    With e = e^{−|a|} ≤ 1: σ(a) = 1 / (1 + e) for a ≥ 0 and e / (1 + e) for a < 0. No ``exp``
    of a large positive number is ever taken, and small values keep full relative precision.
    Any shape in, same shape out.
    """
    a = np.asarray(a)
    e = np.exp(-np.abs(a))
    d = 1.0 / (1.0 + e)
    return np.where(a >= 0, d, e * d)


def sigmoid_grad(s):
    """dσ/da written in terms of the output ``s = σ(a)``: s (1 − s)."""
    return s * (1.0 - s)


def tanh(a):
    """Hyperbolic tangent (numpy's), here so that every activation comes from one place."""
    return np.tanh(a)


def tanh_grad(t):
    """d tanh/da written in terms of the output ``t = tanh(a)``: 1 − t²."""
    return 1.0 - t * t


def naive_softmax(logits, axis: int = -1):
    """The textbook formula e^{a_k} / Σ_j e^{a_j}, *without* the max shift.

    Kept only to show in chapter 3 how it overflows for large logits; use :func:`softmax`.
    """
    e = np.exp(np.asarray(logits, dtype=np.float64))
    return e / e.sum(axis=axis, keepdims=True)


def _scaled_logits(logits, temperature, name="logits"):
    arr = as_real_array(name, logits, "(..., K)")
    if arr.ndim == 0:
        raise ValueError(MESSAGES["logits_scalar"].format(name=name))
    check_finite(name, arr)
    t = check_positive("temperature", temperature)
    return arr / t if t != 1.0 else arr


def log_softmax(logits, axis: int = -1, temperature: float = 1.0):
    """log softmax(a / τ) computed with the log-sum-exp trick (chapter 3).

    ``logits``: any shape (..., K); the softmax runs along ``axis``. Returns the same shape.
    """
    a = _scaled_logits(logits, temperature)
    shifted = a - a.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(logits, axis: int = -1, temperature: float = 1.0):
    """softmax(a / τ)_k = e^{(a_k − m)/τ} / Σ_j e^{(a_j − m)/τ}, with m = max a (chapter 3).

    Subtracting the maximum changes nothing mathematically and keeps every exponent ≤ 0, so
    nothing overflows. ``temperature`` τ > 0: below 1 sharpens, above 1 flattens.
    ``logits``: any shape (..., K); returns probabilities of the same shape.
    """
    a = _scaled_logits(logits, temperature)
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def cross_entropy(logits, targets):
    """Mean cross-entropy of softmax(``logits``) against ``targets``, and its gradient.

    ``logits``: (N, K), (T, K) or (B, T, K): one row of K scores per prediction.
    ``targets``: integer class indices of shape ``logits.shape[:-1]``, or probabilities
    (e.g. one-hot) of the same shape as ``logits``.

    Returns ``(loss, dlogits)``: the loss averaged over all predictions, and
    ∂loss/∂logits = (softmax(logits) − onehot(targets)) / N, same shape as ``logits``
    (chapter 3, equation ``softmax-ce-grad``).
    """
    a = as_real_array("logits", logits, "(..., K)")
    if a.ndim < 1:
        raise ValueError(MESSAGES["ce_logits_scalar"])
    check_finite("logits", a)
    K = a.shape[-1]
    logp = log_softmax(a)
    n = int(np.prod(a.shape[:-1])) if a.ndim > 1 else 1
    t = np.asarray(targets)
    if t.shape == a.shape and t.dtype.kind == "f":
        check_finite("targets", t)
        probs_t = t
    else:
        want = a.shape[:-1]
        if t.dtype.kind not in "iu":
            raise TypeError(MESSAGES["targets_dtype"].format(
                want=want, shape=a.shape, dtype=t.dtype, got=t.shape))
        if t.shape != want:
            raise ValueError(MESSAGES["targets_shape"].format(want=want, got=t.shape))
        if t.size and (t.min() < 0 or t.max() >= K):
            raise ValueError(MESSAGES["targets_range"].format(K=K, lo=t.min(), hi=t.max()))
        probs_t = np.zeros_like(a)
        np.put_along_axis(probs_t, t[..., None], 1.0, axis=-1)
    loss = -float((probs_t * logp).sum()) / n
    dlogits = (np.exp(logp) * probs_t.sum(axis=-1, keepdims=True) - probs_t) / n
    return loss, dlogits.astype(a.dtype, copy=False)
