"""The cells drawn as circuits (chapters 1 and 2): the equation numbers they print are the pages'
numbers, every step adds its piece, the figures carry no words, the frame draws the real step,
and the page shows them as vector SVG with alt text."""

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import gru_lab as gl  # noqa: E402
from gru_lab.plots import cell  # noqa: E402
from gru_lab.plots._common import LINE_COLOURS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts if t.get_visible()]


def _toy():
    """Chapter 2's toy GRU (its worked example)."""
    return gl.GRUParams(W_z=[[4.0, 4.0]], U_z=np.zeros((2, 2)), b_z=[-1.0, -5.0],
                        W_r=[[-6.0, 0.0]], U_r=np.zeros((2, 2)), b_r=[3.0, 3.0],
                        W_h=[[-1.0, 1.0]], U_h=[[2.0, 0.0], [0.0, 1.0]], b_h=[1.0, 0.0])


# ---------------------------------------------------------------- equation numbers

def _chapter_numbers() -> dict[str, int]:
    """docname → chapter number: the chapters of the numbered parts of _toc.yml, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] if part.get("numbered")
             for c in part["chapters"]]
    return {f: i + 1 for i, f in enumerate(files)}


def _source_equation_numbers(docname: str, chapter: int) -> dict[str, str]:
    """label → "(c.n)": MyST numbers the page's `$$ ... $$ (label)` blocks in order."""
    text = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
    labels = re.findall(r"^\$\$\s*\(([\w-]+)\)\s*$", text, flags=re.M)
    return {label: f"({chapter}.{n})" for n, label in enumerate(labels, start=1)}


def test_equation_numbers_match_the_chapter_sources():
    """Every "eq:<label>" of LABELS is the number MyST gives <label> on its page (counted from
    the chapter's source and its place in _toc.yml): an equation added above one of them, or
    a chapter moved, fails here instead of printing a wrong number in the figure."""
    chapters = _chapter_numbers()
    eq_keys = {k[3:]: v for k, v in cell.LABELS.items() if k.startswith("eq:")}
    assert set(eq_keys) == set(cell.EQUATIONS)
    for label, docname in cell.EQUATIONS.items():
        numbers = _source_equation_numbers(docname, chapters[docname])
        assert label in numbers, f"{docname} has no equation ({label})"
        assert eq_keys[label] == numbers[label], (label, eq_keys[label], numbers[label])


@pytest.mark.site
def test_equation_numbers_match_the_built_pages():
    """The same numbers as the built pages print next to the equations (_build/html)."""
    for label, docname in cell.EQUATIONS.items():
        page = SITE / f"{docname}.html"
        if not page.is_file():
            pytest.skip(f"{page} is not built (run `make book`); the source test still runs")
        html = page.read_text(encoding="utf-8")
        m = re.search(rf'id="equation-{re.escape(label)}".*?<span class="eqno">(\([\d.]+\))',
                      html, flags=re.S)
        assert m, f"no numbered equation {label} in {page}"
        assert cell.LABELS[f"eq:{label}"] == m.group(1), (label, m.group(1))


# ---------------------------------------------------------------- the steps

def test_each_step_adds_its_piece():
    """(a) the two σ gates (2.1), (2.2); (b) adds the candidate's tanh and reset node (2.3);
    (c) adds the update's four nodes (2.4) and h_t. Nothing drawn before disappears."""
    L = cell.LABELS
    a, b, c = (_texts(cell.gru_cell(s)) for s in cell.STEPS)
    assert a.count(L["sigma"]) == 2 and L["eq:gru-z"] in a and L["eq:gru-r"] in a
    assert L["tanh"] not in a and L["eq:gru-cand"] not in a and L["h"] not in a
    assert L["tanh"] in b and b.count(L["eq:gru-cand"]) == 2 and L["h_tilde"] in b
    assert L["eq:gru-h"] not in b and L["h"] not in b
    assert c.count(L["eq:gru-h"]) == 4 and L["h"] in c and L["one_minus_z"] in c
    for earlier, later in ((a, b), (b, c)):
        assert set(earlier) - {L["z"]} <= set(later)   # z_t's label moves to the z line in (c)


