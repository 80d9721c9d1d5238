"""Accessibility checks of a page in the browser, shared by test_site.py and the explorer tests.

axe-core (npm, ``tools/js`` devDependencies; ``make assets`` installs it, and it is not copied
into the site) is injected into the page and runs the WCAG 2.1 A and AA rules. Each violation
comes back as one line naming the page, the view, the rule, its impact and the element.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AXE_JS = ROOT / "tools" / "js" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_WIDTH = 390

# preload: false. axe would fetch the style sheets itself, and it resolves the theme's
# `@import "../basic.css"` against the page instead of the style sheet (a 404 in the console);
# the rule that needs them (css-orientation-lock) then cannot run, and nothing here locks it.
_RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations'], preload: false});
  return result.violations.flatMap(v => v.nodes.map(n => ({
    rule: v.id, impact: v.impact, help: v.help, target: n.target.join(' '),
    html: n.html.slice(0, 160),
    why: (n.failureSummary || '').split('\\n').slice(1, 2).join('').trim().slice(0, 200)})));
}
"""

# Elements that stick out past the left or right edge of the screen, except inside a box that
# scrolls sideways (overflow-x auto or scroll). Content cut off by a box that does not scroll
# (overflow hidden) counts: a reader cannot reach it. Hidden elements, fixed panels (the theme's
# off-canvas sidebars) and screen-reader-only text (MathJax's assistive MathML) are left out.
OVERFLOW_JS = r"""
() => {
  const W = document.documentElement.clientWidth;
  const SR = 'mjx-assistive-mml, .sr-only, .visually-hidden, .gx-sr';
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\s+/).slice(0, 3).join('.') : '');
  const outside = r => r.width > 0 && r.height > 0 && (r.right > W + 1 || r.left < -1);
  // every element, and every text (a long word or address overflows its element's box)
  const items = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (outside(r)) items.push({el, r, text: false});
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim() || !n.parentElement) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (outside(r)) items.push({el: n.parentElement, r, text: n.textContent.trim()});
  }
  const bad = [];
  for (const {el, r, text} of items) {
    if (el.closest(SR) || bad.some(b => b.el.contains(el))) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility !== 'visible' || cs.position === 'fixed') continue;
    let skip = false, clipped = false;
    // an element is judged by the boxes around it; a text by its own element's box too
    for (let a = text ? el : el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ca = getComputedStyle(a);
      if (ca.position === 'fixed') { skip = true; break; }
      if (!clipped && ca.overflowX !== 'visible') {
        if (ca.overflowX === 'auto' || ca.overflowX === 'scroll') { skip = true; break; }
        clipped = true;  // the nearest box that does not scroll cuts it off: still a failure
      }
    }
    if (skip) continue;
    const path = [];
    for (let a = el; a && a !== document.body && path.length < 4; a = a.parentElement)
      path.unshift(name(a));
    const span = `[${Math.round(r.left)} to ${Math.round(r.right)} px]`;
    const what = text ? ` text "${text.slice(0, 50)}"` : '';
    bad.push({el, text: `${path.join(' > ')}${what} ${span}`});
  }
  return {width: W, scrollWidth: document.documentElement.scrollWidth,
          elements: bad.map(b => b.text)};
}
"""

# Inline formulas that scroll sideways although they fit their line (gru_lab.css lets a formula
# wider than the line scroll; one a few pixels "wider" than itself would show a scroll bar).
SCROLLING_MATH_JS = r"""
() => Array.from(document.querySelectorAll('span.math')).filter(e => {
  const c = e.querySelector('mjx-container');
  return c && e.scrollWidth > e.clientWidth + 1 &&
         c.getBoundingClientRect().width <= e.parentElement.clientWidth;
}).map(e => `${e.textContent.trim().slice(0, 40)} (${e.scrollWidth} px in ${e.clientWidth} px)`)
"""

# Every element still animated or in transition (computed durations above 1 ms).
MOTION_JS = r"""
() => {
  const ms = s => Math.max(...s.split(',').map(x => parseFloat(x) * (x.includes('ms') ? 1 : 1000)));
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    const anim = cs.animationName !== 'none' && ms(cs.animationDuration) > 1;
    const trans = ms(cs.transitionDuration) > 1;
    if (anim || trans) out.push(el.tagName.toLowerCase() + '.' + String(el.className).slice(0, 40)
                                + (anim ? ' animation ' + cs.animationDuration : '')
                                + (trans ? ' transition ' + cs.transitionDuration : ''));
  }
  return out;
}
"""


@functools.cache
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_JS} is missing): run `make assets` "
                    "(npm ci --prefix tools/js installs the devDependencies too).")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page, where: str, view: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on ``page``, one line each: ``where (view): rule
    [impact] element — why``."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    return [f"{where} ({view}): {v['rule']} [{v['impact']}] {v['help']}: {v['target']} "
            f"{v['html']} — {v['why']}" for v in page.evaluate(_RUN_AXE, AXE_TAGS)]


def overflow(page) -> dict:
    """``{"width", "scrollWidth", "elements"}``: what sticks out past the screen's edges."""
    return page.evaluate(OVERFLOW_JS)


def scrolling_math(page) -> list[str]:
    """Inline formulas that show a scroll bar although they fit their line."""
    return page.evaluate(SCROLLING_MATH_JS)


def moving(page) -> list[str]:
    """Elements with an animation or a transition longer than 1 ms."""
    return page.evaluate(MOTION_JS)


def _settle(page) -> None:
    """Let the theme's transitions end (axe would read colours halfway) and its debounced
    resize handler (300 ms: which boxes scroll, and so take the keyboard focus) run."""
    page.wait_for_timeout(400)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running'"
                           " || !(a instanceof CSSTransition))", timeout=10_000)


def emulate_dark(page) -> None:
    """Switch the page to the dark colour scheme (the theme follows prefers-color-scheme)."""
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'",
                           timeout=10_000)
    _settle(page)


def resize(page, width: int, height: int = 844) -> None:
    """Give the page a screen of ``width`` CSS pixels (PHONE_WIDTH: a phone held upright)."""
    page.set_viewport_size({"width": width, "height": height})
    _settle(page)
