"""`partnerkit history` in the terminal (a table under a sparkline) and as JSON (``schema_version`` 1)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TextIO

from partnerkit.history.points import Point, sparkline

SCHEMA_VERSION = 1


def render_text(
    points: list[Point], partnership: str | None, as_of: dt.date, stream: TextIO, colour: bool = False
) -> None:
    """One line a commit: its score, then each bucket's rating (G/A/R, - when unrated) or, for
    the portfolio, how many partnerships rate it red."""
    what = partnership or "the portfolio (average score; how many partnerships rate each bucket red)"
    stream.write(
        f"{what}: {len(points)} commit{'s' if len(points) != 1 else ''}, oldest first  "
        f"{sparkline([p.score for p in points])}\n"
    )
    if not points:
        return
    buckets = list(points[0].ratings)
    stream.write(f"{'commit':8}  {'date':10}  score  {'  '.join(buckets)}  author: subject\n")
    for p in points:
        cells = "  ".join(_cell(p.ratings[b], partnership is not None).ljust(len(b)) for b in buckets)
        score = "    -" if p.score is None else f"{p.score:5d}"
        stream.write(f"{p.commit.sha[:8]}  {p.commit.date}  {score}  {cells}  {p.commit.author}: {p.commit.subject}\n")


def _cell(value: str | None, letter: bool) -> str:
    if letter:
        return (value or "-")[0].upper()
    return value or "0"


def render_json(
    points: list[Point], partnership: str | None, as_of: dt.date, stream: TextIO, colour: bool = False
) -> None:
    json.dump(
        {
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
                }
                for p in points
            ],
        },
        stream,
        indent=2,
        ensure_ascii=False,
    )
    stream.write("\n")
