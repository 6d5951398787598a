"""The CI formats (GitHub annotations, SARIF, JUnit XML) on hand-built and hostile findings."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from partnerkit import __version__
from partnerkit.diagnostics import Diagnostic, Severity, sort_diagnostics
from partnerkit.render import Report
from partnerkit.render.formats import renderer
from partnerkit.render.github import escape_data, escape_property
from partnerkit.render.junit import xml_safe
from partnerkit.render.sarif import artifact_uri
from partnerkit.rules import REGISTRY
from tests.conftest import RISKY, invoke, write_portfolio

SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"

HOSTILE = "50% off: a, b\r\nnext <script>alert('x')</script> & \"q\"\x01 end"
DIAGNOSTICS = sort_diagnostics(
    [
        Diagnostic(
            "PK001", "yaml-syntax", Severity.ERROR, HOSTILE, "partnerships/a,b:c/kpis.yaml", 3, 7, "fix it, 100%", "a"
        ),
        Diagnostic(
            "PK012",
            "missing-required-file",
            Severity.ERROR,
            "the partnership has no raci.yaml",
            "partnerships/a",
            0,
            0,
            "create partnerships/a/raci.yaml",
            "a",
        ),
        Diagnostic(
            "PK403",
            "risk-high-unmitigated",
            Severity.WARNING,
            "risk 'R1' is high",
            "partnerships/a/risks.yaml",
            2,
            0,
            "",
            "a",
        ),
        Diagnostic(
            "PK901", "unused-person", Severity.INFO, "tom is not referred to", "people.yaml", 9, 3, "remove tom"
        ),
    ]
)
REPORT = Report(DIAGNOSTICS, partnerships=2, files=11, as_of="2026-11-25")
EMPTY = Report([], partnerships=3, files=24, as_of="2026-11-25")


def rendered(name: str, report: Report = REPORT) -> str:
    stream = io.StringIO()
    renderer("lint", name)(report, stream, False)
    return stream.getvalue()


def lint_cli(tmp_path: Path, output_format: str) -> str:
    write_portfolio(tmp_path, RISKY)
    result = invoke(["lint", str(tmp_path), "--format", output_format, "--as-of", "2026-11-25", "--no-cache"])
    assert result.exit_code == 1, result.output  # the portfolio has errors
    return result.stdout


# -- github -----------------------------------------------------------------------------------


def test_github_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("100%\r\na:b,c") == "100%25%0D%0Aa:b,c"
    assert escape_property("100%\r\na:b,c") == "100%25%0D%0Aa%3Ab%2Cc"
    assert escape_property("%3A") == "%253A"  # an already-escaped-looking value stays literal


def test_github_one_command_per_finding_then_a_summary() -> None:
    lines = rendered("github").split("\n")
    assert lines == [
        "::error file=partnerships/a,title=PK012 missing-required-file::the partnership has no raci.yaml"
        "%0Ahint: create partnerships/a/raci.yaml",
        "::error file=partnerships/a%2Cb%3Ac/kpis.yaml,line=3,col=7,title=PK001 yaml-syntax::"
        "50%25 off: a, b%0D%0Anext <script>alert('x')</script> & \"q\"\\x01 end%0Ahint: fix it, 100%25",
        "::warning file=partnerships/a/risks.yaml,line=2,title=PK403 risk-high-unmitigated::risk 'R1' is high",
        "::notice file=people.yaml,line=9,col=3,title=PK901 unused-person::tom is not referred to%0Ahint: remove tom",
        "partnerkit: 2 errors, 1 warning, 1 info in 2 partnerships",
        "",
    ]


def test_github_all_clear_is_just_the_summary() -> None:
    assert rendered("github", EMPTY) == "partnerkit: 0 errors, 0 warnings, 0 info in 3 partnerships\n"


def test_github_cli(tmp_path: Path) -> None:
    lines = lint_cli(tmp_path, "github").splitlines()
    assert any(
        line.startswith(
            "::error file=partnerships/good/risks.yaml,line=2,col=5,title=PK403 risk-high-unmitigated::"
            "risk 'R1' is high (4 x 5 = 20) and has no mitigation%0Ahint: add `mitigation:`"
        )
        for line in lines
    )  # ':' escaped only in properties
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:-1])
    assert lines[-1].startswith("partnerkit: ") and lines[-1].endswith(" in 1 partnership")


# -- sarif ------------------------------------------------------------------------------------


def sarif(report: Report = REPORT) -> dict:
    return json.loads(rendered("sarif", report))


def test_sarif_validates_against_the_official_schema() -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (shared test data absent)")
    from jsonschema import FormatChecker
    from jsonschema.validators import validator_for

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = validator_for(schema)  # the file declares its own draft (draft-04)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=FormatChecker())
    for report in (REPORT, EMPTY):
        errors = sorted(validator.iter_errors(sarif(report)), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_sarif_run_describes_the_tool_and_the_whole_catalogue() -> None:
    document = sarif()
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert document["version"] == "2.1.0"
    [run] = document["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("partnerkit", __version__)
    assert driver["informationUri"] == "https://github.com/partnerkit/partnerkit"
    assert [r["id"] for r in driver["rules"]] == list(REGISTRY)
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    for descriptor, rule in zip(driver["rules"], REGISTRY.values(), strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.why
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity]
        for help_text in (descriptor["help"]["text"], descriptor["help"]["markdown"]):
            assert rule.bad in help_text and rule.good in help_text


def test_sarif_results_point_at_their_rules_and_omit_unknown_positions() -> None:
    rules = sarif()["runs"][0]["tool"]["driver"]["rules"]
    results = sarif()["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [d.code for d in DIAGNOSTICS]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["ruleIndex"] == list(REGISTRY).index(result["ruleId"])
    by_code = {r["ruleId"]: r for r in results}
    assert [r["level"] for r in results] == ["error", "error", "warning", "note"]
    location = by_code["PK001"]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "partnerships/a%2Cb%3Ac/kpis.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 7}
    assert "region" not in by_code["PK012"]["locations"][0]["physicalLocation"]  # whole folder: line 0
    assert by_code["PK403"]["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}  # column 0
    assert by_code["PK001"]["message"]["text"] == HOSTILE + "\nhint: fix it, 100%"
    assert by_code["PK403"]["message"]["text"] == "risk 'R1' is high"


def test_sarif_fingerprints_are_stable_and_ignore_line_moves() -> None:
    def fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
        return [
            r["partialFingerprints"]["partnerkit/v1"]
            for r in sarif(Report(diagnostics, 1, 1, "2026-11-25"))["runs"][0]["results"]
        ]

    first = fingerprints(DIAGNOSTICS)
    assert first == fingerprints(DIAGNOSTICS) and len(set(first)) == len(first)
    moved = [
        Diagnostic(d.code, d.name, d.severity, d.message, d.path, d.line + 5 if d.line else 0, d.column, d.hint)
        for d in DIAGNOSTICS
    ]
    assert fingerprints(moved) == first
    twice = [
        DIAGNOSTICS[0],
        Diagnostic(*[getattr(DIAGNOSTICS[0], f) for f in ("code", "name", "severity", "message", "path")], 8, 1),
    ]
    assert len(set(fingerprints(twice))) == 2  # the same finding twice in a file: told apart by occurrence


def test_sarif_is_deterministic_ascii_and_handles_unknown_codes() -> None:
    assert rendered("sarif") == rendered("sarif")
    assert rendered("sarif").isascii()
    odd = Report([Diagnostic("PK999", "from-the-future", Severity.WARNING, "é", "x.yaml", 1, 1)], 1, 1, "2026-11-25")
    run = sarif(odd)["runs"][0]
    [result] = run["results"]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "PK999"
    assert result["message"]["text"] == "é"


def test_sarif_uris_are_relative_references_that_decode_to_the_path() -> None:
    for path in ("partnerships/acme/kpis.yaml", "a:b c%#?.yaml", "partnerships/müller/charter.yaml"):
        uri = artifact_uri(path)
        assert urlsplit(uri).scheme == "" and urlsplit(uri).path == uri
        assert unquote(uri) == path
    assert artifact_uri("partnerships/acme/kpis.yaml") == "partnerships/acme/kpis.yaml"


def test_sarif_cli(tmp_path: Path) -> None:
    document = json.loads(lint_cli(tmp_path, "sarif"))
    [run] = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    high = [r for r in run["results"] if r["ruleId"] == "PK403"]
    assert len(high) == 1 and rules[high[0]["ruleIndex"]]["name"] == "risk-high-unmitigated"
    assert high[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 5}
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} == {
        "partnerships/good",
        "partnerships/good/charter.yaml",
        "partnerships/good/risks.yaml",
    }


# -- junit ------------------------------------------------------------------------------------


def junit(report: Report = REPORT) -> ET.Element:
    text = rendered("junit", report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_junit_one_case_per_file_with_one_failure_listing_its_errors_and_warnings() -> None:
    root = junit()
    assert root.tag == "testsuites" and root.get("name") == "partnerkit"
    [suite] = root
    assert suite.tag == "testsuite" and suite.get("name") == "partnerkit lint"
    for element in (root, suite):
        assert (element.get("tests"), element.get("failures"), element.get("errors")) == ("4", "3", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "partnerships/a",
        "partnerships/a,b:c/kpis.yaml",
        "partnerships/a/risks.yaml",
        "people.yaml",
    ]
    assert {c.get("classname") for c in cases} == {"partnerkit"}
    assert [[f.get("type") for f in c.findall("failure")] for c in cases] == [["PK012"], ["PK001"], ["PK403"], []]
    assert (
        cases[2].find("failure").text == "partnerships/a/risks.yaml:2:0 PK403 risk-high-unmitigated: risk 'R1' is high"
    )
    assert cases[0].find("failure").text == (
        "partnerships/a PK012 missing-required-file: the partnership has no raci.yaml"
        " (hint: create partnerships/a/raci.yaml)"
    )
    assert (
        cases[3].find("system-out").text
        == "people.yaml:9:3 PK901 unused-person: tom is not referred to (hint: remove tom)"
    )


def test_junit_hostile_text_survives_without_forbidden_characters() -> None:
    failure = junit().find("testsuite/testcase[@name='partnerships/a,b:c/kpis.yaml']/failure")
    assert failure is not None
    safe = HOSTILE.replace("\x01", "\ufffd")
    assert failure.get("message") == "PK001 yaml-syntax: " + safe  # attributes keep even \r\n, as character references
    # in element text an XML parser reads any \r\n as \n, as XML 1.0 says it must
    assert failure.text == f"partnerships/a,b:c/kpis.yaml:3:7 PK001 yaml-syntax: {safe} (hint: fix it, 100%)".replace(
        "\r\n", "\n"
    )


def test_junit_xml_safe_replaces_only_what_xml_forbids() -> None:
    assert xml_safe("a\x00b\x0bc\x1fd\ud800e\ufffef") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"
    kept = "tab\t nl\n cr\r <&>\"' é 😀 \ue000"
    assert xml_safe(kept) == kept


def test_junit_all_clear_is_one_passing_case() -> None:
    root = junit(EMPTY)
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    [case] = root.findall("testsuite/testcase")
    assert (case.get("name"), case.get("classname"), list(case)) == ("portfolio", "partnerkit", [])


def test_junit_cli(tmp_path: Path) -> None:
    root = ET.fromstring(lint_cli(tmp_path, "junit").encode("utf-8"))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"partnerships/good", "partnerships/good/charter.yaml", "partnerships/good/risks.yaml"}
    [failure] = cases["partnerships/good"].findall("failure")  # one failure per file, listing every finding
    assert failure.get("type") == "PK012" and failure.get("message", "").endswith("(and 2 more)")
    assert failure.text is not None and failure.text.count("PK012 missing-required-file") == 3
    assert [f.get("type") for f in cases["partnerships/good/risks.yaml"].findall("failure")] == ["PK403"]
    assert (root.get("tests"), root.get("failures")) == ("3", "3")


def test_gitlab_code_quality_shape_and_stable_fingerprints(tmp_path: Path) -> None:
    issues = json.loads(lint_cli(tmp_path / "a", "gitlab"))
    [issue] = [i for i in issues if i["check_name"] == "PK403 risk-high-unmitigated"]
    assert issue["severity"] == "major" and issue["type"] == "issue"
    assert issue["location"] == {"path": "partnerships/good/risks.yaml", "lines": {"begin": 2}}
    assert issue["description"].startswith("risk 'R1' is high (4 x 5 = 20)") and "hint:" in issue["description"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    # the same findings, moved down two lines, keep their fingerprints
    moved = tmp_path / "b"
    write_portfolio(moved, RISKY)
    risks = moved / "partnerships/good/risks.yaml"
    risks.write_text("# the register\n# reviewed monthly\n" + risks.read_text())
    again = json.loads(invoke(["lint", str(moved), "--format", "gitlab", "--as-of", "2026-11-25", "--no-cache"]).stdout)
    assert {i["fingerprint"] for i in again} == {i["fingerprint"] for i in issues}
    assert next(i for i in again if i["check_name"].startswith("PK403"))["location"]["lines"]["begin"] == 4
