"""`partnerkit renewal`: a brief per agreement inside its renewal window, with the facts for the
decision (criteria, SLAs, KPIs, risks, ROI, commitments, the score's trend from git), in
Markdown, HTML, text and JSON, and the report's section of them."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from partnerkit.health import assess
from partnerkit.lint import lint
from partnerkit.load.source import WorkingTree
from partnerkit.report.renewal import Brief, RenewalPack, TrendPoint, briefs, in_window, notice_dates, renewal_state
from partnerkit.settings import load_config
from tests.conftest import AS_OF, EXAMPLE, console_script, invoke, run_lint
from tests.test_completion import complete
from tests.test_gitsource import committed_example, git
from tests.test_report import (
    HOSTILE,
    check_html_is_inert,
    hostile_portfolio,
    markdown_tables,
    report_text,
    unescaped_pipes,
)

pytestmark = pytest.mark.slow  # git repositories, pseudo-terminals or the installed script: integration

DAY = AS_OF.isoformat()


def pack_of(root: Path = EXAMPLE, **options: object) -> RenewalPack:
    result = lint(WorkingTree(root), load_config(root), AS_OF)
    return briefs(result.loaded.portfolio, assess(result), AS_OF, **options)  # type: ignore[arg-type]


def brief(pack: RenewalPack, agreement: str) -> Brief:
    return next(b for b in pack.briefs if b.agreement.id == agreement)


def copied_example(tmp_path: Path) -> Path:
    """The example portfolio outside any git repository."""
    root = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, root)
    return root


# --- the facts ------------------------------------------------------------------------------


def test_the_example_has_five_agreements_inside_their_renewal_window() -> None:
    pack = pack_of()
    assert [(b.partnership, b.agreement.id, b.agreement.state) for b in pack.briefs] == [
        ("tessellate-oem", "OEM-TS-2022", "decided"),
        ("tessellate-oem", "SLA-TS-2022", "decided"),
        ("harbor-crm", "CMA-HC-2024", "decided"),
        ("harbor-crm", "CS-HC-2026", "decided"),
        ("cirrus-hosting", "MSA-CR-2024", "window-open"),
    ]  # soonest notice date first
    every = pack_of(every=True)
    assert len(every.briefs) > len(pack.briefs) and all(b.agreement.expiry for b in every.briefs)
    assert ("snowpeak-data", "later") in {(b.partnership, b.agreement.state) for b in every.briefs}
    assert [b.agreement.id for b in pack_of(partnership="cirrus-hosting").briefs] == ["MSA-CR-2024"]


def test_a_brief_holds_the_facts_for_the_decision() -> None:
    cirrus = brief(pack_of(), "MSA-CR-2024")
    a = cirrus.agreement
    assert (a.start, a.expiry, a.notice_by, a.window_opens) == (
        dt.date(2024, 4, 1),
        dt.date(2027, 3, 31),
        dt.date(2026, 12, 31),
        dt.date(2026, 7, 4),
    )
    assert (a.days_to_notice, a.days_to_expiry, a.decision) == (36, 126, "")
    assert cirrus.label == "Cirrus Managed Cloud SAS" and cirrus.score.band == "healthy"
    # the charter's renewal criteria, each judged with the facts behind it
    assert [(c.text, c.state) for c in cirrus.criteria] == [
        ("K1 >= 99.95", "not met"),
        ("K3 <= 120", "met"),
        ("K4 >= 90% of plan", "met"),
    ]
    assert cirrus.criteria[0].facts == "K1 EU region availability: 99.93% on 2026-10-31"
    assert cirrus.criteria[2].facts.startswith("K4 Change requests delivered within SLA: 104% of plan (expected")
    # SLAs of every signed agreement of the partnership: the availability SLA is breached
    assert [(s.agreement, s.id, s.state) for s in cirrus.slas] == [
        ("SLA-CR-2024", "availability", "breached"),
        ("SLA-CR-2024", "p1-restore", "met"),
    ]
    assert cirrus.breaches[0].words == "99.93% on 2026-10-31 against at least 99.95%"
    assert cirrus.breaches[0].penalty.startswith("Service credit of 5%")
    # KPIs against their plan; no open high risk; commitments by side
    assert [k.id for k in cirrus.kpis] == ["K1", "K2", "K3", "K4", "K5"] and cirrus.kpis[3].state == "on track"
    assert cirrus.risks == () and cirrus.risk_threshold == 15
    plan = cirrus.commitments
    assert plan is not None and (plan.plan, plan.status) == ("Contract year 3", "agreed")
    assert [c.id for c in plan.of("us", "open")] == ["C2", "C3"]
    assert [(c.id, c.delivered) for c in plan.of("partner", "delivered")] == [
        ("C1", dt.date(2026, 10, 30)),
        ("C4", dt.date(2026, 4, 1)),
    ]
    assert cirrus.concerns == (
        "criterion K1 >= 99.95 not met (K1 EU region availability: 99.93% on 2026-10-31)",
        "SLA availability of SLA-CR-2024 breached (99.93% on 2026-10-31 against at least 99.95%)",
    )
    # without a history, the trend says why
    assert (cirrus.trend.available, cirrus.trend.note) == (False, "history unavailable")


def test_decided_renewals_high_risks_and_partnerships_without_criteria_or_plan() -> None:
    pack = pack_of()
    oem = brief(pack, "OEM-TS-2022")
    assert (oem.agreement.decision, oem.agreement.decided) == ("renegotiate", dt.date(2026, 7, 28))
    assert [c.state for c in oem.criteria] == ["met", "met", "met"] and oem.concerns == ()
    harbor = brief(pack, "CMA-HC-2024")
    assert harbor.criteria == () and harbor.commitments is None
    assert [(r.id, r.exposure, r.status) for r in harbor.risks] == [("R1", 15, "mitigating")]


def test_the_window_follows_the_notice_date() -> None:
    from partnerkit.model.agreements import Agreement

    a = Agreement.model_validate(
        {"id": "x", "kind": "msa", "status": "signed", "expiry": "2027-03-31", "renewal_notice_days": 90}
    )
    assert notice_dates(a, 180) == (dt.date(2026, 12, 31), dt.date(2026, 7, 4))
    assert notice_dates(a, 30) == (dt.date(2026, 12, 31), dt.date(2026, 12, 1))
    assert [renewal_state(a, day, 180) for day in (dt.date(2026, 7, 3), dt.date(2026, 7, 4), dt.date(2027, 1, 1))] == [
        "later",
        "window-open",
        "notice-passed",
    ]
    assert renewal_state(a, dt.date(2026, 7, 4), 30) == "later"
    assert in_window(a, dt.date(2027, 3, 31), 180) and not in_window(a, dt.date(2027, 4, 1), 180)
    assert not in_window(a.model_copy(update={"status": "draft"}), dt.date(2026, 8, 1), 180)


AGREEMENT = """agreements:
  - {id: MSA-1, kind: msa, status: signed, signed: 2024-01-10, expiry: 2027-03-31, renewal_notice_days: 90}
