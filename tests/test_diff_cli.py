"""`partnerkit diff` over real git repositories, as reviewers and CI use it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, invoke
from tests.test_gitsource import ENV, committed_example, git

pytestmark = pytest.mark.slow  # git repositories, pseudo-terminals or the installed script: integration


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    portfolio = committed_example(tmp_path / "my portfolio ü")
    monkeypatch.chdir(portfolio)
    return portfolio


def diff_json(*args: str) -> dict:
    result = invoke(["diff", *args, "--format", "json", "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def change_texts(document: dict, pid: str) -> list[str]:
    partnership = next(p for p in document["partnerships"] if p["id"] == pid)
    return [c["text"] for c in partnership["changes"]]


def test_uncommitted_work_is_compared_with_head(repo: Path) -> None:
    status = repo / "partnerships/harbor-crm/status.yaml"
    status.write_text(status.read_text().replace("rag: red", "rag: amber", 1))
    texts = change_texts(diff_json(), "harbor-crm")
    assert any(t.startswith("Monetize went red -> amber") for t in texts)


def test_the_working_tree_reuses_what_it_shares_with_the_base(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import partnerkit.load.portfolio as loader

    status = repo / "partnerships/harbor-crm/status.yaml"
    status.write_text(status.read_text().replace("rag: red", "rag: amber", 1))
    (repo / "partnerships/harbor-crm/notes.yaml").write_text("x: 1\n")  # untracked: no content id
    parsed: list[str] = []
    original = loader.read_and_parse
    monkeypatch.setattr(
        loader, "read_and_parse", lambda source, path, limit: parsed.append(path) or original(source, path, limit)
    )
    texts = change_texts(diff_json(), "harbor-crm")
    files = [p for p in repo.rglob("*.yaml") if "partnerships" in p.parts or p.name == "people.yaml"]
    # the base's files once, then only the edited one (the unknown notes.yaml is never parsed);
    # partnerkit.yaml is read by each end's settings
    assert sorted(p for p in parsed if p != "partnerkit.yaml") == sorted(
        [
            *(p.relative_to(repo).as_posix() for p in files if p.name != "notes.yaml"),
            "partnerships/harbor-crm/status.yaml",
        ]
    )
    assert any(t.startswith("Monetize went red -> amber") for t in texts)


def test_a_branch_is_compared_with_its_merge_base_and_follows_renames(repo: Path) -> None:
    git(repo, "checkout", "-qb", "feature")
    git(repo, "mv", "partnerships/snowpeak-data", "partnerships/snowpeak")
    charter = repo / "partnerships/snowpeak/charter.yaml"
    charter.write_text(charter.read_text().replace("id: snowpeak-data", "id: snowpeak"))
    shutil.rmtree(repo / "partnerships/harbor-crm")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "rename and remove")
    git(repo, "checkout", "-q", "main")
    (repo / "people.yaml").write_text((repo / "people.yaml").read_text() + "\n")
    git(repo, "commit", "-qam", "main moves on")
    git(repo, "checkout", "-q", "feature")
    document = diff_json()
    states = {p["id"]: p["state"] for p in document["partnerships"]}
    assert states.get("harbor-crm") == "removed"
    renamed = [p for p in document["partnerships"] if p["state"] == "renamed"]
    assert [(p["old_folder"], p["new_folder"]) for p in renamed] == [
        ("partnerships/snowpeak-data", "partnerships/snowpeak")
    ]


def test_explicit_revisions_and_merge_commits_use_the_first_parent(repo: Path) -> None:
    git(repo, "checkout", "-qb", "feature")
    risks = repo / "partnerships/snowpeak-data/risks.yaml"
    risks.write_text(risks.read_text().replace("likelihood: 4", "likelihood: 2", 1))
    git(repo, "commit", "-qam", "lower R1")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge feature", "feature")
    texts = change_texts(diff_json("HEAD^1", "HEAD"), "snowpeak-data")
    assert any("R1" in t and "4x4=16 -> 2x4=8" in t for t in texts)


def test_fail_on_new_errors_fails_only_when_the_change_adds_one(repo: Path) -> None:
    base = ["diff", "--as-of", "2026-11-25", "--fail-on", "new-errors"]
    assert invoke(base).exit_code == 0  # the example's existing errors are not new
    kpis = repo / "partnerships/cirrus-hosting/kpis.yaml"
    kpis.write_text(kpis.read_text().replace("direction: down", "direction: sideways", 1))
    failed = invoke(base)
    assert failed.exit_code == 1 and "new error PK002 schema-invalid-value" in failed.output
    assert invoke(["diff", "--fail-on", "score-drop=abc"]).exit_code == 2


@pytest.mark.parametrize(
    ("case", "words"),
    [("not a repository", "is not in a git repository"), ("unknown revision", "unknown revision 'v9'")],
)
def test_git_problems_exit_3_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, words: str
) -> None:
    folder = tmp_path / "p"
    shutil.copytree(EXAMPLE, folder)
    if case == "unknown revision":
        git(folder, "init", "-q")
        git(folder, "add", "-A")
        git(folder, "commit", "-qm", "x")
    monkeypatch.chdir(folder)
    result = invoke(["diff", "v9"])
    assert result.exit_code == 3 and words in result.output


def test_git_missing_from_path_is_explained(repo: Path) -> None:
    env = {**ENV, "PATH": str(Path(sys.executable).parent)}
    env.pop("GIT_PYTHON_GIT_EXECUTABLE", None)
    done = subprocess.run(
        [sys.executable, "-m", "partnerkit", "diff"], cwd=repo, capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 3, done.stderr
    assert "git is not installed" in done.stderr and "Traceback" not in done.stderr


def test_shallow_clone_without_the_base_says_fetch_depth_0(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "people.yaml").write_text((repo / "people.yaml").read_text() + "\n")
    git(repo, "commit", "-qam", "second")
    first = git(repo, "rev-parse", "HEAD~1")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(clone))
    monkeypatch.chdir(clone)
    result = invoke(["diff", first])
    assert result.exit_code == 3 and "fetch-depth: 0" in result.output


def test_a_portfolio_big_enough_to_parse_on_two_cores_diffs_from_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parser forks for big portfolios; git objects must be read before it does."""
    from partnerkit.load.parallel import PARALLEL_MIN_FILES

    root = tmp_path / "big"
    shutil.copytree(EXAMPLE, root)
    for n in range(1, PARALLEL_MIN_FILES // 80 + 2):
        for folder in sorted((EXAMPLE / "partnerships").iterdir()):
            copy = root / "partnerships" / f"{folder.name}-{n}"
            shutil.copytree(folder, copy)
            charter = copy / "charter.yaml"
            charter.write_text(charter.read_text().replace(f"id: {folder.name}", f"id: {folder.name}-{n}", 1))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "big")
    status = root / "partnerships/harbor-crm-1/status.yaml"
    status.write_text(status.read_text().replace("rag: red", "rag: amber", 1))
    git(root, "commit", "-qam", "better")
    monkeypatch.chdir(root)
    document = diff_json("HEAD~1", "HEAD")
    assert [p["id"] for p in document["partnerships"]] == ["harbor-crm-1"]


