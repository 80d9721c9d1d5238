"""Just enough training machinery for the book's pure-numpy training chapter (chapter 4).

* a dense softmax head ``o_t = softmax(h_t V + c)`` (chapter 3, ``softmax-output``);
* :class:`SGD` and :class:`Adam` (Kingma & Ba 2015), updating ``{name: array}`` in place;
* :func:`clip_grad_norm` (Pascanu et al. 2013);
* two small models: :class:`CharLanguageModel` (many-to-many: predict the next character)
  and :class:`SequenceClassifier` (many-to-one: one label per sequence), each returning its
  loss and the gradient of every parameter, and :func:`fit`, a tiny training loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import check_positive
from ._params import Params
from .activations import cross_entropy, softmax
from .gru import GRUParams, _positive_int, gru_backward, gru_forward
from .i18n import Messages
from .init import glorot_uniform
from .rnn import RNNParams, rnn_backward, rnn_forward
from .tbptt import truncated_bptt

__all__ = [
    "DenseParams", "dense_forward", "dense_backward", "SGD", "Adam", "clip_grad_norm",
    "global_norm", "one_hot", "CharLanguageModel", "SequenceClassifier", "fit", "MESSAGES",
]

#: Reader-facing words of this module, in English and Chinese (:mod:`gru_lab.i18n`); the
#: shared input checks have theirs in :mod:`gru_lab._checks`.
MESSAGES = Messages(en={
    "ids_dtype": "ids must be integers; got dtype {dtype}.",
    "ids_range": "ids must lie in [0, {K}); got values from {lo} to {hi}.",
    "cell": "cell must be 'gru' or 'rnn'; got {cell!r}.",
    "xy_shape": "x_ids and y_ids must both have shape (B, T); got {x} and {y}.",
    "prefix": "prefix_ids must be a non-empty 1-D sequence of ids; got shape {shape}.",
}, zh={
    "ids_dtype": "ids 应为整数；实际 dtype 为 {dtype}。",
    "ids_range": "ids 应位于 [0, {K}) 内；实际取值从 {lo} 到 {hi}。",
    "cell": "cell 应为 'gru' 或 'rnn'；实际为 {cell!r}。",
    "xy_shape": "x_ids 和 y_ids 的形状都应为 (B, T)；实际分别为 {x} 和 {y}。",
    "prefix": "prefix_ids 应为非空的一维词元 id 序列；实际形状为 {shape}。",
})


# ---- the softmax head ---------------------------------------------------------------------

@dataclass(eq=False, repr=False)
class DenseParams(Params):
    """Output layer ``logits = h V + c``: ``V`` (H, K), ``c`` (K,) (chapter 3).

    ``c`` is zeros when omitted. Arrays are checked (shapes, no NaN or inf) and copied, like
    :class:`~gru_lab.gru.GRUParams` (the shared behaviour comes from :mod:`gru_lab._params`).
    """

    V: np.ndarray
    c: np.ndarray | None = None

    _SHAPES = {"V": ("H", "K"), "c": ("K",)}
    _OPTIONAL = ("c",)
    _MODEL = "who_dense"

    @classmethod
    def init(cls, hidden_size: int, num_classes: int, *, seed=None) -> DenseParams:
        """Glorot-uniform ``V`` and zero ``c``, as Keras's ``Dense`` layer starts."""
        H, K = _positive_int("hidden_size", hidden_size), _positive_int("num_classes",
                                                                        num_classes)
        rng = np.random.default_rng(seed)
        return cls(V=glorot_uniform(rng, H, K), c=np.zeros(K))

    @property
    def hidden_size(self) -> int:
        """H, the size of the state the layer reads."""
        return self.V.shape[0]

    @property
    def num_classes(self) -> int:
        """K, the number of outputs (classes or characters)."""
        return self.V.shape[1]


def dense_forward(h, params: DenseParams):
    """``h`` (..., H) → logits (..., K)."""
    return h @ params.V + params.c


def dense_backward(h, dlogits, params: DenseParams):
    """Gradients of ``logits = h V + c``: returns ``(DenseParams grads, dh)``."""
    H, K = params.V.shape
    h2, d2 = h.reshape(-1, H), dlogits.reshape(-1, K)
    return DenseParams._wrap(V=h2.T @ d2, c=d2.sum(axis=0)), dlogits @ params.V.T


# ---- optimisers and clipping --------------------------------------------------------------

def global_norm(grads: dict) -> float:
    """sqrt(Σ ‖g‖²) over every gradient array."""
    return float(np.sqrt(sum(float(np.sum(g * g)) for g in grads.values())))


def clip_grad_norm(grads: dict, max_norm: float) -> float:
    """Rescale all gradients together so their global norm is at most ``max_norm``.

    Keeps the direction, bounds the step (Pascanu et al. 2013). Returns the norm before
    clipping. Changes ``grads`` in place.
    """
    max_norm = check_positive("max_norm", max_norm)
    norm = global_norm(grads)
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return norm


