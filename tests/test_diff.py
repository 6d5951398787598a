"""The semantic diff of two portfolios and its text, Markdown and JSON renderings."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.diff import (
    Change,
    DiffSummary,
    PartnershipDiff,
    PortfolioDiff,
    ScoreDrop,
    Side,
    diff_portfolios,
)
from partnerkit.diff.gates import fail_reasons
from partnerkit.health import assess
from partnerkit.lint import lint
from partnerkit.load.source import WorkingTree
from partnerkit.render import diff_json, diff_markdown, diff_text
from partnerkit.settings import load_config
from tests.conftest import AS_OF, BASE

HOSTILE = "Evil | Co\n<script>alert(1)</script> @org/team #123 https://x.example [a](javascript:x)"


@pytest.fixture
def roots(tmp_path: Path) -> tuple[Path, Path]:
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(BASE, base)
    shutil.copytree(BASE, head)
    return base, head


def side(root: Path, as_of: dt.date = AS_OF) -> Side:
    result = lint(WorkingTree(root), load_config(root), as_of)
    portfolio = result.loaded.portfolio
    return Side(portfolio, assess(result), result.diagnostics)


def diff(base: Path, head: Path, as_of: dt.date = AS_OF) -> PortfolioDiff:
    return diff_portfolios(side(base, as_of), side(head, as_of), as_of)


def edit(root: Path, name: str, old: str, new: str, pid: str = "acme") -> None:
    path = root / "partnerships" / pid / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def append(root: Path, name: str, text: str, pid: str = "acme") -> None:
    path = root / "partnerships" / pid / name
    path.write_text(path.read_text() + text)


def clone(root: Path, pid: str, name: str) -> None:
    """A copy of acme as partnership ``pid`` called ``name``."""
    shutil.copytree(root / "partnerships" / "acme", root / "partnerships" / pid)
    edit(root, "charter.yaml", "id: acme", f"id: {pid}", pid)
    edit(root, "charter.yaml", "name: Acme Cloud integration", f"name: {name}", pid)


def one(d: PortfolioDiff, pid: str = "acme") -> PartnershipDiff:
    (found,) = [p for p in d.partnerships if p.id == pid]
    return found


def change(p: PartnershipDiff, kind: str) -> Change:
    (found,) = [c for c in p.changes if c.kind == kind]
    return found


def kinds(p: PartnershipDiff) -> list[str]:
    return [c.kind for c in p.changes]


# --- partnerships ----------------------------------------------------------------------------


def test_identical_portfolios_have_no_diff(roots: tuple[Path, Path]) -> None:
    d = diff(*roots)
    assert d.is_empty and d.partnerships == ()
    assert diff_text.summary_line(d.summary) == "No changes to any partnership."
    assert fail_reasons(d, ["new-errors", "red-without-evidence", "score-drop=1"]) == []


def test_added_removed_and_renamed(roots: tuple[Path, Path]) -> None:
    base, head = roots
    for root in roots:
        clone(root, "initech", "Initech reseller programme")
        clone(root, "umbrella", "Umbrella data partnership")
        # a finding that travels with the renamed folder: an overdue action
        edit(root, "actions.yaml", "due: 2026-12-15", "due: 2026-11-01", "umbrella")
    shutil.rmtree(head / "partnerships" / "initech")
    (head / "partnerships" / "umbrella").rename(head / "partnerships" / "umbrella-corp")
    edit(head, "charter.yaml", "id: umbrella", "id: umbrella-corp", "umbrella-corp")
    clone(head, "globex", "Globex marketplace")

    d = diff(base, head)
    assert [(p.id, p.state) for p in d.partnerships] == [
        ("globex", "added"),
        ("initech", "removed"),
        ("umbrella-corp", "renamed"),
    ]
    added, removed, renamed = d.added[0], d.removed[0], d.renamed[0]
    assert (added.name, added.score_before, added.score_after) == ("Globex marketplace", None, 89)
    assert (removed.old_folder, removed.new_folder, removed.score_after) == ("partnerships/initech", None, None)
    assert renamed.changes == (
        Change(
            "renamed",
            "umbrella-corp",
            "renamed partnerships/umbrella -> partnerships/umbrella-corp",
            "partnerships/umbrella",
            "partnerships/umbrella-corp",
        ),
    )
    # the overdue action's finding moved with the folder: neither fixed nor new
    assert renamed.introduced == renamed.fixed == ()
    assert (d.summary.added, d.summary.removed, d.summary.renamed, d.summary.changed) == (1, 1, 1, 0)


def test_a_folder_moved_under_the_same_charter_id_is_followed(roots: tuple[Path, Path]) -> None:
    base, head = roots
    (head / "partnerships" / "acme").rename(head / "partnerships" / "acme-cloud")
    d = diff(base, head)
    (p,) = d.partnerships
    assert (p.id, p.state, p.old_folder, p.new_folder) == (
        "acme-cloud",
        "renamed",
        "partnerships/acme",
        "partnerships/acme-cloud",
    )
    assert change(p, "renamed").text == "renamed partnerships/acme -> partnerships/acme-cloud"
    # the charter still says acme: that mismatch is an error the change introduces
    assert [x.code for x in p.introduced] == ["PK010"]
    assert fail_reasons(d, ["new-errors"]) == [
        "new error PK010 id-folder-mismatch in partnerships/acme-cloud/charter.yaml: "
        "the charter's id 'acme' differs from its folder name 'acme-cloud'"
    ]


def test_an_ambiguous_rename_stays_removed_and_added(roots: tuple[Path, Path]) -> None:
    base, head = roots
    for pid in ("east", "west"):
        clone(base, pid, "Regional resale")
    for pid in ("east-2", "west-2"):
        clone(head, pid, "Regional resale")
    states = [(p.id, p.state) for p in diff(base, head).partnerships]
    assert states == [("east", "removed"), ("east-2", "added"), ("west", "removed"), ("west-2", "added")]


def test_portfolio_level_changes_and_findings(roots: tuple[Path, Path]) -> None:
    base, head = roots
    (head / "people.yaml").write_text((head / "people.yaml").read_text() + "  zed: {name: Zed Adams}\n")
    d = diff(base, head)
    assert d.partnerships == ()
    assert d.changes == (Change("person-added", "zed", "person zed added"),)
    assert [(x.code, x.path) for x in d.introduced] == [("PK901", "people.yaml")]
    assert (d.summary.new_findings, d.summary.new_errors) == (1, 0)
    assert fail_reasons(d, ["new-errors"]) == [] and len(fail_reasons(d, ["new-findings"])) == 1


def test_an_unreadable_file_is_not_reported_as_everything_removed(roots: tuple[Path, Path]) -> None:
    base, head = roots
    (head / "partnerships" / "acme" / "kpis.yaml").write_text("kpis: [unclosed\n")
    p = one(diff(base, head))
    assert [c.text for c in p.changes] == ["kpis.yaml could not be read now, so its changes are not shown"]
    assert [x.code for x in p.introduced] == ["PK001"]


# --- inside a partnership --------------------------------------------------------------------


def test_charter_changes(roots: tuple[Path, Path]) -> None:
    base, head = roots
    edit(head, "charter.yaml", "stage: active", "stage: renewal")
    edit(head, "charter.yaml", "tier: strategic", "tier: key")
    edit(head, "charter.yaml", "owner: ana", "owner: lee")
    edit(head, "charter.yaml", "sponsor: raj", "sponsor: mia")
    p = one(diff(base, head))
    assert p.state == "changed"
    assert [(c.kind, c.text, c.before, c.after) for c in p.changes] == [
        ("stage", "stage active -> renewal", "active", "renewal"),
        ("tier", "tier strategic -> key", "strategic", "key"),
        ("owner", "owner ana -> lee", "ana", "lee"),
        ("sponsor", "sponsor raj -> mia", "raj", "mia"),
    ]


def test_rag_change_carries_its_evidence_and_costs_points(roots: tuple[Path, Path]) -> None:
    base, head = roots
    edit(
        head,
        "status.yaml",
        "Monetize: {rag: green, evidence: Pipeline at 60% of target",
        "Monetize: {rag: red, evidence: pipeline slipped to Q3",
    )
    edit(head, "status.yaml", "evidence: Connector live", "evidence: Connector live in two regions")
    d = diff(base, head)
    p = one(d)
    rag = change(p, "rag")
    assert rag == Change(
        "rag",
        "Monetize",
        "Monetize went green -> red (evidence: pipeline slipped to Q3)",
        "green",
        "red",
        "pipeline slipped to Q3",
    )
    assert change(p, "rag-evidence").text == "Build stays green; evidence now: Connector live in two regions"
    assert (p.score_before, p.score_after, p.score_delta) == (89, 74, -15)
    assert any(r.text == "Monetize red" for r in p.reasons)
    assert d.summary.score_drops == (ScoreDrop("acme", 89, 74),)
    assert d.red_without_evidence == ()


def test_kpi_changes(roots: tuple[Path, Path]) -> None:
    base, head = roots
    edit(base, "kpis.yaml", "      - {date: 2026-09-30, value: 1200000}\n", "")
    append(
        head,
        "kpis.yaml",
        "  - {id: deals, name: Joint deals won, bucket: Monetize, baseline: 0, target: 10, owner: ana}\n",
    )
    d = diff(base, head)
    assert [(c.kind, c.text) for c in one(d).changes] == [
        ("kpi-added", "KPI deals added: Joint deals won, target 10"),
        ("kpi-measurement", "KPI pipeline: new measurement 1.2M EUR on 2026-09-30; attainment 40% -> 60%"),
    ]
    # the other way round: a KPI removed, a target moved
    d = diff(head, base)
    assert [c.text for c in one(d).changes] == ["KPI deals removed: Joint deals won"]
    edit(head, "kpis.yaml", "target: 2000000", "target: 3000000")
    edit(head, "kpis.yaml", "baseline: 0\n    target: 3", "baseline: 100000\n    target: 3")
    texts = [c.text for c in one(diff(base, head)).changes if c.subject == "pipeline"]
    assert texts == [
        "KPI pipeline: new measurement 1.2M EUR on 2026-09-30; attainment 40% -> 38%",
        "KPI pipeline: target raised 2M EUR -> 3M EUR",
        "KPI pipeline: baseline 0 EUR -> 100k EUR",
    ]
    assert [c.text for c in one(diff(head, base)).changes if c.kind == "kpi-target"] == [
        "KPI pipeline: target lowered 3M EUR -> 2M EUR; attainment 38% -> 40%"
    ]


OBJECTIVES = """\
  - {id: O2, text: Certify ten Acme sellers, bucket: Enable, due: 2027-03-31, status: planned}
  - {id: O3, text: Publish the joint case study, bucket: Build, due: 2026-12-15, status: on-track}
  - {id: O4, text: Launch in Japan, bucket: Monetize, due: 2027-06-30, status: planned}
  - {text: Agree the 2027 marketing plan, bucket: Align, due: 2027-01-31, status: planned}
