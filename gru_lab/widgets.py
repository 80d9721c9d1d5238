"""The live gate explorer: ipywidgets controls around a matplotlib :class:`GateFigure`.

For readers with a kernel (Binder, Colab, JupyterLab). Chapter 2 ("The GRU's gates") explains
what it shows: z_t, r_t, ĥ_t and h_t (equations ``gru-z`` to ``gru-h``) at every time step
and unit. The static website uses :mod:`gru_lab.explorer` instead (pure JavaScript, no
kernel); this widget adds what needs Python: any encoder function, any model in memory
(e.g. one you just trained), and weight sliders that run :func:`gru_lab.gru_forward`.

    from gru_lab.widgets import GateExplorer
    from gru_lab.explorer import demo_params, DEMO_INPUTS, DEMO_VOCAB
    GateExplorer(demo_params(), DEMO_INPUTS, vocab=DEMO_VOCAB, sliders=["b_z"])

Every redraw updates the same matplotlib artists (:meth:`GateFigure.update`, which repaints
only the layers a change touches) and sends one PNG to an ``ipywidgets.Image``: it works with
any matplotlib backend. ``benchmarks/bench_widget.py`` times each control on the kernel's side,
``benchmarks/bench_widget_browser.py`` end to end in JupyterLab.
Reader-facing words are in :data:`LABELS`.
"""

from __future__ import annotations

import html

import numpy as np

from .explorer import apply_sliders, normalize_models, resolve_sliders, run_model
from .gru import GRUParams
from .plots.gates import GateFigure, display_token

__all__ = ["LABELS", "GateExplorer"]

#: Reader-facing words of the live widget (translate here, nowhere else).
LABELS = {
    "model": "Model",
    "input": "Input",
    "own_option": "(your own input)",
    "own_input": "Your own",
    "own_placeholder": "type an input…",
    "time": "Time step",
    "prev": "previous time step",
    "next": "next time step",
    "keras_z": "Keras's z (= 1 − z)",
    "units": "Units",
    "reset_weights": "Reset weights",
    "live_note": "This explorer runs Python: it needs a live kernel. On the static website "
                 "use the in-browser explorer (gru_lab.explorer.show) instead.",
    "values": "Values at t = {t} “{token}”",
    "unit": "unit",
    "z": "z",
    "z_keras": "Keras z = 1 − z",
    "r": "r",
    "h_tilde": "ĥ",
    "h": "h",
}


