"""``partnerkit.yaml``: the settings an organisation tailors to its own practice."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from partnerkit.model.common import Record, Text

DEFAULT_BUCKETS = ("Align", "Build", "Enable", "Monetize", "Support", "Operate")


class Limits(Record):
    max_file_bytes: int = Field(1_048_576, ge=1024, description="Files larger than this are refused unread.")


class Scoring(Record):
    weights: dict[str, float] = Field(default_factory=dict, description="Reserved for `partnerkit score`.")


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
        json_schema_extra={"additionalProperties": {"anyOf": [{"enum": ["error", "warning", "info", "off"]}, {"type": "object"}]}},
    )
    limits: Limits = Field(default_factory=Limits)
    scoring: Scoring = Field(default_factory=Scoring)

    @field_validator("buckets", "tiers")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise ValueError(f"listed more than once: {', '.join(duplicates)}")
        return values
