"""`partnerkit history` in the terminal (a table under a sparkline) and as JSON (``schema_version`` 1)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TextIO

from partnerkit.health.roi import percent
from partnerkit.history.points import Point, sparkline
from partnerkit.render.layout import Column, abbreviations, line, packed, table, table_width, width_of, wrapped
from partnerkit.render.terminal_text import json_safe

SCHEMA_VERSION = 1
SUBJECT_MIN = 30
"""The subject column is never wrapped narrower than this, unless the terminal is."""


def render_text(
    points: list[Point], partnership: str | None, as_of: dt.date, stream: TextIO, colour: bool = False
) -> None:
    """One line a commit: its score, its ROI, then each bucket's rating (G/A/R, - when unrated)
    or, for the portfolio, how many partnerships rate it red, then the author and subject. The
    ROI column (- none recorded, ? unknown) shows only when some commit records money, so a
    history without money reads as before. To fit the terminal's width the bucket headers
    shorten to their first letters (with a legend) and the subject wraps in its column. Authors,
    subjects and bucket names are shown through ``terminal_text.visible``: a commit message
    cannot drive the reader's terminal."""
    what = partnership or "the portfolio (average score; how many partnerships rate each bucket red)"
    width = width_of(stream)
    title = line(
        f"{what}: {len(points)} commit{'s' if len(points) != 1 else ''}, oldest first  ",
        sparkline([p.score for p in points]),
    )
    lines = wrapped(title, width)
    if points:
        buckets = list(points[0].ratings)
        columns = _columns(points, partnership, buckets, short=False)
        if width is not None and _least(columns) > width:
            columns = _columns(points, partnership, buckets, short=True)
            lines += table(columns, False, width)
            lines += [line(""), *packed(_legend(buckets), width)]
        else:
            lines += table(columns, False, width)
    stream.write("".join(f"{text.plain}\n" for text in lines))


def _columns(points: list[Point], partnership: str | None, buckets: list[str], short: bool) -> list[Column]:
    headers = abbreviations(buckets) if short else buckets
    return [
        Column("commit", [p.commit.sha[:8] for p in points]),
        Column("date", [str(p.commit.date) for p in points]),
        Column("score", ["-" if p.score is None else str(p.score) for p in points], justify="right"),
        *([Column("ROI", [_roi(p) for p in points], justify="right")] if any(map(_money, points)) else []),
        *(
            Column(header, [_cell(p.ratings[b], partnership is not None) for p in points])
            for b, header in zip(buckets, headers, strict=True)
        ),
        Column("author: subject", [f"{p.commit.author}: {p.commit.subject}" for p in points], wrap=True),
    ]


def _money(p: Point) -> bool:
    return p.roi is not None or p.roi_unknown


def _roi(p: Point) -> str:
    if p.roi_unknown:
        return "?"
    return "-" if p.roi is None else percent(p.roi)


def _cell(value: str | None, letter: bool) -> str:
    if letter:
        return (value or "-")[0].upper()
    return value or "0"


def _least(columns: list[Column]) -> int:
    """How wide the table must be: every column but the subject, which may wrap down to 30."""
    return table_width(columns[:-1]) + columns[-1].gap + min(columns[-1].natural(), SUBJECT_MIN)


def _legend(buckets: list[str]) -> list[str]:
    items = [f"{a} {b}" for a, b in zip(abbreviations(buckets), buckets, strict=True)]
    return [f"buckets: {items[0]}", *items[1:]] if items else []


def render_json(
    points: list[Point], partnership: str | None, as_of: dt.date, stream: TextIO, colour: bool = False
) -> None:
    """Each point's ``roi`` is its ratio (as in `score`, rounded to 4 places) or null: none recorded or unknown."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "partnership": partnership,
        "as_of": as_of.isoformat(),
        "points": [
            {
                "commit": p.commit.sha,
                "date": p.commit.date.isoformat(),
                "author": p.commit.author,
                "subject": p.commit.subject,
                "score": p.score,
                "ratings": p.ratings,
                "roi": None if p.roi is None else round(p.roi, 4),
            }
            for p in points
        ],
    }
    stream.write(json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n")
