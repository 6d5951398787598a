"""``agreements.yaml``: the contracts of the partnership and their dates."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from partnerkit.model.common import IsoDate, ItemId, Record, Url
from partnerkit.model.terms import CostShare, Fee, Incentive, Penalty, RevenueShare, Sla

AgreementKind = Literal[
    "mou",
    "loa",
    "nda",
    "msa",
    "sla",
    "revenue-share",
    "cost-share",
    "licence",
    "reseller",
    "joint-venture",
    "data-sharing",
]
AgreementStatus = Literal["draft", "negotiating", "signed", "expired", "terminated", "superseded"]
Decision = Literal["renew", "expand", "reduce", "renegotiate", "exit"]


class Renewal(Record):
    decision: Decision
    decided: IsoDate | None = None
    note: str | None = None


class Agreement(Record):
    id: ItemId
    kind: AgreementKind = Field(description="The kind of agreement.")
    title: str | None = None
    status: AgreementStatus = Field(
        "draft", description="draft, negotiating, signed, expired, terminated or superseded."
    )
    signed: IsoDate | None = Field(None, description="When both sides signed.")
    effective: IsoDate | None = None
    expiry: IsoDate | None = Field(None, description="When it ends unless renewed.")
    auto_renew: bool = Field(False, description="Whether it renews by itself unless notice is given.")
    renewal_notice_days: int = Field(90, ge=0, description="Days before expiry by which notice must be given.")
    renewal: Renewal | None = Field(None, description="The renewal decision, once taken.")
    terms: str | None = Field(None, description="Key terms: revenue share, SLAs, exclusivity, ...")
    document: Url | None = Field(None, description="Link to the signed document: an http(s) address.")
    sla: list[Sla] = Field(default_factory=list, description="Service levels, each measured by a KPI.")
    revenue_share: RevenueShare | None = Field(None, description="How revenue is split: `us`/`partner`, or `tiers`.")
    cost_share: CostShare | None = Field(None, description="How the costs of joint work are split.")
    fees: list[Fee] = Field(default_factory=list, description="Fees one side pays the other.")
    incentives: list[Incentive] = Field(default_factory=list, description="Rewards earned when a KPI condition is met.")
    penalties: list[Penalty] = Field(default_factory=list, description="Consequences when a KPI condition is met.")


class AgreementSet(Record):
    agreements: list[Agreement] = Field(default_factory=list)
