"""The Chinese edition's translation catalogs (``locales/zh_CN``) and the tools around them.

What this protects: every page of ``_toc.yml`` has a catalog, and every catalog entry is
translated, not fuzzy, keeps its maths, roles, code and addresses, reads as Chinese and uses
the glossary's terms (``tools/check_catalogs.py``); so an English edit that marks an entry
fuzzy fails CI until it is translated. The checker's own rules are tested on small examples, so
that it keeps failing on what it must fail on (a variant term such as 复位门, 隐藏状态 or 标记;
输出门 for a GRU; lost markup) and passing on what is right. The build helpers of
``tools/sphinxext/gru_lab_i18n.py`` (glue roles made cross-document, the translated table of
contents, the search dictionary) are tested without a build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tools" / "sphinxext"))
import check_catalogs  # noqa: E402
import gru_lab_i18n  # noqa: E402
from book_toc import toc_files  # noqa: E402

TERMS = check_catalogs.glossary()


def problems(msgid: str, msgstr: str, flags=()) -> list[str]:
    return check_catalogs.entry_problems(msgid, msgstr, set(flags), TERMS)


def test_every_catalog_is_complete_and_clean():
    """No untranslated, fuzzy or broken entry in any catalog (the checker's full run)."""
    found = [p for path in check_catalogs.catalogs()
             for p in check_catalogs.check_catalog(path, TERMS)]
    assert not found, "\n".join(found[:30]) + (f"\n... {len(found)} in all" if found else "")


def test_every_page_has_a_catalog():
    """Each page of _toc.yml has its own catalog (one .po per page)."""
    base = ROOT / "locales" / "zh_CN" / "LC_MESSAGES"
    missing = [d for d in toc_files() if not (base / f"{d}.po").is_file()]
    assert not missing, f"pages without a catalog (run `make catalogs`): {missing}"


@pytest.mark.parametrize(
    ("variant", "english"),
    [("复位门", "the reset gate"), ("隐藏状态", "the hidden state"), ("标记", "each token")],
)
def test_variant_terms_fail(variant, english):
    """A variant that the glossary rules out fails, naming the glossary's term."""
    found = problems(f"We look at {english} here.", f"这里我们看{variant}。")
    assert any("variant term" in p and variant in p for p in found), found


def test_term_that_contains_a_variant_passes():
    """通过时间反向传播 contains the variant 时间反向传播 but is the glossary's own term."""
    assert problems("Backpropagation through time unrolls the loop.",
                    "通过时间反向传播把循环展开。") == []


def test_output_gate_only_for_the_lstm():
    """输出门 is wrong for a GRU; right where the English names the LSTM's output gate."""
    assert any("输出门" in p for p in problems("The GRU has two gates here.",
                                              "GRU 有两个门，包括输出门。"))
    assert problems("The LSTM has input, forget and output gates.",
                    "LSTM 有输入门、遗忘门和输出门。") == []


@pytest.mark.parametrize(
    ("msgstr", "kind"),
    [("", "untranslated"),
     ("状态 $h$ 在这里。", "markup differs"),          # lost {eq}
     ("State $h_t$ follows {eq}`gru-h`.", "still English"),
     ("状态 $h_t$ 服从 {eq}`gru-h`,见上。", "half-width")],
)
def test_broken_translations_fail(msgstr, kind):
    """Empty, markup lost, left in English, or with half-width punctuation: each is caught."""
    found = problems("The state $h_t$ follows {eq}`gru-h`, see above.", msgstr)
    assert any(kind in p for p in found), found


def test_fuzzy_fails_and_equations_must_be_copied():
    """A fuzzy entry fails; a displayed equation must be copied exactly."""
    assert any("fuzzy" in p for p in problems("Two words here.", "这里两个词。", ["fuzzy"]))
    eq = "\nz_t = \\sigma(x_t W_z)\n"
    assert problems(eq, eq) == []
    assert problems(eq, "\nz_t = \\sigma(x_t W_r)\n")


def test_glue_roles_become_cross_document():
    """A glued number in a translation is made cross-document, always with a format (myst-nb
    splits the format off at the last colon)."""
    text = "最多 {glue:text}`gru_z2:.4f`，共 {glue:text}`n_units` 个。"
    out = gru_lab_i18n.glue_cross_document(text, "book/02_gru_gates")
    assert out == ("最多 {glue:text}`/book/02_gru_gates.md::gru_z2:.4f`，"
                   "共 {glue:text}`/book/02_gru_gates.md::n_units:s` 个。")
    assert gru_lab_i18n.glue_cross_document(out, "book/x") == out  # already cross-document


def test_translated_toc(tmp_path):
    """The part captions of _toc.yml come out in Chinese (Sphinx never applies them)."""
    out = gru_lab_i18n.translated_toc(
        ROOT / "_toc.yml", ROOT / "locales/zh_CN/LC_MESSAGES/book/intro.po", tmp_path / "t.yml")
    import yaml

    captions = [p["caption"] for p in yaml.safe_load(out.read_text(encoding="utf-8"))["parts"]]
    assert all(gru_lab_i18n.HAN.search(c) for c in captions), captions


def test_search_dictionary_holds_the_glossary(tmp_path):
    """jieba's user dictionary: one line per Chinese glossary term."""
    path = gru_lab_i18n.jieba_userdict(tmp_path / "dict.txt")
    words = {line.split()[0] for line in path.read_text(encoding="utf-8").splitlines()}
    assert {"重置门", "隐状态", "候选隐状态", "通过时间反向传播"} <= words


def test_jieba_keeps_terms_whole_with_the_dictionary(tmp_path):
    """Without the dictionary jieba splits 隐状态; with it, the term is one word."""
    jieba = pytest.importorskip("jieba", reason="jieba is in requirements.txt")
    path = gru_lab_i18n.jieba_userdict(tmp_path / "dict.txt")
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    assert "隐状态" in list(tokenizer.cut_for_search("隐状态的形状"))


def test_glued_phrase_may_use_its_chinese_twin():
    """A glued phrase (words) is replaced by its Chinese twin KEY_zh; any other key is lost
    markup."""
    msgid = "The gates open most on the {glue:text}`z_top` here."
    assert problems(msgid, "门在 {glue:text}`z_top_zh` 上开得最大。") == []
    assert problems(msgid, "门在 {glue:text}`z_other` 上开得最大。")
