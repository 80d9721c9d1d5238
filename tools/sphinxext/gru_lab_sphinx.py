"""Small Sphinx extension for the GRU Lab book (loaded through `_config.yml` local_extensions).

It does four things to every HTML page, after sphinx-book-theme has built its header:

1. Launch links. Every launch target opens the page's notebook edition, the ``.ipynb`` that
   ``gru_lab_notebooks`` writes during the build and ``make notebooks`` publishes as the
   ``notebooks`` branch (the notebooks, laid out like the repository, with the files that
   install ``gru_lab``): Binder builds that branch and opens the notebook; a school's
   JupyterHub gets an nbgitpuller link that clones the branch into its own folder; Colab
   opens the notebook on the branch. None of them opens the MyST ``.md`` source, whose markup
   (roles, directives) no notebook interface renders.
2. Download. The menu's ``.ipynb`` entry offers the notebook edition
   (``_notebooks/<page>.ipynb``) instead of the theme's copy of the unexecuted source.
3. Thebe. Jupyter Book always loads sphinx-thebe, whose configuration script declares
   ``const THEBE_JS_URL`` twice on every page (a console error); the book does not use Thebe,
   so its scripts are removed.
4. Accessibility. It adds ``static/gru_lab.css`` to every page (contrast, dark colour scheme,
   phone width, reduced motion: see the comments in that file) and ``static/gru_lab.js`` (the
   theme measures its scrolling boxes again when the colour scheme changes), and
   :func:`accessible_body` repairs the ARIA roles docutils writes into the bibliography.

The folder is ``static/``, not ``_static/``: Jupyter Book would add every file of a
``_static`` folder next to ``_config.yml`` to every page by itself.

:func:`launch_urls` and :func:`accessible_body` are pure, so ``tests/test_launch.py`` and
``tests/test_sphinxext.py`` can check them directly.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

__all__ = ["accessible_body", "launch_urls", "setup"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
CSS_FILE = "gru_lab.css"
JS_FILE = "gru_lab.js"


def _split_github(repo_url: str) -> tuple[str, str]:
    tail = repo_url.rstrip("/").split("github.com/", 1)[1]
    org, repo = tail.split("/")[:2]
    return org, repo.removesuffix(".git")


def launch_urls(
    repo_url: str,
    notebooks_branch: str,
    pagename: str,
    *,
    binderhub_url: str = "",
    jupyterhub_url: str = "",
    colab_url: str = "",
    interface: str = "jupyterlab",
) -> dict[str, str]:
    """Launch URLs for one page: each opens ``<pagename>.ipynb`` on ``notebooks_branch``.

    ``pagename`` is the Sphinx docname relative to the repository root (``book/01_rnn``).
    nbgitpuller clones the branch into ``<repo>-<branch>/`` (its ``targetpath``), so that it
    never mixes the notebooks with a clone of the sources in ``<repo>/``. Empty service URLs
    give no entry.
    """
    org, repo = _split_github(repo_url)
    ui = {"jupyterlab": "lab/tree", "classic": "tree"}[interface]
    notebook = f"{pagename}.ipynb"
    urls: dict[str, str] = {}
    if binderhub_url:
        base = binderhub_url.rstrip("/")
        urls["Binder"] = (
            f"{base}/v2/gh/{org}/{repo}/{notebooks_branch}?urlpath={quote(f'{ui}/{notebook}')}"
        )
    if jupyterhub_url:
        folder = f"{repo}-{notebooks_branch}"
        params = urlencode(
            {"repo": repo_url, "branch": notebooks_branch, "targetpath": folder,
             "urlpath": f"{ui}/{folder}/{notebook}"},
            safe="/",
        )
        urls["JupyterHub"] = f"{jupyterhub_url.rstrip('/')}/hub/user-redirect/git-pull?{params}"
    if colab_url:
        base = colab_url.rstrip("/")
        urls["Colab"] = f"{base}/github/{org}/{repo}/blob/{notebooks_branch}/{notebook}"
    return urls


def _is_thebe(script: Any) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "")
    return "thebe" in filename or "THEBE_JS_URL" in body


def _offer_notebook_download(app, pagename, context) -> None:
    """Point the download menu's ``.ipynb`` entry at the notebook edition of the page."""
    from gru_lab_notebooks import OUT_DIR

    if not Path(app.outdir, OUT_DIR, f"{pagename}.ipynb").is_file():
        return
    url = context["pathto"](f"{OUT_DIR}/{pagename}.ipynb", 1)
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            if button.get("label") == "download-notebook-button":
                button["url"] = url


def accessible_body(body: str) -> str:
    """The page's HTML body with the ARIA roles that axe-core rejects replaced.

    docutils writes a citation list as ``<div role="list">`` whose entries carry
    ``role="doc-biblioentry"``: a role that DPUB-ARIA 1.1 deprecates, and one that a list
    does not accept as its child (axe: aria-deprecated-role, aria-required-children). The
    entries become ``role="listitem"``, which is what DPUB-ARIA now asks for.
    """
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = accessible_body(context["body"])
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]

    _offer_notebook_download(app, pagename, context)
    opts = app.config.html_theme_options
    launch = opts.get("launch_buttons") or {}
    repo_url = opts.get("repository_url") or ""
    if "github.com/" not in repo_url:
        return
    # The Chinese edition's notebooks sit under zh/ on the notebooks branch (make notebooks).
    chinese = (app.config.language or "").lower().startswith("zh")
    urls = launch_urls(
        repo_url,
        app.config.gru_lab_notebooks_branch,
        f"zh/{pagename}" if chinese else pagename,
        binderhub_url=launch.get("binderhub_url", ""),
        jupyterhub_url=launch.get("jupyterhub_url", ""),
        colab_url=launch.get("colab_url", ""),
        interface=launch.get("notebook_interface", "jupyterlab"),
    )
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") in urls:
                button["url"] = urls[button["text"]]


def _add_static_path(app, config) -> None:
    if str(STATIC_DIR) not in map(str, config.html_static_path):
        config.html_static_path.append(str(STATIC_DIR))


def setup(app):
    app.add_config_value("gru_lab_notebooks_branch", "notebooks", "html")
    app.connect("config-inited", _add_static_path)
    # Sphinx copies static files only when it writes a page; a config value that follows the
    # style sheet's content makes an edit of it rewrite every page (and so copy it).
    sha = hashlib.sha256()
    for name in (CSS_FILE, JS_FILE):
        sha.update((STATIC_DIR / name).read_bytes())
    app.add_config_value("gru_lab_static_sha256", sha.hexdigest()[:16], "html")
    # After the theme's own style sheets (priority 500), so that its rules can be overridden.
    app.add_css_file(CSS_FILE, priority=900)
    app.add_js_file(JS_FILE, priority=900)
    # sphinx-book-theme adds its launch buttons at priority 501; run after it.
    app.connect("html-page-context", _on_page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
