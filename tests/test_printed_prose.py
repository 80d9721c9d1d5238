"""The Chinese edition shows the English execution's outputs (issue 18), so a sentence that a
code cell prints stays English on the Chinese pages. These pages say such sentences in their
prose, with glued numbers; their cells print only data (dates, counts, generated text), numbers
and symbols.

Fails when a ``print`` in a code cell of any page carries an English word in its literal
text, or when the paragraphs that replaced the printed sentences lose their glued numbers.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Every page of the book: a new chapter is guarded from its first print.
PAGES = sorted(p.relative_to(ROOT / "book").with_suffix("").as_posix()
               for p in (ROOT / "book").rglob("*.md"))
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.M | re.S)
WORD = re.compile(r"[A-Za-z]{3,}")
# Literal text that is data, not a sentence: the prompt fed to the untrained model (chapter 3).
DATA = {"the"}


def code_cells(page: str) -> list[str]:
    text = (ROOT / "book" / f"{page}.md").read_text(encoding="utf-8")
    cells = []
    for body in CELL.findall(text):
        body = re.sub(r"\A---\n.*?\n---\n", "", body, flags=re.S)  # the cell's YAML options
        # cell options (":tags: ...") and IPython magics ("%pip", also indented) are not Python
        lines = [re.sub(r"^(\s*)%.*", r"\1pass", ln) for ln in body.splitlines()
                 if not ln.startswith(":")]
        cells.append("\n".join(lines))
    return cells


def printed_literals(cell: str) -> list[str]:
    """The literal text printed by every ``print(...)`` call: its string arguments and the
    literal pieces of its f-strings (not dictionary keys or other strings used as values)."""
    out = []
    for node in ast.walk(ast.parse(cell)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
            for arg in node.args:
                parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
                out += [c.value for c in parts
                        if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return out


def test_printed_literals_finds_words_in_fstrings():
    """The helper sees the words of an f-string and of a plain string, not variable names."""
    cell = 'x = 1\nprint(f"loss after {x} epochs:", x, "done")\nprint(d["key"])'
    assert printed_literals(cell) == ["loss after ", " epochs:", "done"]


@pytest.mark.parametrize("page", PAGES)
def test_cells_print_no_english_sentences(page):
    """A printed sentence would stay English in the Chinese edition: it belongs in the prose."""
    words = {(i, w) for i, cell in enumerate(code_cells(page))
             for text in printed_literals(cell) for w in WORD.findall(text)
             if w.lower() not in DATA}
    assert not words, f"{page}.md prints English words (cell, word): {sorted(words)}"


@pytest.mark.parametrize(("page", "names"), [
    ("01_rnn", ["rnn_reach_predicted", "rnn_reach_measured"]),
    ("02_gru_gates", ["gru_T", "gru_H", "gru_h1_bound_reset", "gru_w_forward_gap",
                      "gru_conv_dh_False", "gru_conv_dz_False", "gru_gap_diag",
                      "gru_count_formula_before", "gru_count_rnn", "gru_move_h"]),
    ("05_keras", ["keras_version", "src_seconds", "mr_n_val", "rt_bias", "par_True_float32_h",
                  "pt_z_sum", "exp_p_keras", "sp_eager_fb", "proj_per_step", "gpu_0_f",
                  "mrt_gru_test", "drt_rb_lstm_test", "deep_bi_formula", "dp_2_gw", "save_kb",
                  "forget_hdiff"]),
    ("03_softmax", ["softmax_naive_nan", "softmax_formula_gap", "softmax_gradcheck"]),
    ("04_bptt", ["bptt_gc_before_W_z", "bptt_gc_after_h0", "bptt_clip_entry_angle",
                 "bptt_lm_n_chars", "bptt_dr_show_label", "bptt_tb_small_cos", "bptt_tb_row7_err",
                 "bptt_st_gap_trunc", "bptt_st_gap_full", "bptt_ex_mem_keep3_3",
                 "bptt_ex_dx1_all"]),
    ("appendix_qa", [f"qa_mistake_{k}" for k in range(1, 7)]),
    ("apps/music", ["max_len", "n_train_steps", "n_test_steps", "params_gru", "epochs_gru",
                    "nll_base"]),
    ("apps/translation", ["n_epochs", "final_loss", "n_other_fr", "n_digit", "n_month"]),
    ("classroom/exercises", ["n_checks"]),
    ("apps/sentiment", ["train_source", "test_acc", "test_se", "replay_err", "n_not_bad",
                        "n_but", "z_but", "dp_but", "n_stop", "z_all", "abl_acc_r1"]),
    ("apps/text_generation", ["val_loss", "rnn_ppl", "best_unit_newline", "best_corr_speaker",
                              "reach_gru", "at20_rnn", "abl_loss_r1", "abl_reach_r1",
                              "vowel_unit", "vowel_corr"]),
])
def test_the_printed_numbers_are_glued_into_the_prose(page, names):
    """The numbers the cells used to print are now in the prose, each as a glued value."""
    text = (ROOT / "book" / f"{page}.md").read_text(encoding="utf-8")
    for name in names:
        assert re.search(r"\{glue:text\}`" + re.escape(name) + r"[`:]", text), name
