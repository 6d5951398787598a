"""Preparing renewal decisions: `renewal` writes a brief for each agreement inside its renewal window."""

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
    locate_portfolio,
    templates_folder,
    unknown_partnership,
)


@app.command()
def renewal(
    partnership: str | None = typer.Argument(
        None,
        metavar="[ID]",
        help="One partnership's id. Default: every partnership.",
        autocompletion=complete.partnerships,
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="As if today were this day (YYYY-MM-DD)."),
    output_format: str = typer.Option(
        "md",
        "--format",
        "-f",
        help="md (GitHub-flavoured Markdown), html (one self-contained file), text or json.",
        autocompletion=complete.formats("renewal"),
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the briefs to this file (atomically) instead of printing them."
    ),
    every: bool = typer.Option(
        False, "--all", help="Every agreement with an expiry date, not only those inside their renewal window."
    ),
    portfolio: Path | None = typer.Option(
        None, "--portfolio", "-C", help="The portfolio folder. Default: the one containing the current folder."
    ),
    history: bool = typer.Option(
        True, "--history/--no-history", help="Read each partnership's score trend from git (default: when in git)."
    ),
    templates: Path | None = typer.Option(
        None,
        "--templates",
        help="A folder whose renewal/renewal.md.j2 or renewal/renewal.html.j2 replaces the shipped one.",
    ),
) -> None:
    """A brief for each agreement inside its renewal window: criteria met or not, SLAs, KPIs, risks, ROI, commitments.

    Example: partnerkit renewal cirrus-hosting --format html -o cirrus-renewal.html
    """
    from partnerkit.render.formats import renderer
    from partnerkit.render.layout import width_of
    from partnerkit.report.renewal import briefs, selected, window_days

    render = renderer("renewal", chosen_format("renewal", output_format))
    if templates is not None and output_format not in ("md", "html"):
        raise typer.BadParameter("only the md and html formats have templates", param_hint="--templates")
    templates = templates_folder(templates)
    root, _ = locate_portfolio([portfolio] if portfolio else [])
    model, healths, day = assessed([root], as_of)
    if partnership is not None and partnership not in {h.partnership.id for h in healths}:
        unknown_partnership(partnership, [h.partnership.id for h in healths])
    chosen = selected(healths, day, window_days(model.config), partnership, every)
    points: dict[str, list[Any]] | None = None
    note = "not read (--no-history)" if not history else "not read (no agreement to brief)"
    if history and chosen:
        points, note = _history(root, model.config, chosen, day)
    pack = briefs(
        model,
        healths,
        day,
        partnership=partnership,
        every=every,
        history=points,
        history_note=note,
    )
    width = width_of(sys.stdout) if output is None and output_format == "text" else None
    deliver(lambda: render(pack, width, templates), output)


def _history(root: Path, config: Any, chosen: list[Any], day: dt.date) -> tuple[dict[str, list[Any]] | None, str]:
    """Each chosen partnership's score at every commit that touched it (its folder, settings or
    people) since the earliest start of its chosen agreements, read from git; or None and why
    not. The commits of every partnership are checked in one run, so each costs about what its
    changes cost."""
    from partnerkit.history.run import checked_commits
    from partnerkit.load.git import GitError, Repository
    from partnerkit.model.portfolio import CONFIG_FILE, PEOPLE_FILE
    from partnerkit.report.renewal import TrendPoint, term_start

    starts: dict[str, list[dt.date | None]] = {}
    for health, agreement in chosen:
        starts.setdefault(health.partnership.id, []).append(term_start(agreement))
    since = {pid: None if None in dates else min(d for d in dates if d is not None) for pid, dates in starts.items()}
    points: dict[str, list[Any]] = {pid: [] for pid in starts}
    try:
        repo = Repository(root)
        touched: dict[str, set[str]] = {}  # commit -> the chosen partnerships it touched
        for pid, start in since.items():
            day_one = start.isoformat() if start else None
            for commit in repo.log(f"partnerships/{pid}", day_one, None, CONFIG_FILE, PEOPLE_FILE):
                touched.setdefault(commit.sha, set()).add(pid)
        earliest = None if None in since.values() else min(d for d in since.values() if d is not None)
        folders = [f"partnerships/{pid}" for pid in since]
        commits = [
            c
            for c in repo.log(
                folders[0], earliest.isoformat() if earliest else None, None, *folders[1:], CONFIG_FILE, PEOPLE_FILE
            )
            if c.sha in touched
        ]
        for commit, healths, _ in checked_commits(repo, commits[::-1], config, day):
            scores = {h.partnership.id: h.score.value for h in healths}
            for pid in sorted(touched[commit.sha]):
                if pid in scores:  # not a commit from before the partnership existed (its settings, people)
                    points[pid].append(TrendPoint(commit.date, commit.sha[:8], scores[pid]))
    except GitError as error:
        return None, f"history unavailable: {error.message}"
    return points, "git history: each commit that touched the partnership, scored as of the same day"
