"""Reviewing changes over git: `diff`, `history` and the `textconv` driver."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import typer

from partnerkit.cli import complete
from partnerkit.cli.app import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    app,
    chosen_format,
    fail,
    git_failed,
    locate_portfolio,
    parse_day,
    printable,
    unknown_partnership,
    use_colour,
)


@app.command()
def diff(
    base: str | None = typer.Argument(
        None,
        help="Revision to compare from. "
        "Default: the merge-base of HEAD with the default branch (HEAD itself on that branch).",
        autocompletion=complete.revisions,
    ),
    head: str | None = typer.Argument(
        None,
        help="Revision to compare to. Default: the working tree, uncommitted changes included.",
        autocompletion=complete.revisions,
    ),
    portfolio: Path | None = typer.Option(
        None, "--portfolio", "-C", help="The portfolio folder. Default: the one containing the current folder."
    ),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="text, markdown (for a pull-request comment) or json.",
        autocompletion=complete.formats("diff"),
    ),
    fail_on: list[str] = typer.Option(
        [], "--fail-on", help="Exit 1 when: new-errors, new-findings, red-without-evidence, score-drop=N (repeatable)."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="As if today were this day (YYYY-MM-DD)."),
) -> None:
    """What a change does to the portfolio, in partnership terms: ratings, risks, KPIs, agreements, scores, findings.

    Example: partnerkit diff main --format markdown --fail-on new-errors
    """
    from partnerkit.diff.gates import parse_condition

    chosen_format("diff", output_format)
    for condition in fail_on:
        try:
            parse_condition(condition)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--fail-on") from None
    day = parse_day(as_of)
    root, _ = locate_portfolio([portfolio] if portfolio else [])
    from partnerkit.load.git import GitError

    try:
        base_side, head_side = _diff_sides(root, base, head, day)
    except GitError as error:
        git_failed(error)
    from partnerkit.diff import diff_portfolios
    from partnerkit.diff.gates import fail_reasons

    changes = diff_portfolios(base_side, head_side, day)
    from partnerkit.render.formats import renderer

    renderer("diff", output_format)(changes, sys.stdout, use_colour(sys.stdout))
    reasons = fail_reasons(changes, fail_on)
    for reason in reasons:
        typer.echo(f"fail: {printable(reason)}", err=True)
    raise typer.Exit(EXIT_FINDINGS if reasons else EXIT_CLEAN)


def _diff_sides(root: Path, base: str | None, head: str | None, day: dt.date) -> tuple[Any, Any]:
    """The two ends of a comparison, each linted and scored with its own partnerkit.yaml (or
    the other end's, when one end has none, e.g. before the portfolio existed)."""
    from partnerkit.diff import Side
    from partnerkit.health import assess
    from partnerkit.lint import lint as run_lint
    from partnerkit.load.git import Repository
    from partnerkit.load.memo import Memo
    from partnerkit.model.config import PortfolioConfig
    from partnerkit.settings import ConfigError, load_config

    repo = Repository(root)
    memo = Memo()  # the two ends share most files: check each content once
    sources = [repo.source(base or repo.default_base()), repo.working_copy(root) if head is None else repo.source(head)]
    configs: list[PortfolioConfig | ConfigError] = []
    for source in sources:
        try:
            configs.append(load_config(source))
        except ConfigError as error:
            configs.append(error)
    good = [c for c in configs if not isinstance(c, ConfigError)]
    if not good:  # neither end has a usable partnerkit.yaml: report the head's
        fail([c for c in configs if isinstance(c, ConfigError)][-1].diagnostics)
    sides = []
    for source, config in zip(sources, configs, strict=True):
        usable = config if not isinstance(config, ConfigError) else good[0]
        result = run_lint(source, usable, day, memo=memo)
        sides.append(Side(result.loaded.portfolio, assess(result, memo), result.diagnostics))
    return sides[0], sides[1]


@app.command()
def history(
    partnership: str | None = typer.Argument(
        None,
        metavar="[ID]",
        help="One partnership's id. Default: the whole portfolio.",
        autocompletion=complete.partnerships,
    ),
    since: str | None = typer.Option(None, "--since", help="Only commits after this date (YYYY-MM-DD) or revision."),
    max_count: int = typer.Option(20, "--max-count", "-n", min=1, help="At most this many commits (newest)."),
    portfolio: Path | None = typer.Option(
        None, "--portfolio", "-C", help="The portfolio folder. Default: the one containing the current folder."
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", help="text or json.", autocompletion=complete.formats("history")
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Score every commit as of this day (YYYY-MM-DD); default today."
    ),
) -> None:
    """How a partnership (or the portfolio) moved: score and ratings at each commit that touched it.

    Example: partnerkit history snowpeak-data --since 2026-01-01
    """
    from partnerkit.history.points import point
    from partnerkit.history.run import checked_commits
    from partnerkit.load.git import GitError, Repository
    from partnerkit.model.portfolio import CONFIG_FILE, PEOPLE_FILE
    from partnerkit.settings import ConfigError, load_config

    chosen_format("history", output_format)
    day = parse_day(as_of)
    root, _ = locate_portfolio([portfolio] if portfolio else [])
    points = []
    try:
        repo = Repository(root)
        config = load_config(root)
        # A partnership's score also moves with the settings and people it is checked against.
        depends = (CONFIG_FILE, PEOPLE_FILE) if partnership else ()
        commits = repo.log(f"partnerships/{partnership}" if partnership else "", since, max_count, *depends)
        for commit, healths, used in checked_commits(repo, commits[::-1], config, day):
            points.append(point(commit, healths, partnership, used.buckets))
    except GitError as error:
        git_failed(error)
    except ConfigError as error:
        fail(error.diagnostics)
    known = any(p.score is not None for p in points) or (root / "partnerships" / str(partnership)).is_dir()
    if partnership and not known:
        folder = root / "partnerships"
        ids = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        unknown_partnership(partnership, ids, "in this portfolio, now or in its git history")
    from partnerkit.render.formats import renderer

    renderer("history", output_format)(points, partnership, day, sys.stdout, use_colour(sys.stdout))


@app.command()
def textconv(
    file: Path = typer.Argument(..., help="A partnership file (charter.yaml, risks.yaml, ...) or people.yaml."),
) -> None:
    """Print a partnership file as one fact a line, for `git diff` (a git textconv driver).

    Example: partnerkit textconv partnerships/acme/risks.yaml
    (and once per clone: git config diff.partnerkit.textconv "partnerkit textconv")
    """
    from partnerkit.render.textconv import textconv as convert

    try:
        raw = file.read_bytes()
    except OSError as error:
        fail([], f"Error: cannot read {printable(file)}: {printable(error.strerror or error)}")
    sys.stdout.write(convert(file.name, raw))
