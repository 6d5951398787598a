"""The partnership's money (financials.yaml, and KPIs marked ``value:``): explicit currencies that
can be summed, amounts recorded once they happened, and enough recorded to work out an ROI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from partnerkit.diagnostics import DataPath, Finding, Severity
from partnerkit.model.financials import Financials, recorded_instead
from partnerkit.model.money import CURRENCIES, is_currency, money
from partnerkit.model.portfolio import Partnership
from partnerkit.rules.base import Context, found, rule

FINANCIALS = "financials.yaml"
KPIS = "kpis.yaml"


@dataclass(frozen=True)
class _Place:
    """Where an amount in some currency is written."""

    currency: str
    file: str
    path: DataPath
    what: str  # 'entry F4', 'KPI K2'


def _money_places(p: Partnership) -> list[_Place]:
    """Every amount of ours the ROI counts, with its currency, in file order: our entries (a
    default currency is written at the file's `currency:`), then the value KPIs it counts."""
    places = []
    f = None if p.failed(FINANCIALS) else p.financials
    if f:
        for i, e in f.ours():
            path: DataPath = ("entries", i, "currency") if e.currency else ("currency",)
            places.append(_Place(f.currency_of(e), FINANCIALS, path, f"entry {e.id}"))
    for i, k in enumerate(p.kpis.kpis if p.kpis else ()):
        if k.value and is_currency(k.unit) and not recorded_instead(f, k):
            places.append(_Place((k.unit or "").strip(), KPIS, ("kpis", i, "unit"), f"KPI {k.id}"))
    return places


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


@rule(
    "PK711",
    "currency-mixed-without-rate",
    Severity.WARNING,
    "Amounts are in a currency that partnerkit.yaml gives no rate for, so they cannot be summed with the rest.",
    why="Currency is explicit: 100,000 USD and 100,000 EUR are not 200,000 of anything. Amounts in a currency "
    "with no rate to the reporting currency are never added to the others, so the partnership's ROI (when it "
    "mixes currencies) or the portfolio's (when the partnership is in another currency) cannot be worked out "
    "until the rate is set.",
    bad="# partnerkit.yaml: currency: EUR, no rates\ncurrency: EUR\nentries:\n"
    "  - {id: F1, date: 2026-03-31, kind: cost, category: people, amount: 90000}\n"
    "  - {id: F2, date: 2026-09-30, kind: value, category: revenue, amount: 350000, currency: USD}",
    good="# partnerkit.yaml\ncurrency: EUR\nrates: {USD: 0.92}",
)
def currency_mixed_without_rate(p: Partnership, ctx: Context) -> Iterator[Finding]:
    places = _money_places(p)
    used = list(dict.fromkeys(place.currency for place in places))
    config = ctx.portfolio.config
    target, rates = config.currency, config.rates
    if target is None:
        if len(used) < 2:
            return
        first = next(place for place in places if place.currency == used[1])
        yield found(
            p.file(first.file),
            first.path,
            f"the partnership's amounts are in {_and(used)} ({first.what} in {used[1]}), and partnerkit.yaml sets no "
            "reporting currency to convert them to, so its ROI cannot be worked out",
            f"set `currency: {used[0]}` and `rates: {{{', '.join(f'{c}: rate' for c in used[1:])}}}` in "
            f"partnerkit.yaml (what one {used[1]} is worth in {used[0]}), or record every amount in one currency",
        )
        return
    for currency in used:
        if currency == target or currency in rates:
            continue
        first = next(place for place in places if place.currency == currency)
        what = (
            "so the partnership's ROI cannot be worked out"
            if len(used) > 1
            else f"so its ROI cannot be added to the portfolio's, which is in {target}"
        )
        yield found(
            p.file(first.file),
            first.path,
            f"{first.what} is in {currency}, and partnerkit.yaml has no rate from {currency} to {target}: {what}",
            f"add `rates: {{{currency}: ...}}` to partnerkit.yaml (what one {currency} is worth in {target}), "
            f"or record the amount in {target}",
        )


@rule(
    "PK712",
    "kpi-value-without-currency",
    Severity.WARNING,
    "A KPI marked as money (`value:`) has a unit that is not a currency code.",
    why="A KPI marked `value: revenue`, `savings` or `cost` counts in the partnership's ROI in its unit's "
    "currency. A unit such as 'deals', 'k EUR' or 'eur' says no currency partnerkit can sum, so the KPI is left "
    "out of the ROI and the value it measures goes unseen.",
    bad="- id: K2\n  name: Partner-sourced revenue\n  unit: k EUR\n  value: revenue",
    good="- id: K2\n  name: Partner-sourced revenue\n  unit: EUR\n  value: revenue",
)
def kpi_value_without_currency(p: Partnership, ctx: Context) -> Iterator[Finding]:
    for i, k in enumerate(p.kpis.kpis if p.kpis else ()):
        if k.value is None or is_currency(k.unit):
            continue
        unit = (k.unit or "").strip()
        code = unit.upper()
        if code in CURRENCIES:
            hint = f"write `unit: {code}`: currencies are ISO 4217 codes in capitals"
        else:
            hint = (
                "write the unit as a currency code (EUR, USD, GBP) and the measurements in that currency, "
                "or remove `value:` if the KPI is not money"
            )
        yield found(
            p.file(KPIS),
            ("kpis", i, "unit") if k.unit else ("kpis", i, "value"),
            f"KPI {k.id} is marked `value: {k.value}`, but its unit "
            + (f"{unit!r} is not a currency code" if unit else "is not given")
            + ", so it is left out of the ROI",
            hint,
        )


@rule(
    "PK713",
    "financial-entry-in-future",
    Severity.WARNING,
    "An amount in financials.yaml is dated after today.",
    why="financials.yaml records money that was spent or earned. An amount dated in the future is a budget or "
    "a forecast: it is not counted in the ROI until its day comes, and counting it then would report money "
    "nobody checked was really spent or earned. Budgets still to be spent are the joint business plan's "
    "commitments.",
    bad="- {id: F9, date: 2027-03-31, kind: investment, category: mdf, amount: 50000}   # today is 2026-11-25",
    good="# plan.yaml\ncommitments:\n  - {id: C4, side: us, what: Market development funds, amount: 50000, unit: EUR, "
    "due: 2027-03-31}",
)
def financial_entry_in_future(p: Partnership, ctx: Context) -> Iterator[Finding]:
    f = p.financials
    for i, e in enumerate(f.entries if f else ()):
        if f and e.date > ctx.as_of:
            whose = "" if e.side == "us" else "the partner's "
            yield found(
                p.file(FINANCIALS),
                ("entries", i, "date"),
                f"{whose}entry {e.id} ({e.kind}, {e.category}, {money(e.amount, f.currency_of(e))}) is dated {e.date}, "
                f"after today ({ctx.as_of}): it is not counted until then",
                "record an amount once it is spent or earned, dated the day it was (or the last day of the period "
                "it covers); money still to be spent belongs in plan.yaml's commitments",
            )


@rule(
    "PK714",
    "value-without-cost",
    Severity.INFO,
    "Value is recorded for the partnership but no cost of ours, so its ROI is unknown.",
    why="Return on investment is (value - cost) / cost: value with no cost beside it is not a return on "
    "anything. Usually the cost was simply never written down (the partner manager's time, the engineers, "
    "the market development funds); record it, and the ROI shows.",
    bad="currency: EUR\nentries:\n  - {id: F1, date: 2026-09-30, kind: value, category: revenue, amount: 350000}",
    good="currency: EUR\nentries:\n  - {id: F1, date: 2026-09-30, kind: value, category: revenue, amount: 350000}\n"
    "  - {id: F2, date: 2026-06-30, kind: cost, category: people, amount: 90000}",
)
def value_without_cost(p: Partnership, ctx: Context) -> Iterator[Finding]:
    if p.failed(FINANCIALS) or p.failed(KPIS):
        return  # a cost may be in what could not be read
    f: Financials | None = p.financials
    ours = [e for _, e in f.ours()] if f else []
    kpis = [
        (i, k)
        for i, k in enumerate(p.kpis.kpis if p.kpis else ())
        if k.value and is_currency(k.unit) and any(m.date <= ctx.as_of for m in k.measurements)
    ]
    if any(e.spent and e.date <= ctx.as_of for e in ours) or any(k.value == "cost" for _, k in kpis):
        return
    values = [e for e in ours if not e.spent and e.date <= ctx.as_of]
    value_kpis = [(i, k) for i, k in kpis if k.value != "cost"]
    if not (values or value_kpis):
        return
    said = [f"{len(values)} entr{'y' if len(values) == 1 else 'ies'}"] if values else []
    said += [f"KPI {k.id}" for _, k in value_kpis]
    first = next((i for i, e in f.ours() if not e.spent and e.date <= ctx.as_of), None) if f else None
    file, path = (FINANCIALS, ("entries", first)) if first is not None else (KPIS, ("kpis", value_kpis[0][0], "value"))
    yield found(
        p.file(file),
        path,
        f"value is recorded ({', '.join(said)}) but no cost of ours, so the partnership's return on investment "
        "cannot be worked out",
        "record in financials.yaml what we invest and spend on the partnership (`kind: investment` or "
        "`kind: cost`: people, mdf, engineering, fees), dated",
    )
