"""``reviews.yaml``: performance and strategic reviews, and what they decided."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from partnerkit.model.common import IsoDate, ItemId, Record

ReviewKind = Literal["operational", "qbr", "steering", "strategic"]


class Review(Record):
    id: ItemId
    date: IsoDate
    kind: ReviewKind = Field(description="operational, qbr (quarterly business review), steering or strategic.")
    attendees: list[str] = Field(default_factory=list, description="Handles of our people and names of the partner's.")
    summary: str | None = None
    decisions: list[str] = Field(default_factory=list, description="What was decided.")
    follow_ups: list[ItemId] = Field(default_factory=list, description="Ids of actions in actions.yaml.")


class ReviewLog(Record):
    reviews: list[Review] = Field(default_factory=list)
