"""``charter.yaml``: who the partner is, why we partner, and how the partnership is run."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from partnerkit.model.common import (
    Cadence, Handle, Handles, IsoDate, ItemId, PartnershipType, Record, Slug, Stage, Text,
)

PartnerKind = Literal[
    "company", "startup", "university", "nonprofit", "government", "association", "agency", "other"
]


class Partner(Record):
    name: Text
    kind: PartnerKind = "company"
    website: Optional[str] = None
    country: Optional[str] = None


class Dates(Record):
    started: Optional[IsoDate] = Field(None, description="When the partnership began (or will).")
    ended: Optional[IsoDate] = None


class Objective(Record):
    id: Optional[ItemId] = None
    text: Text
    bucket: Optional[str] = None
    due: Optional[IsoDate] = None


class MutualBenefit(Record):
    us: list[Text] = Field(default_factory=list, description="What our side gains.")
    partner: list[Text] = Field(default_factory=list, description="What the partner gains.")


class EscalationStep(Record):
    level: int = Field(ge=1)
    us: Handle
    partner: Optional[str] = None
    when: Optional[str] = None


class Governance(Record):
    cadence: Optional[Cadence] = Field(None, description="How often the partnership is reviewed.")
    steering_committee: Handles = Field(default_factory=list)
    escalation: list[EscalationStep] = Field(default_factory=list, description="The escalation matrix, level 1 first.")
    communication: Optional[str] = None


class ExitStrategy(Record):
    notice_days: Optional[int] = Field(None, ge=0)
    conditions: list[Text] = Field(default_factory=list)
    data_return: Optional[str] = None


class Contact(Record):
    name: Text
    role: Optional[str] = None
    email: Optional[str] = None
    phone: Optional[str] = None


class Suppression(Record):
    rule: Text = Field(description="A rule code or name, e.g. PK403 or risk-high-unmitigated.")
    reason: Optional[str] = Field(None, description="Why this rule does not apply to this partnership.")


class Charter(Record):
    id: Slug
    name: Text
    partner: Partner
    type: PartnershipType
    tier: Text
    stage: Stage
    owner: Optional[Handle] = None
    sponsor: Optional[Handle] = Field(None, description="Executive sponsor on our side.")
    dates: Dates = Field(default_factory=Dates)
    summary: Optional[str] = None
    objectives: list[Objective] = Field(default_factory=list)
    value_proposition: Optional[str] = Field(None, description="Why the two of us together: the joint value.")
    mutual_benefit: MutualBenefit = Field(default_factory=MutualBenefit)
    governance: Governance = Field(default_factory=Governance)
    exit_strategy: Optional[ExitStrategy] = None
    contacts: list[Contact] = Field(default_factory=list, description="People on the partner's side.")
    suppress: list[Suppression] = Field(default_factory=list)
