"""The Chinese edition as its readers meet it (``_build/html/zh``, built by ``make book``).

Without a browser: every page of ``_toc.yml`` exists in Chinese with ``<html lang="zh-CN">``;
every page links to the same page in the other edition, both ways; the Chinese pages share the
English site's one copy of the vendored JavaScript; no MyST markup leaks into a page; the
Chinese search index holds the glossary's terms as whole words (jieba with the glossary as its
user dictionary), so that searching 重置门 or 隐状态 finds the pages.

In Chromium: each Chinese page loads cleanly (no console error, nothing from another host,
every image), its maths is typeset with no raw TeX, the language button leads to the English
page and back, the Chinese text is drawn with a CJK font (no missing-glyph boxes), and the
search page finds a glossary term.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from _a11y import PHONE_WIDTH, axe_violations, resize
from test_site import BROKEN_IMAGES_JS, RAW_TEX_JS, UNTYPESET_MATH_JS, _phone_overflow

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "sphinxext"))
from gru_lab_i18n import glossary  # noqa: E402

HAN = re.compile(r"[\u3400-\u9fff]")
# Names, not words: the repository host and the launch services keep their names.
ALLOWED_LATIN_LABELS = {"GitHub", "English", "Binder", "Colab", "JupyterHub", "GRU Lab",
                        "Read this page in English"}
MYST_LEFTOVERS = re.compile(r"\{(glue:text|eq|doc|ref|numref|cite:[tp])\}`")


def _zh(site_dir: Path, docname: str) -> Path:
    path = site_dir / "zh" / f"{docname}.html"
    assert path.is_file(), f"{docname} has no Chinese page ({path}): run `make book`"
    return path


@pytest.mark.site
def test_every_page_has_a_chinese_page_in_chinese(docname, site_dir):
    """The page exists under zh/, declares lang zh-CN, reads in Chinese and shows no MyST."""
    html = _zh(site_dir, docname).read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*\blang="zh-CN"', html), "html lang is not zh-CN"
    main = html.split('<main', 1)[-1]
    main = re.sub(r"<pre.*?</pre>", " ", main, flags=re.S)  # code may show MyST on purpose
    text = re.sub(r"<[^>]+>", " ", main)
    assert len(HAN.findall(text)) > 20, "hardly any Chinese on the Chinese page"
    leftover = MYST_LEFTOVERS.search(main)
    assert not leftover, f"raw MyST role on the page: {leftover and leftover[0]}"
    # the words the extensions put on every page: folded solutions and code cells
    for english in ("Click to show", "Click to hide", "Show code cell", "Hide code cell"):
        assert english not in html, f"{english!r} on the Chinese page"
    # ... and the themes' tooltips, labels and buttons (gru_lab_i18n.THEME_WORDS_ZH)
    left = re.findall(r'(?:title|aria-label)="([^"]*[A-Za-z]{3,}[^"]*)"', html)
    left = [w for w in left if w not in ALLOWED_LATIN_LABELS and not HAN.search(w)
            and not re.search(r"\b(19|20)\d\d\b", w)]  # a reference's tooltip: its entry
    assert not left, f"English tooltips or labels on the Chinese page: {sorted(set(left))}"
    assert "Copyright" not in html and "列印" not in html


@pytest.mark.site
def test_language_links_both_ways(docname, site_dir):
    """Each English page links to its Chinese page, and the Chinese page back."""
    depth = docname.count("/")
    en = (site_dir / f"{docname}.html").read_text(encoding="utf-8")
    zh = _zh(site_dir, docname).read_text(encoding="utf-8")
    name = docname.rsplit("/", 1)[-1]
    to_zh = "../" * depth + f"zh/{docname}.html"
    to_en = "../" * (depth + 1) + f"{docname}.html"
    assert f'href="{to_zh}"' in en, f"the English page has no link to {to_zh}"
    assert f'href="{to_en}"' in zh, f"the Chinese page has no link to {to_en}"
    assert name


FEEDBACK = re.compile(r"<pre[^>]*>\s*[✅❌]")


@pytest.mark.site
def test_check_feedback_in_the_pages_language(docname, site_dir):
    """An exercise check's feedback (✅/❌ and its hint) shown in an output is in both languages,
    each marked with its lang, so that the Chinese page shows it in Chinese (the two sites show
    one execution; gru_lab.i18n.html_by_language and the stylesheet's .grulab-i18n rule)."""
    html = _zh(site_dir, docname).read_text(encoding="utf-8")
    for match in FEEDBACK.finditer(html):
        before = html[:match.start()]
        opened = before.rfind('<div lang="zh-CN">'), before.rfind('<div lang="en">')
        assert max(opened) > before.rfind('class="grulab-i18n"') >= 0, (
            f"feedback outside a grulab-i18n block: {html[match.start():match.start() + 80]}")
    css = (ROOT / "tools" / "sphinxext" / "static" / "gru_lab.css").read_text(encoding="utf-8")
    assert 'html[lang|="zh"] .grulab-i18n > [lang="en"]' in css


@pytest.mark.site
def test_chinese_doctrees_hold_no_copy_of_the_environment(docname, site_dir):
    """Protects the Chinese build's time: a translated page's doctree is about the size of the
    English one (gru_lab_i18n._one_document). Translated nodes used to keep their own small
    documents, whose settings pickled the whole build environment into every doctree (11 MB
    each, a quarter of the Chinese build spent loading them)."""
    zh = ROOT / "_build" / "zh" / ".doctrees" / f"{docname}.doctree"
    en = ROOT / "_build" / ".doctrees" / f"{docname}.doctree"
    if not (zh.is_file() and en.is_file()):
        pytest.skip("no doctrees of both editions (run make book)")
    assert zh.stat().st_size < 2 * en.stat().st_size + 200_000, (
        f"{docname}: {zh.stat().st_size:,} bytes in Chinese, {en.stat().st_size:,} in English")


@pytest.mark.site
def test_one_copy_of_the_vendored_javascript(site_dir):
    """The Chinese edition uses the site's vendor/ (MathJax, RequireJS) instead of a copy."""
    assert (site_dir / "vendor").is_dir()
    assert not (site_dir / "zh" / "vendor").exists(), "zh/ has its own copy of vendor/"
    page = (site_dir / "zh" / "book" / "02_gru_gates.html").read_text(encoding="utf-8")
    mathjax = re.search(r'src="([^"]*mathjax/tex-mml-chtml\.js)"', page)
    assert mathjax, "no MathJax script on the Chinese page"
    target = (site_dir / "zh" / "book" / mathjax.group(1)).resolve()
    assert target.is_file() and "zh" not in target.relative_to(site_dir.resolve()).parts


@pytest.mark.site
def test_chinese_search_finds_glossary_terms_as_words(site_dir):
    """jieba with the glossary as user dictionary: each Chinese term is one search term."""
    raw = (site_dir / "zh" / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1: raw.rindex(")")])
    words = set(index["terms"]) | set(index.get("titleterms", {}))
    terms = {row["zh"] for row in glossary() if HAN.search(row["zh"])}
    missing = [t for t in sorted(terms) if t not in words]
    assert not missing, f"glossary terms that the Chinese search cannot find: {missing}"


