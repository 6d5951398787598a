"""``raci.yaml``: who is Responsible, Accountable, Consulted and Informed for each activity."""

from __future__ import annotations

from pydantic import Field

from partnerkit.model.common import Handles, ItemId, Record, Text


class Activity(Record):
    id: ItemId
    name: Text = Field(description="The activity.")
    bucket: Text = Field(description="The bucket it belongs to (one of partnerkit.yaml's buckets).")
    responsible: Handles = Field(default_factory=list, description="Who does the work.")
    accountable: Handles = Field(default_factory=list, description="Exactly one person should be accountable.")
    consulted: Handles = Field(default_factory=list, description="Whose views are sought before deciding.")
    informed: Handles = Field(default_factory=list, description="Who is kept up to date.")


class Raci(Record):
    activities: list[Activity] = Field(default_factory=list)
