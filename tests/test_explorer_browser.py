"""The gate explorer's one view driven the way a reader uses it: headless Chromium, no kernel.

Part 1 opens an explorer saved as a standalone page (served on 127.0.0.1, and over file://),
with a mouse, a keyboard, a phone's touch screen and a screen reader's view (roles, names,
the live region). Part 2 opens the built book page ``book/explorer`` (needs ``make book``;
fixtures in conftest.py), also in the dark colour scheme. Every shown value is compared with
gru_forward's for that input and step.
"""

from __future__ import annotations

import functools
import http.server
import threading

import numpy as np
import pytest
from _helpers import recorded_page

import gru_lab as gl
from gru_lab import explorer as ge

pytestmark = pytest.mark.browser

VOCAB = ge.DEMO_VOCAB
INPUTS = ge.DEMO_INPUTS


def _reset_after_model():
    p = gl.GRUParams.init(len(VOCAB), 4, reset_after=True, seed=7)
    rng = np.random.default_rng(7)
    for a in p.arrays().values():
        a += rng.normal(scale=0.7, size=a.shape)
    return p


MODELS = {
    "demo": ge.demo_params(3),
    "reset after": _reset_after_model(),
    "vanilla RNN": gl.RNNParams.init(len(VOCAB), 3, seed=0),
}


def _trace(model, text):
    x, tokens = ge.demo_encoder()(text)
    params = MODELS[model] if isinstance(model, str) else model
    return ge.run_model(params, x), tokens


