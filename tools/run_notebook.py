"""Execute one chapter as a plain notebook, outside the book, and report time and memory.

Usage: python tools/run_notebook.py CHAPTER.md WORKDIR [--timeout SECONDS]

The MyST Markdown chapter is converted with jupytext and executed with nbclient, with WORKDIR
as the kernel's working directory (so nothing may depend on the book's folder layout). Prints
one JSON line: {"seconds": ..., "peak_rss_mb": ...}, where peak_rss_mb is the largest resident
set size of the kernel process (ru_maxrss of this process's children). Exits 1 when a cell
raises, printing the error.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("chapter", type=Path)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args()

    notebook = jupytext.read(args.chapter)
    args.workdir.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        notebook,
        timeout=args.timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(args.workdir)}},
        allow_errors=False,
    )
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as error:
        print(f"{args.chapter}: a cell raised\n{error}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    # On Linux ru_maxrss is in KiB; the kernel is the largest child this process waited for.
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": round(seconds, 2), "peak_rss_mb": round(peak_kib / 1024, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