"""


def test_the_window_is_pk703s_lead_days(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notice date is 2026-12-31: inside the default 180-day window on 2026-11-25, outside a
    30-day one; the briefs, the report's timeline and the lint rule agree on where it opens."""
    from tests.conftest import write_portfolio

    write_portfolio(tmp_path, {"partnerships/good/agreements.yaml": AGREEMENT})
    monkeypatch.chdir(tmp_path)
    default = invoke(["renewal", "--as-of", DAY, "--format", "json", "--no-history"])
    assert [b["agreement"]["id"] for b in json.loads(default.output)["briefs"]] == ["MSA-1"]
    assert "PK703" in {d.code for d in run_lint(tmp_path)}

    (tmp_path / "partnerkit.yaml").write_text("version: 1\nrules:\n  PK703: {lead_days: 30}\n", encoding="utf-8")
    narrow = invoke(["renewal", "--as-of", DAY, "--format", "json", "--no-history"])
    document = json.loads(narrow.output)
    assert (document["briefs"], document["window_days"]) == ([], 30)
    assert "PK703" not in {d.code for d in run_lint(tmp_path)}
    words = invoke(["renewal", "--as-of", DAY, "--format", "text", "--no-history"]).output
    assert "from 30 days before its notice date" in words
    every = json.loads(invoke(["renewal", "--as-of", DAY, "--format", "json", "--all", "--no-history"]).output)
    assert every["briefs"][0]["agreement"]["window_opens"] == "2026-12-01"
    html = report_text(tmp_path, "html", tmp_path)
    assert "window opens 2026-12-01" in html and "renewal decision window (30 days before the notice date)" in html


