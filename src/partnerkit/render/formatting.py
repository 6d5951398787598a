"""Numbers, dates and progress as people read them in the report, the same in every locale:
the Jinja filters ``number``, ``with_unit``, ``percent``, ``points``, ``days``, ``long_date`` and
``text_bar``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partnerkit.model import units as numbers


def number(value: Any) -> str:
    """A measurement for people (typographic minus; an en dash when there is none)."""
    return "–" if value is None else numbers.compact(value, minus="−")


def with_unit(value: Any, unit: str) -> str:
    return "–" if value is None else numbers.with_unit(value, unit, minus="−")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{float(value) * 100:.0f}%"


def points(value: float) -> str:
    return f"−{float(value):g}"


def plural(n: int, word: str, many: str = "") -> str:
    """'1 commit', '3 commits'; ``many`` for a plural that is not the word plus s."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def days(n: int | None) -> str:
    if n is None:
        return ""
    n = int(n)
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n == -1:
        return "yesterday"
    return f"in {n} days" if n > 0 else f"{-n} days ago"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def long_date(value: dt.date) -> str:
    """25 Nov 2026, the same in every locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def text_bar(value: float | None, width: int = 10) -> str:
    """A Markdown-friendly progress bar of block characters: ██████░░░░ for 0.6."""
    if value is None:
        return ""
    filled = round(min(max(float(value), 0.0), 1.0) * width)
    return "█" * filled + "░" * (width - filled)
