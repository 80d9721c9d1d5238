"""The reader's language (gru_lab.i18n): choosing it, and tables that say the same in each."""

import importlib
import pkgutil
import string

import numpy as np
import pytest

import gru_lab
from gru_lab import i18n


@pytest.fixture(autouse=True)
def _english_afterwards(monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    yield
    i18n._chosen = None


def test_set_language_switches_a_table_and_back():
    """Protects: set_language changes what a Messages table returns, with English fallback."""
    table = i18n.Messages(en={"a": "one", "b": "two"}, zh={"a": "一"})
    assert table["a"] == "one"
    assert gru_lab.set_language("zh_CN") == "zh"
    assert table["a"] == "一" and table["b"] == "two"
    gru_lab.set_language("en")
    assert table["a"] == "one"
    i18n._TABLES.remove(table)


def test_environment_variable_chooses_the_language(monkeypatch):
    """Protects: GRU_LAB_LANG=zh (set before Jupyter starts) is the default language."""
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    assert gru_lab.get_language() == "zh"
    monkeypatch.setenv(i18n.ENV_VAR, "klingon")
    assert gru_lab.get_language() == "en"


def test_unknown_language_names_the_argument():
    """Protects: a typo in set_language gets an error that names the argument and the choices."""
    with pytest.raises(ValueError, match=r"lang must be one of en, zh.*'fr'"):
        gru_lab.set_language("fr")


def _placeholders(text):
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name})


def _import_everything():
    """Import every module of the package (their tables register themselves); the names."""
    names = []
    for info in pkgutil.walk_packages(gru_lab.__path__, "gru_lab."):
        if info.name.split(".")[-1] in {"widgets"}:
            continue
        importlib.import_module(info.name)
        names.append(info.name)
    return names


#: Modules whose reader-facing words must be in a Messages table named MESSAGES.
MODULES_WITH_TABLES = [
    "gru_lab._checks", "gru_lab.activations", "gru_lab.apps", "gru_lab.cache", "gru_lab.compare",
    "gru_lab.gradcheck", "gru_lab.tasks", "gru_lab.train",
    "gru_lab.exercises._core", "gru_lab.exercises.apps", "gru_lab.exercises.bptt",
    "gru_lab.exercises.gru", "gru_lab.exercises.keras", "gru_lab.exercises.rnn",
    "gru_lab.exercises.softmax",
    "gru_lab.datasets._remote", "gru_lab.datasets.chorales", "gru_lab.datasets.dates",
    "gru_lab.datasets.movie_reviews", "gru_lab.datasets.shakespeare", "gru_lab.datasets.vocab",
]


def test_every_module_keeps_its_words_in_a_messages_table():
    """Protects: no module falls back to a plain dict of English words (a translation would
    never reach it), and the tables are found by importing the package."""
    names = _import_everything()
    for name in names:
        table = getattr(importlib.import_module(name), "MESSAGES", None)
        if table is not None:
            assert isinstance(table, i18n.Messages), f"{name}.MESSAGES is a {type(table)}"
    for name in MODULES_WITH_TABLES:
        table = importlib.import_module(name).MESSAGES
        assert any(table is t for t in i18n.all_tables()), f"{name}.MESSAGES is not registered"


def test_every_table_has_every_key_in_every_language():
    """Protects: no reader meets an English message in the Chinese edition (and no {field}
    of a sentence is lost in translation)."""
    _import_everything()
    tables = i18n.all_tables()
    assert len(tables) >= len(MODULES_WITH_TABLES)
    for table in tables:
        en = table.by_language["en"]
        where = next(iter(en), "(empty table)")
        assert set(table.by_language) == set(i18n.LANGUAGES), (
            f"the table with {where!r} has only {sorted(table.by_language)}")
        for lang in i18n.LANGUAGES:
            other = table.by_language[lang]
            missing = sorted(set(en) - set(other))
            extra = sorted(set(other) - set(en))
            assert not missing, f"{lang} lacks {missing}"
            assert not extra, f"{lang} has keys English lacks: {extra}"
            for key, text in en.items():
                assert _placeholders(other[key]) == _placeholders(text), (lang, key)
                other[key].format_map(_Anything())  # a Chinese brace is escaped as {{ }}


class _Anything(dict):
    """Any field name formats (as 1): checks that a template is well formed."""

    def __missing__(self, key):
        return 1


