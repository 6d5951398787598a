"""Checking a portfolio: `lint`, and the rule catalogue (`rules`, `explain`)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from partnerkit.cli import complete
from partnerkit.cli.app import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    app,
    chosen_format,
    fail,
    git_failed,
    in_scope,
    locate_portfolio,
    parse_day,
    use_colour,
)

if TYPE_CHECKING:
    from partnerkit.diagnostics import Diagnostic


@app.command()
def lint(
    paths: list[Path] | None = typer.Argument(
        None, help="Portfolio root, partnership folders or files. Default: the portfolio containing the current folder."
    ),
    output_format: str = typer.Option(
        "auto",
        "--format",
        "-f",
        help="auto (github on GitHub Actions, else text), text, json, github, sarif, junit or gitlab.",
        autocompletion=complete.formats("lint"),
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Check dates as if today were this day (YYYY-MM-DD)."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too, not only errors."),
    select: list[str] = typer.Option(
        [],
        "--select",
        help="Only these rules (codes or names; repeat or comma-separate).",
        autocompletion=complete.rules,
    ),
    ignore: list[str] = typer.Option(
        [], "--ignore", help="Skip these rules (codes or names).", autocompletion=complete.rules
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Check everything afresh; neither read nor write .partnerkit-cache/."
    ),
    changed_since: str | None = typer.Option(
        None,
        "--changed-since",
        metavar="REV",
        help="Only the partnerships changed since this git revision (committed, staged, unstaged or new), "
        "and the portfolio-wide findings the change can affect.",
        autocompletion=complete.revisions,
    ),
) -> None:
    """Check a portfolio and report what is missing or wrong, file by file and line by line.

    Example: partnerkit lint --as-of 2026-11-25 --select risk-high-unmitigated,PK602
    (in CI on a pull request: partnerkit lint --changed-since origin/main)
    """
    from partnerkit.diagnostics import Severity
    from partnerkit.render import Report
    from partnerkit.render.formats import renderer

    if output_format == "auto":
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    chosen_format("lint", output_format)
    day = parse_day(as_of)
    chosen, skipped = _rule_codes(select, "--select"), _rule_codes(ignore, "--ignore")
    root, scope = locate_portfolio(paths or [])
    if changed_since is not None:
        all_diagnostics, partnerships, files = _changed(
            root, changed_since, day, chosen, skipped, use_cache=not no_cache
        )
    else:
        all_diagnostics, partnerships, files = _checked(root, day, chosen, skipped, use_cache=not no_cache)
    diagnostics = [d for d in all_diagnostics if in_scope(d.path, scope)]
    report = Report(diagnostics, partnerships, files, day.isoformat(), changed_since or "")
    renderer("lint", output_format)(report, sys.stdout, use_colour(sys.stdout) and output_format == "text")
    failing = Severity.WARNING.rank if strict else Severity.ERROR.rank
    raise typer.Exit(EXIT_FINDINGS if any(d.severity.rank >= failing for d in diagnostics) else EXIT_CLEAN)


def _rule_codes(values: list[str], option: str) -> set[str]:
    if not values:
        return set()  # and a cached run never imports the rules
    from partnerkit.rules import find_rule

    codes = set()
    for value in (part.strip() for item in values for part in item.split(",")):
        if not value:
            continue
        found = find_rule(value)
        if found is None:
            raise typer.BadParameter(
                f"{value!r} is not a rule code or name (see `partnerkit rules`)", param_hint=option
            )
        codes.add(found.code)
    return codes


def _checked(
    root: Path, day: dt.date, chosen: set[str], skipped: set[str], use_cache: bool
) -> tuple[list[Diagnostic], int, int]:
    """(diagnostics, partnerships, files) for the whole portfolio, from the cache when nothing changed."""
    from partnerkit.lint import cache

    key = cache.cache_key(root, f"{day}|{sorted(chosen)}|{sorted(skipped)}")
    hit = cache.load(root, key) if use_cache else None
    if hit is not None:
        return hit
    from partnerkit.lint import lint as run_lint
    from partnerkit.load.source import WorkingTree
    from partnerkit.settings import ConfigError, load_config

    try:
        result = run_lint(WorkingTree(root), load_config(root), day, chosen, skipped)
    except ConfigError as error:
        fail(error.diagnostics)
    checked = (result.diagnostics, len(result.loaded.portfolio.partnerships), len(result.loaded.parsed))
    if use_cache:
        cache.store(root, key, *checked)
    return checked


def _changed(
    root: Path, revision: str, day: dt.date, chosen: set[str], skipped: set[str], use_cache: bool
) -> tuple[list[Diagnostic], int, int]:
    """(diagnostics, partnerships, files) for what changed since ``revision``."""
    from partnerkit.lint.changed import lint_changed, touched
    from partnerkit.load.git import GitError, Repository
    from partnerkit.load.source import WorkingTree
    from partnerkit.model.portfolio import CONFIG_FILE, PEOPLE_FILE
    from partnerkit.settings import ConfigError, load_config

    try:
        repo = Repository(root)
        paths = repo.changed_since(revision)
        shared = sorted(paths & {CONFIG_FILE, PEOPLE_FILE})
        if shared:
            typer.echo(
                f"note: {' and '.join(shared)} changed since {revision}, "
                "which can affect every partnership: checking them all",
                err=True,
            )
            return _checked(root, day, chosen, skipped, use_cache)
        entries = touched(paths)
        before = repo.source(revision, entries)
    except GitError as error:
        git_failed(error)
    try:
        result = lint_changed(WorkingTree(root), before, entries, load_config(root), day, chosen, skipped)
    except ConfigError as error:
        fail(error.diagnostics)
    partnerships = sum(1 for p in result.loaded.portfolio.partnerships if p.folder in entries)
    return result.diagnostics, partnerships, sum(1 for file in result.loaded.parsed if touched([file]) <= entries)


@app.command("rules")
def list_rules(
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="text (a table) or markdown (the full catalogue, as in docs/rules.md).",
        autocompletion=complete.formats("rules"),
    ),
) -> None:
    """List every rule: code, name, default severity and what it checks.

    Example: partnerkit rules --format markdown > docs/rules.md
    """
    from partnerkit.render.formats import renderer

    renderer("rules", chosen_format("rules", output_format))(sys.stdout, use_colour(sys.stdout))


@app.command()
def explain(
    rule: str = typer.Argument(
        ..., help="A rule code (PK403) or name (risk-high-unmitigated).", autocompletion=complete.rules
    ),
) -> None:
    """Explain one rule: why it matters, a failing and a passing example, and its options.

    Example: partnerkit explain PK403
    """
    from partnerkit.rules import find_rule
    from partnerkit.rules.docs import rule_markdown

    found = find_rule(rule)
    if found is None:
        fail([], f"Error: {rule!r} is not a rule code or name. `partnerkit rules` lists them all.")
    typer.echo(rule_markdown(found))
