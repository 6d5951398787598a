"""How well a partnership is managed, in five levels: 1 Follow, 2 Assist, 3 Apply, 4 Ensure,
5 Strategise. From level 3 on, the criteria ask for evidence (KPIs measured against dated plans,
objectives tracked and linked to KPIs, ratings backed by current facts), not just records.

A level is reached when all of its criteria and those of the levels below are met; what is
missing for the next level is the to-do list to climb. The README lists every criterion. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.health.evidence import Evidence
from partnerkit.model.portfolio import Partnership

LEVELS = ("Follow", "Assist", "Apply", "Ensure", "Strategise")


@dataclass(frozen=True)
class Facts:
    """What the criteria look at: the partnership, its findings (suppressed ones included
    unless the config lets suppressions count), their codes and its evidence."""

    p: Partnership
    found: list[Diagnostic]
    codes: set[str]
    evidence: Evidence
    as_of: dt.date


Check = Callable[[Facts], bool]


@dataclass(frozen=True)
class Maturity:
    level: int  # 0 when not even level 1 is met
    name: str
    missing: tuple[str, ...]  # criteria of the next level not met yet


def _has(p: Partnership, *names: str) -> bool:
    return all(getattr(p, name) is not None for name in names)


def _objectives_tracked(f: Facts) -> bool:
    objectives = f.p.charter.objectives if f.p.charter else []
    return bool(objectives) and all(o.bucket and o.due and o.status for o in objectives)


def _kpis_measured(f: Facts) -> bool:
    kpis = f.p.kpis.kpis if f.p.kpis else []
    return bool(kpis) and all(k.measurements for k in kpis) and "PK501" not in f.codes


def _kpis_planned(f: Facts) -> bool:
    kpis = f.p.kpis.kpis if f.p.kpis else []
    planned = zip(kpis, f.evidence.progress, strict=True)
    return bool(kpis) and all(progress is not None and kpi.target_date for kpi, progress in planned)


CRITERIA: tuple[tuple[tuple[str, Check], ...], ...] = (
    (  # 1 Follow: basic records and follow-ups
        ("a charter with an owner", lambda f: bool(f.p.charter and f.p.charter.owner)),
        ("follow-ups tracked in actions.yaml", lambda f: bool(f.p.actions and f.p.actions.actions)),
    ),
    (  # 2 Assist: contacts, agreement status, timelines, actions owned and dated
        ("partner contacts in the charter", lambda f: bool(f.p.charter and f.p.charter.contacts)),
        ("agreements recorded with their status", lambda f: bool(f.p.agreements and f.p.agreements.agreements)),
        ("a start date", lambda f: bool(f.p.charter and f.p.charter.dates.started)),
        (
            "every open action has an owner and a due date",
            lambda f: bool(f.p.actions and all(a.owner and a.due for a in f.p.actions.actions if a.is_open)),
        ),
    ),
    (  # 3 Apply: a plan with objectives, measured KPIs and a cadence; health reviewed
        ("objectives tracked: bucket, due date and status", _objectives_tracked),
        ("KPIs with baselines, targets and owners, each measured", _kpis_measured),
        (
            "a review cadence, kept",
            lambda f: bool(f.p.charter and f.p.charter.governance.cadence) and "PK803" not in f.codes,
        ),
        (
            "every bucket rated, with evidence",
            lambda f: _has(f.p, "status") and not f.codes & {"PK601", "PK602", "PK606"},
        ),
        ("at least one review recorded", lambda f: bool(f.p.reviews and f.p.reviews.reviews)),
    ),
    (  # 4 Ensure: scorecards against dated plans, current facts, escalation, legal tracked, renewals decided
        (
            "KPIs with dated plans (target dates), measured on schedule",
            lambda f: _kpis_planned(f) and "PK503" not in f.codes,
        ),
        ("every bucket backed by current facts", lambda f: f.evidence.coverage == 1.0),
        ("an escalation path", lambda f: bool(f.p.charter and f.p.charter.governance.escalation)),
        ("NDA and contracts in force", lambda f: _has(f.p, "agreements") and not f.codes & {"PK701", "PK702", "PK704"}),
        ("renewals decided in time", lambda f: "PK703" not in f.codes),
    ),
    (  # 5 Strategise: governance, exit, risk framework, facts agreeing with opinions, audit readiness
        (
            "a sponsor and a steering committee",
            lambda f: bool(f.p.charter and f.p.charter.sponsor and f.p.charter.governance.steering_committee),
        ),
        ("an exit strategy", lambda f: bool(f.p.charter and f.p.charter.exit_strategy) and "PK203" not in f.codes),
        (
            "risks owned, mitigated and reviewed",
            lambda f: bool(f.p.risks and f.p.risks.risks) and not f.codes & {"PK401", "PK402", "PK403", "PK404"},
        ),
        (
            "objectives linked to KPIs, and ratings and achievements the KPIs bear out",
            lambda f: not f.codes & {"PK106", "PK210", "PK211", "PK604", "PK209"},
        ),
        ("no lint errors (audit-ready)", lambda f: not any(d.severity is Severity.ERROR for d in f.found)),
    ),
)


def maturity(p: Partnership, diagnostics: list[Diagnostic], evidence: Evidence, as_of: dt.date) -> Maturity:
    """``diagnostics`` are the lint findings about this partnership (suppressed ones included
    unless the config lets suppressions count)."""
    facts = Facts(p, diagnostics, {d.code for d in diagnostics}, evidence, as_of)
    level = 0
    for criteria in CRITERIA:
        missing = tuple(text for text, met in criteria if not met(facts))
        if missing:
            return Maturity(level, LEVELS[level - 1] if level else "none", missing)
        level += 1
    return Maturity(level, LEVELS[-1], ())
