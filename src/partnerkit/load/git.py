"""A portfolio at a git revision, read straight from git objects, never by checking out.

This is the only module that touches git (through GitPython, imported lazily, and git's own
plumbing for bulk reads). A revision is just another Source for the loader, so the same
reading, validation and rules apply to any commit. Blobs are cached by their id, a content
hash, so a file that is the same at both ends of a comparison, or across a run of commits, is
read once. It also says which paths changed since a revision, for `lint --changed-since`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partnerkit.load.problems import ReadProblem
from partnerkit.load.source import WorkingTree

if TYPE_CHECKING:
    from git import Commit as GitCommit
    from git import Repo

_LINK_MODE = "120000"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
Entries = dict[str, tuple[str, str, int]]  # portfolio-relative path -> (mode, blob id, size)


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
            self.repo: Repo = git.Repo(portfolio_root, search_parent_directories=True)
            self.repo.git.rev_parse("--git-dir")  # git itself refuses here, e.g. for dubious ownership
            top = Path(self.repo.working_tree_dir or portfolio_root).resolve()
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitError(
                f"{portfolio_root} is not in a git repository",
                "run `git init`, or compare from inside your portfolio's clone",
            ) from None
        except git.GitCommandError as error:
            raise _command_error(error, portfolio_root) from None
        self.prefix = portfolio_root.resolve().relative_to(top).as_posix()
        self.prefix = "" if self.prefix == "." else self.prefix
        self.directory = str(self.repo.working_dir)
        self.blobs: dict[str, bytes] = {}  # blob id -> bytes, read once whichever revision wants them
        self.upcoming: dict[str, int] = {}  # blob id -> size: what revisions still to be read will want

    def commit(self, revision: str) -> GitCommit:
        """The commit a revision names; merge commits are compared through their first parent."""
        git = _git()
        if not self.repo.head.is_valid():
            raise GitError(
                "the repository has no commits yet", "commit the portfolio first (`git add -A && git commit`)"
            )
        # git itself resolves the name, and says whether the commit is here: GitPython would
        # name HEAD~1 of a shallow clone's only commit, whose objects the clone does not have.
        try:
            sha = self.repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
            return self.repo.commit(sha)
        except (git.BadName, ValueError, git.BadObject, git.GitCommandError) as error:
            if "dubious ownership" in f"{getattr(error, 'stderr', '')}":
                raise _command_error(error, Path(self.repo.working_dir)) from None
            hint = "check the branch, tag or commit id (`git log --oneline`)"
            if self.is_shallow():
                count = self.repo.git.rev_list("--count", "HEAD")
                hint = (
                    f"this is a shallow clone with {count} commit{'s' if count != '1' else ''} of history, "
                    "so older revisions are missing: run `git fetch --unshallow`, "
                    "or in GitHub Actions check out with `fetch-depth: 0`"
                )
            raise GitError(f"unknown revision {revision!r}", hint) from None

    def is_shallow(self) -> bool:
        """Whether the clone has only part of the history (as CI systems often check out)."""
        return bool(self.repo.git.rev_parse("--is-shallow-repository") == "true")

    def default_base(self) -> str:
        """Where a comparison starts by default: the merge-base of HEAD with the default branch,
        or HEAD itself when on that branch (to review uncommitted work)."""
        branch = self._default_branch()
        head = self.commit("HEAD")
        if branch is None:
            return head.hexsha
        bases = self.repo.merge_base(head, self.commit(branch))
        return bases[0].hexsha if bases and bases[0].hexsha != head.hexsha else head.hexsha

    def _default_branch(self) -> str | None:
        for ref in ("origin/HEAD", "origin/main", "origin/master", "main", "master"):
            try:
                self.repo.commit(ref)
                return ref
            except Exception:
                continue
        return None

    def source(self, revision: str, folders: set[str] | None = None) -> Revision:
        """The portfolio at a revision (or only these portfolio-relative ``folders`` of it);
        its first read fetches all its files at once."""
        sha = self.commit(revision).hexsha
        entries = self._tree(sha, folders)
        self.upcoming.update({blob: size for _, blob, size in entries.values()})
        return Revision(self, sha, entries)

    def sources(self, commits: list[Commit]) -> Iterator[Revision]:
        """The portfolio at each of ``commits``, oldest first along the first-parent chain (as
        ``log`` lists them, reversed). However many there are, git runs four times: the oldest
        tree is listed, the changes since are read from one log, their sizes from one check,
        and all the blobs any of them needs from one batch."""
        if not commits:
            return
        entries = self._tree(commits[0].sha)
        wanted = {commit.sha for commit in commits[1:]}
        steps = self._changes(commits[0].sha, commits[-1].sha) if wanted else []
        sizes = self._sizes({blob for _, changed in steps for _, blob in changed.values() if blob})
        self.upcoming.update({blob: size for _, blob, size in entries.values()} | sizes)
        yield Revision(self, commits[0].sha, entries)
        for sha, changed in steps:
            entries = dict(entries)
            for path, (mode, blob) in changed.items():
                if blob:
                    entries[path] = (mode, blob, sizes[blob])
                else:
                    entries.pop(path, None)
            if sha in wanted:
                yield Revision(self, sha, entries)

    def changed_since(self, revision: str) -> set[str]:
        """Portfolio-relative paths that differ between a revision and the working tree:
        committed since, staged, unstaged and untracked (unless git ignores them)."""
        sha = self.commit(revision).hexsha
        spec = self.prefix or "."
        # Both walk the whole tree, so they run side by side.
        tracked, untracked = _run_git_together(
            self.directory,
            [
                ["diff", "--name-only", "-z", "--no-renames", sha, "--", spec],
                ["ls-files", "-z", "--others", "--exclude-standard", "--", spec],
            ],
        )
        return {self._relative(path) for path in (tracked + untracked).split(b"\0") if path}

    def working_copy(self, root: Path) -> WorkingCopy:
        """The working tree, knowing git's content id of every file that is as at HEAD."""
        head = self.commit("HEAD").hexsha
        changed = self.changed_since(head)
        return WorkingCopy(root, {path: blob for path, (_, blob, _) in self._tree(head).items() if path not in changed})

    def _tree(self, sha: str, folders: set[str] | None = None) -> Entries:
        """Every blob under the portfolio (or these folders of it) at a commit, with its mode and size."""
        specs = (
            sorted("/".join(filter(None, (self.prefix, folder))) for folder in folders)
            if folders is not None
            else [self.prefix or "."]
        )
        if not specs:
            return {}
        listing = _run_git(self.directory, ["ls-tree", "-r", "-l", "-z", sha, "--", *specs])
        entries: Entries = {}
        for record in filter(None, listing.split(b"\0")):
            meta, _, raw_path = record.partition(b"\t")
            mode, kind, blob, size = meta.decode().split()
            if kind == "blob":
                entries[self._relative(raw_path)] = (mode, blob, int(size))
        return entries

    def _changes(self, oldest: str, newest: str) -> list[tuple[str, dict[str, tuple[str, str]]]]:
        """(commit, {path: (mode, blob id, or "" when deleted)}) for each first-parent commit
        after ``oldest`` up to ``newest`` that changed the portfolio, oldest first."""
        out = _run_git(
            self.directory,
            [
                "log",
                "--first-parent",
                "--diff-merges=first-parent",
                "--raw",
                "-z",
                "--no-renames",
                "--no-abbrev",
                "--format=%x01%H",
                f"{oldest}..{newest}",
                "--",
                self.prefix or ".",
            ],
        )
        steps = []
        for chunk in filter(None, out.split(b"\x01")):
            sha, *fields = chunk.split(b"\0")
            changed = {}
            for meta, raw_path in zip(fields[::2], fields[1::2], strict=False):
                _, mode, _, blob, status = meta.strip().decode().split()
                if mode != "160000":  # a submodule is not a file
                    changed[self._relative(raw_path)] = (mode, "" if status == "D" else blob)
            steps.append((sha.decode(), changed))
        return steps[::-1]

    def _sizes(self, blobs: set[str]) -> dict[str, int]:
        if not blobs:
            return {}
        out = _run_git(
            self.directory,
            ["cat-file", "--batch-check=%(objectname) %(objectsize)"],
            ("\n".join(sorted(blobs)) + "\n").encode(),
        )
        return {blob: int(size) for blob, size in (line.split() for line in out.decode().splitlines())}

    def _relative(self, raw_path: bytes) -> str:
        path = raw_path.decode("utf-8", "replace")
        return path[len(self.prefix) + 1 :] if self.prefix else path

    def read_blobs(self, wanted: dict[str, int], max_bytes: int) -> None:
        """Read every wanted blob not read yet, along with every upcoming one within the size
        limit, in one git process."""
        if all(blob in self.blobs or size > max_bytes for blob, size in wanted.items()):
            return
        missing = {
            blob for blob, size in {**self.upcoming, **wanted}.items() if size <= max_bytes and blob not in self.blobs
        }
        out = _run_git(self.directory, ["cat-file", "--batch"], ("\n".join(sorted(missing)) + "\n").encode())
        position = 0
        while position < len(out):
            header_end = out.index(b"\n", position)
            blob, _, size = out[position:header_end].decode().split()
            start = header_end + 1
            self.blobs[blob] = out[start : start + int(size)]
            position = start + int(size) + 1
        self.upcoming = {
            blob: size for blob, size in self.upcoming.items() if blob not in self.blobs and size > max_bytes
        }

    def log(self, folder: str, since: str | None, max_count: int | None, *also: str) -> list[Commit]:
        """Commits that touched ``folder`` (portfolio-relative; "" for all of it) or any of the
        files ``also`` names, newest first, following first parents through merges. ``since`` is
        a date (YYYY-MM-DD) or a revision."""
        git = _git()
        paths = ["/".join(part for part in (self.prefix, name) if part) or "." for name in (folder, *also)]
        options: dict[str, Any] = {"first_parent": True, "paths": paths}
        if max_count:
            options["max_count"] = max_count
        revision = "HEAD"
        if since and _DATE.match(since):
            options["since"] = since
        elif since:
            revision = f"{self.commit(since).hexsha}..HEAD"
        if not self.repo.head.is_valid():
            raise GitError(
                "the repository has no commits yet", "commit the portfolio first (`git add -A && git commit`)"
            )
        try:
            return [
                Commit(
                    c.hexsha,
                    c.author.name or "",
                    dt.datetime.fromtimestamp(c.committed_date, dt.timezone.utc).date(),
                    c.summary if isinstance(c.summary, str) else c.summary.decode("utf-8", "replace"),
                )
                for c in self.repo.iter_commits(revision, **options)
            ]
        except git.GitCommandError as error:
            raise _command_error(error, Path(self.repo.working_dir)) from None


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: dt.date
    subject: str


