"""`tripplan sequence`: the chosen order, its travel, --pin and --router osrm."""

from __future__ import annotations

import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import tripplan as tripplan_api
from conftest import EXAMPLES, dedent

# Venues on an east-west line in Nanshan, about 5 km (some 25 min by car) apart.
LINE = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-06-09, end: 2025-06-10}
    people: {yan: {name: Yan}, ko: {name: Ko}}
    venues:
      hotel: {name: Hotel, city: Shenzhen, location: [22.54, HOTEL_LON]}
      v1: {name: One, city: Shenzhen, location: [22.54, 113.95]}
      v2: {name: Two, city: Shenzhen, location: [22.54, 114.00]}
      v3: {name: Three, city: Shenzhen, location: [22.54, 114.05]}
    days:
      - date: 2025-06-09
        hotel: hotel
        events:
          - {id: dinner, title: Dinner, venue: hotel, start: "19:00", end: "20:30"}
      - date: 2025-06-10
        events:
          # Written in a poor order on purpose.
          - id: third
            title: Third
            venue: v3
            window: ["09:00", "18:00"]   # any time
            duration: 1h
          - {id: first, title: First, venue: v1, window: ["09:00", "18:00"], duration: 1h}
          - id: second
            title: Second
            venue: v2
            window: ["09:00", "18:00"]
            duration: 1h
""")
WEST = LINE.replace("HOTEL_LON", "113.90")
EAST = LINE.replace("HOTEL_LON", "114.10")


def test_chooses_the_order_that_travels_least_and_compares_it_with_the_written_one(tripplan, write):
    run = tripplan("sequence", write(WEST), "--format", "json")
    assert run.exit_code == 0, run.stderr
    [day] = run.json()["days"]
    assert day["order"] == ["first", "second", "third"]
    assert day["exact"] is True
    assert day["travel_minutes"] < day["written_travel_minutes"]
    starts = {e["id"]: e["start"][11:16] for e in day["events"]}
    # 25 min by car and the trip's 10 min buffer between visits, rounded up to 5 min.
    assert starts == {"first": "09:00", "second": "10:35", "third": "12:10"}
    text = " ".join(tripplan("sequence", write(WEST)).stdout.split())
    assert "3 flexible events, best order (exact)" in text
    # Leaving the hotel for the first in the morning peak: 28 min, not 25.
    assert "On the road: 1h18 (as written: 1h54; 36 min saved)" in text
    assert "↳ from the hotel to One: ~28 min (peak), 5.1 km" in text
    assert "1 09:00–10:00 first: First" in text


def test_the_day_starts_at_the_previous_nights_hotel(tripplan, write):
    run = tripplan("sequence", write(EAST), "--format", "json")
    assert run.json()["days"][0]["order"] == ["third", "second", "first"]


def test_every_command_sees_the_chosen_times(tripplan, write, tmp_path):
    path = write(WEST)
    shown = tripplan("show", path, "--format", "markdown").stdout
    assert "| 10:35–11:35 | Second | Two |  | flexible |" in shown
    assert tripplan("export", path, "-o", tmp_path / "t.ics").exit_code == 0
    assert "DTSTART;TZID=Asia/Shanghai:20250610T103500" in (tmp_path / "t.ics").read_text()


SQUEEZED = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Hong_Kong, start: 2025-06-10, end: 2025-06-10}
    people: {yan: {name: Yan}}
    venues:
      office: {name: Office, city: Hangzhou, location: [30.2590, 120.1630]}
      studio: {name: Studio, city: Hangzhou, location: [30.2300, 120.2000]}
    days:
      - date: 2025-06-10
        events:
          - {id: board, title: Board, venue: office, start: "13:00", end: "15:00"}
          - {id: call, title: Call, venue: office, start: "15:50", end: "18:30"}
          - id: games-studio
            title: Games studio
            venue: studio
            window: ["13:00", "18:30"]
            duration: 1h15m
""")


