"""What a calendar's events say: where their people come from, and their lines of text.

Each event's description is made line by line, with what many events share made once
(`outputs/calendar_text.py`), and where people come from is found for all events in one
pass; these pin what that must say (the SEQUENCE and escaping tests are in
test_export.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import icalendar

import tripplan
from tripplan.outputs.calendar import export

# Three people in Hangzhou: two visits apart, talks for everyone (no attendees), Lam's
# lunch, a tour naming all three, and Yan's dinner.
TRIP = """\
contacts: [{name: Duty officer, role: duty-officer}]
trip: {id: t, title: Coming from, timezone: Asia/Shanghai, start: 2025-02-26, end: 2025-02-26}
people:
  yan: {name: Peter Yan, principal: true}
  ko: {name: Ko Wing-sze}
  lam: {name: Lam Ka-ho}
venues:
  campus: {name: AI campus, city: Hangzhou, location: [30.2800, 120.0300]}
  studio: {name: Games studio, city: Hangzhou, location: [30.1900, 120.1900]}
days:
  - date: 2025-02-26
    events:
      - {id: yan-visit, title: Visit, venue: campus, start: "09:00", end: "10:00", attendees: [yan]}
      - {id: ko-visit, title: Visit, venue: studio, start: "09:00", end: "10:30", attendees: [ko]}
      - {id: talks, title: Talks, venue: campus, start: "12:00", end: "13:00"}
      - {id: lunch, title: Lunch, venue: studio, start: "14:00", end: "14:30", attendees: [lam]}
      - {id: tour, title: Tour, venue: campus, start: "16:00", end: "17:00", attendees: [yan, ko, lam]}
      - {id: dinner, title: Dinner, venue: studio, start: "18:30", end: "19:30", attendees: [yan]}
"""


def coming_from(data: bytes) -> dict[str, str | None]:
    calendar = icalendar.Calendar.from_ical(data)
    found = {}
    for event in calendar.walk("VEVENT"):
        said = re.search(r"\nComing from: ([^\n]*)", str(event["DESCRIPTION"]))
        found[str(event["UID"]).split(".")[0]] = said.group(1) if said else None
    return found


def test_each_event_says_where_its_people_come_from(tripplan, write, tmp_path):
    out = tmp_path / "t.ics"
    done = tripplan("export", write(TRIP), "-o", out)
    assert done.exit_code == 0, done.stderr
    assert coming_from(out.read_bytes()) == {
        "yan-visit": None,
        "ko-visit": None,
        # Everyone's talks: from the last place anyone was, Ko's visit ending last.
        "talks": "Games studio",
        # Lam's latest is the talks everyone attended.
        "lunch": "AI campus",
        # All three named: Lam's lunch ended after the talks the others come from.
        "tour": "Games studio",
        "dinner": "AI campus",
    }
    # One person's calendar says where all of each event's people come from.
    lam = tmp_path / "lam.ics"
    assert tripplan("export", write(TRIP), "--person", "lam", "-o", lam).exit_code == 0
    assert coming_from(lam.read_bytes()) == {
        "talks": "Games studio",
        "lunch": "AI campus",
        "tour": "Games studio",
    }


def test_an_event_is_never_where_its_own_people_come_from(tmp_path: Path):
    # A photo over as it starts (an error `check` reports; the Python API exports it
    # unchecked) ends before it starts, but its people come from the talks.
    path = tmp_path / "t.yaml"
    photo = '      - {id: photo, title: Photo, venue: studio, start: "14:00", end: "14:00", '
    path.write_text(
        TRIP.replace("      - {id: lunch", photo + "attendees: [lam]}\n      - {id: lunch"),
        encoding="utf-8",
    )
    found = coming_from(export(tripplan.load(path)).data)
    assert found["photo"] == "AI campus"
    assert found["lunch"] is None  # the photo was at the studio


def test_a_line_ending_with_a_carriage_return_is_one_line_break(tripplan, write, tmp_path):
    # A title, a host and notes ending with a CR (white space, which every value loses)
    # add no empty line: a CR and the newline after it would be one line break.
    text = TRIP.replace(
        "title: Talks, venue: campus,",
        'title: "Talks\\r", venue: campus, notes: "Bring cards\\r", host: {name: "Office\\r"},',
    ).replace("  - date: 2025-02-26\n", "  - date: 2025-02-26\n    notes: Passports\n")
    out = tmp_path / "t.ics"
    done = tripplan("export", write(text), "-o", out)
    assert done.exit_code == 0, done.stderr
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    (talks,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("talks.")]
    assert str(talks["DESCRIPTION"]) == (
        "Other: Talks\nHost: Office\nAttendees: Peter Yan; Ko Wing-sze; Lam Ka-ho\n"
        "Coming from: Games studio\n\nBring cards\n\nNote for the day: Passports"
    )
