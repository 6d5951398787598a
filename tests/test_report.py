"""`partnerkit report`: the view model, Markdown and HTML escaping, golden snapshots, template
overrides, hostile input, and the HTML in a real headless browser.

Snapshots: tests/snapshots/report.md and report.html are the reports of examples/portfolio as of
2026-11-25, compared byte for byte. After an intended change to the report (or to anything it
shows: scores, lint messages, due dates), rewrite them and review the diff:

    PARTNERKIT_UPDATE_SNAPSHOTS=1 pytest tests/test_report.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from partnerkit.due import due_items
from partnerkit.health import assess, summarise
from partnerkit.lint import lint
from partnerkit.load.source import WorkingTree
from partnerkit.render.escaping import md_escape, safe_url
from partnerkit.render.formatting import number
from partnerkit.report.model import HORIZON_DAYS, Report, Scorecard, build
from partnerkit.report.templates import render
from partnerkit.settings import load_config
from tests.conftest import AS_OF, EXAMPLE, REPO, invoke

SNAPSHOTS = REPO / "tests" / "snapshots"
UPDATE = os.environ.get("PARTNERKIT_UPDATE_SNAPSHOTS") == "1"


def model(root: Path = EXAMPLE, as_of: dt.date = AS_OF) -> Report:
    result = lint(WorkingTree(root), load_config(root), as_of)
    portfolio = result.loaded.portfolio
    healths = assess(result)
    return build(
        portfolio,
        healths,
        summarise(healths, portfolio.config.buckets),
        result.diagnostics,
        due_items(portfolio, as_of, HORIZON_DAYS),
        as_of,
    )


def report_text(root: Path, output_format: str, tmp_path: Path, *extra: str) -> str:
    out = tmp_path / f"report.{output_format}"
    result = invoke(
        ["report", str(root), "--as-of", AS_OF.isoformat(), "--format", output_format, "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


# --- the view model -------------------------------------------------------------------------


def test_view_model_of_the_example() -> None:
    r = model()
    cards = {c.id: c for c in r.partnerships}
    assert r.summary.partnerships == 10 and r.buckets[0] == "Align" and r.until == dt.date(2027, 2, 23)
    assert r.summary.by_rag == {"green": 47, "amber": 12, "red": 1, "stale": 0, "unrated": 0}
    assert r.summary.by_band == {"healthy": 9, "watch": 1, "at-risk": 0, "unknown": 0}
    assert [c.letter for c in cards["harbor-crm"].cells] == ["A", "G", "G", "R", "G", "G"]

    cirrus = cards["cirrus-hosting"]
    msa = next(a for a in cirrus.agreements if a.id == "MSA-CR-2024")
    assert (msa.notice_by, msa.window_opens, msa.renewal_state, msa.days_to_notice) == (
        dt.date(2026, 12, 31),
        dt.date(2026, 7, 4),
        "window-open",
        36,
    )
    sla = next(a for a in cirrus.agreements if a.id == "SLA-CR-2024")
    assert (sla.notice_by, sla.window_opens, sla.renewal_state) == (None, None, "none")
    assert cirrus.last_review is not None and cirrus.last_review.date == dt.date(2026, 11, 17)
    assert cirrus.next_review == dt.date(2026, 12, 18) and not cirrus.review_overdue  # + 31 days (monthly)
    assert cirrus.risks.count(2, 5) == 2 and cirrus.risks.count(3, 3) == 1

    # Only open and mitigating risks are counted: brightline's R3 (2 x 2) is accepted.
    brightline = cards["brightline-distribution"]
    assert brightline.risks.count(2, 2) == 0 and len(brightline.risks.open) == 3 and brightline.risks.total == 4
    assert sum(map(sum, brightline.risks.counts)) == 3
    assert [k.exposure for k in brightline.risks.open] == sorted(
        (k.exposure for k in brightline.risks.open), reverse=True
    )

    # KPI bars and labels read against the dated plan: where the plan expects the KPI today
    k1, k2 = (next(k for k in brightline.kpis if k.id == kid) for kid in ("K1", "K2"))
    assert k1.planned and k1.progress is not None and k1.bar == pytest.approx(k1.progress)
    assert (k1.state, k1.words) == ("on track", "105% of plan (expected 1.74M, actual 1.78M)")
    assert (k2.state, k2.words, k2.target_date) == (
        "behind plan",
        "67% of plan (expected 4, actual 3)",
        dt.date(2027, 3, 31),
    )
    assert k1.attainment is not None and 0 < k1.attainment < 1  # of the final target: still short of it
    assert k1.trend[-1] == k1.latest and list(k1.trend_dates) == sorted(k1.trend_dates)
    k4 = next(k for k in cards["databridge-foundation"].kpis if k.id == "K4")
    assert (k4.planned, k4.words) == (False, "87% of the way from baseline to target")  # no dated plan

    overdue = r.upcoming.overdue
    assert [(i.partnership, i.kind, i.item, i.days) for i in overdue] == [
        ("open-analytics-alliance", "action", "AC1", -41),
        ("kestrel-health-jv", "objective", "O5", -25),  # an open objective past its due date
        ("meridian-consulting", "commitment", "C6", -25),  # a partner's commitment in the agreed plan
    ]
    renewals = [(n.partnership, n.agreement.id, n.agreement.decision) for n in r.upcoming.renewals]
    assert renewals[0] == ("cirrus-hosting", "MSA-CR-2024", "")  # undecided first
    assert ("tessellate-oem", "OEM-TS-2022", "renegotiate") in renewals
    assert r.summary.renewals_undecided == 1 and r.summary.overdue == 3
    assert all(i.kind == "review" and not i.overdue for i in r.upcoming.reviews)

    assert r.findings.by_severity == {"error": 5, "warning": 12, "info": 4}  # PK901 (people.yaml) is no partnership's
    assert r.findings.by_rule[0].severity == "error" and {x.code for x in r.findings.by_rule} >= {"PK403", "PK703"}


def test_kpi_bars_are_clamped_and_findings_limited_to_the_partnerships_reported(tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, root)
    kpis = root / "partnerships" / "cirrus-hosting" / "kpis.yaml"
    kpis.write_text(
        kpis.read_text()
        .replace("{date: 2026-10-31, value: 99.93}", "{date: 2026-10-31, value: 120}")
        .replace("{date: 2026-09-30, value: 40}", "{date: 2026-09-30, value: 90}")
    )
    r = model(root)
    cirrus = next(c for c in r.partnerships if c.id == "cirrus-hosting")
    k1, k2 = cirrus.kpis[0], cirrus.kpis[1]
    assert k1.attainment is not None and k1.attainment > 40 and k1.bar == 1.2 and k1.met and k1.state == "ahead"
    assert k2.attainment is not None and k2.attainment < 0 and k2.bar == 0 and not k2.met
    assert k2.state == "behind plan" and k2.words.startswith("0% of plan (expected ")

    result = invoke(["report", str(root / "partnerships" / "cirrus-hosting"), "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert "Cirrus" in result.output and "Snowpeak" not in result.output
    assert re.search(r"\d+ findings? in 1 of 1 partnership:", result.output)


def card(r: Report, pid: str) -> Scorecard:
    return next(c for c in r.partnerships if c.id == pid)


def test_the_plan_puts_objectives_their_kpis_and_open_actions_on_one_screen(tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, root)
    charter = root / "partnerships" / "kestrel-health-jv" / "charter.yaml"
    charter.write_text(
        charter.read_text().replace(
            "objectives:\n", "objectives:\n  - {text: Hire the JV's managing director, due: 2027-01-15, kpis: [K9]}\n"
        )
    )
    r = model(root)
    kestrel = card(r, "kestrel-health-jv")
    assert [(g.bucket, [o.id or o.text for o in g.objectives], [a.id for a in g.actions]) for g in kestrel.plan] == [
        ("Align", ["O5"], []),
        ("Build", ["O2"], ["AC1", "AC2"]),
        ("Enable", [], ["AC6"]),
        ("Monetize", ["O3"], ["AC3"]),
        ("Support", ["O4"], []),
        ("Operate", ["O1"], ["AC5"]),
        ("", ["Hire the JV's managing director"], []),  # no bucket: last
    ]
    o5 = kestrel.plan[0].objectives[0]
    assert (o5.status, o5.due, o5.open, o5.overdue, o5.days_overdue) == (
        "at-risk",
        dt.date(2026, 10, 31),
        True,
        True,
        25,
    )
    assert [(k.id, k.state, k.words) for k in o5.kpis] == [("K3", "on track", "106% of plan (expected 8, actual 7)")]
    assert kestrel.plan[0].cell is not None and kestrel.plan[0].cell.letter == "G"
    assert [(k.id, k.found, k.words) for k in kestrel.plan[-1].objectives[0].kpis] == [
        ("K9", False, "not in kpis.yaml")
    ]
    o3 = next(o for o in card(r, "databridge-foundation").objectives if o.id == "O3")
    assert (o3.status, o3.done, o3.open, o3.overdue) == ("achieved", dt.date(2026, 11, 20), False, False)

    md = report_text(root, "md", tmp_path)
    for row in (
        "| 🟢 G Align | O5 Agree the valuation of both sides' IP contributions | at-risk "
        "| 2026-10-31 **25 days overdue** | K3 on track: 106% of plan \\(expected 8, actual 7\\) |",
        "| 🟡 A Build | O2 Define the bed-flow MVP with three pilot hospitals | at-risk | 2027-02-28 "
        "| K4 behind plan: 71% of plan \\(expected 2.8, actual 2\\) |",
        "|  | action AC1 Receive and circulate the external MDR classification opinion | in-progress, elena.petrova "
        "| 2026-12-15 | |",
        "| 🟢 G Enable | action AC6 Schedule the third clinical-domain workshop | open, hannah.kowalski "
        "| 2027-01-22 | |",
        "| 🟢 G Support | O4 Agree the JV's support and regulatory operating model | on-track | 2027-03-31 "
        "| no KPI linked |",
        "| no bucket | Hire the JV's managing director | no status | 2027-01-15 | K9: not in kpis.yaml |",
        "| 🟢 G Enable | O3 Contribute 1,000 employee volunteer hours a year | achieved on 2026-11-20 | 2026-12-31 "
        "| K2 behind plan: 76% of plan \\(expected 931, actual 780\\) |",
    ):
        assert f"\n{row}\n" in md, row
    assert "| Open action |" not in md  # the plan lists them, by bucket

    html = report_text(root, "html", tmp_path)
    check_html_is_inert(html)
    assert (
        '<tr class="overdue"><th><span class="muted">O5</span> Agree the valuation of both sides&#39; IP contributions'
        '<td><span class="st at-risk">at-risk</span><td>2026-10-31<div class="small"><strong>25 days overdue</strong>'
        '</div><td><div class="kl"><span class="muted">K3</span> <span class="ps on-track">on track</span> '
        "<small>106% of plan (expected 8, actual 7)</small></div>"
    ) in html
    assert '<tr class="bk"><th colspan="4" scope="rowgroup"><span class="rag a">A</span>Build' in html
    assert '<tr class="closed"><th><span class="muted">O3</span> Contribute 1,000 employee volunteer hours' in html


def stale_unknown_and_suppressed(tmp_path: Path) -> Path:
    """The example with four of Harbor's ratings left since June (stale, so its band is unknown)
    and Snowpeak suppressing the rule its unmitigated risk breaks."""
    root = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, root)
    status = root / "partnerships" / "harbor-crm" / "status.yaml"
    text = status.read_text()
    for bucket in ("Align", "Build", "Monetize", "Support"):
        at = text.index("updated: 2026-11-18", text.index(f"  {bucket}:"))
        text = text[:at] + "updated: 2026-06-01" + text[at + len("updated: 2026-11-18") :]
    status.write_text(text)
    charter = root / "partnerships" / "snowpeak-data" / "charter.yaml"
    charter.write_text(
        charter.read_text() + "suppress:\n  - {rule: PK403, reason: Canvas overlap is handled at the executive level}\n"
    )
    return root


def test_stale_ratings_unknown_bands_and_suppressions_are_shown_for_what_they_are(tmp_path: Path) -> None:
    root = stale_unknown_and_suppressed(tmp_path)
    r = model(root)
    harbor, snowpeak = card(r, "harbor-crm"), card(r, "snowpeak-data")
    assert [c.letter for c in harbor.cells] == ["A?", "G?", "G", "R?", "G?", "G"]
    assert [c.stale for c in harbor.cells] == [True, True, False, True, True, False]
    assert (harbor.score.band, harbor.score.shown, harbor.score.covered, harbor.score.buckets) == (
        "unknown",
        f"{harbor.score.value}?",
        1,
        6,
    )
    assert harbor.score.band_words == "unknown: not enough evidence (1 of 6 buckets backed by current facts)"
    assert r.summary.by_band["unknown"] == 1 and r.summary.by_rag["stale"] == 4
    assert [b.stale for b in r.summary.buckets] == [1, 1, 0, 1, 1, 0]
    assert snowpeak.suppressions == ("PK403 risk-high-unmitigated: Canvas overlap is handled at the executive level",)
    assert all(reason.component != "suppressed" for reason in snowpeak.score.reasons)  # listed apart, not as costs

    md = report_text(root, "md", tmp_path)
    score = harbor.score.value
    assert (
        f"| Harbor CRM Ltd | standard | exiting | 🟡 A? | 🟢 G? | 🟢 G | 🔴 R? | 🟢 G? | 🟢 G | {score}? unknown |"
        in md
    )
    assert "G? stale: not updated for over 90 days, so not counted as current" in md
    assert "| Scores | 🟢 healthy 9 · 🟡 watch 0 · 🔴 at risk 0 · ⚪ unknown 1 |" in md
    assert "| Bucket ratings | G 45 · A 11 · R 0 · stale 4 · not rated 0 |" in md
    assert (
        f"**Score {score}?** · band unknown: not enough evidence \\(1 of 6 buckets backed by current facts\\) · "
        "evidence coverage 17% ·"
    ) in md
    assert "- **Monetize R?** (stale): No new joint pipeline" in md
    assert (
        "\n**Suppressed rules:** PK403 risk-high-unmitigated: Canvas overlap is handled at the executive level\n" in md
    )

    html = report_text(root, "html", tmp_path)
    check_html_is_inert(html)
    assert '<td><span class="rag r s" title="stale: last updated 2026-06-01">R?</span>' in html
    assert f'<span class="score">{score}?</span> <span class="band n">unknown</span>' in html
    assert "<strong>Band unknown: not enough evidence (1 of 6 buckets backed by current facts).</strong>" in html
    assert "evidence coverage 17%" in html
    assert '<span class="rag g s">G?</span> stale: not updated for over 90 days' in html  # the legend
    assert (
        "<strong>Suppressed rules:</strong> PK403 risk-high-unmitigated: "
        "Canvas overlap is handled at the executive level"
    ) in html
    assert "1 unknown" in html


def test_kpi_progress_reads_against_the_plan(tmp_path: Path) -> None:
    md = report_text(EXAMPLE, "md", tmp_path)
    assert "| KPI | Baseline | Latest | Target | Progress against plan |" in md
    assert (
        "| K2 Northwind-certified presales engineers at Brightline | 1 people | 3 people (2026-09-30) "
        "| 4 people by 2027-03-31 | ███████░░░ behind plan: 67% of plan \\(expected 4, actual 3\\) |"
    ) in md
    assert "87% of the way from baseline to target |" in md  # DataBridge's K4 has no dated plan
    assert "of target" not in md.replace("of the way from baseline to target", "")
    html = report_text(EXAMPLE, "html", tmp_path)
    assert (
        '<span class="ps behind-plan">behind plan</span> <span class="sm">67% of plan (expected 4, actual 3)</span>'
    ) in html
    assert "where the plan expects it today" in html  # the legend of the bars' marker


# --- escaping helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme | Co", r"Acme \| Co"),
        ("two\nlines\r\nhere", "two lines here"),
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        ("[x](javascript:alert(1))", r"\[x\]\(javascript:alert\(1\)\)"),
        ("ping @org/team and a@b.example", "ping @&#8203;org/team and a@&#8203;b.example"),
        ("see #123 or GH-7", "see #&#8203;123 or GH-&#8203;7"),
        (
            "https://evil.example.com and www.evil.example",
            "https:&#8203;//evil.example.com and www&#8203;.evil.example",
        ),
        ("- not a list", r"\- not a list"),
        ("1. not a list, but 1.5 stays", r"1\. not a list, but 1.5 stays"),
        ("# no heading", r"\# no heading"),
        ("*a* _b_ `c` ~d~ $e$ {f} !g \\h", r"\*a\* \_b\_ \`c\` \~d\~ \$e\$ \{f\} \!g \\h"),
        ("bidi\u202etxet and \x07bell", "biditxet and bell"),
    ],
)
def test_markdown_escaping(text: str, expected: str) -> None:
    assert str(md_escape(text)) == expected


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://contracts.example.com/a.pdf", True),
        ("http://example.com", True),
        ("mailto:legal@example.com", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("/relative/path.pdf", False),
        ("//evil.example.com/x", False),
        ("https:evil.example.com", False),
        ("https://", False),
        ("https://exa mple.com", False),
        ("file:///etc/passwd", False),
    ],
)
def test_only_http_https_and_mailto_become_links(url: str, safe: bool) -> None:
    assert bool(safe_url(url)) is safe


def test_numbers_for_people() -> None:
    assert [number(v) for v in (2_400_000, 1_150_000, 650_000, 12_500, 2400, 99.93, 0.5, -3, None)] == [
        "2.4M",
        "1.15M",
        "650k",
        "12.5k",
        "2,400",
        "99.93",
        "0.5",
        "−3",
        "–",
    ]


# --- snapshots ------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["md", "html"])
def test_report_matches_snapshot(output_format: str, tmp_path: Path) -> None:
    text = report_text(EXAMPLE, output_format, tmp_path)
    snapshot = SNAPSHOTS / f"report.{output_format}"
    if UPDATE:
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.exists(), f"{snapshot} is missing: run PARTNERKIT_UPDATE_SNAPSHOTS=1 pytest {__file__}"
    assert text == snapshot.read_text(encoding="utf-8"), (
        f"the {output_format} report changed; "
        "if that is intended, run PARTNERKIT_UPDATE_SNAPSHOTS=1 pytest tests/test_report.py"
    )


def test_report_prints_markdown_by_default_and_renders_in_process() -> None:
    result = invoke(["report", str(EXAMPLE), "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Partnership portfolio report\n")
    assert result.output == render(model(), "md")


def flat(output: str) -> str:
    """Typer's error box, as one line of words."""
    return " ".join(output.replace("│", " ").split())


