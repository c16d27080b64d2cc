"""When a car leaves: the drivers' outputs, the delegation's pack and its calendars
(`export --transfers`) give one time.

A hotel run may leave up to HOTEL_WAIT early as far as the vehicle checks go, but it leaves
at the time the pack gives the move (as late as arrives on time) unless the van has to
leave earlier to be back for another group, or is still busy with one; then everyone is
told the time it really leaves. `tests/data/one-van-two-hotel-runs.yaml`: one van takes
the museum group (10:00) and then Lam (10:30 at the software park) from the hotel, each
drive ~26 min, and brings them back after their visits.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import icalendar

from conftest import ROOT

TRIP = ROOT / "tests" / "data" / "one-van-two-hotel-runs.yaml"


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
        # Back at the hotel for Lam in time, and on from the park to the museum by the
        # time the museum group must leave (11:30 at the latest): 23 min before it would
        # leave alone, not the 30 the checks allow.
        "Tue 18 Mar 2025 09:11, there by 10:00, ~26 min: "
        "Hotel in Zhujiang New Town → Guangdong Museum",
        # Lam leaves as the van is back, arriving just in time.
        "Tue 18 Mar 2025 10:03, there by 10:30, ~26 min: "
        "Hotel in Zhujiang New Town → Tianhe Software Park",
        # From the park (10:29) to the museum takes ~39 min: the group waits 8 min.
        "Tue 18 Mar 2025 11:08, there by 11:34, ~26 min: "
        "Guangdong Museum → Hotel in Zhujiang New Town",
        # Lam waits for the van, back from the museum run at 11:34.
        "Tue 18 Mar 2025 12:00, there by 12:26, ~26 min: "
        "Tianhe Software Park → Hotel in Zhujiang New Town",
    ]


def test_a_run_leaves_as_late_as_the_next_one_allows(tripplan: Any, tmp_path):
    # No night at the hotel after the visits: no runs back, so the museum run can leave
    # later than its window's first minute, as late as the van is back for Lam at 10:04.
    lines = driver_lines(tripplan, trip(tmp_path, "    hotel: hotel\n    vehicles", "    vehicles"))
    assert [line.split(",")[0] for line in lines] == [
        "Tue 18 Mar 2025 09:12",
        "Tue 18 Mar 2025 10:04",
    ]


def test_a_van_for_one_group_leaves_when_the_pack_says(tripplan: Any, tmp_path):
    # Lam's visit in the afternoon: the museum run leaves as late as arrives at 10:00, not
    # the 09:04 the vehicle checks allow.
    path = trip(tmp_path, 'start: "10:30", end: "11:30"', 'start: "15:30", end: "16:30"')
    lines = driver_lines(tripplan, path)
    assert lines[0].startswith("Tue 18 Mar 2025 09:34, there by 10:00"), lines
    done = tripplan("brief", path, "--for", "delegation", "-o", tmp_path / "pack.html")
    assert done.exit_code == 0, done.stderr
    pack = page_text(tmp_path / "pack.html")
    assert "09:34 By car — Peter Yan, Chan Mei-ling from Hotel in Zhujiang New Town" in pack


def test_the_pack_and_the_drivers_sheet_agree(tripplan: Any, tmp_path):
    path = trip(tmp_path)
    done = tripplan("brief", path, "--for", "delegation", "-o", tmp_path / "pack.html")
    assert done.exit_code == 0, done.stderr
    pack = page_text(tmp_path / "pack.html")
    for said in (
        "09:11 By car — Peter Yan, Chan Mei-ling from Hotel in Zhujiang New Town to Guangdong",
        "10:03 By car — Lam Ka-ho from Hotel in Zhujiang New Town to Tianhe Software Park",
        "11:08 By car — Peter Yan, Chan Mei-ling from Guangdong Museum to Hotel",
        "12:00 By car — Lam Ka-ho from Tianhe Software Park to Hotel",
        # The car plan gives when each run leaves and is due, not the checks' window.
        "10:03–10:30 gz-van Hotel in Zhujiang New Town → Tianhe Software Park",
        "12:00–12:26 gz-van Tianhe Software Park → Hotel in Zhujiang New Town",
    ):
        assert said in pack, said
    done = tripplan("brief", path, "--for", "driver", "-o", tmp_path / "driver.html")
    assert done.exit_code == 0, done.stderr
    sheet = page_text(tmp_path / "driver.html")
    assert (
        "09:11 Hotel in Zhujiang New Town 10:00 ~26 min Guangdong Museum Peter Yan Chan Mei-ling "
        "10:03 Hotel in Zhujiang New Town 10:30 ~26 min Tianhe Software Park Lam Ka-ho "
        "11:08 Guangdong Museum 11:34 ~26 min Hotel in Zhujiang New Town Peter Yan Chan Mei-ling "
        "12:00 Tianhe Software Park 12:26 ~26 min Hotel in Zhujiang New Town Lam Ka-ho"
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
    assert spans == [("09:11", "10:00"), ("10:03", "10:30"), ("11:08", "11:34"), ("12:00", "12:26")]
    text = " ".join(str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT"))
    assert "leave at 10:03." in text
    page = page_text(feed.parent / "index.html")
    assert "Leave 10:03 → There by 10:30" in page
    assert "Leave 12:00 → There by 12:26" in page


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
    # arriving at 10:00, leaving 09:34; the way back from the park leaving at 11:30).
    path = trip(tmp_path)
    out = tmp_path / "trip.ics"
    done = tripplan("export", path, "--transfers", "-o", out)
    assert done.exit_code == 0, done.stderr
    spans = {uid: span[:2] for uid, span in transfer_spans(out).items()}
    assert spans == {
        "transfer-from-dinner-to-hotel": ("17 20:30", "17 20:44"),  # no van that night
        "transfer-from-hotel-to-museum-visit": ("18 09:11", "18 09:37"),
        "transfer-from-hotel-to-park-visit": ("18 10:03", "18 10:29"),
        "transfer-from-museum-visit-to-hotel": ("18 11:08", "18 11:34"),
        "transfer-from-park-visit-to-hotel": ("18 12:00", "18 12:26"),
    }
    # One person's calendar: their own runs, at the van's times too.
    lam = tmp_path / "lam.ics"
    done = tripplan("export", path, "--transfers", "--person", "lam", "-o", lam)
    assert done.exit_code == 0, done.stderr
    spans = {uid: span[:2] for uid, span in transfer_spans(lam).items()}
    assert spans == {
        "transfer-from-dinner-to-hotel": ("17 20:30", "17 20:44"),
        "transfer-from-hotel-to-park-visit": ("18 10:03", "18 10:29"),
        "transfer-from-park-visit-to-hotel": ("18 12:00", "18 12:26"),
    }


def test_people_leaving_at_different_times_get_a_transfer_each(tripplan: Any, tmp_path):
    # Chan has no seat in the van: she goes at the planned time (arriving at 10:00, as
    # the pack says), Yan with the van; each calendar entry says who goes.
    path = trip(tmp_path, "gz-van: [yan, chan, lam]", "gz-van: [yan, lam]")
    out = tmp_path / "trip.ics"
    done = tripplan("export", path, "--transfers", "-o", out)
    assert done.exit_code == 0, done.stderr
    spans = transfer_spans(out)
    yan = spans["transfer-from-hotel-to-museum-visit"]
    chan = spans["transfer-from-hotel-to-museum-visit+chan"]
    assert yan[:2] == ("18 09:11", "18 09:37")
    assert yan[2].endswith("\nWho: Peter Yan.")
    assert chan[:2] == ("18 09:34", "18 10:00")
    assert chan[2].endswith("\nWho: Chan Mei-ling.")
    assert spans["transfer-from-museum-visit-to-hotel"][:2] == ("18 11:08", "18 11:34")
    assert spans["transfer-from-museum-visit-to-hotel+chan"][:2] == ("18 11:00", "18 11:26")
    done = tripplan("brief", path, "--for", "delegation", "-o", tmp_path / "pack.html")
    assert done.exit_code == 0, done.stderr
    pack = page_text(tmp_path / "pack.html")
    assert "09:11 By car — Peter Yan from Hotel in Zhujiang New Town" in pack
    assert "09:34 By car — Chan Mei-ling from Hotel in Zhujiang New Town" in pack
