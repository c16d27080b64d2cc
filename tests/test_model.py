"""The model: what an itinerary means once read (times, zones, defaults), and the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import tripplan
from conftest import BASE, EXAMPLES
from tripplan import InvalidItinerary, Itinerary, parse
from tripplan.format.values import ClockTime


def itinerary(text: str = BASE) -> Itinerary:
    loaded = parse(text)
    assert loaded.problems == []
    assert loaded.itinerary is not None
    return loaded.itinerary


def test_times_are_aware_datetimes_in_their_zones():
    events = {e.id: e for e in itinerary().events()}
    train = events["train"]
    assert train.start_at == datetime(2025, 2, 25, 8, 5, tzinfo=ZoneInfo("Asia/Hong_Kong"))
    assert train.end_at == datetime(2025, 2, 25, 15, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    founders = events["founders"]
    assert founders.duration == timedelta(hours=1)
    assert founders.end_at - founders.start_at == timedelta(hours=1)
    assert founders.start is not None
    assert founders.start == ClockTime(datetime(2025, 1, 1, 16, 30).time())


def test_next_day_end():
    text = BASE.replace('end: "11:00"', 'end: "01:30+1"')
    visit = next(e for e in itinerary(text).events() if e.id == "studio-visit")
    assert visit.end_at == datetime(2025, 2, 27, 1, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_duration_across_daylight_saving_is_real_time():
    # London clocks go forward at 01:00 on 30 March 2025: 00:30 + 2h is 03:30 local.
    text = (
        BASE.replace("2025-02-25", "2025-03-29")
        .replace("2025-02-26", "2025-03-30")
        .replace("timezone: Asia/Shanghai", "timezone: Europe/London")
        .replace('start: "10:00"\n        end: "11:00"', 'start: "00:30"\n        duration: 2h')
    )
    visit = next(e for e in itinerary(text).events() if e.id == "studio-visit")
    assert visit.end_at is not None
    assert visit.end_at.astimezone(UTC) - visit.start_at.astimezone(UTC) == timedelta(hours=2)
    assert f"{visit.end_at:%H:%M}" == "03:30"


def test_attendees_default_to_everyone():
    it = itinerary()
    event = next(it.events())
    assert event.attendees is None
    assert it.attendees(event) == ["yan", "ko"]


def test_kind_defaults():
    text = BASE.replace("        kind: travel\n", "").replace("        kind: meeting\n", "")
    kinds = {e.id: e.kind for e in itinerary(text).events()}
    assert kinds == {"train": "travel", "founders": "other", "studio-visit": "visit"}


def test_flexible_event_is_placed_later():
    text = BASE.replace(
        'start: "10:00"\n        end: "11:00"',
        'window: ["09:00", "12:00"]\n        duration: 1h15m',
    )
    visit = next(e for e in itinerary(text).events() if e.id == "studio-visit")
    assert visit.is_flexible
    assert visit.start_at is None
    zone = ZoneInfo("Asia/Shanghai")
    assert visit.window_at() == (
        datetime(2025, 2, 26, 9, 0, tzinfo=zone),
        datetime(2025, 2, 26, 12, 0, tzinfo=zone),
    )
    visit.place(datetime(2025, 2, 26, 10, 0, tzinfo=zone))
    assert visit.end_at == datetime(2025, 2, 26, 11, 15, tzinfo=zone)


def test_location_forms():
    text = BASE.replace(
        "    city: Hong Kong\n", "    city: Hong Kong\n    location: [22.3040, 114.1653]\n"
    ).replace(
        "    location: [30.2800, 120.0300]\n",
        "    location: {lat: 30.28, lon: 120.03, datum: gcj02}\n",
    )
    venues = itinerary(text).venues
    assert venues["west-kowloon"].location is not None
    assert (venues["west-kowloon"].location.lat, venues["west-kowloon"].location.datum) == (
        22.304,
        "wgs84",
    )
    assert venues["campus"].location is not None
    assert venues["campus"].location.datum == "wgs84"  # converted on load
    assert venues["campus"].location.as_written == (30.28, 120.03, "gcj02")


def test_location_out_of_range():
    text = BASE.replace(
        "    city: Hong Kong\n", "    city: Hong Kong\n    location: [122.3, 114.1]\n"
    )
    [p] = parse(text).problems
    assert p.code == "schema"
    assert "'lat' '122.3' is out of range" in p.message


def test_model_validates_plain_python_data():
    data = {
        "trip": {
            "id": "t",
            "title": "T",
            "timezone": "Asia/Shanghai",
            "start": "2025-02-25",
            "end": "2025-02-25",
        },
        "venues": {"v": {"name": "V", "location": [30.2, 120.1]}},
        "contacts": [{"name": "Duty officer", "role": "duty-officer"}],
        "days": [
            {
                "date": "2025-02-25",
                "events": [
                    {"id": "e", "title": "E", "venue": "v", "start": "09:00", "duration": "45m"}
                ],
            }
        ],
    }
    it = Itinerary.model_validate(data)
    assert next(it.events()).end_at == datetime(
        2025, 2, 25, 9, 45, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert tripplan.check(it) == []


def test_load_and_check_api():
    it = tripplan.load(EXAMPLES[0])
    assert it.trip.id == "oases-hz-sz-2025-02"
    assert it.principal == "yan"
    problems = tripplan.check(it)
    assert all(p.severity == "warning" for p in problems)
    assert all(p.line is not None for p in problems)


def test_load_refuses_an_invalid_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BASE.replace('start: "16:30"', 'start: "16.30"'))
    with pytest.raises(InvalidItinerary) as raised:
        tripplan.load(path)
    assert str(raised.value).startswith(f"{path}:46:16: event 'founders': '16.30' is not a time")
    assert [p.code for p in raised.value.problems] == ["schema"]


def test_load_missing_file_is_a_tripplan_error(tmp_path):
    with pytest.raises(tripplan.TripplanError, match="no such file"):
        tripplan.load(tmp_path / "nope.yaml")