def test_report_usage_errors(tmp_path: Path) -> None:
    result = invoke(["report", str(EXAMPLE), "--format", "pdf"])
    assert result.exit_code == 2 and "md or html" in flat(result.output)
    result = invoke(["report", str(EXAMPLE), "--templates", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "not a folder" in flat(result.output)
    result = invoke(["report", str(EXAMPLE), "--as-of", "2026-13-01"])
    assert result.exit_code == 2


def test_output_is_written_atomically_and_never_through_a_link(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("old")
    result = invoke(["report", str(EXAMPLE), "--as-of", "2026-11-25", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left behind
    target = tmp_path / "target.md"
    target.write_text("keep")
    (tmp_path / "link.md").symlink_to(target)
    result = invoke(["report", str(EXAMPLE), "-o", str(tmp_path / "link.md")])
    assert result.exit_code == 2 and "symbolic link" in result.output and target.read_text() == "keep"


# --- templates ------------------------------------------------------------------------------


def test_templates_folder_overrides_the_shipped_template(tmp_path: Path) -> None:
    custom = tmp_path / "mine" / "report"
    custom.mkdir(parents=True)
    (custom / "report.md.j2").write_text(
        "Custom report {{ report.as_of }}: {{ report.summary.partnerships }} partnerships\n"
        "{% for p in report.partnerships %}- {{ p.label }} {{ p.score.value }}\n{% endfor %}"
        "{{ 'a|b @team' }}\n"
    )
    md = report_text(EXAMPLE, "md", tmp_path, "--templates", str(tmp_path / "mine"))
    assert md.startswith("Custom report 2026-11-25: 10 partnerships\n- Brightline Solutions GmbH 85\n")
    assert md.endswith("a\\|b @&#8203;team\n")  # escaping applies to custom templates too
    # Only the Markdown template was replaced: HTML still comes from the shipped one.
    html = report_text(EXAMPLE, "html", tmp_path, "--templates", str(tmp_path / "mine"))
    assert html.startswith("<!DOCTYPE html>")


def test_custom_html_templates_are_autoescaped_whatever_their_name(tmp_path: Path) -> None:
    custom = tmp_path / "mine" / "report"
    custom.mkdir(parents=True)
    (custom / "report.html.j2").write_text("{% include 'report/part.j2' %}")
    (custom / "part.j2").write_text("<p>{{ '<script>x</script>' }}</p>")
    html = report_text(EXAMPLE, "html", tmp_path, "--templates", str(tmp_path / "mine"))
    assert html == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ report.nope }}", "nope"),
        ("{% for x in %}", "report/report.md.j2:1"),
    ],
)
def test_a_broken_custom_template_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    custom = tmp_path / "mine" / "report"
    custom.mkdir(parents=True)
    (custom / "report.md.j2").write_text(text)
    result = invoke(["report", str(EXAMPLE), "--templates", str(tmp_path / "mine")])
    assert result.exit_code == 2 and "Error:" in result.output and message in result.output, result.output
    assert "Traceback" not in result.output


# --- hostile input --------------------------------------------------------------------------

LONG_WORD = "W" * 300
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> \" onmouseover=\"x ' onfocus='y "
    "[link](javascript:alert(1)) a | b || c\nnew line\r\n| --- | @org/team #123 GH-9 "
    f"https://evil.example.com www.evil.example <!-- x --> **bold** `code` {LONG_WORD}"
)
BAD_LINKS = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " JaVaScRiPt:alert(document.domain)",
    "/etc/passwd",
]


