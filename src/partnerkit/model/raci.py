"""``raci.yaml``: who is Responsible, Accountable, Consulted and Informed for each activity."""

from __future__ import annotations

from pydantic import Field

from partnerkit.model.common import Handles, ItemId, Record, Text


class Activity(Record):
    id: ItemId
    name: Text
    bucket: Text
    responsible: Handles = Field(default_factory=list)
    accountable: Handles = Field(default_factory=list, description="Exactly one person should be accountable.")
    consulted: Handles = Field(default_factory=list)
    informed: Handles = Field(default_factory=list)


class Raci(Record):
    activities: list[Activity] = Field(default_factory=list)
