"""Each problem code: a small case that triggers it and a near miss that must not."""

from __future__ import annotations

import pytest

from conftest import BASE, dedent
from tripplan import Problem, check_text


def problems(text: str, code: str | None = None) -> list[Problem]:
    found = check_text(text, "trip.yaml").problems
    return [p for p in found if code is None or p.code == code]


def only(text: str, code: str) -> Problem:
    found = problems(text)
    assert [p.code for p in found] == [code], found
    return found[0]


def test_base_trip_has_no_problems():
    assert problems(BASE) == []


# --- yaml -------------------------------------------------------------------------


def test_yaml_syntax_error_is_placed():
    p = only(BASE.replace("  title: Test trip", "  title: [Test trip"), "yaml")
    assert p.severity == "error"
    assert p.line is not None
    assert "not valid YAML" in p.message


def test_duplicate_key_is_refused_with_both_lines():
    text = BASE.replace("        duration: 1h\n", '        duration: 1h\n        start: "17:00"\n')
    p = problems(text, "yaml")[0]
    assert (p.line, p.column) == (48, 9)
    assert "'start' appears twice" in p.message
    assert "line 46" in p.message


# --- schema -----------------------------------------------------------------------


def test_bad_time_is_placed_at_the_value():
    p = only(BASE.replace('start: "16:30"', 'start: "16.30"'), "schema")
    assert (p.line, p.column) == (46, 16)
    assert p.event == "founders"
    assert "'16.30' is not a time" in p.message
    assert '"HH:MM"' in p.message


def test_unknown_key_is_placed_at_the_key_with_a_suggestion():
    p = only(BASE.replace("        venue: campus", "        venu: campus"), "schema")
    assert (p.line, p.column) == (45, 9)
    assert "unknown key 'venu'" in p.message
    assert "did you mean 'venue'?" in p.message


def test_missing_key_points_at_its_mapping():
    p = only(BASE.replace("    name: Ko Wing-sze\n", "    role: Manager\n"), "schema")
    assert (p.line, p.column) == (14, 5)
    assert "person 'ko'" in p.message
    assert "'name' is missing" in p.message


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("duration: 1h", "duration: 90", "not a duration"),
        ("duration: 1h", "duration: 1h30", "not a duration"),
        ("id: founders", "id: Founders", "not a valid id"),
        ("kind: meeting", "kind: meting", "did you mean 'meeting'?"),
        ("principal: true", "principal: maybe", "true or false"),
        ("start: 2025-02-25", "start: 25/02/2025", "YYYY-MM-DD"),
        ('start: "16:30"', 'start: "24:00"', "not a time"),
        ("        venue: campus\n", "", "needs venue"),
        ("        mode: train\n", "", "needs mode"),
        ("  start: 2025-02-25", "  start: [2025]", "not a date"),
        ("    name: Ko Wing-sze", "    name: {first: Ko}", "should be text"),
        (
            "    events:\n      - id: train",
            "    events:\n      - id: train\n        attendees: []",
            "attendees is empty",
        ),
    ],
)
def test_schema_errors_say_what_to_write(old: str, new: str, words: str):
    assert old in BASE
    p = only(BASE.replace(old, new, 1), "schema")
    assert words in p.message


def test_start_and_window_together_is_an_error():
    text = BASE.replace(
        '        start: "16:30"\n', '        start: "16:30"\n        window: ["09:00", "12:00"]\n'
    )
    p = only(text, "schema")
    assert "not both" in p.message
    assert p.line == 47


def test_event_without_any_time_is_an_error():
    p = only(BASE.replace('        start: "16:30"\n', ""), "schema")
    assert "has no time" in p.message


def test_unquoted_time_is_still_a_time():
    # YAML 1.1 reads 16:30 as the number 990; tripplan reads what was written.
    assert problems(BASE.replace('start: "16:30"', "start: 16:30")) == []


def test_no_is_a_string_not_false():
    text = BASE.replace("    name: Ko Wing-sze", "    name: 'no'\n    role: no")
    assert problems(text) == []


def test_two_principals():
    p = only(BASE.replace("    name: Ko Wing-sze", "    name: Ko\n    principal: true"), "schema")
    assert "only one person can be the principal" in p.message
    assert p.line == 15


def test_a_broken_event_does_not_hide_a_double_booking_elsewhere():
    text = BASE.replace('start: "16:30"', 'start: "14:30"').replace(
        'start: "10:00"', 'start: "10h"'
    )
    codes = sorted(p.code for p in problems(text))
    assert codes == ["double-booked", "schema"]


