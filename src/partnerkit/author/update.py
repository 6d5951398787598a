"""A spreadsheet's changed cells, applied to the partnerships they name (`import --update`).

The sheet is one that `partnerkit export` wrote (partnerships, risks, kpis or actions), edited
in a spreadsheet. Each row is compared with what the export would write today: a cell that
is the same is no change, so an exported sheet imported back changes nothing. A changed cell
in an editable column becomes an edit of the file that holds it (see
:mod:`partnerkit.author.roundtrip`), validated with the file's model before anything is
written; a changed cell in any other column is ignored with a note. Nothing here writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from partnerkit.author.roundtrip import Append, Edit, EditError, Set, apply_plain, edit_yaml
from partnerkit.author.spreadsheet import WHAT, cell, column_key, export_rows, uncell
from partnerkit.health import Health
from partnerkit.load.problems import ReadProblem
from partnerkit.load.schema_errors import explain
from partnerkit.load.source import Source
from partnerkit.load.text import decode
from partnerkit.load.yaml12 import parse
from partnerkit.model.actions import Action
from partnerkit.model.charter import Charter
from partnerkit.model.portfolio import PARTNERSHIP_FILES, Partnership, Portfolio
from partnerkit.model.risks import Risk
from partnerkit.model.status import BucketStatus


@dataclass(frozen=True)
class Sheet:
    """What the columns of one export mean to an update."""

    key: tuple[str, ...]  # the columns that name a row's record
    editable: tuple[str, ...]  # besides the partnerships sheet's bucket columns
    computed: tuple[str, ...]  # worked out by partnerkit: nothing to edit
    file: str  # where the records live ("" for the partnerships sheet: charter and status)
    noun: str = ""


SHEETS = {
    "partnerships": Sheet(
        ("id",),
        ("stage", "tier", "owner", "sponsor"),
        ("score", "band", "maturity", "next_renewal", "open_high_risks"),
        "",
    ),
    "risks": Sheet(("partnership", "id"), ("likelihood", "impact", "status"), ("exposure",), "risks.yaml", "risk"),
    "kpis": Sheet(("partnership", "id"), ("latest", "latest_date"), ("attainment_pct",), "kpis.yaml", "KPI"),
    "actions": Sheet(("partnership", "id"), ("state", "done"), (), "actions.yaml", "action"),
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass(frozen=True)
class RowUpdate:
    """One row of the sheet: what it changes, file by file, or why it cannot."""

    line: int  # the CSV line, header = 1
    label: str  # "acme", "acme risk R1"
    edits: dict[str, tuple[Edit, ...]]  # portfolio-relative file -> its edits
    problems: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Update:
    """The whole sheet: its rows, what the valid rows make of each file, and notes about the
    sheet. ``problems`` are files that could not be changed safely (nothing is written then)."""

    what: str
    rows: tuple[RowUpdate, ...]
    files: dict[str, bytes]
    notes: tuple[str, ...]
    problems: tuple[str, ...] = ()

    @property
    def invalid(self) -> tuple[RowUpdate, ...]:
        return tuple(r for r in self.rows if r.problems)

    @property
    def changed_rows(self) -> tuple[RowUpdate, ...]:
        return tuple(r for r in self.rows if r.edits and not r.problems)


class SheetError(ValueError):
    """The sheet as a whole cannot be read as an export: which one it is, or a --map column."""


def detect(columns: Sequence[str], buckets: Sequence[str]) -> str | None:
    """Which export a header is (by its column keys): the one whose columns it shares most
    of; None when it cannot be told."""
    keys = set(columns)
    if "partnership" not in keys:
        return "partnerships" if "id" in keys else None
    scores = {what: len(keys & set(known_columns(what, buckets)) - {"partnership", "id"}) for what in WHAT[1:]}
    best = max(scores.values())
    found = [what for what, score in scores.items() if score == best]
    return found[0] if best and len(found) == 1 else None


def known_columns(what: str, buckets: Sequence[str]) -> list[str]:
    """The column keys of one export, as :func:`column_key` makes them."""
    header, _ = export_rows(what, [], list(buckets), dt.date.min, 0)
    return [column_key(h) for h in header]


def plan_update(
    text: str,
    portfolio: Portfolio,
    healths: list[Health],
    as_of: dt.date,
    high: int,
    read: Callable[[str], bytes | ReadProblem],
    what: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> Update:
    """What importing ``text`` (CSV) over the portfolio would change. ``healths`` are the
    portfolio's (the export compared against), ``high`` the exposure of a high risk, ``read``
    gives a file's bytes; ``mapping`` maps a header to an export column."""
    first = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", ";", "\t") if d in first), ",")  # a European Excel writes ;
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, [])
    given = mapping or {}
    columns = [column_key(given.get(h, h)) for h in header]
    buckets = portfolio.config.buckets
    what = what or detect(columns, buckets)
    if what is None:
        raise SheetError(f"cannot tell which export this sheet is ({', '.join(SHEETS)}); say it with --what")
    if what not in SHEETS:
        raise SheetError(f"the {what} export is not applied from a spreadsheet; --update takes {', '.join(SHEETS)}")
    known = known_columns(what, buckets)
    for h, target in given.items():
        if column_key(target) not in known:
            raise SheetError(
                f"--map {h}={target}: {target!r} is not a column of the {what} export ({', '.join(known)})"
            )
    sheet = SHEETS[what]
    missing = [k for k in sheet.key if k not in columns]
    if missing:
        raise SheetError(f"the {what} sheet needs the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    export_header, export = export_rows(what, healths, buckets, as_of, high)
    current = {
        _row_key(what, row): dict(zip(map(column_key, export_header), map(_cell, row), strict=True)) for row in export
    }
    files = _Files(read)
    context = _Context(portfolio, {p.id: p for p in portfolio.partnerships}, as_of, files)
    rows: list[RowUpdate] = []
    seen: dict[tuple[str, ...], int] = {}
    last = reader.line_num
    for cells in reader:
        line, last = last + 1, reader.line_num  # where the row starts: a cell may hold line breaks
        if any(c.strip() for c in cells):
            rows.append(_row(what, sheet, dict(zip(columns, cells, strict=False)), current, context, line, seen))
    notes = list(_sheet_notes(what, sheet, header, columns, known))
    changed, problems = _write(rows, files)
    return Update(what, tuple(rows), changed, tuple(notes), tuple(problems))


def _cell(value: Any) -> str:
    return cell(value).strip()


def _row_key(what: str, row: list[Any]) -> tuple[str, ...]:
    return (str(row[0]),) if what == "partnerships" else (str(row[0]), str(row[1]))


def _sheet_notes(what: str, sheet: Sheet, header: list[str], columns: list[str], known: list[str]) -> Iterator[str]:
    computed = [h for h, c in zip(header, columns, strict=True) if c in sheet.computed]
    if computed:
        yield (
            f"{', '.join(computed)}: worked out by partnerkit, not edited from a spreadsheet; "
            f"{'this column is' if len(computed) == 1 else 'these columns are'} ignored"
        )
    unknown = [h for h, c in zip(header, columns, strict=True) if c not in known]
    if unknown:
        yield f"{', '.join(unknown)}: not a column of the {what} export; ignored"


@dataclass
class _Files:
    """Each file's bytes and data, read once."""

    read: Callable[[str], bytes | ReadProblem]
    raw: dict[str, bytes | ReadProblem] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)

    def bytes(self, path: str) -> bytes | ReadProblem:
        if path not in self.raw:
            self.raw[path] = self.read(path)
        return self.raw[path]

    def parsed(self, path: str) -> Any:
        if path not in self.data:
            raw = self.bytes(path)
            text = raw if isinstance(raw, ReadProblem) else decode(raw)
            self.data[path] = text if isinstance(text, ReadProblem) else parse(text)
        return self.data[path]


