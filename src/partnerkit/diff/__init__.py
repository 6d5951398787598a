"""The semantic diff of two portfolios: what a pull request changes, in partnership terms. Pure.

Reviewers read "Monetize went amber -> red", "risk R3: 2x3=6 -> 4x5=20" and "score 72 -> 64"
instead of raw YAML. The caller loads both ends (working tree or git revision), lints and
assesses each, and passes them in as :class:`Side`; nothing here reads files, git or the clock.

Partnerships are matched by folder, then followed across renames (``diff_match``); items
inside them by id (``diff_items``, ``diff_records``). Lint findings are compared without line
numbers, so a finding that merely moved down the file is neither new nor fixed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.diff.changes import (
    Change,
    action_changes,
    agreement_changes,
    charter_changes,
    financial_changes,
    kpi_changes,
    objective_changes,
    plan_changes,
    raci_changes,
    review_changes,
    risk_changes,
    status_changes,
)
from partnerkit.diff.match import Pair, by_partnership, compare_findings, could_tell, match, moved
from partnerkit.health import Health
from partnerkit.health.roi import percent
from partnerkit.health.score import Reason
from partnerkit.model.portfolio import PARTNERSHIP_FILES, Partnership, Portfolio

__all__ = [
    "Change",
    "DiffSummary",
    "PartnershipDiff",
    "PortfolioDiff",
    "RedBucket",
    "ScoreDrop",
    "Side",
    "diff_portfolios",
    "partnership_changes",
]

State = Literal["added", "removed", "renamed", "changed"]


@dataclass(frozen=True)
class Side:
    """One end of the comparison: the portfolio, its health and its lint findings."""

    portfolio: Portfolio
    healths: list[Health]
    diagnostics: list[Diagnostic]


@dataclass(frozen=True)
class PartnershipDiff:
    """One partnership that differs. ``id`` and ``name`` are the head's (the base's when removed);
    ``reasons`` are the head's score reasons; ``introduced``/``fixed`` are its lint findings."""

    id: str
    name: str
    state: State
    old_folder: str | None
    new_folder: str | None
    changes: tuple[Change, ...]
    score_before: int | None
    score_after: int | None
    band_before: str | None
    band_after: str | None
    reasons: tuple[Reason, ...]
    introduced: tuple[Diagnostic, ...]
    fixed: tuple[Diagnostic, ...]

    @property
    def score_delta(self) -> int | None:
        if self.score_before is None or self.score_after is None:
            return None
        return self.score_after - self.score_before


@dataclass(frozen=True)
class RedBucket:
    """A bucket rated red in head with no evidence; ``newly`` when the change made it red."""

    partnership: str
    bucket: str
    newly: bool


@dataclass(frozen=True)
class ScoreDrop:
    partnership: str
    before: int
    after: int

    @property
    def points(self) -> int:
        return self.before - self.after


@dataclass(frozen=True)
class DiffSummary:
    changed: int
    added: int
    removed: int
    renamed: int
    new_errors: int
    new_findings: int
    fixed_findings: int
    score_drops: tuple[ScoreDrop, ...]  # the largest first, at most TOP_DROPS


@dataclass(frozen=True)
class PortfolioDiff:
    as_of: dt.date
    partnerships: tuple[PartnershipDiff, ...]
    changes: tuple[Change, ...]  # portfolio-level: people, buckets, scoring
    introduced: tuple[Diagnostic, ...]  # findings that belong to no partnership
    fixed: tuple[Diagnostic, ...]
    red_without_evidence: tuple[RedBucket, ...]
    summary: DiffSummary

    def _in(self, state: State) -> tuple[PartnershipDiff, ...]:
        return tuple(p for p in self.partnerships if p.state == state)

    @property
    def added(self) -> tuple[PartnershipDiff, ...]:
        return self._in("added")

    @property
    def removed(self) -> tuple[PartnershipDiff, ...]:
        return self._in("removed")

    @property
    def renamed(self) -> tuple[PartnershipDiff, ...]:
        return self._in("renamed")

    @property
    def changed(self) -> tuple[PartnershipDiff, ...]:
        return self._in("changed")

    @property
    def is_empty(self) -> bool:
        return not (self.partnerships or self.changes or self.introduced or self.fixed)


