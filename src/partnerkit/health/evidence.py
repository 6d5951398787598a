"""What a partnership's health can rest on: which files could not be read, which ratings are
stale, and which buckets are backed by current facts (evidence coverage). Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partnerkit.model.kpis import PERIOD_DAYS, Kpi, Progress
from partnerkit.model.portfolio import REQUIRED_FILES, Partnership

OPERATING = ("onboarding", "active", "renewal", "exiting")
"""Stages in which a partnership is run, so its KPIs, risks and reviews are expected to exist."""


@dataclass(frozen=True)
class Evidence:
    unknown: tuple[str, ...]  # files missing or unreadable: what they would say is unknown
    stale: frozenset[str]  # buckets whose rating is older than the staleness window
    covered: frozenset[str]  # buckets backed by current facts
    buckets: int
    progress: tuple[Progress | None, ...] = ()  # each KPI's progress on its plan, in kpis.yaml's order

    @property
    def coverage(self) -> float:
        """The share of buckets backed by current facts (0-1)."""
        return len(self.covered) / self.buckets if self.buckets else 0.0

    def is_unknown(self, *files: str) -> str | None:
        """The first of ``files`` that could not be read, if any."""
        return next((name for name in self.unknown if name in files), None)


def gather(p: Partnership, buckets: list[str], as_of: dt.date, stale_days: int) -> Evidence:
    """``stale_days`` is the staleness window of rule status-stale."""
    unknown = tuple(name for name in sorted(p.present | set(REQUIRED_FILES)) if p.failed(name) or name not in p.present)
    ended = bool(p.charter and p.charter.stage == "ended")  # its last ratings are its final record
    rated = p.status.buckets if p.status else {}
    stale = frozenset(
        bucket
        for bucket, entry in rated.items()
        if not ended and (entry.updated is None or (as_of - entry.updated).days > stale_days)
    )
    kpis = p.kpis.kpis if p.kpis else []
    measured = {kpi.bucket for kpi in kpis if is_current(kpi, as_of)}
    covered = frozenset(
        bucket
        for bucket in buckets
        if bucket in rated and bucket not in stale and ((rated[bucket].evidence or "").strip() or bucket in measured)
    )
    progress = tuple(kpi.progress(as_of, p.started) for kpi in kpis)
    return Evidence(unknown, stale, covered, len(buckets), progress)


def is_current(kpi: Kpi, as_of: dt.date) -> bool:
    """Measured within its period (a quarterly KPI in the last quarter)."""
    latest = kpi.latest
    return latest is not None and 0 <= (as_of - latest.date).days <= PERIOD_DAYS[kpi.period]


def is_operating(p: Partnership) -> bool:
    return bool(p.charter and p.charter.stage in OPERATING)