@dataclass(frozen=True)
class _Context:
    portfolio: Portfolio
    by_id: dict[str, Partnership]
    as_of: dt.date
    files: _Files


def _row(
    what: str,
    sheet: Sheet,
    values: dict[str, str],
    current: dict[tuple[str, ...], dict[str, str]],
    ctx: _Context,
    line: int,
    seen: dict[tuple[str, ...], int],
) -> RowUpdate:
    key = tuple(uncell(values.get(k, "")) for k in sheet.key)
    label = key[0] if what == "partnerships" else f"{key[0]} {sheet.noun} {key[1]}"

    def refused(*problems: str) -> RowUpdate:
        return RowUpdate(line, label, {}, problems, ())

    empty = [k for k, v in zip(sheet.key, key, strict=True) if not v]
    if empty:
        return refused(f"{' and '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty")
    if key in seen:
        return refused(f"{label} is on line {seen[key]} already")
    seen[key] = line
    p = ctx.by_id.get(key[0])
    if p is None:
        create = " (import without --update creates new partnerships)" if what == "partnerships" else ""
        return refused(f"there is no partnership {key[0]!r} in this portfolio{create}")
    now = current.get(key)
    if now is None:
        return refused(
            f"{p.id} has no {sheet.noun} {key[1]!r} in {sheet.file} (new ones are added there, not from a spreadsheet)"
            if what != "partnerships"
            else f"{p.id} cannot be read well enough to update (run partnerkit lint)"
        )
    changed = {c: uncell(v) for c, v in values.items() if c in now and not _same(now[c], v) and c not in sheet.key}
    editable = set(sheet.editable) | (
        _bucket_columns(ctx.portfolio.config.buckets) if what == "partnerships" else set()
    )
    notes = tuple(
        f"{c} is not changed from a spreadsheet (edit {_home(p, what, sheet)}); ignored"
        for c in changed
        if c not in editable and c not in sheet.computed
    )
    wanted = {c: v for c, v in changed.items() if c in editable}
    if not wanted:
        return RowUpdate(line, label, {}, (), notes)
    edits, problems = _EDITS[what](p, key, wanted, values, ctx)
    same = f"in {sheet.noun} {key[-1]!r}: "  # the row's label says which item already
    problems += [problem.removeprefix(same) for problem in _invalid(p, edits, ctx.files)]
    return RowUpdate(line, label, {} if problems else edits, tuple(problems), notes)