def test_every_problem_of_a_file_is_reported():
    text = (
        BASE.replace("venue: campus", "venue: nowhere")
        .replace("timezone: Asia/Hong_Kong", "timezone: Asia/Hongkong")
        .replace("    name: Ko Wing-sze", "    nam: Ko Wing-sze")
        .replace("end: 2025-02-26", "end: 2025-02-25")
    )
    codes = sorted(p.code for p in problems(text))
    assert codes == ["bad-timezone", "outside-trip", "schema", "unknown-ref"]


# --- unknown-ref ------------------------------------------------------------------


def test_unknown_venue_is_placed_at_the_value():
    p = only(BASE.replace("venue: campus", "venue: campsu"), "unknown-ref")
    assert (p.line, p.column) == (45, 16)
    assert "venue 'campsu' is not one of the venues" in p.message
    assert "did you mean 'campus'?" in p.message


def test_unknown_attendee_and_hotel():
    text = BASE.replace(
        "        duration: 1h\n", "        duration: 1h\n        attendees: [yan, kho]\n"
    )
    text = text.replace("  - date: 2025-02-25\n", "  - date: 2025-02-25\n    hotel: hotel-hz\n")
    found = problems(text, "unknown-ref")
    assert [(p.line, p.column) for p in found] == [(32, 12), (49, 26)]
    assert "hotel 'hotel-hz'" in found[0].message
    assert "attendee 'kho'" in found[1].message


def test_a_room_or_a_booking_for_someone_not_in_the_delegation_is_an_unknown_reference():
    # A room for 'ko' typed 'kho' would leave Ko without a night at the hotel, unseen.
    text = NIGHTS.replace("FIRST", "east").replace(
        "    hotel: hotel\n", '    hotel: hotel\n    rooms: {kho: {room: "1203"}}\n'
    )
    [p] = [q for q in problems(text) if q.code != "holiday"]
    assert (p.code, p.line) == ("unknown-ref", 11)
    assert p.message == (
        "day 2025-02-24: a room for 'kho', who is not one of the people; did you mean 'ko'?"
    )
    text = NIGHTS.replace("FIRST", "east").replace(
        '{id: a, title: A, venue: east, start: "09:00", end: "10:00"}',
        '{id: a, title: A, kind: travel, mode: train, from: east, to: hotel, start: "09:00", '
        'end: "10:00", bookings: {yann: {seat: 1A}}}',
    )
    [p] = [q for q in problems(text) if q.code != "holiday"]
    assert p.code == "unknown-ref"
    assert p.message.startswith("event 'a': a booking for 'yann', who is not one of the people")


def test_unknown_from_of_a_journey():
    p = only(BASE.replace("from: west-kowloon", "from: west-kowlon"), "unknown-ref")
    assert (p.line, p.column) == (37, 15)


def test_broken_venue_is_not_also_unknown():
    # The venue exists but is invalid: one schema problem, not a cascade of unknown-refs.
    p = only(BASE.replace("    name: AI campus", "    name: [AI campus]"), "schema")
    assert "venue 'campus'" in p.message


# --- duplicate-id -----------------------------------------------------------------


def test_duplicate_event_id():
    p = only(BASE.replace("id: studio-visit", "id: founders"), "duplicate-id")
    assert (p.line, p.column) == (50, 13)
    assert "already used by 'Meeting with founders'" in p.message


def test_duplicate_day():
    text = BASE.replace("  - date: 2025-02-26", "  - date: 2025-02-25")
    [p] = problems(text, "duplicate-id")
    assert (p.line, p.column) == (48, 11)
    assert "day 2025-02-25 is listed twice" in p.message


# --- bad-timezone -----------------------------------------------------------------


def test_bad_timezone_is_placed_and_suggests_the_right_name():
    p = only(BASE.replace("timezone: Asia/Hong_Kong", "timezone: Asia/HongKong"), "bad-timezone")
    assert (p.line, p.column) == (40, 19)
    assert "did you mean 'Asia/Hong_Kong'?" in p.message


def test_bad_trip_timezone():
    p = only(BASE.replace("timezone: Asia/Shanghai", "timezone: Beijing"), "bad-timezone")
    assert (p.line, p.column) == (5, 13)


# --- end-before-start -------------------------------------------------------------


def test_end_before_start():
    p = only(BASE.replace('end: "11:00"', 'end: "09:30"'), "end-before-start")
    assert (p.line, p.column) == (55, 14)
    assert '"09:30+1"' in p.message


