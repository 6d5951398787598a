"""Return on investment: what a partnership brought in against what we put into it. Pure.

    ROI = (value - cost) / cost

``value`` is the value attributed to the partnership over the period (financials.yaml's
``kind: value`` entries on our side, and the KPIs marked ``value: revenue`` or ``value:
savings``); ``cost`` is what our side invested and spent on it (``kind: investment`` and ``kind:
cost`` entries, and KPIs marked ``value: cost``). The partner's own amounts are recorded, and
shown, but are not ours to count. The period runs from ``since`` (by default the earliest
amount counted) to the as-of day; an amount dated after it is not counted yet.

No double counting: a value KPI is counted only when financials.yaml records no entries of its
sort on our side (a revenue KPI: no revenue or influenced-revenue entries; a savings KPI: no
savings entries; a cost KPI: no investment or cost entries). Entries, being dated amounts, win;
the inputs say which KPI was left out and why.

A cumulative KPI counts its running total (less, with ``since``, its last value before that
day); a level KPI its latest value (trailing-twelve-month bookings, say).

Currency is explicit: every amount is in its own currency, converted to the reporting currency
with partnerkit.yaml's ``rates``. Amounts in two currencies that cannot both be converted are
never summed: the ROI is then not computed and ``problem`` says why. A partnership whose amounts
are all in one currency has an ROI in that currency even without a rate (a ratio needs none),
but the portfolio cannot add it to the others.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from partnerkit.model.financials import recorded_instead
from partnerkit.model.kpis import Kpi
from partnerkit.model.money import is_currency, money
from partnerkit.model.portfolio import Partnership

FINANCIALS = "financials.yaml"
TOP = 3
"""Concentration is the share of value that comes from this many partners."""


@dataclass(frozen=True)
class Roi:
    currency: str | None  # the currency of value and cost (None when they could not be summed)
    value: float  # attributed value over the period (recorded values + value KPIs)
    cost: float  # our investments and costs over the period
    ratio: float | None  # (value - cost) / cost; None when cost is 0 or the money is unknown
    since: dt.date | None  # the period's start (earliest dated amount, or the `since` asked for)
    until: dt.date  # the as-of date
    inputs: tuple[str, ...]  # what went in, in words: "value: 2 entries, 1.2M EUR; KPI K1 revenue 800k EUR; ..."
    problem: str | None  # why it could not be computed, e.g. "amounts in EUR and USD, and no rate for USD in ..."

    def words(self) -> str:
        """'ROI 300% (value 800k EUR, cost 200k EUR, 2026-01-01 to 2026-11-25)', or why there is none."""
        period = f"{self.since} to {self.until}" if self.since else f"to {self.until}"
        if self.ratio is None:
            known = f" (value {money(self.value, self.currency)}, cost {money(self.cost, self.currency)}, {period})"
            return f"ROI unknown: {self.problem}" + (known if self.currency and (self.value or self.cost) else "")
        return (
            f"ROI {percent(self.ratio)} (value {money(self.value, self.currency)}, "
            f"cost {money(self.cost, self.currency)}, {period})"
        )


def percent(ratio: float) -> str:
    """3.0 -> '300%', -0.25 -> '-25%', 0.0412 -> '4%'."""
    return f"{ratio * 100:.0f}%"


@dataclass(frozen=True)
class _Amount:
    value: bool  # attributed value (True) or our cost
    amount: float
    currency: str
    start: dt.date  # the earliest day it covers, for the period's start


def roi(
    p: Partnership, as_of: dt.date, currency: str | None, rates: Mapping[str, float], since: dt.date | None = None
) -> Roi | None:
    """None when the partnership records no money at all."""
    f = p.financials
    value_kpis = [k for k in (p.kpis.kpis if p.kpis else ()) if k.value]
    if p.failed(FINANCIALS):
        return Roi(None, 0.0, 0.0, None, since, as_of, (), f"{FINANCIALS} could not be read in full")
    if not (f and f.entries) and not value_kpis:
        return None
    amounts: list[_Amount] = []
    inputs: list[str] = []
    notes: list[str] = []
    if f:
        counted, later, earlier, theirs = [], 0, 0, []
        for e in f.entries:
            if e.side != "us":
                theirs.append(e)
            elif e.date > as_of:
                later += 1
            elif since and e.date < since:
                earlier += 1
            else:
                counted.append(e)
                amounts.append(_Amount(not e.spent, e.amount, f.currency_of(e), e.date))
        for is_value, noun in ((True, "value"), (False, "cost")):
            mine = [e for e in counted if e.spent != is_value]
            if mine:
                inputs.append(f"{noun}: {_entries(len(mine))}, {_sums((f.currency_of(e), e.amount) for e in mine)}")
        if later:
            notes.append(f"{_entries(later)} dated after {as_of} not counted yet")
        if earlier:
            notes.append(f"{_entries(earlier)} before {since} not counted")
        if theirs:
            total = _sums((f.currency_of(e), e.amount) for e in theirs)
            notes.append(f"the partner's side: {_entries(len(theirs))}, {total} (not counted: ROI is ours)")
    if p.failed("kpis.yaml"):
        notes.append("kpis.yaml could not be read in full: a value KPI in it may be missing")
    for k in value_kpis:
        counted_kpi = _kpi(k, p, as_of, since, inputs, notes)
        if counted_kpi:
            amounts.append(counted_kpi)
    start = since or min((a.start for a in amounts), default=None)
    used = sorted({a.currency for a in amounts})
    factors, target, problem = _conversion(used, currency, rates)
    if factors is None:
        return Roi(None, 0.0, 0.0, None, start, as_of, tuple(inputs + notes), problem)
    converted = [c for c in used if c != target]
    if converted:
        inputs.append(f"rates to {target}: " + ", ".join(f"{c} {rates[c]:g}" for c in converted))
    value = sum(a.amount * factors[a.currency] for a in amounts if a.value)
    cost = sum(a.amount * factors[a.currency] for a in amounts if not a.value)
    if not amounts:
        problem = f"nothing recorded from {since} to {as_of}" if since else f"nothing recorded by {as_of}"
    elif cost == 0:
        problem = "no cost of ours is recorded, so there is nothing to return on"
    ratio = (value - cost) / cost if cost > 0 and problem is None else None
    return Roi(target, value, cost, ratio, start, as_of, tuple(inputs + notes), problem)


def _kpi(
    k: Kpi, p: Partnership, as_of: dt.date, since: dt.date | None, inputs: list[str], notes: list[str]
) -> _Amount | None:
    """A value KPI as an amount, saying in ``inputs`` what it counted or in ``notes`` why not."""
    sort = k.value or ""
    if not is_currency(k.unit):
        notes.append(f"KPI {k.id} not counted: its unit {k.unit or 'none'} is not a currency code")
        return None
    if recorded_instead(p.financials, k):
        notes.append(f"KPI {k.id} ({sort}) not counted: {FINANCIALS} records {sort} entries, which win")
        return None
    measured = sorted((m for m in k.measurements if m.date <= as_of), key=lambda m: m.date)
    if not measured:
        notes.append(f"KPI {k.id} ({sort}) not counted: not measured by {as_of}")
        return None
    latest, unit = measured[-1], (k.unit or "").strip()
    amount, start, said = latest.value, latest.date, f"{money(latest.value, unit)} on {latest.date}"
    if k.kind == "cumulative":
        before = [m for m in measured if since and m.date < since]
        start = k.baseline_date or measured[0].date
        if before:
            amount -= before[-1].value
            start = since or start
            was = before[-1]
            said = f"{money(amount, unit)} ({said} less {money(was.value, unit)} on {was.date})"
    inputs.append(f"KPI {k.id} {sort}: {said}")
    return _Amount(sort != "cost", amount, unit, start)


def _conversion(
    used: list[str], currency: str | None, rates: Mapping[str, float]
) -> tuple[dict[str, float] | None, str | None, str | None]:
    """(each used currency's factor to the target, the target, None), or (None, None, why not)."""
    if currency and all(c == currency or c in rates for c in used):
        return {c: 1.0 if c == currency else rates[c] for c in used}, currency, None
    if len(used) <= 1:
        return dict.fromkeys(used, 1.0), (used[0] if used else currency), None
    if currency:
        missing = [c for c in used if c != currency and c not in rates]
        return None, None, f"amounts in {_and(used)}, and no rate for {_and(missing)} in partnerkit.yaml"
    return None, None, f"amounts in {_and(used)}, and partnerkit.yaml sets no reporting `currency:` and `rates:`"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _entries(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'}"


def _sums(amounts: Iterable[tuple[str, float]]) -> str:
    """'1.2M EUR', or '1.2M EUR + 200k USD' in the order the currencies first appear."""
    totals: dict[str, float] = {}
    for currency, amount in amounts:
        totals[currency] = totals.get(currency, 0.0) + amount
    return " + ".join(money(total, currency) for currency, total in totals.items())


# --- the portfolio ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """Value and cost summed over some partnerships (a tier, the whole portfolio)."""

    value: float
    cost: float
    partnerships: int

    @property
    def ratio(self) -> float | None:
        return (self.value - self.cost) / self.cost if self.cost > 0 else None


@dataclass(frozen=True)
class PortfolioRoi:
    """ROI across the partnerships whose own ROI could be worked out, in one currency.

    ``by_tier`` follows the order tiers first appear; ``top`` is the (up to three) partners
    bringing the most value, with their value; ``concentration`` the share of all value they
    bring (None when there is no value). ``left_out`` says which partnerships with money recorded
    were not summed, and why."""

    currency: str | None
    total: Group
    by_tier: dict[str, Group] = field(default_factory=dict)
    top: tuple[tuple[str, float], ...] = ()
    concentration: float | None = None
    left_out: tuple[str, ...] = ()

    @property
    def ratio(self) -> float | None:
        return self.total.ratio

    def words(self) -> str:
        """'ROI 210% on 3 partnerships (value 4.1M EUR, cost 1.3M EUR); by tier: ...; top 3 partners 92% of value'."""
        t, c = self.total, self.currency
        if t.partnerships == 0:
            return "ROI not worked out for any partnership" + (
                f" ({'; '.join(self.left_out)})" if self.left_out else ""
            )
        head = (
            f"ROI {percent(self.ratio)}" if self.ratio is not None else "ROI unknown"
        ) + f" on {t.partnerships} partnership{'s' if t.partnerships != 1 else ''}"
        parts = [f"{head} (value {money(t.value, c)}, cost {money(t.cost, c)})"]
        if self.by_tier:
            parts.append(
                "by tier: "
                + ", ".join(
                    f"{tier} {percent(g.ratio) if g.ratio is not None else 'unknown'}"
                    for tier, g in self.by_tier.items()
                )
            )
        if self.concentration is not None:
            parts.append(f"top {len(self.top)} partners {percent(self.concentration)} of value")
        if self.left_out:
            parts.append(f"not summed: {'; '.join(self.left_out)}")
        return "; ".join(parts)


def portfolio_roi(rois: Iterable[tuple[str, str, str, Roi | None]]) -> PortfolioRoi | None:
    """The portfolio's ROI from (partnership id, tier, partner, its Roi) for each partnership;
    None when no partnership records money. Summed in the currency most of them are in (the
    reporting currency, when partnerkit.yaml sets one and rates reach it)."""
    recorded = [(pid, tier, partner, r) for pid, tier, partner, r in rois if r is not None]
    if not recorded:
        return None
    computed = [(pid, tier, partner, r) for pid, tier, partner, r in recorded if r.ratio is not None]
    counts = Counter(r.currency for _, _, _, r in computed)
    currency = min(counts, key=lambda c: (-counts[c], c or "")) if counts else None
    summed = [(pid, tier, partner, r) for pid, tier, partner, r in computed if r.currency == currency]
    left_out = []
    for pid, _, _, r in recorded:
        if r.ratio is None:
            left_out.append(f"{pid}: {r.problem}")
        elif r.currency != currency:
            left_out.append(f"{pid}: in {r.currency}, with no rate to {currency}")
    tiers: dict[str, list[Roi]] = {}
    partners: dict[str, float] = {}
    for _, tier, partner, r in summed:
        tiers.setdefault(tier or "no tier", []).append(r)
        partners[partner] = partners.get(partner, 0.0) + r.value
    total = _group(r for _, _, _, r in summed)
    top = tuple(sorted(partners.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP])
    share = sum(v for _, v in top) / total.value if total.value > 0 else None
    return PortfolioRoi(
        currency,
        total,
        {tier: _group(found) for tier, found in tiers.items()},
        top,
        share,
        tuple(left_out),
    )


def _group(rois: Iterable[Roi]) -> Group:
    found = list(rois)
    return Group(sum(r.value for r in found), sum(r.cost for r in found), len(found))
