"""Parse YAML 1.2 into plain values with a source map, refusing anything surprising.

libyaml (through PyYAML's C parser) composes the node graph quickly and gives every node its
line and column. Resolution of plain scalars follows the YAML 1.2 core schema here, not
PyYAML's YAML 1.1 resolver, so ``no`` and ``on`` stay strings and ``012`` is twelve. Dates are
left as strings: the models parse them, so an impossible date is reported at its line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, cast

import yaml
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from partnerkit.diagnostics import DataPath
from partnerkit.load.problems import ReadProblem

SourceMap = dict[DataPath, tuple[int, int]]

MAX_DEPTH = 64
MAX_ALIASES = 100

_IMPLICIT = "?"

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_SPECIAL = {
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".inf": math.inf,
    ".Inf": math.inf,
    ".INF": math.inf,
    "+.inf": math.inf,
    "+.Inf": math.inf,
    "+.INF": math.inf,
    "-.inf": -math.inf,
    "-.Inf": -math.inf,
    "-.INF": -math.inf,
    ".nan": math.nan,
    ".NaN": math.nan,
    ".NAN": math.nan,
}
_MAYBE_NOT_STR = frozenset("0123456789+-.~nNtTfF")
_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S+)", re.MULTILINE)


def locate(locations: SourceMap, path: DataPath) -> tuple[int, int]:
    """Where ``path`` is written; a path that is not there falls back to its nearest parent."""
    while path not in locations and path:
        path = path[:-1]
    return locations.get(path, (1, 1))


class _Composer(CParser):
    """libyaml's composer with PyYAML's resolver callbacks, three Python calls a node, replaced
    by C builtins: every untagged node gets the tag ``_IMPLICIT`` and is resolved afterwards by
    the YAML 1.2 rules (a plain scalar is one with no style)."""

    descend_resolver: Callable[[Any, Any], object] = {}.get  # (parent, index) -> ignored
    ascend_resolver = tuple  # () -> ()
    resolve = _IMPLICIT.format  # (kind, value, implicit) -> _IMPLICIT


class _Invalid(Exception):
    """Raised inside construction; carries the problem out of the recursion."""

    def __init__(self, problem: ReadProblem) -> None:
        self.problem = problem


def parse(text: str, locations: SourceMap | None = None) -> Any | ReadProblem:
    """Parse one YAML document; an empty file is an empty mapping.

    Locations cost a third of the time, so they are recorded only when a ``locations`` map is
    passed in: callers parse fast, then parse again with locations the few files that have
    findings.
    """
    directive = _DIRECTIVE.search(text) if "%YAML" in text else None
    if directive and directive.group(1) != "1.2":
        line = text.count("\n", 0, directive.start()) + 1
        return ReadProblem(
            "syntax",
            f"the file declares YAML {directive.group(1)}; partnerkit reads YAML 1.2 only",
            line,
            1,
            "delete the %YAML line or write %YAML 1.2",
        )
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.MarkedYAMLError as error:
        return _syntax_problem(error)
    except (yaml.YAMLError, ValueError) as error:
        return ReadProblem("syntax", f"the file is not valid YAML: {error}", 1, 1)
    if node is None:
        return {}
    try:
        return _Builder(locations).build(node, (), 0)
    except _Invalid as invalid:
        return invalid.problem


def _syntax_problem(error: yaml.MarkedYAMLError) -> ReadProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = error.problem or "the file is not valid YAML"
    if "expected a single document" in f"{error.context} {error.problem}":
        return ReadProblem(
            "syntax",
            "the file holds more than one YAML document (a second '---')",
            line,
            column,
            "keep one document per file: delete the second '---' and what follows, or move it to its own file",
        )
    context = f" ({error.context})" if error.context else ""
    return ReadProblem(
        "syntax",
        f"YAML syntax error: {what}{context}",
        line,
        column,
        "check indentation (spaces, not tabs), colons after keys and matching quotes on this line",
    )


class _Builder:
    """Turns a node graph into plain values, recording where each value was written.

    Scalars, most of any file, are resolved inline; only collections recurse, and only they
    are tracked for recursive and repeated aliases.
    """

    def __init__(self, locations: SourceMap | None) -> None:
        self.locations = locations
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.repeats = 0

    def build(self, node: Node, path: DataPath, depth: int) -> Any:
        if node.__class__ is ScalarNode:
            return _scalar_value(node)
        ident = id(node)
        if ident in self.open:
            raise _Invalid(
                _at(node, "an alias refers to the collection that contains it", "remove the recursive alias (*name)")
            )
        if ident in self.seen:
            self.repeats += 1
            if self.repeats > MAX_ALIASES:
                raise _Invalid(
                    _at(
                        node,
                        f"aliases (*name) repeat collections more than {MAX_ALIASES} times",
                        "write the values out instead of repeating aliases",
                    )
                )
        if depth > MAX_DEPTH:
            raise _Invalid(_at(node, f"values are nested more than {MAX_DEPTH} levels deep", "flatten the structure"))
        if node.tag != _IMPLICIT:
            raise _Invalid(_explicit_tag(node))
        self.seen.add(ident)
        self.open.add(ident)
        if node.__class__ is MappingNode:
            value: Any = self._mapping(node, path, depth)
        else:
            value = self._sequence(cast(SequenceNode, node), path, depth)
        self.open.discard(ident)
        return value

    def _mapping(self, node: MappingNode, path: DataPath, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        locations = self.locations
        if locations is not None:
            locations.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _Invalid(
                    _at(
                        key_node,
                        "a key must be a plain word, not a list or mapping",
                        "write the key as text, e.g. name:",
                    )
                )
            key = _scalar_value(key_node)
            if key.__class__ is float:
                key = key_node.value
            if key in result:
                if _first_kept is None:
                    raise _Invalid(_duplicate_key(node, key_node, key))
                _first_kept.append(_duplicate_key(node, key_node, key, kept=True))
                continue
            child = (*path, key)
            if locations is not None:
                locations[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if value_node.__class__ is ScalarNode:
                result[key] = _scalar_value(value_node)
            else:
                result[key] = self.build(value_node, child, depth + 1)
        return result

    def _sequence(self, node: SequenceNode, path: DataPath, depth: int) -> list[Any]:
        result = []
        locations = self.locations
        if locations is not None:
            locations.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        for index, item in enumerate(node.value):
            child = (*path, index)
            if locations is not None:
                locations[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            if item.__class__ is ScalarNode:
                result.append(_scalar_value(item))
            else:
                result.append(self.build(item, child, depth + 1))
        return result


def _duplicate_key(mapping: MappingNode, duplicate: ScalarNode, key: Any, kept: bool = False) -> ReadProblem:
    first = next(k for k, _ in mapping.value if k.__class__ is ScalarNode and _scalar_value(k) == key)
    return _at(
        duplicate,
        f"the key {key!r} appears twice in the same mapping, "
        f"on lines {first.start_mark.line + 1} and {duplicate.start_mark.line + 1}"
        + ("; partnerkit checks the first value and ignores the second" if kept else ""),
        "keep one of the two entries and delete the other; YAML would silently keep only the last",
    )


_first_kept: list[ReadProblem] | None = None
"""Set by ``parse_keeping_first`` for the length of one parse: where its duplicate keys go."""


def parse_keeping_first(text: str, locations: SourceMap | None = None) -> tuple[Any | ReadProblem, list[ReadProblem]]:
    """``parse``, except that a key written twice in a mapping does not stop it: the first value
    is kept, the second ignored, and the duplicate is returned among the problems."""
    global _first_kept
    duplicates: list[ReadProblem] = []
    _first_kept = duplicates
    try:
        return parse(text, locations), duplicates
    finally:
        _first_kept = None


_RESOLVED: dict[str, Any] = {}
"""Plain scalars already resolved: most values repeat (handles, buckets, dates, small numbers)."""


def _scalar_value(node: ScalarNode) -> Any:
    if node.tag != _IMPLICIT:
        raise _Invalid(_explicit_tag(node))
    if not node.style:  # plain: libyaml gives '' (PyYAML's pure-Python composer gives None)
        text = node.value
        try:
            return _RESOLVED[text]
        except KeyError:
            value = _RESOLVED[text] = _scalar(node)
            if len(_RESOLVED) > 100_000:
                _RESOLVED.clear()
            return value
    return node.value


def _explicit_tag(node: Node) -> ReadProblem:
    return _at(
        node,
        f"explicit YAML tag {node.tag!r} is not allowed",
        "remove the tag (the word starting with '!') and write a plain value",
    )


def _scalar(node: ScalarNode) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema."""
    text = node.value
    if not text:
        return None
    if text[0] not in _MAYBE_NOT_STR:
        return text
    if text in _SPECIAL:
        return _SPECIAL[text]
    try:
        if _INT.match(text):
            return int(text)
        if _OCT.match(text):
            return int(text[2:], 8)
        if _HEX.match(text):
            return int(text[2:], 16)
        if _FLOAT.match(text):
            number = float(text)
            if math.isinf(number):
                raise ValueError(text)
            return number
    except ValueError:
        raise _Invalid(
            _at(
                node, f"the number {text[:40]!r} is too large", "write a smaller number, or quote it to keep it as text"
            )
        ) from None
    return text


def _at(node: Node, message: str, hint: str) -> ReadProblem:
    return ReadProblem("syntax", message, node.start_mark.line + 1, node.start_mark.column + 1, hint)
