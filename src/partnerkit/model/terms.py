"""The structured terms of an agreement: service levels, revenue and cost shares, fees,
incentives and penalties, beside the free-text ``terms``.

Service levels and the conditions of incentives and penalties name the KPIs (kpis.yaml) that
measure them, so whether a commitment holds today is read from the KPI's latest measurement.
A condition is a small comparison, ``K1 >= 40`` or ``K2 >= 80% of plan``: parsed with a regular
expression, never evaluated as code.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from partnerkit.model.common import Direction, ItemId, Record, Text
from partnerkit.model.kpis import Kpi
from partnerkit.model.units import compact

# --- conditions ----------------------------------------------------------------------------

_PATTERN = (
    r"^\s*(?P<kpi>[A-Za-z0-9_][A-Za-z0-9_.-]*)\s*(?P<op>>=|<=|==|>|<)\s*(?P<value>[+-]?[0-9]+(\.[0-9]+)?)\s*"
    r"((?P<percent>%)(\s*of\s+(?P<of>plan|target))?)?\s*$"
)
_CONDITION = re.compile(_PATTERN)
CONDITION_PATTERN = re.sub(r"\(\?P<\w+>", "(", _PATTERN)
"""The same pattern for JSON Schema (ECMA-262 has no named groups)."""
CONDITION_FORM = "KPI OP NUMBER, e.g. `K1 >= 40`, `K3 < 2.5` or `K2 >= 80% of plan` (OP: >=, >, <=, <, ==)"
"""The accepted form, as error messages show it."""

_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
Reference = Literal["plan", "target"]


@dataclass(frozen=True)
class Condition:
    """``KPI OP NUMBER``, optionally ``% of plan`` or ``% of target``.

    - ``K1 >= 1500000``: the KPI's latest measurement against the number (a trailing ``%`` is
      only the unit: ``K4 >= 99.5%``);
    - ``K2 >= 80% of plan``: the KPI's progress against its dated plan on the day asked
      (:meth:`Kpi.progress`; without a dated plan, against its final target);
    - ``K2 >= 80% of target``: how far it has come from baseline to target (:meth:`Kpi.attainment`).
    """

    kpi: str
    op: str
    value: float
    of: Reference | None = None
    text: str = ""

    @classmethod
    def parse(cls, text: str) -> Condition:
        """The condition written in ``text``; ValueError, showing the accepted form, when it is not one."""
        match = _CONDITION.match(text)
        if match is None:
            raise ValueError(f"not a condition; write {CONDITION_FORM}")
        of = match["of"]
        return cls(match["kpi"], match["op"], float(match["value"]), of, " ".join(text.split()))  # type: ignore[arg-type]

    def __str__(self) -> str:
        return self.text or f"{self.kpi} {self.op} {self.value:g}{f'% of {self.of}' if self.of else ''}"

    def actual(self, kpi: Kpi | None, as_of: dt.date, started: dt.date | None = None) -> float | None:
        """The number the condition compares: the KPI's latest value, or its share of plan or
        target in percent. None when the KPI is unknown, not measured, or (for a share) has no
        baseline and target."""
        if kpi is None or kpi.latest is None:
            return None
        if self.of is None:
            return kpi.latest.value
        progress = kpi.progress(as_of, started)
        if progress is None:
            return None
        return 100 * (progress.share if self.of == "plan" else progress.of_target)

    def met(self, kpi: Kpi | None, as_of: dt.date, started: dt.date | None = None) -> bool | None:
        """Whether the condition holds on ``as_of``; None when it cannot be told (see :meth:`actual`)."""
        actual = self.actual(kpi, as_of, started)
        if actual is None:
            return None
        return _OPERATORS[self.op](round(actual, 6), self.value)

    # pydantic: validated from text, written back as text, a string pattern in JSON Schema.
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": CONDITION_PATTERN,
            "description": "A comparison against a KPI of kpis.yaml: KPI OP NUMBER, with OP one of >=, >, <=, <, ==; "
            "'% of plan' compares the KPI's progress against its dated plan, '% of target' how far it has "
            "come from baseline to target.",
            "examples": ["K1 >= 1500000", "K2 >= 80% of plan"],
        }

    @classmethod
    def _validate(cls, value: Any) -> Condition:
        if isinstance(value, Condition):
            return value
        if not isinstance(value, str):
            raise ValueError(f"a condition is text; write {CONDITION_FORM}")
        return cls.parse(value)


# --- service levels ------------------------------------------------------------------------


class Sla(Record):
    """One service-level commitment, measured by a KPI."""

    id: ItemId
    metric: Text = Field(description="What is committed: availability, P1 response time, ...")
    target: float = Field(description="The committed level.")
    unit: str | None = Field(None, description="%, minutes, hours, ...")
    direction: Direction | None = Field(
        None,
        description="up: the level is a floor (at least the target); down: a ceiling (at most the target). "
        "Default: the KPI's direction.",
    )
    kpi: ItemId | None = Field(None, description="The id of the KPI in kpis.yaml that measures it.")
    penalty: str | None = Field(None, description="What a breach costs: service credits, a fee reduction, ...")

    def breached(self, kpi: Kpi | None) -> bool | None:
        """Whether the KPI's latest measurement is worse than the target; None when it cannot be told."""
        if kpi is None or kpi.latest is None:
            return None
        direction = self.direction or kpi.direction
        value = kpi.latest.value
        return value > self.target if direction == "down" else value < self.target


