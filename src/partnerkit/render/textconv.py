"""`partnerkit textconv FILE`: a partnership file as one fact a line, for plain `git diff`.

Git runs this on both versions of a file (a "textconv" driver) and diffs the results, so a
reviewer reading `git diff`, `git log -p` or `git show` sees ``risk R1 likelihood: 4`` turn into
``risk R1 likelihood: 2`` instead of reindented YAML. Lines are sorted, so moving a block around
shows no change; list items are named by their id (or date), not their position. A file that
does not read as its kind falls back to its raw text, so git always has something to show.

Git shows what this prints as it is, in the reviewer's terminal, so every line goes through
``terminal_text.visible``: a title holding ESC (``"\\x1b[2J"`` in the YAML) is printed as
``\\x1b[2J``; so is one in the raw text of a file that does not read (line breaks and tabs
stay there, CRLF becomes LF).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from partnerkit.load.text import decode
from partnerkit.load.yaml12 import parse
from partnerkit.model.people import People
from partnerkit.model.portfolio import PARTNERSHIP_FILES
from partnerkit.render.terminal_text import visible

_SINGULAR = {
    "activities": "activity",
    "risks": "risk",
    "kpis": "kpi",
    "agreements": "agreement",
    "actions": "action",
    "reviews": "review",
    "objectives": "objective",
    "measurements": "measurement",
    "contacts": "contact",
    "escalation": "escalation",
    "buckets": "status",
    "people": "person",
    "targets": "target",
    "commitments": "commitment",
    "milestones": "milestone",
    "sla": "sla",
    "tiers": "tier",
    "fees": "fee",
    "incentives": "incentive",
    "penalties": "penalty",
    "entries": "entry",
}
_EACH = {"renewal_criteria": "renewal criterion"}
"""Lists of text whose items are facts of their own, one a line, so adding one shows as one line."""


def textconv(name: str, raw: bytes) -> str:
    """The fact lines of a file named ``name`` (e.g. risks.yaml), or its text as it is."""
    text = decode(raw)
    if not isinstance(text, str):
        return _raw(raw.decode("utf-8", "replace"))
    model = PARTNERSHIP_FILES.get(name) or (People if name == "people.yaml" else None)
    data = parse(text)
    if model is None or not isinstance(data, dict):
        return _raw(text)
    try:
        valid = model.model_validate(data)
        dumped = valid.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)
    except ValidationError:
        return _raw(text)
    if name == "plan.yaml":  # a plan's buckets hold its objectives, targets and commitments, not ratings
        dumped = {("bucket" if key == "buckets" else key): value for key, value in dumped.items()}
    return "".join(f"{visible(line)}\n" for line in sorted(_facts([], dumped)))


def _raw(text: str) -> str:
    """A file's own text, with control characters other than line breaks and tabs shown as escapes."""
    return visible(text.replace("\r\n", "\n"), keep="\t\n")


def _facts(path: list[str], value: Any) -> list[str]:
    if isinstance(value, dict):
        return [fact for key, item in value.items() for fact in _facts([*path, _label(path, key)], item)]
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            noun = _SINGULAR.get(path[-1], path[-1]) if path else "item"
            facts = []
            for i, item in enumerate(value):
                key = next((k for k in ("id", "date", "name", "level", "kpi", "from") if k in item), None)
                label = f"from {_show(item[key])}" if key == "from" else str(item[key]) if key else f"#{i + 1}"
                rest = {k: v for k, v in item.items() if k != key}
                facts += (
                    _facts([*path[:-1], f"{noun} {label}"], rest)
                    if rest
                    else [f"{' '.join([*path[:-1], noun])}: {label}"]
                )
            return facts
        if not value:
            return []
        if path and path[-1] in _EACH:  # conditions ('K2 >= 80% of plan') hold no quote, colon or comma
            return [f"{' '.join([*path[:-1], _EACH[path[-1]]])}: {item}" for item in value]
        return [f"{' '.join(path)}: {', '.join(_show(item) for item in value)}"]
    return [f"{' '.join(path)}: {_show(value)}"]


def _label(path: list[str], key: str) -> str:
    """``buckets: {Monetize: ...}`` reads as ``status Monetize``; other keys read as themselves."""
    return f"{_SINGULAR[key]}" if not path and key in ("buckets", "people") else key


def _show(value: Any) -> str:
    if isinstance(value, str):
        return (
            '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
            if (not value or any(ch in value for ch in ' "\n:,#'))
            else value
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).lower() if isinstance(value, bool) else str(value)


def textconv_file(path: Path) -> str:
    return textconv(path.name, path.read_bytes())