def hostile_portfolio(tmp_path: Path) -> Path:
    """The example portfolio with every free-text field of cirrus-hosting made hostile."""
    root = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, root)
    folder = root / "partnerships" / "cirrus-hosting"

    def rewrite(name: str, change) -> None:  # type: ignore[no-untyped-def]
        data = yaml.safe_load((folder / name).read_text())
        change(data)
        (folder / name).write_text(json.dumps(data, default=str))  # JSON is YAML 1.2

    def charter(c: dict) -> None:
        c["name"] = c["summary"] = c["value_proposition"] = HOSTILE
        c["partner"]["name"] = HOSTILE
        c["mutual_benefit"] = {"us": [HOSTILE, HOSTILE], "partner": [HOSTILE]}
        for o in c["objectives"]:
            o["text"] = HOSTILE
        c["contacts"] = [{"name": HOSTILE, "role": HOSTILE, "email": HOSTILE}]
        c["governance"]["communication"] = HOSTILE

    def status(s: dict) -> None:
        for entry in s["buckets"].values():
            entry["evidence"] = HOSTILE
        s["buckets"]["Monetize"]["rag"] = "red"

    def risks(r: dict) -> None:
        for risk in r["risks"]:
            risk["title"] = risk["mitigation"] = risk["description"] = HOSTILE

    def kpis(k: dict) -> None:
        for kpi in k["kpis"]:
            kpi["name"] = kpi["unit"] = HOSTILE
            for m in kpi["measurements"]:
                m["note"] = HOSTILE

    def agreements(a: dict) -> None:
        for agreement in a["agreements"]:
            agreement["title"] = agreement["terms"] = HOSTILE
        a["agreements"][1]["renewal"] = {"decision": "renew", "note": HOSTILE}

    def actions(a: dict) -> None:
        for action in a["actions"]:
            action["title"] = HOSTILE
            action["state"] = "open"

    def reviews(r: dict) -> None:
        for review in r["reviews"]:
            review["summary"] = HOSTILE
            review["decisions"] = [HOSTILE, HOSTILE]
            review["attendees"] = [HOSTILE]

    for name, change in [
        ("charter.yaml", charter),
        ("status.yaml", status),
        ("risks.yaml", risks),
        ("kpis.yaml", kpis),
        ("agreements.yaml", agreements),
        ("actions.yaml", actions),
        ("reviews.yaml", reviews),
    ]:
        rewrite(name, change)
    return root


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "xlink:href",
    "background",
    "cite",
    "ping",
}
OUR_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "nav",
    "a",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "div",
    "span",
    "small",
    "strong",
    "em",
    "p",
    "br",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "details",
    "summary",
    "article",
    "footer",
    "code",
    "colgroup",
    "col",
    "svg",
    "rect",
    "circle",
    "line",
    "polyline",
    "path",
    "text",
}


