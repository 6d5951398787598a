"""Shared helpers: build small portfolios on disk and lint them."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from partnerkit.diagnostics import Diagnostic
from partnerkit.lint import lint
from partnerkit.load.source import WorkingTree
from partnerkit.settings import load_config

AS_OF = dt.date(2026, 11, 25)
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "portfolio"
BASE = REPO / "tests" / "fixtures" / "base"
"""A small portfolio that lints clean as of AS_OF: the starting point of rule cases and scores."""

RISKY = {
    "partnerships/good/risks.yaml": """\
        risks:
          - id: R1
            title: Partner acquired by a competitor
            category: strategic
            likelihood: 4
            impact: 5
            owner: ana
        """,
}
"""An open 4 x 5 risk without mitigation: one PK403 finding at partnerships/good/risks.yaml:2:5."""

CHARTER = """\
id: {id}
name: {id} partnership
partner: {{name: {id} Ltd}}
type: technology
tier: standard
stage: prospect
"""


def write_portfolio(root: Path, files: dict[str, str | bytes], partnerships: tuple[str, ...] = ("good",)) -> Path:
    """A portfolio with a config, people and one charter per partnership, plus ``files``."""
    base: dict[str, str | bytes] = {
        "partnerkit.yaml": "version: 1\n",
        "people.yaml": "people:\n  ana: {name: Ana Lima}\n",
    }
    for pid in partnerships:
        base[f"partnerships/{pid}/charter.yaml"] = CHARTER.format(id=pid)
    base.update(files)
    for name, content in base.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def invoke(args: list[str], **kwargs: object) -> Result:
    """Run partnerkit in-process through Typer's runner. A traceback fails the test with its
    exception instead of reading as exit 1, the same as "findings"."""
    from partnerkit.cli.app import app

    return CliRunner().invoke(app, args, catch_exceptions=False, **kwargs)  # type: ignore[arg-type]


def run_lint(root: Path, as_of: dt.date = AS_OF) -> list[Diagnostic]:
    return lint(WorkingTree(root), load_config(root), as_of).diagnostics


@pytest.fixture(autouse=True)
def _no_inherited_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output is laid out for COLUMNS when it is set: a width exported by the shell (or by a
    test runner's workers) must not reflow what the tests read. Tests of widths set their own."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A writable copy of the clean BASE portfolio."""
    root = tmp_path / "portfolio"
    shutil.copytree(BASE, root)
    return root


@pytest.fixture
def portfolio(tmp_path: Path):
    """Build a portfolio in a temporary folder and return its diagnostics."""

    def build(files: dict[str, str | bytes], partnerships: tuple[str, ...] = ("good",)) -> list[Diagnostic]:
        return run_lint(write_portfolio(tmp_path, files, partnerships))

    return build


def console_script() -> str:
    """The installed `partnerkit` command, to run as users do: as a subprocess."""
    found = shutil.which("partnerkit", path=str(Path(sys.executable).parent)) or shutil.which("partnerkit")
    assert found, "the partnerkit console script is not installed"
    return found
