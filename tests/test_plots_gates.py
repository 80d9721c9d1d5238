"""The gate figures (gru_lab.plots.gates): what they draw, and that updates reuse artists."""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.explorer import DEMO_INPUTS, demo_encoder, demo_params
from gru_lab.plots.gates import GATES, GateFigure, display_token, plot_gate_trace, trace_arrays


def _trace(text=DEMO_INPUTS[0], params=None):
    x, tokens = demo_encoder()(text)
    return gl.gru_forward(x, params or demo_params()), tokens


def test_trace_arrays_book_and_keras_z():
    tr, _ = _trace()
    a = trace_arrays(tr)
    assert set(a) == {"z", "r", "h_tilde", "h"}
    np.testing.assert_array_equal(a["z"], tr.z)
    np.testing.assert_allclose(trace_arrays(tr, keras_z=True)["z"], 1 - tr.z)


def test_trace_arrays_rnn_has_blank_gates():
    x, _ = demo_encoder()("ab c")
    tr = gl.rnn_forward(x, gl.RNNParams.init(5, 3, seed=0))
    a = trace_arrays(tr)
    assert np.isnan(a["z"]).all() and np.isnan(a["r"]).all()
    np.testing.assert_array_equal(a["h"], tr.h)


def test_trace_arrays_rejects_a_batch():
    x = np.zeros((2, 4, 5))
    with pytest.raises(ValueError, match="one sequence"):
        trace_arrays(gl.gru_forward(x, demo_params()))


def test_display_token():
    assert display_token(" ") == "␣" and display_token("\n") == "↵" and display_token("a") == "a"


def test_plot_gate_trace_makes_a_figure(tmp_path):
    tr, tokens = _trace()
    fig = plot_gate_trace(tr, tokens, units=[0, 2], title="demo")
    # four heatmaps, two colour bars, the line plot and the values text
    assert len(fig.axes) == 8
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any("update gate z" in t for t in texts)
    assert any(t.startswith("t = 9") for t in texts)  # default cursor: the last step
    fig.savefig(tmp_path / "g.png")
    assert (tmp_path / "g.png").stat().st_size > 5000


def test_tokens_must_match_T():
    tr, tokens = _trace()
    with pytest.raises(ValueError, match="one label per time step"):
        plot_gate_trace(tr, tokens[:-1])
    with pytest.raises(ValueError, match=r"units must lie in \[0, 3\)"):
        plot_gate_trace(tr, tokens, units=[5])


def test_update_reuses_artists_and_shows_new_values():
    tr, tokens = _trace()
    g = GateFigure(tr, tokens, units=[0, 1])
    g.draw()
    images = dict(g.images)
    cursors = dict(g.cursor_lines)
    lines = list(g.unit_lines)
    p2 = demo_params()
    p2.b_z[:] = 1.0
    tr2, tokens2 = _trace(params=p2)
    g.update(tr2, cursor=4, draw=True)
    assert g.images == images and g.cursor_lines == cursors and g.unit_lines == lines
    for key, *_ in GATES:
        np.testing.assert_array_equal(g.images[key].get_array(), trace_arrays(tr2)[key].T)
    assert all(list(line.get_xdata()) == [4, 4] for line in g.cursor_lines.values())
    np.testing.assert_array_equal(g.unit_lines[1][0].get_ydata(), tr2.h[:, 1])
    vals = g.values_at_cursor()
    np.testing.assert_array_equal(vals["h_tilde"], tr2.h_tilde[4])


def test_update_cursor_only_and_keras_z():
    tr, tokens = _trace()
    g = GateFigure(tr, tokens)
    g.update(cursor=100)  # clipped
    assert g.cursor == len(tokens) - 1
    g.update(keras_z=True)
    np.testing.assert_allclose(g.values_at_cursor()["z"], 1 - tr.z[-1])
    assert "Keras" in g.ylabels["z"].get_text()
    g.update(keras_z=False)
    np.testing.assert_allclose(g.values_at_cursor()["z"], tr.z[-1])


def test_update_new_length_needs_tokens_and_redraws():
    tr, tokens = _trace()
    g = GateFigure(tr, tokens)
    tr2, tokens2 = _trace("ab")
    with pytest.raises(ValueError, match="no tokens"):
        g.update(tr2)
    g.update(tr2, tokens=tokens2, draw=True)
    assert g.images["h"].get_array().shape == (3, 2)
    assert [t.get_text() for t in g.token_texts] == ["a", "b"]
    assert g.capacity >= len(tokens)  # the axis keeps its room: typing is cheap


def test_update_hidden_size_change():
    tr, tokens = _trace()
    g = GateFigure(tr, tokens, units=[0, 1, 2])
    tr4, _ = _trace(params=demo_params(4))
    g.update(tr4, units=[3], draw=True)
    assert g.units == [3] and len(g.unit_lines) == 1
    assert g.images["z"].get_array().shape == (4, len(tokens))


def test_blit_draw_matches_a_full_draw():
    """The fast path (restore the background, paint the data) gives the same picture."""
    tr, tokens = _trace()
    p2 = demo_params()
    p2.b_z[:] = 0.5
    tr2, _ = _trace(params=p2)
    fast = GateFigure(tr, tokens, units=[0, 1], values=False)
    fast.draw()
    fast.update(tr2, cursor=3, draw=True)
    full = GateFigure(tr2, tokens, units=[0, 1], cursor=3, values=False, blit=False)
    full.draw()
    a = np.asarray(fast.fig.canvas.buffer_rgba()).astype(int)
    b = np.asarray(full.fig.canvas.buffer_rgba()).astype(int)
    assert a.shape == b.shape
    assert np.mean(np.abs(a - b) > 40) < 0.002


def test_rnn_trace_draws_blank_gates():
    x, tokens = demo_encoder()("ab c")
    tr = gl.rnn_forward(x, gl.RNNParams.init(5, 3, seed=0))
    g = GateFigure(tr, tokens)
    g.draw()
    assert g._blank_text["z"].get_visible() and not g._blank_text["h"].get_visible()


@pytest.mark.parametrize("new_text", ["ab ba cac.", "ab ba cab", "ab ba cab.a", "xx"])
def test_typing_repaints_only_the_changed_labels(new_text):
    """A typed character: the token row is repainted in place, and the picture is the same as
    a figure drawn from scratch (same x range)."""
    tr, tokens = _trace()
    fast = GateFigure(tr, tokens, values=False, cursor=2)
    fast.draw()
    tr2, tokens2 = _trace(new_text)
    fast.update(tr2, tokens=tokens2, draw=True)
    assert [t.get_text() for t in fast.token_texts] == [display_token(c) for c in new_text]
    full = GateFigure(tr2, tokens2, values=False, cursor=2, blit=False)
    full.capacity = fast.capacity
    full._set_xaxis()
    full._set_token_texts()
    full._set_cursor_token()
    full.draw()
    a = np.asarray(fast.fig.canvas.buffer_rgba()).astype(int)
    b = np.asarray(full.fig.canvas.buffer_rgba()).astype(int)
    assert np.mean(np.abs(a - b) > 40) < 2e-4  # a stale label alone makes ~5e-4
