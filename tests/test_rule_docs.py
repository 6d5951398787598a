"""Every rule documents itself the same way, so `explain` and docs/rules.md are never thin."""

from __future__ import annotations

import re

import pytest

from partnerkit.rules import REGISTRY

CODE = re.compile(r"PK\d{3}\Z")
NAME = re.compile(r"[a-z]+(-[a-z0-9]+)+\Z")


@pytest.mark.parametrize("code", list(REGISTRY))
def test_rule_is_fully_documented(code: str) -> None:
    rule = REGISTRY[code]
    assert CODE.match(rule.code) and NAME.match(rule.name)
    assert rule.summary.endswith(".") and len(rule.why) > 40
    assert rule.bad.strip() and rule.good.strip() and rule.bad != rule.good
    assert (rule.check is None) == (rule.scope == "loader")
    for field in rule.options.model_fields.values() if rule.options else ():
        assert field.description, f"{code}: every option needs a description"
