"""Car travel by the time of day: rush hours, nights, weekends, public holidays, Hong Kong,
a trip's own factors; in check's messages and every command that shows a transfer."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import dedent
from tripplan import check_text
from tripplan.geo.distance import great_circle_km
from tripplan.plan.traffic import MAINLAND
from tripplan.plan.travel import TravelModel
from tripplan.problems import Problem

# Hangzhou East station to the West Lake hotel: 5.9 km in a straight line, 17 min of
# driving at the daytime speed, plus 10 min to get in and out of the car.
TRIP = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: DATE, end: DATE TRAVEL}
    people: {yan: {name: Yan}}
    venues:
      east: {name: Hangzhou East, city: Hangzhou, location: [30.2908, 120.2127]}
      lake: {name: West Lake hotel, city: Hangzhou, location: [30.2590, 120.1630]}
      ifc: {name: IFC, city: Hong Kong, location: [22.2855, 114.1588]}
      kt: {name: Kowloon Tong, city: Hong Kong, location: [22.3364, 114.1747]}
    days:
      - date: DATE
        events:
          - {id: a, title: A, venue: FROM, start: "07:00", end: "LEAVE"}
          - {id: b, title: B, venue: TO, start: "ARRIVE", duration: 1h}
""")


def transfer(
    leave: str,
    arrive: str,
    *,
    date: str = "2025-02-25",  # a Tuesday
    travel: str = "",
    where: tuple[str, str] = ("east", "lake"),
) -> list[Problem]:
    text = (
        TRIP.replace("DATE", date)
        .replace("LEAVE", leave)
        .replace("ARRIVE", arrive)
        .replace("FROM", where[0])
        .replace("TO", where[1])
        .replace(" TRAVEL", f", travel: {travel}" if travel else "")
    )
    found = check_text(text, "trip.yaml").problems
    return [p for p in found if p.code not in ("holiday", "no-contact")]


def test_a_transfer_at_the_morning_peak_takes_longer_and_says_so():
    [p] = transfer("08:30", "08:50")
    assert p.code == "travel-infeasible"
    assert p.message == (
        "yan: from 'a' at Hangzhou East to 'b' at West Lake hotel needs ~31 min by car at "
        "08:30 (peak) for 5.9 km, gap is 20 min; move one of them or shorten the first"
    )
    # The same move late in the morning fits the same gap plus the buffer.
    [p] = transfer("11:00", "11:30")
    assert p.code == "tight-transfer"
    assert "needs ~27 min by car at 11:00 for 5.9 km" in p.message
    assert transfer("11:00", "11:40") == []
    # At 08:30 the same 40 minutes leave too little slack.
    assert [p.code for p in transfer("08:30", "09:15")] == []
    assert [p.code for p in transfer("08:30", "09:10")] == ["tight-transfer"]


def test_evenings_nights_and_weekends_have_their_own_speeds():
    [evening] = transfer("17:30", "17:45")
    assert "~32 min by car at 17:30 (peak)" in evening.message
    [night] = transfer("23:00", "23:15")
    assert "~24 min by car at 23:00 (light traffic)" in night.message
    # Saturday 22 February: no morning commute.
    [saturday] = transfer("08:30", "08:50", date="2025-02-22")
    assert "~26 min by car at 08:30 for 5.9 km" in saturday.message


def test_a_public_holiday_drives_like_a_sunday():
    # Thursday 1 May 2025 is Labour Day on the mainland; Thursday 8 May is not a holiday.
    [holiday] = transfer("08:30", "08:50", date="2025-05-01")
    assert "~26 min by car at 08:30 for 5.9 km" in holiday.message
    [workday] = transfer("08:30", "08:50", date="2025-05-08")
    assert "~31 min by car at 08:30 (peak)" in workday.message


def test_hong_kong_has_its_own_rush_hours():
    # The Transport Department's morning peak starts at 08:00, the mainland's at 07:30.
    [early] = transfer("07:30", "07:31", where=("ifc", "kt"))
    [peak] = transfer("08:30", "08:31", where=("ifc", "kt"))
    assert "needs ~28 min by car at 07:30 for 5.9 km" in early.message
    assert "needs ~32 min by car at 08:30 (peak) for 5.9 km" in peak.message
    [mainland] = transfer(
        "07:30", "07:31", where=("ifc", "kt"), travel="{car: {traffic: mainland}}"
    )
    assert "needs ~31 min by car at 07:30 (peak) for 5.9 km" in mainland.message


