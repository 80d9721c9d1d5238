"""Facts the application chapters state about papers: one table, the right numbers, no copies.

Published figures live in ``gru_lab.published`` and the pages glue them; these tests fail when
a figure is wrong there, cites a key the bibliography lacks, or is typed into a page by hand,
and when corrected wording about sources (Cho et al. 2014b, d2l's chapter, the temperature τ,
"several runs") comes back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gru_lab.published import PUBLISHED, PublishedResult

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
BIB = (BOOK / "references.bib").read_text(encoding="utf-8")
PAGES = sorted(BOOK.rglob("*.md"))


def _page(name: str) -> str:
    return (BOOK / "apps" / name).read_text(encoding="utf-8")


def _bib_entry(key: str) -> str:
    """The text of one bibliography entry, from its ``@type{key,`` line to the next entry."""
    match = re.search(r"@\w+\{" + re.escape(key) + r",(.*?)(?=\n@|\Z)", BIB, re.S)
    assert match, f"no entry {key!r} in book/references.bib"
    return match.group(1)


def test_chung_tanh_jsb_figure_is_9_10_from_table_2():
    """Protects the corrected transcription: Chung et al. 2014, Table 2, tanh RNN on JSB
    Chorales (test) is 9.10, not 9.19; GRU 8.54 and LSTM 8.67."""
    jsb = PUBLISHED["chung2014_jsb"]
    assert jsb.key == "chung2014empirical"
    assert jsb.where == "Table 2"
    assert dict(jsb.values) == {"rnn": 9.10, "gru": 8.54, "lstm": 8.67}
    assert jsb.higher_is_better is False


def test_kim_mr_figures_from_table_2():
    """Protects Kim 2014, Table 2 (MR, 10-fold cross-validation) as the pages quote it."""
    mr = PUBLISHED["kim2014_mr"]
    assert (mr.key, mr.where) == ("kim2014convolutional", "Table 2")
    assert "10-fold" in mr.protocol
    assert dict(mr.values) == {"cnn_rand": 76.1, "cnn_static": 81.0, "cnn_non_static": 81.5,
                               "rae": 77.7, "mv_rnn": 79.0, "nbsvm": 79.4}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_every_entry_cites_a_bibliography_key_and_a_place(name):
    """Every published figure names a key that exists in book/references.bib, and the table
    or section it comes from."""
    entry = PUBLISHED[name]
    assert isinstance(entry, PublishedResult)
    _bib_entry(entry.key)
    assert entry.where.strip()
    assert entry.values and set(entry.values) <= set(entry.labels)


def test_published_table_is_read_only():
    """A page cannot change a published figure by accident (the table is shared)."""
    with pytest.raises(TypeError):
        PUBLISHED["chung2014_jsb"].values["rnn"] = 9.19  # type: ignore[index]
    with pytest.raises(TypeError):
        PUBLISHED["new"] = PUBLISHED["chung2014_jsb"]  # type: ignore[index]


# Published figures that must reach a page only through gru_lab.published (glued).
HAND_TYPED = ["9.19", "9.10", "8.54", "8.67", "76.1", "81.0", "81.5", "77.7", "79.0", "79.4",
              "1.4 nats"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(BOOK)))
def test_no_page_types_a_published_figure(page):
    """No chapter source holds a published figure typed by hand: they come from
    gru_lab.published, glued, so a correction there reaches every page."""
    text = page.read_text(encoding="utf-8")
    for figure in HAND_TYPED:
        pattern = r"(?<![\d.])" + re.escape(figure) + r"(?![\d])"
        hits = [line for line in text.splitlines() if re.search(pattern, line)]
        assert not hits, f"{page.name} types {figure!r}: {hits[:3]}"


def test_hand_typed_check_can_fail():
    """The pattern of the check above does find a typed figure (and not a longer number)."""
    pattern = r"(?<![\d.])" + re.escape("9.10") + r"(?![\d])"
    assert re.search(pattern, "tanh RNN 9.10 nats")
    assert not re.search(pattern, "version 19.10.2") and not re.search(pattern, "9.105")


def test_cho_2014_properties_in_bibliography_and_cited_by_translation():
    """The length drop of encoder–decoders is Cho et al. 2014b ("On the Properties of Neural
    Machine Translation", arXiv:1409.1259), cited on the translation page."""
    entry = _bib_entry("cho2014properties")
    assert "1409.1259" in entry
    assert "On the Properties of Neural Machine Translation" in entry
    assert "cho2014properties" in _page("translation.md")


def test_sentiment_points_to_d2l_chapter_16():
    """Sentiment analysis with RNNs is chapter 16 of Dive into Deep Learning, not chapter 9."""
    text = _page("sentiment.md")
    assert re.search(r"Chapter 16 of \{cite:t\}`zhang2023dive`", text)
    assert not re.search(r"Chapter 9 of \{cite:t\}`zhang2023dive`", text)


def test_text_generation_temperature_is_tau_not_T():
    """T is the sequence length in this book; the temperature is τ (prose, maths and the
    reader-facing labels of the sampling code)."""
    text = _page("text_generation.md")
    for bad in (r"temperature \$?T\b", r"\$T\s*[<>=]", r"\$T \\to", r"for T in",
                r"temperature=T\b", r"temperature \{T\}"):
        assert not re.search(bad, text), bad
    assert r"\tau" in text and "temperature=tau" in text


def test_music_makes_no_several_runs_claim_and_reads_chung_from_published():
    """Chung et al. report one figure per unit and data set; the music page neither claims
    'several runs' nor types their figures (the bar chart reads gru_lab.published)."""
    text = _page("music.md")
    assert "several runs" not in text
    assert 'published.PUBLISHED["chung2014_jsb"]' in text
    assert "Nottingham" in text and "Table 2" in text
