"""Read the book's page list from `_toc.yml` (used by tests, benchmarks and tools)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _walk(entries):
    for entry in entries or []:
        if "file" in entry:
            yield entry["file"]
        yield from _walk(entry.get("sections"))
        for part in entry.get("parts") or []:
            yield from _walk(part.get("chapters"))


def toc_files(root: Path = ROOT) -> list[str]:
    """Docnames in reading order, without suffix, relative to the repository root."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts") or []:
        files.extend(_walk(part.get("chapters")))
    files.extend(_walk(toc.get("chapters")))
    return [f.removesuffix(".md").removesuffix(".ipynb") for f in files]


def source_path(docname: str, root: Path = ROOT) -> Path:
    for suffix in (".md", ".ipynb"):
        path = root / f"{docname}{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(f"{docname} is listed in _toc.yml but has no .md or .ipynb file")


def is_notebook(path: Path) -> bool:
    """A page is a notebook when its front matter names a kernel (jupytext header)."""
    if path.suffix == ".ipynb":
        return True
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    front = text.split("---", 2)[1]
    return "kernelspec" in (yaml.safe_load(front) or {})


def notebook_files(root: Path = ROOT) -> list[str]:
    """Docnames of the pages that are notebooks (they execute and get launch buttons)."""
    return [d for d in toc_files(root) if is_notebook(source_path(d, root))]