@pytest.fixture(scope="module")
def explorer_file(tmp_path_factory):
    d = tmp_path_factory.mktemp("explorer")
    ex = ge.GateExplorer(MODELS, INPUTS, vocab=VOCAB, sliders=["b_z"], live=False)
    ex.save(d / "index.html")
    # the same page in Chinese (a zh page has <html lang="zh-CN">)
    page = (d / "index.html").read_text(encoding="utf-8")
    (d / "zh.html").write_text(page.replace('<html lang="en">', '<html lang="zh-CN">'),
                               encoding="utf-8")
    return d / "index.html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def explorer_url(explorer_file):
    handler = functools.partial(_Quiet, directory=str(explorer_file.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser):
    pg, context = recorded_page(browser, viewport={"width": 1100, "height": 1200})
    yield pg
    context.close()


@pytest.fixture
def touch_page(browser):
    """A phone: 390 px wide, a touch screen."""
    pg, context = recorded_page(browser, viewport={"width": 390, "height": 844}, has_touch=True)
    yield pg
    context.close()


def shown(pg, root=".grulab-explorer"):
    """{(gate, unit): value} of the values table, at full precision (data-value)."""
    cells = pg.eval_on_selector_all(
        f"{root} td[data-gate]",
        "els => els.map(e => [e.dataset.gate, +e.dataset.unit, e.dataset.value, e.textContent])",
    )
    return {(g, u): (float(v) if v else None, txt) for g, u, v, txt in cells}


def cursor(pg, root=".grulab-explorer"):
    return int(pg.get_attribute(root, "data-t"))


def assert_matches(pg, trace, t, keras_z=False, root=".grulab-explorer"):
    vals = shown(pg, root)
    assert vals, "the values table is empty"
    for (gate, unit), (v, txt) in vals.items():
        if gate in ("z", "r", "h_tilde") and not hasattr(trace, "z"):
            assert v is None
            continue
        want = getattr(trace, gate)[t, unit]
        if gate == "z" and keras_z:
            want = 1 - want
        assert abs(v - want) < 1e-6, (gate, unit, t, v, want)
        assert txt == f"{want:.4f}".replace("-0.0000", "0.0000") or abs(float(txt) - want) < 1e-4


def test_loads_without_a_kernel_and_scrubs(page, explorer_url):
    page.goto(explorer_url)
    root = page.locator(".grulab-explorer")
    assert not page.locator(".grulab-fallback").is_visible()  # JS ran: fallback hidden
    tr, tokens = _trace("demo", INPUTS[0])
    assert cursor(page) == 0
    assert_matches(page, tr, 0)
    slider = root.locator("input.gx-time")
    assert slider.get_attribute("data-lm-suppress-shortcuts") is not None
    assert slider.get_attribute("aria-label")
    slider.fill("4")
    assert cursor(page) == 4
    assert_matches(page, tr, 4)
    # arrow keys on the slider, then on the heatmap
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert cursor(page) == 5
    heat = root.locator("canvas.gx-heat")
    heat.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert cursor(page) == 3
    assert_matches(page, tr, 3)
    page.keyboard.press("End")
    assert cursor(page) == len(tokens) - 1
    page.keyboard.press("Home")
    assert cursor(page) == 0
    # the status line says where the cursor is (aria-live)
    assert "t = 0" in root.locator(".gx-status").inner_text()
    assert not page.problems, page.problems


def test_click_and_hover_on_the_heatmap(page, explorer_url):
    page.goto(explorer_url)
    g = page.evaluate(
        "() => { const G = document.querySelector('.grulab-explorer')"
        ".gruLab.geometry; return {left: G.left, top: G.top, cw: G.cw, "
        "ch: G.ch, ph: G.ph, gap: G.gap}; }"
    )
    heat = page.locator("canvas.gx-heat")
    t, unit = 6, 1
    x = g["left"] + (t + 0.5) * g["cw"]
    y = g["top"] + 3 * (g["ph"] + g["gap"]) + (unit + 0.5) * g["ch"]  # the h panel
    heat.click(position={"x": x, "y": y})
    assert cursor(page) == t
    heat.hover(position={"x": x, "y": y})
    tip = page.locator(".gx-tip")
    assert tip.is_visible()
    tr, _ = _trace("demo", INPUTS[0])
    assert f"{tr.h[t, unit]:.4f}" in tip.inner_text()
    assert "unit 1" in tip.inner_text()
    assert not page.problems, page.problems


def test_switch_prepared_input(page, explorer_url):
    page.goto(explorer_url)
    page.locator("input.gx-time").fill("6")
    before = shown(page)
    page.locator("select.gx-input").select_option("2")
    tr, _ = _trace("demo", INPUTS[2])
    assert cursor(page) == 6
    assert shown(page) != before
    assert_matches(page, tr, 6)
    assert not page.problems, page.problems


def test_typed_input_matches_gru_forward(page, explorer_url):
    page.goto(explorer_url)
    text = "cab  ab. bé a"  # é is not in the vocabulary: x_t = 0
    page.locator("input.gx-own").fill(text)
    assert page.locator("select.gx-input").input_value() == "own"
    tr, tokens = _trace("demo", text)
    assert int(page.get_attribute(".grulab-explorer", "data-steps")) == len(tokens)
    for t in (0, 5, 10, len(tokens) - 1):
        page.locator("input.gx-time").fill(str(t))
        assert_matches(page, tr, t)
    msg = page.locator(".gx-msg")
    assert "é" in msg.inner_text()  # named as outside the vocabulary
    page.locator("input.gx-own").fill("")  # empty input: a message, no error
    assert int(page.get_attribute(".grulab-explorer", "data-steps")) == 0
    assert msg.inner_text() == "The input is empty: type at least one character."
    assert not page.problems, page.problems


def test_long_paste_is_cut_with_a_message(page, explorer_url):
    """A 2,000-character paste: the view computes the first 200 characters and says so."""
    page.goto(explorer_url)
    page.locator("input.gx-own").fill("ab " * 667)
    assert int(page.get_attribute(".grulab-explorer", "data-steps")) == 200
    assert "first 200 characters" in page.locator(".gx-msg").inner_text()
    tr, _ = _trace("demo", ("ab " * 667)[:200])
    page.locator("input.gx-time").fill("199")
    assert_matches(page, tr, 199)
    assert not page.problems, page.problems


def test_edits_survive_a_model_switch(page, explorer_url):
    """Each model keeps its weight edits (and the cursor and input stay) across a switch."""
    page.goto(explorer_url)
    page.locator("input.gx-weight[aria-label='b_z[0]']").fill("1.5")
    page.locator("input.gx-time").fill("4")
    page.locator("select.gx-model").select_option(label="vanilla RNN")
    page.locator("select.gx-model").select_option(label="demo")
    assert page.locator("input.gx-weight[aria-label='b_z[0]']").input_value() == "1.5"
    p = MODELS["demo"].copy()
    p.b_z[0] = 1.5
    tr, _ = _trace(p, INPUTS[0])
    assert cursor(page) == 4
    assert_matches(page, tr, 4)
    state = page.evaluate("document.querySelector('.grulab-explorer').gruLab.state()")
    assert state["edits"] == {"demo": [1.5, 0.0, -2.0]} and state["cursor"] == 4
    assert not page.problems, page.problems


def test_chinese_page_speaks_chinese(page, explorer_file, explorer_url):
    """The static page embeds both languages; a zh page (lang="zh-CN") shows the Chinese."""
    page.goto(explorer_url.replace("index.html", "zh.html"))
    th = page.eval_on_selector_all(".gx-values th[scope=col]",
                                   "els => els.map(e => e.textContent)")
    assert th == ["单元", "更新门 z", "重置门 r", "候选隐状态 ĥ", "隐状态 h"]
    page.locator("select.gx-input").select_option("own")  # the reader's own input, empty
    assert page.locator(".gx-msg").inner_text() == "输入为空：请至少输入一个字符。"
    assert not page.problems, page.problems


def test_models_keras_z_and_weights(page, explorer_url):
    page.goto(explorer_url)
    page.locator("input.gx-time").fill("3")
    page.locator("select.gx-model").select_option(label="reset after")
    tr, _ = _trace("reset after", INPUTS[0])
    assert_matches(page, tr, 3)
    page.locator("input.gx-kerasz").check()
    assert_matches(page, tr, 3, keras_z=True)
    page.locator("input.gx-own").fill("ba ab")
    tr, _ = _trace("reset after", "ba ab")
    assert_matches(page, tr, 3, keras_z=True)
    page.locator("input.gx-kerasz").uncheck()
    # a weight slider: b_z[1] of the reset-after model
    page.locator("input.gx-weight[aria-label='b_z[1]']").fill("2.5")
    p = MODELS["reset after"].copy()
    p.b_z[1] = 2.5
    tr, _ = _trace(p, "ba ab")
    assert_matches(page, tr, 3)
    page.locator("button.gx-reset").click()
    tr, _ = _trace("reset after", "ba ab")
    assert_matches(page, tr, 3)
    # the vanilla RNN: only h, the gate columns are empty
    page.locator("select.gx-model").select_option(label="vanilla RNN")
    tr, _ = _trace("vanilla RNN", "ba ab")
    assert_matches(page, tr, 3)
    assert not page.problems, page.problems


def test_works_over_file_url(page, explorer_file):
    page.goto(explorer_file.as_uri())
    page.locator("input.gx-time").fill("2")
    tr, _ = _trace("demo", INPUTS[0])
    assert_matches(page, tr, 2)
    assert not page.problems, page.problems


def _geometry(pg):
    return pg.evaluate(
        "() => { const G = document.querySelector('.grulab-explorer').gruLab.geometry;"
        " return {left: G.left, top: G.top, cw: G.cw, ch: G.ch, ph: G.ph, gap: G.gap, T: G.T}; }"
    )


def _touch(pg, kind, x, y):
    """One touch event at viewport point (x, y), as a finger on a touch screen makes it."""
    cdp = pg.context.new_cdp_session(pg) if not hasattr(pg, "_cdp") else pg._cdp
    pg._cdp = cdp
    points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def test_touch_tap_and_drag(touch_page, explorer_url):
    """On a phone: a tap on a heatmap cell moves the cursor there; a finger dragged along the
    heatmap, or along the time slider, scrubs through the steps."""
    pg = touch_page
    pg.goto(explorer_url)
    heat = pg.locator("canvas.gx-heat")
    heat.scroll_into_view_if_needed()
    g = _geometry(pg)
    assert g["left"] + g["T"] * g["cw"] <= 390, "the test needs the whole heatmap on screen"
    y = g["top"] + 3 * (g["ph"] + g["gap"]) + 0.5 * g["ch"]

    heat.tap(position={"x": g["left"] + 6.5 * g["cw"], "y": y})
    assert cursor(pg) == 6
    tr, _ = _trace("demo", INPUTS[0])
    assert_matches(pg, tr, 6)

    box = heat.bounding_box()
    xs = [box["x"] + g["left"] + (t + 0.5) * g["cw"] for t in range(1, 9)]
    _touch(pg, "touchStart", xs[0], box["y"] + y)
    assert cursor(pg) == 1
    for x in xs[1:]:
        _touch(pg, "touchMove", x, box["y"] + y)
    _touch(pg, "touchEnd", 0, 0)
    assert cursor(pg) == 8
    assert_matches(pg, tr, 8)

    slider = pg.locator("input.gx-time")
    sb = slider.bounding_box()
    _touch(pg, "touchStart", sb["x"] + 4, sb["y"] + sb["height"] / 2)
    _touch(pg, "touchMove", sb["x"] + sb["width"] / 2, sb["y"] + sb["height"] / 2)
    _touch(pg, "touchMove", sb["x"] + sb["width"] - 2, sb["y"] + sb["height"] / 2)
    _touch(pg, "touchEnd", 0, 0)
    assert cursor(pg) == g["T"] - 1
    assert int(slider.input_value()) == g["T"] - 1
    assert not pg.problems, pg.problems


def test_nothing_sticks_out_on_a_phone(touch_page, explorer_url):
    """At 390 px the page does not scroll sideways: every control wraps inside the card (the
    heatmaps scroll inside their own box), and the buttons are big enough to tap."""
    pg = touch_page
    pg.goto(explorer_url)
    pg.locator("input.gx-own").fill("the cat sat on the mat, and the dog ran to the cat")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    card = pg.locator(".grulab-explorer").bounding_box()
    assert card["x"] >= 0 and card["x"] + card["width"] <= 390
    wide = pg.evaluate("""() => {
      const card = document.querySelector('.grulab-explorer').getBoundingClientRect();
      return [...document.querySelectorAll('.grulab-explorer *')]
        .filter(e => !e.closest('.gx-scroll') && !e.closest('.gx-tablebox')
                && !e.classList.contains('gx-sr') && e.getClientRects().length)
        .filter(e => e.getBoundingClientRect().right > card.right + 0.5)
        .map(e => e.className || e.tagName); }""")
    assert wide == []
    for sel in ("button.gx-prev", "button.gx-next"):
        box = pg.locator(sel).bounding_box()
        assert box["width"] >= 36 and box["height"] >= 36
    assert not pg.problems, pg.problems


def test_mouse_drag_scrubs(page, explorer_url):
    page.goto(explorer_url)
    g = _geometry(page)
    box = page.locator("canvas.gx-heat").bounding_box()
    y = box["y"] + g["top"] + 0.5 * g["ch"]
    page.mouse.move(box["x"] + g["left"] + 2.5 * g["cw"], y)
    page.mouse.down()
    assert cursor(page) == 2
    page.mouse.move(box["x"] + g["left"] + 7.5 * g["cw"], y, steps=5)
    page.mouse.up()
    assert cursor(page) == 7
    page.mouse.move(box["x"] + g["left"] + 1.5 * g["cw"], y)  # released: moving does nothing
    assert cursor(page) == 7
    assert not page.problems, page.problems


FOCUS_JS = """() => { const e = document.activeElement, s = getComputedStyle(e);
  return {cls: e.className || e.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
          inside: !!e.closest('.grulab-explorer')}; }"""


def test_keyboard_order_focus_and_keys(page, explorer_url):
    """Tab reaches every control in reading order, each with a visible focus ring; the arrow
    keys, Page Up/Down, Home and End move the cursor on the slider and on the heatmap."""
    page.goto(explorer_url)
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUS_JS)
        if not f["inside"]:
            break
        assert f["outline"] != "none" and f["width"] >= 2, f"no visible focus ring on {f}"
        seen.append(f["cls"].split()[0] if f["cls"] else "")
    keys = ["gx-model", "gx-input", "gx-own", "gx-kerasz", "gx-time", "gx-heat", "gx-units",
            "gx-weight", "gx-reset"]
    assert all(k in seen for k in keys), seen
    assert [seen.index(k) for k in keys] == sorted(seen.index(k) for k in keys), seen
    i = seen.index("gx-time")
    assert (seen[i - 1], seen[i + 1]) == ("gx-prev", "gx-next"), seen  # ◀ slider ▶
    _, tokens = _trace("demo", INPUTS[0])
    T = len(tokens)
    slider = page.locator("input.gx-time")
    slider.focus()
    for key, want_t in (("End", T - 1), ("Home", 0), ("ArrowRight", 1), ("ArrowUp", 2)):
        page.keyboard.press(key)
        assert cursor(page) == want_t, key
    page.locator("canvas.gx-heat").focus()
    for key, want_t in (("PageUp", min(12, T - 1)), ("ArrowDown", min(12, T - 1) - 1),
                        ("Home", 0), ("ArrowUp", 1), ("PageDown", 0), ("End", T - 1)):
        page.keyboard.press(key)
        assert cursor(page) == want_t, key
    assert not page.problems, page.problems