class SGD:
    """θ ← θ − η g (with optional momentum). ``step(params, grads)`` updates in place."""

    def __init__(self, lr: float = 0.1, momentum: float = 0.0):
        self.lr = check_positive("lr", lr)
        self.momentum = float(momentum)
        self._velocity: dict[str, np.ndarray] = {}

    def step(self, params: dict, grads: dict) -> None:
        for name, p in params.items():
            g = grads[name]
            if self.momentum:
                v = self._velocity.setdefault(name, np.zeros_like(p))
                v *= self.momentum
                v += g
                g = v
            p -= self.lr * g


class Adam:
    """Adam (Kingma & Ba 2015): per-parameter steps from running moments of the gradient."""

    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8):
        self.lr = check_positive("lr", lr)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.t = 0
        self._m: dict[str, np.ndarray] = {}
        self._v: dict[str, np.ndarray] = {}

    def step(self, params: dict, grads: dict) -> None:
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        corr = np.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t)
        for name, p in params.items():
            g = grads[name]
            m = self._m.setdefault(name, np.zeros_like(p))
            v = self._v.setdefault(name, np.zeros_like(p))
            m += (1 - b1) * (g - m)
            v += (1 - b2) * (g * g - v)
            p -= self.lr * corr * m / (np.sqrt(v) + self.eps)


# ---- models -------------------------------------------------------------------------------

def one_hot(ids, num_classes: int, dtype=np.float64) -> np.ndarray:
    """Integer ids of any shape → one-hot vectors with a new last axis of size K."""
    ids = np.asarray(ids)
    if ids.dtype.kind not in "iu":
        raise TypeError(MESSAGES["ids_dtype"].format(dtype=ids.dtype))
    if ids.size and (ids.min() < 0 or ids.max() >= num_classes):
        raise ValueError(MESSAGES["ids_range"].format(K=num_classes, lo=ids.min(),
                                                      hi=ids.max()))
    return np.eye(num_classes, dtype=dtype)[ids]


def _cell_params(cell: str, D: int, H: int, seed, reset_after: bool):
    if cell == "gru":
        return GRUParams.init(D, H, seed=seed, reset_after=reset_after)
    if cell == "rnn":
        return RNNParams.init(D, H, seed=seed)
    raise ValueError(MESSAGES["cell"].format(cell=cell))


def _run(cell_params, x, h0=None):
    if isinstance(cell_params, GRUParams):
        return gru_forward(x, cell_params, h0)
    return rnn_forward(x, cell_params, h0)


def _back(cell_params, trace, **kw):
    if isinstance(cell_params, GRUParams):
        return gru_backward(trace, cell_params, **kw)
    return rnn_backward(trace, cell_params, **kw)


class _Model:
    """Shared plumbing: a recurrent cell ``self.cell`` and a dense head ``self.head``."""

    cell: GRUParams | RNNParams
    head: DenseParams

    def parameters(self) -> dict[str, np.ndarray]:
        """``{"cell.W_z": ..., "head.V": ...}``: the arrays themselves, for optimisers."""
        out = {f"cell.{k}": v for k, v in self.cell.arrays().items()}
        out.update({f"head.{k}": v for k, v in self.head.arrays().items()})
        return out

    def num_parameters(self) -> int:
        return int(sum(a.size for a in self.parameters().values()))

    @staticmethod
    def _collect(cell_grads, head_grads) -> dict[str, np.ndarray]:
        out = {f"cell.{k}": v for k, v in cell_grads.arrays().items()}
        out.update({f"head.{k}": v for k, v in head_grads.arrays().items()})
        return out