def test_your_own_templates_for_the_briefs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copied_example(tmp_path)
    monkeypatch.chdir(root)
    mine = tmp_path / "mine" / "renewal"
    mine.mkdir(parents=True)
    (mine / "renewal.md.j2").write_text(
        "# Steering pack {{ pack.as_of }}\n"
        "{% for b in pack.briefs %}- {{ b.partnership }} {{ b.agreement.id }}\n{% endfor %}",
        encoding="utf-8",
    )
    custom = invoke(["renewal", "--as-of", DAY, "--no-history", "--templates", str(tmp_path / "mine")])
    assert custom.exit_code == 0, custom.output
    assert custom.output.startswith(f"# Steering pack {DAY}\n- ")
    assert custom.output.count("\n- ") == len(pack_of().briefs) == 5
    shipped_html = invoke(
        ["renewal", "--as-of", DAY, "--no-history", "--format", "html", "--templates", str(tmp_path / "mine")]
    )
    assert shipped_html.exit_code == 0 and shipped_html.output.startswith("<!DOCTYPE html>")  # only md was replaced

    (mine / "renewal.md.j2").write_text("{% for b in pack.briefs %}\n", encoding="utf-8")
    broken = invoke(["renewal", "--as-of", DAY, "--no-history", "--templates", str(tmp_path / "mine")])
    assert broken.exit_code == 2 and "renewal/renewal.md.j2:" in broken.output and "Traceback" not in broken.output
    text = invoke(["renewal", "--as-of", DAY, "--format", "text", "--templates", str(tmp_path / "mine")])
    assert text.exit_code == 2 and "only the md and html formats have templates" in text.output


@dataclass(frozen=True)
class FakeRoi:
    currency: str | None
    value: float
    cost: float
    ratio: float | None
    since: dt.date | None
    until: dt.date
    inputs: tuple[str, ...]
    problem: str | None

    def words(self) -> str:
        return f"ROI {self.ratio:.0%}"


def test_roi_is_asked_for_the_agreements_term_with_the_portfolios_currency() -> None:
    asked = []

    def roi(p, as_of, currency, rates, since=None):  # type: ignore[no-untyped-def]
        asked.append((p.id, as_of, currency, dict(rates), since))
        if p.id != "cirrus-hosting":
            return None
        return FakeRoi("EUR", 3_000_000, 1_000_000, 2.0, since, as_of, ("value: 2 entries, 3M EUR",), None)

    pack = pack_of(roi=roi)
    cirrus = brief(pack, "MSA-CR-2024")
    config = load_config(EXAMPLE)  # the reporting currency and rates of partnerkit.yaml
    assert ("cirrus-hosting", AS_OF, config.currency, config.rates, dt.date(2024, 4, 1)) in asked
    assert (cirrus.roi.recorded, cirrus.roi.words, cirrus.roi.ratio) == (True, "ROI 200%", 2.0)
    assert cirrus.roi.inputs == ("value: 2 entries, 3M EUR",) and cirrus.roi.since == dt.date(2024, 4, 1)
    assert brief(pack, "OEM-TS-2022").roi.words == "not recorded"


