"""The gate figures (gru_lab.plots.gates): what they draw, and that updates reuse artists."""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.explorer import DEMO_INPUTS, demo_encoder, demo_params
from gru_lab.plots.gates import GATES, GateFigure, display_token, plot_gate_trace, trace_arrays


def _pixels(g):
    return np.asarray(g.fig.canvas.buffer_rgba()).astype(int)


def _trace(text=DEMO_INPUTS[0], params=None):
    x, tokens = demo_encoder()(text)
    return gl.gru_forward(x, params or demo_params()), tokens


def test_trace_arrays_book_and_keras_z():
    """The figure's arrays are the trace's; the Keras view shows 1 − z."""
    tr, _ = _trace()
    a = trace_arrays(tr)
    assert set(a) == {"z", "r", "h_tilde", "h"}
    np.testing.assert_array_equal(a["z"], tr.z)
    np.testing.assert_allclose(trace_arrays(tr, keras_z=True)["z"], 1 - tr.z)


def test_trace_arrays_rnn_has_blank_gates():
    """A vanilla RNN has no gates: z and r are blank (NaN), h is the trace's."""
    x, _ = demo_encoder()("ab c")
    tr = gl.rnn_forward(x, gl.RNNParams.init(5, 3, seed=0))
    a = trace_arrays(tr)
    assert np.isnan(a["z"]).all() and np.isnan(a["r"]).all()
    np.testing.assert_array_equal(a["h"], tr.h)


def test_trace_arrays_rejects_a_batch():
    """A batch of traces is refused with a message that asks for one sequence."""
    x = np.zeros((2, 4, 5))
    with pytest.raises(ValueError, match="one sequence"):
        trace_arrays(gl.gru_forward(x, demo_params()))


@pytest.mark.parametrize("char, shown", [(" ", "␣"), ("\n", "↵"), ("a", "a")],
                         ids=["space", "newline", "letter"])
def test_display_token_makes_blanks_visible(char, shown):
    """Spaces and newlines get a visible symbol on the time axis; letters stay as they are."""
    assert display_token(char) == shown


def test_plot_gate_trace_makes_a_figure(tmp_path):
    """The static figure: four heatmaps with colour bars, the unit lines and the values at
    the last step, and it saves as a PNG."""
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
    """Wrong token count or unit index: the message says what the figure needs."""
    tr, tokens = _trace()
    with pytest.raises(ValueError, match="one label per time step"):
        plot_gate_trace(tr, tokens[:-1])
    with pytest.raises(ValueError, match=r"units must lie in \[0, 3\)"):
        plot_gate_trace(tr, tokens, units=[5])


def test_update_reuses_artists_and_shows_new_values():
    """A new trace updates the same artists in place, to the new trace's values."""
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
    """The cursor is clipped to the last step; the Keras view shows 1 − z and says so."""
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
    """A shorter input needs its tokens; the grid keeps its room and blanks the rest."""
    tr, tokens = _trace()
    g = GateFigure(tr, tokens)
    tr2, tokens2 = _trace("ab")
    with pytest.raises(ValueError, match="no tokens"):
        g.update(tr2)
    g.update(tr2, tokens=tokens2, draw=True)
    assert g.capacity == len(tokens)  # the axis and the grids keep their room: typing is cheap
    cells = g.images["h"].get_array()
    assert cells.shape == (3, g.capacity)
    np.testing.assert_array_equal(cells[:, :2], tr2.h.T)
    assert cells.mask[:, 2:].all()  # steps past the input are blank
    assert g.token_labels == ["a", "b"]


def test_update_hidden_size_change():
    """A model with another H redraws the grids with H rows and the chosen units' lines."""
    tr, tokens = _trace()
    g = GateFigure(tr, tokens, units=[0, 1, 2])
    tr4, _ = _trace(params=demo_params(4))
    g.update(tr4, units=[3], draw=True)
    assert g.units == [3] and len(g.unit_lines) == 1
    assert g.images["z"].get_array().shape == (4, len(tokens))


