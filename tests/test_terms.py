"""Structured agreement terms: conditions parsed (never evaluated as code) and judged against
KPIs, shares that add up, the rules' messages, the JSON Schema, textconv and diff."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from partnerkit.diagnostics import Diagnostic
from partnerkit.diff.changes import term_changes
from partnerkit.load.yaml12 import parse
from partnerkit.model.agreements import AgreementSet
from partnerkit.model.kpis import Kpi
from partnerkit.model.terms import CONDITION_FORM, CONDITION_PATTERN, Condition, RevenueShare, Sla
from partnerkit.render.textconv import textconv
from tests.conftest import AS_OF, BASE, run_lint
from tests.test_diff import diff, edit, one
from tests.test_schemas import check

AGREEMENTS = "partnerships/acme/agreements.yaml"
MSA_HEAD = """\
agreements:
  - {id: nda, kind: nda, status: signed, signed: 2025-01-10}
  - id: msa
    kind: msa
    status: signed
    signed: 2025-01-15
    expiry: 2028-01-31
"""


def kpi(**fields: Any) -> Kpi:
    data = {"id": "K1", "name": "Resale bookings", "bucket": "Monetize", **fields}
    return Kpi.model_validate(data)


def lint_agreements(root: Path, text: str) -> list[Diagnostic]:
    (root / AGREEMENTS).write_text(text, encoding="utf-8")
    return run_lint(root)


# --- conditions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kpi_id", "op", "value", "of"),
    [
        ("K1 >= 40", "K1", ">=", 40.0, None),
        ("  K1>=40  ", "K1", ">=", 40.0, None),
        ("pipeline < 2.5", "pipeline", "<", 2.5, None),
        ("K4 >= 99.5%", "K4", ">=", 99.5, None),
        ("K2 >= 80% of plan", "K2", ">=", 80.0, "plan"),
        ("K2 < 50 %  of target", "K2", "<", 50.0, "target"),
        ("uptime-eu == -1", "uptime-eu", "==", -1.0, None),
        ("7 > 3", "7", ">", 3.0, None),
    ],
)
def test_conditions_are_parsed(text: str, kpi_id: str, op: str, value: float, of: str | None) -> None:
    c = Condition.parse(text)
    assert (c.kpi, c.op, c.value, c.of) == (kpi_id, op, value, of)
    assert str(c) == " ".join(text.split())
    assert re.match(CONDITION_PATTERN, text)  # the JSON Schema's pattern accepts what the model accepts


@pytest.mark.parametrize(
    "text",
    [
        "K1 => 40",
        "K1 >= forty",
        "K1 >= 40 % of budget",
        "K1 >= 1,500,000",
        "K1 != 3",
        "K1 >= 40 and K2 >= 3",
        "__import__('os').system('id') >= 1",
        "K1.__class__ >= 1 or True",
        ">= 40",
        "",
    ],
)
def test_anything_else_is_refused_showing_the_accepted_form(text: str) -> None:
    with pytest.raises(ValueError, match="not a condition; write KPI OP NUMBER"):
        Condition.parse(text)
    assert not re.match(CONDITION_PATTERN, text)


def test_conditions_are_judged_against_the_kpis_latest_measurement_and_its_plan() -> None:
    bookings = kpi(
        baseline=0,
        baseline_date="2026-01-01",
        target=2000000,
        target_date="2026-12-31",
        kind="cumulative",
        measurements=[{"date": "2026-06-30", "value": 600000}, {"date": "2026-09-30", "value": 1200000}],
    )
    assert Condition.parse("K1 >= 1200000").met(bookings, AS_OF) is True  # met exactly
    assert Condition.parse("K1 > 1200000").met(bookings, AS_OF) is False
    assert Condition.parse("K1 == 1200000").met(bookings, AS_OF) is True
    assert Condition.parse("K1 >= 60% of target").met(bookings, AS_OF) is True  # 1.2M of 2M
    assert Condition.parse("K1 >= 61% of target").met(bookings, AS_OF) is False
    # The plan expects 2M x 328/364 = 1.80M by 2026-11-25: 1.2M is 67% of plan.
    plan = Condition.parse("K1 >= 67% of plan")
    actual = plan.actual(bookings, AS_OF)
    assert actual is not None and 66.5 < actual < 67
    assert plan.met(bookings, AS_OF) is False and Condition.parse("K1 < 70% of plan").met(bookings, AS_OF) is True
    # On 2026-06-30 the plan expected about 990k: the same value is ahead of plan then.
    assert Condition.parse("K1 >= 100% of plan").met(bookings, dt.date(2026, 7, 1)) is True


def test_a_condition_that_cannot_be_judged_is_none() -> None:
    c = Condition.parse("K1 >= 10")
    assert c.met(None, AS_OF) is None  # an unknown KPI
    assert c.met(kpi(), AS_OF) is None  # never measured
    unplanned = kpi(measurements=[{"date": "2026-09-30", "value": 12}])  # no baseline or target
    assert c.met(unplanned, AS_OF) is True
    assert Condition.parse("K1 >= 80% of plan").met(unplanned, AS_OF) is None
    assert Condition.parse("K1 >= 80% of target").met(unplanned, AS_OF) is None


# --- service levels and shares --------------------------------------------------------------


def test_a_service_level_is_breached_in_its_direction() -> None:
    uptime = kpi(unit="%", measurements=[{"date": "2026-10-31", "value": 99.9}])
    restore = kpi(direction="down", unit="minutes", measurements=[{"date": "2026-10-31", "value": 95}])
    assert Sla(id="a", metric="Availability", target=99.95).breached(uptime) is True
    assert Sla(id="a", metric="Availability", target=99.9).breached(uptime) is False
    assert Sla(id="b", metric="P1 restore", target=90).breached(restore) is True  # the KPI's direction
    assert Sla(id="b", metric="P1 restore", target=120).breached(restore) is False
    assert Sla(id="c", metric="Cap", target=99, direction="down").breached(uptime) is True  # the SLA's own
    assert Sla(id="d", metric="Availability", target=99).breached(kpi()) is None
    assert Sla(id="d", metric="Availability", target=99).breached(None) is None


def test_revenue_shares_split_or_tier_and_pick_the_tier_reached() -> None:
    assert RevenueShare.model_validate({"us": 70}).words() == "70/30"
    assert RevenueShare.model_validate({"partner": 35.5}).words() == "64.5/35.5"
    tiered = RevenueShare.model_validate(
        {"kpi": "K1", "tiers": [{"from": 0, "us": 90, "partner": 10}, {"from": 2000000, "us": 88}]}
    )
    assert tiered.words() == "90/10 from 0; 88/12 from 2M"
    assert tiered.tier(kpi(measurements=[{"date": "2026-09-30", "value": 2100000}])) == 1
    assert tiered.tier(kpi(measurements=[{"date": "2026-09-30", "value": 1999999}])) == 0
    assert tiered.tier(kpi()) is None and tiered.tier(None) is None


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "revenue_share: {us: 70, partner: 40}",
            8,
            "in agreement 'msa': `partner` is 40: the shares add up to 110 (us 70 + partner 40); "
            "they must add up to 100",
        ),
        (
            "revenue_share:\n      tiers:\n        - {from: 0, us: 80}\n        - {from: 1000000, us: 75, partner: 30}",
            11,
            "in agreement 'msa', tier #2: `partner` is 30: the shares add up to 105 (us 75 + partner 30); "
            "they must add up to 100",
        ),
        ("cost_share: {us: 120, partner: 30}", 8, "in agreement 'msa': `us` is 120, out of range"),
        (
            "revenue_share: {of: Net revenue}",
            8,
            "in agreement 'msa': `revenue_share` is a mapping: it has no split: write `us: 70, partner: 30` "
            "(percent), or `tiers:`",
        ),
        (
            "revenue_share: {us: 70, tiers: [{from: 0, us: 80}]}",
            8,
            "in agreement 'msa': `tiers` is a list: a revenue share is either a split (`us`, `partner`) or "
            "`tiers`, not both",
        ),
        (
            "incentives:\n      - {id: I1, kind: rebate, when: K1 => 1500000, reward: 2% rebate}",
            9,
            f"in agreement 'msa', incentive 'I1': `when` is 'K1 => 1500000': not a condition; write {CONDITION_FORM}",
        ),
        (
            "penalties:\n      - id: X1\n        when: os.system('rm -rf /') >= 1\n        consequence: Exit",
            10,
            "in agreement 'msa', penalty 'X1': `when` is \"os.system('rm -rf /') >= 1\": not a condition; "
            "write KPI OP NUMBER",
        ),
    ],
)
def test_invalid_terms_are_schema_findings_at_their_line(base: Path, text: str, line: int, message: str) -> None:
    found = [d for d in lint_agreements(base, MSA_HEAD + "    " + text + "\n") if d.path == AGREEMENTS]
    assert [(d.code, d.line) for d in found] == [("PK002", line)], found
    assert found[0].message.startswith(message), found[0].message


@pytest.mark.slow
def test_the_schema_rejects_a_malformed_condition_and_accepts_the_terms(tmp_path: Path) -> None:
    good = MSA_HEAD + (
        "    sla: [{id: up, metric: Availability, target: 99.9, unit: '%', kpi: K1, direction: up}]\n"
        "    revenue_share: {kpi: K2, of: ARR, tiers: [{from: 0, us: 80}, {from: 1000000, us: 70, partner: 30}]}\n"
        "    cost_share: {us: 50, partner: 50, covers: Campaigns}\n"
        "    fees: [{name: Listing, amount: 3, unit: '%', of: offer value, period: annual, payer: us}]\n"
        "    incentives: [{id: I1, kind: mdf, when: K2 >= 80% of plan, reward: EUR 15k MDF}]\n"
        "    penalties: [{id: X1, when: K1 < 99, consequence: Fee review}]\n"
    )
    bad = MSA_HEAD + "    incentives: [{id: I1, when: K1 => 40, reward: Bonus}]\n"
    AgreementSet.model_validate(parse(good))
    with pytest.raises(ValidationError):
        AgreementSet.model_validate(parse(bad))
    (tmp_path / "good.yaml").write_text(good)
    (tmp_path / "bad.yaml").write_text(bad)
    assert check("agreements", [tmp_path / "good.yaml"]).returncode == 0
    done = check("agreements", [tmp_path / "bad.yaml"])
    assert done.returncode == 1, done.stdout


# --- the rules' words -----------------------------------------------------------------------


def test_rule_messages_name_the_commitment_the_measurement_and_the_penalty(base: Path) -> None:
    (base / "partnerships/acme/kpis.yaml").write_text(
        "kpis:\n"
        "  - {id: pipeline, name: Partner-sourced pipeline, bucket: Monetize, unit: EUR, baseline: 0,\n"
        "     target: 2000000, owner: mia, measurements: [{date: 2026-09-30, value: 1200000}]}\n"
        "  - {id: uptime, name: Availability, bucket: Support, unit: percent, baseline: 99, target: 99.95,\n"
        "     owner: mia, period: monthly, measurements: [{date: 2026-10-31, value: 99.9}]}\n"
    )
    found = lint_agreements(
        base,
        MSA_HEAD + "    sla:\n"
        "      - {id: up, metric: Monthly availability, target: 99.95, kpi: uptime, penalty: 10% service credit}\n"
        "      - {id: p1, metric: P1 response, target: 15, unit: minutes, kpi: p1-response}\n"
        "    incentives:\n"
        "      - {id: I1, kind: rebate, when: bookings >= 1500000, reward: 2% rebate}\n",
    )
    said = {(d.code, d.line): (d.message, d.hint) for d in found}
    assert said[("PK706", 9)] == (
        "SLA 'up' (Monthly availability) of agreement 'msa' is breached: KPI 'uptime' measured 99.9% on "
        "2026-10-31 against a committed minimum of 99.95%; penalty: 10% service credit",
        "restore the service level and record the next measurement in kpis.yaml; agree the remedy with the "
        "partner and track it as an action",
    )
    assert said[("PK707", 10)] == (
        "SLA 'p1' of agreement 'msa' names KPI 'p1-response', which is not in kpis.yaml",
        "add the KPI to kpis.yaml, or correct the id",
    )
    assert said[("PK708", 12)][0] == "incentive 'I1' of agreement 'msa' names KPI 'bookings', which is not in kpis.yaml"
    assert {d.code for d in found} == {"PK706", "PK707", "PK708"}


# --- textconv and diff ----------------------------------------------------------------------

TERMS = """\
agreements:
  - id: ref
    kind: revenue-share
    status: signed
    sla:
      - {id: up, metric: Availability, target: 99.95, unit: '%', kpi: K1, penalty: 10% credit}
    revenue_share:
      kpi: K2
      tiers:
        - {from: 0, us: 90, partner: 10}
        - {from: 2000000, us: 88}
    fees:
      - {name: Listing, amount: 3, unit: '%', of: offer value, payer: us}
    incentives:
      - {id: I1, kind: rebate, when: K1 >= 1500000, reward: Discount 35%}
    penalties:
      - {id: X1, when: K3 < 8, consequence: Fee review}
