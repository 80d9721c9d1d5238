"""Build the Chinese edition into ``_build/html/zh``, after the English build (``make book``).

Usage: python tools/build_zh.py [SPHINX FLAGS ...]     (e.g. -W -n --keep-going)

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
BUILD = ROOT / "_build"
WORK = BUILD / "zh"           # the Chinese build's own folder (doctrees, catalogs, output)
SITE = BUILD / "html" / "zh"  # where it is served, inside the English site


def main(flags: list[str]) -> int:
    start = time.perf_counter()
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jb), "config", "sphinx", str(ROOT)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "tools" / "sphinxext"), env.get("PYTHONPATH", "")) if p
    )
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "html", str(ROOT), str(WORK / "html"),
        "-d", str(WORK / ".doctrees"),
        "-D", "language=zh_CN",
        "-D", f"nb_execution_cache_path={BUILD / '.jupyter_cache'}",
        *flags,
    ]
    status = subprocess.run(cmd, cwd=ROOT, env=env).returncode
    if (WORK / "html").is_dir():
        shutil.rmtree(SITE, ignore_errors=True)
        shutil.copytree(WORK / "html", SITE)
    print(f"build_zh: the Chinese edition in {SITE.relative_to(ROOT)} "
          f"({time.perf_counter() - start:.0f} s, exit {status})")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
