"""Problems found while reading files. The loader reports them; they are registered here so
that they have names, docs, severities and suppression like every other rule."""

from __future__ import annotations

from partnerkit import diagnostics as codes
from partnerkit.diagnostics import Severity
from partnerkit.rules.base import Rule, register

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def _loader_rule(code: str, name: str, severity: Severity, summary: str, why: str, bad: str, good: str) -> None:
    register(Rule(code, name, severity, summary, why, bad, good, "loader"))


_loader_rule(
    codes.YAML_SYNTAX,
    "yaml-syntax",
    ERROR,
    "The file is not valid YAML, or uses YAML features partnerkit refuses.",
    "A file that cannot be parsed cannot be checked at all. partnerkit also reports duplicate keys (other YAML "
    "tools keep only the last one, silently; partnerkit checks the first and says so), and refuses explicit tags "
    "such as !!python/object (they can run code in other tools), several documents in one file, and recursive or "
    "runaway aliases.",
    "risks:\n  - id: R1\n    title: Partner key engineer leaves\n    title: Key engineer leaves",
    "risks:\n  - id: R1\n    title: Key engineer leaves",
)
_loader_rule(
    codes.INVALID_VALUE,
    "schema-invalid-value",
    ERROR,
    "A value has the wrong type or is not one of the allowed values.",
    "Scores, reports and other rules rely on values meaning what they say: a stage must be a known stage, "
    "a likelihood a number from 1 to 5, a date a real date.",
    "stage: actve\nlikelihood: high\ndue: 2026-02-30",
    "stage: active\nlikelihood: 4\ndue: 2026-02-28",
)
_loader_rule(
    codes.MISSING_FIELD,
    "schema-missing-field",
    ERROR,
    "A field the record cannot do without is missing.",
    "Some fields identify a record (a risk's id, a KPI's bucket); without them nothing else can be checked.",
    "kpis:\n  - id: pipeline\n    name: Partner-sourced pipeline",
    "kpis:\n  - id: pipeline\n    name: Partner-sourced pipeline\n    bucket: Monetize",
)
_loader_rule(
    codes.UNKNOWN_KEY,
    "schema-unknown-key",
    ERROR,
    "A key that partnerkit does not know, usually a typo.",
    "A misspelt key is silently ignored by most tools, so the value you wrote would never be checked or shown.",
    "kpis:\n  - id: pipeline\n    traget: 2000000",
    "kpis:\n  - id: pipeline\n    target: 2000000",
)
_loader_rule(
    codes.UNREADABLE,
    "file-unreadable",
    ERROR,
    "The file cannot be read: not UTF-8, control characters, too large, or a link.",
    "partnerkit reads plain UTF-8 text files only, so that every editor, diff and review shows the same thing.",
    "(a charter.yaml saved as Windows-1252 with a stray byte 0x92 in the partner's name)",
    "(the same file saved as UTF-8)",
)
_loader_rule(
    codes.CONFIG_INVALID,
    "config-invalid",
    ERROR,
    "partnerkit.yaml is broken, so the portfolio cannot be checked (exit code 2).",
    "The config decides buckets, tiers and rule settings; checking with a half-read config would mislead. "
    "This is the one problem that stops the run; it cannot be suppressed.",
    "rules:\n  risk-high-unmitgated: off",
    "rules:\n  risk-high-unmitigated: off",
)
_loader_rule(
    codes.ID_MISMATCH,
    "id-folder-mismatch",
    ERROR,
    "The charter's id differs from the partnership's folder name.",
    "The folder name is how people and tools find a partnership; two names for one thing drift apart.",
    "# partnerships/acme-cloud/charter.yaml\nid: acme",
    "# partnerships/acme-cloud/charter.yaml\nid: acme-cloud",
)
_loader_rule(
    codes.DUPLICATE_ID,
    "duplicate-partnership-id",
    ERROR,
    "Two partnerships share one id.",
    "Reports, history and diffs follow partnerships by id; two with one id would be merged or confused.",
    "# partnerships/acme/charter.yaml and partnerships/acme-2/charter.yaml\nid: acme",
    "# partnerships/acme-2/charter.yaml\nid: acme-2",
)
_loader_rule(
    codes.MISSING_FILE,
    "missing-required-file",
    ERROR,
    "A required file (charter, raci, risks, kpis, status, people) is missing.",
    "Every partnership is managed on the same five records; a missing one is a gap in how it is run.",
    "partnerships/acme/\n  charter.yaml\n  status.yaml",
    "partnerships/acme/\n  charter.yaml\n  raci.yaml\n  risks.yaml\n  kpis.yaml\n  status.yaml",
)
_loader_rule(
    codes.UNKNOWN_FILE,
    "unknown-file",
    WARNING,
    "A file in a partnership folder that partnerkit does not know.",
    "Usually a misnamed file (kpi.yaml, risks.yml) whose content would never be checked.",
    "partnerships/acme/kpi.yaml",
    "partnerships/acme/kpis.yaml",
)
_loader_rule(
    codes.NO_REASON,
    "suppression-without-reason",
    WARNING,
    "A partnership suppresses a rule without saying why.",
    "A suppression is a decision; the reason is what lets the next reviewer agree with it or undo it.",
    "suppress:\n  - rule: missing-nda",
    "suppress:\n  - rule: missing-nda\n"
    "    reason: Covered by the NDA in the parent company's MSA (see legal ticket 4411).",
)
_loader_rule(
    codes.UNUSED_SUPPRESSION,
    "unused-suppression",
    WARNING,
    "A partnership suppresses a rule that finds nothing there (or that does not exist).",
    "Stale suppressions hide future findings that nobody decided to accept.",
    "suppress:\n  - rule: risk-high-unmitigated\n    reason: Mitigation in progress",
    "(delete the suppression once the risk has a mitigation)",
)
