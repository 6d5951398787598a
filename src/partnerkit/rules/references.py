"""References between records: people, buckets, tiers, ids and follow-ups must resolve."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence

from partnerkit.diagnostics import DataPath, Finding, Severity
from partnerkit.model.actions import Action
from partnerkit.model.kpis import Kpi
from partnerkit.model.portfolio import Partnership
from partnerkit.model.raci import Activity
from partnerkit.rules.base import Context, found, rule


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


@rule(
    "PK101",
    "unknown-person",
    Severity.ERROR,
    "A handle that is neither in people.yaml nor a partner contact.",
    why="Owners and RACI roles must name real people, or nobody is actually on the hook; a typo in a "
    "handle silently leaves work unowned.",
    bad="owner: anna   # people.yaml has `ana`",
    good="owner: ana",
)
def unknown_person(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if ctx.portfolio.people is None or p.failed("charter.yaml"):
        return  # without the people or the charter's contacts, every name would look unknown
    handles = ctx.portfolio.handles
    contacts = {c.name for c in p.charter.contacts} if p.charter else set()
    for file, path, handle in p.person_references():
        if handle not in handles and handle not in contacts:
            hint = (
                _suggest(handle, [*handles, *contacts])
                or "add the person to people.yaml, or the partner-side person to the charter's contacts"
            )
            yield found(
                p.file(file), path, f"{handle!r} is not a person in people.yaml nor a contact of this partnership", hint
            )


def bucket_references(p: Partnership) -> Iterator[tuple[str, DataPath, str]]:
    """Every (file, path, bucket name) in a partnership."""
    if p.charter:
        for i, objective in enumerate(p.charter.objectives):
            if objective.bucket:
                yield "charter.yaml", ("objectives", i, "bucket"), objective.bucket
    bucketed: tuple[tuple[str, Sequence[Activity | Kpi | Action] | None], ...] = (
        ("raci.yaml", p.raci.activities if p.raci else None),
        ("kpis.yaml", p.kpis.kpis if p.kpis else None),
        ("actions.yaml", p.actions.actions if p.actions else None),
    )
    for name, items in bucketed:
        top = "activities" if name == "raci.yaml" else name.removesuffix(".yaml")
        for i, item in enumerate(items or ()):
            if item.bucket:
                yield name, (top, i, "bucket"), item.bucket
    if p.status:
        for bucket in p.status.buckets:
            yield "status.yaml", ("buckets", bucket), bucket


@rule(
    "PK102",
    "unknown-bucket",
    Severity.ERROR,
    "A bucket name that is not one of the portfolio's buckets.",
    why="Everything is rolled up per bucket (heat map, scores); a record in an unknown bucket drops out of every view.",
    bad="bucket: Monetise   # the portfolio's bucket is Monetize",
    good="bucket: Monetize",
)
def unknown_bucket(p: Partnership, ctx: Context) -> Iterator[Finding]:
    buckets = ctx.portfolio.config.buckets
    for file, path, bucket in bucket_references(p):
        if bucket not in buckets:
            hint = _suggest(bucket, buckets) or f"use one of: {', '.join(buckets)} (set in partnerkit.yaml)"
            yield found(p.file(file), path, f"{bucket!r} is not one of the portfolio's buckets", hint)


@rule(
    "PK103",
    "unknown-tier",
    Severity.ERROR,
    "The charter's tier is not one of the portfolio's tiers.",
    why="Tiers decide how much attention and governance a partnership gets; "
    "an unknown tier escapes those expectations.",
    bad="tier: platinum   # partnerkit.yaml lists strategic, key, standard",
    good="tier: strategic",
)
def unknown_tier(p: Partnership, ctx: Context) -> Iterator[Finding]:
    tiers = ctx.portfolio.config.tiers
    if p.charter and p.charter.tier not in tiers:
        hint = _suggest(p.charter.tier, tiers) or f"use one of: {', '.join(tiers)} (set in partnerkit.yaml)"
        yield found(p.file("charter.yaml"), ("tier",), f"{p.charter.tier!r} is not one of the portfolio's tiers", hint)


_LISTS = (
    ("raci.yaml", "activities", "activity"),
    ("risks.yaml", "risks", "risk"),
    ("kpis.yaml", "kpis", "KPI"),
    ("agreements.yaml", "agreements", "agreement"),
    ("actions.yaml", "actions", "action"),
    ("reviews.yaml", "reviews", "review"),
    ("financials.yaml", "entries", "financial entry"),
)


@rule(
    "PK104",
    "duplicate-item-id",
    Severity.ERROR,
    "Two items in one file share an id.",
    why="Reviews, diffs and follow-ups refer to items by id; a shared id makes those references ambiguous.",
    bad="risks:\n  - id: R1\n    title: Partner reorganisation\n  - id: R1\n    title: Currency exposure",
    good="risks:\n  - id: R1\n    title: Partner reorganisation\n  - id: R2\n    title: Currency exposure",
)
def duplicate_item_id(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for file, key, noun in _LISTS:
        model = getattr(p, file.removesuffix(".yaml"))
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(model, key) if model else ()):
            if item.id in seen:
                yield found(
                    p.file(file),
                    (key, i, "id"),
                    f"the {noun} id {item.id!r} is already used by {noun} #{seen[item.id] + 1}",
                    "give each item its own id",
                )
            else:
                seen[item.id] = i
    owner: dict[str, str] = {}  # a plan's commitments are named by id across its buckets
    for bucket, planned in p.plan.buckets.items() if p.plan else ():
        for j, commitment in enumerate(planned.commitments):
            if commitment.id in owner:
                yield found(
                    p.file("plan.yaml"),
                    ("buckets", bucket, "commitments", j, "id"),
                    f"the commitment id {commitment.id!r} is already used in {owner[commitment.id]}",
                    "give each commitment its own id",
                )
            elif commitment.id:
                owner[commitment.id] = bucket


@rule(
    "PK105",
    "unknown-follow-up",
    Severity.ERROR,
    "A review's follow-up names an action that does not exist.",
    why="A decision without a tracked action tends not to happen; the follow-up must point at a real action.",
    bad="follow_ups: [A7]   # actions.yaml has no action A7",
    good="follow_ups: [A3]",
)
def unknown_follow_up(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.reviews is None or p.failed("actions.yaml"):
        return
    ids = {a.id for a in p.actions.actions} if p.actions else set()
    for i, review in enumerate(p.reviews.reviews):
        for j, action in enumerate(review.follow_ups):
            if action not in ids:
                yield found(
                    p.file("reviews.yaml"),
                    ("reviews", i, "follow_ups", j),
                    f"follow-up {action!r} is not an action in actions.yaml",
                    _suggest(action, ids) or "add the action to actions.yaml, or correct the id",
                )


@rule(
    "PK106",
    "unknown-kpi",
    Severity.ERROR,
    "An objective names a KPI that does not exist.",
    why="An objective is tracked through the KPIs that measure it; a link to a KPI that is not in kpis.yaml "
    "measures nothing.",
    bad="objectives:\n  - id: O1\n    text: EUR 2M sourced pipeline\n    kpis: [K9]   # kpis.yaml has no K9",
    good="objectives:\n  - id: O1\n    text: EUR 2M sourced pipeline\n    kpis: [K1]",
)
def unknown_kpi(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.charter is None or p.failed("kpis.yaml"):
        return
    ids = {k.id for k in p.kpis.kpis} if p.kpis else set()
    for i, objective in enumerate(p.charter.objectives):
        for j, kpi in enumerate(objective.kpis):
            if kpi not in ids:
                yield found(
                    p.file("charter.yaml"),
                    ("objectives", i, "kpis", j),
                    f"objective {objective.id or objective.text[:40]!r} names KPI {kpi!r}, which is not in kpis.yaml",
                    _suggest(kpi, ids) or "add the KPI to kpis.yaml, or correct the id",
                )
