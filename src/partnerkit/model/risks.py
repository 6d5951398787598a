"""``risks.yaml``: the risk register."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from partnerkit.model.common import Handle, IsoDate, ItemId, Record, Score, Text

RiskCategory = Literal[
    "strategic", "commercial", "financial", "operational", "technical", "security",
    "legal", "compliance", "reputational", "people",
]
RiskStatus = Literal["open", "mitigating", "accepted", "closed"]


class Risk(Record):
    id: ItemId
    title: Text
    description: Optional[str] = None
    category: RiskCategory
    likelihood: Score
    impact: Score
    owner: Optional[Handle] = None
    mitigation: Optional[str] = None
    status: RiskStatus = "open"
    review_by: Optional[IsoDate] = Field(None, description="When the risk is next reviewed.")
    opened: Optional[IsoDate] = None
    closed: Optional[IsoDate] = None

    @property
    def exposure(self) -> int:
        return self.likelihood * self.impact

    @property
    def is_open(self) -> bool:
        return self.status != "closed"


class RiskRegister(Record):
    risks: list[Risk] = Field(default_factory=list)
