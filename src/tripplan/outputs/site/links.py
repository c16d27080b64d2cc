"""The links a phone follows: addresses of the site, tap-to-call numbers, maps."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from tripplan.format.datums import wgs84_to_gcj02
from tripplan.format.model import Itinerary
from tripplan.geo.places import country_of

Point = tuple[float, float]  # WGS-84 (lat, lon)

# The number a phone can dial: a leading +, then digits and the usual separators; what
# follows ("ext. 12", "(front desk)") is not part of it.
_DIALLABLE = re.compile(r"\s*(\+?[0-9][0-9 ()./-]*[0-9])")


def tel(phone: str | None) -> str | None:
    """A tel: URI (RFC 3966) for `phone`, or None when it holds no number to dial."""
    if not phone:
        return None
    match = _DIALLABLE.match(phone)
    if match is None:
        return None
    digits = re.sub(r"[^0-9+]", "", match.group(1))
    return f"tel:{digits}" if len(digits.lstrip("+")) >= 3 else None


def mailto(email: str | None) -> str | None:
    if not email or "@" not in email or any(c.isspace() for c in email.strip()):
        return None
    return "mailto:" + quote(email.strip(), safe="@.+-_")


def map_link(itinerary: Itinerary, venue_id: str) -> str | None:
    """A map of the venue that opens on a phone where the delegation is (see `map_of`)."""
    venue = itinerary.venues.get(venue_id)
    if venue is None:
        return None
    where = country_of(venue.country, venue.city, itinerary.trip.timezone)
    return map_of(
        venue.name_local or venue.name, venue.address, venue.city, where, itinerary.point(venue_id)
    )


def map_of(
    name: str, address: str | None, city: str | None, country: str | None, point: Point | None
) -> str:
    """A map of a place that opens on a phone where it is.

    On the mainland (`country` CN), Amap (Google Maps does not load there), with the
    point converted to GCJ-02 as Amap expects; elsewhere Google Maps. At the place's
    WGS-84 `point` when it is known, else a search for its name and address.
    """
    words = " ".join(p for p in (name, address) if p)
    if country == "CN":
        if point is not None:
            lat, lon = wgs84_to_gcj02(*point)
            return "https://uri.amap.com/marker?" + urlencode(
                {
                    "position": f"{lon:.6f},{lat:.6f}",
                    "name": name,
                    "coordinate": "gaode",
                    "callnative": "1",
                }
            )
        query = {"keyword": words, "callnative": "1"}
        if city:
            query["city"] = city
        return "https://uri.amap.com/search?" + urlencode(query)
    text = f"{point[0]:.6f},{point[1]:.6f}" if point is not None else words
    return "https://www.google.com/maps/search/?" + urlencode({"api": "1", "query": text})


def absolute(base: str | None, path: str) -> str | None:
    """The address of `path` on the site published at `base`, if it is known."""
    if not base:
        return None
    return base.rstrip("/") + "/" + path


def webcal(url: str | None) -> str | None:
    """The webcal:// form of an http(s) address: it opens the subscribe dialog of Apple
    Calendar and classic Outlook (Outlook on the web and Google want https)."""
    if url is None:
        return None
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url.removeprefix(scheme)
    return None
