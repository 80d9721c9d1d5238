"""Build and chapter budgets for GRU Lab: prints a table (a measurement, not a timed test).

    .venv/bin/python benchmarks/bench_build.py            # everything (several minutes)
    .venv/bin/python benchmarks/bench_build.py --chapters-only

Measures
  * a full clean build (fresh build folder and execution cache, every chapter executed), with
    the same flags as `make test`                                 budget <= 10 min on 2 cores
  * a rebuild with nothing changed (cached execution)             budget <= 60 s
  * every chapter run as a plain notebook in its own process (tools/run_notebook.py):
    execution time and the kernel's peak resident memory          budget <= 1.5 GB each

The build goes to a temporary folder (--path-output), so _build/ is left alone. Run
`make assets` first (the site's JavaScript is copied from _vendor/).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from book_toc import notebook_files, source_path  # noqa: E402

BIN = Path(sys.executable).parent
BUILD_BUDGET_S = 600
REBUILD_BUDGET_S = 60
CHAPTER_MEMORY_BUDGET_MB = 1536


def env() -> dict[str, str]:
    e = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0", MPLBACKEND="Agg")
    data = ROOT.parent / "shared" / "data"
    if "GRU_LAB_DATA" not in e and data.is_dir():
        e["GRU_LAB_DATA"] = str(data)
    return e


def timed_build(out: Path, log: Path) -> tuple[float, int]:
    cmd = [
        str(BIN / "jupyter-book"),
        "build",
        str(ROOT),
        "--path-output",
        str(out),
        "-W",
        "-n",
        "--keep-going",
    ]
    start = time.perf_counter()
    with log.open("w") as fh:
        rc = subprocess.run(
            cmd, cwd=ROOT, env=env(), stdout=fh, stderr=subprocess.STDOUT
        ).returncode
    return time.perf_counter() - start, rc


def chapter(docname: str, workdir: Path) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "run_notebook.py"),
            str(source_path(docname)),
            str(workdir),
        ],
        cwd=workdir,
        env=env(),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        return {"seconds": float("nan"), "peak_rss_mb": float("nan"), "error": True}
    return json.loads(result.stdout.strip().splitlines()[-1])


def mark(ok: bool) -> str:
    return "ok" if ok else "OVER"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters-only", action="store_true", help="skip the two builds")
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []
    failed = False

    with tempfile.TemporaryDirectory(prefix="gru-lab-bench-") as tmp:
        tmp = Path(tmp)
        if not args.chapters_only:
            clean, rc1 = timed_build(tmp / "out", tmp / "clean.log")
            rows.append(
                (
                    "full clean build",
                    f"{clean:8.1f} s",
                    "",
                    f"<= {BUILD_BUDGET_S} s  "
                    + (mark(clean <= BUILD_BUDGET_S) if rc1 == 0 else "BUILD FAILED"),
                )
            )
            again, rc2 = timed_build(tmp / "out", tmp / "rebuild.log")
            rows.append(
                (
                    "rebuild, nothing changed",
                    f"{again:8.1f} s",
                    "",
                    f"<= {REBUILD_BUDGET_S} s   " + mark(again <= REBUILD_BUDGET_S),
                )
            )
            failed |= bool(rc1 or rc2)
            if rc1 or rc2:
                print(f"build failed: see the log below\n{(tmp / 'clean.log').read_text()[-3000:]}")
        for docname in notebook_files():
            work = tmp / "chapters" / docname.replace("/", "__")
            work.mkdir(parents=True)
            r = chapter(docname, work)
            failed |= bool(r.get("error"))
            ok = r["peak_rss_mb"] <= CHAPTER_MEMORY_BUDGET_MB
            rows.append(
                (
                    docname,
                    f"{r['seconds']:8.1f} s",
                    f"{r['peak_rss_mb']:8.0f} MB",
                    "ERROR" if r.get("error") else f"<= {CHAPTER_MEMORY_BUDGET_MB} MB " + mark(ok),
                )
            )

    width = max(len(r[0]) for r in rows)
    print(f"\n{'what':<{width}}  {'time':>10}  {'peak RSS':>11}  budget")
    print("-" * (width + 40))
    for name, t, m, b in rows:
        print(f"{name:<{width}}  {t:>10}  {m:>11}  {b}")
    print(f"\n(cpu count: {os.cpu_count()}; python {sys.version.split()[0]})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
