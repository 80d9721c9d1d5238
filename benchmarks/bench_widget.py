"""The gate explorer's kernel side: what is left for Python once every control runs in the page.

Since issue 15 the explorer is one JavaScript view (``gru_lab/explorer.js``): moving the
cursor, typing, the weight sliders and the Keras-z toggle never reach the kernel
(``bench_widget_browser.py`` times them in the browser). The kernel still does three things;
this script times each, for the benchmark explorer (a 40-step input, H = 16, and the vanilla
RNN to compare):

* making the widget (the models' weights packed as binary buffers, the words, the view);
* a trace for an encoder that is Python code (the view's ``request`` → ``py_trace``);
* new weights from Python (``ex.set_weights``: checked, packed and sent).

    .venv/bin/python benchmarks/bench_widget.py [--repeats 30]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import gru_lab as gl
from gru_lab.explorer import Encoder, show

VOCAB = " abcdefghijklmnopqrstuvwxyz.,"
TEXT = "the gate opens, the state copies forward."  # 41 characters
T, H = 40, 16


def _time(fn, repeats):
    """Wall-clock milliseconds of each call, after one warm-up call."""
    fn(0)
    wall = []
    for k in range(1, repeats + 1):
        t0 = time.perf_counter()
        fn(k)
        wall.append((time.perf_counter() - t0) * 1e3)
    return wall


def make_explorer(live: bool = True, encoder=None):
    """The benchmark's explorer: a 40-step character input, H = 16, a b_z slider, four unit
    lines and the vanilla RNN to compare (also shown by bench_widget_browser.py)."""
    enc = encoder or Encoder.chars(VOCAB)
    params = gl.GRUParams.init(len(VOCAB), H, seed=0)
    texts = [TEXT[:T], TEXT[1 : T + 1]]
    rnn = gl.RNNParams.init(len(VOCAB), H, seed=0)
    return show(params, texts, encoder=enc, sliders=[("b_z", 0)], units=[0, 1, 2, 3],
                compare=rnn, live=live)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=30)
    args = ap.parse_args(argv)
    enc = Encoder.chars(VOCAB)
    ex = make_explorer(encoder=lambda s: enc(s))
    w = ex.widget
    b_z = ex.params.b_z.copy()

    def new_widget(k):
        make_explorer().widget.close()

    def python_trace(k):
        w.request = {"model": "GRU", "text": TEXT[: T - 1 + k % 2]}

    def new_weights(k):
        b_z[0] = k * 0.01
        ex.set_weights(b_z=b_z)

    rows = [("widget made (models packed, view sent)", new_widget),
            ("trace of a typed text, Python encoder", python_trace),
            ("ex.set_weights(b_z=...) checked and sent", new_weights)]
    print(f"Gate explorer, kernel side, T = {T}, H = {H}, {args.repeats} repeats")
    load = " ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load}")
    print(f"{'kernel work':44s} {'median ms':>10s} {'p90 ms':>8s}")
    for name, fn in rows:
        times = _time(fn, args.repeats)
        p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        print(f"{name:44s} {statistics.median(times):10.1f} {p90:8.1f}")


if __name__ == "__main__":
    main()
