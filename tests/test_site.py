"""The built site in a real browser: every page of _toc.yml, as a reader opens it.

For each page: no console error or uncaught exception, no request to another host (the site
is self-contained), every image loads, all math is typeset by the site's own MathJax, every
widget renders. A full-page screenshot of each page (1280 px wide) is saved under
_build/screenshots/ for people to look at.

Every reader, on the same page (resized, then switched to the dark colour scheme): axe-core
finds no violation of the WCAG 2.1 A and AA rules at 1280 px, on a 390 px phone and in the
dark scheme; on the phone no page is wider than the screen and nothing sticks out past its
edge (wide tables, equations and code scroll in their own box). Animations stop for readers
who ask for reduced motion.
"""

from __future__ import annotations

import pytest
from _a11y import (
    PHONE_WIDTH,
    axe_violations,
    emulate_dark,
    moving,
    overflow,
    resize,
    scrolling_math,
)
from conftest import VIEWPORT

pytestmark = pytest.mark.browser

# Raw TeX a reader should never see once MathJax has run (code blocks are left out).
RAW_TEX_JS = r"""
() => {
  const main = document.querySelector('main') || document.body;
  const clone = main.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, .highlight, textarea')
       .forEach(e => e.remove());
  const text = clone.textContent;
  const patterns = [/\$\$/, /\\\(/, /\\\)/, /\\\[/, /\\\]/, /\\begin\{/,
                    /\\(frac|odot|sigma|tanh|hat|left|right|mathbf|operatorname|sum|partial)\b/];
  return patterns.filter(p => p.test(text)).map(p => {
    const i = text.search(p);
    return text.slice(Math.max(0, i - 40), i + 40);
  });
}
"""

UNTYPESET_MATH_JS = r"""
() => Array.from(document.querySelectorAll('.math'))
  .filter(e => !e.querySelector('mjx-container'))
  .map(e => e.textContent.slice(0, 80))
"""

BROKEN_IMAGES_JS = r"""
async () => {
  const imgs = Array.from(document.images);
  await Promise.all(imgs.map(img => img.complete ? null :
      new Promise(resolve => { img.onload = img.onerror = resolve; })));
  return imgs.filter(img => !(img.complete && img.naturalWidth > 0))
             .map(img => img.currentSrc || img.src);
}
"""

# ipywidgets saved in the page: each view script must have been replaced by a rendered widget.
WIDGETS_JS = r"""
() => {
  const views = Array.from(
      document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]'));
  const missing = views.filter(s =>
      !s.parentElement.querySelector('.jupyter-widgets, .widget-subarea, .lm-Widget'));
  return {views: views.length, missing: missing.length};
}
"""


def test_page(docname, browser_page, screenshot_dir):
    """The page as a reader opens it (images, maths, widgets, a clean console), and as every
    reader does: no axe-core violation at 1280 px, at 390 px or in the dark colour scheme,
    nothing past a phone's screen edge."""
    page = browser_page.goto(docname)
    page.screenshot(path=str(screenshot_dir / f"{docname.replace('/', '__')}.png"), full_page=True)

    assert page.evaluate(BROKEN_IMAGES_JS) == [], "images that did not load"

    if page.locator(".math").count():
        assert page.locator("mjx-container").count() > 0, "math present but MathJax did not run"
        assert page.evaluate(UNTYPESET_MATH_JS) == [], "math elements MathJax left untypeset"
    assert page.evaluate(RAW_TEX_JS) == [], "raw TeX visible on the page"

    widgets = page.evaluate(WIDGETS_JS)
    if widgets["views"]:
        page.wait_for_function(
            "() => !Array.from(document.querySelectorAll("
            "'script[type=\"application/vnd.jupyter.widget-view+json\"]'))"
            ".some(s => !s.parentElement.querySelector('.jupyter-widgets, .widget-subarea'))",
            timeout=20_000,
        )
        assert page.evaluate(WIDGETS_JS)["missing"] == 0, "widgets that did not render"

    # Let late scripts (MathJax menu, widget manager) finish before judging the console.
    page.wait_for_timeout(200)
    browser_page.assert_clean()

    # Every reader, on the same page: axe-core at 1280 px, on a phone, in the dark scheme.
    assert scrolling_math(page) == [], "inline formulas that scroll although they fit"
    problems = axe_violations(page, docname, "1280 px")
    resize(page, PHONE_WIDTH)
    problems += axe_violations(page, docname, f"{PHONE_WIDTH} px") + _phone_overflow(page, docname)
    resize(page, VIEWPORT["width"], VIEWPORT["height"])
    emulate_dark(page)
    problems += axe_violations(page, docname, "dark colour scheme")
    assert not problems, "\n".join(problems)
    browser_page.assert_clean()


def _phone_overflow(page, docname) -> list[str]:
    """On a phone: the page no wider than the screen, nothing sticking out past its edges
    except inside a box that scrolls sideways (a wide table, equation, code block)."""
    out = overflow(page)
    assert out["width"] == PHONE_WIDTH
    where = f"{docname} ({PHONE_WIDTH} px)"
    wide = [f"{where}: the page is {out['scrollWidth']} px wide"] if (
        out["scrollWidth"] > PHONE_WIDTH) else []
    return wide + [f"{where}: sticks out past the screen's edge: {e}" for e in out["elements"]]


def test_reduced_motion(browser_page):
    """A reader who asks for reduced motion gets no animation or transition (the theme animates
    its sidebars and buttons; gru_lab.css stops them)."""
    page = browser_page.goto("book/02_gru_gates")
    assert moving(page), "nothing moves even without the request: this test would check nothing"
    page.emulate_media(reduced_motion="reduce")
    assert moving(page) == [], "animated although the reader asked for reduced motion"
    browser_page.assert_clean()


def test_axe_is_not_served(site_dir):
    """axe-core is a test tool: `make assets` copies only the named scripts into the site."""
    assert not [p for p in site_dir.rglob("*") if p.name.lower().startswith("axe")]


def test_bibliography_roles(site_dir):
    """The citation list's entries are list items (docutils writes the deprecated
    doc-biblioentry role, which axe reports as aria-required-children and -deprecated-role)."""
    html = (site_dir / "book" / "bibliography.html").read_text(encoding="utf-8")
    assert 'role="doc-biblioentry"' not in html
    assert 'role="list" class="citation-list"' in html and 'role="listitem"' in html


def test_equation_numbers_render(browser_page):
    """Numbered equations (MyST `$$ ... $$ (label)`) show their numbers and references."""
    page = browser_page.goto("book/notation")
    numbers = page.locator("div.math span.eqno")
    assert numbers.count() >= 5
    assert numbers.first.is_visible()
    assert numbers.first.inner_text().strip().startswith("(1)")
    # {eq}`label` references become links to the equation, showing its number.
    refs = page.locator('a.reference.internal[href^="#equation-"]')
    assert refs.count() >= 5
    assert refs.first.inner_text().strip().startswith("(")
    browser_page.assert_clean()


def test_index_redirects_to_intro(browser_page):
    page = browser_page.goto("index.html", wait_for_math=False)
    page.wait_for_url("**/book/intro.html", timeout=10_000)
    browser_page.assert_clean()
