"""The classroom pages stay in step with the chapters (tools/classroom_index.py).

Fails when an exercise of a chapter is missing from book/classroom/exercises.md, when the page
lists an exercise that no longer exists, or when the teacher's guide's chapter overview is
stale. The fix is always the same: `python tools/classroom_index.py`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tools" / "sphinxext"))
import classroom_index as ci  # noqa: E402

FIX = "run `python tools/classroom_index.py` and commit the result"


def _page(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def test_every_exercise_is_on_the_exercises_page():
    chapter_labels = set()
    for docname in ci.toc_files():
        if docname in ci.SKIP:
            continue
        text = ci.source_path(docname).read_text(encoding="utf-8")
        for block in re.finditer(r"\{exercise(?:-start)?\}[^\n]*\n((?::\w[\w-]*:[^\n]*\n)*)", text):
            label = re.search(r":label:\s*(\S+)", block.group(1))
            assert label, f"{docname}: an exercise without :label: cannot be listed"
            chapter_labels.add(label.group(1))
    listed = set(re.findall(r"<(ex-[\w-]+)>`", _page(ci.EXERCISES_PAGE)))
    assert not chapter_labels - listed, f"missing {sorted(chapter_labels - listed)}: {FIX}"
    assert not listed - chapter_labels, f"stale {sorted(listed - chapter_labels)}: {FIX}"


def test_generated_regions_are_up_to_date():
    """Exact for the exercises page; for the teacher's guide, the word counts and reading
    times (estimates that move with every edit of a chapter) are left out of the comparison."""

    def same(path: Path, new: str) -> bool:
        old = path.read_text(encoding="utf-8")
        if path.name == Path(ci.GUIDE_PAGE).name:
            return re.sub(r"\d+", "#", old) == re.sub(r"\d+", "#", new)
        return old == new

    stale = [str(p.relative_to(ROOT)) for p, new in ci.updated_pages().items() if not same(p, new)]
    assert not stale, f"{stale} out of date: {FIX}"


def test_scanner_on_a_made_up_chapter(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/ch\n", encoding="utf-8")
    (tmp_path / "book" / "ch.md").write_text(
        """---
kernelspec:
  name: python3
---

# A chapter

**What you'll learn.** How a gate works; see {doc}`other` and {glue:text}`x:.2f`.

**What you need.**

- numpy
- the chain rule

````{exercise} Talk
:label: ex-c-talk

Why?
````

````{exercise} Numbers
:label: ex-c-hand

Work out $h_1$ by hand.
````

````{exercise} Code | pipes
:label: ex-c-code
:class: homework

Write `f`.
````

```{code-cell} ipython3
# a comment line is not a heading
check_thing(f)
```

```{solution-start} ex-c-code
```
check_other(f)
```{solution-end}
```
""",
        encoding="utf-8",
    )
    (chapter,) = ci.scan_book(tmp_path)
    assert chapter.title == "A chapter"
    assert chapter.need == ["numpy", "the chain rule"]
    assert [(e.label, e.kind, e.suits) for e in chapter.exercises] == [
        ("ex-c-talk", "written", "homework"),
        ("ex-c-hand", "by_hand", "homework"),
        ("ex-c-code", "checked", "homework"),
    ]
    assert chapter.exercises[2].checks == ["check_thing"]  # not the solution's check
    page = ci.render_exercises([chapter])
    assert "{ref}`Code \\| pipes <ex-c-code>`" in page and "## {doc}`/book/ch`" in page
    guide = ci.render_guide(
        [
            ci.Chapter(
                "book/01_x",
                *[getattr(chapter, f) for f in ("title", "learn", "need", "exercises", "words")],
            )
        ]
    )
    assert "{doc}`/book/other`" in guide and "{glue" not in guide


def test_nbgitpuller_example_matches_the_launch_buttons():
    """The hand-written link in the teacher's guide is the one the book's buttons make."""
    from gru_lab_sphinx import launch_urls

    guide = _page(ci.GUIDE_PAGE)
    example = re.search(r"(https://hub\.example\.edu/hub/user-redirect/git-pull\?\S+)", guide)
    assert example, "the teacher's guide lost its nbgitpuller example"
    urls = launch_urls(
        "https://github.com/gru-lab/gru-lab",
        "main",
        "notebooks",
        "book/01_rnn",
        jupyterhub_url="https://hub.example.edu",
    )
    assert unquote(example.group(1)) == unquote(urls["JupyterHub"])
