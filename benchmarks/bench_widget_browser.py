"""The live gate explorer end to end: a control changed in the browser → the new picture shown.

``bench_widget.py`` times the kernel's side (the forward pass, the redraw, the PNG). A reader
also waits for the message to reach the kernel and for the PNG to come back and be decoded.
This script measures that whole loop in a real JupyterLab driven by Chromium: it opens a
notebook that shows ``bench_widget.make_explorer()`` (T = 40, H = 16), and for each control
changes it the way a reader does (a key on the slider, a character in the text box, a choice
in a drop-down, a click on the check box) and waits until the image's new PNG is decoded.
The clock runs inside the page (``performance.now()``), from the event to the decoded image.

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
g = make_explorer()
g.widget.add_class("gru-bench")

# The round trip alone: a check box whose change makes the kernel send a tiny PNG.
import ipywidgets as w
from gru_lab.plots._raster import png_bytes
import numpy as np
pngs = [png_bytes(np.full((2, 2, 4), v, np.uint8)) for v in (0, 255)]
probe_box, probe_img = w.Checkbox(description="probe"), w.Image(value=pngs[0], format="png")
probe_box.observe(lambda c: setattr(probe_img, "value", pngs[c["new"]]), names="value")
probe = w.HBox([probe_box, probe_img])
probe.add_class("gru-probe")
display(probe)
g"""

# One change of a control, then wait until the explorer's image has a new, decoded PNG.
# ``act`` is the body of a function of (root, k) that changes a control inside ``root``.
MEASURE_JS = """
async ([act, k, where]) => {
  const root = document.querySelector(where);
  const img = root.querySelector('img');
  const before = img.src;
  const done = new Promise((resolve, reject) => {
    const obs = new MutationObserver(() => {
      if (img.src !== before) { obs.disconnect(); resolve(); }
    });
    obs.observe(img, {attributes: true, attributeFilter: ['src']});
    setTimeout(() => { obs.disconnect(); reject(new Error('no new image within 10 s')); },
               10000);
  });
  const t0 = performance.now();
  (new Function('root', 'k', act))(root, k);
  await done;
  await img.decode();
  return performance.now() - t0;
}
"""

SET_INPUT = """
const el = {selector};
el.{prop} = {value};
el.dispatchEvent(new Event('{event}', {{bubbles: true}}));
"""


def _key_on_slider(index):
    return (f"const h = root.querySelectorAll('.noUi-handle')[{index}];"
            "h.dispatchEvent(new KeyboardEvent('keydown', {key: k % 2 ? 'ArrowLeft' : "
            "'ArrowRight', bubbles: true}));")


PROBE = ("round trip only: probe check box → 2×2 PNG",
         "root.querySelector('input[type=checkbox]').click();")
CONTROLS = [
    ("time slider: arrow key", _key_on_slider(0)),
    ("prepared input chosen", SET_INPUT.format(
        selector="root.querySelectorAll('select')[1]", prop="selectedIndex", value="(k + 1) % 2",
        event="change")),
    ("text typed (one more char)", SET_INPUT.format(
        selector="root.querySelector('input[type=text]')", prop="value",
        value="'the gate opens, the state copies forwar' + (k % 2 ? 'd' : '')",
        event="input")),
    ("weight slider b_z[0]: arrow key", _key_on_slider(1)),
    ("Keras z check box clicked",
     "root.querySelector('input[type=checkbox]').click();"),
    ("model chosen (GRU ↔ vanilla RNN)", SET_INPUT.format(
        selector="root.querySelectorAll('select')[0]", prop="selectedIndex", value="(k + 1) % 2",
        event="change")),
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


def _open_explorer(page, url):
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=60_000)
    page.click(".jp-Cell .jp-InputArea-editor")
    page.keyboard.press("Shift+Enter")
    try:
        page.wait_for_selector(".gru-bench img", timeout=40_000)
    except Exception:
        shot = Path(tempfile.gettempdir()) / "bench_widget_browser.png"
        page.screenshot(path=str(shot))
        raise RuntimeError(f"the explorer did not appear; the page is in {shot}") from None
    page.wait_for_timeout(1000)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--pause", type=int, default=200,
                    help="ms between changes (a reader's separate clicks); 0: back to back")
    args = ap.parse_args(argv)
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        sys.exit("JupyterLab is not installed: run `make lab-deps` (or `make lab`) first.")
    from playwright.sync_api import sync_playwright

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
                _open_explorer(page, f"http://127.0.0.1:{port}/lab/tree/bench.ipynb")
                rows = []
                for where, (name, act) in [(".gru-probe", PROBE),
                                           *((".gru-bench", c) for c in CONTROLS)]:
                    print(f"… {name}", file=sys.stderr, flush=True)
                    page.evaluate(MEASURE_JS, [act, 0, where])  # warm-up
                    times = []
                    for k in range(1, args.repeats + 1):
                        page.wait_for_timeout(args.pause)  # the last change's messages settle
                        times.append(page.evaluate(MEASURE_JS, [act, k, where]))
                    rows.append((name, times))
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            log.close()

    print(f"Gate explorer in JupyterLab + Chromium, T = 40, H = 16, {args.repeats} repeats "
          f"{args.pause} ms apart: control event → new PNG decoded")
    load = " ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load}")
    print(f"{'control change (in the browser)':44s} {'median ms':>10s} {'p90 ms':>8s} "
          f"{'≤ 50 ms':>8s}")
    for name, times in rows:
        med = statistics.median(times)
        p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        print(f"{name:44s} {med:10.1f} {p90:8.1f} {'yes' if med <= 50 else 'NO':>8s}")


if __name__ == "__main__":
    main()
