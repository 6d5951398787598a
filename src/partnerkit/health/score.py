"""Health scores: 100 points, minus what the partnership's records say is wrong, and what they
leave unknown.

Evidence before health. Each component of the score reads certain files; when one of them is
missing or cannot be read, the component costs its cap ("risks.yaml could not be read: risk
exposure unknown"), at least as much as anything the file could have said, so breaking a file
never raises a score. Missing records cost too (no KPIs, no risk register, ratings with no
evidence), and a partnership whose buckets are not backed by current facts is banded ``unknown``
whatever its points. Findings that lint makes are counted from its diagnostics, so score and
lint never disagree about the facts. Pure.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.health.evidence import Evidence, is_current, is_operating
from partnerkit.model.config import Scoring, Weights
from partnerkit.model.portfolio import Partnership

HYGIENE = {"PK603": "stale_status", "PK803": "review_missed", "PK801": "action_overdue", "PK209": "objective_overdue"}
AGREEMENT = {"PK701": "agreement", "PK702": "agreement", "PK703": "renewal_due"}
OWNERSHIP = {"PK304": "bucket_unowned"}
_WORDS = {
    "PK603": ("stale rating", "stale ratings"),
    "PK803": ("missed review", "missed reviews"),
    "PK801": ("overdue action", "overdue actions"),
    "PK209": ("overdue objective", "overdue objectives"),
    "PK701": ("no signed agreement", "no signed agreement"),
    "PK702": ("expired agreement", "expired agreements"),
    "PK703": ("renewal decision due", "renewal decisions due"),
    "PK304": ("bucket without an accountable owner", "buckets without an accountable owner"),
}


@dataclass(frozen=True)
class Reason:
    """One thing that cost points (or, with none, that the reader should know), in words a
    partnership manager would use."""

    component: str  # rag, kpis, risks, evidence, ownership, hygiene, agreements, lint, suppressed
    points: float
    text: str


@dataclass(frozen=True)
class Score:
    partnership: str
    value: int
    band: str  # healthy, watch, at-risk, or unknown (not enough evidence)
    reasons: tuple[Reason, ...]
    coverage: float = 1.0  # the share of buckets backed by current facts

    def explain(self) -> str:
        """'62: Monetize red -15; KPI K2 at 80% of plan (expected 30, actual 24) -3; ...'"""
        parts = [f"{r.text} -{r.points:g}" if r.points else r.text for r in self.reasons]
        return f"{self.value}: " + ("; ".join(parts) if parts else "nothing found against it")


@dataclass(frozen=True)
class _Component:
    files: tuple[str, ...]  # what it reads: unknown if any of them is
    unknown: str  # what is unknown then
    cap: Callable[[Weights, int], float]  # (weights, number of buckets) -> its cap


COMPONENTS = {
    "rag": _Component(("status.yaml",), "every rating unknown", lambda w, n: w.red * n),
    "kpis": _Component(("kpis.yaml", "charter.yaml"), "progress unknown", lambda w, n: w.kpi_cap),
    "risks": _Component(("risks.yaml", "charter.yaml"), "risk exposure unknown", lambda w, n: w.risk_cap),
    "evidence": _Component(
        ("status.yaml", "kpis.yaml", "charter.yaml"), "evidence unknown", lambda w, n: w.evidence_cap
    ),
    "ownership": _Component(("raci.yaml",), "ownership unknown", lambda w, n: w.ownership_cap),
    "hygiene": _Component(
        ("status.yaml", "reviews.yaml", "actions.yaml", "charter.yaml"),
        "governance hygiene unknown",
        lambda w, n: w.hygiene_cap,
    ),
    "agreements": _Component(
        ("agreements.yaml", "charter.yaml"), "contract position unknown", lambda w, n: w.agreements_cap
    ),
    "lint": _Component((), "other findings unknown", lambda w, n: w.lint_cap),
}
"""Each component of the score, the files it reads (``lint`` reads them all) and its cap."""


def score(
    p: Partnership,
    buckets: list[str],
    diagnostics: list[Diagnostic],
    evidence: Evidence,
    scoring: Scoring,
    as_of: dt.date,
    suppressed: Iterable[str] = (),
) -> Score:
    """The partnership's score on ``as_of``; ``diagnostics`` are the lint findings about it and
    ``suppressed`` the reasons its charter gives for the rules it suppresses (no points)."""
    w = scoring.weights
    known = {
        "rag": lambda: _ratings(p, buckets, w),
        "kpis": lambda: _kpis(p, w, evidence),
        "risks": lambda: _risks(p, w),
        "evidence": lambda: _evidence(p, buckets, evidence, w, as_of),
        "ownership": lambda: _counted(diagnostics, OWNERSHIP, w),
        "hygiene": lambda: _counted(diagnostics, HYGIENE, w),
        "agreements": lambda: _counted(diagnostics, AGREEMENT, w),
        "lint": lambda: _other_findings(diagnostics, w),
    }
    reasons: list[Reason] = []
    for name, component in COMPONENTS.items():
        cap = component.cap(w, len(buckets))
        missing = evidence.is_unknown(*component.files) if component.files else next(iter(evidence.unknown), None)
        if missing:
            verb = (
                "has invalid entries"
                if missing in p.omitted
                else "could not be read"
                if missing in p.present
                else "is missing"
            )
            reasons.append(Reason(name, cap, f"{missing} {verb}: {component.unknown}"))
        else:
            reasons += _capped(known[name](), cap, name)
    reasons = [r for r in reasons if r.points > 0]
    value = max(0, min(100, round(100 - sum(r.points for r in reasons))))
    bands = scoring.bands
    band = (
        "unknown"
        if evidence.coverage < bands.min_coverage
        else "healthy"
        if value >= bands.healthy
        else "watch"
        if value >= bands.watch
        else "at-risk"
    )
    notes = [Reason("suppressed", 0, f"suppressed: {text}") for text in suppressed]
    ordered = sorted(reasons, key=lambda r: (-r.points, r.text))
    return Score(p.id, value, band, tuple(ordered + notes), evidence.coverage)


def _ratings(p: Partnership, buckets: list[str], w: Weights) -> list[Reason]:
    rated = p.status.buckets if p.status else {}
    reasons = []
    for bucket in buckets:
        entry = rated.get(bucket)
        if entry is None:
            reasons.append(Reason("rag", w.unrated, f"{bucket} not rated"))
        elif entry.rag != "green":
            reasons.append(Reason("rag", w.amber if entry.rag == "amber" else w.red, f"{bucket} {entry.rag}"))
    return reasons


def _kpis(p: Partnership, w: Weights, evidence: Evidence) -> list[Reason]:
    kpis = p.kpis.kpis if p.kpis else []
    if not kpis:
        return [Reason("kpis", w.kpi_cap, "no KPIs: progress unknown")] if is_operating(p) else []
    reasons = []
    for kpi, progress in zip(kpis, evidence.progress, strict=True):
        if progress is None:
            why = "never measured" if kpi.latest is None else "has no baseline and target"
            reasons.append(Reason("kpis", w.kpi_unknown, f"KPI {kpi.id} {why}: progress unknown"))
        elif progress.share < 1:
            shortfall = 1 - max(0.0, progress.share)
            reasons.append(Reason("kpis", round(w.kpi * shortfall, 1), f"KPI {kpi.id} at {progress.words()}"))
    return reasons


def _risks(p: Partnership, w: Weights) -> list[Reason]:
    risks = p.risks.risks if p.risks else []
    if not risks:
        return [Reason("risks", w.risk_cap, "no risk register: risk exposure unknown")] if is_operating(p) else []
    reasons = []
    for risk in risks:
        if risk.status in ("open", "mitigating") and not (risk.owner and (risk.mitigation or "").strip()):
            lacks = " and ".join(
                word for word, has in (("owner", risk.owner), ("mitigation", risk.mitigation)) if not has
            )
            reasons.append(
                Reason(
                    "risks",
                    round(w.risk * risk.exposure / 25, 1),
                    f"risk {risk.id} ({risk.likelihood}x{risk.impact}) {risk.status} with no {lacks}",
                )
            )
    return reasons


def _evidence(p: Partnership, buckets: list[str], evidence: Evidence, w: Weights, as_of: dt.date) -> list[Reason]:
    rated = p.status.buckets if p.status else {}
    kpis = p.kpis.kpis if p.kpis else []
    measured = {kpi.bucket for kpi in kpis if is_current(kpi, as_of)}
    reasons = [
        Reason(
            "evidence", w.unsupported_rating, f"{bucket} rated {rated[bucket].rag} with no evidence and no measured KPI"
        )
        for bucket in buckets
        if bucket in rated and not (rated[bucket].evidence or "").strip() and bucket not in measured
    ]
    ids, with_kpis = {kpi.id for kpi in kpis}, {kpi.bucket for kpi in kpis}
    aimed = {
        o.bucket
        for o in (p.charter.objectives if p.charter else ())
        if o.bucket and o.is_open and not ids.intersection(o.kpis)
    }
    reasons += [
        Reason("evidence", w.objective_unmeasured, f"objectives in {bucket} with no KPI measuring them")
        for bucket in buckets
        if bucket in aimed and bucket not in with_kpis
    ]
    return reasons


def _counted(diagnostics: list[Diagnostic], codes: dict[str, str], w: Weights) -> list[Reason]:
    counts = Counter(d.code for d in diagnostics if d.code in codes)
    component = {**dict.fromkeys(HYGIENE, "hygiene"), **dict.fromkeys(AGREEMENT, "agreements"), "PK304": "ownership"}
    return [
        Reason(component[code], getattr(w, codes[code]) * n, _WORDS[code][0] if n == 1 else f"{n} {_WORDS[code][1]}")
        for code, n in sorted(counts.items())
    ]


def _other_findings(diagnostics: list[Diagnostic], w: Weights) -> list[Reason]:
    counted = HYGIENE.keys() | AGREEMENT.keys() | OWNERSHIP.keys()
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR and d.code not in counted)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING and d.code not in counted)
    reasons = []
    if errors:
        reasons.append(Reason("lint", w.lint_error * errors, f"{errors} other lint error{'s' if errors > 1 else ''}"))
    if warnings:
        reasons.append(
            Reason("lint", w.lint_warning * warnings, f"{warnings} other lint warning{'s' if warnings > 1 else ''}")
        )
    return reasons


def _capped(reasons: list[Reason], cap: float, component: str) -> list[Reason]:
    """The reasons, scaled down together so that they cost at most ``cap``."""
    total = sum(r.points for r in reasons)
    if total <= cap or total == 0:
        return reasons
    factor = cap / total  # rounded down, so that together they never cost more than the cap
    return [Reason(component, math.floor(r.points * factor * 10) / 10, r.text + " (capped)") for r in reasons]
