"""Shared fixtures for the GRU Lab tests.

Pages
    Any test function with an argument named ``docname`` is run once per page of ``_toc.yml``
    (``book/intro``, ``book/01_rnn``, ...); one named ``notebook_docname`` once per page that
    is a notebook (has a jupytext/kernelspec header). Test ids are the docnames, so
    ``pytest -k 01_rnn`` selects one chapter.

The built site (run ``make book`` first; ``make test`` builds it before pytest)
    ``site_dir``      Path to ``_build/html``; fails with a clear message when it is not built.
    ``site_url``      ``http://127.0.0.1:<port>``: the site served by a local HTTP server that
                      lives for the whole session.

A real browser (Debian's /usr/bin/chromium driven by Playwright, no browser download)
    ``browser``       the session's Chromium (Playwright ``Browser``).
    ``browser_page``  a fresh :class:`BrowserPage` per test: a 1280 px wide page whose console
                      errors, uncaught exceptions and requests to any non-local host are
                      recorded (and those requests aborted). Typical use::

                          def test_gate_explorer(browser_page):
                              page = browser_page.goto("book/02_gru_gates")   # a Playwright Page
                              page.locator("input[type=range]").first.fill("5")
                              ...
                              browser_page.assert_clean()  # no console error, nothing external
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE_DIR = ROOT / "_build" / "html"
SCREENSHOT_DIR = ROOT / "_build" / "screenshots"
CHROMIUM = os.environ.get("GRU_LAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
VIEWPORT = {"width": 1280, "height": 900}

sys.path.insert(0, str(ROOT / "tools"))
from book_toc import notebook_files, source_path, toc_files  # noqa: E402

# Offline copies of the data sets when run by hand (the Makefile sets this for `make test`).
if "GRU_LAB_DATA" not in os.environ and (ROOT.parent / "shared" / "data").is_dir():
    os.environ["GRU_LAB_DATA"] = str(ROOT.parent / "shared" / "data")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")

BUILD_HINT = "run `make book` (or `make test`, which builds the site before running pytest)"


def pytest_generate_tests(metafunc):
    if "docname" in metafunc.fixturenames:
        pages = toc_files()
        metafunc.parametrize("docname", pages, ids=pages)
    if "notebook_docname" in metafunc.fixturenames:
        pages = notebook_files()
        metafunc.parametrize("notebook_docname", pages, ids=pages)


def pytest_collection_modifyitems(items):
    """Mark every test that reads the built site `site`, so `make test-fast` can leave it out."""
    for item in items:
        if "site_dir" in getattr(item, "fixturenames", ()) or "site_url" in getattr(
                item, "fixturenames", ()):
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def toc_pages() -> list[str]:
    """Docnames of every page in _toc.yml, in reading order."""
    return toc_files()


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail(f"The site is not built ({SITE_DIR} has no index.html): {BUILD_HINT}.")
    return SITE_DIR


def built_page(relpath: str) -> Path:
    """Path of a page of the built site; fails with a clear message when it is not built."""
    path = SITE_DIR / relpath
    if not path.is_file():
        pytest.fail(f"{relpath} is not in the built site (out of date?): {BUILD_HINT}.")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium "
            "(`apt-get install -y chromium`; .ci/run does this) or set GRU_LAB_CHROMIUM."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@dataclass
class BrowserPage:
    """A Playwright page on the local site, with what went wrong recorded."""

    page: object  # playwright.sync_api.Page
    site_url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def url(self, docname_or_path: str) -> str:
        path = docname_or_path.lstrip("/")
        if not path.endswith((".html", "/")) and "." not in Path(path).name:
            path += ".html"
        return f"{self.site_url}/{path}"

    def goto(self, docname_or_path: str, wait_for_math: bool = True):
        """Open a page (``book/notation`` or ``book/notation.html``); wait for MathJax."""
        built_page(self.url(docname_or_path).removeprefix(self.site_url + "/"))
        self.page.goto(self.url(docname_or_path), wait_until="load")
        if wait_for_math:
            self.wait_for_mathjax()
        return self.page

    def wait_for_mathjax(self, timeout_ms: int = 30_000) -> None:
        has_math = self.page.evaluate("() => document.querySelector('.math') !== null")
        if not has_math:
            return
        self.page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
            timeout=timeout_ms,
        )
        self.page.evaluate("() => MathJax.startup.promise")

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught exception: {m}" for m in self.page_errors]
            + [f"request to another host: {u}" for u in self.external_requests]
            + [f"failed request: {u}" for u in self.failed_requests]
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)


@pytest.fixture
def browser_page(browser, site_url):
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    bp = BrowserPage(page=page, site_url=site_url)

    def route(route_obj):
        url = route_obj.request.url
        host = urlsplit(url).hostname or ""
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and host not in LOCAL_HOSTS:
            bp.external_requests.append(url)
            route_obj.abort()
        else:
            route_obj.continue_()

    def on_websocket(ws):
        if (urlsplit(ws.url).hostname or "") not in LOCAL_HOSTS:
            bp.external_requests.append(ws.url)

    def on_request_failed(request):
        if (urlsplit(request.url).hostname or "") in LOCAL_HOSTS:
            bp.failed_requests.append(f"{request.url} ({request.failure})")

    context.route("**/*", route)
    page.on("websocket", on_websocket)
    page.on("requestfailed", on_request_failed)
    page.on(
        "console",
        lambda msg: (
            bp.console_errors.append(f"{msg.text} @ {msg.location}")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda exc: bp.page_errors.append(str(exc)))
    yield bp
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


__all__ = ["BrowserPage", "source_path"]
