"""The joint business plan (plan.yaml): its model and schema, `new`'s template, and the plan in
`diff`, `due`, `textconv` and `export`. The rules are tested as data in tests/rule_cases/PK25x.yaml."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from partnerkit.diff import partnership_changes
from partnerkit.diff.changes import plan_changes
from partnerkit.load.yaml12 import parse
from partnerkit.model.kpis import KpiSet
from partnerkit.model.plan import Plan
from partnerkit.model.portfolio import Partnership
from partnerkit.render.textconv import textconv
from tests.conftest import AS_OF, EXAMPLE, invoke, run_lint

PLAN = """\
period: {name: FY26, from: 2026-01-01, to: 2026-12-31}
status: agreed
agreed: {us: raj, partner: Jane Roe, date: 2026-01-20}
market_opportunity: Mid-market manufacturers moving their reporting to the cloud.
buckets:
  Monetize:
    objectives: [O1]
    targets:
      - {kpi: pipeline, target: 1200000, target_date: 2026-12-31}
    activities: [A1]
    commitments:
      - {id: C1, side: us, what: Market development funds, amount: 50000, unit: EUR, due: 2026-03-31}
      - {id: C2, side: partner, what: Named co-sell lead, amount: 1, unit: people, due: 2026-10-31}
  Enable:
    commitments:
      - {id: C3, side: partner, what: Two solution architects certified, amount: 2, unit: people, due: 2026-10-31}
