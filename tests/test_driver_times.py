"""When a car leaves: the drivers' outputs, the delegation's pack and its calendars
(`export --transfers`) give one time.

A hotel run may leave up to HOTEL_WAIT early as far as the vehicle checks go, but it leaves
at the time the pack gives the move (as late as arrives the trip's buffer, 10 min by
default, before the event) unless the van has to leave earlier to be back for another
group, or is still busy with one; then everyone is told the time it really leaves.
`tests/data/one-van-two-hotel-runs.yaml`: one van takes the museum group (10:00, so there
by 09:50) and then Lam (10:30 at the software park, there by 10:20) from the hotel, each
drive ~26 min, and brings them back after their visits.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest

from conftest import ROOT

TRIP = ROOT / "tests" / "data" / "one-van-two-hotel-runs.yaml"


@pytest.fixture(autouse=True)
def _wide_sheets(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet's line whole, to compare: a terminal of 80 columns wraps them."""
    monkeypatch.setenv("COLUMNS", "200")


def trip(tmp_path: Path, old: str = "", new: str = "") -> Path:
    text = TRIP.read_text(encoding="utf-8")
    if old:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "trips" / TRIP.name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def page_text(path: Path) -> str:
    words = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", path.read_text("utf-8"), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", words)))


def driver_lines(tripplan: Any, path: Path) -> list[str]:
    run = tripplan("show", path, "--for", "driver", "--vehicle", "gz-van")
    assert run.exit_code == 0, run.stderr
    return [line.strip() for line in run.stdout.splitlines() if "there by" in line]


def test_the_van_leaves_early_for_the_second_group_and_the_others_wait(tripplan: Any, tmp_path):
    assert driver_lines(tripplan, trip(tmp_path)) == [
        # Back at the hotel for Lam in time: 23 min before it would leave alone (09:23),
        # not the 30 the checks allow.
        "Tue 18 Mar 2025 09:00, there by 09:50, ~27 min: "
        "Hotel in Zhujiang New Town → Guangdong Museum",
        # Lam leaves as the van is back, there the buffer before the visit.
        "Tue 18 Mar 2025 09:54, there by 10:20, ~26 min: "
        "Hotel in Zhujiang New Town → Tianhe Software Park",
        # From the park (10:20) to the museum takes ~39 min: there as the visit ends.
        "Tue 18 Mar 2025 11:00, there by 11:26, ~26 min: "
        "Guangdong Museum → Hotel in Zhujiang New Town",
        # Lam waits for the van, back from the museum run at 11:26.
        "Tue 18 Mar 2025 11:52, there by 12:18, ~26 min: "
        "Tianhe Software Park → Hotel in Zhujiang New Town",
    ]


def test_a_run_leaves_as_late_as_the_next_one_allows(tripplan: Any, tmp_path):
    # No night at the hotel after the visits: no runs back, so the museum run can leave
    # later than its window's first minute, as late as the van is back for Lam at 09:54.
    lines = driver_lines(tripplan, trip(tmp_path, "    hotel: hotel\n    vehicles", "    vehicles"))
    assert [line.split(",")[0] for line in lines] == [
        "Tue 18 Mar 2025 09:00",
        "Tue 18 Mar 2025 09:54",
    ]


def test_a_van_for_one_group_leaves_when_the_pack_says(tripplan: Any, tmp_path):
    # Lam's visit in the afternoon: the museum run leaves as late as arrives the buffer
    # before 10:00, not the 08:53 the vehicle checks allow.
    path = trip(tmp_path, 'start: "10:30", end: "11:30"', 'start: "15:30", end: "16:30"')
    lines = driver_lines(tripplan, path)
    assert lines[0].startswith("Tue 18 Mar 2025 09:23, there by 09:50, ~27 min"), lines
    done = tripplan("brief", path, "--for", "delegation", "-o", tmp_path / "pack.html")
    assert done.exit_code == 0, done.stderr
    pack = page_text(tmp_path / "pack.html")
    assert "09:23 By car — Peter Yan, Chan Mei-ling from Hotel in Zhujiang New Town" in pack