def test_reset_variants_differ_in_order_and_number():
    """Reset before: the ⊙ node then U_h, numbered (2.3); after: U_h with c_h, then the ⊙ node,
    numbered (2.7)."""
    L = cell.LABELS
    before, after = (_texts(cell.gru_cell("b", reset=r)) for r in cell.RESETS)
    assert L["U_h"] in before and L["eq:gru-cand-after"] not in before
    assert L["U_h_c_h"] in after and L["eq:gru-cand-after"] in after
    assert L["eq:gru-cand"] not in after
    fig = cell.gru_cell_resets("b")
    assert len(fig.axes) == 2


def test_rnn_cell_is_one_tanh_box():
    """Chapter 1's cell: the same layout with one tanh box (1.1) and no gate."""
    texts = _texts(cell.rnn_cell())
    assert texts.count(cell.LABELS["tanh"]) == 1 and cell.LABELS["eq:rnn-step"] in texts
    assert cell.LABELS["sigma"] not in texts and cell.LABELS["odot"] not in texts


def _allowed_texts():
    return {v for k, v in cell.LABELS.items() if k not in ("value", "unknown")}


@pytest.mark.parametrize("make", [
    cell.rnn_cell, lambda: cell.gru_cell("a"), lambda: cell.gru_cell("b", reset="after"),
    lambda: cell.gru_cell("c"), lambda: cell.gru_cell_resets("b"),
], ids=["rnn", "a", "b-after", "c", "resets"])
def test_figures_draw_only_the_label_table(make):
    """No words in the figures: every text drawn is an entry of LABELS (symbols, operators,
    equation numbers), so an edition in another language changes that one table."""
    fig = make()
    assert set(_texts(fig)) <= _allowed_texts()
    assert all(not ax.get_title() and not ax.get_xlabel() for ax in fig.axes)


def test_colours_are_the_book_palette():
    """Lines and box edges use the Okabe–Ito colours of _common (z blue, r vermilion, ĥ
    green, the state black); faces are light tints, the equation numbers dark grey."""
    fig = cell.gru_cell("c")
    palette = {c.lower() for c in LINE_COLOURS}
    edges = {to_hex(p.get_edgecolor()).lower() for ax in fig.axes for p in ax.patches}
    assert edges <= palette, edges - palette
    assert {cell.COLOURS[k].lower() for k in ("z", "r", "h_tilde")} <= edges


# ---------------------------------------------------------------- the frame

def test_frame_writes_the_real_steps_values():
    """The frame of the worked example's step 2 writes unit 1's z_t, r_t, 1 − z_t, ĥ_t and
    h_t as gru_step_details computes them, and h_{t−1} and x_t at the inputs."""
    toy = _toy()
    h1 = gl.gru.gru_step_details(np.array([0.0]), np.zeros(2), toy)["h"]
    d = gl.gru.gru_step_details(np.array([1.0]), h1, toy)
    texts = _texts(cell.gru_cell_frame(np.array([1.0]), h1, toy, unit=0))
    fmt = cell.LABELS["value"].format
    L = cell.LABELS
    for key, value in (("z", d["z"][0]), ("r", d["r"][0]), ("one_minus_z", 1 - d["z"][0]),
                       ("h_tilde", d["h_tilde"][0]), ("h", d["h"][0]), ("h_prev", h1[0]),
                       ("x", 1.0)):
        assert fmt(symbol=L[key], value=value) in texts, key


def test_frame_widths_follow_the_gates():
    """A gated path is as wide as its gate: at a boundary unit 1's z ≈ 0.95, so the
    candidate's way in is far wider than the state line's 1 − z ≈ 0.05."""
    toy = _toy()
    h1 = gl.gru.gru_step_details(np.array([0.0]), np.zeros(2), toy)["h"]
    fig = cell.gru_cell_frame(np.array([1.0]), h1, toy, unit=0)
    widths = sorted(p.get_linewidth() for p in fig.axes[0].patches
                    if hasattr(p, "get_path") and type(p).__name__ == "FancyArrowPatch")
    z = gl.gru.gru_step_details(np.array([1.0]), h1, toy)["z"][0]
    assert widths[-1] == pytest.approx(0.6 + 4.0 * z)
    assert widths[0] == pytest.approx(0.6 + 4.0 * (1 - z))


