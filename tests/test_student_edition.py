"""The student edition (tools/student_edition.py, `make student`) leaves every solution out.

The full site build is not repeated here (it takes as long as the book's): the stripping is
tested on made-up pages covering every form of solution, on every real chapter (checked
against an independent parser, markdown-it, which finds the solutions by itself), and on the
stripped pages read as notebooks by jupytext. The notebooks that `make student` hands out are
the notebook edition of the student build (tools/sphinxext/gru_lab_notebooks.py), tested on a
small stripped book in tests/test_notebook_edition.py; here, only that they are copied.

The tool itself finds the solutions with markdown-it, configured as MyST configures it
(tools/myst_exercises.py): solutions in list items, block quotes and tilde fences, which MyST
renders and a line-by-line scanner missed, are removed too; the report gives each removed
solution's exercise kind, as the exercise declares it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import jupytext
import pytest
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import myst_exercises as me  # noqa: E402
import student_edition as se  # noqa: E402
from book_toc import notebook_files, source_path  # noqa: E402

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A chapter
"""

PAGE = (
    HEADER
    + """
````{exercise} Plain
:label: ex-t-plain

Explain EXERCISE-ONE.
````

````{solution} ex-t-plain
:class: dropdown

SECRET-PLAIN with a code block:

```python
secret_plain_code = 1
```
````

:::{exercise} Colon
:label: ex-t-colon
EXERCISE-TWO
:::

::::{solution} ex-t-colon
:class: dropdown
SECRET-COLON
:::{note}
SECRET-NESTED-NOTE
:::
::::

````{exercise} Code
:label: ex-t-code

Write `f`. EXERCISE-THREE
````

```{code-cell} ipython3
def f(x):
    ### BEGIN SOLUTION
    return secret_nbgrader(x)
    ### END SOLUTION
```

```{solution-start} ex-t-code
:class: dropdown
```

SECRET-GATED-TEXT

```{code-cell} ipython3
secret_gated_code = 2
```

```{solution-end}
```

+++

```{code-cell} ipython3
:tags: [solution]

secret_tagged_code = 3
```

`````{note}
Inside another directive:

````{solution} ex-t-plain
SECRET-INSIDE-NOTE
````
`````

KEEP-THIS-TEXT

```{code-cell} ipython3
keep_this_code = 4
```
"""
)

SECRETS = [
    "SECRET-PLAIN",
    "secret_plain_code",
    "SECRET-COLON",
    "SECRET-NESTED-NOTE",
    "secret_nbgrader",
    "SECRET-GATED-TEXT",
    "secret_gated_code",
    "secret_tagged_code",
    "SECRET-INSIDE-NOTE",
]
OPENER = re.compile(r"^ {0,3}(`{3,}|:{3,})\{solution", re.M)  # a solution directive opens
KEPT = [
    "EXERCISE-ONE",
    "EXERCISE-TWO",
    "EXERCISE-THREE",
    "KEEP-THIS-TEXT",
    "keep_this_code",
    "ex-t-plain",
    "ex-t-colon",
    "ex-t-code",
    "Inside another directive",
]


def _notebook_text(md_text: str) -> str:
    """The .ipynb that `make student` writes for this page, as one string of sources."""
    notebook = jupytext.reads(md_text, fmt="md:myst")
    return "\n".join(cell.source for cell in notebook.cells)


def test_every_form_of_solution_is_removed():
    stripped, removed = se.strip_solutions(PAGE)
    for secret in SECRETS:
        assert secret not in stripped, secret
    for kept in KEPT:
        assert kept in stripped, kept
    assert "{solution" not in stripped
    assert "raise NotImplementedError()" in stripped  # nbgrader's stub, indented in f
    assert "    # YOUR CODE HERE\n    raise NotImplementedError()" in stripped
    kinds = sorted(r.kind for r in removed)
    assert kinds == [
        "nbgrader",
        "solution",
        "solution",
        "solution",
        "solution-start",
        "tagged cell",
    ]
    notebook = _notebook_text(stripped)
    assert not any(s in notebook for s in SECRETS) and "keep_this_code" in notebook


