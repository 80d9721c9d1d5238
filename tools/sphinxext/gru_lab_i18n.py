"""The Chinese edition from the English sources (loaded through `_config.yml` local_extensions).

The English MyST pages are the only source. ``make book`` builds them twice: in English into
``_build/html`` and, with ``-D language=zh_CN``, in Chinese into ``_build/html/zh`` (see
``tools/build_zh.py``). The Chinese text comes from the gettext catalogs under
``locales/zh_CN/LC_MESSAGES/`` (one ``.po`` per page). This extension does what Sphinx and the
other extensions do not do by themselves:

1. One switch. ``-D language=zh_CN`` is all the Chinese build needs: :func:`_configure_edition`
   then points Sphinx at catalogs prepared for the build (below), at a table of contents with
   translated part captions, at the English site's one copy of the vendored JavaScript, at
   Chinese search (jieba with the glossary as its user dictionary) and at Chinese theme texts.
2. Glued numbers in translated text. A ``{glue:text}`key``` role inside a translated paragraph
   is parsed in a document of its own, where the page's glue data is missing (it renders
   empty). :func:`prepare_catalogs` copies the catalogs into the build folder and rewrites each
   such role in a translation to the cross-document form ``/book/page.md::key:fmt``, which is
   resolved after reading. The catalogs under ``locales/`` keep the form a translator sees in
   the English.
3. What gettext does not extract. myst-nb's figure alt texts and sphinx-exercise's exercise
   titles exist in the doctree when a page is read, but not in the resolved doctree the gettext
   builder reads; :func:`_extend_gettext` adds them to the page's catalog, and the titles are
   translated when a page is read (:func:`_translate_exercise_titles`). (Sphinx's own Locale
   transform translates the alt texts.)
4. A language link on every page, to the same page in the other edition (a header button).
5. The glossary: the ``gru-lab-glossary`` directive writes ``locales/glossary.yml`` as a table,
   with each term's page linked, in the language of the build.
6. No English left behind. Sphinx shows a paragraph whose English has no translation in
   English, silently. In the Chinese build every such paragraph, heading, caption, alt text or
   exercise title is a warning naming the page and line (so ``make test``, which builds with
   ``-W``, fails on an English edit whose catalog was not updated: run ``make catalogs`` and
   translate).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
GLOSSARY = LOCALES / "glossary.yml"
ZH_PREFIX = "zh"  # the Chinese edition's folder inside the site

GLUE = re.compile(r"\{glue:text\}`([^`]+)`")
HAN = re.compile(r"[\u3400-\u9fff]")
logger = logging.getLogger(__name__)

# Words of the site itself (not of a page), by language: one table.
TEXT = {
    "en": {
        "other_language": "中文",
        "other_language_tooltip": "阅读本页的中文版",
        "glossary_head": ["Term", "Chinese", "Symbol", "Introduced in"],
    },
    "zh": {
        "other_language": "English",
        "other_language_tooltip": "Read this page in English",
        "search_bar_text": "搜索本书……",
        "extra_footer": (
            '<p>文字：<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>。'
            "代码：MIT。© 2026 GRU Lab 作者。</p>\n"
        ),
        "glossary_head": ["术语", "英文", "符号", "首次出现"],
        "code_prompt_show": "显示代码",
        "code_prompt_hide": "隐藏代码",
        "toggle_hint_show": "点击展开",
        "toggle_hint_hide": "点击收起",
        "author": "GRU Lab 作者",
    },
}


def edition(language: str | None) -> str:
    """``"zh"`` for a Chinese build (``zh_CN``, ``zh``), else ``"en"``."""
    return "zh" if (language or "").lower().startswith("zh") else "en"


def glossary() -> list[dict]:
    """The glossary's rows (``locales/glossary.yml``)."""
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))


def jieba_userdict(path: Path) -> Path:
    """Write the glossary's Chinese terms as a jieba user dictionary (one word per line), so
    that Chinese search finds 隐状态 or 重置门 as words instead of splitting them."""
    words = sorted({row["zh"] for row in glossary() if re.search(r"[\u3400-\u9fff]", row["zh"])})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{w} 100000 n\n" for w in words), encoding="utf-8")
    return path


def glue_cross_document(text: str, docname: str) -> str:
    """``text`` with each ``{glue:text}`key[:fmt]``` made cross-document (``/docname.md::key:fmt``).

    A format is always given: myst-nb splits the format off at the last colon, which would
    otherwise cut into ``::``.
    """

    def repl(m: re.Match) -> str:
        body = m.group(1)
        if "::" in body:
            return m.group(0)
        key, _, fmt = body.partition(":")
        return f"{{glue:text}}`/{docname}.md::{key}:{fmt or 's'}`"

    return GLUE.sub(repl, text)


