"""Reading a portfolio at a git revision: from git objects, with clear errors when git cannot."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from partnerkit.lint import lint
from partnerkit.load.git import GitError, Repository
from partnerkit.load.source import WorkingTree
from partnerkit.settings import load_config
from tests.conftest import AS_OF, EXAMPLE

pytestmark = pytest.mark.slow  # git repositories, pseudo-terminals or the installed script: integration


ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Ana",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=ENV, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def committed_example(portfolio: Path, root: Path | None = None) -> Path:
    """The example portfolio copied to ``portfolio``, in a repository at ``root`` (the
    portfolio itself by default) whose main branch has it as its first commit."""
    shutil.copytree(EXAMPLE, portfolio)
    root = root or portfolio
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    return portfolio


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose portfolio lives in a folder with a space and a non-ASCII letter."""
    root = tmp_path / "repo"
    return committed_example(root / "Partner portfolio é", root)


def diagnostics_at(portfolio: Path, revision: str) -> list:
    source = Repository(portfolio).source(revision)
    return lint(source, load_config(source), AS_OF).diagnostics


def test_a_revision_lints_exactly_like_the_same_working_tree(repo: Path) -> None:
    assert diagnostics_at(repo, "HEAD") == lint(WorkingTree(repo), load_config(repo), AS_OF).diagnostics


def test_history_is_read_from_objects_not_the_working_tree(repo: Path) -> None:
    status = repo / "partnerships/brightline-distribution/status.yaml"
    status.write_text(status.read_text().replace("rag: amber", "rag: red", 1))
    git(repo, "commit", "-qam", "Enable red")
    (repo / "partnerships/snowpeak-data").rename(repo / "partnerships/snowpeak")
    at_head = {d.path for d in diagnostics_at(repo, "HEAD")}
    assert "partnerships/snowpeak-data/risks.yaml" in at_head  # the rename is not committed
    before = Repository(repo).source("HEAD~1")
    text = before.read("partnerships/brightline-distribution/status.yaml", 1 << 20)
    assert isinstance(text, bytes) and b"rag: amber" in text


def test_default_base_is_the_merge_base_with_the_default_branch(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    assert Repository(repo).default_base() == first  # on main: compare uncommitted work with HEAD
    git(repo, "checkout", "-qb", "feature")
    (repo / "people.yaml").write_text((repo / "people.yaml").read_text() + "\n")
    git(repo, "commit", "-qam", "touch")
    git(repo, "checkout", "-q", "main")
    (repo / "partnerkit.yaml").write_text((repo / "partnerkit.yaml").read_text() + "\n")
    git(repo, "commit", "-qam", "main moves on")
    git(repo, "checkout", "-q", "feature")
    assert Repository(repo).default_base() == first


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("plain folder", "is not in a git repository"),
        ("no commits", "has no commits yet"),
        ("unknown revision", "unknown revision 'nope'"),
    ],
)
def test_git_problems_are_clear_errors(tmp_path: Path, setup: str, words: str) -> None:
    folder = tmp_path / "p"
    shutil.copytree(EXAMPLE, folder)
    if setup != "plain folder":
        git(folder, "init", "-q")
    if setup == "unknown revision":
        git(folder, "add", "-A")
        git(folder, "commit", "-qm", "x")
    with pytest.raises(GitError, match=words):
        Repository(folder).commit("nope" if setup == "unknown revision" else "HEAD")


def test_a_shallow_clone_says_how_to_fetch_the_history(repo: Path, tmp_path: Path) -> None:
    root = repo.parent
    (repo / "people.yaml").write_text((repo / "people.yaml").read_text() + "\n")
    git(root, "commit", "-qam", "second")
    first = git(root, "rev-parse", "HEAD~1")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", root.as_uri(), str(clone))
    with pytest.raises(GitError) as raised:
        Repository(clone / repo.name).commit(first)
    assert "fetch-depth: 0" in raised.value.hint


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the repository to another user"
)
def test_dubious_ownership_is_explained(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subprocess.run(["chown", "-R", "65534:65534", str(repo.parent)], check=True)
    home = repo.parent.parent / "home"  # no global git config that could mark it safe
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(GitError) as raised:
        Repository(repo).commit("HEAD")
    assert "dubious ownership" in raised.value.message and "safe.directory" in raised.value.hint


def test_symlinks_in_a_revision_are_refused(repo: Path) -> None:
    root = repo.parent
    (repo / "partnerships/brightline-distribution/reviews.yaml").unlink()
    os.symlink("../snowpeak-data/reviews.yaml", repo / "partnerships/brightline-distribution/reviews.yaml")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "link")
    found = [d for d in diagnostics_at(repo, "HEAD") if d.path == "partnerships/brightline-distribution/reviews.yaml"]
    assert [d.code for d in found] == ["PK005"] and "symbolic link" in found[0].message


