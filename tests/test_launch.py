"""Launch and download links on the built pages (offline: nothing is fetched).

Every launch target opens the chapter's notebook edition (the .ipynb that the build writes,
published as the `notebooks` branch): Binder builds that branch, a school's JupyterHub pulls
it with nbgitpuller into its own folder, Colab opens the file on it. The download menu offers
the .md source and the notebook edition.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "sphinxext"))
from gru_lab_sphinx import launch_urls  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from conftest import built_page  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO_URL = CONFIG["repository"]["url"]
NOTEBOOKS_BRANCH = CONFIG["sphinx"]["config"]["gru_lab_notebooks_branch"]
LAUNCH = CONFIG["launch_buttons"]
ORG, REPO = urlsplit(REPO_URL).path.strip("/").split("/")[:2]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def page_links(html_file: Path) -> list[str]:
    parser = _Links()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.hrefs


def test_repository_url_written_once():
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert text.count(REPO_URL) == 1
    assert REPO_URL == "https://github.com/gru-lab/gru-lab"


def test_launch_urls_for_a_chapter():
    """Protects: every launch target opens the notebook edition on the notebooks branch,
    never the MyST .md (whose roles and directives no notebook interface renders)."""
    urls = launch_urls(
        REPO_URL,
        "notebooks",
        "book/01_rnn",
        binderhub_url="https://mybinder.org",
        jupyterhub_url="https://hub.example.edu/",
        colab_url="https://colab.research.google.com",
    )
    assert urls["Binder"] == (
        "https://mybinder.org/v2/gh/gru-lab/gru-lab/notebooks?urlpath=lab/tree/book/01_rnn.ipynb"
    )
    assert urls["Colab"] == (
        "https://colab.research.google.com/github/gru-lab/gru-lab/blob/notebooks/book/01_rnn.ipynb"
    )
    hub = urlsplit(urls["JupyterHub"])
    assert f"{hub.scheme}://{hub.netloc}{hub.path}" == (
        "https://hub.example.edu/hub/user-redirect/git-pull"
    )
    query = {k: v[0] for k, v in parse_qs(hub.query).items()}
    assert query == {
        "repo": "https://github.com/gru-lab/gru-lab",
        "branch": "notebooks",
        # its own folder: a clone of main in gru-lab/ is never switched to another branch
        "targetpath": "gru-lab-notebooks",
        "urlpath": "lab/tree/gru-lab-notebooks/book/01_rnn.ipynb",
    }
    assert "JupyterHub" not in launch_urls(REPO_URL, "notebooks", "book/01_rnn")
    assert not any(url.endswith(".md") or ".md&" in url for url in urls.values())


def test_launch_links_on_every_chapter(notebook_docname, site_dir):
    docname = notebook_docname
    links = page_links(built_page(f"{docname}.html"))

    binder = [u for u in links if u.startswith(LAUNCH["binderhub_url"].rstrip("/") + "/")]
    assert binder == [
        f"https://mybinder.org/v2/gh/{ORG}/{REPO}/{NOTEBOOKS_BRANCH}"
        f"?urlpath=lab/tree/{docname}.ipynb"
    ]
    # the notebook it opens is the one the build wrote (make notebooks publishes it)
    assert (site_dir / "_notebooks" / f"{docname}.ipynb").is_file()

    colab = [u for u in links if u.startswith(LAUNCH["colab_url"].rstrip("/") + "/")]
    assert colab == [
        f"https://colab.research.google.com/github/{ORG}/{REPO}/blob/"
        f"{NOTEBOOKS_BRANCH}/{docname}.ipynb"
    ]

    hub = [u for u in links if "/hub/user-redirect/git-pull?" in u]
    if LAUNCH.get("jupyterhub_url"):
        assert hub == [
            launch_urls(
                REPO_URL, NOTEBOOKS_BRANCH, docname, jupyterhub_url=LAUNCH["jupyterhub_url"]
            )["JupyterHub"]
        ]
    else:
        assert hub == []

    for url in binder + colab + hub:
        assert re.fullmatch(r"https://[A-Za-z0-9.\-]+/[\x21-\x7e]*", url), url


def test_downloads_offer_md_and_the_notebook_edition(notebook_docname, site_dir):
    """Protects: the download menu's .ipynb is the notebook edition (references, numbers and
    outputs resolved), not the theme's copy of the unexecuted MyST source."""
    docname = notebook_docname
    links = page_links(built_page(f"{docname}.html"))
    depth = docname.count("/")
    up = "../" * depth
    for href, path in (
        (f"{up}_sources/{docname}.md", site_dir / "_sources" / f"{docname}.md"),
        (f"{up}_notebooks/{docname}.ipynb", site_dir / "_notebooks" / f"{docname}.ipynb"),
    ):
        assert href in links, f"no download link {href}"
        assert path.is_file()
    assert f"{up}_sources/{docname}.ipynb" not in links


@pytest.mark.parametrize("name", ["requirements.txt", "runtime.txt", "postBuild"])
def test_binder_files(name):
    path = ROOT / name
    assert path.is_file()
    if name == "runtime.txt":
        assert path.read_text().strip() == "python-3.11"
    if name == "requirements.txt":
        lines = path.read_text().splitlines()
        assert "-e ." in lines  # Binder installs gru_lab itself
        assert any(line.startswith("jupytext==") for line in lines)
