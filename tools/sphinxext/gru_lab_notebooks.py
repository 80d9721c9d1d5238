"""The notebook edition: each notebook page of the book as a Jupyter notebook that reads like
the website (loaded through ``_config.yml`` local_extensions).

Binder, Colab, a school's JupyterHub and the download button open these notebooks. They are
written by the HTML build itself, from the doctree that Sphinx has already resolved for the
page (``doctree-resolved``), so every number is the website's: section, equation, figure and
exercise numbers, citations, and the values that ``{glue:text}`` pasted. Nothing is executed
again: the code cells are the page's own, with the outputs of the build's execution (the
jupyter-cache record that myst-nb read).

What a Markdown cell holds (plain CommonMark with ``$`` maths and a little HTML, which
JupyterLab, Notebook 7, VS Code and Colab all render):

- headings with their section numbers; displayed equations as ``$$ … \\tag{2.1} $$``;
- references to equations, figures, sections, chapters and the bibliography as links to the
  website's page, with the website's text ("(2.1)", "Fig. 1.1", "Cho et al. [2014]");
- glued values as the number the build computed, in ``<abbr title="…">`` (dotted underline;
  the title says it was computed by the code above);
- admonitions and exercises as block quotes with a bold title ("**Exercise 1.2** (…)");
  solutions folded in ``<details>``; a solution's code cells follow it, tagged ``solution``
  and collapsed. The student edition builds sources without solutions, so it has none;
- a figure's caption in a Markdown cell right under the code cell that draws it.

Every code cell of the page is kept, in order, including the ones the website hides
(``remove-cell``: the install cell that Colab needs, the cells that compute glued values);
those are placed where the page has them and collapsed (``jupyter.source_hidden``).

The notebooks go to ``<html outdir>/_notebooks/<docname>.ipynb``; ``tools/make_notebooks.py``
publishes them as the ``notebooks`` branch. A node type the converter does not know is
rendered as its text and logged as a warning (``-W`` builds fail on it), so no page can lose
content silently.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from docutils import nodes
from gru_lab_i18n import edition
from sphinx import addnodes
from sphinx.locale import admonitionlabels, get_translation
from sphinx.util import logging

__all__ = ["OUT_DIR", "notebook_for", "setup", "site_url"]

logger = logging.getLogger(__name__)
_ = get_translation("gru_lab")

OUT_DIR = "_notebooks"
#: tags of myst-nb (both spellings) that hide a cell's source or its outputs on the website
HIDE_SOURCE = {"remove-cell", "remove_cell", "remove-input", "remove_input",
               "hide-input", "hide_input", "hide-cell", "hide_cell"}
HIDE_OUTPUT = {"hide-output", "hide_output", "hide-cell", "hide_cell"}
REMOVE_OUTPUT = {"remove-output", "remove_output"}
SOLUTION_TAG = "solution"
GLUE_MIME = "application/papermill.record/"

_STATS = {"notebooks": 0, "seconds": 0.0}


# --------------------------------------------------------------------------- segments


@dataclass
class Code:
    """A code cell of the source notebook (its index among all cells)."""

    index: int
    solution: bool = False


class _Break:
    """Forces a new Markdown cell."""


BREAK = _Break()


class _Banner:
    """The note under the page's title (written once the page's glued values are counted)."""


BANNER = _Banner()


def _runs(segments):
    """Split segments into runs of Markdown blocks and the single code cells between them."""
    run: list[str] = []
    for seg in segments:
        if isinstance(seg, str):
            if seg.strip():
                run.append(seg.strip("\n"))
        else:
            if run:
                yield run
                run = []
            yield seg
    if run:
        yield run


def _prefix(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    out = [first + lines[0]]
    out += [(rest + line) if line.strip() else rest.rstrip() for line in lines[1:]]
    return "\n".join(out)


# --------------------------------------------------------------------------- escaping

_ESCAPE = re.compile(r"([\\`*_\[\]$~])")
_LINE_START = re.compile(r"^(\s*)(#|>|[-+*=](?=\s|$)|\d+(?=[.)](?:\s|$)))", re.M)


def _escape(text: str, table: bool = False) -> str:
    text = _ESCAPE.sub(r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
    if table:
        text = text.replace("|", r"\|")
    return text


def _escape_line_starts(text: str) -> str:
    """A paragraph line that starts like a heading, quote or list item stays text."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _code_span(text: str) -> str:
    text = text.replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fence(text: str, language: str = "") -> str:
    longest = max((len(m) for m in re.findall(r"^`{3,}", text, re.M)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"


def _url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def site_url(app) -> str:
    """The website's address, ending in ``/``: ``gru_lab_site_url``, else ``html_baseurl``,
    else GitHub Pages of the repository (``https://ORG.github.io/REPO/``); the Chinese
    edition's pages are under ``zh/`` there (``tools/build_zh.py``)."""
    url = app.config.gru_lab_site_url or app.config.html_baseurl
    if not url:
        repo_url = (app.config.html_theme_options or {}).get("repository_url") or ""
        if "github.com/" in repo_url:
            org, repo = repo_url.rstrip("/").split("github.com/", 1)[1].split("/")[:2]
            url = f"https://{org.lower()}.github.io/{repo.removesuffix('.git')}/"
    if not url:
        return ""
    url = url.rstrip("/") + "/"
    if edition(app.config.language) == "zh":  # the Chinese edition: zh/
        url += "zh/"
    return url


# --------------------------------------------------------------------------- the converter


class _Converter:
    def __init__(self, app, docname: str, doctree: nodes.document, notebook):
        self.app = app
        self.env = app.env
        self.docname = docname
        self.notebook = notebook
        base = site_url(app)
        self.page_url = urljoin(base, app.builder.get_target_uri(docname)) if base else ""
        self.fignumbers = self.env.toc_fignumbers.get(docname, {})
        self.secnumbers = self.env.toc_secnumbers.get(docname, {})
        lines = notebook.metadata.get("source_map") or []
        visible = {n["cell_index"] for n in doctree.findall(_is_code_cell)}
        self.pending = [
            (lines[i] if i < len(lines) else 0, i)
            for i, cell in enumerate(notebook.cells)
            if cell.cell_type == "code" and i not in visible
        ]
        self.depth = 0
        self.in_table = False
        self.quoted = 0
        self.glued = 0
        self.unknown: set[str] = set()

    # ---- cells the website leaves out: placed where the page has them
    def _flush(self, *, line: int | None = None, index: int | None = None) -> list:
        out = []
        while self.pending and (
            (line is not None and self.pending[0][0] and self.pending[0][0] < line)
            or (index is not None and self.pending[0][1] < index)
        ):
            out.append(Code(self.pending.pop(0)[1]))
        return out

    def convert(self, doctree) -> list:
        segments = self.blocks(doctree.children)
        segments += [Code(i) for _, i in self.pending]
        self.pending = []
        return segments

    # ---- numbers, as the HTML writer computes them
    def _fignumber(self, figtype: str, node) -> str:
        ids = node.get("ids") or [""]
        number = self.fignumbers.get(figtype, {}).get(ids[0])
        return ".".join(map(str, number)) if number else ""

    def _eqnumber(self, node) -> str:
        cfg = self.app.config
        if not node.get("number"):
            return ""
        if cfg.math_numfig and cfg.numfig:
            eqno = self._fignumber("displaymath", node)
            return cfg.math_numsep.join(eqno.rsplit(".", 1)) if eqno else ""
        return str(node["number"])

    def _secnumber(self, section) -> str:
        anchor = "#" + section["ids"][0] if section.get("ids") else ""
        number = self.secnumbers.get(anchor)
        if number is None and self.depth == 0:
            number = self.secnumbers.get("")  # the page's title has no anchor
        if not number:
            return ""
        return ".".join(map(str, number)) + self.app.config.html_secnumber_suffix

    # ---- links
    def _href(self, node) -> str:
        if node.get("refuri"):
            uri = node["refuri"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", uri):  # http:, mailto:, ...
                return uri
            return urljoin(self.page_url, uri) if self.page_url else uri
        if node.get("refid"):
            return f"{self.page_url}#{node['refid']}"
        return ""

    # ---- blocks
    def blocks(self, children) -> list:
        out: list = []
        for child in children:
            out.extend(self.block(child))
        return out

    def block(self, node) -> list:
        pre = self._flush(line=node.line) if isinstance(node, nodes.Element) and node.line else []
        return pre + self._block(node)

    def _block(self, node) -> list:  # noqa: C901 - one dispatch table
        from sphinx_exercise.nodes import (
            exercise_enumerable_node,
            exercise_node,
            solution_node,
        )

        if isinstance(node, nodes.section):
            return self.section(node)
        if isinstance(node, (nodes.title, nodes.target, nodes.comment, addnodes.index,
                             nodes.substitution_definition, nodes.system_message,
                             addnodes.toctree, nodes.meta)):
            return []
        if _is_code_cell(node):
            return self.code_cell(node)
        if isinstance(node, nodes.paragraph):
            return [_escape_line_starts(self.inline(node))]
        if isinstance(node, (exercise_enumerable_node, exercise_node)):
            return self.exercise(node)
        if isinstance(node, solution_node):
            return self.solution(node)
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            return self.list_(node)
        if isinstance(node, nodes.definition_list):
            return self.definition_list(node)
        if isinstance(node, nodes.math_block):
            return [self.math_block(node)]
        if isinstance(node, nodes.literal_block):
            language = node.get("language", "")
            language = "" if language in ("default", "none", "text") else language
            return [_fence(node.astext(), language)]
        if isinstance(node, nodes.block_quote):
            return self.quote(self.blocks(node.children))
        if isinstance(node, nodes.Admonition):
            return self.admonition(node)
        if isinstance(node, nodes.table):
            return [self.table(node)]
        if isinstance(node, nodes.figure):
            return self.figure(node)
        if isinstance(node, nodes.image):
            return [self.image(node)]
        if isinstance(node, nodes.raw):
            return [node.astext()] if "html" in node.get("format", "").split() else []
        if isinstance(node, nodes.rubric):
            return [f"**{self.inline(node)}**"]
        if isinstance(node, nodes.transition):
            return ["---"]
        if isinstance(node, nodes.line_block):
            return ["  \n".join(self.inline(line) for line in node.findall(nodes.line))]
        if isinstance(node, (nodes.compound, nodes.container, nodes.topic, nodes.sidebar,
                             addnodes.compact_paragraph)):
            return self.blocks(node.children)
        if isinstance(node, nodes.Text):
            return [_escape(node.astext())]
        self._unknown(node)
        return self.blocks(node.children) if isinstance(node, nodes.Element) else []

    def _unknown(self, node) -> None:
        name = type(node).__name__
        if name not in self.unknown:
            self.unknown.add(name)
            logger.warning(
                f"notebook edition: no conversion for <{name}> nodes; its text is kept",
                location=node, type="gru_lab", subtype="notebook")

    def section(self, node) -> list:
        if not node.children or not isinstance(node[0], nodes.title):
            return self.blocks(node.children)
        number = self._secnumber(node)
        heading = "#" * min(self.depth + 1, 6) + " " + number + self.inline(node[0])
        out: list = [heading]
        if self.depth == 0:
            out.append(BANNER)
        self.depth += 1
        out += self.blocks(node.children[1:])
        self.depth -= 1
        return out

    def banner(self) -> str:
        link = f"[{_('the website')}]({self.page_url})" if self.page_url else _("the website")
        text = _("This notebook is a page of GRU Lab; it reads as on {link}.").format(link=link)
        if self.glued:
            text += " " + _("Numbers with a dotted underline were computed by the code cells "
                            "when the book was built; run the notebook from the top to compute "
                            "them again.")
        return f"*{text}*"

    def code_cell(self, node) -> list:
        index = node["cell_index"]
        out = self._flush(index=index)
        out.append(Code(index))
        captions = [self.figure_caption(f) for f in node.findall(nodes.figure)]
        captions = [c for c in captions if c]
        if captions:
            out += captions + [BREAK]
        return out

    def figure_caption(self, figure) -> str:
        parts = []
        number = self._fignumber("figure", figure)
        label = self.app.config.numfig_format.get("figure", "Fig. %s") % number if number else ""
        for child in figure.children:
            if isinstance(child, nodes.caption):
                text = self.inline(child)
                parts.append(f"**{label}** {text}" if label else text)
            elif isinstance(child, nodes.legend):
                parts += [s for s in self.blocks(child.children) if isinstance(s, str)]
        return "\n\n".join(parts)

    def figure(self, node) -> list:
        out = [self.image(img) for img in node.findall(nodes.image)]
        caption = self.figure_caption(node)
        return out + ([caption] if caption else [])

    def image(self, node) -> str:
        uri = node.get("uri", "")
        if not re.match(r"^[a-z][a-z0-9+.-]*:", uri):
            # The builder fills ``images`` page by page as it writes; the environment knows
            # every image's unique name from the start (a page written first has no entry yet).
            name = self.app.builder.images.get(uri)
            if not name and uri in self.app.env.images:
                name = self.app.env.images[uri][1]
            uri = urljoin(site_url(self.app), f"{self.app.builder.imagedir}/{name}") if name \
                else urljoin(self.page_url, uri)
        alt = _escape(node.get("alt", ""))
        return f"![{alt}]({_url(uri)})"

    def math_block(self, node) -> str:
        latex = node.astext().strip()
        number = self._eqnumber(node)
        tag = f" \\tag{{{number}}}" if number else ""
        if self.quoted:  # one line: a block quote's "> " would land inside the maths
            return "$$ " + " ".join(line.strip() for line in latex.splitlines()) + tag + " $$"
        return f"$$\n{latex}{tag}\n$$"

    def quote(self, segments, title: str = "", continued: str = "") -> list:
        out: list = []
        first = True
        for run in _runs(segments):
            if not isinstance(run, list):
                out.append(run)
                continue
            head = title if first else continued
            blocks = ([head] if head else []) + run
            out.append(_prefix("\n\n".join(blocks), "> ", "> "))
            first = False
        if first and title:  # a box with nothing but code cells in it
            out.insert(0, _prefix(title, "> ", "> "))
        return out

    def _box(self, title: str, body_nodes) -> list:
        self.quoted += 1
        body = self.blocks(body_nodes)
        self.quoted -= 1
        continued = f"{title} " + _("(continued)")
        return self.quote(body, title, continued)

    def admonition(self, node) -> list:
        if node.children and isinstance(node[0], nodes.title):
            title, body = self.inline(node[0]), node.children[1:]
        else:
            title, body = admonitionlabels.get(node.tagname, node.tagname.title()), node.children
        return self._box(f"**{title}**", body)

    def _exercise_label(self, node) -> str:
        number = self._fignumber("exercise", node)
        fmt = self.app.config.numfig_format.get("exercise", "Exercise %s")
        return fmt % number if number else node.get("title", _("Exercise"))

    def exercise(self, node) -> list:
        title = node[0] if node.children and isinstance(node[0], nodes.title) else None
        head = f"**{self._exercise_label(node)}**"
        if title is not None:
            sub = self.inline(title).strip()
            if sub:
                head += " " + sub
        return self._box(head, node.children[1:] if title is not None else node.children)

    def solution(self, node) -> list:
        title = node[0] if node.children and isinstance(node[0], nodes.title) else None
        summary = title.astext().strip() if title is not None else _("Solution")
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        target = registry.get(node.get("target_label", ""), {}).get("node")
        if target is not None:
            summary += f" ({self._exercise_label(target)})"
        body = self.blocks(node.children[1:] if title is not None else node.children)
        runs = list(_runs(body))
        if runs and isinstance(runs[0], Code):  # a solution that is code only
            runs.insert(0, [])
        out: list = []
        for k, run in enumerate(runs):
            if isinstance(run, Code):
                run.solution = True
                out.append(run)
            elif isinstance(run, list):
                label = summary if k == 0 else f"{summary} " + _("(continued)")
                if k + 1 < len(runs) and isinstance(runs[k + 1], Code):
                    run = [*run, "*" + _("The solution's code follows, collapsed.")
                           + "*"]
                out.append(
                    f"<details>\n<summary><strong>{html.escape(label)}</strong></summary>\n\n"
                    + "\n\n".join(run) + "\n\n</details>"
                )
            else:
                out.append(run)
        return out

    def list_(self, node) -> list:
        enumerated = isinstance(node, nodes.enumerated_list)
        start = int(node.get("start", 1))
        items: list = []
        loose = False
        for i, item in enumerate(node.children):
            marker = f"{start + i}. " if enumerated else "- "
            segs = self.blocks(item.children)
            runs = list(_runs(segs))
            for run in runs:
                if isinstance(run, list):
                    loose = loose or len(run) > 1
                    items.append(_prefix("\n\n".join(run), marker, " " * len(marker)))
                else:
                    items.append(run)
        out: list = []
        buf: list[str] = []
        for item in items + [None]:
            if isinstance(item, str):
                buf.append(item)
                continue
            if buf:
                out.append(("\n\n" if loose else "\n").join(buf))
                buf = []
            if item is not None:
                out.append(item)
        return out

    def definition_list(self, node) -> list:
        items = []
        for item in node.children:
            term = " ".join(self.inline(t) for t in item.findall(nodes.term))
            segs: list = []
            for definition in item.findall(nodes.definition):
                segs += [s for s in self.blocks(definition.children) if isinstance(s, str)]
            text = f"**{term}**" + (f": {segs[0]}" if segs else "")
            if segs[1:]:
                text += "\n\n" + "\n\n".join(segs[1:])
            items.append(_prefix(text, "- ", "  "))
        return ["\n".join(items)]

    def table(self, node) -> str:
        self.in_table = True
        try:
            caption = ""
            for title in node.findall(nodes.title):
                number = self._fignumber("table", node)
                label = self.app.config.numfig_format.get("table", "Table %s") % number \
                    if number else ""
                caption = f"**{label}** {self.inline(title)}".strip()
                break
            rows = []
            head_count = 0
            for part in node.findall(lambda n: isinstance(n, (nodes.thead, nodes.tbody))):
                for row in part.findall(nodes.row):
                    cells = []
                    for entry in row.findall(nodes.entry):
                        blocks = [s for s in self.blocks(entry.children) if isinstance(s, str)]
                        cells.append("<br>".join(b.replace("\n", " ") for b in blocks))
                    rows.append(cells)
                    if isinstance(part, nodes.thead):
                        head_count += 1
            if not rows:
                return caption
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            aligns = []
            first_row = next(node.findall(nodes.row), None)
            entries = list(first_row.findall(nodes.entry)) if first_row is not None else []
            for k in range(width):
                classes = entries[k].get("classes", []) if k < len(entries) else []
                aligns.append(":-:" if "text-center" in classes else
                              "--:" if "text-right" in classes else
                              ":--" if "text-left" in classes else "---")
            head = rows[0] if head_count else [""] * width
            body = rows[1:] if head_count else rows
            lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(aligns) + " |"]
            lines += ["| " + " | ".join(r) + " |" for r in body]
            return (caption + "\n\n" if caption else "") + "\n".join(lines)
        finally:
            self.in_table = False

    # ---- inline
    def inline(self, node) -> str:
        return "".join(self._inline(child) for child in node.children)

    def _wrap(self, node, mark: str) -> str:
        text = self.inline(node)
        stripped = text.strip()
        if not stripped:
            return text
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        return f"{lead}{mark}{stripped}{mark}{trail}"

    def _inline(self, node) -> str:  # noqa: C901 - one dispatch table
        if isinstance(node, nodes.Text):
            return _escape(node.astext(), table=self.in_table)
        if isinstance(node, nodes.strong):
            return self._wrap(node, "**")
        if isinstance(node, nodes.emphasis):
            return self._wrap(node, "*")
        if isinstance(node, nodes.literal):
            return _code_span(node.astext())
        if isinstance(node, nodes.math):
            latex = node.astext().strip()
            if self.in_table:
                latex = latex.replace(r"\|", r"\Vert ").replace("|", r"\vert ")
            return f"${latex}$"
        if isinstance(node, nodes.reference):
            text = self.inline(node) or _escape(node.get("refuri", ""))
            href = self._href(node)
            if not href:
                return text
            title = node.get("reftitle", "")
            title = ' "' + title.replace('"', "&quot;") + '"' if title else ""
            return f"[{text}]({_url(href)}{title})"
        if isinstance(node, nodes.inline) and "pasted-text" in node.get("classes", []):
            self.glued += 1
            tip = html.escape(_("computed by the code above when the book was built"))
            return f'<abbr title="{tip}">{self.inline(node)}</abbr>'
        if isinstance(node, nodes.subscript):
            return f"<sub>{self.inline(node)}</sub>"
        if isinstance(node, nodes.superscript):
            return f"<sup>{self.inline(node)}</sup>"
        if isinstance(node, nodes.image):
            return self.image(node)
        if isinstance(node, nodes.raw):
            return node.astext() if "html" in node.get("format", "").split() else ""
        if isinstance(node, nodes.footnote_reference):
            return f"<sup>{_escape(node.astext())}</sup>"
        if isinstance(node, (nodes.target, addnodes.index)):
            return self.inline(node) if isinstance(node, nodes.Element) else ""
        if isinstance(node, (nodes.inline, nodes.abbreviation, nodes.generated,
                             addnodes.pending_xref, nodes.title_reference, nodes.problematic,
                             addnodes.literal_emphasis, addnodes.literal_strong,
                             nodes.substitution_reference, nodes.caption, nodes.title,
                             nodes.paragraph, addnodes.download_reference)):
            return self.inline(node)
        if isinstance(node, nodes.Element):
            self._unknown(node)
            return self.inline(node)
        return ""


def _is_code_cell(node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"


# --------------------------------------------------------------------------- the notebook


def _outputs(cell, stderr: str, lang: str) -> list:
    """The outputs a notebook keeps, with HTML in every language cut to ``lang``'s (a
    notebook has no stylesheet to hide the others: ``gru_lab.i18n.pick_language``)."""
    from gru_lab.i18n import pick_language

    kept = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") == "stderr" and stderr.startswith("remove"):
            continue
        if kind in ("display_data", "execute_result"):
            data = {k: v for k, v in out.get("data", {}).items() if not k.startswith(GLUE_MIME)}
            if not data:
                continue  # glue(..., display=False): nothing a reader would see
            if "text/html" in data:
                data["text/html"] = pick_language(_joined(data["text/html"]), lang)
            out = {**out, "data": data}
        kept.append(out)
    return kept


def _joined(text) -> str:
    return "".join(text) if isinstance(text, list) else text


def _code_cell(source_cell, code: Code, stderr: str, lang: str):
    import nbformat

    tags = list(source_cell.metadata.get("tags") or [])
    if code.solution and SOLUTION_TAG not in tags:
        tags.append(SOLUTION_TAG)
    metadata = {k: v for k, v in source_cell.metadata.items() if k not in ("mystnb", "tags")}
    outputs = [] if REMOVE_OUTPUT & set(tags) else _outputs(source_cell, stderr, lang)
    jupyter = dict(metadata.get("jupyter") or {})
    if code.solution or HIDE_SOURCE & set(tags):
        jupyter["source_hidden"] = True
    if outputs and (code.solution or HIDE_OUTPUT & set(tags)):
        jupyter["outputs_hidden"] = True
    if jupyter:
        metadata["jupyter"] = jupyter
    if tags:
        metadata["tags"] = tags
    cell = nbformat.v4.new_code_cell(source=source_cell.source, metadata=metadata)
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    cell.execution_count = source_cell.get("execution_count") if outputs else None
    return cell


def _read_notebook(app, docname: str):
    """The page as myst-nb reads it, with the outputs of the build's execution (if cached)."""
    from myst_nb.core.read import create_nb_reader

    env = app.env
    path = env.doc2path(docname)
    text = Path(path).read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
    if reader is None:
        return None
    notebook = reader.read(text)
    if "kernelspec" not in notebook.metadata:
        return None  # a plain Markdown page, not a notebook
    config = env.mystnb_config
    if config.execution_mode == "cache" and config.execution_cache_path:
        from jupyter_cache import get_cache

        try:
            _, notebook = get_cache(config.execution_cache_path).merge_match_into_notebook(
                notebook)
        except KeyError:
            logger.info(f"notebook edition: {docname} has no cached execution (no outputs)")
    return notebook


def notebook_for(app, doctree, docname: str):
    """The notebook edition of one page (an ``nbformat`` notebook), or None for a page that
    is not a notebook."""
    import nbformat

    source = _read_notebook(app, docname)
    if source is None:
        return None
    converter = _Converter(app, docname, doctree, source)
    segments = converter.convert(doctree)
    stderr = app.env.mystnb_config.output_stderr
    lang = edition(app.config.language)
    cells = []
    markdown: list[str] = []

    def flush():
        if markdown:
            cells.append(nbformat.v4.new_markdown_cell("\n\n".join(markdown)))
            markdown.clear()

    order = []
    for seg in segments:
        if seg is BANNER:
            seg = converter.banner()
        if isinstance(seg, str):
            if seg.strip():
                markdown.append(seg.strip("\n"))
        elif isinstance(seg, Code):
            flush()
            cells.append(_code_cell(source.cells[seg.index], seg, stderr, lang))
            order.append(seg.index)
        else:
            flush()
    flush()
    expected = [i for i, c in enumerate(source.cells) if c.cell_type == "code"]
    if order != expected:
        logger.warning(f"notebook edition: {docname}: code cells out of order or lost "
                       f"({order} != {expected})", type="gru_lab", subtype="notebook")
    if lang == "zh":
        _speak_chinese(cells)
    metadata = {k: v for k, v in source.metadata.items()
                if k in ("kernelspec", "language_info", "widgets")}
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=metadata)
    notebook.metadata["gru_lab"] = {"source": str(Path(app.env.doc2path(docname, False))),
                                    "page": converter.page_url}
    return notebook


#: The cell that makes gru_lab's hints and errors Chinese in the Chinese edition's notebooks.
CHINESE_CELL = ("# 本笔记本中 gru_lab 的提示和错误信息用中文显示\n"
                "# （改回英文：gl.set_language(\"en\")）。\n"
                "import gru_lab as gl\n"
                "gl.set_language(\"zh\")")


def _speak_chinese(cells: list) -> None:
    """Insert :data:`CHINESE_CELL` after the first code cell (the install cell)."""
    import nbformat

    first = next((i for i, c in enumerate(cells) if c.cell_type == "code"), -1)
    cell = nbformat.v4.new_code_cell(CHINESE_CELL)
    cell.metadata["tags"] = ["gru-lab-language"]
    cells.insert(first + 1, cell)


def _on_doctree_resolved(app, doctree, docname: str) -> None:
    if app.builder.format != "html" or not app.config.gru_lab_notebooks:
        return
    import nbformat

    start = time.perf_counter()
    notebook = notebook_for(app, doctree, docname)
    if notebook is None:
        return
    nbformat.validate(notebook)
    target = Path(app.outdir, OUT_DIR, f"{docname}.ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
    _STATS["notebooks"] += 1
    _STATS["seconds"] += time.perf_counter() - start


def _on_build_finished(app, exception) -> None:
    if exception is None and _STATS["notebooks"]:
        logger.info(f"notebook edition: {_STATS['notebooks']} notebooks written to "
                    f"{Path(app.outdir, OUT_DIR)} in {_STATS['seconds']:.2f} s")


def setup(app):
    app.add_config_value("gru_lab_notebooks", True, "html")
    app.add_config_value("gru_lab_site_url", "", "html")
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