TOP_DROPS = 5


def diff_portfolios(base: Side, head: Side, as_of: dt.date) -> PortfolioDiff:
    """What changed from ``base`` to ``head``; ``as_of`` decides which actions are newly overdue."""
    base_health = {h.partnership.folder: h for h in base.healths}
    head_health = {h.partnership.folder: h for h in head.healths}
    base_found, base_loose = by_partnership(base.portfolio.partnerships, base.diagnostics)
    head_found, head_loose = by_partnership(head.portfolio.partnerships, head.diagnostics)
    buckets = head.portfolio.config.buckets
    diffs: list[PartnershipDiff] = []
    pairs = match(base.portfolio.partnerships, head.portfolio.partnerships)
    for b, h in pairs:
        bh = base_health.get(b.folder) if b else None
        hh = head_health.get(h.folder) if h else None
        old = base_found.get(b.id, []) if b else []
        new = head_found.get(h.id, []) if h else []
        if h is not None and b is None:
            diffs.append(_one(h, "added", None, h.folder, [], hh, None, new, []))
        elif b is not None and h is None:
            # Its findings leave with it; removing a partnership fixes nothing, so they are not "fixed".
            diffs.append(_one(b, "removed", b.folder, None, [], None, bh, [], []))
        elif b is not None and h is not None:
            renamed = b.folder != h.folder
            changes = (
                [Change("renamed", h.id, f"renamed {b.folder} -> {h.folder}", b.folder, h.folder)] if renamed else []
            )
            # A rename that moved the charter id along with the folder says it once, not twice.
            changes += [c for c in partnership_changes(b, h, buckets, as_of) if not (renamed and c.kind == "id")]
            changes += _roi_change(bh, hh)
            introduced, fixed = compare_findings([moved(d, b.folder, h.folder) for d in old], new)
            fixed = [d for d in fixed if could_tell(d, head.portfolio, h)]
            d = _one(h, "renamed" if renamed else "changed", b.folder, h.folder, changes, hh, bh, introduced, fixed)
            if renamed or changes or introduced or fixed or d.score_delta or d.band_before != d.band_after:
                diffs.append(d)
    introduced, fixed = compare_findings(base_loose, head_loose)
    fixed = [d for d in fixed if could_tell(d, head.portfolio)]
    diffs.sort(key=lambda d: d.id)
    return PortfolioDiff(
        as_of,
        tuple(diffs),
        tuple(_portfolio_changes(base.portfolio, head.portfolio)),
        tuple(introduced),
        tuple(fixed),
        tuple(_red_without_evidence(pairs)),
        _summary(diffs, introduced, fixed),
    )


def partnership_changes(base: Partnership, head: Partnership, buckets: Sequence[str], as_of: dt.date) -> list[Change]:
    """Every change from ``base`` to ``head``. A file unreadable on either side is reported
    once and not compared: its lint errors already say why, and comparing against a missing
    model would claim that every item in it was removed."""
    changes: list[Change] = []
    skipped = set()
    for name in PARTNERSHIP_FILES:
        side = "before" if base.failed(name) else "now" if head.failed(name) else None
        if side:
            skipped.add(name)
            changes.append(Change("unreadable", name, f"{name} could not be read {side}, so its changes are not shown"))
    areas: dict[str, Callable[[], list[Change]]] = {
        "charter.yaml": lambda: charter_changes(base, head) + objective_changes(base, head),
        "status.yaml": lambda: status_changes(base, head, buckets),
        "kpis.yaml": lambda: kpi_changes(base, head, as_of),
        "risks.yaml": lambda: risk_changes(base, head),
        "agreements.yaml": lambda: agreement_changes(base, head),
        "actions.yaml": lambda: action_changes(base, head, as_of),
        "reviews.yaml": lambda: review_changes(base, head),
        "raci.yaml": lambda: raci_changes(base, head),
        "plan.yaml": lambda: plan_changes(base, head),
        "financials.yaml": lambda: financial_changes(base, head),
    }
    for name, compare in areas.items():
        if name not in skipped:
            changes.extend(compare())
    return changes


