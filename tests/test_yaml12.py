"""YAML 1.2 core-schema semantics and the source map."""

from __future__ import annotations

import math

import pytest

from partnerkit.load.problems import ReadProblem
from partnerkit.load.yaml12 import locate, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("off", "off"),
        ("y", "y"),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("1:20", "1:20"),
        ("1_000", "1_000"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("1.5", 1.5),
        ("-2e3", -2000.0),
        (".inf", math.inf),
        ("2026-02-30", "2026-02-30"),
        ("0b101", "0b101"),
        ("0o9", "0o9"),
        ("'012'", "012"),
        ('"true"', "true"),
    ],
)
def test_plain_scalars_follow_yaml_1_2(text: str, expected: object) -> None:
    assert parse(f"v: {text}\n") == {"v": expected}


def test_nan_is_nan() -> None:
    value = parse("v: .nan\n")
    assert isinstance(value, dict) and math.isnan(value["v"])


def test_empty_file_is_an_empty_mapping() -> None:
    assert parse("# only a comment\n") == {}


def test_source_map_points_at_keys_and_items() -> None:
    locations: dict = {}
    text = "kpis:\n  - id: a\n    target: 5\n  - id: b\n    measurements:\n      - {date: 2026-01-01, value: 3}\n"
    parse(text, locations)
    assert locate(locations, ("kpis", 0, "target")) == (3, 5)
    assert locate(locations, ("kpis", 1)) == (4, 5)
    assert locate(locations, ("kpis", 1, "measurements", 0, "value")) == (6, 28)
    # A path that is not written falls back to its nearest parent: a missing field points at its mapping.
    assert locate(locations, ("kpis", 1, "owner")) == (4, 5)


def test_duplicate_keys_name_both_lines() -> None:
    problem = parse("a: 1\nb: 2\na: 3\n")
    assert isinstance(problem, ReadProblem)
    assert (problem.line, problem.column) == (3, 1)
    assert "lines 1 and 3" in problem.message


def test_aliases_within_the_cap_are_expanded() -> None:
    assert parse("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
