"""The gate explorer's view model: what its one view (``gru_lab/explorer.js``) shows, in one place.

The explorer of chapter 2 ("The GRU's gates") and of the page "The gate explorer" is one
JavaScript view, mounted by the static website and, with a live kernel, by anywidget
(:mod:`gru_lab.explorer`). Everything both need and that is not code lives here:

* :data:`MESSAGES`: every reader-facing word, in English and Chinese (a :class:`Messages`
  table; ``gl.set_language`` picks one). The view gets the ``VIEW_KEYS`` entries; Python keeps
  the errors (``err_``) and the default model names (``default_``) for itself.
* :data:`LINE_COLOURS`, :data:`MARKERS`: the selected units' colours and markers (the book's
  palette, ``gru_lab/plots/_common.py``); :func:`colour_maps`: cividis for the gates (0 to 1)
  and PuOr for ĥ and h (−1 to 1).
* :func:`default_units`: the units first drawn as lines.
* :data:`VISIBLE_TOKENS`: how a blank token is shown (a space is ␣).
* :data:`VALUE_COLUMNS`: the columns of the values table, in order.
* :data:`MAX_LENGTH`: the longest input the view computes (longer pastes are cut, with a
  message).
"""

from __future__ import annotations

from .i18n import LANGUAGES, Messages, get_language
from .plots._common import LINE_COLOURS, MARKERS

__all__ = ["MESSAGES", "VIEW_KEYS", "LINE_COLOURS", "MARKERS", "VISIBLE_TOKENS",
           "VALUE_COLUMNS", "MAX_LENGTH", "default_units", "colour_maps", "view_strings",
           "all_view_strings", "style"]

#: The longest input (in tokens' characters) the view computes; a longer paste is cut.
MAX_LENGTH = 200
#: How blank tokens are shown on the time axis and in the table.
VISIBLE_TOKENS = {" ": "\u2423", "\n": "\u21b5", "\t": "\u21e5", "": "\u2205"}
#: The values table: one row per selected unit, these columns (keys of the trace).
VALUE_COLUMNS = ("z", "r", "h_tilde", "h")

_EN = {
    # ---- the view (sent to the browser)
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
    "z": "update gate z",
    "z_keras": "Keras z = 1 − z",
    "r": "reset gate r",
    "h_tilde": "candidate ĥ",
    "h": "state h",
    "unit": "unit",
    "no_gates": "a vanilla RNN has no gates",
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
    "live_note": "Connected to the kernel: the next cell reads what you did here "
                 "(ex.params, ex.trace, ex.text, ex.cursor).",
    "fallback": "The interactive gate explorer needs JavaScript. If you opened this notebook "
                "in JupyterLab, run the cell (or trust the notebook) to see it. Below: a "
                "static picture of the first input.",
    "edits_kept": "Each model keeps its own weight edits when you switch models; "
                  "“Reset weights” undoes them.",
    "msg_empty": "The input is empty: type at least one character.",
    "msg_unknown": "Not in this model's vocabulary (read as the zero vector): {chars}",
    "msg_too_long": "The input was cut to its first {n} characters.",
    "msg_waiting": "Computing in the kernel…",
    "legend_gates": "z, r",
    "legend_states": "ĥ, h",
    "legend_end": "{hi}  {name}",
    "unit_option": "{unit} {j}",
    "caption": "{values}: {status}",
    "missing": "—",
    "live": "{status}. {units}.",
    "live_unit": "{unit} {j}: {values}",
    "live_value": "{name} {value}",
    "live_values_sep": ", ",
    "live_units_sep": "; ",
    # ---- Python only
    "alt": "Heatmaps of the update gate z, the reset gate r, the candidate ĥ and the state h "
           "of model {model} on the input “{text}”: {T} time steps across, {H} units down; "
           "below them, lines of units {units} over time.",
    "text_fallback": "Gate explorer ({model}, input “{text}”, {T} time steps, H = {H}). It "
                     "needs a front end that runs widgets (JupyterLab, Notebook 7, VS Code, "
                     "Colab) or the book's website.",
    "default_gru": "GRU",
    "default_rnn": "RNN",
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
    "err_weight_shape": "{name} must have shape {expected}; got shape {shape}.",
    "err_weight_nan": "{name} (shape {expected}) contains {count} NaN or infinite value(s); "
                      "the explorer needs finite weights.",
    "err_model_name": "model must be one of {names}; got {name!r}.",
    "err_cursor": "cursor must be an integer in [0, {T}); got {cursor!r}.",
    "err_units": "units must be unit numbers in [0, {H}); got {units!r}.",
}

