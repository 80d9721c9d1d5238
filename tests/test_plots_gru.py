"""Chapter 2's figures (gru_lab.plots.gru): they draw what the trace holds, and say clearly
when they are given the wrong thing."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gru_lab as gl  # noqa: E402
from gru_lab.gru import gru_step_details  # noqa: E402
from gru_lab.plots import gru as gru_plots  # noqa: E402

TEXT = "ab c."


@pytest.fixture()
def trace():
    x = np.array([[0.0 if c.isalpha() else 1.0] for c in TEXT])
    return gl.gru_forward(x, gl.GRUParams.init(1, 3, seed=0))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name", ["z", "r", "h_tilde", "h"])
def test_gate_lines_draws_one_line_per_unit_with_the_trace_values(trace, name):
    """One line per unit at the trace's values, characters on the time axis, the y range
    (0, 1) for the gates and (−1, 1) for the states."""
    fig = gru_plots.gate_lines(trace, TEXT, name)
    ax = fig.axes[0]
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == len(TEXT)]
    assert len(lines) == 3
    for j, ln in enumerate(lines):
        np.testing.assert_allclose(ln.get_ydata(), getattr(trace, name)[:, j])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["a", "b", "␣", "c", "."]
    lo, hi = ax.get_ylim()
    assert (lo < -0.5) == (name in ("h_tilde", "h")) and hi > 1.0
    assert ax.get_ylabel() == gru_plots.LABELS[name]


def test_gate_lines_units_and_highlight(trace):
    """Chosen units only (numbered from 1 in the legend, whose title is the symbol $i$), one
    grey band per highlighted step."""
    fig = gru_plots.gate_lines(trace, TEXT, "z", units=[2],
                               highlight=[c == " " for c in TEXT])
    ax = fig.axes[0]
    assert [ln.get_label() for ln in ax.get_lines() if not ln.get_label().startswith("_")] \
        == ["3"]
    assert ax.get_legend().get_title().get_text() == "$i$"
    assert len(ax.patches) == 1            # one grey band for the one space


def test_gate_panel_stacks_the_quantities(trace):
    """One panel per quantity, in the order asked, the time label on the bottom one."""
    fig = gru_plots.gate_panel(trace, TEXT, ("r", "h_tilde", "h"))
    assert len(fig.axes) == 3
    assert [ax.get_ylabel() for ax in fig.axes] == [gru_plots.LABELS[k]
                                                    for k in ("r", "h_tilde", "h")]
    assert fig.axes[-1].get_xlabel() == gru_plots.LABELS["time"]


def test_bad_input_gets_a_clear_message(trace):
    """Wrong text length, name, highlight or a batch: the message says what is expected."""
    with pytest.raises(ValueError, match="one entry per time step"):
        gru_plots.gate_lines(trace, "abc", "z")
    with pytest.raises(ValueError, match="name must be one of"):
        gru_plots.gate_lines(trace, TEXT, "o")
    with pytest.raises(ValueError, match="highlight"):
        gru_plots.gate_lines(trace, TEXT, "z", highlight=[True, False])
    batch = gl.gru_forward(np.zeros((2, 5, 1)), gl.GRUParams.init(1, 3, seed=0))
    with pytest.raises(ValueError, match="one sequence"):
        gru_plots.gate_lines(batch, TEXT, "z")


def test_step_table_shows_every_intermediate_value():
    """Every pre-activation, gate and state of each step is in the table, in plain HTML."""
    p = gl.GRUParams.init(1, 2, seed=0)
    s1 = gru_step_details([1.0], [0.0, 0.0], p)
    s2 = gru_step_details([0.0], s1["h"], p)
    table = gru_plots.step_table([s1, s2])
    html = table._repr_html_()
    assert html.count("<tr>") == 2 + 7          # two header rows, seven quantities
    for d in (s1, s2):
        for key in ("a_z", "z", "a_r", "r", "a_h", "h_tilde", "h"):
            for v in d[key]:
                assert f"{v:.3f}" in html
    assert "<th>z<sub>t</sub></th>" in html and "$" not in html
    assert "<i>t</i> = 2" in html and "<i>i</i> = 2" in html      # step and unit headers
    assert "h_tilde" in repr(table)