def test_end_equal_to_start():
    only(BASE.replace('end: "11:00"', 'end: "10:00"'), "end-before-start")


def test_end_next_day_is_fine():
    assert (
        problems(
            BASE.replace('end: "11:00"', 'end: "09:30+1"').replace(
                "end: 2025-02-26", "end: 2025-02-27"
            )
        )
        == []
    )


def test_zones_are_applied_before_comparing():
    # Leaves Hong Kong 08:05, arrives 08:30 Shanghai time: the same instant zone-wise is
    # fine here (both UTC+8), but a London departure at 23:00 arriving 16:00 Shanghai
    # the next day is later in absolute time.
    text = (
        BASE.replace("timezone: Asia/Hong_Kong", "timezone: Europe/London")
        .replace('start: "08:05"', 'start: "23:00"')
        .replace('end: "15:05"', 'end: "16:00+1"')
        .replace(
            '        end: "16:00+1"', '        end: "16:00+1"\n        end_timezone: Asia/Shanghai'
        )
    )
    assert problems(text, "end-before-start") == []
    early = text.replace('end: "16:00+1"', 'end: "06:00+1"')
    assert [p.code for p in problems(early) if p.severity == "error"] == ["end-before-start"]


def test_window_that_closes_before_it_opens():
    text = BASE.replace(
        'start: "10:00"\n        end: "11:00"', 'window: ["12:00", "09:00"]\n        duration: 1h'
    )
    p = only(text, "end-before-start")
    assert "window closes" in p.message


# --- window-infeasible: flexible events must fit their windows ----------------------


def test_flexible_event_longer_than_its_window():
    text = BASE.replace(
        'start: "10:00"\n        end: "11:00"',
        'window: ["09:00", "10:00"]\n        duration: 1h15m',
    )
    p = only(text, "window-infeasible")
    assert "lasts 1h15m" in p.message
    assert "only 1h" in p.message


def test_flexible_event_that_just_fits():
    text = BASE.replace(
        'start: "10:00"\n        end: "11:00"',
        'window: ["09:00", "10:15"]\n        duration: 1h15m',
    )
    assert problems(text) == []


def test_flexible_events_are_left_out_of_overlap_until_placed():
    text = BASE.replace(
        'start: "16:30"\n        duration: 1h', 'window: ["08:00", "18:00"]\n        duration: 1h'
    )
    assert problems(text) == []


# --- outside-trip -----------------------------------------------------------------


def test_day_after_the_trip():
    p = only(BASE.replace("  - date: 2025-02-26", "  - date: 2025-02-27"), "outside-trip")
    assert (p.line, p.column) == (48, 11)
    assert "2025-02-25 to 2025-02-26" in p.message


def test_day_before_the_trip():
    only(BASE.replace("  - date: 2025-02-25", "  - date: 2025-02-24"), "outside-trip")


def test_trip_that_ends_before_it_starts():
    p = only(BASE.replace("  end: 2025-02-26", "  end: 2025-02-24"), "end-before-start")
    assert (p.line, p.column) == (7, 8)


# --- double-booked ----------------------------------------------------------------


def test_double_booking_names_people_events_and_times():
    text = BASE.replace('start: "16:30"', 'start: "15:00"')
    p = only(text, "double-booked")
    assert p.message.startswith("yan and ko are in 'train' 08:05-15:05 and 'founders' 15:00-16:00")
    assert p.event == "founders"
    assert (p.line, p.column) == (46, 16)


def test_adjacent_events_do_not_overlap():
    assert problems(BASE.replace('start: "16:30"', 'start: "15:05"'), "double-booked") == []


def test_overlap_only_for_people_in_both():
    text = BASE.replace('start: "16:30"', 'start: "15:00"').replace(
        "        duration: 1h\n", "        duration: 1h\n        attendees: [ko]\n"
    )
    p = only(text, "double-booked")
    assert p.message.startswith("ko is in")
    separate = text.replace("        attendees: [ko]\n", "        attendees: [ko]\n", 1).replace(
        '        end: "15:05"\n', '        end: "15:05"\n        attendees: [yan]\n'
    )
    assert problems(separate) == []


def test_cancelled_events_take_no_time():
    text = BASE.replace('start: "16:30"', 'start: "15:00"').replace(
        "        duration: 1h\n", "        duration: 1h\n        status: cancelled\n"
    )
    assert problems(text) == []


