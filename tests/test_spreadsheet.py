"""CSV export (safe from formula injection) and import (all rows valid, or nothing written)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import Result

from partnerkit.author.spreadsheet import cell
from tests.conftest import AS_OF, EXAMPLE, REPO, invoke, run_lint


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


# --- import --update: an edited export applied to the partnerships it names ----------------------


def export_sheet(root: Path, what: str = "partnerships") -> list[dict[str, str]]:
    result = invoke(["export", str(root), "--what", what, "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    return rows(result.output)


def write_sheet(path: Path, table: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    return path


def update(sheet: Path, *extra: str) -> Result:
    return invoke(["import", str(sheet), "--update", "--as-of", "2026-11-25", *extra])


def files_of(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("what", ["partnerships", "risks", "kpis", "actions"])
def test_an_export_imported_back_changes_nothing(example: Path, tmp_path: Path, what: str) -> None:
    sheet = write_sheet(tmp_path / f"{what}.csv", export_sheet(example, what))
    before = files_of(example)
    result = update(sheet)
    assert result.exit_code == 0, result.output
    assert "No changes to any partnership." in result.output and "Updated 0 files" in result.output
    assert "already exists" not in result.output
    assert files_of(example) == before


def test_a_plain_import_of_an_export_points_to_update(example: Path, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "p.csv", export_sheet(example))
    result = invoke(["import", str(sheet)])
    assert result.exit_code == 2 and "already exists" in result.output and "use --update" in result.output


def edited(table: list[dict[str, str]], key: tuple[str, ...], **cells: str) -> list[dict[str, str]]:
    for row in table:
        if tuple(row[k] for k in (("id",) if len(key) == 1 else ("partnership", "id"))) == key:
            row.update({k.replace("_", " ") if k[0].isupper() else k: v for k, v in cells.items()})
            return table
    raise AssertionError(f"no row {key}")


def test_dry_run_shows_the_change_in_diffs_words_and_writes_nothing(example: Path, tmp_path: Path) -> None:
    from partnerkit.diff import partnership_changes
    from partnerkit.load.portfolio import load_portfolio
    from partnerkit.load.source import WorkingTree
    from partnerkit.settings import load_config

    table = edited(
        export_sheet(example),
        ("snowpeak-data",),
        stage="renewal",
        Align="red",
        Align_evidence="Sponsor left Snowpeak; FY27 plan on hold",
        sponsor="elena.petrova",
    )
    table = edited(table, ("cirrus-hosting",), tier="strategic")
    sheet = write_sheet(tmp_path / "p.csv", table)
    before = files_of(example)
    dry = update(sheet, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert files_of(example) == before
    assert "Dry run: nothing written; 3 files would change." in dry.output

    applied = update(sheet)
    assert applied.exit_code == 0, applied.output
    assert "Updated 3 files from 2 of 10 rows." in applied.output
    # The words are the semantic diff's, as `partnerkit diff` says them.
    config = load_config(example)
    old = {p.id: p for p in load_portfolio(WorkingTree(EXAMPLE), config).portfolio.partnerships}
    new = {p.id: p for p in load_portfolio(WorkingTree(example), config).portfolio.partnerships}
    for pid in ("snowpeak-data", "cirrus-hosting"):
        changes = partnership_changes(old[pid], new[pid], config.buckets, AS_OF)
        assert changes
        for change in changes:
            assert f"  {change.text}\n" in dry.output and f"  {change.text}\n" in applied.output
    assert "stage active -> renewal" in dry.output
    assert "Align went green -> red (evidence: Sponsor left Snowpeak; FY27 plan on hold)" in dry.output
    # Only the cells that changed moved, through the round trip: comments and layout kept.
    status = (example / "partnerships/snowpeak-data/status.yaml").read_text()
    original = (EXAMPLE / "partnerships/snowpeak-data/status.yaml").read_text()
    assert status.startswith("# yaml-language-server: $schema=../../../../schemas/status.schema.json\n# Updated after")
    assert "    evidence: >-\n      Connector v3 certification" in status  # an untouched folded scalar
    changed = [line for line in status.splitlines() if line not in original.splitlines()]
    assert changed == [
        "    rag: red",
        "    evidence: Sponsor left Snowpeak; FY27 plan on hold",
        "    updated: 2026-11-25",  # a rating changed today, as the sheet gave no date
    ]
    charter = (example / "partnerships/snowpeak-data/charter.yaml").read_text()
    assert "stage: renewal" in charter and "sponsor: elena.petrova" in charter
    assert set(files_of(example)) == set(before)
    assert [p for p, data in files_of(example).items() if data != before[p]] == [
        example / "partnerships/cirrus-hosting/charter.yaml",
        example / "partnerships/snowpeak-data/charter.yaml",
        example / "partnerships/snowpeak-data/status.yaml",
    ]


def test_columns_that_are_not_edited_are_ignored_with_a_note(example: Path, tmp_path: Path) -> None:
    table = edited(export_sheet(example), ("harbor-crm",), score="100", maturity="5 Lead", name="Renamed by Excel")
    before = files_of(example)
    result = update(write_sheet(tmp_path / "p.csv", table))
    assert result.exit_code == 0, result.output
    assert "note: score, band, maturity, next_renewal, open_high_risks: worked out by partnerkit" in result.output
    assert "harbor-crm: name is not changed from a spreadsheet (edit partnerships/harbor-crm/charter.yaml)" in (
        result.output
    )
    assert files_of(example) == before


def test_an_invalid_row_stops_every_write_unless_skipped(example: Path, tmp_path: Path) -> None:
    table = edited(export_sheet(example), ("snowpeak-data",), stage="renewal")
    table = edited(table, ("harbor-crm",), stage="finished", sponsor="nobody", Build_updated="2026-02-30")
    table = edited(table, ("cirrus-hosting",), tier="platinum", Align="")
    table.append({**table[0], "id": "ghost"})
    sheet = write_sheet(tmp_path / "p.csv", table)
    before = files_of(example)
    result = update(sheet)
    assert result.exit_code == 2
    out = result.output
    assert "p.csv:5: harbor-crm: sponsor 'nobody' is not a handle in people.yaml" in out
    assert "`stage` is 'finished', which is not a lifecycle stage" in out
    assert "`updated`" in out and "does not exist in the calendar" in out
    assert "p.csv:3: cirrus-hosting: tier 'platinum' is not one of: strategic, key, standard" in out
    assert "Align: a rating is not removed from a spreadsheet" in out
    assert "p.csv:12: ghost: there is no partnership 'ghost' in this portfolio" in out
    assert "3 of 11 rows are invalid; nothing was written" in out
    assert files_of(example) == before
    skipped = update(sheet, "--skip-invalid")
    assert skipped.exit_code == 0, skipped.output
    assert "Updated 1 file from 1 of 11 rows; skipped 3 invalid rows." in skipped.output
    assert "stage: renewal" in (example / "partnerships/snowpeak-data/charter.yaml").read_text()


def test_risks_sheet_rescores_and_closes(example: Path, tmp_path: Path) -> None:
    table = edited(export_sheet(example, "risks"), ("snowpeak-data", "R1"), likelihood="2", status="closed")
    table = edited(table, ("harbor-crm", "R1"), impact="7")
    result = update(write_sheet(tmp_path / "r.csv", table), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "harbor-crm risk R1: `impact` is 7, out of range" in result.output
    assert "risk R1 closed on 2026-11-25" in result.output and "risk R1: 4x4=16 -> 2x4=8" in result.output
    risks = (example / "partnerships/snowpeak-data/risks.yaml").read_text()
    assert "likelihood: 2" in risks and "status: closed" in risks and "closed: 2026-11-25" in risks


def test_kpis_sheet_appends_a_newer_measurement_only(example: Path, tmp_path: Path) -> None:
    table = edited(export_sheet(example, "kpis"), ("snowpeak-data", "K1"), latest="37", latest_date="2026-11-20")
    table = edited(table, ("snowpeak-data", "K2"), latest="1")
    table = edited(table, ("harbor-crm", "K1"), latest_date="2020-01-01")
    result = update(write_sheet(tmp_path / "k.csv", table), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "snowpeak-data KPI K2: latest changed but latest_date is still 2026-09-30" in result.output
    assert "harbor-crm KPI K1: latest_date 2020-01-01 is before the latest measurement" in result.output
    assert "KPI K1: new measurement 37 opportunities on 2026-11-20" in result.output
    kpis = (example / "partnerships/snowpeak-data/kpis.yaml").read_text()
    assert "      - {date: 2026-09-30, value: 34}\n      - {date: 2026-11-20, value: 37}\n" in kpis


def test_actions_sheet_sets_state_and_done(example: Path, tmp_path: Path) -> None:
    table = edited(export_sheet(example, "actions"), ("snowpeak-data", "AC1"), state="done")
    table = edited(table, ("harbor-crm", "AC1"), state="finished")
    result = update(write_sheet(tmp_path / "a.csv", table), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "`state` is 'finished', which is not an action state" in result.output
    assert "action AC1 done on 2026-11-25" in result.output
    actions = (example / "partnerships/snowpeak-data/actions.yaml").read_text()
    assert "    state: done\n    done: 2026-11-25\n" in actions


def test_update_keeps_flow_style_formula_guards_and_crlf(portfolio: Path, tmp_path: Path) -> None:
    status = portfolio / "partnerships/acme/status.yaml"
    status.write_bytes(status.read_bytes().replace(b"\n", b"\r\n"))
    table = edited(
        export_sheet(portfolio),
        ("acme",),
        Monetize="amber",
        Monetize_evidence="'-5% pipeline: one deal slipped # to Q1",
        Monetize_updated="2026-11-20",
    )
    result = update(write_sheet(tmp_path / "p.csv", table))
    assert result.exit_code == 0, result.output
    assert "Monetize went green -> amber (evidence: -5% pipeline: one deal slipped # to Q1)" in result.output
    assert status.read_bytes().split(b"\r\n")[4] == (
        b"  Monetize: {rag: amber, evidence: '-5% pipeline: one deal slipped # to Q1', owner: ana, updated: 2026-11-20}"
    )
    assert b"\n" not in status.read_bytes().replace(b"\r\n", b"")


def test_update_needs_a_sheet_it_can_tell(portfolio: Path, tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("partnership,colour\nacme,blue\n")
    result = update(tmp_path / "x.csv")
    assert result.exit_code == 2 and "cannot tell which export this sheet is" in result.output
    (tmp_path / "y.csv").write_text("Code;Phase\nacme;renewal\n")  # as a European Excel saves it
    result = update(tmp_path / "y.csv", "--map", "Code=id", "--map", "Phase=stage")
    assert result.exit_code == 0, result.output
    assert "stage active -> renewal" in result.output
    assert invoke(["import", str(tmp_path / "y.csv"), "--update", "--map", "Code=colour"]).exit_code == 2
