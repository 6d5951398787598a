"""``kpis.yaml``: measures of the partnership's value, with their history."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from partnerkit.model.common import Direction, Handle, IsoDate, ItemId, Record, Text

Period = Literal["weekly", "monthly", "quarterly", "semiannual", "annual"]
PERIOD_DAYS = {"weekly": 7, "monthly": 31, "quarterly": 92, "semiannual": 183, "annual": 366}


class Measurement(Record):
    date: IsoDate = Field(description="When the value was measured.")
    value: float
    note: str | None = None


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
    measurements: list[Measurement] = Field(default_factory=list, description="Dated values, oldest first.")

    @property
    def latest(self) -> Measurement | None:
        return max(self.measurements, key=lambda m: m.date, default=None)

    def attainment(self) -> float | None:
        """Progress from baseline towards target of the latest measurement (1.0 = target met)."""
        latest = self.latest
        if latest is None or self.baseline is None or self.target is None or self.target == self.baseline:
            return None
        return (latest.value - self.baseline) / (self.target - self.baseline)


class KpiSet(Record):
    kpis: list[Kpi] = Field(default_factory=list)