class Revision:
    """A Source over a commit's tree: the portfolio as it was at that commit. Blobs are read
    in batches before parsing, so nothing touches git after the parser forks."""

    def __init__(self, repository: Repository, sha: str, entries: Entries) -> None:
        self.repository, self.sha, self.entries = repository, sha, entries

    def files(self) -> list[str]:
        # As in the working tree: nothing hidden, i.e. no part of the path after "partnerships" starts with ".".
        return [
            path
            for path in self.entries
            if path in ("partnerkit.yaml", "people.yaml") or (path.startswith("partnerships/") and "/." not in path)
        ]

    def is_link(self, path: str) -> bool:
        return path in self.entries and self.entries[path][0] == _LINK_MODE

    def blob_id(self, path: str) -> str | None:
        """The file's content hash, under which its bytes and parsed data are cached."""
        return self.entries[path][1] if path in self.entries else None

    def prefetch(self, paths: list[str], max_bytes: int) -> None:
        """Read every wanted blob that is not cached yet, in one git process."""
        self.repository.read_blobs(
            {
                self.entries[p][1]: self.entries[p][2]
                for p in paths
                if p in self.entries and self.entries[p][0] != _LINK_MODE
            },
            max_bytes,
        )

    def read(self, path: str, max_bytes: int) -> bytes | ReadProblem:
        if path not in self.entries:
            return ReadProblem("unreadable", "this file is not in the revision")
        mode, blob, size = self.entries[path]
        if mode == _LINK_MODE:
            return ReadProblem(
                "unreadable",
                "this is a symbolic link; partnerkit does not follow links",
                hint="replace the link with the file itself",
            )
        if size > max_bytes:
            return ReadProblem(
                "unreadable",
                f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit",
                hint="split it up, or raise limits.max_file_bytes in partnerkit.yaml",
            )
        if blob not in self.repository.blobs:
            self.prefetch([path], max_bytes)
        return self.repository.blobs[blob]


