"""The classroom pages stay in step with the chapters (tools/classroom_index.py).

Fails when an exercise of a chapter is missing from book/classroom/exercises.md, when the page
lists an exercise that no longer exists, or when the teacher's guide's chapter overview is
stale. The fix is always the same: `python tools/classroom_index.py`.

Also: the kinds the index lists are the kinds each exercise declares (`:class: kind-…`), never
guessed from its text; an exercise without a kind is an error naming its page and label; the
pages are parsed by markdown-it (a fence inside a code block is not an exercise).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tools" / "sphinxext"))
import classroom_index as ci  # noqa: E402
import myst_exercises as me  # noqa: E402

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
:class: kind-written

Why?
````

````{exercise} Numbers
:label: ex-c-hand
:class: kind-by-hand

Work out $h_1$ by hand.
````

````{exercise} Code | pipes
:label: ex-c-code
:class: homework kind-checked

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
        "notebooks",
        "book/01_rnn",
        jupyterhub_url="https://hub.example.edu",
    )
    assert unquote(example.group(1)) == unquote(urls["JupyterHub"])


# --------------------------------------------------------------------------- declared kinds

#: Exercises whose kind the old regular-expression guess got wrong (it listed the clipping
#: proof as coding, the checked sigmoid as by hand, and the seed and language experiments as
#: written). Their kinds must now be the declared ones.
ONCE_MISCLASSIFIED = {
    "ex-bptt-direction": "written",
    "ex-softmax-sigmoid": "checked",
    "ex-sentiment-seeds": "coding",
    "ex-translation-italian": "coding",
    "ex-music-seeds": "coding",
    "ex-bptt-memory": "coding",
    "ex-textgen-unit": "coding",
    "ex-gru-convert": "by_hand",
    "ex-softmax-shift-scale": "written",
    "ex-translation-capacity": "by_hand",
    "ex-textgen-window": "written",
}
ROW = re.compile(r"^\| \{ref\}`[^`]*<(?P<label>ex-[\w-]+)>` \| (?P<kind>[^|]+) \|", re.M)
KIND_WORDS = {  # what the exercises page shows for each kind
    "written": "written (conceptual)",
    "by_hand": "by hand, with numbers",
    "coding": "coding, no check",
}


def _declared_kinds() -> dict[str, str]:
    """{label: kind} read from the `kind-…` class of every exercise directive of the book."""
    out = {}
    for docname in ci.toc_files():
        if docname in ci.SKIP:
            continue
        text = ci.source_path(docname).read_text(encoding="utf-8")
        for ex in me.exercises(text):
            (kind,) = [me.KINDS[c] for c in ex.classes if c in me.KINDS]
            out[ex.label] = kind
    return out


def test_the_listed_kinds_are_the_declared_kinds():
    """The exercises page shows, for every exercise, the kind its directive declares; the ones
    the old guess got wrong are listed with their true kind."""
    declared = _declared_kinds()
    assert {k: declared[k] for k in ONCE_MISCLASSIFIED} == ONCE_MISCLASSIFIED
    scanned = {ex.label: ex.kind for ch in ci.scan_book() for ex in ch.exercises}
    assert scanned == declared
    listed = {m["label"]: m["kind"].strip() for m in ROW.finditer(_page(ci.EXERCISES_PAGE))}
    assert listed.keys() == declared.keys()
    for label, kind in declared.items():
        if kind == "checked":
            assert listed[label].startswith("coding, checks itself with `check_"), label
        else:
            assert listed[label] == KIND_WORDS[kind], (label, listed[label])


def test_every_listed_check_exists_in_gru_lab():
    """A checked exercise names the check from gru_lab.exercises that judges it."""
    import gru_lab.exercises as exercises

    for ch in ci.scan_book():
        for ex in ch.exercises:
            assert (ex.kind == "checked") == bool(ex.checks), ex.label
            for name in ex.checks:
                assert name in exercises.__all__, f"{ex.label}: {name} is not in gru_lab.exercises"


def _chapter(tmp_path: Path, body: str) -> Path:
    (tmp_path / "book").mkdir(exist_ok=True)
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/ch\n", encoding="utf-8")
    (tmp_path / "book" / "ch.md").write_text("# A chapter\n\n" + body, encoding="utf-8")
    return tmp_path


def test_the_kind_is_read_from_the_class_not_guessed_from_the_text(tmp_path):
    """Text that looks like code (a python block, `def`, a `check_` name in prose) does not
    make a written exercise a coding one, and a plain-prose coding exercise stays coding."""
    root = _chapter(
        tmp_path,
        """````{exercise} Looks like code
:label: ex-c-looks
:class: kind-written

Why does this work?

```python
def f(x):
    return x
```
````

````{exercise} Sounds like talk
:label: ex-c-talks
:class: lab kind-coding

