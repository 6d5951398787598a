"""Truthful health: a score is earned by evidence. Properties checked on generated partnerships:
missing or broken records never look better than what they would say, good records never cost,
worse facts never help, and the same facts always give the same score."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from partnerkit.health import Health, assess
from partnerkit.lint import lint
from partnerkit.load.source import WorkingTree
from partnerkit.settings import load_config
from tests.conftest import AS_OF, EXAMPLE

BUCKETS = ["Align", "Build", "Enable", "Monetize", "Support", "Operate"]
PEOPLE = {"people": {h: {"name": h.title()} for h in ("ana", "raj", "lee", "mia")}}


def health(root: Path, as_of: dt.date = AS_OF) -> Health:
    [found] = [h for h in assess(lint(WorkingTree(root), load_config(root), as_of)) if h.partnership.id == "gen"]
    return found


def write(root: Path, files: dict[str, Any]) -> Path:
    """Each value is data, written as JSON (which is YAML), or text written as it is."""
    for name, content in {"partnerkit.yaml": {"version": 1}, "people.yaml": PEOPLE, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=1), encoding="utf-8")
    return root


def charter(**extra: Any) -> dict[str, Any]:
    return {
        "id": "gen",
        "name": "Generated partnership",
        "partner": {"name": "Gen Ltd"},
        "type": "technology",
        "tier": "strategic",
        "stage": "active",
        "owner": "ana",
        "sponsor": "raj",
        "dates": {"started": "2025-01-15"},
        "value_proposition": "Together we ship faster.",
        "mutual_benefit": {"us": ["reach"], "partner": ["revenue"]},
        "governance": {
            "cadence": "quarterly",
            "steering_committee": ["ana", "raj"],
            "escalation": [{"level": 1, "us": "ana"}],
        },
        "exit_strategy": {"notice_days": 90},
        "contacts": [{"name": "Pat Partner"}],
        **extra,
    }


def kpi(i: int, bucket: str, progress: float, *, dated: bool = True) -> dict[str, Any]:
    """A KPI from 0 to 100, planned over 2026, whose latest value is ``progress`` of the plan for AS_OF."""
    expected = 100 * (AS_OF - dt.date(2026, 1, 1)).days / 364
    value = round(expected * progress, 1) if dated else round(100 * progress, 1)
    found = {
        "id": f"K{i}",
        "name": f"KPI {i}",
        "bucket": bucket,
        "baseline": 0,
        "target": 100,
        "owner": "mia",
        "period": "quarterly",
        "measurements": [{"date": "2026-11-01", "value": value}],
    }
    if dated:
        found |= {"baseline_date": "2026-01-01", "target_date": "2026-12-31", "kind": "cumulative"}
    return found


def risk(i: int, likelihood: int, impact: int, *, owned: bool, status: str = "open") -> dict[str, Any]:
    found = {
        "id": f"R{i}",
        "title": f"Risk {i}",
        "category": "commercial",
        "likelihood": likelihood,
        "impact": impact,
        "status": status,
        "review_by": "2027-01-31",
    }
    return found | ({"owner": "lee", "mitigation": "A plan in place"} if owned else {})


def generated(seed: int) -> dict[str, Any]:
    """A partnership with a random mix of good, poor and missing records."""
    rnd = random.Random(seed)
    ratings = {
        b: {
            "rag": rnd.choice(["green", "green", "amber", "red"]),
            "owner": "ana",
            "updated": "2026-11-02",
            **({"evidence": "Facts here"} if rnd.random() < 0.6 else {}),
        }
        for b in BUCKETS
        if rnd.random() < 0.9
    }
    kpis = [
        kpi(i, rnd.choice(BUCKETS), rnd.uniform(0.2, 1.3), dated=rnd.random() < 0.7) for i in range(rnd.randint(0, 4))
    ]
    risks = [risk(i, rnd.randint(1, 5), rnd.randint(1, 5), owned=rnd.random() < 0.5) for i in range(rnd.randint(0, 3))]
    return {
        "partnerships/gen/charter.yaml": charter(
            objectives=[
                {
                    "id": "O1",
                    "text": "Grow",
                    "bucket": "Monetize",
                    "due": "2026-12-31",
                    "status": "on-track",
                    "kpis": [k["id"] for k in kpis if k["bucket"] == "Monetize"],
                }
            ]
        ),
        "partnerships/gen/raci.yaml": {
            "activities": [
                {"id": f"a{b}", "name": f"Run {b}", "bucket": b, "responsible": "lee", "accountable": "ana"}
                for b in BUCKETS
                if rnd.random() < 0.8
            ]
        },
        "partnerships/gen/risks.yaml": {"risks": risks},
        "partnerships/gen/kpis.yaml": {"kpis": kpis},
        "partnerships/gen/status.yaml": {"buckets": ratings},
        "partnerships/gen/reviews.yaml": {"reviews": [{"id": "r1", "date": "2026-10-20", "kind": "qbr"}]}
        if rnd.random() < 0.7
        else {"reviews": []},
        "partnerships/gen/actions.yaml": {
            "actions": [
                {
                    "id": "A1",
                    "title": "Follow up",
                    "bucket": "Align",
                    "owner": "ana",
                    "due": rnd.choice(["2026-12-15", "2026-10-01"]),
                }
            ]
        },
        "partnerships/gen/agreements.yaml": {
            "agreements": [
                {"id": "nda", "kind": "nda", "status": "signed", "signed": "2025-01-10"},
                {"id": "msa", "kind": "msa", "status": "signed", "signed": "2025-01-10", "expiry": "2027-12-31"},
            ]
        },
    }


SEEDS = range(12)
BANDS = ["unknown", "at-risk", "watch", "healthy"]
"""Worst first: unknown is never better than anything known."""


def score_of(tmp_path: Path, files: dict[str, Any], name: str = "p") -> int:
    return health(write(tmp_path / name, files)).score.value


def empty_partnership() -> dict[str, Any]:
    """What `partnerkit new` gives once every bucket is marked green: strategic, active, two signed
    agreements, every list empty, no evidence anywhere."""
    files = generated(0)
    files["partnerships/gen/charter.yaml"] = charter()
    for name, key in (
        ("raci", "activities"),
        ("risks", "risks"),
        ("kpis", "kpis"),
        ("reviews", "reviews"),
        ("actions", "actions"),
    ):
        files[f"partnerships/gen/{name}.yaml"] = {key: []}
    files["partnerships/gen/status.yaml"] = {"buckets": {b: {"rag": "green"} for b in BUCKETS}}
    return files


def example_scores() -> dict[str, int]:
    result = lint(WorkingTree(EXAMPLE), load_config(EXAMPLE), AS_OF)
    return {h.partnership.id: h.score.value for h in assess(result)}


def test_an_empty_record_rated_all_green_is_unknown_and_below_every_example(tmp_path: Path) -> None:
    found = health(write(tmp_path, empty_partnership()))
    assert found.score.band == "unknown"
    assert found.evidence.coverage == 0
    assert found.score.value < min(example_scores().values())
    texts = [r.text for r in found.score.reasons]
    assert "no KPIs: progress unknown" in texts and "no risk register: risk exposure unknown" in texts
    assert "Align rated green with no evidence and no measured KPI" in texts


def test_the_best_documented_example_is_healthy() -> None:
    result = lint(WorkingTree(EXAMPLE), load_config(EXAMPLE), AS_OF)
    [snowpeak] = [h for h in assess(result) if h.partnership.id == "snowpeak-data"]
    assert snowpeak.score.band == "healthy"
    assert snowpeak.evidence.coverage == 1.0


@pytest.mark.parametrize("seed", SEEDS)
def test_breaking_any_file_never_raises_the_score(tmp_path: Path, seed: int) -> None:
    files = generated(seed)
    before = score_of(tmp_path, files)
    for name in files:
        if name.startswith("partnerships/"):
            broken = {**files, name: "key: [unclosed\n"}
            after = health(write(tmp_path / name.replace("/", "_"), broken))
            assert after.score.value <= before, f"breaking {name} raised the score"
            assert after.score.band != "healthy" or before >= after.score.value


def broken_entries(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The file's data with one entry broken, in each of the ways partnerkit reads partially: an
    entry left out (an invalid id or rating), an unknown key (ignored)."""
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            rest = value[1:]
            yield f"{key}[0] invalid", {**data, key: [{**value[0], "id": ["not", "an", "id"]}, *rest]}
            yield f"{key}[0] with an unknown key", {**data, key: [{**value[0], "colour": "red"}, *rest]}
        elif isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            first = next(iter(value))
            yield f"{key}.{first} invalid", {**data, key: {**value, first: {**value[first], "rag": "grene"}}}


