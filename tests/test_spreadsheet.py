"""CSV export (safe from formula injection) and import (all rows valid, or nothing written)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from partnerkit.author.spreadsheet import cell
from tests.conftest import EXAMPLE, REPO, invoke, run_lint


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_values_are_neutralised(value: str) -> None:
    assert cell(value) == "'" + value
    assert cell("Acme = good") == "Acme = good" and cell(None) == "" and cell(5) == "5"


def test_export_partnerships_one_row_each_with_buckets_and_scores() -> None:
    result = invoke(["export", str(EXAMPLE), "--as-of", "2026-11-25"])
    assert result.exit_code == 0
    table = rows(result.output)
    assert len(table) == 10
    harbor = next(r for r in table if r["id"] == "harbor-crm")
    assert (harbor["Monetize"], harbor["Align"], harbor["stage"], harbor["band"]) == (
        "red",
        "amber",
        "exiting",
        "watch",
    )
    snowpeak = next(r for r in table if r["id"] == "snowpeak-data")
    assert snowpeak["open_high_risks"] == "1" and snowpeak["score"] == "87"


def test_export_items_and_injection_safety(tmp_path: Path) -> None:
    copy = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, copy)
    risks = copy / "partnerships/snowpeak-data/risks.yaml"
    risks.write_text(risks.read_text().replace("title: ", "title: \"=cmd|' /C calc'!A0 \" # ", 1))
    result = invoke(["export", str(copy), "--as-of", "2026-11-25", "--what", "risks", "-o", str(tmp_path / "r.csv")])
    assert result.exit_code == 0, result.output
    table = rows((tmp_path / "r.csv").read_text())
    assert table[0].keys() >= {"partnership", "id", "title", "likelihood", "impact", "exposure"}
    assert not any(v.startswith(("=", "+", "-", "@")) for r in table for v in r.values())
    assert any(r["title"].startswith("'=cmd") for r in table)
    for what in ("kpis", "actions"):
        assert len(rows(invoke(["export", str(EXAMPLE), "--what", what]).output)) > 10


TRACKER = """Partner Name,ID,Name,Relationship type,Tier,Stage,Owner,Account manager notes
Acme Cloud Inc.,acme-cloud,Acme Cloud integration,technology,key,active,ana,keep
"Widgets, Ltd",widgets,Widgets reseller,reseller,,,,
"""


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "portfolio"
    shutil.copytree(REPO / "tests/fixtures/base", root)
    monkeypatch.chdir(root)
    return root


def test_import_creates_valid_partnerships_from_a_tracker(portfolio: Path, tmp_path: Path) -> None:
    (tmp_path / "tracker.csv").write_text(TRACKER)
    result = invoke(["import", str(tmp_path / "tracker.csv")])
    assert result.exit_code == 0, result.output
    assert "Imported 2 partnerships." in result.output
    charter = (portfolio / "partnerships/widgets/charter.yaml").read_text()
    assert 'name: "Widgets, Ltd"' in charter and 'stage: "prospect"' in charter
    assert not {d.code for d in run_lint(portfolio)} & {"PK001", "PK002", "PK003", "PK004", "PK005"}


def test_import_writes_nothing_when_a_row_is_invalid(portfolio: Path, tmp_path: Path) -> None:
    (tmp_path / "tracker.csv").write_text(
        TRACKER + "Nope,Bad Id,Bad,alliance,,,zed,\nAgain,acme,Dup of the fixture,technology,,,,\n"
    )
    result = invoke(["import", str(tmp_path / "tracker.csv")])
    assert result.exit_code == 2
    assert "tracker.csv:4: id 'Bad Id' is not a valid id" in result.output
    assert "type 'alliance' is not one of" in result.output and "owner 'zed' is not a handle" in result.output
    assert "tracker.csv:5: id 'acme' already exists" in result.output
    assert sorted(p.name for p in (portfolio / "partnerships").iterdir()) == ["acme"]
    skipped = invoke(["import", str(tmp_path / "tracker.csv"), "--skip-invalid"])
    assert skipped.exit_code == 0 and "Imported 2 partnerships; skipped 2 invalid rows." in skipped.output
    assert (portfolio / "partnerships/acme/charter.yaml").read_text() == (
        REPO / "tests/fixtures/base/partnerships/acme/charter.yaml"
    ).read_text()


def test_import_maps_unknown_headers(portfolio: Path, tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("Account,Code,Title,Kind of deal\nAcme Inc.,acme-2,Acme two,licensing\n")
    result = invoke(
        [
            "import",
            str(tmp_path / "t.csv"),
            "--map",
            "Account=partner",
            "--map",
            "Code=id",
            "--map",
            "Title=name",
            "--map",
            "Kind of deal=type",
        ]
    )
    assert result.exit_code == 0, result.output
    assert 'type: "licensing"' in (portfolio / "partnerships/acme-2/charter.yaml").read_text()
    assert invoke(["import", str(tmp_path / "t.csv"), "--map", "Account=nonsense"]).exit_code == 2
