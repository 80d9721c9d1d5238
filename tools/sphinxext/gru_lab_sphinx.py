"""Small Sphinx extension for the GRU Lab book (loaded through `_config.yml` local_extensions).

It does two things to every HTML page, after sphinx-book-theme has built its header:

1. Launch links. The theme's Binder/JupyterHub links point at the chapter's MyST ``.md`` (which
   jupytext opens as a notebook); if a stray generated ``.ipynb`` sits next to the ``.md`` the
   theme would link to that uncommitted file instead, so the links are rebuilt here. Colab can
   only open ``.ipynb`` files, so its link points at the generated notebook on the
   ``notebooks`` branch (published by ``make notebooks``), not at the ``.md`` on ``main``.
2. Thebe. Jupyter Book always loads sphinx-thebe, whose configuration script declares
   ``const THEBE_JS_URL`` twice on every page (a console error); the book does not use Thebe,
   so its scripts are removed.

:func:`launch_urls` is pure, so ``tests/test_launch.py`` can check it directly.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

__all__ = ["launch_urls", "setup"]


def _split_github(repo_url: str) -> tuple[str, str]:
    tail = repo_url.rstrip("/").split("github.com/", 1)[1]
    org, repo = tail.split("/")[:2]
    return org, repo.removesuffix(".git")


def launch_urls(
    repo_url: str,
    branch: str,
    notebooks_branch: str,
    pagename: str,
    *,
    binderhub_url: str = "",
    jupyterhub_url: str = "",
    colab_url: str = "",
    interface: str = "jupyterlab",
) -> dict[str, str]:
    """Launch URLs for one chapter.

    ``pagename`` is the Sphinx docname relative to the repository root (``book/01_rnn``).
    Binder and JupyterHub open ``<pagename>.md`` on ``branch``; Colab opens
    ``<pagename>.ipynb`` on ``notebooks_branch``. Empty service URLs give no entry.
    """
    org, repo = _split_github(repo_url)
    ui = {"jupyterlab": "lab/tree", "classic": "tree"}[interface]
    md_path = f"{pagename}.md"
    urls: dict[str, str] = {}
    if binderhub_url:
        base = binderhub_url.rstrip("/")
        urls["Binder"] = f"{base}/v2/gh/{org}/{repo}/{branch}?urlpath={quote(f'{ui}/{md_path}')}"
    if jupyterhub_url:
        # nbgitpuller clones the repository into a folder named after it, then opens the file.
        params = urlencode(
            {"repo": repo_url, "urlpath": f"{ui}/{repo}/{md_path}", "branch": branch}, safe="/"
        )
        urls["JupyterHub"] = f"{jupyterhub_url.rstrip('/')}/hub/user-redirect/git-pull?{params}"
    if colab_url:
        base = colab_url.rstrip("/")
        urls["Colab"] = f"{base}/github/{org}/{repo}/blob/{notebooks_branch}/{pagename}.ipynb"
    return urls


def _is_thebe(script: Any) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "")
    return "thebe" in filename or "THEBE_JS_URL" in body


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]

    opts = app.config.html_theme_options
    launch = opts.get("launch_buttons") or {}
    repo_url = opts.get("repository_url") or ""
    if "github.com/" not in repo_url:
        return
    urls = launch_urls(
        repo_url,
        opts.get("repository_branch") or "main",
        app.config.gru_lab_notebooks_branch,
        pagename,
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


def setup(app):
    app.add_config_value("gru_lab_notebooks_branch", "notebooks", "html")
    # sphinx-book-theme adds its launch buttons at priority 501; run after it.
    app.connect("html-page-context", _on_page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
