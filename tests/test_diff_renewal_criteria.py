"""A charter's renewal criteria in `partnerkit diff` and `partnerkit textconv`, over real git
repositories: what the steering committee must see move is the threshold, not the YAML."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import invoke
from tests.test_gitsource import committed_example, git

pytestmark = pytest.mark.slow  # git repositories: integration

CHARTER = "partnerships/cirrus-hosting/charter.yaml"
CRITERIA = "renewal_criteria:\n  - K1 >= 99.95\n  - K3 <= 120\n  - K4 >= 90% of plan\n"
"""The example's criteria for cirrus-hosting, as committed."""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    portfolio = committed_example(tmp_path / "portfolio")
    assert CRITERIA in (portfolio / CHARTER).read_text()
    monkeypatch.chdir(portfolio)
    return portfolio


def criteria(repo: Path, *written: str) -> None:
    """Rewrite cirrus-hosting's renewal criteria in the working tree."""
    charter = repo / CHARTER
    new = "renewal_criteria:\n" + "".join(f"  - {c}\n" for c in written)
    charter.write_text(charter.read_text().replace(CRITERIA, new))


def diff(fmt: str) -> str:
    result = invoke(["diff", "--format", fmt, "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    return result.output


def test_diff_says_which_renewal_criteria_were_added_removed_and_changed(repo: Path) -> None:
    criteria(repo, "K4 >= 95% of plan", "K1 >= 99.95", "K2 <= 40")
    lines = diff("text").splitlines()
    at = lines.index(next(line for line in lines if line.startswith("cirrus-hosting ")))
    assert lines[at + 1 : at + 4] == [
        "  renewal criterion added: K2 <= 40",
        "  renewal criterion removed: K3 <= 120",
        "  renewal criterion changed: K4 >= 90% of plan -> K4 >= 95% of plan",
    ]
    assert "K1 >= 99.95" not in "\n".join(lines)  # kept, though it moved down the list


def test_markdown_and_json_carry_the_same_renewal_criteria_changes(repo: Path) -> None:
    criteria(repo, "K4 >= 95% of plan", "K1 >= 99.95", "K2 <= 40")
    assert (
        "- renewal criterion added: K2 &lt;= 40\n"
        "- renewal criterion removed: K3 &lt;= 120\n"
        "- renewal criterion changed: K4 &gt;= 90% of plan -&gt; K4 &gt;= 95% of plan\n"
    ) in diff("markdown")
    (partnership,) = json.loads(diff("json"))["partnerships"]
    assert partnership["id"] == "cirrus-hosting"
    assert [(c["kind"], c["subject"], c["text"], c["before"], c["after"]) for c in partnership["changes"]] == [
        ("renewal-criterion-added", "K2", "renewal criterion added: K2 <= 40", None, "K2 <= 40"),
        ("renewal-criterion-removed", "K3", "renewal criterion removed: K3 <= 120", "K3 <= 120", None),
        (
            "renewal-criterion-changed",
            "K4",
            "renewal criterion changed: K4 >= 90% of plan -> K4 >= 95% of plan",
            "K4 >= 90% of plan",
            "K4 >= 95% of plan",
        ),
    ]


def test_reordered_or_respaced_criteria_are_no_change(repo: Path) -> None:
    criteria(repo, "K4>=90%   of plan", "K3 <= 120", "K1 >= 99.95")
    assert json.loads(diff("json"))["partnerships"] == []


def test_criteria_on_a_kpi_that_gained_a_second_one_are_not_paired_by_guess(repo: Path) -> None:
    criteria(repo, "K1 >= 99.9", "K1 <= 100", "K3 <= 120", "K4 >= 90% of plan")
    (partnership,) = json.loads(diff("json"))["partnerships"]
    assert [c["text"] for c in partnership["changes"]] == [
        "renewal criterion added: K1 >= 99.9",
        "renewal criterion added: K1 <= 100",
        "renewal criterion removed: K1 >= 99.95",
    ]


def test_textconv_prints_one_renewal_criterion_a_line_for_git_diff(repo: Path) -> None:
    result = invoke(["textconv", CHARTER])
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.startswith("renewal")] == [
        "renewal criterion: K1 >= 99.95",
        "renewal criterion: K3 <= 120",
        "renewal criterion: K4 >= 90% of plan",
    ]
    git(repo, "config", "diff.partnerkit.textconv", f"{Path(sys.executable).parent / 'partnerkit'} textconv")
    (repo / ".gitattributes").write_text("*.yaml diff=partnerkit\n")
    criteria(repo, "K1 >= 99.95", "K3 <= 120", "K4 >= 95% of plan")
    changed = [line for line in git(repo, "diff").splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-renewal criterion: K4 >= 90% of plan", "+renewal criterion: K4 >= 95% of plan"]
