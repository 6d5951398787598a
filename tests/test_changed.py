"""`lint --changed-since`: the touched partnerships and the portfolio-wide findings the change
can affect, exactly as a full lint reports them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import console_script, invoke
from tests.test_gitsource import ENV, committed_example, git

pytestmark = pytest.mark.slow  # git repositories, pseudo-terminals or the installed script: integration


OVERLOADED = "PK305"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example, committed, with a limit of 4 activities a person so several are overloaded."""
    portfolio = committed_example(tmp_path / "portfolio")
    edit(portfolio / "partnerkit.yaml", "rules: {}", "rules:\n  person-overloaded:\n    max_accountable: 4")
    git(portfolio, "commit", "-qam", "a low limit")
    monkeypatch.chdir(portfolio)
    return portfolio


def findings(*args: str) -> tuple[list[dict], dict]:
    result = invoke(["lint", "--format", "json", "--as-of", "2026-11-25", "--no-cache", *args])
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    return document["diagnostics"], document["summary"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def assert_same_as_full_lint(touched: set[str]) -> list[dict]:
    """Everything reported is reported identically by a full lint, and nothing a full lint
    says about a touched partnership is missing (an overload the change left alone aside)."""
    changed, _ = findings("--changed-since", "HEAD")
    full, _ = findings()
    assert all(d in full for d in changed)
    assert [d for d in full if d["partnership"] in touched and d["code"] != OVERLOADED] == [
        d for d in changed if d["partnership"] in touched and d["code"] != OVERLOADED
    ]
    return changed


def overloads(diagnostics: list[dict], people: set[str]) -> list[dict]:
    return [d for d in diagnostics if d["code"] == OVERLOADED and d["message"].split()[0] in people]


def test_only_the_touched_partnership_and_the_overloads_it_changes(repo: Path) -> None:
    edit(repo / "partnerships/snowpeak-data/status.yaml", "rag: green", "rag: purple")
    # one activity passes from dana.okafor (6 in all, limit 4) to ravi.desai (7 in all)
    edit(repo / "partnerships/snowpeak-data/raci.yaml", "accountable: dana.okafor", "accountable: ravi.desai")
    changed = assert_same_as_full_lint({"snowpeak-data"})
    assert {d["partnership"] for d in changed if d["code"] != OVERLOADED} == {"snowpeak-data"}
    assert any(d["code"] == "PK002" and d["path"].endswith("snowpeak-data/status.yaml") for d in changed)
    # both overloads changed: each is reported where a full lint reports it, in another
    # partnership; the overloads of people whose activities did not change are not
    full, _ = findings()
    expected = overloads(full, {"dana.okafor", "ravi.desai"})
    assert sorted(d["message"].split()[0] for d in expected) == ["dana.okafor", "ravi.desai"]
    assert all(d["partnership"] != "snowpeak-data" for d in expected)
    assert [d for d in changed if d["code"] == OVERLOADED] == expected


def test_an_overload_suppressed_where_it_lands_stays_suppressed(repo: Path) -> None:
    """ravi.desai's overload lands in brightline-distribution, whose charter suppresses it."""
    charter = repo / "partnerships/brightline-distribution/charter.yaml"
    charter.write_text(
        charter.read_text() + "suppress:\n  - {rule: person-overloaded, reason: interim cover until Q3}\n"
    )
    git(repo, "commit", "-qam", "suppress")
    edit(repo / "partnerships/snowpeak-data/raci.yaml", "accountable: dana.okafor", "accountable: ravi.desai")
    full, _ = findings()
    assert not overloads(full, {"ravi.desai"}) and overloads(full, {"dana.okafor"})
    changed = assert_same_as_full_lint({"snowpeak-data"})
    assert [d for d in changed if d["code"] == OVERLOADED] == overloads(full, {"dana.okafor"})


def test_a_touched_partnership_that_suppresses_overloads_sees_them_all(repo: Path) -> None:
    """Whether its suppression is used depends on every overload landing on it, altered or not."""
    charter = repo / "partnerships/brightline-distribution/charter.yaml"
    charter.write_text(charter.read_text() + "suppress:\n  - {rule: PK305, reason: interim cover until Q3}\n")
    git(repo, "commit", "-qam", "suppress")
    edit(repo / "partnerships/brightline-distribution/status.yaml", "rag: ", "rag: red #")
    changed = assert_same_as_full_lint({"brightline-distribution"})
    assert "PK015" not in {d["code"] for d in changed}  # the suppression is used, as a full lint finds


def test_an_overload_the_change_did_not_alter_is_not_reported_again(repo: Path) -> None:
    edit(repo / "partnerships/snowpeak-data/status.yaml", "rag: green", "rag: amber")
    full, _ = findings()
    assert overloads(full, {"dana.okafor"})  # a full lint still shows it
    changed = assert_same_as_full_lint({"snowpeak-data"})
    assert not [d for d in changed if d["code"] == OVERLOADED]


def test_a_new_partnership_claiming_an_existing_id_and_a_deletion(repo: Path) -> None:
    shutil.copytree(repo / "partnerships/harbor-crm", repo / "partnerships/harbor-emea")  # untracked, id harbor-crm
    shutil.rmtree(repo / "partnerships/tessellate-oem")
    changed = assert_same_as_full_lint({"harbor-emea", "tessellate-oem"})
    codes = {(d["code"], d["partnership"]) for d in changed}
    assert ("PK011", "harbor-emea") in codes and ("PK010", "harbor-emea") in codes
    assert "harbor-crm" not in {d["partnership"] for d in changed if d["code"] != OVERLOADED}


def test_a_new_stray_file_is_reported(repo: Path) -> None:
    (repo / "partnerships/notes.txt").write_text("to do\n")
    changed, summary = findings("--changed-since", "HEAD")
    assert [(d["code"], d["path"]) for d in changed] == [("PK013", "partnerships/notes.txt")]
    assert summary["partnerships"] == 0


def test_a_partnership_whose_id_another_already_claims_is_found(repo: Path) -> None:
    """Touching snowpeak-data's charter to claim harbor-crm's id: both sides are searched."""
    edit(repo / "partnerships/snowpeak-data/charter.yaml", "id: snowpeak-data", "id: harbor-crm")
    changed = assert_same_as_full_lint({"snowpeak-data"})
    assert {d["code"] for d in changed if d["partnership"] == "snowpeak-data"} >= {"PK010", "PK011"}


def test_changes_already_committed_since_the_revision_count_too(repo: Path) -> None:
    edit(repo / "partnerships/lakeside-university/kpis.yaml", "kpis:", "kpis:\n  - {}\n")
    git(repo, "commit", "-qam", "broken KPI")
    changed, summary = findings("--changed-since", "HEAD~1")
    full, _ = findings()
    assert summary["partnerships"] == 1 and summary["changed_since"] == "HEAD~1"
    text = invoke(["lint", "--changed-since", "HEAD~1", "--as-of", "2026-11-25"]).output
    assert "in 1 partnership changed since HEAD~1 (" in text.splitlines()[-1]
    assert [d for d in changed if d["partnership"] == "lakeside-university"] == [
        d for d in full if d["partnership"] == "lakeside-university"
    ]
    assert any(d["path"].endswith("lakeside-university/kpis.yaml") for d in changed)
    assert findings("--changed-since", "HEAD")[0] == []  # nothing changed since HEAD


def test_a_change_to_people_checks_everything(repo: Path) -> None:
    edit(repo / "people.yaml", "  dana.okafor:", "  dana.okafor2:")
    result = invoke(["lint", "--format", "json", "--changed-since", "HEAD", "--as-of", "2026-11-25"])
    assert "people.yaml changed since HEAD" in result.stderr
    assert json.loads(result.stdout)["summary"]["partnerships"] == 10


def test_git_problems_exit_3(repo: Path) -> None:
    result = invoke(["lint", "--changed-since", "no-such-branch"])
    assert result.exit_code == 3 and "unknown revision 'no-such-branch'" in result.stderr


def test_the_installed_command_in_a_pull_request_workflow(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    edit(repo / "partnerships/cirrus-hosting/status.yaml", "rag: ", "rag: blue #")
    git(repo, "commit", "-qam", "feature")
    done = subprocess.run(
        [console_script(), "lint", "--changed-since", "main", "--format", "github", "--as-of", "2026-11-25"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert done.returncode == 1
    assert "::error file=partnerships/cirrus-hosting/status.yaml" in done.stdout
    assert "snowpeak-data" not in done.stdout


def test_a_depth_1_clone_says_how_to_fetch_the_revision(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_gitsource import shallow_clone

    monkeypatch.chdir(shallow_clone(repo, tmp_path))
    result = invoke(["lint", "--changed-since", "HEAD~1"])
    assert result.exit_code == 3, result.output
    assert "unknown revision 'HEAD~1'" in result.stderr and "git diff failed" not in result.stderr
    assert "git fetch --unshallow" in result.stderr and "fetch-depth: 0" in result.stderr
