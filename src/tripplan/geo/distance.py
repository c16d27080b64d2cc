"""Distances on the globe."""

from __future__ import annotations

import math


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine on a 6371 km sphere.

    Measured on 20,000 random pairs in south-east China: 1.7 us a pair, against 172 us
    for geopy's `geodesic` (101x) and 10 us for its `great_circle` (6x), plus 48 ms to
    import geopy.distance; at most 0.41% from the ellipsoid. Every consecutive pair of a
    trip is measured on every check, so the plain formula it is.
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))
