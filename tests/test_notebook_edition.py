"""The notebook edition: what Binder, Colab, a JupyterHub and the download button open.

The HTML build writes every notebook page as ``_build/html/_notebooks/<page>.ipynb``
(tools/sphinxext/gru_lab_notebooks.py). These tests read those notebooks beside the built
pages (``make book`` first) and check that a notebook reads like its page:

- no MyST markup is left in a Markdown cell (roles, directives, labels, cell markers);
- the numbers are the website's: section, equation (``\\tag``), figure and exercise numbers,
  every glued value, in the page's order; each solution is folded in ``<details>``;
- every link is absolute, and a link into the book opens a page and an anchor that exist;
- the code cells are exactly those the build executed (the execution cache, which
  tests/test_notebooks.py checks ran without error), in order, with that execution's figures:
  the notebooks are not executed a second time here;
- the cells the website hides are collapsed, and the install cell comes before any use of
  gru_lab (Colab).

``test_a_small_book`` builds a made-up book (no execution, a few seconds) to check the
conversion of each construct and the student edition (no solution at all); the browser test
opens a notebook in JupyterLab 4 (``make lab-deps``) and looks at it.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from _myst import MYST_HEADER  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
import student_edition as se  # noqa: E402
from book_toc import source_path  # noqa: E402
from conftest import BUILD_HINT, LOCAL_HOSTS  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
_ORG, _REPO = urlsplit(CONFIG["repository"]["url"]).path.strip("/").split("/")[:2]
#: the website the links open (GitHub Pages of the repository, as the extension derives it)
SITE = f"https://{_ORG.lower()}.github.io/{_REPO}/"
CACHE_DIR = ROOT / "_build" / ".jupyter_cache"

#: MyST that no notebook interface renders: roles, directive fences, targets, cell markers
MYST = {
    "role": re.compile(r"\{[a-z][\w.-]*(?::[\w.-]+)*\}`"),
    "directive": re.compile(r"^[ \t>]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{", re.M),
    "target": re.compile(r"^[ \t>]*\([\w:.-]+\)=[ \t]*$", re.M),
    "equation label": re.compile(r"\$\$[ \t]*\([\w:.-]+\)"),
    "cell marker": re.compile(r"^\+\+\+", re.M),
    "substitution": re.compile(r"\{\{[^}]*\}\}"),
}
LINK = re.compile(r"\]\((\S+?)(?: \"[^\"]*\")?\)")
TAG = re.compile(r"\\tag\{([^}]*)\}")


def _without_code(markdown: str) -> str:
    """Markdown without its code blocks and code spans (where MyST syntax is only shown)."""
    markdown = re.sub(r"^([ \t>]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", "", markdown, flags=re.M | re.S)
    return re.sub(r"(`+).+?\1", "", markdown, flags=re.S)


def _edition(docname: str) -> dict:
    path = ROOT / "_build" / "html" / "_notebooks" / f"{docname}.ipynb"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: {BUILD_HINT}.")
    return json.loads(path.read_text(encoding="utf-8"))


def _markdown(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def _code(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def _plain(text: str) -> str:
    """Text as a reader sees it: Markdown escapes and HTML entities resolved."""
    return html.unescape(re.sub(r"\\(.)", r"\1", text)).strip()


@cache
def _page(relpath: str) -> str:
    return (ROOT / "_build" / "html" / relpath).read_text(encoding="utf-8")


def _article(docname: str) -> str:
    """The page's main text (no navigation, no table of contents)."""
    text = _page(f"{docname}.html")
    start = text.index('<article class="bd-article"')
    return text[start : text.index("</article>", start)]


# --------------------------------------------------------------------------- the real book


def test_no_myst_markup_left(notebook_docname, site_dir):
    """Protects the issue's first point: no raw MyST in any Markdown cell of any notebook."""
    for number, text in enumerate(_markdown(_edition(notebook_docname)), 1):
        prose = _without_code(text)
        for name, pattern in MYST.items():
            found = pattern.findall(prose)
            assert not found, f"{notebook_docname}, Markdown cell {number}: MyST {name} {found}"


