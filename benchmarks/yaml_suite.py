#!/usr/bin/env python3
"""Measure partnerkit's YAML reader against the official YAML test suite.

Every case of the suite's data release (a folder per case holding ``in.yaml``, ``test.event``,
``in.json`` for valid documents that JSON can hold, and an empty ``error`` file for invalid
ones; a case with several variants has them in ``00/``, ``01/`` ...) is read the way a
partnership file is read (UTF-8 bytes, then YAML) and the outcome is put in one of these classes:

- ``right``: a valid document read as its ``in.json`` says (or, where it has none, read), or an
  invalid one refused;
- ``refused by design``: a valid document that uses something partnerkit refuses on purpose
  (any tag, more than one document, a key that is a list or mapping, a ``%YAML`` other than
  1.2, a character that no partnership file may hold) and was refused; the README's "Reading
  safely" lists them. An empty stream (no document) is read as an empty mapping, by design;
- ``wrong rejection``: a valid document refused for any other reason;
- ``wrong acceptance``: an invalid document read without a problem;
- ``misread``: a valid document read, but not as ``in.json`` says;
- ``missed refusal``: a document with something refused by design that was read anyway.

The suite is not part of this repository. It is looked for in ``--suite``, else in
``$PARTNERKIT_YAML_SUITE``, else in ``shared/data/yaml-test-suite`` beside the repository.

    python benchmarks/yaml_suite.py                  # counts, and the cases that are wrong
    python benchmarks/yaml_suite.py --reader libyaml # the fast path (libyaml) alone
    python benchmarks/yaml_suite.py --reader ruamel  # the second reader (ruamel.yaml, corrected) alone
    python benchmarks/yaml_suite.py --reader ruamel-stock  # ruamel.yaml's parser as it ships
    python benchmarks/yaml_suite.py --json counts.json

Standard library only, plus partnerkit itself. Exits 0 whatever the counts: it measures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SUITE = REPO.parent / "shared" / "data" / "yaml-test-suite"

CLASSES = ("right", "refused by design", "wrong rejection", "wrong acceptance", "misread", "missed refusal")
WRONG = ("wrong rejection", "wrong acceptance", "misread", "missed refusal")


def suite_path(given: str | None = None) -> Path:
    return Path(given or os.environ.get("PARTNERKIT_YAML_SUITE") or DEFAULT_SUITE)


@dataclass(frozen=True)
class Case:
    id: str  # "DC7X", or "Y79Y/03" for one variant of a case
    name: str
    yaml: bytes
    valid: bool
    events: str  # test.event ("" where the suite gives none)
    json: str | None  # in.json


def cases(root: Path) -> Iterator[Case]:
    """Every case under ``root``, sorted by id."""
    for source in sorted(root.rglob("in.yaml")):
        folder = source.parent
        ident = folder.relative_to(root).as_posix()
        name_file = folder / "==="
        if not name_file.exists() and (folder.parent / "===").exists():
            name_file = folder.parent / "==="
        json_file, events_file = folder / "in.json", folder / "test.event"
        yield Case(
            ident,
            name_file.read_text(encoding="utf-8").strip() if name_file.exists() else "",
            source.read_bytes(),
            not (folder / "error").exists(),
            events_file.read_text(encoding="utf-8") if events_file.exists() else "",
            json_file.read_text(encoding="utf-8") if json_file.exists() else None,
        )


# --- what a case uses, from its event stream ------------------------------------------------

_PROPERTY = re.compile(r"\s*(\{\}|\[\]|&\S+|<[^>]*>)")


@dataclass(frozen=True)
class Features:
    documents: int
    tags: bool
    complex_key: bool
    duplicate_key: bool

    def by_design(self, text: str) -> str | None:
        """Why partnerkit refuses this valid document on purpose, or None."""
        if self.documents > 1:
            return "more than one document"
        if self.tags:
            return "a tag"
        if self.complex_key:
            return "a key that is a list or mapping"
        if self.duplicate_key:
            return "a key written twice in one mapping"
        if re.search(r"^%YAML[ \t]+(?!1\.2\b)", text, re.MULTILINE):
            return "a %YAML directive other than 1.2"
        if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", text):
            return "a control character"
        return None


def features(events: str) -> Features:
    documents = 0
    tags = complex_key = duplicate_key = False
    stack: list[list[Any]] = []  # [kind, items so far, scalar keys seen]
    collections: set[str] = set()  # anchors of collections
    for line in events.splitlines():
        line = line.strip()
        kind, _, rest = line.partition(" ")
        if kind == "+DOC":
            documents += 1
        if kind not in ("+MAP", "+SEQ", "=VAL", "=ALI"):
            if kind in ("-MAP", "-SEQ") and stack:
                stack.pop()
            continue
        head, at = [], 0
        while prop := _PROPERTY.match(rest, at):
            head.append(prop.group(1))
            at = prop.end()
        if any(p.startswith("<") for p in head):
            tags = True
        in_key = bool(stack) and stack[-1][0] == "+MAP" and stack[-1][1] % 2 == 0
        if stack:
            stack[-1][1] += 1
        anchor = next((p[1:] for p in head if p.startswith("&")), None)
        if kind in ("+MAP", "+SEQ"):
            if in_key:
                complex_key = True
            if anchor:
                collections.add(anchor)
            stack.append([kind, 0, set()])
        elif kind == "=ALI" and in_key and rest.strip().lstrip("*") in collections:
            complex_key = True
        elif kind == "=VAL" and in_key:
            value = rest[at:].strip()
            key = "null" if value in (":", ":~", ":null", ":Null", ":NULL") else value
            duplicate_key = duplicate_key or key in stack[-1][2]
            stack[-1][2].add(key)
    return Features(documents, tags, complex_key, duplicate_key)


# --- readers ---------------------------------------------------------------------------------

Read = Callable[[bytes], Any]  # a value, or partnerkit's ReadProblem


def reader(name: str) -> Read:
    from partnerkit.load.problems import ReadProblem
    from partnerkit.load.text import decode
    from partnerkit.load.yaml12 import parse

    options = {} if name == "partnerkit" else {"reader": name.removesuffix("-stock")}
    if name == "ruamel-stock":  # ruamel.yaml's own scanner, without partnerkit's corrections
        from ruamel.yaml.scanner import Scanner

        from partnerkit.load import yaml_fallback

        yaml_fallback._SCANNER = Scanner

    def read(data: bytes) -> Any:
        text = decode(data)
        return text if isinstance(text, ReadProblem) else parse(text, **options)

    return read


def _json_values(text: str) -> list[Any]:
    decoder, values, at = json.JSONDecoder(), [], 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return values
        value, at = decoder.raw_decode(text, at)
        values.append(value)


def _as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _same(ours: Any, expected: Any) -> bool:
    if isinstance(ours, float) and isinstance(expected, float) and math.isnan(ours) and math.isnan(expected):
        return True
    if isinstance(ours, bool) or isinstance(expected, bool):
        return ours is expected
    if isinstance(ours, dict) and isinstance(expected, dict):
        return ours.keys() == expected.keys() and all(_same(ours[k], expected[k]) for k in ours)
    if isinstance(ours, list) and isinstance(expected, list):
        return len(ours) == len(expected) and all(map(_same, ours, expected))
    return type(ours) is type(expected) or ({type(ours), type(expected)} == {int, float} and ours == expected)


@dataclass(frozen=True)
class Outcome:
    case: Case
    verdict: str
    detail: str


def judge(case: Case, read: Read) -> Outcome:
    from partnerkit.load.problems import ReadProblem

    try:
        result = read(case.yaml)
    except Exception as error:  # a crash is a wrong answer either way
        result = ReadProblem("crash", f"{type(error).__name__}: {error}")
    refused = isinstance(result, ReadProblem)
    detail = f"{result.line}:{result.column} {result.message}" if refused else json.dumps(_as_json(result))[:200]
    if not case.valid:
        return Outcome(case, "right" if refused else "wrong acceptance", detail)
    why = features(case.events).by_design(case.yaml.decode("utf-8", "replace"))
    if why:
        return Outcome(case, "refused by design" if refused else "missed refusal", f"{why}: {detail}")
    if refused:
        return Outcome(case, "wrong rejection", detail)
    if case.json is None:
        return Outcome(case, "right", detail)
    expected = _json_values(case.json)
    if not expected:  # an empty stream: read as an empty mapping, like an empty file
        return Outcome(case, "right" if result == {} else "misread", detail)
    if _same(_as_json(result), expected[0]):
        return Outcome(case, "right", detail)
    return Outcome(case, "misread", f"{detail}  expected {json.dumps(expected[0])[:200]}")


def measure(root: Path, read: Read) -> list[Outcome]:
    return [judge(case, read) for case in cases(root)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", help=f"the suite's data folder (default: $PARTNERKIT_YAML_SUITE or {DEFAULT_SUITE})")
    parser.add_argument(
        "--reader",
        default="partnerkit",
        choices=("partnerkit", "libyaml", "ruamel", "ruamel-stock"),
        help="partnerkit's reader (default), or one of its two parsers alone; ruamel-stock is ruamel.yaml's "
        "parser without partnerkit's corrections to its scanner",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the counts and every wrong case as JSON")
    parser.add_argument("--quiet", action="store_true", help="counts only")
    args = parser.parse_args(argv)
    root = suite_path(args.suite)
    if not root.is_dir():
        print(f"the YAML test suite is not at {root}; pass --suite or set PARTNERKIT_YAML_SUITE", file=sys.stderr)
        return 2
    outcomes = measure(root, reader(args.reader))
    counts = Counter(o.verdict for o in outcomes)
    valid = sum(o.case.valid for o in outcomes)
    print(f"{len(outcomes)} cases ({valid} valid, {len(outcomes) - valid} invalid), reader: {args.reader}")
    for verdict in CLASSES:
        print(f"  {verdict:<18} {counts[verdict]:>4}")
    if not args.quiet:
        for verdict in (*WRONG, "refused by design"):
            chosen = [o for o in outcomes if o.verdict == verdict]
            if chosen:
                print(f"\n{verdict}:")
                for o in chosen:
                    print(f"  {o.case.id:<8} {o.case.name[:50]:<50} {o.detail}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "reader": args.reader,
                    "counts": {v: counts[v] for v in CLASSES},
                    "cases": {o.case.id: [o.verdict, o.detail] for o in outcomes if o.verdict != "right"},
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