def test_overlap_across_time_zones():
    # 16:30 in Hong Kong and 16:45 in Shanghai are both UTC+8: overlap. In Tokyo
    # (UTC+9) 16:45 is 15:45 Shanghai time: no overlap with a 16:30-17:30 meeting.
    text = BASE.replace('start: "16:30"', 'start: "16:30"\n        timezone: Asia/Tokyo')
    text = text.replace(
        'start: "10:00"\n        end: "11:00"', 'start: "10:00"\n        end: "11:00"'
    )
    assert problems(text, "double-booked") == []
    clash = BASE.replace('start: "16:30"', 'start: "16:00"\n        timezone: Asia/Tokyo')
    [p] = problems(clash, "double-booked")
    assert p.event == "founders"


def test_overnight_journey_overlaps_next_morning():
    text = (
        BASE.replace('start: "08:05"', 'start: "22:00"')
        .replace('end: "15:05"', 'end: "10:30+1"')
        .replace('start: "16:30"', 'start: "07:00"')
    )
    [p] = problems(text, "double-booked")
    assert "'train' Tue 25 Feb 2025 22:00-10:30+1" in p.message
    assert "'studio-visit' Wed 26 Feb 2025 10:00-11:00" in p.message


def test_three_way_overlap_reports_each_pair():
    text = BASE.replace('start: "16:30"', 'start: "09:00"')
    text = text.replace(
        "  - date: 2025-02-26\n",
        "  - date: 2025-02-26\n",
    )
    extra = (
        "      - id: lunch\n        title: Lunch\n        kind: meal\n        venue: campus\n"
        '        start: "12:00"\n        duration: 1h\n'
    )
    text = text.replace("  - date: 2025-02-26\n", extra + "  - date: 2025-02-26\n")
    pairs = {(p.message.split("'")[1], p.message.split("'")[3]) for p in problems(text)}
    assert pairs == {("train", "founders"), ("train", "lunch")}


# --- tentative --------------------------------------------------------------------


def test_tentative_is_a_warning():
    text = BASE.replace(
        "        duration: 1h\n", "        duration: 1h\n        status: tentative\n"
    )
    p = only(text, "tentative")
    assert p.severity == "warning"
    assert p.event == "founders"
    assert (p.line, p.column) == (48, 17)


def test_confirmed_and_cancelled_are_not_tentative():
    for status in ("confirmed", "cancelled"):
        text = BASE.replace(
            "        duration: 1h\n", f"        duration: 1h\n        status: {status}\n"
        )
        assert problems(text) == []


# --- holiday ----------------------------------------------------------------------


def on(day1: str, day2: str, text: str = BASE) -> str:
    return text.replace("2025-02-25", day1).replace("2025-02-26", day2)


def test_mainland_holiday_from_the_time_zone():
    text = on("2025-09-30", "2025-10-01")
    found = problems(text, "holiday")
    assert [p.event for p in found] == ["studio-visit"]
    assert "National Day in mainland China" in found[0].message
    assert found[0].severity == "warning"


def test_hong_kong_holiday_from_the_venue_country():
    # 2025-07-01 is HKSAR Establishment Day: a holiday in Hong Kong, not the mainland.
    text = on("2025-07-01", "2025-07-02")
    found = problems(text, "holiday")
    assert [p.event for p in found] == ["train"]
    assert "Hong Kong" in found[0].message


def test_hong_kong_holiday_from_the_city_when_no_country():
    text = on("2025-07-01", "2025-07-02").replace("    country: HK\n", "")
    assert [p.event for p in problems(text, "holiday")] == ["train"]


def test_other_countries_from_the_venue_country():
    text = on("2025-07-04", "2025-07-05").replace("    city: Hangzhou\n", "    country: US\n", 2)
    # 4 July: the founders meeting is at a US venue now; the train leaves Hong Kong.
    found = problems(text, "holiday")
    assert [p.event for p in found] == ["founders"]
    assert "United States" in found[0].message


def test_working_day_is_not_a_holiday():
    assert problems(on("2025-10-09", "2025-10-10"), "holiday") == []


def test_cancelled_event_on_a_holiday_is_fine():
    text = on("2025-09-30", "2025-10-01").replace(
        'end: "11:00"\n', 'end: "11:00"\n        status: cancelled\n'
    )
    assert problems(text, "holiday") == []


def test_a_holiday_is_one_warning_per_day_with_advice_for_each_way_of_travelling():
    # 1 Oct 2025: National Day on both sides; the train and the meeting share a warning.
    text = on("2025-10-01", "2025-10-09")
    [p] = problems(text, "holiday")
    assert (p.event, p.line) == ("train", 39)
    assert p.message == (
        "2 events are on Wed 1 Oct 2025, National Day in Hong Kong and mainland China; "
        "offices may be closed: confirm with the hosts of 'founders'; by train ('train') "
        "expect crowded stations and sold-out trains: book early"
    )


