"""RACI: every activity needs one Accountable and someone Responsible; every bucket an owner."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pydantic import Field

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.common import Record
from partnerkit.model.portfolio import Partnership
from partnerkit.rules.base import Context, found, rule

RACI = "raci.yaml"


@rule(
    "PK301",
    "raci-no-accountable",
    Severity.ERROR,
    "An activity has nobody Accountable.",
    why="The Accountable person answers for the outcome; without one, the activity happens only if someone volunteers.",
    bad="- id: enablement\n  name: Sales enablement sessions\n  bucket: Enable\n  responsible: [lee]",
    good="- id: enablement\n  name: Sales enablement sessions\n  bucket: Enable\n"
    "  responsible: [lee]\n  accountable: ana",
)
def raci_no_accountable(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, activity in enumerate(p.raci.activities if p.raci else ()):
        if not activity.accountable:
            yield found(
                p.file(RACI),
                ("activities", i),
                f"activity {activity.id!r} has nobody accountable",
                "add `accountable:` with exactly one handle",
            )


@rule(
    "PK302",
    "raci-multiple-accountable",
    Severity.ERROR,
    "An activity has more than one Accountable.",
    why="Two accountable people means each assumes the other decides; RACI allows exactly one A per activity.",
    bad="accountable: [ana, raj]",
    good="accountable: ana\nconsulted: [raj]",
)
def raci_multiple_accountable(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, activity in enumerate(p.raci.activities if p.raci else ()):
        if len(activity.accountable) > 1:
            yield found(
                p.file(RACI),
                ("activities", i, "accountable"),
                f"activity {activity.id!r} has {len(activity.accountable)} people accountable "
                f"({', '.join(activity.accountable)})",
                "keep one accountable person; move the others to `consulted` or `responsible`",
            )


@rule(
    "PK303",
    "raci-no-responsible",
    Severity.WARNING,
    "An activity has nobody Responsible for doing the work.",
    why="Accountability without anyone doing the work is a plan on paper only.",
    bad="- id: qbr\n  name: Quarterly business review\n  bucket: Operate\n  accountable: ana",
    good="- id: qbr\n  name: Quarterly business review\n  bucket: Operate\n  accountable: ana\n  responsible: [lee]",
)
def raci_no_responsible(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, activity in enumerate(p.raci.activities if p.raci else ()):
        if not activity.responsible:
            yield found(
                p.file(RACI),
                ("activities", i),
                f"activity {activity.id!r} has nobody responsible",
                "add `responsible:` with the handles of the people who do the work",
            )


@rule(
    "PK304",
    "bucket-without-owner",
    Severity.WARNING,
    "A bucket has no activity with an Accountable person.",
    why="Whole buckets without an accountable owner are a classic partnership failure: nobody enables the "
    "sales teams, or nobody owns support escalations, until it hurts.",
    bad="activities:   # nothing in the Support bucket\n  - id: roadmap\n    bucket: Align\n    accountable: ana",
    good="  - id: escalations\n    name: Joint support escalations\n    bucket: Support\n    accountable: lee",
)
def bucket_without_owner(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.raci is None:
        return
    owned = {a.bucket for a in p.raci.activities if a.accountable}
    for bucket in ctx.portfolio.config.buckets:
        if bucket not in owned:
            yield found(
                p.file(RACI),
                ("activities",),
                f"no activity in the {bucket} bucket has an accountable owner",
                f"add an activity with `bucket: {bucket}` and an `accountable:` person",
            )


class OverloadOptions(Record):
    max_accountable: int = Field(
        15, ge=1, description="Most activities one person may be accountable for across the portfolio."
    )


OVERLOADED = "PK305"


@rule(
    OVERLOADED,
    "person-overloaded",
    Severity.WARNING,
    "One person is accountable for too many activities across the portfolio.",
    why="Accountability spread too thin is accountability in name only; it also marks a single point of failure.",
    bad="(ana is accountable for 23 activities across 9 partnerships; the limit is 15)",
    good="(ana keeps 11; the rest move to the partnership owners)",
    options=OverloadOptions,
    scope="portfolio",
)
def person_overloaded(ctx: Context) -> Iterator[Finding]:
    counts: Counter[str] = Counter()
    first: dict[str, tuple[Partnership, int]] = {}
    for p in ctx.portfolio.partnerships:
        for handle, (count, index) in p.accountable.items():
            counts[handle] += count
            first.setdefault(handle, (p, index))
    limit = ctx.options.max_accountable
    for handle, count in sorted(counts.items()):
        if count > limit and handle in ctx.portfolio.handles:
            p, i = first[handle]
            yield found(
                p.file(RACI),
                ("activities", i, "accountable"),
                f"{handle} is accountable for {count} activities across the portfolio (limit {limit})",
                "hand some activities to other people, or raise person-overloaded.max_accountable in partnerkit.yaml",
                partnership=p.id,
                subject=handle,
            )