class WorkingCopy(WorkingTree):
    """The working tree (read from disk, as always), plus the content ids of the files that
    are unchanged since HEAD: comparing it with a revision then reuses all the two share."""

    def __init__(self, root: Path, ids: dict[str, str]) -> None:
        super().__init__(root)
        self.ids = ids

    def blob_id(self, path: str) -> str | None:
        return self.ids.get(path)


def _run_git(repo_dir: str, args: list[str], data: bytes | None = None) -> bytes:
    return _run_git_together(repo_dir, [args], data)[0]


def _run_git_together(repo_dir: str, commands: list[list[str]], data: bytes | None = None) -> list[bytes]:
    """Each command's output; they run at the same time (``data`` goes to the first's stdin)."""
    # Literal pathspecs: a folder named like a glob (`a*`) means itself.
    env = {**os.environ, "GIT_LITERAL_PATHSPECS": "1"}
    try:
        running = [
            subprocess.Popen(
                ["git", "-C", repo_dir, *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            for args in commands
        ]
    except OSError:
        raise GitError("git is not installed (or not on PATH)", "install git, e.g. `apt-get install git`") from None
    try:
        results = [process.communicate(data if i == 0 else None, timeout=600) for i, process in enumerate(running)]
    except subprocess.TimeoutExpired:
        for process in running:
            process.kill()
        raise GitError("git did not answer within 10 minutes", "check the repository with `git fsck`") from None
    for args, process, (_, err) in zip(commands, running, results, strict=True):
        if process.returncode != 0:
            raise GitError(f"git {args[0]} failed: {err.decode('utf-8', 'replace').strip()}")
    return [out for out, _ in results]


def _command_error(error: Any, where: Path) -> GitError:
    text = f"{getattr(error, 'stderr', '')}"
    if "dubious ownership" in text:
        return GitError(
            'git refuses to read this repository because it is owned by another user ("dubious ownership")',
            f"if you trust it: git config --global --add safe.directory {where}",
        )
    return GitError(f"git failed: {text.strip() or error}", "")
