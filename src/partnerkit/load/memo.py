"""What checking one revision of a portfolio lends the next.

Git names every file by a hash of its content (its blob id). Across the revisions of a
history, or the two ends of a diff, most files are the same, so anything computed from them
alone is reused instead of redone: parsed data, validated partnerships with what loading them
found, partnership-rule findings, the positions of findings, located diagnostics and scores. A Memo lives for
one command. The working tree has no content ids, so checking it never reads or fills one.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Memo:
    layouts: dict[tuple[str, ...], Any] = field(
        default_factory=dict
    )  # a source's files -> how they group into partnerships
    parsed: dict[Hashable, Any] = field(default_factory=dict)  # (blob id, size limit) -> parsed data (never mutated)
    maps: dict[str, Any] = field(default_factory=dict)  # blob id -> {path: (line, column)} found so far
    located: dict[Hashable, Any] = field(default_factory=dict)  # (finding, severity, blob id) -> Diagnostic
    partnerships: dict[Hashable, Any] = field(default_factory=dict)  # content key -> what loading it gave
    findings: dict[Hashable, list[Any]] = field(default_factory=dict)  # (content key, context) -> rule findings
    healths: dict[Hashable, Any] = field(default_factory=dict)  # (partnership, findings, config) -> Health
