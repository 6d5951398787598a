"""The rule framework: a registry of rules, the context they run in, and what they yield.

A rule speaks about model paths (``("kpis", 2, "target")`` in a file); it never computes a
line. The linter stamps code and severity, applies suppressions and locates the finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from partnerkit.diagnostics import DataPath, Finding, Severity
from partnerkit.model.portfolio import Partnership, Portfolio

Scope = Literal["loader", "partnership", "portfolio"]


def found(file: str, path: DataPath, message: str, hint: str = "", partnership: str = "", subject: str = "") -> Finding:
    """What a rule found: in ``file`` (portfolio-relative), at ``path`` inside its data. A
    portfolio rule says which partnership the finding belongs to and its ``subject``; the linter
    stamps the rule's code."""
    return Finding("", file, message, hint, path, partnership=partnership, subject=subject)


@dataclass(frozen=True)
class Context:
    """What every rule may look at besides its partnership; ``as_of`` stands in for today.

    ``options`` are this rule's options; ``settings`` every rule's, by code; ``active`` the
    codes of the enabled rules, so that overlapping rules can leave a case to each other.
    A partnership rule reads only the portfolio's config and people besides its partnership:
    its findings are reused for any revision where those are unchanged."""

    portfolio: Portfolio
    as_of: dt.date
    settings: Mapping[str, Any]
    active: frozenset[str]
    options: Any = None


PartnershipCheck = Callable[[Partnership, Context], Iterable[Finding]]
PortfolioCheck = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad: str
    good: str
    scope: Scope
    options: type[BaseModel] | None = None
    check: Callable[..., Iterable[Finding]] | None = None


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in REGISTRY or any(r.name == rule.name for r in REGISTRY.values()):
        raise ValueError(f"rule {rule.code} {rule.name} registered twice")
    REGISTRY[rule.code] = rule
    return rule


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    why: str,
    bad: str,
    good: str,
    options: type[BaseModel] | None = None,
    scope: Scope = "partnership",
) -> Callable[[Callable[..., Iterable[Finding]]], Callable[..., Iterable[Finding]]]:
    """Register the decorated check under ``code`` and ``name``."""

    def decorate(check: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        register(Rule(code, name, severity, summary, why, bad, good, scope, options, check))
        return check

    return decorate


def find_rule(key: str) -> Rule | None:
    """A rule by code (any case) or name."""
    upper = key.upper()
    if upper in REGISTRY:
        return REGISTRY[upper]
    return next((r for r in REGISTRY.values() if r.name == key), None)
