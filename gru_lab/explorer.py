"""The gate explorer (chapter 2): one view, on the static website and in a live notebook.

Chapter 2 ("The GRU's gates"), the page "The gate explorer" and the applications show it with
one call::

    import gru_lab.explorer as ge
    ex = ge.show(ge.demo_params(), inputs=ge.DEMO_INPUTS, encoder="chars", vocab=ge.DEMO_VOCAB,
                 sliders=["b_z"])

The view is one JavaScript module, ``gru_lab/explorer.js``: it runs the GRU forward pass in the
browser (equal to :func:`gru_lab.gru_forward` within 1e-6, both ``reset_after`` variants and
the vanilla RNN), draws the heatmaps of z, r, ĥ and h and a line plot, and handles every
control (time cursor, click, arrow keys, Home/End, inputs, typing, models, weight sliders,
Keras's z) with no round trip to a kernel. :class:`GateExplorer` shows it two ways:

* **live** (a notebook with a kernel: JupyterLab, Notebook 7, VS Code, Colab): an anywidget
  widget (:class:`gru_lab.widgets.ExplorerWidget`) whose ``_esm`` is that file. Python sends
  the weights, the inputs and (for an encoder that is Python code) the traces as traitlets,
  arrays as binary buffers, and reads back what the reader did: :attr:`GateExplorer.params`,
  :attr:`GateExplorer.trace`, ``text``, ``cursor``, ``units``.
* **static** (the website, built by ``tools/execute_chapters.py``, which sets
  ``GRU_LAB_EXPLORER=static``; or no kernel): ``_repr_html_`` is a ``<div>`` with a fallback
  (text and a picture, for readers without JavaScript) and a ``<script type="module">`` that
  inlines the same file and mounts it with the data as JSON (both languages' words; the page's
  ``<html lang>`` picks).

A front end that runs no JavaScript (nbconvert to PDF, a terminal) gets ``text/plain``: a
sentence that names the model and the input. The words, colours, default units, blank-token
signs and the values table's columns are in :mod:`gru_lab.explorer_model`.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import math
import os
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .explorer_model import MAX_LENGTH, MESSAGES, all_view_strings, default_units, style
from .explorer_model import view_strings as _view_strings
from .gru import GRUParams, gru_forward
from .i18n import html_by_language
from .rnn import RNNParams, rnn_forward

__all__ = [
    "Encoder", "GateExplorer", "show", "demo_params", "demo_encoder",
    "DEMO_VOCAB", "DEMO_INPUTS", "resolve_sliders", "apply_sliders", "as_params",
    "normalize_models", "run_model", "model_json", "js_source",
]

_JS_FILE = "explorer.js"
#: ``GRU_LAB_EXPLORER=static`` (set by the book's build) makes every explorer static HTML.
ENV_VAR = "GRU_LAB_EXPLORER"


# ---------------------------------------------------------------------------------------------
# Encoders: text → x (T, D), the same in Python and in the browser.
# ---------------------------------------------------------------------------------------------
@dataclass
class Encoder:
    """Text → inputs ``x`` (T, D) and token labels, reproducible in the browser.

    ``kind``: ``"chars"`` (each character a token) or ``"words"`` (runs of letters/digits, and
    each punctuation mark). ``vocab``: the token list (index = id). ``embedding``: optional
    (V, D) matrix, row i the vector of token i (an embedding lookup, chapter 5); without it
    the inputs are one-hot, D = V (chapter 1). ``lower``: lower-case the text first. ``unk``:
    a token used for out-of-vocabulary tokens; without it their x_t is the zero vector.
    """

    vocab: list
    kind: str = "chars"
    embedding: np.ndarray | None = None
    lower: bool = False
    unk: str | None = None

    def __post_init__(self):
        if self.kind not in ("chars", "words"):
            raise ValueError(MESSAGES["err_kind"].format(kind=self.kind))
        self.vocab = list(self.vocab)
        if not self.vocab:
            raise ValueError(MESSAGES["err_vocab_empty"])
        if self.kind == "chars" and any(len(c) != 1 for c in self.vocab):
            raise ValueError(MESSAGES["err_chars_vocab"].format(
                bad=[c for c in self.vocab if len(c) != 1][:5]))
        self._index = {tok: i for i, tok in enumerate(self.vocab)}
        if len(self._index) != len(self.vocab):
            raise ValueError(MESSAGES["err_vocab_repeated"])
        if self.unk is not None and self.unk not in self._index:
            raise ValueError(MESSAGES["err_unk"].format(unk=self.unk))
        if self.embedding is not None:
            E = np.asarray(self.embedding, dtype=float)
            if E.ndim != 2 or E.shape[0] != len(self.vocab):
                raise ValueError(MESSAGES["err_embedding"].format(V=len(self.vocab),
                                                                 shape=E.shape))
            self.embedding = np.asarray(self.embedding)

    @classmethod
    def chars(cls, vocab, *, lower: bool = False, unk: str | None = None, embedding=None):
        """One token per character; ``vocab`` a string or list of characters."""
        return cls(list(vocab), kind="chars", lower=lower, unk=unk, embedding=embedding)

    @classmethod
    def words(cls, vocab, *, embedding=None, lower: bool = True, unk: str | None = None):
        """Word tokens (``\\w+`` runs and single punctuation marks)."""
        return cls(list(vocab), kind="words", lower=lower, unk=unk, embedding=embedding)

    @property
    def input_size(self) -> int:
        """D: the vocab size (one-hot) or the embedding width."""
        return len(self.vocab) if self.embedding is None else self.embedding.shape[1]

    def tokenize(self, text: str) -> list[str]:
        """The tokens of ``text`` (the same rule as the browser's)."""
        text = text.lower() if self.lower else text
        if self.kind == "chars":
            return list(text)
        return re.findall(r"\w+|[^\w\s]", text)

    def ids(self, tokens) -> list[int]:
        """Token ids; −1 for an unknown token when there is no ``unk``."""
        fallback = -1 if self.unk is None else self._index[self.unk]
        return [self._index.get(t, fallback) for t in tokens]

    def __call__(self, text: str):
        """``text`` → ``(x, tokens)``: ``x`` (T, D) float64, ``tokens`` a list of T strings."""
        tokens = self.tokenize(text)
        ids = self.ids(tokens)
        D = self.input_size
        x = np.zeros((len(tokens), D))
        for t, i in enumerate(ids):
            if i < 0:
                continue
            if self.embedding is None:
                x[t, i] = 1.0
            else:
                x[t] = self.embedding[i]
        return x, tokens

    def spec(self, binary: bool = False) -> dict:
        """What the view needs to encode text the same way (the embedding packed: base64, or
        bytes for a widget's binary buffer)."""
        return {"kind": self.kind, "vocab": self.vocab, "lower": self.lower,
                "unk": None if self.unk is None else self._index[self.unk],
                "embedding": None if self.embedding is None else _pack(self.embedding, binary)}


def _make_encoder(encoder, vocab=None, embedding=None):
    """``"chars"``/``"words"`` (+ vocab) → :class:`Encoder`; an Encoder or callable as is."""
    if isinstance(encoder, Encoder) or (callable(encoder) and not isinstance(encoder, str)):
        return encoder
    if encoder in ("chars", "words"):
        if vocab is None:
            raise ValueError(MESSAGES["err_needs_vocab"].format(encoder=encoder))
        return Encoder(list(vocab), kind=encoder, embedding=embedding,
                       lower=(encoder == "words"))
    raise ValueError(MESSAGES["err_encoder"].format(encoder=encoder))


# ---------------------------------------------------------------------------------------------
# Models and weight sliders
# ---------------------------------------------------------------------------------------------
def as_params(model):
    """A GRUParams, an RNNParams, or a Keras GRU layer (read with :func:`gru_lab.from_keras`)."""
    if isinstance(model, (GRUParams, RNNParams)):
        return model
    if hasattr(model, "get_weights"):
        from .keras_bridge import from_keras

        return from_keras(model)
    raise TypeError(MESSAGES["err_model_type"].format(type=type(model).__name__))


def normalize_models(models, encoder="chars", vocab=None, embedding=None,
                     name: str | None = None) -> dict:
    """``{name: (params, encoder)}`` from what a chapter passes.

    ``models``: one model (GRUParams, RNNParams or Keras layer), or a dict
    ``{name: model}`` or ``{name: (model, encoder)}``. ``encoder``/``vocab``/``embedding``:
    the default encoder (see :class:`Encoder`).
    """
    if not isinstance(models, dict):
        default = MESSAGES["default_rnn" if isinstance(models, RNNParams) else "default_gru"]
        models = {name or default: models}
    enc0 = None
    out = {}
    for key, value in models.items():
        if isinstance(value, tuple):
            model, enc = value
            enc = _make_encoder(enc, vocab, embedding)
        else:
            model = value
            if enc0 is None:
                enc0 = _make_encoder(encoder, vocab, embedding)
            enc = enc0
        params = as_params(model)
        for weight, a in params.arrays().items():  # NaN/inf: named, with the shape
            _check_array(f"{weight} (model {key!r})", a, a.shape)
        D = params.input_size
        if isinstance(enc, Encoder) and enc.input_size != D:
            raise ValueError(MESSAGES["err_input_size"].format(key=key, D=D,
                                                             size=enc.input_size))
        out[str(key)] = (params, enc)
    if not out:
        raise ValueError(MESSAGES["err_no_model"])
    return out


def resolve_sliders(params, sliders, encoder=None, *, span: float = 6.0) -> list[dict]:
    """Weight sliders as dicts ``{name, index, label, value, min, max, step}``.

    ``sliders``: None, ``"biases"`` (every bias element), or a list whose items are a name
    (``"b_z"``: every element of that array), ``(name, j)`` for a bias element,
    ``(name, i, j)`` for a matrix element (for ``W_*`` the row ``i`` may be a token of the
    encoder's vocab, e.g. ``("W_z", " ", 0)``), or a dict with ``name``, ``index`` and
    optional ``min``/``max``/``step``. By default the range spans 0 and the weight, ± ``span``.
    """
    if sliders is None:
        return []
    if sliders == "biases":
        sliders = [n for n in params.names() if n.startswith(("b", "c"))]
    names = params.names()
    out = []
    for item in sliders:
        spec = dict(item) if isinstance(item, dict) else None
        if spec is None:
            item = (item,) if isinstance(item, str) else tuple(item)
            spec = {"name": item[0], "index": list(item[1:])}
        name = spec["name"]
        if name not in names:
            raise ValueError(MESSAGES["err_no_weight"].format(name=name, names=", ".join(names)))
        arr = getattr(params, name)
        index = list(spec.get("index", []))
        if not index:  # every element
            for idx in itertools.product(*(range(n) for n in arr.shape)):
                out.append(_slider(params, {**spec, "index": list(idx)}, encoder, span))
            continue
        out.append(_slider(params, spec, encoder, span))
    return out


def _slider(params, spec, encoder, span):
    name = spec["name"]
    arr = getattr(params, name)
    index = list(spec["index"])
    shown = list(index)
    if len(index) == 2 and isinstance(index[0], str):
        if not isinstance(encoder, Encoder) or index[0] not in encoder.vocab:
            raise ValueError(MESSAGES["err_slider_token"].format(name=name, token=index[0]))
        index[0] = encoder.vocab.index(index[0])
    if len(index) != arr.ndim:
        raise ValueError(MESSAGES["err_slider_rank"].format(name=name, shape=arr.shape,
                                                          ndim=arr.ndim, index=index))
    for k, (i, n) in enumerate(zip(index, arr.shape, strict=True)):
        if not 0 <= int(i) < n:
            raise ValueError(MESSAGES["err_slider_range"].format(name=name, index=index, k=k, n=n))
    index = [int(i) for i in index]
    value = float(arr[tuple(index)])
    shown = [repr(s) if isinstance(s, str) else str(s) for s in shown]
    lo = spec.get("min", math.floor(min(value, 0.0) - span))
    hi = spec.get("max", math.ceil(max(value, 0.0) + span))
    return {"name": name, "index": index, "label": f"{name}[{', '.join(shown)}]",
            "value": value, "min": float(lo), "max": float(hi),
            "step": float(spec.get("step", 0.1))}


def apply_sliders(params, sliders: list[dict], values) -> GRUParams | RNNParams:
    """A copy of ``params`` with ``values[k]`` written at ``sliders[k]``'s place."""
    new = params.copy()
    for s, v in zip(sliders, values, strict=True):
        getattr(new, s["name"])[tuple(s["index"])] = v
    return new


def run_model(params, x):
    """``gru_forward`` or ``rnn_forward`` of one sequence ``x`` (T, D)."""
    if isinstance(params, GRUParams):
        return gru_forward(x, params)
    return rnn_forward(x, params)


# ---------------------------------------------------------------------------------------------
# The demo model for chapter 2
# ---------------------------------------------------------------------------------------------
#: The demo model's characters: space, a, b, c and the full stop.
DEMO_VOCAB = " abc."
#: Prepared inputs for the demo model.
DEMO_INPUTS = ["ab ba cab.", "a bb cc a.", "cab. bac. abc"]


def demo_params(hidden_size: int = 3, *, reset_after: bool = False) -> GRUParams:
    """A hand-set GRU on one-hot characters of :data:`DEMO_VOCAB` (D = 5), H = 2, 3 or 4.

    Unit 0 remembers "this word has an a": its update gate opens on ``a`` (writing +1) and on a
    space (writing −1) and stays shut otherwise, so the state is copied forward.
    Unit 1 follows unit 0 through the candidate, h_{t−1} U_h, with z = 1/2; the reset gate
    shuts on ``.``, so there the candidate forgets the past.
    Unit 2 is slow (z ≈ 0.12): a leaky average of "the input is a b".
    Unit 3 has no memory (z ≈ 1): h is +1 on a space and −1 otherwise.
    Chapter 2 explains each role with equations ``gru-z`` to ``gru-h``.
    """
    if hidden_size not in (2, 3, 4):
        raise ValueError(MESSAGES["err_hidden_size"].format(hidden_size=hidden_size))
    idx = {c: i for i, c in enumerate(DEMO_VOCAB)}
    D, H = len(DEMO_VOCAB), 4
    W_z, W_r, W_h = np.zeros((D, H)), np.zeros((D, H)), np.zeros((D, H))
    U_z, U_r, U_h = np.zeros((H, H)), np.zeros((H, H)), np.zeros((H, H))
    b_z = np.array([-4.0, 0.0, -2.0, 6.0])
    b_r = np.full(H, 4.0)
    b_h = np.array([0.0, 0.0, -1.0, -3.0])
    W_z[idx["a"], 0] = W_z[idx[" "], 0] = 8.0            # unit 0 writes on "a" and on space
    W_h[idx["a"], 0], W_h[idx[" "], 0] = 3.0, -3.0
    U_h[0, 1], U_h[1, 1] = 2.0, 0.5                        # unit 1 follows unit 0
    W_r[idx["."], :] = -8.0                                # "." shuts every reset gate
    W_h[idx["b"], 2] = 4.0                                 # unit 2: leaky "is a b"
    W_h[idx[" "], 3] = 6.0                                 # unit 3: "is a space", no memory
    s = slice(0, hidden_size)
    kw = {"W_z": W_z[:, s], "W_r": W_r[:, s], "W_h": W_h[:, s], "U_z": U_z[s, s],
          "U_r": U_r[s, s], "U_h": U_h[s, s], "b_z": b_z[s], "b_r": b_r[s], "b_h": b_h[s]}
    if reset_after:
        kw["c_h"] = np.zeros(hidden_size)
    return GRUParams(**kw, reset_after=reset_after)


def demo_encoder() -> Encoder:
    """One-hot characters of :data:`DEMO_VOCAB` (other characters → the zero vector)."""
    return Encoder.chars(DEMO_VOCAB)


# ---------------------------------------------------------------------------------------------
# Data for the view
# ---------------------------------------------------------------------------------------------
def _pack(a, binary: bool = False) -> dict:
    """An array as little-endian float32 (when that is exact) or float64: base64 text for the
    static page, or raw ``bytes`` that a widget sends as a binary buffer (``binary=True``)."""
    a = np.asarray(a)
    a64 = a.astype("<f8")
    a32 = a64.astype("<f4")
    exact32 = a.dtype == np.float32 or np.array_equal(a32.astype("<f8"), a64, equal_nan=True)
    data = (a32 if exact32 else a64).tobytes()
    out = {"dtype": "f4" if exact32 else "f8", "shape": list(a.shape)}
    if binary:
        out["buffer"] = data
    else:
        out["b64"] = base64.b64encode(data).decode("ascii")
    return out


def _pack_trace(params, x, tokens, binary: bool = False) -> dict:
    """A trace computed here (for an encoder that is Python code): tokens and packed arrays."""
    tr = run_model(params, np.asarray(x, dtype=float).reshape(len(tokens), params.input_size))
    keys = ("z", "r", "h_tilde", "h") if isinstance(params, GRUParams) else ("h",)
    return {"tokens": [str(t) for t in tokens],
            **{k: _pack(getattr(tr, k), binary) for k in keys}}


def model_json(name: str, params, encoder, inputs, sliders=None, binary: bool = False) -> dict:
    """What the view needs for one model: weights + encoder (it computes the traces), or for an
    encoder that is Python code the traces of the prepared inputs themselves."""
    gru = isinstance(params, GRUParams)
    enc = isinstance(encoder, Encoder)
    entry = {"name": name, "kind": "gru" if gru else "rnn",
             "reset_after": bool(getattr(params, "reset_after", False)),
             "D": params.input_size, "H": params.hidden_size,
             "weights": {n: _pack(a, binary) for n, a in params.arrays().items()},
             "sliders": resolve_sliders(params, sliders, encoder) if gru else [],
             "encoder": encoder.spec(binary) if enc else None,
             "traces": None}
    if not enc:  # the browser cannot encode: send every prepared input's trace
        entry["traces"] = [_pack_trace(params, *encoder(text), binary=binary) for text in inputs]
    return entry


def js_source() -> str:
    """The text of ``gru_lab/explorer.js``, the explorer's one view (an ES module)."""
    return resources.files("gru_lab").joinpath(_JS_FILE).read_text(encoding="utf-8")


def _json_for_script(obj) -> str:
    """JSON safe inside ``<script>``: ``</`` and ``<!--`` escaped (no NaN: arrays are packed)."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (text.replace("</", "<\\/").replace("<!--", "<\\!--")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _live_default() -> bool:
    """True in a notebook kernel where anywidget is installed, unless ``GRU_LAB_EXPLORER`` is
    ``static`` (the book's build sets it: the website shows the static view)."""
    if os.environ.get(ENV_VAR, "").strip().lower() == "static":
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return False
    try:
        import anywidget  # noqa: F401
    except ImportError:
        return False
    return True


def _check_array(name: str, value, expected: tuple) -> np.ndarray:
    """``value`` as a float array of shape ``expected`` with finite entries, else ValueError
    naming ``name``, the expected shape and what was given."""
    try:
        a = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(MESSAGES["err_weight_shape"].format(
            name=name, expected=expected, shape=type(value).__name__)) from None
    if a.shape != tuple(expected):
        raise ValueError(MESSAGES["err_weight_shape"].format(name=name, expected=expected,
                                                             shape=a.shape))
    bad = int(np.size(a) - np.count_nonzero(np.isfinite(a)))
    if bad:
        raise ValueError(MESSAGES["err_weight_nan"].format(name=name, expected=expected,
                                                           count=bad))
    return a


class GateExplorer:
    """The gate explorer (chapter 2): heatmaps of z, r, ĥ, h over time, a line plot and the
    values at a time cursor, with the controls of :mod:`gru_lab.explorer`'s view.

    ``models``: one model or ``{name: model}`` / ``{name: (model, encoder)}`` (a GRUParams, an
    RNNParams for comparison, or a Keras GRU layer). ``inputs``: prepared texts. ``encoder``,
    ``vocab``, ``embedding``: the default encoder (``"chars"``, ``"words"``, an
    :class:`Encoder`, or a function text → (x (T, D), tokens), which runs in the kernel).
    ``sliders``: weight sliders (see :func:`resolve_sliders`). ``units``: the units first
    drawn as lines. ``keras_z``: start with Keras's z. ``live``: None (a widget when a kernel
    with anywidget runs it, else static HTML), True or False.

    What the reader did, read back (live) or as set: :attr:`model_name`, :attr:`text`,
    :attr:`cursor`, :attr:`units`, :attr:`keras_z`, :attr:`params` (the weights with the
    reader's slider edits), :attr:`trace` (:func:`gru_lab.gru_forward` of :attr:`text`).
    """

    def __init__(self, models, inputs, *, encoder="chars", vocab=None, embedding=None,
                 sliders=None, units=None, keras_z: bool = False, title: str | None = None,
                 fallback_png: bool = True, name: str | None = None, live: bool | None = None):
        if isinstance(inputs, str):
            inputs = [inputs]
        self.inputs = [str(s)[:MAX_LENGTH] for s in inputs]
        if not self.inputs or not all(self.inputs):
            raise ValueError(MESSAGES["err_inputs"])
        self.models = normalize_models(models, encoder, vocab, embedding, name=name)
        self._slider_spec = sliders
        self._units0 = None if units is None else [int(u) for u in units]
        self.title = title
        self.fallback_png = fallback_png
        self.live = _live_default() if live is None else bool(live)
        first = next(iter(self.models))
        self._state = {"model": first, "input": 0, "text": self.inputs[0], "own": "",
                       "cursor": 0, "units": default_units(self._hidden(first), units),
                       "keras_z": bool(keras_z), "edits": {}}
        self._widget = None
        self._counter = itertools.count()

    # ---- the reader's settings ------------------------------------------------------------
    def _hidden(self, name) -> int:
        return self.models[name][0].hidden_size

    @property
    def state(self) -> dict:
        """The reader's settings: model, input (−1: their own text), text, cursor, units,
        keras_z and ``edits`` ({model: slider values}); live, as the view last reported."""
        if self._widget is not None:
            st = dict(self._widget.state)
            if st:
                self._state.update(st)
        return dict(self._state)

    def _set_state(self, **changes):
        st = {**self.state, **changes}
        self._state = st
        if self._widget is not None:
            self._widget.state = st

    @property
    def model_name(self) -> str:
        """The name of the model shown."""
        return self.state["model"]

    @property
    def text(self) -> str:
        """The input shown (a prepared one or the reader's own)."""
        return self.state["text"]

    @text.setter
    def text(self, value: str):
        value = str(value)[:MAX_LENGTH]
        k = self.inputs.index(value) if value in self.inputs else -1
        self._set_state(text=value, input=k, own=value if k < 0 else self.state["own"])

    @property
    def cursor(self) -> int:
        """The time step under the cursor."""
        return int(self.state["cursor"])

    @cursor.setter
    def cursor(self, t: int):
        T = len(self.tokens)
        if not isinstance(t, (int, np.integer)) or not 0 <= int(t) < max(T, 1):
            raise ValueError(MESSAGES["err_cursor"].format(T=T, cursor=t))
        self._set_state(cursor=int(t))

    @property
    def units(self) -> list[int]:
        """The units drawn as lines and listed in the table."""
        return [int(u) for u in self.state["units"]]

    @units.setter
    def units(self, units):
        H = self._hidden(self.model_name)
        units = list(units)
        if not units or not all(isinstance(u, (int, np.integer)) and 0 <= u < H for u in units):
            raise ValueError(MESSAGES["err_units"].format(H=H, units=units))
        self._set_state(units=[int(u) for u in units])

    @property
    def keras_z(self) -> bool:
        """Whether the view shows Keras's z (1 − z)."""
        return bool(self.state["keras_z"])

    def set_model(self, name: str):
        """Show the model called ``name`` (its weight edits, if any, are kept)."""
        if name not in self.models:
            raise ValueError(MESSAGES["err_model_name"].format(names=list(self.models),
                                                               name=name))
        self._set_state(model=name, units=default_units(self._hidden(name), self.units))

    def sliders(self, name: str | None = None) -> list[dict]:
        """The weight sliders of model ``name`` (default: the one shown)."""
        params, enc = self.models[name or self.model_name]
        spec = self._slider_spec if isinstance(params, GRUParams) else None
        return resolve_sliders(params, spec, enc)

    @property
    def params(self) -> GRUParams | RNNParams:
        """The shown model's weights with the reader's slider edits (a copy)."""
        name = self.model_name
        base = self.models[name][0]
        values = self.state["edits"].get(name)
        sliders = self.sliders(name)
        if values is None or len(values) != len(sliders):
            return base.copy()
        return apply_sliders(base, sliders, [float(v) for v in values])

    def encode(self, text: str | None = None):
        """``(x (T, D), tokens)`` of ``text`` (default: :attr:`text`) with the shown model's
        encoder."""
        x, tokens = self.models[self.model_name][1](self.text if text is None else text)
        return np.asarray(x, dtype=float), [str(t) for t in tokens]

    @property
    def tokens(self) -> list[str]:
        """The tokens of :attr:`text`."""
        return self.encode()[1]

    @property
    def trace(self):
        """:func:`gru_lab.gru_forward` (or ``rnn_forward``) of :attr:`text` with :attr:`params`
        (what the view shows); None for an empty input (the view says so)."""
        x, tokens = self.encode()
        if not tokens:
            return None
        return run_model(self.params, x.reshape(len(tokens), -1))

    # ---- new data from Python -------------------------------------------------------------
    def set_weights(self, model: str | None = None, **arrays):
        """Replace weights of ``model`` (default: the one shown), e.g. ``set_weights(b_z=...)``.

        Each array must have the weight's shape and finite values, or a ValueError names it,
        the expected shape and what was given; then nothing changes (the reader's settings
        stay). The reader's slider edits stay applied on top.
        """
        name = model or self.model_name
        if name not in self.models:
            raise ValueError(MESSAGES["err_model_name"].format(names=list(self.models),
                                                               name=name))
        params, enc = self.models[name]
        names = params.names()
        checked = {}
        for key, value in arrays.items():
            if key not in names:
                raise ValueError(MESSAGES["err_no_weight"].format(name=key,
                                                                  names=", ".join(names)))
            checked[key] = _check_array(key, value, getattr(params, key).shape)
        new = params.copy()
        for key, a in checked.items():
            getattr(new, key)[...] = a
        self.models[name] = (new, enc)
        self._push_models()

    def add_model(self, name: str, model, encoder=None, *, show: bool = True):
        """Add (or replace) a model, e.g. one just trained; ``encoder``: default, the first
        model's. Shows it unless ``show=False``."""
        enc = encoder if encoder is not None else next(iter(self.models.values()))[1]
        new = normalize_models({name: (model, enc)})
        self.models.update(new)
        self._push_models()
        if show:
            self.set_model(name)

    def _models_data(self, binary: bool) -> list[dict]:
        return [model_json(n, p, e, self.inputs, self._slider_spec, binary=binary)
                for n, (p, e) in self.models.items()]

    def _push_models(self):
        if self._widget is not None:
            self._widget.models = self._models_data(binary=True)

    # ---- the live widget ------------------------------------------------------------------
    @property
    def widget(self):
        """The anywidget widget (made on first use; needs ``anywidget``)."""
        if self._widget is None:
            from .widgets import ExplorerWidget

            self._widget = ExplorerWidget(
                strings=_view_strings(), view_style=style(), inputs=self.inputs,
                models=self._models_data(binary=True), units=self._units0,
                keras_z=self._state["keras_z"], heading=self.title, state=dict(self._state))
            self._widget.observe(self._on_request, names="request")
        return self._widget

    def _on_request(self, change):
        """The view asks for the trace of a typed text under a model whose encoder is Python
        code: compute it here and send it back (arrays as binary buffers)."""
        req = change["new"] or {}
        name, text = req.get("model"), str(req.get("text", ""))[:MAX_LENGTH]
        if name not in self.models:
            return
        params, enc = self.models[name]
        x, tokens = enc(text)
        packed = _pack_trace(params, x, tokens, binary=True) if len(tokens) else {"tokens": []}
        self._widget.py_trace = {"model": name, "text": text, **packed}

    # ---- the static view ------------------------------------------------------------------
    def data(self) -> dict:
        """The JSON-able description the static page embeds (both languages' words)."""
        return {"strings": all_view_strings(), "style": style(), "inputs": self.inputs,
                "models": self._models_data(binary=False), "units": self._units0,
                "keras_z": self._state["keras_z"], "title": self.title, "state": None}

    def _summary(self) -> dict:
        name = self.model_name
        return {"model": name, "text": self.text, "T": len(self.tokens),
                "H": self._hidden(name)}

    def _fallback_png(self, x, tokens) -> str:
        """The static picture of the encoded first input ``x``, as base64 PNG."""
        from .plots.gates import plot_gate_trace

        params = self.models[self.model_name][0]
        fig = plot_gate_trace(run_model(params, x), tokens, units=self.units, dpi=60,
                              keras_z=self.keras_z)
        import io

        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        import matplotlib.pyplot as plt

        plt.close(fig)
        return base64.b64encode(buf.getvalue()).decode("ascii")

    def _fallback(self) -> str:
        """What a reader without JavaScript sees: a sentence and the static picture (with its
        alt text), in the current language, or in every language while the book is built."""
        s = self._summary()
        x, tokens = self.encode(self.inputs[0])
        png = self._fallback_png(x, tokens) if self.fallback_png else None

        def render() -> str:
            text = f"<p>{html.escape(MESSAGES['fallback'])}</p>"
            if png is None:
                return text
            alt = MESSAGES["alt"].format(model=s["model"], text=self.inputs[0], T=len(tokens),
                                         H=s["H"], units=", ".join(map(str, self.units)))
            return (f'{text}<img src="data:image/png;base64,{png}" alt="{html.escape(alt)}" '
                    f'style="max-width:100%">')

        return f'<div class="grulab-fallback">{html_by_language(render)}</div>'

    def to_html(self, uid: str | None = None) -> str:
        """The static view: a ``<div>`` (with the fallback inside) and a module script that
        inlines ``explorer.js`` and mounts it (a fresh id each call)."""
        uid = uid or f"grulab-gx-{id(self):x}-{next(self._counter)}"
        return (
            f'<div id="{uid}" class="grulab-explorer">{self._fallback()}'
            f'</div>\n<script type="module">\n{js_source()}\n'
            f"mountById({json.dumps(uid)}, {_json_for_script(self.data())});\n</script>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = MESSAGES["text_fallback"].format(**self._summary())
        if self.live:
            data, meta = self.widget._repr_mimebundle_()
            return {**data, "text/plain": text}, meta
        return {"text/html": self.to_html(), "text/plain": text}

    def save(self, path) -> str:
        """A standalone HTML page of the static view (for file:// and tests); returns the path."""
        from pathlib import Path

        page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(self.title or MESSAGES['title'])}</title></head>"
                f"<body>\n{self.to_html()}\n</body></html>\n")
        Path(path).write_text(page, encoding="utf-8")
        return str(path)


def show(params, inputs, *, encoder="chars", vocab=None, embedding=None, sliders=None,
         units=None, keras_z: bool = False, compare=None, title: str | None = None,
         name: str | None = None, fallback_png: bool = True,
         live: bool | None = None) -> GateExplorer:
    """The one call chapters make: the gate explorer (chapter 2), live in a notebook with a
    kernel, static on the website.

    ``params``: a GRUParams, a Keras GRU layer, or ``{name: model}``. ``inputs``: prepared
    texts. ``encoder="chars"`` with ``vocab`` (one-hot characters), ``"words"`` with ``vocab``
    and optional ``embedding`` (V, D), an :class:`Encoder`, or a function text → (x, tokens).
    ``compare``: an RNNParams shown as a second model, "RNN", on the same inputs.
    Returns a :class:`GateExplorer`; a notebook cell displays it, and later cells read
    ``ex.params``, ``ex.trace``, ``ex.text``, ``ex.cursor``.
    """
    models = params if isinstance(params, dict) else {name or MESSAGES["default_gru"]: params}
    if compare is not None:
        models = {**models, MESSAGES["default_rnn"]: compare}
    return GateExplorer(models, inputs, encoder=encoder, vocab=vocab, embedding=embedding,
                        sliders=sliders, units=units, keras_z=keras_z, title=title,
                        fallback_png=fallback_png, live=live)
