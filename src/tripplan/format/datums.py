"""Geodetic datums of mainland map apps: GCJ-02 (Amap, Tencent) and BD-09 (Baidu).

Staff often copy coordinates from mainland map apps, which show GCJ-02 (or Baidu's
BD-09), offset from WGS-84 by up to several hundred metres. tripplan keeps WGS-84
inside. The GCJ-02 transform is the published one (the formulas used by the widely
used eviltransform/coordtransform implementations); its inverse has no closed form, so
`gcj02_to_wgs84` (like `bd09_to_gcj02`) iterates the forward transform to a millimetre,
instead of the usual one-step approximation that can be metres off. Outside mainland
China there is no offset: outside the bounding box those implementations use, and in
Hong Kong and Macao (their outlines here; within a few hundred metres of the boundary a
point is ambiguous, and the side it is written on decides, unless the venue's `country`
says where it is).
"""

from __future__ import annotations

import math
from collections.abc import Callable

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the GCJ-02 algorithm uses
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0

Point = tuple[float, float]

# Outlines (lat, lon), simplified. Hong Kong's northern edge follows Deep Bay, the
# Shenzhen River (north of the Lok Ma Chau Spur Line control point at 22.5145, Lo Wu
# 22.530, Man Kam To 22.538) and Sha Tau Kok,
# then Mirs Bay west of the Dapeng peninsula; its other sides are open sea.
_HONG_KONG: tuple[Point, ...] = (
    (22.13, 113.82),
    (22.40, 113.82),
    (22.455, 113.90),
    (22.49, 113.96),
    (22.505, 114.01),
    (22.512, 114.04),
    (22.5165, 114.065),
    (22.515, 114.08),
    (22.530, 114.11),
    (22.538, 114.13),
    (22.555, 114.15),
    (22.560, 114.17),
    (22.545, 114.22),
    (22.57, 114.30),
    (22.57, 114.45),
    (22.13, 114.50),
)
# Macao: the peninsula below the Border Gate (22.216), Taipa and Coloane east of the
# channel that parts them from Hengqin.
_MACAO: tuple[Point, ...] = (
    (22.216, 113.528),
    (22.216, 113.556),
    (22.19, 113.566),
    (22.16, 113.60),
    (22.105, 113.60),
    (22.105, 113.556),
    (22.14, 113.552),
    (22.17, 113.545),
    (22.19, 113.528),
)


def special_region(lat: float, lon: float) -> str | None:
    """ "HK" or "MO" for a point inside Hong Kong's or Macao's outline, else None."""
    if _inside((lat, lon), _HONG_KONG):
        return "HK"
    if _inside((lat, lon), _MACAO):
        return "MO"
    return None


def outside_china(lat: float, lon: float) -> bool:
    """Outside mainland China, where the GCJ-02 offset does not apply."""
    if not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271):
        return True
    return special_region(lat, lon) is not None


def _inside(point: Point, outline: tuple[Point, ...]) -> bool:
    """Ray casting (lat as y, lon as x)."""
    y, x = point
    inside = False
    for (y1, x1), (y2, x2) in zip(outline, outline[1:] + outline[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _lat_shift(x: float, y: float) -> float:
    shift = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    shift += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    shift += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    shift += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2 / 3
    return shift


def _lon_shift(x: float, y: float) -> float:
    shift = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    shift += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    shift += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    shift += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    return shift


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    if outside_china(lat, lon):
        return lat, lon
    return _offset(lat, lon)


def _offset(lat: float, lon: float) -> tuple[float, float]:
    d_lat = _lat_shift(lon - 105.0, lat - 35.0)
    d_lon = _lon_shift(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    root = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * root) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / root * math.cos(rad) * math.pi)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float, region: str | None = None) -> tuple[float, float]:
    """WGS-84 of a GCJ-02 point; `region` ("CN", "HK", "MO"…), when known, says whether
    the point is in the mainland instead of the outlines."""
    if region is None and outside_china(lat, lon):
        return lat, lon
    if region is not None and region != "CN":
        return lat, lon
    return _invert(_offset, lat, lon, (lat, lon))


def _invert(
    forward: Callable[[float, float], tuple[float, float]],
    lat: float,
    lon: float,
    guess: tuple[float, float],
) -> tuple[float, float]:
    """The point that `forward` maps to (lat, lon), by fixed-point iteration from `guess`."""
    guess_lat, guess_lon = guess
    for _ in range(30):
        shifted_lat, shifted_lon = forward(guess_lat, guess_lon)
        error_lat, error_lon = shifted_lat - lat, shifted_lon - lon
        guess_lat, guess_lon = guess_lat - error_lat, guess_lon - error_lon
        if abs(error_lat) < 1e-9 and abs(error_lon) < 1e-9:  # about 0.1 mm
            break
    return guess_lat, guess_lon


def gcj02_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    # Baidu's published inverse is approximate (centimetres off); refine it.
    x, y = lon - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return _invert(gcj02_to_bd09, lat, lon, (z * math.sin(theta), z * math.cos(theta)))


def to_wgs84(lat: float, lon: float, datum: str, region: str | None = None) -> tuple[float, float]:
    """`(lat, lon)` given in `datum` ("wgs84", "gcj02" or "bd09") as WGS-84; `region`
    as in `gcj02_to_wgs84`."""
    if datum == "gcj02":
        return gcj02_to_wgs84(lat, lon, region)
    if datum == "bd09":
        return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon), region)
    return lat, lon


def from_wgs84(lat: float, lon: float, datum: str) -> tuple[float, float]:
    """WGS-84 `(lat, lon)` as a mainland map app shows it in `datum`."""
    if datum == "gcj02":
        return wgs84_to_gcj02(lat, lon)
    if datum == "bd09":
        return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))
    return lat, lon