def test_a_detached_head_as_ci_checks_out_a_pull_request(repo: Path) -> None:
    """GitHub Actions checks a pull request out as a detached merge commit."""
    git(repo, "checkout", "-q", "-b", "feature")
    status = repo / "partnerships/snowpeak-data/status.yaml"
    status.write_text(status.read_text().replace("rag: green", "rag: red", 1))
    git(repo, "commit", "-qam", "Align red")
    git(repo, "checkout", "-q", "--detach", "HEAD")
    assert change_texts(diff_json(), "snowpeak-data")[0].startswith(
        "Align went green -> red"
    )  # base: the merge-base with main
    history = invoke(["history", "snowpeak-data", "--format", "json", "--as-of", "2026-11-25"])
    assert [p["subject"] for p in json.loads(history.output)["points"]] == ["first", "Align red"]
    changed = invoke(["lint", "--changed-since", "main", "--format", "json", "--as-of", "2026-11-25"])
    assert json.loads(changed.stdout)["summary"]["partnerships"] == 1


def test_diff_in_a_depth_1_clone_says_how_to_fetch_the_base(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_gitsource import shallow_clone

    monkeypatch.chdir(shallow_clone(repo, tmp_path))
    result = invoke(["diff", "HEAD~1"])
    assert result.exit_code == 3, result.output
    assert "unknown revision 'HEAD~1'" in result.stderr and "ls-tree" not in result.stderr
    assert "git fetch --unshallow" in result.stderr and "fetch-depth: 0" in result.stderr