def check_html_is_inert(html: str) -> Tags:
    assert "<script" not in html.lower()
    parsed = Tags()
    parsed.feed(html)
    parsed.close()
    for tag, attrs in parsed.tags:
        assert tag in OUR_TAGS, f"unexpected <{tag}>"
        for name, value in attrs:
            assert not name.startswith("on"), f"<{tag} {name}=...>"
            assert name not in ("style",) or "url(" not in (value or ""), f"<{tag} style={value!r}>"
            if name in URL_ATTRIBUTES:
                assert tag == "a" and name == "href", f"<{tag} {name}={value!r}>"
                assert value and (value.startswith("#") or re.match(r"(https?://[^\s]+|mailto:\S+@\S+)$", value)), value
    style = html[html.index("<style>") : html.index("</style>")]
    assert "url(" not in style and "@import" not in style
    return parsed


def markdown_tables(md: str) -> list[list[str]]:
    tables, current = [], []
    for line in md.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables + ([current] if current else [])


def unescaped_pipes(line: str) -> int:
    count, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        count += line[i] == "|"
        i += 1
    return count


def test_hostile_text_cannot_break_or_script_either_report(tmp_path: Path) -> None:
    root = hostile_portfolio(tmp_path)
    r = model(root)
    cirrus = next(c for c in r.partnerships if c.id == "cirrus-hosting")
    # the data is hostile (links like BAD_LINKS never load: test_reading_hazards.py checks they are refused)
    assert cirrus.partner == HOSTILE.strip() and cirrus.agreements[0].title == HOSTILE.strip()

    html = report_text(root, "html", tmp_path)
    parsed = check_html_is_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&#34; onmouseover=&#34;x" in html or "&quot; onmouseover=&quot;x" in html
    hrefs = [v for tag, attrs in parsed.tags for k, v in attrs if k == "href"]
    assert not [h for h in hrefs if h and ("javascript" in h.lower() or h.startswith("data:") or h == "/etc/passwd")]
    text = "".join(parsed.text)
    assert "javascript:alert(1)" in text and LONG_WORD in text  # shown as text, not as links

    md = report_text(root, "md", tmp_path)
    tables = markdown_tables(md)
    assert len(tables) > 20
    for table in tables:
        cells = unescaped_pipes(table[0])
        assert all(unescaped_pipes(row) == cells for row in table), "\n".join(table)
    assert "<script" not in md and "<img" not in md and "<!--" not in md
    assert not re.search(r"@(?!&#8203;)[\w-]", md), "an @mention survived"
    assert not re.search(r"(?<!&)#\d", md), "an issue reference survived"
    assert "](javascript:" not in md and "](data:" not in md and "](/etc" not in md
    ours = re.sub(r"\]\((?:https?|mailto):[^)\s]*\)", "]()", md)  # the links the template made on purpose
    assert "https://" not in ours and "http://" not in ours and "www." not in ours
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md  # the hostile text is there, as text
    heat = next(t for t in tables if t[0].startswith("| Partnership | Tier | Stage |"))
    assert any("🔴 R" in row for row in heat if "evil" in row)


