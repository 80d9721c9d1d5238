"""The live gate explorer (gru_lab.widgets.GateExplorer): each control changes the state, and
the trace shown is always gru_forward's (or rnn_forward's) on the current input and weights."""


import numpy as np
import pytest

import gru_lab as gl
from gru_lab.explorer import DEMO_INPUTS, DEMO_VOCAB, demo_encoder, demo_params
from gru_lab.widgets import GateExplorer

pytest.importorskip("ipywidgets")

PNG = b"\x89PNG"


def _explorer(**kw):
    kw.setdefault("sliders", ["b_z"])
    return GateExplorer(demo_params(), DEMO_INPUTS, vocab=DEMO_VOCAB, **kw)


def _expected(text, params=None):
    x, _ = demo_encoder()(text)
    return gl.gru_forward(x, params or demo_params())


def _same_trace(a, b):
    for k in ("z", "r", "h_tilde", "h"):
        np.testing.assert_allclose(getattr(a, k), getattr(b, k), rtol=0, atol=1e-12)


def test_starts_on_the_first_input():
    """The explorer opens on the first demo input: its picture, tokens, trace, values table
    and one slider per unit of the chosen weight."""
    g = _explorer()
    assert bytes(g.image.value).startswith(PNG)
    assert g.tokens == list(DEMO_INPUTS[0])
    _same_trace(g.trace, _expected(DEMO_INPUTS[0]))
    assert "<table>" in g.values_html.value
    assert len(g.weight_sliders) == 3  # b_z of H = 3 units


def test_time_slider_moves_the_cursor_and_reuses_artists():
    """The time slider and the ◀ ▶ buttons move the cursor (clipped to the last step); the
    picture and the values follow, drawn with the same artists."""
    g = _explorer()
    meshes = dict(g.figure.images)
    png = g.image.value
    g.cursor_slider.value = 4
    assert g.cursor == 4 and g.figure.cursor == 4
    assert g.figure.images == meshes  # same artists, updated in place
    assert bytes(g.image.value) != bytes(png)
    np.testing.assert_array_equal(g.values_at_cursor()["h"], g.trace.h[4])
    assert f"{g.trace.h[4, 0]:+.4f}" in g.values_html.value
    g.next_button.click()
    assert g.cursor == 5
    g.prev_button.click()
    g.prev_button.click()
    assert g.cursor == 3 and g.cursor_slider.value == 3
    g.set_cursor(999)
    assert g.cursor == len(g.tokens) - 1


def test_choosing_an_input_recomputes():
    """Choosing another demo input shows gru_forward's trace on it; the time slider's range
    follows its length."""
    g = _explorer()
    g.input_select.value = 2
    assert g.text == DEMO_INPUTS[2]
    _same_trace(g.trace, _expected(DEMO_INPUTS[2]))
    assert g.cursor_slider.max == len(DEMO_INPUTS[2]) - 1


def test_typing_recomputes_and_selects_own_input():
    """Typed text is run through the GRU (an empty box gives one blank step, no error)."""
    g = _explorer()
    g.text_box.value = "cab ab"
    assert g.input_select.value == -1
    assert g.tokens == list("cab ab")
    _same_trace(g.trace, _expected("cab ab"))
    g.text_box.value = ""  # nothing typed: one blank step, no error
    assert g.trace.h.shape == (1, 3)


def test_weight_slider_reruns_the_forward_pass():
    """Moving a weight slider, or set_weight from code, reruns gru_forward with that weight;
    reset restores the original weights and sliders."""
    g = _explorer()
    g.weight_sliders[0].value = 2.0  # b_z[0]
    p = demo_params()
    p.b_z[0] = 2.0
    assert g.params.b_z[0] == 2.0
    _same_trace(g.trace, _expected(DEMO_INPUTS[0], p))
    g.set_weight(2, -1.0)  # from code: the slider follows
    assert g.weight_sliders[2].value == -1.0
    p.b_z[2] = -1.0
    _same_trace(g.trace, _expected(DEMO_INPUTS[0], p))
    g.reset_button.click()
    _same_trace(g.trace, _expected(DEMO_INPUTS[0]))
    assert g.weight_sliders[0].value == pytest.approx(-4.0)


