"""The gate explorer end to end in JupyterLab: a control changed → the changed frame painted.

Since issue 15 the explorer is one JavaScript view, an anywidget widget in a notebook
(``gru_lab/explorer.js``), and every control runs in the page: no kernel round trip. This
script opens a notebook that shows ``bench_widget.make_explorer()`` (T = 40, H = 16) in a real
JupyterLab driven by headless Chromium, and for each control changes it the way a reader does
(a key on the time slider or the heatmap, a click on ◀ or on a heatmap cell, Home/End, a
character typed, a choice in a drop-down, a weight slider, the check box) and waits for the
frame that shows it. The clock runs inside the page (``performance.now()``): from just before
the DOM event is dispatched to the first task after the next animation frame, i.e. after the
browser painted the change. It then checks that the kernel read back what the reader did
(``ex.cursor``, ``ex.text``, ``ex.params``) and prints the load average beside the table.

    make lab-deps   # JupyterLab (the pin in the Makefile), once
    .venv/bin/python benchmarks/bench_widget_browser.py [--repeats 30]

Needs Chromium (``/usr/bin/chromium``, or ``GRU_LAB_CHROMIUM``) and JupyterLab; it starts a
JupyterLab server on a free local port with no token and stops it at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("GRU_LAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

NOTEBOOK_CODE = f"""\
import sys
sys.path.insert(0, {str(BENCH)!r})
from bench_widget import make_explorer
ex = make_explorer()
ex"""
READBACK_CODE = """\
print("READBACK", ex.model_name, ex.cursor, repr(ex.text), ex.units, float(ex.params.b_z[0]),
      ex.trace.h.shape)"""

# One change of a control, then wait for the frame that shows it. ``act`` is the body of a
# function of (root, k) that changes a control inside ``root`` (the explorer's element).
MEASURE_JS = """
async ([act, k]) => {
  const root = document.querySelector('.grulab-explorer');
  const painted = () => new Promise(resolve => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  }));
  const t0 = performance.now();
  (new Function('root', 'k', act))(root, k);
  await painted();
  return performance.now() - t0;
}
"""

SET_INPUT = """
const el = root.querySelector({selector!r});
el.{prop} = {value};
el.dispatchEvent(new Event('{event}', {{bubbles: true}}));
"""
KEY = """
const el = root.querySelector({selector!r});
el.dispatchEvent(new KeyboardEvent('keydown', {{key: {key}, bubbles: true, cancelable: true}}));
"""
CELL_CLICK = """
const c = root.querySelector('canvas.gx-heat'), G = root.gruLab.geometry;
const r = c.getBoundingClientRect(), t = 5 + k % 20;
const x = r.left + G.left + (t + 0.5) * G.cw, y = r.top + G.top + 0.5 * G.ch;
c.dispatchEvent(new PointerEvent('pointerdown', {clientX: x, clientY: y, bubbles: true,
  pointerId: 1, pointerType: 'mouse', button: 0, isPrimary: true}));
c.dispatchEvent(new PointerEvent('pointerup', {clientX: x, clientY: y, bubbles: true,
  pointerId: 1, pointerType: 'mouse', button: 0, isPrimary: true}));
"""

CONTROLS = [
    ("time slider moved (input event)", SET_INPUT.format(
        selector="input.gx-time", prop="value", value="String(k % 40)", event="input")),
    ("◀ / ▶ button clicked", "root.querySelector(k % 2 ? 'button.gx-prev' : "
     "'button.gx-next').click();"),
    ("heatmap cell clicked", CELL_CLICK),
    ("heatmap: arrow key", KEY.format(selector="canvas.gx-heat",
                                      key="k % 2 ? 'ArrowLeft' : 'ArrowRight'")),
    ("heatmap: Home / End", KEY.format(selector="canvas.gx-heat", key="k % 2 ? 'Home' : 'End'")),
    ("prepared input chosen", SET_INPUT.format(
        selector="select.gx-input", prop="value", value="String(k % 2)", event="change")),
    ("text typed (one more character)", SET_INPUT.format(
        selector="input.gx-own", prop="value",
        value="'the gate opens, the state copies forwar' + (k % 2 ? 'd' : '')", event="input")),
    ("weight slider b_z[0] moved", SET_INPUT.format(
        selector="input.gx-weight", prop="value", value="String(-2 + (k % 5))",
        event="input")),
    ("Keras z check box clicked", "root.querySelector('input.gx-kerasz').click();"),
    ("units chosen (4 lines ↔ 2 lines)", """