def prepare_catalogs(src: Path, dest: Path, language: str = "zh_CN") -> Path:
    """Copy ``src/<language>/LC_MESSAGES/**/*.po`` to ``dest`` with the glue roles of every
    translation made cross-document (:func:`glue_cross_document`). Returns ``dest``, for
    ``locale_dirs``; Sphinx compiles the ``.mo`` files there."""
    from babel.messages.pofile import read_po, write_po

    base = src / language / "LC_MESSAGES"
    for po in sorted(base.rglob("*.po")):
        docname = po.relative_to(base).with_suffix("").as_posix()
        with po.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            if message.id and isinstance(message.string, str) and "{glue:text}" in message.string:
                message.string = glue_cross_document(message.string, docname)
        out = dest / language / "LC_MESSAGES" / po.relative_to(base)
        out.parent.mkdir(parents=True, exist_ok=True)
        text = _po_bytes(catalog, write_po)
        if not out.exists() or out.read_bytes() != text:  # unchanged: no new .mo, no re-read
            out.write_bytes(text)
    return dest


def _po_bytes(catalog, write_po) -> bytes:
    import io

    buf = io.BytesIO()
    write_po(buf, catalog, width=76)
    return buf.getvalue()


def translated_toc(toc_path: Path, catalog_path: Path, out: Path) -> Path:
    """``_toc.yml`` with its part captions translated from the root page's catalog (Sphinx
    extracts the captions but never applies them: the TOC is built after translation)."""
    from babel.messages.pofile import read_po

    with catalog_path.open("rb") as fh:
        catalog = read_po(fh)
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        message = catalog.get(part.get("caption", ""))
        if message is not None and message.string and "fuzzy" not in message.flags:
            part["caption"] = message.string
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def _configure_edition(app, config) -> None:
    """Everything a Chinese build changes, from ``-D language=zh_CN`` alone."""
    if edition(config.language) != "zh":
        return
    work = Path(app.outdir).parent  # _build/zh: the Chinese build's own folder
    config.locale_dirs = [str(prepare_catalogs(LOCALES, work / "locales"))]
    _add_extension_words(app, work / "locales")
    toc = Path(app.srcdir) / config.external_toc_path
    root = yaml.safe_load(toc.read_text(encoding="utf-8"))["root"]
    config.external_toc_path = str(
        translated_toc(toc, LOCALES / "zh_CN" / "LC_MESSAGES" / f"{root}.po", work / "_toc.zh.yml")
    )
    # One copy of the vendored JavaScript: the English site's, one folder up.
    config.html_extra_path = []
    config.mathjax_path = "../" + config.mathjax_path
    config.nb_ipywidgets_js = {"../" + k: v for k, v in config.nb_ipywidgets_js.items()}
    text = TEXT["zh"]
    config.author = text["author"]
    config.html_show_copyright = False  # the footer's own line says it: "© 2026 GRU Lab 作者"
    options = dict(config.html_theme_options)
    options["search_bar_text"] = text["search_bar_text"]
    options["extra_footer"] = text["extra_footer"]
    config.html_theme_options = options
    # myst-nb's folded code cells ("Show code cell source"): its words are a config value.
    config.nb_code_prompt_show = text["code_prompt_show"]
    config.nb_code_prompt_hide = text["code_prompt_hide"]
    # sphinx-togglebutton's hint on folded solutions and dropdowns ("Click to show")
    config.togglebutton_hint = text["toggle_hint_show"]
    config.togglebutton_hint_hide = text["toggle_hint_hide"]
    config.html_search_language = "zh"
    config.html_search_options = {"dict": str(jieba_userdict(work / "jieba_userdict.txt"))}


#: Catalogs of extensions' own words, in ``locales/zh_CN/LC_MESSAGES/``: sphinx-exercise's
#: ("Solution", missing from its own zh_CN catalog) and the notebook edition's (``gru_lab``).
EXTENSION_CATALOGS = ("exercise", "gru_lab")