def test_when_nothing_fits_it_says_which_event_and_which_constraint(tripplan, write):
    path = write(SQUEEZED)
    run = tripplan("sequence", path)
    assert run.exit_code == 1
    reason = (
        "event 'games-studio' needs 1h15m plus 1h08 travel and buffers but only 50 min is free "
        "(15:00-15:50) in 13:00-18:30; widen the window, shorten it or move a fixed event"
    )
    assert reason in " ".join(run.stdout.split())
    check = tripplan("check", path, "--format", "json").json()
    [problem] = [p for p in check["files"][0]["problems"] if p["code"] == "window-infeasible"]
    assert problem["message"] == reason
    assert problem["line"] == 15


def test_a_flexible_event_that_fits_alone_but_not_with_another_names_it(tripplan, write):
    both = SQUEEZED.replace('start: "15:50", end: "18:30"', 'start: "17:30", end: "18:30"') + (
        '      - {id: lunch, title: Lunch, venue: office, window: ["15:00", "17:30"], '
        "duration: 1h}\n"
    )
    run = tripplan("sequence", write(both), "--format", "json")
    assert run.exit_code == 1
    [missed] = run.json()["days"][0]["unplaced"]
    # Either fits the free afternoon alone; together they do not. Lunch at the office
    # needs no travel, so it is the one placed.
    assert missed["id"] == "games-studio"
    assert missed["reason"] == (
        "event 'games-studio' fits its window 13:00-18:30 alone but not together with "
        "'lunch'; widen a window, shorten a visit or move a fixed event"
    )


# --- --pin -----------------------------------------------------------------------------