# --- revenue, costs, fees ------------------------------------------------------------------

_SHARE = "A share in percent; the two sides' shares add up to 100."


def _add_up(us: float | None, partner: float | None) -> None:
    if us is not None and partner is not None and abs(us + partner - 100) > 1e-9:
        raise ValueError(
            f"the shares add up to {us + partner:g} (us {us:g} + partner {partner:g}); they must add up to 100"
        )


class Split(Record):
    """Who gets (or bears) what share: give ``us``, ``partner`` or both."""

    us: float | None = Field(None, ge=0, le=100, description="Our share in percent. " + _SHARE)
    partner: float | None = Field(None, ge=0, le=100, description="The partner's share in percent. " + _SHARE)

    @field_validator("partner")
    @classmethod
    def _adds_up(cls, partner: float | None, info: ValidationInfo) -> float | None:
        _add_up(info.data.get("us"), partner)
        return partner

    @property
    def ours(self) -> float | None:
        return self.us if self.us is not None else None if self.partner is None else 100 - self.partner

    @property
    def theirs(self) -> float | None:
        return self.partner if self.partner is not None else None if self.us is None else 100 - self.us

    def words(self) -> str:
        """'70/30' (ours first)."""
        return f"{self.ours:g}/{self.theirs:g}" if self.ours is not None and self.theirs is not None else "none"


class RevenueTier(Split):
    """The split that applies from a threshold on (the threshold of the next tier excluded)."""

    from_: float = Field(alias="from", ge=0, description="Where the tier starts, in the unit of the revenue-share KPI.")
    us: float = Field(ge=0, le=100, description="Our share in percent. " + _SHARE)


class RevenueShare(Split):
    """A fixed split (``us: 70, partner: 30``) or tiers (``tiers: [{from: 0, us: 80}, ...]``)."""

    tiers: list[RevenueTier] = Field(
        default_factory=list,
        description="Splits by threshold, lowest first: the tier whose `from` the KPI's latest value has reached "
        "applies.",
    )
    of: str | None = Field(None, description="What is shared: net licence revenue, first-year ARR, ...")
    kpi: ItemId | None = Field(None, description="The KPI (kpis.yaml) whose latest value decides which tier applies.")

    @field_validator("tiers")
    @classmethod
    def _one_form(cls, tiers: list[RevenueTier], info: ValidationInfo) -> list[RevenueTier]:
        if tiers and (info.data.get("us") is not None or info.data.get("partner") is not None):
            raise ValueError("a revenue share is either a split (`us`, `partner`) or `tiers`, not both")
        return tiers

    @model_validator(mode="after")
    def _some_split(self) -> RevenueShare:
        if self.us is None and self.partner is None and not self.tiers:
            raise ValueError("it has no split: write `us: 70, partner: 30` (percent), or `tiers:`")
        return self

    def tier(self, kpi: Kpi | None) -> int | None:
        """The index of the tier the KPI's latest value has reached; None without tiers or a measurement."""
        if not self.tiers or kpi is None or kpi.latest is None:
            return None
        value = kpi.latest.value
        reached = [i for i, t in enumerate(self.tiers) if t.from_ <= value]
        return max(reached, key=lambda i: self.tiers[i].from_) if reached else None

    def words(self) -> str:
        """'70/30', or '80/20 from 0; 70/30 from 1M' (ours first)."""
        if not self.tiers:
            return super().words()
        return "; ".join(f"{t.words()} from {compact(t.from_)}" for t in self.tiers)


class CostShare(Split):
    """How the costs of joint work are divided."""

    covers: str | None = Field(None, description="Which costs: campaigns, MDF, a shared lab, ...")

    @model_validator(mode="after")
    def _some_split(self) -> CostShare:
        if self.us is None and self.partner is None:
            raise ValueError("it has no split: write `us: 50, partner: 50` (percent)")
        return self


FeePeriod = Literal["one-off", "monthly", "quarterly", "annual"]


class Fee(Record):
    """A fee one side pays the other."""

    name: Text = Field(description="What the fee is for: marketplace listing, referral, certification, ...")
    amount: float = Field(ge=0, description="How much: an amount, or a percentage when the unit is %.")
    unit: str | None = Field(None, description="EUR, USD, %, ...")
    of: str | None = Field(None, description="What a percentage is of: private-offer value, first-year ARR, ...")
    period: FeePeriod | None = Field(None, description="one-off, monthly, quarterly or annual.")
    payer: Literal["us", "partner"] | None = Field(None, description="Who pays it: us or partner.")


# --- incentives and penalties --------------------------------------------------------------

IncentiveKind = Literal["rebate", "bonus", "mdf", "recognition", "other"]


class Incentive(Record):
    """A reward earned when a condition on a KPI is met."""

    id: ItemId
    kind: IncentiveKind = Field(
        "other", description="rebate, bonus, mdf (market development funds), recognition or other."
    )
    when: Condition = Field(
        description="When it is earned: KPI OP NUMBER, e.g. `K1 >= 1500000` or `K2 >= 80% of plan`."
    )
    reward: Text = Field(description="What is earned.")


class Penalty(Record):
    """A consequence that applies when a condition on a KPI is met."""

    id: ItemId
    when: Condition = Field(description="When it applies: KPI OP NUMBER, e.g. `K3 < 8` or `K1 < 50% of plan`.")
    consequence: Text = Field(description="What follows: a reduced share, a fee, a right to terminate, ...")
