"""Facts of the foundation chapters that a later edit could silently break.

Each test reads the MyST sources of the pages (no build, no execution) and protects one
decision:

* one matrix convention, rows (``x_t W``, ``h V``), with no column-form product left;
* the conventions table (this book vs Cho et al., Keras, PyTorch) in exactly one page, and the
  redundant-bias explanation in one place, linked from the others;
* true statements that were once false: the gradient of h₀ never crosses a batch boundary;
  rescaling gradient blocks still gives a descent direction; the reset-variant history cites
  its sources; no prose "step 0" (the math counts steps from 1);
* every number quoted with ``{glue:text}`` in these pages is glued by a code cell of the page.

The chapter 1 figure's ‖U^{T−t}‖ line is tested on the plotting function itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
PAGES = ["notation", "intro", "01_rnn", "02_gru_gates", "03_softmax", "04_bptt", "05_keras",
         "appendix_qa", "explorer"]


def source(page: str) -> str:
    return (BOOK / f"{page}.md").read_text(encoding="utf-8")


def split_cells(text: str) -> tuple[str, str]:
    """(prose, code): the page without its fenced blocks, and the code cells' contents.

    Fences of three or more backticks; a longer fence (````) may contain shorter ones, as the
    exercise directives do. Directive fences whose body is prose (``{exercise}``,
    ``{solution}``, ``{note}``) stay in the prose; ``{code-cell}`` bodies and plain
    ``python`` blocks go to the code.
    """
    prose, code = [], []
    stack: list[tuple[str, bool]] = []       # (fence, is_code) of the open blocks
    for line in text.splitlines():
        m = re.match(r"^(`{3,})(.*)$", line.strip())
        if m:
            fence, info = m.group(1), m.group(2).strip()
            if stack and fence == stack[-1][0] and not info:
                stack.pop()
                continue
            if not stack or len(fence) < len(stack[-1][0]):
                is_code = info.startswith("{code-cell}") or not info.startswith("{")
                stack.append((fence, is_code or (bool(stack) and stack[-1][1])))
                continue
        in_code = any(is_code for _, is_code in stack)
        (code if in_code else prose).append(line)
    return "\n".join(prose), "\n".join(code)


def prose_of(page: str) -> str:
    return split_cells(source(page))[0]


def code_of(page: str) -> str:
    return split_cells(source(page))[1]


def test_split_cells_separates_code_from_prose():
    """The helper the other tests rely on: code cells out, exercise text in."""
    text = ("Text $x_t W$.\n```{code-cell} ipython3\nglue('a', 1)\n```\n"
            "````{exercise} E\n:label: e\nSay $W x_t$.\n```python\nW @ x\n```\n````\n")
    prose, code = split_cells(text)
    assert "Say $W x_t$." in prose and "Text" in prose
    assert "glue('a', 1)" in code and "W @ x" in code
    assert "glue" not in prose and "W @ x" not in prose


# -- 1. one matrix convention: rows ----------------------------------------------------------

COLUMN_FORMS = [
    r"W(?:_[zrh])?\s*x_t",                       # W_z x_t, W x_t
    r"U(?:_[zrh])?\s*h_",                        # U_z h_{t-1}, U h_{t-1}
    r"U_h\s*\\left\(\s*r_t",                     # U_h (r_t ⊙ h_{t-1})
    r"U_h\s*\(\s*r_t",
    r"V\s*h_t", r"V\s*h\s*\+",                   # V h_t + c
    r"V\s*\(\s*o\s*-",                           # V (o - y)
    r"[UW]_[zrh]\^\{\\top\}\s*\\?,?\s*\\overline",   # U_h^T \overline{a}: column-form backprop
]


@pytest.mark.parametrize("page", PAGES)
def test_no_column_form_products_left(page):
    """Every equation follows the code's row convention (x_t W_z, h_{t-1} U_z, h V)."""
    prose = prose_of(page)
    found = [(pat, m.group(0)) for pat in COLUMN_FORMS for m in re.finditer(pat, prose)]
    assert not found, f"{page}.md still has column-form products: {found}"