def test_a_drive_on_a_holiday_is_not_told_of_crowded_stations():
    text = on("2025-10-01", "2025-10-09").replace("mode: train", "mode: car")
    text = text.replace(
        "        venue: campus\n", "        venue: campus\n        status: cancelled\n"
    )
    [p] = problems(text, "holiday")
    assert p.message == (
        "event 'train' is on Wed 1 Oct 2025, National Day in Hong Kong; "
        "expect busy roads out of town and near sights"
    )


def test_holidays_are_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path))
    from tripplan.checks import holidays as holiday_calendar

    holiday_calendar._year.cache_clear()
    holiday_calendar._stored.cache_clear()
    problems(on("2025-09-30", "2025-10-01"))
    cached = list(tmp_path.glob("holidays-*.json"))
    assert len(cached) == 1
    assert "CN-2025" in cached[0].read_text()


def test_yaml_without_a_trip_is_a_schema_problem():
    p = only(
        dedent("""
        version: 1
        people: {}
    """),
        "schema",
    )
    assert "'trip' is missing" in p.message


def test_double_booking_across_clocks_going_back_shows_both_offsets():
    text = (
        BASE.replace("2025-02-25", "2025-10-26")
        .replace("2025-02-26", "2025-10-27")
        .replace("timezone: Asia/Shanghai", "timezone: Europe/London")
        .replace('start: "08:05"', 'start: "01:10"')
        .replace("        timezone: Asia/Hong_Kong\n", "")
        .replace('end: "15:05"', 'end: "01:40"')
        .replace('start: "16:30"\n        duration: 1h', 'start: "01:30"\n        duration: 45m')
    )
    # (The station is in London now: the documents notice and the holiday rules have
    # their say too; this test is about the clock.)
    # Times in the repeated hour also get clock-change warnings saying which one is used.
    clock = problems(text, "clock-change")
    assert clock
    assert all(p.severity == "warning" for p in clock)
    [p] = problems(text, "double-booked")
    assert "'founders' 01:30 BST-01:15 GMT" in p.message


# --- transfers: travel-infeasible, tight-transfer, missing-travel --------------------

TRANSFER = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-02-25, end: 2025-02-25}
    people: {yan: {name: Yan}, ko: {name: Ko}}
    venues:
      east: {name: Hangzhou East, city: Hangzhou, location: [30.2908, 120.2127]}
      lake: {name: West Lake hotel, city: Hangzhou, location: [30.2590, 120.1630]}
      sz: {name: Shenzhen office, city: Shenzhen, location: [22.5431, 114.0579]}
    days:
      - date: 2025-02-25
        events:
          - {id: a, title: A, venue: east, start: "09:00", end: "10:00"}
          - {id: b, title: B, venue: lake, start: "START", duration: 1h}
    contacts: [{name: Duty officer, role: duty-officer}]