def test_the_stripped_page_is_a_valid_notebook():
    stripped, _ = se.strip_solutions(PAGE)
    notebook = jupytext.reads(stripped, fmt="md:myst")
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert code[-1] == "keep_this_code = 4"
    compile("\n".join(code), "<student>", "exec")  # the stub keeps f valid Python
    assert stripped.count("```") % 2 == 0


def test_solutions_that_only_a_markdown_parser_finds_are_removed():
    """MyST renders a solution in a list item (indented four spaces), in a block quote and in
    a tilde fence; a solution shown inside a code block is an example and stays."""
    page = (
        HEADER
        + """
1. A step:

    ```{solution} ex-t-list
    SECRET-LIST
    ```

> ```{solution} ex-t-quote
> SECRET-QUOTE
> ```

~~~{solution} ex-t-tilde
SECRET-TILDE
~~~

`````markdown
````{solution} ex-t-example
AN-EXAMPLE-OF-THE-SYNTAX
````
`````

KEEP-THIS-TEXT
"""
    )
    stripped, removed = se.strip_solutions(page)
    for secret in ("SECRET-LIST", "SECRET-QUOTE", "SECRET-TILDE"):
        assert secret not in stripped, secret
    assert "AN-EXAMPLE-OF-THE-SYNTAX" in stripped and "KEEP-THIS-TEXT" in stripped
    assert "A step:" in stripped
    assert [(r.kind, r.label) for r in removed] == [
        ("solution", "ex-t-list"),
        ("solution", "ex-t-quote"),
        ("solution", "ex-t-tilde"),
    ]


def test_exercise_kinds_are_read_from_the_declared_class():
    page = HEADER + "\n````{exercise} A\n:label: ex-t-a\n:class: dropdown kind-by-hand\n\nQ\n````\n"
    assert se.exercise_kinds(page, "book/t.md") == {"ex-t-a": "by_hand"}
    with pytest.raises(me.ExerciseError, match="book/t.md.*ex-t-plain.*declares no kind"):
        se.exercise_kinds(PAGE, "book/t.md")


def test_a_page_without_solutions_is_unchanged():
    page = HEADER + "\nNo exercises here.\n\n```{code-cell} ipython3\nx = 1\n```\n"
    assert se.strip_solutions(page) == (page, [])


def test_an_unclosed_gate_is_an_error():
    with pytest.raises(ValueError, match="solution-end"):
        se.strip_solutions(HEADER + "```{solution-start} ex-x\n```\n\ntext\n")