def test_frame_hides_what_the_reader_works_out():
    """hide=("h",) prints h_t = ? and not its value (the exercise asks for it)."""
    toy = _toy()
    h_prev = np.array([0.3, 0.6])
    d = gl.gru.gru_step_details(np.array([1.0]), h_prev, toy)
    texts = _texts(cell.gru_cell_frame(np.array([1.0]), h_prev, toy, unit=1, hide=("h",)))
    assert cell.LABELS["unknown"].format(symbol=cell.LABELS["h"]) in texts
    assert not [t for t in texts if f"{d['h'][1]:.3f}" in t]


@pytest.mark.parametrize("call, words", [
    (lambda: cell.gru_cell("d"), ["step", "'d'", "a", "b", "c"]),
    (lambda: cell.gru_cell("b", reset="middle"), ["reset", "before", "after", "'middle'"]),
    (lambda: cell.gru_cell_resets("a"), ["step", "'a'"]),
    (lambda: cell.gru_cell_frame([1.0], [0.0, 0.0], _toy(), unit=2),
     ["unit", "[0, 2)", "2"]),
    (lambda: cell.gru_cell_frame([1.0], [0.0, 0.0], _toy(), unit=0, hide=("W_z",)),
     ["hide", "W_z"]),
], ids=["step", "reset", "resets-step", "unit", "hide"])
def test_bad_arguments_name_themselves(call, words):
    """A wrong step, reset, unit or hide raises ValueError naming the argument, what it takes
    and what it got."""
    with pytest.raises(ValueError) as err:
        call()
    for w in words:
        assert w in str(err.value), (w, str(err.value))


# ---------------------------------------------------------------- SVG on the page

def test_as_svg_is_vector_and_reproducible():
    """as_svg gives an SVG document (vector: no embedded bitmap), closes the figure (no second
    PNG copy under the cell) and is the same text every time (no date, fixed ids)."""
    first = cell.as_svg(cell.gru_cell("c"))
    svg = first._repr_svg_()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "<image" not in svg
    assert plt.get_fignums() == []
    assert cell.as_svg(cell.gru_cell("c")).svg == svg
    with pytest.raises(TypeError, match="Figure"):
        cell.as_svg("not a figure")


CELL_FIGURES = {
    "book/01_rnn": ["rnn-fig-cell"],
    "book/02_gru_gates": ["gru-fig-cell-a", "gru-fig-cell-b", "gru-fig-cell-c",
                          "gru-fig-cell-frame"],
}


@pytest.mark.site
@pytest.mark.parametrize("page_name", sorted(CELL_FIGURES))
def test_built_pages_show_the_cells_as_svg_with_alt_text(page_name):
    """On the built page each cell figure is an <img> of an .svg file (a real SVG document)
    with a non-empty alt text."""
    docname = page_name
    page = SITE / f"{docname}.html"
    if not page.is_file():
        pytest.skip(f"{page} is not built (run `make book`)")
    html = page.read_text(encoding="utf-8")
    for name in CELL_FIGURES[docname]:
        m = re.search(rf'<figure[^>]*id="{name}".*?</figure>', html, flags=re.S)
        assert m, f"no figure {name} on {docname}"
        img = re.search(r"<img [^>]*>", m.group(0)).group(0)
        src = re.search(r'src="([^"]+)"', img).group(1)
        alt = re.search(r'alt="([^"]*)"', img)
        assert src.endswith(".svg"), (name, src)
        assert alt and len(alt.group(1)) > 40, (name, img)
        svg = (page.parent / src).resolve().read_text(encoding="utf-8")
        assert "<svg" in svg[:500]