def test_roi_from_financials_counts_only_the_agreements_term(tmp_path: Path) -> None:
    root = copied_example(tmp_path)
    (root / "partnerships/cirrus-hosting/financials.yaml").write_text(
        "currency: EUR\n"
        "entries:\n"
        "  - {id: F1, date: 2024-01-15, kind: investment, category: engineering, amount: 100000}\n"
        "  - {id: F2, date: 2025-12-31, kind: cost, category: fees, amount: 200000}\n"
        "  - {id: F3, date: 2025-12-31, kind: value, category: savings, amount: 500000}\n"
        "  - {id: F4, date: 2027-01-31, kind: cost, category: fees, amount: 90000}\n"
    )
    roi = brief(pack_of(root), "MSA-CR-2024").roi
    assert (roi.recorded, roi.currency, roi.value, roi.cost, roi.ratio) == (True, "EUR", 500000, 200000, 1.5)
    assert (roi.since, roi.until) == (dt.date(2024, 4, 1), AS_OF)
    assert roi.words == "ROI 150% (value 500k EUR, cost 200k EUR, 2024-04-01 to 2026-11-25)"
    assert any("before 2024-04-01 not counted" in line for line in roi.inputs), roi.inputs
    assert brief(pack_of(root), "OEM-TS-2022").roi.words == "not recorded"  # Tessellate records no money


def test_trend_points_are_those_of_the_agreements_term() -> None:
    points = {
        "cirrus-hosting": [
            TrendPoint(dt.date(2024, 1, 2), "aaaa", 50),
            TrendPoint(dt.date(2024, 5, 1), "bbbb", 70),
            TrendPoint(dt.date(2026, 11, 1), "cccc", 80),
        ]
    }
    cirrus = brief(pack_of(history=points, history_note="git"), "MSA-CR-2024")
    assert [p.commit for p in cirrus.trend.points] == ["bbbb", "cccc"] and cirrus.trend.first == 70
    assert cirrus.trend.sparkline == "▆▇"
    oem = brief(pack_of(history=points, history_note="git"), "OEM-TS-2022")
    assert (oem.trend.available, oem.trend.note) == (True, "no commit since 2022-02-01 touched the partnership")


def test_a_malformed_criterion_leaves_only_itself_out(tmp_path: Path) -> None:
    root = copied_example(tmp_path)
    charter = root / "partnerships/cirrus-hosting/charter.yaml"
    charter.write_text(charter.read_text().replace("  - K3 <= 120\n", "  - K3 =< 120\n"))
    found = [d for d in run_lint(root) if d.path.endswith("cirrus-hosting/charter.yaml")]
    line = charter.read_text().splitlines().index("  - K3 =< 120") + 1
    assert [(d.code, d.line) for d in found] == [("PK002", line)]
    assert found[0].message.startswith("in renewal criterion #2: 'K3 =< 120': not a condition; write KPI OP NUMBER")
    cirrus = brief(pack_of(root), "MSA-CR-2024")
    assert [c.text for c in cirrus.criteria] == ["K1 >= 99.95", "K4 >= 90% of plan"]
    assert cirrus.notes == ("charter.yaml could not be read in full",)


def test_a_criterion_on_an_unknown_kpi_is_unknown_and_a_finding(tmp_path: Path) -> None:
    root = copied_example(tmp_path)
    charter = root / "partnerships/cirrus-hosting/charter.yaml"
    charter.write_text(charter.read_text().replace("  - K3 <= 120\n", "  - K9 <= 120\n"))
    assert [d.code for d in run_lint(root) if d.path.endswith("cirrus-hosting/charter.yaml")] == ["PK715"]
    criterion = brief(pack_of(root), "MSA-CR-2024").criteria[1]
    assert (criterion.state, criterion.facts) == ("unknown", "KPI K9 is not in kpis.yaml")


