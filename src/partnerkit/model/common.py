"""Types shared by every file kind: strict records, ISO dates, handles, closed vocabularies."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


class Record(BaseModel):
    """Base of every model: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("expected a date written as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("this date does not exist in the calendar") from None


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "examples": ["2026-12-31"]}),
]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


_HANDLE_DOC = "A person: a handle from people.yaml, or the name of one of the partner's contacts."
Handle = Annotated[str, Field(min_length=1, description=_HANDLE_DOC)]
Handles = Annotated[
    list[Handle],
    BeforeValidator(_as_list),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}},
            ],
            "description": "One person or a list of people. " + _HANDLE_DOC,
        }
    ),
]

Text = Annotated[str, Field(min_length=1)]
SLUG_PATTERN = r"^[a-z0-9]+([._-][a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80, examples=["acme-cloud"])]


def _id_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


ItemId = Annotated[
    str,
    BeforeValidator(_id_text),
    Field(min_length=1),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}],
            "description": "Identifier, unique within its file.",
        }
    ),
]
Score = Annotated[int, Field(ge=1, le=5)]

RAG = Literal["green", "amber", "red"]
STAGES = ("prospect", "due-diligence", "negotiation", "onboarding", "active", "renewal", "exiting", "ended")
Stage = Literal[STAGES]  # type: ignore[valid-type]
PARTNERSHIP_TYPES = (
    "technology",
    "reseller",
    "system-integrator",
    "co-marketing",
    "joint-venture",
    "licensing",
    "supplier",
    "university",
    "agency",
    "association",
    "nonprofit",
    "government",
)
PartnershipType = Literal[PARTNERSHIP_TYPES]  # type: ignore[valid-type]
Cadence = Literal["weekly", "biweekly", "monthly", "quarterly", "semiannual", "annual"]
CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 31, "quarterly": 92, "semiannual": 183, "annual": 366}

Direction = Literal["up", "down"]
"""``up``: higher is better; ``down``: lower is better."""
