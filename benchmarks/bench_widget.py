"""How fast the live gate explorer redraws (issue 5): target ≤ 50 ms per control change.

For a 40-step input and H = 16 units, the median time from a control's change (the ipywidgets
value is set, as a reader's drag does) to a finished redraw: ``GateFigure.update`` +
``fig.canvas.draw()`` with Agg, and then the PNG sent to the Image widget. Prints a table.

    .venv/bin/python benchmarks/bench_widget.py [--repeats 30]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np

import gru_lab as gl
from gru_lab.explorer import Encoder
from gru_lab.plots.gates import GateFigure
from gru_lab.widgets import GateExplorer

VOCAB = " abcdefghijklmnopqrstuvwxyz.,"
TEXT = "the gate opens, the state copies forward."  # 41 characters
T, H = 40, 16


def _time(fn, repeats):
    """Wall-clock and CPU milliseconds of each call (CPU time is what a busy machine's other
    processes do not inflate)."""
    fn(0)  # warm-up
    wall, cpu = [], []
    for k in range(1, repeats + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        fn(k)
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return wall, cpu


def make_explorer():
    """The benchmark's explorer: a 40-step character input, H = 16, a b_z slider, four unit
    lines and the vanilla RNN to compare (also shown by bench_widget_browser.py)."""
    enc = Encoder.chars(VOCAB)
    params = gl.GRUParams.init(len(VOCAB), H, seed=0)
    texts = [TEXT[:T], TEXT[1 : T + 1]]
    rnn = gl.RNNParams.init(len(VOCAB), H, seed=0)
    return GateExplorer(params, texts, encoder=enc, sliders=[("b_z", 0)], units=[0, 1, 2, 3],
                        compare=rnn)


def _cold_typing(g, k):
    """Typing with every label's bitmap forgotten (each is made again: the first time a reader
    types a character the figure has not shown)."""
    g.figure._sprites._cache.clear()
    g.text_box.value = TEXT[: T - 1 + k % 2]


def _full_redraw(g):
    """A change of layout (H, or a typed input longer than the time axis): every layer."""
    g.figure._stale = 0
    g._render()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=30)
    args = ap.parse_args(argv)
    g = make_explorer()
    assert g.trace.h.shape == (T, H)
    x, tokens = g.encoder(g.text)
    fig = GateFigure(gl.gru_forward(x, g.params), tokens, units=[0, 1, 2, 3], values=False)
    fig.draw()

    rows = [
        (
            "figure only: update(cursor) + draw (blit)",
            lambda k: fig.update(cursor=k % T, draw=True),
        ),
        ("widget: time slider moved", lambda k: setattr(g.cursor_slider, "value", k % T)),
        ("widget: prepared input switched", lambda k: setattr(g.input_select, "value", k % 2)),
        (
            "widget: text typed (one more char)",
            lambda k: setattr(g.text_box, "value", TEXT[: T - 1 + k % 2]),
        ),
        (
            "widget: weight slider b_z[0] moved",
            lambda k: setattr(g.weight_sliders[0], "value", -2 + 0.1 * (k % 40)),
        ),
        ("widget: Keras z toggled", lambda k: setattr(g.keras_z_box, "value", bool(k % 2))),
        (
            "widget: units chosen (4 lines ↔ 2 lines)",
            lambda k: setattr(g.units_select, "value", (0, 1, 2, 3) if k % 2 else (4, 5)),
        ),
        (
            "widget: model switched (GRU ↔ vanilla RNN)",
            lambda k: setattr(g.model_select, "value", list(g.models)[k % 2]),
        ),
        ("worst case: typed, no label bitmap cached", lambda k: _cold_typing(g, k)),
        ("worst case: whole figure redrawn (new axes)", lambda k: _full_redraw(g)),
    ]
    print(f"Gate explorer redraw, T = {T}, H = {H}, Agg + PNG, {args.repeats} repeats")
    print(
        f"machine: {platform.processor() or platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )
    try:
        load = " ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        load = "?"
    print(f"{os.cpu_count()} CPUs, load average {load}")
    print(
        f"{'control change':45s} {'median ms':>10s} {'p90 ms':>8s} {'CPU ms':>8s} "
        f"{'≤ 50 ms (wall / CPU)':>21s}"
    )
    for name, fn in rows:
        wall, cpu = _time(fn, args.repeats)
        med = statistics.median(wall)
        p90 = float(np.percentile(wall, 90))
        cmed = statistics.median(cpu)
        verdict = f"{'yes' if med <= 50 else 'NO'} / {'yes' if cmed <= 50 else 'NO'}"
        print(f"{name:45s} {med:10.1f} {p90:8.1f} {cmed:8.1f} {verdict:>21s}")


if __name__ == "__main__":
    main()
