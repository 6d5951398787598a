"""Renaming buckets across a portfolio (`partnerkit fmt --rename-bucket OLD=NEW`).

A bucket's name is written in partnerkit.yaml (``buckets`` and rule options that name
buckets) and in the partnerships: the keys of ``status.yaml``'s ratings and of a joint business
plan's ``buckets``, and the ``bucket:`` of KPIs, RACI activities, actions and charter
objectives. Every place is rewritten through the round trip (see
:mod:`partnerkit.author.roundtrip`), so comments and layout stay. A rule whose default options
name a renamed bucket (value-not-captured checks Monetize) is given the new name explicitly, so
renaming never switches a rule off. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from partnerkit.author.roundtrip import Edit, RenameKeys, Set, edit_yaml
from partnerkit.load.problems import ReadProblem
from partnerkit.load.text import decode
from partnerkit.load.yaml12 import parse
from partnerkit.model.config import DEFAULT_BUCKETS, PortfolioConfig
from partnerkit.model.portfolio import CONFIG_FILE

# file name -> what its `buckets:` mapping holds per bucket
_KEYED = {"status.yaml": "rating", "plan.yaml": "plan for"}
# file name -> (the list of items, what one is called) whose `bucket:` names a bucket
_ITEMS = {
    "kpis.yaml": ("kpis", "KPI"),
    "raci.yaml": ("activities", "activity"),
    "actions.yaml": ("actions", "action"),
    "charter.yaml": ("objectives", "objective"),
}


@dataclass(frozen=True)
class Renamed:
    """What renaming does to one file: its new bytes and what changed in words."""

    path: str
    content: bytes
    what: tuple[str, ...]


@dataclass(frozen=True)
class Renaming:
    files: tuple[Renamed, ...]
    problems: tuple[str, ...]  # files that could not be changed (left as they are)

    def changes(self, path: str) -> Renamed | None:
        return next((r for r in self.files if r.path == path), None)

    def content(self, path: str, raw: Any) -> Any:
        """The file's renamed bytes, or ``raw`` when renaming leaves it as it is."""
        done = self.changes(path)
        return done.content if done else raw


class RenameError(ValueError):
    """The renaming cannot be done at all (an unknown bucket, a name taken)."""


def parse_renames(pairs: list[str]) -> dict[str, str]:
    """``OLD=NEW`` pairs as a mapping; a RenameError for anything else."""
    names: dict[str, str] = {}
    for pair in pairs:
        old, sep, new = (part.strip() for part in pair.partition("="))
        if not sep or not old or not new:
            raise RenameError(f"{pair!r}: write OLD=NEW, e.g. Monetize=Revenue")
        if old in names:
            raise RenameError(f"{old} is renamed twice")
        names[old] = new
    return {old: new for old, new in names.items() if old != new}


def config_buckets(raw: bytes) -> list[str]:
    """The buckets partnerkit.yaml names (the default ones when it names none)."""
    data = _data(raw)
    found = data.get("buckets") if isinstance(data, dict) else None
    return [str(b) for b in found] if isinstance(found, list) else list(DEFAULT_BUCKETS)


def check_renames(buckets: list[str], names: Mapping[str, str]) -> None:
    """Refuse a bucket that is not there, and a new name that is taken."""
    for old, new in names.items():
        if old not in buckets:
            raise RenameError(f"there is no bucket {old!r} to rename (the buckets are {', '.join(buckets)})")
        if new in buckets and new not in names:
            raise RenameError(f"{new!r} is already a bucket; a rename cannot merge two buckets")
    news = list(names.values())
    repeated = sorted({n for n in news if news.count(n) > 1})
    if repeated:
        raise RenameError(f"two buckets would both be called {repeated[0]!r}")


