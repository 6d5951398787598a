"""Change values in a YAML file without touching anything else: ruamel.yaml's round trip keeps
comments, quotes, key order, flow style and blank lines, and the file's own indentation.

An edit is a small instruction about a path into the file's data: :class:`Set` a value (or
remove it), :class:`Append` to a list, :class:`RenameKeys` of a mapping. The same edits are
applied to the plain data, which the caller validates with the models before anything is
written, and to ruamel.yaml's tree. The result is only returned if partnerkit's own reader
parses it to exactly the edited data; otherwise the file is left alone.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from partnerkit.diagnostics import DataPath
from partnerkit.load.problems import ReadProblem
from partnerkit.load.text import BOM, decode
from partnerkit.load.yaml12 import parse

_KEY_LINE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


@dataclass(frozen=True)
class Set:
    """Set the value at ``path`` (a missing last key is added, before the first existing key
    that comes after it in ``order``); ``None`` removes the key."""

    path: DataPath
    value: Any
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class Append:
    """Add ``value`` at the end of the list at ``path`` (created when missing)."""

    path: DataPath
    value: Any


@dataclass(frozen=True)
class RenameKeys:
    """Rename keys of the mapping at ``path`` in place, keeping their order and comments."""

    path: DataPath
    names: Mapping[str, str] = field(default_factory=dict)


Edit = Set | Append | RenameKeys


class EditError(Exception):
    """An edit that does not fit the file's data (a path that is not there)."""