def test_the_pack_and_the_drivers_sheet_agree(tripplan: Any, tmp_path):
    path = trip(tmp_path)
    done = tripplan("brief", path, "--for", "delegation", "-o", tmp_path / "pack.html")
    assert done.exit_code == 0, done.stderr
    pack = page_text(tmp_path / "pack.html")
    for said in (
        "09:00 By car — Peter Yan, Chan Mei-ling from Hotel in Zhujiang New Town to Guangdong",
        "09:54 By car — Lam Ka-ho from Hotel in Zhujiang New Town to Tianhe Software Park",
        "11:00 By car — Peter Yan, Chan Mei-ling from Guangdong Museum to Hotel",
        "11:52 By car — Lam Ka-ho from Tianhe Software Park to Hotel",
        # The car plan gives when each run leaves and is due, not the checks' window.
        "09:54–10:20 gz-van Hotel in Zhujiang New Town → Tianhe Software Park",
        "11:52–12:18 gz-van Tianhe Software Park → Hotel in Zhujiang New Town",
    ):
        assert said in pack, said
    done = tripplan("brief", path, "--for", "driver", "-o", tmp_path / "driver.html")
    assert done.exit_code == 0, done.stderr
    sheet = page_text(tmp_path / "driver.html")
    assert (
        "09:00 Hotel in Zhujiang New Town 09:50 ~27 min Guangdong Museum Peter Yan Chan Mei-ling "
        "09:54 Hotel in Zhujiang New Town 10:20 ~26 min Tianhe Software Park Lam Ka-ho "
        "11:00 Guangdong Museum 11:26 ~26 min Hotel in Zhujiang New Town Peter Yan Chan Mei-ling "
        "11:52 Tianhe Software Park 12:18 ~26 min Hotel in Zhujiang New Town Lam Ka-ho"
    ) in sheet


