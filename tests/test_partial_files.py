"""One error does not hide the rest of its file (issue #12, point 1).

A schema error inside one entry (an agreement, risk, KPI, activity, action, review, measurement,
objective, a bucket's rating, a person) leaves that entry out and reports it; the file's other
entries are checked by every rule. An unknown key is reported and ignored; an optional field of
the wrong kind is reported and treated as absent; a key written twice is reported and its first
value checked. Only a file that is not YAML, or not a mapping, stops the checking of that file.
Portfolio-wide rules run over what loaded, and diff never calls a finding fixed because the rule
that made it could not see what it needs.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from partnerkit.diagnostics import Diagnostic
from partnerkit.diff import Side, diff_portfolios
from partnerkit.health import assess
from partnerkit.lint import LintResult, lint
from partnerkit.load.source import WorkingTree
from partnerkit.settings import load_config
from tests.conftest import AS_OF, BASE

ACME = "partnerships/acme"


def portfolio(root: Path, files: dict[str, str | None]) -> Path:
    """The clean base portfolio with ``files`` written over it (None deletes one)."""
    shutil.copytree(BASE, root)
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def run(root: Path) -> LintResult:
    return lint(WorkingTree(root), load_config(root), AS_OF)


def found(root: Path) -> set[tuple[str, str, int]]:
    """(code, file, line) of every finding."""
    return {(d.code, d.path, d.line) for d in run(root).diagnostics}


def only(root: Path, code: str) -> list[Diagnostic]:
    return [d for d in run(root).diagnostics if d.code == code]


# Each file kind: one invalid entry, and a later entry carrying a rule finding. The entry after the
# invalid one is one place further down the list in the file than in the model, so each case
# also shows the finding located on the right line.
KINDS = {
    "agreements": (
        """\
        agreements:
          - id: nda
            kind: contract
            status: signed
          - id: msa
            kind: msa
            status: signed
            signed: 2025-01-15
            expiry: 2026-06-30
        """,
        {("PK002", 3), ("PK702", 9)},
    ),
    "risks": (
        """\
        risks:
          - id: R1
            title: Partner reorganises
            category: strategic
            likelihood: high
            impact: 3
          - id: R2
            title: Partner acquired by a competitor
            category: strategic
            likelihood: 4
            impact: 5
            owner: raj
        """,
        {("PK002", 5), ("PK403", 7)},
    ),
    "kpis": (
        """\
        kpis:
          - id: K1
            bucket: Monetize
            baseline: 0
          - id: pipeline
            name: Partner-sourced pipeline
            bucket: Monetize
            baseline: 10
            target: 5
            owner: mia
            measurements:
              - {date: 2026-09-30, value: 8}
        """,
        {("PK003", 2), ("PK502", 9)},
    ),
    "raci": (
        """\
        activities:
          - {id: broken, name: Broken, bucket: [Align], accountable: ana, responsible: [ana]}
          - {id: plan, name: Joint business plan, bucket: Align, responsible: [ana], accountable: raj}
          - {id: connector, name: Acme connector, bucket: Build, responsible: [lee], accountable: lee}
          - {id: training, name: Sales enablement, bucket: Enable, responsible: [mia], accountable: ana}
          - {id: cosell, name: Co-sell plays, bucket: Monetize, responsible: [ana], accountable: [ana, raj]}
          - {id: escalations, name: Joint support escalations, bucket: Support, responsible: [lee], accountable: lee}
          - {id: qbr, name: Quarterly business review, bucket: Operate, responsible: [ana], accountable: raj}
        """,
        {("PK002", 2), ("PK302", 6)},
    ),
    "status": (
        """\
        buckets:
          Align: {rag: green, evidence: Joint plan signed off, owner: raj, updated: 2026-11-02}
          Build: {rag: grene, evidence: Connector live, owner: lee, updated: 2026-11-02}
          Enable: {rag: amber, owner: ana, updated: 2026-11-02}
          Monetize: {rag: green, evidence: Pipeline at 60% of target, owner: ana, updated: 2026-11-02}
          Support: {rag: green, evidence: No open escalations, owner: lee, updated: 2026-11-02}
          Operate: {rag: green, evidence: QBR held in October, owner: raj, updated: 2026-11-02}
        """,
        {("PK002", 3), ("PK602", 4)},
    ),
    "actions": (
        """\
        actions:
          - id: A0
            owner: mia
          - id: A1
            title: Publish the joint case study
            owner: mia
            due: 2026-10-15
          - id: A2
            title: Train the second sales team
            owner: ana
            due: 2026-10-31
            state: done
            done: 2026-10-28
        """,
        {("PK003", 2), ("PK801", 7)},
    ),
    "reviews": (
        """\
        reviews:
          - id: 2026-07-qbr
            date: 2026-07-20
            kind: weekly
          - id: 2026-10-qbr
            date: 2026-10-20
            kind: qbr
            follow_ups: [A9]
        """,
        {("PK002", 4), ("PK105", 8)},
    ),
    "plan": (
        """\
        period: {name: FY26, from: 2026-01-01, to: 2026-12-31}
        status: agreed
        agreed: {us: raj, partner: Jane Roe, date: 2026-01-20}
        buckets:
          Monetize:
            commitments:
              - {id: C1, side: both, what: Market development funds, due: 2026-03-31}
              - {id: C2, side: partner, what: Named co-sell lead in each region, due: 2026-10-15}
        """,
        {("PK002", 7), ("PK254", 8)},
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_one_invalid_entry_does_not_hide_the_rest_of_its_file(tmp_path: Path, kind: str) -> None:
    text, expected = KINDS[kind]
    root = portfolio(tmp_path / "p", {f"{ACME}/{kind}.yaml": text})
    path = f"{ACME}/{kind}.yaml"
    assert {(code, line) for code, file, line in found(root) if file == path} == expected


def test_an_invalid_measurement_leaves_its_kpi_checked(tmp_path: Path) -> None:
    kpis = """\
        kpis:
          - id: pipeline
            name: Partner-sourced pipeline
            bucket: Monetize
            baseline: 0
            target: 2000000
            owner: mia
            measurements:
              - {date: 2026-09-30, value: 1200000}
              - {date: 2026-10-31, value: lots}
              - {date: 2026-06-30, value: 800000}
        """
    root = portfolio(tmp_path / "p", {f"{ACME}/kpis.yaml": kpis})
    mine = {(code, line) for code, file, line in found(root) if file == f"{ACME}/kpis.yaml"}
    # the third measurement is the model's second: out of order after the first, on its own line
    assert mine == {("PK002", 10), ("PK505", 11)}


def test_an_invalid_objective_leaves_the_charter_checked(tmp_path: Path) -> None:
    charter = (BASE / ACME / "charter.yaml").read_text()
    objectives = """\