# --- the command ----------------------------------------------------------------------------


def test_markdown_is_the_default_and_reads_as_a_brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(copied_example(tmp_path))
    result = invoke(["renewal", "cirrus-hosting", "--as-of", DAY])
    assert result.exit_code == 0, result.output
    md = result.output
    assert md.startswith("# Renewal briefs\n\nAs of **25 Nov 2026** · 1 agreement inside its renewal window")
    assert "## Cirrus Managed Cloud SAS: MSA-CR-2024 Managed Hosting Master Services Agreement\n" in md
    assert "| Notice by | 2026-12-31 (in 36 days; 90 days' notice) |" in md
    assert "| Decision so far | **undecided** |" in md
    assert "| Score trend | history unavailable: " in md and "is not in a git repository |" in md
    assert "| Renewal criteria | 2 of 3 met, **1 not met** |" in md
    assert "| K1 &gt;= 99.95 | **not met** | K1 EU region availability: 99.93% on 2026-10-31 |" in md
    assert "| SLA-CR-2024 | availability: Monthly availability of the EU region (K1) | **breached**: 99.93%" in md
    assert "| C1 Third availability zone \\(Marseille\\) provisioned | 2026-10-31 | delivered 2026-10-30 |" in md
    for table in markdown_tables(md):
        assert all(unescaped_pipes(row) == unescaped_pipes(table[0]) for row in table), table


def test_text_json_and_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(copied_example(tmp_path))
    text = invoke(["renewal", "--as-of", DAY, "--format", "text"]).output
    lines = text.splitlines()
    assert lines[0] == "Renewal briefs as of 2026-11-25: 5 agreements inside their renewal window"
    assert "    not met   K1 >= 99.95: K1 EU region availability: 99.93% on 2026-10-31" in lines
    assert "  decision    undecided" in lines and "  ROI         not recorded" in lines
    assert any(line.startswith("    breached  SLA-CR-2024 availability (Monthly") for line in lines)

    document = json.loads(invoke(["renewal", "--as-of", DAY, "--format", "json"]).output)
    assert (document["schema_version"], document["as_of"], document["all"]) == (1, DAY, False)
    cirrus = document["briefs"][-1]
    assert list(cirrus)[:3] == ["partnership", "label", "name"]
    assert cirrus["agreement"]["notice_by"] == "2026-12-31"
    assert cirrus["score"]["shown"] == str(cirrus["score"]["value"])
    assert cirrus["summary"] == {
        "criteria": {"met": 2, "not met": 1, "unknown": 0},
        "slas_breached": 1,
        "high_risks": 0,
        "commitments_overdue": {"us": 0, "partner": 0},
    }
    assert cirrus["criteria"][0] == {
        "text": "K1 >= 99.95",
        "kpi": "K1",
        "kpi_name": "EU region availability",
        "state": "not met",
        "actual": 99.93,
        "unit": "percent",
        "facts": "K1 EU region availability: 99.93% on 2026-10-31",
    }
    again = json.loads(invoke(["renewal", "--as-of", DAY, "--format", "json"]).output)
    assert again == document

    out = tmp_path / "brief.html"
    result = invoke(["renewal", "cirrus-hosting", "--as-of", DAY, "--format", "html", "-o", str(out)])
    assert result.exit_code == 0 and "Wrote" in result.output
    html = out.read_text(encoding="utf-8")
    check_html_is_inert(html)
    assert "Content-Security-Policy" in html and "<code>K1 &gt;= 99.95</code>" in html
    assert '<span class="pill late">not met</span>' in html and '<span class="pill late">breached</span>' in html


