"""Build the student edition of GRU Lab: the same book with every solution left out.

Usage::

    python tools/student_edition.py                 # what `make student` runs
    python tools/student_edition.py --no-build      # the stripped sources only (fast)
    python tools/student_edition.py --repo-url https://github.com/my-school/gru-lab-student \\
        --branch main                               # launch buttons open your own copy

Steps:

1. copy the book sources (``_config.yml``, ``_toc.yml``, ``book/``, and ``gru_lab/``, which
   chapters show with ``{literalinclude}``) into ``_build/student_src/``;
2. strip every solution from the copy: each ``{solution}`` directive block, each
   ``{solution-start}`` … ``{solution-end}`` region (code cells included), each cell tagged
   ``solution``, and the code between nbgrader's ``### BEGIN SOLUTION`` / ``### END SOLUTION``
   markers (replaced by ``raise NotImplementedError()``, as nbgrader does). The directives are
   found by markdown-it-py, configured as MyST configures it (``tools/myst_exercises.py``), and
   the report lists each removed solution with the kind its exercise declares (an exercise
   without a declared kind is an error, as in ``tools/classroom_index.py``);
3. set the student-edition flag: the title says so, every page's footer says so, the
   environment variable ``GRU_LAB_EDITION=student`` is set while the chapters execute, and
   launch, repository and edit buttons (which would open the full sources) are switched off
   unless ``--repo-url`` names a copy that holds the student sources;
4. build that copy with Jupyter Book into ``_build/student/html`` (the execution cache of the
   full book is shared, so chapters whose code did not change are not executed again);
5. copy the notebook edition that this build wrote (``_build/student/html/_notebooks``, by
   ``tools/sphinxext/gru_lab_notebooks.py``: every notebook page as it reads on the website,
   numbers, references and outputs included, and no solution since the sources have none)
   into ``_build/student/notebooks/`` (laid out like the repository: ``book/01_rnn.ipynb``)
   and zip them into ``_build/student/gru_lab_student_notebooks.zip`` for a learning platform.
   ``--no-build`` writes no notebooks: they are made by the build.

Nothing here changes the repository's own files.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import myst_exercises as me  # noqa: E402
from book_toc import ROOT  # noqa: E402
from make_notebooks import copy_edition  # noqa: E402

EDITION_ENV = "GRU_LAB_EDITION"
SOLUTION_TAG = "solution"
SOURCES = ("_config.yml", "_toc.yml", "book", "gru_lab")  # gru_lab: for {literalinclude}
FOOTER_NOTE = "<p><strong>Student edition</strong>: solutions are left out.</p>\n"
NBGRADER_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"

_BEGIN = re.compile(r"^(?P<indent>[ \t]*)#{2,3}\s*BEGIN SOLUTION\s*$")
_END = re.compile(r"^[ \t]*#{2,3}\s*END SOLUTION\s*$")


@dataclass
class Removed:
    """A piece of a page that the student edition leaves out."""

    kind: str  # "solution", "solution-start", "tagged cell", "nbgrader"
    label: str  # the exercise it solves (the directive's argument), or ""
    text: str  # the removed text, verbatim
    exercise_kind: str = ""  # the kind that exercise declares (written, by_hand, ...), if known


# --------------------------------------------------------------------------- stripping


def _strip_lines(lines: list[str], removed: list[Removed]) -> list[str]:
    """``lines`` without their solutions, nbgrader's solution code replaced by a stub.

    markdown-it finds every ``{solution}`` directive and every ``{solution-start}`` …
    ``{solution-end}`` region, at any depth inside other directives; nbgrader's markers are
    looked for in code blocks and code cells only.
    """
    text = "".join(lines)
    found = me.blocks(text)
    drop: set[int] = set()
    events: list[tuple[int, Removed]] = []
    for sol in me.solutions(text, found):
        events.append((sol.start, Removed(sol.name, sol.label, sol.text)))
        drop.update(range(sol.start, sol.end))
    code: dict[int, tuple[int, list[str]]] = {}
    for block in found:
        if block.name in me.CODE and block.start not in drop:
            end = min(block.end, len(lines))
            found_here: list[Removed] = []
            new = _strip_nbgrader(lines[block.start : end], found_here)
            if found_here:
                code[block.start] = (end, new)
                events.extend((block.start, r) for r in found_here)
    removed.extend(r for _, r in sorted(events, key=lambda e: e[0]))
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i in code:
            end, new = code[i]
            out.extend(new)
            i = end
        elif i in drop:
            i += 1
        else:
            out.append(lines[i])
            i += 1
    return out


def _strip_nbgrader(lines: list[str], removed: list[Removed]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _BEGIN.match(lines[i].rstrip("\n"))
        if not m:
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not _END.match(lines[j].rstrip("\n")):
            j += 1
        removed.append(Removed("nbgrader", "", "".join(lines[i : j + 1])))
        indent = m.group("indent")
        out.extend(f"{indent}{stub}\n" for stub in NBGRADER_STUB.splitlines())
        i = j + 1
    return out


def _tidy(text: str) -> str:
    """Collapse the empty markdown cells (``+++`` runs) and blank runs left behind."""
    text = re.sub(r"(?m)^\+\+\+[ \t]*\n(?:[ \t]*\n)*(?=\+\+\+)", "", text)
    return re.sub(r"\n{3,}", "\n\n", text)


def _drop_tagged_cells(text: str, removed: list[Removed]) -> str:
    """Remove the cells tagged ``solution`` (through jupytext, only when there are any)."""
    if SOLUTION_TAG not in text or not text.startswith("---"):
        return text
    import jupytext

    notebook = jupytext.reads(text, fmt="md:myst")
    keep = []
    for cell in notebook.cells:
        if SOLUTION_TAG in (cell.metadata.get("tags") or []):
            removed.append(Removed("tagged cell", "", cell.source))
        else:
            keep.append(cell)
    if len(keep) == len(notebook.cells):
        return text
    notebook.cells = keep
    return jupytext.writes(notebook, fmt="md:myst")


def strip_solutions(text: str) -> tuple[str, list[Removed]]:
    """Return ``text`` (a MyST page) without its solutions, and what was removed."""
    removed: list[Removed] = []
    lines = me.split_lines(text)
    stripped = "".join(_strip_lines(lines, removed))
    if removed:
        stripped = _tidy(stripped)
    stripped = _drop_tagged_cells(stripped, removed)
    return stripped, removed


def strip_notebook_json(text: str) -> tuple[str, list[Removed]]:
    """The same for an .ipynb page: markdown cells stripped, tagged cells dropped."""
    nb = json.loads(text)
    removed: list[Removed] = []
    cells = []
    for cell in nb.get("cells", []):
        source = "".join(cell.get("source", []))
        if SOLUTION_TAG in (cell.get("metadata", {}).get("tags") or []):
            removed.append(Removed("tagged cell", "", source))
            continue
        lines = me.split_lines(source)
        if cell.get("cell_type") == "markdown":
            lines = _strip_lines(lines, removed)
        else:
            lines = _strip_nbgrader(lines, removed)
        cell["source"] = "".join(lines)
        cells.append(cell)
    nb["cells"] = cells
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n", removed


def exercise_kinds(text: str, page: str) -> dict[str, str]:
    """{label: declared kind} of the exercises of a MyST page (or of an .ipynb's markdown).

    Raises ``myst_exercises.ExerciseError``, naming the page and the label, for an exercise
    that declares no kind (or several, or an unknown one).
    """
    if page.endswith(".ipynb"):
        cells = json.loads(text).get("cells", [])
        text = "\n".join(
            "".join(c.get("source", [])) for c in cells if c.get("cell_type") == "markdown"
        )
    return {ex.label: me.exercise_kind(ex, page) for ex in me.exercises(text)}


# --------------------------------------------------------------------------- the copy


def student_config(
    config: dict, root: Path, *, repo_url: str = "", branch: str = "", site_url: str = ""
) -> dict:
    """The full book's ``_config.yml`` turned into the student edition's."""
    cfg = json.loads(json.dumps(config))  # a deep copy of plain YAML data
    cfg["title"] = f"{cfg.get('title', 'GRU Lab')} (student edition)"
    html = cfg.setdefault("html", {})
    html["extra_footer"] = FOOTER_NOTE + (html.get("extra_footer") or "")
    # paths that the copy must still find in the repository
    execute = cfg.setdefault("execute", {})
    execute["cache"] = str(root / "_build" / ".jupyter_cache")
    sphinx = cfg.setdefault("sphinx", {})
    local = sphinx.get("local_extensions") or {}
    sphinx["local_extensions"] = {k: str((root / v).resolve()) for k, v in local.items()}
    conf = sphinx.setdefault("config", {})
    if site_url:  # the notebooks' links then open the student edition's own website
        conf["gru_lab_site_url"] = site_url
    if "html_extra_path" in conf:
        conf["html_extra_path"] = [str((root / p).resolve()) for p in conf["html_extra_path"]]
    # buttons that would open the full sources, solutions included
    launch = cfg.setdefault("launch_buttons", {})
    if repo_url:
        cfg.setdefault("repository", {})["url"] = repo_url
        if branch:
            cfg["repository"]["branch"] = branch
    else:
        for key in ("binderhub_url", "colab_url", "jupyterhub_url"):
            launch[key] = ""
        html["use_repository_button"] = False
        html["use_issues_button"] = False
    html["use_edit_page_button"] = False
    return cfg


def prepare_sources(
    root: Path, src: Path, *, repo_url: str = "", branch: str = "", site_url: str = ""
) -> dict:
    """Copy the book into ``src`` and strip it. Returns {page path: [Removed, ...]}."""
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    for name in SOURCES:
        path = root / name
        if path.is_dir():
            shutil.copytree(
                path,
                src / name,
                ignore=shutil.ignore_patterns(
                    "_build", "*.ipynb_checkpoints", "__pycache__", ".jupyter_cache"
                ),
            )
        else:
            shutil.copy2(path, src / name)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    cfg = student_config(config, root, repo_url=repo_url, branch=branch, site_url=site_url)
    (src / "_config.yml").write_text(
        "# Generated by tools/student_edition.py: the student edition (no solutions).\n"
        + yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    report = {}
    for page in sorted((src / "book").rglob("*")):  # gru_lab/ holds no solutions
        if page.suffix not in (".md", ".ipynb") or not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        name = str(page.relative_to(src))
        kinds = exercise_kinds(text, name)
        strip = strip_notebook_json if page.suffix == ".ipynb" else strip_solutions
        stripped, removed = strip(text)
        for r in removed:
            r.exercise_kind = kinds.get(r.label, "")
        if removed:
            page.write_text(stripped, encoding="utf-8")
            report[name] = removed
    (src / "STUDENT_EDITION").write_text("solutions removed by tools/student_edition.py\n")
    return report


def write_notebooks(html: Path, out: Path, src: Path) -> list[Path]:
    """The notebook edition of the student site ``html`` (built from ``src``), under ``out``;
    the Chinese edition's (``html/zh``) under ``out/zh``."""
    notebooks = copy_edition(html, out, root=src)
    if (html / "zh").is_dir():
        notebooks += copy_edition(html / "zh", out / "zh", root=src)
    return notebooks


def zip_notebooks(notebooks: list[Path], base: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in notebooks:
            zf.write(path, path.relative_to(base))


def build_site(src: Path, html_out: Path, jb_flags: list[str]) -> None:
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb) if jb.exists() else "jupyter-book", "build", str(src), *jb_flags]
    env = {**os.environ, EDITION_ENV: "student"}
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env)
    # The Chinese edition of the same sources (tools/build_zh.py), into src/_build/html/zh.
    zh = [sys.executable, str(Path(__file__).with_name("build_zh.py")), "--root", str(src),
          *jb_flags]
    print("+", " ".join(zh), flush=True)
    subprocess.run(zh, check=True, env=env)
    if html_out.exists():
        shutil.rmtree(html_out)
    html_out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(src / "_build" / "html"), html_out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--build-dir",
        default=str(ROOT / "_build"),
        help="where student_src/ and student/ are written (default: _build)",
    )
    parser.add_argument(
        "--no-build",
        action="store_true",
        help="only the stripped sources and the notebooks, no website",
    )
    parser.add_argument(
        "--repo-url",
        default="",
        help="a repository holding the student sources: launch buttons open it",
    )
    parser.add_argument("--branch", default="", help="its branch (with --repo-url)")
    parser.add_argument(
        "--site-url",
        default="",
        help="where you publish the student website: the notebooks' links open it "
        "(default: the book's website)",
    )
    parser.add_argument(
        "--jb-flags",
        default="-W -n --keep-going",
        help="flags for `jupyter-book build` (default: -W -n --keep-going)",
    )
    args = parser.parse_args(argv)

    build = Path(args.build_dir).resolve()
    src, out = build / "student_src", build / "student"
    report = prepare_sources(
        ROOT, src, repo_url=args.repo_url, branch=args.branch, site_url=args.site_url
    )
    count = sum(len(v) for v in report.values())
    print(f"{count} solutions removed from {len(report)} pages; sources in {src}")
    for page, removed in report.items():
        labels = ", ".join(
            f"{r.label} ({r.exercise_kind.replace('_', ' ')})"
            if r.exercise_kind
            else r.label or r.kind
            for r in removed
        )
        print(f"  {page}: {labels}")
    if args.no_build:
        print("No website and no notebooks (--no-build): the notebooks are written by the build.")
        return 0
    build_site(src, out / "html", args.jb_flags.split())
    print(f"The student edition is built. Open: file://{out / 'html' / 'index.html'}")
    notebooks = write_notebooks(out / "html", out / "notebooks", src)
    zip_notebooks(notebooks, out / "notebooks", out / "gru_lab_student_notebooks.zip")
    print(
        f"{len(notebooks)} notebooks in {out / 'notebooks'} "
        f"(and {out / 'gru_lab_student_notebooks.zip'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
