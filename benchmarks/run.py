#!/usr/bin/env python3
"""Benchmark ``partnerkit lint`` against yamllint and check-jsonschema, and history, diff and lint --changed-since
on git repositories, on generated portfolios.

The portfolios are made by copying the partnerships of ``examples/portfolio`` under new ids
until there are N of them. Every tool runs as a subprocess on the same files in the same run;
the script prints a table (median, min, peak memory, ratio to ``partnerkit lint``) and whether
each performance goal is met. The git repositories (with many commits for history) are built
by gitrepos.py beside this file. Standard library only, plus the git executable. See
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: find gitrepos.py beside it
import gitrepos

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "portfolio"
BIN = Path(sys.executable).parent
AS_OF = "2026-11-25"
MARKER = ".partnerkit-bench"
VERSION_REPEAT = 10
ID_LINE = re.compile(rb"^id:[^\r\n]*", re.MULTILINE)

LINT = "partnerkit lint"
LINT_WARM = "partnerkit lint (warm)"
YAMLLINT = "yamllint -d relaxed"
JSONSCHEMA = "check-jsonschema"
VERSION = "partnerkit --version"
SCORE = "partnerkit score"
REPORT = "partnerkit report --format html"
DIFF = "partnerkit diff"
DIFF_LINT = "partnerkit lint (diff checkout)"
CHANGED = "partnerkit lint --changed-since"
CHANGED_MOVED = "partnerkit lint --changed-since (moved accountability)"
CHANGED_CASES = ((gitrepos.STATUS_CASE, CHANGED), (gitrepos.MOVED_CASE, CHANGED_MOVED))  # edit case -> row
BASELINES = {DIFF: DIFF_LINT}  # the ratio column compares these with lint on their own checkout

# (partnerships, commits, seconds), (partnerships, x lint), (partnerships, seconds over start-up)
HISTORY_GOAL = (100, 1000, 10.0)
DIFF_GOAL = (1000, 2.0)
CHANGED_GOAL = (5000, 1.0)
# Codes the benchmark's own edits must never cause: syntax, schema and folder structure.
STRUCTURE_CODES = frozenset({"PK001", "PK002", "PK003", "PK004", "PK005", "PK010", "PK011", "PK012"})
OVERLOADED = "PK305"  # person-overloaded

STATUS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "status.yaml (benchmark subset)",
    "type": "object",
    "required": ["buckets"],
    "properties": {
        "buckets": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["rag"],
                "properties": {
                    "rag": {"enum": ["green", "amber", "red"]},
                    "evidence": {"type": "string"},
                    "owner": {"type": "string"},
                    "updated": {"type": "string"},
                },
            },
        }
    },
}


class ToolFailed(Exception):
    """A benchmarked command crashed or exited with an unexpected code."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Template:
    """One example partnership: its id and its files (path relative to its folder -> bytes)."""

    id: str
    files: dict[str, bytes]


@dataclass(frozen=True)
class Portfolio:
    root: Path
    partnerships: int
    files: int
    bytes: int
    status_files: list[str]  # relative to root

    @property
    def megabytes(self) -> float:
        return self.bytes / 1e6


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Measurement:
    tool: str
    size: int | None
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def min(self) -> float:
        return min(run.seconds for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(run.peak_mb for run in self.runs)


@dataclass(frozen=True)
class Command:
    """A benchmarked command: one or more argv chunks whose times are summed per repetition."""

    tool: str
    chunks: list[list[str]]
    cwd: Path
    ok_codes: frozenset[int]


@dataclass(frozen=True)
class Goal:
    text: str
    value: float | None  # None when not measured
    limit: float
    higher_is_better: bool
    unit: str
    reason: str = ""  # why it was not measured

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit


# --------------------------------------------------------------------------- portfolio generation


def load_templates(example: Path) -> list[Template]:
    folders = sorted(p for p in (example / "partnerships").iterdir() if p.is_dir())
    if not folders:
        raise SystemExit(f"no partnerships found in {example / 'partnerships'}")
    return [
        Template(
            folder.name, {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}
        )
        for folder in folders
    ]


def rename_charter(text: bytes, new_id: str) -> bytes:
    renamed, count = ID_LINE.subn(b"id: " + new_id.encode(), text, count=1)
    if not count:
        raise SystemExit(f"charter.yaml has no top-level `id:` line to rewrite (for {new_id})")
    return renamed


def prepare_dir(root: Path) -> None:
    """Empty ``root`` for a new portfolio, refusing to delete anything this script did not create."""
    if root.exists():
        if not (root / MARKER).exists():
            raise SystemExit(f"{root} exists and was not created by this script; pick another --workdir")
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / MARKER).write_text("generated by benchmarks/run.py; safe to delete\n")


def partnership_files(templates: list[Template], index: int) -> tuple[str, dict[str, bytes]]:
    """The ``index``-th generated partnership (from 0): a copy of a template under the id
    ``<template id>-<index + 1>``, its files relative to its folder."""
    template = templates[index % len(templates)]
    new_id = f"{template.id}-{index + 1}"
    return new_id, {
        relative: rename_charter(content, new_id) if relative == "charter.yaml" else content
        for relative, content in template.files.items()
    }


