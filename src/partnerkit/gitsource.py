"""A portfolio at a git revision, read straight from git objects, never by checking out.

This is the only module that touches git (through GitPython, imported lazily). A revision is
just another Source for the loader, so the same reading, validation and rules apply to any
commit. Blobs are cached by their id, a content hash, so a file that is the same at both ends
of a comparison is read once.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from partnerkit.load.problems import ReadProblem

_LINK_MODE = "120000"
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
        return Revision(str(self.repo.working_dir), self.commit(revision), self.prefix)

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
    """A Source over a commit's tree: the portfolio as it was at that commit.

    The tree is listed once (``git ls-tree``) and blobs are read in one batch (``git cat-file
    --batch``) before parsing, so reading a revision is two git processes whatever its size, and
    nothing touches git after the parser forks."""

    def __init__(self, repo_dir: str, commit: Any, prefix: str) -> None:
        self.repo_dir, self.commit, self.label = repo_dir, commit, commit.hexsha[:10]
        listing = _run_git(repo_dir, ["ls-tree", "-r", "-l", "-z", commit.hexsha, "--", prefix or "."])
        self.entries: dict[str, tuple[str, str, int]] = {}  # path -> (mode, blob id, size)
        for record in filter(None, listing.split(b"\0")):
            meta, _, raw_path = record.partition(b"\t")
            mode, kind, sha, size = meta.decode().split()
            path = raw_path.decode("utf-8", "replace")
            if kind == "blob":
                self.entries[path[len(prefix) + 1:] if prefix else path] = (mode, sha, int(size))

    def files(self) -> list[str]:
        return [path for path in self.entries if path in ("partnerkit.yaml", "people.yaml") or (
            path.startswith("partnerships/") and not any(part.startswith(".") for part in path.split("/")[1:]))]

    def is_link(self, path: str) -> bool:
        return path in self.entries and self.entries[path][0] == _LINK_MODE

    def blob_id(self, path: str) -> Optional[str]:
        """The file's content hash, under which its bytes and parsed data are cached."""
        return self.entries[path][1] if path in self.entries else None

    def prefetch(self, paths: list[str], max_bytes: int) -> None:
        """Read every wanted blob that is not cached yet, in one git process."""
        wanted = sorted({self.entries[p][1] for p in paths if p in self.entries and self.entries[p][0] != _LINK_MODE
                         and self.entries[p][2] <= max_bytes and self.entries[p][1] not in _BLOBS})
        if not wanted:
            return
        out = _run_git(self.repo_dir, ["cat-file", "--batch"], ("\n".join(wanted) + "\n").encode())
        position = 0
        while position < len(out):
            header_end = out.index(b"\n", position)
            sha, _, size = out[position:header_end].decode().split()
            start = header_end + 1
            _BLOBS[sha] = out[start:start + int(size)]
            position = start + int(size) + 1

    def read(self, path: str, max_bytes: int) -> bytes | ReadProblem:
        if path not in self.entries:
            return ReadProblem("unreadable", "this file is not in the revision")
        mode, sha, size = self.entries[path]
        if mode == _LINK_MODE:
            return ReadProblem("unreadable", "this is a symbolic link; partnerkit does not follow links", hint="replace the link with the file itself")
        if size > max_bytes:
            return ReadProblem("unreadable", f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit",
                               hint="split it up, or raise limits.max_file_bytes in partnerkit.yaml")
        if sha not in _BLOBS:
            self.prefetch([path], max_bytes)
        return _BLOBS[sha]


def _run_git(repo_dir: str, args: list[str], data: Optional[bytes] = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", repo_dir, *args], input=data, capture_output=True, timeout=600)
    except OSError:
        raise GitError("git is not installed (or not on PATH)", "install git, e.g. `apt-get install git`") from None
    if done.returncode != 0:
        raise GitError(f"git {args[0]} failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def _command_error(error: Any, where: Path) -> GitError:
    text = f"{getattr(error, 'stderr', '')}"
    if "dubious ownership" in text:
        return GitError("git refuses to read this repository because it is owned by another user (\"dubious ownership\")",
                        f"if you trust it: git config --global --add safe.directory {where}")
    return GitError(f"git failed: {text.strip() or error}", "")

