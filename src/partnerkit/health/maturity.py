"""How well a partnership is managed, in five levels, derived from which records exist and are
kept up to date: 1 Follow, 2 Assist, 3 Apply, 4 Ensure, 5 Strategise.

A level is reached when all of its criteria and those of the levels below are met; what is
missing for the next level is the to-do list to climb. Pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.model.portfolio import Partnership

LEVELS = ("Follow", "Assist", "Apply", "Ensure", "Strategise")

Check = Callable[[Partnership, set[str], list[Diagnostic]], bool]
"""(partnership, codes of its findings, its findings) -> criterion met"""


@dataclass(frozen=True)
class Maturity:
    level: int  # 0 when not even level 1 is met
    name: str
    missing: tuple[str, ...]  # criteria of the next level not met yet


def _has(p: Partnership, *names: str) -> bool:
    return all(getattr(p, name) is not None for name in names)


CRITERIA: tuple[tuple[tuple[str, Check], ...], ...] = (
    (  # 1 Follow: basic records and follow-ups
        ("a charter with an owner", lambda p, codes, _: bool(p.charter and p.charter.owner)),
        ("follow-ups tracked in actions.yaml", lambda p, codes, _: bool(p.actions and p.actions.actions)),
    ),
    (  # 2 Assist: contacts, agreement status, timelines, actions owned and dated
        ("partner contacts in the charter", lambda p, codes, _: bool(p.charter and p.charter.contacts)),
        ("agreements recorded with their status", lambda p, codes, _: bool(p.agreements and p.agreements.agreements)),
        ("a start date", lambda p, codes, _: bool(p.charter and p.charter.dates.started)),
        (
            "every open action has an owner and a due date",
            lambda p, codes, _: bool(p.actions and all(a.owner and a.due for a in p.actions.actions if a.is_open)),
        ),
    ),
    (  # 3 Apply: a plan with objectives, KPIs and a cadence; health reviewed
        (
            "objectives with buckets and due dates",
            lambda p, codes, _: bool(p.charter and p.charter.objectives) and "PK207" not in codes,
        ),
        (
            "KPIs with baselines, targets and owners",
            lambda p, codes, _: bool(p.kpis and p.kpis.kpis) and "PK501" not in codes,
        ),
        (
            "a review cadence, kept",
            lambda p, codes, _: bool(p.charter and p.charter.governance.cadence) and "PK803" not in codes,
        ),
        ("every bucket rated, with evidence", lambda p, codes, _: _has(p, "status") and not codes & {"PK601", "PK602"}),
        ("at least one review recorded", lambda p, codes, _: bool(p.reviews and p.reviews.reviews)),
    ),
    (  # 4 Ensure: scorecards, escalation, legal tracked, renewals decided
        ("KPIs measured on schedule", lambda p, codes, _: bool(p.kpis and p.kpis.kpis) and "PK503" not in codes),
        ("ratings kept current", lambda p, codes, _: _has(p, "status") and "PK603" not in codes),
        ("an escalation path", lambda p, codes, _: bool(p.charter and p.charter.governance.escalation)),
        (
            "NDA and contracts in force",
            lambda p, codes, _: _has(p, "agreements") and not codes & {"PK701", "PK702", "PK704"},
        ),
        ("renewals decided in time", lambda p, codes, _: "PK703" not in codes),
    ),
    (  # 5 Strategise: governance, exit, risk framework, audit readiness
        (
            "a sponsor and a steering committee",
            lambda p, codes, _: bool(p.charter and p.charter.sponsor and p.charter.governance.steering_committee),
        ),
        ("an exit strategy", lambda p, codes, _: bool(p.charter and p.charter.exit_strategy) and "PK203" not in codes),
        (
            "risks owned, mitigated and reviewed",
            lambda p, codes, _: bool(p.risks and p.risks.risks) and not codes & {"PK401", "PK402", "PK403", "PK404"},
        ),
        ("no lint errors (audit-ready)", lambda p, codes, found: not any(d.severity is Severity.ERROR for d in found)),
    ),
)


def maturity(p: Partnership, diagnostics: list[Diagnostic]) -> Maturity:
    """``diagnostics`` are the lint findings about this partnership."""
    codes = {d.code for d in diagnostics}
    level = 0
    for criteria in CRITERIA:
        missing = tuple(text for text, met in criteria if not met(p, codes, diagnostics))
        if missing:
            return Maturity(level, LEVELS[level - 1] if level else "none", missing)
        level += 1
    return Maturity(level, LEVELS[-1], ())
