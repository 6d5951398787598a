"""``people.yaml``: our side's people, referred to everywhere else by handle."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from partnerkit.model.common import Record, Text


class Person(Record):
    name: Text
    email: Optional[str] = None
    role: Optional[str] = None
    team: Optional[str] = None


class People(Record):
    people: dict[str, Person] = Field(default_factory=dict)
