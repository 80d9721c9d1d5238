"""Build and chapter budgets for GRU Lab: prints one table (a measurement, not a timed test).

    .venv/bin/python benchmarks/bench_build.py                  # clean build, rebuild, chapters
    .venv/bin/python benchmarks/bench_build.py --compare d2c6838 # also `make book`/`make test`
                                                                 # in fresh clones, side by side

Measures, in one run:
  * a clean build as `make test` does it: empty caches, every chapter executed
    (tools/execute_chapters.py, in parallel), then the strict Sphinx build    budget <= 10 min
  * a rebuild with nothing changed (everything cached)                      budget <= 30 s
  * each chapter's execution time and its kernel's peak resident memory, from that clean
    build's report (chapters run two at a time, so a time includes sharing the CPU)
                                                                            budget <= 1.5 GB
  * with --compare REF: `make book` and `make test` (the README's two commands) in fresh
    clones of REF and of HEAD, one after the other, with pip's cache warm: the ratio of HEAD
    to REF (targets: make book <= 0.50, make test <= 0.55).

The clean build goes to a temporary folder (--path-output), so _build/ is left alone; run
`make assets` first (the site's JavaScript is copied from _vendor/). The chapter report is
also written to benchmarks/results/execution.json, which tools/execute_chapters.py reads to
start the longest chapters first in a fresh clone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results" / "execution.json"
BUILD_BUDGET_S = 600
REBUILD_BUDGET_S = 30
CHAPTER_MEMORY_BUDGET_MB = 1536
MAKE_BOOK_RATIO, MAKE_TEST_RATIO = 0.50, 0.55


def env(cache: Path | None = None) -> dict[str, str]:
    e = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="1", MPLBACKEND="Agg",
             OPENBLAS_NUM_THREADS="1", PYTHONHASHSEED="0")
    if cache is not None:
        e["GRU_LAB_CACHE"] = str(cache)
    data = ROOT.parent / "shared" / "data"
    if "GRU_LAB_DATA" not in e and data.is_dir():
        e["GRU_LAB_DATA"] = str(data)
    return e


def timed(cmd: list[str], log: Path, cwd: Path = ROOT, environ=None) -> tuple[float, int]:
    start = time.perf_counter()
    with log.open("a") as fh:
        rc = subprocess.run(cmd, cwd=cwd, env=environ or env(), stdout=fh,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL).returncode
    return time.perf_counter() - start, rc


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def build_rows(tmp: Path) -> tuple[list[tuple], bool]:
    out, cache, log = tmp / "out", tmp / "gru_lab_cache", tmp / "build.log"
    e = env(cache)
    execute = [sys.executable, str(ROOT / "tools" / "execute_chapters.py"),
               "--build-dir", str(out / "_build")]
    sphinx = [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(out),
              "-W", "-n", "--keep-going"]
    rows, failed = [], False
    t_exec, rc1 = timed(execute, log, environ=e)
    t_sphinx, rc2 = timed(sphinx + ["--all"], log, environ=e)
    clean = t_exec + t_sphinx
    failed |= bool(rc1 or rc2)
    rows.append(("clean build: chapters executed (2 at a time)", f"{t_exec:.1f} s", "", ""))
    rows.append(("clean build: Sphinx, strict (-W -n --all)", f"{t_sphinx:.1f} s", "", ""))
    rows.append(("clean build, in all", f"{clean:.1f} s", "",
                 f"<= {BUILD_BUDGET_S} s {mark(clean <= BUILD_BUDGET_S and not failed)}"))
    report = json.loads((out / "_build" / "execution.json").read_text())
    t_re1, rc3 = timed(execute, log, environ=e)
    t_re2, rc4 = timed(sphinx, log, environ=e)
    failed |= bool(rc3 or rc4)
    rebuild = t_re1 + t_re2
    rows.append(("rebuild, nothing changed", f"{rebuild:.1f} s", "",
                 f"<= {REBUILD_BUDGET_S} s {mark(rebuild <= REBUILD_BUDGET_S)}"))
    total = 0.0
    for docname, r in report.items():
        total += r["seconds"]
        peak = r.get("peak_rss_mb") or float("nan")
        ok = r["status"] == "executed" and peak <= CHAPTER_MEMORY_BUDGET_MB
        failed |= r["status"] != "executed"
        rows.append((f"  {docname}", f"{r['seconds']:.1f} s", f"{peak:.0f} MB",
                     f"<= {CHAPTER_MEMORY_BUDGET_MB} MB {mark(ok)}" if r["status"] == "executed"
                     else r["status"].upper()))
    rows.append(("  all chapters, one after another would be", f"{total:.1f} s", "", ""))
    if failed:
        print(f"a build step failed; the end of its log:\n{log.read_text()[-4000:]}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n")
    return rows, failed


def fresh_clone(ref: str, name: str) -> Path:
    """A fresh clone of this repository at ``ref``, beside this checkout (so ../shared works)."""
    dest = ROOT.parent / f".bench-{name}"
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    subprocess.run(["git", "-C", str(dest), "checkout", "--quiet", ref], check=True)
    return dest


def compare_rows(ref: str, tmp: Path) -> list[tuple]:
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # The README's commands as a reader runs them: no cache path, and no MPLBACKEND (Agg would
    # override the kernels' inline backend, and the chapters' figures would not be shown).
    clean_env = {k: v for k, v in env().items()
                 if not k.startswith("GRU_LAB_CACHE") and k != "MPLBACKEND"}
    times: dict[tuple[str, str], float] = {}
    for target in ("book", "test"):
        for label, commit in ((ref, ref), (head, "HEAD")):
            # A fresh clone for each command: nothing built, only pip's and npm's caches warm.
            clone = fresh_clone(commit, f"{target}-{label}")
            log = tmp / f"make-{target}-{label}.log"
            before = load()
            seconds, rc = timed(["make", target], log, cwd=clone, environ=clean_env)
            times[target, label] = seconds
            print(f"make {target} at {label}: {seconds:.0f} s (exit {rc}; before: {before}, "
                  f"after: {load()})", flush=True)
            if rc:
                print(log.read_text()[-3000:])
            shutil.rmtree(clone, ignore_errors=True)
    rows = []
    for target, budget in (("book", MAKE_BOOK_RATIO), ("test", MAKE_TEST_RATIO)):
        ratio = times[target, head] / times[target, ref]
        rows.append((f"make {target}, fresh clone at {ref}", f"{times[target, ref]:.0f} s", "", ""))
        rows.append((f"make {target}, fresh clone at {head}", f"{times[target, head]:.0f} s", "",
                     f"{ratio:.2f}x of {ref}, <= {budget:.2f}x {mark(ratio <= budget)}"))
    return rows


def mark(ok: bool) -> str:
    return "ok" if ok else "OVER"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", metavar="REF",
                        help="also time the README's two commands in fresh clones of REF, HEAD")
    parser.add_argument("--skip-build", action="store_true", help="only the --compare rows")
    args = parser.parse_args()
    rows, failed = [], False
    print(f"start: {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="gru-lab-bench-") as tmp:
        tmp = Path(tmp)
        if not args.skip_build:
            build, failed = build_rows(tmp)
            rows += build
        if args.compare:
            rows += compare_rows(args.compare, tmp)
    width = max(len(r[0]) for r in rows)
    print(f"\n{'what':<{width}}  {'time':>10}  {'peak RSS':>9}  budget")
    print("-" * (width + 50))
    for name, t, m, b in rows:
        print(f"{name:<{width}}  {t:>10}  {m:>9}  {b}")
    print(f"\n(cpu count: {os.cpu_count()}; python {sys.version.split()[0]}; end: {load()})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
