"""Shell completion offers values, not only commands: formats, rules, partnership ids, buckets
and git revisions, through the installed console script as a shell would ask for them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, console_script
from tests.test_gitsource import committed_example, git

pytestmark = pytest.mark.slow  # git repositories, pseudo-terminals or the installed script: integration


def complete(words: str, cwd: Path) -> list[str]:
    """What bash completion offers for the last word of ``words``."""
    env = {
        **os.environ,
        "_PARTNERKIT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    done = subprocess.run([console_script()], env=env, cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("partnerkit lint --format ", ["auto", "text", "json", "github", "sarif", "junit", "gitlab"]),
        ("partnerkit diff --format m", ["markdown"]),
        ("partnerkit due --format ", ["text", "json", "ics"]),
        ("partnerkit report --format h", ["html"]),
        ("partnerkit explain PK40", ["PK401", "PK402", "PK403", "PK404", "PK405"]),
        ("partnerkit explain risk-high", ["risk-high-unmitigated"]),
        (
            "partnerkit lint --select PK403,PK60",
            ["PK403,PK601", "PK403,PK602", "PK403,PK603", "PK403,PK604", "PK403,PK606", "PK403,PK607"],
        ),
        ("partnerkit history snow", ["snowpeak-data"]),
        ("partnerkit status --where Mon", ["Monetize=green", "Monetize=amber", "Monetize=red", "Monetize=none"]),
    ],
)
def test_values_are_completed(words: str, expected: list[str]) -> None:
    assert complete(words, EXAMPLE) == expected


def test_revisions_are_completed_from_git(tmp_path: Path) -> None:
    root = committed_example(tmp_path / "portfolio")
    git(root, "tag", "fy26-plan")
    git(root, "branch", "feature/renewals")
    assert complete("partnerkit diff f", root) == ["feature/renewals", "fy26-plan"]
    assert complete("partnerkit lint --changed-since HEAD", root) == ["HEAD", "HEAD~1"]


def test_outside_a_portfolio_nothing_is_offered_and_nothing_breaks(tmp_path: Path) -> None:
    assert complete("partnerkit history ", tmp_path) == []
    assert complete("partnerkit status --where ", tmp_path) == []
