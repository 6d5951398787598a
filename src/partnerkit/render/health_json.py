"""Scores as JSON: a stable shape (``schema_version`` 1) for dashboards and scripts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, TextIO

from partnerkit import __version__
from partnerkit.health import Health, Summary
from partnerkit.health.roi import Group, PortfolioRoi, Roi
from partnerkit.render.terminal_text import json_safe

SCHEMA_VERSION = 1


def render_scores(
    healths: list[Health], summary: Summary, as_of: dt.date, stream: TextIO, colour: bool = False
) -> None:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "partnerkit", "version": __version__},
        "as_of": as_of.isoformat(),
        "partnerships": [
            {
                "id": h.partnership.id,
                **h.identity,
                "score": h.score.value,
                "band": h.score.band,
                "evidence": {
                    "coverage": round(h.score.coverage, 3),
                    "covered": sorted(h.evidence.covered),
                    "stale": sorted(h.evidence.stale),
                    "unknown": list(h.evidence.unknown),
                },
                "reasons": [{"component": r.component, "points": r.points, "text": r.text} for r in h.score.reasons],
                "suppressions": list(h.suppressions),
                "maturity": {"level": h.maturity.level, "name": h.maturity.name, "missing": list(h.maturity.missing)},
                "roi": _roi(h.roi),
            }
            for h in healths
        ],
        "summary": {
            "by_stage": summary.by_stage,
            "by_tier": summary.by_tier,
            "by_rag": summary.by_rag,
            "by_band": summary.by_band,
            "weakest_bucket": summary.weakest_bucket,
            "bucket_rag": summary.bucket_rag,
            "roi": _portfolio_roi(summary.roi),
        },
    }
    stream.write(json_safe(json.dumps(document, indent=2, ensure_ascii=False)))
    stream.write("\n")


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _roi(r: Roi | None) -> dict[str, Any] | None:
    """A partnership's ROI: null when it records no money; ``ratio`` null when it cannot be worked out."""
    if r is None:
        return None
    return {
        "currency": r.currency,
        "value": round(r.value, 2),
        "cost": round(r.cost, 2),
        "ratio": _ratio(r.ratio),
        "since": r.since.isoformat() if r.since else None,
        "until": r.until.isoformat(),
        "inputs": list(r.inputs),
        "problem": r.problem,
    }


def _group(g: Group) -> dict[str, Any]:
    return {
        "value": round(g.value, 2),
        "cost": round(g.cost, 2),
        "ratio": _ratio(g.ratio),
        "partnerships": g.partnerships,
    }


def _portfolio_roi(r: PortfolioRoi | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "currency": r.currency,
        **_group(r.total),
        "by_tier": {tier: _group(g) for tier, g in r.by_tier.items()},
        "top": [{"partner": partner, "value": round(value, 2)} for partner, value in r.top],
        "concentration": _ratio(r.concentration),
        "left_out": list(r.left_out),
    }
