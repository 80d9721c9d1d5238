"""Execute the book's chapters in parallel into the execution cache that the build reads.

Usage: python tools/execute_chapters.py [--jobs N] [--timeout SECONDS]

Jupyter Book (myst-nb, ``execute_notebooks: cache``) executes the chapters one after another
while Sphinx reads them. This script runs first (``make book``, ``make test``): it adds every
notebook page of ``_toc.yml`` to the build's jupyter-cache project
(``_build/.jupyter_cache``), reading each page exactly as myst-nb does (its ``myst_nb_md``
reader), and executes those whose code has no cached result, ``--jobs`` at a time, each in a
fresh temporary folder and its own kernel. The Sphinx build then finds every chapter cached and
executes nothing, so the site shows the outputs of this one execution.

Pages are started longest first (the times of the last run, kept in ``_build/execution.json``,
else those of the last benchmark, ``benchmarks/results/execution.json``, else file size), so
the slowest chapters do not end up one after the other at the end.

A chapter whose cell raises is not cached; its traceback is stored in the cache's project record,
where ``tests/test_notebooks.py`` reads it and names the chapter and the cell. This script
exits 0 either way (the build and the tests report the failure); it prints one line per chapter.
The result, per chapter, is written to ``_build/execution.json``.

The kernels run with ``GRU_LAB_EXPLORER=static``: every gate explorer (``gru_lab.explorer``)
renders as the static page's self-contained HTML, not as a live widget, whose state the site
could not show without a kernel. They also run with ``GRU_LAB_LANGS=all``: the English and the
Chinese site show this one execution, so what ``gru_lab`` says in words (a check's feedback, an
explorer's fallback) is made in every language, and each site shows its own
(``gru_lab.i18n.html_by_language``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.cache.db import NbProjectRecord
from jupyter_cache.executors.basic import ExecutionWorkerTempMProc, ProcessData

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_toc import ROOT, notebook_files, source_path  # noqa: E402

BUILD_DIR = ROOT / "_build"   # the build's folder: .jupyter_cache/ and execution.json inside
# The last benchmark's report (benchmarks/bench_build.py writes it): chapter times for the
# longest-first order when this build folder has none yet (a fresh clone, CI).
MEASURED = ROOT / "benchmarks" / "results" / "execution.json"
# How myst-nb reads a MyST Markdown notebook into jupyter-cache (myst_nb.core.read); the same
# reader gives the same code cells, hence the same cache key as the build's own lookup.
MYST_READER = {"type": "plugin", "name": "myst_nb_md"}
STATUS = {0: "executed", 1: "a cell raised", 2: "could not run"}


def _run(data: ProcessData) -> tuple[int, float, float]:
    """Execute one chapter (in a worker process of its own): status, seconds, kernel's peak MB."""
    start = time.perf_counter()
    status, _ = ExecutionWorkerTempMProc()(data)
    seconds = time.perf_counter() - start
    # The kernel is this worker's only child; on Linux ru_maxrss is in KiB.
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return status, seconds, peak_mb


def _previous(report: Path, key: str) -> dict[str, float]:
    try:
        return {k: v[key] for k, v in json.loads(report.read_text()).items() if key in v}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="chapters executed at once (default: the number of CPUs)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    parser.add_argument("--build-dir", type=Path, default=BUILD_DIR,
                        help="the build folder (jupyter-book's --path-output plus /_build)")
    args = parser.parse_args()
    os.environ["GRU_LAB_EXPLORER"] = "static"  # the kernels inherit it: static explorers
    os.environ["GRU_LAB_LANGS"] = "all"  # ... and outputs in every language
    report_path = args.build_dir / "execution.json"

    cache = get_cache(str(args.build_dir / ".jupyter_cache"))
    previous = _previous(MEASURED, "seconds") | _previous(report_path, "seconds")
    previous_mb = _previous(report_path, "peak_rss_mb")
    pending, report = [], {}
    for docname in notebook_files():
        path = source_path(docname)
        record = cache.add_nb_to_project(str(path), read_data=MYST_READER)
        cached = cache.get_cached_project_nb(record.pk)
        if cached is not None:
            seconds = cached.data.get("execution_seconds") or previous.get(docname, 0.0)
            report[docname] = {"status": "cached", "seconds": round(seconds, 2),
                               "peak_rss_mb": previous_mb.get(docname)}
        else:
            pending.append((previous.get(docname, path.stat().st_size / 1e3), docname, record))
    pending.sort(key=lambda item: -item[0])
    NbProjectRecord.remove_tracebacks([record.pk for *_, record in pending], cache.db)

    start = time.perf_counter()
    print(f"execute_chapters: {len(pending)} to execute, {len(report)} cached, "
          f"{args.jobs} at a time", flush=True)
    # One worker process per chapter (max_tasks_per_child=1): a fresh process for each kernel,
    # so each chapter's peak memory is measured on its own.
    with ProcessPoolExecutor(max_workers=max(1, args.jobs), max_tasks_per_child=1) as pool:
        futures = {
            docname: pool.submit(_run, ProcessData(record.pk, record.uri, cache,
                                                   args.timeout, False))
            for _, docname, record in pending
        }
        for docname, future in futures.items():
            status, seconds, peak_mb = future.result()
            report[docname] = {"status": STATUS[status], "seconds": round(seconds, 2),
                               "peak_rss_mb": round(peak_mb, 1)}
            print(f"  {docname:32s} {STATUS[status]:14s} {seconds:7.1f} s {peak_mb:7.0f} MB",
                  flush=True)
    print(f"execute_chapters: done in {time.perf_counter() - start:.1f} s", flush=True)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(dict(sorted(report.items())), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