def test_a_trip_sets_its_own_factors_or_none():
    slower = '{car: {peak: {"08:00-09:00": 0.5}}}'
    [p] = transfer("08:30", "08:50", travel=slower)
    # 30 min at half speed to 09:00 cover 15 of the 17 min; the rest at the shoulder.
    assert "needs ~43 min by car at 08:30 (peak) for 5.9 km" in p.message
    # Outside the hours it gives, the built-in profile stays.
    [p] = transfer("11:00", "11:30", travel=slower)
    assert "~27 min by car at 11:00" in p.message
    [p] = transfer("08:30", "08:50", travel="{car: {traffic: none}}")
    assert "needs ~28 min by car at 08:30 for 5.9 km" in p.message
    weekend = '{car: {weekend: {"08:00-12:00": 0.5}}}'
    [p] = transfer("08:30", "08:50", date="2025-02-22", travel=weekend)
    assert "~45 min by car at 08:30 (peak)" in p.message
    # A car setting left out keeps its default: the overhead is still 10 minutes.
    [p] = transfer("08:30", "08:50", travel="{car: {speed: 56, traffic: none}}")
    assert "~19 min by car" in p.message


@pytest.mark.parametrize(
    ("travel", "said"),
    [
        ('{car: {peak: {"7:30-25:00": 0.6}}}', "'7:30-25:00' is not a span of hours"),
        ('{car: {peak: {"07:30-09:30": 6}}}', "write a number from 0.1 to 3.0"),
        ('{car: {peak: {"07:30-09:30": fast}}}', "write a number from 0.1 to 3.0"),
        (
            '{car: {peak: {"07:00-09:00": 0.6, "08:30-10:00": 0.7}}}',
            "the hours 08:30-10:00 overlap 07:00-09:00",
        ),
        ("{car: {peak: [0.6]}}", "speed factors are a mapping of hours to factors"),
        ("{car: {traffic: rush}}", "traffic 'rush' should be one of auto, mainland, hong-kong"),
    ],
)
def test_bad_factors_are_schema_errors_that_say_what_to_write(travel, said):
    found = transfer("11:00", "11:40", travel=travel)
    assert [p.code for p in found] == ["schema"]
    assert said in found[0].message
    assert found[0].line == 2


def test_a_drive_across_the_start_of_the_rush_hour_is_slowed_only_inside_it():
    a, b = (30.2908, 120.2127), (30.1400, 120.0500)  # about 23 km
    model = TravelModel()
    km = 22.9
    at = datetime(2025, 2, 25, 16, 50, tzinfo=ZoneInfo("Asia/Shanghai"))
    move = model.transfer(a, b, at, "CN")
    # Minutes at the daytime speed: the first 10 km on the city's streets at 28 km/h, the
    # rest on expressways at 80.
    drive = (10 / 28 + (move.km - 10) / 80) * 1.35 * 60
    # 10 minutes at 0.95 to 17:00, the rest at 0.80, then the 10-minute overhead; the
    # whole rounded up to a minute.
    expected = 10 + (drive - 10 * 0.95) / 0.80 + 10
    assert move.km == pytest.approx(km, abs=0.5)
    assert move.time.total_seconds() / 60 == math.ceil(expected)
    # FIFO: leaving a minute later never arrives earlier, across the boundary.
    arrivals = [
        datetime(2025, 2, 25, 16, m, tzinfo=ZoneInfo("Asia/Shanghai")) for m in range(40, 60)
    ]
    ends = [t + model.transfer(a, b, t, "CN").time for t in arrivals]
    assert ends == sorted(ends)
    # Over the working day (06:00-22:00) the factors average about 1: the model's speed
    # is a daytime average.
    day = MAINLAND.workday
    minutes = [next(f for at, f in reversed(day) if at <= m) for m in range(6 * 60, 22 * 60)]
    assert sum(minutes) / len(minutes) == pytest.approx(1.0, abs=0.02)


