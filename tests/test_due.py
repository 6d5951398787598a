"""`partnerkit due`: what is coming and what is overdue, in text, JSON and iCalendar."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

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
