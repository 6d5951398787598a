"""`partnerkit due`: what is coming and what is overdue, in text, JSON and iCalendar."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import invoke

icalendar = pytest.importorskip("icalendar", reason="icalendar is a test dependency: pip install -e '.[test]'")


@pytest.fixture
def base(base: Path) -> Path:
    """The clean portfolio with an MSA to renew, an overdue and a done action, and Lee's email."""
    root = base
    (root / "partnerships/acme/agreements.yaml").write_text(
        "agreements:\n  - {id: msa, kind: msa, title: 'MSA, EMEA; v2', status: signed, signed: 2025-01-10,"
        " expiry: 2027-03-31, renewal_notice_days: 119}\n"
    )
    (root / "people.yaml").write_text(
        (root / "people.yaml")
        .read_text()
        .replace("lee: {name: Lee Chen,", "lee: {name: Lee Chen, email: lee@example.com,")
    )
    (root / "partnerships/acme/actions.yaml").write_text(
        "actions:\n  - {id: A1, title: Send the deck, owner: lee, due: 2026-11-20}\n"
        "  - {id: A2, title: Done already, owner: lee, due: 2026-11-21, state: done, done: 2026-11-19}\n"
    )
    return root


def items(root: Path, *args: str) -> list[dict]:
    result = invoke(["due", str(root), "--as-of", "2026-11-25", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["items"]


def test_due_lists_deadlines_by_date_with_overdue_flagged(base: Path) -> None:
    found = {(i["kind"], i["item"]): i for i in items(base)}
    a1 = found[("action", "A1")]
    assert (a1["date"], a1["overdue"], a1["owner"], a1["partnership"]) == ("2026-11-20", True, "lee", "acme")
    assert ("action", "A2") not in found  # done
    assert found[("renewal-notice", "msa")]["date"] == "2026-12-02"  # expiry minus 119 days
    assert ("expiry", "msa") not in found  # 2027-03-31 is beyond 90 days
    assert ("expiry", "msa") in {(i["kind"], i["item"]) for i in items(base, "--within", "130d")}
    dates = [i["date"] for i in items(base)]
    assert dates == sorted(dates)


def test_due_text_groups_overdue_then_weeks(base: Path) -> None:
    text = invoke(["due", str(base), "--as-of", "2026-11-25"]).output
    assert text.startswith("Overdue\n  2026-11-20  acme  action due: A1 Send the deck  (lee)\n")
    assert "Week of 2026-11-30\n  2026-12-02  acme  renewal notice deadline: MSA, EMEA; v2 (expires 2027-03-31)" in text


def test_ics_parses_back_with_stable_unique_uids_and_reminders(base: Path) -> None:
    args = ["due", str(base), "--as-of", "2026-11-25", "--format", "ics", "--within", "120"]
    first, second = invoke(args).output, invoke(args).output
    assert first == second
    calendar = icalendar.Calendar.from_ical(first)
    events = list(calendar.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) == len(items(base, "--within", "120"))
    notice = next(e for e in events if "renewal notice" in str(e["SUMMARY"]))
    assert notice.decoded("DTSTART") == dt.date(2026, 12, 2)
    assert str(notice["SUMMARY"]) == "acme: renewal notice deadline: MSA, EMEA; v2 (expires 2027-03-31)"
    assert next(iter(notice.walk("VALARM")))["TRIGGER"].dt == -dt.timedelta(days=30)
    action = next(e for e in events if "A1" in str(e["SUMMARY"]))
    assert str(action["ORGANIZER"]) == "mailto:lee@example.com" and action["ORGANIZER"].params["CN"] == "Lee Chen"


def test_due_rejects_bad_options(base: Path) -> None:
    assert invoke(["due", str(base), "--within", "soon"]).exit_code == 2
    assert invoke(["due", str(base), "--format", "pdf"]).exit_code == 2


def test_ics_lines_end_in_crlf_and_fold_at_75_octets() -> None:
    import io

    from partnerkit.due import DueItem
    from partnerkit.render.due_ics import render_ics

    stream = io.StringIO(newline="")
    long_title = "Renegotiate the royalty tiers, the support SLA; and the EMEA \u00e9dition " * 3
    render_ics(
        [DueItem(dt.date(2026, 12, 1), "acme", "action", "A9", long_title, "")], dt.date(2026, 11, 25), 90, None, stream
    )
    text = stream.getvalue()
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    [event] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"acme: action due: {long_title}"


OBJECTIVES = """\
  - {id: O2, text: Certify ten Acme sellers, bucket: Enable, due: 2026-11-01, status: at-risk}
  - {id: O3, text: Publish the joint case study, bucket: Build, due: 2026-11-10, status: achieved, done: 2026-11-09}
  - {id: O4, text: Launch in Japan, bucket: Monetize, due: 2026-12-01, status: dropped}
  - {text: Agree the 2027 joint marketing plan with Acme's field team, bucket: Align, due: 2026-12-10}
"""


def with_objectives(root: Path) -> Path:
    charter = root / "partnerships/acme/charter.yaml"
    text = charter.read_text()
    anchor = "status: on-track, kpis: [pipeline]}\n"
    assert anchor in text
    charter.write_text(text.replace(anchor, anchor + OBJECTIVES))
    return root


def test_open_objectives_are_due_and_overdue_ones_say_so(base: Path) -> None:
    root = with_objectives(base)
    found = {(i["kind"], i["item"]): i for i in items(root) if i["kind"] == "objective"}
    assert set(found) == {
        ("objective", "O1"),
        ("objective", "O2"),
        ("objective", "Agree the 2027 joint marketing plan with…"),  # no id: the start of its text
    }  # O3 is achieved and O4 dropped: nothing is due
    o1, o2 = found[("objective", "O1")], found[("objective", "O2")]
    assert (o1["date"], o1["title"], o1["owner"], o1["overdue"]) == (
        "2026-12-31",
        "Grow joint pipeline to EUR 2M",
        "ana",  # the partnership's owner
        False,
    )
    assert (o2["date"], o2["overdue"]) == ("2026-11-01", True)

    text = invoke(["due", str(root), "--as-of", "2026-11-25", "--within", "40d"]).output
    assert text.startswith(
        "Overdue\n"
        "  2026-11-01  acme  objective overdue: Certify ten Acme sellers  (ana)\n"
        "  2026-11-20  acme  action due: A1 Send the deck  (lee)\n"
    )
    assert "  2026-12-31  acme  objective due: Grow joint pipeline to EUR 2M  (ana)\n" in text
    assert "Publish the joint case study" not in text and "Launch in Japan" not in text


def test_objectives_in_the_calendar_keep_their_uid_when_their_date_moves(base: Path) -> None:
    root = with_objectives(base)
    args = ["due", str(root), "--as-of", "2026-11-25", "--format", "ics", "--within", "120"]

    def objectives() -> dict[str, Any]:
        events = icalendar.Calendar.from_ical(invoke(args).output).walk("VEVENT")
        return {str(e["SUMMARY"]): e for e in events if str(e["CATEGORIES"].to_ical(), "utf-8") == "objective"}

    before = objectives()
    assert set(before) == {
        "acme: objective overdue: Certify ten Acme sellers",
        "acme: objective due: Grow joint pipeline to EUR 2M",
        "acme: objective due: Agree the 2027 joint marketing plan with Acme's field team",
    }
    o1 = before["acme: objective due: Grow joint pipeline to EUR 2M"]
    assert o1.decoded("DTSTART") == dt.date(2026, 12, 31)
    assert next(iter(o1.walk("VALARM")))["TRIGGER"].dt == -dt.timedelta(days=30)
    uids = {str(e["UID"]) for e in before.values()}
    assert len(uids) == 3 and all(u.endswith("-objective@partnerkit") for u in uids)

    charter = root / "partnerships/acme/charter.yaml"
    charter.write_text(charter.read_text().replace("due: 2026-12-31", "due: 2027-02-26"))
    after = objectives()["acme: objective due: Grow joint pipeline to EUR 2M"]
    assert after.decoded("DTSTART") == dt.date(2027, 2, 26) and str(after["UID"]) == str(o1["UID"])