def test_numbers_are_the_websites(notebook_docname, site_dir):
    """Protects: equation, figure, exercise and section numbers, and every glued value, are
    those of the built page, in its order; every solution of the page is folded."""
    notebook = _edition(notebook_docname)
    md = "\n\n".join(_markdown(notebook))
    page = _article(notebook_docname)
    assert TAG.findall(md) == re.findall(r'<span class="eqno">\(([^)]*)\)', page)
    assert re.findall(r"\*\*(Fig\. [\d.]+)\*\*", md) == re.findall(
        r'<span class="caption-number">(Fig\. [\d.]+) </span>', page)
    # "(continued)": the same exercise after a code cell, its title (if any) before the word
    exercises = re.findall(r"^> \*\*(Exercise [\d.]+)\*\*(?![^\n]*\(continued\)$)", md,
                           re.M)
    assert exercises == re.findall(r'<span class="caption-number">(Exercise [\d.]+) </span>',
                                   page)
    folded = re.findall(r"<summary><strong>Solution[^<]*</strong></summary>", md)
    folded = [s for s in folded if "(continued)" not in s]
    assert len(folded) == len(re.findall(r'<div class="solution[ "]', page))
    glued = [_plain(v) for v in re.findall(r"<abbr title=\"[^\"]*\">(.*?)</abbr>", md)]
    assert glued == [_plain(re.sub(r"<[^>]+>", "", v))
                     for v in re.findall(r'<span class="pasted-text">(.*?)</span>', page)]
    # the note under the title explains the marks only where there are some
    assert ("dotted underline" in md.split("\n\n", 2)[1]) == bool(glued)
    headings = re.findall(r"^#{1,6} ([\d.]+\.) ", md, re.M)
    assert headings == re.findall(r'<h[1-6]><span class="section-number">([\d.]+) </span>', page)


def test_links_open_the_website(notebook_docname, site_dir):
    """Protects: references link to the website's page, and the page and anchor exist."""
    md = "\n\n".join(_without_code(t) for t in _markdown(_edition(notebook_docname)))
    links = LINK.findall(md)
    assert links or notebook_docname == "book/intro"
    for url in links:
        assert re.match(r"^(https?|mailto):", url), f"{notebook_docname}: relative link {url}"
        if not url.startswith(SITE):
            continue
        path, _, anchor = url.removeprefix(SITE).partition("#")
        assert (site_dir / path).is_file(), f"{notebook_docname}: {url} opens no page"
        if anchor:
            assert f'id="{anchor}"' in _page(path), f"{notebook_docname}: no #{anchor} in {path}"


def test_code_cells_are_the_builds_execution(notebook_docname, site_dir):
    """Protects "every notebook executes" without running it again: the code cells are those
    of the build's cached execution (tests/test_notebooks.py checks it ran without error), in
    order, and the notebook carries that execution's figures."""
    jupyter_cache = pytest.importorskip("jupyter_cache")
    notebook = _edition(notebook_docname)
    cache_ = jupyter_cache.get_cache(str(CACHE_DIR))
    try:
        record = cache_.get_project_record(str(source_path(notebook_docname)))
    except KeyError:
        pytest.fail(f"{notebook_docname}: not executed by the build ({BUILD_HINT})")
    cached = cache_.get_cached_project_nb(record.pk)
    assert cached is not None, f"{notebook_docname}: no successful execution ({BUILD_HINT})"
    executed = [c for c in cache_.get_cache_bundle(cached.pk).nb.cells if c.cell_type == "code"]
    code = _code(notebook)
    assert ["".join(c["source"]) for c in code] == [c.source for c in executed]

    def images(cells, tags_of):
        return sum(1 for c, tags in zip(cells, tags_of, strict=True)
                   if not {"remove-output", "remove_output"} & set(tags)
                   for o in c.get("outputs", []) if "image/png" in o.get("data", {}))

    tags = [c["metadata"].get("tags", []) for c in code]
    assert images(code, tags) == images(executed, tags)


