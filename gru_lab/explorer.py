"""The gate explorer for the static website: HTML + inline JavaScript, no kernel needed.

Chapter 2 ("The GRU's gates") and the page "The gate explorer" use it. A chapter calls one
function::

    import gru_lab.explorer as ge
    ge.show(ge.demo_params(), inputs=ge.DEMO_INPUTS, encoder="chars", vocab=ge.DEMO_VOCAB,
            sliders=["b_z"])

The returned :class:`GateExplorerHTML` renders (``_repr_html_``) a ``<div>`` and an inline
``<script>`` that embeds the model weights, the encoder (vocabulary, embedding) and the prepared
inputs as JSON. The script (``gru_lab/explorer.js``) runs the GRU forward pass in the browser
(it matches :func:`gru_lab.gru_forward` to 1e-6, both ``reset_after`` variants), draws the
heatmaps of z, r, ĥ and h on a canvas, and lets the reader scrub the time steps (slider,
click, arrow keys), hover for values, switch inputs and models, type an input, move weight
sliders and flip to Keras's z (1 − z). Nothing is loaded from another host; the page works
over http and file://, and in JupyterLab when the cell runs. A short fallback message and a
static PNG (with alt text) sit inside the ``<div>`` for readers without JavaScript.

The live-kernel counterpart, with matplotlib figures, is :class:`gru_lab.widgets.GateExplorer`.
Every reader-facing word of this module, the error messages included, is in :data:`LABELS`
(English; a translation keeps the keys and ``{placeholders}``). The browser gets the labels
(not the ``err_`` and ``default_`` entries, which Python uses itself); the few strings that
``explorer.js`` draws on its own are in the table at the top of that file.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import math
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .gru import GRUParams, gru_forward
from .plots._common import LINE_COLOURS, MARKERS
from .plots.gates import LABELS as GATE_LABELS
from .rnn import RNNParams, rnn_forward

__all__ = [
    "LABELS", "Encoder", "GateExplorerHTML", "show", "demo_params", "demo_encoder",
    "DEMO_VOCAB", "DEMO_INPUTS", "resolve_sliders", "apply_sliders", "as_params",
    "normalize_models",
]

#: Reader-facing words of the static explorer: the labels the browser shows, then the default
#: model names and the errors (explorer.js draws a few more words: its TEXT table).
LABELS = {
    "title": "Gate explorer",
    "model": "Model",
    "input": "Input",
    "own_input": "Your own input",
    "own_placeholder": "type here…",
    "own_option": "(your own input)",
    "time": "Time step",
    "prev": "◀",
    "next": "▶",
    "prev_label": "previous time step",
    "next_label": "next time step",
    "keras_z": "Show Keras's z (= 1 − z)",
    "units": "Units in the line plot and table",
    "weights": "Weights (move a slider: the browser recomputes every gate)",
    "reset_weights": "Reset weights",
    # the names of the gates and of a unit: shared with the static figures
    **{k: GATE_LABELS[k] for k in ("z", "z_keras", "r", "h_tilde", "h", "unit", "no_gates")},
    "step": "t",
    "lines": "Selected units over time: h (solid), z (dashed)",
    "lines_keras": "Selected units over time: h (solid), Keras z (dashed)",
    "values": "Values at the cursor",
    "heatmap_aria": "Heatmaps of z, r, ĥ and h: time steps across, units down. Tap or click "
                    "a step to move the time cursor there, or drag along the steps; the arrow "
                    "keys, Home and End move it too.",
    "lines_aria": "Line plot of the selected units over time",
    "cursor_status": "t = {t}, token “{token}”",
    "hover": "{gate}, unit {unit}, t = {t} “{token}”: {value}",
    "typing_needs_kernel": "Typing your own input for this model needs a live kernel "
                           "(its encoder is Python code).",
    "static_note": "Everything in this explorer runs in your browser, also on the static "
                   "website: the time cursor, hovering, the prepared inputs and models, your "
                   "own input and the weight sliders. Training a model or changing its Python "
                   "code needs a live kernel (Binder, Colab or JupyterLab: the rocket button "
                   "at the top of the page).",
    "fallback": "The interactive gate explorer needs JavaScript. If you opened this notebook "
                "in JupyterLab, run the cell (or trust the notebook) to see it. Below: a "
                "static picture of the first input.",
    "alt": "Heatmaps of the update gate z, the reset gate r, the candidate ĥ and the state h "
           "of model {model} on the input “{text}”: {T} time steps across, {H} units down; "
           "below them, lines of units {units} over time.",
    # the names a model gets when the chapter gives none
    "default_gru": "GRU",
    "default_rnn": "vanilla RNN",
    # errors (raised in Python, never sent to the browser)
    "err_kind": "kind must be 'chars' or 'words'; got {kind!r}.",
    "err_vocab_empty": "vocab is empty: give the list of tokens (e.g. a string of characters).",
    "err_chars_vocab": "a 'chars' vocab holds single characters; got {bad}.",
    "err_vocab_repeated": "vocab has repeated tokens; each token must appear once.",
    "err_unk": "unk={unk!r} is not in vocab.",
    "err_embedding": "embedding must have shape (V, D) with V = {V} (the vocab size); got shape "
                     "{shape}.",
    "err_needs_vocab": "encoder={encoder!r} needs vocab= (the list of tokens; for characters a "
                       "string such as ' abcdefghijklmnopqrstuvwxyz').",
    "err_encoder": "encoder must be 'chars', 'words', an Encoder or a function text → "
                   "(x (T, D), tokens); got {encoder!r}.",
    "err_model_type": "a model must be a GRUParams, an RNNParams or a Keras GRU layer; got "
                      "{type}.",
    "err_input_size": "model {key!r} takes inputs of size D = {D} but its encoder makes vectors "
                      "of size {size}; use the vocab (or embedding) the model was trained with.",
    "err_no_model": "no model given.",
    "err_no_weight": "no weight named {name!r} in this model; its weights are {names}.",
    "err_slider_token": "slider {name}[{token!r}, …]: the token {token!r} is not in the "
                        "encoder's vocab.",
    "err_slider_rank": "slider for {name} of shape {shape} needs {ndim} index(es); got {index}.",
    "err_slider_range": "slider index {name}{index}: position {k} must lie in [0, {n}).",
    "err_hidden_size": "hidden_size must be 2, 3 or 4; got {hidden_size!r}.",
    "err_inputs": "inputs must be a non-empty list of non-empty texts.",
}
#: Key prefixes of the entries Python uses itself (the browser gets every other label).
_PYTHON_ONLY = ("err_", "default_")

_MAX_LENGTH = 200
_JS_FILE = "explorer.js"


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
            raise ValueError(LABELS["err_kind"].format(kind=self.kind))
        self.vocab = list(self.vocab)
        if not self.vocab:
            raise ValueError(LABELS["err_vocab_empty"])
        if self.kind == "chars" and any(len(c) != 1 for c in self.vocab):
            raise ValueError(LABELS["err_chars_vocab"].format(
                bad=[c for c in self.vocab if len(c) != 1][:5]))
        self._index = {tok: i for i, tok in enumerate(self.vocab)}
        if len(self._index) != len(self.vocab):
            raise ValueError(LABELS["err_vocab_repeated"])
        if self.unk is not None and self.unk not in self._index:
            raise ValueError(LABELS["err_unk"].format(unk=self.unk))
        if self.embedding is not None:
            E = np.asarray(self.embedding, dtype=float)
            if E.ndim != 2 or E.shape[0] != len(self.vocab):
                raise ValueError(LABELS["err_embedding"].format(V=len(self.vocab),
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

    def spec(self) -> dict:
        """The JSON description the browser needs to encode text the same way."""
        return {"kind": self.kind, "vocab": self.vocab, "lower": self.lower,
                "unk": None if self.unk is None else self._index[self.unk],
                "embedding": None if self.embedding is None else _pack(self.embedding)}


def _make_encoder(encoder, vocab=None, embedding=None):
    """``"chars"``/``"words"`` (+ vocab) → :class:`Encoder`; an Encoder or callable as is."""
    if isinstance(encoder, Encoder) or (callable(encoder) and not isinstance(encoder, str)):
        return encoder
    if encoder in ("chars", "words"):
        if vocab is None:
            raise ValueError(LABELS["err_needs_vocab"].format(encoder=encoder))
        return Encoder(list(vocab), kind=encoder, embedding=embedding,
                       lower=(encoder == "words"))
    raise ValueError(LABELS["err_encoder"].format(encoder=encoder))


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
    raise TypeError(LABELS["err_model_type"].format(type=type(model).__name__))


def normalize_models(models, encoder="chars", vocab=None, embedding=None,
                     name: str | None = None) -> dict:
    """``{name: (params, encoder)}`` from what a chapter passes.

    ``models``: one model (GRUParams, RNNParams or Keras layer), or a dict
    ``{name: model}`` or ``{name: (model, encoder)}``. ``encoder``/``vocab``/``embedding``:
    the default encoder (see :class:`Encoder`).
    """
    if not isinstance(models, dict):
        default = LABELS["default_rnn" if isinstance(models, RNNParams) else "default_gru"]
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
        D = params.input_size
        if isinstance(enc, Encoder) and enc.input_size != D:
            raise ValueError(LABELS["err_input_size"].format(key=key, D=D,
                                                             size=enc.input_size))
        out[str(key)] = (params, enc)
    if not out:
        raise ValueError(LABELS["err_no_model"])
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
            raise ValueError(LABELS["err_no_weight"].format(name=name, names=", ".join(names)))
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
            raise ValueError(LABELS["err_slider_token"].format(name=name, token=index[0]))
        index[0] = encoder.vocab.index(index[0])
    if len(index) != arr.ndim:
        raise ValueError(LABELS["err_slider_rank"].format(name=name, shape=arr.shape,
                                                          ndim=arr.ndim, index=index))
    for k, (i, n) in enumerate(zip(index, arr.shape, strict=True)):
        if not 0 <= int(i) < n:
            raise ValueError(LABELS["err_slider_range"].format(name=name, index=index, k=k, n=n))
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
        raise ValueError(LABELS["err_hidden_size"].format(hidden_size=hidden_size))
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
# JSON for the browser
# ---------------------------------------------------------------------------------------------
def _pack(a) -> dict:
    """An array as base64 little-endian float32 (when that is exact) or float64."""
    a = np.asarray(a)
    a64 = a.astype("<f8")
    a32 = a64.astype("<f4")
    exact32 = a.dtype == np.float32 or np.array_equal(a32.astype("<f8"), a64)
    data = (a32 if exact32 else a64).tobytes()
    return {"dtype": "f4" if exact32 else "f8", "shape": list(a.shape),
            "b64": base64.b64encode(data).decode("ascii")}


def _finite_list(a) -> list:
    """A nested list with NaN/inf replaced by None (JSON has no NaN)."""
    a = np.asarray(a, dtype=float)
    return np.where(np.isfinite(a), a, np.nan).round(12).tolist() if a.size else []


def _clean(obj):
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def _json_for_script(obj) -> str:
    """JSON safe to place inside ``<script>``: no NaN/inf, ``</`` and ``<!--`` escaped."""
    text = json.dumps(_clean(obj), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (text.replace("</", "<\\/").replace("<!--", "<\\!--")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _colormap(name: str, n: int = 256) -> list[str]:
    from matplotlib import colormaps

    cmap = colormaps[name]
    rgb = (np.asarray(cmap(np.linspace(0, 1, n)))[:, :3] * 255).round().astype(int)
    return ["#{:02x}{:02x}{:02x}".format(*c) for c in rgb]


def model_json(name: str, params, encoder, inputs, sliders=None) -> dict:
    """What the browser needs for one model: weights + encoder (it computes the traces), or
    for a Python-only encoder the traces of the prepared inputs themselves."""
    gru = isinstance(params, GRUParams)
    entry = {"name": name, "kind": "gru" if gru else "rnn",
             "reset_after": bool(getattr(params, "reset_after", False)),
             "D": params.input_size, "H": params.hidden_size,
             "weights": {n: _pack(a) for n, a in params.arrays().items()},
             "sliders": resolve_sliders(params, sliders, encoder) if gru else [],
             "encoder": encoder.spec() if isinstance(encoder, Encoder) else None,
             "traces": None}
    if not isinstance(encoder, Encoder):  # the browser cannot encode: send every trace
        traces = []
        for text in inputs:
            x, tokens = encoder(text)
            tr = run_model(params, x)
            from .plots.gates import trace_arrays

            arr = trace_arrays(tr)
            traces.append({"tokens": [str(t) for t in tokens],
                           **{k: _finite_list(v) for k, v in arr.items()}})
        entry["traces"] = traces
    return entry


class GateExplorerHTML:
    """The static-site gate explorer (chapter 2): renders as HTML + inline JavaScript.

    ``models``: one model or ``{name: model}`` / ``{name: (model, encoder)}`` (a model is a
    GRUParams, an RNNParams for comparison, or a Keras GRU layer). ``inputs``: prepared texts.
    ``encoder``, ``vocab``, ``embedding``: the default encoder (``"chars"``, ``"words"``, an
    :class:`Encoder`, or a Python function text → (x (T, D), tokens); with a function the
    traces are computed here and typing needs a kernel). ``sliders``: weight sliders (see
    :func:`resolve_sliders`). ``units``: the units first shown as lines. ``keras_z``: start in
    Keras's z view. ``fallback_png``: put a static picture inside for readers without JS.
    """

    def __init__(self, models, inputs, *, encoder="chars", vocab=None, embedding=None,
                 sliders=None, units=None, keras_z: bool = False, title: str | None = None,
                 fallback_png: bool = True, max_length: int = _MAX_LENGTH,
                 name: str | None = None):
        if isinstance(inputs, str):
            inputs = [inputs]
        self.inputs = [str(s)[:max_length] for s in inputs]
        if not self.inputs or not all(self.inputs):
            raise ValueError(LABELS["err_inputs"])
        self.models = normalize_models(models, encoder, vocab, embedding, name=name)
        self.sliders = sliders
        self.units = None if units is None else [int(u) for u in units]
        self.keras_z = bool(keras_z)
        self.title = title
        self.fallback_png = fallback_png
        self.max_length = int(max_length)
        self._counter = itertools.count()

    def data(self) -> dict:
        """The JSON-able description embedded in the page."""
        return {
            "labels": {k: v for k, v in LABELS.items() if not k.startswith(_PYTHON_ONLY)},
            "cmaps": {"gate": _colormap("cividis"), "state": _colormap("PuOr")},
            "palette": list(LINE_COLOURS), "markers": list(MARKERS),
            "inputs": self.inputs,
            "models": [model_json(n, p, e, self.inputs, self.sliders)
                       for n, (p, e) in self.models.items()],
            "units": self.units, "keras_z": self.keras_z, "title": self.title,
            "max_length": self.max_length,
        }

    def _fallback_img(self) -> str:
        name, (params, enc) = next(iter(self.models.items()))
        from .plots.gates import plot_gate_trace

        text = self.inputs[0]
        x, tokens = enc(text)
        tr = run_model(params, x)
        H = params.hidden_size
        units = self.units or list(range(min(H, 4)))
        fig = plot_gate_trace(tr, tokens, units=units, dpi=60, keras_z=self.keras_z)
        import io

        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        alt = LABELS["alt"].format(model=name, text=text, T=len(tokens), H=H,
                                   units=", ".join(map(str, units)))
        b64 = base64.b64encode(buf.getvalue()).decode("ascii")
        return (f'<img src="data:image/png;base64,{b64}" alt="{html.escape(alt)}" '
                f'style="max-width:100%">')

    def to_html(self, uid: str | None = None) -> str:
        """The ``<div>`` + ``<script>`` fragment (a fresh id each call)."""
        uid = uid or f"grulab-gx-{id(self):x}-{next(self._counter)}"
        js = resources.files("gru_lab").joinpath(_JS_FILE).read_text(encoding="utf-8")
        img = self._fallback_img() if self.fallback_png else ""
        return (
            f'<div id="{uid}" class="grulab-explorer">'
            f'<div class="grulab-fallback"><p>{html.escape(LABELS["fallback"])}</p>{img}</div>'
            f"</div>\n<script>\n(function(){{\n{js}\n"
            f"GRULabExplorer.mount({json.dumps(uid)}, {_json_for_script(self.data())});\n"
            "})();\n</script>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def save(self, path) -> str:
        """A standalone HTML page (for file:// and tests); returns the path."""
        from pathlib import Path

        page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(self.title or LABELS['title'])}</title></head>"
                f"<body>\n{self.to_html()}\n</body></html>\n")
        Path(path).write_text(page, encoding="utf-8")
        return str(path)


def show(params, inputs, *, encoder="chars", vocab=None, embedding=None, sliders=None,
         units=None, keras_z: bool = False, compare=None, title: str | None = None,
         name: str | None = None, fallback_png: bool = True) -> GateExplorerHTML:
    """The one call chapters make: an explorer that works on the static site (chapter 2).

    ``params``: a GRUParams, a Keras GRU layer, or ``{name: model}``. ``inputs``: prepared
    texts. ``encoder="chars"`` with ``vocab`` (one-hot characters), ``"words"`` with ``vocab``
    and optional ``embedding`` (V, D), an :class:`Encoder`, or a function text → (x, tokens).
    ``compare``: an RNNParams shown as a second model "vanilla RNN" on the same inputs.
    Returns a :class:`GateExplorerHTML`; a notebook cell displays it.
    """
    models = params if isinstance(params, dict) else {name or LABELS["default_gru"]: params}
    if compare is not None:
        models = {**models, LABELS["default_rnn"]: compare}
    return GateExplorerHTML(models, inputs, encoder=encoder, vocab=vocab, embedding=embedding,
                            sliders=sliders, units=units, keras_z=keras_z, title=title,
                            fallback_png=fallback_png)
