"""CSV for the people who live in spreadsheets: export rows, and read rows to import. Pure.

Every exported value that a spreadsheet would run as a formula (starting with =, +, -, @, a tab
or a carriage return) is prefixed with an apostrophe, so an exported partner name can never
execute in Excel, LibreOffice or Google Sheets; control characters other than tabs and line
breaks are written as visible escapes (``\\x1b``), so the file cannot drive a terminal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from partnerkit.health import Health
from partnerkit.model.charter import PartnerKind
from partnerkit.model.common import PARTNERSHIP_TYPES, SLUG_PATTERN, STAGES
from partnerkit.model.status import BucketStatus
from partnerkit.render.terminal_text import visible

WHAT = ("partnerships", "risks", "kpis", "actions", "commitments", "financials")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
IMPORT_FIELDS = ("id", "name", "partner", "kind", "type", "tier", "stage", "owner")
REQUIRED = ("id", "name", "partner", "type")


def cell(value: Any) -> str:
    """A value as a CSV cell: control characters other than tabs and line breaks (CR, LF: a
    quoted cell holds them) shown as escapes (``\\x1b``: a CSV file is often read in a
    terminal), and a formula made text."""
    text = "" if value is None else visible(value, keep="\t\n\r")
    return "'" + text if text.startswith(_FORMULA) else text


def uncell(text: str) -> str:
    """A cell's value as it was before :func:`cell` guarded it (surrounding spaces dropped)."""
    text = text.strip()
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA) else text


def number(value: float | None) -> float | int | None:
    """A number as a spreadsheet should show it: 2400000, not 2400000.0."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def column_key(header: str) -> str:
    """A column header as partnerkit matches it: case, spaces, hyphens and underscores aside."""
    return re.sub(r"[\s_-]+", "_", header.strip().lower())


def to_csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()


def export_rows(
    what: str, healths: list[Health], buckets: list[str], as_of: dt.date, high: int
) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of one export; ``high`` is the exposure from which a risk counts as high."""
    if what == "partnerships":
        header = [
            "id",
            "name",
            "partner",
            "type",
            "tier",
            "stage",
            "owner",
            "sponsor",
            "score",
            "band",
            "maturity",
            *[column for b in buckets for column in (b, f"{b} evidence", f"{b} updated")],
            "next_renewal",
            "open_high_risks",
        ]
        return header, [_partnership_row(h, buckets, as_of, high) for h in healths]
    rows: list[list[Any]] = []
    for h in healths:
        p = h.partnership
        if what == "risks":
            rows += [
                [
                    p.id,
                    r.id,
                    r.title,
                    r.category,
                    r.likelihood,
                    r.impact,
                    r.exposure,
                    r.status,
                    r.owner,
                    r.review_by,
                    r.mitigation,
                ]
                for r in (p.risks.risks if p.risks else ())
            ]
        elif what == "kpis":
            rows += [
                [
                    p.id,
                    k.id,
                    k.name,
                    k.bucket,
                    k.unit,
                    k.direction,
                    number(k.baseline),
                    number(k.target),
                    number(k.latest.value) if k.latest else None,
                    k.latest.date if k.latest else None,
                    None if (attained := k.attainment()) is None else round(attained * 100),
                    k.owner,
                ]
                for k in (p.kpis.kpis if p.kpis else ())
            ]
        elif what == "commitments":
            rows += _commitment_rows(h, as_of)
        elif what == "financials":
            rows += _financial_rows(h, as_of)
        else:
            rows += [
                [p.id, a.id, a.title, a.bucket, a.owner, a.due, a.state, a.done]
                for a in (p.actions.actions if p.actions else ())
            ]
    headers = {
        "risks": [
            "partnership",
            "id",
            "title",
            "category",
            "likelihood",
            "impact",
            "exposure",
            "status",
            "owner",
            "review_by",
            "mitigation",
        ],
        "kpis": [
            "partnership",
            "id",
            "name",
            "bucket",
            "unit",
            "direction",
            "baseline",
            "target",
            "latest",
            "latest_date",
            "attainment_pct",
            "owner",
        ],
        "actions": ["partnership", "id", "title", "bucket", "owner", "due", "state", "done"],
        "commitments": [
            "partnership",
            "plan",
            "plan_status",
            "bucket",
            "id",
            "side",
            "what",
            "amount",
            "unit",
            "due",
            "delivered",
            "state",
        ],
        "financials": [
            "partnership",
            "id",
            "date",
            "side",
            "kind",
            "category",
            "amount",
            "currency",
            "counted",
            "note",
        ],
    }
    return headers[what], rows


