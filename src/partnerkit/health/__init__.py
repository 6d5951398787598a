"""The portfolio's health: each partnership's score and maturity, and the portfolio summary.

Built on a lint result, so score, status and report read exactly the facts lint found. Pure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from partnerkit.diagnostics import Diagnostic
from partnerkit.health.maturity import Maturity, maturity
from partnerkit.health.score import Score, score
from partnerkit.load.memo import Memo
from partnerkit.model.config import PortfolioConfig
from partnerkit.model.portfolio import Partnership, Portfolio


@dataclass(frozen=True)
class Health:
    partnership: Partnership
    score: Score
    maturity: Maturity
    diagnostics: tuple[Diagnostic, ...]

    def rag(self, bucket: str) -> str | None:
        """green, amber, red, or None when the bucket is not rated."""
        status = self.partnership.status
        entry = status.buckets.get(bucket) if status else None
        return entry.rag if entry else None

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
    by_rag: dict[str, int]  # green / amber / red / unrated, over every partnership x bucket
    by_band: dict[str, int]
    weakest_bucket: str | None
    bucket_rag: dict[str, dict[str, int]] = field(default_factory=dict)


def assess(portfolio: Portfolio, diagnostics: list[Diagnostic], memo: Memo | None = None) -> list[Health]:
    """Health of every partnership, in portfolio order. With a ``memo``, a partnership object
    seen before with the same findings and config keeps its health (see partnerkit.load.memo)."""
    config: PortfolioConfig = portfolio.config
    by_partnership: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_partnership.setdefault(d.partnership, []).append(d)
    settings = config.model_dump_json() if memo else ""
    result = []
    for p in portfolio.partnerships:
        found = tuple(by_partnership.get(p.id, []))
        # Keyed by the object's identity: the memo holds the Health, which holds the object,
        # so the identity cannot pass to another partnership while the entry exists.
        key = (id(p), found, settings)
        health = memo.healths.get(key) if memo else None
        if health is None:
            health = Health(
                p,
                score(p, config.buckets, list(found), config.scoring.weights, config.scoring.bands),
                maturity(p, list(found)),
                found,
            )
            if memo:
                memo.healths[key] = health
        result.append(health)
    return result


def summarise(healths: list[Health], buckets: list[str]) -> Summary:
    stage = Counter(h.identity["stage"] or "unknown" for h in healths)
    tier = Counter(h.identity["tier"] or "unknown" for h in healths)
    band = Counter(h.score.band for h in healths)
    bucket_rag = {b: dict(Counter(h.rag(b) or "unrated" for h in healths)) for b in buckets}
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
    return Summary(dict(sorted(stage.items())), dict(sorted(tier.items())), dict(rag), dict(band), weakest, bucket_rag)
