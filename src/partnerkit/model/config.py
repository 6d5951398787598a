"""``partnerkit.yaml``: the settings an organisation tailors to its own practice."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from partnerkit.model.common import Record, Text
from partnerkit.model.money import Currency

DEFAULT_BUCKETS = ("Align", "Build", "Enable", "Monetize", "Support", "Operate")


class Limits(Record):
    max_file_bytes: int = Field(1_048_576, ge=1024, description="Files larger than this are refused unread.")
    alias_expansion: int = Field(
        10,
        ge=1,
        description="A file whose aliases (*name) would expand its values to more than this many times the values "
        "it writes (and more than 10,000) is refused.",
    )


class Weights(Record):
    """Points a health score loses for each finding; see the README's score formula. A record
    that is missing or cannot be read costs its component's cap: unknown is never better than
    the worst the record could say."""

    amber: float = Field(5, ge=0, description="A bucket rated amber.")
    red: float = Field(
        15, ge=0, description="A bucket rated red (also the cost of each bucket whose rating is unknown)."
    )
    unrated: float = Field(5, ge=0, description="A bucket with no rating.")
    kpi: float = Field(
        15, ge=0, description="A KPI with no progress on its plan (a KPI at 40% of plan loses 60% of this)."
    )
    kpi_unknown: float = Field(5, ge=0, description="A KPI never measured, or without baseline and target.")
    kpi_cap: float = Field(
        30, ge=0, description="At most this much for KPIs together; also what having no KPIs at all costs."
    )
    risk: float = Field(
        10,
        ge=0,
        description="An open 5 x 5 risk with no owner or no mitigation (a 4 x 5 risk loses 20/25 of this; an owned "
        "and mitigated risk nothing).",
    )
    risk_cap: float = Field(
        25, ge=0, description="At most this much for risks together; also what having no risk register costs."
    )
    unsupported_rating: float = Field(
        4, ge=0, description="A rated bucket with no evidence note and no KPI measured within its period."
    )
    objective_unmeasured: float = Field(
        3, ge=0, description="A bucket the charter has open objectives in, with no KPI measuring it."
    )
    evidence_cap: float = Field(30, ge=0, description="At most this much for missing evidence together.")
    bucket_unowned: float = Field(
        3, ge=0, description="A bucket whose RACI activities have no Accountable owner (rule bucket-without-owner)."
    )
    ownership_cap: float = Field(15, ge=0, description="At most this much for ownership together.")
    stale_status: float = Field(2, ge=0, description="A bucket rating not updated recently (rule status-stale).")
    review_missed: float = Field(
        5, ge=0, description="A review missed by the governance cadence (rule review-cadence-missed)."
    )
    action_overdue: float = Field(2, ge=0, description="An overdue action (rule action-overdue).")
    objective_overdue: float = Field(
        3, ge=0, description="An objective past due with no outcome (rule objective-overdue)."
    )
    hygiene_cap: float = Field(15, ge=0, description="At most this much for governance hygiene together.")
    agreement: float = Field(
        10, ge=0, description="An expired agreement, or an active partnership without a signed one."
    )
    renewal_due: float = Field(5, ge=0, description="A renewal decision due and not recorded.")
    agreements_cap: float = Field(20, ge=0, description="At most this much for agreements together.")
    lint_error: float = Field(2, ge=0, description="Any other lint error in the partnership's files.")
    lint_warning: float = Field(
        1, ge=0, description="Any other lint warning: missing practice costs too (infos cost nothing)."
    )
    lint_cap: float = Field(10, ge=0, description="At most this much for other lint findings together.")


class Bands(Record):
    healthy: int = Field(75, ge=0, le=100, description="Scores at or above this are healthy.")
    watch: int = Field(
        50, ge=0, le=100, description="Scores at or above this (and below healthy) are on watch; below, at risk."
    )
    min_coverage: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Evidence coverage (the share of buckets backed by current facts) below which a partnership is "
        "banded unknown (not enough evidence), whatever its score.",
    )


class Scoring(Record):
    weights: Weights = Field(default_factory=Weights)
    bands: Bands = Field(default_factory=Bands)
    suppressions_count: bool = Field(
        False,
        description="Whether suppressed findings stop counting against maturity (they never cost score points; "
        "each shows among the reasons).",
    )


class PortfolioConfig(Record):
    version: Literal[1] = 1
    buckets: list[Text] = Field(
        default_factory=lambda: list(DEFAULT_BUCKETS),
        description="The buckets every partnership is rated on; rename or split them to fit your practice.",
    )
    tiers: list[Text] = Field(default_factory=lambda: ["strategic", "key", "standard"])
    # Values are checked against each rule's options when the rules are set up, where the
    # messages can name the rule; the schema still tells editors what is allowed.
    rules: dict[str, Any] = Field(
        default_factory=dict,
        description="Per rule (code or name): a severity, 'off', or a mapping of severity and options.",
        json_schema_extra={
            "additionalProperties": {"anyOf": [{"enum": ["error", "warning", "info", "off"]}, {"type": "object"}]}
        },
    )
    limits: Limits = Field(default_factory=Limits)
    scoring: Scoring = Field(default_factory=Scoring)
    currency: Currency | None = Field(
        None,
        description="The portfolio's reporting currency (EUR, USD, ...): ROI is summed across partnerships in it. "
        "Without it, each partnership's ROI is in its own currency and the portfolio's is not summed across "
        "currencies.",
    )
    rates: dict[Currency, float] = Field(
        default_factory=dict,
        description="What one unit of each other currency is worth in `currency`, e.g. {USD: 0.92, GBP: 1.17} for "
        "EUR. Amounts in a currency with no rate are not converted: mixing them is a finding, never a silent sum.",
        json_schema_extra={"additionalProperties": {"type": "number", "exclusiveMinimum": 0}},
    )

    @field_validator("rates")
    @classmethod
    def _rates(cls, rates: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        wrong = sorted(code for code, rate in rates.items() if not rate > 0)
        if wrong:
            raise ValueError(f"a rate must be more than 0: {', '.join(wrong)}")
        if rates and info.data.get("currency") is None and "currency" not in info.data:
            return rates  # the currency itself is invalid: that error says enough
        if rates and info.data.get("currency") is None:
            raise ValueError(
                "rates convert amounts to the reporting currency: set `currency:` too (e.g. currency: EUR)"
            )
        return rates

    @field_validator("buckets", "tiers")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise ValueError(f"listed more than once: {', '.join(duplicates)}")
        return values
