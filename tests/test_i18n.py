"""The reader's language (gru_lab.i18n): choosing it, and tables that say the same in each."""

import importlib
import pkgutil
import string

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
    for info in pkgutil.walk_packages(gru_lab.__path__, "gru_lab."):
        if info.name.split(".")[-1] in {"widgets"}:
            continue
        importlib.import_module(info.name)


def test_every_table_has_every_key_in_every_language():
    """Protects: no reader meets an English message in the Chinese edition (and no {field}
    of a sentence is lost in translation)."""
    _import_everything()
    for table in i18n.all_tables():
        en = table.by_language["en"]
        for lang in i18n.LANGUAGES:
            other = table.by_language.get(lang)
            if other is None or lang == "en":
                continue
            missing = sorted(set(en) - set(other))
            assert not missing, f"{lang} lacks {missing}"
            for key, text in en.items():
                assert _placeholders(other[key]) == _placeholders(text), (lang, key)