def test_a_failing_git_command_is_a_git_error_with_gits_words(repo: Path) -> None:
    from partnerkit.load.git import _run_git_together

    with pytest.raises(GitError, match="git cat-file failed: fatal: Not a valid object name"):
        _run_git_together(str(repo), [["rev-parse", "HEAD"], ["cat-file", "-t", "0" * 40 + "x"]])


def shallow_clone(portfolio: Path, tmp_path: Path, commits: int = 3) -> Path:
    """A depth-1 clone (as CI systems check out) of ``portfolio``'s repository after ``commits``
    commits in all; the portfolio inside the clone."""
    root = Path(git(portfolio, "rev-parse", "--show-toplevel"))
    for number in range(1, commits):
        (portfolio / "people.yaml").write_text((portfolio / "people.yaml").read_text() + "\n")
        git(root, "commit", "-qam", f"commit {number + 1}")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", root.as_uri(), str(clone))
    return clone / portfolio.relative_to(root)


@pytest.mark.parametrize("revision", ["HEAD~1", "HEAD^", "HEAD~2", "main~1", "first-commit"])
def test_every_revision_a_shallow_clone_lacks_gets_the_hint(repo: Path, tmp_path: Path, revision: str) -> None:
    first = git(repo, "rev-parse", "HEAD")
    clone = shallow_clone(repo, tmp_path)
    revision = first if revision == "first-commit" else revision
    repository = Repository(clone)
    for attempt in (repository.commit, repository.source, repository.changed_since):
        with pytest.raises(GitError) as raised:
            attempt(revision)
        assert raised.value.message == f"unknown revision {revision!r}"  # not git diff's or ls-tree's words
        assert "shallow clone with 1 commit of history" in raised.value.hint
        assert "git fetch --unshallow" in raised.value.hint and "fetch-depth: 0" in raised.value.hint
    assert repository.commit("HEAD").hexsha == git(clone, "rev-parse", "HEAD")


def test_revisions_are_resolved_by_git_itself(repo: Path) -> None:
    repository = Repository(repo)
    assert repository.commit("main").hexsha == git(repo, "rev-parse", "HEAD")
    tree = git(repo, "rev-parse", "HEAD^{tree}")
    for revision in (tree, "--all", "-p", "HEAD~1", "0" * 40):  # no commit, an option, or nothing
        with pytest.raises(GitError, match="unknown revision") as raised:
            repository.commit(revision)
        assert "git log --oneline" in raised.value.hint  # not shallow: no fetch hint


def test_report_history_in_a_shallow_clone_says_how_many_commits_it_saw(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import invoke

    clone = shallow_clone(repo, tmp_path)
    monkeypatch.chdir(clone)
    result = invoke(["report", "--history", "5", "--as-of", "2026-11-25", "-o", str(tmp_path / "r.md")])
    assert result.exit_code == 0, result.output
    assert "shallow clone: the trends cover the 1 of the last 5 commits that it has" in result.stderr
    assert "git fetch --unshallow" in result.stderr
    monkeypatch.chdir(repo)
    full = invoke(["report", "--history", "5", "--as-of", "2026-11-25", "-o", str(tmp_path / "r.md")])
    assert full.exit_code == 0 and "shallow" not in full.stderr


def test_a_revision_refuses_a_linked_partnerships_folder_and_says_a_folder_is_no_file(repo: Path) -> None:
    root = repo.parent
    status = repo / "partnerships/harbor-crm/status.yaml"
    status.unlink()
    status.mkdir()
    (status / "old.yaml").write_text("x: 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a folder named status.yaml")
    harbor = [d for d in diagnostics_at(repo, "HEAD") if d.path.startswith("partnerships/harbor-crm")]
    found = [(d.code, d.message) for d in harbor if not d.path.endswith("financials.yaml")]  # its PK714 stays
    assert found == [("PK005", "status.yaml is a folder, not a file")]
    shutil.move(repo / "partnerships", root / "elsewhere")
    os.symlink("../elsewhere", repo / "partnerships")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "link")
    diagnostics = diagnostics_at(repo, "HEAD")
    assert [(d.code, d.path) for d in diagnostics if d.path.startswith("partnerships")] == [("PK005", "partnerships")]
