"""`partnerkit history` with the return on investment: a partnership's ROI at each commit, the
portfolio's total, "-" before money was recorded, "?" when it cannot be worked out, and no ROI
column at all for a partnership that never recorded money."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import invoke, write_portfolio
from tests.test_gitsource import git
from tests.test_narrow_terminals import at_width, too_wide

pytestmark = pytest.mark.slow  # git repositories: integration

DAY = ["--as-of", "2026-11-25"]


def financials(*entries: str) -> str:
    return "currency: EUR\nentries:\n" + "".join(f"  - {e}\n" for e in entries)


COST_100 = "{id: F1, date: 2026-03-31, kind: cost, category: people, amount: 100}"
VALUE_300 = "{id: F2, date: 2026-06-30, kind: value, category: revenue, amount: 300}"
VALUE_500 = "{id: F2, date: 2026-06-30, kind: value, category: revenue, amount: 500}"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three commits: alpha, beta and gamma without money; alpha records a cost of 100 and a value
    of 300 (ROI 200%); alpha's value becomes 500 (400%) and gamma records a cost of 200 and a value
    of 100 (-50%). Beta never records money."""
    root = write_portfolio(tmp_path / "portfolio", {}, ("alpha", "beta", "gamma"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    (root / "partnerships/alpha/financials.yaml").write_text(financials(COST_100, VALUE_300))
    (root / "partnerships/beta/actions.yaml").write_text("actions: []\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Alpha's money")
    (root / "partnerships/alpha/financials.yaml").write_text(financials(COST_100, VALUE_500))
    (root / "partnerships/gamma/financials.yaml").write_text(
        financials(
            "{id: F1, date: 2026-03-31, kind: cost, category: mdf, amount: 200}",
            "{id: F2, date: 2026-09-30, kind: value, category: savings, amount: 100}",
        )
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Alpha sold more; gamma's money")
    monkeypatch.chdir(root)
    return root


def rows(text: str) -> list[list[str]]:
    """The table's header and rows, split at spaces (the title line left out)."""
    return [line.split() for line in text.splitlines()[1:]]


def points(*args: str) -> list[dict]:
    result = invoke(["history", *args, *DAY, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["schema_version"] == 1
    return document["points"]


def test_a_partnerships_roi_at_each_commit(repo: Path) -> None:
    result = invoke(["history", "alpha", *DAY])
    assert result.exit_code == 0, result.output
    header, *table = rows(result.output)
    assert header[:5] == ["commit", "date", "score", "ROI", "Align"]
    # (300 - 100) / 100 = 200%, then (500 - 100) / 100 = 400%; nothing recorded at first
    assert [row[3] for row in table] == ["-", "200%", "400%"]
    document = points("alpha")
    assert [p["subject"] for p in document] == ["first", "Alpha's money", "Alpha sold more; gamma's money"]
    assert [p["roi"] for p in document] == [None, 2.0, 4.0]
    gamma = invoke(["history", "gamma", *DAY]).output
    assert [row[3] for row in rows(gamma)[1:]] == ["-", "-50%"]  # (100 - 200) / 200


def test_the_portfolios_total_roi_at_each_commit(repo: Path) -> None:
    result = invoke(["history", *DAY])
    assert result.exit_code == 0, result.output
    header, *table = rows(result.output)
    assert header[:5] == ["commit", "date", "score", "ROI", "Align"]
    # alpha alone: 200%; then alpha and gamma summed: (500 + 100 - 100 - 200) / 300 = 100%
    assert [row[3] for row in table] == ["-", "200%", "100%"]
    assert [p["roi"] for p in points()] == [None, 2.0, 1.0]


def test_a_partnership_without_money_has_no_roi_column(repo: Path) -> None:
    result = invoke(["history", "beta", *DAY])
    assert result.exit_code == 0, result.output
    header, *table = rows(result.output)
    assert "ROI" not in header
    assert header[:4] == ["commit", "date", "score", "Align"]
    assert [row[3] for row in table] == ["-", "-"]  # Align unrated, as before
    assert [p["roi"] for p in points("beta")] == [None, None]  # JSON always says


def test_amounts_in_two_currencies_without_a_rate_are_unknown(repo: Path) -> None:
    usd = "{id: F3, date: 2026-09-30, kind: value, category: revenue, amount: 100, currency: USD}"
    (repo / "partnerships/alpha/financials.yaml").write_text(financials(COST_100, VALUE_500, usd))
    git(repo, "commit", "-qam", "Alpha's US deal")
    alpha = rows(invoke(["history", "alpha", *DAY]).output)[1:]
    assert [row[3] for row in alpha] == ["-", "200%", "400%", "?"]
    assert [p["roi"] for p in points("alpha")] == [None, 2.0, 4.0, None]
    # the portfolio sums what it can (gamma) and leaves alpha out, as the summary does
    assert [row[3] for row in rows(invoke(["history", *DAY]).output)[1:]] == ["-", "200%", "100%", "-50%"]
    # once nothing can be summed, the portfolio's ROI is unknown too
    (repo / "partnerships/gamma/financials.yaml").unlink()
    git(repo, "commit", "-qam", "gamma's money taken out")
    assert [row[3] for row in rows(invoke(["history", *DAY]).output)[1:]][-1] == "?"
    assert points()[-1]["roi"] is None


def test_the_roi_column_fits_80_columns(repo: Path) -> None:
    subject = "Alpha's value restated after the audit: the Q2 bookings were counted twice in the old sheet"
    (repo / "partnerships/alpha/financials.yaml").write_text(financials(COST_100, VALUE_300))
    git(repo, "commit", "-qam", subject)
    text = at_width(["history", "alpha", *DAY], 80)
    assert not too_wide(text, 80)
    lines = text.splitlines()
    assert lines[1].split()[:10] == ["commit", "date", "score", "ROI", "A", "B", "E", "M", "S", "O"]
    assert subject in " ".join(text.split())  # wrapped, every word kept, in order
    assert [row[3] for row in rows(text) if len(row) > 3 and row[1].startswith("20")] == ["-", "200%", "400%", "200%"]