"""
KPIS = KpiSet.model_validate(parse("kpis:\n  - {id: pipeline, name: Pipeline, bucket: Monetize, unit: EUR}\n"))


def plan(text: str) -> Plan:
    return Plan.model_validate(parse(text))


def side(text: str | None) -> Partnership:
    return Partnership("partnerships/acme", kpis=KPIS, plan=plan(text) if text is not None else None)


def test_period_from_is_written_as_from_and_must_not_end_before_it_starts() -> None:
    schema = Plan.model_json_schema()["$defs"]["Period"]
    assert set(schema["properties"]) == {"name", "from", "to"} and schema["required"] == ["from", "to"]
    assert plan(PLAN).period.from_ == dt.date(2026, 1, 1) and plan(PLAN).label == "FY26"
    with pytest.raises(ValidationError):
        plan("period: {from_: 2026-01-01, to: 2026-12-31}\n")
    with pytest.raises(ValidationError, match="before `from`"):
        plan("period: {from: 2026-12-31, to: 2026-01-01}\n")
    unnamed = plan("period: {from: 2026-07-01, to: 2027-06-30}\n")
    assert (unnamed.label, unnamed.status) == ("2026-07-01 to 2027-06-30", "draft")


def test_a_broken_period_is_a_located_schema_error(base: Path) -> None:
    (base / "partnerships/acme/plan.yaml").write_text("period:\n  name: FY26\n  to: 2026-12-31\nstatus: agreed\n")
    found = [(d.code, d.line, d.message) for d in run_lint(base) if d.path.endswith("plan.yaml")]
    assert found == [("PK003", 1, "`from` is missing")]  # at the period it belongs in


def test_textconv_states_the_plan_one_fact_a_line() -> None:
    lines = textconv("plan.yaml", PLAN.encode()).splitlines()
    assert lines == sorted(lines)
    for fact in (
        "period from: 2026-01-01",
        "period name: FY26",
        "status: agreed",
        'agreed partner: "Jane Roe"',
        "bucket Monetize objectives: O1",
        "bucket Monetize target pipeline target: 1200000",
        "bucket Monetize commitment C1 side: us",
        "bucket Enable commitment C3 due: 2026-10-31",
    ):
        assert fact in lines, fact
    delivered = PLAN.replace("amount: 2, unit: people, due: 2026-10-31}", "due: 2026-10-31, delivered: 2026-10-28}")
    changed = set(textconv("plan.yaml", delivered.encode()).splitlines()) ^ set(lines)
    assert changed == {
        "bucket Enable commitment C3 amount: 2",
        "bucket Enable commitment C3 unit: people",
        "bucket Enable commitment C3 delivered: 2026-10-28",
    }


def test_diff_says_what_changed_in_the_plan_in_partnership_terms() -> None:
    head = (
        PLAN.replace("target: 1200000", "target: 1500000")
        .replace(
            "amount: 2, unit: people, due: 2026-10-31}",
            "amount: 2, unit: people, due: 2026-10-31, delivered: 2026-10-28}",
        )
        .replace("due: 2026-10-31}", "due: 2026-12-15}")
        .replace("objectives: [O1]", "objectives: [O1, O2]")
        .replace("partner: Jane Roe", "partner: John Poe")
        .replace("  Enable:\n", "  Enable:\n    activities: [A2]\n")
    )
    changes = [(c.kind, c.subject, c.text) for c in plan_changes(side(PLAN), side(head))]
    assert changes == [
        ("plan-signoff", "partner", "plan FY26: signed off for the partner by John Poe (was Jane Roe)"),
        ("plan-objectives", "Monetize", "plan FY26: Monetize objective O2 added"),
        ("plan-target", "pipeline", "plan FY26: target for pipeline raised 1.2M EUR -> 1.5M EUR"),
        ("plan-activities", "Enable", "plan FY26: Enable action A2 added"),
        ("plan-commitment", "C2", "plan FY26: partner commitment C2 due 2026-10-31 -> 2026-12-15"),
        (
            "plan-commitment-delivered",
            "C3",
            "plan FY26: partner commitment C3 delivered on 2026-10-28: Two solution architects certified",
        ),
    ]


def test_diff_of_a_plan_agreed_added_replaced_or_removed() -> None:
    draft = PLAN.replace("status: agreed", "status: draft")
    assert [c.text for c in plan_changes(side(draft), side(PLAN))] == [
        "plan FY26 agreed on 2026-01-20 (was draft): signed off by raj and Jane Roe"
    ]
    following = PLAN.replace(
        "{name: FY26, from: 2026-01-01, to: 2026-12-31}", "{name: FY27, from: 2027-01-01, to: 2027-12-31}"
    )
    assert [c.text for c in plan_changes(side(PLAN), side(following.replace("agreed", "draft", 1)))] == [
        "joint business plan FY26 replaced by FY27 (2027-01-01 to 2027-12-31, draft)"
    ]
    assert [(c.kind, c.text) for c in plan_changes(side(None), side(PLAN))] == [
        ("plan-added", "joint business plan FY26 added (2026-01-01 to 2026-12-31, agreed)")
    ]
    assert [c.kind for c in plan_changes(side(PLAN), side(None))] == ["plan-removed"]
    assert plan_changes(side(PLAN), side(PLAN)) == []
    moved = PLAN.replace(
        "      - {id: C1,",
        "      - {id: C4, side: us, what: Webinar budget, amount: 15000, unit: EUR}\n      - {id: C1,",
    )
    moved = moved.replace("amount: 50000, unit: EUR", "amount: 60000, unit: EUR").replace(
        "\n      - {id: C2,", "\n  Support:\n    commitments:\n      - {id: C2,"
    )
    assert [c.text for c in plan_changes(side(PLAN), side(moved))] == [
        "plan FY26: our commitment C4 added: Webinar budget (Monetize, 15k EUR)",
        "plan FY26: our commitment C1 amount 50k EUR -> 60k EUR",
        "plan FY26: partner commitment C2 moved Monetize -> Support",
    ]


def test_the_plan_is_one_of_the_files_a_diff_compares(base: Path) -> None:
    b, h = side(PLAN), side(PLAN.replace("status: agreed", "status: superseded"))
    assert [(c.kind, c.text) for c in partnership_changes(b, h, ["Monetize"], AS_OF)] == [
        ("plan-status", "plan FY26 agreed -> superseded")
    ]


def due(root: Path, *args: str) -> list[dict[str, Any]]:
    result = invoke(["due", str(root), "--as-of", "2026-11-25", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["items"]


def test_due_lists_open_commitments_of_agreed_plans_and_each_plan_s_end() -> None:
    found = {(i["partnership"], i["kind"], i["item"]): i for i in due(EXAMPLE, "--within", "400d")}
    plans = {key: item for key, item in found.items() if key[1] in ("commitment", "plan-end")}
    snowpeak = {key[2]: (item["date"], item["title"]) for key, item in plans.items() if key[0] == "snowpeak-data"}
    assert snowpeak == {
        "C2": ("2027-01-15", "C2 Certification lab slot and reviewer for connector v3 (the partner's)"),
        "C3": ("2027-01-31", "C3 Sales engineers released for the joint certification (the partner's, 45 people)"),
        "FY26": ("2027-01-31", "joint business plan FY26 (agreed)"),
    }
    overdue = found[("meridian-consulting", "commitment", "C6")]
    assert (overdue["date"], overdue["overdue"], overdue["owner"]) == ("2026-10-31", True, "dana.okafor")
    # a draft's commitments are proposals, so only its end is due; delivered commitments are done
    assert [key for key in plans if key[0] == "tessellate-oem"] == [("tessellate-oem", "plan-end", "FY26 bridge")]
    assert ("meridian-consulting", "commitment", "C2") not in found
    text = invoke(["due", str(EXAMPLE), "--as-of", "2026-11-25"]).output
    assert "plan commitment overdue: C6 Two solution architects certified" in " ".join(text.split())
    assert "plan period ends: joint business plan FY26 (agreed)" in " ".join(text.split())


def test_a_plan_s_period_that_has_ended_is_overdue_in_due_and_in_the_calendar(base: Path) -> None:
    (base / "partnerships/acme/plan.yaml").write_text(PLAN.replace("to: 2026-12-31", "to: 2026-10-31"))
    ended = [i for i in due(base) if i["kind"] == "plan-end"]
    assert [(i["item"], i["date"], i["overdue"]) for i in ended] == [("FY26", "2026-10-31", True)]
    assert (
        "plan period ended: joint business plan FY26 (agreed)"
        in invoke(["due", str(base), "--as-of", "2026-11-25"]).output
    )
    ics = invoke(["due", str(base), "--as-of", "2026-11-25", "--format", "ics"]).output
    events = ics.split("BEGIN:VEVENT")[1:]
    plan_end = next(e for e in events if "CATEGORIES:plan-end" in e)
    commitment = next(e for e in events if "CATEGORIES:commitment" in e)
    assert "TRIGGER:-P30D" in plan_end and "TRIGGER:-P7D" in commitment


def test_export_commitments_one_row_each() -> None:
    result = invoke(["export", str(EXAMPLE), "--as-of", "2026-11-25", "--what", "commitments"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == [
        "partnership",
        "plan",
        "plan_status",
        "bucket",
        "id",
        "side",
        "what",
        "amount",
        "unit",
        "due",
        "delivered",
        "state",
    ]
    by = {(r["partnership"], r["id"]): r for r in rows}
    assert by[("meridian-consulting", "C6")] | {"what": ""} == {
        "partnership": "meridian-consulting",
        "plan": "GTM 2026-27",
        "plan_status": "agreed",
        "bucket": "Support",
        "id": "C6",
        "side": "partner",
        "what": "",
        "amount": "2",
        "unit": "people",
        "due": "2026-10-31",
        "delivered": "",
        "state": "overdue",
    }
    assert (by[("snowpeak-data", "C5")]["amount"], by[("snowpeak-data", "C5")]["state"]) == ("150000", "delivered")
    assert by[("snowpeak-data", "C2")]["state"] == "open"
    assert by[("tessellate-oem", "C1")]["state"] == "draft"
    assert {r["partnership"] for r in rows} == {
        "cirrus-hosting",
        "databridge-foundation",
        "meridian-consulting",
        "snowpeak-data",
        "tessellate-oem",
    }


def test_new_writes_a_draft_plan_that_is_only_a_finding_once_it_is_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "portfolio"
    assert invoke(["init", str(root)]).exit_code == 0
    monkeypatch.chdir(root)
    identity = ["--name", "Acme", "--partner", "Acme Inc.", "--type", "technology", "--tier", "strategic"]
    assert invoke(["new", "prospect", *identity]).exit_code in (0, 1)
    assert invoke(["new", "running", *identity, "--stage", "active"]).exit_code in (0, 1)
    written = plan((root / "partnerships/prospect/plan.yaml").read_text())
    today = dt.date.today()
    assert (written.status, written.buckets) == ("draft", {})
    assert written.period.from_ > today and (written.period.to - written.period.from_).days in range(364, 366)
    found = {(d.code, d.path) for d in run_lint(root, today) if d.code.startswith("PK25")}
    # the strategic, active one has no agreed plan for today; a prospect's draft is nothing yet
    assert found == {("PK251", "partnerships/running/plan.yaml")}


PERIOD = "period: {from: 2026-01-01, to: 2026-12-31}\n"
INVALID = [
    "period: {from_: 2026-01-01, to: 2026-12-31}\n",
    "period: {from: 2026-01-01}\n",
    PERIOD + "status: signed\n",
    PERIOD + "agreed: {us: raj, partner: Jane Roe, on: 2026-01-20}\n",
    PERIOD + "buckets:\n  Monetize:\n    commitments: [{id: C1, side: both, what: Funds}]\n",
    PERIOD + "buckets:\n  Monetize:\n    targets: [{kpi: K1}]\n",
]


@pytest.mark.slow
@pytest.mark.parametrize("text", INVALID, ids=[f"plan-{i}" for i in range(len(INVALID))])
def test_schema_and_model_reject_the_same_invalid_plan(tmp_path: Path, text: str) -> None:
    from tests.test_schemas import check

    with pytest.raises(ValidationError):
        plan(text)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    done = check("plan", [path])
    assert done.returncode == 1, done.stdout + done.stderr
