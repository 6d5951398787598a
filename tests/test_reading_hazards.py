"""Every hazard a file can carry becomes a diagnostic at its line; the rest is still checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from partnerkit.diagnostics import Diagnostic

BAD = "partnerships/bad/charter.yaml"


def at(diagnostics: list[Diagnostic], path: str, code: str) -> list[tuple[int, int]]:
    return [(d.line, d.column) for d in diagnostics if d.path == path and d.code == code]


def still_checks_the_rest(diagnostics: list[Diagnostic]) -> bool:
    """The good partnership's charter was read: its missing files and owner are reported."""
    return any(d.path == "partnerships/good/charter.yaml" and d.code == "PK208" for d in diagnostics)


def charter(extra: str, pid: str = "bad") -> str:
    return (
        f"id: {pid}\nname: Bad\npartner: {{name: Bad Inc}}\ntype: technology\ntier: standard\nstage: prospect\n{extra}"
    )


HAZARDS = [
    ("invalid utf-8", "PK005", b"id: bad\nname: Caf\xe9\n", (2, 10), "not valid UTF-8"),
    ("lone surrogate bytes", "PK005", b"id: bad\nname: \xed\xa0\x80\n", (2, 7), "not valid UTF-8"),
    ("nul byte", "PK005", b"id: bad\nname: a\x00b\n", (2, 8), "NUL"),
    ("control character", "PK005", b"id: bad\n\nname: a\x1bb\n", (3, 8), "control character U+001B"),
    ("escaped lone surrogate", "PK001", charter('summary: "\\ud800"\n'), (7, 13), "YAML syntax error"),
    ("yaml 1.1 directive", "PK001", "%YAML 1.1\n---\n" + charter(""), (1, 1), "YAML 1.1"),
    (
        "python tag",
        "PK001",
        charter('summary: !!python/object/apply:os.system ["echo hi"]\n'),
        (7, 10),
        "explicit YAML tag",
    ),
    ("custom tag", "PK001", charter("summary: !include secrets.yaml\n"), (7, 10), "explicit YAML tag"),
    ("non-specific tag", "PK001", charter("summary: ! 12\n"), (7, 10), "explicit YAML tag '!'"),
    (
        "text right after a closing quote",
        "PK001",
        charter('summary: "Quoted evidence"# no space\n'),
        (7, 27),
        "'#' starts a comment only after a space",
    ),
    ("two documents", "PK001", charter("---\nid: other\n"), (7, 1), "more than one YAML document"),
    ("duplicate key", "PK001", charter("name: Again\n"), (7, 1), "lines 2 and 7"),
    ("recursive alias", "PK001", charter("summary: &a [*a]\n"), (7, 10), "refers to the collection that contains it"),
    (
        "alias bomb",
        "PK001",
        charter(
            "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        ),
        None,
        "would expand the file's 33 values to 12,363",
    ),
    (
        "aliases expanding a large list",
        "PK001",
        charter("a: &a [" + ",".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 20) + "]\n"),
        (8, 5 + 4 * 9),
        "would expand the file's 1,019 values",
    ),
    ("deep nesting", "PK001", charter("summary: " + "[" * 70 + "]" * 70 + "\n"), None, "nested more than 64"),
    ("number too large", "PK001", charter("summary: " + "9" * 5000 + "\n"), (7, 10), "too large"),
    ("float overflow", "PK001", charter("summary: 1e999\n"), (7, 10), "too large"),
    ("broken syntax", "PK001", charter("summary: [unclosed\n"), None, "YAML syntax error"),
    ("tab indentation", "PK001", "id: bad\npartner:\n\tname: x\n", (3, 1), "YAML syntax error"),
    ("impossible date", "PK002", charter("dates:\n  started: 2026-02-30\n"), (8, 3), "does not exist in the calendar"),
    ("not a mapping", "PK002", "- just\n- a list\n", (1, 1), "should hold a mapping"),
    ("unknown key", "PK004", charter("sumary: typo\n"), (7, 1), "unknown key `sumary`"),
    ("wrong type", "PK002", charter("governance: {cadence: [monthly]}\n"), (7, 14), "`cadence`"),
]


@pytest.mark.parametrize(("code", "content", "where", "words"), [h[1:] for h in HAZARDS], ids=[h[0] for h in HAZARDS])
def test_hazard_is_a_located_diagnostic(portfolio, code: str, content, where, words: str) -> None:
    diagnostics = portfolio({BAD: content}, ("good", "bad"))
    found = [d for d in diagnostics if d.path == BAD and d.code == code]
    assert found, diagnostics
    assert words in found[0].message
    assert found[0].line >= 1 and found[0].hint
    if where is not None:
        assert (found[0].line, found[0].column) == where
    assert still_checks_the_rest(diagnostics)


