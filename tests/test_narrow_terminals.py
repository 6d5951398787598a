"""Readable at 80 columns (issue #12, point 3): `status`, `score`, `due`, `history` and `diff`
lay out to the terminal's width (``COLUMNS``, else the terminal's own), never cut an id short,
and say what they left out; piped output without ``COLUMNS`` is laid out at full width.

The heat map and `due` of the example at 80 and 120 columns are snapshots, compared byte for
byte. After an intended change, rewrite them and review the diff:

    PARTNERKIT_UPDATE_SNAPSHOTS=1 pytest tests/test_narrow_terminals.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.cells import cell_len

from partnerkit.render.layout import abbreviations, breaks, wrapped
from tests.conftest import EXAMPLE, REPO, invoke
from tests.test_gitsource import committed_example, git
from tests.test_terminal_safety import COLOUR, on_terminal

pytestmark = pytest.mark.slow  # git repositories, pseudo-terminals or the installed script: integration


SNAPSHOTS = REPO / "tests" / "snapshots"
UPDATE = os.environ.get("PARTNERKIT_UPDATE_SNAPSHOTS") == "1"
DAY = ["--as-of", "2026-11-25"]
IDS = sorted(p.name for p in (EXAMPLE / "partnerships").iterdir() if p.is_dir())


def at_width(args: list[str], columns: int | None) -> str:
    """The command's output, piped, as laid out for ``columns`` (None: COLUMNS unset)."""
    env = {"NO_COLOR": "1", "COLUMNS": str(columns) if columns else ""}
    result = invoke(args, env=env)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def too_wide(text: str, columns: int) -> list[str]:
    return [line for line in text.splitlines() if cell_len(line) > columns]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example in git with two more commits touching snowpeak-data, one with a long subject."""
    portfolio = committed_example(tmp_path_factory.mktemp("narrow") / "portfolio")
    status = portfolio / "partnerships/snowpeak-data/status.yaml"
    status.write_text(status.read_text().replace("rag: green", "rag: red", 1))
    git(
        portfolio,
        "commit",
        "-qam",
        "Align went red after the sponsor change: "
        "the FY27 plan is on hold until Snowpeak names a new executive sponsor",
    )
    risks = portfolio / "partnerships/snowpeak-data/risks.yaml"
    risks.write_text(risks.read_text().replace("likelihood: 4", "likelihood: 2", 1))
    git(portfolio, "commit", "-qam", "R1 less likely")
    return portfolio


# -- the snapshots ------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", ["status", "due"])
def test_output_at_a_width_matches_its_snapshot(command: str, columns: int) -> None:
    text = at_width([command, str(EXAMPLE), *DAY], columns)
    snapshot = SNAPSHOTS / f"{command}-{columns}.txt"
    if UPDATE:
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.exists(), f"{snapshot} is missing: run PARTNERKIT_UPDATE_SNAPSHOTS=1 pytest {__file__}"
    assert text == snapshot.read_text(encoding="utf-8"), (
        f"{command} at {columns} columns changed; if that is intended, "
        "run PARTNERKIT_UPDATE_SNAPSHOTS=1 pytest tests/test_narrow_terminals.py"
    )
    assert not too_wide(text, columns)


def test_a_real_terminal_of_80_columns_gets_the_same_heat_map_in_colour() -> None:
    """No COLUMNS: the width is the pseudo-terminal's own; the layout is the snapshot's."""
    [status, due] = on_terminal([["status", *DAY], ["due", *DAY]], EXAMPLE, columns=80)
    assert "\x1b[" in status  # in colour
    assert COLOUR.sub("", status) == (SNAPSHOTS / "status-80.txt").read_text(encoding="utf-8")
    assert COLOUR.sub("", due) == (SNAPSHOTS / "due-80.txt").read_text(encoding="utf-8")


# -- the heat map ------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80, 100, 120, 160])
def test_the_heat_map_fits_and_never_cuts_an_id(columns: int) -> None:
    text = at_width(["status", str(EXAMPLE), *DAY], columns)
    assert not too_wide(text, columns) and "…" not in text
    rows = {line.split()[0] for line in text.splitlines() if line.strip()}
    assert set(IDS) <= rows


def test_the_heat_map_says_what_it_shortened_and_left_out() -> None:
    full = at_width(["status", str(EXAMPLE), *DAY], None)
    assert full.splitlines()[0].split() == [
        "partnership",
        "tier",
        "stage",
        "owner",
        "Align",
        "Build",
        "Enable",
        "Monetize",
        "Support",
        "Operate",
        "score",
        "maturity",
    ]
    assert "left out" not in full and "buckets:" not in full
    wide = at_width(["status", str(EXAMPLE), *DAY], 120)
    assert wide.splitlines()[0].split()[4:10] == ["A", "B", "E", "M", "S", "O"]
    assert "buckets: A Align  B Build  E Enable  M Monetize  S Support  O Operate" in wide
    assert "left out" not in wide
    narrow = at_width(["status", str(EXAMPLE), *DAY], 80)
    assert narrow.splitlines()[0].split() == ["partnership", "owner", "A", "B", "E", "M", "S", "O", "score", "mat"]
    assert "left out to fit 80 columns: tier, stage" in narrow
    assert "mat: maturity level 1 Follow  2 Assist  3 Apply  4 Ensure  5 Strategise" in narrow
    harbor = next(line for line in narrow.splitlines() if line.startswith("harbor-crm"))
    assert harbor.split()[2:8] == ["A", "G", "G", "R", "G", "G"]
    tiny = at_width(["status", str(EXAMPLE), *DAY], 60)
    assert "left out to fit 60 columns: tier, stage, owner" in tiny.replace("\n    ", " ")


def test_an_id_too_long_for_the_terminal_wraps_in_its_column(tmp_path: Path) -> None:
    from tests.conftest import write_portfolio

    long_id = "a-partnership-whose-id-is-far-longer-than-any-terminal-column-allows"
    root = write_portfolio(tmp_path, {}, partnerships=(long_id,))
    text = at_width(["status", str(root), *DAY], 50)
    assert not too_wide(text, 50)
    rows = text.split("\n\n")[0].splitlines()[1:]
    assert "".join(row.split()[0] for row in rows) == long_id


# -- score, due, history, diff ------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 120])
def test_score_wraps_its_reasons_under_each_partnership(columns: int) -> None:
    text = at_width(["score", str(EXAMPLE), *DAY], columns)
    assert not too_wide(text, columns)
    full = at_width(["score", str(EXAMPLE), *DAY], None)
    assert _words(text) == _words(full)  # the same words, only the line breaks differ
    for line in text.splitlines():  # a reason's continuation lines sit under its first line
        assert not line or line.startswith(("    ", "Portfolio:", *IDS)), line


def test_due_wraps_a_long_title_under_the_partnership() -> None:
    text = at_width(["due", str(EXAMPLE), *DAY], 80)
    assert not too_wide(text, 80)
    assert _words(text) == _words(at_width(["due", str(EXAMPLE), *DAY], None))
    continued = [line for line in text.splitlines() if line.startswith(" " * 14)]
    assert continued  # some titles are longer than a line


@pytest.mark.parametrize("columns", [80, 120])
def test_history_shortens_bucket_headers_and_wraps_the_subject(repo: Path, columns: int) -> None:
    text = at_width(["history", "snowpeak-data", "-C", str(repo), *DAY], columns)
    assert not too_wide(text, columns)
    lines = text.splitlines()
    if columns == 80:
        assert lines[1].split()[:10] == ["commit", "date", "score", "ROI", "A", "B", "E", "M", "S", "O"]
        assert "buckets: A Align  B Build  E Enable  M Monetize  S Support  O Operate" in text
    else:
        assert lines[1].split()[4:10] == ["Align", "Build", "Enable", "Monetize", "Support", "Operate"]
    subject = "the FY27 plan is on hold until Snowpeak names a new executive sponsor"
    assert len(lines) > 5 and subject in " ".join(text.split())  # wrapped, every word kept, in order


@pytest.mark.parametrize("columns", [80, 120])
def test_diff_wraps_long_changes_with_a_hanging_indent(repo: Path, columns: int) -> None:
    text = at_width(["diff", "HEAD~2", "HEAD", "-C", str(repo), *DAY], columns)
    assert not too_wide(text, columns)
    assert _words(text) == _words(at_width(["diff", "HEAD~2", "HEAD", "-C", str(repo), *DAY], None))


# -- the pieces ---------------------------------------------------------------------------------


def test_wrapping_breaks_at_spaces_and_folds_what_has_none() -> None:
    assert breaks("one two three", 7, 7) == [(0, 7), (8, 13)]
    assert breaks("abcdefghij", 4, 4) == [(0, 4), (4, 8), (8, 10)]
    assert breaks("brightline-distribution", 12, 12, "-") == [(0, 11), (11, 23)]
    assert breaks("中文中文", 4, 4) == [(0, 2), (2, 4)]  # wide characters take two columns
    from partnerkit.render.layout import line

    lines = wrapped(line("    73: ", "Monetize red -15; Align amber -5; Enable green -4"), 30)
    assert [t.plain for t in lines] == [
        "    73: Monetize red -15;",
        "        Align amber -5; Enable",
        "        green -4",
    ]


def test_bucket_abbreviations_are_the_shortest_distinct_beginnings() -> None:
    assert abbreviations(["Align", "Build", "Enable", "Monetize", "Support", "Operate"]) == list("ABEMSO")
    assert abbreviations(["Support", "Sales", "Sell-out", "Ops"]) == ["Su", "Sa", "Se", "O"]
    assert abbreviations(["Sales", "Sales ops"]) == ["Sales", "Sales o"]


def _words(text: str) -> list[str]:
    return text.split()
