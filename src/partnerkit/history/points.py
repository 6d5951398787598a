"""How partnerships moved over time: one point per commit, with the score, bucket ratings and ROI.

Pure: the CLI reads each commit through the git module, lints and scores it, and hands the
healths here; this module turns them into a timeline and a sparkline.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import mean

from partnerkit.health import Health, money_of
from partnerkit.load.git import Commit

BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Point:
    commit: Commit
    score: int | None  # None when the partnership did not exist (or could not be read) at that commit
    ratings: dict[str, str | None]  # bucket -> green/amber/red; for the portfolio, counts as text
    roi: float | None = None  # ROI ratio ((value - cost) / cost); None when no money is recorded or it is unknown
    roi_unknown: bool = False  # money is recorded but the ROI cannot be worked out (mixed currencies, no cost)


def point(commit: Commit, healths: list[Health], partnership: str | None, buckets: list[str]) -> Point:
    """One commit's point: the partnership's score, ratings and ROI, or the portfolio's average
    score, how many partnerships rated each bucket red, and its total ROI."""
    if partnership is not None:
        found = next((h for h in healths if h.partnership.id == partnership), None)
        if found is None:
            return Point(commit, None, dict.fromkeys(buckets))
        r = found.roi
        ratio = r.ratio if r else None
        return Point(
            commit, found.score.value, {b: found.rag(b) for b in buckets}, ratio, r is not None and ratio is None
        )
    average = round(mean(h.score.value for h in healths)) if healths else None
    reds = Counter(bucket for h in healths for bucket in h.red_buckets)
    total = money_of(healths)
    ratio = total.ratio if total else None
    return Point(commit, average, {b: str(reds[b]) for b in buckets}, ratio, total is not None and ratio is None)


def sparkline(scores: list[int | None]) -> str:
    """Scores 0-100 as block characters, oldest first; a gap where there is no score."""
    return "".join(" " if s is None else BARS[min(len(BARS) - 1, s * len(BARS) // 101)] for s in scores)