def test_row_convention_is_stated_once_in_notation():
    """The notation page states the rule with the shapes; no other page re-explains it."""
    notation = prose_of("notation")
    assert "(notation-rows)=" in source("notation")
    for needle in ("x_t W_z + h_{t-1} U_z + b_z", "$(D, H)$", "$(H, H)$", "$(H, K)$"):
        assert needle in notation
    for page in PAGES:
        if page != "notation":
            assert "column vector" not in prose_of(page), page


def test_gradients_have_the_row_forms_transposes():
    """a = h V + c gives ∂L/∂h = (o − y) Vᵀ and ∂L/∂V = hᵀ (o − y); the RNN Jacobian has Uᵀ."""
    softmax = prose_of("03_softmax")
    assert r"(o - \mathbf{y})\, V^{\top}" in softmax
    assert r"h^{\top} (o -" in softmax
    rnn = source("01_rnn")
    jacobian = rnn[:rnn.index("$$ (rnn-jacobian)")].rsplit("$$", 1)[1]
    assert r"\operatorname{diag}\left(1 - h_t^2\right) U^{\top}" in jacobian
    bptt = source("04_bptt")
    assert r"\overline{s}_t = \overline{a}^h_t\, U_h^{\top}" in bptt
    assert r"\textstyle\sum_t x_t^{\top}\, \overline{a}^z_t" in bptt


# -- 2. each idea once -----------------------------------------------------------------------

def all_pages():
    return sorted(BOOK.rglob("*.md"))


def test_conventions_table_is_in_exactly_one_page():
    """The table (this book, Cho et al., Keras, PyTorch) lives in notation.md's Conventions."""
    with_table = [p.relative_to(BOOK).as_posix() for p in all_pages()
                  if re.search(r"^\|\s*gate order", p.read_text(encoding="utf-8"), re.M)]
    assert with_table == ["notation.md"]
    notation = source("notation")
    section = notation[notation.index("(notation-conventions)="):]
    for row in ("| state update", "| an update gate of 1 means", "| reset", "| gate order"):
        assert row in section


@pytest.mark.parametrize("page", ["intro", "02_gru_gates", "05_keras", "appendix_qa", "explorer"])
def test_pages_link_to_the_conventions_table(page):
    """The other pages point to the table instead of writing it out again."""
    assert "notation-conventions" in source(page)


def test_redundant_bias_explanation_is_in_one_place():
    """Why Keras's two bias rows are 2H redundant: explained in chapter 2, linked elsewhere."""
    explained = [p.relative_to(BOOK).as_posix() for p in all_pages()
                 if "only ever added" in p.read_text(encoding="utf-8")]
    assert explained == ["02_gru_gates.md"]
    assert "(gru-count-params)=" in source("02_gru_gates")
    for page in ("notation", "05_keras", "appendix_qa"):
        assert "gru-count-params" in source(page), page


# -- 3. statements that were false -----------------------------------------------------------

def paragraph_with(text: str, needle: str) -> str:
    start = text.index(needle)
    begin = text.rfind("\n\n", 0, start) + 2
    end = text.find("\n\n", start)
    return text[begin:end if end >= 0 else None]


def test_h0_gradient_does_not_cross_a_batch_boundary():
    """A stateful model carries the state forward and detaches it: no gradient to a past batch."""
    para = paragraph_with(prose_of("04_bptt"), "the gradient with\nrespect to the initial state")
    assert "previous batch" not in para
    assert "detaches" in para and "no gradient crosses" in para


def test_clipping_solution_keeps_descent_and_states_when_np_clip_keeps_direction():
    """Per-block rescaling is −D g with gᵀ D g > 0: still downhill; np.clip's exact cases."""
    text = source("04_bptt")
    solution = text[text.index("````{solution} ex-bptt-direction"):]
    solution = solution[:solution.index("\n````\n")]
    assert "no longer go downhill" not in solution
    assert "descent direction" in solution and r"g^{\top} D g > 0" in solution
    assert "no entry exceeds" in solution and "same magnitude" in solution


