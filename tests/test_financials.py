"""financials.yaml and ROI across the tool: the model and partnerkit.yaml's currency settings, ROI in
`score` (text and JSON) and the report, the money in `diff`, `textconv` and `export --what financials`.
The ROI arithmetic is tested in tests/test_roi.py; the rules as data in tests/rule_cases/PK71x.yaml."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from partnerkit.diff.changes import financial_changes, kpi_changes
from partnerkit.load.yaml12 import parse
from partnerkit.model.config import PortfolioConfig
from partnerkit.model.financials import Financials
from partnerkit.model.kpis import KpiSet
from partnerkit.model.portfolio import Partnership
from partnerkit.render.textconv import textconv
from tests.conftest import AS_OF, EXAMPLE, invoke

MONEY = """\
currency: EUR
entries:
  - {id: F1, date: 2026-03-31, kind: investment, category: engineering, amount: 150000, note: Connector build}
  - {id: F2, date: 2026-06-30, kind: cost, category: people, amount: 50000}
  - {id: F3, date: 2026-09-30, kind: value, category: revenue, amount: 800000, currency: USD}
"""


def financials(text: str) -> Financials:
    return Financials.model_validate(parse(text))


def side(text: str | None) -> Partnership:
    return Partnership("partnerships/acme", financials=financials(text) if text is not None else None)


def test_every_amount_has_a_currency_and_a_category_of_its_kind() -> None:
    f = financials(MONEY)
    assert [f.currency_of(e) for e in f.entries] == ["EUR", "EUR", "USD"]
    assert [e.side for e in f.entries] == ["us", "us", "us"] and [e.spent for e in f.entries] == [True, True, False]
    with pytest.raises(ValidationError, match="currency"):
        financials("entries: []\n")
    with pytest.raises(ValidationError, match="not a currency code: write EUR"):
        financials("currency: eur\n")
    with pytest.raises(ValidationError, match="category 'people' does not go with kind 'value'"):
        financials(
            "currency: EUR\nentries:\n  - {id: F1, date: 2026-01-01, kind: value, category: people, amount: 1}\n"
        )
    with pytest.raises(ValidationError):
        financials("currency: EUR\nentries:\n  - {id: F1, date: 2026-01-01, kind: cost, category: fees, amount: -5}\n")


def test_the_config_takes_a_reporting_currency_and_rates_to_it() -> None:
    config = PortfolioConfig.model_validate({"currency": "EUR", "rates": {"USD": 0.92}})
    assert (config.currency, config.rates) == ("EUR", {"USD": 0.92})
    assert PortfolioConfig().currency is None and PortfolioConfig().rates == {}
    with pytest.raises(ValidationError, match="set `currency:` too"):
        PortfolioConfig.model_validate({"rates": {"USD": 0.92}})
    with pytest.raises(ValidationError, match="more than 0: USD"):
        PortfolioConfig.model_validate({"currency": "EUR", "rates": {"USD": 0}})
    with pytest.raises(ValidationError, match="not a currency code"):
        PortfolioConfig.model_validate({"currency": "EUR", "rates": {"Dollar": 0.92}})


def test_a_broken_partnerkit_yaml_rate_stops_the_run(base: Path) -> None:
    (base / "partnerkit.yaml").write_text("version: 1\nrates: {USD: 0.92}\n")
    result = invoke(["lint", str(base), "--as-of", "2026-11-25"])
    assert result.exit_code == 2 and "set `currency:` too" in result.output


def test_diff_speaks_of_amounts_recorded_corrected_and_removed() -> None:
    after = MONEY.replace("amount: 50000}", "amount: 55000}").replace(
        "2026-03-31, kind: investment", "2026-04-30, kind: investment"
    )
    after = after.replace(
        "  - {id: F3,",
        "  - {id: F4, date: 2026-10-31, side: partner, kind: investment, category: mdf, amount: 40000}\n  - {id: F3,",
    )
    after = after.replace(
        "category: revenue, amount: 800000, currency: USD}",
        "category: influenced-revenue, amount: 800000, currency: USD}",
    )
    texts = [c.text for c in financial_changes(side(MONEY), side(after))]
    assert texts == [
        "the partner's investment F4 recorded: mdf, 40k EUR on 2026-10-31",
        "investment F1: dated 2026-03-31 -> 2026-04-30",
        "cost F2: amount 50k EUR -> 55k EUR",
        "value F3: our value, revenue -> our value, influenced-revenue",
    ]
    gone = [c.text for c in financial_changes(side(MONEY), side(None))]
    assert gone[0] == "investment F1 removed (was engineering, 150k EUR on 2026-03-31) (Connector build)"
    assert [c.kind for c in financial_changes(side(None), side(MONEY))] == ["financial-added"] * 3
    moved = [c.text for c in financial_changes(side(MONEY), side(MONEY.replace("currency: EUR", "currency: GBP")))]
    assert moved == [
        "financials: default currency EUR -> GBP",
        "investment F1: amount 150k EUR -> 150k GBP",
        "cost F2: amount 50k EUR -> 50k GBP",
    ]


def test_diff_says_when_a_kpi_starts_counting_in_the_roi() -> None:
    kpi = "kpis:\n  - {id: K1, name: Revenue, bucket: Monetize, unit: EUR%s}\n"
    before = Partnership("p", kpis=KpiSet.model_validate(parse(kpi % "")))
    after = Partnership("p", kpis=KpiSet.model_validate(parse(kpi % ", value: revenue")))
    assert [c.text for c in kpi_changes(before, after, AS_OF)] == ["KPI K1: now counted as revenue in the ROI"]
    assert [c.text for c in kpi_changes(after, before, AS_OF)] == ["KPI K1: no longer counted in the ROI (was revenue)"]


def test_diff_shows_the_roi_before_and_after(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=base, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base")
    money = base / "partnerships/acme/financials.yaml"
    money.write_text(money.read_text().replace("amount: 800000", "amount: 1000000"))
    monkeypatch.chdir(base)
    result = invoke(["diff", "--as-of", "2026-11-25", "--format", "json"])
    texts = [c["text"] for p in json.loads(result.stdout)["partnerships"] for c in p["changes"]]
    assert "value F3: amount 800k EUR -> 1M EUR" in texts
    assert "ROI 300% -> ROI 400% (value 1M EUR, cost 200k EUR, 2026-03-31 to 2026-11-25)" in texts


def test_textconv_names_each_entry_by_its_id() -> None:
    lines = textconv("financials.yaml", MONEY.encode()).splitlines()
    assert "currency: EUR" in lines and "entry F3 currency: USD" in lines and "entry F2 amount: 50000" in lines


def test_score_shows_each_partnerships_roi_and_the_portfolios() -> None:
    result = invoke(["score", str(EXAMPLE), "--as-of", "2026-11-25"], env={"NO_COLOR": "1", "COLUMNS": "1000"})
    lines = result.stdout.splitlines()
    cirrus = lines[lines.index(next(x for x in lines if x.startswith("cirrus-hosting"))) + 2]
    assert cirrus.startswith("    ROI 39% (value 365k EUR, cost 262k EUR, 2024-06-30 to 2026-11-25): value: 3 entries")
    assert (
        "ROI 284% on 4 partnerships (value 4.45M EUR, cost 1.16M EUR); by tier: key 311%, strategic 270%" in lines[-1]
    )
    assert "top 3 partners 92% of value; not summed: harbor-crm: no cost of ours is recorded" in lines[-1]


def test_score_json_carries_the_roi_and_its_inputs() -> None:
    result = invoke(["score", str(EXAMPLE), "--as-of", "2026-11-25", "--format", "json"])
    document = json.loads(result.stdout)
    by_id = {p["id"]: p for p in document["partnerships"]}
    meridian = by_id["meridian-consulting"]["roi"]
    assert meridian["currency"] == "EUR" and meridian["ratio"] == pytest.approx(4.7736, abs=1e-4)
    assert meridian["since"] == "2025-12-31" and meridian["until"] == "2026-11-25" and meridian["problem"] is None
    assert "KPI K2 revenue: 2.1M USD on 2026-09-30" in meridian["inputs"]
    assert by_id["harbor-crm"]["roi"]["ratio"] is None and by_id["kestrel-health-jv"]["roi"] is None
    summary = document["summary"]["roi"]
    assert summary["partnerships"] == 4 and summary["currency"] == "EUR"
    assert summary["top"][0]["partner"] == "Meridian Consulting Group plc" and summary[
        "concentration"
    ] == pytest.approx(0.918, abs=1e-3)
    assert set(summary["by_tier"]) == {"strategic", "key"}


def test_the_report_shows_roi_per_scorecard_and_for_the_portfolio() -> None:
    result = invoke(["report", str(EXAMPLE), "--as-of", "2026-11-25"])
    text = result.stdout
    assert "| Return on investment | **284%** on 4 partnerships (value 4.45M EUR, cost 1.16M EUR)" in text
    assert "| Value concentration | top 3 partners: 92% of the value (Meridian Consulting Group plc 1.93M EUR" in text
    assert "**Return on investment 109%** from 2025-06-30 to 2026-11-25: value 904k EUR, cost 432k EUR." in text
    assert "**Return on investment unknown** from 2025-12-31 to 2026-11-25: no cost of ours is recorded" in text
    html = invoke(["report", str(EXAMPLE), "--as-of", "2026-11-25", "--format", "html"]).stdout
    assert "<strong>Return on investment 284%</strong> on 4 partnerships" in html
    assert "<h4>Return on investment</h4>" in html and "rates to EUR: GBP 1.17, USD 0.92" in html


def test_export_financials_says_which_amounts_count() -> None:
    result = invoke(["export", str(EXAMPLE), "--what", "financials", "--as-of", "2026-11-25"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "partnership",
        "id",
        "date",
        "side",
        "kind",
        "category",
        "amount",
        "currency",
        "counted",
        "note",
    ]
    meridian = [r for r in rows if r["partnership"] == "meridian-consulting"]
    assert {r["currency"] for r in meridian} == {"GBP"} and {r["counted"] for r in meridian} == {"yes", "no"}
    assert {r["partnership"] for r in rows} == {
        "brightline-distribution",
        "cirrus-hosting",
        "harbor-crm",
        "meridian-consulting",
        "snowpeak-data",
    }


def test_new_writes_a_financials_file_in_the_portfolios_currency(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (base / "partnerkit.yaml").write_text("version: 1\ncurrency: GBP\n")
    monkeypatch.chdir(base)
    result = invoke(["new", "beta", "--name", "Beta", "--partner", "Beta Ltd", "--type", "reseller"])
    assert result.exit_code == 0, result.output
    written = financials((base / "partnerships/beta/financials.yaml").read_text())
    assert (written.currency, written.entries) == ("GBP", [])
