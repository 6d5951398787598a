"""A portfolio diff as JSON: a stable shape (``schema_version`` 1) for bots and dashboards.

Shape (keys are always present; ``null`` where a value does not apply)::

    {
      "schema_version": 1,
      "tool": {"name": "partnerkit", "version": "..."},
      "as_of": "YYYY-MM-DD",
      "summary": {"changed": int, "added": int, "removed": int, "renamed": int,
                  "new_errors": int, "new_findings": int, "fixed_findings": int,
                  "score_drops": [{"partnership": str, "before": int, "after": int, "points": int}]},
      "portfolio": {"changes": [change], "introduced": [finding], "fixed": [finding]},
      "partnerships": [{
        "id": str, "name": str, "state": "added" | "removed" | "renamed" | "changed",
        "old_folder": str | null, "new_folder": str | null,
        "score": {"before": int | null, "after": int | null, "delta": int | null,
                  "band_before": str | null, "band_after": str | null,
                  "reasons": [{"component": str, "points": number, "text": str}]},
        "changes": [change], "introduced": [finding], "fixed": [finding]}],
      "red_without_evidence": [{"partnership": str, "bucket": str, "newly": bool}]
    }
    change  = {"kind": str, "subject": str, "text": str, "before": str | null, "after": str | null, "note": str | null}
    finding = {"code", "name", "severity", "message", "path", "line", "column", "hint", "partnership"}

``kind`` is one of the slugs in ``partnerkit.diff.changes`` (``rag``, ``kpi-measurement``,
``risk-rescored``, ...; for objectives ``objective-added``, ``objective-removed``,
``objective-status``, ``objective-due``, ``objective-kpis``, ``objective-text`` and
``objective-bucket``, with the objective's id, or its text when it has none, as ``subject``;
``renewal-criterion-added``, ``-removed`` and ``-changed`` for the charter's renewal criteria, with
the KPI as ``subject`` and the criteria as written in ``before`` and ``after``;
``kpi-plan`` for a KPI's target date, milestones, baseline date or kind; ``plan-*`` for the joint
business plan in plan.yaml: its period, status, sign-off, targets and commitments); new kinds may be added
without a new schema version. ``reasons`` are the head's (the base's for a removed partnership).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, TextIO

from partnerkit import __version__
from partnerkit.diagnostics import Diagnostic
from partnerkit.diff import Change, PartnershipDiff, PortfolioDiff
from partnerkit.render.json_format import as_json
from partnerkit.render.terminal_text import json_safe

SCHEMA_VERSION = 1


def render(diff: PortfolioDiff, stream: TextIO, colour: bool = False) -> None:
    stream.write(json_safe(json.dumps(document(diff), indent=2, ensure_ascii=False)))
    stream.write("\n")


def document(diff: PortfolioDiff) -> dict[str, Any]:
    s = diff.summary
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "partnerkit", "version": __version__},
        "as_of": diff.as_of.isoformat(),
        "summary": {
            "changed": s.changed,
            "added": s.added,
            "removed": s.removed,
            "renamed": s.renamed,
            "new_errors": s.new_errors,
            "new_findings": s.new_findings,
            "fixed_findings": s.fixed_findings,
            "score_drops": [
                {"partnership": d.partnership, "before": d.before, "after": d.after, "points": d.points}
                for d in s.score_drops
            ],
        },
        "portfolio": {
            "changes": _changes(diff.changes),
            "introduced": _findings(diff.introduced),
            "fixed": _findings(diff.fixed),
        },
        "partnerships": [_partnership(p) for p in diff.partnerships],
        "red_without_evidence": [asdict(r) for r in diff.red_without_evidence],
    }


def _partnership(p: PartnershipDiff) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "state": p.state,
        "old_folder": p.old_folder,
        "new_folder": p.new_folder,
        "score": {
            "before": p.score_before,
            "after": p.score_after,
            "delta": p.score_delta,
            "band_before": p.band_before,
            "band_after": p.band_after,
            "reasons": [{"component": r.component, "points": r.points, "text": r.text} for r in p.reasons],
        },
        "changes": _changes(p.changes),
        "introduced": _findings(p.introduced),
        "fixed": _findings(p.fixed),
    }


def _changes(changes: tuple[Change, ...]) -> list[dict[str, Any]]:
    return [asdict(c) for c in changes]


def _findings(found: tuple[Diagnostic, ...]) -> list[dict[str, Any]]:
    return [as_json(d) for d in found]
