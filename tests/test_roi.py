"""Return on investment (health/roi.py): the formula, currencies, value KPIs, the period, the portfolio."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partnerkit.health.roi import Roi, portfolio_roi, roi
from partnerkit.model.financials import Financials
from partnerkit.model.kpis import KpiSet
from partnerkit.model.portfolio import Partnership

AS_OF = dt.date(2026, 11, 25)


def partnership(entries: list[dict[str, Any]] | None = None, currency: str = "EUR", kpis: Any = None) -> Partnership:
    p = Partnership("partnerships/acme")
    if entries is not None:
        p.financials = Financials.model_validate({"currency": currency, "entries": entries})
        p.present.add("financials.yaml")
    if kpis is not None:
        p.kpis = KpiSet.model_validate({"kpis": kpis})
        p.present.add("kpis.yaml")
    return p


def entry(i: int, kind: str, amount: float, day: str = "2026-06-30", **more: Any) -> dict[str, Any]:
    category = more.pop("category", "revenue" if kind == "value" else "people")
    return {"id": f"F{i}", "date": day, "kind": kind, "category": category, "amount": amount, **more}


def revenue_kpi(**more: Any) -> dict[str, Any]:
    return {
        "id": "K1",
        "name": "Partner-sourced revenue",
        "bucket": "Monetize",
        "unit": "EUR",
        "kind": "cumulative",
        "value": "revenue",
        "measurements": [{"date": "2026-03-31", "value": 300000}, {"date": "2026-09-30", "value": 800000}],
        **more,
    }


def test_the_practice_example_is_300_percent() -> None:
    """A co-marketing campaign that costs 200,000 and brings 800,000 of incremental sales."""
    p = partnership([entry(1, "cost", 200000, category="mdf"), entry(2, "value", 800000)])
    r = roi(p, AS_OF, "EUR", {})
    assert r is not None and r.ratio == pytest.approx(3.0)
    assert (r.currency, r.value, r.cost, r.since, r.until, r.problem) == (
        "EUR",
        800000,
        200000,
        dt.date(2026, 6, 30),
        AS_OF,
        None,
    )
    assert r.inputs == ("value: 1 entry, 800k EUR", "cost: 1 entry, 200k EUR")
    assert r.words() == "ROI 300% (value 800k EUR, cost 200k EUR, 2026-06-30 to 2026-11-25)"


def test_no_money_recorded_is_none() -> None:
    assert roi(partnership(), AS_OF, "EUR", {}) is None
    assert roi(partnership([]), AS_OF, "EUR", {}) is None
    assert (
        roi(partnership(kpis=[{"id": "K1", "name": "x", "bucket": "Build", "unit": "EUR"}]), AS_OF, "EUR", {}) is None
    )


def test_investments_and_costs_are_cost_and_the_partner_side_is_not_counted() -> None:
    p = partnership(
        [
            entry(1, "investment", 100000, "2026-01-15", category="engineering"),
            entry(2, "cost", 50000),
            entry(3, "cost", 70000, side="partner", category="mdf"),
            entry(4, "value", 300000, category="savings"),
        ]
    )
    r = roi(p, AS_OF, "EUR", {})
    assert r is not None and (r.value, r.cost, r.ratio, r.since) == (300000, 150000, 1.0, dt.date(2026, 1, 15))
    assert "the partner's side: 1 entry, 70k EUR (not counted: ROI is ours)" in r.inputs


def test_future_entries_wait_and_since_narrows_the_period() -> None:
    p = partnership(
        [entry(1, "cost", 100000, "2025-12-31"), entry(2, "cost", 100000), entry(3, "value", 500000, "2026-12-31")]
    )
    r = roi(p, AS_OF, "EUR", {})
    assert r is not None and (r.value, r.cost, r.ratio) == (0, 200000, -1.0)
    assert "1 entry dated after 2026-11-25 not counted yet" in r.inputs
    narrowed = roi(p, AS_OF, "EUR", {}, since=dt.date(2026, 1, 1))
    assert narrowed is not None and (narrowed.cost, narrowed.since) == (100000, dt.date(2026, 1, 1))
    assert "1 entry before 2026-01-01 not counted" in narrowed.inputs


def test_value_without_cost_has_no_ratio() -> None:
    r = roi(partnership([entry(1, "value", 500000)]), AS_OF, "EUR", {})
    assert r is not None and r.ratio is None and r.value == 500000
    assert r.problem == "no cost of ours is recorded, so there is nothing to return on"


def test_amounts_are_converted_with_the_rates() -> None:
    p = partnership([entry(1, "cost", 100000), entry(2, "value", 500000, currency="USD")])
    r = roi(p, AS_OF, "EUR", {"USD": 0.9})
    assert r is not None and r.currency == "EUR" and r.value == pytest.approx(450000) and r.ratio == pytest.approx(3.5)
    assert r.inputs[-1] == "rates to EUR: USD 0.9"


def test_mixing_currencies_without_a_rate_is_a_problem_never_a_sum() -> None:
    p = partnership([entry(1, "cost", 100000), entry(2, "value", 500000, currency="USD")])
    r = roi(p, AS_OF, "EUR", {})
    assert r is not None and (r.currency, r.ratio, r.value, r.cost) == (None, None, 0, 0)
    assert r.problem == "amounts in EUR and USD, and no rate for USD in partnerkit.yaml"
    unset = roi(p, AS_OF, None, {})
    assert unset is not None and unset.problem == (
        "amounts in EUR and USD, and partnerkit.yaml sets no reporting `currency:` and `rates:`"
    )


def test_one_foreign_currency_needs_no_rate_for_its_own_ratio() -> None:
    p = partnership([entry(1, "cost", 100000), entry(2, "value", 300000)], currency="USD")
    r = roi(p, AS_OF, "EUR", {})
    assert r is not None and (r.currency, r.ratio) == ("USD", 2.0)


def test_a_value_kpi_counts_its_latest_measurement() -> None:
    p = partnership([entry(1, "cost", 200000)], kpis=[revenue_kpi()])
    r = roi(p, AS_OF, "EUR", {})
    assert r is not None and (r.value, r.ratio) == (800000, 3.0)
    assert "KPI K1 revenue: 800k EUR on 2026-09-30" in r.inputs
    assert r.since == dt.date(2026, 3, 31)  # the cumulative KPI's first measurement


def test_a_cumulative_value_kpi_counts_what_it_gained_since() -> None:
    p = partnership([entry(1, "cost", 100000)], kpis=[revenue_kpi()])
    r = roi(p, AS_OF, "EUR", {}, since=dt.date(2026, 6, 1))
    assert r is not None and r.value == 500000
    assert "KPI K1 revenue: 500k EUR (800k EUR on 2026-09-30 less 300k EUR on 2026-03-31)" in r.inputs


def test_value_entries_win_over_a_value_kpi_of_their_sort() -> None:
    p = partnership(
        [entry(1, "cost", 200000), entry(2, "value", 100000, category="influenced-revenue")], kpis=[revenue_kpi()]
    )
    r = roi(p, AS_OF, "EUR", {})
    assert r is not None and r.value == 100000
    assert "KPI K1 (revenue) not counted: financials.yaml records revenue entries, which win" in r.inputs
    savings = partnership(
        [entry(1, "cost", 200000), entry(2, "value", 100000, category="savings")], kpis=[revenue_kpi()]
    )
    both = roi(savings, AS_OF, "EUR", {})
    assert both is not None and both.value == 900000  # savings entries and a revenue KPI are different money


def test_a_cost_kpi_and_a_kpi_without_a_currency() -> None:
    kpis = [
        revenue_kpi(),
        {
            "id": "K2",
            "name": "Enablement spend",
            "bucket": "Enable",
            "unit": "EUR",
            "kind": "cumulative",
            "value": "cost",
            "measurements": [{"date": "2026-09-30", "value": 400000}],
        },
        revenue_kpi(id="K3", unit="deals"),
    ]
    r = roi(partnership(kpis=kpis), AS_OF, "EUR", {})
    assert r is not None and (r.value, r.cost, r.ratio) == (800000, 400000, 1.0)
    assert "KPI K3 not counted: its unit deals is not a currency code" in r.inputs


def test_an_unreadable_financials_file_is_unknown_not_none() -> None:
    p = partnership()
    p.present.add("financials.yaml")
    r = roi(p, AS_OF, "EUR", {})
    assert r is not None and r.ratio is None and r.problem == "financials.yaml could not be read in full"


def _roi(value: float, cost: float, currency: str | None = "EUR", problem: str | None = None) -> Roi:
    ratio = (value - cost) / cost if cost and problem is None else None
    return Roi(currency, value, cost, ratio, dt.date(2026, 1, 1), AS_OF, (), problem)


def test_the_portfolio_sums_by_tier_and_measures_concentration() -> None:
    found = portfolio_roi(
        [
            ("a", "strategic", "A Inc", _roi(800000, 200000)),
            ("b", "strategic", "B Inc", _roi(300000, 100000)),
            ("c", "key", "C Inc", _roi(100000, 100000)),
            ("d", "key", "D Inc", _roi(100000, 200000)),
            (
                "e",
                "key",
                "E Inc",
                _roi(5000, 0, problem="no cost of ours is recorded, so there is nothing to return on"),
            ),
            ("f", "standard", "F Inc", _roi(50000, 10000, currency="USD")),
            ("g", "standard", "G Inc", None),
        ]
    )
    assert found is not None and found.currency == "EUR"
    assert (found.total.value, found.total.cost, found.total.partnerships) == (1300000, 600000, 4)
    assert found.ratio == pytest.approx(700000 / 600000)
    assert {t: g.ratio for t, g in found.by_tier.items()} == {
        "strategic": pytest.approx(2.667, abs=1e-3),
        "key": -1 / 3,
    }
    assert found.top == (("A Inc", 800000), ("B Inc", 300000), ("C Inc", 100000))
    assert found.concentration == pytest.approx(1200000 / 1300000)
    assert found.left_out == (
        "e: no cost of ours is recorded, so there is nothing to return on",
        "f: in USD, with no rate to EUR",
    )
    assert found.words().startswith(
        "ROI 117% on 4 partnerships (value 1.3M EUR, cost 600k EUR); by tier: strategic 267%"
    )
    assert portfolio_roi([("g", "key", "G", None)]) is None
