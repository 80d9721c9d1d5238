"""The static gate explorer driven the way a reader uses it: headless Chromium, no kernel.

Part 1 opens an explorer saved as a standalone page (served on 127.0.0.1, and over file://).
Part 2 opens the built book page ``book/explorer`` (needs ``make book``; fixtures in
conftest.py). Every shown value is compared with gru_forward's for that input and step.
"""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlsplit

import numpy as np
import pytest

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
    ge.GateExplorerHTML(MODELS, INPUTS, vocab=VOCAB, sliders=["b_z"]).save(d / "index.html")
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
    context = browser.new_context(viewport={"width": 1100, "height": 1200}, service_workers="block")
    pg = context.new_page()
    problems: list[str] = []

    def route(r):
        u = urlsplit(r.request.url)
        if u.scheme in ("http", "https") and u.hostname not in ("127.0.0.1", "localhost"):
            problems.append(f"external request {r.request.url}")
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.problems = problems
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
    page.locator("input.gx-own").fill("")  # empty input: no error
    assert int(page.get_attribute(".grulab-explorer", "data-steps")) == 0
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
