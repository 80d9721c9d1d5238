"""Light imports: ``import gru_lab`` and ``import gru_lab.plots`` do not load pyplot.

Importing pyplot took 1.1 to 1.4 s on the project's 2-core machine; a reader who only computes
with ``gru_lab`` should not pay for it. Each check runs in a fresh interpreter, because this
test process may already have imported matplotlib.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> None:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]


def test_import_gru_lab_does_not_import_pyplot():
    _run("import gru_lab, sys; assert 'matplotlib.pyplot' not in sys.modules")


def test_import_gru_lab_plots_does_not_import_pyplot():
    """gru_lab.plots loads its submodules on first use (a module __getattr__)."""
    _run("import gru_lab.plots, sys; assert 'matplotlib.pyplot' not in sys.modules, "
         "'pyplot imported by import gru_lab.plots'")


@pytest.mark.parametrize("form", [
    "from gru_lab.plots import rnn as m",
    "import gru_lab.plots as p; m = p.rnn",
    "from gru_lab.plots.rnn import unrolled_rnn as m",
])
def test_plot_submodules_still_load_on_use(form):
    """The three ways the pages and tests reach a figure function keep working."""
    _run(f"{form}; import sys; assert 'matplotlib.pyplot' in sys.modules")


def test_unknown_plots_attribute_is_an_attribute_error():
    import gru_lab.plots as plots

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        plots.nope  # noqa: B018
    assert set(plots.__all__) <= set(dir(plots))