@pytest.mark.parametrize("seed", [*SEEDS, 25])  # 25: an invalid rating once took its own finding along
def test_breaking_one_entry_never_raises_the_score(tmp_path: Path, seed: int) -> None:
    """A file with an entry left out is read in part (every rule runs over the rest), but for the
    score it is unknown, as if unreadable: a broken entry can never make a partnership look better."""
    files = generated(seed)
    before = health(write(tmp_path / "p", files))
    for name, data in files.items():
        if not name.startswith("partnerships/"):
            continue
        for i, (what, broken) in enumerate(broken_entries(data)):
            after = health(write(tmp_path / f"{name.replace('/', '_')}_{i}", {**files, name: broken}))
            assert after.score.value <= before.score.value, f"{name}: {what} raised the score"
            assert BANDS.index(after.score.band) <= BANDS.index(before.score.band), f"{name}: {what} raised the band"
            assert after.maturity.level <= before.maturity.level, f"{name}: {what} raised the maturity"
            assert name.rsplit("/", 1)[1] in after.evidence.unknown, f"{name}: {what} is not unknown to the score"


def test_an_unreadable_file_says_what_became_unknown(tmp_path: Path) -> None:
    files = generated(1) | {"partnerships/gen/risks.yaml": "risks: [\n", "partnerships/gen/kpis.yaml": "kpis: {\n"}
    texts = [r.text for r in health(write(tmp_path, files)).score.reasons]
    assert "risks.yaml could not be read: risk exposure unknown" in texts
    assert "kpis.yaml could not be read: progress unknown" in texts
    partial = generated(1) | {"partnerships/gen/risks.yaml": {"risks": [risk(1, 9, 5, owned=True)]}}
    texts = [r.text for r in health(write(tmp_path / "partial", partial)).score.reasons]
    assert "risks.yaml has invalid entries: risk exposure unknown" in texts