def _home(p: Partnership, what: str, sheet: Sheet) -> str:
    return p.file("charter.yaml") if what == "partnerships" else p.file(sheet.file)


def _same(before: str, after: str) -> bool:
    """Whether a cell says the same as the export: numbers by value, text whatever its spacing."""
    old, new = uncell(before), uncell(after)
    if old == new or " ".join(old.split()) == " ".join(new.split()):
        return True
    try:
        return float(old) == float(new)
    except ValueError:
        return False


def _bucket_columns(buckets: Sequence[str]) -> set[str]:
    return {column_key(f"{b}{suffix}") for b in buckets for suffix in ("", " evidence", " updated")}


def _invalid(p: Partnership, edits: dict[str, tuple[Edit, ...]], files: _Files) -> Iterator[str]:
    """What is wrong with the row's edits, by the files' models (nothing when they are valid)."""
    for path, changes in edits.items():
        name = path.rsplit("/", 1)[-1]
        if name not in p.present:
            yield f"{path} does not exist; create it first"
            continue
        if p.failed(name):
            yield f"{path} has errors (see partnerkit lint); fix them first"
            continue
        data = files.parsed(path)
        try:
            PARTNERSHIP_FILES[name].model_validate(apply_plain(data, changes))
        except EditError as error:
            yield f"{path}: {error}"
        except ValidationError as error:
            edited = apply_plain(data, changes)
            for _, message, hint, _ in explain(error, edited, PARTNERSHIP_FILES[name]):
                yield f"{message} ({hint})" if hint else message


