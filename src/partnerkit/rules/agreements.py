"""Agreements and lifecycle: the paperwork must match the stage, and renewals are decided in time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import Field

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.common import Record
from partnerkit.model.portfolio import Partnership
from partnerkit.rules.base import Context, found, rule

AGREEMENTS = "agreements.yaml"
_RUNNING = ("onboarding", "active", "renewal")
_NDA_STAGES = ("due-diligence", "negotiation", "onboarding", "active", "renewal", "exiting")


def _stage(p: Partnership) -> str:
    return p.charter.stage if p.charter else ""


@rule(
    "PK701",
    "active-without-agreement",
    Severity.ERROR,
    "An active partnership has no signed agreement.",
    why="Working together without a signed agreement leaves IP, liability and revenue terms to chance.",
    bad="stage: active\n# agreements.yaml: only a draft MSA",
    good="- id: msa\n  kind: msa\n  status: signed\n  signed: 2025-02-14",
)
def active_without_agreement(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if _stage(p) not in _RUNNING or p.failed("agreements.yaml"):
        return
    signed = [a for a in (p.agreements.agreements if p.agreements else ()) if a.status == "signed"]
    if not signed:
        yield found(
            p.file("charter.yaml"),
            ("stage",),
            f"the partnership is {_stage(p)} but has no signed agreement",
            "record the signed agreement in agreements.yaml with `status: signed` and its dates",
        )


@rule(
    "PK702",
    "agreement-expired",
    Severity.ERROR,
    "A signed agreement of a running partnership has passed its expiry date.",
    why="Working on under an expired contract voids the protections it gave both sides.",
    bad="status: signed\nexpiry: 2026-06-30   # today is 2026-11-25",
    good="status: signed\nexpiry: 2027-06-30\nrenewal: {decision: renew, decided: 2026-03-01}",
)
def agreement_expired(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if _stage(p) not in _RUNNING:
        return
    for i, agreement in enumerate(p.agreements.agreements if p.agreements else ()):
        if (
            agreement.status == "signed"
            and agreement.expiry
            and agreement.expiry < ctx.as_of
            and not agreement.auto_renew
        ):
            yield found(
                p.file(AGREEMENTS),
                ("agreements", i, "expiry"),
                f"agreement {agreement.id!r} expired on {agreement.expiry}",
                "renew it and record the new expiry, or mark it `status: expired` and plan the exit",
            )


class RenewalOptions(Record):
    lead_days: int = Field(
        180, ge=0, description="Days before the notice deadline when the renewal decision becomes due."
    )


@rule(
    "PK703",
    "renewal-decision-due",
    Severity.WARNING,
    "An agreement nears its notice deadline with no renewal decision recorded.",
    why="Renewal should be decided well before expiry (typically six months ahead of the notice deadline), "
    "or the contract renews, or lapses, by default rather than by choice.",
    bad="expiry: 2027-03-31\nrenewal_notice_days: 90\n# no renewal decision; today is 2026-11-25",
    good="expiry: 2027-03-31\nrenewal_notice_days: 90\nrenewal:\n  decision: renew\n  decided: 2026-11-10",
    options=RenewalOptions,
)
def renewal_decision_due(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if _stage(p) == "ended":
        return
    for i, agreement in enumerate(p.agreements.agreements if p.agreements else ()):
        if agreement.status != "signed" or agreement.expiry is None or agreement.renewal is not None:
            continue
        notice = agreement.expiry - dt.timedelta(days=agreement.renewal_notice_days)
        if agreement.expiry >= ctx.as_of and (notice - ctx.as_of).days <= ctx.options.lead_days:
            yield found(
                p.file(AGREEMENTS),
                ("agreements", i),
                f"agreement {agreement.id!r} expires on {agreement.expiry}; "
                f"notice is due by {notice} and no renewal decision is recorded",
                "decide and record `renewal: {decision: renew|expand|reduce|renegotiate|exit, decided: YYYY-MM-DD}`",
            )


@rule(
    "PK704",
    "missing-nda",
    Severity.WARNING,
    "A partnership past the prospect stage has no NDA.",
    why="Due diligence and negotiation exchange confidential information; an NDA must be in place before that starts.",
    bad="stage: negotiation\n# agreements.yaml has no kind: nda",
    good="- id: nda\n  kind: nda\n  status: signed\n  signed: 2026-01-20",
)
def missing_nda(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if _stage(p) not in _NDA_STAGES or p.failed("agreements.yaml"):
        return
    kinds = {
        a.kind
        for a in (p.agreements.agreements if p.agreements else ())
        if a.status in ("signed", "expired", "superseded")
    }
    # An MSA normally carries confidentiality terms of its own.
    if not kinds & {"nda", "msa", "joint-venture"}:
        yield found(
            p.file("charter.yaml"),
            ("stage",),
            f"the partnership is at the {_stage(p)} stage but no NDA is signed",
            "sign an NDA and record it in agreements.yaml with `kind: nda`",
        )


@rule(
    "PK705",
    "ended-with-open-actions",
    Severity.WARNING,
    "An ended partnership still has open actions.",
    why="Open actions on an ended partnership are either loose ends of the exit or noise in everyone's to-do list.",
    bad="stage: ended\n# actions.yaml: A4 state open",
    good="stage: ended\n# actions.yaml: A4 state done (or cancelled)",
)
def ended_with_open_actions(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if _stage(p) != "ended":
        return
    for i, action in enumerate(p.actions.actions if p.actions else ()):
        if action.is_open:
            yield found(
                p.file("actions.yaml"),
                ("actions", i, "state"),
                f"action {action.id!r} is still {action.state} although the partnership has ended",
                "set `state: done` or `state: cancelled`",
            )