def _commitment_rows(h: Health, as_of: dt.date) -> list[list[Any]]:
    """One row per commitment of the partnership's joint business plan. ``state`` is delivered,
    overdue or open in an agreed plan, and the plan's status (draft, superseded) otherwise."""
    pid, plan = h.partnership.id, h.partnership.plan
    if plan is None:
        return []
    rows: list[list[Any]] = []
    for bucket, _, c in plan.commitments():
        if c.delivered:
            state = "delivered"
        elif plan.status != "agreed":
            state = plan.status
        else:
            state = "overdue" if c.due and c.due < as_of else "open"
        amount = int(c.amount) if c.amount is not None and c.amount.is_integer() else c.amount
        rows.append(
            [pid, plan.label, plan.status, bucket, c.id, c.side, c.what, amount, c.unit, c.due, c.delivered, state]
        )
    return rows


def _financial_rows(h: Health, as_of: dt.date) -> list[list[Any]]:
    """One row per amount in financials.yaml. ``counted`` says whether the ROI counts it as of
    ``as_of``: yes, not yet (dated later) or no (the partner's side)."""
    p = h.partnership
    f = p.financials
    if f is None:
        return []
    return [
        [
            p.id,
            e.id,
            e.date,
            e.side,
            e.kind,
            e.category,
            number(e.amount),
            f.currency_of(e),
            "no" if e.side != "us" else "not yet" if e.date > as_of else "yes",
            e.note,
        ]
        for e in f.entries
    ]


def _partnership_row(h: Health, buckets: list[str], as_of: dt.date, high: int) -> list[Any]:
    p, who = h.partnership, h.identity
    expiries = [
        a.expiry
        for a in (p.agreements.agreements if p.agreements else ())
        if a.status == "signed" and a.expiry and a.expiry >= as_of
    ]
    high_risks = sum(1 for r in (p.risks.risks if p.risks else ()) if r.is_open and r.exposure >= high)
    partner = p.charter.partner.name if p.charter else ""
    kind = p.charter.type if p.charter else ""
    sponsor = p.charter.sponsor if p.charter else ""
    ratings = p.status.buckets if p.status else {}
    return [
        p.id,
        who["name"],
        partner,
        kind,
        who["tier"],
        who["stage"],
        who["owner"],
        sponsor,
        h.score.value,
        h.score.band,
        f"{h.maturity.level} {h.maturity.name}",
        *[value for b in buckets for value in _rating(ratings.get(b))],
        min(expiries, default=None),
        high_risks,
    ]


def _rating(entry: BucketStatus | None) -> tuple[Any, ...]:
    """A bucket's rating, evidence and date, the three columns of each bucket."""
    return (entry.rag, entry.evidence or "", entry.updated) if entry else ("", "", None)


@dataclass(frozen=True)
class ImportRow:
    line: int  # the CSV line, header = 1
    values: dict[str, str]
    problems: tuple[str, ...]


def read_rows(
    text: str, mapping: dict[str, str], tiers: list[str], handles: list[str], existing: set[str]
) -> list[ImportRow]:
    """Every data row, mapped to partnerkit's fields by header (case and spaces ignored, or by
    ``mapping`` header -> field), with what is wrong with it."""
    reader = csv.DictReader(io.StringIO(text))
    columns = {h: _field(h, mapping) for h in reader.fieldnames or []}
    rows, seen = [], set(existing)
    for row in reader:
        values = {field: (row.get(h) or "").strip() for h, field in columns.items() if field}
        values.setdefault("kind", "company")
        values["kind"] = values["kind"] or "company"
        values["stage"] = values.get("stage") or "prospect"
        values["tier"] = values.get("tier") or (tiers[-1] if tiers else "")
        values["owner"] = values.get("owner", "")
        problems = _problems(values, tiers, handles, seen)
        seen.add(values.get("id", ""))
        rows.append(ImportRow(reader.line_num, {k: values.get(k, "") for k in IMPORT_FIELDS}, problems))
    return rows


def _field(header: str, mapping: dict[str, str]) -> str:
    if header in mapping:
        return mapping[header]
    key = column_key(header)
    return {"partner_name": "partner", "relationship_type": "type", "partnership": "name"}.get(
        key, key if key in IMPORT_FIELDS else ""
    )


def _problems(values: dict[str, str], tiers: list[str], handles: list[str], seen: set[str]) -> tuple[str, ...]:
    problems = [f"{field} is empty" for field in REQUIRED if not values.get(field)]
    pid = values.get("id", "")
    if pid and (not re.match(SLUG_PATTERN, pid) or len(pid) > 80):
        problems.append(f"id {pid!r} is not a valid id (lowercase letters and digits joined by single -, . or _)")
    elif pid in seen:
        problems.append(f"id {pid!r} already exists")
    allowed = {"type": PARTNERSHIP_TYPES, "stage": STAGES, "kind": PartnerKind.__args__, "tier": tuple(tiers)}  # type: ignore[attr-defined]
    problems += [
        f"{field} {values[field]!r} is not one of: {', '.join(choices)}"
        for field, choices in allowed.items()
        if values.get(field) and values[field] not in choices
    ]
    if values.get("owner") and handles and values["owner"] not in handles:
        problems.append(f"owner {values['owner']!r} is not a handle in people.yaml")
    return tuple(problems)
