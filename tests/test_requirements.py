"""requirements.txt: exact pins, matching the venv, and installable into a fresh venv."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def requirement_lines() -> list[str]:
    lines = []
    for raw in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("-") else raw.strip()
        if line:
            lines.append(line)
    return lines


def test_every_requirement_is_pinned_exactly():
    """Every line is name==version, so a build installs the same versions every time."""
    for line in requirement_lines():
        if line == "-e .":
            continue
        req = Requirement(line)
        assert re.fullmatch(r"==[^,*]+", str(req.specifier)), f"not an exact pin: {line}"


def test_installed_versions_match_pins():
    """The venv running the tests is the one requirements.txt describes."""
    for line in requirement_lines():
        if line == "-e .":
            continue
        req = Requirement(line)
        if req.marker and not Marker(str(req.marker)).evaluate():
            continue
        pinned = str(req.specifier).removeprefix("==")
        assert metadata.version(req.name) == pinned, req.name


@pytest.mark.slow
def test_requirements_install_into_a_fresh_venv(tmp_path):
    """pip, pointed at a fresh venv, finds every pin for this platform (a --no-deps dry run:
    nothing is installed; about 30 s, mostly index look-ups and building gru_lab's metadata)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--dry-run",
            "--no-deps",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            "requirements.txt",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
