"""Checking a run of commits reuses what did not change, and gives exactly what a fresh check
of each commit gives."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from partnerkit.health import assess
from partnerkit.history.run import checked_commits
from partnerkit.lint import lint
from partnerkit.load.git import Repository
from partnerkit.settings import ConfigError, load_config
from tests.conftest import AS_OF
from tests.test_gitsource import committed_example, git

pytestmark = pytest.mark.slow  # git repositories, pseudo-terminals or the installed script: integration


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_every_commit_checks_as_if_checked_afresh(tmp_path: Path) -> None:
    portfolio = committed_example(tmp_path / "portfolio")
    parts = portfolio / "partnerships"
    steps = [
        lambda: edit(parts / "snowpeak-data/status.yaml", "rag: green", "rag: red"),
        # people.yaml changes: partnerships naming the removed person change findings, unchanged files and all
        lambda: edit(portfolio / "people.yaml", "  dana.okafor:", "  dana.okafor.old:"),
        lambda: edit(portfolio / "partnerkit.yaml", "rules: {}", "rules:\n  PK101: warning"),
        lambda: shutil.copytree(parts / "harbor-crm", parts / "harbor-crm-emea"),  # a duplicate id
        lambda: (parts / "harbor-crm-emea/kpis.yaml").write_text("kpis: [unclosed\n"),
        lambda: shutil.rmtree(parts / "snowpeak-data"),
        lambda: (parts / "harbor-crm-emea").rename(parts / "harbor-emea"),
        lambda: edit(portfolio / "partnerkit.yaml", "rules:", "rules: [broken"),  # scored with the last good config
    ]
    for i, step in enumerate(steps):
        step()
        git(portfolio, "add", "-A")
        git(portfolio, "commit", "-qm", f"step {i}")
    git(portfolio, "checkout", "-q", "-b", "side")  # a merge counts as its change to the first parent
    edit(parts / "harbor-crm/status.yaml", "rag: ", "rag: red #")
    git(portfolio, "commit", "-qam", "on a branch")
    git(portfolio, "checkout", "-q", "main")
    git(portfolio, "merge", "-q", "--no-ff", "side", "-m", "merge")

    repo = Repository(portfolio)
    commits = repo.log("", None, None)[::-1]
    assert [c.subject for c in commits][-2:] == [f"step {len(steps) - 1}", "merge"]
    checked = list(checked_commits(repo, commits, load_config(repo.source(commits[0].sha)), AS_OF))
    last_good = None
    for commit, healths, config in checked:
        source = Repository(portfolio).source(commit.sha)  # a fresh repository: nothing shared
        with contextlib.suppress(ConfigError):  # the last step broke it
            last_good = load_config(source)
        assert config == last_good
        fresh = lint(source, last_good, AS_OF)
        expected = assess(fresh)
        assert [h.diagnostics for h in healths] == [h.diagnostics for h in expected], commit.subject
        assert [(h.partnership.id, h.score, h.maturity) for h in healths] == [
            (h.partnership.id, h.score, h.maturity) for h in expected
        ], commit.subject
    codes = [{d.code for h in healths for d in h.diagnostics} for _, healths, _ in checked]
    assert "PK101" in codes[2] and "PK011" in codes[4] and "PK001" in codes[5]  # the steps did what they meant
    harbor = [next(h.rag("Align") for h in healths if h.partnership.id == "harbor-crm") for _, healths, _ in checked]
    assert harbor[-2:] == ["amber", "red"]  # the merge brought the branch's rating


def test_a_run_of_commits_reads_git_a_fixed_number_of_times(tmp_path: Path, monkeypatch) -> None:
    import partnerkit.load.git as gitsource

    portfolio = committed_example(tmp_path / "portfolio")
    status = portfolio / "partnerships/snowpeak-data/status.yaml"
    for colour in ("red", "amber", "green", "red", "amber"):
        edit(status, "rag: ", f"rag: {colour} #")
        git(portfolio, "commit", "-qam", colour)
    calls: list[str] = []
    original = gitsource._run_git
    monkeypatch.setattr(
        gitsource,
        "_run_git",
        lambda directory, args, data=None: calls.append(args[0]) or original(directory, args, data),
    )
    repo = Repository(portfolio)
    commits = repo.log("", None, None)[::-1]
    assert len(list(checked_commits(repo, commits, load_config(portfolio), AS_OF))) == 6
    assert sorted(calls) == ["cat-file", "cat-file", "log", "ls-tree"]  # sizes, then every blob; however many commits