def portfolio_files(example: Path, templates: list[Template], size: int) -> dict[str, bytes]:
    """A portfolio of ``size`` partnerships in memory (portfolio-relative path -> content), so the
    same portfolio can be written to a folder or into a git repository."""
    files = {name: (example / name).read_bytes() for name in ("partnerkit.yaml", "people.yaml")}
    for index in range(size):
        new_id, content = partnership_files(templates, index)
        files.update({f"partnerships/{new_id}/{relative}": data for relative, data in content.items()})
    return files


def generate(example: Path, templates: list[Template], size: int, root: Path) -> Portfolio:
    prepare_dir(root)
    files = portfolio_files(example, templates, size)
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    status_files = [path for path in files if path.startswith("partnerships/") and path.endswith("/status.yaml")]
    return Portfolio(root, size, len(files), sum(map(len, files.values())), status_files)


# --------------------------------------------------------------------------- running commands


def peak_mb(maxrss: int) -> float:
    """``ru_maxrss`` is in kilobytes on Linux and in bytes on macOS."""
    return maxrss / 1e6 if sys.platform == "darwin" else maxrss * 1024 / 1e6


def run_once(argv: Sequence[str], cwd: Path, ok_codes: frozenset[int], log: Path) -> Run:
    """Run one child with output to log files; time it and read its own peak RSS via wait4."""
    with open(f"{log}.out", "wb") as out, open(f"{log}.err", "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    stderr = Path(f"{log}.err").read_text(errors="replace")
    if code not in ok_codes or "Traceback (most recent call last)" in stderr:
        tail = "\n".join(stderr.strip().splitlines()[-15:])
        raise ToolFailed(f"`{' '.join(argv[:3])} ...` exited {code} (log: {log}.err)\n{tail}")
    return Run(seconds, peak_mb(usage.ru_maxrss))


def slug(tool: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tool.lower()).strip("-")


def output_of(logdir: Path, tool: str) -> Path:
    """The stdout of the last run of ``tool``'s first command line."""
    return logdir / f"{slug(tool)}-0.out"


def run_command(command: Command, logdir: Path) -> Run:
    runs = [
        run_once(argv, command.cwd, command.ok_codes, logdir / f"{slug(command.tool)}-{index}")
        for index, argv in enumerate(command.chunks)
    ]
    return Run(sum(run.seconds for run in runs), max(run.peak_mb for run in runs))


def measure(command: Command, size: int | None, repeat: int, warmup: bool, logdir: Path) -> Measurement:
    measurement = Measurement(command.tool, size)
    try:
        if warmup:
            run_command(command, logdir)
        measurement.runs = [run_command(command, logdir) for _ in range(repeat)]
    except ToolFailed as failure:
        measurement.runs, measurement.note = [], f"FAILED: {failure}"
    return measurement


def skipped(tool: str, size: int | None, note: str) -> Measurement:
    return Measurement(tool, size, note=note)


def lint_help(partnerkit: Path) -> str:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    result = subprocess.run([str(partnerkit), "lint", "--help"], capture_output=True, text=True, env=env)
    return result.stdout + result.stderr


def arg_budget() -> int:
    """Bytes available for a command line, with a wide margin."""
    try:
        limit = os.sysconf("SC_ARG_MAX")
    except (ValueError, OSError):
        limit = 128 * 1024
    environment = sum(len(key) + len(value) + 2 + 8 for key, value in os.environ.items())
    return max(32 * 1024, (limit - environment) // 2)


def chunked(prefix: list[str], paths: list[str], budget: int) -> list[list[str]]:
    """Split ``prefix + paths`` into as few command lines as fit in ``budget`` bytes."""
    cost = lambda arg: len(arg.encode()) + 1 + 8  # noqa: E731 - the string, its NUL, its pointer
    chunks, current, used = [], list(prefix), sum(map(cost, prefix))
    for path in paths:
        if used + cost(path) > budget and len(current) > len(prefix):
            chunks.append(current)
            current, used = list(prefix), sum(map(cost, prefix))
        current.append(path)
        used += cost(path)
    return [*chunks, current]


def read_json(out: Path) -> tuple[dict | None, str]:
    """A run's JSON report, or None and why it could not be read."""
    try:
        data = json.loads(out.read_text())
    except (OSError, ValueError) as error:
        return None, f"could not read the JSON report {out} ({error})"
    return (data, "") if isinstance(data, dict) else (None, f"the JSON report {out} is not an object")


def lint_summary(out: Path, partnerships: int) -> tuple[dict | None, str]:
    """The summary of a lint JSON report that saw all ``partnerships``, or None and why not."""
    data, problem = read_json(out)
    summary = data.get("summary") if data else None
    if not isinstance(summary, dict):
        return None, problem or f"no summary in the JSON report {out}"
    seen = summary.get("partnerships")
    if seen != partnerships:
        return None, f"check failed: report says {seen} partnerships, expected {partnerships}"
    return summary, ""


def lint_summary_note(out: Path, partnerships: int) -> str:
    """Sanity-check the JSON report of the last lint run: all partnerships were seen."""
    summary, problem = lint_summary(out, partnerships)
    if summary is None:
        return problem
    counts = ", ".join(f"{summary.get(level, 0)} {level}" for level in ("error", "warning", "info"))
    return f"{summary.get('files', '?')} files checked; {counts}"


# --------------------------------------------------------------------------- the benchmark


@dataclass(frozen=True)
class Options:
    sizes: list[int]
    repeat: int
    workdir: Path | None
    keep: bool
    peers_max_size: int
    warmup: bool
    json_path: Path | None
    plain: bool = True  # lint/score/report/peers on plain folders (off with --git-only)
    git: bool = True  # history, diff and changed-since on git repositories (off with --no-git)
    history_partnerships: int = HISTORY_GOAL[0]
    history_commits: int = HISTORY_GOAL[1]
    diff_size: int = DIFF_GOAL[0]
    changed_size: int = CHANGED_GOAL[0]


@dataclass
class Context:
    options: Options
    workdir: Path
    executables: dict[str, Path]
    no_cache: bool
    schema: Path
    changed_since: bool = False  # `partnerkit lint --help` lists --changed-since
    results: list[Measurement] = field(default_factory=list)
    portfolios: list[Portfolio] = field(default_factory=list)
    repos: list[gitrepos.GitRepo] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    report_megabytes: dict[int, float] = field(default_factory=dict)


def executable(name: str) -> Path | None:
    path = BIN / name
    return path if path.exists() and os.access(path, os.X_OK) else None


def lint_argv(partnerkit: Path, root: Path, cache: bool) -> list[str]:
    argv = [str(partnerkit), "lint", str(root), "--format", "json", "--as-of", AS_OF]
    return argv if cache else [*argv, "--no-cache"]


def bench_lint(ctx: Context, portfolio: Portfolio, logdir: Path) -> None:
    partnerkit, size, opts = ctx.executables["partnerkit"], portfolio.partnerships, ctx.options
    findings = frozenset({0, 1})  # 1 = the portfolio has findings, which is expected
    cold = Command(LINT, [lint_argv(partnerkit, portfolio.root, cache=not ctx.no_cache)], portfolio.root, findings)
    result = measure(cold, size, opts.repeat, opts.warmup, logdir)
    if result.ok:
        result.note = lint_summary_note(output_of(logdir, LINT), portfolio.partnerships)
    ctx.results.append(result)
    if not ctx.no_cache:
        return
    warm = Command(LINT_WARM, [lint_argv(partnerkit, portfolio.root, cache=True)], portfolio.root, findings)
    ctx.results.append(measure(warm, size, opts.repeat, True, logdir))  # the warm-up run fills the cache


def yamllint_command(exe: Path, portfolio: Portfolio, ctx: Context) -> Command:
    argv = [str(exe), "-d", "relaxed", "-f", "parsable", str(portfolio.root)]
    return Command(YAMLLINT, [argv], portfolio.root, frozenset({0, 1}))  # 1 = it found problems


def jsonschema_command(exe: Path, portfolio: Portfolio, ctx: Context) -> Command:
    prefix = [str(exe), "--schemafile", str(ctx.schema)]
    return Command(JSONSCHEMA, chunked(prefix, portfolio.status_files, arg_budget()), portfolio.root, frozenset({0, 1}))


PEERS: list[tuple[str, str, Callable[[Path, Portfolio, Context], Command]]] = [
    ("yamllint", YAMLLINT, yamllint_command),
    ("check-jsonschema", JSONSCHEMA, jsonschema_command),
]


def bench_peers(ctx: Context, portfolio: Portfolio, logdir: Path) -> None:
    size, opts = portfolio.partnerships, ctx.options
    for name, tool, make in PEERS:
        exe = ctx.executables.get(name)
        if exe is None:
            ctx.results.append(skipped(tool, size, f"not installed: {BIN / name} (pip install -e '.[bench]')"))
        elif size > opts.peers_max_size:
            ctx.results.append(skipped(tool, size, f"skipped: size > --peers-max-size {opts.peers_max_size}"))
        else:
            command = make(exe, portfolio, ctx)
            result = measure(command, size, opts.repeat, opts.warmup, logdir)
            if result.ok and len(command.chunks) > 1:
                result.note = f"{len(command.chunks)} invocations, times summed"
            ctx.results.append(result)


def bench_size(ctx: Context, templates: list[Template], size: int) -> None:
    started = time.perf_counter()
    portfolio = generate(EXAMPLE, templates, size, ctx.workdir / f"portfolio-{size}")
    ctx.portfolios.append(portfolio)
    print(
        f"portfolio of {size:,} partnerships: {portfolio.files:,} files, {portfolio.megabytes:.1f} MB "
        f"(generated in {time.perf_counter() - started:.1f} s) in {portfolio.root}",
        flush=True,
    )
    logdir = ctx.workdir / "logs" / str(size)
    logdir.mkdir(parents=True, exist_ok=True)
    bench_lint(ctx, portfolio, logdir)
    bench_health(ctx, portfolio, logdir)
    bench_peers(ctx, portfolio, logdir)


def bench_health(ctx: Context, portfolio: Portfolio, logdir: Path) -> None:
    """score (lint, then scoring) and the HTML report, on the same files as lint."""
    partnerkit, size, opts = ctx.executables["partnerkit"], portfolio.partnerships, ctx.options
    root = portfolio.root
    score = Command(
        SCORE, [[str(partnerkit), "score", str(root), "--format", "json", "--as-of", AS_OF]], root, frozenset({0})
    )
    ctx.results.append(measure(score, size, opts.repeat, opts.warmup, logdir))
    html = ctx.workdir / f"report-{size}.html"
    argv = [str(partnerkit), "report", str(root), "--format", "html", "-o", str(html), "--as-of", AS_OF]
    result = measure(Command(REPORT, [argv], root, frozenset({0})), size, opts.repeat, opts.warmup, logdir)
    if result.ok and html.exists():
        result.note = f"{html.stat().st_size / 1e6:.1f} MB of HTML"
        ctx.report_megabytes[size] = html.stat().st_size / 1e6
    ctx.results.append(result)


def bench_version(ctx: Context) -> None:
    logdir = ctx.workdir / "logs" / "version"
    logdir.mkdir(parents=True, exist_ok=True)
    command = Command(VERSION, [[str(ctx.executables["partnerkit"]), "--version"]], ctx.workdir, frozenset({0}))
    ctx.results.append(measure(command, None, VERSION_REPEAT, ctx.options.warmup, logdir))


# --------------------------------------------------------------------------- git benchmarks


def bench_git(ctx: Context, templates: list[Template]) -> None:
    """history, diff and lint --changed-since, each on a git repository of its own. A repository
    that cannot be built is reported as a failed measurement of the tools that needed it."""
    opts = ctx.options
    benches: list[tuple[Callable[[Context, list[Template]], None], list[tuple[str, int]]]] = [
        (bench_history, [(history_tool(opts.history_commits), opts.history_partnerships)]),
        (bench_diff, [(DIFF, opts.diff_size), (DIFF_LINT, opts.diff_size)]),
        (bench_changed, [(tool, opts.changed_size) for _, tool in CHANGED_CASES]),
    ]
    if shutil.which("git") is None:
        ctx.results += [
            skipped(tool, size, "skipped: git is not installed") for _, tools in benches for tool, size in tools
        ]
        return
    for bench, tools in benches:
        try:
            bench(ctx, templates)
        except gitrepos.GitBuildError as error:
            ctx.results += [
                skipped(tool, size, f"FAILED: could not build the repository: {error}") for tool, size in tools
            ]


def history_tool(commits: int) -> str:
    return f"partnerkit history -n {commits}"


def git_logdir(ctx: Context, name: str) -> Path:
    logdir = ctx.workdir / "logs" / f"git-{name}"
    logdir.mkdir(parents=True, exist_ok=True)
    return logdir


def record(ctx: Context, repo: gitrepos.GitRepo) -> gitrepos.GitRepo:
    ctx.repos.append(repo)
    print(
        f"git repository for {repo.name}: {repo.commits:,} commits, {repo.partnerships:,} partnerships, "
        f"{repo.files:,} files, {repo.megabytes:.1f} MB at HEAD (built in {repo.seconds:.1f} s) in {repo.root}",
        flush=True,
    )
    return repo


def bench_history(ctx: Context, templates: list[Template]) -> None:
    """`history -n C` over the last C of C + 1 commits, each touching one partnership. Checks the
    JSON has C points and that the last commit's tree still lints without syntax/schema errors."""
    opts, partnerkit = ctx.options, ctx.executables["partnerkit"]
    size, commits = opts.history_partnerships, opts.history_commits
    root = ctx.workdir / f"git-history-{size}x{commits}"
    prepare_dir(root)
    base = portfolio_files(EXAMPLE, templates, size)
    repo = record(ctx, gitrepos.history_repo(root, base, partial(partnership_files, templates), commits))
    logdir, tool = git_logdir(ctx, "history"), history_tool(commits)
    argv = [str(partnerkit), "history", "-n", str(commits), "--as-of", AS_OF, "--format", "json"]
    result = measure(Command(tool, [argv], root, frozenset({0})), size, opts.repeat, opts.warmup, logdir)
    if result.ok:
        expected = min(commits, repo.commits)
        result.note = f"{points_note(output_of(logdir, tool), expected)}; {head_note(ctx, repo, logdir)}"
    ctx.results.append(result)


def points_note(out: Path, expected: int) -> str:
    data, problem = read_json(out)
    points = data.get("points") if data else None
    if not isinstance(points, list):
        return problem or f"check failed: no `points` list in {out}"
    if len(points) != expected:
        return f"check failed: {len(points):,} points, expected {expected:,}"
    return f"{len(points):,} points as expected"


def head_note(ctx: Context, repo: gitrepos.GitRepo, logdir: Path) -> str:
    """Lint the checked-out last commit once, untimed, to check the generated edits."""
    log = logdir / "check-head"
    try:
        run_once(
            lint_argv(ctx.executables["partnerkit"], repo.root, cache=not ctx.no_cache),
            repo.root,
            frozenset({0, 1}),
            log,
        )
    except ToolFailed as failure:
        return f"check failed: lint of HEAD: {failure}"
    return structure_note(Path(f"{log}.out"), repo.partnerships)


def structure_note(out: Path, partnerships: int) -> str:
    """A lint report of a generated tree must see every partnership and contain no syntax,
    schema or folder-structure finding: the generator's edits would have broken a file."""
    summary, problem = lint_summary(out, partnerships)
    if summary is None:
        return problem
    data, _ = read_json(out)
    diagnostics = (data or {}).get("diagnostics") or []
    codes = sorted({d.get("code") for d in diagnostics if isinstance(d, dict) and d.get("code") in STRUCTURE_CODES})
    if codes:
        return f"check failed: HEAD has {', '.join(codes)} findings (syntax, schema or structure)"
    return f"HEAD lints: {partnerships:,} partnerships, no syntax/schema/structure findings"


def bench_diff(ctx: Context, templates: list[Template]) -> None:
    """`diff base head` across one commit that edits about 5% of the partnerships, adds two and
    removes two, next to a cold lint of one revision (head) on the same checkout."""
    opts, partnerkit, size = ctx.options, ctx.executables["partnerkit"], ctx.options.diff_size
    root = ctx.workdir / f"git-diff-{size}"
    prepare_dir(root)
    base = portfolio_files(EXAMPLE, templates, size)
    repo = record(ctx, gitrepos.diff_repo(root, base, partial(partnership_files, templates)))
    logdir = git_logdir(ctx, "diff")
    argv = [str(partnerkit), "diff", *repo.revisions, "--format", "json", "--as-of", AS_OF]
    diff = measure(Command(DIFF, [argv], root, frozenset({0})), size, opts.repeat, opts.warmup, logdir)
    if diff.ok:
        diff.note = diff_note(output_of(logdir, DIFF), size)
    lint = Command(DIFF_LINT, [lint_argv(partnerkit, root, cache=not ctx.no_cache)], root, frozenset({0, 1}))
    result = measure(lint, size, opts.repeat, opts.warmup, logdir)
    if result.ok:
        result.note = structure_note(output_of(logdir, DIFF_LINT), repo.partnerships)
    ctx.results += [diff, result]


def diff_note(out: Path, size: int) -> str:
    """What the diff reported, next to what the head commit did. More partnerships can be
    "changed" than were edited: adding and removing partnerships moves cross-partnership
    findings such as person-overloaded (PK305)."""
    data, problem = read_json(out)
    summary = data.get("summary") if data else None
    if not isinstance(summary, dict):
        return problem or f"check failed: no summary in {out}"
    edited, added, removed = gitrepos.diff_plan(size)
    seen = ", ".join(f"{summary.get(key, '?')} {key}" for key in ("changed", "added", "removed", "renamed"))
    return f"reported {seen}; the commit edits the files of {edited}, adds {added}, removes {removed}"


def bench_changed(ctx: Context, templates: list[Template]) -> None:
    """`lint --changed-since HEAD` on one repository, for two edits of the working tree measured
    one at a time (each is applied, timed and undone with `git checkout -- <file>`):
    - one partnership's status.yaml re-rated: it should cost start-up plus one partnership,
      however large the portfolio (the goal);
    - one activity's accountable person moved in a raci.yaml: lint must then count every
      activity both people are accountable for, so it reads every RACI that names them; in the
      generated portfolio that is nearly all of them (the documented worst case, no goal).
    Runs with --no-cache (when lint has it), so no cache of the other partnerships helps."""
    partnerkit, size = ctx.executables["partnerkit"], ctx.options.changed_size
    if not ctx.changed_since:
        ctx.results += [
            skipped(tool, size, "skipped: `partnerkit lint --help` lists no --changed-since yet")
            for _, tool in CHANGED_CASES
        ]
        return
    root = ctx.workdir / f"git-changed-{size}"
    prepare_dir(root)
    repo = record(ctx, gitrepos.changed_repo(root, portfolio_files(EXAMPLE, templates, size)))
    logdir = git_logdir(ctx, "changed")
    argv = [str(partnerkit), "lint", "--changed-since", "HEAD", "--format", "json", "--as-of", AS_OF, str(root)]
    argv += ["--no-cache"] if ctx.no_cache else []
    edits = {edit.case: edit for edit in repo.edits}
    for case, tool in CHANGED_CASES:
        edit = edits.get(case)
        if edit is None:
            ctx.results.append(skipped(tool, size, f"FAILED: the repository has no {case} edit"))
            continue
        result = measure_edit(ctx, Command(tool, [argv], root, frozenset({0, 1})), edit, logdir)
        if result.ok and not result.note:
            result.note = changed_note(output_of(logdir, tool), edit, find(ctx.results, CHANGED, size), result)
        ctx.results.append(result)


def measure_edit(ctx: Context, command: Command, edit: gitrepos.WorkingEdit, logdir: Path) -> Measurement:
    """Measure ``command`` with ``edit`` as the only change in the working tree, then undo it.
    The edit is also saved as `<row>.patch` in ``logdir``, to re-apply by hand with `git apply`."""
    size, opts = ctx.options.changed_size, ctx.options
    try:
        gitrepos.apply_edit(command.cwd, edit)
    except gitrepos.GitBuildError as error:
        return skipped(command.tool, size, f"FAILED: could not make the edit: {error}")
    undo_problem = ""
    try:
        try:
            patch = gitrepos.git(command.cwd, "diff", "--", edit.path) + "\n"
        except gitrepos.GitBuildError as error:
            patch = f"(git diff failed: {error})\n"
        (logdir / f"{slug(command.tool)}.patch").write_text(patch)
        result = measure(command, size, opts.repeat, opts.warmup, logdir)
    finally:
        try:
            gitrepos.undo_edit(command.cwd, edit)
        except gitrepos.GitBuildError as error:
            undo_problem = f"FAILED: could not undo the edit (the next case would see two changes): {error}"
    if undo_problem:
        result.note = f"{undo_problem}{f'; {result.note}' if result.note else ''}"
    return result


def changed_note(out: Path, edit: gitrepos.WorkingEdit, status: Measurement | None, result: Measurement) -> str:
    """How many partnerships the report covers (only the touched one is expected; a larger count
    is worth a look, not a failure) and what the edit was. For the moved accountability, also
    its person-overloaded findings and its time next to the status.yaml edit's."""
    data, problem = read_json(out)
    summary = data.get("summary") if data else None
    if not isinstance(summary, dict):
        return problem or f"no summary in {out}"
    seen = summary.get("partnerships")
    if isinstance(seen, int) and seen <= 1:
        note = f"linted {seen} partnership(s); touched {edit.partnership} ({edit.change})"
    else:
        note = f"NOTE: the report covers {seen} partnerships; only 1 was touched: {edit.partnership} ({edit.change})"
    if edit.case != gitrepos.MOVED_CASE:
        return note
    diagnostics = (data or {}).get("diagnostics") or []
    overloads = sum(1 for d in diagnostics if isinstance(d, dict) and d.get("code") == OVERLOADED)
    note += f"; {overloads} person-overloaded ({OVERLOADED}) finding(s)"
    if status is not None:
        note += f"; {result.median / status.median:.1f}x the status.yaml edit's median"
    return note


# --------------------------------------------------------------------------- goals and report


def find(results: list[Measurement], tool: str, size: int | None) -> Measurement | None:
    found = next((m for m in results if m.tool == tool and m.size == size), None)
    return found if found is not None and found.ok else None


def why_missing(results: list[Measurement], tool: str, size: int | None) -> str:
    found = next((m for m in results if m.tool == tool and m.size == size), None)
    if found is None:
        return f"{tool} not run at {size:,}" if size else f"{tool} not run"
    return found.note.splitlines()[0] if found.note else "not measured"


def seconds_goal(results: list[Measurement], text: str, tool: str, size: int | None, limit: float) -> Goal:
    found = find(results, tool, size)
    value = found.median if found else None
    return Goal(text, value, limit, False, "s", "" if found else why_missing(results, tool, size))


def goals(ctx: Context) -> list[Goal]:
    results = ctx.results
    lint, yaml = find(results, LINT, 1000), find(results, YAMLLINT, 1000)
    speedup = yaml.median / lint.median if lint and yaml else None
    speedup_reason = "" if speedup else why_missing(results, LINT if not lint else YAMLLINT, 1000)
    memory = find(results, LINT, 5000)
    warm = (
        seconds_goal(results, "warm re-run of 1,000 <= 0.5 s", LINT_WARM, 1000, 0.5)
        if ctx.no_cache
        else Goal("warm re-run of 1,000 <= 0.5 s", None, 0.5, False, "s", "no cache: `lint --help` lists no --no-cache")
    )
    return [
        Goal("lint 1,000 >= 25x faster than yamllint -d relaxed", speedup, 25.0, True, "x", speedup_reason),
        seconds_goal(results, "lint 1,000 cold <= 3 s", LINT, 1000, 3.0),
        seconds_goal(results, "lint 5,000 cold <= 15 s", LINT, 5000, 15.0),
        warm,
        seconds_goal(results, "partnerkit --version <= 0.15 s", VERSION, None, 0.15),
        seconds_goal(results, "report --format html 1,000 <= 5 s", REPORT, 1000, 5.0),
        Goal(
            "report --format html 1,000 <= 10 MB",
            ctx.report_megabytes.get(1000),
            10.0,
            False,
            "MB",
            "" if 1000 in ctx.report_megabytes else why_missing(results, REPORT, 1000),
        ),
        _score_goal(results),
        Goal(
            "lint 5,000 peak memory <= 500 MB",
            memory.peak_mb if memory else None,
            500.0,
            False,
            "MB",
            "" if memory else why_missing(results, LINT, 5000),
        ),
        *git_goals(results),
    ]


def git_goals(results: list[Measurement]) -> list[Goal]:
    size, commits, seconds = HISTORY_GOAL
    history = seconds_goal(
        results,
        f"history, {size:,} partnerships x {commits:,} commits <= {seconds:g} s",
        history_tool(commits),
        size,
        seconds,
    )
    size, factor = DIFF_GOAL
    diff, lint = find(results, DIFF, size), find(results, DIFF_LINT, size)
    share = diff.median / lint.median if diff and lint else None
    diff_goal = Goal(
        f"diff of 2 revisions, {size:,} partnerships <= {factor:g}x lint of one",
        share,
        factor,
        False,
        "x lint",
        "" if share else why_missing(results, DIFF if not diff else DIFF_LINT, size),
    )
    size, seconds = CHANGED_GOAL
    changed, version = find(results, CHANGED, size), find(results, VERSION, None)
    over = changed.median - version.median if changed and version else None
    reason = (
        ""
        if over is not None
        else why_missing(results, CHANGED, size)
        if not changed
        else why_missing(results, VERSION, None)
    )
    changed_goal = Goal(
        f"lint --changed-since, 1 of {size:,} changed <= {seconds:g} s + start-up",
        over,
        seconds,
        False,
        "s over start-up",
        reason,
    )
    return [history, diff_goal, changed_goal]


def _score_goal(results: list[Measurement]) -> Goal:
    """score runs lint and then scores: it should cost at most a fifth more than a cold lint."""
    score, lint = find(results, SCORE, 1000), find(results, LINT, 1000)
    share = score.median / lint.median if score and lint else None
    return Goal(
        "score 1,000 <= lint time + 20%",
        share,
        1.2,
        False,
        "x lint",
        "" if share else why_missing(results, SCORE if not score else LINT, 1000),
    )


def ratio(results: list[Measurement], measurement: Measurement) -> str:
    if measurement.tool == LINT:
        return "baseline"
    base_tool = BASELINES.get(measurement.tool, LINT)
    base = find(results, base_tool, measurement.size) if measurement.size else None
    if base is None or not measurement.ok:
        return "-"
    factor = measurement.median / base.median
    if round(factor, 1) == 1.0:
        return "about the same"
    return f"{factor:.1f}x slower" if factor >= 1 else f"{1 / factor:.1f}x faster"


def table_rows(results: list[Measurement]) -> list[list[str]]:
    rows = []
    for m in results:
        size = f"{m.size:,}" if m.size else "-"
        if m.ok:
            rows.append([m.tool, size, f"{m.median:.3f}", f"{m.min:.3f}", f"{m.peak_mb:.0f}", ratio(results, m)])
        else:
            rows.append([m.tool, size, "-", "-", "-", "-"])
    return rows


def format_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    line = lambda row: "  ".join(  # noqa: E731
        cell.ljust(width) if i == 0 or i == len(row) - 1 else cell.rjust(width)
        for i, (cell, width) in enumerate(zip(row, widths, strict=True))
    )
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def format_goal(goal: Goal) -> str:
    sign = ">=" if goal.higher_is_better else "<="
    if goal.met is None:
        return f"  [n/a]    {goal.text}: {goal.reason}"
    value = f"{goal.value:.1f}" if goal.unit in ("x", "MB") else f"{goal.value:.3f}"
    status = "[met]   " if goal.met else "[MISSED]"
    return f"  {status} {goal.text}: {value} {goal.unit} (goal {sign} {goal.limit:g} {goal.unit})"


def report(ctx: Context, goal_list: list[Goal]) -> None:
    header = ["tool", "size", "median s", "min s", "peak MB", "vs partnerkit lint"]
    print()
    print(format_table(header, table_rows(ctx.results)))
    notes = [f"  {m.tool} @ {f'{m.size:,}' if m.size else '-'}: {m.note}" for m in ctx.results if m.note]
    print("\nnotes:")
    for note in [*(f"  {n}" for n in ctx.notes), *notes]:
        print(note)
    print("\ngoals:")
    for goal in goal_list:
        print(format_goal(goal))


def write_json(ctx: Context, goal_list: list[Goal], path: Path) -> None:
    data = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "options": {
            "sizes": ctx.options.sizes if ctx.options.plain else [],
            "repeat": ctx.options.repeat,
            "as_of": AS_OF,
            "peers_max_size": ctx.options.peers_max_size,
            "warmup": ctx.options.warmup,
            "lint_has_no_cache": ctx.no_cache,
            "lint_has_changed_since": ctx.changed_since,
            "git": {
                "enabled": ctx.options.git,
                "history_partnerships": ctx.options.history_partnerships,
                "history_commits": ctx.options.history_commits,
                "diff_size": ctx.options.diff_size,
                "changed_size": ctx.options.changed_size,
                "seed": gitrepos.SEED,
            },
        },
        "portfolios": [
            {"partnerships": p.partnerships, "files": p.files, "megabytes": round(p.megabytes, 3)}
            for p in ctx.portfolios
        ],
        "git_repositories": [
            {
                "name": r.name,
                "commits": r.commits,
                "partnerships": r.partnerships,
                "files": r.files,
                "megabytes": round(r.megabytes, 3),
                "build_s": round(r.seconds, 3),
                "revisions": list(r.revisions),
                "touched": list(r.touched),
                "edits": [
                    {
                        "case": e.case,
                        "partnership": e.partnership,
                        "path": e.path,
                        "change": e.change,
                        "problem": e.problem,
                    }
                    for e in r.edits
                ],
            }
            for r in ctx.repos
        ],
        "results": [
            {
                "tool": m.tool,
                "size": m.size,
                "median_s": m.median if m.ok else None,
                "min_s": m.min if m.ok else None,
                "peak_mb": m.peak_mb if m.ok else None,
                "runs_s": [r.seconds for r in m.runs],
                "vs_lint": ratio(ctx.results, m),
                "note": m.note,
            }
            for m in ctx.results
        ],
        "goals": [
            {"goal": g.text, "value": g.value, "limit": g.limit, "unit": g.unit, "met": g.met, "reason": g.reason}
            for g in goal_list
        ],
        "notes": ctx.notes,
    }
    path.write_text(json.dumps(data, indent=2) + "\n")
    print(f"\nfigures written to {path}")


# --------------------------------------------------------------------------- command line


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive numbers")
    return sizes


def at_least(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return value

    parse.__name__ = f"at least {minimum}"  # argparse names the type in its error messages
    return parse


positive = at_least(1)


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        # The first paragraph, as one line (it is wrapped in the source only to keep lines short).
        description=__doc__.split("\n\n")[0].replace("\n", " "),
        formatter_class=argparse.RawTextHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[1000, 5000],
        help="portfolio sizes in partnerships, comma-separated (default: 1000,5000)",
    )
    parser.add_argument("--repeat", type=positive, default=3, help="timed runs per tool and size (default: 3)")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where to generate portfolios (default: a temp dir, removed afterwards); benchmarks/out/ is git-ignored",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (a --workdir is always kept)")
    parser.add_argument(
        "--peers-max-size",
        type=positive,
        default=1000,
        help="run yamllint and check-jsonschema only on sizes up to this (default: 1000)",
    )
    parser.add_argument(
        "--no-warmup",
        dest="warmup",
        action="store_false",
        help="skip the untimed warm-up run before each tool's timed runs",
    )
    parser.add_argument("--json", dest="json_path", type=Path, metavar="FILE", help="also write the figures as JSON")
    git = parser.add_argument_group("git benchmarks (history, diff, lint --changed-since)")
    only = git.add_mutually_exclusive_group()
    only.add_argument("--no-git", dest="git", action="store_false", help="skip the git benchmarks")
    only.add_argument("--git-only", action="store_true", help="run only the git benchmarks (and --version)")
    git.add_argument(
        "--history-partnerships",
        type=at_least(2),
        default=HISTORY_GOAL[0],
        metavar="N",
        help=f"partnerships in the history repository (default: {HISTORY_GOAL[0]})",
    )
    git.add_argument(
        "--history-commits",
        type=positive,
        default=HISTORY_GOAL[1],
        metavar="N",
        help=f"commits after the initial one, and history's -n (default: {HISTORY_GOAL[1]})",
    )
    git.add_argument(
        "--diff-size",
        type=at_least(3),
        default=DIFF_GOAL[0],
        metavar="N",
        help=f"partnerships in the diff repository (default: {DIFF_GOAL[0]})",
    )
    git.add_argument(
        "--changed-size",
        type=positive,
        default=CHANGED_GOAL[0],
        metavar="N",
        help=f"partnerships in the changed-since repository (default: {CHANGED_GOAL[0]})",
    )
    args = parser.parse_args(argv)
    return Options(
        sorted(set(args.sizes)),
        args.repeat,
        args.workdir,
        args.keep,
        args.peers_max_size,
        args.warmup,
        args.json_path,
        plain=not args.git_only,
        git=args.git,
        history_partnerships=args.history_partnerships,
        history_commits=args.history_commits,
        diff_size=args.diff_size,
        changed_size=args.changed_size,
    )