""")


def transfer_case(start: str) -> list[Problem]:
    return [p for p in problems(TRANSFER.replace("START", start)) if p.code != "holiday"]


def test_travel_model_known_distances():
    from tripplan.geo.distance import great_circle_km
    from tripplan.plan.travel import TravelModel

    # Hangzhou East station to West Lake (Hubin): about 6 km in a straight line.
    assert great_circle_km((30.2908, 120.2127), (30.2590, 120.1630)) == pytest.approx(5.9, abs=0.2)
    # Futian to Nanshan (Shenzhen): about 11 km.
    assert great_circle_km((22.5431, 114.0579), (22.5330, 113.9300)) == pytest.approx(13.2, abs=0.3)
    move = TravelModel().transfer((30.2908, 120.2127), (30.2590, 120.1630))
    assert move.mode == "car"
    assert 20 <= move.time.total_seconds() / 60 <= 30
    assert TravelModel().transfer((30.2590, 120.1630), (30.2600, 120.1640)).mode == "walk"


def test_travel_infeasible_and_its_near_miss():
    [p] = transfer_case("10:15")
    assert p.code == "travel-infeasible"
    assert p.severity == "error"
    assert p.message == (
        "yan and ko: from 'a' at Hangzhou East to 'b' at West Lake hotel needs ~27 min by car "
        "at 10:00 for 5.9 km, gap is 15 min; move one of them or shorten the first"
    )
    assert p.event == "b"
    tight = transfer_case("10:30")
    assert [q.code for q in tight] == ["tight-transfer"]
    assert "only 3 min to spare, less than the trip's buffer of 10 min" in tight[0].message
    assert transfer_case("10:40") == []


def test_trip_travel_settings_change_the_model():
    faster = TRANSFER.replace(
        "end: 2025-02-25}",
        "end: 2025-02-25,\n       travel: {car: {speed: 60, detour: 1.2, overhead: 5m}}}",
    )
    assert [p.code for p in problems(faster.replace("START", "10:25")) if p.code != "holiday"] == []
    assert [p.code for p in transfer_case("10:25")] == ["travel-infeasible"]


def test_missing_travel_between_cities_and_its_near_miss():
    text = TRANSFER.replace("venue: lake", "venue: sz").replace("START", "18:00")
    [p] = [q for q in problems(text) if q.code != "holiday"]
    assert p.code == "missing-travel"
    assert "Hangzhou to Shenzhen with no journey between" in p.message
    journey = text.replace(
        '      - {id: b, title: B, venue: sz, start: "18:00", duration: 1h}\n',
        '      - {id: f, title: Flight, kind: travel, mode: flight, from: east, to: sz, start: "12:00", end: "14:30"}\n'
        '      - {id: b, title: B, venue: sz, start: "18:00", duration: 1h}\n',
    )
    assert [q.code for q in problems(journey) if q.code != "holiday"] == []


def test_a_gap_too_short_for_any_way_to_the_next_city_is_an_error_and_its_near_miss():
    # QA: Shenzhen to Dongguan in 30 min with no journey written was only a warning.
    text = TRANSFER.replace(
        "sz: {name: Shenzhen office",
        "dg: {name: Songshan Lake park, city: Dongguan, location: [22.9300, 113.8900]}\n"
        "  sz: {name: Shenzhen office",
    ).replace('venue: east, start: "09:00"', 'venue: sz, start: "09:00"')
    [p] = [
        q
        for q in problems(text.replace("venue: lake", "venue: dg").replace("START", "10:30"))
        if q.code != "holiday"
    ]
    assert (p.code, p.severity, p.event) == ("travel-infeasible", "error", "b")
    assert p.message == (
        "yan and ko: from 'a' at Shenzhen office to 'b' at Songshan Lake park needs ~1h13 by "
        "car at 10:00 for 46.3 km (at best 1h11 by train or air), gap is 30 min; Shenzhen to "
        "Dongguan with no journey between: move one of them or shorten the first, then add a "
        "travel event"
    )
    # Time enough to drive: the journey is only missing.
    [p] = [
        q
        for q in problems(text.replace("venue: lake", "venue: dg").replace("START", "11:30"))
        if q.code != "holiday"
    ]
    assert p.code == "missing-travel"
    # Too far to drive in the gap, but a flight could make it: missing, not infeasible.
    far = text.replace("venue: lake", "venue: east", 1)
    [p] = [q for q in problems(far.replace("START", "14:00")) if q.code != "holiday"]
    assert p.code == "missing-travel"
    [p] = [q for q in problems(far.replace("START", "12:00")) if q.code != "holiday"]
    assert p.code == "travel-infeasible"
    assert "needs ~17h03 by car at 10:00 for 1056.8 km (at best 3h19 by train or air)" in p.message


NIGHTS = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-02-24, end: 2025-02-25}
    people: {yan: {name: Yan}, ko: {name: Ko}}
    venues:
      hotel: {name: Lake hotel, city: Hangzhou, location: [30.2590, 120.1630]}
      east: {name: Hangzhou East, city: Hangzhou, location: [30.2908, 120.2127]}
      sz: {name: Shenzhen office, city: Shenzhen, location: [22.5431, 114.0579]}
    days:
      - date: 2025-02-24
        hotel: hotel
        events:
          - {id: a, title: A, venue: east, start: "09:00", end: "10:00"}
      - date: 2025-02-25
        events:
          - {id: b, title: B, venue: FIRST, start: "09:00", end: "10:00"}
    contacts: [{name: Duty officer, role: duty-officer}]
""")


def test_a_day_starts_at_the_previous_nights_hotel_and_its_near_miss():
    assert [p.code for p in problems(NIGHTS.replace("FIRST", "east")) if p.code != "holiday"] == []
    [p] = [q for q in problems(NIGHTS.replace("FIRST", "sz")) if q.code != "holiday"]
    assert p.code == "missing-travel"
    assert p.event == "b"
    assert p.message == (
        "yan and ko: the day starts at Lake hotel in Hangzhou but 'b' is in Shenzhen; "
        "add a travel event before it"
    )


