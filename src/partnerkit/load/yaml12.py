"""Parse YAML 1.2 into plain values with a source map, refusing anything surprising.

libyaml (through PyYAML's C parser) composes the node graph quickly and gives every node its
line and column. Resolution of plain scalars follows the YAML 1.2 core schema here, not
PyYAML's YAML 1.1 resolver, so ``no`` and ``on`` stay strings and ``012`` is twelve. Dates are
left as strings: the models parse them, so an impossible date is reported at its line.

libyaml is not a complete YAML 1.2 parser. A file it refuses is read again by ruamel.yaml's
pure-Python parser (``yaml_fallback``) before the error is reported, and read from there when
that parser accepts it; so is a file holding one of the few forms libyaml reads otherwise than
the specification (text right after a closing quote, ``?`` or ``&`` followed by an unusual
character), found by one search of the text. Files libyaml reads, nearly all of them, take no
other step.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, Literal, NamedTuple, cast

import yaml
from yaml._yaml import CParser
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from partnerkit.diagnostics import DataPath
from partnerkit.load import yaml_fallback
from partnerkit.load.problems import ReadProblem
from partnerkit.load.yaml_fallback import IMPLICIT as _IMPLICIT
from partnerkit.load.yaml_fallback import SECOND_DOCUMENT

SourceMap = dict[DataPath, tuple[int, int]]
Reader = Literal["auto", "libyaml", "ruamel"]

MAX_DEPTH = 64
MAX_ALIASES = 100
ALIAS_EXPANSION = 10
"""A file's values, aliases expanded, may hold this many times the nodes the file writes..."""
MIN_EXPANSION = 10_000
"""... and always at least this many nodes."""
SECOND_READER_MAX = 256 * 1024
"""Larger files are read by libyaml alone: the second reader, in pure Python, takes about a
second for each 100 KB (files are a few KB)."""

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
_EMPTY_STREAM = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n|\.\.\.(?:[ \t]+#[^\n]*|[ \t]*)(?:\r?\n|\Z))*\Z")


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


# Forms libyaml reads although YAML 1.2 does not, or reads otherwise than YAML 1.2 says. Each
# pattern starts with a literal character, which the regex engine finds quickly, and is tried
# only when that character is in the text; a match sends the file to the second reader.
_SUSPECTS = (
    # text right after a closing quote, bracket, comma or block-scalar header: "..."# note
    ("#", re.compile(r"""#(?<=["'\]},>|]#)""")),
    # "?x" at the start of a node is a plain scalar, not a key
    ("?", re.compile(r"\?(?<![^\s\[{,]\?)[^\s\]},]")),
    # an anchor or alias whose name goes on with a character libyaml ends it at: &an:chor
    ("&", re.compile(r"&(?<![^\s\[{,]&)[\w-]+[?:%@`]")),
    ("*", re.compile(r"\*(?<![^\s\[{,]\*)[\w-]+[?:%@`]")),
    # the non-specific tag "!", which libyaml resolves as if there were no tag
    ("!", re.compile(r"!(?<![^\s\[{,]!)(?:[\s\]},]|\Z)")),
)


def parse(
    text: str,
    locations: SourceMap | None = None,
    *,
    expansion: int = ALIAS_EXPANSION,
    reader: Reader = "auto",
    duplicates: list[ReadProblem] | None = None,
) -> Any | ReadProblem:
    """Parse one YAML document; an empty file is an empty mapping.

    Locations cost time and memory, so they are recorded only when a ``locations`` map is
    passed in: callers parse fast, then find where the few paths their findings name are
    written (``positions``). ``expansion`` caps the nodes that aliases may expand to, as a
    multiple of the nodes the file writes (see ``ALIAS_EXPANSION``). A key written twice
    refuses the file, unless ``duplicates`` is given: then the first value is kept and the
    problem added there. ``reader`` is for measuring: ``libyaml`` or ``ruamel`` reads with that
    parser alone.
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
    aliases: list[Any] | None = None  # where each alias is written, when the second reader read the file
    node: Node | None
    if reader == "ruamel":
        composed = yaml_fallback.compose(text)
        if isinstance(composed, ReadProblem):
            return composed
        node, aliases = composed
    else:
        try:
            node = _Composer(text).get_single_node()
        except yaml.MarkedYAMLError as error:
            if reader == "libyaml" or len(text) > SECOND_READER_MAX:
                return _syntax_problem(error)
            if _EMPTY_STREAM.match(text):  # only comments and document ends ("..."): no document
                return {}
            composed = yaml_fallback.compose(text)
            if isinstance(composed, ReadProblem):  # confirmed: libyaml's words, unless the second reader's are exact
                return composed if composed.message.endswith(yaml_fallback.GLUED_COMMENT) else _syntax_problem(error)
            node, aliases = composed
        except (yaml.YAMLError, ValueError) as error:
            return ReadProblem("syntax", f"the file is not valid YAML: {error}", 1, 1)
        else:
            if reader == "auto" and len(text) <= SECOND_READER_MAX and _suspect(text):
                composed = yaml_fallback.compose(text)
                if not isinstance(composed, ReadProblem):
                    node, aliases = composed
                elif composed.message.endswith(yaml_fallback.GLUED_COMMENT):
                    return composed
                # Any other error of the second reader in a file libyaml reads is more likely one
                # of its own limits (see the README) than the file's: libyaml's reading stands.
    if node is None:
        return {}

    def alias_mark(alias: _Alias) -> Any:
        return _libyaml_alias_mark(text, alias) if aliases is None else aliases[alias.ordinal]

    try:
        return _Builder(locations, node, expansion, alias_mark, duplicates).build(node, (), 0)
    except _Invalid as invalid:
        return invalid.problem


def _suspect(text: str) -> bool:
    return any(char in text and pattern.search(text) for char, pattern in _SUSPECTS)


def _events(text: str) -> Iterator[Any]:
    """libyaml's parser events for ``text`` (which libyaml has composed without error)."""
    parser = CParser(text)
    while parser.check_event():
        yield parser.get_event()


def _syntax_problem(error: yaml.MarkedYAMLError) -> ReadProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = error.problem or "the file is not valid YAML"
    if "expected a single document" in f"{error.context} {error.problem}":
        return ReadProblem("syntax", SECOND_DOCUMENT[0], line, column, SECOND_DOCUMENT[1])
    context = f" ({error.context})" if error.context else ""
    return ReadProblem(
        "syntax",
        f"YAML syntax error: {what}{context}",
        line,
        column,
        yaml_fallback.HINT,
    )


class _Builder:
    """Turns a node graph into plain values, recording where each value was written.

    Scalars, most of any file, are resolved inline; only collections recurse, and only they
    are tracked for recursive and repeated aliases. The first alias of a collection has the
    whole graph counted, aliases expanded, before any of it is expanded: a file whose values
    would be more than ``expansion`` times the nodes it writes (and more than MIN_EXPANSION) is
    refused at the alias that crosses the cap (``alias_mark`` says where an alias is written).
    """

    def __init__(
        self,
        locations: SourceMap | None,
        root: Node,
        expansion: int,
        alias_mark: Callable[[_Alias], Any],
        duplicates: list[ReadProblem] | None,
    ) -> None:
        self.locations = locations
        self.duplicates = duplicates  # where a key written twice goes, its first value kept; None: refuse the file
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.repeats = 0
        self.root: Node | None = root  # None once counted
        self.expansion = expansion
        self.alias_mark = alias_mark

    def build(self, node: Node, path: DataPath, depth: int) -> Any:
        if node.__class__ is ScalarNode:
            return _scalar_value(node)
        ident = id(node)
        if ident in self.open:
            raise _Invalid(
                _at(node, "an alias refers to the collection that contains it", "remove the recursive alias (*name)")
            )
        if ident in self.seen:
            if self.root is not None:
                self._count(self.root)
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
            raise _Invalid(_too_deep(node))
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

    def _count(self, root: Node) -> None:
        """Refuse the file if its values, aliases expanded, would be too many nodes."""
        self.root = None
        own, expanded, aliases = _expansion(root)
        cap = max(MIN_EXPANSION, self.expansion * own)
        if expanded > cap:
            mark = self.alias_mark(next(alias for alias in aliases if alias.total > cap))
            raise _Invalid(
                ReadProblem(
                    "syntax",
                    f"aliases (*name) would expand the file's {own:,} values to {expanded:,}, "
                    f"more than the {cap:,} allowed ({self.expansion} times what the file writes); "
                    "this alias crosses the limit",
                    mark.line + 1,
                    mark.column + 1,
                    "write the values out instead of repeating a large anchored collection, "
                    "or raise limits.alias_expansion in partnerkit.yaml",
                )
            )

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
            key = _scalar_value(key_node)  # as _key_of, inline: this loop runs for every key of every file
            if key.__class__ is float:
                key = key_node.value
            if key in result:
                if self.duplicates is None:
                    raise _Invalid(_duplicate_key(node, key_node, key))
                self.duplicates.append(_duplicate_key(node, key_node, key, kept=True))
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


class _Alias(NamedTuple):
    total: int  # the expanded count just after it
    ordinal: int  # it is the n-th alias of the file ...
    parent: Node  # ... and the n-th (local) of the collection it is written in
    local: int


def _expansion(root: Node) -> tuple[int, int, list[_Alias]]:
    """The nodes the graph holds; the nodes of the values it stands for, aliases expanded; and
    where that count stands, in the order the file is written, just after each alias.

    One pass in document order, so the n-th repeated node met is the n-th alias written: every
    node is counted once, and an alias adds the (already known) size of the node it names. A
    recursive alias counts one, and nesting too deep is refused here as the builder would.
    """
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    aliases: list[_Alias] = []
    total = 0

    def walk(node: Node, parent: Node, first: int, depth: int) -> int:
        nonlocal total
        ident = id(node)
        size = sizes.get(ident)
        if size is not None or ident in open_:
            total += size or 1
            aliases.append(_Alias(total, len(aliases), parent, len(aliases) - first))
            return size or 1
        total += 1
        if node.__class__ is ScalarNode:
            sizes[ident] = 1
            return 1
        if depth > MAX_DEPTH:
            raise _Invalid(_too_deep(node))
        open_.add(ident)
        size = 1
        first = len(aliases)
        if node.__class__ is MappingNode:
            for key, value in node.value:
                size += walk(key, node, first, depth + 1) + walk(value, node, first, depth + 1)
        else:
            for item in node.value:
                size += walk(item, node, first, depth + 1)
        open_.discard(ident)
        sizes[ident] = size
        return size

    walk(root, root, 0, 0)
    return len(sizes), total, aliases


def _libyaml_alias_mark(text: str, alias: _Alias) -> Any:
    """Where libyaml reads ``alias``: found among the events of the collection it is written
    in (parsed on its own, at its column), not of the whole file, which may be long."""
    start, end = alias.parent.start_mark, alias.parent.end_mark
    try:
        region = " " * start.column + text[start.index : end.index]
        found: list[Any] = [e.start_mark for e in _events(region) if e.__class__ is AliasEvent]
        mark = found[alias.local]
        return _Mark(mark.line + start.line, mark.column)
    except (yaml.YAMLError, IndexError):  # not readable on its own: read the whole file
        marks = (e.start_mark for e in _events(text) if e.__class__ is AliasEvent)
        return next(islice(marks, alias.ordinal, None), None) or start


class _Mark(NamedTuple):
    line: int
    column: int


def _duplicate_key(mapping: MappingNode, duplicate: ScalarNode, key: Any, kept: bool = False) -> ReadProblem:
    first = next(k for k, _ in mapping.value if k.__class__ is ScalarNode and _scalar_value(k) == key)
    return _at(
        duplicate,
        f"the key {key!r} appears twice in the same mapping, "
        f"on lines {first.start_mark.line + 1} and {duplicate.start_mark.line + 1}"
        + ("; partnerkit checks the first value and ignores the second" if kept else ""),
        "keep one of the two entries and delete the other; YAML would silently keep only the last",
    )


def parse_keeping_first(
    text: str, locations: SourceMap | None = None, *, expansion: int = ALIAS_EXPANSION
) -> tuple[Any | ReadProblem, list[ReadProblem]]:
    """``parse``, except that a key written twice in a mapping does not stop it: the first value
    is kept, the second ignored, and the duplicate is returned among the problems."""
    duplicates: list[ReadProblem] = []
    return parse(text, locations, expansion=expansion, duplicates=duplicates), duplicates


def positions(
    text: str, paths: Iterable[DataPath], *, expansion: int = ALIAS_EXPANSION
) -> dict[DataPath, tuple[int, int]]:
    """Line and column of each of ``paths`` in a file that ``parse`` reads (a path that is not
    there: its nearest parent), as ``locate`` would find them in the source map of
    ``parse_keeping_first``. Only the node graph is composed and the paths followed through
    it, which is most of the cost saved for the few paths a file's findings name; a file the
    second reader reads is parsed in full."""
    wanted = list(paths)
    if "%YAML" not in text and len(text) <= SECOND_READER_MAX and not _suspect(text):
        try:
            root = _Composer(text).get_single_node()
            return {path: _follow(root, path) for path in wanted}
        except (yaml.YAMLError, ValueError, _Invalid):
            pass
    locations: SourceMap = {}
    parse_keeping_first(text, locations, expansion=expansion)
    return {path: locate(locations, path) for path in wanted}


def _follow(node: Node | None, path: DataPath) -> tuple[int, int]:
    """Where the deepest step of ``path`` that the graph holds is written; the first of keys
    written twice, as the parse keeps it."""
    if node is None:
        return (1, 1)
    mark = node.start_mark
    for step in path:
        if node.__class__ is MappingNode:
            found = next(
                ((key, value) for key, value in node.value if key.__class__ is ScalarNode and _key_of(key) == step),
                None,
            )
            if found is None:
                break
            mark, node = found[0].start_mark, found[1]
        elif node.__class__ is SequenceNode and step.__class__ is int and 0 <= step < len(node.value):
            node = node.value[step]
            mark = node.start_mark
        else:
            break
    return (mark.line + 1, mark.column + 1)


def _key_of(node: ScalarNode) -> Any:
    """A mapping key's value; a float key is kept as written (``.nan`` is not equal to itself,
    and ``1.0`` and ``1.00`` would be one key)."""
    key = _scalar_value(node)
    return node.value if key.__class__ is float else key


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


def _too_deep(node: Node) -> ReadProblem:
    return _at(node, f"values are nested more than {MAX_DEPTH} levels deep", "flatten the structure")


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
