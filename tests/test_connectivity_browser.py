"""The text generation page's connectivity view driven the way a reader uses it: headless
Chromium, no kernel, a standalone page opened over file://.

Checks that the shown values are the rows of the matrices (to float32), that the slider, the
arrow keys, the buttons and a click on a character choose the prediction, that the text
alternative says which inputs matter most, that focus is visible, and that the view fits a
390 px phone screen. Any console error or request to another host fails.
"""

from __future__ import annotations

import numpy as np
import pytest
from _helpers import recorded_page

from gru_lab.connectivity_view import ConnectivityView

pytestmark = pytest.mark.browser

TEXT = "ROMEO:\nBut soft, what light\nthrough yonder window breaks?\n"
T = len(TEXT) - 1


def _matrix(seed):
    rng = np.random.default_rng(seed)
    lags = np.subtract.outer(np.arange(T), np.arange(T))
    C = np.exp(-0.3 * lags) * rng.uniform(0.5, 1.5, size=(T, T))
    return np.tril(C)


MATRICES = {"GRU": _matrix(0), "RNN": _matrix(1)}


@pytest.fixture(scope="module")
def view_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("conn") / "index.html"
    ConnectivityView(TEXT, MATRICES, look_back={"GRU": 7, "RNN": 5}, start=10).save(path)
    return path.as_uri()


def _open(browser, url, **options):
    page, context = recorded_page(browser, **options)
    page.goto(url)
    return page, context, page.problems


def _row(page, model):
    """{position: value} of the shaded characters of one model's passage."""
    cells = page.eval_on_selector_all(
        f'.gc-passage[data-model="{model}"] span[data-value]',
        "els => els.map(e => [+e.dataset.pos, +e.dataset.value])")
    return dict(cells)


def _t(page):
    return int(page.get_attribute(".grulab-conn", "data-t"))


def _assert_row(page, t):
    for k, C in enumerate(MATRICES.values()):
        row = _row(page, k)
        assert sorted(row) == list(range(t + 1)), "only the inputs up to t are shaded"
        for pos, v in row.items():
            assert v == pytest.approx(C[t, pos], rel=1e-6)


def test_shows_the_rows_and_follows_slider_keys_buttons_and_clicks(browser, view_url):
    """The shaded values are row t of each matrix; the slider, arrow keys, ◀ ▶ and a click on
    a character move t, and the outlined character is the one predicted."""
    page, context, problems = _open(browser, view_url, viewport={"width": 1100, "height": 900})
    try:
        assert not page.locator(".grulab-fallback").count(), "JS did not replace the fallback"
        assert _t(page) == 10
        _assert_row(page, 10)
        target = page.locator('.gc-passage[data-model="0"] span.gc-target')
        assert target.get_attribute("data-pos") == "11"
        slider = page.locator("input.gc-slider")
        assert slider.get_attribute("aria-label")
        assert slider.get_attribute("data-lm-suppress-shortcuts") is not None
        slider.fill("31")                  # character 31 (book count) = row 29
        assert _t(page) == 29
        _assert_row(page, 29)
        slider.focus()
        page.keyboard.press("ArrowRight")
        assert _t(page) == 30
        page.keyboard.press("Home")
        assert _t(page) == 0
        _assert_row(page, 0)
        page.keyboard.press("End")
        assert _t(page) == T - 1
        page.locator("button.gc-prev").click()
        assert _t(page) == T - 2
        page.locator("button.gc-next").click()
        assert _t(page) == T - 1
        page.locator('.gc-passage[data-model="1"] span[data-pos="20"]').click()
        assert _t(page) == 19
        _assert_row(page, 19)
        assert problems == []
    finally:
        context.close()


def test_text_alternative_names_the_strongest_inputs(browser, view_url):
    """The live region says which character is predicted and, per model, its strongest input
    with its value; the slider's aria-valuetext says the same position."""
    page, context, problems = _open(browser, view_url, viewport={"width": 1100, "height": 900})
    try:
        t = 10
        summary = page.locator(".gc-summary")
        assert summary.get_attribute("aria-live") == "polite"
        text = summary.inner_text()
        assert f"“{TEXT[t + 1]}” (character {t + 2})" in text
        for name, C in MATRICES.items():
            best = int(np.argmax(C[t, :t + 1]))
            assert f"{name}: strongest inputs “{TEXT[best]}” at t − t′ = {t - best}" in text
        valuetext = page.locator("input.gc-slider").get_attribute("aria-valuetext")
        assert f"character {t + 2} of {T + 1}" in valuetext
        assert problems == []
    finally:
        context.close()


def test_keyboard_focus_is_visible(browser, view_url):
    """Tabbing to the ◀ button and the slider shows a focus outline."""
    page, context, problems = _open(browser, view_url, viewport={"width": 1100, "height": 900})
    try:
        page.keyboard.press("Tab")
        outline = page.evaluate("""() => { const e = document.activeElement;
            const s = getComputedStyle(e);
            return [e.className, s.outlineStyle, s.outlineWidth]; }""")
        assert outline[0] == "gc-prev" and outline[1] != "none" and outline[2] != "0px"
        page.keyboard.press("Tab")
        outline = page.evaluate("""() => { const e = document.activeElement;
            return [e.className, getComputedStyle(e).outlineStyle]; }""")
        assert outline == ["gc-slider", "solid"]
        assert problems == []
    finally:
        context.close()


def test_fits_a_phone_screen_and_takes_taps(browser, view_url):
    """At 390 px nothing overflows sideways, the buttons are at least 44 px, and tapping a
    character chooses it."""
    page, context, problems = _open(browser, view_url, viewport={"width": 390, "height": 844},
                                    has_touch=True)
    try:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390
        box = page.locator("button.gc-next").bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        page.locator('.gc-passage[data-model="0"] span[data-pos="5"]').tap()
        assert _t(page) == 4
        assert problems == []
    finally:
        context.close()


def test_bad_matrices_name_the_model_and_the_sizes():
    """A matrix whose size does not fit the text raises, naming the model and both sizes."""
    with pytest.raises(ValueError, match=r"T \+ 1 characters.*got 5 characters for model "
                                         r"'GRU' of shape \(3, 3\)"):
        ConnectivityView("abcde", {"GRU": np.zeros((3, 3))})


def test_speaks_the_pages_language(browser, tmp_path):
    """One execution serves both sites: on a page whose <html lang> is zh-CN the view's words
    (title, help, look-back lines) are Chinese, on the English page English."""
    path = tmp_path / "zh.html"
    ConnectivityView(TEXT, MATRICES, look_back={"GRU": 7}, start=3).save(path)
    path.write_text(path.read_text(encoding="utf-8").replace('lang="en"', 'lang="zh-CN"'),
                    encoding="utf-8")
    page, context, problems = _open(browser, path.as_uri())
    title = page.inner_text(".gc-title")
    names = page.eval_on_selector_all(".gc-name", "els => els.map(e => e.textContent)")
    context.close()
    assert title == "一次预测用到了前面哪些字符？"
    assert names[0].startswith("GRU：7 步之后")
    assert not problems, problems
