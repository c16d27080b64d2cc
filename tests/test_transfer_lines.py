"""`show` and `sequence` say of each transfer who moves (unless everyone at both ends does)
and from where, and list it when it leaves: after the event it leaves, not under the
event it goes to.

`tests/data/split-afternoon.yaml`: Ko checks out of the hotel and joins the others at
the science park, where they come from the hotel (leaving at 08:36, there by 09:20: the
trip's buffer before the meeting); after lunch Chan and Hughes leave for Pingshan (15:30)
while Yan and Ko go to a meeting in Futian that the sequencer places at 14:15. The ways
from and to the hotel are listed as the delegation's pack and the drivers have them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from tripplan.cli import app
from tripplan.outputs.layout import width as columns
from tripplan.outputs.site.tokens import STATE_NAME

TRIP = ROOT / "tests" / "data" / "split-afternoon.yaml"
KO = "ko: from Hotel in Futian by car to Science park, 10.8 km, ~45 min (peak)"
EVERYONE = "from Science park by car to Restaurant in Luohu, 17.0 km, ~45 min"
TO_FUTIAN = "yan, ko: from Restaurant in Luohu by car to Futian office, 7.9 km, ~32 min"
TO_PINGSHAN = (
    "chan, hughes: from Restaurant in Luohu by car to Biomedicine park, Pingshan, 28.0 km, ~55 min"
)
FROM_HOTEL = (
    "yan, chan, hughes: from Hotel in Futian by car to Science park, 10.8 km, ~44 min (peak)"
)
TO_HOTEL = "from Restaurant in Luohu by car to Hotel in Futian, 6.3 km, ~27 min"


def show(*args: str | Path, width: int = 80) -> str:
    result = CliRunner().invoke(app, ["show", *map(str, args)], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_show_markdown_says_who_and_from_where_when_they_leave():
    out = show(TRIP, "--day", "2025-03-18", "--format", "markdown")
    rows = [line.split(" | ")[1] for line in out.splitlines() if line.startswith("| ")][2:]
    assert rows == [
        "Hotel check-out",
        f"↳ {KO}",
        f"↳ {FROM_HOTEL}",
        "Follow-up meeting at the science park",
        f"↳ {EVERYONE}",
        "Lunch",
        f"↳ {TO_FUTIAN}",
        f"↳ {TO_PINGSHAN}",
        "Meeting at the Futian office",
        "Visit to a drone enterprise",
    ]
    # The way from the hotel says when it leaves, in the time column.
    assert f"| 08:36 | ↳ {FROM_HOTEL} |  |  |  |" in out


def timeline(out: str) -> list[str]:
    """The day as a list: each event's start time, each transfer's words whole (a
    transfer's paragraph goes on over the indented lines after its arrow), a transfer
    that says when it leaves as "08:36 ↳ …" (in the time column of a table, or after
    the arrow of a narrow terminal's block)."""
    found: list[str] = []
    going = False
    for line in out.splitlines():
        text = line.strip()
        timed = re.match(r"↳ (\d\d:\d\d) ", text)
        if re.match(r"\d\d:\d\d", line) and "↳" in line:
            found.append(f"{line[:5]} {line[line.index('↳') :].strip()}")
            going = True
        elif re.match(r"\d\d:\d\d", line):
            found.append(line[:5])
            going = False
        elif timed:
            found.append(f"{timed.group(1)} ↳ {text[timed.end() :]}")
            going = True
        elif text.startswith("↳"):
            found.append(text)
            going = True
        elif going and line.startswith(" ") and text:
            found[-1] += " " + text
        else:
            going = False
    return found


@pytest.mark.parametrize("width", [40, 60, 120])
def test_show_text_at_any_width_keeps_the_lines_where_they_happen(width: int):
    out = show(TRIP, "--day", "2025-03-18", width=width)
    assert all(columns(line) <= width for line in out.splitlines())
    assert timeline(out) == [
        "08:00",
        f"↳ {KO}",
        f"08:36 ↳ {FROM_HOTEL}",
        "09:30",
        f"↳ {EVERYONE}",
        "12:00",
        f"↳ {TO_FUTIAN}",
        f"↳ {TO_PINGSHAN}",
        "14:15",
        "15:30",
    ]


def test_one_persons_timeline_does_not_name_them():
    out = show(TRIP, "--day", "2025-03-18", "--person", "chan", "--format", "markdown")
    assert "↳ from Restaurant in Luohu by car to Biomedicine park, Pingshan, 28.0 km" in out
    assert "chan, hughes:" not in out


def test_sequence_says_who_and_from_where_when_they_leave(tripplan: Any):
    run = tripplan("sequence", TRIP)
    assert run.exit_code == 0, run.stderr
    flat = " ".join(run.stdout.split())
    ko = "↳ ko: from Hotel in Futian to Science park: ~45 min (peak), 10.8 km"
    yan = "↳ yan: from the hotel to Science park: ~44 min (peak), 10.8 km"
    together = "↳ from Science park to Restaurant in Luohu: ~45 min, 17.0 km"
    after_lunch = "↳ from Restaurant in Luohu to Futian office: ~32 min, 7.9 km"
    order = [
        "check-out: Hotel check-out",
        ko,
        yan,
        "park-meeting: Follow-up",
        together,
        "lunch: Lunch",
        after_lunch,
        "office-meeting: Meeting",
    ]
    at = [flat.index(text) for text in order]
    assert at == sorted(at), flat
    moves = tripplan("sequence", TRIP, "--format", "json").json()["days"][0]["transfers"]
    assert {(m["from"], m["to"]): m["people"] for m in moves} == {
        ("check-out", "park-meeting"): ["ko"],
        ("hotel", "park-meeting"): ["yan"],
        ("park-meeting", "lunch"): ["yan", "ko"],
        ("lunch", "office-meeting"): ["yan", "ko"],
    }


def test_the_programme_pages_say_who_moves_from_where_after_the_event_they_leave(
    tripplan: Any, tmp_path: Path
):
    folder = tmp_path / "trips"
    folder.mkdir()
    (folder / TRIP.name).write_text(TRIP.read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "site"
    done = tripplan("publish", folder, "-o", site)
    assert done.exit_code == 0, done.stderr
    staff = next(site.rglob("programme.html")).read_text(encoding="utf-8")
    lunch = staff.index('id="e-lunch"')
    office = staff.index('id="e-office-meeting"')
    pingshan = (
        "↳ By car — Chan Mei-ling, Alex Hughes from Restaurant in Luohu to Biomedicine park, "
        "Pingshan: 28.0 km, about 55 min"
    )
    assert lunch < staff.index(pingshan) < office
    assert staff.index("↳ By car — Ko Wing-sze from Hotel in Futian to Science park") < (
        staff.index('id="e-park-meeting"')
    )
    assert "↳ By car from Science park to Restaurant in Luohu" in staff  # everyone
    # The ways from and to the hotel, as `show` and the packs have them: before the
    # event they go to, after the one they leave, at the time they leave; who, unless
    # the whole delegation.
    from_hotel = (
        "↳ 08:36 By car — Peter Yan, Chan Mei-ling, Alex Hughes from Hotel in Futian to Science "
        "park: 10.8 km, about 44 min (peak)"
    )
    assert (
        staff.index('id="e-check-out"')
        < staff.index(from_hotel)
        < (staff.index('id="e-park-meeting"'))
    )
    back = "↳ 20:30 By car from Restaurant in Luohu to Hotel in Futian: 6.3 km, about 27 min"
    assert staff.index('id="e-dinner"') < staff.index(back) < staff.index('id="e-check-out"')
    state = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
    token = state["trips"]["split-afternoon"]["people"]["chan"]
    mine = (site / token / "index.html").read_text(encoding="utf-8")
    assert "↳ By car from Restaurant in Luohu to Biomedicine park, Pingshan: 28.0 km" in mine
    assert "↳ 08:36 By car from Hotel in Futian to Science park: 10.8 km" in mine


# --- the ways from and to the hotel -------------------------------------------------------

VAN = ROOT / "tests" / "data" / "one-van-two-hotel-runs.yaml"


def test_show_lists_the_ways_from_and_to_the_hotel_when_the_driver_has_them(
    tripplan: Any, monkeypatch: pytest.MonkeyPatch
):
    # One van, two groups from one hotel: the office sees the runs the driver's sheet
    # has, at its times (the museum group leaves early so that the van is back for Lam),
    # and the first night's way back from the dinner (no vehicle that day) as the pack has.
    monkeypatch.setenv("COLUMNS", "200")  # the sheet's runs on a line each
    driver = tripplan("show", VAN, "--for", "driver")
    runs = re.findall(r"(\d\d:\d\d), there by \d\d:\d\d, ~\d+ min: (.+?) → (.+)", driver.stdout)
    assert [when for when, _, _ in runs] == ["09:00", "09:54", "11:00", "11:52"]
    out = show(VAN, width=120)
    lines = timeline(out)
    for when, start, end in runs:
        assert any(
            f"{when} ↳ " in line and f"from {start} by car to {end}" in line for line in lines
        ), (
            when,
            lines,
        )
    assert lines == [
        "19:00",
        "20:30 ↳ from Canton Tower by car to Hotel in Zhujiang New Town, 1.5 km, ~14 min",
        # Who, unless the whole delegation: two groups leave the one hotel.
        "09:00 ↳ yan, chan: from Hotel in Zhujiang New Town by car to Guangdong Museum, 5.7 km, "
        "~27 min",
        "09:54 ↳ lam: from Hotel in Zhujiang New Town by car to Tianhe Software Park, 5.6 km, "
        "~26 min",
        "10:00",
        "10:30",
        "11:00 ↳ yan, chan: from Guangdong Museum by car to Hotel in Zhujiang New Town, 5.7 km, "
        "~26 min",
        "11:52 ↳ lam: from Tianhe Software Park by car to Hotel in Zhujiang New Town, 5.6 km, "
        "~26 min",
        "08:00",
    ]
    # On the road: the four runs of the day (27 + 26 + 26 + 26 min).
    assert "2 other events · 1h45m on the road · first 10:00, last ends 11:30" in out
    markdown = show(VAN, "--day", "2025-03-18", "--format", "markdown")
    assert markdown.splitlines()[-4:-2] == [
        "| 11:00 | ↳ yan, chan: from Guangdong Museum by car to Hotel in Zhujiang New Town, "
        "5.7 km, ~26 min |  |  |  |",
        "| 11:52 | ↳ lam: from Tianhe Software Park by car to Hotel in Zhujiang New Town, "
        "5.6 km, ~26 min |  |  |  |",
    ]


def test_show_and_the_packs_give_the_ways_from_the_hotel_at_one_time(tripplan: Any, tmp_path: Path):
    out = show(TRIP, "--day", "2025-03-18", width=120)
    assert f"08:36 ↳ {FROM_HOTEL}" in timeline(out)
    for audience in ("delegation", "principal"):
        pack = tmp_path / f"{audience}.html"
        done = tripplan("brief", TRIP, "--for", audience, "--day", "2025-03-18", "-o", pack)
        assert done.exit_code == 0, done.stderr
        text = " ".join(re.sub(r"<[^>]+>", " ", pack.read_text(encoding="utf-8")).split())
        assert "08:36 By car — Peter Yan" in text, audience
    # Back to the hotel after the dinner of the first night, when it ends.
    assert f"20:30 ↳ {TO_HOTEL}" in timeline(show(TRIP, "--day", "2025-03-17", width=120))
    # One person's timeline does not name them.
    mine = show(TRIP, "--day", "2025-03-18", "--person", "chan", "--format", "markdown")
    assert "| 08:36 | ↳ from Hotel in Futian by car to Science park, 10.8 km" in mine


def test_a_move_whose_car_leaves_later_says_when(tripplan: Any, tmp_path: Path):
    # One car, two groups leaving the E-Hub at 11:30: it takes Yan to the park first and
    # comes back for Ko, who leaves at 12:22, as the driver's sheet and the pack say.
    from test_logistics import LOGI, swap

    text = swap(
        '      - {id: park-visit, title: Park, kind: visit, venue: park, start: "12:15", end: "13:15"}\n',
        '      - {id: park-visit, title: Park, kind: visit, venue: park, start: "12:15", end: "13:15", attendees: [yan]}\n'
        '      - {id: cafe-call, title: Call, kind: meeting, venue: futian, start: "15:00", end: "15:30", attendees: [ko]}\n',
        LOGI,
    )
    path = tmp_path / "trip.yaml"
    path.write_text(text, encoding="utf-8")
    sheet = tripplan("show", path, "--for", "driver").stdout
    assert "12:22, there by 15:00, ~45 min: E-Hub → Futian Port" in sheet
    lines = timeline(show(path, "--day", "2025-02-25", width=120))
    assert "12:22 ↳ ko: from E-Hub by car to Futian Port, 17.5 km, ~45 min" in lines
    # The one that leaves as the visit ends needs no time of its own.
    assert "↳ yan: from E-Hub by car to Science park, 5.8 km, ~26 min" in lines
    # Listed when it leaves: after the park visit that starts at 12:15.
    assert lines.index("12:15") < lines.index(
        "12:22 ↳ ko: from E-Hub by car to Futian Port, 17.5 km, ~45 min"
    )


LAST_NIGHT = ROOT / "tests" / "data" / "last-night-split.yaml"


def test_the_trips_last_day_ends_at_its_hotel_for_the_drivers_and_the_office(tripplan: Any):
    # The last day's hotel is where everyone sleeps, as check's hotel rule has it: the
    # two groups are driven back there from their afternoon visits.
    lines = timeline(show(LAST_NIGHT, "--day", "2027-04-14", width=120))
    assert any(
        line.startswith("15:30 ↳ lam, ho: from Games studio by car to Futian hotel")
        for line in lines
    )
    assert any(
        line.startswith("15:30 ↳ dg, ko: from Drone park by car to Futian hotel") for line in lines
    )
    driver = tripplan("show", LAST_NIGHT, "--for", "driver")
    assert "15:30, there by 16:11, ~41 min: Games studio → Futian hotel" in driver.stdout
    assert "15:30, there by 16:23, ~53 min: Drone park → Futian hotel" in driver.stdout


def test_a_day_after_an_arrival_written_as_its_hotel_alone_starts_there(tripplan: Any):
    # 13 April is the hotel alone (the delegation arrives on its own): everyone slept
    # there, so both cars leave it in the morning, the buffer before the 09:30 visit.
    lines = timeline(show(LAST_NIGHT, "--day", "2027-04-14", width=120))
    assert lines[0] == "08:29 ↳ from Futian hotel by car to Robotics HQ, 11.4 km, ~46 min (peak)"
    driver = tripplan("show", LAST_NIGHT, "--for", "driver", "--vehicle", "car2")
    assert "08:29, there by 09:15, ~46 min: Futian hotel → Robotics HQ" in driver.stdout


def test_a_hotel_in_another_city_is_a_journey_missing_not_a_drive(tripplan: Any, tmp_path: Path):
    # The same day with its hotel across the border: check says a journey is missing,
    # morning and evening, and no output plans a car there instead.
    trip = tmp_path / "trip.yaml"
    text = LAST_NIGHT.read_text(encoding="utf-8")
    trip.write_text(
        text.replace(
            "hotel: {name: Futian hotel, city: Shenzhen,",
            "hotel: {name: Futian hotel, city: Hong Kong,",
        ),
        encoding="utf-8",
    )
    checked = tripplan("check", trip, "--format", "json")
    found = json.loads(checked.stdout)["files"][0]["problems"]
    assert sorted(p["event"] for p in found if p["code"] == "missing-travel") == [
        "drones",
        "games",
        "hq",
    ]
    out = show(trip, "--day", "2027-04-14", width=120)
    assert not [line for line in timeline(out) if "Futian hotel" in line]
    assert "⚠ missing-travel" in out
    driver = tripplan("show", trip, "--for", "driver")
    assert "Futian hotel →" not in driver.stdout
    assert "→ Futian hotel" not in driver.stdout


def test_the_drivers_sheet_says_a_long_drive_in_hours(tripplan: Any, tmp_path: Path):
    # The drone park moved 60 km out: "~1h27", as show says it, not "~87 min".
    trip = tmp_path / "trip.yaml"
    trip.write_text(
        LAST_NIGHT.read_text(encoding="utf-8").replace(
            "location: [22.6800, 113.8600]", "location: [22.9000, 114.4000]"
        ),
        encoding="utf-8",
    )
    driver = tripplan("show", trip, "--for", "driver", "--vehicle", "car2")
    assert "13:15, there by 14:15, ~1h27: Lunch restaurant → Drone park" in driver.stdout