def _add_extension_words(app, locale_dir: Path) -> None:
    """Compile and add :data:`EXTENSION_CATALOGS` (as fallbacks to the extensions' own)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for name in EXTENSION_CATALOGS:
        po = locale_dir / "zh_CN" / "LC_MESSAGES" / f"{name}.po"
        with po.open("rb") as fh:
            catalog = read_po(fh)
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)
        app.add_message_catalog(name, str(locale_dir))


# ------------------------------------------------------------------ what gettext misses
def _extra_messages(doctree) -> list[tuple[nodes.Node, str]]:
    """Figure alt texts and exercise titles of a page as read (before post-transforms)."""
    found = []
    for node in doctree.findall(nodes.image):
        if node.get("alt"):
            found.append((node, node["alt"]))
    for node in doctree.findall(_is_exercise_subtitle):
        found.append((node, node.astext()))
    return found


def _is_exercise_subtitle(node) -> bool:
    return type(node).__name__ == "exercise_subtitle"


def _remember_messages(app, doctree) -> None:
    if app.builder.name != "gettext":
        return
    store = app.env.__dict__.setdefault("gru_lab_extra_messages", {})
    messages = []
    for node, text in _extra_messages(doctree):
        source = node.source or doctree.get("source") or app.env.doc2path(app.env.docname)
        messages.append((text, str(source), node.line or 0))
    store[app.env.docname] = messages


def _merge_messages(app, env, docnames, other) -> None:
    store = env.__dict__.setdefault("gru_lab_extra_messages", {})
    store.update(other.__dict__.get("gru_lab_extra_messages", {}))


def _extend_gettext(app) -> None:
    """Make the gettext builder also write each page's alt texts and exercise titles."""
    if app.builder.name != "gettext":
        return
    from sphinx.builders.gettext import MsgOrigin

    builder = app.builder
    write_doc = builder.write_doc

    def write_doc_with_extras(docname, doctree):
        write_doc(docname, doctree)
        catalog = builder.catalogs[docname_to_domain(docname, builder.config.gettext_compact)]
        for text, source, line in app.env.__dict__.get("gru_lab_extra_messages", {}).get(
            docname, []
        ):
            catalog.add(text, MsgOrigin(source, line))

    builder.write_doc = write_doc_with_extras


def _translate_exercise_titles(app, doctree) -> None:
    """Translate each exercise's title from the page's catalog (Chinese build only)."""
    if edition(app.config.language) != "zh":
        return
    from sphinx.locale import init as init_locale

    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    dirs = [str(Path(app.srcdir, d)) for d in app.config.locale_dirs]
    catalog, has_catalog = init_locale(dirs, app.config.language, domain)
    if not has_catalog:
        return
    for node in list(doctree.findall(_is_exercise_subtitle)):
        if all(isinstance(child, nodes.Text) for child in node.children):
            text = node.astext()
            translated = catalog.gettext(text)
            if translated and translated != text:
                node.children = []
                node += nodes.Text(translated)
            elif needs_translation(text):
                _warn_untranslated(text, node.parent if node.parent is not None else node)


