"""The CLI as users meet it: through Typer's runner and as the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result

from partnerkit import __version__
from partnerkit.cli.app import app
from partnerkit.rules import REGISTRY
from tests.conftest import EXAMPLE, RISKY, console_script, invoke, write_portfolio


def run(*args: str) -> Result:
    return invoke(list(args))


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"partnerkit {__version__}"


def test_text_output_lists_findings_with_location_hint_and_summary(tmp_path: Path) -> None:
    write_portfolio(tmp_path, RISKY)
    result = run("lint", str(tmp_path), "--as-of", "2026-11-25")
    assert result.exit_code == 1
    assert (
        "partnerships/good/risks.yaml:2:5  PK403 risk-high-unmitigated  risk 'R1' is high (4 x 5 = 20)" in result.output
    )
    assert "    hint: add `mitigation:`" in result.output
    assert "in 1 partnership (3 files) as of 2026-11-25." in result.output
    assert "\x1b[" not in result.output  # not a terminal: no colour codes


def test_json_output_is_stable_and_documented(tmp_path: Path) -> None:
    write_portfolio(tmp_path, RISKY)
    result = run("lint", str(tmp_path), "--format", "json", "--as-of", "2026-11-25")
    document = json.loads(result.output)
    assert document["schema_version"] == 1
    assert document["as_of"] == "2026-11-25"
    assert document["summary"]["partnerships"] == 1
    high = [d for d in document["diagnostics"] if d["code"] == "PK403"]
    assert high == [
        {
            "code": "PK403",
            "name": "risk-high-unmitigated",
            "severity": "error",
            "message": "risk 'R1' is high (4 x 5 = 20) and has no mitigation",
            "path": "partnerships/good/risks.yaml",
            "line": 2,
            "column": 5,
            "hint": "add `mitigation:` with the plan, or `status: accepted` with the sponsor's agreement",
            "partnership": "good",
        }
    ]
    assert document["summary"]["error"] == sum(d["severity"] == "error" for d in document["diagnostics"])


def test_exit_codes_select_ignore_and_strict(tmp_path: Path) -> None:
    write_portfolio(tmp_path, RISKY)
    base = ["lint", str(tmp_path), "--as-of", "2026-11-25"]
    assert run(*base, "--select", "risk-high-unmitigated").exit_code == 1
    only_warnings = run(*base, "--select", "PK402,PK404,PK603")
    assert only_warnings.exit_code == 0
    assert run(*base, "--select", "missing-exit-strategy", "--strict").exit_code == 1
    ignored = run(*base, "--ignore", "PK403", "--select", "PK403,PK401")
    assert ignored.exit_code == 0 and "PK403" not in ignored.output


def test_as_of_changes_what_is_overdue(tmp_path: Path) -> None:
    write_portfolio(
        tmp_path,
        {"partnerships/good/actions.yaml": "actions:\n  - {id: A1, title: Send deck, owner: ana, due: 2026-10-15}\n"},
    )
    before = run("lint", str(tmp_path), "--as-of", "2026-10-01", "--select", "action-overdue")
    after = run("lint", str(tmp_path), "--as-of", "2026-11-25", "--select", "action-overdue")
    assert before.exit_code == 0 and "PK801" not in before.output
    assert "action 'A1' was due on 2026-10-15 (41 days ago)" in after.output


def test_path_scopes_the_report_to_one_partnership(tmp_path: Path) -> None:
    write_portfolio(tmp_path, RISKY, ("good", "other"))
    result = run("lint", str(tmp_path / "partnerships" / "other"), "--as-of", "2026-11-25", "--format", "json")
    paths = {d["path"] for d in json.loads(result.output)["diagnostics"]}
    assert paths and all(p.startswith("partnerships/other") for p in paths)


def test_portfolio_is_found_by_walking_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_portfolio(tmp_path, RISKY)
    monkeypatch.chdir(tmp_path / "partnerships" / "good")
    result = run("lint", "--as-of", "2026-11-25", "--select", "PK403")
    assert result.exit_code == 1 and "partnerships/good/risks.yaml:2:5" in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--as-of", "2026-13-01"], "is not a date"),
        (["--select", "PK999"], "is not a rule code or name"),
        (["--format", "xml"], "is not a format"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], words: str) -> None:
    write_portfolio(tmp_path, {})
    result = invoke(["lint", str(tmp_path), *args])
    assert result.exit_code == 2
    assert words in result.output


def test_missing_portfolio_exits_2(tmp_path: Path) -> None:
    result = invoke(["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert "no partnerkit.yaml" in result.output


@pytest.mark.parametrize(
    ("config", "where", "words"),
    [
        ("version: 1\nbuckets: [Align, Align]\n", "2:1", "listed more than once: Align"),
        ("version: 1\nrules:\n  risk-high-unmitgated: off\n", "3:3", "did you mean risk-high-unmitigated?"),
        ("version: 1\nrules:\n  PK403: {threshold: high}\n", "3:11", "option threshold"),
        ("version: 1\nrules:\n  PK403: loud\n", "3:3", "is not one of error, warning, info, off"),
        ("version: 1\nrules:\n  PK401: {max: 3}\n", "3:3", "has no options"),
        ("version: 1\nbukets: [A]\n", "2:1", "did you mean `buckets`?"),
        ("version: 1\nversion: 2\n", "2:1", "appears twice"),
    ],
)
def test_broken_config_exits_2_with_a_located_message(tmp_path: Path, config: str, where: str, words: str) -> None:
    write_portfolio(tmp_path, {"partnerkit.yaml": config})
    result = invoke(["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert f"partnerkit.yaml:{where}  PK006 config-invalid" in result.output
    assert words in result.output
    assert "Traceback" not in result.output


def test_config_sets_severity_and_options(tmp_path: Path) -> None:
    write_portfolio(
        tmp_path,
        {
            **RISKY,
            "partnerkit.yaml": "version: 1\nrules:\n"
            "  risk-high-unmitigated: {severity: warning, threshold: 25}\n  PK401: off\n",
        },
    )
    result = run("lint", str(tmp_path), "--format", "json", "--select", "PK403,PK402,PK401")
    codes = [d["code"] for d in json.loads(result.output)["diagnostics"]]
    assert codes == ["PK402"]  # 20 < 25: no longer high, so only "without mitigation"


def test_suppression_with_reason_hides_a_finding_and_unused_ones_are_reported(tmp_path: Path) -> None:
    charter = tmp_path / "partnerships/good/charter.yaml"
    write_portfolio(tmp_path, RISKY)
    charter.write_text(
        charter.read_text() + "suppress:\n  - {rule: PK403, reason: Accepted by the board on 2026-10-02}\n"
        "  - {rule: missing-nda}\n  - {rule: PK801, reason: none yet}\n"
    )
    result = run("lint", str(tmp_path), "--format", "json", "--as-of", "2026-11-25")
    found = {
        (d["code"], d["line"]) for d in json.loads(result.output)["diagnostics"] if d["path"].endswith("charter.yaml")
    }
    assert ("PK403", 2) not in found
    assert ("PK014", 9) in found  # missing-nda without a reason
    assert ("PK015", 9) in found and ("PK015", 10) in found  # neither missing-nda nor PK801 finds anything here


def test_rules_lists_every_rule_and_explain_shows_docs() -> None:
    listed = run("rules")
    assert all(code in listed.output for code in REGISTRY)
    explained = run("explain", "risk-high-unmitigated")
    assert explained.exit_code == 0
    assert "## PK403 risk-high-unmitigated" in explained.output and "**Fails:**" in explained.output
    assert "`threshold` (default `15`)" in explained.output
    assert invoke(["explain", "PK999"]).exit_code == 2


def test_installed_console_script_runs_as_a_subprocess(tmp_path: Path) -> None:
    write_portfolio(tmp_path, RISKY)
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [console_script(), "lint", "--as-of", "2026-11-25", "--select", "PK403"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert "partnerships/good/risks.yaml:2:5  PK403" in done.stdout
    version = subprocess.run([console_script(), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"partnerkit {__version__}"
    module = subprocess.run(
        [sys.executable, "-m", "partnerkit", "--version"], capture_output=True, text=True, timeout=60
    )
    assert module.stdout == version.stdout


def test_auto_format_speaks_github_on_actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_portfolio(tmp_path, RISKY)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    on_actions = run("lint", str(tmp_path), "--as-of", "2026-11-25", "--select", "PK403")
    assert on_actions.output.startswith(
        "::error file=partnerships/good/risks.yaml,line=2,col=5,title=PK403 risk-high-unmitigated::"
    )
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert run("lint", str(tmp_path), "--as-of", "2026-11-25", "--select", "PK403").output.startswith(
        "partnerships/good/risks.yaml:2:5  PK403"
    )


def test_every_command_help_shows_an_example() -> None:
    import typer.main

    names = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert {
        "lint",
        "rules",
        "explain",
        "init",
        "new",
        "fmt",
        "schema",
        "score",
        "status",
        "due",
        "export",
        "import",
    } <= set(names)
    for name in names:
        result = run(name, "--help")
        assert result.exit_code == 0 and "Example: partnerkit" in result.output, name


@pytest.mark.parametrize(
    "args",
    [
        ["export", str(EXAMPLE), "-o", "{blocker}/rows.csv"],
        ["report", str(EXAMPLE), "-o", "{blocker}/report.md"],
        ["schema", "--write", "{blocker}/schemas"],
    ],
)
def test_a_write_that_fails_is_a_clear_exit_2(tmp_path: Path, args: list[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be\n")
    result = invoke([a.format(blocker=blocker) for a in args])
    assert result.exit_code == 2
    assert "Error: cannot write" in result.output and "Traceback" not in result.output
    assert blocker.read_text() == "a file where a folder should be\n"


def test_a_broken_config_prints_only_its_error_and_hint(tmp_path: Path) -> None:
    write_portfolio(tmp_path, {"partnerkit.yaml": "version: 1\nrules: {PK999: error}\n"})
    result = invoke(["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "partnerkit.yaml:2:9  PK006 config-invalid  rules: 'PK999' is not a rule",
        "    hint: see `partnerkit rules`",
    ]