def _label_mask(g, pad=3):
    """The pixels under the labels that the live figure pastes as bitmaps (tokens, the z and
    line-plot labels, the cursor's token), from a static figure ``g`` that drew them as Text."""
    renderer = g.fig.canvas.get_renderer()
    rows = int(g.fig.bbox.height)
    mask = np.zeros((rows, int(g.fig.bbox.width)), bool)
    for txt in [*g.token_texts, g.ylabels["z"], g.ylabels["lines"], g.cursor_token]:
        x0, y0, x1, y1 = txt.get_window_extent(renderer).extents
        mask[max(0, int(rows - y1) - pad):int(rows - y0) + pad,
             max(0, int(x0) - pad):int(x1) + pad] = True
    return mask


def test_blit_draw_matches_a_full_draw():
    """The fast path (layers restored, data painted, labels pasted) gives matplotlib's picture:
    the same pixels away from the labels, and labels of the same ink."""
    tr, tokens = _trace()
    p2 = demo_params()
    p2.b_z[:] = 0.5
    tr2, _ = _trace(params=p2)
    fast = GateFigure(tr, tokens, units=[0, 1], values=False)
    fast.draw()
    fast.update(tr2, cursor=3, draw=True)
    full = GateFigure(tr2, tokens, units=[0, 1], cursor=3, values=False, blit=False)
    full.draw()
    a, b = _pixels(fast), _pixels(full)
    assert a.shape == b.shape
    labels = _label_mask(full)
    assert np.mean(np.abs(a - b).max(axis=-1)[~labels] > 40) < 1e-4
    ink_a, ink_b = (255 - a[labels][:, :3]).sum(), (255 - b[labels][:, :3]).sum()
    assert abs(ink_a - ink_b) < 0.05 * ink_b  # sub-pixel placement only