def test_show_brief_and_export_give_the_transfer_at_its_time(tripplan, write, tmp_path):
    text = (
        TRIP.replace("DATE", "2025-02-25")
        .replace("LEAVE", "08:30")
        .replace("ARRIVE", "09:30")
        .replace("FROM", "east")
        .replace("TO", "lake")
        .replace(" TRAVEL", "")
    )
    path = write(text)
    shown = tripplan("show", path, "--format", "markdown").stdout
    assert "↳ from Hangzhou East by car to West Lake hotel, 5.9 km, ~31 min (peak)" in shown
    out = tmp_path / "t.ics"
    assert tripplan("export", path, "--transfers", "-o", out).exit_code == 0
    calendar = out.read_text(encoding="utf-8").replace("\r\n ", "")
    # The car leaves at 08:30 and takes 31 min at the morning peak (30.2, rounded up).
    assert "DTSTART;TZID=Asia/Shanghai:20250225T083000" in calendar
    assert "DTEND;TZID=Asia/Shanghai:20250225T090100" in calendar
    brief = tmp_path / "b.html"
    assert tripplan("brief", path, "-o", brief).exit_code == 0
    html = brief.read_text(encoding="utf-8")
    assert "to West Lake hotel: 5.9 km, about 31 min (peak)" in html


SEQUENCED = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-02-25, end: 2025-02-25 TRAVEL}
    people: {yan: {name: Yan}}
    venues:
      east: {name: Hangzhou East, city: Hangzhou, location: [30.2908, 120.2127]}
      lake: {name: West Lake hotel, city: Hangzhou, location: [30.2590, 120.1630]}
    days:
      - date: 2025-02-25
        events:
          - {id: a, title: A, venue: east, start: "07:00", end: "08:00"}
          - {id: b, title: B, venue: lake, window: ["08:00", "12:00"], duration: 1h}
""")


def test_the_sequencer_plans_with_the_rush_hour(tripplan, write):
    def start(travel: str) -> str:
        path = write(SEQUENCED.replace(" TRAVEL", f", travel: {travel}" if travel else ""))
        [day] = tripplan("sequence", path, "--format", "json").json()["days"]
        [b] = [e for e in day["events"] if e["id"] == "b"]
        assert tripplan("check", path).exit_code == 0
        return str(b["start"][11:16])

    # 08:00 at the shoulder then the peak: 30 min, the 10-min buffer, rounded up to 5 min.
    assert start("") == "08:45"
    assert start("{car: {traffic: none}}") == "08:40"


def test_the_schema_knows_the_car_settings(tripplan):
    import jsonschema
    import yaml

    schema = tripplan("schema").json()
    text = TRIP.replace(
        " TRAVEL", ', travel: {car: {traffic: hong-kong, peak: {"07:30-09:30": 0.6}}}'
    )
    # Dates as text, as editors' YAML 1.2 readers see them.
    data = yaml.safe_load(
        text.replace("DATE", '"2025-02-25"')
        .replace("LEAVE", "08:30")
        .replace("ARRIVE", "09:30")
        .replace("FROM", "east")
        .replace("TO", "lake")
    )
    jsonschema.validate(data, schema)
    data["trip"]["travel"]["car"]["peak"] = {"7:30 to 9:30": 0.6}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    data["trip"]["travel"]["car"]["peak"] = {"07:30-09:30": 5}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# --- long drives, written journeys, whole minutes ------------------------------------------

# Xiaoshan airport to Future Sci-Tech City: 41 km in a straight line across Hangzhou, about
# an hour by the airport and ring expressways (the city's 28 km/h alone made it 2h04).
AIRPORT = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2027-04-21, end: 2027-04-21 TRAVEL}
    people: {yan: {name: Yan}}
    venues:
      hgh: {name: Xiaoshan airport, city: Hangzhou, location: [30.2295, 120.4344]}
      fstc: {name: Future Sci-Tech City, city: Hangzhou, location: [30.2900, 120.0250]}
    days:
      - date: 2027-04-21
        events:
          - {id: a, title: Landed, venue: hgh, start: "09:30", end: "10:00"}
          - {id: b, title: Meeting, venue: fstc, start: "ARRIVE", duration: 1h}
""")


