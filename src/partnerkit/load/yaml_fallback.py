"""The second reader: ruamel.yaml's pure-Python parser, for what libyaml gets wrong.

libyaml (the fast path) refuses some valid YAML 1.2 (a tab after ``key:``, an anchor with a
``:`` in its name, an empty key, an anchor defined twice, a top-level block scalar at column
0 ...) and reads a few things otherwise than the specification says. Before a libyaml error is
reported, or where the text holds one of the few forms libyaml misreads, the file is read again
here. The events of ruamel.yaml's parser are composed into the same node classes the fast path
gives (PyYAML's), so the same builder turns them into values with the same guards and the same
source map.

Only the parser is ruamel's: tags, anchors and documents are handled here, so a tag is never
resolved to anything (every explicit tag, the non-specific ``!`` included, reaches the builder
and is refused there) and an anchor defined twice means its latest node, as YAML 1.2 says.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from partnerkit.load.problems import ReadProblem

IMPLICIT = "?"
"""The tag of every node written without one; the builder resolves it by the YAML 1.2 core schema."""

SECOND_DOCUMENT = (
    "the file holds more than one YAML document (a second '---')",
    "keep one document per file: delete the second '---' and what follows, or move it to its own file",
)

HINT = "check indentation (spaces, not tabs), colons after keys and matching quotes on this line"

_SURROGATE = re.compile("[\ud800-\udfff]")


def compose(text: str) -> tuple[Node | None, list[Any]] | ReadProblem:
    """The document's node graph and the start mark of each of its aliases, in the order they
    are written; or the problem ruamel.yaml finds in it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    aliases: list[Any] = []
    reader = YAML(typ="safe", pure=True)
    reader.Scanner = _scanner()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # reserved directives and the like are not the reader's business
            return _compose(reader.parse(text), aliases), aliases
    except _Refused as refused:
        return refused.problem
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if error.problem == GLUED_COMMENT:
            return ReadProblem(
                "syntax",
                f"YAML syntax error: {GLUED_COMMENT}",
                line,
                column,
                "put a space before '#' (or, if the '#' belongs to the value, put it inside the quotes)",
            )
        context = f" ({error.context})" if error.context else ""
        return ReadProblem("syntax", f"YAML syntax error: {error.problem}{context}", line, column, HINT)
    except Exception as error:  # the second reader failing in any other way refuses the file too
        return ReadProblem("syntax", f"the file is not valid YAML: {error}", 1, 1)


GLUED_COMMENT = "text right after the value: '#' starts a comment only after a space"

_SCANNER: Any = None
_BLANK = "\0 \t\r\n\x85\u2028\u2029"