@pytest.mark.browser
def test_chinese_page_in_browser(docname, browser_page):
    """The Chinese page loads cleanly, its maths is typeset, no raw TeX shows, axe-core finds
    no WCAG 2.1 A/AA violation, and nothing sticks out past a phone's screen (Chinese lines
    break differently from English ones)."""
    page = browser_page.goto(f"zh/{docname}")
    assert page.evaluate(BROKEN_IMAGES_JS) == [], "images that did not load"
    if page.locator(".math").count():
        assert page.locator("mjx-container").count() > 0, "math present but MathJax did not run"
        assert page.evaluate(UNTYPESET_MATH_JS) == [], "math elements MathJax left untypeset"
    assert page.evaluate(RAW_TEX_JS) == [], "raw TeX visible on the page"
    page.wait_for_timeout(200)
    browser_page.assert_clean()
    problems = axe_violations(page, f"zh/{docname}", "1280 px")
    resize(page, PHONE_WIDTH)
    problems += _phone_overflow(page, f"zh/{docname}")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize(("prefix", "shown", "hidden"), [
    ("zh/", "全部 7 项检查都通过了", "all 7 checks passed"),
    ("", "all 7 checks passed", "全部 7 项检查都通过了")])
def test_check_feedback_shows_in_the_pages_language(browser_page, prefix, shown, hidden):
    """Chapter 3's solution runs check_softmax: the Chinese page shows its feedback in Chinese
    only, the English page in English only (hidden from screen readers too: display none)."""
    page = browser_page.goto(f"{prefix}book/03_softmax")
    display = "e => getComputedStyle(e.closest('.grulab-i18n > [lang]')).display"
    assert page.get_by_text(shown).first.evaluate(display) != "none"
    assert page.get_by_text(hidden).first.evaluate(display) == "none"
    browser_page.assert_clean()