objectives:
  - {id: O0, bucket: Align}
  - {id: O1, text: Grow joint pipeline to EUR 2M, bucket: Monetize, due: 2026-10-31, status: at-risk,
     kpis: [pipeline]}
"""
    start, end = charter.index("objectives:"), charter.index("value_proposition:")
    root = portfolio(tmp_path / "p", {f"{ACME}/charter.yaml": charter[:start] + objectives + charter[end:]})
    mine = {(code, line) for code, file, line in found(root) if file == f"{ACME}/charter.yaml"}
    assert mine == {("PK003", 14), ("PK209", 15)}


def test_the_issue_example_an_impossible_date_and_an_expired_msa(tmp_path: Path) -> None:
    agreements = """\
        agreements:
          - id: nda
            kind: nda
            status: signed
            signed: 2026-02-30
          - id: msa
            kind: msa
            status: signed
            signed: 2025-01-15
            expiry: 2026-06-30
        """
    root = portfolio(tmp_path / "p", {f"{ACME}/agreements.yaml": agreements})
    file = f"{ACME}/agreements.yaml"
    assert {(code, line) for code, path, line in found(root) if path == file} == {("PK002", 5), ("PK702", 10)}


def test_the_issue_example_a_duplicate_key_in_raci(tmp_path: Path) -> None:
    raci = """\
        activities:
          - id: plan
            name: Joint business plan
            bucket: Align
            responsible: [ana]
            accountable: raj
            accountable: [raj, ana]
          - {id: connector, name: Acme connector, bucket: Build, responsible: [lee], accountable: lee}
          - {id: training, name: Sales enablement, bucket: Enable, responsible: [mia]}
          - {id: cosell, name: Co-sell plays, bucket: Monetize, responsible: [ana], accountable: ana}
          - {id: escalations, name: Joint support escalations, bucket: Support, responsible: [lee], accountable: leee}
          - {id: qbr, name: Quarterly business review, bucket: Operate, responsible: [ana], accountable: raj}
        """
    root = portfolio(tmp_path / "p", {f"{ACME}/raci.yaml": raci})
    diagnostics = [d for d in run(root).diagnostics if d.path == f"{ACME}/raci.yaml"]
    assert {(d.code, d.line) for d in diagnostics} == {
        ("PK001", 7),  # the duplicate, both lines named
        ("PK301", 9),  # the activity with nobody accountable
        ("PK304", 1),  # so the Enable bucket has no owner
        ("PK101", 11),  # the misspelt handle
    }
    [duplicate] = [d for d in diagnostics if d.code == "PK001"]
    assert duplicate.message == (
        "the key 'accountable' appears twice in the same mapping, on lines 6 and 7; "
        "partnerkit checks the first value and ignores the second"
    )
    # the first value is the one checked: one accountable person, so no raci-multiple-accountable


def test_an_unknown_key_is_reported_and_ignored(tmp_path: Path) -> None:
    risks = """\
        risks:
          - id: R1
            title: Partner acquired by a competitor
            category: strategic
            likelihood: 4
            impact: 5
            owner: raj
            colour: red
        """
    root = portfolio(tmp_path / "p", {f"{ACME}/risks.yaml": risks})
    assert {(code, line) for code, path, line in found(root) if path.endswith("risks.yaml")} == {
        ("PK004", 8),
        ("PK403", 2),
    }


def test_an_optional_field_of_the_wrong_kind_is_reported_and_treated_as_absent(tmp_path: Path) -> None:
    risks = """\
        risks:
          - id: R1
            title: Partner acquired by a competitor
            category: strategic
            likelihood: 2
            impact: 2
            owner: [raj, lee]
            mitigation: Change-of-control clause in the MSA.
            review_by: 2026-02-30
        """
    root = portfolio(tmp_path / "p", {f"{ACME}/risks.yaml": risks})
    assert {(code, line) for code, path, line in found(root) if path.endswith("risks.yaml")} == {
        ("PK002", 7),
        ("PK002", 9),
        ("PK401", 2),  # the owner is treated as absent
    }


def test_a_file_that_is_not_a_mapping_stops_only_itself(tmp_path: Path) -> None:
    root = portfolio(
        tmp_path / "p",
        {f"{ACME}/risks.yaml": "- id: R1\n  title: Old style\n", f"{ACME}/actions.yaml": "actions:\n  - id: A1\n"},
    )
    assert found(root) == {
        ("PK002", f"{ACME}/risks.yaml", 1),
        ("PK003", f"{ACME}/actions.yaml", 2),
    }


def test_rules_about_a_whole_collection_wait_while_an_entry_is_invalid(tmp_path: Path) -> None:
    """No activity for Build, no rating for Build, no KPI for Monetize: each cannot be told while the
    entry that may hold it is invalid, so only the schema errors are reported."""
    raci = (BASE / ACME / "raci.yaml").read_text().replace("bucket: Build, responsible: [lee]", "bucket: Build")
    raci = raci.replace("name: Acme connector", "name: [Acme connector]")
    status = (BASE / ACME / "status.yaml").read_text().replace("Build: {rag: green", "Build: {rag: grene")
    kpis = (BASE / ACME / "kpis.yaml").read_text().replace("target: 2000000", "target: lots")
    kpis = kpis.replace("    name: Partner-sourced pipeline\n", "")
    root = portfolio(
        tmp_path / "p", {f"{ACME}/raci.yaml": raci, f"{ACME}/status.yaml": status, f"{ACME}/kpis.yaml": kpis}
    )
    assert {code for code, _, _ in found(root)} == {"PK002", "PK003"}


def test_a_person_whose_entry_is_invalid_still_exists(tmp_path: Path) -> None:
    people = (BASE / "people.yaml").read_text().replace("raj: {name: Raj Patel,", "raj: {nam: Raj Patel,")
    people += "  tom: {name: Tom Baker}\n"
    root = portfolio(tmp_path / "p", {"people.yaml": people})
    assert found(root) == {
        ("PK003", "people.yaml", 3),
        ("PK004", "people.yaml", 3),
        ("PK901", "people.yaml", 6),  # tom is unused; raj is named, and is no unknown person
    }


# --- portfolio-wide rules -------------------------------------------------------------------------


def test_unused_person_runs_when_a_partnership_cannot_be_read(tmp_path: Path) -> None:
    people = (BASE / "people.yaml").read_text() + "  zoe: {name: Zoe Park}\n  tom: {name: Tom Baker}\n"
    broken = (
        "id: beta\nname: Beta\npartner: {name: Beta Ltd}\ntype: technology\nstage: active\nowner: zoe\nsponsor: [\n"
    )
    root = portfolio(tmp_path / "p", {"people.yaml": people, "partnerships/beta/charter.yaml": broken})
    unused = [d.message for d in only(root, "PK901")]
    # zoe may be named in the file that could not be read: unknown, so no finding about her
    assert unused == ["tom is not referred to by any partnership"]


def test_unused_person_runs_when_an_entry_is_invalid(tmp_path: Path) -> None:
    people = (BASE / "people.yaml").read_text() + "  zoe: {name: Zoe Park}\n  tom: {name: Tom Baker}\n"
    actions = """\
        actions:
          - {id: A1, title: Draft the case study, owner: zoe, state: finished-ish, due: 2026-12-01, bucket: [x]}
          - {id: A2, title: Train the sales team, owner: mia, due: 2026-12-15}
        """
    root = portfolio(tmp_path / "p", {"people.yaml": people, f"{ACME}/actions.yaml": actions})
    assert [d.message for d in only(root, "PK901")] == ["tom is not referred to by any partnership"]


def test_duplicate_ids_and_overloads_see_the_valid_entries(tmp_path: Path) -> None:
    charter = (BASE / ACME / "charter.yaml").read_text()
    copy = charter.replace("objectives:\n", "objectives:\n  - {id: O0, due: someday}\n")
    raci = """\
        activities:
          - {id: a1, name: One, bucket: Align, responsible: [ana], accountable: ana}
          - {id: a2, name: Two, bucket: [Build], responsible: [ana], accountable: ana}
          - {id: a3, name: Three, bucket: Enable, responsible: [ana], accountable: ana}
        """
    root = portfolio(
        tmp_path / "p",
        {
            "partnerkit.yaml": "version: 1\nrules:\n  person-overloaded: {max_accountable: 3}\n",
            "partnerships/copy/charter.yaml": copy,
            "partnerships/copy/raci.yaml": raci,
        },
    )
    diagnostics = run(root).diagnostics
    assert [(d.path, d.line) for d in diagnostics if d.code == "PK011"] == [("partnerships/copy/charter.yaml", 1)]
    # ana is accountable for two activities in acme and two valid ones in copy (the invalid a2 is not counted)
    assert [d.message for d in diagnostics if d.code == "PK305"] == [
        "ana is accountable for 4 activities across the portfolio (limit 3)"
    ]


# --- suppressions and diff ------------------------------------------------------------------------


def test_a_suppression_is_not_called_unused_while_a_file_is_incomplete(tmp_path: Path) -> None:
    charter = (
        BASE / ACME / "charter.yaml"
    ).read_text() + "suppress:\n  - {rule: risk-high-unmitigated, reason: Covered}\n"
    risks = "risks:\n  - {id: R1, title: Big, category: strategic, likelihood: 5, impact: many}\n"
    root = portfolio(tmp_path / "p", {f"{ACME}/charter.yaml": charter, f"{ACME}/risks.yaml": risks})
    assert {code for code, _, _ in found(root)} == {"PK002"}
    root = portfolio(tmp_path / "q", {f"{ACME}/charter.yaml": charter})
    assert {code for code, _, _ in found(root)} == {"PK015"}


def side(root: Path) -> Side:
    result = run(root)
    return Side(result.loaded.portfolio, assess(result), result.diagnostics)


def test_diff_never_calls_a_finding_fixed_because_its_rule_could_not_run(tmp_path: Path) -> None:
    people = (BASE / "people.yaml").read_text() + "  tom: {name: Tom Baker}\n"
    risks = """\
        risks:
          - id: R1
            title: Partner acquired by a competitor
            category: strategic
            likelihood: 4
            impact: 5
            owner: raj
        """
    base = portfolio(tmp_path / "base", {"people.yaml": people, f"{ACME}/risks.yaml": risks})
    broken = {
        "people.yaml": people,
        f"{ACME}/risks.yaml": risks.replace("impact: 5", "impact: five"),
        "partnerships/beta/charter.yaml": "id: beta\nowner: tom\nsponsor: [\n",
    }
    head = portfolio(tmp_path / "head", broken)
    d = diff_portfolios(side(base), side(head), AS_OF)
    assert [x.code for x in d.fixed] == []  # tom may be named in beta's charter: not known to be used
    [acme] = [p for p in d.partnerships if p.id == "acme"]
    assert [x.code for x in acme.fixed] == []  # R1 is invalid: its PK403 is not known to be fixed
    assert [x.code for x in acme.introduced] == ["PK002"]
    assert d.summary.fixed_findings == 0

    # once the files read whole again, what really went away is fixed
    fixed = {
        "people.yaml": (BASE / "people.yaml").read_text(),
        f"{ACME}/risks.yaml": risks + "    mitigation: A plan\n",
    }
    later = portfolio(tmp_path / "later", fixed)
    d = diff_portfolios(side(base), side(later), AS_OF)
    assert [x.code for x in d.fixed] == ["PK901"]
    [acme] = [p for p in d.partnerships if p.id == "acme"]
    assert [x.code for x in acme.fixed] == ["PK403"]


def test_judged_as_if_unreadable_a_broken_entry_never_raises_maturity(tmp_path: Path) -> None:
    """Partnership.without_partial() is what whole-file judgements should see: the rating left out
    of status.yaml takes its findings (no evidence, not rated) with it, so maturity read from the
    partial model would rise; read as if the file were unreadable, it does not."""
    from partnerkit.health.evidence import gather
    from partnerkit.health.maturity import maturity
    from tests.test_health_evidence import generated, health, write

    files = generated(25)
    before = health(write(tmp_path / "before", files))
    status = files["partnerships/gen/status.yaml"]
    broken = {**status["buckets"]["Align"], "rag": "grene"}
    root = write(
        tmp_path / "after",
        {**files, "partnerships/gen/status.yaml": {"buckets": {**status["buckets"], "Align": broken}}},
    )
    result = run(root)
    [p] = [p for p in result.loaded.portfolio.partnerships if p.id == "gen"]
    assert p.status is not None and p.partial == {"status.yaml"} and p.failed("status.yaml")
    whole = p.without_partial()
    assert whole.status is None and whole.failed("status.yaml") and p.status is not None
    found = [d for d in result.diagnostics if d.partnership == "gen"]
    evidence = gather(whole, result.loaded.portfolio.config.buckets, AS_OF, 90)
    assert maturity(whole, found, evidence, AS_OF).level <= before.maturity.level
    assert (
        maturity(p, found, gather(p, result.loaded.portfolio.config.buckets, AS_OF, 90), AS_OF).level
        > before.maturity.level
    )


def test_what_a_partial_file_left_out_is_on_the_partnership(tmp_path: Path) -> None:
    """For rules that need every entry: ``complete`` (nothing left out at or under a model path),
    ``to_data`` (the model path as a path into the file), ``failed`` and ``partial``."""
    kpis = """\
        kpis:
          - {id: K0, bucket: Monetize}
          - id: K1
            name: Pipeline
            bucket: Monetize
            measurements:
              - {date: 2026-09-30, value: 1}
              - {date: 2026-10-31, value: lots}
          - {id: K2, name: Deals, bucket: Monetize}
        """
    result = run(portfolio(tmp_path / "p", {f"{ACME}/kpis.yaml": kpis}))
    [p] = result.loaded.portfolio.partnerships
    assert p.kpis is not None and [k.id for k in p.kpis.kpis] == ["K1", "K2"]
    assert p.partial == {"kpis.yaml"} and p.failed("kpis.yaml") and not p.failed("risks.yaml")
    assert not p.complete("kpis.yaml") and not p.complete("kpis.yaml", "kpis")
    assert not p.complete("kpis.yaml", "kpis", 0)  # K1 lost a measurement
    assert p.complete("kpis.yaml", "kpis", 1) and p.complete("risks.yaml", "risks")
    assert p.to_data("kpis.yaml", ("kpis", 1, "name")) == ("kpis", 2, "name")
    assert p.to_data("kpis.yaml", ("kpis", 0, "measurements", 0)) == ("kpis", 1, "measurements", 0)
    assert p.without_partial().kpis is None and p.without_partial().risks is p.risks