def test_ipynb_pages_too():
    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": "````{solution} ex-a\nSECRET-MD\n````\nkept",
            },
            {
                "cell_type": "code",
                "metadata": {"tags": ["solution"]},
                "source": "secret = 1",
                "outputs": [],
                "execution_count": None,
            },
            {
                "cell_type": "code",
                "metadata": {},
                "source": "kept = 2",
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text, removed = se.strip_notebook_json(json.dumps(nb))
    assert "SECRET-MD" not in text and "secret = 1" not in text
    assert "kept = 2" in text and len(removed) == 2


# --------------------------------------------------------------------------- the real book


def _solutions_by_markdown_it(text: str) -> list[tuple[str, str]]:
    """(label, content) of each solution, found independently of student_edition."""
    md = MarkdownIt("commonmark").use(colon_fence_plugin)
    tokens = md.parse(text)
    lines = text.splitlines(keepends=True)
    found, gate = [], None
    for tok in tokens:
        if tok.type not in ("fence", "colon_fence"):
            continue
        info = tok.info.strip()
        if info.startswith("{solution}"):
            found.append((info.split(maxsplit=1)[-1], tok.content))
        elif info.startswith("{solution-start}"):
            gate = (info.split(maxsplit=1)[-1], tok.map[1])
        elif info.startswith("{solution-end}") and gate:
            found.append((gate[0], "".join(lines[gate[1] : tok.map[0]])))
            gate = None
    return found


def _telling_lines(content: str, elsewhere: str) -> list[str]:
    """Lines of a solution that would give it away (long enough, not found outside it)."""
    out = []
    for line in content.splitlines():
        line = line.strip()
        if len(line) >= 12 and not line.startswith((":", "```", "{")) and line not in elsewhere:
            out.append(line)
    return out


def test_the_synthetic_page_agrees_with_markdown_it():
    labels = [label for label, _ in _solutions_by_markdown_it(PAGE)]
    assert labels == ["ex-t-plain", "ex-t-colon", "ex-t-code"]


def test_no_solution_reaches_the_student_edition(docname):
    text = source_path(docname).read_text(encoding="utf-8")
    solutions = _solutions_by_markdown_it(text)
    stripped, removed = se.strip_solutions(text)
    exercises = re.findall(r"^:label:\s*(ex-[\w-]+)", text, re.M)
    outside = text
    for _, content in solutions:
        outside = outside.replace(content, "")
    notebook = _notebook_text(stripped) if text.startswith("---") else stripped
    for label, content in solutions:
        for line in _telling_lines(content, outside):
            assert line not in stripped, f"{docname}: the solution of {label} leaks: {line!r}"
            assert line not in notebook, f"{docname}: the notebook leaks {label}: {line!r}"
    for label in exercises:  # every exercise is still there
        assert re.search(rf"^:label:\s*{re.escape(label)}\s*$", stripped, re.M), label
    assert not OPENER.search(stripped)
    assert len([r for r in removed if r.kind.startswith("solution")]) == len(solutions)


def test_prepare_sources_and_notebooks(tmp_path):
    """What `make student` does around the site build: copy, strip, flag; then it copies the
    build's notebook edition (one notebook per notebook page) and zips it."""
    src, out = tmp_path / "student_src", tmp_path / "student"
    report = se.prepare_sources(ROOT, src)
    assert (src / "STUDENT_EDITION").is_file()
    config = yaml.safe_load((src / "_config.yml").read_text(encoding="utf-8"))
    assert "student edition" in config["title"]
    assert "Student edition" in config["html"]["extra_footer"]
    assert config["launch_buttons"]["binderhub_url"] == ""  # would open the full sources
    assert config["launch_buttons"]["colab_url"] == ""
    # the teacher's guide: "switches off the launch, repository and edit buttons"
    assert config["html"]["use_repository_button"] is False
    assert config["html"]["use_edit_page_button"] is False
    for path in config["sphinx"]["local_extensions"].values():
        assert Path(path).is_absolute() and Path(path).is_dir()
    assert Path(config["execute"]["cache"]).is_absolute()
    # the repository's own files are untouched
    assert yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"] == config[
        "title"
    ].replace(" (student edition)", "")

    kinds = [r.exercise_kind for removed in report.values() for r in removed if r.label]
    assert kinds and set(kinds) <= set(me.KINDS.values())  # each solution's exercise kind

    html = tmp_path / "html"  # stands for the student build's site
    pages = notebook_files(src)
    assert pages
    for page in pages[1:]:
        (html / "_notebooks" / f"{page}.ipynb").parent.mkdir(parents=True, exist_ok=True)
        (html / "_notebooks" / f"{page}.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=pages[0]):  # a page without its notebook
        se.write_notebooks(html, out / "notebooks", src)
    (html / "_notebooks" / f"{pages[0]}.ipynb").write_text("{}", encoding="utf-8")
    notebooks = se.write_notebooks(html, out / "notebooks", src)
    assert sorted(p.relative_to(out / "notebooks") for p in notebooks) == sorted(
        Path(f"{page}.ipynb") for page in pages
    )
    se.zip_notebooks(notebooks, out / "notebooks", out / "n.zip")
    assert (out / "n.zip").stat().st_size > 0


def test_repo_url_keeps_launch_buttons():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    cfg = se.student_config(
        config, ROOT, repo_url="https://github.com/school/gru-student", branch="spring"
    )
    assert cfg["repository"]["url"] == "https://github.com/school/gru-student"
    assert cfg["repository"]["branch"] == "spring"
    assert cfg["launch_buttons"]["binderhub_url"] == config["launch_buttons"]["binderhub_url"]


def test_makefile_has_the_student_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^student:", makefile, re.M)
    assert "tools/student_edition.py" in makefile
