"""Do many independent pieces of work on two cores when there are enough of them to be worth it.

Parsing is most of a cold run; locating findings (parsing again, recording lines) and the
partnership rules are most of the rest. A forked child does every other item and
sends its results back with ``marshal`` (fast; the results are plain values: dicts, lists,
tuples, scalars); the parent does the others meanwhile. The child inherits everything the
parent has loaded, so nothing is sent to it. If the child fails in any way, the parent does the
child's items too, so the result never depends on the child.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from partnerkit.load.problems import ReadProblem

PARALLEL_MIN_FILES = 400
"""Fewer files are parsed in this process alone: a fork costs more than it saves."""

T = TypeVar("T")
R = TypeVar("R")

Parsed = Any  # data, or a ReadProblem
ParseOne = Callable[[str], Parsed]


def split_map(
    items: Sequence[T],
    work: Callable[[T], R],
    minimum: int,
    encode: Callable[[R], Any] = lambda result: result,
    decode: Callable[[Any], R] = lambda value: value,
) -> list[R]:
    """``[work(item) for item in items]``, half of it in a forked child when there are at least
    ``minimum`` items. ``encode`` turns a result into values ``marshal`` can send, ``decode`` back."""
    if len(items) < minimum or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return [work(item) for item in items]
    mine, theirs = items[0::2], items[1::2]  # alternate items: neighbours tend to be alike in size
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: work, send, and leave without running any cleanup of the parent's
        status = 1
        try:
            os.close(reader)
            payload = marshal.dumps([encode(work(item)) for item in theirs])
            with os.fdopen(writer, "wb") as stream:
                stream.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    results: list[Any] = [None] * len(items)
    results[0::2] = [work(item) for item in mine]
    with os.fdopen(reader, "rb") as stream:
        payload = stream.read()
    _, status = os.waitpid(pid, 0)
    try:
        received = marshal.loads(payload) if status == 0 else None
    except (EOFError, ValueError, TypeError):
        received = None
    if received is None or len(received) != len(theirs):
        results[1::2] = [work(item) for item in theirs]
    else:
        results[1::2] = [decode(value) for value in received]
    return results


def parse_many(paths: Sequence[str], parse_one: ParseOne) -> dict[str, Parsed]:
    """Each path's parsed data (or ReadProblem)."""
    return dict(zip(paths, split_map(paths, parse_one, PARALLEL_MIN_FILES, _encode, _decode), strict=True))


def _encode(parsed: Parsed) -> Any:
    # YAML never yields a tuple, so a tuple can carry a problem.
    if isinstance(parsed, ReadProblem):
        return (parsed.kind, parsed.message, parsed.line, parsed.column, parsed.hint)
    return parsed


def _decode(value: Any) -> Parsed:
    return ReadProblem(*value) if isinstance(value, tuple) else value
