"""Scores, maturity, the summary, and the score/status commands."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from partnerkit.health import Health, assess, summarise
from partnerkit.lint import lint
from partnerkit.load.source import WorkingTree
from partnerkit.settings import load_config
from tests.conftest import AS_OF, BASE, REPO, invoke


def healths(root: Path, as_of: dt.date = AS_OF) -> list[Health]:
    config = load_config(root)
    result = lint(WorkingTree(root), config, as_of)
    return assess(result)


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "partnerships" / "acme" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_the_clean_fixture_explains_every_point(base: Path) -> None:
    [acme] = healths(base)
    assert acme.score.explain() == "89: KPI pipeline at 60% of the way from baseline to target -6; Enable amber -5"
    assert (acme.score.band, acme.score.coverage, acme.maturity.level, acme.maturity.name) == (
        "healthy",
        1.0,
        3,
        "Apply",
    )
    assert acme.maturity.missing == ("KPIs with dated plans (target dates), measured on schedule",)


def test_red_bucket_open_risk_and_lagging_kpi_cost_what_the_readme_says(base: Path) -> None:
    edit(base, "status.yaml", "Monetize: {rag: green", "Monetize: {rag: red")
    edit(
        base,
        "risks.yaml",
        "    mitigation: Change-of-control clause in the MSA.\n    status: mitigating",
        "    status: open",
    )
    edit(base, "kpis.yaml", "value: 1200000}", "value: 800000}")
    [acme] = healths(base)
    reasons = {r.text: r.points for r in acme.score.reasons}
    assert (
        reasons["Monetize red"] == 15
        and reasons["KPI pipeline at 40% of the way from baseline to target"] == 9
        and reasons["risk R1 (4x5) open with no mitigation"] == 8
    )
    assert acme.score.value == round(100 - sum(reasons.values()))
    assert acme.score.band == "watch"


def test_weights_and_bands_come_from_the_config(base: Path) -> None:
    (base / "partnerkit.yaml").write_text(
        "version: 1\nscoring:\n  weights: {amber: 20, kpi: 0, risk: 0}\n  bands: {healthy: 90, watch: 80}\n"
    )
    [acme] = healths(base)
    assert acme.score.explain() == "80: Enable amber -20"
    assert acme.score.band == "watch"


def test_caps_limit_what_one_component_can_cost(base: Path) -> None:
    many = "".join(
        f"  - {{id: k{i}, name: K{i}, bucket: Monetize, baseline: 0, target: 100, owner: mia, "
        f"measurements: [{{date: 2026-10-01, value: 0}}]}}\n"
        for i in range(6)
    )
    (base / "partnerships/acme/kpis.yaml").write_text("kpis:\n" + many)
    [acme] = healths(base)
    kpi_points = sum(r.points for r in acme.score.reasons if r.component == "kpis")
    assert kpi_points == pytest.approx(30, abs=0.5)
    assert all(r.text.endswith("(capped)") for r in acme.score.reasons if r.component == "kpis")


def test_findings_feed_hygiene_and_agreements_and_depend_on_as_of(base: Path) -> None:
    later = dt.date(2027, 3, 1)
    [acme] = healths(base, later)
    texts = [r.text for r in acme.score.reasons]
    assert any("stale rating" in t for t in texts) and any("missed review" in t for t in texts)
    assert healths(base, later)[0].score == acme.score  # deterministic for a given day
    assert healths(base)[0].score.value > acme.score.value


def test_maturity_climbs_with_the_records(base: Path) -> None:
    (base / "partnerships/acme/actions.yaml").unlink()
    [acme] = healths(base)
    assert (acme.maturity.level, acme.maturity.missing) == (0, ("follow-ups tracked in actions.yaml",))
    shutil.copy(BASE / "partnerships/acme/actions.yaml", base / "partnerships/acme/actions.yaml")
    edit(base, "status.yaml", "Enable: {rag: amber, evidence:", "Enable: {rag: amber, note:")
    [acme] = healths(base)
    assert acme.maturity.level == 2  # the invalid status file loses "every bucket rated, with evidence"
    assert "every bucket rated, with evidence" in acme.maturity.missing


def test_summary_counts_and_weakest_bucket(base: Path) -> None:
    summary = summarise(healths(base), load_config(base).buckets)
    assert summary.by_stage == {"active": 1} and summary.by_tier == {"strategic": 1}
    assert summary.by_rag == {"green": 5, "amber": 1} and summary.weakest_bucket == "Enable"


def test_score_command_text_and_json(base: Path) -> None:
    text = invoke(["score", str(base), "--as-of", "2026-11-25"])
    assert text.exit_code == 0
    assert "acme   89 healthy  evidence 100%  maturity 3 Apply" in text.output
    assert "Portfolio: 1 partnership; scores: healthy 1;" in text.output
    document = json.loads(invoke(["score", str(base), "--as-of", "2026-11-25", "--format", "json"]).output)
    [acme] = document["partnerships"]
    assert (acme["id"], acme["score"], acme["band"], acme["maturity"]["level"]) == ("acme", 89, "healthy", 3)
    assert acme["reasons"][0] == {
        "component": "kpis",
        "points": 6.0,
        "text": "KPI pipeline at 60% of the way from baseline to target",
    }
    assert acme["evidence"]["coverage"] == 1.0 and acme["evidence"]["unknown"] == []
    assert document["summary"]["weakest_bucket"] == "Enable"


def test_status_heat_map_reads_without_colour_and_filters(tmp_path: Path) -> None:
    example = REPO / "examples" / "portfolio"
    result = invoke(["status", str(example), "--as-of", "2026-11-25"])
    assert result.exit_code == 0 and "\x1b[" not in result.output
    row = next(line for line in result.output.splitlines() if line.startswith("harbor-crm"))
    assert row.split()[4:10] == ["A", "G", "G", "R", "G", "G"]
    red = invoke(["status", str(example), "--as-of", "2026-11-25", "--where", "Monetize=red"])
    assert [
        line.split()[0]
        for line in red.output.splitlines()[1:]
        if line.strip() and not line.startswith(("G ", "Portfolio"))
    ] == ["harbor-crm"]
    by_score = invoke(["status", str(example), "--as-of", "2026-11-25", "--sort", "score", "--tier", "strategic"])
    ids = [line.split()[0] for line in by_score.output.splitlines()[1:4]]
    assert ids == ["kestrel-health-jv", "snowpeak-data", "meridian-consulting"]  # worst first
    assert invoke(["status", str(example), "--where", "Monetise=red"]).exit_code == 2


def test_a_stale_rating_is_drawn_as_stale_and_not_counted_as_green(base: Path) -> None:
    edit(
        base,
        "status.yaml",
        "Align: {rag: green, evidence: Joint plan signed off, owner: raj, updated: 2026-11-02}",
        "Align: {rag: green, evidence: Joint plan signed off, owner: raj, updated: 2026-03-02}",
    )
    result = invoke(["status", str(base), "--as-of", "2026-11-25"])
    row = next(line for line in result.output.splitlines() if line.startswith("acme"))
    assert row.split()[4:10] == ["G?", "G", "A", "G", "G", "G"]
    assert "G? stale" in result.output
    summary = summarise(healths(base), load_config(base).buckets)
    assert summary.by_rag == {"stale": 1, "green": 4, "amber": 1}
    assert summary.bucket_rag["Align"] == {"stale": 1}
