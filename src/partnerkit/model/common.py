"""Types shared by every file kind: strict records, ISO dates, handles, closed vocabularies."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


class Record(BaseModel):
    """Base of every model: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


_DATES: dict[str, dt.date] = {}
"""Dates already read: a portfolio writes the same few hundred days thousands of times."""


def _iso_date(value: Any) -> Any:
    if value.__class__ is str and value in _DATES:
        return _DATES[value]
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("expected a date written as YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("this date does not exist in the calendar") from None
    if len(_DATES) < 100_000:
        _DATES[value] = day
    return day


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

URL_ERROR = "url_invalid"  # the error type schema_errors words; ctx holds `reason` and `hint`
_URL_MAX = 2048
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")
_PORT = re.compile(r"[0-9]+\Z")
_VISIBLE_ASCII = re.compile(r"[!-\[\]-~]*\Z")  # printable ASCII but the backslash; no space


def url_problem(url: str) -> tuple[str, str] | None:
    """Why ``url`` is not a link partnerkit will make, with what to write instead; None when it
    is one: an absolute http(s) URL whose host is a domain name (IDNA) or an IP address, with
    no user name or password, a port from 1 to 65535 if any, and no backslash, space, control
    or invisible character anywhere. Strict because Python, browsers and mail filters disagree
    on such URLs: in ``https://evil.example\\@good.example/`` Python sees the host
    good.example and a browser evil.example."""
    if len(url) > _URL_MAX:
        return f"it is longer than {_URL_MAX:,} characters", "link to a shorter address"
    for char in "" if _VISIBLE_ASCII.match(url) else url:  # most addresses: no character to look at
        if char == "\\":
            return (
                "it contains a backslash (\\), which browsers read as / (so the link would go elsewhere than it seems)",
                "write / instead of \\, or %5C for a backslash that belongs in the address",
            )
        if char.isspace() or unicodedata.category(char)[0] in "CZ":
            code = f"U+{ord(char):04X}"
            what = "a space" if char == " " else f"an invisible or control character ({code})"
            what = f"a space ({code})" if unicodedata.category(char).startswith("Z") and char != " " else what
            return f"it contains {what}", "retype the address, or copy it from the browser's address bar"
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in ("https", "http"):
        return (
            "it is not a web address (one starting with https:// or http://)",
            "write the full address, e.g. https://www.example.com/page",
        )
    authority = re.split("[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        return (
            "it has a user name or password before the host (…@), which also disguises where a link goes",
            "leave credentials out: write https:// followed by the host",
        )
    if authority.startswith("["):
        host, bracket, after = authority[1:].partition("]")
        if not bracket or "%" in host or not _ip(host, ipaddress.IPv6Address):
            return "its host is not a valid IPv6 address", "write an IPv6 host in brackets: https://[2001:db8::1]/"
        if after and not after.startswith(":"):
            return "there is text after the IPv6 address that is not a port", "write https://[2001:db8::1]:8443/"
        colon, port = bool(after), after[1:]
    else:
        host, colon_text, port = authority.partition(":")
        colon = bool(colon_text)
        problem = _host_problem(host)
        if problem:
            return problem
    if colon and port and not _PORT.match(port):
        return f"its port {port!r} is not a number", "write the port as a number from 1 to 65535, or leave it out"
    if colon and port and not 1 <= int(port) <= 65535:
        return (
            f"its port {port} is out of range (1 to 65535)",
            "write the port as a number from 1 to 65535, or leave it out",
        )
    return None


def _ip(text: str, kind: type) -> bool:
    try:
        kind(text)
    except ValueError:
        return False
    return True


def _host_problem(host: str) -> tuple[str, str] | None:
    hint = "write the host as a domain name, e.g. www.example.com"
    if not host:
        return "it has no host name", hint
    if "%" in host:
        return "its host name contains a %-escape", hint
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return "its host name is not a valid domain name", hint
    labels = ascii_host.removesuffix(".").split(".")
    if labels[-1].isdigit() or labels[-1].startswith("0x"):  # browsers read the host as an IPv4 address
        if _ip(ascii_host.removesuffix("."), ipaddress.IPv4Address):
            return None
        return (
            "its host looks like an IP address but is not a valid one",
            "write the address as four numbers, e.g. https://192.0.2.1/",
        )
    for label in labels:
        if not _LABEL.match(label):
            return "its host name is not a valid domain name (only letters, digits and - between the dots)", hint
        if label.startswith("xn--"):
            try:
                label.encode("ascii").decode("idna")
            except UnicodeError:
                return "its host name holds an invalid international (xn--) label", hint
    if len(ascii_host) > 253:
        return "its host name is longer than 253 characters", hint
    return None


def _url(value: str) -> str:
    problem = url_problem(value)
    if problem:
        raise PydanticCustomError(URL_ERROR, "{reason}", {"reason": problem[0], "hint": problem[1]})
    return value


_URL_DOC = "A web address: https:// (or http://), a host, then the path; no user name, password or spaces."
Url = Annotated[
    str,
    AfterValidator(_url),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s\\/?#@]+([/?#][^\s\\]*)?$",
            "maxLength": _URL_MAX,
            "description": _URL_DOC,
            "examples": ["https://www.example.com"],
        }
    ),
]
SLUG_PATTERN = r"^[a-z0-9]+([._-][a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80, examples=["acme-cloud"])]


def _id_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


ItemId = Annotated[
    str,
    Field(min_length=1),  # before the validator, so that pydantic checks it in its core, not in Python
    BeforeValidator(_id_text),
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
