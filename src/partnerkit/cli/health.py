"""Looking at a portfolio's health: `score`, the `status` heat map and the `report`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import typer

from partnerkit.cli import complete
from partnerkit.cli.app import (
    app,
    assessed,
    chosen_format,
    deliver,
    git_failed,
    locate_portfolio,
    printable,
    templates_folder,
    use_colour,
)


@app.command()
def score(
    paths: list[Path] | None = typer.Argument(
        None, help="Portfolio root or partnership folders. Default: the whole portfolio."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Score as if today were this day (YYYY-MM-DD)."),
    output_format: str = typer.Option(
        "text", "--format", "-f", help="text or json.", autocompletion=complete.formats("scores")
    ),
) -> None:
    """Score each partnership's health (0-100) with the reasons, its maturity level, and the portfolio summary.

    Example: partnerkit score --as-of 2026-11-25
    """
    from partnerkit.health import summarise
    from partnerkit.render.formats import renderer

    render = renderer("scores", chosen_format("scores", output_format))
    portfolio, healths, day = assessed(paths, as_of)
    render(healths, summarise(healths, portfolio.config.buckets), day, sys.stdout, use_colour(sys.stdout))


@app.command()
def status(
    paths: list[Path] | None = typer.Argument(
        None, help="Portfolio root or partnership folders. Default: the whole portfolio."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="As if today were this day (YYYY-MM-DD)."),
    sort: str = typer.Option("name", "--sort", help="name, score, tier, owner or stage."),
    tier: list[str] = typer.Option([], "--tier", help="Only these tiers (repeatable)."),
    owner: list[str] = typer.Option([], "--owner", help="Only these owners (repeatable)."),
    stage: list[str] = typer.Option([], "--stage", help="Only these stages (repeatable)."),
    where: list[str] = typer.Option(
        [],
        "--where",
        help="Only partnerships whose BUCKET is COLOUR, e.g. --where Monetize=red (repeatable).",
        autocompletion=complete.bucket_conditions,
    ),
) -> None:
    """The heat map: partnerships x buckets as G/A/R cells, with score and maturity.

    Example: partnerkit status --where Monetize=red --sort score
    """
    from partnerkit.health import summarise
    from partnerkit.render.health_text import render_heat_map

    if sort not in ("name", "score", "tier", "owner", "stage"):
        raise typer.BadParameter(
            f"{sort!r} is not a sort key; choose name, score, tier, owner or stage", param_hint="--sort"
        )
    conditions = [_bucket_condition(text) for text in where]
    portfolio, healths, _ = assessed(paths, as_of)
    buckets = portfolio.config.buckets
    for bucket, _colour_name in conditions:
        if bucket not in buckets:
            raise typer.BadParameter(
                f"{bucket!r} is not one of the buckets: {printable(', '.join(buckets))}",
                param_hint="--where",
            )
    shown = [
        h
        for h in healths
        if (not tier or h.identity["tier"] in tier)
        and (not owner or h.identity["owner"] in owner)
        and (not stage or h.identity["stage"] in stage)
        and all((h.rag(b) or "none") == c for b, c in conditions)
    ]
    key = {"name": lambda h: h.partnership.id, "score": lambda h: (h.score.value, h.partnership.id)}.get(
        sort, lambda h: (h.identity[sort], h.partnership.id)
    )
    render_heat_map(sorted(shown, key=key), buckets, summarise(shown, buckets), sys.stdout, use_colour(sys.stdout))


@app.command()
def report(
    paths: list[Path] | None = typer.Argument(
        None, help="Portfolio root or partnership folders. Default: the whole portfolio."
    ),
    output_format: str = typer.Option(
        "md",
        "--format",
        "-f",
        help="md (GitHub-flavoured Markdown) or html (one self-contained file).",
        autocompletion=complete.formats("report"),
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to this file (atomically) instead of printing it."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Report as if today were this day (YYYY-MM-DD)."),
    templates: Path | None = typer.Option(
        None,
        "--templates",
        help="A folder whose report/report.md.j2 or report/report.html.j2 replaces the shipped one.",
    ),
    history: int = typer.Option(
        0, "--history", min=0, help="Add each partnership's score trend over the last N commits (needs git)."
    ),
) -> None:
    """The executive report: summary, heat map, scores with reasons, scorecards, the next 90 days and lint findings.

    Example: partnerkit report --format html -o report.html
    """
    from partnerkit.due import due_items
    from partnerkit.health import summarise
    from partnerkit.report.model import HORIZON_DAYS, build
    from partnerkit.report.templates import render

    chosen_format("report", output_format)
    templates = templates_folder(templates)
    portfolio, healths, day = assessed(paths, as_of)
    diagnostics = [d for h in healths for d in h.diagnostics]
    ids = [h.partnership.id for h in healths]
    trends = _trends(locate_portfolio(paths or [])[0], portfolio.config, ids, history, day) if history else {}
    model = build(
        portfolio,
        healths,
        summarise(healths, portfolio.config.buckets),
        diagnostics,
        due_items(portfolio, day, HORIZON_DAYS),
        day,
        trends=trends,
    )
    deliver(lambda: render(model, output_format, templates), output)


def _trends(root: Path, config: Any, ids: list[str], count: int, day: dt.date) -> dict[str, str]:
    """Score sparklines over the portfolio's last ``count`` commits, read from git."""
    from partnerkit.history.points import sparkline
    from partnerkit.history.run import checked_commits
    from partnerkit.load.git import GitError, Repository

    try:
        repo = Repository(root)
        scores: dict[str, list[int | None]] = {pid: [] for pid in ids}
        commits = repo.log("", None, count)
        if len(commits) < count and repo.is_shallow():
            typer.echo(
                f"note: this is a shallow clone: the trends cover the {len(commits)} of the last {count} commits "
                "that it has; run `git fetch --unshallow` (in GitHub Actions: check out with `fetch-depth: 0`) "
                "for more",
                err=True,
            )
        for _, healths, _ in checked_commits(repo, commits[::-1], config, day):
            at = {h.partnership.id: h.score.value for h in healths}
            for pid in ids:
                scores[pid].append(at.get(pid))
    except GitError as error:
        git_failed(error)
    return {pid: sparkline(values) for pid, values in scores.items()}


def _bucket_condition(text: str) -> tuple[str, str]:
    bucket, _, colour = text.partition("=")
    if colour not in ("green", "amber", "red", "none"):
        raise typer.BadParameter(f"{text!r}: write BUCKET=green, amber, red or none", param_hint="--where")
    return bucket, colour
