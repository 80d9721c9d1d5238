"""The Chinese notebook edition (``_build/html/zh/_notebooks``, written by the Chinese build from
the same pages and catalogs as the website; Binder, Colab and JupyterHub buttons on the Chinese
pages open it): Chinese text with no MyST markup left, the English edition's code cells and
outputs (one execution for both), a cell that makes gru_lab speak Chinese right after the
install cell, and a notebook that runs from top to bottom in a clean kernel.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_notebook_edition import MYST, _code, _markdown, _without_code

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u9fff]")
LANGUAGE_CELL = 'gl.set_language("zh")'

pytestmark = pytest.mark.site


def _notebook(edition: str, docname: str) -> dict:
    base = ROOT / "_build" / "html" / edition / "_notebooks"
    path = base / f"{docname}.ipynb"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make book`.")
    return json.loads(path.read_text(encoding="utf-8"))


def test_chinese_notebook_reads_in_chinese(notebook_docname, site_dir):
    """Chinese Markdown, and no MyST role or directive in any Markdown cell."""
    markdown = _markdown(_notebook("zh", notebook_docname))
    assert sum(len(HAN.findall(t)) for t in markdown) > 20, "hardly any Chinese"
    for number, text in enumerate(markdown, 1):
        prose = _without_code(text)
        for name, pattern in MYST.items():
            found = pattern.findall(prose)
            assert not found, f"{notebook_docname}, Markdown cell {number}: MyST {name} {found}"


def test_chinese_notebook_has_the_english_code_and_the_language_cell(notebook_docname, site_dir):
    """The same code cells and outputs as the English notebook, plus the language cell after
    the install cell; where an output carries both languages (a check's feedback, an
    explorer's fallback: gru_lab.i18n.html_by_language), each notebook keeps only its own."""
    zh = _code(_notebook("zh", notebook_docname))
    en = _code(_notebook("", notebook_docname))
    assert LANGUAGE_CELL in "".join(zh[1]["source"]), "no set_language cell after the install cell"
    del zh[1]
    assert ["".join(c["source"]) for c in zh] == ["".join(c["source"]) for c in en]
    zh_out, en_out = _outputs_by_language(zh), _outputs_by_language(en)
    assert [o for o, _ in zh_out] == [o for o, _ in en_out]
    for (_, zh_html), (_, en_html) in zip(zh_out, en_out, strict=True):
        assert ('lang="en"' in zh_html, 'lang="zh-CN"' in en_html) == (False, False)
        assert ('lang="zh-CN"' in zh_html) == ('lang="en"' in en_html)


def _outputs_by_language(cells) -> list:
    """Each cell's outputs with the HTML that is in one language set aside: (the rest, that
    HTML joined)."""
    import copy

    rows = []
    for cell in cells:
        outputs, picked = copy.deepcopy(cell.get("outputs") or []), []
        for out in outputs:
            html = "".join(out.get("data", {}).get("text/html", ""))
            if "grulab-i18n" in html:
                picked.append(html.split("<script")[0])  # the view's script has both
                del out["data"]["text/html"]
        rows.append((outputs, "".join(picked)))
    return rows


def test_a_chinese_notebook_runs_top_to_bottom(site_dir, tmp_path):
    """The Chinese notation chapter's notebook runs in a fresh kernel, and gru_lab then
    answers in Chinese."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.reads(json.dumps(_notebook("zh", "book/notation")), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import gru_lab as gl\n"
        "try:\n"
        "    gl.GRUParams.init(input_size=0, hidden_size=2)\n"
        "except ValueError as error:\n"
        "    print(error)"))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert HAN.search(printed), f"gru_lab did not answer in Chinese: {printed!r}"
