"""Small helpers shared by several test files (pytest puts tests/ on sys.path)."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

import gru_lab as gl
from gru_lab.cache import exclusive_lock


def random_gru_params(D, H, reset_after, seed, scale=0.5):
    """Keras-like initial weights plus noise, so biases are non-zero and every term counts."""
    p = gl.GRUParams.init(D, H, reset_after=reset_after, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for a in p.arrays().values():
        a += rng.normal(scale=scale, size=a.shape)
    return p


def recorded_page(browser, **options):
    """A fresh Chromium page (Playwright) whose console errors, uncaught exceptions and
    requests to any non-local host are recorded in ``page.problems`` (those requests are
    aborted). Returns ``(page, context)``; ``options`` go to ``browser.new_context``."""
    context = browser.new_context(service_workers="block", **options)
    page = context.new_page()
    problems: list[str] = []

    def route(r):
        u = urlsplit(r.request.url)
        if u.scheme in ("http", "https") and u.hostname not in ("127.0.0.1", "localhost"):
            problems.append(f"external request {r.request.url}")
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    return page, context


def made_once(tmp_path_factory, name: str, make) -> Path:
    """A folder that ``make(folder)`` fills, made once per test run, also when pytest-xdist
    runs the tests in several workers (``make test``): the workers share the run's temporary
    folder, the first to ask makes it under a lock, the others wait for it and reuse it.
    For a session fixture whose result the tests only read."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent
    folder, done = shared / name, shared / f"{name}.done"
    with exclusive_lock(shared / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder
