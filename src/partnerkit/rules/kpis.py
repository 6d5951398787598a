"""KPIs: facts over opinion. Each needs a baseline, a target, an owner and fresh measurements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import Field

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.common import Record
from partnerkit.model.kpis import PERIOD_DAYS
from partnerkit.model.portfolio import Partnership
from partnerkit.rules.base import Context, found, rule
from partnerkit.rules.settings import NAMES

KPIS = "kpis.yaml"


@rule(
    "PK501",
    "kpi-incomplete",
    Severity.WARNING,
    "A KPI has no baseline, target or owner.",
    why="Without a baseline and a target there is no way to say whether the partnership improved anything; "
    "without an owner nobody measures it.",
    bad="- id: pipeline\n  name: Partner-sourced pipeline\n  bucket: Monetize",
    good="- id: pipeline\n  name: Partner-sourced pipeline\n  bucket: Monetize\n"
    "  baseline: 0\n  target: 2000000\n  owner: ana",
)
def kpi_incomplete(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, kpi in enumerate(p.kpis.kpis if p.kpis else ()):
        missing = [name for name in ("baseline", "target", "owner") if getattr(kpi, name) is None]
        if missing:
            yield found(
                p.file(KPIS),
                ("kpis", i),
                f"KPI {kpi.id!r} has no {', '.join(missing)}",
                " and ".join(f"add `{name}:`" for name in missing),
            )


@rule(
    "PK502",
    "kpi-target-not-improvement",
    Severity.ERROR,
    "A KPI's target is no improvement on its baseline.",
    why="A target at or below the baseline of an `up` KPI (or above it for `down`) is met by doing nothing.",
    bad="direction: down   # lower is better\nbaseline: 48\ntarget: 72",
    good="direction: down\nbaseline: 48\ntarget: 24",
)
def kpi_target_not_improvement(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, kpi in enumerate(p.kpis.kpis if p.kpis else ()):
        if kpi.baseline is None or kpi.target is None:
            continue
        better = kpi.target > kpi.baseline if kpi.direction == "up" else kpi.target < kpi.baseline
        if not better:
            word = "higher" if kpi.direction == "up" else "lower"
            yield found(
                p.file(KPIS),
                ("kpis", i, "target"),
                f"KPI {kpi.id!r}: target {kpi.target:g} is not {word} than baseline {kpi.baseline:g} "
                f"(direction {kpi.direction})",
                f"set a target {word} than the baseline, or correct `direction:`",
            )


class StaleOptions(Record):
    grace_days: int = Field(30, ge=0, description="Days allowed past a KPI's period before it counts as stale.")


@rule(
    "PK503",
    "kpi-stale",
    Severity.WARNING,
    "A KPI has not been measured within its period plus a grace period.",
    why="A KPI measured once at kick-off says nothing about today; ratings must rest on recent facts.",
    bad="period: quarterly\nmeasurements:\n  - {date: 2026-03-31, value: 120000}   # today is 2026-11-25",
    good="period: quarterly\nmeasurements:\n  - {date: 2026-09-30, value: 410000}",
    options=StaleOptions,
)
def kpi_stale(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.charter and p.charter.stage == "ended":
        return  # nothing is measured after the end
    for i, kpi in enumerate(p.kpis.kpis if p.kpis else ()):
        allowed = dt.timedelta(days=PERIOD_DAYS[kpi.period] + ctx.options.grace_days)
        latest = kpi.latest
        if latest is None:
            yield found(
                p.file(KPIS),
                ("kpis", i),
                f"KPI {kpi.id!r} has no measurements yet",
                "add `measurements:` with `- {date: YYYY-MM-DD, value: ...}`",
            )
        elif ctx.as_of - latest.date > allowed:
            yield found(
                p.file(KPIS),
                ("kpis", i, "measurements"),
                f"KPI {kpi.id!r} was last measured on {latest.date}, more than a {kpi.period} period ago",
                f"add a measurement dated within the last {allowed.days} days",
            )


class MonetizeOptions(Record):
    buckets: list[str] = Field(
        default_factory=lambda: ["Monetize"],
        description="Buckets that must each have a KPI.",
        json_schema_extra={NAMES: "bucket"},  # each must be one of partnerkit.yaml's buckets
    )


@rule(
    "PK504",
    "value-not-captured",
    Severity.WARNING,
    "No KPI measures the value the partnership brings in (the Monetize bucket).",
    why="If the value of a partnership is never measured, it is never attributed, and the partnership "
    "loses every budget discussion.",
    bad="kpis:\n  - id: certified\n    name: Certified consultants\n    bucket: Enable",
    good="  - id: sourced-revenue\n    name: Partner-sourced revenue\n    bucket: Monetize",
    options=MonetizeOptions,
)
def value_not_captured(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.kpis is None or (p.charter and p.charter.stage in ("prospect", "due-diligence", "negotiation", "ended")):
        return
    measured = {k.bucket for k in p.kpis.kpis}
    for bucket in ctx.options.buckets:  # each one of the portfolio's buckets (rules.settings checks)
        if bucket not in measured:
            yield found(
                p.file(KPIS),
                ("kpis",),
                f"no KPI measures the {bucket} bucket",
                f"add a KPI with `bucket: {bucket}` (e.g. partner-sourced revenue or pipeline)",
            )


@rule(
    "PK505",
    "kpi-measurements-disordered",
    Severity.WARNING,
    "A KPI's measurements are out of date order or repeat a date.",
    why="Trends and attainment read the history in order; a repeated date is usually a copy-paste slip.",
    bad="measurements:\n  - {date: 2026-06-30, value: 300}\n  - {date: 2026-03-31, value: 200}",
    good="measurements:\n  - {date: 2026-03-31, value: 200}\n  - {date: 2026-06-30, value: 300}",
)
def kpi_measurements_disordered(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, kpi in enumerate(p.kpis.kpis if p.kpis else ()):
        for j in range(1, len(kpi.measurements)):
            before, here = kpi.measurements[j - 1].date, kpi.measurements[j].date
            if here == before:
                yield found(
                    p.file(KPIS),
                    ("kpis", i, "measurements", j),
                    f"KPI {kpi.id!r} has two measurements dated {here}",
                    "keep one measurement per date",
                )
            elif here < before:
                yield found(
                    p.file(KPIS),
                    ("kpis", i, "measurements", j),
                    f"KPI {kpi.id!r}: measurement of {here} comes after one of {before}",
                    "list measurements oldest first",
                )
