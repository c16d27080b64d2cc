"""Which country or region a place is in, from what an itinerary says about it.

Used for the border crossings that travel documents are checked at, the public holidays
of an event and the traffic profile of a drive. Hong Kong and Macao share UTC+8 with the
mainland but are other regions, and staff leave out `country:` on mainland venues, so the
time zone is the last thing asked, never the first. A venue's region is:

1. its `country`, as written;
2. else its `city`: Hong Kong and Macao names, the mainland cities delegations visit (a
   table here, so `check` does not open the gazetteer for them), else the gazetteer's
   cities (GeoNames) — a city more than 80 km from the venue's own point is another
   place of that name and not believed;
3. else its point: inside Hong Kong or Macao (outlines drawn along the boundary, good to
   a few hundred metres: at a boundary control point give `country:`), else the country
   of the nearest city in the gazetteer within 100 km;
4. else the event's time zone (`Asia/Shanghai` -> CN, `Asia/Hong_Kong` -> HK).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tripplan.format.datums import special_region
from tripplan.format.zone_tables import country_names, zone_countries
from tripplan.geo.distance import great_circle_km

if TYPE_CHECKING:
    from tripplan.format.model import Itinerary
    from tripplan.geo.gazetteer import Gazetteer

Point = tuple[float, float]

_HK = {"hong kong", "hongkong", "hong kong sar", "hksar", "kowloon"}
_HK |= {"香港", "香港特別行政區", "香港特别行政区", "九龍", "九龙"}
_MO = {"macau", "macao", "macau sar", "macao sar"}
_MO |= {"澳門", "澳门", "澳門特別行政區", "澳门特别行政区"}
# Mainland cities delegations from Hong Kong visit most (English, simplified and
# traditional names): answered without opening the gazetteer.
_MAINLAND = {
    *("shenzhen", "深圳", "guangzhou", "广州", "廣州", "dongguan", "东莞", "東莞"),
    *("foshan", "佛山", "zhuhai", "珠海", "zhongshan", "中山", "huizhou", "惠州"),
    *("jiangmen", "江门", "江門", "zhaoqing", "肇庆", "肇慶", "hangzhou", "杭州"),
    *("shanghai", "上海", "beijing", "北京", "tianjin", "天津", "nanjing", "南京"),
    *("suzhou", "苏州", "蘇州", "ningbo", "宁波", "寧波", "wuhan", "武汉", "武漢"),
    *("chengdu", "成都", "chongqing", "重庆", "重慶", "xiamen", "厦门", "廈門"),
    *("fuzhou", "福州", "hefei", "合肥", "xi'an", "xian", "西安", "qingdao", "青岛", "青島"),
    *("changsha", "长沙", "長沙", "nanning", "南宁", "南寧", "haikou", "海口", "sanya", "三亚"),
    *("hengqin", "横琴", "橫琴", "qianhai", "前海", "nansha", "南沙"),
}
_CITY_COUNTRY = dict.fromkeys(_HK, "HK") | dict.fromkeys(_MO, "MO")
_CITY_COUNTRY |= dict.fromkeys(_MAINLAND, "CN")

# How far a city's centre may be from the venue's point for the city name to be believed,
# and how far the nearest city may be for a point to take its country.
_CITY_KM = 80.0
_NEAREST_KM = 100.0


@lru_cache(maxsize=4096)
def country_of(
    country: str | None, city: str | None, zone: ZoneInfo, point: Point | None = None
) -> str | None:
    """ISO 3166 code of a place: its country, else its city's, else its point's, else
    its time zone's (see the module's docstring)."""
    if country:
        return country.strip().upper()
    if city:
        found = city_country(city, point)
        if found is not None:
            return found
    if point is not None:
        found = point_country(point)
        if found is not None:
            return found
    return zone_countries().get(zone.key)


def venue_country(itinerary: Itinerary, venue_id: str, zone: ZoneInfo) -> str | None:
    """The country or region a venue of the itinerary is in (its point as located)."""
    venue = itinerary.venues.get(venue_id)
    if venue is None:
        return None
    return country_of(venue.country, venue.city, zone, itinerary.point(venue_id))


def city_country(city: str, point: Point | None = None) -> str | None:
    """The country of a city by its name, None when not known (or when the city of that
    name is far from `point`: another place of the same name)."""
    folded = " ".join(city.strip().lower().split())
    if folded in _CITY_COUNTRY:
        return _CITY_COUNTRY[folded]
    found = _gazetteer_city(folded)
    if found is None:
        return None
    code, centre = found
    if point is not None and great_circle_km(point, centre) > _CITY_KM:
        return None
    return code


def point_country(point: Point) -> str | None:
    """The region a point is in: Hong Kong or Macao by their outlines, else the country
    of the nearest city within 100 km (None if there is none)."""
    region = special_region(*point)
    if region is not None:
        return region
    code = _nearest_country(round(point[0], 3), round(point[1], 3))
    # Beside Hong Kong or Macao but outside them is the mainland (the nearest city can
    # be across the boundary).
    return "CN" if code in {"HK", "MO"} else code


def country_name(code: str) -> str:
    if code == "CN":
        return "mainland China"  # the distinction staff care about: HK and MO differ
    return country_names().get(code, code)


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    # Imported here: sqlite3 and the data files are for the few places the tables miss.
    from tripplan.geo.gazetteer import Gazetteer

    return Gazetteer()


@lru_cache(maxsize=1024)
def _gazetteer_city(folded: str) -> tuple[str, Point] | None:
    match = _gazetteer().lookup_city(folded) if folded else None
    if match is None or not match.country:
        return None
    return match.country, (match.lat, match.lon)


@lru_cache(maxsize=1024)
def _nearest_country(lat: float, lon: float) -> str | None:
    span = _NEAREST_KM / 111.0
    rows = (
        _gazetteer()
        .db.execute(
            "SELECT country, lat, lon FROM cities"
            " WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            (lat - span, lat + span, lon - 2 * span, lon + 2 * span),
        )
        .fetchall()
    )
    best: tuple[float, str] | None = None
    for code, clat, clon in rows:
        km = great_circle_km((lat, lon), (float(clat), float(clon)))
        if km <= _NEAREST_KM and (best is None or km < best[0]):
            best = (km, str(code))
    return best[1] if best else None
