"""`partnerkit textconv`: plain `git diff` in partnership terms."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from partnerkit.render.textconv import textconv
from tests.conftest import EXAMPLE, invoke
from tests.test_gitsource import git


def test_one_fact_a_line_sorted_and_named_by_id() -> None:
    text = textconv(
        "risks.yaml",
        b"risks:\n  - {id: R2, title: Churn, category: commercial, likelihood: 2, impact: 3}\n"
        b"  - {id: R1, title: 'Partner: acquired', category: strategic, likelihood: 4, impact: 5}\n",
    )
    lines = text.splitlines()
    assert lines == sorted(lines)
    assert (
        "risk R1 likelihood: 4" in lines
        and 'risk R1 title: "Partner: acquired"' in lines
        and "risk R2 impact: 3" in lines
    )
    assert not any(" id: " in line for line in lines)


def test_reordering_changes_nothing_and_unreadable_files_fall_back_to_their_text() -> None:
    a = b"buckets:\n  Align: {rag: green}\n  Build: {rag: amber, evidence: late}\n"
    b = b"buckets:\n  Build: {evidence: late, rag: amber}\n  Align: {rag: green}\n"
    assert (
        textconv("status.yaml", a)
        == textconv("status.yaml", b)
        == "status Align rag: green\nstatus Build evidence: late\nstatus Build rag: amber\n"
    )
    assert textconv("status.yaml", b"buckets: [oops\n") == "buckets: [oops\n"
    assert textconv("status.yaml", b"buckets: {Align: {rag: blue}}\n") == "buckets: {Align: {rag: blue}}\n"


def test_git_diff_shows_partnership_terms_with_the_driver(tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    assert invoke(["init", str(root)]).exit_code == 0
    shutil.copytree(EXAMPLE / "partnerships" / "snowpeak-data", root / "partnerships" / "snowpeak-data")
    git(root, "init", "-q")
    driver = f"{Path(sys.executable).parent / 'partnerkit'} textconv"
    git(root, "config", "diff.partnerkit.textconv", driver)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    risks = root / "partnerships/snowpeak-data/risks.yaml"
    risks.write_text(risks.read_text().replace("likelihood: 4", "likelihood: 2", 1))
    shown = git(root, "diff")
    assert "-risk R1 likelihood: 4\n+risk R1 likelihood: 2" in shown
    changed = [line for line in shown.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-risk R1 likelihood: 4", "+risk R1 likelihood: 2"]  # only the changed fact
