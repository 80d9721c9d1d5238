"""Keras's GRU on a GPU: the cuDNN kernel (reset_after=True) against the generic loop.

Chapter 5 explains why Keras can only hand a GRU to cuDNN when ``reset_after=True``, the
activations are tanh/sigmoid, and there is no recurrent dropout or unrolling. This script
measures what that is worth, at the source document's shape (B=32, T=100, D=300, H=128,
float32), forward and forward+backward, on the GPU and on the same machine's CPU.

It needs a CUDA machine (the book never does). It runs Keras 3 on its PyTorch backend, whose
GRU calls cuDNN through ``torch`` under the same conditions as the TensorFlow backend
(``keras/src/backend/torch/rnn.py``: ``cudnn_ok``). Run::

    KERAS_BACKEND=torch python benchmarks/bench_cudnn.py --out benchmarks/results/cudnn_gpu.json

The JSON it writes is what chapter 5 shows, labelled with the device and the date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

B, T, D, H = 32, 100, 300, 128
CUDNN_CALLS = {"n": 0}


def _count_cudnn_calls():
    """Wrap Keras's private cuDNN entry point to see which path really ran (it falls back
    to the generic loop silently when cuDNN fails)."""
    import importlib

    rnn = importlib.import_module("keras.src.backend.torch.rnn")
    inner = rnn._cudnn_gru

    def counted(*args, **kwargs):
        out = inner(*args, **kwargs)
        CUDNN_CALLS["n"] += 1
        return out

    rnn._cudnn_gru = counted


def timed(fn, repeats, sync):
    for _ in range(3):
        fn()
    sync()
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        sync()
        out.append(1e3 * (time.perf_counter() - t0))
    return statistics.median(out)


def measure(device: str, reset_after: bool, repeats: int) -> dict:
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    with keras.device(device):
        keras.utils.set_random_seed(0)
        layer = keras.layers.GRU(H, reset_after=reset_after)
        x = torch.randn(B, T, D, device=device)
        layer(x)  # build
        before = CUDNN_CALLS["n"]
        layer(x)
        path = "cuDNN" if CUDNN_CALLS["n"] > before else "loop (no cuDNN)"

        def forward():
            with torch.no_grad():
                layer(x)

        def train_step():
            for v in layer.trainable_weights:
                v.value.grad = None
            layer(x).sum().backward()

        return {
            "device": device, "reset_after": reset_after, "path": path,
            "forward_ms": timed(forward, repeats, sync),
            "forward_backward_ms": timed(train_step, repeats, sync),
        }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--out", default="benchmarks/results/cudnn_gpu.json")
    args = ap.parse_args()
    _count_cudnn_calls()
    rows = []
    devices = ["cuda", "cpu"] if torch.cuda.is_available() else ["cpu"]
    for device in devices:
        for reset_after in (True, False):
            rows.append(measure(device, reset_after, args.repeats if device == "cuda" else 5))
    # parity of the two GPU paths' conventions is chapter 5's business; here: a sanity check
    result = {
        "date": dt.date.today().isoformat(),
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
        "cpu_threads": torch.get_num_threads(),
        "machine": platform.machine(),
        "versions": {"keras": keras.__version__, "torch": torch.__version__,
                     "cudnn": torch.backends.cudnn.version(), "numpy": np.__version__},
        "shape": {"B": B, "T": T, "D": D, "H": H, "dtype": "float32"},
        "rows": rows,
    }
    print(f"Keras {keras.__version__} (torch backend) GRU, B={B} T={T} D={D} H={H} float32, "
          f"GPU: {result['gpu']}, CPU threads: {result['cpu_threads']}")
    print(f"| {'device':<6} | {'reset_after':<11} | {'path':<12} | {'forward ms':>10} | "
          f"{'fwd+bwd ms':>10} |")
    for r in rows:
        print(f"| {r['device']:<6} | {r['reset_after']!s:<11} | {r['path']:<12} | "
              f"{r['forward_ms']:>10.2f} | {r['forward_backward_ms']:>10.2f} |")
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
