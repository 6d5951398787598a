"""A wheel installed on a fresh virtual environment works without the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO

pytestmark = pytest.mark.slow  # builds, installs or runs external tools: minutes in all


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_wheel_ships_templates_and_schemas_and_lints_the_example(tmp_path: Path) -> None:
    built = run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp_path / "dist", REPO)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("partnerkit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "partnerkit/templates/rules.md.j2" in names
    assert "partnerkit/schemas/charter.schema.json" in names

    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    installed = run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    lint = run(venv / "bin" / "partnerkit", "lint", EXAMPLE, "--as-of", "2026-11-25", cwd=elsewhere)
    assert lint.returncode == 1, lint.stderr  # the example carries deliberate errors
    assert "partnerships/" in lint.stdout and "Traceback" not in lint.stderr
    catalogue = run(venv / "bin" / "partnerkit", "rules", "--format", "markdown", cwd=elsewhere)
    assert catalogue.returncode == 0 and catalogue.stdout == (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
