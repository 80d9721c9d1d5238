"""The explorer's Python side (gru_lab.explorer.GateExplorer with its anywidget widget).

What these protect: the widget carries the one view (its ``_esm`` is explorer.js), arrays go
as binary buffers, the reader's settings read back into ``ex.params`` / ``ex.trace``, a model
whose encoder is Python code gets its traces from the kernel, bad weights raise a ValueError
that names the argument, the expected shape and what was given (and change nothing), the
static page and a terminal get a fallback, and ``import gru_lab`` stays light.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import gru_lab as gl
from gru_lab import explorer as ge
from gru_lab import explorer_model as em

pytest.importorskip("anywidget")


def _live(**kw):
    kw = {"vocab": ge.DEMO_VOCAB, "sliders": ["b_z"], "live": True, **kw}
    return ge.show(ge.demo_params(), ge.DEMO_INPUTS, **kw)


def test_widget_esm_is_the_static_pages_view():
    """One view: the widget's _esm is explorer.js, the file the static page inlines."""
    ex = _live()
    assert ex.widget._esm == ge.js_source()
    assert ge.js_source() in ex.to_html()
    assert "export default" in ge.js_source()


def test_arrays_travel_as_binary_buffers():
    """Weights reach the widget as bytes (ipywidgets sends them as binary buffers), never as
    JSON lists; the words are the current language's."""
    from ipywidgets.widgets.widget import _remove_buffers

    ex = _live()
    w = ex.widget
    state = w.get_state()
    _, paths, buffers = _remove_buffers(state)
    assert ["models", 0, "weights", "W_z", "buffer"] in paths
    assert len(buffers) >= len(ge.demo_params().arrays())
    np.testing.assert_array_equal(
        np.frombuffer(w.models[0]["weights"]["b_z"]["buffer"], "<f4"), ge.demo_params().b_z)
    assert w.strings == em.view_strings("en")


def test_chinese_strings_follow_the_language():
    gl.set_language("zh")
    try:
        ex = _live()
        assert ex.widget.strings["z"] == "更新门 z"
    finally:
        gl.set_language("en")


def test_reader_settings_read_back_into_params_and_trace():
    """What the view reports (state) is what the next cell continues from."""
    ex = _live()
    ex.widget.state = {**ex.widget.state, "input": -1, "text": "abc cab", "own": "abc cab",
                       "cursor": 3, "units": [1, 2], "edits": {"GRU": [2.0, 0.5, -1.0]}}
    assert ex.text == "abc cab" and ex.cursor == 3 and ex.units == [1, 2]
    np.testing.assert_array_equal(ex.params.b_z, [2.0, 0.5, -1.0])
    p = ge.demo_params()
    p.b_z[:] = [2.0, 0.5, -1.0]
    x, _ = ge.demo_encoder()("abc cab")
    np.testing.assert_allclose(ex.trace.h, gl.gru_forward(x, p).h)


def test_python_sets_the_cursor_and_model():
    ex = _live(compare=gl.RNNParams.init(5, 3, seed=0))
    ex.cursor = 4
    assert ex.widget.state["cursor"] == 4
    ex.set_model("RNN")
    assert ex.widget.state["model"] == "RNN" and isinstance(ex.params, gl.RNNParams)
    with pytest.raises(ValueError, match=r"cursor must be an integer in \[0, 10\); got 99"):
        ex.cursor = 99
    with pytest.raises(ValueError, match="model must be one of"):
        ex.set_model("LSTM")


def test_bad_weights_name_the_argument_and_change_nothing():
    """Wrong shape or NaN: ValueError with the name, the expected shape and what was given;
    the reader's settings (cursor, edits) survive."""
    ex = _live()
    ex.widget.state = {**ex.widget.state, "cursor": 5, "edits": {"GRU": [1.0, 1.0, 1.0]}}
    before = ex.widget.models
    with pytest.raises(ValueError, match=r"W_z must have shape \(5, 3\); got shape \(3, 5\)"):
        ex.set_weights(W_z=np.zeros((3, 5)))
    with pytest.raises(ValueError, match=r"b_r \(shape \(3,\)\) contains 1 NaN"):
        ex.set_weights(b_r=[0.0, np.nan, 0.0])
    with pytest.raises(ValueError, match="no weight named 'W_q'"):
        ex.set_weights(W_q=np.zeros(3))
    assert ex.widget.models is before and ex.cursor == 5
    np.testing.assert_array_equal(ex.params.b_z, [1.0, 1.0, 1.0])
    ex.set_weights(b_r=[0.0, 0.0, 0.0])
    np.testing.assert_array_equal(ex.params.b_r, 0.0)
    assert ex.widget.models is not before and ex.cursor == 5


