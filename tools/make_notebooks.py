"""Write every notebook chapter of `_toc.yml` as a plain .ipynb (no outputs).

Usage: python tools/make_notebooks.py OUT_DIR

OUT_DIR mirrors the repository layout (OUT_DIR/book/01_rnn.ipynb ...), so that the Colab
buttons, which open `<repo>/blob/notebooks/book/01_rnn.ipynb`, find the files once OUT_DIR is
published as the `notebooks` branch (see .github/workflows/book.yml).
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_toc import ROOT, notebook_files, source_path  # noqa: E402


def main(out_dir: str) -> None:
    out = Path(out_dir)
    for docname in notebook_files():
        notebook = jupytext.read(source_path(docname))
        notebook.metadata.pop("jupytext", None)
        target = out / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(notebook, target, fmt="ipynb")
        print(target.relative_to(out))
    (out / "README.md").write_text(
        "Generated notebooks of GRU Lab for Google Colab. Do not edit: the sources are the\n"
        "MyST Markdown chapters on the main branch (`make notebooks`).\n",
        encoding="utf-8",
    )
    print(f"{len(notebook_files())} notebooks written under {out} (from {ROOT})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "_build/notebooks")
