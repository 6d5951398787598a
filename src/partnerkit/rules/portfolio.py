"""Portfolio-wide hygiene."""

from __future__ import annotations

from collections.abc import Iterator

from partnerkit.diagnostics import Finding, Severity
from partnerkit.model.portfolio import PEOPLE_FILE, Portfolio
from partnerkit.rules.base import Context, found, rule

UNUSED_PERSON = "PK901"


@rule(
    UNUSED_PERSON,
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
    for handle in unused(ctx.portfolio):
        yield found(
            PEOPLE_FILE,
            ("people", handle),
            unused_message(handle),
            "remove the person, or name them as an owner or in a RACI",
            subject=handle,
        )


def unused(portfolio: Portfolio) -> Iterator[str]:
    """The handles in people.yaml that no partnership names. A person whom a file that could not
    be read in full may name (its text holds the handle) is unknown, so not among them."""
    if portfolio.people is None:
        return
    partnerships = portfolio.partnerships
    used = set().union(*(p.people_named for p in partnerships))
    unsure = [p for p in partnerships if p.unread]
    for handle in portfolio.people.people:
        if handle not in used and not any(p.may_name(handle) for p in unsure):
            yield handle


def unknown_whether_used(portfolio: Portfolio, handle: str) -> bool:
    """Whether unused-person cannot tell if ``handle`` is used: people.yaml or the person's
    entry could not be read, or a file that could not be read in full may name them."""
    if portfolio.people is None or handle in portfolio.invalid_people:
        return True
    return any(p.may_name(handle) for p in portfolio.partnerships if p.unread)


_UNUSED = " is not referred to by any partnership"


def unused_message(handle: str) -> str:
    return handle + _UNUSED


def unused_handle(message: str) -> str | None:
    """The handle an unused-person message is about (the inverse of ``unused_message``)."""
    return message.removesuffix(_UNUSED) if message.endswith(_UNUSED) else None