@pytest.mark.parametrize("seed", SEEDS)
def test_adding_a_record_in_good_shape_never_lowers_the_score(tmp_path: Path, seed: int) -> None:
    files = generated(seed)
    before = score_of(tmp_path, files)
    kpis = files["partnerships/gen/kpis.yaml"]["kpis"]
    risks = files["partnerships/gen/risks.yaml"]["risks"]
    additions = {
        "a KPI on plan": {"partnerships/gen/kpis.yaml": {"kpis": [*kpis, kpi(9, "Build", 1.05)]}},
        "an owned, mitigated risk": {"partnerships/gen/risks.yaml": {"risks": [*risks, risk(9, 4, 5, owned=True)]}},
        "a review on time": {
            "partnerships/gen/reviews.yaml": {
                "reviews": [
                    *files["partnerships/gen/reviews.yaml"]["reviews"],
                    {"id": "r9", "date": "2026-11-20", "kind": "qbr"},
                ]
            }
        },
    }
    for what, change in additions.items():
        assert score_of(tmp_path, files | change, what) >= before, f"adding {what} lowered the score"


@pytest.mark.parametrize("seed", SEEDS)
def test_worse_facts_never_raise_the_score(tmp_path: Path, seed: int) -> None:
    files = generated(seed)
    before = score_of(tmp_path, files)
    kpis = files["partnerships/gen/kpis.yaml"]["kpis"]
    risks = files["partnerships/gen/risks.yaml"]["risks"]
    ratings = files["partnerships/gen/status.yaml"]["buckets"]
    worse: dict[str, dict[str, Any]] = {}
    if kpis:
        lower = [
            {**k, "measurements": [{**k["measurements"][0], "value": k["measurements"][0]["value"] / 2}]} for k in kpis
        ]
        worse["a KPI worse"] = {"partnerships/gen/kpis.yaml": {"kpis": lower}}
    if risks:
        bigger = [{**r, "likelihood": 5, "impact": 5} for r in risks]
        worse["a risk bigger"] = {"partnerships/gen/risks.yaml": {"risks": bigger}}
    redder = {b: {**r, "rag": {"green": "amber", "amber": "red", "red": "red"}[r["rag"]]} for b, r in ratings.items()}
    worse["ratings redder"] = {"partnerships/gen/status.yaml": {"buckets": redder}}
    for what, change in worse.items():
        assert score_of(tmp_path, files | change, what) <= before, f"{what} raised the score"