class CharLanguageModel(_Model):
    """One-hot characters → GRU (or tanh RNN) → softmax over the next character (chapter 4).

    ``vocab_size`` K, ``hidden_size`` H. Inputs are integer ids (B, T); the model predicts
    ``y[:, t]`` from ``x[:, :t + 1]``.
    """

    def __init__(self, vocab_size: int, hidden_size: int, *, cell: str = "gru", seed=None,
                 reset_after: bool = False):
        K = _positive_int("vocab_size", vocab_size)
        H = _positive_int("hidden_size", hidden_size)
        rng = np.random.default_rng(seed)
        self.vocab_size = K
        self.cell = _cell_params(cell, K, H, rng.integers(2**31), reset_after)
        self.head = DenseParams.init(H, K, seed=rng.integers(2**31))

    def _forward(self, x_ids, y_ids, h0=None):
        x_ids, y_ids = np.asarray(x_ids), np.asarray(y_ids)
        if x_ids.shape != y_ids.shape or x_ids.ndim != 2:
            raise ValueError(MESSAGES["xy_shape"].format(x=x_ids.shape, y=y_ids.shape))
        trace = _run(self.cell, one_hot(x_ids, self.vocab_size), h0)
        logits = dense_forward(trace.h, self.head)
        loss, dlogits = cross_entropy(logits, y_ids)
        head_grads, dh = dense_backward(trace.h, dlogits, self.head)
        return loss, trace, dh, head_grads

    def state_gradients(self, x_ids, y_ids, h0=None):
        """``(loss, trace, dh)``: the mean cross-entropy, the recurrent layer's forward trace
        and ∂L/∂h_t from the output layer at every step, (B, T, H): what BPTT, full or
        truncated, starts from (chapter 4). ``x_ids``, ``y_ids``: (B, T); ``h0``: (B, H)."""
        loss, trace, dh, _ = self._forward(x_ids, y_ids, h0)
        return loss, trace, dh

    def loss_and_grads(self, x_ids, y_ids, h0=None, *, k=None):
        """Mean cross-entropy (nats per character) and ``{name: gradient}``; also h_T.

        ``x_ids``, ``y_ids``: integer arrays (B, T); ``h0``: (B, H) or None. ``k``: None for
        full BPTT over the T steps, or a window length 1 <= k <= T for truncated BPTT
        (:func:`gru_lab.tbptt.truncated_bptt`, chapter 4). Pass the returned h_T as the next
        batch's ``h0`` to carry the state across batches: it enters as a constant.
        """
        loss, trace, dh, head_grads = self._forward(x_ids, y_ids, h0)
        if k is None:
            cell_grads, _, _ = _back(self.cell, trace, dh=dh)
        else:
            cell_grads = truncated_bptt(trace, self.cell, k, dh=dh).grads
        return loss, self._collect(cell_grads, head_grads), trace.h_last

    def sample(self, prefix_ids, length: int, *, temperature: float = 1.0, seed=None):
        """Generate ``length`` ids after ``prefix_ids`` by sampling softmax(logits / τ)."""
        rng = np.random.default_rng(seed)
        prefix_ids = np.asarray(prefix_ids)
        if prefix_ids.ndim != 1 or prefix_ids.size == 0:
            raise ValueError(MESSAGES["prefix"].format(shape=prefix_ids.shape))
        trace = _run(self.cell, one_hot(prefix_ids, self.vocab_size))
        h, out = trace.h_last, []
        for _ in range(int(length)):
            p = softmax(dense_forward(h, self.head), temperature=temperature)
            nxt = int(rng.choice(self.vocab_size, p=p))
            out.append(nxt)
            h = _run(self.cell, one_hot([nxt], self.vocab_size), h0=h).h_last
        return out


class SequenceClassifier(_Model):
    """Sequence (B, T, D) → GRU (or tanh RNN) → last state → softmax over K classes.

    The many-to-one model of chapter 4's long-range task and the sentiment chapter.
    """

    def __init__(self, input_size: int, hidden_size: int, num_classes: int, *,
                 cell: str = "gru", seed=None, reset_after: bool = False):
        D = _positive_int("input_size", input_size)
        H = _positive_int("hidden_size", hidden_size)
        K = _positive_int("num_classes", num_classes)
        rng = np.random.default_rng(seed)
        self.cell = _cell_params(cell, D, H, rng.integers(2**31), reset_after)
        self.head = DenseParams.init(H, K, seed=rng.integers(2**31))

    def logits(self, x):
        """(B, T, D) → (B, K)."""
        return dense_forward(_run(self.cell, x).h_last, self.head)

    def predict(self, x):
        return np.argmax(self.logits(x), axis=-1)

    def loss_and_grads(self, x, y):
        """Mean cross-entropy over the batch and ``{name: gradient}``. ``y``: (B,) ints."""
        trace = _run(self.cell, x)
        logits = dense_forward(trace.h_last, self.head)
        loss, dlogits = cross_entropy(logits, y)
        head_grads, dh_last = dense_backward(trace.h_last, dlogits, self.head)
        cell_grads, _, _ = _back(self.cell, trace, dh_last=dh_last)
        return loss, self._collect(cell_grads, head_grads)


def fit(model, batches, *, optimizer=None, steps: int, clip: float | None = 5.0,
        callback=None) -> dict[str, list]:
    """A tiny training loop: ``steps`` updates on ``(inputs, targets)`` from ``batches``.

    ``batches``: an iterator (or a function of the step number) giving ``(x, y)``.
    Returns ``{"loss": [...], "grad_norm": [...]}``, one entry per step. ``callback(step,
    loss)`` is called after each step (for printing progress).
    """
    optimizer = optimizer or Adam(1e-2)
    params = model.parameters()
    history = {"loss": [], "grad_norm": []}
    for step in range(int(steps)):
        x, y = batches(step) if callable(batches) else next(batches)
        out = model.loss_and_grads(x, y)
        loss, grads = out[0], out[1]
        norm = clip_grad_norm(grads, clip) if clip else global_norm(grads)
        optimizer.step(params, grads)
        history["loss"].append(float(loss))
        history["grad_norm"].append(norm)
        if callback is not None:
            callback(step, loss)
    return history