def rename_buckets(files: Mapping[str, bytes], names: Mapping[str, str]) -> Renaming:
    """Every file of ``files`` (portfolio-relative paths to contents, partnerkit.yaml among
    them) that names a renamed bucket, renamed. Raises RenameError when the renaming cannot be
    done (see :func:`check_renames`)."""
    config = files.get(CONFIG_FILE, b"")
    buckets = config_buckets(config)
    check_renames(buckets, names)
    done, problems = [], []
    for path in sorted(files):
        raw = files[path]
        data = _data(raw)
        if isinstance(data, ReadProblem):
            if path == CONFIG_FILE or path.rsplit("/", 1)[-1] in (*_ITEMS, *_KEYED):
                problems.append(f"{path}: not renamed: {data.message}")
            continue
        edits, words = _config(data, buckets, names) if path == CONFIG_FILE else _partnership(path, data, names)
        if not edits:
            continue
        result = edit_yaml(raw, edits)
        if isinstance(result, ReadProblem):
            problems.append(f"{path}: not renamed: {result.message}")
        else:
            done.append(Renamed(path, result, tuple(words)))
    return Renaming(tuple(done), tuple(problems))


def _data(raw: bytes) -> Any:
    text = decode(raw)
    return text if isinstance(text, ReadProblem) else parse(text)


def _arrow(old: str, new: str) -> str:
    return f"{old} -> {new}"


def _config(data: Any, buckets: list[str], names: Mapping[str, str]) -> tuple[list[Edit], list[str]]:
    from partnerkit.rules import REGISTRY, find_rule
    from partnerkit.rules.settings import option_names

    if not isinstance(data, dict):
        return [], []
    edits: list[Edit] = []
    words = []
    listed = data.get("buckets")
    if isinstance(listed, list):
        for i, bucket in enumerate(listed):
            if bucket in names:
                edits.append(Set(("buckets", i), names[bucket]))
    else:
        edits.append(Set(("buckets",), [names.get(b, b) for b in buckets], tuple(PortfolioConfig.model_fields)))
    words.append("buckets " + ", ".join(_arrow(old, new) for old, new in names.items()))
    given = data.get("rules")
    rules: dict[str, Any] = given if isinstance(given, dict) else {}
    mentioned = {}
    for key, value in rules.items():
        rule = find_rule(str(key))
        if rule is not None:
            mentioned[rule.code] = (key, value)
    for code, rule in REGISTRY.items():
        for option, default in option_names(rule, "bucket"):
            key, value = mentioned.get(code, (rule.name, None))
            if isinstance(value, dict) and option in value:
                given = value[option]
                if isinstance(given, list):
                    moved = [(i, b) for i, b in enumerate(given) if b in names]
                    edits += [Set(("rules", key, option, i), names[b]) for i, b in moved]
                elif given in names:
                    moved = [(0, given)]
                    edits.append(Set(("rules", key, option), names[given]))
                else:
                    moved = []
                words += [f"rules {key} {option} {_arrow(b, names[b])}" for _, b in moved]
                continue
            if value == "off" or not any(b in names for b in default):
                continue
            # The rule checked a renamed bucket by default: name the new one, so it keeps checking it.
            renamed = [names.get(b, b) for b in default]
            if isinstance(value, dict):
                edits.append(Set(("rules", key, option), renamed))
            elif isinstance(value, str):
                edits.append(Set(("rules", key), {"severity": value, option: renamed}))
            else:
                edits.append(Set(("rules", key), {option: renamed}))
            words.append(f"rules {key} {option} set to [{', '.join(renamed)}] (its default named {', '.join(default)})")
    return edits, words


def _partnership(path: str, data: Any, names: Mapping[str, str]) -> tuple[list[Edit], list[str]]:
    name = path.rsplit("/", 1)[-1]
    if not isinstance(data, dict):
        return [], []
    if name in _KEYED:  # status.yaml's ratings, the joint business plan's buckets
        keyed = data.get("buckets")
        moved = [k for k in keyed if k in names] if isinstance(keyed, dict) else []
        if not moved:
            return [], []
        return [RenameKeys(("buckets",), {k: names[k] for k in moved})], [
            f"{_KEYED[name]} {_arrow(k, names[k])}" for k in moved
        ]
    if name not in _ITEMS:
        return [], []
    top, noun = _ITEMS[name]
    edits: list[Edit] = []
    words = []
    for i, item in _items(data.get(top)):
        bucket = item.get("bucket")
        if isinstance(bucket, str) and bucket in names:
            edits.append(Set((top, i, "bucket"), names[bucket]))
            words.append(f"{noun} {item.get('id', i + 1)} {_arrow(bucket, names[bucket])}")
    return edits, words


def _items(found: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, item in enumerate(found if isinstance(found, list) else ()):
        if isinstance(item, dict):
            yield i, item
