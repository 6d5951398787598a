"""Health scores: 100 points, minus what the partnership's own records say is wrong.

Pure: takes the portfolio, its lint diagnostics and the weights, returns scores with the
reasons that moved them. Findings that lint already makes (stale ratings, missed reviews,
overdue actions, agreement problems) are counted from the diagnostics, so the score and the
lint report can never disagree about the facts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.model.config import Bands, Weights
from partnerkit.model.portfolio import Partnership

HYGIENE = {"PK603": "stale_status", "PK803": "review_missed", "PK801": "action_overdue"}
AGREEMENT = {"PK701": "agreement", "PK702": "agreement", "PK703": "renewal_due"}


@dataclass(frozen=True)
class Reason:
    """One thing that cost points, in words a partnership manager would use."""

    component: str  # rag, kpis, risks, hygiene, agreements, lint
    points: float
    text: str


@dataclass(frozen=True)
class Score:
    partnership: str
    value: int
    band: str  # healthy, watch or at-risk
    reasons: tuple[Reason, ...]

    def explain(self) -> str:
        """'62: Monetize red -15; KPI pipeline at 40% of target -9; ...'"""
        parts = [f"{r.text} -{r.points:g}" for r in self.reasons]
        return f"{self.value}: " + ("; ".join(parts) if parts else "nothing found against it")


def score(p: Partnership, buckets: list[str], diagnostics: list[Diagnostic], weights: Weights, bands: Bands) -> Score:
    """The partnership's score; ``diagnostics`` are the lint findings about this partnership."""
    reasons = [
        *_rag(p, buckets, weights),
        *_capped(_kpis(p, weights), weights.kpi_cap, "kpis"),
        *_capped(_risks(p, weights), weights.risk_cap, "risks"),
        *_from_findings(diagnostics, weights),
    ]
    reasons = [r for r in reasons if r.points > 0]
    value = max(0, min(100, round(100 - sum(r.points for r in reasons))))
    band = "healthy" if value >= bands.healthy else "watch" if value >= bands.watch else "at-risk"
    return Score(p.id, value, band, tuple(sorted(reasons, key=lambda r: (-r.points, r.text))))


def _rag(p: Partnership, buckets: list[str], weights: Weights) -> list[Reason]:
    rated = p.status.buckets if p.status else {}
    reasons = []
    for bucket in buckets:
        entry = rated.get(bucket)
        if entry is None:
            reasons.append(Reason("rag", weights.unrated, f"{bucket} not rated"))
        elif entry.rag != "green":
            reasons.append(
                Reason("rag", weights.amber if entry.rag == "amber" else weights.red, f"{bucket} {entry.rag}")
            )
    return reasons


def _kpis(p: Partnership, weights: Weights) -> list[Reason]:
    reasons = []
    for kpi in p.kpis.kpis if p.kpis else ():
        attainment = kpi.attainment()
        if attainment is not None and attainment < 1:
            shortfall = 1 - max(0.0, attainment)
            reasons.append(
                Reason(
                    "kpis", round(weights.kpi * shortfall, 1), f"KPI {kpi.id} at {max(0.0, attainment):.0%} of target"
                )
            )
    return reasons


def _risks(p: Partnership, weights: Weights) -> list[Reason]:
    reasons = []
    for risk in p.risks.risks if p.risks else ():
        if risk.status in ("open", "mitigating"):
            share = 1.0 if risk.status == "open" else 0.5
            reasons.append(
                Reason(
                    "risks",
                    round(weights.risk * share * risk.exposure / 25, 1),
                    f"risk {risk.id} ({risk.likelihood}x{risk.impact}) {risk.status}",
                )
            )
    return reasons


def _from_findings(diagnostics: list[Diagnostic], weights: Weights) -> list[Reason]:
    hygiene, agreements, errors = Counter[str](), Counter[str](), 0
    for d in diagnostics:
        if d.code in HYGIENE:
            hygiene[d.code] += 1
        elif d.code in AGREEMENT:
            agreements[d.code] += 1
        elif d.severity is Severity.ERROR:
            errors += 1
    found = [
        Reason("hygiene", getattr(weights, HYGIENE[code]) * n, _counted(code, n)) for code, n in sorted(hygiene.items())
    ]
    reasons = _capped(found, weights.hygiene_cap, "hygiene")
    reasons += [
        Reason("agreements", getattr(weights, AGREEMENT[code]) * n, _counted(code, n))
        for code, n in sorted(agreements.items())
    ]
    if errors:
        reasons.append(
            Reason(
                "lint",
                min(weights.lint_error * errors, weights.lint_cap),
                f"{errors} other lint error{'s' if errors > 1 else ''}",
            )
        )
    return reasons


_WORDS = {
    "PK603": ("stale rating", "stale ratings"),
    "PK803": ("missed review", "missed reviews"),
    "PK801": ("overdue action", "overdue actions"),
    "PK701": ("no signed agreement", "no signed agreement"),
    "PK702": ("expired agreement", "expired agreements"),
    "PK703": ("renewal decision due", "renewal decisions due"),
}


def _counted(code: str, n: int) -> str:
    singular, plural = _WORDS[code]
    return singular if n == 1 else f"{n} {plural}"


def _capped(reasons: list[Reason], cap: float, component: str) -> list[Reason]:
    """The reasons, scaled down together so that they cost at most ``cap``."""
    total = sum(r.points for r in reasons)
    if total <= cap or total == 0:
        return reasons
    factor = cap / total
    return [Reason(component, round(r.points * factor, 1), r.text + " (capped)") for r in reasons]