"""


def test_textconv_names_terms_in_the_singular_and_tiers_by_threshold() -> None:
    lines = textconv("agreements.yaml", TERMS.encode()).splitlines()
    assert "agreement ref sla up target: 99.95" in lines
    assert "agreement ref revenue_share tier from 0 partner: 10" in lines
    assert "agreement ref revenue_share tier from 2000000 us: 88" in lines
    assert "agreement ref fee Listing amount: 3" in lines
    assert 'agreement ref incentive I1 when: "K1 >= 1500000"' in lines
    assert 'agreement ref penalty X1 consequence: "Fee review"' in lines
    assert not [line for line in lines if "from_" in line or "#" in line]


def test_term_changes_in_partnership_terms() -> None:
    after_text = (
        TERMS.replace("target: 99.95", "target: 99.9")
        .replace("{from: 2000000, us: 88}", "{from: 2000000, us: 85}")
        .replace("when: K1 >= 1500000", "when: K1 >= 1800000")
        .replace("amount: 3,", "amount: 2.5,")
        .replace("    penalties:\n      - {id: X1, when: K3 < 8, consequence: Fee review}\n", "")
        + "    cost_share: {us: 60, partner: 40}\n"
    )
    (before,) = AgreementSet.model_validate(parse(TERMS)).agreements
    (after,) = AgreementSet.model_validate(parse(after_text)).agreements
    label = "REVENUE-SHARE ref"
    assert [(c.kind, c.text) for c in term_changes(before, after)] == [
        ("sla-target", f"{label}: SLA up target 99.95% -> 99.9%"),
        ("revenue-share", f"{label}: revenue share 90/10 from 0; 88/12 from 2M -> 90/10 from 0; 85/15 from 2M"),
        ("cost-share", f"{label}: cost share none -> 60/40"),
        ("fee-changed", f"{label}: fee Listing 3% of offer value, paid by us -> 2.5% of offer value, paid by us"),
        ("incentive-changed", f"{label}: incentive I1 when K1 >= 1500000 -> K1 >= 1800000"),
        ("penalty-removed", f"{label}: penalty X1 removed: when K3 < 8: Fee review"),
    ]
    assert term_changes(after, before)[-1].text == f"{label}: penalty X1 added: when K3 < 8: Fee review"
    assert term_changes(before, before) == []


def test_diff_reports_terms_added_and_splits_moved(tmp_path: Path) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(BASE, base)
    shutil.copytree(BASE, head)
    msa = "expiry: 2028-01-31\n    renewal_notice_days: 90"
    edit(base, "agreements.yaml", msa, msa + "\n    revenue_share: {us: 70, partner: 30}")
    edit(
        head,
        "agreements.yaml",
        msa,
        msa
        + "\n    revenue_share: {us: 65, partner: 35}"
        + "\n    sla: [{id: pipeline-floor, metric: Pipeline floor, target: 1000000, unit: EUR, kpi: pipeline}]"
        + "\n    incentives: [{id: I1, kind: bonus, when: pipeline >= 80% of plan, reward: EUR 20k bonus}]",
    )
    p = one(diff(base, head))
    assert [(c.kind, c.text) for c in p.changes] == [
        ("sla-added", "MSA: SLA pipeline-floor added: Pipeline floor, target 1M EUR, measured by pipeline"),
        ("revenue-share", "MSA: revenue share 70/30 -> 65/35"),
        ("incentive-added", "MSA: incentive I1 added: when pipeline >= 80% of plan: EUR 20k bonus (bonus)"),
    ]