def _roi_change(base: Health | None, head: Health | None) -> list[Change]:
    """'ROI 109% -> 130%' when what the partnership's money says moved (both ends as of the same day)."""
    was = base.roi.words() if base and base.roi else None
    now = head.roi.words() if head and head.roi else None
    if was == now:
        return []
    if now is None:
        return [Change("roi", "roi", "no money recorded any more, so no ROI", was, None)]
    if was is None:
        return [Change("roi", "roi", f"money recorded: {now}", None, now)]
    return [Change("roi", "roi", f"{_roi_short(base)} -> {now}", was, now)]


def _roi_short(h: Health | None) -> str:
    r = h.roi if h else None
    return "ROI unknown" if r is None or r.ratio is None else f"ROI {percent(r.ratio)}"


def _one(
    p: Partnership,
    state: State,
    old: str | None,
    new: str | None,
    changes: list[Change],
    head: Health | None,
    base: Health | None,
    introduced: list[Diagnostic],
    fixed: list[Diagnostic],
) -> PartnershipDiff:
    shown = head or base
    name = p.charter.name if p.charter else p.id
    return PartnershipDiff(
        p.id,
        name,
        state,
        old,
        new,
        tuple(changes),
        base.score.value if base else None,
        head.score.value if head else None,
        base.score.band if base else None,
        head.score.band if head else None,
        shown.score.reasons if shown else (),
        tuple(introduced),
        tuple(fixed),
    )


def _portfolio_changes(base: Portfolio, head: Portfolio) -> list[Change]:
    old, new = base.handles, head.handles
    changes = [Change("person-added", h, f"person {h} added") for h in sorted(new - old)]
    changes += [Change("person-removed", h, f"person {h} removed") for h in sorted(old - new)]
    if base.config.buckets != head.config.buckets:
        was, now = ", ".join(base.config.buckets), ", ".join(head.config.buckets)
        changes.append(Change("buckets", "buckets", f"buckets {was} -> {now}", was, now))
    if base.config.scoring != head.config.scoring:
        changes.append(Change("scoring", "scoring", "scoring weights or bands changed, so every score may move"))
    return changes


def _red_without_evidence(pairs: list[Pair]) -> list[RedBucket]:
    """Every red bucket in head without evidence, not only changed ones: a gate that let an
    earlier one through would pass a portfolio whose red ratings nobody can check."""
    found = []
    for old, p in pairs:
        if p is None or p.status is None:
            continue
        before = old.status.buckets if old and old.status else {}
        for bucket, entry in p.status.buckets.items():
            if entry.rag == "red" and not (entry.evidence or "").strip():
                was = before.get(bucket)
                found.append(RedBucket(p.id, bucket, was is None or was.rag != "red"))
    return sorted(found, key=lambda r: r.partnership)


def _summary(diffs: list[PartnershipDiff], loose_new: list[Diagnostic], loose_fixed: list[Diagnostic]) -> DiffSummary:
    introduced = [d for p in diffs for d in p.introduced] + loose_new
    fixed = sum(len(p.fixed) for p in diffs) + len(loose_fixed)
    drops = sorted(
        (
            ScoreDrop(p.id, p.score_before, p.score_after)
            for p in diffs
            if p.score_before is not None and p.score_after is not None and p.score_after < p.score_before
        ),
        key=lambda drop: (-drop.points, drop.partnership),
    )
    states = Counter(p.state for p in diffs)
    return DiffSummary(
        states["changed"],
        states["added"],
        states["removed"],
        states["renamed"],
        sum(1 for d in introduced if d.severity is Severity.ERROR),
        len(introduced),
        fixed,
        tuple(drops[:TOP_DROPS]),
    )
