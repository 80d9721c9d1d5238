"""The gate explorer's live widget: anywidget traitlets around the one view, ``explorer.js``.

Chapters do not make it themselves: :func:`gru_lab.explorer.show` returns a
:class:`gru_lab.explorer.GateExplorer`, which makes this widget when a notebook kernel
displays it (JupyterLab 4, Notebook 7, VS Code; Colab through anywidget's own support). The
widget's ``_esm`` is ``gru_lab/explorer.js``, the same file the static website inlines, so
the two behave the same: every control runs in the browser with the JavaScript forward pass,
and the kernel is asked only for what needs Python (a trace under an encoder that is Python
code, a new model, new weights).

Traitlets (Python → view): ``strings`` (the reader's language, :mod:`gru_lab.explorer_model`),
``view_style``, ``inputs``, ``models`` (weights, sliders, encoders; arrays as ``bytes``, which
ipywidgets sends as binary buffers), ``units``, ``keras_z``, ``heading``, ``py_trace``.
View → Python: ``state`` (model, input, text, cursor, units, Keras z, slider edits) and
``request`` (a text whose trace the kernel should compute).

Importing this module imports anywidget; ``import gru_lab`` does not import it.
"""

from __future__ import annotations

import anywidget
import traitlets as t

from .explorer import js_source

__all__ = ["ExplorerWidget"]


class ExplorerWidget(anywidget.AnyWidget):
    """The anywidget model of the gate explorer (chapter 2); see the module's docstring."""

    _esm = js_source()

    strings = t.Dict().tag(sync=True)
    view_style = t.Dict().tag(sync=True)
    inputs = t.List(t.Unicode()).tag(sync=True)
    models = t.List(t.Dict()).tag(sync=True)
    units = t.List(t.Int(), allow_none=True, default_value=None).tag(sync=True)
    keras_z = t.Bool(False).tag(sync=True)
    heading = t.Unicode(None, allow_none=True).tag(sync=True)
    state = t.Dict().tag(sync=True)
    request = t.Dict().tag(sync=True)
    py_trace = t.Dict().tag(sync=True)
