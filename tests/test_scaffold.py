"""`partnerkit init` and `partnerkit new`: the first ten minutes."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from partnerkit.cli import author as author_cli
from partnerkit.load.yaml12 import parse
from partnerkit.model.portfolio import PARTNERSHIP_FILES
from partnerkit.model.schemas import generate
from tests.conftest import REPO, invoke, run_lint

FULL = [
    "--name",
    "Acme Cloud integration",
    "--partner",
    "Acme Cloud Inc.",
    "--type",
    "technology",
    "--tier",
    "key",
    "--stage",
    "active",
]


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    assert invoke(["init", str(tmp_path)]).exit_code == 0
    (tmp_path / "people.yaml").write_text("people:\n  ana: {name: Ana Lima}\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_creates_a_portfolio_that_lints_clean(tmp_path: Path) -> None:
    result = invoke(["init", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    root = tmp_path / "new"
    for name in (
        "partnerkit.yaml",
        "people.yaml",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/partnerkit.yml",
        "README.md",
        "partnerships",
    ):
        assert (root / name).exists(), name
    assert {p.name: p.read_text() for p in (root / "schemas").iterdir()} == generate()
    assert invoke(["lint", str(root)]).exit_code == 0
    assert run_lint(root) == []
    config = (root / "partnerkit.yaml").read_text()
    assert "#   PK403: {severity: error, threshold: 15}" in config  # every rule, commented, with its options
    for name in ("partnerkit.yaml", ".pre-commit-config.yaml", ".github/workflows/partnerkit.yml"):
        assert isinstance(parse((root / name).read_text()), dict), name


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "people.yaml").write_text("people: {keep: {name: Keep Me}}\n")
    result = invoke(["init", str(tmp_path)])
    assert result.exit_code == 2 and "people.yaml" in result.output and "--force" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.yaml"]
    assert invoke(["init", str(tmp_path), "--force"]).exit_code == 0
    assert "Keep Me" not in (tmp_path / "people.yaml").read_text()


def test_init_never_writes_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("mine\n")
    (tmp_path / "portfolio").mkdir()
    (tmp_path / "portfolio" / "README.md").symlink_to(outside)
    result = invoke(["init", str(tmp_path / "portfolio"), "--force"])
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert outside.read_text() == "mine\n"


def test_new_writes_every_file_kind_as_a_todo_list(portfolio: Path) -> None:
    result = invoke(["new", "acme-cloud", *FULL, "--owner", "ana"])
    assert result.exit_code == 0, result.output
    folder = portfolio / "partnerships" / "acme-cloud"
    assert sorted(p.name for p in folder.iterdir()) == sorted(PARTNERSHIP_FILES)
    for name in PARTNERSHIP_FILES:
        first = (folder / name).read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{name.replace('.yaml', '.schema.json')}"
    codes = {d.code for d in run_lint(portfolio)}
    assert not codes & {"PK001", "PK002", "PK003", "PK004", "PK005"}
    assert {"PK201", "PK304", "PK601"} <= codes
    assert "PK201 missing-value-proposition" in result.output  # the to-do list is shown right away


def test_the_charters_commented_examples_are_valid_once_uncommented(portfolio: Path) -> None:
    """Each commented example in the new charter (`# key:` and its indented lines) is what the
    schema accepts: a manager who removes the `# ` gets no schema error."""
    assert invoke(["new", "acme-cloud", *FULL, "--owner", "ana"]).exit_code == 0
    charter = portfolio / "partnerships" / "acme-cloud" / "charter.yaml"
    example = re.compile(r"# ([a-z_]+:.*|  .*)")
    lines = charter.read_text(encoding="utf-8").splitlines()
    uncommented = [line[2:] if example.fullmatch(line) else line for line in lines]
    assert "renewal_criteria:" in uncommented and "  - K1 >= 80% of plan" in uncommented
    charter.write_text("\n".join(uncommented) + "\n", encoding="utf-8")
    found = run_lint(portfolio)
    assert not [d for d in found if d.path.endswith("charter.yaml") and d.code in ("PK001", "PK002")]
    assert "PK715" in {d.code for d in found}  # the criteria name KPIs the new kpis.yaml does not have yet


def test_new_keeps_hostile_names_exactly(portfolio: Path) -> None:
    name = 'O\'Brien & Co: "Alpha" #1 {{ x }} *a !t\nline\u2028two\x85three'
    result = invoke(["new", "obrien", *FULL[:2], "--partner", name, *FULL[4:]])
    assert result.exit_code == 0, result.output
    charter = parse((portfolio / "partnerships/obrien/charter.yaml").read_text())
    assert isinstance(charter, dict) and charter["partner"]["name"] == name


@pytest.mark.parametrize("bad", ["../escape", "Acme", "a/b", "x-", "a..b", "x" * 81])
def test_new_refuses_bad_ids(portfolio: Path, bad: str) -> None:
    result = invoke(["new", bad, *FULL])
    assert result.exit_code == 2 and "cannot be a partnership id" in result.output
    assert list((portfolio / "partnerships").iterdir()) == []


def test_new_refuses_an_existing_partnership_and_bad_values(portfolio: Path) -> None:
    assert invoke(["new", "acme", *FULL]).exit_code == 0
    before = (portfolio / "partnerships/acme/charter.yaml").read_text()
    again = invoke(["new", "acme", *FULL])
    assert again.exit_code == 2 and "already exists" in again.output
    assert (portfolio / "partnerships/acme/charter.yaml").read_text() == before
    wrong = invoke(["new", "other", *FULL, "--stage", "actve"])
    assert wrong.exit_code == 2 and "--stage 'actve' is not one of" in wrong.output
    stranger = invoke(["new", "other", *FULL, "--owner", "zed"])
    assert stranger.exit_code == 2 and "not a handle in people.yaml" in stranger.output


def test_new_without_a_terminal_never_asks(portfolio: Path) -> None:
    result = invoke(["new", "acme", "--name", "Acme"])
    assert result.exit_code == 2 and "missing --partner, --type" in result.output
    # what to write instead, ready to copy, with what was given kept
    assert "--type is one of: technology, reseller," in result.output
    assert "e.g. partnerkit new acme --name Acme --partner 'Acme Cloud Inc.' --type technology" in result.output
    done = subprocess.run(
        [sys.executable, "-m", "partnerkit", "new", "acme"],
        cwd=portfolio,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "missing --name, --partner, --type" in done.stderr
    assert not (portfolio / "partnerships/acme").exists()


def test_new_asks_for_what_is_missing_in_a_terminal(portfolio: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(author_cli, "interactive", lambda: True)
    answers = "\n".join(["", "Acme Cloud Inc.", "technology", "", "strategic", "onboarding", "ana"]) + "\n"
    result = invoke(["new", "acme-cloud"], input=answers)
    assert result.exit_code == 0, result.output
    charter = parse((portfolio / "partnerships/acme-cloud/charter.yaml").read_text())
    assert isinstance(charter, dict)
    assert (charter["name"], charter["partner"], charter["tier"], charter["stage"], charter["owner"]) == (
        "Acme Cloud",
        {"name": "Acme Cloud Inc.", "kind": "company"},
        "strategic",
        "onboarding",
        "ana",
    )


def test_new_uses_the_users_templates_first(portfolio: Path, tmp_path: Path) -> None:
    custom = tmp_path / "mine" / "new"
    custom.mkdir(parents=True)
    (custom / "risks.yaml.j2").write_text("# Our house risk template for {{ name }}\nrisks: []\n")
    result = invoke(["new", "acme", *FULL, "--templates", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    assert (
        portfolio / "partnerships/acme/risks.yaml"
    ).read_text() == "# Our house risk template for Acme Cloud integration\nrisks: []\n"
    assert (portfolio / "partnerships/acme/kpis.yaml").read_text().startswith("# yaml-language-server")


def everything_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.mark.parametrize("linked", [".github", "schemas", ".github/workflows", "partnerships"])
def test_init_with_a_linked_folder_writes_nothing_anywhere(tmp_path: Path, linked: str) -> None:
    outside, root = tmp_path / "outside", tmp_path / "portfolio"
    outside.mkdir()
    (root / linked).parent.mkdir(parents=True)
    (root / linked).symlink_to(outside, target_is_directory=True)
    before = everything_under(root)
    result = invoke(["init", str(root)])
    assert result.exit_code == 2, result.output
    assert f"{root / linked} is a symbolic link" in result.output and "Nothing was written" in result.output
    assert everything_under(outside) == [] and everything_under(root) == before
    assert invoke(["init", str(root), "--force"]).exit_code == 2  # --force does not write through links either
    assert everything_under(outside) == [] and everything_under(root) == before


def test_init_with_a_file_where_a_folder_goes_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / ".github").write_text("not a folder\n")
    result = invoke(["init", str(tmp_path)])
    assert result.exit_code == 2 and ".github is not a folder" in result.output
    assert everything_under(tmp_path) == [".github"]


def test_init_force_over_a_linked_file_writes_nothing(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("mine\n")
    root = tmp_path / "portfolio"
    root.mkdir()
    (root / "README.md").symlink_to(outside)
    result = invoke(["init", str(root), "--force"])
    assert result.exit_code == 2 and "README.md is a symbolic link" in result.output
    assert outside.read_text() == "mine\n" and everything_under(root) == ["README.md"]


def test_new_with_partnerships_linked_outside_creates_nothing_there(portfolio: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (portfolio / "partnerships").rmdir()
    (portfolio / "partnerships").symlink_to(outside, target_is_directory=True)
    result = invoke(["new", "acme", *FULL])
    assert result.exit_code == 2, result.output
    assert "partnerships is a symbolic link" in result.output and "nothing was written" in result.output
    assert list(outside.iterdir()) == []
    imported = portfolio / "tracker.csv"
    imported.write_text("id,name,partner,type\nacme,Acme,Acme Inc,technology\n")
    assert invoke(["import", str(imported)]).exit_code == 2  # import writes through the same check
    assert list(outside.iterdir()) == []


def test_new_with_a_dangling_link_for_the_folder_creates_nothing(portfolio: Path, tmp_path: Path) -> None:
    target = tmp_path.parent / f"{tmp_path.name}-nowhere"
    (portfolio / "partnerships" / "acme").symlink_to(target, target_is_directory=True)
    result = invoke(["new", "acme", *FULL])
    assert result.exit_code == 2 and "acme is a symbolic link" in result.output
    assert not target.exists()


def install_step(root: Path) -> tuple[dict, str]:
    """The workflow's install step, and the workflow's text."""
    text = (root / ".github/workflows/partnerkit.yml").read_text()
    workflow = parse(text)
    assert isinstance(workflow, dict)
    steps = workflow["jobs"]["lint"]["steps"]
    return next(s for s in steps if s.get("name") == "Install partnerkit"), text


@pytest.mark.parametrize(
    "spec",
    [
        "partnerkit @ git+https://github.com/acme/partnerkit@v0.1.0",
        "partnerkit==0.1.0",
        "./tools/partnerkit",
        "x\"; echo $HOME 'y' $(id) # z",  # kept exactly: never run by the shell, never breaking the YAML
    ],
)
def test_init_install_spec_is_what_ci_installs(tmp_path: Path, spec: str) -> None:
    result = invoke(["init", str(tmp_path), "--install-spec", spec])
    assert result.exit_code == 0, result.output
    step, text = install_step(tmp_path)
    assert step["env"] == {"PARTNERKIT_INSTALL": spec}
    assert step["run"] == 'pip install "$PARTNERKIT_INSTALL"'
    assert "# What pip installs: the spec given to `partnerkit init --install-spec`." in text
    assert "`partnerkit init --install-spec SPEC` writes it" in text and '"partnerkit==0.1.0"' in text
    readme = (tmp_path / "README.md").read_text()
    assert f"`pip install {shlex.quote(spec)}`" in readme


@pytest.mark.parametrize("spec", ["", "  ", "a\nb", "a`b", "a\x1bb"])
def test_init_refuses_an_install_spec_it_cannot_write_and_writes_nothing(tmp_path: Path, spec: str) -> None:
    result = invoke(["init", str(tmp_path / "p"), "--install-spec", spec])
    assert result.exit_code == 2 and "--install-spec must" in result.output and "Nothing was written" in result.output
    assert not (tmp_path / "p").exists()


def test_init_installs_in_ci_what_this_partnerkit_was_installed_from(tmp_path: Path) -> None:
    from importlib import metadata

    from partnerkit.author.scaffold import spec_from_direct_url

    assert invoke(["init", str(tmp_path)]).exit_code == 0
    step, text = install_step(tmp_path)
    record = metadata.distribution("partnerkit").read_text("direct_url.json")
    spec, origin = spec_from_direct_url(record, "0.1.0")
    assert step["env"] == {"PARTNERKIT_INSTALL": spec} and f"# What pip installs: {origin}." in text
    if record and '"dir_info"' in record:  # the test run's own editable install: this checkout
        assert Path(spec).resolve() == REPO and "CI must have it too" in origin


@pytest.mark.parametrize(
    ("record", "spec"),
    [
        (None, "partnerkit==1.2.3"),
        ("not json", "partnerkit==1.2.3"),
        ('{"url": "https://files.example/partnerkit-1.2.3.tar.gz", "archive_info": {}}', "partnerkit==1.2.3"),
        (
            '{"url": "https://github.com/acme/partnerkit.git", '
            '"vcs_info": {"vcs": "git", "requested_revision": "v1.2.3", "commit_id": "7d1f8c1"}}',
            "partnerkit @ git+https://github.com/acme/partnerkit.git@7d1f8c1",
        ),
        (
            '{"url": "https://github.com/acme/tools.git", "subdirectory": "partnerkit", '
            '"vcs_info": {"vcs": "git", "commit_id": "7d1f8c1"}}',
            "partnerkit @ git+https://github.com/acme/tools.git@7d1f8c1#subdirectory=partnerkit",
        ),
        ('{"url": "file:///home/ana/src/partnerkit", "dir_info": {"editable": true}}', "/home/ana/src/partnerkit"),
        ('{"url": "file:///tmp/my%20tools/partnerkit", "dir_info": {}}', "/tmp/my tools/partnerkit"),
        (
            '{"url": "file:///w/partnerkit-1.2.3-py3-none-any.whl", "archive_info": {}}',
            "/w/partnerkit-1.2.3-py3-none-any.whl",
        ),
    ],
)
def test_the_default_install_spec_follows_pep_610(record: str | None, spec: str) -> None:
    from partnerkit.author.scaffold import spec_from_direct_url

    assert spec_from_direct_url(record, "1.2.3")[0] == spec