def test_bom_is_accepted(portfolio) -> None:
    diagnostics = portfolio({BAD: b"\xef\xbb\xbf" + charter("").encode()}, ("good", "bad"))
    assert not [d for d in diagnostics if d.path == BAD and d.code in ("PK001", "PK002", "PK005")]


def test_tabs_between_words_are_read_as_yaml_1_2_reads_them(portfolio) -> None:
    """A tab typed by hand after "key:" or "-" separates, as YAML 1.2 says; libyaml refuses some."""
    content = charter("contacts:\n-\t{name: Jane Roe}\n").replace("name: Bad", "name:\tBad")
    diagnostics = portfolio({BAD: content}, ("good", "bad"))
    assert not [d for d in diagnostics if d.path == BAD and d.code in ("PK001", "PK002", "PK005")], diagnostics


def test_yaml_1_2_directive_is_accepted(portfolio) -> None:
    diagnostics = portfolio({BAD: "%YAML 1.2\n---\n" + charter("")}, ("good", "bad"))
    assert not [d for d in diagnostics if d.path == BAD and d.code == "PK001"]


def test_symlink_is_refused(tmp_path: Path, portfolio) -> None:
    target = tmp_path / "elsewhere.yaml"
    target.write_text(charter(""), encoding="utf-8")
    (tmp_path / "partnerships" / "bad").mkdir(parents=True)
    os.symlink(target, tmp_path / BAD)
    diagnostics = portfolio({}, ("good",))
    assert [d.message for d in diagnostics if d.path == BAD and d.code == "PK005"] == [
        "this is a symbolic link; partnerkit does not follow links"
    ]
    assert still_checks_the_rest(diagnostics)


def test_special_file_is_refused(tmp_path: Path, portfolio) -> None:
    (tmp_path / "partnerships" / "bad").mkdir(parents=True)
    os.mkfifo(tmp_path / BAD)
    diagnostics = portfolio({}, ("good",))
    assert at(diagnostics, BAD, "PK005") == [(0, 0)]
    assert still_checks_the_rest(diagnostics)


def test_file_over_the_size_cap_is_refused_unread(portfolio) -> None:
    big = charter("summary: " + "x" * 3000 + "\n")
    diagnostics = portfolio(
        {"partnerkit.yaml": "version: 1\nlimits: {max_file_bytes: 2048}\n", BAD: big}, ("good", "bad")
    )
    found = [d for d in diagnostics if d.path == BAD and d.code == "PK005"]
    assert found and "over the 2,048-byte limit" in found[0].message
    assert still_checks_the_rest(diagnostics)


