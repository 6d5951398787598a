"""Bucket status: every bucket rated, ratings backed by evidence and kept current."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.common import Record
from partnerkit.model.portfolio import Partnership
from partnerkit.rules.base import Context, found, rule

STATUS = "status.yaml"


@rule(
    "PK601",
    "status-missing-bucket",
    Severity.ERROR,
    "A bucket has no red/amber/green rating.",
    why="The heat map is only a 360-degree view if every partnership is rated on every bucket.",
    bad="buckets:\n  Align: {rag: green}\n  # Build, Enable, ... missing",
    good="buckets:\n  Align: {rag: green, evidence: Joint plan signed off 2026-09-12}\n"
    "  Build: {rag: amber, evidence: Connector beta slipped to Q1}",
)
def status_missing_bucket(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.status is None:
        return
    for bucket in ctx.portfolio.config.buckets:
        if bucket not in p.status.buckets:
            yield found(
                p.file(STATUS),
                ("buckets",),
                f"the {bucket} bucket has no rating",
                f"add `{bucket}:` with `rag: green|amber|red` and its evidence",
            )


@rule(
    "PK602",
    "rating-without-evidence",
    Severity.WARNING,
    "An amber or red rating has no evidence note.",
    why="Facts over opinion: an amber or red with no note cannot be acted upon, "
    "and invites arguments instead of fixes.",
    bad="Monetize:\n  rag: red",
    good="Monetize:\n  rag: red\n  evidence: Sourced pipeline at 30% of the Q3 target; two co-sell plays cancelled.",
)
def rating_without_evidence(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for bucket, entry in p.status.buckets.items() if p.status else ():
        if entry.rag != "green" and not (entry.evidence or "").strip():
            yield found(
                p.file(STATUS),
                ("buckets", bucket, "rag"),
                f"{bucket} is {entry.rag} with no evidence",
                "add `evidence:` with the facts behind the rating and what is being done about it",
            )


class StaleStatusOptions(Record):
    max_age_days: int = Field(90, ge=1, description="Days after which a rating counts as stale.")


@rule(
    "PK603",
    "status-stale",
    Severity.WARNING,
    "A bucket rating has not been updated recently.",
    why="A rating from last spring says nothing about the partnership now; stale greens are how surprises happen.",
    bad="Enable:\n  rag: green\n  updated: 2026-03-01   # today is 2026-11-25",
    good="Enable:\n  rag: green\n  updated: 2026-11-02",
    options=StaleStatusOptions,
)
def status_stale(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.charter and p.charter.stage == "ended":
        return  # an ended partnership's last ratings are its final record
    for bucket, entry in p.status.buckets.items() if p.status else ():
        if entry.updated is None:
            yield found(
                p.file(STATUS),
                ("buckets", bucket),
                f"{bucket} rating has no updated date",
                "add `updated:` with the date of the rating",
            )
        elif (ctx.as_of - entry.updated).days > ctx.options.max_age_days:
            yield found(
                p.file(STATUS),
                ("buckets", bucket, "updated"),
                f"{bucket} rating was last updated on {entry.updated}, {(ctx.as_of - entry.updated).days} days ago",
                "review the rating and set `updated:` to today",
            )


class ContradictionOptions(Record):
    min_attainment: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Progress (0-1: of plan for a KPI with a dated plan, of the way from baseline to target "
        "otherwise) below which a KPI contradicts green.",
    )


@rule(
    "PK604",
    "green-contradicted-by-kpis",
    Severity.WARNING,
    "A bucket is rated green while one of its KPIs is far behind its plan (or its target).",
    why="Facts over opinion: a green rating that the partnership's own measurements contradict is wishful "
    "thinking. A KPI with a dated plan is judged against what the plan expects by today; one without, against "
    "its final target. Only `evidence_overrides_kpis: true`, with the reason in the evidence, clears it.",
    bad="# status.yaml\nMonetize: {rag: green}\n"
    "# kpis.yaml: sourced-pipeline baseline 0, target 2000000 by 2026-12-31, latest 300000",
    good="Monetize: {rag: amber, evidence: Pipeline at 30% of plan; two co-sell plays restarted}",
    options=ContradictionOptions,
)
def green_contradicted_by_kpis(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.status is None or p.kpis is None:
        return
    for i, kpi in enumerate(p.kpis.kpis):
        entry = p.status.buckets.get(kpi.bucket)
        if entry is None or entry.rag != "green" or entry.evidence_overrides_kpis:
            continue
        if not p.complete("kpis.yaml", "kpis", i):
            continue  # a measurement of it was left out: its latest value is not known
        progress = kpi.progress(ctx.as_of, p.started)
        if progress is None:
            continue
        if progress.share < ctx.options.min_attainment:
            yield found(
                p.file(STATUS),
                ("buckets", kpi.bucket, "rag"),
                f"{kpi.bucket} is green, but KPI {kpi.id!r} is at {progress.words()}",
                "rate the bucket amber or red with evidence; or, if the KPI does not reflect the bucket, say why in "
                "`evidence:` and add `evidence_overrides_kpis: true`",
            )


@rule(
    "PK606",
    "green-without-evidence",
    Severity.WARNING,
    "A bucket is rated green with no evidence note.",
    why="Facts over opinion, both ways: a green nobody can explain is an opinion, and unexplained greens are how "
    "an empty record comes to look healthy. Say what shows the bucket is on track.",
    bad="Enable:\n  rag: green",
    good="Enable:\n  rag: green\n  evidence: 14 partner engineers certified; 3 joint deliveries without escalation",
)
def green_without_evidence(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for bucket, entry in p.status.buckets.items() if p.status else ():
        if entry.rag == "green" and not (entry.evidence or "").strip():
            yield found(
                p.file(STATUS),
                ("buckets", bucket, "rag"),
                f"{bucket} is green with no evidence",
                "add `evidence:` with the facts that show the bucket is on track (a KPI, a delivery, a review)",
            )


@rule(
    "PK607",
    "rating-more-pessimistic-than-kpis",
    Severity.INFO,
    "A bucket is rated amber or red while every KPI measuring it is on plan.",
    why="Facts over opinion, both ways: a red that the KPIs do not show may be right (the KPIs miss something) "
    "or may be an old worry; either way the evidence should say which.",
    bad="# status.yaml\nBuild: {rag: red}\n# kpis.yaml: every Build KPI on or ahead of plan",
    good="Build:\n  rag: red\n  evidence: Connector on plan, but the partner's API is being retired in Q2\n"
    "  evidence_overrides_kpis: true",
)
def rating_more_pessimistic_than_kpis(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.status is None or p.kpis is None or not p.complete("kpis.yaml", "kpis"):
        return  # "every KPI is on plan" needs every KPI
    for bucket, entry in p.status.buckets.items():
        if entry.rag == "green" or entry.evidence_overrides_kpis:
            continue
        progress = [kpi.progress(ctx.as_of, p.started) for kpi in p.kpis.kpis if kpi.bucket == bucket]
        if progress and all(step is not None and step.share >= 1 for step in progress):
            yield found(
                p.file(STATUS),
                ("buckets", bucket, "rag"),
                f"{bucket} is {entry.rag} while every KPI measuring it is on plan: the rating is more pessimistic "
                "than its KPIs",
                "say in `evidence:` what the KPIs miss (and add `evidence_overrides_kpis: true`), or raise the rating",
            )