def test_a_journey_must_leave_from_where_the_night_was_spent():
    journey = NIGHTS.replace(
        '{id: b, title: B, venue: FIRST, start: "09:00", end: "10:00"}',
        '{id: b, title: B, kind: travel, mode: flight, from: START, to: east, start: "09:00", end: "11:00"}',
    )
    assert [
        p.code for p in problems(journey.replace("START", "hotel")) if p.code != "holiday"
    ] == []
    [p] = [q for q in problems(journey.replace("START", "sz")) if q.code != "holiday"]
    assert p.code == "missing-travel"
    assert "'b' leaves from Shenzhen" in p.message


def test_a_day_ends_where_the_night_is_spent():
    text = NIGHTS.replace("FIRST", "east").replace(
        'venue: east, start: "09:00"', 'venue: sz, start: "09:00"', 1
    )
    found = [q for q in problems(text) if q.code == "missing-travel"]
    assert [(p.event, p.message) for p in found] == [
        (
            "a",
            "yan and ko: the day ends with 'a' in Shenzhen but the night is at Lake hotel in "
            "Hangzhou; add a travel event after it",
        )
    ]


def test_venues_found_offline_are_measured_too(tmp_path):
    from tripplan import check_file

    # The meeting's venue has no coordinates in the trip, only in the office registry
    # beside it: the transfer from the station is still checked.
    text = TRANSFER.replace(
        "lake: {name: West Lake hotel, city: Hangzhou, location: [30.2590, 120.1630]}",
        "lake: {name: West Lake hotel, city: Hangzhou}",
    ).replace("START", "10:05")
    (tmp_path / "trip.yaml").write_text(text, encoding="utf-8")
    codes = [p.code for p in check_file(tmp_path / "trip.yaml").problems if p.code != "holiday"]
    assert codes == ["coarse-location"]  # only the city centre: not measured
    (tmp_path / "venues.yaml").write_text(
        "venues:\n  lake: {name: West Lake hotel, city: Hangzhou, location: [30.2590, 120.1630]}\n",
        encoding="utf-8",
    )
    codes = [p.code for p in check_file(tmp_path / "trip.yaml").problems if p.code != "holiday"]
    assert codes == ["travel-infeasible"]


def test_a_night_at_the_hotel_still_needs_time_to_get_there():
    # 23:50 at East, then 00:05 at the lake: no night at the hotel fits between.
    text = (
        NIGHTS.replace("FIRST", "hotel")
        .replace(
            'venue: east, start: "09:00", end: "10:00"', 'venue: east, start: "22:50", end: "23:50"'
        )
        .replace(
            'venue: hotel, start: "09:00", end: "10:00"',
            'venue: hotel, start: "00:05", end: "01:00"',
        )
    )
    [p] = [q for q in problems(text) if q.code != "holiday"]
    assert p.code == "travel-infeasible"


def test_cities_are_compared_across_days_without_a_hotel_night():
    text = NIGHTS.replace("FIRST", "sz").replace("    hotel: hotel\n", "")
    [p] = [q for q in problems(text) if q.code != "holiday"]
    assert p.code == "missing-travel"
    assert "Hangzhou to Shenzhen with no journey between" in p.message


def test_someone_joining_the_next_day_did_not_sleep_at_the_hotel():
    text = (
        NIGHTS.replace("FIRST", "sz")
        .replace(
            '{id: a, title: A, venue: east, start: "09:00", end: "10:00"}',
            '{id: a, title: A, venue: east, start: "09:00", end: "10:00", attendees: [yan]}',
        )
        .replace(
            '{id: b, title: B, venue: sz, start: "09:00", end: "10:00"}',
            '{id: b, title: B, venue: sz, start: "09:00", end: "10:00", attendees: [ko]}',
        )
    )
    assert [q.code for q in problems(text) if q.code != "holiday"] == []


def test_an_arrival_day_written_as_its_hotel_alone_is_a_night_there_for_everyone():
    # Nobody's events are written on the day they arrive: all of them slept at its hotel.
    text = NIGHTS.replace("FIRST", "sz").replace(
        '    events:\n      - {id: a, title: A, venue: east, start: "09:00", end: "10:00"}\n',
        "    events: []\n",
    )
    [p] = [q for q in problems(text) if q.code != "holiday"]
    assert (p.code, p.event) == ("missing-travel", "b")
    assert p.message.startswith("yan and ko: the day starts at Lake hotel in Hangzhou")


