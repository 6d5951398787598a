"""``plan.yaml``: the joint business plan for a period, agreed by both sides: per bucket, the
objectives it pursues, the KPI targets for the period, the activities, and what each side commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

from pydantic import Field, model_validator

from partnerkit.model.common import Handle, IsoDate, ItemId, Record, Text
from partnerkit.model.kpis import Milestone

PlanStatus = Literal["draft", "agreed", "superseded"]
Side = Literal["us", "partner"]


class Period(Record):
    name: str | None = Field(None, description="What both sides call the period, e.g. FY27 or 2026-27.")
    from_: IsoDate = Field(alias="from", description="The first day the plan covers.")
    to: IsoDate = Field(description="The last day the plan covers.")

    @model_validator(mode="after")
    def _in_order(self) -> Period:
        if self.to < self.from_:
            raise ValueError(f"`to` ({self.to}) is before `from` ({self.from_})")
        return self

    @property
    def label(self) -> str:
        """'FY27', or '2026-07-01 to 2027-06-30' for a period without a name."""
        return self.name or f"{self.from_} to {self.to}"

    def covers(self, day: dt.date) -> bool:
        return self.from_ <= day <= self.to


class SignOff(Record):
    us: Handle | None = Field(None, description="Who signed the plan off on our side (a handle).")
    partner: str | None = Field(
        None, description="Who signed it off for the partner: the name of a contact in the charter."
    )
    date: IsoDate | None = Field(None, description="When both sides had agreed it.")


class Target(Record):
    kpi: ItemId = Field(description="The id of the KPI in kpis.yaml this target is for.")
    target: float = Field(description="The value the plan commits to reach in the period.")
    target_date: IsoDate | None = Field(
        None, description="When the target should be reached. Default: the period's end."
    )
    milestones: list[Milestone] = Field(
        default_factory=list, description="Dated values on the way, e.g. the end of each quarter."
    )


class Commitment(Record):
    id: ItemId
    side: Side = Field(description="us: what our side commits; partner: what the partner commits.")
    what: Text = Field(description="What is committed: people, budget, funds, certifications, a delivery.")
    amount: float | None = Field(None, description="How much, in `unit`: 2 (engineers), 50000 (EUR), ...")
    unit: str | None = Field(None, description="EUR, USD, people, FTE, certifications, ...")
    due: IsoDate | None = Field(None, description="When it should be delivered.")
    delivered: IsoDate | None = Field(None, description="When it was delivered.")
    note: str | None = None


class BucketPlan(Record):
    objectives: list[ItemId] = Field(
        default_factory=list, description="The ids of the charter's objectives this bucket pursues in the period."
    )
    targets: list[Target] = Field(default_factory=list, description="KPI targets for the period.")
    activities: list[ItemId] = Field(
        default_factory=list, description="The ids of the actions in actions.yaml that carry the plan out."
    )
    commitments: list[Commitment] = Field(
        default_factory=list, description="What each side puts in: headcount, budget, market development funds, ..."
    )


class Plan(Record):
    period: Period = Field(description="The period the plan covers: `name`, `from` and `to`.")
    status: PlanStatus = Field(
        "draft", description="draft (being worked out), agreed (signed off by both sides) or superseded."
    )
    agreed: SignOff | None = Field(None, description="The sign-off: `us` (a handle), `partner` (a contact), `date`.")
    market_opportunity: str | None = Field(None, description="The market both sides go after together, and its size.")
    buckets: dict[str, BucketPlan] = Field(
        default_factory=dict, description="Per bucket of partnerkit.yaml: objectives, targets, activities, commitments."
    )

    @property
    def label(self) -> str:
        return self.period.label

    def commitments(self) -> Iterator[tuple[str, int, Commitment]]:
        """Every commitment with its bucket and its index in the bucket's list, in file order."""
        for bucket, entry in self.buckets.items():
            for i, commitment in enumerate(entry.commitments):
                yield bucket, i, commitment
