"""Git repositories for the history, diff and changed-since benchmarks of ``run.py``.

Each repository is written by one ``git fast-import`` process from a stream made here: a
thousand ``git commit`` calls would take minutes. Authors, dates and edits come from a seeded
``random.Random`` and the commit dates are fixed in the stream, so the same options give the
same commits (the same SHAs) on every machine.

The edits are the ones a portfolio really gets: a bucket re-rated with new evidence in
``status.yaml``, a KPI measurement appended in ``kpis.yaml``, a risk re-scored in
``risks.yaml``; and, for the changed-since benchmark, an activity's accountable person moved
in ``raci.yaml``. They are small line edits that keep each file's layout and validity; run.py
lints the final tree to check that. Standard library only; git runs as a subprocess.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

SEED = 20261125
BRANCH = "main"
STRUCTURE_EVERY = 50  # every 50th history commit adds or removes a partnership
DIFF_SHARE = 0.05  # share of the partnerships the diff's second commit edits
DIFF_ADDED = DIFF_REMOVED = 2
LAST_COMMIT = dt.datetime(2026, 11, 24, 17, 0, tzinfo=dt.timezone.utc)  # the day before --as-of
COMMIT_SPACING = 3 * 3600  # seconds between history commits, on average
GITIGNORE = b".partnerkit-bench\n.partnerkit-cache/\n"
STATUS_CASE, MOVED_CASE = "status", "moved-accountability"  # the changed-since repository's two edits

Files = dict[str, bytes]  # portfolio-relative path -> content
MakePartnership = Callable[[int], tuple[str, Files]]  # index -> (id, files relative to its folder)
Change = tuple[str, bytes | None]  # (path, new content), or (path, None) to delete it

AUTHORS = [  # (name, email, UTC offset): people from examples/portfolio/people.yaml
    ("Dana Okafor", "dana.okafor@example.com", "+0000"),
    ("Aisha Mensah", "aisha.mensah@example.com", "+0000"),
    ("Tom Becker", "tom.becker@example.com", "+0100"),
    ("Li Wei", "li.wei@example.com", "+0800"),
    ("Marcus Lindqvist", "marcus.lindqvist@example.com", "+0100"),
    ("Priya Raman", "priya.raman@example.com", "-0500"),
]
EVIDENCE = {  # plain YAML scalars: no ": ", no " #", no leading indicator
    "green": [
        "On plan; joint review found no open issues",
        "Targets on track after the quarterly review",
        "Partner confirmed the plan in the last steering meeting",
    ],
    "amber": [
        "Two enablement sessions slipped a quarter; recovery plan agreed",
        "Pipeline below plan; joint campaign moved up to close the gap",
        "Partner lead changed; handover meeting booked",
    ],
    "red": [
        "Milestone missed twice; escalated to the steering committee",
        "Partner paused co-selling pending a pricing decision",
    ],
}


class GitBuildError(Exception):
    """A git command that builds a benchmark repository failed."""


@dataclass(frozen=True)
class GitRepo:
    """A built repository: its portfolio is the repository root, with ``main`` checked out."""

    name: str
    root: Path
    partnerships: int  # at HEAD
    commits: int
    files: int  # at HEAD
    bytes: int  # at HEAD
    seconds: float  # to build it
    revisions: tuple[str, ...] = ()  # diff: (base, head)
    touched: tuple[str, ...] = ()  # changed-since: partnerships its working-tree edits touch
    edits: tuple[WorkingEdit, ...] = ()  # changed-since: applied one at a time, then undone

    @property
    def megabytes(self) -> float:
        return self.bytes / 1e6


@dataclass(frozen=True)
class WorkingEdit:
    """An uncommitted edit of one file: written to the working tree for one measurement, then
    undone with ``git checkout -- path``. ``content`` is None when the edit could not be made,
    and ``problem`` says why."""

    case: str  # STATUS_CASE or MOVED_CASE
    partnership: str
    path: str  # portfolio-relative
    content: bytes | None
    change: str  # what it does, for the report
    problem: str = ""


# --------------------------------------------------------------------------- line edits


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _siblings(lines: list[str], index: int) -> range:
    """The lines of the mapping that holds ``lines[index]``: its sibling keys and their values.
    A ``- key:`` line that opens the list item counts as the first line."""
    indent, start = _indent(lines[index]), index
    while start > 0 and (not lines[start - 1].strip() or _indent(lines[start - 1]) >= indent):
        start -= 1
    if start > 0 and lines[start - 1].lstrip().startswith("- ") and _indent(lines[start - 1]) + 2 == indent:
        start -= 1
    end = index + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) >= indent):
        end += 1
    return range(start, end)


def _key_line(lines: list[str], block: range, indent: int, key: str) -> int | None:
    """The line of ``key`` at ``indent`` in ``block``, also as the ``- key:`` opening a list item."""
    opener = f"|{' ' * (indent - 2)}- " if indent >= 2 else ""
    pattern = re.compile(rf"^(?:{' ' * indent}{opener}){re.escape(key)}:")
    return next((i for i in block if pattern.match(lines[i])), None)


def _set_key(lines: list[str], index: int, key: str, value: str) -> None:
    """Set ``key`` in the mapping holding ``lines[index]``: replace its line and any continuation
    lines of a multi-line value, or insert it right after ``lines[index]``."""
    indent, block = _indent(lines[index]), _siblings(lines, index)
    new = f"{' ' * indent}{key}: {value}\n"
    at = _key_line(lines, block, indent, key)
    if at is None:
        lines.insert(index + 1, new)
        return
    end = at + 1
    while end < len(lines) and lines[end].strip() and _indent(lines[end]) > indent:
        end += 1
    lines[at:end] = [new]


def rerate_bucket(text: str, rng: random.Random, day: dt.date) -> tuple[str, str] | None:
    """Give one bucket of a status.yaml a new rag, evidence and updated date."""
    lines = text.splitlines(keepends=True)
    rags = [i for i, line in enumerate(lines) if re.match(r"^ +rag: *(green|amber|red) *$", line)]
    if not rags:
        return None
    at = rng.choice(rags)
    old = lines[at].split(":", 1)[1].strip()
    rag = rng.choice([r for r in EVIDENCE if r != old])
    header = lines[_siblings(lines, at)[0] - 1].strip().rstrip(":")
    lines[at] = f"{' ' * _indent(lines[at])}rag: {rag}\n"
    _set_key(lines, at, "evidence", f"{rng.choice(EVIDENCE[rag])} ({day.isoformat()})")
    if _key_line(lines, _siblings(lines, at), _indent(lines[at]), "updated") is not None:
        _set_key(lines, at, "updated", day.isoformat())
    return "".join(lines), f"{header} now {rag}"


MEASUREMENT = re.compile(r"^( +)- \{date: (\d{4}-\d{2}-\d{2}), value: (-?\d+(?:\.\d+)?)\b")


def add_measurement(text: str, rng: random.Random, day: dt.date) -> tuple[str, str] | None:
    """Append a measurement to one KPI of a kpis.yaml, after its last one and a little off its
    value, so the dates stay in order."""
    lines = text.splitlines(keepends=True)
    lasts: list[int] = []  # the last flow-style measurement line of each KPI
    for i, line in enumerate(lines):
        if MEASUREMENT.match(line) and not (i + 1 < len(lines) and MEASUREMENT.match(lines[i + 1])):
            lasts.append(i)
    if not lasts:
        return None
    at = rng.choice(lasts)
    indent, last_date, last_value = MEASUREMENT.match(lines[at]).groups()  # type: ignore[union-attr]
    date = max(day, dt.date.fromisoformat(last_date) + dt.timedelta(days=1))
    value = float(last_value) * rng.uniform(0.95, 1.08)
    shown = f"{value:.1f}" if "." in last_value else str(round(value))
    lines.insert(at + 1, f"{indent}- {{date: {date.isoformat()}, value: {shown}}}\n")
    key = _measurements_key(lines, at)
    kpi = _key_line(lines, _siblings(lines, key), _indent(lines[key]), "id")
    name = lines[kpi].split(":", 1)[1].strip() if kpi is not None else "KPI"
    return "".join(lines), f"{name} measured {date.isoformat()}"


def _measurements_key(lines: list[str], index: int) -> int:
    """The ``measurements:`` line above the measurement at ``index``."""
    while not lines[index].lstrip().startswith("measurements:"):
        index -= 1
    return index


def rescore_risk(text: str, rng: random.Random, day: dt.date) -> tuple[str, str] | None:
    """Give one risk of a risks.yaml a new likelihood and impact (1-5), not both as they were."""
    lines = text.splitlines(keepends=True)
    found = [i for i, line in enumerate(lines) if re.match(r"^ +likelihood: *[1-5] *$", line)]
    if not found:
        return None
    at = rng.choice(found)
    indent = _indent(lines[at])
    impact = _key_line(lines, _siblings(lines, at), indent, "impact")
    risk = _key_line(lines, _siblings(lines, at), indent, "id")
    if impact is None:
        return None
    old = (lines[at].split(":", 1)[1].strip(), lines[impact].split(":", 1)[1].strip())
    likelihood, severity = rng.choice(
        [(lk, im) for lk in range(1, 6) for im in range(1, 6) if (str(lk), str(im)) != old]
    )
    lines[at] = f"{' ' * indent}likelihood: {likelihood}\n"
    lines[impact] = f"{' ' * indent}impact: {severity}\n"
    name = lines[risk].split(":", 1)[1].strip() if risk is not None else "risk"
    return "".join(lines), f"{name} re-scored {likelihood}x{severity}"


HANDLE = r"[A-Za-z0-9_.-]+"
ACCOUNTABLE = re.compile(rf"^(?P<lead> +(?:- )?accountable: *)(?P<handle>{HANDLE})(?P<rest> *(?:#.*)?)$")


def people_handles(text: str) -> list[str]:
    """The handles (keys) of the top-level ``people:`` mapping of a people.yaml, in file order."""
    handles: list[str] = []
    inside, indent = False, None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            inside = re.match(r"^people: *(#.*)?$", line) is not None
            continue
        found = re.match(rf"^( +)({HANDLE}): *(#.*)?$", line) if inside else None
        if found and indent in (None, len(found.group(1))):
            indent = len(found.group(1))
            handles.append(found.group(2))
    return handles


def move_accountable(text: str, people: list[str]) -> tuple[str, str] | None:
    """Hand the first activity of a raci.yaml whose ``accountable:`` is one of ``people`` to
    another of them: the next different accountable handle in the file, else the first other
    handle in ``people``. Only that handle changes (a trailing comment stays)."""
    lines = text.splitlines(keepends=True)
    known = set(people)
    found = [
        (i, m)
        for i, line in enumerate(lines)
        if (m := ACCOUNTABLE.match(line.rstrip("\r\n"))) and m.group("handle") in known
    ]
    if not found:
        return None
    at, match = found[0]
    old = match.group("handle")
    new = next((m.group("handle") for _, m in found if m.group("handle") != old), None)
    new = new or next((handle for handle in people if handle != old), None)
    if new is None:
        return None
    ending = lines[at][len(lines[at].rstrip("\r\n")) :]
    lines[at] = f"{match.group('lead')}{new}{match.group('rest')}{ending}"
    opens_item = lines[at].lstrip().startswith("- ")  # `- accountable:` opens its item: no id above
    activity = None if opens_item else _key_line(lines, _siblings(lines, at), _indent(lines[at]), "id")
    name = ACTIVITY_ID.match(lines[activity]) if activity is not None else None
    return "".join(lines), f"{name.group(1) if name else 'an activity'} accountable {old} -> {new}"


ACTIVITY_ID = re.compile(r"^ *(?:- )?id: *([^\s#]+)")


EDITS: list[tuple[str, Callable[[str, random.Random, dt.date], tuple[str, str] | None]]] = [
    ("status.yaml", rerate_bucket),
    ("kpis.yaml", add_measurement),
    ("risks.yaml", rescore_risk),
]


# --------------------------------------------------------------------------- the portfolio at the branch tip


class Tree:
    """The portfolio at the tip of the branch being written, and its partnership ids."""

    def __init__(self, files: Files) -> None:
        self.files = dict(files)
        self.ids = sorted({path.split("/")[1] for path in files if path.startswith("partnerships/")})

    def edit(self, partnership: str, kinds: int, rng: random.Random, day: dt.date) -> tuple[list[Change], list[str]]:
        """Apply up to ``kinds`` different edits (status, KPI, risk) to one partnership."""
        changes: list[Change] = []
        subjects: list[str] = []
        for name, edit in rng.sample(EDITS, len(EDITS)):
            path = f"partnerships/{partnership}/{name}"
            before = self.files[path].decode("utf-8") if path in self.files else None
            done = edit(before, rng, day) if before is not None else None
            if done is not None and done[0] != before:  # a commit that changes nothing is not in the log
                self.files[path] = done[0].encode("utf-8")
                changes.append((path, self.files[path]))
                subjects.append(done[1])
            if len(changes) == kinds:
                break
        if not changes:
            raise GitBuildError(f"partnerships/{partnership} has no rating, measurement or risk score to edit")
        return changes, subjects

    def add(self, partnership: str, files: Files) -> list[Change]:
        added = {f"partnerships/{partnership}/{relative}": content for relative, content in files.items()}
        self.files.update(added)
        self.ids = sorted([*self.ids, partnership])
        return list(added.items())

    def remove(self, partnership: str) -> list[Change]:
        prefix = f"partnerships/{partnership}/"
        self.files = {path: content for path, content in self.files.items() if not path.startswith(prefix)}
        self.ids.remove(partnership)
        return [(prefix.rstrip("/"), None)]  # fast-import deletes a folder with one D line


# --------------------------------------------------------------------------- git


def git_env() -> dict[str, str]:
    """The environment for git: none of the caller's GIT_* variables (a GIT_DIR or GIT_INDEX_FILE
    would point the commands at another repository) and no user or system config."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    return {**env, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0"}


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, env=git_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise GitBuildError(f"`git {' '.join(args)}` in {root} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout.strip()


class Stream:
    """Writes commits in git fast-import's format to a running ``git fast-import``."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.commits = 0

    def _data(self, content: bytes) -> None:
        self.out.write(b"data %d\n" % len(content))
        self.out.write(content)
        self.out.write(b"\n")

    def commit(self, when: int, author: tuple[str, str, str], message: str, changes: list[Change]) -> None:
        name, email, offset = author
        ident = f"{name} <{email}> {when} {offset}\n".encode()
        self.out.write(f"commit refs/heads/{BRANCH}\n".encode() + b"author " + ident + b"committer " + ident)
        self._data(message.encode("utf-8") + b"\n")
        for path, content in changes:
            if content is None:
                self.out.write(f"D {path}\n".encode())
            else:
                self.out.write(f"M 100644 inline {path}\n".encode())
                self._data(content)
        self.out.write(b"\n")
        self.commits += 1


def import_commits(root: Path, write: Callable[[Stream], None]) -> int:
    """Create a repository in ``root``, fill ``main`` from one fast-import stream, and check it
    out (``reset --hard`` writes the working tree and the index). Returns the commit count."""
    git(root, "init", "-q")
    git(root, "symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
    command = ["git", "fast-import", "--quiet", "--done"]
    proc = subprocess.Popen(
        command, cwd=root, env=git_env(), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stdin is not None and proc.stderr is not None
    stream = Stream(proc.stdin)
    try:
        write(stream)
        proc.stdin.write(b"done\n")
        proc.stdin.close()
    except BrokenPipeError:
        pass  # fast-import stopped early; its exit code and stderr say why
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    error = proc.stderr.read().decode(errors="replace")
    if proc.wait() != 0:
        raise GitBuildError(f"git fast-import in {root} exited {proc.returncode}: {error.strip()[-2000:]}")
    git(root, "reset", "-q", "--hard", BRANCH)
    settle_index(root)
    return stream.commits


def settle_index(root: Path) -> None:
    """Refresh the index once its files are a second old. Right after a checkout, files share
    the index's timestamp, so git cannot trust their stat data ("racy git") and would re-read
    every file on the first ``git status`` or ``git diff``; a real clone does not pay that."""
    age = time.time() - (root / ".git" / "index").stat().st_mtime
    time.sleep(max(0.0, 1.1 - age))
    git(root, "update-index", "-q", "--refresh")
    git(root, "status", "--porcelain", "--untracked-files=no")  # rewrites the index when it can


def commit_times(count: int, rng: random.Random) -> Iterator[int]:
    """``count`` increasing Unix times about COMMIT_SPACING apart, the last on LAST_COMMIT's day."""
    end = int(LAST_COMMIT.timestamp())
    for index in range(count):
        yield end - (count - 1 - index) * COMMIT_SPACING + rng.randint(-COMMIT_SPACING // 3, COMMIT_SPACING // 3)


def utc_day(when: int) -> dt.date:
    return dt.datetime.fromtimestamp(when, dt.timezone.utc).date()


def _describe(name: str, root: Path, tree: Tree, commits: int, started: float, **extra: tuple[Any, ...]) -> GitRepo:
    return GitRepo(
        name,
        root,
        len(tree.ids),
        commits,
        len(tree.files),
        sum(map(len, tree.files.values())),
        time.perf_counter() - started,
        **extra,
    )


def _with_gitignore(files: Files) -> Files:
    return {".gitignore": GITIGNORE, **files}


# --------------------------------------------------------------------------- the three repositories


def history_repo(root: Path, base: Files, make: MakePartnership, commits: int, seed: int = SEED) -> GitRepo:
    """The portfolio ``base`` in an initial commit, then ``commits`` commits that each edit one
    partnership; every STRUCTURE_EVERY-th adds a partnership (odd multiples) or removes one."""
    started, rng, tree = time.perf_counter(), random.Random(seed), Tree(_with_gitignore(base))
    next_index = len(tree.ids)

    def write(stream: Stream) -> None:
        nonlocal next_index
        times = commit_times(commits + 1, rng)
        stream.commit(next(times), AUTHORS[0], f"Portfolio of {len(tree.ids)} partnerships", list(tree.files.items()))
        for number, when in enumerate(times, start=1):
            author, day = rng.choice(AUTHORS), utc_day(when)
            if number % STRUCTURE_EVERY == 0 and ((number // STRUCTURE_EVERY) % 2 or len(tree.ids) < 2):
                new_id, files = make(next_index)
                next_index += 1
                changes, subject = tree.add(new_id, files), f"Add partnership {new_id}"
            elif number % STRUCTURE_EVERY == 0:
                gone = rng.choice(tree.ids)
                changes, subject = tree.remove(gone), f"Remove partnership {gone} (ended)"
            else:
                partnership = rng.choice(tree.ids)
                changes, subjects = tree.edit(partnership, 1, rng, day)
                subject = f"{partnership}: {subjects[0]}"
            stream.commit(when, author, subject, changes)

    count = import_commits(root, write)
    return _describe("history", root, tree, count, started)


def diff_plan(size: int) -> tuple[int, int, int]:
    """What the diff repository's second commit does to a portfolio of ``size``: how many
    partnerships it edits, adds and removes."""
    return max(1, round(size * DIFF_SHARE)), DIFF_ADDED, DIFF_REMOVED


def diff_repo(root: Path, base: Files, make: MakePartnership, seed: int = SEED) -> GitRepo:
    """The portfolio ``base`` in one commit, then a second that edits DIFF_SHARE of the
    partnerships (one to three files each), adds DIFF_ADDED and removes DIFF_REMOVED."""
    started, rng, tree = time.perf_counter(), random.Random(seed), Tree(_with_gitignore(base))
    size = len(tree.ids)

    def write(stream: Stream) -> None:
        first, second = commit_times(2, rng)
        stream.commit(first, AUTHORS[0], f"Portfolio of {size} partnerships", list(tree.files.items()))
        edited, added, removed = diff_plan(size)
        chosen = rng.sample(tree.ids, edited + removed)
        changes: list[Change] = []
        for partnership in chosen[removed:]:
            changes += tree.edit(partnership, rng.randint(1, len(EDITS)), rng, utc_day(second))[0]
        for partnership in chosen[:removed]:
            changes += tree.remove(partnership)
        for index in range(size, size + added):
            changes += tree.add(*make(index))
        stream.commit(second, AUTHORS[1], "Quarterly portfolio review: ratings, KPIs and risks", changes)

    count = import_commits(root, write)
    revisions = (git(root, "rev-parse", f"{BRANCH}~1"), git(root, "rev-parse", BRANCH))
    return _describe("diff", root, tree, count, started, revisions=revisions)


def changed_repo(root: Path, base: Files, seed: int = SEED) -> GitRepo:
    """The portfolio ``base`` in one commit, with a clean working tree, and two edits of one
    partnership to measure one at a time (see ``apply_edit`` and ``undo_edit``): its status.yaml
    re-rated (STATUS_CASE), and the first accountable handle of its raci.yaml moved to another
    person in people.yaml (MOVED_CASE). If the middle partnership's raci.yaml offers no such
    line, the next partnership that does is used for that edit."""
    started, rng, tree = time.perf_counter(), random.Random(seed), Tree(_with_gitignore(base))
    count = import_commits(
        root,
        lambda stream: stream.commit(
            next(commit_times(1, rng)),
            AUTHORS[0],
            f"Portfolio of {len(tree.ids)} partnerships",
            list(tree.files.items()),
        ),
    )
    middle = len(tree.ids) // 2
    touched = tree.ids[middle]
    path = f"partnerships/{touched}/status.yaml"
    rerated = rerate_bucket(tree.files[path].decode("utf-8"), rng, utc_day(int(LAST_COMMIT.timestamp())))
    if rerated is None:
        raise GitBuildError(f"{path} has no `rag:` line to change")
    edits = [WorkingEdit(STATUS_CASE, touched, path, rerated[0].encode("utf-8"), f"status.yaml: {rerated[1]}")]
    edits.append(_moved_accountability(tree, tree.ids[middle:] + tree.ids[:middle]))
    return _describe(
        "changed",
        root,
        tree,
        count,
        started,
        edits=tuple(edits),
        touched=tuple(dict.fromkeys(edit.partnership for edit in edits if edit.content is not None)),
    )


def _moved_accountability(tree: Tree, order: list[str]) -> WorkingEdit:
    """The MOVED_CASE edit in the first partnership of ``order`` whose raci.yaml allows it."""
    people = people_handles(tree.files.get("people.yaml", b"").decode("utf-8"))
    if len(people) < 2:
        return WorkingEdit(MOVED_CASE, "", "", None, "", problem="people.yaml lists fewer than two handles")
    for partnership in order:
        path = f"partnerships/{partnership}/raci.yaml"
        moved = move_accountable(tree.files[path].decode("utf-8"), people) if path in tree.files else None
        if moved is not None:
            return WorkingEdit(MOVED_CASE, partnership, path, moved[0].encode("utf-8"), f"raci.yaml: {moved[1]}")
    return WorkingEdit(
        MOVED_CASE, "", "", None, "", problem="no raci.yaml has an `accountable:` handle from people.yaml to move"
    )


def working_changes(root: Path) -> list[str]:
    """The paths ``git status`` shows as changed or new in the working tree (ignored files aside)."""
    output = subprocess.run(
        ["git", "status", "--porcelain=v1", "-z", "--untracked-files=all"], cwd=root, env=git_env(), capture_output=True
    )
    if output.returncode != 0:
        raise GitBuildError(
            f"`git status` in {root} exited {output.returncode}: {output.stderr.decode(errors='replace').strip()}"
        )
    return [entry[3:].decode("utf-8", errors="replace") for entry in output.stdout.split(b"\0") if entry]


def apply_edit(root: Path, edit: WorkingEdit) -> None:
    """Write ``edit`` to a clean working tree, and check it is then the only change."""
    if edit.content is None:
        raise GitBuildError(edit.problem or "the edit could not be made")
    before = working_changes(root)
    if before:
        raise GitBuildError(f"the working tree is not clean before the edit: {', '.join(before[:5])}")
    (root / edit.path).write_bytes(edit.content)
    after = working_changes(root)
    if after != [edit.path]:
        raise GitBuildError(f"expected only {edit.path} changed after the edit, git status shows {after[:5]}")


def undo_edit(root: Path, edit: WorkingEdit) -> None:
    """Restore the file ``edit`` changed from the index, and check the working tree is clean."""
    git(root, "checkout", "-q", "--", edit.path)
    left = working_changes(root)
    if left:
        raise GitBuildError(f"the working tree is not clean after restoring {edit.path}: {', '.join(left[:5])}")
