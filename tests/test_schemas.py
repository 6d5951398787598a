"""The exported JSON Schemas and the models agree, checked by an independent validator."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from partnerkit.load.yaml12 import parse
from partnerkit.model.schemas import schema_models
from tests.conftest import EXAMPLE, REPO, invoke

CHECK_JSONSCHEMA = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or "check-jsonschema"
KINDS = {name.removesuffix(".schema.json"): model for name, model in schema_models().items()}


def check(schema: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHECK_JSONSCHEMA, "--schemafile", str(REPO / "schemas" / f"{schema}.schema.json"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def example_files(kind: str) -> list[Path]:
    if kind == "config":
        return [EXAMPLE / "partnerkit.yaml"]
    if kind == "people":
        return [EXAMPLE / "people.yaml"]
    return sorted(EXAMPLE.glob(f"partnerships/*/{kind}.yaml"))


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_example_file_passes_its_schema(kind: str) -> None:
    files = example_files(kind)
    assert files
    done = check(kind, files)
    assert done.returncode == 0, done.stdout + done.stderr


INVALID = [
    ("charter", "id: acme\nname: Acme\npartner: {name: Acme}\ntype: technology\ntier: key\nstage: actve\n"),
    ("charter", "id: Acme Cloud\nname: Acme\npartner: {name: Acme}\ntype: technology\ntier: key\nstage: active\n"),
    (
        "charter",
        "id: acme\nname: Acme\npartner: {name: Acme}\ntype: technology\ntier: key\nstage: active\nsumary: typo\n",
    ),
    ("charter", "id: acme\npartner: {name: Acme}\ntype: technology\ntier: key\nstage: active\n"),
    ("raci", "activities:\n  - {id: a, name: Roadmap, bucket: Align, accountable: 5}\n"),
    ("risks", "risks:\n  - {id: R1, title: Churn, category: commercial, likelihood: 7, impact: 2}\n"),
    ("risks", "risks:\n  - {id: R1, title: Churn, category: weather, likelihood: 2, impact: 2}\n"),
    ("kpis", "kpis:\n  - {id: k, name: Pipeline, bucket: Monetize, direction: upp}\n"),
    ("kpis", "kpis:\n  - {id: k, name: Pipeline, bucket: Monetize, measurements: [{date: 'March', value: 3}]}\n"),
    ("status", "buckets:\n  Align: {rag: blue}\n"),
    ("agreements", "agreements:\n  - {id: a, kind: contract}\n"),
    ("actions", "actions:\n  - {id: A1, title: Deck, state: doing}\n"),
    ("reviews", "reviews:\n  - {id: r, date: 2026-01-10, kind: monthly}\n"),
    ("people", "people:\n  ana: {email: ana@example.com}\n"),
    ("config", "version: 1\nbuckets: Align\n"),
    ("config", "version: 2\n"),
    ("config", "version: 1\ncurrency: EUR\nrates: {Dollar: 0.9}\n"),
    ("config", "version: 1\ncurrency: EUR\nrates: {USD: 0}\n"),
    ("kpis", "kpis:\n  - {id: k, name: Revenue, bucket: Monetize, unit: EUR, value: profit}\n"),
    ("financials", "entries: []\n"),
    ("financials", "currency: eur\n"),
    (
        "financials",
        "currency: EUR\nentries:\n  - {id: F1, date: 2026-01-31, kind: value, category: people, amount: 5}\n",
    ),
    ("financials", "currency: EUR\nentries:\n  - {id: F1, date: 2026-01-31, kind: cost, category: fees, amount: -5}\n"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "text"), INVALID, ids=[f"{kind}-{i}" for i, (kind, _) in enumerate(INVALID)])
def test_schema_and_model_reject_the_same_invalid_file(tmp_path: Path, kind: str, text: str) -> None:
    with pytest.raises(ValidationError):
        KINDS[kind].model_validate(parse(text))
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    done = check(kind, [path])
    assert done.returncode == 1, done.stdout + done.stderr


VALID = [
    (
        "raci",
        "activities:\n  - {id: 1, name: Roadmap, bucket: Align, accountable: ana, responsible: [lee, Jane Roe]}\n",
    ),
    ("kpis", "kpis:\n  - {id: 2, name: Pipeline, bucket: Monetize, measurements: [{date: 2026-03-31, value: 3}]}\n"),
    (
        "charter",
        "id: acme.cloud-2\nname: Acme\npartner: {name: Acme}\ntype: technology\ntier: key\nstage: active\n"
        "governance: {steering_committee: raj}\n",
    ),
    (
        "financials",
        "currency: EUR\nentries:\n  - {id: 1, date: 2026-01-31, kind: investment, category: other, amount: 5}\n",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "text"), VALID, ids=[kind for kind, _ in VALID])
def test_schema_and_model_accept_the_same_shorthand(tmp_path: Path, kind: str, text: str) -> None:
    KINDS[kind].model_validate(parse(text))
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    done = check(kind, [path])
    assert done.returncode == 0, done.stdout + done.stderr


def test_schema_command_prints_one_and_writes_all(tmp_path: Path) -> None:
    import json

    printed = invoke(["schema", "kpis"])
    assert printed.exit_code == 0 and json.loads(printed.output)["title"] == "kpis.yaml"
    assert invoke(["schema", "nope"]).exit_code == 2
    written = invoke(["schema", "--write", str(tmp_path / "schemas")])
    assert written.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(f"{kind}.schema.json" for kind in KINDS)