def test_a_room_booked_for_the_night_is_a_night_at_the_hotel():
    # Yan's last day is the first: the hotel is not his night, unless a room is booked.
    text = (
        NIGHTS.replace("FIRST", "sz")
        .replace(
            'venue: east, start: "09:00", end: "10:00"}',
            'venue: sz, start: "09:00", end: "10:00", attendees: [yan]}',
        )
        .replace(
            'venue: sz, start: "09:00", end: "10:00"}',
            'venue: sz, start: "09:00", end: "10:00", attendees: [ko]}',
            2,
        )
    )
    assert [q.code for q in problems(text) if q.code != "holiday"] == []
    booked = text.replace(
        "    hotel: hotel\n", '    hotel: hotel\n    rooms: {yan: {room: "1203"}}\n'
    )
    [p] = [q for q in problems(booked) if q.code != "holiday"]
    assert (p.code, p.event) == ("missing-travel", "a")
    assert p.message.startswith("yan: the day ends with 'a' in Shenzhen but the night is at Lake")


def test_whoever_ends_the_last_day_with_a_journey_to_another_city_has_gone_home():
    # The last night is at the lake hotel; Yan takes a train to Shenzhen after the
    # meeting: he went home, and is not told to add a journey back to the hotel.
    text = (
        NIGHTS.replace("FIRST", "east")
        .replace("  - date: 2025-02-25\n", "  - date: 2025-02-25\n    hotel: hotel\n")
        .replace(
            '      - {id: b, title: B, venue: east, start: "09:00", end: "10:00"}\n',
            '      - {id: b, title: B, venue: east, start: "09:00", end: "10:00"}\n'
            "      - {id: home, title: Home, kind: travel, mode: train, from: east, to: sz, "
            'start: "11:00", end: "18:00", attendees: [yan]}\n',
        )
    )
    assert [q.code for q in problems(text) if q.code != "holiday"] == []
    # A room booked for him that night says he sleeps there after all.
    booked = text.replace(
        "    hotel: hotel\n    events:\n      - {id: b",
        '    hotel: hotel\n    rooms: {yan: {room: "1203"}}\n    events:\n      - {id: b',
    )
    [p] = [q for q in problems(booked) if q.code != "holiday"]
    assert (p.code, p.event) == ("missing-travel", "home")
    assert p.message.startswith("yan: the day ends with 'home' in Shenzhen")


def test_a_date_of_the_trip_no_day_lists_is_a_missing_day():
    text = NIGHTS.replace("FIRST", "east")
    assert [q.code for q in problems(text) if q.code != "holiday"] == []
    # A gap: the 25th is left out between the 24th and the 26th.
    gap = text.replace("end: 2025-02-25}", "end: 2025-02-26}").replace(
        "  - date: 2025-02-25\n", "  - date: 2025-02-26\n"
    )
    [p] = [q for q in problems(gap) if q.code != "holiday"]
    assert (p.code, p.severity, p.line) == ("missing-day", "warning", 9)
    assert p.message.startswith("the trip's 2025-02-25 is not under days: where the delegation")
    # Two days left out, said once; none after the last day (the way home, unwritten).
    gap = gap.replace("end: 2025-02-26}", "end: 2025-03-01}").replace(
        "  - date: 2025-02-26\n", "  - date: 2025-02-27\n"
    )
    [p] = [q for q in problems(gap) if q.code != "holiday"]
    assert p.message.startswith("the trip's 2025-02-25 to 2025-02-26 (2 days) are not under")


def test_a_flexible_event_of_no_length_is_an_error():
    text = BASE.replace(
        'start: "10:00"\n        end: "11:00"', 'window: ["09:00", "12:00"]\n        duration: 0m'
    )
    p = only(text, "end-before-start")
    assert p.message == "event 'studio-visit' has no length: give it a duration longer than 0m"


def test_an_unknown_attendee_is_only_an_unknown_reference():
    # bob is not one of the people: the sequencer places the visit without him, and his
    # call at the same time is no double booking to report on top of unknown-ref.
    text = BASE.replace(
        'start: "10:00"\n        end: "11:00"',
        'window: ["09:00", "12:00"]\n        duration: 1h\n        attendees: [yan, bob]\n'
        '      - {id: call, title: Call, venue: studio, start: "09:00", end: "10:00", '
        "attendees: [bob]}",
    )
    found = [p for p in problems(text) if p.code != "holiday"]
    assert [p.code for p in found] == ["unknown-ref", "unknown-ref"]
