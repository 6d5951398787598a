"""Pairing the two ends of a diff: partnerships across renames, and lint findings across line moves. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from partnerkit.diagnostics import (
    DUPLICATE_ID,
    INVALID_VALUE,
    MISSING_FIELD,
    MISSING_FILE,
    UNKNOWN_FILE,
    UNKNOWN_KEY,
    UNREADABLE,
    YAML_SYNTAX,
    Diagnostic,
)
from partnerkit.model.portfolio import PARTNERSHIP_FILES, PEOPLE_FILE, Partnership, Portfolio
from partnerkit.rules import REGISTRY
from partnerkit.rules.portfolio import UNUSED_PERSON, unknown_whether_used, unused_handle

Pair = tuple[Partnership | None, Partnership | None]


def match(base: list[Partnership], head: list[Partnership]) -> list[Pair]:
    """(base, head) pairs, None on the side where a partnership does not exist.

    Same folder first. A folder that disappeared is then followed to a new one that shares an
    id (folder name or charter id), and failing that the same name and partner: a proper
    rename changes the folder and the charter id together, so ids alone would miss it. Only
    unambiguous one-to-one matches count; anything else stays removed + added.
    """
    new = {p.folder: p for p in head}
    pairs: list[Pair] = []
    gone: list[Partnership] = []
    for b in base:
        h = new.pop(b.folder, None)
        if h is None:
            gone.append(b)
        else:
            pairs.append((b, h))
    arrived = list(new.values())
    for keys in (_ids, _name):
        gone_by, arrived_by = _index(gone, keys), _index(arrived, keys)
        paired: set[int] = set()
        for b in gone:
            found = _unique(arrived_by, keys(b), paired)
            if len(found) == 1 and _unique(gone_by, keys(found[0]), paired) == [b]:
                pairs.append((b, found[0]))
                paired.update((id(b), id(found[0])))
        gone = [b for b in gone if id(b) not in paired]
        arrived = [h for h in arrived if id(h) not in paired]
    return pairs + [(b, None) for b in gone] + [(None, h) for h in arrived]


def _index(partnerships: list[Partnership], keys: Callable[[Partnership], set[str]]) -> dict[str, list[Partnership]]:
    index: dict[str, list[Partnership]] = {}
    for p in partnerships:
        for key in keys(p):
            index.setdefault(key, []).append(p)
    return index


def _unique(index: dict[str, list[Partnership]], keys: set[str], paired: set[int]) -> list[Partnership]:
    """The distinct, not yet paired partnerships under any of ``keys``."""
    found: dict[int, Partnership] = {}
    for key in keys:
        for p in index.get(key, ()):
            if id(p) not in paired:
                found[id(p)] = p
    return list(found.values())


def _ids(p: Partnership) -> set[str]:
    return {p.id, p.charter.id} if p.charter else {p.id}


def _name(p: Partnership) -> set[str]:
    c = p.charter
    return {f"{c.name.casefold()}\0{c.partner.name.casefold()}"} if c else set()


def by_partnership(
    partnerships: list[Partnership], diagnostics: list[Diagnostic]
) -> tuple[dict[str, list[Diagnostic]], list[Diagnostic]]:
    """Findings grouped by partnership id, and those that belong to none (people.yaml, ...)."""
    ids = {p.id for p in partnerships}
    grouped: dict[str, list[Diagnostic]] = {}
    loose = []
    for d in diagnostics:
        if d.partnership in ids:
            grouped.setdefault(d.partnership, []).append(d)
        else:
            loose.append(d)
    return grouped, loose


def moved(d: Diagnostic, old: str, new: str) -> Diagnostic:
    """The base finding as it reads after a rename, so a renamed folder does not look fixed and new."""
    if old == new or not (d.path == old or d.path.startswith(old + "/")):
        return d
    return Diagnostic(
        d.code, d.name, d.severity, d.message, new + d.path[len(old) :], d.line, d.column, d.hint, d.partnership
    )


def compare_findings(
    base: Sequence[Diagnostic], head: Sequence[Diagnostic]
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(introduced, fixed), compared by (code, path, message) as a multiset: lines move when
    text is edited above a finding, and that alone is neither new nor fixed."""

    def key(d: Diagnostic) -> tuple[str, str, str]:
        return (d.code, d.path, d.message)

    def only(ours: Sequence[Diagnostic], theirs: Sequence[Diagnostic]) -> list[Diagnostic]:
        left = Counter(key(d) for d in theirs)
        kept = []
        for d in ours:
            if left[key(d)]:
                left[key(d)] -= 1
            else:
                kept.append(d)
        return kept

    return only(head, base), only(base, head)


_FILE_FACTS = frozenset(
    {YAML_SYNTAX, INVALID_VALUE, MISSING_FIELD, UNKNOWN_KEY, UNREADABLE, MISSING_FILE, UNKNOWN_FILE}
)
"""What reading a file decides whatever else could not be read: its syntax and schema errors
(every one is reported, entry by entry), and which files are missing or unknown."""


def could_tell(d: Diagnostic, head: Portfolio, partnership: Partnership | None = None) -> bool:
    """Whether ``head`` would have found ``d``, a finding of the base that it lacks, had it still
    been there: only then is it fixed. ``partnership`` is the head's partnership that ``d``
    belongs to. A rule that could not run, or could not see all it needs, cannot say that a
    finding went away: a partnership rule while a file of the partnership is unreadable or has
    an invalid entry; a portfolio-wide rule while any partnership has one; unused-person while
    a file that could not be read in full may name the person."""
    if d.code == UNUSED_PERSON:
        handle = unused_handle(d.message)
        return handle is not None and not unknown_whether_used(head, handle)
    if d.path == PEOPLE_FILE:
        return head.people is not None
    if d.code in _FILE_FACTS and partnership is None:
        return True
    rule = REGISTRY.get(d.code)
    if partnership is None or d.code == DUPLICATE_ID or (rule is not None and rule.scope == "portfolio"):
        return not any(p.incomplete for p in head.partnerships)
    name = d.path.removeprefix(partnership.folder + "/")
    if (
        name in partnership.present
        and name in PARTNERSHIP_FILES
        and getattr(partnership, name[: -len(".yaml")]) is None
    ):
        return False  # nothing in the file was checked
    return d.code in _FILE_FACTS or not partnership.incomplete