_ZH = {
    "title": "门控探索器",
    "model": "模型",
    "input": "输入",
    "own_input": "自己的输入",
    "own_placeholder": "在此输入…",
    "own_option": "（自己的输入）",
    "time": "时间步",
    "prev": "◀",
    "next": "▶",
    "prev_label": "上一个时间步",
    "next_label": "下一个时间步",
    "keras_z": "显示 Keras 的 z（= 1 − z）",
    "units": "折线图和表格中的单元",
    "weights": "权重（拖动滑块，浏览器会重新计算每个门）",
    "reset_weights": "恢复权重",
    "z": "更新门 z",
    "z_keras": "Keras 的 z = 1 − z",
    "r": "重置门 r",
    "h_tilde": "候选隐状态 ĥ",
    "h": "隐状态 h",
    "unit": "单元",
    "no_gates": "普通 RNN 没有门",
    "step": "t",
    "lines": "所选单元随时间的变化：h（实线），z（虚线）",
    "lines_keras": "所选单元随时间的变化：h（实线），Keras 的 z（虚线）",
    "values": "光标处的值",
    "heatmap_aria": "z、r、ĥ 和 h 的热图：横向为时间步，纵"
                    "向为单元。点按某个时间步可把时间光标移到那里，"
                    "也可沿时间步拖动；方向键、Home 和 End 键同样可以移动光标。",
    "lines_aria": "所选单元随时间变化的折线图",
    "cursor_status": "t = {t}，词元“{token}”",
    "hover": "{gate}，单元 {unit}，t = {t}“{token}”：{value}",
    "typing_needs_kernel": "为此模型输入自己的文本需要运行中的内核（它的编码器是 Python 代码）。",
    "static_note": "这个探索器的一切都在浏览器中运行，在静态网站"
                   "上也是如此：时间光标、悬停、预设的输入和模型、"
                   "自己的输入以及权重滑块。训练模型或修改其 Pytho"
                   "n 代码需要运行中的内核（Binder、Colab "
                   "或 JupyterLab：页面顶部的火箭按钮）。",
    "live_note": "已连接内核：下一个单元可以读取你在这里的操作（ex.params、ex.trace、ex.text、"
                 "ex.cursor）。",
    "fallback": "交互式门控探索器需要 JavaScript。如果你在 "
                "JupyterLab 中打开了这个笔记本，请运行该单元"
                "（或信任该笔记本）。下面是第一个输入的静态图。",
    "edits_kept": "切换模型时，每个模型保留各自的权重修改；“恢复权重”会撤销修改。",
    "msg_empty": "输入为空：请至少输入一个字符。",
    "msg_unknown": "不在此模型的词表中（按零向量处理）：{chars}",
    "msg_too_long": "输入已截断为前 {n} 个字符。",
    "msg_waiting": "正在内核中计算…",
    "legend_gates": "z, r",
    "legend_states": "ĥ, h",
    "legend_end": "{hi}  {name}",
    "unit_option": "{unit} {j}",
    "caption": "{values}：{status}",
    "missing": "—",
    "live": "{status}。{units}。",
    "live_unit": "{unit} {j}：{values}",
    "live_value": "{name} {value}",
    "live_values_sep": "，",
    "live_units_sep": "；",
    "alt": "模型 {model} 在输入“{text}”上的更新门 z"
           "、重置门 r、候选隐状态 ĥ 和隐状态 h 的热图：横向为 "
           "{T} 个时间步，纵向为 {H} 个单元；下方是单元 {units} 随时间变化的折线。",
    "text_fallback": "门控探索器（{model}，输入“{text}”，{"
                     "T} 个时间步，H = {H}）。它需要能运行小部件的"
                     "前端（JupyterLab、Notebook 7、VS Code、Colab）或本书的网站。",
    "default_gru": "GRU",
    "default_rnn": "RNN",
    "err_kind": "kind 必须是 'chars' 或 'words'；实际为 {kind!r}。",
    "err_vocab_empty": "vocab 为空：请给出词元列表（例如一个字符组成的字符串）。",
    "err_chars_vocab": "'chars' 词表只能包含单个字符；实际为 {bad}。",
    "err_vocab_repeated": "vocab 中有重复的词元；每个词元只能出现一次。",
    "err_unk": "unk={unk!r} 不在 vocab 中。",
    "err_embedding": "embedding 的形状应为 (V, D)，其中 V = {V}（词表大小）；实际形状为 {shape}。",
    "err_needs_vocab": "encoder={encoder!r} 需要 vocab=（词元列表；字符可用 "
                       "' abcdefghijklmnopqrstuvwxyz' 这样的字符串）。",
    "err_encoder": "encoder 必须是 'chars'、'words'、一个 Encoder 或一个函数 text → "
                   "(x (T, D), tokens)；实际为 {encoder!r}。",
    "err_model_type": "模型必须是 GRUParams、RNNParams 或 Keras 的 GRU 层；实际为 {type}。",
    "err_input_size": "模型 {key!r} 的输入大小为 D = {D}，但它的编码器生成大小为 {size} 的向量；"
                      "请使用训练该模型时的 vocab（或 embedding）。",
    "err_no_model": "没有给出模型。",
    "err_no_weight": "此模型没有名为 {name!r} 的权重；它的权重是 {names}。",
    "err_slider_token": "滑块 {name}[{token!r}, …]：词元 {token!r} 不在编码器的词表中。",
    "err_slider_rank": "形状为 {shape} 的 {name} 的滑块需要 {ndim} 个下标；实际为 {index}。",
    "err_slider_range": "滑块下标 {name}{index}：第 {k} 个位置必须在 [0, {n}) 之内。",
    "err_hidden_size": "hidden_size 必须是 2、3 或 4；实际为 {hidden_size!r}。",
    "err_inputs": "inputs 必须是非空文本组成的非空列表。",
    "err_weight_shape": "{name} 的形状应为 {expected}；实际形状为 {shape}。",
    "err_weight_nan": "{name}（形状 {expected}）含有 {co"
                      "unt} 个 NaN 或无穷值；探索器需要有限的权重。",
    "err_model_name": "model 必须是 {names} 之一；实际为 {name!r}。",
    "err_cursor": "cursor 必须是 [0, {T}) 中的整数；实际为 {cursor!r}。",
    "err_units": "units 必须是 [0, {H}) 中的单元编号；实际为 {units!r}。",
}