"""
O1 = "status: on-track, kpis: [pipeline]}\n"


def test_objective_changes(roots: tuple[Path, Path]) -> None:
    base, head = roots
    for root in roots:
        edit(root, "charter.yaml", O1, O1 + OBJECTIVES)
    edit(head, "charter.yaml", O1, "status: achieved, done: 2026-11-20, kpis: [pipeline]}\n")
    edit(head, "charter.yaml", "due: 2027-03-31, status: planned}", "due: 2027-06-30, status: at-risk}")
    edit(
        head,
        "charter.yaml",
        "due: 2026-12-15, status: on-track}",
        "due: 2026-12-15, status: on-track, kpis: [pipeline]}",
    )
    edit(
        head,
        "charter.yaml",
        "  - {id: O4, text: Launch in Japan, bucket: Monetize, due: 2027-06-30, status: planned}\n",
        "",
    )
    edit(head, "charter.yaml", "due: 2027-01-31, status: planned}", "due: 2027-01-31, status: dropped}")
    edit(
        head,
        "charter.yaml",
        "objectives:\n",
        "objectives:\n  - {id: O5, text: Open a second region, bucket: Build, due: 2027-09-30, status: planned,"
        " kpis: [pipeline]}\n",
    )
    p = one(diff(base, head))
    assert [(c.kind, c.text, c.before, c.after) for c in p.changes] == [
        (
            "objective-added",
            "objective O5 added: Open a second region (Build, due 2027-09-30, planned, measured by pipeline)",
            None,
            "planned",
        ),
        ("objective-removed", "objective O4 removed: Launch in Japan", "planned", None),
        (
            "objective-status",
            "objective O1 achieved on 2026-11-20 (was on-track): Grow joint pipeline to EUR 2M",
            "on-track",
            "achieved",
        ),
        ("objective-status", "objective O2 planned -> at-risk: Certify ten Acme sellers", "planned", "at-risk"),
        ("objective-due", "objective O2 due 2027-03-31 -> 2027-06-30", "2027-03-31", "2027-06-30"),
        ("objective-kpis", "objective O3 measured by KPIs none -> pipeline", "none", "pipeline"),
        ("objective-status", 'objective "Agree the 2027 marketing plan" planned -> dropped', "planned", "dropped"),
    ]
    # objectives are followed by id, or by their text without one: reordering the list is no change
    shutil.rmtree(head)
    shutil.copytree(base, head)
    edit(head, "charter.yaml", O1 + OBJECTIVES, O1 + "".join(reversed(OBJECTIVES.splitlines(keepends=True))))
    assert diff(base, head).partnerships == ()


def test_objective_changes_read_the_same_in_text_markdown_and_json(roots: tuple[Path, Path]) -> None:
    base, head = roots
    edit(head, "charter.yaml", "due: 2026-12-31,\n     status: on-track", "due: 2027-03-31,\n     status: at-risk")
    d = diff(base, head)
    wanted = [
        "objective O1 on-track -> at-risk: Grow joint pipeline to EUR 2M",
        "objective O1 due 2026-12-31 -> 2027-03-31",
    ]
    assert [c.text for c in one(d).changes] == wanted
    out = io.StringIO()
    diff_text.render(d, out)
    assert all(f"  {w}\n" in out.getvalue() for w in wanted)
    text = diff_markdown.markdown(d)
    assert "- objective O1 on-track -&gt; at-risk: Grow joint pipeline to EUR 2M\n" in text
    assert "- objective O1 due 2026-12-31 -&gt; 2027-03-31\n" in text
    out = io.StringIO()
    diff_json.render(d, out)
    changes = json.loads(out.getvalue())["partnerships"][0]["changes"]
    assert [(c["kind"], c["subject"], c["before"], c["after"]) for c in changes] == [
        ("objective-status", "O1", "on-track", "at-risk"),
        ("objective-due", "O1", "2026-12-31", "2027-03-31"),
    ]


PLAN = "    target: 2000000\n"


def test_kpi_plan_changes(roots: tuple[Path, Path]) -> None:
    base, head = roots
    edit(
        base,
        "kpis.yaml",
        PLAN,
        PLAN + "    kind: cumulative\n    baseline_date: 2026-01-01\n    target_date: 2026-12-31\n"
        "    milestones:\n      - {date: 2026-06-30, value: 800000}\n",
    )
    edit(
        head,
        "kpis.yaml",
        PLAN,
        PLAN + "    kind: cumulative\n    baseline_date: 2026-01-01\n    target_date: 2027-03-31\n"
        "    milestones:\n      - {date: 2026-06-30, value: 700000}\n      - {date: 2026-12-31, value: 1500000}\n",
    )
    p = one(diff(base, head))
    # As of 2026-11-25 the old plan expected 800k + 1.2M x 148/184 = 1.77M (1.2M is 68% of it);
    # the new one 700k + 800k x 148/184 = 1.34M (1.2M is 89%): moving the plan moved the KPI.
    assert [(c.kind, c.text, c.before, c.after) for c in p.changes] == [
        (
            "kpi-plan",
            "KPI pipeline: target date 2026-12-31 -> 2027-03-31; 68% -> 89% of plan",
            "2026-12-31",
            "2027-03-31",
        ),
        (
            "kpi-plan",
            "KPI pipeline: milestones 2026-06-30 800k EUR -> 700k EUR; 2026-12-31 1.5M EUR added",
            "2026-06-30 800k EUR",
            "2026-06-30 700k EUR, 2026-12-31 1.5M EUR",
        ),
    ]
    # a target raised with the same plan dates: the KPI falls behind its plan
    edit(head, "kpis.yaml", PLAN, "    target: 2500000\n")
    assert one(diff(base, head)).changes[0].text.startswith("KPI pipeline: target raised 2M EUR -> 2.5M EUR; 68% -> ")
    # a plan given to a KPI that had none
    shutil.rmtree(base)
    shutil.copytree(BASE, base)
    first = one(diff(base, head)).changes[0]
    assert first.text.startswith("KPI pipeline: target raised 2M EUR -> 2.5M EUR; now ")
    assert first.text.endswith("% of plan (was 60% of the way to target)")


@pytest.mark.parametrize(
    ("decision", "kind", "words"),
    [
        ("renew", "agreement-renewed", "renew"),
        ("expand", "agreement-renewed", "renew and expand"),
        ("reduce", "agreement-renewed", "renew with a reduced scope"),
        ("renegotiate", "agreement-renewal", "renegotiate"),
        ("exit", "agreement-renewal", "exit"),
    ],
)
def test_renewal_decisions_read_naturally(roots: tuple[Path, Path], decision: str, kind: str, words: str) -> None:
    base, head = roots
    edit(
        head,
        "agreements.yaml",
        "expiry: 2028-01-31",
        f"expiry: 2028-01-31\n    renewal: {{decision: {decision}, decided: 2026-11-20}}",
    )
    assert change(one(diff(base, head)), kind) == Change(
        kind, "msa", f"MSA: renewal decided on 2026-11-20: {words}", None, decision
    )


def test_risk_changes(roots: tuple[Path, Path]) -> None:
    base, head = roots
    edit(base, "risks.yaml", "likelihood: 4\n    impact: 5", "likelihood: 2\n    impact: 3")
    append(
        head,
        "risks.yaml",
        "  - {id: R2, title: Key engineer leaves, category: people, likelihood: 2, impact: 2,"
        " owner: lee, mitigation: Pair on the connector}\n",
    )
    p = one(diff(base, head))
    assert [(c.kind, c.text) for c in p.changes] == [
        ("risk-added", "risk R2 added: Key engineer leaves (2x2=4, open)"),
        ("risk-rescored", "risk R1: 2x3=6 -> 4x5=20"),
    ]
    assert (change(p, "risk-rescored").before, change(p, "risk-rescored").after) == ("2x3=6", "4x5=20")
    assert p.score_delta == 0  # a bigger risk that is owned and mitigated costs nothing

    edit(base, "risks.yaml", "likelihood: 2\n    impact: 3", "likelihood: 4\n    impact: 5")
    edit(head, "risks.yaml", "status: mitigating", "status: closed\n    closed: 2026-11-20")
    p = one(diff(base, head))
    assert change(p, "risk-closed").text == "risk R1 closed on 2026-11-20: Partner acquired by a competitor"
    assert one(diff(head, base)).changes[0].text == "risk R2 removed from the register: Key engineer leaves"


def test_agreement_changes(roots: tuple[Path, Path]) -> None:
    base, head = roots
    edit(base, "agreements.yaml", "status: signed\n    signed: 2025-01-15", "status: negotiating")
    edit(
        head,
        "agreements.yaml",
        "expiry: 2028-01-31",
        "expiry: 2027-12-31\n    renewal: {decision: renew, decided: 2026-11-20}",
    )
    append(
        head,
        "agreements.yaml",
        "  - {id: sla, kind: sla, title: Joint support SLA, status: signed, signed: 2026-11-01}\n",
    )
    p = one(diff(base, head))
    assert [(c.kind, c.text) for c in p.changes] == [
        ("agreement-signed", "Joint support SLA signed on 2026-11-01"),
        ("agreement-signed", "MSA signed on 2025-01-15 (expires 2027-12-31)"),
        ("agreement-expiry", "MSA expiry moved 2028-01-31 -> 2027-12-31"),
        ("agreement-renewed", "MSA: renewal decided on 2026-11-20: renew"),
    ]
    edit(base, "agreements.yaml", "status: negotiating", "status: signed\n    signed: 2025-01-15")
    edit(
        head,
        "agreements.yaml",
        "id: nda\n    kind: nda\n    status: signed",
        "id: nda\n    kind: nda\n    status: terminated",
    )
    assert change(one(diff(base, head)), "agreement-terminated") == Change(
        "agreement-terminated", "nda", "NDA terminated", "signed", "terminated"
    )


def test_action_changes_and_newly_overdue(roots: tuple[Path, Path]) -> None:
    base, head = roots
    # A1 is overdue on both sides: not news. A2 stays done.
    for root in roots:
        edit(root, "actions.yaml", "due: 2026-12-15", "due: 2026-11-01")
    append(
        head,
        "actions.yaml",
        "  - {id: A3, title: Plan the 2027 launch, owner: ana, due: 2027-01-15}\n"
        "  - {id: A4, title: Send the partner survey, owner: mia, due: 2026-11-10}\n",
    )
    p = one(diff(base, head))
    assert [(c.kind, c.text) for c in p.changes] == [
        ("action-opened", "action A3 opened: Plan the 2027 launch (due 2027-01-15, ana)"),
        ("action-opened", "action A4 opened: Send the partner survey (due 2026-11-10, mia)"),
        ("action-overdue", "action A4 is overdue: due 2026-11-10 (15 days ago): Send the partner survey"),
    ]
    # a new overdue action is a new PK801 finding; A1's existing one is not new
    assert [x.message for x in p.introduced] == ["action 'A4' was due on 2026-11-10 (15 days ago)"]

    # closing A1 fixes its finding; moving A4's date (still past) makes it newly overdue again
    shutil.rmtree(base)
    shutil.copytree(head, base)
    edit(head, "actions.yaml", "state: in-progress", "state: done\n    done: 2026-11-20")
    edit(head, "actions.yaml", "due: 2026-11-10", "due: 2026-11-20")
    p = one(diff(base, head))
    assert [(c.kind, c.text) for c in p.changes] == [
        ("action-closed", "action A1 done on 2026-11-20: Publish the joint case study"),
        ("action-due", "action A4: due 2026-11-10 -> 2026-11-20"),
        ("action-overdue", "action A4 is overdue: due 2026-11-20 (5 days ago): Send the partner survey"),
    ]
    # the finding's message carries the date, so re-dating A4 replaces its finding with a new one
    assert [x.message for x in p.fixed] == [
        "action 'A1' was due on 2026-11-01 (24 days ago)",
        "action 'A4' was due on 2026-11-10 (15 days ago)",
    ]
    assert [x.message for x in p.introduced] == ["action 'A4' was due on 2026-11-20 (5 days ago)"]


def test_review_added(roots: tuple[Path, Path]) -> None:
    base, head = roots
    append(
        head,
        "reviews.yaml",
        "  - {id: 2026-11-steering, date: 2026-11-18, kind: steering, attendees: [raj],"
        " decisions: [Fund the second connector]}\n",
    )
    assert (
        change(one(diff(base, head)), "review-added").text
        == "steering review 2026-11-steering held on 2026-11-18; decided: Fund the second connector"
    )


def test_findings_introduced_and_fixed_ignore_line_shifts(roots: tuple[Path, Path]) -> None:
    base, head = roots
    # both sides: Enable rated without evidence (PK602); head moves it down three lines
    for root in roots:
        edit(
            root,
            "status.yaml",
            "Enable: {rag: amber, evidence: Half the sales team trained, owner",
            "Enable: {rag: amber, owner",
        )
    edit(head, "status.yaml", "buckets:\n", "# Ratings agreed at the November QBR.\n#\n#\nbuckets:\n")
    # base has an unknown owner (an error); head fixes it and introduces a different one
    edit(base, "kpis.yaml", "owner: mia", "owner: zoe")
    edit(head, "risks.yaml", "owner: raj", "owner: ray")
    b, h = side(base), side(head)
    shifted = [(x.line for x in s.diagnostics if x.code == "PK602") for s in (b, h)]
    assert next(shifted[0]) + 3 == next(shifted[1])
    d = diff_portfolios(b, h, AS_OF)
    p = one(d)
    assert [(x.code, x.path) for x in p.introduced] == [("PK101", "partnerships/acme/risks.yaml")]
    assert [(x.code, x.path) for x in p.fixed] == [("PK101", "partnerships/acme/kpis.yaml")]
    assert (d.summary.new_errors, d.summary.new_findings, d.summary.fixed_findings) == (1, 1, 1)
    assert p.changes == ()  # only the lint picture changed: still listed for the reviewer


# --- CI gates --------------------------------------------------------------------------------


def test_fail_conditions(roots: tuple[Path, Path]) -> None:
    base, head = roots
    assert fail_reasons(diff(base, head), ["new-errors", "red-without-evidence", "score-drop=5"]) == []
    edit(head, "status.yaml", "Monetize: {rag: green, evidence: Pipeline at 60% of target,", "Monetize: {rag: red,")
    edit(head, "charter.yaml", "owner: ana", "owner: nobody-here")
    d = diff(base, head)
    assert one(d).score_delta == -18  # red -15, an unknown owner (lint error) -2, red with no evidence (warning) -1
    assert fail_reasons(d, ["red-without-evidence"]) == ["acme: Monetize is newly red with no evidence"]
    assert fail_reasons(d, ["score-drop=18"]) == ["acme: score dropped 89 -> 71 (-18), at least 18 points"]
    assert fail_reasons(d, ["score-drop=19"]) == []
    assert [r.split(":")[0] for r in fail_reasons(d, ["new-errors"])] == [
        "new error PK101 unknown-person in partnerships/acme/charter.yaml"
    ]
    # red with evidence passes; a fix introduces no errors
    assert fail_reasons(diff(head, base), ["new-errors", "red-without-evidence"]) == []


def test_red_without_evidence_counts_red_that_was_already_there(roots: tuple[Path, Path]) -> None:
    base, head = roots
    for root in roots:
        edit(root, "status.yaml", "Monetize: {rag: green, evidence: Pipeline at 60% of target,", "Monetize: {rag: red,")
    d = diff(base, head)
    assert d.partnerships == ()
    assert fail_reasons(d, ["red-without-evidence"]) == ["acme: Monetize is red with no evidence"]


@pytest.mark.parametrize("condition", ["new-error", "score-drop", "score-drop=0", "score-drop=x", "", "red"])
def test_unknown_fail_condition_is_a_clear_error(roots: tuple[Path, Path], condition: str) -> None:
    d = diff(*roots)
    with pytest.raises(
        ValueError, match=r"unknown fail condition .*new-errors, new-findings, red-without-evidence, score-drop=N"
    ):
        fail_reasons(d, ["new-errors", condition])


# --- renderers -------------------------------------------------------------------------------


@pytest.fixture
def hostile(roots: tuple[Path, Path]) -> PortfolioDiff:
    """A change whose user-written values try to break Markdown, HTML and mentions."""
    base, head = roots
    quoted = json.dumps(HOSTILE)
    edit(head, "charter.yaml", "name: Acme Cloud integration", f"name: {quoted}")
    edit(
        head,
        "status.yaml",
        "Monetize: {rag: green, evidence: Pipeline at 60% of target",
        f"Monetize: {{rag: red, evidence: {quoted}",
    )
    append(
        head,
        "risks.yaml",
        f"  - {{id: R2, title: {quoted}, category: people, likelihood: 3, impact: 3, owner: lee, mitigation: x}}\n",
    )
    return diff(base, head)


def assert_safe_markdown(text: str) -> None:
    for raw in ("<script", "@org", "#123", "://x", "www.", "[a](", "](javascript"):
        assert raw not in text, raw
    # Every table row has as many cell separators as its table's header row.
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|"):
            header = next(lines[j] for j in range(i, -1, -1) if j == 0 or not lines[j - 1].startswith("|"))
            assert len(re.findall(r"(?<!\\)\|", line)) == len(re.findall(r"(?<!\\)\|", header)), line
        if "<summary>" in line:
            assert line.endswith("</summary>") and line.count("<") == line.count(">")
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in rendered and "<a " not in rendered
    assert rendered.count("<details>") == rendered.count("</details>")


def test_markdown_escapes_hostile_values(hostile: PortfolioDiff) -> None:
    out = io.StringIO()
    diff_markdown.render(hostile, out)
    text = out.getvalue()
    assert_safe_markdown(text)
    assert "@&#8203;org/team" in text and "#&#8203;123" in text and "&lt;script&gt;" in text
    # <summary> is raw HTML, where backslashes would show: entities only
    assert (
        "<details><summary>🟡 <b>acme</b> · Evil &#124; Co &lt;script&gt;alert&#40;1&#41;&lt;/script&gt; "
        "@&#8203;org/team #&#8203;123 https:&#8203;//x.example &#91;a&#93;&#40;javascript:x&#41; · changed"
    ) in text
    assert "Monetize went green -&gt; red \\(evidence: Evil \\| Co &lt;script&gt;" in text


def test_markdown_table_cells_escape_pipes() -> None:
    drop = ScoreDrop(HOSTILE, 80, 50)
    d = PortfolioDiff(AS_OF, (), (), (), (), (), DiffSummary(0, 0, 0, 0, 0, 0, 0, (drop,)))
    text = diff_markdown.markdown(d)
    assert_safe_markdown(text)
    assert "| Evil \\| Co &lt;script&gt;" in text


def _synthetic(count: int, text_size: int) -> PortfolioDiff:
    changes = tuple(
        Change("rag-evidence", "Build", f"Build stays amber; evidence now: {'x' * text_size} {i}") for i in range(8)
    )
    finding = Diagnostic(
        "PK602", "rating-without-evidence", Severity.WARNING, "Enable is amber with no evidence", "p/status.yaml", 3
    )
    partnerships = tuple(
        PartnershipDiff(
            f"p{i:04d}",
            f"Partnership {i}",
            "changed",
            f"partnerships/p{i:04d}",
            f"partnerships/p{i:04d}",
            changes,
            80,
            70,
            "healthy",
            "watch",
            (),
            (finding,),
            (),
        )
        for i in range(count)
    )
    return PortfolioDiff(AS_OF, partnerships, (), (), (), (), DiffSummary(count, 0, 0, 0, 0, count, 0, ()))


def test_markdown_stays_under_githubs_limit_and_says_what_it_left_out() -> None:
    d = _synthetic(300, 400)
    text = diff_markdown.markdown(d)
    assert len(text) <= diff_markdown.LIMIT
    shown = text.count("<details>")
    assert 0 < shown < 300 and text.count("</details>") == shown
    assert text.rstrip().endswith(
        f"_{300 - shown} more partnerships left out to keep this comment under 65,000 characters; "
        "run `partnerkit diff` to see every change._"
    )
    # long values are clipped, so one huge evidence note cannot crowd out every section
    huge = diff_markdown.markdown(_synthetic(3, 200_000))
    assert huge.count("<details>") == 3 and "left out" not in huge and "…" in huge
    # a small limit is honoured too, and everything that fits is not truncated
    small = diff_markdown.markdown(d, limit=12_000)
    assert len(small) <= 12_000 and "more partnerships left out" in small
    assert "left out" not in diff_markdown.markdown(_synthetic(2, 10))


def test_text_output(hostile: PortfolioDiff) -> None:
    out = io.StringIO()
    diff_text.render(hostile, out)
    text = out.getvalue()
    assert text.startswith(
        "Portfolio diff as of 2026-11-25: 1 partnership changed, 0 added, 0 removed, 0 renamed; "
        "0 new errors, 0 new findings, 0 fixed.\nLargest score drops: acme 89 -> "
    )
    assert "acme  Evil | Co\\n<script>alert(1)</script>" in text  # as written, its line break shown as \n
    assert "Monetize went green -> red (evidence: Evil | Co" in text
    assert "score reasons: Monetize red -15" in text


def test_text_output_of_no_change(roots: tuple[Path, Path]) -> None:
    out = io.StringIO()
    diff_text.render(diff(*roots), out)
    assert out.getvalue() == "Portfolio diff as of 2026-11-25: No changes to any partnership.\n"


def test_text_output_escapes_rich_markup(roots: tuple[Path, Path]) -> None:
    base, head = roots
    edit(head, "charter.yaml", "name: Acme Cloud integration", 'name: "[bold red]Acme[/] :smile:"')
    out = io.StringIO()
    diff_text.render(diff(base, head), out)
    assert "[bold red]Acme[/] :smile:" in out.getvalue()
    assert "name Acme Cloud integration -> [bold red]Acme[/] :smile:" in out.getvalue()


def test_json_shape(roots: tuple[Path, Path]) -> None:
    base, head = roots
    clone(head, "globex", "Globex marketplace")
    edit(
        head,
        "status.yaml",
        "Monetize: {rag: green, evidence: Pipeline at 60% of target",
        "Monetize: {rag: red, evidence: slipped",
    )
    edit(head, "charter.yaml", "owner: ana", "owner: zoe")
    out = io.StringIO()
    diff_json.render(diff(base, head), out)
    doc = json.loads(out.getvalue())
    assert list(doc) == [
        "schema_version",
        "tool",
        "as_of",
        "summary",
        "portfolio",
        "partnerships",
        "red_without_evidence",
    ]
    assert doc["schema_version"] == 1 and doc["tool"]["name"] == "partnerkit" and doc["as_of"] == "2026-11-25"
    assert doc["summary"] == {
        "changed": 1,
        "added": 1,
        "removed": 0,
        "renamed": 0,
        "new_errors": 1,
        "new_findings": 1,
        "fixed_findings": 0,
        "score_drops": [{"partnership": "acme", "before": 89, "after": 72, "points": 17}],
    }
    assert doc["portfolio"] == {"changes": [], "introduced": [], "fixed": []}
    acme, globex = doc["partnerships"]
    assert (globex["id"], globex["state"], globex["score"]["before"], globex["score"]["delta"]) == (
        "globex",
        "added",
        None,
        None,
    )
    assert list(acme) == ["id", "name", "state", "old_folder", "new_folder", "score", "changes", "introduced", "fixed"]
    assert acme["score"]["before"] == 89 and acme["score"]["after"] == 72 and acme["score"]["delta"] == -17
    assert {"component": "rag", "points": 15.0, "text": "Monetize red"} in acme["score"]["reasons"]
    assert acme["changes"][0] == {
        "kind": "owner",
        "subject": "owner",
        "text": "owner ana -> zoe",
        "before": "ana",
        "after": "zoe",
        "note": None,
    }
    assert acme["changes"][1]["note"] == "slipped"
    (finding,) = acme["introduced"]
    assert set(finding) == {"code", "name", "severity", "message", "path", "line", "column", "hint", "partnership"}
    assert (finding["code"], finding["severity"], finding["partnership"]) == ("PK101", "error", "acme")
    assert doc["red_without_evidence"] == []
