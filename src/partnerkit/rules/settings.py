"""Each rule's effective severity and options: the defaults, as tuned by partnerkit.yaml."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from partnerkit.diagnostics import DataPath, Severity
from partnerkit.model.config import PortfolioConfig
from partnerkit.rules.base import REGISTRY, Rule, find_rule

LEVELS = ("error", "warning", "info", "off")
NAMES = "names"
"""An option's ``json_schema_extra`` key saying what its values name: ``bucket`` or ``tier``,
which must each be one of partnerkit.yaml's, e.g. ``Field(..., json_schema_extra={NAMES: "bucket"})``."""


class SettingsError(Exception):
    """A ``rules:`` entry that cannot be applied, at ``path`` in partnerkit.yaml."""

    def __init__(self, path: DataPath, message: str, hint: str) -> None:
        super().__init__(message)
        self.path, self.message, self.hint = path, message, hint


@dataclass(frozen=True)
class Settings:
    severity: dict[str, Severity | None]
    """None when the rule is off."""
    options: dict[str, Any]


def resolve_settings(config: PortfolioConfig) -> Settings:
    severity: dict[str, Severity | None] = {code: r.severity for code, r in REGISTRY.items()}
    raw: dict[str, dict[str, Any]] = {code: {} for code in REGISTRY}
    keys: dict[str, str] = {}
    for key, value in config.rules.items():
        found = find_rule(key)
        if found is None:
            close = difflib.get_close_matches(key, [r.name for r in REGISTRY.values()], n=1)
            raise SettingsError(
                ("rules", key),
                f"rules: {key!r} is not a rule",
                f"did you mean {close[0]}?" if close else "see `partnerkit rules`",
            )
        keys[found.code] = key
        if not isinstance(value, (str, dict)):
            raise SettingsError(
                ("rules", key),
                f"rules: {key} should be a severity or a mapping of options, not {value!r}",
                f"write e.g. `{key}: warning` or `{key}: {{severity: warning}}`",
            )
        level = value if isinstance(value, str) else value.get("severity")
        if level is not None:
            if level not in LEVELS:
                raise SettingsError(
                    ("rules", key),
                    f"rules: {key}: severity {level!r} is not one of {', '.join(LEVELS)}",
                    f"use one of {', '.join(LEVELS)}",
                )
            severity[found.code] = None if level == "off" else Severity(level)
        if isinstance(value, dict):
            raw[found.code].update({k: v for k, v in value.items() if k != "severity"})
    options: dict[str, Any] = {}
    for code, rule in REGISTRY.items():
        if rule.options is None:
            if raw[code]:
                raise SettingsError(
                    ("rules", keys[code]),
                    f"rules: {rule.name} has no options (got {', '.join(raw[code])})",
                    "keep only `severity:` for this rule",
                )
            continue
        try:
            options[code] = rule.options.model_validate(raw[code])
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise SettingsError(
                ("rules", keys[code], *first["loc"]),
                f"rules: {rule.name}: option {where}: {first['msg']}",
                f"options are: {', '.join(rule.options.model_fields)}",
            ) from None
        _check_names(config, rule, raw[code], keys.get(code), severity[code] is None)
    return Settings(severity, options)


def option_names(rule: Rule, kind: str) -> Iterator[tuple[str, list[str]]]:
    """Each option of ``rule`` whose values name a ``kind`` (bucket, tier), with its default."""
    for name, field in rule.options.model_fields.items() if rule.options else ():
        extra = field.json_schema_extra
        if isinstance(extra, dict) and extra.get(NAMES) == kind:
            default = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
            yield name, list(default) if isinstance(default, (list, tuple)) else [default]


def _check_names(config: PortfolioConfig, rule: Rule, given: dict[str, Any], key: str | None, off: bool) -> None:
    """An option naming a bucket or tier that partnerkit.yaml does not have would quietly check
    nothing: an error at the option, or, when it is the rule's default that no longer fits
    (Monetize split into Market and Sell), at the list of buckets."""
    for kind, known in (("bucket", config.buckets), ("tier", config.tiers)):
        plural = f"{kind}s"
        for name, default in option_names(rule, kind):
            if name in given:
                value = given[name]
                values = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
                for i, item in values:
                    if item not in known:
                        close = difflib.get_close_matches(str(item), known, n=1)
                        raise SettingsError(
                            ("rules", key or rule.code, name, *(() if i is None else (i,))),
                            f"rules: {rule.name}: option {name}: {item!r} is not one of the {plural} "
                            f"({', '.join(known)})",
                            f"did you mean {close[0]}?" if close else f"name one of partnerkit.yaml's {plural}",
                        )
            elif not off and (missing := [d for d in default if d not in known]):
                raise SettingsError(
                    (plural,),
                    f"rules: {rule.name} ({rule.code}) checks the {kind} {', '.join(missing)} by default, "
                    f"which is not one of the {plural} any more, so it would check nothing",
                    f"say which {plural} it should check, e.g. `rules: {{{rule.name}: {{{name}: [{known[-1]}]}}}}`, "
                    f"or turn it off: `{rule.name}: off`",
                )