def make_context(options: Options, workdir: Path) -> Context:
    executables = {name: path for name in ("partnerkit", "yamllint", "check-jsonschema") if (path := executable(name))}
    if "partnerkit" not in executables:
        raise SystemExit(f"partnerkit is not installed next to {sys.executable} (pip install -e .)")
    help_text = lint_help(executables["partnerkit"])
    no_cache = re.search(r"--no-cache\b", help_text) is not None
    schema = workdir / "status.schema.json"
    schema.write_text(json.dumps(STATUS_SCHEMA, indent=2) + "\n")
    ctx = Context(
        options, workdir, executables, no_cache, schema, re.search(r"--changed-since\b", help_text) is not None
    )
    ctx.notes.append(
        "lint is cold with --no-cache; warm = same command after a run that filled the cache"
        if no_cache
        else "`partnerkit lint --help` lists no --no-cache: no cache to defeat, no warm re-run timed"
    )
    if options.plain and any(size > options.peers_max_size for size in options.sizes):
        ctx.notes.append(
            f"peers run only on sizes <= --peers-max-size {options.peers_max_size} (yamllint on 5,000 takes minutes)"
        )
    ctx.notes.append(
        f"median and min of {options.repeat} run(s)"
        f"{' after 1 untimed warm-up' if options.warmup else ''}; "
        f"--version: {VERSION_REPEAT} runs; peak MB = max RSS of the child (wait4)"
    )
    if options.git:
        ctx.notes.append(
            f"git repositories: one `git fast-import` each (seed {gitrepos.SEED}), main checked out; "
            "history and diff run in the repository root; the diff row's ratio is to lint on its checkout"
        )
    return ctx


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="partnerkit-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        ctx = make_context(options, workdir.resolve())
        print(f"partnerkit from {ctx.executables['partnerkit']}; as of {AS_OF}; workdir {ctx.workdir}", flush=True)
        templates = load_templates(EXAMPLE)
        print(f"{len(templates)} example partnerships from {EXAMPLE}", flush=True)
        for size in options.sizes if options.plain else []:
            bench_size(ctx, templates, size)
        if options.git:
            bench_git(ctx, templates)
        bench_version(ctx)
        goal_list = goals(ctx)
        report(ctx, goal_list)
        if options.json_path:
            write_json(ctx, goal_list, options.json_path)
        return 1 if any(m.note.startswith("FAILED") for m in ctx.results) else 0
    finally:
        if options.workdir is None and not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif options.workdir is None:
            print(f"kept {workdir}")


if __name__ == "__main__":
    sys.exit(main())