def test_label_sprite_equals_matplotlib_text_at_a_whole_pixel():
    """A pasted label is matplotlib's own rendering of it (exact when the anchor falls on a
    whole pixel; elsewhere Agg's sub-pixel glyph placement differs by up to one pixel)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.transforms import IdentityTransform

    from gru_lab.plots._raster import TextSprites
    from gru_lab.plots.gates import _STYLES

    sprites = TextSprites(80, _STYLES)
    for style, s in [("token", "␣"), ("token", "g"), ("cursor", "b"),
                     ("ylabel", "Keras z = 1 − z\nunit")]:
        fig = Figure(figsize=(3, 3), dpi=80)
        FigureCanvasAgg(fig)
        fig.canvas.draw()
        empty = np.asarray(fig.canvas.buffer_rgba()).copy()
        fig.text(100, 120, s, transform=IdentityTransform(), **_STYLES[style])
        fig.canvas.draw()
        expected = np.asarray(fig.canvas.buffer_rgba()).astype(int)
        sprites.paste(empty, style, s, 100, 120)
        assert np.abs(empty.astype(int) - expected).max() <= 2, (style, s)


def test_incremental_redraws_equal_a_fresh_figure():
    """Whatever sequence of changes the live figure went through, it shows exactly the pixels
    of a figure made from scratch in the final state: no stale label, line or layer."""
    tr, tokens = _trace()
    g = GateFigure(tr, tokens, values=True, cursor=2, capacity=20)
    g.draw()
    p2 = demo_params()
    p2.b_z[:] = 1.5
    steps = [
        {"cursor": 7},
        {"keras_z": True},
        {"trace_text": "ab ba cab.a"},
        {"units": [2]},
        {"trace_text": "xx", "cursor": 1},
        {"keras_z": False},
        {"trace_text": "ab ba cab", "params": p2},
        {"trace_text": "ab ba", "params": demo_params(4), "units": [3, 0]},
    ]
    text, params = DEMO_INPUTS[0], None
    for step in steps:
        kw = {k: v for k, v in step.items() if k in ("cursor", "keras_z", "units")}
        if "trace_text" in step:
            text, params = step["trace_text"], step.get("params")
            tr2, tokens2 = _trace(text, params)
            kw.update(trace=tr2, tokens=tokens2)
        g.update(draw=True, **kw)
        tr2, tokens2 = _trace(text, params)
        fresh = GateFigure(tr2, tokens2, values=True, cursor=g.cursor, units=g.units,
                           keras_z=g.keras_z, capacity=g.capacity)
        fresh.draw()
        assert np.array_equal(_pixels(g), _pixels(fresh)), step


def test_cursor_moves_repaint_only_the_top_layer(monkeypatch):
    """Moving the cursor restores the saved layers; a new trace repaints the data layer only,
    new tokens the label layer: what makes the live widget fast (benchmarks/bench_widget.py)."""
    tr, tokens = _trace()
    g = GateFigure(tr, tokens, values=False)
    g.draw()
    calls = []
    monkeypatch.setattr(g.fig.canvas, "draw", lambda: calls.append("axes"))
    monkeypatch.setattr(g, "_draw_legend", lambda: calls.append("legend"))
    monkeypatch.setattr(g, "_draw_labels", lambda: calls.append("labels"))
    monkeypatch.setattr(g, "_draw_data", lambda: calls.append("data"))
    g.update(cursor=5, draw=True)
    assert calls == []
    p2 = demo_params()
    p2.b_z[:] = 1.0
    g.update(_trace(params=p2)[0], draw=True)  # a weight slider moved
    assert calls == ["data"]
    calls.clear()
    tr3, tokens3 = _trace("ab ba cab")  # a character deleted
    g.update(tr3, tokens=tokens3, draw=True)
    assert calls == ["labels", "data"]
    calls.clear()
    g.update(keras_z=True, draw=True)
    assert calls == ["labels", "data"]
    calls.clear()
    g.update(units=[1], draw=True)
    assert calls == ["legend", "labels", "data"]


def test_rnn_trace_draws_blank_gates():
    """For a vanilla RNN the gate panels say they are blank; the state panel does not."""
    x, tokens = demo_encoder()("ab c")
    tr = gl.rnn_forward(x, gl.RNNParams.init(5, 3, seed=0))
    g = GateFigure(tr, tokens)
    g.draw()
    assert g._blank_text["z"].get_visible() and not g._blank_text["h"].get_visible()


@pytest.mark.parametrize("new_text", ["ab ba cac.", "ab ba cab", "ab ba cab.a", "xx"])
def test_typing_keeps_the_axis_and_shows_the_new_labels(new_text):
    """A typed character: the axis keeps its room, the labels are the new ones, and the
    picture is exactly that of a figure drawn from scratch with the same room."""
    tr, tokens = _trace()
    fast = GateFigure(tr, tokens, values=False, cursor=2)
    fast.draw()
    tr2, tokens2 = _trace(new_text)
    fast.update(tr2, tokens=tokens2, draw=True)
    assert fast.token_labels == [display_token(c) for c in new_text]
    assert fast.capacity == max(10, 10 * -(-len(new_text) // 10))
    fresh = GateFigure(tr2, tokens2, values=False, cursor=2, capacity=fast.capacity)
    fresh.draw()
    assert np.array_equal(_pixels(fast), _pixels(fresh))


def test_to_png_holds_exactly_the_canvas_pixels():
    """The live widget's PNG (our own small encoder) decodes to the figure's pixels."""
    import io

    from PIL import Image

    tr, tokens = _trace()
    g = GateFigure(tr, tokens, values=False, cursor=4)
    png = g.to_png()
    decoded = np.asarray(Image.open(io.BytesIO(png)))
    np.testing.assert_array_equal(decoded, np.asarray(g.fig.canvas.buffer_rgba()))


def test_png_bytes_explains_a_wrong_image():
    """The PNG encoder names the expected shape and dtype and what it got."""
    from gru_lab.plots._raster import png_bytes

    with pytest.raises(ValueError, match=r"rgba must be a \(rows, cols, 4\) uint8 image; got "
                                         r"shape \(3, 4\)"):
        png_bytes(np.zeros((3, 4), np.uint8))
    with pytest.raises(ValueError, match="dtype float64"):
        png_bytes(np.zeros((3, 4, 4)))