def test_hidden_cells_are_collapsed_and_gru_lab_is_installed_first(notebook_docname, site_dir):
    """Protects: a cell the website hides is collapsed (not lost: the install and glue cells
    run); a solution's code cell is tagged and folded; on Colab the install cell runs first."""
    code = _code(_edition(notebook_docname))
    for cell in code:
        tags = set(cell["metadata"].get("tags", []))
        hidden = cell["metadata"].get("jupyter", {}).get("source_hidden", False)
        if tags & {"remove-cell", "remove-input", "hide-input", "solution"}:
            assert hidden, f"{notebook_docname}: a {sorted(tags)} cell is shown"
        if "solution" in tags and cell["outputs"]:
            assert cell["metadata"]["jupyter"].get("outputs_hidden")
    uses = [i for i, c in enumerate(code) if "gru_lab" in "".join(c["source"])]
    if uses:
        first = "".join(code[uses[0]]["source"])
        assert "except ImportError" in first and "%pip install" in first, (
            f"{notebook_docname}: gru_lab is used before the install cell")


# --------------------------------------------------------------------------- a small book

CHAPTER = MYST_HEADER + """# A chapter

```{code-cell} ipython3
:tags: [remove-cell]
hidden = 1
```

Text with $x_t$, a price of \\$5, 3 * 4, a \\<b> tag and <b>bold</b> HTML; see {eq}`eq-one`,
{ref}`sec-two` and {doc}`index`.

$$
a = b
$$ (eq-one)

(sec-two)=
## Second section

```{note}
A note: $y$.
```

````{exercise} Add
:label: ex-add
:class: kind-written

Compute $1 + 1$.
````

````{solution} ex-add
:class: dropdown

It is two, says the solution.
````

````{exercise} Code
:label: ex-code
:class: kind-coding

Write code.
````

```{solution-start} ex-code
:class: dropdown
```

The prose of the coded solution.

```{code-cell} ipython3
answer = 42
```

```{solution-end}
```

| a | b |
| --- | --- |
| $\\|x\\|$ | 1 |

```{code-cell} ipython3
print(hidden)
```
"""

CONF = """\
import sys
sys.path.insert(0, {sphinxext!r})
extensions = ["myst_nb", "sphinx_exercise", "gru_lab_notebooks"]
myst_enable_extensions = ["amsmath", "colon_fence", "dollarmath"]
nb_execution_mode = "off"
numfig = True
exercise_style = "solution_follow_exercise"
gru_lab_site_url = "https://example.org/book/"
html_theme = "basic"
exclude_patterns = ["_build"]
"""


