"""The risk register: every open risk owned, mitigated and reviewed."""

from __future__ import annotations

import math
from collections.abc import Iterator

from pydantic import Field

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.common import Record
from partnerkit.model.portfolio import Partnership
from partnerkit.model.risks import Risk
from partnerkit.rules.base import Context, found, rule

RISKS = "risks.yaml"


def _open_risks(p: Partnership) -> Iterator[tuple[int, Risk]]:
    for i, risk in enumerate(p.risks.risks if p.risks else ()):
        if risk.is_open:
            yield i, risk


@rule(
    "PK401",
    "risk-without-owner",
    Severity.ERROR,
    "An open risk has no owner.",
    why="A risk nobody owns is a risk nobody watches: it is discovered again when it has already happened.",
    bad="- id: R2\n  title: Partner's product roadmap diverges\n  likelihood: 3\n  impact: 4",
    good="- id: R2\n  title: Partner's product roadmap diverges\n  likelihood: 3\n  impact: 4\n  owner: raj",
)
def risk_without_owner(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, risk in _open_risks(p):
        if not risk.owner:
            yield found(
                p.file(RISKS),
                ("risks", i),
                f"risk {risk.id!r} has no owner",
                "add `owner:` with the handle of who watches this risk",
            )


@rule(
    "PK402",
    "risk-without-mitigation",
    Severity.WARNING,
    "An open risk has no mitigation.",
    why="Recording a risk without a plan to reduce it documents the problem without managing it.",
    bad="- id: R3\n  title: Currency exposure on revenue share\n  status: open",
    good="- id: R3\n  title: Currency exposure on revenue share\n  status: mitigating\n"
    "  mitigation: Invoice in EUR from 2027.",
)
def risk_without_mitigation(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, risk in _open_risks(p):
        if not (risk.mitigation or "").strip() and risk.status != "accepted" and risk.exposure < _high(ctx):
            yield found(
                p.file(RISKS),
                ("risks", i),
                f"risk {risk.id!r} has no mitigation",
                "add `mitigation:` with what reduces its likelihood or impact, or set `status: accepted`",
            )


def _high(ctx: Context) -> float:
    """Exposure at which PK403, when it runs, takes over from PK402: one risk, one finding."""
    return ctx.settings["PK403"].threshold if "PK403" in ctx.active else math.inf


class HighRiskOptions(Record):
    threshold: int = Field(15, ge=1, le=25, description="Likelihood x impact at or above which a risk is high.")


@rule(
    "PK403",
    "risk-high-unmitigated",
    Severity.ERROR,
    "A high risk (likelihood x impact at or above the threshold) has no mitigation.",
    why="High risks are the ones that end partnerships; each needs an explicit plan, even if the plan is to accept it.",
    bad="- id: R1\n  title: Partner acquired by a competitor\n  likelihood: 4\n  impact: 5\n  status: open",
    good="- id: R1\n  title: Partner acquired by a competitor\n  likelihood: 4\n  impact: 5\n  status: mitigating\n"
    "  mitigation: Change-of-control clause in the MSA; quarterly exec check-in.",
    options=HighRiskOptions,
)
def risk_high_unmitigated(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, risk in _open_risks(p):
        if risk.exposure >= ctx.options.threshold and not (risk.mitigation or "").strip() and risk.status != "accepted":
            yield found(
                p.file(RISKS),
                ("risks", i),
                f"risk {risk.id!r} is high ({risk.likelihood} x {risk.impact} = {risk.exposure}) and has no mitigation",
                "add `mitigation:` with the plan, or `status: accepted` with the sponsor's agreement",
            )


@rule(
    "PK404",
    "risk-review-overdue",
    Severity.WARNING,
    "An open risk's review date has passed.",
    why="Risks change; a register that is not reviewed gives false comfort.",
    bad="review_by: 2026-06-30   # today is 2026-11-25",
    good="review_by: 2027-01-31",
)
def risk_review_overdue(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, risk in _open_risks(p):
        if risk.review_by and risk.review_by < ctx.as_of:
            days = (ctx.as_of - risk.review_by).days
            yield found(
                p.file(RISKS),
                ("risks", i, "review_by"),
                f"risk {risk.id!r} was due for review on {risk.review_by} ({days} days ago)",
                "review the risk and move `review_by:` to the next review date",
            )


@rule(
    "PK405",
    "risk-closed-without-date",
    Severity.WARNING,
    "A closed risk has no closed date.",
    why="When a risk was closed is part of the record: audits and reviews ask when, not only whether.",
    bad="status: closed",
    good="status: closed\nclosed: 2026-09-30",
)
def risk_closed_without_date(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, risk in enumerate(p.risks.risks if p.risks else ()):
        if risk.status == "closed" and risk.closed is None:
            yield found(
                p.file(RISKS),
                ("risks", i, "status"),
                f"risk {risk.id!r} is closed but has no closed date",
                "add `closed:` with the date it was closed",
            )
