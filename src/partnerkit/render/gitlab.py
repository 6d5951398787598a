"""GitLab Code Quality: a JSON array that GitLab shows inline on a merge request's changes.

Each finding's ``fingerprint`` is a hash of what it is about (rule, file, partnership, message),
not of its line: GitLab compares the fingerprints of the base and the head, so a finding that
merely moved with the lines around it is not reported as new. Two identical findings in one file
are told apart by their order.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TextIO

from partnerkit.diagnostics import Severity
from partnerkit.render import Report
from partnerkit.render.terminal_text import json_safe

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report, stream: TextIO, colour: bool = False) -> None:
    seen: Counter[tuple[str, ...]] = Counter()
    issues = []
    for d in report.diagnostics:
        subject = (d.code, d.path, d.partnership, d.message)
        seen[subject] += 1
        fingerprint = hashlib.sha256("\0".join((*subject, str(seen[subject]))).encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "description": f"{d.message} (hint: {d.hint})" if d.hint else d.message,
                "check_name": f"{d.code} {d.name}",
                "fingerprint": fingerprint,
                "severity": SEVERITY[d.severity],
                "location": {"path": d.path, "lines": {"begin": max(d.line, 1)}},
            }
        )
    stream.write(json_safe(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n")
