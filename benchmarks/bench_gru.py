"""gru_lab's GRU against Keras's at the source document's shape, in one run (issue 2).

    .venv/bin/python benchmarks/bench_gru.py [--repeats 20] [--load]

Prints one table: gru_lab forward and forward+backward vs Keras eager and Keras inside
``tf.function`` (B=32, T=100, D=300, H=128, float32, reset_after=True as in Keras's default),
the machine's sgemm throughput measured here, and the GFLOP/s gru_lab achieves. Timings are
medians of interleaved repeats, so background load hits every row alike; quote the ratios.
Each ratio is the median over rounds of the ratio measured within one round (a row and its
Keras reference run back to back), so a load that comes and goes between rounds cancels.
Every forward+backward row computes the same gradients: the weights' and the input's.

``--load`` measures every row a second time beside a busy process (a subprocess multiplying
matrices with one BLAS thread, i.e. one core kept busy, stopped at the end and in any case
after ``--load-seconds``), and prints both conditions side by side. The load average
(``os.getloadavg``) before and after each condition is printed with the table: on a shared
machine "as is" is only as quiet as the other users let it be.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

import gru_lab as gl  # noqa: E402
from gru_lab._threads import helper_threads  # noqa: E402

B, T, D, H = 32, 100, 300, 128
BUSY = """
import sys, time
import numpy as np
end = time.monotonic() + float(sys.argv[1])
a = np.random.default_rng(0).normal(size=(512, 512))
while time.monotonic() < end:
    a = np.tanh(a @ a)
"""


def gru_flops(backward: bool) -> float:
    """Matrix-product FLOPs: input projection + recurrent products (×3 with backward)."""
    fwd = 2 * B * T * D * 3 * H + 2 * B * T * H * 3 * H
    return fwd * (3 if backward else 1)


def median_ms(fn, repeats: int) -> float:
    fn()  # warm up (and trace tf.functions)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def sgemm_gflops(repeats: int) -> float:
    rng = np.random.default_rng(0)
    a = rng.normal(size=(B * T, D)).astype(np.float32)
    w = rng.normal(size=(D, 3 * H)).astype(np.float32)
    ms = median_ms(lambda: a @ w, repeats * 5)
    return 2 * B * T * D * 3 * H / (ms * 1e-3) / 1e9


def busy_process(seconds: float) -> subprocess.Popen:
    """One core kept busy by another program (one BLAS thread), for at most ``seconds``."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    return subprocess.Popen([sys.executable, "-c", BUSY, str(seconds)], env=env)


def reference(backward: bool) -> str:
    return "Keras GradientTape step, tf.function" if backward else "Keras forward, tf.function"


def measure(rows, repeats: int, eager_every: int) -> tuple[dict, dict, dict]:
    """``(median ms, median ratio to Keras tf.function, best ms)`` per row over ``repeats``
    interleaved rounds. The ratio is taken within each round, then its median; the best
    (fastest) time is the one least disturbed by other programs. Eager Keras runs only every
    ``eager_every``-th round: it takes about a second per call."""
    times = {name: [] for name, _, _ in rows}
    ratios = {name: [] for name, _, _ in rows}
    for _name, fn, _ in rows:  # warm up every path
        fn()
    for i in range(repeats):  # interleaved: background load hits every row alike
        this_round = {}
        for name, fn, _ in rows:
            if "eager" in name and i % eager_every:
                continue
            t0 = time.perf_counter()
            fn()
            this_round[name] = 1e3 * (time.perf_counter() - t0)
            times[name].append(this_round[name])
        for name, _, backward in rows:
            if name in this_round:
                ratios[name].append(this_round[name] / this_round[reference(backward)])
    return ({n: statistics.median(v) for n, v in times.items()},
            {n: statistics.median(v) for n, v in ratios.items()},
            {n: min(v) for n, v in times.items()})