def test_agreements_show_their_terms_as_they_stand_today() -> None:
    cards = {c.id: c for c in model().partnerships}
    sla = next(a for a in cards["cirrus-hosting"].agreements if a.id == "SLA-CR-2024")
    assert sla.structured and [(s.id, s.state, s.latest, s.latest_date, s.bound) for s in sla.slas] == [
        ("availability", "breached", 99.93, dt.date(2026, 10, 31), "at least"),  # K1 (percent) against 99.95
        ("p1-restore", "met", 85, dt.date(2026, 9, 30), "at most"),  # K3 counts down: 85 minutes of at most 120
    ]
    assert sla.slas[0].unit == "%" and sla.slas[0].kpi_name == "EU region availability" and sla.slas[0].penalty
    (p1,) = next(a for a in cards["tessellate-oem"].agreements if a.id == "SLA-TS-2022").slas
    assert (p1.kpi, p1.state, p1.latest) == ("K4", "met", 2)

    reseller = next(a for a in cards["brightline-distribution"].agreements if a.id == "RSL-BL-2025")
    (discount,) = reseller.incentives
    assert (discount.when, discount.kind, discount.actual, discount.unit, discount.met, discount.state) == (
        "K1 >= 1500000",
        "rebate",
        1780000,
        "EUR",
        True,
        "met",
    )
    (shortfall,) = reseller.penalties
    assert (shortfall.kind, shortfall.met, shortfall.actual) == ("", False, 3)
    mdf = next(a for a in cards["brightline-distribution"].agreements if a.id == "MDF-BL-2026")
    assert mdf.cost_share is not None and (mdf.cost_share.us, mdf.cost_share.partner) == (50, 50)

    referral = next(a for a in cards["meridian-consulting"].agreements if a.id == "REF-MCG-2024").revenue_share
    assert referral is not None and referral.kpi == "K2" and referral.latest == 2100000 and referral.unit == "USD"
    assert [(t.start, t.us, t.partner, t.current) for t in referral.tiers] == [
        (0, 90, 10, False),
        (2000000, 88, 12, True),  # Meridian-influenced bookings passed USD 2M
    ]
    fee = next(a for a in cards["snowpeak-data"].agreements if a.id == "RS-2025-01").fees
    assert [(f.name, f.words) for f in fee] == [("Marketplace fee", "3% of private-offer value, paid by us")]
    assert not next(a for a in cards["cirrus-hosting"].agreements if a.id == "MSA-CR-2024").structured


