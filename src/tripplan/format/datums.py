"""Geodetic datums of mainland map apps: GCJ-02 (Amap, Tencent) and BD-09 (Baidu).

Staff often copy coordinates from mainland map apps, which show GCJ-02 (or Baidu's
BD-09), offset from WGS-84 by up to several hundred metres. tripplan keeps WGS-84
inside. The GCJ-02 transform is the published one (the formulas used by the widely
used eviltransform/coordtransform implementations); its inverse has no closed form, so
`gcj02_to_wgs84` (like `bd09_to_gcj02`) iterates the forward transform to a millimetre,
instead of the usual one-step approximation that can be metres off. Outside mainland
China (a bounding box, as those implementations use) there is no offset.
"""

from __future__ import annotations

import math
from collections.abc import Callable

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the GCJ-02 algorithm uses
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0


def outside_china(lat: float, lon: float) -> bool:
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


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
    d_lat = _lat_shift(lon - 105.0, lat - 35.0)
    d_lon = _lon_shift(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    root = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * root) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / root * math.cos(rad) * math.pi)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    if outside_china(lat, lon):
        return lat, lon
    return _invert(wgs84_to_gcj02, lat, lon, (lat, lon))


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


def to_wgs84(lat: float, lon: float, datum: str) -> tuple[float, float]:
    """`(lat, lon)` given in `datum` ("wgs84", "gcj02" or "bd09") as WGS-84."""
    if datum == "gcj02":
        return gcj02_to_wgs84(lat, lon)
    if datum == "bd09":
        return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))
    return lat, lon


def from_wgs84(lat: float, lon: float, datum: str) -> tuple[float, float]:
    """WGS-84 `(lat, lon)` as a mainland map app shows it in `datum`."""
    if datum == "gcj02":
        return wgs84_to_gcj02(lat, lon)
    if datum == "bd09":
        return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))
    return lat, lon