def load_text(before, after) -> str:
    return (f"load average (1, 5, 15 min) {before[0]:.2f}, {before[1]:.2f}, {before[2]:.2f} "
            f"before, {after[0]:.2f}, {after[1]:.2f}, {after[2]:.2f} after")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--load", action="store_true",
                    help="also measure beside a busy process (one core kept busy)")
    ap.add_argument("--load-seconds", type=float, default=600.0,
                    help="the busy process stops after this many seconds at the latest")
    args = ap.parse_args()
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(0)
    params = gl.GRUParams.init(D, H, reset_after=True, seed=0, dtype=np.float32)
    x = rng.normal(size=(B, T, D)).astype(np.float32)
    dh_last = rng.normal(size=(B, H)).astype(np.float32)
    layer = gl.keras_gru_layer(params, return_sequences=False, return_state=False)
    xt = tf.constant(x)

    def np_forward():
        return gl.gru_forward(x, params)

    def np_train_step():
        trace = gl.gru_forward(x, params)
        return gl.gru_backward(trace, params, dh_last=dh_last)

    tf_forward = tf.function(lambda v: layer(v))

    @tf.function
    def tf_train_step(v):
        with tf.GradientTape() as tape:
            tape.watch(v)                    # ∂L/∂x too, as gru_backward and eager compute
            loss = tf.reduce_sum(layer(v) * dh_last)
        return tape.gradient(loss, layer.trainable_weights + [v])

    def eager_train_step():
        v = tf.Variable(xt)
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(layer(v) * dh_last)
        return tape.gradient(loss, layer.trainable_weights + [v])

    # parity first: a benchmark of two different functions would mean nothing
    diff = np.max(np.abs(np_forward().h_last - np.asarray(tf_forward(xt))))
    rows = [
        ("gru_lab forward (numpy)", lambda: np_forward(), False),
        ("Keras forward, tf.function", lambda: tf_forward(xt), False),
        ("Keras forward, eager", lambda: layer(xt), False),
        ("gru_lab forward+backward", np_train_step, True),
        ("Keras GradientTape step, tf.function", lambda: tf_train_step(xt), True),
        ("Keras GradientTape step, eager", eager_train_step, True),
    ]
    conditions, loads = {}, {}
    for condition in ["as is"] + (["beside a busy process"] if args.load else []):
        busy = busy_process(args.load_seconds) if condition != "as is" else None
        try:
            if busy is not None:
                time.sleep(1.0)                  # let it start and fill its core
            before = os.getloadavg()
            conditions[condition] = measure(rows, args.repeats, eager_every=4)
            loads[condition] = load_text(before, os.getloadavg())
        finally:
            if busy is not None:
                busy.terminate()
                busy.wait()
    peak = sgemm_gflops(args.repeats)

    print(f"GRU at B={B}, T={T}, D={D}, H={H}, float32, reset_after=True; "
          f"median of {args.repeats} interleaved repeats (eager Keras: every 4th)")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"numpy {np.__version__}, keras {keras.__version__}, tensorflow {tf.__version__}; "
          f"gru_lab helper threads: {helper_threads()}")
    for condition, text in loads.items():
        print(f"{condition}: {text}")
    print(f"parity: max |h_T(gru_lab) - h_T(Keras)| = {diff:.2e}")
    print(f"sgemm ({B * T}x{D} @ {D}x{3 * H}) measured here: {peak:.1f} GFLOP/s")
    print("ms: median per row; ×: median over rounds of (row / Keras tf.function in the same "
          "round); best: fastest round (least disturbed), and best / Keras's best\n")
    header, rule = f"| {'what':<38} |", f"|{'-' * 40}|"
    for c in conditions:
        header += (f" {c + ': ms':>22} | {'×':>6} | {'best ms':>8} | {'best ×':>6} |")
        rule += f"{'-' * 24}|{'-' * 8}|{'-' * 10}|{'-' * 8}|"
    print(header + f" {'GFLOP/s':>8} |")
    print(rule + f"{'-' * 10}|")
    for name, _, backward in rows:
        line = f"| {name:<38} |"
        for med, ratio, best in conditions.values():
            line += (f" {med[name]:>22.2f} | {ratio[name]:>5.2f}x | {best[name]:>8.2f} | "
                     f"{best[name] / best[reference(backward)]:>5.2f}x |")
        gflops = gru_flops(backward) / (conditions["as is"][0][name] * 1e-3) / 1e9
        print(line + f" {gflops:>8.1f} |")
    fwd_share = (gru_flops(False) / (conditions["as is"][0]["gru_lab forward (numpy)"] * 1e-3)
                 / 1e9 / peak)
    print(f"\ngru_lab forward reaches {100 * fwd_share:.0f}% of the sgemm throughput "
          f"(target >= 50%).")


if __name__ == "__main__":
    main()