#: Every reader-facing word of the explorer (English and Chinese, the same keys).
MESSAGES = Messages(en=_EN, zh=_ZH)

_PYTHON_ONLY = ("err_", "default_", "alt", "text_fallback")
#: The keys the view gets (every key but the errors, default names and fallbacks).
VIEW_KEYS = tuple(k for k in _EN if not k.startswith(_PYTHON_ONLY))


def view_strings(lang: str | None = None) -> dict[str, str]:
    """The view's words in ``lang`` (default: ``gl.get_language()``)."""
    table = MESSAGES.in_language(lang or get_language())
    return {k: table[k] for k in VIEW_KEYS}


def all_view_strings() -> dict[str, dict[str, str]]:
    """``{language: view_strings(language)}``: the static page embeds every language and the
    view picks by the page's ``<html lang>`` (zh pages have ``lang="zh-CN"``)."""
    return {lang: view_strings(lang) for lang in LANGUAGES}


def default_units(H: int, units=None) -> list[int]:
    """The units first drawn as lines: ``units`` that exist in a model of ``H`` units, else the
    first four (at most H)."""
    chosen = [int(u) for u in (units or []) if 0 <= int(u) < H]
    return chosen or list(range(min(H, 4)))


_CMAPS: dict[str, list[str]] = {}


def colour_maps(n: int = 256) -> dict[str, list[str]]:
    """``{"gate": cividis, "state": PuOr}`` as ``n`` hex colours each (matplotlib's maps;
    matplotlib is imported here, pyplot is not)."""
    if not _CMAPS:
        import numpy as np
        from matplotlib import colormaps

        for key, name in (("gate", "cividis"), ("state", "PuOr")):
            rgb = (np.asarray(colormaps[name](np.linspace(0, 1, n)))[:, :3] * 255).round()
            _CMAPS[key] = ["#{:02x}{:02x}{:02x}".format(*c) for c in rgb.astype(int)]
    return dict(_CMAPS)


def style() -> dict:
    """What the view draws with: colour maps, the units' colours and markers, blank tokens,
    the values table's columns and the longest input."""
    return {"cmaps": colour_maps(), "palette": list(LINE_COLOURS), "markers": list(MARKERS),
            "visible": dict(VISIBLE_TOKENS), "columns": list(VALUE_COLUMNS),
            "max_length": MAX_LENGTH}
