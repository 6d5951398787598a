"""``charter.yaml``: who the partner is, why we partner, and how the partnership is run."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from partnerkit.model.common import (
    Cadence,
    Handle,
    Handles,
    IsoDate,
    ItemId,
    PartnershipType,
    Record,
    Slug,
    Stage,
    Text,
    Url,
)
from partnerkit.model.terms import Condition

PartnerKind = Literal["company", "startup", "university", "nonprofit", "government", "association", "agency", "other"]


class Partner(Record):
    name: Text = Field(description="The partner organisation's name.")
    kind: PartnerKind = Field("company", description="What kind of organisation the partner is.")
    website: Url | None = Field(None, description="The partner's website: an http(s) address.")
    country: str | None = None


class Dates(Record):
    started: IsoDate | None = Field(None, description="When the partnership began (or will).")
    ended: IsoDate | None = None


ObjectiveStatus = Literal["planned", "on-track", "at-risk", "achieved", "missed", "dropped"]
OBJECTIVE_CLOSED = ("achieved", "missed", "dropped")


class Objective(Record):
    id: ItemId | None = None
    text: Text = Field(description="The objective, measurable where possible.")
    bucket: str | None = Field(None, description="The bucket it belongs to (one of partnerkit.yaml's buckets).")
    due: IsoDate | None = Field(None, description="When it should be achieved.")
    status: ObjectiveStatus | None = Field(None, description="planned, on-track, at-risk, achieved, missed or dropped.")
    kpis: list[ItemId] = Field(default_factory=list, description="The ids of the KPIs (kpis.yaml) that measure it.")
    done: IsoDate | None = Field(None, description="When it was achieved.")

    @property
    def is_open(self) -> bool:
        return self.status not in OBJECTIVE_CLOSED


class MutualBenefit(Record):
    us: list[Text] = Field(default_factory=list, description="What our side gains.")
    partner: list[Text] = Field(default_factory=list, description="What the partner gains.")


class EscalationStep(Record):
    level: int = Field(ge=1, description="1 for the first escalation, 2 for the next, ...")
    us: Handle = Field(description="Who escalates on our side (a handle).")
    partner: str | None = Field(None, description="Their counterpart at the partner.")
    when: str | None = Field(None, description="When to escalate to this level.")


class Governance(Record):
    cadence: Cadence | None = Field(None, description="How often the partnership is reviewed.")
    steering_committee: Handles = Field(default_factory=list)
    escalation: list[EscalationStep] = Field(default_factory=list, description="The escalation matrix, level 1 first.")
    communication: str | None = Field(None, description="How the two sides keep in touch: channels, meetings, reports.")


class ExitStrategy(Record):
    notice_days: int | None = Field(
        None, ge=0, description="Days of notice either side must give to end the partnership."
    )
    conditions: list[Text] = Field(default_factory=list, description="Conditions under which either side may exit.")
    data_return: str | None = Field(None, description="What happens to shared data and assets on exit.")


class Contact(Record):
    name: Text
    role: str | None = None
    email: str | None = None
    phone: str | None = None


class Suppression(Record):
    rule: Text = Field(description="A rule code or name, e.g. PK403 or risk-high-unmitigated.")
    reason: str | None = Field(None, description="Why this rule does not apply to this partnership.")


class Charter(Record):
    id: Slug = Field(description="The partnership's id: the same as its folder name.")
    name: Text = Field(description="A readable name for the partnership.")
    partner: Partner
    type: PartnershipType = Field(description="The kind of relationship.")
    tier: Text = Field(description="One of the tiers in partnerkit.yaml, e.g. strategic, key, standard.")
    stage: Stage = Field(description="Where the partnership is in its lifecycle.")
    owner: Handle | None = Field(None, description="The partner manager who answers for the partnership (a handle).")
    sponsor: Handle | None = Field(None, description="Executive sponsor on our side.")
    dates: Dates = Field(default_factory=Dates)
    summary: str | None = Field(None, description="A paragraph on what the partnership is.")
    objectives: list[Objective] = Field(
        default_factory=list, description="What the partnership should achieve, by bucket and date."
    )
    value_proposition: str | None = Field(None, description="Why the two of us together: the joint value.")
    mutual_benefit: MutualBenefit = Field(default_factory=MutualBenefit)
    governance: Governance = Field(default_factory=Governance)
    exit_strategy: ExitStrategy | None = None
    contacts: list[Contact] = Field(default_factory=list, description="People on the partner's side.")
    renewal_criteria: list[Condition] = Field(
        default_factory=list,
        description="What the partnership must show to be renewed, each a condition on a KPI of kpis.yaml, "
        "e.g. `K2 >= 80% of plan` or `K1 >= 99.9`; `partnerkit renewal` judges each one met or not met.",
    )
    suppress: list[Suppression] = Field(
        default_factory=list, description="Rules that do not apply to this partnership, each with a reason."
    )