def _small_book(tmp_path: Path) -> Path:
    """Build the made-up book; return its notebook edition folder."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        CONF.format(sphinxext=str(ROOT / "tools" / "sphinxext")), encoding="utf-8")
    (src / "index.md").write_text(
        "# Small book\n\n```{toctree}\n:numbered:\nchapter\nstudent\n```\n", encoding="utf-8")
    (src / "chapter.md").write_text(CHAPTER, encoding="utf-8")
    # the student edition's page: the same chapter, stripped as `make student` strips it
    student, removed = se.strip_solutions(CHAPTER)
    assert len(removed) == 2
    student = re.sub(r"(ex-add|ex-code|eq-one|sec-two)", r"st-\1", student)
    (src / "student.md").write_text(student.replace("# A chapter", "# A student page"),
                                    encoding="utf-8")
    out = tmp_path / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", str(src),
         str(out)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return out / "_notebooks"


def test_a_small_book(tmp_path):
    """Protects each conversion on a page made for it, and the student edition: its notebook
    has the exercises and no solution (neither the folded prose nor the solution's code)."""
    editions = _small_book(tmp_path)
    notebook = json.loads((editions / "chapter.ipynb").read_text(encoding="utf-8"))
    md = "\n\n".join(_markdown(notebook))
    code = _code(notebook)
    assert ["".join(c["source"]) for c in code] == ["hidden = 1", "answer = 42", "print(hidden)"]
    # the remove-cell cell is where the page has it: before the first paragraph
    assert notebook["cells"][1]["cell_type"] == "code"
    assert code[0]["metadata"]["jupyter"]["source_hidden"] is True
    assert code[1]["metadata"]["tags"] == ["solution"]
    assert code[1]["metadata"]["jupyter"]["source_hidden"] is True
    assert "jupyter" not in code[2]["metadata"]
    assert md.startswith("# 1. A chapter\n")
    assert "\n## 1.1. Second section" in md
    assert "$$\na = b \\tag{1.1}\n$$" in md
    assert "[(1.1)](https://example.org/book/chapter.html#equation-eq-one)" in md
    assert "[Second section](https://example.org/book/chapter.html#sec-two)" in md
    assert "[Small book](https://example.org/book/index.html)" in md
    assert r"a price of \$5, 3 \* 4, a &lt;b> tag and <b>bold</b> HTML" in md
    assert "> **Note**\n>\n> A note: $y$." in md
    assert "> **Exercise 1.1** (Add)\n>\n> Compute $1 + 1$." in md
    assert ("<details>\n<summary><strong>Solution (Exercise 1.1)</strong></summary>\n\n"
            "It is two, says the solution.\n\n</details>") in md
    assert "<summary><strong>Solution (Exercise 1.2)</strong></summary>\n\n"\
           "The prose of the coded solution." in md
    assert "| $\\vert x\\vert $ | 1 |" in md  # a "|" in maths would split the cell
    for name, pattern in MYST.items():
        assert not pattern.findall(_without_code(md)), name

    student = json.loads((editions / "student.ipynb").read_text(encoding="utf-8"))
    student_md = "\n\n".join(_markdown(student))
    assert "> **Exercise 2.1** (Add)" in student_md
    assert "> **Exercise 2.2** (Code)" in student_md
    assert "<details>" not in student_md and "solution" not in student_md.lower()
    assert ["".join(c["source"]) for c in _code(student)] == ["hidden = 1", "print(hidden)"]
    assert not any("solution" in c["metadata"].get("tags", []) for c in _code(student))


# --------------------------------------------------------------------------- JupyterLab

LAB_SETTINGS = {
    # every cell rendered, so that the test can find the exercise and the solution
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # no news, no update check (nothing leaves the machine)
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path, site_dir):
    """JupyterLab 4 serving a folder that holds the notebook edition of chapter 1."""
    pytest.importorskip(
        "jupyterlab", reason="JupyterLab is not installed: `make lab-deps` installs it "
        "(`make test` and .ci/run do)")
    root, settings = tmp_path / "root", tmp_path / "settings"
    root.mkdir()
    shutil.copy2(site_dir / "_notebooks" / "book" / "01_rnn.ipynb", root / "01_rnn.ipynb")
    for plugin, values in LAB_SETTINGS.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), "gru-lab-test"
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--ServerApp.open_browser=False", "--allow-root",
         "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n"
                                + (tmp_path / "lab.log").read_text()[-3000:])
                time.sleep(0.5)
        yield f"{url}/lab/tree/01_rnn.ipynb?token={token}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.mark.browser