class GateExplorer:
    """The live gate explorer (chapter 2): z, r, ĥ, h heatmaps with a shared time cursor.

    ``models``: a GRUParams, a Keras GRU layer, an RNNParams, or ``{name: model}`` /
    ``{name: (model, encoder)}``. ``inputs``: prepared texts. ``encoder``: ``"chars"`` or
    ``"words"`` with ``vocab`` (and ``embedding`` (V, D)), an
    :class:`gru_lab.explorer.Encoder`, or any function text → (x (T, D), tokens).
    ``sliders``: weight sliders (see :func:`gru_lab.explorer.resolve_sliders`), e.g.
    ``["b_z"]`` or ``[("W_z", " ", 0)]``. ``units``: units drawn as lines. ``keras_z``: start
    with Keras's z. ``compare``: an RNNParams added as the model "vanilla RNN".

    State (read by tests and chapters): ``params`` (the current weights, sliders applied),
    ``trace`` (its :func:`gru_lab.gru_forward` on ``text``), ``tokens``, ``cursor``,
    ``figure`` (the :class:`GateFigure`). Display it in a cell as the last expression.
    """

    def __init__(self, models, inputs, *, encoder="chars", vocab=None, embedding=None,
                 sliders=None, units=None, keras_z: bool = False, compare=None,
                 name: str | None = None, figsize=None, dpi: int = 96):
        import ipywidgets as w

        if isinstance(inputs, str):
            inputs = [inputs]
        self.inputs = [str(s) for s in inputs]
        if not self.inputs:
            raise ValueError("inputs must hold at least one text.")
        if compare is not None:
            models = models if isinstance(models, dict) else {name or "GRU": models}
            models = {**models, "vanilla RNN": compare}
        self.models = normalize_models(models, encoder, vocab, embedding, name=name)
        self._slider_spec = sliders
        self._units0 = units
        self.model_name = next(iter(self.models))
        self.text = self.inputs[0]
        self.cursor = 0
        self.keras_z = bool(keras_z)
        self._busy = False

        self.model_select = w.Dropdown(options=list(self.models), description=LABELS["model"])
        self.model_select.layout.display = "" if len(self.models) > 1 else "none"
        opts = [(s, k) for k, s in enumerate(self.inputs)] + [(LABELS["own_option"], -1)]
        self.input_select = w.Dropdown(options=opts, value=0, description=LABELS["input"])
        self.text_box = w.Text(value="", placeholder=LABELS["own_placeholder"],
                               description=LABELS["own_input"], continuous_update=True)
        self.cursor_slider = w.IntSlider(min=0, max=0, value=0, description=LABELS["time"],
                                         continuous_update=True)
        self.prev_button = w.Button(icon="step-backward", tooltip=LABELS["prev"],
                                    layout=w.Layout(width="40px"))
        self.next_button = w.Button(icon="step-forward", tooltip=LABELS["next"],
                                    layout=w.Layout(width="40px"))
        self.keras_z_box = w.Checkbox(value=self.keras_z, description=LABELS["keras_z"])
        self.units_select = w.SelectMultiple(options=[], description=LABELS["units"], rows=4)
        self.reset_button = w.Button(description=LABELS["reset_weights"])
        self.weight_box = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        # natural size (a VBox stretches its children, which blurred the 72-dpi picture)
        self.image = w.Image(format="png", layout=w.Layout(align_self="flex-start",
                                                             max_width="100%"))
        self.note = w.HTML(f"<small>{html.escape(LABELS['live_note'])}</small>")
        self.values_html = w.HTML()
        self.weight_sliders: list = []
        self._slider_cache: dict[str, list] = {}

        self._select_model(self.model_name, first=True)
        self.figure = GateFigure(self.trace, self.tokens, units=self.units,
                                 cursor=self.cursor, keras_z=self.keras_z, figsize=figsize,
                                 dpi=dpi, values=False)
        self._sync_controls()
        self._render()

        self.model_select.observe(lambda c: self.set_model(c["new"]), names="value")
        self.input_select.observe(self._on_input_select, names="value")
        self.text_box.observe(lambda c: self.set_text(c["new"]), names="value")
        self.cursor_slider.observe(lambda c: self.set_cursor(c["new"]), names="value")
        self.prev_button.on_click(lambda _: self.set_cursor(self.cursor - 1))
        self.next_button.on_click(lambda _: self.set_cursor(self.cursor + 1))
        self.keras_z_box.observe(lambda c: self.set_keras_z(c["new"]), names="value")
        self.units_select.observe(lambda c: self.set_units(c["new"]), names="value")
        self.reset_button.on_click(lambda _: self.reset_weights())
        self.widget = w.VBox([
            w.HBox([self.model_select, self.input_select, self.text_box]),
            w.HBox([self.prev_button, self.cursor_slider, self.next_button, self.keras_z_box]),
            self.image,
            w.HBox([self.units_select, self.values_html]),
            self.weight_box,
            self.note,
        ])

    # ---- computing --------------------------------------------------------------------------
    def _select_model(self, name, first=False):
        self.model_name = name
        self.base_params, self.encoder = self.models[name]
        gru = isinstance(self.base_params, GRUParams)
        self.sliders = resolve_sliders(self.base_params, self._slider_spec if gru else None,
                                       self.encoder)
        self.params = self.base_params.copy()
        H = self.base_params.hidden_size
        units = [u for u in (self._units0 or range(min(H, 4))) if u < H] or [0]
        self.units = list(units)
        self._build_weight_sliders()
        self._recompute()

    def _recompute(self):
        x, tokens = self.encoder(self.text)
        if len(tokens) == 0:  # nothing typed yet: one blank step with x = 0
            x, tokens = np.zeros((1, self.base_params.input_size)), [""]
        self.x = np.asarray(x)
        self.tokens = [str(t) for t in tokens]
        self.trace = run_model(self.params, self.x)
        self.cursor = int(np.clip(self.cursor, 0, len(self.tokens) - 1))

    def _build_weight_sliders(self):
        """The current model's weight sliders, at the model's values. Each model's sliders are
        made once and kept: switching models then changes no widget but the box's contents
        (making widgets and their views is what made a switch slow in the browser)."""
        sliders = self._slider_cache.get(self.model_name)
        if sliders is None:
            sliders = self._slider_cache[self.model_name] = self._make_weight_sliders()
        self.weight_sliders = sliders
        self._sliders_to_model_values()
        # A model without sliders (the vanilla RNN) hides the box instead of emptying it.
        self.weight_box.layout.display = "" if sliders else "none"
        children = (*sliders, self.reset_button)
        if sliders and tuple(self.weight_box.children) != children:
            self.weight_box.children = children

    def _make_weight_sliders(self):
        import ipywidgets as w

        sliders = []
        for k, s in enumerate(self.sliders):
            sl = w.FloatSlider(value=s["value"], min=s["min"], max=s["max"], step=s["step"],
                               description=s["label"], continuous_update=True,
                               readout_format=".2f")
            sl.observe(lambda c, k=k: self.set_weight(k, c["new"]), names="value")
            sliders.append(sl)
        return sliders

    # ---- drawing ---------------------------------------------------------------------------
    def _sync_controls(self):
        self._busy = True
        try:
            if self.cursor_slider.max != len(self.tokens) - 1:
                self.cursor_slider.max = len(self.tokens) - 1
            if self.cursor_slider.value != self.cursor:
                self.cursor_slider.value = self.cursor
            H = self.params.hidden_size
            if len(self.units_select.options) != H:
                self.units_select.options = [(f"{LABELS['unit']} {j}", j) for j in range(H)]
            if tuple(self.units_select.value) != tuple(self.units):
                self.units_select.value = tuple(self.units)
            self.keras_z_box.disabled = not isinstance(self.params, GRUParams)
        finally:
            self._busy = False

    def _render(self):
        """Draw the figure (Agg) and send it to the Image widget as PNG."""
        self.image.value = self.figure.to_png()
        self.values_html.value = self._values_table()

    def _values_table(self) -> str:
        """The exact values at the cursor for the selected units, as an HTML table."""
        v = self.values_at_cursor()
        t = self.cursor
        head = "".join(f"<th>{html.escape(k)}</th>" for k in
                       (LABELS["unit"], LABELS["z_keras"] if self.keras_z else LABELS["z"],
                        LABELS["r"], LABELS["h_tilde"], LABELS["h"]))
        rows = "".join(
            "<tr><th>{}</th>{}</tr>".format(j, "".join(
                f"<td>{v[k][j]:+.4f}</td>" if np.isfinite(v[k][j]) else "<td>—</td>"
                for k in ("z", "r", "h_tilde", "h")))
            for j in self.units)
        caption = LABELS["values"].format(t=t, token=display_token(self.tokens[t]))
        return (f"<table><caption>{html.escape(caption)}</caption><tr>{head}</tr>{rows}"
                "</table>")

    def _redraw(self, **kw):
        self.figure.update(**kw)
        self._render()

    # ---- state changes (also called by the controls) ---------------------------------------
    def set_cursor(self, t: int):
        """Move the time cursor to step ``t`` (clipped to [0, T − 1])."""
        if self._busy:
            return
        self.cursor = int(np.clip(t, 0, len(self.tokens) - 1))
        self._sync_controls()
        self._redraw(cursor=self.cursor)

    def set_text(self, text: str):
        """Show the gates on ``text`` (typed by the reader or prepared)."""
        if self._busy:
            return
        self.text = str(text)
        self._recompute()
        self._sync_controls()
        self._busy = True
        try:
            if self.text not in self.inputs:
                self.input_select.value = -1
        finally:
            self._busy = False
        self._redraw(trace=self.trace, tokens=self.tokens, cursor=self.cursor)

    def set_input(self, k: int):
        """Show prepared input number ``k``."""
        self.set_text(self.inputs[k])

    def _on_input_select(self, change):
        if self._busy:
            return
        k = change["new"]
        self.set_text(self.text_box.value if k == -1 else self.inputs[k])

    def set_model(self, name: str):
        """Switch to the model called ``name`` (weights back to their original values)."""
        if self._busy:
            return
        self._select_model(name)
        self._sync_controls()
        self._redraw(trace=self.trace, tokens=self.tokens, units=self.units, cursor=self.cursor)

    def set_weight(self, k: int, value: float):
        """Set weight slider ``k`` to ``value`` and rerun the forward pass."""
        if self._busy:
            return
        self.weight_values[k] = float(value)
        self._busy = True
        try:
            self.weight_sliders[k].value = float(value)
        finally:
            self._busy = False
        self.params = apply_sliders(self.base_params, self.sliders, self.weight_values)
        self._recompute()
        self._redraw(trace=self.trace, cursor=self.cursor)

    def _sliders_to_model_values(self):
        """Every weight slider (and ``weight_values``) at the model's own value, silently."""
        self._busy = True
        try:
            for s, sl in zip(self.sliders, self.weight_sliders, strict=True):
                sl.value = s["value"]
        finally:
            self._busy = False
        self.weight_values = [s["value"] for s in self.sliders]

    def reset_weights(self):
        """Every weight slider back to the model's value."""
        self._sliders_to_model_values()
        self.params = self.base_params.copy()
        self._recompute()
        self._redraw(trace=self.trace, cursor=self.cursor)

    def set_keras_z(self, on: bool):
        """Show Keras's z (1 − z) instead of the book's z."""
        self.keras_z = bool(on)
        self._redraw(keras_z=self.keras_z)

    def set_units(self, units):
        """Draw the lines (and values) of these units."""
        if self._busy:
            return
        self.units = [int(u) for u in units]
        self._redraw(units=self.units)

    def values_at_cursor(self) -> dict[str, np.ndarray]:
        """The (H,) vectors z (as shown), r, ĥ, h at the cursor."""
        return self.figure.values_at_cursor()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