def _write(rows: list[RowUpdate], files: _Files) -> tuple[dict[str, bytes], list[str]]:
    """Every file the valid rows change, with all their edits; and the files that could not be."""
    by_file: dict[str, list[Edit]] = {}
    for row in rows:
        if not row.problems:
            for path, changes in row.edits.items():
                by_file.setdefault(path, []).extend(changes)
    changed, problems = {}, []
    for path, edits in by_file.items():
        raw = files.bytes(path)
        result = raw if isinstance(raw, ReadProblem) else edit_yaml(raw, edits)
        if isinstance(result, ReadProblem):
            problems.append(f"{path}: {result.message}" + (f" ({result.hint})" if result.hint else ""))
        elif result != raw:
            changed[path] = result
    return changed, problems


# --- each sheet's editable columns -----------------------------------------------------------

Edits = dict[str, tuple[Edit, ...]]


def _value(text: str) -> Any:
    """A cell as YAML data: a date, a whole number, a number, or the text itself."""
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    for kind in (int, float):
        try:
            number = kind(text)
        except ValueError:
            continue
        return int(number) if isinstance(number, float) and number.is_integer() else number
    return text


def _partnership(
    p: Partnership, key: tuple[str, ...], wanted: dict[str, str], values: dict[str, str], ctx: _Context
) -> tuple[Edits, list[str]]:
    config = ctx.portfolio.config
    problems: list[str] = []
    charter: list[Edit] = []
    order = tuple(Charter.model_fields)
    for name in ("stage", "tier", "owner", "sponsor"):
        if name in wanted:
            value = wanted[name]
            if name == "tier" and value and value not in config.tiers:
                problems.append(f"tier {value!r} is not one of: {', '.join(config.tiers)}")
            handles = ctx.portfolio.handles
            if name in ("owner", "sponsor") and value and handles and value not in handles:
                problems.append(f"{name} {value!r} is not a handle in people.yaml")
            charter.append(Set((name,), value or None, order))
    status: list[Edit] = []
    ratings = p.status.buckets if p.status else {}
    for bucket in config.buckets:
        columns = [column_key(f"{bucket}{suffix}") for suffix in ("", " evidence", " updated")]
        if not any(c in wanted for c in columns):
            continue
        rag_column, evidence_column, updated_column = columns
        entry = ratings.get(bucket)
        rag = wanted.get(rag_column, entry.rag if entry else uncell(values.get(rag_column, "")))
        evidence = wanted.get(evidence_column, entry.evidence if entry else uncell(values.get(evidence_column, "")))
        updated: Any = wanted.get(updated_column)
        if updated is None and (rag_column in wanted or evidence_column in wanted):
            updated = ctx.as_of  # a rating changed today, unless the sheet says when
        if entry is not None and not rag:
            problems.append(f"{bucket}: a rating is not removed from a spreadsheet (edit {p.file('status.yaml')})")
            continue
        if entry is None:
            if not rag:
                problems.append(f"{bucket}: give a rating (green, amber or red) with its evidence and date")
                continue
            new = {"rag": rag, "evidence": evidence or None, "updated": _value(str(updated or ctx.as_of))}
            status.append(
                Set(("buckets", bucket), {k: v for k, v in new.items() if v is not None}, tuple(config.buckets))
            )
            continue
        order = tuple(BucketStatus.model_fields)
        if rag_column in wanted:
            status.append(Set(("buckets", bucket, "rag"), rag, order))
        if evidence_column in wanted:
            status.append(Set(("buckets", bucket, "evidence"), evidence or None, order))
        if updated is not None:
            status.append(Set(("buckets", bucket, "updated"), _value(str(updated)) if updated != "" else None, order))
    edits = {path: tuple(e) for path, e in ((p.file("charter.yaml"), charter), (p.file("status.yaml"), status)) if e}
    return edits, problems


