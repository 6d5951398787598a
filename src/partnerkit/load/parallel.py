"""Read and parse many files, on two cores when there are enough of them to be worth it.

Parsing is most of a cold run. A forked child parses half the files and sends the plain
values back with ``marshal`` (fast, and YAML values are only dicts, lists and scalars); the
parent parses the other half meanwhile. If the child fails in any way, the parent parses its
half too, so the result never depends on the child.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Sequence
from typing import Any

from partnerkit.load.problems import ReadProblem

PARALLEL_MIN_FILES = 400

Parsed = Any  # data, or a ReadProblem
ParseOne = Callable[[str], Parsed]


def parse_many(paths: Sequence[str], parse_one: ParseOne) -> dict[str, Parsed]:
    if len(paths) < PARALLEL_MIN_FILES or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return {path: parse_one(path) for path in paths}
    middle = len(paths) // 2
    mine, theirs = paths[:middle], paths[middle:]
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse, send, and leave without running any cleanup of the parent's
        status = 1
        try:
            os.close(reader)
            payload = marshal.dumps([_encode(parse_one(path)) for path in theirs])
            with os.fdopen(writer, "wb") as stream:
                stream.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    results = {path: parse_one(path) for path in mine}
    with os.fdopen(reader, "rb") as stream:
        payload = stream.read()
    _, status = os.waitpid(pid, 0)
    try:
        received = marshal.loads(payload) if status == 0 else None
    except (EOFError, ValueError, TypeError):
        received = None
    if received is None or len(received) != len(theirs):
        results.update({path: parse_one(path) for path in theirs})
    else:
        results.update(zip(theirs, map(_decode, received), strict=True))
    return results


def _encode(parsed: Parsed) -> Any:
    # YAML never yields a tuple, so a tuple can carry a problem.
    if isinstance(parsed, ReadProblem):
        return (parsed.kind, parsed.message, parsed.line, parsed.column, parsed.hint)
    return parsed


def _decode(value: Any) -> Parsed:
    return ReadProblem(*value) if isinstance(value, tuple) else value