def test_pin_replaces_windows_with_starts_keeping_every_comment(tripplan, write, tmp_path):
    path = write(WEST)
    run = tripplan("sequence", path, "--pin")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.endswith(f"pinned in {path}: third, first, second\n")
    new = path.read_text()
    assert new == WEST.replace(
        '        window: ["09:00", "18:00"]   # any time\n',
        '        # window: ["09:00", "18:00"] (pinned by tripplan sequence)\n'
        '        start: "12:10"   # any time\n',
    ).replace(
        '{id: first, title: First, venue: v1, window: ["09:00", "18:00"], duration: 1h}',
        '{id: first, title: First, venue: v1, start: "09:00", duration: 1h}',
    ).replace(
        "      - {id: first,",
        '      # window: ["09:00", "18:00"] (pinned by tripplan sequence)\n      - {id: first,',
    ).replace(
        '        venue: v2\n        window: ["09:00", "18:00"]\n',
        '        venue: v2\n        # window: ["09:00", "18:00"] (pinned by tripplan sequence)\n'
        '        start: "10:35"\n',
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trip.yaml"]  # no temporary left
    assert tripplan("check", path).exit_code == 0
    again = tripplan("sequence", path, "--pin")
    assert again.exit_code == 0
    assert "No flexible events" in again.stdout
    assert path.read_text() == new


def test_pin_leaves_a_window_with_a_comment_inside_to_a_person(tripplan, write):
    text = WEST.replace(
        '        window: ["09:00", "18:00"]\n',
        '        window:\n          - "09:00"  # earliest the host can\n          - "18:00"\n',
    )
    path = write(text)
    run = tripplan("sequence", path, "--pin")
    assert run.exit_code == 0
    assert "event 'second' not pinned" in run.stderr
    new = path.read_text()
    assert "# earliest the host can" in new
    assert new.count("(pinned by tripplan sequence)") == 2


def test_pin_writes_nothing_when_a_flexible_event_cannot_fit(tripplan, write):
    path = write(SQUEEZED)
    run = tripplan("sequence", path, "--pin")
    assert run.exit_code == 1
    assert path.read_text() == SQUEEZED


# --- --router osrm -----------------------------------------------------------------------


class _Osrm(BaseHTTPRequestHandler):
    """Answers /table/v1 with road times in which the hotel sits east of every venue."""

    rank = {113.9: 4, 113.95: 1, 114.0: 2, 114.05: 3}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        coordinates = self.path.split("/table/v1/driving/")[1].split("?")[0].split(";")
        ranks = [self.rank[round(float(c.split(",")[0]), 2)] for c in coordinates]
        body = json.dumps(
            {"code": "Ok", "durations": [[600.0 * abs(a - b) for b in ranks] for a in ranks]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def osrm():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Osrm)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()
    server.server_close()


def test_osrm_road_times_decide_the_order(tripplan, write, osrm):
    run = tripplan("sequence", write(WEST), "--router", "osrm", "--osrm-url", osrm, "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert run.json()["days"][0]["order"] == ["third", "second", "first"]
    assert run.json()["warnings"] == []


def test_osrm_road_times_are_slowed_at_rush_hour_like_the_models(tripplan, write, osrm):
    def from_the_hotel(text: str) -> int:
        args = ("--router", "osrm", "--osrm-url", osrm, "-f", "json")
        [day] = tripplan("sequence", write(text), *args).json()["days"]
        [first] = [t for t in day["transfers"] if t["from"] == "hotel"]
        return int(first["minutes"])

    # OSRM: 10 min of road to the nearest venue, plus the model's 10 min to get in and
    # out of the car; leaving the hotel before 09:00 on a Tuesday, at 0.85 of the speed.
    assert from_the_hotel(WEST) == 22
    calm = WEST.replace("end: 2025-06-10}", "end: 2025-06-10, travel: {car: {traffic: none}}}")
    assert from_the_hotel(calm) == 20


def test_osrm_down_falls_back_to_the_model_with_a_warning(tripplan, write):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    run = tripplan("sequence", write(WEST), "--router", "osrm", "--osrm-url", url)
    assert run.exit_code == 0
    assert f"warning: OSRM at {url} did not answer" in run.stderr
    assert "using the travel model instead" in run.stderr
    assert "1   09:00–10:00   first: First" in run.stdout


def test_osrm_needs_a_url(tripplan, write):
    run = tripplan("sequence", write(WEST), "--router", "osrm")
    assert run.exit_code == 2
    assert "--osrm-url" in run.stderr


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_bundled_trips_are_sequenced(tripplan, path):
    run = tripplan("sequence", path)
    assert run.exit_code == 0, run.stderr
    assert "On the road:" in run.stdout


def test_pin_leaves_a_window_written_as_an_alias_and_keeps_the_file_whole(tripplan, write):
    text = WEST.replace(
        '{id: first, title: First, venue: v1, window: ["09:00", "18:00"], duration: 1h}',
        '{id: first, title: First, venue: v1, window: &day ["09:00", "18:00"], duration: 1h}',
    ).replace(
        '        venue: v2\n        window: ["09:00", "18:00"]\n',
        "        venue: v2\n        window: *day\n",
    )
    path = write(text)
    run = tripplan("sequence", path, "--pin")
    assert run.exit_code == 0, run.stderr
    assert "event 'first' not pinned" in run.stderr  # its anchor is used by 'second'
    assert "event 'second' not pinned" in run.stderr
    new = path.read_text()
    assert new.count("(pinned by tripplan sequence)") == 1
    assert tripplan("check", path).exit_code == 0
    assert new.count("id: second") == 1


def test_pin_handles_a_block_style_window_and_keeps_crlf_line_ends(tripplan, write):
    text = WEST.replace(
        '        venue: v2\n        window: ["09:00", "18:00"]\n',
        '        venue: v2\n        window:\n          - "09:00"\n          - "18:00"\n',
    ).replace("\n", "\r\n")
    path = write(text)
    run = tripplan("sequence", path, "--pin")
    assert run.exit_code == 0, run.stderr
    new = path.read_bytes().decode()
    assert new.count("\r\n") == new.count("\n")  # every line still ends CRLF
    assert (
        '        venue: v2\r\n        # window: ["09:00", "18:00"] (pinned by tripplan sequence)'
        '\r\n        start: "10:35"\r\n        duration: 1h' in new
    )
    assert tripplan("check", path).exit_code == 0


def test_pin_skips_a_start_in_the_repeated_hour_of_a_clock_change(tripplan, write):
    text = dedent("""
        version: 1
        trip: {id: t, title: T, timezone: Europe/London, start: 2025-10-25, end: 2025-10-26}
        people: {yan: {name: Yan}}
        venues:
          a: {name: A, city: London, location: [51.50, -0.12]}
          b: {name: B, city: London, location: [51.52, -0.10]}
        days:
          - date: 2025-10-25
            events:
              - {id: m1, title: M, venue: a, start: "22:00", end: "01:20+1", end_timezone: UTC}
              - {id: v1, title: V, venue: b, window: ["23:00", "03:00+1"], duration: 30m}
    """)
    path = write(text)
    placed = tripplan("sequence", path, "--format", "json").json()["days"][0]["events"]
    assert [e["start"] for e in placed if e["id"] == "v1"] == ["2025-10-26T01:50:00+00:00"]
    run = tripplan("sequence", path, "--pin")
    assert "event 'v1' not pinned: its start 01:50 happens twice" in " ".join(run.stderr.split())
    assert path.read_text() == text


def test_a_late_dinner_the_evening_before_does_not_hide_the_hotel(tripplan, write):
    # Dinner in the east until late; the night is still spent at the hotel in the west.
    late = WEST.replace(
        '{id: dinner, title: Dinner, venue: hotel, start: "19:00", end: "20:30"}',
        '{id: dinner, title: Dinner, venue: v3, start: "20:00", end: "23:30"}',
    )
    [day] = tripplan("sequence", write(late), "--format", "json").json()["days"]
    assert day["order"] == ["first", "second", "third"]  # from the hotel in the west
    # The day's travel is its transfers, the hotel legs included.
    assert day["travel_minutes"] == sum(move["minutes"] for move in day["transfers"])


# Ko sleeps at the hotel on the 9th and 10th; Lam joins on the 10th (not at the hotel the
# night before) and leaves after it, as Ho does (neither sleeps there on the 10th).
COMINGS_AND_GOINGS = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-06-09, end: 2025-06-11}
    people: {ko: {name: Ko}, lam: {name: Lam}, ho: {name: Ho}}
    venues:
      hotel: {name: Hotel, city: Shenzhen, location: [22.54, 113.90]}
      v1: {name: One, city: Shenzhen, location: [22.54, 113.95]}
      v3: {name: Three, city: Shenzhen, location: [22.54, 114.05]}
    days:
      - date: 2025-06-09
        hotel: hotel
        events:
          - {id: dinner, title: Dinner, venue: hotel, start: "19:00", end: "20:30", attendees: [ko, ho]}
      - date: 2025-06-10
        hotel: hotel
        events:
          - {id: one, title: One, venue: v1, window: ["09:00", "18:00"], duration: 1h}
          - {id: three, title: Three, venue: v3, window: ["09:00", "18:00"], duration: 1h}
      - date: 2025-06-11
        events:
          - {id: farewell, title: Farewell, venue: v1, start: "10:00", end: "11:00", attendees: [ko]}
""")


def test_the_day_starts_and_ends_at_the_hotel_only_for_those_who_sleep_there(tripplan, write):
    path = write(COMINGS_AND_GOINGS)
    [day] = tripplan("sequence", path, "--format", "json").json()["days"]
    hotel = {
        ("from" if move["from"] == "hotel" else "to"): move["people"]
        for move in day["transfers"]
        if "hotel" in (move["from"], move["to"])
    }
    # As `show` and the drivers' sheets have it (plan.nights): Lam was not there last
    # night, and only Ko stays on for tomorrow.
    assert hotel == {"from": ["ko", "ho"], "to": ["ko"]}
    shown = " ".join(tripplan("show", path, "--day", "2025-06-10").stdout.split())
    assert "ko, ho: from Hotel by car to One" in shown
    assert "ko: from Three by car to Hotel" in shown
    assert day["travel_minutes"] == sum(move["minutes"] for move in day["transfers"])


def test_the_sequencer_starts_no_one_at_a_hotel_they_did_not_sleep_at(write):
    from tripplan.plan.placing import place

    itinerary = tripplan_api.load(write(COMINGS_AND_GOINGS))
    [day] = place(itinerary)
    # The problem's people are the flexible events' attendees, in order of their ids.
    people = sorted({p for e in day.flexible for p in itinerary.attendees(e)})
    homes = {p: (who.home, who.night) for p, who in zip(people, day.problem.people, strict=True)}
    hotel = day.places["hotel"]
    assert homes == {"ho": (hotel, None), "ko": (hotel, hotel), "lam": (None, None)}


def test_a_short_drive_says_the_roads_as_show_does(tripplan, write):
    # 0.8 km by car at 11:15: a 3-minute drive, 13 minutes door to door once parked.
    hop = dedent("""
        version: 1
        trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-06-17, end: 2025-06-17}
        people: {ho: {name: Ho}}
        venues:
          civic: {name: Civic Center, city: Shenzhen, location: [22.5415, 114.0596]}
          lunch: {name: Restaurant, city: Shenzhen, location: [22.5350, 114.0560]}
          park: {name: Science park, city: Shenzhen, location: [22.5400, 113.9500]}
        days:
          - date: 2025-06-17
            events:
              - {id: meeting, title: Meeting, venue: civic, start: "10:00", end: "11:15"}
              - {id: lunch, title: Lunch, venue: lunch, start: "12:00", end: "13:30"}
              - {id: visit, title: Visit, venue: park, window: ["14:00", "17:00"], duration: 1h}
    """)
    path = write(hop)
    [day] = tripplan("sequence", path, "--format", "json").json()["days"]
    [move] = [t for t in day["transfers"] if (t["from"], t["to"]) == ("meeting", "lunch")]
    shown = " ".join(tripplan("show", path).stdout.split())
    assert re.search(r"from Civic Center by car to Restaurant, 0\.8 km, ~13 min(?! \()", shown)
    # Not slowed: the minute the move is rounded up to is no traffic.
    assert (move["minutes"], move["traffic"]) == (13, None)


def test_a_journey_into_another_zone_is_timed_as_show_times_it(tripplan, write):
    # A train from Shenzhen (the trip's zone) to Hong Kong, the same day as a visit.
    trip = dedent("""
        version: 1
        trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-06-19, end: 2025-06-19}
        people: {lau: {name: Lau}}
        venues:
          park: {name: Science park, city: Shenzhen, location: [22.5400, 113.9500]}
          futian: {name: Futian Station, city: Shenzhen, location: [22.5370, 114.0500]}
          wk: {name: West Kowloon, city: Hong Kong, country: HK, location: [22.3040, 114.1655]}
        days:
          - date: 2025-06-19
            events:
              - {id: visit, title: Visit, venue: park, window: ["09:00", "12:00"], duration: 1h}
              - id: train
                title: Train home
                kind: travel
                mode: train
                from: futian
                to: wk
                start: "19:10"
                end: "19:30"
                end_timezone: Asia/Hong_Kong
    """)
    path = write(trip)
    shown = " ".join(tripplan("show", path).stdout.split())
    sequenced = " ".join(tripplan("sequence", path).stdout.split())
    assert "19:10–19:30 HKT" in shown
    assert "19:10–19:30 HKT train: Train home" in sequenced  # not "19:10 CST–19:30"


def test_flexible_events_of_consecutive_days_do_not_overlap(tripplan, write):
    text = dedent("""
        version: 1
        trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-02-25, end: 2025-02-26}
        people: {yan: {name: Yan}}
        venues:
          a: {name: A, city: Hangzhou, location: [30.28, 120.03]}
          b: {name: B, city: Hangzhou, location: [30.19, 120.19]}
        days:
          - date: 2025-02-25
            events:
              - {id: v1, title: Night visit, venue: a, window: ["23:30", "03:00+1"], duration: 1h}
          - date: 2025-02-26
            events:
              - {id: v2, title: Early visit, venue: b, window: ["00:00", "03:00"], duration: 1h}
    """)
    path = write(text)
    run = tripplan("sequence", path)
    assert run.exit_code == 0, run.stdout
    assert "1   23:30–00:30+1   v1: Night visit" in run.stdout
    assert tripplan("check", path).exit_code == 0


def test_pinning_road_times_that_check_would_reject_says_so(tripplan, write, osrm):
    # The fake OSRM says 10 min between neighbours on the line, far faster than the model.
    path = write(WEST)
    run = tripplan("sequence", path, "--router", "osrm", "--osrm-url", osrm, "--pin")
    assert run.exit_code == 1, run.stderr
    assert "but check uses the travel model, by which" in " ".join(run.stderr.split())


def test_pin_keeps_the_files_permissions_and_links(tripplan, write, tmp_path):
    path = write(WEST)
    path.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    assert tripplan("sequence", link, "--pin").exit_code == 0
    assert link.is_symlink()
    assert "pinned by tripplan sequence" in path.read_text()
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_train_faster_than_the_roads_keeps_the_search_exact(tripplan, write):
    # By car Hangzhou to Shanghai takes all afternoon; the train takes an hour. The
    # exact search must not give up on the Shanghai visit because the road is slow.
    text = dedent("""
        version: 1
        trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-05-15, end: 2025-05-15}
        people: {yan: {name: Y}}
        venues:
          hz-a: {name: A, city: Hangzhou, location: [30.1950, 120.1850]}
          hz-east: {name: Hangzhou East, city: Hangzhou, location: [30.2901, 120.2125]}
          sh-hq: {name: Hongqiao, city: Shanghai, location: [31.1942, 121.3205]}
          sh-b: {name: B, city: Shanghai, location: [31.2050, 121.5900]}
        days:
          - date: 2025-05-15
            events:
              - {id: a, title: A, venue: hz-a, window: ["09:00", "12:00"], duration: 1h}
              - {id: train, title: Train, mode: train, from: hz-east, to: sh-hq, start: "13:00", end: "14:00"}
              - {id: b, title: B, venue: sh-b, window: ["15:00", "18:00"], duration: 1h}
    """)
    [day] = tripplan("sequence", write(text), "--format", "json").json()["days"]
    assert day["exact"] is True
    assert day["order"] == ["a", "b"]


# QA: a visit in Panyu 21 km from the hotel in Zhujiang New Town, any time 09:00-12:00
# for 2 h. At 09:00 the car left at 07:5x in the morning peak; at 10:00 it leaves after
# it, five minutes less on the road (two would not be worth an hour later).
PANYU = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2027-03-16, end: 2027-03-17}
    people: {yan: {name: Yan}}
    venues:
      hotel: {name: Hotel in Zhujiang New Town, city: Guangzhou, location: [23.1200, 113.3240]}
      ev-maker: {name: "EV maker, Panyu", city: Guangzhou, location: [22.9400, 113.3800]}
    days:
      - date: 2027-03-16
        hotel: hotel
        events:
          - {id: dinner, title: Dinner, venue: hotel, start: "19:00", end: "21:00"}
      - date: 2027-03-17
        hotel: hotel
        events:
          - {id: ev-visit, title: EV maker, venue: ev-maker, window: ["09:00", "12:00"],
             duration: 2h}
          - {id: roundtable, title: Round-table, venue: hotel, start: "15:00", end: "16:30"}
""")