def test_slider_on_an_input_weight_by_token():
    """A slider on W_z[token, unit] is labelled with the token and changes that weight."""
    g = _explorer(sliders=[("W_z", " ", 0)])
    assert g.weight_sliders[0].description == "W_z[' ', 0]"
    g.weight_sliders[0].value = 0.0
    p = demo_params()
    p.W_z[0, 0] = 0.0
    _same_trace(g.trace, _expected(DEMO_INPUTS[0], p))


def test_keras_z_view():
    """The Keras box shows Keras's z = 1 − z in the values, and says so."""
    g = _explorer()
    g.cursor_slider.value = 2
    g.keras_z_box.value = True
    np.testing.assert_allclose(g.values_at_cursor()["z"], 1 - g.trace.z[2])
    assert "Keras z" in g.values_html.value


def test_units_selection():
    """Choosing units draws the lines of those units only."""
    g = _explorer()
    g.units_select.value = (2,)
    assert g.units == [2] and g.figure.units == [2]
    assert len(g.figure.unit_lines) == 1


def test_compare_with_the_vanilla_rnn_and_back():
    """Switching to the vanilla RNN shows rnn_forward's trace with blank gates, keeps the
    cursor, disables the Keras box; switching back shows the GRU's trace again."""
    rnn = gl.RNNParams.init(5, 4, seed=0)
    g = _explorer(compare=rnn)
    assert list(g.models) == ["GRU", "vanilla RNN"]
    g.cursor_slider.value = 3
    g.model_select.value = "vanilla RNN"
    x, _ = demo_encoder()(DEMO_INPUTS[0])
    np.testing.assert_allclose(g.trace.h, gl.rnn_forward(x, rnn).h)
    assert np.isnan(g.values_at_cursor()["z"]).all()
    assert g.cursor == 3 and g.keras_z_box.disabled
    assert len(g.units_select.options) == 4
    g.model_select.value = "GRU"
    _same_trace(g.trace, _expected(DEMO_INPUTS[0]))


def test_python_encoder_function():
    """A Python encoder function replaces the demo vocabulary: the trace is gru_forward's
    on what it returns."""
    vocab = {"a": 0, "b": 1}

    def enc(text):
        ids = [vocab[c] for c in text if c in vocab]
        return np.eye(2)[ids], [c for c in text if c in vocab]

    p = gl.GRUParams.init(2, 3, seed=1, reset_after=True)
    g = GateExplorer(p, ["abba"], encoder=enc)
    np.testing.assert_allclose(g.trace.h, gl.gru_forward(np.eye(2)[[0, 1, 1, 0]], p).h)


def test_bad_slider_name_is_explained():
    """A slider on a weight that does not exist is refused with the name that was asked."""
    with pytest.raises(ValueError, match="no weight named 'b_q'"):
        _explorer(sliders=["b_q"])


@pytest.mark.keras
def test_keras_layer_through_from_keras():
    """A Keras GRU layer is explored through from_keras: the trace is the GRU's it came from."""
    pytest.importorskip("keras")
    p = gl.GRUParams.init(5, 3, seed=2, reset_after=True)
    layer = gl.keras_gru_layer(p)
    g = GateExplorer(layer, DEMO_INPUTS, vocab=DEMO_VOCAB)
    np.testing.assert_allclose(g.trace.h, _expected(DEMO_INPUTS[0], p).h, atol=1e-6)


def test_switching_models_keeps_each_models_sliders():
    """Back on a model, its sliders are the same widgets, at the model's own values again."""
    rnn = gl.RNNParams.init(5, 3, seed=0)
    g = _explorer(compare=rnn)
    sliders = list(g.weight_sliders)
    g.weight_sliders[0].value = 1.0
    g.model_select.value = "vanilla RNN"
    assert g.weight_sliders == [] and g.weight_box.layout.display == "none"
    g.model_select.value = "GRU"
    assert g.weight_sliders == sliders and g.weight_box.layout.display == ""
    assert g.weight_sliders[0].value == pytest.approx(-4.0)
    _same_trace(g.trace, _expected(DEMO_INPUTS[0]))