def test_a_notebook_in_jupyterlab(jupyterlab, browser, screenshot_dir):
    """Protects what a reader sees in JupyterLab 4: the maths typeset (numbered equations
    included), an exercise in a visible box, its solution folded, the glued numbers marked,
    and no role, directive or brace of MyST anywhere in the rendered text."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.abort()
                  if (urlsplit(route.request.url).hostname or "") not in LOCAL_HOSTS
                  and urlsplit(route.request.url).scheme in ("http", "https")
                  else route.continue_())
    page = context.new_page()
    try:
        page.goto(jupyterlab, wait_until="load", timeout=120_000)
        markdown = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown")
        markdown.first.wait_for(timeout=120_000)
        page.wait_for_function(
            "() => document.querySelectorAll('.jp-RenderedMarkdown mjx-container').length > 50"
            " && document.querySelectorAll('.jp-RenderedMarkdown').length > 10",
            timeout=120_000)
        page.wait_for_timeout(1500)  # MathJax typesets cell by cell
        # the rendered prose: Markdown cells without their code and their typeset maths
        text = page.evaluate("""() => [...document.querySelectorAll(
            '.jp-MarkdownCell .jp-RenderedMarkdown')].map(cell => {
                const copy = cell.cloneNode(true);
                copy.querySelectorAll('pre, code, mjx-container').forEach(e => e.remove());
                return copy.textContent;
            }).join('\\n')""")
        for name, pattern in MYST.items():
            assert not pattern.findall(text), f"MyST {name} shown: {pattern.findall(text)[:3]}"
        assert "{" not in text and "}" not in text, \
            [line for line in text.splitlines() if "{" in line or "}" in line][:3]
        assert "$" not in text, "maths left untypeset"
        assert page.locator(".jp-RenderedMarkdown mjx-merror").count() == 0
        # numbered equations: MathJax lays out a \tag as a label column
        assert page.locator(".jp-RenderedMarkdown mjx-container[display='true'] mjx-labels"
                            ).count() >= 4
        # a figure: the build's output image, and its caption right under it
        caption = page.locator(".jp-RenderedMarkdown p", has_text="The RNN folded").first
        caption.scroll_into_view_if_needed()
        assert re.match(r"Fig\. 1\.\d+ The RNN folded", caption.inner_text())
        assert page.locator(".jp-OutputArea-output img").first.is_visible()
        page.screenshot(path=str(screenshot_dir / "notebook_edition_jupyterlab_figure.png"))
        box = page.locator(".jp-RenderedMarkdown blockquote", has_text="Exercise 1.2").first
        box.scroll_into_view_if_needed()
        assert box.is_visible()
        border = box.evaluate("e => parseFloat(getComputedStyle(e).borderLeftWidth)")
        assert border > 0, "the exercise's block quote has no visible border"
        solution = page.locator(".jp-RenderedMarkdown details",
                                has_text="Solution (Exercise 1.2)").first
        assert solution.is_visible() and solution.locator("summary").is_visible()
        assert solution.evaluate("d => d.open") is False
        assert not solution.locator("ol, p").first.is_visible()  # its text is folded away
        abbr = page.locator(".jp-RenderedMarkdown abbr[title]").first
        assert "underline" in abbr.evaluate("a => getComputedStyle(a).textDecorationLine")
        page.screenshot(path=str(screenshot_dir / "notebook_edition_jupyterlab.png"))
        solution.locator("summary").click()
        assert solution.evaluate("d => d.open") is True
        assert solution.locator("mjx-container").first.is_visible()
        page.screenshot(path=str(screenshot_dir / "notebook_edition_jupyterlab_solution.png"))
    finally:
        context.close()


def test_the_notebooks_branch_has_what_binder_installs(tmp_path, site_dir):
    """Protects `make notebooks`: the branch that Binder builds and nbgitpuller pulls holds
    every notebook and what `pip install -r requirements.txt` needs (`-e .`: gru_lab)."""
    out = tmp_path / "branch"
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_notebooks.py"), str(out)],
                   check=True, capture_output=True, timeout=120)
    for name in ("requirements.txt", "runtime.txt", "pyproject.toml", "README.md",
                 "gru_lab/__init__.py", "book/01_rnn.ipynb"):
        assert (out / name).is_file(), name
    assert "-e ." in (out / "requirements.txt").read_text().splitlines()
    assert [p.name for p in out.rglob("*.md")] == ["README.md"], "MyST sources on the branch"