def _scanner() -> Any:
    """ruamel.yaml's scanner, corrected where it reads YAML 1.2 otherwise than the specification
    (made once, on first use, so that importing this module does not import ruamel.yaml)."""
    global _SCANNER
    if _SCANNER is None:
        from ruamel.yaml.scanner import Scanner, ScannerError

        class YAML12Scanner(Scanner):
            """Four corrections, each a few lines around the inherited scanner's own methods:

            - Tabs separate tokens in block context too, as YAML 1.2 allows (the inherited
              scanner skips them only inside flow collections), unless a tab stands where
              indentation is (after no more leading spaces than the enclosing block
              collection's indentation, or on the line right after a block scalar) and the
              line holds more than blanks and a comment. Nothing after such a tab may start a
              key, a sequence entry or a block collection on its line: the rule the inherited
              scanner's own notes give.
            - ``#`` right after a closing quote, bracket, brace, comma or block-scalar header
              starts no comment (a comment needs a space before it): it is an error.
            - ``?`` followed by a character other than a blank starts a plain scalar in flow
              collections as well as in block context; it is not a key indicator there.
            - In a flow mapping a key may span lines and its ``:`` may stand on a later line
              (``{"key"`` then ``: value``); the single-line limit is for implicit keys
              elsewhere. Every line a flow collection goes on to must then be indented more
              than the block collection it is in, as the specification says and the inherited
              scanner does not check.
            """

            after_block_scalar = False

            def scan_to_next_token(self) -> Any:
                after_block_scalar, self.after_block_scalar = self.after_block_scalar, False
                reader = self.reader
                line = reader.line
                super().scan_to_next_token()
                if self.flow_level and reader.line != line and self._indentation() <= self.indent:
                    raise ScannerError(
                        "while scanning a flow collection",
                        None,
                        "this line is not indented more than the block it continues",
                        reader.get_mark(),
                    )
                while not self.flow_level and reader.peek() == "\t":
                    ahead = 0
                    while reader.peek(ahead) in " \t":
                        ahead += 1
                    buffer, pointer = reader.buffer, reader.pointer
                    before = buffer[buffer.rfind("\n", 0, pointer) + 1 : pointer]
                    indentation = not before.strip(" ")
                    if reader.peek(ahead) not in "#\0\r\n\x85\u2028\u2029":
                        if indentation and len(before) <= self.indent:
                            return None  # the tab stands for indentation: the scanner refuses it
                        self.allow_simple_key = False
                    elif indentation and after_block_scalar:
                        return None
                    reader.forward(ahead)
                    super().scan_to_next_token()
                return None

            def _indentation(self) -> int:
                """The spaces that start the current line (a tab is never indentation)."""
                buffer, pointer = self.reader.buffer, self.reader.pointer
                start = buffer.rfind("\n", 0, pointer) + 1
                return len(buffer[start:pointer]) - len(buffer[start:pointer].lstrip(" "))

            def fetch_block_scalar(self, style: Any) -> None:
                ahead = 1
                while self.reader.peek(ahead) in "+-123456789":
                    ahead += 1
                if self.reader.peek(ahead) == "#":  # "|#" or ">-#": the header needs a space before its comment
                    self.reader.forward(ahead)
                    self._no_glued_comment()
                super().fetch_block_scalar(style)
                self.after_block_scalar = True

            def fetch_flow_scalar(self, style: Any) -> None:
                super().fetch_flow_scalar(style)
                self._no_glued_comment()

            def fetch_flow_collection_end(self, token_class: Any) -> None:
                super().fetch_flow_collection_end(token_class)
                self._no_glued_comment()

            def fetch_flow_entry(self) -> None:
                super().fetch_flow_entry()
                self._no_glued_comment()

            def _no_glued_comment(self) -> None:
                if self.reader.peek() == "#":
                    raise ScannerError(None, None, GLUED_COMMENT, self.reader.get_mark())

            def stale_possible_simple_keys(self) -> None:
                level = self.flow_level
                kept = None
                if level and self.flow_context and self.flow_context[-1] == "{":
                    kept = self.possible_simple_keys.pop(level, None)
                super().stale_possible_simple_keys()
                if kept is not None:
                    self.possible_simple_keys[level] = kept

            last_token: Any = None

            def fetch_more_tokens(self) -> Any:
                result = super().fetch_more_tokens()
                self.last_token = self.tokens[-1] if self.tokens else None
                return result

            def check_value(self) -> Any:
                # ":x" right after a flow mapping's ":" is a plain scalar; the inherited check
                # looks for that ":" among the tokens not yet parsed, where it may be gone
                if (
                    self.flow_level
                    and self.flow_context[-1] == "{"
                    and self.reader.peek(1) not in _BLANK
                    and self.last_token.__class__.__name__ == "ValueToken"
                ):
                    return False
                return super().check_value()

            def check_key(self) -> Any:
                after = self.reader.peek(1)
                return after in _BLANK or (self.flow_level and after in ",[]{}")

            def check_plain(self) -> Any:
                if self.reader.peek() == "?":
                    return not self.check_key()
                return super().check_plain()

        _SCANNER = YAML12Scanner
    return _SCANNER


class _Refused(Exception):
    def __init__(self, problem: ReadProblem) -> None:
        self.problem = problem


def _compose(events: Iterable[Any], aliases: list[Any]) -> Node | None:
    root: Node | None = None
    documents = 0
    anchors: dict[Any, Node] = {}
    stack: list[list[Any]] = []  # each open collection, and the key still waiting for its value
    for event in events:
        name = event.__class__.__name__
        if name == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                raise _Refused(_at(event.start_mark, *SECOND_DOCUMENT))
            continue
        if name in ("SequenceEndEvent", "MappingEndEvent"):
            stack.pop()
            continue
        node: Node
        if name == "ScalarEvent":
            value = event.value
            if _SURROGATE.search(value):
                raise _Refused(
                    _at(
                        event.start_mark,
                        "an escape in this text stands for half of a character (a lone surrogate)",
                        "write the character itself, or escape it whole (\\U0001F600, not \\ud83d\\ude00)",
                    )
                )
            node = ScalarNode(_tag(event), value, event.start_mark, event.end_mark, event.style or "")
        elif name == "SequenceStartEvent":
            node = SequenceNode(_tag(event), [], event.start_mark, event.end_mark, event.flow_style)
        elif name == "MappingStartEvent":
            node = MappingNode(_tag(event), [], event.start_mark, event.end_mark, event.flow_style)
        elif name == "AliasEvent":
            if event.anchor not in anchors:
                raise _Refused(
                    _at(
                        event.start_mark,
                        f"the alias *{event.anchor} names no anchor written before it",
                        f"write &{event.anchor} on the value to repeat, before this alias",
                    )
                )
            node = anchors[event.anchor]
            aliases.append(event.start_mark)
        else:  # stream start and end, document end
            continue
        if name != "AliasEvent" and event.anchor is not None:
            anchors[event.anchor] = node
        if stack:
            parent = stack[-1]
            if parent[0].__class__ is SequenceNode:
                parent[0].value.append(node)
            elif parent[1] is None:
                parent[1] = node
            else:
                parent[0].value.append((parent[1], node))
                parent[1] = None
        else:
            root = node
        if name in ("SequenceStartEvent", "MappingStartEvent"):
            stack.append([node, None])
    return root


def _tag(event: Any) -> str:
    tag = event.tag
    return IMPLICIT if tag is None else str(tag)


def _at(mark: Any, message: str, hint: str) -> ReadProblem:
    return ReadProblem("syntax", message, mark.line + 1, mark.column + 1, hint)
