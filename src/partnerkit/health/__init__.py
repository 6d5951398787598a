"""The portfolio's health: each partnership's score and maturity, and the portfolio summary.

Built on a lint result, so score, status and report read exactly the facts lint found. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from partnerkit.diagnostics import Diagnostic
from partnerkit.health.evidence import Evidence, gather
from partnerkit.health.maturity import Maturity, maturity
from partnerkit.health.roi import PortfolioRoi, Roi, portfolio_roi, roi
from partnerkit.health.score import Score, score
from partnerkit.lint import LintResult
from partnerkit.load.memo import Memo
from partnerkit.model.portfolio import Partnership
from partnerkit.rules import find_rule
from partnerkit.rules.settings import resolve_settings


@dataclass(frozen=True)
class Health:
    partnership: Partnership
    score: Score
    maturity: Maturity
    diagnostics: tuple[Diagnostic, ...]
    evidence: Evidence
    suppressions: tuple[str, ...] = ()  # 'PK403 risk-high-unmitigated: <reason>', one per suppression in use
    roi: Roi | None = None  # None when the partnership records no money (see health.roi)

    def rag(self, bucket: str) -> str | None:
        """green, amber, red, or None when the bucket is not rated."""
        status = self.partnership.status
        entry = status.buckets.get(bucket) if status else None
        return entry.rag if entry else None

    def stale(self, bucket: str) -> bool:
        """The bucket's rating is older than the staleness window: drawn as such, never counted as current."""
        return bucket in self.evidence.stale

    @cached_property
    def red_buckets(self) -> frozenset[str]:
        """The buckets rated red: counted for every partnership at every commit of a history."""
        status = self.partnership.status
        return (
            frozenset(bucket for bucket, entry in status.buckets.items() if entry.rag == "red")
            if status
            else frozenset()
        )

    @property
    def identity(self) -> dict[str, str]:
        """name, tier, stage and owner from the charter ('' where it could not be read)."""
        c = self.partnership.charter
        if c is None:
            return {"name": self.partnership.id, "tier": "", "stage": "", "owner": ""}
        return {"name": c.name, "tier": c.tier, "stage": c.stage, "owner": c.owner or ""}


@dataclass(frozen=True)
class Summary:
    by_stage: dict[str, int]
    by_tier: dict[str, int]
    by_rag: dict[str, int]  # green / amber / red / stale / unrated, over every partnership x bucket
    by_band: dict[str, int]
    weakest_bucket: str | None
    bucket_rag: dict[str, dict[str, int]] = field(default_factory=dict)
    roi: PortfolioRoi | None = None  # None when no partnership records money


def assess(result: LintResult, memo: Memo | None = None) -> list[Health]:
    """Health of every partnership, in portfolio order, as of the day it was linted. With a
    ``memo``, a partnership object seen before with the same findings and config keeps its
    health (see partnerkit.load.memo)."""
    portfolio = result.loaded.portfolio
    config = portfolio.config
    by_partnership: dict[str, list[Diagnostic]] = {}
    for d in result.diagnostics:
        by_partnership.setdefault(d.partnership, []).append(d)
    hidden: dict[str, list[Diagnostic]] = {}
    for d in result.suppressed:
        hidden.setdefault(d.partnership, []).append(d)
    stale_options = resolve_settings(config).options.get("PK603")
    stale_days = stale_options.max_age_days if stale_options else 90
    settings = (config.model_dump_json(), result.as_of) if memo else ""
    healths = []
    for p in portfolio.partnerships:
        found, suppressed = tuple(by_partnership.get(p.id, [])), tuple(hidden.get(p.id, []))
        # Keyed by the object's identity: the memo holds the Health, which holds the object,
        # so the identity cannot pass to another partnership while the entry exists.
        key = (id(p), found, suppressed, settings)
        health = memo.healths.get(key) if memo else None
        if health is None:
            # A file with an invalid entry is judged as unreadable: a broken entry never makes
            # the score, the band or the maturity look better.
            whole = p.without_partial()
            evidence = gather(whole, config.buckets, result.as_of, stale_days)
            notes = _suppressions(p, suppressed)
            counted = list(found) if config.scoring.suppressions_count else [*found, *suppressed]
            health = Health(
                p,
                score(whole, config.buckets, list(found), evidence, config.scoring, result.as_of, notes),
                maturity(whole, counted, evidence, result.as_of),
                found,
                evidence,
                notes,
                roi(p, result.as_of, config.currency, config.rates),
            )
            if memo:
                memo.healths[key] = health
        healths.append(health)
    return healths


def _suppressions(p: Partnership, suppressed: tuple[Diagnostic, ...]) -> tuple[str, ...]:
    """'PK403 risk-high-unmitigated: <reason>' for each suppression that hid something."""
    codes = {d.code for d in suppressed}
    notes = []
    for suppression in p.charter.suppress if p.charter else ():
        rule = find_rule(suppression.rule)
        if rule and rule.code in codes:
            codes.discard(rule.code)
            notes.append(f"{rule.code} {rule.name}: {(suppression.reason or '').strip() or 'no reason given'}")
    return tuple(notes)


def summarise(healths: list[Health], buckets: list[str]) -> Summary:
    stage = Counter(h.identity["stage"] or "unknown" for h in healths)
    tier = Counter(h.identity["tier"] or "unknown" for h in healths)
    band = Counter(h.score.band for h in healths)
    # A stale rating is drawn, but it does not count as its colour: nobody has vouched for it lately.
    bucket_rag = {b: dict(Counter("stale" if h.stale(b) else h.rag(b) or "unrated" for h in healths)) for b in buckets}
    rag: Counter[str] = Counter()
    for counts in bucket_rag.values():
        rag.update(counts)
    # Weakest: the bucket with most red, then most amber, then most unrated ratings.
    weakest = max(
        buckets,
        key=lambda b: (bucket_rag[b].get("red", 0), bucket_rag[b].get("amber", 0), bucket_rag[b].get("unrated", 0)),
        default=None,
    )
    if weakest and not any(bucket_rag[weakest].get(c) for c in ("red", "amber", "unrated")):
        weakest = None
    return Summary(
        dict(sorted(stage.items())),
        dict(sorted(tier.items())),
        dict(rag),
        dict(band),
        weakest,
        bucket_rag,
        money_of(healths),
    )


def money_of(healths: Iterable[Health]) -> PortfolioRoi | None:
    """The portfolio's return on investment: total, by tier, concentration (see health.roi)."""
    return portfolio_roi((h.partnership.id, h.identity["tier"], _partner(h.partnership), h.roi) for h in healths)


def _partner(p: Partnership) -> str:
    """The partner organisation, which concentration counts by (its partnerships together)."""
    return p.charter.partner.name if p.charter else p.id