def round_trip_yaml(text: str) -> Any:
    """A ruamel.yaml round-trip loader/dumper set up for ``text``: its indentation, its
    document start marker, quotes kept, never re-wrapping what people wrote."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, sequence, offset = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap what people wrote
    yaml.indent(mapping=_mapping_indent(text), sequence=sequence or 2, offset=offset or 0)
    yaml.explicit_start = text.lstrip().startswith("---") or text.startswith("%")
    return yaml


def _mapping_indent(text: str) -> int:
    """How far the file indents a mapping inside a mapping (2 when it never does)."""
    lines = text.splitlines()
    for line, following in itertools.pairwise(lines):
        key = _KEY_LINE.match(line)
        stripped = following.lstrip(" ")
        depth = len(following) - len(stripped)
        if key and stripped and not stripped.startswith(("-", "#")) and depth > len(key.group(1)):
            return depth - len(key.group(1))
    return 2


def tidy(text: str, meaning: Any) -> str:
    """Without trailing whitespace and with one final newline, unless that changes the meaning
    (trailing spaces inside a block scalar are content)."""
    tidied = TRAILING.sub("", text).rstrip("\n") + "\n" if text.strip() else ""
    return tidied if parse(tidied) == meaning else text


# --- the plain data ---------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A value as partnerkit's reader gives it: dates as ``YYYY-MM-DD`` text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def apply_plain(data: Any, edits: Sequence[Edit]) -> Any:
    """``data`` (as parsed) with ``edits`` applied; ``data`` itself is not changed."""
    result = copy.deepcopy(data)
    for edit in edits:
        if isinstance(edit, Set):
            parent, key = _parent(result, edit.path, create=edit.value is not None)
            if parent is None:
                continue  # removing what is not there
            if edit.value is None:
                if isinstance(parent, dict):
                    parent.pop(key, None)
                continue
            if isinstance(parent, dict) and key not in parent:
                items = list(parent.items())
                items.insert(_position(list(parent), str(key), edit.order), (key, plain(edit.value)))
                parent.clear()
                parent.update(items)
            else:
                _store(parent, key, plain(edit.value))
        elif isinstance(edit, Append):
            parent, key = _parent(result, edit.path, create=True)
            assert parent is not None
            if _get(parent, key) is None:
                _store(parent, key, [])
            target = parent[key]
            if not isinstance(target, list):
                raise EditError(f"{_show(edit.path)} is not a list")
            target.append(plain(edit.value))
        else:
            target = _follow(result, edit.path)
            if not isinstance(target, dict):
                raise EditError(f"{_show(edit.path)} is not a mapping")
            renamed = [(edit.names.get(k, k), v) for k, v in target.items()]
            if len({k for k, _ in renamed}) < len(renamed):
                raise EditError(f"renaming keys of {_show(edit.path)} would repeat a key")
            target.clear()
            target.update(renamed)
    return result


def _position(keys: list[str], key: str, order: Sequence[str]) -> int:
    """Where a new ``key`` goes: before the first key that follows it in ``order``, else last."""
    if key not in order:
        return len(keys)
    later = set(order[order.index(key) + 1 :])
    return next((i for i, k in enumerate(keys) if k in later), len(keys))


def _show(path: DataPath) -> str:
    return ".".join(str(p) for p in path) or "the file"


def _get(container: Any, key: Any) -> Any:
    if isinstance(container, Mapping):
        return container.get(key)
    if isinstance(container, list) and isinstance(key, int) and 0 <= key < len(container):
        return container[key]
    return None


def _store(container: Any, key: Any, value: Any) -> None:
    if isinstance(container, list):
        if not (isinstance(key, int) and 0 <= key < len(container)):
            raise EditError(f"no item {key} in a list of {len(container)}")
    elif not isinstance(container, dict):
        raise EditError("not a mapping or a list")
    container[key] = value


def _follow(data: Any, path: DataPath) -> Any:
    for step in path:
        found = _get(data, step)
        if found is None:
            raise EditError(f"{_show(path)} is not in the file")
        data = found
    return data


def _parent(data: Any, path: DataPath, create: bool, new: Any = dict) -> tuple[Any, Any]:
    """The container holding the last step of ``path``, and that step. A mapping missing on
    the way is created when ``create``; otherwise the container is None."""
    if not path:
        raise EditError("an edit needs a path")
    here = data
    for step in path[:-1]:
        found = _get(here, step)
        if found is None:
            if not create:
                return None, path[-1]
            if not isinstance(here, dict) or isinstance(step, int):
                raise EditError(f"{_show(path)} is not in the file")
            found = here[step] = new()
        here = found
    return here, path[-1]


# --- ruamel.yaml's tree -----------------------------------------------------------------------


def _rt_value(value: Any, like: Any, siblings: Sequence[Any], flow_default: bool, keep_style: bool) -> Any:
    """``value`` as ruamel.yaml should write it: text in the quoting style of the value it
    replaces, a new mapping in the flow or block style of its neighbours."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString

    if isinstance(value, str):
        block = isinstance(like, (FoldedScalarString, LiteralScalarString))
        if keep_style and isinstance(like, ScalarString) and (not block or len(value) >= 80 or "\n" in value):
            return type(like)(value)
        return value
    if isinstance(value, Mapping):
        near = [s for s in siblings if isinstance(s, CommentedMap)]
        flow = near[-1].fa.flow_style() if near else flow_default
        made = CommentedMap()
        for k, v in value.items():
            made[k] = _rt_value(v, None, (), flow, keep_style)
        if flow:
            made.fa.set_flow_style()
        else:
            made.fa.set_block_style()
        return made
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(_rt_value(v, None, (), True, keep_style) for v in value)
        if flow_default or all(not isinstance(v, (Mapping, list, tuple)) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _rt_apply(data: Any, edits: Sequence[Edit], keep_style: bool) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    for edit in edits:
        if isinstance(edit, Set):
            parent, key = _parent(data, edit.path, create=edit.value is not None, new=_block_map)
            if parent is None:
                continue
            if edit.value is None:
                if isinstance(parent, CommentedMap) and key in parent:
                    del parent[key]
                continue
            old = _get(parent, key)
            if isinstance(parent, CommentedMap):
                siblings = [v for k, v in parent.items() if k != key]
                new = _rt_value(edit.value, old, siblings, len(str(edit.value)) < 80, keep_style)
                if key in parent:
                    parent[key] = new
                else:
                    if not parent and parent.fa.flow_style():
                        parent.fa.set_block_style()  # `rules: {}` grows into lines
                    parent.insert(_position(list(parent), str(key), edit.order), key, new)
            else:
                _store(parent, key, _rt_value(edit.value, old, [], True, keep_style))
        elif isinstance(edit, Append):
            parent, key = _parent(data, edit.path, create=True, new=_block_map)
            if _get(parent, key) is None:
                seq = CommentedSeq()
                seq.fa.set_block_style()
                _store(parent, key, seq)
            target = parent[key]
            if not len(target) and target.fa.flow_style():
                target.fa.set_block_style()  # `measurements: []` grows into lines
            target.append(_rt_value(edit.value, None, list(target)[-1:], True, keep_style))
        else:
            target = _follow(data, edit.path)
            # All at once, so that names can swap: each entry with its comments, in its place.
            entries = [(key, target[key], target.ca.items.pop(key, None)) for key in list(target)]
            for key, _, _ in entries:
                del target[key]
            for key, value, comment in entries:
                target[edit.names.get(key, key)] = value
                if comment is not None:
                    target.ca.items[edit.names.get(key, key)] = comment
    return data


def _block_map() -> Any:
    from ruamel.yaml.comments import CommentedMap

    made = CommentedMap()
    made.fa.set_block_style()
    return made


def open_yaml(raw: bytes) -> tuple[str, bool, Any] | ReadProblem:
    """(the text with LF line ends, whether the file used CRLF, what it means), or why it
    cannot be read: where every rewrite of a user's file starts."""
    text = decode(raw)
    if isinstance(text, ReadProblem):
        return text
    crlf = text.count("\r\n") > text.count("\n") // 2
    body = text.replace("\r\n", "\n")
    meaning = parse(body)
    return meaning if isinstance(meaning, ReadProblem) else (body, crlf, meaning)


def as_written(raw: bytes, text: str, crlf: bool) -> bytes:
    """``text`` with the original file's line ends and byte-order mark."""
    if crlf:
        text = text.replace("\n", "\r\n")
    return (BOM if raw.startswith(BOM) else b"") + text.encode("utf-8")


def edit_yaml(raw: bytes, edits: Sequence[Edit]) -> bytes | ReadProblem:
    """The file with ``edits`` applied, everything else as it was; or why it is left alone."""
    opened = open_yaml(raw)
    if isinstance(opened, ReadProblem):
        return opened
    body, crlf, meaning = opened
    try:
        wanted = apply_plain(meaning, edits)
    except EditError as error:
        return ReadProblem("syntax", f"cannot be changed: {error}")
    result = None
    for keep_style in (True, False):  # a value in its old quoting style, else as ruamel.yaml likes
        try:
            yaml = round_trip_yaml(body)
            tree = _rt_apply(yaml.load(body), edits, keep_style)
            out = io.StringIO()
            yaml.dump(tree, out)
        except Exception as error:  # ruamel.yaml refuses a few things libyaml reads
            return ReadProblem(
                "syntax",
                f"cannot be changed through the round trip: {str(error).splitlines()[0]}",
                hint="make this change by hand",
            )
        if parse(out.getvalue()) == wanted:
            result = tidy(out.getvalue(), wanted)
            break
    if result is None:
        return ReadProblem(
            "syntax",
            "changing this file would change more than asked, so it is left as it is",
            hint="make this change by hand, and please report the file to the partnerkit maintainers",
        )
    return as_written(raw, result, crlf)
