"""GCJ-02 and BD-09 (mainland map apps) against published pairs, round trips, and load."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import BASE
from tripplan import parse
from tripplan.format.datums import (
    bd09_to_gcj02,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    special_region,
    to_wgs84,
    wgs84_to_gcj02,
)

# The reference pairs published with wandergis/coordtransform (lon 116.404, lat 39.915).
PUBLISHED = [
    (wgs84_to_gcj02, (39.91640428150164, 116.41024449916938)),
    (bd09_to_gcj02, (39.90865673957631, 116.39762729119315)),
    (gcj02_to_bd09, (39.92133699351021, 116.41036949371029)),
    # coordtransform's one-step inverse; ours iterates, and agrees within a few cm.
    (gcj02_to_wgs84, (39.91359571849836, 116.39775550083061)),
]


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    d_lat = (a[0] - b[0]) * 110_574
    d_lon = (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(d_lat, d_lon)


@pytest.mark.parametrize(
    ("convert", "expected"), PUBLISHED, ids=lambda v: getattr(v, "__name__", "")
)
def test_published_pairs(convert, expected):
    assert metres(convert(39.915, 116.404), expected) < 0.1


@given(st.floats(18.2, 53.5), st.floats(73.7, 134.7))
def test_gcj02_round_trip_within_a_centimetre(lat: float, lon: float):
    # Within the offset's reach of the Hong Kong and Macao boundaries a point is ambiguous.
    assume(special_region(lat, lon) is None)
    assume(special_region(*wgs84_to_gcj02(lat, lon)) is None)
    assert metres(gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon)), (lat, lon)) < 0.01


@given(st.floats(18.2, 53.5), st.floats(73.7, 134.7))
def test_bd09_round_trip_within_a_centimetre(lat: float, lon: float):
    assume(special_region(lat, lon) is None)
    assume(special_region(*wgs84_to_gcj02(lat, lon)) is None)
    assert metres(to_wgs84(*from_wgs84(lat, lon, "bd09"), "bd09"), (lat, lon)) < 0.01


def test_no_offset_outside_mainland_china():
    assert wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)
    assert gcj02_to_wgs84(-33.86, 151.21) == (-33.86, 151.21)


@pytest.mark.parametrize(
    "point",
    [
        (22.3080, 113.9185),  # Hong Kong airport
        (22.2820, 114.1588),  # Central
        (22.1987, 113.5439),  # Macao peninsula
        (22.1500, 113.5600),  # Taipa
        (22.5144, 114.0657),  # the Lok Ma Chau Spur Line control point, by the river
    ],
)
def test_no_offset_in_hong_kong_or_macao(point: tuple[float, float]):
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point
    assert to_wgs84(*point, "bd09") == bd09_to_gcj02(*point)


def test_the_mainland_across_the_boundary_is_offset():
    # Futian Port, Shenzhen, 400 m north of the river; Hengqin, across from Taipa.
    for point in ((22.5182, 114.0650), (22.1300, 113.5300)):
        assert 300 < metres(wgs84_to_gcj02(*point), point) < 700


def test_a_venue_in_hong_kong_by_its_country_is_not_offset_near_the_boundary():
    # North of the outline but written as a Hong Kong venue: its country decides.
    venue = "    name: AI campus\n    location: {lat: 22.5200, lon: 114.0657, datum: gcj02}\n"
    text = BASE.replace("    name: AI campus\n", venue)
    itinerary = parse(text).itinerary
    assert itinerary is not None
    location = itinerary.venues["campus"].location
    assert location is not None
    assert 300 < metres((location.lat, location.lon), (22.5200, 114.0657)) < 700
    itinerary = parse(text.replace(venue, venue + "    country: HK\n")).itinerary
    assert itinerary is not None
    location = itinerary.venues["campus"].location
    assert location is not None
    assert (location.lat, location.lon) == (22.5200, 114.0657)
    assert location.as_written == (22.5200, 114.0657, "gcj02")


def test_offset_is_hundreds_of_metres_in_hangzhou():
    assert 300 < metres(wgs84_to_gcj02(30.259, 120.163), (30.259, 120.163)) < 700


def test_locations_are_wgs84_after_loading():
    text = BASE.replace(
        "    name: AI campus\n",
        "    name: AI campus\n    location: {lat: 30.2590, lon: 120.1630, datum: gcj02}\n",
    )
    itinerary = parse(text).itinerary
    assert itinerary is not None
    location = itinerary.venues["campus"].location
    assert location is not None
    assert location.datum == "wgs84"
    assert (location.lat, location.lon) == pytest.approx(gcj02_to_wgs84(30.2590, 120.1630))
    assert location.as_written == (30.2590, 120.1630, "gcj02")