def airport(arrive: str, travel: str = "") -> list[Problem]:
    text = AIRPORT.replace("ARRIVE", arrive).replace(
        " TRAVEL", f", travel: {travel}" if travel else ""
    )
    return [p for p in check_text(text, "trip.yaml").problems if p.code != "no-contact"]


def test_a_long_drive_leaves_the_city_streets_for_expressways():
    [p] = airport("11:00")  # an hour's gap: the drive needs a few minutes more
    assert p.code == "travel-infeasible"
    # 10 km at 28 km/h and 29.9 at 80, x 1.35, at the late morning's 1.05: 56.4 min,
    # and the 10 minutes to and from the car.
    assert "needs ~1h07 by car at 10:00 for 39.9 km, gap is 1h00" in p.message
    assert airport("11:20") == []
    # A trip sets where the city ends and how fast the roads beyond are.
    [p] = airport("11:20", "{car: {city_km: 100}}")  # all of it on the city's streets
    assert "needs ~2h00 by car at 10:00" in p.message
    [p] = airport("11:20", "{car: {highway_speed: 60}}")
    assert "needs ~1h16 by car at 10:00" in p.message
    # Short drives are as they were: all of a 5.9 km drive is the city's.
    assert TravelModel().car.drive_seconds(5.9) == pytest.approx(5.9 * 1.35 / 28 * 3600)


@pytest.mark.parametrize(
    ("travel", "said"),
    [
        ("{car: {city_km: -1}}", "city_km"),
        ("{car: {highway_speed: 0}}", "highway_speed"),
        ("{walk: {highway_speed: 80}}", "highway_speed"),
    ],
)
def test_bad_long_drive_settings_are_schema_errors(travel, said):
    found = [p for p in airport("12:00", travel) if p.code == "schema"]
    assert len(found) == 1
    assert said in found[0].message


def test_a_gap_is_never_said_to_be_as_long_as_the_travel_it_cannot_fit():
    # Travel is whole minutes, rounded up, in every message and every comparison: the
    # 26.3 min of this drive are 27, so a 27-minute gap fits with no time to spare, a
    # 26-minute one does not, and a message never says "needs ~27 min, gap is 27 min".
    [p] = transfer("11:00", "11:27")
    assert p.code == "tight-transfer"
    assert p.message.endswith(
        "needs ~27 min by car at 11:00 for 5.9 km, gap is 27 min: no time to spare, less "
        "than the trip's buffer of 10 min"
    )
    [p] = transfer("11:00", "11:26")
    assert p.code == "travel-infeasible"
    assert "needs ~27 min by car at 11:00 for 5.9 km, gap is 26 min;" in p.message
    # What each message says to spare is the gap less the travel it says, and less than
    # the buffer it says.
    for gap in range(20, 45):
        arrive = f"11:{gap:02d}"
        for p in transfer("11:00", arrive):
            needs = int(p.message.split("needs ~")[1].split(" min")[0])
            if p.code == "travel-infeasible":
                assert needs > gap
            elif "no time to spare" in p.message:
                assert needs == gap
            else:
                spare = int(p.message.split("only ")[1].split(" min")[0])
                assert (spare, spare < 10) == (gap - needs, True)


def test_sequence_says_the_same_minutes_as_check_and_show(tripplan, write):
    # A visit placed after a fixed event ending in the morning peak: the move into it is
    # said by sequence, show and check in the same whole minutes.
    path = write(SEQUENCED.replace(" TRAVEL", ""))
    [day] = tripplan("sequence", path, "--format", "json").json()["days"]
    [move] = [m for m in day["transfers"] if m["to"] == "b"]
    shown = tripplan("show", path, "--format", "markdown").stdout
    said = shown.split("to West Lake hotel, 5.9 km, ~")[1].split(" min")[0]
    text = " ".join(tripplan("sequence", path).stdout.split())
    assert f"to West Lake hotel: ~{said} min (peak), 5.9 km" in text
    assert (move["minutes"], move["traffic"]) == (int(said), "peak")
    pinned = SEQUENCED.replace(" TRAVEL", "").replace(
        'window: ["08:00", "12:00"], duration: 1h', 'start: "08:30", duration: 1h'
    )
    [p] = [p for p in check_text(pinned, "trip.yaml").problems if p.code != "no-contact"]
    assert p.code == "travel-infeasible"
    assert f"needs ~{said} min by car at 08:00" in p.message


