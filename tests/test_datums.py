"""GCJ-02 and BD-09 (mainland map apps) against published pairs, round trips, and load."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import BASE
from tripplan import parse
from tripplan.format.datums import (
    bd09_to_gcj02,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
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
    assert metres(gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon)), (lat, lon)) < 0.01


@given(st.floats(18.2, 53.5), st.floats(73.7, 134.7))
def test_bd09_round_trip_within_a_centimetre(lat: float, lon: float):
    assert metres(to_wgs84(*from_wgs84(lat, lon, "bd09"), "bd09"), (lat, lon)) < 0.01


def test_no_offset_outside_mainland_china():
    assert wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)
    assert gcj02_to_wgs84(-33.86, 151.21) == (-33.86, 151.21)


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
