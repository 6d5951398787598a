"""Translate pydantic's validation errors into plain words about partnership records."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from partnerkit.diagnostics import INVALID_VALUE, MISSING_FIELD, UNKNOWN_KEY, DataPath
from partnerkit.model.common import URL_ERROR

# (code, message, hint, path into the data)
SchemaProblem = tuple[str, str, str, DataPath]


_ITEM_NOUNS = {
    "activities": "activity",
    "risks": "risk",
    "kpis": "KPI",
    "agreements": "agreement",
    "actions": "action",
    "reviews": "review",
    "objectives": "objective",
    "measurements": "measurement",
    "contacts": "contact",
    "escalation": "escalation step",
    "buckets": "bucket",
    "people": "person",
    "commitments": "commitment",
    "targets": "target",
    "sla": "SLA",
    "tiers": "tier",
    "incentives": "incentive",
    "penalties": "penalty",
    "fees": "fee",
    "suppress": "suppression",
    "renewal_criteria": "renewal criterion",
}
_VOCABULARIES = {
    "stage": "a lifecycle stage",
    "type": "a partnership type",
    "rag": "a rating (green, amber or red)",
    "direction": "a direction (up: higher is better; down: lower is better)",
    "kind": "a known kind",
    "category": "a risk category",
    "status": "a known status",
    "state": "an action state",
    "period": "a measurement period",
    "cadence": "a review cadence",
    "decision": "a renewal decision",
}
_KINDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping (lines of 'key: value')",
    "model_type": "a mapping (lines of 'key: value')",
    "model_attributes_type": "a mapping (lines of 'key: value')",
}


def explain(error: ValidationError, data: Any, model: type[BaseModel]) -> Iterator[SchemaProblem]:
    """One problem per pydantic error, located at the deepest part of its path in the data."""
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        path = _existing(loc, data)
        where = _where(path, data)
        field = str(loc[-1]) if loc else "the file"
        given = _show(item.get("input"))
        if kind == "missing":
            yield (
                MISSING_FIELD,
                f"{where}`{field}` is missing",
                f"add a line `{field}: ...`{_describe(model, loc)}",
                path,
            )
        elif kind == "extra_forbidden":
            allowed = _fields(model, loc[:-1])
            close = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else f"allowed keys here: {', '.join(allowed)}"
            yield UNKNOWN_KEY, f"{where}unknown key `{field}`", hint, path
        else:
            message, hint = _invalid(kind, item, field, given)
            if len(loc) > 1 and isinstance(loc[-1], int) and loc[-2] in _ITEM_NOUNS:
                # a bare entry of a list (a renewal criterion): `where` already names it
                message = message.replace(f"`{field}` is ", "", 1).replace(f"`{field}`", "it", 1)
            yield INVALID_VALUE, f"{where}{message}", hint, path


def _invalid(kind: str, item: Any, field: str, given: str) -> tuple[str, str]:
    ctx = item.get("ctx") or {}
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(item.get("input")).lower(), allowed, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`? " if close else ""
        noun = _VOCABULARIES.get(field, "one of the allowed values")
        return f"`{field}` is {given}, which is not {noun}", f"{hint}use one of: {', '.join(allowed)}"
    if kind == "value_error":
        reason = str(ctx.get("error", item["msg"]))
        if "date" in reason:
            return f"`{field}` is {given}: {reason}", "write a real date as YYYY-MM-DD, e.g. 2026-03-31"
        return f"`{field}` is {given}: {reason}", "correct the value"
    if kind == URL_ERROR:
        return f"`{field}` is {given}, which cannot be a link: {ctx['reason']}", str(ctx["hint"])
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"`{field}` is {given}, out of range ({item['msg'].lower()})", "use a value in the allowed range"
    if kind == "string_pattern_mismatch":
        return f"`{field}` is {given}, not a valid id", "use lowercase letters, digits and hyphens, e.g. acme-cloud"
    if kind in ("string_too_short", "too_short"):
        return f"`{field}` is empty", "write a value, or delete the line"
    if kind in ("too_long", "string_too_long"):
        return f"`{field}` is too long", item["msg"]
    expected = _KINDS.get(kind, item["msg"].lower().removeprefix("input should be "))
    hint = 'quote it to make it text, e.g. "2026"' if expected == "text" else f"write {expected}"
    return f"`{field}` should be {expected}, not {given}", hint


def _existing(loc: tuple[Any, ...], data: Any) -> DataPath:
    """The longest prefix of ``loc`` that exists in the data."""
    path: list[Any] = []
    for step in loc:
        if (isinstance(data, dict) and step in data) or (
            isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        ):
            data = data[step]
        else:
            break
        path.append(step)
    return tuple(path)


def _where(path: DataPath, data: Any) -> str:
    """'In KPI 'pipeline', measurement #2: ' for a path inside list items of a file."""
    labels = []
    for index in range(1, len(path)):
        container, step = path[index - 1], path[index]
        if container in _ITEM_NOUNS:
            item = _follow(data, path[: index + 1])
            label = item.get("id") if isinstance(item, dict) else None
            if isinstance(label, (str, int)) and not isinstance(label, bool) and label != "":
                labels.append(f"{_ITEM_NOUNS[container]} {str(label)!r}")
            else:
                labels.append(f"{_ITEM_NOUNS[container]} " + (f"#{step + 1}" if isinstance(step, int) else repr(step)))
    return f"in {', '.join(labels)}: " if labels else ""


def _follow(data: Any, path: DataPath) -> Any:
    for step in path:
        data = data[step]
    return data


def _show(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def model_at(model: Any, loc: tuple[Any, ...]) -> Any:
    """The type found by following ``loc`` through the model's fields, or None."""
    current = model
    for step in loc:
        current = unwrap(current)
        if isinstance(step, str) and isinstance(current, type) and issubclass(current, BaseModel):
            field = _keys(current).get(step)
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        else:
            return None
    return unwrap(current)


def unwrap(kind: Any) -> Any:
    """Strip Optional and Annotated so the model or container type shows."""
    while True:
        origin = typing.get_origin(kind)
        if origin is typing.Annotated:
            kind = typing.get_args(kind)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(kind) if a is not type(None)]
            if len(options) != 1:
                return kind
            kind = options[0]
        else:
            return kind


def _keys(model: type[BaseModel]) -> dict[str, Any]:
    """The model's fields by the key a file writes: the alias where there is one (``from``)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    found = model_at(model, loc)
    return list(_keys(found)) if isinstance(found, type) and issubclass(found, BaseModel) else []


def _describe(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    parent = model_at(model, loc[:-1])
    if isinstance(parent, type) and issubclass(parent, BaseModel) and isinstance(loc[-1], str):
        field = _keys(parent).get(loc[-1])
        if field is not None and field.description:
            return f" ({field.description[0].lower()}{field.description[1:].rstrip('.')})"
    return ""