JOURNEY = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2027-05-10, end: 2027-05-10}
    people: {yan: {name: Yan}}
    venues:
      office: {name: Chip designer, city: Shenzhen, location: [22.5431, 114.0579]}
      factory: {name: Songshan Lake factory, city: Dongguan, location: [22.9380, 113.8900]}
    days:
      - date: 2027-05-10
        events:
          - {id: drive-dg, title: Car to Dongguan, mode: MODE, from: office, to: factory,
             start: "12:00", end: "END"}
""")


def journey(end: str, mode: str = "car") -> list[Problem]:
    text = JOURNEY.replace("END", end).replace("MODE", mode)
    found = check_text(text, "trip.yaml").problems
    return [p for p in found if p.code not in ("no-contact", "holiday")]


def test_a_car_journey_written_much_shorter_than_the_roads_allow_is_doubted(tripplan, write):
    [p] = journey("12:15")  # 47 km in a straight line in a quarter of an hour
    assert p.code == "journey-too-short"
    assert p.severity == "warning"
    assert p.message == (
        "journey 'drive-dg' by car from Chip designer to Songshan Lake factory takes 15 min "
        "as written, but the travel model needs ~1h04 of driving at 12:00 for 47.2 km; check "
        "its times and places, or set trip.travel.car if the roads are faster"
    )
    assert p.line == 11  # its end
    # A driver who knows the road may beat the model, by less than a third.
    assert journey("12:45") == []
    assert journey("13:15") == []
    # Trains and walks are not the car's business.
    assert journey("12:15", "train") == []
    path = write(JOURNEY.replace("END", "12:15").replace("MODE", "car"))
    run = tripplan("check", path, "--format", "json")
    [checked] = run.json()["files"]
    assert "journey-too-short" in [p["code"] for p in checked["problems"]]


@settings(max_examples=300, deadline=None)
@given(
    km=st.floats(0.05, 400.0),
    minute=st.integers(0, 7 * 24 * 60 - 1),
    hong_kong=st.booleans(),
    peak=st.floats(0.3, 3.0),
    weekend=st.floats(0.3, 3.0),
    zoned=st.booleans(),
)
def test_no_move_takes_longer_than_the_models_longest(km, minute, hong_kong, peak, weekend, zoned):
    # The transfers rule skips working out a move whose gap leaves the buffer even at
    # this bound: no hour, place, trip factors or holiday may make a move slower.
    model = TravelModel(
        peak=(("07:00-10:00", peak),),
        weekend=(("12:00-18:00", weekend),),
        days_off=frozenset({("CN", datetime(2025, 3, 5).date())}),
    )
    zone = ZoneInfo("Asia/Hong_Kong" if hong_kong else "Asia/Shanghai")
    depart = datetime(2025, 3, 3, tzinfo=zone if zoned else None) + timedelta(minutes=minute)
    # A point `km` east of another along the equator's parallel at Hangzhou's latitude.
    a = (30.25, 120.15)
    b = (30.25, 120.15 + km / (111.32 * math.cos(math.radians(30.25))))
    move = model.transfer(a, b, depart, "HK" if hong_kong else "CN")
    assert move.time.total_seconds() <= model.longest(great_circle_km(a, b)) + 60


def test_a_move_close_to_the_slowest_hour_is_still_worked_out():
    # 18 km across Hangzhou at the evening peak (57 min), an hour apart: at midday's
    # speed (46 min) the buffer would be left; at the peak it is not, and it is said.
    text = dedent(
        """
        version: 1
        trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-03-03, end: 2025-03-03}
        people: {a: {name: A}}
        venues:
          x: {name: X, city: Hangzhou, location: [30.25, 120.05]}
          y: {name: Y, city: Hangzhou, location: [30.25, 120.24]}
        days:
          - date: 2025-03-03
            events:
              - {id: one, title: One, venue: x, start: "16:00", end: "17:00"}
              - {id: two, title: Two, venue: y, start: "18:00", end: "19:00"}
        """
    )
    codes = [p.code for p in check_text(text).problems]
    assert "tight-transfer" in codes, codes
