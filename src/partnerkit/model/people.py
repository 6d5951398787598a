"""``people.yaml``: our side's people, referred to everywhere else by handle."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from partnerkit.model.common import Record, Text


class Person(Record):
    name: Text = Field(description="Full name.")
    email: Optional[str] = None
    role: Optional[str] = Field(None, description="Job title, e.g. Partner Manager.")
    team: Optional[str] = None


class People(Record):
    people: dict[str, Person] = Field(default_factory=dict, description="Handle -> person. Every other file refers to people by handle.")
