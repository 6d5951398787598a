"""`partnerkit due --format ics`: an RFC 5545 calendar to subscribe to or import.

All-day events with a reminder ahead of each deadline. UIDs derive from partnership, kind and
item ids, so importing again updates events instead of duplicating them. The timestamp is the
``as_of`` day, never the clock, so the same portfolio on the same day gives the same file.
Control characters in what people wrote (which RFC 5545 does not allow in a value) are written
as visible escapes (``\\x1b``) through ``terminal_text.visible``, so a title can neither add a
property nor drive the terminal of someone who prints the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TextIO

from partnerkit.due import DueItem
from partnerkit.model.people import People
from partnerkit.render.due_text import kind_words
from partnerkit.render.terminal_text import visible

REMINDER_DAYS = {
    "expiry": 30,
    "renewal-notice": 30,
    "risk-review": 7,
    "action": 3,
    "objective": 30,
    "kpi-measurement": 7,
    "review": 7,
    "commitment": 7,
    "plan-end": 30,
}


def render_ics(
    items: list[DueItem], as_of: dt.date, within: int, people: People | None, stream: TextIO, colour: bool = False
) -> None:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//partnerkit//partnerkit due//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Partnership deadlines",
    ]
    stamp = f"{as_of:%Y%m%d}T000000Z"
    for item in items:
        lines += _event(item, stamp, people, as_of)
    lines.append("END:VCALENDAR")
    stream.write("".join(_fold(line) + "\r\n" for line in lines))


def uid(item: DueItem) -> str:
    key = f"{item.partnership}/{item.kind}/{item.item}"
    return f"{hashlib.sha1(key.encode()).hexdigest()[:16]}-{item.kind}@partnerkit"


def _event(item: DueItem, stamp: str, people: People | None, as_of: dt.date) -> list[str]:
    summary = f"{item.partnership}: {kind_words(item, as_of)}: {item.title}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(item)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{item.date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{item.date + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_text(summary)}",
        f"CATEGORIES:{_text(item.kind)}",
        "TRANSP:TRANSPARENT",
    ]
    person = people.people.get(item.owner) if people and item.owner else None
    if person and person.email:
        email = visible(person.email)
        lines.append(f"ORGANIZER;CN={_param(person.name)}:mailto:{email}")
        lines.append(f"ATTENDEE;CN={_param(person.name)};ROLE=REQ-PARTICIPANT:mailto:{email}")
    elif item.owner:
        lines.append(f"DESCRIPTION:{_text('Owner: ' + item.owner)}")
    lines += [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_text(summary)}",
        f"TRIGGER:-P{REMINDER_DAYS[item.kind]}D",
        "END:VALARM",
        "END:VEVENT",
    ]
    return lines


def _text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped; line breaks as \\n; other control
    characters shown as ``\\x1b`` (the backslash escaped, so a calendar shows ``\\x1b``)."""
    value = visible(value.replace("\r\n", "\n"), keep="\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def _param(value: str) -> str:
    """A parameter value: quoted, control characters shown as escapes and the quote, which a
    quoted value cannot hold, dropped."""
    return '"' + visible(value).replace('"', "") + '"'


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(parts)