const s = root.querySelector('select.gx-units');
[...s.options].forEach((o, j) => { o.selected = j < (k % 2 ? 2 : 4); });
s.dispatchEvent(new Event('change', {bubbles: true}));"""),
    ("model chosen (GRU ↔ vanilla RNN)", SET_INPUT.format(
        selector="select.gx-model", prop="value", value="String(k % 2)", event="change")),
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(path: Path):
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "bench",
                     "metadata": {}, "outputs": [], "source": NOTEBOOK_CODE}],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                      "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))


def _start_lab(root: Path, port: int):
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
           "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
           "--ServerApp.password=", f"--ServerApp.root_dir={root}",
           "--ServerApp.disable_check_xsrf=True", "--ServerApp.allow_root=True",
           "--LabApp.news_url=",
           "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    log = open(root / "lab.log", "w")  # noqa: SIM115  (closed with the server)
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=1)
            return proc, log
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"JupyterLab did not start; see {root / 'lab.log'}:\n"
                       + (root / "lab.log").read_text()[-2000:])


def _run_cell(page, code, index):
    cells = page.locator(".jp-Notebook .jp-Cell")
    if index >= cells.count():
        page.keyboard.press("Escape")
        page.keyboard.press("b")  # a new cell below
        page.wait_for_function(f"document.querySelectorAll('.jp-Notebook .jp-Cell').length > "
                               f"{index}")
    cells.nth(index).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")


def _open_explorer(page, url):
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=60_000)
    page.click(".jp-Cell .jp-InputArea-editor")
    page.keyboard.press("Shift+Enter")
    try:
        page.wait_for_selector(".grulab-explorer canvas.gx-heat", timeout=60_000)
    except Exception:
        shot = Path(tempfile.gettempdir()) / "bench_widget_browser.png"
        page.screenshot(path=str(shot))
        raise RuntimeError(f"the explorer did not appear; the page is in {shot}") from None
    page.wait_for_timeout(1000)


def _readback(page):
    """Move the cursor, type, move a slider; then ask the kernel what it read back."""
    root = page.locator(".grulab-explorer")
    root.locator("select.gx-model").select_option(label="GRU")
    root.locator("input.gx-own").fill("abc cab")
    root.locator("input.gx-weight").fill("1.5")
    root.locator("canvas.gx-heat").focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)  # the view reports 30 ms after the last change
    _run_cell(page, READBACK_CODE, 1)
    out = page.locator(".jp-OutputArea-output", has_text="READBACK")
    out.wait_for(timeout=30_000)
    return out.inner_text().strip()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--pause", type=int, default=200,
                    help="ms between changes (a reader's separate clicks); 0: back to back")
    ap.add_argument("--screenshot", type=Path, help="save the notebook's picture here")
    ap.add_argument("--only", default="", help="time only the controls whose name has this")
    ap.add_argument("--static", action="store_true",
                    help="the static website's page instead of JupyterLab (no kernel at all)")
    args = ap.parse_args(argv)
    if args.static:
        return _main_static(args)
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        sys.exit("JupyterLab is not installed: run `make lab-deps` (or `make lab`) first.")
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _notebook(root / "bench.ipynb")
        port = _free_port()
        proc, log = _start_lab(root, port)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                errors = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                _open_explorer(page, f"http://127.0.0.1:{port}/lab/tree/bench.ipynb")
                if args.screenshot:
                    page.screenshot(path=str(args.screenshot))
                rows = _measure(page, args)
                readback = _readback(page)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            log.close()

    _table("JupyterLab", args, rows, load_before)
    print(f"kernel read back: {readback}")
    if errors:
        print("page errors:", *errors, sep="\n  ")


def _measure(page, args):
    rows = []
    for name, act in [c for c in CONTROLS if args.only in c[0]]:
        print(f"… {name}", file=sys.stderr, flush=True)
        page.evaluate(MEASURE_JS, [act, 0])  # warm-up
        times = []
        for k in range(1, args.repeats + 1):
            page.wait_for_timeout(args.pause)
            times.append(page.evaluate(MEASURE_JS, [act, k]))
        rows.append((name, times))
    return rows


def _main_static(args):
    """The static website's explorer: the same view and controls, no kernel anywhere."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(BENCH))
    from bench_widget import make_explorer

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(make_explorer(live=False).save(Path(tmp) / "explorer.html"))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                         headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(path.as_uri())
            page.wait_for_selector(".grulab-explorer canvas.gx-heat")
            rows = _measure(page, args)
            browser.close()
    _table("the static page", args, rows, load_before)


def _table(where, args, rows, load_before):
    print(f"Gate explorer in {where} (headless Chromium), T = 40, H = 16, {args.repeats} "
          f"repeats {args.pause} ms apart: DOM event → changed frame painted")
    load = " ".join(f"{v:.1f}" for v in load_before)
    load_after = " ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load} before, "
          f"{load_after} after")
    print(f"{'control change (in the browser)':40s} {'median ms':>10s} {'p90 ms':>8s} "
          f"{'target':>7s}")
    for name, times in rows:
        med = statistics.median(times)
        p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        ok = "yes" if med <= 50 and p90 <= 100 else "NO"
        print(f"{name:40s} {med:10.1f} {p90:8.1f} {ok:>7s}")


if __name__ == "__main__":
    main()
