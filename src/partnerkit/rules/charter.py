"""The charter: why the partnership exists, what each side gains, and how it is governed."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.charter import Objective
from partnerkit.model.common import Record
from partnerkit.model.portfolio import Partnership
from partnerkit.rules.base import Context, found, rule

CHARTER = "charter.yaml"


@rule(
    "PK201",
    "missing-value-proposition",
    Severity.WARNING,
    "The charter does not say why the two of us are better together.",
    why="The joint value proposition is the Build bucket's reason to exist; without it nobody can tell "
    "whether the partnership is delivering what it was for.",
    bad="name: Acme Cloud integration\n# no value_proposition",
    good="value_proposition: >\n"
    "  Northwind dashboards run natively on Acme Cloud, so Acme's customers get analytics in a day.",
)
def missing_value_proposition(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.charter and not (p.charter.value_proposition or "").strip():
        yield found(
            p.file(CHARTER),
            ("value_proposition",),
            "the charter has no value proposition",
            "add `value_proposition:` saying what the two organisations achieve together that neither could alone",
        )


@rule(
    "PK202",
    "one-sided-benefit",
    Severity.WARNING,
    "Mutual benefit lists nothing for one of the sides.",
    why="Partnerships in which one side gains nothing are the ones that quietly die; both columns must be filled.",
    bad="mutual_benefit:\n  us: [Access to Acme's 4,000 mid-market customers]\n  partner: []",
    good="mutual_benefit:\n  us: [Access to Acme's 4,000 mid-market customers]\n"
    "  partner: [Higher attach rate on Acme Cloud deals]",
)
def one_sided_benefit(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if not p.charter:
        return
    benefit = p.charter.mutual_benefit
    for side, items, who in (("us", benefit.us, "our side"), ("partner", benefit.partner, "the partner")):
        if not items:
            yield found(
                p.file(CHARTER),
                ("mutual_benefit", side),
                f"mutual benefit lists nothing for {who}",
                f"add at least one line under `mutual_benefit: {side}:` saying what {who} gains",
            )


@rule(
    "PK203",
    "missing-exit-strategy",
    Severity.WARNING,
    "The charter has no exit strategy.",
    why="Agreeing how to part (notice, conditions, data return) while relations are good avoids a costly, "
    "hostile exit later.",
    bad="# no exit_strategy",
    good="exit_strategy:\n  notice_days: 90\n"
    "  conditions: [Either side misses the joint pipeline target two quarters running]\n"
    "  data_return: Each side returns or deletes shared customer data within 30 days.",
)
def missing_exit_strategy(p: Partnership, ctx: Context) -> Iterator[Finding]:
    exit_strategy = p.charter.exit_strategy if p.charter else None
    if p.charter and (exit_strategy is None or (exit_strategy.notice_days is None and not exit_strategy.conditions)):
        yield found(
            p.file(CHARTER),
            ("exit_strategy",),
            "the charter has no exit strategy",
            "add `exit_strategy:` with notice_days, conditions and data_return",
        )


@rule(
    "PK204",
    "missing-governance-cadence",
    Severity.WARNING,
    "The charter does not say how often the partnership is reviewed.",
    why="Without an agreed rhythm, reviews happen only when something is already wrong.",
    bad="governance:\n  steering_committee: [raj]",
    good="governance:\n  cadence: quarterly\n  steering_committee: [raj]",
)
def missing_governance_cadence(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.charter and p.charter.governance.cadence is None:
        yield found(
            p.file(CHARTER),
            ("governance", "cadence"),
            "the charter sets no review cadence",
            "add `cadence:` under governance (weekly, biweekly, monthly, quarterly, semiannual or annual)",
        )


@rule(
    "PK205",
    "missing-escalation-path",
    Severity.WARNING,
    "The charter has no escalation matrix.",
    why="When a joint customer is on fire, people need to know who to call on both sides, in what order.",
    bad="governance:\n  cadence: monthly",
    good="governance:\n  cadence: monthly\n  escalation:\n    - level: 1\n      us: ana\n      partner: Jane Roe",
)
def missing_escalation_path(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.charter and not p.charter.governance.escalation:
        yield found(
            p.file(CHARTER),
            ("governance", "escalation"),
            "the charter has no escalation path",
            "add `escalation:` under governance: levels with who escalates on our side (us) and the partner's",
        )


class SponsorOptions(Record):
    tiers: list[str] = Field(default_factory=lambda: ["strategic"], description="Tiers that need an executive sponsor.")


@rule(
    "PK206",
    "strategic-without-sponsor",
    Severity.ERROR,
    "A strategic partnership has no executive sponsor.",
    why="Strategic partnerships need executive air cover to get resources and unblock decisions across both "
    "organisations.",
    bad="tier: strategic\nowner: ana",
    good="tier: strategic\nowner: ana\nsponsor: raj",
    options=SponsorOptions,
)
def strategic_without_sponsor(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.charter and p.charter.tier in ctx.options.tiers and not p.charter.sponsor:
        yield found(
            p.file(CHARTER),
            ("sponsor",),
            f"this {p.charter.tier} partnership has no executive sponsor",
            "add `sponsor:` with the handle of the executive on our side",
        )


@rule(
    "PK207",
    "objective-incomplete",
    Severity.WARNING,
    "An objective has no bucket or no due date.",
    why="An objective that is not tied to a bucket and a date cannot be tracked or reviewed.",
    bad="objectives:\n  - text: Grow joint pipeline",
    good="objectives:\n  - text: Grow joint pipeline to EUR 2M\n    bucket: Monetize\n    due: 2026-12-31",
)
def objective_incomplete(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, objective in enumerate(p.charter.objectives if p.charter else ()):
        missing = [name for name in ("bucket", "due") if getattr(objective, name) is None]
        if missing:
            yield found(
                p.file(CHARTER),
                ("objectives", i),
                f"objective {objective.text[:50]!r} has no {' and no '.join(missing)}",
                " and ".join(f"add `{name}:`" for name in missing),
            )


def _name(objective: Objective) -> str:
    return f"objective {objective.id}" if objective.id else f"objective {objective.text[:50]!r}"


@rule(
    "PK209",
    "objective-overdue",
    Severity.WARNING,
    "An objective's due date has passed and it is neither achieved, missed nor dropped.",
    why="An objective past its date with no outcome recorded is how plans quietly fail: say whether it was "
    "achieved, missed or dropped, or set a new date.",
    bad="- id: O2\n  text: Co-sell motion live in DACH\n  due: 2026-09-30   # today is 2026-11-25\n  status: on-track",
    good="- id: O2\n  text: Co-sell motion live in DACH\n  due: 2026-09-30\n  status: achieved\n  done: 2026-09-12",
)
def objective_overdue(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, objective in enumerate(p.charter.objectives if p.charter else ()):
        if objective.due and objective.due < ctx.as_of and objective.is_open:
            yield found(
                p.file(CHARTER),
                ("objectives", i, "due"),
                f"{_name(objective)} was due on {objective.due} and is {objective.status or 'not tracked'}",
                "record the outcome (`status: achieved` with `done:`, `missed` or `dropped`), or agree a new `due:`",
            )


@rule(
    "PK210",
    "objective-without-kpi",
    Severity.INFO,
    "An objective names no KPI that measures it.",
    why="Facts over opinion: an objective with a KPI is judged by its measurements; one without, by whoever "
    "reports on it.",
    bad="- id: O1\n  text: EUR 2M sourced pipeline",
    good="- id: O1\n  text: EUR 2M sourced pipeline\n  kpis: [K1]",
)
def objective_without_kpi(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, objective in enumerate(p.charter.objectives if p.charter else ()):
        if not objective.kpis and objective.status != "dropped":
            yield found(
                p.file(CHARTER),
                ("objectives", i),
                f"{_name(objective)} has no KPI that measures it",
                "add `kpis: [K1]` with the ids of the KPIs in kpis.yaml that show progress on it",
            )


@rule(
    "PK211",
    "objective-achieved-below-target",
    Severity.WARNING,
    "An objective is marked achieved while a KPI that measures it has not reached its target.",
    why="Facts over opinion: an achievement the partnership's own measurements do not show will not survive "
    "the steering committee.",
    bad="- id: O1\n  status: achieved\n  kpis: [K1]   # K1: target 2000000, latest 1400000",
    good="- id: O1\n  status: at-risk\n  kpis: [K1]",
)
def objective_achieved_below_target(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, objective in enumerate(p.charter.objectives if p.charter else ()):
        if objective.status != "achieved":
            continue
        for j, kpi_id in enumerate(objective.kpis):
            kpi = p.kpi(kpi_id)
            if kpi and p.kpis and not p.complete("kpis.yaml", "kpis", p.kpis.kpis.index(kpi)):
                continue  # a measurement of it was left out: its latest value is not known
            attainment = kpi.attainment() if kpi else None
            if kpi and attainment is not None and attainment < 1:
                yield found(
                    p.file(CHARTER),
                    ("objectives", i, "kpis", j),
                    f"{_name(objective)} is marked achieved, but KPI {kpi.id!r} is {attainment:.0%} of the way from "
                    "baseline to its target",
                    "record the KPI's latest measurement if the target was met, or set the objective's status to what "
                    "the KPI shows (on-track, at-risk, missed)",
                )


@rule(
    "PK208",
    "partnership-without-owner",
    Severity.ERROR,
    "The partnership has no owner.",
    why="A partnership that everybody owns is owned by nobody; one named person must answer for it.",
    bad="name: Acme Cloud integration\n# no owner",
    good="owner: ana",
)
def partnership_without_owner(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.charter and not p.charter.owner:
        yield found(
            p.file(CHARTER),
            ("owner",),
            "the partnership has no owner",
            "add `owner:` with the handle of the partner manager",
        )
