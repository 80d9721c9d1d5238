"""Every chapter of _toc.yml was executed by the build, top to bottom, without an error.

The build executes each chapter once (``tools/execute_chapters.py``, in a fresh temporary
folder, so no chapter may depend on the folder layout or on another chapter's state) and keeps
the result in the execution cache, ``_build/.jupyter_cache``. These tests read that record
instead of executing the chapters a second time:

- a chapter whose cell raised has its traceback stored in the cache's project record: the test
  fails with the chapter, the cell's number and its first lines, and the error;
- the chapter's current code must have a cached, successful execution (a chapter edited after
  the build, or never executed, fails with the reason);
- no executed cell holds an error output.

`pytest -k 01_rnn` checks one chapter; `make test` builds (executes) first.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from _myst import MYST_HEADER  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from book_toc import source_path  # noqa: E402

jupyter_cache = pytest.importorskip("jupyter_cache")



CACHE_DIR = ROOT / "_build" / ".jupyter_cache"


@pytest.fixture(scope="module")
def cache():
    if not (CACHE_DIR / "global.db").exists():
        pytest.fail(f"no execution cache at {CACHE_DIR}: run `make book` (or `make test`)")
    return jupyter_cache.get_cache(str(CACHE_DIR))


def _failing_cell(notebook, traceback: str) -> str:
    """Name the cell that raised: its number among the code cells and its first line."""
    match = re.search(r"-{10,}\n(.*?)\n-{10,}", traceback, re.S)
    if match:
        source = match.group(1).strip()
        code = [c for c in notebook.cells if c.cell_type == "code"]
        for number, cell in enumerate(code, start=1):
            if cell.source.strip() == source:
                first = source.splitlines()[0] if source else ""
                return f"code cell {number} of {len(code)} (starts `{first}`)"
    return "a cell (not identified in the traceback)"


@pytest.mark.notebooks
def test_chapter_executed_without_error(notebook_docname, cache):
    """Protects: every chapter runs top to bottom; a raising cell is named with its chapter."""
    path = source_path(notebook_docname)
    try:
        record = cache.get_project_record(str(path))
    except KeyError:
        pytest.fail(f"{notebook_docname}: not executed by the build (run `make book`)")
    project_nb = cache.get_project_notebook(record.pk).nb
    if record.traceback:
        error = record.traceback.strip().splitlines()[-1]
        pytest.fail(f"{notebook_docname}: {_failing_cell(project_nb, record.traceback)} raised "
                    f"{error}\n\n{record.traceback[-4000:]}")
    cached = cache.get_cached_project_nb(record.pk)
    assert cached is not None, (
        f"{notebook_docname}: its current code has no successful execution in {CACHE_DIR} "
        "(edited after the build? run `make book`)")
    executed = cache.get_cache_bundle(cached.pk).nb
    errors = [
        (number, out.get("ename"), out.get("evalue"))
        for number, cell in enumerate((c for c in executed.cells if c.cell_type == "code"), 1)
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors, f"{notebook_docname}: error outputs in code cells {errors}"


RAISING_CHAPTER = MYST_HEADER + """# A chapter with a mistake

```{code-cell} ipython3
x = 1
```

```{code-cell} ipython3
y = x / 0
```

```{code-cell} ipython3
print(y)
```
"""


def test_a_raising_cell_is_recorded_and_named(tmp_path):
    """Protects the failure report: the executor stores the traceback, and the test names the
    cell that raised (the second of three) and the error, as it would for a real chapter."""
    from jupyter_cache.executors.basic import ExecutionWorkerTempMProc, ProcessData

    chapter = tmp_path / "mistake.md"
    chapter.write_text(RAISING_CHAPTER)
    cache = jupyter_cache.get_cache(str(tmp_path / "cache"))
    record = cache.add_nb_to_project(str(chapter), read_data={"type": "plugin",
                                                              "name": "myst_nb_md"})
    status, _ = ExecutionWorkerTempMProc()(ProcessData(record.pk, record.uri, cache, 60, False))
    assert status == 1
    record = cache.get_project_record(str(chapter))
    assert "ZeroDivisionError" in record.traceback
    named = _failing_cell(cache.get_project_notebook(record.pk).nb, record.traceback)
    assert named == "code cell 2 of 3 (starts `y = x / 0`)"
    assert cache.get_cached_project_nb(record.pk) is None
