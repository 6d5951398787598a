"""The pre-commit hooks and CI examples work as written."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from partnerkit.load.yaml12 import parse
from tests.conftest import EXAMPLE, REPO

pytestmark = pytest.mark.slow  # builds, installs or runs external tools: minutes in all

BIN = Path(sys.executable).parent
PRE_COMMIT = shutil.which("pre-commit", path=str(BIN)) or "pre-commit"


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def test_the_hook_manifest_is_valid() -> None:
    done = run(PRE_COMMIT, "validate-manifest", REPO / ".pre-commit-hooks.yaml", cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_init_hooks_run_under_pre_commit(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    root = tmp_path / "portfolio"
    assert run(BIN / "partnerkit", "init", root, cwd=tmp_path).returncode == 0
    assert run("git", "init", "-q", cwd=root).returncode == 0
    assert run(PRE_COMMIT, "validate-config", ".pre-commit-config.yaml", cwd=root).returncode == 0
    run("git", "add", "-A", cwd=root)
    clean = run(PRE_COMMIT, "run", "--all-files", cwd=root, env=env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"partnerkit lint\.+Passed", clean.stdout)
    (root / "partnerships" / "acme").mkdir()
    (root / "partnerships" / "acme" / "charter.yaml").write_text("id: acme\nstage: actve   \n")
    run("git", "add", "-A", cwd=root)
    broken = run(PRE_COMMIT, "run", "--all-files", cwd=root, env=env)
    assert broken.returncode == 1
    assert "partnerships/acme/charter.yaml:2:1  PK002 schema-invalid-value" in broken.stdout
    assert "would reformat" in broken.stdout  # the fmt --check hook saw the trailing spaces


def commands(workflow: Path) -> list[str]:
    """Every partnerkit command line in a workflow's run steps or scripts, without redirections."""
    data = parse(workflow.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("run", "script") and isinstance(item, (str, list)):
                    for line in [item] if isinstance(item, str) else item:
                        found.extend(
                            cmd.split(">")[0].split("||")[0].strip()
                            for cmd in str(line).splitlines()
                            if cmd.strip().startswith("partnerkit")
                        )
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return found


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_every_partnerkit_command_in_the_ci_examples_runs(tmp_path: Path, name: str) -> None:
    portfolio = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, portfolio)
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x"],
    ):
        assert run("git", *args, cwd=portfolio).returncode == 0
    found = commands(REPO / "examples" / "ci" / name)
    assert any(c.startswith("partnerkit lint") for c in found)
    for command in found:
        args = shlex.split(command)
        done = run(BIN / args[0], *args[1:], cwd=portfolio)
        assert done.returncode in (0, 1), f"{command}: {done.stderr}"  # 1: the example's deliberate findings
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("name", "where"), [("github-actions.yml", ("env",)), ("gitlab-ci.yml", ("partnerkit", "variables"))]
)
def test_the_ci_examples_install_what_a_variable_names(name: str, where: tuple[str, ...]) -> None:
    text = (REPO / "examples" / "ci" / name).read_text(encoding="utf-8")
    data = parse(text)
    for key in where:
        assert isinstance(data, dict)
        data = data[key]
    assert isinstance(data, dict) and data["PARTNERKIT_INSTALL"] == "partnerkit==0.1.0"
    installs = [
        line.strip() for line in text.splitlines() if "pip install" in line and not line.strip().startswith("#")
    ]
    assert installs and all(line.endswith('pip install "$PARTNERKIT_INSTALL"') for line in installs)
    assert (
        "until partnerkit is\n" in text and "partnerkit @ git+https://" in text
    )  # the comment says what else to write
