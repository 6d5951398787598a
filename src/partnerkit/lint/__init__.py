"""The lint pipeline: load -> rules -> suppress -> select -> locate -> sorted diagnostics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from functools import partial
from operator import attrgetter
from typing import Any

from partnerkit.diagnostics import (
    NO_REASON,
    UNUSED_SUPPRESSION,
    DataPath,
    Diagnostic,
    Finding,
    Severity,
    sort_diagnostics,
)
from partnerkit.load.memo import Memo
from partnerkit.load.parallel import split_map
from partnerkit.load.portfolio import Loaded, content_id, load_portfolio
from partnerkit.load.source import Source
from partnerkit.model.config import PortfolioConfig
from partnerkit.model.portfolio import PEOPLE_FILE, Partnership
from partnerkit.rules import REGISTRY, Rule, find_rule
from partnerkit.rules.base import Context
from partnerkit.rules.settings import Settings, resolve_settings


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    loaded: Loaded
    as_of: dt.date
    suppressed: list[Diagnostic] = field(default_factory=list)  # what suppressions hid (not located)


def lint(
    source: Source,
    config: PortfolioConfig,
    as_of: dt.date,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    memo: Memo | None = None,
    keep: Callable[[Finding], bool] | None = None,
    focus: set[str] | None = None,
) -> LintResult:
    """Check a whole portfolio. ``select``/``ignore`` take rule codes (already resolved).

    Pass one ``memo`` to successive calls over revisions of a portfolio (git sources) to
    reuse whatever their unchanged files already gave. For a check of part of a portfolio,
    ``focus`` names the partnerships whose own rules run (the others only take part in
    portfolio-wide rules) and ``keep`` narrows the findings reported, after suppressions."""
    settings = resolve_settings(config)
    # Every enabled rule runs: a selection narrows the report, not what suppressions and
    # overlapping rules see, so a selected finding reads the same as in the full report.
    active = frozenset(code for code, level in settings.severity.items() if level is not None)
    chosen = (set(select) or set(REGISTRY)) - set(ignore)
    loaded = load_portfolio(source, config, memo)
    findings = loaded.findings + list(_run_rules(loaded, settings, active, as_of, focus))
    findings, hidden = _apply_suppressions(loaded, findings)
    reported = [
        (finding, level, content_id(loaded.source, finding.file))
        for finding in findings
        if finding.code in chosen
        and (level := settings.severity[finding.code]) is not None
        and (keep is None or keep(finding))
    ]
    # The same finding in the same content is located once: in a history, at the first revision that has it.
    known = [loaded.memo.located.get(key) if key[2] else None for key in reported]
    unlocated = [finding for (finding, _, _), done in zip(reported, known, strict=True) if not (done or finding.line)]
    loaded.prepare_positions((finding.file, finding.path) for finding in unlocated)
    diagnostics = [
        done or _locate(finding, REGISTRY[finding.code], level, blob, loaded)
        for (finding, level, blob), done in zip(reported, known, strict=True)
    ]
    suppressed = [
        Diagnostic(f.code, REGISTRY[f.code].name, level, f.message, f.file, hint=f.hint, partnership=f.partnership)
        for f in hidden
        if (level := settings.severity[f.code]) is not None
    ]
    return LintResult(sort_diagnostics(diagnostics), loaded, as_of, suppressed)


def _run_rules(
    loaded: Loaded, settings: Settings, active: frozenset[str], as_of: dt.date, focus: set[str] | None
) -> Iterable[Finding]:
    """Every enabled rule's findings. A partnership rule sees only its partnership, the people
    and the config, so its findings are remembered under those contents and reused."""
    portfolio, memo = loaded.portfolio, loaded.memo
    contexts = {
        code: Context(portfolio, as_of, settings.options, active, settings.options.get(code)) for code in active
    }
    checks = [
        (code, rule.check)
        for code, rule in REGISTRY.items()
        if rule.check and code in active and rule.scope == "partnership"
    ]
    setting = (
        (as_of, content_id(loaded.source, PEOPLE_FILE), portfolio.config.model_dump_json())
        if loaded.content_keys
        else None
    )
    chosen = portfolio.partnerships if focus is None else [p for p in portfolio.partnerships if p.id in focus]
    keys = {p.id: (loaded.content_keys[p.folder], setting) if p.folder in loaded.content_keys else None for p in chosen}
    known = {pid: found for pid, key in keys.items() if key and (found := memo.findings.get(key)) is not None}

    def check_one(partnership: Partnership) -> list[Finding]:
        return [
            settled
            for code, check in checks
            for hit in check(partnership, contexts[code])
            if (settled := _settle(_finding(code, hit, partnership.id), partnership))
        ]

    todo = [p for p in chosen if p.id not in known]
    checked = split_map(todo, check_one, PARALLEL_MIN_PARTNERSHIPS, _send_findings, _receive_findings)
    for partnership, found in zip(todo, checked, strict=True):
        known[partnership.id] = found
        if key := keys[partnership.id]:
            memo.findings[key] = found
    for partnership in chosen:
        yield from known[partnership.id]
    by_id = {p.id: p for p in portfolio.partnerships if p.omitted}
    for code, rule in REGISTRY.items():
        if rule.check and code in active and rule.scope == "portfolio":
            for hit in rule.check(contexts[code]):
                if settled := _settle(_finding(code, hit, hit.partnership), by_id.get(hit.partnership)):
                    yield settled


PARALLEL_MIN_PARTNERSHIPS = 100
"""Fewer partnerships have their rules checked in this process alone: a fork costs more than it saves."""
_FINDING_FIELDS = attrgetter(*(f.name for f in fields(Finding)))


def _send_findings(found: list[Finding]) -> list[tuple[Any, ...]]:
    return [_FINDING_FIELDS(finding) for finding in found]


def _receive_findings(values: list[tuple[Any, ...]]) -> list[Finding]:
    return [Finding(*value) for value in values]


def _finding(code: str, found: Finding, partnership: str) -> Finding:
    return replace(found, code=code, partnership=partnership)


def _settle(finding: Finding, partnership: Partnership | None) -> Finding | None:
    """The finding with its path into the file's data rather than the model (they differ where
    an invalid entry was left out of a list); None when it is about a collection, or the record
    holding one, that an invalid entry was left out of (``no KPI measures Monetize`` cannot be
    told while a KPI is invalid): that waits until the entry is fixed."""
    if partnership is None or not partnership.omitted or not finding.file.startswith(partnership.folder + "/"):
        return finding
    omitted = partnership.omitted.get(finding.file[len(partnership.folder) + 1 :])
    if omitted is None:
        return finding
    path = omitted.to_data(finding.path)
    if omitted.covers(path):
        return None
    return replace(finding, path=path) if path != finding.path else finding


def _apply_suppressions(loaded: Loaded, findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(what stays, what a partnership suppressed), the former with reasonless and unused
    suppressions reported."""
    notes: list[Finding] = []
    wanted: dict[tuple[str, str], tuple[str, DataPath, str]] = {}  # (partnership, code) -> (charter, where, name)
    incomplete: set[str] = set()  # partnerships where a rule may have found nothing for want of a file
    for partnership in loaded.portfolio.partnerships:
        charter = partnership.file("charter.yaml")
        if partnership.incomplete:
            incomplete.add(partnership.id)
        for i, suppression in enumerate(partnership.charter.suppress if partnership.charter else ()):
            rule = find_rule(suppression.rule)
            place = partnership.to_data("charter.yaml", ("suppress", i))
            note = partial(Finding, file=charter, path=place, partnership=partnership.id)
            if rule is None:
                notes.append(
                    note(
                        UNUSED_SUPPRESSION,
                        message=f"suppression names {suppression.rule!r}, which is not a rule",
                        hint="use a code or name from `partnerkit rules`",
                        path=(*place, "rule"),
                    )
                )
                continue
            if not (suppression.reason or "").strip():
                notes.append(
                    note(
                        NO_REASON,
                        message=f"suppression of {rule.name} gives no reason",
                        hint="add `reason:` saying why the rule does not apply here",
                    )
                )
            if (partnership.id, rule.code) in wanted:
                notes.append(
                    note(
                        UNUSED_SUPPRESSION, message=f"{rule.name} is already suppressed above", hint="delete this copy"
                    )
                )
            wanted.setdefault((partnership.id, rule.code), (charter, place, rule.name))
    kept = [f for f in findings if (f.partnership, f.code) not in wanted]
    hidden = [f for f in findings if (f.partnership, f.code) in wanted]
    used = {(f.partnership, f.code) for f in findings} & wanted.keys()
    for key, (charter, place, name) in wanted.items():
        if key not in used and key[0] not in incomplete:
            notes.append(
                Finding(
                    UNUSED_SUPPRESSION,
                    charter,
                    f"{name} finds nothing in this partnership, so its suppression is unused",
                    "delete the suppression",
                    place,
                    partnership=key[0],
                )
            )
    return kept + notes, hidden


def _locate(finding: Finding, rule: Rule, severity: Severity, blob: str | None, loaded: Loaded) -> Diagnostic:
    """The finding with its line and column, remembered under its file's content id (``blob``)
    when the source has them."""
    line, column = (finding.line, finding.column) if finding.line else loaded.position(finding.file, finding.path)
    located = Diagnostic(
        rule.code,
        rule.name,
        severity,
        finding.message,
        finding.file,
        line,
        column,
        finding.hint,
        finding.partnership,
    )
    if blob:
        loaded.memo.located[(finding, severity, blob)] = located
    return located
