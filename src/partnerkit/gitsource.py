"""A portfolio at a git revision, read straight from git objects, never by checking out.

This is the only module that touches git (through GitPython, imported lazily). A revision is
just another Source for the loader, so the same reading, validation and rules apply to any
commit. Blobs are cached by their id, a content hash, so a file that is the same at both ends
of a comparison is read once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from partnerkit.load.problems import ReadProblem

_LINK_MODE = 0o120000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_BLOBS: dict[str, bytes] = {}


class GitError(Exception):
    """Why git could not give us a revision, and what to do about it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def _git() -> Any:
    try:
        import git
    except ImportError as error:  # GitPython refuses to import without a git executable
        raise GitError("git is not installed (or not on PATH)", "install git, e.g. `apt-get install git`") from error
    return git


class Repository:
    """The git repository that holds a portfolio, and the portfolio's place inside it."""

    def __init__(self, portfolio_root: Path) -> None:
        git = _git()
        try:
            self.repo = git.Repo(portfolio_root, search_parent_directories=True)
            self.repo.git.rev_parse("--git-dir")  # git itself refuses here, e.g. for dubious ownership
            top = Path(self.repo.working_tree_dir or portfolio_root).resolve()
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitError(f"{portfolio_root} is not in a git repository", "run `git init`, or compare from inside your portfolio's clone") from None
        except git.GitCommandError as error:
            raise _command_error(error, portfolio_root) from None
        self.prefix = portfolio_root.resolve().relative_to(top).as_posix()
        self.prefix = "" if self.prefix == "." else self.prefix

    def commit(self, revision: str) -> Any:
        """The commit a revision names; merge commits are compared through their first parent."""
        git = _git()
        if not self.repo.head.is_valid():
            raise GitError("the repository has no commits yet", "commit the portfolio first (`git add -A && git commit`)")
        try:
            return self.repo.commit(revision)
        except (git.BadName, ValueError, git.BadObject):
            hint = "check the branch, tag or commit id (`git log --oneline`)"
            if Path(self.repo.git_dir, "shallow").exists():
                hint = ("this is a shallow clone, so older history is missing: run `git fetch --unshallow`, "
                        "or in GitHub Actions check out with `fetch-depth: 0`")
            raise GitError(f"unknown revision {revision!r}", hint) from None
        except git.GitCommandError as error:
            raise _command_error(error, Path(self.repo.working_dir)) from None

    def default_base(self) -> str:
        """Where a comparison starts by default: the merge-base of HEAD with the default branch,
        or HEAD itself when on that branch (to review uncommitted work)."""
        branch = self._default_branch()
        head = self.commit("HEAD")
        if branch is None:
            return head.hexsha
        bases = self.repo.merge_base(head, self.commit(branch))
        return bases[0].hexsha if bases and bases[0].hexsha != head.hexsha else head.hexsha

    def _default_branch(self) -> Optional[str]:
        for ref in ("origin/HEAD", "origin/main", "origin/master", "main", "master"):
            try:
                self.repo.commit(ref)
                return ref
            except Exception:  # noqa: BLE001 - GitPython raises several kinds for a missing ref
                continue
        return None

    def source(self, revision: str) -> "Revision":
        return Revision(self.commit(revision), self.prefix)

    def log(self, folder: str, since: Optional[str], max_count: Optional[int]) -> list[Commit]:
        """Commits that touched ``folder`` (portfolio-relative; "" for all of it), newest first,
        following first parents through merges. ``since`` is a date (YYYY-MM-DD) or a revision."""
        git = _git()
        path = "/".join(part for part in (self.prefix, folder) if part) or "."
        options: dict[str, Any] = {"first_parent": True, "paths": path}
        if max_count:
            options["max_count"] = max_count
        revision = "HEAD"
        if since and _DATE.match(since):
            options["since"] = since
        elif since:
            revision = f"{self.commit(since).hexsha}..HEAD"
        if not self.repo.head.is_valid():
            raise GitError("the repository has no commits yet", "commit the portfolio first (`git add -A && git commit`)")
        try:
            return [Commit(c.hexsha, c.author.name or "", dt.datetime.fromtimestamp(c.committed_date, dt.timezone.utc).date(),
                           c.summary if isinstance(c.summary, str) else c.summary.decode("utf-8", "replace"))
                    for c in self.repo.iter_commits(revision, **options)]
        except git.GitCommandError as error:
            raise _command_error(error, Path(self.repo.working_dir)) from None


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: dt.date
    subject: str


class Revision:
    """A Source over a commit's tree: the portfolio as it was at that commit."""

    def __init__(self, commit: Any, prefix: str) -> None:
        self.commit = commit
        tree = commit.tree
        try:
            self.tree = tree / prefix if prefix else tree
        except KeyError:
            self.tree = None  # the portfolio did not exist yet at this commit
        self.label = commit.hexsha[:10]

    def files(self) -> list[str]:
        if self.tree is None:
            return []
        found = [name for name in ("partnerkit.yaml", "people.yaml") if self._entry(name) is not None]
        partnerships = self._entry("partnerships")
        if partnerships is not None and partnerships.type == "tree":
            for item in partnerships.traverse():
                relative = item.path[len(self.tree.path) + 1:] if self.tree.path else item.path
                if item.type == "blob" and not any(part.startswith(".") for part in relative.split("/")[1:]):
                    found.append(relative)
        return found

    def is_link(self, path: str) -> bool:
        entry = self._entry(path)
        return entry is not None and entry.mode == _LINK_MODE

    def blob_id(self, path: str) -> Optional[str]:
        """The file's content hash, under which its bytes and parsed data are cached."""
        entry = self._entry(path)
        return entry.hexsha if entry is not None and entry.type == "blob" else None

    def read(self, path: str, max_bytes: int) -> bytes | ReadProblem:
        entry = self._entry(path)
        if entry is None or entry.type != "blob":
            return ReadProblem("unreadable", "this file is not in the revision")
        if entry.mode == _LINK_MODE:
            return ReadProblem("unreadable", "this is a symbolic link; partnerkit does not follow links", hint="replace the link with the file itself")
        if entry.size > max_bytes:
            return ReadProblem("unreadable", f"the file is {entry.size:,} bytes, over the {max_bytes:,}-byte limit",
                               hint="split it up, or raise limits.max_file_bytes in partnerkit.yaml")
        if entry.hexsha not in _BLOBS:
            _BLOBS[entry.hexsha] = entry.data_stream.read()
        return _BLOBS[entry.hexsha]

    def _entry(self, path: str) -> Any:
        if self.tree is None:
            return None
        try:
            return self.tree / path
        except KeyError:
            return None


def _command_error(error: Any, where: Path) -> GitError:
    text = f"{getattr(error, 'stderr', '')}"
    if "dubious ownership" in text:
        return GitError("git refuses to read this repository because it is owned by another user (\"dubious ownership\")",
                        f"if you trust it: git config --global --add safe.directory {where}")
    return GitError(f"git failed: {text.strip() or error}", "")

