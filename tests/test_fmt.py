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
    assert "0 files would reformat, 82 already tidy." in result.output


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
