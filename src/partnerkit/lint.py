"""The lint pipeline: load -> rules -> suppress -> select -> locate -> sorted diagnostics."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional

from pydantic import ValidationError

from partnerkit.config import PortfolioConfig
from partnerkit.diagnostics import Diagnostic, Severity, sort_diagnostics
from partnerkit.load.config_file import config_error
from partnerkit.load.findings import Finding
from partnerkit.load.portfolio import Loaded, load_portfolio
from partnerkit.load.source import Source
from partnerkit.rules import REGISTRY, Rule, find_rule
from partnerkit.rules.base import Context, Hit

NO_REASON, UNUSED_SUPPRESSION = "PK014", "PK015"


@dataclass(frozen=True)
class Settings:
    """Each rule's effective severity (None when off) and options, from partnerkit.yaml."""

    severity: dict[str, Optional[Severity]]
    options: dict[str, Any]


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    loaded: Loaded

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)


def resolve_settings(config: PortfolioConfig) -> Settings:
    """Apply partnerkit.yaml's ``rules:`` to the defaults; an unknown rule or bad option is a ConfigError."""
    severity: dict[str, Optional[Severity]] = {code: r.severity for code, r in REGISTRY.items()}
    raw: dict[str, dict[str, Any]] = {code: {} for code in REGISTRY}
    for key, value in config.rules.items():
        found = find_rule(key)
        if found is None:
            close = difflib.get_close_matches(key, [r.name for r in REGISTRY.values()], n=1)
            raise config_error(f"rules: {key!r} is not a rule", f"did you mean {close[0]}?" if close else "see `partnerkit rules`")
        level = value if isinstance(value, str) else value.get("severity")
        if level is not None:
            if level not in ("off", "error", "warning", "info"):
                raise config_error(f"rules: {key}: severity {level!r} is not error, warning, info or off", "use one of error, warning, info, off")
            severity[found.code] = None if level == "off" else Severity(level)
        if isinstance(value, dict):
            raw[found.code].update({k: v for k, v in value.items() if k != "severity"})
    options: dict[str, Any] = {}
    for code, rule in REGISTRY.items():
        if rule.options is None:
            if raw[code]:
                raise config_error(f"rules: {rule.name} has no options (got {', '.join(raw[code])})", "keep only `severity:` for this rule")
            continue
        try:
            options[code] = rule.options.model_validate(raw[code])
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise config_error(f"rules: {rule.name}: option {where}: {first['msg']}",
                               f"options are: {', '.join(rule.options.model_fields)}") from None
    return Settings(severity, options)


def lint(
    source: Source,
    config: PortfolioConfig,
    as_of: dt.date,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> LintResult:
    """Check a whole portfolio. ``select``/``ignore`` take rule codes (already resolved)."""
    settings = resolve_settings(config)
    # Every enabled rule runs: a selection narrows the report, not what suppressions and
    # overlapping rules see, so a selected finding reads the same as in the full report.
    active = frozenset(code for code, level in settings.severity.items() if level is not None)
    chosen = (set(select) or set(REGISTRY)) - set(ignore)
    loaded = load_portfolio(source, config)
    findings = loaded.findings + list(_run_rules(loaded, settings, active, as_of))
    findings = _apply_suppressions(loaded, findings)
    diagnostics = [
        _locate(finding, REGISTRY[finding.code], level, loaded)
        for finding in findings
        if finding.code in chosen and (level := settings.severity[finding.code]) is not None
    ]
    return LintResult(sort_diagnostics(diagnostics), loaded)


def _run_rules(loaded: Loaded, settings: Settings, active: frozenset[str], as_of: dt.date) -> Iterable[Finding]:
    portfolio = loaded.portfolio
    for code, rule in REGISTRY.items():
        if rule.check is None or code not in active:
            continue
        ctx = Context(portfolio, as_of, settings.options, active, settings.options.get(code))
        if rule.scope == "portfolio":
            for hit in rule.check(ctx):
                yield _finding(code, hit, hit.partnership)
        else:
            for partnership in portfolio.partnerships:
                for hit in rule.check(partnership, ctx):
                    yield _finding(code, hit, partnership.id)


def _finding(code: str, hit: Hit, partnership: str) -> Finding:
    return Finding(code, hit.file, hit.message, hit.hint, hit.path, partnership=partnership)


def _apply_suppressions(loaded: Loaded, findings: list[Finding]) -> list[Finding]:
    """Drop findings a partnership suppressed; report reasonless and unused suppressions."""
    kept = findings
    for partnership in loaded.portfolio.partnerships:
        if partnership.charter is None:
            continue
        charter = partnership.file("charter.yaml")
        for i, suppression in enumerate(partnership.charter.suppress):
            rule = find_rule(suppression.rule)
            where = ("suppress", i)
            if rule is None:
                kept.append(Finding(UNUSED_SUPPRESSION, charter, f"suppression names {suppression.rule!r}, which is not a rule",
                                    "use a code or name from `partnerkit rules`", (*where, "rule"), partnership=partnership.id))
                continue
            if not (suppression.reason or "").strip():
                kept.append(Finding(NO_REASON, charter, f"suppression of {rule.name} gives no reason",
                                    "add `reason:` saying why the rule does not apply here", where, partnership=partnership.id))
            before = len(kept)
            kept = [f for f in kept if not (f.code == rule.code and f.partnership == partnership.id)]
            if len(kept) == before:
                kept.append(Finding(UNUSED_SUPPRESSION, charter, f"{rule.name} finds nothing in this partnership, so its suppression is unused",
                                    "delete the suppression", where, partnership=partnership.id))
    return kept


def _locate(finding: Finding, rule: Rule, severity: Severity, loaded: Loaded) -> Diagnostic:
    line, column = (finding.line, finding.column) if finding.line else loaded.position(finding.file, finding.path)
    return Diagnostic(rule.code, rule.name, severity, finding.message, finding.file, line, column, finding.hint, finding.partnership)
