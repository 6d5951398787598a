"""``kpis.yaml``: measures of the partnership's value, with their history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pydantic import Field

from partnerkit.model.common import Direction, Handle, IsoDate, ItemId, Record, Text
from partnerkit.model.units import compact

Period = Literal["weekly", "monthly", "quarterly", "semiannual", "annual"]
PERIOD_DAYS = {"weekly": 7, "monthly": 31, "quarterly": 92, "semiannual": 183, "annual": 366}
KpiKind = Literal["cumulative", "level"]
KpiValue = Literal["revenue", "cost", "savings"]
AHEAD = 1.1
"""A KPI this far (or further) along its plan is ahead of it."""


class Measurement(Record):
    date: IsoDate = Field(description="When the value was measured.")
    value: float
    note: str | None = None


class Milestone(Record):
    date: IsoDate = Field(description="When the plan expects this value.")
    value: float = Field(description="The value expected by that date.")


@dataclass(frozen=True)
class Progress:
    """Where a KPI's latest measurement stands against its plan on a given day.

    ``share`` is how far the value has come from the baseline, as a share of the way the plan
    expects by that day (1.0 = on plan). Without a dated plan (no ``target_date``, no
    milestones) the plan is the final target itself."""

    actual: float
    expected: float
    share: float
    of_target: float
    planned: bool

    @property
    def state(self) -> str:
        return "ahead" if self.share >= AHEAD else "on track" if self.share >= 1 else "behind plan"

    def words(self) -> str:
        """'80% of plan (expected 30, actual 24)', or '65% of the way from baseline to target'."""
        if self.planned:
            return f"{max(self.share, 0):.0%} of plan (expected {_plain(self.expected)}, actual {_plain(self.actual)})"
        return f"{max(self.of_target, 0):.0%} of the way from baseline to target"


def _plain(value: float) -> str:
    """A planned value as people say it: whole numbers from 100 up, one decimal below."""
    return compact(round(value) if abs(value) >= 100 else round(value, 1))


class Kpi(Record):
    id: ItemId
    name: Text = Field(description="What is measured.")
    bucket: Text = Field(description="The bucket it measures (one of partnerkit.yaml's buckets).")
    unit: str | None = Field(None, description="EUR, %, deals, people, days, ...")
    direction: Direction = Field("up", description="up: higher is better; down: lower is better.")
    baseline: float | None = Field(None, description="The value when the partnership started measuring.")
    target: float | None = Field(None, description="The value the partnership aims for.")
    owner: Handle | None = Field(None, description="Who measures it (a handle).")
    period: Period = Field("quarterly", description="How often it is measured.")
    kind: KpiKind = Field(
        "level",
        description="cumulative: a running total (revenue to date, deals won); level: a rate or state "
        "(uptime, NPS, certified people). Between milestones the plan of a cumulative KPI grows "
        "steadily; a level KPI's plan steps up at each milestone.",
    )
    baseline_date: IsoDate | None = Field(
        None, description="When the baseline held. Default: the first measurement's date, else the partnership's start."
    )
    target_date: IsoDate | None = Field(
        None, description="When the target should be reached. Without it, progress is judged against the final target."
    )
    milestones: list[Milestone] = Field(
        default_factory=list, description="The plan on the way to the target: dated values, e.g. quarterly targets."
    )
    measurements: list[Measurement] = Field(default_factory=list, description="Dated values, oldest first.")
    value: KpiValue | None = Field(
        None,
        description="The KPI measures money the partnership is worth, counted in its ROI: revenue (attributed to it), "
        "savings, or cost (ours). Its `unit` must then be a currency code (EUR, USD). A cumulative KPI counts its "
        "running total; a level KPI its latest value (e.g. trailing-twelve-month bookings).",
    )

    @cached_property
    def latest(self) -> Measurement | None:
        return max(self.measurements, key=lambda m: m.date, default=None)

    def attainment(self) -> float | None:
        """How far the latest measurement has come from baseline to the final target (1.0 = met)."""
        latest = self.latest
        if latest is None or self.baseline is None or self.target is None or self.target == self.baseline:
            return None
        return (latest.value - self.baseline) / (self.target - self.baseline)

    def expected(self, as_of: dt.date, started: dt.date | None = None) -> float | None:
        """What the plan expects by ``as_of``: on the line from the baseline (at ``baseline_date``,
        the first measurement or ``started``) through the milestones to the target at
        ``target_date``. None when the KPI has no dated plan."""
        if self.baseline is None or self.target is None or not (self.target_date or self.milestones):
            return None
        anchor = self.baseline_date or min((m.date for m in self.measurements), default=None) or started
        if anchor is None:
            return None
        plan = sorted({m.date: m.value for m in self.milestones}.items())
        if self.target_date and all(day != self.target_date for day, _ in plan):
            plan = sorted([*plan, (self.target_date, self.target)])
        plan = [(anchor, self.baseline), *((day, value) for day, value in plan if day > anchor)]
        reached = [(day, value) for day, value in plan if day <= as_of]
        if not reached:
            return self.baseline  # the plan has not started yet
        day0, value0 = reached[-1]
        if len(reached) == len(plan) or (self.kind == "level" and self.milestones):
            return value0  # past the plan's end, or a level KPI holds its last milestone
        day1, value1 = plan[len(reached)]
        return value0 + (value1 - value0) * (as_of - day0).days / (day1 - day0).days

    @cached_property
    def progress_memo(self) -> dict[tuple[dt.date, dt.date | None], Progress | None]:
        """``progress`` already worked out: rules, the score and the report all ask it."""
        return {}

    def progress(self, as_of: dt.date, started: dt.date | None = None) -> Progress | None:
        """The latest measurement against the plan for ``as_of`` (see :class:`Progress`)."""
        memo = self.progress_memo
        key = (as_of, started)
        if key not in memo:
            memo[key] = self._progress(as_of, started)
        return memo[key]

    def _progress(self, as_of: dt.date, started: dt.date | None) -> Progress | None:
        of_target = self.attainment()
        latest = self.latest
        if of_target is None or latest is None or self.baseline is None or self.target is None:
            return None
        expected = self.expected(as_of, started)
        if expected is None:
            return Progress(latest.value, self.target, of_target, of_target, planned=False)
        planned_gain, gain = expected - self.baseline, latest.value - self.baseline
        if planned_gain == 0:  # the plan expects no movement yet: on plan unless it went the wrong way
            sign = 1 if self.target > self.baseline else -1
            share = 1.0 if gain * sign >= 0 else 0.0
        else:
            share = gain / planned_gain
        return Progress(latest.value, expected, share, of_target, planned=True)


class KpiSet(Record):
    kpis: list[Kpi] = Field(default_factory=list)