def test_terms_read_in_both_reports(tmp_path: Path) -> None:
    md = report_text(EXAMPLE, "md", tmp_path)
    assert (
        "| SLA-CR-2024 | SLA availability: Monthly availability of the EU region | at least 99.95%, measured by K1; "
        "penalty: Service credit of 5% of the monthly fees per started 0.05 points below, up to 20% | **breached**: "
        "99.93% on 2026-10-31 |"
    ) in md
    assert "| RSL-BL-2025 | incentive gold-discount (rebate) | when K1 &gt;= 1500000: " in md
    assert "| **met**: K1 at 1.78M EUR |" in md and "| does not apply: K2 at 3 people |" in md
    assert "88/12 applies: K2 at 2.1M USD |" in md
    html = report_text(EXAMPLE, "html", tmp_path)
    assert '<span class="pill late">breached</span> <small>99.93% on 2026-10-31</small>' in html
    assert "<code>K1 &gt;= 1500000</code>: Resale discount rises" in html
    assert '<div class="cur">88/12 <small>from 2M USD</small></div>' in html


def test_hostile_terms_cannot_break_or_script_either_report(tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, root)
    path = root / "partnerships" / "cirrus-hosting" / "agreements.yaml"
    data = yaml.safe_load(path.read_text())
    sla = next(a for a in data["agreements"] if a["id"] == "SLA-CR-2024")
    for s in sla["sla"]:
        s["metric"] = s["penalty"] = s["unit"] = HOSTILE
    sla["revenue_share"] = {"of": HOSTILE, "kpi": "K1", "tiers": [{"from": 0, "us": 80}, {"from": 99.9, "us": 70}]}
    sla["cost_share"] = {"us": 50, "covers": HOSTILE}
    sla["fees"] = [{"name": HOSTILE, "amount": 3, "unit": HOSTILE, "of": HOSTILE}]
    sla["incentives"] = [{"id": "I1", "when": "K1 >= 99", "reward": HOSTILE}]
    sla["penalties"] = [{"id": "X1", "when": "K1 < 99.99", "consequence": HOSTILE}]
    path.write_text(json.dumps(data, default=str))
    r = model(root)
    (view,) = [a for a in card(r, "cirrus-hosting").agreements if a.id == "SLA-CR-2024"]
    assert view.slas[0].metric == HOSTILE.strip() and view.incentives[0].met and view.penalties[0].met

    html = report_text(root, "html", tmp_path)
    check_html_is_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    md = report_text(root, "md", tmp_path)
    terms = next(t for t in markdown_tables(md) if "SLA-CR-2024" in t[2])
    assert len(terms) == 2 + 7 and all(unescaped_pipes(row) == 5 for row in terms), "\n".join(terms)
    assert "<script" not in md and "](javascript:" not in md


