"""Renewal criteria: the charter's performance thresholds for renewing name real KPIs."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.portfolio import Partnership
from partnerkit.rules.base import Context, found, rule

CHARTER = "charter.yaml"


@rule(
    "PK715",
    "renewal-criterion-unknown-kpi",
    Severity.WARNING,
    "A renewal criterion in the charter names a KPI that is not in kpis.yaml.",
    why="Renewal criteria turn the renewal decision into a check of agreed thresholds (`K2 >= 80% of plan`). "
    "A criterion on a KPI that does not exist can never be shown to be met, so the steering committee is "
    "back to arguing from impressions when the contract comes up for renewal.",
    bad="renewal_criteria:\n  - K9 >= 80% of plan   # kpis.yaml has no K9",
    good="renewal_criteria:\n  - K2 >= 80% of plan\n  - K1 >= 99.9",
)
def renewal_criterion_unknown_kpi(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.charter is None or p.failed("kpis.yaml"):
        return
    ids = [k.id for k in p.kpis.kpis] if p.kpis else []
    for i, criterion in enumerate(p.charter.renewal_criteria):
        if criterion.kpi not in ids:
            close = difflib.get_close_matches(criterion.kpi, ids, n=1, cutoff=0.6)
            yield found(
                p.file(CHARTER),
                ("renewal_criteria", i),
                f"renewal criterion {str(criterion)!r} names KPI {criterion.kpi!r}, which is not in kpis.yaml",
                f"did you mean `{close[0]}`?" if close else "add the KPI to kpis.yaml, or correct the id",
            )