def test_bias_free_gru_claim_is_limited_to_the_first_step():
    """Without biases only the first step from h_0 = 0 is stuck; later U carries the state."""
    para = paragraph_with(prose_of("02_gru_gates"), "**Step 1.**")
    assert "could not\nreact to a letter at all" not in para
    assert "at the first step" in para and "gru_nobias_move" in para
    assert "assert np.all(h_nb[0] == 0.0)" in code_of("02_gru_gates")


def test_softmax_chapter_points_to_trained_units_in_the_applications():
    """Chapter 2's GRU is hand-set: trained units are in apps/text_generation."""
    para = paragraph_with(prose_of("03_softmax"), "rarely this clean")
    assert "{doc}`apps/text_generation`" in para
    assert "{doc}`02_gru_gates`\nlooks at real ones" not in para


STEP_ZERO = re.compile(r"\bsteps?\s+\$?0\$?(?![.\d])|\$t\s*=\s*0\$")


@pytest.mark.parametrize("page", PAGES)
def test_no_step_zero_in_prose(page):
    """The math counts steps t = 1 … T; only code may count from 0 (and says so)."""
    found = STEP_ZERO.findall(prose_of(page))
    assert not found, f"{page}.md: {found}"


def test_step_counting_rule_is_stated_in_notation():
    notation = source("notation")
    assert "(notation-steps)=" in notation
    para = paragraph_with(prose_of("notation"), "The equations and the text count time steps")
    assert "from 1" in para and "Python counts from 0" in para


def test_reset_variant_history_cites_its_sources():
    """Cho et al. (reset before), cuDNN via Appleyard et al. and TensorFlow's docs, Keras."""
    text = source("02_gru_gates")
    history = text[text.index("(gru-reset-history)="):]
    history = history[:min(history.index("\n```"), history.index("\n#"))]
    for key in ("cho2014learning", "appleyard2016optimizing", "chollet2015keras",
                "tensorflow2019cudnngru", "pytorch2023gru"):
        assert f"`{key}`" in history, key
    assert "Section 2.3" in history and "reset_after=True" in history
    assert r"h_{t-1} [\,U_z \mid U_r \mid U_h\,]" in history      # the one product
    bib = (BOOK / "references.bib").read_text(encoding="utf-8")
    for key in ("tensorflow2019cudnngru", "pytorch2023gru", "le2015simple"):
        assert f"{{{key}," in bib, key


def test_rnn_chapter_says_when_the_power_of_u_approximation_holds():
    """‖∂h_T/∂h_t‖ ≈ ‖U^{T−t}‖ only while states are small; ρ = 1.2 shows the failure."""
    prose = prose_of("01_rnn")
    assert "essentially $U^{T-t}$" not in prose
    para = paragraph_with(prose, "For $\\rho = 1.2$ the approximation fails")
    for name in ("rnn_hmax_small_12", "rnn_dtanh_small_12", "rnn_g_small_12", "rnn_linear_12"):
        assert name in para
    code = code_of("01_rnn")
    assert "np.linalg.matrix_power(U[1.2]" in code and "reference=" in code


# -- 4. every quoted number is computed ------------------------------------------------------

GLUE_USE = re.compile(r"\{glue:text\}`([^`:]+)")
GLUE_DEF = re.compile(r"glue\(\s*(f?)([\"'])(.+?)\2")


def glue_patterns(code: str) -> list[re.Pattern]:
    """One regex per glue(...) call: f-strings' {...} fields match any text."""
    patterns = []
    for m in GLUE_DEF.finditer(code):
        is_f, name = m.group(1), m.group(3)
        if is_f:
            parts = re.split(r"\{[^}]*\}", name)
            patterns.append(re.compile(".+?".join(re.escape(p) for p in parts) + r"$"))
        else:
            patterns.append(re.compile(re.escape(name) + r"$"))
    return patterns