# --- a real browser -------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(tmp_path: Path, page: Path, *args: str) -> tuple[str, list[str]]:
    """Run headless Chromium on ``page``; return (stdout, URLs the page itself asked the network for).

    How "no network request" is checked: Chromium writes every request it makes to a NetLog
    (``--log-net-log``). Chromium itself also calls home (component updates, accounts) even with
    background networking disabled, so only the requests made for the page count: those whose
    initiator is the page's opaque file:// origin ("null") or whose network isolation key is the
    file:// site. A control page with an <img> on a made-up host proves the check sees such a
    request. ``--host-resolver-rules="MAP * ~NOTFOUND"`` makes every host name unresolvable, so
    nothing leaves the machine whatever the page or the browser tries.
    """
    assert CHROMIUM is not None
    netlog = tmp_path / f"{page.stem}-netlog.json"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={tmp_path / ('profile-' + page.stem + '-' + str(len(args)))}",
        f"--log-net-log={netlog}",
        *args,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requested = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] != start_job or "url" not in params:
            continue
        for_page = params.get("initiator") == "null" or "file://" in str(params.get("network_isolation_key", ""))
        if for_page and not params["url"].startswith(("file:", "data:", "about:")):
            requested.append(params["url"])
    return done.stdout, requested


@pytest.fixture
def browser() -> None:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; .ci/run must install it (apt-get install -y chromium)")
        pytest.skip(
            "chromium is not installed (apt-get install -y chromium): the HTML report is not checked in a browser"
        )