@pytest.mark.browser
def test_language_button_round_trip(browser_page):
    """A reader on an English chapter presses the language button, reads it in Chinese, and
    presses it again to come back."""
    page = browser_page.goto("book/02_gru_gates")
    page.locator("a.btn-language-switch-button").first.click()
    page.wait_for_url("**/zh/book/02_gru_gates.html")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert HAN.search(page.locator("h1").first.inner_text())
    page.locator("a.btn-language-switch-button").first.click()
    page.wait_for_url(re.compile(r".*/book/02_gru_gates\.html$"))
    assert "/zh/" not in page.url
    browser_page.assert_clean()


GLYPH_JS = r"""
(el) => {
  // Draw a character in the element's own font and return its pixels, to compare with the
  // missing-glyph box that a private-use character (no font has one) gets.
  const style = getComputedStyle(el);
  const draw = (ch) => {
    const c = document.createElement('canvas');
    c.width = c.height = 64;
    const g = c.getContext('2d');
    g.font = `48px ${style.fontFamily}`;
    g.fillText(ch, 4, 52);
    return Array.from(g.getImageData(0, 0, 64, 64).data).join(',');
  };
  const text = el.textContent.replace(/[^\u3400-\u9fff]/g, '');
  const tofu = draw('\ue000');
  return {chars: text.length,
          missing: Array.from(new Set(text)).filter(ch => draw(ch) === tofu)};
}
"""


@pytest.mark.browser
def test_chinese_text_drawn_with_a_cjk_font(browser_page):
    """Every Han character of the heading and the first paragraphs is drawn from a font that
    has it, not as the missing-glyph box (install Debian's fonts-noto-cjk)."""
    page = browser_page.goto("zh/book/02_gru_gates")
    for selector in ("h1", "main p"):
        found = page.locator(selector).first.evaluate(GLYPH_JS)
        assert found["chars"] > 0, f"{selector}: no Chinese text to check"
        assert not found["missing"], (
            f"{selector}: drawn as missing-glyph boxes: {found['missing'][:10]} (install "
            "Debian's fonts-noto-cjk)")
    browser_page.assert_clean()


@pytest.mark.browser
def test_chinese_search_page_finds_a_term(browser_page):
    """Searching 重置门 on the Chinese site lists the chapter on the GRU's gates."""
    page = browser_page.goto("zh/search.html", wait_for_math=False)
    page.goto(browser_page.url("zh/search.html") + "?q=重置门", wait_until="load")
    page.wait_for_selector("#search-results li, ul.search li", timeout=20_000)
    results = page.locator("#search-results li, ul.search li").all_inner_texts()
    assert any("GRU" in r and "门" in r for r in results), results
