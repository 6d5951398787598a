"""The README's examples are real: each file example validates against its model."""

from __future__ import annotations

import re

import pytest

from partnerkit.load.yaml12 import parse
from partnerkit.model.config import PortfolioConfig
from partnerkit.model.people import People
from partnerkit.model.portfolio import PARTNERSHIP_FILES
from tests.conftest import REPO

MODELS = {"partnerkit.yaml": PortfolioConfig, "people.yaml": People, **PARTNERSHIP_FILES}
SECTION = re.compile(r"^### `(?P<file>[a-z]+\.yaml)`\n(?P<body>.*?)(?=^##)", re.MULTILINE | re.DOTALL)
BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[str, str]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [(m["file"], block) for m in SECTION.finditer(readme) for block in BLOCK.findall(m["body"])]


def test_every_file_kind_has_an_example() -> None:
    assert {name for name, _ in examples()} == set(MODELS)


@pytest.mark.parametrize(("name", "text"), examples(), ids=[name for name, _ in examples()])
def test_example_validates(name: str, text: str) -> None:
    data = parse(text)
    assert isinstance(data, dict), data
    MODELS[name].model_validate(data)


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "pytest" in line and line.startswith("python3"))
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_lists_every_maturity_criterion() -> None:
    from partnerkit.health.maturity import CRITERIA, LEVELS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for level, criteria in enumerate(CRITERIA, start=1):
        row = next(line for line in readme.splitlines() if line.startswith(f"| {level} {LEVELS[level - 1]} |"))
        assert "; ".join(text for text, _ in criteria) in row


def test_readme_states_every_default_weight() -> None:
    from partnerkit.model.config import Weights

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in Weights.model_fields:
        assert f"`{name}`" in readme, name