@pytest.mark.slow
def test_html_report_in_a_real_browser(browser: None, tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><html><body><img src="http://partnerkit-probe.invalid/x.png"><p>control</p></body></html>'
    )
    _, requested = chromium(tmp_path, control, "--dump-dom")
    assert requested == ["http://partnerkit-probe.invalid/x.png"], requested  # the check sees a request

    page = tmp_path / "report.html"
    page.write_text(report_text(EXAMPLE, "html", tmp_path), encoding="utf-8")
    dom, requested = chromium(tmp_path, page, "--dump-dom")
    assert requested == [], f"the report asked the network for {requested}"

    class Heat(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.in_heat = self.in_body = self.in_cell = self.in_score = False
            self.letters: list[str] = []
            self.scores: list[str] = []
            self.matrices: list[int] = []
            self.tags: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.add(tag)
            a = dict(attrs)
            classes = (a.get("class") or "").split()
            if tag == "table" and "heat" in classes:
                self.in_heat = True
            elif self.in_heat and tag == "tbody":
                self.in_body = True
            elif self.in_body and tag == "span":
                self.in_cell = "rag" in classes
                self.in_score = "score" in classes
            elif tag == "svg" and "risk-matrix" in classes:
                self.matrices.append(int(a["data-open"] or 0))

        def handle_endtag(self, tag: str) -> None:
            if tag == "tbody":
                self.in_body = False
            if tag == "table":
                self.in_heat = False

        def handle_data(self, data: str) -> None:
            if self.in_cell and data.strip():
                self.letters.append(data.strip())
                self.in_cell = False
            if self.in_score and data.strip():
                self.scores.append(data.strip())
                self.in_score = False

    seen = Heat()
    seen.feed(dom)
    r = model()
    assert seen.letters == [c.letter for p in r.partnerships for c in p.cells]
    assert seen.scores == [p.score.shown for p in r.partnerships]
    assert seen.matrices == [len(p.risks.open) for p in r.partnerships]
    assert "script" not in seen.tags and "img" not in seen.tags
    assert 'http-equiv="Content-Security-Policy"' in dom and "default-src 'none'" in dom

    shot = tmp_path / "report.png"
    _, requested = chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2000")
    assert requested == []
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 50_000
