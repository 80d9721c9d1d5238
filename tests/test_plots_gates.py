"""The static gate figure (gru_lab.plots.gates): the explorer's fallback picture and its arrays."""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.explorer import DEMO_INPUTS, demo_encoder, demo_params
from gru_lab.plots.gates import display_token, plot_gate_trace, trace_arrays


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
    """The static figure: four heatmaps, two labelled colour bars, the unit lines (h solid,
    z dashed, one marker per unit), symbols only (no words: both editions share it)."""
    import matplotlib.pyplot as plt

    tr, tokens = _trace()
    fig = plot_gate_trace(tr, tokens, units=[0, 2], title="demo")
    assert len(fig.axes) == 7  # 4 heatmaps + line plot + 2 colour bars
    assert [ax.get_ylabel() for ax in fig.axes[:4]] == ["z", "r", "ĥ", "h"]
    lines = fig.axes[4].get_lines()
    assert [ln.get_label() for ln in lines if not ln.get_label().startswith("_")] == [
        "h[0]", "z[0]", "h[2]", "z[2]"]
    assert len({ln.get_marker() for ln in lines if ln.get_label().startswith("h")}) == 2
    assert [t.get_text() for t in fig.axes[4].get_xticklabels()] == [display_token(t)
                                                                       for t in tokens]
    fig.savefig(tmp_path / "g.png")
    assert (tmp_path / "g.png").stat().st_size > 5000
    plt.close(fig)


def test_plot_gate_trace_of_an_rnn_and_keras_z():
    """A vanilla RNN: blank gate panels, h lines only; keras_z labels the first panel 1 − z."""
    import matplotlib.pyplot as plt

    x, tokens = demo_encoder()("ab c")
    fig = plot_gate_trace(gl.rnn_forward(x, gl.RNNParams.init(5, 3, seed=0)), tokens)
    assert all(ln.get_label().startswith(("h", "_")) for ln in fig.axes[4].get_lines())
    plt.close(fig)
    tr, tokens = _trace()
    fig = plot_gate_trace(tr, tokens, keras_z=True)
    assert fig.axes[0].get_ylabel() == "1 − z"
    np.testing.assert_allclose(fig.axes[0].images[0].get_array(), (1 - tr.z).T)
    plt.close(fig)


def test_tokens_must_match_T():
    """Wrong token count or unit index: the message says what the figure needs."""
    tr, tokens = _trace()
    with pytest.raises(ValueError, match="one label per time step"):
        plot_gate_trace(tr, tokens[:-1])
    with pytest.raises(ValueError, match=r"units must be unit numbers in \[0, 3\)"):
        plot_gate_trace(tr, tokens, units=[5])
