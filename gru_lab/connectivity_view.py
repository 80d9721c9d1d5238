"""The connectivity view for the static website: pick a character, see which earlier
characters its prediction depends on (text generation page; no kernel needed).

``ConnectivityView(text, {"GRU": C_gru, "RNN": C_rnn})`` renders (``_repr_html_``) a ``<div>``
and an inline ``<script>`` holding the precomputed connectivity rows as data (the matrices of
:func:`gru_lab.connectivity.connectivity`, lower triangles, float32, base64). The script
(``gru_lab/connectivity_view.js``) draws the passage once per model and shades each earlier
character by its connectivity to the chosen prediction, on a logarithmic scale from white to
the palette's blue (:data:`gru_lab.plots._common.SEQUENTIAL_ENDS`), the same colours as the
page's static heatmap. The reader picks the predicted character with a slider (arrow keys,
Home, End), the ◀ ▶ buttons or a click on a character; a sentence under the passages says in
words which inputs matter most (a text alternative, also announced to screen readers).
Nothing is loaded from another host; it works over http and file://, and in JupyterLab when
the cell runs. Without JavaScript a short fallback message is shown.

Every reader-facing word is in :data:`LABELS` (a translation keeps the keys and the
``{placeholders}``); the ``err_`` entries are Python's own error messages.
"""

from __future__ import annotations

import html
import itertools
import json
from importlib import resources

import numpy as np

from .explorer import _json_for_script, _pack
from .i18n import LANGUAGES, Messages, get_language, html_by_language
from .plots._common import SEQUENTIAL_ENDS

__all__ = ["LABELS", "ConnectivityView"]

LABELS = Messages(en={
    "title": "Which earlier characters does a prediction use?",
    "aria": "Connectivity view: the passage once per model, each earlier character shaded by "
            "how strongly the chosen prediction depends on it.",
    "slider": "Predicted character",
    "prev": "◀",
    "next": "▶",
    "prev_label": "previous character",
    "next_label": "next character",
    "status": "character {pos} of {n}: “{char}”",
    "look_back": "{model}: mean connectivity below {fraction:g} × lag 0 after {lag} steps",
    "legend": "‖∂s_t/∂x_t′‖ relative to the largest in the row: {lo} … 1",
    "help": "Tap or click a character, or move the slider (arrow keys, Home, End), to choose "
            "the prediction. The earlier characters are shaded by how strongly that "
            "prediction depends on them; the predicted character is outlined.",
    "summary": "Predicting “{char}” (character {pos}) from the {n} characters before it. "
               "{models}",
    "summary_model": "{model}: strongest inputs {inputs}.",
    "summary_input": "“{char}” at t − t′ = {lag} ({value})",
    "summary_sep": ", ",
    "cell": "“{char}”, t − t′ = {lag}: {value}",
    "fallback": "The interactive connectivity view needs JavaScript. If you opened this "
                "notebook in JupyterLab, run the cell (or trust the notebook). The heatmaps "
                "above show the same numbers.",
    "err_text": "text must hold T + 1 characters for (T, T) matrices; got {n} characters for "
                "model {model!r} of shape {shape}.",
    "err_models": "matrices must be a non-empty dict {{model name: (T, T) array}}; got {got}.",
}, zh={
    "title": "一次预测用到了前面哪些字符？",
    "aria": "连通度视图：每个模型把这段文字显示一次，前面的每个字符按所选预测对它的依赖程度着色。",
    "slider": "被预测的字符",
    "prev": "◀",
    "next": "▶",
    "prev_label": "上一个字符",
    "next_label": "下一个字符",
    "status": "第 {pos} 个字符（共 {n} 个）：“{char}”",
    "look_back": "{model}：{lag} 步之后平均连通度低于滞后 0 处的 {fraction:g} 倍",
    "legend": "‖∂s_t/∂x_t′‖ 相对于该行最大值：{lo} … 1",
    "help": "点击或轻触一个字符，或拖动滑块（方向键、Home、End），选择要看的预测。"
            "前面的字符按该预测对它的依赖程度着色；被预测的字符带有边框。",
    "summary": "根据前面的 {n} 个字符预测“{char}”（第 {pos} 个字符）。{models}",
    "summary_model": "{model}：最强的输入是 {inputs}。",
    "summary_input": "t − t′ = {lag} 处的“{char}”（{value}）",
    "summary_sep": "，",
    "cell": "“{char}”，t − t′ = {lag}：{value}",
    "fallback": "交互式连通度视图需要 JavaScript。如果你在 JupyterLab 中打开了本笔记本，"
                "请运行该单元格（或信任本笔记本）。上面的热图显示的是相同的数字。",
    "err_text": "对于 (T, T) 矩阵，text 必须有 T + 1 个字符；模型 {model!r} 的形状为 {shape}，"
                "实际有 {n} 个字符。",
    "err_models": "matrices 必须是非空字典 {{model name: (T, T) array}}；实际为 {got}。",
})
_JS_FILE = "connectivity_view.js"
_PYTHON_ONLY = ("err_",)