def test_glue_patterns_match_plain_and_f_string_names_only():
    """The matcher behind the next test: f-string fields match anything, nothing else does."""
    patterns = glue_patterns('glue("a_b", 1)\nglue(f"rnn_g_{tag}_{int(r * 10)}", x)')
    assert any(p.match("a_b") for p in patterns)
    assert any(p.match("rnn_g_small_8") for p in patterns)
    assert not any(p.match("a_bc") or p.match("rnn_x") for p in patterns)


@pytest.mark.parametrize("page", PAGES)
def test_every_glued_number_is_glued_by_the_page(page):
    """A {glue:text} name with no glue() call in the page's code would show an error box."""
    text = source(page)
    patterns = glue_patterns(code_of(page))
    # names glued by a shared helper (gl.published.glue) are listed by that helper's prefix
    helper_prefixes = re.findall(r"published\.glue\(\s*[\"']([^\"']+)[\"'](?:,\s*prefix=[\"']"
                                 r"([^\"']+)[\"'])?", text)
    prefixes = [pre or table for table, pre in helper_prefixes]
    used = sorted(set(GLUE_USE.findall(prose_of(page))))
    missing = [n for n in used if not any(p.match(n) for p in patterns)
               and not any(n.startswith(pre + "_") for pre in prefixes)]
    assert not missing, f"{page}.md quotes numbers that no cell glues: {missing}"


NEW_GLUES = {
    "01_rnn": ["rnn_linear_12", "rnn_hmax_small_8", "rnn_dtanh_small_12"],
    "02_gru_gates": ["gru_nobias_move", "gru_move_zr", "gru_move_h"],
    "03_softmax": ["softmax_top2_05", "softmax_top2_2", "softmax_words_2"],
    "04_bptt": ["bptt_lm_val_prev", "bptt_lm_val_gap"],
    "05_keras": ["mr_maxlen", "mr_p95", "dr_T", "dr_keep", "dr_half_left", "dr_T_minus_1"],
    "appendix_qa": ["qa_mistake_min", "qa_mistake_max"],
    "explorer": ["ex-z-unit1", "ex-r-stop"],
}


@pytest.mark.parametrize("page", sorted(NEW_GLUES))
def test_numbers_that_were_typed_are_now_glued(page):
    """Numbers once typed into prose (0.95, 10^-15, "95th percentile", z = 0.5 …) are computed."""
    prose, patterns = prose_of(page), glue_patterns(code_of(page))
    for name in NEW_GLUES[page]:
        assert f"{{glue:text}}`{name}" in prose, name
        assert any(p.match(name) for p in patterns), name


def test_typed_numbers_are_gone():
    assert r"\sigma(3) \approx 0.95" not in source("05_keras")
    assert r"0.5^{49} \approx 10^{-15}" not in source("05_keras")
    assert "95th percentile is lower" not in source("05_keras")
    assert "with $z = 0.5$ at every step" not in source("explorer")


# -- the figure of chapter 1 -----------------------------------------------------------------

def test_gradient_norm_curves_draws_the_reference_line_dotted_and_reversed():
    """The ‖U^{T−t}‖ line: dotted, no markers, same T − t axis as the measured curves."""
    import matplotlib.pyplot as plt

    from gru_lab.plots import rnn as rnn_plots

    measured = np.array([0.1, 0.3, 1.0])            # t = 0, 1, 2 (T = 2)
    linear = np.array([4.0, 2.0, 1.0])              # ‖U^{T−t}‖ for ρ = 2
    fig = rnn_plots.gradient_norm_curves({"ρ = 2": measured}, reference={"U": linear})
    ax = fig.axes[0]
    ref = [ln for ln in ax.lines if ln.get_label() == "U"]
    assert len(ref) == 1
    assert ref[0].get_linestyle() == ":" and ref[0].get_marker() in ("None", None, "")
    np.testing.assert_allclose(ref[0].get_ydata(), [1.0, 2.0, 4.0])   # distance T − t = 0, 1, 2
    assert ax.get_yscale() == "log"
    plt.close(fig)
