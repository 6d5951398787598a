"""The two accelerators change nothing but speed: parallel parsing and the result cache."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from partnerkit.load import parallel
from partnerkit.load.problems import ReadProblem
from tests.conftest import invoke, write_portfolio


def _parse_one(path: str):
    if path.endswith("7"):
        return ReadProblem("syntax", f"bad {path}", 3, 4, "fix it")
    return {"path": path, "items": [1, 2.5, None, True, "x"]}


def test_parallel_parse_equals_serial() -> None:
    paths = [f"f{i}" for i in range(parallel.PARALLEL_MIN_FILES + 21)]
    assert parallel.parse_many(paths, _parse_one) == {path: _parse_one(path) for path in paths}


def test_parallel_parse_survives_a_failing_child() -> None:
    parent = os.getpid()

    def crashes_in_child(path: str):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return _parse_one(path)

    paths = [f"f{i}" for i in range(parallel.PARALLEL_MIN_FILES)]
    assert parallel.parse_many(paths, crashes_in_child) == {path: _parse_one(path) for path in paths}


def test_rules_and_locations_on_two_cores_find_what_one_core_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every partnership's rules, and every finding's line, worked out half in a forked child."""
    import partnerkit.lint as linting
    import partnerkit.load.portfolio as loading
    from partnerkit.lint import lint
    from partnerkit.load.source import WorkingTree
    from partnerkit.settings import load_config
    from tests.conftest import EXAMPLE

    def run() -> list:
        return lint(WorkingTree(EXAMPLE), load_config(EXAMPLE), dt.date(2026, 11, 25)).diagnostics

    alone = run()
    monkeypatch.setattr(linting, "PARALLEL_MIN_PARTNERSHIPS", 1)
    monkeypatch.setattr(loading, "PARALLEL_MIN_FILES", 1)
    both = run()
    assert len(alone) > 15
    assert all(d.line for d in alone if d.path.endswith(".yaml") and d.code not in ("PK003", "PK010"))
    assert both == alone


RISK = "risks:\n  - {id: R1, title: Churn, category: commercial, likelihood: 4, impact: 5, owner: ana}\n"


def _lint_json(root: Path, *extra: str) -> dict:
    result = invoke(["lint", str(root), "--format", "json", "--as-of", "2026-11-25", *extra])
    return json.loads(result.output)


def test_cache_answers_a_rerun_and_notices_every_change(tmp_path: Path) -> None:
    write_portfolio(tmp_path, {"partnerships/good/risks.yaml": RISK})
    first = _lint_json(tmp_path)
    assert (tmp_path / ".partnerkit-cache" / "lint.json").is_file()
    assert (tmp_path / ".partnerkit-cache" / ".gitignore").read_text().endswith("*\n")
    assert _lint_json(tmp_path) == first

    risks = tmp_path / "partnerships/good/risks.yaml"
    risks.write_text(RISK.replace("owner: ana}", "owner: ana, mitigation: Two-year contract}"))
    os.utime(risks, ns=(1, 1))  # even an edit that keeps the old size is seen (mtime and content differ)
    changed = _lint_json(tmp_path)
    assert "PK403" in {d["code"] for d in first["diagnostics"]}
    assert "PK403" not in {d["code"] for d in changed["diagnostics"]}
    assert _lint_json(tmp_path, "--as-of", "2026-01-01")["as_of"] == "2026-01-01"


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    write_portfolio(tmp_path, {})
    _lint_json(tmp_path, "--no-cache")
    assert not (tmp_path / ".partnerkit-cache").exists()


def test_a_corrupt_cache_is_a_miss(tmp_path: Path) -> None:
    write_portfolio(tmp_path, {"partnerships/good/risks.yaml": RISK})
    first = _lint_json(tmp_path)
    (tmp_path / ".partnerkit-cache" / "lint.json").write_text("{not json")
    assert _lint_json(tmp_path) == first


def test_the_cache_key_covers_all_of_partnerkits_code(tmp_path: Path) -> None:
    """A change to any module (a rule's message, a loader fix) must never be answered from the cache."""
    import partnerkit
    from partnerkit.lint import cache

    write_portfolio(tmp_path, {})
    before = cache.cache_key(tmp_path, "")
    rules = Path(partnerkit.__file__).resolve().parent / "rules" / "agreements.py"
    stat = rules.stat()
    try:
        os.utime(rules, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert cache.cache_key(tmp_path, "") != before
    finally:
        os.utime(rules, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_scorecards_rendered_on_two_cores_are_the_report_rendered_on_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import partnerkit.report.templates as templates
    from tests.test_report import model

    report = model()
    alone = {kind: templates.render(report, kind) for kind in ("html", "md")}
    monkeypatch.setattr(templates, "PARALLEL_MIN_CARDS", 1)
    assert {kind: templates.render(report, kind) for kind in ("html", "md")} == alone
    assert alone["html"].count('<article class="card"') == len(report.partnerships) > 5
    assert alone["md"].count("\n### ") >= len(report.partnerships)


def test_compiled_templates_are_never_served_for_a_changed_template_or_other_settings(tmp_path: Path) -> None:
    """Jinja's cache of compiled templates is keyed by the template's text and by the settings
    that change what it compiles to: an edit, or autoescaping, is never answered from the cache."""
    from partnerkit.templates import environment

    page = tmp_path / "page.j2"
    page.write_text("<b>{{ value }}</b>\n", encoding="utf-8")
    assert environment(tmp_path, autoescape=True).get_template("page.j2").render(value="<x>") == "<b>&lt;x&gt;</b>\n"
    assert environment(tmp_path, autoescape=False).get_template("page.j2").render(value="<x>") == "<b><x></b>\n"
    page.write_text("<i>{{ value }}</i>\n", encoding="utf-8")
    assert environment(tmp_path, autoescape=True).get_template("page.j2").render(value="<x>") == "<i>&lt;x&gt;</i>\n"
