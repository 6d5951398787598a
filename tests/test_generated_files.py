"""Files in the repository that are generated from the code must match what it generates now."""

from __future__ import annotations

from partnerkit.model.schemas import generate
from partnerkit.rules.docs import catalogue_markdown
from tests.conftest import REPO


def test_docs_rules_md_is_fresh() -> None:
    """Regenerate with: partnerkit rules --format markdown > docs/rules.md"""
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == catalogue_markdown()


def test_schemas_folder_is_fresh() -> None:
    """Regenerate with: partnerkit schema --write schemas"""
    expected = generate()
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in (REPO / "schemas").glob("*.schema.json")}
    assert on_disk == expected
