"""``actions.yaml``: the activity plan and follow-ups."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from partnerkit.model.common import Handle, IsoDate, ItemId, Record, Text

ActionState = Literal["open", "in-progress", "blocked", "done", "cancelled"]


class Action(Record):
    id: ItemId
    title: Text = Field(description="What is to be done.")
    bucket: str | None = None
    owner: Handle | None = Field(None, description="Who does it (a handle).")
    due: IsoDate | None = None
    state: ActionState = Field("open", description="open, in-progress, blocked, done or cancelled.")
    done: IsoDate | None = Field(None, description="When the action was completed.")

    @property
    def is_open(self) -> bool:
        return self.state in ("open", "in-progress", "blocked")


class ActionPlan(Record):
    actions: list[Action] = Field(default_factory=list)