def test_screen_reader_view(page, explorer_url):
    """The heatmap is a slider with its value; each step's values are read out, with their
    names, by a polite live region; the tooltip is not read twice."""
    page.goto(explorer_url)
    root = page.locator(".grulab-explorer")
    heat = root.locator("canvas.gx-heat")
    assert heat.get_attribute("role") == "slider" and heat.get_attribute("aria-label")
    live = root.locator(".gx-live")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    assert root.locator(".gx-tip").get_attribute("aria-hidden") == "true"
    tr, tokens = _trace("demo", INPUTS[0])
    heat.focus()
    for key, t in (("ArrowRight", 1), ("ArrowRight", 2), ("End", len(tokens) - 1)):
        page.keyboard.press(key)
        assert heat.get_attribute("aria-valuenow") == str(t)
        assert heat.get_attribute("aria-valuemax") == str(len(tokens) - 1)
        text = live.inner_text()
        assert text.startswith(f"t = {t}, token")
        for j in range(3):  # the demo model has 3 units, all selected
            assert (f"unit {j}: update gate z {tr.z[t, j]:.4f}, reset gate r {tr.r[t, j]:.4f}, "
                    f"candidate ĥ {tr.h_tilde[t, j]:.4f}, state h {tr.h[t, j]:.4f}"
                    ).replace("-0.0000", "0.0000") in text.replace("-0.0000", "0.0000")
    page.locator("select.gx-model").select_option(label="vanilla RNN")  # no gates: h only
    assert "update gate" not in live.inner_text() and "state h" in live.inner_text()
    assert not page.problems, page.problems


