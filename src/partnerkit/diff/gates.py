"""CI gates over a portfolio diff: ``partnerkit diff --fail-on ...``. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from partnerkit.diagnostics import Severity

if TYPE_CHECKING:
    from partnerkit.diff import PortfolioDiff

FAIL_CONDITIONS = ("new-errors", "new-findings", "red-without-evidence", "score-drop=N")
"""What ``--fail-on`` accepts; N is a whole number of points, 1 or more."""

_SCORE_DROP = re.compile(r"score-drop=(\d+)\Z")
Check = Callable[["PortfolioDiff"], list[str]]


def fail_reasons(diff: PortfolioDiff, conditions: list[str]) -> list[str]:
    """Why the change fails the given gates, one line each; [] when it passes.

    Every condition is parsed before any is evaluated, so a typo raises ValueError even when
    the diff is empty (a gate that silently never fires is worse than none).
    """
    checks = [parse_condition(c) for c in conditions]
    return [reason for check in checks for reason in check(diff)]


def parse_condition(text: str) -> Check:
    """The check for one condition; ValueError naming the accepted ones when it is unknown."""
    name = text.strip()
    if name == "new-errors":
        return _new_errors
    if name == "new-findings":
        return _new_findings
    if name == "red-without-evidence":
        return _red
    match = _SCORE_DROP.match(name)
    if match and int(match.group(1)) > 0:
        points = int(match.group(1))
        return lambda diff: _drops(diff, points)
    raise ValueError(f"unknown fail condition {text!r}; use {', '.join(FAIL_CONDITIONS)} (N: points, 1 or more)")


def _new_errors(diff: PortfolioDiff) -> list[str]:
    found = [d for p in diff.partnerships for d in p.introduced] + list(diff.introduced)
    return [f"new error {d.code} {d.name} in {d.path}: {d.message}" for d in found if d.severity is Severity.ERROR]


def _new_findings(diff: PortfolioDiff) -> list[str]:
    found = [d for p in diff.partnerships for d in p.introduced] + list(diff.introduced)
    return [f"new {d.severity.value} {d.code} {d.name} in {d.path}: {d.message}" for d in found]


def _red(diff: PortfolioDiff) -> list[str]:
    return [
        f"{r.partnership}: {r.bucket} is {'newly ' if r.newly else ''}red with no evidence"
        for r in diff.red_without_evidence
    ]


def _drops(diff: PortfolioDiff, points: int) -> list[str]:
    return [
        f"{p.id}: score dropped {p.score_before} -> {p.score_after} ({p.score_delta}), at least {points} points"
        for p in diff.partnerships
        if p.score_delta is not None and -p.score_delta >= points
    ]