def needs_translation(text: str) -> bool:
    """Whether English ``text`` has words a Chinese reader must not meet (the catalogs'
    checker's rule, ``tools/check_catalogs.py``)."""
    import sys

    tools = str(ROOT / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    from check_catalogs import _needs_translation

    return _needs_translation(text)


def _warn_untranslated(text: str, node) -> None:
    logger.warning(
        "untranslated in the Chinese edition: %r (run `make catalogs`, then translate it in "
        "locales/zh_CN)", text[:70], location=node, type="gru_lab", subtype="untranslated",
    )


def _report_untranslated(app, doctree) -> None:
    """Warn for every translatable text that the Chinese build leaves in English."""
    if edition(app.config.language) != "zh":
        return
    for node, text in extract_messages(doctree):
        if type(node).__name__ in ("exercise_title", "solution_title"):
            continue  # titles: _translate_exercise_titles; "Solution": sphinx-exercise
        if isinstance(node, nodes.image):
            done = bool(HAN.search(node.get("alt", "")))
        else:
            done = bool(node.get("translated"))
        if not done and needs_translation(text):
            _warn_untranslated(text, node)


# ------------------------------------------------------------------ language link
def other_edition_url(pagename: str, language: str, pathto) -> str:
    """The same page in the other edition, relative to the current page."""
    if edition(language) == "zh":
        return pathto(f"../{pagename}.html", 1)  # zh/<page>.html -> <page>.html
    return pathto(f"{ZH_PREFIX}/{pagename}.html", 1)


def _language_switch(app, pagename, templatename, context, doctree) -> None:
    if "header_buttons" not in context or app.builder.format != "html":
        return
    text = TEXT[edition(app.config.language)]
    context["header_buttons"].insert(0, {
        "type": "link",
        "url": other_edition_url(pagename, app.config.language, context["pathto"]),
        "text": text["other_language"],
        "tooltip": text["other_language_tooltip"],
        "icon": "fas fa-language",
        "label": "language-switch-button",
    })


# ------------------------------------------------------------------ glossary table
class GlossaryTable(Directive):
    """``{gru-lab-glossary}``: the glossary of both editions as one table."""

    has_content = False

    def run(self):
        env = self.state.document.settings.env
        lang = edition(env.config.language)
        head = TEXT[lang]["glossary_head"]
        table = nodes.table(classes=["gru-lab-glossary"])
        group = nodes.tgroup(cols=4)
        table += group
        group.extend(nodes.colspec(colwidth=w) for w in (30, 20, 10, 40))
        thead = nodes.thead()
        group += thead
        thead += self._row([nodes.Text(h) for h in head])
        tbody = nodes.tbody()
        group += tbody
        for term in glossary():
            first, second = (term["en"], term["zh"]) if lang == "en" else (term["zh"], term["en"])
            symbol = term.get("symbol") or ""
            sym = nodes.math(symbol, symbol.strip("$")) if symbol else nodes.Text("")
            ref = addnodes.pending_xref(
                "", refdomain="std", reftype="doc", reftarget="/" + term["page"],
                refexplicit=False, refwarn=True, refdoc=env.docname,
            )
            ref += nodes.literal(term["page"], term["page"])
            tbody += self._row([nodes.Text(first), nodes.Text(second), sym, ref])
        return [table]

    @staticmethod
    def _row(cells) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            para = nodes.paragraph()
            para += cell
            entry += para
            row += entry
        return row


#: The themes' words that their zh_CN catalogs lack (or write in traditional characters: 列印),
#: and the words their templates hard-code (tooltips, ARIA labels): replaced in the Chinese
#: pages once they are written: in attributes, and as the text of the theme's buttons.
THEME_WORDS_ZH = {
    "Suggest edit": "建议修改",
    "Open issue": "报告问题",
    "Repository": "代码仓库",
    "Source repositories": "源代码仓库",
    "Launch interactive content": "启动交互式内容",
    "Launch on Binder": "在 Binder 上运行",
    "Launch on Colab": "在 Colab 上运行",
    "Launch on JupyterHub": "在 JupyterHub 上运行",
    "Binder logo": "Binder 标志",
    "Colab logo": "Colab 标志",
    "JupyterHub logo": "JupyterHub 标志",
    "Toggle primary sidebar": "显示或隐藏左侧目录",
    "Toggle secondary sidebar": "显示或隐藏本页目录",
    "Color mode": "配色模式",
    "System Settings": "跟随系统",
    "Main": "全书目录",
    "Page": "本页",
    "列印成 PDF": "打印为 PDF",
    "Link to this heading": "链接到本标题",
    "Link to this equation": "链接到本公式",
    "Link to this image": "链接到本图",
    "Link to this table": "链接到本表",
    "Link to this code": "链接到本代码",
    "Toggle hidden content": "展开或收起隐藏的内容",
}


def _theme_words_in_chinese(html: str) -> str:
    """``html`` with :data:`THEME_WORDS_ZH` replaced in attribute values and in the theme's
    button texts (never in the page's own text)."""
    for english, chinese in THEME_WORDS_ZH.items():
        word = re.escape(english)
        html = re.sub(f'((?:title|aria-label|data-bs-title|alt)=")({word})(")',
                      lambda m, c=chinese: m[1] + c + m[3], html)
        html = re.sub(f'(<span class="btn__text-container">\\s*){word}(\\s*</span>)',
                      lambda m, c=chinese: m[1] + c + m[2], html)
    return html


def _translate_theme_words(app, exception) -> None:
    if exception is not None or edition(app.config.language) != "zh":
        return
    if app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _theme_words_in_chinese(text)
        if new != text:
            page.write_text(new, encoding="utf-8")


def _one_document(app, doctree) -> None:
    """Point every node at the page's own document. Sphinx parses each translated message as a
    small document of its own and moves its nodes into the page, where they keep a reference to
    it, and through its settings to the whole build environment: each Chinese doctree pickled
    to 11 MB (a copy of the environment) instead of 30 kB, and loading them took a quarter of
    the Chinese build."""
    for node in doctree.findall():
        if getattr(node, "_document", None) not in (None, doctree):
            node.document = doctree


def setup(app):
    # Before sphinx-external-toc reads the table of contents (priority 500).
    app.connect("config-inited", _configure_edition, priority=100)
    app.connect("builder-inited", _extend_gettext)
    app.connect("doctree-read", _remember_messages)
    app.connect("doctree-read", _translate_exercise_titles)
    app.connect("doctree-read", _report_untranslated)
    app.connect("doctree-read", _one_document, priority=900)
    app.connect("env-merge-info", _merge_messages)
    app.connect("html-page-context", _language_switch, priority=950)
    app.connect("build-finished", _translate_theme_words)
    app.add_directive("gru-lab-glossary", GlossaryTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
