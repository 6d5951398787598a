"""`lint --changed-since`: check the partnerships a change touched, and the portfolio-wide
findings it can sway, without reading the whole portfolio.

Reported: every finding a full lint gives about the touched partnerships (a pre-existing
overload aside, see below), every duplicate-id finding about their ids (old or new), and every
overload finding about a person whose accountabilities in them changed. To get those exactly
as a full lint does, the files of other partnerships that could take part are read too (their
charters, with the suppressions, and the RACIs that could name those people): a cheap text
search finds them (a file that contains neither the id or handle nor a backslash escape that
could spell it cannot mean it). An overload the change did not alter (the same count, first
found at the same place) is not reported again, since counting it would mean reading every
RACI in the portfolio; unless a touched partnership suppresses overloads, because whether that
suppression is used depends on them all. A change to partnerkit.yaml or people.yaml can sway
every partnership, so the caller checks everything then.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from partnerkit.diagnostics import DUPLICATE_ID, Finding
from partnerkit.lint import LintResult, lint
from partnerkit.load.portfolio import load_portfolio
from partnerkit.load.source import Source, WorkingTree
from partnerkit.model.config import PortfolioConfig
from partnerkit.model.portfolio import PARTNERSHIPS_DIR, Partnership
from partnerkit.rules import find_rule
from partnerkit.rules.raci import OVERLOADED


def touched(paths: Iterable[str]) -> set[str]:
    """The entries of partnerships/ (folders, or stray files) that changed paths are in."""
    return {"/".join(path.split("/")[:2]) for path in paths if path.startswith(f"{PARTNERSHIPS_DIR}/")}


def lint_changed(
    tree: WorkingTree,
    before: Source,
    entries: set[str],
    config: PortfolioConfig,
    as_of: dt.date,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> LintResult:
    """Lint ``entries`` (from ``touched``) of the working tree; ``before`` holds them as they
    were at the base revision."""
    names = {entry.split("/")[1] for entry in entries}  # a partnership's id is its folder's name
    now, was = (load_portfolio(side, config).portfolio for side in (WorkingTree(tree.root, entries), before))
    ids = names | {p.charter.id for p in now.partnerships + was.partnerships if p.charter}
    # the people whose overload count, or the place it is first found, the change moved
    counts, counted = (
        {(p.folder, handle): n for p in side.partnerships for handle, n in p.accountable.items()} for side in (now, was)
    )
    handles = {
        handle
        for folder, handle in counts.keys() | counted.keys()
        if counts.get((folder, handle)) != counted.get((folder, handle))
    }
    # whether a touched partnership's suppression of overloads is used depends on all of them
    handles |= {handle for p in now.partnerships if _suppresses(p, OVERLOADED) for handle in p.accountable}
    related = _mentioning(tree, entries, ids, handles, config.limits.max_file_bytes)

    def keep(finding: Finding) -> bool:
        return (
            finding.partnership in names
            or finding.file in entries
            or (finding.code == DUPLICATE_ID and finding.subject in ids)
            or (finding.code == OVERLOADED and finding.subject in handles)
        )

    return lint(WorkingTree(tree.root, entries | related), config, as_of, select, ignore, keep=keep, focus=names)


def _suppresses(partnership: Partnership, code: str) -> bool:
    suppressions = partnership.charter.suppress if partnership.charter else ()
    return any((rule := find_rule(s.rule)) is not None and rule.code == code for s in suppressions)


def _mentioning(tree: WorkingTree, entries: set[str], ids: set[str], handles: set[str], max_bytes: int) -> set[str]:
    """The files of other partnerships that decide the findings about ``ids`` and ``handles``:
    the charter of each partnership named by, or possibly claiming, one of the ids; the RACI of
    each whose RACI could name one of the people, and its charter if it suppresses anything
    (it could be an overload found there)."""
    try:
        with os.scandir(tree.root / PARTNERSHIPS_DIR) as listing:
            folders = sorted(
                f"{PARTNERSHIPS_DIR}/{entry.name}"
                for entry in listing
                if entry.is_dir(follow_symlinks=False) and not entry.name.startswith(".")
            )
    except OSError:
        return set()

    def mentions(path: str, words: set[str]) -> bool:
        data = tree.read(path, max_bytes) if words else None
        return isinstance(data, bytes) and _mentions(data, words)

    related = set()
    for folder in folders:
        if folder in entries:
            continue
        charter, raci = f"{folder}/charter.yaml", f"{folder}/raci.yaml"
        if folder.split("/")[1] in ids or mentions(charter, ids):
            related.add(charter)
        if mentions(raci, handles):
            related.add(raci)
            if mentions(charter, {"suppress"}):
                related.add(charter)
    return related


_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


def _mentions(data: bytes, words: set[str]) -> bool:
    """Whether the text holds one of ``words`` whole, or a backslash (an escape could spell one)."""
    if b"\\" in data:
        return True
    for word in map(str.encode, words):
        start = data.find(word)
        while start != -1:
            end = start + len(word)
            if (start == 0 or data[start - 1] not in _WORD) and (end == len(data) or data[end] not in _WORD):
                return True
            start = data.find(word, start + 1)
    return False
