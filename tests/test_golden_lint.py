"""Golden snapshots of `partnerkit lint` on examples/portfolio as of 2026-11-25: text, JSON and
SARIF, compared byte for byte, so that a change to what the tool reports is always a visible
diff in review. After an intended change, rewrite them and review the diff:

    PARTNERKIT_UPDATE_SNAPSHOTS=1 pytest tests/test_golden_lint.py
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import EXAMPLE, REPO, invoke

SNAPSHOTS = REPO / "tests" / "snapshots"
UPDATE = os.environ.get("PARTNERKIT_UPDATE_SNAPSHOTS") == "1"


@pytest.mark.parametrize(("output_format", "suffix"), [("text", "txt"), ("json", "json"), ("sarif", "sarif")])
def test_lint_of_the_example_matches_its_snapshot(
    output_format: str, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLE)
    result = invoke(["lint", "--as-of", "2026-11-25", "--no-cache", "--format", output_format], env={"NO_COLOR": "1"})
    assert result.exit_code == 1  # the example carries deliberate errors
    snapshot = SNAPSHOTS / f"lint.{suffix}"
    if UPDATE:
        snapshot.write_text(result.stdout, encoding="utf-8")
    assert snapshot.exists(), f"{snapshot} is missing: run PARTNERKIT_UPDATE_SNAPSHOTS=1 pytest {__file__}"
    assert result.stdout == snapshot.read_text(encoding="utf-8"), (
        f"lint's {output_format} output changed; if that is intended, "
        "run PARTNERKIT_UPDATE_SNAPSHOTS=1 pytest tests/test_golden_lint.py"
    )
