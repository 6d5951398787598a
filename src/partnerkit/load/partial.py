"""Validate a file entry by entry: an invalid entry is left out of the model, not the whole file.

A schema error inside one entry of a collection (an agreement, a risk, a KPI, an activity, an
action, a review, a measurement, an objective, a contact, an escalation step, a suppression, a
renewal criterion, a bucket's rating, a person, an SLA, fee, incentive or penalty, a plan's
bucket, target or commitment) leaves that entry out; an unknown key, and an optional field whose
value is of the wrong kind, are left out as if they were not written. Every error is reported
either way. Only an error that no entry or optional field contains (a charter's ``stage``, a
KPI's ``name`` is inside the KPI, so that one is contained) leaves the whole file without a model.

What was left out is returned as an :class:`Omitted`, so that rules and locations can tell.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from partnerkit.diagnostics import DataPath
from partnerkit.load.schema_errors import SchemaProblem, explain, model_at
from partnerkit.model.actions import ActionPlan
from partnerkit.model.agreements import Agreement, AgreementSet
from partnerkit.model.charter import Charter, Governance
from partnerkit.model.financials import Financials
from partnerkit.model.kpis import Kpi, KpiSet
from partnerkit.model.omitted import Omitted
from partnerkit.model.people import People
from partnerkit.model.plan import BucketPlan, Plan
from partnerkit.model.raci import Raci
from partnerkit.model.reviews import ReviewLog
from partnerkit.model.risks import RiskRegister
from partnerkit.model.status import Status

M = TypeVar("M", bound=BaseModel)

ENTRIES: frozenset[tuple[type[BaseModel], str]] = frozenset(
    {
        (Raci, "activities"),
        (RiskRegister, "risks"),
        (KpiSet, "kpis"),
        (Kpi, "measurements"),
        (AgreementSet, "agreements"),
        (ActionPlan, "actions"),
        (ReviewLog, "reviews"),
        (Status, "buckets"),
        (Charter, "objectives"),
        (Charter, "contacts"),
        (Charter, "suppress"),
        (Charter, "renewal_criteria"),
        (Governance, "escalation"),
        (People, "people"),
        (Agreement, "sla"),
        (Agreement, "fees"),
        (Agreement, "incentives"),
        (Agreement, "penalties"),
        (Plan, "buckets"),
        (BucketPlan, "targets"),
        (BucketPlan, "commitments"),
        (Financials, "entries"),
    }
)
"""(model, field): the collections whose entries are left out one by one when invalid."""

_ITEM, _FIELD = "item", "field"


def validate_entries(model: type[M], data: dict[str, Any]) -> tuple[M | None, list[SchemaProblem], Omitted | None]:
    """The model of ``data`` (a mapping), every schema problem in it, and what was left out of
    the model to make it valid (None when nothing was). The model is None when an error is not
    inside any entry or optional field; ``data`` is never changed."""
    try:
        return model.model_validate(data), [], None
    except ValidationError as error:
        problems = list(explain(error, data, model))
        targets = [_target(model, data, tuple(e["loc"]), e["type"]) for e in error.errors(include_url=False)]
    if any(target is None for target in targets):
        return None, problems, None
    items = {path for kind, path in filter(None, targets) if kind == _ITEM}
    fields = {path for kind, path in filter(None, targets) if kind == _FIELD}
    items, fields = _outermost(items, fields)
    kept = {
        parent: tuple(i for i in range(len(container)) if (*parent, i) not in items)
        for parent in {path[:-1] for path in items if isinstance(path[-1], int)}
        if isinstance(container := _follow(data, parent), list)
    }
    repaired = _without(data, items | fields)
    try:
        return (
            model.model_validate(repaired),
            problems,
            Omitted(tuple(sorted(items, key=repr)), tuple(sorted(fields, key=repr)), kept),
        )
    except ValidationError:  # leaving the entries out did not suffice: nothing narrower than the file
        return None, problems, None


def _target(model: type[BaseModel], data: Any, loc: DataPath, kind: str) -> tuple[str, DataPath] | None:
    """What to leave out for one error: (``"item"``, the entry), (``"field"``, the key), or None."""
    path = _existing(loc, data)
    if kind == "extra_forbidden" and path == loc:
        return _FIELD, path
    if path == loc and path and kind != "missing" and _optional(model, path):
        # a wrong value of an optional field: as if it were not there, unless the field holds a
        # collection of entries, whose entries are then all unknown
        return (_ITEM if _collection(model, path) else _FIELD), path
    for end in range(len(path), 1, -1):
        if _collection(model, path[: end - 1]):
            return _ITEM, path[:end]
    return None


def _collection(model: type[BaseModel], path: DataPath) -> bool:
    """``path`` leads to a field that holds a collection of entries (see ENTRIES)."""
    if not path or not isinstance(path[-1], str):
        return False
    owner = model_at(model, path[:-1])
    return isinstance(owner, type) and any(
        issubclass(owner, kind) and _field_name(owner, path[-1]) == name for kind, name in ENTRIES
    )


def _optional(model: type[BaseModel], path: DataPath) -> bool:
    owner = model_at(model, path[:-1])
    if not (isinstance(path[-1], str) and isinstance(owner, type) and issubclass(owner, BaseModel)):
        return False
    name = _field_name(owner, path[-1])
    return name is not None and not owner.model_fields[name].is_required()


def _field_name(owner: type[BaseModel], key: str) -> str | None:
    """The model field that the data key ``key`` sets (by name or alias)."""
    if key in owner.model_fields:
        return key
    return next((name for name, info in owner.model_fields.items() if info.alias == key), None)


def _existing(loc: DataPath, data: Any) -> DataPath:
    """The longest prefix of ``loc`` that exists in the data."""
    path: list[str | int] = []
    for step in loc:
        if isinstance(data, list):
            inside = isinstance(step, int) and 0 <= step < len(data)
        else:
            inside = isinstance(data, dict) and step in data
        if not inside:
            break
        data = data[step]
        path.append(step)
    return tuple(path)


def _follow(data: Any, path: DataPath) -> Any:
    for step in path:
        data = data[step]
    return data


def _outermost(items: set[DataPath], fields: set[DataPath]) -> tuple[set[DataPath], set[DataPath]]:
    """Leave out only what no other left-out part contains (two errors in one entry leave it out once)."""
    every = items | fields

    def inside(path: DataPath) -> bool:
        return any(path[:end] in every for end in range(len(path)))

    return {p for p in items if not inside(p)}, {p for p in fields if not inside(p)}


def _without(data: dict[str, Any], paths: Iterable[DataPath]) -> dict[str, Any]:
    """A copy of ``data`` without ``paths``, none inside another. The deepest go first and, in
    one list, the last first, so that no removal moves a path still to be removed."""
    copied = copy.deepcopy(data)
    for path in sorted(paths, key=lambda p: (-len(p), repr(p[:-1]), -p[-1] if isinstance(p[-1], int) else 0)):
        del _follow(copied, path[:-1])[path[-1]]
    return copied