def test_the_drivers_feed_and_page_give_the_same_times(tripplan: Any, tmp_path):
    path = trip(tmp_path)
    site = tmp_path / "site"
    done = tripplan("publish", path.parent, "-o", site)
    assert done.exit_code == 0, done.stderr
    feed = next(site.rglob("*-driver-gz-van.ics"))
    calendar = icalendar.Calendar.from_ical(feed.read_bytes())
    spans = sorted(
        (e["DTSTART"].dt.strftime("%H:%M"), e["DTEND"].dt.strftime("%H:%M"))
        for e in calendar.walk("VEVENT")
    )
    assert spans == [("09:00", "09:50"), ("09:54", "10:20"), ("11:00", "11:26"), ("11:52", "12:18")]
    text = " ".join(str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT"))
    assert "leave at 09:54." in text
    page = page_text(feed.parent / "index.html")
    assert "Leave 09:54 → There by 10:20" in page
    assert "Leave 11:52 → There by 12:18" in page
    # The delegation's own pages give each run the time the van leaves, as the pack does.
    [lam_page] = [p for p in site.rglob("index.html") if "<h1>Lam Ka-ho" in p.read_text("utf-8")]
    lam = page_text(lam_page)
    assert "↳ 09:54 By car from Hotel in Zhujiang New Town to Tianhe Software Park" in lam
    assert "↳ 11:52 By car from Tianhe Software Park to Hotel" in lam


def transfer_spans(calendar_file: Path) -> dict[str, tuple[str, str, str]]:
    """The transfers of an exported calendar by UID: when each leaves and arrives, and
    its description."""
    calendar = icalendar.Calendar.from_ical(calendar_file.read_bytes())
    return {
        str(e["UID"]).split(".")[0]: (
            e["DTSTART"].dt.strftime("%d %H:%M"),
            e["DTEND"].dt.strftime("%d %H:%M"),
            str(e["DESCRIPTION"]),
        )
        for e in calendar.walk("VEVENT")
        if str(e["CATEGORIES"].cats[0]) == "Transfer"
    }


def test_the_calendars_transfers_leave_when_the_van_does(tripplan: Any, tmp_path):
    # The moves from the hotel and back at the times the driver's sheet gives (above),
    # each as long as the drive (~26 min), not at the planned ones (the museum run
    # arriving at 09:50, leaving 09:23; the way back from the park leaving at 11:30).
    path = trip(tmp_path)
    out = tmp_path / "trip.ics"
    done = tripplan("export", path, "--transfers", "-o", out)
    assert done.exit_code == 0, done.stderr
    spans = {uid: span[:2] for uid, span in transfer_spans(out).items()}
    assert spans == {
        "transfer-from-dinner-to-hotel": ("17 20:30", "17 20:44"),  # no van that night
        "transfer-from-hotel-to-museum-visit": ("18 09:00", "18 09:27"),
        "transfer-from-hotel-to-park-visit": ("18 09:54", "18 10:20"),
        "transfer-from-museum-visit-to-hotel": ("18 11:00", "18 11:26"),
        "transfer-from-park-visit-to-hotel": ("18 11:52", "18 12:18"),
    }
    # One person's calendar: their own runs, at the van's times too.
    lam = tmp_path / "lam.ics"
    done = tripplan("export", path, "--transfers", "--person", "lam", "-o", lam)
    assert done.exit_code == 0, done.stderr
    spans = {uid: span[:2] for uid, span in transfer_spans(lam).items()}
    assert spans == {
        "transfer-from-dinner-to-hotel": ("17 20:30", "17 20:44"),
        "transfer-from-hotel-to-park-visit": ("18 09:54", "18 10:20"),
        "transfer-from-park-visit-to-hotel": ("18 11:52", "18 12:18"),
    }


def test_people_leaving_at_different_times_get_a_transfer_each(tripplan: Any, tmp_path):
    # Chan has no seat in the van: she goes at the planned time (arriving at 09:50, the
    # buffer before the visit, as the pack says), Yan with the van; each calendar entry
    # says who goes. Back, the van is at the museum as the visit ends: one move.
    path = trip(tmp_path, "gz-van: [yan, chan, lam]", "gz-van: [yan, lam]")
    out = tmp_path / "trip.ics"
    done = tripplan("export", path, "--transfers", "-o", out)
    assert done.exit_code == 0, done.stderr
    spans = transfer_spans(out)
    yan = spans["transfer-from-hotel-to-museum-visit"]
    chan = spans["transfer-from-hotel-to-museum-visit+chan"]
    assert yan[:2] == ("18 09:00", "18 09:27")
    assert yan[2].endswith("\nWho: Peter Yan.")
    assert chan[:2] == ("18 09:23", "18 09:50")
    assert chan[2].endswith("\nWho: Chan Mei-ling.")
    assert spans["transfer-from-museum-visit-to-hotel"][:2] == ("18 11:00", "18 11:26")
    assert "transfer-from-museum-visit-to-hotel+chan" not in spans
    done = tripplan("brief", path, "--for", "delegation", "-o", tmp_path / "pack.html")
    assert done.exit_code == 0, done.stderr
    pack = page_text(tmp_path / "pack.html")
    assert "09:00 By car — Peter Yan from Hotel in Zhujiang New Town" in pack
    assert "09:23 By car — Chan Mei-ling from Hotel in Zhujiang New Town" in pack


# The van fetches Lam from the station (a journey, fixed) and is back at the hotel at
# 09:30; then it takes the museum group, due there the trip's buffer before 10:05.
STATION = """\
version: 1
trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-03-17, end: 2025-03-18}
people:
  yan: {name: Peter Yan, principal: true}
  chan: {name: Chan Mei-ling}
  lam: {name: Lam Ka-ho}
venues:
  hotel: {name: Hotel in Zhujiang New Town, city: Guangzhou, location: [23.1200, 113.3250]}
  tower: {name: Canton Tower, city: Guangzhou, location: [23.1065, 113.3245]}
  station: {name: Guangzhou South Railway Station, city: Guangzhou, location: [22.9880, 113.2690]}
  museum: {name: Guangdong Museum, city: Guangzhou, location: [23.1140, 113.2700]}
vehicles:
  gz-van: {name: Van, seats: 6, driver: {name: Wong, phone: "+86 139 1111 2222"}}
contacts:
  - {name: Duty officer, role: duty-officer, phones: "+852 0000 0000"}
days:
  - date: 2025-03-17
    hotel: hotel
    events:
      - {id: dinner, title: Dinner, venue: tower, start: "19:00", end: "20:30", attendees: [yan, chan]}
  - date: 2025-03-18
    vehicles: {gz-van: [yan, chan]}
    events:
      - {id: lam-arrives, title: Lam from the station, mode: car, from: station, to: hotel, start: "08:45", end: "09:30", attendees: [lam], vehicles: {gz-van: [lam]}}
      - {id: museum-visit, title: Museum visit, venue: museum, start: "10:05", end: "11:00", attendees: [yan, chan]}
"""


def test_a_hotel_run_arrives_the_trips_buffer_before_the_event(tripplan: Any, write, tmp_path):
    # With a buffer of 5 min the museum run leaves at 09:34 (26 min) to be there at 10:00,
    # and every output says so: the driver's sheet, the pack, the calendar's transfer.
    path = write(STATION.replace("end: 2025-03-18}", "end: 2025-03-18, buffer: 5m}"))
    assert tripplan("check", path).exit_code == 0
    lines = driver_lines(tripplan, path)
    assert lines[1] == (
        "Tue 18 Mar 2025 09:34, there by 10:00, ~26 min: "
        "Hotel in Zhujiang New Town → Guangdong Museum"
    )
    done = tripplan("brief", path, "--for", "delegation", "-o", tmp_path / "pack.html")
    assert done.exit_code == 0, done.stderr
    pack = page_text(tmp_path / "pack.html")
    assert "09:34 By car — Peter Yan, Chan Mei-ling from Hotel in Zhujiang New Town to" in pack
    assert "09:34–10:00 gz-van Hotel in Zhujiang New Town → Guangdong Museum" in pack
    out = tmp_path / "t.ics"
    assert tripplan("export", path, "--transfers", "-o", out).exit_code == 0
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    (move,) = [e for e in calendar.walk("VEVENT") if "from-hotel" in str(e["UID"])]
    assert (move["DTSTART"].dt.strftime("%H:%M"), move["DTEND"].dt.strftime("%H:%M")) == (
        "09:34",
        "10:00",
    )


def test_the_vehicle_check_wants_the_buffer_on_a_hotel_run_and_its_near_miss(tripplan, write):
    # Back from the station at 09:30, the van cannot leave by 09:29 for the museum run due
    # at 09:55 (the default buffer of 10 min before 10:05)...
    run = tripplan("check", write(STATION))
    assert run.exit_code == 1
    assert (
        "error vehicle-conflict: gz-van (Van) is in two places at once: 'lam-arrives' "
        "08:45-09:30 and from the hotel (Hotel in Zhujiang New Town) to 'museum-visit' "
        "(08:59-09:55); give one of them another vehicle"
    ) in run.stdout
    # ...but can with a buffer of 5 min (it leaves at 09:34).
    near = STATION.replace("end: 2025-03-18}", "end: 2025-03-18, buffer: 5m}")
    assert tripplan("check", write(near, "near.yaml")).exit_code == 0


# After the round-table the van takes Chan to the dinner at the hotel and Lam, who is not
# at the dinner, back to the hotel: one drive, at one time, not two that would clash.
DINNER_AT_THE_HOTEL = """\
version: 1
trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-03-18, end: 2025-03-19}
people:
  chan: {name: Chan Mei-ling}
  lam: {name: Lam Ka-ho}
venues:
  hotel: {name: Hotel in Zhujiang New Town, city: Guangzhou, location: [23.1200, 113.3250]}
  chamber: {name: Chamber of Commerce, city: Guangzhou, location: [23.1380, 113.3290]}
vehicles:
  gz-van: {name: Van, seats: 6, driver: {name: Wong, phone: "+86 139 1111 2222"}}
contacts:
  - {name: Duty officer, role: duty-officer, phones: "+852 0000 0000"}
days:
  - date: 2025-03-18
    hotel: hotel
    vehicles: {gz-van: [chan, lam]}
    events:
      - {id: round-table, title: Round-table, venue: chamber, start: "17:15", end: "18:15"}
      - {id: dinner, title: Dinner, venue: hotel, start: "19:00", end: "20:30", attendees: [chan]}
  - date: 2025-03-19
    events:
      - {id: farewell, title: Farewell, venue: chamber, start: "10:00", end: "11:00"}
"""


def test_a_car_to_a_dinner_at_the_hotel_takes_those_going_to_bed_too(tripplan, write, tmp_path):
    path = write(DINNER_AT_THE_HOTEL)
    run = tripplan("check", path)
    assert run.exit_code == 0, run.stdout
    lines = driver_lines(tripplan, path)
    assert lines[0] == (
        "Tue 18 Mar 2025 18:15, there by 19:00, ~18 min: Chamber of Commerce → "
        "Hotel in Zhujiang New Town"
    )
    sheet = " ".join(tripplan("show", path, "--for", "driver").stdout.split())
    assert "Passengers: Chan Mei-ling, Lam Ka-ho" in sheet
    # The pack gives Lam's way back the van's time.
    done = tripplan("brief", path, "--for", "delegation", "-o", tmp_path / "pack.html")
    assert done.exit_code == 0, done.stderr
    assert "18:15 By car — Lam Ka-ho from Chamber of Commerce to Hotel" in page_text(
        tmp_path / "pack.html"
    )


def test_a_move_whose_car_comes_later_says_where_it_leaves_from(tripplan, write, tmp_path):
    # One van, two meetings ending at 16:30: it takes Yan from the bureau first, then
    # comes back for Chan at the chamber. Chan's line is listed at 17:18, under Yan's
    # move: without its start it would read as leaving from the bureau.
    text = DINNER_AT_THE_HOTEL.replace(
        "  lam: {name: Lam Ka-ho}\n", "  lam: {name: Lam Ka-ho}\n  yan: {name: Peter Yan}\n"
    ).replace(
        "  chamber: {name: Chamber of Commerce,",
        "  bureau: {name: Commerce Bureau, city: Guangzhou, location: [23.1290, 113.2640]}\n"
        "  chamber: {name: Chamber of Commerce,",
    )
    text = text.replace("vehicles: {gz-van: [chan, lam]}", "vehicles: {gz-van: [chan, yan]}")
    text = text.replace(
        '      - {id: round-table, title: Round-table, venue: chamber, start: "17:15", end: "18:15"}',
        '      - {id: round-table, title: Round-table, venue: chamber, start: "15:00", end: "16:30",'
        " attendees: [chan]}\n"
        '      - {id: bureau, title: Bureau meeting, venue: bureau, start: "15:00", end: "16:30",'
        " attendees: [yan]}",
    )
    text = text.replace(
        "attendees: [chan]}\n  - date: 2025-03-19", "attendees: [chan, yan]}\n  - date: 2025-03-19"
    )
    path = write(text)
    assert tripplan("check", path).exit_code == 0
    done = tripplan("brief", path, "--for", "delegation", "-o", tmp_path / "pack.html")
    assert done.exit_code == 0, done.stderr
    pack = page_text(tmp_path / "pack.html")
    assert "16:30 By car — Peter Yan to Hotel in Zhujiang New Town" in pack
    assert "17:18 By car — Chan Mei-ling from Chamber of Commerce to Hotel" in pack
