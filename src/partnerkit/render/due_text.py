"""`partnerkit due` in the terminal and as JSON: overdue first, then week by week."""

from __future__ import annotations

import datetime as dt
import json
from itertools import groupby
from typing import TextIO

from partnerkit import __version__
from partnerkit.due import DueItem
from partnerkit.model.people import People
from partnerkit.render.layout import line, width_of, wrapped
from partnerkit.render.terminal_text import json_safe

KIND_WORDS = {
    "expiry": "agreement expires",
    "renewal-notice": "renewal notice deadline",
    "risk-review": "risk review",
    "action": "action due",
    "objective": "objective due",
    "kpi-measurement": "KPI measurement",
    "review": "review due",
    "commitment": "plan commitment due",
    "plan-end": "plan period ends",
}
OVERDUE_WORDS = {
    "objective": "objective overdue",
    "commitment": "plan commitment overdue",
    "plan-end": "plan period ended",
}
"""Items whose date passing is a finding in itself (PK209, PK254) or leaves no plan in force."""


def kind_words(item: DueItem, as_of: dt.date) -> str:
    """What the item is, in words: 'action due', or 'objective overdue' for an objective past its
    date that is still open (an overdue objective is a finding, PK209, not only a date)."""
    if item.kind in OVERDUE_WORDS and item.overdue(as_of):
        return OVERDUE_WORDS[item.kind]
    return KIND_WORDS[item.kind]


def week_label(item: DueItem, as_of: dt.date) -> str:
    if item.overdue(as_of):
        return "Overdue"
    monday = item.date - dt.timedelta(days=item.date.weekday())
    return f"Week of {monday.isoformat()}"


def render_text(
    items: list[DueItem], as_of: dt.date, within: int, people: People | None, stream: TextIO, colour: bool = False
) -> None:
    """Overdue first, then week by week, one item a line: date, partnership, what, owner. Long
    lines wrap to the terminal's width under the partnership; what people wrote is shown
    through ``terminal_text.visible``."""
    if not items:
        stream.write(f"Nothing due in the {within} days after {as_of} and nothing overdue.\n")
        return
    width = width_of(stream)
    for label, group in groupby(items, key=lambda item: week_label(item, as_of)):
        stream.write(f"{label}\n")
        for item in group:
            owner = f"  ({item.owner})" if item.owner else ""
            text = line(f"  {item.date}  ", item.partnership, f"  {kind_words(item, as_of)}: ", item.title, owner)
            stream.write("".join(f"{piece.plain}\n" for piece in wrapped(text, width, hanging=12)))
        stream.write("\n")
    overdue = sum(item.overdue(as_of) for item in items)
    stream.write(
        f"{len(items)} item{'s' if len(items) != 1 else ''} ({overdue} overdue) "
        f"up to {as_of + dt.timedelta(days=within)}.\n"
    )


def render_json(
    items: list[DueItem], as_of: dt.date, within: int, people: People | None, stream: TextIO, colour: bool = False
) -> None:
    document = {
        "schema_version": 1,
        "tool": {"name": "partnerkit", "version": __version__},
        "as_of": as_of.isoformat(),
        "within_days": within,
        "items": [
            {
                "date": i.date.isoformat(),
                "partnership": i.partnership,
                "kind": i.kind,
                "item": i.item,
                "title": i.title,
                "owner": i.owner,
                "overdue": i.overdue(as_of),
            }
            for i in items
        ],
    }
    stream.write(json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n")