def _cjk(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_real_error_comes_out_in_chinese_and_still_names_everything():
    """Protects: with set_language("zh") a student's wrong shape or NaN is explained in
    Chinese, naming the argument, the expected shape and what was given (chosen after
    import: the sentences are looked up when the error is raised)."""
    p = gru_lab.GRUParams.init(3, 4, seed=0)
    gru_lab.set_language("zh")
    with pytest.raises(ValueError) as info:
        gru_lab.GRUParams(**{**p.arrays(), "U_r": np.zeros((3, 4))})
    text = str(info.value)
    assert _cjk(text) and "形状" in text
    for part in ("U_r", "(H, H)", "(4, 4)", "D = 3", "H = 4", "W_z", "(3, 4)"):
        assert part in text, (part, text)
    with pytest.raises(ValueError) as info:
        gru_lab.gru_forward(np.array([[0.0, 0.0, 0.0], [1.0, np.nan, 0.0]]), p)
    text = str(info.value)
    assert _cjk(text) and "NaN" in text and "(1, 1)" in text and "GRU" in text
    assert text.startswith("x ")
    with pytest.raises(ValueError) as info:
        gru_lab.gru_forward(np.zeros(3), p)
    text = str(info.value)
    assert _cjk(text) and "(T, D)" in text and "(B, T, D)" in text and "(3,)" in text
    with pytest.raises(TypeError, match="params 应为 GRUParams"):
        gru_lab.gru_forward(np.zeros((2, 3)), "weights")
    gru_lab.set_language("en")
    with pytest.raises(ValueError, match=r"U_r must have shape \(H, H\) with D = 3, H = 4"):
        gru_lab.GRUParams(**{**p.arrays(), "U_r": np.zeros((3, 4))})


def test_an_exercise_hint_comes_out_in_chinese():
    """Protects: a check defined before set_language("zh") still gives its feedback and its
    specific hint in Chinese (hints, labels and the bias names are read at call time)."""
    from gru_lab.exercises import bptt as bptt_ex
    from gru_lab.exercises import check_clip_grad_norm, check_gru_step, check_rnn_step
    from gru_lab.exercises import rnn as rnn_ex

    gru_lab.set_language("zh")
    fb = check_rnn_step(lambda x, h, W, U, b: np.tanh(x @ W + h @ U), verbose=False)
    assert not fb.passed and fb.hint == rnn_ex.MESSAGES.in_language("zh")["hint_bias"]
    assert "提示：" in fb.message and "rnn_step" in fb.message and "偏置 b" in fb.message
    assert "hint:" not in fb.message and "expected:" not in fb.message

    def no_candidate_bias(x_t, h_prev, p):
        z = gru_lab.sigmoid(x_t @ p.W_z + h_prev @ p.U_z + p.b_z)
        r = gru_lab.sigmoid(x_t @ p.W_r + h_prev @ p.U_r + p.b_r)
        h_tilde = np.tanh(x_t @ p.W_h + (r * h_prev) @ p.U_h)
        return (1 - z) * h_prev + z * h_tilde

    fb = check_gru_step(no_candidate_bias, verbose=False)
    assert "候选隐状态的偏置 b_h" in fb.hint and "h_t" in fb.message

    def divides_by_a_zero_norm(grads, max_norm):
        norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
        scale = min(1.0, max_norm / norm)  # numpy warns for the all-zero gradients
        return {k: g * scale for k, g in grads.items()}

    fb = check_clip_grad_norm(divides_by_a_zero_norm, verbose=False)
    assert (fb.kind, fb.case) == ("warning", 3)
    assert fb.hint == bptt_ex.MESSAGES.in_language("zh")["clip_always_zero"]
    assert "问题：" in fb.message and "max_norm" in fb.hint


def test_a_data_set_title_follows_the_language():
    """Protects: a data set's name in its messages is read when the message is written."""
    from gru_lab.datasets.movie_reviews import MOVIE_REVIEWS

    english = MOVIE_REVIEWS.title
    gru_lab.set_language("zh")
    assert MOVIE_REVIEWS.title != english and _cjk(MOVIE_REVIEWS.title)


def test_using_a_language_comes_back_after_an_error():
    """Protects: ``i18n.using`` (the book's build makes every message in each language) gives
    the reader's choice back, also when the code inside raises."""
    gru_lab.set_language("zh")
    with pytest.raises(RuntimeError), i18n.using("en"):
        assert i18n.get_language() == "en"
        raise RuntimeError
    assert i18n.get_language() == "zh"


def test_html_by_language_only_while_the_book_is_built(monkeypatch):
    """Protects: a reader's notebook gets one language; the book's build (GRU_LAB_LANGS=all)
    gets every language, each marked with its ``lang`` for the site's stylesheet, and
    ``pick_language`` cuts it back to one for a notebook of that language."""
    table = i18n.Messages(en={"w": "gate"}, zh={"w": "门"})
    render = lambda: f"<b>{table['w']}</b>"  # noqa: E731
    monkeypatch.delenv(i18n.EVERY_LANGUAGE_VAR, raising=False)
    assert i18n.html_by_language(render) == "<b>gate</b>"
    monkeypatch.setenv(i18n.EVERY_LANGUAGE_VAR, "all")
    both = i18n.html_by_language(render)
    assert 'class="grulab-i18n"' in both
    assert '<div lang="en"><b>gate</b></div>' in both
    assert '<div lang="zh-CN"><b>门</b></div>' in both
    assert "gate" not in i18n.pick_language(both, "zh") and "门" in i18n.pick_language(both, "zh")
    assert "门" not in i18n.pick_language(both, "en") and "gate" in i18n.pick_language(both, "en")
    assert i18n.get_language() == "en"
    i18n._TABLES.remove(table)


def test_parameter_reprs_in_every_language_on_the_site(monkeypatch):
    """Protects the Chinese pages that show a GRUParams or DeepGRUParams (chapter 5): their
    repr has words, so while the book is built their HTML carries both languages."""
    from gru_lab.deep import DeepGRUParams

    p = gru_lab.GRUParams.init(3, 2, seed=0)
    deep = DeepGRUParams.init(3, 2, 2, bidirectional=True, seed=0)
    monkeypatch.setenv(i18n.EVERY_LANGUAGE_VAR, "all")
    for obj in (p, deep):
        html = obj._repr_html_()
        assert 'lang="en"' in html and "parameters" in html
        assert 'lang="zh-CN"' in html and "个参数" in html
    gru_lab.set_language("zh")
    assert "个参数" in repr(p) and "个参数" in repr(deep) and "双向" in repr(deep)