@pytest.mark.parametrize("seed", SEEDS[:4])
def test_the_same_facts_give_the_same_score_whatever_the_order_or_layout(tmp_path: Path, seed: int) -> None:
    files = generated(seed)
    shuffled = {}
    for name, data in files.items():
        key = next(iter(data)) if isinstance(data, dict) else None
        items = data.get(key) if key else None
        if isinstance(items, list):
            data = {key: list(reversed(items))}
        elif isinstance(items, dict):
            data = {key: dict(reversed(list(items.items())))}
        # block YAML instead of JSON-style flow
        shuffled[name] = _block(data)
    first, second = health(write(tmp_path / "a", files)), health(write(tmp_path / "b", shuffled))
    assert (first.score, first.maturity) == (second.score, second.maturity)


def _block(value: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}\n"
        return "".join(
            f"{pad}{k}:"
            + (f" {json.dumps(v)}\n" if not isinstance(v, (dict, list)) or not v else "\n" + _block(v, indent + 2))
            for k, v in value.items()
        )
    if not value:
        return "[]\n"
    out = ""
    for item in value:
        body = _block(item, indent + 2) if isinstance(item, (dict, list)) and item else f"{json.dumps(item)}\n"
        out += f"{pad}- " + body.lstrip() if isinstance(item, (dict, list)) and item else f"{pad}- {body}"
    return out


def test_a_suppression_shows_among_the_reasons_and_does_not_lift_maturity(tmp_path: Path) -> None:
    files = generated(3) | {"partnerships/gen/risks.yaml": {"risks": [risk(1, 4, 5, owned=False)]}}
    plain = health(write(tmp_path / "plain", files))
    assert any(d.code == "PK403" for d in plain.diagnostics)
    files["partnerships/gen/charter.yaml"] = charter(
        objectives=files["partnerships/gen/charter.yaml"]["objectives"],
        suppress=[{"rule": "PK403", "reason": "Contract clause covers it"}],
    )
    hidden = health(write(tmp_path / "hidden", files))
    assert "suppressed: PK403 risk-high-unmitigated: Contract clause covers it" in [
        r.text for r in hidden.score.reasons if r.points == 0
    ]
    assert hidden.suppressions == ("PK403 risk-high-unmitigated: Contract clause covers it",)
    assert hidden.maturity == plain.maturity  # the suppressed finding still counts against maturity
    (tmp_path / "hidden/partnerkit.yaml").write_text("version: 1\nscoring: {suppressions_count: true}\n")
    counted = health(tmp_path / "hidden")
    assert counted.maturity.level >= plain.maturity.level


def test_a_stale_rating_is_not_evidence(tmp_path: Path) -> None:
    files = generated(2)
    fresh = health(write(tmp_path / "fresh", files))
    later = health(tmp_path / "fresh", dt.date(2027, 6, 1))
    assert later.evidence.stale == frozenset(files["partnerships/gen/status.yaml"]["buckets"])
    assert later.evidence.coverage == 0 < fresh.evidence.coverage
    assert later.score.band == "unknown"
