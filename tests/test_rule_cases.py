"""Every rule's pass and fail cases, as data: one YAML file per rule in tests/rule_cases/.

Each case starts from the clean portfolio in tests/fixtures/base, applies its file overrides
and asserts exactly where the rule reports, as (path, line, column).

Case format::

    rule: PK403
    cases:
      - name: high open risk without mitigation
        as_of: 2026-11-25        # optional
        config: |                # optional: replaces partnerkit.yaml
          version: 1
        files:                   # path -> text; null deletes the file
          partnerships/acme/risks.yaml: |
            risks: ...
        files_b64:               # path -> base64 of the exact bytes
          partnerships/acme/kpis.yaml: "..."
        symlinks:                # path -> link target (relative to the link)
          partnerships/acme/kpis.yaml: ../../people.yaml
        expect:
          - {path: partnerships/acme/risks.yaml, line: 2, col: 5}
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from partnerkit.lint import lint
from partnerkit.load.source import WorkingTree
from partnerkit.rules import REGISTRY
from partnerkit.settings import load_config

HERE = Path(__file__).resolve().parent
BASE = HERE / "fixtures" / "base"
CASES = HERE / "rule_cases"
AS_OF = dt.date(2026, 11, 25)
NOT_LINT_FINDINGS = {"PK006"}  # config-invalid stops the run; it is never a lint finding
CASE_KEYS = {"name", "as_of", "config", "files", "files_b64", "symlinks", "expect"}

Location = tuple[str, int, int]


def _case_files() -> list[Path]:
    return sorted(CASES.glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == {"rule", "cases"}, f"{path.name}: expected `rule:` and `cases:`"
    assert data["rule"] == path.stem, f"{path.name}: `rule: {data['rule']}` does not match the file name"
    return data


def _collect() -> list[Any]:
    params = []
    for path in _case_files():
        data = _load(path)
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}"))
    return params


def _as_of(value: Any) -> dt.date:
    if value is None:
        return AS_OF
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _build(root: Path, case: dict[str, Any]) -> None:
    shutil.copytree(BASE, root)
    overrides: dict[str, bytes | None] = {}
    if "config" in case:
        overrides["partnerkit.yaml"] = case["config"].encode("utf-8")
    for name, text in (case.get("files") or {}).items():
        overrides[name] = None if text is None else text.encode("utf-8")
    for name, encoded in (case.get("files_b64") or {}).items():
        overrides[name] = base64.b64decode(encoded)
    for name, content in overrides.items():
        target = root / name
        if content is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    for name, link_to in (case.get("symlinks") or {}).items():
        link = root / name
        link.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(link):
            link.unlink()
        link.symlink_to(link_to)


def _expected(case: dict[str, Any]) -> list[Location]:
    expect = case["expect"] or ()
    assert all(set(e) == {"path", "line", "col"} for e in expect), "each expectation is {path, line, col}"
    return sorted((e["path"], int(e["line"]), int(e["col"])) for e in expect)


def _found(root: Path, code: str, as_of: dt.date) -> list[Location]:
    result = lint(WorkingTree(root), load_config(root), as_of, select={code})
    return sorted((d.path, d.line, d.column) for d in result.diagnostics if d.code == code)


@pytest.mark.parametrize(("code", "case"), _collect())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    assert set(case) <= CASE_KEYS, f"unknown case keys: {sorted(set(case) - CASE_KEYS)}"
    root = tmp_path / "portfolio"
    _build(root, case)
    assert _found(root, code, _as_of(case.get("as_of"))) == _expected(case)


def test_every_rule_has_failing_and_passing_cases() -> None:
    files = {path.stem: _load(path) for path in _case_files()}
    missing = [code for code in REGISTRY if code not in NOT_LINT_FINDINGS and code not in files]
    assert not missing, f"rules without a case file in tests/rule_cases/: {missing}"
    unknown = sorted(set(files) - set(REGISTRY))
    assert not unknown, f"case files for codes that are not rules: {unknown}"
    for code, data in files.items():
        cases = data["cases"]
        names = [case["name"] for case in cases]
        assert len(names) == len(set(names)), f"{code}: case names repeat"
        assert any(case["expect"] for case in cases), f"{code}: no failing case"
        assert any(not case["expect"] for case in cases), f"{code}: no passing case"


def test_base_fixture_is_clean(tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    shutil.copytree(BASE, root)
    result = lint(WorkingTree(root), load_config(root), AS_OF)
    assert [(d.code, d.path, d.line, d.column, d.message) for d in result.diagnostics] == []
