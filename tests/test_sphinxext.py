"""The accessibility parts of the book's Sphinx extension (tools/sphinxext/gru_lab_sphinx.py),
without a build: the bibliography's ARIA roles and the site's style sheet."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "sphinxext"))
import gru_lab_sphinx as ext  # noqa: E402

# What docutils 0.21 writes for a bibliography (sphinxcontrib-bibtex's citation list).
CITATIONS = (
    '<div role="list" class="citation-list">\n'
    '<div class="citation" id="id2" role="doc-biblioentry">\n'
    '<span class="label"><span class="fn-bracket">[</span>Cho14<span class="fn-bracket">]'
    "</span></span><p>Cho et al.</p></div>\n"
    '<div class="citation" id="id3" role="doc-biblioentry">\n<p>Chung et al.</p></div>\n</div>'
)


def test_citation_entries_become_list_items():
    """A list's children must be list items (axe: aria-required-children, critical), and
    doc-biblioentry is deprecated (aria-deprecated-role)."""
    body = ext.accessible_body(CITATIONS)
    assert "doc-biblioentry" not in body
    assert body.count('role="listitem"') == 2
    assert body.replace('role="listitem"', 'role="doc-biblioentry"') == CITATIONS


def test_other_html_is_untouched():
    html = '<p role="note">doc-biblioentry is a word here</p><aside role="doc-footnote"></aside>'
    assert ext.accessible_body(html) == html


def test_style_sheet_is_served_from_a_folder_jupyter_book_leaves_alone():
    """static/, not _static/ (Jupyter Book adds every file of a _static folder to every page)."""
    assert ext.STATIC_DIR.name == "static"
    css = (ext.STATIC_DIR / ext.CSS_FILE).read_text(encoding="utf-8")
    for rule in ("prefers-reduced-motion", "span.math", 'html[data-theme="dark"]'):
        assert rule in css
    assert not (ROOT / "_static").exists()


class _App:
    def __init__(self):
        self.css, self.js, self.events = [], [], {}

    def add_config_value(self, *args):
        pass

    def connect(self, event, handler, priority=500):
        self.events[event] = handler

    def add_css_file(self, name, priority=500):
        self.css.append((name, priority))

    def add_js_file(self, name, priority=500):
        self.js.append((name, priority))


def test_setup_adds_the_style_sheet_after_the_theme():
    app = _App()
    ext.setup(app)
    assert app.css == [(ext.CSS_FILE, 900)] and app.js == [(ext.JS_FILE, 900)]

    class Config:
        def __init__(self):
            self.html_static_path = ["_static_of_jupyter_book"]

    config = Config()
    app.events["config-inited"](app, config)
    app.events["config-inited"](app, config)  # once only
    assert config.html_static_path == ["_static_of_jupyter_book", str(ext.STATIC_DIR)]
