"""`partnerkit fmt`: layout tidied, meaning and comments kept, idempotent, and every write safe."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from partnerkit.author.fmt import format_yaml
from partnerkit.load.problems import ReadProblem
from partnerkit.write import write_atomic
from tests.conftest import EXAMPLE, invoke, write_portfolio

KEEPS = """\
# yaml-language-server: $schema=../../schemas/kpis.schema.json
# A comment at the top stays.
kpis:
    -   id: 'pipeline'     # single quotes stay
        name: "Partner-sourced pipeline"
        bucket: Monetize

        measurements: [{date: 2026-03-31, value: 10}, {date: 2026-06-30, value: 20}]
        unit: EUR
"""


def test_comments_quotes_order_flow_style_blank_lines_and_indentation_survive() -> None:
    assert format_yaml(KEEPS.encode()) == KEEPS.encode()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"a:   1   \nb: x\t\n", b"a: 1\nb: x\n"),
        (b"a: 1", b"a: 1\n"),
        (b"a: 1\n\n\n\n", b"a: 1\n"),
        (b"k: {a: 1,   b: 2}\n", b"k: {a: 1, b: 2}\n"),
        (b"\xef\xbb\xbfa: 1  \r\nb: [1,2]\r\n", b"\xef\xbb\xbfa: 1\r\nb: [1, 2]\r\n"),
        (b"a: |\n  trailing spaces  \n  are content\n", b"a: |\n  trailing spaces  \n  are content\n"),
        (b"# only a comment   \n", b"# only a comment\n"),
        (b"", b""),
    ],
)
def test_what_fmt_normalises(before: bytes, after: bytes) -> None:
    assert format_yaml(before) == after


HOSTILE = [
    b"a: &x [1, 2]\nb: *x\n",
    b"name: \"O'Brien & Co: \\\"Alpha\\\" #1\"\nnote: 'it''s'\nmulti: >-\n  folded\n  text\n",
    'emoji: "\U0001f91d"\nrtl: "\u05e9\u05dc\u05d5\u05dd"\n'.encode(),
    b"deep: [[[[[[1]]]]]]\n" + b"x: " + b"y" * 5000 + b"\n",
    b"%YAML 1.2\n---\na: 1\n",
    b"a:\n- 1\n-   2\nb:\n    c: 3\n",
]


@pytest.mark.parametrize("raw", HOSTILE)
def test_idempotent_and_meaning_preserving_on_odd_inputs(raw: bytes) -> None:
    once = format_yaml(raw)
    assert isinstance(once, bytes)
    assert format_yaml(once) == once


@pytest.mark.slow
def test_idempotent_over_the_whole_example() -> None:
    for path in EXAMPLE.rglob("*.yaml"):
        raw = path.read_bytes()
        assert format_yaml(raw) == raw, path


@pytest.mark.parametrize("raw", [b"a: [unclosed\n", b"a: 1\na: 2\n", b"a: !!python/object:os.system x\n", b"\xff\xfe"])
def test_unparseable_files_are_refused(raw: bytes) -> None:
    assert isinstance(format_yaml(raw), ReadProblem)


@pytest.mark.slow
def test_example_portfolio_passes_fmt_check() -> None:
    result = invoke(["fmt", str(EXAMPLE), "--check"])
    assert result.exit_code == 0, result.output
    files = [p for p in EXAMPLE.rglob("*.yaml") if p.parent.name != "schemas"]
    assert f"0 files would reformat, {len(files)} already tidy." in result.output


def test_check_lists_and_diffs_but_writes_nothing(tmp_path: Path) -> None:
    write_portfolio(tmp_path, {"partnerships/good/kpis.yaml": "kpis: []   \n"})
    kpis = tmp_path / "partnerships/good/kpis.yaml"
    result = invoke(["fmt", str(tmp_path), "--check"])
    assert result.exit_code == 1
    assert "--- a/partnerships/good/kpis.yaml" in result.output and "-kpis: []   \n+kpis: []\n" in result.output
    assert "1 file would reformat" in result.output
    assert kpis.read_text() == "kpis: []   \n"


def test_fmt_writes_keeps_mode_and_reports_broken_files_untouched(tmp_path: Path) -> None:
    write_portfolio(
        tmp_path, {"partnerships/good/kpis.yaml": "kpis: []   \n", "partnerships/good/risks.yaml": "risks: [oops\n"}
    )
    kpis, risks = tmp_path / "partnerships/good/kpis.yaml", tmp_path / "partnerships/good/risks.yaml"
    kpis.chmod(0o640)
    result = invoke(["fmt", str(tmp_path)])
    assert result.exit_code == 1  # one file could not be formatted
    assert kpis.read_text() == "kpis: []\n" and stat.S_IMODE(kpis.stat().st_mode) == 0o640
    assert risks.read_text() == "risks: [oops\n"
    assert "partnerships/good/risks.yaml:2:1  left unformatted" in result.output
    assert invoke(["fmt", str(tmp_path / "partnerships/good/kpis.yaml"), "--check"]).exit_code == 0


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "status.yaml"
    target.write_text("buckets: {}\n")

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "buckets: {Align: {rag: green}}\n")
    assert target.read_text() == "buckets: {}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.yaml"]


def test_writes_refuse_links_and_paths_outside_the_portfolio(tmp_path: Path) -> None:
    portfolio, outside = tmp_path / "portfolio", tmp_path / "outside.yaml"
    portfolio.mkdir()
    outside.write_text("a: 1\n")
    (portfolio / "link.yaml").symlink_to(outside)
    with pytest.raises(OSError, match="symbolic link"):
        write_atomic(portfolio / "link.yaml", "a: 2\n", within=portfolio)
    with pytest.raises(OSError, match="outside"):
        write_atomic(portfolio / ".." / "outside.yaml", "a: 2\n", within=portfolio)
    assert outside.read_text() == "a: 1\n"


@pytest.mark.slow
def test_fmt_on_a_copy_of_the_example_changes_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, copy)
    before = {p: p.read_bytes() for p in copy.rglob("*.yaml")}
    assert invoke(["fmt", str(copy)]).exit_code == 0
    assert {p: p.read_bytes() for p in copy.rglob("*.yaml")} == before


# --- fmt --rename-bucket OLD=NEW ------------------------------------------------------------------

RENAMING = {
    "partnerkit.yaml": """\
        version: 1
        # The buckets we rate on.
        buckets:
          - Align
          - Monetize   # co-sell and resale
          - Operate
        rules:
          PK501: warning
        """,
    "partnerships/good/charter.yaml": """\
        id: good
        name: good partnership
        partner: {name: good Ltd}
        type: technology
        tier: standard
        stage: active
        objectives:
          - {id: O1, text: Grow pipeline, bucket: Monetize}
        """,
    "partnerships/good/status.yaml": """\
        buckets:
          Align: {rag: green, evidence: Plan agreed}
          # the money
          Monetize: {rag: amber, evidence: Pipeline slow}   # see K1
          Operate: {rag: green, evidence: QBR held}
        """,
    "partnerships/good/kpis.yaml": """\
        kpis:
          - id: K1
            name: Pipeline
            bucket: Monetize   # what it measures
          - {id: K2, name: Uptime, bucket: Operate}
        """,
    "partnerships/good/raci.yaml": """\
        activities:
          - {id: cosell, name: Co-sell, bucket: Monetize, responsible: [ana], accountable: ana}
        """,
    "partnerships/good/actions.yaml": """\
        actions:
          - id: A1
            title: Price list
            bucket: "Monetize"
        """,
}


def texts(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.yaml"))}


def test_rename_bucket_renames_every_reference_and_keeps_comments(tmp_path: Path) -> None:
    from tests.conftest import run_lint

    write_portfolio(tmp_path, RENAMING)
    before = texts(tmp_path)
    findings = sorted((d.code, d.path, d.line, d.message.replace("Monetize", "Revenue")) for d in run_lint(tmp_path))
    check = invoke(["fmt", str(tmp_path), "--rename-bucket", "Monetize=Revenue", "--check"])
    assert check.exit_code == 1, check.output
    assert "would rename in partnerships/good/kpis.yaml: KPI K1 Monetize -> Revenue" in check.output
    assert "Would rename Monetize -> Revenue in 6 files." in check.output
    assert texts(tmp_path) == before

    result = invoke(["fmt", str(tmp_path), "--rename-bucket", "Monetize=Revenue"])
    assert result.exit_code == 0, result.output
    assert "renamed in partnerships/good/status.yaml: rating Monetize -> Revenue" in result.output
    assert (
        "renamed in partnerkit.yaml: buckets Monetize -> Revenue; rules value-not-captured buckets set to [Revenue] "
        "(its default named Monetize)" in result.output
    )
    after = texts(tmp_path)
    assert after["partnerkit.yaml"] == (
        "version: 1\n# The buckets we rate on.\nbuckets:\n  - Align\n  - Revenue    # co-sell and resale\n  - Operate\n"
        "rules:\n  PK501: warning\n  value-not-captured: {buckets: [Revenue]}\n"
    )
    assert after["partnerships/good/status.yaml"] == before["partnerships/good/status.yaml"].replace(
        "  Monetize: {rag: amber, evidence: Pipeline slow}   # see K1",
        "  Revenue: {rag: amber, evidence: Pipeline slow}    # see K1",
    )
    assert "    bucket: Revenue    # what it measures\n" in after["partnerships/good/kpis.yaml"]  # where it was
    assert "{id: O1, text: Grow pipeline, bucket: Revenue}" in after["partnerships/good/charter.yaml"]
    assert "bucket: Revenue, responsible" in after["partnerships/good/raci.yaml"]
    assert 'bucket: "Revenue"' in after["partnerships/good/actions.yaml"]
    assert "Monetize" not in "".join(after.values())
    # Nothing new to report: no reference left behind, value-not-captured still checks the renamed bucket.
    assert sorted((d.code, d.path, d.line, d.message) for d in run_lint(tmp_path)) == findings
    assert invoke(["fmt", str(tmp_path), "--check"]).exit_code == 0


def test_rename_bucket_swaps_and_renames_a_rule_options_bucket(tmp_path: Path) -> None:
    config = RENAMING["partnerkit.yaml"].replace("PK501: warning", "value-not-captured: {buckets: [Monetize, Align]}")
    write_portfolio(tmp_path, {**RENAMING, "partnerkit.yaml": config})
    result = invoke(["fmt", str(tmp_path), "--rename-bucket", "Monetize=Align", "--rename-bucket", "Align=Monetize"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "partnerkit.yaml").read_text()
    assert "  - Monetize\n  - Align      # co-sell and resale\n" in text
    assert "value-not-captured: {buckets: [Align, Monetize]}" in text
    status = (tmp_path / "partnerships/good/status.yaml").read_text()
    assert status.index("Monetize: {rag: green") < status.index("Align: {rag: amber")


@pytest.mark.parametrize(
    ("renames", "words"),
    [
        (["Sell=Revenue"], "there is no bucket 'Sell' to rename (the buckets are Align, Monetize, Operate)"),
        (["Monetize=Align"], "'Align' is already a bucket; a rename cannot merge two buckets"),
        (["Monetize"], "'Monetize': write OLD=NEW"),
        (["Monetize=A", "Operate=A"], "two buckets would both be called 'A'"),
    ],
)
def test_rename_bucket_refuses_what_cannot_be_renamed(tmp_path: Path, renames: list[str], words: str) -> None:
    write_portfolio(tmp_path, RENAMING)
    before = texts(tmp_path)
    result = invoke(["fmt", str(tmp_path), *(f"--rename-bucket={r}" for r in renames)])
    assert result.exit_code == 2 and words in result.output and "Nothing was changed." in result.output
    assert texts(tmp_path) == before
    partial = invoke(["fmt", str(tmp_path / "partnerships/good"), "--rename-bucket", "Monetize=Revenue"])
    assert partial.exit_code == 2 and "renames across the whole portfolio" in partial.output


@pytest.mark.parametrize(
    ("config", "where", "words"),
    [
        (
            "version: 1\nrules:\n  value-not-captured: {buckets: [Monetise]}\n",
            "3:34",
            "option buckets: 'Monetise' is not one of the buckets (Align, Build, Enable, Monetize, Support, Operate)",
        ),
        (
            "version: 1\nbuckets: [Align, Market, Sell]\n",
            "2:1",
            "value-not-captured (PK504) checks the bucket Monetize by default, which is not one of the buckets",
        ),
        (
            "version: 1\nbuckets: [Align, Market, Sell]\nrules:\n  PK504: {buckets: [Sell, Monetize]}\n",
            "4:27",
            "'Monetize' is not one of the buckets (Align, Market, Sell)",
        ),
    ],
)
def test_a_rule_option_naming_an_unknown_bucket_is_a_config_error(
    tmp_path: Path, config: str, where: str, words: str
) -> None:
    write_portfolio(tmp_path, {"partnerkit.yaml": config})
    result = invoke(["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert f"partnerkit.yaml:{where}  PK006 config-invalid" in result.output and words in result.output


def test_a_rule_turned_off_need_not_name_a_bucket(tmp_path: Path) -> None:
    write_portfolio(tmp_path, {"partnerkit.yaml": "version: 1\nbuckets: [Align, Market, Sell]\nrules:\n  PK504: off\n"})
    assert invoke(["lint", str(tmp_path)]).exit_code in (0, 1)


def test_rename_bucket_of_the_default_buckets_writes_them_out(tmp_path: Path) -> None:
    write_portfolio(tmp_path, {"partnerkit.yaml": "version: 1\nlimits: {max_file_bytes: 100000}\n"})
    result = invoke(["fmt", str(tmp_path), "--rename-bucket", "Monetize=Revenue"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "partnerkit.yaml").read_text() == (
        "version: 1\nbuckets: [Align, Build, Enable, Revenue, Support, Operate]\nlimits: {max_file_bytes: 100000}\n"
        "rules:\n  value-not-captured: {buckets: [Revenue]}\n"
    )
    assert invoke(["lint", str(tmp_path)]).exit_code in (0, 1)


def test_rename_buckets_renames_a_joint_business_plans_buckets_too() -> None:
    from partnerkit.author.rename import rename_buckets

    plan = b"buckets:\n  Monetize:   # the money\n    targets: [{kpi: K1, target: 5}]\n  Operate: {}\n"
    done = rename_buckets(
        {"partnerkit.yaml": b"version: 1\n", "partnerships/good/plan.yaml": plan}, {"Monetize": "Sell"}
    )
    renamed = {r.path: r for r in done.files}["partnerships/good/plan.yaml"]
    assert renamed.content == plan.replace(b"Monetize:   #", b"Sell:       #")
    assert renamed.what == ("plan for Monetize -> Sell",)
