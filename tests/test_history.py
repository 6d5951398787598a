"""`partnerkit history`: a partnership's score and ratings across the commits that touched it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partnerkit.history.points import sparkline
from tests.conftest import invoke
from tests.test_gitsource import committed_example, git

pytestmark = pytest.mark.slow  # git repositories, pseudo-terminals or the installed script: integration


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    portfolio = committed_example(tmp_path / "portfolio")
    status = portfolio / "partnerships/snowpeak-data/status.yaml"
    status.write_text(status.read_text().replace("rag: green", "rag: red", 1))
    git(portfolio, "commit", "-qam", "Align went red")
    (portfolio / "partnerships/harbor-crm/actions.yaml").write_text("actions: []\n")
    git(portfolio, "commit", "-qam", "elsewhere")
    monkeypatch.chdir(portfolio)
    return portfolio


def test_a_partnerships_timeline_lists_only_the_commits_that_touched_it(repo: Path) -> None:
    result = invoke(["history", "snowpeak-data", "--as-of", "2026-11-25", "--format", "json"])
    assert result.exit_code == 0, result.output
    points = json.loads(result.output)["points"]
    assert [p["subject"] for p in points] == ["first", "Align went red"]
    assert [p["ratings"]["Align"] for p in points] == ["green", "red"]
    assert points[0]["score"] - points[1]["score"] == 15  # a red bucket costs 15 points


def test_text_shows_letters_scores_and_a_sparkline(repo: Path) -> None:
    result = invoke(["history", "snowpeak-data", "--as-of", "2026-11-25"])
    lines = result.output.splitlines()
    assert lines[0].startswith("snowpeak-data: 2 commits, oldest first  ")
    header = "commit    date        score   ROI  Align  Build  Enable  Monetize  Support  Operate  author: subject"
    assert lines[1] == header  # snowpeak-data records money: its ROI at each commit
    assert lines[2].endswith("   87  109%  G      A      G       G         G        G        Ana: first")
    assert lines[3].endswith("   72  109%  R      A      G       G         G        G        Ana: Align went red")


def test_an_unknown_partnership_is_a_usage_error_with_a_suggestion(repo: Path) -> None:
    result = invoke(["history", "snowpeak"])
    assert result.exit_code == 2
    assert (
        "no partnership 'snowpeak' in this portfolio" in result.output
        and "did you mean snowpeak-data?" in result.output
    )
    # a partnership that is gone from the folder still has its history
    git(repo, "rm", "-rq", "partnerships/harbor-crm")
    git(repo, "commit", "-qm", "harbor ended")
    gone = json.loads(invoke(["history", "harbor-crm", "--format", "json", "--as-of", "2026-11-25"]).output)
    assert [p["score"] is None for p in gone["points"]] == [False, False, True]


def test_portfolio_history_max_count_and_since(repo: Path) -> None:
    document = json.loads(invoke(["history", "--format", "json", "--as-of", "2026-11-25"]).output)
    assert [p["subject"] for p in document["points"]] == ["first", "Align went red", "elsewhere"]
    assert document["points"][1]["ratings"]["Align"] == "1"  # one partnership rated Align red
    newest = json.loads(invoke(["history", "-n", "1", "--format", "json"]).output)
    assert [p["subject"] for p in newest["points"]] == ["elsewhere"]
    after_first = json.loads(invoke(["history", "--since", "HEAD~2", "--format", "json"]).output)
    assert [p["subject"] for p in after_first["points"]] == ["Align went red", "elsewhere"]
    assert invoke(["history", "--since", "nope"]).exit_code == 3


def test_sparkline_scale_and_gaps() -> None:
    assert sparkline([0, 50, 100, None, 99]) == "▁▄█ █"


def test_history_parses_each_distinct_file_content_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import partnerkit.load.portfolio as loader

    parsed: list[str] = []
    original = loader.read_and_parse
    monkeypatch.setattr(
        loader, "read_and_parse", lambda source, path, limit: parsed.append(path) or original(source, path, limit)
    )
    assert invoke(["history", "--format", "json", "--as-of", "2026-11-25"]).exit_code == 0
    files = len([p for p in repo.rglob("*.yaml") if "partnerships" in p.parts or p.name == "people.yaml"])
    # the first commit's files, then only the one file each later commit changed (partnerkit.yaml is
    # read by the settings of each commit)
    assert len([p for p in parsed if p != "partnerkit.yaml"]) == files + 2


def test_reports_show_each_partnerships_score_trend(repo: Path) -> None:
    markdown = invoke(["report", "--history", "3", "--as-of", "2026-11-25"])
    assert markdown.exit_code == 0, markdown.output
    row = next(line for line in markdown.output.splitlines() if line.startswith("| Snowpeak Data, Inc. | 72 watch"))
    assert f"72 watch {sparkline([87, 72, 72])} |" in row
    html = invoke(["report", "--format", "html", "--history", "3", "--as-of", "2026-11-25"]).output
    assert f">{sparkline([87, 72, 72])}</span>" in html
    assert sparkline([87, 72, 72]) not in invoke(["report", "--as-of", "2026-11-25"]).output


def test_a_partnerships_history_rescores_it_when_the_settings_change(repo: Path) -> None:
    (repo / "partnerkit.yaml").write_text((repo / "partnerkit.yaml").read_text() + "scoring:\n  weights: {red: 40}\n")
    git(repo, "commit", "-qam", "Red costs more")
    points = json.loads(invoke(["history", "snowpeak-data", "--as-of", "2026-11-25", "--format", "json"]).output)[
        "points"
    ]
    assert [p["subject"] for p in points] == ["first", "Align went red", "Red costs more"]
    scored = json.loads(invoke(["score", "--as-of", "2026-11-25", "--format", "json"]).output)
    [snowpeak] = [p for p in scored["partnerships"] if p["id"] == "snowpeak-data"]
    assert points[-1]["score"] == snowpeak["score"] == points[-2]["score"] - 25  # the red bucket: 15 -> 40
