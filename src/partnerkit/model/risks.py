"""``risks.yaml``: the risk register."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from partnerkit.model.common import Handle, IsoDate, ItemId, Record, Score, Text

RiskCategory = Literal[
    "strategic",
    "commercial",
    "financial",
    "operational",
    "technical",
    "security",
    "legal",
    "compliance",
    "reputational",
    "people",
]
RiskStatus = Literal["open", "mitigating", "accepted", "closed"]


class Risk(Record):
    id: ItemId
    title: Text = Field(description="The risk in a few words.")
    description: str | None = None
    category: RiskCategory
    likelihood: Score = Field(description="1 (rare) to 5 (almost certain).")
    impact: Score = Field(description="1 (minor) to 5 (severe).")
    owner: Handle | None = Field(None, description="Who watches the risk (a handle).")
    mitigation: str | None = Field(None, description="What reduces its likelihood or impact.")
    status: RiskStatus = Field("open", description="open, mitigating, accepted or closed.")
    review_by: IsoDate | None = Field(None, description="When the risk is next reviewed.")
    opened: IsoDate | None = None
    closed: IsoDate | None = None

    @property
    def exposure(self) -> int:
        return self.likelihood * self.impact

    @property
    def is_open(self) -> bool:
        return self.status != "closed"


class RiskRegister(Record):
    risks: list[Risk] = Field(default_factory=list)
