"""Scores as JSON: a stable shape (``schema_version`` 1) for dashboards and scripts."""

from __future__ import annotations

import datetime as dt
import json
from typing import TextIO

from partnerkit import __version__
from partnerkit.health import Health, Summary
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
        },
    }
    stream.write(json_safe(json.dumps(document, indent=2, ensure_ascii=False)))
    stream.write("\n")
