"""Build the Chinese edition into ``_build/html/zh``, after the English build (``make book``).

Usage: python tools/build_zh.py [--root SRC] [SPHINX FLAGS ...]    (e.g. -W -n --keep-going)

``--root`` builds another copy of the sources (the student edition's, ``_build/student_src``)
into ``SRC/_build/html/zh``; the execution cache is always this repository's.

The English pages are the source; the Chinese text comes from ``locales/zh_CN`` (see
``tools/sphinxext/gru_lab_i18n.py``, which ``-D language=zh_CN`` switches on). The build runs
Sphinx itself (not ``jupyter-book build``, whose HTML build would share the English doctrees),
on the ``conf.py`` that ``jupyter-book config sphinx`` writes from ``_config.yml``, with its own
doctrees in ``_build/zh``. It executes nothing: every chapter's outputs come from the English
build's execution cache (``_build/.jupyter_cache``), so both editions show the same numbers and
figures. The result is copied to ``_build/html/zh``, next to the English site, whose vendored
JavaScript (``vendor/``) it shares.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"  # the English build's execution: reused, never rerun


def main(flags: list[str], root: Path = ROOT) -> int:
    start = time.perf_counter()
    build = root / "_build"
    work = build / "zh"           # the Chinese build's own folder (doctrees, catalogs, output)
    site = build / "html" / "zh"  # where it is served, inside the English site
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jb), "config", "sphinx", str(root)], check=True, cwd=root,
                   stdout=subprocess.DEVNULL)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(root / "tools" / "sphinxext"), env.get("PYTHONPATH", "")) if p
    )
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "html", str(root), str(work / "html"),
        "-d", str(work / ".doctrees"),
        "-D", "language=zh_CN",
        "-D", f"nb_execution_cache_path={CACHE}",
        *flags,
    ]
    status = subprocess.run(cmd, cwd=root, env=env).returncode
    if (work / "html").is_dir():
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(work / "html", site)
    print(f"build_zh: the Chinese edition in {site} "
          f"({time.perf_counter() - start:.0f} s, exit {status})")
    return status


def _cli(argv: list[str]) -> int:
    if argv[:1] == ["--root"]:
        return main(argv[2:], Path(argv[1]).resolve())
    return main(argv)


if __name__ == "__main__":
    sys.exit(_cli(sys.argv[1:]))
