"""``people.yaml``: our side's people, referred to everywhere else by handle."""

from __future__ import annotations

from pydantic import Field

from partnerkit.model.common import Record, Text


class Person(Record):
    name: Text = Field(description="Full name.")
    email: str | None = None
    role: str | None = Field(None, description="Job title, e.g. Partner Manager.")
    team: str | None = None


class People(Record):
    people: dict[str, Person] = Field(
        default_factory=dict, description="Handle -> person. Every other file refers to people by handle."
    )