def _index(items: Sequence[Any], item_id: str) -> int:
    return next(i for i, item in enumerate(items) if item.id == item_id)


def _risk(
    p: Partnership, key: tuple[str, ...], wanted: dict[str, str], values: dict[str, str], ctx: _Context
) -> tuple[Edits, list[str]]:
    risks = p.risks.risks if p.risks else []
    i = _index(risks, key[1])
    order = tuple(Risk.model_fields)
    edits: list[Edit] = [
        Set(("risks", i, name), _value(wanted[name]) if wanted[name] else None, order) for name in wanted
    ]
    if wanted.get("status") == "closed" and risks[i].is_open and risks[i].closed is None:
        edits.append(Set(("risks", i, "closed"), ctx.as_of, order))  # closed today: rule PK4 asks when
    return {p.file("risks.yaml"): tuple(edits)}, []


def _action(
    p: Partnership, key: tuple[str, ...], wanted: dict[str, str], values: dict[str, str], ctx: _Context
) -> tuple[Edits, list[str]]:
    actions = p.actions.actions if p.actions else []
    i = _index(actions, key[1])
    order = tuple(Action.model_fields)
    edits: list[Edit] = [Set(("actions", i, name), _value(wanted[name]) or None, order) for name in wanted]
    if wanted.get("state") == "done" and "done" not in wanted and actions[i].done is None:
        edits.append(Set(("actions", i, "done"), ctx.as_of, order))  # done today, unless the sheet says when
    return {p.file("actions.yaml"): tuple(edits)}, []


def _kpi(
    p: Partnership, key: tuple[str, ...], wanted: dict[str, str], values: dict[str, str], ctx: _Context
) -> tuple[Edits, list[str]]:
    kpis = p.kpis.kpis if p.kpis else []
    i = _index(kpis, key[1])
    latest = kpis[i].latest
    value, day = uncell(values.get("latest", "")), uncell(values.get("latest_date", ""))
    if not value or not day:
        return {}, [
            "latest and latest_date go together: a spreadsheet adds a new measurement, with its value and date "
            f"(remove or correct measurements in {p.file('kpis.yaml')})"
        ]
    when = _value(day)
    if latest is not None and isinstance(when, dt.date):
        if when == latest.date:
            return {}, [
                f"latest changed but latest_date is still {day}: give the date of the new measurement "
                f"(a past measurement is corrected in {p.file('kpis.yaml')})"
            ]
        if when < latest.date:
            return {}, [
                f"latest_date {day} is before the latest measurement ({latest.date}): only newer measurements "
                f"are added from a spreadsheet"
            ]
    measurement = {"date": when, "value": _value(value)}
    return {p.file("kpis.yaml"): (Append(("kpis", i, "measurements"), measurement),)}, []


_EDITS: dict[str, Callable[..., tuple[Edits, list[str]]]] = {
    "partnerships": _partnership,
    "risks": _risk,
    "kpis": _kpi,
    "actions": _action,
}


class Edited:
    """A source with some files' contents replaced by what an update would write: the
    portfolio after the update, read and checked like any other before anything is written."""

    def __init__(self, base: Source, changed: Mapping[str, bytes]) -> None:
        self.base, self.changed = base, changed

    def files(self) -> list[str]:
        return self.base.files()

    def is_link(self, path: str) -> bool:
        return self.base.is_link(path)

    def read(self, path: str, max_bytes: int) -> bytes | ReadProblem:
        if path not in self.changed:
            return self.base.read(path, max_bytes)
        data = self.changed[path]
        if len(data) > max_bytes:
            return ReadProblem(
                "unreadable", f"the file would be {len(data):,} bytes, over the {max_bytes:,}-byte limit"
            )
        return data