def test_the_days_first_visit_waits_for_the_rush_hour_to_pass_at_the_hotel(tripplan, write):
    path = write(PANYU)
    [*_, day] = tripplan("sequence", path, "--format", "json").json()["days"]
    [visit] = [e for e in day["events"] if e["id"] == "ev-visit"]
    assert visit["start"][11:16] == "10:00"
    [there] = [t for t in day["transfers"] if t["to"] == "ev-visit"]
    assert (there["minutes"], there["traffic"]) == (52, "busy")  # 57 (peak) for 09:00
    text = " ".join(tripplan("sequence", path).stdout.split())
    assert "↳ from the hotel to EV maker, Panyu: ~52 min (busy), 20.8 km" in text
    assert tripplan("check", path).exit_code == 0


# QA: after lunch (ends 14:20) a campus tour any time 14:45-17:00 for 1 h, then the
# Vice-Mayor at 17:15; with the trip's 15-min buffer one of the two moves must be short.
# Placed as early as it fits the tour left no time to spare after lunch, to save a minute
# of driving into the evening; now it leaves 10 minutes on both.
SLACK = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2027-04-21, end: 2027-04-21,
           buffer: 15m}
    people: {ko: {name: Ko}}
    venues:
      lunch-westlake: {name: Restaurant by West Lake, city: Hangzhou, location: [30.2590, 120.1480]}
      campus: {name: "E-commerce group campus, Xixi", city: Hangzhou, location: [30.2790, 120.0270]}
      hz-gov: {name: Citizen Center, city: Hangzhou, location: [30.2450, 120.2090]}
    days:
      - date: 2027-04-21
        events:
          - {id: lunch, title: Lunch, venue: lunch-westlake, start: "13:20", end: "14:20"}
          - {id: tour, title: Campus tour, venue: campus, window: ["14:45", "17:00"],
             duration: 1h}
          - {id: mayor, title: Vice-Mayor, venue: hz-gov, start: "17:15", duration: 45m}