def test_the_trend_is_read_from_git_over_the_term(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    portfolio = committed_example(tmp_path / "portfolio")
    status = portfolio / "partnerships/cirrus-hosting/status.yaml"
    status.write_text(status.read_text().replace("rag: green", "rag: red", 1))
    git(portfolio, "commit", "-qam", "Cirrus: Align red")
    (portfolio / "partnerships/harbor-crm/actions.yaml").write_text("actions: []\n")
    git(portfolio, "commit", "-qam", "elsewhere")
    monkeypatch.chdir(portfolio)
    document = json.loads(invoke(["renewal", "cirrus-hosting", "--as-of", DAY, "--format", "json"]).output)
    trend = document["briefs"][0]["trend"]
    assert trend["available"] and trend["since"] == "2024-04-01"
    scores = [p["score"] for p in trend["points"]]
    assert len(scores) == 2 and scores[0] - scores[1] == 15  # a red bucket costs 15 points
    assert document["briefs"][0]["score"]["value"] == scores[-1]
    assert document["history"].startswith("git history")
    md = invoke(["renewal", "cirrus-hosting", "--as-of", DAY]).output
    assert f"| Score trend | {trend['sparkline']} {scores[0]} → {scores[1]} over 2 commits since 2024-04-01 |" in md
    everyone = json.loads(invoke(["renewal", "--as-of", DAY, "--format", "json"]).output)
    subjects = {b["agreement"]["id"]: len(b["trend"]["points"]) for b in everyone["briefs"]}
    assert subjects == {"OEM-TS-2022": 1, "SLA-TS-2022": 1, "CMA-HC-2024": 2, "CS-HC-2026": 2, "MSA-CR-2024": 2}
    skipped = json.loads(invoke(["renewal", "cirrus-hosting", "--as-of", DAY, "-f", "json", "--no-history"]).output)
    assert skipped["briefs"][0]["trend"] == {
        "available": False,
        "note": "not read (--no-history)",
        "since": "2024-04-01",
        "points": [],
        "sparkline": "",
    }


def test_no_brief_an_unknown_id_and_a_bad_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(copied_example(tmp_path))
    none = invoke(["renewal", "lakeside-university", "--as-of", DAY, "--format", "text"])
    assert none.exit_code == 0
    assert none.output.splitlines()[0] == (
        "Renewal briefs as of 2026-11-25 of lakeside-university: 0 agreements inside their renewal window"
    )
    assert "`partnerkit renewal --all` shows every agreement with an expiry" in none.output
    assert "score trends: not read (no agreement to brief)" in none.output  # not "--no-history": nobody asked that
    every = invoke(["renewal", "lakeside-university", "--as-of", DAY, "--all", "-f", "json", "--no-history"])
    assert {b["agreement"]["id"] for b in json.loads(every.output)["briefs"]} == {"MOU-LTU-2026", "NDA-LTU-2026"}
    unknown = invoke(["renewal", "cirrus", "--as-of", DAY])
    assert unknown.exit_code == 2
    assert "no partnership 'cirrus' in this portfolio" in unknown.output
    assert "did you mean cirrus-hosting?" in unknown.output
    assert invoke(["renewal", "--format", "pdf"]).exit_code == 2


def test_hostile_text_cannot_break_or_script_a_brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = hostile_portfolio(tmp_path)
    plan = root / "partnerships/cirrus-hosting/plan.yaml"
    data = yaml.safe_load(plan.read_text())
    for bucket in data["buckets"].values():
        for c in bucket.get("commitments", []):
            c["what"] = HOSTILE
    plan.write_text(json.dumps(data, default=str))
    monkeypatch.chdir(root)
    md = invoke(["renewal", "cirrus-hosting", "--as-of", DAY, "--no-history"]).output
    tables = markdown_tables(md)
    assert len(tables) >= 4
    for table in tables:
        cells = unescaped_pipes(table[0])
        assert all(unescaped_pipes(row) == cells for row in table), "\n".join(table)
    assert "<script" not in md and "<img" not in md and "<!--" not in md
    assert not re.search(r"@(?!&#8203;)[\w-]", md), "an @mention survived"
    assert not re.search(r"(?<!&)#\d", md), "an issue reference survived"
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md

    out = tmp_path / "brief.html"
    invoke(["renewal", "cirrus-hosting", "--as-of", DAY, "--no-history", "-f", "html", "-o", str(out)])
    html = out.read_text(encoding="utf-8")
    check_html_is_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    kpis = root / "partnerships/cirrus-hosting/kpis.yaml"
    kpis.write_text(kpis.read_text().replace('"name": "<script>', '"name": "\\u001b[2J\\u202e<script>', 1))
    text = invoke(["renewal", "cirrus-hosting", "--as-of", DAY, "--no-history", "-f", "text"]).output
    assert "\x1b" not in text and "\u202e" not in text and "\\x1b[2J\\u202e<script>" in text
    assert all(line.count("\n") == 0 for line in text.splitlines())
    raw = invoke(["renewal", "cirrus-hosting", "--as-of", DAY, "--no-history", "-f", "json"]).output
    assert "\u202e" not in raw and "\\u202e" in raw and json.loads(raw)["briefs"]


def test_the_report_has_a_section_of_briefs(tmp_path: Path) -> None:
    md = report_text(EXAMPLE, "md", tmp_path)
    section = md[md.index("## Renewal briefs") : md.index("## Scorecards")]
    assert (
        "| Cirrus Managed Cloud SAS · MSA-CR-2024 | 2027-03-31 · 2026-12-31 (in 36 days) | **undecided** |" in section
    )
    assert "| 2 of 3 met, **1 not met** | **1 breached** of 2 | 0 | us 0, partner 0 |" in section
    assert "- **Cirrus Managed Cloud SAS · MSA-CR-2024**: criterion K1 &gt;= 99.95 not met" in section
    html = report_text(EXAMPLE, "html", tmp_path)
    assert '<section id="renewals" aria-labelledby="renewals-h">' in html and 'href="#renewals"' in html


def test_completion_and_the_console_script(tmp_path: Path) -> None:
    assert complete("partnerkit renewal cir", EXAMPLE) == ["cirrus-hosting"]
    assert complete("partnerkit renewal --format ", EXAMPLE) == ["md", "html", "text", "json"]
    root = copied_example(tmp_path)
    done = subprocess.run(
        [console_script(), "renewal", "--as-of", DAY, "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert [b["agreement"]["id"] for b in json.loads(done.stdout)["briefs"]][-1] == "MSA-CR-2024"


def test_text_fits_the_terminal_and_wraps_under_its_label(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(copied_example(tmp_path))
    text = invoke(["renewal", "cirrus-hosting", "--as-of", DAY, "-f", "text", "--no-history"], env={"COLUMNS": "80"})
    lines = text.output.splitlines()
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    breached = next(i for i, line in enumerate(lines) if line.startswith("    breached  SLA-CR-2024 availability"))
    assert lines[breached + 1].startswith(" " * 14) and lines[breached + 1][14] != " "
    piped = invoke(["renewal", "cirrus-hosting", "--as-of", DAY, "-f", "text", "--no-history"], env={"COLUMNS": ""})
    assert any(len(line) > 120 for line in piped.output.splitlines())  # not a terminal: never wrapped


@pytest.mark.slow
def test_the_html_brief_in_a_real_browser(tmp_path: Path) -> None:
    from tests.test_report import CHROMIUM, chromium

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    root = copied_example(tmp_path)
    page = tmp_path / "brief.html"
    result = invoke(["renewal", "-C", str(root), "--as-of", DAY, "-f", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    dom, requested = chromium(tmp_path, page, "--dump-dom")
    assert requested == [], f"the brief asked the network for {requested}"
    assert "MSA-CR-2024" in dom and "not met" in dom