class ConnectivityView:
    """Static-site view of precomputed connectivity (text generation page).

    ``text``: the passage, T + 1 characters (inputs are characters 1 … T, predictions are of
    characters 2 … T + 1, counted from 1 as in the book). ``matrices``: ``{model name: C}``,
    each C (T, T) from :func:`gru_lab.connectivity.connectivity` (row t: the prediction of
    character t + 2 in the book's count). ``look_back``: optional ``{model name: lag}`` shown
    beside each name, with ``fraction``. ``start``: the prediction shown first (0-based row).
    ``decades``: how many powers of ten the colour scale spans below the row's largest.
    """

    def __init__(self, text: str, matrices: dict, *, look_back: dict | None = None,
                 fraction: float = 0.1, start: int | None = None, decades: int = 3,
                 title: str | None = None):
        if not isinstance(matrices, dict) or not matrices:
            raise ValueError(LABELS["err_models"].format(got=type(matrices).__name__))
        self.text = str(text)
        self.matrices = {}
        for name, C in matrices.items():
            C = np.asarray(C, dtype=float)
            if C.ndim != 2 or C.shape[0] != C.shape[1] or C.shape[0] != len(self.text) - 1:
                raise ValueError(LABELS["err_text"].format(n=len(self.text), model=name,
                                                           shape=C.shape))
            self.matrices[str(name)] = C
        T = len(self.text) - 1
        self.look_back = dict(look_back or {})
        self.fraction = float(fraction)
        self.start = T - 1 if start is None else int(np.clip(start, 0, T - 1))
        self.decades = int(decades)
        self.title = title
        self._counter = itertools.count()

    def data(self) -> dict:
        """The JSON-able description embedded in the page."""
        T = len(self.text) - 1
        rows, cols = np.tril_indices(T)
        return {
            # Both languages: the page's script picks by <html lang> (one execution serves the
            # English and the Chinese site).
            "labels": {lang: {k: v for k, v in LABELS.in_language(lang).items()
                              if not k.startswith(_PYTHON_ONLY)} for lang in LANGUAGES},
            "title": self.title,
            "lang": get_language(),
            "chars": list(self.text),
            "start": self.start,
            "decades": self.decades,
            "ends": list(SEQUENTIAL_ENDS),
            "models": [
                {"name": name,
                 "tril": _pack(C[rows, cols].astype(np.float32)),
                 "look_back": {lang: (LABELS.in_language(lang)["look_back"].format(
                     model=name, fraction=self.fraction, lag=self.look_back[name])
                     if name in self.look_back else name) for lang in LANGUAGES}}
                for name, C in self.matrices.items()
            ],
        }

    def to_html(self, uid: str | None = None) -> str:
        """The ``<div>`` + ``<script>`` fragment (a fresh id each call)."""
        uid = uid or f"grulab-conn-{id(self):x}-{next(self._counter)}"
        js = resources.files("gru_lab").joinpath(_JS_FILE).read_text(encoding="utf-8")
        return (
            f'<div id="{uid}" class="grulab-conn">'
            + html_by_language(
                lambda: f'<p class="grulab-fallback">{html.escape(LABELS["fallback"])}</p>')
            + f"</div>\n<script>\n(function(){{\n{js}\n"
            f"GRULabConnectivity.mount({json.dumps(uid)}, {_json_for_script(self.data())});\n"
            "})();\n</script>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def save(self, path) -> str:
        """A standalone HTML page (for file:// and the browser tests); returns the path."""
        from pathlib import Path

        page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                f"<title>{html.escape(self.title or LABELS['title'])}</title></head>"
                f"<body>\n{self.to_html()}\n</body></html>\n")
        Path(path).write_text(page, encoding="utf-8")
        return str(path)