""")


def test_a_tight_day_shares_out_its_time_to_spare_for_a_minute_of_driving(tripplan, write):
    path = write(SLACK)
    [day] = tripplan("sequence", path, "--format", "json").json()["days"]
    [tour] = [e for e in day["events"] if e["id"] == "tour"]
    assert tour["start"][11:16] == "15:10"
    assert (day["moves"], day["moves_with_buffer"], day["least_spare_minutes"]) == (2, 1, 10)
    assert day["travel_minutes"] == 87  # 86 at 15:00
    text = " ".join(tripplan("sequence", path).stdout.split())
    assert "Buffer of 15 min kept on 1 of 2 moves; the tightest leaves 10 min to spare" in text
    checked = tripplan("check", path).stdout
    assert "gap is 50 min: only 10 min to spare, less than the trip's buffer of 15 min" in checked


def test_a_fifteen_visit_day_of_three_pairs_places_every_visit(tripplan, tmp_path):
    # Three pairs with five visits each in Nanshan, Futian and Qianhai, together only for
    # breakfast, lunch and dinner: each pair is planned on its own, exactly.
    source = Path(__file__).parent / "data" / "shenzhen-subgroups.yaml"
    run = tripplan("sequence", source, "--format", "json")
    assert run.exit_code == 0, run.stderr
    [*_, day] = run.json()["days"]
    assert (len(day["order"]), day["unplaced"], day["exact"]) == (15, [], True)
    assert day["moves_with_buffer"] == day["moves"]
    starts = {e["id"]: e["start"][11:16] for e in day["events"] if e["flexible"]}
    assert len(starts) == 15
    # Pinned, the day checks clean: no window, fixed event or other event of anyone's
    # broken, every move in time.
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    assert tripplan("sequence", copy, "--pin").exit_code == 0
    [checked] = tripplan("check", copy, "--format", "json").json()["files"]
    assert checked["problems"] == []
    pinned = tripplan_api.load(copy)
    assert {e.id: f"{e.start_at:%H:%M}" for e in pinned.events() if e.id in starts} == starts
