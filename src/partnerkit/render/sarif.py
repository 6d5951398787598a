"""SARIF 2.1.0: the format GitHub code scanning (and other dashboards) import.

The whole rule catalogue goes into ``tool.driver.rules`` so a viewer can explain any code,
and each result carries a ``partialFingerprints`` entry that ignores line numbers, so a
finding keeps its identity across runs when lines above it move.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, TextIO
from urllib.parse import quote

from partnerkit import __version__
from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.render import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/partnerkit/partnerkit"
FINGERPRINT = "partnerkit/v1"
"""The ``partialFingerprints`` key; bump its version if the hashed fields ever change."""

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_descriptors() -> list[dict[str, Any]]:
    """Every registered rule as a SARIF ``reportingDescriptor``, in code order."""
    from partnerkit.rules import REGISTRY

    return [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.why},
            "help": {
                "text": f"{r.summary}\n\nWhy: {r.why}\n\nBad:\n{r.bad}\n\nGood:\n{r.good}",
                "markdown": f"{r.summary}\n\n**Why:** {r.why}\n\n"
                f"**Bad:**\n\n```yaml\n{r.bad}\n```\n\n**Good:**\n\n```yaml\n{r.good}\n```",
            },
            "defaultConfiguration": {"level": _LEVEL[r.severity]},
        }
        for r in REGISTRY.values()
    ]


def artifact_uri(path: str) -> str:
    """``path`` as a relative URI reference: percent-encoded, so that a space, ``%``, ``#`` or
    a ``:`` in the first segment (which would read as a URI scheme) keeps its meaning."""
    return quote(path, safe="/", errors="surrogateescape")


def _fingerprint(d: Diagnostic, occurrence: int) -> str:
    digest = hashlib.sha256("\0".join((d.code, d.path, d.message)).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{digest}:{occurrence}"


def result(d: Diagnostic, index: int, occurrence: int) -> dict[str, Any]:
    """One SARIF result; the region only when the line is known (SARIF forbids 0)."""
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(d.path), "uriBaseId": "%SRCROOT%"}}
    if d.line > 0:
        location["region"] = {"startLine": d.line, **({"startColumn": d.column} if d.column > 0 else {})}
    return {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": _LEVEL[d.severity],
        "message": {"text": f"{d.message}\nhint: {d.hint}" if d.hint else d.message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {FINGERPRINT: _fingerprint(d, occurrence)},
    }


def document(report: Report) -> dict[str, Any]:
    """The SARIF log for ``report``: one run of partnerkit."""
    rules = rule_descriptors()
    index = {r["id"]: i for i, r in enumerate(rules)}
    for d in report.diagnostics:  # a code the catalogue lacks still needs a rule to point at
        if d.code not in index:
            index[d.code] = len(rules)
            rules.append(
                {
                    "id": d.code,
                    "name": d.name,
                    "shortDescription": {"text": d.name},
                    "defaultConfiguration": {"level": _LEVEL[d.severity]},
                }
            )
    seen: Counter[tuple[str, str, str]] = Counter()
    results = []
    for d in report.diagnostics:
        key = (d.code, d.path, d.message)
        results.append(result(d, index[d.code], seen[key]))
        seen[key] += 1
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "partnerkit",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, stream: TextIO, colour: bool = False) -> None:
    # ASCII-only JSON: the file stays valid UTF-8 whatever encoding the stream was opened with.
    json.dump(document(report), stream, indent=2)
    stream.write("\n")
