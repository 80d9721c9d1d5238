"""Lay out the notebook edition as the `notebooks` branch (Binder, Colab, a school's JupyterHub).

Usage: python tools/make_notebooks.py [OUT_DIR] [--site SITE_DIR]

The HTML build writes every notebook page of `_toc.yml` as a notebook that reads like the
website (tools/sphinxext/gru_lab_notebooks.py) into SITE_DIR/_notebooks/ (default
`_build/html`). This copies them to OUT_DIR (default `_build/notebooks`), laid out like the
repository (OUT_DIR/book/01_rnn.ipynb), with the files that Binder and a hub need to install
the same environment: requirements.txt (whose `-e .` installs gru_lab from pyproject.toml and
gru_lab/), runtime.txt, the licences and a README. The launch buttons open
`<repo>/blob/notebooks/book/01_rnn.ipynb` (Colab), build the branch (Binder) or pull it
(nbgitpuller) once OUT_DIR is published as the `notebooks` branch
(see .github/workflows/book.yml).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_toc import ROOT, notebook_files  # noqa: E402

NOTEBOOKS = "_notebooks"  # tools/sphinxext/gru_lab_notebooks.py OUT_DIR
CHINESE = "zh"  # the Chinese edition, inside the site and on the branch (tools/build_zh.py)
#: what `pip install -r requirements.txt` (Binder, a hub's image) needs next to the notebooks
ENVIRONMENT = ("requirements.txt", "runtime.txt", "pyproject.toml", "LICENSE", "LICENSE-TEXT")
README = """\
# GRU Lab: the notebooks

Generated from the main branch by `make notebooks`; do not edit. Each chapter of the book is
here as a notebook that reads like the website: numbered equations, references, citations and
the numbers the build computed, with the outputs of that build. Binder, Colab and a school's
JupyterHub open these files from the book's launch buttons. The Chinese edition (中文版) is
under `zh/`, with the same code and outputs.

`pip install -r requirements.txt` installs what the notebooks use (gru_lab included, from
`gru_lab/`). The sources are the MyST Markdown chapters on the main branch.
"""


def copy_edition(site: Path, out: Path, root: Path = ROOT) -> list[Path]:
    """Copy the notebook edition of ``site`` (a built site) to ``out``; return the notebooks.

    Raises FileNotFoundError, naming the page, when a notebook page has no notebook.
    """
    source = site / NOTEBOOKS
    missing = [d for d in notebook_files(root) if not (source / f"{d}.ipynb").is_file()]
    if missing:
        raise FileNotFoundError(
            f"{source} has no notebook for {', '.join(missing)}: build the site first "
            "(`make book`)"
        )
    if out.exists():
        shutil.rmtree(out)
    written = []
    for docname in notebook_files(root):
        target = out / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / f"{docname}.ipynb", target)
        written.append(target)
    return written


def add_environment(out: Path, root: Path = ROOT) -> None:
    for name in ENVIRONMENT:
        if (root / name).is_file():
            shutil.copy2(root / name, out / name)
    shutil.copytree(root / "gru_lab", out / "gru_lab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (out / "README.md").write_text(README, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default="_build/notebooks")
    parser.add_argument("--site", default=str(ROOT / "_build" / "html"),
                        help="the built site whose _notebooks/ to copy (default: _build/html)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    try:
        notebooks = copy_edition(Path(args.site), out)
        # The Chinese edition (tools/build_zh.py: SITE/zh) goes to OUT/zh/, where its launch
        # buttons point; it shares the environment files.
        if (Path(args.site) / CHINESE).is_dir():
            notebooks += copy_edition(Path(args.site) / CHINESE, out / CHINESE)
    except FileNotFoundError as error:
        print(f"make_notebooks: {error}", file=sys.stderr)
        return 1
    add_environment(out)
    for path in notebooks:
        print(path.relative_to(out))
    print(f"{len(notebooks)} notebooks and the environment files written under {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