def test_a_model_with_nan_is_refused_by_name():
    """A model handed to the explorer with a NaN weight: the ValueError names the weight, the
    model and the shape; adding one later leaves the explorer as it was."""
    bad = ge.demo_params()
    bad.U_h[0, 1] = np.nan
    with pytest.raises(ValueError, match=r"U_h \(model 'GRU'\) \(shape \(3, 3\)\) contains 1 NaN"):
        ge.show(bad, ge.DEMO_INPUTS, vocab=ge.DEMO_VOCAB, live=False)
    ex = _live()
    with pytest.raises(ValueError, match="U_h"):
        ex.add_model("bad", bad)
    assert list(ex.models) == ["GRU"] and ex.model_name == "GRU"


def test_python_encoder_asks_the_kernel():
    """A model whose encoder is Python code: the view asks (request), the kernel answers with
    the trace as binary buffers (py_trace); an empty text gets no steps."""
    enc = ge.demo_encoder()
    ex = ge.show(ge.demo_params(), ge.DEMO_INPUTS, encoder=lambda s: enc(s), live=True)
    w = ex.widget
    w.request = {"model": "GRU", "text": "cab"}
    assert w.py_trace["tokens"] == ["c", "a", "b"]
    h = np.frombuffer(w.py_trace["h"]["buffer"], "<f8" if w.py_trace["h"]["dtype"] == "f8"
                      else "<f4").reshape(3, 3)
    np.testing.assert_allclose(h, gl.gru_forward(enc("cab")[0], ge.demo_params()).h, atol=1e-6)
    w.request = {"model": "GRU", "text": ""}
    assert w.py_trace == {"model": "GRU", "text": "", "tokens": []}


def test_add_model_sends_it_and_shows_it():
    ex = _live()
    ex.add_model("reset after", ge.demo_params(reset_after=True))
    assert [m["name"] for m in ex.widget.models] == ["GRU", "reset after"]
    assert ex.model_name == "reset after" and ex.params.reset_after


def test_fallbacks_static_html_and_text():
    """Static: self-contained HTML (module script, fallback picture with alt text) and a text
    line; live: the widget view and the same text line (nbconvert to PDF, a terminal)."""
    static = ge.show(ge.demo_params(), ge.DEMO_INPUTS, vocab=ge.DEMO_VOCAB, live=False)
    bundle = static._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert '<script type="module">' in bundle["text/html"] and "alt=" in bundle["text/html"]
    assert "10 time steps" in bundle["text/plain"]
    data, _ = _live()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data and data["text/plain"]


def test_static_when_the_build_says_so(monkeypatch):
    """The book's build (GRU_LAB_EXPLORER=static) and a plain Python get the static view."""
    monkeypatch.setenv("GRU_LAB_EXPLORER", "static")
    assert not ge.show(ge.demo_params(), ge.DEMO_INPUTS, vocab=ge.DEMO_VOCAB).live
    monkeypatch.delenv("GRU_LAB_EXPLORER")
    assert not ge.show(ge.demo_params(), ge.DEMO_INPUTS, vocab=ge.DEMO_VOCAB).live  # no kernel


def test_static_page_embeds_both_languages():
    data = ge.show(ge.demo_params(), ge.DEMO_INPUTS, vocab=ge.DEMO_VOCAB, live=False).data()
    assert data["strings"]["en"]["r"] == "reset gate r"
    assert data["strings"]["zh"]["r"] == "重置门 r"
    assert set(data["strings"]["en"]) == set(em.VIEW_KEYS)


def test_import_gru_lab_is_light():
    """import gru_lab imports neither pyplot nor anywidget; the explorer module not anywidget."""
    code = ("import sys, gru_lab, gru_lab.explorer; "
            "print('matplotlib.pyplot' in sys.modules, 'anywidget' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]
