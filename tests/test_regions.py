"""Which country or region a venue is in: never the time zone while the venue itself
says more (a missing `country:` must not hide a border crossing)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tripplan import Problem, check_text
from tripplan.geo.places import country_of

DATA = Path(__file__).parent / "data" / "regions"
WALK = (DATA / "walk-to-futian.yaml").read_text("utf-8")
HONG_KONG = ZoneInfo("Asia/Hong_Kong")


def problems(text: str, code: str) -> list[Problem]:
    return [p for p in check_text(text, "walk.yaml").problems if p.code == code]


def swap(old: str, new: str, text: str = WALK) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_a_walk_to_a_mainland_city_in_hong_kong_time_is_a_crossing():
    found = problems(WALK, "missing-document")
    assert [(p.event, p.line) for p in found] == [("cross", 47), ("cross", 47), ("back", 60)]
    assert found[0].message.startswith(
        "event 'cross': mak enters mainland China on 2027-05-10 with no documents listed;"
    )
    # The Portuguese visa-free arrangement ends on 2026-12-31.
    assert found[1].message.startswith(
        "event 'cross': silva enters mainland China on 2027-05-10 with no document that "
        "admits them there;"
    )
    assert found[2].message.startswith("event 'back': mak enters Hong Kong on 2027-05-10")


def test_a_permit_holder_crossing_is_fine():
    text = swap("  mak:\n    name: Mak Siu-fung\n", "")
    text = swap(
        '      - {type: passport, country: PT, number: "CB123456", expires: 2031-01-01}\n',
        '      - {type: hk-identity-card, number: "P765432(1)"}\n'
        '      - {type: mainland-travel-permit, number: "H76543210", expires: 2031-01-01}\n',
        text,
    )
    assert problems(text, "missing-document") == []


@pytest.mark.parametrize(
    "futian",
    [
        # No city, no country: where it is located says it.
        "  futian-port:\n    name: Futian Port\n    location: [22.5182, 114.0650]\n",
        # A city the tables do not know, found in the gazetteer's cities.
        "  futian-port:\n    name: Futian Port\n    city: Dongguan\n",
        # A city of that name far away (Central, Louisiana): the point decides.
        "  futian-port:\n    name: Futian Port\n    city: Central\n"
        "    location: [22.5182, 114.0650]\n",
        # Only a name the gazetteer's hubs know: located there, on the Shenzhen side.
        "  futian-port:\n    name: Futian Port\n",
    ],
)
def test_the_destination_without_a_country_is_placed_by_what_else_it_says(futian: str):
    text = swap("  futian-port:\n    name: Futian Port\n    city: Shenzhen\n", futian)
    assert [p.event for p in problems(text, "missing-document")] == ["cross", "cross", "back"]


def test_a_venue_on_the_hong_kong_side_stays_in_hong_kong():
    # Both ends in Hong Kong: no crossing, whatever the zone.
    text = swap(
        "  futian-port:\n    name: Futian Port\n    city: Shenzhen\n",
        "  futian-port:\n    name: Sheung Shui\n    location: [22.5010, 114.1280]\n",
    )
    text = swap("timezone: Asia/Hong_Kong", "timezone: Asia/Shanghai", text)
    cross = [p for p in problems(text, "missing-document") if p.event == "cross"]
    assert cross == []


def test_a_day_in_a_mainland_city_of_a_hong_kong_trip_needs_a_duty_contact():
    text = swap(
        '  - {name: Duty officer, role: duty-officer, phones: "+852 0000 0000", emergency: true}\n',
        "  - {name: Hotel front desk, role: hotel}\n",
    )
    found = problems(text, "no-contact")
    assert [p.message for p in found] == [
        "day 2027-05-10: no emergency or duty contact covers Shenzhen; add one under contacts "
        "(role: duty-officer, or emergency: true) whose days and cities include it"
    ]


@pytest.mark.parametrize(
    ("country", "city", "point", "region"),
    [
        ("CN", "Hong Kong", None, "CN"),  # as written, first
        (None, "Shenzhen", None, "CN"),
        (None, "深圳", None, "CN"),
        (None, "Kowloon", None, "HK"),
        (None, "澳門", None, "MO"),
        (None, None, (22.5094, 114.0739), "HK"),  # Lok Ma Chau Control Point
        (None, None, (22.5182, 114.0650), "CN"),  # Futian Port, 1 km north
        (None, None, (22.5039, 113.9447), "CN"),  # Shenzhen Bay Port
        (None, None, (22.3080, 113.9185), "HK"),  # Hong Kong airport
        (None, None, (22.1987, 113.5439), "MO"),  # Macao peninsula
        (None, None, (22.1300, 113.5300), "CN"),  # Hengqin, across the channel
        (None, None, (1.2903, 103.8520), "SG"),  # nearest city's country
        (None, "Nowhere-in-particular", None, "HK"),  # the zone, last
    ],
)
def test_country_of(country, city, point, region):
    assert country_of(country, city, HONG_KONG, point) == region
