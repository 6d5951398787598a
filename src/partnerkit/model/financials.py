"""``financials.yaml``: the money in and out of the partnership, dated and in explicit currencies:
what each side invests and spends on it, and the value attributed to it (revenue the partner
sourced or influenced, costs saved)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from partnerkit.model.common import IsoDate, ItemId, Record
from partnerkit.model.kpis import Kpi
from partnerkit.model.money import Currency

Side = Literal["us", "partner"]
EntryKind = Literal["investment", "cost", "value"]
Category = Literal["people", "mdf", "engineering", "fees", "revenue", "influenced-revenue", "savings", "other"]
SPENDING = ("people", "mdf", "engineering", "fees", "other")
"""The categories of an investment or a cost."""
EARNING = ("revenue", "influenced-revenue", "savings", "other")
"""The categories of a value."""
SAME_MONEY = {"revenue": ("revenue", "influenced-revenue"), "savings": ("savings",)}
"""A value KPI's sort -> the categories of our value entries that record the same money."""


class Entry(Record):
    # editors learn the categories that go with each kind, as the model checks them
    model_config = ConfigDict(
        **Record.model_config,
        json_schema_extra={
            "if": {"properties": {"kind": {"const": "value"}}, "required": ["kind"]},
            "then": {"properties": {"category": {"enum": list(EARNING)}}},
            "else": {"properties": {"category": {"enum": list(SPENDING)}}},
        },
    )

    id: ItemId
    date: IsoDate = Field(
        description="When the money was spent or earned (for a period's total, the period's last day)."
    )
    side: Side = Field(
        "us",
        description="Whose money it is: us (our investment or cost, value we gained) or partner (what the partner "
        "put in or gained). ROI counts our side only.",
    )
    kind: EntryKind = Field(
        description="investment (a one-off: building the integration, a launch budget), cost (running: people, fees) "
        "or value (what the partnership brought: revenue, savings)."
    )
    category: Category = Field(
        description="For an investment or cost: people, mdf (market development funds), engineering, fees or other. "
        "For a value: revenue (partner-sourced), influenced-revenue, savings or other."
    )
    amount: float = Field(ge=0, description="How much, in `currency`: 120000.")
    currency: Currency | None = Field(None, description="The amount's currency. Default: the file's `currency`.")
    note: str | None = Field(None, description="What it was: 'Two solution engineers, Q1', 'Deal 4711 closed'.")

    @field_validator("category")
    @classmethod
    def _category_fits(cls, category: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        allowed = EARNING if kind == "value" else SPENDING
        if kind is not None and category not in allowed:
            raise ValueError(
                f"category {category!r} does not go with kind {kind!r}: a {kind}'s category is one of "
                f"{', '.join(allowed)}"
            )
        return category

    @property
    def spent(self) -> bool:
        """An investment or a cost (money out), not a value."""
        return self.kind != "value"


class Financials(Record):
    currency: Currency = Field(description="The currency of every amount that does not name its own: EUR, USD, ...")
    entries: list[Entry] = Field(
        default_factory=list,
        description="Dated amounts: `id`, `date`, `side`, `kind`, `category`, `amount`, `currency`, `note`.",
    )

    def currency_of(self, entry: Entry) -> str:
        return entry.currency or self.currency

    def ours(self) -> Iterator[tuple[int, Entry]]:
        """Our side's entries with their index in the file."""
        return ((i, e) for i, e in enumerate(self.entries) if e.side == "us")


def recorded_instead(financials: Financials | None, kpi: Kpi) -> bool:
    """financials.yaml records on our side the money a value KPI measures (a revenue KPI: revenue
    or influenced-revenue entries; a savings KPI: savings entries; a cost KPI: investments or
    costs), so the KPI is not counted: entries, being dated amounts, win over it."""
    if financials is None or kpi.value is None:
        return False
    ours = [e for _, e in financials.ours()]
    if kpi.value == "cost":
        return any(e.spent for e in ours)
    return any(not e.spent and e.category in SAME_MONEY.get(kpi.value, ()) for e in ours)
