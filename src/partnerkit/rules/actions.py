"""Actions and reviews: follow-ups get done, and the partnership is reviewed at its cadence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.common import CADENCE_DAYS
from partnerkit.model.portfolio import Partnership
from partnerkit.rules.base import Context, found, rule

ACTIONS = "actions.yaml"


@rule(
    "PK801",
    "action-overdue",
    Severity.WARNING,
    "An open action is past its due date.",
    why="Overdue follow-ups are the first visible sign of a partnership losing momentum.",
    bad="due: 2026-10-15\nstate: open   # today is 2026-11-25",
    good="due: 2026-10-15\nstate: done\ndone: 2026-10-14",
)
def action_overdue(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, action in enumerate(p.actions.actions if p.actions else ()):
        if action.is_open and action.due and action.due < ctx.as_of:
            yield found(
                p.file(ACTIONS),
                ("actions", i, "due"),
                f"action {action.id!r} was due on {action.due} ({(ctx.as_of - action.due).days} days ago)",
                "finish it (state: done, done: date), or agree a new due date",
            )


@rule(
    "PK802",
    "action-without-owner",
    Severity.WARNING,
    "An open action has no owner.",
    why="An action without an owner is a wish: in the next review everyone remembers it and nobody did it.",
    bad="- id: A5\n  title: Draft joint case study",
    good="- id: A5\n  title: Draft joint case study\n  owner: mia",
)
def action_without_owner(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, action in enumerate(p.actions.actions if p.actions else ()):
        if action.is_open and not action.owner:
            yield found(
                p.file(ACTIONS), ("actions", i), f"action {action.id!r} has no owner", "add `owner:` with a handle"
            )


@rule(
    "PK803",
    "review-cadence-missed",
    Severity.WARNING,
    "The last review is older than the charter's cadence allows.",
    why="Governance works by rhythm: a missed review means issues surface late and decisions wait.",
    bad="# charter.yaml: cadence: monthly\n# reviews.yaml: last review 2026-08-12; today is 2026-11-25",
    good="# reviews.yaml\n- id: 2026-11-steering\n  date: 2026-11-12\n  kind: steering",
)
def review_cadence_missed(p: Partnership, ctx: Context) -> Iterator[Finding]:
    charter = p.charter
    if (
        charter is None
        or charter.governance.cadence is None
        or charter.stage not in ("onboarding", "active", "renewal", "exiting")
    ):
        return
    if p.failed("reviews.yaml"):
        return
    allowed = dt.timedelta(days=CADENCE_DAYS[charter.governance.cadence])
    last = max((r.date for r in p.reviews.reviews), default=None) if p.reviews else None
    started = charter.dates.started
    if last is None and started is not None and ctx.as_of - started > allowed:
        yield found(
            p.file("charter.yaml"),
            ("governance", "cadence"),
            f"no review is recorded although the cadence is {charter.governance.cadence}",
            "hold a review and record it in reviews.yaml",
        )
    elif last is not None and ctx.as_of - last > allowed:
        yield found(
            p.file("charter.yaml"),
            ("governance", "cadence"),
            f"the last review was on {last}; "
            f"the {charter.governance.cadence} cadence called for one by {last + allowed}",
            "hold the review and record it in reviews.yaml",
        )