Explain why, in a few sentences, by hand.
````
""",
    )
    (chapter,) = ci.scan_book(root)
    assert [(e.label, e.kind, e.suits) for e in chapter.exercises] == [
        ("ex-c-looks", "written", "homework"),
        ("ex-c-talks", "coding", "lab"),
    ]


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ("", "declares no kind"),
        (":class: homework\n", "declares no kind"),
        (":class: kind-written kind-coding\n", "exactly one"),
        (":class: kind-homework\n", "exactly one"),
    ],
)
def test_an_exercise_without_one_kind_is_an_error_naming_page_and_label(tmp_path, options, problem):
    page = f"````{{exercise}} Untyped\n:label: ex-c-untyped\n{options}\nQ?\n````\n"
    root = _chapter(tmp_path, page)
    with pytest.raises(me.ExerciseError, match=problem) as err:
        ci.scan_book(root)
    assert "book/ch.md" in str(err.value) and "ex-c-untyped" in str(err.value)


def test_the_command_reports_a_missing_kind(tmp_path, capsys):
    """`python tools/classroom_index.py` exits with 2 and names the page and the label."""
    root = _chapter(
        tmp_path,
        "```{exercise-start} Gated\n:label: ex-c-gated\n```\n\nQ?\n\n```{exercise-end}\n```\n",
    )
    assert ci.main([], root=root) == 2
    err = capsys.readouterr().err
    assert "book/ch.md" in err and "ex-c-gated" in err


def test_a_checked_exercise_must_name_its_check_and_only_a_checked_one_may(tmp_path):
    root = _chapter(
        tmp_path, "````{exercise} No check\n:label: ex-c-none\n:class: kind-checked\n\nQ\n````\n"
    )
    with pytest.raises(me.ExerciseError, match="ex-c-none.*names no check"):
        ci.scan_book(root)
    root = _chapter(
        tmp_path,
        "````{exercise} Hidden check\n:label: ex-c-hidden\n:class: kind-coding\n\n"
        "Write `f`, then run `check_f(f)`.\n````\n",
    )
    with pytest.raises(me.ExerciseError, match="ex-c-hidden.*check_f.*kind-checked"):
        ci.scan_book(root)


def test_markdown_it_decides_what_an_exercise_is(tmp_path):
    """An exercise shown inside a code block is an example, not an exercise; one in a list
    item, in a tilde fence or in a colon fence is one (as MyST renders them)."""
    root = _chapter(
        tmp_path,
        """`````markdown
````{exercise} Only an example
:label: ex-c-example
````
`````

1. In a list:

    ```{exercise} In a list
    :label: ex-c-list
    :class: kind-written

    Q
    ```

~~~{exercise} Tilde
:label: ex-c-tilde
:class: kind-by-hand

Compute $1 + 1$.
~~~

:::{exercise} Colon
:label: ex-c-colon
:class: kind-checked
Use `check_sigmoid` from `gru_lab.exercises`.
:::
""",
    )
    (chapter,) = ci.scan_book(root)
    assert [(e.label, e.kind, e.checks) for e in chapter.exercises] == [
        ("ex-c-list", "written", []),
        ("ex-c-tilde", "by_hand", []),
        ("ex-c-colon", "checked", ["check_sigmoid"]),
    ]


def test_prose_words_leave_out_code_math_and_exercises():
    text = """# Two words

Three more words `not_counted` and $\\alpha + beta$ {doc}`nor_this`.

$$ x = \\mathrm{notcounted} $$

```{code-cell} ipython3
not_counted = 1
```

```{note}
Four words in note.
```

````{exercise} Left out
:label: ex-w
:class: kind-written

Not counted here.
````

```{solution-start} ex-w
```
Not counted either.
```{solution-end}
```
"""
    assert ci.prose_words(text) == 2 + 4 + 4  # "Two words", "Three more words and", the note


def _chapters(*kinds_per_chapter: tuple[str, ...]) -> list:
    return [
        ci.Chapter(
            f"book/0{i}_x",
            "",
            [],
            [],
            [ci.Exercise(f"ex-{i}-{j}", "", k) for j, k in enumerate(kinds)],
            0,
        )
        for i, kinds in enumerate(kinds_per_chapter, start=1)
    ]


def test_the_guide_states_the_kinds_the_chapters_have():
    """The teacher's guide's sentence about the kinds of exercise is generated: it says
    "every chapter" only for a kind every chapter has, and names the chapters that lack one."""
    text = ci.render_kinds(
        _chapters(
            ("written", "by_hand", "checked"),
            ("written", "coding", "by_hand"),
            ("written", "checked", "checked", "by_hand"),
        )
    )
    assert text.startswith("Each of the 3 chapters has 3 to 4 exercises, 10 in all: 3 written, ")
    assert "Every chapter has a written exercise and an exercise to work out by hand" in text
    assert "All chapters but {doc}`/book/02_x` have a coding exercise that checks itself" in text
    assert "Only {doc}`/book/02_x` has a coding exercise without a check" in text
    guide = _page(ci.GUIDE_PAGE)
    assert "Every chapter ends with at least three exercises" not in guide
    assert ci.region(guide, "kinds") == ci.render_kinds(ci.scan_book()).strip()


def test_the_tools_share_only_public_names():
    """classroom_index and student_edition use the shared parser module, not each other's
    private helpers (a `_name` imported from another tool)."""
    for tool in ("classroom_index", "student_edition"):
        tree = ast.parse((ROOT / "tools" / f"{tool}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in (
                "classroom_index",
                "student_edition",
                "myst_exercises",
            ):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{tool} imports {private} from {node.module}"
            attr = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            if attr and node.value.id in ("me", "se", "ci") and node.attr.startswith("_"):
                raise AssertionError(f"{tool} uses {node.value.id}.{node.attr}")
        assert "import myst_exercises as me" in (ROOT / "tools" / f"{tool}.py").read_text()


def test_every_exercise_has_a_folded_solution():
    """The exercises page says each exercise's solution follows it, folded: every exercise
    has a solution on its page, and every solution is a dropdown."""
    for docname in ci.toc_files():
        if docname in ci.SKIP:
            continue
        text = ci.source_path(docname).read_text(encoding="utf-8")
        solutions = me.solutions(text)
        solved = {s.label for s in solutions}
        for ex in me.exercises(text):
            assert ex.label in solved, f"{docname}: {ex.label} has no solution"
        for sol in solutions:
            assert "dropdown" in sol.classes, f"{docname}: the solution of {sol.label} is open"
