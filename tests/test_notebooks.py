"""Every chapter of _toc.yml runs as a plain notebook, outside the book.

Each MyST chapter is converted with jupytext and executed with nbclient in a fresh
temporary directory (not book/), in its own process, so no chapter may depend on the
folder layout or on state left by another chapter. `pytest -k 01_rnn` runs one chapter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from book_toc import source_path  # noqa: E402

pytestmark = pytest.mark.notebooks

CELL_TIMEOUT = 600  # seconds per cell, as in _config.yml


def test_chapter_runs_as_notebook(notebook_docname, tmp_path):
    chapter = source_path(notebook_docname)
    env = dict(os.environ)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "run_notebook.py"),
            str(chapter),
            str(tmp_path),
            "--timeout",
            str(CELL_TIMEOUT),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"{chapter} failed as a notebook:\n{result.stderr[-5000:]}"
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["seconds"] >= 0
