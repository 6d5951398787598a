"""Portfolio-wide hygiene."""

from __future__ import annotations

from collections.abc import Iterator

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.portfolio import PEOPLE_FILE
from partnerkit.rules.base import Context, found, rule


@rule(
    "PK901",
    "unused-person",
    Severity.INFO,
    "A person in people.yaml is not referred to anywhere.",
    why="Keeping people.yaml to the people who actually carry partnerships keeps handles meaningful and "
    "shows who has left or moved on.",
    bad="people:\n  tom: {name: Tom Baker}   # no partnership mentions tom",
    good="(remove tom, or give him a role in a partnership)",
    scope="portfolio",
)
def unused_person(ctx: Context) -> Iterator[Finding]:
    partnerships = ctx.portfolio.partnerships
    if ctx.portfolio.people is None or any(p.incomplete for p in partnerships):
        return  # a file that failed to load may be the one that names the person
    used = set().union(*(p.people_named for p in partnerships))
    for handle in ctx.portfolio.people.people:
        if handle not in used:
            yield found(
                PEOPLE_FILE,
                ("people", handle),
                f"{handle} is not referred to by any partnership",
                "remove the person, or name them as an owner or in a RACI",
            )
