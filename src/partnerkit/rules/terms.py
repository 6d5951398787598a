"""Structured agreement terms: service levels are measured and kept, incentives and penalties
name real KPIs, and revenue-share tiers read in order."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.agreements import Agreement
from partnerkit.model.kpis import Kpi
from partnerkit.model.portfolio import Partnership
from partnerkit.model.terms import Sla
from partnerkit.model.units import compact, with_unit
from partnerkit.rules.base import Context, found, rule

AGREEMENTS = "agreements.yaml"
_RUNNING = ("onboarding", "active", "renewal")
_SPENT = ("expired", "terminated", "superseded")
"""Agreements no longer in force: their terms are history."""


def _stage(p: Partnership) -> str:
    return p.charter.stage if p.charter else ""


def _agreements(p: Partnership) -> list[Agreement]:
    return p.agreements.agreements if p.agreements else []


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def _kpi_ids(p: Partnership) -> set[str]:
    return {k.id for k in p.kpis.kpis} if p.kpis else set()


def _level(sla: Sla, value: float, kpi: Kpi) -> str:
    return with_unit(value, sla.unit or kpi.unit)


@rule(
    "PK706",
    "sla-breached",
    Severity.ERROR,
    "A service level of a signed agreement is breached: its KPI's latest measurement is worse than the target.",
    why="A service-level commitment is only worth what its measurement shows. When the KPI that measures it "
    "falls short of the committed level, the agreed penalty (service credits, a reduced fee) is owed and the "
    "partner expects a remedy; finding it in the records first keeps the conversation on facts.",
    bad="sla:\n  - {id: uptime, metric: availability, target: 99.95, unit: '%', kpi: K1,\n"
    "     penalty: 10% service credit}\n# kpis.yaml: K1's latest measurement is 99.9",
    good="sla:\n  - {id: uptime, metric: availability, target: 99.95, unit: '%', kpi: K1,\n"
    "     penalty: 10% service credit}\n# kpis.yaml: K1's latest measurement is 99.97",
)
def sla_breached(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if _stage(p) not in _RUNNING:
        return
    for i, agreement in enumerate(_agreements(p)):
        if agreement.status != "signed":
            continue
        for j, sla in enumerate(agreement.sla):
            kpi = p.kpi(sla.kpi) if sla.kpi is not None else None
            if kpi is None or kpi.latest is None or not sla.breached(kpi):
                continue
            bound = "maximum" if (sla.direction or kpi.direction) == "down" else "minimum"
            penalty = f"penalty: {sla.penalty}" if sla.penalty else "no penalty is recorded"
            yield found(
                p.file(AGREEMENTS),
                ("agreements", i, "sla", j),
                f"SLA {sla.id!r} ({sla.metric}) of agreement {agreement.id!r} is breached: KPI {kpi.id!r} measured "
                f"{_level(sla, kpi.latest.value, kpi)} on {kpi.latest.date} against a committed {bound} of "
                f"{_level(sla, sla.target, kpi)}; {penalty}",
                "restore the service level and record the next measurement in kpis.yaml; agree the remedy "
                "with the partner and track it as an action"
                + ("" if sla.penalty else "; record the agreed consequence of a breach as `penalty:`"),
            )


@rule(
    "PK707",
    "sla-without-kpi",
    Severity.WARNING,
    "A service level names no KPI that measures it, or names one that is not in kpis.yaml.",
    why="A service level nobody measures cannot be shown to be met, nor its penalty claimed or refused: "
    "link each commitment to the KPI that tracks it, so a breach shows up in the records.",
    bad="sla:\n  - {id: p1-response, metric: P1 response time, target: 15, unit: minutes}",
    good="sla:\n  - {id: p1-response, metric: P1 response time, target: 15, unit: minutes, kpi: K3}",
)
def sla_without_kpi(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if _stage(p) == "ended":
        return
    ids = _kpi_ids(p)
    for i, agreement in enumerate(_agreements(p)):
        if agreement.status in _SPENT:
            continue
        for j, sla in enumerate(agreement.sla):
            if sla.kpi is None:
                yield found(
                    p.file(AGREEMENTS),
                    ("agreements", i, "sla", j),
                    f"SLA {sla.id!r} ({sla.metric}) of agreement {agreement.id!r} names no KPI that measures it",
                    "add `kpi:` with the id of the KPI in kpis.yaml that tracks it (add such a KPI if there is none)",
                )
            elif sla.kpi not in ids and not p.failed("kpis.yaml"):
                yield found(
                    p.file(AGREEMENTS),
                    ("agreements", i, "sla", j, "kpi"),
                    f"SLA {sla.id!r} of agreement {agreement.id!r} names KPI {sla.kpi!r}, which is not in kpis.yaml",
                    _suggest(sla.kpi, ids) or "add the KPI to kpis.yaml, or correct the id",
                )


@rule(
    "PK708",
    "term-condition-unknown-kpi",
    Severity.WARNING,
    "An incentive, a penalty or a tiered revenue share names a KPI that is not in kpis.yaml.",
    why="Incentives and penalty clauses tie rewards and consequences to measured outcomes; a condition on a KPI "
    "that does not exist can never be shown to be met, so the reward or the consequence is left to argument.",
    bad="incentives:\n  - {id: I1, kind: rebate, when: K9 >= 1500000, reward: 2% rebate}   # no K9",
    good="incentives:\n  - {id: I1, kind: rebate, when: K1 >= 1500000, reward: 2% rebate}",
)
def term_condition_unknown_kpi(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.failed("kpis.yaml"):
        return
    ids = _kpi_ids(p)
    for i, agreement in enumerate(_agreements(p)):
        named: list[tuple[str, tuple[str | int, ...], str]] = []
        named += [
            (f"incentive {x.id!r}", ("incentives", j, "when"), x.when.kpi) for j, x in enumerate(agreement.incentives)
        ]
        named += [
            (f"penalty {x.id!r}", ("penalties", j, "when"), x.when.kpi) for j, x in enumerate(agreement.penalties)
        ]
        share = agreement.revenue_share
        if share is not None and share.kpi is not None:
            named.append(("the revenue share", ("revenue_share", "kpi"), share.kpi))
        for what, path, kpi in named:
            if kpi not in ids:
                yield found(
                    p.file(AGREEMENTS),
                    ("agreements", i, *path),
                    f"{what} of agreement {agreement.id!r} names KPI {kpi!r}, which is not in kpis.yaml",
                    _suggest(kpi, ids) or "add the KPI to kpis.yaml, or correct the id",
                )


@rule(
    "PK709",
    "revenue-share-inconsistent",
    Severity.WARNING,
    "Revenue-share tiers are out of order, repeat a threshold, or leave revenue below the first tier unshared.",
    why="A tiered split is read from the lowest threshold up: each tier applies from its `from` until the next "
    "one starts. Tiers out of order or repeated make two readings of the same contract possible, and a first "
    "tier above zero leaves the revenue below it without an agreed split.",
    bad="revenue_share:\n  tiers:\n    - {from: 1000000, us: 70}\n    - {from: 0, us: 80}",
    good="revenue_share:\n  kpi: K1\n  tiers:\n    - {from: 0, us: 80}\n    - {from: 1000000, us: 70}",
)
def revenue_share_inconsistent(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, agreement in enumerate(_agreements(p)):
        share = agreement.revenue_share
        if share is None or not share.tiers:
            continue
        where = ("agreements", i, "revenue_share", "tiers")
        first = share.tiers[0]
        if first.from_ > 0:
            yield found(
                p.file(AGREEMENTS),
                (*where, 0, "from"),
                f"the revenue share of agreement {agreement.id!r} starts at {compact(first.from_)}: "
                "revenue below that has no agreed split",
                "start the first tier at `from: 0` (with the split that applies below the first threshold)",
            )
        for k in range(1, len(share.tiers)):
            before, tier = share.tiers[k - 1], share.tiers[k]
            if tier.from_ <= before.from_:
                how = "repeats" if tier.from_ == before.from_ else "is below"
                yield found(
                    p.file(AGREEMENTS),
                    (*where, k, "from"),
                    f"revenue-share tier #{k + 1} of agreement {agreement.id!r} starts at {compact(tier.from_)}, "
                    f"which {how} the threshold of the tier before it ({compact(before.from_)})",
                    "list the tiers lowest threshold first, each starting above the one before",
                )
