"""Which country a place is in, from what an itinerary says about it.

Used to choose the public holidays that apply to an event. The time zone alone cannot
tell Hong Kong or Macao from the mainland when a trip's zone is Asia/Shanghai, so the
venue's own `country`, then its city, come first.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from tripplan.format.zone_tables import country_names, zone_countries

# The regions that share UTC+8 with the mainland but keep their own holidays. A full
# city gazetteer (the geocoding issue) will generalise this.
_CITY_COUNTRY = {
    "hong kong": "HK",
    "香港": "HK",
    "macau": "MO",
    "macao": "MO",
    "澳門": "MO",
    "澳门": "MO",
}


def country_of(country: str | None, city: str | None, zone: ZoneInfo) -> str | None:
    """ISO 3166 code: the venue's country, else its city's, else its time zone's."""
    if country:
        return country
    if city and city.strip().lower() in _CITY_COUNTRY:
        return _CITY_COUNTRY[city.strip().lower()]
    return zone_countries().get(zone.key)


def country_name(code: str) -> str:
    if code == "CN":
        return "mainland China"  # the distinction staff care about: HK and MO differ
    return country_names().get(code, code)