# ---- the built book page ------------------------------------------------------------------
def test_book_page_explorer(browser_page):
    """book/explorer.md's first explorer: the demo model on the demo inputs (chapter 2)."""
    pg = browser_page.goto("book/explorer")
    first = pg.locator(".grulab-explorer").first
    first.scroll_into_view_if_needed()
    rid = first.get_attribute("id")
    sel = f"#{rid}"
    first.locator("input.gx-time").fill("4")
    tr, _ = _trace(ge.demo_params(), INPUTS[0])
    assert cursor(pg, sel) == 4
    assert_matches(pg, tr, 4, root=sel)
    first.locator("canvas.gx-heat").focus()
    pg.keyboard.press("ArrowRight")
    assert cursor(pg, sel) == 5
    first.locator("select.gx-input").select_option("1")
    tr, _ = _trace(ge.demo_params(), INPUTS[1])
    assert_matches(pg, tr, 5, root=sel)
    first.locator("input.gx-own").fill("abc cab")
    tr, _ = _trace(ge.demo_params(), "abc cab")
    assert_matches(pg, tr, 5, root=sel)
    browser_page.assert_clean()


def test_book_page_explorer_dark(browser_page):
    """In the dark colour scheme the explorer stays a light card with dark text (its canvases
    are drawn for a light background), and its caption keeps the card's text colour."""
    from _a11y import emulate_dark

    pg = browser_page.goto("book/explorer")
    emulate_dark(pg)
    first = pg.locator(".grulab-explorer").first
    colours = first.evaluate(
        "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color,"
        " getComputedStyle(e.querySelector('caption')).color]")
    assert colours == ["rgb(255, 255, 255)", "rgb(34, 34, 34)", "rgb(34, 34, 34)"]
    browser_page.assert_clean()