def test_every_hazard_at_once_through_the_cli_never_shows_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import write_portfolio

    files = {f"partnerships/h{i}/charter.yaml": content for i, (_, _, content, _, _) in enumerate(HAZARDS)}
    write_portfolio(tmp_path, files, ("good",))
    done = subprocess.run(
        [sys.executable, "-m", "partnerkit", "lint", str(tmp_path), "--as-of", "2026-11-25"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    for i in range(len(HAZARDS)):
        assert f"partnerships/h{i}/charter.yaml:" in done.stdout


@pytest.mark.parametrize("content", [None, "x.yaml"], ids=["empty folder", "folder with a file"])
@pytest.mark.parametrize("name", ["status.yaml", "agreements.yaml"])
def test_a_folder_named_like_a_file_is_said_to_be_a_folder(
    tmp_path: Path, portfolio, name: str, content: str | None
) -> None:
    folder = tmp_path / "partnerships" / "bad" / name
    folder.mkdir(parents=True)
    if content:
        (folder / content).write_text("x: 1\n")
    diagnostics = portfolio({BAD: charter("")}, ("good", "bad"))
    found = [(d.code, d.message) for d in diagnostics if d.path == f"partnerships/bad/{name}"]
    assert found == [("PK005", f"{name} is a folder, not a file")]
    assert not [d for d in diagnostics if d.code == "PK012" and f"no {name}" in d.message and "bad" in d.path]
    assert still_checks_the_rest(diagnostics)


def test_a_linked_partnerships_folder_is_refused_like_a_linked_partnership(tmp_path: Path) -> None:
    from tests.conftest import invoke, run_lint, write_portfolio

    outside = tmp_path / "outside"
    write_portfolio(outside, {}, ("good", "bad"))
    root = tmp_path / "portfolio"
    write_portfolio(root, {}, ())
    os.symlink(outside / "partnerships", root / "partnerships")
    diagnostics = run_lint(root)
    assert [(d.code, d.message) for d in diagnostics if d.path == "partnerships"] == [
        ("PK005", "partnerships/ is a symbolic link; partnerkit does not follow links")
    ]
    assert not [d for d in diagnostics if d.path.startswith("partnerships/")]  # nothing in it was read
    result = invoke(["fmt", "--check", str(root)])
    assert "partnerships/" not in result.output  # fmt does not reach through it either


BAD_URLS = [
    ("https://evil.example\\@good.example/", "contains a backslash", "write / instead of \\"),
    ("https://user:secret@acme.example/", "user name or password before the host", "leave credentials out"),
    ("https://acme.example:abc/", "its port 'abc' is not a number", "from 1 to 65535"),
    ("https://acme.example:99999/", "its port 99999 is out of range", "from 1 to 65535"),
    ("https://acme\u200b.example/", "invisible or control character (U+200B)", "retype the address"),
    ("https://acme\u202e.example/", "invisible or control character (U+202E)", "retype the address"),
    ("https://ac me.example/", "contains a space", "retype the address"),
    ("https://acme_corp.example/", "not a valid domain name", "www.example.com"),
    ("https://999.1.1.1/", "looks like an IP address but is not a valid one", "four numbers"),
    ("javascript:alert(1)", "not a web address", "https://"),
    ("//acme.example/", "not a web address", "https://"),
    ("https:///path", "no host name", "www.example.com"),
]


@pytest.mark.parametrize(("url", "words", "hint"), BAD_URLS, ids=[u[1] for u in BAD_URLS])
def test_a_link_field_says_in_plain_words_why_it_is_no_link(portfolio, url: str, words: str, hint: str) -> None:
    import json

    agreements = "partnerships/bad/agreements.yaml"
    content = f"agreements:\n  - id: msa\n    kind: msa\n    status: draft\n    document: {json.dumps(url)}\n"
    website = charter("").replace(
        "partner: {name: Bad Inc}", "partner: {name: Bad Inc, website: " + json.dumps(url) + "}"
    )
    diagnostics = portfolio({BAD: website, agreements: content}, ("good", "bad"))
    for path, field, where in ((BAD, "website", (3, 26)), (agreements, "document", (5, 5))):
        found = [d for d in diagnostics if d.path == path and d.code == "PK002"]
        assert [(d.line, d.column) for d in found] == [where]
        assert f"`{field}` is {url!r}, which cannot be a link: it" in found[0].message
        assert words in found[0].message and hint in found[0].hint
    assert still_checks_the_rest(diagnostics)


def test_the_report_never_gets_a_link_the_loader_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import partnerkit.render.escaping as escaping
    import partnerkit.report.templates as report_templates
    from tests.conftest import EXAMPLE, invoke

    root = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, root)
    charter_file = root / "partnerships/cirrus-hosting/charter.yaml"
    agreements_file = root / "partnerships/cirrus-hosting/agreements.yaml"
    charter_file.write_text(
        charter_file.read_text().replace("https://cirrus-cloud.example.com", "'https://evil.example\\@good.example/'")
    )
    agreements_file.write_text(
        agreements_file.read_text().replace("https://contracts.example.com/", "https://u:p@contracts.example.com/")
    )
    given: list[object] = []
    original = escaping.safe_url

    def spy(value: object) -> str:
        given.append(value)
        return original(value)

    monkeypatch.setattr(escaping, "safe_url", spy)
    monkeypatch.setattr(report_templates, "safe_url", spy)
    for output_format in ("md", "html"):
        result = invoke(["report", str(root), "--format", output_format, "--as-of", "2026-11-25"])
        assert result.exit_code == 0, result.output
        for refused in ("https://evil.example", "https://u:p@"):  # shown as text in the finding, never a link
            assert f"]({refused}" not in result.stdout and f'href="{refused}' not in result.stdout
    assert given  # the other partnerships' links went through it
    assert not [v for v in given if "evil.example" in str(v) or "u:p@" in str(v)]


def test_the_alias_expansion_cap_is_set_in_partnerkit_yaml(tmp_path: Path) -> None:
    """limits.alias_expansion reaches the reader: a file whose aliases multiply its values six
    times passes the default cap of 10 and is refused under a cap of 2, at the alias that crosses it."""
    from tests.conftest import run_lint, write_portfolio

    items = ", ".join(str(i) for i in range(3000))
    status = f"buckets: {{}}\nspare: &many [{items}]\ncopies: [*many, *many, *many, *many, *many]\n"
    write_portfolio(tmp_path, {"partnerships/good/status.yaml": status})
    codes = {(d.code, d.path) for d in run_lint(tmp_path)}
    assert ("PK001", "partnerships/good/status.yaml") not in codes
    (tmp_path / "partnerkit.yaml").write_text("version: 1\nlimits: {alias_expansion: 2}\n")
    [refused] = [d for d in run_lint(tmp_path) if d.code == "PK001"]
    assert refused.path == "partnerships/good/status.yaml" and refused.line == 3
    assert "expand" in refused.message
